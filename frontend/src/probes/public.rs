//! Whether every path of the run left through one public address: the server
//! recorded, under this page's probe token, the address of its WebSocket, of its TURN
//! allocations and of its probes to the sampled UDP ports; this last request adds
//! HTTPS. Only anonymised ids come back, with the NAT mapping and the TLS handshake
//! the server's listeners saw. Runs last, once every probe has been seen.

use callready_common::probes::path::describe_paths;
use callready_common::probes::RunResults;
use callready_common::verdict::CheckId;
use futures::future::LocalBoxFuture;

use super::{Figure, Outcome, Probe, ProbeContext, Progress, ReportContext};

pub const PROBE: Probe = Probe {
    title: "One public address",
    checks: &[CheckId::PublicAddress],
    run: begin,
    figures,
    alongside_previous: false,
};

fn figures(r: &RunResults, _: &ReportContext) -> Vec<Figure> {
    let Some(public) = &r.public else { return Vec::new() };
    public
        .by_address()
        .into_iter()
        .map(|(address, vias)| (format!("Public address {address}"), describe_paths(&vias)))
        .collect()
}

fn begin<'a>(ctx: &'a ProbeContext, progress: Progress<'a>) -> LocalBoxFuture<'a, Outcome> {
    Box::pin(async move {
        let token = &ctx.config.probe_token;
        if token.is_empty() {
            return Outcome::NotOffered;
        }
        progress("asking the server".into());
        let Ok(heard) = crate::api::probe_heard(token).await else {
            return Outcome::Done("the server could not be asked".into());
        };
        let summary = match heard.public.distinct {
            0 | 1 => "one public address".to_string(),
            n => format!("{n} public addresses"),
        };
        let mut reports = ctx.reports.borrow_mut();
        reports.public = Some(heard.public);
        reports.nat = heard.nat;
        if let Some(tls) = reports.tls.as_mut() {
            tls.hello = heard.tls;
        }
        Outcome::Done(summary)
    })
}
