//! Any first bytes of a TLS connection to the TLS inspection listener.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|record: &[u8]| {
    let _ = callready_common::tls_hello::summarise(record);
});
