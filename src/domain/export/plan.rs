//! The deployment plan: the Azure resources of a design as typed values, the one form the
//! deployment formats read a design's resources from.
//!
//! [`Plan::new`] interprets each field of the design once: names (a `<KIND-N-NAME>`
//! placeholder when empty) and their symbols, regions, whole numbers as typed ([`Num`]: the
//! value when it parses, what it is and the placeholder the scripts write), the design's
//! resources a reference names (by index into the plan), the secrets a resource needs (never
//! their values), the connections held back until their circuit is provisioned (U17), what the
//! design notes that no format creates. The ARM resource model ([`super::arm::build`], printed
//! as ARM and as Bicep), the Terraform configuration, the Azure CLI script and the PowerShell
//! script print it, each in its own idioms (resource blocks and variables, one command per
//! resource, cmdlets on a circuit object), and none of them reads a resource of the design
//! itself. A new design field in the exports is one field here, filled from the design, then its
//! name in each format that writes it (or the reason a format leaves it out, in `omit.rs`).
//!
//! Each resource carries `sym` (its identifier: a Bicep symbol, a Terraform resource name, a
//! script variable), `name` (its Azure name, or the placeholder), `given` (the name as typed,
//! for comments) and `region` (programmatic; `None`: the resource group's).

use super::{
    asn, child_symbol, line_text, name_or, number, or_placeholder, peerings, region, symbols,
    v4_subnets, v6_subnets, Kind, Lookup, Names,
};
use crate::domain::limits;
use crate::domain::model::{self, Design, Encapsulation, GatewaySku, PortType};

/// A whole number as typed in the design.
pub(super) struct Num<'a> {
    /// The text as typed (a parameter's description quotes it when it is not a number).
    pub text: &'a str,
    /// The value, when the text is a whole number (an ASN in asplain; asdot is read).
    pub value: Option<u64>,
    /// What the number is: the description of the template parameter or Terraform variable
    /// asked for when it does not parse.
    pub what: &'static str,
    /// The placeholder the scripts write when it does not parse (`VLAN-ID` → `<VLAN-ID>`).
    pub label: &'static str,
}

impl<'a> Num<'a> {
    fn new(text: &'a str, value: Option<u64>, what: &'static str, label: &'static str) -> Self {
        Num {
            text,
            value,
            what,
            label,
        }
    }
}

/// A route filter (`Microsoft.Network/routeFilters`) with its one community rule.
pub(super) struct RouteFilter<'a> {
    pub sym: String,
    pub name: String,
    /// The name as the design holds it, for comments.
    pub given: &'a str,
    pub region: Option<String>,
    pub rule_name: String,
    /// The communities, trimmed (empty entries kept).
    pub communities: Vec<&'a str>,
}

/// An ExpressRoute Direct port pair (`Microsoft.Network/expressRoutePorts`).
pub(super) struct Port<'a> {
    pub sym: String,
    pub name: String,
    pub given: &'a str,
    pub region: Option<String>,
    /// The peering location as typed (each format says what is missing its own way).
    pub peering_location: &'a str,
    pub bandwidth_gbps: Num<'a>,
    /// `Dot1Q` or `QinQ`.
    pub encapsulation: &'static str,
}

/// How a circuit reaches Microsoft's edge.
pub(super) enum Access<'a> {
    /// Through a connectivity provider.
    Provider {
        provider: String,
        peering_location: String,
        bandwidth_mbps: Num<'a>,
    },
    /// On an ExpressRoute Direct port pair.
    Direct {
        /// The port pair in this design ([`Plan::ports`]), when the design holds it.
        port: Option<usize>,
        /// The port pair's name as typed.
        port_name: &'a str,
        bandwidth_gbps: Num<'a>,
        rate_limiting: bool,
        /// A port authorization key is needed (a secret: never written).
        authorization_key: bool,
    },
}

/// A circuit (`Microsoft.Network/expressRouteCircuits`) with its peerings and authorizations.
pub(super) struct Circuit<'a> {
    pub sym: String,
    pub name: String,
    pub given: &'a str,
    pub region: Option<String>,
    pub access: Access<'a>,
    /// The SKU's name (`Standard_MeteredData`), tier and family.
    pub sku_name: String,
    pub sku_tier: String,
    pub sku_family: String,
    pub allow_classic_operations: bool,
    /// Tags with a name (trimmed), and their values as typed.
    pub tags: Vec<(&'a str, &'a str)>,
    /// Private peering first, then Microsoft peering.
    pub peerings: Vec<Peering<'a>>,
    pub authorizations: Vec<Authorization<'a>>,
}

/// A circuit peering (`Microsoft.Network/expressRouteCircuits/peerings`).
pub(super) struct Peering<'a> {
    pub kind: Kind,
    pub sym: String,
    pub peer_asn: Num<'a>,
    pub vlan_id: Num<'a>,
    pub has_v4: bool,
    pub has_v6: bool,
    /// The primary and secondary IPv4 /30s (the /29 split), or placeholders.
    pub v4: (String, String),
    /// The primary and secondary IPv6 /126s, or placeholders.
    pub v6: (String, String),
    pub enabled: bool,
    /// An MD5 shared key is needed (a secret: never written).
    pub shared_key: bool,
    /// Microsoft peering's own settings.
    pub microsoft: Option<Microsoft<'a>>,
}

/// Where Microsoft peering's route filter is.
pub(super) enum FilterRef<'a> {
    /// None named.
    None,
    /// In this design ([`Plan::route_filters`]).
    Local(usize),
    /// Named (trimmed) but not in the design: it must exist in the resource group.
    Named(&'a str),
}

/// Microsoft peering's settings.
pub(super) struct Microsoft<'a> {
    /// The advertised public IPv4 prefixes, trimmed, empty entries left out.
    pub advertised: Vec<&'a str>,
    /// The advertised public IPv6 prefixes, trimmed, empty entries left out.
    pub advertised_v6: Vec<&'a str>,
    pub customer_asn: Option<u64>,
    /// The routing registry, trimmed, when given.
    pub routing_registry: Option<&'a str>,
    pub route_filter: FilterRef<'a>,
}

/// A circuit authorization (`Microsoft.Network/expressRouteCircuits/authorizations`).
pub(super) struct Authorization<'a> {
    pub sym: String,
    pub name: String,
    /// The name as typed (the scripts write `<AUTHORIZATION>` when it is empty).
    pub given: &'a str,
}

/// A virtual network (`Microsoft.Network/virtualNetworks`) with its subnets.
pub(super) struct Vnet<'a> {
    pub sym: String,
    pub name: String,
    pub given: &'a str,
    pub region: Option<String>,
    /// The address spaces, trimmed, empty entries left out.
    pub address_spaces: Vec<&'a str>,
    pub subnets: Vec<Subnet<'a>>,
    /// The first subnet named GatewaySubnet.
    pub gateway_subnet: Option<usize>,
    /// What the design notes about the VNet that the deployment formats do not create
    /// ([`vnet_notes`]).
    pub notes: Vec<String>,
}

/// A subnet of a virtual network.
pub(super) struct Subnet<'a> {
    pub name: String,
    pub given: &'a str,
    /// The IPv4 prefix, or a placeholder.
    pub prefix: String,
    /// The IPv6 prefix, trimmed, when given.
    pub prefix_v6: Option<&'a str>,
}

/// An ExpressRoute gateway (`Microsoft.Network/virtualNetworkGateways`).
pub(super) struct Gateway<'a> {
    pub sym: String,
    pub name: String,
    pub given: &'a str,
    pub region: Option<String>,
    /// Its virtual network in this design ([`Plan::vnets`]).
    pub vnet: Option<usize>,
    /// Its virtual network's name as typed.
    pub vnet_name: &'a str,
    /// The SKU's name (`ErGw1AZ`).
    pub sku: &'static str,
    /// Minimum and maximum scale units (ErGwScale only).
    pub scale_units: Option<(Num<'a>, Num<'a>)>,
    pub allow_remote_vnet_traffic: bool,
}

/// A gateway connection (`Microsoft.Network/connections`).
pub(super) struct Connection<'a> {
    pub sym: String,
    pub name: String,
    pub given: &'a str,
    pub region: Option<String>,
    /// Its gateway in this design ([`Plan::gateways`]).
    pub gateway: Option<usize>,
    pub gateway_name: &'a str,
    /// Its circuit in this design ([`Plan::circuits`]; never one in another subscription).
    pub circuit: Option<usize>,
    pub circuit_name: &'a str,
    /// The circuit is in another subscription: its ID and an authorization key are needed.
    pub cross_subscription: bool,
    pub routing_weight: Num<'a>,
    pub fast_path: bool,
    pub private_link_fast_path: bool,
    /// U17: created only once its provider circuit, created here, is provisioned.
    pub staged: bool,
}

/// A Global Reach link (`…/peerings/connections`, on the first circuit's private peering).
pub(super) struct GlobalReach<'a> {
    pub sym: String,
    pub name: String,
    pub given: &'a str,
    /// The first circuit in this design ([`Plan::circuits`]).
    pub circuit: Option<usize>,
    pub circuit_name: &'a str,
    /// The peer circuit in this design (never one in another subscription).
    pub peer: Option<usize>,
    pub peer_name: &'a str,
    /// The peer circuit is in another subscription: its peering's ID and an authorization
    /// key are needed.
    pub cross_subscription: bool,
    /// The IPv4 /29, or a placeholder.
    pub address_prefix: String,
    /// The IPv6 /125, trimmed, when given.
    pub address_prefix_v6: Option<&'a str>,
}

/// The Azure resources of a design, in the order the templates write them.
pub(super) struct Plan<'a> {
    pub route_filters: Vec<RouteFilter<'a>>,
    pub ports: Vec<Port<'a>>,
    pub circuits: Vec<Circuit<'a>>,
    pub vnets: Vec<Vnet<'a>>,
    pub gateways: Vec<Gateway<'a>>,
    pub connections: Vec<Connection<'a>>,
    pub global_reach: Vec<GlobalReach<'a>>,
    /// The default of the switch that creates the staged connections: on when every staged
    /// connection's circuit is recorded Provisioned.
    pub staged_default: bool,
}

/// Trimmed texts, empty ones left out.
fn trimmed(items: &[String]) -> Vec<&str> {
    items
        .iter()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .collect()
}

/// The trimmed text, when it is not empty.
fn some(text: &str) -> Option<&str> {
    Some(text.trim()).filter(|t| !t.is_empty())
}

fn encapsulation(e: Encapsulation) -> &'static str {
    match e {
        Encapsulation::Dot1Q => "Dot1Q",
        Encapsulation::QinQ => "QinQ",
    }
}

impl<'a> Plan<'a> {
    /// The plan of `d`.
    pub fn new(d: &'a Design) -> Plan<'a> {
        let lk = Lookup::new(d);
        let names = Names::new(d);
        let route_filters = d
            .route_filters
            .iter()
            .enumerate()
            .map(|(i, f)| RouteFilter {
                sym: names.route_filters[i].clone(),
                name: name_or(&f.name, "route-filter", i),
                given: &f.name,
                region: region(&f.region),
                rule_name: or_placeholder(&f.rule_name, "RULE-NAME"),
                communities: f.communities.iter().map(|s| s.trim()).collect(),
            })
            .collect();
        let port_syms = symbols("port", d.direct_ports.iter().map(|p| p.name.as_str()));
        let ports = d
            .direct_ports
            .iter()
            .zip(port_syms)
            .enumerate()
            .map(|(i, (p, sym))| Port {
                sym,
                name: name_or(&p.name, "direct-port", i),
                given: &p.name,
                region: region(&p.region),
                peering_location: &p.peering_location,
                bandwidth_gbps: Num::new(
                    &p.bandwidth_gbps,
                    number(&p.bandwidth_gbps),
                    "Port bandwidth in Gbps (10 or 100)",
                    "PORT-BANDWIDTH-GBPS",
                ),
                encapsulation: encapsulation(p.encapsulation),
            })
            .collect();
        let circuits = d
            .circuits
            .iter()
            .enumerate()
            .map(|(i, c)| circuit(&lk, &names.circuits[i], i, c))
            .collect();
        // The VNets a VPN gateway shares (names trimmed, ASCII lower case).
        let vpn: std::collections::HashSet<String> = d
            .gateways
            .iter()
            .filter(|g| g.coexist_with_vpn)
            .map(|g| g.virtual_network.trim().to_ascii_lowercase())
            .collect();
        let vnets = d
            .virtual_networks
            .iter()
            .enumerate()
            .map(|(i, v)| {
                let subnets: Vec<Subnet> = v
                    .subnets
                    .iter()
                    .enumerate()
                    .map(|(k, s)| Subnet {
                        name: name_or(&s.name, "subnet", k),
                        given: &s.name,
                        prefix: or_placeholder(&s.address_prefix, "SUBNET-PREFIX"),
                        prefix_v6: some(&s.address_prefix_v6),
                    })
                    .collect();
                Vnet {
                    sym: names.vnets[i].clone(),
                    name: name_or(&v.name, "vnet", i),
                    given: &v.name,
                    region: region(&v.region),
                    address_spaces: trimmed(&v.address_spaces),
                    gateway_subnet: subnets
                        .iter()
                        .position(|s| s.given.trim().eq_ignore_ascii_case("GatewaySubnet")),
                    subnets,
                    notes: vnet_notes(v, vpn.contains(&v.name.trim().to_ascii_lowercase())),
                }
            })
            .collect();
        let gateways = d
            .gateways
            .iter()
            .enumerate()
            .map(|(i, g)| Gateway {
                sym: names.gateways[i].clone(),
                name: name_or(&g.name, "gateway", i),
                given: &g.name,
                region: region(&g.region),
                vnet: lk.vnet(&g.virtual_network),
                vnet_name: &g.virtual_network,
                sku: limits::sku_name(g.sku),
                scale_units: (g.sku == GatewaySku::ErGwScale).then(|| {
                    (
                        Num::new(
                            &g.min_scale_units,
                            number(&g.min_scale_units),
                            "Minimum scale units (1-40)",
                            "MIN-SCALE-UNITS",
                        ),
                        Num::new(
                            &g.max_scale_units,
                            number(&g.max_scale_units),
                            "Maximum scale units (1-40)",
                            "MAX-SCALE-UNITS",
                        ),
                    )
                }),
                allow_remote_vnet_traffic: g.allow_remote_vnet_traffic,
            })
            .collect();
        let connections = d
            .connections
            .iter()
            .enumerate()
            .map(|(i, cn)| Connection {
                sym: names.connections[i].clone(),
                name: name_or(&cn.name, "connection", i),
                given: &cn.name,
                region: region(&cn.region),
                gateway: lk.gateway(&cn.gateway),
                gateway_name: &cn.gateway,
                circuit: lk.circuit(&cn.circuit).filter(|_| !cn.cross_subscription),
                circuit_name: &cn.circuit,
                cross_subscription: cn.cross_subscription,
                routing_weight: Num::new(
                    &cn.routing_weight,
                    number(&cn.routing_weight),
                    "Routing weight (0-32000)",
                    "ROUTING-WEIGHT",
                ),
                fast_path: cn.fast_path,
                private_link_fast_path: cn.private_link_fast_path,
                staged: lk.staged(cn),
            })
            .collect();
        let global_reach = d
            .global_reach
            .iter()
            .enumerate()
            .map(|(i, gr)| GlobalReach {
                sym: names.global_reach[i].clone(),
                name: name_or(&gr.name, "global-reach", i),
                given: &gr.name,
                circuit: lk.circuit(&gr.circuit),
                circuit_name: &gr.circuit,
                peer: lk
                    .circuit(&gr.peer_circuit)
                    .filter(|_| !gr.cross_subscription),
                peer_name: &gr.peer_circuit,
                cross_subscription: gr.cross_subscription,
                address_prefix: or_placeholder(&gr.address_prefix, "GLOBAL-REACH-/29"),
                address_prefix_v6: some(&gr.address_prefix_v6),
            })
            .collect();
        Plan {
            route_filters,
            ports,
            circuits,
            vnets,
            gateways,
            connections,
            global_reach,
            staged_default: lk.staged_default,
        }
    }
}

/// What the design notes about VNet `v` and its subnets that the deployment formats do not
/// create (resources outside the design: NSGs, route tables, a VPN gateway, when `vpn`), as
/// comment lines (without the comment marker), so nothing the design holds is dropped without
/// a word.
fn vnet_notes(v: &model::VirtualNetwork, vpn: bool) -> Vec<String> {
    let mut notes = Vec::new();
    for s in &v.subnets {
        let mut what = Vec::new();
        if s.nsg {
            what.push("a network security group");
        }
        if s.default_route_udr {
            what.push("a route table with a 0.0.0.0/0 route");
        }
        if s.bgp_propagation_disabled {
            what.push("a route table with BGP route propagation disabled");
        }
        if s.service_endpoint_policy {
            what.push("a service endpoint policy");
        }
        if !what.is_empty() {
            notes.push(format!(
                "Subnet {} has {} in the design: not created here.",
                line_text(&s.name, 80),
                what.join(", ")
            ));
        }
    }
    if vpn {
        notes.push("A VPN gateway shares this VNet in the design: not created here.".to_string());
    }
    notes
}

/// The plan of circuit `c`, the `i`th, whose symbol is `sym`.
fn circuit<'a>(lk: &Lookup, sym: &str, i: usize, c: &'a model::Circuit) -> Circuit<'a> {
    let access = match c.port_type {
        PortType::Provider => Access::Provider {
            provider: or_placeholder(&c.provider, "PROVIDER"),
            peering_location: or_placeholder(&c.peering_location, "PEERING-LOCATION"),
            bandwidth_mbps: Num::new(
                &c.bandwidth_mbps,
                number(&c.bandwidth_mbps),
                "Circuit bandwidth in Mbps",
                "BANDWIDTH-MBPS",
            ),
        },
        PortType::Direct => Access::Direct {
            port: lk.direct_port(&c.direct_port),
            port_name: &c.direct_port,
            bandwidth_gbps: Num::new(
                &c.bandwidth_gbps,
                number(&c.bandwidth_gbps),
                "Circuit bandwidth in Gbps",
                "BANDWIDTH-GBPS",
            ),
            rate_limiting: c.rate_limiting,
            authorization_key: !c.direct_authorization_key.trim().is_empty(),
        },
    };
    let peerings = peerings(c)
        .into_iter()
        .map(|(kind, p, m)| Peering {
            kind,
            sym: child_symbol(kind.prefix(), sym),
            peer_asn: Num::new(
                &p.peer_asn,
                asn(&p.peer_asn),
                "Peer ASN (asplain)",
                "PEER-ASN",
            ),
            vlan_id: Num::new(&p.vlan_id, number(&p.vlan_id), "VLAN ID", "VLAN-ID"),
            has_v4: p.address_family.has_v4(),
            has_v6: p.address_family.has_v6(),
            v4: v4_subnets(p),
            v6: v6_subnets(p),
            enabled: p.enabled,
            shared_key: !p.shared_key.is_empty(),
            microsoft: m.map(|m| Microsoft {
                advertised: trimmed(&m.advertised_prefixes),
                advertised_v6: trimmed(&m.advertised_prefixes_v6),
                customer_asn: asn(&m.customer_asn),
                routing_registry: some(&m.routing_registry),
                route_filter: match lk.route_filter(&m.route_filter) {
                    Some(f) => FilterRef::Local(f),
                    None => some(&m.route_filter).map_or(FilterRef::None, FilterRef::Named),
                },
            }),
        })
        .collect();
    let auth = child_symbol("auth", sym);
    Circuit {
        sym: sym.to_string(),
        name: name_or(&c.name, "circuit", i),
        given: &c.name,
        region: region(&c.region),
        access,
        sku_name: format!("{:?}_{:?}", c.sku_tier, c.sku_family),
        sku_tier: format!("{:?}", c.sku_tier),
        sku_family: format!("{:?}", c.sku_family),
        allow_classic_operations: c.allow_classic_operations,
        tags: c
            .tags
            .iter()
            .filter(|t| !t.name.trim().is_empty())
            .map(|t| (t.name.trim(), t.value.as_str()))
            .collect(),
        peerings,
        authorizations: c
            .authorizations
            .iter()
            .enumerate()
            .map(|(k, a)| Authorization {
                sym: format!("{auth}_{}", k + 1),
                name: name_or(&a.name, "authorization", k),
                given: &a.name,
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::model::{Gateway, Subnet, VirtualNetwork};

    /// The deployment formats read a design's resources from the plan only: their exporting
    /// functions neither walk the design's lists nor interpret its fields (names, numbers,
    /// regions, subnets, references), so a field is mapped in one place.
    #[test]
    fn the_deployment_formats_read_the_plan_not_the_design() {
        let exporters = [
            ("arm.rs", include_str!("arm.rs"), "pub(super) fn build("),
            (
                "terraform.rs",
                include_str!("terraform.rs"),
                "pub fn terraform(",
            ),
            ("azcli.rs", include_str!("azcli.rs"), "pub fn azcli("),
            (
                "powershell.rs",
                include_str!("powershell.rs"),
                "pub fn powershell(",
            ),
        ];
        let design_reads = [
            "d.route_filters",
            "d.direct_ports",
            "d.circuits",
            "d.virtual_networks",
            "d.gateways",
            "d.connections",
            "d.global_reach",
            "Lookup::new(",
            "Names::new(",
            "name_or(",
            "number(",
            "asn(",
            "region(",
            "v4_subnets(",
            "v6_subnets(",
            "peerings(",
        ];
        for (file, text, header) in exporters {
            let start = text
                .find(header)
                .unwrap_or_else(|| panic!("{file}: {header}"));
            let body = &text[start..];
            let body = &body[..body.find("\n}\n").unwrap_or(body.len())];
            assert!(body.contains("Plan::new(d)"), "{file}: builds the plan");
            for read in design_reads {
                assert!(!body.contains(read), "{file}: {header}…) reads {read}");
            }
        }
    }

    #[test]
    fn what_is_not_created_is_said() {
        let subnet = |nsg, udr, bgp, sep| Subnet {
            name: "app".into(),
            nsg,
            default_route_udr: udr,
            bgp_propagation_disabled: bgp,
            service_endpoint_policy: sep,
            ..Subnet::default()
        };
        let v = |s: Subnet| VirtualNetwork {
            name: "vnet-a".into(),
            subnets: vec![s],
            ..VirtualNetwork::default()
        };
        let notes = |d: &Design, s: Subnet| {
            let d = Design {
                virtual_networks: vec![v(s)],
                ..d.clone()
            };
            Plan::new(&d).vnets[0].notes.clone()
        };
        let d = Design::default();
        for (s, want) in [
            (subnet(false, false, false, false), vec![]),
            (
                subnet(true, false, false, false),
                vec!["Subnet app has a network security group in the design: not created here."],
            ),
            (
                subnet(false, true, true, true),
                vec!["Subnet app has a route table with a 0.0.0.0/0 route, a route table with BGP route propagation disabled, a service endpoint policy in the design: not created here."],
            ),
        ] {
            assert_eq!(notes(&d, s), want);
        }
        let mut d = Design::default();
        d.gateways.push(Gateway {
            virtual_network: "VNET-A".into(),
            coexist_with_vpn: true,
            ..Gateway::default()
        });
        assert_eq!(
            notes(&d, subnet(false, false, false, false)),
            ["A VPN gateway shares this VNet in the design: not created here."]
        );
        let d = Design {
            virtual_networks: vec![v(subnet(true, false, false, false))],
            ..d
        };
        for f in [
            super::super::Format::AzCli,
            super::super::Format::PowerShell,
        ] {
            let out = super::super::export(&d, f);
            assert!(
                out.contains("# Subnet app has a network security group"),
                "{out}"
            );
            assert!(out.contains("# A VPN gateway shares this VNet"), "{out}");
        }
    }
}
