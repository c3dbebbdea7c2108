//! The design model: everything the user plans, as serde data with a versioned schema.
//!
//! Text the user types is kept as typed (`String`), even for numbers such as the VLAN ID or the
//! peer ASN: validation reads the raw text, so "40x" is a finding, never lost input. Closed choices
//! (SKU tier, gateway SKU, …) are enums. Objects refer to each other by name (a connection names its
//! gateway and circuit), as ARM templates and hand-written design files do.
//!
//! JSON field names are camelCase; a finding's `path` uses the same names
//! (`circuits[0].privatePeering.vlanId`).

use crate::domain::float_text;
use serde::de::{self, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};
use std::fmt;

/// The current schema version written by this build.
///
/// Version 2 added the provider status `NotRecorded` (the new default: a plan or a template does
/// not know the provider's state), [`Design::given_at_deployment`] and [`PublicIp::existing`];
/// a version-1 document reads unchanged (its provider status was recorded as it says).
pub const SCHEMA_VERSION: u32 = 2;

/// A complete ExpressRoute design: 1..n circuits and the Azure side they connect to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Design {
    /// Schema version of this document.
    pub version: u32,
    /// Display name of the design (not deployed).
    pub name: String,
    /// Subscription ID (GUID); optional, used by exports.
    pub subscription_id: String,
    /// Resource group all resources are deployed into.
    pub resource_group: String,
    /// ExpressRoute circuits (the first is the primary one).
    pub circuits: Vec<Circuit>,
    /// ExpressRoute Direct port pairs referred to by Direct circuits.
    pub direct_ports: Vec<DirectPort>,
    /// Route filters for Microsoft peering.
    pub route_filters: Vec<RouteFilter>,
    /// Virtual networks (with their GatewaySubnet).
    pub virtual_networks: Vec<VirtualNetwork>,
    /// ExpressRoute virtual network gateways.
    pub gateways: Vec<Gateway>,
    /// Connections (gateway ↔ circuit).
    pub connections: Vec<Connection>,
    /// Global Reach links between two circuits' private peerings.
    pub global_reach: Vec<GlobalReach>,
    /// Prefixes the customer will advertise from on-premises over private peering (optional).
    #[serde(deserialize_with = "text_list")]
    pub on_prem_routes: Vec<String>,
    /// Paths of fields whose values are given only when the design is deployed: a template's
    /// resource group, subscription, `resourceGroup().location`, parameters without a value,
    /// resources outside the template referred to by ID (`circuits[0].region`,
    /// `connections[0].circuit`). Unknown is not empty: the rules don't check such a field while
    /// it is still empty, and say once which values were not checked.
    #[serde(skip_serializing_if = "Vec::is_empty", deserialize_with = "text_list")]
    pub given_at_deployment: Vec<String>,
    /// Advisory warnings the user acknowledged, each as its rule code and field path separated
    /// by a space (`"ER-GW-009 gateways[0].publicIp"`; [`super::acknowledge`]): still listed, no
    /// longer counted as open. Never errors. Omitted when empty, so designs without
    /// acknowledgements are written as before.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub acknowledged: Vec<String>,
}

impl Default for Design {
    fn default() -> Self {
        Design {
            version: SCHEMA_VERSION,
            name: "My ExpressRoute design".into(),
            subscription_id: String::new(),
            resource_group: String::new(),
            circuits: vec![Circuit::default()],
            direct_ports: Vec::new(),
            route_filters: Vec::new(),
            virtual_networks: Vec::new(),
            gateways: Vec::new(),
            connections: Vec::new(),
            global_reach: Vec::new(),
            on_prem_routes: Vec::new(),
            given_at_deployment: Vec::new(),
            acknowledged: Vec::new(),
        }
    }
}

impl Design {
    /// Its elements: circuits, ExpressRoute Direct ports, route filters, VNets, gateways,
    /// connections and Global Reach links.
    pub fn elements(&self) -> usize {
        self.circuits.len()
            + self.direct_ports.len()
            + self.route_filters.len()
            + self.virtual_networks.len()
            + self.gateways.len()
            + self.connections.len()
            + self.global_reach.len()
    }

    /// A copy without secrets (MD5 shared keys and authorization keys): what is written to
    /// browser storage unless the user asks to remember secrets on the device.
    pub fn without_secrets(&self) -> Design {
        let mut d = self.clone();
        for c in &mut d.circuits {
            c.direct_authorization_key.clear();
            if let Some(p) = &mut c.private_peering {
                p.shared_key.clear();
            }
            if let Some(m) = &mut c.microsoft_peering {
                m.peering.shared_key.clear();
            }
        }
        for cn in &mut d.connections {
            cn.authorization_key.clear();
        }
        for gr in &mut d.global_reach {
            gr.authorization_key.clear();
        }
        d
    }

    /// True when the design holds any secret.
    pub fn has_secrets(&self) -> bool {
        *self != self.without_secrets()
    }
}

/// How the circuit reaches Microsoft's edge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum PortType {
    /// Through a connectivity provider at a peering location.
    #[default]
    Provider,
    /// On the customer's own ExpressRoute Direct port pair.
    Direct,
}

/// Circuit SKU tier (`sku.tier`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum SkuTier {
    /// Local: only the local Azure region(s) of the peering location; data included.
    Local,
    /// Standard: the geopolitical region of the peering location.
    #[default]
    Standard,
    /// Premium: global reach of VNets, more routes and links, Microsoft 365.
    Premium,
    /// Legacy tier; not valid for new circuits (kept so imported designs can be flagged).
    Basic,
}

/// Circuit billing model (`sku.family`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum SkuFamily {
    /// Outbound data billed per GB.
    #[default]
    MeteredData,
    /// Flat rate including outbound data.
    UnlimitedData,
}

/// `serviceProviderProvisioningState`: the provider side of the circuit, as far as the design
/// knows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum ProviderStatus {
    /// Not recorded: a new plan or a template (templates never carry the provider's state).
    /// Nothing is assumed: peerings get no gating finding, and the exports hold connections
    /// to the circuit back until a second run.
    #[default]
    NotRecorded,
    /// The circuit exists; the provider has not configured it yet.
    NotProvisioned,
    /// The provider is configuring its side.
    Provisioning,
    /// The provider has configured its side: peerings and connections can be created.
    Provisioned,
    /// The provider is removing its side.
    Deprovisioning,
}

impl ProviderStatus {
    /// The status as the portal shows it ("Not provisioned"); "Not recorded" when unknown.
    pub fn label(self) -> &'static str {
        match self {
            ProviderStatus::NotRecorded => "Not recorded",
            ProviderStatus::NotProvisioned => "Not provisioned",
            ProviderStatus::Provisioning => "Provisioning",
            ProviderStatus::Provisioned => "Provisioned",
            ProviderStatus::Deprovisioning => "Deprovisioning",
        }
    }

    /// The status is recorded and is not `Provisioned`: Azure refuses connections and Global
    /// Reach on the circuit, and BGP on its peerings waits for the provider.
    pub fn recorded_not_provisioned(self) -> bool {
        !matches!(
            self,
            ProviderStatus::NotRecorded | ProviderStatus::Provisioned
        )
    }
}

/// One ExpressRoute circuit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Circuit {
    /// Circuit name (unique in the resource group).
    pub name: String,
    /// Azure region of the circuit resource (display or programmatic name).
    pub region: String,
    /// Provider or ExpressRoute Direct.
    pub port_type: PortType,
    /// Connectivity provider (provider circuits).
    pub provider: String,
    /// Peering location (provider circuits; for Direct it comes from the port).
    pub peering_location: String,
    /// Bandwidth in Mbps (provider circuits).
    #[serde(deserialize_with = "text")]
    pub bandwidth_mbps: String,
    /// Name of the Direct port pair (Direct circuits).
    pub direct_port: String,
    /// Bandwidth in Gbps (Direct circuits).
    #[serde(deserialize_with = "text")]
    pub bandwidth_gbps: String,
    /// Authorization key for a Direct port in another subscription (GUID), optional.
    pub direct_authorization_key: String,
    /// SKU tier.
    pub sku_tier: SkuTier,
    /// Billing model.
    pub sku_family: SkuFamily,
    /// Provider status as Azure shows it.
    pub provider_status: ProviderStatus,
    /// The provider is a layer-3 (managed routing) provider that configures peerings itself.
    pub provider_managed_routing: bool,
    /// Allow classic operations.
    pub allow_classic_operations: bool,
    /// Rate limiting (Direct circuits only).
    pub rate_limiting: bool,
    /// Circuit authorizations (one per connection from another subscription).
    pub authorizations: Vec<Authorization>,
    /// Azure private peering, when planned.
    pub private_peering: Option<Peering>,
    /// Microsoft peering, when planned.
    pub microsoft_peering: Option<MicrosoftPeering>,
    /// Tags on the circuit resource.
    pub tags: Vec<Tag>,
}

impl Default for Circuit {
    fn default() -> Self {
        Circuit {
            name: String::new(),
            region: String::new(),
            port_type: PortType::Provider,
            provider: String::new(),
            peering_location: String::new(),
            bandwidth_mbps: "1000".into(),
            direct_port: String::new(),
            bandwidth_gbps: String::new(),
            direct_authorization_key: String::new(),
            sku_tier: SkuTier::Standard,
            sku_family: SkuFamily::MeteredData,
            provider_status: ProviderStatus::NotRecorded,
            provider_managed_routing: false,
            allow_classic_operations: false,
            rate_limiting: false,
            authorizations: Vec::new(),
            private_peering: None,
            microsoft_peering: None,
            tags: Vec::new(),
        }
    }
}

/// A resource tag.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Tag {
    /// Tag name.
    pub name: String,
    /// Tag value.
    pub value: String,
}

/// A circuit authorization (`expressRouteCircuits/authorizations`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Authorization {
    /// Authorization name.
    pub name: String,
}

/// Which address families a peering carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum AddressFamily {
    /// IPv4 only.
    #[default]
    Ipv4,
    /// IPv6 only.
    Ipv6,
    /// IPv4 and IPv6.
    Both,
}

impl AddressFamily {
    /// IPv4 subnets are configured.
    pub fn has_v4(self) -> bool {
        matches!(self, AddressFamily::Ipv4 | AddressFamily::Both)
    }
    /// IPv6 subnets are configured.
    pub fn has_v6(self) -> bool {
        matches!(self, AddressFamily::Ipv6 | AddressFamily::Both)
    }
}

/// How the IPv4 peering subnets are entered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum SubnetMode {
    /// Two /30 subnets, primary and secondary.
    #[default]
    TwoSlash30,
    /// One /29, split into primary (first /30) and secondary (second /30).
    OneSlash29,
}

/// Fields common to Azure private peering and Microsoft peering.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Peering {
    /// Customer (peer) ASN, as typed (asplain; asdot `X.Y` accepted by the rules).
    #[serde(deserialize_with = "text")]
    pub peer_asn: String,
    /// IPv4, IPv6 or both.
    pub address_family: AddressFamily,
    /// Two /30s or one /29.
    pub subnet_mode: SubnetMode,
    /// Primary IPv4 /30.
    pub primary_subnet: String,
    /// Secondary IPv4 /30.
    pub secondary_subnet: String,
    /// One IPv4 /29 (when `subnet_mode` is `OneSlash29`).
    pub subnet29: String,
    /// Primary IPv6 /126.
    pub primary_subnet_v6: String,
    /// Secondary IPv6 /126.
    pub secondary_subnet_v6: String,
    /// VLAN ID, as typed.
    #[serde(deserialize_with = "text")]
    pub vlan_id: String,
    /// MD5 shared key (optional secret).
    pub shared_key: String,
    /// IPv4 session administratively enabled.
    pub enabled: bool,
}

impl Default for Peering {
    fn default() -> Self {
        Peering {
            peer_asn: String::new(),
            address_family: AddressFamily::Ipv4,
            subnet_mode: SubnetMode::TwoSlash30,
            primary_subnet: String::new(),
            secondary_subnet: String::new(),
            subnet29: String::new(),
            primary_subnet_v6: String::new(),
            secondary_subnet_v6: String::new(),
            vlan_id: String::new(),
            shared_key: String::new(),
            enabled: true,
        }
    }
}

/// Microsoft peering: the common fields plus public prefixes and routing registry.
///
/// In JSON the common fields sit at the same level as the Microsoft-specific ones
/// (`microsoftPeering.peerAsn`, `microsoftPeering.advertisedPrefixes`); serde goes through
/// [`MicrosoftPeeringWire`] rather than `#[serde(flatten)]`, which costs a lot of wasm code.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(from = "MicrosoftPeeringWire", into = "MicrosoftPeeringWire")]
pub struct MicrosoftPeering {
    /// Fields shared with private peering.
    pub peering: Peering,
    /// Advertised public IPv4 prefixes.
    pub advertised_prefixes: Vec<String>,
    /// Advertised public IPv6 prefixes.
    pub advertised_prefixes_v6: Vec<String>,
    /// Customer ASN (optional; when the prefixes are registered to another ASN).
    pub customer_asn: String,
    /// Routing registry name (ARIN, RIPENCC, …).
    pub routing_registry: String,
    /// Name of the route filter (in `Design::route_filters`) attached to this peering.
    pub route_filter: String,
}

/// The JSON shape of [`MicrosoftPeering`]: all fields at one level.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct MicrosoftPeeringWire {
    #[serde(deserialize_with = "text")]
    peer_asn: String,
    address_family: AddressFamily,
    subnet_mode: SubnetMode,
    primary_subnet: String,
    secondary_subnet: String,
    subnet29: String,
    primary_subnet_v6: String,
    secondary_subnet_v6: String,
    #[serde(deserialize_with = "text")]
    vlan_id: String,
    shared_key: String,
    enabled: bool,
    #[serde(deserialize_with = "text_list")]
    advertised_prefixes: Vec<String>,
    #[serde(deserialize_with = "text_list")]
    advertised_prefixes_v6: Vec<String>,
    #[serde(deserialize_with = "text")]
    customer_asn: String,
    routing_registry: String,
    route_filter: String,
}

impl Default for MicrosoftPeeringWire {
    fn default() -> Self {
        MicrosoftPeering::default().into()
    }
}

impl From<MicrosoftPeeringWire> for MicrosoftPeering {
    fn from(w: MicrosoftPeeringWire) -> Self {
        MicrosoftPeering {
            peering: Peering {
                peer_asn: w.peer_asn,
                address_family: w.address_family,
                subnet_mode: w.subnet_mode,
                primary_subnet: w.primary_subnet,
                secondary_subnet: w.secondary_subnet,
                subnet29: w.subnet29,
                primary_subnet_v6: w.primary_subnet_v6,
                secondary_subnet_v6: w.secondary_subnet_v6,
                vlan_id: w.vlan_id,
                shared_key: w.shared_key,
                enabled: w.enabled,
            },
            advertised_prefixes: w.advertised_prefixes,
            advertised_prefixes_v6: w.advertised_prefixes_v6,
            customer_asn: w.customer_asn,
            routing_registry: w.routing_registry,
            route_filter: w.route_filter,
        }
    }
}

impl From<MicrosoftPeering> for MicrosoftPeeringWire {
    fn from(m: MicrosoftPeering) -> Self {
        let p = m.peering;
        MicrosoftPeeringWire {
            peer_asn: p.peer_asn,
            address_family: p.address_family,
            subnet_mode: p.subnet_mode,
            primary_subnet: p.primary_subnet,
            secondary_subnet: p.secondary_subnet,
            subnet29: p.subnet29,
            primary_subnet_v6: p.primary_subnet_v6,
            secondary_subnet_v6: p.secondary_subnet_v6,
            vlan_id: p.vlan_id,
            shared_key: p.shared_key,
            enabled: p.enabled,
            advertised_prefixes: m.advertised_prefixes,
            advertised_prefixes_v6: m.advertised_prefixes_v6,
            customer_asn: m.customer_asn,
            routing_registry: m.routing_registry,
            route_filter: m.route_filter,
        }
    }
}

/// A route filter selecting the Microsoft services (BGP communities) offered on Microsoft peering.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct RouteFilter {
    /// Route filter name.
    pub name: String,
    /// Azure region of the route filter resource.
    pub region: String,
    /// Name of its single rule.
    pub rule_name: String,
    /// BGP communities allowed, e.g. `12076:5010`.
    #[serde(deserialize_with = "text_list")]
    pub communities: Vec<String>,
}

/// Size of an ExpressRoute Direct port pair.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct DirectPort {
    /// Port resource name.
    pub name: String,
    /// Azure region of the port resource.
    pub region: String,
    /// Peering location of the port pair.
    pub peering_location: String,
    /// Port bandwidth in Gbps (10 or 100), as typed.
    #[serde(deserialize_with = "text")]
    pub bandwidth_gbps: String,
    /// Encapsulation.
    pub encapsulation: Encapsulation,
}

impl Default for DirectPort {
    fn default() -> Self {
        DirectPort {
            name: String::new(),
            region: String::new(),
            peering_location: String::new(),
            bandwidth_gbps: "10".into(),
            encapsulation: Encapsulation::Dot1Q,
        }
    }
}

/// ExpressRoute Direct encapsulation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Encapsulation {
    /// 802.1Q: a VLAN must be unique across the whole port pair.
    #[default]
    Dot1Q,
    /// 802.1ad: Azure assigns the S-Tag per circuit; C-Tags unique per circuit.
    QinQ,
}

/// A virtual network.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct VirtualNetwork {
    /// VNet name.
    pub name: String,
    /// Azure region.
    pub region: String,
    /// Address spaces (IPv4 and IPv6 CIDR).
    #[serde(deserialize_with = "text_list")]
    pub address_spaces: Vec<String>,
    /// Subnets, including `GatewaySubnet`.
    pub subnets: Vec<Subnet>,
}

/// A subnet of a virtual network.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Subnet {
    /// Subnet name (`GatewaySubnet` for the gateway's subnet).
    pub name: String,
    /// IPv4 prefix.
    pub address_prefix: String,
    /// IPv6 prefix (dual stack), optional.
    pub address_prefix_v6: String,
    /// A network security group is associated.
    pub nsg: bool,
    /// A route table with a 0.0.0.0/0 route is associated.
    pub default_route_udr: bool,
    /// BGP route propagation is disabled on the associated route table.
    pub bgp_propagation_disabled: bool,
    /// A service endpoint policy is associated.
    pub service_endpoint_policy: bool,
}

/// ExpressRoute virtual network gateway SKU.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum GatewaySku {
    /// Standard (non-zone).
    Standard,
    /// High performance (non-zone).
    HighPerformance,
    /// Ultra performance (non-zone).
    UltraPerformance,
    /// ErGw1AZ (zone-redundant).
    #[default]
    ErGw1AZ,
    /// ErGw2AZ (zone-redundant).
    ErGw2AZ,
    /// ErGw3AZ (zone-redundant).
    ErGw3AZ,
    /// Scalable gateway, 1–40 scale units.
    ErGwScale,
    /// VPN-only SKU, invalid for ExpressRoute (kept so imports can be flagged).
    Basic,
}

/// SKU of a public IP address.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum PublicIpSku {
    /// Basic (retired for ExpressRoute gateways).
    Basic,
    /// Standard.
    #[default]
    Standard,
}

/// Allocation method of a public IP address.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Allocation {
    /// Dynamic.
    Dynamic,
    /// Static.
    #[default]
    Static,
}

/// A public IP for the gateway (optional: Azure now assigns one itself).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct PublicIp {
    /// Public IP resource name.
    pub name: String,
    /// SKU.
    pub sku: PublicIpSku,
    /// Allocation method.
    pub allocation: Allocation,
    /// The public IP already exists (read from Azure, or referred to by ID outside a
    /// template): the design does not create it.
    #[serde(skip_serializing_if = "is_false")]
    pub existing: bool,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// An ExpressRoute virtual network gateway.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Gateway {
    /// Gateway name.
    pub name: String,
    /// Azure region (must be the VNet's).
    pub region: String,
    /// Name of the virtual network it is deployed into.
    pub virtual_network: String,
    /// SKU.
    pub sku: GatewaySku,
    /// Minimum scale units (ErGwScale only), as typed.
    #[serde(deserialize_with = "text")]
    pub min_scale_units: String,
    /// Maximum scale units (ErGwScale only), as typed.
    #[serde(deserialize_with = "text")]
    pub max_scale_units: String,
    /// Public IP, when one is specified.
    pub public_ip: Option<PublicIp>,
    /// A VPN gateway coexists in the same VNet.
    pub coexist_with_vpn: bool,
    /// Allow traffic from remote VNets.
    pub allow_remote_vnet_traffic: bool,
}

impl Default for Gateway {
    fn default() -> Self {
        Gateway {
            name: String::new(),
            region: String::new(),
            virtual_network: String::new(),
            sku: GatewaySku::ErGw1AZ,
            min_scale_units: String::new(),
            max_scale_units: String::new(),
            public_ip: None,
            coexist_with_vpn: false,
            allow_remote_vnet_traffic: false,
        }
    }
}

/// A connection linking a gateway (and so its VNet) to a circuit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Connection {
    /// Connection name.
    pub name: String,
    /// Azure region (must be the gateway's).
    pub region: String,
    /// Name of the gateway.
    pub gateway: String,
    /// Name of the circuit.
    pub circuit: String,
    /// The circuit is in another subscription (an authorization key is needed).
    pub cross_subscription: bool,
    /// Authorization key (GUID) redeemed from the circuit owner.
    pub authorization_key: String,
    /// Routing weight 0–32000, as typed.
    #[serde(deserialize_with = "text")]
    pub routing_weight: String,
    /// FastPath (gateway bypass).
    pub fast_path: bool,
    /// FastPath for Private Link.
    pub private_link_fast_path: bool,
}

impl Default for Connection {
    fn default() -> Self {
        Connection {
            name: String::new(),
            region: String::new(),
            gateway: String::new(),
            circuit: String::new(),
            cross_subscription: false,
            authorization_key: String::new(),
            routing_weight: "0".into(),
            fast_path: false,
            private_link_fast_path: false,
        }
    }
}

/// A Global Reach link between the private peerings of two circuits.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct GlobalReach {
    /// Connection name.
    pub name: String,
    /// First circuit's name.
    pub circuit: String,
    /// Peer circuit's name.
    pub peer_circuit: String,
    /// IPv4 /29 for the tunnel addresses.
    pub address_prefix: String,
    /// IPv6 /125, optional.
    pub address_prefix_v6: String,
    /// The peer circuit is in another subscription.
    pub cross_subscription: bool,
    /// Authorization key (GUID) for a peer circuit in another subscription.
    pub authorization_key: String,
}

/// Accepts a JSON string, number, boolean or null for a text field (hand-written files write
/// `"vlanId": 100`). A visitor, not an untagged enum: no buffering, and far less code in the wasm.
fn text<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    d.deserialize_any(TextVisitor)
}

struct TextVisitor;

impl<'de> Visitor<'de> for TextVisitor {
    type Value = String;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string or a number")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<String, E> {
        Ok(v)
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<String, E> {
        // Whole numbers print without a fraction. Other numbers (which the rules reject) are
        // rounded so that the text does not depend on the last bits of the parse (the JSON
        // reader may be one unit in the last place off on 16–17 digit numbers): to 6 decimals
        // while those are far above the last bits (below 1e6), else to 7 significant digits.
        if v.fract() == 0.0 && v.abs() < 1e15 {
            Ok((v as i64).to_string())
        } else if v.abs() < 1e6 {
            Ok(float_text::display((v * 1e6).round() / 1e6))
        } else {
            Ok(float_text::exp6(v))
        }
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<String, E> {
        Ok(if v { "true" } else { "false" }.to_string())
    }
    fn visit_unit<E: de::Error>(self) -> Result<String, E> {
        Ok(String::new())
    }
    fn visit_none<E: de::Error>(self) -> Result<String, E> {
        Ok(String::new())
    }
}

/// Accepts a list of strings (or numbers), one comma/space separated string, or null.
fn text_list<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    d.deserialize_any(ListVisitor)
}

struct ListVisitor;

/// One list element read as text (strings and numbers both accepted).
struct Item(String);

impl<'de> Deserialize<'de> for Item {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        text(d).map(Item)
    }
}

impl<'de> Visitor<'de> for ListVisitor {
    type Value = Vec<String>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of strings or one string")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<String>, A::Error> {
        let mut v = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(Item(s)) = seq.next_element()? {
            v.push(s);
        }
        Ok(v)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Vec<String>, E> {
        Ok(split_list(v))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Vec<String>, E> {
        Ok(Vec::new())
    }
    fn visit_none<E: de::Error>(self) -> Result<Vec<String>, E> {
        Ok(Vec::new())
    }
}

/// A text field of a design, for [`visit_texts`].
pub enum TextMut<'a> {
    /// One text field.
    One(&'a mut String),
    /// A list of texts (address spaces, prefixes, communities).
    List(&'a mut Vec<String>),
}

/// Calls `f` with the path (as in findings, `circuits[0].region`) and the value of every text
/// and text-list field of `d` (names, regions, references, prefixes, numbers as typed; not the
/// closed choices). Used to find the values a template leaves to deployment.
pub fn visit_texts(d: &mut Design, f: &mut dyn FnMut(&str, TextMut<'_>)) {
    use super::field::lens::{text_fields, PlaceMut};
    for p in text_fields(d) {
        let path = p.text();
        match p.place_mut(d) {
            Some(PlaceMut::Text(s)) => f(&path, TextMut::One(s)),
            Some(PlaceMut::List(l)) => f(&path, TextMut::List(l)),
            _ => {}
        }
    }
}

/// Renames the first circuit and every reference to it (connections, Global Reach), so links
/// made before the circuit had its final name follow it.
pub fn rename_circuit0(d: &mut Design, name: String) {
    rename_circuit(d, 0, name);
}

/// Renames circuit `i` and every reference to it (connections, Global Reach). References stay
/// when another circuit has the same old name (they are ambiguous). A design without circuits
/// gets its first one; any other missing index changes nothing.
pub fn rename_circuit(d: &mut Design, i: usize, name: String) {
    if d.circuits.is_empty() {
        d.circuits.push(Circuit::default());
    }
    let Some(c) = d.circuits.get_mut(i) else {
        return;
    };
    let old = std::mem::replace(&mut c.name, name.clone());
    let others_share_old = d
        .circuits
        .iter()
        .enumerate()
        .any(|(k, c)| k != i && c.name == old);
    if others_share_old {
        return;
    }
    for cn in d.connections.iter_mut().filter(|cn| cn.circuit == old) {
        cn.circuit = name.clone();
    }
    for gr in &mut d.global_reach {
        if gr.circuit == old {
            gr.circuit = name.clone();
        }
        if gr.peer_circuit == old {
            gr.peer_circuit = name.clone();
        }
    }
}

/// Splits pasted text (commas, semicolons, whitespace, new lines) into non-empty items.
pub fn split_list(text: &str) -> Vec<String> {
    text.split(|c: char| c == ',' || c == ';' || c.is_whitespace())
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elements_count_every_list_of_elements() {
        let mut d = Design {
            circuits: Vec::new(),
            ..Design::default()
        };
        assert_eq!(d.elements(), 0);
        d.circuits.push(Circuit::default());
        d.direct_ports.push(DirectPort::default());
        d.route_filters.push(RouteFilter::default());
        d.virtual_networks.push(VirtualNetwork::default());
        d.gateways.push(Gateway::default());
        d.connections.push(Connection::default());
        d.global_reach.push(GlobalReach::default());
        d.on_prem_routes.push("10.0.0.0/8".into());
        assert_eq!(d.elements(), 7, "a route is not an element");
    }

    #[test]
    fn secrets_are_removed_and_nothing_else() {
        let mut d = Design::default();
        d.circuits[0].name = "er".into();
        d.circuits[0].direct_authorization_key = "k0".into();
        d.circuits[0].private_peering = Some(Peering {
            shared_key: "k1".into(),
            vlan_id: "100".into(),
            ..Peering::default()
        });
        let mut m = MicrosoftPeering::default();
        m.peering.shared_key = "k2".into();
        d.circuits[0].microsoft_peering = Some(m);
        d.connections.push(Connection {
            authorization_key: "k3".into(),
            ..Connection::default()
        });
        d.global_reach.push(GlobalReach {
            authorization_key: "k4".into(),
            ..GlobalReach::default()
        });
        assert!(d.has_secrets());
        let clean = d.without_secrets();
        assert!(!clean.has_secrets());
        let text = serde_json::to_string(&clean).unwrap();
        for k in ["k0", "k1", "k2", "k3", "k4"] {
            assert!(!text.contains(&format!("\"{k}\"")), "{k} leaked");
        }
        assert_eq!(
            clean.circuits[0].private_peering.as_ref().unwrap().vlan_id,
            "100"
        );
        assert_eq!(clean.circuits[0].name, "er");
    }

    #[test]
    fn renaming_the_circuit_moves_its_references() {
        let mut d = Design::default();
        d.connections.push(Connection::default());
        d.global_reach.push(GlobalReach {
            peer_circuit: String::new(),
            circuit: "other".into(),
            ..GlobalReach::default()
        });
        rename_circuit0(&mut d, "er-1".into());
        assert_eq!(d.connections[0].circuit, "er-1");
        assert_eq!(
            (
                d.global_reach[0].circuit.as_str(),
                d.global_reach[0].peer_circuit.as_str()
            ),
            ("other", "er-1")
        );
        rename_circuit0(&mut d, "er-2".into());
        assert_eq!(d.connections[0].circuit, "er-2");
        let mut empty = Design {
            circuits: vec![],
            ..Design::default()
        };
        rename_circuit0(&mut empty, "x".into());
        assert_eq!(empty.circuits[0].name, "x");
    }

    #[test]
    fn renaming_circuit_i_moves_only_its_references() {
        let mut d = Design::default();
        d.circuits[0].name = "er-a".into();
        d.circuits.push(Circuit {
            name: "er-b".into(),
            ..Circuit::default()
        });
        for c in ["er-a", "er-b"] {
            d.connections.push(Connection {
                circuit: c.into(),
                ..Connection::default()
            });
        }
        d.global_reach.push(GlobalReach {
            circuit: "er-a".into(),
            peer_circuit: "er-b".into(),
            ..GlobalReach::default()
        });
        rename_circuit(&mut d, 1, "er-c".into());
        assert_eq!(d.circuits[1].name, "er-c");
        assert_eq!(d.circuits[0].name, "er-a");
        assert_eq!(
            (
                d.connections[0].circuit.as_str(),
                d.connections[1].circuit.as_str()
            ),
            ("er-a", "er-c")
        );
        assert_eq!(d.global_reach[0].peer_circuit, "er-c");
        assert_eq!(d.global_reach[0].circuit, "er-a");
        // Renaming to the other circuit's name, then away again: the references stay put
        // while two circuits share a name.
        rename_circuit(&mut d, 1, "er-a".into());
        rename_circuit(&mut d, 1, "er-d".into());
        assert_eq!(d.connections[0].circuit, "er-a");
        assert_eq!(d.connections[1].circuit, "er-a");
        // A missing index changes nothing.
        let before = d.clone();
        rename_circuit(&mut d, 7, "x".into());
        assert_eq!(d, before);
    }

    #[test]
    fn numbers_and_strings_both_read_as_text() {
        let c: Circuit =
            serde_json::from_str(r#"{"name":"a","bandwidthMbps":1000,"bandwidthGbps":null}"#)
                .unwrap();
        assert_eq!(c.bandwidth_mbps, "1000");
        assert_eq!(c.bandwidth_gbps, "");
        let p: Peering = serde_json::from_str(r#"{"vlanId":"100","peerAsn":65001}"#).unwrap();
        assert_eq!((p.vlan_id.as_str(), p.peer_asn.as_str()), ("100", "65001"));
    }

    #[test]
    fn fractional_numbers_read_the_same_from_text_and_from_values() {
        // (JSON number, text): 6 decimals below 1e6, 7 significant digits above; the same
        // whether the number comes from JSON text or from an already parsed value (the JSON
        // reader can be a unit in the last place off on 16–17 digit numbers).
        for (json, want) in [
            ("1000.5", "1000.5"),
            ("999999.25", "999999.25"),
            ("0.1234567", "0.123457"),
            ("1234567.5", "1.234568e6"),
            ("-139970406620403.39", "-1.399704e14"),
            ("12345678901234567.0", "1.234568e16"),
        ] {
            let text = format!(r#"{{"vlanId":{json}}}"#);
            let from_text: Peering = serde_json::from_str(&text).unwrap();
            let value: serde_json::Value = serde_json::from_str(&text).unwrap();
            let from_value: Peering = serde_json::from_value(value).unwrap();
            assert_eq!(from_text.vlan_id, want, "{json}");
            assert_eq!(from_value.vlan_id, want, "{json}");
        }
    }

    #[test]
    fn lists_accept_pasted_text() {
        let v: VirtualNetwork =
            serde_json::from_str(r#"{"addressSpaces":"10.0.0.0/16, 10.1.0.0/16\n10.2.0.0/16"}"#)
                .unwrap();
        assert_eq!(
            v.address_spaces,
            ["10.0.0.0/16", "10.1.0.0/16", "10.2.0.0/16"]
        );
    }

    #[test]
    fn default_design_round_trips() {
        let d = Design::default();
        let s = serde_json::to_string(&d).unwrap();
        let back: Design = serde_json::from_str(&s).unwrap();
        assert_eq!(d, back);
        assert_eq!(back.version, SCHEMA_VERSION);
    }

    #[test]
    fn microsoft_peering_round_trips_flat() {
        let mut m = MicrosoftPeering::default();
        m.peering.vlan_id = "300".into();
        m.advertised_prefixes = vec!["193.0.10.0/24".into()];
        let v = serde_json::to_value(&m).unwrap();
        assert_eq!(v["vlanId"], "300");
        assert_eq!(v["advertisedPrefixes"][0], "193.0.10.0/24");
        assert!(v.get("peering").is_none());
        assert_eq!(serde_json::from_value::<MicrosoftPeering>(v).unwrap(), m);
    }

    #[test]
    fn odd_json_values_read_as_text() {
        let p: Peering =
            serde_json::from_str(r#"{"vlanId":100.0,"peerAsn":-5,"sharedKey":"k"}"#).unwrap();
        assert_eq!((p.vlan_id.as_str(), p.peer_asn.as_str()), ("100", "-5"));
        let p: Peering = serde_json::from_str(r#"{"vlanId":1.5,"peerAsn":true}"#).unwrap();
        assert_eq!((p.vlan_id.as_str(), p.peer_asn.as_str()), ("1.5", "true"));
        let d: Design = serde_json::from_str(r#"{"onPremRoutes":["10.0.0.0/8",null,5]}"#)
            .map(|d: Design| d)
            .unwrap_or_default();
        assert!(d.on_prem_routes.len() <= 3);
    }

    #[test]
    fn microsoft_peering_flattens_common_fields() {
        let m: MicrosoftPeering = serde_json::from_str(
            r#"{"peerAsn":"64500","vlanId":200,"advertisedPrefixes":["203.0.113.0/24"]}"#,
        )
        .unwrap();
        assert_eq!(m.peering.peer_asn, "64500");
        assert_eq!(m.peering.vlan_id, "200");
        assert_eq!(m.advertised_prefixes.len(), 1);
    }
}
