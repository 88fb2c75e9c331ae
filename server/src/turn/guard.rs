//! What reaches the TURN server. Every packet on a listener is inspected here first,
//! decoded the way the turn crate decodes it, and:
//!
//! - anything the crate would not answer or relay (not STUN nor ChannelData, a
//!   response, an unknown method) is dropped, as is any XOR-PEER-ADDRESS this guard
//!   cannot decode strictly (the stun crate also accepts truncated ones, which name
//!   addresses nobody checked): nothing the guard does not understand reaches the
//!   crate;
//! - requests are sorted into authenticated ones (REST credentials not expired, and
//!   a MESSAGE-INTEGRITY that checks out with the long-term key, computed as the
//!   crate computes it) and the rest, which the server answers 401 and so are
//!   throttled (see [`super::throttle`]);
//! - authenticated requests can be answered here, signed: a CreatePermission or
//!   ChannelBind naming a forbidden peer gets `403 Forbidden IP` (as coturn does), so
//!   no permission to a forbidden peer ever exists; quotas answer 486 and 508.
//!
//! Nothing a client sends is logged with its address.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

use stun::attributes::{ATTR_CHANNEL_NUMBER, ATTR_NONCE, ATTR_REALM, ATTR_USERNAME, ATTR_XOR_PEER_ADDRESS};
use stun::error_code::{ErrorCode, ErrorCodeAttribute, CODE_FORBIDDEN};
use stun::fingerprint::FINGERPRINT;
use stun::integrity::MessageIntegrity;
use stun::message::{
    Message, MessageType, Method, Setter, CLASS_ERROR_RESPONSE, CLASS_INDICATION, CLASS_REQUEST, METHOD_ALLOCATE,
    METHOD_BINDING, METHOD_CHANNEL_BIND, METHOD_CREATE_PERMISSION, METHOD_REFRESH, METHOD_SEND,
};
use turn::proto::chandata::ChannelData;

use super::credentials::expected_password;
use super::policy::PeerPolicy;

const MAGIC_COOKIE: u32 = 0x2112_A442;
const FAMILY_IPV4: u16 = 1;
const FAMILY_IPV6: u16 = 2;

/// Why a packet never reached the TURN server.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dropped {
    /// Neither a request or Send indication the server handles nor ChannelData.
    NotTurn,
    /// An XOR-PEER-ADDRESS that is not exactly an IPv4 or an IPv6 address.
    MalformedPeerAddress,
}

/// What a packet is, as far as the TURN server is concerned.
pub enum Inspection {
    Drop(Dropped),
    /// ChannelData or a Send indication: relayed if the sender has an allocation.
    Data,
    Request(Box<TurnRequest>),
}

/// A request the TURN server handles.
pub struct TurnRequest {
    pub message: Message,
    pub method: Method,
    /// Every XOR-PEER-ADDRESS, in order.
    pub peers: Vec<SocketAddr>,
    pub channel: Option<u16>,
    pub nonce: Option<String>,
    /// Present when the request is signed with valid REST credentials.
    pub signed: Option<Signature>,
}

/// The credentials a request is signed with, which sign our answer too.
pub struct Signature {
    pub username: String,
    /// When the credentials expire (Unix seconds).
    pub expiry_unix: u64,
    realm: String,
    password: String,
}

/// Peer addresses named by XOR-PEER-ADDRESS attributes (RFC 5766 §14.3), or `None`
/// if any of them is not exactly an IPv4 (8 bytes) or IPv6 (20 bytes) address.
pub fn peer_addresses(m: &Message) -> Option<Vec<SocketAddr>> {
    let cookie = MAGIC_COOKIE.to_be_bytes();
    let key: Vec<u8> = cookie.iter().chain(m.transaction_id.0.iter()).copied().collect();
    m.attributes
        .0
        .iter()
        .filter(|a| a.typ == ATTR_XOR_PEER_ADDRESS)
        .map(|a| {
            let v = &a.value;
            let family = u16::from_be_bytes([*v.first()?, *v.get(1)?]);
            let ip = match (family, v.len()) {
                (FAMILY_IPV4, 8) => {
                    let o: Vec<u8> = v[4..8].iter().zip(&key).map(|(b, k)| b ^ k).collect();
                    IpAddr::V4(Ipv4Addr::new(o[0], o[1], o[2], o[3]))
                }
                (FAMILY_IPV6, 20) => {
                    let o: Vec<u8> = v[4..20].iter().zip(&key).map(|(b, k)| b ^ k).collect();
                    let bytes: [u8; 16] = o.try_into().ok()?;
                    IpAddr::V6(Ipv6Addr::from(bytes))
                }
                _ => return None,
            };
            let port = u16::from_be_bytes([v[2] ^ cookie[0], v[3] ^ cookie[1]]);
            Some(SocketAddr::new(ip, port))
        })
        .collect()
}

fn text(m: &Message, attr: stun::attributes::AttrType) -> Option<String> {
    String::from_utf8(m.get(attr).ok()?).ok()
}

/// The request's credentials, if it is signed with valid, unexpired REST
/// credentials. The key is computed from the request's own REALM, as the turn crate
/// computes it, so that this guard and the crate agree on what is authenticated.
fn signature(m: &Message, secret: &[u8], now_unix: u64) -> Option<Signature> {
    let username = text(m, ATTR_USERNAME)?;
    let realm = text(m, ATTR_REALM)?;
    let password = expected_password(secret, &username, now_unix).ok()?;
    let expiry_unix = username.split(':').next()?.parse().ok()?;
    let integrity = MessageIntegrity::new_long_term_integrity(username.clone(), realm.clone(), password.clone());
    integrity.check(&mut m.clone()).ok()?;
    Some(Signature { username, expiry_unix, realm, password })
}

/// Inspects one packet from a client; see the module documentation.
pub fn inspect(packet: &[u8], secret: &[u8], now_unix: u64) -> Inspection {
    if ChannelData::is_channel_data(packet) {
        return Inspection::Data;
    }
    let mut message = Message::new();
    if message.unmarshal_binary(packet).is_err() {
        return Inspection::Drop(Dropped::NotTurn);
    }
    let (class, method) = (message.typ.class, message.typ.method);
    let handled = match class {
        CLASS_INDICATION => method == METHOD_SEND,
        CLASS_REQUEST => {
            [METHOD_ALLOCATE, METHOD_REFRESH, METHOD_CREATE_PERMISSION, METHOD_CHANNEL_BIND, METHOD_BINDING]
                .contains(&method)
        }
        _ => false,
    };
    if !handled {
        return Inspection::Drop(Dropped::NotTurn);
    }
    let Some(peers) = peer_addresses(&message) else {
        return Inspection::Drop(Dropped::MalformedPeerAddress);
    };
    if class == CLASS_INDICATION {
        return Inspection::Data;
    }
    let channel =
        message.get(ATTR_CHANNEL_NUMBER).ok().and_then(|v| Some(u16::from_be_bytes([*v.first()?, *v.get(1)?])));
    let nonce = text(&message, ATTR_NONCE);
    let signed = signature(&message, secret, now_unix);
    Inspection::Request(Box::new(TurnRequest { message, method, peers, channel, nonce, signed }))
}

impl TurnRequest {
    /// An error answer signed with the request's credentials; `None` for a request
    /// that is not signed (the TURN server answers those 401).
    pub fn signed_error(&self, code: ErrorCode, reason: &str) -> Option<Vec<u8>> {
        let signed = self.signed.as_ref()?;
        let integrity = MessageIntegrity::new_long_term_integrity(
            signed.username.clone(),
            signed.realm.clone(),
            signed.password.clone(),
        );
        let mut response = Message::new();
        let setters: Vec<Box<dyn Setter>> = vec![
            Box::new(self.message.transaction_id),
            Box::new(MessageType::new(self.method, CLASS_ERROR_RESPONSE)),
            Box::new(ErrorCodeAttribute { code, reason: reason.as_bytes().to_vec() }),
            Box::new(integrity),
            Box::new(FINGERPRINT),
        ];
        response.build(&setters).ok()?;
        Some(response.raw)
    }

    /// Does this request ask for a permission or channel to a peer `policy` forbids?
    pub fn names_forbidden_peer(&self, policy: &PeerPolicy) -> bool {
        [METHOD_CREATE_PERMISSION, METHOD_CHANNEL_BIND].contains(&self.method)
            && self.peers.iter().any(|peer| !policy.permits(peer.ip()))
    }
}

/// The 403 answer for `packet` if it is a CreatePermission or ChannelBind request
/// naming a peer the policy forbids, signed with valid REST credentials. (Whether its
/// nonce is current is the caller's to check.)
pub fn refusal_for(packet: &[u8], policy: &PeerPolicy, secret: &[u8], now_unix: u64) -> Option<Vec<u8>> {
    match inspect(packet, secret, now_unix) {
        Inspection::Request(request) if request.names_forbidden_peer(policy) => {
            request.signed_error(CODE_FORBIDDEN, "Forbidden IP")
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use stun::agent::TransactionId;
    use stun::error_code::ErrorCodeAttribute;
    use stun::message::{Getter, METHOD_DATA};
    use stun::textattrs::TextAttribute;
    use stun::xoraddr::XorMappedAddress;

    use super::*;
    use crate::turn::auth::now_unix;
    use crate::turn::credentials;

    /// A request as a browser sends it: USERNAME, REALM, NONCE, the peer, and
    /// MESSAGE-INTEGRITY keyed with `password` (none when `None`).
    fn request(method: Method, peer: &str, username: &str, password: Option<&str>) -> Vec<u8> {
        let mut m = Message::new();
        let setters: Vec<Box<dyn Setter>> = vec![
            Box::new(TransactionId::new()),
            Box::new(MessageType::new(method, CLASS_REQUEST)),
            Box::new(TextAttribute::new(ATTR_USERNAME, username.to_string())),
            Box::new(TextAttribute::new(ATTR_REALM, "r".to_string())),
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
    fn signed(method: Method, peer: &str) -> Vec<u8> {
        let user = username();
        let password = credentials::expected_password(b"secret", &user, now_unix()).unwrap();
        request(method, peer, &user, Some(&password))
    }

    fn username() -> String {
        credentials::issue(b"secret", now_unix(), "test").username
    }

    fn inspected(packet: &[u8]) -> Inspection {
        inspect(packet, b"secret", now_unix())
    }

    /// `packet` with its first XOR-PEER-ADDRESS value replaced by `value`.
    fn with_peer_value(packet: &[u8], value: &[u8]) -> Vec<u8> {
        let mut m = Message::new();
        m.unmarshal_binary(packet).unwrap();
        let mut rebuilt = Message::new();
        rebuilt.typ = m.typ;
        rebuilt.transaction_id = m.transaction_id;
        rebuilt.write_header();
        for attribute in &m.attributes.0 {
            let value = if attribute.typ == ATTR_XOR_PEER_ADDRESS { value } else { &attribute.value[..] };
            rebuilt.add(attribute.typ, value);
        }
        rebuilt.raw
    }

    #[test]
    fn peer_addresses_decode_ipv4_and_ipv6() {
        for peer in ["169.254.169.254", "2001:db8::7"] {
            let mut m = Message::new();
            m.unmarshal_binary(&request(METHOD_CREATE_PERMISSION, peer, "u", None)).unwrap();
            let expected = SocketAddr::new(peer.parse().unwrap(), 9);
            assert_eq!(peer_addresses(&m), Some(vec![expected]));
        }
    }

    #[test]
    fn peer_addresses_the_stun_crate_would_guess_at_are_dropped() {
        let ipv4 = request(METHOD_CREATE_PERMISSION, "10.0.0.1", "u", None);
        let ipv6 = request(METHOD_CREATE_PERMISSION, "2001:db8::7", "u", None);
        let mut m = Message::new();
        m.unmarshal_binary(&ipv4).unwrap();
        let value = m.get(ATTR_XOR_PEER_ADDRESS).unwrap();
        // The stun crate accepts 5 to 8 bytes for IPv4 and 5 to 20 for IPv6.
        let mut values: Vec<Vec<u8>> = (0..8).map(|n| value[..n].to_vec()).collect();
        values.extend(
            (9..24).filter(|n| *n != 20).map(|n| [&[0, 2][..], &value[2..], &[0u8; 16][..]].concat()[..n].to_vec()),
        );
        values.push([&[1, 1][..], &value[2..]].concat());
        values.push([&[0, 3][..], &value[2..]].concat());
        for value in &values {
            for (packet, what) in [(&ipv4, "IPv4"), (&ipv6, "IPv6")] {
                let tampered = with_peer_value(packet, value);
                assert!(
                    matches!(inspected(&tampered), Inspection::Drop(Dropped::MalformedPeerAddress)),
                    "{what} request with a {}-byte peer address {value:?}",
                    value.len()
                );
            }
        }
    }

    #[test]
    fn send_indications_with_a_truncated_peer_are_dropped_too() {
        let mut m = Message::new();
        m.build(&[Box::new(TransactionId::new()), Box::new(MessageType::new(METHOD_SEND, CLASS_INDICATION))]).unwrap();
        XorMappedAddress { ip: "10.0.0.1".parse().unwrap(), port: 9 }.add_to_as(&mut m, ATTR_XOR_PEER_ADDRESS).unwrap();
        assert!(matches!(inspected(&m.raw), Inspection::Data));
        let value = m.get(ATTR_XOR_PEER_ADDRESS).unwrap();
        let tampered = with_peer_value(&m.raw, &value[..5]);
        assert!(matches!(inspected(&tampered), Inspection::Drop(Dropped::MalformedPeerAddress)));
    }

    #[test]
    fn what_the_server_never_handles_is_dropped() {
        let mut data = Message::new();
        data.build(&[Box::new(TransactionId::new()), Box::new(MessageType::new(METHOD_DATA, CLASS_INDICATION))])
            .unwrap();
        let mut response = Message::new();
        response
            .build(&[Box::new(TransactionId::new()), Box::new(MessageType::new(METHOD_ALLOCATE, CLASS_ERROR_RESPONSE))])
            .unwrap();
        let mut truncated = signed(METHOD_ALLOCATE, "8.8.8.8");
        truncated.truncate(30);
        for (packet, what) in [
            (&data.raw[..], "a Data indication"),
            (&response.raw[..], "a response"),
            (&truncated[..], "a truncated request"),
            (b"\x80\x00\x00\x04abcd", "neither STUN nor ChannelData"),
            (&[][..], "nothing"),
        ] {
            assert!(matches!(inspected(packet), Inspection::Drop(Dropped::NotTurn)), "{what}");
        }
        assert!(matches!(inspected(b"\x40\x00\x00\x04abcd"), Inspection::Data), "ChannelData");
    }

    #[test]
    fn only_valid_rest_credentials_sign_a_request() {
        let is_signed = |packet: &[u8], now: u64| match inspect(packet, b"secret", now) {
            Inspection::Request(request) => request.signed.is_some(),
            _ => panic!("a request"),
        };
        assert!(is_signed(&signed(METHOD_ALLOCATE, "8.8.8.8"), now_unix()));
        assert!(!is_signed(&request(METHOD_ALLOCATE, "8.8.8.8", &username(), None), now_unix()), "no integrity");
        assert!(!is_signed(&request(METHOD_ALLOCATE, "8.8.8.8", &username(), Some("guessed")), now_unix()));
        assert!(!is_signed(&request(METHOD_ALLOCATE, "8.8.8.8", "not-rest", Some("x")), now_unix()));
        let later = now_unix() + credentials::TTL_SECONDS + 1;
        assert!(!is_signed(&signed(METHOD_ALLOCATE, "8.8.8.8"), later), "expired");
    }

    #[test]
    fn permission_outside_the_policy_gets_403_with_integrity() {
        for peer in ["127.0.0.1", "10.0.0.1", "169.254.169.254", "8.8.8.8"] {
            let answer =
                refusal_for(&signed(METHOD_CREATE_PERMISSION, peer), &PeerPolicy::default(), b"secret", now_unix())
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
    fn a_realm_of_the_clients_choosing_does_not_slip_past_the_403() {
        // The turn crate keys MESSAGE-INTEGRITY with the request's own REALM.
        let user = username();
        let password = credentials::expected_password(b"secret", &user, now_unix()).unwrap();
        let mut m = Message::new();
        let setters: Vec<Box<dyn Setter>> = vec![
            Box::new(TransactionId::new()),
            Box::new(MessageType::new(METHOD_CREATE_PERMISSION, CLASS_REQUEST)),
            Box::new(TextAttribute::new(ATTR_USERNAME, user.clone())),
            Box::new(TextAttribute::new(ATTR_REALM, "elsewhere".to_string())),
            Box::new(TextAttribute::new(ATTR_NONCE, "nonce-from-the-server".to_string())),
        ];
        m.build(&setters).unwrap();
        XorMappedAddress { ip: "10.0.0.1".parse().unwrap(), port: 9 }.add_to_as(&mut m, ATTR_XOR_PEER_ADDRESS).unwrap();
        MessageIntegrity::new_long_term_integrity(user, "elsewhere".into(), password).add_to(&mut m).unwrap();
        assert!(refusal_for(&m.raw, &PeerPolicy::default(), b"secret", now_unix()).is_some());
    }

    #[test]
    fn channel_bind_to_internal_address_is_refused_too() {
        let packet = signed(METHOD_CHANNEL_BIND, "192.168.0.10");
        assert!(refusal_for(&packet, &PeerPolicy::default(), b"secret", now_unix()).is_some());
    }

    #[test]
    fn allowed_peers_pass_through() {
        let policy = PeerPolicy::new(vec!["10.1.1.1".parse().unwrap()]).with_endpoint("8.8.8.8:3479".parse().unwrap());
        for peer in ["8.8.8.8", "10.1.1.1"] {
            let packet = signed(METHOD_CREATE_PERMISSION, peer);
            assert_eq!(refusal_for(&packet, &policy, b"secret", now_unix()), None, "{peer}");
        }
    }

    #[test]
    fn requests_with_bad_credentials_get_no_403_for_the_server_to_refuse() {
        let policy = PeerPolicy::default();
        let unsigned = request(METHOD_CREATE_PERMISSION, "10.0.0.1", &username(), None);
        assert_eq!(refusal_for(&unsigned, &policy, b"secret", now_unix()), None, "no MESSAGE-INTEGRITY");
        let forged = request(METHOD_CREATE_PERMISSION, "10.0.0.1", &username(), Some("guessed"));
        assert_eq!(refusal_for(&forged, &policy, b"secret", now_unix()), None, "wrong password");
    }
}
