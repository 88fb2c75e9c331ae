//! TURN REST API credentials (draft-uberti-behave-turn-rest, as coturn's
//! `use-auth-secret` accepts them): username `<expiry-unix-time>:<tag>`, password
//! `base64(HMAC-SHA1(secret, username))`. The page gets a fresh pair from
//! `/api/config`; the TURN server recomputes the password from the username.

use base64::Engine;
use hmac::{Hmac, Mac};
use sha1::Sha1;

/// How long handed-out credentials stay valid.
pub const TTL_SECONDS: u64 = 600;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Credentials {
    pub username: String,
    pub password: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CredentialError {
    #[error("the username has no expiry time before ':'")]
    Malformed,
    #[error("the credentials expired at {0}")]
    Expired(u64),
}

pub fn password_for(secret: &[u8], username: &str) -> String {
    let mut mac = <Hmac<Sha1> as Mac>::new_from_slice(secret).expect("HMAC takes any key length");
    mac.update(username.as_bytes());
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

/// Credentials valid for [`TTL_SECONDS`] from `now_unix`; `tag` names the holder.
pub fn issue(secret: &[u8], now_unix: u64, tag: &str) -> Credentials {
    let username = format!("{}:{tag}", now_unix + TTL_SECONDS);
    Credentials { password: password_for(secret, &username), username }
}

/// The password a TURN server must expect for `username`, if it has not expired.
pub fn expected_password(secret: &[u8], username: &str, now_unix: u64) -> Result<String, CredentialError> {
    let expiry: u64 = username.split(':').next().and_then(|e| e.parse().ok()).ok_or(CredentialError::Malformed)?;
    if expiry < now_unix {
        return Err(CredentialError::Expired(expiry));
    }
    Ok(password_for(secret, username))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn password_matches_an_independent_hmac_sha1() {
        // python3: base64(hmac.new(b'north-secret', b'1764000000:agent', sha1).digest())
        assert_eq!(password_for(b"north-secret", "1764000000:agent"), "9N1d9yVIKLDGOZBHRb6s5yEfpWs=");
    }

    #[test]
    fn issued_credentials_expire_after_ten_minutes() {
        let c = issue(b"s", 1_000, "page");
        assert_eq!(c.username, "1600:page");
        assert_eq!(expected_password(b"s", &c.username, 1_599), Ok(c.password.clone()));
        assert_eq!(expected_password(b"s", &c.username, 1_600), Ok(c.password));
        assert_eq!(expected_password(b"s", &c.username, 1_601), Err(CredentialError::Expired(1600)));
    }

    #[test]
    fn usernames_without_expiry_are_refused() {
        assert_eq!(expected_password(b"s", "agent", 0), Err(CredentialError::Malformed));
        assert_eq!(expected_password(b"s", "soon:agent", 0), Err(CredentialError::Malformed));
    }

    #[test]
    fn another_secret_gives_another_password() {
        assert_ne!(password_for(b"a", "1:x"), password_for(b"b", "1:x"));
    }
}
