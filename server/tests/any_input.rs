//! Properties of the server's edge, where pages and operators hand it text. Whatever
//! JSON a page posts as a run (or as an invite) gets an answer the page can read: a
//! saved run, or a 4xx with a JSON error, never a 5xx nor a dropped connection. And
//! whatever text a profile file holds is a profile or a list of errors each naming a
//! line of that file, never a panic.
//!
//! Requests go through `app(state).oneshot(..)` over a real SQLite file, each from an
//! address of its own so that per-address rate limits never answer in the
//! validators' place.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU32, Ordering};

use axum::body::{Body, Bytes};
use axum::extract::ConnectInfo;
use axum::http::{Request, StatusCode};
use callready_common::api::{ClientConfig, MAX_CALLS};
use callready_common::thresholds::Thresholds;
use callready_server::anon::Anonymiser;
use callready_server::path::ClientConn;
use callready_server::profiles::{self, ProfileErrors};
use callready_server::store::Store;
use callready_server::{app, AppState};
use proptest::collection::{btree_map, vec};
use proptest::prelude::*;
use proptest::test_runner::TestRunner;
use serde_json::{json, Value};
use tower::ServiceExt;

/// Cases per HTTP property: each is a request through the whole router and SQLite.
const HTTP_CASES: u32 = 128;
/// Cases per profile property: a TOML parse each, cheap.
const PROFILE_CASES: u32 = 256;

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig { cases, failure_persistence: None, ..ProptestConfig::default() }
}

/// The router over a fresh database, driven from a runtime of its own so that
/// proptest's synchronous runner can send it requests.
struct Server {
    runtime: tokio::runtime::Runtime,
    app: axum::Router,
    _dir: tempfile::TempDir,
    clients: AtomicU32,
    /// How many answers had each status: a property whose every case is refused at
    /// the first check would test little.
    statuses: std::sync::Mutex<std::collections::BTreeMap<u16, u32>>,
}

/// An answer: status, content type and the whole body.
struct Answer {
    status: StatusCode,
    content_type: Option<String>,
    body: Bytes,
}

impl Answer {
    fn json(&self) -> Option<Value> {
        serde_json::from_slice(&self.body).ok()
    }

    /// A success with a JSON body (a saved run: 201, or 200 for one saved before; a
    /// new session), or a 4xx whose JSON body says why; never a 5xx.
    fn is_readable(&self, what: &str) -> Result<(), TestCaseError> {
        let shown = String::from_utf8_lossy(&self.body);
        prop_assert!(!self.status.is_server_error(), "{} for {}: {}", self.status, what, shown);
        prop_assert!(
            self.status.is_success() || self.status.is_client_error(),
            "{} for {}: {}",
            self.status,
            what,
            shown
        );
        let body = self.json().ok_or_else(|| {
            TestCaseError::fail(format!(
                "{} ({:?}) without a JSON body for {what}: {shown}",
                self.status, self.content_type
            ))
        })?;
        if self.status.is_client_error() {
            prop_assert!(body["error"]["code"].is_string(), "{} for {}: {}", self.status, what, body);
            prop_assert!(body["error"]["message"].is_string(), "{}", body);
        }
        Ok(())
    }
}

impl Server {
    fn start() -> Server {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        let dir = tempfile::tempdir().unwrap();
        let state = runtime.block_on(async {
            let store = Store::for_tests(&dir.path().join("callready.db")).await.unwrap();
            let anonymiser = Anonymiser::load_or_create(&dir.path().join("callready.db.secret")).unwrap();
            AppState::without_media(store, anonymiser, ClientConfig::default())
        });
        Server { runtime, app: app(state), _dir: dir, clients: AtomicU32::new(1), statuses: Default::default() }
    }

    /// `POST path` from a client address not seen before.
    fn post(&self, path: &str, content_type: Option<&str>, body: impl Into<Body>) -> Answer {
        let n = self.clients.fetch_add(1, Ordering::Relaxed);
        let [_, b, c, d] = n.to_be_bytes();
        let client = SocketAddr::from(([127, b, c, d], 40000));
        let mut request = Request::builder().method("POST").uri(path).header("host", "callready.test");
        if let Some(content_type) = content_type {
            request = request.header("content-type", content_type);
        }
        let mut request = request.body(body.into()).unwrap();
        request.extensions_mut().insert(ConnectInfo(ClientConn::from_addr(client)));
        self.runtime.block_on(async {
            let response = self.app.clone().oneshot(request).await.unwrap();
            let (parts, body) = response.into_parts();
            let content_type = parts.headers.get("content-type").and_then(|v| v.to_str().ok()).map(String::from);
            let body = axum::body::to_bytes(body, usize::MAX).await.unwrap();
            *self.statuses.lock().unwrap().entry(parts.status.as_u16()).or_default() += 1;
            Answer { status: parts.status, content_type, body }
        })
    }

    fn post_json(&self, path: &str, body: &Value) -> Answer {
        self.post(path, Some("application/json"), body.to_string())
    }

    /// The statuses answered so far, and how often.
    fn statuses(&self) -> std::collections::BTreeMap<u16, u32> {
        self.statuses.lock().unwrap().clone()
    }

    /// A new session's code, as its agent link shows it.
    fn new_session(&self) -> String {
        let answer = self.post_json("/api/sessions", &json!({}));
        assert_eq!(answer.status, StatusCode::CREATED, "{}", String::from_utf8_lossy(&answer.body));
        answer.json().unwrap()["code"].as_str().unwrap().to_string()
    }
}

/// A run with every probe's report filled in, as a page on a good network sends it:
/// the valid submission the mutations start from.
fn full_run(client_run_id: &str) -> Value {
    let ice = |transport: &str, url: &str, kind: &str| {
        json!({
            "transport": transport,
            "url": url,
            "untrusted_certificate": false,
            "candidate_types": ["host", kind],
            "first_candidate_ms": 5.0,
            "gathering_ms": 40.0,
            "connected": {"local": "relay", "remote": "host", "relay_protocol": "udp", "connect_ms": 120.0},
            "failure": null
        })
    };
    let transfer = |kbps: f64| {
        json!({
            "kbps": kbps, "bytes": 9_000_000u64, "seconds": 7.0, "streams": 4,
            "samples_kbps": vec![kbps; 7], "loaded_rtt_ms": [31.0, 33.5, 30.2, 35.0], "failure": null
        })
    };
    json!({
        "client_run_id": client_run_id,
        "probe_token": "0123456789abcdef0123456789abcdef",
        "results": {
            "duration_ms": 21000.0,
            "server_host": "callready.test",
            "browser": {
                "ua": {"family": "chrome", "major": 131, "os": "windows"},
                "has_rtc_peer_connection": true,
                "has_get_user_media": true,
                "has_websocket": true,
                "device_memory_gb": 8.0,
                "hardware_concurrency": 8
            },
            "https": {"rtt_ms": [20.0, 21.5, 19.8, 22.0, 20.4], "attempts": 5, "failure": null},
            "websocket": {
                "connect_ms": 30.0,
                "echo_rtt_ms": [18.0, 19.0, 18.5],
                "failure": null,
                "sip": {"rtt_ms": 19.0, "status": 200, "failure": null}
            },
            "ice": [
                ice("stun_udp", "stun:callready.test:3478", "srflx"),
                ice("turn_udp", "turn:callready.test:3478?transport=udp", "relay"),
                ice("turn_tcp", "turn:callready.test:3478?transport=tcp", "relay"),
                ice("turn_tls", "turns:callready.test:5349?transport=tcp", "relay")
            ],
            "media": {
                "calls": 2,
                "connect_ms": 150.0,
                "path": {"local": "srflx", "remote": "host", "relay_protocol": null, "connect_ms": 90.0},
                "stream": {
                    "sent": 500, "received": 497, "loss_pct": 0.6, "longest_loss_burst": 1,
                    "rtt": {"count": 497, "min_ms": 18.0, "median_ms": 21.0, "p95_ms": 30.0, "max_ms": 44.0},
                    "jitter_ms": 2.5,
                    "clock_jumps": 0
                },
                "rtt_series": [[0.5, 20.0], [1.0, 22.0], [1.5, 19.5]],
                "audio": {
                    "packets_sent": 500, "rtt_ms": 21.0, "jitter_out_ms": 2.0, "lost_out": 3,
                    "packets_received": 497, "jitter_back_ms": 2.2, "lost_back": 2
                },
                "failure": null
            },
            "bandwidth": {"idle_rtt_ms": 20.0, "down": transfer(95_000.0), "up": transfer(40_000.0)},
            "platform": {
                "tcp_host": "pbx.example.com",
                "udp_host": "pbx.example.com",
                "tcp": [{"port": 443, "tls": true, "outcome": "open", "ms": 25.0}],
                "udp": [{
                    "from": 16384, "to": 32768, "sampled": [16384, 24576, 32768], "reached": [16384, 32768],
                    "not_offered": [], "failure": null
                }],
                "domains": [{"url": "https://lic.example.com/", "outcome": "reachable", "ms": 40.0}]
            },
            "path": {"proxy": null, "headers_intact": true, "mss": 1460, "ipv6": false},
            "public": {"seen": [{"via": "https", "address": "203.0.113.0/24"}], "distinct": 1},
            "nat": "endpoint_independent",
            "tls": {"port": 8443, "self_signed": false, "hello": null},
            "hidden_during": ["bandwidth"]
        }
    })
}

/// Every place in `value`, as JSON pointers (`/results/https/rtt_ms/0`).
fn pointers(value: &Value, at: String, into: &mut Vec<String>) {
    match value {
        Value::Object(map) => map.iter().for_each(|(key, v)| pointers(v, format!("{at}/{key}"), into)),
        Value::Array(items) => items.iter().enumerate().for_each(|(i, v)| pointers(v, format!("{at}/{i}"), into)),
        _ => {}
    }
    into.push(at);
}

/// A JSON number at the edges of what the wire types hold.
fn edge_number() -> impl Strategy<Value = Value> {
    prop_oneof![
        prop::sample::select(vec![
            json!(0),
            json!(-1),
            json!(-0.0),
            json!(0.5),
            json!(65535),
            json!(65536),
            json!(u32::MAX),
            json!(u64::from(u32::MAX) + 1),
            json!(i64::MAX),
            json!(i64::MIN),
            json!(u64::MAX),
            json!(f64::MAX),
            json!(f64::MIN),
            json!(f64::MIN_POSITIVE),
            json!(5e-324),
            json!(1e300),
            json!(-1e300),
        ]),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
    ]
}

fn any_string() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        prop::sample::select(vec![
            "",
            "NaN",
            "Infinity",
            "-1",
            "1e400",
            "null",
            "é",
            "\u{0}",
            "<script>",
            "../../etc/passwd",
            "7d",
            "0m",
            "host",
            "relay",
            "udp",
            "open",
            "chrome",
        ])
        .prop_map(String::from),
        "[a-z_]{1,12}",
    ]
}

/// Any JSON document: nested arrays and objects whose keys are often the wire
/// types' own, so that some of it gets past the outer fields.
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        edge_number(),
        any_string().prop_map(Value::from),
    ];
    let key = prop_oneof![
        prop::sample::select(vec![
            "client_run_id",
            "results",
            "probe_token",
            "duration_ms",
            "browser",
            "https",
            "websocket",
            "ice",
            "media",
            "bandwidth",
            "platform",
            "rtt_ms",
            "attempts",
            "sip",
            "status",
            "ua",
            "family",
            "major",
            "os",
            "calls",
            "stream",
            "sent",
            "received",
            "loss_pct",
            "expires_in",
            "label",
            "fields",
            "embed_origins",
        ])
        .prop_map(String::from),
        any_string(),
    ];
    leaf.prop_recursive(4, 48, 6, move |inner| {
        prop_oneof![
            vec(inner.clone(), 0..6).prop_map(Value::Array),
            btree_map(key.clone(), inner, 0..6).prop_map(|map| Value::Object(map.into_iter().collect())),
        ]
    })
}

/// One change to a valid submission.
#[derive(Clone, Debug)]
enum Mutation {
    /// A number made negative (`-x`), anything else replaced by -1.
    Negate,
    /// A number multiplied, an integer staying one: a figure out of its range but of
    /// its type, which only validation refuses.
    Scale(f64),
    Replace(Value),
    Remove,
    /// A field the wire types do not have, added to the object there.
    Unknown(String, Value),
    /// An array or a string made `n` times as long.
    Lengthen(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        3 => Just(Mutation::Negate),
        6 => prop::sample::select(vec![0.0, 0.5, 2.0, 10.0, 1000.0, 1e6, 1e12]).prop_map(Mutation::Scale),
        4 => edge_number().prop_map(Mutation::Replace),
        2 => any_string().prop_map(|s| Mutation::Replace(Value::from(s))),
        2 => Just(Mutation::Replace(Value::Null)),
        1 => prop::sample::select(vec![json!(true), json!([]), json!({}), json!([null]), json!({"": null})])
            .prop_map(Mutation::Replace),
        1 => any_json().prop_map(Mutation::Replace),
        3 => Just(Mutation::Remove),
        1 => (any_string(), any_json()).prop_map(|(k, v)| Mutation::Unknown(k, v)),
        1 => (2usize..300).prop_map(Mutation::Lengthen),
    ]
}

fn apply(body: &mut Value, pointer: &str, change: &Mutation) {
    if let (Mutation::Remove, Some((parent, key))) = (change, pointer.rsplit_once('/')) {
        match body.pointer_mut(parent) {
            Some(Value::Object(map)) => {
                map.remove(key);
            }
            Some(Value::Array(items)) => {
                if let Ok(i) = key.parse::<usize>() {
                    if i < items.len() {
                        items.remove(i);
                    }
                }
            }
            _ => {}
        }
        return;
    }
    let Some(target) = body.pointer_mut(pointer) else { return };
    match change {
        Mutation::Negate => {
            *target = match (target.as_i64(), target.as_f64()) {
                (Some(n), _) => n.checked_neg().map_or(json!(-(n as f64)), Value::from),
                (None, Some(n)) => serde_json::Number::from_f64(-n).map_or(json!(-1), Value::Number),
                (None, None) => json!(-1),
            }
        }
        Mutation::Scale(factor) => {
            if let Some(n) = target.as_u64() {
                *target = json!((n as f64 * factor).round() as u64);
            } else if let Some(n) = target.as_f64() {
                *target = serde_json::Number::from_f64(n * factor).map_or(Value::Null, Value::Number);
            }
        }
        Mutation::Replace(value) => *target = value.clone(),
        Mutation::Remove => *target = Value::Null,
        Mutation::Unknown(key, value) => {
            if let Value::Object(map) = target {
                map.insert(key.clone(), value.clone());
            }
        }
        Mutation::Lengthen(n) => match target {
            Value::Array(items) if !items.is_empty() => {
                *items = items.iter().cycle().take(items.len() * n).cloned().collect()
            }
            Value::String(s) => *s = s.repeat(*n),
            _ => {}
        },
    }
}

/// Numbers that JSON allows but no wire type holds, and words that JSON does not
/// allow at all: what a page's `JSON.stringify` never writes, but a client might.
const RAW_NUMBERS: [&str; 14] = [
    "1e400",
    "-1e400",
    "1e-400",
    "NaN",
    "Infinity",
    "-Infinity",
    "18446744073709551616",
    "-9223372036854775809",
    "123456789012345678901234567890",
    "00",
    "1.",
    ".5",
    "0x10",
    "-0",
];

/// Byte ranges of the number literals in a JSON text (outside strings).
fn number_spans(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let (mut spans, mut i, mut in_string) = (Vec::new(), 0, false);
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if in_string => i += 1,
            b'"' => in_string = !in_string,
            b'-' | b'0'..=b'9' if !in_string => {
                let start = i;
                while i < bytes.len() && matches!(bytes[i], b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9') {
                    i += 1;
                }
                spans.push((start, i));
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    spans
}

#[test]
fn the_submission_the_mutations_start_from_is_saved() {
    let server = Server::start();
    let code = server.new_session();
    let answer = server.post_json(&format!("/api/sessions/{code}/runs"), &full_run("run-base-00000001"));
    assert_eq!(answer.status, StatusCode::CREATED, "{}", String::from_utf8_lossy(&answer.body));
    assert!(number_spans(&full_run("x").to_string()).len() > 50);
}

#[test]
fn any_json_posted_as_a_run_gets_a_verdict_or_a_4xx_with_a_json_body() {
    let server = Server::start();
    let path = format!("/api/sessions/{}/runs", server.new_session());
    let body = prop_oneof![
        any_json(),
        (any_json(), any_json()).prop_map(|(results, id)| json!({"client_run_id": id, "results": results})),
    ];
    TestRunner::new(config(HTTP_CASES))
        .run(&body, |body| server.post_json(&path, &body).is_readable(&body.to_string()))
        .unwrap();
    eprintln!("statuses answered: {:?}", server.statuses());
}

#[test]
fn a_valid_run_with_fields_changed_gets_a_verdict_or_a_4xx_with_a_json_body() {
    let server = Server::start();
    let path = format!("/api/sessions/{}/runs", server.new_session());
    let mut places = Vec::new();
    pointers(&full_run("x"), String::new(), &mut places);
    places.retain(|p| !p.is_empty());
    let runs = AtomicU32::new(0);
    let changes = vec((prop::sample::select(places), mutation()), 1..3);
    TestRunner::new(config(HTTP_CASES))
        .run(&changes, |changes| {
            let mut body = full_run(&format!("run-mutated-{:08}", runs.fetch_add(1, Ordering::Relaxed)));
            for (pointer, change) in &changes {
                apply(&mut body, pointer, change);
            }
            server.post_json(&path, &body).is_readable(&format!("{changes:?}"))
        })
        .unwrap();
    let statuses = server.statuses();
    eprintln!("statuses answered: {statuses:?}");
    let saved: u32 = statuses.iter().filter(|(s, _)| **s == 201).map(|(_, n)| n).sum();
    let refused: u32 = statuses.iter().filter(|(s, _)| (400..500).contains(*s)).map(|(_, n)| n).sum();
    let cases = HTTP_CASES / 10;
    assert!(saved > cases && refused > cases, "the changes should both keep and break the run: {statuses:?}");
}

#[test]
fn a_valid_run_with_a_number_no_type_holds_or_cut_short_is_refused_with_a_json_body() {
    let server = Server::start();
    let path = format!("/api/sessions/{}/runs", server.new_session());
    let text = full_run("run-raw-000000001").to_string();
    let spans = number_spans(&text);
    let edits =
        prop_oneof![
            (prop::sample::select(spans), prop::sample::select(RAW_NUMBERS.to_vec()))
                .prop_map(|((start, end), number)| (start, end, number.to_string())),
            (0..text.len()).prop_map(|cut| (cut, usize::MAX, String::new())),
        ];
    TestRunner::new(config(HTTP_CASES))
        .run(&edits, |(start, end, number)| {
            let body = if end == usize::MAX {
                text.as_bytes()[..start].to_vec()
            } else {
                format!("{}{number}{}", &text[..start], &text[end..]).into_bytes()
            };
            let answer = server.post(&path, Some("application/json"), body.clone());
            answer.is_readable(&String::from_utf8_lossy(&body))?;
            // "-0" and "1e-400" are JSON for zero, which some fields hold.
            let zero = ["-0", "1e-400"].contains(&number.as_str());
            prop_assert!(answer.status.is_client_error() || zero, "{}", String::from_utf8_lossy(&body));
            Ok(())
        })
        .unwrap();
    eprintln!("statuses answered: {:?}", server.statuses());
}

#[test]
fn any_bytes_with_any_content_type_get_a_4xx_with_a_json_body() {
    let server = Server::start();
    let path = format!("/api/sessions/{}/runs", server.new_session());
    let content_type = prop::option::of(prop_oneof![
        prop::sample::select(vec![
            "application/json",
            "application/json; charset=utf-8",
            "APPLICATION/JSON",
            "text/plain"
        ])
        .prop_map(String::from),
        "[ -~]{0,30}",
    ]);
    let body = prop_oneof![vec(any::<u8>(), 0..200), any::<String>().prop_map(String::into_bytes)];
    TestRunner::new(config(HTTP_CASES))
        .run(&(content_type, body), |(content_type, body)| {
            let answer = server.post(&path, content_type.as_deref(), body.clone());
            answer.is_readable(&format!("{content_type:?} {:?}", String::from_utf8_lossy(&body)))
        })
        .unwrap();
    eprintln!("statuses answered: {:?}", server.statuses());
}

/// Any code in the path: refused as not a code, or not found, with a JSON body. The
/// segment is percent-encoded, as a browser sends what an agent typed.
//
// BUG (fails until fixed): a segment that is not UTF-8 once decoded
// (`POST /api/sessions/%80/runs`) is refused by axum's own `Path<String>` extractor
// (server/src/api/sessions.rs, `add_run`'s `Path(raw)`) with a plain-text 400
// "Invalid URL: Invalid UTF-8 in `code`", not the API's JSON error.
#[test]
fn any_session_code_in_the_path_is_refused_with_a_json_body() {
    let server = Server::start();
    let segment = prop_oneof![
        any::<String>().prop_map(String::into_bytes),
        "[0-9A-Za-z -]{0,20}".prop_map(String::into_bytes),
        vec(any::<u8>(), 1..20),
    ];
    TestRunner::new(config(HTTP_CASES))
        .run(&segment, |segment| {
            let encoded: String = segment.iter().map(|b| format!("%{b:02X}")).collect();
            let answer = server.post_json(&format!("/api/sessions/{encoded}/runs"), &full_run("run-code-00000001"));
            answer.is_readable(&format!("code {:?}", String::from_utf8_lossy(&segment)))?;
            prop_assert!(!answer.status.is_success(), "{:?}", String::from_utf8_lossy(&segment));
            Ok(())
        })
        .unwrap();
    eprintln!("statuses answered: {:?}", server.statuses());
}

/// An invite's fields come from support's console or a CRM's script: any of them,
/// any value, gets a session or a 4xx with a JSON body.
//
// BUG (fails until fixed): an `expires_in` whose last character takes more than one
// byte panics the handler; see the next test.
#[test]
fn any_json_posted_as_an_invite_gets_a_session_or_a_4xx_with_a_json_body() {
    let server = Server::start();
    // Each field present or not, mostly of its own type and range, now and then not,
    // so that most invites get past the first checks to the later ones.
    let text = || prop::option::of(prop_oneof![12 => any_string().prop_map(Value::from), 1 => any_json()]);
    let number = || {
        prop::option::of(prop_oneof![
            8 => (1u32..=500).prop_map(Value::from),
            3 => edge_number(),
            1 => any_json(),
        ])
    };
    let profile = prop::option::of(prop_oneof![
        3 => prop::sample::select(vec!["default", "uc-pbx", "no-such-profile"]).prop_map(Value::from),
        1 => any_string().prop_map(Value::from),
    ]);
    let fields = prop::option::of(prop_oneof![
        12 => btree_map("[A-Za-z0-9_ -]{0,12}", any_string(), 0..12).prop_map(|m| json!(m)),
        1 => any_json(),
    ]);
    let origins = prop::option::of(prop_oneof![12 => vec(any_string(), 0..7).prop_map(|v| json!(v)), 1 => any_json()]);
    let invite = ((text(), number(), profile, text(), text(), text()), (text(), number(), fields, origins, text()))
        .prop_map(
            |((label, calls, profile, site, agent, language), (expires_in, max_runs, fields, origins, brand))| {
                let named = [
                    ("label", label),
                    ("calls", calls),
                    ("profile", profile),
                    ("site", site),
                    ("agent", agent),
                    ("language", language),
                    ("expires_in", expires_in),
                    ("max_runs", max_runs),
                    ("fields", fields),
                    ("embed_origins", origins),
                    ("brand", brand),
                ];
                Value::Object(named.into_iter().filter_map(|(name, value)| Some((name.to_string(), value?))).collect())
            },
        );
    TestRunner::new(config(HTTP_CASES))
        .run(&invite, |invite| server.post_json("/api/sessions", &invite).is_readable(&invite.to_string()))
        .unwrap();
    eprintln!("statuses answered: {:?}", server.statuses());
}

// BUG (fails until fixed): common/src/validate.rs:76-77 (`duration_ms`) splits
// `expires_in` one byte before its end and panics when the last character takes
// more than one byte. The handler panics: a real server drops the connection
// without an answer; here the panic reaches the test.
#[test]
fn an_invite_expiring_in_a_multibyte_unit_is_refused_with_a_json_body() {
    let server = Server::start();
    let answer = server.post_json("/api/sessions", &json!({"expires_in": "7é"}));
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(answer.json().unwrap()["error"]["code"], "invalid_field");
}

mod profile_files {
    use super::*;

    const BUILT_IN: [&str; 7] = [
        include_str!("../profiles/default.toml"),
        include_str!("../profiles/browser-softphone.toml"),
        include_str!("../profiles/uc-pbx.toml"),
        include_str!("../profiles/onprem-uc.toml"),
        include_str!("../profiles/onprem-uc-443.toml"),
        include_str!("../profiles/hosted-pbx.toml"),
        include_str!("../profiles/crm-integration.toml"),
    ];

    fn toml_value() -> impl Strategy<Value = String> {
        let leaf = prop_oneof![
            any::<i64>().prop_map(|n| n.to_string()),
            prop::sample::select(vec![
                "0",
                "-1",
                "65536",
                "1e400",
                "nan",
                "inf",
                "-inf",
                "1.5",
                "0x10",
                "true",
                "1979-05-27",
                "\"\"",
                "\"https://lic.example.com/\"",
                "\"ftp://x\"",
                "\"g711\"",
                "\"opus\"",
                "\"udp_required\"",
            ])
            .prop_map(String::from),
            any::<String>().prop_map(|s| format!("{s:?}")),
            "'[ -&(-~]{0,12}'",
        ];
        leaf.prop_recursive(2, 12, 4, |inner| {
            prop_oneof![
                vec(inner.clone(), 0..4).prop_map(|items| format!("[{}]", items.join(", "))),
                vec(("[a-z_]{1,8}", inner), 0..4).prop_map(|pairs| {
                    let pairs: Vec<String> = pairs.iter().map(|(k, v)| format!("{k} = {v}")).collect();
                    format!("{{ {} }}", pairs.join(", "))
                }),
            ]
        })
    }

    /// TOML shaped like a profile: its keys, tables and arrays of tables, with values
    /// of every type.
    fn profile_like() -> impl Strategy<Value = String> {
        let key = prop_oneof![
            prop::sample::select(vec![
                "id",
                "name",
                "description",
                "calls",
                "per_call_kbps",
                "codec",
                "media",
                "mtu",
                "port",
                "purpose",
                "tls",
                "from",
                "to",
                "url",
                "item",
                "vendor_says",
                "why",
                "row",
                "rtt_pass_ms",
                "rtt_fail_ms",
                "loss_pass_pct",
                "mos_pass",
                "mos_fail",
                "tcp_ports",
                "checklist",
            ])
            .prop_map(String::from),
            "[a-z_]{1,10}",
        ];
        let table = prop::sample::select(vec![
            "[thresholds]",
            "[[tcp_ports]]",
            "[[udp_ranges]]",
            "[[domains]]",
            "[[checklist]]",
            "[translations.fr]",
            "[translations.de]",
            "[[translations.fr.checklist]]",
        ]);
        let line = prop_oneof![
            4 => (key, toml_value()).prop_map(|(k, v)| format!("{k} = {v}")),
            1 => table.prop_map(String::from),
            1 => ".{0,20}",
        ];
        ("[a-z-]{0,12}", vec(line, 0..16))
            .prop_map(|(id, lines)| format!("id = \"{id}\"\nname = \"N\"\ndescription = \"D\"\n{}\n", lines.join("\n")))
    }

    /// A built-in profile with some of its text cut, doubled or replaced.
    fn built_in_changed() -> impl Strategy<Value = String> {
        let edit = (
            any::<prop::sample::Index>(),
            any::<prop::sample::Index>(),
            prop_oneof![
                Just(String::new()),
                any::<String>(),
                toml_value(),
                prop::sample::select(vec!["\n", "=", "[", "]", "\"", "[[tcp_ports]]\n", "\u{e9}", "\u{1F4A9}"])
                    .prop_map(String::from),
            ],
        );
        (prop::sample::select(BUILT_IN.to_vec()), vec(edit, 1..4)).prop_map(|(text, edits)| {
            let mut text = text.to_string();
            for (at, len, insert) in edits {
                let boundaries: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
                let start = boundaries[at.index(boundaries.len())];
                let end =
                    boundaries[(boundaries.partition_point(|b| *b < start) + len.index(8)).min(boundaries.len() - 1)];
                text.replace_range(start..end.max(start), &insert);
            }
            text
        })
    }

    fn check(text: &str) -> Result<(), TestCaseError> {
        match profiles::parse("p.toml", text, &Thresholds::default()) {
            Ok(profile) => {
                let id = &profile.id;
                prop_assert!(
                    (1..=40).contains(&id.len())
                        && id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                    "{:?}",
                    id
                );
                prop_assert!(profile.tcp_ports.iter().all(|p| p.port > 0));
                prop_assert!(profile.udp_ranges.iter().all(|r| 0 < r.from && r.from <= r.to));
                prop_assert!(profile.calls.is_none_or(|c| (1..=MAX_CALLS).contains(&c)));
                let t = &profile.thresholds;
                prop_assert!(t.rtt_pass_ms <= t.rtt_fail_ms && t.mos_fail <= t.mos_pass, "{:?}", t);
                prop_assert!(t.per_call_kbps.is_finite());
                let _ = profile.open_lines();
            }
            Err(ProfileErrors(errors)) => {
                prop_assert!(!errors.is_empty());
                let lines = text.matches('\n').count() + 1;
                for error in errors {
                    prop_assert_eq!(&error.file, "p.toml");
                    prop_assert!((1..=lines).contains(&error.line), "line {} of {}: {}", error.line, lines, error);
                }
            }
        }
        Ok(())
    }

    proptest! {
        #![proptest_config(config(PROFILE_CASES))]

        #[test]
        fn any_text_is_a_profile_or_errors_with_their_lines(text in any::<String>()) {
            check(&text)?;
        }

        #[test]
        fn any_profile_shaped_toml_is_a_profile_or_errors_with_their_lines(text in profile_like()) {
            check(&text)?;
        }

        #[test]
        fn a_built_in_profile_changed_anywhere_is_a_profile_or_errors_with_their_lines(text in built_in_changed()) {
            check(&text)?;
        }
    }
}
