//! The real-world corpus: every case of `tests/corpus/cases.json` is run through the real `erwiz`
//! binary (`check FILE --format json`, with `--parameters FILE` where the case gives one).
//!
//! The cases are inputs in the shapes real users feed the checker (ARM templates as Bicep
//! compiles them, module-style templates with parameters files, `az` output, exported templates,
//! design JSON), written for this project. Each names the errors Azure really raises for it
//! (`expect_errors`, usually none) and those that must be found (`require_errors`, for inputs
//! Azure refuses), with the public source that shows it. The test fails on any error finding a
//! case does not name (a false error: the worst defect the checker can have), on any required
//! error that is missing, and on any input the binary cannot read. One line per case is printed
//! (`cargo test --test corpus -- --nocapture` shows them).

#![cfg(not(target_arch = "wasm32"))]

use serde::Deserialize;
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

const ERWIZ: &str = env!("CARGO_BIN_EXE_erwiz");

/// The manifest, `tests/corpus/cases.json`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Manifest {
    #[allow(dead_code)]
    about: String,
    cases: Vec<Case>,
}

/// One corpus case.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    file: String,
    #[serde(default)]
    parameters: Option<String>,
    expect_errors: Vec<String>,
    require_errors: Vec<String>,
    source: String,
    note: String,
}

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus")
}

fn manifest() -> Manifest {
    let path = corpus_dir().join("cases.json");
    let text = std::fs::read_to_string(&path).expect("tests/corpus/cases.json is readable");
    serde_json::from_str(&text).expect("tests/corpus/cases.json is a valid manifest")
}

/// What one run of `erwiz check` gave.
struct Outcome {
    /// Error codes found, each once.
    errors: BTreeSet<String>,
    warnings: usize,
    infos: usize,
}

/// Runs the binary on one case; `Err` when it could not read the input or its output is not the
/// documented JSON.
fn run(case: &Case) -> Result<Outcome, String> {
    let dir = corpus_dir();
    let mut cmd = Command::new(ERWIZ);
    cmd.arg("check").arg(dir.join(&case.file));
    if let Some(p) = &case.parameters {
        cmd.arg("--parameters").arg(dir.join(p));
    }
    let out = cmd
        .args(["--format", "json"])
        .env_remove("ERWIZ_REPORT_PEAK_MEMORY")
        .output()
        .map_err(|e| format!("erwiz did not run: {e}"))?;
    let stderr = String::from_utf8_lossy(&out.stderr);
    let code = out.status.code();
    if code != Some(0) && code != Some(1) {
        return Err(format!("exit status {code:?}: {}", stderr.trim()));
    }
    let json: Value = serde_json::from_slice(&out.stdout)
        .map_err(|e| format!("stdout is not JSON ({e}); stderr: {}", stderr.trim()))?;
    let findings = json
        .get("findings")
        .and_then(Value::as_array)
        .ok_or("stdout has no findings array")?;
    let mut outcome = Outcome {
        errors: BTreeSet::new(),
        warnings: 0,
        infos: 0,
    };
    for f in findings {
        let code = f.get("code").and_then(Value::as_str).unwrap_or_default();
        match f.get("severity").and_then(Value::as_str) {
            Some("error") => {
                outcome.errors.insert(code.to_string());
            }
            Some("warning") => outcome.warnings += 1,
            Some("info") => outcome.infos += 1,
            other => return Err(format!("finding {code} has severity {other:?}")),
        }
    }
    let want_exit = if outcome.errors.is_empty() { 0 } else { 1 };
    if code != Some(want_exit) {
        return Err(format!(
            "exit status {code:?} but {} error code(s) found",
            outcome.errors.len()
        ));
    }
    Ok(outcome)
}

fn list(codes: &BTreeSet<String>) -> String {
    codes.iter().cloned().collect::<Vec<_>>().join(", ")
}

/// The manifest itself: unique names, files that exist, every file of the corpus used, a public
/// source and a note for each case, required errors also expected.
#[test]
fn corpus_manifest_is_complete() {
    let m = manifest();
    assert!(m.cases.len() >= 40, "at least 40 cases: {}", m.cases.len());
    let dir = corpus_dir();
    let mut names = BTreeSet::new();
    let mut used = BTreeSet::from(["cases.json".to_string()]);
    for c in &m.cases {
        assert!(names.insert(c.name.clone()), "duplicate case {}", c.name);
        for f in std::iter::once(&c.file).chain(c.parameters.iter()) {
            assert!(dir.join(f).is_file(), "{}: no file {f}", c.name);
            used.insert(f.clone());
        }
        assert!(
            c.source.starts_with("https://"),
            "{}: the source is a public URL",
            c.name
        );
        assert!(!c.note.trim().is_empty(), "{}: a note says why", c.name);
        for r in &c.require_errors {
            assert!(
                c.expect_errors.contains(r),
                "{}: required {r} is also listed in expect_errors",
                c.name
            );
        }
    }
    let mut unused = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("tests/corpus is a directory") {
        let name = entry.expect("directory entry").file_name();
        let name = name.to_string_lossy().into_owned();
        if !used.contains(&name) {
            unused.push(name);
        }
    }
    assert!(
        unused.is_empty(),
        "files no case uses: {unused:?} (add a case for them or remove them)"
    );
}

/// Every case through the real binary: no error the case does not name, every required error
/// found.
#[test]
fn corpus_cases_match_azure() {
    let m = manifest();
    let mut failures = Vec::new();
    let (mut clean, mut refused) = (0, 0);
    for c in &m.cases {
        let input = match &c.parameters {
            Some(p) => format!("{} + {p}", c.file),
            None => c.file.clone(),
        };
        let outcome = match run(c) {
            Ok(o) => o,
            Err(e) => {
                println!("FAIL {:<45} {input}: {e}", c.name);
                failures.push(format!("{}: {e}", c.name));
                continue;
            }
        };
        let expected: BTreeSet<String> = c.expect_errors.iter().cloned().collect();
        let false_errors: BTreeSet<String> =
            outcome.errors.difference(&expected).cloned().collect();
        let missing: BTreeSet<String> = c
            .require_errors
            .iter()
            .filter(|r| !outcome.errors.contains(*r))
            .cloned()
            .collect();
        let summary = format!(
            "errors [{}], {} warning(s), {} info",
            list(&outcome.errors),
            outcome.warnings,
            outcome.infos
        );
        if false_errors.is_empty() && missing.is_empty() {
            if c.require_errors.is_empty() {
                clean += 1;
            } else {
                refused += 1;
            }
            println!("ok   {:<45} {summary}", c.name);
        } else {
            let mut why = Vec::new();
            if !false_errors.is_empty() {
                why.push(format!("false errors [{}]", list(&false_errors)));
            }
            if !missing.is_empty() {
                why.push(format!("missing required [{}]", list(&missing)));
            }
            let why = why.join("; ");
            println!("FAIL {:<45} {why} ({summary})", c.name);
            failures.push(format!("{} ({input}): {why} — {}", c.name, c.source));
        }
    }
    println!(
        "corpus: {} cases, {clean} accepted as Azure accepts them, {refused} refused as Azure refuses them, {} failing",
        m.cases.len(),
        failures.len()
    );
    assert!(
        failures.is_empty(),
        "{} of {} corpus cases disagree with Azure:\n{}",
        failures.len(),
        m.cases.len(),
        failures.join("\n")
    );
}
