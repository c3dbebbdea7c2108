//! Circuit facts: the bandwidths a circuit can have, the SKU name ARM spells, and where and how
//! fast a circuit of a design is.

use crate::domain::model::{Circuit, Design, PortType, SkuFamily, SkuTier};
use crate::domain::net::parse_uint;

/// Provider circuit bandwidths in Mbps (C7).
pub const PROVIDER_BANDWIDTHS: &[u32] = &[50, 100, 200, 500, 1000, 2000, 5000, 10000];

/// Direct circuit sizes in Gbps for a port of the given size (C9).
pub fn direct_sizes(port_gbps: u32) -> &'static [u32] {
    match port_gbps {
        10 => &[1, 2, 5, 10],
        100 => &[5, 10, 40, 100],
        _ => &[],
    }
}

/// Human form of a bandwidth in Mbps: "500 Mbps", "1 Gbps".
pub fn bandwidth_label(mbps: u32) -> String {
    if mbps >= 1000 && mbps.is_multiple_of(1000) {
        format!("{} Gbps", mbps / 1000)
    } else {
        format!("{mbps} Mbps")
    }
}

/// `sku.name` as ARM spells it, e.g. `Standard_MeteredData` (C16: derived, never typed).
pub fn sku_name(tier: SkuTier, family: SkuFamily) -> String {
    format!("{tier:?}_{family:?}")
}

/// The peering location a circuit is at: its own for provider circuits, its port's for Direct.
pub fn circuit_location<'a>(d: &'a Design, c: &'a Circuit) -> &'a str {
    match c.port_type {
        PortType::Provider => c.peering_location.as_str(),
        PortType::Direct => d
            .direct_ports
            .iter()
            .find(|p| p.name.eq_ignore_ascii_case(&c.direct_port))
            .map_or("", |p| p.peering_location.as_str()),
    }
}

/// Bandwidth of a circuit in Mbps, when it can be read.
pub fn circuit_mbps(c: &Circuit) -> Option<u64> {
    match c.port_type {
        PortType::Provider => parse_uint(&c.bandwidth_mbps),
        PortType::Direct => parse_uint(&c.bandwidth_gbps).map(|g| g.saturating_mul(1000)),
    }
}
