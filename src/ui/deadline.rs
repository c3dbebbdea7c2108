//! A deadline that later calls move on: what the debounced save and the deferred check share.
//! One timer at a time: a call while one is armed only moves the due time, and the timer, when
//! it fires early, arms itself again for what is left (no timer is cleared and set per key).

use leptos::prelude::*;

/// Runs a task once, a given time after the last [`Deadline::push`].
#[derive(Clone, Copy)]
pub struct Deadline {
    /// When the task is due (ms since the epoch), while one is.
    due: StoredValue<Option<f64>>,
    /// The armed timer.
    timer: StoredValue<Option<TimeoutHandle>>,
}

impl Default for Deadline {
    fn default() -> Self {
        Deadline {
            due: StoredValue::new(None),
            timer: StoredValue::new(None),
        }
    }
}

impl Deadline {
    /// Makes `task` due `ms` from now (replacing the task and due time of an earlier call).
    pub fn push(self, ms: u64, task: impl Fn() + Copy + 'static) {
        self.due.set_value(Some(js_sys::Date::now() + ms as f64));
        if self.timer.get_value().is_none() {
            self.arm(ms, task);
        }
    }

    fn arm(self, ms: u64, task: impl Fn() + Copy + 'static) {
        let handle = set_timeout_with_handle(
            move || {
                self.timer.try_set_value(None);
                let Some(Some(due)) = self.due.try_get_value() else {
                    return;
                };
                let left = due - js_sys::Date::now();
                if left > 0.0 {
                    self.arm(left.ceil() as u64, task);
                } else {
                    self.due.set_value(None);
                    task();
                }
            },
            std::time::Duration::from_millis(ms),
        );
        match handle {
            Ok(h) => self.timer.set_value(Some(h)),
            // No timer to be had: the task runs now.
            Err(_) => {
                self.due.set_value(None);
                task();
            }
        }
    }

    /// Drops the due task; whether there was one.
    pub fn cancel(self) -> bool {
        if let Some(h) = self.timer.try_get_value().flatten() {
            h.clear();
            self.timer.try_set_value(None);
        }
        self.due
            .try_update_value(|d| d.take().is_some())
            .unwrap_or(false)
    }
}
