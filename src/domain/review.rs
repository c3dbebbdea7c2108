//! The Review step's content: findings grouped by step, the readiness checklist in the order the
//! deployment happens, and the list of resources the design creates. Pure, from the design and
//! its view model.

use super::catalog::circuit::sku_name;
use super::finding::{Finding, Severity};
use super::model::{Design, PortType, ProviderStatus};
use super::view::{step_of, DesignView, Step};

/// State of one readiness item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Readiness {
    /// Entered and without errors.
    Ready,
    /// Entered, with errors to fix.
    HasErrors,
    /// Can't be deployed yet (waiting on the provider).
    Blocked,
    /// Not entered yet.
    Todo,
    /// Not needed for this design.
    Optional,
}

impl Readiness {
    /// Short words for the UI.
    pub fn label(self) -> &'static str {
        match self {
            Readiness::Ready => "ready",
            Readiness::HasErrors => "has errors",
            Readiness::Blocked => "blocked",
            Readiness::Todo => "to do",
            Readiness::Optional => "optional",
        }
    }
}

/// One line of the readiness checklist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckItem {
    /// What has to be done, in the seed's order.
    pub label: String,
    /// Its state.
    pub state: Readiness,
    /// Why, in plain words.
    pub detail: String,
    /// The step where it is done.
    pub step: Step,
}

/// Everything the Review step shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Review {
    /// Findings (errors and warnings first) grouped by the step where they are fixed.
    pub groups: Vec<(Step, Vec<Finding>)>,
    /// Readiness checklist.
    pub checklist: Vec<CheckItem>,
    /// Resources the design creates, one line each.
    pub resources: Vec<String>,
}

fn errors_in(findings: &[Finding], steps: &[Step]) -> usize {
    findings
        .iter()
        .filter(|f| f.severity == Severity::Error && steps.contains(&step_of(&f.path)))
        .count()
}

fn state(entered: bool, errors: usize) -> Readiness {
    match (entered, errors) {
        (false, _) => Readiness::Todo,
        (true, 0) => Readiness::Ready,
        (true, _) => Readiness::HasErrors,
    }
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// Builds the Review content.
pub fn review(d: &Design, v: &DesignView) -> Review {
    let f = &v.findings;
    let mut groups: Vec<(Step, Vec<Finding>)> = Vec::new();
    for step in Step::ALL {
        let mut list: Vec<Finding> = f
            .iter()
            .filter(|x| x.severity != Severity::Info && step_of(&x.path) == step)
            .cloned()
            .collect();
        list.sort_by_key(|x| x.severity);
        if !list.is_empty() {
            groups.push((step, list));
        }
    }

    let c = d.circuits.first();
    let direct = c.is_some_and(|c| c.port_type == PortType::Direct);
    let provisioned = direct || c.is_some_and(|c| c.provider_status == ProviderStatus::Provisioned);
    let managed = c.is_some_and(|c| c.provider_managed_routing);
    let circuit_errors = errors_in(f, &[Step::Basics, Step::Configuration]);
    let mut checklist = vec![CheckItem {
        label: "Create the circuit".into(),
        state: state(c.is_some_and(|c| !c.name.is_empty()), circuit_errors),
        detail: if circuit_errors > 0 {
            format!(
                "{} in Basics and Configuration.",
                plural(circuit_errors, "error")
            )
        } else {
            "Billing starts when the circuit is created and its service key issued.".into()
        },
        step: Step::Basics,
    }];
    checklist.push(CheckItem {
        label: if direct {
            "Enable the ExpressRoute Direct port links".into()
        } else {
            "Hand the service key to your provider; wait for Provisioned".into()
        },
        state: if provisioned {
            Readiness::Ready
        } else {
            Readiness::Blocked
        },
        detail: if direct {
            "Direct circuits have no provider status.".into()
        } else {
            match c.map_or(ProviderStatus::NotRecorded, |c| c.provider_status) {
                ProviderStatus::NotRecorded => "Provider status not recorded: a new circuit is Not provisioned until the provider configures it. Record what the portal (or az network express-route show) says in Provider status.".into(),
                s => format!("Provider status recorded: {}.", s.label()),
            }
        },
        step: Step::ProviderStatus,
    });
    let peering_item = |label: &str, present: bool, step: Step, optional: bool| {
        let errors = errors_in(f, &[step]);
        let st = if managed {
            Readiness::Optional
        } else if !present {
            if optional {
                Readiness::Optional
            } else {
                Readiness::Todo
            }
        } else if errors > 0 {
            Readiness::HasErrors
        } else {
            // Azure creates a peering before the provider provisions the circuit (U17); only its
            // BGP sessions wait.
            Readiness::Ready
        };
        CheckItem {
            label: label.into(),
            state: st,
            detail: match st {
                Readiness::Optional if managed => "Your layer-3 provider configures it.".into(),
                Readiness::Optional => {
                    "Only needed for Microsoft 365 and Azure public services.".into()
                }
                Readiness::Blocked => "Waiting on the provider.".into(),
                Readiness::HasErrors => format!("{}.", plural(errors, "error")),
                Readiness::Todo => "Not planned yet.".into(),
                Readiness::Ready if !provisioned => "Azure creates it now; its BGP sessions come up once the provider has provisioned the circuit.".into(),
                Readiness::Ready => "Ready to configure.".into(),
            },
            step,
        }
    };
    checklist.push(peering_item(
        "Configure Azure private peering",
        c.is_some_and(|c| c.private_peering.is_some()),
        Step::PrivatePeering,
        false,
    ));
    checklist.push(peering_item(
        "Configure Microsoft peering",
        c.is_some_and(|c| c.microsoft_peering.is_some()),
        Step::MicrosoftPeering,
        true,
    ));
    let gw_errors = errors_in(f, &[Step::Gateway]);
    checklist.push(CheckItem {
        label: "Create the virtual network gateway".into(),
        state: state(!d.gateways.is_empty(), gw_errors),
        detail: if d.gateways.is_empty() {
            "Not planned yet.".into()
        } else {
            "Creating a gateway takes up to 45 minutes.".into()
        },
        step: Step::Gateway,
    });
    let cn_errors = errors_in(f, &[Step::Connection]);
    checklist.push(CheckItem {
        label: "Connect the virtual network to the circuit".into(),
        state: match state(!d.connections.is_empty(), cn_errors) {
            Readiness::Ready if !provisioned => Readiness::Blocked,
            s => s,
        },
        detail: if d.connections.is_empty() {
            "Not planned yet.".into()
        } else if !provisioned {
            "Only after the provider has provisioned the circuit (Azure refuses it before): the ARM, Bicep and Terraform exports hold the connection back until you deploy again with it turned on.".into()
        } else {
            format!("{} planned.", plural(d.connections.len(), "connection"))
        },
        step: Step::Connection,
    });

    let mut resources = Vec::new();
    for c in &d.circuits {
        let what = match c.port_type {
            PortType::Provider => format!(
                "{} at {}, {} Mbps",
                if c.provider.is_empty() {
                    "—"
                } else {
                    &c.provider
                },
                if c.peering_location.is_empty() {
                    "—"
                } else {
                    &c.peering_location
                },
                c.bandwidth_mbps.trim()
            ),
            PortType::Direct => format!(
                "on port {}, {} Gbps",
                c.direct_port,
                c.bandwidth_gbps.trim()
            ),
        };
        resources.push(format!(
            "ExpressRoute circuit {} ({}), {what}",
            if c.name.is_empty() {
                "(unnamed)"
            } else {
                &c.name
            },
            sku_name(c.sku_tier, c.sku_family)
        ));
        if c.private_peering.is_some() {
            resources.push(format!("  Azure private peering on {}", c.name));
        }
        if c.microsoft_peering.is_some() {
            resources.push(format!("  Microsoft peering on {}", c.name));
        }
    }
    resources.extend(
        d.route_filters
            .iter()
            .map(|r| format!("Route filter {}", r.name)),
    );
    resources.extend(d.virtual_networks.iter().map(|v| {
        format!(
            "Virtual network {} ({})",
            v.name,
            v.address_spaces.join(", ")
        )
    }));
    resources.extend(
        d.gateways
            .iter()
            .map(|g| format!("ExpressRoute gateway {} ({:?})", g.name, g.sku)),
    );
    resources.extend(
        d.connections
            .iter()
            .map(|c| format!("Connection {}: {} ↔ {}", c.name, c.gateway, c.circuit)),
    );
    resources.extend(d.global_reach.iter().map(|g| {
        format!(
            "Global Reach {}: {} ↔ {} ({})",
            g.name, g.circuit, g.peer_circuit, g.address_prefix
        )
    }));
    Review {
        groups,
        checklist,
        resources,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::model::Peering;
    use crate::domain::view::view;

    fn circuit_design() -> Design {
        let mut d = Design {
            resource_group: "rg".into(),
            ..Design::default()
        };
        let c = &mut d.circuits[0];
        c.name = "er-london".into();
        c.region = "uksouth".into();
        c.provider = "British Telecom".into();
        c.peering_location = "London".into();
        d
    }

    fn states(d: &Design) -> Vec<Readiness> {
        review(d, &view(d))
            .checklist
            .iter()
            .map(|c| c.state)
            .collect()
    }

    #[test]
    fn checklist_follows_the_lifecycle() {
        use Readiness::*;
        let mut d = circuit_design();
        assert_eq!(states(&d), [Ready, Blocked, Todo, Optional, Todo, Todo]);
        d.circuits[0].private_peering = Some(Peering {
            peer_asn: "65001".into(),
            primary_subnet: "192.168.100.128/30".into(),
            secondary_subnet: "192.168.100.132/30".into(),
            vlan_id: "100".into(),
            ..Peering::default()
        });
        // Drafted before provisioning: Azure creates the peering (U17); the wait is on the
        // provider's item and, later, on the connection.
        assert_eq!(states(&d)[2], Ready);
        let r = review(&d, &view(&d));
        assert!(
            r.checklist[1].detail.contains("not recorded"),
            "{}",
            r.checklist[1].detail
        );
        assert!(
            r.checklist[2].detail.contains("BGP sessions come up once"),
            "{}",
            r.checklist[2].detail
        );
        d.circuits[0].provider_status = ProviderStatus::NotProvisioned;
        assert_eq!(states(&d)[1..3], [Blocked, Ready]);
        assert_eq!(
            review(&d, &view(&d)).checklist[1].detail,
            "Provider status recorded: Not provisioned."
        );
        d.circuits[0].provider_status = ProviderStatus::Provisioned;
        assert_eq!(states(&d), [Ready, Ready, Ready, Optional, Todo, Todo]);
        d.circuits[0].provider_managed_routing = true;
        assert_eq!(states(&d)[2], Optional);
        d.circuits[0].name = "-bad".into();
        assert_eq!(states(&d)[0], HasErrors);
    }

    #[test]
    fn findings_are_grouped_by_step_errors_first_and_resources_listed() {
        let mut d = circuit_design();
        d.circuits[0].bandwidth_mbps = "300".into();
        d.circuits[0].region = "Australia Central 2".into();
        let r = review(&d, &view(&d));
        let steps: Vec<Step> = r.groups.iter().map(|g| g.0).collect();
        assert_eq!(steps, [Step::Basics, Step::Configuration]);
        assert!(r
            .groups
            .iter()
            .all(|(_, fs)| fs.windows(2).all(|w| w[0].severity <= w[1].severity)));
        assert!(r
            .groups
            .iter()
            .flat_map(|g| &g.1)
            .all(|f| f.severity != Severity::Info));
        assert_eq!(r.resources[0], "ExpressRoute circuit er-london (Standard_MeteredData), British Telecom at London, 300 Mbps");
    }
}
