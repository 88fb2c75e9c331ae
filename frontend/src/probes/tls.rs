//! TLS inspection: one `no-cors` fetch of `/api/tls-probe/<token>` on the server's
//! own TLS listener. The listener keeps the ClientHello that reached it under the
//! page's probe token; the last probe (`public`) reads it back, and the verdict
//! compares its stack with the browser the page runs in. Nothing of the answer is
//! read here: a device that decrypts TLS answers the fetch as well as the server.

use callready_common::api::TLS_PROBE_PATH;
use callready_common::probes::path::TlsReport;
use callready_common::probes::platform::REACH_TIMEOUT_MS;
use callready_common::probes::RunResults;
use callready_common::verdict::CheckId;
use futures::future::LocalBoxFuture;

use super::{Figure, Outcome, Probe, ProbeContext, Progress, ReportContext};
use crate::browser::http::{reach, HttpError};

pub const PROBE: Probe =
    Probe { title: "TLS inspection", checks: &[CheckId::TlsInspection], run: begin, figures, alongside_previous: true };

fn figures(r: &RunResults, _: &ReportContext) -> Vec<Figure> {
    let Some(tls) = &r.tls else { return Vec::new() };
    let seen = match &tls.hello {
        Some(hello) => format!("{} ({})", hello.family.label(), hello.summary),
        None => "none received".into(),
    };
    vec![(format!("TLS handshake at the server (port {})", tls.port), seen)]
}

fn begin<'a>(ctx: &'a ProbeContext, progress: Progress<'a>) -> LocalBoxFuture<'a, Outcome> {
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
            return Outcome::Done("not tested: the server's certificate is self-signed".into());
        }
        progress("one HTTPS request to the server's TLS probe".into());
        match reach(&format!("{}{TLS_PROBE_PATH}{token}", plan.origin), REACH_TIMEOUT_MS).await {
            Ok(()) => Outcome::Done("probed; the server compares".into()),
            Err(HttpError::Timeout) => Outcome::Done(format!("port {port}: no answer")),
            Err(_) => Outcome::Done(format!("port {port}: refused or blocked")),
        }
    })
}
