//! What stands on the path, as the server sees this page's requests: a web proxy
//! (its headers, whether it changes the page's own) and the TCP segment size, from
//! which the path MTU follows. One `GET /api/whoami`; the server replaces this with
//! what it sees of the request that saves the run.

use callready_common::probes::path::{mtu_range, PathReport};
use callready_common::probes::RunResults;
use callready_common::verdict::CheckId;
use futures::future::LocalBoxFuture;

use super::{Figure, Kind, Outcome, Probe, ProbeContext, Progress, ReportContext};
use crate::browser::random_hex;
use crate::i18n::t;

pub const PROBE: Probe = Probe {
    title_id: "probe-path-title",
    checks: &[CheckId::Proxy, CheckId::PathMtu],
    kind: Kind::Path,
    alongside_previous: false,
};

#[cfg_attr(not(feature = "support-pages"), allow(dead_code))]
pub(super) fn figures(r: &RunResults, _: &ReportContext) -> Vec<Figure> {
    let Some(path) = &r.path else { return Vec::new() };
    let proxy = match &path.proxy {
        Some(p) => crate::t!(
            "figure-proxy-seen",
            proxy = p.product.clone().unwrap_or_else(|| t("figure-proxy-unnamed")),
            headers = p.headers.join(", ")
        ),
        None => t("figure-proxy-none"),
    };
    let mss = match path.mss {
        Some(mss) => {
            let (low, high) = mtu_range(mss, path.ipv6);
            crate::t!("figure-mss-value", mss = mss, low = low, high = high)
        }
        None => t("figure-mss-not-measured"),
    };
    let mut rows = vec![(t("figure-web-proxy"), proxy), (t("figure-tcp-mss"), mss)];
    if path.headers_intact == Some(false) {
        rows.push((t("figure-request-headers"), t("figure-request-headers-changed")));
    }
    rows
}

pub(super) fn begin<'a>(ctx: &'a ProbeContext, progress: Progress<'a>) -> LocalBoxFuture<'a, Outcome> {
    Box::pin(async move {
        progress(t("probe-path-asking"));
        let probe = random_hex(8);
        let Ok(seen) = crate::api::whoami(&probe).await else {
            return Outcome::Done(t("probe-path-not-asked"));
        };
        let summary = summary(&seen.path);
        ctx.reports.borrow_mut().path = Some(seen.path);
        Outcome::Done(summary)
    })
}

fn summary(path: &PathReport) -> String {
    let proxy = match &path.proxy {
        Some(p) => match &p.product {
            Some(product) => crate::t!("probe-path-through-proxy", product = product.clone()),
            None => t("probe-path-through-unnamed-proxy"),
        },
        None => t("probe-path-no-proxy"),
    };
    match path.mss {
        Some(mss) => {
            let (low, high) = mtu_range(mss, path.ipv6);
            crate::t!("probe-path-summary-mtu", proxy = proxy, low = low, high = high)
        }
        None => proxy,
    }
}
