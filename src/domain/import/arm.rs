//! ARM deployment templates (and `az` JSON) → evaluated resources ([`Res`]).
//!
//! Every string of a resource is evaluated ([`super::expr`]); a value that cannot be evaluated
//! becomes `null` with a finding at its exact JSON path. Nested `resources` arrays are
//! flattened with their full type and name segments. `copy` loops (resources, properties,
//! variables) are expanded, with `copyIndex()` giving each copy's index; a loop whose count
//! cannot be evaluated (or is over ARM's 800) is reported and left out.

use super::expr::{get_ci, marked, parse_id, EvalError, Loop, Scope};
use super::{
    Res, ER_IMP_003, ER_IMP_004, ER_IMP_005, ER_IMP_006, ER_IMP_007, ER_IMP_011, ER_IMP_013,
};
use crate::domain::finding::Finding;
use serde_json::{Map, Value};

/// Keys of a resource that are template structure, not resource content.
const STRUCTURE: &[&str] = &[
    "type",
    "apiVersion",
    "name",
    "dependsOn",
    "resources",
    "condition",
    "copy",
    "comments",
    "metadata",
    "scope",
    "existing",
];

/// The evaluated resources of a template, in order, children after their parent; `None` when
/// the template's expressions build more than the import's budget (`expr::MAX_BUILT`).
pub(super) fn resources(
    t: &Map<String, Value>,
    given: Map<String, Value>,
    out: &mut Vec<Finding>,
) -> Option<Vec<Res>> {
    let mut scope = Scope::new(t, given);
    let mut res = Vec::new();
    if let Some(rs) = get_ci(t, "resources") {
        walk(&mut scope, rs, "resources", None, 0, &mut res, out);
    }
    if !scope.missing.is_empty() {
        out.push(ER_IMP_007.at(
            "parameters",
            format!(
                "{} {} no default value and no value in a parameters file: {}. {} given when the template is deployed, so the fields {} set are not checked (see ER-U-001).",
                scope.missing.len(),
                if scope.missing.len() == 1 { "parameter has" } else { "parameters have" },
                scope.missing.join(", "),
                if scope.missing.len() == 1 { "It is" } else { "They are" },
                if scope.missing.len() == 1 { "it" } else { "they" },
            ),
        ));
    }
    (!scope.exhausted()).then_some(res)
}

fn walk(
    scope: &mut Scope,
    list: &Value,
    path: &str,
    parent: Option<(&str, &[String])>,
    depth: usize,
    res: &mut Vec<Res>,
    out: &mut Vec<Finding>,
) {
    let items: Vec<(String, &Value)> = match list {
        Value::Array(a) => a
            .iter()
            .enumerate()
            .map(|(i, v)| (format!("{path}[{i}]"), v))
            .collect(),
        // Symbolic-name templates (languageVersion 2.0) keep resources in an object.
        Value::Object(m) => m.iter().map(|(k, v)| (format!("{path}.{k}"), v)).collect(),
        _ => return,
    };
    for (p, r) in items {
        if scope.exhausted() {
            return;
        }
        let Some(o) = r.as_object() else {
            out.push(ER_IMP_011.at(&p, "a resource must be a JSON object; it was not imported"));
            continue;
        };
        match get_ci(o, "copy").map(|c| scope.copy_loop(c)) {
            None => resource(scope, o, &p, parent, depth, res, out),
            Some(Ok(Loop { name, count })) => {
                for i in 0..count {
                    if scope.exhausted() {
                        return;
                    }
                    scope.in_loop(&name, i, |s| resource(s, o, &p, parent, depth, res, out));
                }
            }
            Some(Err(e)) => out.push(ER_IMP_005.at(
                format!("{p}.copy"),
                format!(
                    "the copy loop cannot be expanded ({}): this resource (and its children) was not imported",
                    reason(&e)
                ),
            )),
        }
    }
}

/// One resource (one copy of a resource in a copy loop) and its children.
fn resource(
    scope: &mut Scope,
    o: &Map<String, Value>,
    p: &str,
    parent: Option<(&str, &[String])>,
    depth: usize,
    res: &mut Vec<Res>,
    out: &mut Vec<Finding>,
) {
    if let Some(c) = get_ci(o, "condition") {
        if field(scope, c, &format!("{p}.condition"), out) == Value::Bool(false) {
            out.push(ER_IMP_013.at(
                format!("{p}.condition"),
                "the resource's condition is false: it would not be deployed and was not imported",
            ));
            return;
        }
    }
    let text = |v: Value| match v {
        Value::String(s) => s,
        _ => String::new(),
    };
    let ty = o.get("type").map_or_else(String::new, |v| {
        text(field(scope, v, &format!("{p}.type"), out))
    });
    let name = o.get("name").map_or_else(String::new, |v| {
        text(field(scope, v, &format!("{p}.name"), out))
    });
    let full_ty = match parent {
        Some((pt, _)) if !ty.split('/').next().unwrap_or_default().contains('.') => {
            format!("{pt}/{ty}")
        }
        _ => ty,
    };
    let mut names: Vec<String> = name.split('/').map(str::to_string).collect();
    let wanted = full_ty.split('/').count().saturating_sub(1);
    if let Some((_, pn)) = parent {
        if names.len() < wanted {
            names = pn.iter().cloned().chain(names).collect();
        }
    }
    let mut body = Map::new();
    for (k, v) in o {
        if !STRUCTURE.iter().any(|s| s.eq_ignore_ascii_case(k)) {
            body.insert(k.clone(), field(scope, v, &format!("{p}.{k}"), out));
        }
    }
    let lower = full_ty.to_ascii_lowercase();
    res.push(Res {
        ty: lower.clone(),
        shown: full_ty.clone(),
        names: names.clone(),
        body: Value::Object(body),
        path: p.to_string(),
        conditional: get_ci(o, "condition").is_some(),
        existing: get_ci(o, "existing")
            .is_some_and(|v| field(scope, v, &format!("{p}.existing"), out) == Value::Bool(true)),
    });
    if let Some(children) = get_ci(o, "resources") {
        if depth < 8 {
            walk(
                scope,
                children,
                &format!("{p}.resources"),
                Some((full_ty.as_str(), names.as_slice())),
                depth + 1,
                res,
                out,
            );
        }
    }
}

/// A value with every string evaluated; what fails becomes `null` with a finding at its path.
/// Every value made counts against the budget of values built; once it is spent, nothing more
/// is evaluated.
fn field(scope: &mut Scope, v: &Value, path: &str, out: &mut Vec<Finding>) -> Value {
    if scope.exhausted() {
        return Value::Null;
    }
    if !v.is_string() {
        // Strings are counted by the evaluator.
        let keys = v
            .as_object()
            .map_or(0, |m| m.keys().map(|k| 1 + k.len() / 16).sum());
        let _ = scope.charge(1 + keys);
    }
    match v {
        Value::String(s) => {
            let r = scope.eval_str(s);
            for note in std::mem::take(&mut scope.notes) {
                out.push(ER_IMP_006.at(path, note));
            }
            match r {
                Ok(v) => v,
                Err(EvalError::Missing(p, _)) => Value::String(marked(&p)),
                Err(e) => {
                    out.push(eval_finding(e, path));
                    Value::Null
                }
            }
        }
        Value::Array(a) => Value::Array(
            a.iter()
                .enumerate()
                .map(|(i, x)| field(scope, x, &format!("{path}[{i}]"), out))
                .collect(),
        ),
        Value::Object(m) => {
            let mut o = Map::new();
            for (k, x) in m {
                if k.eq_ignore_ascii_case("copy") {
                    property_loops(scope, x, &format!("{path}.{k}"), &mut o, out);
                } else {
                    o.insert(k.clone(), field(scope, x, &format!("{path}.{k}"), out));
                }
            }
            Value::Object(o)
        }
        other => other.clone(),
    }
}

/// Property copy loops (`copy: [{name, count, input}]` in an object): each makes the array
/// property `name` of `input` evaluated once per copy. A loop that cannot be expanded is
/// reported and its property left out.
fn property_loops(
    scope: &mut Scope,
    specs: &Value,
    path: &str,
    o: &mut Map<String, Value>,
    out: &mut Vec<Finding>,
) {
    let Some(specs) = specs.as_array() else {
        out.push(ER_IMP_005.at(
            path,
            "a property copy loop must be an array of {name, count, input}: the properties it would create were not imported",
        ));
        return;
    };
    for (j, spec) in specs.iter().enumerate() {
        let at = format!("{path}[{j}]");
        let input = spec.as_object().and_then(|s| get_ci(s, "input"));
        let l = match (scope.copy_loop(spec), input) {
            (Ok(l), Some(_)) => l,
            (Ok(l), None) => {
                out.push(ER_IMP_005.at(
                    &at,
                    format!(
                        "the copy loop '{}' has no input: the property was not imported",
                        l.name
                    ),
                ));
                continue;
            }
            (Err(e), _) => {
                out.push(ER_IMP_005.at(
                    &at,
                    format!(
                        "the copy loop cannot be expanded ({}): the property was not imported",
                        reason(&e)
                    ),
                ));
                continue;
            }
        };
        let input = input.cloned().unwrap_or(Value::Null);
        let items = (0..l.count)
            .map(|i| {
                scope.in_loop(&l.name, i, |s| {
                    field(s, &input, &format!("{at}.input"), out)
                })
            })
            .collect();
        o.insert(l.name, Value::Array(items));
    }
}

/// Why an expression failed, for a message that goes on.
fn reason(e: &EvalError) -> String {
    match e {
        EvalError::Unknown(f) => format!("the template function '{f}' is not supported"),
        EvalError::Missing(p, _) => format!("{p} is given only at deployment"),
        EvalError::Bad(why) => why.clone(),
    }
}

fn eval_finding(e: EvalError, path: &str) -> Finding {
    match e {
        EvalError::Unknown(f) => ER_IMP_003.at(
            path,
            format!("the template function '{f}' is not supported by the import: the field is left empty"),
        ),
        EvalError::Missing(p, _) => ER_IMP_007.at(
            path,
            format!("{p} is given only at deployment: the field is not checked"),
        ),
        EvalError::Bad(why) => ER_IMP_004.at(
            path,
            format!("the expression cannot be evaluated ({why}): the field is left empty"),
        ),
    }
}

/// The values of a parameters file (`{"parameters": {"x": {"value": …}}}`); a Key Vault
/// `reference` (or anything without `value`) is left out, so the parameter counts as missing.
pub(super) fn given(params: &Map<String, Value>) -> Map<String, Value> {
    let Some(Value::Object(ps)) = get_ci(params, "parameters") else {
        return Map::new();
    };
    ps.iter()
        .filter_map(|(k, v)| {
            let v = v.as_object().and_then(|o| get_ci(o, "value"))?;
            Some((k.clone(), v.clone()))
        })
        .collect()
}

/// The entries of a parameters file that the template does not declare in its `parameters`
/// (names compared without case, as ARM does), in the file's order.
pub(super) fn undeclared(template: &Value, params: &Map<String, Value>) -> Vec<String> {
    let Some(Value::Object(file)) = get_ci(params, "parameters") else {
        return Vec::new();
    };
    let declared = template
        .as_object()
        .and_then(|t| get_ci(t, "parameters"))
        .and_then(Value::as_object);
    file.keys()
        .filter(|k| declared.is_none_or(|d| get_ci(d, k).is_none()))
        .cloned()
        .collect()
}

/// The resources of `az … show` / `az … list` output: one object or an array of them.
pub(super) fn az_resources(v: &Value) -> Vec<Res> {
    let items: Vec<(String, &Value)> = match v {
        Value::Array(a) => a
            .iter()
            .enumerate()
            .map(|(i, x)| (format!("[{i}]"), x))
            .collect(),
        other => vec![(String::new(), other)],
    };
    let mut res = Vec::new();
    for (path, item) in items {
        let Some(o) = item.as_object() else { continue };
        let peering = is_az(o) == Some(false);
        // Other network resources (`az network vnet-gateway show`, `public-ip show`, `vnet show`,
        // `connection show`) keep their own type.
        let own = o
            .get("type")
            .and_then(Value::as_str)
            .map(str::to_ascii_lowercase)
            .filter(|t| {
                t.starts_with("microsoft.network/")
                    && !t.starts_with("microsoft.network/expressroutecircuits")
            });
        let ty = if let Some(t) = &own {
            t.as_str()
        } else if peering {
            "microsoft.network/expressroutecircuits/peerings"
        } else {
            "microsoft.network/expressroutecircuits"
        };
        let name = o.get("name").and_then(Value::as_str).unwrap_or_default();
        let names = match o.get("id").and_then(Value::as_str).and_then(parse_id) {
            Some((t, n)) if t.eq_ignore_ascii_case(ty) => n,
            _ if peering => vec![String::new(), name.to_string()],
            _ => vec![name.to_string()],
        };
        res.push(Res {
            ty: ty.into(),
            shown: ty.into(),
            names,
            body: item.clone(),
            path,
            conditional: false,
            existing: false,
        });
    }
    res
}

/// Whether `o` is an object `az network … show` prints: an ID and a `Microsoft.Network/…` type
/// (a circuit, a peering, a gateway, a public IP, a VNet, a connection).
pub(super) fn is_az_network(o: &Map<String, Value>) -> bool {
    let typed = o
        .get("type")
        .and_then(Value::as_str)
        .is_some_and(|t| t.to_ascii_lowercase().starts_with("microsoft.network/"));
    let id = o
        .get("id")
        .and_then(Value::as_str)
        .is_some_and(|i| i.starts_with("/subscriptions/"));
    is_az(o).is_some() || (typed && id)
}

/// `Some(true)` for an az circuit object, `Some(false)` for an az peering object.
pub(super) fn is_az(o: &Map<String, Value>) -> Option<bool> {
    match o
        .get("type")
        .and_then(Value::as_str)
        .map(str::to_ascii_lowercase)
    {
        Some(t) if t == "microsoft.network/expressroutecircuits" => Some(true),
        Some(t) if t == "microsoft.network/expressroutecircuits/peerings" => Some(false),
        _ if get_ci(o, "serviceProviderProperties").is_some() => Some(true),
        _ if get_ci(o, "peeringType").is_some() => Some(false),
        _ => None,
    }
}
