//! Terraform configuration for the azurerm provider, printed from the deployment plan
//! ([`super::plan`]).

use super::plan::{Access, FilterRef, Num, Plan};
use super::{child_symbol, hcl_str, line_text, or_placeholder, symbols, Format, Kind};
use crate::domain::model::{Design, GatewaySku};
use std::fmt::Write;

/// The variable that turns the staged connections on (U17).
const STAGED_VAR: &str = "create_connections";

/// A Terraform variable.
struct Var {
    name: String,
    ty: &'static str,
    default: Option<String>,
    sensitive: bool,
    description: String,
}

/// Writes HCL blocks with indentation, collecting the variables they need.
struct Hcl {
    out: String,
    depth: usize,
    vars: Vec<Var>,
    /// The names in `vars`, to declare each once without a scan of the list.
    var_names: std::collections::HashSet<String>,
}

impl Hcl {
    fn open(&mut self, header: &str) {
        let _ = writeln!(self.out, "{}{header} {{", "  ".repeat(self.depth));
        self.depth += 1;
    }
    fn close(&mut self) {
        self.depth = self.depth.saturating_sub(1);
        let _ = writeln!(self.out, "{}}}", "  ".repeat(self.depth));
        if self.depth == 0 {
            self.out.push('\n');
        }
    }
    fn attr(&mut self, key: &str, value: impl AsRef<str>) {
        let _ = writeln!(
            self.out,
            "{}{key} = {}",
            "  ".repeat(self.depth),
            value.as_ref()
        );
    }
    fn str(&mut self, key: &str, value: &str) {
        self.attr(key, hcl_str(value));
    }
    fn var(
        &mut self,
        name: String,
        ty: &'static str,
        sensitive: bool,
        description: String,
    ) -> String {
        if self.var_names.insert(name.clone()) {
            self.vars.push(Var {
                name: name.clone(),
                ty,
                default: None,
                sensitive,
                description,
            });
        }
        format!("var.{name}")
    }
    /// A number as typed, or a required number variable.
    fn num(&mut self, key: &str, n: &Num, var: String) {
        let v = match n.value {
            Some(n) => n.to_string(),
            None => self.var(var, "number", false, n.what.to_string()),
        };
        self.attr(key, v);
    }
    /// The `location` attribute: the region, or a variable when the design gives none.
    fn location(&mut self, region: Option<&str>) {
        match region {
            Some(r) => self.str("location", r),
            None => {
                let v = self.var(
                    "location".into(),
                    "string",
                    false,
                    "Azure region for resources the design gives no region".into(),
                );
                self.attr("location", v);
            }
        }
    }
    /// The `name` and `resource_group_name` attributes.
    fn common(&mut self, name: &str) {
        self.str("name", name);
        self.attr("resource_group_name", "var.resource_group_name");
    }
    fn depends_on(&mut self, refs: &[String]) {
        if !refs.is_empty() {
            self.attr("depends_on", format!("[{}]", refs.join(", ")));
        }
    }
}

/// Aligns the `=` of consecutive one-line attributes at the same indentation, as `terraform fmt`
/// does.
fn align(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let key_of = |l: &str| -> Option<(usize, usize)> {
        let indent = l.len() - l.trim_start().len();
        let t = l.trim_start();
        if t.starts_with('#') || t.ends_with('{') {
            return None;
        }
        let key_end = key_end(t)?;
        Some((indent, t[..key_end].chars().count()))
    };
    let mut out = String::with_capacity(text.len() + 256);
    let mut i = 0;
    while i < lines.len() {
        let Some((indent, _)) = key_of(lines[i]) else {
            out.push_str(lines[i]);
            out.push('\n');
            i += 1;
            continue;
        };
        let mut j = i;
        let mut width = 0;
        while let Some((ind, w)) = lines.get(j).and_then(|l| key_of(l)) {
            if ind != indent {
                break;
            }
            width = width.max(w);
            j += 1;
        }
        for l in &lines[i..j] {
            let t = l.trim_start();
            if let Some((key, value)) = key_end(t).map(|k| (&t[..k], &t[k + 3..])) {
                let pad = width.saturating_sub(key.chars().count());
                let _ = writeln!(
                    out,
                    "{}{key}{} = {value}",
                    " ".repeat(indent),
                    " ".repeat(pad)
                );
            }
        }
        i = j;
    }
    out
}

/// The end of the key of a one-line attribute `key = value` (an identifier or a quoted string),
/// where ` = ` follows it; `None` for any other line.
fn key_end(t: &str) -> Option<usize> {
    let end = if let Some(rest) = t.strip_prefix('"') {
        let mut escaped = false;
        let close = rest.char_indices().find_map(|(k, c)| {
            if escaped {
                escaped = false;
                None
            } else if c == '\\' {
                escaped = true;
                None
            } else {
                (c == '"').then_some(k)
            }
        })?;
        close + 2
    } else {
        t.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))?
    };
    t[end..].starts_with(" = ").then_some(end)
}

/// A list of strings as HCL (trimmed, empty ones left out).
fn list<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    let v: Vec<String> = items
        .into_iter()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .map(hcl_str)
        .collect();
    format!("[{}]", v.join(", "))
}

/// An ID of a resource outside the configuration, in this subscription and resource group.
fn ext_id(provider_path: &str) -> String {
    let inner = hcl_str(provider_path);
    format!(
        "\"/subscriptions/${{var.subscription_id}}/resourceGroups/${{var.resource_group_name}}/providers/{}\"",
        &inner[1..inner.len() - 1]
    )
}

/// What the Terraform export was checked with (the header says it).
pub const CHECKED_WITH: &str = "Checked with Terraform 1.0.3 (fmt) and the azurerm 4.36.0 and 4.55.0 schemas (npm @cdktf/provider-azurerm 14.5.0, 14.23.1).";

/// The azurerm versions a design's configuration needs, and why.
pub struct ProviderRange {
    /// The `version` constraint written in `required_providers`.
    pub constraint: &'static str,
    /// Why the lower bound is what it is.
    pub why: &'static str,
}

/// The provider range that accepts the configuration of `d`: ExpressRoute gateways are written
/// without a public IP (optional from azurerm 4.36; refused for ExpressRoute gateways from 4.59,
/// catalogue U5), and the ErGwScale SKU needs 4.56, its scale units
/// (`minimum_scale_unit`/`maximum_scale_unit`) 4.79.
pub fn provider_range(d: &Design) -> ProviderRange {
    if d.gateways.iter().any(|g| g.sku == GatewaySku::ErGwScale) {
        ProviderRange {
            constraint: ">= 4.79, < 5.0",
            why: "the ErGwScale SKU needs 4.56 and its scale units 4.79",
        }
    } else {
        ProviderRange {
            constraint: ">= 4.36, < 5.0",
            why: "an ExpressRoute gateway without a public IP needs 4.36",
        }
    }
}

/// The design as a Terraform configuration (azurerm provider 4.x).
pub fn terraform(d: &Design) -> String {
    let plan = Plan::new(d);
    let mut h = Hcl {
        out: String::new(),
        depth: 0,
        vars: Vec::new(),
        var_names: std::collections::HashSet::new(),
    };

    for f in &plan.route_filters {
        h.open(&format!("resource \"azurerm_route_filter\" \"{}\"", f.sym));
        h.common(&f.name);
        h.location(f.region.as_deref());
        h.open("rule");
        h.str("name", &f.rule_name);
        h.str("access", "Allow");
        h.str("rule_type", "Community");
        h.attr("communities", list(f.communities.iter().copied()));
        h.close();
        h.close();
    }

    // ExpressRoute Direct port pairs the design plans (circuits on them refer to them).
    for p in &plan.ports {
        h.open(&format!(
            "resource \"azurerm_express_route_port\" \"{}\"",
            p.sym
        ));
        h.common(&p.name);
        h.location(p.region.as_deref());
        h.str(
            "peering_location",
            &or_placeholder(p.peering_location, "PEERING-LOCATION"),
        );
        h.num(
            "bandwidth_in_gbps",
            &p.bandwidth_gbps,
            format!("{}_bandwidth_in_gbps", p.sym),
        );
        h.str("encapsulation", p.encapsulation);
        h.close();
    }

    let mut private = vec![None; plan.circuits.len()];
    let mut last = vec![None; plan.circuits.len()];
    for (i, c) in plan.circuits.iter().enumerate() {
        let sym = &c.sym;
        let cref = format!("azurerm_express_route_circuit.{sym}");
        h.open(&format!(
            "resource \"azurerm_express_route_circuit\" \"{sym}\""
        ));
        h.common(&c.name);
        h.location(c.region.as_deref());
        match &c.access {
            Access::Provider {
                provider,
                peering_location,
                bandwidth_mbps,
            } => {
                h.str("service_provider_name", provider);
                h.str("peering_location", peering_location);
                h.num(
                    "bandwidth_in_mbps",
                    bandwidth_mbps,
                    format!("{sym}_bandwidth_in_mbps"),
                );
            }
            Access::Direct {
                port,
                port_name,
                bandwidth_gbps,
                rate_limiting,
                authorization_key,
            } => {
                let port = match port.and_then(|k| plan.ports.get(k)) {
                    Some(p) => format!("azurerm_express_route_port.{}.id", p.sym),
                    None => ext_id(&format!(
                        "Microsoft.Network/expressRoutePorts/{}",
                        or_placeholder(port_name, "DIRECT-PORT")
                    )),
                };
                h.attr("express_route_port_id", port);
                h.num(
                    "bandwidth_in_gbps",
                    bandwidth_gbps,
                    format!("{sym}_bandwidth_in_gbps"),
                );
                h.attr("rate_limiting_enabled", rate_limiting.to_string());
                if *authorization_key {
                    let v = h.var(
                        format!("{sym}_port_authorization_key"),
                        "string",
                        true,
                        "Authorization key of the ExpressRoute Direct port".into(),
                    );
                    h.attr("authorization_key", v);
                }
            }
        }
        h.attr(
            "allow_classic_operations",
            c.allow_classic_operations.to_string(),
        );
        h.open("sku");
        h.str("tier", &c.sku_tier);
        h.str("family", &c.sku_family);
        h.close();
        if !c.tags.is_empty() {
            h.open("tags =");
            for (name, value) in &c.tags {
                h.attr(&hcl_str(name), hcl_str(value));
            }
            h.close();
        }
        h.close();

        let mut prev: Option<String> = None;
        for p in &c.peerings {
            let psym = &p.sym;
            h.open(&format!(
                "resource \"azurerm_express_route_circuit_peering\" \"{psym}\""
            ));
            h.str("peering_type", p.kind.arm_name());
            h.attr("express_route_circuit_name", format!("{cref}.name"));
            h.attr("resource_group_name", "var.resource_group_name");
            h.num("peer_asn", &p.peer_asn, format!("{psym}_peer_asn"));
            h.num("vlan_id", &p.vlan_id, format!("{psym}_vlan_id"));
            if p.has_v4 {
                h.str("primary_peer_address_prefix", &p.v4.0);
                h.str("secondary_peer_address_prefix", &p.v4.1);
            }
            h.attr("ipv4_enabled", (p.enabled && p.has_v4).to_string());
            if p.shared_key {
                let v = h.var(
                    format!("{psym}_shared_key"),
                    "string",
                    true,
                    format!("MD5 shared key of {} on {sym}", p.kind.arm_name()),
                );
                h.attr("shared_key", v);
            }
            let m = p.microsoft.as_ref();
            let filter = m.and_then(|m| match m.route_filter {
                FilterRef::Local(f) => plan
                    .route_filters
                    .get(f)
                    .map(|f| format!("azurerm_route_filter.{}.id", f.sym)),
                FilterRef::Named(name) => {
                    Some(ext_id(&format!("Microsoft.Network/routeFilters/{name}")))
                }
                FilterRef::None => None,
            });
            let ms_config = |h: &mut Hcl, block: &str, prefixes: &[&str]| {
                if let Some(m) = m {
                    h.open(block);
                    h.attr("advertised_public_prefixes", list(prefixes.iter().copied()));
                    if let Some(n) = m.customer_asn {
                        h.attr("customer_asn", n.to_string());
                    }
                    if let Some(r) = m.routing_registry {
                        h.str("routing_registry_name", r);
                    }
                    h.close();
                }
            };
            if let Some(f) = &filter {
                h.attr("route_filter_id", f);
            }
            if let Some(m) = m {
                ms_config(&mut h, "microsoft_peering_config", &m.advertised);
            }
            if p.has_v6 {
                h.open("ipv6");
                h.str("primary_peer_address_prefix", &p.v6.0);
                h.str("secondary_peer_address_prefix", &p.v6.1);
                h.attr("enabled", p.enabled.to_string());
                if let Some(m) = m {
                    ms_config(&mut h, "microsoft_peering", &m.advertised_v6);
                }
                if let Some(f) = &filter {
                    h.attr("route_filter_id", f);
                }
                h.close();
            }
            h.depends_on(&prev.iter().cloned().collect::<Vec<_>>());
            h.close();
            let r = format!("azurerm_express_route_circuit_peering.{psym}");
            if p.kind == Kind::Private {
                private[i] = Some(r.clone());
            }
            prev = Some(r);
        }
        for a in &c.authorizations {
            let asym = &a.sym;
            h.open(&format!(
                "resource \"azurerm_express_route_circuit_authorization\" \"{asym}\""
            ));
            h.common(&a.name);
            h.attr("express_route_circuit_name", format!("{cref}.name"));
            h.depends_on(&prev.iter().cloned().collect::<Vec<_>>());
            h.close();
            prev = Some(format!(
                "azurerm_express_route_circuit_authorization.{asym}"
            ));
        }
        last[i] = prev;
    }

    let mut gateway_subnets = vec![None; plan.vnets.len()];
    let subnet_names: Vec<String> = plan
        .vnets
        .iter()
        .flat_map(|v| {
            let part = child_symbol("x", &v.sym);
            v.subnets
                .iter()
                .map(move |s| format!("{part}_{}", s.given.trim()))
        })
        .collect();
    let all_subs = symbols(
        "snet",
        subnet_names.iter().map(|s| s.trim_start_matches("x_")),
    );
    let mut next_sub = 0;
    for (i, v) in plan.vnets.iter().enumerate() {
        let sym = &v.sym;
        h.open(&format!("resource \"azurerm_virtual_network\" \"{sym}\""));
        h.common(&v.name);
        h.location(v.region.as_deref());
        h.attr("address_space", list(v.address_spaces.iter().copied()));
        h.close();
        for (k, s) in v.subnets.iter().enumerate() {
            let sub = all_subs.get(next_sub).cloned().unwrap_or_default();
            next_sub += 1;
            h.open(&format!("resource \"azurerm_subnet\" \"{sub}\""));
            h.common(&s.name);
            h.attr(
                "virtual_network_name",
                format!("azurerm_virtual_network.{sym}.name"),
            );
            let prefixes = std::iter::once(s.prefix.as_str()).chain(s.prefix_v6);
            h.attr("address_prefixes", list(prefixes));
            h.close();
            if v.gateway_subnet == Some(k) {
                gateway_subnets[i] = Some(format!("azurerm_subnet.{sub}.id"));
            }
        }
    }

    for g in &plan.gateways {
        let sym = &g.sym;
        let subnet = match g
            .vnet
            .and_then(|v| gateway_subnets.get(v).cloned().flatten())
        {
            Some(s) => s,
            None => ext_id(&format!(
                "Microsoft.Network/virtualNetworks/{}/subnets/GatewaySubnet",
                or_placeholder(g.vnet_name, "VNET")
            )),
        };
        h.open(&format!(
            "resource \"azurerm_virtual_network_gateway\" \"{sym}\""
        ));
        h.common(&g.name);
        h.location(g.region.as_deref());
        h.str("type", "ExpressRoute");
        h.str("sku", g.sku);
        if let Some((min, max)) = &g.scale_units {
            h.num(
                "minimum_scale_unit",
                min,
                format!("{sym}_minimum_scale_unit"),
            );
            h.num(
                "maximum_scale_unit",
                max,
                format!("{sym}_maximum_scale_unit"),
            );
        }
        h.attr(
            "remote_vnet_traffic_enabled",
            g.allow_remote_vnet_traffic.to_string(),
        );
        h.open("ip_configuration");
        h.str("name", "vnetGatewayConfig");
        h.str("private_ip_address_allocation", "Dynamic");
        h.attr("subnet_id", subnet);
        h.close();
        h.close();
    }

    for cn in &plan.connections {
        let sym = &cn.sym;
        let gw = match cn.gateway.and_then(|g| plan.gateways.get(g)) {
            Some(g) => format!("azurerm_virtual_network_gateway.{}.id", g.sym),
            None => ext_id(&format!(
                "Microsoft.Network/virtualNetworkGateways/{}",
                or_placeholder(cn.gateway_name, "GATEWAY")
            )),
        };
        let circuit = match cn.circuit.and_then(|c| plan.circuits.get(c)) {
            Some(c) => format!("azurerm_express_route_circuit.{}.id", c.sym),
            None if cn.cross_subscription => h.var(
                format!("{sym}_circuit_id"),
                "string",
                false,
                format!(
                    "Resource ID of circuit {} in the other subscription",
                    line_text(cn.circuit_name, 80)
                ),
            ),
            None => ext_id(&format!(
                "Microsoft.Network/expressRouteCircuits/{}",
                or_placeholder(cn.circuit_name, "CIRCUIT")
            )),
        };
        h.open(&format!(
            "resource \"azurerm_virtual_network_gateway_connection\" \"{sym}\""
        ));
        // U17: held back until the provider has provisioned the circuit (a second apply).
        if cn.staged {
            if h.var_names.insert(STAGED_VAR.into()) {
                h.vars.push(Var {
                    name: STAGED_VAR.into(),
                    ty: "bool",
                    default: Some(plan.staged_default.to_string()),
                    sensitive: false,
                    description: super::STAGED_HELP.into(),
                });
            }
            h.attr("count", format!("var.{STAGED_VAR} ? 1 : 0"));
        }
        h.common(&cn.name);
        h.location(cn.region.as_deref());
        h.str("type", "ExpressRoute");
        h.attr("virtual_network_gateway_id", gw);
        h.attr("express_route_circuit_id", circuit);
        h.num(
            "routing_weight",
            &cn.routing_weight,
            format!("{sym}_routing_weight"),
        );
        h.attr("express_route_gateway_bypass", cn.fast_path.to_string());
        if cn.private_link_fast_path {
            h.attr("private_link_fast_path_enabled", "true");
        }
        if cn.cross_subscription {
            let v = h.var(
                format!("{sym}_authorization_key"),
                "string",
                true,
                "Authorization key redeemed for this connection".into(),
            );
            h.attr("authorization_key", v);
        }
        let deps: Vec<String> = cn
            .circuit
            .and_then(|c| last[c].clone())
            .into_iter()
            .collect();
        h.depends_on(&deps);
        h.close();
    }

    let mut prev_gr: Option<String> = None;
    for gr in &plan.global_reach {
        let sym = &gr.sym;
        let peering_id = |name: &str| {
            ext_id(&format!(
                "Microsoft.Network/expressRouteCircuits/{}/peerings/AzurePrivatePeering",
                or_placeholder(name, "CIRCUIT")
            ))
        };
        let own = match gr.circuit.and_then(|c| private[c].clone()) {
            Some(r) => format!("{r}.id"),
            None => peering_id(gr.circuit_name),
        };
        let peer = match gr.peer.and_then(|c| private[c].clone()) {
            Some(r) => format!("{r}.id"),
            None if gr.cross_subscription => h.var(
                format!("{sym}_peer_peering_id"),
                "string",
                false,
                format!(
                    "Resource ID of AzurePrivatePeering of circuit {} in the other subscription",
                    line_text(gr.peer_name, 80)
                ),
            ),
            None => peering_id(gr.peer_name),
        };
        h.open(&format!(
            "resource \"azurerm_express_route_circuit_connection\" \"{sym}\""
        ));
        h.str("name", &gr.name);
        h.attr("peering_id", own);
        h.attr("peer_peering_id", peer);
        h.str("address_prefix_ipv4", &gr.address_prefix);
        if let Some(v6) = gr.address_prefix_v6 {
            h.str("address_prefix_ipv6", v6);
        }
        if gr.cross_subscription {
            let v = h.var(
                format!("{sym}_authorization_key"),
                "string",
                true,
                "Authorization key of the peer circuit".into(),
            );
            h.attr("authorization_key", v);
        }
        let mut deps: Vec<String> = prev_gr.iter().cloned().collect();
        deps.extend(gr.circuit.and_then(|c| last[c].clone()));
        deps.dedup();
        h.depends_on(&deps);
        h.close();
        prev_gr = Some(format!("azurerm_express_route_circuit_connection.{sym}"));
    }

    // Header, provider and variables, then the resources.
    let range = provider_range(d);
    let mut out = format!(
        "# {}\n# Generated by ExpressRoute Wizard for the azurerm provider {}: {}.\n# {CHECKED_WITH}\n{}\n",
        line_text(&d.name, 200),
        range.constraint,
        range.why,
        super::not_written(d, Format::Terraform, "# "),
    );
    let _ = write!(
        out,
        "terraform {{\n  required_providers {{\n    azurerm = {{\n      source  = \"hashicorp/azurerm\"\n      version = \"{}\"\n    }}\n  }}\n}}\n\n",
        range.constraint
    );
    out.push_str(
        "provider \"azurerm\" {\n  features {}\n  subscription_id = var.subscription_id\n}\n\n",
    );
    let mut vars = vec![
        Var {
            name: "subscription_id".into(),
            ty: "string",
            default: Some(d.subscription_id.trim().to_string()).filter(|s| !s.is_empty()),
            sensitive: false,
            description: "Subscription to deploy into".into(),
        },
        Var {
            name: "resource_group_name".into(),
            ty: "string",
            default: Some(d.resource_group.trim().to_string()).filter(|s| !s.is_empty()),
            sensitive: false,
            description: "Existing resource group to deploy into".into(),
        },
    ];
    vars.append(&mut h.vars);
    for v in vars {
        let _ = writeln!(out, "variable \"{}\" {{", v.name);
        let _ = writeln!(out, "  description = {}", hcl_str(&v.description));
        let _ = writeln!(out, "  type        = {}", v.ty);
        if let Some(def) = v.default {
            let def = if v.ty == "bool" { def } else { hcl_str(&def) };
            let _ = writeln!(out, "  default     = {def}");
        }
        if v.sensitive {
            out.push_str("  sensitive   = true\n");
        }
        out.push_str("}\n\n");
    }
    out.push_str(&h.out);
    let mut out = align(&out);
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}
