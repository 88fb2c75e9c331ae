//! Browser: Chrome or Firefox, recent enough, with WebRTC, microphone access and
//! WebSocket.

use super::{Check, CheckId, Status};
use crate::probes::RunResults;
use crate::thresholds::Thresholds;
use crate::ua::BrowserFamily;

pub(super) fn check(results: &RunResults, t: &Thresholds) -> Check {
    let b = &results.browser;
    let name = b.ua.label();
    let missing: Vec<&str> = [
        (b.has_rtc_peer_connection, "WebRTC (RTCPeerConnection)"),
        (b.has_get_user_media, "microphone access (getUserMedia)"),
        (b.has_websocket, "WebSocket"),
    ]
    .iter()
    .filter(|(present, _)| !present)
    .map(|(_, what)| *what)
    .collect();
    if !missing.is_empty() {
        return Check::new(
            CheckId::Browser,
            Status::Fail,
            format!("{name} lacks {}: it cannot place calls.", missing.join(", ")),
            Some("Use an up-to-date Google Chrome or Mozilla Firefox. If it is already one, ask IT whether a policy disables WebRTC or microphone access."),
        );
    }
    let minimum = match b.ua.family {
        BrowserFamily::Chrome => Some(t.min_chrome_major),
        BrowserFamily::Firefox => Some(t.min_firefox_major),
        _ => None,
    };
    match (minimum, b.ua.major) {
        (None, _) => Check::new(
            CheckId::Browser,
            Status::Warn,
            format!(
                "{name}: calling platforms support Chrome and Firefox; other browsers need the vendor's validation."
            ),
            Some("Use Google Chrome or Mozilla Firefox for calls."),
        ),
        (Some(min), Some(major)) if major < min => Check::new(
            CheckId::Browser,
            Status::Warn,
            format!("{name} is older than version {min}."),
            Some("Update the browser (Help > About) and restart it."),
        ),
        _ => Check::new(
            CheckId::Browser,
            Status::Pass,
            format!("{name}, with WebRTC, microphone access and WebSocket."),
            None,
        ),
    }
}

#[cfg(test)]
mod tests {
    use crate::ua::{BrowserFamily, OsFamily, UaSummary};
    use crate::verdict::fixtures::{healthy_run, status_of};
    use crate::verdict::{CheckId, Status};

    #[test]
    fn other_browsers_and_old_versions_warn_missing_apis_fail() {
        let mut run = healthy_run();
        run.browser.ua.family = BrowserFamily::Edge;
        assert_eq!(status_of(&run, CheckId::Browser).status, Status::Warn);
        run.browser.ua = UaSummary { family: BrowserFamily::Firefox, major: Some(100), os: OsFamily::Linux };
        assert_eq!(status_of(&run, CheckId::Browser).status, Status::Warn);
        run.browser.has_rtc_peer_connection = false;
        assert_eq!(status_of(&run, CheckId::Browser).status, Status::Fail);
    }
}
