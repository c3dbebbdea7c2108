//! Applying a finding's one-click fix to the design: the same change the fix button makes, as a
//! pure function, so the rules' fixes are tested natively (a fix, applied, must remove its
//! finding and add no error).

use super::field::lens::PlaceMut;
use super::field::FieldPath;
use super::finding::Fix;
use super::model::{split_list, Design};

/// Applies `fix` at `path` (a finding's path): replaces a text field's value, replaces or
/// removes one item of a text list (`…advertisedPrefixes[2]`), or replaces a whole list with the
/// items of the fix's text. Returns whether the design changed shape as the fix says: false for
/// advice, a path that names no text field of the design (closed choices such as the address
/// family are set by their own controls), or an index past the list's end.
pub fn apply_fix(d: &mut Design, path: &str, fix: &Fix) -> bool {
    if !fix.applies() {
        return false;
    }
    let Some(at) = FieldPath::parse(path) else {
        return false;
    };
    if fix.remove {
        let Some((list, k)) = at.list_item() else {
            return false;
        };
        return match list.place_mut(d) {
            Some(PlaceMut::List(items)) if k < items.len() => {
                items.remove(k);
                true
            }
            _ => false,
        };
    }
    let Some(value) = &fix.value else {
        return false;
    };
    match at.place_mut(d) {
        Some(PlaceMut::Text(s)) => {
            *s = value.clone();
            true
        }
        Some(PlaceMut::List(items)) => {
            *items = split_list(value);
            true
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::model::MicrosoftPeering;

    fn design() -> Design {
        let mut d = Design::default();
        d.circuits[0].microsoft_peering = Some(MicrosoftPeering {
            advertised_prefixes: vec!["20.0.0.0/24".into(), "20.0.1.0/24".into()],
            ..MicrosoftPeering::default()
        });
        d.on_prem_routes = vec!["10.0.0.0/8".into()];
        d
    }

    fn prefixes(d: &Design) -> Vec<String> {
        d.circuits[0]
            .microsoft_peering
            .as_ref()
            .map(|m| m.advertised_prefixes.clone())
            .unwrap_or_default()
    }

    #[test]
    fn each_kind_of_fix() {
        let list = "circuits[0].microsoftPeering.advertisedPrefixes";
        // (path, fix, applied, the list after, the region after)
        let cases: Vec<(String, Fix, bool, Vec<&str>, &str)> = vec![
            (
                format!("{list}[1]"),
                Fix::remove("Remove"),
                true,
                vec!["20.0.0.0/24"],
                "",
            ),
            (
                format!("{list}[0]"),
                Fix::remove("Remove"),
                true,
                vec!["20.0.1.0/24"],
                "",
            ),
            // Past the end: nothing.
            (
                format!("{list}[2]"),
                Fix::remove("Remove"),
                false,
                vec!["20.0.0.0/24", "20.0.1.0/24"],
                "",
            ),
            (
                format!("{list}[1]"),
                Fix::replace("Use", "20.0.9.0/24"),
                true,
                vec!["20.0.0.0/24", "20.0.9.0/24"],
                "",
            ),
            (
                list.to_string(),
                Fix::replace("Use", "1.2.3.0/24, 1.2.4.0/24"),
                true,
                vec!["1.2.3.0/24", "1.2.4.0/24"],
                "",
            ),
            // A whole list is never "removed".
            (
                list.to_string(),
                Fix::remove("Remove"),
                false,
                vec!["20.0.0.0/24", "20.0.1.0/24"],
                "",
            ),
            (
                "circuits[0].region".into(),
                Fix::replace("Use", "westeurope"),
                true,
                vec!["20.0.0.0/24", "20.0.1.0/24"],
                "westeurope",
            ),
            (
                "circuits[0].region".into(),
                Fix::advice("Choose one"),
                false,
                vec!["20.0.0.0/24", "20.0.1.0/24"],
                "",
            ),
            // Not a text field.
            (
                "circuits[0].privatePeering.addressFamily".into(),
                Fix::replace("Use", "Both"),
                false,
                vec!["20.0.0.0/24", "20.0.1.0/24"],
                "",
            ),
            (
                "".into(),
                Fix::remove("x"),
                false,
                vec!["20.0.0.0/24", "20.0.1.0/24"],
                "",
            ),
            (
                "circuits[0].microsoftPeering.advertisedPrefixes[x]".into(),
                Fix::remove("x"),
                false,
                vec!["20.0.0.0/24", "20.0.1.0/24"],
                "",
            ),
        ];
        for (path, fix, applied, after, region) in cases {
            let mut d = design();
            assert_eq!(apply_fix(&mut d, &path, &fix), applied, "{path} {fix:?}");
            assert_eq!(prefixes(&d), after, "{path} {fix:?}");
            assert_eq!(d.circuits[0].region, region, "{path}");
        }
    }

    #[test]
    fn on_premises_prefixes_are_a_list() {
        let mut d = design();
        assert!(apply_fix(&mut d, "onPremRoutes[0]", &Fix::remove("Remove")));
        assert!(d.on_prem_routes.is_empty());
    }

    use crate::domain::finding::{Finding, Severity};
    use crate::domain::io::parse_design;
    use crate::domain::rules::validate;

    fn seed() -> Design {
        parse_design(include_str!("../../tests/fixtures/seed.json")).expect("seed parses")
    }

    fn ms(d: &mut Design) -> &mut MicrosoftPeering {
        d.circuits[0]
            .microsoft_peering
            .as_mut()
            .expect("seed has one")
    }

    fn errors(fs: &[Finding]) -> Vec<(&'static str, String)> {
        let mut v: Vec<_> = fs
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .map(|f| (f.code, f.message.clone()))
            .collect();
        v.sort();
        v
    }

    /// One case: a change to the seed design, the finding it causes (code, path) and whether
    /// that finding's fix is one click (`Some(true)`), advice (`Some(false)`) or absent (`None`).
    type Case = (
        &'static str,
        fn(&mut Design),
        &'static str,
        &'static str,
        Option<bool>,
    );

    const MP: &str = "circuits[0].microsoftPeering";

    fn cases() -> Vec<Case> {
        vec![
            (
                "duplicate advertised prefix",
                |d| ms(d).advertised_prefixes.push("193.0.12.0/24".into()),
                "ER-MP-016",
                "circuits[0].microsoftPeering.advertisedPrefixes[1]",
                Some(true),
            ),
            (
                "duplicate written another way (host bits)",
                |d| ms(d).advertised_prefixes.push("193.0.12.7/24".into()),
                "ER-MP-016",
                "circuits[0].microsoftPeering.advertisedPrefixes[1]",
                Some(true),
            ),
            (
                "private prefix next to a public one",
                |d| ms(d).advertised_prefixes.push("10.0.0.0/8".into()),
                "ER-MP-004",
                "circuits[0].microsoftPeering.advertisedPrefixes[1]",
                Some(true),
            ),
            (
                "private prefix before a public one",
                |d| ms(d).advertised_prefixes.insert(0, "100.64.0.0/10".into()),
                "ER-MP-004",
                "circuits[0].microsoftPeering.advertisedPrefixes[0]",
                Some(true),
            ),
            (
                "the only prefix is private: advice (removing it leaves none)",
                |d| ms(d).advertised_prefixes = vec!["192.168.0.0/16".into()],
                "ER-MP-004",
                "circuits[0].microsoftPeering.advertisedPrefixes[0]",
                Some(false),
            ),
            (
                "only private prefixes: advice",
                |d| ms(d).advertised_prefixes = vec!["10.0.0.0/8".into(), "0.0.0.0/0".into()],
                "ER-MP-004",
                "circuits[0].microsoftPeering.advertisedPrefixes[1]",
                Some(false),
            ),
            (
                "empty advertised entry among others",
                |d| ms(d).advertised_prefixes.push(" ".into()),
                "ER-MP-003",
                "circuits[0].microsoftPeering.advertisedPrefixes[1]",
                Some(true),
            ),
            (
                "the only advertised entry is empty: no fix",
                |d| ms(d).advertised_prefixes = vec![String::new()],
                "ER-MP-003",
                "circuits[0].microsoftPeering.advertisedPrefixes[0]",
                None,
            ),
            (
                "duplicate community",
                |d| d.route_filters[0].communities.push("12076:5050".into()),
                "ER-RF-007",
                "routeFilters[0].communities[1]",
                Some(true),
            ),
            (
                "empty community",
                |d| d.route_filters[0].communities.push(String::new()),
                "ER-RF-005",
                "routeFilters[0].communities[1]",
                Some(true),
            ),
            (
                "community written as a service name",
                |d| d.route_filters[0].communities.push("Exchange".into()),
                "ER-RF-005",
                "routeFilters[0].communities[1]",
                Some(true),
            ),
            (
                "route filter without a region, its circuit in a known one",
                |d| d.route_filters[0].region.clear(),
                "ER-RF-002",
                "routeFilters[0].region",
                Some(true),
            ),
            (
                "route filter region is a peering location",
                |d| d.route_filters[0].region = "London".into(),
                "ER-RF-002",
                "routeFilters[0].region",
                Some(true),
            ),
            (
                "route filter without a region, its circuit's region unknown",
                |d| {
                    d.route_filters[0].region.clear();
                    d.circuits[0].region = "atlantis".into();
                },
                "ER-RF-002",
                "routeFilters[0].region",
                None,
            ),
            (
                "empty on-premises prefix",
                |d| d.on_prem_routes.push(String::new()),
                "ER-L-001",
                "onPremRoutes[2]",
                Some(true),
            ),
            (
                "on-premises prefix with host bits",
                |d| d.on_prem_routes.push("172.18.0.1/16".into()),
                "ER-L-001",
                "onPremRoutes[2]",
                Some(true),
            ),
            (
                "address space inside another of the same VNet",
                |d| {
                    d.virtual_networks[0]
                        .address_spaces
                        .push("10.1.4.0/22".into())
                },
                "ER-VN-006",
                "virtualNetworks[0].addressSpaces[1]",
                Some(true),
            ),
            (
                "address space listed twice",
                |d| {
                    d.virtual_networks[0]
                        .address_spaces
                        .push("10.1.0.0/16".into())
                },
                "ER-VN-006",
                "virtualNetworks[0].addressSpaces[1]",
                Some(true),
            ),
            (
                "address space holding an earlier one: no fix (which to keep is a choice)",
                |d| {
                    d.virtual_networks[0]
                        .address_spaces
                        .push("10.0.0.0/8".into())
                },
                "ER-VN-006",
                "virtualNetworks[0].addressSpaces[1]",
                None,
            ),
            (
                "empty address space among others",
                |d| d.virtual_networks[0].address_spaces.push(String::new()),
                "ER-VN-001",
                "virtualNetworks[0].addressSpaces[1]",
                Some(true),
            ),
            (
                "reserved customer ASN",
                |d| ms(d).customer_asn = "65517".into(),
                "ER-ASN-003",
                "circuits[0].microsoftPeering.customerAsn",
                Some(true),
            ),
            (
                "Microsoft's ASN as the customer ASN",
                |d| ms(d).customer_asn = "12076".into(),
                "ER-ASN-001",
                "circuits[0].microsoftPeering.customerAsn",
                Some(true),
            ),
            (
                "reserved private peering ASN: advice",
                |d| d.circuits[0].private_peering.as_mut().unwrap().peer_asn = "65515".into(),
                "ER-PP-003",
                "circuits[0].privatePeering.peerAsn",
                Some(false),
            ),
            (
                "Microsoft's ASN on private peering: advice",
                |d| d.circuits[0].private_peering.as_mut().unwrap().peer_asn = "8075".into(),
                "ER-ASN-001",
                "circuits[0].privatePeering.peerAsn",
                Some(false),
            ),
            (
                "IANA-reserved ASN on Microsoft peering: advice",
                |d| ms(d).peering.peer_asn = "23456".into(),
                "ER-ASN-002",
                "circuits[0].microsoftPeering.peerAsn",
                Some(false),
            ),
            (
                "documentation ASN on Microsoft peering: advice",
                |d| ms(d).peering.peer_asn = "64500".into(),
                "ER-MP-011",
                "circuits[0].microsoftPeering.peerAsn",
                Some(false),
            ),
            (
                "documentation ASN on private peering: advice",
                |d| d.circuits[0].private_peering.as_mut().unwrap().peer_asn = "64511".into(),
                "ER-ASN-004",
                "circuits[0].privatePeering.peerAsn",
                Some(false),
            ),
        ]
    }

    #[test]
    fn each_fix_removes_its_finding_and_adds_no_error() {
        let clean = validate(&seed());
        assert!(errors(&clean).is_empty(), "{:?}", errors(&clean));
        for (what, change, code, path, kind) in cases() {
            let mut d = seed();
            change(&mut d);
            let before = validate(&d);
            let f = before
                .iter()
                .find(|f| f.code == code && f.path == path)
                .unwrap_or_else(|| panic!("{what}: no {code} at {path}: {before:#?}"))
                .clone();
            assert!(!f.message.contains(MP), "{what}: {}", f.message);
            let fix = f.fix.clone();
            assert_eq!(fix.as_ref().map(Fix::applies), kind, "{what}: {fix:?}");
            let Some(fix) = fix.filter(Fix::applies) else {
                continue;
            };
            assert!(apply_fix(&mut d, path, &fix), "{what}: not applied");
            let after = validate(&d);
            let same = |fs: &[Finding]| fs.iter().filter(|x| x.code == code).count();
            assert!(
                same(&after) < same(&before),
                "{what}: {code} still there: {after:#?}"
            );
            let (eb, ea) = (errors(&before), errors(&after));
            for e in &ea {
                assert!(eb.contains(e), "{what}: the fix added the error {e:?}");
            }
        }
    }

    /// Every one-click fix the rules offer on the fixture designs (the errors fixture holds
    /// most kinds of mistakes), applied alone: its finding goes and no new error comes.
    #[test]
    fn every_fix_offered_on_the_fixtures_holds() {
        let mut applied = 0;
        for text in [
            include_str!("../../tests/fixtures/errors.json"),
            include_str!("../../tests/fixtures/two-circuits.json"),
            include_str!("../../tests/fixtures/dual-stack.json"),
            include_str!("../../tests/fixtures/full-direct.json"),
            include_str!("../../tests/fixtures/large.json"),
        ] {
            let d = parse_design(text).expect("fixture parses");
            let before = validate(&d);
            for f in before
                .iter()
                .filter(|f| f.fix.as_ref().is_some_and(Fix::applies))
            {
                let mut e = d.clone();
                let Some(fix) = &f.fix else { continue };
                if !apply_fix(&mut e, &f.path, fix) {
                    continue; // a closed choice (address family, SKU): its control sets it
                }
                applied += 1;
                let after = validate(&e);
                let n = |fs: &[Finding]| {
                    fs.iter()
                        .filter(|x| x.code == f.code && x.path == f.path && x.message == f.message)
                        .count()
                };
                assert!(
                    n(&after) < n(&before),
                    "{} at {} stays after \"{}\"",
                    f.code,
                    f.path,
                    fix.label
                );
                let (eb, ea) = (errors(&before), errors(&after));
                for x in &ea {
                    assert!(
                        eb.contains(x),
                        "{} \"{}\" at {} added {x:?}",
                        f.code,
                        fix.label,
                        f.path
                    );
                }
            }
        }
        assert!(applied > 5, "{applied}");
    }
}
