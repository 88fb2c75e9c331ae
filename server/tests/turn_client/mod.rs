//! A TURN client written out message by message over UDP, for tests that need to
//! see each answer (a 401, a 486, silence) rather than what a full client makes of
//! it. Each test binary uses part of it.
#![allow(dead_code)]

use std::net::SocketAddr;
use std::time::Duration;

use stun::agent::TransactionId;
use stun::attributes::{AttrType, ATTR_NONCE, ATTR_REALM, ATTR_USERNAME};
use stun::error_code::{ErrorCodeAttribute, CODE_STALE_NONCE, CODE_UNAUTHORIZED};
use stun::fingerprint::FINGERPRINT;
use stun::integrity::MessageIntegrity;
use stun::message::{
    Getter, Message, MessageType, Method, Setter, CLASS_ERROR_RESPONSE, CLASS_INDICATION, CLASS_REQUEST,
    CLASS_SUCCESS_RESPONSE, METHOD_ALLOCATE, METHOD_CHANNEL_BIND, METHOD_CREATE_PERMISSION, METHOD_DATA, METHOD_SEND,
};
use stun::textattrs::TextAttribute;
use tokio::net::UdpSocket;
use turn::proto::channum::ChannelNumber;
use turn::proto::data::Data;
use turn::proto::peeraddr::PeerAddress;
use turn::proto::relayaddr::RelayedAddress;
use turn::proto::reqtrans::RequestedTransport;

/// How long a test waits for an answer it expects.
pub const ANSWER_TIME: Duration = Duration::from_secs(2);

/// An attribute written as raw bytes, however wrong.
pub struct RawAttribute(pub AttrType, pub Vec<u8>);

impl Setter for RawAttribute {
    fn add_to(&self, m: &mut Message) -> Result<(), stun::Error> {
        m.add(self.0, &self.1);
        Ok(())
    }
}

/// Builds a request (or indication) of `method` with `attributes`.
pub fn message(method: Method, class: stun::message::MessageClass, attributes: Vec<Box<dyn Setter>>) -> Message {
    let mut setters: Vec<Box<dyn Setter>> =
        vec![Box::new(TransactionId::new()), Box::new(MessageType::new(method, class))];
    setters.extend(attributes);
    let mut m = Message::new();
    m.build(&setters).unwrap();
    m
}

/// An Allocate with no credentials: what a browser sends first, and what an
/// attacker sends from spoofed addresses.
pub fn unauthenticated_allocate() -> Vec<u8> {
    let transport = RequestedTransport { protocol: turn::proto::PROTO_UDP };
    message(METHOD_ALLOCATE, CLASS_REQUEST, vec![Box::new(transport)]).raw
}

/// The answer's error code (401, 486…), if it has one.
pub fn error_code(m: &Message) -> Option<u16> {
    let mut code = ErrorCodeAttribute::default();
    code.get_from(m).ok()?;
    Some(code.code.0)
}

/// One client 5-tuple and its credentials.
pub struct RawClient {
    pub socket: UdpSocket,
    pub server: SocketAddr,
    username: String,
    password: String,
    realm: String,
    nonce: String,
}

impl RawClient {
    /// A client on a fresh port of `local_ip`.
    pub async fn new(local_ip: &str, server: SocketAddr, username: &str, password: &str) -> RawClient {
        let socket = UdpSocket::bind((local_ip, 0)).await.unwrap();
        RawClient {
            socket,
            server,
            username: username.into(),
            password: password.into(),
            realm: String::new(),
            nonce: String::new(),
        }
    }

    /// Sends `m` and waits `within` for the answer with its transaction id,
    /// skipping anything else (data arriving meanwhile is dropped).
    pub async fn transact(&self, m: &Message, within: Duration) -> Option<Message> {
        self.socket.send_to(&m.raw, self.server).await.unwrap();
        let deadline = tokio::time::Instant::now() + within;
        let mut buf = vec![0u8; 2048];
        loop {
            let (n, _) = tokio::time::timeout_at(deadline, self.socket.recv_from(&mut buf)).await.ok()?.ok()?;
            let mut answer = Message::new();
            if answer.unmarshal_binary(&buf[..n]).is_ok() && answer.transaction_id == m.transaction_id {
                return Some(answer);
            }
        }
    }

    fn signed_message(&self, method: Method, attributes: Vec<Box<dyn Setter>>) -> Message {
        let mut all: Vec<Box<dyn Setter>> = attributes;
        all.push(Box::new(TextAttribute::new(ATTR_USERNAME, self.username.clone())));
        all.push(Box::new(TextAttribute::new(ATTR_REALM, self.realm.clone())));
        all.push(Box::new(TextAttribute::new(ATTR_NONCE, self.nonce.clone())));
        all.push(Box::new(MessageIntegrity::new_long_term_integrity(
            self.username.clone(),
            self.realm.clone(),
            self.password.clone(),
        )));
        all.push(Box::new(FINGERPRINT));
        message(method, CLASS_REQUEST, all)
    }

    /// A signed request; a 401 or 438 teaches the nonce and the request is sent
    /// again. `None` when nothing answers.
    pub async fn request(&mut self, method: Method, attributes: impl Fn() -> Vec<Box<dyn Setter>>) -> Option<Message> {
        for _ in 0..3 {
            let answer = self.transact(&self.signed_message(method, attributes()), ANSWER_TIME).await?;
            let code = error_code(&answer);
            if answer.typ.class == CLASS_ERROR_RESPONSE
                && (code == Some(CODE_UNAUTHORIZED.0) || code == Some(CODE_STALE_NONCE.0))
            {
                self.realm = String::from_utf8(answer.get(ATTR_REALM).ok()?).ok()?;
                self.nonce = String::from_utf8(answer.get(ATTR_NONCE).ok()?).ok()?;
                continue;
            }
            return Some(answer);
        }
        None
    }

    /// Sends a request signed with the nonce learnt so far, and does not wait.
    pub async fn send_signed(&self, method: Method, attributes: Vec<Box<dyn Setter>>) {
        let m = self.signed_message(method, attributes);
        self.socket.send_to(&m.raw, self.server).await.unwrap();
    }

    /// Success, or the error code (`None`: no answer).
    async fn outcome(
        &mut self,
        method: Method,
        attributes: impl Fn() -> Vec<Box<dyn Setter>>,
    ) -> Result<Message, Option<u16>> {
        match self.request(method, attributes).await {
            Some(answer) if answer.typ.class == CLASS_SUCCESS_RESPONSE => Ok(answer),
            Some(answer) => Err(error_code(&answer)),
            None => Err(None),
        }
    }

    /// The relayed address, or the error code.
    pub async fn allocate(&mut self) -> Result<SocketAddr, Option<u16>> {
        let transport =
            || -> Vec<Box<dyn Setter>> { vec![Box::new(RequestedTransport { protocol: turn::proto::PROTO_UDP })] };
        let answer = self.outcome(METHOD_ALLOCATE, transport).await?;
        let mut relayed = RelayedAddress::default();
        relayed.get_from(&answer).unwrap();
        Ok(SocketAddr::new(relayed.ip, relayed.port))
    }

    pub async fn create_permission(&mut self, peers: &[SocketAddr]) -> Result<(), Option<u16>> {
        let attributes = || -> Vec<Box<dyn Setter>> {
            peers.iter().map(|p| Box::new(PeerAddress { ip: p.ip(), port: p.port() }) as Box<dyn Setter>).collect()
        };
        self.outcome(METHOD_CREATE_PERMISSION, attributes).await.map(|_| ())
    }

    /// A CreatePermission whose attributes are given as they are.
    pub async fn create_permission_raw(&mut self, attributes: impl Fn() -> Vec<Box<dyn Setter>>) -> Option<Message> {
        self.request(METHOD_CREATE_PERMISSION, attributes).await
    }

    pub async fn channel_bind(&mut self, number: u16, peer: SocketAddr) -> Result<(), Option<u16>> {
        let attributes = || -> Vec<Box<dyn Setter>> {
            vec![Box::new(ChannelNumber(number)), Box::new(PeerAddress { ip: peer.ip(), port: peer.port() })]
        };
        self.outcome(METHOD_CHANNEL_BIND, attributes).await.map(|_| ())
    }

    /// Sends `data` to `peer` through the relay (a Send indication).
    pub async fn send(&self, peer: SocketAddr, data: &[u8]) {
        let attributes: Vec<Box<dyn Setter>> =
            vec![Box::new(PeerAddress { ip: peer.ip(), port: peer.port() }), Box::new(Data(data.to_vec()))];
        let m = message(METHOD_SEND, CLASS_INDICATION, attributes);
        self.socket.send_to(&m.raw, self.server).await.unwrap();
    }

    /// The next relayed data (a Data indication), if one comes `within`.
    pub async fn receive(&self, within: Duration) -> Option<Vec<u8>> {
        let deadline = tokio::time::Instant::now() + within;
        let mut buf = vec![0u8; 2048];
        loop {
            let (n, _) = tokio::time::timeout_at(deadline, self.socket.recv_from(&mut buf)).await.ok()?.ok()?;
            let mut m = Message::new();
            if m.unmarshal_binary(&buf[..n]).is_ok() && m.typ == MessageType::new(METHOD_DATA, CLASS_INDICATION) {
                let mut data = Data::default();
                data.get_from(&m).ok()?;
                return Some(data.0);
            }
        }
    }
}

/// A UDP peer on 127.0.0.1 that echoes what it receives, and counts it.
pub struct EchoPeer {
    pub addr: SocketAddr,
    pub received: std::sync::Arc<std::sync::atomic::AtomicU64>,
    task: tokio::task::JoinHandle<()>,
}

impl EchoPeer {
    pub async fn start(echo: bool) -> EchoPeer {
        let socket = UdpSocket::bind("127.0.0.1:0").await.unwrap();
        let addr = socket.local_addr().unwrap();
        let received = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0));
        let counter = received.clone();
        let task = tokio::spawn(async move {
            let mut buf = vec![0u8; 2048];
            while let Ok((n, from)) = socket.recv_from(&mut buf).await {
                counter.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                if echo {
                    let _ = socket.send_to(&buf[..n], from).await;
                }
            }
        });
        EchoPeer { addr, received, task }
    }

    pub fn received(&self) -> u64 {
        self.received.load(std::sync::atomic::Ordering::Relaxed)
    }
}

impl Drop for EchoPeer {
    fn drop(&mut self) {
        self.task.abort();
    }
}
