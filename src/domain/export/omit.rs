//! What an export deliberately leaves out of a design, and why. Every field a format does not
//! write is listed by [`omissions`]; the format writes the same text as a comment (ARM: in the
//! template's `metadata.notWritten`), and the Export panel shows it as a finding, so nothing of
//! the design is dropped silently. `docs/export-roundtrip.md` states every field × format.

use super::{line_text, Format};
use crate::domain::model::Design;

/// One field of the design that a format does not write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Omission {
    /// Where the field is in the design (`gateways[ergw-hub].publicIp`).
    pub field: String,
    /// What is not written and why, as one sentence.
    pub message: String,
}

/// The comment a deployment format writes for a gateway's public IP it leaves out (catalogue
/// U5: Azure assigns a managed public IP to ExpressRoute gateways; azurerm 4.59 and later refuse
/// one).
pub(super) fn public_ip_note(name: &str) -> String {
    let name = line_text(name, 80);
    let name = if name.is_empty() {
        "of the design".to_string()
    } else {
        name
    };
    format!("Public IP {name}: Azure assigns a managed public IP to ExpressRoute gateways.")
}

/// What the ARM and Bicep exports (and rule ER-L-007) say of a design whose template holds
/// `count` resources, more than Azure deploys in one template
/// ([`super::TEMPLATE_RESOURCE_LIMIT`]).
pub fn template_limit_note(count: usize) -> String {
    format!(
        "The template holds {count} resources: Azure deploys at most {} in one template (template resource limit), so this template cannot be deployed as it is. Split the design into several deployments (a template for some circuits and their connections each), or deploy it with the Terraform or az CLI export, which have no such limit.",
        super::TEMPLATE_RESOURCE_LIMIT
    )
}

/// Whether `f` creates Azure resources (the formats that could write a design field).
fn deploys(f: Format) -> bool {
    !matches!(f, Format::IosXe | Format::Junos)
}

/// The fields of `d` that format `f` does not write, each with the reason. Router
/// configurations cover the customer edge only, so Azure-side resources are out of their scope
/// rather than omitted; they are not listed.
pub fn omissions(d: &Design, f: Format) -> Vec<Omission> {
    let mut out = Vec::new();
    if !deploys(f) {
        return out;
    }
    if matches!(f, Format::Arm | Format::Bicep) {
        if let (count, Some(path)) = super::template_resources(d) {
            out.push(Omission {
                field: path,
                message: template_limit_note(count),
            });
        }
    }
    for (i, g) in d.gateways.iter().enumerate() {
        if let Some(p) = &g.public_ip {
            out.push(Omission {
                field: format!("gateways[{}].publicIp", label(&g.name, i)),
                message: public_ip_note(&p.name),
            });
        }
    }
    for (i, g) in d
        .gateways
        .iter()
        .enumerate()
        .filter(|(_, g)| g.coexist_with_vpn)
    {
        out.push(Omission {
            field: format!("gateways[{}].coexistWithVpn", label(&g.name, i)),
            message: format!(
                "Gateway {}: the VPN gateway it coexists with (the design does not plan one).",
                label(&g.name, i)
            ),
        });
    }
    for (i, v) in d.virtual_networks.iter().enumerate() {
        for (k, s) in v.subnets.iter().enumerate() {
            let what = [
                (s.nsg, "nsg", "a network security group"),
                (
                    s.default_route_udr,
                    "defaultRouteUdr",
                    "a route table with 0.0.0.0/0",
                ),
                (
                    s.bgp_propagation_disabled,
                    "bgpPropagationDisabled",
                    "a route table with BGP propagation disabled",
                ),
                (
                    s.service_endpoint_policy,
                    "serviceEndpointPolicy",
                    "a service endpoint policy",
                ),
            ];
            for (_, key, thing) in what.into_iter().filter(|w| w.0) {
                out.push(Omission {
                    field: format!(
                        "virtualNetworks[{}].subnets[{}].{key}",
                        label(&v.name, i),
                        label(&s.name, k)
                    ),
                    message: format!(
                        "Subnet {}: its association with {thing} (the design does not name one).",
                        label(&s.name, k)
                    ),
                });
            }
        }
    }
    out
}

/// A name for a message, or its position when empty.
fn label(name: &str, i: usize) -> String {
    match line_text(name, 80) {
        n if n.is_empty() => format!("#{}", i + 1),
        n => n,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::model::{Gateway, PublicIp, Subnet, VirtualNetwork};

    fn design() -> Design {
        Design {
            gateways: vec![Gateway {
                name: "gw".into(),
                public_ip: Some(PublicIp {
                    name: "pip-gw".into(),
                    ..PublicIp::default()
                }),
                coexist_with_vpn: true,
                ..Gateway::default()
            }],
            virtual_networks: vec![VirtualNetwork {
                name: "vnet".into(),
                subnets: vec![Subnet {
                    name: "app".into(),
                    nsg: true,
                    ..Subnet::default()
                }],
                ..VirtualNetwork::default()
            }],
            ..Design::default()
        }
    }

    #[test]
    fn each_format_lists_what_it_leaves_out() {
        let d = design();
        for f in Format::ALL {
            let got: Vec<String> = omissions(&d, f).into_iter().map(|o| o.field).collect();
            let want: Vec<&str> = match f {
                Format::Arm
                | Format::Bicep
                | Format::Terraform
                | Format::AzCli
                | Format::PowerShell => vec![
                    "gateways[gw].publicIp",
                    "gateways[gw].coexistWithVpn",
                    "virtualNetworks[vnet].subnets[app].nsg",
                ],
                Format::IosXe | Format::Junos => vec![],
            };
            assert_eq!(got, want, "{f:?}");
        }
    }

    #[test]
    fn nothing_is_listed_when_nothing_is_left_out() {
        let mut d = design();
        d.gateways[0].public_ip = None;
        d.gateways[0].coexist_with_vpn = false;
        d.virtual_networks[0].subnets[0].nsg = false;
        for f in Format::ALL {
            assert!(omissions(&d, f).is_empty(), "{f:?}");
        }
    }

    #[test]
    fn every_omission_is_written_as_a_comment() {
        let d = design();
        for f in [
            Format::Arm,
            Format::Bicep,
            Format::Terraform,
            Format::AzCli,
            Format::PowerShell,
        ] {
            let mut out = super::super::export(&d, f);
            if f == Format::Arm {
                let v: serde_json::Value = serde_json::from_str(&out).expect("JSON");
                out = v["metadata"]["notWritten"].to_string();
            }
            for o in omissions(&d, f) {
                assert!(out.contains(&o.message), "{f:?} lacks {:?}", o.message);
            }
        }
    }
}
