//! Property test: importing never panics, whatever the JSON. Documents are ARM-template-shaped
//! (parameters, variables, nested resources, copy loops, conditions) or az-shaped, with broken and
//! well-formed expression strings (`[concat(parameters('x'), …`) in every position. Every import
//! finding is a registered rule, and the imported design validates and exports without panic.
//! 10,000 cases.

#![cfg(not(target_arch = "wasm32"))]

use erwiz::domain::export::{export, Format};
use erwiz::domain::import::{import_arm, import_text};
use erwiz::domain::io::InputError;
use erwiz::domain::rules::{all_rules, validate};
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::select;
use serde_json::{json, Map, Value};

/// Pieces of expressions, joined at random: mostly nonsense, sometimes valid.
const PIECES: &[&str] = &[
    "[",
    "]",
    "[[",
    "(",
    ")",
    ",",
    ".",
    "'",
    "''",
    "[0]",
    "[1]",
    "['k']",
    "concat(",
    "format(",
    "parameters(",
    "variables(",
    "'p1'",
    "'p2'",
    "'p3'",
    "'v1'",
    "'v2'",
    "'loop'",
    "resourceId(",
    "'Microsoft.Network/expressRouteCircuits'",
    "'Microsoft.Network/virtualNetworks/subnets'",
    "'a'",
    "'b/c'",
    "'{0}-{1:D3}'",
    "'{'",
    "'}}'",
    "if(",
    "equals(",
    "not(",
    "and(",
    "or(",
    "true()",
    "false()",
    "true",
    "null",
    "empty(",
    "length(",
    "replace(",
    "substring(",
    "split(",
    "first(",
    "last(",
    "take(",
    "skip(",
    "uniqueString(",
    "resourceGroup()",
    ".location",
    "subscription()",
    ".subscriptionId",
    "createArray(",
    "createObject(",
    "json(",
    "'{\"a\":1}'",
    "string(",
    "int(",
    "bool(",
    "toLower(",
    "toUpper(",
    "reference(",
    "unknownFn(",
    "0",
    "-1",
    "3",
    "99999999999999999999",
    " ",
    "é",
    "\\",
    "\"",
    "copyIndex()",
    "'10.0.0.0/8'",
    "'fd00::/8'",
    "coalesce(",
    "contains(",
];

const FUNCTIONS: &[&str] = &[
    "concat",
    "format",
    "toLower",
    "toUpper",
    "string",
    "int",
    "bool",
    "if",
    "equals",
    "not",
    "and",
    "or",
    "empty",
    "length",
    "replace",
    "substring",
    "split",
    "first",
    "last",
    "take",
    "skip",
    "uniqueString",
    "createArray",
    "createObject",
    "json",
    "resourceId",
    "coalesce",
    "contains",
    "trim",
    "copyIndex",
    "range",
    "add",
    "sub",
    "mul",
    "div",
    "mod",
    "min",
    "max",
    "less",
    "greaterOrEquals",
    "startsWith",
    "indexOf",
    "padLeft",
    "array",
    "union",
    "parseCidr",
    "cidrSubnet",
    "cidrHost",
    "madeUp",
];

const KEYS: &[&str] = &[
    "properties",
    "serviceProviderProperties",
    "serviceProviderName",
    "peeringLocation",
    "bandwidthInMbps",
    "bandwidthInGbps",
    "expressRoutePort",
    "id",
    "sku",
    "name",
    "tier",
    "family",
    "peerings",
    "peeringType",
    "peerASN",
    "vlanId",
    "primaryPeerAddressPrefix",
    "secondaryPeerAddressPrefix",
    "ipv6PeeringConfig",
    "microsoftPeeringConfig",
    "advertisedPublicPrefixes",
    "routeFilter",
    "rules",
    "communities",
    "access",
    "addressSpace",
    "addressPrefixes",
    "addressPrefix",
    "subnets",
    "ipConfigurations",
    "subnet",
    "publicIPAddress",
    "gatewayType",
    "autoScaleConfiguration",
    "bounds",
    "min",
    "max",
    "connectionType",
    "virtualNetworkGateway1",
    "peer",
    "authorizationKey",
    "routingWeight",
    "connections",
    "expressRouteCircuitPeering",
    "peerExpressRouteCircuitPeering",
    "authorizations",
    "tags",
    "location",
    "copy",
    "state",
    "encapsulation",
    "x",
];

const TYPES: &[&str] = &[
    "Microsoft.Network/expressRouteCircuits",
    "Microsoft.Network/expressRouteCircuits/peerings",
    "Microsoft.Network/expressRouteCircuits/authorizations",
    "Microsoft.Network/expressRouteCircuits/peerings/connections",
    "Microsoft.Network/routeFilters",
    "Microsoft.Network/routeFilters/routeFilterRules",
    "Microsoft.Network/virtualNetworks",
    "Microsoft.Network/virtualNetworks/subnets",
    "Microsoft.Network/virtualNetworkGateways",
    "Microsoft.Network/publicIPAddresses",
    "Microsoft.Network/connections",
    "Microsoft.Network/expressRoutePorts",
    "Microsoft.Storage/storageAccounts",
    "peerings",
    "connections",
    "subnets",
    "",
    "[parameters('p1')]",
];

/// A string of random expression pieces, usually wrapped in brackets.
fn soup() -> BoxedStrategy<String> {
    (vec(select(PIECES), 0..12), 0..4u8)
        .prop_map(|(ps, wrap)| {
            let s: String = ps.concat();
            match wrap {
                0 => s,
                _ => format!("[{s}]"),
            }
        })
        .boxed()
}

/// A well-formed expression (a call tree), whose evaluation may still fail.
fn call() -> BoxedStrategy<String> {
    let leaf = prop_oneof![
        select(
            &[
                "'p1'",
                "'a,b'",
                "'{0}'",
                "'Microsoft.Network/routeFilters'",
                "0",
                "2",
                "-3",
                "'x'"
            ][..]
        )
        .prop_map(str::to_string),
        // Any number, and counts and lengths in the thousands (range, padLeft, copy counts).
        any::<i64>().prop_map(|n| n.to_string()),
        (0..12_000i64).prop_map(|n| n.to_string()),
        Just("parameters('p1')".to_string()),
        Just("parameters('p2')".to_string()),
        Just("variables('v1')".to_string()),
        Just("variables('loop')".to_string()),
        Just("resourceGroup().location".to_string()),
    ];
    leaf.prop_recursive(4, 16, 3, |inner| {
        (select(FUNCTIONS), vec(inner, 0..4), any::<bool>()).prop_map(|(f, args, index)| {
            let c = format!("{f}({})", args.join(", "));
            if index {
                format!("{c}[0]")
            } else {
                c
            }
        })
    })
    .prop_map(|e| format!("[{e}]"))
    .boxed()
}

fn leaf() -> BoxedStrategy<Value> {
    prop_oneof![
        3 => soup().prop_map(Value::String),
        3 => call().prop_map(Value::String),
        1 => select(&["Premium", "ExpressRoute", "AzurePrivatePeering", "10.0.0.0/30", "<PLACEHOLDER>", "Disabled"][..])
            .prop_map(Value::from),
        1 => any::<i64>().prop_map(Value::from),
        1 => any::<bool>().prop_map(Value::from),
        1 => Just(Value::Null),
    ]
    .boxed()
}

fn value() -> BoxedStrategy<Value> {
    leaf()
        .prop_recursive(3, 16, 4, |inner| {
            prop_oneof![
                vec(inner.clone(), 0..4).prop_map(Value::Array),
                vec((select(KEYS), inner), 0..6).prop_map(|kv| Value::Object(
                    kv.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
                )),
            ]
        })
        .boxed()
}

fn resource() -> BoxedStrategy<Value> {
    // Copy counts around ARM's limit of 800 (and past it) as well as small ones.
    let copies = prop_oneof![40 => 0..4i64, 1 => 795..=805i64, 1 => -2..0i64];
    let one = (select(TYPES), value(), value(), value(), 0..8u8, copies).prop_map(
        |(ty, name, loc, props, extra, copies)| {
            let mut o = Map::new();
            o.insert("type".into(), Value::from(ty));
            o.insert("name".into(), name);
            o.insert("location".into(), loc);
            o.insert("properties".into(), props);
            match extra {
                0 => {
                    o.insert("copy".into(), json!({ "name": "c", "count": copies }));
                }
                1 => {
                    o.insert("condition".into(), json!("[equals(parameters('p1'), 'a')]"));
                }
                2 => {
                    o.insert(
                        "sku".into(),
                        json!({ "name": "[parameters('p1')]", "tier": "Premium" }),
                    );
                }
                _ => {}
            }
            Value::Object(o)
        },
    );
    one.prop_recursive(2, 6, 2, |inner| {
        (inner.clone(), vec(inner, 0..3)).prop_map(|(mut parent, children)| {
            if let Value::Object(o) = &mut parent {
                o.insert("resources".into(), Value::Array(children));
            }
            parent
        })
    })
    .boxed()
}

fn template() -> BoxedStrategy<Value> {
    (vec(resource(), 0..4), value(), value(), value(), any::<bool>())
        .prop_map(|(resources, p1, v1, meta, schema)| {
            let mut t = json!({
                "parameters": {
                    "p1": { "type": "string", "defaultValue": p1 },
                    "p2": { "type": "securestring" },
                    "p3": { "type": "int", "defaultValue": "[parameters('p3')]" }
                },
                "variables": { "v1": v1, "loop": "[variables('loop')]" },
                "metadata": { "description": meta },
                "resources": resources,
            });
            if schema {
                t["$schema"] = json!("https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#");
            }
            t
        })
        .boxed()
}

fn az() -> BoxedStrategy<Value> {
    (value(), value(), vec(value(), 0..3), any::<bool>())
        .prop_map(|(spp, sku, peerings, peering)| {
            if peering {
                json!({ "peeringType": "AzurePrivatePeering", "id": spp, "connections": peerings, "ipv6PeeringConfig": sku })
            } else {
                json!({ "type": "Microsoft.Network/expressRouteCircuits", "serviceProviderProperties": spp,
                        "sku": sku, "peerings": peerings, "id": "/subscriptions/s/resourceGroups/g/providers/Microsoft.Network/expressRouteCircuits/c" })
            }
        })
        .boxed()
}

fn document() -> BoxedStrategy<Value> {
    prop_oneof![
        6 => template(),
        2 => az(),
        1 => vec(az(), 0..3).prop_map(Value::Array),
        1 => value(),
    ]
    .boxed()
}

proptest! {
    // Failing cases are kept in tests/import_props.proptest-regressions.
    #![proptest_config(ProptestConfig::with_cases(10_000))]

    #[test]
    fn import_never_panics(doc in document(), params in value()) {
        let text = doc.to_string();
        let known: Vec<&str> = all_rules().iter().map(|r| r.code).collect();
        if let Ok(i) = import_text(&text) {
            for f in &i.findings {
                prop_assert!(known.contains(&f.code), "{:?}", f);
                prop_assert!(!f.message.is_empty());
            }
            let _ = validate(&i.design);
            // The export reads back, unless it has more resources than ARM accepts in one
            // template (800): a copy loop of 800 circuits exports them with their peerings.
            let again = import_text(&export(&i.design, Format::Arm));
            prop_assert!(
                again.is_ok()
                    || matches!(&again, Err(InputError::TooMany(e)) if e.list == "resources"),
                "{:?}",
                again
            );
        }
        let p = json!({ "parameters": { "p1": { "value": params }, "p3": { "value": 1 } } }).to_string();
        let _ = import_arm(&text, Some(&p));
        // Cut documents are broken JSON: refused, never a panic.
        let cut: String = text.chars().take(text.chars().count() / 2).collect();
        let _ = import_text(&cut);
    }
}
