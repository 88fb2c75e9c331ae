//! Operator accounts and API tokens, on the real binary and server: the `user` and
//! `token` commands (only hashes stored), sessions created only with a login or a
//! token when `--open-sessions` is off, the login cookie's attributes, logout, and
//! failed logins throttled per account and per address, answered alike whether the
//! account exists or not.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use callready_server::store::Store;
use callready_server::RunningServer;
use reqwest::header::{AUTHORIZATION, COOKIE, RETRY_AFTER, SET_COOKIE};
use reqwest::StatusCode;
use serde_json::{json, Value};

const PASSWORD: &str = "correct horse battery";

/// `callready --db <db> <args>` with `stdin` on its standard input: (exit code, stdout, stderr).
fn callready(db: &Path, args: &[&str], stdin: &str) -> (i32, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_callready"))
        .arg("--db")
        .arg(callready_server::config::test_database(db))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    (out.status.code().unwrap_or(-1), text(&out.stdout), text(&out.stderr))
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle.as_bytes())
}

#[tokio::test]
async fn accounts_and_tokens_are_managed_from_the_command_line_and_only_hashes_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("callready.db");
    let (code, out, err) = callready(&db, &["user", "add", "alice", "--role", "admin"], &format!("{PASSWORD}\n"));
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.trim(), "account alice (admin) added");
    let (code, _, err) = callready(&db, &["user", "add", "alice", "--role", "support"], &format!("{PASSWORD}\n"));
    assert_eq!((code, err.trim()), (1, "callready: an account called alice already exists"));
    let (code, _, err) = callready(&db, &["user", "add", "bob", "--role", "support"], "short\n");
    assert_eq!((code, err.trim()), (1, "callready: a password has 10 to 256 characters"));
    let (code, _, err) = callready(&db, &["user", "add", "b o b", "--role", "support"], &format!("{PASSWORD}\n"));
    assert_eq!(code, 1, "{err}");
    let (code, _, err) = callready(&db, &["user", "add", "bob", "--role", "owner"], &format!("{PASSWORD}\n"));
    assert_eq!(code, 2, "clap refuses an unknown role: {err}");
    assert!(callready(&db, &["user", "add", "bob", "--role", "support"], "another long passphrase\n").0 == 0);

    let (code, out, _) = callready(&db, &["user", "list"], "");
    assert_eq!(code, 0);
    let lines: Vec<Vec<&str>> = out.lines().map(|l| l.split('\t').collect()).collect();
    assert_eq!(lines.iter().map(|l| (l[0], l[1])).collect::<Vec<_>>(), [("alice", "admin"), ("bob", "support")]);

    let (code, token, err) = callready(&db, &["token", "add", "helpdesk"], "");
    assert_eq!(code, 0, "{err}");
    let token = token.trim().to_string();
    assert!(token.len() == 64 && token.chars().all(|c| c.is_ascii_hexdigit()), "{token}");
    assert!(err.contains("cannot be shown again"), "{err}");
    assert_eq!(callready(&db, &["token", "list"], "").1.split('\t').next(), Some("helpdesk"));

    let stored = Store::stored_bytes_for_tests(&db).await.unwrap();
    assert!(!contains(&stored, PASSWORD) && !contains(&stored, &token), "neither password nor token is stored");
    assert!(contains(&stored, "$argon2id$"), "passwords are Argon2id hashes");

    assert_eq!(callready(&db, &["user", "remove", "bob"], "").0, 0);
    let (code, _, err) = callready(&db, &["user", "remove", "bob"], "");
    assert_eq!((code, err.trim()), (1, "callready: no account is called bob"));
    assert_eq!(callready(&db, &["token", "remove", "helpdesk"], "").0, 0);
    assert_eq!(callready(&db, &["token", "list"], "").1, "");
}

/// A server with sessions closed to anonymous callers, `alice` (support) and a token.
async fn closed_server(
    dir: &Path,
    configure: impl FnOnce(&mut callready_server::config::Config),
) -> (RunningServer, String) {
    let db = dir.join("callready.db");
    assert_eq!(callready(&db, &["user", "add", "alice", "--role", "support"], &format!("{PASSWORD}\n")).0, 0);
    let token = callready(&db, &["token", "add", "helpdesk"], "").1.trim().to_string();
    let server = RunningServer::start_for_tests(dir, |c| {
        c.open_sessions = false;
        configure(c);
    })
    .await
    .unwrap();
    (server, token)
}

async fn login(client: &reqwest::Client, server: &RunningServer, name: &str, password: &str) -> reqwest::Response {
    client.post(server.url("/api/login")).json(&json!({ "name": name, "password": password })).send().await.unwrap()
}

fn error_code(body: &Value) -> &str {
    body["error"]["code"].as_str().unwrap_or_default()
}

#[tokio::test]
async fn sessions_need_a_login_or_a_token_unless_open() {
    let dir = tempfile::tempdir().unwrap();
    let (server, token) = closed_server(dir.path(), |_| {}).await;
    let client = reqwest::Client::new();
    let create = |auth: Option<(reqwest::header::HeaderName, String)>| {
        let mut request = client.post(server.url("/api/sessions")).json(&json!({ "label": "Lyon" }));
        if let Some((name, value)) = auth {
            request = request.header(name, value);
        }
        async move {
            let answer = request.send().await.unwrap();
            let status = answer.status();
            (status, answer.json::<Value>().await.unwrap_or(Value::Null))
        }
    };
    let (status, body) = create(None).await;
    assert_eq!((status, error_code(&body)), (StatusCode::UNAUTHORIZED, "login_required"), "{body}");
    assert_eq!(client.get(server.url("/api/me")).send().await.unwrap().status(), StatusCode::UNAUTHORIZED);

    // Wrong password and unknown account: the same answer.
    let wrong = login(&client, &server, "alice", "not her password").await;
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    assert!(wrong.headers().get(SET_COOKIE).is_none());
    let wrong: Value = wrong.json().await.unwrap();
    let unknown: Value = login(&client, &server, "mallory", "not her password").await.json().await.unwrap();
    assert_eq!(wrong, unknown);
    assert_eq!(error_code(&wrong), "login_failed");

    let answer = login(&client, &server, "alice", PASSWORD).await;
    assert_eq!(answer.status(), StatusCode::OK);
    let set_cookie = answer.headers()[SET_COOKIE].to_str().unwrap().to_string();
    for attribute in ["HttpOnly", "SameSite=Strict", "Path=/", "Max-Age=43200"] {
        assert!(set_cookie.contains(attribute), "{set_cookie}");
    }
    assert!(!set_cookie.contains("Secure"), "plain HTTP here: {set_cookie}");
    let me: Value = answer.json().await.unwrap();
    assert_eq!(me, json!({ "name": "alice", "role": "support" }));
    let cookie = set_cookie.split(';').next().unwrap().to_string();

    let (status, body) = create(Some((COOKIE, cookie.clone()))).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let me: Value =
        client.get(server.url("/api/me")).header(COOKIE, &cookie).send().await.unwrap().json().await.unwrap();
    assert_eq!(me["name"], "alice");
    let (status, _) = create(Some((AUTHORIZATION, format!("Bearer {token}")))).await;
    assert_eq!(status, StatusCode::CREATED, "an integration's token");
    let forged = format!("Bearer {}", "0".repeat(64));
    assert_eq!(create(Some((AUTHORIZATION, forged))).await.0, StatusCode::UNAUTHORIZED);

    // The agent's link keeps working without an account.
    let code = body["code"].as_str().unwrap();
    assert_eq!(reqwest::get(server.url(&format!("/api/sessions/{code}"))).await.unwrap().status(), StatusCode::OK);

    let out = client.post(server.url("/api/logout")).header(COOKIE, &cookie).send().await.unwrap();
    assert_eq!(out.status(), StatusCode::NO_CONTENT);
    assert!(out.headers()[SET_COOKIE].to_str().unwrap().contains("Max-Age=0"));
    assert_eq!(create(Some((COOKIE, cookie))).await.0, StatusCode::UNAUTHORIZED, "the login ended");
}

#[tokio::test]
async fn failed_logins_are_limited_per_account_and_per_address() {
    let dir = tempfile::tempdir().unwrap();
    let (server, _) = closed_server(dir.path(), |_| {}).await;
    let client = reqwest::Client::new();
    for name in ["alice", "mallory"] {
        for _ in 0..5 {
            assert_eq!(login(&client, &server, name, "guess guess guess").await.status(), StatusCode::UNAUTHORIZED);
        }
        let blocked = login(&client, &server, name, PASSWORD).await;
        assert_eq!(blocked.status(), StatusCode::TOO_MANY_REQUESTS, "{name}: even the right password waits");
        let wait: u64 = blocked.headers()[RETRY_AFTER].to_str().unwrap().parse().unwrap();
        assert!((1..=900).contains(&wait), "{wait}");
        let body: Value = blocked.json().await.unwrap();
        assert_eq!(error_code(&body), "too_many_attempts");
    }
    // Ten failures so far from this address; ten more names reach its limit.
    for n in 0..10 {
        assert_eq!(login(&client, &server, &format!("user{n}"), "guess guess guess").await.status(), 401);
    }
    assert_eq!(login(&client, &server, "someone-new", "guess guess guess").await.status(), 429);
}

#[tokio::test]
async fn the_cookie_is_secure_behind_https() {
    let dir = tempfile::tempdir().unwrap();
    let (server, _) = closed_server(dir.path(), |c| c.public_url = Some("https://callready.example.com".into())).await;
    let answer = login(&reqwest::Client::new(), &server, "alice", PASSWORD).await;
    let set_cookie = answer.headers()[SET_COOKIE].to_str().unwrap();
    assert!(set_cookie.ends_with("; Secure"), "{set_cookie}");
}
