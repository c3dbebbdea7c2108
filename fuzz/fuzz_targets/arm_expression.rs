//! The ARM expression evaluator: the input is the text of three variables (split at new lines)
//! of a template whose circuit is named by the first, so every function, variable chain and
//! copy of a value is reached directly. Nothing panics, and the import stays within its budget.
#![no_main]

use erwiz::domain::import::import_text;
use libfuzzer_sys::fuzz_target;
use serde_json::json;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut parts = text.splitn(3, '\n');
    let mut next = || format!("[{}]", parts.next().unwrap_or("'x'"));
    let (a, b, c) = (next(), next(), next());
    let template = json!({
        "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
        "parameters": { "p": { "type": "array", "defaultValue": [1, "two", { "k": [3] }] } },
        "variables": { "a": a, "b": b, "c": c },
        "resources": [{
            "type": "Microsoft.Network/expressRouteCircuits",
            "apiVersion": "2023-09-01",
            "name": "[string(variables('a'))]",
            "location": "[variables('b')]",
            "copy": { "name": "l", "count": "[length(array(variables('c')))]" },
            "properties": { "bandwidthInMbps": "[variables('c')]" }
        }]
    });
    let _ = import_text(&template.to_string());
});
