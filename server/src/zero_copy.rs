//! Downloads without copying them through user space. The download payload (random
//! bytes, the same for every transfer) lives in a file mapped read-only: an unnamed
//! file in the temporary directory when that is on disk (its cached pages come in
//! large blocks, see [`page_cache_file`]), else a sealed memory file (`memfd`). The
//! plain-TCP connections the HTTP loop serves ([`Stream`]) hand any slice of it that
//! hyper writes to the kernel with `sendfile`, which puts the file's pages in the
//! socket's queue as they are, as nginx does for a static file. Everything else
//! (headers, other bodies) is written as before. The write order stays hyper's: a
//! write call sends one kind of slice only and reports how much of them it sent.
//! From its first `sendfile` until hyper flushes (it has written all it queued), a
//! connection is corked, as nginx's `tcp_nopush` does: the kernel then sends full
//! segments only, not the slivers an ACK's window update would let out.
//!
//! The payload's pages are never written after start-up, so the kernel may send them
//! while they sit queued. Where no file can be made (not Linux, or refused), the
//! payload is an ordinary buffer and every write copies.

use std::io::{self, IoSlice};
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::OnceLock;
#[cfg(target_os = "linux")]
use std::task::ready;
use std::task::{Context, Poll};

use axum::body::Bytes;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;

/// The download payload: `bytes` and, when it is a mapped memory file, that file.
struct Payload {
    bytes: Bytes,
    #[cfg(target_os = "linux")]
    file: Option<std::os::fd::OwnedFd>,
}

static PAYLOAD: OnceLock<Payload> = OnceLock::new();

/// Bytes sent by `sendfile` since start (for the tests and the bench).
static SENT: AtomicU64 = AtomicU64::new(0);

/// Set when the kernel refused `sendfile` for the payload: copied from then on.
static REFUSED: AtomicBool = AtomicBool::new(false);

/// Payload runs shorter than this are copied with what comes before them (the
/// response's headers): split off, a small body would wait for the headers' ACK.
const MIN_SENDFILE: usize = 16 << 10;

/// The payload's size: larger than any compressor's window on the path (brotli's is
/// at most 16 MiB, zstd's 8 MiB by default), so a repeat of it cannot be recognised
/// and shrunk by a proxy or CDN; parallel download streams start at different
/// places in it.
pub const PAYLOAD_BYTES: usize = 32 << 20;

/// The payload, [`PAYLOAD_BYTES`] random bytes made on the first call.
pub fn payload() -> &'static Bytes {
    &PAYLOAD.get_or_init(|| Payload::make(PAYLOAD_BYTES)).bytes
}

/// Bytes the connections have sent from the payload without copying, since start.
pub fn sent_without_copy() -> u64 {
    SENT.load(Ordering::Relaxed)
}

impl Payload {
    fn make(len: usize) -> Payload {
        let mut random = vec![0u8; len];
        // Random from the OS, so no compressor anywhere on the path can shrink it.
        getrandom::fill(&mut random).expect("the OS random source works");
        #[cfg(target_os = "linux")]
        {
            let made = match page_cache_file(&std::env::temp_dir(), &random) {
                Ok(made) => Ok(made),
                Err(err) => {
                    tracing::info!(%err, "download payload: no file on disk, a memory file instead");
                    sealed_file(&random)
                }
            };
            match made {
                Ok((bytes, file)) => return Payload { bytes, file: Some(file) },
                Err(err) => tracing::warn!(%err, "download payload: no payload file, downloads are copied"),
            }
        }
        Payload {
            bytes: Bytes::from(random),
            #[cfg(target_os = "linux")]
            file: None,
        }
    }

    /// Where `slice` starts in the payload's file, when it lies inside the payload.
    #[cfg(target_os = "linux")]
    fn offset_of(&self, slice: &[u8]) -> Option<u64> {
        self.file.as_ref()?;
        let start = self.bytes.as_ptr() as usize;
        let at = slice.as_ptr() as usize;
        let inside = at >= start && at + slice.len() <= start + self.bytes.len() && !slice.is_empty();
        inside.then(|| (at - start) as u64)
    }

    /// The run of payload slices that `bufs` starts with and that follow each other in
    /// the file (consecutive chunks of one download), as (offset, length), when it is
    /// worth a `sendfile`: [`MIN_SENDFILE`] bytes or more.
    #[cfg(target_os = "linux")]
    fn run(&self, bufs: &[IoSlice<'_>]) -> Option<(u64, usize)> {
        let offset = self.offset_of(bufs.first()?)?;
        let mut len = 0;
        for buf in bufs {
            match self.offset_of(buf) {
                Some(at) if at == offset + len as u64 => len += buf.len(),
                _ => break,
            }
        }
        (len >= MIN_SENDFILE).then_some((offset, len))
    }
}

/// An unnamed file holding `bytes` in `dir`'s file system (gone when the process
/// ends), open read-only only, mapped read-only for the life of the process; not on
/// a memory file system (there [`sealed_file`] is the better one).
///
/// Why a disk file system first: written in one call, a file's cached pages come in
/// large blocks where the file system supports them (ext4 since Linux 6.16, XFS
/// earlier), while a memory file gets single 4 KiB pages unless the machine enables
/// huge pages for shared memory, which Debian does not. `sendfile` takes a cost per
/// block: in `cargo xtask bench transfers` (kernel 6.18, ext4), 8 streams moved 15–20 %
/// more per second from such a file than from the memory file, with both cores full.
/// On older kernels the blocks are 4 KiB either way.
///
/// Unlike a sealed memory file, root or the server's own user could still change it
/// (through `/proc/<pid>/fd`), as they could stop or trace the server; nobody else
/// can: the file has no name, may not be given one, and its mode is read-only.
#[cfg(target_os = "linux")]
fn page_cache_file(dir: &std::path::Path, bytes: &[u8]) -> io::Result<(Bytes, std::os::fd::OwnedFd)> {
    use std::io::Write;
    use std::os::fd::AsRawFd;
    use std::os::unix::fs::OpenOptionsExt;
    let mut writer = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .mode(0o400)
        // O_EXCL: the file may never be linked into a directory.
        .custom_flags(libc::O_TMPFILE | libc::O_EXCL | libc::O_CLOEXEC)
        .open(dir)?;
    if in_memory(&writer)? {
        return Err(io::Error::other("the temporary directory is in memory"));
    }
    writer.write_all(bytes)?;
    // The only descriptor kept reads.
    let file = std::fs::File::open(format!("/proc/self/fd/{}", writer.as_raw_fd()))?;
    drop(writer);
    Ok((map_read_only(&file, bytes.len())?, std::os::fd::OwnedFd::from(file)))
}

/// Whether `file` lives on a memory file system (tmpfs, ramfs).
#[cfg(target_os = "linux")]
#[allow(unsafe_code)] // fstatfs(2) has no safe wrapper in our dependencies
fn in_memory(file: &std::fs::File) -> io::Result<bool> {
    use std::os::fd::AsRawFd;
    const TMPFS_MAGIC: u32 = 0x0102_1994;
    const RAMFS_MAGIC: u32 = 0x8584_58f6;
    // SAFETY: all zeros is a valid `statfs` (plain integers).
    let mut fs: libc::statfs = unsafe { std::mem::zeroed() };
    // SAFETY: an open descriptor and a `statfs` to fill.
    if unsafe { libc::fstatfs(file.as_raw_fd(), &mut fs) } != 0 {
        return Err(io::Error::last_os_error());
    }
    // The magic numbers fit 32 bits; the field's type differs between C libraries.
    Ok(matches!(fs.f_type as u32, TMPFS_MAGIC | RAMFS_MAGIC))
}

/// `len` bytes of `file` mapped read-only, shared, for the life of the process.
#[cfg(target_os = "linux")]
#[allow(unsafe_code)] // mmap has no safe wrapper in our dependencies
fn map_read_only(file: &std::fs::File, len: usize) -> io::Result<Bytes> {
    use std::os::fd::AsRawFd;
    // SAFETY: a new read-only shared mapping of the whole file; checked against
    // MAP_FAILED.
    let at = unsafe { libc::mmap(std::ptr::null_mut(), len, libc::PROT_READ, libc::MAP_SHARED, file.as_raw_fd(), 0) };
    if at == libc::MAP_FAILED {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: the mapping is never unmapped and nothing writes its file any more (its
    // callers see to that), so it holds these bytes as long as the process lives:
    // 'static.
    let mapped: &'static [u8] = unsafe { std::slice::from_raw_parts(at.cast::<u8>(), len) };
    Ok(Bytes::from_static(mapped))
}

/// A sealed memory file holding `bytes` (nothing can write, shrink or grow it any
/// more, even through its descriptor), mapped read-only for the life of the process.
#[cfg(target_os = "linux")]
#[allow(unsafe_code)] // memfd_create, fcntl seals and mmap have no safe wrapper in our dependencies
fn sealed_file(bytes: &[u8]) -> io::Result<(Bytes, std::os::fd::OwnedFd)> {
    use std::io::Write;
    use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
    // SAFETY: a valid C string and flags; the result is checked.
    let fd = unsafe { libc::memfd_create(c"callready-download".as_ptr(), libc::MFD_CLOEXEC | libc::MFD_ALLOW_SEALING) };
    if fd < 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: `fd` was just created and is owned by nothing else.
    let mut file = std::fs::File::from(unsafe { OwnedFd::from_raw_fd(fd) });
    file.write_all(bytes)?;
    let seals = libc::F_SEAL_WRITE | libc::F_SEAL_SHRINK | libc::F_SEAL_GROW | libc::F_SEAL_SEAL;
    // SAFETY: an open descriptor and the seal flags.
    if unsafe { libc::fcntl(file.as_raw_fd(), libc::F_ADD_SEALS, seals) } != 0 {
        return Err(io::Error::last_os_error());
    }
    Ok((map_read_only(&file, bytes.len())?, OwnedFd::from(file)))
}

/// A plain TCP connection that sends payload slices with `sendfile`, corked
/// (`TCP_CORK`) from its first `sendfile` until hyper flushes.
pub struct Stream {
    tcp: TcpStream,
    corked: bool,
}

impl Stream {
    pub fn new(tcp: TcpStream) -> Stream {
        Stream { tcp, corked: false }
    }

    pub fn tcp(&self) -> &TcpStream {
        &self.tcp
    }

    /// Sends `len` bytes of the payload's file from `offset`, or copies them from its
    /// mapping when the kernel refuses `sendfile` (and from then on).
    #[cfg(target_os = "linux")]
    fn poll_sendfile(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        payload: &Payload,
        offset: u64,
        len: usize,
    ) -> Poll<io::Result<usize>> {
        let Some(file) = payload.file.as_ref() else {
            return Poll::Ready(Err(io::Error::other("no payload file")));
        };
        if !self.corked {
            // Corked, the socket sends full segments only, also when an ACK opens
            // the window by less than one (uncorked on flush).
            self.corked = socket2::SockRef::from(&self.tcp).set_tcp_cork(true).is_ok();
        }
        loop {
            ready!(self.tcp.poll_write_ready(cx))?;
            match self.tcp.try_io(tokio::io::Interest::WRITABLE, || sendfile(&self.tcp, file, offset, len)) {
                Err(err) if err.kind() == io::ErrorKind::WouldBlock => continue,
                Err(err) if matches!(err.raw_os_error(), Some(libc::EINVAL | libc::ENOSYS | libc::EOPNOTSUPP)) => {
                    if !REFUSED.swap(true, Ordering::Relaxed) {
                        tracing::warn!(%err, "sendfile refused: downloads are copied from now on");
                    }
                    let at = offset as usize;
                    return Pin::new(&mut self.tcp).poll_write(cx, &payload.bytes[at..at + len]);
                }
                done => return Poll::Ready(done),
            }
        }
    }
}

/// The payload, when its slices go by `sendfile`.
#[cfg(target_os = "linux")]
fn sendable() -> Option<&'static Payload> {
    PAYLOAD.get().filter(|p| p.file.is_some() && !REFUSED.load(Ordering::Relaxed))
}

#[cfg(target_os = "linux")]
#[allow(unsafe_code)] // sendfile(2) has no safe wrapper in our dependencies
fn sendfile(socket: &TcpStream, file: &std::os::fd::OwnedFd, offset: u64, len: usize) -> io::Result<usize> {
    use std::os::fd::AsRawFd;
    let mut offset = libc::off_t::try_from(offset).map_err(|_| io::Error::other("offset"))?;
    // SAFETY: two open descriptors and a valid offset the call may update.
    let sent = unsafe { libc::sendfile(socket.as_raw_fd(), file.as_raw_fd(), &mut offset, len) };
    if sent < 0 {
        return Err(io::Error::last_os_error());
    }
    SENT.fetch_add(sent as u64, Ordering::Relaxed);
    Ok(sent as usize)
}

impl AsyncRead for Stream {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.tcp).poll_read(cx, buf)
    }
}

impl AsyncWrite for Stream {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        #[cfg(target_os = "linux")]
        if let Some(payload) = sendable() {
            if let Some((offset, len)) = payload.run(&[IoSlice::new(buf)]) {
                return self.poll_sendfile(cx, payload, offset, len);
            }
        }
        Pin::new(&mut self.tcp).poll_write(cx, buf)
    }

    /// The leading slices of one kind: a run of payload slices that follow each other
    /// in the file goes by one `sendfile`, the slices before the next such run by one
    /// `writev`.
    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        #[cfg(target_os = "linux")]
        if let Some(payload) = sendable() {
            let bufs = &bufs[bufs.iter().position(|b| !b.is_empty()).unwrap_or(bufs.len())..];
            if let Some((offset, len)) = payload.run(bufs) {
                return self.poll_sendfile(cx, payload, offset, len);
            }
            let copied = (1..bufs.len()).find(|&i| payload.run(&bufs[i..]).is_some()).unwrap_or(bufs.len());
            return Pin::new(&mut self.tcp).poll_write_vectored(cx, &bufs[..copied]);
        }
        Pin::new(&mut self.tcp).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        // hyper queues body chunks as they are (not copied into its buffer) only
        // for a vectored writer: the payload slices reach `poll_write_vectored`.
        true
    }

    /// hyper flushes once its queue is written: what is corked leaves now.
    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        if self.corked {
            self.corked = false;
            socket2::SockRef::from(&self.tcp).set_tcp_cork(false)?;
        }
        Pin::new(&mut self.tcp).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.tcp).poll_shutdown(cx)
    }
}

/// The HTTP listener's connections as [`Stream`]s.
pub struct Listener(pub tokio::net::TcpListener);

impl axum::serve::Listener for Listener {
    type Io = Stream;
    type Addr = std::net::SocketAddr;

    async fn accept(&mut self) -> (Stream, std::net::SocketAddr) {
        let (stream, addr) = axum::serve::Listener::accept(&mut self.0).await;
        (Stream::new(stream), addr)
    }

    fn local_addr(&self) -> io::Result<std::net::SocketAddr> {
        self.0.local_addr()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    async fn pair() -> (Stream, TcpStream) {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let client = TcpStream::connect(listener.local_addr().unwrap()).await.unwrap();
        let (server, _) = listener.accept().await.unwrap();
        (Stream::new(server), client)
    }

    /// Slices of the payload and of other memory, interleaved and larger than the
    /// socket's buffers, arrive whole and in order; the payload's went by
    /// `sendfile` (the count moved by at least their size).
    #[tokio::test]
    async fn payload_slices_go_without_copy_and_in_order() {
        let payload = payload().clone();
        let (mut server, mut client) = pair().await;
        let head = b"HTTP/1.1 200 OK\r\n\r\n".to_vec();
        let (a, b) = (payload.slice(1000..1000 + (3 << 20)), payload.slice(7..70_000));
        let tail = vec![0x5a; 100_000];
        let expected: Vec<u8> = [&head[..], &a[..], &tail[..], &b[..]].concat();
        let before = sent_without_copy();
        let reader = tokio::spawn(async move {
            // Read late, so the writer meets a full socket and waits for it.
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            let mut got = Vec::new();
            client.read_to_end(&mut got).await.unwrap();
            got
        });
        let mut parts: Vec<&[u8]> = vec![&head, &a, &tail, &b];
        while !parts.is_empty() {
            let slices: Vec<IoSlice<'_>> = parts.iter().map(|p| IoSlice::new(p)).collect();
            let mut n = server.write_vectored(&slices).await.unwrap();
            assert!(n > 0);
            while n > 0 {
                let take = n.min(parts[0].len());
                parts[0] = &parts[0][take..];
                n -= take;
                if parts[0].is_empty() {
                    parts.remove(0);
                }
            }
        }
        server.shutdown().await.unwrap();
        drop(server);
        let got = reader.await.unwrap();
        assert_eq!(got.len(), expected.len());
        assert!(got == expected, "the bytes arrived changed or out of order");
        assert!(PAYLOAD.get().is_some_and(|p| p.file.is_some()), "no memory file for the payload");
        assert!(sent_without_copy() - before >= (a.len() + b.len()) as u64);
    }

    fn slices<'a>(parts: &[&'a [u8]]) -> Vec<IoSlice<'a>> {
        parts.iter().map(|p| IoSlice::new(p)).collect()
    }

    /// Memory that is not the payload is written, not sent from the file; so are
    /// short runs of the payload, and a run ends where the file does not follow on.
    #[test]
    fn only_long_runs_of_the_payload_are_sent_from_the_file() {
        let payload = PAYLOAD.get_or_init(|| Payload::make(PAYLOAD_BYTES));
        let inside = payload.bytes.slice(10..20);
        assert_eq!(payload.offset_of(&inside), Some(10));
        let copy = inside.to_vec();
        assert!(payload.offset_of(&copy).is_none());
        assert!(payload.offset_of(&payload.bytes[payload.bytes.len() - 1..]).is_some());
        assert!(payload.offset_of(&[]).is_none());

        let (a, b) = (payload.bytes.slice(100..100 + MIN_SENDFILE), payload.bytes.slice(100 + MIN_SENDFILE..200_000));
        let elsewhere = payload.bytes.slice(300_000..400_000);
        assert_eq!(payload.run(&slices(&[&a, &b, &elsewhere])), Some((100, 200_000 - 100)));
        assert_eq!(payload.run(&slices(&[&a[1..]])), None, "shorter than {MIN_SENDFILE}");
        assert_eq!(payload.run(&slices(&[&copy, &a])), None, "starts with a copy");
    }

    /// Nothing can change a payload file through the descriptor kept, nor a sealed
    /// memory file even through a writable one: bytes in socket queues and
    /// retransmissions stay the ones sent. (The disk file's read-only mode cannot be
    /// tested here: the tests may run as root, whom it does not stop.)
    fn assert_unchangeable(fd: &std::os::fd::OwnedFd, len: usize) {
        use std::os::unix::fs::FileExt;
        let file = std::fs::File::from(fd.try_clone().unwrap());
        assert!(file.write_at(b"x", 0).is_err(), "written");
        assert!(file.set_len(1).is_err(), "shrunk");
        assert!(file.set_len(len as u64 + 1).is_err(), "grown");
    }

    #[test]
    fn the_payload_file_cannot_be_changed() {
        let payload = PAYLOAD.get_or_init(|| Payload::make(PAYLOAD_BYTES));
        assert_unchangeable(payload.file.as_ref().expect("a payload file"), PAYLOAD_BYTES);
        let bytes = vec![7u8; 100_000];
        let (_, sealed) = sealed_file(&bytes).unwrap();
        assert_unchangeable(&sealed, bytes.len());
        // Sealed: not even a descriptor that may write can.
        let writable = std::fs::OpenOptions::new().write(true).open(format!("/proc/self/fd/{}", {
            use std::os::fd::AsRawFd;
            sealed.as_raw_fd()
        }));
        use std::io::Write;
        assert!(writable.unwrap().write_all(b"x").is_err(), "a sealed file written");
    }

    /// On a disk file system the payload is an unnamed file holding its bytes, which
    /// cannot be given a name; a memory file system is told apart (there the sealed
    /// memory file is used).
    #[test]
    fn the_payload_file_is_made_on_disk_only() {
        use std::os::fd::AsRawFd;
        let on_disk = tempfile::tempdir_in(env!("CARGO_MANIFEST_DIR")).unwrap();
        let bytes: Vec<u8> = (0..300_000u32).map(|i| (i % 251) as u8).collect();
        let (mapped, file) = page_cache_file(on_disk.path(), &bytes).expect("a file on disk");
        assert_eq!(&mapped[..], &bytes[..]);
        assert_unchangeable(&file, bytes.len());
        assert_eq!(std::fs::read_dir(on_disk.path()).unwrap().count(), 0, "the file has a name");
        let link = on_disk.path().join("named");
        let from = format!("/proc/self/fd/{}", file.as_raw_fd());
        // How an unnamed file is given a name: a link to the descriptor's entry, followed.
        let (from, to) =
            (std::ffi::CString::new(from).unwrap(), std::ffi::CString::new(link.to_str().unwrap()).unwrap());
        assert!(!link_following(&from, &to), "the unnamed file was given a name");

        let file = std::fs::File::from(file);
        assert!(!in_memory(&file).unwrap(), "a disk file taken for memory");
        let (_, sealed) = sealed_file(&bytes).unwrap();
        assert!(in_memory(&std::fs::File::from(sealed)).unwrap(), "a memory file taken for disk");
    }

    /// linkat(2) following the path's last link, as `/proc/self/fd` needs.
    #[allow(unsafe_code)] // linkat(2) has no safe wrapper in our dependencies
    fn link_following(from: &std::ffi::CStr, to: &std::ffi::CStr) -> bool {
        // SAFETY: two valid C strings and the current directory's marker.
        unsafe {
            libc::linkat(libc::AT_FDCWD, from.as_ptr(), libc::AT_FDCWD, to.as_ptr(), libc::AT_SYMLINK_FOLLOW) == 0
        }
    }

    fn corked(socket: &impl std::os::fd::AsFd) -> bool {
        socket2::SockRef::from(socket).tcp_cork().unwrap()
    }

    /// A run of the payload corks the socket (full segments only) until the flush;
    /// a copied write does not cork it.
    #[tokio::test]
    async fn a_payload_run_is_corked_until_the_flush() {
        let payload = payload().clone();
        let (mut server, mut client) = pair().await;
        let head = b"not the payload";
        server.write_all(head).await.unwrap();
        assert!(!corked(server.tcp()), "a copied write corked the socket");
        let run = payload.slice(0..100_001);
        server.write_all(&run).await.unwrap();
        assert!(corked(server.tcp()), "a payload run left the socket uncorked");
        server.flush().await.unwrap();
        assert!(!corked(server.tcp()), "still corked after the flush");
        let mut got = vec![0; head.len() + run.len()];
        client.read_exact(&mut got).await.unwrap();
        assert_eq!(&got[head.len()..], &run[..]);
    }

    /// Through hyper, as the server serves: once a response from the payload is
    /// written, hyper flushes and the socket is uncorked, so the body's last partial
    /// segment is not held back (a cork holds it up to 200 ms, and keeps the option
    /// set after).
    #[tokio::test]
    async fn hyper_uncorks_after_a_payload_response() {
        use std::os::fd::AsFd;
        let body = payload().slice(4096..4096 + 300_001);
        let (server, mut client) = pair().await;
        let watch = socket2::Socket::from(server.tcp().as_fd().try_clone_to_owned().unwrap());
        let served = body.clone();
        let before = sent_without_copy();
        let service = hyper::service::service_fn(move |_request: hyper::Request<hyper::body::Incoming>| {
            let served = served.clone();
            async move { Ok::<_, std::convert::Infallible>(hyper::Response::new(axum::body::Body::from(served))) }
        });
        let connection =
            hyper::server::conn::http1::Builder::new().serve_connection(hyper_util::rt::TokioIo::new(server), service);
        let connection = tokio::spawn(connection);
        client.write_all(b"GET / HTTP/1.1\r\nhost: test\r\n\r\n").await.unwrap();
        let mut got = Vec::new();
        let mut buf = vec![0; 1 << 16];
        let head_end = loop {
            let n = client.read(&mut buf).await.unwrap();
            assert!(n > 0, "the connection closed early");
            got.extend_from_slice(&buf[..n]);
            if let Some(at) = got.windows(4).position(|w| w == b"\r\n\r\n") {
                if got.len() >= at + 4 + body.len() {
                    break at + 4;
                }
            }
        };
        assert_eq!(&got[head_end..], &body[..]);
        assert!(sent_without_copy() - before >= body.len() as u64, "the body was not sent from the file");
        // The last bytes may have left before hyper's flush: wait for it.
        let mut tries = 0;
        while watch.tcp_cork().unwrap() {
            tries += 1;
            assert!(tries < 200, "the socket stays corked after the response");
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        }
        connection.abort();
    }

    /// Headers and a short body from the payload leave in one write: split, the body
    /// would wait for the headers' ACK (Nagle).
    #[tokio::test]
    async fn headers_and_a_short_body_leave_together() {
        let payload = payload().clone();
        let (mut server, mut client) = pair().await;
        let head = b"HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\n".to_vec();
        let body = payload.slice(4096..4196);
        let written = server.write_vectored(&[IoSlice::new(&head), IoSlice::new(&body)]).await.unwrap();
        assert_eq!(written, head.len() + body.len());
        drop(server);
        let mut got = Vec::new();
        client.read_to_end(&mut got).await.unwrap();
        assert_eq!(got, [&head[..], &body[..]].concat());
    }
}
