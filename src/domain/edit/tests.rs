use super::*;
use crate::domain::field::{circuit, peering, PeeringKey};

fn seed() -> Design {
    serde_json::from_str(include_str!("../../../tests/fixtures/seed.json")).unwrap()
}

/// The route filter circuit 0's Microsoft peering names.
fn linked_name(d: &Design) -> &str {
    &d.circuits[0]
        .microsoft_peering
        .as_ref()
        .unwrap()
        .route_filter
}

fn text(d: &Design, p: FieldPath) -> String {
    p.read_text(d)
}

#[test]
fn set_writes_through_the_lens() {
    let mut d = seed();
    let vlan = peering(0, Side::Private, PeeringKey::VlanId);
    let a = apply(&mut d, &Edit::Set(vlan, Value::Text("4094".into())));
    assert!(a.changed);
    assert_eq!(text(&d, vlan), "4094");
    assert!(!apply(&mut d, &Edit::Set(vlan, Value::Text("4094".into()))).changed);
    // A path past the end changes nothing.
    let far = peering(9, Side::Private, PeeringKey::VlanId);
    let before = d.clone();
    assert!(!apply(&mut d, &Edit::Set(far, Value::Text("1".into()))).changed);
    assert_eq!(d, before);
}

#[test]
fn renaming_a_circuit_takes_its_references() {
    let mut d = seed();
    d.connections.push(Connection {
        circuit: d.circuits[0].name.clone(),
        ..Connection::default()
    });
    apply(
        &mut d,
        &Edit::Set(circuit(0, CircuitKey::Name), Value::Text("er-new".into())),
    );
    assert_eq!(d.circuits[0].name, "er-new");
    assert!(d.connections.iter().all(|c| c.circuit == "er-new"));
}

#[test]
fn the_port_type_clears_the_other_types_fields() {
    let mut d = seed();
    d.circuits[0].provider = "Equinix".into();
    d.circuits[0].rate_limiting = true;
    let pt = circuit(0, CircuitKey::PortType);
    assert!(apply(&mut d, &Edit::Set(pt, Value::Text("Direct".into()))).changed);
    assert_eq!(d.circuits[0].port_type, PortType::Direct);
    assert_eq!(d.circuits[0].provider, "");
    assert!(!d.circuits[0].rate_limiting);
    assert!(
        !d.direct_ports.is_empty(),
        "a Direct circuit is put on a port pair"
    );
    assert!(!apply(&mut d, &Edit::Set(pt, Value::Text("Fibre".into()))).changed);
    assert!(apply(&mut d, &Edit::Set(pt, Value::Text("Provider".into()))).changed);
    assert_eq!(d.circuits[0].direct_port, "");
}

#[test]
fn renaming_a_port_takes_its_circuits() {
    let mut d = seed();
    apply(
        &mut d,
        &Edit::Set(
            circuit(0, CircuitKey::PortType),
            Value::Text("Direct".into()),
        ),
    );
    let port = d.circuits[0].direct_port.clone();
    assert_eq!(d.direct_ports[0].name, port);
    assert!(
        apply(
            &mut d,
            &Edit::Set(
                FieldPath::DirectPort(0, Some(PortKey::Name)),
                Value::Text("port-x".into())
            )
        )
        .changed
    );
    assert_eq!(d.circuits[0].direct_port, "port-x");
}

#[test]
fn the_first_port_field_typed_creates_the_port() {
    let mut d = seed();
    d.direct_ports.clear();
    let at = FieldPath::DirectPort(0, Some(PortKey::PeeringLocation));
    assert!(apply(&mut d, &Edit::Set(at, Value::Text("Amsterdam".into()))).changed);
    assert_eq!(d.direct_ports.len(), 1);
}

#[test]
fn microsoft_peering_comes_and_goes_with_its_route_filter() {
    let mut d = seed();
    d.circuits[0].microsoft_peering = None;
    d.route_filters.clear();
    let a = apply(&mut d, &Edit::AddPeering(0, Side::Microsoft));
    assert_eq!(
        a.added,
        Some(peering(0, Side::Microsoft, PeeringKey::PeerAsn))
    );
    assert_eq!(d.route_filters.len(), 1);
    let name = d.route_filters[0].name.clone();
    assert_eq!(linked_name(&d), name);
    assert!(
        !apply(&mut d, &Edit::AddPeering(0, Side::Microsoft)).changed,
        "once"
    );
    // Renaming the filter keeps the peering linked.
    let rf = FieldPath::RouteFilter(0, Some(FilterField::Key(FilterKey::Name)));
    apply(&mut d, &Edit::Set(rf, Value::Text("rf-x".into())));
    assert_eq!(linked_name(&d), "rf-x");
    d.acknowledged
        .push("ER-X circuits[0].microsoftPeering.peerAsn".into());
    assert!(apply(&mut d, &Edit::RemovePeering(0, Side::Microsoft)).changed);
    assert!(d.route_filters.is_empty());
    assert!(d.acknowledged.is_empty(), "its records go with it");
    assert!(!apply(&mut d, &Edit::RemovePeering(0, Side::Microsoft)).changed);
}

#[test]
fn a_second_private_peering_copies_asn_vlan_and_family() {
    let mut d = seed();
    apply(&mut d, &Edit::AddCircuit);
    let p0 = d.circuits[0].private_peering.clone().unwrap();
    d.circuits[1].private_peering = None;
    assert!(apply(&mut d, &Edit::AddPeering(1, Side::Private)).changed);
    let p1 = d.circuits[1].private_peering.as_ref().unwrap();
    assert_eq!(
        (&p1.peer_asn, &p1.vlan_id, p1.address_family),
        (&p0.peer_asn, &p0.vlan_id, p0.address_family)
    );
    assert_eq!(p1.primary_subnet, "");
}

#[test]
fn connections_get_free_names() {
    let mut d = seed();
    d.connections.clear();
    let a = apply(&mut d, &Edit::AddConnection(0));
    let b = apply(&mut d, &Edit::AddConnection(0));
    assert_eq!(a.added, Some(FieldPath::Connection(0, None)));
    assert_eq!(b.added, Some(FieldPath::Connection(1, None)));
    assert_ne!(d.connections[0].name, d.connections[1].name);
    assert!(
        d.connections[1].name.ends_with("-2"),
        "{}",
        d.connections[1].name
    );
    assert!(apply(&mut d, &Edit::RemoveConnection(0)).changed);
    assert!(!apply(&mut d, &Edit::RemoveConnection(5)).changed);
    assert_eq!(d.connections.len(), 1);
}

#[test]
fn communities_toggle() {
    let mut d = seed();
    if d.route_filters.is_empty() {
        d.route_filters.push(Default::default());
    }
    d.route_filters[0].communities.clear();
    assert!(apply(&mut d, &Edit::Community(0, "12076:5010".into(), true)).changed);
    assert!(!apply(&mut d, &Edit::Community(0, "12076:5010".into(), true)).changed);
    assert_eq!(d.route_filters[0].communities, ["12076:5010"]);
    assert!(apply(&mut d, &Edit::Community(0, "12076:5010".into(), false)).changed);
    assert!(d.route_filters[0].communities.is_empty());
}

#[test]
fn the_gateway_subnet_is_added_when_missing() {
    let mut d = seed();
    apply(&mut d, &Edit::AddVnetAndGateway);
    let k = d.virtual_networks.len() - 1;
    d.virtual_networks[k].subnets.clear();
    let at = gateway_subnet_path(&d, k);
    assert_eq!(
        at.to_string(),
        format!("virtualNetworks[{k}].subnets[0].addressPrefix")
    );
    assert!(apply(&mut d, &Edit::GatewaySubnet(k, "10.9.255.0/27".into())).changed);
    assert_eq!(d.virtual_networks[k].subnets[0].name, GATEWAY_SUBNET);
    assert_eq!(at.read_text(&d), "10.9.255.0/27");
}

#[test]
fn labels_name_what_changed() {
    assert_eq!(
        Edit::Set(
            peering(0, Side::Private, PeeringKey::VlanId),
            Value::Text(String::new())
        )
        .label(),
        "Circuit 1 · private peering · VLAN ID"
    );
    assert_eq!(Edit::RemoveConnection(2).label(), "removing connection 3");
    assert_eq!(
        Edit::Set(
            FieldPath::Top(crate::domain::field::TopKey::ResourceGroup),
            Value::Text("rg".into())
        )
        .label(),
        "Resource group"
    );
}

#[test]
fn edits_of_one_field_share_undo_s_key() {
    let vlan = peering(0, Side::Private, PeeringKey::VlanId);
    let a = Edit::Set(vlan, Value::Text("1".into()));
    let b = Edit::Set(vlan, Value::Text("10".into()));
    assert_eq!(a.key(), Some("f-circuits-0-privatePeering-vlanId".into()));
    assert_eq!(a.key(), b.key());
    assert_ne!(
        a.key(),
        Edit::Set(
            peering(1, Side::Private, PeeringKey::VlanId),
            Value::Text("1".into())
        )
        .key()
    );
    assert_eq!(
        Edit::AddCircuit.key(),
        None,
        "a structural edit is a step of its own"
    );
    assert_eq!(
        Edit::AddPeering(1, Side::Microsoft).label(),
        "adding the Microsoft peering of circuit 2"
    );
}
