//! Browser: Chrome or Firefox, recent enough, with WebRTC, microphone access and
//! WebSocket.

use super::{Check, CheckId, Status, Text};
use crate::probes::RunResults;
use crate::thresholds::Thresholds;
use crate::ua::BrowserFamily;

pub(super) fn check(results: &RunResults, t: &Thresholds) -> Check {
    let b = &results.browser;
    let name = b.ua.text();
    let missing: Vec<Text> = [
        (b.has_rtc_peer_connection, "verdict-browser-webrtc"),
        (b.has_get_user_media, "verdict-browser-microphone"),
        (b.has_websocket, "verdict-browser-websocket"),
    ]
    .iter()
    .filter(|(present, _)| !present)
    .map(|(_, what)| Text::new(what))
    .collect();
    // "a, b, c": each item then the rest.
    if let Some(missing) = missing
        .into_iter()
        .rev()
        .reduce(|rest, first| Text::new("verdict-browser-and-more").text("first", first).text("rest", rest))
    {
        return Check::says(
            CheckId::Browser,
            Status::Fail,
            Text::new("verdict-browser-lacks").text("browser", name.clone()).text("missing", missing.clone()),
            Some(Text::new("verdict-browser-lacks-fix")),
        )
        .for_it(Text::new("verdict-browser-lacks-it").text("browser", name).text("missing", missing));
    }
    let minimum = match b.ua.family {
        BrowserFamily::Chrome => Some(t.min_chrome_major),
        BrowserFamily::Firefox => Some(t.min_firefox_major),
        _ => None,
    };
    match (minimum, b.ua.major) {
        (None, _) => Check::says(
            CheckId::Browser,
            Status::Warn,
            Text::new("verdict-browser-unsupported").text("browser", name.clone()),
            Some(Text::new("verdict-browser-unsupported-fix")),
        )
        .for_it(
            Text::new("verdict-browser-unsupported-it")
                .text("browser", name)
                .data("chrome", t.min_chrome_major)
                .data("firefox", t.min_firefox_major),
        ),
        (Some(min), Some(major)) if major < min => Check::says(
            CheckId::Browser,
            Status::Warn,
            Text::new("verdict-browser-old").text("browser", name.clone()).data("version", min),
            Some(Text::new("verdict-browser-old-fix")),
        )
        .for_it(Text::new("verdict-browser-old-it").text("browser", name).data("version", min)),
        _ => Check::says(CheckId::Browser, Status::Pass, Text::new("verdict-browser-ok").text("browser", name), None),
    }
}

#[cfg(test)]
mod tests {
    use crate::i18n::Lang;
    use crate::ua::{BrowserFamily, OsFamily, UaSummary};
    use crate::verdict::fixtures::{healthy_run, status_of};
    use crate::verdict::{CheckId, Status};

    #[test]
    fn other_browsers_and_old_versions_warn_missing_apis_fail() {
        let mut run = healthy_run();
        run.browser.ua.family = BrowserFamily::Edge;
        let other = status_of(&run, CheckId::Browser);
        assert_eq!(other.status, Status::Warn);
        assert_eq!(
            other.summary.english(),
            "Edge 131 on Windows: calling platforms support Chrome and Firefox; other browsers need the vendor's \
             validation."
        );
        run.browser.ua = UaSummary { family: BrowserFamily::Firefox, major: Some(100), os: OsFamily::Linux };
        let old = status_of(&run, CheckId::Browser);
        assert_eq!(
            (old.status, old.summary.english()),
            (Status::Warn, "Firefox 100 on Linux is older than version 115.".into())
        );
        run.browser.has_rtc_peer_connection = false;
        assert_eq!(status_of(&run, CheckId::Browser).status, Status::Fail);
    }

    #[test]
    fn missing_apis_are_listed_and_the_browser_named_as_the_page_names_it() {
        let mut run = healthy_run();
        run.browser.ua = UaSummary { family: BrowserFamily::Other, major: None, os: OsFamily::Other };
        run.browser.has_rtc_peer_connection = false;
        run.browser.has_websocket = false;
        let check = status_of(&run, CheckId::Browser);
        assert_eq!(
            check.summary.english(),
            "Unknown browser on unknown OS lacks WebRTC (RTCPeerConnection), WebSocket: it cannot place calls."
        );
        assert_eq!(
            check.summary.render(Lang::Fr),
            "Navigateur inconnu sous système inconnu\u{a0}: il manque WebRTC (RTCPeerConnection), WebSocket\u{a0}; \
             ce navigateur ne peut pas passer d’appels."
        );
    }
}
