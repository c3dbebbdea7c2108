//! Templates in the shapes Microsoft's ExpressRoute quickstarts have (our own files, in
//! `tests/fixtures/real/`), checked through the `erwiz` binary: what a template leaves to
//! deployment is unknown, not empty (U20); a peering before the provider provisions is not an
//! error (U17); one template that creates a provider circuit and links it is (G2); a Basic public
//! IP a template creates is the retired SKU (U5).

#![cfg(not(target_arch = "wasm32"))]

use erwiz::domain::finding::Severity;
use erwiz::domain::io::parse_design;
use erwiz::domain::model::ProviderStatus;
use erwiz::domain::rules::validate;
use serde_json::Value;
use std::io::Write;
use std::process::{Command, Stdio};

fn real(name: &str) -> String {
    format!("{}/tests/fixtures/real/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// `erwiz check … --format json` on `args` (stdin given when the template is `-`): exit status
/// and (severity, code, path) of every finding.
fn check(args: &[&str], stdin: Option<&str>) -> (i32, Vec<(String, String, String)>, Value) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_erwiz"));
    cmd.arg("check")
        .args(args)
        .args(["--format", "json"])
        .env_remove("ERWIZ_REPORT_PEAK_MEMORY")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("erwiz runs");
    if let Some(text) = stdin {
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(text.as_bytes())
            .expect("write stdin");
    } else {
        drop(child.stdin.take());
    }
    let o = child.wait_with_output().expect("erwiz ends");
    let out = String::from_utf8_lossy(&o.stdout).into_owned();
    let v: Value = serde_json::from_str(&out)
        .unwrap_or_else(|e| panic!("{e}: {out} {}", String::from_utf8_lossy(&o.stderr)));
    let fs = v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            let s = |k: &str| f[k].as_str().unwrap_or_default().to_string();
            (s("severity"), s("code"), s("path"))
        })
        .collect();
    (o.status.code().unwrap_or(-1), fs, v)
}

fn errors(fs: &[(String, String, String)]) -> Vec<(&str, &str)> {
    fs.iter()
        .filter(|f| f.0 == "error")
        .map(|f| (f.1.as_str(), f.2.as_str()))
        .collect()
}

const BASIC_IP: (&str, &str) = ("ER-GW-009", "gateways[0].publicIp.sku");

/// A template, its parameters file, and the error findings expected (nothing else may be one).
type Case = (
    &'static str,
    Option<&'static str>,
    &'static [(&'static str, &'static str)],
);

#[test]
fn quickstart_shaped_templates_give_only_the_errors_azure_raises() {
    let cases: &[Case] = &[
        // Every value but the SKU given at deployment: nothing to refuse.
        ("circuit-only.json", None, &[]),
        (
            "circuit-only.json",
            Some("circuit-only.parameters.json"),
            &[],
        ),
        // Circuit, private peering and gateway in one deployment (no connection): Azure creates
        // the peering on the NotProvisioned circuit; only the Basic public IP is refused.
        ("peering-and-gateway.json", None, &[BASIC_IP]),
        // Linking a circuit that exists (by ID) is fine, with or without the values.
        ("link-existing-circuit.json", None, &[BASIC_IP]),
        (
            "link-existing-circuit.json",
            Some("link-existing-circuit.parameters.json"),
            &[BASIC_IP],
        ),
    ];
    for (template, params, want) in cases {
        let t = real(template);
        let p = params.map(real);
        let mut args = vec![t.as_str()];
        if let Some(p) = &p {
            args.extend(["--parameters", p.as_str()]);
        }
        let (code, fs, _) = check(&args, None);
        assert_eq!(errors(&fs), *want, "{template} {params:?}: {fs:?}");
        assert_eq!(code, i32::from(!want.is_empty()), "{template} {params:?}");
        // Unknown values are said once, as information; no gating finding on the peering.
        let unknown = fs.iter().filter(|f| f.1 == "ER-U-001").count();
        assert_eq!(unknown, 1, "{template} {params:?}: {fs:?}");
        assert!(fs.iter().all(|f| f.1 != "ER-G-001"), "{template}: {fs:?}");
    }
}

#[test]
fn a_parameters_file_s_values_are_checked() {
    // The same template: 300 Mbps is not an ExpressRoute bandwidth once it is given.
    let dir = env!("CARGO_TARGET_TMPDIR");
    let bad = format!("{dir}/circuit-only.bad.parameters.json");
    let text = std::fs::read_to_string(real("circuit-only.parameters.json"))
        .unwrap()
        .replace("\"value\": 1000", "\"value\": 300");
    assert!(text.contains("300"));
    std::fs::write(&bad, text).unwrap();
    let (code, fs, _) = check(&[&real("circuit-only.json"), "-p", &bad], None);
    assert_eq!(code, 1);
    assert_eq!(errors(&fs), [("ER-C-007", "circuits[0].bandwidthMbps")]);
}

#[test]
fn the_basic_ip_is_the_only_error_and_a_standard_one_passes() {
    let t = std::fs::read_to_string(real("link-existing-circuit.json")).unwrap();
    let standard = t.replace(
        r#""properties": { "publicIPAllocationMethod": "Dynamic" }"#,
        r#""sku": { "name": "Standard" }, "properties": { "publicIPAllocationMethod": "Static" }"#,
    );
    assert_ne!(standard, t);
    let (code, fs, _) = check(&["-"], Some(&standard));
    assert_eq!((code, errors(&fs)), (0, vec![]), "{fs:?}");
    // A SKU given as Basic (Static) is the retired SKU too; the message says why.
    let basic = t.replace(
        r#""properties": { "publicIPAllocationMethod": "Dynamic" }"#,
        r#""sku": { "name": "Basic" }, "properties": { "publicIPAllocationMethod": "Static" }"#,
    );
    let (code, fs, v) = check(&["-"], Some(&basic));
    assert_eq!((code, errors(&fs)), (1, vec![BASIC_IP]), "{fs:?}");
    let msg = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["severity"] == "error")
        .and_then(|f| f["message"].as_str())
        .unwrap_or_default()
        .to_string();
    assert!(
        msg.contains("retired on 30 September 2025") && !msg.contains("always Static"),
        "{msg}"
    );
}

#[test]
fn one_template_that_creates_a_provider_circuit_and_links_it_fails() {
    // peering-and-gateway plus a connection to its own new circuit.
    let t = std::fs::read_to_string(real("peering-and-gateway.json")).unwrap();
    let connection = r#",
    {
      "type": "Microsoft.Network/connections",
      "apiVersion": "2022-07-01",
      "name": "cn-fra",
      "location": "[parameters('region')]",
      CONDITION
      "properties": {
        "connectionType": "ExpressRoute",
        "virtualNetworkGateway1": { "id": "[resourceId('Microsoft.Network/virtualNetworkGateways', parameters('gwName'))]" },
        "peer": { "id": "[resourceId('Microsoft.Network/expressRouteCircuits', PEER)]" }
      }
    }
  ]
}"#;
    let with = |condition: &str, peer: &str| {
        let end = t
            .trim_end()
            .strip_suffix("]\n}")
            .or_else(|| t.trim_end().strip_suffix("]\r\n}"));
        let body = end
            .map(|b| b.trim_end().to_string())
            .expect("template ends with ]}");
        format!(
            "{body}{}",
            connection
                .replace("CONDITION", condition)
                .replace("PEER", peer)
        )
    };
    // (condition, peer, expected errors beyond the Basic public IP)
    for (condition, peer, g2) in [
        ("", "parameters('circuitName')", true),
        // Staged behind a condition (a second run, as the wizard's exports write it): fine.
        (
            r#""condition": "[greater(parameters('asn'), 0)]","#,
            "parameters('circuitName')",
            false,
        ),
        // Another circuit, which the template does not create: linked by ID, fine.
        ("", "'er-existing'", false),
    ] {
        let text = with(condition, peer);
        let (code, fs, _) = check(&["-"], Some(&text));
        let mut want = vec![];
        if g2 {
            want.push(("ER-G-002", "resources[5].properties.peer"));
        }
        want.push(BASIC_IP);
        let mut got = errors(&fs);
        got.sort();
        want.sort();
        assert_eq!(got, want, "{condition} {peer}: {fs:?}");
        assert_eq!(code, 1);
    }
}

#[test]
fn the_seed_typed_before_the_provider_provisions_warns_and_explains() {
    let mut d = parse_design(include_str!("fixtures/seed.json")).unwrap();
    assert!(validate(&d).iter().all(|f| f.severity != Severity::Error));
    // The seed module's order: circuit, peerings while the provider works, VNet link after.
    let connections = std::mem::take(&mut d.connections);
    for status in [ProviderStatus::NotProvisioned, ProviderStatus::Provisioning] {
        d.circuits[0].provider_status = status;
        let fs = validate(&d);
        assert!(
            fs.iter().all(|f| f.severity != Severity::Error),
            "{status:?}: {fs:#?}"
        );
        let g1: Vec<_> = fs.iter().filter(|f| f.code == "ER-G-001").collect();
        assert_eq!(g1.len(), 2, "{status:?}: both peerings");
        for f in g1 {
            assert_eq!(f.severity, Severity::Warning);
            assert!(
                f.message.contains("BGP sessions come up")
                    && f.message.contains("virtual networks can be linked"),
                "{}",
                f.message
            );
        }
    }
    // Linking the VNet before Provisioned: Azure refuses it (ER-G-002), nothing else.
    d.connections = connections;
    let errs: Vec<_> = validate(&d)
        .into_iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| (f.code, f.path))
        .collect();
    assert_eq!(errs, [("ER-G-002", "connections[0].circuit".to_string())]);
    // Not recorded (a new plan): no gating finding at all.
    d.circuits[0].provider_status = ProviderStatus::NotRecorded;
    assert!(validate(&d)
        .iter()
        .all(|f| f.severity == Severity::Info || !f.code.starts_with("ER-G-")));
}

#[test]
fn an_existing_basic_public_ip_read_from_az_is_a_warning_to_migrate() {
    // `az network vnet-gateway show` and `az network public-ip show` output, as a list.
    let (code, fs, v) = check(&[&real("az-gateway-and-ip-show.json")], None);
    assert_eq!((code, errors(&fs)), (0, vec![]), "{fs:?}");
    let f = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"] == "gateways[0].publicIp.sku")
        .expect("the Basic public IP is reported");
    assert_eq!(f["severity"], "warning");
    let msg = f["message"].as_str().unwrap_or_default();
    assert!(
        msg.contains("retired on 30 September 2025: migrate"),
        "{msg}"
    );
    // The same public IP in a template (created, not existing) is the error.
    let d = erwiz::domain::import::import_text(
        &std::fs::read_to_string(real("az-gateway-and-ip-show.json")).unwrap(),
    )
    .unwrap()
    .design;
    assert!(d.gateways[0].public_ip.as_ref().is_some_and(|p| p.existing));
    let mut created = d.clone();
    if let Some(p) = &mut created.gateways[0].public_ip {
        p.existing = false;
    }
    assert!(validate(&created)
        .iter()
        .any(|f| f.path == "gateways[0].publicIp.sku" && f.severity == Severity::Error));
}

#[test]
fn exports_hold_connections_to_their_new_provider_circuits_for_a_second_run() {
    use erwiz::domain::export::{export, Format};
    use erwiz::domain::import::{import_arm, import_text};
    let seed = parse_design(include_str!("fixtures/seed.json")).unwrap();
    // (recorded status, the switch's default)
    for (status, on) in [
        (ProviderStatus::Provisioned, true),
        (ProviderStatus::NotRecorded, false),
        (ProviderStatus::NotProvisioned, false),
        (ProviderStatus::Provisioning, false),
    ] {
        let mut d = seed.clone();
        d.circuits[0].provider_status = status;
        let arm: Value = serde_json::from_str(&export(&d, Format::Arm)).unwrap();
        let p = &arm["parameters"]["createConnections"];
        assert_eq!(
            (p["type"].as_str(), p["defaultValue"].as_bool()),
            (Some("bool"), Some(on)),
            "{status:?}"
        );
        let cn = arm["resources"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["type"] == "Microsoft.Network/connections")
            .expect("the connection");
        assert_eq!(cn["condition"], "[parameters('createConnections')]");
        let bicep = export(&d, Format::Bicep);
        assert!(
            bicep.contains(&format!("param createConnections bool = {on}\n")),
            "{bicep}"
        );
        assert!(
            bicep.contains("'Microsoft.Network/connections@2024-05-01' = if (createConnections) {")
        );
        let tf = export(&d, Format::Terraform);
        assert!(tf.contains("variable \"create_connections\""), "{tf}");
        assert!(tf.contains(&format!("= {on}\n")), "{tf}");
        assert!(
            tf.contains("count") && tf.contains("= var.create_connections ? 1 : 0"),
            "{tf}"
        );
        // The export checked on its own: no G2 (the connection is a second stage); with the
        // switch on, the connection is imported and checked.
        let text = export(&d, Format::Arm);
        let first = import_text(&text).unwrap();
        assert!(
            first.findings.iter().all(|f| f.code != "ER-G-002"),
            "{:?}",
            first.findings
        );
        assert_eq!(first.design.connections.len(), usize::from(on));
        let second = import_arm(
            &text,
            Some(r#"{"parameters":{"createConnections":{"value":true}}}"#),
        )
        .unwrap();
        assert_eq!(second.design.connections.len(), 1);
        assert!(second.findings.iter().all(|f| f.code != "ER-G-002"));
    }
    // A connection to a circuit outside the design, or in another subscription: nothing held.
    for cross in [false, true] {
        let mut d = seed.clone();
        d.circuits[0].provider_status = ProviderStatus::NotRecorded;
        d.connections[0].circuit = "er-elsewhere".into();
        d.connections[0].cross_subscription = cross;
        let arm = export(&d, Format::Arm);
        assert!(!arm.contains("createConnections"), "{cross}");
        assert!(!export(&d, Format::Terraform).contains("create_connections"));
    }
}
