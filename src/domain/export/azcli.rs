//! Azure CLI (bash): one `az` command per resource of the deployment plan ([`super::plan`]),
//! secrets from environment variables.

use super::plan::{self, Access, FilterRef, Microsoft, Num, Plan};
use super::{env_part, line_text, or_placeholder, placeholder, sh_quote, Kind};
use crate::domain::model::Design;
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
fn num(n: &Num) -> String {
    n.value
        .map_or_else(|| sh_quote(&placeholder(n.label)), |n| n.to_string())
}

/// `"$NAME"`, with a check at the top of the script that it is set.
fn secret(needed: &mut Vec<(String, String)>, var: String, what: String) -> String {
    let r = format!("\"${var}\"");
    needed.push((var, what));
    r
}

/// `microsoftPeeringConfig` of the IPv6 side of Microsoft peering.
fn microsoft_config_v6(m: &Microsoft) -> serde_json::Value {
    let mut c = serde_json::Map::new();
    let list: Vec<serde_json::Value> = m.advertised_v6.iter().map(|&s| s.into()).collect();
    c.insert("advertisedPublicPrefixes".into(), list.into());
    if let Some(n) = m.customer_asn {
        c.insert("customerASN".into(), n.into());
    }
    if let Some(r) = m.routing_registry {
        c.insert("routingRegistryName".into(), r.into());
    }
    serde_json::Value::Object(c)
}

/// The Microsoft peering of circuit `c`, with its settings.
fn microsoft<'p, 'a>(
    c: &'p plan::Circuit<'a>,
) -> Option<(&'p plan::Peering<'a>, &'p Microsoft<'a>)> {
    c.peerings
        .iter()
        .find(|p| p.kind == Kind::Microsoft)
        .and_then(|p| Some((p, p.microsoft.as_ref()?)))
}

/// The design as a bash script of Azure CLI commands.
pub fn azcli(d: &Design) -> String {
    let plan = Plan::new(d);
    let mut body = String::new();
    let mut needed: Vec<(String, String)> = Vec::new();
    let rg = || "--resource-group \"$RESOURCE_GROUP\"".to_string();
    let loc = |r: &Option<String>| match r {
        Some(r) => format!("--location {}", w(r)),
        None => "--location \"$LOCATION\"".into(),
    };

    for p in &plan.ports {
        let _ = writeln!(
            body,
            "# ExpressRoute Direct port pair {} (Azure then waits for the LOA and the cross-connects)",
            line_text(p.given, 80)
        );
        cmd(
            &mut body,
            &[
                "az network express-route port create".into(),
                format!("--name {}", w(&p.name)),
                rg(),
                loc(&p.region),
                format!(
                    "--peering-location {}",
                    w(&or_placeholder(p.peering_location, "PORT-PEERING-LOCATION"))
                ),
                format!("--bandwidth {} Gbps", num(&p.bandwidth_gbps)),
                format!("--encapsulation {}", p.encapsulation),
            ],
        );
    }

    for c in &plan.circuits {
        let sym = &c.sym;
        let name = w(&c.name);
        let _ = writeln!(body, "# Circuit {}", line_text(c.given, 80));
        if let Access::Direct {
            port: None,
            port_name,
            ..
        } = &c.access
        {
            if !port_name.trim().is_empty() {
                let _ = writeln!(
                    body,
                    "# The port pair {} is not in the design: it must already exist in this resource group.",
                    line_text(port_name, 80)
                );
            }
        }
        let mut a = vec![
            "az network express-route create".to_string(),
            format!("--name {name}"),
            rg(),
            loc(&c.region),
        ];
        match &c.access {
            Access::Provider {
                provider,
                peering_location,
                bandwidth_mbps,
            } => {
                a.push(format!("--provider {}", w(provider)));
                a.push(format!("--peering-location {}", w(peering_location)));
                a.push(format!("--bandwidth {} Mbps", num(bandwidth_mbps)));
            }
            Access::Direct {
                port_name,
                bandwidth_gbps,
                authorization_key,
                ..
            } => {
                a.push(format!(
                    "--express-route-port {}",
                    w(&or_placeholder(port_name, "DIRECT-PORT"))
                ));
                a.push(format!("--bandwidth {} Gbps", num(bandwidth_gbps)));
                if *authorization_key {
                    let v = secret(
                        &mut needed,
                        format!("{}_PORT_AUTH_KEY", env_part(sym)),
                        "Direct port authorization key".into(),
                    );
                    a.push(format!("--authorization-key {v}"));
                }
            }
        }
        a.push(format!("--sku-tier {}", c.sku_tier));
        a.push(format!("--sku-family {}", c.sku_family));
        a.push(format!(
            "--allow-classic-operations {}",
            c.allow_classic_operations
        ));
        let tags: Vec<String> = c
            .tags
            .iter()
            .map(|(name, value)| w(&format!("{name}={value}")))
            .collect();
        if !tags.is_empty() {
            a.push(format!("--tags {}", tags.join(" ")));
        }
        cmd(&mut body, &a);
        if let Access::Direct {
            rate_limiting: true,
            ..
        } = c.access
        {
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
        if let Access::Provider { .. } = c.access {
            let _ = writeln!(
                body,
                "# Give the service key to the provider, then wait until it has provisioned the circuit.\naz network express-route show --name {name} {} --query serviceKey -o tsv\nuntil [ \"$(az network express-route show --name {name} {} --query serviceProviderProvisioningState -o tsv)\" = \"Provisioned\" ]; do\n  echo \"Waiting for the provider to provision {}...\"\n  sleep 60\ndone\n",
                rg(), rg(), line_text(c.given, 80).replace(['"', '$', '`', '\\'], "")
            );
        }
        for p in &c.peerings {
            let kind = p.kind;
            let mut a = vec![
                "az network express-route peering create".to_string(),
                format!("--circuit-name {name}"),
                rg(),
                format!("--peering-type {}", kind.arm_name()),
                format!("--peer-asn {}", num(&p.peer_asn)),
                format!("--vlan-id {}", num(&p.vlan_id)),
            ];
            let (pa, pb) = if p.has_v4 { &p.v4 } else { &p.v6 };
            a.push(format!("--primary-peer-subnet {}", w(pa)));
            a.push(format!("--secondary-peer-subnet {}", w(pb)));
            if !p.has_v4 {
                a.push("--ip-version IPv6".into());
            }
            if p.shared_key {
                let v = secret(
                    &mut needed,
                    format!("{}_SHARED_KEY", env_part(&p.sym)),
                    format!(
                        "MD5 shared key of {} on {}",
                        kind.arm_name(),
                        line_text(c.given, 80)
                    ),
                );
                a.push(format!("--shared-key {v}"));
            }
            if let Some(m) = &p.microsoft {
                let list = if p.has_v4 {
                    &m.advertised
                } else {
                    &m.advertised_v6
                };
                if !list.is_empty() {
                    let prefixes: Vec<String> = list.iter().map(|s| w(s)).collect();
                    a.push(format!(
                        "--advertised-public-prefixes {}",
                        prefixes.join(" ")
                    ));
                }
                if let Some(n) = m.customer_asn {
                    a.push(format!("--customer-asn {n}"));
                }
                if let Some(r) = m.routing_registry {
                    a.push(format!("--routing-registry-name {}", w(r)));
                }
            }
            cmd(&mut body, &a);
            if p.has_v4 && p.has_v6 {
                // Not `peering update --ip-version IPv6 …`: az 2.91 then sends the peering without
                // its IPv4 subnets (and Microsoft peering without its IPv4 prefixes). Setting the
                // whole ipv6PeeringConfig keeps the rest of the peering as it is.
                let mut v6 = serde_json::Map::new();
                v6.insert("primaryPeerAddressPrefix".into(), p.v6.0.as_str().into());
                v6.insert("secondaryPeerAddressPrefix".into(), p.v6.1.as_str().into());
                if let Some(m) = &p.microsoft {
                    v6.insert("microsoftPeeringConfig".into(), microsoft_config_v6(m));
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
                    format!("--name {}", w(&or_placeholder(a.given, "AUTHORIZATION"))),
                ],
            );
        }
    }

    for (i, f) in plan.route_filters.iter().enumerate() {
        let name = w(&f.name);
        let _ = writeln!(body, "# Route filter {}", line_text(f.given, 80));
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
            .filter(|s| !s.is_empty())
            .map(|s| w(s))
            .collect();
        cmd(
            &mut body,
            &[
                "az network route-filter rule create".into(),
                format!("--filter-name {name}"),
                rg(),
                format!("--name {}", w(&f.rule_name)),
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
        for c in &plan.circuits {
            let Some((p, m)) = microsoft(c) else {
                continue;
            };
            if !matches!(m.route_filter, FilterRef::Local(k) if k == i) {
                continue;
            }
            // The IPv6 side has its own route filter (`--route-filter` sets the IPv4 one).
            let sides = [
                (p.has_v4, format!("--route-filter {name}")),
                (
                    p.has_v6,
                    format!(
                        "--set \"ipv6PeeringConfig.routeFilter.id=$(az network route-filter show --name {name} {} --query id -o tsv)\"",
                        rg()
                    ),
                ),
            ];
            for (_, filter) in sides.into_iter().filter(|(on, _)| *on) {
                cmd(
                    &mut body,
                    &[
                        "az network express-route peering update".into(),
                        format!("--circuit-name {}", w(&c.name)),
                        rg(),
                        "--name MicrosoftPeering".into(),
                        filter,
                    ],
                );
            }
        }
    }

    // A route filter the design names but does not hold: attached by name.
    for c in &plan.circuits {
        let Some((p, m)) = microsoft(c) else {
            continue;
        };
        let FilterRef::Named(rf) = m.route_filter else {
            continue;
        };
        let _ = writeln!(
            body,
            "# Route filter {} is not in the design: it must already exist in this resource group.",
            line_text(rf, 80)
        );
        let circuit = w(&c.name);
        if p.has_v4 {
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
        if p.has_v6 {
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

    for v in &plan.vnets {
        let name = w(&v.name);
        let spaces: Vec<String> = v.address_spaces.iter().map(|s| w(s)).collect();
        let _ = writeln!(body, "# Virtual network {}", line_text(v.given, 80));
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
        for note in &v.notes {
            let _ = writeln!(body, "# {note}");
        }
        for s in &v.subnets {
            let mut prefixes = vec![w(&s.prefix)];
            if let Some(v6) = s.prefix_v6 {
                prefixes.push(w(v6));
            }
            cmd(
                &mut body,
                &[
                    "az network vnet subnet create".into(),
                    format!("--vnet-name {name}"),
                    rg(),
                    format!("--name {}", w(&s.name)),
                    format!("--address-prefixes {}", prefixes.join(" ")),
                ],
            );
        }
    }

    for g in &plan.gateways {
        let _ = writeln!(
            body,
            "# Gateway {} (takes up to 45 minutes)",
            line_text(g.given, 80)
        );
        let mut a = vec![
            "az network vnet-gateway create".to_string(),
            format!("--name {}", w(&g.name)),
            rg(),
            loc(&g.region),
            format!("--vnet {}", w(&or_placeholder(g.vnet_name, "VNET"))),
            "--gateway-type ExpressRoute".into(),
            format!("--sku {}", g.sku),
        ];
        if let Some((min, max)) = &g.scale_units {
            a.push(format!("--min-scale-unit {}", num(min)));
            a.push(format!("--max-scale-unit {}", num(max)));
        }
        if g.allow_remote_vnet_traffic {
            a.push("--allow-remote-vnet-traffic true".into());
        }
        cmd(&mut body, &a);
    }

    for cn in &plan.connections {
        let sym = &cn.sym;
        let _ = writeln!(body, "# Connection {}", line_text(cn.given, 80));
        let circuit = if cn.cross_subscription {
            secret(
                &mut needed,
                format!("{}_CIRCUIT_ID", env_part(sym)),
                format!(
                    "Resource ID of circuit {} in the other subscription",
                    line_text(cn.circuit_name, 80)
                ),
            )
        } else {
            w(&or_placeholder(cn.circuit_name, "CIRCUIT"))
        };
        let mut a = vec![
            "az network vpn-connection create".to_string(),
            format!("--name {}", w(&cn.name)),
            rg(),
            loc(&cn.region),
            format!(
                "--vnet-gateway1 {}",
                w(&or_placeholder(cn.gateway_name, "GATEWAY"))
            ),
            format!("--express-route-circuit2 {circuit}"),
            format!("--routing-weight {}", num(&cn.routing_weight)),
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
                    format!("--name {}", w(&cn.name)),
                    rg(),
                    "--set enablePrivateLinkFastPath=true".into(),
                ],
            );
        }
    }

    for gr in &plan.global_reach {
        let sym = &gr.sym;
        let _ = writeln!(body, "# Global Reach {}", line_text(gr.given, 80));
        let peer = match gr.peer {
            // `--peer-circuit` takes a name (same resource group) or the resource ID of the
            // peer circuit's private peering, never the circuit's own ID.
            None if gr.cross_subscription => secret(
                &mut needed,
                format!("{}_PEER_PEERING_ID", env_part(sym)),
                format!(
                    "Resource ID of AzurePrivatePeering of circuit {} in the other subscription",
                    line_text(gr.peer_name, 80)
                ),
            ),
            None => w(&or_placeholder(gr.peer_name, "PEER-CIRCUIT")),
            Some(_) => w(gr.peer_name.trim()),
        };
        let circuit = w(&or_placeholder(gr.circuit_name, "CIRCUIT"));
        let mut a = vec![
            "az network express-route peering connection create".to_string(),
            format!("--name {}", w(&gr.name)),
            rg(),
            format!("--circuit-name {circuit}"),
            "--peering-name AzurePrivatePeering".into(),
            format!("--peer-circuit {peer}"),
            format!("--address-prefix {}", w(&gr.address_prefix)),
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
        if let Some(v6) = gr.address_prefix_v6 {
            cmd(
                &mut body,
                &[
                    "az network express-route peering connection ipv6-config set".to_string(),
                    format!("--name {}", w(&gr.name)),
                    rg(),
                    format!("--circuit-name {circuit}"),
                    "--peering-name AzurePrivatePeering".into(),
                    format!("--address-prefix {}", w(v6)),
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
