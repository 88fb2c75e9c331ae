//! Reduces a User-Agent string to what the report needs and nothing more: browser
//! family, major version and OS family. The page uses it on `navigator.userAgent`,
//! the server on the request header; the raw string is never stored.

use serde::{Deserialize, Serialize};

/// A browser family, as read from a User-Agent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BrowserFamily {
    /// Chrome, including headless Chrome, Chrome on iOS and Chromium builds that say
    /// only `Chrome/`.
    Chrome,
    /// Firefox, including Firefox on iOS.
    Firefox,
    /// Microsoft Edge (Chromium), on desktop and Android.
    Edge,
    /// Opera (Chromium).
    Opera,
    /// Safari, or another WebKit browser that says only `Safari/`; version from
    /// `Version/`.
    Safari,
    /// Anything else; no version is read.
    Other,
}

impl BrowserFamily {
    /// The family's name in the report; "Unknown browser" for [`BrowserFamily::Other`].
    pub fn label(self) -> &'static str {
        match self {
            BrowserFamily::Chrome => "Chrome",
            BrowserFamily::Firefox => "Firefox",
            BrowserFamily::Edge => "Edge",
            BrowserFamily::Opera => "Opera",
            BrowserFamily::Safari => "Safari",
            BrowserFamily::Other => "Unknown browser",
        }
    }
}

/// An operating system family, as read from a User-Agent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OsFamily {
    /// Windows.
    Windows,
    /// macOS.
    MacOs,
    /// Linux and other X11 systems.
    Linux,
    /// ChromeOS.
    ChromeOs,
    /// Android.
    Android,
    /// iOS or iPadOS (an iPhone or iPad in the User-Agent).
    Ios,
    /// Anything else.
    Other,
}

impl OsFamily {
    /// The OS's name in the report; "unknown OS" for [`OsFamily::Other`].
    pub fn label(self) -> &'static str {
        match self {
            OsFamily::Windows => "Windows",
            OsFamily::MacOs => "macOS",
            OsFamily::Linux => "Linux",
            OsFamily::ChromeOs => "ChromeOS",
            OsFamily::Android => "Android",
            OsFamily::Ios => "iOS",
            OsFamily::Other => "unknown OS",
        }
    }
}

/// The anonymised view of a User-Agent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UaSummary {
    /// Browser family.
    pub family: BrowserFamily,
    /// Major version of the browser; `None` when the User-Agent gives none.
    pub major: Option<u32>,
    /// Operating system family.
    pub os: OsFamily,
}

impl UaSummary {
    /// "Chrome 131 on Windows" as a message, for any reader's language (the page's
    /// browser line, the verdict's): browser and system names stay as they are.
    pub fn text(&self) -> crate::text::Text {
        use crate::text::Text;
        let browser = match self.family {
            BrowserFamily::Other => Text::new("probe-browser-unknown-browser"),
            family => Text::Plain(family.label().to_string()),
        };
        let os = match self.os {
            OsFamily::Other => Text::new("probe-browser-unknown-os"),
            os => Text::Plain(os.label().to_string()),
        };
        match self.major {
            Some(major) => Text::new("probe-browser-ua").text("browser", browser).data("major", major).text("os", os),
            None => Text::new("probe-browser-ua-no-version").text("browser", browser).text("os", os),
        }
    }

    /// "Chrome 131 on Windows", or without the version when it is unknown (English).
    pub fn label(&self) -> String {
        match self.major {
            Some(major) => format!("{} {} on {}", self.family.label(), major, self.os.label()),
            None => format!("{} on {}", self.family.label(), self.os.label()),
        }
    }
}

/// Major version following `token` (e.g. `Firefox/` in `Firefox/128.0`).
fn major_after(ua: &str, token: &str) -> Option<u32> {
    let start = ua.find(token)? + token.len();
    let digits: String = ua[start..].chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

/// Parses a User-Agent string. Order matters: Edge and Opera also say "Chrome", and
/// Chrome also says "Safari".
pub fn parse(ua: &str) -> UaSummary {
    let browsers: [(&str, BrowserFamily); 8] = [
        ("Edg/", BrowserFamily::Edge),
        ("EdgA/", BrowserFamily::Edge),
        ("OPR/", BrowserFamily::Opera),
        ("Firefox/", BrowserFamily::Firefox),
        ("FxiOS/", BrowserFamily::Firefox),
        ("CriOS/", BrowserFamily::Chrome),
        ("HeadlessChrome/", BrowserFamily::Chrome),
        ("Chrome/", BrowserFamily::Chrome),
    ];
    let (family, major) = browsers
        .iter()
        .find(|(token, _)| ua.contains(token))
        .map(|(token, family)| (*family, major_after(ua, token)))
        .unwrap_or_else(|| {
            if ua.contains("Safari/") {
                (BrowserFamily::Safari, major_after(ua, "Version/"))
            } else {
                (BrowserFamily::Other, None)
            }
        });
    let os = if ua.contains("Windows") {
        OsFamily::Windows
    } else if ua.contains("iPhone") || ua.contains("iPad") {
        OsFamily::Ios
    } else if ua.contains("Android") {
        OsFamily::Android
    } else if ua.contains("CrOS") {
        OsFamily::ChromeOs
    } else if ua.contains("Mac OS X") || ua.contains("Macintosh") {
        OsFamily::MacOs
    } else if ua.contains("Linux") || ua.contains("X11") {
        OsFamily::Linux
    } else {
        OsFamily::Other
    };
    UaSummary { family, major, os }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(ua: &str, family: BrowserFamily, major: Option<u32>, os: OsFamily) {
        assert_eq!(parse(ua), UaSummary { family, major, os }, "{ua}");
    }

    #[test]
    fn recognises_desktop_chrome_and_firefox() {
        check(
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
            BrowserFamily::Chrome,
            Some(131),
            OsFamily::Windows,
        );
        check(
            "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
            BrowserFamily::Firefox,
            Some(128),
            OsFamily::Linux,
        );
        check(
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36",
            BrowserFamily::Chrome,
            Some(156),
            OsFamily::Linux,
        );
    }

    #[test]
    fn chromium_derivatives_are_not_chrome() {
        check(
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.2903.86",
            BrowserFamily::Edge,
            Some(131),
            OsFamily::Windows,
        );
        check(
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36 OPR/115.0.0.0",
            BrowserFamily::Opera,
            Some(115),
            OsFamily::MacOs,
        );
    }

    #[test]
    fn safari_reads_version_token() {
        check(
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
            BrowserFamily::Safari,
            Some(17),
            OsFamily::Ios,
        );
    }

    #[test]
    fn garbage_is_other_without_version() {
        check("curl/8.5.0", BrowserFamily::Other, None, OsFamily::Other);
        check("", BrowserFamily::Other, None, OsFamily::Other);
        check("Firefox/", BrowserFamily::Firefox, None, OsFamily::Other);
    }
}
