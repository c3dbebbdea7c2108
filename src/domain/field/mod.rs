//! The field vocabulary: every place a value lives in a [`Design`], as one typed path.
//!
//! A [`FieldPath`] names a field (circuit 0 → private peering → VLAN ID), a list item
//! (connection 3) or a list (the circuits). It has one text form, the JSON path findings carry
//! (`circuits[0].privatePeering.vlanId`), written by [`fmt::Display`] and read back by
//! [`FieldPath::parse`]; and from it the step that shows the field ([`FieldPath::step`]), its
//! readable name ([`FieldPath::label`]) and its control's DOM id ([`FieldPath::dom_id`]). Its
//! lens ([`lens`]) reads and writes the value the path names. Nothing else builds or parses a
//! field path's text.

pub mod lens;

use super::view::Step;
use std::fmt;

macro_rules! keys {
    ($(#[$m:meta])* $name:ident { $($v:ident = $k:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $(#[doc = concat!("`", $k, "`")] $v),+
        }
        impl $name {
            /// Every key, in the model's order.
            pub const ALL: &'static [$name] = &[$($name::$v),+];
            /// The key's JSON name.
            pub fn key(self) -> &'static str {
                match self {
                    $($name::$v => $k),+
                }
            }
            /// The key whose JSON name is `k` (a scan of [`Self::ALL`]: smaller code than a
            /// match on the texts).
            pub fn parse(k: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|x| x.key() == k)
            }
        }
    };
}

keys! {
    /// A field of the design itself.
    TopKey {
        Name = "name",
        SubscriptionId = "subscriptionId",
        ResourceGroup = "resourceGroup",
    }
}

keys! {
    /// A list of the design.
    List {
        Circuits = "circuits",
        DirectPorts = "directPorts",
        RouteFilters = "routeFilters",
        VirtualNetworks = "virtualNetworks",
        Gateways = "gateways",
        Connections = "connections",
        GlobalReach = "globalReach",
        OnPremRoutes = "onPremRoutes",
    }
}

keys! {
    /// A field of a circuit.
    CircuitKey {
        Name = "name",
        Region = "region",
        PortType = "portType",
        Provider = "provider",
        PeeringLocation = "peeringLocation",
        BandwidthMbps = "bandwidthMbps",
        DirectPort = "directPort",
        BandwidthGbps = "bandwidthGbps",
        DirectAuthorizationKey = "directAuthorizationKey",
        SkuTier = "skuTier",
        SkuFamily = "skuFamily",
        ProviderStatus = "providerStatus",
        ProviderManagedRouting = "providerManagedRouting",
        AllowClassicOperations = "allowClassicOperations",
        RateLimiting = "rateLimiting",
        Authorizations = "authorizations",
        Tags = "tags",
    }
}

keys! {
    /// A field of a circuit authorization.
    AuthorizationKey {
        Name = "name",
    }
}

keys! {
    /// A field of a tag.
    TagKey {
        Name = "name",
        Value = "value",
    }
}

keys! {
    /// A field of a peering: the fields both peerings have, then Microsoft peering's own.
    PeeringKey {
        PeerAsn = "peerAsn",
        AddressFamily = "addressFamily",
        SubnetMode = "subnetMode",
        PrimarySubnet = "primarySubnet",
        SecondarySubnet = "secondarySubnet",
        Subnet29 = "subnet29",
        PrimarySubnetV6 = "primarySubnetV6",
        SecondarySubnetV6 = "secondarySubnetV6",
        VlanId = "vlanId",
        SharedKey = "sharedKey",
        Enabled = "enabled",
        AdvertisedPrefixes = "advertisedPrefixes",
        AdvertisedPrefixesV6 = "advertisedPrefixesV6",
        CustomerAsn = "customerAsn",
        RoutingRegistry = "routingRegistry",
        RouteFilter = "routeFilter",
    }
}

keys! {
    /// A field of an ExpressRoute Direct port pair.
    PortKey {
        Name = "name",
        Region = "region",
        PeeringLocation = "peeringLocation",
        BandwidthGbps = "bandwidthGbps",
        Encapsulation = "encapsulation",
    }
}

keys! {
    /// A field of a route filter.
    FilterKey {
        Name = "name",
        Region = "region",
        RuleName = "ruleName",
        Communities = "communities",
    }
}

keys! {
    /// A field of a virtual network.
    VnetKey {
        Name = "name",
        Region = "region",
        AddressSpaces = "addressSpaces",
        Subnets = "subnets",
    }
}

keys! {
    /// A field of a subnet.
    SubnetKey {
        Name = "name",
        AddressPrefix = "addressPrefix",
        AddressPrefixV6 = "addressPrefixV6",
        Nsg = "nsg",
        DefaultRouteUdr = "defaultRouteUdr",
        BgpPropagationDisabled = "bgpPropagationDisabled",
        ServiceEndpointPolicy = "serviceEndpointPolicy",
    }
}

keys! {
    /// A field of a virtual network gateway.
    GatewayKey {
        Name = "name",
        Region = "region",
        VirtualNetwork = "virtualNetwork",
        Sku = "sku",
        MinScaleUnits = "minScaleUnits",
        MaxScaleUnits = "maxScaleUnits",
        PublicIp = "publicIp",
        CoexistWithVpn = "coexistWithVpn",
        AllowRemoteVnetTraffic = "allowRemoteVnetTraffic",
    }
}

keys! {
    /// A field of a gateway's public IP.
    PublicIpKey {
        Name = "name",
        Sku = "sku",
        Allocation = "allocation",
        Existing = "existing",
    }
}

keys! {
    /// A field of a connection.
    ConnectionKey {
        Name = "name",
        Region = "region",
        Gateway = "gateway",
        Circuit = "circuit",
        CrossSubscription = "crossSubscription",
        AuthorizationKey = "authorizationKey",
        RoutingWeight = "routingWeight",
        FastPath = "fastPath",
        PrivateLinkFastPath = "privateLinkFastPath",
    }
}

keys! {
    /// A field of a Global Reach link.
    GlobalReachKey {
        Name = "name",
        Circuit = "circuit",
        PeerCircuit = "peerCircuit",
        AddressPrefix = "addressPrefix",
        AddressPrefixV6 = "addressPrefixV6",
        CrossSubscription = "crossSubscription",
        AuthorizationKey = "authorizationKey",
    }
}

/// Which of a circuit's two peerings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Side {
    /// Azure private peering (`privatePeering`).
    Private,
    /// Microsoft peering (`microsoftPeering`).
    Microsoft,
}

impl Side {
    /// The peering's JSON name.
    pub fn key(self) -> &'static str {
        match self {
            Side::Private => "privatePeering",
            Side::Microsoft => "microsoftPeering",
        }
    }
}

/// Something inside a peering.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PeeringField {
    /// A field.
    Key(PeeringKey),
    /// One advertised prefix (`advertisedPrefixes[k]`, or `advertisedPrefixesV6[k]` when
    /// `v6`).
    Prefix {
        /// The IPv6 list.
        v6: bool,
        /// The prefix's index.
        k: usize,
    },
}

/// Something inside a circuit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CircuitField {
    /// A field.
    Key(CircuitKey),
    /// Authorization `k`, or one of its fields.
    Authorization(usize, Option<AuthorizationKey>),
    /// Tag `k`, or one of its fields.
    Tag(usize, Option<TagKey>),
    /// A peering, or something inside it.
    Peering(Side, Option<PeeringField>),
}

/// Something inside a route filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FilterField {
    /// A field.
    Key(FilterKey),
    /// Community `k`.
    Community(usize),
}

/// Something inside a virtual network.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum VnetField {
    /// A field.
    Key(VnetKey),
    /// Address space `k`.
    AddressSpace(usize),
    /// Subnet `k`, or one of its fields.
    Subnet(usize, Option<SubnetKey>),
}

/// Something inside a gateway.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum GatewayField {
    /// A field.
    Key(GatewayKey),
    /// A field of its public IP.
    PublicIp(PublicIpKey),
}

/// A place in a design: a field, a list item or a list. `Copy`, and compared, hashed and
/// sorted without its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FieldPath {
    /// A field of the design itself.
    Top(TopKey),
    /// A whole list.
    List(List),
    /// On-premises prefix `k`.
    OnPremRoute(usize),
    /// Circuit `i`, or something inside it.
    Circuit(usize, Option<CircuitField>),
    /// Direct port pair `k`, or one of its fields.
    DirectPort(usize, Option<PortKey>),
    /// Route filter `k`, or something inside it.
    RouteFilter(usize, Option<FilterField>),
    /// Virtual network `k`, or something inside it.
    Vnet(usize, Option<VnetField>),
    /// Gateway `k`, or something inside it.
    Gateway(usize, Option<GatewayField>),
    /// Connection `k`, or one of its fields.
    Connection(usize, Option<ConnectionKey>),
    /// Global Reach link `k`, or one of its fields.
    GlobalReach(usize, Option<GlobalReachKey>),
}

/// Circuit `i`'s field `key`.
pub fn circuit(i: usize, key: CircuitKey) -> FieldPath {
    FieldPath::Circuit(i, Some(CircuitField::Key(key)))
}

/// The field `key` of circuit `i`'s peering `side`.
pub fn peering(i: usize, side: Side, key: PeeringKey) -> FieldPath {
    FieldPath::Circuit(
        i,
        Some(CircuitField::Peering(side, Some(PeeringField::Key(key)))),
    )
}

/// Circuit `i`'s peering `side` as a whole.
pub fn peering_of(i: usize, side: Side) -> FieldPath {
    FieldPath::Circuit(i, Some(CircuitField::Peering(side, None)))
}

impl FieldPath {
    /// The list this path's item belongs to and the item's index (`connections[3].name` →
    /// connections, 3); the on-premises prefixes' index for one of them.
    pub fn item(self) -> Option<(List, usize)> {
        Some(match self {
            FieldPath::Top(_) | FieldPath::List(_) => return None,
            FieldPath::OnPremRoute(k) => (List::OnPremRoutes, k),
            FieldPath::Circuit(k, _) => (List::Circuits, k),
            FieldPath::DirectPort(k, _) => (List::DirectPorts, k),
            FieldPath::RouteFilter(k, _) => (List::RouteFilters, k),
            FieldPath::Vnet(k, _) => (List::VirtualNetworks, k),
            FieldPath::Gateway(k, _) => (List::Gateways, k),
            FieldPath::Connection(k, _) => (List::Connections, k),
            FieldPath::GlobalReach(k, _) => (List::GlobalReach, k),
        })
    }

    /// The list of texts this path is an item of, and its index (`onPremRoutes[2]` →
    /// `onPremRoutes`, 2; an advertised prefix, a community, an address space).
    pub fn list_item(self) -> Option<(FieldPath, usize)> {
        Some(match self {
            FieldPath::OnPremRoute(k) => (FieldPath::List(List::OnPremRoutes), k),
            FieldPath::Circuit(
                i,
                Some(CircuitField::Peering(side, Some(PeeringField::Prefix { v6, k }))),
            ) => {
                let list = if v6 {
                    PeeringKey::AdvertisedPrefixesV6
                } else {
                    PeeringKey::AdvertisedPrefixes
                };
                (peering(i, side, list), k)
            }
            FieldPath::RouteFilter(r, Some(FilterField::Community(k))) => (
                FieldPath::RouteFilter(r, Some(FilterField::Key(FilterKey::Communities))),
                k,
            ),
            FieldPath::Vnet(v, Some(VnetField::AddressSpace(k))) => (
                FieldPath::Vnet(v, Some(VnetField::Key(VnetKey::AddressSpaces))),
                k,
            ),
            _ => return None,
        })
    }

    /// The circuit this path is in.
    pub fn circuit(self) -> Option<usize> {
        match self {
            FieldPath::Circuit(i, _) => Some(i),
            _ => None,
        }
    }

    /// The step whose form holds this field (where the user fixes it).
    pub fn step(self) -> Step {
        use CircuitKey as C;
        match self {
            FieldPath::Top(_) => Step::Basics,
            FieldPath::List(List::Circuits | List::DirectPorts)
            | FieldPath::DirectPort(..)
            | FieldPath::Circuit(_, None) => Step::Configuration,
            FieldPath::List(List::RouteFilters) | FieldPath::RouteFilter(..) => {
                Step::MicrosoftPeering
            }
            FieldPath::List(List::OnPremRoutes) | FieldPath::OnPremRoute(_) => Step::PrivatePeering,
            FieldPath::List(List::VirtualNetworks | List::Gateways)
            | FieldPath::Vnet(..)
            | FieldPath::Gateway(..) => Step::Gateway,
            FieldPath::List(List::Connections | List::GlobalReach)
            | FieldPath::Connection(..)
            | FieldPath::GlobalReach(..) => Step::Connection,
            FieldPath::Circuit(_, Some(f)) => match f {
                CircuitField::Key(C::Name | C::Region) => Step::Basics,
                CircuitField::Key(C::ProviderStatus | C::ProviderManagedRouting) => {
                    Step::ProviderStatus
                }
                CircuitField::Key(C::Authorizations) | CircuitField::Authorization(..) => {
                    Step::Connection
                }
                CircuitField::Peering(Side::Private, _) => Step::PrivatePeering,
                CircuitField::Peering(Side::Microsoft, _) => Step::MicrosoftPeering,
                CircuitField::Key(_) | CircuitField::Tag(..) => Step::Configuration,
            },
        }
    }

    /// The path's readable name ("Circuit 1 · private peering · VLAN ID").
    pub fn label(self) -> String {
        label_of(&self.to_string())
    }

    /// The DOM id of the path's control (`f-circuits-0-privatePeering-vlanId`).
    pub fn dom_id(self) -> String {
        dom_id_of(&self.to_string())
    }

    /// The path's text (the same as `to_string`).
    pub fn text(self) -> String {
        self.to_string()
    }

    /// The path written as `text`, when it names a place the vocabulary knows.
    pub fn parse(text: &str) -> Option<FieldPath> {
        let mut segs = Segments::new(text);
        let path = read_path(&mut segs)?;
        segs.done().then_some(path)
    }

    /// The longest known path `text` starts with: `circuits[0].futureField` →
    /// `circuits[0]`; `None` when not even its first segment is known.
    pub fn enclosing(text: &str) -> Option<FieldPath> {
        let mut best = None;
        let mut end = text.len();
        loop {
            let head = &text[..end];
            if let Some(p) = FieldPath::parse(head) {
                best = Some(p);
                break;
            }
            match head.rfind(['.', '[']) {
                Some(cut) => end = cut,
                None => break,
            }
        }
        best
    }

    /// Whether `text`, a path, is this one or inside it (`circuits[0].name` is inside
    /// `circuits[0]`, `circuits[10]` is not).
    pub fn contains_text(self, text: &str) -> bool {
        covers(&self.to_string(), text)
    }
}

impl From<FieldPath> for String {
    fn from(p: FieldPath) -> String {
        p.to_string()
    }
}

fn write_index(f: &mut fmt::Formatter<'_>, name: &str, k: usize) -> fmt::Result {
    write!(f, "{name}[{k}]")
}

impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            FieldPath::Top(k) => f.write_str(k.key()),
            FieldPath::List(l) => f.write_str(l.key()),
            FieldPath::OnPremRoute(k) => write_index(f, List::OnPremRoutes.key(), k),
            FieldPath::Circuit(i, rest) => {
                write_index(f, List::Circuits.key(), i)?;
                match rest {
                    None => Ok(()),
                    Some(CircuitField::Key(k)) => write!(f, ".{}", k.key()),
                    Some(CircuitField::Authorization(k, key)) => {
                        write!(f, ".authorizations[{k}]")?;
                        key.map_or(Ok(()), |key| write!(f, ".{}", key.key()))
                    }
                    Some(CircuitField::Tag(k, key)) => {
                        write!(f, ".tags[{k}]")?;
                        key.map_or(Ok(()), |key| write!(f, ".{}", key.key()))
                    }
                    Some(CircuitField::Peering(side, rest)) => {
                        write!(f, ".{}", side.key())?;
                        match rest {
                            None => Ok(()),
                            Some(PeeringField::Key(k)) => write!(f, ".{}", k.key()),
                            Some(PeeringField::Prefix { v6, k }) => {
                                let list = if v6 {
                                    PeeringKey::AdvertisedPrefixesV6
                                } else {
                                    PeeringKey::AdvertisedPrefixes
                                };
                                write!(f, ".{}[{k}]", list.key())
                            }
                        }
                    }
                }
            }
            FieldPath::DirectPort(k, key) => {
                write_index(f, List::DirectPorts.key(), k)?;
                key.map_or(Ok(()), |key| write!(f, ".{}", key.key()))
            }
            FieldPath::RouteFilter(k, rest) => {
                write_index(f, List::RouteFilters.key(), k)?;
                match rest {
                    None => Ok(()),
                    Some(FilterField::Key(key)) => write!(f, ".{}", key.key()),
                    Some(FilterField::Community(c)) => write!(f, ".communities[{c}]"),
                }
            }
            FieldPath::Vnet(k, rest) => {
                write_index(f, List::VirtualNetworks.key(), k)?;
                match rest {
                    None => Ok(()),
                    Some(VnetField::Key(key)) => write!(f, ".{}", key.key()),
                    Some(VnetField::AddressSpace(a)) => write!(f, ".addressSpaces[{a}]"),
                    Some(VnetField::Subnet(s, key)) => {
                        write!(f, ".subnets[{s}]")?;
                        key.map_or(Ok(()), |key| write!(f, ".{}", key.key()))
                    }
                }
            }
            FieldPath::Gateway(k, rest) => {
                write_index(f, List::Gateways.key(), k)?;
                match rest {
                    None => Ok(()),
                    Some(GatewayField::Key(key)) => write!(f, ".{}", key.key()),
                    Some(GatewayField::PublicIp(key)) => write!(f, ".publicIp.{}", key.key()),
                }
            }
            FieldPath::Connection(k, key) => {
                write_index(f, List::Connections.key(), k)?;
                key.map_or(Ok(()), |key| write!(f, ".{}", key.key()))
            }
            FieldPath::GlobalReach(k, key) => {
                write_index(f, List::GlobalReach.key(), k)?;
                key.map_or(Ok(()), |key| write!(f, ".{}", key.key()))
            }
        }
    }
}

/// One segment of a path's text: a name and, when it names a list item, the index.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Seg<'a> {
    name: &'a str,
    index: Option<usize>,
}

/// The segments of a path's text (`circuits[0].name` → `circuits`[0], `name`), read one at a
/// time; a malformed segment ends them (and [`Segments::done`] is then false).
struct Segments<'a> {
    rest: &'a str,
    bad: bool,
}

impl<'a> Segments<'a> {
    fn new(text: &'a str) -> Self {
        Segments {
            rest: text,
            bad: text.is_empty(),
        }
    }

    fn next(&mut self) -> Option<Seg<'a>> {
        if self.bad || self.rest.is_empty() {
            return None;
        }
        let end = self.rest.find('.').unwrap_or(self.rest.len());
        let seg = &self.rest[..end];
        self.rest = match self.rest.get(end..) {
            Some(r) if r.starts_with('.') => {
                if r.len() == 1 {
                    self.bad = true;
                }
                &r[1..]
            }
            _ => "",
        };
        let parsed = match seg.split_once('[') {
            None => Some(Seg {
                name: seg,
                index: None,
            }),
            Some((name, idx)) => idx
                .strip_suffix(']')
                .filter(|d| !d.is_empty() && d.len() <= 9 && d.bytes().all(|b| b.is_ascii_digit()))
                .and_then(|d| d.parse().ok())
                .map(|k| Seg {
                    name,
                    index: Some(k),
                }),
        };
        match parsed {
            Some(s) if !s.name.is_empty() => Some(s),
            _ => {
                self.bad = true;
                None
            }
        }
    }

    /// Every segment was read and all were well formed.
    fn done(&self) -> bool {
        !self.bad && self.rest.is_empty()
    }
}

/// A key segment (no index) of the key type `K`.
fn key<K>(s: Option<Seg<'_>>, parse: fn(&str) -> Option<K>) -> Option<K> {
    let s = s?;
    if s.index.is_some() {
        return None;
    }
    parse(s.name)
}

/// An optional last key segment: `Some(None)` when there is none.
fn tail<K>(segs: &mut Segments<'_>, parse: fn(&str) -> Option<K>) -> Option<Option<K>> {
    match segs.next() {
        None => Some(None),
        s => key(s, parse).map(Some),
    }
}

fn read_path(segs: &mut Segments<'_>) -> Option<FieldPath> {
    let first = segs.next()?;
    let Some(k) = first.index else {
        if let Some(t) = TopKey::parse(first.name) {
            return Some(FieldPath::Top(t));
        }
        return List::parse(first.name).map(FieldPath::List);
    };
    Some(match List::parse(first.name)? {
        List::OnPremRoutes => FieldPath::OnPremRoute(k),
        List::Circuits => FieldPath::Circuit(k, read_circuit(segs)?),
        List::DirectPorts => FieldPath::DirectPort(k, tail(segs, PortKey::parse)?),
        List::RouteFilters => FieldPath::RouteFilter(
            k,
            match segs.next() {
                None => None,
                Some(s) => Some(match (FilterKey::parse(s.name)?, s.index) {
                    (key, None) => FilterField::Key(key),
                    (FilterKey::Communities, Some(c)) => FilterField::Community(c),
                    _ => return None,
                }),
            },
        ),
        List::VirtualNetworks => FieldPath::Vnet(
            k,
            match segs.next() {
                None => None,
                Some(s) => Some(match (VnetKey::parse(s.name)?, s.index) {
                    (key, None) => VnetField::Key(key),
                    (VnetKey::AddressSpaces, Some(a)) => VnetField::AddressSpace(a),
                    (VnetKey::Subnets, Some(n)) => {
                        VnetField::Subnet(n, tail(segs, SubnetKey::parse)?)
                    }
                    _ => return None,
                }),
            },
        ),
        List::Gateways => FieldPath::Gateway(
            k,
            match segs.next() {
                None => None,
                Some(s) => match key(Some(s), GatewayKey::parse)? {
                    GatewayKey::PublicIp => match segs.next() {
                        None => Some(GatewayField::Key(GatewayKey::PublicIp)),
                        s => Some(GatewayField::PublicIp(key(s, PublicIpKey::parse)?)),
                    },
                    g => Some(GatewayField::Key(g)),
                },
            },
        ),
        List::Connections => FieldPath::Connection(k, tail(segs, ConnectionKey::parse)?),
        List::GlobalReach => FieldPath::GlobalReach(k, tail(segs, GlobalReachKey::parse)?),
    })
}

fn read_circuit(segs: &mut Segments<'_>) -> Option<Option<CircuitField>> {
    let Some(s) = segs.next() else {
        return Some(None);
    };
    let side = match s.name {
        "privatePeering" => Some(Side::Private),
        "microsoftPeering" => Some(Side::Microsoft),
        _ => None,
    };
    if let Some(side) = side {
        if s.index.is_some() {
            return None;
        }
        let Some(p) = segs.next() else {
            return Some(Some(CircuitField::Peering(side, None)));
        };
        let field = match (PeeringKey::parse(p.name)?, p.index) {
            (key, None) => PeeringField::Key(key),
            (PeeringKey::AdvertisedPrefixes, Some(k)) => PeeringField::Prefix { v6: false, k },
            (PeeringKey::AdvertisedPrefixesV6, Some(k)) => PeeringField::Prefix { v6: true, k },
            _ => return None,
        };
        return Some(Some(CircuitField::Peering(side, Some(field))));
    }
    Some(Some(match (CircuitKey::parse(s.name)?, s.index) {
        (key, None) => CircuitField::Key(key),
        (CircuitKey::Authorizations, Some(k)) => {
            CircuitField::Authorization(k, tail(segs, AuthorizationKey::parse)?)
        }
        (CircuitKey::Tags, Some(k)) => CircuitField::Tag(k, tail(segs, TagKey::parse)?),
        _ => return None,
    }))
}

/// The DOM id of a path's text: `f-` then its letters and digits, each run of other
/// characters one `-`.
pub fn dom_id_of(path: &str) -> String {
    let mut id = String::from("f-");
    let mut dash = false;
    for c in path.chars() {
        if c.is_ascii_alphanumeric() {
            id.push(c);
            dash = false;
        } else if !dash {
            id.push('-');
            dash = true;
        }
    }
    while id.ends_with('-') {
        id.pop();
    }
    id
}

/// The readable name of a path's text ("Circuit 1 · private peering · VLAN ID"); any text,
/// known to the vocabulary or not (an imported template's path), reads as words.
pub fn label_of(path: &str) -> String {
    let words = |name: &str| -> String {
        let mut out = String::new();
        for (i, c) in name.chars().enumerate() {
            if c.is_ascii_uppercase() && i > 0 {
                out.push(' ');
            }
            out.push(c.to_ascii_lowercase());
        }
        for (from, to) in [
            ("asn", "ASN"),
            ("vlan id", "VLAN ID"),
            ("v6", "(IPv6)"),
            ("mbps", "(Mbps)"),
            ("gbps", "(Gbps)"),
            ("sku", "SKU"),
            ("subnet29", "/29 subnet"),
            ("nsg", "NSG"),
            ("microsoft", "Microsoft"),
            ("udr", "UDR"),
        ] {
            out = out
                .split(' ')
                .map(|w| if w == from { to } else { w })
                .collect::<Vec<_>>()
                .join(" ");
            if from.contains(' ') {
                out = out.replace(from, to);
            }
        }
        out
    };
    let mut parts: Vec<String> = Vec::new();
    for seg in path.split('.') {
        let (name, index) = match seg.split_once('[') {
            Some((n, rest)) => (n, rest.trim_end_matches(']').parse::<usize>().ok()),
            None => (seg, None),
        };
        let singular = match name {
            "circuits" => "Circuit",
            "virtualNetworks" => "VNet",
            "gateways" => "Gateway",
            "connections" => "Connection",
            "globalReach" => "Global Reach",
            "routeFilters" => "Route filter",
            "directPorts" => "Direct port",
            "subnets" => "subnet",
            "onPremRoutes" => "On-premises route",
            "advertisedPrefixes" => "advertised prefix",
            "advertisedPrefixesV6" => "advertised IPv6 prefix",
            "addressSpaces" => "address space",
            "communities" => "community",
            "tags" => "tag",
            _ => "",
        };
        match (singular, index) {
            ("", _) => parts.push(words(name)),
            (s, Some(i)) => parts.push(format!("{s} {}", i + 1)),
            (s, None) => parts.push(s.to_string()),
        }
    }
    let mut label = parts.join(" · ");
    // `get(..1)` is `Some` only for a one-byte (ASCII) first character, so ASCII upper-casing
    // is the full rule here, and keeps Unicode's case tables out of the wasm.
    if let Some(first) = label.get(..1) {
        label = first.to_ascii_uppercase() + label.get(1..).unwrap_or("");
    }
    label
}

/// Whether the path text `path` is the path text `outer` or inside it (`circuits[0].name` is
/// inside `circuits[0]`, `circuits[10]` is not), without reading either: for texts that may
/// hold paths the vocabulary does not know (a finding's, a record's).
pub fn covers(outer: &str, path: &str) -> bool {
    path.strip_prefix(outer)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('.') || rest.starts_with('['))
}

/// The index a path's text gives an item of `list` (`connections[3].name` → 3), with the rest
/// of the text after it. For records kept as text ([`crate::domain::records`]), which may hold
/// paths the vocabulary does not know.
pub fn index_in<'a>(path: &'a str, list: &str) -> Option<(usize, &'a str)> {
    let rest = path.strip_prefix(list)?.strip_prefix('[')?;
    let (digits, rest) = rest.split_once(']')?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if !(rest.is_empty() || rest.starts_with('.') || rest.starts_with('[')) {
        return None;
    }
    Some((digits.parse().ok()?, rest))
}

/// `path`'s text with its item of `list` at index `k` instead (`rest` from [`index_in`]).
pub fn with_index(list: &str, k: usize, rest: &str) -> String {
    format!("{list}[{k}]{rest}")
}

#[cfg(test)]
mod tests;
