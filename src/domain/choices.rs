//! What each choice of the wizard offers, as `(value, text)` options: regions, peering
//! locations, the providers at a location, bandwidths, port pairs and sizes, gateway SKUs,
//! route-filter communities, routing registries, the circuits and gateways to connect. The
//! steps only lay them out.

use super::advice::sku_row;
use super::catalog::bgp::{COMMUNITIES, ROUTING_REGISTRIES};
use super::catalog::circuit::{bandwidth_label, direct_sizes, PROVIDER_BANDWIDTHS};
use super::catalog::{self, PEERING_LOCATIONS, REGIONS};
use super::limits::sku_name;
use super::model::{Design, GatewaySku};

/// A choice's options, as (value, text).
pub type Options = Vec<(String, String)>;

/// The port pair option that creates a new pair.
pub const NEW_PORT: &str = "new";

/// The gateway SKUs offered for a new gateway, zone-redundant first (Basic, VPN only, is not).
pub const GATEWAY_SKUS: [GatewaySku; 7] = [
    GatewaySku::ErGw1AZ,
    GatewaySku::ErGw2AZ,
    GatewaySku::ErGw3AZ,
    GatewaySku::ErGwScale,
    GatewaySku::Standard,
    GatewaySku::HighPerformance,
    GatewaySku::UltraPerformance,
];

/// Every Azure region by its programmatic name, shown by display name; with `restricted`, a
/// region open only on request says so.
pub fn regions(restricted: bool) -> Options {
    REGIONS
        .iter()
        .map(|r| {
            let note = if restricted && r.access != "general" {
                " (restricted)"
            } else {
                ""
            };
            (r.name.to_string(), format!("{}{note}", r.display_name))
        })
        .collect()
}

/// A region as its option's value: the programmatic name of a known region (a display name
/// typed or imported selects it), else the text as it is.
pub fn region_value(text: &str) -> String {
    catalog::region(text).map_or_else(|| text.to_string(), |r| r.name.to_string())
}

/// Every peering location, with its geopolitical region and pricing zone.
pub fn peering_locations() -> Options {
    PEERING_LOCATIONS
        .iter()
        .map(|l| {
            (
                l.name.to_string(),
                format!("{} ({}, zone {})", l.name, l.geopolitical_region, l.zone),
            )
        })
        .collect()
}

/// The peering locations that offer ExpressRoute Direct.
pub fn direct_locations() -> Options {
    PEERING_LOCATIONS
        .iter()
        .filter(|l| l.er_direct)
        .map(|l| (l.name.to_string(), l.name.to_string()))
        .collect()
}

/// The providers at `location` (every provider when it is unknown), each shown by its display
/// name and holding the name ARM takes (U19); the `current` provider first when it is not
/// among them, saying why.
pub fn providers(location: &str, current: &str) -> Options {
    let mut list: Options = match catalog::peering_location(location) {
        Some(l) => l
            .providers_sorted()
            .map(|p| (p.name.to_string(), p.label()))
            .collect(),
        None => catalog::all_providers()
            .iter()
            .filter_map(|n| catalog::provider(n))
            .map(|p| (p.name.to_string(), p.label()))
            .collect(),
    };
    if !current.is_empty() && !list.iter().any(|(v, _)| v == current) {
        let label = match catalog::provider(current) {
            Some(p) if p.name != current => {
                format!("{current} (written as {} in Azure)", p.name)
            }
            _ => format!("{current} (not offered here)"),
        };
        list.insert(0, (current.to_string(), label));
    }
    list
}

/// A provider circuit's bandwidths.
pub fn provider_bandwidths() -> Options {
    PROVIDER_BANDWIDTHS
        .iter()
        .map(|b| (b.to_string(), bandwidth_label(*b)))
        .collect()
}

/// A Direct circuit's bandwidths on a port pair of `port_gbps` (10 when not a number).
pub fn direct_bandwidths(port_gbps: &str) -> Options {
    let g: u32 = port_gbps.trim().parse().unwrap_or(10);
    direct_sizes(g)
        .iter()
        .map(|s| (s.to_string(), format!("{s} Gbps")))
        .collect()
}

/// The port pairs a Direct circuit can be on, by index (name and location), then a new one
/// ([`NEW_PORT`]).
pub fn port_pairs(d: &Design) -> Options {
    let mut out: Options = d
        .direct_ports
        .iter()
        .enumerate()
        .map(|(k, p)| {
            let name = if p.name.trim().is_empty() {
                "(not named yet)"
            } else {
                p.name.trim()
            };
            let at = if p.peering_location.trim().is_empty() {
                String::new()
            } else {
                format!(" · {}", p.peering_location.trim())
            };
            (k.to_string(), format!("{name}{at}"))
        })
        .collect();
    out.push((NEW_PORT.to_string(), "A new port pair".to_string()));
    out
}

/// The port pair a [`port_pairs`] option's value names: `Some(None)` for a new pair, `None`
/// for no option.
pub fn port_pair_of(value: &str) -> Option<Option<usize>> {
    match value {
        NEW_PORT => Some(None),
        k => k.parse().ok().map(Some),
    }
}

/// The gateway SKUs ([`GATEWAY_SKUS`]), each with its bandwidth, circuits and FastPath.
pub fn gateway_skus() -> Options {
    GATEWAY_SKUS
        .iter()
        .map(|s| {
            let note = match sku_row(*s) {
                Some(r) => format!(
                    "{} · {}, up to {} circuits{}",
                    sku_name(*s),
                    bandwidth_label(u32::try_from(r.mbps).unwrap_or(u32::MAX)),
                    r.max_circuits,
                    if r.fast_path { ", FastPath" } else { "" }
                ),
                None => format!(
                    "{} · 1 Gbps per scale unit, FastPath from 10 units",
                    sku_name(*s)
                ),
            };
            (sku_name(*s).to_string(), note)
        })
        .collect()
}

/// The BGP communities a route filter can allow, then any `chosen` one the list does not have.
pub fn communities(chosen: &[String]) -> Options {
    let mut v: Options = COMMUNITIES
        .iter()
        .map(|(c, n)| (c.to_string(), n.to_string()))
        .collect();
    for c in chosen {
        if !v.iter().any(|(x, _)| x == c) {
            v.push((c.clone(), "Other community".to_string()));
        }
    }
    v
}

/// The routing registries.
pub fn routing_registries() -> Options {
    ROUTING_REGISTRIES
        .iter()
        .map(|r| (r.to_string(), r.to_string()))
        .collect()
}

/// Every non-blank name, as both value and text.
pub fn names<'a>(names: impl Iterator<Item = &'a String>) -> Options {
    names
        .filter(|n| !n.trim().is_empty())
        .map(|n| (n.clone(), n.clone()))
        .collect()
}

/// The named circuits, by name, shown with their number ("Circuit 2: er-ams").
pub fn circuits(d: &Design) -> Options {
    d.circuits
        .iter()
        .enumerate()
        .filter(|(_, c)| !c.name.trim().is_empty())
        .map(|(i, c)| (c.name.clone(), format!("Circuit {}: {}", i + 1, c.name)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_provider_not_offered_at_the_location_is_kept_first_and_explained() {
        let loc = PEERING_LOCATIONS[0].name;
        let offered = providers(loc, "");
        assert!(!offered.is_empty());
        let own = offered[0].0.clone();
        assert_eq!(
            providers(loc, &own),
            offered,
            "an offered one is not repeated"
        );
        let odd = providers(loc, "Nobody Networks");
        assert_eq!(odd[0].0, "Nobody Networks");
        assert!(odd[0].1.ends_with("(not offered here)"));
        assert_eq!(odd.len(), offered.len() + 1);
        // An unknown location offers every provider.
        assert!(providers("Atlantis", "").len() > offered.len());
    }

    #[test]
    fn regions_say_when_restricted() {
        let plain = regions(false);
        let marked = regions(true);
        assert_eq!(plain.len(), marked.len());
        assert!(!plain.iter().any(|(_, t)| t.ends_with("(restricted)")));
        assert!(marked.iter().any(|(_, t)| t.ends_with("(restricted)")));
        assert_eq!(region_value("West Europe"), "westeurope");
        assert_eq!(region_value("moon-1"), "moon-1");
    }

    #[test]
    fn port_pairs_end_with_a_new_one() {
        let mut d = Design::default();
        assert_eq!(
            port_pairs(&d),
            [(NEW_PORT.to_string(), "A new port pair".to_string())]
        );
        d.direct_ports.push(Default::default());
        d.direct_ports[0].name = "erd-1".into();
        d.direct_ports[0].peering_location = "Amsterdam".into();
        assert_eq!(port_pairs(&d)[0], ("0".into(), "erd-1 · Amsterdam".into()));
        assert_eq!(port_pair_of("0"), Some(Some(0)));
        assert_eq!(port_pair_of(NEW_PORT), Some(None));
        assert_eq!(port_pair_of("x"), None);
    }

    #[test]
    fn direct_bandwidths_follow_the_port() {
        let has = |port: &str, gbps: &str| direct_bandwidths(port).iter().any(|(v, _)| v == gbps);
        assert!(has("100", "100") && has("100", "40"));
        assert!(has("10", "10") && !has("10", "40"));
        assert_eq!(direct_bandwidths("x"), direct_bandwidths("10"));
        assert_eq!(direct_bandwidths(" 100 "), direct_bandwidths("100"));
        assert!(direct_bandwidths("25").is_empty(), "no such port size");
    }

    #[test]
    fn chosen_communities_outside_the_list_are_kept() {
        let base = communities(&[]);
        let more = communities(&["65000:1".into(), base[0].0.clone()]);
        assert_eq!(more.len(), base.len() + 1);
        assert_eq!(
            more.last().unwrap(),
            &("65000:1".to_string(), "Other community".to_string())
        );
    }

    #[test]
    fn gateway_skus_are_described() {
        let skus = gateway_skus();
        assert_eq!(skus.len(), GATEWAY_SKUS.len());
        assert!(skus.iter().all(|(v, t)| t.starts_with(v.as_str())));
        assert!(!skus.iter().any(|(v, _)| v == "Basic"));
    }
}
