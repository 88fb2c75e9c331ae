//! Whether every path of the run left through one public address: the server
//! recorded, under this page's probe token, the address of its WebSocket, of its TURN
//! allocations and of its probes to the sampled UDP ports; this last request adds
//! HTTPS. Only anonymised ids come back, with the NAT mapping and the TLS handshake
//! the server's listeners saw. Runs last, once every probe has been seen.

use callready_common::probes::RunResults;
use callready_common::verdict::CheckId;
use futures::future::LocalBoxFuture;

use super::{Figure, Kind, Outcome, Probe, ProbeContext, Progress, ReportContext};
use crate::i18n::t;

pub const PROBE: Probe = Probe {
    title_id: "probe-public-title",
    checks: &[CheckId::PublicAddress],
    kind: Kind::Public,
    alongside_previous: false,
};

#[cfg_attr(not(feature = "support-pages"), allow(dead_code))]
pub(super) fn figures(r: &RunResults, _: &ReportContext) -> Vec<Figure> {
    let Some(public) = &r.public else { return Vec::new() };
    public
        .by_address()
        .into_iter()
        .map(|(address, vias)| (crate::t!("figure-public-address", address = address), describe_paths(&vias)))
        .collect()
}

/// The paths of one address ("HTTPS, WebSocket, TURN, UDP to 18 ports"), as
/// [`callready_common::probes::path::describe_paths`] writes them, in the page's language.
fn describe_paths(vias: &[String]) -> String {
    let is_udp = |via: &&String| via.starts_with("UDP ");
    let udp = vias.iter().filter(is_udp).count();
    let mut named: Vec<String> = vias.iter().filter(|v| !is_udp(v)).cloned().collect();
    match udp {
        0 => {}
        1 => named.extend(vias.iter().filter(is_udp).cloned()),
        n => named.push(crate::t!("figure-public-udp-ports", count = n)),
    }
    named.join(", ")
}

pub(super) fn begin<'a>(ctx: &'a ProbeContext, progress: Progress<'a>) -> LocalBoxFuture<'a, Outcome> {
    Box::pin(async move {
        let token = &ctx.config.probe_token;
        if token.is_empty() {
            return Outcome::NotOffered;
        }
        progress(t("probe-public-asking"));
        let Ok(heard) = crate::api::probe_heard(token).await else {
            return Outcome::Done(t("probe-public-not-asked"));
        };
        let summary = crate::t!("probe-public-summary", count = heard.public.distinct.max(1));
        let mut reports = ctx.reports.borrow_mut();
        reports.public = Some(heard.public);
        reports.nat = heard.nat;
        if let Some(tls) = reports.tls.as_mut() {
            tls.hello = heard.tls;
        }
        Outcome::Done(summary)
    })
}
