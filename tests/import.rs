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
