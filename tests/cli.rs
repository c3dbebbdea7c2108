//! End-to-end tests of the `erwiz` binary on real files: exit status, stdout formats, one-line
//! errors on stderr for every kind of unreadable input, and bounded time and memory on huge input.

use erwiz::domain::io::parse_design;
use erwiz::domain::rules::{all_rules, docs, validate};
use serde_json::Value;
use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

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

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A file in a fresh temporary directory, removed (with the directory) when dropped, even when
/// the test fails.
struct TempFile {
    dir: PathBuf,
    path: PathBuf,
}

impl TempFile {
    fn new(name: &str, content: &[u8]) -> Self {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "erwiz-cli-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let path = dir.join(name);
        std::fs::write(&path, content).expect("temp file");
        TempFile { dir, path }
    }

    fn path(&self) -> &str {
        self.path.to_str().expect("utf-8 temp path")
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Asserts exit status 2 with exactly one line on stderr that contains `want`, nothing on stdout,
/// and no panic.
fn assert_refused(o: &Output, want: &str) {
    let err = stderr(o);
    assert_eq!(o.status.code(), Some(2), "stderr: {err}");
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(err.lines().count(), 1, "one line on stderr: {err:?}");
    assert!(err.starts_with("erwiz: "), "{err}");
    assert!(err.contains(want), "expected {want:?} in {err:?}");
    assert!(o.stdout.is_empty(), "stdout: {}", stdout(o));
}

fn check_file(path: &str) -> Output {
    erwiz(&["check", path])
}

fn check_bytes(name: &str, content: &[u8]) -> Output {
    let f = TempFile::new(name, content);
    check_file(f.path())
}

#[test]
fn good_designs_exit_0() {
    for name in ["seed.json", "two-circuits.json", "minimal.json"] {
        let o = check_file(&fixture(name));
        assert_eq!(o.status.code(), Some(0), "{name}: {}", stdout(&o));
        let out = stdout(&o);
        assert!(
            out.lines().last().unwrap_or("").starts_with("0 errors, "),
            "{name}: {out}"
        );
        assert!(o.stderr.is_empty(), "{name}: {}", stderr(&o));
        let json = erwiz(&["check", &fixture(name), "--format", "json"]);
        assert_eq!(json.status.code(), Some(0));
        let v: Value = serde_json::from_str(&stdout(&json)).expect("JSON output");
        assert!(v["findings"]
            .as_array()
            .expect("findings array")
            .iter()
            .all(|f| f["severity"] != "error"));
    }
}

/// Codes the rules of today report on `errors.json` (naming, circuit, gating); later rules add
/// more (VLAN 4095, ASN 65515, primary = secondary, GatewaySubnet /28, FastPath on ErGw2AZ…).
const EXPECTED_IN_ERRORS: &[(&str, &str)] = &[
    ("ER-C-002", "resourceGroup"),
    ("ER-C-003", "circuits[0].region"),
    ("ER-C-007", "circuits[0].bandwidthMbps"),
    ("ER-C-013", "circuits[0].skuFamily"),
    ("ER-C-018", "circuits[0].rateLimiting"),
    ("ER-C-023", "subscriptionId"),
    ("ER-N-003", "circuits[1].name"),
];

#[test]
fn errors_exit_1_with_codes_in_text() {
    let o = check_file(&fixture("errors.json"));
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(o.stderr.is_empty(), "{}", stderr(&o));
    let out = stdout(&o);
    for (code, path) in EXPECTED_IN_ERRORS {
        let line = format!("error {code} {path}: ");
        assert!(
            out.lines().any(|l| l.starts_with(&line)),
            "{line:?} in\n{out}"
        );
    }
    assert!(out.contains(
        "error ER-C-007 circuits[0].bandwidthMbps: 300 Mbps is not an ExpressRoute bandwidth"
    ));
    assert!(out.contains("(fix: Use 500 Mbps)"));
    // A peering on a circuit recorded as not provisioned: a warning that explains (U17).
    assert!(out.lines().any(|l| l.starts_with(
        "warning ER-G-001 circuits[1].privatePeering: The provider status is \"Not provisioned\": Azure creates this peering, but its BGP sessions come up"
    )), "{out}");
    let summary = out.lines().last().expect("summary line");
    let errors: usize = summary
        .split(' ')
        .next()
        .and_then(|n| n.parse().ok())
        .expect("summary starts with the error count");
    assert!(errors >= EXPECTED_IN_ERRORS.len(), "{summary}");
    assert!(
        summary.contains(" warning") && summary.ends_with(" info"),
        "{summary}"
    );
    // Every finding is one line, and the summary is the last.
    let findings = validate(&parse_design(include_str!("fixtures/errors.json")).expect("parses"));
    assert_eq!(out.lines().count(), findings.len() + 1);
}

#[test]
fn errors_exit_1_with_codes_in_json() {
    let path = fixture("errors.json");
    for args in [
        ["check", "--format", "json", path.as_str()],
        ["check", path.as_str(), "--format", "json"],
        ["check", path.as_str(), "--format=json", ""],
    ] {
        let args: Vec<&str> = args.into_iter().filter(|a| !a.is_empty()).collect();
        let o = erwiz(&args);
        assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
        let out = stdout(&o);
        assert!(out.starts_with(r#"{"findings":[{"code":""#), "{out}");
        let v: Value = serde_json::from_str(&out).expect("valid JSON");
        let top: Vec<&String> = v.as_object().expect("object").keys().collect();
        assert_eq!(top, ["findings"]);
        let findings = v["findings"].as_array().expect("array");
        let want_keys: BTreeSet<&str> = ["code", "severity", "path", "message"].into();
        for f in findings {
            let keys: BTreeSet<&str> = f
                .as_object()
                .expect("finding object")
                .keys()
                .map(String::as_str)
                .collect();
            assert_eq!(keys, want_keys, "{f}");
            assert!(["error", "warning", "info"].contains(&f["severity"].as_str().unwrap_or("")));
        }
        // Keys in the documented order.
        let first = out.find(r#""code":"#).unwrap_or(usize::MAX);
        let sev = out.find(r#","severity":"#).unwrap_or(0);
        let path_at = out.find(r#","path":"#).unwrap_or(0);
        let msg = out.find(r#","message":"#).unwrap_or(0);
        assert!(first < sev && sev < path_at && path_at < msg, "{out}");
        for (code, path) in EXPECTED_IN_ERRORS {
            assert!(
                findings
                    .iter()
                    .any(|f| f["code"] == *code && f["path"] == *path && f["severity"] == "error"),
                "{code} at {path}"
            );
        }
    }
}

#[test]
fn stdin_is_read_with_dash() {
    let mut child = Command::new(ERWIZ)
        .args(["check", "-", "--format", "json"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(include_bytes!("fixtures/seed.json"))
        .expect("write");
    let o = child.wait_with_output().expect("wait");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).starts_with(r#"{"findings":["#));
}

#[test]
fn unreadable_inputs_exit_2_with_one_line() {
    let cases: &[(&str, &[u8], &str)] = &[
        (
            "garbage.json",
            b"this is not { a design",
            "invalid JSON at line 1 column 2",
        ),
        ("empty.json", b"", "the file is empty"),
        ("blank.json", b"  \n\t \r\n  \n", "the file is empty"),
        (
            "array.json",
            b"[{\"name\":\"er-london\"}]",
            "expected a JSON object (a design) but found an array",
        ),
        (
            "newer.json",
            b"{\"version\": 99, \"circuits\": []}",
            "written by a newer version",
        ),
        (
            "broken.json",
            b"{\n  \"circuits\": [\n    {\"name\": \"a\",,}\n  ]\n}",
            "invalid JSON at line 3 column 18: key must be a string",
        ),
        (
            "schema.json",
            b"{\"circuits\": [{\"skuTier\": \"Gold\"}]}",
            "unknown variant `Gold`",
        ),
        ("latin1.json", b"{\"name\": \"caf\xe9\"}", "not UTF-8"),
        ("utf16.json", b"\xff\xfe{\x00}\x00", "UTF-16"),
    ];
    for (name, content, want) in cases {
        let o = check_bytes(name, content);
        assert_refused(&o, want);
        assert!(stderr(&o).starts_with(&"erwiz: ".to_string()), "{name}");
        assert!(stderr(&o).contains(name), "{name}: names the file");
    }
}

#[test]
fn deep_nesting_exits_2() {
    let o = check_bytes("deep.json", "[".repeat(100_000).as_bytes());
    assert_refused(&o, "nested more than 64 levels");
    let o = check_bytes("deep-objects.json", r#"{"a":"#.repeat(100_000).as_bytes());
    assert_refused(&o, "nested more than 64 levels");
}

#[test]
fn missing_file_and_directory_exit_2() {
    let o = check_file("/nonexistent/erwiz/design.json");
    assert_refused(&o, "/nonexistent/erwiz/design.json: cannot read the file");
    let o = check_file(env!("CARGO_MANIFEST_DIR"));
    assert_refused(&o, "is a directory");
}

/// Writes a 50 MB file of plausible JSON (a huge on-prem route list) in the temp directory.
fn fifty_mb_file() -> TempFile {
    let mut content = Vec::with_capacity(50 * 1024 * 1024 + 64);
    content.extend_from_slice(b"{\"version\":1,\"onPremRoutes\":[");
    while content.len() < 50 * 1024 * 1024 {
        content.extend_from_slice(b"\"10.20.30.0/24\",");
    }
    content.extend_from_slice(b"\"10.0.0.0/8\"]}");
    TempFile::new("huge.json", &content)
}

#[test]
fn huge_file_is_refused_quickly_before_parsing() {
    let f = fifty_mb_file();
    let start = Instant::now();
    let o = check_file(f.path());
    let took = start.elapsed();
    assert_refused(&o, "designs are limited to 5 MB");
    assert!(stderr(&o).contains("bytes"), "{}", stderr(&o));
    assert!(took < Duration::from_secs(2), "took {took:?}");
}

#[test]
fn huge_stdin_is_cut_at_the_limit() {
    let mut child = Command::new(ERWIZ)
        .args(["check", "-"])
        .env_remove("ERWIZ_REPORT_PEAK_MEMORY")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut stdin = child.stdin.take().expect("stdin");
    let writer = std::thread::spawn(move || {
        let chunk = vec![b' '; 1024 * 1024];
        for _ in 0..50 {
            // erwiz stops reading after 5 MB and exits: the pipe then breaks, as it should.
            if stdin.write_all(&chunk).is_err() {
                break;
            }
        }
    });
    let o = child.wait_with_output().expect("wait");
    let _ = writer.join();
    assert_refused(&o, "larger than 5 MB");
}

#[cfg(target_os = "linux")]
#[test]
fn huge_file_peak_memory_under_100_mb() {
    let f = fifty_mb_file();
    let peak = |path: &Path| {
        let o = Command::new(ERWIZ)
            .args(["check", path.to_str().expect("utf-8 path")])
            .env("ERWIZ_REPORT_PEAK_MEMORY", "1")
            .output()
            .expect("erwiz runs");
        let err = stderr(&o);
        let line = err
            .lines()
            .find_map(|l| l.strip_prefix("erwiz: peak memory (VmHWM): "))
            .unwrap_or_else(|| panic!("no memory report in {err:?}"));
        let kb: u64 = line
            .trim_end_matches(" kB")
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("bad VmHWM {line:?}"));
        (o.status.code(), kb)
    };
    let (code, kb) = peak(&f.path);
    assert_eq!(code, Some(2));
    println!("erwiz peak memory on a 50 MB file: {kb} kB");
    assert!(kb < 100 * 1024, "peak memory {kb} kB on a 50 MB file");
    // A file just under the byte limit, with as many routes as a design may hold
    // (erwiz::domain::bounds) and a name filling the rest, is read and checked, and still stays
    // well under 100 MB.
    let routes = erwiz::domain::bounds::ON_PREM_ROUTES.limit;
    let mut content = b"{\"onPremRoutes\":[".to_vec();
    for _ in 1..routes {
        content.extend_from_slice(b"\"10.20.30.0/24\",");
    }
    content.extend_from_slice(b"\"10.0.0.0/8\"],\"name\":\"");
    content.resize(erwiz::domain::io::MAX_INPUT_BYTES - 2, b'n');
    content.extend_from_slice(b"\"}");
    let near = TempFile::new("near-limit.json", &content);
    let (code, kb) = peak(&near.path);
    assert!(matches!(code, Some(0 | 1)), "{code:?}");
    println!("erwiz peak memory on a 5 MB design: {kb} kB");
    assert!(kb < 100 * 1024, "peak memory {kb} kB on a 5 MB design");
    // 5 MB of routes (330,000) is more than a design may hold: refused before it is built.
    let mut content = b"{\"onPremRoutes\":[".to_vec();
    while content.len() < erwiz::domain::io::MAX_INPUT_BYTES - 100 {
        content.extend_from_slice(b"\"10.20.30.0/24\",");
    }
    content.extend_from_slice(b"\"10.0.0.0/8\"]}");
    let many = TempFile::new("many-routes.json", &content);
    let (code, kb) = peak(&many.path);
    assert_eq!(code, Some(2));
    println!("erwiz peak memory on 5 MB of routes: {kb} kB");
    assert!(kb < 100 * 1024, "peak memory {kb} kB on 5 MB of routes");
    assert_refused(
        &check_file(many.path()),
        &format!("onPremRoutes holds more than {routes} on-premises routes"),
    );
}

#[test]
fn usage_errors_exit_2_with_usage() {
    for args in [
        &[][..],
        &["frobnicate"],
        &["check"],
        &["check", "a.json", "b.json"],
        &["check", "a.json", "--format"],
        &["check", "a.json", "--format", "xml"],
        &["check", "a.json", "--format=json", "--format", "text"],
        &["check", "a.json", "--colour"],
        &["rules", "--html"],
    ] {
        let o = erwiz(args);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.starts_with("erwiz: "), "{args:?}: {err}");
        assert!(err.contains("Usage:"), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert!(o.stdout.is_empty(), "{args:?}");
    }
}

#[test]
fn help_and_version() {
    for args in [&["--help"][..], &["-h"], &["check", "--help"]] {
        let o = erwiz(args);
        assert_eq!(o.status.code(), Some(0));
        assert!(stdout(&o).contains("erwiz check FILE [--format text|json]"));
    }
    let o = erwiz(&["--version"]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(
        stdout(&o).trim(),
        format!("erwiz {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn rules_lists_every_rule() {
    let o = erwiz(&["rules"]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    for r in all_rules() {
        assert!(
            out.lines().any(|l| l.starts_with(r.code)
                && l.contains(r.checks)
                && l.contains(r.severity.as_str())
                && l.contains(r.source)),
            "{}",
            r.code
        );
    }
    let o = erwiz(&["rules", "--markdown"]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(stdout(&o), docs::markdown());
}

/// Every code a fixture produces is a documented rule (an undocumented rule fails here).
#[test]
fn fixture_findings_use_documented_codes() {
    let known: BTreeSet<&str> = all_rules().iter().map(|r| r.code).collect();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).expect("fixtures dir") {
        let path = entry.expect("entry").path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("read fixture");
        let design = parse_design(&text).unwrap_or_else(|e| panic!("{path:?}: {e}"));
        for f in validate(&design) {
            assert!(
                known.contains(f.code),
                "{path:?}: {} is not in all_rules()",
                f.code
            );
        }
        n += 1;
    }
    assert!(n >= 4, "{n} fixtures");
}
