//! §8.1 virtual network address spaces and region, §8.2 GatewaySubnet.
//!
//! The overlap parts of §8.1 (subnets inside their VNet, subnets overlapping, VNets overlapping
//! each other or on-premises routes) are in `overlap.rs`; their rules (`ER-VN-003`, `-004`,
//! `-006`, `-007`) are declared here with the rest of the family.

use std::net::Ipv4Addr;

use ipnet::{IpNet, Ipv4Net};

use super::{list_names, Ctx, Prefix};
use crate::domain::catalog;
use crate::domain::field::{FieldPath, SubnetKey as S, VnetField, VnetKey as V};
use crate::domain::finding::{src, Finding, Fix, RuleInfo};
use crate::domain::model::Design;
use crate::domain::net::{self, PrefixError};
use crate::domain::rules::names::{check_field_name, ER_N_001, ER_N_002, NAME_1_80, NAME_2_64};
use crate::domain::sorted;
use crate::rule;

rule!(
    ER_VN_001,
    "ER-VN-001",
    "§8.1 address space",
    Error,
    "VNet address spaces: at least one, valid prefixes in network form, outside 224.0.0.0/4, 255.255.255.255/32, 127.0.0.0/8, 169.254.0.0/16 and 168.63.129.16/32",
    src::DOC_VNETFAQ,
    why: "Azure refuses these ranges in a virtual network.",
    example: "VNet address space 169.254.0.0/16"
);
rule!(
    ER_VN_002,
    "ER-VN-002",
    "§8.1 recommended ranges",
    Info,
    "VNet IPv4 address space outside RFC 1918 and RFC 6598 (public space used privately)",
    src::DOC_VNETFAQ,
    why: "Public space used privately hides that part of the internet from the VNet.",
    example: "VNet address space 20.0.0.0/16"
);
rule!(
    ER_VN_005,
    "ER-VN-005",
    "§8.1 subnet size / U9",
    Error,
    "Subnet prefixes: an IPv4 prefix from /2 to /29 in network form; an optional IPv6 prefix of exactly /64",
    src::DOC_VNETFAQ,
    why: "Azure refuses subnets outside these sizes.",
    example: "subnet 10.1.0.0/30"
);
rule!(
    ER_VN_008,
    "ER-VN-008",
    "§8.1 (region, as C3)",
    Error,
    "Virtual network region is given, and is not a peering location's name",
    src::DOC_REGIONS,
    why: "A virtual network lives in an Azure region; a peering location is not one.",
    example: "VNet region London2"
);
rule!(
    ER_VN_009,
    "ER-VN-009",
    "§8.1 (region, as C3) / U19",
    Warning,
    "Virtual network region is one of the catalogue's Azure regions (a dated list: an unknown region is a warning)",
    src::DOC_REGIONS,
    why: "An unknown region may be a typing mistake that Azure will refuse.",
    example: "VNet region North Europa"
);
rule!(
    ER_GS_001,
    "ER-GS-001",
    "§8.2 name",
    Error,
    "A VNet with a gateway has a subnet named exactly GatewaySubnet (other letter case: warning)",
    src::DOC_GW,
    why: "The gateway is placed in the subnet named GatewaySubnet; without it Azure refuses the gateway.",
    example: "a VNet with a gateway and a subnet named gatewaysubnet-1"
);
rule!(
    ER_GS_002,
    "ER-GS-002",
    "§8.2 size / U8 / coexistence",
    Error,
    "GatewaySubnet is /27 or larger (/28 and smaller aren't supported for new gateways, nor for VPN coexistence); an imported /28 or /29 (it may exist already) is a warning",
    src::DOC_GW_PORTAL,
    why: "New gateways need a /27 or larger GatewaySubnet; Azure refuses smaller ones.",
    example: "GatewaySubnet 10.1.255.0/28"
);
rule!(
    ER_GS_003,
    "ER-GS-003",
    "§8.2 16 circuits",
    Error,
    "GatewaySubnet is /26 or larger when 16 circuits connect to the gateway (warning at 9–15)",
    src::DOC_GW,
    why: "A gateway with 16 circuits needs the room of a /26.",
    example: "GatewaySubnet /27 with 16 circuits connected"
);
rule!(
    ER_GS_004,
    "ER-GS-004",
    "§8.2 dual stack / U9 / U22",
    Warning,
    "GatewaySubnet has an IPv6 /64 when a linked circuit's private peering carries IPv6 (without one the connection carries IPv4 only)",
    src::DOC_IPV6,
    why: "Without an IPv6 range the connection carries IPv4 only.",
    example: "dual-stack circuit, GatewaySubnet without IPv6"
);
rule!(
    ER_GS_005,
    "ER-GS-005",
    "§8.2 NSG / UDR / BGP propagation",
    Error,
    "GatewaySubnet has no NSG, no route table with 0.0.0.0/0, and BGP route propagation enabled",
    src::DOC_GWSUBNET,
    why: "Azure blocks creating a gateway in a GatewaySubnet with an NSG, a 0.0.0.0/0 route or BGP propagation disabled.",
    example: "route table with 0.0.0.0/0 on GatewaySubnet"
);
rule!(
    ER_GS_006,
    "ER-GS-006",
    "§8.2 service endpoint policy",
    Warning,
    "GatewaySubnet has no service endpoint policy",
    src::DOC_FAQ,
    why: "A service endpoint policy on GatewaySubnet can block the gateway's own traffic.",
    example: "GatewaySubnet with a service endpoint policy"
);
rule!(
    ER_VN_003,
    "ER-VN-003",
    "§8.1 subnets inside",
    Error,
    "Each subnet lies inside its VNet's address space (IPv6 subnets inside an IPv6 space)",
    src::DOC_VNETFAQ,
    why: "Azure refuses a subnet outside its VNet's address space.",
    example: "subnet 10.2.0.0/24 in VNet space 10.1.0.0/16"
);
rule!(
    ER_VN_004,
    "ER-VN-004",
    "§8.1 subnets apart",
    Error,
    "Subnets of a VNet don't overlap each other",
    src::DOC_VNETFAQ,
    why: "Azure refuses overlapping subnets in one VNet.",
    example: "subnets 10.1.0.0/24 and 10.1.0.128/25"
);
rule!(
    ER_VN_006,
    "ER-VN-006",
    "§8.1 VNets apart",
    Error,
    "VNet address spaces don't overlap: within a VNet, or between VNets linked to the same circuit",
    src::DOC_VNETFAQ,
    why: "Overlapping VNets on one circuit cannot both be routed.",
    example: "two linked VNets with 10.1.0.0/16"
);
rule!(
    ER_VN_007,
    "ER-VN-007",
    "§8.1 on-premises",
    Error,
    "VNet address spaces don't contain a planned on-premises route",
    src::DOC_VNETFAQ,
    why: "Traffic for that range stays in the VNet and never reaches on-premises.",
    example: "VNet 10.0.0.0/8 and on-premises route 10.20.0.0/16"
);

/// The exact name Azure requires for the gateway's subnet.
pub const GATEWAY_SUBNET: &str = "GatewaySubnet";

/// Ranges Azure refuses in a virtual network's address space (DOC-VNETFAQ), with the reason.
pub const FORBIDDEN_V4: &[(&str, &str)] = &[
    ("224.0.0.0/4", "multicast"),
    ("255.255.255.255/32", "broadcast"),
    ("127.0.0.0/8", "loopback"),
    ("169.254.0.0/16", "link-local"),
    (
        "168.63.129.16/32",
        "Azure's platform address (DNS, DHCP, health probes)",
    ),
];

/// Address space recommended for VNets: RFC 1918 and RFC 6598.
const PRIVATE_V4: &[&str] = &[
    "10.0.0.0/8",
    "172.16.0.0/12",
    "192.168.0.0/16",
    "100.64.0.0/10",
];

fn vp(v: usize, key: V) -> FieldPath {
    FieldPath::Vnet(v, Some(VnetField::Key(key)))
}

fn sp(v: usize, s: usize, key: S) -> FieldPath {
    FieldPath::Vnet(v, Some(VnetField::Subnet(s, Some(key))))
}

/// A free, aligned IPv4 block of `prefix_len` inside `vnet_spaces` that overlaps none of
/// `used_subnets`: the lowest one, searching the spaces in address order. `None` when nothing fits
/// (or `prefix_len` > 32). Runs in O(n log n) for n subnets, whatever the sizes.
///
/// The UI calls this to propose a GatewaySubnet (`prefix_len` 27, or 26 for 16 circuits).
pub fn suggest_gateway_subnet(
    vnet_spaces: &[Ipv4Net],
    used_subnets: &[Ipv4Net],
    prefix_len: u8,
) -> Option<Ipv4Net> {
    if prefix_len > 32 {
        return None;
    }
    let size: u64 = 1u64 << (32 - u32::from(prefix_len));
    let range = |n: &Ipv4Net| {
        (
            u64::from(u32::from(n.network())),
            u64::from(u32::from(n.broadcast())),
        )
    };
    let mut used: Vec<(u64, u64)> = used_subnets.iter().map(range).collect();
    sorted::sort(&mut used);
    let mut merged: Vec<(u64, u64)> = Vec::with_capacity(used.len());
    for (s, e) in used {
        match merged.last_mut() {
            Some(last) if s <= last.1.saturating_add(1) => last.1 = last.1.max(e),
            _ => merged.push((s, e)),
        }
    }
    let mut spaces: Vec<(u64, u64)> = vnet_spaces
        .iter()
        .filter(|n| n.prefix_len() <= prefix_len)
        .map(range)
        .collect();
    sorted::sort(&mut spaces);
    for (start, end) in spaces {
        // `start` is aligned to the space's size, which is at least the block size.
        let mut cur = start;
        while cur.saturating_add(size - 1) <= end {
            let last = cur + size - 1;
            let i = merged.partition_point(|m| m.1 < cur);
            match merged.get(i) {
                Some(&(ms, me)) if ms <= last => {
                    cur = (me + 1).div_ceil(size).saturating_mul(size);
                }
                _ => {
                    let addr = Ipv4Addr::from(u32::try_from(cur).ok()?);
                    return Ipv4Net::new(addr, prefix_len).ok();
                }
            }
        }
    }
    None
}

fn v4(p: &Prefix) -> Option<Ipv4Net> {
    match p.net {
        IpNet::V4(n) => Some(n),
        IpNet::V6(_) => None,
    }
}

/// A `prefix_len` block for VNet `v`'s GatewaySubnet (subnet `s`, currently `current`): the block
/// containing the current one when it is free, else the lowest free block.
pub(crate) fn gateway_subnet_block(
    cx: &Ctx,
    v: usize,
    s: usize,
    current: Option<Ipv4Net>,
    prefix_len: u8,
) -> Option<Ipv4Net> {
    let spaces: Vec<Ipv4Net> = cx
        .spaces
        .get(v)
        .map(|x| x.iter().filter_map(v4).collect())
        .unwrap_or_default();
    let used: Vec<Ipv4Net> = cx
        .subnets_v4
        .get(v)
        .map(|x| x.iter().filter(|p| p.index != s).filter_map(v4).collect())
        .unwrap_or_default();
    if let Some(cur) = current {
        if let Ok(block) = Ipv4Net::new(cur.network(), prefix_len).map(|b| b.trunc()) {
            let inside = spaces.iter().any(|sp| sp.contains(&block));
            let free = !used
                .iter()
                .any(|u| net::overlaps(&IpNet::V4(*u), &IpNet::V4(block)));
            if inside && free {
                return Some(block);
            }
        }
    }
    suggest_gateway_subnet(&spaces, &used, prefix_len)
}

fn prefix_problem(text: &str, e: &PrefixError) -> String {
    match e {
        PrefixError::Empty => "Enter an address prefix.".to_string(),
        PrefixError::MissingLength => {
            format!("\"{}\" needs a prefix length, e.g. /24.", text.trim())
        }
        PrefixError::WrongFamily | PrefixError::Invalid => {
            format!(
                "\"{}\" is not an IP prefix (e.g. 10.1.0.0/16).",
                text.trim()
            )
        }
    }
}

fn host_bits(path: FieldPath, rule: &RuleInfo, n: &IpNet, out: &mut Vec<Finding>) {
    let fixed = n.trunc().to_string();
    out.push(
        rule.at(
            path,
            format!("{n} has host bits set: the network is {fixed}."),
        )
        .with_fix(Fix::replace(format!("Use {fixed}"), fixed)),
    );
}

/// The ranges an address space must not touch, and the private ranges (parsed once per check).
struct Ranges {
    forbidden: Vec<(IpNet, &'static str, &'static str)>,
    private: Vec<IpNet>,
}

impl Ranges {
    fn new() -> Self {
        Ranges {
            forbidden: FORBIDDEN_V4
                .iter()
                .filter_map(|(p, why)| p.parse::<IpNet>().ok().map(|n| (n, *p, *why)))
                .collect(),
            private: PRIVATE_V4.iter().filter_map(|p| p.parse().ok()).collect(),
        }
    }
}

fn address_spaces(v: usize, cx: &Ctx, ranges: &Ranges, out: &mut Vec<Finding>) {
    let Some(vnet) = cx.d.virtual_networks.get(v) else {
        return;
    };
    if vnet.address_spaces.iter().all(|s| s.trim().is_empty()) {
        out.push(ER_VN_001.at(
            vp(v, V::AddressSpaces),
            "Add at least one address space, e.g. 10.1.0.0/16.",
        ));
    }
    let Ranges { forbidden, private } = ranges;
    for (s, text) in vnet.address_spaces.iter().enumerate() {
        let path = || FieldPath::Vnet(v, Some(VnetField::AddressSpace(s)));
        let n = match net::parse_any(text) {
            Ok(n) => n,
            Err(e) => {
                let f = ER_VN_001.at(path(), prefix_problem(text, &e));
                // An empty entry among others goes (the only one is "add an address space").
                out.push(
                    if e == PrefixError::Empty && vnet.address_spaces.len() > 1 {
                        f.with_fix(Fix::remove("Remove the empty entry"))
                    } else {
                        f
                    },
                );
                continue;
            }
        };
        if net::host_bits_set(&n) {
            host_bits(path(), &ER_VN_001, &n, out);
        }
        let n = n.trunc();
        if let Some((f, p, why)) = forbidden.iter().find(|(f, _, _)| net::overlaps(&n, f)) {
            let what = if n == *f {
                format!("{n} is {why}")
            } else if f.contains(&n) {
                format!("{n} lies in {p} ({why})")
            } else {
                format!("{n} includes {p} ({why})")
            };
            out.push(
                ER_VN_001.at(
                    path(),
                    format!("{what}: this range can't be used in an Azure virtual network."),
                )
                .with_fix(Fix::advice(
                    "Use private space such as 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16 or 100.64.0.0/10.",
                )),
            );
        } else if matches!(n, IpNet::V4(_)) && !private.iter().any(|p| p.contains(&n)) {
            out.push(ER_VN_002.at(
                path(),
                format!("{n} is public address space: it works inside Azure, but VMs in this VNet can't reach the Internet hosts that own it. RFC 1918 or 100.64.0.0/10 space is recommended."),
            ));
        }
    }
}

fn subnet_prefixes(v: usize, cx: &Ctx, out: &mut Vec<Finding>) {
    let Some(vnet) = cx.d.virtual_networks.get(v) else {
        return;
    };
    for (s, sub) in vnet.subnets.iter().enumerate() {
        if let Some(f) = check_field_name(&ER_N_001, NAME_1_80, sp(v, s, S::Name), &sub.name) {
            out.push(Finding {
                message: f.message.replacen("name", "subnet name", 1),
                ..f
            });
        }
        let path = sp(v, s, S::AddressPrefix);
        match net::parse_v4(&sub.address_prefix) {
            Err(PrefixError::WrongFamily) => out.push(ER_VN_005.at(
                path,
                "Put the IPv6 prefix in the IPv6 field; a subnet needs an IPv4 prefix.",
            )),
            Err(e) => out.push(ER_VN_005.at(path, prefix_problem(&sub.address_prefix, &e))),
            Ok(n) => {
                let net = IpNet::V4(n);
                if net::host_bits_set(&net) {
                    host_bits(path, &ER_VN_005, &net, out);
                }
                let len = n.prefix_len();
                if len > 29 {
                    out.push(ER_VN_005.at(
                        path,
                        format!("A subnet is at least a /29 (Azure reserves 5 addresses in each); /{len} is too small."),
                    ).with_fix(Fix::replace(
                        "Use a /29",
                        Ipv4Net::new(n.network(), 29).map(|x| x.trunc().to_string()).unwrap_or_default(),
                    )));
                } else if len < 2 {
                    out.push(ER_VN_005.at(
                        path,
                        format!("A subnet is at most a /2; /{len} is too large."),
                    ));
                }
            }
        }
        let t6 = sub.address_prefix_v6.trim();
        if t6.is_empty() {
            continue;
        }
        let path6 = sp(v, s, S::AddressPrefixV6);
        match net::parse_v6(t6) {
            Err(e) => out.push(ER_VN_005.at(
                path6,
                match e {
                    PrefixError::WrongFamily => {
                        "This field takes the subnet's IPv6 prefix, e.g. fd00:1::/64.".to_string()
                    }
                    e => prefix_problem(t6, &e),
                },
            )),
            Ok(n) => {
                let net = IpNet::V6(n);
                if net::host_bits_set(&net) {
                    host_bits(path6, &ER_VN_005, &net, out);
                }
                if n.prefix_len() != 64 {
                    let fix = ipnet::Ipv6Net::new(n.network(), 64)
                        .map(|x| x.trunc().to_string())
                        .unwrap_or_default();
                    out.push(
                        ER_VN_005
                            .at(
                                path6,
                                format!(
                                    "IPv6 subnets must be exactly /64; /{} is not allowed.",
                                    n.prefix_len()
                                ),
                            )
                            .with_fix(Fix::replace(format!("Use {fix}"), fix)),
                    );
                }
            }
        }
    }
}

fn region(v: usize, cx: &Ctx, out: &mut Vec<Finding>) {
    let Some(vnet) = cx.d.virtual_networks.get(v) else {
        return;
    };
    let path = vp(v, V::Region);
    if vnet.region.trim().is_empty() {
        out.push(ER_VN_008.at(path, "Select the virtual network's Azure region."));
    } else if catalog::region(&vnet.region).is_none() {
        match catalog::peering_location(&vnet.region) {
            Some(l) => {
                let mut f = ER_VN_008.at(
                    path,
                    format!("{} is a peering location, not an Azure region.", l.name),
                );
                if let Some(r) = l.local_regions.first() {
                    f = f.with_fix(Fix::replace(format!("Use {r}"), *r));
                }
                out.push(f);
            }
            None => out.push(crate::domain::rules::circuit::unknown_region(
                &ER_VN_009,
                path,
                &vnet.region,
            )),
        }
    }
}

/// Checks every subnet named GatewaySubnet (in any letter case), and the VNets that hold a gateway.
fn gateway_subnets(v: usize, cx: &Ctx, out: &mut Vec<Finding>) {
    let Some(vnet) = cx.d.virtual_networks.get(v) else {
        return;
    };
    let gateways = cx.gateways_in_vnet(v);
    let mut circuits: Vec<usize> = Vec::new();
    for g in gateways {
        for (c, _) in cx.circuits_of_gateway(*g) {
            if !circuits.contains(&c) {
                circuits.push(c);
            }
        }
    }
    let gs = vnet
        .subnets
        .iter()
        .position(|s| s.name == GATEWAY_SUBNET)
        .or_else(|| {
            vnet.subnets
                .iter()
                .position(|s| s.name.trim().eq_ignore_ascii_case(GATEWAY_SUBNET))
        });
    for (s, sub) in vnet.subnets.iter().enumerate() {
        if !sub.name.trim().eq_ignore_ascii_case(GATEWAY_SUBNET) {
            continue;
        }
        if sub.name != GATEWAY_SUBNET {
            out.push(
                ER_GS_001.at(
                    sp(v, s, S::Name),
                    format!("Name the gateway's subnet exactly \"GatewaySubnet\" (not \"{}\"): the docs require that spelling, and some tools compare it exactly.", sub.name),
                )
                .with_severity(crate::domain::finding::Severity::Warning)
                .with_fix(Fix::replace("Use \"GatewaySubnet\"", GATEWAY_SUBNET)),
            );
        }
        let current = net::parse_v4(&sub.address_prefix).ok().map(|n| n.trunc());
        if let Some(n) = current {
            if n.prefix_len() > 27 {
                let mut f = ER_GS_002.at(
                    sp(v, s, S::AddressPrefix),
                    format!(
                        "GatewaySubnet {n} is too small: /28 and smaller aren't supported for new gateways{}. Use a /27 or larger.",
                        if gateways.iter().any(|g| cx.d.gateways.get(*g).is_some_and(|x| x.coexist_with_vpn)) {
                            " or for VPN coexistence"
                        } else {
                            ""
                        }
                    ),
                );
                let want = if circuits.len() >= 16 { 26 } else { 27 };
                f = match gateway_subnet_block(cx, v, s, Some(n), want) {
                    Some(b) => f.with_fix(Fix::replace(format!("Use {b}"), b.to_string())),
                    None => f.with_fix(Fix::advice(
                        "Add address space to the VNet for a /27 GatewaySubnet.",
                    )),
                };
                out.push(f);
            }
        }
        for (flag, field, msg, fix) in [
            (
                sub.nsg,
                S::Nsg,
                "A network security group on GatewaySubnet blocks gateway creation.",
                "Remove the NSG",
            ),
            (
                sub.default_route_udr,
                S::DefaultRouteUdr,
                "A route table with a 0.0.0.0/0 route on GatewaySubnet blocks gateway creation.",
                "Remove the 0.0.0.0/0 route",
            ),
            (
                sub.bgp_propagation_disabled,
                S::BgpPropagationDisabled,
                "BGP route propagation must stay enabled on GatewaySubnet; with it disabled the gateway can't be created.",
                "Enable BGP route propagation",
            ),
        ] {
            if flag {
                out.push(
                    ER_GS_005.at(sp(v, s, field), msg)
                        .with_fix(Fix::replace(fix, "false")),
                );
            }
        }
        if sub.service_endpoint_policy {
            out.push(
                ER_GS_006
                    .at(
                        sp(v, s, S::ServiceEndpointPolicy),
                        "Service endpoint policies aren't supported on GatewaySubnet; remove it.",
                    )
                    .with_fix(Fix::replace("Remove the policy", "false")),
            );
        }
    }
    if gateways.is_empty() {
        return;
    }
    let Some(s) = gs else {
        let block = gateway_subnet_block(cx, v, usize::MAX, None, 27);
        out.push(
            ER_GS_001
                .at(
                    vp(v, V::Subnets),
                    format!(
                        "Virtual network {} holds a gateway but has no subnet named GatewaySubnet.",
                        vnet.name
                    ),
                )
                .with_fix(Fix::advice(match block {
                    Some(b) => format!("Add a subnet named GatewaySubnet, e.g. {b}."),
                    None => "Add address space and a /27 subnet named GatewaySubnet.".to_string(),
                })),
        );
        return;
    };
    let Some(sub) = vnet.subnets.get(s) else {
        return;
    };
    let current = net::parse_v4(&sub.address_prefix).ok().map(|n| n.trunc());
    if let Some(n) = current {
        let count = circuits.len();
        if count >= 9 && n.prefix_len() > 26 {
            let mut f = ER_GS_003.at(
                sp(v, s, S::AddressPrefix),
                if count >= 16 {
                    format!("{count} circuits connect to this VNet's gateway: GatewaySubnet must be /26 or larger (it is {n}).")
                } else {
                    format!("{count} circuits connect to this VNet's gateway: a /26 or larger GatewaySubnet is needed once you reach 16 circuits (it is {n}).")
                },
            );
            if count < 16 {
                f = f.with_severity(crate::domain::finding::Severity::Warning);
            }
            if let Some(b) = gateway_subnet_block(cx, v, s, Some(n), 26) {
                f = f.with_fix(Fix::replace(format!("Use {b}"), b.to_string()));
            }
            out.push(f);
        }
    }
    let v6_circuits: Vec<&str> = circuits
        .iter()
        .filter_map(|c| cx.d.circuits.get(*c))
        .filter(|c| {
            c.private_peering
                .as_ref()
                .is_some_and(|p| p.address_family.has_v6())
        })
        .map(|c| c.name.as_str())
        .collect();
    if !v6_circuits.is_empty() && sub.address_prefix_v6.trim().is_empty() {
        let has_v6_space = cx
            .spaces
            .get(v)
            .is_some_and(|x| x.iter().any(|p| matches!(p.net, IpNet::V6(_))));
        out.push(
            ER_GS_004.at(
                sp(v, s, S::AddressPrefixV6),
                format!(
                    "IPv6 private peering on {} reaches this VNet only through a dual-stack GatewaySubnet (until then the connection carries IPv4 only): add an IPv6 /64{}.",
                    list_names(&v6_circuits, 3),
                    if has_v6_space {
                        ""
                    } else {
                        " (and an IPv6 address space to the VNet first)"
                    }
                ),
            )
            .with_fix(Fix::advice("Add an IPv6 /64 from the VNet's IPv6 space, e.g. fd00:db8:1:ffff::/64.")),
        );
    }
}

/// U8: in a design read from a template or `az` output, a GatewaySubnet of /28 or /29 may exist
/// already (it keeps working; only new gateways need /27), so its ER-GS-002 is a warning.
pub fn soften_imported_gateway_subnets(d: &Design, findings: &mut [Finding]) {
    for f in findings.iter_mut().filter(|f| f.code == ER_GS_002.code) {
        let Some(FieldPath::Vnet(v, Some(VnetField::Subnet(s, Some(S::AddressPrefix))))) =
            FieldPath::parse(&f.path)
        else {
            continue;
        };
        let small = d
            .virtual_networks
            .get(v)
            .and_then(|vnet| vnet.subnets.get(s))
            .is_some_and(|sub| {
                net::parse_v4(&sub.address_prefix).is_ok_and(|n| matches!(n.prefix_len(), 28 | 29))
            });
        if small {
            f.severity = crate::domain::finding::Severity::Warning;
            f.message.push_str(
                " Imported: if this GatewaySubnet exists already it keeps working; a new gateway deployment needs /27.",
            );
        }
    }
}

/// Runs the §8.1 (non-overlap) and §8.2 rules on every virtual network.
pub(crate) fn check(cx: &Ctx, out: &mut Vec<Finding>) {
    let ranges = Ranges::new();
    for (v, vnet) in cx.d.virtual_networks.iter().enumerate() {
        if let Some(f) = check_field_name(&ER_N_002, NAME_2_64, vp(v, V::Name), &vnet.name) {
            out.push(f);
        }
        region(v, cx, out);
        address_spaces(v, cx, &ranges, out);
        subnet_prefixes(v, cx, out);
        gateway_subnets(v, cx, out);
    }
}

#[cfg(test)]
#[allow(clippy::type_complexity)] // table-driven test rows
mod tests {
    use super::super::testkit::*;
    use super::*;
    use crate::domain::finding::Severity;
    use crate::domain::model::AddressFamily;

    fn n4(s: &str) -> Ipv4Net {
        s.parse().unwrap()
    }

    #[test]
    fn suggestion_finds_lowest_free_aligned_block() {
        let cases: &[(&[&str], &[&str], u8, Option<&str>)] = &[
            (&["10.1.0.0/16"], &[], 27, Some("10.1.0.0/27")),
            (&["10.1.0.0/16"], &["10.1.0.0/24"], 27, Some("10.1.1.0/27")),
            (
                &["10.1.0.0/16"],
                &["10.1.0.0/24", "10.1.1.0/28"],
                27,
                Some("10.1.1.32/27"),
            ),
            (
                &["10.1.0.0/24"],
                &["10.1.0.0/25", "10.1.0.128/26"],
                27,
                Some("10.1.0.192/27"),
            ),
            (&["10.1.0.0/24"], &["10.1.0.0/24"], 27, None),
            (&["10.1.0.0/28"], &[], 27, None),
            (
                &["10.2.0.0/24", "10.1.0.0/24"],
                &["10.1.0.0/24"],
                27,
                Some("10.2.0.0/27"),
            ),
            (
                &["10.1.0.0/16"],
                &["10.1.0.0/24", "10.1.0.64/26"],
                26,
                Some("10.1.1.0/26"),
            ),
            (
                &["255.255.255.0/24"],
                &["255.255.255.0/25"],
                27,
                Some("255.255.255.128/27"),
            ),
            (&["255.255.255.224/27"], &[], 27, Some("255.255.255.224/27")),
            (&["0.0.0.0/0"], &["0.0.0.0/1"], 1, Some("128.0.0.0/1")),
            (&["10.1.0.0/16"], &[], 33, None),
        ];
        for (spaces, used, len, want) in cases {
            let spaces: Vec<Ipv4Net> = spaces.iter().map(|s| n4(s)).collect();
            let used: Vec<Ipv4Net> = used.iter().map(|s| n4(s)).collect();
            let got = suggest_gateway_subnet(&spaces, &used, *len).map(|n| n.to_string());
            assert_eq!(got.as_deref(), *want, "{spaces:?} {used:?} /{len}");
        }
    }

    #[test]
    fn suggestion_is_fast_for_many_subnets() {
        // Every /24 of 10.0.0.0/8 but 10.1.0.0/24.
        let used: Vec<Ipv4Net> = (0..65_536u32)
            .filter(|i| *i != 256)
            .map(|i| Ipv4Net::new(Ipv4Addr::from(0x0A00_0000 + i * 256), 24).unwrap())
            .collect();
        let got = suggest_gateway_subnet(&[n4("10.0.0.0/8")], &used, 27);
        assert_eq!(got, Some(n4("10.1.0.0/27")));
    }

    #[test]
    fn gateway_subnet_sizes() {
        let cases: &[(&str, Option<&str>)] = &[
            ("10.1.255.0/26", None),
            ("10.1.255.0/27", None),
            ("10.1.255.0/28", Some("10.1.255.0/27")),
            ("10.1.255.0/29", Some("10.1.255.0/27")),
            ("10.1.255.16/28", Some("10.1.255.0/27")),
        ];
        for (prefix, fix) in cases {
            let mut d = base();
            d.virtual_networks[0].subnets[1].address_prefix = prefix.to_string();
            let got = paths(&d, "ER-GS-002");
            if fix.is_some() {
                assert_eq!(
                    got,
                    vec![(
                        "virtualNetworks[0].subnets[1].addressPrefix".to_string(),
                        Severity::Error
                    )],
                    "{prefix}"
                );
            } else {
                assert!(got.is_empty(), "{prefix}: {got:?}");
            }
            assert_eq!(fix_value(&d, "ER-GS-002").as_deref(), *fix, "{prefix}");
        }
        // The containing /27 is taken by another subnet: the lowest free /27 is proposed.
        let mut d = base();
        d.virtual_networks[0].subnets[1].address_prefix = "10.1.0.0/28".into();
        d.virtual_networks[0].subnets[0].address_prefix = "10.1.0.16/28".into();
        assert_eq!(fix_value(&d, "ER-GS-002").as_deref(), Some("10.1.0.32/27"));
        // Coexistence is mentioned.
        d.gateways[0].coexist_with_vpn = true;
        assert!(with_code(&d, "ER-GS-002")[0]
            .message
            .contains("VPN coexistence"));
    }

    #[test]
    fn gateway_subnet_name() {
        let mut d = base();
        d.virtual_networks[0].subnets[1].name = "gatewaysubnet".into();
        assert_eq!(
            paths(&d, "ER-GS-001"),
            vec![(
                "virtualNetworks[0].subnets[1].name".to_string(),
                Severity::Warning
            )]
        );
        assert_eq!(fix_value(&d, "ER-GS-001").as_deref(), Some("GatewaySubnet"));
        d.virtual_networks[0].subnets[1].name = "GatewaySubnet".into();
        assert!(paths(&d, "ER-GS-001").is_empty());
        d.virtual_networks[0].subnets[1].name = "GatewaySubnet2".into();
        assert_eq!(
            paths(&d, "ER-GS-001"),
            vec![("virtualNetworks[0].subnets".to_string(), Severity::Error)]
        );
        let f = &with_code(&d, "ER-GS-001")[0];
        assert!(
            f.fix.as_ref().unwrap().label.contains("10.1.1.0/27"),
            "{f:?}"
        );
        // No gateway in the VNet: no GatewaySubnet needed.
        d.gateways.clear();
        d.connections.clear();
        assert!(paths(&d, "ER-GS-001").is_empty());
    }

    #[test]
    fn gateway_subnet_for_many_circuits() {
        for (n, prefix, want) in [
            (8, "10.1.255.0/27", None),
            (9, "10.1.255.0/27", Some(Severity::Warning)),
            (15, "10.1.255.0/27", Some(Severity::Warning)),
            (16, "10.1.255.0/27", Some(Severity::Error)),
            (16, "10.1.255.0/26", None),
            (9, "10.1.255.0/26", None),
        ] {
            let mut d = base();
            d.gateways[0].sku = crate::domain::model::GatewaySku::ErGw3AZ;
            d.virtual_networks[0].subnets[1].address_prefix = prefix.into();
            d.connections.clear();
            for i in 0..n {
                let mut c = d.circuits[0].clone();
                c.name = format!("er-{i}");
                if i > 0 {
                    d.circuits.push(c);
                } else {
                    d.circuits[0] = c;
                }
                d.connections
                    .push(connection(&format!("cn-{i}"), "gw-hub", &format!("er-{i}")));
            }
            let got = paths(&d, "ER-GS-003");
            match want {
                None => assert!(got.is_empty(), "{n} {prefix}: {got:?}"),
                Some(sev) => {
                    assert_eq!(
                        got,
                        vec![(
                            "virtualNetworks[0].subnets[1].addressPrefix".to_string(),
                            sev
                        )],
                        "{n} {prefix}"
                    );
                    assert_eq!(fix_value(&d, "ER-GS-003").as_deref(), Some("10.1.255.0/26"));
                }
            }
        }
    }

    #[test]
    fn gateway_subnet_flags() {
        let cases: &[(fn(&mut crate::domain::model::Subnet), &str, &str)] = &[
            (|s| s.nsg = true, "ER-GS-005", "nsg"),
            (
                |s| s.default_route_udr = true,
                "ER-GS-005",
                "defaultRouteUdr",
            ),
            (
                |s| s.bgp_propagation_disabled = true,
                "ER-GS-005",
                "bgpPropagationDisabled",
            ),
            (
                |s| s.service_endpoint_policy = true,
                "ER-GS-006",
                "serviceEndpointPolicy",
            ),
        ];
        for (set, code, field) in cases {
            let mut d = base();
            set(&mut d.virtual_networks[0].subnets[1]);
            assert_eq!(
                problems(&d),
                vec![(*code, format!("virtualNetworks[0].subnets[1].{field}"))]
            );
            // The same flags on a workload subnet are fine.
            let mut d = base();
            set(&mut d.virtual_networks[0].subnets[0]);
            assert!(problems(&d).is_empty(), "{field} on a workload subnet");
        }
    }

    /// U8: a design read from a template or `az` output may describe a GatewaySubnet that
    /// exists already: /28 and /29 are warnings there, errors in a new design; /30 and smaller
    /// stay errors (they can't hold a gateway), /27 and larger are clean.
    #[test]
    fn imported_gateway_subnet_sizes() {
        let cases: &[(&str, Option<Severity>, Option<Severity>)] = &[
            // (prefix, new design, imported)
            ("10.1.255.0/26", None, None),
            ("10.1.255.0/27", None, None),
            (
                "10.1.255.0/28",
                Some(Severity::Error),
                Some(Severity::Warning),
            ),
            (
                "10.1.255.0/29",
                Some(Severity::Error),
                Some(Severity::Warning),
            ),
        ];
        for (prefix, new, imported) in cases {
            let mut d = base();
            d.virtual_networks[0].subnets[1].address_prefix = prefix.to_string();
            let sev = |fs: Vec<Finding>| {
                fs.into_iter()
                    .find(|f| f.code == "ER-GS-002")
                    .map(|f| f.severity)
            };
            assert_eq!(sev(run(&d)), *new, "{prefix} new");
            let mut fs = run(&d);
            soften_imported_gateway_subnets(&d, &mut fs);
            assert_eq!(sev(fs), *imported, "{prefix} imported");
        }
        // Through the engine's entry points.
        let mut d = base();
        d.virtual_networks[0].subnets[1].address_prefix = "10.1.255.0/28".into();
        let gs2 = |fs: Vec<Finding>| fs.into_iter().filter(|f| f.code == "ER-GS-002").count();
        let errors = |fs: &[Finding]| {
            fs.iter()
                .filter(|f| f.code == "ER-GS-002" && f.severity == Severity::Error)
                .count()
        };
        assert_eq!(errors(&crate::domain::rules::validate(&d)), 1);
        assert_eq!(errors(&crate::domain::rules::validate_imported(&d)), 0);
        assert_eq!(gs2(crate::domain::rules::validate_imported(&d)), 1);
    }

    /// U22: an IPv4-only VNet linked to a dual-stack circuit is not an error: Azure connects
    /// it over IPv4. One warning on the GatewaySubnet (ER-GS-004), one on the VNet (ER-PP-009).
    #[test]
    fn ipv4_only_vnet_on_a_dual_stack_circuit_is_a_warning() {
        let mut d = base();
        d.circuits[0]
            .private_peering
            .as_mut()
            .unwrap()
            .address_family = AddressFamily::Both;
        let all = crate::domain::rules::validate(&d);
        let on_gs: Vec<(&str, Severity)> = all
            .iter()
            .filter(|f| f.path == "virtualNetworks[0].subnets[1].addressPrefixV6")
            .map(|f| (f.code, f.severity))
            .collect();
        assert_eq!(on_gs, vec![("ER-GS-004", Severity::Warning)]);
        assert!(
            all.iter()
                .all(|f| f.severity != Severity::Error || !f.path.starts_with("virtualNetworks")),
            "{all:?}"
        );
    }

    #[test]
    fn gateway_subnet_ipv6() {
        let mut d = base();
        d.circuits[0]
            .private_peering
            .as_mut()
            .unwrap()
            .address_family = AddressFamily::Both;
        assert_eq!(
            problems(&d),
            vec![(
                "ER-GS-004",
                "virtualNetworks[0].subnets[1].addressPrefixV6".to_string()
            )]
        );
        assert!(with_code(&d, "ER-GS-004")[0]
            .message
            .contains("IPv6 address space"));
        d.virtual_networks[0]
            .address_spaces
            .push("fd00:1::/48".into());
        d.virtual_networks[0].subnets[1].address_prefix_v6 = "fd00:1:0:ffff::/64".into();
        assert!(problems(&d).is_empty(), "{:?}", problems(&d));
        d.virtual_networks[0].subnets[1].address_prefix_v6 = "fd00:1:0:ff00::/56".into();
        assert_eq!(
            problems(&d),
            vec![(
                "ER-VN-005",
                "virtualNetworks[0].subnets[1].addressPrefixV6".to_string()
            )]
        );
        assert_eq!(
            fix_value(&d, "ER-VN-005").as_deref(),
            Some("fd00:1:0:ff00::/64")
        );
    }

    #[test]
    fn address_spaces_rules() {
        let cases: &[(&str, Option<(&str, Severity)>)] = &[
            ("10.3.0.0/16", None),
            ("172.16.0.0/12", None),
            ("100.64.0.0/10", None),
            ("224.0.0.0/4", Some(("ER-VN-001", Severity::Error))),
            ("239.1.0.0/16", Some(("ER-VN-001", Severity::Error))),
            ("127.0.0.0/8", Some(("ER-VN-001", Severity::Error))),
            ("169.254.0.0/16", Some(("ER-VN-001", Severity::Error))),
            ("168.63.129.16/32", Some(("ER-VN-001", Severity::Error))),
            ("168.63.128.0/22", Some(("ER-VN-001", Severity::Error))),
            ("255.255.255.255/32", Some(("ER-VN-001", Severity::Error))),
            ("128.0.0.0/1", Some(("ER-VN-001", Severity::Error))),
            ("abc", Some(("ER-VN-001", Severity::Error))),
            ("10.1.0.0", Some(("ER-VN-001", Severity::Error))),
            ("20.1.0.0/16", Some(("ER-VN-002", Severity::Info))),
            ("fd00:1::/48", None),
        ];
        for (space, want) in cases {
            let mut d = base();
            d.virtual_networks[0].address_spaces.push(space.to_string());
            let got: Vec<(&str, Severity)> = run(&d)
                .into_iter()
                .filter(|f| f.path == "virtualNetworks[0].addressSpaces[1]")
                .map(|f| (f.code, f.severity))
                .collect();
            assert_eq!(got, want.iter().copied().collect::<Vec<_>>(), "{space}");
        }
        let mut d = base();
        d.virtual_networks[0].address_spaces = vec!["10.1.0.1/16".into()];
        assert_eq!(
            problems(&d),
            vec![(
                "ER-VN-001",
                "virtualNetworks[0].addressSpaces[0]".to_string()
            )]
        );
        assert_eq!(fix_value(&d, "ER-VN-001").as_deref(), Some("10.1.0.0/16"));
        d.virtual_networks[0].address_spaces.clear();
        assert!(problems(&d).contains(&("ER-VN-001", "virtualNetworks[0].addressSpaces".into())));
    }

    #[test]
    fn subnet_prefix_rules() {
        let cases: &[(&str, Option<&str>)] = &[
            ("10.1.0.0/24", None),
            ("10.1.0.0/29", None),
            ("10.1.0.0/30", Some("10.1.0.0/29")),
            ("10.1.0.8/32", Some("10.1.0.8/29")),
            ("10.1.0.1/24", Some("10.1.0.0/24")),
            ("", None),
            ("fd00::/64", None),
            ("10.1.0/24", None),
        ];
        for (prefix, fix) in cases {
            let mut d = base();
            d.virtual_networks[0].subnets[0].address_prefix = prefix.to_string();
            let got = paths(&d, "ER-VN-005");
            let ok = ["10.1.0.0/24", "10.1.0.0/29"].contains(prefix);
            assert_eq!(got.is_empty(), ok, "{prefix}: {got:?}");
            if !ok {
                assert_eq!(got[0].0, "virtualNetworks[0].subnets[0].addressPrefix");
            }
            assert_eq!(fix_value(&d, "ER-VN-005").as_deref(), *fix, "{prefix}");
        }
    }

    #[test]
    fn names_and_region() {
        let mut d = base();
        d.virtual_networks[0].name = "v".into();
        d.virtual_networks[0].subnets[0].name = "bad name".into();
        d.gateways[0].virtual_network = "v".into();
        assert_eq!(
            problems(&d),
            vec![
                ("ER-N-002", "virtualNetworks[0].name".to_string()),
                ("ER-N-001", "virtualNetworks[0].subnets[0].name".to_string()),
            ]
        );
        let mut d = base();
        for (region, code, severity, fix) in [
            ("", "ER-VN-008", Severity::Error, None),
            (
                "Amsterdam",
                "ER-VN-008",
                Severity::Error,
                Some("West Europe"),
            ),
            // Not in the dated list: a warning (U19), never an error.
            ("Mars", "ER-VN-009", Severity::Warning, None),
        ] {
            d.virtual_networks[0].region = region.into();
            assert_eq!(
                paths(&d, code),
                vec![("virtualNetworks[0].region".to_string(), severity)],
                "{region}"
            );
            assert_eq!(fix_value(&d, code).as_deref(), fix);
        }
        for region in ["Chile Central", "austriaeast"] {
            d.virtual_networks[0].region = region.into();
            assert!(paths(&d, "ER-VN-008").is_empty(), "{region}");
            assert!(paths(&d, "ER-VN-009").is_empty(), "{region}");
        }
    }
}
