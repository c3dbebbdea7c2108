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

const FIXTURES: &[&str] = &[
    "minimal",
    "seed",
    "two-circuits",
    "dual-stack",
    "direct",
    "full-direct",
];

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

// ---------------------------------------------------------------------------------------------
// The Azure CLI script run by the real `az` against a fake Azure Resource Manager.

/// The subscription a cross-subscription reference points to in the test.
const OTHER_SUB: &str = "/subscriptions/99999999-0000-0000-0000-000000000000/resourceGroups/rg-other/providers/Microsoft.Network";

/// The Python of the venv `scripts/install.sh` installs azure-cli into.
fn az_python() -> PathBuf {
    if let Some(p) = std::env::var_os("ERWIZ_AZ_PYTHON") {
        return PathBuf::from(p);
    }
    let home = std::env::var_os("HOME")
        .map(PathBuf::from)
        .unwrap_or_default();
    home.join(format!(
        ".cache/erwiz/azure-cli-{}/bin/python",
        erwiz::domain::export::AZ_CLI_VERSION
    ))
}

/// The environment a script asks for (`: "${VAR:?set VAR (what)}"`): resource IDs in another
/// subscription for the references it names, a stand-in value for secrets.
fn script_env(script: &str) -> Vec<(String, String)> {
    let mut env = Vec::new();
    for line in script.lines() {
        let Some(rest) = line.strip_prefix(": \"${") else {
            continue;
        };
        let Some((var, msg)) = rest.split_once(":?") else {
            continue;
        };
        if var == "RESOURCE_GROUP" || var == "LOCATION" {
            continue;
        }
        let named = |before: &str, after: &str| {
            msg.split_once(before)
                .and_then(|(_, r)| r.split_once(after))
                .map(|(n, _)| n.to_string())
        };
        let value = if let Some(c) = named("of circuit ", " in the other") {
            if var.ends_with("_PEER_PEERING_ID") {
                format!("{OTHER_SUB}/expressRouteCircuits/{c}/peerings/AzurePrivatePeering")
            } else {
                format!("{OTHER_SUB}/expressRouteCircuits/{c}")
            }
        } else if let Some(c) = named("Resource ID of circuit ", " in the other") {
            format!("{OTHER_SUB}/expressRouteCircuits/{c}")
        } else {
            "secret-value".to_string()
        };
        env.push((var.to_string(), value));
    }
    env
}

/// The fields of a design the Azure CLI export writes, normalised so that the design and the
/// design read back from the recorded requests compare equal when nothing was lost.
fn cli_projection(d: &Design, location: &str) -> Value {
    use erwiz::domain::catalog::normalize_region;
    use erwiz::domain::derived::v4_pair;
    use erwiz::domain::net::{parse_asn, parse_uint, parse_v6};
    use serde_json::json;
    let region = |r: &str| match normalize_region(r) {
        n if n.is_empty() => location.to_string(),
        n => n,
    };
    let num = |t: &str| parse_uint(t).map_or(json!(t.trim()), |n| json!(n));
    let asn = |t: &str| parse_asn(t).map_or(json!(t.trim()), |n| json!(n));
    let v6 = |t: &str| parse_v6(t).map_or(t.trim().to_string(), |n| n.to_string());
    let list = |v: &[String]| -> Vec<String> {
        v.iter()
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect()
    };
    let filters: Vec<String> = d
        .route_filters
        .iter()
        .map(|f| f.name.trim().to_ascii_lowercase())
        .collect();
    let peering = |p: &erwiz::domain::model::Peering| {
        let (a, b) = v4_pair(p);
        json!({
            "peerAsn": asn(&p.peer_asn),
            "family": format!("{:?}", p.address_family),
            "v4": if p.address_family.has_v4() {
                json!([a.map(|n| n.to_string()), b.map(|n| n.to_string())])
            } else { Value::Null },
            "v6": if p.address_family.has_v6() {
                json!([v6(&p.primary_subnet_v6), v6(&p.secondary_subnet_v6)])
            } else { Value::Null },
            "vlan": num(&p.vlan_id),
            "sharedKey": !p.shared_key.is_empty(),
            "enabled": p.enabled,
        })
    };
    let circuits: Vec<Value> = d
        .circuits
        .iter()
        .map(|c| {
            let mut tags: Vec<(String, String)> = c
                .tags
                .iter()
                .filter(|t| !t.name.trim().is_empty())
                .map(|t| (t.name.trim().to_string(), t.value.clone()))
                .collect();
            tags.sort();
            let direct = c.port_type == erwiz::domain::model::PortType::Direct;
            json!({
                "name": c.name.trim(),
                "region": region(&c.region),
                "portType": format!("{:?}", c.port_type),
                "provider": if direct { Value::Null } else { json!([c.provider.trim(), c.peering_location.trim(), num(&c.bandwidth_mbps)]) },
                "direct": if direct { json!([c.direct_port.trim(), num(&c.bandwidth_gbps), c.rate_limiting, !c.direct_authorization_key.trim().is_empty()]) } else { Value::Null },
                "sku": [format!("{:?}", c.sku_tier), format!("{:?}", c.sku_family)],
                "classic": c.allow_classic_operations,
                "authorizations": c.authorizations.iter().map(|a| a.name.trim().to_string()).collect::<Vec<_>>(),
                "tags": tags,
                "private": c.private_peering.as_ref().map(peering),
                "microsoft": c.microsoft_peering.as_ref().map(|m| {
                    let f = m.peering.address_family;
                    json!({
                        "peering": peering(&m.peering),
                        "advertised": if f.has_v4() { list(&m.advertised_prefixes) } else { Vec::new() },
                        "advertisedV6": if f.has_v6() { list(&m.advertised_prefixes_v6) } else { Vec::new() },
                        "customerAsn": parse_asn(&m.customer_asn).ok(),
                        "registry": m.routing_registry.trim(),
                        "routeFilter": m.route_filter.trim().to_ascii_lowercase(),
                    })
                }),
            })
        })
        .collect();
    json!({
        "circuits": circuits,
        "directPorts": d.direct_ports.iter().map(|p| json!([p.name.trim(), region(&p.region), p.peering_location.trim(), num(&p.bandwidth_gbps), format!("{:?}", p.encapsulation)])).collect::<Vec<_>>(),
        "routeFilters": d.route_filters.iter().map(|f| json!([f.name.trim(), region(&f.region), f.rule_name.trim(), list(&f.communities)])).collect::<Vec<_>>(),
        "knownFilters": filters,
        "vnets": d.virtual_networks.iter().map(|v| json!({
            "name": v.name.trim(),
            "region": region(&v.region),
            "spaces": list(&v.address_spaces),
            "subnets": v.subnets.iter().map(|s| json!([s.name.trim(), s.address_prefix.trim(), s.address_prefix_v6.trim()])).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "gateways": d.gateways.iter().map(|g| {
            let scale = g.sku == erwiz::domain::model::GatewaySku::ErGwScale;
            json!({
                "name": g.name.trim(),
                "region": region(&g.region),
                "vnet": g.virtual_network.trim(),
                "sku": format!("{:?}", g.sku),
                "scale": if scale { json!([num(&g.min_scale_units), num(&g.max_scale_units)]) } else { Value::Null },
                "allowRemoteVnetTraffic": g.allow_remote_vnet_traffic,
            })
        }).collect::<Vec<_>>(),
        "connections": d.connections.iter().map(|c| json!({
            "name": c.name.trim(),
            "region": region(&c.region),
            "gateway": c.gateway.trim(),
            "circuit": c.circuit.trim(),
            "crossSubscription": c.cross_subscription,
            "authorizationKey": c.cross_subscription,
            "weight": num(&c.routing_weight),
            "fastPath": c.fast_path,
            "privateLinkFastPath": c.private_link_fast_path,
        })).collect::<Vec<_>>(),
        "globalReach": d.global_reach.iter().map(|g| json!({
            "name": g.name.trim(),
            "circuit": g.circuit.trim(),
            "peer": g.peer_circuit.trim(),
            "prefix": g.address_prefix.trim(),
            "prefixV6": g.address_prefix_v6.trim(),
            "crossSubscription": g.cross_subscription,
        })).collect::<Vec<_>>(),
    })
}

/// The design's fields that differ from the round trip's, as `path: want != got` lines.
fn differences(want: &Value, got: &Value, path: &str, out: &mut Vec<String>) {
    match (want, got) {
        (Value::Object(a), Value::Object(b)) => {
            for (k, v) in a {
                differences(
                    v,
                    b.get(k).unwrap_or(&Value::Null),
                    &format!("{path}.{k}"),
                    out,
                );
            }
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                differences(x, y, &format!("{path}[{i}]"), out);
            }
        }
        _ if want != got => out.push(format!("{path}: design {want} != read back {got}")),
        _ => {}
    }
}

/// What one script did against the fake ARM (`scripts/az-fake-arm.py` writes it).
struct AzRun {
    name: String,
    design: Design,
    out: Value,
}

fn run_az_script(dir: &Path, name: &str) -> AzRun {
    let design = parse_design(&fixture_text(name)).expect("fixture parses");
    let script = export(&design, Format::AzCli);
    let path = dir.join(format!("{name}.sh"));
    std::fs::write(&path, &script).expect("script written");
    let out_path = dir.join(format!("{name}.json"));
    let mut cmd = Command::new(az_python());
    cmd.arg(root().join("scripts/az-fake-arm.py"))
        .arg(&path)
        .arg(&out_path)
        .args(["--location", "uksouth"])
        .env("LOCATION", "uksouth")
        .env_remove("RESOURCE_GROUP");
    if !design.subscription_id.trim().is_empty() {
        cmd.args(["--subscription", design.subscription_id.trim()]);
    }
    if design.resource_group.trim().is_empty() {
        cmd.env("RESOURCE_GROUP", "rg-from-env");
    }
    cmd.envs(script_env(&script));
    let ran = run(&mut cmd, "the azure-cli venv's python (scripts/install.sh)");
    assert!(
        ran.status.success(),
        "{name}: az-fake-arm.py failed: {}",
        text(&ran.stderr)
    );
    let out: Value = serde_json::from_str(
        &std::fs::read_to_string(&out_path).expect("az-fake-arm.py wrote its report"),
    )
    .expect("report is JSON");
    AzRun {
        name: name.to_string(),
        design,
        out,
    }
}

/// What went wrong in one run: a failed command, a request outside the resource group, a
/// field of the design that did not come back.
fn az_run_failures(design: &Design, out: &Value) -> Vec<String> {
    let mut failures = Vec::new();
    // `az` accepted every argument and every command succeeded.
    let calls = out["calls"].as_array().cloned().unwrap_or_default();
    if calls.is_empty() {
        failures.push("no az command ran".to_string());
    }
    for c in &calls {
        if c["code"] != 0 {
            failures.push(format!("az {} failed: {}", c["argv"], c["stderr"]));
        }
    }
    if out["exit"] != 0 {
        failures.push(format!("the script failed: {}", out["stderr"]));
    }
    // Every request stays in the design's resource group (and subscription).
    let rg = match design.resource_group.trim() {
        "" => "rg-from-env".to_string(),
        rg => rg.to_string(),
    };
    let sub = design.subscription_id.trim().to_ascii_lowercase();
    for r in out["requests"].as_array().cloned().unwrap_or_default() {
        let p = r["path"].as_str().unwrap_or_default().to_ascii_lowercase();
        if !p.contains(&format!("/resourcegroups/{}", rg.to_ascii_lowercase())) {
            failures.push(format!("request outside the resource group: {p}"));
        }
        if !sub.is_empty() && !p.starts_with(&format!("/subscriptions/{sub}")) {
            failures.push(format!("request in another subscription: {p}"));
        }
    }
    // What the design reads as one field but Azure keeps per address family: the route filter,
    // customer ASN and routing registry of each side of Microsoft peering.
    let resources = out["template"]["resources"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    for c in &design.circuits {
        let Some(m) = &c.microsoft_peering else {
            continue;
        };
        let peering = resources
            .iter()
            .filter(|r| r["name"].as_str() == Some(c.name.trim()))
            .flat_map(|r| {
                r["properties"]["peerings"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default()
            })
            .find(|p| p["name"] == "MicrosoftPeering")
            .unwrap_or_default();
        let f = m.peering.address_family;
        let mut sides = Vec::new();
        if f.has_v4() {
            sides.push(("IPv4", peering["properties"].clone()));
        }
        if f.has_v6() {
            sides.push(("IPv6", peering["properties"]["ipv6PeeringConfig"].clone()));
        }
        for (side, cfg) in sides {
            let filter = cfg["routeFilter"]["id"].as_str().unwrap_or_default();
            let want = m.route_filter.trim().to_ascii_lowercase();
            let got = filter
                .rsplit('/')
                .next()
                .unwrap_or_default()
                .to_ascii_lowercase();
            if got != want {
                failures.push(format!(
                    "{}: route filter of the {side} side of Microsoft peering: design {want:?}, sent {got:?}",
                    c.name
                ));
            }
            let mc = &cfg["microsoftPeeringConfig"];
            let asn = erwiz::domain::net::parse_asn(&m.customer_asn).ok();
            if mc["customerASN"].as_u64().filter(|n| *n != 0) != asn {
                failures.push(format!(
                    "{}: customer ASN of the {side} side of Microsoft peering: design {asn:?}, sent {}",
                    c.name, mc["customerASN"]
                ));
            }
            let registry = mc["routingRegistryName"].as_str().unwrap_or_default();
            if registry != m.routing_registry.trim() {
                failures.push(format!(
                    "{}: routing registry of the {side} side of Microsoft peering: design {:?}, sent {registry:?}",
                    c.name,
                    m.routing_registry.trim()
                ));
            }
        }
    }
    // The round trip: what Azure was asked to create, read back by the ARM importer.
    match erwiz::domain::import::import_text(&out["template"].to_string()) {
        Err(e) => failures.push(format!("the recorded resources do not import: {e}")),
        Ok(imported) => {
            let mut diff = Vec::new();
            differences(
                &cli_projection(design, "uksouth"),
                &cli_projection(&imported.design, "uksouth"),
                "",
                &mut diff,
            );
            failures.extend(
                diff.into_iter()
                    .map(|d| format!("lost in script -> az -> requests -> import: {d}")),
            );
        }
    }
    failures
}

#[test]
fn azcli_runs_in_real_az_against_a_fake_arm_and_round_trips() {
    let dir = scratch("azcli-fake-arm");
    // Every fixture (the odd-names design is left to the stand-in above: Azure refuses such
    // names, and resource paths cannot carry them). Each script in its own process (az starts
    // once per script); two at a time.
    let mut runs: Vec<AzRun> = Vec::new();
    for pair in FIXTURES.chunks(2) {
        let handles: Vec<_> = pair
            .iter()
            .map(|n| {
                let dir = dir.clone();
                let n = n.to_string();
                std::thread::spawn(move || run_az_script(&dir, &n))
            })
            .collect();
        runs.extend(handles.into_iter().map(|h| h.join().expect("az run")));
    }
    let mut failures = Vec::new();
    for AzRun { name, design, out } in &runs {
        failures.extend(
            az_run_failures(design, out)
                .into_iter()
                .map(|f| format!("{name}: {f}")),
        );
    }
    assert!(
        failures.is_empty(),
        "{}\n(the scripts and az's requests are in {})",
        failures.join("\n"),
        dir.display()
    );
}

// ---------------------------------------------------------------------------------------------
// PowerShell: no pwsh in the registries; cmdlet and parameter names are checked against our table
// of the Az modules' published help (tests/fixtures/az-powershell-cmdlets.tsv).

/// The table: cmdlet (lower case) → its parameter names (lower case).
fn az_cmdlet_table() -> std::collections::HashMap<String, Vec<String>> {
    let text = std::fs::read_to_string(root().join("tests/fixtures/az-powershell-cmdlets.tsv"))
        .expect("cmdlet table readable");
    let mut table = std::collections::HashMap::new();
    for line in text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let cols: Vec<&str> = line.split('\t').collect();
        assert_eq!(cols.len(), 4, "table line has 4 columns: {line}");
        let params = cols[3]
            .split_whitespace()
            .map(str::to_ascii_lowercase)
            .collect();
        table.insert(cols[0].to_ascii_lowercase(), params);
    }
    table
}

/// Every cmdlet call of a PowerShell script, with the parameter names given to it: `-Name`
/// tokens belong to the innermost cmdlet at the same parenthesis depth; quoted strings and
/// comments are skipped; a pipe, `;`, a brace or a line end ends a call.
fn ps_calls(script: &str) -> Vec<(String, Vec<String>)> {
    let mut calls: Vec<(String, Vec<String>)> = Vec::new();
    let mut open: Vec<(usize, usize)> = Vec::new(); // (index in calls, depth)
    let mut depth = 0usize;
    let chars: Vec<char> = script.chars().collect();
    let mut i = 0;
    let word = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_';
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\'' => {
                i += 1;
                while i < chars.len() {
                    if chars[i] == '\'' {
                        if chars.get(i + 1) == Some(&'\'') {
                            i += 1;
                        } else {
                            break;
                        }
                    }
                    i += 1;
                }
            }
            '"' => {
                i += 1;
                while i < chars.len() && chars[i] != '"' {
                    if chars[i] == '`' {
                        i += 1;
                    }
                    i += 1;
                }
            }
            '#' => {
                while i < chars.len() && chars[i] != '\n' {
                    i += 1;
                }
                continue;
            }
            '(' => depth += 1,
            ')' => {
                open.retain(|(_, d)| *d < depth);
                depth = depth.saturating_sub(1);
            }
            '\n' | '|' | ';' | '{' | '}' => open.retain(|(_, d)| *d < depth),
            '-' if i > 0 && chars[i - 1].is_whitespace() => {
                let start = i + 1;
                let mut j = start;
                while j < chars.len() && word(chars[j]) {
                    j += 1;
                }
                let name: String = chars[start..j].iter().collect();
                if name.starts_with(|c: char| c.is_ascii_alphabetic()) {
                    if let Some((k, _)) = open.last().filter(|(_, d)| *d == depth) {
                        calls[*k].1.push(name);
                    }
                }
                i = j;
                continue;
            }
            c if c.is_ascii_alphabetic()
                && (i == 0
                    || !word(chars[i - 1]) && chars[i - 1] != '$' && chars[i - 1] != '.') =>
            {
                let mut j = i;
                while j < chars.len() && word(chars[j]) {
                    j += 1;
                }
                let token: String = chars[i..j].iter().collect();
                let is_cmdlet = token.split_once('-').is_some_and(|(verb, noun)| {
                    verb.len() > 1
                        && verb.chars().next().is_some_and(|c| c.is_ascii_uppercase())
                        && noun.chars().next().is_some_and(|c| c.is_ascii_uppercase())
                        && !noun.contains('-')
                });
                if is_cmdlet {
                    calls.push((token, Vec::new()));
                    open.push((calls.len() - 1, depth));
                }
                i = j;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    calls
}

#[test]
fn powershell_tokenizer_attributes_parameters_to_the_right_cmdlet() {
    let calls = ps_calls(
        "$x = Get-AzThing -Name 'a -Fake' -Other (Get-AzInner -Deep $y).Id -Last\n\
         while ((Get-AzA -Name b).State -ne 'x') { Start-Sleep -Seconds 1 }\n\
         $b | Add-Member -NotePropertyName p # -Comment\n\
         Invoke-AzRestMethod -Path \"$($id)?v=1 -NotAParam\" -Payload ($b | ConvertTo-Json -Depth 3)",
    );
    let got: Vec<(String, Vec<String>)> = calls;
    let want: Vec<(&str, Vec<&str>)> = vec![
        ("Get-AzThing", vec!["Name", "Other", "Last"]),
        ("Get-AzInner", vec!["Deep"]),
        ("Get-AzA", vec!["Name"]),
        ("Start-Sleep", vec!["Seconds"]),
        ("Add-Member", vec!["NotePropertyName"]),
        ("Invoke-AzRestMethod", vec!["Path", "Payload"]),
        ("ConvertTo-Json", vec!["Depth"]),
    ];
    let got: Vec<(&str, Vec<&str>)> = got
        .iter()
        .map(|(c, p)| (c.as_str(), p.iter().map(String::as_str).collect()))
        .collect();
    assert_eq!(got, want);
}

/// The Az cmdlets and parameters of `script` that the table does not know.
fn unknown_az_names(
    script: &str,
    table: &std::collections::HashMap<String, Vec<String>>,
) -> Vec<String> {
    let mut out = Vec::new();
    for (cmdlet, params) in ps_calls(script) {
        let is_az = cmdlet
            .split_once('-')
            .is_some_and(|(_, noun)| noun.starts_with("Az") && noun.len() > 2);
        if !is_az {
            continue;
        }
        let Some(known) = table.get(&cmdlet.to_ascii_lowercase()) else {
            out.push(format!("{cmdlet} is not in the table"));
            continue;
        };
        for p in params {
            if !known.contains(&p.to_ascii_lowercase()) {
                out.push(format!("{cmdlet} has no parameter -{p}"));
            }
        }
    }
    out
}

#[test]
fn powershell_uses_only_cmdlets_and_parameters_of_the_az_modules() {
    let table = az_cmdlet_table();
    // The check itself: what the modules lack is found.
    assert_eq!(
        unknown_az_names(
            "$c = New-AzExpressRouteCircuit -Name 'a' -EnableDirectPortRateLimit $true\nNew-AzBogus -X 1",
            &table
        ),
        [
            "New-AzExpressRouteCircuit has no parameter -EnableDirectPortRateLimit",
            "New-AzBogus is not in the table"
        ]
    );
    let mut failures = Vec::new();
    for (name, d) in designs() {
        let script = export(&d, Format::PowerShell);
        assert!(
            ps_calls(&script)
                .iter()
                .any(|(c, _)| c == "New-AzExpressRouteCircuit"),
            "{name}: the tokenizer found the circuit"
        );
        failures.extend(
            unknown_az_names(&script, &table)
                .into_iter()
                .map(|f| format!("{name}: {f}")),
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Each field the azcli round trip proves is also written by the PowerShell export, on the line
/// that sets it (no pwsh here to run it).
#[test]
fn powershell_writes_every_field_the_cli_does() {
    let mut failures = Vec::new();
    for (name, d) in designs() {
        let ps = export(&d, Format::PowerShell);
        let lines: Vec<&str> = ps.lines().collect();
        let has = |pred: &dyn Fn(&str) -> bool| lines.iter().any(|l| pred(l));
        let q = |s: &str| format!("'{}'", s.trim().replace('\'', "''"));
        let mut missing = Vec::new();
        for p in &d.direct_ports {
            if !has(&|l| {
                l.starts_with("New-AzExpressRoutePort")
                    && l.contains(&format!("-Name {}", q(&p.name)))
            }) {
                missing.push(format!("port pair {} created", p.name));
            }
        }
        for c in &d.circuits {
            if c.port_type == erwiz::domain::model::PortType::Direct
                && c.rate_limiting
                && !has(&|l| l == format!("# Rate limiting on {}", c.name.trim()))
            {
                missing.push(format!("rate limiting of {}", c.name));
            }
            let peerings = [
                ("AzurePrivatePeering", c.private_peering.as_ref(), None),
                (
                    "MicrosoftPeering",
                    c.microsoft_peering.as_ref().map(|m| &m.peering),
                    c.microsoft_peering.as_ref(),
                ),
            ];
            for (kind, p, m) in peerings {
                let Some(p) = p else { continue };
                let on_peering =
                    |l: &str| l.contains(&format!("-Name {kind} ")) && l.contains("PeeringConfig");
                if !p.enabled
                    && !has(&|l| {
                        l.contains(&format!("-Name {kind} ")) && l.ends_with(".State = 'Disabled'")
                    })
                {
                    missing.push(format!("disabled {kind} of {}", c.name));
                }
                if p.address_family.has_v6()
                    && !has(&|l| on_peering(l) && l.contains("-PeerAddressType IPv6"))
                {
                    missing.push(format!("IPv6 of {kind} of {}", c.name));
                }
                if let Some(m) = m.filter(|m| !m.route_filter.trim().is_empty()) {
                    for v6 in [false, true] {
                        let wanted = if v6 {
                            p.address_family.has_v6()
                        } else {
                            p.address_family.has_v4()
                        };
                        // As a parameter of the peering's cmdlet, or set on the peering object.
                        let found = has(&|l| {
                            on_peering(l)
                                && l.contains("-PeerAddressType IPv6") == v6
                                && (l.contains("-RouteFilter ") || l.contains("-RouteFilterId "))
                        }) || has(&|l| {
                            l.contains(&format!("-Name {kind} "))
                                && l.contains(if v6 {
                                    ").Ipv6PeeringConfig.RouteFilter = "
                                } else {
                                    ").RouteFilter = "
                                })
                        });
                        if wanted && !found {
                            missing.push(format!(
                                "route filter {} on the {} side of {}",
                                m.route_filter,
                                if v6 { "IPv6" } else { "IPv4" },
                                c.name
                            ));
                        }
                    }
                }
            }
        }
        for g in &d.gateways {
            if g.allow_remote_vnet_traffic
                && !has(&|l| {
                    l.contains("Set-AzVirtualNetworkGateway")
                        && l.contains("-AllowRemoteVnetTraffic $true")
                })
            {
                missing.push(format!("allowRemoteVnetTraffic of {}", g.name));
            }
        }
        for cn in &d.connections {
            let line = lines.iter().find(|l| {
                l.starts_with("New-AzVirtualNetworkGatewayConnection")
                    && l.contains(&format!("-Name {} ", q(&cn.name)))
            });
            if cn.private_link_fast_path
                && !line.is_some_and(|l| l.contains("-EnablePrivateLinkFastPath"))
            {
                missing.push(format!("Private Link FastPath of {}", cn.name));
            }
        }
        for gr in &d.global_reach {
            let v6 = gr.address_prefix_v6.trim();
            if !v6.is_empty()
                && !has(&|l| {
                    l.starts_with("Set-AzExpressRouteCircuitConnectionConfig")
                        && l.contains(&format!("-AddressPrefix {} -AddressPrefixType IPv6", q(v6)))
                })
            {
                missing.push(format!("Global Reach IPv6 {v6} of {}", gr.name));
            }
        }
        if !missing.is_empty() {
            failures.push(format!(
                "{name}: the PowerShell export lacks {}",
                missing.join(", ")
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
