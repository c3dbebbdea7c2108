#![cfg_attr(target_arch = "wasm32", allow(dead_code))]
//! Test fixtures shared by the network rule tests: a clean hub design and finding helpers.

use crate::domain::finding::{Finding, Severity};
use crate::domain::model::*;

/// A circuit at `location`, Provisioned, with a private peering on `subnet29`'s two /30s.
pub fn circuit(name: &str, location: &str, provider: &str, p1: &str, p2: &str) -> Circuit {
    Circuit {
        name: name.into(),
        region: "UK South".into(),
        provider: provider.into(),
        peering_location: location.into(),
        bandwidth_mbps: "1000".into(),
        provider_status: ProviderStatus::Provisioned,
        private_peering: Some(Peering {
            peer_asn: "65010".into(),
            primary_subnet: p1.into(),
            secondary_subnet: p2.into(),
            vlan_id: "100".into(),
            ..Peering::default()
        }),
        ..Circuit::default()
    }
}

/// A subnet.
pub fn subnet(name: &str, prefix: &str) -> Subnet {
    Subnet {
        name: name.into(),
        address_prefix: prefix.into(),
        ..Subnet::default()
    }
}

/// A VNet with a workload subnet and a /27 GatewaySubnet at the top of a /16.
pub fn vnet(name: &str, region: &str, second_octet: u8) -> VirtualNetwork {
    VirtualNetwork {
        name: name.into(),
        region: region.into(),
        address_spaces: vec![format!("10.{second_octet}.0.0/16")],
        subnets: vec![
            subnet("workload", &format!("10.{second_octet}.0.0/24")),
            subnet("GatewaySubnet", &format!("10.{second_octet}.255.0/27")),
        ],
    }
}

/// An ErGw1AZ gateway in `vnet`.
pub fn gateway(name: &str, vnet: &str) -> Gateway {
    Gateway {
        name: name.into(),
        virtual_network: vnet.into(),
        ..Gateway::default()
    }
}

/// A connection from `gateway` to `circuit`.
pub fn connection(name: &str, gateway: &str, circuit: &str) -> Connection {
    Connection {
        name: name.into(),
        gateway: gateway.into(),
        circuit: circuit.into(),
        ..Connection::default()
    }
}

/// One London circuit linked to one hub VNet in UK South: no network findings.
pub fn base() -> Design {
    Design {
        resource_group: "rg".into(),
        circuits: vec![circuit(
            "er-london",
            "London",
            "British Telecom",
            "192.168.100.0/30",
            "192.168.100.4/30",
        )],
        virtual_networks: vec![vnet("vnet-hub", "UK South", 1)],
        gateways: vec![gateway("gw-hub", "vnet-hub")],
        connections: vec![connection("cn-london", "gw-hub", "er-london")],
        ..Design::default()
    }
}

/// Network findings of `d`, in emission order.
pub fn run(d: &Design) -> Vec<Finding> {
    let mut out = Vec::new();
    super::check(d, &mut out);
    out
}

/// (code, path) of every finding.
pub fn codes(d: &Design) -> Vec<(&'static str, String)> {
    run(d).into_iter().map(|f| (f.code, f.path)).collect()
}

/// (code, path) of findings that are not informational.
pub fn problems(d: &Design) -> Vec<(&'static str, String)> {
    run(d)
        .into_iter()
        .filter(|f| f.severity != Severity::Info)
        .map(|f| (f.code, f.path))
        .collect()
}

/// Findings with `code`.
pub fn with_code(d: &Design, code: &str) -> Vec<Finding> {
    run(d).into_iter().filter(|f| f.code == code).collect()
}

/// (path, severity) of findings with `code`.
pub fn paths(d: &Design, code: &str) -> Vec<(String, Severity)> {
    with_code(d, code)
        .into_iter()
        .map(|f| (f.path, f.severity))
        .collect()
}

/// The replacement value of the first finding with `code`.
pub fn fix_value(d: &Design, code: &str) -> Option<String> {
    with_code(d, code)
        .into_iter()
        .find_map(|f| f.fix.and_then(|x| x.value))
}

#[test]
fn base_design_is_clean() {
    let d = base();
    let all = run(&d);
    let not_info: Vec<_> = all
        .iter()
        .filter(|f| f.severity != Severity::Info)
        .collect();
    assert!(not_info.is_empty(), "{not_info:#?}");
    // Only the reminder that creating a gateway takes a while.
    let infos: Vec<_> = all.iter().map(|f| (f.code, f.path.as_str())).collect();
    assert_eq!(infos, vec![("ER-GW-015", "gateways[0].name")]);
}

/// Draws field values from a pool of words and bytes, so property tests can build designs where
/// names sometimes resolve and prefixes sometimes overlap.
struct Draw {
    words: Vec<String>,
    bytes: Vec<u8>,
    i: usize,
    j: usize,
}

impl Draw {
    fn s(&mut self) -> String {
        let n = self.words.len().max(1);
        let v = self.words.get(self.i % n).cloned().unwrap_or_default();
        self.i += 1;
        v
    }
    fn n(&mut self, m: u8) -> u8 {
        let n = self.bytes.len().max(1);
        let v = self.bytes.get(self.j % n).copied().unwrap_or(0);
        self.j += 1;
        v % m.max(1)
    }
    fn b(&mut self) -> bool {
        self.n(2) == 1
    }
    fn peering(&mut self) -> Peering {
        Peering {
            peer_asn: self.s(),
            address_family: [
                AddressFamily::Ipv4,
                AddressFamily::Ipv6,
                AddressFamily::Both,
            ][usize::from(self.n(3))],
            subnet_mode: if self.b() {
                SubnetMode::OneSlash29
            } else {
                SubnetMode::TwoSlash30
            },
            primary_subnet: self.s(),
            secondary_subnet: self.s(),
            subnet29: self.s(),
            primary_subnet_v6: self.s(),
            secondary_subnet_v6: self.s(),
            vlan_id: self.s(),
            shared_key: self.s(),
            enabled: self.b(),
        }
    }
}

/// Builds a design from `words` and `bytes` (see [`Draw`]).
pub fn arbitrary_design(words: Vec<String>, bytes: Vec<u8>) -> Design {
    let mut r = Draw {
        words,
        bytes,
        i: 0,
        j: 0,
    };
    let mut d = Design::default();
    d.circuits.clear();
    for _ in 0..r.n(4) {
        let private_peering = r.b().then(|| r.peering());
        let microsoft_peering = r.b().then(|| MicrosoftPeering {
            peering: r.peering(),
            ..MicrosoftPeering::default()
        });
        d.circuits.push(Circuit {
            name: r.s(),
            region: r.s(),
            port_type: if r.b() {
                PortType::Direct
            } else {
                PortType::Provider
            },
            provider: r.s(),
            peering_location: r.s(),
            bandwidth_mbps: r.s(),
            direct_port: r.s(),
            bandwidth_gbps: r.s(),
            sku_tier: [
                SkuTier::Local,
                SkuTier::Standard,
                SkuTier::Premium,
                SkuTier::Basic,
            ][usize::from(r.n(4))],
            provider_status: [
                ProviderStatus::NotRecorded,
                ProviderStatus::NotProvisioned,
                ProviderStatus::Provisioning,
                ProviderStatus::Provisioned,
                ProviderStatus::Deprovisioning,
            ][usize::from(r.n(5))],
            provider_managed_routing: r.b(),
            private_peering,
            microsoft_peering,
            ..Circuit::default()
        });
    }
    for _ in 0..r.n(2) {
        d.direct_ports.push(DirectPort {
            name: r.s(),
            peering_location: r.s(),
            bandwidth_gbps: r.s(),
            ..DirectPort::default()
        });
    }
    for _ in 0..r.n(4) {
        let mut v = VirtualNetwork {
            name: r.s(),
            region: r.s(),
            ..VirtualNetwork::default()
        };
        for _ in 0..r.n(4) {
            v.address_spaces.push(r.s());
        }
        for _ in 0..r.n(5) {
            v.subnets.push(Subnet {
                name: r.s(),
                address_prefix: r.s(),
                address_prefix_v6: r.s(),
                nsg: r.b(),
                default_route_udr: r.b(),
                bgp_propagation_disabled: r.b(),
                service_endpoint_policy: r.b(),
            });
        }
        d.virtual_networks.push(v);
    }
    const SKUS: [GatewaySku; 8] = [
        GatewaySku::Standard,
        GatewaySku::HighPerformance,
        GatewaySku::UltraPerformance,
        GatewaySku::ErGw1AZ,
        GatewaySku::ErGw2AZ,
        GatewaySku::ErGw3AZ,
        GatewaySku::ErGwScale,
        GatewaySku::Basic,
    ];
    for _ in 0..r.n(4) {
        let public_ip = r.b().then(|| PublicIp {
            name: r.s(),
            sku: if r.b() {
                PublicIpSku::Basic
            } else {
                PublicIpSku::Standard
            },
            allocation: if r.b() {
                Allocation::Dynamic
            } else {
                Allocation::Static
            },
            existing: r.b(),
        });
        d.gateways.push(Gateway {
            name: r.s(),
            region: r.s(),
            virtual_network: r.s(),
            sku: SKUS[usize::from(r.n(8))],
            min_scale_units: r.s(),
            max_scale_units: r.s(),
            public_ip,
            coexist_with_vpn: r.b(),
            allow_remote_vnet_traffic: r.b(),
        });
    }
    for _ in 0..r.n(6) {
        d.connections.push(Connection {
            name: r.s(),
            region: r.s(),
            gateway: r.s(),
            circuit: r.s(),
            cross_subscription: r.b(),
            authorization_key: r.s(),
            routing_weight: r.s(),
            fast_path: r.b(),
            private_link_fast_path: r.b(),
        });
    }
    for _ in 0..r.n(4) {
        d.global_reach.push(GlobalReach {
            name: r.s(),
            circuit: r.s(),
            peer_circuit: r.s(),
            address_prefix: r.s(),
            address_prefix_v6: r.s(),
            cross_subscription: r.b(),
            authorization_key: r.s(),
        });
    }
    for _ in 0..r.n(12) {
        d.on_prem_routes.push(r.s());
    }
    d
}

/// Words that make references resolve and prefixes collide, plus oddities.
const POOL: &[&str] = &[
    "",
    " ",
    "a",
    "er",
    "gw",
    "vnet",
    "GatewaySubnet",
    "gatewaysubnet",
    "London",
    "london",
    "Amsterdam",
    "UK South",
    "uksouth",
    "West Europe",
    "East US",
    "Equinix",
    "0",
    "1",
    "2",
    "9",
    "10",
    "40",
    "41",
    "-1",
    "32000",
    "32001",
    "1000",
    "abc",
    "99999999999999999999999",
    "10.1.0.0/16",
    "10.1.0.0/24",
    "10.1.255.0/27",
    "10.1.255.0/28",
    "10.1.0.1/16",
    "192.168.100.0/30",
    "192.168.100.4/30",
    "192.168.100.0/29",
    "172.16.0.0/29",
    "172.16.0.0/28",
    "0.0.0.0/0",
    "::/0",
    "fd00::/64",
    "fd00::/125",
    "fd00::/126",
    "224.0.0.0/4",
    "1.2.3.4/33",
    "255.255.255.255/32",
    "a1b2c3d4-0000-4000-8000-000000000000",
    "é",
    "\u{0}",
];

#[cfg(not(target_arch = "wasm32"))]
proptest::proptest! {
    #![proptest_config(proptest::test_runner::Config::with_cases(400))]
    #[test]
    fn any_text_in_any_field_never_panics(
        picks in proptest::collection::vec(0usize..POOL.len() + 8, 1..80),
        junk in proptest::collection::vec("\\PC{0,12}", 8),
        bytes in proptest::collection::vec(proptest::num::u8::ANY, 1..60),
    ) {
        let words: Vec<String> = picks
            .iter()
            .map(|p| POOL.get(*p).map_or_else(|| junk.get(p - POOL.len()).cloned().unwrap_or_default(), |s| s.to_string()))
            .collect();
        let d = arbitrary_design(words, bytes);
        let findings = run(&d);
        for f in &findings {
            // Every code is registered (so docs/rules.md lists it).
            proptest::prop_assert!(crate::domain::rules::rule(f.code).is_some(), "{}", f.code);
            proptest::prop_assert!(!f.path.is_empty() && !f.message.is_empty());
        }
        // The whole engine too.
        let _ = crate::domain::rules::validate(&d);
    }
}
