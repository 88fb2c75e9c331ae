//! Who is calling: an operator logged in to the console (a cookie naming a login
//! session), an integration with an API token (`Authorization: Bearer …`), or
//! nobody. Passwords are hashed with Argon2id; login cookies and tokens are 256
//! random bits, stored as SHA-256 hashes.
//!
//! Failed logins are limited per account and per client address (IPv6 per /64) in
//! memory: [`LoginThrottle`]. A wrong password and an unknown account get the same
//! answer, after the same work (an unknown name is checked against a fixed hash).

use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use axum::extract::{ConnectInfo, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use callready_common::api::{LoginRequest, Me};
use sha2::{Digest, Sha256};

use crate::api::JsonBody;
use crate::error::ApiError;
use crate::path::ClientConn;
use crate::store::{Role, Store, StoreError, UserRow};
use crate::{now_ms, AppState};

/// The console's cookie.
pub const COOKIE: &str = "callready_login";
/// How long a login lasts.
pub const LOGIN_LIFETIME: Duration = Duration::from_secs(12 * 3600);
/// Failed logins allowed per account, and per client address, within [`THROTTLE_WINDOW`].
pub const MAX_FAILURES_PER_ACCOUNT: u32 = 5;
pub const MAX_FAILURES_PER_ADDRESS: u32 = 20;
pub const THROTTLE_WINDOW: Duration = Duration::from_secs(15 * 60);
/// Most accounts and addresses the throttle tracks at once (the oldest go first).
pub const MAX_TRACKED: usize = 10_000;
/// Passwords: at least 10 characters (a passphrase), at most 256.
pub const PASSWORD_CHARS: std::ops::RangeInclusive<usize> = 10..=256;

/// Someone the server knows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Caller {
    /// An operator logged in to the console.
    User { name: String, role: Role },
    /// An integration with an API token (support's rights).
    Token { name: String },
}

impl Caller {
    pub fn role(&self) -> Role {
        match self {
            Caller::User { role, .. } => *role,
            Caller::Token { .. } => Role::Support,
        }
    }
}

/// An Argon2id hash (PHC string) of `password`, with a random salt.
pub fn hash_password(password: &str) -> Result<String, String> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| e.to_string())?;
    let salt = SaltString::encode_b64(&salt).map_err(|e| e.to_string())?;
    Argon2::default().hash_password(password.as_bytes(), &salt).map(|h| h.to_string()).map_err(|e| e.to_string())
}

fn password_matches(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
}

/// Checked instead of a real hash when the account does not exist: the same work,
/// so the answer's timing tells nothing either.
fn decoy_hash() -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| hash_password("no account has this password").unwrap_or_default())
}

/// 256 random bits in hex, for a login cookie or an API token.
pub fn new_secret() -> Result<String, String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| e.to_string())?;
    Ok(crate::anon::encode_hex(&bytes))
}

/// What is stored of a cookie or token.
pub fn secret_hash(secret: &str) -> String {
    crate::anon::encode_hex(&Sha256::digest(secret.as_bytes()))
}

/// Whether `name` may name an account or a token: 1–64 letters, digits, `.-_@`.
pub fn valid_name(name: &str) -> bool {
    (1..=64).contains(&name.len()) && name.chars().all(|c| c.is_ascii_alphanumeric() || ".-_@".contains(c))
}

/// Why a password is refused, if it is.
pub fn password_problem(password: &str) -> Option<String> {
    let chars = password.chars().count();
    (!PASSWORD_CHARS.contains(&chars))
        .then(|| format!("a password has {} to {} characters", PASSWORD_CHARS.start(), PASSWORD_CHARS.end()))
}

/// Failed logins in the current window, per account name and per address.
#[derive(Default)]
pub struct LoginThrottle {
    failures: Mutex<Failures>,
}

#[derive(Default)]
struct Failures {
    /// Key → start of its window and failures in it.
    by_key: HashMap<String, (Instant, u32)>,
    /// Windows in the order they started: expiry and eviction pop the front (an
    /// entry whose key has since started another window is skipped).
    order: VecDeque<(Instant, String)>,
}

impl Failures {
    /// The failures counted for `key` in its window.
    fn count(&self, key: &str, now: Instant) -> u32 {
        match self.by_key.get(key) {
            Some((start, n)) if now.duration_since(*start) < THROTTLE_WINDOW => *n,
            _ => 0,
        }
    }

    /// Drops the oldest window; false when there is none.
    fn pop_oldest(&mut self) -> bool {
        let Some((start, key)) = self.order.pop_front() else { return false };
        if self.by_key.get(&key).is_some_and(|(s, _)| *s == start) {
            self.by_key.remove(&key);
        }
        true
    }

    fn add(&mut self, key: String, now: Instant) {
        if let Some((start, n)) = self.by_key.get_mut(&key) {
            if now.duration_since(*start) < THROTTLE_WINDOW {
                *n += 1;
                return;
            }
        }
        while self.order.front().is_some_and(|(start, _)| now.duration_since(*start) >= THROTTLE_WINDOW) {
            self.pop_oldest();
        }
        while self.by_key.len() >= MAX_TRACKED && !self.by_key.contains_key(&key) && self.pop_oldest() {}
        self.by_key.insert(key.clone(), (now, 1));
        self.order.push_back((now, key));
    }
}

/// An address as the throttle counts it: IPv4 whole, IPv6 by /64 (as the TURN
/// connection limits count them).
fn address_key(ip: IpAddr) -> String {
    format!("ip:{}", crate::turn::limits::address_key(ip))
}

impl LoginThrottle {
    /// Seconds to wait when `name` or `ip` has failed too often, else `None`.
    pub fn blocked(&self, name: &str, ip: IpAddr) -> Option<u64> {
        let failures = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        let now = Instant::now();
        let account = format!("name:{name}");
        let address = address_key(ip);
        let over = [(account, MAX_FAILURES_PER_ACCOUNT), (address, MAX_FAILURES_PER_ADDRESS)]
            .into_iter()
            .filter(|(key, max)| failures.count(key, now) >= *max)
            .filter_map(|(key, _)| failures.by_key.get(&key).map(|(start, _)| *start))
            .max()?;
        Some(THROTTLE_WINDOW.saturating_sub(now.duration_since(over)).as_secs().max(1))
    }

    pub fn failed(&self, name: &str, ip: IpAddr) {
        let mut failures = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        let now = Instant::now();
        failures.add(format!("name:{name}"), now);
        failures.add(address_key(ip), now);
    }

    /// How many keys and windows are tracked (tests).
    pub fn tracked(&self) -> (usize, usize) {
        let failures = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        (failures.by_key.len(), failures.order.len())
    }
}

/// The value of cookie `name` in a request.
fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value)
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers.get(header::AUTHORIZATION)?.to_str().ok()?.strip_prefix("Bearer ").map(str::trim)
}

/// Whether `secret` has the form of one we issue (64 hex digits).
fn plausible_secret(secret: &str) -> bool {
    secret.len() == 64 && secret.chars().all(|c| c.is_ascii_hexdigit())
}

/// Who sent this request, if anyone the server knows.
pub async fn caller(store: &Store, headers: &HeaderMap) -> Result<Option<Caller>, StoreError> {
    if let Some(token) = bearer(headers).filter(|t| plausible_secret(t)) {
        return Ok(store.token_named(&secret_hash(token)).await?.map(|name| Caller::Token { name }));
    }
    if let Some(login) = cookie(headers, COOKIE).filter(|c| plausible_secret(c)) {
        let user = store.login_user(&secret_hash(login), now_ms()).await?;
        return Ok(user.map(|UserRow { name, role, .. }| Caller::User { name, role }));
    }
    Ok(None)
}

/// An admin caller, or 401 (nobody signed in) or 403.
pub async fn admin_only(state: &AppState, headers: &HeaderMap) -> Result<(), ApiError> {
    match required(state, headers).await? {
        caller if caller.role() == Role::Admin => Ok(()),
        Caller::User { .. } | Caller::Token { .. } => Err(ApiError::AdminOnly),
    }
}

/// The caller, or 401.
pub async fn required(state: &AppState, headers: &HeaderMap) -> Result<Caller, ApiError> {
    caller(&state.store, headers).await?.ok_or(ApiError::LoginRequired)
}

/// Whether the client reached us over HTTPS: the cookie is then `Secure`.
pub fn over_https(state: &AppState, headers: &HeaderMap) -> bool {
    let forwarded = state.proxy_hops > 0
        && headers
            .get("x-forwarded-proto")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|p| p.eq_ignore_ascii_case("https"));
    forwarded || state.public_url.as_deref().is_some_and(|u| u.starts_with("https://"))
}

fn set_cookie(value: &str, max_age: u64, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    let cookie = format!("{COOKIE}={value}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age}{secure}");
    HeaderValue::from_str(&cookie).unwrap_or_else(|_| HeaderValue::from_static("callready_login=; Max-Age=0"))
}

/// `POST /api/login {"name", "password"}`: sets the login cookie.
pub async fn login(
    State(state): State<AppState>,
    ConnectInfo(conn): ConnectInfo<ClientConn>,
    headers: HeaderMap,
    JsonBody(request): JsonBody<LoginRequest>,
) -> Result<Response, ApiError> {
    let ip = crate::path::client_ip(state.proxy_hops, &conn, &headers);
    let name: String = request.name.chars().take(64).collect();
    if let Some(retry_after) = state.logins.blocked(&name, ip) {
        return Err(ApiError::TooManyLogins(retry_after));
    }
    let account = if valid_name(&name) { state.store.user_by_name(&name).await? } else { None };
    let password = request.password;
    let hash = account.as_ref().map(|(_, hash)| hash.clone()).unwrap_or_else(|| decoy_hash().to_string());
    // One Argon2 hash at a time: each takes 19 MiB, and the allocator keeps what a
    // thread once used, so concurrent logins would hold that much per thread.
    static HASHING: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(1);
    let _one_at_a_time = HASHING.acquire().await.map_err(|e| ApiError::Internal(e.to_string()))?;
    let matches = tokio::task::spawn_blocking(move || password_matches(&password, &hash))
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    let Some((user, _)) = account.filter(|_| matches) else {
        state.logins.failed(&name, ip);
        return Err(ApiError::LoginFailed);
    };
    let secret = new_secret().map_err(ApiError::Internal)?;
    let now = now_ms();
    let lifetime_ms = LOGIN_LIFETIME.as_millis() as i64;
    state.store.add_login(&secret_hash(&secret), user.id, now, now + lifetime_ms).await?;
    let me = Me { name: user.name, role: user.role.as_str().to_string() };
    let cookie = set_cookie(&secret, LOGIN_LIFETIME.as_secs(), over_https(&state, &headers));
    Ok(([(header::SET_COOKIE, cookie), (header::CACHE_CONTROL, HeaderValue::from_static("no-store"))], Json(me))
        .into_response())
}

/// `POST /api/logout`: ends the login session and clears the cookie.
pub async fn logout(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, ApiError> {
    if let Some(login) = cookie(&headers, COOKIE).filter(|c| plausible_secret(c)) {
        state.store.remove_login(&secret_hash(login)).await?;
    }
    let cleared = set_cookie("", 0, over_https(&state, &headers));
    Ok(([(header::SET_COOKIE, cleared)], StatusCode::NO_CONTENT).into_response())
}

/// `GET /api/me`: the account logged in, or 401.
pub async fn me(State(state): State<AppState>, headers: HeaderMap) -> Result<Json<Me>, ApiError> {
    let me = match required(&state, &headers).await? {
        Caller::User { name, role } => Me { name, role: role.as_str().to_string() },
        Caller::Token { name } => Me { name, role: "token".into() },
    };
    Ok(Json(me))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_hash_is_argon2id_and_salted() {
        let one = hash_password("correct horse battery").unwrap();
        let two = hash_password("correct horse battery").unwrap();
        assert!(one.starts_with("$argon2id$"), "{one}");
        assert_ne!(one, two, "a salt of its own");
        assert!(password_matches("correct horse battery", &one));
        assert!(!password_matches("correct horse batterY", &one));
        assert!(!password_matches("anything", "not a hash"));
    }

    #[test]
    fn failures_are_limited_per_account_and_per_address_and_the_table_is_bounded() {
        let throttle = LoginThrottle::default();
        let ip: IpAddr = "192.0.2.7".parse().unwrap();
        for _ in 0..MAX_FAILURES_PER_ACCOUNT {
            assert_eq!(throttle.blocked("alice", ip), None);
            throttle.failed("alice", ip);
        }
        assert!(throttle.blocked("alice", ip).is_some_and(|s| s > 0 && s <= THROTTLE_WINDOW.as_secs()));
        let elsewhere: IpAddr = "198.51.100.9".parse().unwrap();
        assert!(throttle.blocked("alice", elsewhere).is_some(), "per account, from any address");
        assert_eq!(throttle.blocked("bob", elsewhere), None);
        // One address trying many names.
        let v6: IpAddr = "2001:db8:1:2::10".parse().unwrap();
        for n in 0..MAX_FAILURES_PER_ADDRESS {
            throttle.failed(&format!("user{n}"), v6);
        }
        let same_64: IpAddr = "2001:db8:1:2::99".parse().unwrap();
        assert!(throttle.blocked("carol", same_64).is_some(), "per address, IPv6 per /64");
        // A flood of names cannot grow the table past its bound.
        for n in 0..(MAX_TRACKED + 500) {
            throttle.failed(&format!("flood{n}"), ip);
        }
        let (keys, windows) = throttle.tracked();
        assert!(keys <= MAX_TRACKED && windows <= 2 * MAX_TRACKED, "{keys} keys, {windows} windows");
    }

    #[test]
    fn cookies_and_bearer_tokens_are_read_strictly() {
        let mut headers = HeaderMap::new();
        headers.insert(header::COOKIE, HeaderValue::from_static("a=1; callready_login=abc; b=2"));
        assert_eq!(cookie(&headers, COOKIE), Some("abc"));
        headers.insert(header::AUTHORIZATION, HeaderValue::from_static("Bearer  xyz "));
        assert_eq!(bearer(&headers), Some("xyz"));
        assert!(!plausible_secret("xyz"));
        assert!(plausible_secret(&new_secret().unwrap()));
        assert!(
            valid_name("support.lead@acme") && !valid_name("") && !valid_name("a b") && !valid_name(&"x".repeat(65))
        );
        assert!(password_problem("short").is_some() && password_problem("long enough now").is_none());
    }
}
