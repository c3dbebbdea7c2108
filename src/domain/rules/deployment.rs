//! U20: values given at deployment. A template's resource group, subscription,
//! `resourceGroup().location`, its parameters without a value and the resources it refers to by
//! ID outside itself are known only when it is deployed. The import records their fields in
//! [`Design::given_at_deployment`]; while such a field is still empty, no rule's finding on it is
//! reported, and one finding says which values were not checked. A value typed in later (the
//! field is no longer empty) is checked as usual.

use crate::domain::field::lens::{text_fields, Place};
use crate::domain::field::{
    covers, CircuitField, CircuitKey, ConnectionKey, FieldPath, GatewayField, GatewayKey,
    GlobalReachKey, PeeringField, PeeringKey,
};
use crate::domain::finding::{src, Finding, Fix, RuleInfo};
use crate::domain::model::Design;
use crate::domain::rules::limits::ER_L_007;
use crate::rule;

rule!(
    ER_U_001,
    "ER-U-001",
    "U20",
    Info,
    "Values given at deployment (a template's resource group, subscription, resourceGroup().location, parameters without a value, resources outside the template) are unknown, not empty: rules don't check them, and one finding lists them",
    src::DOC_ARM_SCOPE,
    why: "Those values are only known when the template is deployed, so no rule can check them.",
    example: "a template whose region is resourceGroup().location"
);

/// The rules this module checks (the registry [`super::all_rules`] chains these lists).
pub static RULES: &[RuleInfo] = &[ER_U_001, super::limits::ER_L_007];

/// ER-L-007: a design whose ARM template (and Bicep file) holds more than 800 resources. The
/// design is valid and Terraform or the az CLI script deploy it; the template cannot be
/// deployed as one, so a warning at the item whose resource passes the limit says so, with the
/// count and the fix.
pub fn check(d: &Design, out: &mut Vec<Finding>) {
    if let (count, Some(path)) = crate::domain::export::template_resources(d) {
        out.push(
            ER_L_007.at(path, crate::domain::export::template_limit_note(count)).with_fix(
                Fix::advice(
                    "Split the design into several deployments, or deploy it with Terraform or the az CLI",
                ),
            ),
        );
    }
}

/// The paths of `d.given_at_deployment` still unknown, in the design's order: the field is
/// empty, or it refers to a resource outside the design (a connection's circuit or gateway, a
/// gateway's VNet, a Global Reach circuit: it exists, but the design does not say what it is).
/// A path whose item was removed since the import is left out.
pub fn unchecked(d: &Design) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    if d.given_at_deployment.is_empty() {
        return out;
    }
    // The paths given, as the vocabulary reads them (each exactly as it writes them).
    let given: Vec<FieldPath> = d
        .given_at_deployment
        .iter()
        .filter_map(|t| FieldPath::parse(t).filter(|p| p.to_string() == *t))
        .collect();
    // A reference to another resource: it is outside the design when no item has its name.
    let outside = |path: FieldPath, name: &str| match path {
        FieldPath::Connection(_, Some(ConnectionKey::Circuit))
        | FieldPath::GlobalReach(_, Some(GlobalReachKey::Circuit | GlobalReachKey::PeerCircuit)) => {
            !named(d.circuits.iter().map(|c| c.name.as_str()), name)
        }
        FieldPath::Connection(_, Some(ConnectionKey::Gateway)) => {
            !named(d.gateways.iter().map(|g| g.name.as_str()), name)
        }
        FieldPath::Gateway(_, Some(GatewayField::Key(GatewayKey::VirtualNetwork))) => {
            !named(d.virtual_networks.iter().map(|v| v.name.as_str()), name)
        }
        FieldPath::Circuit(_, Some(CircuitField::Key(CircuitKey::DirectPort))) => {
            !named(d.direct_ports.iter().map(|p| p.name.as_str()), name)
        }
        FieldPath::Circuit(
            _,
            Some(CircuitField::Peering(_, Some(PeeringField::Key(PeeringKey::RouteFilter)))),
        ) => !named(d.route_filters.iter().map(|f| f.name.as_str()), name),
        _ => false,
    };
    for path in text_fields(d) {
        let unknown = match path.place(d) {
            Some(Place::Text(s)) => s.trim().is_empty() || outside(path, s),
            Some(Place::List(l)) => l.iter().all(|s| s.trim().is_empty()),
            _ => false,
        };
        if unknown && given.contains(&path) {
            out.push(path.to_string());
        }
    }
    out
}

/// Removes the findings on values given at deployment and adds the one finding that lists them.
pub fn apply(d: &Design, out: &mut Vec<Finding>) {
    let unknown = unchecked(d);
    let Some(first) = unknown.first() else {
        return;
    };
    out.retain(|f| !unknown.iter().any(|u| covers(u, &f.path)));
    let shown: Vec<&str> = unknown.iter().take(12).map(String::as_str).collect();
    let more = unknown.len() - shown.len();
    out.push(ER_U_001.at(
        first.clone(),
        format!(
            "{} {} not known from the input and {} not checked: {}{}. A template gets such values when it is deployed (its resource group, subscription and resourceGroup().location, parameters without a value); a resource outside the input, linked by ID, exists but is not described. Give them in a parameters file (or in the design) to have them checked.",
            unknown.len(),
            if unknown.len() == 1 { "value is" } else { "values are" },
            if unknown.len() == 1 { "was" } else { "were" },
            shown.join(", "),
            if more > 0 { format!(" and {more} more") } else { String::new() }
        ),
    ));
}

/// Whether `names` holds `want` (trimmed, without case, as Azure compares resource names).
fn named<'a>(mut names: impl Iterator<Item = &'a str>, want: &str) -> bool {
    names.any(|n| n.trim().eq_ignore_ascii_case(want.trim()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::export::{export, template_resources, Format, TEMPLATE_RESOURCE_LIMIT};
    use crate::domain::finding::Severity;
    use crate::domain::model::Connection;
    use crate::domain::rules::validate;

    /// A design whose ARM template holds exactly `n` resources (connections added to the
    /// default design).
    fn with_resources(n: usize) -> Design {
        let mut d = Design::default();
        let base = template_resources(&d).0;
        for i in 0..n - base {
            d.connections.push(Connection {
                name: format!("cn-{i}"),
                ..Connection::default()
            });
        }
        assert_eq!(template_resources(&d).0, n);
        d
    }

    #[test]
    fn arm_template_resource_limit_at_800_and_801() {
        for (n, over) in [
            (1, false),
            (799, false),
            (800, false),
            (801, true),
            (2_000, true),
        ] {
            let d = with_resources(n);
            let got: Vec<Finding> = validate(&d)
                .into_iter()
                .filter(|f| f.code == "ER-L-007")
                .collect();
            if !over {
                assert!(got.is_empty(), "{n}: {got:?}");
                for f in [Format::Arm, Format::Bicep] {
                    assert!(
                        !export(&d, f).contains("template resource limit"),
                        "{n} {f:?}"
                    );
                }
                continue;
            }
            assert_eq!(got.len(), 1, "{n}: {got:?}");
            let f = &got[0];
            assert_eq!(f.severity, Severity::Warning);
            assert_eq!(f.source, src::DOC_ARM_LIMITS);
            // At the item whose resource is the 801st: the default design's own resources
            // come first, then the connections in order.
            let base = n - d.connections.len();
            assert_eq!(
                f.path,
                format!("connections[{}]", TEMPLATE_RESOURCE_LIMIT - base)
            );
            assert!(
                f.message.contains(&format!("holds {n} resources")),
                "{}",
                f.message
            );
            assert!(f.message.contains("at most 800"), "{}", f.message);
            assert!(f.message.contains("Terraform"), "{}", f.message);
            assert!(f.fix.is_some());
            // The ARM template and the Bicep file say the same; the other formats don't.
            let arm: serde_json::Value =
                serde_json::from_str(&export(&d, Format::Arm)).expect("JSON");
            assert!(
                arm["metadata"]["notWritten"]
                    .to_string()
                    .contains(&format!("holds {n} resources")),
                "{n}: ARM"
            );
            assert!(
                export(&d, Format::Bicep).contains(&format!("holds {n} resources")),
                "{n}: Bicep"
            );
            for f in [Format::Terraform, Format::AzCli, Format::PowerShell] {
                assert!(
                    !export(&d, f).contains("template resource limit"),
                    "{n} {f:?}"
                );
            }
        }
    }

    fn design() -> Design {
        let mut d = Design::default();
        d.circuits[0].name = String::new();
        d.circuits[0].region = String::new();
        d.circuits[0].provider = "Equinix".into();
        d.circuits[0].peering_location = "Amsterdam".into();
        d
    }

    fn at(d: &Design, path: &str) -> Vec<(&'static str, Severity)> {
        validate(d)
            .into_iter()
            .filter(|f| f.path == path)
            .map(|f| (f.code, f.severity))
            .collect()
    }

    #[test]
    fn an_unknown_value_is_not_checked_while_empty_and_is_listed_once() {
        let mut d = design();
        // Empty and not marked: the rules report it (a plan that forgot the name).
        assert!(at(&d, "circuits[0].name")
            .iter()
            .any(|(_, s)| *s == Severity::Error));
        d.given_at_deployment = vec![
            "circuits[0].name".into(),
            "circuits[0].region".into(),
            "circuits[0].name".into(),
        ];
        let fs = validate(&d);
        assert!(
            fs.iter()
                .all(|f| f.path != "circuits[0].region" || f.code == "ER-U-001"),
            "{fs:?}"
        );
        let u: Vec<_> = fs.iter().filter(|f| f.code == "ER-U-001").collect();
        assert_eq!(u.len(), 1, "{fs:?}");
        assert_eq!(u[0].severity, Severity::Info);
        assert_eq!(u[0].path, "circuits[0].name");
        assert!(
            u[0].message
                .starts_with("2 values are not known from the input")
                && u[0]
                    .message
                    .contains("circuits[0].name, circuits[0].region."),
            "{}",
            u[0].message
        );
        // Typed in later: checked again, and no longer listed.
        d.circuits[0].name = "-bad".into();
        assert!(at(&d, "circuits[0].name").contains(&("ER-C-001", Severity::Error)));
        let u: Vec<_> = validate(&d)
            .into_iter()
            .filter(|f| f.code == "ER-U-001")
            .collect();
        assert_eq!(u.len(), 1);
        assert!(u[0].message.starts_with("1 value is"), "{}", u[0].message);
        // A path inside a marked field is covered; a sibling with a longer name is not.
        assert!(covers("circuits[0].name", "circuits[0].name"));
        assert!(covers(
            "virtualNetworks[0].addressSpaces",
            "virtualNetworks[0].addressSpaces[1]"
        ));
        assert!(!covers("circuits[0].name", "circuits[0].names"));
        assert!(!covers("circuits[1].name", "circuits[10].name"));
    }

    #[test]
    fn lists_count_as_empty_only_when_they_hold_nothing() {
        let mut d = design();
        d.virtual_networks.push(Default::default());
        d.given_at_deployment = vec!["virtualNetworks[0].addressSpaces".into()];
        assert_eq!(unchecked(&d), ["virtualNetworks[0].addressSpaces"]);
        d.virtual_networks[0].address_spaces = vec!["10.0.0.0/16".into()];
        assert!(unchecked(&d).is_empty());
        // A path that no longer exists (the item was removed) is not listed.
        d.given_at_deployment = vec!["gateways[3].name".into()];
        assert!(unchecked(&d).is_empty());
    }
}
