//! §5.3 Microsoft peering (`ER-MP-*`): public subnets, advertised prefixes, customer ASN,
//! routing registry, the route filter it names, Microsoft 365 communities; and gating rule G5
//! (`ER-G-005`: a Microsoft peering needs a route filter, declared with the gating rules in
//! [`crate::domain::rules::circuit`]). `ER-MP-002` (subnets reused) is declared here and checked
//! in `network/overlap.rs`.

use crate::domain::sorted::VecMap;
use std::net::IpAddr;

use ipnet::IpNet;

use super::asn::{asdot, asn_table};
use super::common::ignored;
use super::route_filter::{read_community, Community};
use super::{same_name, with_use, Ctx, Kind};
use crate::domain::catalog::bgp::{
    M365_COMMUNITIES, MAX_ADVERTISED, MAX_ASN, MAX_CUSTOMER_ASN, ROUTING_REGISTRIES,
};
use crate::domain::field::{circuit as cp, CircuitKey as C, FieldPath, PeeringKey as P};
use crate::domain::finding::{src, Finding, Fix};
use crate::domain::model::{Circuit, Design, MicrosoftPeering, SkuTier};
use crate::domain::net::{
    host_bits_set, non_public_reason, parse_asn, parse_v4, parse_v6, PrefixError,
};
use crate::domain::rules::circuit::ER_G_005;
use crate::rule;

// §5.3 Microsoft peering.
rule!(
    ER_MP_001,
    "ER-MP-001",
    "MP1 / MP4 / U6",
    Error,
    "Microsoft peering subnets are public addresses",
    src::DOC_ROUTING,
    why: "Microsoft peering runs over the public internet's address plan; private addresses are refused.",
    example: "Microsoft peering subnet 10.0.0.0/30"
);
rule!(
    ER_MP_003,
    "ER-MP-003",
    "MP3 / U13",
    Error,
    "IPv4 Microsoft peering has advertised prefixes, each a valid prefix of the right family with no host bits",
    src::DOC_PEER_PORTAL,
    why: "Microsoft peering needs the prefixes it will accept from you; a peering without them carries nothing.",
    example: "advertised prefix 131.107.10.1/24"
);
rule!(
    ER_MP_004,
    "ER-MP-004",
    "MP3 / MP4 / U6",
    Error,
    "Advertised prefixes are public: no RFC 1918, shared (100.64/10), documentation, reserved ranges or default route",
    src::DOC_ROUTING,
    why: "Microsoft accepts only public prefixes you own over Microsoft peering.",
    example: "advertised prefix 192.168.0.0/24"
);
rule!(
    ER_MP_005,
    "ER-MP-005",
    "MP5",
    Warning,
    "At most 200 advertised prefixes per BGP session (IPv4 and IPv6 each)",
    src::DOC_LIMITS,
    why: "Microsoft drops the BGP session when more prefixes are advertised.",
    example: "250 advertised IPv4 prefixes"
);
rule!(
    ER_MP_006,
    "ER-MP-006",
    "MP6 / U15",
    Error,
    "Customer ASN, when given, is a whole number from 1 to 2147483647 (the API stores it as int32)",
    src::SPEC,
    why: "The API stores the customer ASN as a 32-bit signed number; larger values are refused.",
    example: "customer ASN 4200000000"
);
rule!(
    ER_MP_007,
    "ER-MP-007",
    "MP7 / U7",
    Error,
    "Routing registry, when given, is ARIN, APNIC, AFRINIC, LACNIC, RIPENCC, RADB, ALTDB or LEVEL3",
    src::DECISIONS,
    why: "Microsoft checks prefix ownership only in these registries; another name cannot be validated.",
    example: "routing registry RIPE"
);
rule!(
    ER_MP_010,
    "ER-MP-010",
    "MP10",
    Error,
    "The route filter named by a Microsoft peering exists in the design",
    src::TF,
    why: "A peering that names a missing route filter cannot be deployed as written.",
    example: "route filter rf-services not in the design"
);
rule!(
    ER_MP_011,
    "ER-MP-011",
    "MP11 / §5.4",
    Error,
    "Documentation ASNs 64496–64511 aren't allowed on Microsoft peering",
    src::DOC_ROUTING,
    why: "Documentation ASNs are not routable; Microsoft refuses them in the AS path.",
    example: "peer ASN 64500 on Microsoft peering"
);
rule!(
    ER_MP_012,
    "ER-MP-012",
    "MP12",
    Info,
    "Microsoft validates that the advertised prefixes and ASN are registered to you",
    src::DOC_ROUTING,
    why: "Routes are not advertised until Microsoft has validated that you own the prefixes.",
    example: "a new Microsoft peering with its advertised prefixes"
);
rule!(
    ER_MP_013,
    "ER-MP-013",
    "MP13",
    Warning,
    "Microsoft 365 communities on Microsoft peering need the Premium add-on (and Microsoft's authorization)",
    src::DOC_FAQ,
    why: "Microsoft 365 routes are sent only to Premium circuits authorized for them.",
    example: "community 12076:5010 on a Standard circuit"
);
rule!(
    ER_MP_014,
    "ER-MP-014",
    "MP14 (reminder)",
    Info,
    "Prefixes advertised over Microsoft peering shouldn't also be advertised to the internet (asymmetric routing)",
    src::DOC_ROUTING,
    why: "Traffic then returns over the internet while it left over ExpressRoute, and stateful devices drop it.",
    example: "131.107.10.0/24 advertised to Microsoft and to the internet"
);
rule!(
    ER_MP_015,
    "ER-MP-015",
    "MP6",
    Warning,
    "Customer ASN is only needed when the prefixes are registered to an ASN other than the peer ASN",
    src::DOC_PEER_PORTAL,
    why: "The customer ASN is only for prefixes registered to an AS other than the peer ASN; equal to it, it is redundant.",
    example: "customer ASN equal to the peer ASN"
);
rule!(
    ER_MP_016,
    "ER-MP-016",
    "MP3",
    Warning,
    "An advertised prefix is listed only once",
    src::DOC_PEER_PORTAL,
    why: "A prefix listed twice is one of the 200 allowed, wasted, and a sign of a typing mistake.",
    example: "131.107.10.0/24 listed twice"
);
rule!(
    ER_MP_017,
    "ER-MP-017",
    "MP3",
    Warning,
    "IPv6 Microsoft peering has advertised IPv6 prefixes",
    src::DOC_PEER_PORTAL,
    why: "An IPv6 Microsoft peering without prefixes carries no IPv6 routes.",
    example: "IPv6 Microsoft peering with no IPv6 prefixes"
);
rule!(
    ER_MP_002,
    "ER-MP-002",
    "MP2",
    Error,
    "Peering subnets are unique: Microsoft peering subnets aren't reused by another peering or circuit",
    src::DOC_ROUTING,
    why: "Microsoft requires a unique subnet per peering per circuit; a reused one is refused.",
    example: "the same /30 on two circuits' Microsoft peering"
);

pub(super) fn microsoft(
    d: &Design,
    ctx: &Ctx,
    m: &MicrosoftPeering,
    active: &[(FieldPath, IpNet)],
    out: &mut Vec<Finding>,
) {
    for (path, net) in active {
        if let Some(why) = non_public_reason(&net.trunc()) {
            out.push(ER_MP_001.at(
                *path,
                format!("Microsoft peering subnets must be public IP addresses registered to you or your provider: {} is {why}.", net.trunc()),
            ));
        }
    }
    let fam = m.peering.address_family;
    // The first list holding a valid public prefix, for the reminders below.
    let mut public: Option<P> = None;
    let lists = [
        (
            P::AdvertisedPrefixes,
            &m.advertised_prefixes,
            false,
            fam.has_v4(),
            "IPv4",
        ),
        (
            P::AdvertisedPrefixesV6,
            &m.advertised_prefixes_v6,
            true,
            fam.has_v6(),
            "IPv6",
        ),
    ];
    for (field, list, v6, carried, family) in lists {
        if !carried {
            ignored(ctx, &[(field, !list.is_empty())], family, out);
        } else if advertised(ctx, field, list, v6, out) {
            public = public.or(Some(field));
        }
    }
    customer_asn(ctx, m, out);
    let registry = routing_registry(ctx, m, out);
    route_filter_ref(d, ctx, m, out);
    if let Some(list) = public {
        let asn = match parse_asn(m.customer_asn.trim()).or_else(|_| parse_asn(&m.peering.peer_asn))
        {
            Ok(n) => format!("ASN {n}"),
            Err(_) => "your ASN".to_string(),
        };
        let reg = registry.map_or(
            "a routing registry (ARIN, APNIC, AFRINIC, LACNIC, RIPENCC, RADB or ALTDB)".to_string(),
            |r| r.to_string(),
        );
        out.push(ER_MP_012.at(
            ctx.path(P::RoutingRegistry),
            format!("Microsoft checks that the advertised prefixes and {asn} are registered to you in {reg}. If they aren't, the peering stays in \"Validation needed\" until you open a support ticket with proof of ownership (a letter of authorization)."),
        ));
        out.push(ER_MP_014.at(
            ctx.path(list),
            "Don't advertise these prefixes to the internet as well as over ExpressRoute: return traffic could take the other path (asymmetric routing). Use a public NAT pool dedicated to Microsoft peering.",
        ));
    }
}

/// A prefix as (address, length), for lookups in one family's list.
fn net_key(net: &IpNet) -> (u128, u8) {
    let addr = match net {
        IpNet::V4(n) => u128::from(u32::from(n.addr())),
        IpNet::V6(n) => u128::from(n.addr()),
    };
    (addr, net.prefix_len())
}

/// Checks one advertised-prefix list; true when it holds at least one valid public prefix.
fn advertised(ctx: &Ctx, field: P, list: &[String], v6: bool, out: &mut Vec<Finding>) -> bool {
    let fam = if v6 { "IPv6" } else { "IPv4" };
    if list.is_empty() {
        if ctx.required {
            let f = if v6 {
                ER_MP_017.at(
                    ctx.path(field),
                    "No IPv6 prefixes to advertise: IPv6 Microsoft peering needs the public IPv6 prefixes you will send to Microsoft.",
                )
            } else {
                ER_MP_003.at(
                    ctx.path(field),
                    "Enter at least one public IPv4 prefix to advertise to Microsoft (e.g. the public NAT pool of your edge).",
                )
            };
            out.push(f);
        }
        return false;
    }
    let host_len = if v6 { 128 } else { 32 };
    // Keyed by the prefix as integers: `IpNet`'s own ordering compares address bytes one by
    // one, and a list of a few hundred prefixes is looked up twice per entry on every keystroke.
    let mut seen: VecMap<(u128, u8), usize> = VecMap::new();
    let mut public = false;
    // Where the MP4 findings are in `out`: they get their fix once the whole list is read.
    let mut non_public: Vec<usize> = Vec::new();
    let several = list.len() > 1;
    for (k, text) in list.iter().enumerate() {
        // Built only for a finding: most entries have none.
        let path = || ctx.prefix_path(v6, k);
        let t = text.trim();
        let parsed = if v6 {
            parse_v6(t).map(IpNet::V6)
        } else {
            parse_v4(t).map(IpNet::V4)
        };
        let net = match parsed {
            Ok(n) => n,
            Err(e) => {
                let (msg, fix) = match e {
                    PrefixError::Empty => (
                        "Empty entry: remove it or enter a public prefix.".to_string(),
                        None,
                    ),
                    PrefixError::MissingLength => (
                        format!("\"{t}\" has no prefix length: write it as a prefix, e.g. {t}/{host_len} for one address."),
                        t.parse::<IpAddr>()
                            .ok()
                            .and_then(|a| IpNet::new(a, host_len).ok()),
                    ),
                    PrefixError::WrongFamily => (
                        format!("{t} is not an {fam} prefix: put it in the other family's list."),
                        None,
                    ),
                    PrefixError::Invalid => (
                        format!("\"{t}\" is not a valid {fam} prefix."),
                        None,
                    ),
                };
                let f = with_use(ER_MP_003.at(path(), msg), fix);
                // An empty entry goes, unless it is the list's only one (then a prefix is
                // missing: removing it would leave the list empty).
                out.push(if e == PrefixError::Empty && several {
                    f.with_fix(Fix::remove("Remove the empty entry"))
                } else {
                    f
                });
                continue;
            }
        };
        let base = net.trunc();
        if host_bits_set(&net) {
            out.push(with_use(
                ER_MP_003.at(
                    path(),
                    format!("{t} has host bits set: the prefix is {base}."),
                ),
                Some(base),
            ));
        }
        if let Some(why) = non_public_reason(&base) {
            let extra = if base.prefix_len() == 0 {
                " Default routes are allowed only on private peering."
            } else {
                ""
            };
            non_public.push(out.len());
            out.push(ER_MP_004.at(
                path(),
                format!("Only public prefixes can be advertised on Microsoft peering: {base} is {why}.{extra}"),
            ));
            seen.get_or_insert(net_key(&base), k);
            continue;
        }
        public = true;
        match seen.get(&net_key(&base)) {
            Some(&first) => out.push(
                ER_MP_016
                    .at(
                        path(),
                        format!(
                            "{base} is already listed (entry {}): remove the duplicate.",
                            first + 1
                        ),
                    )
                    .with_fix(Fix::remove("Remove the duplicate")),
            ),
            None => {
                seen.insert(net_key(&base), k);
            }
        }
    }
    // A non-public prefix can't be advertised at all: removing it is the fix when a public
    // prefix remains to advertise; otherwise it must be replaced by one, which only the
    // customer knows.
    for at in non_public {
        if let Some(f) = out.get_mut(at) {
            f.fix = Some(if public {
                Fix::remove("Remove this prefix")
            } else {
                Fix::advice("Replace it with a public prefix registered to you, e.g. the public NAT pool of your edge.")
            });
        }
    }
    if seen.len() > MAX_ADVERTISED {
        out.push(ER_MP_005.at(
            ctx.path(field),
            format!("{} {fam} prefixes: Microsoft peering accepts at most {MAX_ADVERTISED} prefixes per BGP session and drops the session above that. Summarise them into fewer prefixes.", seen.len()),
        ));
    }
    public
}

fn customer_asn(ctx: &Ctx, m: &MicrosoftPeering, out: &mut Vec<Finding>) {
    let t = m.customer_asn.trim();
    if t.is_empty() {
        return;
    }
    let path = ctx.path(P::CustomerAsn);
    let clear = || Fix::replace("Leave it empty", "");
    let n = match parse_asn(t) {
        Ok(n) => n,
        Err(_) => {
            out.push(
                ER_MP_006.at(
                    path,
                    format!("\"{t}\" is not an ASN: the customer ASN is a whole number from 1 to 2147483647, or empty."),
                )
                .with_fix(clear()),
            );
            return;
        }
    };
    if n == 0 || n > MAX_CUSTOMER_ASN {
        let msg = if n == 0 {
            "Customer ASN 0 is not valid: enter the ASN your prefixes are registered to, or leave it empty.".to_string()
        } else if n <= MAX_ASN {
            format!("Customer ASN {n} can't be sent: Azure stores the customer ASN as a signed 32-bit number (at most 2147483647), although the peer ASN may be any 4-byte ASN. Leave it empty if your prefixes are registered to the peer ASN.")
        } else {
            format!("Customer ASN must be between 1 and 2147483647; {t} is out of range.")
        };
        out.push(ER_MP_006.at(path, msg).with_fix(clear()));
        return;
    }
    if t.contains('.') {
        out.push(asdot(path, t, n));
    }
    if let Some(f) = asn_table(n, Kind::Microsoft, path, "customer ASN") {
        out.push(f);
    }
    if parse_asn(&m.peering.peer_asn) == Ok(n) {
        out.push(
            ER_MP_015.at(
                path,
                "The customer ASN equals the peer ASN: it is only needed when your prefixes are registered to a different ASN.",
            )
            .with_fix(clear()),
        );
    }
}

/// MP7; returns the registry when it is one of the accepted values.
fn routing_registry(
    ctx: &Ctx,
    m: &MicrosoftPeering,
    out: &mut Vec<Finding>,
) -> Option<&'static str> {
    let t = m.routing_registry.trim();
    if t.is_empty() || t == "NONE" {
        return None;
    }
    if let Some(r) = ROUTING_REGISTRIES.iter().find(|r| **r == t) {
        return Some(r);
    }
    let key: String = t
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_uppercase();
    let guess = match key.as_str() {
        "RIPE" | "RIPENCC" => Some("RIPENCC"),
        "LEVEL3" | "LEVEL3COMMUNICATIONS" | "LUMEN" => Some("LEVEL3"),
        k => ROUTING_REGISTRIES.iter().copied().find(|r| *r == k),
    };
    let f = ER_MP_007.at(
        ctx.path(P::RoutingRegistry),
        format!("\"{t}\" is not a routing registry Azure knows: select one of ARIN, APNIC, AFRINIC, LACNIC, RIPENCC, RADB, ALTDB, LEVEL3 (or leave it empty)."),
    );
    out.push(match guess {
        Some(g) => f.with_fix(Fix::replace(format!("Use {g}"), g)),
        None => f,
    });
    None
}

/// G5 and MP10: the Microsoft peering's route filter.
fn route_filter_ref(d: &Design, ctx: &Ctx, m: &MicrosoftPeering, out: &mut Vec<Finding>) {
    let name = m.route_filter.trim();
    let path = ctx.path(P::RouteFilter);
    let only = match d.route_filters.as_slice() {
        [f] if !f.name.trim().is_empty() => Some(f.name.trim()),
        _ => None,
    };
    let advice = if d.route_filters.is_empty() {
        "Create a route filter with the BGP communities of the services you need, then attach it here."
    } else {
        "Choose one of the design's route filters."
    };
    let suggest = |f: Finding| match only {
        Some(n) => f.with_fix(Fix::replace(format!("Use {n}"), n)),
        None => f.with_fix(Fix::advice(advice)),
    };
    if name.is_empty() {
        out.push(suggest(ER_G_005.at(
            path,
            "Azure creates this Microsoft peering, but it advertises no routes to you until a route filter is attached: attach one that allows the services you need.",
        )));
    } else if !d.route_filters.iter().any(|f| same_name(&f.name, name)) {
        out.push(suggest(ER_MP_010.at(
            path,
            format!("There is no route filter named \"{name}\" in this design."),
        )));
    }
}

/// MP13: Microsoft 365 communities on a circuit without Premium.
pub(super) fn m365_premium(
    d: &Design,
    i: usize,
    c: &Circuit,
    m: &MicrosoftPeering,
    out: &mut Vec<Finding>,
) {
    if c.sku_tier == SkuTier::Premium {
        return;
    }
    let Some(rf) = d
        .route_filters
        .iter()
        .find(|f| same_name(&f.name, &m.route_filter))
    else {
        return;
    };
    let mut found: Vec<&str> = Vec::new();
    for text in &rf.communities {
        let value = match read_community(text) {
            Community::Ok(v) | Community::Fixable(v, _) => v,
            Community::Bad(_) => continue,
        };
        let canon = format!("12076:{value}");
        if let Some(m) = M365_COMMUNITIES.iter().find(|m| **m == canon) {
            if !found.contains(m) {
                found.push(m);
            }
        }
    }
    if found.is_empty() {
        return;
    }
    out.push(
        ER_MP_013.at(
            cp(i, C::SkuTier),
            format!(
                "Route filter \"{}\" allows Microsoft 365 communities ({}): Microsoft 365 over ExpressRoute needs the Premium add-on, and Microsoft must authorize your use of these communities.",
                rf.name.trim(),
                found.join(", ")
            ),
        )
        .with_fix(Fix::replace("Use Premium", "Premium")),
    );
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use super::*;
    use crate::domain::finding::Severity;
    use crate::domain::model::{AddressFamily, SubnetMode};

    #[test]
    fn microsoft_peering_subnets_must_be_public() {
        let rows: &[(&str, bool)] = &[
            ("131.107.0.0/30", true),
            ("10.0.0.0/30", false),
            ("172.16.0.0/30", false),
            ("192.168.0.0/30", false),
            ("100.64.0.0/30", false),
            ("192.0.2.0/30", false),
            ("198.51.100.0/30", false),
            ("203.0.113.0/30", false),
            ("169.254.0.0/30", false),
            ("127.0.0.0/30", false),
        ];
        for (net, ok) in rows {
            let mut d = base();
            mp(&mut d).peering.primary_subnet = net.to_string();
            let want = if *ok {
                vec![]
            } else {
                owned(&[("ER-MP-001", &format!("{MS}primarySubnet"))])
            };
            assert_eq!(codes_paths(&problems(&d)), want, "{net}");
        }
        // One /29 mode and IPv6.
        let mut d = base();
        let m = mp(&mut d);
        m.peering.subnet_mode = SubnetMode::OneSlash29;
        m.peering.subnet29 = "10.0.0.0/29".into();
        assert_eq!(
            codes_paths(&problems(&d)),
            owned(&[("ER-MP-001", &format!("{MS}subnet29"))])
        );
        let mut d = base();
        let m = mp(&mut d);
        m.peering.address_family = AddressFamily::Both;
        m.peering.primary_subnet_v6 = "2a01:111:f100::/126".into();
        m.peering.secondary_subnet_v6 = "2a01:111:f100::4/126".into();
        m.advertised_prefixes_v6 = vec!["2a01:111:f100::/48".into()];
        assert!(problems(&d).is_empty(), "{:?}", problems(&d));
        mp(&mut d).peering.primary_subnet_v6 = "2001:db8::/126".into();
        mp(&mut d).peering.secondary_subnet_v6 = "fd00::4/126".into();
        assert_eq!(
            codes_paths(&problems(&d)),
            owned(&[
                ("ER-MP-001", &format!("{MS}primarySubnetV6")),
                ("ER-MP-001", &format!("{MS}secondarySubnetV6")),
            ])
        );
        mp(&mut d).advertised_prefixes_v6.clear();
        assert_eq!(
            codes_paths(&problems(&d))[2..],
            owned(&[("ER-MP-017", &format!("{MS}advertisedPrefixesV6"))])[..]
        );
    }

    #[test]
    fn advertised_prefixes() {
        let rows: &[(&str, &[&str], Option<&str>)] = &[
            ("131.107.10.0/24", &[], None),
            ("8.0.0.0/7", &[], None),
            ("131.107.10.7/32", &[], None),
            ("10.0.0.0/24", &["ER-MP-004"], None),
            ("172.16.5.0/24", &["ER-MP-004"], None),
            ("192.168.0.0/16", &["ER-MP-004"], None),
            ("100.64.0.0/10", &["ER-MP-004"], None),
            ("100.127.255.0/24", &["ER-MP-004"], None),
            ("0.0.0.0/0", &["ER-MP-004"], None),
            ("8.0.0.0/6", &["ER-MP-004"], None),
            ("192.0.2.0/24", &["ER-MP-004"], None),
            ("198.51.100.0/24", &["ER-MP-004"], None),
            ("203.0.113.0/24", &["ER-MP-004"], None),
            ("224.0.0.0/4", &["ER-MP-004"], None),
            ("255.255.255.255/32", &["ER-MP-004"], None),
            ("131.107.10.1/24", &["ER-MP-003"], Some("131.107.10.0/24")),
            ("131.107.10.1", &["ER-MP-003"], Some("131.107.10.1/32")),
            ("2a01:111::/32", &["ER-MP-003"], None),
            ("abc", &["ER-MP-003"], None),
            ("", &["ER-MP-003"], None),
        ];
        for (text, want, fix) in rows {
            let mut d = base();
            mp(&mut d).advertised_prefixes = vec![text.to_string()];
            let p = problems(&d);
            let w: Vec<_> = want
                .iter()
                .map(|c| (*c, format!("{MS}advertisedPrefixes[0]")))
                .collect();
            assert_eq!(codes_paths(&p), w, "{text:?}");
            assert_eq!(p.first().and_then(fix_of), *fix, "{text:?}");
        }
        let mut d = base();
        mp(&mut d).advertised_prefixes = vec!["0.0.0.0/0".into()];
        assert!(problems(&d)[0]
            .message
            .contains("Default routes are allowed only on private peering"));
        // Required for IPv4 Microsoft peering.
        mp(&mut d).advertised_prefixes.clear();
        assert_eq!(
            codes_paths(&problems(&d)),
            owned(&[("ER-MP-003", &format!("{MS}advertisedPrefixes"))])
        );
        // Duplicates, including one written with host bits.
        mp(&mut d).advertised_prefixes = vec![
            "131.107.10.0/24".into(),
            "131.107.10.0/24".into(),
            "131.107.10.1/24".into(),
        ];
        assert_eq!(
            codes_paths(&problems(&d)),
            owned(&[
                ("ER-MP-016", &format!("{MS}advertisedPrefixes[1]")),
                ("ER-MP-003", &format!("{MS}advertisedPrefixes[2]")),
                ("ER-MP-016", &format!("{MS}advertisedPrefixes[2]")),
            ])
        );
    }

    #[test]
    fn advertised_prefix_count_mp5() {
        for (n, warn) in [
            (1, false),
            (199, false),
            (200, false),
            (201, true),
            (1000, true),
        ] {
            let mut d = base();
            mp(&mut d).advertised_prefixes = prefixes(n);
            let want = if warn {
                owned(&[("ER-MP-005", &format!("{MS}advertisedPrefixes"))])
            } else {
                vec![]
            };
            assert_eq!(codes_paths(&problems(&d)), want, "{n}");
        }
        // 201 entries of which one is a duplicate: 200 distinct prefixes, no MP5.
        let mut d = base();
        let mut list = prefixes(200);
        list.push(list[0].clone());
        mp(&mut d).advertised_prefixes = list;
        assert_eq!(
            codes_paths(&problems(&d)),
            owned(&[("ER-MP-016", &format!("{MS}advertisedPrefixes[200]"))])
        );
    }

    #[test]
    fn customer_asn() {
        let rows: &[(&str, &[&str], Option<&str>)] = &[
            ("", &[], None),
            ("1", &[], None),
            ("2147483647", &[], None),
            ("0", &["ER-MP-006"], Some("")),
            ("2147483648", &["ER-MP-006"], Some("")),
            ("4294967295", &["ER-MP-006"], Some("")),
            ("4294967296", &["ER-MP-006"], Some("")),
            ("abc", &["ER-MP-006"], Some("")),
            ("-5", &["ER-MP-006"], Some("")),
            ("12076", &["ER-ASN-001"], Some("")),
            ("23456", &["ER-ASN-002"], Some("")),
            ("65001", &["ER-ASN-005"], None),
            ("65515", &["ER-ASN-003"], Some("")),
            ("64496", &["ER-MP-011"], Some("")),
            ("12345", &["ER-MP-015"], Some("")),
            ("1.10", &["ER-ASN-006", "ER-ASN-002"], Some("65546")),
            ("0.12345", &["ER-ASN-006", "ER-MP-015"], Some("12345")),
        ];
        for (asn, want, fix) in rows {
            let mut d = base();
            mp(&mut d).customer_asn = asn.to_string();
            let p = problems(&d);
            let w: Vec<_> = want
                .iter()
                .map(|c| (*c, format!("{MS}customerAsn")))
                .collect();
            assert_eq!(codes_paths(&p), w, "{asn:?}");
            assert_eq!(p.first().and_then(fix_of), *fix, "{asn:?}");
        }
    }

    #[test]
    fn routing_registry() {
        for ok in ROUTING_REGISTRIES.iter().chain(&["", "NONE"]) {
            let mut d = base();
            mp(&mut d).routing_registry = ok.to_string();
            assert!(problems(&d).is_empty(), "{ok}");
        }
        assert_eq!(ROUTING_REGISTRIES.len(), 8);
        for (text, fix) in [
            ("ripencc", Some("RIPENCC")),
            ("RIPE NCC", Some("RIPENCC")),
            ("radb", Some("RADB")),
            ("Level 3", Some("LEVEL3")),
            ("FOO", None),
        ] {
            let mut d = base();
            mp(&mut d).routing_registry = text.into();
            let p = problems(&d);
            assert_eq!(
                codes_paths(&p),
                owned(&[("ER-MP-007", &format!("{MS}routingRegistry"))]),
                "{text}"
            );
            assert_eq!(fix_of(&p[0]), fix, "{text}");
        }
    }

    #[test]
    fn route_filter_gating_g5_and_reference_mp10() {
        let rf0 = "routeFilters[0].name";
        let mut d = base();
        mp(&mut d).route_filter = "RF-Services".into();
        assert!(problems(&d).is_empty());

        mp(&mut d).route_filter = " ".into();
        let p = problems(&d);
        assert_eq!(
            codes_paths(&p),
            owned(&[
                ("ER-G-005", &format!("{MS}routeFilter")),
                ("ER-RF-008", rf0)
            ])
        );
        // U18: Azure creates the peering; no routes until a filter is attached.
        assert_eq!(
            (p[0].severity, fix_of(&p[0])),
            (Severity::Warning, Some("rf-services"))
        );

        mp(&mut d).route_filter = "nope".into();
        let p = problems(&d);
        assert_eq!(
            codes_paths(&p),
            owned(&[
                ("ER-MP-010", &format!("{MS}routeFilter")),
                ("ER-RF-008", rf0)
            ])
        );
        assert_eq!(fix_of(&p[0]), Some("rf-services"));

        // No route filter in the design: advice only.
        d.route_filters.clear();
        mp(&mut d).route_filter.clear();
        let p = problems(&d);
        assert_eq!(
            codes_paths(&p),
            owned(&[("ER-G-005", &format!("{MS}routeFilter"))])
        );
        assert_eq!(fix_of(&p[0]), None);
        assert!(p[0].fix.is_some());
    }
}
