//! When the design is checked and drawn again after an edit.
//!
//! A usual design is validated and laid out in a few milliseconds, well inside a keystroke's
//! budget: it is checked again on every edit, before the browser paints. A design near the
//! element limits (hundreds of circuits, thousands of connections) takes far longer, and doing
//! that on every key would make typing stall. When the design has more than [`SMALL`] elements
//! ([`Design::elements`]) and the last check took longer than [`SLOW_MS`], an edit only marks
//! the findings as being checked ([`Check::checking`], shown beside the header's totals) and the
//! check runs once typing has paused for [`PAUSE_MS`]; the findings and the diagram shown
//! meanwhile are those of the last check.

use super::deadline::Deadline;
use crate::domain::model::Design;
use leptos::prelude::*;

/// A check (validation and layout) slower than this, in milliseconds, is deferred to a pause.
pub const SLOW_MS: f64 = 8.0;
/// A design with at most this many elements is checked on every edit, however long the check
/// took (a busy or throttled machine does not change how a usual design behaves).
pub const SMALL: usize = 1_000;

/// The pause in typing, in milliseconds, after which a deferred check runs.
pub const PAUSE_MS: u64 = 300;

thread_local! {
    /// The threshold new clocks start with ([`set_default_threshold`]).
    static DEFAULT_MS: std::cell::Cell<f64> = const { std::cell::Cell::new(SLOW_MS) };
}

/// Sets the threshold of the clocks created from now on (tests of the deferral on a small design
/// mount the whole app with a negative one: every check after the first deferred).
pub fn set_default_threshold(ms: f64) {
    DEFAULT_MS.with(|d| d.set(ms));
}

/// The check's clock: what the view model and the diagram's scene track instead of the design.
#[derive(Clone, Copy)]
pub struct Check {
    /// Notified when the design is to be checked again.
    settled: Trigger,
    /// Set while an edit's check is deferred.
    pub checking: RwSignal<bool>,
    /// How long the last validation and the last layout took (ms).
    cost: StoredValue<(f64, f64)>,
    /// The deferred check, while one waits.
    deferred: Deadline,
    /// The threshold: [`SLOW_MS`] unless set otherwise.
    slow_ms: StoredValue<f64>,
    /// Whether the design has more than [`SMALL`] elements (as of the last edit).
    big: StoredValue<bool>,
}

/// Milliseconds from the page's time origin (0 where there is no clock).
pub fn now() -> f64 {
    window().performance().map_or(0.0, |p| p.now())
}

impl Check {
    /// A clock that checks every edit of `design` at once until a check proves slow.
    pub fn new(design: RwSignal<Design>) -> Check {
        let check = Check {
            settled: Trigger::new(),
            checking: RwSignal::new(false),
            cost: StoredValue::new((0.0, 0.0)),
            deferred: Deadline::default(),
            slow_ms: StoredValue::new(DEFAULT_MS.with(std::cell::Cell::get)),
            big: StoredValue::new(design.with_untracked(Design::elements) > SMALL),
        };
        Effect::new(move |first: Option<()>| {
            let big = design.with(Design::elements) > SMALL;
            check.big.set_value(big);
            if first.is_some() {
                check.edited();
            }
        });
        check
    }

    /// Tracks what a check follows: the design itself while checks are quick (so a read right
    /// after an edit sees it, as a memo of the design would), else the clock (the caller runs
    /// again when the deferred check is due).
    pub fn follow(self, design: RwSignal<Design>) {
        if self.slow() {
            self.settled.track();
        } else {
            design.track();
        }
    }

    /// Runs `f` (the validation, `layout` false, or the layout), timing it while the design is
    /// big enough for its time to matter ([`SMALL`]; a small design's checks always follow the
    /// design, so timing them would cost two calls into the browser for nothing).
    pub fn timed<R>(self, layout: bool, f: impl FnOnce() -> R) -> R {
        if !self.big.get_value() && self.slow_ms.get_value() >= 0.0 {
            return f();
        }
        let t0 = now();
        let r = f();
        let ms = now() - t0;
        self.cost.update_value(|c| {
            if layout {
                c.1 = ms;
            } else {
                c.0 = ms;
            }
        });
        r
    }

    /// Whether checking an edit is slow enough to be deferred: a big design whose last check
    /// took longer than the threshold.
    pub fn slow(self) -> bool {
        let threshold = self.slow_ms.get_value();
        threshold < 0.0
            || (self.big.get_value() && self.cost.with_value(|(v, l)| v + l) > threshold)
    }

    /// Sets the threshold above which a check is deferred (a negative one defers every check
    /// after the first, whatever the design's size: what the tests of the deferral use on a
    /// small design).
    pub fn set_threshold(self, ms: f64) {
        self.slow_ms.set_value(ms);
    }

    /// An edit: while checks are quick, the view follows the design by itself; else the check
    /// waits for the next pause.
    fn edited(self) {
        if !self.slow() {
            // The view may still follow the clock (the check before this one was slow).
            self.deferred.cancel();
            self.run();
            return;
        }
        if !self.checking.get_untracked() {
            self.checking.set(true);
        }
        self.deferred.push(PAUSE_MS, move || self.run());
    }

    /// Checks the design now: the view memo and the scene that follow the clock run again.
    fn run(self) {
        if self.checking.try_get_untracked() == Some(true) {
            self.checking.try_set(false);
        }
        self.settled.notify();
    }

    /// Runs the deferred check now, if one is waiting (the user asked for the findings: Next,
    /// the findings list).
    pub fn flush(self) {
        if self.deferred.cancel() {
            self.run();
        }
    }
}
