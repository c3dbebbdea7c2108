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

/// A circuit's name, provider, peering location and bandwidth (Mbps).
fn circuit_row(c: &Circuit) -> [&str; 4] {
    [&c.name, &c.provider, &c.peering_location, &c.bandwidth_mbps]
}

/// A peering's peer ASN, VLAN ID and primary and secondary subnets.
fn peering_row(p: &Peering) -> [&str; 4] {
    [
        &p.peer_asn,
        &p.vlan_id,
        &p.primary_subnet,
        &p.secondary_subnet,
    ]
}

fn codes(fs: &[Finding]) -> Vec<&'static str> {
    fs.iter().map(|f| f.code).collect()
}

/// What an ARM template cannot carry, removed from a design so that `export(ARM) → import`
/// must give it back exactly. Each line is one normalisation:
fn arm_normal(d: &Design) -> Design {
    // Secrets become secure parameters without a value.
    let mut d = d.without_secrets();
    // What the template leaves to deployment (subscription, resource group, secrets, regions
    // of the resource group) is recorded by the import, not by a design.
    d.given_at_deployment.clear();
    // The subscription and resource group are deployment scope, not template content.
    d.subscription_id.clear();
    d.resource_group.clear();
    // On-premises routes are router configuration, not Azure resources.
    d.on_prem_routes.clear();
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
        // Azure assigns an ExpressRoute gateway's public IP (catalogue U5): not written, and
        // listed as such (export::omissions).
        g.public_ip = None;
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
        // Connections to the template's provider circuits are a second stage (U17): deployed
        // with the switch on, as after the provider has provisioned the circuit.
        let second_stage = r#"{"parameters":{"createConnections":{"value":true}}}"#;
        let imported = if arm.contains("\"createConnections\"") {
            erwiz::domain::import::import_arm(&arm, Some(second_stage))
        } else {
            import_text(&arm)
        }
        .unwrap_or_else(|e| panic!("{path:?}: {e}"));
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
        // Import rules, and G2 when one template creates a provider circuit and links it.
        assert!(
            f.code.starts_with("ER-IMP-") || f.code == "ER-G-002",
            "{f:?}"
        );
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
        circuit_row(c),
        ["er-ckt01", "Equinix", "Silicon Valley", "50"]
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
    // The region is the resource group's: given at deployment (U20), recorded, not reported.
    assert!(codes(&i.findings).is_empty(), "{:#?}", i.findings);
    assert_eq!(
        d.given_at_deployment,
        ["subscriptionId", "resourceGroup", "circuits[0].region"]
    );
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
    assert_eq!(circuit_row(c), ["er-fra-prod", "Colt", "Frankfurt", "1000"]);
    assert_eq!(c.region, "germanywestcentral");
    assert_eq!(
        (c.sku_tier, c.sku_family),
        (SkuTier::Premium, SkuFamily::MeteredData)
    );
    // The file also sets a parameter the template does not declare: reported, not used.
    assert_eq!(codes(&i.findings), ["ER-IMP-014"], "{:?}", i.findings);
    assert!(has(
        &i.findings,
        "ER-IMP-014",
        "parameters.unusedByTemplate"
    ));
    assert!(i.findings[0].message.contains("'unusedByTemplate'"));
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
fn parameters_file_entries_match_declarations_without_case() {
    let template = fixture("import/circuit-create.json");
    for (file, name, undeclared) in [
        (
            r#"{"parameters":{"circuitName":{"value":"er-a"}}}"#,
            "er-a",
            vec![],
        ),
        (
            r#"{"parameters":{"CIRCUITNAME":{"value":"er-b"}}}"#,
            "er-b",
            vec![],
        ),
        (
            r#"{"parameters":{"circuitNam":{"value":"er-c"}, "extra":{"value":1}}}"#,
            "er-ckt01",
            vec!["parameters.circuitNam", "parameters.extra"],
        ),
        // An entry without a value (a Key Vault reference) is still checked against the template.
        (
            r#"{"parameters":{"vaulted":{"reference":{"secretName":"s"}}}}"#,
            "er-ckt01",
            vec!["parameters.vaulted"],
        ),
        (r#"{"parameters":{}}"#, "er-ckt01", vec![]),
        (
            r#"{"$schema":"x","contentVersion":"1.0.0.0"}"#,
            "er-ckt01",
            vec![],
        ),
    ] {
        let i = import_arm(&template, Some(file)).unwrap();
        assert_eq!(i.design.circuits[0].name, name, "{file}");
        let found: Vec<_> = i
            .findings
            .iter()
            .filter(|f| f.code == "ER-IMP-014")
            .map(|f| f.path.as_str())
            .collect();
        assert_eq!(found, undeclared, "{file}");
    }
    // A template without a `parameters` section declares nothing.
    let bare = r#"{"resources":[]}"#;
    let i = import_arm(bare, Some(r#"{"parameters":{"a":{"value":1}}}"#)).unwrap();
    assert_eq!(codes(&i.findings), ["ER-IMP-014"]);
}

#[test]
fn quickstart_private_peering_vnet() {
    let i = import_text(&fixture("import/private-peering-vnet.json")).unwrap();
    registered(&i);
    // The template creates the provider circuit and links it in the same deployment: the
    // connection fails (a new circuit is NotProvisioned), reported at its peer (U17).
    let g2: Vec<_> = i.findings.iter().filter(|f| f.code == "ER-G-002").collect();
    assert_eq!(g2.len(), 1, "{:#?}", i.findings);
    assert_eq!(g2[0].path, "resources[6].properties.peer");
    assert_eq!(g2[0].severity, erwiz::domain::finding::Severity::Error);
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
        peering_row(p),
        ["65020", "800", "192.168.10.16/30", "192.168.10.20/30"]
    );
    assert_eq!(
        (p.shared_key.as_str(), p.address_family, p.enabled),
        ("", AddressFamily::Ipv4, true)
    );
    assert!(c.microsoft_peering.is_none());
    // The copy loop (count 2, names from copyIndex()) gives one VNet per copy.
    let vnets: Vec<(&str, Vec<String>)> = d
        .virtual_networks
        .iter()
        .map(|v| (v.name.as_str(), v.address_spaces.clone()))
        .collect();
    assert_eq!(
        vnets,
        [
            ("contoso-vnet", vec!["10.10.0.0/16".to_string()]),
            ("spoke-0", vec!["10.20.0.0/16".to_string()]),
            ("spoke-1", vec!["10.20.0.0/16".to_string()]),
        ]
    );
    let v = &d.virtual_networks[0];
    assert_eq!(
        (v.name.as_str(), v.address_spaces.clone()),
        ("contoso-vnet", vec!["10.10.0.0/16".to_string()])
    );
    let subnets: Vec<(&str, &str, bool, bool, bool)> = v
        .subnets
        .iter()
        .map(|s| {
            (
                s.name.as_str(),
                s.address_prefix.as_str(),
                s.nsg,
                s.default_route_udr,
                s.bgp_propagation_disabled,
            )
        })
        .collect();
    // The app subnet's NSG and route table (0.0.0.0/0, BGP propagation off) become its flags.
    assert_eq!(
        subnets,
        [
            ("app", "10.10.1.0/24", true, true, true),
            ("GatewaySubnet", "10.10.255.0/27", false, false, false)
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
            allocation: Allocation::Static,
            existing: false,
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
        ("ER-IMP-007", "parameters"),
        ("ER-G-002", "resources[6].properties.peer"),
    ] {
        assert!(
            has(&i.findings, code, path),
            "{code} at {path}: {:#?}",
            i.findings
        );
    }
    assert_eq!(i.findings.len(), 7, "{:#?}", i.findings);
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

#[test]
fn az_circuit_show_with_provisioned_state() {
    let i = import_text(&fixture("import/az-circuit-show.json")).unwrap();
    registered(&i);
    assert_eq!(i.format, SourceFormat::AzCircuit);
    let d = &i.design;
    assert_eq!(
        (d.subscription_id.as_str(), d.resource_group.as_str()),
        ("11111111-2222-3333-4444-555555555555", "rg-er-prod")
    );
    let c = &d.circuits[0];
    assert_eq!(
        circuit_row(c),
        ["er-lon-01", "British Telecom", "London", "1000"]
    );
    assert_eq!(c.region, "uksouth");
    assert_eq!(c.provider_status, ProviderStatus::Provisioned);
    assert_eq!(
        (c.sku_tier, c.port_type),
        (SkuTier::Premium, PortType::Provider)
    );
    assert_eq!(
        c.authorizations,
        [Authorization {
            name: "auth-app-team".into()
        }]
    );
    assert_eq!(
        c.tags,
        [Tag {
            name: "owner".into(),
            value: "netops".into()
        }]
    );
    let p = c.private_peering.as_ref().unwrap();
    assert_eq!(peering_row(p)[..3], ["65010", "210", "10.200.0.0/30"]);
    assert_eq!(p.address_family, AddressFamily::Ipv4);
    let m = c.microsoft_peering.as_ref().unwrap();
    assert_eq!(m.peering.address_family, AddressFamily::Both);
    assert!(!m.peering.enabled, "state Disabled");
    assert_eq!(m.peering.primary_subnet_v6, "2a01:111:f0::/126");
    assert_eq!(m.advertised_prefixes, ["131.107.0.0/24"]);
    assert_eq!(m.advertised_prefixes_v6, ["2a01:111:f100::/48"]);
    assert_eq!(
        (m.customer_asn.as_str(), m.routing_registry.as_str()),
        ("", "ARIN")
    );
    assert_eq!(m.route_filter, "rf-m365");
    // Azure's read-only state (etag, serviceKey, stats, azureAsn, …) is not reported.
    assert!(i.findings.is_empty(), "{:#?}", i.findings);

    // `az network express-route list`: an array of circuits.
    let one: serde_json::Value =
        serde_json::from_str(&fixture("import/az-circuit-show.json")).unwrap();
    let mut two = one.clone();
    two["name"] = json!("er-lon-02");
    two["id"] = json!("/subscriptions/1/resourceGroups/rg-er-prod/providers/Microsoft.Network/expressRouteCircuits/er-lon-02");
    two["serviceProviderProvisioningState"] = json!("NotProvisioned");
    two["peerings"] = json!([]);
    let list = import_text(&json!([one, two]).to_string()).unwrap();
    assert_eq!(list.format, SourceFormat::AzCircuit);
    let names: Vec<(&str, ProviderStatus)> = list
        .design
        .circuits
        .iter()
        .map(|c| (c.name.as_str(), c.provider_status))
        .collect();
    assert_eq!(
        names,
        [
            ("er-lon-01", ProviderStatus::Provisioned),
            ("er-lon-02", ProviderStatus::NotProvisioned)
        ]
    );
    assert!(list.design.circuits[1].private_peering.is_none());

    // An ExpressRoute Direct circuit: the port from its ID, whole floats printed as integers.
    let direct = json!({
        "type": "Microsoft.Network/expressRouteCircuits", "name": "er-direct", "location": "westeurope",
        "expressRoutePort": { "id": "/subscriptions/s/resourceGroups/g/providers/Microsoft.Network/expressRoutePorts/port-ams" },
        "bandwidthInGbps": 10.0, "enableDirectPortRateLimit": true, "serviceProviderProperties": null,
        "serviceProviderProvisioningState": "Provisioning",
        "sku": { "tier": "Local", "family": "UnlimitedData", "name": "Local_UnlimitedData" }
    });
    let i = import_text(&direct.to_string()).unwrap();
    let c = &i.design.circuits[0];
    assert_eq!(
        (
            c.port_type,
            c.direct_port.as_str(),
            c.bandwidth_gbps.as_str(),
            c.rate_limiting
        ),
        (PortType::Direct, "port-ams", "10", true)
    );
    assert_eq!(
        (c.sku_tier, c.sku_family, c.provider_status),
        (
            SkuTier::Local,
            SkuFamily::UnlimitedData,
            ProviderStatus::Provisioning
        )
    );
    assert!(i.findings.is_empty(), "{:?}", i.findings);
}

#[test]
fn az_peering_show_names_its_circuit_from_the_id() {
    let i = import_text(&fixture("import/az-peering-show.json")).unwrap();
    registered(&i);
    assert_eq!(i.format, SourceFormat::AzPeering);
    let c = &i.design.circuits[0];
    assert_eq!(c.name, "er-ams-01");
    // The circuit's own settings are not in peering output: unknown, not the wizard's defaults.
    assert_eq!(c.provider_status, ProviderStatus::NotRecorded);
    assert_eq!(
        circuit_row(c),
        [c.name.as_str(), "", "", ""],
        "region, provider, location and bandwidth are unknown"
    );
    assert!(c.region.is_empty());
    for field in ["region", "provider", "peeringLocation", "bandwidthMbps"] {
        let path = format!("circuits[0].{field}");
        assert!(
            i.design.given_at_deployment.contains(&path),
            "{path}: {:?}",
            i.design.given_at_deployment
        );
    }
    let p = c.private_peering.as_ref().unwrap();
    assert_eq!(p.address_family, AddressFamily::Both);
    assert_eq!(
        (p.primary_subnet_v6.as_str(), p.vlan_id.as_str()),
        ("fd00:100::/126", "300")
    );
    assert_eq!(
        i.design.global_reach,
        [GlobalReach {
            name: "gr-ams-lon".into(),
            circuit: "er-ams-01".into(),
            peer_circuit: "er-lon-01".into(),
            address_prefix: "10.250.0.0/29".into(),
            ..GlobalReach::default()
        }]
    );
    assert_eq!(codes(&i.findings), ["ER-IMP-012"]);
    assert_eq!(i.findings[0].path, "id");
    // Without an id the circuit name is unknown: the peering still lands on an unnamed circuit.
    let bare = import_text(
        r#"{"name":"AzurePrivatePeering","peeringType":"AzurePrivatePeering","vlanId":5}"#,
    )
    .unwrap();
    assert_eq!(bare.design.circuits[0].name, "");
    assert_eq!(
        bare.design.circuits[0]
            .private_peering
            .as_ref()
            .unwrap()
            .vlan_id,
        "5"
    );
}

/// A template whose circuit takes its provider name from `expr`, with a few parameters and
/// variables to refer to.
fn provider_of(expr: &str) -> Imported {
    let t = json!({
        "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
        "parameters": {
            "name": { "type": "string", "defaultValue": "Equinix" },
            "n": { "type": "int", "defaultValue": 3 },
            "list": { "type": "array", "defaultValue": ["a", "b", "c"] },
            "noDefault": { "type": "string" }
        },
        "variables": { "obj": { "key": "value", "arr": [10, 20] }, "loop": "[variables('loop')]" },
        "resources": [{
            "type": "Microsoft.Network/expressRouteCircuits",
            "name": "er",
            "location": "westeurope",
            "properties": { "serviceProviderProperties": { "serviceProviderName": expr } }
        }]
    });
    import_text(&t.to_string()).unwrap()
}

#[test]
fn expression_functions_at_their_edges() {
    let cases: &[(&str, &str)] = &[
        ("[parameters('name')]", "Equinix"),
        ("[parameters('NAME')]", "Equinix"),
        ("[[parameters('name')]", "[parameters('name')]"),
        ("[variables('obj').key]", "value"),
        ("[string(variables('obj').arr[1])]", "20"),
        (
            "[concat(parameters('name'), '-', parameters('n'))]",
            "Equinix-3",
        ),
        ("[concat()]", ""),
        ("[format('{0}{1}{0}', 'a', 'b')]", "aba"),
        ("[format('{0:N0} Mbps', 1000)]", "1000 Mbps"),
        ("[toLower('ÄB')]", "äb"),
        ("[toUpper(parameters('name'))]", "EQUINIX"),
        ("[string(int('007'))]", "7"),
        ("[string(bool('TRUE'))]", "true"),
        (
            "[if(equals(parameters('n'), 3), 'three', 'other')]",
            "three",
        ),
        (
            "[if(not(empty(parameters('list'))), first(parameters('list')), 'none')]",
            "a",
        ),
        ("[string(and(true(), or(false(), true())))]", "true"),
        ("[string(length(parameters('list')))]", "3"),
        ("[string(length(''))]", "0"),
        ("[replace('a.b.c', '.', '-')]", "a-b-c"),
        ("[substring('Equinix', 0, 3)]", "Equ"),
        ("[substring('Equinix', 7)]", ""),
        ("[last(split('x/y/z', '/'))]", "z"),
        ("[first(split('', ','))]", ""),
        ("[string(take(parameters('list'), 2))]", "[\"a\",\"b\"]"),
        ("[last('abc')]", "c"),
        ("[string(length(uniqueString('x')))]", "13"),
        ("[subscription().subscriptionId]", ""),
        ("[createArray('p', 'q')[1]]", "q"),
        ("[createObject('k', 'v').k]", "v"),
        ("[json('{\"a\":\"b\"}').a]", "b"),
        ("[string(empty(createObject()))]", "true"),
    ];
    for (expr, want) in cases {
        let i = provider_of(expr);
        let got = &i.design.circuits[0].provider;
        assert_eq!(got, want, "{expr}: {:?}", i.findings);
    }
    // Approximations and placeholders are reported at the field.
    let path = "resources[0].properties.serviceProviderProperties.serviceProviderName";
    assert!(has(
        &provider_of("[format('{0:D3}', 7)]").findings,
        "ER-IMP-006",
        path
    ));
    assert!(has(
        &provider_of("[uniqueString('a')]").findings,
        "ER-IMP-006",
        path
    ));
    // Values given at deployment (U20) are recorded as such, not reported one by one.
    for expr in [
        "[subscription().subscriptionId]",
        "[resourceGroup().name]",
        "[concat(resourceGroup().location, '-x')]",
        "[parameters('noDefault')]",
        "<PROVIDER>",
    ] {
        let i = provider_of(expr);
        assert_eq!(i.design.circuits[0].provider, "", "{expr}");
        assert!(
            i.design
                .given_at_deployment
                .contains(&"circuits[0].provider".to_string()),
            "{expr}: {:?}",
            i.design.given_at_deployment
        );
        assert!(
            i.findings.iter().all(|f| f.path != path),
            "{expr}: {:#?}",
            i.findings
        );
    }
}

#[test]
fn broken_and_unknown_expressions_leave_the_field_empty_with_a_finding() {
    let path = "resources[0].properties.serviceProviderProperties.serviceProviderName";
    let cases: &[(&str, &str, &str)] = &[
        ("[reference('x').provider]", "ER-IMP-003", "'reference'"),
        ("[listKeys('x', '2020-01-01')]", "ER-IMP-003", "'listKeys'"),
        ("[madeUp(parameters('name'))]", "ER-IMP-003", "'madeUp'"),
        ("[concat(madeUp(), 'x')]", "ER-IMP-003", "'madeUp'"),
        ("[parameters('undeclared')]", "ER-IMP-004", "not declared"),
        ("[variables('loop')]", "ER-IMP-004", "refers to itself"),
        ("[concat('a', ]", "ER-IMP-004", "expected a value"),
        ("[concat('a' 'b')]", "ER-IMP-004", "expected ','"),
        ("['unterminated]", "ER-IMP-004", "not closed"),
        ("[substring('abc', 1, 10)]", "ER-IMP-004", "out of range"),
        ("[parameters('list')[9]]", "ER-IMP-004", "out of range"),
        ("[variables('obj').missing]", "ER-IMP-004", "no property"),
        ("[int('x')]", "ER-IMP-004", "not a whole number"),
        ("[format('{5}', 1)]", "ER-IMP-004", "no argument"),
        ("[if(1, 2)]", "ER-IMP-004", "3 arguments"),
        ("[variables('obj')]", "ER-IMP-011", "object or array"),
    ];
    for (expr, code, words) in cases {
        let i = provider_of(expr);
        assert_eq!(i.design.circuits[0].provider, "", "{expr}");
        let f = i
            .findings
            .iter()
            .find(|f| f.code == *code && f.path == path)
            .unwrap_or_else(|| panic!("{expr}: no {code} at {path}: {:#?}", i.findings));
        assert!(f.message.contains(words), "{expr}: {}", f.message);
        // The rest of the resource is still imported.
        assert_eq!(i.design.circuits[0].name, "er", "{expr}");
    }
    // A string that only looks like an expression at one end is a literal.
    assert_eq!(
        provider_of("[not closed").design.circuits[0].provider,
        "[not closed"
    );
    let deep = format!("[{}'x'{}]", "concat(".repeat(100), ")".repeat(100));
    assert!(has(&provider_of(&deep).findings, "ER-IMP-004", path));
}

#[test]
fn resources_outside_an_expressroute_design_are_reported() {
    let t = json!({
        "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
        "resources": [
            { "type": "Microsoft.Compute/virtualMachines", "name": "vm1" },
            { "type": "Microsoft.Network/virtualNetworkGateways", "name": "vpngw", "location": "westeurope",
              "properties": { "gatewayType": "Vpn", "ipConfigurations": [{ "properties": { "subnet": {
                "id": "[resourceId('Microsoft.Network/virtualNetworks/subnets', 'hub', 'GatewaySubnet')]" } } }] } },
            { "type": "Microsoft.Network/virtualNetworkGateways", "name": "ergw", "location": "westeurope",
              "properties": { "gatewayType": "ExpressRoute", "sku": { "name": "ErGw9AZ" }, "ipConfigurations": [{ "properties": { "subnet": {
                "id": "[resourceId('Microsoft.Network/virtualNetworks/subnets', 'hub', 'GatewaySubnet')]" } } }] } },
            { "type": "Microsoft.Network/connections", "name": "s2s", "properties": { "connectionType": "IPsec" } },
            { "type": "Microsoft.Network/publicIPAddresses", "name": "unused-pip" },
            { "type": "Microsoft.Network/expressRouteCircuits/peerings", "name": "ghost/AzurePrivatePeering",
              "properties": { "vlanId": 1 } },
            { "type": "Microsoft.Network/expressRouteCircuits", "name": "er", "properties": {
              "serviceProviderProperties": { "serviceProviderName": "X", "bandwidthInMbps": 50 },
              "newFeatureFlag": true, "sku": "wrong" },
              "resources": [{ "type": "peerings", "name": "AzurePublicPeering", "properties": { "vlanId": 2 } }] },
            { "type": "Microsoft.Network/routeFilters", "name": "rf", "location": "westeurope", "properties": { "rules": [
                { "name": "r1", "properties": { "access": "Allow", "communities": ["12076:5010"] } },
                { "name": "r2", "properties": { "access": "Allow", "communities": ["12076:5020", "12076:5010"] } },
                { "name": "r3", "properties": { "access": "Deny", "communities": ["12076:5030"] } } ] } },
            "not an object"
        ]
    });
    let i = import_text(&t.to_string()).unwrap();
    registered(&i);
    let d = &i.design;
    assert_eq!(d.gateways.len(), 1);
    assert!(
        d.gateways[0].coexist_with_vpn,
        "the VPN gateway in the same VNet"
    );
    assert_eq!(
        d.gateways[0].sku,
        GatewaySku::ErGw1AZ,
        "unknown SKU keeps the default"
    );
    assert!(d.connections.is_empty());
    assert_eq!(d.circuits.len(), 1);
    assert!(d.circuits[0].private_peering.is_none());
    assert_eq!(d.route_filters[0].rule_name, "r1");
    assert_eq!(d.route_filters[0].communities, ["12076:5010", "12076:5020"]);
    for (code, path, words) in [
        (
            "ER-IMP-001",
            "resources[0]",
            "Microsoft.Compute/virtualMachines",
        ),
        ("ER-IMP-001", "resources[1]", "not ExpressRoute"),
        ("ER-IMP-011", "resources[2].properties.sku.name", "ErGw9AZ"),
        ("ER-IMP-001", "resources[3]", "IPsec"),
        ("ER-IMP-001", "resources[4]", "unused-pip"),
        ("ER-IMP-009", "resources[5]", "ghost"),
        ("ER-IMP-002", "resources[6].properties", "newFeatureFlag"),
        (
            "ER-IMP-001",
            "resources[6].resources[0]",
            "AzurePublicPeering",
        ),
        (
            "ER-IMP-002",
            "resources[7].properties.rules[1]",
            "added to rule 'r1'",
        ),
        ("ER-IMP-002", "resources[7].properties.rules[2]", "Deny"),
        ("ER-IMP-011", "resources[8]", "JSON object"),
    ] {
        let f = i.findings.iter().find(|f| f.code == code && f.path == path);
        let f = f.unwrap_or_else(|| panic!("{code} at {path}: {:#?}", i.findings));
        assert!(f.message.contains(words), "{code} {path}: {}", f.message);
    }
}

#[test]
fn formats_are_detected_and_design_errors_are_unchanged() {
    let seed = fixture("seed.json");
    let i = import_text(&seed).unwrap();
    assert_eq!(i.format, SourceFormat::Design);
    assert_eq!(i.design, parse_design(&seed).unwrap());
    assert!(i.findings.is_empty());
    // A template without $schema is recognised by its resources array.
    let bare = import_text(
        r#"{"resources":[{"type":"Microsoft.Network/expressRouteCircuits","name":"er"}]}"#,
    )
    .unwrap();
    assert_eq!(
        (bare.format, bare.design.circuits[0].name.as_str()),
        (SourceFormat::ArmTemplate, "er")
    );
    // Symbolic-name templates keep resources in an object.
    let symbolic = import_text(
        r#"{"languageVersion":"2.0","resources":{"circuit":{"type":"Microsoft.Network/expressRouteCircuits","name":"er2"}}}"#,
    )
    .unwrap();
    assert_eq!(symbolic.design.circuits[0].name, "er2");
    // An empty template is a design with nothing in it.
    let empty = import_text(r#"{"$schema":"x/deploymentTemplate.json#"}"#).unwrap();
    assert!(empty.design.circuits.is_empty() && empty.findings.is_empty());
    // Whatever io::parse_design refuses is refused the same way, with the same message.
    for text in [
        "",
        "nope",
        "{\"a\":",
        "[1,2]",
        "[{\"name\":\"er-london\"}]",
        "[]",
        "{\"version\":99}",
        "{\"circuits\":[{\"skuTier\":\"Gold\"}]}",
        "{\"resources\":[1,}",
        "{\"$schema\": 5, \"x\": }",
    ] {
        let want = parse_design(text).unwrap_err();
        assert_eq!(import_text(text).unwrap_err(), want, "{text:?}");
    }
    let deep = format!("{{\"resources\":{}{}}}", "[".repeat(70), "]".repeat(70));
    assert!(import_text(&deep)
        .unwrap_err()
        .to_string()
        .contains("nested more than 64"));
    let big = format!(
        "{{\"resources\":[]}}{}",
        " ".repeat(erwiz::domain::io::MAX_INPUT_BYTES)
    );
    assert!(import_text(&big).unwrap_err().to_string().contains("5 MB"));
    assert!(import_arm(&big, None)
        .unwrap_err()
        .to_string()
        .contains("5 MB"));
    assert!(import_arm("[1]", None)
        .unwrap_err()
        .to_string()
        .contains("found an array"));
}

#[test]
fn export_of_an_imported_template_is_stable() {
    // Import is the inverse of export: exporting the imported design again gives the same text.
    for name in ["seed.json", "two-circuits.json", "dual-stack.json"] {
        let d = parse_design(&fixture(name)).unwrap();
        // Imported as the second stage (U17): the staged connections deployed.
        let second = |t: &str| {
            erwiz::domain::import::import_arm(
                t,
                Some(r#"{"parameters":{"createConnections":{"value":true}}}"#),
            )
            .unwrap()
            .design
        };
        let once = export(&d, Format::Arm);
        let twice = export(&second(&once), Format::Arm);
        let again = export(&second(&twice), Format::Arm);
        assert_eq!(twice, again, "{name}");
    }
}

fn erwiz(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_erwiz"))
        .args(args)
        .env_remove("ERWIZ_REPORT_PEAK_MEMORY")
        .output()
        .expect("erwiz runs")
}

fn path_of(name: &str) -> String {
    format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn cli_check_reads_templates_and_az_output() {
    // Exit 0: import findings are warnings/info at most; the imported design has no error.
    let o = erwiz(&[
        "check",
        &path_of("import/circuit-create.json"),
        "--format",
        "json",
    ]);
    let out = String::from_utf8_lossy(&o.stdout);
    let v: serde_json::Value = serde_json::from_str(&out).expect("JSON report");
    let fs = v["findings"].as_array().expect("findings");
    let codes: Vec<&str> = fs.iter().filter_map(|f| f["code"].as_str()).collect();
    assert!(codes.contains(&"ER-U-001"), "{out}");
    let errors = fs.iter().filter(|f| f["severity"] == "error").count();
    assert_eq!(o.status.code(), Some(i32::from(errors > 0)), "{out}");
    assert!(
        o.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );

    // Import findings come first, then the design's validation findings, in one report.
    let o = erwiz(&["check", &path_of("import/private-peering-vnet.json")]);
    let out = String::from_utf8_lossy(&o.stdout);
    let first = out.lines().next().unwrap_or_default();
    assert!(first.contains(" ER-IMP-"), "{out}");
    assert!(
        out.lines()
            .any(|l| l.contains(" ER-IMP-013 resources[8].condition: ")),
        "{out}"
    );
    assert!(matches!(o.status.code(), Some(0 | 1)));

    // az show output with a provisioned circuit: checked like a design.
    let o = erwiz(&["check", &path_of("import/az-circuit-show.json")]);
    let out = String::from_utf8_lossy(&o.stdout);
    // 8075 is a reserved ASN on the Microsoft peering of this circuit: an error, so exit 1.
    assert!(
        out.contains("circuits[0].microsoftPeering.peerAsn"),
        "{out}"
    );
    assert_eq!(o.status.code(), Some(1), "{out}");

    // Unreadable inputs keep exit 2 and one line on stderr.
    let o = erwiz(&["check", &path_of("import/circuit-create.parameters.json")]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.starts_with("erwiz: ") && err.contains("parameters file") && err.lines().count() == 1,
        "{err}"
    );

    // export takes the same inputs; import findings are summarised on stderr only.
    let o = erwiz(&[
        "export",
        "--format",
        "bicep",
        &path_of("import/az-peering-show.json"),
    ]);
    assert_eq!(o.status.code(), Some(0));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("name: 'er-ams-01'"), "{out}");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("az network express-route peering show output: 1 import finding"),
        "{err}"
    );
}

/// A template written with copy loops, as multi-circuit templates often are: the circuits and
/// their peerings from an array parameter (resource loops, `copyIndex()`), the VNet's address
/// spaces from a variable loop and its subnets from a property loop.
const LOOPS: &str = r#"{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "parameters": {
    "circuits": { "type": "array", "defaultValue": [
      { "name": "er-ams", "location": "westeurope", "site": "Amsterdam", "provider": "Equinix",
        "mbps": 1000, "vlan": 100, "primary": "192.168.10.0/30", "secondary": "192.168.10.4/30" },
      { "name": "er-lon", "location": "uksouth", "site": "London", "provider": "Equinix",
        "mbps": 2000, "vlan": 200, "primary": "192.168.20.0/30", "secondary": "192.168.20.4/30" }
    ] },
    "peerAsn": { "type": "int", "defaultValue": 65010 }
  },
  "variables": {
    "copy": [
      { "name": "spaces", "count": 2, "input": "[concat('10.', copyIndex('spaces', 1), '.0.0/16')]" }
    ]
  },
  "resources": [
    {
      "type": "Microsoft.Network/expressRouteCircuits",
      "apiVersion": "2023-09-01",
      "name": "[parameters('circuits')[copyIndex()].name]",
      "location": "[parameters('circuits')[copyIndex()].location]",
      "copy": { "name": "circuitLoop", "count": "[length(parameters('circuits'))]" },
      "sku": { "name": "Standard_MeteredData", "tier": "Standard", "family": "MeteredData" },
      "properties": {
        "serviceProviderProperties": {
          "serviceProviderName": "[parameters('circuits')[copyIndex()].provider]",
          "peeringLocation": "[parameters('circuits')[copyIndex()].site]",
          "bandwidthInMbps": "[parameters('circuits')[copyIndex()].mbps]"
        }
      }
    },
    {
      "type": "Microsoft.Network/expressRouteCircuits/peerings",
      "apiVersion": "2023-09-01",
      "name": "[concat(parameters('circuits')[copyIndex()].name, '/AzurePrivatePeering')]",
      "copy": { "name": "peeringLoop", "count": "[length(parameters('circuits'))]", "mode": "serial", "batchSize": 1 },
      "dependsOn": [ "circuitLoop" ],
      "properties": {
        "peeringType": "AzurePrivatePeering",
        "peerASN": "[parameters('peerAsn')]",
        "primaryPeerAddressPrefix": "[parameters('circuits')[copyIndex()].primary]",
        "secondaryPeerAddressPrefix": "[parameters('circuits')[copyIndex()].secondary]",
        "vlanId": "[parameters('circuits')[copyIndex()].vlan]"
      }
    },
    {
      "type": "Microsoft.Network/virtualNetworks",
      "apiVersion": "2023-09-01",
      "name": "vnet-hub",
      "location": "westeurope",
      "properties": {
        "addressSpace": { "addressPrefixes": "[variables('spaces')]" },
        "copy": [ {
          "name": "subnets",
          "count": 2,
          "input": {
            "name": "[if(equals(copyIndex('subnets'), 0), 'GatewaySubnet', 'app')]",
            "properties": { "addressPrefix": "[concat('10.1.', copyIndex('subnets'), '.0/24')]" }
          }
        } ]
      }
    },
    {
      "type": "Microsoft.Network/virtualNetworks",
      "apiVersion": "2023-09-01",
      "name": "[concat('spoke-', copyIndex())]",
      "location": "westeurope",
      "copy": { "name": "spokes", "count": "[length(reference('vnet-hub').subnets)]" },
      "properties": { "addressSpace": { "addressPrefixes": [ "10.50.0.0/16" ] } }
    }
  ]
}"#;

#[test]
fn copy_loops_are_expanded() {
    let i = import_arm(LOOPS, None).expect("template imports");
    registered(&i);
    let d = &i.design;
    let circuits: Vec<[&str; 4]> = d.circuits.iter().map(circuit_row).collect();
    assert_eq!(
        circuits,
        [
            ["er-ams", "Equinix", "Amsterdam", "1000"],
            ["er-lon", "Equinix", "London", "2000"]
        ]
    );
    let regions: Vec<&str> = d.circuits.iter().map(|c| c.region.as_str()).collect();
    assert_eq!(regions, ["westeurope", "uksouth"]);
    let peerings: Vec<[&str; 4]> = d
        .circuits
        .iter()
        .map(|c| peering_row(c.private_peering.as_ref().expect("private peering")))
        .collect();
    assert_eq!(
        peerings,
        [
            ["65010", "100", "192.168.10.0/30", "192.168.10.4/30"],
            ["65010", "200", "192.168.20.0/30", "192.168.20.4/30"]
        ]
    );
    let [v] = d.virtual_networks.as_slice() else {
        panic!("one VNet: {:#?}", d.virtual_networks);
    };
    assert_eq!(v.address_spaces, ["10.1.0.0/16", "10.2.0.0/16"]);
    let subnets: Vec<(&str, &str)> = v
        .subnets
        .iter()
        .map(|s| (s.name.as_str(), s.address_prefix.as_str()))
        .collect();
    assert_eq!(
        subnets,
        [("GatewaySubnet", "10.1.0.0/24"), ("app", "10.1.1.0/24")]
    );
    // The loop whose count needs a deployed resource's state is reported and left out.
    let copy: Vec<(&str, &str)> = i
        .findings
        .iter()
        .filter(|f| f.code == "ER-IMP-005")
        .map(|f| (f.path.as_str(), f.message.as_str()))
        .collect();
    assert_eq!(copy.len(), 1, "{:#?}", i.findings);
    assert_eq!(copy[0].0, "resources[3].copy");
    assert!(
        copy[0].1.contains("'reference' is not supported"),
        "{}",
        copy[0].1
    );
}

#[test]
fn cli_takes_a_parameters_file() {
    let template = path_of("import/circuit-create.json");
    let params = path_of("import/circuit-create.parameters.json");
    // check: the file's values replace the defaults; its undeclared entry is reported.
    for args in [
        vec!["check", template.as_str(), "--parameters", params.as_str()],
        vec!["check", "-p", params.as_str(), template.as_str()],
        vec![
            "check",
            template.as_str(),
            &format!("--parameters={params}"),
        ],
    ] {
        let o = erwiz(&args);
        let out = String::from_utf8_lossy(&o.stdout);
        assert!(matches!(o.status.code(), Some(0 | 1)), "{args:?}: {out}");
        assert!(
            out.contains(" ER-IMP-014 parameters.unusedByTemplate: "),
            "{out}"
        );
        assert!(
            !out.contains("ER-IMP-007"),
            "every parameter has a value: {out}"
        );
    }
    // export: the circuit comes from the parameters file.
    let o = erwiz(&[
        "export",
        "--format",
        "azcli",
        &template,
        "--parameters",
        &params,
    ]);
    assert_eq!(o.status.code(), Some(0));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains("--name 'er-fra-prod'") && out.contains("'Colt'"),
        "{out}"
    );
    // Misuse: exit 2 and one line on stderr.
    for (args, why) in [
        (
            vec!["check", &path_of("seed.json"), "--parameters", &params],
            "is for ARM templates",
        ),
        (
            vec!["check", &template, "-p", &params, "--parameters", &params],
            "given twice",
        ),
        (vec!["check", &template, "--parameters"], "needs a value"),
        (
            vec!["check", &template, "--parameters", "/nonexistent/p.json"],
            "cannot read",
        ),
        (
            vec!["check", "-", "--parameters", "-"],
            "both come from stdin",
        ),
    ] {
        let o = erwiz(&args);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
        assert!(
            err.starts_with("erwiz: ") && err.contains(why),
            "{args:?}: {err}"
        );
    }
}

/// A template in the style Bicep compiles to (languageVersion 2.0, as Azure Verified Modules
/// are published): symbolic resource names, nullable parameters and user-defined types, inline
/// peerings made by a property copy loop reading optional values with tryGet, and a lock whose
/// condition depends on a nullable parameter.
const BICEP_STYLE: &str = r##"{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "languageVersion": "2.0",
  "contentVersion": "1.0.0.0",
  "definitions": { "lockType": { "type": "object", "nullable": true } },
  "parameters": {
    "name": { "type": "string" },
    "serviceProviderName": { "type": "string", "nullable": true },
    "peeringLocation": { "type": "string", "nullable": true },
    "bandwidthInMbps": { "type": "int", "defaultValue": 1000 },
    "location": { "type": "string", "defaultValue": "westeurope" },
    "peerings": { "type": "array", "nullable": true },
    "authorizationNames": { "type": "array", "defaultValue": [] },
    "lock": { "$ref": "#/definitions/lockType" },
    "tags": { "type": "object", "nullable": true }
  },
  "resources": {
    "telemetry": {
      "type": "Microsoft.Resources/deployments",
      "apiVersion": "2024-03-01",
      "name": "[format('telemetry.{0}', substring(uniqueString(deployment().name, parameters('location')), 0, 4))]",
      "properties": { "mode": "Incremental" }
    },
    "circuit": {
      "type": "Microsoft.Network/expressRouteCircuits",
      "apiVersion": "2024-05-01",
      "name": "[parameters('name')]",
      "location": "[parameters('location')]",
      "tags": "[parameters('tags')]",
      "sku": { "name": "Standard_MeteredData", "tier": "Standard", "family": "MeteredData" },
      "properties": {
        "copy": [
          { "name": "authorizations", "count": "[length(parameters('authorizationNames'))]",
            "input": { "name": "[parameters('authorizationNames')[copyIndex('authorizations')]]" } },
          { "name": "peerings", "count": "[length(coalesce(parameters('peerings'), createArray()))]",
            "input": {
              "name": "[coalesce(parameters('peerings'), createArray())[copyIndex('peerings')].name]",
              "properties": {
                "peeringType": "[tryGet(coalesce(parameters('peerings'), createArray())[copyIndex('peerings')].properties, 'peeringType')]",
                "azureASN": "[coalesce(tryGet(coalesce(parameters('peerings'), createArray())[copyIndex('peerings')].properties, 'azureASN'), 12076)]",
                "peerASN": "[tryGet(coalesce(parameters('peerings'), createArray())[copyIndex('peerings')].properties, 'peerASN')]",
                "primaryPeerAddressPrefix": "[tryGet(coalesce(parameters('peerings'), createArray())[copyIndex('peerings')].properties, 'primaryPeerAddressPrefix')]",
                "secondaryPeerAddressPrefix": "[tryGet(coalesce(parameters('peerings'), createArray())[copyIndex('peerings')].properties, 'secondaryPeerAddressPrefix')]",
                "vlanId": "[tryGet(coalesce(parameters('peerings'), createArray())[copyIndex('peerings')].properties, 'vlanId')]"
              }
            } }
        ],
        "serviceProviderProperties": "[createObject('serviceProviderName', parameters('serviceProviderName'), 'peeringLocation', parameters('peeringLocation'), 'bandwidthInMbps', parameters('bandwidthInMbps'))]"
      }
    },
    "circuit_lock": {
      "condition": "[and(not(empty(coalesce(parameters('lock'), createObject()))), not(equals(tryGet(parameters('lock'), 'kind'), 'None')))]",
      "type": "Microsoft.Authorization/locks",
      "apiVersion": "2020-05-01",
      "scope": "[format('Microsoft.Network/expressRouteCircuits/{0}', parameters('name'))]",
      "name": "[coalesce(tryGet(parameters('lock'), 'name'), format('lock-{0}', parameters('name')))]",
      "properties": { "level": "[coalesce(tryGet(parameters('lock'), 'kind'), '')]" },
      "dependsOn": [ "circuit" ]
    }
  }
}"##;

const BICEP_STYLE_PARAMETERS: &str = r#"{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#",
  "contentVersion": "1.0.0.0",
  "parameters": {
    "name": { "value": "er-ams-avm" },
    "serviceProviderName": { "value": "Equinix" },
    "peeringLocation": { "value": "Amsterdam" },
    "authorizationNames": { "value": [ "spoke-a" ] },
    "peerings": { "value": [ { "name": "AzurePrivatePeering", "properties": {
      "peeringType": "AzurePrivatePeering", "peerASN": 65010, "vlanId": 300,
      "primaryPeerAddressPrefix": "192.168.30.0/30", "secondaryPeerAddressPrefix": "192.168.30.4/30" } } ] }
  }
}"#;

#[test]
fn bicep_style_templates_import_with_their_parameters() {
    let i = import_arm(BICEP_STYLE, Some(BICEP_STYLE_PARAMETERS)).expect("imports");
    registered(&i);
    let [c] = i.design.circuits.as_slice() else {
        panic!("one circuit: {:#?}", i.design.circuits);
    };
    assert_eq!(
        circuit_row(c),
        ["er-ams-avm", "Equinix", "Amsterdam", "1000"]
    );
    assert_eq!(
        c.authorizations,
        [Authorization {
            name: "spoke-a".into()
        }]
    );
    let p = c
        .private_peering
        .as_ref()
        .expect("the inline private peering");
    assert_eq!(
        peering_row(p),
        ["65010", "300", "192.168.30.0/30", "192.168.30.4/30"]
    );
    // Nothing is reported missing: optional parameters are null, not absent. The lock's
    // condition is false without a lock; the telemetry deployment is not part of the design.
    let mut got: Vec<(&str, &str)> = i
        .findings
        .iter()
        .map(|f| (f.code, f.path.as_str()))
        .collect();
    got.sort();
    assert_eq!(
        got,
        [
            ("ER-IMP-001", "resources.telemetry"),
            ("ER-IMP-006", "resources.telemetry.name"),
            ("ER-IMP-013", "resources.circuit_lock.condition"),
        ],
        "{:#?}",
        i.findings
    );
    // Without the parameters file, the required name is the one thing given at deployment:
    // named once by the import, its field recorded as unknown (U20).
    let bare = import_arm(BICEP_STYLE, None).expect("imports");
    let missing: Vec<&str> = bare
        .findings
        .iter()
        .filter(|f| f.code == "ER-IMP-007")
        .map(|f| f.message.as_str())
        .collect();
    assert_eq!(missing.len(), 1, "{:#?}", bare.findings);
    assert!(
        missing[0].starts_with("1 parameter has no default value"),
        "{}",
        missing[0]
    );
    assert!(
        bare.design
            .given_at_deployment
            .contains(&"circuits[0].name".to_string()),
        "{:?}",
        bare.design.given_at_deployment
    );
}

#[test]
fn a_template_and_its_parameters_file_import_together_in_either_order() {
    use erwiz::domain::import::import_files;
    let template = fixture("import/circuit-create.json");
    let params = fixture("import/circuit-create.parameters.json");
    for pair in [[&template, &params], [&params, &template]] {
        let i = import_files(&[pair[0], pair[1]]).expect("imports");
        assert_eq!(i.format, SourceFormat::ArmTemplate);
        assert_eq!(
            i.design.circuits[0].name, "er-fra-prod",
            "values from the file"
        );
        assert!(has(
            &i.findings,
            "ER-IMP-014",
            "parameters.unusedByTemplate"
        ));
    }
    // One input is read as before; a parameters file alone says what to add.
    assert_eq!(
        import_files(&[&template]).map(|i| i.design.circuits[0].name.clone()),
        import_text(&template).map(|i| i.design.circuits[0].name.clone())
    );
    let seed = fixture("seed.json");
    for (texts, why) in [
        (vec![], "nothing to import"),
        (vec![params.as_str()], "parameters file"),
        (vec![params.as_str(), params.as_str()], "both files"),
        (
            vec![template.as_str(), seed.as_str()],
            "one design at a time",
        ),
        (
            vec![template.as_str(), params.as_str(), params.as_str()],
            "at most two",
        ),
        (vec![params.as_str(), "{"], "line 1"),
    ] {
        let e = import_files(&texts).expect_err(why).to_string();
        assert!(e.contains(why), "{why}: {e}");
    }
}

/// An IPv6-only Microsoft peering keeps its customer ASN and routing registry in
/// `ipv6PeeringConfig.microsoftPeeringConfig` (that is where `az … peering create --ip-version
/// IPv6` puts them); the IPv4 configuration, when present, wins.
#[test]
fn ipv6_only_microsoft_peering_reads_its_customer_asn_and_registry() {
    let template = |v4_cfg: serde_json::Value| {
        json!({
            "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
            "resources": [{
                "type": "Microsoft.Network/expressRouteCircuits", "apiVersion": "2024-05-01",
                "name": "er-v6", "location": "westeurope",
                "properties": {"peerings": [{"name": "MicrosoftPeering", "properties": {
                    "peeringType": "MicrosoftPeering", "peerASN": 64100, "vlanId": 200,
                    "microsoftPeeringConfig": v4_cfg,
                    "ipv6PeeringConfig": {
                        "primaryPeerAddressPrefix": "2a0d:5600:c0::/126",
                        "secondaryPeerAddressPrefix": "2a0d:5600:c0::4/126",
                        "microsoftPeeringConfig": {"advertisedPublicPrefixes": ["2a0d:5600:c100::/40"],
                            "customerASN": 64101, "routingRegistryName": "ARIN"}}}}]}
            }]
        })
        .to_string()
    };
    for (v4_cfg, asn, registry) in [
        (serde_json::Value::Null, "64101", "ARIN"),
        (json!({}), "64101", "ARIN"),
        (json!({"customerASN": 0}), "64101", "ARIN"),
        (
            json!({"customerASN": 64300, "routingRegistryName": "RIPENCC"}),
            "64300",
            "RIPENCC",
        ),
    ] {
        let i = import_text(&template(v4_cfg.clone())).expect("imports");
        let m = i.design.circuits[0]
            .microsoft_peering
            .as_ref()
            .expect("Microsoft peering");
        assert_eq!(m.peering.address_family, AddressFamily::Ipv6, "{v4_cfg}");
        assert_eq!(m.customer_asn, asn, "{v4_cfg}");
        assert_eq!(m.routing_registry, registry, "{v4_cfg}");
    }
}

/// A template with circuit `er1` (its extra keys `circuit`) and a connection that links it.
fn circuit_and_link(circuit: serde_json::Value, connection_props: serde_json::Value) -> String {
    let mut c = json!({
        "type": "Microsoft.Network/expressRouteCircuits",
        "apiVersion": "2024-05-01",
        "name": "er1",
        "location": "uksouth",
        "sku": { "name": "Standard_MeteredData", "tier": "Standard", "family": "MeteredData" },
        "properties": {
            "serviceProviderProperties": {
                "serviceProviderName": "Equinix", "peeringLocation": "London", "bandwidthInMbps": 100
            }
        }
    });
    if let (Some(o), Some(extra)) = (c.as_object_mut(), circuit.as_object()) {
        for (k, v) in extra {
            o.insert(k.clone(), v.clone());
        }
    }
    let mut props = json!({
        "connectionType": "ExpressRoute",
        "virtualNetworkGateway1": { "id": "[resourceId('Microsoft.Network/virtualNetworkGateways', 'gw1')]" },
        "peer": { "id": "[resourceId('Microsoft.Network/expressRouteCircuits', 'er1')]" }
    });
    if let (Some(o), Some(extra)) = (props.as_object_mut(), connection_props.as_object()) {
        for (k, v) in extra {
            o.insert(k.clone(), v.clone());
        }
    }
    json!({
        "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
        "contentVersion": "1.0.0.0",
        "resources": [
            c,
            {
                "type": "Microsoft.Network/connections",
                "apiVersion": "2024-05-01",
                "name": "cn1",
                "location": "uksouth",
                "properties": props
            }
        ]
    })
    .to_string()
}

#[test]
fn an_existing_resource_is_a_reference_and_a_recorded_provisioned_circuit_can_be_linked() {
    // (circuit's extra keys, circuits imported, ER-G-002 from the import)
    let cases: &[(serde_json::Value, usize, bool)] = &[
        // Created here, status not recorded: the same-deployment link fails (U17).
        (json!({}), 1, true),
        (json!({ "existing": false }), 1, true),
        // An exported estate records the provider's status: Provisioned can be linked.
        (
            json!({ "properties": { "serviceProviderProvisioningState": "Provisioned",
            "serviceProviderProperties": { "serviceProviderName": "Equinix", "peeringLocation": "London", "bandwidthInMbps": 100 } } }),
            1,
            false,
        ),
        (
            json!({ "properties": { "serviceProviderProvisioningState": "NotProvisioned",
            "serviceProviderProperties": { "serviceProviderName": "Equinix", "peeringLocation": "London", "bandwidthInMbps": 100 } } }),
            1,
            true,
        ),
        // Bicep's `existing`: a reference, not created, not imported as a blank circuit.
        (json!({ "existing": true }), 0, false),
        (json!({ "existing": "[equals(1, 1)]" }), 0, false),
    ];
    for (extra, circuits, g2) in cases {
        let i = import_text(&circuit_and_link(extra.clone(), json!({}))).unwrap();
        registered(&i);
        assert_eq!(
            i.design.circuits.len(),
            *circuits,
            "{extra}: {:#?}",
            i.design.circuits
        );
        assert_eq!(
            i.findings.iter().any(|f| f.code == "ER-G-002"),
            *g2,
            "{extra}: {:#?}",
            i.findings
        );
        let existing = i
            .findings
            .iter()
            .any(|f| f.code == "ER-IMP-001" && f.message.contains("declared existing"));
        assert_eq!(existing, *circuits == 0, "{extra}");
        if *circuits == 0 {
            // The connection's circuit is outside the input: unknown, never a blank circuit.
            assert!(i
                .design
                .given_at_deployment
                .contains(&"connections[0].circuit".to_string()));
            let errors: Vec<_> = erwiz::domain::rules::validate(&i.design)
                .into_iter()
                .filter(|f| {
                    f.severity == erwiz::domain::finding::Severity::Error
                        && (f.path.starts_with("circuits")
                            || f.path.starts_with("connections[0].circuit"))
                })
                .collect();
            assert!(errors.is_empty(), "{extra}: {errors:#?}");
        }
    }
}

#[test]
fn an_authorization_key_is_given_only_when_it_has_a_value() {
    // (connection's authorizationKey, cross-subscription)
    let cases: &[(Option<serde_json::Value>, bool)] = &[
        (None, false),
        (Some(json!(null)), false),
        (Some(json!("")), false),
        (Some(json!("  ")), false),
        // AVM's `if(empty(key), null(), key)` with no key.
        (Some(json!("[if(empty(''), null(), 'x')]")), false),
        (Some(json!("a1b2c3d4-0000-4000-8000-000000000000")), true),
        // A secure parameter without a value: given at deployment.
        (Some(json!("[parameters('key')]")), true),
    ];
    for (key, cross) in cases {
        let props = match key {
            Some(k) => json!({ "authorizationKey": k }),
            None => json!({}),
        };
        let mut t: serde_json::Value =
            serde_json::from_str(&circuit_and_link(json!({ "existing": true }), props)).unwrap();
        t["parameters"] = json!({ "key": { "type": "securestring" } });
        let i = import_text(&t.to_string()).unwrap();
        assert_eq!(
            i.design.connections[0].cross_subscription, *cross,
            "{key:?}"
        );
        let cn6: Vec<_> = erwiz::domain::rules::validate(&i.design)
            .into_iter()
            .filter(|f| f.code == "ER-CN-006")
            .collect();
        assert!(cn6.is_empty(), "{key:?}: {cn6:#?}");
    }
}

#[test]
fn a_port_or_route_filter_given_by_id_outside_the_input_is_unknown() {
    let port_id =
        "/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Network/expressRoutePorts/port-1";
    let rf_id = "/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Network/routeFilters/rf-1";
    // (with the port and the filter in the input, expected unknown paths)
    for (inside, want) in [
        (
            false,
            vec![
                "circuits[0].directPort",
                "circuits[0].microsoftPeering.routeFilter",
            ],
        ),
        (true, vec![]),
    ] {
        let circuit = json!({
            "type": "Microsoft.Network/expressRouteCircuits",
            "id": "/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Network/expressRouteCircuits/er-direct",
            "name": "er-direct",
            "location": "uksouth",
            "sku": { "name": "Premium_UnlimitedData", "tier": "Premium", "family": "UnlimitedData" },
            "expressRoutePort": { "id": port_id },
            "bandwidthInGbps": 5,
            "serviceProviderProperties": null,
            "serviceProviderProvisioningState": "Provisioned",
            "peerings": [{
                "name": "MicrosoftPeering",
                "peeringType": "MicrosoftPeering",
                "peerAsn": 8075,
                "primaryPeerAddressPrefix": "145.62.30.0/30",
                "secondaryPeerAddressPrefix": "145.62.30.4/30",
                "vlanId": 400,
                "microsoftPeeringConfig": {
                    "advertisedPublicPrefixes": ["145.62.31.0/27"],
                    "customerASN": 0,
                    "routingRegistryName": "RIPENCC"
                },
                "routeFilter": { "id": rf_id }
            }]
        });
        let mut items = vec![circuit];
        if inside {
            items.push(json!({
                "type": "Microsoft.Network/expressRoutePorts",
                "id": port_id, "name": "port-1", "location": "uksouth",
                "peeringLocation": "London", "bandwidthInGbps": 10, "encapsulation": "Dot1Q"
            }));
            items.push(json!({
                "type": "Microsoft.Network/routeFilters",
                "id": rf_id, "name": "rf-1", "location": "uksouth",
                "rules": [{ "name": "r", "access": "Allow", "communities": ["12076:5010"] }]
            }));
        }
        let i = import_text(&serde_json::Value::Array(items).to_string()).unwrap();
        let got: Vec<&str> = i
            .design
            .given_at_deployment
            .iter()
            .map(String::as_str)
            .filter(|p| p.starts_with("circuits"))
            .collect();
        assert_eq!(got, want, "inside={inside}");
        let fs = erwiz::domain::rules::validate(&i.design);
        for code in ["ER-C-008", "ER-MP-010"] {
            assert!(
                fs.iter().all(|f| f.code != code),
                "{code} inside={inside}: {fs:#?}"
            );
        }
    }
}

/// C16 (ER-IMP-020): a circuit's sku.name must be "{tier}_{family}"; a template that spells it
/// otherwise gets a warning at the input's path (letter case aside). No name: nothing to check.
#[test]
fn sku_name_matches_tier_and_family() {
    let cases: &[(Option<&str>, &str, &str, bool)] = &[
        (
            Some("Standard_MeteredData"),
            "Standard",
            "MeteredData",
            false,
        ),
        (
            Some("standard_metereddata"),
            "Standard",
            "MeteredData",
            false,
        ),
        (Some("Local_UnlimitedData"), "Local", "UnlimitedData", false),
        (Some("Premium_MeteredData"), "Standard", "MeteredData", true),
        (
            Some("Standard_UnlimitedData"),
            "Standard",
            "MeteredData",
            true,
        ),
        (Some("Standard"), "Standard", "MeteredData", true),
        (None, "Standard", "MeteredData", false),
    ];
    for (name, tier, family, warn) in cases {
        let mut sku = json!({ "tier": tier, "family": family });
        if let Some(n) = name {
            sku["name"] = json!(n);
        }
        let t = json!({
            "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
            "resources": [{
                "type": "Microsoft.Network/expressRouteCircuits",
                "name": "er",
                "location": "westeurope",
                "sku": sku,
                "properties": { "serviceProviderProperties": {
                    "serviceProviderName": "Equinix",
                    "peeringLocation": "Amsterdam",
                    "bandwidthInMbps": 1000
                } }
            }]
        });
        let i = import_text(&t.to_string()).unwrap();
        let got: Vec<&Finding> = i
            .findings
            .iter()
            .filter(|f| f.code == "ER-IMP-020")
            .collect();
        assert_eq!(
            !got.is_empty(),
            *warn,
            "{name:?} {tier} {family}: {:?}",
            i.findings
        );
        if let Some(f) = got.first() {
            assert_eq!(f.path, "resources[0].sku.name");
            assert_eq!(f.severity, erwiz::domain::finding::Severity::Warning);
        }
        registered(&i);
    }
}
