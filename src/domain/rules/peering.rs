//! §5 Peerings (common fields, Azure private peering, Microsoft peering, the §5.4 ASN table) and
//! §6 route filters, plus gating rule G5 (Microsoft peering needs a route filter) and D4 (VLAN
//! uniqueness per circuit and per 802.1Q port pair).
//!
//! Everything here looks inside one peering or one route filter, or at VLANs across peerings.
//! Address ranges compared *across* objects (peering subnets against VNets, reuse between peerings
//! or circuits, route counts) are checked in [`super::network`].

use crate::domain::sorted::{VecMap, VecSet};
use std::net::IpAddr;

use ipnet::IpNet;

use super::circuit_path as cp;
use super::names::{check_name, NAME_1_80};
use crate::domain::catalog::circuit::circuit_location;
use crate::domain::catalog::{
    self,
    bgp::{
        is_known_community, AS_TRANS, AZURE_RESERVED_ASNS, COMMUNITIES, DOCUMENTATION_ASNS,
        IANA_RESERVED_ASNS, M365_COMMUNITIES, MAX_ADVERTISED, MAX_ASN, MAX_CUSTOMER_ASN,
        MICROSOFT_ASN, MICROSOFT_ASNS, PRIVATE_ASNS_2BYTE, PRIVATE_ASNS_4BYTE, ROUTING_REGISTRIES,
    },
};
use crate::domain::finding::{src, Finding, Fix, RuleInfo, Severity};
use crate::domain::model::{
    AddressFamily, Circuit, Design, Encapsulation, MicrosoftPeering, Peering, PortType, SkuTier,
    SubnetMode,
};
use crate::domain::net::{
    host_bits_set, is_rfc1918, link_addresses_v4, link_addresses_v6, non_public_reason, overlaps,
    parse_any, parse_asn, parse_uint, parse_v4, parse_v6, split29, AsnError, PrefixError,
};
use crate::rule;

// §5.1 Fields common to private and Microsoft peering.
rule!(
    ER_P_002,
    "ER-P-002",
    "P2 / §5.4",
    Error,
    "Peer ASN is entered and is a whole number from 1 to 4294967295",
    src::SPEC
);
rule!(
    ER_P_003,
    "ER-P-003",
    "P3 / U13",
    Error,
    "Primary IPv4 subnet is entered and is a /30 network address (no host bits set)",
    src::DOC_PEER_PORTAL
);
rule!(
    ER_P_004,
    "ER-P-004",
    "P4 / U13",
    Error,
    "Secondary IPv4 subnet is entered, is a /30 network address and differs from the primary",
    src::DOC_PEER_PORTAL
);
rule!(
    ER_P_005,
    "ER-P-005",
    "P5",
    Error,
    "A /29 entered for both links is a /29 starting on an 8-address boundary",
    src::DOC_ROUTING
);
rule!(
    ER_P_006,
    "ER-P-006",
    "P6 / P10",
    Info,
    "Link addresses: your router takes the first usable address of each /30 (/126), Microsoft the second; Microsoft's ASN is 12076",
    src::DOC_ROUTING
);
rule!(
    ER_P_007,
    "ER-P-007",
    "P7 / U1",
    Error,
    "VLAN ID is entered and is a whole number from 1 to 4094",
    src::DECISIONS
);
rule!(
    ER_P_008,
    "ER-P-008",
    "P8 / U14",
    Error,
    "Shared key, when given, is 1–25 letters or digits",
    src::DOC_PEER_PORTAL
);
rule!(
    ER_P_009,
    "ER-P-009",
    "P9",
    Info,
    "The peering's IPv4 session is disabled",
    src::SPEC
);
rule!(
    ER_P_011,
    "ER-P-011",
    "P11 / U13",
    Error,
    "IPv6 subnets are entered, are /126 network addresses, and primary and secondary differ",
    src::DOC_IPV6
);
rule!(
    ER_P_012,
    "ER-P-012",
    "P3 / P11",
    Warning,
    "Subnets or prefixes entered for an address family the peering doesn't carry are ignored",
    src::DOC_PEER_PORTAL
);

// §5.2 Azure private peering.
rule!(
    ER_PP_001,
    "ER-PP-001",
    "PP1",
    Info,
    "Private peering subnets outside RFC 1918 are allowed (any address of your WAN, public included)",
    src::DOC_ROUTING
);
rule!(
    ER_PP_003,
    "ER-PP-003",
    "PP3 / §5.4 / U2",
    Error,
    "Private peering ASN is not one of Azure's reserved ASNs 65515–65520",
    src::DOC_PEER_PORTAL
);
rule!(
    ER_PP_004,
    "ER-PP-004",
    "PP4 / §5.4",
    Warning,
    "A public ASN on private peering must be your own",
    src::DOC_PEERINGS
);
rule!(
    ER_PP_005,
    "ER-PP-005",
    "PP5",
    Warning,
    "A default route advertised from on-premises over private peering draws Azure's internet-bound traffic",
    src::DOC_ROUTING
);
rule!(
    ER_PP_007,
    "ER-PP-007",
    "PP7",
    Error,
    "A dual-stack gateway can't connect to a circuit whose private peering is IPv4-only",
    src::DOC_IPV6
);
rule!(
    ER_PP_008,
    "ER-PP-008",
    "PP1 (derived)",
    Warning,
    "Private peering subnets are usable unicast addresses (not loopback, link-local, multicast or reserved)",
    src::DECISIONS
);
rule!(
    ER_PP_009,
    "ER-PP-009",
    "PP7",
    Warning,
    "IPv6 private peering needs a dual-stack VNet and GatewaySubnet; FastPath doesn't carry IPv6 on provider circuits or at Dubai",
    src::DOC_IPV6
);

// §5.3 Microsoft peering.
rule!(
    ER_MP_001,
    "ER-MP-001",
    "MP1 / MP4 / U6",
    Error,
    "Microsoft peering subnets are public addresses",
    src::DOC_ROUTING
);
rule!(
    ER_MP_003,
    "ER-MP-003",
    "MP3 / U13",
    Error,
    "IPv4 Microsoft peering has advertised prefixes, each a valid prefix of the right family with no host bits",
    src::DOC_PEER_PORTAL
);
rule!(
    ER_MP_004,
    "ER-MP-004",
    "MP3 / MP4 / U6",
    Error,
    "Advertised prefixes are public: no RFC 1918, shared (100.64/10), documentation, reserved ranges or default route",
    src::DOC_ROUTING
);
rule!(
    ER_MP_005,
    "ER-MP-005",
    "MP5",
    Warning,
    "At most 200 advertised prefixes per BGP session (IPv4 and IPv6 each)",
    src::DOC_LIMITS
);
rule!(
    ER_MP_006,
    "ER-MP-006",
    "MP6 / U15",
    Error,
    "Customer ASN, when given, is a whole number from 1 to 2147483647 (the API stores it as int32)",
    src::SPEC
);
rule!(
    ER_MP_007,
    "ER-MP-007",
    "MP7 / U7",
    Error,
    "Routing registry, when given, is ARIN, APNIC, AFRINIC, LACNIC, RIPENCC, RADB, ALTDB or LEVEL3",
    src::DECISIONS
);
rule!(
    ER_MP_010,
    "ER-MP-010",
    "MP10",
    Error,
    "The route filter named by a Microsoft peering exists in the design",
    src::TF
);
rule!(
    ER_MP_011,
    "ER-MP-011",
    "MP11 / §5.4",
    Error,
    "Documentation ASNs 64496–64511 aren't allowed on Microsoft peering",
    src::DOC_ROUTING
);
rule!(
    ER_MP_012,
    "ER-MP-012",
    "MP12",
    Info,
    "Microsoft validates that the advertised prefixes and ASN are registered to you",
    src::DOC_ROUTING
);
rule!(
    ER_MP_013,
    "ER-MP-013",
    "MP13",
    Warning,
    "Microsoft 365 communities on Microsoft peering need the Premium add-on (and Microsoft's authorization)",
    src::DOC_FAQ
);
rule!(
    ER_MP_014,
    "ER-MP-014",
    "MP14 (reminder)",
    Info,
    "Prefixes advertised over Microsoft peering shouldn't also be advertised to the internet (asymmetric routing)",
    src::DOC_ROUTING
);
rule!(
    ER_MP_015,
    "ER-MP-015",
    "MP6",
    Warning,
    "Customer ASN is only needed when the prefixes are registered to an ASN other than the peer ASN",
    src::DOC_PEER_PORTAL
);
rule!(
    ER_MP_016,
    "ER-MP-016",
    "MP3",
    Warning,
    "An advertised prefix is listed only once",
    src::DOC_PEER_PORTAL
);
rule!(
    ER_MP_017,
    "ER-MP-017",
    "MP3",
    Warning,
    "IPv6 Microsoft peering has advertised IPv6 prefixes",
    src::DOC_PEER_PORTAL
);

// §5.4 ASN table rows beyond P2 / PP3 / MP11.
rule!(
    ER_ASN_001,
    "ER-ASN-001",
    "§5.4 / U2",
    Error,
    "Microsoft's own ASNs 8074, 8075 and 12076 can't be used as the customer's ASN",
    src::DOC_VPNBGP
);
rule!(
    ER_ASN_002,
    "ER-ASN-002",
    "§5.4 / U2",
    Error,
    "IANA-reserved ASNs can't be used: 23456 (AS_TRANS), 65535, 65536–65551, 4294967295",
    src::DOC_VPNBGP
);
rule!(
    ER_ASN_003,
    "ER-ASN-003",
    "§5.4 / U2",
    Error,
    "Azure-reserved ASNs 65515–65520 can't be used on Microsoft peering",
    src::DOC_ROUTING
);
rule!(
    ER_ASN_004,
    "ER-ASN-004",
    "§5.4",
    Warning,
    "Documentation ASNs 64496–64511 on private peering",
    src::DOC_VPNBGP
);
rule!(
    ER_ASN_005,
    "ER-ASN-005",
    "§5.4 / MP11",
    Warning,
    "A private ASN on Microsoft peering needs manual validation and is stripped from the AS path",
    src::DOC_ROUTING
);
rule!(
    ER_ASN_006,
    "ER-ASN-006",
    "§5.4",
    Warning,
    "ASN typed in asdot notation (X.Y): the API takes the asplain number",
    src::SPEC
);
rule!(
    ER_ASN_007,
    "ER-ASN-007",
    "§5.4 / U16",
    Info,
    "4-byte ASN: supported by ExpressRoute; Azure Route Server only speaks 2-byte ASNs",
    src::DOC_ROUTING
);

// §6 Route filters.
rule!(
    ER_RF_001,
    "ER-RF-001",
    "§6 name / §1.1",
    Error,
    "Route filter name follows the 1–80 network name rule",
    src::DOC_NAMES
);
rule!(
    ER_RF_002,
    "ER-RF-002",
    "§6 location",
    Error,
    "Route filter region is given, and is not a peering location's name",
    src::DOC_REGIONS
);
rule!(
    ER_RF_009,
    "ER-RF-009",
    "§6 location / U19",
    Warning,
    "Route filter region is one of the catalogue's Azure regions (a dated list: an unknown region is a warning)",
    src::DOC_REGIONS
);
rule!(
    ER_RF_003,
    "ER-RF-003",
    "§6 rules / §1.1",
    Error,
    "The route filter's single Allow/Community rule has a name that follows the 1–80 name rule",
    src::DOC_ROUTEFILTER
);
rule!(
    ER_RF_004,
    "ER-RF-004",
    "§6 communities",
    Warning,
    "A route filter without communities lets no Microsoft routes through",
    src::DOC_ROUTEFILTER
);
rule!(
    ER_RF_005,
    "ER-RF-005",
    "§6 communities",
    Error,
    "Route filter communities are written 12076:n with n from 0 to 65535",
    src::DOC_ROUTING
);
rule!(
    ER_RF_006,
    "ER-RF-006",
    "§6 communities",
    Warning,
    "Route filter community is a known Microsoft service or regional community",
    src::DOC_ROUTING
);
rule!(
    ER_RF_007,
    "ER-RF-007",
    "§6 communities",
    Warning,
    "A community is listed only once in a route filter",
    src::DOC_ROUTEFILTER
);
rule!(
    ER_RF_008,
    "ER-RF-008",
    "§6 attach",
    Info,
    "The route filter is attached to no Microsoft peering",
    src::DOC_ROUTEFILTER
);

// Gating and dual-circuit rules.
rule!(
    ER_G_005,
    "ER-G-005",
    "G5 / MP10 / U18",
    Warning,
    "Microsoft peering has a route filter attached (Azure creates the peering without one, but advertises no routes until one is attached)",
    src::DOC_FAQ
);
rule!(
    ER_DC_004,
    "ER-DC-004",
    "D4 / P7",
    Error,
    "VLAN IDs are unique per circuit, and across a Dot1Q ExpressRoute Direct port pair",
    src::DOC_PEER_PORTAL
);

/// Every rule of this module.
pub static RULES: &[RuleInfo] = &[
    ER_P_002, ER_P_003, ER_P_004, ER_P_005, ER_P_006, ER_P_007, ER_P_008, ER_P_009, ER_P_011,
    ER_P_012, ER_PP_001, ER_PP_003, ER_PP_004, ER_PP_005, ER_PP_007, ER_PP_008, ER_PP_009,
    ER_MP_001, ER_MP_003, ER_MP_004, ER_MP_005, ER_MP_006, ER_MP_007, ER_MP_010, ER_MP_011,
    ER_MP_012, ER_MP_013, ER_MP_014, ER_MP_015, ER_MP_016, ER_MP_017, ER_ASN_001, ER_ASN_002,
    ER_ASN_003, ER_ASN_004, ER_ASN_005, ER_ASN_006, ER_ASN_007, ER_RF_001, ER_RF_002, ER_RF_003,
    ER_RF_004, ER_RF_005, ER_RF_006, ER_RF_007, ER_RF_008, ER_RF_009, ER_G_005, ER_DC_004,
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
    fn path(&self, field: &str) -> String {
        let base = match self.kind {
            Kind::Private => "privatePeering",
            Kind::Microsoft => "microsoftPeering",
        };
        cp(self.i, &format!("{base}.{field}"))
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

// ---------------------------------------------------------------------------------------------
// Common fields (§5.1)
// ---------------------------------------------------------------------------------------------

/// Checks the fields every peering has; returns the subnets in use (path, prefix as typed).
fn common(ctx: &Ctx, out: &mut Vec<Finding>) -> Vec<(String, IpNet)> {
    peer_asn(ctx, out);
    vlan_format(ctx, out);
    shared_key(ctx, out);
    if !ctx.p.enabled && ctx.p.address_family.has_v4() {
        out.push(
            ER_P_009.at(
                ctx.path("enabled"),
                "The IPv4 session of this peering is disabled: no IPv4 routes are exchanged until it is enabled.",
            )
            .with_fix(Fix::replace("Enable the IPv4 session", "true")),
        );
    }
    subnets(ctx, out)
}

fn peer_asn(ctx: &Ctx, out: &mut Vec<Finding>) {
    let text = ctx.p.peer_asn.trim();
    let path = ctx.path("peerAsn");
    let n = match parse_asn(text) {
        Ok(n) => n,
        Err(AsnError::Empty) => {
            if ctx.required {
                let eg = match ctx.kind {
                    Kind::Private => "e.g. 65001 (a private ASN)",
                    Kind::Microsoft => "normally your public ASN",
                };
                out.push(ER_P_002.at(
                    path,
                    format!("Enter the peer ASN: your routers' AS number, {eg}."),
                ));
            }
            return;
        }
        Err(AsnError::NotANumber) => {
            let f = ER_P_002.at(
                path,
                format!("\"{text}\" is not an ASN: enter a whole number between 1 and 4294967295."),
            );
            // "AS65001" → 65001.
            let lower = text.to_ascii_lowercase();
            let bare = lower
                .strip_prefix("as")
                .and_then(|rest| parse_asn(rest.trim()).ok())
                .filter(|n| (1..=MAX_ASN).contains(n));
            out.push(match bare {
                Some(n) => f.with_fix(Fix::replace(format!("Use {n}"), n.to_string())),
                None => f,
            });
            return;
        }
        Err(AsnError::OutOfRange) => {
            out.push(ER_P_002.at(
                path,
                format!("Peer ASN must be a whole number between 1 and 4294967295 (\"{text}\" is out of range)."),
            ));
            return;
        }
    };
    if text.contains('.') && (1..=MAX_ASN).contains(&n) {
        out.push(asdot(&path, text, n));
    }
    if n == 0 || n > MAX_ASN {
        out.push(ER_P_002.at(
            path,
            format!(
                "Peer ASN must be a whole number between 1 and 4294967295; {n} is out of range."
            ),
        ));
        return;
    }
    let what = "peer ASN";
    if let Some(f) = asn_table(n, ctx.kind, &path, what) {
        let blocking = f.severity == Severity::Error;
        out.push(f);
        if blocking {
            return;
        }
    }
    if n > 65535 {
        out.push(ER_ASN_007.at(
            path,
            format!("{n} is a 4-byte ASN: ExpressRoute peerings support 16- and 32-bit ASNs, but Azure Route Server only supports 2-byte ASNs if you plan to use one."),
        ));
    }
}

/// The asdot → asplain warning with its one-click fix.
fn asdot(path: &str, text: &str, n: u64) -> Finding {
    ER_ASN_006
        .at(
            path,
            format!("{text} is asdot notation; Azure takes the ASN as a plain number: {n}."),
        )
        .with_fix(Fix::replace(format!("Use {n}"), n.to_string()))
}

/// The §5.4 table for an ASN in 1..=4294967295 on one kind of peering: the finding, if any.
fn asn_table(n: u64, kind: Kind, path: &str, what: &str) -> Option<Finding> {
    let private_2byte = PRIVATE_ASNS_2BYTE.contains(&n);
    let private_4byte = PRIVATE_ASNS_4BYTE.contains(&n);
    let f = match n {
        _ if MICROSOFT_ASNS.contains(&n) => ER_ASN_001.at(
            path,
            format!("{n} is one of Microsoft's own ASNs (8074, 8075, 12076; Microsoft's routers use 12076): use your own ASN as the {what}."),
        ),
        _ if AZURE_RESERVED_ASNS.contains(&n) => {
            let rule = match kind {
                Kind::Private => &ER_PP_003,
                Kind::Microsoft => &ER_ASN_003,
            };
            rule.at(
                path,
                format!("ASNs 65515–65520 are reserved by Azure for internal use: choose another {what}."),
            )
        }
        _ if n == AS_TRANS || IANA_RESERVED_ASNS.contains(&n) || n == MAX_ASN => ER_ASN_002.at(
            path,
            format!(
                "{n} is reserved by IANA ({}); it can't be a {what}.",
                match n {
                    23456 => "AS_TRANS, RFC 6793",
                    65536..=65551 => "documentation ASNs 65536–65551, RFC 5398",
                    _ => "reserved, RFC 7300",
                }
            ),
        ),
        _ if DOCUMENTATION_ASNS.contains(&n) => match kind {
            Kind::Private => ER_ASN_004.at(
                path,
                format!("{n} is a documentation ASN (64496–64511): fine in examples, but use a private ASN (64512–65514) or your own public ASN in a real network."),
            ),
            Kind::Microsoft => ER_MP_011.at(
                path,
                format!("Documentation ASNs (64496–64511) aren't allowed in the AS path of Microsoft peering: use your public ASN as the {what}."),
            ),
        },
        _ if private_2byte || private_4byte => match kind {
            Kind::Private => return None,
            Kind::Microsoft => ER_ASN_005.at(
                path,
                format!("{n} is a private ASN: Microsoft peering accepts it only after manual validation of your prefixes, and strips it from the AS path. Use your public ASN if you have one."),
            ),
        },
        _ => match kind {
            Kind::Private => ER_PP_004.at(
                path,
                format!("{n} is a public ASN: you must own it to use it on private peering; otherwise use a private ASN (64512–65514, 65521–65534 or 4200000000–4294967294)."),
            ),
            Kind::Microsoft => return None,
        },
    };
    Some(asn_fix(f, kind, what))
}

/// The fix of an ASN table finding. No replacement ASN is unambiguous for the peer ASN (it is
/// the number the customer's routers are configured with), so a reserved one gets advice naming
/// what to enter instead; the optional customer ASN can be left empty (the peer ASN is then
/// the one the prefixes are registered to).
fn asn_fix(f: Finding, kind: Kind, what: &str) -> Finding {
    let blocking = f.severity == Severity::Error;
    if what == "customer ASN" {
        return if blocking {
            f.with_fix(Fix::replace("Leave it empty", ""))
        } else {
            f
        };
    }
    let advice = match (kind, blocking, f.code) {
        (Kind::Private, true, _) => {
            "Enter the ASN your routers use: a private ASN such as 65001 (64512–65514 or 65521–65534), or a public ASN you own."
        }
        (Kind::Private, false, c) if c == ER_ASN_004.code => {
            "Use a private ASN such as 65001, or a public ASN you own."
        }
        (Kind::Microsoft, true, _) => {
            "Enter the public ASN registered to you (or to your provider) in your routing registry."
        }
        _ => return f,
    };
    f.with_fix(Fix::advice(advice))
}

fn vlan_format(ctx: &Ctx, out: &mut Vec<Finding>) {
    let text = ctx.p.vlan_id.trim();
    let path = ctx.path("vlanId");
    if text.is_empty() {
        if ctx.required {
            out.push(ER_P_007.at(
                path,
                "Enter the VLAN ID (1–4094) agreed with your provider for this peering.",
            ));
        }
        return;
    }
    match parse_uint(text) {
        None => out.push(ER_P_007.at(
            path,
            format!("\"{text}\" is not a VLAN ID: enter a whole number between 1 and 4094."),
        )),
        Some(n) if !(1..=4094).contains(&n) => out.push(ER_P_007.at(
            path,
            format!("VLAN ID must be between 1 and 4094 ({text} is outside; 0 and 4095 are reserved by 802.1Q)."),
        )),
        Some(_) => {}
    }
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
    let f = ER_P_008.at(ctx.path("sharedKey"), problem);
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
    path: String,
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
    path: String,
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
    fields: [(&str, &str, Want); 2],
    out: &mut Vec<Finding>,
) -> Vec<(String, IpNet)> {
    let [(fa, ta, wa), (fb, tb, wb)] = fields;
    let (pa, pb) = (ctx.path(fa), ctx.path(fb));
    let a = subnet_field(rules[0], pa.clone(), ta, wa, ctx.required, out);
    let mut second = Vec::new();
    let b = subnet_field(rules[1], pb.clone(), tb, wb, ctx.required, &mut second);
    let mut info = None;
    match pair(rules[1], pb.clone(), a, b, wa.len, &mut second) {
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
        out.push(ER_P_006.at(pa.clone(), msg));
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
fn ignored(ctx: &Ctx, fields: &[(&str, bool)], family: &str, out: &mut Vec<Finding>) {
    for (field, filled) in fields {
        if *filled {
            out.push(
                ER_P_012.at(
                    ctx.path(field),
                    format!("This peering doesn't carry {family}, so this value is ignored: choose address family Both to use it, or clear it."),
                )
                .with_fix(Fix::replace("Clear it", "")),
            );
        }
    }
}

fn subnets(ctx: &Ctx, out: &mut Vec<Finding>) -> Vec<(String, IpNet)> {
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
                        ("primarySubnet", &p.primary_subnet, PRIMARY_V4),
                        ("secondarySubnet", &p.secondary_subnet, SECONDARY_V4),
                    ],
                    out,
                );
            }
            SubnetMode::OneSlash29 => {
                let path = ctx.path("subnet29");
                let w = subnet_field(&ER_P_005, path.clone(), &p.subnet29, WHOLE_V4, req, out);
                if let Some(IpNet::V4(n)) = w {
                    if n.prefix_len() == 29 && n.addr() == n.network() {
                        if let Some((x, y)) = split29(n) {
                            if let Some(msg) = link_info(IpNet::V4(x), IpNet::V4(y)) {
                                out.push(ER_P_006.at(
                                    path.clone(),
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
                ("primarySubnet", !p.primary_subnet.trim().is_empty()),
                ("secondarySubnet", !p.secondary_subnet.trim().is_empty()),
                ("subnet29", !p.subnet29.trim().is_empty()),
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
                ("primarySubnetV6", &p.primary_subnet_v6, PRIMARY_V6),
                ("secondarySubnetV6", &p.secondary_subnet_v6, SECONDARY_V6),
            ],
            out,
        ));
    } else {
        ignored(
            ctx,
            &[
                ("primarySubnetV6", !p.primary_subnet_v6.trim().is_empty()),
                (
                    "secondarySubnetV6",
                    !p.secondary_subnet_v6.trim().is_empty(),
                ),
            ],
            "IPv6",
            out,
        );
    }
    active
}

// ---------------------------------------------------------------------------------------------
// Private peering (§5.2)
// ---------------------------------------------------------------------------------------------

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
fn private_subnet_kinds(active: &[(String, IpNet)], out: &mut Vec<Finding>) {
    for (path, net) in active {
        let n = net.trunc();
        if let Some(why) = unusable_reason(&n) {
            out.push(ER_PP_008.at(
                path.clone(),
                format!("{n} is {why}: a router interface can't use it. Choose RFC 1918 or public addresses of your WAN."),
            ));
        } else if matches!(n, IpNet::V4(_)) && !is_rfc1918(&n) {
            out.push(ER_PP_001.at(
                path.clone(),
                format!("{n} is not RFC 1918 space. Private peering accepts any address of your WAN, public ones included: make sure it is yours and unused elsewhere."),
            ));
        }
    }
}

/// PP5: a default route in the on-premises routes advertised over private peering.
fn on_prem_default_route(d: &Design, out: &mut Vec<Finding>) {
    for (k, text) in d.on_prem_routes.iter().enumerate() {
        if let Ok(n) = parse_any(text) {
            if n.prefix_len() == 0 {
                out.push(ER_PP_005.at(
                    format!("onPremRoutes[{k}]"),
                    format!("{} is a default route: over private peering it draws all internet-bound traffic of the linked VNets to your network (forced tunnelling). Make sure that is intended. Default routes are allowed only on private peering.", text.trim()),
                ));
            }
        }
    }
}

/// PP7: IPv6 private peering against the gateways and VNets linked to the circuit.
fn ipv6_private(d: &Design, out: &mut Vec<Finding>) {
    let mut done: VecSet<String> = VecSet::new();
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
            let path = cp(ci, "privatePeering.addressFamily");
            if dual_stack_gw && done.insert(path.clone()) {
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
            let path = format!("virtualNetworks[{v}].addressSpaces");
            if !vn.address_spaces.iter().any(|s| parse_v6(s).is_ok()) && done.insert(path.clone()) {
                out.push(ER_PP_009.at(
                    path,
                    "This VNet is linked to a circuit with IPv6 private peering but has no IPv6 address space: IPv6 needs a dual-stack VNet.",
                ));
            }
        }
        // A GatewaySubnet without IPv6 is ER-GS-004's warning (U22: not repeated here).
        if conn.fast_path {
            let path = format!("connections[{k}].fastPath");
            let why = if c.port_type == PortType::Provider {
                Some("FastPath doesn't carry IPv6 on provider circuits: IPv6 traffic still goes through the gateway.")
            } else if circuit_location(d, c).trim().eq_ignore_ascii_case("Dubai") {
                Some("FastPath doesn't carry IPv6 at the Dubai peering location: IPv6 traffic still goes through the gateway.")
            } else {
                None
            };
            if let Some(why) = why {
                if done.insert(path.clone()) {
                    out.push(ER_PP_009.at(path, why));
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Microsoft peering (§5.3)
// ---------------------------------------------------------------------------------------------

fn microsoft(
    d: &Design,
    ctx: &Ctx,
    m: &MicrosoftPeering,
    active: &[(String, IpNet)],
    out: &mut Vec<Finding>,
) {
    for (path, net) in active {
        if let Some(why) = non_public_reason(&net.trunc()) {
            out.push(ER_MP_001.at(
                path.clone(),
                format!("Microsoft peering subnets must be public IP addresses registered to you or your provider: {} is {why}.", net.trunc()),
            ));
        }
    }
    let fam = m.peering.address_family;
    // The first list holding a valid public prefix, for the reminders below.
    let mut public: Option<&str> = None;
    let lists = [
        (
            "advertisedPrefixes",
            &m.advertised_prefixes,
            false,
            fam.has_v4(),
            "IPv4",
        ),
        (
            "advertisedPrefixesV6",
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
            ctx.path("routingRegistry"),
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
fn advertised(ctx: &Ctx, field: &str, list: &[String], v6: bool, out: &mut Vec<Finding>) -> bool {
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
        let path = || ctx.path(&format!("{field}[{k}]"));
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
    let path = ctx.path("customerAsn");
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
        out.push(asdot(&path, t, n));
    }
    if let Some(f) = asn_table(n, Kind::Microsoft, &path, "customer ASN") {
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
        ctx.path("routingRegistry"),
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
    let path = ctx.path("routeFilter");
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
fn m365_premium(d: &Design, i: usize, c: &Circuit, m: &MicrosoftPeering, out: &mut Vec<Finding>) {
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
            cp(i, "skuTier"),
            format!(
                "Route filter \"{}\" allows Microsoft 365 communities ({}): Microsoft 365 over ExpressRoute needs the Premium add-on, and Microsoft must authorize your use of these communities.",
                rf.name.trim(),
                found.join(", ")
            ),
        )
        .with_fix(Fix::replace("Use Premium", "Premium")),
    );
}

// ---------------------------------------------------------------------------------------------
// VLANs (P7 / D4)
// ---------------------------------------------------------------------------------------------

/// Where a VLAN must be unique.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Scope {
    Circuit(usize),
    /// A Dot1Q ExpressRoute Direct port pair (by index).
    Port(usize),
}

fn vlans(d: &Design, out: &mut Vec<Finding>) {
    struct Use {
        scope: Scope,
        vlan: u64,
        path: String,
        who: String,
    }
    let mut uses: Vec<Use> = Vec::new();
    for (i, c) in d.circuits.iter().enumerate() {
        let scope = match c.port_type {
            PortType::Direct => d
                .direct_ports
                .iter()
                .enumerate()
                .find(|(_, p)| same_name(&p.name, &c.direct_port))
                .filter(|(_, p)| p.encapsulation == Encapsulation::Dot1Q)
                .map_or(Scope::Circuit(i), |(k, _)| Scope::Port(k)),
            PortType::Provider => Scope::Circuit(i),
        };
        let peerings = [
            (
                "privatePeering",
                "private peering",
                c.private_peering.as_ref(),
            ),
            (
                "microsoftPeering",
                "Microsoft peering",
                c.microsoft_peering.as_ref().map(|m| &m.peering),
            ),
        ];
        for (field, label, p) in peerings {
            let Some(p) = p else { continue };
            let Some(vlan) = parse_uint(&p.vlan_id).filter(|v| (1..=4094).contains(v)) else {
                continue;
            };
            uses.push(Use {
                scope,
                vlan,
                path: cp(i, &format!("{field}.vlanId")),
                who: format!("the {label} of {}", circuit_label(i, c)),
            });
        }
    }
    let mut taken: VecMap<Scope, VecSet<u64>> = VecMap::new();
    for u in &uses {
        taken.get_or_insert(u.scope, VecSet::new()).insert(u.vlan);
    }
    let mut first: VecMap<(Scope, u64), usize> = VecMap::new();
    for (k, u) in uses.iter().enumerate() {
        let Some(&j) = first.get(&(u.scope, u.vlan)) else {
            first.insert((u.scope, u.vlan), k);
            continue;
        };
        let other = uses.get(j).map_or("another peering", |o| o.who.as_str());
        let used = taken.get_or_insert(u.scope, VecSet::new());
        let next = (u.vlan.saturating_add(1)..=4094)
            .chain(1..u.vlan)
            .find(|v| !used.contains(v));
        if let Some(n) = next {
            used.insert(n);
        }
        let msg = match u.scope {
            Scope::Circuit(_) => format!(
                "VLAN {} is already used by {other}: each peering of a circuit needs its own VLAN.",
                u.vlan
            ),
            Scope::Port(p) => format!(
                "VLAN {} is already used by {other} on ExpressRoute Direct port \"{}\": with 802.1Q (Dot1Q) encapsulation a VLAN must be unique across all circuits and peerings of the port pair.",
                u.vlan,
                d.direct_ports.get(p).map_or("", |p| p.name.trim())
            ),
        };
        let f = ER_DC_004.at(u.path.clone(), msg);
        out.push(match next {
            Some(n) => f.with_fix(Fix::replace(format!("Use VLAN {n}"), n.to_string())),
            None => f,
        });
    }
}

// ---------------------------------------------------------------------------------------------
// Route filters (§6)
// ---------------------------------------------------------------------------------------------

/// A route-filter community as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Community {
    /// `12076:n`, written exactly so.
    Ok(u32),
    /// Means `12076:n` but is written differently (the reason given).
    Fixable(u32, String),
    /// Not a usable community (the reason given).
    Bad(String),
}

/// Reads a route-filter community.
fn read_community(text: &str) -> Community {
    let t = text.trim();
    if t.is_empty() {
        return Community::Bad(
            "Empty community: remove it or enter one such as 12076:5050.".into(),
        );
    }
    let lower = crate::domain::text::lowercase(t);
    let by_name = COMMUNITIES.iter().find(|(_, name)| {
        let n = crate::domain::text::lowercase(name);
        n == lower || n.split(" (").next() == Some(lower.as_str())
    });
    let alias = match lower.as_str() {
        "exchange" => Some(5010),
        "sharepoint" => Some(5020),
        "skype" | "teams" | "skype for business" => Some(5030),
        "dynamics" | "dynamics 365" | "crm online" => Some(5040),
        _ => None,
    };
    if let Some(v) = by_name
        .and_then(|(v, _)| v.split_once(':'))
        .and_then(|(_, v)| v.parse::<u32>().ok())
        .or(alias)
    {
        return Community::Fixable(
            v,
            format!("\"{t}\" is a service name; the community is 12076:{v}."),
        );
    }
    let (asn, value) = match t.split_once(':') {
        Some((a, v)) => (parse_uint(a), parse_uint(v)),
        None => (
            Some(MICROSOFT_ASN),
            parse_uint(t).filter(|_| !t.contains('.')),
        ),
    };
    let (Some(asn), Some(value)) = (asn, value) else {
        return Community::Bad(format!(
            "\"{t}\" is not a BGP community: write it as 12076:nnnnn, e.g. 12076:5050."
        ));
    };
    let Some(value) = u32::try_from(value).ok().filter(|v| *v <= 65535) else {
        return Community::Bad(format!("\"{t}\": a community value is at most 65535."));
    };
    if asn != MICROSOFT_ASN {
        let known = is_known_community(value);
        return if known {
            Community::Fixable(
                value,
                format!("Microsoft's communities start with 12076: did you mean 12076:{value}?"),
            )
        } else {
            Community::Bad(format!(
                "\"{t}\" is not a Microsoft community: route filters select Microsoft's communities, which all start with 12076:."
            ))
        };
    }
    let canon = format!("12076:{value}");
    if canon == text {
        Community::Ok(value)
    } else {
        Community::Fixable(value, format!("Write the community exactly as {canon}."))
    }
}

/// The Azure region of the circuits whose Microsoft peering uses route filter `name`, when they
/// all have the same known one (the region the wizard gives a new filter).
fn users_region(d: &Design, name: &str) -> Option<&'static catalog::Region> {
    let mut found: Option<&'static catalog::Region> = None;
    for c in &d.circuits {
        let Some(m) = &c.microsoft_peering else {
            continue;
        };
        if !same_name(&m.route_filter, name) {
            continue;
        }
        let r = catalog::region(c.region.trim())?;
        match found {
            Some(f) if f.name != r.name => return None,
            _ => found = Some(r),
        }
    }
    found
}

fn route_filters(d: &Design, out: &mut Vec<Finding>) {
    let attached: VecSet<String> = d
        .circuits
        .iter()
        .filter_map(|c| c.microsoft_peering.as_ref())
        .map(|m| m.route_filter.trim().to_ascii_lowercase())
        .filter(|n| !n.is_empty())
        .collect();
    for (r, rf) in d.route_filters.iter().enumerate() {
        let path = |f: &str| format!("routeFilters[{r}].{f}");
        if let Some(f) = check_name(&ER_RF_001, NAME_1_80, &path("name"), &rf.name) {
            out.push(Finding {
                message: f.message.replacen("name", "route filter name", 1),
                ..f
            });
        }
        let region = rf.region.trim();
        if region.is_empty() {
            let f = ER_RF_002.at(path("region"), "Select the route filter's Azure region.");
            out.push(match users_region(d, &rf.name) {
                Some(r) => f.with_fix(Fix::replace(format!("Use {}", r.display_name), r.name)),
                None => f,
            });
        } else if catalog::region(region).is_none() {
            out.push(match catalog::peering_location(region) {
                Some(l) => ER_RF_002
                    .at(
                        path("region"),
                        format!("{} is a peering location, not an Azure region.", l.name),
                    )
                    .with_fix(match users_region(d, &rf.name) {
                        Some(r) => Fix::replace(format!("Use {}", r.display_name), r.name),
                        None => Fix::advice(
                            "Choose a region from the list, e.g. the region of the circuit.",
                        ),
                    }),
                None => super::circuit::unknown_region(&ER_RF_009, path("region"), region),
            });
        }
        if rf.rule_name.is_empty() {
            if !rf.communities.is_empty() {
                out.push(
                    ER_RF_003
                        .at(
                            path("ruleName"),
                            "Enter a name for the route filter's rule.",
                        )
                        .with_fix(Fix::replace("Use \"allow-services\"", "allow-services")),
                );
            }
        } else if let Some(f) = check_name(&ER_RF_003, NAME_1_80, &path("ruleName"), &rf.rule_name)
        {
            out.push(Finding {
                message: f.message.replacen("name", "rule name", 1),
                ..f
            });
        }
        if rf.communities.is_empty() {
            out.push(ER_RF_004.at(
                path("communities"),
                "This route filter allows no BGP communities, so Microsoft peering receives no routes: add the communities of the services you need (e.g. 12076:5050 Azure Global Services).",
            ));
        }
        let mut seen: VecMap<u32, usize> = VecMap::new();
        for (k, text) in rf.communities.iter().enumerate() {
            let cpath = format!("routeFilters[{r}].communities[{k}]");
            let value = match read_community(text) {
                Community::Bad(why) => {
                    let f = ER_RF_005.at(cpath, why);
                    out.push(if text.trim().is_empty() {
                        f.with_fix(Fix::remove("Remove the empty entry"))
                    } else {
                        f
                    });
                    continue;
                }
                Community::Fixable(v, why) => {
                    let canon = format!("12076:{v}");
                    out.push(
                        ER_RF_005
                            .at(cpath.clone(), why)
                            .with_fix(Fix::replace(format!("Use {canon}"), canon)),
                    );
                    v
                }
                Community::Ok(v) => {
                    if (50000..=50999).contains(&v) {
                        let mine = format!("12076:{}", v.saturating_add(1000));
                        let f = ER_RF_006.at(
                            cpath.clone(),
                            format!("12076:{v} tags private peering routes; route filters use the Microsoft peering community of the region, {mine}."),
                        );
                        out.push(f.with_fix(Fix::replace(format!("Use {mine}"), mine)));
                    } else if !is_known_community(v) {
                        out.push(ER_RF_006.at(
                            cpath.clone(),
                            format!("12076:{v} is not a service or regional community listed in the ExpressRoute routing documentation: check the value (Get-AzBgpServiceCommunity lists them)."),
                        ));
                    }
                    v
                }
            };
            match seen.get(&value) {
                Some(&first) => out.push(
                    ER_RF_007
                        .at(
                            cpath,
                            format!(
                                "12076:{value} is already listed (entry {}): remove the duplicate.",
                                first + 1
                            ),
                        )
                        .with_fix(Fix::remove("Remove the duplicate")),
                ),
                None => {
                    seen.insert(value, k);
                }
            }
        }
        let name = rf.name.trim();
        if !name.is_empty() && !attached.contains(&name.to_ascii_lowercase()) {
            out.push(ER_RF_008.at(
                path("name"),
                "No Microsoft peering in this design uses this route filter.",
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::model::{
        Connection, DirectPort, Gateway, RouteFilter, Subnet, VirtualNetwork,
    };
    use std::collections::HashSet;

    const PP: &str = "circuits[0].privatePeering.";
    const MS: &str = "circuits[0].microsoftPeering.";
    /// Findings every valid base design has (derived facts and reminders).
    const BASELINE: &[&str] = &["ER-P-006", "ER-MP-012", "ER-MP-014"];

    /// A clean design: one provider circuit with both peerings and a route filter.
    fn base() -> Design {
        let mut d = Design {
            resource_group: "rg".into(),
            ..Design::default()
        };
        let c = &mut d.circuits[0];
        c.name = "er-london".into();
        c.private_peering = Some(Peering {
            peer_asn: "65001".into(),
            primary_subnet: "192.168.100.128/30".into(),
            secondary_subnet: "192.168.100.132/30".into(),
            vlan_id: "100".into(),
            ..Peering::default()
        });
        c.microsoft_peering = Some(MicrosoftPeering {
            peering: Peering {
                peer_asn: "12345".into(),
                primary_subnet: "131.107.0.0/30".into(),
                secondary_subnet: "131.107.0.4/30".into(),
                vlan_id: "200".into(),
                ..Peering::default()
            },
            advertised_prefixes: vec!["131.107.10.0/24".into()],
            routing_registry: "ARIN".into(),
            route_filter: "rf-services".into(),
            ..MicrosoftPeering::default()
        });
        d.route_filters.push(RouteFilter {
            name: "rf-services".into(),
            region: "UK South".into(),
            rule_name: "allow".into(),
            communities: vec!["12076:5050".into()],
        });
        d
    }

    fn pp(d: &mut Design) -> &mut Peering {
        d.circuits[0].private_peering.as_mut().unwrap()
    }

    fn mp(d: &mut Design) -> &mut MicrosoftPeering {
        d.circuits[0].microsoft_peering.as_mut().unwrap()
    }

    fn run(d: &Design) -> Vec<Finding> {
        let mut out = Vec::new();
        check(d, &mut out);
        out
    }

    /// (code, path) of every finding.
    fn all(d: &Design) -> Vec<(&'static str, String)> {
        run(d).into_iter().map(|f| (f.code, f.path)).collect()
    }

    /// Findings other than the baseline facts, with their fix values.
    fn problems(d: &Design) -> Vec<Finding> {
        run(d)
            .into_iter()
            .filter(|f| !BASELINE.contains(&f.code))
            .collect()
    }

    fn codes_paths(fs: &[Finding]) -> Vec<(&'static str, String)> {
        fs.iter().map(|f| (f.code, f.path.clone())).collect()
    }

    fn fix_of(f: &Finding) -> Option<&str> {
        f.fix.as_ref().and_then(|x| x.value.as_deref())
    }

    fn owned(v: &[(&'static str, &str)]) -> Vec<(&'static str, String)> {
        v.iter().map(|(c, p)| (*c, p.to_string())).collect()
    }

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
    fn vlan_boundaries() {
        let cases: &[(&str, bool)] = &[
            ("1", true),
            ("4094", true),
            (" 100 ", true),
            ("0", false),
            ("4095", false),
            ("", false),
            ("abc", false),
            ("-1", false),
            ("1.5", false),
            ("99999999999", false),
            ("999999999999999999999999999999999", false),
        ];
        for (vlan, ok) in cases {
            let mut d = base();
            pp(&mut d).vlan_id = vlan.to_string();
            let want = if *ok {
                vec![]
            } else {
                owned(&[("ER-P-007", &format!("{PP}vlanId"))])
            };
            assert_eq!(codes_paths(&problems(&d)), want, "{vlan:?}");
        }
        let mut d = base();
        pp(&mut d).vlan_id.clear();
        assert!(problems(&d)[0].message.starts_with("Enter the VLAN ID"));
    }

    #[test]
    fn vlan_unique_per_circuit_and_per_dot1q_port() {
        // Same VLAN on both peerings of one circuit.
        let mut d = base();
        mp(&mut d).peering.vlan_id = "0100".into();
        let p = problems(&d);
        assert_eq!(
            codes_paths(&p),
            owned(&[("ER-DC-004", &format!("{MS}vlanId"))])
        );
        assert_eq!(fix_of(&p[0]), Some("101"));
        // Wrap-around to the lowest free VLAN.
        pp(&mut d).vlan_id = "4094".into();
        mp(&mut d).peering.vlan_id = "4094".into();
        assert_eq!(fix_of(&problems(&d)[0]), Some("1"));

        // Provider circuits may reuse VLANs across circuits.
        let mut d = base();
        let mut c2 = d.circuits[0].clone();
        c2.name = "er-london-2".into();
        c2.microsoft_peering = None;
        d.circuits.push(c2);
        assert!(problems(&d).is_empty(), "{:?}", problems(&d));

        // Direct port with Dot1Q: unique across the port pair.
        d.direct_ports.push(DirectPort {
            name: "port-ams".into(),
            ..DirectPort::default()
        });
        for c in &mut d.circuits {
            c.port_type = PortType::Direct;
            c.direct_port = "PORT-AMS".into();
        }
        let p = problems(&d);
        assert_eq!(
            codes_paths(&p),
            owned(&[("ER-DC-004", "circuits[1].privatePeering.vlanId")])
        );
        // 100 (c0 private), 200 (c0 Microsoft) are taken: 101 is next.
        assert_eq!(fix_of(&p[0]), Some("101"));
        assert!(p[0].message.contains("er-london") && p[0].message.contains("port-ams"));
        d.circuits[0].private_peering.as_mut().unwrap().vlan_id = "200".into();
        d.circuits[0]
            .microsoft_peering
            .as_mut()
            .unwrap()
            .peering
            .vlan_id = "201".into();
        d.circuits[1].private_peering.as_mut().unwrap().vlan_id = "200".into();
        let p = problems(&d);
        assert_eq!(
            codes_paths(&p),
            owned(&[("ER-DC-004", "circuits[1].privatePeering.vlanId")])
        );
        assert_eq!(fix_of(&p[0]), Some("202"));

        // QinQ: C-tags only need to be unique per circuit.
        d.direct_ports[0].encapsulation = Encapsulation::QinQ;
        assert!(problems(&d).is_empty(), "{:?}", problems(&d));
    }

    #[test]
    fn asn_table_private_and_microsoft() {
        // (peer ASN, codes on private peering, codes on Microsoft peering)
        type Row = (
            &'static str,
            &'static [&'static str],
            &'static [&'static str],
        );
        let rows: &[Row] = &[
            ("", &["ER-P-002"], &["ER-P-002"]),
            ("0", &["ER-P-002"], &["ER-P-002"]),
            ("-1", &["ER-P-002"], &["ER-P-002"]),
            ("AS65001", &["ER-P-002"], &["ER-P-002"]),
            ("65001x", &["ER-P-002"], &["ER-P-002"]),
            ("1", &["ER-PP-004"], &[]),
            ("8074", &["ER-ASN-001"], &["ER-ASN-001"]),
            ("8075", &["ER-ASN-001"], &["ER-ASN-001"]),
            ("12076", &["ER-ASN-001"], &["ER-ASN-001"]),
            ("23456", &["ER-ASN-002"], &["ER-ASN-002"]),
            ("64495", &["ER-PP-004"], &[]),
            ("64496", &["ER-ASN-004"], &["ER-MP-011"]),
            ("64511", &["ER-ASN-004"], &["ER-MP-011"]),
            ("64512", &[], &["ER-ASN-005"]),
            ("65514", &[], &["ER-ASN-005"]),
            ("65515", &["ER-PP-003"], &["ER-ASN-003"]),
            ("65516", &["ER-PP-003"], &["ER-ASN-003"]),
            ("65520", &["ER-PP-003"], &["ER-ASN-003"]),
            ("65521", &[], &["ER-ASN-005"]),
            ("65534", &[], &["ER-ASN-005"]),
            ("65535", &["ER-ASN-002"], &["ER-ASN-002"]),
            ("65536", &["ER-ASN-002"], &["ER-ASN-002"]),
            ("65551", &["ER-ASN-002"], &["ER-ASN-002"]),
            ("65552", &["ER-PP-004", "ER-ASN-007"], &["ER-ASN-007"]),
            ("4199999999", &["ER-PP-004", "ER-ASN-007"], &["ER-ASN-007"]),
            ("4200000000", &["ER-ASN-007"], &["ER-ASN-005", "ER-ASN-007"]),
            ("4294967294", &["ER-ASN-007"], &["ER-ASN-005", "ER-ASN-007"]),
            ("4294967295", &["ER-ASN-002"], &["ER-ASN-002"]),
            ("4294967296", &["ER-P-002"], &["ER-P-002"]),
            ("99999999999999999999999", &["ER-P-002"], &["ER-P-002"]),
            (
                "1.10",
                &["ER-ASN-006", "ER-ASN-002"],
                &["ER-ASN-006", "ER-ASN-002"],
            ),
            (
                "1.16",
                &["ER-ASN-006", "ER-PP-004", "ER-ASN-007"],
                &["ER-ASN-006", "ER-ASN-007"],
            ),
            ("65536.0", &["ER-P-002"], &["ER-P-002"]),
        ];
        for (asn, private, microsoft) in rows {
            let mut d = base();
            pp(&mut d).peer_asn = asn.to_string();
            let want: Vec<_> = private
                .iter()
                .map(|c| (*c, format!("{PP}peerAsn")))
                .collect();
            assert_eq!(codes_paths(&problems(&d)), want, "private {asn:?}");
            let mut d = base();
            mp(&mut d).peering.peer_asn = asn.to_string();
            let want: Vec<_> = microsoft
                .iter()
                .map(|c| (*c, format!("{MS}peerAsn")))
                .collect();
            assert_eq!(codes_paths(&problems(&d)), want, "microsoft {asn:?}");
        }
        let fix = |asn: &str| {
            let mut d = base();
            pp(&mut d).peer_asn = asn.into();
            problems(&d)
                .first()
                .and_then(|f| fix_of(f).map(String::from))
        };
        assert_eq!(fix("AS65001").as_deref(), Some("65001"));
        assert_eq!(fix("as 65001").as_deref(), Some("65001"));
        assert_eq!(fix("1.10").as_deref(), Some("65546"));
        assert_eq!(fix("65001x"), None);
        let mut d = base();
        pp(&mut d).peer_asn.clear();
        assert_eq!(
            problems(&d)[0].message,
            "Enter the peer ASN: your routers' AS number, e.g. 65001 (a private ASN)."
        );
    }

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

    fn dual_stack(d: &mut Design) {
        let p = pp(d);
        p.address_family = AddressFamily::Both;
        p.primary_subnet_v6 = "2001:db8:1::/126".into();
        p.secondary_subnet_v6 = "2001:db8:1::4/126".into();
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

    fn prefixes(n: usize) -> Vec<String> {
        (0..n)
            .map(|i| format!("20.{}.{}.0/24", i / 256, i % 256))
            .collect()
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

    #[test]
    fn route_filter_communities() {
        const C0: &str = "routeFilters[0].communities[0]";
        const TIER: &str = "circuits[0].skuTier";
        type Row = (
            &'static str,
            &'static [(&'static str, &'static str)],
            Option<&'static str>,
        );
        let rows: &[Row] = &[
            ("12076:5050", &[], None),
            ("12076:5040", &[], None),
            ("12076:51004", &[], None),
            ("12076:52004", &[], None),
            ("12076:5060", &[], None),
            ("12076:5010", &[("ER-MP-013", TIER)], Some("Premium")),
            ("12076:5100", &[("ER-MP-013", TIER)], Some("Premium")),
            ("12076:9999", &[("ER-RF-006", C0)], None),
            ("12076:50004", &[("ER-RF-006", C0)], Some("12076:51004")),
            ("65000:5050", &[("ER-RF-005", C0)], Some("12076:5050")),
            ("65000:1234", &[("ER-RF-005", C0)], None),
            ("12076:70000", &[("ER-RF-005", C0)], None),
            ("12076:65535", &[("ER-RF-006", C0)], None),
            ("5050", &[("ER-RF-005", C0)], Some("12076:5050")),
            ("12076:05050", &[("ER-RF-005", C0)], Some("12076:5050")),
            ("12076 : 5050", &[("ER-RF-005", C0)], Some("12076:5050")),
            (
                "Azure Global Services",
                &[("ER-RF-005", C0)],
                Some("12076:5050"),
            ),
            (
                "Exchange Online",
                &[("ER-MP-013", TIER), ("ER-RF-005", C0)],
                Some("Premium"),
            ),
            (
                "teams",
                &[("ER-MP-013", TIER), ("ER-RF-005", C0)],
                Some("Premium"),
            ),
            ("", &[("ER-RF-005", C0)], None),
            ("12076:", &[("ER-RF-005", C0)], None),
            (":", &[("ER-RF-005", C0)], None),
            ("a:b:c", &[("ER-RF-005", C0)], None),
            ("12076:5050:1", &[("ER-RF-005", C0)], None),
        ];
        for (text, want, fix) in rows {
            let mut d = base();
            d.route_filters[0].communities = vec![text.to_string()];
            let p = problems(&d);
            assert_eq!(codes_paths(&p), owned(want), "{text:?}");
            assert_eq!(p.first().and_then(fix_of), *fix, "{text:?}");
        }
        // Premium circuits may use Microsoft 365 communities.
        let mut d = base();
        d.route_filters[0].communities = M365_COMMUNITIES.iter().map(|s| s.to_string()).collect();
        assert_eq!(codes_paths(&problems(&d)), owned(&[("ER-MP-013", TIER)]));
        assert!(problems(&d)[0]
            .message
            .contains("12076:5010, 12076:5020, 12076:5030, 12076:5100"));
        d.circuits[0].sku_tier = SkuTier::Premium;
        assert!(problems(&d).is_empty());
        // Duplicates (also when written differently).
        d.route_filters[0].communities = vec!["12076:5050".into(), "12076:05050".into()];
        assert_eq!(
            codes_paths(&problems(&d)),
            owned(&[
                ("ER-RF-005", "routeFilters[0].communities[1]"),
                ("ER-RF-007", "routeFilters[0].communities[1]"),
            ])
        );
        // None at all.
        d.route_filters[0].communities.clear();
        assert_eq!(
            codes_paths(&problems(&d)),
            owned(&[("ER-RF-004", "routeFilters[0].communities")])
        );
        // Every one-click choice is a valid, known community.
        for (value, name) in COMMUNITIES {
            assert!(
                matches!(read_community(value), Community::Ok(_)),
                "{value} {name}"
            );
            let v = value
                .split_once(':')
                .map(|(_, v)| v.parse::<u32>().unwrap())
                .unwrap();
            assert!(is_known_community(v), "{value}");
        }
    }

    #[test]
    fn route_filter_name_region_and_rule() {
        let mut d = base();
        d.route_filters[0].name = "rf services".into();
        mp(&mut d).route_filter = "rf services".into();
        let p = problems(&d);
        assert_eq!(
            codes_paths(&p),
            owned(&[("ER-RF-001", "routeFilters[0].name")])
        );
        assert_eq!(fix_of(&p[0]), Some("rf-services"));
        assert!(
            p[0].message.contains("route filter name"),
            "{}",
            p[0].message
        );

        let mut d = base();
        d.route_filters[0].name = "x".repeat(81);
        mp(&mut d).route_filter = "x".repeat(81);
        assert_eq!(
            codes_paths(&problems(&d)),
            owned(&[("ER-RF-001", "routeFilters[0].name")])
        );

        for (region, want) in [
            ("uksouth", None),
            ("West Europe", None),
            ("Chile Central", None),
            ("", Some("ER-RF-002")),
            ("London", Some("ER-RF-002")),
            // Not in the dated list: a warning (U19).
            ("Mars", Some("ER-RF-009")),
        ] {
            let mut d = base();
            d.route_filters[0].region = region.into();
            let want = want.map_or(vec![], |c| owned(&[(c, "routeFilters[0].region")]));
            assert_eq!(codes_paths(&problems(&d)), want, "{region}");
        }

        for (rule, fix) in [
            ("", Some("allow-services")),
            ("bad name", Some("bad-name")),
            ("-x", Some("x")),
        ] {
            let mut d = base();
            d.route_filters[0].rule_name = rule.into();
            let p = problems(&d);
            assert_eq!(
                codes_paths(&p),
                owned(&[("ER-RF-003", "routeFilters[0].ruleName")]),
                "{rule:?}"
            );
            assert_eq!(fix_of(&p[0]), fix, "{rule:?}");
        }
        // No rule name and no communities: one warning about the empty filter.
        let mut d = base();
        d.route_filters[0].rule_name.clear();
        d.route_filters[0].communities.clear();
        assert_eq!(
            codes_paths(&problems(&d)),
            owned(&[("ER-RF-004", "routeFilters[0].communities")])
        );
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

    fn with_gateway(d: &mut Design) {
        d.virtual_networks.push(VirtualNetwork {
            name: "vnet-hub".into(),
            address_spaces: vec!["10.1.0.0/16".into()],
            subnets: vec![Subnet {
                name: "GatewaySubnet".into(),
                address_prefix: "10.1.255.0/27".into(),
                ..Subnet::default()
            }],
            ..VirtualNetwork::default()
        });
        d.gateways.push(Gateway {
            name: "gw-hub".into(),
            virtual_network: "vnet-hub".into(),
            ..Gateway::default()
        });
        d.connections.push(Connection {
            name: "cn-london".into(),
            gateway: "gw-hub".into(),
            circuit: "er-london".into(),
            ..Connection::default()
        });
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

    /// Fills every text field the module reads with `s`.
    fn fill(d: &mut Design, s: &str) {
        for c in &mut d.circuits {
            for p in [
                c.private_peering.as_mut(),
                c.microsoft_peering.as_mut().map(|m| &mut m.peering),
            ]
            .into_iter()
            .flatten()
            {
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
                        for p in [
                            c.private_peering.as_mut(),
                            c.microsoft_peering.as_mut().map(|m| &mut m.peering),
                        ]
                        .into_iter()
                        .flatten()
                        {
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
