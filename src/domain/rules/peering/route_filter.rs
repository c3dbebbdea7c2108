//! §6 Route filters (`ER-RF-*`): name, region, rule name and communities, and whether a
//! Microsoft peering uses the filter.

use crate::domain::sorted::{VecMap, VecSet};

use super::same_name;
use crate::domain::catalog::{
    self,
    bgp::{is_known_community, COMMUNITIES, MICROSOFT_ASN},
};
use crate::domain::field::{FieldPath, FilterField, FilterKey};
use crate::domain::finding::{src, Finding, Fix};
use crate::domain::model::Design;
use crate::domain::net::parse_uint;
use crate::domain::rules::names::{check_field_name, NAME_1_80};
use crate::rule;

// §6 Route filters.
rule!(
    ER_RF_001,
    "ER-RF-001",
    "§6 name / §1.1",
    Error,
    "Route filter name follows the 1–80 network name rule",
    src::DOC_NAMES,
    why: "Azure refuses the route filter, and the Microsoft peering that needs it.",
    example: "route filter name rf services"
);
rule!(
    ER_RF_002,
    "ER-RF-002",
    "§6 location",
    Error,
    "Route filter region is given, and is not a peering location's name",
    src::DOC_REGIONS,
    why: "A route filter is a resource in an Azure region; a peering location is not one.",
    example: "route filter region Amsterdam2"
);
rule!(
    ER_RF_009,
    "ER-RF-009",
    "§6 location / U19",
    Warning,
    "Route filter region is one of the catalogue's Azure regions (a dated list: an unknown region is a warning)",
    src::DOC_REGIONS,
    why: "An unknown region may be a typing mistake that Azure will refuse.",
    example: "route filter region UK Sowth"
);
rule!(
    ER_RF_003,
    "ER-RF-003",
    "§6 rules / §1.1",
    Error,
    "The route filter's single Allow/Community rule has a name that follows the 1–80 name rule",
    src::DOC_ROUTEFILTER,
    why: "Azure refuses the filter's rule, so no community is allowed.",
    example: "rule name allow*"
);
rule!(
    ER_RF_004,
    "ER-RF-004",
    "§6 communities",
    Warning,
    "A route filter without communities lets no Microsoft routes through",
    src::DOC_ROUTEFILTER,
    why: "A filter without communities allows no routes, so Microsoft peering carries nothing.",
    example: "a route filter with no communities"
);
rule!(
    ER_RF_005,
    "ER-RF-005",
    "§6 communities",
    Error,
    "Route filter communities are written 12076:n with n from 0 to 65535",
    src::DOC_ROUTING,
    why: "Route filters select Microsoft's communities, all written 12076:n.",
    example: "community 12076-5010"
);
rule!(
    ER_RF_006,
    "ER-RF-006",
    "§6 communities",
    Warning,
    "Route filter community is a known Microsoft service or regional community",
    src::DOC_ROUTING,
    why: "An unknown community selects no Microsoft routes.",
    example: "community 12076:9999"
);
rule!(
    ER_RF_007,
    "ER-RF-007",
    "§6 communities",
    Warning,
    "A community is listed only once in a route filter",
    src::DOC_ROUTEFILTER,
    why: "A community listed twice adds nothing, and is often a typing mistake for another.",
    example: "12076:5010 listed twice"
);
rule!(
    ER_RF_008,
    "ER-RF-008",
    "§6 attach",
    Info,
    "The route filter is attached to no Microsoft peering",
    src::DOC_ROUTEFILTER,
    why: "A filter attached to no peering has no effect.",
    example: "route filter rf-old that no peering names"
);

/// A route-filter community as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Community {
    /// `12076:n`, written exactly so.
    Ok(u32),
    /// Means `12076:n` but is written differently (the reason given).
    Fixable(u32, String),
    /// Not a usable community (the reason given).
    Bad(String),
}

/// Reads a route-filter community.
pub(super) fn read_community(text: &str) -> Community {
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

pub(super) fn route_filters(d: &Design, out: &mut Vec<Finding>) {
    let attached: VecSet<String> = d
        .circuits
        .iter()
        .filter_map(|c| c.microsoft_peering.as_ref())
        .map(|m| m.route_filter.trim().to_ascii_lowercase())
        .filter(|n| !n.is_empty())
        .collect();
    for (r, rf) in d.route_filters.iter().enumerate() {
        let path = |key: FilterKey| FieldPath::RouteFilter(r, Some(FilterField::Key(key)));
        if let Some(f) = check_field_name(&ER_RF_001, NAME_1_80, path(FilterKey::Name), &rf.name) {
            out.push(Finding {
                message: f.message.replacen("name", "route filter name", 1),
                ..f
            });
        }
        let region = rf.region.trim();
        if region.is_empty() {
            let f = ER_RF_002.at(
                path(FilterKey::Region),
                "Select the route filter's Azure region.",
            );
            out.push(match users_region(d, &rf.name) {
                Some(r) => f.with_fix(Fix::replace(format!("Use {}", r.display_name), r.name)),
                None => f,
            });
        } else if catalog::region(region).is_none() {
            out.push(match catalog::peering_location(region) {
                Some(l) => ER_RF_002
                    .at(
                        path(FilterKey::Region),
                        format!("{} is a peering location, not an Azure region.", l.name),
                    )
                    .with_fix(match users_region(d, &rf.name) {
                        Some(r) => Fix::replace(format!("Use {}", r.display_name), r.name),
                        None => Fix::advice(
                            "Choose a region from the list, e.g. the region of the circuit.",
                        ),
                    }),
                None => crate::domain::rules::circuit::unknown_region(
                    &ER_RF_009,
                    path(FilterKey::Region),
                    region,
                ),
            });
        }
        if rf.rule_name.is_empty() {
            if !rf.communities.is_empty() {
                out.push(
                    ER_RF_003
                        .at(
                            path(FilterKey::RuleName),
                            "Enter a name for the route filter's rule.",
                        )
                        .with_fix(Fix::replace("Use \"allow-services\"", "allow-services")),
                );
            }
        } else if let Some(f) = check_field_name(
            &ER_RF_003,
            NAME_1_80,
            path(FilterKey::RuleName),
            &rf.rule_name,
        ) {
            out.push(Finding {
                message: f.message.replacen("name", "rule name", 1),
                ..f
            });
        }
        if rf.communities.is_empty() {
            out.push(ER_RF_004.at(
                path(FilterKey::Communities),
                "This route filter allows no BGP communities, so Microsoft peering receives no routes: add the communities of the services you need (e.g. 12076:5050 Azure Global Services).",
            ));
        }
        let mut seen: VecMap<u32, usize> = VecMap::new();
        for (k, text) in rf.communities.iter().enumerate() {
            let cpath = FieldPath::RouteFilter(r, Some(FilterField::Community(k)));
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
                            .at(cpath, why)
                            .with_fix(Fix::replace(format!("Use {canon}"), canon)),
                    );
                    v
                }
                Community::Ok(v) => {
                    if (50000..=50999).contains(&v) {
                        let mine = format!("12076:{}", v.saturating_add(1000));
                        let f = ER_RF_006.at(
                            cpath,
                            format!("12076:{v} tags private peering routes; route filters use the Microsoft peering community of the region, {mine}."),
                        );
                        out.push(f.with_fix(Fix::replace(format!("Use {mine}"), mine)));
                    } else if !is_known_community(v) {
                        out.push(ER_RF_006.at(
                            cpath,
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
                path(FilterKey::Name),
                "No Microsoft peering in this design uses this route filter.",
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use super::*;
    use crate::domain::catalog::bgp::M365_COMMUNITIES;
    use crate::domain::model::SkuTier;

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
}
