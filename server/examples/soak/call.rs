//! One simulated call, as `echo_load` makes them: a native str0m peer on its own UDP
//! socket signals over the server's real `/ws/rtc`, opens an unordered
//! no-retransmit data channel like the page, sends 172-byte probe packets at 50 per
//! second for the call's length, waits a grace second for the last echoes, and
//! counts what came back.

use std::collections::HashSet;
use std::time::{Duration, Instant};

use anyhow::bail;
use callready_common::probes::media::ProbePacket;
use str0m::net::{Protocol, Receive};
use str0m::{Event, Input, Output};

use crate::peer::{connect, Connected};

const PACKET_INTERVAL: Duration = Duration::from_millis(20);
/// Echoes later than this after the last packet are counted as lost.
const GRACE: Duration = Duration::from_secs(1);
/// Signalling, ICE, DTLS and SCTP together; a loaded machine takes seconds.
const OPEN_WITHIN: Duration = Duration::from_secs(20);

/// Packets sent on the channel, and how many of them came back.
pub struct CallFigures {
    pub sent: u64,
    pub echoed: u64,
}

pub async fn call(ws_url: &str, length: Duration) -> anyhow::Result<CallFigures> {
    let Connected { socket, local, mut rtc, mut ws } = connect(ws_url).await?;

    let epoch = Instant::now();
    let open_by = epoch + OPEN_WITHIN;
    // Set when the channel opens: (channel, next packet due, last packet due).
    let mut sending = None;
    let mut seq = 0u32;
    let mut echoed = HashSet::new();
    let mut buf = vec![0u8; 2048];
    loop {
        let timeout = loop {
            match rtc.poll_output()? {
                Output::Timeout(at) => break at,
                Output::Transmit(t) => {
                    let _ = socket.send_to(&t.contents, t.destination).await;
                }
                Output::Event(Event::ChannelOpen(id, _)) => {
                    let now = Instant::now();
                    sending = Some((id, now, now + length));
                }
                Output::Event(Event::ChannelData(data)) => {
                    if let Some(packet) = ProbePacket::decode(&data.data) {
                        echoed.insert(packet.seq);
                    }
                }
                Output::Event(_) => {}
            }
        };
        let now = Instant::now();
        match sending {
            None if now > open_by => bail!("the data channel did not open within {OPEN_WITHIN:?}"),
            Some((_, _, last)) if now > last + GRACE => break,
            _ => {}
        }
        let wake = match sending {
            Some((_, next, last)) if next <= last => timeout.min(next),
            _ => timeout,
        };
        tokio::select! {
            received = socket.recv_from(&mut buf) => {
                let (n, source) = received?;
                if let Ok(contents) = buf[..n].try_into() {
                    rtc.handle_input(Input::Receive(Instant::now(), Receive { proto: Protocol::Udp, source, destination: local, contents }))?;
                }
            }
            _ = tokio::time::sleep_until(wake.into()) => {
                let now = Instant::now();
                if let Some((id, next, last)) = &mut sending {
                    if now >= *next && *next <= *last {
                        let packet = ProbePacket { seq, client_sent_ms: now.duration_since(epoch).as_secs_f64() * 1000.0, server_echo_ms: 0.0 };
                        *next += PACKET_INTERVAL;
                        if rtc.channel(*id).is_some_and(|mut ch| ch.write(true, &packet.encode()).unwrap_or(false)) {
                            seq += 1;
                        }
                    }
                }
                rtc.handle_input(Input::Timeout(now))?;
            }
            _ = tokio::time::sleep(Duration::from_millis(100)) => {}
        }
    }
    // Closing signalling is how the page leaves: the server closes its peer.
    let _ = ws.close(None).await;
    let sent = u64::from(seq);
    let echoed = echoed.iter().filter(|s| **s < seq).count() as u64;
    Ok(CallFigures { sent, echoed })
}
