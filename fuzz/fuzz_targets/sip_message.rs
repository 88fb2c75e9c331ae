//! Any text the WebSocket's `sip` subprotocol may carry: parsed, and answered.
#![no_main]

use callready_common::sip::{self, SipMessage};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok(request) = SipMessage::parse(text) {
        let _ = sip::answer(&request, "fuzz");
    }
});
