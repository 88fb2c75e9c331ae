//! NAT mapping behaviour: one peer connection (one local UDP socket) sends a TURN
//! request to two of the server's NAT probe ports under the page's probe token; the
//! server compares the public address and port each came from, and the last probe
//! (`public`) reads the answer back. Runs alongside the ICE probes.

use callready_common::probes::path::NatMapping;
use callready_common::probes::platform::UDP_SAMPLE_MS;
use callready_common::probes::RunResults;
use callready_common::verdict::CheckId;
use futures::future::LocalBoxFuture;

use super::{Figure, Kind, Outcome, Probe, ProbeContext, Progress, ReportContext};
use crate::browser::bracketed;
use crate::browser::rtc::{Gathering, ServerSpec};
use crate::browser::time::now_ms;
use crate::i18n::t;

pub const PROBE: Probe =
    Probe { title_id: "probe-nat-title", checks: &[CheckId::NatBehaviour], kind: Kind::Nat, alongside_previous: true };

#[cfg_attr(not(feature = "support-pages"), allow(dead_code))]
pub(super) fn figures(r: &RunResults, _: &ReportContext) -> Vec<Figure> {
    let Some(mapping) = r.nat else { return Vec::new() };
    let text = match mapping {
        NatMapping::EndpointIndependent => t("figure-nat-endpoint-independent"),
        NatMapping::PortDependent => t("figure-nat-port-dependent"),
        NatMapping::AddressDependent => t("figure-nat-address-dependent"),
    };
    vec![(t("figure-nat-mapping"), text)]
}

pub(super) fn begin<'a>(ctx: &'a ProbeContext, progress: Progress<'a>) -> LocalBoxFuture<'a, Outcome> {
    Box::pin(async move {
        let (Some(plan), token) = (&ctx.config.nat_probe, &ctx.config.probe_token) else {
            return Outcome::NotOffered;
        };
        if token.is_empty() || plan.ports.len() < 2 {
            return Outcome::NotOffered;
        }
        progress(t("probe-nat-progress"));
        let host = bracketed(&plan.host);
        let urls: Vec<String> = plan.ports.iter().map(|port| format!("turn:{host}:{port}?transport=udp")).collect();
        let server = ServerSpec { urls: &urls, username: Some(token), credential: Some("probe") };
        let Ok(mut gathering) = Gathering::start(server, true).await else {
            return Outcome::Done(t("probe-nat-webrtc-refused"));
        };
        // The server sees both requests within a round trip or two; the browser is
        // done with both servers once they refused to allocate.
        gathering.finish_by(now_ms() + f64::from(UDP_SAMPLE_MS)).await;
        Outcome::Done(t("probe-nat-probed"))
    })
}
