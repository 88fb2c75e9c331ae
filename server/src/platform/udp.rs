//! The sampled UDP ports of the profiles' media ranges. A page cannot send raw UDP,
//! but it can send STUN and TURN: it gathers with one `turn:host:port` server per
//! sampled port, under a user name that is a token from `/api/config`. Each port
//! answers the first Allocate (no user name) with 401 and a nonce, as any TURN
//! server does; when the browser's second Allocate arrives with the token, the
//! round trip has worked both ways: the port is recorded for that token and the
//! Allocate refused (403), so nothing is ever allocated or relayed here. The page
//! then asks `GET /api/probe/<token>` which ports were heard. Plain Binding
//! requests are answered too, so IT can check a port with any STUN client.
//!
//! An answer larger than [`MAX_AMPLIFICATION`] times its request is not sent (the
//! source address of a datagram is not verified), and an Allocate without
//! REQUESTED-TRANSPORT (mandatory, RFC 8656) gets none. The tokens are
//! [`crate::probe_tokens`]'.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use stun::attributes::{ATTR_NONCE, ATTR_REALM, ATTR_REQUESTED_TRANSPORT, ATTR_USERNAME};
use stun::error_code::{ErrorCodeAttribute, CODE_FORBIDDEN, CODE_UNAUTHORIZED};
use stun::message::{
    Message, MessageType, BINDING_REQUEST, BINDING_SUCCESS, CLASS_ERROR_RESPONSE, CLASS_REQUEST, METHOD_ALLOCATE,
};
use stun::textattrs::TextAttribute;
use stun::xoraddr::XorMappedAddress;
use tokio::net::UdpSocket;

use crate::probe_tokens::{ProbeTokens, Via};

/// Largest answer, as a multiple of its request's size.
pub const MAX_AMPLIFICATION: f64 = 1.8;
/// Largest datagram read; STUN from browsers is a few hundred bytes.
const MAX_DATAGRAM: usize = 1500;

/// The answer to one datagram on a sampled port, if it deserves one and is small enough.
fn answer(request: &[u8], from: SocketAddr, port: u16, probes: &ProbeTokens, nat_probe: bool) -> Option<Vec<u8>> {
    let reply = reply(request, from, port, probes, nat_probe)?;
    (reply.len() as f64 <= request.len() as f64 * MAX_AMPLIFICATION).then_some(reply)
}

fn reply(request: &[u8], from: SocketAddr, port: u16, probes: &ProbeTokens, nat_probe: bool) -> Option<Vec<u8>> {
    let mut message = Message::new();
    message.raw = request.to_vec();
    message.decode().ok()?;
    if stun::message::MESSAGE_HEADER_SIZE + message.length as usize != request.len() {
        return None;
    }
    let mut reply = Message::new();
    let id = Box::new(message.transaction_id);
    if message.typ == BINDING_REQUEST {
        let mapped = XorMappedAddress { ip: from.ip(), port: from.port() };
        reply.build(&[id, Box::new(BINDING_SUCCESS), Box::new(mapped)]).ok()?;
        return Some(reply.raw);
    }
    if message.typ != MessageType::new(METHOD_ALLOCATE, CLASS_REQUEST) || message.get(ATTR_REQUESTED_TRANSPORT).is_err()
    {
        return None;
    }
    let error = Box::new(MessageType::new(METHOD_ALLOCATE, CLASS_ERROR_RESPONSE));
    match TextAttribute::get_from_as(&message, ATTR_USERNAME) {
        Err(_) => {
            // First Allocate: ask for credentials, as any TURN server would.
            let code = ErrorCodeAttribute { code: CODE_UNAUTHORIZED, reason: Vec::new() };
            let realm = TextAttribute::new(ATTR_REALM, "c".into());
            let nonce = TextAttribute::new(ATTR_NONCE, "probe".into());
            reply.build(&[id, error, Box::new(code), Box::new(realm), Box::new(nonce)]).ok()?;
        }
        Ok(username) => {
            if !probes.record(&username.text, Via::UdpPort(port), from.ip()) {
                return None;
            }
            if nat_probe {
                probes.record_mapping(&username.text, port, from);
            }
            let code = ErrorCodeAttribute { code: CODE_FORBIDDEN, reason: Vec::new() };
            reply.build(&[id, error, Box::new(code)]).ok()?;
        }
    }
    Some(reply.raw)
}

/// Answers on `socket` until the task is dropped; a NAT probe port also records the
/// address and port each token's probe came from.
pub async fn serve(socket: Arc<UdpSocket>, probes: Arc<ProbeTokens>, nat_probe: bool) {
    let port = socket.local_addr().map(|a| a.port()).unwrap_or_default();
    let mut buf = vec![0u8; MAX_DATAGRAM];
    loop {
        let Ok((len, from)) = socket.recv_from(&mut buf).await else {
            // ICMP errors from earlier answers surface here on some systems: go on.
            tokio::time::sleep(Duration::from_millis(1)).await;
            continue;
        };
        if let Some(reply) = answer(&buf[..len], from, port, &probes, nat_probe) {
            let _ = socket.send_to(&reply, from).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use stun::message::{Getter, Setter};

    use super::*;

    fn request(typ: MessageType, username: Option<&str>) -> Vec<u8> {
        let mut m = Message::new();
        let mut setters: Vec<Box<dyn Setter>> = vec![Box::new(stun::agent::TransactionId::new()), Box::new(typ)];
        if typ.method == METHOD_ALLOCATE {
            // REQUESTED-TRANSPORT: UDP (17), as every browser sends it.
            setters.push(Box::new(stun::attributes::RawAttribute {
                typ: ATTR_REQUESTED_TRANSPORT,
                length: 4,
                value: vec![17, 0, 0, 0],
            }));
        }
        if let Some(name) = username {
            setters.push(Box::new(TextAttribute::new(ATTR_USERNAME, name.into())));
        }
        m.build(&setters).unwrap();
        m.raw
    }

    fn decoded(raw: Vec<u8>) -> Message {
        let mut m = Message::new();
        m.raw = raw;
        m.decode().unwrap();
        m
    }

    fn from() -> SocketAddr {
        "192.0.2.7:50000".parse().unwrap()
    }

    #[test]
    fn a_binding_request_gets_the_mapped_address_within_twice_its_size() {
        let probes = ProbeTokens::default();
        let req = request(BINDING_REQUEST, None);
        let raw = answer(&req, from(), 16384, &probes, false).unwrap();
        assert!(raw.len() <= req.len() * 9 / 5, "{} vs {}", raw.len(), req.len());
        let reply = decoded(raw);
        assert_eq!(reply.typ, BINDING_SUCCESS);
        let mut mapped = XorMappedAddress { ip: std::net::Ipv4Addr::UNSPECIFIED.into(), port: 0 };
        mapped.get_from(&reply).unwrap();
        assert_eq!(SocketAddr::new(mapped.ip, mapped.port), from());
    }

    #[test]
    fn an_allocate_with_a_live_token_is_recorded_and_refused() {
        let probes = ProbeTokens::default();
        let token = probes.issue();
        let allocate = MessageType::new(METHOD_ALLOCATE, CLASS_REQUEST);
        let unauthenticated = request(allocate, None);
        let raw = answer(&unauthenticated, from(), 16384, &probes, false).unwrap();
        assert!(
            raw.len() as f64 <= unauthenticated.len() as f64 * MAX_AMPLIFICATION,
            "{} vs {}",
            raw.len(),
            unauthenticated.len()
        );
        let first = decoded(raw);
        let mut code = ErrorCodeAttribute::default();
        code.get_from(&first).unwrap();
        assert!(code.code == CODE_UNAUTHORIZED);
        assert_eq!(probes.heard(&token), Some(vec![]), "the first Allocate proves nothing yet");

        let second = decoded(answer(&request(allocate, Some(&token)), from(), 20480, &probes, false).unwrap());
        code.get_from(&second).unwrap();
        assert!(code.code == CODE_FORBIDDEN, "nothing is allocated on a sampled port");
        answer(&request(allocate, Some(&token)), from(), 16384, &probes, false).unwrap();
        answer(&request(allocate, Some(&token)), from(), 16384, &probes, false).unwrap();
        assert_eq!(probes.heard(&token), Some(vec![16384, 20480]));
    }

    #[test]
    fn unknown_tokens_and_other_messages_get_no_answer() {
        let probes = ProbeTokens::default();
        let allocate = MessageType::new(METHOD_ALLOCATE, CLASS_REQUEST);
        assert!(answer(&request(allocate, Some("not-issued")), from(), 16384, &probes, false).is_none());
        assert!(probes.heard("not-issued").is_none());
        assert!(answer(b"GET / HTTP/1.1\r\n\r\n", from(), 16384, &probes, false).is_none());
        let mut truncated = request(BINDING_REQUEST, None);
        truncated.push(0);
        assert!(answer(&truncated, from(), 16384, &probes, false).is_none(), "trailing bytes");
        let refresh = MessageType::new(stun::message::METHOD_REFRESH, CLASS_REQUEST);
        assert!(answer(&request(refresh, Some("x")), from(), 16384, &probes, false).is_none());
    }

    #[test]
    fn no_answer_is_larger_than_allowed_nor_to_an_allocate_without_its_transport() {
        let probes = ProbeTokens::default();
        let mut bare = Message::new();
        let allocate = MessageType::new(METHOD_ALLOCATE, CLASS_REQUEST);
        bare.build(&[Box::new(stun::agent::TransactionId::new()), Box::new(allocate)]).unwrap();
        assert!(answer(&bare.raw, from(), 16384, &probes, false).is_none(), "a 20-byte Allocate would get 48 bytes");
        // A Binding request from an IPv6 address gets a 44-byte answer: 2.2 times 20.
        let v6: SocketAddr = "[2001:db8::7]:50000".parse().unwrap();
        assert!(answer(&request(BINDING_REQUEST, None), v6, 16384, &probes, false).is_none());
    }
}
