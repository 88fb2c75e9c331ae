//! Relay safety at the protocol level: a `Conn` in front of each TURN listener that
//! answers CreatePermission and ChannelBind requests naming a forbidden peer with
//! `403 Forbidden IP` (as coturn does) instead of passing them to the TURN server,
//! so no permission to a forbidden peer ever exists. Only authenticated requests are
//! answered here (REST credentials not expired, a NONCE, a MESSAGE-INTEGRITY that
//! checks out with the long-term key): anything else passes through and the TURN
//! server answers it 401. Nothing a client sends is logged with its address.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use async_trait::async_trait;
use stun::attributes::{ATTR_NONCE, ATTR_USERNAME, ATTR_XOR_PEER_ADDRESS};
use stun::error_code::{ErrorCodeAttribute, CODE_FORBIDDEN};
use stun::fingerprint::FINGERPRINT;
use stun::integrity::MessageIntegrity;
use stun::message::{
    Message, MessageType, Setter, CLASS_ERROR_RESPONSE, CLASS_REQUEST, METHOD_CHANNEL_BIND, METHOD_CREATE_PERMISSION,
};
use webrtc_util::Conn;

use super::auth::now_unix;
use super::credentials::expected_password;
use super::policy::PeerPolicy;

const MAGIC_COOKIE: u32 = 0x2112_A442;

/// Peer addresses named by XOR-PEER-ADDRESS attributes (RFC 5766 §14.3).
pub fn xor_peer_addresses(m: &Message) -> Vec<IpAddr> {
    let cookie = MAGIC_COOKIE.to_be_bytes();
    m.attributes
        .0
        .iter()
        .filter(|a| a.typ == ATTR_XOR_PEER_ADDRESS)
        .filter_map(|a| {
            let v = &a.value;
            match (v.get(1), v.len()) {
                (Some(1), 8) => {
                    let o: Vec<u8> = v[4..8].iter().zip(cookie).map(|(b, k)| b ^ k).collect();
                    Some(IpAddr::V4(Ipv4Addr::new(o[0], o[1], o[2], o[3])))
                }
                (Some(2), 20) => {
                    let key: Vec<u8> = cookie.iter().chain(m.transaction_id.0.iter()).copied().collect();
                    let o: Vec<u8> = v[4..20].iter().zip(key).map(|(b, k)| b ^ k).collect();
                    let bytes: [u8; 16] = o.try_into().ok()?;
                    Some(IpAddr::V6(Ipv6Addr::from(bytes)))
                }
                _ => None,
            }
        })
        .collect()
}

/// The 403 answer for `packet` if it is a CreatePermission or ChannelBind request
/// naming a peer the policy forbids, authenticated with valid REST credentials.
pub fn refusal_for(packet: &[u8], policy: &PeerPolicy, secret: &[u8], realm: &str, now: u64) -> Option<Vec<u8>> {
    if !stun::message::is_message(packet) {
        return None;
    }
    let mut request = Message::new();
    request.unmarshal_binary(packet).ok()?;
    let method = request.typ.method;
    if request.typ.class != CLASS_REQUEST || (method != METHOD_CREATE_PERMISSION && method != METHOD_CHANNEL_BIND) {
        return None;
    }
    if xor_peer_addresses(&request).iter().all(|ip| policy.permits(*ip)) {
        return None;
    }
    let username = String::from_utf8(request.get(ATTR_USERNAME).ok()?).ok()?;
    let password = expected_password(secret, &username, now).ok()?;
    // The nonce's value is the TURN server's to check; without one the request
    // cannot be authenticated at all.
    request.get(ATTR_NONCE).ok()?;
    let integrity = MessageIntegrity::new_long_term_integrity(username.clone(), realm.to_string(), password.clone());
    integrity.check(&mut request).ok()?;
    let mut response = Message::new();
    let setters: Vec<Box<dyn Setter>> = vec![
        Box::new(request.transaction_id),
        Box::new(MessageType::new(method, CLASS_ERROR_RESPONSE)),
        Box::new(ErrorCodeAttribute { code: CODE_FORBIDDEN, reason: b"Forbidden IP".to_vec() }),
        Box::new(MessageIntegrity::new_long_term_integrity(username, realm.to_string(), password)),
        Box::new(FINGERPRINT),
    ];
    response.build(&setters).ok()?;
    Some(response.raw)
}

/// Wraps a listener's `Conn`; see the module documentation.
pub struct GuardedConn {
    pub inner: Arc<dyn Conn + Send + Sync>,
    pub policy: PeerPolicy,
    pub secret: Vec<u8>,
    pub realm: String,
    pub refused: Arc<AtomicU64>,
}

#[async_trait]
impl Conn for GuardedConn {
    async fn connect(&self, addr: SocketAddr) -> webrtc_util::Result<()> {
        self.inner.connect(addr).await
    }

    async fn recv(&self, buf: &mut [u8]) -> webrtc_util::Result<usize> {
        self.inner.recv(buf).await
    }

    async fn recv_from(&self, buf: &mut [u8]) -> webrtc_util::Result<(usize, SocketAddr)> {
        loop {
            let (n, src) = self.inner.recv_from(buf).await?;
            match refusal_for(&buf[..n], &self.policy, &self.secret, &self.realm, now_unix()) {
                Some(answer) => {
                    self.refused.fetch_add(1, Ordering::Relaxed);
                    tracing::info!("refused an authenticated TURN permission to a peer outside the relay policy");
                    let _ = self.inner.send_to(&answer, src).await;
                }
                None => return Ok((n, src)),
            }
        }
    }

    async fn send(&self, buf: &[u8]) -> webrtc_util::Result<usize> {
        self.inner.send(buf).await
    }

    async fn send_to(&self, buf: &[u8], target: SocketAddr) -> webrtc_util::Result<usize> {
        self.inner.send_to(buf, target).await
    }

    fn local_addr(&self) -> webrtc_util::Result<SocketAddr> {
        self.inner.local_addr()
    }

    fn remote_addr(&self) -> Option<SocketAddr> {
        self.inner.remote_addr()
    }

    async fn close(&self) -> webrtc_util::Result<()> {
        self.inner.close().await
    }

    fn as_any(&self) -> &(dyn std::any::Any + Send + Sync) {
        self
    }
}

#[cfg(test)]
mod tests {
    use stun::agent::TransactionId;
    use stun::error_code::ErrorCodeAttribute;
    use stun::message::Getter;
    use stun::textattrs::TextAttribute;
    use stun::xoraddr::XorMappedAddress;

    use super::*;
    use crate::turn::credentials;

    /// A request as a browser sends it: USERNAME, REALM, NONCE, the peer, and
    /// MESSAGE-INTEGRITY keyed with `password` (none when `None`).
    fn request(method: stun::message::Method, peer: &str, username: &str, password: Option<&str>) -> Vec<u8> {
        let mut m = Message::new();
        let setters: Vec<Box<dyn Setter>> = vec![
            Box::new(TransactionId::new()),
            Box::new(MessageType::new(method, CLASS_REQUEST)),
            Box::new(TextAttribute::new(ATTR_USERNAME, username.to_string())),
            Box::new(TextAttribute::new(stun::attributes::ATTR_REALM, "r".to_string())),
            Box::new(TextAttribute::new(ATTR_NONCE, "nonce-from-the-server".to_string())),
        ];
        m.build(&setters).unwrap();
        let peer = XorMappedAddress { ip: peer.parse().unwrap(), port: 9 };
        peer.add_to_as(&mut m, ATTR_XOR_PEER_ADDRESS).unwrap();
        if let Some(password) = password {
            MessageIntegrity::new_long_term_integrity(username.to_string(), "r".into(), password.to_string())
                .add_to(&mut m)
                .unwrap();
        }
        m.raw
    }

    /// An authenticated request with fresh credentials.
    fn signed(method: stun::message::Method, peer: &str) -> Vec<u8> {
        let user = username();
        let password = credentials::expected_password(b"secret", &user, now_unix()).unwrap();
        request(method, peer, &user, Some(&password))
    }

    fn username() -> String {
        credentials::issue(b"secret", now_unix(), "test").username
    }

    #[test]
    fn xor_peer_address_decodes_ipv4_and_ipv6() {
        for peer in ["169.254.169.254", "2001:db8::7"] {
            let mut m = Message::new();
            m.unmarshal_binary(&request(METHOD_CREATE_PERMISSION, peer, "u", None)).unwrap();
            assert_eq!(xor_peer_addresses(&m), vec![peer.parse::<IpAddr>().unwrap()]);
        }
    }

    #[test]
    fn permission_outside_the_policy_gets_403_with_integrity() {
        for peer in ["127.0.0.1", "10.0.0.1", "169.254.169.254", "8.8.8.8"] {
            let answer = refusal_for(
                &signed(METHOD_CREATE_PERMISSION, peer),
                &PeerPolicy::default(),
                b"secret",
                "r",
                now_unix(),
            )
            .unwrap_or_else(|| panic!("{peer} must be refused"));
            let mut m = Message::new();
            m.unmarshal_binary(&answer).unwrap();
            assert_eq!(m.typ, MessageType::new(METHOD_CREATE_PERMISSION, CLASS_ERROR_RESPONSE));
            let mut code = ErrorCodeAttribute::default();
            code.get_from(&m).unwrap();
            assert!(code.code == CODE_FORBIDDEN, "expected 403");
            let password = credentials::expected_password(b"secret", &username(), now_unix()).unwrap();
            MessageIntegrity::new_long_term_integrity(username(), "r".into(), password).check(&mut m).unwrap();
        }
    }

    #[test]
    fn channel_bind_to_internal_address_is_refused_too() {
        let packet = signed(METHOD_CHANNEL_BIND, "192.168.0.10");
        assert!(refusal_for(&packet, &PeerPolicy::default(), b"secret", "r", now_unix()).is_some());
    }

    #[test]
    fn allowed_peers_pass_through() {
        let policy = PeerPolicy::new(vec!["10.1.1.1".parse().unwrap()]).with_endpoint("8.8.8.8:3479".parse().unwrap());
        for peer in ["8.8.8.8", "10.1.1.1"] {
            let packet = signed(METHOD_CREATE_PERMISSION, peer);
            assert_eq!(refusal_for(&packet, &policy, b"secret", "r", now_unix()), None, "{peer}");
        }
    }

    #[test]
    fn requests_with_bad_credentials_pass_through_for_the_server_to_refuse() {
        let policy = PeerPolicy::default();
        let unsigned = request(METHOD_CREATE_PERMISSION, "10.0.0.1", &username(), None);
        assert_eq!(refusal_for(&unsigned, &policy, b"secret", "r", now_unix()), None, "no MESSAGE-INTEGRITY");
        let forged = request(METHOD_CREATE_PERMISSION, "10.0.0.1", &username(), Some("guessed"));
        assert_eq!(refusal_for(&forged, &policy, b"secret", "r", now_unix()), None, "wrong password");
        let garbage = request(METHOD_CREATE_PERMISSION, "10.0.0.1", "not-a-rest-username", Some("x"));
        assert_eq!(refusal_for(&garbage, &policy, b"secret", "r", now_unix()), None, "not a REST username");
        let later = now_unix() + credentials::TTL_SECONDS + 1;
        assert_eq!(refusal_for(&signed(METHOD_CREATE_PERMISSION, "10.0.0.1"), &policy, b"secret", "r", later), None);
    }

    #[test]
    fn requests_without_a_nonce_pass_through() {
        let user = username();
        let password = credentials::expected_password(b"secret", &user, now_unix()).unwrap();
        let mut m = Message::new();
        let setters: Vec<Box<dyn Setter>> = vec![
            Box::new(TransactionId::new()),
            Box::new(MessageType::new(METHOD_CREATE_PERMISSION, CLASS_REQUEST)),
            Box::new(TextAttribute::new(ATTR_USERNAME, user.clone())),
        ];
        m.build(&setters).unwrap();
        XorMappedAddress { ip: "10.0.0.1".parse().unwrap(), port: 9 }.add_to_as(&mut m, ATTR_XOR_PEER_ADDRESS).unwrap();
        MessageIntegrity::new_long_term_integrity(user, "r".into(), password).add_to(&mut m).unwrap();
        assert_eq!(refusal_for(&m.raw, &PeerPolicy::default(), b"secret", "r", now_unix()), None);
    }

    #[test]
    fn non_stun_data_passes_through() {
        assert_eq!(refusal_for(b"\x40\x00\x00\x04abcd", &PeerPolicy::default(), b"s", "r", 0), None);
    }
}
