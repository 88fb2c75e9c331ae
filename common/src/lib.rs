//! Everything the page and the server must agree on: wire types, the session code
//! format, measurement math and the rules that turn figures into a verdict.
//!
//! Nothing here does I/O or reads the clock, so it compiles for wasm and native and
//! every rule is unit-tested with hand-made inputs.

pub mod bandwidth;
pub mod code;
pub mod media;
pub mod sdp;
pub mod sip;
pub mod stats;
pub mod ua;
pub mod validate;
pub mod verdict;
pub mod wire;

pub use code::SessionCode;
