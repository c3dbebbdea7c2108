//! Property tests: validation and parsing are total, deterministic and well-formed on any input.
//!
//! * `validate` never panics on a design with any text in any field (unicode, huge numbers,
//!   CIDR-like garbage), gives the same findings twice, names only documented rules and only
//!   fields that exist in the design's JSON.
//! * `parse_design` never panics on any string or any JSON value, and reads back exactly what
//!   serializing a design writes.
//!
//! 10,000 cases per property. Designs are kept small (1–3 circuits, a few of everything else) and
//! text is expanded from one generated `u64` per field (see [`Mix`]) so the whole file runs in
//! under a minute in a debug build on 2 cores (about 44 s measured, most of it inside `validate`).

#![cfg(not(target_arch = "wasm32"))]

use erwiz::domain::catalog;
use erwiz::domain::io::{migrate, parse_design};
use erwiz::domain::model::*;
use erwiz::domain::rules::{all_rules, validate};
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::select;
use serde_json::Value;
use std::collections::BTreeSet;
use std::net::{Ipv4Addr, Ipv6Addr};

const CASES: u32 = 10_000;

/// Values, near misses and garbage for text fields.
const SAMPLES: &[&str] = &[
    "",
    " ",
    "0",
    "1",
    "-1",
    "1.2",
    "1.10",
    "65.535",
    "1e5",
    "0x10",
    "+5",
    "50",
    "300",
    "1000",
    "10000",
    "10",
    "100",
    "4094",
    "4095",
    "32000",
    "32001",
    "65001",
    "65515",
    "12076",
    "23456",
    "64496",
    "4200000000",
    "2147483648",
    "4294967295",
    "4294967296",
    "18446744073709551616",
    "99999999999999999999999999999999999999",
    "١٢٣",
    "10.0.0.0/30",
    "10.0.0.1/30",
    "10.0.0.4/30",
    "10.0.0.0/29",
    "192.168.100.128/30",
    "192.168.100.132/30",
    "192.168.100.128/29",
    "193.0.10.0/30",
    "100.64.0.0/30",
    "0.0.0.0/0",
    "10.1.0.0/16",
    "10.1.255.0/27",
    "10.1.255.0/28",
    "010.0.0.0/8",
    "10.0.0.0/33",
    "10.0.0.0",
    "256.1.1.1/24",
    "::/0",
    "2001:db8::/126",
    "2001:db8::/125",
    "fd00::/64",
    "fe80::1%eth0/64",
    "::ffff:10.0.0.0/126",
    "12076:5010",
    "12076:5050",
    "12076:51004",
    "12076:",
    ":",
    "a1b2c3d4-0000-4000-8000-000000000000",
    "{a1b2c3d4-0000-4000-8000-000000000000}",
    "not-a-guid",
    "uksouth",
    "UK South",
    "westeurope",
    "West Europe",
    "Australia Central 2",
    "London",
    "Amsterdam",
    "British Telecom",
    "Equinix",
    "RIPENCC",
    "ARIN",
    "NONE",
    "GatewaySubnet",
    "gatewaysubnet",
    "er-london",
    "ER-LONDON",
    "a b",
    "-x-",
    "x.",
    "é",
    "\u{0}",
    "\n",
    "\u{1b}[31m",
    "\u{202e}",
    "e\u{301}",
    "🙂",
    "<>%&\\?/",
];

/// Names that connections, gateways and circuits refer to each other by.
const NAMES: &[&str] = &[
    "er-london",
    "er-amsterdam",
    "ER-London",
    "vnet-hub",
    "vnet-spoke",
    "ergw-hub",
    "gw-2",
    "port-1",
    "rf-1",
    "GatewaySubnet",
    "workloads",
    "",
];

/// Characters of addresses, prefixes, numbers and communities.
const CIDR_CHARS: &[u8] = b"0123456789./:abcdef -";

/// SplitMix64: one generated `u64` drives the making of a whole text value.
///
/// Proptest's own string strategies (regexes, unions of many arms) cost 20–80 µs per value in a
/// debug build; a design has ~60 text fields and each property runs 10,000 cases. Drawing one
/// `u64` per field and expanding it here is ~20× cheaper, and shrinking still works on the
/// structure (fewer circuits, no peering, …) and towards seed 0, the empty string.
struct Mix(u64);

impl Mix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % n.max(1) as u64).unwrap_or(0)
    }

    fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
        from.get(self.below(from.len())).copied().unwrap_or("")
    }

    /// A character: mostly ASCII, else controls, combining marks, bidi controls, emoji or any
    /// scalar value.
    fn char(&mut self) -> char {
        match self.below(8) {
            0..=3 => char::from(b' ' + u8::try_from(self.below(95)).unwrap_or(0)),
            4 => char::from(u8::try_from(self.below(32)).unwrap_or(0)),
            5 => *[
                '\u{301}',
                '\u{202e}',
                '\u{200b}',
                '\u{feff}',
                'é',
                'ß',
                '中',
                '🙂',
                '\u{10ffff}',
                '١',
            ]
            .get(self.below(10))
            .unwrap_or(&'x'),
            _ => char::from_u32(u32::try_from(self.below(0x11_0000)).unwrap_or(0))
                .unwrap_or('\u{fffd}'),
        }
    }
}

/// Text that makes parsers and rules work: valid values, near misses and garbage.
fn text_from(seed: u64) -> String {
    if seed == 0 {
        return String::new();
    }
    let mut r = Mix(seed);
    match r.below(14) {
        0..=3 => r.pick(SAMPLES).to_string(),
        4..=6 => (0..r.below(17)).map(|_| r.char()).collect(),
        7 => (0..r.below(21))
            .map(|_| char::from(CIDR_CHARS[r.below(CIDR_CHARS.len())]))
            .collect(),
        8 => r.next().to_string(),
        9 => (r.next() as i64).to_string(),
        10 => format!("{}/{}", Ipv4Addr::from(r.next() as u32), r.below(41)),
        11 => format!(
            "{}/{}",
            Ipv6Addr::from(u128::from(r.next()) << 64 | u128::from(r.next())),
            r.below(141)
        ),
        12 => format!("10.{}.{}.0/{}", r.below(256), r.below(256), r.below(33)),
        _ => format!(" {}{} ", r.pick(SAMPLES), r.pick(SAMPLES)),
    }
}

/// Mostly one of `common`, sometimes any text.
fn usually(common: Vec<&'static str>) -> BoxedStrategy<String> {
    any::<u64>()
        .prop_map(move |seed| {
            if seed % 4 == 3 {
                text_from(seed / 4)
            } else {
                Mix(seed).pick(&common).to_string()
            }
        })
        .boxed()
}

fn any_text() -> BoxedStrategy<String> {
    any::<u64>().prop_map(text_from).boxed()
}

/// Unicode text of up to `max` characters.
fn unicode(max: usize) -> BoxedStrategy<String> {
    any::<u64>()
        .prop_map(move |seed| {
            let mut r = Mix(seed);
            (0..r.below(max + 1)).map(|_| r.char()).collect()
        })
        .boxed()
}

fn name() -> BoxedStrategy<String> {
    usually(NAMES.to_vec())
}

fn region() -> BoxedStrategy<String> {
    usually(
        catalog::REGIONS
            .iter()
            .flat_map(|r| [r.name, r.display_name])
            .collect(),
    )
}

fn location() -> BoxedStrategy<String> {
    usually(catalog::PEERING_LOCATIONS.iter().map(|l| l.name).collect())
}

fn provider() -> BoxedStrategy<String> {
    usually(catalog::all_providers().to_vec())
}

fn texts(max: usize) -> BoxedStrategy<Vec<String>> {
    vec(any_text(), 0..=max).boxed()
}

fn enum_of<T: Clone + std::fmt::Debug + 'static>(all: &[T]) -> impl Strategy<Value = T> {
    select(all.to_vec())
}

fn peering() -> BoxedStrategy<Peering> {
    (
        any_text(),
        enum_of(&[
            AddressFamily::Ipv4,
            AddressFamily::Ipv6,
            AddressFamily::Both,
        ]),
        enum_of(&[SubnetMode::TwoSlash30, SubnetMode::OneSlash29]),
        (any_text(), any_text(), any_text()),
        (any_text(), any_text()),
        any_text(),
        any_text(),
        any::<bool>(),
    )
        .prop_map(
            |(peer_asn, address_family, subnet_mode, (p, s, s29), (p6, s6), vlan, key, enabled)| {
                Peering {
                    peer_asn,
                    address_family,
                    subnet_mode,
                    primary_subnet: p,
                    secondary_subnet: s,
                    subnet29: s29,
                    primary_subnet_v6: p6,
                    secondary_subnet_v6: s6,
                    vlan_id: vlan,
                    shared_key: key,
                    enabled,
                }
            },
        )
        .boxed()
}

fn microsoft_peering() -> BoxedStrategy<MicrosoftPeering> {
    (
        peering(),
        texts(3),
        texts(2),
        any_text(),
        any_text(),
        name(),
    )
        .prop_map(
            |(peering, v4, v6, customer_asn, registry, filter)| MicrosoftPeering {
                peering,
                advertised_prefixes: v4,
                advertised_prefixes_v6: v6,
                customer_asn,
                routing_registry: registry,
                route_filter: filter,
            },
        )
        .boxed()
}

fn circuit() -> BoxedStrategy<Circuit> {
    let identity = (
        name(),
        region(),
        enum_of(&[PortType::Provider, PortType::Direct]),
        provider(),
        location(),
        any_text(),
        name(),
        any_text(),
        any_text(),
    );
    let sku = (
        enum_of(&[
            SkuTier::Local,
            SkuTier::Standard,
            SkuTier::Premium,
            SkuTier::Basic,
        ]),
        enum_of(&[SkuFamily::MeteredData, SkuFamily::UnlimitedData]),
        enum_of(&[
            ProviderStatus::NotProvisioned,
            ProviderStatus::Provisioning,
            ProviderStatus::Provisioned,
            ProviderStatus::Deprovisioning,
        ]),
        any::<(bool, bool, bool)>(),
    );
    let children = (
        vec(name().prop_map(|name| Authorization { name }), 0..=2),
        proptest::option::of(peering()),
        proptest::option::of(microsoft_peering()),
        vec(
            (any_text(), any_text()).prop_map(|(name, value)| Tag { name, value }),
            0..=2,
        ),
    );
    (identity, sku, children)
        .prop_map(
            |(
                (name, region, port_type, provider, peering_location, mbps, direct_port, gbps, key),
                (sku_tier, sku_family, provider_status, (managed, classic, rate)),
                (authorizations, private_peering, microsoft_peering, tags),
            )| Circuit {
                name,
                region,
                port_type,
                provider,
                peering_location,
                bandwidth_mbps: mbps,
                direct_port,
                bandwidth_gbps: gbps,
                direct_authorization_key: key,
                sku_tier,
                sku_family,
                provider_status,
                provider_managed_routing: managed,
                allow_classic_operations: classic,
                rate_limiting: rate,
                authorizations,
                private_peering,
                microsoft_peering,
                tags,
            },
        )
        .boxed()
}

fn direct_port() -> BoxedStrategy<DirectPort> {
    (
        name(),
        region(),
        location(),
        any_text(),
        enum_of(&[Encapsulation::Dot1Q, Encapsulation::QinQ]),
    )
        .prop_map(
            |(name, region, peering_location, bandwidth_gbps, encapsulation)| DirectPort {
                name,
                region,
                peering_location,
                bandwidth_gbps,
                encapsulation,
            },
        )
        .boxed()
}

fn route_filter() -> BoxedStrategy<RouteFilter> {
    (name(), region(), any_text(), texts(3))
        .prop_map(|(name, region, rule_name, communities)| RouteFilter {
            name,
            region,
            rule_name,
            communities,
        })
        .boxed()
}

fn subnet() -> BoxedStrategy<Subnet> {
    (name(), any_text(), any_text(), any::<[bool; 4]>())
        .prop_map(
            |(name, address_prefix, address_prefix_v6, [nsg, udr, bgp, sep])| Subnet {
                name,
                address_prefix,
                address_prefix_v6,
                nsg,
                default_route_udr: udr,
                bgp_propagation_disabled: bgp,
                service_endpoint_policy: sep,
            },
        )
        .boxed()
}

fn virtual_network() -> BoxedStrategy<VirtualNetwork> {
    (name(), region(), texts(2), vec(subnet(), 0..=3))
        .prop_map(|(name, region, address_spaces, subnets)| VirtualNetwork {
            name,
            region,
            address_spaces,
            subnets,
        })
        .boxed()
}

fn gateway() -> BoxedStrategy<Gateway> {
    let public_ip = (
        name(),
        enum_of(&[PublicIpSku::Basic, PublicIpSku::Standard]),
        enum_of(&[Allocation::Dynamic, Allocation::Static]),
        any::<bool>(),
    )
        .prop_map(|(name, sku, allocation, existing)| PublicIp {
            name,
            sku,
            allocation,
            existing,
        });
    (
        name(),
        region(),
        name(),
        enum_of(&[
            GatewaySku::Standard,
            GatewaySku::HighPerformance,
            GatewaySku::UltraPerformance,
            GatewaySku::ErGw1AZ,
            GatewaySku::ErGw2AZ,
            GatewaySku::ErGw3AZ,
            GatewaySku::ErGwScale,
            GatewaySku::Basic,
        ]),
        any_text(),
        any_text(),
        proptest::option::of(public_ip),
        any::<(bool, bool)>(),
    )
        .prop_map(
            |(name, region, virtual_network, sku, min, max, public_ip, (coexist, remote))| {
                Gateway {
                    name,
                    region,
                    virtual_network,
                    sku,
                    min_scale_units: min,
                    max_scale_units: max,
                    public_ip,
                    coexist_with_vpn: coexist,
                    allow_remote_vnet_traffic: remote,
                }
            },
        )
        .boxed()
}

fn connection() -> BoxedStrategy<Connection> {
    (
        name(),
        region(),
        name(),
        name(),
        any::<bool>(),
        any_text(),
        any_text(),
        any::<(bool, bool)>(),
    )
        .prop_map(
            |(name, region, gateway, circuit, cross, key, weight, (fast, pl))| Connection {
                name,
                region,
                gateway,
                circuit,
                cross_subscription: cross,
                authorization_key: key,
                routing_weight: weight,
                fast_path: fast,
                private_link_fast_path: pl,
            },
        )
        .boxed()
}

fn global_reach() -> BoxedStrategy<GlobalReach> {
    (
        name(),
        name(),
        name(),
        any_text(),
        any_text(),
        any::<bool>(),
        any_text(),
    )
        .prop_map(
            |(name, circuit, peer_circuit, v4, v6, cross, key)| GlobalReach {
                name,
                circuit,
                peer_circuit,
                address_prefix: v4,
                address_prefix_v6: v6,
                cross_subscription: cross,
                authorization_key: key,
            },
        )
        .boxed()
}

/// A whole design: 1–3 circuits with optional peerings, 0–3 VNets, and a few of everything else,
/// with names that refer to existing objects or to nothing.
fn design() -> BoxedStrategy<Design> {
    let header = (any_text(), any_text(), name());
    let circuits = (vec(circuit(), 1..=3), vec(direct_port(), 0..=2));
    let network = (
        vec(route_filter(), 0..=2),
        vec(virtual_network(), 0..=3),
        vec(gateway(), 0..=2),
        vec(connection(), 0..=3),
        vec(global_reach(), 0..=2),
        texts(5),
    );
    // Fields a template leaves to deployment (U20): real paths, stale ones and nonsense.
    let given = vec(
        enum_of(&[
            "subscriptionId",
            "resourceGroup",
            "circuits[0].name",
            "circuits[0].region",
            "circuits[1].provider",
            "circuits[0].privatePeering.vlanId",
            "virtualNetworks[0].addressSpaces",
            "gateways[0].virtualNetwork",
            "connections[0].circuit",
            "connections[2].gateway",
            "globalReach[0].peerCircuit",
            "nonsense",
            "",
        ])
        .prop_map(str::to_string),
        0..=4,
    );
    (header, circuits, network, given)
        .prop_map(
            |(
                (name, subscription_id, resource_group),
                (circuits, direct_ports),
                (
                    route_filters,
                    virtual_networks,
                    gateways,
                    connections,
                    global_reach,
                    on_prem_routes,
                ),
                given_at_deployment,
            )| Design {
                version: SCHEMA_VERSION,
                name,
                subscription_id,
                resource_group,
                circuits,
                direct_ports,
                route_filters,
                virtual_networks,
                gateways,
                connections,
                global_reach,
                on_prem_routes,
                given_at_deployment,
                acknowledged: Vec::new(),
            },
        )
        .boxed()
}

/// Keys of the design schema, so generated JSON objects often look like (broken) designs.
const KEYS: &[&str] = &[
    "version",
    "name",
    "resourceGroup",
    "subscriptionId",
    "circuits",
    "directPorts",
    "routeFilters",
    "virtualNetworks",
    "gateways",
    "connections",
    "globalReach",
    "onPremRoutes",
    "acknowledged",
    "region",
    "portType",
    "provider",
    "peeringLocation",
    "bandwidthMbps",
    "bandwidthGbps",
    "skuTier",
    "skuFamily",
    "providerStatus",
    "privatePeering",
    "microsoftPeering",
    "peerAsn",
    "vlanId",
    "primarySubnet",
    "secondarySubnet",
    "subnetMode",
    "addressFamily",
    "advertisedPrefixes",
    "communities",
    "addressSpaces",
    "subnets",
    "addressPrefix",
    "sku",
    "publicIp",
    "routingWeight",
    "tags",
    "enabled",
];

/// Enum spellings and other strings the schema gives meaning to.
const WORDS: &[&str] = &[
    "Provider",
    "Direct",
    "Local",
    "Standard",
    "Premium",
    "Basic",
    "MeteredData",
    "UnlimitedData",
    "Provisioned",
    "Ipv4",
    "Both",
    "OneSlash29",
    "ErGw1AZ",
    "ErGwScale",
    "Static",
    "QinQ",
];

fn json_value() -> BoxedStrategy<Value> {
    let leaf = any::<u64>().prop_map(|seed| {
        let mut r = Mix(seed);
        match r.below(8) {
            0 => Value::Null,
            1 => Value::Bool(seed % 2 == 0),
            2 => Value::from(r.next() as i64),
            3 => Value::from(r.next()),
            4 => serde_json::Number::from_f64(f64::from_bits(r.next()))
                .map_or(Value::Null, Value::Number),
            5 | 6 => Value::String(text_from(r.next())),
            _ => Value::from(r.pick(WORDS)),
        }
    });
    leaf.prop_recursive(6, 40, 5, |inner| {
        prop_oneof![
            vec(inner.clone(), 0..5).prop_map(Value::Array),
            vec((key(), inner), 0..5).prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
    .boxed()
}

fn key() -> BoxedStrategy<String> {
    usually(KEYS.to_vec())
}

/// Mostly objects (as design files are), sometimes any JSON value.
fn json_document() -> BoxedStrategy<Value> {
    prop_oneof![
        1 => json_value(),
        3 => vec((key(), json_value()), 0..8).prop_map(|kv| Value::Object(kv.into_iter().collect())),
    ]
    .boxed()
}

const SEED: &str = include_str!("fixtures/seed.json");

/// Characters that matter to a JSON parser.
const JSON_CHARS: &[u8] = b"[]{}\",:\\ \n0123456789.eE+-tfnulrsa";

/// Any string: arbitrary unicode, JSON-like symbol soup, or the seed fixture cut and spliced.
fn any_input() -> BoxedStrategy<String> {
    let soup = |max: usize| {
        vec(select(JSON_CHARS), 0..=max).prop_map(|bs| bs.into_iter().map(char::from).collect())
    };
    prop_oneof![
        unicode(64),
        soup(64),
        (0..=SEED.len(), 0..=SEED.len(), soup(4)).prop_map(
            |(a, b, insert): (usize, usize, String)| {
                let (a, b) = (a.min(b), a.max(b));
                let cut = |i: usize| {
                    (0..=i)
                        .rev()
                        .find(|&j| SEED.is_char_boundary(j))
                        .unwrap_or(0)
                };
                format!("{}{insert}{}", &SEED[..cut(a)], &SEED[cut(b)..])
            }
        ),
    ]
    .boxed()
}

/// Checks that `path` (`circuits[0].privatePeering.vlanId`) names a field present in `root`.
fn resolve(root: &Value, path: &str) -> Result<(), String> {
    if path.is_empty() {
        return Err("empty path".into());
    }
    let mut cur = root;
    for segment in path.split('.') {
        let (key, indexes) = segment.split_once('[').unwrap_or((segment, ""));
        cur = cur
            .get(key)
            .ok_or_else(|| format!("no field {key:?} (in {path})"))?;
        if indexes.is_empty() {
            continue;
        }
        for ix in format!("[{indexes}").split('[').skip(1) {
            let i: usize = ix
                .strip_suffix(']')
                .and_then(|n| n.parse().ok())
                .ok_or_else(|| format!("bad index {ix:?} in {path}"))?;
            cur = cur
                .get(i)
                .ok_or_else(|| format!("no element {i} of {key:?} (in {path})"))?;
        }
    }
    Ok(())
}

#[test]
fn resolve_accepts_existing_fields_only() {
    let d = parse_design(SEED).expect("seed parses");
    let json = serde_json::to_value(&d).expect("serializes");
    for ok in [
        "resourceGroup",
        "circuits",
        "circuits[0].name",
        "circuits[0].privatePeering.vlanId",
        "circuits[0].microsoftPeering.vlanId",
        "circuits[0].microsoftPeering.advertisedPrefixes[0]",
        "circuits[0].tags[1]",
        "virtualNetworks[0].subnets[1].addressPrefix",
        "gateways[0].publicIp",
    ] {
        assert_eq!(resolve(&json, ok), Ok(()), "{ok}");
    }
    for bad in [
        "",
        "circuit",
        "circuits[1].name",
        "circuits[0].nom",
        "circuits[0].privatePeering.vlan",
        "circuits[x]",
        "gateways[0].publicIp.sku",
        "onPremRoutes[2]",
    ] {
        assert!(resolve(&json, bad).is_err(), "{bad}");
    }
}

fn known_codes() -> BTreeSet<&'static str> {
    all_rules().iter().map(|r| r.code).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    /// Any text in any field: no panic; the same findings twice; every finding names a
    /// documented rule and a field that exists in the design's JSON.
    #[test]
    fn validate_is_total_deterministic_and_well_formed(d in design()) {
        let first = validate(&d);
        let second = validate(&d.clone());
        prop_assert_eq!(&first, &second);
        let known = known_codes();
        let json = serde_json::to_value(&d).map_err(|e| TestCaseError::fail(e.to_string()))?;
        for f in first {
            prop_assert!(known.contains(f.code), "{} is not in all_rules()", f.code);
            if let Err(why) = resolve(&json, &f.path) {
                return Err(TestCaseError::fail(format!(
                    "{} reports at a missing field: {why}",
                    f.code
                )));
            }
            prop_assert!(!f.message.is_empty(), "{} has no message", f.code);
        }
    }

    /// What serializing a design writes, parsing reads back exactly.
    #[test]
    fn designs_round_trip_through_json(d in design()) {
        let text = serde_json::to_string(&d).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(parse_design(&text), Ok(d));
    }

    /// Any string: parse_design returns a design or a one-line reason, never panics.
    #[test]
    fn parse_design_is_total_on_strings(s in any_input()) {
        if let Err(e) = parse_design(&s) {
            let msg = e.to_string();
            prop_assert!(!msg.is_empty() && !msg.contains('\n'), "{msg:?}");
        }
    }

    /// Any JSON value: parse_design and migrate never panic and agree on what they accept.
    #[test]
    fn parse_design_is_total_on_json_values(v in json_document()) {
        let text = v.to_string();
        let parsed = parse_design(&text);
        if let Err(e) = &parsed {
            prop_assert!(!e.to_string().contains('\n'));
        }
        prop_assert_eq!(parsed.ok(), migrate(v).ok());
    }
}
