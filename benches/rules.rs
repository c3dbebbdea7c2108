//! Validation speed against the budgets: a typical full design (the seed fixture) in ≤ 50 µs and a
//! design with 10,000 on-premises routes in ≤ 5 ms (medians).
//!
//! Run with `cargo bench --bench rules`. Plain `std::time`, no benchmark framework: each sample
//! times one `validate` call, and the median of many samples is compared with the budget. The
//! exit status is non-zero when a budget is exceeded, so a slow rule cannot go unnoticed.

use erwiz::domain::io::parse_design;
use erwiz::domain::model::Design;
use erwiz::domain::rules::validate;
use std::hint::black_box;
use std::net::{Ipv4Addr, Ipv6Addr};
use std::process::ExitCode;
use std::time::{Duration, Instant};

const SEED: &str = include_str!("../tests/fixtures/seed.json");

/// The median time of one `validate(design)` call over `runs` samples, after a warm-up.
fn median_validate(design: &Design, runs: usize) -> Duration {
    for _ in 0..runs.min(20) {
        black_box(validate(black_box(design)));
    }
    let mut samples: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            black_box(validate(black_box(design)));
            start.elapsed()
        })
        .collect();
    samples.sort_unstable();
    samples.get(samples.len() / 2).copied().unwrap_or_default()
}

/// xorshift64*: deterministic routes, the same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// The seed design plus `n` distinct on-premises routes: IPv4 prefixes from /8 to /32 (network
/// addresses) that stay clear of the design's VNet and peering subnets, and 5 % IPv6 /48–/64.
fn with_routes(mut design: Design, n: usize) -> Design {
    let mut rng = Rng(0x5EED_0FE2_0001);
    let mut routes = std::collections::BTreeSet::new();
    // Address blocks the seed design itself uses (VNet 10.1/16, peerings 192.168.100.128/29,
    // Microsoft peering and advertised prefixes 193.0.8.0/21): routes overlapping them would
    // be findings, not the typical case measured here.
    let used: [(u32, u32); 3] = [
        (u32::from(Ipv4Addr::new(10, 1, 0, 0)), 16),
        (u32::from(Ipv4Addr::new(192, 168, 100, 128)), 29),
        (u32::from(Ipv4Addr::new(193, 0, 8, 0)), 21),
    ];
    let mask = |len: u32| u32::MAX.checked_shl(32 - len).unwrap_or(0);
    while routes.len() < n {
        if rng.below(20) == 0 {
            let len = 48 + rng.below(17) as u32;
            let bits = (0xFD00_u128 << 112) | (u128::from(rng.next()) << 56);
            let net = bits & (u128::MAX << (128 - len));
            routes.insert(format!("{}/{len}", Ipv6Addr::from(net)));
            continue;
        }
        let len = 8 + rng.below(25) as u32;
        let addr = (rng.next() >> 32) as u32 & mask(len);
        let clashes = used.iter().any(|&(u, ulen)| {
            let shorter = len.min(ulen);
            addr & mask(shorter) == u & mask(shorter)
        });
        // Skip 0/8, 127/8, multicast and reserved: not routes anyone advertises.
        let first = addr >> 24;
        if clashes || first == 0 || first == 127 || first >= 224 {
            continue;
        }
        routes.insert(format!("{}/{len}", Ipv4Addr::from(addr)));
    }
    design.on_prem_routes = routes.into_iter().collect();
    design
}

/// One benchmark line: name, median, budget and PASS/FAIL. Returns whether it passed.
fn report(name: &str, median: Duration, budget: Duration, runs: usize, findings: usize) -> bool {
    let pass = median <= budget;
    let (value, unit, budget_value) = if budget >= Duration::from_millis(1) {
        (median.as_secs_f64() * 1e3, "ms", budget.as_secs_f64() * 1e3)
    } else {
        (median.as_secs_f64() * 1e6, "µs", budget.as_secs_f64() * 1e6)
    };
    println!(
        "{name}: median {value:.3} {unit} over {runs} runs (budget {budget_value:.0} {unit}, {findings} findings) {}",
        if pass { "PASS" } else { "FAIL" }
    );
    pass
}

fn main() -> ExitCode {
    let seed = match parse_design(SEED) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("tests/fixtures/seed.json: {e}");
            return ExitCode::FAILURE;
        }
    };
    let big = with_routes(seed.clone(), 10_000);
    let mut ok = true;

    let runs = 5_001;
    ok &= report(
        "validate seed design (tests/fixtures/seed.json)",
        median_validate(&seed, runs),
        Duration::from_micros(50),
        runs,
        validate(&seed).len(),
    );

    let runs = 101;
    ok &= report(
        "validate design with 10,000 on-prem routes",
        median_validate(&big, runs),
        Duration::from_millis(5),
        runs,
        validate(&big).len(),
    );

    if ok {
        ExitCode::SUCCESS
    } else {
        println!("some validation budgets are exceeded");
        ExitCode::FAILURE
    }
}
