//! The view model: one pure function from a design to everything the UI shows
//! (findings per field, step statuses, counts).

use super::acknowledge::acknowledges;
#[cfg(doc)]
use super::diagram;
use super::field::FieldPath;
use super::finding::{Finding, Severity};
use super::model::Design;
use super::rules;

/// The wizard's steps, in the Azure portal's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Step {
    /// Subscription, resource group, region, circuit name.
    Basics,
    /// Port type, provider, location, bandwidth, SKU, billing.
    Configuration,
    /// Provider provisioning status.
    ProviderStatus,
    /// Azure private peering.
    PrivatePeering,
    /// Microsoft peering and route filter.
    MicrosoftPeering,
    /// Virtual network, GatewaySubnet and gateway.
    Gateway,
    /// Connections, second circuit, Global Reach.
    Connection,
    /// Review and export.
    Review,
}

impl Step {
    /// All steps in order.
    pub const ALL: [Step; 8] = [
        Step::Basics,
        Step::Configuration,
        Step::ProviderStatus,
        Step::PrivatePeering,
        Step::MicrosoftPeering,
        Step::Gateway,
        Step::Connection,
        Step::Review,
    ];

    /// Label shown in the stepper.
    pub fn label(self) -> &'static str {
        match self {
            Step::Basics => "Basics",
            Step::Configuration => "Configuration",
            Step::ProviderStatus => "Provider status",
            Step::PrivatePeering => "Private peering",
            Step::MicrosoftPeering => "Microsoft peering",
            Step::Gateway => "Gateway",
            Step::Connection => "Connection",
            Step::Review => "Review",
        }
    }

    /// Stable slug for ids, URLs and tests.
    pub fn slug(self) -> &'static str {
        match self {
            Step::Basics => "basics",
            Step::Configuration => "configuration",
            Step::ProviderStatus => "provider-status",
            Step::PrivatePeering => "private-peering",
            Step::MicrosoftPeering => "microsoft-peering",
            Step::Gateway => "gateway",
            Step::Connection => "connection",
            Step::Review => "review",
        }
    }
}

/// The step a field path belongs to (where the user fixes it).
pub fn step_of(path: &str) -> Step {
    FieldPath::enclosing(path).map_or(Step::Review, FieldPath::step)
}

/// The DOM id of the input for a field path: `circuits[0].name` → `f-circuits-0-name`.
pub fn field_id(path: &str) -> String {
    super::field::dom_id_of(path)
}

/// A readable name for a field path: `circuits[0].privatePeering.vlanId` →
/// "Circuit 1 · private peering · VLAN ID".
pub fn field_label(path: &str) -> String {
    super::field::label_of(path)
}

/// Status of a step as the stepper shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepStatus {
    /// Nothing entered yet.
    NotStarted,
    /// At least one error.
    Errors,
    /// Warnings but no error.
    Warnings,
    /// Filled in without errors or warnings.
    Complete,
}

impl StepStatus {
    /// Words for screen readers and tooltips.
    pub fn label(self) -> &'static str {
        match self {
            StepStatus::NotStarted => "not started",
            StepStatus::Errors => "has errors",
            StepStatus::Warnings => "has warnings",
            StepStatus::Complete => "complete",
        }
    }
}

/// One entry of the stepper.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepView {
    /// Which step.
    pub step: Step,
    /// Status.
    pub status: StepStatus,
    /// Errors in this step.
    pub errors: usize,
    /// Warnings in this step.
    pub warnings: usize,
}

/// Whether a design has content in `step` (something entered there).
pub fn started(d: &Design, step: Step) -> bool {
    let c = d.circuits.first();
    match step {
        Step::Basics => {
            !d.resource_group.is_empty()
                || !d.subscription_id.is_empty()
                || c.is_some_and(|c| !c.name.is_empty() || !c.region.is_empty())
        }
        Step::Configuration => c.is_some_and(|c| {
            !c.provider.is_empty() || !c.peering_location.is_empty() || !c.direct_port.is_empty()
        }),
        Step::ProviderStatus => true,
        Step::PrivatePeering => d.circuits.iter().any(|c| c.private_peering.is_some()),
        Step::MicrosoftPeering => d.circuits.iter().any(|c| c.microsoft_peering.is_some()),
        Step::Gateway => !d.virtual_networks.is_empty() || !d.gateways.is_empty(),
        Step::Connection => !d.connections.is_empty(),
        Step::Review => true,
    }
}

/// Everything the UI renders, computed from the design alone.
#[derive(Debug, Clone, PartialEq)]
pub struct DesignView {
    /// All findings, sorted by path.
    pub findings: Vec<Finding>,
    /// The stepper.
    pub steps: Vec<StepView>,
    /// Errors, warnings, infos in the whole design (acknowledged warnings not counted).
    pub counts: (usize, usize, usize),
    /// Warnings acknowledged ([`super::acknowledge`]): listed, not counted above.
    pub acknowledged: usize,
}

impl DesignView {
    /// Findings whose path is exactly `path` or lies under it (`path[...]` or `path.…`).
    pub fn at<'a>(&'a self, path: &'a str) -> impl Iterator<Item = &'a Finding> + 'a {
        self.findings
            .iter()
            .filter(move |f| crate::domain::field::covers(path, &f.path))
    }

    /// The first finding with an error in `step`, for "Next" to focus.
    pub fn first_error(&self, step: Step) -> Option<&Finding> {
        self.findings
            .iter()
            .find(|f| f.severity == Severity::Error && step_of(&f.path) == step)
    }
}

/// Computes the view model of a design: its findings, counts and step statuses. The diagram
/// is laid out apart from it ([`diagram::layout_in`]), for the box it is drawn in and with the
/// findings the wizard shows ([`super::progress`]), so that neither the box nor what the user
/// has been through makes the design be validated again.
pub fn view(d: &Design) -> DesignView {
    let findings = rules::validate(d);
    // Errors and warnings per step, each finding's step worked out once.
    let mut tally = [(0, 0); Step::ALL.len()];
    let mut acknowledged = 0;
    for f in &findings {
        if acknowledges(d, f) {
            acknowledged += 1;
            continue;
        }
        let step = step_of(&f.path);
        let k = Step::ALL.iter().position(|&s| s == step).unwrap_or(0);
        if let Some((e, w)) = tally.get_mut(k) {
            match f.severity {
                Severity::Error => *e += 1,
                Severity::Warning => *w += 1,
                Severity::Info => {}
            }
        }
    }
    let steps = Step::ALL
        .iter()
        .zip(tally)
        .map(|(&step, (errors, warnings))| {
            let status = if errors > 0 {
                StepStatus::Errors
            } else if !started(d, step) {
                StepStatus::NotStarted
            } else if warnings > 0 {
                StepStatus::Warnings
            } else {
                StepStatus::Complete
            };
            StepView {
                step,
                status,
                errors,
                warnings,
            }
        })
        .collect();
    let mut counts = super::finding::counts(&findings);
    counts.1 = counts.1.saturating_sub(acknowledged);
    DesignView {
        findings,
        steps,
        counts,
        acknowledged,
    }
}

/// The Global Reach notes reported on the SKUs of link `k`'s two circuits (Premium across
/// geopolitical regions, no Local), which its card shows with their fixes.
pub fn global_reach_sku_notes(d: &Design, v: &DesignView, k: usize) -> Vec<Finding> {
    let Some(g) = d.global_reach.get(k) else {
        return Vec::new();
    };
    let ends: Vec<String> = d
        .circuits
        .iter()
        .enumerate()
        .filter(|(_, c)| {
            !c.name.trim().is_empty()
                && (c.name.trim() == g.circuit.trim() || c.name.trim() == g.peer_circuit.trim())
        })
        .map(|(i, _)| super::field::circuit(i, super::field::CircuitKey::SkuTier).text())
        .collect();
    v.findings
        .iter()
        .filter(|f| f.code.starts_with("ER-GR") && ends.contains(&f.path))
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_map_to_steps() {
        let cases = [
            ("resourceGroup", Step::Basics),
            ("subscriptionId", Step::Basics),
            ("circuits[0].name", Step::Basics),
            ("circuits[12].region", Step::Basics),
            ("circuits[0].provider", Step::Configuration),
            ("circuits[0].skuFamily", Step::Configuration),
            ("circuits[0].tags[2]", Step::Configuration),
            ("circuits", Step::Configuration),
            ("directPorts[0].bandwidthGbps", Step::Configuration),
            ("circuits[0].providerStatus", Step::ProviderStatus),
            ("circuits[1].privatePeering.vlanId", Step::PrivatePeering),
            (
                "circuits[0].microsoftPeering.advertisedPrefixes[3]",
                Step::MicrosoftPeering,
            ),
            ("routeFilters[0].communities[0]", Step::MicrosoftPeering),
            ("onPremRoutes[9]", Step::PrivatePeering),
            ("virtualNetworks[0].subnets[0].addressPrefix", Step::Gateway),
            ("gateways[0].sku", Step::Gateway),
            ("connections[0].routingWeight", Step::Connection),
            ("globalReach[0].addressPrefix", Step::Connection),
            ("", Step::Review),
            ("circuits[", Step::Configuration),
        ];
        for (path, step) in cases {
            assert_eq!(step_of(path), step, "{path}");
        }
    }

    #[test]
    fn field_ids_are_valid_and_distinct() {
        assert_eq!(field_id("circuits[0].name"), "f-circuits-0-name");
        assert_eq!(
            field_id("circuits[0].privatePeering.vlanId"),
            "f-circuits-0-privatePeering-vlanId"
        );
        assert_ne!(field_id("circuits[1].name"), field_id("circuits[11].name"));
        assert_eq!(field_id(""), "f");
    }

    #[test]
    fn field_labels_read_well() {
        let cases = [
            (
                "circuits[0].privatePeering.vlanId",
                "Circuit 1 · private peering · VLAN ID",
            ),
            (
                "circuits[1].microsoftPeering.peerAsn",
                "Circuit 2 · Microsoft peering · peer ASN",
            ),
            ("resourceGroup", "Resource group"),
            (
                "virtualNetworks[0].subnets[2].addressPrefix",
                "VNet 1 · subnet 3 · address prefix",
            ),
            ("circuits[0].bandwidthMbps", "Circuit 1 · bandwidth (Mbps)"),
            ("onPremRoutes[9]", "On-premises route 10"),
            ("gateways[0].sku", "Gateway 1 · SKU"),
            ("", ""),
            ("circuits[x].name", "Circuit · name"),
        ];
        for (path, want) in cases {
            assert_eq!(field_label(path), want, "{path}");
        }
    }

    #[test]
    fn step_counts_match_a_recount_of_the_findings() {
        let fixtures = [
            include_str!("../../tests/fixtures/large.json"),
            include_str!("../../tests/fixtures/errors.json"),
            include_str!("../../tests/fixtures/two-circuits.json"),
            include_str!("../../tests/fixtures/dual-stack.json"),
        ];
        for text in fixtures {
            let d = crate::domain::io::parse_design(text).unwrap();
            let v = view(&d);
            assert_eq!(v.steps.len(), Step::ALL.len());
            let mut seen = (0, 0);
            for (sv, step) in v.steps.iter().zip(Step::ALL) {
                let of = |sev: Severity| {
                    v.findings
                        .iter()
                        .filter(|f| f.severity == sev && step_of(&f.path) == step)
                        .count()
                };
                assert_eq!(sv.step, step);
                assert_eq!(sv.errors, of(Severity::Error), "{step:?}");
                assert_eq!(sv.warnings, of(Severity::Warning), "{step:?}");
                seen = (seen.0 + sv.errors, seen.1 + sv.warnings);
            }
            assert_eq!((seen.0, seen.1), (v.counts.0, v.counts.1));
        }
    }

    #[test]
    fn statuses_follow_findings() {
        let mut d = Design::default();
        let v = view(&d);
        assert_eq!(
            v.steps[0].status,
            StepStatus::Errors,
            "empty RG and name are errors"
        );
        assert_eq!(v.steps[6].status, StepStatus::NotStarted);
        d.resource_group = "rg".into();
        let c = &mut d.circuits[0];
        c.name = "er".into();
        c.region = "uksouth".into();
        c.provider = "British Telecom".into();
        c.peering_location = "London".into();
        let v = view(&d);
        assert_eq!(v.steps[0].status, StepStatus::Complete);
        assert_eq!(v.steps[1].status, StepStatus::Complete);
        assert!(v.first_error(Step::Basics).is_none());
        d.circuits[0].region = "Australia Central 2".into();
        assert_eq!(view(&d).steps[0].status, StepStatus::Warnings);
        d.circuits[0].name = "-bad".into();
        let v = view(&d);
        assert_eq!(
            v.first_error(Step::Basics).unwrap().path,
            "circuits[0].name"
        );
        assert_eq!(v.at("circuits[0].name").count(), 1);
        assert_eq!(
            v.at("circuits[0]").count(),
            2,
            "prefix match includes children"
        );
        assert_eq!(v.at("circuits[0].nam").count(), 0, "no partial-name match");
    }

    #[test]
    fn a_global_reach_card_shows_its_circuits_sku_notes_only() {
        let d: Design =
            serde_json::from_str(include_str!("../../tests/fixtures/two-circuits.json")).unwrap();
        let mut d = d;
        if d.global_reach.is_empty() {
            d.global_reach.push(Default::default());
        }
        d.global_reach[0].circuit = d.circuits[0].name.clone();
        d.global_reach[0].peer_circuit = d.circuits[1].name.clone();
        d.circuits[0].sku_tier = crate::domain::model::SkuTier::Local;
        let v = view(&d);
        let notes = global_reach_sku_notes(&d, &v, 0);
        assert!(
            !notes.is_empty(),
            "a Local circuit cannot have Global Reach"
        );
        assert!(notes
            .iter()
            .all(|f| f.code.starts_with("ER-GR") && f.path.ends_with(".skuTier")));
        assert!(global_reach_sku_notes(&d, &v, 5).is_empty());
    }
}
