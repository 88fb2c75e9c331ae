//! Whether the page's tab was hidden: browsers slow the timers of background tabs
//! (to one wake-up a second or less), so a measurement paced by timers while the
//! tab was hidden is not the network's.

use std::cell::Cell;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

thread_local! {
    /// Times the tab went into the background since [`watch`].
    static HIDDEN_TIMES: Cell<u32> = const { Cell::new(0) };
    static WATCHING: Cell<bool> = const { Cell::new(false) };
}

fn hidden_now() -> bool {
    super::window().document().is_some_and(|d| d.hidden())
}

/// Starts counting the times the tab is hidden (once per page).
pub fn watch() {
    if WATCHING.with(|w| w.replace(true)) {
        return;
    }
    let Some(document) = super::window().document() else { return };
    let on_change = Closure::<dyn Fn()>::new(|| {
        if hidden_now() {
            HIDDEN_TIMES.with(|n| n.set(n.get() + 1));
        }
    });
    let _ = document.add_event_listener_with_callback("visibilitychange", on_change.as_ref().unchecked_ref());
    // Listens for the page's whole life.
    on_change.forget();
}

/// Where the count stood when a measurement began.
#[derive(Clone, Copy, Debug)]
pub struct Mark {
    times: u32,
    hidden: bool,
}

pub fn mark() -> Mark {
    Mark { times: HIDDEN_TIMES.with(Cell::get), hidden: hidden_now() }
}

impl Mark {
    /// The tab was hidden at some moment since the mark (or is now).
    pub fn hidden_since(self) -> bool {
        self.hidden || hidden_now() || HIDDEN_TIMES.with(Cell::get) != self.times
    }
}
