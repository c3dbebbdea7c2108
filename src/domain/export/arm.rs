//! ARM deployment template, and the resource model it shares with Bicep.
//!
//! [`build`] turns a design's deployment plan ([`super::plan`]) into an [`Ir`]: parameters, resources (in dependency order) and
//! outputs, with references between resources kept symbolic ([`Expr`]). [`arm`] writes it as a
//! JSON template (`resourceId(...)`, explicit `dependsOn`); the Bicep writer uses symbols.

use super::plan::{Access, FilterRef, Num, Plan};
use super::{or_placeholder, peerings, Kind, API_VERSION};
use crate::domain::field::{peering_of, CircuitField, FieldPath, Side};
use crate::domain::model::Design;
use serde_json::{json, Map, Value};
use std::collections::{HashMap, HashSet};

/// Key of the one-entry object that stands for an [`Expr`] inside a property tree.
pub(super) const EXPR_KEY: &str = "\u{0}expr";

/// A template expression.
pub(super) enum Expr {
    /// A parameter's value.
    Param(String),
    /// The ID of a resource of this template.
    Id(usize),
    /// The ID of a resource outside the template (type, name segments).
    ExtId(String, Vec<String>),
    /// The ID of a subnet defined inline in a VNet of this template (VNet, subnet index).
    SubnetId(usize, usize),
    /// A circuit's service key (for outputs).
    ServiceKey(usize),
    /// The resource group's location (for parameter defaults).
    RgLocation,
}

/// Type of a parameter.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum ParamType {
    Str,
    Int,
    Bool,
    Secure,
}

/// A template parameter.
pub(super) struct Param {
    pub name: String,
    pub ty: ParamType,
    pub default: Option<Value>,
    pub description: String,
}

/// A resource of the template.
pub(super) struct Res {
    /// Symbolic name (Bicep).
    pub sym: String,
    /// Resource type, e.g. `Microsoft.Network/expressRouteCircuits/peerings`.
    pub ty: &'static str,
    /// Own name segment (the full `a/b/c` name when there is no parent in the template).
    pub name: String,
    /// Parent resource in the template.
    pub parent: Option<usize>,
    /// Top-level fields besides type/apiVersion/name (location, tags, sku, properties).
    pub body: Vec<(&'static str, Value)>,
    /// Dependencies not visible as references (serialising operations on one circuit).
    pub after: Vec<usize>,
    /// Deployed only when this boolean parameter is true (a staged connection, U17).
    pub condition: Option<String>,
}

/// The resource model of a design.
pub(super) struct Ir {
    pub params: Vec<Param>,
    pub resources: Vec<Res>,
    pub exprs: Vec<Expr>,
    /// Output name and circuit resource, for service keys.
    pub outputs: Vec<(String, usize)>,
    /// The names in `params`, to declare each once without a scan of the list.
    param_names: HashSet<String>,
    /// The location parameter of each region (`None`: the resource group's).
    locations: HashMap<Option<String>, String>,
}

impl Ir {
    fn expr(&mut self, e: Expr) -> Value {
        self.exprs.push(e);
        json!({ EXPR_KEY: self.exprs.len() - 1 })
    }

    /// A reference to the parameter `name`, declared on first use.
    fn param(
        &mut self,
        name: String,
        ty: ParamType,
        default: Option<Value>,
        description: String,
    ) -> Value {
        if self.param_names.insert(name.clone()) {
            self.params.push(Param {
                name: name.clone(),
                ty,
                default,
                description,
            });
        }
        self.expr(Expr::Param(name))
    }

    /// A location parameter for region `r` (one per distinct region; the resource group's when
    /// `None`).
    fn location(&mut self, r: &Option<String>) -> Value {
        let r = r.clone();
        let default = match &r {
            Some(r) => Value::String(r.clone()),
            None => self.expr(Expr::RgLocation),
        };
        let name = match self.locations.get(&r) {
            Some(name) => name.clone(),
            None => {
                let n = self.locations.len();
                let name = if n == 0 {
                    "location".to_string()
                } else {
                    format!("location{}", n + 1)
                };
                let what = r.as_deref().unwrap_or("the resource group's region");
                self.param_names.insert(name.clone());
                self.params.push(Param {
                    name: name.clone(),
                    ty: ParamType::Str,
                    default: Some(default),
                    description: format!("Azure region ({what})."),
                });
                self.locations.insert(r, name.clone());
                name
            }
        };
        self.expr(Expr::Param(name))
    }

    /// A whole number as typed, or a required int parameter `name` when it does not parse.
    fn num(&mut self, n: &Num, name: String) -> Value {
        let what = n.what;
        match n.value {
            Some(n) => json!(n),
            None => {
                let typed = super::line_text(n.text, 40);
                let note = if typed.is_empty() {
                    "not set in the design".to_string()
                } else {
                    format!("\"{typed}\" in the design is not a number")
                };
                self.param(name, ParamType::Int, None, format!("{what} ({note})."))
            }
        }
    }

    fn secure(&mut self, name: String, what: String) -> Value {
        self.param(name, ParamType::Secure, None, what)
    }

    fn push(&mut self, r: Res) -> usize {
        self.resources.push(r);
        self.resources.len() - 1
    }

    /// Full name segments of resource `i` (`circuit`, `AzurePrivatePeering`, …).
    pub fn segments(&self, i: usize) -> Vec<String> {
        let mut segs = Vec::new();
        let mut cur = Some(i);
        let mut guard = 0;
        while let Some(c) = cur.and_then(|c| self.resources.get(c)) {
            segs.insert(0, c.name.clone());
            cur = c.parent;
            guard += 1;
            if guard > 8 {
                break;
            }
        }
        segs
    }

    /// The resources `v` refers to (for `dependsOn`).
    fn refs(&self, v: &Value, out: &mut Vec<usize>) {
        match v {
            Value::Object(m) => match self.expr_of(v) {
                Some(Expr::Id(i) | Expr::SubnetId(i, _) | Expr::ServiceKey(i)) => {
                    if !out.contains(i) {
                        out.push(*i);
                    }
                }
                Some(_) => {}
                None => m.values().for_each(|x| self.refs(x, out)),
            },
            Value::Array(a) => a.iter().for_each(|x| self.refs(x, out)),
            _ => {}
        }
    }

    /// The expression a value stands for, if it is one.
    pub fn expr_of(&self, v: &Value) -> Option<&Expr> {
        let m = v.as_object()?;
        if m.len() != 1 {
            return None;
        }
        let i = m.get(EXPR_KEY)?.as_u64()?;
        self.exprs.get(usize::try_from(i).ok()?)
    }

    /// Resources `i` depends on through its parent and its references.
    pub fn implicit(&self, i: usize) -> Vec<usize> {
        let mut out = Vec::new();
        if let Some(r) = self.resources.get(i) {
            out.extend(r.parent);
            r.body.iter().for_each(|(_, v)| self.refs(v, &mut out));
        }
        out.retain(|d| *d != i);
        out
    }

    /// Resources `i` depends on: its parent, its references and its serialising predecessors.
    pub fn depends(&self, i: usize) -> Vec<usize> {
        let mut out = self.implicit(i);
        for a in self.resources.get(i).map_or(&[][..], |r| &r.after) {
            if !out.contains(a) && *a != i {
                out.push(*a);
            }
        }
        out
    }
}

/// The ARM and Bicep parameter that turns the staged connections on (U17).
pub(super) const STAGED_PARAM: &str = "createConnections";

const CIRCUIT: &str = "Microsoft.Network/expressRouteCircuits";
const PEERING: &str = "Microsoft.Network/expressRouteCircuits/peerings";
const VNET: &str = "Microsoft.Network/virtualNetworks";
const GATEWAY: &str = "Microsoft.Network/virtualNetworkGateways";

/// Azure deploys at most 800 resources in one template (copies included; child resources
/// written at the top level, as this export writes them, count one each).
/// <https://learn.microsoft.com/azure/azure-resource-manager/management/azure-subscription-service-limits#template-limits>
pub const TEMPLATE_RESOURCE_LIMIT: usize = 800;

/// How many resources the ARM template (and the Bicep file, the same resources) of `d` holds,
/// and the design path of the first item whose resource takes the template past
/// [`TEMPLATE_RESOURCE_LIMIT`] (`None` within the limit). Counted without building the
/// template, in the order [`build`] writes them: route filters, Direct ports, each circuit with
/// its peerings and authorizations, VNets, gateways, connections, Global Reach links.
pub fn template_resources(d: &Design) -> (usize, Option<String>) {
    let mut n = 0usize;
    let mut first_over = None;
    let mut add = |k: usize, path: FieldPath| {
        n = n.saturating_add(k);
        if n > TEMPLATE_RESOURCE_LIMIT && first_over.is_none() {
            first_over = Some(path);
        }
    };
    for i in 0..d.route_filters.len() {
        add(1, FieldPath::RouteFilter(i, None));
    }
    for i in 0..d.direct_ports.len() {
        add(1, FieldPath::DirectPort(i, None));
    }
    for (i, c) in d.circuits.iter().enumerate() {
        add(1, FieldPath::Circuit(i, None));
        for (kind, _, _) in peerings(c) {
            let side = match kind {
                Kind::Private => Side::Private,
                Kind::Microsoft => Side::Microsoft,
            };
            add(1, peering_of(i, side));
        }
        for k in 0..c.authorizations.len() {
            add(
                1,
                FieldPath::Circuit(i, Some(CircuitField::Authorization(k, None))),
            );
        }
    }
    for i in 0..d.virtual_networks.len() {
        add(1, FieldPath::Vnet(i, None));
    }
    for i in 0..d.gateways.len() {
        add(1, FieldPath::Gateway(i, None));
    }
    for i in 0..d.connections.len() {
        add(1, FieldPath::Connection(i, None));
    }
    for i in 0..d.global_reach.len() {
        add(1, FieldPath::GlobalReach(i, None));
    }
    (n, first_over.map(FieldPath::text))
}

/// Builds the resource model of `d`.
pub(super) fn build(d: &Design) -> Ir {
    let plan = Plan::new(d);
    let mut ir = Ir {
        params: Vec::new(),
        resources: Vec::new(),
        exprs: Vec::new(),
        outputs: Vec::new(),
        param_names: HashSet::new(),
        locations: HashMap::new(),
    };

    // Route filters first: Microsoft peerings refer to them.
    let mut filters = Vec::new();
    for f in &plan.route_filters {
        let location = ir.location(&f.region);
        let rule = json!({
            "name": f.rule_name,
            "properties": {
                "access": "Allow",
                "routeFilterRuleType": "Community",
                "communities": f.communities,
            }
        });
        filters.push(ir.push(Res {
            sym: f.sym.clone(),
            ty: "Microsoft.Network/routeFilters",
            name: f.name.clone(),
            parent: None,
            body: vec![
                ("location", location),
                ("properties", json!({ "rules": [rule] })),
            ],
            after: Vec::new(),
            condition: None,
        }));
    }

    // ExpressRoute Direct port pairs the design plans (circuits on them refer to them).
    let mut ports = Vec::new();
    for p in &plan.ports {
        let location = ir.location(&p.region);
        let gbps = ir.num(&p.bandwidth_gbps, format!("{}_bandwidthInGbps", p.sym));
        ports.push(ir.push(Res {
            sym: p.sym.clone(),
            ty: "Microsoft.Network/expressRoutePorts",
            name: p.name.clone(),
            parent: None,
            body: vec![
                ("location", location),
                (
                    "properties",
                    json!({
                        "peeringLocation": or_placeholder(p.peering_location, "PEERING-LOCATION"),
                        "bandwidthInGbps": gbps,
                        "encapsulation": p.encapsulation,
                    }),
                ),
            ],
            after: Vec::new(),
            condition: None,
        }));
    }

    // Circuits, each followed by its peerings and authorizations (serialised on the circuit).
    let mut circuits = Vec::new();
    let mut private_peerings = vec![None; plan.circuits.len()];
    let mut last_child = vec![None; plan.circuits.len()];
    for (i, c) in plan.circuits.iter().enumerate() {
        let sym = &c.sym;
        let location = ir.location(&c.region);
        let mut props = Map::new();
        match &c.access {
            Access::Provider {
                provider,
                peering_location,
                bandwidth_mbps,
            } => {
                let bw = ir.num(bandwidth_mbps, format!("{sym}_bandwidthInMbps"));
                props.insert(
                    "serviceProviderProperties".into(),
                    json!({
                        "serviceProviderName": provider,
                        "peeringLocation": peering_location,
                        "bandwidthInMbps": bw,
                    }),
                );
            }
            Access::Direct {
                port,
                port_name,
                bandwidth_gbps,
                rate_limiting,
                authorization_key,
            } => {
                let port = match port.and_then(|k| ports.get(k)) {
                    Some(&k) => ir.expr(Expr::Id(k)),
                    None => ir.expr(Expr::ExtId(
                        "Microsoft.Network/expressRoutePorts".into(),
                        vec![or_placeholder(port_name, "DIRECT-PORT")],
                    )),
                };
                props.insert("expressRoutePort".into(), json!({ "id": port }));
                let gbps = ir.num(bandwidth_gbps, format!("{sym}_bandwidthInGbps"));
                props.insert("bandwidthInGbps".into(), gbps);
                props.insert("enableDirectPortRateLimit".into(), json!(rate_limiting));
                if *authorization_key {
                    let k = ir.secure(
                        format!("{sym}_portAuthorizationKey"),
                        format!("Authorization key of the ExpressRoute Direct port of {sym}."),
                    );
                    props.insert("authorizationKey".into(), k);
                }
            }
        }
        props.insert(
            "allowClassicOperations".into(),
            json!(c.allow_classic_operations),
        );
        let mut tags = Map::new();
        for (name, value) in &c.tags {
            tags.insert((*name).to_string(), json!(value));
        }
        let mut body = vec![
            ("location", location),
            (
                "sku",
                json!({
                    "name": c.sku_name,
                    "tier": c.sku_tier,
                    "family": c.sku_family,
                }),
            ),
        ];
        if !tags.is_empty() {
            body.push(("tags", Value::Object(tags)));
        }
        body.push(("properties", Value::Object(props)));
        let ci = ir.push(Res {
            sym: sym.clone(),
            ty: CIRCUIT,
            name: c.name.clone(),
            parent: None,
            body,
            after: Vec::new(),
            condition: None,
        });
        circuits.push(ci);
        ir.outputs.push((format!("{sym}_serviceKey"), ci));

        let mut prev: Option<usize> = None;
        for p in &c.peerings {
            let psym = &p.sym;
            let mut props = Map::new();
            props.insert("peeringType".into(), json!(p.kind.arm_name()));
            let asn = ir.num(&p.peer_asn, format!("{psym}_peerAsn"));
            props.insert("peerASN".into(), asn);
            let vlan = ir.num(&p.vlan_id, format!("{psym}_vlanId"));
            props.insert("vlanId".into(), vlan);
            if p.has_v4 {
                props.insert("primaryPeerAddressPrefix".into(), json!(p.v4.0));
                props.insert("secondaryPeerAddressPrefix".into(), json!(p.v4.1));
            }
            props.insert(
                "state".into(),
                json!(if p.enabled { "Enabled" } else { "Disabled" }),
            );
            if p.shared_key {
                let k = ir.secure(
                    format!("{psym}_sharedKey"),
                    format!("MD5 shared key of {} on {sym}.", p.kind.arm_name()),
                );
                props.insert("sharedKey".into(), k);
            }
            let mut v6 = Map::new();
            if p.has_v6 {
                v6.insert("primaryPeerAddressPrefix".into(), json!(p.v6.0));
                v6.insert("secondaryPeerAddressPrefix".into(), json!(p.v6.1));
                v6.insert("state".into(), json!("Enabled"));
            }
            if let Some(m) = &p.microsoft {
                let config = |prefixes: &[&str]| {
                    let mut c = Map::new();
                    c.insert("advertisedPublicPrefixes".into(), json!(prefixes));
                    if let Some(n) = m.customer_asn {
                        c.insert("customerASN".into(), json!(n));
                    }
                    if let Some(r) = m.routing_registry {
                        c.insert("routingRegistryName".into(), json!(r));
                    }
                    Value::Object(c)
                };
                props.insert("microsoftPeeringConfig".into(), config(&m.advertised));
                let filter = match m.route_filter {
                    FilterRef::Local(f) => filters.get(f).map(|&f| ir.expr(Expr::Id(f))),
                    FilterRef::Named(name) => Some(ir.expr(Expr::ExtId(
                        "Microsoft.Network/routeFilters".into(),
                        vec![name.to_string()],
                    ))),
                    FilterRef::None => None,
                };
                if let Some(f) = &filter {
                    props.insert("routeFilter".into(), json!({ "id": f }));
                }
                if p.has_v6 {
                    v6.insert("microsoftPeeringConfig".into(), config(&m.advertised_v6));
                    if let Some(f) = filter {
                        v6.insert("routeFilter".into(), json!({ "id": f }));
                    }
                }
            }
            if !v6.is_empty() {
                props.insert("ipv6PeeringConfig".into(), Value::Object(v6));
            }
            let pi = ir.push(Res {
                sym: psym.clone(),
                ty: PEERING,
                name: p.kind.arm_name().into(),
                parent: Some(ci),
                body: vec![("properties", Value::Object(props))],
                after: prev.into_iter().collect(),
                condition: None,
            });
            if p.kind == Kind::Private {
                private_peerings[i] = Some(pi);
            }
            prev = Some(pi);
        }
        for a in &c.authorizations {
            let ai = ir.push(Res {
                sym: a.sym.clone(),
                ty: "Microsoft.Network/expressRouteCircuits/authorizations",
                name: a.name.clone(),
                parent: Some(ci),
                body: vec![("properties", json!({}))],
                after: prev.into_iter().collect(),
                condition: None,
            });
            prev = Some(ai);
        }
        last_child[i] = prev;
    }

    // Virtual networks with their subnets inline.
    let mut vnets = Vec::new();
    for v in &plan.vnets {
        let location = ir.location(&v.region);
        let subnets: Vec<Value> = v
            .subnets
            .iter()
            .map(|s| {
                let props = match s.prefix_v6 {
                    None => json!({ "addressPrefix": s.prefix }),
                    Some(v6) => json!({ "addressPrefixes": [s.prefix, v6] }),
                };
                json!({ "name": s.name, "properties": props })
            })
            .collect();
        vnets.push(ir.push(Res {
            sym: v.sym.clone(),
            ty: VNET,
            name: v.name.clone(),
            parent: None,
            body: vec![
                ("location", location),
                (
                    "properties",
                    json!({ "addressSpace": { "addressPrefixes": v.address_spaces }, "subnets": subnets }),
                ),
            ],
            after: Vec::new(),
            condition: None,
        }));
    }

    // Gateways (and their public IPs).
    let mut gateways = Vec::new();
    for g in &plan.gateways {
        let sym = &g.sym;
        let location = ir.location(&g.region);
        let subnet = match g.vnet.and_then(|v| Some((v, plan.vnets.get(v)?))) {
            Some((v, vn)) => match vn.gateway_subnet {
                Some(s) => ir.expr(Expr::SubnetId(vnets[v], s)),
                None => ir.expr(Expr::ExtId(
                    format!("{VNET}/subnets"),
                    vec![vn.name.clone(), "GatewaySubnet".into()],
                )),
            },
            None => ir.expr(Expr::ExtId(
                format!("{VNET}/subnets"),
                vec![or_placeholder(g.vnet_name, "VNET"), "GatewaySubnet".into()],
            )),
        };
        let mut ipconf = Map::new();
        ipconf.insert("privateIPAllocationMethod".into(), json!("Dynamic"));
        ipconf.insert("subnet".into(), json!({ "id": subnet }));
        let mut props = Map::new();
        props.insert("gatewayType".into(), json!("ExpressRoute"));
        props.insert("sku".into(), json!({ "name": g.sku, "tier": g.sku }));
        props.insert(
            "ipConfigurations".into(),
            json!([{ "name": "vnetGatewayConfig", "properties": ipconf }]),
        );
        props.insert(
            "allowRemoteVnetTraffic".into(),
            json!(g.allow_remote_vnet_traffic),
        );
        if let Some((min, max)) = &g.scale_units {
            let min = ir.num(min, format!("{sym}_minScaleUnits"));
            let max = ir.num(max, format!("{sym}_maxScaleUnits"));
            props.insert(
                "autoScaleConfiguration".into(),
                json!({ "bounds": { "min": min, "max": max } }),
            );
        }
        gateways.push(ir.push(Res {
            sym: sym.clone(),
            ty: GATEWAY,
            name: g.name.clone(),
            parent: None,
            body: vec![("location", location), ("properties", Value::Object(props))],
            after: Vec::new(),
            condition: None,
        }));
    }

    // Connections.
    for cn in &plan.connections {
        let sym = &cn.sym;
        let location = ir.location(&cn.region);
        let gw = match cn.gateway.and_then(|g| gateways.get(g)) {
            Some(&g) => ir.expr(Expr::Id(g)),
            None => ir.expr(Expr::ExtId(
                GATEWAY.into(),
                vec![or_placeholder(cn.gateway_name, "GATEWAY")],
            )),
        };
        let peer = match cn.circuit.and_then(|c| circuits.get(c)) {
            Some(&c) => ir.expr(Expr::Id(c)),
            None if cn.cross_subscription => ir.param(
                format!("{sym}_circuitId"),
                ParamType::Str,
                None,
                format!(
                    "Resource ID of circuit {} in the other subscription.",
                    super::line_text(cn.circuit_name, 80)
                ),
            ),
            None => ir.expr(Expr::ExtId(
                CIRCUIT.into(),
                vec![or_placeholder(cn.circuit_name, "CIRCUIT")],
            )),
        };
        let weight = ir.num(&cn.routing_weight, format!("{sym}_routingWeight"));
        let mut props = Map::new();
        props.insert("connectionType".into(), json!("ExpressRoute"));
        // `properties: {}` as Microsoft's templates write it: the REST spec requires
        // `properties` on a VirtualNetworkGateway (Bicep warns BCP035 without it).
        props.insert(
            "virtualNetworkGateway1".into(),
            json!({ "id": gw, "properties": {} }),
        );
        props.insert("peer".into(), json!({ "id": peer }));
        props.insert("routingWeight".into(), weight);
        props.insert("expressRouteGatewayBypass".into(), json!(cn.fast_path));
        if cn.private_link_fast_path {
            props.insert("enablePrivateLinkFastPath".into(), json!(true));
        }
        if cn.cross_subscription {
            let k = ir.secure(
                format!("{sym}_authorizationKey"),
                format!("Authorization key redeemed for connection {sym}."),
            );
            props.insert("authorizationKey".into(), k);
        }
        let after = cn.circuit.and_then(|c| last_child[c]).into_iter().collect();
        // U17: held back until the provider has provisioned the circuit (a second run).
        let condition = cn.staged.then(|| {
            ir.param(
                STAGED_PARAM.into(),
                ParamType::Bool,
                Some(json!(plan.staged_default)),
                super::STAGED_HELP.into(),
            );
            STAGED_PARAM.to_string()
        });
        ir.push(Res {
            sym: sym.clone(),
            ty: "Microsoft.Network/connections",
            name: cn.name.clone(),
            parent: None,
            body: vec![("location", location), ("properties", Value::Object(props))],
            after,
            condition,
        });
    }

    // Global Reach, on the first circuit's private peering.
    let mut prev_gr: Option<usize> = None;
    for gr in &plan.global_reach {
        let sym = &gr.sym;
        let own = gr.circuit.and_then(|c| private_peerings[c]);
        let peer = match gr.peer.and_then(|c| private_peerings[c]) {
            Some(p) => ir.expr(Expr::Id(p)),
            None if gr.cross_subscription => ir.param(
                format!("{sym}_peerPeeringId"),
                ParamType::Str,
                None,
                format!(
                    "Resource ID of AzurePrivatePeering of circuit {} in the other subscription.",
                    super::line_text(gr.peer_name, 80)
                ),
            ),
            None => ir.expr(Expr::ExtId(
                PEERING.into(),
                vec![
                    or_placeholder(gr.peer_name, "PEER-CIRCUIT"),
                    "AzurePrivatePeering".into(),
                ],
            )),
        };
        let own_id = match own {
            Some(p) => ir.expr(Expr::Id(p)),
            None => ir.expr(Expr::ExtId(
                PEERING.into(),
                vec![
                    or_placeholder(gr.circuit_name, "CIRCUIT"),
                    "AzurePrivatePeering".into(),
                ],
            )),
        };
        let mut props = Map::new();
        props.insert("addressPrefix".into(), json!(gr.address_prefix));
        props.insert("expressRouteCircuitPeering".into(), json!({ "id": own_id }));
        props.insert(
            "peerExpressRouteCircuitPeering".into(),
            json!({ "id": peer }),
        );
        if let Some(v6) = gr.address_prefix_v6 {
            props.insert(
                "ipv6CircuitConnectionConfig".into(),
                json!({ "addressPrefix": v6 }),
            );
        }
        if gr.cross_subscription {
            let k = ir.secure(
                format!("{sym}_authorizationKey"),
                format!("Authorization key of the peer circuit for Global Reach {sym}."),
            );
            props.insert("authorizationKey".into(), k);
        }
        let (parent, name) = match own {
            Some(p) => (Some(p), gr.name.clone()),
            None => (
                None,
                format!(
                    "{}/AzurePrivatePeering/{}",
                    or_placeholder(gr.circuit_name, "CIRCUIT"),
                    gr.name
                ),
            ),
        };
        let mut after: Vec<usize> = prev_gr.into_iter().collect();
        after.extend(gr.circuit.and_then(|c| last_child[c]));
        prev_gr = Some(ir.push(Res {
            sym: sym.clone(),
            ty: "Microsoft.Network/expressRouteCircuits/peerings/connections",
            name,
            parent,
            body: vec![("properties", Value::Object(props))],
            after,
            condition: None,
        }));
    }
    ir
}

/// An ARM string literal: a leading `[` of a `[...]` string is doubled so it is not evaluated.
fn literal(s: &str) -> String {
    if s.starts_with('[') && s.ends_with(']') {
        format!("[{s}")
    } else {
        s.to_string()
    }
}

/// An ARM single-quoted string inside an expression.
fn quoted(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

impl Ir {
    /// `resourceId('type', 'a', 'b')` of resource `i`.
    fn resource_id(&self, i: usize) -> String {
        let ty = self.resources.get(i).map_or("", |r| r.ty);
        self.id_call(ty, &self.segments(i).join("/"))
    }

    fn id_call(&self, ty: &str, full_name: &str) -> String {
        let mut s = format!("resourceId({}", quoted(ty));
        for seg in full_name.split('/') {
            s.push_str(", ");
            s.push_str(&quoted(seg));
        }
        s.push(')');
        s
    }

    /// The ARM expression (without brackets) of `e`.
    fn arm_expr(&self, e: &Expr) -> String {
        match e {
            Expr::Param(p) => format!("parameters({})", quoted(p)),
            Expr::Id(i) => self.resource_id(*i),
            Expr::ExtId(ty, segs) => self.id_call(ty, &segs.join("/")),
            Expr::SubnetId(v, s) => {
                let vnet = self.segments(*v).join("/");
                let sub = self
                    .resources
                    .get(*v)
                    .and_then(|r| r.body.iter().find(|(k, _)| *k == "properties"))
                    .and_then(|(_, p)| p["subnets"][*s]["name"].as_str())
                    .unwrap_or("GatewaySubnet");
                self.id_call(&format!("{VNET}/subnets"), &format!("{vnet}/{sub}"))
            }
            Expr::ServiceKey(i) => format!(
                "reference({}, {}).serviceKey",
                self.resource_id(*i),
                quoted(API_VERSION)
            ),
            Expr::RgLocation => "resourceGroup().location".into(),
        }
    }

    /// The JSON of `v` with expressions written as `[...]` and literals escaped.
    fn arm_value(&self, v: &Value) -> Value {
        if let Some(e) = self.expr_of(v) {
            return Value::String(format!("[{}]", self.arm_expr(e)));
        }
        match v {
            Value::String(s) => Value::String(literal(s)),
            Value::Array(a) => Value::Array(a.iter().map(|x| self.arm_value(x)).collect()),
            Value::Object(m) => Value::Object(
                m.iter()
                    .map(|(k, x)| (k.clone(), self.arm_value(x)))
                    .collect(),
            ),
            other => other.clone(),
        }
    }
}

/// The design as an ARM deployment template.
pub fn arm(d: &Design) -> String {
    let ir = build(d);
    let mut params = Map::new();
    for p in &ir.params {
        let mut o = Map::new();
        o.insert(
            "type".into(),
            json!(match p.ty {
                ParamType::Str => "string",
                ParamType::Int => "int",
                ParamType::Bool => "bool",
                ParamType::Secure => "securestring",
            }),
        );
        if let Some(v) = &p.default {
            o.insert("defaultValue".into(), ir.arm_value(v));
        }
        o.insert("metadata".into(), json!({ "description": p.description }));
        params.insert(p.name.clone(), Value::Object(o));
    }
    let resources: Vec<Value> = (0..ir.resources.len())
        .map(|i| {
            let r = &ir.resources[i];
            let mut o = Map::new();
            o.insert("type".into(), json!(r.ty));
            o.insert("apiVersion".into(), json!(API_VERSION));
            o.insert("name".into(), json!(literal(&ir.segments(i).join("/"))));
            if let Some(p) = &r.condition {
                o.insert(
                    "condition".into(),
                    json!(format!("[parameters({})]", quoted(p))),
                );
            }
            for (k, v) in &r.body {
                o.insert((*k).into(), ir.arm_value(v));
            }
            let deps: Vec<String> = ir
                .depends(i)
                .into_iter()
                .map(|d| format!("[{}]", ir.resource_id(d)))
                .collect();
            if !deps.is_empty() {
                o.insert("dependsOn".into(), json!(deps));
            }
            Value::Object(o)
        })
        .collect();
    let mut outputs = Map::new();
    for (name, c) in &ir.outputs {
        outputs.insert(
            name.clone(),
            json!({
                "type": "string",
                "value": format!("[{}]", ir.arm_expr(&Expr::ServiceKey(*c))),
            }),
        );
    }
    let mut metadata = json!({ "description": super::line_text(&d.name, 200), "generator": "ExpressRoute Wizard" });
    let omitted: Vec<String> = super::omissions(d, super::Format::Arm)
        .into_iter()
        .map(|o| o.message)
        .collect();
    if !omitted.is_empty() {
        metadata["notWritten"] = json!(omitted);
    }
    let template = json!({
        "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
        "contentVersion": "1.0.0.0",
        "metadata": metadata,
        "parameters": params,
        "variables": {},
        "resources": resources,
        "outputs": outputs,
    });
    let mut s = serde_json::to_string_pretty(&template).unwrap_or_default();
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::model::{
        Authorization, Connection, DirectPort, GlobalReach, MicrosoftPeering, Peering, RouteFilter,
        VirtualNetwork,
    };

    #[test]
    fn template_resources_counts_what_build_writes() {
        let mut d = Design::default();
        assert_eq!(template_resources(&d).0, build(&d).resources.len());
        d.route_filters = vec![RouteFilter::default(); 3];
        d.direct_ports = vec![DirectPort::default(); 2];
        let mut c = d.circuits[0].clone();
        c.private_peering = Some(Peering::default());
        c.microsoft_peering = Some(MicrosoftPeering::default());
        c.authorizations = vec![Authorization::default(); 4];
        d.circuits.push(c.clone());
        c.private_peering = None;
        d.circuits.push(c);
        d.virtual_networks = vec![VirtualNetwork::default(); 5];
        d.gateways = vec![crate::domain::model::Gateway::default(); 6];
        d.connections = vec![Connection::default(); 7];
        d.global_reach = vec![GlobalReach::default(); 8];
        let (n, over) = template_resources(&d);
        assert_eq!(n, build(&d).resources.len());
        assert!(n > 40, "{n}");
        assert_eq!(over, None);
        // Over the limit: the path of the item whose resource is the 801st.
        d.global_reach = vec![GlobalReach::default(); TEMPLATE_RESOURCE_LIMIT];
        let (n, over) = template_resources(&d);
        assert_eq!(n, build(&d).resources.len());
        let before = n - TEMPLATE_RESOURCE_LIMIT;
        assert_eq!(
            over,
            Some(format!("globalReach[{}]", TEMPLATE_RESOURCE_LIMIT - before))
        );
    }
}
