//! The exports checked by real tools rather than by our own reading of them:
//! - Terraform: parsed by HashiCorp's HCL parser (`scripts/check-hcl.mjs`, npm
//!   `@cdktf/hcl2json`), and the names read back from the parse equal the design's.
//! - Azure CLI (bash): `bash -n`, ShellCheck (warnings and errors), and a run of the script with a
//!   stand-in `az` on `PATH` that records its arguments: every `az` command must receive the
//!   design's names exactly, whatever characters they hold.
//!
//! Every fixture is checked, and the seed design with names full of characters that shells and
//! HCL templates treat specially (quotes, `$(...)`, backquotes, `${...}`, `%{...}`, backslashes,
//! a line break). `scripts/install.sh` installs the tools (ShellCheck from Debian, the HCL parser
//! with the project's npm packages); a missing tool fails the test with that hint.
#![cfg(not(target_arch = "wasm32"))]

use erwiz::domain::export::{export, Format};
use erwiz::domain::io::parse_design;
use erwiz::domain::model::Design;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const FIXTURES: &[&str] = &["minimal", "seed", "two-circuits", "dual-stack", "direct"];

/// Characters that quoting must carry through untouched.
const ODD: &str = "x\"y'z $(id) `id` ${var.a} %{if} \\ end\n!@#&*";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn fixture_text(name: &str) -> String {
    std::fs::read_to_string(root().join(format!("tests/fixtures/{name}.json")))
        .expect("fixture readable")
}

/// The seed design with every name replaced by an odd one (references follow, as the names are
/// replaced in the JSON text).
fn odd_design() -> Design {
    let mut text = fixture_text("seed");
    for (old, prefix) in [
        ("rg-contoso-er", "rg-"),
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
    if let Some(c) = d.circuits.first_mut() {
        c.provider = format!("Provider {ODD}");
        // A shared key makes the script ask for it (a message naming the circuit).
        if let Some(p) = &mut c.private_peering {
            p.shared_key = "key".into();
        }
    }
    d
}

/// Every design checked: the fixtures, then the odd one.
fn designs() -> Vec<(String, Design)> {
    FIXTURES
        .iter()
        .map(|n| {
            (
                n.to_string(),
                parse_design(&fixture_text(n)).expect("fixture parses"),
            )
        })
        .chain([("odd names".to_string(), odd_design())])
        .collect()
}

/// A fresh directory under the target directory for one test's files.
fn scratch(test: &str) -> PathBuf {
    let dir = root().join("target/export-tools").join(test);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

fn run(cmd: &mut Command, tool: &str) -> Output {
    cmd.output().unwrap_or_else(|e| {
        panic!("cannot run {tool} ({e}): scripts/install.sh installs it (make test runs it first)")
    })
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// An HCL template string read back as the text it stands for (`$${` is a literal `${`).
fn hcl_literal(v: &Value) -> Option<String> {
    v.as_str()
        .map(|s| s.replace("$${", "${").replace("%%{", "%{"))
}

#[test]
fn terraform_parses_with_hashicorp_hcl_and_keeps_names() {
    let dir = scratch("terraform");
    let designs = designs();
    let files: Vec<PathBuf> = designs
        .iter()
        .enumerate()
        .map(|(k, (_, d))| {
            let f = dir.join(format!("design{k}.tf"));
            std::fs::write(&f, export(d, Format::Terraform)).expect("tf written");
            f
        })
        .collect();
    let out = run(
        Command::new("node")
            .arg(root().join("scripts/check-hcl.mjs"))
            .args(&files)
            .current_dir(root()),
        "node scripts/check-hcl.mjs",
    );
    assert!(
        out.status.success(),
        "HCL parse errors:\n{}",
        text(&out.stderr)
    );
    let parsed: Value = serde_json::from_slice(&out.stdout).expect("check-hcl prints JSON");
    for ((name, d), f) in designs.iter().zip(&files) {
        let doc = &parsed[f.to_string_lossy().as_ref()];
        let circuits = doc["resource"]["azurerm_express_route_circuit"]
            .as_object()
            .unwrap_or_else(|| panic!("{name}: no azurerm_express_route_circuit"));
        let mut got: Vec<String> = circuits
            .values()
            .filter_map(|blocks| hcl_literal(&blocks[0]["name"]))
            .collect();
        let mut want: Vec<String> = d.circuits.iter().map(|c| c.name.clone()).collect();
        got.sort();
        want.sort();
        assert_eq!(got, want, "{name}: circuit names read back from the HCL");
        for vnet in &d.virtual_networks {
            let found = doc["resource"]["azurerm_virtual_network"]
                .as_object()
                .into_iter()
                .flat_map(|m| m.values())
                .any(|b| hcl_literal(&b[0]["name"]).as_deref() == Some(vnet.name.as_str()));
            assert!(found, "{name}: virtual network {:?} read back", vnet.name);
        }
    }
}

/// A stand-in for `az`: records each call's arguments (NUL-separated, then an end marker) and
/// answers the provisioning-state query the script waits on.
const FAKE_AZ: &str = r#"#!/usr/bin/env bash
for a in "$@"; do printf '%s\0' "$a"; done >> "$AZ_LOG"
printf '%s\0' '--end-of-call--' >> "$AZ_LOG"
case " $* " in
  *" serviceProviderProvisioningState "*) echo Provisioned ;;
esac
"#;

/// The `az` calls a script made: each call's arguments.
fn calls(log: &Path) -> Vec<Vec<String>> {
    let raw = std::fs::read(log).unwrap_or_default();
    let mut out = vec![Vec::new()];
    for part in raw.split(|&b| b == 0).filter(|p| !p.is_empty()) {
        let arg = text(part);
        if arg == "--end-of-call--" {
            out.push(Vec::new());
        } else if let Some(last) = out.last_mut() {
            last.push(arg);
        }
    }
    out.retain(|c| !c.is_empty());
    out
}

/// The value after `flag` in a call.
fn arg<'a>(call: &'a [String], flag: &str) -> Option<&'a str> {
    call.iter()
        .position(|a| a == flag)
        .and_then(|i| call.get(i + 1))
        .map(String::as_str)
}

#[test]
fn azcli_passes_bash_and_shellcheck_and_runs_with_exact_names() {
    let dir = scratch("azcli");
    let bin = dir.join("bin");
    std::fs::create_dir_all(&bin).expect("bin dir");
    let az = bin.join("az");
    std::fs::write(&az, FAKE_AZ).expect("fake az");
    run(Command::new("chmod").arg("+x").arg(&az), "chmod");
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    for (k, (name, d)) in designs().iter().enumerate() {
        let script = dir.join(format!("design{k}.sh"));
        let body = export(d, Format::AzCli);
        std::fs::write(&script, &body).expect("script written");

        let syntax = run(Command::new("bash").arg("-n").arg(&script), "bash");
        assert!(
            syntax.status.success(),
            "{name}: bash -n: {}",
            text(&syntax.stderr)
        );
        let lint = run(
            Command::new("shellcheck")
                .args(["--severity=warning", "--shell=bash"])
                .arg(&script),
            "shellcheck",
        );
        assert!(
            lint.status.success(),
            "{name}: shellcheck:\n{}",
            text(&lint.stdout)
        );

        // Run it: every secret and setting the script asks for comes from the environment.
        let log = dir.join(format!("design{k}.log"));
        let mut cmd = Command::new("bash");
        cmd.arg(&script)
            .env("PATH", &path)
            .env("AZ_LOG", &log)
            .env("LOCATION", "uksouth")
            .env_remove("RESOURCE_GROUP");
        for line in body.lines() {
            // `: "${NAME:?...}"` lines name what must be set.
            if let Some(var) = line
                .strip_prefix(": \"${")
                .and_then(|r| r.split(':').next())
                .filter(|v| *v != "RESOURCE_GROUP" && *v != "LOCATION")
            {
                cmd.env(var, "secret-value");
            }
        }
        if d.resource_group.trim().is_empty() {
            cmd.env("RESOURCE_GROUP", "rg-from-env");
        }
        let ran = run(&mut cmd, "bash");
        assert!(
            ran.status.success(),
            "{name}: the script failed: {}",
            text(&ran.stderr)
        );
        let calls = calls(&log);
        assert!(!calls.is_empty(), "{name}: no az command ran");
        let rg = match d.resource_group.trim() {
            "" => "rg-from-env".to_string(),
            rg => rg.to_string(),
        };
        for call in &calls {
            if let Some(got) = arg(call, "--resource-group") {
                assert_eq!(got, rg, "{name}: resource group of {call:?}");
            }
        }
        let created: Vec<&str> = calls
            .iter()
            .filter(|c| c.starts_with(&["network".into(), "express-route".into(), "create".into()]))
            .filter_map(|c| arg(c, "--name"))
            .collect();
        let want: Vec<&str> = d.circuits.iter().map(|c| c.name.trim()).collect();
        assert_eq!(created, want, "{name}: circuits created, by name");
    }
}
