//! §5.1 Fields common to private and Microsoft peering (`ER-P-*`): the peer ASN's presence and
//! range, the shared key, the IPv4 session switch, and the link subnets (two /30s, one /29, two
//! /126s) with the addresses each side takes.

use std::net::IpAddr;

use ipnet::IpNet;

use super::asn::peer_asn;
use super::vlan::vlan_format;
use super::{with_use, Ctx};
use crate::domain::catalog::bgp::MICROSOFT_ASN;
use crate::domain::field::{FieldPath, PeeringKey as P};
use crate::domain::finding::{src, Finding, Fix, RuleInfo};
use crate::domain::model::SubnetMode;
use crate::domain::net::{
    host_bits_set, link_addresses_v4, link_addresses_v6, overlaps, parse_v4, parse_v6, split29,
    PrefixError,
};
use crate::rule;

// §5.1 Fields common to private and Microsoft peering.
rule!(
    ER_P_002,
    "ER-P-002",
    "P2 / §5.4",
    Error,
    "Peer ASN is entered and is a whole number from 1 to 4294967295",
    src::SPEC,
    why: "The BGP session needs the customer's AS number; Azure refuses a peering without a valid one.",
    example: "peer ASN 0"
);
rule!(
    ER_P_003,
    "ER-P-003",
    "P3 / U13",
    Error,
    "Primary IPv4 subnet is entered and is a /30 network address (no host bits set)",
    src::DOC_PEER_PORTAL,
    why: "The primary link's BGP session runs on this /30; Azure takes only a /30, and a host address may be refused or silently changed.",
    example: "primary subnet 192.168.100.129/30 (host bits set)"
);
rule!(
    ER_P_004,
    "ER-P-004",
    "P4 / U13",
    Error,
    "Secondary IPv4 subnet is entered, is a /30 network address and differs from the primary",
    src::DOC_PEER_PORTAL,
    why: "The secondary link needs its own /30; the same subnet twice cannot carry two sessions.",
    example: "secondary subnet equal to the primary"
);
rule!(
    ER_P_005,
    "ER-P-005",
    "P5",
    Error,
    "A /29 entered for both links is a /29 starting on an 8-address boundary",
    src::DOC_ROUTING,
    why: "A /29 is split into the two /30s only from an 8-address boundary.",
    example: "192.168.100.132/29"
);
rule!(
    ER_P_006,
    "ER-P-006",
    "P6 / P10",
    Info,
    "Link addresses: your router takes the first usable address of each /30 (/126), Microsoft the second; Microsoft's ASN is 12076",
    src::DOC_ROUTING,
    why: "Routers are configured with these addresses; a swapped side keeps BGP down.",
    example: "192.168.100.128/30: your router .129, Microsoft .130"
);
rule!(
    ER_P_007,
    "ER-P-007",
    "P7 / U1",
    Error,
    "VLAN ID is entered and is a whole number from 1 to 4094",
    src::DECISIONS,
    why: "802.1Q tags run from 1 to 4094 (0 and 4095 are reserved), so no provider or router can carry another VLAN ID.",
    example: "VLAN ID 4095"
);
rule!(
    ER_P_008,
    "ER-P-008",
    "P8 / U14",
    Error,
    "Shared key, when given, is 1–25 letters or digits",
    src::DOC_PEER_PORTAL,
    why: "The portal refuses other keys, and the routers must hold the same key for BGP to come up.",
    example: "shared key pass-word!"
);
rule!(
    ER_P_009,
    "ER-P-009",
    "P9",
    Info,
    "The peering's IPv4 session is disabled",
    src::SPEC,
    why: "No IPv4 routes are exchanged until the session is enabled.",
    example: "a peering with its IPv4 session disabled"
);
rule!(
    ER_P_011,
    "ER-P-011",
    "P11 / U13",
    Error,
    "IPv6 subnets are entered, are /126 network addresses, and primary and secondary differ",
    src::DOC_IPV6,
    why: "IPv6 BGP sessions run on two distinct /126s; Azure refuses other sizes.",
    example: "primary IPv6 subnet 2001:db8::/64"
);
rule!(
    ER_P_012,
    "ER-P-012",
    "P3 / P11",
    Warning,
    "Subnets or prefixes entered for an address family the peering doesn't carry are ignored",
    src::DOC_PEER_PORTAL,
    why: "Values for an address family the peering does not carry are not deployed.",
    example: "IPv6 subnets typed on an IPv4-only peering"
);

/// Checks the fields every peering has; returns the subnets in use (path, prefix as typed).
pub(super) fn common(ctx: &Ctx, out: &mut Vec<Finding>) -> Vec<(FieldPath, IpNet)> {
    peer_asn(ctx, out);
    vlan_format(ctx, out);
    shared_key(ctx, out);
    if !ctx.p.enabled && ctx.p.address_family.has_v4() {
        out.push(
            ER_P_009.at(
                ctx.path(P::Enabled),
                "The IPv4 session of this peering is disabled: no IPv4 routes are exchanged until it is enabled.",
            )
            .with_fix(Fix::replace("Enable the IPv4 session", "true")),
        );
    }
    subnets(ctx, out)
}

fn shared_key(ctx: &Ctx, out: &mut Vec<Finding>) {
    let key = ctx.p.shared_key.as_str();
    if key.is_empty() {
        return;
    }
    let n = key.chars().count();
    let problem = if let Some(c) = key.chars().find(|c| !c.is_ascii_alphanumeric()) {
        let shown = if c == ' ' {
            "a space".to_string()
        } else {
            format!("{c:?}")
        };
        format!("The shared key can only contain letters and digits; it contains {shown}.")
    } else if n > 25 {
        format!("The shared key is {n} characters long; the maximum is 25.")
    } else {
        return;
    };
    let fixed: String = key
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .take(25)
        .collect();
    let f = ER_P_008.at(ctx.path(P::SharedKey), problem);
    out.push(if fixed.is_empty() {
        f.with_fix(Fix::advice(
            "Use 1–25 letters and digits, the same key on your routers.",
        ))
    } else {
        f.with_fix(Fix::replace(
            "Keep only the first 25 letters and digits (set the same key on your routers)",
            fixed,
        ))
    });
}

/// Which part of a pair a subnet field is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    Primary,
    Secondary,
    /// One prefix holding both links (the /29 field).
    Whole,
}

/// What a subnet field needs.
#[derive(Debug, Clone, Copy)]
struct Want {
    len: u8,
    v6: bool,
    slot: Slot,
    what: &'static str,
    example: &'static str,
}

const PRIMARY_V4: Want = Want {
    len: 30,
    v6: false,
    slot: Slot::Primary,
    what: "primary subnet",
    example: "192.168.100.128/30",
};
const SECONDARY_V4: Want = Want {
    len: 30,
    v6: false,
    slot: Slot::Secondary,
    what: "secondary subnet",
    example: "192.168.100.132/30",
};
const WHOLE_V4: Want = Want {
    len: 29,
    v6: false,
    slot: Slot::Whole,
    what: "subnet for both links",
    example: "192.168.100.128/29",
};
const PRIMARY_V6: Want = Want {
    len: 126,
    v6: true,
    slot: Slot::Primary,
    what: "primary IPv6 subnet",
    example: "2001:db8:100::/126",
};
const SECONDARY_V6: Want = Want {
    len: 126,
    v6: true,
    slot: Slot::Secondary,
    what: "secondary IPv6 subnet",
    example: "2001:db8:100::4/126",
};

/// Checks one subnet field against `w`; returns the prefix as typed when it parses in the right
/// family (whatever its length), for the checks that follow.
fn subnet_field(
    rule: &RuleInfo,
    path: FieldPath,
    text: &str,
    w: Want,
    required: bool,
    out: &mut Vec<Finding>,
) -> Option<IpNet> {
    let t = text.trim();
    let (fam, other) = if w.v6 {
        ("IPv6", "IPv4")
    } else {
        ("IPv4", "IPv6")
    };
    let (what, len, example) = (w.what, w.len, w.example);
    let parsed = if w.v6 {
        parse_v6(t).map(IpNet::V6)
    } else {
        parse_v4(t).map(IpNet::V4)
    };
    let net = match parsed {
        Ok(n) => n,
        Err(PrefixError::Empty) => {
            if required {
                out.push(rule.at(path, format!("Enter the {what}, e.g. {example}.")));
            }
            return None;
        }
        Err(PrefixError::MissingLength) => {
            let fix = t
                .parse::<IpAddr>()
                .ok()
                .and_then(|a| IpNet::new(a, len).ok())
                .map(|n| n.trunc());
            let f = rule.at(
                path,
                format!("\"{t}\" has no prefix length: the {what} must be a /{len} network address, e.g. {example}."),
            );
            out.push(with_use(f, fix));
            return None;
        }
        Err(PrefixError::WrongFamily) => {
            let hint = if w.v6 {
                ""
            } else {
                " IPv6 subnets go in the IPv6 fields (address family IPv6 or Both)."
            };
            out.push(rule.at(
                path,
                format!("{t} is an {other} prefix, but the {what} is {fam}: enter a /{len} such as {example}.{hint}"),
            ));
            return None;
        }
        Err(PrefixError::Invalid) => {
            out.push(rule.at(
                path,
                format!("\"{t}\" is not a valid {fam} prefix: the {what} must be a /{len} network address such as {example}."),
            ));
            return None;
        }
    };
    let plen = net.prefix_len();
    let base = net.trunc();
    if plen == len {
        if host_bits_set(&net) {
            let msg = if w.slot == Slot::Whole {
                format!(
                    "A /29 must start on an 8-address boundary: {t} doesn't; did you mean {base}?"
                )
            } else {
                format!("The {what} must be a /{len} network address: {t} has host bits set; did you mean {base}?")
            };
            let f = rule.at(path, msg);
            out.push(with_use(f, Some(base)));
        }
    } else if plen > len {
        let fix = IpNet::new(net.addr(), len).ok().map(|n| n.trunc());
        let f = rule.at(
            path,
            format!("{t} is a /{plen}: the {what} must be a /{len} network address, e.g. the /{len} that contains it."),
        );
        out.push(with_use(f, fix));
    } else if w.slot != Slot::Whole && plen.saturating_add(1) == len {
        let halves: Vec<IpNet> = base
            .subnets(len)
            .map(|s| s.take(2).collect())
            .unwrap_or_default();
        let msg = match halves.as_slice() {
            [a, b] => {
                let (mine, other) = if w.slot == Slot::Primary {
                    (a, "secondary")
                } else {
                    (b, "primary")
                };
                let mode = if w.v6 { "" } else { " (or choose \"One /29\")" };
                format!("{t} is a /{plen}, but the {what} must be a /{len}. A /{plen} is split into two /{len}s: the first ({a}) for the primary link, the second ({b}) for the secondary. Enter {mine} here and the other half as the {other} {fam} subnet{mode}.")
            }
            _ => format!("{t} is a /{plen}, but the {what} must be a /{len}."),
        };
        let mine = halves.get(usize::from(w.slot == Slot::Secondary)).copied();
        let f = rule.at(path, msg);
        out.push(with_use(f, mine));
    } else {
        let k = usize::from(w.slot == Slot::Secondary);
        let fix = base.subnets(len).ok().and_then(|mut s| s.nth(k));
        let f = rule.at(
            path,
            format!("{t} is a /{plen}, but the {what} must be a /{len}: use one /{len} of it."),
        );
        out.push(with_use(f, fix));
    }
    Some(net)
}

/// How the two halves of a primary/secondary pair relate.
enum Pair {
    /// Both are valid and distinct (network form).
    Valid(IpNet, IpNet),
    /// Both are the same /30 (/126), in network form: reported on the secondary.
    Clash(IpNet),
    /// One of them is missing or not of the right length: nothing to compare.
    Unknown,
}

/// Checks that the two halves of a pair differ (reporting a clash on the secondary at `path`).
fn pair(
    rule: &RuleInfo,
    path: FieldPath,
    a: Option<IpNet>,
    b: Option<IpNet>,
    len: u8,
    out: &mut Vec<Finding>,
) -> Pair {
    let (Some(a), Some(b)) = (a, b) else {
        return Pair::Unknown;
    };
    if a.prefix_len() != len || b.prefix_len() != len {
        return Pair::Unknown;
    }
    let (na, nb) = (a.trunc(), b.trunc());
    if overlaps(&na, &nb) {
        // The other half of the enclosing /29 (/125).
        let sibling = IpNet::new(na.addr(), len.saturating_sub(1))
            .ok()
            .and_then(|p| p.trunc().subnets(len).ok())
            .and_then(|mut s| s.find(|x| *x != na));
        let msg = if a == b {
            format!("The secondary subnet is the same as the primary ({na}): each link needs its own /{len}.")
        } else {
            format!("The secondary subnet {b} overlaps the primary subnet {a} (both are {na}): each link needs its own /{len}.")
        };
        out.push(with_use(rule.at(path, msg), sibling));
        return Pair::Clash(na);
    }
    if host_bits_set(&a) || host_bits_set(&b) {
        return Pair::Unknown;
    }
    Pair::Valid(na, nb)
}

/// Checks a primary/secondary pair of subnet fields, adds the link addresses (P6) when both are
/// valid, and returns the prefixes that parsed (path, prefix as typed).
fn two_links(
    ctx: &Ctx,
    rules: [&RuleInfo; 2],
    fields: [(P, &str, Want); 2],
    out: &mut Vec<Finding>,
) -> Vec<(FieldPath, IpNet)> {
    let [(fa, ta, wa), (fb, tb, wb)] = fields;
    let (pa, pb) = (ctx.path(fa), ctx.path(fb));
    let a = subnet_field(rules[0], pa, ta, wa, ctx.required, out);
    let mut second = Vec::new();
    let b = subnet_field(rules[1], pb, tb, wb, ctx.required, &mut second);
    let mut info = None;
    match pair(rules[1], pb, a, b, wa.len, &mut second) {
        Pair::Valid(x, y) => info = link_info(x, y),
        Pair::Clash(primary) => {
            // Never offer a fix that makes the secondary equal to the primary.
            let clash = primary.to_string();
            second.retain(|f| f.fix.as_ref().and_then(|x| x.value.as_deref()) != Some(&clash));
        }
        Pair::Unknown => {}
    }
    out.append(&mut second);
    if let Some(msg) = info {
        out.push(ER_P_006.at(pa, msg));
    }
    a.map(|n| (pa, n))
        .into_iter()
        .chain(b.map(|n| (pb, n)))
        .collect()
}

/// The P6 text for a valid pair of /30s or /126s.
fn link_info(a: IpNet, b: IpNet) -> Option<String> {
    let (ca, ma, cb, mb) = match (a, b) {
        (IpNet::V4(a), IpNet::V4(b)) => {
            let (ca, ma) = link_addresses_v4(a)?;
            let (cb, mb) = link_addresses_v4(b)?;
            (
                ca.to_string(),
                ma.to_string(),
                cb.to_string(),
                mb.to_string(),
            )
        }
        (IpNet::V6(a), IpNet::V6(b)) => {
            let (ca, ma) = link_addresses_v6(a)?;
            let (cb, mb) = link_addresses_v6(b)?;
            (
                ca.to_string(),
                ma.to_string(),
                cb.to_string(),
                mb.to_string(),
            )
        }
        _ => return None,
    };
    Some(format!(
        "Primary link: your router {ca}, Microsoft {ma}. Secondary link: your router {cb}, Microsoft {mb}. Microsoft's routers use ASN {MICROSOFT_ASN}."
    ))
}

/// Warns about values typed for a family the peering doesn't carry.
pub(super) fn ignored(ctx: &Ctx, fields: &[(P, bool)], family: &str, out: &mut Vec<Finding>) {
    for (field, filled) in fields {
        if *filled {
            out.push(
                ER_P_012.at(
                    ctx.path(*field),
                    format!("This peering doesn't carry {family}, so this value is ignored: choose address family Both to use it, or clear it."),
                )
                .with_fix(Fix::replace("Clear it", "")),
            );
        }
    }
}

fn subnets(ctx: &Ctx, out: &mut Vec<Finding>) -> Vec<(FieldPath, IpNet)> {
    let p = ctx.p;
    let req = ctx.required;
    let mut active = Vec::new();
    if p.address_family.has_v4() {
        match p.subnet_mode {
            SubnetMode::TwoSlash30 => {
                active = two_links(
                    ctx,
                    [&ER_P_003, &ER_P_004],
                    [
                        (P::PrimarySubnet, &p.primary_subnet, PRIMARY_V4),
                        (P::SecondarySubnet, &p.secondary_subnet, SECONDARY_V4),
                    ],
                    out,
                );
            }
            SubnetMode::OneSlash29 => {
                let path = ctx.path(P::Subnet29);
                let w = subnet_field(&ER_P_005, path, &p.subnet29, WHOLE_V4, req, out);
                if let Some(IpNet::V4(n)) = w {
                    if n.prefix_len() == 29 && n.addr() == n.network() {
                        if let Some((x, y)) = split29(n) {
                            if let Some(msg) = link_info(IpNet::V4(x), IpNet::V4(y)) {
                                out.push(ER_P_006.at(
                                    path,
                                    format!("{n} splits into primary {x} and secondary {y}. {msg}"),
                                ));
                            }
                        }
                    }
                }
                active.extend(w.map(|n| (path, n)));
            }
        }
    } else {
        ignored(
            ctx,
            &[
                (P::PrimarySubnet, !p.primary_subnet.trim().is_empty()),
                (P::SecondarySubnet, !p.secondary_subnet.trim().is_empty()),
                (P::Subnet29, !p.subnet29.trim().is_empty()),
            ],
            "IPv4",
            out,
        );
    }
    if p.address_family.has_v6() {
        active.extend(two_links(
            ctx,
            [&ER_P_011, &ER_P_011],
            [
                (P::PrimarySubnetV6, &p.primary_subnet_v6, PRIMARY_V6),
                (P::SecondarySubnetV6, &p.secondary_subnet_v6, SECONDARY_V6),
            ],
            out,
        ));
    } else {
        ignored(
            ctx,
            &[
                (P::PrimarySubnetV6, !p.primary_subnet_v6.trim().is_empty()),
                (
                    P::SecondarySubnetV6,
                    !p.secondary_subnet_v6.trim().is_empty(),
                ),
            ],
            "IPv6",
            out,
        );
    }
    active
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use super::*;
    use crate::domain::finding::Severity;
    use crate::domain::model::{AddressFamily, Design};

    /// Runs one subnet case and returns (code, field, fix) for each non-baseline finding.
    fn subnet_case(d: &Design) -> Vec<(&'static str, String, Option<String>)> {
        problems(d)
            .into_iter()
            .map(|f| {
                let field = f.path.rsplit('.').next().unwrap_or("").to_string();
                let fix = fix_of(&f).map(String::from);
                (f.code, field, fix)
            })
            .collect()
    }

    type SubnetRow = (
        &'static str,
        &'static [(&'static str, &'static str, Option<&'static str>)],
    );

    fn expect(rows: &[SubnetRow], set: impl Fn(&mut Design, &str)) {
        for (text, want) in rows {
            let mut d = base();
            set(&mut d, text);
            let want: Vec<_> = want
                .iter()
                .map(|(c, f, x)| (*c, f.to_string(), x.map(String::from)))
                .collect();
            assert_eq!(subnet_case(&d), want, "{text:?}");
        }
    }

    #[test]
    fn primary_ipv4_subnet() {
        let rows: &[SubnetRow] = &[
            ("192.168.100.128/30", &[]),
            (" 192.168.100.128/30 ", &[]),
            (
                "192.168.100.129/30",
                &[("ER-P-003", "primarySubnet", Some("192.168.100.128/30"))],
            ),
            (
                "192.168.100.128/31",
                &[("ER-P-003", "primarySubnet", Some("192.168.100.128/30"))],
            ),
            (
                "192.168.100.130/32",
                &[("ER-P-003", "primarySubnet", Some("192.168.100.128/30"))],
            ),
            (
                "192.168.100.128/29",
                &[("ER-P-003", "primarySubnet", Some("192.168.100.128/30"))],
            ),
            (
                "192.168.100.136/29",
                &[("ER-P-003", "primarySubnet", Some("192.168.100.136/30"))],
            ),
            (
                "192.168.100.0/24",
                &[("ER-P-003", "primarySubnet", Some("192.168.100.0/30"))],
            ),
            (
                "192.168.100.130",
                &[("ER-P-003", "primarySubnet", Some("192.168.100.128/30"))],
            ),
            ("", &[("ER-P-003", "primarySubnet", None)]),
            ("abc", &[("ER-P-003", "primarySubnet", None)]),
            ("010.0.0.0/30", &[("ER-P-003", "primarySubnet", None)]),
            ("2001:db8::/126", &[("ER-P-003", "primarySubnet", None)]),
            // Same as the secondary: reported on the secondary with the other half of the /29.
            (
                "192.168.100.132/30",
                &[("ER-P-004", "secondarySubnet", Some("192.168.100.128/30"))],
            ),
            // Overlapping (host bits in the same /30).
            (
                "192.168.100.133/30",
                &[
                    ("ER-P-003", "primarySubnet", Some("192.168.100.132/30")),
                    ("ER-P-004", "secondarySubnet", Some("192.168.100.128/30")),
                ],
            ),
            (
                "0.0.0.0/0",
                &[
                    ("ER-P-003", "primarySubnet", Some("0.0.0.0/30")),
                    ("ER-PP-008", "primarySubnet", None),
                ],
            ),
        ];
        expect(rows, |d, t| pp(d).primary_subnet = t.into());
        let mut d = base();
        pp(&mut d).primary_subnet = "192.168.100.136/29".into();
        let m = &problems(&d)[0].message;
        assert!(
            m.contains("192.168.100.136/30") && m.contains("192.168.100.140/30"),
            "{m}"
        );
        pp(&mut d).primary_subnet = String::new();
        assert_eq!(
            problems(&d)[0].message,
            "Enter the primary subnet, e.g. 192.168.100.128/30."
        );
    }

    #[test]
    fn secondary_ipv4_subnet() {
        let rows: &[SubnetRow] = &[
            ("192.168.100.132/30", &[]),
            (
                "192.168.100.128/29",
                &[("ER-P-004", "secondarySubnet", Some("192.168.100.132/30"))],
            ),
            (
                "192.168.100.0/24",
                &[("ER-P-004", "secondarySubnet", Some("192.168.100.4/30"))],
            ),
            (
                "192.168.100.134/30",
                &[("ER-P-004", "secondarySubnet", Some("192.168.100.132/30"))],
            ),
            (
                "192.168.100.128/30",
                &[("ER-P-004", "secondarySubnet", Some("192.168.100.132/30"))],
            ),
            // Host bits that would make it the primary: only the clash (with a usable fix) is shown.
            (
                "192.168.100.129/30",
                &[("ER-P-004", "secondarySubnet", Some("192.168.100.132/30"))],
            ),
            ("", &[("ER-P-004", "secondarySubnet", None)]),
            (
                "192.168.100.300/30",
                &[("ER-P-004", "secondarySubnet", None)],
            ),
        ];
        expect(rows, |d, t| pp(d).secondary_subnet = t.into());
    }

    #[test]
    fn one_slash29_mode() {
        let rows: &[SubnetRow] = &[
            ("192.168.100.128/29", &[]),
            (
                "192.168.100.132/29",
                &[("ER-P-005", "subnet29", Some("192.168.100.128/29"))],
            ),
            (
                "192.168.100.128/30",
                &[("ER-P-005", "subnet29", Some("192.168.100.128/29"))],
            ),
            (
                "192.168.100.0/24",
                &[("ER-P-005", "subnet29", Some("192.168.100.0/29"))],
            ),
            (
                "192.168.100.130",
                &[("ER-P-005", "subnet29", Some("192.168.100.128/29"))],
            ),
            ("", &[("ER-P-005", "subnet29", None)]),
            ("x", &[("ER-P-005", "subnet29", None)]),
        ];
        expect(rows, |d, t| {
            let p = pp(d);
            p.subnet_mode = SubnetMode::OneSlash29;
            p.subnet29 = t.into();
            // The /30 fields are not used in this mode.
            p.primary_subnet = "garbage".into();
        });
        let mut d = base();
        pp(&mut d).subnet_mode = SubnetMode::OneSlash29;
        pp(&mut d).subnet29 = "192.168.100.128/29".into();
        let f = run(&d);
        assert_eq!(
            (f[0].code, f[0].path.as_str()),
            ("ER-P-006", "circuits[0].privatePeering.subnet29")
        );
        assert!(f[0]
            .message
            .contains("primary 192.168.100.128/30 and secondary 192.168.100.132/30"));
        assert!(f[0]
            .message
            .contains("your router 192.168.100.133, Microsoft 192.168.100.134"));
        pp(&mut d).subnet29 = "192.168.100.132/29".into();
        assert!(problems(&d)[0].message.contains("8-address boundary"));
    }

    #[test]
    fn ipv6_subnets() {
        let mut d = base();
        dual_stack(&mut d);
        assert!(problems(&d).is_empty(), "{:?}", problems(&d));
        let f = run(&d);
        assert_eq!(f[1].path, format!("{PP}primarySubnetV6"));
        assert!(f[1]
            .message
            .contains("your router 2001:db8:1::1, Microsoft 2001:db8:1::2"));
        assert!(f[1]
            .message
            .contains("your router 2001:db8:1::5, Microsoft 2001:db8:1::6"));

        let rows: &[SubnetRow] = &[
            (
                "2001:db8:1::1/126",
                &[("ER-P-011", "primarySubnetV6", Some("2001:db8:1::/126"))],
            ),
            (
                "2001:db8:1::/125",
                &[("ER-P-011", "primarySubnetV6", Some("2001:db8:1::/126"))],
            ),
            (
                "2001:db8:1::/127",
                &[("ER-P-011", "primarySubnetV6", Some("2001:db8:1::/126"))],
            ),
            (
                "2001:db8:1::2",
                &[("ER-P-011", "primarySubnetV6", Some("2001:db8:1::/126"))],
            ),
            ("192.168.0.0/30", &[("ER-P-011", "primarySubnetV6", None)]),
            ("", &[("ER-P-011", "primarySubnetV6", None)]),
            (
                "2001:db8:1::4/126",
                &[("ER-P-011", "secondarySubnetV6", Some("2001:db8:1::/126"))],
            ),
            ("fe80::/126", &[("ER-PP-008", "primarySubnetV6", None)]),
        ];
        expect(rows, |d, t| {
            dual_stack(d);
            pp(d).primary_subnet_v6 = t.into();
        });
        let rows: &[SubnetRow] = &[
            (
                "2001:db8:1::/125",
                &[("ER-P-011", "secondarySubnetV6", Some("2001:db8:1::4/126"))],
            ),
            (
                "2001:db8:1::7/126",
                &[("ER-P-011", "secondarySubnetV6", Some("2001:db8:1::4/126"))],
            ),
        ];
        expect(rows, |d, t| {
            dual_stack(d);
            pp(d).secondary_subnet_v6 = t.into();
        });
    }

    #[test]
    fn values_of_a_family_not_carried_are_ignored() {
        // IPv6 only: the IPv4 /30s are ignored (and not checked), the /126s are required.
        let mut d = base();
        dual_stack(&mut d);
        pp(&mut d).address_family = AddressFamily::Ipv6;
        pp(&mut d).secondary_subnet = "garbage".into();
        let p = problems(&d);
        assert_eq!(
            codes_paths(&p),
            owned(&[
                ("ER-P-012", &format!("{PP}primarySubnet")),
                ("ER-P-012", &format!("{PP}secondarySubnet")),
            ])
        );
        assert_eq!(fix_of(&p[0]), Some(""));
        pp(&mut d).primary_subnet_v6.clear();
        assert_eq!(
            codes_paths(&problems(&d))[2..],
            owned(&[("ER-P-011", &format!("{PP}primarySubnetV6"))])[..]
        );
        // IPv4 only: the /126s are ignored.
        let mut d = base();
        dual_stack(&mut d);
        pp(&mut d).address_family = AddressFamily::Ipv4;
        assert_eq!(
            codes_paths(&problems(&d)),
            owned(&[
                ("ER-P-012", &format!("{PP}primarySubnetV6")),
                ("ER-P-012", &format!("{PP}secondarySubnetV6")),
            ])
        );
        // Microsoft peering: IPv6 prefixes on an IPv4-only peering, IPv4 ones on IPv6-only.
        let mut d = base();
        mp(&mut d).advertised_prefixes_v6 = vec!["2a01:111::/32".into()];
        assert_eq!(
            codes_paths(&problems(&d)),
            owned(&[("ER-P-012", &format!("{MS}advertisedPrefixesV6"))])
        );
    }

    #[test]
    fn shared_key() {
        let rows: &[(&str, Option<Option<&str>>)] = &[
            ("", None),
            ("a", None),
            ("Abc123", None),
            (&"k".repeat(25), None),
            (&"k".repeat(26), Some(Some(&"k".repeat(25)))),
            ("abc-def", Some(Some("abcdef"))),
            ("Key 1", Some(Some("Key1"))),
            ("pässwort1", Some(Some("psswort1"))),
            ("!!!", Some(None)),
            ("   ", Some(None)),
        ];
        for (key, want) in rows {
            let mut d = base();
            pp(&mut d).shared_key = key.to_string();
            let p = problems(&d);
            match want {
                None => assert!(p.is_empty(), "{key:?}: {p:?}"),
                Some(fix) => {
                    assert_eq!(
                        codes_paths(&p),
                        owned(&[("ER-P-008", &format!("{PP}sharedKey"))]),
                        "{key:?}"
                    );
                    assert_eq!(fix_of(&p[0]), *fix, "{key:?}");
                }
            }
        }
    }

    #[test]
    fn disabled_ipv4_session_is_noted() {
        let mut d = base();
        pp(&mut d).enabled = false;
        let p = problems(&d);
        assert_eq!(
            codes_paths(&p),
            owned(&[("ER-P-009", &format!("{PP}enabled"))])
        );
        assert_eq!(
            (p[0].severity, fix_of(&p[0])),
            (Severity::Info, Some("true"))
        );
    }
}
