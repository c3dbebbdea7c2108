//! The worker's message protocol, pure Rust so it is tested natively (and used in-page by the
//! browser tests, which cannot load the worker).
//!
//! Requests are JSON strings:
//! `{"id":1,"op":"export","format":"terraform","design":"<design JSON>"}` or
//! `{"id":2,"op":"import","text":"…"}` (or `"texts":["…","…"]`: an ARM template and its
//! parameters file, in either order).
//! `{"id":3,"op":"bundle","design":"<design JSON>","readme":"…","svg":"<svg…>",
//! "time":[2026,12,7,14,30,0]}` builds "Download all" (the README the page wrote, every export,
//! the diagram and the design, as a stored zip).
//! Replies echo the id: `{"id":1,"ok":true,"text":"…"}` for an export,
//! `{"id":2,"ok":true,"format":"<label>","design":"<design JSON>","findings":[{"code",
//! "severity","path","message"}]}` for an import, `{"id":3,"ok":true,"name":"<file>.zip","zip":"<base64url>"}` for a bundle,
//! `{"id":n,"ok":false,"error":"…"}` on failure.

use erwiz::domain::export::bundle::{archive_name, bundle};
use erwiz::domain::export::{export, Format};
use erwiz::domain::import::import_files;
use erwiz::domain::io::parse_design;
use erwiz::domain::share::encode;
use erwiz::domain::zip::{zip, DosTime};
use serde_json::{json, Value};

/// The first message the worker posts once its wasm is running.
pub const READY: &str = r#"{"ready":true}"#;

/// Answers one request (never panics on bad input: every problem is an error reply).
pub fn answer(request: &str) -> String {
    let req: Value = serde_json::from_str(request).unwrap_or(Value::Null);
    let id = req.get("id").and_then(Value::as_u64).unwrap_or(0);
    let field = |name: &str| req.get(name).and_then(Value::as_str);
    let result = match field("op") {
        Some("export") => export_reply(field("format"), field("design")),
        Some("import") => {
            let texts: Vec<&str> = match req.get("texts").and_then(Value::as_array) {
                Some(list) => list.iter().filter_map(Value::as_str).collect(),
                None => vec![field("text").unwrap_or_default()],
            };
            import_reply(&texts)
        }
        Some("bundle") => bundle_reply(&req),
        _ => Err("the request was not understood".to_string()),
    };
    let mut reply = match result {
        Ok(v) => v,
        Err(e) => json!({ "ok": false, "error": e }),
    };
    reply["id"] = json!(id);
    reply.to_string()
}

fn export_reply(format: Option<&str>, design: Option<&str>) -> Result<Value, String> {
    let format = format
        .and_then(Format::from_id)
        .ok_or_else(|| "unknown export format".to_string())?;
    let design = parse_design(design.unwrap_or_default()).map_err(|e| e.to_string())?;
    Ok(json!({ "ok": true, "text": export(&design, format) }))
}

fn import_reply(texts: &[&str]) -> Result<Value, String> {
    let imported = import_files(texts).map_err(|e| e.to_string())?;
    let design = serde_json::to_string(&imported.design).map_err(|e| e.to_string())?;
    let findings: Vec<Value> = imported
        .findings
        .iter()
        .map(|f| {
            json!({
                "code": f.code,
                "severity": f.severity.as_str(),
                "path": f.path,
                "message": f.message,
            })
        })
        .collect();
    Ok(json!({
        "ok": true,
        "format": imported.format.label(),
        "design": design,
        "findings": findings,
    }))
}

fn bundle_reply(req: &Value) -> Result<Value, String> {
    let field = |name: &str| req.get(name).and_then(Value::as_str);
    let design = parse_design(field("design").unwrap_or_default()).map_err(|e| e.to_string())?;
    let svg = field("svg").filter(|s| !s.trim().is_empty());
    let t: Vec<u64> = req
        .get("time")
        .and_then(Value::as_array)
        .map(|a| a.iter().map(|v| v.as_u64().unwrap_or(0)).collect())
        .unwrap_or_default();
    let at = |i: usize| t.get(i).copied().unwrap_or(0);
    let small = |i: usize| u8::try_from(at(i)).unwrap_or(u8::MAX);
    let when = DosTime {
        year: u16::try_from(at(0)).unwrap_or(1980),
        month: small(1),
        day: small(2),
        hour: small(3),
        minute: small(4),
        second: small(5),
    };
    let files = bundle(&design, field("readme").unwrap_or_default(), svg);
    let bytes = zip(&files, when).map_err(|e| e.to_string())?;
    Ok(json!({ "ok": true, "name": archive_name(&design), "zip": encode(&bytes) }))
}
