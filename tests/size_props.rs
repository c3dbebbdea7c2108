//! Property tests that vary sizes and counts, not only content: lists of thousands of items,
//! long names, deep nesting of unknown fields. They hunt for work that grows faster than the
//! input:
//!
//! * every list of a design is refused exactly above its limit (`domain::bounds`), naming the
//!   list and the limit, and counted before anything is built;
//! * the rules on a design of thousands of items report findings in proportion to the items
//!   (a pairwise check that reported every pair would grow with the square), and their time is
//!   measured and printed, with a generous bound;
//! * templates that multiply values (doubling chains, unions, copy loops, variable chains of any
//!   length) are imported or refused, and what they import stays within the design's limits.
//!
//! Failing cases are kept in `tests/size_props.proptest-regressions`.

#![cfg(not(target_arch = "wasm32"))]

use erwiz::domain::bounds::{self, ListLimit};
use erwiz::domain::import::import_text;
use erwiz::domain::io::{parse_design, InputError};
use erwiz::domain::rules::validate;
use proptest::prelude::*;
use proptest::sample::select;
use serde_json::{json, Map, Value};
use std::time::{Duration, Instant};

/// Where a list sits in a design, and how to write a design with `n` items in it.
struct Place {
    limit: &'static ListLimit,
    path: &'static str,
    make: fn(Vec<Value>) -> Value,
    item: fn(usize, &str) -> Value,
}

fn text_item(i: usize, _: &str) -> Value {
    json!(format!("10.{}.{}.0/24", i / 256 % 256, i % 256))
}

fn named(i: usize, name: &str) -> Value {
    json!({ "name": format!("{name}{i}") })
}

const PLACES: &[Place] = &[
    Place {
        limit: &bounds::CIRCUITS,
        path: "circuits",
        make: |v| json!({ "circuits": v }),
        item: named,
    },
    Place {
        limit: &bounds::AUTHORIZATIONS,
        path: "circuits[0].authorizations",
        make: |v| json!({ "circuits": [{ "authorizations": v }] }),
        item: named,
    },
    Place {
        limit: &bounds::TAGS,
        path: "circuits[0].tags",
        make: |v| json!({ "circuits": [{ "tags": v }] }),
        item: |i, n| json!({ "name": format!("{n}{i}"), "value": "v" }),
    },
    Place {
        limit: &bounds::ADVERTISED_PREFIXES,
        path: "circuits[0].microsoftPeering.advertisedPrefixes",
        make: |v| json!({ "circuits": [{ "microsoftPeering": { "advertisedPrefixes": v } }] }),
        item: text_item,
    },
    Place {
        limit: &bounds::DIRECT_PORTS,
        path: "directPorts",
        make: |v| json!({ "directPorts": v }),
        item: named,
    },
    Place {
        limit: &bounds::ROUTE_FILTERS,
        path: "routeFilters",
        make: |v| json!({ "routeFilters": v }),
        item: named,
    },
    Place {
        limit: &bounds::COMMUNITIES,
        path: "routeFilters[0].communities",
        make: |v| json!({ "routeFilters": [{ "name": "rf", "communities": v }] }),
        item: |i, _| json!(format!("12076:{}", 5000 + i % 1000)),
    },
    Place {
        limit: &bounds::VIRTUAL_NETWORKS,
        path: "virtualNetworks",
        make: |v| json!({ "virtualNetworks": v }),
        item: named,
    },
    Place {
        limit: &bounds::ADDRESS_SPACES,
        path: "virtualNetworks[0].addressSpaces",
        make: |v| json!({ "virtualNetworks": [{ "name": "vn", "addressSpaces": v }] }),
        item: text_item,
    },
    Place {
        limit: &bounds::SUBNETS,
        path: "virtualNetworks[0].subnets",
        make: |v| json!({ "virtualNetworks": [{ "name": "vn", "subnets": v }] }),
        item: named,
    },
    Place {
        limit: &bounds::GATEWAYS,
        path: "gateways",
        make: |v| json!({ "gateways": v }),
        item: named,
    },
    Place {
        limit: &bounds::CONNECTIONS,
        path: "connections",
        make: |v| json!({ "connections": v }),
        item: named,
    },
    Place {
        limit: &bounds::GLOBAL_REACH,
        path: "globalReach",
        make: |v| json!({ "globalReach": v }),
        item: named,
    },
    Place {
        limit: &bounds::ON_PREM_ROUTES,
        path: "onPremRoutes",
        make: |v| json!({ "onPremRoutes": v }),
        item: text_item,
    },
];

/// A count around a limit: far below, just below, at, just above, far above.
fn count(limit: usize) -> BoxedStrategy<usize> {
    prop_oneof![
        0..4usize,
        (limit.saturating_sub(3))..=limit + 3,
        (limit / 2)..=limit,
        (limit + 1)..=(2 * limit),
    ]
    .boxed()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Each list is refused exactly above its limit, with the list and the limit named.
    #[test]
    fn lists_are_refused_exactly_above_their_limit(
        (place, n) in (0..PLACES.len()).prop_flat_map(|p| (Just(p), count(PLACES[p].limit.limit))),
        name in "[a-z]{1,40}",
        long in 0..2_000usize,
        nested in 0..32usize,
    ) {
        let place = &PLACES[place];
        // A long name on the items, and unknown fields nested up to the depth limit (64) beside
        // the list.
        let name = format!("{name}{}", "x".repeat(long));
        let items: Vec<Value> = (0..n)
            .map(|i| (place.item)(i, if i == 0 { &name } else { "n" }))
            .collect();
        let mut doc = (place.make)(items);
        let mut deep = json!("end");
        for _ in 0..nested {
            deep = json!({ "a": [deep] });
        }
        doc["x-notes"] = deep;
        let text = doc.to_string();
        let start = Instant::now();
        let r = parse_design(&text);
        let took = start.elapsed();
        let total_ok = n <= bounds::TOTAL.limit;
        if n <= place.limit.limit && total_ok {
            prop_assert!(r.is_ok(), "{} with {n}: {:?}", place.path, r.err());
        } else {
            match r {
                Err(InputError::TooMany(e)) => {
                    prop_assert_eq!(&e.list, place.path);
                    prop_assert_eq!(e.limit, place.limit.limit);
                    let shown = InputError::TooMany(e).to_string();
                    prop_assert!(shown.contains(place.path) && shown.contains(&place.limit.limit.to_string()), "{}", shown);
                }
                other => prop_assert!(false, "{} with {n}: {:?}", place.path, other.map(|_| ())),
            }
        }
        // Generous: a debug build on a loaded machine parses a few MB in well under this.
        prop_assert!(took < Duration::from_secs(20), "{} with {n}: {took:?}", place.path);
    }
}

/// A design with `n` of each kind of item, all referring to each other, and overlapping
/// prefixes everywhere (the worst case for pairwise checks).
fn crowded(n: usize, name_len: usize) -> Value {
    let long = "n".repeat(name_len);
    let circuits: Vec<Value> = (0..n.min(bounds::CIRCUITS.limit))
        .map(|i| {
            json!({ "name": format!("er{i}{long}"), "skuTier": "Premium", "bandwidthMbps": "1000",
                "providerStatus": "Provisioned",
                "privatePeering": { "peerAsn": "65001", "vlanId": "100",
                    "primarySubnet": "192.168.0.0/30", "secondarySubnet": "192.168.0.0/30" },
                "authorizations": [{ "name": "a" }, { "name": "a" }] })
        })
        .collect();
    let vnets: Vec<Value> = (0..n)
        .map(|i| {
            json!({ "name": format!("vn{i}"), "addressSpaces": ["10.0.0.0/8", "10.0.0.0/16"],
                "subnets": [{ "name": "GatewaySubnet", "addressPrefix": "10.0.0.0/27" },
                            { "name": "GatewaySubnet", "addressPrefix": "10.0.0.0/24" }] })
        })
        .collect();
    let gateways: Vec<Value> = (0..n)
        .map(|i| json!({ "name": format!("gw{i}"), "virtualNetwork": format!("vn{i}") }))
        .collect();
    let connections: Vec<Value> = (0..n)
        .map(|i| {
            json!({ "name": format!("cn{}", i % 7), "gateway": format!("gw{i}"),
                "circuit": format!("er{}{long}", i % n.clamp(1, bounds::CIRCUITS.limit)) })
        })
        .collect();
    let routes: Vec<Value> = (0..n).map(|_| json!("10.0.0.0/8")).collect();
    json!({ "circuits": circuits, "virtualNetworks": vnets, "gateways": gateways,
            "connections": connections, "onPremRoutes": routes, "globalReach": (0..n).map(|i| json!({
                "name": "gr", "circuit": format!("er{}{long}", i % 3), "peerCircuit": "er0",
                "addressPrefix": "192.168.0.0/29" })).collect::<Vec<_>>() })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]

    /// The rules report in proportion to the items, however many overlap or share a name.
    #[test]
    fn findings_grow_with_the_items_not_their_square(n in prop_oneof![1..50usize, 500..3_000usize], name_len in 0..60usize) {
        let text = crowded(n, name_len).to_string();
        let d = parse_design(&text).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let items = d.circuits.len() + d.virtual_networks.len() * 3 + d.gateways.len()
            + d.connections.len() + d.on_prem_routes.len() + d.global_reach.len();
        let start = Instant::now();
        let findings = validate(&d);
        let took = start.elapsed();
        println!("{n} of each ({items} items): {} findings in {took:?}", findings.len());
        prop_assert!(findings.len() <= 40 * (items + 1), "{} findings for {items} items", findings.len());
        prop_assert!(took < Duration::from_secs(60), "{took:?} for {items} items");
    }
}

/// A template that builds values: `kind` picks the constructor, `depth` the chain of variables,
/// `width` the arguments per step.
fn builder(kind: &str, depth: usize, width: usize, count: usize) -> String {
    let mut v = Map::new();
    v.insert("v0".into(), json!(format!("[range(0, {count})]")));
    for i in 1..=depth {
        let prev = format!("variables('v{}')", i - 1);
        let args = vec![prev.clone(); width].join(", ");
        let e = match kind {
            "createArray" => format!("[createArray({args})]"),
            "concat" => format!("[concat({args})]"),
            "union" => format!("[union({args}, createArray({i}))]"),
            "createObject" => format!("[createObject('a', {prev}, 'b', {prev})]"),
            "string" => format!("[array(string({prev}))]"),
            "copy" => format!("[{prev}]"),
            _ => format!("[array({prev})]"),
        };
        v.insert(format!("v{i}"), json!(e));
    }
    let mut resources = vec![json!({
        "type": "Microsoft.Network/expressRouteCircuits", "apiVersion": "2023-09-01",
        "name": format!("[string(length(string(variables('v{depth}'))))]"), "location": "westeurope",
        "properties": { "serviceProviderProperties": { "bandwidthInMbps": 1000 } }
    })];
    if kind == "copy" {
        resources.push(json!({
            "type": "Microsoft.Network/virtualNetworks", "apiVersion": "2023-09-01",
            "name": "[concat('vn', copyIndex())]", "location": "westeurope",
            "copy": { "name": "vnets", "count": count.min(900) },
            "properties": { "addressSpace": { "addressPrefixes": format!("[variables('v{depth}')]") } }
        }));
    }
    json!({
        "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
        "variables": v, "resources": resources
    })
    .to_string()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Templates that multiply values are imported or refused, within the design's limits.
    #[test]
    fn multiplying_templates_stay_bounded(
        kind in select(&["createArray", "concat", "union", "createObject", "string", "copy", "array"][..]),
        depth in 0..40usize,
        width in 1..5usize,
        count in prop_oneof![0..10usize, 9_990..=10_001usize],
    ) {
        let t = builder(kind, depth, width, count);
        let start = Instant::now();
        let r = import_text(&t);
        let took = start.elapsed();
        match &r {
            Ok(i) => prop_assert!(bounds::check_design(&i.design).is_ok()),
            Err(e) => prop_assert!(matches!(e, InputError::TooMany(_)), "{e}"),
        }
        prop_assert!(took < Duration::from_secs(30), "{kind} depth {depth} width {width}: {took:?}");
    }
}
