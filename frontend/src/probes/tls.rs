//! TLS inspection: one `no-cors` fetch of `/api/tls-probe/<token>` on the server's
//! own TLS listener. The listener keeps the ClientHello that reached it under the
//! page's probe token; the last probe (`public`) reads it back, and the verdict
//! compares its stack with the browser the page runs in. Nothing of the answer is
//! read here: a device that decrypts TLS answers the fetch as well as the server.

use callready_common::api::TLS_PROBE_PATH;
use callready_common::probes::path::TlsReport;
use callready_common::probes::platform::REACH_TIMEOUT_MS;
use callready_common::probes::RunResults;
use callready_common::tls_hello::TlsFamily;
use callready_common::verdict::CheckId;
use futures::future::LocalBoxFuture;

use super::{Figure, Kind, Outcome, Probe, ProbeContext, Progress, ReportContext};
use crate::browser::http::{reach, HttpError};
use crate::i18n::{lang, t};

pub const PROBE: Probe =
    Probe { title_id: "probe-tls-title", checks: &[CheckId::TlsInspection], kind: Kind::Tls, alongside_previous: true };

#[cfg_attr(not(feature = "support-pages"), allow(dead_code))]
pub(super) fn figures(r: &RunResults, _: &ReportContext) -> Vec<Figure> {
    let Some(tls) = &r.tls else { return Vec::new() };
    let seen = match &tls.hello {
        Some(hello) => {
            let family = match hello.family {
                TlsFamily::Chromium => t("figure-tls-family-chromium"),
                TlsFamily::Firefox => t("figure-tls-family-firefox"),
                TlsFamily::Other => t("figure-tls-family-other"),
            };
            format!("{family} ({})", hello.text().render(lang()))
        }
        None => t("figure-tls-none"),
    };
    vec![(crate::t!("figure-tls-handshake", port = tls.port.to_string()), seen)]
}

pub(super) fn begin<'a>(ctx: &'a ProbeContext, progress: Progress<'a>) -> LocalBoxFuture<'a, Outcome> {
    Box::pin(async move {
        let (Some(plan), token) = (&ctx.config.tls_probe, &ctx.config.probe_token) else {
            return Outcome::NotOffered;
        };
        if token.is_empty() {
            return Outcome::NotOffered;
        }
        let port = plan.origin.rsplit(':').next().and_then(|p| p.parse().ok()).unwrap_or(443);
        // What the page knows before the server says; the server's view replaces it.
        ctx.reports.borrow_mut().tls = Some(TlsReport { port, self_signed: plan.self_signed, hello: None });
        if plan.self_signed {
            return Outcome::Done(t("probe-tls-self-signed"));
        }
        progress(t("probe-tls-progress"));
        match reach(&format!("{}{TLS_PROBE_PATH}{token}", plan.origin), REACH_TIMEOUT_MS).await {
            Ok(()) => Outcome::Done(t("probe-tls-probed")),
            Err(HttpError::Timeout) => Outcome::Done(crate::t!("probe-tls-no-answer", port = port.to_string())),
            Err(_) => Outcome::Done(crate::t!("probe-tls-refused", port = port.to_string())),
        }
    })
}
