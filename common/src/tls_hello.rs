//! TLS ClientHello fingerprints: what a TLS listener of CallReady's own can tell of
//! the client that connected. Browsers' TLS stacks leave distinct marks: Chromium's
//! BoringSSL sends GREASE values (RFC 8701) and the ALPS extension and shuffles its
//! extensions; Firefox's NSS sends no GREASE but `delegated_credentials` and
//! `record_size_limit`. A ClientHello whose family differs from the browser the page
//! says it runs in was written by something else on the way: a device that
//! decrypts TLS. An unknown browser family is never judged ("not determined").

use serde::{Deserialize, Serialize};

use crate::text::Text;
use crate::ua::{BrowserFamily, OsFamily, UaSummary};

/// The TLS stack a ClientHello comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TlsFamily {
    /// BoringSSL: Chrome, Edge and other Chromium browsers.
    Chromium,
    /// NSS: Firefox.
    Firefox,
    /// Anything else: OpenSSL (curl), rustls, Go, a proxy's own stack.
    Other,
}

impl TlsFamily {
    /// The stack in words ("Chromium's BoringSSL").
    pub fn label(self) -> &'static str {
        match self {
            TlsFamily::Chromium => "Chromium's BoringSSL",
            TlsFamily::Firefox => "Firefox's NSS",
            TlsFamily::Other => "a TLS stack no browser uses",
        }
    }
}

/// What a ClientHello shows, in a short JA4-like summary and its family.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HelloSummary {
    /// "TLS 1.3, 16 ciphers, 19 extensions, GREASE, ALPN h2".
    pub summary: String,
    /// The stack it comes from.
    pub family: TlsFamily,
}

impl HelloSummary {
    /// The summary in any language ("TLS 1.3, 15 suites de chiffrement, 17
    /// extensions, GREASE"). It is read back from [`HelloSummary::summary`], which this
    /// module writes and runs store; a summary it cannot read shows as it is.
    pub fn text(&self) -> Text {
        let mut parts = self.summary.split(", ");
        let (Some(version), Some(ciphers), Some(extensions)) = (parts.next(), parts.next(), parts.next()) else {
            return Text::Plain(self.summary.clone());
        };
        let count = |part: &str, unit: &str| part.strip_suffix(unit).and_then(|n| n.parse::<u64>().ok());
        let (Some(ciphers), Some(extensions)) = (count(ciphers, " ciphers"), count(extensions, " extensions")) else {
            return Text::Plain(self.summary.clone());
        };
        // GREASE and ALPN are protocol names, the same in every language.
        let rest: String = parts.map(|part| format!(", {part}")).collect();
        Text::new("tls-hello")
            .data("version", version)
            .count("ciphers", ciphers)
            .count("extensions", extensions)
            .data("rest", rest)
    }
}

/// GREASE values (RFC 8701): 0x?A?A with both bytes equal.
fn grease(value: u16) -> bool {
    value & 0x0f0f == 0x0a0a && value >> 8 == value & 0xff
}

const EXT_SUPPORTED_VERSIONS: u16 = 43;
const EXT_ALPN: u16 = 16;
const EXT_DELEGATED_CREDENTIALS: u16 = 34;
const EXT_RECORD_SIZE_LIMIT: u16 = 28;
/// ALPS, old and new code points (BoringSSL only).
const EXT_ALPS: [u16; 2] = [17513, 17613];

/// What tells one browser's TLS stack from the others in its ClientHello.
struct StackMarks {
    family: TlsFamily,
    /// Whether it sends GREASE values (RFC 8701) among its ciphers and extensions.
    grease: bool,
    /// Extensions it always sends, all of them.
    all_of: &'static [u16],
    /// Extensions of which it sends at least one (empty: no such condition).
    one_of: &'static [u16],
}

impl StackMarks {
    fn matches(&self, greased: bool, extensions: &[u16]) -> bool {
        greased == self.grease
            && self.all_of.iter().all(|e| extensions.contains(e))
            && (self.one_of.is_empty() || self.one_of.iter().any(|e| extensions.contains(e)))
    }
}

/// The browser stacks CallReady knows, checked on captured ClientHellos (`testdata/`):
/// BoringSSL greases and sends ALPS; NSS never greases and sends delegated
/// credentials and a record size limit. A hello matching neither is "other".
const KNOWN_STACKS: [StackMarks; 2] = [
    StackMarks { family: TlsFamily::Chromium, grease: true, all_of: &[], one_of: &EXT_ALPS },
    StackMarks {
        family: TlsFamily::Firefox,
        grease: false,
        all_of: &[EXT_DELEGATED_CREDENTIALS, EXT_RECORD_SIZE_LIMIT],
        one_of: &[],
    },
];

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let slice = self.bytes.get(self.at..self.at.checked_add(n)?)?;
        self.at += n;
        Some(slice)
    }

    fn u8(&mut self) -> Option<usize> {
        self.take(1).map(|b| usize::from(b[0]))
    }

    fn u16(&mut self) -> Option<u16> {
        self.take(2).map(|b| u16::from_be_bytes([b[0], b[1]]))
    }

    fn u24(&mut self) -> Option<usize> {
        self.take(3).map(|b| usize::from(b[0]) << 16 | usize::from(b[1]) << 8 | usize::from(b[2]))
    }
}

/// Summarises the first TLS record a client sent, if it holds a whole ClientHello.
pub fn summarise(record: &[u8]) -> Option<HelloSummary> {
    let mut r = Reader { bytes: record, at: 0 };
    if r.u8()? != 0x16 {
        return None;
    }
    r.take(2)?; // record version
    let length = usize::from(r.u16()?);
    let mut h = Reader { bytes: r.take(length)?, at: 0 };
    if h.u8()? != 1 {
        return None;
    }
    let body = h.u24()?;
    let mut b = Reader { bytes: h.take(body)?, at: 0 };
    b.take(2 + 32)?; // legacy version, random
    let session = b.u8()?;
    b.take(session)?;
    let cipher_bytes = usize::from(b.u16()?);
    let ciphers: Vec<u16> = b.take(cipher_bytes)?.chunks_exact(2).map(|c| u16::from_be_bytes([c[0], c[1]])).collect();
    let compression = b.u8()?;
    b.take(compression)?;
    let ext_bytes = usize::from(b.u16()?);
    let mut e = Reader { bytes: b.take(ext_bytes)?, at: 0 };
    let mut extensions = Vec::new();
    let mut alpn = None;
    let mut tls13 = false;
    while e.at < e.bytes.len() {
        let kind = e.u16()?;
        let len = usize::from(e.u16()?);
        let data = e.take(len)?;
        match kind {
            EXT_ALPN => {
                // list length (2), then the first protocol: length (1) and name.
                let first = data.get(2..)?;
                let n = usize::from(*first.first()?);
                alpn = first.get(1..1 + n).map(|p| String::from_utf8_lossy(p).into_owned());
            }
            EXT_SUPPORTED_VERSIONS => {
                tls13 = data.get(1..).is_some_and(|v| v.chunks_exact(2).any(|c| c == [3, 4]));
            }
            _ => {}
        }
        extensions.push(kind);
    }
    let greased = ciphers.iter().chain(extensions.iter()).any(|v| grease(*v));
    let family = KNOWN_STACKS
        .iter()
        .find(|stack| stack.matches(greased, &extensions))
        .map(|stack| stack.family)
        .unwrap_or(TlsFamily::Other);
    let real_ciphers = ciphers.iter().filter(|c| !grease(**c)).count();
    let real_extensions = extensions.iter().filter(|e| !grease(**e)).count();
    let mut summary =
        format!("{}, {real_ciphers} ciphers, {real_extensions} extensions", if tls13 { "TLS 1.3" } else { "TLS 1.2" });
    if greased {
        summary.push_str(", GREASE");
    }
    if let Some(alpn) = alpn {
        summary.push_str(&format!(
            ", ALPN {}",
            alpn.chars().filter(|c| c.is_ascii_graphic()).take(16).collect::<String>()
        ));
    }
    Some(HelloSummary { summary, family })
}

/// What the browser a page says it runs in should send, when that is known. On iOS
/// every browser uses Apple's TLS stack, whatever its name: not determined.
pub fn expected_family(claimed: &UaSummary) -> Option<TlsFamily> {
    if claimed.os == OsFamily::Ios {
        return None;
    }
    match claimed.family {
        BrowserFamily::Chrome | BrowserFamily::Edge | BrowserFamily::Opera => Some(TlsFamily::Chromium),
        BrowserFamily::Firefox => Some(TlsFamily::Firefox),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hello(hex: &str) -> Vec<u8> {
        let hex = hex.trim();
        (0..hex.len()).step_by(2).map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap()).collect()
    }

    #[test]
    fn chromium_s_hello_is_boringssl() {
        let seen = summarise(&hello(include_str!("../testdata/clienthello-chromium-156.hex"))).unwrap();
        assert_eq!(seen.family, TlsFamily::Chromium, "{seen:?}");
        assert!(seen.summary.starts_with("TLS 1.3, 15 ciphers, 17 extensions, GREASE"), "{}", seen.summary);
        assert_eq!(seen.text().english(), seen.summary, "English reads as stored");
        assert!(
            seen.text().render(crate::i18n::Lang::Ru).starts_with("TLS 1.3, 15 шифров, 17 расширений, GREASE"),
            "{}",
            seen.text().render(crate::i18n::Lang::Ru)
        );
        let odd = HelloSummary { summary: "TLS 1.3, many ciphers".into(), family: TlsFamily::Other };
        assert_eq!(odd.text(), Text::Plain("TLS 1.3, many ciphers".into()), "a summary it cannot read shows as it is");
    }

    #[test]
    fn firefox_s_hello_is_nss() {
        let seen = summarise(&hello(include_str!("../testdata/clienthello-firefox-153.hex"))).unwrap();
        assert_eq!(seen.family, TlsFamily::Firefox, "{seen:?}");
        assert!(!seen.summary.contains("GREASE"), "{}", seen.summary);
    }

    #[test]
    fn curl_s_openssl_hello_is_neither_browser() {
        let seen = summarise(&hello(include_str!("../testdata/clienthello-curl-openssl.hex"))).unwrap();
        assert_eq!(seen.family, TlsFamily::Other, "{seen:?}");
    }

    #[test]
    fn a_truncated_or_foreign_record_is_not_summarised() {
        let chromium = hello(include_str!("../testdata/clienthello-chromium-156.hex"));
        for cut in [0, 1, 5, 40, chromium.len() / 2, chromium.len() - 1] {
            assert!(summarise(&chromium[..cut]).is_none(), "cut at {cut}");
        }
        assert!(summarise(b"GET / HTTP/1.1\r\n\r\n").is_none());
    }

    #[test]
    fn only_known_browser_families_are_judged() {
        let ua = |family, os| UaSummary { family, major: Some(150), os };
        assert_eq!(expected_family(&ua(BrowserFamily::Chrome, OsFamily::Windows)), Some(TlsFamily::Chromium));
        assert_eq!(expected_family(&ua(BrowserFamily::Firefox, OsFamily::Linux)), Some(TlsFamily::Firefox));
        assert_eq!(expected_family(&ua(BrowserFamily::Safari, OsFamily::MacOs)), None);
        assert_eq!(expected_family(&ua(BrowserFamily::Chrome, OsFamily::Ios)), None, "WebKit underneath");
    }
}
