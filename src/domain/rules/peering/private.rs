//! §5.2 Azure private peering (`ER-PP-*`): the kinds of address its subnets may hold, a default
//! route from on-premises, and IPv6 against the gateways and VNets linked to the circuit.
//! `ER-PP-002` and `ER-PP-006` (overlaps with VNets and among on-premises routes) are declared
//! here and checked in `network/overlap.rs`.

use crate::domain::sorted::VecSet;

use ipnet::IpNet;

use super::{name_index, named};
use crate::domain::catalog::circuit::circuit_location;
use crate::domain::field::{
    peering, ConnectionKey, FieldPath, PeeringKey, Side, VnetField, VnetKey,
};
use crate::domain::finding::{src, Finding, Fix};
use crate::domain::model::{AddressFamily, Design, PortType};
use crate::domain::net::{is_rfc1918, overlaps, parse_any, parse_v6};
use crate::rule;

// §5.2 Azure private peering.
rule!(
    ER_PP_001,
    "ER-PP-001",
    "PP1",
    Info,
    "Private peering subnets outside RFC 1918 are allowed (any address of your WAN, public included)",
    src::DOC_ROUTING,
    why: "Any address of your WAN works on private peering; this only notes a public one.",
    example: "private peering subnet 131.107.0.0/30"
);
rule!(
    ER_PP_003,
    "ER-PP-003",
    "PP3 / §5.4 / U2",
    Error,
    "Private peering ASN is not one of Azure's reserved ASNs 65515–65520",
    src::DOC_PEER_PORTAL,
    why: "Azure reserves 65515-65520 for its own use and refuses them as the peer ASN.",
    example: "peer ASN 65515"
);
rule!(
    ER_PP_004,
    "ER-PP-004",
    "PP4 / §5.4",
    Warning,
    "A public ASN on private peering must be your own",
    src::DOC_PEERINGS,
    why: "The docs require you to own a public ASN used on private peering; Azure can't check it, and the real owner's routes would be dropped as AS-path loops.",
    example: "peer ASN 3356 on private peering"
);
rule!(
    ER_PP_005,
    "ER-PP-005",
    "PP5",
    Warning,
    "A default route advertised from on-premises over private peering draws Azure's internet-bound traffic",
    src::DOC_ROUTING,
    why: "Azure's internet-bound traffic then goes to your network instead of the internet.",
    example: "on-premises route 0.0.0.0/0"
);
rule!(
    ER_PP_007,
    "ER-PP-007",
    "PP7",
    Error,
    "A dual-stack gateway can't connect to a circuit whose private peering is IPv4-only",
    src::DOC_IPV6,
    why: "Azure refuses to connect a dual-stack gateway to a circuit without IPv6 private peering.",
    example: "dual-stack gateway linked to an IPv4-only peering"
);
rule!(
    ER_PP_008,
    "ER-PP-008",
    "PP1 (derived)",
    Warning,
    "Private peering subnets are usable unicast addresses (not loopback, link-local, multicast or reserved)",
    src::DECISIONS,
    why: "Router interfaces cannot use loopback, link-local, multicast or reserved addresses.",
    example: "private peering subnet 127.0.0.0/30"
);
rule!(
    ER_PP_009,
    "ER-PP-009",
    "PP7",
    Warning,
    "IPv6 private peering needs a VNet with an IPv6 address space (the GatewaySubnet's IPv6 range is ER-GS-004); FastPath doesn't carry IPv6 on provider circuits or at Dubai",
    src::DOC_IPV6,
    why: "IPv6 then does not reach the VNet, or FastPath does not carry it.",
    example: "IPv6 private peering linked to an IPv4-only VNet"
);
rule!(
    ER_PP_002,
    "ER-PP-002",
    "PP2",
    Error,
    "Private peering subnets (/30s, /29, /126s) don't overlap any VNet address space",
    src::DOC_ROUTING,
    why: "Routes to the peering subnets would collide with the VNet's own addresses.",
    example: "peering subnet 10.1.0.0/30 inside VNet space 10.1.0.0/16"
);
rule!(
    ER_PP_006,
    "ER-PP-006",
    "PP6",
    Warning,
    "Planned on-premises routes fit the circuit: 4,000 IPv4 (Local/Standard), 10,000 (Premium), 100 IPv6",
    src::DOC_LIMITS,
    why: "Azure drops the BGP session when more routes arrive than the circuit takes.",
    example: "5,000 on-premises routes on a Standard circuit"
);

/// Ranges a router interface can't use (PP8).
const UNUSABLE: &[(&str, &str)] = &[
    ("0.0.0.0/8", "\"this network\" space"),
    ("127.0.0.0/8", "loopback space"),
    ("169.254.0.0/16", "link-local space"),
    ("224.0.0.0/4", "multicast space"),
    ("240.0.0.0/4", "reserved space"),
    (
        "::/8",
        "reserved space (loopback, unspecified, IPv4-mapped)",
    ),
    ("fe80::/10", "link-local space"),
    ("ff00::/8", "multicast space"),
];

fn unusable_reason(net: &IpNet) -> Option<&'static str> {
    UNUSABLE.iter().find_map(|(p, why)| {
        let r: IpNet = p.parse().ok()?;
        overlaps(net, &r).then_some(*why)
    })
}

/// PP1 (INFO: public addresses are fine) and PP8 (WARN: unusable addresses) on private peering.
pub(super) fn private_subnet_kinds(active: &[(FieldPath, IpNet)], out: &mut Vec<Finding>) {
    for (path, net) in active {
        let n = net.trunc();
        if let Some(why) = unusable_reason(&n) {
            out.push(ER_PP_008.at(
                *path,
                format!("{n} is {why}: a router interface can't use it. Choose RFC 1918 or public addresses of your WAN."),
            ));
        } else if matches!(n, IpNet::V4(_)) && !is_rfc1918(&n) {
            out.push(ER_PP_001.at(
                *path,
                format!("{n} is not RFC 1918 space. Private peering accepts any address of your WAN, public ones included: make sure it is yours and unused elsewhere."),
            ));
        }
    }
}

/// PP5: a default route in the on-premises routes advertised over private peering.
pub(super) fn on_prem_default_route(d: &Design, out: &mut Vec<Finding>) {
    for (k, text) in d.on_prem_routes.iter().enumerate() {
        if let Ok(n) = parse_any(text) {
            if n.prefix_len() == 0 {
                out.push(ER_PP_005.at(
                    FieldPath::OnPremRoute(k),
                    format!("{} is a default route: over private peering it draws all internet-bound traffic of the linked VNets to your network (forced tunnelling). Make sure that is intended. Default routes are allowed only on private peering.", text.trim()),
                ));
            }
        }
    }
}

/// PP7: IPv6 private peering against the gateways and VNets linked to the circuit.
pub(super) fn ipv6_private(d: &Design, out: &mut Vec<Finding>) {
    // Each field noted once: (0, circuit), (1, VNet), (2, connection).
    let mut done: VecSet<(u8, usize)> = VecSet::new();
    // Indexes, not a scan of every list per connection: 10,000 connections stay fast.
    let circuits = name_index(d.circuits.iter().map(|c| c.name.as_str()));
    let gateways = name_index(d.gateways.iter().map(|g| g.name.as_str()));
    let vnets = name_index(d.virtual_networks.iter().map(|v| v.name.as_str()));
    for (k, conn) in d.connections.iter().enumerate() {
        let Some((ci, c)) =
            named(&circuits, &conn.circuit).and_then(|i| Some((i, d.circuits.get(i)?)))
        else {
            continue;
        };
        let Some(pp) = c.private_peering.as_ref() else {
            continue;
        };
        let gw = named(&gateways, &conn.gateway).and_then(|i| d.gateways.get(i));
        let vnet = gw.and_then(|g| {
            named(&vnets, &g.virtual_network).and_then(|i| Some((i, d.virtual_networks.get(i)?)))
        });
        let gw_subnet = vnet.and_then(|(v, vn)| {
            vn.subnets
                .iter()
                .enumerate()
                .find(|(_, s)| s.name.trim().eq_ignore_ascii_case("GatewaySubnet"))
                .map(|(s, sub)| (v, s, sub))
        });
        let dual_stack_gw =
            gw_subnet.is_some_and(|(_, _, s)| !s.address_prefix_v6.trim().is_empty());
        if pp.address_family == AddressFamily::Ipv4 {
            let path = peering(ci, Side::Private, PeeringKey::AddressFamily);
            if dual_stack_gw && done.insert((0, ci)) {
                out.push(
                    ER_PP_007.at(
                        path,
                        format!(
                            "Gateway \"{}\" is dual-stack (its GatewaySubnet has an IPv6 range) and can't connect to a circuit whose private peering is IPv4-only: add IPv6 to this peering.",
                            conn.gateway.trim()
                        ),
                    )
                    .with_fix(Fix::replace("Use IPv4 and IPv6", "Both")),
                );
            }
            continue;
        }
        if let Some((v, vn)) = vnet {
            let path = FieldPath::Vnet(v, Some(VnetField::Key(VnetKey::AddressSpaces)));
            if !vn.address_spaces.iter().any(|s| parse_v6(s).is_ok()) && done.insert((1, v)) {
                out.push(ER_PP_009.at(
                    path,
                    "This VNet is linked to a circuit with IPv6 private peering but has no IPv6 address space: IPv6 needs a dual-stack VNet.",
                ));
            }
        }
        // A GatewaySubnet without IPv6 is ER-GS-004's warning (U22: not repeated here).
        if conn.fast_path {
            let path = FieldPath::Connection(k, Some(ConnectionKey::FastPath));
            let why = if c.port_type == PortType::Provider {
                Some("FastPath doesn't carry IPv6 on provider circuits: IPv6 traffic still goes through the gateway.")
            } else if circuit_location(d, c).trim().eq_ignore_ascii_case("Dubai") {
                Some("FastPath doesn't carry IPv6 at the Dubai peering location: IPv6 traffic still goes through the gateway.")
            } else {
                None
            };
            if let Some(why) = why {
                if done.insert((2, k)) {
                    out.push(ER_PP_009.at(path, why));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use crate::domain::finding::Severity;

    #[test]
    fn private_peering_address_kinds() {
        let rows: &[(&str, &[&str])] = &[
            ("10.0.0.0/30", &[]),
            ("172.31.255.252/30", &[]),
            ("131.107.0.0/30", &["ER-PP-001"]),
            ("100.64.0.0/30", &["ER-PP-001"]),
            ("127.0.0.0/30", &["ER-PP-008"]),
            ("169.254.0.0/30", &["ER-PP-008"]),
            ("224.0.0.0/30", &["ER-PP-008"]),
            ("240.0.0.0/30", &["ER-PP-008"]),
        ];
        for (net, want) in rows {
            let mut d = base();
            pp(&mut d).primary_subnet = net.to_string();
            let want: Vec<_> = want
                .iter()
                .map(|c| (*c, format!("{PP}primarySubnet")))
                .collect();
            assert_eq!(codes_paths(&problems(&d)), want, "{net}");
        }
    }

    #[test]
    fn default_route_from_on_premises() {
        let mut d = base();
        d.on_prem_routes = vec![
            "10.0.0.0/8".into(),
            "0.0.0.0/0".into(),
            "::/0".into(),
            "garbage".into(),
            "0.0.0.0/1".into(),
        ];
        assert_eq!(
            codes_paths(&problems(&d)),
            owned(&[
                ("ER-PP-005", "onPremRoutes[1]"),
                ("ER-PP-005", "onPremRoutes[2]")
            ])
        );
    }

    #[test]
    fn ipv6_private_peering_prerequisites_pp7() {
        let mut d = base();
        with_gateway(&mut d);
        assert!(problems(&d).is_empty());
        // Dual-stack gateway, IPv4-only private peering: ERROR.
        d.virtual_networks[0].subnets[0].address_prefix_v6 = "fd00:1::/64".into();
        let p = problems(&d);
        assert_eq!(
            codes_paths(&p),
            owned(&[("ER-PP-007", &format!("{PP}addressFamily"))])
        );
        assert_eq!(
            (p[0].severity, fix_of(&p[0])),
            (Severity::Error, Some("Both"))
        );
        // IPv6 private peering: VNet and GatewaySubnet must be dual-stack.
        d.virtual_networks[0].subnets[0].address_prefix_v6.clear();
        dual_stack(&mut d);
        assert_eq!(
            codes_paths(&problems(&d)),
            // The GatewaySubnet's missing IPv6 range is ER-GS-004's warning, not repeated (U22).
            owned(&[("ER-PP-009", "virtualNetworks[0].addressSpaces")])
        );
        d.virtual_networks[0]
            .address_spaces
            .push("fd00:1::/48".into());
        d.virtual_networks[0].subnets[0].address_prefix_v6 = "fd00:1::/64".into();
        assert!(problems(&d).is_empty());
        // FastPath doesn't carry IPv6 on provider circuits.
        d.connections[0].fast_path = true;
        assert_eq!(
            codes_paths(&problems(&d)),
            owned(&[("ER-PP-009", "connections[0].fastPath")])
        );
        // Two connections to the same VNet: reported once.
        let mut c2 = d.connections[0].clone();
        c2.name = "cn-2".into();
        d.connections.push(c2);
        assert_eq!(
            codes_paths(&problems(&d)),
            owned(&[
                ("ER-PP-009", "connections[0].fastPath"),
                ("ER-PP-009", "connections[1].fastPath"),
            ])
        );
    }
}
