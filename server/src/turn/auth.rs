//! TURN long-term authentication with REST credentials: the password is derived from
//! the username and the shared secret, so the server stores no user list.

use std::net::SocketAddr;
use std::time::{SystemTime, UNIX_EPOCH};

use super::credentials::expected_password;

pub struct RestAuth {
    pub secret: Vec<u8>,
    /// Requests whose user name ends in a live probe token record their address.
    pub probes: std::sync::Arc<crate::probe_tokens::ProbeTokens>,
}

pub fn now_unix() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0)
}

impl turn::auth::AuthHandler for RestAuth {
    fn auth_handle(&self, username: &str, realm: &str, src: SocketAddr) -> Result<Vec<u8>, turn::Error> {
        let password =
            expected_password(&self.secret, username, now_unix()).map_err(|e| turn::Error::Other(e.to_string()))?;
        // `<expiry>:<token>`: a page's TURN probe, whose address joins its run's.
        if let Some(token) =
            username.split_once(':').map(|(_, tag)| tag).filter(|t| callready_common::api::is_probe_token(t))
        {
            self.probes.record(token, crate::probe_tokens::Via::Turn, src.ip());
        }
        Ok(turn::auth::generate_auth_key(username, realm, &password))
    }
}
