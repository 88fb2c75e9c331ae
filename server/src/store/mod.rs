//! Storage of sessions, runs, accounts, webhooks and the regions' nodes, in SQLite
//! or PostgreSQL ([`engine`]). Everything that talks SQL lives under this module.

mod accounts;
pub mod backup;
mod brands;
mod engine;
mod limits;
mod listing;
mod nodes;
pub mod retention;
mod sessions;
mod startup;
mod webhooks;

use callready_common::api::{NetworkFacts, RunView};
use callready_common::probes::RunResults;
use callready_common::profile::Profile;
use callready_common::ua::UaSummary;
use callready_common::verdict::{Check, Verdict};
use callready_common::SessionCode;

pub use accounts::{Role, UserRow};
pub use brands::{BrandRow, Logo};
pub use engine::{Database, Engine, MIGRATOR, POSTGRES_MIGRATOR};
pub use limits::DEFAULT_MAX_DB_MB;
pub use listing::{ExportedRun, Filter, Listed, SiteSession, MAX_EXPORTED_RUNS, MAX_SITE_SESSIONS};
pub use nodes::{NodeRow, Setting};
pub use sessions::Store;
pub use webhooks::{Delivery, WebhookRow, MAX_WEBHOOKS};

/// Most runs one session keeps; beyond this a session is clearly being misused.
pub const MAX_RUNS_PER_SESSION: i64 = 500;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("a session with this code already exists")]
    DuplicateCode,
    #[error("that name is already taken")]
    DuplicateName,
    #[error("this session already holds {MAX_RUNS_PER_SESSION} runs")]
    SessionFull,
    #[error("this test link has taken all the runs it allows")]
    LinkUsedUp,
    #[error("this test link has expired")]
    LinkExpired,
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("stored data could not be read back: {0}")]
    Corrupt(#[from] serde_json::Error),
    #[error(
        "the database is damaged ({0}): CallReady will not use it, lest it spread the damage; restore the last \
         backup (README, Operations)"
    )]
    Damaged(String),
    #[error(
        "the database has schema version {found}, but this callready knows versions up to {known}: a newer \
         CallReady has used it; run that version, or restore a backup made before the upgrade"
    )]
    NewerSchema { found: i64, known: i64 },
    #[error(
        "migration {version} could not be applied ({reason}); it was rolled back: the database is as it was \
         before it"
    )]
    Migration { version: i64, reason: String },
    #[error(
        "the server's database has reached its size limit ({limit_mb} MB), so nothing more is saved; the results \
         on this page are still right: tell whoever runs CallReady (they raise --max-db-mb or shorten \
         --retention-days)"
    )]
    StorageFull { limit_mb: u64 },
}

#[derive(Clone, Debug)]
pub struct SessionRow {
    pub id: i64,
    /// The agent's code: runs the test.
    pub code: SessionCode,
    /// The report code: reads every run; `None` for sessions made before there was one.
    pub report_code: Option<SessionCode>,
    pub label: Option<String>,
    pub calls: Option<u32>,
    pub created_at_ms: i64,
    /// The profile named at creation; `None`: the default one.
    pub profile_id: Option<String>,
    pub invite: Invite,
}

/// A session as it is written.
#[derive(Clone, Copy, Debug)]
pub struct NewSession<'a> {
    /// The agent's code.
    pub code: &'a SessionCode,
    /// The report code (`None` only for tests of sessions made before there was one).
    pub report_code: Option<&'a SessionCode>,
    pub label: Option<&'a str>,
    pub calls: Option<u32>,
    pub profile_id: Option<&'a str>,
    pub invite: &'a Invite,
    pub now_ms: i64,
}

/// Whom a session's link is for and how long it takes runs.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Invite {
    pub site: Option<String>,
    pub agent: Option<String>,
    pub language: Option<String>,
    pub fields: std::collections::BTreeMap<String, String>,
    /// `None`: never expires (sessions made before invites).
    pub expires_at_ms: Option<i64>,
    /// `None`: the server's limit only.
    pub max_runs: Option<u32>,
    /// Origins that may frame its `/embed/t/<code>` page, besides the deployment's.
    pub embed_origins: Vec<String>,
    /// The brand its pages wear; `None`: the deployment's.
    pub brand: Option<String>,
    /// The region its test runs in; `None`: the nearest the page finds.
    pub region: Option<String>,
}

/// A run as it is written: already validated, anonymised and judged.
#[derive(Clone, Debug)]
pub struct NewRun {
    pub client_run_id: String,
    pub created_at_ms: i64,
    pub verdict: Verdict,
    pub checks: Vec<Check>,
    pub results: RunResults,
    pub network: NetworkFacts,
    /// The profile it was judged with.
    pub profile: Option<Profile>,
}

impl NewRun {
    fn into_view(self, number: u32) -> RunView {
        RunView {
            number,
            created_at_ms: self.created_at_ms,
            verdict: self.verdict,
            checks: self.checks,
            results: self.results,
            network: self.network,
            profile: self.profile,
        }
    }
}

/// Whether an insert wrote a new run or found the same client run already stored,
/// with the run's number within its session.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Inserted {
    New(u32),
    Existing(u32),
}

/// `work`, its time recorded as the database operation `operation` (the metrics'
/// `callready_db_seconds`).
async fn timed<T>(operation: &'static str, work: impl std::future::Future<Output = T>) -> T {
    let started = std::time::Instant::now();
    let done = work.await;
    crate::metrics::observe_db(operation, started.elapsed());
    done
}

fn verdict_to_text(verdict: Verdict) -> Result<String, serde_json::Error> {
    Ok(serde_json::to_value(verdict)?.as_str().unwrap_or_default().to_string())
}

fn user_agent_to_json(ua: &UaSummary) -> Result<String, serde_json::Error> {
    serde_json::to_string(ua)
}
