//! Browser probe: family and version (from the User-Agent, reduced to family, major
//! and OS before it leaves this function), the APIs calls need, memory and cores.

use callready_common::probes::browser::BrowserReport;
use callready_common::ua::{self, UaSummary};
use callready_common::verdict::CheckId;
use futures::future::LocalBoxFuture;
use wasm_bindgen::JsValue;

use super::{Kind, Outcome, Probe, ProbeContext, Progress};
use crate::browser::{property, window};
use crate::i18n::{num, t};

pub const PROBE: Probe = Probe {
    title_id: "probe-browser-title",
    checks: &[CheckId::Browser, CheckId::Computer],
    kind: Kind::Browser,
    alongside_previous: false,
};

pub(super) fn begin<'a>(ctx: &'a ProbeContext, _progress: Progress<'a>) -> LocalBoxFuture<'a, Outcome> {
    Box::pin(async move {
        let report = measure();
        let memory = match report.device_memory_gb {
            Some(gb) => crate::t!("probe-browser-memory", gb = num(gb, decimals_of(gb))),
            None => t("probe-browser-memory-unknown"),
        };
        let row = format!("{}, {memory}", ua_label(&report.ua));
        ctx.reports.borrow_mut().browser = Some(report);
        Outcome::Done(row)
    })
}

/// "Chrome 131 on Windows" (or without the version when it is unknown), in the
/// page's language: browser and system names are kept as they are.
pub fn ua_label(ua: &UaSummary) -> String {
    ua.text().render(crate::i18n::lang())
}

/// The digits after the point `value` is written with ("0.25" has 2, "8" none).
fn decimals_of(value: f64) -> usize {
    value.to_string().split_once('.').map_or(0, |(_, fraction)| fraction.len())
}

pub fn measure() -> BrowserReport {
    let window = window();
    let navigator = window.navigator();
    let global: &JsValue = window.as_ref();
    let nav: &JsValue = navigator.as_ref();
    let has_get_user_media =
        property(nav, "mediaDevices").is_some_and(|devices| property(&devices, "getUserMedia").is_some());
    BrowserReport {
        ua: ua::parse(&navigator.user_agent().unwrap_or_default()),
        has_rtc_peer_connection: property(global, "RTCPeerConnection").is_some(),
        has_get_user_media,
        has_websocket: property(global, "WebSocket").is_some(),
        // Chromium only; other browsers do not say, and we never guess.
        device_memory_gb: property(nav, "deviceMemory").and_then(|v| v.as_f64()),
        hardware_concurrency: property(nav, "hardwareConcurrency")
            .and_then(|v| v.as_f64())
            .filter(|c| *c >= 1.0)
            .map(|c| c as u32),
    }
}
