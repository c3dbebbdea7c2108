//! Findings speak to the user: no message quotes an internal JSON path such as
//! `advertisedPrefixes[0]` or `virtualNetworks[1].name`.

use erwiz::domain::io::parse_design;
use erwiz::domain::model::{MicrosoftPeering, VirtualNetwork};
use erwiz::domain::rules::validate;

fn internal_path(message: &str) -> Option<&str> {
    // A camelCase word followed by `[digit`: how the design's paths look.
    message.split_whitespace().find(|w| {
        let w = w.trim_start_matches(['(', '"']);
        w.find('[').is_some_and(|i| {
            i > 0
                && w[..i]
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '.')
                && w[i + 1..].starts_with(|c: char| c.is_ascii_digit())
        })
    })
}

#[test]
fn the_detector_finds_paths() {
    assert_eq!(
        internal_path("x is already listed (advertisedPrefixes[0]): remove"),
        Some("(advertisedPrefixes[0]):")
    );
    assert_eq!(internal_path("VNet 1 · name"), None);
}

#[test]
fn duplicate_findings_name_the_entry_in_words() {
    let mut d = parse_design(include_str!("fixtures/seed.json")).unwrap();
    let ms = MicrosoftPeering {
        advertised_prefixes: vec!["20.0.0.0/24".into(), "20.0.0.0/24".into()],
        ..MicrosoftPeering::default()
    };
    d.circuits[0].microsoft_peering = Some(ms);
    let mut vnet = d
        .virtual_networks
        .first()
        .cloned()
        .unwrap_or_else(VirtualNetwork::default);
    vnet.address_spaces = vec!["10.250.0.0/16".into()];
    d.virtual_networks.push(vnet);
    let findings = validate(&d);
    let codes: Vec<&str> = findings.iter().map(|f| f.code).collect();
    assert!(codes.contains(&"ER-MP-016"), "{codes:?}");
    let mut checked = 0;
    for f in &findings {
        assert_eq!(internal_path(&f.message), None, "{}: {}", f.code, f.message);
        checked += 1;
    }
    assert!(checked > 0);
    let dup = findings.iter().find(|f| f.code == "ER-MP-016").unwrap();
    assert!(dup.message.contains("(entry 1)"), "{}", dup.message);
    assert!(
        findings
            .iter()
            .any(|f| f.message.contains("is already named") && f.message.contains("VNet 1")),
        "{codes:?}"
    );
}

#[test]
fn no_fixture_message_quotes_a_path() {
    for text in [
        include_str!("fixtures/errors.json"),
        include_str!("fixtures/large.json"),
        include_str!("fixtures/two-circuits.json"),
    ] {
        let d = parse_design(text).unwrap();
        for f in validate(&d) {
            assert_eq!(internal_path(&f.message), None, "{}: {}", f.code, f.message);
        }
    }
}

#[test]
fn overlap_findings_name_fields_in_words() {
    // Every message that refers to another field: on-premises prefixes against VNets and
    // Global Reach, peering subnets across circuits and against Global Reach, a VNet's own
    // spaces, a route filter's communities.
    let mut d = parse_design(include_str!("fixtures/seed.json")).unwrap();
    d.on_prem_routes = vec!["10.1.0.0/16".into(), "192.168.0.0/16".into()];
    d.virtual_networks[0]
        .address_spaces
        .push("10.1.2.0/24".into());
    d.route_filters[0].communities.push("12076:5050".into());
    let mut second = d.circuits[0].clone();
    second.name = "er-second".into();
    if let Some(m) = second.microsoft_peering.as_mut() {
        m.peering.vlan_id = "201".into();
    }
    d.circuits.push(second);
    d.global_reach.push(erwiz::domain::model::GlobalReach {
        name: "gr".into(),
        circuit: "er-london".into(),
        peer_circuit: "er-second".into(),
        address_prefix: "192.168.100.128/29".into(),
        ..Default::default()
    });
    let findings = validate(&d);
    let codes: Vec<&str> = findings.iter().map(|f| f.code).collect();
    for code in [
        "ER-VN-006",
        "ER-VN-007",
        "ER-RF-007",
        "ER-DC-003",
        "ER-MP-002",
        "ER-GR-001",
    ] {
        assert!(codes.contains(&code), "{code} missing: {codes:?}");
    }
    for f in &findings {
        assert_eq!(internal_path(&f.message), None, "{}: {}", f.code, f.message);
    }
}
