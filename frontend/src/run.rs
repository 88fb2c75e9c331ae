//! Running a test: every probe of the registry in order, each with its row, then the
//! verdict. The page (`pages/test.rs`) only shows what this produces.

use callready_common::probes::RunResults;
use callready_common::verdict::{Check, Status};
use futures::future::join_all;
#[cfg(feature = "split")]
use futures::future::LocalBoxFuture;
use leptos::prelude::*;

use crate::browser::time::now_ms;
use crate::browser::visibility;
use crate::i18n::t;
use crate::probes::{Outcome, Probe, ProbeContext, REGISTRY};
use crate::region::Chosen;

/// What a probe's row shows.
#[derive(Clone, Debug, PartialEq)]
pub enum Row {
    Waiting,
    Running(String),
    Done(String),
    /// Not run: the server does not offer it, or there is nothing to test (why).
    NotOffered(String),
}

/// One row per probe of the registry, in its order.
#[derive(Clone, Copy)]
pub struct Rows([RwSignal<Row>; REGISTRY.len()]);

impl Rows {
    pub fn new() -> Rows {
        Rows(std::array::from_fn(|_| RwSignal::new(Row::Waiting)))
    }

    pub fn reset(&self) {
        for row in &self.0 {
            row.set(Row::Waiting);
        }
    }

    /// Each probe with its row.
    pub fn iter(&self) -> impl Iterator<Item = (&'static Probe, RwSignal<Row>)> + '_ {
        REGISTRY.iter().zip(self.0.iter().copied())
    }
}

/// Runs one probe, updating its row, and notes when the tab was hidden meanwhile.
async fn run_one(ctx: &ProbeContext, probe: &'static Probe, row: RwSignal<Row>) {
    row.set(Row::Running(t("probe-starting")));
    let progress = move |text: String| row.set(Row::Running(text));
    let mark = visibility::mark();
    let outcome = probe.begin(ctx, &progress).await;
    if mark.hidden_since() {
        let mut hidden = ctx.hidden_during.borrow_mut();
        for id in probe.checks {
            if !hidden.contains(id) {
                hidden.push(*id);
            }
        }
    }
    row.set(match outcome {
        Outcome::Done(summary) => Row::Done(summary),
        Outcome::NotOffered => Row::NotOffered(t("row-not-offered")),
        Outcome::NothingToTest(why) => Row::NotOffered(why),
    });
}

/// The probes' code could not be fetched (the page's server went away after the page
/// loaded, or the connection dropped).
#[derive(Clone, Copy, Debug)]
pub struct NotLoaded;

impl From<leptos::wasm_split::SplitLoaderError> for NotLoaded {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> NotLoaded {
        NotLoaded
    }
}

/// Code the agent's page needs only once a test starts (or a stashed run comes
/// back): the probes, the verdict rules, the result's view and the stashed run's
/// decoder. With the feature `split` (the agent's app as `cargo xtask build-frontend`
/// builds it) each such function is a split point: its code, and all code only such
/// functions reach, is a second wasm file that the first call fetches. The page an
/// agent opens carries only what shows before Start. Without `split` it is a plain
/// `async fn`. Either way it answers `Err(NotLoaded)` when that file cannot be had.
macro_rules! after_start {
    ($(#[$attr:meta])* $vis:vis fn $name:ident($($arg:ident: $ty:ty),* $(,)?) -> $ret:ty $body:block) => {
        $(#[$attr])*
        #[cfg(feature = "split")]
        #[allow(unsafe_code)] // the split point is an extern "C" import/export pair
        #[leptos::wasm_split::wasm_split(probes, wasm_split_path = ::leptos::wasm_split, fallible)]
        $vis fn $name($($arg: $ty),*) -> Result<$ret, $crate::run::NotLoaded> {
            Ok($body)
        }
        $(#[$attr])*
        #[cfg(not(feature = "split"))]
        $vis async fn $name($($arg: $ty),*) -> Result<$ret, $crate::run::NotLoaded> {
            Ok($body)
        }
    };
}
pub(crate) use after_start;

/// A run of every probe ([`run_probes`]): the split point for the probes (see
/// [`after_start`]; an async body needs the future boxed across it).
#[cfg(feature = "split")]
#[allow(unsafe_code)] // the split point is an extern "C" import/export pair
#[leptos::wasm_split::wasm_split(
    probes,
    wasm_split_path = ::leptos::wasm_split,
    fallible,
    preload(
        /// Fetches the probes' code (the second wasm file) ahead of Start.
        fetch_probes
    ),
    return_wrapper(let future = _; { future.await } -> Result<RunResults, NotLoaded>)
)]
pub fn run_all(ctx: ProbeContext, rows: Rows) -> LocalBoxFuture<'static, Result<RunResults, NotLoaded>> {
    Box::pin(async move { Ok(run_probes(&ctx, rows).await) })
}

/// Chooses the region the test runs in and points its calls there
/// ([`crate::region::choose`]): a split point like [`run_all`], in the probes' file.
#[cfg(feature = "split")]
#[allow(unsafe_code)] // the split point is an extern "C" import/export pair
#[leptos::wasm_split::wasm_split(
    probes,
    wasm_split_path = ::leptos::wasm_split,
    fallible,
    return_wrapper(let future = _; { future.await } -> Result<Option<Chosen>, NotLoaded>)
)]
pub fn choose_region(
    pinned: Option<String>,
    row: RwSignal<Option<Row>>,
) -> LocalBoxFuture<'static, Result<Option<Chosen>, NotLoaded>> {
    Box::pin(async move { Ok(crate::region::choose(pinned, row).await) })
}

/// Chooses the region the test runs in and points its calls there
/// ([`crate::region::choose`]).
#[cfg(not(feature = "split"))]
pub async fn choose_region(pinned: Option<String>, row: RwSignal<Option<Row>>) -> Result<Option<Chosen>, NotLoaded> {
    Ok(crate::region::choose(pinned, row).await)
}

/// Fetches the probes' code ahead of Start: nothing to fetch without `split`.
#[cfg(not(feature = "split"))]
pub async fn fetch_probes() -> Result<(), NotLoaded> {
    Ok(())
}

/// A run of every probe ([`run_probes`]).
#[cfg(not(feature = "split"))]
pub async fn run_all(ctx: ProbeContext, rows: Rows) -> Result<RunResults, NotLoaded> {
    Ok(run_probes(&ctx, rows).await)
}

/// Runs every probe in order (a probe marked `alongside_previous` together with the
/// one before it), updating the rows as they go.
async fn run_probes(ctx: &ProbeContext, rows: Rows) -> RunResults {
    let started = now_ms();
    ctx.started_ms.set(started);
    let mut groups: Vec<Vec<(&'static Probe, RwSignal<Row>)>> = Vec::new();
    for (probe, row) in rows.iter() {
        match groups.last_mut() {
            Some(group) if probe.alongside_previous => group.push((probe, row)),
            _ => groups.push(vec![(probe, row)]),
        }
    }
    for group in groups {
        join_all(group.into_iter().map(|(probe, row)| run_one(ctx, probe, row))).await;
    }
    ctx.results(now_ms() - started)
}

/// The colour of a probe's row once the verdict is known: the worst status among the
/// verdict lines it feeds; `None` when it fed none (not offered).
pub fn row_status(probe: &Probe, checks: &[Check]) -> Option<Status> {
    checks.iter().filter(|c| probe.checks.contains(&c.id)).map(|c| c.status).max()
}
