//! Sessions and their runs: create a session, read it with every run, save a run.

use crate::api::Path;
use axum::extract::{ConnectInfo, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::IntoResponse;
use axum::Json;
use callready_common::api::{
    BulkCreated, BulkInvite, BulkLink, CreateSessionRequest, LinkClosed, NetworkFacts, RunSaved, RunSubmission,
    SessionCreated, SessionView, DEFAULT_EXPIRY_MS, MAX_BULK_AGENTS,
};
use callready_common::probes::path::TlsReport;
use callready_common::profile::{url_origin, Profile};
use callready_common::text::Text;
use callready_common::ua;
use callready_common::validate;
use callready_common::verdict::{evaluate, overall};
use callready_common::SessionCode;

use super::JsonBody;
use crate::error::ApiError;
use crate::path::{observe, ClientConn};
use crate::probe_tokens::Via;
use crate::store::{Inserted, Invite, NewRun, NewSession, SessionRow, StoreError};
use crate::{now_ms, AppState};

/// How often to draw a new code if one collides (with 60 bits, never in practice).
const CODE_ATTEMPTS: usize = 5;

fn new_code() -> Result<SessionCode, ApiError> {
    let mut random = [0u8; 8];
    getrandom::fill(&mut random).map_err(|e| ApiError::Internal(format!("OS random source failed: {e}")))?;
    Ok(SessionCode::from_random(random))
}

/// Base URL for links: the configured public URL, else this request's Host.
fn base_url(state: &AppState, headers: &HeaderMap) -> String {
    if let Some(url) = &state.public_url {
        return url.trim_end_matches('/').to_string();
    }
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| h.chars().all(|c| c.is_ascii_alphanumeric() || ".:-[]".contains(c)))
        .unwrap_or("localhost");
    format!("http://{host}")
}

pub async fn create(
    State(state): State<AppState>,
    headers: HeaderMap,
    JsonBody(request): JsonBody<CreateSessionRequest>,
) -> Result<impl IntoResponse, ApiError> {
    if !state.open_sessions {
        crate::accounts::required(&state, &headers).await?;
    }
    let request = checked(&state, request)?;
    brand_known(&state, &request).await?;
    region_known(&state, &request).await?;
    let created = create_one(&state, &request, &base_url(&state, &headers), now_ms()).await?;
    session_created(&state, &request, &created).await;
    Ok((StatusCode::CREATED, Json(created)))
}

/// `POST /api/sessions/bulk`: one invite per agent, the rest of the invite shared.
/// Needs a login or a token whatever `--open-sessions` says.
pub async fn create_bulk(
    State(state): State<AppState>,
    headers: HeaderMap,
    JsonBody(request): JsonBody<BulkInvite>,
) -> Result<impl IntoResponse, ApiError> {
    crate::accounts::required(&state, &headers).await?;
    if request.agents.is_empty() || request.agents.len() > MAX_BULK_AGENTS {
        return Err(ApiError::invalid(
            "agents",
            format!("1 to {MAX_BULK_AGENTS} agents, got {}", request.agents.len()),
        ));
    }
    let shared = checked(&state, request.invite)?;
    brand_known(&state, &shared).await?;
    region_known(&state, &shared).await?;
    // Every agent's invite is checked before any is stored.
    let invites = request
        .agents
        .iter()
        .map(|agent| CreateSessionRequest { agent: Some(agent.clone()), ..shared.clone() }.validated())
        .collect::<Result<Vec<_>, _>>()?;
    let base = base_url(&state, &headers);
    let now = now_ms();
    let mut links = Vec::with_capacity(invites.len());
    for invite in &invites {
        let created = create_one(&state, invite, &base, now).await?;
        session_created(&state, invite, &created).await;
        links.push(BulkLink { agent: invite.agent.clone().unwrap_or_default(), created });
    }
    Ok((StatusCode::CREATED, Json(BulkCreated { links })))
}

/// The `session_created` webhook event.
async fn session_created(state: &AppState, request: &CreateSessionRequest, created: &SessionCreated) {
    let body = serde_json::json!({
        "event": "session_created",
        "session": {
            "code": created.code,
            "report_code": created.report_code,
            "agent_url": created.agent_url,
            "results_url": created.results_url,
            "label": request.label,
            "site": request.site,
            "agent": request.agent,
            "profile": request.profile,
            "fields": request.fields,
        },
    });
    crate::webhooks::emit(state, "session_created", body).await;
}

/// The request normalised, its profile known.
fn checked(state: &AppState, request: CreateSessionRequest) -> Result<CreateSessionRequest, ApiError> {
    let request = request.validated()?;
    if let Some(id) = &request.profile {
        if state.profiles.get(id).is_none() {
            let id = id.chars().take(40).collect();
            return Err(ApiError::UnknownProfile(id, state.profiles.ids().join(", ")));
        }
    }
    Ok(request)
}

/// Refuses an invite pinning a region no node of the deployment registered.
async fn region_known(state: &AppState, request: &CreateSessionRequest) -> Result<(), ApiError> {
    let Some(name) = &request.region else { return Ok(()) };
    let known: Vec<String> = state.store.nodes().await?.into_iter().map(|node| node.name).collect();
    if known.contains(name) {
        return Ok(());
    }
    let listed = if known.is_empty() { "this deployment has no regions".to_string() } else { known.join(", ") };
    Err(ApiError::invalid("region", format!("no node has the region {name:?} (known: {listed})")))
}

/// Refuses an invite naming a brand nobody made.
async fn brand_known(state: &AppState, request: &CreateSessionRequest) -> Result<(), ApiError> {
    match &request.brand {
        Some(id) if state.store.brand(id).await?.is_none() => Err(ApiError::invalid(
            "brand",
            format!("no brand has the id {id:?}: an admin makes it in the console first"),
        )),
        _ => Ok(()),
    }
}

async fn create_one(
    state: &AppState,
    request: &CreateSessionRequest,
    base: &str,
    now: i64,
) -> Result<SessionCreated, ApiError> {
    let expires_in = match request.expires_in.as_deref() {
        Some(text) => validate::duration_ms("expires_in", text)?,
        None => DEFAULT_EXPIRY_MS,
    };
    let invite = Invite {
        site: request.site.clone(),
        agent: request.agent.clone(),
        language: request.language.clone(),
        fields: request.fields.clone(),
        expires_at_ms: Some(now + expires_in),
        max_runs: request.max_runs,
        embed_origins: request.embed_origins.clone(),
        brand: request.brand.clone(),
        region: request.region.clone(),
    };
    for _ in 0..CODE_ATTEMPTS {
        let code = new_code()?;
        let report_code = new_code()?;
        let profile = request.profile.as_deref();
        let stored = state
            .store
            .create_session(&NewSession {
                code: &code,
                report_code: Some(&report_code),
                label: request.label.as_deref(),
                calls: request.calls,
                profile_id: profile,
                invite: &invite,
                now_ms: now,
            })
            .await;
        match stored {
            Ok(()) => {
                tracing::info!(code = %code, profile = profile.unwrap_or("default"), "session created");
                return Ok(SessionCreated {
                    agent_url: format!("{base}/t/{code}"),
                    results_url: format!("{base}/r/{report_code}"),
                    code: code.to_string(),
                    report_code: report_code.to_string(),
                });
            }
            Err(StoreError::DuplicateCode) => continue,
            Err(other) => return Err(other.into()),
        }
    }
    Err(ApiError::Internal("could not draw an unused session code".into()))
}

async fn session_by_code(state: &AppState, raw: &str) -> Result<SessionRow, ApiError> {
    let code = validate::session_code(raw).map_err(|e| ApiError::BadCode(raw.chars().take(40).collect(), e.reason))?;
    state.store.find_session(&code).await?.ok_or_else(|| ApiError::SessionNotFound(code.to_string()))
}

/// The profile a session is judged against: the one it names, or the default one
/// (also when an operator has since removed the one it named).
fn session_profile<'a>(state: &'a AppState, session: &SessionRow) -> &'a Profile {
    session
        .profile_id
        .as_deref()
        .and_then(|id| state.profiles.get(id))
        .unwrap_or_else(|| state.profiles.default_profile())
}

/// What the server needs to serve a session's agent page, read with one lookup.
#[derive(Default)]
pub struct AgentPage {
    /// What the page may connect to beside its own origin (see [`agent_page_sources`]).
    pub sources: Vec<String>,
    /// The origins that may frame its `/embed/t/<code>` page.
    pub framed_by: Vec<String>,
    /// The invite's language, if it names one.
    pub language: Option<String>,
}

/// The agent page of the session with agent code `raw`; nothing for an unknown code,
/// a report code or a malformed one.
pub async fn agent_page(state: &AppState, raw: &str, headers: &HeaderMap) -> AgentPage {
    let Ok(session) = session_by_code(state, raw).await else {
        return AgentPage::default();
    };
    AgentPage {
        sources: agent_page_sources(state, &session, headers),
        framed_by: embed_origins(state, &session.invite),
        // Validated when the invite was made.
        language: session.invite.language.clone().filter(|l| callready_common::api::LANGUAGES.contains(&l.as_str())),
    }
}

/// What the agent page of a session may connect to beside its own origin: the
/// session's profile's TCP ports on the host the browser asked for (the `Host`
/// header, which is what the page's `location.hostname` will say; `--public-url`
/// without one), in `http`, `https`, `ws` and `wss` (the page uses its own scheme,
/// which a proxy in front of us hides), and the origins of its web addresses.
fn agent_page_sources(state: &AppState, session: &SessionRow, headers: &HeaderMap) -> Vec<String> {
    let profile = session_profile(state, session);
    let mut sources = Vec::new();
    let host = match headers.get(header::HOST).and_then(|h| h.to_str().ok()) {
        Some(authority) => crate::api::host_without_port(authority),
        None => crate::api::request_host_name(state, headers),
    };
    if !host.is_empty() && host.chars().all(|c| c.is_ascii_alphanumeric() || ".-:".contains(c)) {
        let host = crate::api::bracketed(&host);
        for port in &profile.tcp_ports {
            for scheme in ["http", "https", "ws", "wss"] {
                sources.push(format!("{scheme}://{host}:{}", port.port));
            }
        }
    }
    if let Some(plan) = crate::api::tls_probe_plan(state, headers) {
        sources.push(plan.origin);
    }
    for domain in &profile.domains {
        if let Some(origin) = url_origin(&domain.url) {
            if !sources.contains(&origin) {
                sources.push(origin);
            }
        }
    }
    sources
}

/// `GET /api/sessions/<code>`. With the report code: every run. With the agent
/// code: the session's settings, and its runs only for a signed-in account (or for a
/// session made before report codes, whose one code still reads them).
pub async fn show(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(raw): Path<String>,
) -> Result<impl IntoResponse, ApiError> {
    // Runs are added at any time, and a shared computer must not keep a report.
    let no_store = [(header::CACHE_CONTROL, HeaderValue::from_static("no-store"))];
    Ok((no_store, Json(session_view(&state, &headers, &raw).await?)))
}

/// The session as `GET /api/sessions/<code>` answers it (see [`show`]).
pub async fn session_view(state: &AppState, headers: &HeaderMap, raw: &str) -> Result<SessionView, ApiError> {
    let code = validate::session_code(raw).map_err(|e| ApiError::BadCode(raw.chars().take(40).collect(), e.reason))?;
    // Which runs the code reads, and whether the report code may be shown (to an account).
    let (session, full, signed_in) = match state.store.find_session(&code).await? {
        Some(session) => {
            let signed_in = crate::accounts::caller(&state.store, headers).await?.is_some();
            let full = signed_in || session.report_code.is_none();
            (session, full, signed_in)
        }
        None => match state.store.find_by_report_code(&code).await? {
            Some(session) => (session, true, false),
            None => return Err(ApiError::SessionNotFound(code.to_string())),
        },
    };
    let runs = state.store.runs_of(session.id).await?;
    let profile = session_profile(state, &session);
    let closed = closed_because(&session.invite, runs.len(), now_ms());
    let embed_origins = embed_origins(state, &session.invite);
    let brand = crate::brand::effective(state, session.invite.brand.as_deref()).await?;
    Ok(SessionView {
        embed_origins,
        brand: brand.as_ref().map(crate::brand::view),
        code: code.to_string(),
        runs_hidden: !full,
        report_code: signed_in.then(|| session.report_code.as_ref().map(|c| c.to_string())).flatten(),
        label: session.label,
        calls: session.calls,
        created_at_ms: session.created_at_ms,
        per_call_kbps: profile.thresholds.per_call_kbps,
        profile: Some(profile.clone()),
        site: session.invite.site,
        agent: session.invite.agent,
        language: session.invite.language,
        fields: session.invite.fields,
        expires_at_ms: session.invite.expires_at_ms,
        max_runs: session.invite.max_runs,
        closed,
        region: session.invite.region,
        runs: if full { runs } else { Vec::new() },
    })
}

/// The origins that may frame a session's `/embed/t/<code>` page: the deployment's
/// (`--embed-origin`), then the invite's own.
pub fn embed_origins(state: &AppState, invite: &Invite) -> Vec<String> {
    let mut origins = state.embed_origins.as_ref().clone();
    for origin in &invite.embed_origins {
        if !origins.contains(origin) {
            origins.push(origin.clone());
        }
    }
    origins
}

/// A run's lines as a helpdesk reads them: texts rendered in the invite's language
/// (English without one), with the check's heading.
fn rendered_checks(checks: &[callready_common::verdict::Check], language: Option<&str>) -> serde_json::Value {
    let lang = language.and_then(callready_common::i18n::Lang::from_tag).unwrap_or_default();
    checks
        .iter()
        .map(|c| {
            serde_json::json!({
                "id": c.id,
                "title": c.id.name(lang),
                "status": c.status,
                "summary": c.summary.render(lang),
                "fix": c.fix.as_ref().map(|t| t.render(lang)),
                "it": c.it.as_ref().map(|t| t.render(lang)),
            })
        })
        .collect()
}

/// Why a link takes no more runs, in the agent's words, or `None`.
fn closed_because(invite: &Invite, runs: usize, now_ms: i64) -> Option<LinkClosed> {
    if let Some(end) = invite.expires_at_ms.filter(|end| now_ms >= *end) {
        return Some(LinkClosed::Expired { date: crate::cli::date(end) });
    }
    invite.max_runs.filter(|max| runs >= *max as usize).map(|runs| LinkClosed::UsedUp { runs })
}

pub async fn add_run(
    State(state): State<AppState>,
    Path(raw): Path<String>,
    ConnectInfo(conn): ConnectInfo<ClientConn>,
    headers: HeaderMap,
    JsonBody(mut submission): JsonBody<RunSubmission>,
) -> Result<impl IntoResponse, ApiError> {
    let session = session_by_code(&state, &raw).await?;
    submission.validate()?;
    let client = crate::path::client_ip(state.proxy_hops, &conn, &headers);
    // The path is what this server sees of the request saving the run, not what the
    // page says it saw; the page puts its run id in the probe header.
    // Address ids are comparable within this session only.
    let scope = session.code.to_string();
    submission.results.path = Some(observe(&state, &conn, &headers, Some(&submission.client_run_id)));
    // Likewise the public addresses: what the server recorded under the page's token,
    // with this request's own; nothing from a page that sent no live token.
    submission.results.public = submission
        .probe_token()
        .and_then(|token| state.probes.public(token, (Via::Https, client), &state.anonymiser, &scope));
    submission.results.nat = submission.probe_token().and_then(|token| state.probes.nat(token));
    // And the TLS handshake the TLS listener received (none: not determined).
    submission.results.tls = state.tls_probe.as_ref().map(|probe| TlsReport {
        port: probe.port,
        self_signed: probe.self_signed,
        hello: submission.probe_token().and_then(|token| state.probes.tls(token)),
    });
    let profile = session_profile(&state, &session).clone();
    let checks = evaluate(&submission.results, &profile.thresholds, profile.calls_needed(session.calls));
    let verdict = overall(&checks);
    let address = state.anonymiser.anonymise(client, &scope);
    let user_agent = ua::parse(headers.get(header::USER_AGENT).and_then(|v| v.to_str().ok()).unwrap_or(""));
    let run = NewRun {
        client_run_id: submission.client_run_id,
        created_at_ms: now_ms(),
        verdict,
        checks: checks.clone(),
        results: submission.results,
        network: NetworkFacts { client_prefix: address.prefix, client_id: address.id, user_agent },
        profile: Some(profile),
    };
    let inserted = state.store.insert_run(session.id, &run, &session.invite).await;
    let (status, number) = match inserted {
        Ok(Inserted::New(number)) => {
            state.metrics.run_stored(run.verdict, &run.checks);
            let verdict_name = crate::metrics::verdict_name(run.verdict);
            tracing::info!(code = %session.code, run = number, verdict = verdict_name, "run stored");
            let body = serde_json::json!({
                "event": "run_stored",
                "session": {
                    "code": session.code.to_string(),
                    "label": session.label,
                    "site": session.invite.site,
                    "agent": session.invite.agent,
                    "profile": session.profile_id,
                    "fields": session.invite.fields,
                },
                "run": {
                    "number": number,
                    "created_at_ms": run.created_at_ms,
                    "verdict": run.verdict,
                    "checks": rendered_checks(&run.checks, session.invite.language.as_deref()),
                    "results": run.results,
                    "network": run.network,
                },
            });
            crate::webhooks::emit(&state, "run_stored", body).await;
            (StatusCode::CREATED, number)
        }
        Ok(Inserted::Existing(number)) => {
            // A retried save: the answer is what was stored then, not this submission's.
            let stored = state.store.runs_of(session.id).await?.into_iter().find(|r| r.number == number);
            let stored = stored.ok_or_else(|| ApiError::Internal(format!("run {number} vanished")))?;
            return Ok((StatusCode::OK, Json(RunSaved { number, verdict: stored.verdict, checks: stored.checks })));
        }
        Err(StoreError::LinkExpired | StoreError::LinkUsedUp) => {
            let runs = session.invite.max_runs.map(|m| m as usize).unwrap_or(0);
            let why = closed_because(&session.invite, runs, run.created_at_ms)
                .map_or_else(|| Text::new("link-closed"), |why| why.text());
            return Err(ApiError::LinkClosed(why.english()));
        }
        Err(other) => return Err(other.into()),
    };
    Ok((status, Json(RunSaved { number, verdict, checks })))
}
