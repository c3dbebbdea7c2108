//! Azure CLI (bash): one `az` command per resource, secrets from environment variables.

use super::{
    asn, child_symbol, env_part, line_text, name_or, number, or_placeholder, peerings, placeholder,
    region, sh_quote, v4_subnets, v6_subnets, Names,
};
use crate::domain::limits;
use crate::domain::model::{
    Design, Encapsulation, GatewaySku, MicrosoftPeering, PortType, VirtualNetwork,
};
use std::fmt::Write;

/// The Azure CLI release the scripts are checked with (`tests/export_tools.rs`, installed by
/// `scripts/install.sh`).
pub const AZ_CLI_VERSION: &str = "2.91.0";

/// A command line: `az` words joined with ` \` continuations.
fn cmd(out: &mut String, words: &[String]) {
    out.push_str(&words.join(" \\\n    "));
    out.push_str("\n\n");
}

fn w(s: &str) -> String {
    sh_quote(s)
}

/// A whole number as typed, or a placeholder word.
fn num(parsed: Option<u64>, label: &str) -> String {
    parsed.map_or_else(|| sh_quote(&placeholder(label)), |n| n.to_string())
}

/// `"$NAME"`, with a check at the top of the script that it is set.
fn secret(needed: &mut Vec<(String, String)>, var: String, what: String) -> String {
    let r = format!("\"${var}\"");
    needed.push((var, what));
    r
}

/// `microsoftPeeringConfig` of the IPv4 (`v6 == false`) or IPv6 side of Microsoft peering.
fn microsoft_config(m: &MicrosoftPeering, v6: bool) -> serde_json::Value {
    let mut c = serde_json::Map::new();
    let list: Vec<serde_json::Value> = if v6 {
        &m.advertised_prefixes_v6
    } else {
        &m.advertised_prefixes
    }
    .iter()
    .map(|s| s.trim())
    .filter(|s| !s.is_empty())
    .map(|s| s.into())
    .collect();
    c.insert("advertisedPublicPrefixes".into(), list.into());
    if let Some(n) = asn(&m.customer_asn) {
        c.insert("customerASN".into(), n.into());
    }
    if !m.routing_registry.trim().is_empty() {
        c.insert(
            "routingRegistryName".into(),
            m.routing_registry.trim().into(),
        );
    }
    serde_json::Value::Object(c)
}

/// What the design notes about a VNet and its subnets that the deployment formats do not create
/// (resources outside the design: NSGs, route tables, a VPN gateway), as comment lines (without
/// the comment marker), so nothing the design holds is dropped without a word.
pub(super) fn vnet_notes(d: &Design, v: &VirtualNetwork) -> Vec<String> {
    let mut notes = Vec::new();
    for s in &v.subnets {
        let mut what = Vec::new();
        if s.nsg {
            what.push("a network security group");
        }
        if s.default_route_udr {
            what.push("a route table with a 0.0.0.0/0 route");
        }
        if s.bgp_propagation_disabled {
            what.push("a route table with BGP route propagation disabled");
        }
        if s.service_endpoint_policy {
            what.push("a service endpoint policy");
        }
        if !what.is_empty() {
            notes.push(format!(
                "Subnet {} has {} in the design: not created here.",
                line_text(&s.name, 80),
                what.join(", ")
            ));
        }
    }
    let vpn = d.gateways.iter().any(|g| {
        g.coexist_with_vpn && g.virtual_network.trim().eq_ignore_ascii_case(v.name.trim())
    });
    if vpn {
        notes.push("A VPN gateway shares this VNet in the design: not created here.".to_string());
    }
    notes
}

/// The design as a bash script of Azure CLI commands.
pub fn azcli(d: &Design) -> String {
    let lk = super::Lookup::new(d);
    let names = Names::new(d);
    let mut body = String::new();
    let mut needed: Vec<(String, String)> = Vec::new();
    let rg = || "--resource-group \"$RESOURCE_GROUP\"".to_string();
    let loc = |r: &str| match region(r) {
        Some(r) => format!("--location {}", w(&r)),
        None => "--location \"$LOCATION\"".into(),
    };

    for (i, p) in d.direct_ports.iter().enumerate() {
        let _ = writeln!(
            body,
            "# ExpressRoute Direct port pair {} (Azure then waits for the LOA and the cross-connects)",
            line_text(&p.name, 80)
        );
        cmd(
            &mut body,
            &[
                "az network express-route port create".into(),
                format!("--name {}", w(&name_or(&p.name, "direct-port", i))),
                rg(),
                loc(&p.region),
                format!(
                    "--peering-location {}",
                    w(&or_placeholder(
                        &p.peering_location,
                        "PORT-PEERING-LOCATION"
                    ))
                ),
                format!(
                    "--bandwidth {} Gbps",
                    num(number(&p.bandwidth_gbps), "PORT-BANDWIDTH-GBPS")
                ),
                format!(
                    "--encapsulation {}",
                    match p.encapsulation {
                        Encapsulation::Dot1Q => "Dot1Q",
                        Encapsulation::QinQ => "QinQ",
                    }
                ),
            ],
        );
    }

    for (i, c) in d.circuits.iter().enumerate() {
        let sym = &names.circuits[i];
        let name = w(&name_or(&c.name, "circuit", i));
        let _ = writeln!(body, "# Circuit {}", line_text(&c.name, 80));
        if c.port_type == PortType::Direct
            && !c.direct_port.trim().is_empty()
            && lk.direct_port(&c.direct_port).is_none()
        {
            let _ = writeln!(
                body,
                "# The port pair {} is not in the design: it must already exist in this resource group.",
                line_text(&c.direct_port, 80)
            );
        }
        let mut a = vec![
            "az network express-route create".to_string(),
            format!("--name {name}"),
            rg(),
            loc(&c.region),
        ];
        match c.port_type {
            PortType::Provider => {
                a.push(format!(
                    "--provider {}",
                    w(&or_placeholder(&c.provider, "PROVIDER"))
                ));
                a.push(format!(
                    "--peering-location {}",
                    w(&or_placeholder(&c.peering_location, "PEERING-LOCATION"))
                ));
                a.push(format!(
                    "--bandwidth {} Mbps",
                    num(number(&c.bandwidth_mbps), "BANDWIDTH-MBPS")
                ));
            }
            PortType::Direct => {
                a.push(format!(
                    "--express-route-port {}",
                    w(&or_placeholder(&c.direct_port, "DIRECT-PORT"))
                ));
                a.push(format!(
                    "--bandwidth {} Gbps",
                    num(number(&c.bandwidth_gbps), "BANDWIDTH-GBPS")
                ));
                if !c.direct_authorization_key.trim().is_empty() {
                    let v = secret(
                        &mut needed,
                        format!("{}_PORT_AUTH_KEY", env_part(sym)),
                        "Direct port authorization key".into(),
                    );
                    a.push(format!("--authorization-key {v}"));
                }
            }
        }
        a.push(format!("--sku-tier {:?}", c.sku_tier));
        a.push(format!("--sku-family {:?}", c.sku_family));
        a.push(format!(
            "--allow-classic-operations {}",
            c.allow_classic_operations
        ));
        let tags: Vec<String> = c
            .tags
            .iter()
            .filter(|t| !t.name.trim().is_empty())
            .map(|t| w(&format!("{}={}", t.name.trim(), t.value)))
            .collect();
        if !tags.is_empty() {
            a.push(format!("--tags {}", tags.join(" ")));
        }
        cmd(&mut body, &a);
        if c.port_type == PortType::Direct && c.rate_limiting {
            // Neither `express-route create` nor `update` knows it (2.91 speaks API 2022-01-01
            // there): a generic resource update at the export's API version sets it.
            body.push_str(
                "# Rate limiting: `express-route create` and `update` have no option for it.\n",
            );
            cmd(
                &mut body,
                &[
                    "az resource update".into(),
                    format!("--name {name}"),
                    rg(),
                    "--resource-type Microsoft.Network/expressRouteCircuits".into(),
                    format!("--api-version {}", super::API_VERSION),
                    "--set properties.enableDirectPortRateLimit=true".into(),
                ],
            );
        }
        if c.port_type == PortType::Provider {
            let _ = writeln!(
                body,
                "# Give the service key to the provider, then wait until it has provisioned the circuit.\naz network express-route show --name {name} {} --query serviceKey -o tsv\nuntil [ \"$(az network express-route show --name {name} {} --query serviceProviderProvisioningState -o tsv)\" = \"Provisioned\" ]; do\n  echo \"Waiting for the provider to provision {}...\"\n  sleep 60\ndone\n",
                rg(), rg(), line_text(&c.name, 80).replace(['"', '$', '`', '\\'], "")
            );
        }
        for (kind, p, m) in peerings(c) {
            let mut a = vec![
                "az network express-route peering create".to_string(),
                format!("--circuit-name {name}"),
                rg(),
                format!("--peering-type {}", kind.arm_name()),
                format!("--peer-asn {}", num(asn(&p.peer_asn), "PEER-ASN")),
                format!("--vlan-id {}", num(number(&p.vlan_id), "VLAN-ID")),
            ];
            let (pa, pb) = if p.address_family.has_v4() {
                v4_subnets(p)
            } else {
                v6_subnets(p)
            };
            a.push(format!("--primary-peer-subnet {}", w(&pa)));
            a.push(format!("--secondary-peer-subnet {}", w(&pb)));
            if !p.address_family.has_v4() {
                a.push("--ip-version IPv6".into());
            }
            if !p.shared_key.is_empty() {
                let v = secret(
                    &mut needed,
                    format!("{}_SHARED_KEY", env_part(&child_symbol(kind.prefix(), sym))),
                    format!(
                        "MD5 shared key of {} on {}",
                        kind.arm_name(),
                        line_text(&c.name, 80)
                    ),
                );
                a.push(format!("--shared-key {v}"));
            }
            if let Some(m) = m {
                let list = if p.address_family.has_v4() {
                    &m.advertised_prefixes
                } else {
                    &m.advertised_prefixes_v6
                };
                let prefixes: Vec<String> = list
                    .iter()
                    .map(|s| s.trim())
                    .filter(|s| !s.is_empty())
                    .map(w)
                    .collect();
                if !prefixes.is_empty() {
                    a.push(format!(
                        "--advertised-public-prefixes {}",
                        prefixes.join(" ")
                    ));
                }
                if let Some(n) = asn(&m.customer_asn) {
                    a.push(format!("--customer-asn {n}"));
                }
                if !m.routing_registry.trim().is_empty() {
                    a.push(format!(
                        "--routing-registry-name {}",
                        w(m.routing_registry.trim())
                    ));
                }
            }
            cmd(&mut body, &a);
            if p.address_family.has_v4() && p.address_family.has_v6() {
                // Not `peering update --ip-version IPv6 …`: az 2.91 then sends the peering without
                // its IPv4 subnets (and Microsoft peering without its IPv4 prefixes). Setting the
                // whole ipv6PeeringConfig keeps the rest of the peering as it is.
                let (pa, pb) = v6_subnets(p);
                let mut v6 = serde_json::Map::new();
                v6.insert("primaryPeerAddressPrefix".into(), pa.into());
                v6.insert("secondaryPeerAddressPrefix".into(), pb.into());
                if let Some(m) = m {
                    v6.insert("microsoftPeeringConfig".into(), microsoft_config(m, true));
                }
                cmd(
                    &mut body,
                    &[
                        "az network express-route peering update".to_string(),
                        format!("--circuit-name {name}"),
                        rg(),
                        format!("--name {}", kind.arm_name()),
                        format!(
                            "--set {}",
                            w(&format!(
                                "ipv6PeeringConfig={}",
                                serde_json::Value::Object(v6)
                            ))
                        ),
                    ],
                );
            }
            if !p.enabled {
                cmd(
                    &mut body,
                    &[
                        "az network express-route peering update".to_string(),
                        format!("--circuit-name {name}"),
                        rg(),
                        format!("--name {}", kind.arm_name()),
                        "--set state=Disabled".into(),
                    ],
                );
            }
        }
        for a in &c.authorizations {
            cmd(
                &mut body,
                &[
                    "az network express-route auth create".into(),
                    format!("--circuit-name {name}"),
                    rg(),
                    format!("--name {}", w(&or_placeholder(&a.name, "AUTHORIZATION"))),
                ],
            );
        }
    }

    for (i, f) in d.route_filters.iter().enumerate() {
        let name = w(&name_or(&f.name, "route-filter", i));
        let _ = writeln!(body, "# Route filter {}", line_text(&f.name, 80));
        cmd(
            &mut body,
            &[
                "az network route-filter create".into(),
                format!("--name {name}"),
                rg(),
                loc(&f.region),
            ],
        );
        let comms: Vec<String> = f
            .communities
            .iter()
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
            .map(w)
            .collect();
        cmd(
            &mut body,
            &[
                "az network route-filter rule create".into(),
                format!("--filter-name {name}"),
                rg(),
                format!("--name {}", w(&or_placeholder(&f.rule_name, "RULE-NAME"))),
                "--access Allow".into(),
                format!(
                    "--communities {}",
                    if comms.is_empty() {
                        w(&placeholder("COMMUNITY"))
                    } else {
                        comms.join(" ")
                    }
                ),
            ],
        );
        for (ci, c) in d.circuits.iter().enumerate() {
            let attached = c
                .microsoft_peering
                .as_ref()
                .is_some_and(|m| lk.route_filter(&m.route_filter) == Some(i));
            let family = c
                .microsoft_peering
                .as_ref()
                .map(|m| m.peering.address_family);
            // The IPv6 side has its own route filter (`--route-filter` sets the IPv4 one).
            let sides = [
                (
                    family.is_some_and(|f| f.has_v4()),
                    format!("--route-filter {name}"),
                ),
                (
                    family.is_some_and(|f| f.has_v6()),
                    format!(
                        "--set \"ipv6PeeringConfig.routeFilter.id=$(az network route-filter show --name {name} {} --query id -o tsv)\"",
                        rg()
                    ),
                ),
            ];
            for (_, filter) in sides.into_iter().filter(|(on, _)| attached && *on) {
                cmd(
                    &mut body,
                    &[
                        "az network express-route peering update".into(),
                        format!("--circuit-name {}", w(&name_or(&c.name, "circuit", ci))),
                        rg(),
                        "--name MicrosoftPeering".into(),
                        filter,
                    ],
                );
            }
        }
    }

    // A route filter the design names but does not hold: attached by name.
    for (ci, c) in d.circuits.iter().enumerate() {
        let Some(m) = &c.microsoft_peering else {
            continue;
        };
        let rf = m.route_filter.trim();
        if rf.is_empty() || lk.route_filter(rf).is_some() {
            continue;
        }
        let _ = writeln!(
            body,
            "# Route filter {} is not in the design: it must already exist in this resource group.",
            line_text(rf, 80)
        );
        let circuit = w(&name_or(&c.name, "circuit", ci));
        if m.peering.address_family.has_v4() {
            cmd(
                &mut body,
                &[
                    "az network express-route peering update".into(),
                    format!("--circuit-name {circuit}"),
                    rg(),
                    "--name MicrosoftPeering".into(),
                    format!("--route-filter {}", w(rf)),
                ],
            );
        }
        if m.peering.address_family.has_v6() {
            cmd(
                &mut body,
                &[
                    "az network express-route peering update".into(),
                    format!("--circuit-name {circuit}"),
                    rg(),
                    "--name MicrosoftPeering".into(),
                    format!(
                        "--set \"ipv6PeeringConfig.routeFilter.id=$(az network route-filter show --name {} {} --query id -o tsv)\"",
                        w(rf),
                        rg()
                    ),
                ],
            );
        }
    }

    for (i, v) in d.virtual_networks.iter().enumerate() {
        let name = w(&name_or(&v.name, "vnet", i));
        let spaces: Vec<String> = v
            .address_spaces
            .iter()
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
            .map(w)
            .collect();
        let _ = writeln!(body, "# Virtual network {}", line_text(&v.name, 80));
        cmd(
            &mut body,
            &[
                "az network vnet create".into(),
                format!("--name {name}"),
                rg(),
                loc(&v.region),
                format!(
                    "--address-prefixes {}",
                    if spaces.is_empty() {
                        w(&placeholder("ADDRESS-SPACE"))
                    } else {
                        spaces.join(" ")
                    }
                ),
            ],
        );
        for note in vnet_notes(d, v) {
            let _ = writeln!(body, "# {note}");
        }
        for (k, s) in v.subnets.iter().enumerate() {
            let mut prefixes = vec![w(&or_placeholder(&s.address_prefix, "SUBNET-PREFIX"))];
            if !s.address_prefix_v6.trim().is_empty() {
                prefixes.push(w(s.address_prefix_v6.trim()));
            }
            cmd(
                &mut body,
                &[
                    "az network vnet subnet create".into(),
                    format!("--vnet-name {name}"),
                    rg(),
                    format!("--name {}", w(&name_or(&s.name, "subnet", k))),
                    format!("--address-prefixes {}", prefixes.join(" ")),
                ],
            );
        }
    }

    for (i, g) in d.gateways.iter().enumerate() {
        let name = w(&name_or(&g.name, "gateway", i));
        let _ = writeln!(
            body,
            "# Gateway {} (takes up to 45 minutes)",
            line_text(&g.name, 80)
        );
        let mut a = vec![
            "az network vnet-gateway create".to_string(),
            format!("--name {name}"),
            rg(),
            loc(&g.region),
            format!("--vnet {}", w(&or_placeholder(&g.virtual_network, "VNET"))),
            "--gateway-type ExpressRoute".into(),
            format!("--sku {}", limits::sku_name(g.sku)),
        ];
        if g.sku == GatewaySku::ErGwScale {
            a.push(format!(
                "--min-scale-unit {}",
                num(number(&g.min_scale_units), "MIN-SCALE-UNITS")
            ));
            a.push(format!(
                "--max-scale-unit {}",
                num(number(&g.max_scale_units), "MAX-SCALE-UNITS")
            ));
        }
        if g.allow_remote_vnet_traffic {
            a.push("--allow-remote-vnet-traffic true".into());
        }
        cmd(&mut body, &a);
    }

    for (i, cn) in d.connections.iter().enumerate() {
        let sym = &names.connections[i];
        let _ = writeln!(body, "# Connection {}", line_text(&cn.name, 80));
        let circuit = if cn.cross_subscription {
            secret(
                &mut needed,
                format!("{}_CIRCUIT_ID", env_part(sym)),
                format!(
                    "Resource ID of circuit {} in the other subscription",
                    line_text(&cn.circuit, 80)
                ),
            )
        } else {
            w(&or_placeholder(&cn.circuit, "CIRCUIT"))
        };
        let mut a = vec![
            "az network vpn-connection create".to_string(),
            format!("--name {}", w(&name_or(&cn.name, "connection", i))),
            rg(),
            loc(&cn.region),
            format!(
                "--vnet-gateway1 {}",
                w(&or_placeholder(&cn.gateway, "GATEWAY"))
            ),
            format!("--express-route-circuit2 {circuit}"),
            format!(
                "--routing-weight {}",
                num(number(&cn.routing_weight), "ROUTING-WEIGHT")
            ),
        ];
        if cn.fast_path {
            a.push("--express-route-gateway-bypass true".into());
        }
        if cn.cross_subscription {
            let v = secret(
                &mut needed,
                format!("{}_AUTH_KEY", env_part(sym)),
                "Authorization key of the connection".into(),
            );
            a.push(format!("--authorization-key {v}"));
        }
        cmd(&mut body, &a);
        if cn.private_link_fast_path {
            // `vpn-connection create` has no option for it (2.91).
            body.push_str(
                "# Private Link FastPath: `vpn-connection create` has no option for it.\n",
            );
            cmd(
                &mut body,
                &[
                    "az network vpn-connection update".into(),
                    format!("--name {}", w(&name_or(&cn.name, "connection", i))),
                    rg(),
                    "--set enablePrivateLinkFastPath=true".into(),
                ],
            );
        }
    }

    for (i, gr) in d.global_reach.iter().enumerate() {
        let sym = &names.global_reach[i];
        let _ = writeln!(body, "# Global Reach {}", line_text(&gr.name, 80));
        let peer = if gr.cross_subscription || lk.circuit(&gr.peer_circuit).is_none() {
            if gr.cross_subscription {
                // `--peer-circuit` takes a name (same resource group) or the resource ID of the
                // peer circuit's private peering, never the circuit's own ID.
                secret(
                    &mut needed,
                    format!("{}_PEER_PEERING_ID", env_part(sym)),
                    format!(
                        "Resource ID of AzurePrivatePeering of circuit {} in the other subscription",
                        line_text(&gr.peer_circuit, 80)
                    ),
                )
            } else {
                w(&or_placeholder(&gr.peer_circuit, "PEER-CIRCUIT"))
            }
        } else {
            w(gr.peer_circuit.trim())
        };
        let mut a = vec![
            "az network express-route peering connection create".to_string(),
            format!("--name {}", w(&name_or(&gr.name, "global-reach", i))),
            rg(),
            format!(
                "--circuit-name {}",
                w(&or_placeholder(&gr.circuit, "CIRCUIT"))
            ),
            "--peering-name AzurePrivatePeering".into(),
            format!("--peer-circuit {peer}"),
            format!(
                "--address-prefix {}",
                w(&or_placeholder(&gr.address_prefix, "GLOBAL-REACH-/29"))
            ),
        ];
        if gr.cross_subscription {
            let v = secret(
                &mut needed,
                format!("{}_AUTH_KEY", env_part(sym)),
                "Authorization key of the peer circuit".into(),
            );
            a.push(format!("--authorization-key {v}"));
        }
        cmd(&mut body, &a);
        if !gr.address_prefix_v6.trim().is_empty() {
            cmd(
                &mut body,
                &[
                    "az network express-route peering connection ipv6-config set".to_string(),
                    format!("--name {}", w(&name_or(&gr.name, "global-reach", i))),
                    rg(),
                    format!(
                        "--circuit-name {}",
                        w(&or_placeholder(&gr.circuit, "CIRCUIT"))
                    ),
                    "--peering-name AzurePrivatePeering".into(),
                    format!("--address-prefix {}", w(gr.address_prefix_v6.trim())),
                ],
            );
        }
    }

    let mut out = format!(
        "#!/usr/bin/env bash\n# {}\n# Generated by ExpressRoute Wizard: Azure CLI commands in deployment order.\n# Checked with Azure CLI {AZ_CLI_VERSION} (every command run against a recording stand-in for Azure).\n{}set -euo pipefail\n\n",
        line_text(&d.name, 200),
        super::not_written(d, super::Format::AzCli, "# "),
    );
    match d.resource_group.trim() {
        "" => out.push_str(
            ": \"${RESOURCE_GROUP:?set RESOURCE_GROUP to an existing resource group}\"\n",
        ),
        rg => {
            // The name single-quoted, exactly as typed: in a `${VAR:-default}` inside double
            // quotes, bash would still read quotes and `$` in the default.
            let _ = writeln!(
                out,
                "RESOURCE_GROUP=\"${{RESOURCE_GROUP:-}}\"\nif [ -z \"$RESOURCE_GROUP\" ]; then RESOURCE_GROUP={}; fi",
                w(rg)
            );
        }
    }
    if !d.subscription_id.trim().is_empty() {
        let _ = writeln!(
            out,
            "az account set --subscription {}",
            w(d.subscription_id.trim())
        );
    }
    if body.contains("\"$LOCATION\"") {
        out.push_str(": \"${LOCATION:?set LOCATION to the Azure region}\"\n");
    }
    if !needed.is_empty() {
        out.push_str("\n# Secrets come from the environment, never from this file:\n");
        for (v, what) in &needed {
            let _ = writeln!(
                out,
                ": \"${{{v}:?set {v} ({})}}\"",
                // Only the message: bash reads quotes, `$`, backquotes and `}` in it.
                line_text(what, 100).replace(['"', '\'', '$', '`', '\\', '}'], "")
            );
        }
    }
    out.push('\n');
    out.push_str(&body);
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::model::{Gateway, Subnet};

    #[test]
    fn what_is_not_created_is_said() {
        let subnet = |nsg, udr, bgp, sep| Subnet {
            name: "app".into(),
            nsg,
            default_route_udr: udr,
            bgp_propagation_disabled: bgp,
            service_endpoint_policy: sep,
            ..Subnet::default()
        };
        let v = |s: Subnet| VirtualNetwork {
            name: "vnet-a".into(),
            subnets: vec![s],
            ..VirtualNetwork::default()
        };
        let d = Design::default();
        for (s, want) in [
            (subnet(false, false, false, false), vec![]),
            (
                subnet(true, false, false, false),
                vec!["Subnet app has a network security group in the design: not created here."],
            ),
            (
                subnet(false, true, true, true),
                vec!["Subnet app has a route table with a 0.0.0.0/0 route, a route table with BGP route propagation disabled, a service endpoint policy in the design: not created here."],
            ),
        ] {
            assert_eq!(vnet_notes(&d, &v(s)), want);
        }
        let mut d = Design::default();
        d.gateways.push(Gateway {
            virtual_network: "VNET-A".into(),
            coexist_with_vpn: true,
            ..Gateway::default()
        });
        assert_eq!(
            vnet_notes(&d, &v(subnet(false, false, false, false))),
            ["A VPN gateway shares this VNet in the design: not created here."]
        );
        let out = azcli(&Design {
            virtual_networks: vec![v(subnet(true, false, false, false))],
            ..d
        });
        assert!(
            out.contains("# Subnet app has a network security group"),
            "{out}"
        );
        assert!(out.contains("# A VPN gateway shares this VNet"), "{out}");
    }
}
