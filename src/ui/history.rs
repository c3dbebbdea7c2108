//! Undo/redo history of design snapshots: bounded, with quick successive edits of one field
//! coalesced into a single step.

/// Most steps kept; the oldest are dropped first.
pub const LIMIT: usize = 100;
/// Edits of the same field closer than this (milliseconds) form one step.
pub const COALESCE_MS: f64 = 500.0;

/// One undoable step: the state to go back to and what the change was.
#[derive(Debug, Clone, PartialEq)]
struct Step<T> {
    state: T,
    label: String,
}

/// Snapshots before each change (`past`) and after each undo (`future`).
#[derive(Debug, Clone, PartialEq)]
pub struct History<T> {
    past: Vec<Step<T>>,
    future: Vec<Step<T>>,
    last_key: Option<String>,
    last_at: f64,
}

impl<T> Default for History<T> {
    fn default() -> Self {
        History {
            past: Vec::new(),
            future: Vec::new(),
            last_key: None,
            last_at: f64::NEG_INFINITY,
        }
    }
}

impl<T> History<T> {
    /// Records a change made at `now` (ms) from the state `before`. `key` names what was edited
    /// (a field id); a change of the same key within [`COALESCE_MS`] of the previous one joins its
    /// step. A new change clears the redo steps.
    pub fn record(&mut self, before: T, key: Option<&str>, label: &str, now: f64) {
        if !self.joins(key, now) {
            self.past.push(Step {
                state: before,
                label: label.to_string(),
            });
            if self.past.len() > LIMIT {
                self.past.remove(0);
            }
        }
        self.future.clear();
        self.last_key = key.map(str::to_string);
        self.last_at = now;
    }

    /// A change at `now` that joins the last step ([`History::joins`] holds): what
    /// [`History::record`] does then, without the state before it.
    pub fn extend(&mut self, now: f64) {
        self.future.clear();
        self.last_at = now;
    }

    /// Whether a change of `key` at `now` would join the last step (see [`History::record`]),
    /// whose label then stays.
    pub fn joins(&self, key: Option<&str>, now: f64) -> bool {
        let same = key.is_some() && key == self.last_key.as_deref();
        same && !self.past.is_empty() && now - self.last_at < COALESCE_MS
    }

    /// Goes back one step from `current`: the state to restore and the step's label.
    pub fn undo(&mut self, current: T) -> Option<(T, String)> {
        let back = shift(&mut self.past, &mut self.future, current)?;
        self.last_key = None;
        Some(back)
    }

    /// Re-applies the last undone step from `current`.
    pub fn redo(&mut self, current: T) -> Option<(T, String)> {
        let again = shift(&mut self.future, &mut self.past, current)?;
        self.last_key = None;
        Some(again)
    }

    /// Forgets every step (another design was opened).
    pub fn clear(&mut self) {
        *self = History::default();
    }

    /// Whether there is a step to undo.
    pub fn can_undo(&self) -> bool {
        !self.past.is_empty()
    }

    /// Whether there is a step to redo.
    pub fn can_redo(&self) -> bool {
        !self.future.is_empty()
    }

    /// Number of undo steps.
    pub fn len(&self) -> usize {
        self.past.len()
    }

    /// True when there is nothing to undo.
    pub fn is_empty(&self) -> bool {
        self.past.is_empty()
    }
}

/// Moves the last step of `from` to `to`, leaving `current` in its place: the step's state and
/// label, or `None` when `from` is empty.
fn shift<T>(from: &mut Vec<Step<T>>, to: &mut Vec<Step<T>>, current: T) -> Option<(T, String)> {
    let step = from.pop()?;
    to.push(Step {
        state: current,
        label: step.label.clone(),
    });
    Some((step.state, step.label))
}
