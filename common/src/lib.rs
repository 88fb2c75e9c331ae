//! Everything the page and the server must agree on. It reads one way:
//!
//! 1. [`probes`]: what the page measured, one module per probe (its report type and
//!    the math derived from it: jitter, MOS, capacity, ICE success…);
//! 2. [`verdict`]: the rules that turn those reports into one line per check and an
//!    overall verdict, one file per check, judged against [`thresholds`];
//! 3. [`api`]: the envelopes around them (sessions, runs, the page's settings,
//!    signalling, errors), checked by [`validate`] at the server's edge.
//!
//! Nothing here does I/O or reads the clock, so it compiles for wasm and native and
//! every rule is unit-tested with hand-made inputs.

#![warn(missing_docs)]

pub mod api;
pub mod brand;
pub mod code;
pub mod csv;
pub mod i18n;
pub mod probes;
pub mod profile;
pub mod sdp;
pub mod sip;
pub mod stats;
pub mod text;
pub mod thresholds;
pub mod tls_hello;
pub mod ua;
pub mod validate;
pub mod verdict;

pub use code::SessionCode;
