//! §5 Peerings and §6 route filters: everything that looks inside one peering or one route
//! filter, or at VLANs across peerings. One module per code family:
//!
//! * [`mod@common`]: `ER-P-*`, the fields both peerings have (ASN, VLAN, key, link subnets);
//! * [`private`]: `ER-PP-*`, Azure private peering;
//! * [`mod@microsoft`]: `ER-MP-*`, Microsoft peering (and the check of `ER-G-005`);
//! * [`asn`]: `ER-ASN-*`, the §5.4 ASN table;
//! * [`vlan`]: `ER-DC-004`, VLAN uniqueness per circuit and per 802.1Q port pair;
//! * [`route_filter`]: `ER-RF-*`, route filters.
//!
//! Address ranges compared *across* objects (peering subnets against VNets, reuse between peerings
//! or circuits, route counts) are checked in [`super::network`].

pub mod asn;
pub mod common;
pub mod microsoft;
pub mod private;
pub mod route_filter;
#[cfg(test)]
mod testkit;
pub mod vlan;

use ipnet::IpNet;

use crate::domain::field::{self, CircuitField, FieldPath, PeeringField, PeeringKey, Side};
use crate::domain::finding::{Finding, Fix, RuleInfo};
use crate::domain::model::{Circuit, Design, Peering, PortType};
use common::common;
use microsoft::{m365_premium, microsoft};
use private::{ipv6_private, on_prem_default_route, private_subnet_kinds};
use route_filter::route_filters;
use vlan::vlans;

/// Every rule this module checks (the registry [`super::all_rules`] chains these lists).
pub static RULES: &[RuleInfo] = &[
    common::ER_P_002,
    common::ER_P_003,
    common::ER_P_004,
    common::ER_P_005,
    common::ER_P_006,
    common::ER_P_007,
    common::ER_P_008,
    common::ER_P_009,
    common::ER_P_011,
    common::ER_P_012,
    private::ER_PP_001,
    private::ER_PP_003,
    private::ER_PP_004,
    private::ER_PP_005,
    private::ER_PP_007,
    private::ER_PP_008,
    private::ER_PP_009,
    microsoft::ER_MP_001,
    microsoft::ER_MP_003,
    microsoft::ER_MP_004,
    microsoft::ER_MP_005,
    microsoft::ER_MP_006,
    microsoft::ER_MP_007,
    microsoft::ER_MP_010,
    microsoft::ER_MP_011,
    microsoft::ER_MP_012,
    microsoft::ER_MP_013,
    microsoft::ER_MP_014,
    microsoft::ER_MP_015,
    microsoft::ER_MP_016,
    microsoft::ER_MP_017,
    asn::ER_ASN_001,
    asn::ER_ASN_002,
    asn::ER_ASN_003,
    asn::ER_ASN_004,
    asn::ER_ASN_005,
    asn::ER_ASN_006,
    asn::ER_ASN_007,
    route_filter::ER_RF_001,
    route_filter::ER_RF_002,
    route_filter::ER_RF_003,
    route_filter::ER_RF_004,
    route_filter::ER_RF_005,
    route_filter::ER_RF_006,
    route_filter::ER_RF_007,
    route_filter::ER_RF_008,
    route_filter::ER_RF_009,
    super::circuit::ER_G_005,
    vlan::ER_DC_004,
];

/// Which peering a check is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Private,
    Microsoft,
}

/// One peering being checked: where it is and how strict to be.
struct Ctx<'a> {
    i: usize,
    kind: Kind,
    p: &'a Peering,
    /// Empty required fields are reported (not for peerings a layer-3 provider configures).
    required: bool,
}

impl Ctx<'_> {
    fn side(&self) -> Side {
        match self.kind {
            Kind::Private => Side::Private,
            Kind::Microsoft => Side::Microsoft,
        }
    }

    fn path(&self, key: PeeringKey) -> FieldPath {
        field::peering(self.i, self.side(), key)
    }

    /// The path of advertised prefix `k` (of the IPv6 list when `v6`).
    fn prefix_path(&self, v6: bool, k: usize) -> FieldPath {
        FieldPath::Circuit(
            self.i,
            Some(CircuitField::Peering(
                self.side(),
                Some(PeeringField::Prefix { v6, k }),
            )),
        )
    }
}

/// Runs the peering, route-filter, G5 and D4 rules.
pub fn check(d: &Design, out: &mut Vec<Finding>) {
    for (i, c) in d.circuits.iter().enumerate() {
        let required = !(c.provider_managed_routing && c.port_type == PortType::Provider);
        if let Some(p) = &c.private_peering {
            let ctx = Ctx {
                i,
                kind: Kind::Private,
                p,
                required,
            };
            let active = common(&ctx, out);
            private_subnet_kinds(&active, out);
        }
        if let Some(m) = &c.microsoft_peering {
            let ctx = Ctx {
                i,
                kind: Kind::Microsoft,
                p: &m.peering,
                required,
            };
            let active = common(&ctx, out);
            microsoft(d, &ctx, m, &active, out);
            m365_premium(d, i, c, m, out);
        }
    }
    vlans(d, out);
    route_filters(d, out);
    on_prem_default_route(d, out);
    ipv6_private(d, out);
}

/// A circuit named for messages.
fn circuit_label(i: usize, c: &Circuit) -> String {
    let n = c.name.trim();
    if n.is_empty() {
        format!("circuit #{}", i.saturating_add(1))
    } else {
        format!("circuit \"{n}\"")
    }
}

fn same_name(a: &str, b: &str) -> bool {
    let (a, b) = (a.trim(), b.trim());
    !a.is_empty() && a.eq_ignore_ascii_case(b)
}

/// The first index of each name, as [`same_name`] compares them (trimmed, ASCII letters in
/// any case): look-ups in O(log n) for loops over every connection.
fn name_index<'a>(names: impl Iterator<Item = &'a str>) -> super::KeyIndex {
    super::KeyIndex::new(names.map(|n| n.trim().to_ascii_lowercase()))
}

/// The index of the item named `name` in a [`name_index`].
fn named(index: &super::KeyIndex, name: &str) -> Option<usize> {
    index.get_ascii_lowercase(name.trim())
}

/// Attaches "Use <prefix>" when there is a prefix to suggest.
fn with_use(f: Finding, fix: Option<IpNet>) -> Finding {
    match fix {
        Some(n) => f.with_fix(Fix::replace(format!("Use {n}"), n.to_string())),
        None => f,
    }
}

#[cfg(test)]
mod tests {
    use super::testkit::*;
    use super::*;
    use crate::domain::model::{
        AddressFamily, DirectPort, MicrosoftPeering, RouteFilter, SubnetMode,
    };
    use std::collections::HashSet;

    #[test]
    fn base_design_has_only_the_baseline_facts() {
        assert_eq!(
            all(&base()),
            owned(&[
                ("ER-P-006", "circuits[0].privatePeering.primarySubnet"),
                ("ER-P-006", "circuits[0].microsoftPeering.primarySubnet"),
                ("ER-MP-012", "circuits[0].microsoftPeering.routingRegistry"),
                (
                    "ER-MP-014",
                    "circuits[0].microsoftPeering.advertisedPrefixes"
                ),
            ])
        );
        let info = run(&base());
        assert!(info[0]
            .message
            .contains("your router 192.168.100.129, Microsoft 192.168.100.130"));
        assert!(info[0]
            .message
            .contains("your router 192.168.100.133, Microsoft 192.168.100.134"));
        assert!(info[2].message.contains("ASN 12345") && info[2].message.contains("ARIN"));
    }

    #[test]
    fn layer3_provider_peerings_skip_required_fields() {
        let mut d = base();
        d.circuits[0].provider_managed_routing = true;
        d.circuits[0].private_peering = Some(Peering::default());
        d.circuits[0].microsoft_peering = Some(MicrosoftPeering::default());
        // Only the route filter (still the customer's job) is reported.
        assert_eq!(
            codes_paths(&problems(&d)),
            owned(&[
                ("ER-G-005", &format!("{MS}routeFilter")),
                ("ER-RF-008", "routeFilters[0].name"),
            ])
        );
        // Typed values are still checked.
        pp(&mut d).vlan_id = "5000".into();
        assert_eq!(
            codes_paths(&problems(&d))[0],
            ("ER-P-007", format!("{PP}vlanId"))
        );
        // On a Direct circuit the flag means nothing: everything is required.
        d.circuits[0].port_type = PortType::Direct;
        assert!(problems(&d).len() > 5);
    }

    /// The common fields of each peering `c` has (private, then Microsoft).
    fn peerings_mut(c: &mut Circuit) -> impl Iterator<Item = &mut Peering> {
        [
            c.private_peering.as_mut(),
            c.microsoft_peering.as_mut().map(|m| &mut m.peering),
        ]
        .into_iter()
        .flatten()
    }

    /// Fills every text field the module reads with `s`.
    fn fill(d: &mut Design, s: &str) {
        for c in &mut d.circuits {
            for p in peerings_mut(c) {
                p.peer_asn = s.into();
                p.primary_subnet = s.into();
                p.secondary_subnet = s.into();
                p.subnet29 = s.into();
                p.primary_subnet_v6 = s.into();
                p.secondary_subnet_v6 = s.into();
                p.vlan_id = s.into();
                p.shared_key = s.into();
            }
            if let Some(m) = c.microsoft_peering.as_mut() {
                m.advertised_prefixes = vec![s.into(), s.into()];
                m.advertised_prefixes_v6 = vec![s.into()];
                m.customer_asn = s.into();
                m.routing_registry = s.into();
                m.route_filter = s.into();
            }
            c.name = s.into();
            c.direct_port = s.into();
        }
        for r in &mut d.route_filters {
            r.name = s.into();
            r.region = s.into();
            r.rule_name = s.into();
            r.communities = vec![s.into(), s.into()];
        }
        d.on_prem_routes = vec![s.into()];
    }

    const NASTY: &[&str] = &[
        "",
        " ",
        "\u{0}",
        "💥",
        "-",
        "/",
        ".",
        ":",
        "::",
        "1/",
        "/30",
        "1.",
        ".1",
        "1..1",
        "999.999.999.999/30",
        "1.1.1.1/33",
        "1.1.1.1/-1",
        "::/129",
        "255.255.255.255/30",
        "255.255.255.255/29",
        "255.255.255.255",
        "0.0.0.0/0",
        "::/0",
        "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/125",
        "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
        "65536.65536",
        "65535.65535",
        "4294967296",
        "18446744073709551616",
        "99999999999999999999999999999999999999",
        "-99999999999999999999",
        "12076:",
        "12076:99999999999999999999999",
        "0x10",
        "１２３",
        "AS",
        "as",
        "a.b",
        "é:é",
        "12076:5010",
        "ARIN",
        "rf",
        "10.0.0.0/30",
    ];

    #[test]
    fn any_text_gives_findings_never_a_panic() {
        for s in NASTY {
            for mode in [SubnetMode::TwoSlash30, SubnetMode::OneSlash29] {
                for fam in [
                    AddressFamily::Ipv4,
                    AddressFamily::Ipv6,
                    AddressFamily::Both,
                ] {
                    let mut d = base();
                    with_gateway(&mut d);
                    let mut c2 = d.circuits[0].clone();
                    c2.port_type = PortType::Direct;
                    d.circuits.push(c2.clone());
                    d.circuits.push(c2);
                    d.direct_ports.push(DirectPort::default());
                    for c in &mut d.circuits {
                        for p in peerings_mut(c) {
                            p.subnet_mode = mode;
                            p.address_family = fam;
                        }
                    }
                    fill(&mut d, s);
                    d.direct_ports[0].name = s.to_string();
                    for f in run(&d) {
                        let r = RULES.iter().find(|r| r.code == f.code);
                        let r = r.unwrap_or_else(|| panic!("{} not in RULES", f.code));
                        assert_eq!(f.severity, r.severity, "{}", f.code);
                        assert_eq!(f.source, r.source, "{}", f.code);
                        assert!(
                            !f.message.is_empty()
                                && f.path.starts_with(|c: char| c.is_ascii_lowercase())
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn every_rule_can_fire() {
        let mut designs = Vec::new();
        let mut push = |f: &dyn Fn(&mut Design)| {
            let mut d = base();
            f(&mut d);
            designs.push(d);
        };
        push(&|_| {});
        push(&|d| {
            let p = pp(d);
            p.peer_asn = "0".into();
            p.primary_subnet = "10.0.0.1/30".into();
            p.secondary_subnet = "10.0.0.1/30".into();
            p.vlan_id = "0".into();
            p.shared_key = "-".into();
            p.enabled = false;
            p.primary_subnet_v6 = "x".into();
        });
        push(&|d| {
            let p = pp(d);
            p.subnet_mode = SubnetMode::OneSlash29;
            p.subnet29 = "10.0.0.4/29".into();
            p.address_family = AddressFamily::Both;
        });
        for asn in ["65515", "1", "8074", "23456", "64496", "1.10", "65552"] {
            let asn = asn.to_string();
            push(&move |d| pp(d).peer_asn = asn.clone());
        }
        for asn in ["65515", "65001", "64496"] {
            let asn = asn.to_string();
            push(&move |d| mp(d).peering.peer_asn = asn.clone());
        }
        push(&|d| pp(d).primary_subnet = "131.107.0.0/30".into());
        push(&|d| pp(d).primary_subnet = "127.0.0.0/30".into());
        push(&|d| d.on_prem_routes = vec!["0.0.0.0/0".into()]);
        push(&|d| {
            with_gateway(d);
            d.virtual_networks[0].subnets[0].address_prefix_v6 = "fd00::/64".into();
        });
        push(&|d| {
            with_gateway(d);
            dual_stack(d);
        });
        push(&|d| mp(d).route_filter.clear());
        push(&|d| d.route_filters[0].communities.clear());
        push(&|d| d.route_filters[0].region = "London".into());
        push(&|d| d.route_filters[0].region = "Mars North".into());
        push(&|d| {
            let m = mp(d);
            m.peering.primary_subnet = "10.0.0.0/30".into();
            m.advertised_prefixes = prefixes(201);
            m.advertised_prefixes.push("10.0.0.0/8".into());
            m.advertised_prefixes.push("x".into());
            m.advertised_prefixes.push("20.0.0.0/24".into());
            m.peering.address_family = AddressFamily::Both;
            m.customer_asn = "0".into();
            m.routing_registry = "x".into();
            m.route_filter = "nope".into();
        });
        push(&|d| {
            mp(d).customer_asn = "12345".into();
            mp(d).peering.vlan_id = "100".into();
            d.route_filters[0].communities = vec![
                "12076:5010".into(),
                "x".into(),
                "12076:9".into(),
                "12076:9".into(),
            ];
            d.route_filters.push(RouteFilter {
                communities: vec!["12076:5050".into()],
                ..RouteFilter::default()
            });
        });
        let mut fired: HashSet<&str> = HashSet::new();
        for d in &designs {
            fired.extend(run(d).iter().map(|f| f.code));
        }
        let missing: Vec<&str> = RULES
            .iter()
            .map(|r| r.code)
            .filter(|c| !fired.contains(c))
            .collect();
        assert!(missing.is_empty(), "never fired: {missing:?}");
    }

    #[test]
    fn rule_table_is_consistent() {
        let mut seen = HashSet::new();
        for r in RULES {
            assert!(seen.insert(r.code), "duplicate {}", r.code);
            let ok_prefix = [
                "ER-P-",
                "ER-PP-",
                "ER-MP-",
                "ER-ASN-",
                "ER-RF-",
                "ER-G-005",
                "ER-DC-004",
            ]
            .iter()
            .any(|p| r.code.starts_with(p));
            assert!(ok_prefix, "{}", r.code);
            assert!(
                !r.catalogue.is_empty() && !r.checks.is_empty(),
                "{}",
                r.code
            );
        }
    }
}
