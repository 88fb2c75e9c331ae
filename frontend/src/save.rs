//! Saving a run: retried with backoff until the server has it. Until then the run
//! waits in localStorage with what it was judged against, so closing the tab or
//! reloading loses nothing, and a recovered run is judged as it was.

use callready_common::api::{CheckStatus, RunSaved, RunSubmission};
use callready_common::thresholds::Thresholds;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::api::{self, ApiFailure};
use crate::browser::stash;
use crate::browser::time::sleep;

/// Delays between save attempts, in seconds.
const SAVE_BACKOFF_S: [u32; 5] = [1, 2, 4, 8, 16];

#[derive(Clone, Debug, PartialEq)]
pub enum Save {
    NotYet,
    Saving,
    Retrying {
        attempt: usize,
        message: String,
        wait_s: u32,
    },
    /// Stored: the server's answer (its run number, verdict and checks), unknown when
    /// the answer was unreadable.
    Saved {
        answer: Option<Box<RunSaved<CheckStatus>>>,
    },
    Failed {
        message: String,
    },
}

/// A run waiting to be saved, with the session's thresholds and calls it was judged with.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Unsaved {
    pub submission: RunSubmission,
    pub thresholds: Thresholds,
    pub calls: u32,
}

fn stash_key(code: &str) -> String {
    format!("callready.unsaved.{code}")
}

/// What a previous visit could not save, if anything, as stashed ([`recover`] reads it).
pub fn stashed(code: &str) -> Option<String> {
    stash::get(&stash_key(code))
}

crate::run::after_start! {
    /// The run a previous visit could not save, from [`stashed`]; `None` when it is
    /// unreadable.
    pub fn recover(raw: String) -> Option<Unsaved> {
        serde_json::from_str(&raw).ok()
    }
}

/// Saves `run`, retrying with backoff, and reports progress in `save`.
pub async fn save_with_retries(code: String, run: Unsaved, save: RwSignal<Save>) {
    save.set(Save::Saving);
    if let Ok(json) = serde_json::to_string(&run) {
        stash::put(&stash_key(&code), &json);
    }
    let saved = |answer| {
        stash::remove(&stash_key(&code));
        save.set(Save::Saved { answer });
    };
    let mut attempt = 1;
    loop {
        match api::save_run(&code, &run.submission).await {
            Ok(answer) => return saved(Some(Box::new(answer))),
            // Accepted, but the answer was unreadable (e.g. a newer server): it is stored.
            Err(ApiFailure::Unreadable { status: 200..=299, .. }) => return saved(None),
            Err(failure) if failure.worth_retrying() && attempt <= SAVE_BACKOFF_S.len() => {
                let wait_s = SAVE_BACKOFF_S[attempt - 1];
                save.set(Save::Retrying { attempt, message: failure.message(), wait_s });
                sleep(wait_s * 1000).await;
                attempt += 1;
            }
            Err(failure) => {
                // A refusal (4xx) will not pass later: do not keep retrying it on every visit.
                if !failure.worth_retrying() {
                    stash::remove(&stash_key(&code));
                }
                save.set(Save::Failed { message: failure.describe() });
                return;
            }
        }
    }
}
