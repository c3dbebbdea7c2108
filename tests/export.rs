//! Exports: golden files for every fixture × format (regenerate with `UPDATE_GOLDEN=1`), structural
//! checks of ARM and Terraform, no secret in deployment formats, and totality on odd designs.
#![cfg(not(target_arch = "wasm32"))]

use erwiz::domain::export::{export, Format};
use erwiz::domain::io::parse_design;
use erwiz::domain::model::Design;
use proptest::prelude::*;
use serde_json::Value;
use std::path::PathBuf;

const FIXTURES: &[&str] = &[
    "minimal",
    "seed",
    "two-circuits",
    "dual-stack",
    "direct",
    "full-direct",
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests")
}

fn design(name: &str) -> Design {
    let text = std::fs::read_to_string(root().join(format!("fixtures/{name}.json")))
        .expect("fixture readable");
    parse_design(&text).expect("fixture parses")
}

#[test]
fn golden_files() {
    let update = std::env::var_os("UPDATE_GOLDEN").is_some_and(|v| v == "1");
    let mut stale = Vec::new();
    for name in FIXTURES {
        let d = design(name);
        for f in Format::ALL {
            let path = root().join(format!("golden/{name}.{}", f.extension()));
            let got = export(&d, f);
            if update {
                std::fs::create_dir_all(root().join("golden")).expect("golden dir");
                std::fs::write(&path, &got).expect("golden written");
            } else if std::fs::read_to_string(&path).ok().as_deref() != Some(got.as_str()) {
                stale.push(path.display().to_string());
            }
        }
    }
    assert!(
        stale.is_empty(),
        "export differs from the golden files (review, then regenerate with \
         UPDATE_GOLDEN=1 cargo test --test export; diff with git diff tests/golden):\n{}",
        stale.join("\n")
    );
}

#[test]
fn arm_is_a_deployment_template() {
    for name in FIXTURES {
        let v: Value = serde_json::from_str(&export(&design(name), Format::Arm)).expect("JSON");
        assert_eq!(
            v["$schema"],
            "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#"
        );
        for key in [
            "contentVersion",
            "parameters",
            "variables",
            "resources",
            "outputs",
        ] {
            assert!(v.get(key).is_some(), "{name}: {key}");
        }
        let resources = v["resources"].as_array().expect("resources");
        assert!(!resources.is_empty());
        for r in resources {
            assert!(r["type"].is_string() && r["name"].is_string(), "{r}");
            assert_eq!(r["apiVersion"], "2024-05-01");
        }
        let circuits = resources
            .iter()
            .filter(|r| r["type"] == "Microsoft.Network/expressRouteCircuits")
            .count();
        let keys = v["outputs"]
            .as_object()
            .expect("outputs")
            .values()
            .filter(|o| {
                o["value"]
                    .as_str()
                    .is_some_and(|s| s.ends_with(".serviceKey]"))
            })
            .count();
        assert_eq!(circuits, keys, "{name}: one serviceKey output per circuit");
    }
}

#[test]
fn two_circuits_has_global_reach_in_every_deployment_format() {
    let d = design("two-circuits");
    let arm = export(&d, Format::Arm);
    assert!(arm.contains("Microsoft.Network/expressRouteCircuits/peerings/connections"));
    assert!(arm.contains("\"addressPrefix\": \"192.168.102.0/29\""));
    assert!(export(&d, Format::Bicep).contains("peerExpressRouteCircuitPeering"));
    assert!(export(&d, Format::Terraform).contains("azurerm_express_route_circuit_connection"));
    assert!(
        export(&d, Format::AzCli).contains("az network express-route peering connection create")
    );
    assert!(export(&d, Format::PowerShell).contains("Add-AzExpressRouteCircuitConnectionConfig"));
    // The /29 of er-amsterdam is split into two /30s.
    assert!(arm.contains("192.168.101.128/30") && arm.contains("192.168.101.132/30"));
}

const TF_ALLOWED: &[&str] = &[
    "azurerm_express_route_circuit",
    "azurerm_express_route_circuit_peering",
    "azurerm_express_route_circuit_authorization",
    "azurerm_express_route_circuit_connection",
    "azurerm_express_route_port",
    "azurerm_route_filter",
    "azurerm_virtual_network",
    "azurerm_subnet",
    "azurerm_public_ip",
    "azurerm_virtual_network_gateway",
    "azurerm_virtual_network_gateway_connection",
];

/// Braces balance outside strings and comments; every resource type is allowed.
fn check_terraform(tf: &str) -> Result<(), String> {
    let mut depth = 0i64;
    for line in tf.lines() {
        let mut in_str = false;
        let mut escaped = false;
        for c in line.chars() {
            match c {
                _ if escaped => escaped = false,
                '\\' if in_str => escaped = true,
                '"' => in_str = !in_str,
                '#' if !in_str => break,
                '{' if !in_str => depth += 1,
                '}' if !in_str => depth -= 1,
                _ => {}
            }
            if depth < 0 {
                return Err(format!("unbalanced at {line}"));
            }
        }
        if in_str {
            return Err(format!("unterminated string: {line}"));
        }
        if let Some(rest) = line.strip_prefix("resource \"") {
            let ty = rest.split('"').next().unwrap_or("");
            if !TF_ALLOWED.contains(&ty) {
                return Err(format!("resource type {ty}"));
            }
            let label = rest.split('"').nth(2).unwrap_or("");
            let ok = label
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic())
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
            if !ok {
                return Err(format!("label {label:?}"));
            }
        }
    }
    if depth == 0 {
        Ok(())
    } else {
        Err(format!("depth {depth} at the end"))
    }
}

#[test]
fn terraform_is_balanced_and_azurerm_only() {
    for name in FIXTURES {
        let tf = export(&design(name), Format::Terraform);
        assert_eq!(check_terraform(&tf), Ok(()), "{name}");
        assert!(tf.contains("provider \"azurerm\""));
    }
}

#[test]
fn secrets_never_appear_in_deployment_formats() {
    let mut d = design("two-circuits");
    let secret = "S3cretKeyValue9";
    for c in &mut d.circuits {
        if let Some(p) = &mut c.private_peering {
            p.shared_key = secret.into();
        }
    }
    d.connections[0].cross_subscription = true;
    d.connections[0].authorization_key = "11111111-2222-3333-4444-555555555555".into();
    d.global_reach[0].cross_subscription = true;
    d.global_reach[0].authorization_key = "66666666-2222-3333-4444-555555555555".into();
    for f in [
        Format::Arm,
        Format::Bicep,
        Format::Terraform,
        Format::AzCli,
        Format::PowerShell,
    ] {
        let out = export(&d, f);
        for s in [secret, "11111111-2222", "66666666-2222"] {
            assert!(!out.contains(s), "{f:?} leaks {s}");
        }
    }
    let arm: Value = serde_json::from_str(&export(&d, Format::Arm)).expect("JSON");
    let secure = arm["parameters"]
        .as_object()
        .expect("parameters")
        .values()
        .filter(|p| p["type"] == "securestring")
        .count();
    assert_eq!(secure, 4, "two shared keys and two authorization keys");
    assert!(export(&d, Format::Bicep).contains("@secure()"));
    assert!(export(&d, Format::Terraform).contains("sensitive   = true"));
    // Router configurations carry the key the design holds, on a marked line.
    let ios = export(&d, Format::IosXe);
    assert!(ios.contains("! SECRET:") && ios.contains(secret));
}

#[test]
fn routers_get_both_links_and_the_right_addresses() {
    let d = design("dual-stack");
    let ios = export(&d, Format::IosXe);
    assert!(ios.contains("PRIMARY router") && ios.contains("SECONDARY router"));
    assert!(ios.contains(" ip address 172.31.0.1 255.255.255.252"));
    assert!(ios.contains(" ip address 172.31.0.5 255.255.255.252"));
    assert!(ios.contains(" ipv6 address fd00:10:1::1/126"));
    assert!(ios.contains(" neighbor fd00:10:1::6 remote-as 12076"));
    assert!(ios.contains("router bgp 4200000001"));
    assert!(ios.contains(" encapsulation dot1Q 110"));
    let junos = export(&d, Format::Junos);
    assert!(junos.contains("unit 110 family inet6 address fd00:10:1::5/126"));
    assert!(junos.contains("neighbor 172.31.0.2"));
    assert!(junos.contains("peer-as 12076"));
    assert!(junos.contains("set routing-options autonomous-system 4200000001"));
    assert!(
        !junos.contains("local-as"),
        "one ASN on every peering: no local-as"
    );
}

#[test]
fn hostile_text_is_quoted() {
    let mut d = design("seed");
    let evil = "x'\"$(rm -rf /)`${a}%{b}\\\n[evil]";
    d.circuits[0].name = evil.into();
    d.circuits[0].provider = "[concat('a')]".into();
    d.virtual_networks[0].name = evil.into();
    let arm: Value = serde_json::from_str(&export(&d, Format::Arm)).expect("JSON");
    assert!(arm.to_string().contains("[[concat('a')]"));
    assert_eq!(check_terraform(&export(&d, Format::Terraform)), Ok(()));
    let sh = export(&d, Format::AzCli);
    assert!(sh.contains(r"'x'\''"), "{sh}");
    assert!(
        !sh.contains("provision x'\"$"),
        "echo text has no expansions"
    );
    let ps = export(&d, Format::PowerShell);
    assert!(ps.contains("'x''\"$(rm"));
    let bicep = export(&d, Format::Bicep);
    assert!(
        bicep.contains(r#"'x\'"\$(rm -rf /)`\${a}%{b}\\\n[evil]'"#),
        "{bicep}"
    );
    for f in [Format::IosXe, Format::Junos] {
        assert!(
            !export(&d, f).contains("\n[evil]"),
            "{f:?}: one line per value"
        );
    }
}

/// Keys whose values are enums or the schema version: left alone so the design still parses.
const KEEP: &[&str] = &[
    "version",
    "portType",
    "skuTier",
    "skuFamily",
    "providerStatus",
    "addressFamily",
    "subnetMode",
    "sku",
    "allocation",
    "encapsulation",
];

/// Replaces string and number leaves of a JSON value with odd text, driven by `seed`.
fn mutate(v: &mut Value, seed: &mut u64) {
    const ODD: &[&str] = &[
        "",
        " ",
        "'",
        "\"",
        "${x}",
        "%{y}",
        "$(id)",
        "`id`",
        "\\",
        "[x]",
        "\n",
        "\u{0}",
        "é中🙂",
        "999999999999999999999",
        "-1",
        "1.5",
        "65001",
        "10.0.0.0/29",
        "fd00::/126",
        "GatewaySubnet",
        "er-london",
        "er-amsterdam",
        "vnet-hub",
        "ergw-hub",
        "a/b",
    ];
    *seed = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    let pick = (*seed >> 33) as usize;
    match v {
        Value::String(_) | Value::Number(_) if pick.is_multiple_of(3) => {
            *v = Value::String(ODD[pick / 3 % ODD.len()].to_string());
        }
        Value::Bool(b) if pick.is_multiple_of(2) => *b = !*b,
        Value::Array(a) => a.iter_mut().for_each(|x| mutate(x, seed)),
        Value::Object(m) => m
            .iter_mut()
            .filter(|(k, _)| !KEEP.contains(&k.as_str()))
            .for_each(|(_, x)| mutate(x, seed)),
        _ => {}
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn exports_never_panic_and_stay_well_formed(seed in any::<u64>(), which in 0..FIXTURES.len()) {
        let text = std::fs::read_to_string(root().join(format!("fixtures/{}.json", FIXTURES[which])))
            .expect("fixture");
        let mut v: Value = serde_json::from_str(&text).expect("JSON");
        let mut s = seed;
        mutate(&mut v, &mut s);
        let d = parse_design(&v.to_string());
        prop_assert!(d.is_ok(), "mutated fixture parses: {:?}", d.err());
        if let Ok(d) = d {
            for f in Format::ALL {
                let out = export(&d, f);
                prop_assert!(!out.is_empty());
                prop_assert_eq!(&out, &export(&d, f), "deterministic");
            }
            prop_assert!(serde_json::from_str::<Value>(&export(&d, Format::Arm)).is_ok());
            prop_assert_eq!(check_terraform(&export(&d, Format::Terraform)), Ok(()));
        }
    }
}

#[test]
fn direct_port_pairs_are_created_and_referenced() {
    let d = design("direct");
    let arm: Value = serde_json::from_str(&export(&d, Format::Arm)).expect("JSON");
    let resources = arm["resources"].as_array().expect("resources");
    let port = resources
        .iter()
        .find(|r| r["type"] == "Microsoft.Network/expressRoutePorts")
        .expect("the port pair is created");
    assert_eq!(port["name"], "erport-ams2");
    assert_eq!(port["properties"]["encapsulation"], "QinQ");
    assert_eq!(port["properties"]["bandwidthInGbps"], 100);
    let circuit = resources
        .iter()
        .find(|r| r["name"] == "er-direct-ams")
        .expect("circuit");
    let id = "[resourceId('Microsoft.Network/expressRoutePorts', 'erport-ams2')]";
    assert_eq!(circuit["properties"]["expressRoutePort"]["id"], id);
    assert!(circuit["dependsOn"]
        .as_array()
        .is_some_and(|d| d.iter().any(|x| x == id)));
    let bicep = export(&d, Format::Bicep);
    assert!(bicep.contains("resource port_erport_ams2 'Microsoft.Network/expressRoutePorts@"));
    assert!(bicep.contains("id: port_erport_ams2.id"));
    let tf = export(&d, Format::Terraform);
    assert!(tf.contains("resource \"azurerm_express_route_port\" \"port_erport_ams2\""));
    assert!(
        tf.contains("express_route_port_id    = azurerm_express_route_port.port_erport_ams2.id")
    );
}

#[test]
fn expressroute_gateways_get_no_public_ip_and_say_so() {
    let d = design("dual-stack");
    assert!(d.gateways[0].public_ip.is_some(), "the fixture plans one");
    for f in [Format::Arm, Format::Bicep, Format::Terraform] {
        let out = export(&d, f);
        assert!(
            !out.contains("publicIPAddresses") && !out.contains("azurerm_public_ip"),
            "{f:?} creates no public IP"
        );
        assert!(
            out.contains("Public IP pip-ergw-hub-ds: Azure assigns"),
            "{f:?}"
        );
    }
}

#[test]
fn a_disabled_peering_is_written_disabled_everywhere() {
    let mut d = design("seed");
    let before = export(&d, Format::IosXe);
    if let Some(p) = &mut d.circuits[0].private_peering {
        p.enabled = false;
    }
    let arm: Value = serde_json::from_str(&export(&d, Format::Arm)).expect("JSON");
    let state = arm["resources"]
        .as_array()
        .expect("resources")
        .iter()
        .find(|r| r["properties"]["peeringType"] == "AzurePrivatePeering")
        .map(|r| r["properties"]["state"].clone());
    assert_eq!(state, Some(Value::from("Disabled")));
    assert!(export(&d, Format::Terraform).contains("ipv4_enabled                  = false"));
    let ios = export(&d, Format::IosXe);
    let shut = |t: &str| {
        t.lines()
            .any(|l| l.starts_with(" neighbor ") && l.ends_with(" shutdown"))
    };
    assert!(!shut(&before) && shut(&ios));
    let junos = export(&d, Format::Junos);
    assert!(junos
        .contains("\ndeactivate protocols bgp group ER-er_london-AzurePrivatePeering-primary\n"));
}

#[test]
fn remote_vnet_traffic_reaches_every_deployment_format() {
    let mut d = design("seed");
    let flag = |d: &Design| {
        let arm: Value = serde_json::from_str(&export(d, Format::Arm)).expect("JSON");
        let gw = arm["resources"]
            .as_array()
            .expect("resources")
            .iter()
            .find(|r| r["type"] == "Microsoft.Network/virtualNetworkGateways")
            .map(|r| r["properties"]["allowRemoteVnetTraffic"].clone());
        let tf = export(d, Format::Terraform);
        let tf_flag = tf
            .lines()
            .find(|l| l.trim_start().starts_with("remote_vnet_traffic_enabled"))
            .and_then(|l| l.rsplit(' ').next())
            .map(str::to_string);
        (gw, tf_flag)
    };
    for on in [false, true] {
        d.gateways[0].allow_remote_vnet_traffic = on;
        assert_eq!(
            flag(&d),
            (Some(Value::Bool(on)), Some(on.to_string())),
            "allowRemoteVnetTraffic = {on}"
        );
    }
}

#[test]
fn router_exports_advertise_the_on_premises_prefixes_or_say_why_not() {
    let mut d = design("seed");
    d.on_prem_routes = vec![
        "172.16.0.0/16".into(),
        "2001:db8:100::/48".into(),
        "10.20.0.0/15".into(),
    ];
    let ios = export(&d, Format::IosXe);
    let junos = export(&d, Format::Junos);
    for want in [
        "ip prefix-list ER-er_london-AzurePrivatePeering-V4-OUT seq 5 permit 172.16.0.0/16",
        "ip prefix-list ER-er_london-AzurePrivatePeering-V4-OUT seq 10 permit 10.20.0.0/15",
        "  network 10.20.0.0 mask 255.254.0.0",
    ] {
        assert!(ios.contains(want), "IOS-XE lacks {want}");
    }
    // An IPv6 prefix is advertised only on a peering that carries IPv6.
    assert!(!ios.contains("2001:db8:100::/48"), "{ios}");
    assert!(junos.contains(
        "set policy-options prefix-list ER-er_london-AzurePrivatePeering-PREFIXES 10.20.0.0/15"
    ));
    assert!(!ios.contains("no on-premises"), "{ios}");
    assert!(!junos.contains("no on-premises"), "{junos}");
    // None: the outbound filter still denies everything, and says why and where to add them.
    d.on_prem_routes.clear();
    let ios = export(&d, Format::IosXe);
    let junos = export(&d, Format::Junos);
    assert!(
        ios.contains("! no on-premises IPv4 prefixes in the design"),
        "{ios}"
    );
    assert!(ios.contains(
        "ip prefix-list ER-er_london-AzurePrivatePeering-V4-OUT seq 1000 deny 0.0.0.0/0 le 32"
    ));
    assert!(!ios.contains("network 172.16.0.0"), "{ios}");
    assert!(
        junos.contains("# no on-premises prefixes in the design"),
        "{junos}"
    );
    assert!(junos.contains(
        "set policy-options policy-statement ER-er_london-AzurePrivatePeering-OUT term reject then reject"
    ));
}
