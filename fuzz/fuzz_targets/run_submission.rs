//! Any body posted to `POST /api/sessions/<code>/runs`: read, then validated.
#![no_main]

use callready_common::api::RunSubmission;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|body: &[u8]| {
    if let Ok(submission) = serde_json::from_slice::<RunSubmission>(body) {
        let _ = submission.validate();
    }
});
