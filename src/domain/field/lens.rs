//! The lens of the field vocabulary: the value a [`FieldPath`] names, read and written. A text
//! field is text as typed, a choice its wire text ([`crate::domain::wire`]), a switch a flag,
//! a list of texts (prefixes, address spaces) the list. Paths that name an item, a list of
//! records or a missing part (a peering not added) have no value.

use super::*;
use crate::domain::model::{Design, Peering};
use crate::domain::wire::{Wire, WireMut};

/// The value at a path, borrowed from the design.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Place<'a> {
    /// Text as typed.
    Text(&'a str),
    /// A switch.
    Flag(bool),
    /// A closed choice's text.
    Choice(&'static str),
    /// A list of texts.
    List(&'a [String]),
}

/// The value at a path, to change it.
pub enum PlaceMut<'a> {
    /// Text as typed.
    Text(&'a mut String),
    /// A switch.
    Flag(&'a mut bool),
    /// A closed choice, through its text.
    Choice(&'a mut dyn WireMut),
    /// A list of texts.
    List(&'a mut Vec<String>),
}

/// A value to write at a path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// Text (a text field, or a choice's wire text).
    Text(String),
    /// A switch.
    Flag(bool),
    /// A list of texts.
    List(Vec<String>),
}

macro_rules! rr {
    ($e:expr) => {
        &$e
    };
}
macro_rules! mr {
    ($e:expr) => {
        &mut $e
    };
}
macro_rules! rt {
    ($e:expr) => {
        Place::Text(&$e)
    };
}
macro_rules! rb {
    ($e:expr) => {
        Place::Flag($e)
    };
}
macro_rules! rc {
    ($e:expr) => {
        Place::Choice(Wire::wire($e))
    };
}
macro_rules! rl {
    ($e:expr) => {
        Place::List(&$e)
    };
}
macro_rules! mt {
    ($e:expr) => {
        PlaceMut::Text(&mut $e)
    };
}
macro_rules! mb {
    ($e:expr) => {
        PlaceMut::Flag(&mut $e)
    };
}
macro_rules! mc {
    ($e:expr) => {
        PlaceMut::Choice(&mut $e)
    };
}
macro_rules! ml {
    ($e:expr) => {
        PlaceMut::List(&mut $e)
    };
}

/// One traversal written once for both borrows: `$get` is `get`/`get_mut`, `$opt`
/// `as_ref`/`as_mut`, `$br` borrows, and `$t`, `$b`, `$c`, `$l` wrap a text, flag, choice and list field.
macro_rules! lens_fns {
    ($peer:ident, $walk:ident, $D:ty, $Pe:ty, $P:ident, $get:ident, $opt:ident, $br:ident, $t:ident, $b:ident, $c:ident, $l:ident) => {
        fn $peer(p: $Pe, k: PeeringKey) -> Option<$P<'_>> {
            use PeeringKey as K;
            Some(match k {
                K::PeerAsn => $t!(p.peer_asn),
                K::AddressFamily => $c!(p.address_family),
                K::SubnetMode => $c!(p.subnet_mode),
                K::PrimarySubnet => $t!(p.primary_subnet),
                K::SecondarySubnet => $t!(p.secondary_subnet),
                K::Subnet29 => $t!(p.subnet29),
                K::PrimarySubnetV6 => $t!(p.primary_subnet_v6),
                K::SecondarySubnetV6 => $t!(p.secondary_subnet_v6),
                K::VlanId => $t!(p.vlan_id),
                K::SharedKey => $t!(p.shared_key),
                K::Enabled => $b!(p.enabled),
                K::AdvertisedPrefixes
                | K::AdvertisedPrefixesV6
                | K::CustomerAsn
                | K::RoutingRegistry
                | K::RouteFilter => return None,
            })
        }

        fn $walk(path: FieldPath, d: $D) -> Option<$P<'_>> {
            match path {
                FieldPath::Top(k) => Some(match k {
                    TopKey::Name => $t!(d.name),
                    TopKey::SubscriptionId => $t!(d.subscription_id),
                    TopKey::ResourceGroup => $t!(d.resource_group),
                }),
                FieldPath::List(List::OnPremRoutes) => Some($l!(d.on_prem_routes)),
                FieldPath::List(_) => None,
                FieldPath::OnPremRoute(k) => d.on_prem_routes.$get(k).map(|s| $t!(*s)),
                FieldPath::Circuit(i, f) => {
                    let c = d.circuits.$get(i)?;
                    use CircuitKey as K;
                    match f? {
                        CircuitField::Key(k) => Some(match k {
                            K::Name => $t!(c.name),
                            K::Region => $t!(c.region),
                            K::PortType => $c!(c.port_type),
                            K::Provider => $t!(c.provider),
                            K::PeeringLocation => $t!(c.peering_location),
                            K::BandwidthMbps => $t!(c.bandwidth_mbps),
                            K::DirectPort => $t!(c.direct_port),
                            K::BandwidthGbps => $t!(c.bandwidth_gbps),
                            K::DirectAuthorizationKey => $t!(c.direct_authorization_key),
                            K::SkuTier => $c!(c.sku_tier),
                            K::SkuFamily => $c!(c.sku_family),
                            K::ProviderStatus => $c!(c.provider_status),
                            K::ProviderManagedRouting => $b!(c.provider_managed_routing),
                            K::AllowClassicOperations => $b!(c.allow_classic_operations),
                            K::RateLimiting => $b!(c.rate_limiting),
                            K::Authorizations | K::Tags => return None,
                        }),
                        CircuitField::Authorization(k, Some(AuthorizationKey::Name)) => {
                            c.authorizations.$get(k).map(|a| $t!(a.name))
                        }
                        CircuitField::Tag(k, Some(t)) => c.tags.$get(k).map(|tag| match t {
                            TagKey::Name => $t!(tag.name),
                            TagKey::Value => $t!(tag.value),
                        }),
                        CircuitField::Authorization(_, None)
                        | CircuitField::Tag(_, None)
                        | CircuitField::Peering(_, None) => None,
                        CircuitField::Peering(Side::Private, Some(f)) => match f {
                            PeeringField::Key(k) => $peer(c.private_peering.$opt()?, k),
                            PeeringField::Prefix { .. } => None,
                        },
                        CircuitField::Peering(Side::Microsoft, Some(f)) => {
                            let m = c.microsoft_peering.$opt()?;
                            use PeeringKey as P;
                            match f {
                                PeeringField::Key(P::AdvertisedPrefixes) => {
                                    Some($l!(m.advertised_prefixes))
                                }
                                PeeringField::Key(P::AdvertisedPrefixesV6) => {
                                    Some($l!(m.advertised_prefixes_v6))
                                }
                                PeeringField::Key(P::CustomerAsn) => Some($t!(m.customer_asn)),
                                PeeringField::Key(P::RoutingRegistry) => {
                                    Some($t!(m.routing_registry))
                                }
                                PeeringField::Key(P::RouteFilter) => Some($t!(m.route_filter)),
                                PeeringField::Key(k) => $peer($br!(m.peering), k),
                                PeeringField::Prefix { v6: false, k } => {
                                    m.advertised_prefixes.$get(k).map(|s| $t!(*s))
                                }
                                PeeringField::Prefix { v6: true, k } => {
                                    m.advertised_prefixes_v6.$get(k).map(|s| $t!(*s))
                                }
                            }
                        }
                    }
                }
                FieldPath::DirectPort(k, key) => {
                    let p = d.direct_ports.$get(k)?;
                    Some(match key? {
                        PortKey::Name => $t!(p.name),
                        PortKey::Region => $t!(p.region),
                        PortKey::PeeringLocation => $t!(p.peering_location),
                        PortKey::BandwidthGbps => $t!(p.bandwidth_gbps),
                        PortKey::Encapsulation => $c!(p.encapsulation),
                    })
                }
                FieldPath::RouteFilter(k, f) => {
                    let r = d.route_filters.$get(k)?;
                    match f? {
                        FilterField::Key(FilterKey::Name) => Some($t!(r.name)),
                        FilterField::Key(FilterKey::Region) => Some($t!(r.region)),
                        FilterField::Key(FilterKey::RuleName) => Some($t!(r.rule_name)),
                        FilterField::Key(FilterKey::Communities) => Some($l!(r.communities)),
                        FilterField::Community(c) => r.communities.$get(c).map(|s| $t!(*s)),
                    }
                }
                FieldPath::Vnet(k, f) => {
                    let v = d.virtual_networks.$get(k)?;
                    match f? {
                        VnetField::Key(VnetKey::Name) => Some($t!(v.name)),
                        VnetField::Key(VnetKey::Region) => Some($t!(v.region)),
                        VnetField::Key(VnetKey::AddressSpaces) => Some($l!(v.address_spaces)),
                        VnetField::Key(VnetKey::Subnets) | VnetField::Subnet(_, None) => None,
                        VnetField::AddressSpace(a) => v.address_spaces.$get(a).map(|s| $t!(*s)),
                        VnetField::Subnet(n, Some(key)) => {
                            let s = v.subnets.$get(n)?;
                            Some(match key {
                                SubnetKey::Name => $t!(s.name),
                                SubnetKey::AddressPrefix => $t!(s.address_prefix),
                                SubnetKey::AddressPrefixV6 => $t!(s.address_prefix_v6),
                                SubnetKey::Nsg => $b!(s.nsg),
                                SubnetKey::DefaultRouteUdr => $b!(s.default_route_udr),
                                SubnetKey::BgpPropagationDisabled => {
                                    $b!(s.bgp_propagation_disabled)
                                }
                                SubnetKey::ServiceEndpointPolicy => $b!(s.service_endpoint_policy),
                            })
                        }
                    }
                }
                FieldPath::Gateway(k, f) => {
                    let g = d.gateways.$get(k)?;
                    match f? {
                        GatewayField::Key(key) => Some(match key {
                            GatewayKey::Name => $t!(g.name),
                            GatewayKey::Region => $t!(g.region),
                            GatewayKey::VirtualNetwork => $t!(g.virtual_network),
                            GatewayKey::Sku => $c!(g.sku),
                            GatewayKey::MinScaleUnits => $t!(g.min_scale_units),
                            GatewayKey::MaxScaleUnits => $t!(g.max_scale_units),
                            GatewayKey::CoexistWithVpn => $b!(g.coexist_with_vpn),
                            GatewayKey::AllowRemoteVnetTraffic => $b!(g.allow_remote_vnet_traffic),
                            GatewayKey::PublicIp => return None,
                        }),
                        GatewayField::PublicIp(key) => {
                            let ip = g.public_ip.$opt()?;
                            Some(match key {
                                PublicIpKey::Name => $t!(ip.name),
                                PublicIpKey::Sku => $c!(ip.sku),
                                PublicIpKey::Allocation => $c!(ip.allocation),
                                PublicIpKey::Existing => $b!(ip.existing),
                            })
                        }
                    }
                }
                FieldPath::Connection(k, key) => {
                    let c = d.connections.$get(k)?;
                    Some(match key? {
                        ConnectionKey::Name => $t!(c.name),
                        ConnectionKey::Region => $t!(c.region),
                        ConnectionKey::Gateway => $t!(c.gateway),
                        ConnectionKey::Circuit => $t!(c.circuit),
                        ConnectionKey::CrossSubscription => $b!(c.cross_subscription),
                        ConnectionKey::AuthorizationKey => $t!(c.authorization_key),
                        ConnectionKey::RoutingWeight => $t!(c.routing_weight),
                        ConnectionKey::FastPath => $b!(c.fast_path),
                        ConnectionKey::PrivateLinkFastPath => $b!(c.private_link_fast_path),
                    })
                }
                FieldPath::GlobalReach(k, key) => {
                    let g = d.global_reach.$get(k)?;
                    Some(match key? {
                        GlobalReachKey::Name => $t!(g.name),
                        GlobalReachKey::Circuit => $t!(g.circuit),
                        GlobalReachKey::PeerCircuit => $t!(g.peer_circuit),
                        GlobalReachKey::AddressPrefix => $t!(g.address_prefix),
                        GlobalReachKey::AddressPrefixV6 => $t!(g.address_prefix_v6),
                        GlobalReachKey::CrossSubscription => $b!(g.cross_subscription),
                        GlobalReachKey::AuthorizationKey => $t!(g.authorization_key),
                    })
                }
            }
        }
    };
}

lens_fns!(
    peering_ref,
    walk_ref,
    &Design,
    &Peering,
    Place,
    get,
    as_ref,
    rr,
    rt,
    rb,
    rc,
    rl
);
lens_fns!(
    peering_mut,
    walk_mut,
    &mut Design,
    &mut Peering,
    PlaceMut,
    get_mut,
    as_mut,
    mr,
    mt,
    mb,
    mc,
    ml
);

impl FieldPath {
    /// The value this path names in `d`; `None` for an item, a list of records, or a part the
    /// design does not have (a peering not added, an index past the end).
    pub fn place(self, d: &Design) -> Option<Place<'_>> {
        walk_ref(self, d)
    }

    /// The value this path names in `d`, to change it (see [`FieldPath::place`]).
    pub fn place_mut(self, d: &mut Design) -> Option<PlaceMut<'_>> {
        walk_mut(self, d)
    }

    /// The text of a text or choice field; empty when the path names none.
    pub fn read_text(self, d: &Design) -> String {
        match self.place(d) {
            Some(Place::Text(t)) => t.to_string(),
            Some(Place::Choice(t)) => t.to_string(),
            _ => String::new(),
        }
    }

    /// The value of a switch; `false` when the path names none.
    pub fn read_flag(self, d: &Design) -> bool {
        matches!(self.place(d), Some(Place::Flag(true)))
    }

    /// The texts of a list of texts; empty when the path names none.
    pub fn read_list(self, d: &Design) -> Vec<String> {
        match self.place(d) {
            Some(Place::List(l)) => l.to_vec(),
            _ => Vec::new(),
        }
    }

    /// Writes `value` where this path points: `true` when the design changed. A value of the
    /// wrong kind, a choice's unknown text or a missing place changes nothing.
    pub fn write(self, d: &mut Design, value: Value) -> bool {
        match (self.place_mut(d), value) {
            (Some(PlaceMut::Text(t)), Value::Text(v)) => {
                let changed = *t != v;
                *t = v;
                changed
            }
            (Some(PlaceMut::Choice(c)), Value::Text(v)) => {
                let before = c.text();
                c.set_text(&v) && before != c.text()
            }
            (Some(PlaceMut::Flag(b)), Value::Flag(v)) => {
                let changed = *b != v;
                *b = v;
                changed
            }
            (Some(PlaceMut::List(l)), Value::List(v)) => {
                let changed = *l != v;
                *l = v;
                changed
            }
            _ => false,
        }
    }
}

/// Every text and text-list field `d` has (names, regions, references, prefixes, numbers as
/// typed; not the closed choices nor the switches), in the model's order: what a template may
/// leave to deployment ([`crate::domain::model::visit_texts`]).
pub fn text_fields(d: &Design) -> Vec<FieldPath> {
    use PeeringKey as P;
    let mut out = Vec::new();
    out.extend([TopKey::Name, TopKey::SubscriptionId, TopKey::ResourceGroup].map(FieldPath::Top));
    const PEERING: [PeeringKey; 8] = [
        P::PeerAsn,
        P::PrimarySubnet,
        P::SecondarySubnet,
        P::Subnet29,
        P::PrimarySubnetV6,
        P::SecondarySubnetV6,
        P::VlanId,
        P::SharedKey,
    ];
    for (i, c) in d.circuits.iter().enumerate() {
        use CircuitKey as K;
        out.extend(
            [
                K::Name,
                K::Region,
                K::Provider,
                K::PeeringLocation,
                K::BandwidthMbps,
                K::DirectPort,
                K::BandwidthGbps,
                K::DirectAuthorizationKey,
            ]
            .map(|k| circuit(i, k)),
        );
        for k in 0..c.authorizations.len() {
            out.push(FieldPath::Circuit(
                i,
                Some(CircuitField::Authorization(k, Some(AuthorizationKey::Name))),
            ));
        }
        for k in 0..c.tags.len() {
            out.push(FieldPath::Circuit(
                i,
                Some(CircuitField::Tag(k, Some(TagKey::Value))),
            ));
        }
        if c.private_peering.is_some() {
            out.extend(PEERING.map(|k| peering(i, Side::Private, k)));
        }
        if c.microsoft_peering.is_some() {
            out.extend(PEERING.map(|k| peering(i, Side::Microsoft, k)));
            out.extend(
                [
                    P::AdvertisedPrefixes,
                    P::AdvertisedPrefixesV6,
                    P::CustomerAsn,
                    P::RoutingRegistry,
                    P::RouteFilter,
                ]
                .map(|k| peering(i, Side::Microsoft, k)),
            );
        }
    }
    for k in 0..d.direct_ports.len() {
        out.extend(
            [
                PortKey::Name,
                PortKey::Region,
                PortKey::PeeringLocation,
                PortKey::BandwidthGbps,
            ]
            .map(|p| FieldPath::DirectPort(k, Some(p))),
        );
    }
    for k in 0..d.route_filters.len() {
        out.extend(
            [
                FilterKey::Name,
                FilterKey::Region,
                FilterKey::RuleName,
                FilterKey::Communities,
            ]
            .map(|f| FieldPath::RouteFilter(k, Some(FilterField::Key(f)))),
        );
    }
    for (k, v) in d.virtual_networks.iter().enumerate() {
        out.extend(
            [VnetKey::Name, VnetKey::Region, VnetKey::AddressSpaces]
                .map(|f| FieldPath::Vnet(k, Some(VnetField::Key(f)))),
        );
        for s in 0..v.subnets.len() {
            out.extend(
                [
                    SubnetKey::Name,
                    SubnetKey::AddressPrefix,
                    SubnetKey::AddressPrefixV6,
                ]
                .map(|f| FieldPath::Vnet(k, Some(VnetField::Subnet(s, Some(f))))),
            );
        }
    }
    for (k, g) in d.gateways.iter().enumerate() {
        out.extend(
            [
                GatewayKey::Name,
                GatewayKey::Region,
                GatewayKey::VirtualNetwork,
                GatewayKey::MinScaleUnits,
                GatewayKey::MaxScaleUnits,
            ]
            .map(|f| FieldPath::Gateway(k, Some(GatewayField::Key(f)))),
        );
        if g.public_ip.is_some() {
            out.push(FieldPath::Gateway(
                k,
                Some(GatewayField::PublicIp(PublicIpKey::Name)),
            ));
        }
    }
    for k in 0..d.connections.len() {
        use ConnectionKey as C;
        out.extend(
            [
                C::Name,
                C::Region,
                C::Gateway,
                C::Circuit,
                C::AuthorizationKey,
                C::RoutingWeight,
            ]
            .map(|f| FieldPath::Connection(k, Some(f))),
        );
    }
    for k in 0..d.global_reach.len() {
        use GlobalReachKey as G;
        out.extend(
            [
                G::Name,
                G::Circuit,
                G::PeerCircuit,
                G::AddressPrefix,
                G::AddressPrefixV6,
                G::AuthorizationKey,
            ]
            .map(|f| FieldPath::GlobalReach(k, Some(f))),
        );
    }
    out.push(FieldPath::List(List::OnPremRoutes));
    out
}
