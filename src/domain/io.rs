//! Reading design files safely, and writing findings as text or JSON.
//!
//! Shared by the `erwiz` command-line checker and the browser (file import, paste). Everything
//! here is pure: it takes text or bytes and returns a [`Design`] or an [`InputError`] whose
//! `Display` is a one-line reason a user can act on. No input makes it panic, however large,
//! deep or malformed (property-tested in `tests/props.rs`).
//!
//! [`parse_design`] checks, in order:
//! 1. size: at most [`MAX_INPUT_BYTES`] (5 MB; a real design is a few kB);
//! 2. emptiness;
//! 3. nesting depth: at most [`MAX_NESTING`] levels, by a bracket scan that skips JSON strings,
//!    before any parser runs (a design is 5 levels deep; serde_json would stop at 128 with a
//!    less helpful message);
//! 4. JSON syntax, with line and column;
//! 5. the top-level value is an object;
//! 6. the schema `version`: missing means current, newer than [`SCHEMA_VERSION`] is refused;
//! 7. the schema itself (field types, enum values), with line and column.
//!
//! Unknown fields are ignored, so files written by tools that add their own keys still load.

use serde::de::IgnoredAny;
use serde::Deserialize;
use serde_json::Value;
use std::fmt;

use super::bounds::{self, Exceeded};
use super::finding::counts;
use super::finding::Finding;
use super::model::{Design, SCHEMA_VERSION};

/// Largest design input accepted, in bytes (5 MB).
pub const MAX_INPUT_BYTES: usize = 5 * 1024 * 1024;

/// Deepest nesting of JSON arrays and objects accepted. A design needs 5 levels.
pub const MAX_NESTING: usize = 64;

/// A line and column in the input, both counted from 1 (the column counts characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    /// Line number, from 1.
    pub line: usize,
    /// Column number, from 1.
    pub column: usize,
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {} column {}", self.line, self.column)
    }
}

/// Why a design could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputError {
    /// Larger than [`MAX_INPUT_BYTES`]; the size when it is known.
    TooLarge {
        /// Size in bytes, when known (a file's length; unknown for a stream cut short).
        bytes: Option<u64>,
    },
    /// Not UTF-8 text.
    NotUtf8 {
        /// Byte offset of the first invalid byte.
        offset: usize,
        /// The input starts with a UTF-16 byte-order mark.
        utf16: bool,
    },
    /// Nothing but whitespace.
    Empty,
    /// Arrays and objects nested deeper than [`MAX_NESTING`].
    TooDeep {
        /// Where the nesting limit was passed.
        at: Position,
    },
    /// Not JSON.
    InvalidJson {
        /// Where the parser stopped.
        at: Position,
        /// The parser's reason.
        reason: String,
    },
    /// Valid JSON, but not an object.
    NotAnObject {
        /// What was found instead ("an array", "a string", …).
        found: &'static str,
    },
    /// The `version` field is not a schema version.
    BadVersion {
        /// The value found, as JSON text (shortened).
        found: String,
    },
    /// The document was written by a newer version of the tool.
    NewerVersion {
        /// The document's schema version.
        version: u64,
    },
    /// A list holds more items than its limit ([`bounds`]), or the input more JSON values than
    /// an import reads.
    TooMany(Exceeded),
    /// Valid JSON object, but a field has the wrong type or an unknown enum value.
    Schema {
        /// Where, when known (documents that went through a migration have no position).
        at: Option<Position>,
        /// The deserializer's reason.
        reason: String,
    },
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InputError::TooLarge { bytes: Some(n) } => write!(
                f,
                "the input is {} bytes; designs are limited to 5 MB ({MAX_INPUT_BYTES} bytes)",
                n
            ),
            InputError::TooLarge { bytes: None } => write!(
                f,
                "the input is larger than 5 MB ({MAX_INPUT_BYTES} bytes), the limit for a design"
            ),
            InputError::NotUtf8 { utf16: true, .. } => {
                write!(f, "the file is UTF-16 text; save it as UTF-8")
            }
            InputError::NotUtf8 { offset, .. } => {
                write!(f, "the file is not UTF-8 text (invalid byte at offset {offset})")
            }
            InputError::Empty => write!(f, "the file is empty"),
            InputError::TooDeep { at } => write!(
                f,
                "the JSON is nested more than {MAX_NESTING} levels deep at {at}; a design needs 5"
            ),
            InputError::InvalidJson { at, reason } => {
                write!(f, "invalid JSON at {at}: {reason}")
            }
            InputError::NotAnObject { found } => write!(
                f,
                "expected a JSON object (a design) but found {found}"
            ),
            InputError::BadVersion { found } => write!(
                f,
                "\"version\" must be a whole number from 1 to {SCHEMA_VERSION}, not {found}"
            ),
            InputError::NewerVersion { version } => write!(
                f,
                "the design has schema version {version}: it was written by a newer version of ExpressRoute Wizard (this one reads versions up to {SCHEMA_VERSION})"
            ),
            InputError::TooMany(e) => write!(f, "too many items: {e}"),
            InputError::Schema { at: Some(at), reason } => {
                write!(f, "not a valid design at {at}: {reason}")
            }
            InputError::Schema { at: None, reason } => write!(f, "not a valid design: {reason}"),
        }
    }
}

impl std::error::Error for InputError {}

/// Reads a design from raw bytes (a file's content): size, UTF-8 and byte-order mark, then
/// [`parse_design`].
pub fn parse_design_bytes(bytes: &[u8]) -> Result<Design, InputError> {
    text_of_bytes(bytes).and_then(parse_design)
}

/// The text of raw bytes (a file's content): size, UTF-16 byte-order marks and UTF-8 checked.
pub fn text_of_bytes(bytes: &[u8]) -> Result<&str, InputError> {
    if bytes.len() > MAX_INPUT_BYTES {
        return Err(InputError::TooLarge {
            bytes: u64::try_from(bytes.len()).ok(),
        });
    }
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(InputError::NotUtf8 {
            offset: 0,
            utf16: true,
        });
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text),
        Err(e) => Err(InputError::NotUtf8 {
            offset: e.valid_up_to(),
            utf16: false,
        }),
    }
}

/// Reads a design from JSON text. See the module documentation for the checks, in order.
/// A leading byte-order mark is ignored. Never panics.
pub fn parse_design(text: &str) -> Result<Design, InputError> {
    if text.len() > MAX_INPUT_BYTES {
        return Err(InputError::TooLarge {
            bytes: u64::try_from(text.len()).ok(),
        });
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let Some(first) = text.trim_start().chars().next() else {
        return Err(InputError::Empty);
    };
    check_depth(text)?;
    if first != '{' {
        // Report a syntax error first: "[1,2" is broken JSON more than it is an array.
        serde_json::from_str::<IgnoredAny>(text).map_err(syntax_error)?;
        return Err(InputError::NotAnObject {
            found: kind_of(first),
        });
    }
    // A cheap first pass: validates the syntax and reads only `version` (other values skipped).
    // Typed, without `serde_json::Value`: the browser build then carries no `Value` parser.
    #[derive(Deserialize)]
    struct Probe {
        #[serde(default, deserialize_with = "present")]
        version: Option<Version>,
    }
    let probe: Probe = serde_json::from_str(text).map_err(syntax_error)?;
    let version = read_version(probe.version)?;
    bounds::count_design(text).map_err(InputError::TooMany)?;
    if version >= SAME_SHAPE_SINCE {
        // Current documents are read straight from the text, so schema errors carry a position.
        let mut design: Design = serde_json::from_str(text).map_err(|e| InputError::Schema {
            at: position(&e),
            reason: reason(&e),
        })?;
        design.version = SCHEMA_VERSION;
        Ok(design)
    } else if SAME_SHAPE_SINCE == 1 {
        // Every version reads as the current one: an older one can't be named. (A constant
        // condition, so the migration path costs no code in the browser build until a version
        // changes the JSON's shape.)
        Err(InputError::BadVersion {
            found: version.to_string(),
        })
    } else {
        migrate(serde_json::from_str(text).map_err(syntax_error)?)
    }
}

/// The checks every JSON input gets before any parser runs (shared with `import`): size, a
/// leading byte-order mark (removed), emptiness and nesting depth. Returns the text to parse.
pub(crate) fn precheck(text: &str) -> Result<&str, InputError> {
    if text.len() > MAX_INPUT_BYTES {
        return Err(InputError::TooLarge {
            bytes: u64::try_from(text.len()).ok(),
        });
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim_start().is_empty() {
        return Err(InputError::Empty);
    }
    check_depth(text)?;
    Ok(text)
}

/// Parses checked text (see [`precheck`]) as a JSON value, with the same syntax errors as
/// [`parse_design`]. At most [`bounds::MAX_JSON_VALUES`] values are read, counted before any
/// is built.
pub(crate) fn parse_value(text: &str) -> Result<Value, InputError> {
    bounds::count_values(text).map_err(InputError::TooMany)?;
    serde_json::from_str(text).map_err(syntax_error)
}

/// Reads a field that is present, `null` included (a plain `Option` would read `null` as absent).
fn present<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Version>, D::Error> {
    d.deserialize_any(JsonText).map(|v| {
        Some(match v {
            Json::Whole(n) => Version::Whole(n),
            Json::Text(t) => Version::Other(t),
        })
    })
}

/// A `version` value as found in a document.
enum Version {
    /// A non-negative whole number.
    Whole(u64),
    /// Anything else, as compact JSON text (what `serde_json::Value`'s `Display` would print).
    Other(String),
}

impl Version {
    fn of_value(v: &Value) -> Version {
        match v.as_u64() {
            Some(n) => Version::Whole(n),
            None => Version::Other(v.to_string()),
        }
    }
}

/// A JSON value read as its compact JSON text, as `serde_json::Value`'s `Display` prints it
/// (object keys sorted, the last of duplicate keys kept), without building a `Value`.
struct JsonText;

/// What [`JsonText`] reads: non-negative whole numbers are kept as numbers.
enum Json {
    Whole(u64),
    Text(String),
}

impl Json {
    fn text(self) -> String {
        match self {
            Json::Whole(n) => n.to_string(),
            Json::Text(t) => t,
        }
    }
}

impl<'de> serde::Deserialize<'de> for Json {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(JsonText)
    }
}

/// JSON text of a string, escaped as serde_json writes it.
fn quoted(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

impl<'de> serde::de::Visitor<'de> for JsonText {
    type Value = Json;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Json, E> {
        Ok(Json::Text(if v { "true" } else { "false" }.into()))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Json, E> {
        Ok(Json::Whole(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Json, E> {
        Ok(match u64::try_from(v) {
            Ok(n) => Json::Whole(n),
            Err(_) => Json::Text(v.to_string()),
        })
    }
    fn visit_f64<E>(self, v: f64) -> Result<Json, E> {
        // serde_json's own float text (`null` for non-finite values, as `Value` prints them).
        Ok(Json::Text(
            serde_json::to_string(&v).unwrap_or_else(|_| "null".into()),
        ))
    }
    fn visit_str<E>(self, v: &str) -> Result<Json, E> {
        Ok(Json::Text(quoted(v)))
    }
    fn visit_unit<E>(self) -> Result<Json, E> {
        Ok(Json::Text("null".into()))
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Json, A::Error> {
        let mut out = String::from("[");
        while let Some(item) = seq.next_element::<Json>()? {
            if out.len() > 1 {
                out.push(',');
            }
            out.push_str(&item.text());
        }
        out.push(']');
        Ok(Json::Text(out))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Json, A::Error> {
        let mut entries: Vec<(String, String)> = Vec::new();
        while let Some((k, v)) = map.next_entry::<String, Json>()? {
            // Like `Value`'s map: sorted keys, a repeated key keeps its last value.
            match entries.binary_search_by(|(e, _)| e.as_str().cmp(&k)) {
                Ok(i) => {
                    if let Some(e) = entries.get_mut(i) {
                        e.1 = v.text();
                    }
                }
                Err(i) => entries.insert(i, (k, v.text())),
            }
        }
        let items: Vec<String> = entries
            .iter()
            .map(|(k, v)| format!("{}:{v}", quoted(k)))
            .collect();
        Ok(Json::Text(format!("{{{}}}", items.join(","))))
    }
}

/// One migration step: takes a document of version `n` and returns it as version `n + 1`.
type Migration = fn(Value) -> Result<Value, InputError>;

/// `MIGRATIONS[n - 1]` converts a version-`n` document into version `n + 1`.
///
/// When the schema changes:
/// 1. bump [`SCHEMA_VERSION`] in `model.rs`;
/// 2. append a function here that rewrites the old JSON shape into the new one (rename a key,
///    split a field, fill a new required value) and touches nothing else; when it rewrites
///    anything, raise [`SAME_SHAPE_SINCE`] to the new version;
/// 3. keep a fixture of the old version in `tests/fixtures/` and a test that it loads.
///
/// Steps work on `serde_json::Value`, never on the current structs, so an old step keeps
/// compiling and meaning the same thing however the model changes later.
const MIGRATIONS: &[Migration] = &[v1_to_v2];

/// The oldest schema version whose JSON reads as the current one (typed, with positions in
/// errors, and without the `serde_json::Value` path in the browser build): every migration step
/// from it on leaves the document as it is.
const SAME_SHAPE_SINCE: u32 = 1;

/// Version 1 → 2: nothing to rewrite. Version 2 added the provider status `NotRecorded` (a
/// missing `providerStatus` now means not recorded), `givenAtDeployment` and a public IP's
/// `existing`; a version-1 document always wrote its `providerStatus`, which is kept as a
/// recorded status (its peerings now get a warning, not an error; its connections are held
/// back as before).
fn v1_to_v2(v: Value) -> Result<Value, InputError> {
    Ok(v)
}

/// Converts a parsed JSON document of any supported schema version into the current [`Design`]:
/// checks it is an object, reads its `version` (missing means current), applies the migration
/// steps from that version up to [`SCHEMA_VERSION`], then deserializes it.
pub fn migrate(value: Value) -> Result<Design, InputError> {
    let mut value = match value {
        Value::Object(_) => value,
        other => {
            return Err(InputError::NotAnObject {
                found: kind_of_value(&other),
            })
        }
    };
    let version = read_version(value.get("version").map(Version::of_value))?;
    let from = usize::try_from(version).unwrap_or(usize::MAX);
    for step in MIGRATIONS.iter().skip(from.saturating_sub(1)) {
        value = step(value)?;
    }
    if let Value::Object(map) = &mut value {
        map.insert("version".into(), Value::from(SCHEMA_VERSION));
    }
    let mut design = Design::deserialize(value).map_err(|e| InputError::Schema {
        at: None,
        reason: reason(&e),
    })?;
    bounds::check_design(&design).map_err(InputError::TooMany)?;
    design.version = SCHEMA_VERSION;
    Ok(design)
}

/// Reads the `version` field: missing means the current version.
fn read_version(v: Option<Version>) -> Result<u32, InputError> {
    let Some(v) = v else {
        return Ok(SCHEMA_VERSION);
    };
    match v {
        Version::Whole(n) if n > u64::from(SCHEMA_VERSION) => {
            Err(InputError::NewerVersion { version: n })
        }
        Version::Whole(n) if n >= 1 => Ok(u32::try_from(n).unwrap_or(SCHEMA_VERSION)),
        other => {
            let text = match other {
                Version::Whole(n) => n.to_string(),
                Version::Other(t) => t,
            };
            let mut found: String = text.chars().take(40).collect();
            if found.chars().count() == 40 {
                found.push('…');
            }
            Err(InputError::BadVersion { found })
        }
    }
}

/// Refuses arrays and objects nested deeper than [`MAX_NESTING`], skipping brackets inside
/// strings. Unbalanced brackets are left to the JSON parser to report.
fn check_depth(text: &str) -> Result<(), InputError> {
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    let (mut line, mut column) = (1usize, 0usize);
    for c in text.chars() {
        if c == '\n' {
            line += 1;
            column = 0;
        } else {
            column += 1;
        }
        if in_string {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            '[' | '{' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Err(InputError::TooDeep {
                        at: Position { line, column },
                    });
                }
            }
            ']' | '}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

fn position(e: &serde_json::Error) -> Option<Position> {
    (e.line() > 0).then(|| Position {
        line: e.line(),
        // serde_json reports column 0 at the start of a line (e.g. at end of input).
        column: e.column().max(1),
    })
}

/// The error's message without serde_json's " at line L column C" suffix.
/// serde_json's message without its position, on one line: control characters quoted from the
/// input (an unknown enum value "\n", say) are shown escaped.
fn reason(e: &serde_json::Error) -> String {
    let full = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    full.strip_suffix(&suffix)
        .unwrap_or(&full)
        .chars()
        .flat_map(|c| {
            if c.is_control() {
                c.escape_default().collect::<Vec<_>>()
            } else {
                vec![c]
            }
        })
        .collect()
}

fn syntax_error(e: serde_json::Error) -> InputError {
    match (e.classify(), position(&e)) {
        (serde_json::error::Category::Data, at) => InputError::Schema {
            at,
            reason: reason(&e),
        },
        (_, Some(at)) => InputError::InvalidJson {
            at,
            reason: reason(&e),
        },
        (_, None) => InputError::InvalidJson {
            at: Position { line: 1, column: 1 },
            reason: reason(&e),
        },
    }
}

fn kind_of(first: char) -> &'static str {
    match first {
        '[' => "an array",
        '"' => "a string",
        't' | 'f' => "a boolean",
        'n' => "null",
        _ => "a number",
    }
}

pub(crate) fn kind_of_value(v: &Value) -> &'static str {
    match v {
        Value::Array(_) => "an array",
        Value::String(_) => "a string",
        Value::Bool(_) => "a boolean",
        Value::Null => "null",
        Value::Number(_) => "a number",
        Value::Object(_) => "an object",
    }
}

/// Text that stays on one line and cannot drive a terminal: control characters (new lines,
/// escape sequences) in user-typed values are shown escaped.
pub fn one_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

/// The findings as text: one line per finding (`error ER-C-007 circuits[0].bandwidthMbps: … (fix:
/// …)`), then a summary line (`1 error, 0 warnings, 0 info`). Every line ends with a new line.
pub fn report_text(findings: &[Finding]) -> String {
    let mut out = String::new();
    for f in findings {
        out.push_str(&one_line(&format!(
            "{} {} {}: {}",
            f.severity.as_str(),
            f.code,
            f.path,
            f.message
        )));
        if let Some(fix) = &f.fix {
            out.push_str(&one_line(&format!(" (fix: {})", fix.label)));
        }
        out.push('\n');
    }
    out.push_str(&summary(findings));
    out.push('\n');
    out
}

/// `N errors, N warnings, N info`, with singular forms for 1.
pub fn summary(findings: &[Finding]) -> String {
    let (e, w, i) = counts(findings);
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    format!(
        "{}, {}, {i} info",
        plural(e, "error", "errors"),
        plural(w, "warning", "warnings")
    )
}

/// The findings as JSON, exactly `{"findings":[{"code":…,"severity":…,"path":…,"message":…}]}`:
/// those four keys in that order, strings escaped by serde_json, no new line.
pub fn report_json(findings: &[Finding]) -> String {
    let s = |t: &str| Value::from(t).to_string();
    let items: Vec<String> = findings
        .iter()
        .map(|f| {
            format!(
                r#"{{"code":{},"severity":{},"path":{},"message":{}}}"#,
                s(f.code),
                s(f.severity.as_str()),
                s(&f.path),
                s(&f.message)
            )
        })
        .collect();
    format!(r#"{{"findings":[{}]}}"#, items.join(","))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::finding::{Fix, Severity};

    fn err(text: &str) -> InputError {
        match parse_design(text) {
            Ok(d) => panic!("{text:?} should be refused, got {d:?}"),
            Err(e) => e,
        }
    }

    #[test]
    fn errors_stay_on_one_line() {
        for text in [
            "{\"circuits\":[{\"skuTier\":\"\\n\"}]}",
            "{\"circuits\":[{\"skuTier\":\"a\\u0007b\"}]}",
            "{\"resourceGroup\": 5}",
        ] {
            let e = parse_design(text).unwrap_err().to_string();
            assert!(
                !e.contains('\n') && !e.chars().any(char::is_control),
                "{e:?}"
            );
        }
    }

    #[test]
    fn v1_and_versionless_documents_load() {
        let v1 = parse_design(r#"{"version":1,"resourceGroup":"rg","circuits":[]}"#).unwrap();
        let none = parse_design(r#"{"resourceGroup":"rg","circuits":[]}"#).unwrap();
        assert_eq!(v1, none);
        assert_eq!(v1.version, SCHEMA_VERSION);
        assert_eq!(v1.resource_group, "rg");
        let via_migrate = migrate(serde_json::json!({"resourceGroup":"rg","circuits":[]})).unwrap();
        assert_eq!(via_migrate, v1);
        let via_migrate_v1 =
            migrate(serde_json::json!({"version":1,"resourceGroup":"rg","circuits":[]})).unwrap();
        assert_eq!(via_migrate_v1, v1);
    }

    #[test]
    fn version_1_documents_keep_their_recorded_provider_status() {
        use crate::domain::model::ProviderStatus;
        // A version-1 document always wrote its status: it stays recorded as it says. A
        // document without one (version 2's default) has none recorded.
        for (text, want) in [
            (
                r#"{"version":1,"circuits":[{"name":"a","providerStatus":"NotProvisioned"}]}"#,
                ProviderStatus::NotProvisioned,
            ),
            (
                r#"{"version":1,"circuits":[{"name":"a","providerStatus":"Provisioned"}]}"#,
                ProviderStatus::Provisioned,
            ),
            (
                r#"{"version":2,"circuits":[{"name":"a"}]}"#,
                ProviderStatus::NotRecorded,
            ),
            (
                r#"{"circuits":[{"name":"a","providerStatus":"NotRecorded"}]}"#,
                ProviderStatus::NotRecorded,
            ),
        ] {
            let d = parse_design(text).unwrap();
            assert_eq!(d.circuits[0].provider_status, want, "{text}");
            assert_eq!(d.version, SCHEMA_VERSION);
            let via = migrate(serde_json::from_str(text).unwrap()).unwrap();
            assert_eq!(via, d, "{text}");
        }
        assert_eq!(SCHEMA_VERSION, 2);
        let e = parse_design(r#"{"version":3}"#).unwrap_err().to_string();
        assert!(e.contains("written by a newer version"), "{e}");
        // What version 2 adds round-trips, and is left out of the JSON when empty.
        let mut d = Design::default();
        assert!(!serde_json::to_string(&d)
            .unwrap()
            .contains("givenAtDeployment"));
        d.given_at_deployment = vec!["circuits[0].region".into()];
        let text = serde_json::to_string(&d).unwrap();
        assert_eq!(parse_design(&text).unwrap(), d);
    }

    #[test]
    fn every_old_version_has_a_migration_step() {
        assert_eq!(MIGRATIONS.len() + 1, SCHEMA_VERSION as usize);
    }

    #[test]
    fn parse_and_migrate_agree_on_a_full_design() {
        let d = Design::default();
        let text = serde_json::to_string(&d).unwrap();
        assert_eq!(parse_design(&text).unwrap(), d);
        assert_eq!(migrate(serde_json::from_str(&text).unwrap()).unwrap(), d);
    }

    #[test]
    fn unknown_fields_are_ignored_and_numbers_accepted() {
        let d = parse_design(
            r#"{"x-tool":{"a":[1,2]},"circuits":[{"name":"c","bandwidthMbps":500,"extra":true}]}"#,
        )
        .unwrap();
        assert_eq!(d.circuits[0].bandwidth_mbps, "500");
    }

    #[test]
    fn refusals_have_clear_one_line_reasons() {
        let cases: &[(&str, &str)] = &[
            ("", "the file is empty"),
            (" \n\t\r\n ", "the file is empty"),
            ("\u{feff}", "the file is empty"),
            ("nope", "invalid JSON at line 1 column 2"),
            ("{\n  \"a\": 1,\n  }", "invalid JSON at line 3 column 3"),
            ("{\"a\":", "invalid JSON at line 1 column 5"),
            ("[1,2", "invalid JSON"),
            ("[1,2]", "expected a JSON object (a design) but found an array"),
            ("\"x\"", "found a string"),
            ("12", "found a number"),
            ("null", "found null"),
            ("true", "found a boolean"),
            (r#"{"version":99}"#, "written by a newer version"),
            (r#"{"version":0}"#, "\"version\" must be a whole number"),
            (r#"{"version":-1}"#, "not -1"),
            (r#"{"version":"1"}"#, "not \"1\""),
            (r#"{"version":null}"#, "not null"),
            (r#"{"version":1.5}"#, "not 1.5"),
            (r#"{"version":1,"version":1}"#, "duplicate field `version`"),
            (
                "{\"circuits\":\n 5}",
                "not a valid design at line 2 column 2: invalid type: integer `5`, expected a sequence",
            ),
            (
                r#"{"circuits":[{"skuTier":"Gold"}]}"#,
                "unknown variant `Gold`",
            ),
            (r#"{"a":1} x"#, "trailing characters"),
        ];
        for (text, want) in cases {
            let e = err(text).to_string();
            assert!(e.contains(want), "{text:?}: {e}");
            assert!(!e.contains('\n'), "{text:?}: {e}");
        }
    }

    #[test]
    fn bad_versions_are_quoted_as_serde_json_prints_them() {
        for v in [
            "-1",
            "1.5",
            "1.0",
            "1e20",
            "-0.0",
            "\"1\"",
            "\"a\\\"b\\u0001\\n\"",
            "null",
            "true",
            "false",
            "[]",
            "[1, -2, [3.25], {}]",
            "{}",
            "{\"b\": 1, \"a\": [true, null], \"b\": \"x\"}",
            "{\"k\": {\"z\": 1, \"y\": 2}}",
            "[\"a very long string that is longer than forty characters\"]",
        ] {
            let text = format!("{{\"version\": {v}}}");
            let value: Value = serde_json::from_str(v).unwrap();
            let mut want: String = value.to_string().chars().take(40).collect();
            if want.chars().count() == 40 {
                want.push('…');
            }
            assert_eq!(err(&text), InputError::BadVersion { found: want }, "{v}");
        }
    }

    #[test]
    fn nesting_is_limited_before_parsing() {
        let deep = "[".repeat(100_000);
        assert!(
            matches!(err(&deep), InputError::TooDeep { at } if at == Position { line: 1, column: 65 })
        );
        let ok = format!("{}{}", "[".repeat(MAX_NESTING), "]".repeat(MAX_NESTING));
        assert!(matches!(err(&ok), InputError::NotAnObject { .. }));
        // Brackets inside strings, escaped quotes included, don't count.
        let in_string = format!(r#"{{"name":"\"{}"}}"#, "[".repeat(1000));
        assert!(parse_design(&in_string).is_ok());
        let objects = format!("{}{}", r#"{"a":"#.repeat(65), "}".repeat(65));
        assert!(matches!(err(&objects), InputError::TooDeep { .. }));
    }

    #[test]
    fn size_is_limited() {
        let big = " ".repeat(MAX_INPUT_BYTES + 1);
        assert!(matches!(err(&big), InputError::TooLarge { bytes: Some(_) }));
        let exact = format!("{{}}{}", " ".repeat(MAX_INPUT_BYTES - 2));
        assert!(parse_design(&exact).is_ok());
        assert!(err(&big).to_string().contains("5 MB"));
    }

    #[test]
    fn bytes_must_be_utf8() {
        assert!(matches!(
            parse_design_bytes(b"{\"name\":\"\xff\"}"),
            Err(InputError::NotUtf8 {
                offset: 9,
                utf16: false
            })
        ));
        assert!(matches!(
            parse_design_bytes(b"\xff\xfe{\x00}\x00"),
            Err(InputError::NotUtf8 { utf16: true, .. })
        ));
        assert!(parse_design_bytes(b"\xef\xbb\xbf{}").is_ok());
    }

    fn finding(sev: Severity, msg: &str) -> Finding {
        Finding {
            code: "ER-C-007",
            severity: sev,
            path: "circuits[0].bandwidthMbps".into(),
            message: msg.into(),
            fix: None,
            source: "s",
        }
    }

    #[test]
    fn text_report() {
        let fs = vec![
            finding(Severity::Error, "300 Mbps is not a bandwidth.")
                .with_fix(Fix::replace("Use 500 Mbps", "500")),
            finding(Severity::Warning, "line\nbreak \u{1b}[31m"),
        ];
        assert_eq!(
            report_text(&fs),
            "error ER-C-007 circuits[0].bandwidthMbps: 300 Mbps is not a bandwidth. (fix: Use 500 Mbps)\n\
             warning ER-C-007 circuits[0].bandwidthMbps: line\\nbreak \\u{1b}[31m\n\
             1 error, 1 warning, 0 info\n"
        );
        assert_eq!(report_text(&[]), "0 errors, 0 warnings, 0 info\n");
    }

    #[test]
    fn json_report_has_exactly_four_keys_in_order() {
        let fs = vec![finding(Severity::Info, "a \"quoted\" \\ value\n")];
        let s = report_json(&fs);
        assert_eq!(
            s,
            r#"{"findings":[{"code":"ER-C-007","severity":"info","path":"circuits[0].bandwidthMbps","message":"a \"quoted\" \\ value\n"}]}"#
        );
        let v: Value = serde_json::from_str(&s).unwrap();
        assert_eq!(v["findings"][0]["message"], "a \"quoted\" \\ value\n");
        assert_eq!(report_json(&[]), r#"{"findings":[]}"#);
    }
}
