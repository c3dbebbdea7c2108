//! What the user has been through in a design, and so what the wizard shows of its findings:
//! validation like the Azure portal's. The design is always validated in full (and `erwiz check`
//! is not gated); a field shows its findings once it has been touched, or once Next was pressed
//! on its step, or once Review was opened. The stepper's ✓ means the step was visited and has no
//! error; Review shows ✕ while any error remains.

use super::finding::Severity;
use super::model::Design;
use super::view::{field_id, started, step_of, DesignView, Step, StepStatus};

/// Steps visited and revealed, and the fields touched, in one design.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Progress {
    /// Steps opened, one bit per [`Step::ALL`] index.
    visited: u16,
    /// Steps whose findings are all shown (Next pressed there, or Review opened).
    revealed: u16,
    /// DOM ids ([`field_id`]) of the controls edited.
    touched: Vec<String>,
}

fn bit(step: Step) -> u16 {
    let i = Step::ALL.iter().position(|s| *s == step).unwrap_or(0);
    1 << i
}

/// Whether `a` is `b` or a part of it in DOM id terms (`f-x-0-name` is part of `f-x-0`; a radio
/// option `f-x-0-sku-Premium` is part of its fieldset `f-x-0-sku`).
fn within(a: &str, b: &str) -> bool {
    a.strip_prefix(b)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('-'))
}

/// Whether a design is blank: nothing but its name differs from a new design.
pub fn is_blank(d: &Design) -> bool {
    let blank = Design {
        name: d.name.clone(),
        ..Design::default()
    };
    *d == blank
}

impl Progress {
    /// The progress a design opens with. A blank (new) design shows nothing until it is edited;
    /// a design with content (stored, imported, shared) was edited before: all its findings are
    /// shown, and the steps it has content in count as visited.
    pub fn opened(d: &Design) -> Progress {
        if is_blank(d) {
            return Progress::default();
        }
        let mut p = Progress::all();
        p.visited = 0;
        for s in Step::ALL {
            if s != Step::Review && started(d, s) {
                p.visited |= bit(s);
            }
        }
        p
    }

    /// Every step visited and every finding shown (tools and tests that mount parts of the UI).
    pub fn all() -> Progress {
        Progress {
            visited: u16::MAX,
            revealed: u16::MAX,
            touched: Vec::new(),
        }
    }

    /// Records that `step` was opened; whether that changed anything.
    pub fn visit(&mut self, step: Step) -> bool {
        let before = self.visited;
        self.visited |= bit(step);
        if step == Step::Review {
            self.revealed = u16::MAX;
        }
        before != self.visited
    }

    /// Shows every finding of `step` (Next pressed there).
    pub fn reveal(&mut self, step: Step) {
        self.revealed |= bit(step);
    }

    /// Records an edit of the control with DOM id `id`; whether it was new.
    pub fn touch(&mut self, id: &str) -> bool {
        if self.touched(id) {
            return false;
        }
        self.touched.push(id.to_string());
        true
    }

    /// Whether the control with DOM id `id` was edited.
    pub fn touched(&self, id: &str) -> bool {
        self.touched.iter().any(|t| t == id)
    }

    /// Whether `step` was opened.
    pub fn visited(&self, step: Step) -> bool {
        self.visited & bit(step) != 0
    }

    /// Whether nothing has been edited or revealed yet (a new design as it opened).
    pub fn pristine(&self) -> bool {
        self.revealed == 0 && self.touched.is_empty()
    }

    /// Whether a finding at `path` is shown.
    pub fn shows(&self, path: &str) -> bool {
        if self.revealed & bit(step_of(path)) != 0 {
            return true;
        }
        if self.touched.is_empty() {
            return false;
        }
        let id = field_id(path);
        self.touched
            .iter()
            .any(|t| within(t, &id) || within(&id, t))
    }

    /// The status the stepper shows for `step`: ✕ when one of its errors is shown (for Review:
    /// when any error remains and Review was opened), ○ until it is visited and while it has
    /// errors not shown yet, then warnings (!) or ✓.
    pub fn status(&self, v: &DesignView, step: Step) -> StepStatus {
        let Some(sv) = v.steps.iter().find(|s| s.step == step) else {
            return StepStatus::NotStarted;
        };
        if step == Step::Review {
            return match (self.visited(step), v.counts) {
                (false, _) => StepStatus::NotStarted,
                (true, (e, _, _)) if e > 0 => StepStatus::Errors,
                (true, (_, w, _)) if w > 0 => StepStatus::Warnings,
                _ => StepStatus::Complete,
            };
        }
        let shown_error = sv.errors > 0
            && v.findings.iter().any(|f| {
                f.severity == Severity::Error && step_of(&f.path) == step && self.shows(&f.path)
            });
        if shown_error {
            StepStatus::Errors
        } else if !self.visited(step) || sv.errors > 0 {
            StepStatus::NotStarted
        } else {
            sv.status
        }
    }
}

/// Where the user was in one design, kept across reloads: the open step, the selected circuit
/// and the [`Progress`] (so a reload neither hides nor shows findings it did not before).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// The open step.
    pub step: Step,
    /// The selected circuit (an index; clamped to the design's circuits when used).
    pub circuit: usize,
    /// Steps visited and revealed, fields touched.
    pub progress: Progress,
}

/// The most designs whose [`Place`] is kept (the least recently used is dropped first).
pub const MAX_PLACES: usize = 100;
/// The most touched controls kept per design (later ones are not recorded: their fields show
/// their findings in the tab, and after a reload once their step is revealed).
pub const MAX_TOUCHED: usize = 2_000;
/// The longest control id kept (longer ones are not DOM ids the wizard makes).
pub const MAX_ID_CHARS: usize = 200;
/// The longest stored text read; longer text is ignored.
pub const MAX_STORE_CHARS: usize = 2_000_000;

/// First line of the stored text (name and version of the format).
const STORE_HEAD: &str = "erwiz-places 1";

/// The places of the designs in a library: its own storage key, read tolerantly (text that
/// cannot be read is ignored, and so is a line that cannot: that design then opens as if first
/// opened) and bounded ([`MAX_PLACES`], [`MAX_TOUCHED`], [`MAX_ID_CHARS`], [`MAX_STORE_CHARS`]).
///
/// The text is one line per design after the head line [`STORE_HEAD`], fields separated by
/// tabs: design id, step slug, circuit, visited bits, revealed bits, time written (ms since the
/// epoch), touched control ids separated by spaces. (Design ids and the wizard's DOM ids hold
/// neither tabs, spaces nor line breaks; a line holding one in the wrong place is left out.) A
/// line format, not JSON: it needs no parser code in the page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PlaceStore {
    /// Design id, time written, place; the most recently written last.
    entries: Vec<(String, f64, Place)>,
}

/// Whether `s` can be written in a field of the stored text.
fn plain(s: &str) -> bool {
    !s.is_empty() && s.chars().count() <= MAX_ID_CHARS && !s.contains(['\t', ' ', '\n', '\r'])
}

/// One stored line, or `None` when it cannot be read.
fn parse_line(line: &str) -> Option<(String, f64, Place)> {
    let mut f = line.split('\t');
    let id = f.next().filter(|id| plain(id))?;
    let step = f.next()?;
    let step = Step::ALL.into_iter().find(|s| s.slug() == step)?;
    let circuit: usize = f.next()?.parse().ok()?;
    let visited: u16 = f.next()?.parse().ok()?;
    let revealed: u16 = f.next()?.parse().ok()?;
    // Whole milliseconds (no float parsing code).
    let at = f.next()?.parse::<u64>().ok()? as f64;
    let touched = f.next()?;
    if f.next().is_some() {
        return None;
    }
    let mut place = Place {
        step,
        circuit,
        progress: Progress {
            visited,
            revealed,
            touched: Vec::new(),
        },
    };
    for t in touched.split(' ').filter(|t| !t.is_empty()) {
        keep_touched(&mut place.progress, t.to_string());
    }
    Some((id.to_string(), at, place))
}

impl PlaceStore {
    /// Reads the stored text. Never fails: what cannot be read is left out.
    pub fn parse(text: &str) -> PlaceStore {
        let mut store = PlaceStore::default();
        if text.len() > MAX_STORE_CHARS {
            return store;
        }
        let mut lines = text.lines();
        if lines.next() != Some(STORE_HEAD) {
            return store;
        }
        for line in lines {
            if let Some(e) = parse_line(line) {
                if store.get(&e.0).is_none() {
                    store.entries.push(e);
                }
            }
        }
        store.entries.sort_by(|a, b| a.1.total_cmp(&b.1));
        store.trim();
        store
    }

    /// The text to store.
    pub fn to_text(&self) -> String {
        let mut out = String::from(STORE_HEAD);
        for (id, at, p) in &self.entries {
            out.push('\n');
            out.push_str(&format!(
                "{id}\t{}\t{}\t{}\t{}\t{}\t{}",
                p.step.slug(),
                p.circuit,
                p.progress.visited,
                p.progress.revealed,
                // Whole milliseconds: no float formatting code.
                at.clamp(0.0, 9e15) as u64,
                p.progress.touched.join(" ")
            ));
        }
        out
    }

    /// The place of design `id`.
    pub fn get(&self, id: &str) -> Option<&Place> {
        self.entries.iter().find(|e| e.0 == id).map(|e| &e.2)
    }

    /// Records design `id`'s place at time `now`, dropping the oldest places past [`MAX_PLACES`]
    /// and touched controls past [`MAX_TOUCHED`]. Whether anything changed.
    pub fn put(&mut self, id: &str, now: f64, place: &Place) -> bool {
        if !plain(id) {
            return false;
        }
        let now = now.clamp(0.0, 9e15).trunc();
        if self.get(id) == Some(place) {
            return false;
        }
        self.entries.retain(|e| e.0 != id);
        let mut kept = Place {
            step: place.step,
            circuit: place.circuit,
            progress: Progress {
                touched: Vec::new(),
                ..place.progress.clone()
            },
        };
        for t in &place.progress.touched {
            keep_touched(&mut kept.progress, t.clone());
        }
        self.entries.push((id.to_string(), now, kept));
        self.trim();
        true
    }

    /// Forgets design `id` (deleted for good).
    pub fn remove(&mut self, id: &str) {
        self.entries.retain(|e| e.0 != id);
    }

    /// How many designs have a place.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether no design has a place.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    fn trim(&mut self) {
        let over = self.entries.len().saturating_sub(MAX_PLACES);
        self.entries.drain(..over);
    }
}

/// Adds a touched control id within the bounds.
fn keep_touched(p: &mut Progress, id: String) {
    if p.touched.len() < MAX_TOUCHED && plain(&id) && !p.touched(&id) {
        p.touched.push(id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::io::parse_design;
    use crate::domain::view::view;

    #[test]
    fn a_new_design_shows_nothing_and_no_step_is_done() {
        let d = Design::default();
        let v = view(&d);
        assert!(v.counts.0 > 0, "a new design has errors to fill in");
        let mut p = Progress::opened(&d);
        assert!(p.pristine());
        for f in &v.findings {
            assert!(!p.shows(&f.path), "{} shown on a new design", f.path);
        }
        p.visit(Step::Basics);
        for step in Step::ALL {
            assert_eq!(p.status(&v, step), StepStatus::NotStarted, "{step:?}");
        }
    }

    #[test]
    fn a_touched_field_shows_its_findings_and_only_its_own() {
        let mut d = Design::default();
        d.circuits[0].name = "bad name!".into();
        let v = view(&d);
        let mut p = Progress::default();
        p.visit(Step::Basics);
        assert!(p.touch("f-circuits-0-name"));
        assert!(!p.touch("f-circuits-0-name"));
        assert!(!p.pristine());
        assert!(p.shows("circuits[0].name"));
        assert!(!p.shows("circuits[0].region"));
        assert!(!p.shows("circuits[1].name"));
        assert!(!p.shows("resourceGroup"));
        // A radio option's id is part of its fieldset's.
        p.touch("f-circuits-0-skuTier-Premium");
        assert!(p.shows("circuits[0].skuTier"));
        // A list item's fields are part of the list.
        p.touch("f-onPremRoutes-2");
        assert!(p.shows("onPremRoutes"));
        assert!(!p.shows("onPremRoutes[12]"));
        assert_eq!(p.status(&v, Step::Basics), StepStatus::Errors);
    }

    #[test]
    fn next_reveals_a_step_and_review_reveals_all() {
        let d = Design::default();
        let v = view(&d);
        let mut p = Progress::default();
        p.visit(Step::Basics);
        p.reveal(Step::Basics);
        assert!(p.shows("resourceGroup"));
        assert!(!p.shows("circuits[0].provider"));
        assert_eq!(p.status(&v, Step::Basics), StepStatus::Errors);
        assert_eq!(p.status(&v, Step::Configuration), StepStatus::NotStarted);
        p.visit(Step::Review);
        assert!(p.shows("circuits[0].provider"));
        assert_eq!(p.status(&v, Step::Configuration), StepStatus::Errors);
        assert_eq!(p.status(&v, Step::Review), StepStatus::Errors);
        // Provider status was never opened: not ✓ even though it has nothing to fix.
        assert_eq!(p.status(&v, Step::ProviderStatus), StepStatus::NotStarted);
        p.visit(Step::ProviderStatus);
        assert_ne!(p.status(&v, Step::ProviderStatus), StepStatus::NotStarted);
    }

    #[test]
    fn a_visited_step_with_hidden_errors_is_not_done() {
        let d = Design::default();
        let v = view(&d);
        let mut p = Progress::default();
        p.visit(Step::Basics);
        assert!(v.steps[0].errors > 0);
        assert_eq!(p.status(&v, Step::Basics), StepStatus::NotStarted);
    }

    #[test]
    fn review_is_done_only_without_errors() {
        let d = parse_design(include_str!("../../tests/fixtures/seed.json")).unwrap();
        let v = view(&d);
        let mut p = Progress::opened(&d);
        assert!(!p.pristine());
        assert!(p.visited(Step::Basics));
        assert_eq!(p.status(&v, Step::Review), StepStatus::NotStarted);
        p.visit(Step::Review);
        let want = match v.counts {
            (0, 0, _) => StepStatus::Complete,
            (0, _, _) => StepStatus::Warnings,
            _ => StepStatus::Errors,
        };
        assert_eq!(p.status(&v, Step::Review), want);
        let e = parse_design(include_str!("../../tests/fixtures/errors.json")).unwrap();
        let ve = view(&e);
        assert!(ve.counts.0 > 0);
        assert_eq!(p.status(&ve, Step::Review), StepStatus::Errors);
    }

    #[test]
    fn a_design_with_content_opens_with_its_findings_shown() {
        let e = parse_design(include_str!("../../tests/fixtures/errors.json")).unwrap();
        let v = view(&e);
        let p = Progress::opened(&e);
        for f in &v.findings {
            assert!(p.shows(&f.path), "{}", f.path);
        }
        let mut named = Design {
            name: "Another name".into(),
            ..Design::default()
        };
        assert!(is_blank(&named));
        named.resource_group = "rg".into();
        assert!(!is_blank(&named));
    }

    fn place(step: Step, touched: &[&str]) -> Place {
        let mut progress = Progress::default();
        progress.visit(Step::Basics);
        progress.visit(step);
        progress.reveal(Step::Basics);
        for t in touched {
            progress.touch(t);
        }
        Place {
            step,
            circuit: 1,
            progress,
        }
    }

    #[test]
    fn a_place_round_trips_through_the_stored_text() {
        let mut store = PlaceStore::default();
        let a = place(Step::Gateway, &["f-resourceGroup", "f-circuits-1-name"]);
        assert!(store.put("main", 1.0, &a));
        assert!(
            !store.put("main", 2.0, &a),
            "the same place again changes nothing"
        );
        let b = place(Step::Review, &[]);
        store.put("x1", 3.0, &b);
        let back = PlaceStore::parse(&store.to_text());
        assert_eq!(back, store);
        assert_eq!(back.get("main"), Some(&a));
        assert_eq!(back.get("x1").map(|p| p.step), Some(Step::Review));
        assert_eq!(back.get("nope"), None);
        // What the wizard shows is the same after the round trip.
        let p = &back.get("main").unwrap().progress;
        assert!(p.shows("circuits[1].name"));
        assert!(p.shows("resourceGroup"));
        assert!(!p.shows("circuits[0].provider"));
        assert!(p.visited(Step::Gateway));
        assert!(!p.visited(Step::Connection));
    }

    #[test]
    fn corrupt_stored_text_is_ignored_and_never_panics() {
        let good = {
            let mut s = PlaceStore::default();
            s.put("main", 1.0, &place(Step::Gateway, &["f-resourceGroup"]));
            s.to_text()
        };
        for bad in [
            "",
            "null",
            "{\"version\":1}",
            "erwiz-places 2\nmain\tbasics\t0\t1\t0\t5\t",
            "erwiz-places 1\nmain\tnowhere\t0\t1\t0\t5\t",
            "erwiz-places 1\nmain\tbasics\t-1\t1\t0\t5\t",
            "erwiz-places 1\nmain\tbasics\t0\t70000\t0\t5\t",
            "erwiz-places 1\nmain\tbasics\t0\t1\t0\tNaN\t",
            "erwiz-places 1\nmain\tbasics\t0\t1\t0\t5",
            "erwiz-places 1\nmain\tbasics\t0\t1\t0\t5\tf-a\textra",
            "erwiz-places 1\n\tbasics\t0\t1\t0\t5\t",
        ] {
            assert!(PlaceStore::parse(bad).is_empty(), "{bad:?}");
        }
        // A line that cannot be read (a step this version does not know) is left out; the
        // others stay.
        let mixed = good.replacen('\n', "\nlater\ta-later-step\t0\t1\t0\t5\t\n", 1);
        let store = PlaceStore::parse(&mixed);
        assert_eq!(store.len(), 1);
        assert_eq!(store.get("main").map(|p| p.step), Some(Step::Gateway));
        // Text past the limit is not even parsed.
        let huge = format!("{good}{}", " ".repeat(MAX_STORE_CHARS));
        assert!(PlaceStore::parse(&huge).is_empty());
    }

    #[test]
    fn the_store_is_bounded() {
        let mut store = PlaceStore::default();
        for i in 0..MAX_PLACES + 5 {
            store.put(&format!("d{i}"), i as f64, &place(Step::Basics, &[]));
        }
        assert_eq!(store.len(), MAX_PLACES);
        assert!(store.get("d0").is_none(), "the oldest place is dropped");
        assert!(store.get(&format!("d{}", MAX_PLACES + 4)).is_some());
        // Writing an old design again makes it the newest.
        store.put("d10", 1e9, &place(Step::Review, &[]));
        for i in 0..10 {
            store.put(&format!("n{i}"), 2e9 + i as f64, &place(Step::Basics, &[]));
        }
        assert!(store.get("d10").is_some());
        store.remove("d10");
        assert!(store.get("d10").is_none());

        let many: Vec<String> = (0..MAX_TOUCHED + 10).map(|i| format!("f-x-{i}")).collect();
        let refs: Vec<&str> = many.iter().map(String::as_str).collect();
        let mut big = place(Step::Basics, &refs);
        big.progress
            .touch(&format!("f-{}", "y".repeat(MAX_ID_CHARS)));
        store.put("big", 3e9, &big);
        let kept = &store.get("big").unwrap().progress;
        assert_eq!(kept.touched.len(), MAX_TOUCHED);
        assert!(!store.put(&"z".repeat(MAX_ID_CHARS + 1), 4e9, &big));
        assert!(!store.put("with space", 4e9, &big));
        assert!(!store.put("with\ttab", 4e9, &big));
        let back = PlaceStore::parse(&store.to_text());
        assert_eq!(
            back.get("big").map(|p| p.progress.touched.len()),
            Some(MAX_TOUCHED)
        );
    }
}
