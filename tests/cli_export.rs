//! End-to-end tests of `erwiz export`: every format to stdout, and the same refusals as `check`.

use std::process::{Command, Output};

const ERWIZ: &str = env!("CARGO_BIN_EXE_erwiz");

fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn erwiz(args: &[&str]) -> Output {
    Command::new(ERWIZ)
        .args(args)
        .env_remove("ERWIZ_REPORT_PEAK_MEMORY")
        .output()
        .expect("erwiz runs")
}

fn assert_refused(o: &Output, want: &str) {
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "stderr: {err}");
    assert!(err.starts_with("erwiz: ") && err.contains(want), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(o.stdout.is_empty());
}

#[test]
fn every_format_matches_its_golden_file() {
    for (id, ext) in [
        ("arm", "json"),
        ("bicep", "bicep"),
        ("terraform", "tf"),
        ("azcli", "sh"),
        ("powershell", "ps1"),
        ("iosxe", "ios.txt"),
        ("junos", "junos.txt"),
    ] {
        let o = erwiz(&["export", "--format", id, &fixture("seed.json")]);
        assert_eq!(o.status.code(), Some(0), "{id}");
        let golden = std::fs::read_to_string(format!(
            "{}/tests/golden/seed.{ext}",
            env!("CARGO_MANIFEST_DIR")
        ))
        .expect("golden");
        assert_eq!(String::from_utf8_lossy(&o.stdout), golden, "{id}");
    }
}

#[test]
fn format_equals_form_and_designs_with_errors_still_export() {
    let o = erwiz(&["export", "--format=ARM", &fixture("errors.json")]);
    assert_eq!(o.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    assert!(v["resources"].is_array());
}

#[test]
fn bad_usage_and_bad_input_exit_2() {
    assert_refused(&erwiz(&["export", &fixture("seed.json")]), "--format");
    assert_refused(
        &erwiz(&["export", "--format", "yaml", &fixture("seed.json")]),
        "unknown export format 'yaml'",
    );
    assert_refused(&erwiz(&["export", "--format", "arm"]), "needs a FILE");
    assert_refused(
        &erwiz(&["export", "--format", "arm", "/nonexistent/design.json"]),
        "cannot read the file",
    );
    assert_refused(
        &erwiz(&["export", "--format", "arm", &fixture("")]),
        "is a directory",
    );
    assert_refused(
        &erwiz(&["export", "--format", "arm", "--format", "bicep", "x"]),
        "twice",
    );
}

#[test]
fn invalid_json_from_stdin_exits_2() {
    use std::io::Write;
    let mut child = Command::new(ERWIZ)
        .args(["export", "--format", "junos", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(b"{ not json")
        .expect("write");
    let o = child.wait_with_output().expect("output");
    assert_refused(&o, "<stdin>");
}
