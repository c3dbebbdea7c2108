//! Edits as values: every change the wizard makes to a design is an [`Edit`], applied by
//! [`apply`], one pure function tested natively. The UI sends edits (`Ctx::apply`); undo
//! records each with its [`Edit::label`].
//!
//! Setting a field ([`Edit::Set`]) writes through the field vocabulary's lens
//! ([`crate::domain::field::lens`]), with the changes that follow from some fields: a renamed
//! circuit, port pair, route filter, VNet or gateway takes its references with it; a VNet's
//! region moves its gateways; a circuit's port type clears the other type's fields.

use super::advice::GATEWAY_SUBNET;
use super::circuits::{choose_direct, new_port, put_on_port, remove_circuit};
use super::derived::default_route_filter;
use super::field::lens::Value;
use super::field::{
    peering_of, CircuitField, CircuitKey, ConnectionKey, FieldPath, FilterField, FilterKey,
    GatewayField, GatewayKey, GlobalReachKey, List, PortKey, Side, SubnetKey, VnetField, VnetKey,
};
use super::finding::{Finding, Fix};
use super::model::{
    rename_circuit, Connection, Design, MicrosoftPeering, Peering, PortType, Subnet, VirtualNetwork,
};
use super::records;
use network::{add_vnet_and_gateway, rename_gateway, rename_vnet, set_vnet_region};

mod network;

/// One change to a design.
#[derive(Debug, Clone, PartialEq)]
pub enum Edit {
    /// Sets the field a path names, and what follows from it (see the module's doc).
    Set(FieldPath, Value),
    /// Sets one item of a list of texts (a fix's value for `addressSpaces[2]`).
    SetItem(FieldPath, String),
    /// Adds a circuit like the others ([`crate::domain::circuits::next_circuit`]).
    AddCircuit,
    /// Removes circuit `i`, its connections, Global Reach links and route filter.
    RemoveCircuit(usize),
    /// Adds circuit `i`'s peering (Microsoft peering with a new route filter).
    AddPeering(usize, Side),
    /// Removes circuit `i`'s peering (and a route filter only it used).
    RemovePeering(usize, Side),
    /// Puts Direct circuit `i` on port pair `k`, or on a new one (`None`).
    ChoosePort(usize, Option<usize>),
    /// Creates a route filter for circuit `i` and links its Microsoft peering to it.
    NewRouteFilter(usize),
    /// Adds (`true`) or removes a community of route filter `k`.
    Community(usize, String, bool),
    /// Adds a connection from the first gateway to circuit `i`.
    AddConnection(usize),
    /// Removes connection `k`.
    RemoveConnection(usize),
    /// Adds the next Global Reach link between circuits not yet linked.
    AddGlobalReach,
    /// Removes Global Reach link `k`.
    RemoveGlobalReach(usize),
    /// Adds a VNet with its GatewaySubnet and a gateway.
    AddVnetAndGateway,
    /// Sets VNet `k`'s GatewaySubnet prefix, adding the subnet when it has none.
    GatewaySubnet(usize, String),
    /// Applies a finding's fix at its path ([`crate::domain::fixes::apply_fix`]).
    Fix(String, Fix),
    /// Acknowledges a warning ([`crate::domain::acknowledge`]).
    Acknowledge(Finding),
    /// Takes the acknowledgement of warning `code` at `path` back.
    Unacknowledge(&'static str, String),
}

/// What an edit did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Applied {
    /// The design changed.
    pub changed: bool,
    /// The path of what the edit added, for the focus to go to.
    pub added: Option<FieldPath>,
}

impl Applied {
    fn changed(changed: bool) -> Self {
        Applied {
            changed,
            added: None,
        }
    }
    fn added(at: FieldPath) -> Self {
        Applied {
            changed: true,
            added: Some(at),
        }
    }
}

impl Edit {
    /// Undo's coalescing key: the DOM id of the field a [`Edit::Set`] or [`Edit::SetItem`]
    /// writes (keystrokes in one field within a moment are one undo step); other edits are
    /// steps of their own.
    pub fn key(&self) -> Option<String> {
        match self {
            Edit::Set(p, _) | Edit::SetItem(p, _) => Some(p.dom_id()),
            _ => None,
        }
    }

    /// The edit in a few words, for undo ("Undo VLAN ID of circuit 1").
    pub fn label(&self) -> String {
        let n = |i: &usize| i + 1;
        match self {
            Edit::Set(p, _) | Edit::SetItem(p, _) => p.label(),
            Edit::AddCircuit => "adding a circuit".into(),
            Edit::RemoveCircuit(i) => format!("removing circuit {}", n(i)),
            Edit::AddPeering(i, s) | Edit::RemovePeering(i, s) => format!(
                "{} {} peering of circuit {}",
                if matches!(self, Edit::AddPeering(..)) {
                    "adding the"
                } else {
                    "removing the"
                },
                match s {
                    Side::Private => "private",
                    Side::Microsoft => "Microsoft",
                },
                n(i)
            ),
            Edit::ChoosePort(i, _) => format!("the port pair of circuit {}", n(i)),
            Edit::NewRouteFilter(_) => "creating a route filter".into(),
            Edit::Community(k, ..) => format!("the services of route filter {}", n(k)),
            Edit::AddConnection(_) => "adding a connection".into(),
            Edit::RemoveConnection(k) => format!("removing connection {}", n(k)),
            Edit::AddVnetAndGateway => "adding a virtual network and gateway".into(),
            Edit::AddGlobalReach => "adding a Global Reach link".into(),
            Edit::RemoveGlobalReach(k) => format!("removing Global Reach link {}", n(k)),
            Edit::GatewaySubnet(k, _) => format!("the GatewaySubnet of VNet {}", n(k)),
            Edit::Fix(_, f) => f.label.clone(),
            Edit::Acknowledge(f) => format!("acknowledging {}", f.code),
            Edit::Unacknowledge(code, _) => format!("counting {code} again"),
        }
    }
}

/// Applies `edit` to `d`.
pub fn apply(d: &mut Design, edit: &Edit) -> Applied {
    match edit {
        Edit::Set(p, v) => Applied::changed(set(d, *p, v.clone())),
        Edit::SetItem(p, v) => Applied::changed(p.write(d, Value::Text(v.clone()))),
        Edit::AddCircuit => {
            let c = super::circuits::next_circuit(d);
            d.circuits.push(c);
            Applied::added(FieldPath::Circuit(d.circuits.len() - 1, None))
        }
        Edit::RemoveCircuit(i) => Applied::changed(remove_circuit(d, *i)),
        Edit::AddPeering(i, side) => add_peering(d, *i, *side),
        Edit::RemovePeering(i, side) => Applied::changed(remove_peering(d, *i, *side)),
        Edit::ChoosePort(i, k) => {
            let before = d.clone();
            match k {
                Some(k) => put_on_port(d, *i, *k),
                None => new_port(d, *i),
            }
            Applied::changed(*d != before)
        }
        Edit::NewRouteFilter(i) => match new_filter(d, *i) {
            Some(k) => Applied::added(FieldPath::RouteFilter(
                k,
                Some(FilterField::Key(FilterKey::Communities)),
            )),
            None => Applied::changed(false),
        },
        Edit::Community(k, value, on) => {
            let Some(f) = d.route_filters.get_mut(*k) else {
                return Applied::changed(false);
            };
            let before = f.communities.clone();
            f.communities.retain(|c| c != value);
            if *on {
                f.communities.push(value.clone());
            }
            Applied::changed(f.communities != before)
        }
        Edit::AddConnection(i) => {
            add_connection(d, *i);
            Applied::added(FieldPath::Connection(d.connections.len() - 1, None))
        }
        Edit::RemoveConnection(k) => Applied::changed(records::remove_item(
            d,
            List::Connections,
            |d| &mut d.connections,
            *k,
        )),
        Edit::AddGlobalReach => match super::circuits::next_global_reach(d) {
            Some(g) => {
                d.global_reach.push(g);
                Applied::added(FieldPath::GlobalReach(
                    d.global_reach.len() - 1,
                    Some(GlobalReachKey::AddressPrefix),
                ))
            }
            None => Applied::changed(false),
        },
        Edit::RemoveGlobalReach(k) => Applied::changed(records::remove_item(
            d,
            List::GlobalReach,
            |d| &mut d.global_reach,
            *k,
        )),
        Edit::AddVnetAndGateway => {
            add_vnet_and_gateway(d);
            Applied::added(FieldPath::Vnet(d.virtual_networks.len() - 1, None))
        }
        Edit::GatewaySubnet(k, prefix) => {
            let Some(s) = gateway_subnet_mut(d, *k) else {
                return Applied::changed(false);
            };
            let changed = s.address_prefix != *prefix;
            s.address_prefix = prefix.clone();
            Applied::changed(changed)
        }
        Edit::Fix(path, fix) => Applied::changed(super::fixes::apply_fix(d, path, fix)),
        Edit::Acknowledge(f) => Applied {
            changed: super::acknowledge::acknowledge(d, f).unwrap_or(false),
            added: None,
        },
        Edit::Unacknowledge(code, path) => {
            Applied::changed(super::acknowledge::unacknowledge(d, code, path))
        }
    }
}

/// Sets the field at `p`, with what follows from it.
fn set(d: &mut Design, p: FieldPath, v: Value) -> bool {
    let before_text = |d: &Design| p.read_text(d);
    // A corrupt design without circuits shows the first circuit's fields: the first edit
    // creates it.
    if matches!(p, FieldPath::Circuit(..)) && d.circuits.is_empty() {
        d.circuits.push(Default::default());
    }
    match (p, v) {
        (FieldPath::Circuit(i, Some(CircuitField::Key(CircuitKey::Name))), Value::Text(v)) => {
            let changed = before_text(d) != v;
            rename_circuit(d, i, v);
            changed
        }
        (FieldPath::Circuit(i, Some(CircuitField::Key(CircuitKey::PortType))), Value::Text(v)) => {
            set_port_type(d, i, &v)
        }
        (FieldPath::DirectPort(k, Some(PortKey::Name)), Value::Text(v)) => rename_port(d, k, v),
        (p @ FieldPath::DirectPort(..), v) => {
            // A Direct circuit's port fields are shown before a port exists (a design that
            // has none): the first edit creates it.
            if d.direct_ports.is_empty() {
                d.direct_ports.push(Default::default());
            }
            p.write(d, v)
        }
        (FieldPath::RouteFilter(k, Some(FilterField::Key(FilterKey::Name))), Value::Text(v)) => {
            let changed = before_text(d) != v;
            rename_filter(d, k, v);
            changed
        }
        (FieldPath::Vnet(k, Some(VnetField::Key(VnetKey::Name))), Value::Text(v)) => {
            let changed = before_text(d) != v;
            rename_vnet(d, k, v);
            changed
        }
        (FieldPath::Vnet(k, Some(VnetField::Key(VnetKey::Region))), Value::Text(v)) => {
            let changed = before_text(d) != v;
            set_vnet_region(d, k, v);
            changed
        }
        (FieldPath::Connection(k, Some(ConnectionKey::Gateway)), Value::Text(v)) => {
            // The connection moves to its gateway's region.
            let region = d
                .gateways
                .iter()
                .find(|g| g.name == v)
                .map(|g| g.region.clone());
            let Some(c) = d.connections.get_mut(k) else {
                return false;
            };
            let before = (c.gateway.clone(), c.region.clone());
            c.gateway = v;
            if let Some(r) = region {
                c.region = r;
            }
            before != (c.gateway.clone(), c.region.clone())
        }
        (FieldPath::Gateway(k, Some(GatewayField::Key(GatewayKey::Name))), Value::Text(v)) => {
            let changed = before_text(d) != v;
            rename_gateway(d, k, v);
            changed
        }
        (p, v) => p.write(d, v),
    }
}

/// Circuit `i` becomes a provider or a Direct circuit: the other type's fields are cleared, and
/// a Direct circuit is put on a port pair.
fn set_port_type(d: &mut Design, i: usize, v: &str) -> bool {
    use super::wire::Wire;
    let Some(port_type) = PortType::parse(v) else {
        return false;
    };
    let Some(c) = d.circuits.get_mut(i) else {
        return false;
    };
    let before = c.clone();
    let direct = port_type == PortType::Direct;
    c.port_type = port_type;
    c.rate_limiting = false;
    if direct {
        c.provider.clear();
    } else {
        c.direct_port.clear();
        c.bandwidth_gbps.clear();
    }
    let changed = *c != before;
    if direct {
        choose_direct(d, i);
    }
    changed
}

/// Renames port pair `k` (creating the first when there is none); the Direct circuits on it
/// follow.
fn rename_port(d: &mut Design, k: usize, name: String) -> bool {
    if d.direct_ports.is_empty() {
        d.direct_ports.push(Default::default());
    }
    let Some(p) = d.direct_ports.get_mut(k) else {
        return false;
    };
    let old = std::mem::replace(&mut p.name, name.clone());
    if old == name {
        return false;
    }
    for c in d
        .circuits
        .iter_mut()
        .filter(|c| c.port_type == PortType::Direct && c.direct_port == old)
    {
        c.direct_port = name.clone();
    }
    true
}

/// Renames route filter `k` and the Microsoft peerings that use it (unless another filter
/// has the old name too).
fn rename_filter(d: &mut Design, k: usize, name: String) {
    let Some(f) = d.route_filters.get_mut(k) else {
        return;
    };
    let old = std::mem::replace(&mut f.name, name.clone());
    let others_share_old = d
        .route_filters
        .iter()
        .enumerate()
        .any(|(j, f)| j != k && f.name.trim().eq_ignore_ascii_case(old.trim()));
    if others_share_old {
        return;
    }
    for c in &mut d.circuits {
        if let Some(m) = &mut c.microsoft_peering {
            if m.route_filter.trim().eq_ignore_ascii_case(old.trim()) {
                m.route_filter = name.clone();
            }
        }
    }
}

/// Index of the route filter linked to circuit `i`'s Microsoft peering.
pub fn linked_filter(d: &Design, i: usize) -> Option<usize> {
    let m = d.circuits.get(i)?.microsoft_peering.as_ref()?;
    let name = m.route_filter.trim();
    if name.is_empty() {
        return None;
    }
    d.route_filters
        .iter()
        .position(|f| f.name.trim().eq_ignore_ascii_case(name))
}

/// Creates a route filter for circuit `i` and links it to its Microsoft peering; its index.
fn new_filter(d: &mut Design, i: usize) -> Option<usize> {
    let c = d.circuits.get(i)?;
    let rf = default_route_filter(c, &d.route_filters);
    let name = rf.name.clone();
    d.route_filters.push(rf);
    if let Some(m) = d
        .circuits
        .get_mut(i)
        .and_then(|c| c.microsoft_peering.as_mut())
    {
        m.route_filter = name;
    }
    Some(d.route_filters.len() - 1)
}

/// The private peering added to circuit `i`: when another circuit already has one, the same
/// peer ASN, VLAN and address family (the same routers usually peer with both circuits; VLANs
/// may repeat across provider circuits). The link subnets must differ, so they stay empty.
fn new_private_peering(d: &Design, i: usize) -> Peering {
    let other = d
        .circuits
        .iter()
        .enumerate()
        .filter(|(k, _)| *k != i)
        .find_map(|(_, c)| c.private_peering.as_ref());
    match other {
        Some(p) => Peering {
            peer_asn: p.peer_asn.clone(),
            vlan_id: p.vlan_id.clone(),
            address_family: p.address_family,
            ..Peering::default()
        },
        None => Peering::default(),
    }
}

fn add_peering(d: &mut Design, i: usize, side: Side) -> Applied {
    let focus = super::field::peering(i, side, super::field::PeeringKey::PeerAsn);
    match side {
        Side::Private => {
            let p = new_private_peering(d, i);
            match d.circuits.get_mut(i) {
                Some(c) if c.private_peering.is_none() => {
                    c.private_peering = Some(p);
                    Applied::added(focus)
                }
                _ => Applied::changed(false),
            }
        }
        Side::Microsoft => {
            if d.circuits.is_empty() {
                d.circuits.push(Default::default());
            }
            match d.circuits.get_mut(i) {
                Some(c) if c.microsoft_peering.is_none() => {
                    c.microsoft_peering = Some(MicrosoftPeering::default());
                    new_filter(d, i);
                    Applied::added(focus)
                }
                _ => Applied::changed(false),
            }
        }
    }
}

fn remove_peering(d: &mut Design, i: usize, side: Side) -> bool {
    let linked = linked_filter(d, i);
    let Some(c) = d.circuits.get_mut(i) else {
        return false;
    };
    let part = peering_of(i, side);
    match side {
        Side::Private => {
            if c.private_peering.take().is_none() {
                return false;
            }
            records::forget(d, part);
        }
        Side::Microsoft => {
            let Some(m) = c.microsoft_peering.take() else {
                return false;
            };
            records::forget(d, part);
            // Drop the linked route filter too, unless another circuit's Microsoft peering
            // uses it.
            let name = m.route_filter.trim().to_ascii_lowercase();
            let shared = d.circuits.iter().any(|c| {
                c.microsoft_peering
                    .as_ref()
                    .is_some_and(|o| o.route_filter.trim().eq_ignore_ascii_case(&name))
            });
            if let (Some(k), false) = (linked, shared) {
                records::remove_item(d, List::RouteFilters, |d| &mut d.route_filters, k);
            }
        }
    }
    true
}

/// A new connection from the first gateway to circuit `i`. With another connection on the
/// same gateway already, the new one gets routing weight 0 so the first stays the preferred
/// path.
fn add_connection(d: &mut Design, i: usize) {
    let circuit = d
        .circuits
        .get(i)
        .map(|c| c.name.clone())
        .unwrap_or_default();
    let (gateway, region) = d
        .gateways
        .first()
        .map(|g| (g.name.clone(), g.region.clone()))
        .unwrap_or_default();
    let base = if circuit.trim().is_empty() {
        format!("circuit-{}", i + 1)
    } else {
        circuit.trim().to_string()
    };
    let mut name = format!("cn-{base}");
    let mut n = 2;
    while d.connections.iter().any(|c| c.name == name) {
        name = format!("cn-{base}-{n}");
        n += 1;
    }
    d.connections.push(Connection {
        name,
        region,
        gateway,
        circuit,
        ..Connection::default()
    });
}

/// The index of VNet `v`'s GatewaySubnet.
pub fn gateway_subnet(v: &VirtualNetwork) -> Option<usize> {
    v.subnets
        .iter()
        .position(|s| s.name.eq_ignore_ascii_case(GATEWAY_SUBNET))
}

/// The path of VNet `k`'s GatewaySubnet prefix (the subnet it will have when it has none).
pub fn gateway_subnet_path(d: &Design, k: usize) -> FieldPath {
    let s = d
        .virtual_networks
        .get(k)
        .map_or(0, |v| gateway_subnet(v).unwrap_or(v.subnets.len()));
    FieldPath::Vnet(
        k,
        Some(VnetField::Subnet(s, Some(SubnetKey::AddressPrefix))),
    )
}

fn gateway_subnet_mut(d: &mut Design, k: usize) -> Option<&mut Subnet> {
    let v = d.virtual_networks.get_mut(k)?;
    match gateway_subnet(v) {
        Some(i) => v.subnets.get_mut(i),
        None => {
            v.subnets.push(Subnet {
                name: GATEWAY_SUBNET.into(),
                ..Subnet::default()
            });
            v.subnets.last_mut()
        }
    }
}

#[cfg(test)]
mod tests;
