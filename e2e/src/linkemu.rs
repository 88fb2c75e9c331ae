//! A userspace link emulator for the truth lab: the kernel here has no `netem`, so
//! delay and jitter come from two TUN devices, one in each network namespace, and
//! threads that move every IPv4 packet from one to the other after a per-packet delay
//! (fixed, or uniform between two bounds like netem's jitter: independent delays may
//! reorder packets). It also measures what it did: packets, mean delay and the RFC
//! 3550 jitter of the delays it gave UDP packets, per direction, in forwarding order,
//! so tests can compare the page's jitter with the truth. Non-IPv4 packets (IPv6
//! router solicitations from the kernel) are dropped.

use std::collections::BinaryHeap;
use std::net::Ipv4Addr;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use anyhow::{bail, Context};

/// Per-packet one-way delay, uniform in `[min_ms, max_ms]` (equal bounds: fixed).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DelayModel {
    pub min_ms: f64,
    pub max_ms: f64,
}

impl DelayModel {
    pub fn fixed(ms: f64) -> Self {
        DelayModel { min_ms: ms, max_ms: ms }
    }

    pub fn uniform(min_ms: f64, max_ms: f64) -> Self {
        DelayModel { min_ms, max_ms }
    }

    /// The delay for a draw `u` in [0, 1).
    fn at(self, u: f64) -> Duration {
        Duration::from_secs_f64((self.min_ms + (self.max_ms - self.min_ms) * u).max(0.0) / 1000.0)
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct DirectionStats {
    pub packets: u64,
    pub bytes: u64,
    pub udp_packets: u64,
    /// Mean delay applied (ms), all packets.
    pub mean_delay_ms: f64,
    /// RFC 3550 interarrival jitter (ms) of the delays applied to UDP packets, in
    /// forwarding order.
    pub udp_jitter_ms: f64,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct LinkStats {
    pub a_to_b: DirectionStats,
    pub b_to_a: DirectionStats,
}

/// RFC 3550's running jitter estimate: J += (|D(i-1, i)| − J) / 16.
#[derive(Clone, Debug, Default)]
pub struct JitterMeter {
    last_ms: Option<f64>,
    pub jitter_ms: f64,
}

impl JitterMeter {
    /// Adds the transit time (here: the delay given) of the next packet.
    pub fn add(&mut self, transit_ms: f64) {
        if let Some(last) = self.last_ms {
            self.jitter_ms += ((transit_ms - last).abs() - self.jitter_ms) / 16.0;
        }
        self.last_ms = Some(transit_ms);
    }
}

struct Queued {
    release: Instant,
    order: u64,
    delay_ms: f64,
    packet: Vec<u8>,
}

impl PartialEq for Queued {
    fn eq(&self, other: &Self) -> bool {
        (self.release, self.order) == (other.release, other.order)
    }
}
impl Eq for Queued {}
impl PartialOrd for Queued {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Queued {
    /// Earliest release first; equal releases in arrival order (a max-heap, reversed).
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (other.release, other.order).cmp(&(self.release, self.order))
    }
}

/// Packets waiting for their release time.
#[derive(Default)]
pub struct DelayQueue {
    heap: BinaryHeap<Queued>,
    next_order: u64,
}

impl DelayQueue {
    pub fn push(&mut self, release: Instant, delay_ms: f64, packet: Vec<u8>) {
        self.heap.push(Queued { release, order: self.next_order, delay_ms, packet });
        self.next_order += 1;
    }

    /// When the next packet is due.
    pub fn next_release(&self) -> Option<Instant> {
        self.heap.peek().map(|q| q.release)
    }

    /// The next packet if it is due at `now`, with the delay it was given.
    pub fn pop_due(&mut self, now: Instant) -> Option<(f64, Vec<u8>)> {
        if self.heap.peek()?.release > now {
            return None;
        }
        self.heap.pop().map(|q| (q.delay_ms, q.packet))
    }

    pub fn len(&self) -> usize {
        self.heap.len()
    }

    pub fn is_empty(&self) -> bool {
        self.heap.is_empty()
    }
}

/// xorshift64*: plenty for drawing delays in a test tool.
struct Rng(u64);

impl Rng {
    fn next_unit(&mut self) -> f64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11) as f64 / (1u64 << 53) as f64
    }
}

fn ip(args: &[&str]) -> anyhow::Result<()> {
    let out = Command::new("ip").args(args).output().context("the `ip` command (iproute2) is needed")?;
    if !out.status.success() {
        bail!("ip {}: {}", args.join(" "), String::from_utf8_lossy(&out.stderr).trim());
    }
    Ok(())
}

const TUNSETIFF: libc::c_ulong = 0x4004_54ca;

#[repr(C)]
struct IfReq {
    name: [u8; libc::IFNAMSIZ],
    flags: libc::c_short,
    _pad: [u8; 22],
}

/// Creates TUN device `dev` inside namespace `ns` (from a thread that enters it, as
/// the device is made in the caller's namespace) and returns its descriptor.
fn open_tun_in(ns: &str, dev: &str) -> anyhow::Result<OwnedFd> {
    if dev.len() >= libc::IFNAMSIZ {
        bail!("device name {dev} is too long");
    }
    let (ns, dev) = (ns.to_string(), dev.to_string());
    std::thread::spawn(move || -> anyhow::Result<OwnedFd> {
        let netns = std::fs::File::open(format!("/var/run/netns/{ns}")).with_context(|| format!("namespace {ns}"))?;
        // SAFETY: plain syscalls on descriptors we own; setns affects this thread only.
        unsafe {
            if libc::setns(netns.as_raw_fd(), libc::CLONE_NEWNET) != 0 {
                bail!("setns({ns}): {}", std::io::Error::last_os_error());
            }
            let fd = libc::open(c"/dev/net/tun".as_ptr(), libc::O_RDWR | libc::O_CLOEXEC);
            if fd < 0 {
                bail!("/dev/net/tun: {}", std::io::Error::last_os_error());
            }
            let fd = OwnedFd::from_raw_fd(fd);
            let mut request = IfReq {
                name: [0; libc::IFNAMSIZ],
                flags: (libc::IFF_TUN | libc::IFF_NO_PI) as libc::c_short,
                _pad: [0; 22],
            };
            request.name[..dev.len()].copy_from_slice(dev.as_bytes());
            if libc::ioctl(fd.as_raw_fd(), TUNSETIFF, &mut request) < 0 {
                bail!("TUNSETIFF {dev}: {}", std::io::Error::last_os_error());
            }
            Ok(fd)
        }
    })
    .join()
    .map_err(|_| anyhow::anyhow!("the TUN thread panicked"))?
}

/// Waits up to `ms` for `fd` to be readable.
fn readable(fd: &OwnedFd, ms: i32) -> bool {
    let mut poll = libc::pollfd { fd: fd.as_raw_fd(), events: libc::POLLIN, revents: 0 };
    // SAFETY: one valid pollfd.
    unsafe { libc::poll(&mut poll, 1, ms) > 0 && poll.revents & libc::POLLIN != 0 }
}

struct Direction {
    queue: Mutex<DelayQueue>,
    ready: Condvar,
    stats: Mutex<(DirectionStats, JitterMeter, f64)>,
}

fn is_udp(packet: &[u8]) -> bool {
    packet.len() > 9 && packet[9] == 17
}

fn reader(from: Arc<OwnedFd>, model: DelayModel, seed: u64, dir: Arc<Direction>, stop: Arc<AtomicBool>) {
    let mut rng = Rng(seed | 1);
    let mut buf = vec![0u8; 65_536];
    while !stop.load(Ordering::Relaxed) {
        if !readable(&from, 100) {
            continue;
        }
        // SAFETY: reading into a buffer we own, within its length.
        let n = unsafe { libc::read(from.as_raw_fd(), buf.as_mut_ptr().cast(), buf.len()) };
        if n <= 0 || buf[0] >> 4 != 4 {
            continue;
        }
        let delay = model.at(rng.next_unit());
        let mut queue = dir.queue.lock().expect("queue lock");
        queue.push(Instant::now() + delay, delay.as_secs_f64() * 1000.0, buf[..n as usize].to_vec());
        dir.ready.notify_one();
    }
}

fn writer(to: Arc<OwnedFd>, dir: Arc<Direction>, stop: Arc<AtomicBool>) {
    while !stop.load(Ordering::Relaxed) {
        let mut queue = dir.queue.lock().expect("queue lock");
        let now = Instant::now();
        let Some(release) = queue.next_release() else {
            drop(dir.ready.wait_timeout(queue, Duration::from_millis(100)).expect("queue lock"));
            continue;
        };
        if release > now + Duration::from_millis(1) {
            // Sleep until about a millisecond before, then spin: sub-millisecond release.
            let wait = release - now - Duration::from_millis(1);
            drop(dir.ready.wait_timeout(queue, wait).expect("queue lock"));
            continue;
        }
        if release > now {
            drop(queue);
            while Instant::now() < release {
                std::hint::spin_loop();
            }
            continue;
        }
        let Some((delay_ms, packet)) = queue.pop_due(now) else { continue };
        drop(queue);
        // SAFETY: writing a buffer we own, within its length.
        unsafe { libc::write(to.as_raw_fd(), packet.as_ptr().cast(), packet.len()) };
        let mut stats = dir.stats.lock().expect("stats lock");
        let (s, jitter, total_delay) = &mut *stats;
        s.packets += 1;
        s.bytes += packet.len() as u64;
        *total_delay += delay_ms;
        s.mean_delay_ms = *total_delay / s.packets as f64;
        if is_udp(&packet) {
            s.udp_packets += 1;
            jitter.add(delay_ms);
            s.udp_jitter_ms = jitter.jitter_ms;
        }
    }
}

/// A running emulator; dropped = threads stopped and both TUN devices deleted.
pub struct LinkEmulator {
    stop: Arc<AtomicBool>,
    threads: Vec<JoinHandle<()>>,
    directions: [Arc<Direction>; 2],
    devices: [(String, String); 2],
}

impl LinkEmulator {
    /// Creates TUN device `dev_a` in namespace `ns_a` with address `ip_a` (point to
    /// point, peer `ip_b`) and `dev_b` in `ns_b` with `ip_b`, brings both up, and
    /// forwards every IPv4 packet read from one to the other after a delay drawn from
    /// that direction's model. The namespaces must exist.
    #[allow(clippy::too_many_arguments)]
    pub fn start(
        ns_a: &str,
        dev_a: &str,
        ip_a: Ipv4Addr,
        ns_b: &str,
        dev_b: &str,
        ip_b: Ipv4Addr,
        a_to_b: DelayModel,
        b_to_a: DelayModel,
    ) -> anyhow::Result<LinkEmulator> {
        let fd_a = Arc::new(open_tun_in(ns_a, dev_a)?);
        let fd_b = Arc::new(open_tun_in(ns_b, dev_b)?);
        let direction = || {
            Arc::new(Direction {
                queue: Mutex::new(DelayQueue::default()),
                ready: Condvar::new(),
                stats: Mutex::new(Default::default()),
            })
        };
        let mut emulator = LinkEmulator {
            stop: Arc::new(AtomicBool::new(false)),
            threads: Vec::new(),
            directions: [direction(), direction()],
            devices: [(ns_a.to_string(), dev_a.to_string()), (ns_b.to_string(), dev_b.to_string())],
        };
        for (ns, dev, local, peer) in [(ns_a, dev_a, ip_a, ip_b), (ns_b, dev_b, ip_b, ip_a)] {
            ip(&["-n", ns, "addr", "add", &local.to_string(), "peer", &peer.to_string(), "dev", dev])?;
            ip(&["-n", ns, "link", "set", dev, "mtu", "1500", "up"])?;
        }
        let clock = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos() as u64);
        let seed = clock.unwrap_or(7) ^ (u64::from(std::process::id()) << 32);
        let plan = [(fd_a.clone(), fd_b.clone(), a_to_b, 0u64), (fd_b, fd_a, b_to_a, 1)];
        for (from, to, model, i) in plan {
            let (dir, stop) = (emulator.directions[i as usize].clone(), emulator.stop.clone());
            let seed = seed ^ 0x9E37_79B9_7F4A_7C15u64.wrapping_mul(i + 1);
            emulator.threads.push(std::thread::spawn(move || reader(from, model, seed, dir, stop)));
            let (dir, stop) = (emulator.directions[i as usize].clone(), emulator.stop.clone());
            emulator.threads.push(std::thread::spawn(move || writer(to, dir, stop)));
        }
        Ok(emulator)
    }

    pub fn stats(&self) -> LinkStats {
        let of = |d: &Arc<Direction>| d.stats.lock().map(|s| s.0.clone()).unwrap_or_default();
        LinkStats { a_to_b: of(&self.directions[0]), b_to_a: of(&self.directions[1]) }
    }
}

impl Drop for LinkEmulator {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        for d in &self.directions {
            d.ready.notify_all();
        }
        for thread in self.threads.drain(..) {
            let _ = thread.join();
        }
        for (ns, dev) in &self.devices {
            let _ = ip(&["-n", ns, "link", "del", dev]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_delay_has_no_jitter() {
        let mut meter = JitterMeter::default();
        (0..100).for_each(|_| meter.add(60.0));
        assert_eq!(meter.jitter_ms, 0.0);
    }

    #[test]
    fn alternating_delays_converge_to_their_difference() {
        let mut meter = JitterMeter::default();
        (0..400).for_each(|i| meter.add(if i % 2 == 0 { 20.0 } else { 60.0 }));
        assert!((meter.jitter_ms - 40.0).abs() < 0.01, "{}", meter.jitter_ms);
    }

    #[test]
    fn queue_releases_in_time_order_and_keeps_arrival_order_for_ties() {
        let mut queue = DelayQueue::default();
        assert!(queue.is_empty() && queue.next_release().is_none());
        let t0 = Instant::now();
        queue.push(t0 + Duration::from_millis(30), 30.0, vec![1]);
        queue.push(t0 + Duration::from_millis(10), 10.0, vec![2]);
        queue.push(t0 + Duration::from_millis(10), 10.0, vec![3]);
        assert_eq!(queue.len(), 3);
        assert_eq!(queue.next_release(), Some(t0 + Duration::from_millis(10)));
        assert_eq!(queue.pop_due(t0), None, "nothing is due yet");
        let later = t0 + Duration::from_millis(50);
        let order: Vec<u8> = std::iter::from_fn(|| queue.pop_due(later)).map(|(_, p)| p[0]).collect();
        assert_eq!(order, [2, 3, 1]);
    }

    #[test]
    fn uniform_draws_stay_in_bounds() {
        let model = DelayModel::uniform(20.0, 60.0);
        let mut rng = Rng(42);
        let draws: Vec<f64> = (0..10_000).map(|_| model.at(rng.next_unit()).as_secs_f64() * 1000.0).collect();
        assert!(draws.iter().all(|d| (20.0..=60.0).contains(d)));
        let mean = draws.iter().sum::<f64>() / draws.len() as f64;
        assert!((mean - 40.0).abs() < 1.0, "{mean}");
        assert_eq!(DelayModel::fixed(60.0).at(0.7), Duration::from_millis(60));
    }

    /// Runs `f` on a thread inside namespace `ns`.
    fn in_ns<T: Send + 'static>(ns: &str, f: impl FnOnce() -> T + Send + 'static) -> std::thread::JoinHandle<T> {
        let netns = std::fs::File::open(format!("/var/run/netns/{ns}")).expect("namespace");
        std::thread::spawn(move || {
            // SAFETY: setns on a valid namespace descriptor, this thread only.
            assert_eq!(unsafe { libc::setns(netns.as_raw_fd(), libc::CLONE_NEWNET) }, 0);
            f()
        })
    }

    /// Two namespaces of the test's own, joined by the emulator: UDP echoes see the
    /// delay both ways, and uniform delays show as jitter.
    #[test]
    fn delays_udp_between_two_namespaces() -> anyhow::Result<()> {
        struct Namespaces([String; 2]);
        impl Drop for Namespaces {
            fn drop(&mut self) {
                for ns in &self.0 {
                    let _ = ip(&["netns", "del", ns]);
                }
            }
        }
        let pid = std::process::id() % 100_000;
        let names = Namespaces([format!("crle-a-{pid}"), format!("crle-b-{pid}")]);
        for ns in &names.0 {
            ip(&["netns", "add", ns]).context("needs root")?;
        }
        let (a, b) = (Ipv4Addr::new(10, 214, 0, 1), Ipv4Addr::new(10, 214, 0, 2));
        for (model, expected_rtt) in [(DelayModel::fixed(30.0), 60.0), (DelayModel::uniform(10.0, 50.0), 60.0)] {
            let emulator = LinkEmulator::start(
                &names.0[0],
                &format!("crla{pid}"),
                a,
                &names.0[1],
                &format!("crlb{pid}"),
                b,
                model,
                model,
            )?;
            let echo = in_ns(&names.0[1], move || {
                let socket = std::net::UdpSocket::bind((b, 9000)).expect("bind");
                socket.set_read_timeout(Some(Duration::from_secs(2))).expect("timeout");
                let mut buf = [0u8; 256];
                while let Ok((n, from)) = socket.recv_from(&mut buf) {
                    let _ = socket.send_to(&buf[..n], from);
                }
            });
            let rtts = in_ns(&names.0[0], move || {
                std::thread::sleep(Duration::from_millis(100));
                let socket = std::net::UdpSocket::bind((a, 0)).expect("bind");
                socket.set_read_timeout(Some(Duration::from_secs(1))).expect("timeout");
                let mut rtts = Vec::new();
                for i in 0..40u8 {
                    let sent = Instant::now();
                    socket.send_to(&[i; 172], (b, 9000)).expect("send");
                    let mut buf = [0u8; 256];
                    if socket.recv_from(&mut buf).is_ok() {
                        rtts.push(sent.elapsed().as_secs_f64() * 1000.0);
                    }
                }
                rtts
            })
            .join()
            .expect("client");
            echo.join().expect("echo");
            let stats = emulator.stats();
            let mean = rtts.iter().sum::<f64>() / rtts.len().max(1) as f64;
            println!("{model:?}: {} echoes, mean RTT {mean:.2} ms; {stats:?}", rtts.len());
            assert_eq!(rtts.len(), 40, "every echo came back");
            assert!(stats.a_to_b.udp_packets >= 40 && stats.b_to_a.udp_packets >= 40, "{stats:?}");
            if model.min_ms == model.max_ms {
                assert!(rtts.iter().all(|r| (r - expected_rtt).abs() <= 2.0 + 0.05 * expected_rtt), "{rtts:?}");
                assert!(stats.a_to_b.udp_jitter_ms < 0.01, "{stats:?}");
            } else {
                // Uniform over 40 ms: |D| averages 40/3 ≈ 13.3 ms.
                assert!((mean - expected_rtt).abs() < 8.0, "{mean}");
                assert!(stats.a_to_b.udp_jitter_ms > 5.0 && stats.a_to_b.udp_jitter_ms < 25.0, "{stats:?}");
            }
        }
        Ok(())
    }
}
