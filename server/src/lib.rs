//! CallReady server: the JSON API, the WebSocket echo, storage with anonymisation at
//! ingest, and the embedded frontend, all behind one router built by [`app`].

pub mod accounts;
pub mod anon;
pub mod api;
pub mod assets;
pub mod brand;
pub mod cli;
pub mod config;
pub mod error;
pub mod http;
pub mod limits;
pub mod logging;
pub mod metrics;
pub mod path;
pub mod pdf;
pub mod platform;
pub mod probe_tokens;
pub mod profiles;
pub mod regions;
pub mod rtc;
pub mod store;
pub mod tls;
pub mod tls_probe;
pub mod turn;
pub mod webhooks;
pub mod ws_echo;
pub mod zero_copy;

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::extract::State;
use axum::http::{header, HeaderName, HeaderValue, StatusCode};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::{Json, Router};
use callready_common::api::ClientConfig;
use callready_common::thresholds::Thresholds;
use tower_http::compression::predicate::{DefaultPredicate, NotForContentType, Predicate};
use tower_http::compression::CompressionLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;

use crate::anon::Anonymiser;
use crate::config::Config;
use crate::error::StartError;
use crate::platform::{PlatformService, PortSettings};
use crate::profiles::Profiles;
use crate::rtc::EchoService;
use crate::store::Store;
use crate::turn::TurnService;

/// Longest time a plain HTTP request may take (WebSockets are not affected: their
/// upgrade answers at once).
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// Shared state of every handler: cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub anonymiser: Arc<Anonymiser>,
    pub public_url: Option<String>,
    pub client_config: Arc<ClientConfig>,
    /// The requirement profiles sessions may name.
    pub profiles: Arc<Profiles>,
    pub turn: Option<Arc<TurnService>>,
    pub turn_secret: Option<Arc<Vec<u8>>>,
    pub turn_host: Option<String>,
    pub turn_tls_host: Option<String>,
    /// TURN over TLS runs with a self-signed certificate (no --tls-cert): browsers
    /// refuse it, and the page is told so.
    pub tls_self_signed: bool,
    /// External STUN/TURN servers the page probes instead of the built-in ones.
    pub external_ice: Option<Arc<ExternalIce>>,
    /// The WebRTC echo peer.
    pub echo: Option<Arc<EchoService>>,
    /// The ports requirement profiles' checks probe.
    pub platform: Option<Arc<PlatformService>>,
    /// The tokens tying each page's probes together.
    pub probes: Arc<probe_tokens::ProbeTokens>,
    /// The NAT mapping probe's two UDP ports.
    pub nat_probe: Option<Arc<platform::NatProbe>>,
    /// The TLS listener of the TLS inspection check (`--tls-listen`).
    pub tls_probe: Option<Arc<tls_probe::TlsProbe>>,
    /// Anyone may create a session (`--open-sessions`, the laptop demo).
    pub open_sessions: bool,
    /// Failed logins per account and per address.
    pub logins: Arc<accounts::LoginThrottle>,
    /// Internal addresses webhooks may reach (`--webhook-allow`).
    pub webhook_allow: Arc<Vec<std::net::IpAddr>>,
    /// Origins whose pages may frame `/embed/t/<code>` (`--embed-origin`).
    pub embed_origins: Arc<Vec<String>>,
    /// Wakes the webhook worker when an event is queued.
    pub webhook_wake: Arc<tokio::sync::Notify>,
    /// The wait before a failed delivery's first retry.
    pub webhook_first_retry: std::time::Duration,
    /// Reverse proxies of the operator's own in front of the server: their
    /// additions to requests are not evidence of a proxy on the agent's side, and the
    /// TCP connection the server sees is theirs.
    pub proxy_hops: usize,
    /// Abuse limits and their state.
    pub limits: Arc<limits::Limits>,
    /// The bandwidth test's byte counts, read at each transfer's socket.
    pub meters: Arc<api::meter::Meters>,
    /// What `/metrics` on the metrics listener reports.
    pub metrics: Arc<metrics::Metrics>,
    /// The nodes sharing the database, as this one last read them.
    pub regions: Arc<regions::Regions>,
}

/// External STUN/TURN servers (e.g. a coturn fleet) and their REST secret.
#[derive(Clone, Debug)]
pub struct ExternalIce {
    pub urls: Vec<(callready_common::probes::ice::IceTransport, String)>,
    pub secret: Vec<u8>,
}

impl AppState {
    /// State with storage and the HTTP API only: no STUN/TURN, no echo peer. API tests
    /// build it and call [`app`] directly.
    pub fn without_media(store: Store, anonymiser: Anonymiser, client_config: ClientConfig) -> AppState {
        AppState {
            store,
            anonymiser: Arc::new(anonymiser),
            public_url: None,
            profiles: Arc::new(Profiles::built_in(&client_config.thresholds)),
            client_config: Arc::new(client_config),
            turn: None,
            turn_secret: None,
            turn_host: None,
            turn_tls_host: None,
            tls_self_signed: false,
            external_ice: None,
            echo: None,
            platform: None,
            probes: Arc::default(),
            meters: Arc::default(),
            nat_probe: None,
            tls_probe: None,
            open_sessions: true,
            logins: Arc::default(),
            webhook_allow: Arc::default(),
            embed_origins: Arc::default(),
            webhook_wake: Arc::default(),
            webhook_first_retry: std::time::Duration::from_secs(5),
            proxy_hops: 0,
            limits: Arc::new(limits::Limits::new(limits::LimitSettings::default())),
            metrics: Arc::default(),
            regions: Arc::new(regions::Regions::single()),
        }
    }

    pub async fn from_config(config: &Config) -> Result<AppState, StartError> {
        let config = &config.for_laptop_demo();
        if config.is_laptop_demo() {
            match config.demo_ip {
                Some(ip) => tracing::info!(
                    "laptop demo: STUN/TURN and the echo peer use {ip}, this machine's network address \
                     (browsers do not use them on loopback); open http://localhost:{}",
                    config.listen.port()
                ),
                None => tracing::warn!(
                    "laptop demo without a network: STUN/TURN use 127.0.0.1, which Firefox refuses; \
                     connect this machine to a network for a full demo"
                ),
            }
        }
        // Every page checked, a newer schema refused, migrations applied: or one line
        // naming --db, and the file left as it was.
        let database = config.database();
        let at_fault = |err| StartError::Config(format!("--db {}: {err}", database.display()));
        let store = Store::connect(&database, true).await.map_err(at_fault)?.with_max_db_mb(config.max_db_mb);
        if config.region.is_some() && config.public_url.is_none() {
            return Err(StartError::Config(
                "--region needs --public-url: the other nodes' pages reach this one there".into(),
            ));
        }
        // One TURN secret for every node of the database: credentials any node issues
        // are valid on all of them.
        let shared_turn_secret = store
            .shared_setting(store::Setting::TurnSecret, || {
                let mut random = [0u8; 32];
                getrandom::fill(&mut random).map(|()| crate::anon::encode_hex(&random)).unwrap_or_default()
            })
            .await
            .map_err(at_fault)?;
        api::bandwidth::warm_up();
        let anonymiser = Anonymiser::load_or_create(&config.secret_path()?)?;
        let echo_bind = config.udp_bind(config.rtc_udp);
        let echo = EchoService::start(echo_bind, config.echo_advertised_ip(), config.rtc_max_peers as usize)
            .await
            .map_err(|source| StartError::Bind { flag: "--rtc-udp", addr: echo_bind, source })?;
        tracing::info!(address = %echo.advertised, "WebRTC echo peer listening");
        let probes = Arc::new(probe_tokens::ProbeTokens::default());
        let (tls, self_signed) = config.tls_config()?;
        if self_signed && (!config.no_turn || config.profile_ports != platform::ProfilePorts::None) {
            tracing::warn!(
                "TURN over TLS and the profile ports use a self-signed certificate: set --tls-cert/--tls-key for \
                 browsers to accept them"
            );
        }
        let turn = match config.turn_settings(echo.advertised, tls.clone(), probes.clone(), &shared_turn_secret)? {
            Some(settings) => {
                let secret = settings.secret.clone();
                let limits = config.turn_limits.limits();
                let service = TurnService::start_with_limits(settings, limits).await.map_err(|err| match err {
                    turn::TurnStartError::Bind { listener, addr, source } => {
                        let flag = match listener {
                            turn::Listener::Udp => "--turn-udp",
                            turn::Listener::Tcp => "--turn-tcp",
                            turn::Listener::Tls => "--turn-tls",
                        };
                        StartError::Bind { flag, addr, source }
                    }
                    turn::TurnStartError::Server(why) => StartError::Turn(why),
                })?;
                tracing::info!(udp = ?service.udp_addr, tcp = ?service.tcp_addr, tls = ?service.tls_addr, "STUN/TURN listening");
                Some((Arc::new(service), secret))
            }
            None => None,
        };
        let client_config = ClientConfig {
            media_seconds: config.media_seconds,
            bandwidth_seconds: config.bandwidth_seconds,
            verdict_within_seconds: config.verdict_within,
            thresholds: Thresholds { per_call_kbps: f64::from(config.per_call_kbps), ..Thresholds::default() },
            ..ClientConfig::default()
        };
        let profiles = Profiles::load(&client_config.thresholds, config.profiles.as_deref())?;
        let platform = PlatformService::start(
            &profiles,
            PortSettings {
                which: config.profile_ports.clone(),
                tcp_ip: config.turn_tcp.ip(),
                main_port: config.listen.port(),
                udp_ip: config.udp_bind(config.turn_udp).ip(),
                tls: tls.clone(),
                self_signed,
                limits: platform::tcp::PortLimits::default(),
                probes: probes.clone(),
            },
        )
        .await?;
        let nat_addrs: Vec<SocketAddr> = config.nat_probe_udp.iter().map(|a| config.udp_bind(*a)).collect();
        let nat_probe = platform::NatProbe::start(&nat_addrs, probes.clone()).await?;
        let tls_probe = match config.tls_listen {
            Some(addr) => Some(Arc::new(tls_probe::TlsProbe::bind(addr, tls.clone(), self_signed).await?)),
            None => None,
        };
        let mut state = AppState {
            platform: Some(Arc::new(platform)),
            nat_probe: (nat_probe.ports.len() == 2).then(|| Arc::new(nat_probe)),
            tls_probe,
            open_sessions: config.open_sessions,
            webhook_allow: Arc::new(config.webhook_allow.clone()),
            embed_origins: Arc::new(config.embed_origins.clone()),
            webhook_first_retry: config.webhook_first_retry,
            probes,
            meters: Arc::default(),
            proxy_hops: config.proxy_hops as usize,
            limits: Arc::new(limits::Limits::new(config.limits.clone())),
            public_url: config.public_url.clone(),
            profiles: Arc::new(profiles),
            turn_secret: turn.as_ref().map(|(_, secret)| Arc::new(secret.clone())),
            turn: turn.map(|(service, _)| service),
            turn_host: config.ice_host(),
            turn_tls_host: config.turn_tls_host.clone(),
            tls_self_signed: self_signed,
            external_ice: config::external_ice(config)?.map(Arc::new),
            echo: Some(Arc::new(echo)),
            ..AppState::without_media(store, anonymiser, client_config)
        };
        if let Some(region) = &config.region {
            let node = regions::this_node(config, &state, region, now_ms())
                .ok_or_else(|| StartError::Config("--public-url: an http:// or https:// URL".into()))?;
            let every = Duration::from_secs(config.heartbeat_secs);
            state.regions = Arc::new(regions::Regions::new(node, every));
        }
        Ok(state)
    }

    /// Stops what runs beside the HTTP server: the TURN listeners and allocations.
    pub async fn close(&self) {
        if let Some(turn) = &self.turn {
            turn.close().await;
        }
        if let Some(platform) = &self.platform {
            platform.close();
        }
        if let Some(nat) = &self.nat_probe {
            nat.close();
        }
        if let Some(probe) = &self.tls_probe {
            probe.close();
        }
    }
}

pub fn now_ms() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_millis() as i64).unwrap_or(0)
}

/// The Content-Security-Policy: only our own origin, WebAssembly allowed, and the
/// exact inline loader scripts of the two apps (by hash); `connect` adds the origins an
/// agent page's requirement profile probes (see [`agent_page`]); `framed_by` the
/// origins that may frame the page (none but the embed page's: `'none'`).
fn content_security_policy(connect: &[String], framed_by: &[String]) -> HeaderValue {
    let script_hashes = assets::inline_script_hashes().join(" ");
    let connect: String = connect.iter().map(|source| format!(" {source}")).collect();
    let ancestors = if framed_by.is_empty() { "'none'".to_string() } else { framed_by.join(" ") };
    let policy = format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' {script_hashes}; style-src 'self'; \
         img-src 'self' data:; connect-src 'self'{connect}; font-src 'self'; object-src 'none'; base-uri 'none'; \
         form-action 'self'; frame-ancestors {ancestors}"
    );
    HeaderValue::from_str(&policy).unwrap_or_else(|_| content_security_policy(&[], &[]))
}

/// Marks a response that may be framed (by the origins its CSP names): it gets no
/// `X-Frame-Options: DENY`, which every other response carries.
#[derive(Clone, Copy)]
struct Framable;

async fn deny_framing(mut response: axum::response::Response) -> axum::response::Response {
    if response.extensions().get::<Framable>().is_none() {
        response.headers_mut().insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    }
    response
}

/// `GET /t/<code>`: the agent page, with a policy that lets it reach exactly what
/// its session's profile names.
async fn agent_page(
    State(state): State<AppState>,
    api::Path(code): api::Path<String>,
    uri: axum::http::Uri,
    headers: axum::http::HeaderMap,
) -> axum::response::Response {
    test_page(&state, &code, uri, headers, false).await
}

/// The agent's test page of `code` with its policy: what it may connect to, and
/// (`embedded`) the origins that may frame it.
async fn test_page(
    state: &AppState,
    code: &str,
    uri: axum::http::Uri,
    headers: axum::http::HeaderMap,
    embedded: bool,
) -> axum::response::Response {
    let page = api::sessions::agent_page(state, code, &headers).await;
    let framed_by = if embedded { page.framed_by } else { Vec::new() };
    // In the invite's language when the invite names one.
    let mut response = match page.language {
        Some(lang) => assets::page_in_language(&lang),
        None => assets::serve(uri, headers).await,
    };
    let mut sources = page.sources;
    sources.extend(state.regions.connect_sources());
    response.headers_mut().insert(header::CONTENT_SECURITY_POLICY, content_security_policy(&sources, &framed_by));
    if !framed_by.is_empty() {
        response.extensions_mut().insert(Framable);
    }
    response
}

/// `GET /r/<code>`: the report page; `GET /r/<code>.pdf`: the report as a PDF, read
/// with the same rights as `GET /api/sessions/<code>` (the report code, or an
/// account), in `?lng=xx`, else the browser's first language CallReady has, else
/// English.
async fn report_page(
    State(state): State<AppState>,
    api::Path(code): api::Path<String>,
    uri: axum::http::Uri,
    headers: axum::http::HeaderMap,
) -> axum::response::Response {
    let Some(code) = code.strip_suffix(".pdf") else {
        return assets::serve(uri, headers).await;
    };
    let view = match api::sessions::session_view(&state, &headers, code).await {
        Ok(view) if view.runs_hidden => return error::ApiError::LoginRequired.into_response(),
        Ok(view) => view,
        Err(e) => return e.into_response(),
    };
    let asked = uri.query().unwrap_or_default().split('&').find_map(|p| p.strip_prefix("lng=")).map(str::to_string);
    let accepted = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.split(',').map(|l| l.split(';').next().unwrap_or_default().to_string()).collect::<Vec<_>>())
        .unwrap_or_default();
    let lang = asked.into_iter().chain(accepted).find_map(|tag| callready_common::i18n::Lang::from_tag(&tag));
    let lang = lang.unwrap_or_default();
    // The PDF draws a PNG logo; an SVG one is left to the page.
    let logo = match &view.brand {
        Some(brand) if brand.logo_url.is_some() => state.store.brand_logo(&brand.id).await.ok().flatten(),
        _ => None,
    };
    let png = logo.filter(|logo| logo.media_type == "image/png").map(|logo| logo.bytes);
    let made = tokio::task::spawn_blocking(move || pdf::report(&view, lang, png)).await;
    match made {
        Ok(Ok(bytes)) => (
            [
                (header::CONTENT_TYPE, HeaderValue::from_static("application/pdf")),
                (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
                (
                    header::CONTENT_DISPOSITION,
                    HeaderValue::from_str(&format!("inline; filename=\"callready-{code}.pdf\""))
                        .unwrap_or(HeaderValue::from_static("inline")),
                ),
            ],
            bytes,
        )
            .into_response(),
        Ok(Err(why)) => error::ApiError::Internal(why).into_response(),
        Err(e) => error::ApiError::Internal(e.to_string()).into_response(),
    }
}

/// `GET /embed/t/<code>`: the agent page for another site's page to frame: only the
/// origins the deployment and the session's invite list may (CSP `frame-ancestors`);
/// the page posts its progress to them alone.
async fn embed_page(
    State(state): State<AppState>,
    api::Path(code): api::Path<String>,
    uri: axum::http::Uri,
    headers: axum::http::HeaderMap,
) -> axum::response::Response {
    test_page(&state, &code, uri, headers, true).await
}

/// `GET /healthz`: liveness for load balancers and monitors, nothing more (what
/// runs where is for signed-in accounts: `GET /api/status`).
async fn healthz(State(state): State<AppState>) -> impl IntoResponse {
    let db_ok = state.store.ping().await.is_ok();
    let status = if db_ok { StatusCode::OK } else { StatusCode::SERVICE_UNAVAILABLE };
    (
        status,
        [(header::CACHE_CONTROL, HeaderValue::from_static("no-store"))],
        Json(serde_json::json!({ "status": if db_ok { "ok" } else { "degraded" } })),
    )
}

/// `GET /api/status` (any signed-in account): the services, their listeners and
/// counters. Each figure is read on its own, no lock held across another's wait.
async fn status(
    State(state): State<AppState>,
    headers: axum::http::HeaderMap,
) -> Result<impl IntoResponse, error::ApiError> {
    accounts::required(&state, &headers).await?;
    let db_ok = state.store.ping().await.is_ok();
    let turn = match &state.turn {
        Some(turn) => serde_json::json!({
            "udp": turn.udp_addr,
            "tcp": turn.tcp_addr,
            "tls": turn.tls_addr,
            "allocations": turn.allocations().await,
            "refused_permissions": turn.refused_permissions(),
            "stats": turn.stats(),
        }),
        None => serde_json::Value::Null,
    };
    let limits = &state.limits;
    let body = serde_json::json!({
        "database": if db_ok { "ok" } else { "unreachable" },
        "frontend": assets::frontend_built(),
        "turn": turn,
        "echo_peers": state.echo.as_ref().map(|e| e.peers()),
        "echo_restarts": state.echo.as_ref().map(|e| e.restarts()),
        "websockets": limits.websockets_open(),
        "transfers_cut": limits.transfers_cut.load(std::sync::atomic::Ordering::Relaxed),
        "version": env!("CARGO_PKG_VERSION"),
    });
    Ok(([(header::CACHE_CONTROL, HeaderValue::from_static("no-store"))], Json(body)))
}

/// The whole HTTP surface.
pub fn app(state: AppState) -> Router {
    use limits::Guarded;
    let limited = |guarded: Guarded| axum::middleware::from_fn_with_state((state.clone(), guarded), limits::rate_limit);
    let api = Router::new()
        .route("/sessions", post(api::sessions::create).route_layer(limited(Guarded::Sessions)).get(api::console::list))
        .route("/sessions/bulk", post(api::sessions::create_bulk).route_layer(limited(Guarded::Sessions)))
        .route("/sessions/{code}/runs.csv", get(api::console::session_runs_csv))
        .route("/runs.csv", get(api::console::runs_csv))
        .route("/sites/{site}", get(api::console::site))
        .route("/webhooks", get(webhooks::list).post(webhooks::create))
        .route("/webhooks/{id}", axum::routing::delete(webhooks::remove))
        .route("/webhooks/deliveries", get(webhooks::deliveries))
        .route("/webhooks/deliveries/{id}/redeliver", post(webhooks::redeliver))
        .route("/brand", get(brand::deployment))
        .route("/brands", get(brand::list))
        .route("/brands/{id}", axum::routing::put(brand::put).delete(brand::remove))
        .route("/brands/{id}/logo", axum::routing::put(brand::put_logo).delete(brand::remove_logo))
        .route("/runs.json", get(api::console::runs_json))
        .route("/sessions/{code}", get(api::sessions::show))
        .route("/sessions/{code}/runs", post(api::sessions::add_run).route_layer(limited(Guarded::Runs)))
        .route("/ping", get(api::ping))
        .route("/regions", get(regions::list).route_layer(limited(Guarded::Reads)))
        .route("/status", get(status))
        .route("/config", get(api::config).route_layer(limited(Guarded::Config)))
        .route("/profiles", get(api::profiles))
        .route("/probe/{token}", get(api::probe).route_layer(limited(Guarded::Reads)))
        .route("/whoami", get(path::whoami).route_layer(limited(Guarded::Reads)))
        .route("/login", post(accounts::login).route_layer(limited(Guarded::Logins)))
        .route("/logout", post(accounts::logout))
        .route("/me", get(accounts::me).route_layer(limited(Guarded::Reads)))
        .route("/download", get(api::bandwidth::download))
        .route("/upload", post(api::bandwidth::upload))
        .route_layer(axum::middleware::from_fn(metrics::tag_route))
        .fallback(api::no_route)
        .layer(regions::cors(state.regions.clone()));
    let security_headers = [
        (header::CONTENT_SECURITY_POLICY, content_security_policy(&[], &[])),
        (header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")),
        (header::REFERRER_POLICY, HeaderValue::from_static("no-referrer")),
        (
            HeaderName::from_static("permissions-policy"),
            HeaderValue::from_static("camera=(), geolocation=(), microphone=(self)"),
        ),
        (HeaderName::from_static("cross-origin-opener-policy"), HeaderValue::from_static("same-origin")),
        // No other site may load our answers as images, scripts or media.
        (HeaderName::from_static("cross-origin-resource-policy"), HeaderValue::from_static("same-origin")),
        // With COOP, this makes the page cross-origin isolated: finer performance.now() for timings.
        // `credentialless` rather than `require-corp`: a profile's web addresses are
        // fetched `no-cors`, and third-party answers carry no CORP header.
        (HeaderName::from_static("cross-origin-embedder-policy"), HeaderValue::from_static("credentialless")),
    ];
    let hsts_state = state.clone();
    let metrics = state.metrics.clone();
    let mut router = Router::new()
        .nest("/api", api)
        .route("/healthz", get(healthz))
        .route("/ws/echo", get(ws_echo::upgrade_seen))
        .route("/ws/rtc", get(rtc::signalling::upgrade))
        .route("/t/{code}", get(agent_page))
        .route("/embed/t/{code}", get(embed_page))
        .route("/r/{code}", get(report_page))
        .route("/brand/{id}/logo", get(brand::logo))
        .route("/locales/{file}", get(assets::locale))
        .route_layer(axum::middleware::from_fn(metrics::tag_route))
        .fallback(assets::serve)
        .with_state(state)
        // Bandwidth payloads are random: compressing them wastes CPU and bends the figures.
        .layer(
            CompressionLayer::new()
                .compress_when(DefaultPredicate::new().and(NotForContentType::const_new("application/octet-stream"))),
        )
        .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, REQUEST_TIMEOUT));
    for (name, value) in security_headers {
        router = router.layer(SetResponseHeaderLayer::if_not_present(name, value));
    }
    router
        .layer(axum::middleware::map_response(deny_framing))
        .layer(axum::middleware::from_fn_with_state(hsts_state, transport_security))
        .layer(axum::middleware::from_fn_with_state(metrics, metrics::count_requests))
}

/// HSTS on answers to requests that came over HTTPS (to our own TLS, or to the
/// operator's proxy that says so): browsers then never try plain HTTP for a year.
async fn transport_security(
    State(state): State<AppState>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let https = accounts::over_https(&state, request.headers());
    let mut response = next.run(request).await;
    if https {
        response.headers_mut().insert(header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static("max-age=31536000"));
    }
    response
}

/// Serves `app` on `listener` until `shutdown` completes, then closes TURN.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    if let Some(probe) = &state.tls_probe {
        probe.serve(state.clone());
    }
    let worker = tokio::spawn(webhooks::work(
        state.store.clone(),
        state.webhook_wake.clone(),
        state.webhook_allow.clone(),
        state.webhook_first_retry,
        state.metrics.clone(),
    ));
    let heartbeat = regions::start(state.regions.clone(), state.store.clone());
    let limits = http::ConnectionLimits::of(&state.limits.settings);
    let served = http::serve(zero_copy::Listener(listener), app(state.clone()), limits, shutdown).await;
    heartbeat.abort();
    regions::leave(&state.regions, &state.store).await;
    worker.abort();
    state.close().await;
    served
}

async fn bind_http(addr: SocketAddr) -> Result<(tokio::net::TcpListener, SocketAddr), StartError> {
    let failed = |source| StartError::Bind { flag: "--listen", addr, source };
    let listener = tokio::net::TcpListener::bind(addr).await.map_err(failed)?;
    let bound = listener.local_addr().map_err(failed)?;
    Ok((listener, bound))
}

/// Deletes what is older than `--retention-days` now, then starts the task that
/// does it again every 24 hours (the nightly job); `None` when the retention is 0.
async fn start_pruning(config: &Config, state: &AppState) -> Result<Option<tokio::task::JoinHandle<()>>, StartError> {
    if config.retention_days == 0 {
        return Ok(None);
    }
    let keep = Duration::from_secs(u64::from(config.retention_days) * 86_400);
    let pruner = store::retention::start(state.store.clone(), keep, store::retention::PRUNE_EVERY).await?;
    Ok(Some(pruner))
}

/// Opens storage, binds the configured address and serves until `shutdown`.
pub async fn run(config: Config, shutdown: impl Future<Output = ()> + Send + 'static) -> Result<(), StartError> {
    // Everything else first: once the HTTP port answers, STUN/TURN and the echo peer do.
    let state = AppState::from_config(&config).await?;
    let pruner = start_pruning(&config, &state).await?;
    let (listener, addr) = bind_http(config.listen).await?;
    let metrics = metrics::start(config.metrics_listen, &state).await?;
    if !assets::frontend_built() {
        tracing::warn!("this binary was built without the frontend: run `cargo xtask run`");
    }
    assets::precompress_in_background();
    tracing::info!("CallReady listening on http://{addr} (database {})", config.database().display());
    let served = serve(listener, state, shutdown).await;
    drop(metrics);
    if let Some(pruner) = pruner {
        pruner.abort();
    }
    served.map_err(|source| StartError::Bind { flag: "--listen", addr, source })
}

/// Completes on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutting down");
}

/// A server started in this process, for tests and tools; dropped = stopped.
pub struct RunningServer {
    pub addr: SocketAddr,
    /// Where `/metrics` is served (`--metrics-listen`), if anywhere.
    pub metrics_addr: Option<SocketAddr>,
    /// The server's state: tests read its services' figures here.
    pub state: AppState,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<std::io::Result<()>>>,
}

impl RunningServer {
    /// Opens storage and serves `config` on a background task.
    pub async fn start(config: Config) -> Result<RunningServer, StartError> {
        let state = AppState::from_config(&config).await?;
        let pruner = start_pruning(&config, &state).await?;
        let (listener, addr) = bind_http(config.listen).await?;
        let metrics = metrics::start(config.metrics_listen, &state).await?;
        let metrics_addr = metrics.as_ref().map(|m| m.addr);
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let served = serve(listener, state.clone(), async {
            let _ = stopped.await;
        });
        let task = tokio::spawn(async move {
            let result = served.await;
            drop(metrics);
            if let Some(pruner) = pruner {
                pruner.abort();
            }
            result
        });
        Ok(RunningServer { addr, metrics_addr, state, stop: Some(stop), task: Some(task) })
    }

    /// The one way tests (here and in e2e) start a server: [`Config::for_tests`] with
    /// its database in `dir` (loopback, random ports), changed by `configure`.
    pub async fn start_for_tests(
        dir: &std::path::Path,
        configure: impl FnOnce(&mut Config),
    ) -> Result<RunningServer, StartError> {
        let mut config = Config::for_tests(&dir.join("callready.db"));
        configure(&mut config);
        RunningServer::start(config).await
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// Stops accepting, lets requests in flight finish, and reports how serving ended.
    pub async fn stop(mut self) -> std::io::Result<()> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        match self.task.take() {
            Some(task) => task.await.map_err(std::io::Error::other)?,
            None => Ok(()),
        }
    }
}

impl Drop for RunningServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}
