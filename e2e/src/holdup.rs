//! How far the machine holds the lab up. A thread sleeps [`TICK`] at a time and
//! records by how much each wake came late: on a quiet machine a millisecond or two,
//! while a CI machine whose cores were taken away held the lab's link emulator up by
//! 30 ms in the run where every delay reading came 5–12 ms high. A scenario run
//! outside its bounds during such a hold-up measured the machine as much as the page,
//! and is run again (docs/methods.md, "The truth lab").

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// How long the watch sleeps between looks.
pub const TICK: Duration = Duration::from_millis(5);

/// A hold-up beyond this makes a run outside its bounds the machine's: ten times a
/// quiet machine's worst (1.4 ms in the lab's delay scenarios), a third of what a
/// stalled CI machine showed.
pub const HELD_UP: Duration = Duration::from_millis(15);

/// The watching thread; stopped on drop.
pub struct HoldUps {
    worst_us: Arc<AtomicU64>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl HoldUps {
    /// Starts watching.
    pub fn watch() -> HoldUps {
        HoldUps::watch_with(std::thread::sleep)
    }

    /// Watches with `sleep` in place of [`std::thread::sleep`] (the tests hold it up).
    fn watch_with(sleep: impl Fn(Duration) + Send + 'static) -> HoldUps {
        let (worst_us, stop) = (Arc::new(AtomicU64::new(0)), Arc::new(AtomicBool::new(false)));
        let thread = {
            let (worst_us, stop) = (worst_us.clone(), stop.clone());
            std::thread::Builder::new()
                .name("lab-hold-ups".into())
                .spawn(move || {
                    while !stop.load(Ordering::Relaxed) {
                        let before = Instant::now();
                        sleep(TICK);
                        let late = before.elapsed().saturating_sub(TICK);
                        worst_us.fetch_max(late.as_micros() as u64, Ordering::Relaxed);
                    }
                })
                .expect("a thread for the hold-up watch")
        };
        HoldUps { worst_us, stop, thread: Some(thread) }
    }

    /// The worst hold-up since the last call (or the start); counting starts afresh.
    pub fn take_worst(&self) -> Duration {
        Duration::from_micros(self.worst_us.swap(0, Ordering::Relaxed))
    }
}

impl Drop for HoldUps {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicU32;

    /// One wake held up 60 ms shows as a hold-up of at least that; the count starts
    /// afresh after each look (the other wakes come early: 1 ms sleeps).
    #[test]
    fn a_held_wake_shows_as_a_hold_up_once() {
        let (calls, held) = (Arc::new(AtomicU32::new(0)), Duration::from_millis(60));
        let watch = {
            let calls = calls.clone();
            HoldUps::watch_with(move |tick| {
                let n = calls.fetch_add(1, Ordering::Relaxed);
                std::thread::sleep(if n == 3 { tick + held } else { Duration::from_millis(1) });
            })
        };
        while calls.load(Ordering::Relaxed) < 6 {
            std::thread::sleep(Duration::from_millis(1));
        }
        let worst = watch.take_worst();
        assert!(worst >= held, "{worst:?}");
        assert!(watch.take_worst() < held, "counted afresh");
    }
}
