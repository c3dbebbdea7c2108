//! The export/import web worker (wasm32): the exporters and the importer live in this second
//! wasm module, loaded by the app only when the Export panel or an import first needs them.
//! It answers the JSON requests of [`protocol`] posted by `erwiz::ui::worker`. Natively it does
//! nothing (the protocol is tested by `cargo test --bin erwiz-worker`).

#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
mod protocol;

fn main() {
    #[cfg(target_arch = "wasm32")]
    listen();
}

/// Answers every message, after announcing that the wasm is running (messages posted before
/// would be lost, so the app waits for [`protocol::READY`]).
#[cfg(target_arch = "wasm32")]
fn listen() {
    use wasm_bindgen::prelude::*;
    use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
        let request = ev.data().as_string().unwrap_or_default();
        let reply = protocol::answer(&request);
        let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
        let _ = scope.post_message(&JsValue::from_str(&reply));
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    let _ = scope.post_message(&JsValue::from_str(protocol::READY));
}

#[cfg(test)]
mod tests {
    use super::protocol::answer;
    use erwiz::domain::export::{export, Format};
    use erwiz::domain::io::parse_design;
    use serde_json::{json, Value};

    const TWO_CIRCUITS: &str = include_str!("../../../tests/fixtures/two-circuits.json");

    fn reply(request: &Value) -> Value {
        serde_json::from_str(&answer(&request.to_string())).unwrap()
    }

    #[test]
    fn every_format_exports_as_the_library_does() {
        let design = parse_design(TWO_CIRCUITS).unwrap();
        let json = serde_json::to_string(&design).unwrap();
        for (i, f) in Format::ALL.into_iter().enumerate() {
            let r = reply(&json!({"id": i, "op": "export", "format": f.id(), "design": json}));
            assert_eq!(r["id"], json!(i), "{f:?}");
            assert_eq!(r["ok"], json!(true), "{f:?}");
            assert_eq!(
                r["text"].as_str(),
                Some(export(&design, f).as_str()),
                "{f:?}"
            );
        }
    }

    #[test]
    fn an_import_returns_the_format_design_and_findings() {
        let r = reply(&json!({"id": 7, "op": "import", "text": TWO_CIRCUITS}));
        assert_eq!(r["id"], json!(7));
        assert_eq!(r["ok"], json!(true));
        assert_eq!(r["format"], json!("ExpressRoute Wizard design"));
        let design = parse_design(r["design"].as_str().unwrap()).unwrap();
        assert_eq!(design, parse_design(TWO_CIRCUITS).unwrap());
        assert!(r["findings"].as_array().unwrap().is_empty());

        // An ARM template with something that cannot be mapped reports it.
        let arm = json!({
            "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
            "resources": [{"type": "Microsoft.Storage/storageAccounts", "name": "x", "apiVersion": "2023-01-01"}]
        });
        let r = reply(&json!({"id": 8, "op": "import", "text": arm.to_string()}));
        assert_eq!(r["format"], json!("ARM deployment template"), "{r}");
        let findings = r["findings"].as_array().unwrap();
        assert!(!findings.is_empty(), "{r}");
        for f in findings {
            for key in ["code", "severity", "path", "message"] {
                assert!(f[key].is_string(), "{key} in {f}");
            }
        }
    }

    #[test]
    fn a_template_and_its_parameters_file_import_together() {
        let template = json!({
            "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
            "parameters": { "name": { "type": "string" } },
            "resources": [{ "type": "Microsoft.Network/expressRouteCircuits", "apiVersion": "2024-05-01",
                "name": "[parameters('name')]", "location": "westeurope" }]
        })
        .to_string();
        let params = json!({
            "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#",
            "parameters": { "name": { "value": "er-from-file" } }
        })
        .to_string();
        for texts in [[&params, &template], [&template, &params]] {
            let r = reply(&json!({"id": 9, "op": "import", "texts": texts}));
            assert_eq!(r["ok"], json!(true), "{r}");
            let design = parse_design(r["design"].as_str().unwrap()).unwrap();
            assert_eq!(design.circuits[0].name, "er-from-file");
        }
        let r = reply(&json!({"id": 10, "op": "import", "texts": [params, params]}));
        assert_eq!(r["ok"], json!(false), "{r}");
    }

    #[test]
    fn a_bundle_is_a_zip_of_every_file() {
        use erwiz::domain::share::decode;
        use erwiz::domain::zip::read_stored;
        let design = parse_design(TWO_CIRCUITS).unwrap();
        let json = serde_json::to_string(&design).unwrap();
        let r = reply(
            &json!({"id": 11, "op": "bundle", "design": json, "svg": "<svg/>",
            "readme": "# r", "time": [2026, 12, 7, 10, 20, 30]}),
        );
        assert_eq!(r["ok"], json!(true), "{r}");
        assert!(r["name"].as_str().unwrap().ends_with(".zip"));
        let bytes = decode(r["zip"].as_str().unwrap()).unwrap();
        let files = read_stored(&bytes).expect("a readable zip");
        let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
        for f in Format::ALL {
            assert!(names.contains(&f.file_name().as_str()), "{names:?}");
        }
        for n in ["README.md", "topology.svg", "design.json"] {
            assert!(names.contains(&n), "{n} in {names:?}");
        }
        let r = reply(&json!({"id": 12, "op": "bundle", "design": "{"}));
        assert_eq!(r["ok"], json!(false), "{r}");
    }

    #[test]
    fn bad_requests_are_error_replies() {
        let cases: &[(&str, &str)] = &[
            ("", "not understood"),
            ("not json", "not understood"),
            (r#"{"id":3,"op":"dance"}"#, "not understood"),
            (
                r#"{"id":4,"op":"export","format":"word","design":"{}"}"#,
                "unknown export format",
            ),
            (
                r#"{"id":5,"op":"export","format":"arm","design":"{"}"#,
                "line 1",
            ),
            (r#"{"id":6,"op":"import","text":"{\"a\":"}"#, "line 1"),
            (r#"{"id":7,"op":"import"}"#, ""),
        ];
        for (request, says) in cases {
            let r: Value = serde_json::from_str(&answer(request)).unwrap();
            assert_eq!(r["ok"], json!(false), "{request}: {r}");
            let error = r["error"].as_str().unwrap_or_default();
            assert!(
                !error.is_empty() && error.contains(says),
                "{request}: {error}"
            );
        }
    }
}
