//! The bandwidth meter (docs/methods.md, "Bandwidth"): bytes counted where they
//! really crossed the link, at the server's TCP socket. A download's bytes count
//! when the agent's TCP stack acknowledged them (`tcpi_bytes_acked`), an upload's
//! when they arrived (`tcpi_bytes_received`); a browser hands fetched bytes to the
//! page in bursts, and an upload request's bytes cannot be timed from its ends.
//!
//! A download's bytes are those the agent's side acknowledged, cumulatively or
//! selectively (SACK): a segment lost in the queue holds the cumulative count back
//! until its retransmission arrives, while the segments behind it were received.
//!
//! Each transfer request attaches its connection to its probe token's meter; every
//! [`SAMPLE_EVERY`] one task reads the counters of every attached connection and
//! appends the token's running total, per direction, to a series. The page's
//! WebSocket pinger of that direction (`/ws/echo?token=T&meter=down|up`) gets the new
//! points pushed to it ([`crate::ws_echo`]): a few bytes each, where polling over
//! HTTP cost about 1 % of a 2 Mbit/s link in request and response headers. A
//! connection stays attached between its requests (an upload stream's next request
//! follows its receipt) and is let go [`LINGER`] after its last one, or when it
//! closes. The pinger's WebSocket is counted along while a transfer is held
//! ([`Meters::attach_companion`]): its frames cross the same link.
//!
//! Bounds: [`MAX_METERS`] tokens (an idle meter is forgotten after [`KEEP`], the
//! least recently used idle one first when the table is full; a transfer that finds
//! every place busy is served unmetered and the page counts it itself),
//! [`MAX_POINTS`] points per direction, [`MAX_CONNECTIONS`] connections per token.
//! A held connection is a duplicate of its descriptor, closed when it is let go.

use std::collections::HashMap;
use std::os::fd::{AsFd, OwnedFd};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use callready_common::probes::bandwidth::MeterPoint;

use crate::metrics::Direction;

/// How often the counters are read.
pub const SAMPLE_EVERY: Duration = Duration::from_millis(100);
/// A connection with no transfer running is let go after this long.
pub const LINGER: Duration = Duration::from_secs(2);
/// A meter with no connection is forgotten after this long (the probe token's life).
pub const KEEP: Duration = Duration::from_secs(120);
/// Tokens metered at once.
pub const MAX_METERS: usize = 256;
/// Points kept per direction: a minute at [`SAMPLE_EVERY`].
pub const MAX_POINTS: usize = 600;
/// Connections held per token and direction: the page opens at most six transfers
/// per server, and its pinger rides along ([`Meters::attach_companion`]).
pub const MAX_CONNECTIONS: usize = 8;

/// A connection's socket as the meter reads it: an id unique to the connection and
/// its descriptor, valid while the connection's requests are being served.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ConnSocket {
    pub id: u64,
    pub fd: std::os::fd::RawFd,
}

impl ConnSocket {
    /// The socket of a connection just accepted.
    pub fn of(stream: &tokio::net::TcpStream) -> ConnSocket {
        use std::os::fd::AsRawFd;
        use std::sync::atomic::{AtomicU64, Ordering};
        static NEXT: AtomicU64 = AtomicU64::new(1);
        ConnSocket { id: NEXT.fetch_add(1, Ordering::Relaxed), fd: stream.as_raw_fd() }
    }
}

/// The TCP counters of a socket.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Counters {
    /// Bytes the peer acknowledged, cumulatively or selectively (SACK).
    acked: u64,
    /// Bytes received in order.
    received: u64,
    /// Segments that arrived out of order (after a lost one), since the start;
    /// `None` on kernels before 5.4, which do not count them.
    out_of_order: Option<u32>,
    /// Whether the connection is still established.
    open: bool,
}

impl Counters {
    /// The count a transfer of `direction` goes by.
    fn of(&self, direction: Direction) -> u64 {
        match direction {
            Direction::Download => self.acked,
            Direction::Upload => self.received,
        }
    }
}

#[cfg(target_os = "linux")]
#[allow(unsafe_code)] // getsockopt(TCP_INFO): no safe wrapper exposes its byte counters
fn counters(fd: &OwnedFd) -> Option<Counters> {
    use std::os::fd::AsRawFd;
    // SAFETY: tcp_info is plain integers: all zeroes is a valid value.
    let mut info: libc::tcp_info = unsafe { std::mem::zeroed() };
    let mut len = std::mem::size_of::<libc::tcp_info>() as libc::socklen_t;
    // SAFETY: `info` is a writable tcp_info of `len` bytes and the descriptor is ours.
    let done = unsafe {
        libc::getsockopt(
            fd.as_raw_fd(),
            libc::IPPROTO_TCP,
            libc::TCP_INFO,
            (&mut info as *mut libc::tcp_info).cast(),
            &mut len,
        )
    };
    let filled = |end: usize| (len as usize) >= end;
    // Kernels before 4.1 fill less than the byte counters.
    if done != 0 || !filled(std::mem::offset_of!(libc::tcp_info, tcpi_bytes_received) + std::mem::size_of::<u64>()) {
        return None;
    }
    const TCP_ESTABLISHED: u8 = 1;
    let sacked = u64::from(info.tcpi_sacked) * u64::from(info.tcpi_snd_mss);
    let ooo_end = std::mem::offset_of!(libc::tcp_info, tcpi_rcv_ooopack) + std::mem::size_of::<u32>();
    Some(Counters {
        acked: info.tcpi_bytes_acked + sacked,
        received: info.tcpi_bytes_received,
        out_of_order: filled(ooo_end).then_some(info.tcpi_rcv_ooopack),
        open: info.tcpi_state == TCP_ESTABLISHED,
    })
}

#[cfg(not(target_os = "linux"))]
fn counters(_fd: &OwnedFd) -> Option<Counters> {
    None
}

/// Whether a connection receiving may hold segments that arrived after a lost one,
/// uncounted until the retransmission fills the gap. Segments arriving out of order
/// mean a gap was open in the interval; once the in-order count moves with none
/// arriving out of order, the gap was filled (that count cannot pass a gap).
fn gap_open(was_open: bool, out_of_order_arrived: bool, received_moved: bool) -> bool {
    out_of_order_arrived || (was_open && !received_moved)
}

struct Held {
    id: u64,
    fd: OwnedFd,
    /// The counter at the last reading.
    last: u64,
    /// Segments that had arrived out of order at the last reading.
    out_of_order: u32,
    /// Whether a gap may have held received bytes back at the last reading.
    gap: bool,
    /// Counted along with the transfers (the pinger's WebSocket): it keeps no meter
    /// alive and is let go with the last transfer.
    companion: bool,
    /// Transfers running on it now.
    users: u32,
    /// When its last transfer ended.
    idle_since: Option<Instant>,
}

impl Held {
    /// Holds a duplicate of `socket`'s descriptor, counted on from `last` and
    /// `out_of_order`, with one user; `None` when it cannot be duplicated or read.
    /// The caller makes sure the connection is open.
    #[allow(unsafe_code)] // borrowing the open connection's descriptor to duplicate it
    fn open(socket: ConnSocket, companion: bool, start: impl FnOnce(&Counters) -> (u64, u32)) -> Option<Held> {
        // SAFETY: the connection is open (the caller's promise), so its descriptor
        // is; the borrow only lives for the duplication.
        let borrowed = unsafe { std::os::fd::BorrowedFd::borrow_raw(socket.fd) };
        let fd = borrowed.as_fd().try_clone_to_owned().ok()?;
        let now_counted = counters(&fd)?;
        let (last, out_of_order) = start(&now_counted);
        Some(Held { id: socket.id, fd, last, out_of_order, gap: false, companion, users: 1, idle_since: None })
    }
}

#[derive(Default)]
struct Series {
    held: Vec<Held>,
    /// The counts of the connections let go (the latest [`MAX_CONNECTIONS`]), so
    /// that one attached again does not count its bytes twice.
    released: Vec<(u64, u64)>,
    /// Bytes counted since the first transfer attached.
    total: u64,
    /// Whether a gap may have held bytes back from the last reading.
    held_back: bool,
    points: Vec<MeterPoint>,
}

impl Series {
    fn push(&mut self, at_ms: f64) {
        if self.points.len() < MAX_POINTS {
            self.points.push(MeterPoint { at_ms, bytes: self.total, whole: !self.held_back });
        }
    }

    /// Reads every held connection; lets go of the idle and the closed ones.
    fn sample(&mut self, direction: Direction, now: Instant, at_ms: f64) {
        if self.held.is_empty() {
            return;
        }
        let mut total = self.total;
        let mut released = Vec::new();
        let mut whole = true;
        self.held.retain_mut(|held| {
            let Some(now_counted) = counters(&held.fd) else { return false };
            let value = now_counted.of(direction);
            let moved = value > held.last;
            // Selective acknowledgements counted by whole segments may overshoot a
            // short last one for a moment: the count only moves forward.
            if moved {
                total += value - held.last;
                held.last = value;
            }
            // A download's count includes what the agent acknowledged selectively;
            // an upload's is in order only.
            if direction == Direction::Upload {
                if let Some(out_of_order) = now_counted.out_of_order {
                    held.gap = gap_open(held.gap, out_of_order != held.out_of_order, moved);
                    held.out_of_order = out_of_order;
                }
            }
            whole &= !held.gap;
            let keep = now_counted.open && held.idle_since.is_none_or(|since| now.duration_since(since) <= LINGER);
            if !keep {
                released.push((held.id, held.last));
            }
            keep
        });
        // Companions go with the last transfer.
        if !self.held.iter().any(|h| !h.companion) {
            released.extend(self.held.drain(..).map(|h| (h.id, h.last)));
        }
        self.total = total;
        self.held_back = !whole;
        for entry in released {
            if self.released.len() >= MAX_CONNECTIONS {
                self.released.remove(0);
            }
            self.released.push(entry);
        }
        self.push(at_ms);
    }
}

struct Meter {
    down: Series,
    up: Series,
    used: Instant,
}

impl Meter {
    fn series(&mut self, direction: Direction) -> &mut Series {
        match direction {
            Direction::Download => &mut self.down,
            Direction::Upload => &mut self.up,
        }
    }

    /// Whether a transfer holds a connection (companions do not count).
    fn holds_any(&self) -> bool {
        self.down.held.iter().chain(&self.up.held).any(|h| !h.companion)
    }
}

#[derive(Default)]
struct Table {
    meters: HashMap<String, Meter>,
    sampling: bool,
}

/// Every token's meter.
#[derive(Default)]
pub struct Meters {
    table: Mutex<Table>,
}

/// A transfer attached to its meter: the connection stays held while it lives.
pub struct Attached {
    meters: Arc<Meters>,
    token: String,
    direction: Direction,
    id: u64,
}

impl Drop for Attached {
    fn drop(&mut self) {
        let mut table = self.meters.lock();
        let Some(meter) = table.meters.get_mut(&self.token) else { return };
        if let Some(held) = meter.series(self.direction).held.iter_mut().find(|h| h.id == self.id) {
            held.users = held.users.saturating_sub(1);
            if held.users == 0 {
                held.idle_since = Some(Instant::now());
            }
        }
    }
}

impl Meters {
    fn lock(&self) -> MutexGuard<'_, Table> {
        self.table.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Attaches a transfer on `socket` to `token`'s meter; `None` when it cannot be
    /// metered (no socket, the table full of running meters, or no counters on this
    /// system): the page then counts it itself. Must be called while the connection
    /// is being served (its descriptor is duplicated here).
    pub fn attach(self: &Arc<Self>, token: &str, direction: Direction, socket: Option<ConnSocket>) -> Option<Attached> {
        let socket = socket?;
        let now = Instant::now();
        let mut table = self.lock();
        if !table.meters.contains_key(token) {
            table.meters.retain(|_, m| m.holds_any() || now.duration_since(m.used) < KEEP);
            if table.meters.len() >= MAX_METERS {
                let oldest = table
                    .meters
                    .iter()
                    .filter(|(_, m)| !m.holds_any())
                    .min_by_key(|(_, m)| m.used)
                    .map(|(token, _)| token.clone())?;
                table.meters.remove(&oldest);
            }
            table.meters.insert(token.to_string(), Meter { down: Series::default(), up: Series::default(), used: now });
        }
        let meter = table.meters.get_mut(token)?;
        meter.used = now;
        let series = meter.series(direction);
        match series.held.iter_mut().find(|h| h.id == socket.id) {
            Some(held) => {
                held.users += 1;
                held.idle_since = None;
            }
            None => {
                if series.held.len() >= MAX_CONNECTIONS {
                    return None;
                }
                // From the connection's first byte (its earlier small requests
                // included): an upload's body starts arriving before its handler
                // runs, and those bytes are the transfer's. A connection counted
                // before goes on from its count. Segments that arrived out of order
                // before count as a gap until the in-order count moves.
                let last = series.released.iter().rev().find(|(id, _)| *id == socket.id).map_or(0, |(_, last)| *last);
                let held = Held::open(socket, false, |_| (last, 0))?;
                if series.points.is_empty() {
                    series.push(super::bandwidth::clock_ms());
                }
                series.held.push(held);
            }
        }
        if !table.sampling {
            table.sampling = true;
            tokio::spawn(sample(self.clone()));
        }
        Some(Attached { meters: self.clone(), token: token.to_string(), direction, id: socket.id })
    }

    /// Counts `socket` along with the transfers of `token`'s meter that way, from
    /// its counters now on: only while a transfer is held there (it creates no
    /// meter and keeps none alive), and let go with the last one. `None` when no
    /// transfer is held or every place is taken. Must be called while the
    /// connection is open (its descriptor is duplicated here).
    pub fn attach_companion(
        self: &Arc<Self>,
        token: &str,
        direction: Direction,
        socket: Option<ConnSocket>,
    ) -> Option<Attached> {
        let socket = socket?;
        let mut table = self.lock();
        let series = table.meters.get_mut(token)?.series(direction);
        if !series.held.iter().any(|h| !h.companion)
            || series.held.len() >= MAX_CONNECTIONS
            || series.held.iter().any(|h| h.id == socket.id)
        {
            return None;
        }
        let held = Held::open(socket, true, |now| (now.of(direction), now.out_of_order.unwrap_or(0)))?;
        series.held.push(held);
        Some(Attached { meters: self.clone(), token: token.to_string(), direction, id: socket.id })
    }

    /// The points of `token`'s series from the `from`-th on.
    pub fn read(&self, token: &str, direction: Direction, from: usize) -> Vec<MeterPoint> {
        let mut table = self.lock();
        let Some(meter) = table.meters.get_mut(token) else { return Vec::new() };
        meter.used = Instant::now();
        meter.series(direction).points.get(from..).map(<[_]>::to_vec).unwrap_or_default()
    }

    /// Connections held across every meter.
    #[cfg(test)]
    fn held(&self) -> usize {
        self.lock().meters.values().map(|m| m.down.held.len() + m.up.held.len()).sum()
    }

    /// Tokens metered.
    #[cfg(test)]
    fn len(&self) -> usize {
        self.lock().meters.len()
    }
}

/// Reads every held connection each [`SAMPLE_EVERY`] until none is held.
async fn sample(meters: Arc<Meters>) {
    let mut every = tokio::time::interval(SAMPLE_EVERY);
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        every.tick().await;
        let now = Instant::now();
        let at_ms = super::bandwidth::clock_ms();
        let mut table = meters.lock();
        let mut any = false;
        for meter in table.meters.values_mut() {
            meter.down.sample(Direction::Download, now, at_ms);
            meter.up.sample(Direction::Upload, now, at_ms);
            any |= meter.holds_any();
        }
        if !any {
            table.sampling = false;
            return;
        }
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;
    use std::io::{Read, Write};

    fn pair() -> (std::net::TcpStream, tokio::net::TcpStream) {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let client = std::net::TcpStream::connect(listener.local_addr().unwrap()).unwrap();
        let (server, _) = listener.accept().unwrap();
        server.set_nonblocking(true).unwrap();
        (client, tokio::net::TcpStream::from_std(server).unwrap())
    }

    #[tokio::test]
    async fn bytes_received_are_counted_and_the_connection_let_go() {
        let meters = Arc::new(Meters::default());
        let (mut client, server) = pair();
        let token = "t".repeat(8);
        let attached = meters.attach(&token, Direction::Upload, Some(ConnSocket::of(&server))).expect("metered");
        client.write_all(&[7u8; 100_000]).unwrap();
        let mut buffer = vec![0u8; 200_000];
        let mut read = 0;
        while read < 100_000 {
            server.readable().await.unwrap();
            read += server.try_read(&mut buffer).unwrap_or(0);
        }
        tokio::time::sleep(SAMPLE_EVERY * 3).await;
        let points = meters.read(&token, Direction::Upload, 0);
        assert_eq!(points.first().map(|p| p.bytes), Some(0), "{points:?}");
        assert_eq!(points.last().map(|p| p.bytes), Some(100_000), "{points:?}");
        assert!(points.windows(2).all(|w| w[0].at_ms <= w[1].at_ms && w[0].bytes <= w[1].bytes));
        assert!(points.iter().all(|p| p.whole), "nothing arrives out of order on loopback: {points:?}");
        assert!(meters.read(&token, Direction::Download, 0).is_empty());
        assert_eq!(meters.held(), 1);
        drop(attached);
        // Closed by the client: let go at the next reading, linger or not.
        drop(client);
        tokio::time::sleep(SAMPLE_EVERY * 3).await;
        assert_eq!(meters.held(), 0, "a closed connection is let go");
        drop(server);
    }

    #[test]
    fn a_gap_holds_the_count_back_until_the_in_order_count_moves_with_nothing_out_of_order() {
        // Segments arrived out of order: a gap was open in the interval, filled or not.
        assert!(gap_open(false, true, false));
        assert!(gap_open(false, true, true));
        assert!(gap_open(true, true, true));
        // A gap open before: the in-order count cannot pass it, so moving fills it.
        assert!(!gap_open(true, false, true));
        // Nothing arrived (a sender waiting for its retransmission timer): still open.
        assert!(gap_open(true, false, false));
        assert!(!gap_open(false, false, false));
        assert!(!gap_open(false, false, true));
    }

    #[tokio::test]
    async fn bytes_acknowledged_are_counted_for_downloads() {
        let meters = Arc::new(Meters::default());
        let (mut client, server) = pair();
        let token = "d".repeat(8);
        let _attached = meters.attach(&token, Direction::Download, Some(ConnSocket::of(&server))).expect("metered");
        let mut sent = 0;
        while sent < 50_000 {
            server.writable().await.unwrap();
            sent += server.try_write(&[1u8; 50_000][sent..]).unwrap_or(0);
        }
        let mut buffer = vec![0u8; 50_000];
        client.read_exact(&mut buffer).unwrap();
        tokio::time::sleep(SAMPLE_EVERY * 3).await;
        let points = meters.read(&token, Direction::Download, 0);
        assert_eq!(points.last().map(|p| p.bytes), Some(50_000), "{points:?}");
        let later = meters.read(&token, Direction::Download, points.len() - 1);
        assert_eq!(later.len(), 1, "from= skips what was read");
    }

    #[tokio::test]
    async fn the_table_is_bounded_and_running_meters_are_kept() {
        let meters = Arc::new(Meters::default());
        let mut held = Vec::new();
        for i in 0..MAX_METERS {
            let (client, server) = pair();
            let attached = meters.attach(&format!("{i:08}"), Direction::Download, Some(ConnSocket::of(&server)));
            held.push((client, server, attached.expect("room")));
        }
        let (_client, server) = pair();
        assert!(
            meters.attach("overflow", Direction::Download, Some(ConnSocket::of(&server))).is_none(),
            "every meter runs: the new transfer goes unmetered"
        );
        assert_eq!(meters.len(), MAX_METERS);
        // One meter's transfer ends: its place may be taken (least recently used first).
        let (_c, _s, first) = held.remove(0);
        drop(first);
        tokio::time::sleep(LINGER + SAMPLE_EVERY * 3).await;
        assert!(meters.attach("overflow", Direction::Download, Some(ConnSocket::of(&server))).is_some());
        assert_eq!(meters.len(), MAX_METERS);
        assert!(meters.read("00000000", Direction::Download, 0).is_empty(), "the idle meter was the one forgotten");
    }

    #[tokio::test]
    async fn connections_per_token_are_bounded() {
        let meters = Arc::new(Meters::default());
        let mut held = Vec::new();
        for _ in 0..MAX_CONNECTIONS {
            let (client, server) = pair();
            let attached = meters.attach("one", Direction::Upload, Some(ConnSocket::of(&server))).expect("room");
            held.push((client, server, attached));
        }
        let (_client, server) = pair();
        assert!(meters.attach("one", Direction::Upload, Some(ConnSocket::of(&server))).is_none());
        assert_eq!(meters.held(), MAX_CONNECTIONS);
    }

    #[tokio::test]
    async fn a_companion_counts_only_beside_a_transfer_and_goes_with_it() {
        let meters = Arc::new(Meters::default());
        let (mut pinger, pinger_server) = pair();
        let companion = ConnSocket::of(&pinger_server);
        pinger.write_all(&[1u8; 5_000]).unwrap();
        assert!(
            meters.attach_companion("c", Direction::Upload, Some(companion)).is_none(),
            "no transfer: no meter is made for it"
        );
        assert_eq!(meters.len(), 0);
        let (mut client, server) = pair();
        let transfer = meters.attach("c", Direction::Upload, Some(ConnSocket::of(&server))).expect("metered");
        let _companion = meters.attach_companion("c", Direction::Upload, Some(companion)).expect("beside a transfer");
        // Its 5 kB from before are not counted; what it receives now is.
        pinger.write_all(&[1u8; 3_000]).unwrap();
        client.write_all(&[1u8; 10_000]).unwrap();
        tokio::time::sleep(SAMPLE_EVERY * 3).await;
        let points = meters.read("c", Direction::Upload, 0);
        assert_eq!(points.last().map(|p| p.bytes), Some(13_000), "{points:?}");
        // The transfer ends: after its linger both go, and the meter keeps nothing.
        drop(transfer);
        tokio::time::sleep(LINGER + SAMPLE_EVERY * 4).await;
        assert_eq!(meters.held(), 0, "the companion went with the last transfer");
        assert!(!meters.lock().meters.values().any(Meter::holds_any));
        drop((pinger_server, server));
    }

    #[tokio::test]
    async fn a_connection_attached_again_does_not_count_its_bytes_twice() {
        let meters = Arc::new(Meters::default());
        let (mut client, server) = pair();
        let socket = ConnSocket::of(&server);
        let first = meters.attach("again", Direction::Upload, Some(socket)).expect("metered");
        client.write_all(&[1u8; 30_000]).unwrap();
        tokio::time::sleep(SAMPLE_EVERY * 3).await;
        drop(first);
        tokio::time::sleep(LINGER + SAMPLE_EVERY * 3).await;
        assert_eq!(meters.held(), 0, "let go after the linger");
        let _second = meters.attach("again", Direction::Upload, Some(socket)).expect("metered");
        client.write_all(&[1u8; 20_000]).unwrap();
        tokio::time::sleep(SAMPLE_EVERY * 3).await;
        let points = meters.read("again", Direction::Upload, 0);
        assert_eq!(points.last().map(|p| p.bytes), Some(50_000), "{points:?}");
        drop(server);
    }
}
