//! `docs/rules.md`, generated from the rule registry ([`super::all_rules`]).
//!
//! Regenerate with `cargo run --bin erwiz -- rules --markdown > docs/rules.md`; a test fails when
//! the file and [`markdown`] differ.

use super::all_rules;
use crate::domain::finding::{src, RuleInfo, Severity};
use std::fmt::Write as _;

/// The command that regenerates `docs/rules.md`.
pub const REGENERATE: &str = "cargo run --bin erwiz -- rules --markdown > docs/rules.md";

/// Sections of the rule list: code prefix (between `ER-` and the number) and title, in the order
/// of the rule catalogue.
pub const SECTIONS: &[(&str, &str)] = &[
    ("N", "Names"),
    ("C", "Circuit"),
    ("G", "Provider status gating"),
    ("D", "ExpressRoute Direct"),
    ("P", "Peering (common)"),
    ("PP", "Private peering"),
    ("MP", "Microsoft peering"),
    ("ASN", "ASN"),
    ("RF", "Route filters"),
    ("L", "Limits"),
    ("VN", "Virtual network"),
    ("GS", "GatewaySubnet"),
    ("GW", "Gateway"),
    ("CN", "Connection"),
    ("GR", "Global Reach"),
    ("DC", "Dual circuit"),
    ("U", "Values given at deployment"),
    ("IMP", "Import"),
];

/// The project's decisions on the catalogue's uncertainties (§13, U1–U22), one line each.
pub const DECISIONS: &[(&str, &str)] = &[
    ("U1", "VLAN IDs must be 1–4094: Azure states no range, so the wizard follows 802.1Q (0 and 4095 are reserved)."),
    ("U2", "Reserved ASNs are the union of the ExpressRoute list (65515–65520) and the VPN/IANA list (8074, 8075, 12076, 23456, 64496–64511, 65535–65551, 4294967295): all are errors."),
    ("U3", "ExpressRoute Local with the Metered billing model is an error: Local is treated as Unlimited-only."),
    ("U4", "Local circuits below 1 Gbps get a warning only: the 1 Gbps minimum comes from third parties, not Microsoft."),
    ("U5", "A gateway public IP is optional (Azure now assigns one); when given it must be Standard and Static, and legacy templates that set one get a warning. A Basic one (no SKU, or Dynamic) that the design or template creates is an error: Basic public IPs were retired on 30 September 2025 and new ones cannot be created; an existing one read from Azure gets a warning to migrate."),
    ("U6", "Special-purpose ranges (CGNAT 100.64/10, documentation, link-local, multicast…) are errors on Microsoft peering, by inference from \"public addresses only\"."),
    ("U7", "Eight routing registries are offered (ARIN, APNIC, AFRINIC, LACNIC, RIPENCC, RADB, ALTDB, LEVEL3); leaving it empty is accepted."),
    ("U8", "A new GatewaySubnet must be /27 or larger (error); in a template or `az` output checked by `erwiz check` (it may exist already) a /28 or /29 gets a warning."),
    ("U9", "The GatewaySubnet's IPv6 range must be exactly /64."),
    ("U10", "Scalable gateway (ErGwScale) figures and region availability follow the 11/2025 documentation."),
    ("U11", "A connection's routing weight defaults to 0, the API default (not Terraform's 10)."),
    ("U12", "Global Reach countries come from data; a location outside the list gets a warning, not an error."),
    ("U13", "A peering prefix with host bits set (10.0.0.1/30) is an error with a \"did you mean 10.0.0.0/30\" fix."),
    ("U14", "An MD5 shared key with non-alphanumeric characters is an error (the portal's rule, stricter than Terraform's)."),
    ("U15", "A customer ASN above 2147483647 is an error (the API field is int32), with a warning that explains why."),
    ("U16", "4-byte ASNs on Microsoft peering and Global Reach are reported as information only."),
    ("U17", "A peering before the provider provisions the circuit is not an error (Microsoft's quickstart creates both in one deployment): a recorded Not provisioned / Provisioning status gets a warning (BGP and VNet links wait for the provider); a status not recorded (templates, new plans) gets nothing. A connection stays an error when the recorded status is not Provisioned, or when one template creates a provider circuit and links it; the ARM, Bicep and Terraform exports hold such a connection back behind a parameter that is off by default."),
    ("U18", "A Microsoft peering with no route filter is a warning: Azure creates it, and it advertises no routes until a filter is attached."),
    ("U19", "Providers are keyed on the names the List ExpressRoute Service Providers API returns (a dated record), with the locations page's names as aliases; an unknown or display name, an unknown peering location or region is a warning, never an error."),
    ("U20", "Values given at deployment (a template's resource group, subscription, resourceGroup().location, parameters without a value, resources outside the template) are unknown, not empty: not checked, and listed once (ER-U-001); a parameters file's values are checked."),
    ("U21", "Two circuits whose private peering subnets overlap get a warning: uniqueness is documented for Microsoft peering only, and circuits into different VRFs may reuse them."),
    ("U22", "An IPv4-only VNet or GatewaySubnet linked to a dual-stack circuit gets warnings (ER-PP-009, ER-GS-004), never an error; the documented ban is the reverse (ER-PP-007)."),
];

/// Short names of the catalogue's source keys (§0.2), for link text.
const SOURCE_KEYS: &[(&str, &str)] = &[
    (src::DOC_ROUTING, "DOC-ROUTING"),
    (src::DOC_PEER_PORTAL, "DOC-PEER-PORTAL"),
    (src::DOC_FAQ, "DOC-FAQ"),
    (src::DOC_LIMITS, "DOC-LIMITS"),
    (src::DOC_PEERINGS, "DOC-PEERINGS"),
    (src::DOC_WORKFLOWS, "DOC-WORKFLOWS"),
    (src::DOC_LOC, "DOC-LOC"),
    (src::DOC_DIRECT, "DOC-DIRECT"),
    (src::DOC_GW, "DOC-GW"),
    (src::DOC_GW_PORTAL, "DOC-GW-PORTAL"),
    (src::DOC_SCALE, "DOC-SCALE"),
    (src::DOC_FASTPATH, "DOC-FASTPATH"),
    (src::DOC_LINK_PORTAL, "DOC-LINK-PORTAL"),
    (src::DOC_LINK_PS, "DOC-LINK-PS"),
    (src::DOC_IPV6, "DOC-IPV6"),
    (src::DOC_GR, "DOC-GR"),
    (src::DOC_COEXIST, "DOC-COEXIST"),
    (src::DOC_NAMES, "DOC-NAMES"),
    (src::DOC_VNETFAQ, "DOC-VNETFAQ"),
    (src::DOC_GWSUBNET, "DOC-GWSUBNET"),
    (src::DOC_VPNBGP, "DOC-VPNBGP"),
    (src::DOC_REGIONS, "DOC-REGIONS"),
    (src::ER_PROVIDERS_API, "ER-PROVIDERS-API"),
    (src::SPEC, "SPEC"),
    (src::TF, "TF"),
    (src::QS_PRIVATE_PEERING, "QS-PRIVATE-PEERING"),
    (src::DOC_PIP_BASIC, "DOC-PIP-BASIC"),
    (src::DOC_ARM_SCOPE, "DOC-ARM-SCOPE"),
];

/// The rule catalogue's copy in `docs/` (the sections the rules cite), relative to `docs/rules.md`.
pub const CATALOGUE: &str = "rule-catalogue.md";

/// The headings of the catalogue's sections the rules cite: (section number, heading text).
pub const CATALOGUE_SECTIONS: &[(&str, &str)] = &[
    ("1.1", "1.1 Resource names (DOC-NAMES, Microsoft.Network + Microsoft.Resources tables)"),
    ("2", "2. Circuit — `Microsoft.Network/expressRouteCircuits`"),
    ("2.1", "2.1 Quotas relevant to circuit creation (DOC-LIMITS / DOC-FAQ)"),
    ("3", "3. Circuit states and what they gate"),
    ("4", "4. ExpressRoute Direct (port pair) essentials (DOC-DIRECT, TF express_route_port)"),
    ("5.1", "5.1 Fields common to private and Microsoft peering"),
    ("5.2", "5.2 Azure private peering specifics"),
    ("5.3", "5.3 Microsoft peering specifics (`properties.microsoftPeeringConfig`, and `ipv6PeeringConfig.microsoftPeeringConfig`)"),
    ("5.4", "5.4 ASN rules consolidated (P2)"),
    ("6", "6. Route filters — `Microsoft.Network/routeFilters` (for Microsoft peering)"),
    ("7", "7. Route and scale limits (DOC-LIMITS / DOC-FAQ)"),
    ("8.1", "8.1 Virtual network address space (DOC-VNETFAQ)"),
    ("8.2", "8.2 GatewaySubnet"),
    ("8.3", "8.3 Gateway — `Microsoft.Network/virtualNetworkGateways`"),
    ("9", "9. Connection — `Microsoft.Network/connections` (VNet gateway ↔ circuit)"),
    ("10", "10. Global Reach — `expressRouteCircuits/peerings/connections` (on AzurePrivatePeering)"),
    ("11", "11. Dual-circuit (primary/secondary) topology"),
    ("13", "13. Uncertainties and source disagreements (the \"decision\" column is the project's rule: follow it)"),
];

/// The catalogue section of a rule's catalogue item, read from its first part: `§5.4` (or
/// `§6 communities`) names it; an item names its table's (`PP3` → 5.2, `G1` → 3, `D4` → 11).
/// `None` for the wizard's own items (`Import`, `Basics`).
pub fn catalogue_section(item: &str) -> Option<&'static str> {
    let first = item.split([' ', '/']).next().unwrap_or("");
    let number = match first.strip_prefix('§') {
        Some(n) => n,
        None => {
            let letters = first.trim_end_matches(|c: char| c.is_ascii_digit());
            if letters.len() == first.len() {
                return None;
            }
            match letters {
                "C" => "2",
                "G" => "3",
                "P" => "5.1",
                "PP" => "5.2",
                "MP" => "5.3",
                "GW" => "8.3",
                "CN" => "9",
                "GR" => "10",
                "D" => "11",
                "U" => "13",
                _ => return None,
            }
        }
    };
    CATALOGUE_SECTIONS
        .iter()
        .find(|(n, _)| *n == number)
        .map(|(n, _)| *n)
}

/// A rule's catalogue item, linked to its section in the catalogue's copy when it has one.
fn catalogue_link(item: &str) -> String {
    let heading = catalogue_section(item)
        .and_then(|n| CATALOGUE_SECTIONS.iter().find(|(k, _)| *k == n))
        .map(|(_, h)| *h);
    match heading {
        Some(h) => format!("[{}]({CATALOGUE}#{})", cell(item), anchor(h)),
        None => cell(item),
    }
}

/// What a rule checks, then why it matters and an example, when written.
fn checks_cell(r: &RuleInfo) -> String {
    let mut c = cell(r.checks);
    if !r.why.is_empty() {
        c.push_str("<br>*Why:* ");
        c.push_str(&cell(r.why));
    }
    if !r.example.is_empty() {
        c.push_str("<br>*Example:* ");
        c.push_str(&cell(r.example));
    }
    c
}

/// The section prefix of a rule code: `ER-PP-007` → `PP`. Empty when the code has no prefix.
pub fn prefix(code: &str) -> &str {
    let rest = code.strip_prefix("ER-").unwrap_or(code);
    rest.rsplit_once('-').map_or("", |(p, _)| p)
}

/// The title of the section a code belongs to ("Other" for an unknown prefix).
pub fn section_title(code: &str) -> &'static str {
    let p = prefix(code);
    SECTIONS
        .iter()
        .find(|(k, _)| *k == p)
        .map_or("Other", |(_, t)| *t)
}

/// Rules grouped by section, in section order, each group sorted by code number. Sections with
/// no rule are left out; rules with an unknown prefix come last, under "Other".
pub fn grouped() -> Vec<(&'static str, &'static str, Vec<&'static RuleInfo>)> {
    let rules = all_rules();
    let number = |r: &RuleInfo| {
        r.code
            .rsplit('-')
            .next()
            .and_then(|n| n.parse::<u32>().ok())
            .unwrap_or(u32::MAX)
    };
    let mut out: Vec<(&'static str, &'static str, Vec<&'static RuleInfo>)> = Vec::new();
    for (p, title) in SECTIONS {
        let mut rs: Vec<&'static RuleInfo> = rules
            .iter()
            .copied()
            .filter(|r| prefix(r.code) == *p)
            .collect();
        rs.sort_by_key(|r| (number(r), r.code));
        if !rs.is_empty() {
            out.push((p, title, rs));
        }
    }
    let mut other: Vec<&'static RuleInfo> = rules
        .iter()
        .copied()
        .filter(|r| !SECTIONS.iter().any(|(p, _)| *p == prefix(r.code)))
        .collect();
    other.sort_by_key(|r| r.code);
    if !other.is_empty() {
        out.push(("", "Other", other));
    }
    out
}

/// A Markdown link to a rule's source: the catalogue's key as text when known.
fn source_link(url: &str) -> String {
    if url == src::DECISIONS {
        return "[Decisions](#decisions)".to_string();
    }
    let text = SOURCE_KEYS
        .iter()
        .find(|(u, _)| *u == url)
        .map(|(_, k)| (*k).to_string())
        .unwrap_or_else(|| {
            let bare = url
                .trim_start_matches("https://")
                .trim_start_matches("http://");
            bare.rsplit('/')
                .find(|s| !s.is_empty())
                .unwrap_or(bare)
                .to_string()
        });
    if url.starts_with("http") {
        format!("[{}]({url})", cell(&text))
    } else {
        cell(url)
    }
}

/// Table cell text: pipes escaped, new lines removed.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace(['\n', '\r'], " ")
}

/// A GitHub-style anchor for a heading.
fn anchor(heading: &str) -> String {
    heading
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

fn heading(p: &str, title: &str) -> String {
    if p.is_empty() {
        title.to_string()
    } else {
        format!("ER-{p}: {title}")
    }
}

/// `docs/rules.md`: every rule grouped by section, counts, and the project's decisions.
pub fn markdown() -> String {
    let groups = grouped();
    let total: usize = groups.iter().map(|(_, _, rs)| rs.len()).sum();
    let mut s = String::new();
    // Writing into a String cannot fail; `let _ =` keeps this free of unwraps.
    let _ = writeln!(
        s,
        "# ExpressRoute Wizard rules\n\n\
         <!-- Generated by `{REGENERATE}`; do not edit by hand. -->\n\n\
         Every check the wizard and the `erwiz` checker run, with its stable code, default severity,\n\
         the item of the rule catalogue it implements and the source it comes from.\n\n\
         * **Codes** are `ER-<section>-<number>`, e.g. `ER-PP-007`. A code never changes meaning and\n  \
         is never reused; a retired rule keeps its number. Findings name the field they concern with a\n  \
         JSON path such as `circuits[0].privatePeering.vlanId`.\n\
         * **Severities:** `error`: Azure would reject the design, or the documentation says \"must\";\n  \
         it blocks the step and makes `erwiz check` exit with status 1. `warning`: allowed by the\n  \
         API but against documented guidance, or the rule is uncertain. `info`: a derived fact or a\n  \
         reminder. A rule may report a milder severity than its default in documented cases.\n\
         * **Catalogue items** link to their section of the rule catalogue, copied in\n  \
         [{CATALOGUE}]({CATALOGUE}).\n\
         * **Sources** are the documentation pages and specifications of the rule catalogue (its\n  \
         §0.2 keys); [Decisions](#decisions) marks the project's own rulings where sources disagree.\n\
         * This file is generated from the rule registry (`all_rules()`): run\n  \
         `{REGENERATE}`.\n  \
         A test fails when it is out of date.\n"
    );
    let _ = writeln!(s, "## Summary\n\n| Section | Rules |\n|---|---:|");
    for (p, title, rs) in &groups {
        let h = heading(p, title);
        let _ = writeln!(s, "| [{h}](#{}) | {} |", anchor(&h), rs.len());
    }
    let _ = writeln!(s, "| **Total** | **{total}** |\n");
    for (p, title, rs) in &groups {
        let _ = writeln!(
            s,
            "## {}\n\n{} rule{}.\n\n| Code | Severity | Catalogue item | What it checks | Source |\n|---|---|---|---|---|",
            heading(p, title),
            rs.len(),
            if rs.len() == 1 { "" } else { "s" }
        );
        for r in rs {
            let _ = writeln!(
                s,
                "| `{}` | {} | {} | {} | {} |",
                r.code,
                r.severity.as_str(),
                catalogue_link(r.catalogue),
                checks_cell(r),
                source_link(r.source)
            );
        }
        s.push('\n');
    }
    let _ = writeln!(
        s,
        "## Decisions\n\n\
         Where the sources disagree or say nothing, the rule catalogue (§13) records the project's\n\
         decision; the rules follow it.\n\n| Id | Decision |\n|---|---|"
    );
    for (id, text) in DECISIONS {
        let _ = writeln!(s, "| {id} | {} |", cell(text));
    }
    s
}

/// A plain-text list of every rule, one line each: code, severity, catalogue item, what it
/// checks and the source; then the total.
pub fn text() -> String {
    let rules: Vec<&RuleInfo> = grouped().into_iter().flat_map(|(_, _, rs)| rs).collect();
    let w_code = rules.iter().map(|r| r.code.len()).max().unwrap_or(0);
    let w_cat = rules
        .iter()
        .map(|r| r.catalogue.chars().count())
        .max()
        .unwrap_or(0);
    let mut s = String::new();
    for r in &rules {
        let _ = writeln!(
            s,
            "{:<w_code$}  {:<7}  {:<w_cat$}  {}  <{}>",
            r.code,
            r.severity.as_str(),
            r.catalogue,
            r.checks,
            r.source
        );
    }
    let (e, w, i) = rules
        .iter()
        .fold((0, 0, 0), |(e, w, i), r| match r.severity {
            Severity::Error => (e + 1, w, i),
            Severity::Warning => (e, w + 1, i),
            Severity::Info => (e, w, i + 1),
        });
    let _ = writeln!(
        s,
        "{} rules ({e} error, {w} warning, {i} info by default severity)",
        rules.len()
    );
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn docs_rules_md_is_up_to_date() {
        let on_disk = include_str!("../../../docs/rules.md").replace("\r\n", "\n");
        assert!(
            on_disk == markdown(),
            "docs/rules.md is out of date with the rule registry; regenerate it with\n    {REGENERATE}"
        );
    }

    #[test]
    fn prefixes_and_sections() {
        assert_eq!(prefix("ER-PP-007"), "PP");
        assert_eq!(prefix("ER-ASN-001"), "ASN");
        assert_eq!(prefix("ER-C-001"), "C");
        assert_eq!(prefix("nonsense"), "");
        assert_eq!(section_title("ER-GS-002"), "GatewaySubnet");
        assert_eq!(section_title("ER-ZZ-001"), "Other");
    }

    #[test]
    fn every_rule_is_documented_once() {
        let md = markdown();
        for r in all_rules() {
            assert_eq!(
                md.matches(&format!("| `{}` |", r.code)).count(),
                1,
                "{}",
                r.code
            );
        }
        let listed: usize = grouped().iter().map(|(_, _, rs)| rs.len()).sum();
        assert_eq!(listed, all_rules().len());
        assert!(md.contains(&format!("| **Total** | **{listed}** |")));
        assert!(md.contains("\n## Decisions\n"));
        // U1–U16, then the later decisions this build implements, in order.
        assert!(DECISIONS.len() >= 16);
        let ids: Vec<u32> = DECISIONS
            .iter()
            .filter_map(|(u, _)| u.strip_prefix('U').and_then(|n| n.parse().ok()))
            .collect();
        assert_eq!(ids.len(), DECISIONS.len());
        assert!(ids.windows(2).all(|w| w[0] < w[1]), "{ids:?}");
        for id in [8, 17, 18, 19, 20, 21, 22] {
            assert!(ids.contains(&id), "U{id}");
        }
    }

    /// Every rule's catalogue item but the wizard's own links to a section of the catalogue's
    /// copy that exists, and an item that names a row (`PP3`, `G1`) is in that copy.
    #[test]
    fn catalogue_items_link_to_the_copy_in_docs() {
        let copy = include_str!("../../../docs/rule-catalogue.md").replace("\r\n", "\n");
        for (n, h) in CATALOGUE_SECTIONS {
            let hashes = if n.contains('.') { "###" } else { "##" };
            assert!(copy.contains(&format!("\n{hashes} {h}\n")), "§{n}: {h}");
        }
        for r in all_rules() {
            let first = r.catalogue.split([' ', '/']).next().unwrap_or("");
            match catalogue_section(r.catalogue) {
                Some(_) if !first.starts_with('§') => assert!(
                    copy.contains(&format!("| {first} |")) || copy.contains(&format!("**{first}")),
                    "{}: {first} is not in the catalogue",
                    r.code
                ),
                Some(_) => {}
                None => assert!(
                    ["Import", "Basics"].contains(&first),
                    "{}: {}",
                    r.code,
                    r.catalogue
                ),
            }
        }
        assert_eq!(catalogue_section("PP3 / §5.4 / U2"), Some("5.2"));
        assert_eq!(catalogue_section("§6 communities"), Some("6"));
        assert_eq!(catalogue_section("D4 / P7"), Some("11"));
        assert_eq!(catalogue_section("Import / U20"), None);
        assert!(
            catalogue_link("G1 / U17").starts_with("[G1 / U17](rule-catalogue.md#3-circuit-states")
        );
    }

    #[test]
    fn every_source_has_a_link() {
        for r in all_rules() {
            let l = source_link(r.source);
            assert!(l.starts_with('['), "{}: {l}", r.code);
        }
        assert_eq!(anchor("ER-C: Circuit"), "er-c-circuit");
        assert_eq!(anchor("ER-P: Peering (common)"), "er-p-peering-common");
    }
}
