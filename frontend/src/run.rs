//! Running a test: every probe of the registry in order, each with its row, then the
//! verdict. The page (`pages/test.rs`) only shows what this produces.

use callready_common::probes::RunResults;
use callready_common::verdict::{Check, Status};
use futures::future::join_all;
use leptos::prelude::*;

use crate::browser::time::now_ms;
use crate::browser::visibility;
use crate::i18n::t;
use crate::probes::{Outcome, Probe, ProbeContext, REGISTRY};

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
    let outcome = (probe.run)(ctx, &progress).await;
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

/// Runs every probe in order (a probe marked `alongside_previous` together with the
/// one before it), updating the rows as they go.
pub async fn run_probes(ctx: &ProbeContext, rows: Rows) -> RunResults {
    let started = now_ms();
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
