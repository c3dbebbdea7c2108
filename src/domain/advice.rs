//! Advice the wizard offers beside the fields: GatewaySubnet sizing and the gateway SKU table.

use super::limits::{self, GatewayPerformance};
use super::model::{GatewaySku, VirtualNetwork};
use super::net;

/// Name of the subnet an ExpressRoute gateway must live in.
pub const GATEWAY_SUBNET: &str = "GatewaySubnet";

/// Prefix length the GatewaySubnet needs for `circuits` connected circuits: /26 for 16, else /27.
pub fn gateway_subnet_len(circuits: usize) -> u8 {
    if circuits >= 16 {
        26
    } else {
        27
    }
}

/// A free, aligned block of the VNet's IPv4 space for the GatewaySubnet (the lowest one that is
/// not used by another subnet), sized for `circuits` circuits. `None` when nothing fits.
pub fn suggest_gateway_subnet(vnet: &VirtualNetwork, circuits: usize) -> Option<String> {
    let v4 = |t: &String| match net::parse_any(t) {
        Ok(ipnet::IpNet::V4(n)) => Some(n.trunc()),
        _ => None,
    };
    let spaces: Vec<_> = vnet.address_spaces.iter().filter_map(v4).collect();
    let used: Vec<_> = vnet
        .subnets
        .iter()
        .filter(|s| !s.name.eq_ignore_ascii_case(GATEWAY_SUBNET))
        .filter_map(|s| v4(&s.address_prefix))
        .collect();
    super::rules::network::suggest_gateway_subnet(&spaces, &used, gateway_subnet_len(circuits))
        .map(|n| n.to_string())
}

/// The performance row of a gateway SKU (ErGwScale rows come from `limits::gateway_performance`).
pub fn sku_row(sku: GatewaySku) -> Option<&'static GatewayPerformance> {
    limits::GATEWAY_PERFORMANCE
        .iter()
        .find(|r| r.skus.contains(&sku))
}

/// The free prefix the advisor proposes for VNet `k`'s GatewaySubnet and its length, sized
/// for the design's connections; `None` when there is none or the subnet already has it.
pub fn gateway_subnet_advice(d: &super::model::Design, k: usize) -> Option<(String, u8)> {
    let v = d.virtual_networks.get(k)?;
    let circuits = d.connections.len().max(1);
    let current = super::edit::gateway_subnet(v)
        .and_then(|i| v.subnets.get(i))
        .map(|s| s.address_prefix.trim().to_string())
        .unwrap_or_default();
    let s = suggest_gateway_subnet(v, circuits)?;
    (s != current).then_some((s, gateway_subnet_len(circuits)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::model::Subnet;

    fn vnet(spaces: &[&str], subnets: &[(&str, &str)]) -> VirtualNetwork {
        VirtualNetwork {
            name: "v".into(),
            address_spaces: spaces.iter().map(|s| s.to_string()).collect(),
            subnets: subnets
                .iter()
                .map(|(n, p)| Subnet {
                    name: n.to_string(),
                    address_prefix: p.to_string(),
                    ..Subnet::default()
                })
                .collect(),
            ..VirtualNetwork::default()
        }
    }

    #[test]
    fn suggestions_avoid_used_space_and_size_for_circuits() {
        let v = vnet(
            &["10.1.0.0/16"],
            &[
                ("workloads", "10.1.0.0/24"),
                ("GatewaySubnet", "10.1.0.0/28"),
            ],
        );
        assert_eq!(
            suggest_gateway_subnet(&v, 1).as_deref(),
            Some("10.1.1.0/27")
        );
        assert_eq!(
            suggest_gateway_subnet(&v, 16).as_deref(),
            Some("10.1.1.0/26")
        );
        let full = vnet(&["10.1.0.0/27"], &[("a", "10.1.0.0/28")]);
        assert_eq!(suggest_gateway_subnet(&full, 1), None);
        let junk = vnet(&["not a prefix", "2001:db8::/48"], &[]);
        assert_eq!(suggest_gateway_subnet(&junk, 1), None);
        assert_eq!((gateway_subnet_len(15), gateway_subnet_len(16)), (27, 26));
    }

    #[test]
    fn every_fixed_sku_has_a_row() {
        for sku in [
            GatewaySku::ErGw1AZ,
            GatewaySku::ErGw2AZ,
            GatewaySku::ErGw3AZ,
            GatewaySku::Standard,
        ] {
            assert!(sku_row(sku).is_some(), "{sku:?}");
        }
        assert!(sku_row(GatewaySku::ErGw3AZ).unwrap().fast_path);
    }
}
