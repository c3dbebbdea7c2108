//! §7 route and scale limits and §8.3 gateway performance, as data the rules and the UI share.
//!
//! Every table here is plain data with the source it comes from, so the UI can show it as is and
//! the rules read the same numbers. Where the sources disagree the rule catalogue's decision (§13)
//! is followed and noted on the item (U10: the 11/2025 ErGwScale values).

use crate::domain::model::{GatewaySku, SkuTier};

/// One row of the route-limit table (DOC-LIMITS "Route advertisement limits").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RouteLimit {
    /// What is limited, as the UI shows it.
    pub what: &'static str,
    /// Limit on a Local or Standard circuit.
    pub local_standard: u32,
    /// Limit on a Premium circuit.
    pub premium: u32,
}

/// Route advertisement limits per BGP session (DOC-LIMITS; the same table is in the 2025 FAQ).
/// Exceeding the on-premises limits drops the BGP session.
pub static ROUTE_LIMITS: &[RouteLimit] = &[
    RouteLimit {
        what: "IPv4 routes advertised from on-premises to Azure private peering",
        local_standard: 4_000,
        premium: 10_000,
    },
    RouteLimit {
        what: "IPv6 routes advertised from on-premises to Azure private peering",
        local_standard: 100,
        premium: 100,
    },
    RouteLimit {
        what: "IPv4 routes advertised from the VNet address space to the gateway",
        local_standard: 1_000,
        premium: 1_000,
    },
    RouteLimit {
        what: "IPv6 routes advertised from the VNet address space to the gateway",
        local_standard: 100,
        premium: 100,
    },
    RouteLimit {
        what: "IPv4 routes advertised to Microsoft peering from on-premises",
        local_standard: 200,
        premium: 200,
    },
    RouteLimit {
        what: "IPv6 routes advertised to Microsoft peering from on-premises",
        local_standard: 200,
        premium: 200,
    },
];

fn by_tier(row: usize, tier: SkuTier) -> u32 {
    ROUTE_LIMITS.get(row).map_or(0, |r| match tier {
        SkuTier::Premium => r.premium,
        SkuTier::Local | SkuTier::Standard | SkuTier::Basic => r.local_standard,
    })
}

/// On-premises IPv4 prefixes a circuit of this tier accepts over private peering (4,000 / 10,000).
/// The legacy Basic tier is treated as Standard.
pub fn on_prem_v4_limit(tier: SkuTier) -> u32 {
    by_tier(0, tier)
}

/// On-premises IPv6 prefixes a circuit accepts over private peering (100 on every tier).
pub fn on_prem_v6_limit(tier: SkuTier) -> u32 {
    by_tier(1, tier)
}

/// IPv4 routes a gateway may advertise from its VNet address space (1,000).
pub const VNET_ROUTES_V4: u32 = 1_000;

/// IPv6 routes a gateway may advertise from its VNet address space (100).
pub const VNET_ROUTES_V6: u32 = 100;

/// Address spaces (local and peered) a VNet may advertise when a connection is *created*; it may
/// grow to [`VNET_ROUTES_V4`] afterwards (DOC-LINK-PORTAL, rule CN12).
pub const CONNECTION_CREATE_MAX_ADDRESS_SPACES: u32 = 200;

/// Prefixes accepted per Microsoft peering BGP session (IPv4 and IPv6 each).
pub const MICROSOFT_PEERING_ROUTES: u32 = 200;

/// One row of the VNet-links-per-circuit table (DOC-LIMITS).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LinkLimit {
    /// Circuit bandwidth in Mbps.
    pub mbps: u32,
    /// VNet links on a Local or Standard circuit.
    pub local_standard: u32,
    /// VNet links on a Premium circuit.
    pub premium: u32,
}

/// VNet links allowed per circuit by bandwidth (DOC-LIMITS). Global Reach connections count against
/// the same limit: a 10 Gbps Premium circuit allows e.g. 95 VNet links and 5 Global Reach links.
/// 40 and 100 Gbps are ExpressRoute Direct only.
pub static VNET_LINKS_PER_CIRCUIT: &[LinkLimit] = &[
    LinkLimit {
        mbps: 50,
        local_standard: 10,
        premium: 20,
    },
    LinkLimit {
        mbps: 100,
        local_standard: 10,
        premium: 25,
    },
    LinkLimit {
        mbps: 200,
        local_standard: 10,
        premium: 25,
    },
    LinkLimit {
        mbps: 500,
        local_standard: 10,
        premium: 40,
    },
    LinkLimit {
        mbps: 1_000,
        local_standard: 10,
        premium: 50,
    },
    LinkLimit {
        mbps: 2_000,
        local_standard: 10,
        premium: 60,
    },
    LinkLimit {
        mbps: 5_000,
        local_standard: 10,
        premium: 75,
    },
    LinkLimit {
        mbps: 10_000,
        local_standard: 10,
        premium: 100,
    },
    LinkLimit {
        mbps: 40_000,
        local_standard: 10,
        premium: 100,
    },
    LinkLimit {
        mbps: 100_000,
        local_standard: 10,
        premium: 100,
    },
];

/// VNet links (connections plus Global Reach connections) allowed on a circuit of this tier and
/// bandwidth. Local/Standard (and legacy Basic): always 10. Premium: the row for the bandwidth, or
/// the largest row below it for an unlisted size; `None` when the Premium bandwidth is unknown or
/// below 50 Mbps.
pub fn vnet_links_per_circuit(tier: SkuTier, mbps: Option<u64>) -> Option<u32> {
    match tier {
        SkuTier::Local | SkuTier::Standard | SkuTier::Basic => {
            VNET_LINKS_PER_CIRCUIT.first().map(|r| r.local_standard)
        }
        SkuTier::Premium => {
            let mbps = mbps?;
            VNET_LINKS_PER_CIRCUIT
                .iter()
                .rev()
                .find(|r| u64::from(r.mbps) <= mbps)
                .map(|r| r.premium)
        }
    }
}

/// Circuits from the *same* peering location that may link to one VNet, whatever the gateway SKU.
pub const MAX_CIRCUITS_SAME_LOCATION: u32 = 4;

/// Circuits whose routes are used together (ECMP) when their connections have equal weights.
pub const ECMP_MAX_CIRCUITS: u32 = 4;

/// VNets that may peer with a VNet holding an ExpressRoute gateway (gateway transit).
pub const MAX_PEERED_VNETS_WITH_GATEWAY: u32 = 500;

/// Largest TCP/UDP packet through an ExpressRoute gateway, in bytes (larger ones are fragmented).
pub const MTU_BYTES: u32 = 1_400;

/// Fewest ErGwScale scale units.
pub const ERGWSCALE_MIN_UNITS: u32 = 1;

/// Most ErGwScale scale units.
pub const ERGWSCALE_MAX_UNITS: u32 = 40;

/// ErGwScale scale units needed for FastPath.
pub const ERGWSCALE_FASTPATH_UNITS: u32 = 10;

/// Circuits (from different peering locations) that may link to one VNet through a gateway of this
/// SKU (DOC-LIMITS, DOC-GW 08/2024): 4 / 8 / 16, and for ErGwScale 4 from 1 scale unit, 8 from 2,
/// 16 from 10. `scale_units` is the ErGwScale minimum (ignored for other SKUs); `None` for Basic
/// (not an ExpressRoute SKU) and for ErGwScale without a readable unit count.
pub fn max_circuits_per_vnet(sku: GatewaySku, scale_units: Option<u32>) -> Option<u32> {
    match sku {
        GatewaySku::Standard | GatewaySku::ErGw1AZ => Some(4),
        GatewaySku::HighPerformance | GatewaySku::ErGw2AZ => Some(8),
        GatewaySku::UltraPerformance | GatewaySku::ErGw3AZ => Some(16),
        GatewaySku::ErGwScale => match scale_units? {
            0 => None,
            1 => Some(4),
            2..=9 => Some(8),
            _ => Some(16),
        },
        GatewaySku::Basic => None,
    }
}

/// True when connections through a gateway of this SKU may use FastPath: UltraPerformance, ErGw3AZ,
/// or ErGwScale with at least 10 (minimum) scale units.
pub fn fast_path_supported(sku: GatewaySku, scale_units: Option<u32>) -> bool {
    match sku {
        GatewaySku::UltraPerformance | GatewaySku::ErGw3AZ => true,
        GatewaySku::ErGwScale => scale_units.is_some_and(|u| u >= ERGWSCALE_FASTPATH_UNITS),
        _ => false,
    }
}

/// True for the zone-redundant SKUs (ErGw1AZ, ErGw2AZ, ErGw3AZ, ErGwScale).
pub fn is_az_sku(sku: GatewaySku) -> bool {
    matches!(
        sku,
        GatewaySku::ErGw1AZ | GatewaySku::ErGw2AZ | GatewaySku::ErGw3AZ | GatewaySku::ErGwScale
    )
}

/// The zone-redundant SKU with the same capacity as a non-zone SKU (Standard → ErGw1AZ, …).
pub fn az_equivalent(sku: GatewaySku) -> GatewaySku {
    match sku {
        GatewaySku::Standard => GatewaySku::ErGw1AZ,
        GatewaySku::HighPerformance => GatewaySku::ErGw2AZ,
        GatewaySku::UltraPerformance => GatewaySku::ErGw3AZ,
        other => other,
    }
}

/// The SKU name as the API spells it.
pub fn sku_name(sku: GatewaySku) -> &'static str {
    super::wire::Wire::wire(sku)
}

/// Regions where ErGwScale is *not* offered (DOC-SCALE 11/06/2025, display names; U10).
pub static ERGWSCALE_UNAVAILABLE_REGIONS: &[&str] = &[
    "Belgium Central",
    "Japan East",
    "Qatar Central",
    "Southeast Asia",
    "West Europe",
    "West India",
    "West US 2",
    "South Central US",
    "East US 2",
];

/// Performance and limits of one fixed-size gateway SKU pair (non-zone / zone-redundant).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GatewayPerformance {
    /// The SKUs this row describes, e.g. `[Standard, ErGw1AZ]`.
    pub skus: &'static [GatewaySku],
    /// Throughput in megabits per second.
    pub mbps: u64,
    /// Packets per second.
    pub pps: u64,
    /// Virtual machines supported in the VNet (estimate; depends on gateway CPU).
    pub vms: u64,
    /// Flow count limit.
    pub flows: u64,
    /// Routes the gateway can learn.
    pub routes_learned: u64,
    /// Circuits (from different peering locations) linked to the VNet.
    pub max_circuits: u32,
    /// FastPath is supported.
    pub fast_path: bool,
}

/// Gateway performance by fixed SKU (includes/expressroute-gateway-performance-include.md 07/2024).
pub static GATEWAY_PERFORMANCE: &[GatewayPerformance] = &[
    GatewayPerformance {
        skus: &[GatewaySku::Standard, GatewaySku::ErGw1AZ],
        mbps: 1_000,
        pps: 100_000,
        vms: 2_000,
        flows: 200_000,
        routes_learned: 4_000,
        max_circuits: 4,
        fast_path: false,
    },
    GatewayPerformance {
        skus: &[GatewaySku::HighPerformance, GatewaySku::ErGw2AZ],
        mbps: 2_000,
        pps: 200_000,
        vms: 4_500,
        flows: 400_000,
        routes_learned: 9_500,
        max_circuits: 8,
        fast_path: false,
    },
    GatewayPerformance {
        skus: &[GatewaySku::UltraPerformance, GatewaySku::ErGw3AZ],
        mbps: 10_000,
        pps: 1_000_000,
        vms: 11_000,
        flows: 1_000_000,
        routes_learned: 9_500,
        max_circuits: 16,
        fast_path: true,
    },
];

/// Per-unit capacity of ErGwScale for a band of scale units (DOC-SCALE 11/06/2025).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScaleUnitBand {
    /// First scale unit of the band.
    pub first_unit: u32,
    /// Last scale unit of the band.
    pub last_unit: u32,
    /// Megabits per second per unit.
    pub mbps: u64,
    /// Packets per second per unit.
    pub pps: u64,
    /// Connections per second per unit.
    pub connections_per_second: u64,
    /// Virtual machines per unit.
    pub vms: u64,
    /// Flows per unit.
    pub flows: u64,
}

/// ErGwScale capacity per scale unit: units 1–10 and units 11–40 (DOC-SCALE 11/06/2025, U10).
pub static ERGWSCALE_PER_UNIT: &[ScaleUnitBand] = &[
    ScaleUnitBand {
        first_unit: 1,
        last_unit: 10,
        mbps: 1_000,
        pps: 100_000,
        connections_per_second: 7_000,
        vms: 2_000,
        flows: 100_000,
    },
    ScaleUnitBand {
        first_unit: 11,
        last_unit: 40,
        mbps: 1_000,
        pps: 200_000,
        connections_per_second: 7_000,
        vms: 1_000,
        flows: 100_000,
    },
];

/// Routes an ErGwScale gateway can learn in total (2025 FAQ; the 07/2024 include said 60,000: U10).
pub const ERGWSCALE_ROUTES_LEARNED: u64 = 9_500;

/// Sample ErGwScale sizes exactly as DOC-SCALE (11/06/2025) publishes them:
/// (scale units, Gbps, packets per second, connections per second, VMs, flows). Note that the
/// document's packet rates (2,000,000 at 20 units, 8,000,000 at 40) do not follow its own per-unit
/// table; [`ergwscale_performance`] sums the per-unit bands instead.
pub static ERGWSCALE_SAMPLES: &[(u32, u64, u64, u64, u64, u64)] = &[
    (10, 10, 1_000_000, 70_000, 20_000, 1_000_000),
    (20, 20, 2_000_000, 140_000, 30_000, 2_000_000),
    (40, 40, 8_000_000, 280_000, 50_000, 4_000_000),
];

/// Capacity of a whole gateway, as computed by [`gateway_performance`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Capacity {
    /// Megabits per second.
    pub mbps: u64,
    /// Packets per second.
    pub pps: u64,
    /// Virtual machines in the VNet.
    pub vms: u64,
    /// Flows.
    pub flows: u64,
    /// Routes learned.
    pub routes_learned: u64,
    /// Circuits linked to the VNet.
    pub max_circuits: u32,
    /// FastPath supported.
    pub fast_path: bool,
}

/// ErGwScale capacity for `units` scale units (1–40): each unit adds its band's per-unit values
/// (units 1–10 from the first band, 11–40 from the second), as the DOC-SCALE footnote describes for
/// VMs. `None` outside 1–40.
pub fn ergwscale_performance(units: u32) -> Option<Capacity> {
    if !(ERGWSCALE_MIN_UNITS..=ERGWSCALE_MAX_UNITS).contains(&units) {
        return None;
    }
    let mut c = Capacity {
        mbps: 0,
        pps: 0,
        vms: 0,
        flows: 0,
        routes_learned: ERGWSCALE_ROUTES_LEARNED,
        max_circuits: max_circuits_per_vnet(GatewaySku::ErGwScale, Some(units)).unwrap_or(0),
        fast_path: fast_path_supported(GatewaySku::ErGwScale, Some(units)),
    };
    for b in ERGWSCALE_PER_UNIT {
        let n = u64::from(
            units
                .min(b.last_unit)
                .saturating_sub(b.first_unit.saturating_sub(1)),
        );
        c.mbps += n * b.mbps;
        c.pps += n * b.pps;
        c.vms += n * b.vms;
        c.flows += n * b.flows;
    }
    Some(c)
}

/// Capacity of a gateway: the fixed SKU's row, or ErGwScale at `scale_units`. `None` for Basic and
/// for ErGwScale without a valid unit count.
pub fn gateway_performance(sku: GatewaySku, scale_units: Option<u32>) -> Option<Capacity> {
    if sku == GatewaySku::ErGwScale {
        return ergwscale_performance(scale_units?);
    }
    GATEWAY_PERFORMANCE
        .iter()
        .find(|r| r.skus.contains(&sku))
        .map(|r| Capacity {
            mbps: r.mbps,
            pps: r.pps,
            vms: r.vms,
            flows: r.flows,
            routes_learned: r.routes_learned,
            max_circuits: r.max_circuits,
            fast_path: r.fast_path,
        })
}

/// FastPath limit on IP addresses in the VNet (and peered VNets), by circuit kind (DOC-LIMITS).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FastPathIpLimit {
    /// Which circuits the row applies to.
    pub circuit: &'static str,
    /// Most IP addresses.
    pub ips: u32,
}

/// FastPath IP limits: provider circuit 25,000; Direct 10 Gbps 100,000; Direct 100 Gbps 200,000.
pub static FAST_PATH_IP_LIMITS: &[FastPathIpLimit] = &[
    FastPathIpLimit {
        circuit: "Provider circuit",
        ips: 25_000,
    },
    FastPathIpLimit {
        circuit: "ExpressRoute Direct 10 Gbps",
        ips: 100_000,
    },
    FastPathIpLimit {
        circuit: "ExpressRoute Direct 100 Gbps",
        ips: 200_000,
    },
];

/// FastPath IP limit for a provider circuit (`direct_port_gbps = None`) or a Direct circuit on a
/// port of the given size. Unknown Direct port sizes get the 10 Gbps value.
pub fn fast_path_ip_limit(direct_port_gbps: Option<u64>) -> u32 {
    let row = match direct_port_gbps {
        None => 0,
        Some(g) if g >= 100 => 2,
        Some(_) => 1,
    };
    FAST_PATH_IP_LIMITS.get(row).map_or(0, |r| r.ips)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn route_limits_by_tier() {
        assert_eq!(on_prem_v4_limit(SkuTier::Standard), 4_000);
        assert_eq!(on_prem_v4_limit(SkuTier::Local), 4_000);
        assert_eq!(on_prem_v4_limit(SkuTier::Basic), 4_000);
        assert_eq!(on_prem_v4_limit(SkuTier::Premium), 10_000);
        assert_eq!(on_prem_v6_limit(SkuTier::Premium), 100);
        assert_eq!(on_prem_v6_limit(SkuTier::Standard), 100);
    }

    #[test]
    fn links_per_circuit() {
        let cases: &[(SkuTier, Option<u64>, Option<u32>)] = &[
            (SkuTier::Standard, Some(50), Some(10)),
            (SkuTier::Standard, None, Some(10)),
            (SkuTier::Local, Some(10_000), Some(10)),
            (SkuTier::Premium, Some(50), Some(20)),
            (SkuTier::Premium, Some(100), Some(25)),
            (SkuTier::Premium, Some(200), Some(25)),
            (SkuTier::Premium, Some(500), Some(40)),
            (SkuTier::Premium, Some(1_000), Some(50)),
            (SkuTier::Premium, Some(2_000), Some(60)),
            (SkuTier::Premium, Some(5_000), Some(75)),
            (SkuTier::Premium, Some(10_000), Some(100)),
            (SkuTier::Premium, Some(40_000), Some(100)),
            (SkuTier::Premium, Some(100_000), Some(100)),
            (SkuTier::Premium, Some(1_500), Some(50)),
            (SkuTier::Premium, Some(49), None),
            (SkuTier::Premium, None, None),
        ];
        for (tier, mbps, want) in cases {
            assert_eq!(
                vnet_links_per_circuit(*tier, *mbps),
                *want,
                "{tier:?} {mbps:?}"
            );
        }
    }

    #[test]
    fn circuits_per_vnet_and_fast_path() {
        use GatewaySku::*;
        let cases: &[(GatewaySku, Option<u32>, Option<u32>, bool)] = &[
            (Standard, None, Some(4), false),
            (ErGw1AZ, None, Some(4), false),
            (HighPerformance, None, Some(8), false),
            (ErGw2AZ, None, Some(8), false),
            (UltraPerformance, None, Some(16), true),
            (ErGw3AZ, None, Some(16), true),
            (ErGwScale, Some(1), Some(4), false),
            (ErGwScale, Some(2), Some(8), false),
            (ErGwScale, Some(9), Some(8), false),
            (ErGwScale, Some(10), Some(16), true),
            (ErGwScale, Some(40), Some(16), true),
            (ErGwScale, None, None, false),
            (ErGwScale, Some(0), None, false),
            (Basic, None, None, false),
        ];
        for (sku, units, circuits, fp) in cases {
            assert_eq!(
                max_circuits_per_vnet(*sku, *units),
                *circuits,
                "{sku:?} {units:?}"
            );
            assert_eq!(fast_path_supported(*sku, *units), *fp, "{sku:?} {units:?}");
        }
    }

    #[test]
    fn ergwscale_capacity_sums_bands() {
        assert_eq!(ergwscale_performance(0), None);
        assert_eq!(ergwscale_performance(41), None);
        let one = ergwscale_performance(1).unwrap();
        assert_eq!(
            (one.mbps, one.pps, one.vms, one.flows),
            (1_000, 100_000, 2_000, 100_000)
        );
        let ten = ergwscale_performance(10).unwrap();
        assert_eq!((ten.mbps, ten.pps, ten.vms), (10_000, 1_000_000, 20_000));
        // The VM figures match the published samples (20 units 30,000; 40 units 50,000).
        let twenty = ergwscale_performance(20).unwrap();
        assert_eq!(twenty.vms, 30_000);
        let forty = ergwscale_performance(40).unwrap();
        assert_eq!(
            (forty.mbps, forty.vms, forty.flows),
            (40_000, 50_000, 4_000_000)
        );
        assert_eq!(forty.routes_learned, 9_500);
        assert!(forty.fast_path && forty.max_circuits == 16);
        for (units, gbps, _, _, vms, flows) in ERGWSCALE_SAMPLES {
            let c = ergwscale_performance(*units).unwrap();
            assert_eq!((c.mbps, c.vms, c.flows), (gbps * 1000, *vms, *flows));
        }
    }

    #[test]
    fn fixed_sku_performance() {
        let p = gateway_performance(GatewaySku::ErGw2AZ, None).unwrap();
        assert_eq!((p.mbps, p.max_circuits, p.fast_path), (2_000, 8, false));
        assert_eq!(
            gateway_performance(GatewaySku::Standard, None),
            gateway_performance(GatewaySku::ErGw1AZ, Some(30))
        );
        assert!(gateway_performance(GatewaySku::Basic, None).is_none());
        assert!(gateway_performance(GatewaySku::ErGwScale, None).is_none());
        assert_eq!(fast_path_ip_limit(None), 25_000);
        assert_eq!(fast_path_ip_limit(Some(10)), 100_000);
        assert_eq!(fast_path_ip_limit(Some(100)), 200_000);
        assert_eq!(
            az_equivalent(GatewaySku::HighPerformance),
            GatewaySku::ErGw2AZ
        );
        assert!(is_az_sku(GatewaySku::ErGwScale) && !is_az_sku(GatewaySku::UltraPerformance));
    }
}
