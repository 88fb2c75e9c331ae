//! The HTTP API through `app(state).oneshot(..)` with a real SQLite file, and against
//! the real server on a random port where a test needs sockets (TURN credentials,
//! restarts, a request cut before its body).

mod bodies;

use bodies::run_body;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::connect_info::MockConnectInfo;
use axum::http::{Request, StatusCode};
use callready_common::api::{ClientConfig, RunSaved, SessionCreated, SessionView};
use callready_common::verdict::{CheckId, Status, Verdict};
use callready_server::anon::Anonymiser;
use callready_server::store::Store;
use callready_server::{app, AppState, RunningServer};
use serde_json::{json, Value};
use tower::ServiceExt;

/// The whole HTTP surface without sockets: `app(state)` answering requests one at a
/// time (`oneshot`), over a real SQLite file, as a client on 127.0.0.1 would reach it.
struct Fixture {
    app: axum::Router,
    dir: tempfile::TempDir,
    support: tokio::sync::OnceCell<String>,
}

async fn start() -> Fixture {
    start_with(|_| {}).await
}

async fn start_with(configure: impl FnOnce(&mut AppState)) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::for_tests(&dir.path().join("callready.db")).await.unwrap();
    let anonymiser = Anonymiser::load_or_create(&dir.path().join("callready.db.secret")).unwrap();
    let mut state = AppState::without_media(store, anonymiser, ClientConfig::default());
    configure(&mut state);
    let client = SocketAddr::from(([127, 0, 0, 1], 40000));
    let app = app(state).layer(MockConnectInfo(callready_server::path::ClientConn::from_addr(client)));
    Fixture { app, dir, support: tokio::sync::OnceCell::new() }
}

/// An answer: status, headers and the whole body.
struct Answer {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    body: Bytes,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or(Value::Null)
    }
}

impl Fixture {
    async fn send(&self, request: Request<Body>) -> Answer {
        let response = self.app.clone().oneshot(request).await.unwrap();
        let (parts, body) = response.into_parts();
        let body = axum::body::to_bytes(body, usize::MAX).await.unwrap();
        Answer { status: parts.status, headers: parts.headers, body }
    }

    /// A request with a raw body and content type.
    async fn raw(&self, method: &str, path: &str, content_type: Option<&str>, body: impl Into<Body>) -> Answer {
        let mut request = Request::builder().method(method).uri(path).header("host", "callready.test");
        if let Some(content_type) = content_type {
            request = request.header("content-type", content_type);
        }
        self.send(request.body(body.into()).unwrap()).await
    }

    async fn post(&self, path: &str, body: Value) -> (StatusCode, Value) {
        let answer = self.raw("POST", path, Some("application/json"), body.to_string()).await;
        (answer.status, answer.json())
    }

    /// A live probe token, as `/api/config` gives each page.
    async fn token(&self) -> String {
        let (_, config) = self.get("/api/config").await;
        config["probe_token"].as_str().unwrap().to_string()
    }

    async fn get(&self, path: &str) -> (StatusCode, Value) {
        let answer = self.raw("GET", path, None, Body::empty()).await;
        (answer.status, answer.json())
    }

    /// `GET path` as a signed-in support account (who reads every run by the agent's code).
    async fn as_support(&self, path: &str) -> (StatusCode, Value) {
        let cookie = self.support.get_or_init(|| logged_in(self)).await.clone();
        let answer = with_cookie(self, "GET", path, &cookie, None).await;
        (answer.status, answer.json())
    }

    async fn new_session(&self) -> String {
        let (status, body) = self.post("/api/sessions", json!({})).await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        body["code"].as_str().unwrap().to_string()
    }
}

fn error_code(body: &Value) -> &str {
    body["error"]["code"].as_str().unwrap_or_else(|| panic!("no JSON error body: {body}"))
}

#[tokio::test]
async fn create_session_returns_code_and_links() {
    let f = start().await;
    let (status, body) = f.post("/api/sessions", json!({"label": "ACME – Lyon site", "calls": 20})).await;
    assert_eq!(status, StatusCode::CREATED);
    let created: SessionCreated = serde_json::from_value(body).unwrap();
    let code = &created.code;
    assert_eq!(code.len(), 14);
    assert_eq!(created.agent_url, format!("http://callready.test/t/{code}"), "links follow the request's Host");
    let report = &created.report_code;
    assert_eq!((report.len(), report != code), (14, true), "a report code of its own");
    assert_eq!(created.results_url, format!("http://callready.test/r/{report}"));

    let (status, body) = f.get(&format!("/api/sessions/{}", code.to_lowercase().replace('-', ""))).await;
    assert_eq!(status, StatusCode::OK, "codes are accepted in any case, without dashes");
    let session: SessionView = serde_json::from_value(body).unwrap();
    assert_eq!(session.label.as_deref(), Some("ACME – Lyon site"));
    assert_eq!(session.calls, Some(20));
    assert!(session.runs.is_empty());
    assert!(session.runs_hidden, "the agent's code does not read the runs");
}

#[tokio::test]
async fn the_agent_code_runs_the_test_and_only_the_report_code_reads_every_run() {
    let f = start().await;
    let (_, created) = f.post("/api/sessions", json!({"label": "Lyon"})).await;
    let (code, report) = (created["code"].as_str().unwrap(), created["report_code"].as_str().unwrap());
    assert_eq!(f.post(&format!("/api/sessions/{code}/runs"), run_body("run-codes-00001")).await.0, StatusCode::CREATED);
    let (status, body) = f.post(&format!("/api/sessions/{report}/runs"), run_body("run-codes-00002")).await;
    assert_eq!((status, error_code(&body)), (StatusCode::NOT_FOUND, "session_not_found"), "a report code runs nothing");

    let (_, as_agent) = f.get(&format!("/api/sessions/{code}")).await;
    assert_eq!((as_agent["runs"].as_array().map(Vec::len), as_agent["runs_hidden"].as_bool()), (Some(0), Some(true)));
    assert_eq!(as_agent["label"], "Lyon", "the agent's page still gets its settings");
    assert!(as_agent["report_code"].is_null(), "nor does it learn the report code");
    let (_, as_report) = f.get(&format!("/api/sessions/{}", report.to_lowercase().replace('-', ""))).await;
    assert_eq!(
        (as_report["runs"].as_array().map(Vec::len), as_report["runs_hidden"].as_bool()),
        (Some(1), Some(false))
    );
    assert_eq!(as_report["code"], report, "the report shows the code it was opened with");
    let (_, as_support) = f.as_support(&format!("/api/sessions/{code}")).await;
    assert_eq!(
        (as_support["runs"].as_array().map(Vec::len), as_support["report_code"].as_str()),
        (Some(1), Some(report))
    );
}

#[tokio::test]
async fn create_session_accepts_an_empty_json_body_and_nothing_another_site_could_send() {
    let f = start().await;
    let json = f.raw("POST", "/api/sessions", Some("application/json"), Body::empty()).await;
    assert_eq!(json.status, StatusCode::CREATED);
    // What a form or a no-cors fetch on another site's page sends without asking.
    for content_type in
        [None, Some("text/plain"), Some("application/x-www-form-urlencoded"), Some("multipart/form-data")]
    {
        let answer = f.raw("POST", "/api/sessions", content_type, Body::empty()).await;
        assert_eq!(answer.status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{content_type:?}");
        assert_eq!(error_code(&answer.json()), "unsupported_media_type");
    }
}

#[tokio::test]
async fn public_url_setting_shapes_the_links() {
    let f = start_with(|state| state.public_url = Some("https://callready.example.com/".into())).await;
    let (_, body) = f.post("/api/sessions", json!({})).await;
    let code = body["code"].as_str().unwrap();
    assert_eq!(body["agent_url"], format!("https://callready.example.com/t/{code}"));
}

#[tokio::test]
async fn saved_run_is_judged_by_the_server_and_listed() {
    let f = start().await;
    let code = f.new_session().await;
    let (status, body) = f.post(&format!("/api/sessions/{code}/runs"), run_body("run-aaaaaaaaaaaa")).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let saved: RunSaved = serde_json::from_value(body).unwrap();
    assert_eq!(saved.verdict, Verdict::Ready);
    let memory = saved.checks.iter().find(|c| c.id == CheckId::Computer).unwrap();
    assert_eq!(memory.status, Status::Unknown, "Firefox reports no memory: unknown, never guessed");

    let (_, body) = f.as_support(&format!("/api/sessions/{code}")).await;
    let session: SessionView = serde_json::from_value(body).unwrap();
    assert_eq!(session.runs.len(), 1);
    let run = &session.runs[0];
    assert_eq!((run.number, saved.number), (1, 1));
    assert_eq!(run.network.client_prefix, "127.0.0.0/24");
    assert_eq!(run.network.client_id.len(), 16);
    assert_eq!(run.results.https.rtt_ms.len(), 10);
}

#[tokio::test]
async fn runs_are_numbered_within_their_session() {
    let f = start().await;
    let first = f.new_session().await;
    for (i, id) in ["run-first-aaaaaa", "run-second-aaaaa"].iter().enumerate() {
        let (_, body) = f.post(&format!("/api/sessions/{first}/runs"), run_body(id)).await;
        assert_eq!(body["number"], i + 1, "{body}");
        assert!(body.get("id").is_none(), "no database id leaves the server: {body}");
    }
    let second = f.new_session().await;
    let (_, body) = f.post(&format!("/api/sessions/{second}/runs"), run_body("run-other-aaaaaa")).await;
    assert_eq!(body["number"], 1, "a new session's first run is run 1, whatever the server holds");
    let (_, body) = f.as_support(&format!("/api/sessions/{first}")).await;
    let session: SessionView = serde_json::from_value(body).unwrap();
    assert_eq!(session.runs.iter().map(|r| r.number).collect::<Vec<_>>(), vec![2, 1], "newest first");
}

#[tokio::test]
async fn retried_save_is_stored_once() {
    let f = start().await;
    let code = f.new_session().await;
    let path = format!("/api/sessions/{code}/runs");
    let (first, a) = f.post(&path, run_body("run-retry-000001")).await;
    // The retry carries other figures (a second attempt of a page that changed its
    // mind): the answer is still the stored run's verdict, not this one's.
    let mut changed = run_body("run-retry-000001");
    changed["results"]["https"]["rtt_ms"] = json!([900.0, 950.0, 990.0]);
    changed["results"]["https"]["attempts"] = json!(3);
    let (second, b) = f.post(&path, changed).await;
    assert_eq!((first, second), (StatusCode::CREATED, StatusCode::OK));
    assert_eq!(a["number"], b["number"]);
    assert_eq!((&a["verdict"], &a["checks"]), (&b["verdict"], &b["checks"]), "the stored outcome, again");
    let (_, session) = f.as_support(&format!("/api/sessions/{code}")).await;
    assert_eq!(session["runs"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn stored_file_holds_no_full_client_address_nor_user_agent() {
    let f = start().await;
    let code = f.new_session().await;
    let ua = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";
    let request = Request::post(format!("/api/sessions/{code}/runs"))
        .header("user-agent", ua)
        .header("content-type", "application/json")
        .body(Body::from(run_body("run-anon-0000001").to_string()))
        .unwrap();
    assert_eq!(f.send(request).await.status, StatusCode::CREATED);
    let (_, session) = f.as_support(&format!("/api/sessions/{code}")).await;
    assert_eq!(session["runs"][0]["network"]["user_agent"], json!({"family": "firefox", "major": 128, "os": "linux"}));
    let stored = Store::stored_bytes_for_tests(&f.dir.path().join("callready.db")).await.unwrap();
    let stored = String::from_utf8_lossy(&stored);
    assert!(stored.contains("127.0.0.0/24"), "the prefix is stored");
    assert!(!stored.contains("127.0.0.1"), "the full client address must never be stored");
    assert!(!stored.contains("Gecko/20100101"), "the raw User-Agent must never be stored");
}

#[tokio::test]
async fn bad_input_gets_json_errors_and_writes_nothing() {
    let f = start().await;
    let code = f.new_session().await;
    let runs = format!("/api/sessions/{code}/runs");

    let (status, body) = f.post("/api/sessions", json!({"label": "x", "colour": "red"})).await;
    assert_eq!((status, error_code(&body)), (StatusCode::BAD_REQUEST, "invalid_json"));
    let (status, body) = f.post("/api/sessions", json!({"calls": "twenty"})).await;
    assert_eq!((status, error_code(&body)), (StatusCode::BAD_REQUEST, "invalid_json"));
    let (status, body) = f.post("/api/sessions", json!({"label": "x".repeat(121)})).await;
    assert_eq!((status, error_code(&body)), (StatusCode::UNPROCESSABLE_ENTITY, "invalid_field"));
    assert!(body["error"]["message"].as_str().unwrap().contains("label"));
    let (status, body) = f.post("/api/sessions", json!({"calls": 0})).await;
    assert_eq!((status, error_code(&body)), (StatusCode::UNPROCESSABLE_ENTITY, "invalid_field"));

    let mut negative = run_body("run-bad-00000001");
    negative["results"]["https"]["rtt_ms"][0] = json!(-5.0);
    let (status, body) = f.post(&runs, negative).await;
    assert_eq!((status, error_code(&body)), (StatusCode::UNPROCESSABLE_ENTITY, "invalid_field"));

    let huge_number = r#"{"client_run_id":"run-bad-00000002","results":{"duration_ms":1e999}}"#;
    let answer = f.raw("POST", &runs, Some("application/json"), huge_number).await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST, "non-finite numbers are refused");
    assert_eq!(error_code(&answer.json()), "invalid_json");

    let mut extra = run_body("run-bad-00000003");
    extra["results"]["websocket"]["local_ip"] = json!("192.168.1.20");
    let (status, body) = f.post(&runs, extra).await;
    assert_eq!((status, error_code(&body)), (StatusCode::BAD_REQUEST, "invalid_json"));

    let big = format!(r#"{{"label": "{}"}}"#, "a".repeat(70 * 1024));
    let answer = f.raw("POST", "/api/sessions", Some("application/json"), big).await;
    assert_eq!(answer.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(error_code(&answer.json()), "body_too_large");

    let answer = f.raw("POST", &runs, Some("text/plain"), "hello").await;
    assert_eq!(answer.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(error_code(&answer.json()), "unsupported_media_type");

    let (status, body) = f.post("/api/sessions/0000-0000-0000/runs", run_body("run-bad-00000004")).await;
    assert_eq!((status, error_code(&body)), (StatusCode::NOT_FOUND, "session_not_found"));
    let (status, body) = f.get("/api/sessions/not-a-code").await;
    assert_eq!((status, error_code(&body)), (StatusCode::BAD_REQUEST, "invalid_code"));
    let (status, body) = f.get("/api/nothing-here").await;
    assert_eq!((status, error_code(&body)), (StatusCode::NOT_FOUND, "not_found"));

    let (_, session) = f.as_support(&format!("/api/sessions/{code}")).await;
    assert_eq!(session["runs"], json!([]), "nothing half-written");
}

#[tokio::test]
async fn ping_is_uncacheable_and_config_carries_thresholds() {
    let f = start().await;
    let ping = f.raw("GET", "/api/ping", None, Body::empty()).await;
    assert_eq!(ping.status, StatusCode::NO_CONTENT);
    assert_eq!(ping.headers["cache-control"], "no-store");
    assert_eq!(ping.headers["timing-allow-origin"], "*", "a region's page may read the ping's timing");
    let (status, config) = f.get("/api/config").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(config["thresholds"]["rtt_pass_ms"], 150.0);
    assert_eq!(config["https_pings"], 10);
}

/// The page (and any softphone) gets STUN/TURN URLs with TURN REST credentials that
/// coturn's `use-auth-secret` would accept: `<expiry>:<tag>` and
/// base64(HMAC-SHA1(secret, username)), valid ten minutes.
#[tokio::test]
async fn config_hands_out_ice_servers_with_ten_minute_rest_credentials() {
    use base64::Engine;
    use hmac::{Hmac, Mac};

    let dir = tempfile::tempdir().unwrap();
    let server =
        RunningServer::start_for_tests(dir.path(), |c| c.turn_secret = Some("lab-shared-secret".into())).await.unwrap();
    let before = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
    let config: Value = reqwest::get(server.url("/api/config")).await.unwrap().json().await.unwrap();

    let transports: Vec<&str> =
        config["ice"].as_array().unwrap().iter().map(|p| p["transport"].as_str().unwrap()).collect();
    assert_eq!(transports, ["stun_udp", "turn_udp", "turn_tcp", "turn_tls"], "{config}");
    let servers = config["iceServers"].as_array().expect("an RTCConfiguration-shaped iceServers list");
    assert_eq!(servers.len(), 4, "{config}");
    let urls: Vec<&str> = servers.iter().map(|s| s["urls"][0].as_str().unwrap()).collect();
    assert!(
        urls[0].starts_with("stun:") && servers[0].get("username").is_none(),
        "STUN needs no credentials: {urls:?}"
    );
    assert!(urls[1].starts_with("turn:") && urls[1].ends_with("?transport=udp"), "{urls:?}");
    assert!(urls[2].starts_with("turn:") && urls[2].ends_with("?transport=tcp"), "{urls:?}");
    assert!(urls[3].starts_with("turns:"), "{urls:?}");
    for turn in &servers[1..] {
        let username = turn["username"].as_str().unwrap();
        let (expiry, tag) = username.split_once(':').unwrap();
        let expiry: u64 = expiry.parse().unwrap();
        assert!(!tag.is_empty());
        assert!((before + 600..=before + 602).contains(&expiry), "valid ten minutes: {expiry} vs now {before}");
        let mut mac = <Hmac<sha1::Sha1> as Mac>::new_from_slice(b"lab-shared-secret").unwrap();
        mac.update(username.as_bytes());
        let expected = base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes());
        assert_eq!(turn["credential"], expected.as_str(), "coturn's use-auth-secret scheme");
    }
    assert_eq!(config["ice"][1]["relay_only"], true);
    assert_eq!(config["ice"][0]["relay_only"], false);
}

#[tokio::test]
async fn healthz_reports_database_and_security_headers_are_set() {
    let f = start().await;
    let answer = f.raw("GET", "/healthz", None, Body::empty()).await;
    assert_eq!(answer.status, StatusCode::OK);
    let csp = answer.headers["content-security-policy"].to_str().unwrap().to_string();
    assert!(csp.contains("'wasm-unsafe-eval'") && csp.contains("default-src 'self'"), "{csp}");
    assert_eq!(answer.headers["x-content-type-options"], "nosniff");
    assert_eq!(answer.headers["cross-origin-resource-policy"], "same-origin");
    // Public: liveness only, no listener, counter nor version.
    assert_eq!(answer.json(), json!({"status": "ok"}));
    assert!(answer.headers.get("strict-transport-security").is_none(), "plain HTTP gets no HSTS");

    // The rest is for accounts.
    let anonymous = f.raw("GET", "/api/status", None, Body::empty()).await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
    let (status, body) = f.as_support("/api/status").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["database"], "ok");
    assert_eq!(body["turn"], Value::Null, "this state runs no TURN");
    assert_eq!(body["version"], env!("CARGO_PKG_VERSION"));
}

#[tokio::test]
async fn hsts_is_sent_when_served_over_https() {
    let f = start_with(|state| state.public_url = Some("https://callready.test".into())).await;
    let answer = f.raw("GET", "/healthz", None, Body::empty()).await;
    let hsts = answer.headers["strict-transport-security"].to_str().unwrap();
    assert_eq!(hsts, "max-age=31536000");
}

/// An invite's agent page starts in the invite's language: the server marks the
/// page's root element with it (`cargo xtask test` builds the page first).
#[tokio::test]
async fn an_invite_s_agent_page_is_marked_with_its_language() {
    let f = start().await;
    let (_, french) = f.post("/api/sessions", json!({"language": "fr"})).await;
    let plain = f.new_session().await;
    for (code, marked) in [(french["code"].as_str().unwrap().to_string(), true), (plain, false)] {
        for path in [format!("/t/{code}"), format!("/embed/t/{code}")] {
            let answer = f.raw("GET", &path, None, Body::empty()).await;
            assert_eq!(answer.status, StatusCode::OK, "{path}: the page is built into the binary");
            let html = String::from_utf8_lossy(&answer.body).to_string();
            let root = if marked { "<html lang=\"fr\" data-invite-lang=\"fr\">" } else { "<html lang=\"en\">" };
            assert!(html.contains(root), "{path}: {html}");
            assert!(answer.headers["content-security-policy"].to_str().unwrap().contains("frame-ancestors"));
        }
    }
}

/// The report as a PDF, in the language asked for: `pdftotext` (poppler) finds the
/// verdict, the code and every check's heading in French and in Russian; the agent's
/// code alone does not open it.
#[tokio::test]
async fn the_report_pdf_reads_in_the_language_asked_for() {
    use callready_common::i18n::Lang;
    let f = start().await;
    let (_, created) = f.post("/api/sessions", json!({"label": "Site de Lyon"})).await;
    let (code, report) = (created["code"].as_str().unwrap(), created["report_code"].as_str().unwrap());
    let (status, saved) = f.post(&format!("/api/sessions/{code}/runs"), run_body("run-pdf-0001")).await;
    assert_eq!(status, StatusCode::CREATED, "{saved}");
    let checks: Vec<CheckId> = serde_json::from_value(
        saved["checks"].as_array().unwrap().iter().map(|c| c["id"].clone()).collect::<Vec<_>>().into(),
    )
    .unwrap();
    let verdict: Verdict = serde_json::from_value(saved["verdict"].clone()).unwrap();
    for (lang, query) in [(Lang::Fr, "?lng=fr"), (Lang::Ru, "?lng=ru")] {
        let answer = f.raw("GET", &format!("/r/{report}.pdf{query}"), None, Body::empty()).await;
        assert_eq!(answer.status, StatusCode::OK, "{}", String::from_utf8_lossy(&answer.body));
        assert_eq!(answer.headers["content-type"], "application/pdf");
        assert!(answer.body.starts_with(b"%PDF-"));
        let file = f.dir.path().join(format!("report-{}.pdf", lang.code()));
        std::fs::write(&file, &answer.body).unwrap();
        let out = std::process::Command::new("pdftotext").args(["-layout"]).arg(&file).arg("-").output().unwrap();
        assert!(out.status.success(), "pdftotext: {}", String::from_utf8_lossy(&out.stderr));
        let text = String::from_utf8_lossy(&out.stdout).to_string();
        println!("{}: {} bytes, {} characters of text", lang.code(), answer.body.len(), text.len());
        assert!(text.contains(&verdict.word(lang)), "{text}");
        assert!(text.contains(report), "the code: {text}");
        for id in &checks {
            assert!(text.contains(&id.name(lang)), "{}: {id:?}: {text}", lang.code());
        }
    }
    // The agent's code runs the test; the runs (and so the PDF) need the report code.
    let answer = f.raw("GET", &format!("/r/{code}.pdf"), None, Body::empty()).await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
    let answer = f.raw("GET", "/r/AAAA-BBBB-CCCC.pdf", None, Body::empty()).await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND);
}

/// Only `/embed/t/<code>` may be framed, and only by the deployment's origins and
/// the invite's own; every other page, and the embed page of an unknown code, says
/// `frame-ancestors 'none'` and `X-Frame-Options: DENY`.
#[tokio::test]
async fn only_the_embed_page_may_be_framed_and_only_by_the_listed_origins() {
    let f = start_with(|state| state.embed_origins = Arc::new(vec!["https://desk.example.com".into()])).await;
    let (status, created) = f
        .post("/api/sessions", json!({"embed_origins": ["https://CRM.example.org/", "https://desk.example.com"]}))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let code = created["code"].as_str().unwrap();
    let framing = |answer: &Answer| {
        let csp = answer.headers["content-security-policy"].to_str().unwrap().to_string();
        let ancestors =
            csp.split("; ").find_map(|d| d.strip_prefix("frame-ancestors ")).unwrap_or_default().to_string();
        (ancestors, answer.headers.get("x-frame-options").map(|v| v.to_str().unwrap().to_string()))
    };
    let embed = f.raw("GET", &format!("/embed/t/{code}"), None, Body::empty()).await;
    assert_eq!(framing(&embed), ("https://desk.example.com https://crm.example.org".to_string(), None));
    let (_, view) = f.get(&format!("/api/sessions/{code}")).await;
    assert_eq!(view["embed_origins"], json!(["https://desk.example.com", "https://crm.example.org"]));
    let denied = Some("DENY".to_string());
    for path in [format!("/t/{code}"), "/console".into(), "/embed/t/AAAA-BBBB-CCCC".into(), "/healthz".into()] {
        let answer = f.raw("GET", &path, None, Body::empty()).await;
        assert_eq!(framing(&answer), ("'none'".to_string(), denied.clone()), "{path}");
    }
    // Without a deployment list, a session without origins of its own is unframeable.
    let g = start().await;
    let plain = g.new_session().await;
    let answer = g.raw("GET", &format!("/embed/t/{plain}"), None, Body::empty()).await;
    assert_eq!(framing(&answer), ("'none'".to_string(), denied));
    // An origin is an origin: no paths, wildcards or policy text.
    for bad in ["https://x.example/path", "*", "https://x.example; script-src *"] {
        let (status, body) = f.post("/api/sessions", json!({"embed_origins": [bad]})).await;
        assert_eq!((status, error_code(&body)), (StatusCode::UNPROCESSABLE_ENTITY, "invalid_field"), "{bad}: {body}");
    }
}

/// A page that retries while its first save is still in flight sends the same run
/// twice at once: one run is stored, and every answer names it.
#[tokio::test]
async fn concurrent_saves_of_one_run_store_it_once() {
    let f = start().await;
    let code = f.new_session().await;
    let runs = format!("/api/sessions/{code}/runs");
    let saves: Vec<_> = (0..8)
        .map(|_| {
            let (app, runs) = (f.app.clone(), runs.clone());
            tokio::spawn(async move {
                let request = Request::post(runs)
                    .header("content-type", "application/json")
                    .body(Body::from(run_body("run-concurrent-01").to_string()))
                    .unwrap();
                let response = app.oneshot(request).await.unwrap();
                let status = response.status();
                let body = axum::body::to_bytes(response.into_body(), usize::MAX).await.unwrap();
                (status, serde_json::from_slice::<Value>(&body).unwrap_or(Value::Null))
            })
        })
        .collect();
    let mut answers = Vec::new();
    for save in saves {
        answers.push(save.await.unwrap());
    }
    let mut ids = Vec::new();
    for (status, body) in &answers {
        assert!(matches!(*status, StatusCode::CREATED | StatusCode::OK), "{status}: {body}");
        ids.push(body["number"].as_i64().unwrap());
    }
    assert_eq!(answers.iter().filter(|(s, _)| *s == StatusCode::CREATED).count(), 1, "{answers:?}");
    assert!(ids.iter().all(|id| *id == ids[0]), "{ids:?}");
    let (_, session) = f.as_support(&format!("/api/sessions/{code}")).await;
    assert_eq!(session["runs"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn run_saved_is_on_disk_after_restart() {
    let dir = tempfile::tempdir().unwrap();
    let server = RunningServer::start_for_tests(dir.path(), |_| {}).await.unwrap();
    let http = reqwest::Client::new();
    let created: Value =
        http.post(server.url("/api/sessions")).json(&serde_json::json!({})).send().await.unwrap().json().await.unwrap();
    let code = created["code"].as_str().unwrap().to_string();
    let report = created["report_code"].as_str().unwrap().to_string();
    let saved = http
        .post(server.url(&format!("/api/sessions/{code}/runs")))
        .json(&run_body("run-durable-0001"))
        .send()
        .await
        .unwrap();
    assert_eq!(saved.status(), StatusCode::CREATED);
    server.stop().await.unwrap();

    let server = RunningServer::start_for_tests(dir.path(), |_| {}).await.unwrap();
    let session: SessionView =
        http.get(server.url(&format!("/api/sessions/{report}"))).send().await.unwrap().json().await.unwrap();
    assert_eq!(session.runs.len(), 1);
}

#[tokio::test]
async fn download_streams_incompressible_bytes_uncompressed() {
    let f = start().await;
    let token = f.token().await;
    let request =
        Request::get(format!("/api/download?bytes=3000000&token={token}")).header("accept-encoding", "gzip, br");
    let request = request.body(Body::empty());
    let answer = f.send(request.unwrap()).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.headers["content-type"], "application/octet-stream");
    assert_eq!(answer.headers["cache-control"], "no-store");
    assert!(answer.headers.get("content-encoding").is_none(), "never compressed");
    let body = answer.body;
    assert_eq!(body.len(), 3_000_000);
    // Random bytes: every byte value appears, none dominates.
    let mut counts = [0u32; 256];
    body.iter().for_each(|b| counts[*b as usize] += 1);
    assert!(counts.iter().all(|&c| c > 9000 && c < 14_500), "{:?}", &counts[..8]);

    for bad in ["/api/download?bytes=lots", "/api/download?bytes=300000000", "/api/download?bytes=10&x=1"] {
        let (status, body) = f.get(&format!("{bad}&token={token}")).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}: {body}");
        assert_eq!(error_code(&body), "invalid_field");
    }
}

#[tokio::test]
async fn a_transfer_needs_a_live_test_s_token() {
    let f = start().await;
    let never_issued = "0123456789abcdef0123456789abcdef";
    for path in ["/api/download?bytes=10".to_string(), format!("/api/download?bytes=10&token={never_issued}")] {
        let (status, body) = f.get(&path).await;
        assert_eq!((status, error_code(&body)), (StatusCode::FORBIDDEN, "transfer_not_allowed"), "{path}");
    }
    let answer = f.raw("POST", &format!("/api/upload?token={never_issued}"), None, vec![7u8; 1000]).await;
    assert_eq!((answer.status, error_code(&answer.json())), (StatusCode::FORBIDDEN, "transfer_not_allowed"));
}

#[tokio::test]
async fn upload_is_counted_by_the_server() {
    let f = start().await;
    let token = f.token().await;
    let answer = f.raw("POST", &format!("/api/upload?token={token}"), None, vec![7u8; 2_500_000]).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.headers["content-type"], "application/json");
    assert_eq!(answer.headers["cache-control"], "no-store");
    let receipt: callready_common::probes::bandwidth::UploadReceipt = serde_json::from_slice(&answer.body).unwrap();
    assert_eq!(receipt.bytes, 2_500_000);
    assert!(receipt.first_byte_ms <= receipt.last_byte_ms, "{receipt:?}");

    // A declared length over the limit is refused at once, before the body is sent:
    // that takes a real socket.
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let dir = tempfile::tempdir().unwrap();
    let server = RunningServer::start_for_tests(dir.path(), |_| {}).await.unwrap();
    let url = server.url("");
    let authority = url.trim_start_matches("http://").trim_end_matches('/');
    let config: Value = reqwest::get(server.url("/api/config")).await.unwrap().json().await.unwrap();
    let token = config["probe_token"].as_str().unwrap();
    let mut socket = tokio::net::TcpStream::connect(authority).await.unwrap();
    let head = format!(
        "POST /api/upload?token={token} HTTP/1.1\r\nhost: {authority}\r\ncontent-length: {}\r\n\r\n",
        300u64 << 20
    );
    socket.write_all(head.as_bytes()).await.unwrap();
    let mut answer = vec![0u8; 4096];
    let n = tokio::time::timeout(Duration::from_secs(5), socket.read(&mut answer)).await.unwrap().unwrap();
    let answer = String::from_utf8_lossy(&answer[..n]).to_string();
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(answer.contains("\"transfer_too_large\""), "{answer}");
}

/// A run in which UDP is blocked: only TURN over TCP relays.
fn tcp_only_run(client_run_id: &str) -> Value {
    let mut run = run_body(client_run_id);
    let probe = |transport: &str, types: Value| {
        json!({"transport": transport, "candidate_types": types, "first_candidate_ms": 1.0,
               "gathering_ms": 40.0, "failure": null})
    };
    run["results"]["ice"] = json!([probe("turn_udp", json!(["host"])), probe("turn_tcp", json!(["host", "relay"]))]);
    run
}

#[tokio::test]
async fn profiles_are_listed_and_judge_the_runs_of_the_sessions_naming_them() {
    let f = start().await;
    let (status, list) = f.get("/api/profiles").await;
    assert_eq!(status, StatusCode::OK);
    let ids: Vec<&str> = list.as_array().unwrap().iter().map(|p| p["id"].as_str().unwrap()).collect();
    for id in ["default", "browser-softphone", "uc-pbx", "onprem-uc", "onprem-uc-443", "hosted-pbx", "crm-integration"]
    {
        assert!(ids.contains(&id), "{id} in {ids:?}");
    }
    assert!(list[0]["name"].is_string() && list[0]["description"].is_string(), "{list}");

    let (status, body) = f.post("/api/sessions", json!({"profile": "no-such-profile"})).await;
    assert_eq!((status, error_code(&body)), (StatusCode::UNPROCESSABLE_ENTITY, "unknown_profile"));
    assert!(body["error"]["message"].as_str().unwrap().contains("uc-pbx"), "the valid ids are listed: {body}");

    // The same TCP-only run: a warning by default, a failure where UDP is required,
    // a pass where a relay is acceptable.
    for (profile, verdict) in
        [(None, "ready_with_warnings"), (Some("uc-pbx"), "not_ready"), (Some("onprem-uc"), "ready")]
    {
        let (_, created) = f.post("/api/sessions", json!({"profile": profile})).await;
        let code = created["code"].as_str().unwrap();
        let (status, saved) = f.post(&format!("/api/sessions/{code}/runs"), tcp_only_run("run-profile-00001")).await;
        assert_eq!(status, StatusCode::CREATED, "{saved}");
        assert_eq!(saved["verdict"], verdict, "{profile:?}: {saved}");
        let (_, session) = f.as_support(&format!("/api/sessions/{code}")).await;
        let expected = profile.unwrap_or("default");
        assert_eq!(session["profile"]["id"], expected);
        assert_eq!(session["runs"][0]["profile"]["id"], expected, "the run keeps the profile it was judged with");
    }
}

/// `GET /api/whoami`, as support would call it with curl: a proxy's `Via` is named,
/// a probe header that arrives changed is reported, a plain request shows nothing,
/// and the operator's own reverse proxy (`proxy_hops`) is not a finding.
#[tokio::test]
async fn whoami_reports_proxy_marks_and_changed_headers() {
    let f = start().await;
    let ask = |headers: &'static [(&'static str, &'static str)], path: &'static str| {
        let mut request = Request::builder().uri(path).header("host", "callready.test");
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        f.send(request.body(Body::empty()).unwrap())
    };
    let plain = ask(&[], "/api/whoami").await;
    assert_eq!(plain.status, StatusCode::OK);
    assert_eq!(plain.headers["cache-control"], "no-store");
    let body = plain.json();
    assert_eq!(body["path"]["proxy"], Value::Null, "{body}");
    assert_eq!(body["client_prefix"], "127.0.0.0/24");
    assert_eq!(body["path"]["headers_intact"], Value::Null, "no probe asked");

    let squid =
        ask(&[("via", "1.1 proxy.corp.example (squid/5.7)"), ("x-forwarded-for", "10.1.2.3")], "/api/whoami").await;
    let body = squid.json();
    assert_eq!(body["path"]["proxy"]["product"], "squid/5.7", "{body}");
    assert_eq!(body["path"]["proxy"]["headers"], json!(["via", "x-forwarded-for"]));

    let intact = ask(&[("x-callready-probe", "abc123")], "/api/whoami?probe=abc123").await.json();
    assert_eq!(intact["path"]["headers_intact"], true);
    let changed = ask(&[("x-callready-probe", "ABC123")], "/api/whoami?probe=abc123").await.json();
    assert_eq!(changed["path"]["headers_intact"], false);

    let behind = start_with(|state| state.proxy_hops = 1).await;
    let request = Request::builder()
        .uri("/api/whoami")
        .header("x-forwarded-for", "203.0.113.9")
        .header("x-real-ip", "203.0.113.9")
        .body(Body::empty())
        .unwrap();
    assert_eq!(behind.send(request).await.json()["path"]["proxy"], Value::Null, "our own nginx is no finding");
}

/// The path a stored run shows is what the server saw of the request saving it: the
/// TCP segment size of the real connection, whatever the page claimed.
#[tokio::test]
async fn a_run_s_path_is_what_the_server_saw_not_what_the_page_said() {
    let dir = tempfile::tempdir().unwrap();
    let server = RunningServer::start_for_tests(dir.path(), |_| {}).await.unwrap();
    let client = reqwest::Client::new();
    let seen: Value = client.get(server.url("/api/whoami")).send().await.unwrap().json().await.unwrap();
    let mss = seen["path"]["mss"].as_u64().expect("the kernel gives the MSS of a real connection");
    assert!(mss > 1400, "loopback carries large segments: {mss}");

    let created: Value = client
        .post(server.url("/api/sessions"))
        .json(&serde_json::json!({}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let code = created["code"].as_str().unwrap();
    let report = created["report_code"].as_str().unwrap();
    let mut body = run_body("run-path-000001");
    body["results"]["path"] = json!({"proxy": null, "headers_intact": true, "mss": 1200, "ipv6": false});
    let saved = client
        .post(server.url(&format!("/api/sessions/{code}/runs")))
        .header("x-callready-probe", "run-path-000001")
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(saved.status(), 201);
    let session: SessionView =
        client.get(server.url(&format!("/api/sessions/{report}"))).send().await.unwrap().json().await.unwrap();
    let path = session.runs[0].results.path.clone().unwrap();
    assert_eq!(path.mss, Some(mss as u32), "the page's 1200 is replaced by the server's view");
    assert_eq!(path.headers_intact, Some(true));
    let mtu = session.runs[0].checks.iter().find(|c| c.id == CheckId::PathMtu).unwrap();
    assert_eq!(mtu.status, Status::Pass, "{}", mtu.summary);
}

#[tokio::test]
async fn an_invite_carries_its_fields_and_its_link_closes_after_max_runs_or_expiry() {
    let f = start().await;
    let invite = json!({
        "label": "Onboarding", "site": "Lyon", "agent": "Ana Lima", "language": "fr",
        "expires_in": "7d", "max_runs": 1, "fields": {"ticket": "4711"}
    });
    let (status, body) = f.post("/api/sessions", invite).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let code = body["code"].as_str().unwrap().to_string();
    let (_, shown) = f.as_support(&format!("/api/sessions/{code}")).await;
    assert_eq!((shown["site"].as_str(), shown["agent"].as_str()), (Some("Lyon"), Some("Ana Lima")));
    assert_eq!((shown["language"].as_str(), shown["fields"]["ticket"].as_str()), (Some("fr"), Some("4711")));
    let week = shown["expires_at_ms"].as_i64().unwrap() - shown["created_at_ms"].as_i64().unwrap();
    assert_eq!(week, 7 * 86_400_000);
    assert!(shown["closed"].is_null());

    let runs = format!("/api/sessions/{code}/runs");
    assert_eq!(f.post(&runs, run_body("run-invite-0001")).await.0, StatusCode::CREATED);
    let (status, body) = f.post(&runs, run_body("run-invite-0002")).await;
    assert_eq!((status, error_code(&body)), (StatusCode::GONE, "link_closed"), "{body}");
    assert!(body["error"]["message"].as_str().unwrap().contains("used for the 1 test it allows"), "{body}");
    assert_eq!(f.post(&runs, run_body("run-invite-0001")).await.0, StatusCode::OK, "a retry still finds its run");
    let (_, shown) = f.as_support(&format!("/api/sessions/{code}")).await;
    assert_eq!(shown["runs"].as_array().unwrap().len(), 1, "the report stays readable");
    // Why, as a message each page shows in its own language.
    let why: callready_common::api::LinkClosed = serde_json::from_value(shown["closed"].clone()).unwrap();
    assert_eq!(why, callready_common::api::LinkClosed::UsedUp { runs: 1 });
    let why = why.text();
    assert!(why.english().starts_with("This test link has been used for the 1 test it allows"), "{shown}");
    let french = why.render(callready_common::i18n::Lang::Fr);
    assert!(french.starts_with("Ce lien de test permettait 1 test, déjà effectué."), "{french}");

    // A link past its expiry (written straight into the database, a day ago).
    let store = Store::for_tests(&f.dir.path().join("callready.db")).await.unwrap();
    let expired: callready_common::SessionCode = "EXP1-RED0-L1NK".parse().unwrap();
    let invite = callready_server::store::Invite {
        expires_at_ms: Some(callready_server::now_ms() - 86_400_000),
        ..Default::default()
    };
    store
        .create_session(&callready_server::store::NewSession {
            code: &expired,
            report_code: None,
            label: None,
            calls: None,
            profile_id: None,
            invite: &invite,
            now_ms: callready_server::now_ms() - 2 * 86_400_000,
        })
        .await
        .unwrap();
    let (status, body) = f.post(&format!("/api/sessions/{expired}/runs"), run_body("run-expired-001")).await;
    assert_eq!((status, error_code(&body)), (StatusCode::GONE, "link_closed"), "{body}");
    assert!(body["error"]["message"].as_str().unwrap().starts_with("This test link expired on "), "{body}");

    // Without an expiry asked for, a link lasts 30 days.
    let (_, body) = f.post("/api/sessions", json!({})).await;
    let (_, shown) = f.get(&format!("/api/sessions/{}", body["code"].as_str().unwrap())).await;
    let lasts = shown["expires_at_ms"].as_i64().unwrap() - shown["created_at_ms"].as_i64().unwrap();
    assert_eq!(lasts, 30 * 86_400_000);
}

#[tokio::test]
async fn a_bad_invite_is_refused_with_the_field_and_nothing_is_stored() {
    let f = start().await;
    for (invite, field) in [
        (json!({"expires_in": "2w"}), "expires_in"),
        (json!({"max_runs": 0}), "max_runs"),
        (json!({"language": "de"}), "language"),
        (json!({"site": "x".repeat(121)}), "site"),
        (json!({"fields": {"bad key": "v"}}), "fields"),
        (json!({"fields": {"crm": "v".repeat(121)}}), "fields.crm"),
    ] {
        let (status, body) = f.post("/api/sessions", invite.clone()).await;
        assert_eq!((status, error_code(&body)), (StatusCode::UNPROCESSABLE_ENTITY, "invalid_field"), "{invite}");
        assert!(body["error"]["message"].as_str().unwrap().starts_with(&format!("{field}:")), "{body}");
    }
    let (status, body) = f.post("/api/sessions", json!({"fields": {"ticket": 4711}})).await;
    assert_eq!((status, error_code(&body)), (StatusCode::BAD_REQUEST, "invalid_json"), "values are text");
}

/// A request with the given cookie.
async fn with_cookie(f: &Fixture, method: &str, path: &str, cookie: &str, body: Option<Value>) -> Answer {
    let request = Request::builder()
        .method(method)
        .uri(path)
        .header("host", "callready.test")
        .header("cookie", cookie)
        .header("content-type", "application/json");
    f.send(request.body(body.map(|b| b.to_string()).unwrap_or_default().into()).unwrap()).await
}

/// A support account `sam`, logged in: its cookie.
async fn logged_in(f: &Fixture) -> String {
    let store = Store::for_tests(&f.dir.path().join("callready.db")).await.unwrap();
    let hash = callready_server::accounts::hash_password("correct horse battery").unwrap();
    store.add_user("sam", callready_server::store::Role::Support, &hash, 0).await.unwrap();
    let body = json!({"name": "sam", "password": "correct horse battery"}).to_string();
    let answer = f.raw("POST", "/api/login", Some("application/json"), body).await;
    assert_eq!(answer.status, StatusCode::OK);
    answer.headers["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_string()
}

#[tokio::test]
async fn support_lists_finds_and_exports_sessions_with_an_account_only() {
    let f = start_with(|state| state.open_sessions = false).await;

    for path in ["/api/sessions", "/api/runs.csv", "/api/runs.json", "/api/sessions/7KQ2-M9XD-4TPA/runs.csv"] {
        let (status, body) = f.get(path).await;
        assert_eq!((status, error_code(&body)), (StatusCode::UNAUTHORIZED, "login_required"), "{path}");
    }
    let cookie = logged_in(&f).await;

    let lyon = with_cookie(
        &f,
        "POST",
        "/api/sessions",
        &cookie,
        Some(json!({"label": "=cmd|' /C calc'!A0", "site": "Lyon", "agent": "Ana"})),
    )
    .await;
    assert_eq!(lyon.status, StatusCode::CREATED);
    let lyon = lyon.json()["code"].as_str().unwrap().to_string();
    let paris =
        with_cookie(&f, "POST", "/api/sessions", &cookie, Some(json!({"label": "Paris desk", "site": "Paris"}))).await;
    let paris = paris.json()["code"].as_str().unwrap().to_string();
    assert_eq!(f.post(&format!("/api/sessions/{lyon}/runs"), run_body("run-list-000001")).await.0, StatusCode::CREATED);

    let list = |query: &str| {
        let path = format!("/api/sessions?{query}");
        let cookie = cookie.clone();
        let f = &f;
        async move { with_cookie(f, "GET", &path, &cookie, None).await.json() }
    };
    let all = list("").await;
    assert_eq!(all["total"], 2);
    assert_eq!(all["sessions"][0]["code"], paris, "newest first");
    assert_eq!(all["sessions"][1]["latest_verdict"], "ready");
    assert_eq!(all["sessions"][0]["latest_verdict"], Value::Null);
    // The code an agent reads out: lowercase, no dashes.
    let typed = lyon.replace('-', "").to_lowercase();
    let found = list(&format!("q={typed}")).await;
    assert_eq!((found["total"].as_u64(), found["sessions"][0]["code"].as_str()), (Some(1), Some(lyon.as_str())));
    assert_eq!(list("q=desk").await["sessions"][0]["code"], paris, "text in the label");
    assert_eq!(list("site=Lyon").await["total"], 1);
    assert_eq!(list("verdict=untested").await["sessions"][0]["code"], paris);
    assert_eq!(list("verdict=ready").await["sessions"][0]["code"], lyon);
    assert_eq!(list("from=2000-01-01&to=2000-01-31").await["total"], 0);
    let bad = with_cookie(&f, "GET", "/api/sessions?from=31/12/2026", &cookie, None).await;
    assert_eq!((bad.status, error_code(&bad.json())), (StatusCode::UNPROCESSABLE_ENTITY, "invalid_field"));

    let csv = with_cookie(&f, "GET", "/api/runs.csv?site=Lyon", &cookie, None).await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv.headers["content-type"].to_str().unwrap().starts_with("text/csv"));
    let text = String::from_utf8(csv.body.to_vec()).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], callready_server::api::console::CSV_COLUMNS.join(","));
    assert_eq!(lines.len(), 2, "{text}");
    assert!(
        lines[1].starts_with(&format!("\"{lyon}\",\"'=cmd|' /C calc'!A0\",\"Lyon\",\"Ana\",\"default\",1,")),
        "{}",
        lines[1]
    );
    assert!(lines[1].contains(",\"ready\",\"Firefox 128\",\"Linux\",2.4,1.2,"), "{}", lines[1]);
    let one = with_cookie(&f, "GET", &format!("/api/sessions/{lyon}/runs.csv"), &cookie, None).await;
    assert_eq!(String::from_utf8(one.body.to_vec()).unwrap(), text, "the same single run");
    let json = with_cookie(&f, "GET", "/api/runs.json", &cookie, None).await.json();
    assert_eq!(json.as_array().unwrap().len(), 1);
    assert_eq!(json[0]["session"]["code"], lyon);
    assert_eq!(json[0]["results"]["https"]["attempts"], 10, "the full stored run");
}

#[tokio::test]
async fn bulk_invites_make_one_link_per_agent_and_a_site_view_sums_them_up() {
    let f = start_with(|state| state.open_sessions = false).await;
    let bulk = json!({"invite": {"site": "Lyon", "max_runs": 3}, "agents": ["Ana", "Ben", "Chloé"]});
    let (status, body) = f.post("/api/sessions/bulk", bulk.clone()).await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::UNAUTHORIZED, "login_required"),
        "even with open sessions off"
    );
    let cookie = logged_in(&f).await;
    let made = with_cookie(&f, "POST", "/api/sessions/bulk", &cookie, Some(bulk)).await;
    assert_eq!(made.status, StatusCode::CREATED);
    let links = made.json()["links"].as_array().unwrap().clone();
    let agents: Vec<&str> = links.iter().map(|l| l["agent"].as_str().unwrap()).collect();
    assert_eq!(agents, ["Ana", "Ben", "Chloé"]);
    assert!(links.iter().all(|l| l["agent_url"].as_str().unwrap().contains("/t/")));
    let too_many = json!({"agents": vec!["x"; 501]});
    let refused = with_cookie(&f, "POST", "/api/sessions/bulk", &cookie, Some(too_many)).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    let one_bad = json!({"agents": ["Dan", "x".repeat(121)]});
    let refused = with_cookie(&f, "POST", "/api/sessions/bulk", &cookie, Some(one_bad)).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "one bad agent refuses the whole list");

    // Ana is ready; Ben's network blocks WebSocket; Chloé has not run the test.
    let code = |i: usize| links[i]["code"].as_str().unwrap().to_string();
    assert_eq!(
        f.post(&format!("/api/sessions/{}/runs", code(0)), run_body("run-site-000001")).await.0,
        StatusCode::CREATED
    );
    let mut blocked = run_body("run-site-000002");
    blocked["results"]["websocket"] = json!({"connect_ms": null, "echo_rtt_ms": [], "failure": "connect_failed", "sip": {"rtt_ms": null, "status": null, "failure": "connect_failed"}});
    let (status, body) = f.post(&format!("/api/sessions/{}/runs", code(1)), blocked).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");

    let view = with_cookie(&f, "GET", "/api/sites/Lyon", &cookie, None).await.json();
    assert_eq!(
        (view["ready"].as_u64(), view["not_ready"].as_u64(), view["untested"].as_u64()),
        (Some(1), Some(1), Some(1)),
        "{view}"
    );
    assert_eq!(view["sessions"].as_array().unwrap().len(), 3);
    assert_eq!(view["failing"][0][0], "websocket", "{view}");
    assert_eq!(view["median_rtt_ms"].as_f64().map(|v| (v * 10.0).round() / 10.0), Some(2.4), "HTTPS medians: {view}");
    let nowhere = with_cookie(&f, "GET", "/api/sites/Nowhere", &cookie, None).await.json();
    assert_eq!((nowhere["sessions"].as_array().map(Vec::len), nowhere["median_rtt_ms"].is_null()), (Some(0), true));
}

/// The page carries no texts: each language's catalogue is served on its own,
/// revalidated by ETag, and only for the four languages.
#[tokio::test]
async fn each_language_s_texts_are_served_on_their_own_and_revalidated() {
    let f = start().await;
    let russian = f.raw("GET", "/locales/ru.ftl", None, Body::empty()).await;
    assert_eq!(russian.status, StatusCode::OK);
    let text = String::from_utf8_lossy(&russian.body).to_string();
    assert!(
        text.contains("branding-title = Оформление") && !text.contains("branding-title = Branding"),
        "only Russian"
    );
    let etag = russian.headers["etag"].to_str().unwrap().to_string();
    assert_eq!(russian.headers["cache-control"], "no-cache");
    let request = Request::builder()
        .uri("/locales/ru.ftl")
        .header("host", "callready.test")
        .header("if-none-match", &etag)
        .body(Body::empty())
        .unwrap();
    assert_eq!(f.send(request).await.status, StatusCode::NOT_MODIFIED);
    let french = f.raw("GET", "/locales/fr.ftl", None, Body::empty()).await;
    assert_ne!(french.headers["etag"].to_str().unwrap(), etag);
    for missing in ["/locales/de.ftl", "/locales/fr-CA.ftl", "/locales/FR.ftl", "/locales/fr"] {
        assert_eq!(f.raw("GET", missing, None, Body::empty()).await.status, StatusCode::NOT_FOUND, "{missing}");
    }
}

/// The agent's pages load the agent's app; the report and the console load
/// support's, from `/support/` (`cargo xtask test` builds both first).
#[tokio::test]
async fn agent_pages_and_support_pages_load_their_own_app() {
    let f = start().await;
    let code = f.new_session().await;
    for (path, support) in [
        (format!("/t/{code}"), false),
        ("/".into(), false),
        ("/r/AAAA-BBBB-CCCC".into(), true),
        ("/console".into(), true),
    ] {
        let answer = f.raw("GET", &path, None, Body::empty()).await;
        assert_eq!(answer.status, StatusCode::OK, "{path}");
        let html = String::from_utf8_lossy(&answer.body).to_string();
        assert_eq!(html.contains("/support/callready-frontend-"), support, "{path}: {html}");
        let csp = answer.headers["content-security-policy"].to_str().unwrap().to_string();
        assert!(csp.contains("'sha256-"), "{path}: the loader's script is allowed by its hash: {csp}");
    }
}

/// Brotli at quality 11 (window 22), as the server precompresses its assets.
fn brotli_size(data: &[u8]) -> usize {
    let params = brotli::enc::BrotliEncoderParams { quality: 11, lgwin: 22, ..Default::default() };
    let mut out = Vec::new();
    brotli::BrotliCompress(&mut &data[..], &mut out, &params).unwrap();
    out.len()
}

/// The `"/…"` paths of `href`/`src` attributes (and of `"./…"` imports, resolved
/// against `base`) that end in `.js`, `.wasm` or `.css`.
fn referenced_files(text: &str, base: &str) -> Vec<String> {
    let mut files = Vec::new();
    for piece in text.split('"') {
        let path = match piece.strip_prefix("./") {
            Some(relative) => format!("{base}{relative}"),
            None if piece.starts_with('/') => piece.to_string(),
            None => continue,
        };
        if [".js", ".wasm", ".css"].iter().any(|ext| path.ends_with(ext)) && !files.contains(&path) {
            files.push(path);
        }
    }
    files
}

/// The agent's first load stays within 250 KB brotli with the largest language's
/// texts: the page, its stylesheet, its scripts and the main wasm. The probes' wasm
/// (`split_probes.wasm`) is not part of it: only the split loader names it, and the
/// server hands it out as wasm.
#[tokio::test]
async fn the_agent_s_first_load_fits_250_kb_brotli_and_the_probes_come_apart() {
    let f = start().await;
    let code = f.new_session().await;
    let page = f.raw("GET", &format!("/t/{code}"), None, Body::empty()).await;
    let html = String::from_utf8_lossy(&page.body).to_string();
    let first_load = referenced_files(&html, "/");
    assert!(first_load.iter().any(|p| p.ends_with("_bg.wasm")), "{html}");
    assert!(!html.contains("split_"), "the page does not load the probes' wasm: {html}");
    let mut total = brotli_size(&page.body);
    let mut split_modules = Vec::new();
    for path in &first_load {
        let answer = f.raw("GET", path, None, Body::empty()).await;
        assert_eq!(answer.status, StatusCode::OK, "{path}");
        total += brotli_size(&answer.body);
        if path.ends_with("/__wasm_split.js") {
            let folder = &path[..path.len() - "__wasm_split.js".len()];
            split_modules = referenced_files(&String::from_utf8_lossy(&answer.body), folder);
        }
    }
    let mut largest_texts = 0;
    for lang in ["en", "fr", "it", "ru"] {
        let texts = f.raw("GET", &format!("/locales/{lang}.ftl"), None, Body::empty()).await;
        largest_texts = largest_texts.max(brotli_size(&texts.body));
    }
    total += largest_texts;
    println!("agent's first load: {total} bytes brotli (texts {largest_texts}), then {split_modules:?}");
    assert!(total <= 250_000, "first load {total} bytes brotli");

    let probes: Vec<_> = split_modules.iter().filter(|p| p.contains("/split_probes.wasm")).collect();
    assert_eq!(probes.len(), 1, "the split loader fetches the probes' wasm: {split_modules:?}");
    let answer = f.raw("GET", probes[0], None, Body::empty()).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.headers["content-type"], "application/wasm");
    assert!(answer.body.starts_with(b"\0asm"));
}
