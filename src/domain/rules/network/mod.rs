//! §7 limits, §8 VNet / GatewaySubnet / gateway, §9 connections, §10 Global Reach, §11 dual
//! circuits, gating rule G2 and every cross-object address-range overlap check.
//!
//! Objects refer to each other by name; [`Ctx`] resolves those names once (case-insensitively, as
//! Azure does) and parses every VNet prefix once, so the rule files only read resolved indexes.
//!
//! | file | catalogue |
//! |---|---|
//! | `vnet.rs` | §8.1 address spaces and region, §8.2 GatewaySubnet |
//! | `gateway.rs` | §8.3 GW1–GW15, CN8 (FastPath needs a bigger gateway), §7 circuits per VNet |
//! | `connection.rs` | §9 CN1–CN13, G2, §7 links/routes per circuit, §11 D1, D2, D7, D10 |
//! | `global_reach.rs` | §10 GR1–GR10 (except the overlap part of GR1) |
//! | `overlap.rs` | PP2, MP2, D3, GR1/GR2 overlaps, §8.1 overlaps, PP6 route counts |

use crate::domain::sorted::VecSet;

use super::KeyIndex;

use ipnet::IpNet;

use crate::domain::catalog;
use crate::domain::finding::{Finding, RuleInfo};
use crate::domain::model::{Circuit, Design, Gateway, GatewaySku, PortType};
use crate::domain::net::{self, parse_uint};

mod connection;
mod gateway;
mod global_reach;
mod overlap;
mod vnet;

pub use vnet::soften_imported_gateway_subnets;

pub use vnet::suggest_gateway_subnet;

/// Every rule this module checks, in catalogue order (the registry [`super::all_rules`] chains
/// these lists).
pub static RULES: &[RuleInfo] = &[
    // §7
    super::limits::ER_L_001,
    super::limits::ER_L_002,
    super::limits::ER_L_003,
    super::limits::ER_L_004,
    super::limits::ER_L_005,
    super::limits::ER_L_006,
    super::peering::private::ER_PP_002,
    super::peering::private::ER_PP_006,
    super::peering::microsoft::ER_MP_002,
    // §8.1
    vnet::ER_VN_001,
    vnet::ER_VN_002,
    vnet::ER_VN_003,
    vnet::ER_VN_004,
    vnet::ER_VN_005,
    vnet::ER_VN_006,
    vnet::ER_VN_007,
    vnet::ER_VN_008,
    vnet::ER_VN_009,
    // §8.2
    vnet::ER_GS_001,
    vnet::ER_GS_002,
    vnet::ER_GS_003,
    vnet::ER_GS_004,
    vnet::ER_GS_005,
    vnet::ER_GS_006,
    // §8.3
    gateway::ER_GW_001,
    gateway::ER_GW_002,
    gateway::ER_GW_003,
    gateway::ER_GW_004,
    gateway::ER_GW_005,
    gateway::ER_GW_006,
    gateway::ER_GW_007,
    gateway::ER_GW_008,
    gateway::ER_GW_009,
    gateway::ER_GW_014,
    gateway::ER_GW_015,
    // §3 and §9
    super::circuit::ER_G_002,
    connection::ER_CN_001,
    connection::ER_CN_002,
    connection::ER_CN_003,
    connection::ER_CN_004,
    connection::ER_CN_005,
    connection::ER_CN_006,
    connection::ER_CN_007,
    connection::ER_CN_008,
    connection::ER_CN_009,
    connection::ER_CN_012,
    connection::ER_CN_013,
    // §10
    global_reach::ER_GR_001,
    global_reach::ER_GR_002,
    global_reach::ER_GR_003,
    global_reach::ER_GR_004,
    global_reach::ER_GR_005,
    global_reach::ER_GR_006,
    global_reach::ER_GR_007,
    global_reach::ER_GR_008,
    global_reach::ER_GR_009,
    global_reach::ER_GR_010,
    // §11
    connection::ER_DC_001,
    connection::ER_DC_002,
    connection::ER_DC_003,
    connection::ER_DC_007,
    connection::ER_DC_010,
];

/// Runs the network-side rules.
pub fn check(d: &Design, out: &mut Vec<Finding>) {
    let cx = Ctx::new(d);
    vnet::check(&cx, out);
    gateway::check(&cx, out);
    connection::check(&cx, out);
    global_reach::check(&cx, out);
    overlap::check(&cx, out);
}

/// A connection with its references resolved.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Link {
    /// Index of the named gateway.
    pub gateway: Option<usize>,
    /// Index of the named circuit.
    pub circuit: Option<usize>,
    /// Index of the gateway's virtual network.
    pub vnet: Option<usize>,
}

/// A prefix of the design, parsed and in network form, with its position in its list.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Prefix {
    /// Index in the list it came from (address space or subnet index).
    pub index: usize,
    /// The prefix, host bits cleared.
    pub net: IpNet,
}

/// The design with every name reference resolved and every VNet prefix parsed once.
pub(crate) struct Ctx<'a> {
    /// The design.
    pub d: &'a Design,
    circuits: KeyIndex,
    gateways: KeyIndex,
    vnets: KeyIndex,
    /// One entry per connection, same order.
    pub links: Vec<Link>,
    /// Per gateway: the index of its VNet.
    gateway_vnets: Vec<Option<usize>>,
    /// Per gateway: its connections, in order.
    by_gateway: Vec<Vec<usize>>,
    /// Per circuit: its connections, in order.
    by_circuit: Vec<Vec<usize>>,
    /// Per VNet: the gateways placed in it, in order.
    vnet_gateways: Vec<Vec<usize>>,
    /// Per Global Reach link: its two circuits, resolved.
    pub gr_ends: Vec<(Option<usize>, Option<usize>)>,
    /// Per VNet: its parsed address spaces (IPv4 and IPv6).
    pub spaces: Vec<Vec<Prefix>>,
    /// Per VNet: its subnets' parsed IPv4 prefixes.
    pub subnets_v4: Vec<Vec<Prefix>>,
    /// Per VNet: its subnets' parsed IPv6 prefixes.
    pub subnets_v6: Vec<Vec<Prefix>>,
}

/// The lookup key of a name: Azure resource names are case-insensitive.
fn key(name: &str) -> String {
    crate::domain::text::lowercase(name.trim())
}

/// The index of the item named `name` (as [`key`] compares names).
fn lookup(index: &KeyIndex, name: &str) -> Option<usize> {
    let name = name.trim();
    if name.is_ascii() {
        index.get_ascii_lowercase(name)
    } else {
        index.get(&key(name))
    }
}

fn index<'a>(names: impl Iterator<Item = &'a str>) -> KeyIndex {
    KeyIndex::new(names.map(key))
}

fn parse_list<'a>(texts: impl Iterator<Item = &'a str>) -> Vec<Prefix> {
    texts
        .enumerate()
        .filter_map(|(index, t)| {
            net::parse_any(t).ok().map(|n| Prefix {
                index,
                net: n.trunc(),
            })
        })
        .collect()
}

impl<'a> Ctx<'a> {
    /// Resolves and parses `d`.
    pub fn new(d: &'a Design) -> Self {
        let circuits = index(d.circuits.iter().map(|c| c.name.as_str()));
        let gateways = index(d.gateways.iter().map(|g| g.name.as_str()));
        let vnets = index(d.virtual_networks.iter().map(|v| v.name.as_str()));
        let mut cx = Ctx {
            d,
            circuits,
            gateways,
            vnets,
            links: Vec::new(),
            gateway_vnets: Vec::new(),
            by_gateway: vec![Vec::new(); d.gateways.len()],
            by_circuit: vec![Vec::new(); d.circuits.len()],
            vnet_gateways: vec![Vec::new(); d.virtual_networks.len()],
            gr_ends: Vec::new(),
            spaces: d
                .virtual_networks
                .iter()
                .map(|v| parse_list(v.address_spaces.iter().map(String::as_str)))
                .collect(),
            subnets_v4: d
                .virtual_networks
                .iter()
                .map(|v| parse_list(v.subnets.iter().map(|s| s.address_prefix.as_str())))
                .collect(),
            subnets_v6: d
                .virtual_networks
                .iter()
                .map(|v| parse_list(v.subnets.iter().map(|s| s.address_prefix_v6.as_str())))
                .collect(),
        };
        cx.gateway_vnets = d
            .gateways
            .iter()
            .map(|g| cx.vnet(&g.virtual_network))
            .collect();
        for (g, v) in cx.gateway_vnets.iter().enumerate() {
            if let Some(list) = v.and_then(|v| cx.vnet_gateways.get_mut(v)) {
                list.push(g);
            }
        }
        cx.links = d
            .connections
            .iter()
            .map(|c| {
                let gateway = cx.gateway(&c.gateway);
                Link {
                    gateway,
                    circuit: cx.circuit(&c.circuit),
                    vnet: gateway.and_then(|g| cx.gateway_vnet(g)),
                }
            })
            .collect();
        for (k, l) in cx.links.iter().enumerate() {
            if let Some(list) = l.gateway.and_then(|g| cx.by_gateway.get_mut(g)) {
                list.push(k);
            }
            if let Some(list) = l.circuit.and_then(|c| cx.by_circuit.get_mut(c)) {
                list.push(k);
            }
        }
        cx.gr_ends = d
            .global_reach
            .iter()
            .map(|gr| (cx.circuit(&gr.circuit), cx.circuit(&gr.peer_circuit)))
            .collect();
        cx
    }

    /// Index of the circuit named `name`.
    pub fn circuit(&self, name: &str) -> Option<usize> {
        lookup(&self.circuits, name)
    }

    /// Index of the gateway named `name`.
    pub fn gateway(&self, name: &str) -> Option<usize> {
        lookup(&self.gateways, name)
    }

    /// Index of the virtual network named `name`.
    pub fn vnet(&self, name: &str) -> Option<usize> {
        lookup(&self.vnets, name)
    }

    /// Index of the VNet gateway `g` is deployed into.
    pub fn gateway_vnet(&self, g: usize) -> Option<usize> {
        self.gateway_vnets.get(g).copied().flatten()
    }

    /// Gateways placed in VNet `v`, in order.
    pub fn gateways_in_vnet(&self, v: usize) -> &[usize] {
        self.vnet_gateways.get(v).map_or(&[], Vec::as_slice)
    }

    /// Connections (indexes) to circuit `c`, in order.
    pub fn connections_of_circuit(&self, c: usize) -> &[usize] {
        self.by_circuit.get(c).map_or(&[], Vec::as_slice)
    }

    /// The region a gateway is in: its own, or its VNet's when left empty.
    pub fn gateway_region(&self, g: usize) -> &'a str {
        let Some(gw) = self.d.gateways.get(g) else {
            return "";
        };
        if !gw.region.trim().is_empty() {
            return gw.region.as_str();
        }
        self.gateway_vnet(g)
            .and_then(|v| self.d.virtual_networks.get(v))
            .map_or("", |v| v.region.as_str())
    }

    /// The region a VNet reached through gateway `g` is in (the VNet's, else the gateway's).
    pub fn vnet_region_of_gateway(&self, g: usize) -> &'a str {
        self.gateway_vnet(g)
            .and_then(|v| self.d.virtual_networks.get(v))
            .map(|v| v.region.as_str())
            .filter(|r| !r.trim().is_empty())
            .unwrap_or_else(|| self.d.gateways.get(g).map_or("", |gw| gw.region.as_str()))
    }

    /// Distinct circuits linked to gateway `g`, in connection order, each with its first connection.
    pub fn circuits_of_gateway(&self, g: usize) -> Vec<(usize, usize)> {
        let mut seen = VecSet::new();
        self.connections_of_gateway(g)
            .iter()
            .filter_map(|k| Some((self.links.get(*k)?.circuit?, *k)))
            .filter(|(c, _)| seen.insert(*c))
            .collect()
    }

    /// Connections (indexes) of gateway `g`, in order.
    pub fn connections_of_gateway(&self, g: usize) -> &[usize] {
        self.by_gateway.get(g).map_or(&[], Vec::as_slice)
    }

    /// Distinct VNets linked to circuit `c` through connections, in connection order.
    pub fn vnets_of_circuit(&self, c: usize) -> Vec<usize> {
        let mut seen = VecSet::new();
        self.connections_of_circuit(c)
            .iter()
            .filter_map(|k| self.links.get(*k)?.vnet)
            .filter(|v| seen.insert(*v))
            .collect()
    }

    /// Name of circuit `c` (empty if out of range).
    pub fn circuit_name(&self, c: usize) -> &'a str {
        self.d.circuits.get(c).map_or("", |x| x.name.as_str())
    }

    /// Name of VNet `v` (empty if out of range).
    pub fn vnet_name(&self, v: usize) -> &'a str {
        self.d
            .virtual_networks
            .get(v)
            .map_or("", |x| x.name.as_str())
    }
}

/// The minimum scale units of an ErGwScale gateway, when readable; `None` for other SKUs.
pub(crate) fn scale_units(gw: &Gateway) -> Option<u32> {
    if gw.sku != GatewaySku::ErGwScale {
        return None;
    }
    parse_uint(&gw.min_scale_units).and_then(|n| u32::try_from(n).ok())
}

/// Why a circuit can't carry VNet connections or Global Reach yet (G2 / GR3): its recorded
/// provider status is not Provisioned (provider circuits only; Direct circuits have no provider
/// status; a status the design does not record is not assumed, U17) or no private peering
/// (unless a layer-3 provider configures it). Each reason is one sentence.
pub(crate) fn not_ready(c: &Circuit) -> Vec<String> {
    let mut v = Vec::new();
    if c.port_type == PortType::Provider && c.provider_status.recorded_not_provisioned() {
        v.push(format!(
            "circuit {} is \"{}\" at the provider; it must be Provisioned first",
            c.name,
            c.provider_status.label()
        ));
    }
    if c.private_peering.is_none() && !c.provider_managed_routing {
        v.push(format!(
            "circuit {} has no Azure private peering; add one first",
            c.name
        ));
    }
    v
}

/// The geopolitical region of a circuit's peering location.
pub(crate) fn circuit_geo(d: &Design, c: &Circuit) -> Option<&'static str> {
    catalog::peering_location(catalog::circuit::circuit_location(d, c))
        .map(|l| l.geopolitical_region)
}

/// 12345 → "12,345".
pub(crate) fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, ch) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// "a, b and c" (at most `max` names, then "and N more").
pub(crate) fn list_names(names: &[&str], max: usize) -> String {
    let shown: Vec<&str> = names.iter().take(max).copied().collect();
    let more = names.len().saturating_sub(shown.len());
    match (shown.len(), more) {
        (0, _) => String::new(),
        (1, 0) => shown.concat(),
        (_, 0) => {
            let (last, rest) = shown.split_last().map_or((&"", &[][..]), |(l, r)| (l, r));
            format!("{} and {last}", rest.join(", "))
        }
        _ => format!("{} and {more} more", shown.join(", ")),
    }
}

#[cfg(test)]
pub(crate) mod testkit;
