//! Every cross-object address-range check, in O(n log n): PP2 (peering subnets vs VNets), MP2 and
//! D3 (peering subnets reused), GR1/GR2 overlaps, §8.1 (subnets inside their VNet and apart, VNet
//! spaces apart, VNet spaces vs on-premises routes), and PP6 / L1 (the on-premises route list).
//! The rules are declared with their families (peering, VNet, dual-circuit, limits modules).
//!
//! Two tools do the work. [`net::find_overlaps`] (sort and sweep) finds overlaps *within* one list.
//! [`SpanIndex`] answers "which range of this set overlaps / contains / lies inside that prefix"
//! in O(log n) after an O(n log n) sort, for one list against another. Nothing loops over pairs.
//!
//! Decisions:
//! * PP2 compares a circuit's private-peering subnets with the address spaces of **every** VNet
//!   of the design, not only the VNets linked to that circuit: the routing doc says the peering
//!   ranges "can't overlap with address ranges used for virtual networks in Azure", and a VNet
//!   that isn't linked yet is usually linked later or reached through peering or Global Reach.
//!   The message says whether the VNet is linked to the circuit.
//! * On-premises routes conflict with a VNet space (ER-VN-007) only when the route is the same as
//!   the space or lies inside it. A shorter on-premises route that covers a VNet (a summary such
//!   as 10.0.0.0/8, or the default route) is normal: Azure prefers the VNet's own, longer route.
//!   For the Global Reach /29 such a covering route is a warning (the /29 may be in use there);
//!   the default route is ignored.

use crate::domain::sorted::VecSet;

use std::net::Ipv4Addr;

use ipnet::{IpNet, Ipv4Net};

use super::global_reach::{ER_GR_001, ER_GR_002};
use super::{thousands, Ctx, Prefix};
use crate::domain::field::{
    peering, FieldPath, GlobalReachKey, List, PeeringKey, Side, SubnetKey, VnetField,
};
use crate::domain::finding::{Finding, Fix, Severity};
use crate::domain::limits;
use crate::domain::model::{Peering, SkuTier, SubnetMode};
use crate::domain::net::{self, find_overlaps, span, Placed, PrefixError};
use crate::domain::rules::limits::ER_L_001;
use crate::domain::rules::network::connection::ER_DC_003;
use crate::domain::rules::network::vnet::{ER_VN_003, ER_VN_004, ER_VN_006, ER_VN_007};
use crate::domain::rules::peering::microsoft::ER_MP_002;
use crate::domain::rules::peering::private::{ER_PP_002, ER_PP_006};

/// Ranges of one address family, sorted by (start, end), with a running maximum of the end.
#[derive(Debug, Default)]
struct Family {
    /// (start, end, tag), sorted.
    items: Vec<(u128, u128, usize)>,
    /// For each i, the position in `items[..=i]` with the largest end.
    max_end: Vec<usize>,
}

impl Family {
    fn build(mut items: Vec<(u128, u128, usize)>) -> Self {
        // The standard sort, not `sorted::sort`: this list grows with the design (10,000
        // on-premises routes), where the heapsort took 2.4 ms more (`cargo bench --bench rules`).
        items.sort_unstable();
        let mut max_end = Vec::with_capacity(items.len());
        let mut best = 0usize;
        for (i, it) in items.iter().enumerate() {
            if items.get(best).is_none_or(|b| it.1 > b.1) {
                best = i;
            }
            max_end.push(best);
        }
        Family { items, max_end }
    }

    /// The entry with the largest end among the first `k` items.
    fn widest(&self, k: usize) -> Option<(u128, u128, usize)> {
        let j = *self.max_end.get(k.checked_sub(1)?)?;
        self.items.get(j).copied()
    }
}

/// A set of prefixes (IPv4 and IPv6 kept apart) answering overlap queries in O(log n).
#[derive(Debug, Default)]
pub(crate) struct SpanIndex {
    v4: Family,
    v6: Family,
}

impl SpanIndex {
    /// Indexes `(prefix, tag)` pairs.
    pub fn new(items: impl IntoIterator<Item = (IpNet, usize)>) -> Self {
        let (mut a, mut b) = (Vec::new(), Vec::new());
        for (n, tag) in items {
            let (fam, s, e) = span(&n);
            if fam == 4 { &mut a } else { &mut b }.push((s, e, tag));
        }
        SpanIndex {
            v4: Family::build(a),
            v6: Family::build(b),
        }
    }

    fn family(&self, net: &IpNet) -> (&Family, u128, u128) {
        let (fam, s, e) = span(net);
        (if fam == 4 { &self.v4 } else { &self.v6 }, s, e)
    }

    /// The tag of some indexed prefix sharing an address with `net`.
    pub fn overlapping(&self, net: &IpNet) -> Option<usize> {
        let (f, s, e) = self.family(net);
        let k = f.items.partition_point(|x| x.0 <= e);
        f.widest(k).filter(|w| w.1 >= s).map(|w| w.2)
    }

    /// The tag of some indexed prefix that contains `net` (or equals it).
    pub fn containing(&self, net: &IpNet) -> Option<usize> {
        let (f, s, e) = self.family(net);
        let k = f.items.partition_point(|x| x.0 <= s);
        f.widest(k).filter(|w| w.1 >= e).map(|w| w.2)
    }

    /// How many indexed prefixes lie inside `net` (or equal it), and the tag of the first one.
    pub fn within(&self, net: &IpNet) -> (usize, Option<usize>) {
        let (f, s, e) = self.family(net);
        let it = &f.items;
        // Same start as `net`: contained while the end is ≤ e (sorted by end).
        let a = it.partition_point(|x| x.0 < s);
        let b = it.partition_point(|x| (x.0, x.1) <= (s, e));
        // Later starts inside `net`: prefixes nest, so they are contained.
        let d = it.partition_point(|x| x.0 <= s);
        let c = it.partition_point(|x| x.0 <= e).max(d);
        let count = b.saturating_sub(a) + c.saturating_sub(d);
        let first = if b > a {
            it.get(a)
        } else {
            it.get(d).filter(|_| c > d)
        };
        (count, first.map(|x| x.2))
    }
}

/// A peering subnet of some circuit.
struct PeerSubnet {
    circuit: usize,
    microsoft: bool,
    /// The subnet's field of the peering, e.g. `primarySubnet`.
    key: PeeringKey,
    net: IpNet,
    text: String,
}

impl PeerSubnet {
    fn path(&self) -> FieldPath {
        let side = if self.microsoft {
            Side::Microsoft
        } else {
            Side::Private
        };
        peering(self.circuit, side, self.key)
    }

    /// The field in words for messages: "private peering, primary subnet".
    fn words(&self) -> String {
        let peering = if self.microsoft {
            "Microsoft peering"
        } else {
            "private peering"
        };
        let which = match self.key {
            PeeringKey::PrimarySubnet => "primary subnet",
            PeeringKey::SecondarySubnet => "secondary subnet",
            PeeringKey::Subnet29 => "/29 subnet",
            PeeringKey::PrimarySubnetV6 => "primary IPv6 subnet",
            PeeringKey::SecondarySubnetV6 => "secondary IPv6 subnet",
            _ => "subnet",
        };
        format!("{peering}, {which}")
    }
}

fn peering_subnets(cx: &Ctx) -> Vec<PeerSubnet> {
    let mut v = Vec::new();
    let mut add = |circuit: usize, microsoft: bool, p: &Peering| {
        let mut fields: Vec<(PeeringKey, &str, bool)> = Vec::new();
        if p.address_family.has_v4() {
            match p.subnet_mode {
                SubnetMode::TwoSlash30 => {
                    fields.push((PeeringKey::PrimarySubnet, &p.primary_subnet, false));
                    fields.push((PeeringKey::SecondarySubnet, &p.secondary_subnet, false));
                }
                SubnetMode::OneSlash29 => fields.push((PeeringKey::Subnet29, &p.subnet29, false)),
            }
        }
        if p.address_family.has_v6() {
            fields.push((PeeringKey::PrimarySubnetV6, &p.primary_subnet_v6, true));
            fields.push((PeeringKey::SecondarySubnetV6, &p.secondary_subnet_v6, true));
        }
        for (key, text, v6) in fields {
            let Ok(n) = net::parse_any(text) else {
                continue;
            };
            if matches!(n, IpNet::V6(_)) != v6 {
                continue;
            }
            v.push(PeerSubnet {
                circuit,
                microsoft,
                key,
                net: n.trunc(),
                text: n.trunc().to_string(),
            });
        }
    };
    for (i, c) in cx.d.circuits.iter().enumerate() {
        if let Some(p) = &c.private_peering {
            add(i, false, p);
        }
        if let Some(m) = &c.microsoft_peering {
            add(i, true, &m.peering);
        }
    }
    v
}

/// A VNet address space, flattened over all VNets.
#[derive(Clone, Copy)]
struct Space {
    vnet: usize,
    p: Prefix,
}

fn space_path(s: &Space) -> FieldPath {
    FieldPath::Vnet(s.vnet, Some(VnetField::AddressSpace(s.p.index)))
}

/// The path of subnet `s` of VNet `v`'s field `key`.
fn subnet_path(v: usize, s: usize, key: SubnetKey) -> FieldPath {
    FieldPath::Vnet(v, Some(VnetField::Subnet(s, Some(key))))
}

/// §8.1: subnets inside their VNet, subnets apart, a VNet's own spaces apart.
fn within_vnets(cx: &Ctx, out: &mut Vec<Finding>) {
    for (v, spaces) in cx.spaces.iter().enumerate() {
        let idx = SpanIndex::new(spaces.iter().map(|p| (p.net, p.index)));
        let has = |v6: bool| spaces.iter().any(|p| matches!(p.net, IpNet::V6(_)) == v6);
        let empty = Vec::new();
        let s4 = cx.subnets_v4.get(v).unwrap_or(&empty);
        let s6 = cx.subnets_v6.get(v).unwrap_or(&empty);
        for (list, v6, field) in [
            (s4, false, SubnetKey::AddressPrefix),
            (s6, true, SubnetKey::AddressPrefixV6),
        ] {
            if !has(v6) && (v6 || spaces.is_empty()) {
                if v6 {
                    for p in list {
                        out.push(ER_VN_003.at(
                            subnet_path(v, p.index, field),
                            "The VNet has no IPv6 address space: add one before giving subnets IPv6 prefixes.",
                        ));
                    }
                }
                continue;
            }
            for p in list {
                if idx.containing(&p.net).is_none() {
                    out.push(ER_VN_003.at(
                        subnet_path(v, p.index, field),
                        format!(
                            "{} is outside the address space of virtual network {}.",
                            p.net,
                            cx.vnet_name(v)
                        ),
                    ).with_fix(Fix::advice("Pick a prefix inside the VNet's address space, or add a space that covers it.")));
                }
            }
        }
        // Subnets apart (both families in one sweep; families never overlap).
        let items: Vec<Placed<(usize, SubnetKey)>> = s4
            .iter()
            .map(|p| (p, SubnetKey::AddressPrefix))
            .chain(s6.iter().map(|p| (p, SubnetKey::AddressPrefixV6)))
            .map(|(p, f)| Placed {
                net: p.net,
                kind: 0,
                tag: (p.index, f),
            })
            .collect();
        for (a, b) in find_overlaps(&items, |_, _| true) {
            let (later, other) = if a.tag.0 > b.tag.0 { (a, b) } else { (b, a) };
            if later.tag.0 == other.tag.0 {
                continue;
            }
            let other_name =
                cx.d.virtual_networks
                    .get(v)
                    .and_then(|x| x.subnets.get(other.tag.0))
                    .map_or("", |s| s.name.as_str());
            out.push(ER_VN_004.at(
                subnet_path(v, later.tag.0, later.tag.1),
                format!(
                    "{} overlaps subnet {other_name} ({}).",
                    later.net, other.net
                ),
            ));
        }
        // The VNet's own spaces apart.
        let items: Vec<Placed<usize>> = spaces
            .iter()
            .map(|p| Placed {
                net: p.net,
                kind: 0,
                tag: p.index,
            })
            .collect();
        for (a, b) in find_overlaps(&items, |_, _| true) {
            let (later, other) = if a.tag > b.tag { (a, b) } else { (b, a) };
            let f = ER_VN_006.at(
                FieldPath::Vnet(v, Some(VnetField::AddressSpace(later.tag))),
                format!(
                    "{} overlaps {} (address space {}) of the same virtual network.",
                    later.net,
                    other.net,
                    other.tag + 1
                ),
            );
            // Inside the other space (or equal to it), this entry adds nothing: it goes.
            out.push(if other.net.contains(&later.net) {
                f.with_fix(Fix::remove("Remove this address space"))
            } else {
                f
            });
        }
    }
}

/// VN6 across VNets: spaces of different VNets linked to the same circuit.
fn across_vnets(cx: &Ctx, out: &mut Vec<Finding>) {
    let mut seen: VecSet<(usize, usize, usize, usize)> = VecSet::new();
    for c in 0..cx.d.circuits.len() {
        let vnets = cx.vnets_of_circuit(c);
        if vnets.len() < 2 {
            continue;
        }
        let items: Vec<Placed<Space>> = vnets
            .iter()
            .flat_map(|v| {
                cx.spaces.get(*v).into_iter().flatten().map(|p| Placed {
                    net: p.net,
                    kind: 0,
                    tag: Space { vnet: *v, p: *p },
                })
            })
            .collect();
        for (a, b) in find_overlaps(&items, |_, _| true) {
            if a.tag.vnet == b.tag.vnet {
                continue;
            }
            let ka = (a.tag.vnet, a.tag.p.index);
            let kb = (b.tag.vnet, b.tag.p.index);
            let (later, other) = if ka > kb {
                (&a.tag, &b.tag)
            } else {
                (&b.tag, &a.tag)
            };
            if !seen.insert((later.vnet, later.p.index, other.vnet, other.p.index)) {
                continue;
            }
            out.push(
                ER_VN_006.at(
                    space_path(later),
                    format!(
                        "{} overlaps {} of virtual network {}; both are linked to circuit {}, so their routes would clash.",
                        later.p.net,
                        other.p.net,
                        cx.vnet_name(other.vnet),
                        cx.circuit_name(c)
                    ),
                )
                .with_fix(Fix::advice("Give every VNet behind a circuit its own address range.")),
            );
        }
    }
}

/// Reads the plain form `a.b.c.d/n` (decimal octets without leading zeros, length 0–32) in one
/// pass; `None` for anything else, which the caller hands to [`net::parse_any`]. Gives exactly
/// what `parse_any` gives for the inputs it accepts (tested below), several times faster: route
/// lists run to 10,000 lines.
fn fast_v4(text: &str) -> Option<Ipv4Net> {
    let b = text.as_bytes();
    let mut i = 0usize;
    let number = |i: &mut usize, max_digits: usize| -> Option<u32> {
        let start = *i;
        let mut v = 0u32;
        while let Some(d) = b.get(*i).filter(|c| c.is_ascii_digit()) {
            if *i - start == max_digits {
                return None;
            }
            v = v * 10 + u32::from(d - b'0');
            *i += 1;
        }
        let len = *i - start;
        (len > 0 && !(len > 1 && b.get(start) == Some(&b'0'))).then_some(v)
    };
    let mut addr = 0u32;
    for sep in [b'.', b'.', b'.', b'/'] {
        let v = number(&mut i, 3).filter(|v| *v <= 255)?;
        addr = (addr << 8) | v;
        if b.get(i) != Some(&sep) {
            return None;
        }
        i += 1;
    }
    let len = number(&mut i, 2).filter(|n| *n <= 32)?;
    if i != b.len() {
        return None;
    }
    Ipv4Net::new(Ipv4Addr::from(addr), u8::try_from(len).ok()?).ok()
}

/// The planned on-premises routes, parsed (L1 findings for bad ones).
fn on_prem_routes(cx: &Ctx, out: &mut Vec<Finding>) -> Vec<(usize, IpNet)> {
    let mut routes = Vec::with_capacity(cx.d.on_prem_routes.len());
    for (k, text) in cx.d.on_prem_routes.iter().enumerate() {
        let parsed = match fast_v4(text.trim()) {
            Some(n) => Ok(IpNet::V4(n)),
            None => net::parse_any(text),
        };
        match parsed {
            Ok(n) => {
                if net::host_bits_set(&n) {
                    let fixed = n.trunc().to_string();
                    out.push(
                        ER_L_001
                            .at(
                                FieldPath::OnPremRoute(k),
                                format!("{n} has host bits set: the route is {fixed}."),
                            )
                            .with_fix(Fix::replace(format!("Use {fixed}"), fixed)),
                    );
                }
                routes.push((k, n.trunc()));
            }
            Err(e) => {
                let empty = e == PrefixError::Empty;
                let f = ER_L_001.at(
                    FieldPath::OnPremRoute(k),
                    match e {
                        PrefixError::Empty => {
                            "Enter a prefix or remove the empty line.".to_string()
                        }
                        PrefixError::MissingLength => {
                            format!("\"{}\" needs a prefix length, e.g. /24.", text.trim())
                        }
                        _ => format!("\"{}\" is not an IP prefix.", text.trim()),
                    },
                );
                out.push(if empty {
                    f.with_fix(Fix::remove("Remove the empty line"))
                } else {
                    f
                });
            }
        }
    }
    routes
}

/// PP6: the number of planned routes against each circuit that carries them.
fn route_counts(cx: &Ctx, routes: &[(usize, IpNet)], out: &mut Vec<Finding>) {
    let v4 = routes
        .iter()
        .filter(|(_, n)| matches!(n, IpNet::V4(_)))
        .count();
    let v6 = routes.len() - v4;
    for (i, c) in cx.d.circuits.iter().enumerate() {
        let linked = !cx.connections_of_circuit(i).is_empty();
        if c.private_peering.is_none() && !c.provider_managed_routing && !linked {
            continue;
        }
        let carries_v6 = c
            .private_peering
            .as_ref()
            .is_none_or(|p| p.address_family.has_v6());
        let tier = match c.sku_tier {
            SkuTier::Premium => "Premium",
            SkuTier::Local => "Local",
            _ => "Standard",
        };
        let v4_limit = limits::on_prem_v4_limit(c.sku_tier) as usize;
        if v4 > v4_limit {
            let premium = limits::on_prem_v4_limit(SkuTier::Premium) as usize;
            let advice = if c.sku_tier != SkuTier::Premium && v4 <= premium {
                format!(
                    "Summarise the routes, or use Premium on {} (up to {}).",
                    c.name,
                    thousands(premium as u64)
                )
            } else {
                "Summarise the routes on your routers before advertising them.".to_string()
            };
            out.push(
                ER_PP_006.at(
                    FieldPath::List(List::OnPremRoutes),
                    format!(
                        "{} IPv4 on-premises routes are planned, but {tier} circuit {} accepts {}: above that the BGP session goes down.",
                        thousands(v4 as u64),
                        c.name,
                        thousands(v4_limit as u64)
                    ),
                )
                .with_fix(Fix::advice(advice)),
            );
        }
        let v6_limit = limits::on_prem_v6_limit(c.sku_tier) as usize;
        if carries_v6 && v6 > v6_limit {
            out.push(
                ER_PP_006.at(
                    FieldPath::List(List::OnPremRoutes),
                    format!(
                        "{v6} IPv6 on-premises routes are planned, but circuit {} accepts {v6_limit}: above that the BGP session goes down.",
                        c.name
                    ),
                )
                .with_fix(Fix::advice("Summarise the IPv6 routes on your routers.")),
            );
        }
    }
}

/// VN7: VNet spaces that contain (or equal) an on-premises route.
fn vnets_vs_routes(
    spaces: &[Space],
    routes: &[(usize, IpNet)],
    rindex: &SpanIndex,
    out: &mut Vec<Finding>,
) {
    for s in spaces {
        let (n, first) = rindex.within(&s.p.net);
        let Some(k) = first else {
            continue;
        };
        let Some((_, route)) = routes.get(k) else {
            continue;
        };
        let orig = routes.get(k).map_or(0, |r| r.0);
        out.push(
            ER_VN_007.at(
                space_path(s),
                format!(
                    "{} overlaps the on-premises prefix {route} (entry {}){}: traffic for it would stay in Azure.",
                    s.p.net,
                    orig + 1,
                    if n > 1 {
                        format!(" and {} more", thousands((n - 1) as u64))
                    } else {
                        String::new()
                    }
                ),
            )
            .with_fix(Fix::advice("Choose a VNet range your on-premises network doesn't use.")),
        );
    }
}

/// PP2, MP2 and D3.
fn peering_checks(
    cx: &Ctx,
    peers: &[PeerSubnet],
    spaces: &[Space],
    sindex: &SpanIndex,
    out: &mut Vec<Finding>,
) {
    for p in peers.iter().filter(|p| !p.microsoft) {
        let Some(s) = sindex.overlapping(&p.net).and_then(|t| spaces.get(t)) else {
            continue;
        };
        let linked = cx.vnets_of_circuit(p.circuit).contains(&s.vnet);
        out.push(
            ER_PP_002.at(
                p.path(),
                format!(
                    "{} overlaps address space {} of virtual network {}{}: peering subnets must not be part of any VNet's address space.",
                    p.text,
                    s.p.net,
                    cx.vnet_name(s.vnet),
                    if linked { ", which is linked to this circuit" } else { "" }
                ),
            )
            .with_fix(Fix::advice("Use a /30 pair (or /29) from a range no VNet uses, e.g. from 192.168.0.0/16 outside your VNets.")),
        );
    }
    let items: Vec<Placed<usize>> = peers
        .iter()
        .enumerate()
        .map(|(i, p)| Placed {
            net: p.net,
            kind: 0,
            tag: i,
        })
        .collect();
    for (a, b) in find_overlaps(&items, |_, _| true) {
        let (later, other) = if a.tag > b.tag {
            (b.tag, a.tag)
        } else {
            (a.tag, b.tag)
        };
        let (Some(l), Some(o)) = (peers.get(other), peers.get(later)) else {
            continue;
        };
        // l is the later field; o the earlier one. Same peering: P4's business.
        if l.circuit == o.circuit && l.microsoft == o.microsoft {
            continue;
        }
        let where_ = if l.circuit == o.circuit {
            "this circuit's other peering".to_string()
        } else {
            format!("circuit {}", cx.circuit_name(o.circuit))
        };
        let msg = format!(
            "{} overlaps {} used by {where_} ({}): each peering needs its own subnets.",
            l.text,
            o.text,
            o.words()
        );
        out.push(if l.microsoft || o.microsoft {
            ER_MP_002.at(l.path(), msg)
        } else {
            ER_DC_003.at(
                l.path(),
                format!(
                    "{} overlaps {} used by {where_} ({}): fine if the circuits end in different routing domains (VRFs); on one router they clash.",
                    l.text,
                    o.text,
                    o.words()
                ),
            )
        });
    }
}

/// GR1 / GR2: the Global Reach prefixes against everything else.
fn global_reach(
    cx: &Ctx,
    peers: &[PeerSubnet],
    spaces: &[Space],
    sindex: &SpanIndex,
    routes: &[(usize, IpNet)],
    rindex: &SpanIndex,
    out: &mut Vec<Finding>,
) {
    let pindex = SpanIndex::new(peers.iter().enumerate().map(|(i, p)| (p.net, i)));
    let mut mine: Vec<Placed<(usize, GlobalReachKey)>> = Vec::new();
    for (k, gr) in cx.d.global_reach.iter().enumerate() {
        for (field, text, v6) in [
            (GlobalReachKey::AddressPrefix, &gr.address_prefix, false),
            (GlobalReachKey::AddressPrefixV6, &gr.address_prefix_v6, true),
        ] {
            let Ok(n) = net::parse_any(text) else {
                continue;
            };
            if matches!(n, IpNet::V6(_)) != v6 {
                continue;
            }
            let n = n.trunc();
            mine.push(Placed {
                net: n,
                kind: 0,
                tag: (k, field),
            });
            let rule = if v6 { ER_GR_002 } else { ER_GR_001 };
            let path = FieldPath::GlobalReach(k, Some(field));
            if let Some(s) = sindex.overlapping(&n).and_then(|t| spaces.get(t)) {
                out.push(rule.at(
                    path,
                    format!(
                        "{n} overlaps address space {} of virtual network {}: Global Reach needs an unused range.",
                        s.p.net,
                        cx.vnet_name(s.vnet)
                    ),
                ));
            }
            if let Some(p) = pindex.overlapping(&n).and_then(|t| peers.get(t)) {
                out.push(rule.at(
                    path,
                    format!(
                        "{n} overlaps peering subnet {} (circuit {}, {}): Global Reach needs an unused range.",
                        p.text,
                        cx.circuit_name(p.circuit),
                        p.words()
                    ),
                ));
            }
            let (count, first) = rindex.within(&n);
            if let Some((orig, r)) = first.and_then(|t| routes.get(t)) {
                out.push(rule.at(
                    path,
                    format!(
                        "{n} overlaps the on-premises prefix {r} (entry {}){}: Global Reach needs a range unused on-premises.",
                        orig + 1,
                        if count > 1 { format!(" and {} more", count - 1) } else { String::new() }
                    ),
                ));
            } else if let Some((orig, r)) = rindex.containing(&n).and_then(|t| routes.get(t)) {
                out.push(
                    rule.at(
                        path,
                        format!("{n} lies inside the on-premises prefix {r} (entry {}): make sure it isn't used on-premises.", orig + 1),
                    )
                    .with_severity(Severity::Warning),
                );
            }
        }
    }
    for (a, b) in find_overlaps(&mine, |_, _| true) {
        let (later, other) = if a.tag > b.tag { (a, b) } else { (b, a) };
        let rule = if later.tag.1 == GlobalReachKey::AddressPrefix {
            ER_GR_001
        } else {
            ER_GR_002
        };
        let other_name =
            cx.d.global_reach
                .get(other.tag.0)
                .map_or("", |g| g.name.as_str());
        out.push(rule.at(
            FieldPath::GlobalReach(later.tag.0, Some(later.tag.1)),
            format!(
                "{} overlaps {} of Global Reach {other_name}: each Global Reach link needs its own range.",
                later.net, other.net
            ),
        ));
    }
}

/// Runs every overlap and route-count check.
pub(crate) fn check(cx: &Ctx, out: &mut Vec<Finding>) {
    within_vnets(cx, out);
    across_vnets(cx, out);
    let spaces: Vec<Space> = cx
        .spaces
        .iter()
        .enumerate()
        .flat_map(|(v, list)| list.iter().map(move |p| Space { vnet: v, p: *p }))
        .collect();
    let sindex = SpanIndex::new(spaces.iter().enumerate().map(|(i, s)| (s.p.net, i)));
    let routes = on_prem_routes(cx, out);
    route_counts(cx, &routes, out);
    // Default routes cover everything and conflict with nothing.
    let rindex = SpanIndex::new(
        routes
            .iter()
            .enumerate()
            .filter(|(_, (_, n))| n.prefix_len() > 0)
            .map(|(i, (_, n))| (*n, i)),
    );
    vnets_vs_routes(&spaces, &routes, &rindex, out);
    let peers = peering_subnets(cx);
    peering_checks(cx, &peers, &spaces, &sindex, out);
    global_reach(cx, &peers, &spaces, &sindex, &routes, &rindex, out);
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use super::*;
    use crate::domain::model::{
        AddressFamily, Design, GlobalReach, MicrosoftPeering, Peering, SkuTier,
    };

    fn idx(prefixes: &[&str]) -> SpanIndex {
        SpanIndex::new(
            prefixes
                .iter()
                .enumerate()
                .map(|(i, p)| (p.parse::<IpNet>().unwrap(), i)),
        )
    }

    #[test]
    fn fast_route_parser_agrees_with_parse_any() {
        let fixed = [
            "10.0.0.0/8",
            "0.0.0.0/0",
            "255.255.255.255/32",
            "10.0.0.1/30",
            "010.0.0.0/8",
            "10.0.0.0/08",
            "10.0.0.0/33",
            "256.0.0.0/8",
            "1.2.3/8",
            "1.2.3.4",
            "1.2.3.4/",
            "1.2.3.4/8 ",
            " 1.2.3.4/8",
            "1.2.3.4/8/8",
            "1..3.4/8",
            "1.2.3.4.5/8",
            "1000.0.0.0/8",
            "1.2.3.4/100",
            "-1.2.3.4/8",
            "+1.2.3.4/8",
            "1.2.3.4/+8",
            "fd00::/8",
            "",
            "/",
            "0/0",
            "00.0.0.0/0",
            "0.0.0.0/00",
            "1.2.3.04/8",
            "9.9.9.9/9",
            "192.168.1.1/24",
        ];
        for t in fixed {
            if let Some(n) = fast_v4(t) {
                assert_eq!(Ok(IpNet::V4(n)), net::parse_any(t), "{t:?}");
            }
        }
        assert!(fast_v4("10.0.0.1/30").is_some());
        assert!(fast_v4("010.0.0.0/8").is_none());
    }

    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        #[test]
        fn fast_route_parser_never_disagrees(t in "[0-9./]{0,20}", a in 0u32..300, b in 0u32..40, z in proptest::bool::ANY) {
            if let Some(n) = fast_v4(&t) {
                proptest::prop_assert_eq!(Ok(IpNet::V4(n)), net::parse_any(&t));
            }
            let s = if z { format!("{a}.0{b}.1.2/{b}") } else { format!("{a}.{b}.1.2/{b}") };
            if let Some(n) = fast_v4(&s) {
                proptest::prop_assert_eq!(Ok(IpNet::V4(n)), net::parse_any(&s));
            }
            let ok = a <= 255 && b <= 32 && !z;
            proptest::prop_assert_eq!(fast_v4(&s).is_some(), ok);
        }
    }

    #[test]
    fn span_index_queries() {
        let i = idx(&["10.0.0.0/8", "10.1.0.0/16", "192.168.0.0/30", "fd00::/48"]);
        let q = |s: &str| s.parse::<IpNet>().unwrap();
        assert!(i.overlapping(&q("10.1.2.0/24")).is_some());
        assert_eq!(i.overlapping(&q("11.0.0.0/8")), None);
        assert_eq!(i.overlapping(&q("192.168.0.4/30")), None);
        assert_eq!(i.overlapping(&q("192.168.0.0/24")), Some(2));
        assert_eq!(i.overlapping(&q("fd00:0:0:1::/64")), Some(3));
        assert_eq!(i.overlapping(&q("fd01::/64")), None);
        assert_eq!(i.containing(&q("10.1.2.0/24")), Some(0));
        assert_eq!(i.containing(&q("192.168.0.0/24")), None);
        assert_eq!(i.containing(&q("192.168.0.0/30")), Some(2));
        assert_eq!(i.within(&q("10.0.0.0/8")), (2, Some(0)));
        assert_eq!(i.within(&q("10.1.0.0/16")), (1, Some(1)));
        assert_eq!(i.within(&q("10.0.0.0/9")), (1, Some(1)));
        assert_eq!(i.within(&q("10.2.0.0/16")), (0, None));
        assert_eq!(i.within(&q("0.0.0.0/0")), (3, Some(0)));
        assert_eq!(i.within(&q("::/0")), (1, Some(3)));
        let empty = SpanIndex::new(std::iter::empty());
        assert_eq!(empty.overlapping(&q("10.0.0.0/8")), None);
        assert_eq!(empty.within(&q("10.0.0.0/8")), (0, None));
    }

    #[test]
    fn span_index_matches_brute_force() {
        // Deterministic pseudo-random prefixes in 10.0.0.0/16.
        let mut x: u32 = 12345;
        let mut next = || {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            x >> 8
        };
        let mut nets: Vec<IpNet> = Vec::new();
        for _ in 0..300 {
            let len = 16 + (next() % 17) as u8;
            let addr = std::net::Ipv4Addr::from(0x0A00_0000 | (next() & 0xFFFF));
            nets.push(IpNet::V4(ipnet::Ipv4Net::new(addr, len).unwrap().trunc()));
        }
        let (set, queries) = nets.split_at(150);
        let i = SpanIndex::new(set.iter().enumerate().map(|(k, n)| (*n, k)));
        for q in queries {
            let any = set.iter().any(|n| net::overlaps(n, q));
            assert_eq!(i.overlapping(q).is_some(), any, "{q}");
            if let Some(t) = i.overlapping(q) {
                assert!(net::overlaps(&set[t], q));
            }
            let cont = set.iter().any(|n| n.contains(q));
            assert_eq!(i.containing(q).is_some(), cont, "{q}");
            let inside = set.iter().filter(|n| q.contains(*n)).count();
            let (c, first) = i.within(q);
            assert_eq!(c, inside, "{q}");
            if let Some(t) = first {
                assert!(q.contains(&set[t]), "{q} {}", set[t]);
            }
        }
    }

    #[test]
    fn subnets_inside_and_apart() {
        let mut d = base();
        d.virtual_networks[0]
            .subnets
            .push(subnet("outside", "10.2.0.0/24"));
        d.virtual_networks[0]
            .subnets
            .push(subnet("dup", "10.1.0.128/25"));
        assert_eq!(
            problems(&d),
            vec![
                (
                    "ER-VN-003",
                    "virtualNetworks[0].subnets[2].addressPrefix".to_string()
                ),
                (
                    "ER-VN-004",
                    "virtualNetworks[0].subnets[3].addressPrefix".to_string()
                ),
            ]
        );
        // IPv6 subnet without IPv6 space; then with.
        let mut d = base();
        d.virtual_networks[0].subnets[0].address_prefix_v6 = "fd00:1::/64".into();
        assert_eq!(
            problems(&d),
            vec![(
                "ER-VN-003",
                "virtualNetworks[0].subnets[0].addressPrefixV6".to_string()
            )]
        );
        d.virtual_networks[0]
            .address_spaces
            .push("fd00:2::/48".into());
        assert_eq!(
            problems(&d),
            vec![(
                "ER-VN-003",
                "virtualNetworks[0].subnets[0].addressPrefixV6".to_string()
            )]
        );
        d.virtual_networks[0].address_spaces[1] = "fd00:1::/48".into();
        assert!(problems(&d).is_empty());
        d.virtual_networks[0].subnets[1].address_prefix_v6 = "fd00:1::/64".into();
        assert_eq!(
            problems(&d),
            vec![(
                "ER-VN-004",
                "virtualNetworks[0].subnets[1].addressPrefixV6".to_string()
            )]
        );
    }

    #[test]
    fn vnet_spaces_apart() {
        let mut d = base();
        d.virtual_networks[0]
            .address_spaces
            .push("10.1.128.0/17".into());
        assert_eq!(
            problems(&d),
            vec![(
                "ER-VN-006",
                "virtualNetworks[0].addressSpaces[1]".to_string()
            )]
        );
        // Two VNets on the same circuit with the same space; not when on different circuits.
        let mut d = base();
        d.virtual_networks.push(vnet("vnet-spoke", "UK South", 1));
        d.gateways.push(gateway("gw-spoke", "vnet-spoke"));
        d.connections
            .push(connection("cn-spoke", "gw-spoke", "er-london"));
        assert_eq!(
            problems(&d),
            vec![(
                "ER-VN-006",
                "virtualNetworks[1].addressSpaces[0]".to_string()
            )]
        );
        d.circuits.push(circuit(
            "er-2",
            "London2",
            "Equinix",
            "192.168.101.0/30",
            "192.168.101.4/30",
        ));
        d.connections[1].circuit = "er-2".into();
        assert!(problems(&d).is_empty(), "{:?}", problems(&d));
        // Linked through two shared circuits: still one finding.
        d.connections.push(connection("cn-hub-2", "gw-hub", "er-2"));
        d.connections
            .push(connection("cn-spoke-1", "gw-spoke", "er-london"));
        assert_eq!(paths(&d, "ER-VN-006").len(), 1);
    }

    #[test]
    fn vnet_spaces_vs_on_prem_routes() {
        let cases: &[(&[&str], bool)] = &[
            (&["10.1.0.0/16"], true),
            (&["10.1.2.0/24"], true),
            (&["10.1.2.3/32"], true),
            (&["10.0.0.0/8"], false),
            (&["0.0.0.0/0"], false),
            (&["10.2.0.0/16", "192.168.0.0/16"], false),
            (&["fd00::/8"], false),
        ];
        for (routes, bad) in cases {
            let mut d = base();
            d.on_prem_routes = routes.iter().map(|s| s.to_string()).collect();
            let got = paths(&d, "ER-VN-007");
            if *bad {
                assert_eq!(
                    got,
                    vec![(
                        "virtualNetworks[0].addressSpaces[0]".to_string(),
                        Severity::Error
                    )],
                    "{routes:?}"
                );
            } else {
                assert!(got.is_empty(), "{routes:?}: {got:?}");
            }
        }
        let mut d = base();
        d.on_prem_routes = vec![
            "10.1.1.0/24".into(),
            "10.1.2.0/24".into(),
            "10.1.3.0/24".into(),
        ];
        let f = &with_code(&d, "ER-VN-007")[0];
        assert!(
            f.message.contains("10.1.1.0/24") && f.message.contains("and 2 more"),
            "{}",
            f.message
        );
    }

    #[test]
    fn peering_subnets_vs_vnets() {
        let mut d = base();
        d.circuits[0]
            .private_peering
            .as_mut()
            .unwrap()
            .primary_subnet = "10.1.200.0/30".into();
        assert_eq!(
            paths(&d, "ER-PP-002"),
            vec![(
                "circuits[0].privatePeering.primarySubnet".to_string(),
                Severity::Error
            )]
        );
        assert!(with_code(&d, "ER-PP-002")[0]
            .message
            .contains("linked to this circuit"));
        // A VNet not linked to the circuit counts too.
        d.connections.clear();
        assert_eq!(paths(&d, "ER-PP-002").len(), 1);
        assert!(!with_code(&d, "ER-PP-002")[0].message.contains("linked"));
        // /29 mode and IPv6.
        let mut d = base();
        let p = d.circuits[0].private_peering.as_mut().unwrap();
        p.subnet_mode = SubnetMode::OneSlash29;
        p.subnet29 = "10.1.254.0/29".into();
        p.address_family = AddressFamily::Both;
        p.primary_subnet_v6 = "fd00:1::/126".into();
        p.secondary_subnet_v6 = "fd00:9::4/126".into();
        d.virtual_networks[0]
            .address_spaces
            .push("fd00:1::/48".into());
        d.virtual_networks[0].subnets[1].address_prefix_v6 = "fd00:1:0:ffff::/64".into();
        assert_eq!(
            paths(&d, "ER-PP-002"),
            vec![
                (
                    "circuits[0].privatePeering.subnet29".to_string(),
                    Severity::Error
                ),
                (
                    "circuits[0].privatePeering.primarySubnetV6".to_string(),
                    Severity::Error
                ),
            ]
        );
    }

    #[test]
    fn peering_subnets_reused() {
        // Same /30 on two circuits: D3.
        let mut d = base();
        d.circuits.push(circuit(
            "er-2",
            "Amsterdam",
            "Equinix",
            "192.168.100.0/30",
            "192.168.101.4/30",
        ));
        assert_eq!(
            problems(&d),
            vec![(
                "ER-DC-003",
                "circuits[1].privatePeering.primarySubnet".to_string()
            )]
        );
        // A /29 on the second circuit covering the first circuit's secondary /30.
        let mut d = base();
        let mut c = circuit("er-2", "Amsterdam", "Equinix", "", "");
        let p = c.private_peering.as_mut().unwrap();
        p.subnet_mode = SubnetMode::OneSlash29;
        p.subnet29 = "192.168.100.0/29".into();
        d.circuits.push(c);
        // It overlaps both /30s: two findings on the /29.
        assert_eq!(
            paths(&d, "ER-DC-003"),
            vec![
                (
                    "circuits[1].privatePeering.subnet29".to_string(),
                    Severity::Warning
                ),
                (
                    "circuits[1].privatePeering.subnet29".to_string(),
                    Severity::Warning
                )
            ]
        );
        // Primary = secondary on one peering is P4's (the peering module), not reported here.
        let mut d = base();
        d.circuits[0]
            .private_peering
            .as_mut()
            .unwrap()
            .secondary_subnet = "192.168.100.0/30".into();
        assert!(problems(&d).is_empty());
        // Microsoft peering reusing the private peering's subnet, and another circuit's.
        let mut d = base();
        d.circuits[0].microsoft_peering = Some(MicrosoftPeering {
            peering: Peering {
                primary_subnet: "192.168.100.4/30".into(),
                secondary_subnet: "203.0.113.4/30".into(),
                ..Peering::default()
            },
            ..MicrosoftPeering::default()
        });
        assert_eq!(
            problems(&d),
            vec![(
                "ER-MP-002",
                "circuits[0].microsoftPeering.primarySubnet".to_string()
            )]
        );
        let mut c = circuit(
            "er-2",
            "Amsterdam",
            "Equinix",
            "192.168.101.0/30",
            "192.168.101.4/30",
        );
        c.microsoft_peering = Some(MicrosoftPeering {
            peering: Peering {
                primary_subnet: "203.0.113.4/30".into(),
                secondary_subnet: "203.0.113.8/30".into(),
                ..Peering::default()
            },
            ..MicrosoftPeering::default()
        });
        d.circuits.push(c);
        assert_eq!(paths(&d, "ER-MP-002").len(), 2);
        assert!(paths(&d, "ER-MP-002").contains(&(
            "circuits[1].microsoftPeering.primarySubnet".to_string(),
            Severity::Error
        )));
    }

    fn gr_design(prefix: &str) -> Design {
        let mut d = base();
        d.circuits.push(circuit(
            "er-2",
            "Amsterdam",
            "Equinix",
            "192.168.101.0/30",
            "192.168.101.4/30",
        ));
        d.global_reach.push(GlobalReach {
            name: "gr-1".into(),
            circuit: "er-london".into(),
            peer_circuit: "er-2".into(),
            address_prefix: prefix.into(),
            ..GlobalReach::default()
        });
        d
    }

    #[test]
    fn global_reach_prefix_must_be_unused() {
        let cases: &[(&str, &[&str], Option<Severity>)] = &[
            ("172.16.0.0/29", &[], None),
            ("10.1.100.0/29", &[], Some(Severity::Error)),
            ("192.168.100.0/29", &[], Some(Severity::Error)),
            ("172.16.0.0/29", &["172.16.0.0/29"], Some(Severity::Error)),
            ("172.16.0.0/29", &["172.16.0.4/32"], Some(Severity::Error)),
            ("172.16.0.0/29", &["172.16.0.0/12"], Some(Severity::Warning)),
            ("172.16.0.0/29", &["0.0.0.0/0"], None),
        ];
        for (prefix, routes, want) in cases {
            let mut d = gr_design(prefix);
            d.on_prem_routes = routes.iter().map(|s| s.to_string()).collect();
            let got = paths(&d, "ER-GR-001");
            match want {
                None => assert!(got.is_empty(), "{prefix} {routes:?}: {got:?}"),
                Some(s) => assert_eq!(
                    got,
                    vec![("globalReach[0].addressPrefix".to_string(), *s)],
                    "{prefix} {routes:?}"
                ),
            }
        }
        // Two links sharing a /29.
        let mut d = gr_design("172.16.0.0/29");
        d.circuits.push(circuit(
            "er-3",
            "Paris",
            "Equinix",
            "192.168.102.0/30",
            "192.168.102.4/30",
        ));
        d.global_reach.push(GlobalReach {
            name: "gr-2".into(),
            circuit: "er-3".into(),
            peer_circuit: "er-london".into(),
            address_prefix: "172.16.0.0/29".into(),
            ..GlobalReach::default()
        });
        assert_eq!(
            paths(&d, "ER-GR-001"),
            vec![("globalReach[1].addressPrefix".to_string(), Severity::Error)]
        );
        // IPv6 /125 inside a VNet's IPv6 space.
        let mut d = gr_design("172.16.0.0/29");
        d.virtual_networks[0]
            .address_spaces
            .push("fd00:1::/48".into());
        d.global_reach[0].address_prefix_v6 = "fd00:1::/125".into();
        assert_eq!(
            paths(&d, "ER-GR-002"),
            vec![(
                "globalReach[0].addressPrefixV6".to_string(),
                Severity::Error
            )]
        );
    }

    #[test]
    fn route_syntax() {
        let mut d = base();
        d.on_prem_routes = vec![
            "10.50.0.0/16".into(),
            "10.50.0.1/16".into(),
            "nope".into(),
            "".into(),
            "10.0.0.1".into(),
        ];
        assert_eq!(
            paths(&d, "ER-L-001"),
            vec![
                ("onPremRoutes[1]".to_string(), Severity::Error),
                ("onPremRoutes[2]".to_string(), Severity::Error),
                ("onPremRoutes[3]".to_string(), Severity::Error),
                ("onPremRoutes[4]".to_string(), Severity::Error),
            ]
        );
        assert_eq!(fix_value(&d, "ER-L-001").as_deref(), Some("10.50.0.0/16"));
    }

    /// `n` distinct IPv4 routes: /24s across 172.16.0.0/12, then /32s in 192.168.0.0/16.
    fn routes_v4(n: usize) -> Vec<String> {
        (0..n)
            .map(|i| {
                if i < 4096 {
                    format!("172.{}.{}.0/24", 16 + i / 256, i % 256)
                } else {
                    let j = i - 4096;
                    format!("192.168.{}.{}/32", j / 256 % 256, j % 256)
                }
            })
            .collect()
    }

    fn routes_v6(n: usize) -> Vec<String> {
        (0..n).map(|i| format!("fd00:{i:x}::/48")).collect()
    }

    #[test]
    fn route_limits() {
        let cases: &[(SkuTier, usize, usize, usize)] = &[
            (SkuTier::Standard, 4000, 0, 0),
            (SkuTier::Standard, 4001, 0, 1),
            (SkuTier::Local, 4001, 0, 1),
            (SkuTier::Premium, 10_000, 0, 0),
            (SkuTier::Premium, 10_001, 0, 1),
            (SkuTier::Standard, 0, 100, 0),
            (SkuTier::Standard, 0, 101, 1),
            (SkuTier::Premium, 0, 101, 1),
        ];
        for (tier, v4, v6, n) in cases {
            let mut d = base();
            d.circuits[0].sku_tier = *tier;
            d.circuits[0]
                .private_peering
                .as_mut()
                .unwrap()
                .address_family = AddressFamily::Both;
            d.on_prem_routes = routes_v4(*v4);
            d.on_prem_routes.extend(routes_v6(*v6));
            let got = paths(&d, "ER-PP-006");
            assert_eq!(got.len(), *n, "{tier:?} {v4} {v6}");
            assert!(got
                .iter()
                .all(|(p, s)| p == "onPremRoutes" && *s == Severity::Warning));
            assert!(paths(&d, "ER-L-001").is_empty());
        }
        // IPv6 routes don't matter on an IPv4-only peering; no peering and no link: not counted.
        let mut d = base();
        d.on_prem_routes = routes_v6(101);
        assert!(paths(&d, "ER-PP-006").is_empty());
        d.circuits[0].private_peering = None;
        d.connections.clear();
        d.on_prem_routes = routes_v4(4001);
        assert!(paths(&d, "ER-PP-006").is_empty());
    }

    /// The scale requirement: 10,000 routes validate through sort-and-sweep, with exact results.
    #[test]
    fn ten_thousand_routes() {
        let mut d = base();
        d.circuits[0].sku_tier = SkuTier::Premium;
        d.on_prem_routes = routes_v4(10_000);
        // Three routes land inside VNets, one is malformed, one covers everything.
        d.on_prem_routes[500] = "10.1.7.0/24".into();
        d.on_prem_routes[9_000] = "10.1.8.0/24".into();
        d.on_prem_routes[9_999] = "0.0.0.0/0".into();
        d.on_prem_routes[42] = "not a route".into();
        d.virtual_networks.push(vnet("vnet-2", "UK South", 2));
        d.on_prem_routes[7_777] = "10.2.3.4/32".into();
        d.global_reach.clear();
        let all = run(&d);
        let vn7: Vec<(&str, &str)> = all
            .iter()
            .filter(|f| f.code == "ER-VN-007")
            .map(|f| (f.path.as_str(), f.message.as_str()))
            .collect();
        assert_eq!(vn7.len(), 2, "{vn7:?}");
        assert_eq!(vn7[0].0, "virtualNetworks[0].addressSpaces[0]");
        assert!(vn7[0].1.contains("and 1 more"), "{}", vn7[0].1);
        assert_eq!(vn7[1].0, "virtualNetworks[1].addressSpaces[0]");
        assert!(vn7[1].1.contains("(entry 7778)"), "{}", vn7[1].1);
        assert_eq!(
            paths(&d, "ER-L-001"),
            vec![("onPremRoutes[42]".to_string(), Severity::Error)]
        );
        // 9,999 valid IPv4 routes on Premium: within 10,000.
        assert!(paths(&d, "ER-PP-006").is_empty());
        d.on_prem_routes.push("10.200.0.0/16".into());
        d.on_prem_routes.push("10.201.0.0/16".into());
        assert_eq!(paths(&d, "ER-PP-006").len(), 1);
        d.circuits[0].sku_tier = SkuTier::Standard;
        let f = with_code(&d, "ER-PP-006");
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("10,001"), "{}", f[0].message);
    }
}
