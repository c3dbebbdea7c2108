//! Import of ARM templates and az CLI JSON: the export → import round trip on every fixture,
//! realistic quickstart-style templates with parameters files, az show output, and the
//! findings for everything that is not imported.

use erwiz::domain::catalog::normalize_region;
use erwiz::domain::export::{export, Format};
use erwiz::domain::finding::Finding;
use erwiz::domain::import::{import_arm, import_text, Imported, SourceFormat};
use erwiz::domain::io::parse_design;
use erwiz::domain::model::*;
use erwiz::domain::net::parse_asn;
use erwiz::domain::rules::all_rules;
use serde_json::json;

fn fixture(path: &str) -> String {
    let p = format!("{}/tests/fixtures/{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{p}: {e}"))
}

fn codes(fs: &[Finding]) -> Vec<&'static str> {
    fs.iter().map(|f| f.code).collect()
}

/// What an ARM template cannot carry, removed from a design so that `export(ARM) → import`
/// must give it back exactly. Each line is one normalisation:
fn arm_normal(d: &Design) -> Design {
    // Secrets become secure parameters without a value.
    let mut d = d.without_secrets();
    // The subscription and resource group are deployment scope, not template content.
    d.subscription_id.clear();
    d.resource_group.clear();
    // On-premises routes are router configuration, not Azure resources.
    d.on_prem_routes.clear();
    // Direct port pairs are referred to by ID; the template does not create them.
    d.direct_ports.clear();
    // Regions are written as programmatic names (West Europe → westeurope).
    let reg = |r: &mut String| *r = normalize_region(r);
    for c in &mut d.circuits {
        reg(&mut c.region);
        // Provider status is Azure's state, and managed routing a provider property.
        c.provider_status = ProviderStatus::NotProvisioned;
        c.provider_managed_routing = false;
        // Tags are a JSON object: sorted by name.
        c.tags.sort_by(|a, b| a.name.cmp(&b.name));
        // Only the fields of the circuit's port type are written.
        match c.port_type {
            PortType::Provider => {
                c.direct_port.clear();
                c.bandwidth_gbps.clear();
                c.rate_limiting = false;
            }
            PortType::Direct => {
                c.provider.clear();
                c.peering_location.clear();
                c.bandwidth_mbps = Circuit::default().bandwidth_mbps;
            }
        }
        let peerings = c
            .private_peering
            .iter_mut()
            .chain(c.microsoft_peering.iter_mut().map(|m| &mut m.peering));
        for p in peerings {
            // A /29 is written as its two /30s; ASNs as asplain.
            if p.subnet_mode == SubnetMode::OneSlash29 {
                let (a, b) = erwiz::domain::derived::v4_pair(p);
                p.primary_subnet = a.map(|n| n.to_string()).unwrap_or_default();
                p.secondary_subnet = b.map(|n| n.to_string()).unwrap_or_default();
                p.subnet_mode = SubnetMode::TwoSlash30;
                p.subnet29.clear();
            }
            if let Ok(n) = parse_asn(&p.peer_asn) {
                p.peer_asn = n.to_string();
            }
            if !p.address_family.has_v4() {
                p.primary_subnet.clear();
                p.secondary_subnet.clear();
            }
            if !p.address_family.has_v6() {
                p.primary_subnet_v6.clear();
                p.secondary_subnet_v6.clear();
            }
        }
        if let Some(m) = &mut c.microsoft_peering {
            if !m.peering.address_family.has_v6() {
                m.advertised_prefixes_v6.clear();
            }
        }
    }
    for f in &mut d.route_filters {
        reg(&mut f.region);
    }
    for v in &mut d.virtual_networks {
        reg(&mut v.region);
        // Subnet associations (NSG, route table, policies) are other resources.
        for s in &mut v.subnets {
            s.nsg = false;
            s.default_route_udr = false;
            s.bgp_propagation_disabled = false;
            s.service_endpoint_policy = false;
        }
    }
    for g in &mut d.gateways {
        reg(&mut g.region);
        // A coexisting VPN gateway is not part of the export.
        g.coexist_with_vpn = false;
        if g.sku != GatewaySku::ErGwScale {
            g.min_scale_units.clear();
            g.max_scale_units.clear();
        }
    }
    for cn in &mut d.connections {
        reg(&mut cn.region);
        // A circuit in another subscription is a parameter (its resource ID) without a value.
        if cn.cross_subscription {
            cn.circuit.clear();
        }
    }
    for gr in &mut d.global_reach {
        if gr.cross_subscription {
            gr.peer_circuit.clear();
        }
    }
    d
}

#[test]
fn every_fixture_round_trips_through_arm() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).expect("fixtures") {
        let path = entry.expect("entry").path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("read");
        let design = parse_design(&text).expect("fixture parses");
        let arm = export(&design, Format::Arm);
        let imported = import_text(&arm).unwrap_or_else(|e| panic!("{path:?}: {e}"));
        assert_eq!(imported.format, SourceFormat::ArmTemplate);
        let want = arm_normal(&design);
        let got = arm_normal(&imported.design);
        assert_eq!(got, want, "{path:?}\nfindings: {:#?}", imported.findings);
        // Only secrets, cross-subscription IDs and resource-group regions may be reported.
        for f in &imported.findings {
            assert!(
                ["ER-IMP-007", "ER-IMP-008"].contains(&f.code),
                "{path:?}: unexpected {f:?}"
            );
        }
        n += 1;
    }
    assert!(n >= 6, "{n} fixtures");
}

fn has(fs: &[Finding], code: &str, path: &str) -> bool {
    fs.iter().any(|f| f.code == code && f.path == path)
}

fn registered(i: &Imported) {
    let known: Vec<&str> = all_rules().iter().map(|r| r.code).collect();
    for f in &i.findings {
        assert!(known.contains(&f.code), "{f:?}");
        assert!(f.code.starts_with("ER-IMP-"), "{f:?}");
    }
}

#[test]
fn quickstart_circuit_with_defaults() {
    let i = import_text(&fixture("import/circuit-create.json")).unwrap();
    registered(&i);
    assert_eq!(i.format, SourceFormat::ArmTemplate);
    let d = &i.design;
    assert_eq!(
        d.name,
        "Creates an ExpressRoute circuit through a connectivity provider"
    );
    assert_eq!(d.circuits.len(), 1);
    let c = &d.circuits[0];
    assert_eq!(
        (
            c.name.as_str(),
            c.provider.as_str(),
            c.peering_location.as_str(),
            c.bandwidth_mbps.as_str()
        ),
        ("er-ckt01", "Equinix", "Silicon Valley", "50")
    );
    assert_eq!(
        (c.sku_tier, c.sku_family),
        (SkuTier::Standard, SkuFamily::MeteredData)
    );
    assert_eq!(
        c.region, "",
        "resourceGroup().location leaves the region to choose"
    );
    assert_eq!(
        c.tags,
        [
            Tag {
                name: "costCenter".into(),
                value: "4711".into()
            },
            Tag {
                name: "environment".into(),
                value: "test".into()
            },
        ]
    );
    assert_eq!(codes(&i.findings), ["ER-IMP-008"]);
    assert!(has(&i.findings, "ER-IMP-008", "resources[0].location"));
}

#[test]
fn parameters_file_overrides_defaults() {
    let i = import_arm(
        &fixture("import/circuit-create.json"),
        Some(&fixture("import/circuit-create.parameters.json")),
    )
    .unwrap();
    registered(&i);
    let c = &i.design.circuits[0];
    assert_eq!(
        (
            c.name.as_str(),
            c.region.as_str(),
            c.provider.as_str(),
            c.peering_location.as_str(),
            c.bandwidth_mbps.as_str()
        ),
        (
            "er-fra-prod",
            "germanywestcentral",
            "Colt",
            "Frankfurt",
            "1000"
        )
    );
    assert_eq!(
        (c.sku_tier, c.sku_family),
        (SkuTier::Premium, SkuFamily::MeteredData)
    );
    assert!(i.findings.is_empty(), "{:?}", i.findings);
    // Without the file, the same template gives the defaults.
    let plain = import_arm(&fixture("import/circuit-create.json"), None).unwrap();
    assert_eq!(
        plain,
        import_text(&fixture("import/circuit-create.json")).unwrap()
    );
    // The parameters file alone is refused with a clear reason; so is a broken one.
    let e = import_text(&fixture("import/circuit-create.parameters.json")).unwrap_err();
    assert!(e.to_string().contains("parameters file"), "{e}");
    let e = import_arm(
        &fixture("import/circuit-create.json"),
        Some("{\"parameters\": "),
    )
    .unwrap_err();
    assert!(
        e.to_string()
            .starts_with("not a valid design: the parameters file: invalid JSON"),
        "{e}"
    );
    let e = import_arm(&fixture("import/circuit-create.json"), Some("[]")).unwrap_err();
    assert!(e.to_string().contains("found an array"), "{e}");
    // A Key Vault reference has no value: the parameter counts as missing (its default is used).
    let kv =
        r#"{"parameters":{"circuitName":{"reference":{"keyVault":{"id":"x"},"secretName":"s"}}}}"#;
    let i = import_arm(&fixture("import/circuit-create.json"), Some(kv)).unwrap();
    assert_eq!(i.design.circuits[0].name, "er-ckt01");
}

#[test]
fn quickstart_private_peering_vnet() {
    let i = import_text(&fixture("import/private-peering-vnet.json")).unwrap();
    registered(&i);
    let d = &i.design;
    assert_eq!(d.circuits.len(), 1);
    let c = &d.circuits[0];
    assert_eq!(c.name, "contoso-er-sea");
    assert_eq!(c.region, "westus2");
    assert_eq!(
        (c.sku_tier, c.bandwidth_mbps.as_str()),
        (SkuTier::Premium, "1000")
    );
    assert_eq!(
        c.authorizations,
        [Authorization {
            name: "auth-spoke-subscription".into()
        }]
    );
    let p = c
        .private_peering
        .as_ref()
        .expect("private peering from the nested resource");
    assert_eq!(
        (
            p.peer_asn.as_str(),
            p.vlan_id.as_str(),
            p.primary_subnet.as_str(),
            p.secondary_subnet.as_str()
        ),
        ("65020", "800", "192.168.10.16/30", "192.168.10.20/30")
    );
    assert_eq!(
        (p.shared_key.as_str(), p.address_family, p.enabled),
        ("", AddressFamily::Ipv4, true)
    );
    assert!(c.microsoft_peering.is_none());
    assert_eq!(
        d.virtual_networks.len(),
        1,
        "the copy loop's VNets are not imported"
    );
    let v = &d.virtual_networks[0];
    assert_eq!(
        (v.name.as_str(), v.address_spaces.clone()),
        ("contoso-vnet", vec!["10.10.0.0/16".to_string()])
    );
    let subnets: Vec<(&str, &str, bool)> = v
        .subnets
        .iter()
        .map(|s| (s.name.as_str(), s.address_prefix.as_str(), s.nsg))
        .collect();
    assert_eq!(
        subnets,
        [
            ("app", "10.10.1.0/24", true),
            ("GatewaySubnet", "10.10.255.0/27", false)
        ]
    );
    assert_eq!(d.gateways.len(), 1);
    let g = &d.gateways[0];
    assert_eq!(
        (
            g.name.as_str(),
            g.virtual_network.as_str(),
            g.sku,
            g.min_scale_units.as_str(),
            g.max_scale_units.as_str()
        ),
        (
            "contoso-vnet-ergw",
            "contoso-vnet",
            GatewaySku::ErGwScale,
            "2",
            "10"
        )
    );
    assert_eq!(
        g.public_ip,
        Some(PublicIp {
            name: "contoso-vnet-ergw-pip".into(),
            sku: PublicIpSku::Standard,
            allocation: Allocation::Static
        })
    );
    assert_eq!(d.connections.len(), 1);
    let cn = &d.connections[0];
    assert_eq!(
        (
            cn.name.as_str(),
            cn.gateway.as_str(),
            cn.circuit.as_str(),
            cn.routing_weight.as_str(),
            cn.fast_path,
            cn.cross_subscription
        ),
        (
            "contoso-vnet-to-contoso-er-sea",
            "contoso-vnet-ergw",
            "contoso-er-sea",
            "10",
            true,
            false
        )
    );
    // Everything left out is reported where it is.
    for (code, path) in [
        ("ER-IMP-001", "resources[0]"),
        ("ER-IMP-001", "resources[7]"),
        ("ER-IMP-006", "resources[7].name"),
        ("ER-IMP-013", "resources[8].condition"),
        ("ER-IMP-005", "resources[9].copy"),
        (
            "ER-IMP-007",
            "resources[1].resources[0].properties.sharedKey",
        ),
    ] {
        assert!(
            has(&i.findings, code, path),
            "{code} at {path}: {:#?}",
            i.findings
        );
    }
    assert_eq!(i.findings.len(), 6, "{:#?}", i.findings);
    let storage = i
        .findings
        .iter()
        .find(|f| f.path == "resources[7]")
        .unwrap();
    assert!(
        storage
            .message
            .contains("Microsoft.Storage/storageAccounts"),
        "{}",
        storage.message
    );
}
