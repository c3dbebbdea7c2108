//! §10 Global Reach: GR1–GR10. The overlap half of GR1/GR2 (the /29 against VNets, on-premises
//! routes, peering subnets and other Global Reach links) is in `overlap.rs`; GR9 (the link limit)
//! is counted with the connections in `connection.rs`.

use crate::domain::sorted::VecSet;

use ipnet::{IpNet, Ipv4Net, Ipv6Net};

use super::connection::elsewhere;
use super::{circuit_geo, list_names, not_ready, Ctx};
use crate::domain::catalog::circuit::{bandwidth_label, circuit_location, circuit_mbps};
use crate::domain::catalog::countries;
use crate::domain::field::{circuit, CircuitKey, FieldPath, GlobalReachKey as R};
use crate::domain::finding::{src, Finding, Fix};
use crate::domain::model::{Circuit, SkuTier};
use crate::domain::net::{self, is_guid, PrefixError};
use crate::rule;

rule!(
    ER_GR_001,
    "ER-GR-001",
    "GR1",
    Error,
    "Global Reach IPv4 prefix: a /29 in network form, unused by VNets, on-premises routes, peering subnets and other Global Reach links",
    src::DOC_GR,
    why: "Global Reach needs a free /29 for its link; an overlap breaks routing.",
    example: "Global Reach prefix 10.1.0.0/29 inside a VNet"
);
rule!(
    ER_GR_002,
    "ER-GR-002",
    "GR2",
    Error,
    "Global Reach IPv6 prefix, when given: a /125 in network form, unused elsewhere in the design",
    src::DOC_GR,
    why: "The IPv6 link needs a free /125.",
    example: "Global Reach IPv6 prefix 2001:db8::/64"
);
rule!(
    ER_GR_003,
    "ER-GR-003",
    "GR3",
    Error,
    "Both circuits exist, differ, are Provisioned and have Azure private peering (a peer circuit of another subscription, linked with an authorization key, is outside the design and not checked)",
    src::DOC_GR,
    why: "Global Reach joins two provisioned circuits' private peerings; without them Azure refuses it.",
    example: "Global Reach from a circuit to itself"
);
rule!(
    ER_GR_004,
    "ER-GR-004",
    "GR4",
    Error,
    "Authorization key: a GUID, required when the peer circuit is in another subscription",
    src::DOC_GR,
    why: "Azure needs the peer circuit owner's authorization key to link it.",
    example: "peer circuit in another subscription, no key"
);
rule!(
    ER_GR_005,
    "ER-GR-005",
    "GR5",
    Error,
    "The two circuits are at different peering locations (a metro pair such as London/London2 is fine)",
    src::DOC_FAQ,
    why: "Azure doesn't connect two circuits at the same peering location with Global Reach.",
    example: "two circuits at Amsterdam"
);
rule!(
    ER_GR_006,
    "ER-GR-006",
    "GR6 / U12",
    Warning,
    "Both circuits are in a country where Global Reach is listed (data-driven list; warning)",
    src::DOC_GR,
    why: "Global Reach is offered only in some countries; elsewhere the link may be refused.",
    example: "a circuit at Dubai (United Arab Emirates)"
);
rule!(
    ER_GR_007,
    "ER-GR-007",
    "GR7",
    Error,
    "Circuits in different geopolitical regions both need Premium",
    src::DOC_GR,
    why: "Crossing geopolitical regions needs Premium on both circuits.",
    example: "a Standard circuit in Europe linked to one in Asia"
);
rule!(
    ER_GR_008,
    "ER-GR-008",
    "GR8",
    Error,
    "Global Reach isn't available on ExpressRoute Local circuits",
    src::DOC_FAQ,
    why: "ExpressRoute Local does not offer Global Reach.",
    example: "Global Reach on a Local circuit"
);
rule!(
    ER_GR_009,
    "ER-GR-009",
    "GR9",
    Error,
    "Global Reach links count against the circuit's VNet-link limit",
    src::DOC_LIMITS,
    why: "Each Global Reach link uses one of the circuit's VNet links.",
    example: "10 VNet links and a Global Reach link on a Standard circuit"
);
rule!(
    ER_GR_010,
    "ER-GR-010",
    "GR10",
    Info,
    "Global Reach is not transitive, and a link runs at the smaller circuit's bandwidth",
    src::DOC_FAQ,
    why: "A third site is not reached through a second link, and the slower circuit sets the speed.",
    example: "sites A-B and B-C linked: A does not reach C"
);

fn grp(k: usize, key: R) -> FieldPath {
    FieldPath::GlobalReach(k, Some(key))
}

fn prefix_text_problem(text: &str, e: &PrefixError, want: &str) -> String {
    match e {
        PrefixError::Empty => format!("Enter an unused {want} for Global Reach."),
        PrefixError::MissingLength => format!("\"{}\" needs the length {want}.", text.trim()),
        PrefixError::WrongFamily | PrefixError::Invalid => {
            format!("\"{}\" is not a {want} prefix.", text.trim())
        }
    }
}

fn prefixes(k: usize, addr: &str, addr6: &str, out: &mut Vec<Finding>) {
    let path = grp(k, R::AddressPrefix);
    match net::parse_v4(addr) {
        Err(e) => out.push(ER_GR_001.at(path, prefix_text_problem(addr, &e, "IPv4 /29"))),
        Ok(n) => {
            let want = Ipv4Net::new(n.network(), 29)
                .map(|x| x.trunc().to_string())
                .unwrap_or_default();
            if n.prefix_len() != 29 {
                out.push(
                    ER_GR_001
                        .at(
                            path,
                            format!(
                                "Global Reach needs an unused /29, not a /{}.",
                                n.prefix_len()
                            ),
                        )
                        .with_fix(Fix::replace(format!("Use {want}"), want)),
                );
            } else if net::host_bits_set(&IpNet::V4(n)) {
                out.push(
                    ER_GR_001
                        .at(path, format!("{n} has host bits set: the /29 is {want}."))
                        .with_fix(Fix::replace(format!("Use {want}"), want)),
                );
            }
        }
    }
    if addr6.trim().is_empty() {
        return;
    }
    let path6 = grp(k, R::AddressPrefixV6);
    match net::parse_v6(addr6) {
        Err(e) => out.push(ER_GR_002.at(path6, prefix_text_problem(addr6, &e, "IPv6 /125"))),
        Ok(n) => {
            let want = Ipv6Net::new(n.network(), 125)
                .map(|x| x.trunc().to_string())
                .unwrap_or_default();
            if n.prefix_len() != 125 || net::host_bits_set(&IpNet::V6(n)) {
                out.push(
                    ER_GR_002
                        .at(
                            path6,
                            format!(
                            "The Global Reach IPv6 prefix must be a /125 in network form, not {n}."
                        ),
                        )
                        .with_fix(Fix::replace(format!("Use {want}"), want)),
                );
            }
        }
    }
}

/// GR7 for one circuit of a link: a finding on the circuit's SKU tier.
fn needs_premium(
    i: usize,
    c: &Circuit,
    other: &Circuit,
    link: &str,
    geo: (&str, &str),
    out: &mut Vec<Finding>,
) {
    if c.sku_tier == SkuTier::Premium {
        return;
    }
    let (a, b) = geo;
    out.push(
        ER_GR_007.at(
            circuit(i, CircuitKey::SkuTier),
            format!(
                "Global Reach {link} joins {} ({a}) and {} ({b}): circuits in different geopolitical regions both need Premium.",
                c.name, other.name
            ),
        )
        .with_fix(Fix::replace("Use Premium", "Premium")),
    );
}

/// What [`link`] learns for GR8: (Local circuit, link name, the link crosses regions).
type Involvement = (usize, String, bool);

fn link(cx: &Ctx, k: usize, local: &mut Vec<Involvement>, out: &mut Vec<Finding>) {
    let Some(gr) = cx.d.global_reach.get(k) else {
        return;
    };
    prefixes(k, &gr.address_prefix, &gr.address_prefix_v6, out);
    // GR4.
    let key = gr.authorization_key.trim();
    if key.is_empty() && gr.cross_subscription {
        out.push(
            ER_GR_004.at(
                grp(k, R::AuthorizationKey),
                "A peer circuit in another subscription needs an authorization key from its owner.",
            )
            .with_fix(Fix::advice(
                "Ask the peer circuit's owner to create an authorization on it and send you the key.",
            )),
        );
    } else if !key.is_empty() && !is_guid(key) {
        out.push(ER_GR_004.at(
            grp(k, R::AuthorizationKey),
            "An authorization key is a GUID such as 00000000-0000-0000-0000-000000000000.",
        ));
    }
    // GR3: both circuits.
    let mut ends: Vec<(usize, &Circuit, R)> = Vec::new();
    for (field, name) in [
        (R::Circuit, &gr.circuit),
        (R::PeerCircuit, &gr.peer_circuit),
    ] {
        match cx
            .circuit(name)
            .and_then(|i| cx.d.circuits.get(i).map(|c| (i, c)))
        {
            None if field == R::PeerCircuit && elsewhere(gr.cross_subscription, name) => {}
            None => out.push(ER_GR_003.at(
                grp(k, field),
                if name.trim().is_empty() {
                    "Select the circuit.".to_string()
                } else {
                    format!("No circuit named \"{}\" in this design.", name.trim())
                },
            )),
            Some((i, c)) => {
                for why in not_ready(c) {
                    out.push(ER_GR_003.at(
                        grp(k, field),
                        format!("Global Reach can't be set up yet: {why}."),
                    ));
                }
                ends.push((i, c, field));
            }
        }
    }
    let [(ia, a, _), (ib, b, fb)] = ends[..] else {
        return;
    };
    if ia == ib {
        out.push(ER_GR_003.at(
            grp(k, R::PeerCircuit),
            "Global Reach links two different circuits; pick another peer circuit.",
        ));
        return;
    }
    let la = circuit_location(cx.d, a).trim();
    let lb = circuit_location(cx.d, b).trim();
    // GR5.
    if !la.is_empty() && la.eq_ignore_ascii_case(lb) {
        out.push(
            ER_GR_005.at(
                grp(k, fb),
                format!("{} and {} are both at {la}: Global Reach connects circuits at different peering locations.", a.name, b.name),
            )
            .with_fix(Fix::advice(
                "Link circuits at two different peering locations; a metro pair such as London and London2 works.",
            )),
        );
    }
    // GR6.
    for (field, c, loc) in [(R::Circuit, a, la), (R::PeerCircuit, b, lb)] {
        if countries::global_reach_listed(loc) == Some(false) {
            let country = countries::country_of_location(loc).unwrap_or("");
            out.push(ER_GR_006.at(
                grp(k, field),
                format!(
                    "Global Reach isn't listed for {loc} ({country}), where circuit {} is; check the current list before ordering.",
                    c.name
                ),
            ));
        }
    }
    // GR7 / GR8.
    let name = if gr.name.trim().is_empty() {
        format!("link {}", k + 1)
    } else {
        gr.name.trim().to_string()
    };
    let cross = match (circuit_geo(cx.d, a), circuit_geo(cx.d, b)) {
        (Some(x), Some(y)) if x != y => Some((x, y)),
        _ => None,
    };
    if let Some((x, y)) = cross {
        needs_premium(ia, a, b, &name, (x, y), out);
        needs_premium(ib, b, a, &name, (y, x), out);
    }
    for (i, c) in [(ia, a), (ib, b)] {
        if c.sku_tier == SkuTier::Local {
            local.push((i, name.clone(), cross.is_some()));
        }
    }
    // GR10: bandwidth.
    if let (Some(ma), Some(mb)) = (circuit_mbps(a), circuit_mbps(b)) {
        if ma != mb {
            let small = u32::try_from(ma.min(mb)).unwrap_or(u32::MAX);
            out.push(ER_GR_010.at(
                grp(k, R::PeerCircuit),
                format!(
                    "Traffic between {} and {} runs at up to {}, the smaller circuit's bandwidth.",
                    a.name,
                    b.name,
                    bandwidth_label(small)
                ),
            ));
        }
    }
}

/// GR10: A–B and B–C don't give A–C. One note per pair of links sharing a circuit whose far ends
/// aren't linked themselves.
fn transitivity(cx: &Ctx, out: &mut Vec<Finding>) {
    let pairs: Vec<Option<(usize, usize)>> =
        cx.d.global_reach
            .iter()
            .map(
                |gr| match (cx.circuit(&gr.circuit), cx.circuit(&gr.peer_circuit)) {
                    (Some(a), Some(b)) if a != b => Some((a.min(b), a.max(b))),
                    _ => None,
                },
            )
            .collect();
    let linked: VecSet<(usize, usize)> = pairs.iter().flatten().copied().collect();
    let mut noted: VecSet<(usize, usize)> = VecSet::new();
    let mut by_circuit: Vec<Vec<(usize, usize)>> = vec![Vec::new(); cx.d.circuits.len()];
    for (k, p) in pairs.iter().enumerate() {
        if let Some((a, b)) = *p {
            if let Some(v) = by_circuit.get_mut(a) {
                v.push((k, b));
            }
            if let Some(v) = by_circuit.get_mut(b) {
                v.push((k, a));
            }
        }
    }
    for (mid, ends) in by_circuit.iter().enumerate() {
        for (x, &(_, far1)) in ends.iter().enumerate() {
            for &(k2, far2) in ends.iter().skip(x + 1) {
                let key = (far1.min(far2), far1.max(far2));
                if far1 == far2 || linked.contains(&key) || !noted.insert(key) {
                    continue;
                }
                out.push(ER_GR_010.at(
                    grp(k2, R::PeerCircuit),
                    format!(
                        "Global Reach isn't transitive: {} and {} both link to {} but not to each other, so their networks can't reach each other through it.",
                        cx.circuit_name(far1),
                        cx.circuit_name(far2),
                        cx.circuit_name(mid)
                    ),
                ));
            }
        }
    }
}

/// Runs the Global Reach rules.
pub(crate) fn check(cx: &Ctx, out: &mut Vec<Finding>) {
    let mut local: Vec<Involvement> = Vec::new();
    for k in 0..cx.d.global_reach.len() {
        link(cx, k, &mut local, out);
    }
    // GR8: one finding per Local circuit, with one fix for all its links.
    let mut done: Vec<usize> = Vec::new();
    for (i, _, _) in &local {
        if done.contains(i) {
            continue;
        }
        done.push(*i);
        let mine: Vec<&Involvement> = local.iter().filter(|x| x.0 == *i).collect();
        let names: Vec<&str> = mine.iter().map(|x| x.1.as_str()).collect();
        let to = if mine.iter().any(|x| x.2) {
            "Premium"
        } else {
            "Standard"
        };
        out.push(
            ER_GR_008.at(
                circuit(*i, CircuitKey::SkuTier),
                format!(
                    "Global Reach isn't available on ExpressRoute Local circuits: {} is Local and used by {}.",
                    cx.circuit_name(*i),
                    list_names(&names, 3)
                ),
            )
            .with_fix(Fix::replace(format!("Use {to}"), to)),
        );
    }
    transitivity(cx, out);
}

#[cfg(test)]
#[allow(clippy::type_complexity)] // table-driven test rows
mod tests {
    use super::super::testkit::*;
    use crate::domain::finding::Severity;
    use crate::domain::model::{Design, GlobalReach, ProviderStatus, SkuTier};

    /// London (Standard) + a second circuit at `loc`, linked by Global Reach with `prefix`.
    fn gr_design(loc: &str, prefix: &str) -> Design {
        let mut d = base();
        d.circuits.push(circuit(
            "er-2",
            loc,
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
    fn clean_link() {
        let d = gr_design("Amsterdam", "172.16.0.0/29");
        assert!(problems(&d).is_empty(), "{:?}", problems(&d));
    }

    #[test]
    fn prefix_format() {
        let cases: &[(&str, Option<&str>)] = &[
            ("172.16.0.0/29", None),
            ("172.16.0.0/28", Some("172.16.0.0/29")),
            ("172.16.0.0/30", Some("172.16.0.0/29")),
            ("172.16.0.3/29", Some("172.16.0.0/29")),
            ("", None),
            ("172.16.0.0", None),
            ("fd00::/125", None),
        ];
        for (p, fix) in cases {
            let d = gr_design("Amsterdam", p);
            let ok = *p == "172.16.0.0/29";
            assert_eq!(
                paths(&d, "ER-GR-001"),
                if ok {
                    vec![]
                } else {
                    vec![("globalReach[0].addressPrefix".to_string(), Severity::Error)]
                },
                "{p}"
            );
            assert_eq!(fix_value(&d, "ER-GR-001").as_deref(), *fix, "{p}");
        }
        for (p6, fix) in [
            ("", None),
            ("fd00:9::/125", None),
            ("fd00:9::/126", Some("fd00:9::/125")),
            ("fd00:9::1/125", Some("fd00:9::/125")),
        ] {
            let mut d = gr_design("Amsterdam", "172.16.0.0/29");
            d.global_reach[0].address_prefix_v6 = p6.into();
            assert_eq!(
                paths(&d, "ER-GR-002").len(),
                usize::from(fix.is_some()),
                "{p6}"
            );
            assert_eq!(fix_value(&d, "ER-GR-002").as_deref(), fix, "{p6}");
        }
    }

    #[test]
    fn circuits_must_be_ready_and_different() {
        let mut d = gr_design("Amsterdam", "172.16.0.0/29");
        d.global_reach[0].peer_circuit = "nope".into();
        assert_eq!(
            problems(&d),
            vec![("ER-GR-003", "globalReach[0].peerCircuit".to_string())]
        );
        d.global_reach[0].peer_circuit = "er-london".into();
        assert_eq!(
            problems(&d),
            vec![("ER-GR-003", "globalReach[0].peerCircuit".to_string())]
        );
        let mut d = gr_design("Amsterdam", "172.16.0.0/29");
        d.circuits[1].provider_status = ProviderStatus::Provisioning;
        d.circuits[0].private_peering = None;
        assert_eq!(
            paths(&d, "ER-GR-003"),
            vec![
                ("globalReach[0].circuit".to_string(), Severity::Error),
                ("globalReach[0].peerCircuit".to_string(), Severity::Error)
            ]
        );
    }

    #[test]
    fn a_peer_circuit_of_another_subscription_is_outside_the_design() {
        const K: &str = "a1b2c3d4-0000-4000-8000-000000000000";
        // (field named, cross-subscription, name, expected GR3 paths)
        let cases: &[(&str, bool, &str, &[&str])] = &[
            ("peerCircuit", true, "er-other-sub", &[]),
            (
                "peerCircuit",
                false,
                "er-other-sub",
                &["globalReach[0].peerCircuit"],
            ),
            ("peerCircuit", true, "", &["globalReach[0].peerCircuit"]),
            ("peerCircuit", true, "  ", &["globalReach[0].peerCircuit"]),
            // The own circuit is always one of the design.
            ("circuit", true, "er-other-sub", &["globalReach[0].circuit"]),
        ];
        for (field, cross, name, want) in cases {
            let mut d = gr_design("Amsterdam", "172.16.0.0/29");
            d.global_reach[0].cross_subscription = *cross;
            d.global_reach[0].authorization_key = K.into();
            if *field == "peerCircuit" {
                d.global_reach[0].peer_circuit = name.to_string();
            } else {
                d.global_reach[0].circuit = name.to_string();
            }
            let got: Vec<String> = paths(&d, "ER-GR-003").into_iter().map(|p| p.0).collect();
            assert_eq!(got, *want, "{field} {cross} {name:?}");
        }
    }

    #[test]
    fn authorization() {
        for (cross, key, bad) in [
            (false, "", false),
            (true, "", true),
            (true, "a1b2c3d4-0000-4000-8000-000000000000", false),
            (false, "nope", true),
        ] {
            let mut d = gr_design("Amsterdam", "172.16.0.0/29");
            d.global_reach[0].cross_subscription = cross;
            d.global_reach[0].authorization_key = key.into();
            assert_eq!(!paths(&d, "ER-GR-004").is_empty(), bad, "{cross} {key}");
        }
    }

    #[test]
    fn locations_countries_and_tiers() {
        // (peer location, peer tier, London tier, expected (code, path))
        let cases: &[(&str, SkuTier, SkuTier, &[(&str, &str)])] = &[
            (
                "London",
                SkuTier::Standard,
                SkuTier::Standard,
                &[("ER-GR-005", "globalReach[0].peerCircuit")],
            ),
            ("London2", SkuTier::Standard, SkuTier::Standard, &[]),
            (
                "Sao Paulo",
                SkuTier::Premium,
                SkuTier::Premium,
                &[("ER-GR-006", "globalReach[0].peerCircuit")],
            ),
            (
                "Cape Town",
                SkuTier::Premium,
                SkuTier::Premium,
                &[("ER-GR-006", "globalReach[0].peerCircuit")],
            ),
            ("Johannesburg", SkuTier::Premium, SkuTier::Premium, &[]),
            (
                "New York",
                SkuTier::Standard,
                SkuTier::Standard,
                &[
                    ("ER-GR-007", "circuits[0].skuTier"),
                    ("ER-GR-007", "circuits[1].skuTier"),
                ],
            ),
            (
                "New York",
                SkuTier::Premium,
                SkuTier::Standard,
                &[("ER-GR-007", "circuits[0].skuTier")],
            ),
            ("New York", SkuTier::Premium, SkuTier::Premium, &[]),
            (
                "Amsterdam",
                SkuTier::Local,
                SkuTier::Standard,
                &[("ER-GR-008", "circuits[1].skuTier")],
            ),
            (
                "New York",
                SkuTier::Local,
                SkuTier::Premium,
                &[
                    ("ER-GR-007", "circuits[1].skuTier"),
                    ("ER-GR-008", "circuits[1].skuTier"),
                ],
            ),
        ];
        for (loc, peer_tier, tier, want) in cases {
            let mut d = gr_design(loc, "172.16.0.0/29");
            d.circuits[1].sku_tier = *peer_tier;
            d.circuits[0].sku_tier = *tier;
            let got: Vec<(&str, String)> = problems(&d)
                .into_iter()
                .filter(|(c, _)| c.starts_with("ER-GR"))
                .collect();
            let want: Vec<(&str, String)> = want.iter().map(|(c, p)| (*c, p.to_string())).collect();
            assert_eq!(got, want, "{loc} {peer_tier:?} {tier:?}");
        }
        let mut d = gr_design("Amsterdam", "172.16.0.0/29");
        d.circuits[1].sku_tier = SkuTier::Local;
        assert_eq!(fix_value(&d, "ER-GR-008").as_deref(), Some("Standard"));
        let d = gr_design("New York", "172.16.0.0/29");
        assert_eq!(fix_value(&d, "ER-GR-007").as_deref(), Some("Premium"));
        // A Local circuit in two links, one crossing regions: one finding, fix Premium.
        let mut d = gr_design("Amsterdam", "172.16.0.0/29");
        d.circuits[1].sku_tier = SkuTier::Local;
        d.circuits.push(circuit(
            "er-ny",
            "New York",
            "Equinix",
            "192.168.102.0/30",
            "192.168.102.4/30",
        ));
        d.circuits[2].sku_tier = SkuTier::Premium;
        d.global_reach.push(GlobalReach {
            name: "gr-2".into(),
            circuit: "er-2".into(),
            peer_circuit: "er-ny".into(),
            address_prefix: "172.16.0.8/29".into(),
            ..GlobalReach::default()
        });
        assert_eq!(
            paths(&d, "ER-GR-008"),
            vec![("circuits[1].skuTier".to_string(), Severity::Error)]
        );
        assert_eq!(fix_value(&d, "ER-GR-008").as_deref(), Some("Premium"));
        assert!(with_code(&d, "ER-GR-008")[0]
            .message
            .contains("gr-1 and gr-2"));
        assert_eq!(
            paths(&gr_design("Sao Paulo", "172.16.0.0/29"), "ER-GR-006")[0].1,
            Severity::Warning
        );
    }

    #[test]
    fn informational_notes() {
        let mut d = gr_design("Amsterdam", "172.16.0.0/29");
        d.circuits[1].bandwidth_mbps = "500".into();
        let notes = with_code(&d, "ER-GR-010");
        assert_eq!(notes.len(), 1);
        assert!(
            notes[0].message.contains("500 Mbps"),
            "{}",
            notes[0].message
        );
        // A–B, B–C without A–C.
        let mut d = gr_design("Amsterdam", "172.16.0.0/29");
        d.circuits.push(circuit(
            "er-3",
            "Paris",
            "Equinix",
            "192.168.102.0/30",
            "192.168.102.4/30",
        ));
        d.global_reach.push(GlobalReach {
            name: "gr-2".into(),
            circuit: "er-2".into(),
            peer_circuit: "er-3".into(),
            address_prefix: "172.16.0.8/29".into(),
            ..GlobalReach::default()
        });
        let notes = paths(&d, "ER-GR-010");
        assert_eq!(
            notes,
            vec![("globalReach[1].peerCircuit".to_string(), Severity::Info)]
        );
        d.global_reach.push(GlobalReach {
            name: "gr-3".into(),
            circuit: "er-london".into(),
            peer_circuit: "er-3".into(),
            address_prefix: "172.16.0.16/29".into(),
            ..GlobalReach::default()
        });
        assert!(paths(&d, "ER-GR-010").is_empty());
    }
}
