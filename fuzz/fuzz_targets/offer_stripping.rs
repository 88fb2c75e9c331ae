//! Any SDP offer: stripped of the agent's addresses, and session codes read.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let _ = callready_common::sdp::without_agent_addresses(text);
    let _ = callready_common::sdp::for_server(text, "callready.example.com");
    let _ = text.parse::<callready_common::SessionCode>();
});
