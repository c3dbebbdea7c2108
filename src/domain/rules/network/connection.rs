//! §9 connection rules CN1–CN13 (CN8 is reported on the gateway, in `gateway.rs`), gating rule G2,
//! the §7 per-circuit link limit and per-VNet route limits, and the §11 dual-circuit rules D1, D2,
//! D7 and D10. D5, D6 and D9 are the same conditions as ER-L-003/004, CN5 and G2.
//!
//! Declares every `ER-CN-*` rule and the `ER-DC-*` rules but VLAN uniqueness (`ER-DC-004`, with
//! the VLANs in [`crate::domain::rules::peering`]): `ER-CN-008` is checked in `gateway.rs`,
//! `ER-DC-003` in `overlap.rs`.
//! G2 is declared with the gating rules in [`crate::domain::rules::circuit`], the link limits
//! with the limits in [`crate::domain::rules::limits`].

use crate::domain::sorted::VecMap;

use ipnet::IpNet;

use super::{list_names, not_ready, thousands, Ctx};
use crate::domain::catalog;
use crate::domain::catalog::circuit::{circuit_location, circuit_mbps};
use crate::domain::field::{
    self, CircuitKey, ConnectionKey as K, FieldPath, GlobalReachKey, List, VnetField, VnetKey,
};
use crate::domain::finding::{src, Finding, Fix};
use crate::domain::limits;
use crate::domain::model::{GatewaySku, PortType, SkuTier};
use crate::domain::net::{is_guid, parse_uint};
use crate::domain::rules::circuit::ER_G_002;
use crate::domain::rules::limits::{ER_L_002, ER_L_005, ER_L_006};
use crate::domain::rules::names::{check_field_name, NAME_1_80};
use crate::rule;

rule!(
    ER_CN_001,
    "ER-CN-001",
    "CN1",
    Error,
    "Connection name follows the 1–80 network name rule",
    src::DOC_NAMES,
    why: "Azure refuses the connection, and the VNet stays unlinked.",
    example: "connection name cn london"
);
rule!(
    ER_CN_002,
    "ER-CN-002",
    "CN2",
    Error,
    "Connection region equals its gateway's region",
    src::DOC_LINK_PORTAL,
    why: "A connection is deployed in its gateway's region; Azure refuses another.",
    example: "connection in North Europe, gateway in West Europe"
);
rule!(
    ER_CN_003,
    "ER-CN-003",
    "CN3",
    Error,
    "An ExpressRoute connection uses an ExpressRoute gateway (not a Basic VPN SKU)",
    src::DOC_LINK_PS,
    why: "Only an ExpressRoute gateway can link a VNet to a circuit.",
    example: "connection on a Basic VPN gateway"
);
rule!(
    ER_CN_004,
    "ER-CN-004",
    "CN4",
    Error,
    "The connection names a gateway of the design",
    src::DOC_LINK_PS,
    why: "A connection without its gateway cannot be deployed.",
    example: "connection to gateway gw-missing"
);
rule!(
    ER_CN_005,
    "ER-CN-005",
    "CN5 / D6 / §7 scope",
    Error,
    "The connection names a circuit of the design (a circuit of another subscription, linked with an authorization key, is outside it and not checked), and the VNet's region is in the circuit's scope (Standard: its geopolitical region; Local: its local regions; Premium: all)",
    src::DOC_LINK_PORTAL,
    why: "A connection without its circuit, or out of the circuit's reach, is refused.",
    example: "Standard circuit in Europe linked to a VNet in Asia"
);
rule!(
    ER_CN_006,
    "ER-CN-006",
    "CN6",
    Error,
    "Authorization key: a GUID, required for a circuit in another subscription, one connection per key",
    src::DOC_LINK_PS,
    why: "Azure needs a valid key to link another subscription's circuit, and a key links once.",
    example: "two connections with the same authorization key"
);
rule!(
    ER_CN_007,
    "ER-CN-007",
    "CN7 / U11",
    Error,
    "Routing weight is a whole number from 0 to 32000 (empty means 0)",
    src::DOC_LINK_PS,
    why: "Azure refuses routing weights outside 0-32000.",
    example: "routing weight 40000"
);
rule!(
    ER_CN_009,
    "ER-CN-009",
    "CN9",
    Error,
    "FastPath for Private Link needs FastPath on and an ExpressRoute Direct circuit",
    src::DOC_FASTPATH,
    why: "FastPath for Private Link exists only on Direct circuits with FastPath.",
    example: "FastPath for Private Link on a provider circuit"
);
rule!(
    ER_CN_012,
    "ER-CN-012",
    "CN12",
    Error,
    "A VNet advertises at most 200 address spaces when a connection is created",
    src::DOC_LINK_PORTAL,
    why: "Azure refuses to create a connection for a VNet with more address spaces.",
    example: "a VNet with 250 address spaces"
);
rule!(
    ER_CN_013,
    "ER-CN-013",
    "CN13 / §7 VNet links per circuit",
    Error,
    "VNet links per circuit (Global Reach connections count too): 10 on Local/Standard, 20–100 on Premium by bandwidth",
    src::DOC_LIMITS,
    why: "Azure refuses VNet links past the circuit's limit.",
    example: "11 VNets on a Standard circuit"
);
rule!(
    ER_DC_001,
    "ER-DC-001",
    "D1",
    Warning,
    "A gateway's circuits are not all at the same peering location (maximum resiliency)",
    src::DOC_LINK_PORTAL,
    why: "One location's outage cuts every circuit of the VNet.",
    example: "two circuits of a gateway both at London"
);
rule!(
    ER_DC_002,
    "ER-DC-002",
    "D2",
    Warning,
    "A gateway's connections to two or more circuits don't all have the same routing weight (equal weights mean ECMP, no primary)",
    src::DOC_LINK_PS,
    why: "With equal weights traffic is shared across the circuits (ECMP), so no circuit is primary.",
    example: "weights 0 and 0 on a gateway's two connections (both left at the default)"
);
rule!(
    ER_DC_007,
    "ER-DC-007",
    "D7",
    Info,
    "Advertise identical on-premises prefixes over every circuit of a VNet (reminder: the design holds one route list)",
    src::DOC_ROUTING,
    why: "Different prefixes over two circuits make routing asymmetric.",
    example: "a VNet linked to two circuits"
);
rule!(
    ER_DC_010,
    "ER-DC-010",
    "D10",
    Info,
    "FastPath is set per connection: some of a gateway's connections use it, others don't",
    src::DOC_FASTPATH,
    why: "FastPath is per connection; a mix gives different paths per circuit.",
    example: "FastPath on one of a gateway's two connections"
);
rule!(
    ER_DC_003,
    "ER-DC-003",
    "D3 / U21",
    Warning,
    "Two circuits' private peering subnets don't overlap (uniqueness is documented for Microsoft peering only: circuits into different VRFs may reuse them)",
    src::DOC_ROUTING,
    why: "Overlapping peering subnets on two circuits collide when both reach one network.",
    example: "the same /30 on two circuits' private peering"
);
rule!(
    ER_CN_008,
    "ER-CN-008",
    "CN8",
    Error,
    "FastPath needs an UltraPerformance, ErGw3AZ or ErGwScale (≥ 10 scale units) gateway",
    src::DOC_FASTPATH,
    why: "Smaller gateways do not support FastPath; Azure refuses it.",
    example: "FastPath on an ErGw1AZ gateway"
);

fn cp(k: usize, key: K) -> FieldPath {
    FieldPath::Connection(k, Some(key))
}

/// Most routing weight a connection may have.
pub const MAX_ROUTING_WEIGHT: u64 = 32_000;

/// The routing weight as typed: `Ok(n)` (empty = 0), or `Err(clamped fix)` when out of range or
/// not a number (the fix is the default 0 for text).
pub fn routing_weight(text: &str) -> Result<u64, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(0);
    }
    if t.starts_with('-') {
        return Err("0".into());
    }
    match parse_uint(t) {
        Some(n) if n <= MAX_ROUTING_WEIGHT => Ok(n),
        Some(_) => Err(MAX_ROUTING_WEIGHT.to_string()),
        None => Err("0".into()),
    }
}

fn per_connection(cx: &Ctx, out: &mut Vec<Finding>) {
    let mut keys: VecMap<String, usize> = VecMap::new();
    for (k, c) in cx.d.connections.iter().enumerate() {
        let link = cx.links.get(k).copied().unwrap_or_default();
        if let Some(f) = check_field_name(&ER_CN_001, NAME_1_80, cp(k, K::Name), &c.name) {
            out.push(Finding {
                message: f.message.replacen("name", "connection name", 1),
                ..f
            });
        }
        // CN4 / CN3: the gateway.
        match link
            .gateway
            .and_then(|g| cx.d.gateways.get(g).map(|x| (g, x)))
        {
            None => out.push(ER_CN_004.at(
                cp(k, K::Gateway),
                if c.gateway.trim().is_empty() {
                    "Select the virtual network gateway to connect.".to_string()
                } else {
                    format!("No gateway named \"{}\" in this design.", c.gateway.trim())
                },
            )),
            Some((g, gw)) => {
                if gw.sku == GatewaySku::Basic {
                    out.push(ER_CN_003.at(
                        cp(k, K::Gateway),
                        format!("Gateway {} has the VPN SKU Basic: an ExpressRoute connection needs an ExpressRoute gateway.", gw.name),
                    ));
                }
                let greg = cx.gateway_region(g).trim();
                if !c.region.trim().is_empty()
                    && !greg.is_empty()
                    && catalog::normalize_region(&c.region) != catalog::normalize_region(greg)
                {
                    out.push(
                        ER_CN_002
                            .at(
                                cp(k, K::Region),
                                format!(
                                "The connection must be in the same region as gateway {} ({greg}).",
                                gw.name
                            ),
                            )
                            .with_fix(Fix::replace(format!("Use {greg}"), greg)),
                    );
                }
            }
        }
        // CN5 (reference) and G2. A circuit of another subscription, linked with its owner's
        // authorization key, is not part of this design: it exists, and is not checked here.
        match link.circuit.and_then(|i| cx.d.circuits.get(i)) {
            None if elsewhere(c.cross_subscription, &c.circuit) => {}
            None => out.push(ER_CN_005.at(
                cp(k, K::Circuit),
                if c.circuit.trim().is_empty() {
                    "Select the ExpressRoute circuit to connect.".to_string()
                } else {
                    format!("No circuit named \"{}\" in this design.", c.circuit.trim())
                },
            )),
            Some(circuit) => {
                for why in not_ready(circuit) {
                    out.push(
                        ER_G_002.at(
                            cp(k, K::Circuit),
                            format!("This connection can't be created yet: {why}."),
                        )
                        .with_fix(Fix::advice(
                            "Keep it as a draft until the circuit is Provisioned and has private peering.",
                        )),
                    );
                }
                if c.private_link_fast_path && circuit.port_type != PortType::Direct {
                    out.push(
                        ER_CN_009.at(
                            cp(k, K::PrivateLinkFastPath),
                            format!("FastPath for Private Link needs an ExpressRoute Direct circuit; {} is a provider circuit.", circuit.name),
                        )
                        .with_fix(Fix::replace("Turn it off", "false")),
                    );
                }
                if c.fast_path {
                    let port = (circuit.port_type == PortType::Direct)
                        .then(|| {
                            cx.d.direct_ports
                                .iter()
                                .find(|p| p.name.eq_ignore_ascii_case(circuit.direct_port.trim()))
                                .and_then(|p| parse_uint(&p.bandwidth_gbps))
                                .or(Some(10))
                        })
                        .flatten();
                    out.push(ER_L_006.at(
                        cp(k, K::FastPath),
                        format!(
                            "With FastPath, the VNet and its peered VNets may hold at most {} IP addresses on {}.",
                            thousands(u64::from(limits::fast_path_ip_limit(port))),
                            match port {
                                None => "a provider circuit".to_string(),
                                Some(g) => format!("ExpressRoute Direct {}G", if g >= 100 { 100 } else { 10 }),
                            }
                        ),
                    ));
                }
            }
        }
        if c.private_link_fast_path && !c.fast_path {
            out.push(
                ER_CN_009
                    .at(
                        cp(k, K::PrivateLinkFastPath),
                        "FastPath for Private Link needs FastPath turned on for this connection.",
                    )
                    .with_fix(Fix::replace("Turn it off", "false")),
            );
        }
        // CN6.
        let key_text = c.authorization_key.trim();
        if key_text.is_empty() {
            if c.cross_subscription {
                out.push(
                    ER_CN_006.at(
                        cp(k, K::AuthorizationKey),
                        "A circuit in another subscription needs an authorization key from the circuit owner.",
                    )
                    .with_fix(Fix::advice(
                        "Ask the circuit owner to create an authorization and send you its key.",
                    )),
                );
            }
        } else if !is_guid(key_text) {
            out.push(ER_CN_006.at(
                cp(k, K::AuthorizationKey),
                "An authorization key is a GUID such as 00000000-0000-0000-0000-000000000000.",
            ));
        } else if let Some(first) = keys.get(&key_text.to_ascii_lowercase()) {
            out.push(ER_CN_006.at(
                cp(k, K::AuthorizationKey),
                format!("Connection {} already redeems this authorization key: each authorization serves one connection.", cx.d.connections.get(*first).map_or("", |x| x.name.as_str())),
            ).with_fix(Fix::advice("Ask the circuit owner for one authorization per connection.")));
        } else {
            keys.insert(key_text.to_ascii_lowercase(), k);
        }
        // CN7.
        if let Err(fix) = routing_weight(&c.routing_weight) {
            out.push(
                ER_CN_007
                    .at(
                        cp(k, K::RoutingWeight),
                        format!(
                            "Routing weight must be a whole number from 0 to 32000, not \"{}\".",
                            c.routing_weight.trim()
                        ),
                    )
                    .with_fix(Fix::replace(format!("Use {fix}"), fix)),
            );
        }
    }
}

/// Whether a circuit reference that names no circuit of the design is a circuit of another
/// subscription (`cross_subscription`, a name given): it exists outside the design, which cannot
/// describe it, so it is not reported as missing (CN5, GR3).
pub(crate) fn elsewhere(cross_subscription: bool, name: &str) -> bool {
    cross_subscription && !name.trim().is_empty()
}

/// CN5 scope: every connection's VNet region must be reachable from its circuit. One finding per
/// circuit, on its SKU tier (the field to change), naming the connections out of scope.
fn scope(cx: &Ctx, out: &mut Vec<Finding>) {
    for (i, circuit) in cx.d.circuits.iter().enumerate() {
        if circuit.sku_tier == SkuTier::Premium {
            continue;
        }
        let Some(loc) = catalog::peering_location(circuit_location(cx.d, circuit)) else {
            continue;
        };
        let mut outside_geo: Vec<&str> = Vec::new();
        let mut outside_local: Vec<&str> = Vec::new();
        for &k in cx.connections_of_circuit(i) {
            let Some(g) = cx.links.get(k).and_then(|l| l.gateway) else {
                continue;
            };
            let Some(region) = catalog::region(cx.vnet_region_of_gateway(g)) else {
                continue;
            };
            let name = cx.d.connections.get(k).map_or("", |x| x.name.as_str());
            if region.geopolitical_region != loc.geopolitical_region {
                outside_geo.push(name);
            } else if circuit.sku_tier == SkuTier::Local
                && !loc.local_regions.contains(&region.display_name)
            {
                outside_local.push(name);
            }
        }
        let path = field::circuit(i, CircuitKey::SkuTier);
        let tier = match circuit.sku_tier {
            SkuTier::Local => "Local",
            _ => "Standard",
        };
        if !outside_geo.is_empty() {
            out.push(
                ER_CN_005.at(
                    path,
                    format!(
                        "{tier} circuit {} at {} reaches only VNets in {}, but {} {} outside it. Enable Premium, or use a circuit in the VNet's geopolitical region.",
                        circuit.name,
                        loc.name,
                        if circuit.sku_tier == SkuTier::Local {
                            format!("its local region ({})", loc.local_regions.join(", "))
                        } else {
                            format!("the {} geopolitical region", loc.geopolitical_region)
                        },
                        list_names(&outside_geo, 3),
                        if outside_geo.len() == 1 { "links a VNet" } else { "link VNets" }
                    ),
                )
                .with_fix(Fix::replace("Use Premium", "Premium")),
            );
        } else if !outside_local.is_empty() {
            out.push(
                ER_CN_005.at(
                    path,
                    format!(
                        "Local circuit {} at {} reaches only {}, but {} {} in another region. Use Standard (same geopolitical region) or Premium.",
                        circuit.name,
                        loc.name,
                        if loc.local_regions.is_empty() {
                            "no region".to_string()
                        } else {
                            loc.local_regions.join(", ")
                        },
                        list_names(&outside_local, 3),
                        if outside_local.len() == 1 { "links a VNet" } else { "link VNets" }
                    ),
                )
                .with_fix(Fix::replace("Use Standard", "Standard")),
            );
        }
    }
}

/// CN13 / GR9: connections plus Global Reach links per circuit. Connections are counted first;
/// every link beyond the limit is reported on its own field.
fn links_per_circuit(cx: &Ctx, out: &mut Vec<Finding>) {
    // Global Reach links of each circuit, with the field naming it.
    let mut grs: Vec<Vec<FieldPath>> = vec![Vec::new(); cx.d.circuits.len()];
    for (k, (a, b)) in cx.gr_ends.iter().enumerate() {
        if let Some(list) = a.and_then(|a| grs.get_mut(a)) {
            list.push(FieldPath::GlobalReach(k, Some(GlobalReachKey::Circuit)));
        }
        if let Some(list) = b
            .filter(|b| *b != a.unwrap_or(usize::MAX))
            .and_then(|b| grs.get_mut(b))
        {
            list.push(FieldPath::GlobalReach(k, Some(GlobalReachKey::PeerCircuit)));
        }
    }
    for (i, circuit) in cx.d.circuits.iter().enumerate() {
        let Some(limit) = limits::vnet_links_per_circuit(circuit.sku_tier, circuit_mbps(circuit))
        else {
            continue;
        };
        let conns = cx
            .connections_of_circuit(i)
            .iter()
            .map(|k| (true, cp(*k, K::Circuit)));
        let mine = grs.get(i).map_or(&[][..], Vec::as_slice);
        let all: Vec<(bool, FieldPath)> = conns.chain(mine.iter().map(|p| (false, *p))).collect();
        let total = all.len();
        let premium = limits::vnet_links_per_circuit(SkuTier::Premium, circuit_mbps(circuit));
        let advice = match (circuit.sku_tier, premium) {
            (SkuTier::Premium, _) | (_, None) => {
                "Link the extra VNets through another circuit, or use VNet peering with gateway transit.".to_string()
            }
            (_, Some(p)) => format!(
                "Premium allows {p} links at this bandwidth; or link the extra VNets through another circuit."
            ),
        };
        for (n, (is_conn, path)) in all.into_iter().enumerate() {
            if n < limit as usize {
                continue;
            }
            let msg = format!(
                "Circuit {} allows {limit} VNet links (Global Reach connections count too); this is link {} of {total}.",
                circuit.name,
                n + 1
            );
            out.push(if is_conn {
                ER_CN_013
                    .at(path, msg)
                    .with_fix(Fix::advice(advice.clone()))
            } else {
                super::global_reach::ER_GR_009
                    .at(path, msg)
                    .with_fix(Fix::advice(advice.clone()))
            });
        }
    }
}

/// CN12 and L2: address spaces of VNets whose gateway has a connection.
fn vnet_routes(cx: &Ctx, out: &mut Vec<Finding>) {
    // VNets seen, by index: O(1) each (a design at the limits links 10,000 VNets).
    let mut seen = vec![false; cx.d.virtual_networks.len()];
    for l in &cx.links {
        let Some(v) = l.vnet else {
            continue;
        };
        match seen.get_mut(v) {
            Some(s) if !*s => *s = true,
            _ => continue,
        }
        let Some(vnet) = cx.d.virtual_networks.get(v) else {
            continue;
        };
        let path = FieldPath::Vnet(v, Some(VnetField::Key(VnetKey::AddressSpaces)));
        let all = vnet
            .address_spaces
            .iter()
            .filter(|s| !s.trim().is_empty())
            .count();
        let (v4, v6) = cx.spaces.get(v).map_or((0, 0), |x| {
            let v4 = x.iter().filter(|p| matches!(p.net, IpNet::V4(_))).count();
            (v4, x.len() - v4)
        });
        if all > limits::CONNECTION_CREATE_MAX_ADDRESS_SPACES as usize {
            out.push(ER_CN_012.at(
                path,
                format!(
                    "{} has {all} address spaces: a connection can only be created while the VNet advertises at most {} (it may grow to {} later).",
                    vnet.name,
                    limits::CONNECTION_CREATE_MAX_ADDRESS_SPACES,
                    thousands(u64::from(limits::VNET_ROUTES_V4))
                ),
            ).with_fix(Fix::advice("Summarise address spaces, or add the rest after the connection exists.")));
        }
        for (n, max, fam) in [
            (v4, limits::VNET_ROUTES_V4, "IPv4"),
            (v6, limits::VNET_ROUTES_V6, "IPv6"),
        ] {
            if n > max as usize {
                out.push(ER_L_002.at(
                    path,
                    format!(
                        "{} advertises {n} {fam} address spaces; a gateway advertises at most {} {fam} routes to the circuit.",
                        vnet.name,
                        thousands(u64::from(max))
                    ),
                ));
            }
        }
    }
}

/// D1, D2, D7, D10 and L5, per gateway with two or more circuits.
fn dual(cx: &Ctx, out: &mut Vec<Finding>) {
    let mut reminded = false;
    for (g, gw) in cx.d.gateways.iter().enumerate() {
        let circuits = cx.circuits_of_gateway(g);
        if circuits.len() < 2 {
            continue;
        }
        let conns: Vec<usize> = circuits.iter().map(|(_, k)| *k).collect();
        // D1: all circuits at one peering location.
        let locs: Vec<String> = circuits
            .iter()
            .filter_map(|(c, _)| cx.d.circuits.get(*c))
            .map(|c| crate::domain::text::lowercase(circuit_location(cx.d, c).trim()))
            .collect();
        let first = locs.first().cloned().unwrap_or_default();
        if !first.is_empty() && locs.iter().all(|l| *l == first) {
            if let Some(&(c, k)) = circuits.get(1) {
                let loc =
                    cx.d.circuits
                        .get(c)
                        .map_or("", |x| circuit_location(cx.d, x).trim());
                out.push(
                    ER_DC_001.at(
                        cp(k, K::Circuit),
                        format!("Every circuit of gateway {} is at {loc}: an outage there cuts the VNet off. For maximum resiliency use circuits at two different peering locations.", gw.name),
                    )
                    .with_fix(Fix::advice("Link a second circuit at another peering location (a metro pair such as London and London2 also counts).")),
                );
            }
        }
        // D2 and L5: routing weights.
        let weights: Option<Vec<u64>> = conns
            .iter()
            .map(|k| {
                cx.d.connections
                    .get(*k)
                    .and_then(|c| routing_weight(&c.routing_weight).ok())
            })
            .collect();
        if let Some(w) = weights {
            let top = w.iter().copied().max().unwrap_or(0);
            if w.iter().all(|x| *x == top) {
                // Report on the connection to the earliest circuit of the design (the primary).
                let primary = circuits
                    .iter()
                    .min_by_key(|(c, _)| *c)
                    .map_or(0, |(_, k)| *k);
                let names: Vec<&str> = conns
                    .iter()
                    .filter_map(|k| cx.d.connections.get(*k))
                    .map(|c| c.name.as_str())
                    .collect();
                let mut f = ER_DC_002.at(
                    cp(primary, K::RoutingWeight),
                    format!("Connections {} all have routing weight {top}: traffic is shared across the circuits (ECMP). For primary/secondary, give the primary connection a higher weight.", list_names(&names, 3)),
                );
                if top < MAX_ROUTING_WEIGHT {
                    let v = (top + 100).min(MAX_ROUTING_WEIGHT).to_string();
                    f = f.with_fix(Fix::replace(format!("Use {v}"), v));
                }
                out.push(f);
            }
            let at_top: Vec<usize> = conns
                .iter()
                .zip(&w)
                .filter(|(_, x)| **x == top)
                .map(|(k, _)| *k)
                .collect();
            if let Some(k) = at_top.get(limits::ECMP_MAX_CIRCUITS as usize) {
                out.push(ER_L_005.at(
                    cp(*k, K::RoutingWeight),
                    format!("{} connections of gateway {} share the highest routing weight {top}; ExpressRoute spreads traffic over at most {} circuits.", at_top.len(), gw.name, limits::ECMP_MAX_CIRCUITS),
                ));
            }
        }
        // D7.
        if !reminded {
            reminded = true;
            out.push(ER_DC_007.at(
                FieldPath::List(List::OnPremRoutes),
                "Advertise the same on-premises prefixes over every circuit that reaches a VNet; steer traffic with AS-path prepending or local preference on your routers.",
            ));
        }
        // D10.
        let all_conns = cx.connections_of_gateway(g);
        let with_fp: Vec<&str> = all_conns
            .iter()
            .filter_map(|k| cx.d.connections.get(*k))
            .filter(|c| c.fast_path)
            .map(|c| c.name.as_str())
            .collect();
        if !with_fp.is_empty() {
            for k in all_conns {
                if cx.d.connections.get(*k).is_some_and(|c| !c.fast_path) {
                    out.push(ER_DC_010.at(
                        cp(*k, K::FastPath),
                        format!("FastPath is on for {} but off here: traffic over this connection goes through the gateway.", list_names(&with_fp, 3)),
                    ));
                }
            }
        }
    }
}

/// Runs the connection, G2, link-limit and dual-circuit rules.
pub(crate) fn check(cx: &Ctx, out: &mut Vec<Finding>) {
    per_connection(cx, out);
    scope(cx, out);
    links_per_circuit(cx, out);
    vnet_routes(cx, out);
    dual(cx, out);
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use super::*;
    use crate::domain::finding::Severity;
    use crate::domain::model::{Design, DirectPort, GlobalReach, ProviderStatus};

    #[test]
    fn routing_weight_boundaries() {
        let cases: &[(&str, Option<&str>)] = &[
            ("0", None),
            ("", None),
            ("32000", None),
            (" 100 ", None),
            ("-1", Some("0")),
            ("32001", Some("32000")),
            ("99999999999999999999999", Some("32000")),
            ("abc", Some("0")),
            ("1.5", Some("0")),
            ("-x", Some("0")),
        ];
        for (w, fix) in cases {
            let mut d = base();
            d.connections[0].routing_weight = w.to_string();
            let got = paths(&d, "ER-CN-007");
            assert_eq!(got.len(), usize::from(fix.is_some()), "{w:?}");
            if fix.is_some() {
                assert_eq!(got[0].0, "connections[0].routingWeight");
            }
            assert_eq!(fix_value(&d, "ER-CN-007").as_deref(), *fix, "{w:?}");
        }
    }

    #[test]
    fn references() {
        let mut d = base();
        d.connections[0].gateway = "nope".into();
        d.connections[0].circuit = "".into();
        assert_eq!(
            problems(&d),
            vec![
                ("ER-CN-004", "connections[0].gateway".to_string()),
                ("ER-CN-005", "connections[0].circuit".to_string()),
            ]
        );
        let mut d = base();
        d.connections[0].gateway = "GW-HUB".into();
        d.connections[0].circuit = "ER-London".into();
        assert!(problems(&d).is_empty());
        d.gateways[0].sku = GatewaySku::Basic;
        assert!(problems(&d).contains(&("ER-CN-003", "connections[0].gateway".into())));
        let mut d = base();
        d.connections[0].name = String::new();
        assert_eq!(
            problems(&d),
            vec![("ER-CN-001", "connections[0].name".to_string())]
        );
    }

    #[test]
    fn a_circuit_of_another_subscription_is_outside_the_design() {
        const K: &str = "a1b2c3d4-0000-4000-8000-000000000000";
        // (cross-subscription, circuit name, expected CN5 paths)
        let cases: &[(bool, &str, &[&str])] = &[
            (true, "er-other-sub", &[]),
            (false, "er-other-sub", &["connections[0].circuit"]),
            (true, "", &["connections[0].circuit"]),
            (true, " ", &["connections[0].circuit"]),
            // A circuit of the design is still checked (here: the scope of a Standard circuit).
            (true, "er-london", &[]),
        ];
        for (cross, name, want) in cases {
            let mut d = base();
            d.connections[0].cross_subscription = *cross;
            d.connections[0].authorization_key = K.into();
            d.connections[0].circuit = name.to_string();
            let got: Vec<String> = paths(&d, "ER-CN-005").into_iter().map(|p| p.0).collect();
            assert_eq!(got, *want, "{cross} {name:?}");
        }
        let mut d = base();
        d.connections[0].cross_subscription = true;
        d.connections[0].authorization_key = K.into();
        d.virtual_networks[0].region = "East US".into();
        assert_eq!(paths(&d, "ER-CN-005").len(), 1, "out of scope");
        d.connections[0].circuit = "er-other-sub".into();
        assert!(problems(&d).is_empty(), "{:?}", problems(&d));
    }

    #[test]
    fn region_must_match_gateway() {
        let mut d = base();
        for (region, bad) in [
            ("", false),
            ("UK South", false),
            ("uksouth", false),
            ("UK West", true),
        ] {
            d.connections[0].region = region.into();
            assert_eq!(!paths(&d, "ER-CN-002").is_empty(), bad, "{region}");
        }
        assert_eq!(fix_value(&d, "ER-CN-002").as_deref(), Some("UK South"));
        // The gateway's own region wins over the VNet's.
        d.gateways[0].region = "UK West".into();
        d.virtual_networks[0].region = "UK West".into();
        assert!(paths(&d, "ER-CN-002").is_empty());
    }

    #[test]
    fn gating_g2() {
        for (status, direct, peering, managed, n) in [
            (ProviderStatus::Provisioned, false, true, false, 0),
            (ProviderStatus::NotProvisioned, false, true, false, 1),
            (ProviderStatus::Provisioning, false, true, false, 1),
            (ProviderStatus::Deprovisioning, false, true, false, 1),
            (ProviderStatus::NotProvisioned, true, true, false, 0),
            (ProviderStatus::Provisioned, false, false, false, 1),
            (ProviderStatus::Provisioned, false, false, true, 0),
            (ProviderStatus::NotProvisioned, false, false, false, 2),
        ] {
            let mut d = base();
            let c = &mut d.circuits[0];
            c.provider_status = status;
            c.provider_managed_routing = managed;
            if direct {
                c.port_type = PortType::Direct;
            }
            if !peering {
                c.private_peering = None;
            }
            let got = paths(&d, "ER-G-002");
            assert_eq!(got.len(), n, "{status:?} direct={direct} peering={peering}");
            assert!(got
                .iter()
                .all(|(p, s)| p == "connections[0].circuit" && *s == Severity::Error));
        }
    }

    #[test]
    fn authorization_keys() {
        const K: &str = "a1b2c3d4-0000-4000-8000-000000000000";
        for (cross, key, bad) in [
            (false, "", false),
            (true, "", true),
            (true, K, false),
            (false, K, false),
            (true, "not-a-guid", true),
            (false, "1234", true),
        ] {
            let mut d = base();
            d.connections[0].cross_subscription = cross;
            d.connections[0].authorization_key = key.into();
            let got = paths(&d, "ER-CN-006");
            assert_eq!(!got.is_empty(), bad, "{cross} {key:?}");
            if bad {
                assert_eq!(got[0].0, "connections[0].authorizationKey");
            }
        }
        // The same key twice.
        let mut d = base();
        d.connections[0].authorization_key = K.into();
        let mut c2 = d.connections[0].clone();
        c2.name = "cn-2".into();
        c2.authorization_key = K.to_uppercase();
        d.connections.push(c2);
        assert_eq!(
            paths(&d, "ER-CN-006"),
            vec![(
                "connections[1].authorizationKey".to_string(),
                Severity::Error
            )]
        );
    }

    #[test]
    fn private_link_fast_path() {
        let mut d = base();
        d.gateways[0].sku = GatewaySku::ErGw3AZ;
        d.connections[0].private_link_fast_path = true;
        // Provider circuit and FastPath off: two reasons.
        assert_eq!(paths(&d, "ER-CN-009").len(), 2);
        d.connections[0].fast_path = true;
        assert_eq!(paths(&d, "ER-CN-009").len(), 1);
        d.direct_ports.push(DirectPort {
            name: "port".into(),
            peering_location: "London".into(),
            bandwidth_gbps: "100".into(),
            ..DirectPort::default()
        });
        d.circuits[0].port_type = PortType::Direct;
        d.circuits[0].direct_port = "port".into();
        assert!(paths(&d, "ER-CN-009").is_empty());
        let info = with_code(&d, "ER-L-006");
        assert_eq!(info.len(), 1);
        assert!(info[0].message.contains("200,000"), "{}", info[0].message);
    }

    #[test]
    fn scope_by_sku() {
        // (tier, vnet region, expected fix)
        let cases: &[(SkuTier, &str, Option<&str>)] = &[
            (SkuTier::Standard, "UK South", None),
            (SkuTier::Standard, "West Europe", None),
            (SkuTier::Standard, "East US", Some("Premium")),
            (SkuTier::Basic, "East US", Some("Premium")),
            (SkuTier::Premium, "East US", None),
            (SkuTier::Premium, "Japan East", None),
            (SkuTier::Local, "UK South", None),
            (SkuTier::Local, "UK West", Some("Standard")),
            (SkuTier::Local, "East US", Some("Premium")),
        ];
        for (tier, region, fix) in cases {
            let mut d = base();
            d.circuits[0].sku_tier = *tier;
            d.virtual_networks[0].region = region.to_string();
            let got = paths(&d, "ER-CN-005");
            if fix.is_some() {
                assert_eq!(
                    got,
                    vec![("circuits[0].skuTier".to_string(), Severity::Error)],
                    "{tier:?} {region}"
                );
            } else {
                assert!(got.is_empty(), "{tier:?} {region}: {got:?}");
            }
            assert_eq!(
                fix_value(&d, "ER-CN-005").as_deref(),
                *fix,
                "{tier:?} {region}"
            );
        }
    }

    /// `n` VNets (each with a gateway) linked to circuit 0, plus `gr` Global Reach links.
    fn links(tier: SkuTier, mbps: &str, n: usize, gr: usize) -> Design {
        let mut d = base();
        d.circuits[0].sku_tier = tier;
        d.circuits[0].bandwidth_mbps = mbps.into();
        d.virtual_networks.clear();
        d.gateways.clear();
        d.connections.clear();
        for i in 0..n {
            let v = vnet(&format!("vnet-{i}"), "UK South", 0);
            d.virtual_networks.push(v);
            d.gateways
                .push(gateway(&format!("gw-{i}"), &format!("vnet-{i}")));
            d.connections.push(connection(
                &format!("cn-{i}"),
                &format!("gw-{i}"),
                "er-london",
            ));
        }
        for i in 0..gr {
            let mut c = circuit(&format!("er-peer-{i}"), "Amsterdam", "Equinix", "", "");
            c.sku_tier = SkuTier::Premium;
            d.circuits.push(c);
            d.global_reach.push(GlobalReach {
                name: format!("gr-{i}"),
                circuit: format!("er-peer-{i}"),
                peer_circuit: "er-london".into(),
                address_prefix: format!("172.16.{i}.0/29"),
                ..GlobalReach::default()
            });
        }
        d
    }

    #[test]
    fn links_per_circuit_limits() {
        let cases: &[(SkuTier, &str, usize, usize, &[&str])] = &[
            (SkuTier::Standard, "1000", 10, 0, &[]),
            (
                SkuTier::Standard,
                "1000",
                11,
                0,
                &["connections[10].circuit"],
            ),
            (SkuTier::Standard, "1000", 9, 1, &[]),
            (
                SkuTier::Standard,
                "1000",
                10,
                1,
                &["globalReach[0].peerCircuit"],
            ),
            (SkuTier::Local, "1000", 11, 0, &["connections[10].circuit"]),
            (SkuTier::Premium, "50", 20, 0, &[]),
            (SkuTier::Premium, "50", 21, 0, &["connections[20].circuit"]),
            (
                SkuTier::Premium,
                "50",
                19,
                2,
                &["globalReach[1].peerCircuit"],
            ),
            (SkuTier::Premium, "100", 25, 0, &[]),
            (SkuTier::Premium, "100", 26, 0, &["connections[25].circuit"]),
            (SkuTier::Premium, "200", 25, 0, &[]),
            (SkuTier::Premium, "200", 26, 0, &["connections[25].circuit"]),
            (SkuTier::Premium, "1000", 50, 0, &[]),
            (
                SkuTier::Premium,
                "1000",
                50,
                1,
                &["globalReach[0].peerCircuit"],
            ),
            (SkuTier::Premium, "2000", 60, 0, &[]),
            (
                SkuTier::Premium,
                "2000",
                61,
                0,
                &["connections[60].circuit"],
            ),
            (SkuTier::Premium, "5000", 75, 0, &[]),
            (
                SkuTier::Premium,
                "5000",
                76,
                0,
                &["connections[75].circuit"],
            ),
            (SkuTier::Premium, "500", 40, 0, &[]),
            (SkuTier::Premium, "500", 41, 0, &["connections[40].circuit"]),
            (SkuTier::Premium, "10000", 100, 0, &[]),
            (SkuTier::Premium, "10000", 95, 5, &[]),
            (
                SkuTier::Premium,
                "10000",
                95,
                6,
                &["globalReach[5].peerCircuit"],
            ),
            (
                SkuTier::Premium,
                "10000",
                102,
                0,
                &["connections[100].circuit", "connections[101].circuit"],
            ),
        ];
        for (tier, mbps, n, gr, want) in cases {
            let d = links(*tier, mbps, *n, *gr);
            let mut got: Vec<String> = with_code(&d, "ER-CN-013")
                .into_iter()
                .chain(with_code(&d, "ER-GR-009"))
                .map(|f| f.path)
                .collect();
            got.sort();
            let mut want: Vec<String> = want.iter().map(|s| s.to_string()).collect();
            want.sort();
            assert_eq!(got, want, "{tier:?} {mbps} {n}+{gr}");
        }
    }

    #[test]
    fn vnet_route_counts() {
        let mut d = base();
        let spaces = |n: usize| -> Vec<String> {
            (0..n)
                .map(|i| format!("10.{}.{}.0/24", 100 + i / 256, i % 256))
                .collect()
        };
        d.virtual_networks[0].address_spaces.extend(spaces(199));
        assert!(paths(&d, "ER-CN-012").is_empty());
        d.virtual_networks[0]
            .address_spaces
            .extend(spaces(201)[199..].to_vec());
        assert_eq!(
            paths(&d, "ER-CN-012"),
            vec![(
                "virtualNetworks[0].addressSpaces".to_string(),
                Severity::Error
            )]
        );
        assert!(paths(&d, "ER-L-002").is_empty());
        d.virtual_networks[0].address_spaces = spaces(1000);
        d.virtual_networks[0].address_spaces[0] = "10.1.0.0/16".into();
        assert!(paths(&d, "ER-L-002").is_empty());
        d.virtual_networks[0].address_spaces = spaces(1001);
        d.virtual_networks[0].address_spaces[0] = "10.1.0.0/16".into();
        assert_eq!(
            paths(&d, "ER-L-002"),
            vec![(
                "virtualNetworks[0].addressSpaces".to_string(),
                Severity::Error
            )]
        );
        // An unconnected VNet isn't counted.
        d.connections.clear();
        assert!(paths(&d, "ER-L-002").is_empty());
    }

    fn dual_design(loc2: &str, w1: &str, w2: &str) -> Design {
        let mut d = base();
        d.circuits.push(circuit(
            "er-2",
            loc2,
            "Equinix",
            "192.168.101.0/30",
            "192.168.101.4/30",
        ));
        d.connections[0].routing_weight = w1.into();
        let mut c = connection("cn-2", "gw-hub", "er-2");
        c.routing_weight = w2.into();
        d.connections.push(c);
        d
    }

    #[test]
    fn dual_circuit_location_and_weights() {
        let d = dual_design("Amsterdam", "100", "0");
        assert!(problems(&d).is_empty(), "{:?}", problems(&d));
        assert_eq!(
            codes(&d).into_iter().filter(|c| c.0 == "ER-DC-007").count(),
            1
        );
        let d = dual_design("London", "100", "0");
        assert_eq!(
            problems(&d),
            vec![("ER-DC-001", "connections[1].circuit".to_string())]
        );
        let d = dual_design("London2", "100", "0");
        assert!(problems(&d).is_empty());
        for (w1, w2, fix) in [
            ("0", "0", Some("100")),
            ("10", "10", Some("110")),
            ("32000", "32000", None),
            ("", "0", Some("100")),
        ] {
            let d = dual_design("Amsterdam", w1, w2);
            assert_eq!(
                paths(&d, "ER-DC-002"),
                vec![(
                    "connections[0].routingWeight".to_string(),
                    Severity::Warning
                )],
                "{w1} {w2}"
            );
            assert_eq!(fix_value(&d, "ER-DC-002").as_deref(), fix);
        }
        // Unreadable weights: CN7 only.
        let d = dual_design("Amsterdam", "x", "x");
        assert!(paths(&d, "ER-DC-002").is_empty());
    }

    #[test]
    fn ecmp_more_than_four() {
        let mut d = base();
        d.gateways[0].sku = GatewaySku::ErGw2AZ;
        d.circuits.clear();
        d.connections.clear();
        for (i, loc) in ["London", "Amsterdam", "Paris", "Dublin", "Frankfurt"]
            .iter()
            .enumerate()
        {
            d.circuits
                .push(circuit(&format!("er-{i}"), loc, "Equinix", "", ""));
            d.connections
                .push(connection(&format!("cn-{i}"), "gw-hub", &format!("er-{i}")));
        }
        assert_eq!(
            paths(&d, "ER-L-005"),
            vec![(
                "connections[4].routingWeight".to_string(),
                Severity::Warning
            )]
        );
        d.connections[4].routing_weight = "5".into();
        assert!(paths(&d, "ER-L-005").is_empty());
    }

    #[test]
    fn fast_path_per_connection() {
        let mut d = dual_design("Amsterdam", "100", "0");
        d.gateways[0].sku = GatewaySku::ErGw3AZ;
        d.connections[0].fast_path = true;
        assert_eq!(
            paths(&d, "ER-DC-010"),
            vec![("connections[1].fastPath".to_string(), Severity::Info)]
        );
        d.connections[1].fast_path = true;
        assert!(paths(&d, "ER-DC-010").is_empty());
        assert_eq!(paths(&d, "ER-L-006").len(), 2);
    }
}
