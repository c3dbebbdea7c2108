use super::lens::{Place, Value};
use super::*;
use crate::domain::model::Design;

/// Every path shape the vocabulary has, with item indexes `k`.
fn shapes(k: usize) -> Vec<FieldPath> {
    let mut out = Vec::new();
    out.extend(TopKey::ALL.iter().map(|&t| FieldPath::Top(t)));
    out.extend(List::ALL.iter().map(|&l| FieldPath::List(l)));
    out.push(FieldPath::OnPremRoute(k));
    out.push(FieldPath::Circuit(k, None));
    for &c in CircuitKey::ALL {
        out.push(circuit(k, c));
    }
    out.push(FieldPath::Circuit(
        k,
        Some(CircuitField::Authorization(k, None)),
    ));
    for &a in AuthorizationKey::ALL {
        out.push(FieldPath::Circuit(
            k,
            Some(CircuitField::Authorization(k, Some(a))),
        ));
    }
    out.push(FieldPath::Circuit(k, Some(CircuitField::Tag(k, None))));
    for &t in TagKey::ALL {
        out.push(FieldPath::Circuit(k, Some(CircuitField::Tag(k, Some(t)))));
    }
    for side in [Side::Private, Side::Microsoft] {
        out.push(peering_of(k, side));
        for &p in PeeringKey::ALL {
            out.push(peering(k, side, p));
        }
        for v6 in [false, true] {
            out.push(FieldPath::Circuit(
                k,
                Some(CircuitField::Peering(
                    side,
                    Some(PeeringField::Prefix { v6, k }),
                )),
            ));
        }
    }
    out.push(FieldPath::DirectPort(k, None));
    out.extend(
        PortKey::ALL
            .iter()
            .map(|&p| FieldPath::DirectPort(k, Some(p))),
    );
    out.push(FieldPath::RouteFilter(k, None));
    out.extend(
        FilterKey::ALL
            .iter()
            .map(|&f| FieldPath::RouteFilter(k, Some(FilterField::Key(f)))),
    );
    out.push(FieldPath::RouteFilter(k, Some(FilterField::Community(k))));
    out.push(FieldPath::Vnet(k, None));
    out.extend(
        VnetKey::ALL
            .iter()
            .map(|&v| FieldPath::Vnet(k, Some(VnetField::Key(v)))),
    );
    out.push(FieldPath::Vnet(k, Some(VnetField::AddressSpace(k))));
    out.push(FieldPath::Vnet(k, Some(VnetField::Subnet(k, None))));
    for &s in SubnetKey::ALL {
        out.push(FieldPath::Vnet(k, Some(VnetField::Subnet(k, Some(s)))));
    }
    out.push(FieldPath::Gateway(k, None));
    out.extend(
        GatewayKey::ALL
            .iter()
            .map(|&g| FieldPath::Gateway(k, Some(GatewayField::Key(g)))),
    );
    out.extend(
        PublicIpKey::ALL
            .iter()
            .map(|&p| FieldPath::Gateway(k, Some(GatewayField::PublicIp(p)))),
    );
    out.push(FieldPath::Connection(k, None));
    out.extend(
        ConnectionKey::ALL
            .iter()
            .map(|&c| FieldPath::Connection(k, Some(c))),
    );
    out.push(FieldPath::GlobalReach(k, None));
    out.extend(
        GlobalReachKey::ALL
            .iter()
            .map(|&g| FieldPath::GlobalReach(k, Some(g))),
    );
    out
}

#[test]
fn every_path_reads_back_from_its_text() {
    for k in [0, 1, 12, 999_999_999] {
        let all = shapes(k);
        let texts: std::collections::BTreeSet<String> = all.iter().map(|p| p.to_string()).collect();
        assert_eq!(texts.len(), all.len(), "two paths share a text");
        for p in all {
            let text = p.to_string();
            assert_eq!(FieldPath::parse(&text), Some(p), "{text}");
            assert_eq!(FieldPath::enclosing(&text), Some(p), "{text}");
            assert_eq!(String::from(p), text);
        }
    }
}

#[test]
fn paths_read_as_before() {
    for (p, text) in [
        (
            peering(0, Side::Private, PeeringKey::VlanId),
            "circuits[0].privatePeering.vlanId",
        ),
        (
            FieldPath::Circuit(
                1,
                Some(CircuitField::Peering(
                    Side::Microsoft,
                    Some(PeeringField::Prefix { v6: true, k: 2 }),
                )),
            ),
            "circuits[1].microsoftPeering.advertisedPrefixesV6[2]",
        ),
        (
            FieldPath::Vnet(
                0,
                Some(VnetField::Subnet(3, Some(SubnetKey::AddressPrefix))),
            ),
            "virtualNetworks[0].subnets[3].addressPrefix",
        ),
        (
            FieldPath::Gateway(2, Some(GatewayField::PublicIp(PublicIpKey::Sku))),
            "gateways[2].publicIp.sku",
        ),
        (
            FieldPath::Gateway(2, Some(GatewayField::Key(GatewayKey::PublicIp))),
            "gateways[2].publicIp",
        ),
        (
            FieldPath::RouteFilter(0, Some(FilterField::Community(4))),
            "routeFilters[0].communities[4]",
        ),
        (FieldPath::OnPremRoute(7), "onPremRoutes[7]"),
        (FieldPath::List(List::OnPremRoutes), "onPremRoutes"),
        (FieldPath::Top(TopKey::SubscriptionId), "subscriptionId"),
        (FieldPath::Connection(3, None), "connections[3]"),
    ] {
        assert_eq!(p.to_string(), text);
        assert_eq!(FieldPath::parse(text), Some(p));
    }
}

#[test]
fn malformed_or_unknown_text_is_no_path() {
    for text in [
        "",
        ".",
        "circuits[",
        "circuits[]",
        "circuits[x]",
        "circuits[-1]",
        "circuits[0]]",
        "circuits[0].",
        "circuits[0]..name",
        "circuits[0].nam",
        "circuits[0].name.more",
        "circuits[0].name[1]",
        "circuits[0].privatePeering[0]",
        "circuits[0].privatePeering.vlanId[0]",
        "circuits[0].authorizations[0].value",
        "circuits.name",
        "name[0]",
        "connections[0].x",
        "connectionsX[0]",
        "connections[0]x",
        "connections[0][1]",
        "gateways[0].publicIp.region",
        "virtualNetworks[0].subnets[0].x",
        "virtualNetworks[0].name[2]",
        "resources[0].properties.sku.name",
        "circuits[99999999999999999999]",
        "acknowledged",
        "version",
    ] {
        assert_eq!(FieldPath::parse(text), None, "{text:?}");
    }
}

#[test]
fn the_enclosing_path_of_unknown_text_is_its_known_part() {
    for (text, enclosing) in [
        ("circuits[0].futureField", Some("circuits[0]")),
        (
            "circuits[0].privatePeering.future",
            Some("circuits[0].privatePeering"),
        ),
        ("connections[2].x.y", Some("connections[2]")),
        ("circuits", Some("circuits")),
        ("future", None),
        ("", None),
        ("circuits[x].name", Some("circuits")),
    ] {
        assert_eq!(
            FieldPath::enclosing(text).map(|p| p.to_string()).as_deref(),
            enclosing,
            "{text:?}"
        );
    }
}

#[test]
fn steps_follow_the_wizard() {
    use crate::domain::view::Step;
    for (text, step) in [
        ("name", Step::Basics),
        ("subscriptionId", Step::Basics),
        ("circuits[0].name", Step::Basics),
        ("circuits[1].region", Step::Basics),
        ("circuits[0].bandwidthMbps", Step::Configuration),
        ("circuits[0].tags[0].value", Step::Configuration),
        ("circuits[0]", Step::Configuration),
        ("circuits", Step::Configuration),
        ("directPorts[0].name", Step::Configuration),
        ("circuits[0].providerStatus", Step::ProviderStatus),
        ("circuits[0].providerManagedRouting", Step::ProviderStatus),
        ("circuits[0].privatePeering.vlanId", Step::PrivatePeering),
        ("onPremRoutes[3]", Step::PrivatePeering),
        (
            "circuits[0].microsoftPeering.advertisedPrefixes[0]",
            Step::MicrosoftPeering,
        ),
        ("routeFilters[0].communities", Step::MicrosoftPeering),
        ("virtualNetworks[0].subnets[0].addressPrefix", Step::Gateway),
        ("gateways[0].publicIp.sku", Step::Gateway),
        ("connections[0].circuit", Step::Connection),
        ("globalReach[0].addressPrefix", Step::Connection),
        ("circuits[0].authorizations[0].name", Step::Connection),
    ] {
        assert_eq!(
            FieldPath::parse(text).map(FieldPath::step),
            Some(step),
            "{text}"
        );
    }
}

#[test]
fn labels_and_ids() {
    let p = peering(0, Side::Private, PeeringKey::VlanId);
    assert_eq!(p.label(), "Circuit 1 · private peering · VLAN ID");
    assert_eq!(p.dom_id(), "f-circuits-0-privatePeering-vlanId");
    let ids: std::collections::BTreeSet<String> =
        shapes(3).into_iter().map(FieldPath::dom_id).collect();
    assert_eq!(ids.len(), shapes(3).len(), "two paths share a DOM id");
}

#[test]
fn items_of_text_lists_know_their_list() {
    for (item, list, k) in [
        ("onPremRoutes[2]", "onPremRoutes", 2),
        (
            "circuits[1].microsoftPeering.advertisedPrefixes[3]",
            "circuits[1].microsoftPeering.advertisedPrefixes",
            3,
        ),
        (
            "circuits[0].microsoftPeering.advertisedPrefixesV6[0]",
            "circuits[0].microsoftPeering.advertisedPrefixesV6",
            0,
        ),
        (
            "routeFilters[4].communities[1]",
            "routeFilters[4].communities",
            1,
        ),
        (
            "virtualNetworks[0].addressSpaces[7]",
            "virtualNetworks[0].addressSpaces",
            7,
        ),
    ] {
        let (l, i) = FieldPath::parse(item).unwrap().list_item().unwrap();
        assert_eq!((l.to_string().as_str(), i), (list, k));
    }
    for not_item in [
        "onPremRoutes",
        "circuits[0]",
        "connections[2].name",
        "virtualNetworks[0].subnets[1]",
    ] {
        assert_eq!(
            FieldPath::parse(not_item).unwrap().list_item(),
            None,
            "{not_item}"
        );
    }
}

#[test]
fn items_and_circuits() {
    let p = FieldPath::parse("connections[3].name").unwrap();
    assert_eq!(p.item(), Some((List::Connections, 3)));
    assert_eq!(p.circuit(), None);
    let q = FieldPath::parse("circuits[1].privatePeering.vlanId").unwrap();
    assert_eq!(q.circuit(), Some(1));
    assert_eq!(FieldPath::Top(TopKey::Name).item(), None);
}

#[test]
fn text_tests_of_containment() {
    let c = FieldPath::Circuit(1, None);
    assert!(c.contains_text("circuits[1]"));
    assert!(c.contains_text("circuits[1].name"));
    assert!(!c.contains_text("circuits[10]"));
    assert!(!c.contains_text("circuits[10].name"));
    assert!(!c.contains_text("circuits"));
}

/// A design with every part, so that every leaf has a value.
fn full() -> Design {
    let mut d: Design =
        serde_json::from_str(include_str!("../../../tests/fixtures/full-direct.json")).unwrap();
    for c in &mut d.circuits {
        c.private_peering.get_or_insert_with(Default::default);
        c.microsoft_peering.get_or_insert_with(Default::default);
        c.authorizations.push(Default::default());
        c.tags.push(Default::default());
        let m = c.microsoft_peering.as_mut().unwrap();
        m.advertised_prefixes.push("192.0.2.0/24".into());
        m.advertised_prefixes_v6.push("2001:db8::/48".into());
    }
    d.on_prem_routes.push("10.0.0.0/8".into());
    d.direct_ports.push(Default::default());
    d.route_filters.push(Default::default());
    d.route_filters[0].communities.push("12076:5010".into());
    d.virtual_networks.push(Default::default());
    d.virtual_networks[0]
        .address_spaces
        .push("10.1.0.0/16".into());
    d.virtual_networks[0].subnets.push(Default::default());
    d.gateways.push(Default::default());
    d.gateways[0].public_ip = Some(Default::default());
    d.connections.push(Default::default());
    d.global_reach.push(Default::default());
    d
}

#[test]
fn the_lens_reads_and_writes_every_leaf() {
    let d = full();
    let mut leaves = 0;
    for p in shapes(0) {
        let Some(place) = p.place(&d) else {
            continue;
        };
        leaves += 1;
        let mut e = d.clone();
        match place {
            Place::Text(_) => {
                assert!(p.write(&mut e, Value::Text("x-1".into())), "{p}");
                assert_eq!(p.read_text(&e), "x-1");
                assert!(
                    !p.write(&mut e, Value::Text("x-1".into())),
                    "{p}: no change"
                );
                assert!(!p.write(&mut e, Value::Flag(true)), "{p}: wrong kind");
            }
            Place::Flag(b) => {
                assert!(p.write(&mut e, Value::Flag(!b)), "{p}");
                assert_eq!(p.read_flag(&e), !b);
            }
            Place::Choice(t) => {
                assert_eq!(p.read_text(&d), t);
                assert!(!p.write(&mut e, Value::Text("NoSuchChoice".into())), "{p}");
                assert_eq!(e, d, "{p}: an unknown choice changes nothing");
            }
            Place::List(l) => {
                let mut more = l.to_vec();
                more.push("192.0.2.0/24".into());
                assert!(p.write(&mut e, Value::List(more.clone())), "{p}");
                assert_eq!(p.read_list(&e), more);
            }
        }
        // The write changed that value only: the same path's text in JSON.
        if e != d {
            let (a, b) = (
                serde_json::to_value(&d).unwrap(),
                serde_json::to_value(&e).unwrap(),
            );
            assert_ne!(a, b);
        }
    }
    assert!(leaves > 90, "{leaves} leaves");
}

#[test]
fn the_lens_reads_every_text_the_design_visits() {
    // `visit_texts` lists every text field by path: each is a leaf of the vocabulary with
    // the same value.
    let mut d = full();
    let expect = d.clone();
    let mut seen = 0;
    crate::domain::model::visit_texts(&mut d, &mut |path, v| {
        seen += 1;
        let p = FieldPath::parse(path).unwrap_or_else(|| panic!("{path} is not in the vocabulary"));
        match v {
            crate::domain::model::TextMut::One(s) => {
                assert_eq!(p.place(&expect), Some(Place::Text(s.as_str())), "{path}")
            }
            crate::domain::model::TextMut::List(l) => {
                assert_eq!(p.place(&expect), Some(Place::List(l.as_slice())), "{path}")
            }
        }
    });
    assert!(seen > 50);
}

#[test]
fn every_finding_of_the_fixtures_names_a_known_path() {
    for (name, text) in [
        (
            "errors",
            include_str!("../../../tests/fixtures/errors.json"),
        ),
        ("seed", include_str!("../../../tests/fixtures/seed.json")),
        ("large", include_str!("../../../tests/fixtures/large.json")),
        (
            "direct",
            include_str!("../../../tests/fixtures/direct.json"),
        ),
        (
            "full-direct",
            include_str!("../../../tests/fixtures/full-direct.json"),
        ),
        (
            "dual-stack",
            include_str!("../../../tests/fixtures/dual-stack.json"),
        ),
        (
            "two-circuits",
            include_str!("../../../tests/fixtures/two-circuits.json"),
        ),
        (
            "minimal",
            include_str!("../../../tests/fixtures/minimal.json"),
        ),
    ] {
        let d: Design = serde_json::from_str(text).unwrap();
        for f in crate::domain::rules::validate(&d) {
            assert!(
                FieldPath::parse(&f.path).is_some(),
                "{name}: {} {}",
                f.code,
                f.path
            );
        }
    }
}

#[test]
fn no_text_panics_the_parser() {
    let alphabet = [
        "circuits",
        "[",
        "]",
        ".",
        "0",
        "9",
        "name",
        "privatePeering",
        "x",
        "",
        "[1]",
        "é",
        "subnets",
    ];
    // Every sequence of up to four pieces.
    let mut texts = vec![String::new()];
    for _ in 0..4 {
        let mut next = Vec::new();
        for t in &texts {
            for a in alphabet {
                next.push(format!("{t}{a}"));
            }
        }
        texts.extend(next);
        texts.sort();
        texts.dedup();
    }
    for t in &texts {
        if let Some(p) = FieldPath::parse(t) {
            assert_eq!(&p.to_string(), t);
        }
        let _ = FieldPath::enclosing(t);
        let _ = label_of(t);
    }
}

/// The text fields as the model listed them before the vocabulary (the same paths, in the same
/// order: the order of an import's `givenAtDeployment`).
#[allow(clippy::too_many_lines)]
fn old_visit_texts(d: &mut Design, f: &mut dyn FnMut(&str, crate::domain::model::TextMut<'_>)) {
    fn one(
        f: &mut dyn FnMut(&str, crate::domain::model::TextMut<'_>),
        base: &str,
        key: &str,
        v: &mut String,
    ) {
        f(
            &format!("{base}{key}"),
            crate::domain::model::TextMut::One(v),
        );
    }
    fn peering(
        f: &mut dyn FnMut(&str, crate::domain::model::TextMut<'_>),
        base: &str,
        p: &mut crate::domain::model::Peering,
    ) {
        one(f, base, "peerAsn", &mut p.peer_asn);
        one(f, base, "primarySubnet", &mut p.primary_subnet);
        one(f, base, "secondarySubnet", &mut p.secondary_subnet);
        one(f, base, "subnet29", &mut p.subnet29);
        one(f, base, "primarySubnetV6", &mut p.primary_subnet_v6);
        one(f, base, "secondarySubnetV6", &mut p.secondary_subnet_v6);
        one(f, base, "vlanId", &mut p.vlan_id);
        one(f, base, "sharedKey", &mut p.shared_key);
    }
    one(f, "", "name", &mut d.name);
    one(f, "", "subscriptionId", &mut d.subscription_id);
    one(f, "", "resourceGroup", &mut d.resource_group);
    for (i, c) in d.circuits.iter_mut().enumerate() {
        let b = format!("circuits[{i}].");
        one(f, &b, "name", &mut c.name);
        one(f, &b, "region", &mut c.region);
        one(f, &b, "provider", &mut c.provider);
        one(f, &b, "peeringLocation", &mut c.peering_location);
        one(f, &b, "bandwidthMbps", &mut c.bandwidth_mbps);
        one(f, &b, "directPort", &mut c.direct_port);
        one(f, &b, "bandwidthGbps", &mut c.bandwidth_gbps);
        one(
            f,
            &b,
            "directAuthorizationKey",
            &mut c.direct_authorization_key,
        );
        for (k, a) in c.authorizations.iter_mut().enumerate() {
            one(f, &b, &format!("authorizations[{k}].name"), &mut a.name);
        }
        for (k, t) in c.tags.iter_mut().enumerate() {
            one(f, &b, &format!("tags[{k}].value"), &mut t.value);
        }
        if let Some(p) = &mut c.private_peering {
            peering(f, &format!("{b}privatePeering."), p);
        }
        if let Some(m) = &mut c.microsoft_peering {
            let mb = format!("{b}microsoftPeering.");
            peering(f, &mb, &mut m.peering);
            f(
                &format!("{mb}advertisedPrefixes"),
                crate::domain::model::TextMut::List(&mut m.advertised_prefixes),
            );
            f(
                &format!("{mb}advertisedPrefixesV6"),
                crate::domain::model::TextMut::List(&mut m.advertised_prefixes_v6),
            );
            one(f, &mb, "customerAsn", &mut m.customer_asn);
            one(f, &mb, "routingRegistry", &mut m.routing_registry);
            one(f, &mb, "routeFilter", &mut m.route_filter);
        }
    }
    for (i, p) in d.direct_ports.iter_mut().enumerate() {
        let b = format!("directPorts[{i}].");
        one(f, &b, "name", &mut p.name);
        one(f, &b, "region", &mut p.region);
        one(f, &b, "peeringLocation", &mut p.peering_location);
        one(f, &b, "bandwidthGbps", &mut p.bandwidth_gbps);
    }
    for (i, r) in d.route_filters.iter_mut().enumerate() {
        let b = format!("routeFilters[{i}].");
        one(f, &b, "name", &mut r.name);
        one(f, &b, "region", &mut r.region);
        one(f, &b, "ruleName", &mut r.rule_name);
        f(
            &format!("{b}communities"),
            crate::domain::model::TextMut::List(&mut r.communities),
        );
    }
    for (i, v) in d.virtual_networks.iter_mut().enumerate() {
        let b = format!("virtualNetworks[{i}].");
        one(f, &b, "name", &mut v.name);
        one(f, &b, "region", &mut v.region);
        f(
            &format!("{b}addressSpaces"),
            crate::domain::model::TextMut::List(&mut v.address_spaces),
        );
        for (k, s) in v.subnets.iter_mut().enumerate() {
            let sb = format!("{b}subnets[{k}].");
            one(f, &sb, "name", &mut s.name);
            one(f, &sb, "addressPrefix", &mut s.address_prefix);
            one(f, &sb, "addressPrefixV6", &mut s.address_prefix_v6);
        }
    }
    for (i, g) in d.gateways.iter_mut().enumerate() {
        let b = format!("gateways[{i}].");
        one(f, &b, "name", &mut g.name);
        one(f, &b, "region", &mut g.region);
        one(f, &b, "virtualNetwork", &mut g.virtual_network);
        one(f, &b, "minScaleUnits", &mut g.min_scale_units);
        one(f, &b, "maxScaleUnits", &mut g.max_scale_units);
        if let Some(ip) = &mut g.public_ip {
            one(f, &b, "publicIp.name", &mut ip.name);
        }
    }
    for (i, c) in d.connections.iter_mut().enumerate() {
        let b = format!("connections[{i}].");
        one(f, &b, "name", &mut c.name);
        one(f, &b, "region", &mut c.region);
        one(f, &b, "gateway", &mut c.gateway);
        one(f, &b, "circuit", &mut c.circuit);
        one(f, &b, "authorizationKey", &mut c.authorization_key);
        one(f, &b, "routingWeight", &mut c.routing_weight);
    }
    for (i, g) in d.global_reach.iter_mut().enumerate() {
        let b = format!("globalReach[{i}].");
        one(f, &b, "name", &mut g.name);
        one(f, &b, "circuit", &mut g.circuit);
        one(f, &b, "peerCircuit", &mut g.peer_circuit);
        one(f, &b, "addressPrefix", &mut g.address_prefix);
        one(f, &b, "addressPrefixV6", &mut g.address_prefix_v6);
        one(f, &b, "authorizationKey", &mut g.authorization_key);
    }
    f(
        "onPremRoutes",
        crate::domain::model::TextMut::List(&mut d.on_prem_routes),
    );
}

#[test]
fn text_fields_keep_the_models_order() {
    let mut a = full();
    let mut b = full();
    let mut old = Vec::new();
    old_visit_texts(&mut a, &mut |p, _| old.push(p.to_string()));
    let mut new = Vec::new();
    crate::domain::model::visit_texts(&mut b, &mut |p, _| new.push(p.to_string()));
    assert_eq!(new, old);
}
