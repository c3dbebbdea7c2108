//! ARM template expressions (`[concat(parameters('name'), '-er')]`): a tokenizer, a recursive
//! descent parser with a depth limit, and an evaluator over `serde_json::Value` for the functions
//! ExpressRoute templates use. Unknown functions are errors naming the function; nothing panics.

use ipnet::{IpNet, Ipv4Net, Ipv6Net};
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::net::{Ipv4Addr, Ipv6Addr};
use std::rc::Rc;

/// Deepest nesting of calls and property accesses in one expression as written.
const MAX_DEPTH: usize = 32;
/// Deepest evaluation: one budget across parameter/variable chains and the expressions they
/// hold (each call, property access and parameter or variable use is one level), so a chain of
/// variables cannot multiply the expression limit. The test below checks that the deepest chain
/// fits a 1 MB stack (the browser's wasm stack) in an optimised build, and 2 MB in a debug build,
/// whose frames are about twice as large.
const MAX_EVAL_DEPTH: usize = 64;
/// Values an import's expressions may build in all, in units of one JSON value or 16 bytes of
/// text (every constructor counts; a parameter or variable is built once and each use shares
/// it, but a value read in full, copied into the import's JSON or printed, counts its whole
/// size).
/// A real template builds a few thousand; at most some 50 MB whatever the template.
pub(super) const MAX_BUILT: usize = 1_000_000;
/// Longest string or array an expression may build (guards against doubling chains).
const MAX_LEN: usize = 1 << 20;
/// ARM's limit on one copy loop's `count`.
pub(super) const MAX_COPY: i64 = 800;
/// Copies made in one template at most (nested loops multiply), so a hostile template cannot
/// make the import run away.
const MAX_COPIES: usize = 10_000;

/// Marks a value given only at deployment (U20): the text between two marks names it. A
/// string containing a mark is unknown, not empty; the import records the design fields it
/// reaches ([`crate::domain::model::Design::given_at_deployment`]).
pub(super) const MARK: char = '\u{1}';
/// What `resourceGroup().location` evaluates to: the region is the deployment's.
pub(super) const RG_LOCATION: &str = "\u{1}resourceGroup().location\u{1}";
const RG_NAME: &str = "\u{1}resourceGroup().name\u{1}";
const DEPLOYMENT: &str = "\u{1}deployment().name\u{1}";
const SUBSCRIPTION: &str = "\u{1}subscription().subscriptionId\u{1}";

/// A value given at deployment, named `label`.
pub(super) fn marked(label: &str) -> String {
    format!("{MARK}{label}{MARK}")
}

/// The first marked part of `v` (a string), with its marks.
fn marked_part(v: &V) -> Option<String> {
    let s = v.as_str()?;
    let start = s.find(MARK)?;
    let rest = &s[start + MARK.len_utf8()..];
    let end = rest.find(MARK).map_or(rest.len(), |e| e);
    Some(marked(&rest[..end]))
}

/// Functions that only build text (names, IDs) or collections: a value given at deployment
/// flows through them as text. Any other function of such a value (a comparison, a length, a
/// number, a condition) is itself given at deployment.
const TEXT_FUNCTIONS: &[&str] = &[
    "parameters",
    "variables",
    "concat",
    "format",
    "resourceid",
    "subscriptionresourceid",
    "extensionresourceid",
    "tenantresourceid",
    "tolower",
    "toupper",
    "trim",
    "replace",
    "split",
    "first",
    "last",
    "take",
    "skip",
    "substring",
    "string",
    "uniquestring",
    "guid",
    "createarray",
    "array",
    "createobject",
    "union",
    "coalesce",
];

/// Why an expression has no value.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum EvalError {
    /// A function the importer does not evaluate (named).
    Unknown(String),
    /// A value given only at deployment where the importer needs it now (a copy loop's count):
    /// what it is (`parameters('n')`), secure.
    Missing(String, bool),
    /// Syntax, types, limits.
    Bad(String),
}

/// A value the evaluator made.
type R = Result<V, EvalError>;
/// A JSON value (what the evaluator returns to the import, and what some functions build).
type J = Result<Value, EvalError>;

/// A value of the evaluator: JSON whose strings, arrays and objects are shared, not copied.
/// A parameter or variable is evaluated once and each use is a reference to that value, so
/// `createArray(variables('x'), variables('x'))` builds one array of two references: what is
/// *built* is counted against the budget ([`MAX_BUILT`]), and a value's *logical* size (a
/// chain of such arrays doubles it at each link) is counted wherever it is read in full
/// (turned into JSON for the import, printed by `string()`, compared), with a walk that stops
/// at the budget ([`size_upto`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum V {
    Null,
    Bool(bool),
    Num(serde_json::Number),
    Str(Rc<str>),
    Arr(Rc<Vec<V>>),
    Obj(Rc<BTreeMap<String, V>>),
}

impl V {
    fn str(s: impl Into<Rc<str>>) -> V {
        V::Str(s.into())
    }

    fn arr(a: Vec<V>) -> V {
        V::Arr(Rc::new(a))
    }

    fn as_str(&self) -> Option<&str> {
        match self {
            V::Str(s) => Some(s),
            _ => None,
        }
    }

    fn as_array(&self) -> Option<&[V]> {
        match self {
            V::Arr(a) => Some(a),
            _ => None,
        }
    }

    fn is_array(&self) -> bool {
        matches!(self, V::Arr(_))
    }

    fn is_null(&self) -> bool {
        matches!(self, V::Null)
    }

    /// The JSON value (a deep copy: count its [`size_upto`] first).
    fn to_json(&self) -> Value {
        match self {
            V::Null => Value::Null,
            V::Bool(b) => Value::Bool(*b),
            V::Num(n) => Value::Number(n.clone()),
            V::Str(s) => Value::String(s.to_string()),
            V::Arr(a) => Value::Array(a.iter().map(V::to_json).collect()),
            V::Obj(m) => Value::Object(m.iter().map(|(k, v)| (k.clone(), v.to_json())).collect()),
        }
    }
}

impl From<&Value> for V {
    fn from(v: &Value) -> V {
        match v {
            Value::Null => V::Null,
            Value::Bool(b) => V::Bool(*b),
            Value::Number(n) => V::Num(n.clone()),
            Value::String(s) => V::str(s.as_str()),
            Value::Array(a) => V::arr(a.iter().map(V::from).collect()),
            Value::Object(m) => V::Obj(Rc::new(
                m.iter().map(|(k, v)| (k.clone(), V::from(v))).collect(),
            )),
        }
    }
}

impl From<i64> for V {
    fn from(n: i64) -> V {
        V::Num(n.into())
    }
}

impl From<usize> for V {
    fn from(n: usize) -> V {
        V::Num(n.into())
    }
}

/// Case-insensitive lookup in an object of the evaluator; an exact match wins.
fn get_ci_v<'a>(m: &'a BTreeMap<String, V>, key: &str) -> Option<&'a V> {
    m.get(key).or_else(|| {
        m.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v)
    })
}

/// Why every evaluation stops once the budget of values built is spent.
pub(super) const BUDGET: &str =
    "the template's expressions build more than 1,000,000 values in all (the import's limit)";

fn bad<T>(why: impl Into<String>) -> Result<T, EvalError> {
    Err(EvalError::Bad(why.into()))
}

/// A parsed expression.
#[derive(Debug)]
enum Node {
    Str(String),
    Num(i64),
    Call(String, Vec<Node>),
    Prop(Box<Node>, String),
    Index(Box<Node>, Box<Node>),
}

#[derive(Debug, PartialEq)]
enum Tok {
    Str(String),
    Num(i64),
    Ident(String),
    Sym(char),
}

fn tokenize(s: &str) -> Result<Vec<Tok>, EvalError> {
    let mut out = Vec::new();
    let mut it = s.chars().peekable();
    while let Some(c) = it.next() {
        match c {
            c if c.is_whitespace() => {}
            '\'' => {
                let mut t = String::new();
                loop {
                    match it.next() {
                        Some('\'') if it.peek() == Some(&'\'') => {
                            it.next();
                            t.push('\'');
                        }
                        Some('\'') => break,
                        Some(c) => t.push(c),
                        None => return bad("a string is not closed"),
                    }
                }
                out.push(Tok::Str(t));
            }
            '0'..='9' | '-' => {
                let mut t = String::from(c);
                while let Some(d) = it.peek().filter(|d| d.is_ascii_digit()) {
                    t.push(*d);
                    it.next();
                }
                match t.parse() {
                    Ok(n) => out.push(Tok::Num(n)),
                    Err(_) => return bad(format!("'{t}' is not a number")),
                }
            }
            c if c.is_alphabetic() || c == '_' => {
                let mut t = String::from(c);
                while let Some(d) = it.peek().filter(|d| d.is_alphanumeric() || **d == '_') {
                    t.push(*d);
                    it.next();
                }
                out.push(Tok::Ident(t));
            }
            '(' | ')' | ',' | '.' | '[' | ']' => out.push(Tok::Sym(c)),
            c => return bad(format!("unexpected character '{}'", c.escape_default())),
        }
    }
    Ok(out)
}

struct Parser {
    toks: Vec<Tok>,
    at: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.at)
    }
    fn next(&mut self) -> Option<Tok> {
        let t = self
            .toks
            .get_mut(self.at)
            .map(|t| std::mem::replace(t, Tok::Sym(' ')));
        self.at += 1;
        t
    }
    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(&Tok::Sym(c)) {
            self.at += 1;
            true
        } else {
            false
        }
    }
    fn expect(&mut self, c: char) -> Result<(), EvalError> {
        if self.eat(c) {
            Ok(())
        } else {
            bad(format!("expected '{c}'"))
        }
    }

    fn expr(&mut self, depth: usize) -> Result<Node, EvalError> {
        if depth > MAX_DEPTH {
            return bad("the expression is nested too deeply");
        }
        let mut node = match self.next() {
            Some(Tok::Str(s)) => Node::Str(s),
            Some(Tok::Num(n)) => Node::Num(n),
            Some(Tok::Ident(name)) if self.peek() != Some(&Tok::Sym('(')) => {
                match name.to_ascii_lowercase().as_str() {
                    "true" | "false" | "null" => Node::Call(name, Vec::new()),
                    _ => return bad(format!("expected '(' after '{name}'")),
                }
            }
            Some(Tok::Ident(name)) => {
                self.expect('(')?;
                let mut args = Vec::new();
                if !self.eat(')') {
                    loop {
                        args.push(self.expr(depth + 1)?);
                        if self.eat(')') {
                            break;
                        }
                        self.expect(',')?;
                    }
                }
                Node::Call(name, args)
            }
            _ => return bad("expected a value or a function call"),
        };
        let mut depth = depth;
        loop {
            if self.peek() == Some(&Tok::Sym('.')) || self.peek() == Some(&Tok::Sym('[')) {
                // Each property access or index nests the node one level more.
                depth += 1;
                if depth > MAX_DEPTH {
                    return bad("the expression is nested too deeply");
                }
            }
            if self.eat('.') {
                match self.next() {
                    Some(Tok::Ident(p)) => node = Node::Prop(Box::new(node), p),
                    _ => return bad("expected a property name after '.'"),
                }
            } else if self.eat('[') {
                let i = self.expr(depth + 1)?;
                self.expect(']')?;
                node = Node::Index(Box::new(node), Box::new(i));
            } else {
                return Ok(node);
            }
        }
    }
}

fn parse(s: &str) -> Result<Node, EvalError> {
    let mut p = Parser {
        toks: tokenize(s)?,
        at: 0,
    };
    let n = p.expr(0)?;
    if p.at < p.toks.len() {
        return bad("unexpected text after the expression");
    }
    Ok(n)
}

/// A value's text for string functions: strings as they are, numbers and booleans printed.
fn text(v: &V) -> Result<String, EvalError> {
    match v {
        V::Str(s) => Ok(s.to_string()),
        V::Num(n) => Ok(n.to_string()),
        V::Bool(b) => Ok(b.to_string()),
        V::Null => Ok(String::new()),
        _ => bad("expected a string, found an object or array"),
    }
}

fn int(v: &V) -> Result<i64, EvalError> {
    match v {
        V::Num(n) => n
            .as_i64()
            .map_or_else(|| bad("expected a whole number"), Ok),
        V::Str(s) => s
            .trim()
            .parse()
            .map_or_else(|_| bad(format!("'{s}' is not a whole number")), Ok),
        _ => bad("expected a whole number"),
    }
}

fn boolean(v: &V) -> Result<bool, EvalError> {
    match v {
        V::Bool(b) => Ok(*b),
        V::Str(s) if s.eq_ignore_ascii_case("true") => Ok(true),
        V::Str(s) if s.eq_ignore_ascii_case("false") => Ok(false),
        V::Num(n) => Ok(n.as_f64() != Some(0.0)),
        _ => bad("expected a boolean"),
    }
}

/// Build units of `t` bytes of text (see [`MAX_BUILT`]).
fn text_units(t: &str) -> usize {
    t.len() / 16
}

/// The size of a JSON value in build units (see [`MAX_BUILT`]): one per value and object
/// member, plus one per 16 bytes of text.
#[cfg(test)]
fn size(v: &Value) -> usize {
    size_upto(&V::from(v), usize::MAX)
}

/// The logical size of `v` in build units (shared parts counted at each use, as in its JSON),
/// or some number at least `cap` once it reaches `cap`: the walk stops there, so a value
/// shared into exponentially many places costs no more than the cap to measure.
fn size_upto(v: &V, cap: usize) -> usize {
    fn walk(v: &V, n: &mut usize, cap: usize) {
        if *n >= cap {
            return;
        }
        match v {
            V::Str(t) => *n = n.saturating_add(1 + text_units(t)),
            V::Arr(a) => {
                *n = n.saturating_add(1);
                for x in a.iter() {
                    walk(x, n, cap);
                    if *n >= cap {
                        return;
                    }
                }
            }
            V::Obj(m) => {
                *n = n.saturating_add(1);
                for (k, x) in m.iter() {
                    *n = n.saturating_add(1 + text_units(k));
                    walk(x, n, cap);
                    if *n >= cap {
                        return;
                    }
                }
            }
            _ => *n = n.saturating_add(1),
        }
    }
    let mut n = 0;
    walk(v, &mut n, cap);
    n
}

/// The units a new container or string costs to build, its items shared: one per item or
/// member (see [`MAX_BUILT`]).
fn shallow(v: &V) -> usize {
    match v {
        V::Str(t) => 1 + text_units(t),
        V::Arr(a) => 1usize.saturating_add(a.len()),
        V::Obj(m) => m
            .keys()
            .fold(1usize, |n, k| n.saturating_add(1 + text_units(k))),
        _ => 1,
    }
}

fn long(len: usize) -> Result<(), EvalError> {
    if len > MAX_LEN {
        bad("the result is too long")
    } else {
        Ok(())
    }
}

/// A CIDR argument: an IPv4 or IPv6 prefix, as its network (host bits dropped).
fn cidr(text: &str) -> Result<IpNet, EvalError> {
    text.trim()
        .parse::<IpNet>()
        .map(|n| n.trunc())
        .or_else(|_| bad(format!("'{text}' is not a CIDR range")))
}

/// `parseCidr(network)`: the range's network, netmask, (IPv4) broadcast, first and last usable
/// addresses and prefix length.
fn parse_cidr(text: &str) -> J {
    let net = cidr(text)?;
    let mut m = Map::new();
    m.insert("network".into(), Value::String(net.network().to_string()));
    m.insert("netmask".into(), Value::String(net.netmask().to_string()));
    match net {
        IpNet::V4(n) => {
            let (first, last) = (u32::from(n.network()), u32::from(n.broadcast()));
            // /31 and /32 have no network and broadcast addresses to skip.
            let (first, last) = if n.prefix_len() >= 31 {
                (first, last)
            } else {
                (first + 1, last - 1)
            };
            m.insert("broadcast".into(), Value::String(n.broadcast().to_string()));
            m.insert(
                "firstUsable".into(),
                Value::String(Ipv4Addr::from(first).to_string()),
            );
            m.insert(
                "lastUsable".into(),
                Value::String(Ipv4Addr::from(last).to_string()),
            );
        }
        IpNet::V6(n) => {
            m.insert("firstUsable".into(), Value::String(n.network().to_string()));
            m.insert(
                "lastUsable".into(),
                Value::String(n.broadcast().to_string()),
            );
        }
    }
    m.insert("cidr".into(), Value::from(net.prefix_len()));
    Ok(Value::Object(m))
}

/// `cidrSubnet(network, newCIDR, subnetIndex)`: the index-th subnet of that length.
fn cidr_subnet(text: &str, len: i64, index: i64) -> J {
    let net = cidr(text)?;
    let max = net.max_prefix_len();
    let len = u8::try_from(len)
        .ok()
        .filter(|l| *l >= net.prefix_len() && *l <= max)
        .ok_or_else(|| {
            EvalError::Bad(format!(
                "cidrSubnet: the new prefix length must be {} to {max}",
                net.prefix_len()
            ))
        })?;
    let count_bits = u32::from(len - net.prefix_len());
    let index = u128::try_from(index)
        .ok()
        .filter(|i| count_bits >= 128 || *i < (1u128 << count_bits))
        .ok_or_else(|| EvalError::Bad("cidrSubnet: the subnet index is out of range".into()))?;
    let step_bits = u32::from(max - len);
    let offset = index.checked_shl(step_bits).unwrap_or(0);
    let sub = match net {
        IpNet::V4(n) => {
            let base = u32::from(n.network()).wrapping_add(u32::try_from(offset).unwrap_or(0));
            Ipv4Net::new(Ipv4Addr::from(base), len).map(IpNet::V4)
        }
        IpNet::V6(n) => {
            let base = u128::from(n.network()).wrapping_add(offset);
            Ipv6Net::new(Ipv6Addr::from(base), len).map(IpNet::V6)
        }
    };
    sub.map(|n| Value::String(n.to_string()))
        .or_else(|_| bad("cidrSubnet: the subnet is out of range"))
}

/// `cidrHost(network, hostIndex)`: the index-th usable address (index 0 is the first after the
/// network address).
fn cidr_host(text: &str, index: i64) -> J {
    let net = cidr(text)?;
    let out_of_range = || EvalError::Bad("cidrHost: the host index is out of range".into());
    let index = u128::try_from(index).map_err(|_| out_of_range())?;
    match net {
        IpNet::V4(n) => {
            let (first, last) = (u32::from(n.network()), u32::from(n.broadcast()));
            let host = u128::from(first) + 1 + index;
            if n.prefix_len() >= 31 || host >= u128::from(last) {
                return Err(out_of_range());
            }
            let host = u32::try_from(host).map_err(|_| out_of_range())?;
            Ok(Value::String(Ipv4Addr::from(host).to_string()))
        }
        IpNet::V6(n) => {
            let (first, last) = (u128::from(n.network()), u128::from(n.broadcast()));
            let host = first
                .checked_add(1)
                .and_then(|h| h.checked_add(index))
                .filter(|h| *h <= last)
                .ok_or_else(out_of_range)?;
            Ok(Value::String(Ipv6Addr::from(host).to_string()))
        }
    }
}

/// Case-insensitive lookup (ARM names are case-insensitive); an exact match wins.
pub(super) fn get_ci<'a>(m: &'a Map<String, Value>, key: &str) -> Option<&'a Value> {
    m.get(key).or_else(|| {
        m.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v)
    })
}

/// A resource ID: `/subscriptions/S/resourceGroups/G/providers/NS/T1/N1/T2/N2`.
fn resource_id(args: &[V]) -> J {
    let args: Vec<String> = args.iter().map(text).collect::<Result<_, _>>()?;
    let Some(t) = args.iter().position(|a| a.contains('/')) else {
        return bad(
            "resourceId needs a resource type such as 'Microsoft.Network/expressRouteCircuits'",
        );
    };
    let (sub, rg) = match args.get(..t) {
        Some([rg]) => (SUBSCRIPTION, rg.as_str()),
        Some([sub, rg]) => (sub.as_str(), rg.as_str()),
        _ => (SUBSCRIPTION, RG_NAME),
    };
    let ty = args.get(t).map_or("", String::as_str);
    let mut parts = ty.split('/');
    let ns = parts.next().unwrap_or_default();
    let types: Vec<&str> = parts.collect();
    let names = args.get(t + 1..).unwrap_or_default();
    if types.len() != names.len() {
        return bad(format!(
            "resourceId of '{ty}' needs {} name(s), got {}",
            types.len(),
            names.len()
        ));
    }
    let mut id = format!("/subscriptions/{sub}/resourceGroups/{rg}/providers/{ns}");
    for (t, n) in types.iter().zip(names) {
        id.push('/');
        id.push_str(t);
        id.push('/');
        id.push_str(n);
    }
    Ok(Value::String(id))
}

/// `extensionResourceId(scope, type, name…)` (Bicep writes it for a resource of another
/// resource group: the scope is `/subscriptions/S/resourceGroups/G`) and
/// `tenantResourceId(type, name…)`: `{scope}/providers/{namespace}/{type}/{name}…`.
fn scoped_id(f: &str, scope: &str, args: &[V]) -> J {
    let args: Vec<String> = args.iter().map(text).collect::<Result<_, _>>()?;
    let Some((ty, names)) = args.split_first() else {
        return bad(format!("{f} needs a resource type"));
    };
    let mut parts = ty.split('/');
    let ns = parts.next().unwrap_or_default();
    let types: Vec<&str> = parts.collect();
    if types.is_empty() || types.len() != names.len() {
        return bad(format!(
            "{f} of '{ty}' needs {} name(s), got {}",
            types.len(),
            names.len()
        ));
    }
    let mut id = format!("{}/providers/{ns}", scope.trim_end_matches('/'));
    for (t, n) in types.iter().zip(names) {
        id.push('/');
        id.push_str(t);
        id.push('/');
        id.push_str(n);
    }
    Ok(Value::String(id))
}

/// The resource type and name segments of a resource ID (`None` when it is not one).
pub(super) fn parse_id(id: &str) -> Option<(String, Vec<String>)> {
    let lower = id.to_ascii_lowercase();
    let at = lower.rfind("/providers/")?;
    let rest = id.get(at + "/providers/".len()..)?;
    let mut parts = rest.split('/');
    let mut ty = parts.next()?.to_string();
    let mut names = Vec::new();
    while let Some(t) = parts.next() {
        ty.push('/');
        ty.push_str(t);
        names.push(parts.next()?.to_string());
    }
    (!names.is_empty()).then_some((ty, names))
}

/// The subscription and resource group of a resource ID (empty when absent).
pub(super) fn id_scope(id: &str) -> (String, String) {
    let mut sub = String::new();
    let mut rg = String::new();
    let mut parts = id.split('/');
    while let Some(p) = parts.next() {
        if p.eq_ignore_ascii_case("subscriptions") {
            sub = parts.next().unwrap_or_default().to_string();
        } else if p.eq_ignore_ascii_case("resourceGroups") {
            rg = parts.next().unwrap_or_default().to_string();
        }
    }
    (sub, rg)
}

/// `format('{0}-{1}', a, b)`: placeholders replaced, format specifiers (`{0:D3}`) ignored.
fn format(args: &[V], notes: &mut Vec<String>) -> J {
    let Some((f, rest)) = args.split_first() else {
        return bad("format needs a format string");
    };
    let f = text(f)?;
    let mut out = String::new();
    let mut it = f.chars().peekable();
    while let Some(c) = it.next() {
        match c {
            '{' if it.peek() == Some(&'{') => {
                it.next();
                out.push('{');
            }
            '}' if it.peek() == Some(&'}') => {
                it.next();
                out.push('}');
            }
            '{' => {
                let mut spec = String::new();
                loop {
                    match it.next() {
                        Some('}') => break,
                        Some(c) => spec.push(c),
                        None => return bad("format: a '{' is not closed"),
                    }
                }
                let (index, extra) = match spec.find([',', ':']) {
                    Some(i) => (spec.get(..i).unwrap_or_default(), true),
                    None => (spec.as_str(), false),
                };
                if extra {
                    notes.push(format!("format specifier '{{{spec}}}' was ignored"));
                }
                let arg = index
                    .trim()
                    .parse::<usize>()
                    .ok()
                    .and_then(|i| rest.get(i))
                    .ok_or_else(|| {
                        EvalError::Bad(format!("format: no argument for '{{{spec}}}'"))
                    })?;
                out.push_str(&text(arg)?);
                long(out.len())?;
            }
            c => out.push(c),
        }
    }
    Ok(Value::String(out))
}

/// A deterministic 13-character stand-in for `uniqueString` (FNV-1a of the arguments).
fn unique_string(args: &[V]) -> J {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for a in args {
        for b in text(a)?.bytes().chain([0]) {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz234567";
    let s: String = (0..13)
        .map(|i| {
            let k = usize::try_from((h >> ((i * 5) % 60)) & 31).unwrap_or(0);
            char::from(ALPHABET.get(k).copied().unwrap_or(b'a'))
        })
        .collect();
    Ok(Value::String(s))
}

fn equal(a: &V, b: &V) -> bool {
    match (a, b) {
        (V::Num(x), V::Num(y)) => x.as_f64() == y.as_f64(),
        _ => a == b,
    }
}

fn is_empty(v: &V) -> bool {
    match v {
        V::Null => true,
        V::Str(s) => s.is_empty(),
        V::Arr(a) => a.is_empty(),
        V::Obj(o) => o.is_empty(),
        _ => false,
    }
}

/// `take`/`skip` on a string or an array (the items are shared).
fn slice(v: &V, n: i64, take: bool) -> R {
    let n = usize::try_from(n.max(0)).unwrap_or(usize::MAX);
    match v {
        V::Str(s) => Ok(V::str(if take {
            s.chars().take(n).collect::<String>()
        } else {
            s.chars().skip(n).collect::<String>()
        })),
        V::Arr(a) => Ok(V::arr(if take {
            a.iter().take(n).cloned().collect()
        } else {
            a.iter().skip(n).cloned().collect()
        })),
        _ => bad("expected a string or an array"),
    }
}

/// Parameters and variables of a template, evaluated on demand (and once).
pub(super) struct Scope {
    params: Map<String, Value>,
    /// The template's `definitions` (user-defined types, languageVersion 2.0).
    defs: Map<String, Value>,
    given: Map<String, Value>,
    vars: Map<String, Value>,
    /// Evaluated parameters (`p:name`) and variables (`v:name`); `None` while in progress.
    /// Each use shares the value (see [`V`]).
    cache: BTreeMap<String, Option<R>>,
    /// Parameters and variables evaluated so far (each once, however often it is used).
    evaluated: usize,
    /// Evaluation depth, across parameters, variables and expressions (see `MAX_EVAL_DEPTH`).
    depth: usize,
    /// Units built so far (see `MAX_BUILT`).
    built: usize,
    /// The copy loops being expanded, outermost first: (name, index).
    loops: Vec<(String, i64)>,
    /// Copies made so far (see `MAX_COPIES`).
    copies: usize,
    /// Approximations made (uniqueString, format specifiers), reported as information.
    pub notes: Vec<String>,
    /// Parameters used without a value (no default, not in the parameters file), in order.
    pub missing: Vec<String>,
    /// The lambda variables in scope (`lambdaVariables('x')`), innermost last.
    lambdas: Vec<(String, V)>,
}

/// A copy loop read from a template: its name and number of copies.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Loop {
    /// The loop's name (`copyIndex('name')`; a property or variable loop's property name).
    pub name: String,
    /// How many copies.
    pub count: usize,
}

/// Functions whose result is one of their arguments, or part of one (shared, nothing built
/// but the reference).
const PASSING: &[&str] = &[
    "coalesce",
    "first",
    "last",
    "tryget",
    "lambdavariables",
    "reduce",
];
/// Functions that build a new array, object or string whose items are shared: they cost one
/// unit per item ([`shallow`]).
const SHALLOW: &[&str] = &[
    "createarray",
    "concat",
    "union",
    "take",
    "skip",
    "array",
    "createobject",
    "map",
    "filter",
];
/// Functions that read their arguments in full (compare or print them): they cost the
/// arguments' logical size ([`size_upto`]).
const READING: &[&str] = &["equals", "contains", "string", "union", "min", "max"];

impl Scope {
    /// A scope over a template's `parameters` and `variables` objects, with values given by a
    /// parameters file (`name` → value) taking precedence over default values.
    pub fn new(template: &Map<String, Value>, given: Map<String, Value>) -> Scope {
        let obj = |k: &str| match get_ci(template, k) {
            Some(Value::Object(m)) => m.clone(),
            _ => Map::new(),
        };
        Scope {
            params: obj("parameters"),
            defs: obj("definitions"),
            given,
            vars: obj("variables"),
            cache: BTreeMap::new(),
            evaluated: 0,
            depth: 0,
            built: 0,
            loops: Vec::new(),
            copies: 0,
            notes: Vec::new(),
            missing: Vec::new(),
            lambdas: Vec::new(),
        }
    }

    /// The lambda functions `map`, `filter` and `reduce` (Bicep writes them for `map(...)`,
    /// `filter(...)`, `reduce(...)`): the array is evaluated, then the lambda's body once per
    /// item with its variables bound (`lambdaVariables('x')`); `map` and `filter` take an
    /// optional second variable, the index. A marked array (given at deployment) stays marked.
    fn lambda_call(&mut self, f: &str, args: &[Node], depth: usize) -> R {
        let (array, init, lambda) = match (f, args) {
            ("map" | "filter", [a, l]) => (a, None, l),
            ("reduce", [a, i, l]) => (a, Some(i), l),
            _ => {
                return bad(format!(
                    "{f} takes an array{} and a lambda",
                    if f == "reduce" {
                        ", an initial value"
                    } else {
                        ""
                    }
                ))
            }
        };
        let Node::Call(l, parts) = lambda else {
            return bad(format!("{f} needs a lambda(...) as its last argument"));
        };
        let Some((body, vars)) = parts
            .split_last()
            .filter(|_| l.eq_ignore_ascii_case("lambda"))
        else {
            return bad(format!("{f} needs a lambda(...) as its last argument"));
        };
        let names: Vec<String> = vars
            .iter()
            .map(|v| match v {
                Node::Str(s) => Ok(s.clone()),
                _ => bad("a lambda's variables are names in quotes"),
            })
            .collect::<Result<_, _>>()?;
        let want = if f == "reduce" { 2..=2 } else { 1..=2 };
        if !want.contains(&names.len()) {
            return bad(format!(
                "the lambda of {f} takes {} variable(s)",
                if f == "reduce" { "2" } else { "1 or 2" }
            ));
        }
        let items = match self.eval(array, depth + 1)? {
            v if marked_part(&v).is_some() => return Ok(v),
            V::Arr(a) => a,
            _ => return bad(format!("{f} needs an array")),
        };
        long(items.len())?;
        let mut acc = match init {
            Some(i) => self.eval(i, depth + 1)?,
            None => V::Null,
        };
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let bound = self.lambdas.len();
            if f == "reduce" {
                self.lambdas.push((names[0].clone(), acc.clone()));
                self.lambdas.push((names[1].clone(), item.clone()));
            } else {
                self.lambdas.push((names[0].clone(), item.clone()));
                if let Some(n) = names.get(1) {
                    self.lambdas.push((n.clone(), V::from(i)));
                }
            }
            let r = self.eval(body, depth + 1);
            self.lambdas.truncate(bound);
            let v = r?;
            match f {
                "map" => out.push(v),
                "filter" => {
                    if let Some(m) = marked_part(&v) {
                        return Ok(V::str(m));
                    }
                    if boolean(&v)? {
                        out.push(item.clone());
                    }
                }
                _ => acc = v,
            }
        }
        Ok(if f == "reduce" { acc } else { V::arr(out) })
    }

    /// Counts `units` against the budget of values built ([`MAX_BUILT`]).
    pub fn charge(&mut self, units: usize) -> Result<(), EvalError> {
        self.built = self.built.saturating_add(units);
        if self.exhausted() {
            bad(BUDGET)
        } else {
            Ok(())
        }
    }

    /// Counts a new value (its logical size) against the budget, and returns it.
    fn built(&mut self, v: V) -> R {
        self.read(&v)?;
        Ok(v)
    }

    /// Counts reading `v` in full (its logical size, measured only up to what is left of the
    /// budget) against the budget.
    fn read(&mut self, v: &V) -> Result<(), EvalError> {
        let left = MAX_BUILT.saturating_sub(self.built).saturating_add(2);
        self.charge(size_upto(v, left))
    }

    /// The JSON value of `v`, counted in full against the budget (it is a copy).
    fn json(&mut self, v: &V) -> J {
        self.read(v)?;
        Ok(v.to_json())
    }

    /// Whether the budget of values built is spent: every later evaluation fails.
    pub fn exhausted(&self) -> bool {
        self.built > MAX_BUILT
    }

    /// Reads a `copy` object (`name`, `count`; `mode` and `batchSize` only order the
    /// deployment): the count is evaluated and must be a whole number from 0 to 800.
    pub fn copy_loop(&mut self, copy: &Value) -> Result<Loop, EvalError> {
        let Some(o) = copy.as_object() else {
            return bad("a copy loop must be an object with a name and a count");
        };
        let name = match get_ci(o, "name").map(|v| self.tree(v)) {
            Some(Ok(V::Str(n))) if !n.trim().is_empty() => n.to_string(),
            Some(Err(e)) => return Err(e),
            _ => return bad("the copy loop has no name"),
        };
        let count = match get_ci(o, "count").map(|v| self.tree(v)) {
            Some(r) => {
                let v = r?;
                if let Some(m) = marked_part(&v) {
                    return Err(EvalError::Missing(m.trim_matches(MARK).to_string(), false));
                }
                int(&v)?
            }
            None => return bad(format!("the copy loop '{name}' has no count")),
        };
        if !(0..=MAX_COPY).contains(&count) {
            return bad(format!(
                "the copy loop '{name}' has a count of {count}; ARM allows 0 to {MAX_COPY}"
            ));
        }
        let count = usize::try_from(count).unwrap_or(0);
        if self.copies.saturating_add(count) > MAX_COPIES {
            return bad(format!(
                "the copy loop '{name}' would take the template past {MAX_COPIES} copies in all"
            ));
        }
        self.copies += count;
        Ok(Loop { name, count })
    }

    /// Evaluates `f` as copy `index` of loop `name` (for `copyIndex()`).
    pub fn in_loop<T>(&mut self, name: &str, index: usize, f: impl FnOnce(&mut Self) -> T) -> T {
        self.loops
            .push((name.to_string(), i64::try_from(index).unwrap_or(i64::MAX)));
        let r = f(self);
        self.loops.pop();
        r
    }

    /// A property (or variable) copy loop: `{name, count, input}` → the array of `input`
    /// evaluated for each copy.
    fn property_loop(&mut self, spec: &Value) -> Result<(String, V), EvalError> {
        let l = self.copy_loop(spec)?;
        let input = spec
            .as_object()
            .and_then(|o| get_ci(o, "input"))
            .cloned()
            .ok_or_else(|| EvalError::Bad(format!("the copy loop '{}' has no input", l.name)))?;
        let items = (0..l.count)
            .map(|i| self.in_loop(&l.name, i, |s| s.tree(&input)))
            .collect::<Result<Vec<_>, _>>()?;
        self.charge(1)?;
        Ok((l.name, V::arr(items)))
    }

    /// `copyIndex([loopName], [offset])`: the index of the innermost loop, or of the loop
    /// named, plus the offset.
    fn copy_index(&self, a: &[V]) -> R {
        let (name, offset) = match a {
            [] => (None, 0),
            [V::Str(n)] => (Some(n), 0),
            [V::Str(n), o] => (Some(n), int(o)?),
            [o] => (None, int(o)?),
            _ => return bad("copyIndex takes a loop name and an offset at most"),
        };
        let found = match name {
            Some(n) => self
                .loops
                .iter()
                .rev()
                .find(|(l, _)| l.eq_ignore_ascii_case(n)),
            None => self.loops.last(),
        };
        match (found, name) {
            (Some((_, i)), _) => Ok(V::from(i.saturating_add(offset))),
            (None, Some(n)) => bad(format!("copyIndex('{n}') is outside the copy loop '{n}'")),
            (None, None) => bad("copyIndex() is outside a copy loop"),
        }
    }

    /// The value of a JSON string from a template: `[expr]` is evaluated, `[[` escapes a
    /// literal `[`, anything else is the text itself. The JSON returned is a copy, counted
    /// against the budget.
    pub fn eval_str(&mut self, s: &str) -> J {
        let v = self.str_value(s)?;
        self.json(&v)
    }

    /// The value of a JSON string from a template (see [`Scope::eval_str`]).
    fn str_value(&mut self, s: &str) -> R {
        if self.exhausted() {
            return bad(BUDGET);
        }
        if let Some(rest) = s.strip_prefix("[[") {
            return self.built(V::str(format!("[{rest}")));
        }
        match s.strip_prefix('[').and_then(|r| r.strip_suffix(']')) {
            Some(inner) => {
                let node = parse(inner)?;
                self.eval(&node, 0)
            }
            None => self.built(V::str(s)),
        }
    }

    /// A JSON tree from a template with every string evaluated; the first error wins.
    fn tree(&mut self, v: &Value) -> R {
        match v {
            Value::String(s) => self.str_value(s),
            Value::Array(a) => {
                self.charge(1)?;
                Ok(V::arr(
                    a.iter().map(|x| self.tree(x)).collect::<Result<_, _>>()?,
                ))
            }
            Value::Object(m) => {
                self.charge(1)?;
                let mut o = BTreeMap::new();
                for (k, x) in m {
                    self.charge(1 + text_units(k))?;
                    // `copy: [{name, count, input}]` makes the array property `name`.
                    if k.eq_ignore_ascii_case("copy") && x.is_array() {
                        for spec in x.as_array().into_iter().flatten() {
                            let (name, items) = self.property_loop(spec)?;
                            o.insert(name, items);
                        }
                    } else {
                        o.insert(k.clone(), self.tree(x)?);
                    }
                }
                Ok(V::Obj(Rc::new(o)))
            }
            other => self.built(V::from(other)),
        }
    }

    /// A parameter's or variable's value: evaluated once, each use a reference to it (see
    /// [`V`]), with cycles and depth refused.
    fn named(&mut self, var: bool, name: &str) -> R {
        let key = format!(
            "{}:{}",
            if var { 'v' } else { 'p' },
            name.to_ascii_lowercase()
        );
        match self.cache.get(&key) {
            Some(Some(r)) => {
                let r = r.clone();
                // The reference.
                self.charge(1)?;
                return r;
            }
            Some(None) => return bad(format!("'{name}' refers to itself")),
            None => {}
        }
        if self.depth >= MAX_EVAL_DEPTH {
            return bad("parameters, variables and expressions are nested too deeply");
        }
        self.cache.insert(key.clone(), None);
        self.evaluated += 1;
        self.depth += 1;
        // A value is the same wherever it is used: the loops around the use don't apply.
        let loops = std::mem::take(&mut self.loops);
        let r = self.lookup(var, name);
        self.loops = loops;
        self.depth -= 1;
        self.cache.insert(key, Some(r.clone()));
        r
    }

    fn lookup(&mut self, var: bool, name: &str) -> R {
        if var {
            if let Some(v) = get_ci(&self.vars, name).cloned() {
                return self.tree(&v);
            }
            // A variable copy loop: `variables.copy: [{name, count, input}]`.
            let spec = match get_ci(&self.vars, "copy") {
                Some(Value::Array(specs)) => specs
                    .iter()
                    .find(|s| {
                        s.as_object()
                            .and_then(|o| get_ci(o, "name"))
                            .and_then(Value::as_str)
                            .is_some_and(|n| n.eq_ignore_ascii_case(name))
                    })
                    .cloned(),
                _ => None,
            };
            return match spec {
                Some(spec) => self.property_loop(&spec).map(|(_, items)| items),
                None => bad(format!("variable '{name}' is not declared")),
            };
        }
        if let Some(v) = get_ci(&self.given, name).map(V::from) {
            return self.built(v);
        }
        let Some(def) = get_ci(&self.params, name).cloned() else {
            return bad(format!("parameter '{name}' is not declared"));
        };
        match def.as_object().and_then(|d| get_ci(d, "defaultValue")) {
            Some(v) => self.tree(v),
            // A nullable parameter (or one of a nullable user-defined type) is null when not
            // given (languageVersion 2.0 templates, as Bicep writes them).
            None if self.nullable(&def) => Ok(V::Null),
            // No value: given at deployment (U20), not empty.
            None => {
                if !self.missing.iter().any(|m| m.eq_ignore_ascii_case(name)) {
                    self.missing.push(name.to_string());
                }
                self.built(V::str(marked(&format!("parameters('{name}')"))))
            }
        }
    }

    /// Whether a parameter declaration is nullable, directly or through its `$ref` type.
    fn nullable(&self, def: &Value) -> bool {
        let Some(d) = def.as_object() else {
            return false;
        };
        if get_ci(d, "nullable").and_then(Value::as_bool) == Some(true) {
            return true;
        }
        get_ci(d, "$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix("#/definitions/"))
            .and_then(|name| get_ci(&self.defs, name))
            .and_then(Value::as_object)
            .and_then(|t| get_ci(t, "nullable"))
            .and_then(Value::as_bool)
            == Some(true)
    }

    /// Evaluates a node, one level deeper (see `MAX_EVAL_DEPTH`).
    fn eval(&mut self, n: &Node, depth: usize) -> R {
        if depth > MAX_DEPTH || self.depth >= MAX_EVAL_DEPTH {
            return bad("parameters, variables and expressions are nested too deeply");
        }
        self.depth += 1;
        let r = self.eval_node(n, depth);
        self.depth -= 1;
        r
    }

    fn eval_node(&mut self, n: &Node, depth: usize) -> R {
        match n {
            Node::Str(s) => self.built(V::str(s.as_str())),
            Node::Num(n) => self.built(V::from(*n)),
            // The part found is shared with its container, not copied.
            Node::Prop(o, p) => match self.eval(o, depth + 1)? {
                v if marked_part(&v).is_some() => Ok(v),
                V::Obj(m) => get_ci_v(&m, p)
                    .cloned()
                    .ok_or_else(|| EvalError::Bad(format!("no property '{p}'"))),
                _ => bad(format!("'.{p}' on a value that is not an object")),
            },
            Node::Index(o, i) => {
                let o = self.eval(o, depth + 1)?;
                let i = self.eval(i, depth + 1)?;
                if let Some(m) = marked_part(&o).or_else(|| marked_part(&i)) {
                    return Ok(V::str(m));
                }
                let found = match (&o, &i) {
                    (V::Arr(a), i) => usize::try_from(int(i)?)
                        .ok()
                        .and_then(|i| a.get(i))
                        .cloned(),
                    (V::Obj(m), V::Str(k)) => get_ci_v(m, k).cloned(),
                    _ => None,
                };
                found
                    .ok_or_else(|| EvalError::Bad(format!("index {} is out of range", i.to_json())))
            }
            Node::Call(name, args) => self.call(name, args, depth),
        }
    }

    /// A function call; what it builds is counted against the budget: a new value in full, a
    /// new container of shared items one unit per item ([`SHALLOW`]), a part of an argument
    /// one unit ([`PASSING`]); and what it reads in full ([`READING`]) at its logical size.
    fn call(&mut self, name: &str, args: &[Node], depth: usize) -> R {
        let f = name.to_ascii_lowercase();
        let v = self.call_inner(&f, name, args, depth)?;
        match f.as_str() {
            "if" | "parameters" | "variables" => Ok(v),
            f if PASSING.contains(&f) => self.charge(1).map(|()| v),
            f if SHALLOW.contains(&f) => {
                let units = shallow(&v);
                self.charge(units).map(|()| v)
            }
            _ => self.built(v),
        }
    }

    fn call_inner(&mut self, f: &str, name: &str, args: &[Node], depth: usize) -> R {
        if f == "if" {
            let [c, a, b] = args else {
                return bad("if needs 3 arguments");
            };
            let c = self.eval(c, depth + 1)?;
            if let Some(m) = marked_part(&c) {
                return Ok(V::str(m));
            }
            return self.eval(if boolean(&c)? { a } else { b }, depth + 1);
        }
        if matches!(f, "map" | "filter" | "reduce") {
            return self.lambda_call(f, args, depth);
        }
        if f == "lambda" {
            return bad("lambda(...) is used only inside map, filter or reduce");
        }
        let a: Vec<V> = args
            .iter()
            .map(|n| self.eval(n, depth + 1))
            .collect::<Result<_, _>>()?;
        if f == "lambdavariables" {
            let name = a.first().map(text).transpose()?.unwrap_or_default();
            return self
                .lambdas
                .iter()
                .rev()
                .find(|(n, _)| n.eq_ignore_ascii_case(&name))
                .map(|(_, v)| v.clone())
                .ok_or_else(|| {
                    EvalError::Bad(format!("lambdaVariables('{name}') is outside its lambda"))
                });
        }
        if !TEXT_FUNCTIONS.contains(&f) {
            if let Some(m) = a.iter().find_map(marked_part) {
                return Ok(V::str(m));
            }
        }
        // Reading: text is read by every function but those that pass values on; functions
        // that compare or print read their arguments in full.
        if READING.contains(&f) {
            for x in &a {
                self.read(x)?;
            }
        } else if !PASSING.contains(&f) && !SHALLOW.contains(&f) && f != "length" {
            let units = a
                .iter()
                .map(|x| x.as_str().map_or(0, text_units))
                .fold(0usize, usize::saturating_add);
            self.charge(units)?;
        }
        let n = a.len();
        let arg = |i: usize| {
            a.get(i)
                .ok_or_else(|| EvalError::Bad(format!("{name} needs more arguments")))
        };
        let s = |i: usize| arg(i).and_then(text);
        let fresh = |j: J| j.map(|v| V::from(&v));
        let v = match f {
            "parameters" | "variables" => return self.named(f == "variables", &s(0)?),
            "concat" if a.iter().all(V::is_array) => {
                let all: Vec<V> = a
                    .iter()
                    .filter_map(V::as_array)
                    .flatten()
                    .cloned()
                    .collect();
                long(all.len())?;
                V::arr(all)
            }
            "concat" => {
                let mut out = String::new();
                for x in &a {
                    out.push_str(&text(x)?);
                    long(out.len())?;
                }
                V::str(out)
            }
            "format" => return fresh(format(&a, &mut self.notes)),
            "resourceid" => return fresh(resource_id(&a)),
            "extensionresourceid" => {
                let scope = s(0)?;
                return fresh(scoped_id(
                    "extensionResourceId",
                    &scope,
                    a.get(1..).unwrap_or_default(),
                ));
            }
            "tenantresourceid" => return fresh(scoped_id("tenantResourceId", "", &a)),
            "subscriptionresourceid" => {
                let parts: Vec<String> = a.iter().map(text).collect::<Result<_, _>>()?;
                let t = parts.iter().position(|p| p.contains('/')).ok_or_else(|| {
                    EvalError::Bad("subscriptionResourceId needs a resource type".into())
                })?;
                let sub = match parts.get(..t) {
                    Some([sub]) => sub.as_str(),
                    _ => SUBSCRIPTION,
                };
                let ty = parts.get(t).map_or("", String::as_str);
                let mut segs = ty.split('/');
                let mut id = format!(
                    "/subscriptions/{sub}/providers/{}",
                    segs.next().unwrap_or("")
                );
                for (seg, name) in segs.zip(parts.iter().skip(t + 1)) {
                    id.push_str(&format!("/{seg}/{name}"));
                }
                V::str(id)
            }
            // tryGet(value, key or index, ...): the value found (shared), or null.
            "tryget" => {
                let mut v = Some(arg(0)?);
                for k in a.iter().skip(1) {
                    v = match (v, k) {
                        (Some(V::Obj(m)), V::Str(key)) => get_ci_v(m, key),
                        (Some(V::Arr(x)), i) => {
                            usize::try_from(int(i)?).ok().and_then(|i| x.get(i))
                        }
                        _ => None,
                    };
                }
                v.cloned().unwrap_or(V::Null)
            }
            "deployment" => V::from(&serde_json::json!({
                "name": DEPLOYMENT,
                "location": RG_LOCATION,
                "properties": { "templateLink": { "uri": "", "contentVersion": "1.0.0.0" } },
            })),
            "guid" => {
                self.notes.push(
                    "guid() was replaced by a stand-in; the deployed value will differ".into(),
                );
                let h = V::from(&unique_string(&a)?);
                let t = text(&h)?;
                let hex: String = t
                    .bytes()
                    .chain(t.bytes().rev())
                    .chain(t.bytes())
                    .map(|b| char::from(b"0123456789abcdef"[usize::from(b % 16)]))
                    .take(32)
                    .collect();
                let part = |r: std::ops::Range<usize>| hex.get(r).unwrap_or("0");
                V::str(format!(
                    "{}-{}-{}-{}-{}",
                    part(0..8),
                    part(8..12),
                    part(12..16),
                    part(16..20),
                    part(20..32)
                ))
            }
            "tolower" => V::str(s(0)?.to_lowercase()),
            "toupper" => V::str(s(0)?.to_uppercase()),
            "trim" => V::str(s(0)?.trim()),
            "string" => match arg(0)? {
                V::Str(t) => V::Str(t.clone()),
                other => V::str(other.to_json().to_string()),
            },
            "int" => V::from(int(arg(0)?)?),
            "bool" => V::Bool(boolean(arg(0)?)?),
            "true" => V::Bool(true),
            "false" => V::Bool(false),
            "null" => V::Null,
            "equals" => V::Bool(equal(arg(0)?, arg(1)?)),
            "not" => V::Bool(!boolean(arg(0)?)?),
            "and" | "or" if n >= 2 => {
                let bs: Vec<bool> = a.iter().map(boolean).collect::<Result<_, _>>()?;
                V::Bool(if f == "and" {
                    bs.iter().all(|b| *b)
                } else {
                    bs.iter().any(|b| *b)
                })
            }
            "empty" => V::Bool(is_empty(arg(0)?)),
            "length" => V::from(match arg(0)? {
                V::Str(t) => t.chars().count(),
                V::Arr(x) => x.len(),
                V::Obj(m) => m.len(),
                _ => return bad("length needs a string, array or object"),
            }),
            "contains" => V::Bool(match arg(0)? {
                V::Str(t) => t.contains(&s(1)?),
                V::Arr(x) => x.iter().any(|e| equal(e, a.get(1).unwrap_or(&V::Null))),
                V::Obj(m) => get_ci_v(m, &s(1)?).is_some(),
                _ => return bad("contains needs a string, array or object"),
            }),
            "replace" => {
                let (t, from, to) = (s(0)?, s(1)?, s(2)?);
                if from.is_empty() {
                    return bad("replace: the text to replace is empty");
                }
                let grows = to
                    .len()
                    .saturating_sub(from.len())
                    .saturating_mul(t.matches(&from).count());
                long(t.len().saturating_add(grows))?;
                V::str(t.replace(&from, &to))
            }
            "substring" => {
                let t = s(0)?;
                let len = t.chars().count();
                let start = usize::try_from(int(arg(1)?)?).ok().filter(|i| *i <= len);
                let start = start
                    .ok_or_else(|| EvalError::Bad("substring: start is out of range".into()))?;
                let count = match a.get(2) {
                    Some(c) => usize::try_from(int(c)?)
                        .ok()
                        .filter(|c| start.checked_add(*c).is_some_and(|e| e <= len)),
                    None => Some(len - start),
                };
                let count = count
                    .ok_or_else(|| EvalError::Bad("substring: length is out of range".into()))?;
                V::str(t.chars().skip(start).take(count).collect::<String>())
            }
            "split" => {
                let t = s(0)?;
                let delims: Vec<String> = match arg(1)? {
                    V::Arr(d) => d.iter().map(text).collect::<Result<_, _>>()?,
                    d => vec![text(d)?],
                };
                let Some(first) = delims.first().filter(|d| !d.is_empty()) else {
                    return bad("split: the delimiter is empty");
                };
                let mut t = t;
                for d in delims.iter().skip(1).filter(|d| !d.is_empty()) {
                    t = t.replace(d.as_str(), first);
                }
                V::arr(t.split(first.as_str()).map(V::str).collect())
            }
            "first" | "last" => match arg(0)? {
                V::Str(t) => {
                    let c = if f == "first" {
                        t.chars().next()
                    } else {
                        t.chars().last()
                    };
                    V::str(c.map(String::from).unwrap_or_default())
                }
                V::Arr(x) => (if f == "first" { x.first() } else { x.last() })
                    .cloned()
                    .unwrap_or(V::Null),
                _ => return bad(format!("{name} needs a string or an array")),
            },
            "take" | "skip" => return slice(arg(0)?, int(arg(1)?)?, f == "take"),
            "coalesce" => a.iter().find(|v| !v.is_null()).cloned().unwrap_or(V::Null),
            "uniquestring" => {
                self.notes.push(
                    "uniqueString() was replaced by a stand-in; the deployed name will differ"
                        .into(),
                );
                return fresh(unique_string(&a));
            }
            "resourcegroup" => V::from(&serde_json::json!({
                "name": RG_NAME,
                "location": RG_LOCATION,
                "id": format!("/subscriptions/{SUBSCRIPTION}/resourceGroups/{RG_NAME}"),
            })),
            "subscription" => V::from(&serde_json::json!({
                "subscriptionId": SUBSCRIPTION,
                "id": format!("/subscriptions/{SUBSCRIPTION}"),
            })),
            "copyindex" => return self.copy_index(&a),
            "add" | "sub" | "mul" | "div" | "mod" => {
                let (x, y) = (int(arg(0)?)?, int(arg(1)?)?);
                let r = match f {
                    "add" => x.checked_add(y),
                    "sub" => x.checked_sub(y),
                    "mul" => x.checked_mul(y),
                    "div" => x.checked_div(y),
                    _ => x.checked_rem(y),
                };
                V::from(r.ok_or_else(|| {
                    EvalError::Bad(format!("{name}: division by zero or overflow"))
                })?)
            }
            "min" | "max" => {
                let all: Vec<i64> = match a.as_slice() {
                    [V::Arr(x)] => x.iter().map(int).collect::<Result<_, _>>()?,
                    _ => a.iter().map(int).collect::<Result<_, _>>()?,
                };
                let r = if f == "min" {
                    all.iter().min()
                } else {
                    all.iter().max()
                };
                V::from(*r.ok_or_else(|| EvalError::Bad(format!("{name} needs a value")))?)
            }
            "less" | "lessorequals" | "greater" | "greaterorequals" => {
                let order = match (arg(0)?, arg(1)?) {
                    (V::Str(x), V::Str(y)) => x.cmp(y),
                    (x, y) => int(x)?.cmp(&int(y)?),
                };
                V::Bool(match f {
                    "less" => order.is_lt(),
                    "lessorequals" => order.is_le(),
                    "greater" => order.is_gt(),
                    _ => order.is_ge(),
                })
            }
            // ARM compares these without case.
            "startswith" | "endswith" => {
                let (t, x) = (s(0)?.to_lowercase(), s(1)?.to_lowercase());
                V::Bool(if f == "startswith" {
                    t.starts_with(&x)
                } else {
                    t.ends_with(&x)
                })
            }
            "indexof" | "lastindexof" => {
                let (t, x) = (s(0)?.to_lowercase(), s(1)?.to_lowercase());
                let at = if f == "indexof" {
                    t.find(&x)
                } else {
                    t.rfind(&x)
                };
                V::from(at.map_or(-1, |b| {
                    i64::try_from(t.get(..b).map_or(0, |p| p.chars().count())).unwrap_or(-1)
                }))
            }
            "padleft" => {
                let t = s(0)?;
                let width = usize::try_from(int(arg(1)?)?)
                    .ok()
                    .filter(|w| *w <= 16_000)
                    .ok_or_else(|| EvalError::Bad("padLeft: the length is out of range".into()))?;
                let pad = match a.get(2) {
                    Some(p) => text(p)?.chars().next().unwrap_or(' '),
                    None => ' ',
                };
                let missing = width.saturating_sub(t.chars().count());
                V::str(
                    std::iter::repeat_n(pad, missing)
                        .chain(t.chars())
                        .collect::<String>(),
                )
            }
            "array" => match arg(0)? {
                V::Arr(x) => V::Arr(x.clone()),
                other => V::arr(vec![other.clone()]),
            },
            "union" => match a.first() {
                Some(V::Obj(_)) => {
                    let mut m = BTreeMap::new();
                    for x in &a {
                        let V::Obj(o) = x else {
                            return bad("union: mix of objects and other values");
                        };
                        m.extend(o.iter().map(|(k, v)| (k.clone(), v.clone())));
                    }
                    V::Obj(Rc::new(m))
                }
                _ => {
                    // Duplicates found through a set of the items' JSON text (equal values have
                    // equal text: object keys are sorted): O(n log n), first occurrences kept.
                    let mut all: Vec<V> = Vec::new();
                    let mut seen = std::collections::BTreeSet::new();
                    for x in &a {
                        let V::Arr(items) = x else {
                            return bad("union: mix of arrays and other values");
                        };
                        for v in items.iter() {
                            if seen.insert(v.to_json().to_string()) {
                                all.push(v.clone());
                            }
                        }
                        long(all.len())?;
                    }
                    V::arr(all)
                }
            },
            "parsecidr" => return fresh(parse_cidr(&s(0)?)),
            "cidrsubnet" => return fresh(cidr_subnet(&s(0)?, int(arg(1)?)?, int(arg(2)?)?)),
            "cidrhost" => return fresh(cidr_host(&s(0)?, int(arg(1)?)?)),
            "range" => {
                let (start, count) = (int(arg(0)?)?, int(arg(1)?)?);
                if !(0..=10_000).contains(&count) || start.checked_add(count).is_none() {
                    return bad("range: the count must be 0 to 10000");
                }
                V::arr((start..start + count).map(V::from).collect())
            }
            "createarray" => V::arr(a),
            "createobject" => {
                if !n.is_multiple_of(2) {
                    return bad("createObject needs name/value pairs");
                }
                let mut m = BTreeMap::new();
                for pair in a.chunks(2) {
                    if let [k, v] = pair {
                        m.insert(text(k)?, v.clone());
                    }
                }
                V::Obj(Rc::new(m))
            }
            "json" => {
                let j: Value =
                    serde_json::from_str(&s(0)?).or_else(|_| bad("json: the text is not JSON"))?;
                V::from(&j)
            }
            _ => return Err(EvalError::Unknown(name.to_string())),
        };
        Ok(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn scope() -> Scope {
        let t = json!({
            "parameters": {
                "name": { "type": "string", "defaultValue": "er-London" },
                "bw": { "type": "int", "defaultValue": 200 },
                "key": { "type": "securestring" },
                "loc": { "type": "string", "defaultValue": "[resourceGroup().location]" },
                "self": { "type": "string", "defaultValue": "[parameters('self')]" }
            },
            "variables": {
                "full": "[concat(parameters('name'), '-', variables('suffix'))]",
                "suffix": "x",
                "list": ["a", "[parameters('name')]"],
                "obj": { "k": [1, 2, 3] }
            }
        });
        Scope::new(t.as_object().unwrap(), Map::new())
    }

    fn ok(e: &str) -> Value {
        scope()
            .eval_str(e)
            .unwrap_or_else(|err| panic!("{e}: {err:?}"))
    }

    fn err(e: &str) -> EvalError {
        scope().eval_str(e).expect_err(e)
    }

    #[test]
    fn functions() {
        let cases: &[(&str, Value)] = &[
            ("plain", json!("plain")),
            ("[[literal]", json!("[literal]")),
            ("[parameters('NAME')]", json!("er-London")),
            ("[variables('full')]", json!("er-London-x")),
            ("[variables('list')[1]]", json!("er-London")),
            ("[variables('obj').k[2]]", json!(3)),
            ("[variables('obj')['k'][0]]", json!(1)),
            ("[concat('a', 1, true)]", json!("a1true")),
            ("[concat(createArray(1), createArray(2, 3))]", json!([1, 2, 3])),
            ("[format('{0}-{1}', 'a', 2)]", json!("a-2")),
            ("[format('{{x}}{0:D3}', 7)]", json!("{x}7")),
            ("[toLower('AbC')]", json!("abc")),
            ("[toUpper('AbC')]", json!("ABC")),
            ("[string(5)]", json!("5")),
            ("[string(createObject('a', 1))]", json!("{\"a\":1}")),
            ("[int('42')]", json!(42)),
            ("[bool('True')]", json!(true)),
            ("[if(equals(parameters('bw'), 200), 'yes', unknownFn())]", json!("yes")),
            ("[if(false(), 'a', 'b')]", json!("b")),
            ("[not(equals(1, 2))]", json!(true)),
            ("[and(true(), true(), false())]", json!(false)),
            ("[or(false(), true())]", json!(true)),
            ("[empty('')]", json!(true)),
            ("[empty(createArray())]", json!(true)),
            ("[length('héllo')]", json!(5)),
            ("[length(variables('list'))]", json!(2)),
            ("[replace('a-b-c', '-', '')]", json!("abc")),
            ("[substring('abcdef', 2, 3)]", json!("cde")),
            ("[substring('abc', 3)]", json!("")),
            ("[split('a,b;c', createArray(',', ';'))]", json!(["a", "b", "c"])),
            ("[split('a--b', '--')]", json!(["a", "b"])),
            ("[first('abc')]", json!("a")),
            ("[last(createArray(1, 2))]", json!(2)),
            ("[first(createArray())]", Value::Null),
            ("[take('abcdef', 2)]", json!("ab")),
            ("[skip(createArray(1, 2, 3), 2)]", json!([3])),
            ("[take('ab', -1)]", json!("")),
            ("[resourceGroup().location]", json!(RG_LOCATION)),
            ("[subscription().subscriptionId]", json!(SUBSCRIPTION)),
            ("[parameters('loc')]", json!(RG_LOCATION)),
            ("[json('{\"a\":[1]}').a[0]]", json!(1)),
            ("[createObject('a', 'b').A]", json!("b")),
            ("[coalesce(json('null'), 'x')]", json!("x")),
            ("[contains('abc', 'b')]", json!(true)),
            ("[trim('  a ')]", json!("a")),
            ("[ concat( 'it''s' , '' ) ]", json!("it's")),
            (
                "[resourceId('Microsoft.Network/expressRouteCircuits/peerings', 'c', 'AzurePrivatePeering')]",
                json!(format!("/subscriptions/{SUBSCRIPTION}/resourceGroups/{RG_NAME}/providers/Microsoft.Network/expressRouteCircuits/c/peerings/AzurePrivatePeering")),
            ),
            (
                "[resourceId('sub1', 'rg1', 'Microsoft.Network/routeFilters', 'rf')]",
                json!("/subscriptions/sub1/resourceGroups/rg1/providers/Microsoft.Network/routeFilters/rf"),
            ),
        ];
        for (e, want) in cases {
            assert_eq!(&ok(e), want, "{e}");
        }
    }

    #[test]
    fn lambdas() {
        let cases: &[(&str, Option<Value>)] = &[
            // AVM's public IP zones: map(zones, lambda('zone', string(lambdaVariables('zone')))).
            (
                "[map(createArray(1, 2, 3), lambda('zone', string(lambdaVariables('zone'))))]",
                Some(json!(["1", "2", "3"])),
            ),
            ("[map(createArray(), lambda('x', lambdaVariables('x')))]", Some(json!([]))),
            // The index as a second variable.
            (
                "[map(createArray('a', 'b'), lambda('x', 'i', concat(lambdaVariables('x'), string(lambdaVariables('i')))))]",
                Some(json!(["a0", "b1"])),
            ),
            (
                "[filter(createArray(1, 2, 3, 4), lambda('n', greater(lambdaVariables('n'), 2)))]",
                Some(json!([3, 4])),
            ),
            (
                "[reduce(createArray(1, 2, 3), 10, lambda('acc', 'n', add(lambdaVariables('acc'), lambdaVariables('n'))))]",
                Some(json!(16)),
            ),
            // Nested lambdas: the inner variable shadows nothing of the outer.
            (
                "[map(createArray(1, 2), lambda('a', map(createArray(10), lambda('b', add(lambdaVariables('a'), lambdaVariables('b'))))))]",
                Some(json!([[11], [12]])),
            ),
            // A parameter given at deployment stays unknown.
            ("[map(parameters('key'), lambda('x', lambdaVariables('x')))]", None),
        ];
        for (e, want) in cases {
            match want {
                Some(v) => assert_eq!(&ok(e), v, "{e}"),
                None => assert!(ok(e).as_str().is_some_and(|s| s.starts_with(MARK)), "{e}"),
            }
        }
        for e in [
            "[lambdaVariables('x')]",
            "[map(createArray(1), lambda('x', lambdaVariables('y')))]",
            "[map(createArray(1), 'notALambda')]",
            "[map(createArray(1))]",
            "[map('abc', lambda('x', lambdaVariables('x')))]",
            "[reduce(createArray(1), lambda('a', 'b', lambdaVariables('a')))]",
            "[map(createArray(1), lambda('x', 'i', 'j', 1))]",
            "[lambda('x', 1)]",
            "[filter(createArray(1), lambda('x', 'text'))]",
        ] {
            assert!(
                matches!(err(e), EvalError::Bad(_)),
                "{e}: {:?}",
                scope().eval_str(e)
            );
        }
        // After a lambda, its variables are out of scope again.
        let mut s = scope();
        s.eval_str("[map(createArray(1), lambda('x', lambdaVariables('x')))]")
            .unwrap();
        assert!(s.lambdas.is_empty());
    }

    #[test]
    fn extension_and_tenant_resource_ids() {
        const C: &str = "Microsoft.Network/expressRouteCircuits";
        let cases: &[(&str, Option<String>)] = &[
            // Bicep's reference to a resource of another resource group.
            (
                "[extensionResourceId('/subscriptions/s1/resourceGroups/rg1', 'Microsoft.Network/expressRouteCircuits', 'er')]",
                Some(format!("/subscriptions/s1/resourceGroups/rg1/providers/{C}/er")),
            ),
            (
                "[extensionResourceId(format('/subscriptions/{0}/resourceGroups/{1}', subscription().subscriptionId, 'rg1'), 'Microsoft.Network/expressRouteCircuits', 'er')]",
                Some(format!("/subscriptions/{SUBSCRIPTION}/resourceGroups/rg1/providers/{C}/er")),
            ),
            // A trailing slash on the scope, a child type with two names.
            (
                "[extensionResourceId('/subscriptions/s1/resourceGroups/rg1/', 'Microsoft.Network/expressRouteCircuits/peerings', 'er', 'AzurePrivatePeering')]",
                Some(format!("/subscriptions/s1/resourceGroups/rg1/providers/{C}/er/peerings/AzurePrivatePeering")),
            ),
            (
                "[tenantResourceId('Microsoft.Network/expressRouteCircuits', 'er')]",
                Some(format!("/providers/{C}/er")),
            ),
            // Names and types that don't match, no type.
            ("[extensionResourceId('/subscriptions/s1', 'Microsoft.Network/expressRouteCircuits')]", None),
            ("[extensionResourceId('/subscriptions/s1', 'Microsoft.Network/expressRouteCircuits', 'a', 'b')]", None),
            ("[extensionResourceId('/subscriptions/s1')]", None),
            ("[tenantResourceId('Microsoft.Network', 'x')]", None),
        ];
        for (e, want) in cases {
            match want {
                Some(id) => {
                    assert_eq!(ok(e), json!(id), "{e}");
                    assert!(parse_id(id).is_some_and(|(t, _)| t.starts_with(C)), "{e}");
                }
                None => assert!(matches!(err(e), EvalError::Bad(_)), "{e}: {:?}", err(e)),
            }
        }
    }

    #[test]
    fn errors() {
        assert_eq!(
            err("[unknownFn(1)]"),
            EvalError::Unknown("unknownFn".into())
        );
        assert_eq!(
            err("[reference('x').a]"),
            EvalError::Unknown("reference".into())
        );
        // U20: a parameter without a value is given at deployment: a marked value, which text
        // functions carry along and any other function of it stays.
        assert_eq!(
            ok("[parameters('key')]"),
            json!(marked("parameters('key')"))
        );
        for e in [
            "[concat('er-', parameters('key'))]",
            "[format('{0}-x', parameters('key'))]",
            "[toLower(parameters('key'))]",
        ] {
            assert!(
                ok(e)
                    .as_str()
                    .is_some_and(|s| s.contains(&marked("parameters('key')"))),
                "{e}"
            );
        }
        for e in [
            "[equals(parameters('key'), 'x')]",
            "[length(parameters('key'))]",
            "[add(parameters('key'), 1)]",
            "[if(equals(parameters('key'), 'a'), 'b', 'c')]",
            "[parameters('key').property]",
            "[parameters('key')[0]]",
            "[resourceGroup().location]",
        ] {
            assert!(
                ok(e)
                    .as_str()
                    .is_some_and(|s| s.starts_with(MARK) && s.ends_with(MARK)),
                "{e}: {:?}",
                ok(e)
            );
        }
        let mut s = scope();
        let _ = s.eval_str("[concat(parameters('key'), parameters('key'))]");
        assert_eq!(
            s.missing,
            ["key"],
            "each parameter without a value is noted once"
        );
        assert_eq!(
            s.copy_loop(&json!({"name": "x", "count": "[parameters('key')]"})),
            Err(EvalError::Missing("parameters('key')".into(), false))
        );
        for (e, want) in [
            ("[concat('a']", "expected"),
            ("['open]", "not closed"),
            ("[parameters('nope')]", "not declared"),
            ("[variables('nope')]", "not declared"),
            ("[parameters('self')]", "refers to itself"),
            ("[substring('abc', 2, 5)]", "out of range"),
            ("[substring('abc', -1)]", "out of range"),
            ("[substring('abc', 1, 9223372036854775807)]", "out of range"),
            ("[createArray(1)[5]]", "out of range"),
            ("[format('{3}', 1)]", "no argument"),
            ("[format('{0', 1)]", "not closed"),
            ("[resourceId('Microsoft.Network/x/y', 'a')]", "needs 2 name"),
            ("[int('x')]", "not a whole number"),
            ("[createObject('a')]", "pairs"),
            ("[concat('a') x]", "unexpected text"),
            ("[a.b]", "expected '('"),
            ("[#]", "unexpected character"),
            ("[]", "expected a value"),
            ("[if(true(), 'a')]", "3 arguments"),
            ("[replace('a', '', 'b')]", "empty"),
            ("[json('{')]", "not JSON"),
            ("[99999999999999999999]", "not a number"),
        ] {
            match err(e) {
                EvalError::Bad(why) => assert!(why.contains(want), "{e}: {why}"),
                other => panic!("{e}: {other:?}"),
            }
        }
        let deep = format!("[{}'a'{}]", "concat(".repeat(40), ")".repeat(40));
        assert!(matches!(err(&deep), EvalError::Bad(w) if w.contains("too deeply")));
    }

    /// A scope over variables with copy loops, for the loop tests.
    fn loop_scope() -> Scope {
        let t = json!({
            "parameters": {
                "sites": { "type": "array", "defaultValue": ["ams", "lon", "sin"] }
            },
            "variables": {
                "copy": [
                    { "name": "prefixes", "count": 3, "input": "[concat('10.', copyIndex('prefixes', 1), '.0.0/16')]" },
                    { "name": "empty", "count": 0, "input": "x" },
                    { "name": "uses", "count": 2, "input": "[variables('prefixes')[copyIndex('uses')]]" }
                ],
                "vnet": {
                    "copy": [
                        { "name": "subnets", "count": "[length(parameters('sites'))]",
                          "input": { "name": "[parameters('sites')[copyIndex('subnets')]]" } }
                    ],
                    "kept": true
                },
                "outer": "[copyIndex()]"
            }
        });
        Scope::new(t.as_object().unwrap(), Map::new())
    }

    #[test]
    fn copy_index_in_loops() {
        let mut s = loop_scope();
        // Outside any loop.
        for e in ["[copyIndex()]", "[copyIndex(1)]", "[copyIndex('x')]"] {
            assert!(
                matches!(s.eval_str(e), Err(EvalError::Bad(w)) if w.contains("outside")),
                "{e}"
            );
        }
        // A resource loop (index 2), a property loop inside it (index 0): no name = innermost.
        let got = s.in_loop("vnets", 2, |s| {
            s.in_loop("subnets", 0, |s| {
                [
                    "[copyIndex()]",
                    "[copyIndex(10)]",
                    "[copyIndex('VNETS')]",
                    "[copyIndex('vnets', 1)]",
                    "[copyIndex('subnets')]",
                ]
                .map(|e| s.eval_str(e).unwrap())
            })
        });
        assert_eq!(got, [json!(0), json!(10), json!(2), json!(3), json!(0)]);
        assert!(matches!(
            s.in_loop("a", 0, |s| s.eval_str("[copyIndex('b')]")),
            Err(EvalError::Bad(w)) if w.contains("'b'")
        ));
        assert!(s
            .in_loop("a", 0, |s| s.eval_str("[copyIndex(1, 2)]"))
            .is_err());
        // A variable is the same wherever it is used: the loop around its use doesn't reach it.
        assert!(s
            .in_loop("a", 1, |s| s.eval_str("[variables('outer')]"))
            .is_err());
    }

    #[test]
    fn variable_and_property_loops() {
        let mut s = loop_scope();
        let cases: &[(&str, Value)] = &[
            (
                "[variables('prefixes')]",
                json!(["10.1.0.0/16", "10.2.0.0/16", "10.3.0.0/16"]),
            ),
            ("[variables('PREFIXES')[2]]", json!("10.3.0.0/16")),
            ("[variables('empty')]", json!([])),
            ("[variables('uses')]", json!(["10.1.0.0/16", "10.2.0.0/16"])),
            (
                "[variables('vnet')]",
                json!({ "subnets": [{ "name": "ams" }, { "name": "lon" }, { "name": "sin" }], "kept": true }),
            ),
            ("[range(5, 3)]", json!([5, 6, 7])),
            ("[range(0, 0)]", json!([])),
        ];
        for (e, want) in cases {
            assert_eq!(s.eval_str(e).as_ref(), Ok(want), "{e}");
        }
        assert!(s.eval_str("[range(0, -1)]").is_err());
        assert!(s.eval_str("[range(9223372036854775807, 2)]").is_err());
    }

    #[test]
    fn numbers_comparisons_strings_and_cidr() {
        let cases: &[(&str, Value)] = &[
            ("[add(2, 3)]", json!(5)),
            ("[sub(2, 3)]", json!(-1)),
            ("[mul(4, 25)]", json!(100)),
            ("[div(7, 2)]", json!(3)),
            ("[mod(7, 2)]", json!(1)),
            ("[min(3, 1, 2)]", json!(1)),
            ("[max(createArray(3, 9, 2))]", json!(9)),
            ("[less(1, 2)]", json!(true)),
            ("[lessOrEquals(2, 2)]", json!(true)),
            ("[greater('b', 'a')]", json!(true)),
            ("[greaterOrEquals(1, 2)]", json!(false)),
            ("[startsWith('ER-London', 'er-')]", json!(true)),
            ("[endsWith('ER-London', 'DON')]", json!(true)),
            ("[indexOf('abcabc', 'BC')]", json!(1)),
            ("[lastIndexOf('abcabc', 'bc')]", json!(4)),
            ("[indexOf('abc', 'x')]", json!(-1)),
            ("[indexOf('héllo', 'l')]", json!(2)),
            ("[padLeft(7, 3, '0')]", json!("007")),
            ("[padLeft('long', 2)]", json!("long")),
            ("[array('a')]", json!(["a"])),
            (
                "[union(createArray(1, 2), createArray(2, 3))]",
                json!([1, 2, 3]),
            ),
            (
                "[union(createObject('a', 1), createObject('b', 2))]",
                json!({ "a": 1, "b": 2 }),
            ),
            (
                "[parseCidr('10.144.0.0/20')]",
                json!({ "network": "10.144.0.0", "netmask": "255.255.240.0", "broadcast": "10.144.15.255", "firstUsable": "10.144.0.1", "lastUsable": "10.144.15.254", "cidr": 20 }),
            ),
            (
                "[parseCidr('fdad:3236:5555::/48')]",
                json!({ "network": "fdad:3236:5555::", "netmask": "ffff:ffff:ffff::", "firstUsable": "fdad:3236:5555::", "lastUsable": "fdad:3236:5555:ffff:ffff:ffff:ffff:ffff", "cidr": 48 }),
            ),
            (
                "[parseCidr('192.168.100.128/30').firstUsable]",
                json!("192.168.100.129"),
            ),
            (
                "[cidrSubnet('10.144.0.0/20', 24, 0)]",
                json!("10.144.0.0/24"),
            ),
            (
                "[cidrSubnet('10.144.0.0/20', 24, 4)]",
                json!("10.144.4.0/24"),
            ),
            (
                "[cidrSubnet('10.144.0.0/20', 24, 15)]",
                json!("10.144.15.0/24"),
            ),
            (
                "[cidrSubnet('10.144.0.0/20', 20, 0)]",
                json!("10.144.0.0/20"),
            ),
            (
                "[cidrSubnet('192.168.100.128/29', 30, 1)]",
                json!("192.168.100.132/30"),
            ),
            (
                "[cidrSubnet('fdad:3236:5555::/48', 52, 1)]",
                json!("fdad:3236:5555:1000::/52"),
            ),
            ("[cidrHost('10.144.3.0/24', 0)]", json!("10.144.3.1")),
            ("[cidrHost('10.144.3.0/24', 253)]", json!("10.144.3.254")),
            (
                "[cidrHost('fdad:3236:5555:3000::/52', 4)]",
                json!("fdad:3236:5555:3000::5"),
            ),
        ];
        let mut sc = scope();
        for (e, want) in cases {
            assert_eq!(sc.eval_str(e).as_ref(), Ok(want), "{e}");
        }
        for (e, why) in [
            ("[div(1, 0)]", "division by zero"),
            ("[mod(1, 0)]", "division by zero"),
            ("[add(9223372036854775807, 1)]", "overflow"),
            ("[min(createArray())]", "needs a value"),
            ("[padLeft('a', 99999)]", "out of range"),
            ("[union(createArray(1), 'x')]", "mix"),
            ("[parseCidr('10.0.0.0')]", "not a CIDR"),
            ("[cidrSubnet('10.144.0.0/20', 19, 0)]", "20 to 32"),
            ("[cidrSubnet('10.144.0.0/20', 33, 0)]", "20 to 32"),
            ("[cidrSubnet('10.144.0.0/20', 24, 16)]", "index"),
            ("[cidrSubnet('10.144.0.0/20', 24, -1)]", "index"),
            ("[cidrHost('10.144.3.0/24', 254)]", "host index"),
            ("[cidrHost('10.144.3.0/24', -1)]", "host index"),
            ("[cidrHost('10.0.0.0/32', 0)]", "host index"),
            (
                "[cidrHost('::/0', 340282366920938463463374607431768211455)]",
                "not a number",
            ),
        ] {
            match sc.eval_str(e) {
                Err(EvalError::Bad(w)) => assert!(w.contains(why), "{e}: {w}"),
                other => panic!("{e}: {other:?}"),
            }
        }
    }

    #[test]
    fn bicep_written_templates() {
        // languageVersion 2.0, as Bicep writes it (Azure Verified Modules): nullable parameters,
        // user-defined types, tryGet, deployment(), guid(), subscriptionResourceId().
        let t = json!({
            "definitions": {
                "lockType": { "type": "object", "nullable": true },
                "strict": { "type": "object" }
            },
            "parameters": {
                "peerings": { "type": "array", "nullable": true },
                "lock": { "$ref": "#/definitions/lockType" },
                "required": { "type": "string" },
                "typed": { "$ref": "#/definitions/strict" },
                "obj": { "type": "object", "defaultValue": { "a": { "b": [10, 20] } } }
            }
        });
        let mut s = Scope::new(t.as_object().unwrap(), Map::new());
        let cases: &[(&str, Value)] = &[
            ("[parameters('peerings')]", json!(null)),
            ("[length(coalesce(parameters('peerings'), createArray()))]", json!(0)),
            ("[parameters('lock')]", json!(null)),
            ("[tryGet(parameters('lock'), 'kind')]", json!(null)),
            ("[tryGet(parameters('obj'), 'a', 'b', 1)]", json!(20)),
            ("[tryGet(parameters('obj'), 'A', 'B', 0)]", json!(10)),
            ("[tryGet(parameters('obj'), 'a', 'x')]", json!(null)),
            ("[tryGet(parameters('obj'), 'a', 'b', 9)]", json!(null)),
            ("[deployment().name]", json!(DEPLOYMENT)),
            (
                "[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'abc')]",
                json!(format!("/subscriptions/{SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions/abc")),
            ),
        ];
        for (e, want) in cases {
            assert_eq!(s.eval_str(e).as_ref(), Ok(want), "{e}");
        }
        for p in ["required", "typed"] {
            assert_eq!(
                s.eval_str(&format!("[parameters('{p}')]")),
                Ok(json!(marked(&format!("parameters('{p}')")))),
                "{p}: not nullable, no default: given at deployment"
            );
        }
        let g = s.eval_str("[guid('a', 'b')]").unwrap();
        assert_eq!(g, s.eval_str("[guid('a', 'b')]").unwrap(), "deterministic");
        assert_ne!(g, s.eval_str("[guid('a', 'c')]").unwrap());
        let g = g.as_str().unwrap_or_default().to_string();
        let groups: Vec<usize> = g.split('-').map(str::len).collect();
        assert_eq!(groups, [8, 4, 4, 4, 12], "{g}");
        assert!(g.chars().all(|c| c == '-' || c.is_ascii_hexdigit()), "{g}");
        assert!(s.notes.iter().any(|n| n.contains("guid()")));
    }

    #[test]
    fn copy_counts_at_their_limits() {
        let mut s = scope();
        for (count, ok) in [
            (json!(-1), false),
            (json!(0), true),
            (json!(1), true),
            (json!(800), true),
            (json!(801), false),
            (json!("[parameters('bw')]"), true),
            (json!("[parameters('key')]"), false),
            (json!("two"), false),
        ] {
            let got = s.copy_loop(&json!({ "name": "l", "count": count }));
            assert_eq!(got.is_ok(), ok, "count {count}: {got:?}");
        }
        assert!(s.copy_loop(&json!({ "count": 2 })).is_err(), "no name");
        assert!(s.copy_loop(&json!({ "name": "l" })).is_err(), "no count");
        assert!(s.copy_loop(&json!([1])).is_err(), "not an object");
        // Nested loops multiply: the template's copies in all are bounded.
        let mut s = scope();
        let mut made = 0;
        let err = loop {
            match s.copy_loop(&json!({ "name": "l", "count": 800 })) {
                Ok(l) => made += l.count,
                Err(e) => break e,
            }
        };
        assert_eq!(made, 9600);
        assert!(matches!(err, EvalError::Bad(w) if w.contains("10000 copies")));
    }

    #[test]
    fn doubling_is_bounded() {
        let mut vars = Map::new();
        vars.insert("v0".into(), json!("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"));
        for i in 1..30 {
            vars.insert(
                format!("v{i}"),
                json!(format!(
                    "[concat(variables('v{0}'), variables('v{0}'))]",
                    i - 1
                )),
            );
        }
        let t = json!({ "variables": vars });
        let mut s = Scope::new(t.as_object().unwrap(), Map::new());
        // 32 characters doubled 20 times: longer than the limit on one value.
        assert!(
            matches!(s.eval_str("[variables('v20')]"), Err(EvalError::Bad(w)) if w.contains("too long"))
        );
        // 29 variables, each using the one before: deeper than the evaluation's one budget.
        let mut s = Scope::new(t.as_object().unwrap(), Map::new());
        assert!(
            matches!(s.eval_str("[variables('v29')]"), Err(EvalError::Bad(w)) if w.contains("too deeply"))
        );
    }

    /// A scope over `variables` only.
    fn vars_scope(vars: Map<String, Value>) -> Scope {
        let t = json!({ "variables": vars });
        Scope::new(t.as_object().unwrap(), Map::new())
    }

    #[test]
    fn every_constructor_is_counted() {
        // (expression, at least this many units charged): each builds a value of that size.
        let cases: &[(&str, usize)] = &[
            ("[range(0, 10000)]", 10_001),
            ("[createArray(range(0, 5000), range(0, 5000))]", 10_003),
            ("[concat(range(0, 5000), range(5000, 5000))]", 20_002),
            ("[union(range(0, 5000), range(5000, 5000))]", 20_002),
            ("[array(range(0, 5000))]", 10_002),
            ("[string(range(0, 5000))]", 5_002),
            ("[createObject('a', range(0, 5000))]", 10_002),
            ("[json(string(range(0, 5000)))]", 10_002),
            ("[take(range(0, 5000), 5000)]", 10_002),
            ("[split(string(range(0, 5000)), ',')]", 10_000),
            // The value found is shared with the object, then copied into the JSON returned.
            ("[tryGet(createObject('a', range(0, 5000)), 'a')]", 10_002),
            ("[variables('big')]", 20_002),
        ];
        for (e, least) in cases {
            let mut vars = Map::new();
            vars.insert("big".into(), json!("[range(0, 10000)]"));
            let mut s = vars_scope(vars);
            let v = s.eval_str(e).unwrap_or_else(|err| panic!("{e}: {err:?}"));
            assert!(s.built >= *least, "{e}: {} units charged", s.built);
            assert!(s.built >= size(&v), "{e}: the result was not charged");
        }
    }

    /// Chained `createArray(variables(x), …)` with `wide` uses per link, `links` links.
    fn doubling(wide: usize, links: usize) -> Map<String, Value> {
        let mut vars = Map::new();
        vars.insert("x0".into(), json!("leaf"));
        for i in 1..=links {
            let uses = vec![format!("variables('x{}')", i - 1); wide].join(", ");
            vars.insert(format!("x{i}"), json!(format!("[createArray({uses})]")));
        }
        vars
    }

    #[test]
    fn create_array_doubling_is_shared_and_refused_when_copied() {
        // The issue's 2.3 KB template: 30 chained createArray(variables(x), variables(x)), 2^30
        // leaves if each use were a copy. Each use is shared: a link builds one array of two
        // references, and reading its length costs a few units a link.
        let vars = doubling(2, 30);
        let t = json!({ "variables": vars });
        assert!(t.to_string().len() < 2_500, "{}", t.to_string().len());
        let mut s = vars_scope(vars.clone());
        assert_eq!(s.eval_str("[length(variables('x20'))]"), Ok(json!(2)));
        assert_eq!(s.evaluated, 21, "each variable evaluated once");
        assert!(s.built < 200, "{} units", s.built);
        // Copied out (into the import's JSON, printed, compared): its 2^20 leaves are over the
        // budget, refused by a walk that stops at the budget.
        for e in [
            "[variables('x20')]",
            "[length(string(variables('x20')))]",
            "[equals(variables('x20'), variables('x19'))]",
            "[contains(variables('x20'), 'leaf')]",
            "[length(union(variables('x20'), variables('x19')))]",
        ] {
            let mut s = vars_scope(vars.clone());
            let r = s.eval_str(e);
            assert!(
                matches!(&r, Err(EvalError::Bad(w)) if w == BUDGET),
                "{e}: {r:?}"
            );
            assert!(s.built <= 2 * MAX_BUILT, "{e}: {} units", s.built);
            // Once the budget is spent, every later evaluation is refused at once.
            assert!(matches!(s.eval_str("[add(1, 1)]"), Err(EvalError::Bad(w)) if w == BUDGET));
        }
        // x30: a chain deeper than the depth budget (each link is three levels: the call, the
        // variable's use and its value).
        let mut s = vars_scope(vars.clone());
        let r = s.eval_str("[length(variables('x30'))]");
        assert!(
            matches!(&r, Err(EvalError::Bad(w)) if w.contains("too deeply")),
            "{r:?}"
        );
        // A smaller doubling is copied out whole.
        let mut s = vars_scope(vars);
        let v = s.eval_str("[variables('x10')]").unwrap();
        assert_eq!(size(&v), 2047);
        assert!(s.built >= 2047, "the copy was counted: {} units", s.built);
        // A hundred uses a link: 100^6 leaves, shared; copying is refused by the budget after
        // a walk of about the budget, not of 10^12 leaves.
        let wide = doubling(100, 6);
        let mut s = vars_scope(wide.clone());
        assert_eq!(s.eval_str("[length(variables('x6'))]"), Ok(json!(100)));
        let mut s = vars_scope(wide);
        let start = std::time::Instant::now();
        assert!(
            matches!(s.eval_str("[string(variables('x6'))]"), Err(EvalError::Bad(w)) if w == BUDGET)
        );
        assert!(start.elapsed() < std::time::Duration::from_secs(20));
    }

    #[test]
    fn a_variable_used_many_times_is_evaluated_once() {
        // A variable of 10,001 values used 1,000 times: 10 million values if each use were a
        // copy (over the budget); one evaluation and a reference per use when shared.
        let mut vars = Map::new();
        vars.insert("big".into(), json!("[range(0, 10000)]"));
        vars.insert(
            "cfg".into(),
            json!({ "name": "er-1", "prefixes": "[variables('big')]" }),
        );
        let uses = |e: &str| vec![e; 1_000].join(", ");
        for one in [
            "length(variables('big'))",
            "variables('cfg').name",
            "variables('big')[9999]",
            "first(variables('cfg').prefixes)",
        ] {
            let e = format!("[length(createArray({}))]", uses(one));
            let e = e.as_str();
            let mut s = vars_scope(vars.clone());
            assert_eq!(s.eval_str(e), Ok(json!(1_000)), "{one}");
            assert!(s.evaluated <= 2, "{one}: {} evaluations", s.evaluated);
            // The variable's 10,001 values once, and a few units a use.
            assert!(s.built < 10_001 + 10 * 1_000, "{one}: {} units", s.built);
        }
        // Every use is one unit, however large the value.
        let mut s = vars_scope(vars.clone());
        s.eval_str("[length(variables('big'))]").unwrap();
        let once = s.built;
        s.eval_str("[length(variables('big'))]").unwrap();
        assert!(
            s.built - once < 10,
            "{} units for a second use",
            s.built - once
        );
        assert_eq!(s.evaluated, 1);
    }

    #[test]
    fn union_of_a_million_numbers_is_refused_and_large_unions_are_fast() {
        let ranges = |n: usize, k: usize| -> String {
            (0..n)
                .map(|i| format!("range({}, {k})", i * k))
                .collect::<Vec<_>>()
                .join(", ")
        };
        // 10^6 distinct numbers: over the budget.
        let e = format!("[length(union({}))]", ranges(100, 10_000));
        let mut s = scope();
        assert!(matches!(s.eval_str(&e), Err(EvalError::Bad(w)) if w == BUDGET));
        // 100,000 distinct numbers and as many duplicates: O(n log n), first occurrences kept.
        let e = format!("[union({}, {})]", ranges(10, 10_000), ranges(10, 10_000));
        let start = std::time::Instant::now();
        let v = scope().eval_str(&e).unwrap();
        let took = start.elapsed();
        let a = v.as_array().unwrap();
        assert_eq!(a.len(), 100_000);
        assert_eq!(a.first(), Some(&json!(0)));
        assert_eq!(a.last(), Some(&json!(99_999)));
        // Quadratic de-duplication takes minutes here (5·10^9 comparisons); this takes well
        // under a second. A generous bound, for a loaded machine.
        assert!(took < std::time::Duration::from_secs(20), "{took:?}");
        // Equal values of different shapes are one; 1 and 1.0 are different numbers in JSON.
        assert_eq!(
            scope().eval_str("[union(createArray(createObject('a', 1), 2), createArray(json('{\"a\":1}'), 2, json('2.0')))]"),
            Ok(json!([{ "a": 1 }, 2, 2.0]))
        );
    }

    #[test]
    fn one_depth_budget_across_variables_and_expressions() {
        // A chain of 10,000 variables: refused at the depth budget, quickly, on a small stack
        // (1 MB, the browser's wasm stack, in an optimised build; debug frames are about twice
        // as large).
        let mut vars = Map::new();
        vars.insert("v0".into(), json!("end"));
        for i in 1..10_000 {
            vars.insert(format!("v{i}"), json!(format!("[variables('v{}')]", i - 1)));
        }
        let r = std::thread::Builder::new()
            .stack_size(if cfg!(debug_assertions) {
                2 << 20
            } else {
                1 << 20
            })
            .spawn(move || {
                let mut s = vars_scope(vars);
                let deep = s.eval_str("[variables('v9999')]");
                let at_limit = s.eval_str("[variables('v20')]");
                (deep, at_limit)
            })
            .unwrap()
            .join()
            .unwrap();
        assert!(
            matches!(&r.0, Err(EvalError::Bad(w)) if w.contains("too deeply")),
            "{:?}",
            r.0
        );
        assert_eq!(r.1, Ok(json!("end")), "a chain of 20 variables is read");
        // The same budget counts a variable's own expression: nested calls in each link.
        let mut vars = Map::new();
        vars.insert("w0".into(), json!("end"));
        for i in 1..40 {
            vars.insert(
                format!("w{i}"),
                json!(format!("[string(string(variables('w{}')))]", i - 1)),
            );
        }
        let mut s = vars_scope(vars.clone());
        assert!(
            matches!(s.eval_str("[variables('w39')]"), Err(EvalError::Bad(w)) if w.contains("too deeply"))
        );
        let mut s = vars_scope(vars);
        assert_eq!(s.eval_str("[variables('w10')]"), Ok(json!("end")));
        // A property chain as written counts too (no deep tree is built from `.a.a.a…`).
        let long = format!("[createObject('a', 1){}]", ".a".repeat(100_000));
        assert!(
            matches!(scope().eval_str(&long), Err(EvalError::Bad(w)) if w.contains("too deeply"))
        );
    }

    /// Random trees of constructors over variables that use each other: every value returned
    /// was counted against the budget, and the count stays near the budget.
    #[cfg(not(target_arch = "wasm32"))]
    mod props {
        use super::*;
        use proptest::collection::vec;
        use proptest::prelude::*;
        use proptest::sample::select;

        const FUNCTIONS: &[&str] = &[
            "createArray",
            "concat",
            "union",
            "string",
            "array",
            "createObject",
            "json",
            "take",
            "skip",
            "first",
            "last",
            "coalesce",
            "tryGet",
            "length",
            "if",
            "split",
            "replace",
            "format",
            "padLeft",
            "range",
            "empty",
            "contains",
        ];

        fn expr() -> impl Strategy<Value = String> {
            let leaf = prop_oneof![
                Just("variables('a')".to_string()),
                Just("variables('b')".to_string()),
                Just("parameters('p')".to_string()),
                Just("'a,b'".to_string()),
                (0..3_000i64).prop_map(|n| format!("range(0, {n})")),
                (-3..3_000i64).prop_map(|n| n.to_string()),
            ];
            leaf.prop_recursive(6, 64, 4, |inner| {
                (select(FUNCTIONS), vec(inner, 0..5))
                    .prop_map(|(f, args)| format!("{f}({})", args.join(", ")))
            })
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(1_000))]

            #[test]
            fn every_value_built_is_counted(e in expr(), a in expr(), b in expr()) {
                let t = json!({
                    "parameters": { "p": { "type": "array", "defaultValue": [1, "x", { "k": [2] }] } },
                    "variables": { "a": format!("[{a}]"), "b": format!("[{b}]") }
                });
                let mut s = Scope::new(t.as_object().unwrap(), Map::new());
                if let Ok(v) = s.eval_str(&format!("[{e}]")) {
                    prop_assert!(size(&v) <= s.built, "{} units returned, {} counted", size(&v), s.built);
                }
                prop_assert!(s.built <= 4 * MAX_BUILT, "{} units", s.built);
            }
        }
    }

    #[test]
    fn unique_string_is_deterministic_and_noted() {
        let mut s = scope();
        let a = s.eval_str("[uniqueString('a', 'b')]").unwrap();
        assert_eq!(a, s.eval_str("[uniqueString('a', 'b')]").unwrap());
        assert_ne!(a, s.eval_str("[uniqueString('a', 'c')]").unwrap());
        assert_eq!(a.as_str().map(str::len), Some(13));
        assert_eq!(s.notes.len(), 3);
    }

    #[test]
    fn ids_parse_back() {
        let id = "/subscriptions/s/resourceGroups/g/providers/Microsoft.Network/expressRouteCircuits/c/peerings/p";
        assert_eq!(
            parse_id(id),
            Some((
                "Microsoft.Network/expressRouteCircuits/peerings".into(),
                vec!["c".into(), "p".into()]
            ))
        );
        assert_eq!(id_scope(id), ("s".into(), "g".into()));
        assert_eq!(parse_id("nonsense"), None);
        assert_eq!(parse_id("/providers/Microsoft.Network/x"), None);
        assert_eq!(parse_id("/providers/Microsoft.Network/x/a/y"), None);
    }
}
