//! Acknowledged warnings: an advisory warning (never an error: Azure refuses those) the user has
//! read and accepts for this design. It stays listed (Review lists it as acknowledged, with a way
//! back) but no longer counts in the totals and the stepper. Kept in the design
//! ([`Design::acknowledged`]: `"CODE path"`, see [`key`]), so it stays acknowledged across
//! reloads, design files and share links; bounded by [`bounds::ACKNOWLEDGED`].

use super::bounds;
use super::finding::{Finding, Severity};
use super::model::Design;

/// Why a finding could not be acknowledged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AckError {
    /// Only warnings can be acknowledged.
    NotAWarning,
    /// The design holds [`bounds::ACKNOWLEDGED`]'s limit already.
    Full,
}

/// How an acknowledgement is kept: the rule code and the field path, separated by a space
/// (neither holds one).
pub fn key(code: &str, path: &str) -> String {
    format!("{code} {path}")
}

/// Whether `entry` (of [`Design::acknowledged`]) is the acknowledgement of `code` at `path`.
pub fn is_key(entry: &str, code: &str, path: &str) -> bool {
    entry
        .split_once(' ')
        .is_some_and(|(c, p)| c == code && p == path)
}

/// Whether the warning `code` at `path` is acknowledged in `d`.
pub fn is_acknowledged(d: &Design, code: &str, path: &str) -> bool {
    d.acknowledged.iter().any(|a| is_key(a, code, path))
}

/// Whether finding `f` counts as acknowledged: a warning the design acknowledges (an error
/// never does, even if the design file says so).
pub fn acknowledges(d: &Design, f: &Finding) -> bool {
    f.severity == Severity::Warning
        && !d.acknowledged.is_empty()
        && is_acknowledged(d, f.code, &f.path)
}

/// Whether the warning `f` can be acknowledged in `d`: whether it would be new.
pub fn can_acknowledge(d: &Design, f: &Finding) -> Result<bool, AckError> {
    if f.severity != Severity::Warning {
        return Err(AckError::NotAWarning);
    }
    if is_acknowledged(d, f.code, &f.path) {
        return Ok(false);
    }
    if d.acknowledged.len() >= bounds::ACKNOWLEDGED.limit {
        return Err(AckError::Full);
    }
    Ok(true)
}

/// Acknowledges the warning `f`; whether it was new.
pub fn acknowledge(d: &mut Design, f: &Finding) -> Result<bool, AckError> {
    let new = can_acknowledge(d, f)?;
    if new {
        d.acknowledged.push(key(f.code, &f.path));
    }
    Ok(new)
}

/// Takes back the acknowledgement of `code` at `path`; whether there was one.
pub fn unacknowledge(d: &mut Design, code: &str, path: &str) -> bool {
    let before = d.acknowledged.len();
    d.acknowledged.retain(|a| !is_key(a, code, path));
    before != d.acknowledged.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::io::parse_design;
    use crate::domain::view::view;

    fn errors_design() -> Design {
        parse_design(include_str!("../../tests/fixtures/errors.json")).unwrap()
    }

    fn first(d: &Design, sev: Severity) -> Finding {
        view(d)
            .findings
            .into_iter()
            .find(|f| f.severity == sev)
            .expect("a finding of that severity")
    }

    #[test]
    fn a_warning_acknowledged_stops_counting_and_comes_back_when_taken_back() {
        let mut d = errors_design();
        let before = view(&d);
        let w = first(&d, Severity::Warning);
        assert_eq!(acknowledge(&mut d, &w), Ok(true));
        assert_eq!(acknowledge(&mut d, &w), Ok(false), "once only");
        let after = view(&d);
        assert_eq!(after.counts.0, before.counts.0, "errors unchanged");
        assert_eq!(after.counts.1 + 1, before.counts.1, "one warning fewer");
        assert_eq!(after.acknowledged, 1);
        // Still listed: Review shows it as acknowledged.
        assert!(after
            .findings
            .iter()
            .any(|f| f.code == w.code && f.path == w.path));
        let step = crate::domain::view::step_of(&w.path);
        let sv = |v: &crate::domain::view::DesignView| {
            v.steps.iter().find(|s| s.step == step).unwrap().warnings
        };
        assert_eq!(sv(&after) + 1, sv(&before));
        assert!(unacknowledge(&mut d, w.code, &w.path));
        assert!(!unacknowledge(&mut d, w.code, &w.path));
        assert_eq!(view(&d).counts, before.counts);
        assert_eq!(view(&d).acknowledged, 0);
    }

    #[test]
    fn errors_are_never_acknowledged() {
        let mut d = errors_design();
        let e = first(&d, Severity::Error);
        let before = view(&d).counts;
        assert_eq!(acknowledge(&mut d, &e), Err(AckError::NotAWarning));
        // Not even when a hand-written file lists one.
        d.acknowledged.push(key(e.code, &e.path));
        assert_eq!(view(&d).counts, before);
        assert_eq!(view(&d).acknowledged, 0);
    }

    #[test]
    fn the_list_is_bounded_and_round_trips_in_the_design_file() {
        let mut d = errors_design();
        let w = first(&d, Severity::Warning);
        acknowledge(&mut d, &w).unwrap();
        let text = serde_json::to_string(&d).unwrap();
        assert!(
            text.contains(&format!("\"acknowledged\":[\"{} {}\"]", w.code, w.path)),
            "{text}"
        );
        let back = parse_design(&text).unwrap();
        assert_eq!(back.acknowledged, d.acknowledged);
        // Omitted when empty: designs without acknowledgements are written as before.
        let plain = serde_json::to_string(&errors_design()).unwrap();
        assert!(!plain.contains("acknowledged"));

        d.acknowledged = (0..bounds::ACKNOWLEDGED.limit)
            .map(|i| key("ER-X-000", &format!("p{i}")))
            .collect();
        assert_eq!(acknowledge(&mut d, &w), Err(AckError::Full));
        // A file over the limit is refused before it is built.
        d.acknowledged.push(String::new());
        let over = serde_json::to_string(&d).unwrap();
        let err = parse_design(&over).unwrap_err().to_string();
        assert!(err.contains("acknowledged"), "{err}");
    }
}
