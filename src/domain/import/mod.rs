//! Import of designs from other formats: the wizard's own design JSON, ARM deployment templates
//! (with their parameters) and the JSON printed by `az network express-route show` /
//! `az network express-route peering show` (or `list`).
//!
//! [`import_text`] detects the format and returns the design with findings for everything that
//! could not be mapped (nothing is dropped silently). It never panics. Import findings use the
//! `ER-IMP-*` rules ([`crate::domain::rules::import::RULES`]); their `path` is a JSON path in the *input* (e.g.
//! `resources[2].properties.peerASN`), not in the design.
//!
//! * `expr`: ARM template expressions (tokenizer, parser with a depth limit, evaluator).
//! * `arm`: templates and `az` output → evaluated resources.
//! * `map`: resources → [`Design`].

mod arm;
mod expr;
mod map;

use super::bounds::{self, Exceeded};
use super::field::{
    self, CircuitKey, ConnectionKey, FieldPath, GatewayField, GatewayKey, GlobalReachKey,
    PeeringKey, Side,
};
use super::finding::Finding;
use super::io::{self, InputError};
use super::model::{visit_texts, Circuit, Design, PortType, ProviderStatus, TextMut};
use expr::{get_ci, id_scope};
use serde::de::IgnoredAny;
use serde::Deserialize;
use serde_json::{Map, Value};

/// The detected input format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceFormat {
    /// The wizard's own design JSON.
    Design,
    /// An ARM deployment template.
    ArmTemplate,
    /// `az network express-route show` output (a circuit resource), or a list of them.
    AzCircuit,
    /// `az network express-route peering show` output (a peering resource), or a list of them.
    AzPeering,
}

impl SourceFormat {
    /// Human-readable name of the format.
    pub fn label(self) -> &'static str {
        match self {
            SourceFormat::Design => "ExpressRoute Wizard design",
            SourceFormat::ArmTemplate => "ARM deployment template",
            SourceFormat::AzCircuit => "az network express-route show output",
            SourceFormat::AzPeering => "az network express-route peering show output",
        }
    }
}

/// A design read from another format.
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    /// The format that was recognised.
    pub format: SourceFormat,
    /// The design.
    pub design: Design,
    /// What could not be mapped, or was mapped with an assumption (never silently dropped).
    pub findings: Vec<Finding>,
}

/// An evaluated resource: lower-case full type (and as written), name segments, body, JSON path
/// in the input.
struct Res {
    ty: String,
    shown: String,
    names: Vec<String>,
    body: Value,
    path: String,
    /// The template deploys it under a `condition` (a staged resource).
    conditional: bool,
    /// Declared `"existing": true` (Bicep's `existing` resources, languageVersion 2.0): the
    /// template refers to it and does not create it.
    existing: bool,
}

use super::rules::import::{
    ER_IMP_001, ER_IMP_002, ER_IMP_003, ER_IMP_004, ER_IMP_005, ER_IMP_006, ER_IMP_007, ER_IMP_009,
    ER_IMP_011, ER_IMP_012, ER_IMP_013, ER_IMP_014, ER_IMP_020,
};

/// Reads any supported format from raw bytes (a file's content): size and UTF-8 checked, then
/// [`import_text`].
pub fn import_bytes(bytes: &[u8]) -> Result<Imported, InputError> {
    io::text_of_bytes(bytes).and_then(import_text)
}

/// Reads any supported format from text. Never panics. Templates use their parameters' default
/// values (see [`import_arm`] for a parameters file).
pub fn import_text(text: &str) -> Result<Imported, InputError> {
    let t = io::precheck(text)?;
    let design = || {
        io::parse_design(text).map(|design| Imported {
            format: SourceFormat::Design,
            design,
            findings: Vec::new(),
        })
    };
    match t.trim_start().chars().next() {
        Some('{') => {
            #[derive(Deserialize)]
            struct Probe {
                #[serde(rename = "$schema", default)]
                schema: Option<Value>,
                #[serde(default)]
                resources: Option<IgnoredAny>,
                #[serde(rename = "type", default)]
                ty: Option<Value>,
                #[serde(rename = "serviceProviderProperties", default)]
                spp: Option<IgnoredAny>,
                #[serde(rename = "peeringType", default)]
                peering: Option<IgnoredAny>,
            }
            let Ok(p) = serde_json::from_str::<Probe>(t) else {
                return design();
            };
            let schema = p
                .schema
                .as_ref()
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_ascii_lowercase();
            if schema.contains("deploymentparameters") {
                return Err(InputError::Schema {
                    at: None,
                    reason: "this is an ARM parameters file; import the template it belongs to (with this file alongside)"
                        .into(),
                });
            }
            // `az network … show` output: a circuit or peering, or the gateway, public IP, VNet
            // or connection around it.
            let az_type =
                p.ty.as_ref()
                    .and_then(Value::as_str)
                    .is_some_and(|t| t.to_ascii_lowercase().starts_with("microsoft.network/"));
            if schema.contains("deploymenttemplate") || p.resources.is_some() {
                import_arm_value(io::parse_value(t)?, None)
            } else if az_type || p.spp.is_some() || p.peering.is_some() {
                import_az(&io::parse_value(t)?)
            } else {
                design()
            }
        }
        Some('[') => match io::parse_value(t) {
            Ok(v @ Value::Array(_))
                if v.as_array().is_some_and(|a| {
                    !a.is_empty()
                        && a.iter()
                            .all(|x| x.as_object().is_some_and(arm::is_az_network))
                }) =>
            {
                import_az(&v)
            }
            _ => design(),
        },
        _ => design(),
    }
}

/// Whether `text` is an ARM parameters file (its `$schema` is `deploymentParameters`).
fn is_parameters_file(text: &str) -> bool {
    #[derive(Deserialize)]
    struct Probe {
        #[serde(rename = "$schema", default)]
        schema: Option<Value>,
    }
    io::precheck(text)
        .ok()
        .and_then(|t| serde_json::from_str::<Probe>(t).ok())
        .and_then(|p| p.schema)
        .and_then(|s| s.as_str().map(str::to_ascii_lowercase))
        .is_some_and(|s| s.contains("deploymentparameters"))
}

/// Reads one input ([`import_text`]), or two: an ARM template and its parameters file, in
/// either order ([`import_arm`]). Never panics.
pub fn import_files(texts: &[&str]) -> Result<Imported, InputError> {
    let wrong = |reason: &str| InputError::Schema {
        at: None,
        reason: reason.to_string(),
    };
    match texts {
        [] => Err(wrong("nothing to import")),
        [one] => import_text(one),
        [a, b] => match (is_parameters_file(a), is_parameters_file(b)) {
            (false, true) => import_arm(a, Some(b)),
            (true, false) => import_arm(b, Some(a)),
            (true, true) => Err(wrong(
                "both files are ARM parameters files; import a template with its parameters file",
            )),
            (false, false) => Err(wrong(
                "two files can be imported together only as an ARM template and its parameters file; import one design at a time",
            )),
        },
        _ => Err(wrong(
            "at most two files at once: an ARM template and its parameters file",
        )),
    }
}

/// Reads an ARM deployment template, with the values of its parameters file when given
/// (`{"parameters": {"name": {"value": …}}}`); parameters it does not set keep their defaults.
pub fn import_arm(template: &str, parameters: Option<&str>) -> Result<Imported, InputError> {
    let t = io::parse_value(io::precheck(template)?)?;
    let (given, undeclared) = match parameters {
        Some(p) => {
            let in_file = |e: InputError| InputError::Schema {
                at: None,
                reason: format!("the parameters file: {e}"),
            };
            match io::parse_value(io::precheck(p).map_err(in_file)?).map_err(in_file)? {
                Value::Object(o) => (Some(arm::given(&o)), arm::undeclared(&t, &o)),
                other => {
                    return Err(in_file(InputError::NotAnObject {
                        found: io::kind_of_value(&other),
                    }))
                }
            }
        }
        None => (None, Vec::new()),
    };
    let mut imported = import_arm_value(t, given)?;
    imported.findings.extend(undeclared.into_iter().map(|name| {
        ER_IMP_014.at(
            format!("parameters.{name}"),
            format!("the parameters file sets '{name}', which the template does not declare: it was ignored, and Azure refuses a deployment with it (remove it from the file or declare it in the template)"),
        )
    }));
    Ok(imported)
}

fn import_arm_value(t: Value, given: Option<Map<String, Value>>) -> Result<Imported, InputError> {
    let Value::Object(t) = t else {
        return Err(InputError::NotAnObject {
            found: io::kind_of_value(&t),
        });
    };
    if let Some(n) = get_ci(&t, "resources")
        .and_then(Value::as_array)
        .map(Vec::len)
    {
        if n > bounds::RESOURCES.limit {
            return Err(InputError::TooMany(Exceeded {
                list: "resources".into(),
                what: bounds::RESOURCES.what,
                limit: bounds::RESOURCES.limit,
                why: bounds::RESOURCES.why,
            }));
        }
    }
    let mut findings = Vec::new();
    let Some(res) = arm::resources(&t, given.unwrap_or_default(), &mut findings) else {
        return Err(InputError::TooMany(Exceeded {
            list: String::new(),
            what: "values built by the template's expressions",
            limit: expr::MAX_BUILT,
            why: "a bound on the import's work: real templates build a few thousand",
        }));
    };
    map::same_deployment_links(&res, &mut findings);
    let name = get_ci(&t, "metadata")
        .and_then(Value::as_object)
        .and_then(|m| get_ci(m, "description"))
        .and_then(Value::as_str)
        .filter(|s| !s.trim().is_empty())
        .unwrap_or("Imported ARM template");
    // A template is deployed into a subscription and resource group it does not name (U20).
    let base = Design {
        name: name.to_string(),
        circuits: Vec::new(),
        subscription_id: expr::marked("subscription()"),
        resource_group: expr::marked("resourceGroup()"),
        ..Design::default()
    };
    let mut design = map::design(res, base, &mut findings);
    given_at_deployment(&mut design);
    bounds::check_design(&design).map_err(InputError::TooMany)?;
    Ok(Imported {
        format: SourceFormat::ArmTemplate,
        design,
        findings,
    })
}

fn import_az(v: &Value) -> Result<Imported, InputError> {
    let res = arm::az_resources(v);
    let mut findings = Vec::new();
    let peering = res.first().is_some_and(|r| r.ty.ends_with("/peerings"));
    let mut base = Design {
        circuits: Vec::new(),
        ..Design::default()
    };
    let first_id = res
        .iter()
        .find_map(|r| r.body.get("id").and_then(Value::as_str));
    if let Some(id) = first_id {
        let (sub, rg) = id_scope(id);
        base.subscription_id = sub;
        base.resource_group = rg;
    }
    // Sets, not `Vec::contains`: a list of many resources stays O(n log n).
    let mut circuits: Vec<String> = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for r in &res {
        let c = r.names.first().cloned().unwrap_or_default();
        if seen.insert(c.clone()) {
            circuits.push(c);
        }
    }
    base.name = format!("Imported from az: {}", circuits.join(", "));
    if peering {
        let mut made = std::collections::BTreeSet::new();
        for r in res.iter().filter(|r| r.ty.ends_with("/peerings")) {
            let c = r.names.first().cloned().unwrap_or_default();
            if made.insert(c.clone()) {
                findings.push(ER_IMP_012.at(
                    if r.path.is_empty() { "id".to_string() } else { format!("{}.id", r.path) },
                    format!("only peering output was given for circuit '{c}': its region, provider, peering location, bandwidth and provider status are not in the input: they are unknown and not checked (ER-U-001); its SKU, not in the input either, shows the wizard's default"),
                ));
                base.circuits.push(outside_circuit(c));
            }
        }
    }
    let mut design = map::design(res, base, &mut findings);
    given_at_deployment(&mut design);
    // Everything az prints exists already: a Basic public IP is one to migrate (U5).
    for g in &mut design.gateways {
        if let Some(ip) = &mut g.public_ip {
            ip.existing = true;
        }
    }
    bounds::check_design(&design).map_err(InputError::TooMany)?;
    Ok(Imported {
        format: if peering {
            SourceFormat::AzPeering
        } else {
            SourceFormat::AzCircuit
        },
        design,
        findings,
    })
}

/// A circuit that exists outside the input, known by its name only (the parent of `az` peering
/// output): its own text fields are unknown, not empty ([`given_at_deployment`] records them), and
/// its provider status is not recorded.
fn outside_circuit(name: String) -> Circuit {
    let unknown = |what: &str| expr::marked(&format!("{what} of circuit {name}"));
    Circuit {
        region: unknown("region"),
        provider: unknown("provider"),
        peering_location: unknown("peering location"),
        bandwidth_mbps: unknown("bandwidth"),
        provider_status: ProviderStatus::NotRecorded,
        name,
        ..Circuit::default()
    }
}

/// Clears every value given only at deployment (marked by the evaluator, a placeholder) and
/// records its design field in [`Design::given_at_deployment`] (U20); a list loses its marked
/// items and is recorded once. References to resources outside the template (a connection's
/// circuit linked by ID, a gateway's VNet) are recorded the same way: they exist, but what they
/// are is not in the input.
fn given_at_deployment(d: &mut Design) {
    let mut paths: Vec<String> = Vec::new();
    visit_texts(d, &mut |path, v| match v {
        TextMut::One(s) => {
            if s.contains(expr::MARK) {
                s.clear();
                paths.push(path.to_string());
            }
        }
        TextMut::List(l) => {
            let before = l.len();
            l.retain(|s| !s.contains(expr::MARK));
            if l.len() != before {
                paths.push(path.to_string());
            }
        }
    });
    // References to resources outside the input.
    for (i, c) in d.circuits.iter().enumerate() {
        // A Direct circuit on an existing port given by ID (`expressRoutePort.id`).
        if c.port_type == PortType::Direct
            && !c.direct_port.trim().is_empty()
            && !has(
                d.direct_ports.iter().map(|p| p.name.as_str()),
                &c.direct_port,
            )
        {
            paths.push(field::circuit(i, CircuitKey::DirectPort).text());
        }
        // A Microsoft peering's route filter given by ID.
        if let Some(m) = &c.microsoft_peering {
            if !m.route_filter.trim().is_empty()
                && !has(
                    d.route_filters.iter().map(|f| f.name.as_str()),
                    &m.route_filter,
                )
            {
                paths.push(field::peering(i, Side::Microsoft, PeeringKey::RouteFilter).text());
            }
        }
    }
    for (i, cn) in d.connections.iter().enumerate() {
        if !cn.circuit.trim().is_empty()
            && !cn.cross_subscription
            && !has(d.circuits.iter().map(|c| c.name.as_str()), &cn.circuit)
        {
            paths.push(FieldPath::Connection(i, Some(ConnectionKey::Circuit)).text());
        }
        if !cn.gateway.trim().is_empty()
            && !has(d.gateways.iter().map(|g| g.name.as_str()), &cn.gateway)
        {
            paths.push(FieldPath::Connection(i, Some(ConnectionKey::Gateway)).text());
        }
    }
    for (i, g) in d.gateways.iter().enumerate() {
        if !g.virtual_network.trim().is_empty()
            && !has(
                d.virtual_networks.iter().map(|v| v.name.as_str()),
                &g.virtual_network,
            )
        {
            paths.push(
                FieldPath::Gateway(i, Some(GatewayField::Key(GatewayKey::VirtualNetwork))).text(),
            );
        }
    }
    for (i, gr) in d.global_reach.iter().enumerate() {
        for (key, name) in [
            (GlobalReachKey::Circuit, &gr.circuit),
            (GlobalReachKey::PeerCircuit, &gr.peer_circuit),
        ] {
            let elsewhere = key == GlobalReachKey::PeerCircuit && gr.cross_subscription;
            if !name.trim().is_empty()
                && !elsewhere
                && !has(d.circuits.iter().map(|c| c.name.as_str()), name)
            {
                paths.push(FieldPath::GlobalReach(i, Some(key)).text());
            }
        }
    }
    for p in paths {
        if !d.given_at_deployment.contains(&p) {
            d.given_at_deployment.push(p);
        }
    }
}

/// Whether `names` holds `want` (trimmed, without case, as Azure compares resource names).
fn has<'a>(mut names: impl Iterator<Item = &'a str>, want: &str) -> bool {
    names.any(|n| n.trim().eq_ignore_ascii_case(want.trim()))
}
