//! The network step's edits that keep the design's references consistent: the gateways name
//! their virtual network, the connections name their gateway and sit in its region, so renaming
//! or moving one of them carries the others along.

use crate::domain::advice::GATEWAY_SUBNET;
use crate::domain::model::{Design, Gateway, Subnet, VirtualNetwork};

/// Renames virtual network `k`; the gateways placed in it follow the new name.
pub fn rename_vnet(d: &mut Design, k: usize, name: String) {
    if let Some(v) = d.virtual_networks.get_mut(k) {
        let old = std::mem::replace(&mut v.name, name.clone());
        follow(
            d.gateways.iter_mut().map(|g| &mut g.virtual_network),
            &old,
            &name,
        );
    }
}

/// Renames gateway `k`; the connections that use it follow the new name.
pub fn rename_gateway(d: &mut Design, k: usize, name: String) {
    if let Some(g) = d.gateways.get_mut(k) {
        let old = std::mem::replace(&mut g.name, name.clone());
        follow(
            d.connections.iter_mut().map(|c| &mut c.gateway),
            &old,
            &name,
        );
    }
}

/// Sets each reference equal to `old` to `new`.
fn follow<'a>(refs: impl Iterator<Item = &'a mut String>, old: &str, new: &str) {
    for r in refs.filter(|r| r.as_str() == old) {
        *r = new.to_string();
    }
}

/// Moves virtual network `k` to `region`. A gateway is created in its VNet's region and a
/// connection in its gateway's (rule ER-CN-002), so the gateways placed in that VNet and their
/// connections move with it. Without any gateway placed in it (an unnamed VNet, a gateway not
/// linked yet), gateway `k` moves: the step adds them as a pair.
pub fn set_vnet_region(d: &mut Design, k: usize, region: String) {
    let Some(v) = d.virtual_networks.get_mut(k) else {
        return;
    };
    v.region = region.clone();
    let vnet = v.name.clone();
    let placed = d.gateways.iter().any(|g| g.virtual_network == vnet);
    let mut moved = Vec::new();
    for (i, g) in d.gateways.iter_mut().enumerate() {
        if g.virtual_network == vnet || (!placed && i == k) {
            g.region = region.clone();
            moved.push(g.name.clone());
        }
    }
    for c in d.connections.iter_mut() {
        if moved.contains(&c.gateway) {
            c.region = region.clone();
        }
    }
}

/// Adds a VNet with an empty GatewaySubnet and a gateway in it: the first `vnet-hub`, then
/// `vnet-hub-2`… (the first name no VNet has), in the region of the circuit with the same
/// index (the second VNet near the second circuit), else the last circuit's.
pub fn add_vnet_and_gateway(d: &mut Design) {
    let k = d.virtual_networks.len();
    let region = d
        .circuits
        .get(k)
        .or(d.circuits.last())
        .map(|c| c.region.clone())
        .unwrap_or_default();
    let taken = |n: &str| d.virtual_networks.iter().any(|v| v.name == n);
    let vnet = std::iter::once("vnet-hub".to_string())
        .chain((2..).map(|n| format!("vnet-hub-{n}")))
        .find(|n| !taken(n))
        .unwrap_or_default();
    d.virtual_networks.push(VirtualNetwork {
        name: vnet.clone(),
        region: region.clone(),
        address_spaces: Vec::new(),
        subnets: vec![Subnet {
            name: GATEWAY_SUBNET.into(),
            ..Subnet::default()
        }],
    });
    d.gateways.push(Gateway {
        name: format!("ergw-{vnet}").replace("ergw-vnet-", "ergw-"),
        region,
        virtual_network: vnet,
        ..Gateway::default()
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::model::{Connection, Gateway, VirtualNetwork};

    fn vnet(name: &str, region: &str) -> VirtualNetwork {
        VirtualNetwork {
            name: name.into(),
            region: region.into(),
            ..VirtualNetwork::default()
        }
    }

    fn gateway(name: &str, vnet: &str, region: &str) -> Gateway {
        Gateway {
            name: name.into(),
            virtual_network: vnet.into(),
            region: region.into(),
            ..Gateway::default()
        }
    }

    fn connection(name: &str, gateway: &str, region: &str) -> Connection {
        Connection {
            name: name.into(),
            gateway: gateway.into(),
            region: region.into(),
            ..Connection::default()
        }
    }

    fn regions(d: &Design) -> (Vec<&str>, Vec<&str>, Vec<&str>) {
        (
            d.virtual_networks
                .iter()
                .map(|v| v.region.as_str())
                .collect(),
            d.gateways.iter().map(|g| g.region.as_str()).collect(),
            d.connections.iter().map(|c| c.region.as_str()).collect(),
        )
    }

    #[test]
    fn moving_the_vnet_moves_its_gateways_and_their_connections() {
        let mut d = Design {
            virtual_networks: vec![vnet("hub", "uksouth"), vnet("spoke", "ukwest")],
            gateways: vec![
                gateway("gw-hub", "hub", "uksouth"),
                gateway("gw-spoke", "spoke", "ukwest"),
            ],
            connections: vec![
                connection("c1", "gw-hub", "uksouth"),
                connection("c2", "gw-hub", "ukwest"),
                connection("c3", "gw-spoke", "ukwest"),
            ],
            ..Design::default()
        };
        set_vnet_region(&mut d, 0, "westeurope".into());
        assert_eq!(
            regions(&d),
            (
                vec!["westeurope", "ukwest"],
                vec!["westeurope", "ukwest"],
                // c2 was in the wrong region already: it now matches its gateway too.
                vec!["westeurope", "westeurope", "ukwest"],
            )
        );
    }

    #[test]
    fn a_gateway_not_linked_to_any_vnet_moves_with_the_first_vnet() {
        for gateway_vnet in ["", "other", "hub"] {
            let mut d = Design {
                virtual_networks: vec![vnet("hub", "uksouth")],
                gateways: vec![
                    gateway("gw1", gateway_vnet, "uksouth"),
                    gateway("gw2", "elsewhere", "uksouth"),
                ],
                connections: vec![connection("c1", "gw1", "uksouth")],
                ..Design::default()
            };
            set_vnet_region(&mut d, 0, "northeurope".into());
            assert_eq!(d.gateways[0].region, "northeurope", "{gateway_vnet:?}");
            assert_eq!(d.connections[0].region, "northeurope", "{gateway_vnet:?}");
            // Only the first gateway stands in for an unlinked VNet; others stay.
            assert_eq!(d.gateways[1].region, "uksouth", "{gateway_vnet:?}");
        }
    }

    #[test]
    fn edits_of_an_empty_design_change_nothing() {
        let mut d = Design::default();
        set_vnet_region(&mut d, 0, "uksouth".into());
        rename_vnet(&mut d, 0, "hub".into());
        rename_gateway(&mut d, 0, "gw".into());
        assert_eq!(d, Design::default());
    }

    #[test]
    fn renames_carry_the_references() {
        let mut d = Design {
            virtual_networks: vec![vnet("hub", "uksouth")],
            gateways: vec![
                gateway("gw", "hub", "uksouth"),
                gateway("gw2", "x", "uksouth"),
            ],
            connections: vec![
                connection("c1", "gw", "uksouth"),
                connection("c2", "gw2", "uksouth"),
            ],
            ..Design::default()
        };
        rename_vnet(&mut d, 0, "hub-2".into());
        rename_gateway(&mut d, 0, "gw-new".into());
        assert_eq!(d.virtual_networks[0].name, "hub-2");
        assert_eq!(
            d.gateways
                .iter()
                .map(|g| g.virtual_network.as_str())
                .collect::<Vec<_>>(),
            ["hub-2", "x"]
        );
        assert_eq!(
            d.connections
                .iter()
                .map(|c| c.gateway.as_str())
                .collect::<Vec<_>>(),
            ["gw-new", "gw2"]
        );
    }

    #[test]
    fn edits_of_a_later_vnet_and_gateway_touch_only_theirs() {
        let mut d = Design {
            virtual_networks: vec![vnet("hub", "uksouth"), vnet("spoke", "ukwest")],
            gateways: vec![
                gateway("gw-hub", "hub", "uksouth"),
                gateway("gw-2", "", "ukwest"),
            ],
            connections: vec![
                connection("c1", "gw-hub", "uksouth"),
                connection("c2", "gw-2", "ukwest"),
            ],
            ..Design::default()
        };
        // No gateway is placed in VNet 2: gateway 2, added with it, moves with it.
        set_vnet_region(&mut d, 1, "westeurope".into());
        assert_eq!(
            regions(&d),
            (
                vec!["uksouth", "westeurope"],
                vec!["uksouth", "westeurope"],
                vec!["uksouth", "westeurope"],
            )
        );
        rename_gateway(&mut d, 1, "gw-spoke".into());
        rename_vnet(&mut d, 1, "spoke-2".into());
        assert_eq!(d.connections[1].gateway, "gw-spoke");
        assert_eq!(d.connections[0].gateway, "gw-hub");
        assert_eq!(d.virtual_networks[1].name, "spoke-2");
        // Out of range: nothing.
        let before = d.clone();
        set_vnet_region(&mut d, 2, "x".into());
        rename_vnet(&mut d, 2, "x".into());
        rename_gateway(&mut d, 2, "x".into());
        assert_eq!(d, before);
    }

    #[test]
    fn added_pairs_take_free_names_and_their_circuits_region() {
        let mut d = Design::default();
        d.circuits[0].region = "uksouth".into();
        add_vnet_and_gateway(&mut d);
        assert_eq!(d.virtual_networks[0].name, "vnet-hub");
        assert_eq!(d.virtual_networks[0].subnets[0].name, GATEWAY_SUBNET);
        assert_eq!(d.gateways[0].name, "ergw-hub");
        assert_eq!(d.gateways[0].virtual_network, "vnet-hub");
        // A second circuit: the second pair sits in its region; the names skip a taken one.
        d.circuits.push(crate::domain::model::Circuit {
            region: "westeurope".into(),
            ..Default::default()
        });
        d.virtual_networks[0].name = "vnet-hub-2".into();
        add_vnet_and_gateway(&mut d);
        assert_eq!(d.virtual_networks[1].name, "vnet-hub");
        assert_eq!(d.virtual_networks[1].region, "westeurope");
        add_vnet_and_gateway(&mut d);
        assert_eq!(d.virtual_networks[2].name, "vnet-hub-3");
        assert_eq!(d.gateways[2].name, "ergw-hub-3");
        // More pairs than circuits: the last circuit's region.
        assert_eq!(d.virtual_networks[2].region, "westeurope");
        // No circuit at all (a corrupt design): no region, no panic.
        let mut empty = Design {
            circuits: Vec::new(),
            ..Design::default()
        };
        add_vnet_and_gateway(&mut empty);
        assert_eq!(empty.virtual_networks[0].region, "");
    }
}
