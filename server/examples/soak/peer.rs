//! A native WebRTC peer connected to the server's echo peer as the page connects:
//! its own UDP socket, one unordered no-retransmit data channel, the offer sent over
//! the real `/ws/rtc` and the answer taken. Shared by the soak and `echo_load`.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Instant;

use anyhow::{bail, Context};
use callready_common::api::Signal;
use futures_util::{SinkExt, StreamExt};
use str0m::change::SdpAnswer;
use str0m::channel::{ChannelConfig, Reliability};
use str0m::{Candidate, Rtc, RtcConfig};
use tokio::net::{TcpStream, UdpSocket};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

/// A peer whose answer is accepted; ICE, DTLS and SCTP are still to run.
pub struct Connected {
    pub socket: UdpSocket,
    pub local: SocketAddr,
    pub rtc: Rtc,
    /// The signalling socket: closing it is how a page leaves (the server then
    /// closes its peer), so it is held for the call's length.
    pub ws: WebSocketStream<MaybeTlsStream<TcpStream>>,
}

pub async fn connect(ws_url: &str) -> anyhow::Result<Connected> {
    let socket = UdpSocket::bind("127.0.0.1:0").await?;
    let local = socket.local_addr()?;
    let mut rtc =
        RtcConfig::new().set_crypto_provider(Arc::new(str0m::crypto::from_feature_flags())).build(Instant::now());
    rtc.add_local_candidate(Candidate::host(local, "udp")?);
    let mut change = rtc.sdp_api();
    change.add_channel_with_config(ChannelConfig {
        label: "call".into(),
        ordered: false,
        reliability: Reliability::MaxRetransmits { retransmits: 0 },
        ..Default::default()
    });
    let (offer, pending) = change.apply().context("an offer with one data channel")?;
    let (mut ws, _) = tokio_tungstenite::connect_async(ws_url).await.context("signalling WebSocket")?;
    let signal = Signal::Offer { sdp: offer.to_sdp_string() };
    ws.send(Message::Text(serde_json::to_string(&signal)?.into())).await?;
    let answer = loop {
        match ws.next().await {
            Some(Ok(Message::Text(text))) => match serde_json::from_str::<Signal>(text.as_str()) {
                Ok(Signal::Answer { sdp }) => break SdpAnswer::from_sdp_string(&sdp)?,
                _ => bail!("not an answer: {text}"),
            },
            Some(Ok(_)) => continue,
            other => bail!("signalling ended: {other:?}"),
        }
    };
    rtc.sdp_api().accept_answer(pending, answer)?;
    Ok(Connected { socket, local, rtc, ws })
}
