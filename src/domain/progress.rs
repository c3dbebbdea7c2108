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
}
