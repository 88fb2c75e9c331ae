//! What support reads, with an account or an API token: the sessions (filtered,
//! paged, newest first) and exports of their runs in CSV and JSON. The filters are
//! query parameters: `q` (a session code with or without dashes, in any case, or
//! text in the label, site or agent), `site`, `verdict` (`ready`,
//! `ready_with_warnings`, `not_ready`, `untested`), `from` and `to` (`YYYY-MM-DD`,
//! UTC, both days included) and `page`.

use crate::api::Path;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, Uri};
use axum::response::{IntoResponse, Response};
use axum::Json;
use callready_common::api::{SessionList, SessionSummary, SiteView, SESSIONS_PER_PAGE};
use callready_common::csv::text_cell;
use callready_common::probes::RunResults;
use callready_common::stats::Summary;
use callready_common::verdict::{Check, CheckId, Status, Verdict};
use callready_common::SessionCode;

use crate::error::ApiError;
use crate::store::{ExportedRun, Filter, Listed};
use crate::AppState;

/// Longest query parameter value taken.
const MAX_PARAM_CHARS: usize = 120;

/// `%XX` and `+` decoded; `None` for a broken escape or invalid UTF-8.
fn percent_decode(raw: &str) -> Option<String> {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 2;
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8(out).ok()
}

/// The filters and page of a query string; unknown parameters are refused.
pub fn parse_query(uri: &Uri) -> Result<(Filter, u32), ApiError> {
    let mut filter = Filter::default();
    let mut page = 1;
    for pair in uri.query().unwrap_or_default().split('&').filter(|p| !p.is_empty()) {
        let (key, raw) = pair.split_once('=').unwrap_or((pair, ""));
        let value = percent_decode(raw).ok_or_else(|| ApiError::invalid(key, "not a valid URL-encoded value"))?;
        let value = value.trim().to_string();
        if value.chars().count() > MAX_PARAM_CHARS || value.chars().any(char::is_control) {
            return Err(ApiError::invalid(key, format!("at most {MAX_PARAM_CHARS} characters of text")));
        }
        if value.is_empty() {
            continue;
        }
        match key {
            "q" => {
                // A code read out over the phone: any case, with or without dashes.
                filter.code = value.parse::<SessionCode>().ok().map(|c| c.canonical().to_string());
                filter.text = Some(value);
            }
            "site" => filter.site = Some(value),
            "verdict" => {
                if !["ready", "ready_with_warnings", "not_ready", "untested"].contains(&value.as_str()) {
                    return Err(ApiError::invalid("verdict", "ready, ready_with_warnings, not_ready or untested"));
                }
                filter.verdict = Some(value);
            }
            "from" => {
                filter.from_ms = Some(
                    crate::cli::day_start_ms(&value).ok_or_else(|| ApiError::invalid("from", "a date, YYYY-MM-DD"))?,
                );
            }
            "to" => {
                let start =
                    crate::cli::day_start_ms(&value).ok_or_else(|| ApiError::invalid("to", "a date, YYYY-MM-DD"))?;
                filter.to_ms = Some(start + 86_400_000);
            }
            "page" => {
                page = value
                    .parse()
                    .ok()
                    .filter(|p| (1..=100_000).contains(p))
                    .ok_or_else(|| ApiError::invalid("page", "1 or more"))?;
            }
            other => {
                let name: String = other.chars().take(40).collect();
                return Err(ApiError::invalid(&name, "unknown parameter; these are q, site, verdict, from, to, page"));
            }
        }
    }
    Ok((filter, page))
}

fn verdict_of(text: &str) -> Option<Verdict> {
    serde_json::from_value(serde_json::Value::String(text.to_string())).ok()
}

fn summary_of(l: Listed) -> SessionSummary {
    SessionSummary {
        code: l.session.code.to_string(),
        label: l.session.label,
        site: l.session.invite.site,
        agent: l.session.invite.agent,
        profile: l.session.profile_id,
        runs: u32::try_from(l.runs).unwrap_or(u32::MAX),
        latest_verdict: l.latest_verdict.as_deref().and_then(verdict_of),
        latest_at_ms: l.latest_at_ms,
        created_at_ms: l.session.created_at_ms,
    }
}

fn median(mut values: Vec<f64>) -> Option<f64> {
    values.retain(|v| v.is_finite());
    Summary::of(&values).map(|s| s.median_ms)
}

/// `GET /api/sites/<site>`: a site's sessions, how many are ready, the checks that
/// fail most often and the medians of the key figures, from each latest run.
pub async fn site(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(site): Path<String>,
) -> Result<Json<SiteView>, ApiError> {
    crate::accounts::required(&state, &headers).await?;
    if site.chars().count() > MAX_PARAM_CHARS || site.chars().any(char::is_control) {
        return Err(ApiError::invalid("site", format!("at most {MAX_PARAM_CHARS} characters of text")));
    }
    let rows = state.store.site_sessions(&site).await?;
    let mut view = SiteView {
        site: site.clone(),
        sessions: Vec::new(),
        ready: 0,
        warnings: 0,
        not_ready: 0,
        untested: 0,
        failing: Vec::new(),
        median_rtt_ms: None,
        median_loss_pct: None,
        median_down_kbps: None,
        median_up_kbps: None,
    };
    let (mut rtt, mut loss, mut down, mut up) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut failing: Vec<(CheckId, u32)> = Vec::new();
    for (listed, latest) in rows {
        let summary = summary_of(listed);
        match summary.latest_verdict {
            Some(Verdict::Ready) => view.ready += 1,
            Some(Verdict::ReadyWithWarnings) => view.warnings += 1,
            Some(Verdict::NotReady) => view.not_ready += 1,
            None => view.untested += 1,
        }
        view.sessions.push(summary);
        let Some((checks, results)) = latest else { continue };
        let checks: Vec<Check> = serde_json::from_str(&checks).map_err(|e| ApiError::Internal(e.to_string()))?;
        let results: RunResults = serde_json::from_str(&results).map_err(|e| ApiError::Internal(e.to_string()))?;
        for check in checks.iter().filter(|c| matches!(c.status, Status::Warn | Status::Fail)) {
            match failing.iter_mut().find(|(id, _)| *id == check.id) {
                Some((_, n)) => *n += 1,
                None => failing.push((check.id, 1)),
            }
        }
        let stream = results.media.as_ref().and_then(|m| m.stream.as_ref());
        let call_rtt = stream.and_then(|s| s.rtt.as_ref()).map(|s| s.median_ms);
        rtt.extend(call_rtt.or_else(|| Summary::of(&results.https.rtt_ms).map(|s| s.median_ms)));
        loss.extend(stream.map(|s| s.loss_pct));
        down.extend(results.bandwidth.as_ref().and_then(|b| b.down.kbps));
        up.extend(results.bandwidth.as_ref().and_then(|b| b.up.kbps));
    }
    failing.sort_by_key(|(_, n)| std::cmp::Reverse(*n));
    view.failing =
        failing.into_iter().take(5).map(|(id, n)| (id.key().to_string(), id.title().to_string(), n)).collect();
    view.median_rtt_ms = median(rtt);
    view.median_loss_pct = median(loss);
    view.median_down_kbps = median(down);
    view.median_up_kbps = median(up);
    Ok(Json(view))
}

/// `GET /api/sessions`.
pub async fn list(State(state): State<AppState>, headers: HeaderMap, uri: Uri) -> Result<Json<SessionList>, ApiError> {
    crate::accounts::required(&state, &headers).await?;
    let (filter, page) = parse_query(&uri)?;
    let per_page = i64::from(SESSIONS_PER_PAGE);
    let (listed, total) = state.store.list_sessions(&filter, per_page, (i64::from(page) - 1) * per_page).await?;
    let sessions = listed.into_iter().map(summary_of).collect();
    let total = u32::try_from(total).unwrap_or(u32::MAX);
    Ok(Json(SessionList { sessions, page, pages: total.div_ceil(SESSIONS_PER_PAGE).max(1), total }))
}

/// The CSV columns, in order; documented in the README.
pub const CSV_COLUMNS: [&str; 22] = [
    "session_code",
    "label",
    "site",
    "agent",
    "profile",
    "run",
    "run_at_utc",
    "verdict",
    "browser",
    "os",
    "https_median_ms",
    "websocket_median_ms",
    "call_rtt_median_ms",
    "call_jitter_ms",
    "call_loss_pct",
    "mos",
    "download_kbps",
    "upload_kbps",
    "failed_checks",
    "warned_checks",
    "client_network",
    "fields",
];

/// A text cell: quoted, and neutralised when a spreadsheet would read it as a
/// formula (it starts with `=`, `+`, `-`, `@`, a tab or a carriage return).
fn number_cell(value: Option<f64>) -> String {
    value.filter(|v| v.is_finite()).map(|v| format!("{:.1}", v)).unwrap_or_default()
}

fn checks_with(checks: &[Check], status: Status) -> String {
    checks.iter().filter(|c| c.status == status).map(|c| c.id.key()).collect::<Vec<_>>().join(" ")
}

fn csv_row(run: &ExportedRun) -> Result<String, ApiError> {
    let results: RunResults = serde_json::from_str(&run.results_json).map_err(|e| ApiError::Internal(e.to_string()))?;
    let checks: Vec<Check> = serde_json::from_str(&run.checks_json).map_err(|e| ApiError::Internal(e.to_string()))?;
    let session = &run.session;
    let stream = results.media.as_ref().and_then(|m| m.stream.as_ref());
    let fields = session.invite.fields.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ");
    let cells = [
        text_cell(&session.code.to_string()),
        text_cell(session.label.as_deref().unwrap_or_default()),
        text_cell(session.invite.site.as_deref().unwrap_or_default()),
        text_cell(session.invite.agent.as_deref().unwrap_or_default()),
        text_cell(session.profile_id.as_deref().unwrap_or("default")),
        run.number.to_string(),
        text_cell(&crate::cli::timestamp(run.created_at_ms)),
        text_cell(&run.verdict),
        text_cell(&match results.browser.ua.major {
            Some(major) => format!("{} {major}", results.browser.ua.family.label()),
            None => results.browser.ua.family.label().to_string(),
        }),
        text_cell(results.browser.ua.os.label()),
        number_cell(Summary::of(&results.https.rtt_ms).map(|s| s.median_ms)),
        number_cell(Summary::of(&results.websocket.echo_rtt_ms).map(|s| s.median_ms)),
        number_cell(stream.and_then(|s| s.rtt.as_ref()).map(|s| s.median_ms)),
        number_cell(stream.and_then(|s| s.jitter_ms)),
        number_cell(stream.map(|s| s.loss_pct)),
        number_cell(results.media.as_ref().and_then(|m| m.mos())),
        number_cell(results.bandwidth.as_ref().and_then(|b| b.down.kbps)),
        number_cell(results.bandwidth.as_ref().and_then(|b| b.up.kbps)),
        text_cell(&checks_with(&checks, Status::Fail)),
        text_cell(&checks_with(&checks, Status::Warn)),
        text_cell(&run.client_prefix),
        text_cell(&fields),
    ];
    Ok(cells.join(","))
}

fn csv(runs: &[ExportedRun], filename: &str) -> Result<Response, ApiError> {
    let mut body = CSV_COLUMNS.join(",");
    body.push_str("\r\n");
    for run in runs {
        body.push_str(&csv_row(run)?);
        body.push_str("\r\n");
    }
    let disposition = format!("attachment; filename=\"{filename}\"");
    Ok((
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("text/csv; charset=utf-8")),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_str(&disposition).unwrap_or(HeaderValue::from_static("attachment")),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        body,
    )
        .into_response())
}

/// `GET /api/runs.csv`: one row per run of the filtered sessions.
pub async fn runs_csv(State(state): State<AppState>, headers: HeaderMap, uri: Uri) -> Result<Response, ApiError> {
    crate::accounts::required(&state, &headers).await?;
    let (filter, _) = parse_query(&uri)?;
    csv(&state.store.export_runs(&filter).await?, "callready-runs.csv")
}

/// `GET /api/runs.json`: the same runs, each as stored (checks and results in full).
pub async fn runs_json(State(state): State<AppState>, headers: HeaderMap, uri: Uri) -> Result<Response, ApiError> {
    crate::accounts::required(&state, &headers).await?;
    let (filter, _) = parse_query(&uri)?;
    let runs = state.store.export_runs(&filter).await?;
    let mut out = Vec::with_capacity(runs.len());
    for run in runs {
        let read =
            |json: &str| serde_json::from_str::<serde_json::Value>(json).map_err(|e| ApiError::Internal(e.to_string()));
        out.push(serde_json::json!({
            "session": {
                "code": run.session.code.to_string(),
                "label": run.session.label,
                "site": run.session.invite.site,
                "agent": run.session.invite.agent,
                "profile": run.session.profile_id,
                "fields": run.session.invite.fields,
            },
            "number": run.number,
            "created_at_ms": run.created_at_ms,
            "verdict": run.verdict,
            "checks": read(&run.checks_json)?,
            "results": read(&run.results_json)?,
            "client_prefix": run.client_prefix,
        }));
    }
    Ok(([(header::CACHE_CONTROL, HeaderValue::from_static("no-store"))], Json(out)).into_response())
}

/// `GET /api/sessions/<code>/runs.csv`: one session's runs.
pub async fn session_runs_csv(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(raw): Path<String>,
) -> Result<Response, ApiError> {
    crate::accounts::required(&state, &headers).await?;
    let code = callready_common::validate::session_code(&raw)
        .map_err(|e| ApiError::BadCode(raw.chars().take(40).collect(), e.reason))?;
    let filter = Filter { code: Some(code.canonical().to_string()), ..Filter::default() };
    csv(&state.store.export_runs(&filter).await?, &format!("callready-{code}.csv"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spreadsheet_formulas_are_neutralised_and_quotes_doubled() {
        assert_eq!(text_cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(text_cell("+1"), "\"'+1\"");
        assert_eq!(text_cell("@SUM(A1)"), "\"'@SUM(A1)\"");
        assert_eq!(text_cell("Lyon, site 2"), "\"Lyon, site 2\"");
        assert_eq!(number_cell(Some(-3.0)), "-3.0", "numbers are numbers");
    }

    #[test]
    fn the_query_is_parsed_strictly() {
        let parse = |q: &str| parse_query(&format!("/api/sessions?{q}").parse().unwrap());
        let (filter, page) =
            parse("q=7kq2m9xd4tpa&site=Lyon+2&verdict=not_ready&from=2026-11-01&to=2026-11-30&page=2").unwrap();
        assert_eq!(filter.code.as_deref(), Some("7KQ2M9XD4TPA"));
        assert_eq!(filter.site.as_deref(), Some("Lyon 2"));
        assert_eq!(page, 2);
        assert_eq!(filter.to_ms.unwrap() - filter.from_ms.unwrap(), 30 * 86_400_000, "both days included");
        let (filter, _) = parse("q=ACME%20Lyon").unwrap();
        assert_eq!((filter.code, filter.text.as_deref()), (None, Some("ACME Lyon")));
        for bad in ["verdict=great", "from=yesterday", "page=0", "colour=red", "q=%zz"] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }
}
