//! One module per probe; each `run` measures and returns its wire report, telling the
//! page what it is doing through `progress`.

pub mod bandwidth;
pub mod browser;
pub mod https;
pub mod ice;
pub mod media;
pub mod websocket;

/// Live text for the probe's row ("4 of 10 requests…").
pub type Progress<'a> = &'a dyn Fn(String);
