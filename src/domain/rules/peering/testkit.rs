//! Designs and helpers the peering rules' tests share.

use super::check;
use crate::domain::finding::Finding;
use crate::domain::model::{
    AddressFamily, Connection, Design, Gateway, MicrosoftPeering, Peering, RouteFilter, Subnet,
    VirtualNetwork,
};

pub(super) const PP: &str = "circuits[0].privatePeering.";
pub(super) const MS: &str = "circuits[0].microsoftPeering.";
/// Findings every valid base design has (derived facts and reminders).
pub(super) const BASELINE: &[&str] = &["ER-P-006", "ER-MP-012", "ER-MP-014"];

/// A clean design: one provider circuit with both peerings and a route filter.
pub(super) fn base() -> Design {
    let mut d = Design {
        resource_group: "rg".into(),
        ..Design::default()
    };
    let c = &mut d.circuits[0];
    c.name = "er-london".into();
    c.private_peering = Some(Peering {
        peer_asn: "65001".into(),
        primary_subnet: "192.168.100.128/30".into(),
        secondary_subnet: "192.168.100.132/30".into(),
        vlan_id: "100".into(),
        ..Peering::default()
    });
    c.microsoft_peering = Some(MicrosoftPeering {
        peering: Peering {
            peer_asn: "12345".into(),
            primary_subnet: "131.107.0.0/30".into(),
            secondary_subnet: "131.107.0.4/30".into(),
            vlan_id: "200".into(),
            ..Peering::default()
        },
        advertised_prefixes: vec!["131.107.10.0/24".into()],
        routing_registry: "ARIN".into(),
        route_filter: "rf-services".into(),
        ..MicrosoftPeering::default()
    });
    d.route_filters.push(RouteFilter {
        name: "rf-services".into(),
        region: "UK South".into(),
        rule_name: "allow".into(),
        communities: vec!["12076:5050".into()],
    });
    d
}

pub(super) fn pp(d: &mut Design) -> &mut Peering {
    d.circuits[0].private_peering.as_mut().unwrap()
}

pub(super) fn mp(d: &mut Design) -> &mut MicrosoftPeering {
    d.circuits[0].microsoft_peering.as_mut().unwrap()
}

pub(super) fn run(d: &Design) -> Vec<Finding> {
    let mut out = Vec::new();
    check(d, &mut out);
    out
}

/// (code, path) of every finding.
pub(super) fn all(d: &Design) -> Vec<(&'static str, String)> {
    run(d).into_iter().map(|f| (f.code, f.path)).collect()
}

/// Findings other than the baseline facts, with their fix values.
pub(super) fn problems(d: &Design) -> Vec<Finding> {
    run(d)
        .into_iter()
        .filter(|f| !BASELINE.contains(&f.code))
        .collect()
}

pub(super) fn codes_paths(fs: &[Finding]) -> Vec<(&'static str, String)> {
    fs.iter().map(|f| (f.code, f.path.clone())).collect()
}

pub(super) fn fix_of(f: &Finding) -> Option<&str> {
    f.fix.as_ref().and_then(|x| x.value.as_deref())
}

pub(super) fn owned(v: &[(&'static str, &str)]) -> Vec<(&'static str, String)> {
    v.iter().map(|(c, p)| (*c, p.to_string())).collect()
}

pub(super) fn dual_stack(d: &mut Design) {
    let p = pp(d);
    p.address_family = AddressFamily::Both;
    p.primary_subnet_v6 = "2001:db8:1::/126".into();
    p.secondary_subnet_v6 = "2001:db8:1::4/126".into();
}

pub(super) fn prefixes(n: usize) -> Vec<String> {
    (0..n)
        .map(|i| format!("20.{}.{}.0/24", i / 256, i % 256))
        .collect()
}

pub(super) fn with_gateway(d: &mut Design) {
    d.virtual_networks.push(VirtualNetwork {
        name: "vnet-hub".into(),
        address_spaces: vec!["10.1.0.0/16".into()],
        subnets: vec![Subnet {
            name: "GatewaySubnet".into(),
            address_prefix: "10.1.255.0/27".into(),
            ..Subnet::default()
        }],
        ..VirtualNetwork::default()
    });
    d.gateways.push(Gateway {
        name: "gw-hub".into(),
        virtual_network: "vnet-hub".into(),
        ..Gateway::default()
    });
    d.connections.push(Connection {
        name: "cn-london".into(),
        gateway: "gw-hub".into(),
        circuit: "er-london".into(),
        ..Connection::default()
    });
}
