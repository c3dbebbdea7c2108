//! Evaluated resources ([`Res`]) → a [`Design`]. ARM (`properties.x`) and az (`x`, flattened)
//! shapes are both read; keys are matched case-insensitively. Whatever is not mapped gets a
//! finding.

use super::expr::{get_ci, marked, parse_id, MARK};
use super::{Res, ER_IMP_001, ER_IMP_002, ER_IMP_009, ER_IMP_011};
use crate::domain::finding::Finding;
use crate::domain::model::*;
use serde_json::{Map, Value};

const CIRCUIT: &str = "microsoft.network/expressroutecircuits";
const PEERING: &str = "microsoft.network/expressroutecircuits/peerings";
const AUTH: &str = "microsoft.network/expressroutecircuits/authorizations";
const GR: &str = "microsoft.network/expressroutecircuits/peerings/connections";
const FILTER: &str = "microsoft.network/routefilters";
const FILTER_RULE: &str = "microsoft.network/routefilters/routefilterrules";
const VNET: &str = "microsoft.network/virtualnetworks";
const SUBNET: &str = "microsoft.network/virtualnetworks/subnets";
const GATEWAY: &str = "microsoft.network/virtualnetworkgateways";
const PIP: &str = "microsoft.network/publicipaddresses";
const CONNECTION: &str = "microsoft.network/connections";
const PORT: &str = "microsoft.network/expressrouteports";
const ROUTE_TABLE: &str = "microsoft.network/routetables";

/// Azure's own bookkeeping (read-only state in `az` output and exports): never design input.
const STATE: &[&str] = &[
    "id",
    "name",
    "type",
    "location",
    "tags",
    "sku",
    "etag",
    "properties",
    "resourceGroup",
    "provisioningState",
    "resourceGuid",
    "systemData",
    "lastModifiedBy",
    "gatewayManagerEtag",
    "stats",
    "circuitProvisioningState",
    "serviceKey",
    "serviceProviderNotes",
    "stag",
    "azureASN",
    "primaryAzurePort",
    "secondaryAzurePort",
    "peeredConnections",
    "expressRouteConnection",
    "circuitConnectionStatus",
    "globalReachEnabled",
    "authorizationUseStatus",
    "connectionStatus",
    "egressBytesTransferred",
    "ingressBytesTransferred",
    "ipv6Peerings",
    "etherType",
    "mtu",
    "allocationDate",
    "provisionedBandwidthInGbps",
    "circuits",
    "vpnType",
    "enableBgp",
    "activeActive",
    "zones",
];

/// Property `key` of a resource body: `properties.key` (ARM), else `key` (az, flattened).
fn get<'a>(body: &'a Value, key: &str) -> Option<&'a Value> {
    let o = body.as_object()?;
    get_ci(o, "properties")
        .and_then(Value::as_object)
        .and_then(|p| get_ci(p, key))
        .or_else(|| get_ci(o, key))
}

/// `v.key` (case-insensitive).
fn at<'a>(v: Option<&'a Value>, key: &str) -> Option<&'a Value> {
    v.and_then(Value::as_object).and_then(|o| get_ci(o, key))
}

/// The type and names of the resource `v.id` refers to.
fn target(v: Option<&Value>) -> Option<(String, Vec<String>)> {
    at(v, "id").and_then(Value::as_str).and_then(parse_id)
}

/// The name segment `i` of the resource `v.id` refers to; an ID given only at deployment (a
/// marked value that is not an ID) stays marked.
fn target_name(v: Option<&Value>, i: usize) -> String {
    let id = at(v, "id");
    target(v)
        .and_then(|(_, n)| n.get(i).cloned())
        .or_else(|| {
            id.and_then(Value::as_str)
                .filter(|s| s.contains(MARK))
                .map(str::to_string)
        })
        .unwrap_or_default()
}

fn flag(v: Option<&Value>) -> bool {
    match v {
        Some(Value::Bool(b)) => *b,
        Some(Value::String(s)) => {
            s.eq_ignore_ascii_case("true") || s.eq_ignore_ascii_case("enabled")
        }
        _ => false,
    }
}

fn present(v: Option<&Value>) -> bool {
    v.is_some_and(|v| !v.is_null())
}

/// Whether an authorization key is given: a value that is not `null` or an empty text (Bicep
/// writes `if(empty(key), null(), key)`; `az` prints `"authorizationKey": null`). A key given only
/// at deployment (a `securestring` without a value, a Key Vault reference) is given.
fn key_given(v: Option<&Value>) -> bool {
    match v {
        None | Some(Value::Null) => false,
        Some(Value::String(s)) => !s.trim().is_empty(),
        Some(_) => true,
    }
}

/// `<LABEL>`: a placeholder an exported template (or `subscription()`) left for a value.
fn is_placeholder(s: &str) -> bool {
    s.len() > 2 && s.starts_with('<') && s.ends_with('>') && !s.contains(char::is_whitespace)
}

fn pick<T: Copy>(s: &str, options: &[(&str, T)]) -> Option<T> {
    options
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(s.trim()))
        .map(|(_, v)| *v)
}

fn join(base: &str, key: &str) -> String {
    if base.is_empty() {
        key.to_string()
    } else {
        format!("{base}.{key}")
    }
}

struct M<'a> {
    d: Design,
    out: &'a mut Vec<Finding>,
    /// Public IPs by name (lower case): SKU, allocation, used by a gateway.
    pips: Vec<(String, PublicIp, String, bool)>,
    /// Route tables by name (lower case): a 0.0.0.0/0 route, BGP propagation disabled.
    tables: Vec<(String, bool, bool)>,
    /// VNets with a VPN gateway (lower case names).
    vpn_vnets: Vec<String>,
}

impl M<'_> {
    /// The text of a value; placeholders, objects and arrays give "" with a finding.
    ///
    /// A value given only at deployment (it contains [`MARK`]) or a placeholder stays marked:
    /// [`super::given_at_deployment`] clears it and records its design field (U20).
    fn text(&mut self, v: Option<&Value>, path: &str) -> String {
        match v {
            Some(Value::String(s)) if s.contains(MARK) => s.clone(),
            Some(Value::String(s)) if is_placeholder(s) => marked(s),
            Some(Value::String(s)) => s.clone(),
            // az prints some whole numbers as floats (`"bandwidthInGbps": 10.0`).
            Some(Value::Number(n)) => match n.as_f64() {
                Some(f) if n.is_f64() && f.fract() == 0.0 && f.abs() < 1e15 => {
                    (f as i64).to_string()
                }
                _ => n.to_string(),
            },
            Some(Value::Bool(b)) => b.to_string(),
            Some(Value::Null) | None => String::new(),
            Some(_) => {
                self.out.push(ER_IMP_011.at(
                    path,
                    "expected a text or a number, found an object or array: the field is left empty",
                ));
                String::new()
            }
        }
    }

    fn prop(&mut self, r: &Res, key: &str) -> String {
        let v = get(&r.body, key).cloned();
        self.text(v.as_ref(), &join(&r.path, key))
    }

    /// A list of texts (a JSON array, or one string).
    fn list(&mut self, v: Option<&Value>, path: &str) -> Vec<String> {
        match v {
            Some(Value::Array(a)) => a
                .iter()
                .enumerate()
                .map(|(i, x)| self.text(Some(x), &format!("{path}[{i}]")))
                .filter(|s| !s.is_empty())
                .collect(),
            Some(Value::String(s)) => split_list(s),
            other => {
                let t = self.text(other, path);
                split_list(&t)
            }
        }
    }

    fn region(&mut self, r: &Res) -> String {
        let v = get(&r.body, "location").cloned();
        self.text(v.as_ref(), &join(&r.path, "location"))
    }

    /// A closed choice; an unknown value keeps the default with a finding.
    fn choice<T: Copy>(
        &mut self,
        v: Option<&Value>,
        path: &str,
        options: &[(&str, T)],
    ) -> Option<T> {
        let s = self.text(v, path);
        // Empty, or given only at deployment: the design's default is kept.
        if s.is_empty() || s.contains(MARK) {
            return None;
        }
        let found = pick(&s, options);
        if found.is_none() {
            let names: Vec<&str> = options.iter().map(|(k, _)| *k).collect();
            self.out.push(ER_IMP_011.at(
                path,
                format!(
                    "'{s}' is not one of {}: the default is kept",
                    names.join(", ")
                ),
            ));
        }
        found
    }

    /// Reports properties of `r` the design has no field for.
    fn extra(&mut self, r: &Res, known: &[&str]) {
        let Some(o) = r.body.as_object() else { return };
        let (map, base): (&Map<String, Value>, String) =
            match get_ci(o, "properties").and_then(Value::as_object) {
                Some(p) => (p, join(&r.path, "properties")),
                None => (o, r.path.clone()),
            };
        let mut left: Vec<&str> = map
            .iter()
            .filter(|(k, v)| {
                !v.is_null() && !known.iter().chain(STATE).any(|n| n.eq_ignore_ascii_case(k))
            })
            .map(|(k, _)| k.as_str())
            .collect();
        if !left.is_empty() {
            left.truncate(12);
            self.out.push(ER_IMP_002.at(
                base,
                format!(
                    "{} '{}': the design has no field for {}, so {} not imported: {}",
                    short_type(&r.ty),
                    r.names.join("/"),
                    if left.len() == 1 {
                        "this property"
                    } else {
                        "these properties"
                    },
                    if left.len() == 1 {
                        "it was"
                    } else {
                        "they were"
                    },
                    left.join(", ")
                ),
            ));
        }
    }

    fn circuit_index(&self, name: &str) -> Option<usize> {
        let c = &self.d.circuits;
        c.iter()
            .position(|c| c.name == name)
            .or_else(|| c.iter().position(|c| c.name.eq_ignore_ascii_case(name)))
    }

    /// The circuit a child resource belongs to, or a finding.
    fn parent_circuit(&mut self, r: &Res) -> Option<usize> {
        let name = r.names.first().cloned().unwrap_or_default();
        let i = self.circuit_index(&name);
        if i.is_none() {
            self.out.push(ER_IMP_009.at(
                &r.path,
                format!(
                    "{} '{}' belongs to circuit '{name}', which is not in the input: it was not imported",
                    short_type(&r.ty),
                    r.names.join("/")
                ),
            ));
        }
        i
    }

    fn circuit(&mut self, r: &Res) {
        let mut c = Circuit {
            name: r.names.last().cloned().unwrap_or_default(),
            region: self.region(r),
            ..Circuit::default()
        };
        let sku = get(&r.body, "sku").cloned();
        let sp = join(&r.path, "sku");
        if sku.as_ref().is_some_and(|v| !v.is_null() && !v.is_object()) {
            self.out.push(ER_IMP_011.at(
                &sp,
                "the SKU must be an object with tier and family: the defaults are kept",
            ));
        }
        if let Some(t) = self.choice(
            at(sku.as_ref(), "tier"),
            &join(&sp, "tier"),
            &[
                ("Local", SkuTier::Local),
                ("Standard", SkuTier::Standard),
                ("Premium", SkuTier::Premium),
                ("Basic", SkuTier::Basic),
            ],
        ) {
            c.sku_tier = t;
        }
        if let Some(f) = self.choice(
            at(sku.as_ref(), "family"),
            &join(&sp, "family"),
            &[
                ("MeteredData", SkuFamily::MeteredData),
                ("UnlimitedData", SkuFamily::UnlimitedData),
            ],
        ) {
            c.sku_family = f;
        }
        // C16: sku.name is derived from tier and family; a template that spells it otherwise
        // (the wizard writes the derived name) gets a warning.
        let word = |k: &str| at(sku.as_ref(), k).and_then(Value::as_str).map(str::trim);
        if let (Some(n), Some(t), Some(f)) = (word("name"), word("tier"), word("family")) {
            let want = format!("{t}_{f}");
            if !is_placeholder(n) && !n.eq_ignore_ascii_case(&want) {
                self.out.push(super::ER_IMP_020.at(
                    join(&sp, "name"),
                    format!("sku.name is \"{n}\" but tier and family make \"{want}\": Azure expects the name to match them (the design keeps tier {t} and family {f})."),
                ));
            }
        }
        let spp = get(&r.body, "serviceProviderProperties").cloned();
        let base = join(&r.path, "properties.serviceProviderProperties");
        c.provider = self.text(
            at(spp.as_ref(), "serviceProviderName"),
            &join(&base, "serviceProviderName"),
        );
        c.peering_location = self.text(
            at(spp.as_ref(), "peeringLocation"),
            &join(&base, "peeringLocation"),
        );
        if present(at(spp.as_ref(), "bandwidthInMbps")) {
            c.bandwidth_mbps = self.text(
                at(spp.as_ref(), "bandwidthInMbps"),
                &join(&base, "bandwidthInMbps"),
            );
        }
        if present(get(&r.body, "expressRoutePort")) {
            c.port_type = PortType::Direct;
            c.direct_port = target_name(get(&r.body, "expressRoutePort"), 0);
            c.bandwidth_gbps = self.prop(r, "bandwidthInGbps");
            c.rate_limiting = flag(get(&r.body, "enableDirectPortRateLimit"));
            c.direct_authorization_key = self.prop(r, "authorizationKey");
        }
        c.allow_classic_operations = flag(get(&r.body, "allowClassicOperations"));
        if let Some(s) = self.choice(
            get(&r.body, "serviceProviderProvisioningState")
                .cloned()
                .as_ref(),
            &join(&r.path, "serviceProviderProvisioningState"),
            &[
                ("NotProvisioned", ProviderStatus::NotProvisioned),
                ("Provisioning", ProviderStatus::Provisioning),
                ("Provisioned", ProviderStatus::Provisioned),
                ("Deprovisioning", ProviderStatus::Deprovisioning),
            ],
        ) {
            c.provider_status = s;
        }
        if let Some(Value::Object(tags)) = get(&r.body, "tags") {
            for (k, v) in tags {
                let value = self.text(Some(v), &join(&r.path, &format!("tags.{k}")));
                c.tags.push(Tag {
                    name: k.clone(),
                    value,
                });
            }
        }
        self.extra(
            r,
            &[
                "serviceProviderProperties",
                "expressRoutePort",
                "bandwidthInGbps",
                "enableDirectPortRateLimit",
                "authorizationKey",
                "allowClassicOperations",
                "serviceProviderProvisioningState",
                "peerings",
                "authorizations",
            ],
        );
        self.d.circuits.push(c);
    }

    fn peering(&mut self, r: &Res) {
        let Some(ci) = self.parent_circuit(r) else {
            return;
        };
        let kind = match get(&r.body, "peeringType").and_then(Value::as_str) {
            Some(t) => t.to_string(),
            None => r.names.last().cloned().unwrap_or_default(),
        };
        let microsoft = kind.eq_ignore_ascii_case("MicrosoftPeering");
        if !microsoft && !kind.eq_ignore_ascii_case("AzurePrivatePeering") {
            self.out.push(ER_IMP_001.at(
                &r.path,
                format!("peering '{kind}' is not private or Microsoft peering (Azure public peering is retired): it was not imported"),
            ));
            return;
        }
        let v6 = get(&r.body, "ipv6PeeringConfig")
            .filter(|v| !v.is_null())
            .cloned();
        let p6 = join(&r.path, "properties.ipv6PeeringConfig");
        let has_v4 = present(get(&r.body, "primaryPeerAddressPrefix"))
            || present(get(&r.body, "secondaryPeerAddressPrefix"));
        let has_v6 = present(at(v6.as_ref(), "primaryPeerAddressPrefix"))
            || present(at(v6.as_ref(), "secondaryPeerAddressPrefix"));
        let mut p = Peering {
            peer_asn: self.prop(r, "peerASN"),
            address_family: match (has_v4, has_v6) {
                (false, true) => AddressFamily::Ipv6,
                (true, true) => AddressFamily::Both,
                _ => AddressFamily::Ipv4,
            },
            primary_subnet: self.prop(r, "primaryPeerAddressPrefix"),
            secondary_subnet: self.prop(r, "secondaryPeerAddressPrefix"),
            primary_subnet_v6: self.text(
                at(v6.as_ref(), "primaryPeerAddressPrefix"),
                &join(&p6, "primaryPeerAddressPrefix"),
            ),
            secondary_subnet_v6: self.text(
                at(v6.as_ref(), "secondaryPeerAddressPrefix"),
                &join(&p6, "secondaryPeerAddressPrefix"),
            ),
            vlan_id: self.prop(r, "vlanId"),
            shared_key: self.prop(r, "sharedKey"),
            ..Peering::default()
        };
        if p.peer_asn == "0" {
            p.peer_asn.clear();
        }
        p.enabled = !get(&r.body, "state")
            .and_then(Value::as_str)
            .is_some_and(|s| s.eq_ignore_ascii_case("Disabled"));
        let mut known = vec![
            "peeringType",
            "peerASN",
            "primaryPeerAddressPrefix",
            "secondaryPeerAddressPrefix",
            "vlanId",
            "state",
            "sharedKey",
            "ipv6PeeringConfig",
            "connections",
        ];
        if microsoft {
            known.extend(["microsoftPeeringConfig", "routeFilter"]);
            let cfg = get(&r.body, "microsoftPeeringConfig").cloned();
            let pc = join(&r.path, "properties.microsoftPeeringConfig");
            let mut m = MicrosoftPeering {
                advertised_prefixes: self.list(
                    at(cfg.as_ref(), "advertisedPublicPrefixes"),
                    &join(&pc, "advertisedPublicPrefixes"),
                ),
                advertised_prefixes_v6: self.list(
                    at(
                        at(v6.as_ref(), "microsoftPeeringConfig"),
                        "advertisedPublicPrefixes",
                    ),
                    &join(&p6, "microsoftPeeringConfig.advertisedPublicPrefixes"),
                ),
                customer_asn: self.text(at(cfg.as_ref(), "customerASN"), &join(&pc, "customerASN")),
                routing_registry: self.text(
                    at(cfg.as_ref(), "routingRegistryName"),
                    &join(&pc, "routingRegistryName"),
                ),
                route_filter: target_name(get(&r.body, "routeFilter"), 0),
                peering: p,
            };
            // An IPv6-only Microsoft peering holds them in its IPv6 configuration only.
            let cfg6 = at(v6.as_ref(), "microsoftPeeringConfig").cloned();
            let pc6 = join(&p6, "microsoftPeeringConfig");
            if m.customer_asn.is_empty() || m.customer_asn == "0" {
                m.customer_asn =
                    self.text(at(cfg6.as_ref(), "customerASN"), &join(&pc6, "customerASN"));
            }
            if m.routing_registry.is_empty() {
                m.routing_registry = self.text(
                    at(cfg6.as_ref(), "routingRegistryName"),
                    &join(&pc6, "routingRegistryName"),
                );
            }
            if m.customer_asn == "0" {
                m.customer_asn.clear();
            }
            if m.route_filter.is_empty() {
                m.route_filter = target_name(at(v6.as_ref(), "routeFilter"), 0);
            }
            if let Some(x) = self.d.circuits.get_mut(ci) {
                x.microsoft_peering = Some(m);
            }
        } else if let Some(x) = self.d.circuits.get_mut(ci) {
            x.private_peering = Some(p);
        }
        self.extra(r, &known);
    }

    fn global_reach(&mut self, r: &Res) {
        let own = get(&r.body, "expressRouteCircuitPeering").cloned();
        let circuit = r
            .names
            .first()
            .cloned()
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| target_name(own.as_ref(), 0));
        let v6 = get(&r.body, "ipv6CircuitConnectionConfig").cloned();
        let gr = GlobalReach {
            name: r.names.last().cloned().unwrap_or_default(),
            circuit,
            peer_circuit: target_name(get(&r.body, "peerExpressRouteCircuitPeering"), 0),
            address_prefix: self.prop(r, "addressPrefix"),
            address_prefix_v6: self.text(
                at(v6.as_ref(), "addressPrefix"),
                &join(
                    &r.path,
                    "properties.ipv6CircuitConnectionConfig.addressPrefix",
                ),
            ),
            cross_subscription: key_given(get(&r.body, "authorizationKey")),
            authorization_key: self.prop(r, "authorizationKey"),
        };
        self.extra(
            r,
            &[
                "addressPrefix",
                "expressRouteCircuitPeering",
                "peerExpressRouteCircuitPeering",
                "ipv6CircuitConnectionConfig",
                "authorizationKey",
            ],
        );
        self.d.global_reach.push(gr);
    }

    fn route_filter_rules(&mut self, fi: usize, rules: &[(String, Value)]) {
        for (path, rule) in rules {
            let access = get(rule, "access")
                .and_then(Value::as_str)
                .unwrap_or("Allow");
            let name = at(Some(rule), "name")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string();
            if !access.eq_ignore_ascii_case("Allow") {
                self.out.push(ER_IMP_002.at(
                    path,
                    format!("route filter rule '{name}' has access {access}: only Allow rules are imported"),
                ));
                continue;
            }
            let communities = self.list(
                get(rule, "communities"),
                &join(path, "properties.communities"),
            );
            let Some(f) = self.d.route_filters.get_mut(fi) else {
                return;
            };
            if f.rule_name.is_empty() && f.communities.is_empty() {
                f.rule_name = name;
            } else {
                self.out.push(ER_IMP_002.at(
                    path,
                    format!("the design has one rule per route filter: the communities of rule '{name}' were added to rule '{}'", f.rule_name),
                ));
            }
            if let Some(f) = self.d.route_filters.get_mut(fi) {
                for c in communities {
                    if !f.communities.contains(&c) {
                        f.communities.push(c);
                    }
                }
            }
        }
    }

    fn subnet(&mut self, s: &Value, path: &str) -> Subnet {
        let mut prefixes = Vec::new();
        if let Some(p) = get(s, "addressPrefix").filter(|v| !v.is_null()).cloned() {
            prefixes.push(self.text(Some(&p), &join(path, "properties.addressPrefix")));
        }
        prefixes.extend(self.list(
            get(s, "addressPrefixes").cloned().as_ref(),
            &join(path, "properties.addressPrefixes"),
        ));
        let v4 = prefixes
            .iter()
            .find(|p| !p.contains(':'))
            .cloned()
            .unwrap_or_default();
        let v6 = prefixes
            .iter()
            .find(|p| p.contains(':'))
            .cloned()
            .unwrap_or_default();
        let mut sub = Subnet {
            name: at(Some(s), "name")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string(),
            address_prefix: v4,
            address_prefix_v6: v6,
            nsg: present(get(s, "networkSecurityGroup")),
            default_route_udr: false,
            bgp_propagation_disabled: false,
            service_endpoint_policy: get(s, "serviceEndpointPolicies")
                .and_then(Value::as_array)
                .is_some_and(|a| !a.is_empty()),
        };
        let r = Res {
            ty: SUBNET.into(),
            shown: String::new(),
            names: vec![sub.name.clone()],
            body: s.clone(),
            path: path.to_string(),
            conditional: false,
            existing: false,
        };
        self.extra(
            &r,
            &[
                "addressPrefix",
                "addressPrefixes",
                "networkSecurityGroup",
                "serviceEndpointPolicies",
                "routeTable",
            ],
        );
        let table = target(get(s, "routeTable")).and_then(|(_, n)| n.first().cloned());
        let known = table.and_then(|t| {
            let t = t.to_ascii_lowercase();
            self.tables.iter().find(|x| x.0 == t).map(|x| (x.1, x.2))
        });
        if let Some((default_route, bgp_disabled)) = known {
            sub.default_route_udr = default_route;
            sub.bgp_propagation_disabled = bgp_disabled;
        } else if present(get(s, "routeTable")) {
            self.out.push(ER_IMP_002.at(
                join(path, "properties.routeTable"),
                format!("subnet '{}' has a route table: set \"0.0.0.0/0 route\" and \"BGP propagation disabled\" in the design if they apply", sub.name),
            ));
        }
        sub
    }

    fn vnet(&mut self, r: &Res) {
        let spaces = get(&r.body, "addressSpace").cloned();
        let mut v = VirtualNetwork {
            name: r.names.last().cloned().unwrap_or_default(),
            region: self.region(r),
            address_spaces: self.list(
                at(spaces.as_ref(), "addressPrefixes"),
                &join(&r.path, "properties.addressSpace.addressPrefixes"),
            ),
            subnets: Vec::new(),
        };
        if let Some(Value::Array(subnets)) = get(&r.body, "subnets").cloned() {
            for (i, s) in subnets.iter().enumerate() {
                let sub = self.subnet(s, &join(&r.path, &format!("properties.subnets[{i}]")));
                v.subnets.push(sub);
            }
        }
        self.extra(r, &["addressSpace", "subnets"]);
        self.d.virtual_networks.push(v);
    }

    fn gateway(&mut self, r: &Res) {
        let vnet = target_name(
            at(
                at(
                    get(&r.body, "ipConfigurations").and_then(|a| a.get(0)),
                    "properties",
                ),
                "subnet",
            )
            .or_else(|| {
                at(
                    get(&r.body, "ipConfigurations").and_then(|a| a.get(0)),
                    "subnet",
                )
            }),
            0,
        );
        let ty = get(&r.body, "gatewayType")
            .and_then(Value::as_str)
            .unwrap_or_default();
        if !ty.eq_ignore_ascii_case("ExpressRoute") {
            self.vpn_vnets.push(vnet.to_ascii_lowercase());
            self.out.push(ER_IMP_001.at(
                &r.path,
                format!(
                    "gateway '{}' is of type '{ty}', not ExpressRoute: it was not imported (an ExpressRoute gateway in the same VNet is marked as coexisting with VPN)",
                    r.names.join("/")
                ),
            ));
            return;
        }
        let ip0 = get(&r.body, "ipConfigurations")
            .and_then(|a| a.get(0))
            .cloned();
        let pip_ref = at(at(ip0.as_ref(), "properties"), "publicIPAddress")
            .or_else(|| at(ip0.as_ref(), "publicIPAddress"));
        let public_ip = target(pip_ref)
            .and_then(|(_, n)| n.first().cloned())
            .map(|name| {
                let key = name.to_ascii_lowercase();
                match self.pips.iter_mut().find(|p| p.0 == key) {
                    Some(p) => {
                        p.3 = true;
                        p.1.clone()
                    }
                    // Not in the input: an existing public IP, referred to by ID.
                    None => PublicIp {
                        name,
                        existing: true,
                        ..PublicIp::default()
                    },
                }
            });
        let sku = get(&r.body, "sku").cloned();
        let bounds = at(get(&r.body, "autoScaleConfiguration"), "bounds").cloned();
        let bp = join(&r.path, "properties.autoScaleConfiguration.bounds");
        let mut g = Gateway {
            name: r.names.last().cloned().unwrap_or_default(),
            region: self.region(r),
            virtual_network: vnet,
            min_scale_units: self.text(at(bounds.as_ref(), "min"), &join(&bp, "min")),
            max_scale_units: self.text(at(bounds.as_ref(), "max"), &join(&bp, "max")),
            public_ip,
            allow_remote_vnet_traffic: flag(get(&r.body, "allowRemoteVnetTraffic")),
            ..Gateway::default()
        };
        if let Some(s) = self.choice(
            at(sku.as_ref(), "name"),
            &join(&r.path, "properties.sku.name"),
            &[
                ("Standard", GatewaySku::Standard),
                ("HighPerformance", GatewaySku::HighPerformance),
                ("UltraPerformance", GatewaySku::UltraPerformance),
                ("ErGw1AZ", GatewaySku::ErGw1AZ),
                ("ErGw2AZ", GatewaySku::ErGw2AZ),
                ("ErGw3AZ", GatewaySku::ErGw3AZ),
                ("ErGwScale", GatewaySku::ErGwScale),
                ("Basic", GatewaySku::Basic),
            ],
        ) {
            g.sku = s;
        }
        self.extra(
            r,
            &[
                "gatewayType",
                "sku",
                "ipConfigurations",
                "autoScaleConfiguration",
                "allowRemoteVnetTraffic",
            ],
        );
        self.d.gateways.push(g);
    }

    fn connection(&mut self, r: &Res) {
        let ty = get(&r.body, "connectionType")
            .and_then(Value::as_str)
            .unwrap_or_default();
        if !ty.eq_ignore_ascii_case("ExpressRoute") {
            self.out.push(ER_IMP_001.at(
                &r.path,
                format!(
                    "connection '{}' is of type '{ty}', not ExpressRoute: it was not imported",
                    r.names.join("/")
                ),
            ));
            return;
        }
        let cn = Connection {
            name: r.names.last().cloned().unwrap_or_default(),
            region: self.region(r),
            gateway: target_name(get(&r.body, "virtualNetworkGateway1"), 0),
            circuit: target_name(get(&r.body, "peer"), 0),
            cross_subscription: key_given(get(&r.body, "authorizationKey")),
            authorization_key: self.prop(r, "authorizationKey"),
            routing_weight: match get(&r.body, "routingWeight") {
                Some(v) if !v.is_null() => self.prop(r, "routingWeight"),
                _ => "0".into(),
            },
            fast_path: flag(get(&r.body, "expressRouteGatewayBypass")),
            private_link_fast_path: flag(get(&r.body, "enablePrivateLinkFastPath")),
        };
        self.extra(
            r,
            &[
                "connectionType",
                "virtualNetworkGateway1",
                "peer",
                "authorizationKey",
                "routingWeight",
                "expressRouteGatewayBypass",
                "enablePrivateLinkFastPath",
            ],
        );
        self.d.connections.push(cn);
    }

    fn port(&mut self, r: &Res) {
        let mut p = DirectPort {
            name: r.names.last().cloned().unwrap_or_default(),
            region: self.region(r),
            peering_location: self.prop(r, "peeringLocation"),
            bandwidth_gbps: self.prop(r, "bandwidthInGbps"),
            ..DirectPort::default()
        };
        if let Some(e) = self.choice(
            get(&r.body, "encapsulation").cloned().as_ref(),
            &join(&r.path, "properties.encapsulation"),
            &[
                ("Dot1Q", Encapsulation::Dot1Q),
                ("QinQ", Encapsulation::QinQ),
            ],
        ) {
            p.encapsulation = e;
        }
        self.extra(
            r,
            &[
                "peeringLocation",
                "bandwidthInGbps",
                "encapsulation",
                "links",
                "billingType",
            ],
        );
        self.d.direct_ports.push(p);
    }
}

fn short_type(ty: &str) -> &str {
    ty.strip_prefix("microsoft.network/").unwrap_or(ty)
}

/// Inline children (`properties.peerings`, `authorizations`, a peering's `connections`,
/// `routeFilters` rules stay inline) as resources of their own, after their parent.
fn explode(res: Vec<Res>) -> Vec<Res> {
    let mut out = Vec::new();
    let mut stack: Vec<Res> = res.into_iter().rev().collect();
    while let Some(r) = stack.pop() {
        let children: &[(&str, &str)] = match r.ty.as_str() {
            CIRCUIT => &[("peerings", PEERING), ("authorizations", AUTH)],
            PEERING => &[("connections", GR)],
            _ => &[],
        };
        let mut kids = Vec::new();
        for (key, ty) in children {
            if let Some(Value::Array(a)) = get(&r.body, key) {
                for (i, c) in a.iter().enumerate() {
                    let name = at(Some(c), "name")
                        .and_then(Value::as_str)
                        .unwrap_or_default();
                    let prefix = if r.body.get("properties").is_some() {
                        "properties."
                    } else {
                        ""
                    };
                    kids.push(Res {
                        ty: (*ty).to_string(),
                        shown: String::new(),
                        names: r.names.iter().cloned().chain([name.to_string()]).collect(),
                        body: c.clone(),
                        path: join(&r.path, &format!("{prefix}{key}[{i}]")),
                        conditional: r.conditional,
                        existing: r.existing,
                    });
                }
            }
        }
        out.push(r);
        stack.extend(kids.into_iter().rev());
    }
    out
}

/// Maps resources into `d` (whose lists are expected empty), reporting what is not mapped.
pub(super) fn design(res: Vec<Res>, d: Design, out: &mut Vec<Finding>) -> Design {
    // An `existing` resource is a reference: the template does not create it, and its
    // properties are not in the input (unknown, not empty). What refers to it by ID is outside
    // the input (`super::given_at_deployment`).
    let (existing, res): (Vec<Res>, Vec<Res>) = res.into_iter().partition(|r| r.existing);
    for r in existing {
        out.push(ER_IMP_001.at(
            &r.path,
            format!(
                "{} '{}' is declared existing: the template refers to it and does not create it, so it was not imported (what refers to it is outside the input, not checked)",
                short_type(&r.ty),
                r.names.join("/")
            ),
        ));
    }
    let res = explode(res);
    let mut m = M {
        d,
        out,
        pips: Vec::new(),
        vpn_vnets: Vec::new(),
        tables: Vec::new(),
    };
    for r in res.iter().filter(|r| r.ty == ROUTE_TABLE) {
        let default_route = get(&r.body, "routes")
            .and_then(Value::as_array)
            .is_some_and(|a| {
                a.iter().any(|x| {
                    get(x, "addressPrefix")
                        .and_then(Value::as_str)
                        .map(str::trim)
                        == Some("0.0.0.0/0")
                })
            });
        let name = r
            .names
            .last()
            .cloned()
            .unwrap_or_default()
            .to_ascii_lowercase();
        m.tables.push((
            name,
            default_route,
            flag(get(&r.body, "disableBgpRoutePropagation")),
        ));
    }
    // Parents first, whatever the order in the input.
    for r in res.iter().filter(|r| r.ty == PIP) {
        let sku = get(&r.body, "sku").cloned();
        // No SKU is a Basic public IP (Azure's default SKU for publicIPAddresses; Dynamic
        // allocation exists only on Basic), as Microsoft's older quickstarts create them.
        let mut p = PublicIp {
            name: r.names.last().cloned().unwrap_or_default(),
            sku: PublicIpSku::Basic,
            allocation: Allocation::Dynamic,
            existing: false,
        };
        if let Some(s) = m.choice(
            at(sku.as_ref(), "name"),
            &join(&r.path, "sku.name"),
            &[
                ("Basic", PublicIpSku::Basic),
                ("Standard", PublicIpSku::Standard),
            ],
        ) {
            p.sku = s;
        }
        // Azure's default allocation: Static for Standard, Dynamic for Basic.
        if p.sku == PublicIpSku::Standard {
            p.allocation = Allocation::Static;
        }
        if let Some(a) = m.choice(
            get(&r.body, "publicIPAllocationMethod").cloned().as_ref(),
            &join(&r.path, "properties.publicIPAllocationMethod"),
            &[
                ("Dynamic", Allocation::Dynamic),
                ("Static", Allocation::Static),
            ],
        ) {
            p.allocation = a;
        }
        m.pips
            .push((p.name.to_ascii_lowercase(), p, r.path.clone(), false));
    }
    for r in &res {
        match r.ty.as_str() {
            CIRCUIT => m.circuit(r),
            FILTER => {
                let f = RouteFilter {
                    name: r.names.last().cloned().unwrap_or_default(),
                    region: m.region(r),
                    ..RouteFilter::default()
                };
                m.d.route_filters.push(f);
                let rules: Vec<(String, Value)> = match get(&r.body, "rules") {
                    Some(Value::Array(a)) => a
                        .iter()
                        .enumerate()
                        .map(|(i, x)| (join(&r.path, &format!("properties.rules[{i}]")), x.clone()))
                        .collect(),
                    _ => Vec::new(),
                };
                m.route_filter_rules(m.d.route_filters.len() - 1, &rules);
                m.extra(r, &["rules", "peerings"]);
            }
            VNET => m.vnet(r),
            PORT => m.port(r),
            _ => {}
        }
    }
    for r in &res {
        match r.ty.as_str() {
            CIRCUIT | FILTER | VNET | PORT | PIP => {}
            PEERING => m.peering(r),
            AUTH => {
                if let Some(ci) = m.parent_circuit(r) {
                    let name = r.names.last().cloned().unwrap_or_default();
                    if let Some(c) = m.d.circuits.get_mut(ci) {
                        c.authorizations.push(Authorization { name });
                    }
                }
            }
            GR => m.global_reach(r),
            FILTER_RULE => {
                let name = r.names.first().cloned().unwrap_or_default();
                match m.d.route_filters.iter().position(|f| f.name.eq_ignore_ascii_case(&name)) {
                    Some(fi) => {
                        let mut rule = r.body.clone();
                        if let Value::Object(o) = &mut rule {
                            o.insert("name".into(), Value::String(r.names.last().cloned().unwrap_or_default()));
                        }
                        m.route_filter_rules(fi, &[(r.path.clone(), rule)]);
                    }
                    None => m.out.push(ER_IMP_009.at(
                        &r.path,
                        format!("route filter rule of '{name}', which is not in the input: it was not imported"),
                    )),
                }
            }
            SUBNET => {
                let name = r.names.first().cloned().unwrap_or_default();
                let mut body = r.body.clone();
                if let Value::Object(o) = &mut body {
                    o.insert("name".into(), Value::String(r.names.last().cloned().unwrap_or_default()));
                }
                let sub = m.subnet(&body, &r.path);
                match m.d.virtual_networks.iter_mut().find(|v| v.name.eq_ignore_ascii_case(&name)) {
                    Some(v) => v.subnets.push(sub),
                    None => m.out.push(ER_IMP_009.at(
                        &r.path,
                        format!("subnet '{}' of VNet '{name}', which is not in the input: it was not imported", sub.name),
                    )),
                }
            }
            GATEWAY => m.gateway(r),
            ROUTE_TABLE => m.out.push(ER_IMP_001.at(
                &r.path,
                format!(
                    "route table '{}' is not imported as a resource; subnets that use it are marked with its 0.0.0.0/0 route and BGP propagation setting",
                    r.names.join("/")
                ),
            )),
            CONNECTION => m.connection(r),
            _ => m.out.push(ER_IMP_001.at(
                &r.path,
                format!(
                    "resource '{}' of type '{}' is not part of an ExpressRoute design and was not imported",
                    r.names.join("/"),
                    if r.shown.is_empty() { "(none)" } else { &r.shown }
                ),
            )),
        }
    }
    for (_, p, path, used) in std::mem::take(&mut m.pips) {
        if !used {
            m.out.push(ER_IMP_001.at(
                path,
                format!(
                    "public IP '{}' is not used by an ExpressRoute gateway and was not imported",
                    p.name
                ),
            ));
        }
    }
    let vpn = std::mem::take(&mut m.vpn_vnets);
    for g in &mut m.d.gateways {
        if vpn.contains(&g.virtual_network.to_ascii_lowercase()) {
            g.coexist_with_vpn = true;
        }
    }
    m.d
}

/// G2 / U17: a template that creates a provider circuit and links it in the same deployment
/// fails: the new circuit is NotProvisioned until the provider provisions it, and Azure refuses a
/// connection to it until then. Linking a circuit the template does not create (an existing one,
/// by ID) is fine, and so is a connection the template deploys under a `condition` (a second
/// stage, as the wizard's exports write it). Reported at the connection's `peer` in the input.
pub(super) fn same_deployment_links(res: &[Res], out: &mut Vec<Finding>) {
    let created: Vec<String> = res
        .iter()
        .filter(|r| r.ty == CIRCUIT && !r.existing && !present(get(&r.body, "expressRoutePort")))
        // An exported template of a running estate records the provider's status: a
        // Provisioned circuit can be linked.
        .filter(|r| {
            !get(&r.body, "serviceProviderProvisioningState")
                .and_then(Value::as_str)
                .is_some_and(|s| s.trim().eq_ignore_ascii_case("Provisioned"))
        })
        .filter_map(|r| r.names.last().map(|n| n.to_ascii_lowercase()))
        .collect();
    for r in res.iter().filter(|r| r.ty == CONNECTION && !r.conditional) {
        let ty = get(&r.body, "connectionType")
            .and_then(Value::as_str)
            .unwrap_or_default();
        if !ty.eq_ignore_ascii_case("ExpressRoute") {
            continue;
        }
        let Some((t, names)) = target(get(&r.body, "peer")) else {
            continue;
        };
        let Some(name) = names.first() else { continue };
        if t.eq_ignore_ascii_case(CIRCUIT) && created.contains(&name.to_ascii_lowercase()) {
            out.push(crate::domain::rules::circuit::ER_G_002.at(
                join(&r.path, "properties.peer"),
                format!(
                    "this template creates the provider circuit '{}' and links it in the same deployment: a new circuit is NotProvisioned until the provider provisions it, and Azure refuses the connection until then, so the deployment fails. Create the connection in a second deployment once the circuit is Provisioned (the wizard's exports hold it back with a parameter that is off by default).",
                    name.trim_matches(MARK)
                ),
            ));
        }
    }
}
