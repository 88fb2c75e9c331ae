//! What stands on the path, as the server sees this page's requests: a web proxy
//! (its headers, whether it changes the page's own) and the TCP segment size, from
//! which the path MTU follows. One `GET /api/whoami`; the server replaces this with
//! what it sees of the request that saves the run.

use callready_common::probes::path::{mtu_range, PathReport};
use callready_common::probes::RunResults;
use callready_common::verdict::CheckId;
use futures::future::LocalBoxFuture;

use super::{Figure, Outcome, Probe, ProbeContext, Progress, ReportContext};
use crate::browser::random_hex;

pub const PROBE: Probe = Probe {
    title: "Proxy and path MTU",
    checks: &[CheckId::Proxy, CheckId::PathMtu],
    run: begin,
    figures,
    alongside_previous: false,
};

fn figures(r: &RunResults, _: &ReportContext) -> Vec<Figure> {
    let Some(path) = &r.path else { return Vec::new() };
    let proxy = match &path.proxy {
        Some(p) => format!("{} (headers: {})", p.product.as_deref().unwrap_or("unnamed"), p.headers.join(", ")),
        None => "none seen".into(),
    };
    let mss = match path.mss {
        Some(mss) => {
            let (low, high) = mtu_range(mss, path.ipv6);
            format!("{mss} bytes (MTU {low}–{high})")
        }
        None => "not measured".into(),
    };
    let mut rows = vec![("Web proxy (server's view)".into(), proxy), ("TCP MSS (server's view)".into(), mss)];
    if path.headers_intact == Some(false) {
        rows.push(("Request headers".into(), "changed on the way".into()));
    }
    rows
}

fn begin<'a>(ctx: &'a ProbeContext, progress: Progress<'a>) -> LocalBoxFuture<'a, Outcome> {
    Box::pin(async move {
        progress("asking the server what it sees".into());
        let probe = random_hex(8);
        let Ok(seen) = crate::api::whoami(&probe).await else {
            return Outcome::Done("the server could not be asked".into());
        };
        let summary = summary(&seen.path);
        ctx.reports.borrow_mut().path = Some(seen.path);
        Outcome::Done(summary)
    })
}

fn summary(path: &PathReport) -> String {
    let proxy = match &path.proxy {
        Some(p) => format!("through {}", p.name()),
        None => "no proxy seen".into(),
    };
    match path.mss {
        Some(mss) => format!("{proxy}; MTU {}–{}", mtu_range(mss, path.ipv6).0, mtu_range(mss, path.ipv6).1),
        None => proxy,
    }
}
