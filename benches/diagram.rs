//! Diagram layout speed on the largest design the wizard makes (two circuits with both
//! peerings, four VNets with a gateway each, eight connections, Global Reach). Budget: the whole
//! keystroke (validation, layout, DOM update) in ≤ 2 ms, so layout alone must stay far below:
//! this bench fails above 200 µs (median).
//!
//! Run with `cargo bench --bench diagram`.

use erwiz::domain::diagram::{layout, layout_in, Fit};
use erwiz::domain::io::parse_design;
use erwiz::domain::model::{Connection, Design, Gateway, Subnet, VirtualNetwork};
use erwiz::domain::rules::validate;
use std::hint::black_box;
use std::process::ExitCode;
use std::time::{Duration, Instant};

const SEED: &str = include_str!("../tests/fixtures/seed.json");
const TWO: &str = include_str!("../tests/fixtures/two-circuits.json");
const BUDGET: Duration = Duration::from_micros(200);

fn largest() -> Option<Design> {
    let mut d = parse_design(TWO).ok()?;
    let seed = parse_design(SEED).ok()?;
    let ms = seed.circuits.first()?.microsoft_peering.clone()?;
    for (k, c) in d.circuits.iter_mut().enumerate() {
        let mut m = ms.clone();
        m.peering.vlan_id = format!("{}", 200 + k);
        c.microsoft_peering = Some(m);
    }
    d.route_filters = seed.route_filters.clone();
    d.virtual_networks = (0..4)
        .map(|k| VirtualNetwork {
            name: format!("vnet-{k}"),
            region: "uksouth".into(),
            address_spaces: vec![format!("10.{}.0.0/16", 10 + k)],
            subnets: vec![Subnet {
                name: "GatewaySubnet".into(),
                address_prefix: format!("10.{}.255.0/27", 10 + k),
                ..Subnet::default()
            }],
        })
        .collect();
    d.gateways = (0..4)
        .map(|k| Gateway {
            name: format!("ergw-{k}"),
            region: "uksouth".into(),
            virtual_network: format!("vnet-{k}"),
            ..Gateway::default()
        })
        .collect();
    let names: Vec<String> = d.circuits.iter().map(|c| c.name.clone()).collect();
    d.connections = (0..8)
        .map(|k| Connection {
            name: format!("cn-{k}"),
            region: "uksouth".into(),
            gateway: format!("ergw-{}", k % 4),
            circuit: names.get(k / 4).cloned().unwrap_or_default(),
            ..Connection::default()
        })
        .collect();
    Some(d)
}

fn main() -> ExitCode {
    let Some(design) = largest() else {
        eprintln!("fixtures do not parse");
        return ExitCode::FAILURE;
    };
    let findings = validate(&design);
    for _ in 0..200 {
        black_box(layout(black_box(&design), black_box(&findings)));
    }
    let mut samples: Vec<Duration> = (0..2000)
        .map(|_| {
            let start = Instant::now();
            black_box(layout(black_box(&design), black_box(&findings)));
            start.elapsed()
        })
        .collect();
    samples.sort_unstable();
    let median = samples[samples.len() / 2];
    let p95 = samples[samples.len() * 95 / 100];
    let scene = layout(&design, &findings);
    println!(
        "diagram layout, largest design ({} nodes, {} links): median {:?}, p95 {:?} (budget {:?})",
        scene.nodes.len(),
        scene.links.len(),
        median,
        p95,
        BUDGET
    );
    // The layouts the page makes for narrower boxes (the column beside the form, a phone).
    for width in [731, 355] {
        let fit = Fit {
            width,
            height: i32::MAX,
            focus: 0,
        };
        let mut t: Vec<Duration> = (0..2000)
            .map(|_| {
                let start = Instant::now();
                black_box(layout_in(black_box(&design), black_box(&findings), fit));
                start.elapsed()
            })
            .collect();
        t.sort_unstable();
        let m = t[t.len() / 2];
        println!(
            "  within {width} units: median {m:?}, p95 {:?}",
            t[t.len() * 95 / 100]
        );
        if m > BUDGET {
            eprintln!("over budget");
            return ExitCode::FAILURE;
        }
    }
    if median > BUDGET {
        eprintln!("over budget");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
