//! Editing designs with several circuits: the second circuit the wizard proposes for maximum
//! resiliency (same provider, bandwidth and SKU at another peering location of the same metro or
//! nearby), removing a circuit with everything that points at it, a Global Reach link between
//! two circuits, and the ExpressRoute Direct port pair each circuit is on.

use super::catalog::{self, PeeringLocation, PEERING_LOCATIONS};
use super::field::List;
use super::model::{Circuit, Design, DirectPort, GlobalReach, PortType};
use super::net;
use super::records;

/// How close a candidate peering location is to `from` (lower is closer): 0 the same metro
/// (London / London2), 1 sharing a local Azure region, 2 the same geopolitical region and pricing
/// zone, 3 the same geopolitical region, 4 anywhere else.
fn distance(from: &PeeringLocation, to: &PeeringLocation) -> u8 {
    let metro =
        |n: &str| crate::domain::text::lowercase(n.trim_end_matches(|c: char| c.is_ascii_digit()));
    if metro(from.name) == metro(to.name) {
        0
    } else if from
        .local_regions
        .iter()
        .any(|r| to.local_regions.contains(r))
    {
        1
    } else if from.geopolitical_region == to.geopolitical_region && from.zone == to.zone {
        2
    } else if from.geopolitical_region == to.geopolitical_region {
        3
    } else {
        4
    }
}

/// The peering location proposed for a second circuit: another location, offered by `provider`
/// when possible, as close as possible to `from` (the same metro first). `None` when `from` is
/// not a known location.
pub fn nearby_location(from: &str, provider: &str) -> Option<&'static str> {
    let from = catalog::peering_location(from)?;
    let provider = provider.trim();
    PEERING_LOCATIONS
        .iter()
        .filter(|l| l.name != from.name)
        .min_by_key(|l| {
            let offered = provider.is_empty() || l.offers(provider);
            (!offered, distance(from, l))
        })
        .map(|l| l.name)
}

fn slug(location: &str) -> String {
    crate::domain::text::lowercase(location.trim())
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect()
}

/// A name for a new circuit derived from an existing one and its new location, unused in `d`:
/// `er-london-01` at Amsterdam → `er-amsterdam-01`; a name without its location gets `-2`.
pub fn derived_name(d: &Design, base: &str, old_location: &str, new_location: &str) -> String {
    let base = base.trim();
    let old = slug(old_location);
    let new = slug(new_location);
    let lower = crate::domain::text::lowercase(base);
    let first = match lower.find(&old) {
        Some(at) if !old.is_empty() && !new.is_empty() => {
            // Keep the rest of the name as typed.
            let end = at + old.len();
            format!(
                "{}{new}{}",
                base.get(..at).unwrap_or(""),
                base.get(end..).unwrap_or("")
            )
        }
        _ if base.is_empty() => "er-circuit-2".to_string(),
        _ => format!("{base}-2"),
    };
    let taken = |n: &str| d.circuits.iter().any(|c| c.name.eq_ignore_ascii_case(n));
    if !taken(&first) {
        return first;
    }
    (2..)
        .map(|k| format!("{first}-{k}"))
        .find(|n| !taken(n))
        .unwrap_or(first)
}

/// The circuit proposed as the next one of `d`, modelled on its first circuit: the same
/// provider, bandwidth, SKU, billing model and region at a nearby peering location, with a
/// derived name. A first circuit on ExpressRoute Direct gives a provider circuit to complete.
pub fn next_circuit(d: &Design) -> Circuit {
    let Some(first) = d.circuits.first() else {
        return Circuit::default();
    };
    let direct = first.port_type == PortType::Direct;
    let location = if direct {
        d.direct_ports
            .iter()
            .find(|p| p.name.eq_ignore_ascii_case(first.direct_port.trim()))
            .map(|p| p.peering_location.clone())
            .unwrap_or_default()
    } else {
        first.peering_location.clone()
    };
    let provider = if direct {
        String::new()
    } else {
        first.provider.clone()
    };
    let used: Vec<&str> = d
        .circuits
        .iter()
        .map(|c| c.peering_location.trim())
        .collect();
    // The nearest location not used by any circuit yet (the first circuit's own is excluded).
    let new_location = nearby_location(&location, &provider)
        .filter(|l| !used.iter().any(|u| u.eq_ignore_ascii_case(l)))
        .or_else(|| {
            let from = catalog::peering_location(&location)?;
            PEERING_LOCATIONS
                .iter()
                .filter(|l| !used.iter().any(|u| u.eq_ignore_ascii_case(l.name)))
                .filter(|l| provider.is_empty() || l.offers(&provider))
                .min_by_key(|l| distance(from, l))
                .map(|l| l.name)
        })
        .unwrap_or("")
        .to_string();
    let bandwidth_mbps = if direct {
        // A Direct circuit's size in Gbps, as the provider bandwidth in Mbps when it is one.
        net::parse_uint(&first.bandwidth_gbps)
            .map(|g| (g * 1000).to_string())
            .filter(|m| {
                crate::domain::catalog::circuit::PROVIDER_BANDWIDTHS
                    .iter()
                    .any(|b| b.to_string() == *m)
            })
            .unwrap_or_else(|| Circuit::default().bandwidth_mbps)
    } else {
        first.bandwidth_mbps.clone()
    };
    Circuit {
        name: derived_name(d, &first.name, &location, &new_location),
        region: first.region.clone(),
        port_type: PortType::Provider,
        provider,
        peering_location: new_location,
        bandwidth_mbps,
        sku_tier: first.sku_tier,
        sku_family: first.sku_family,
        ..Circuit::default()
    }
}

/// What removing circuit `i` takes with it: its name, the names of the connections and Global
/// Reach links that refer to it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Removal {
    /// The circuit's name.
    pub circuit: String,
    /// Connections to it.
    pub connections: Vec<String>,
    /// Global Reach links with it at either end.
    pub global_reach: Vec<String>,
}

fn refers(name: &str, to: &str) -> bool {
    !to.trim().is_empty() && name.trim().eq_ignore_ascii_case(to.trim())
}

/// Whether circuit `i`'s name is used by another circuit as well (then references are ambiguous
/// and are kept).
fn shared_name(d: &Design, i: usize) -> bool {
    let Some(c) = d.circuits.get(i) else {
        return false;
    };
    d.circuits
        .iter()
        .enumerate()
        .any(|(k, o)| k != i && refers(&o.name, &c.name))
}

/// The circuits no connection names yet, as (index, name), in the design's order (names
/// compared trimmed, as the wizard writes them).
pub fn unconnected(d: &Design) -> Vec<(usize, String)> {
    let connected: std::collections::BTreeSet<&str> =
        d.connections.iter().map(|cn| cn.circuit.trim()).collect();
    d.circuits
        .iter()
        .enumerate()
        .filter(|(_, c)| !connected.contains(c.name.trim()))
        .map(|(i, c)| (i, c.name.clone()))
        .collect()
}

/// What [`remove_circuit`] would remove (nothing for a missing index).
pub fn removal(d: &Design, i: usize) -> Removal {
    let Some(c) = d.circuits.get(i) else {
        return Removal::default();
    };
    let shared = shared_name(d, i);
    let name = c.name.trim();
    Removal {
        circuit: c.name.clone(),
        connections: d
            .connections
            .iter()
            .filter(|cn| !shared && refers(&cn.circuit, name))
            .map(|cn| cn.name.clone())
            .collect(),
        global_reach: d
            .global_reach
            .iter()
            .filter(|g| !shared && (refers(&g.circuit, name) || refers(&g.peer_circuit, name)))
            .map(|g| g.name.clone())
            .collect(),
    }
}

/// Removes circuit `i` (never the last one), its connections and Global Reach links, and the
/// route filter of its Microsoft peering when no other circuit uses it. Dangling references
/// would only be errors the user has to delete by hand. Returns false when nothing was removed.
pub fn remove_circuit(d: &mut Design, i: usize) -> bool {
    if d.circuits.len() < 2 || i >= d.circuits.len() {
        return false;
    }
    let shared = shared_name(d, i);
    let len = d.circuits.len();
    let c = d.circuits.remove(i);
    records::renumber(d, List::Circuits, &records::without(len, i));
    let name = c.name.trim().to_string();
    if !shared {
        let map = records::retain_indexed(&mut d.connections, |cn| !refers(&cn.circuit, &name));
        records::renumber(d, List::Connections, &map);
        let map = records::retain_indexed(&mut d.global_reach, |g| {
            !refers(&g.circuit, &name) && !refers(&g.peer_circuit, &name)
        });
        records::renumber(d, List::GlobalReach, &map);
    }
    if let Some(m) = c.microsoft_peering {
        let rf = m.route_filter.trim().to_string();
        let used = d.circuits.iter().any(|o| {
            o.microsoft_peering
                .as_ref()
                .is_some_and(|om| refers(&om.route_filter, &rf))
        });
        if !used {
            let map = records::retain_indexed(&mut d.route_filters, |f| !refers(&f.name, &rf));
            records::renumber(d, List::RouteFilters, &map);
        }
    }
    true
}

/// A new Global Reach link between the first pair of circuits that has none yet (circuit 1 and
/// circuit 2 first), named `gr-<a>-<b>`; `None` with fewer than two circuits or every pair linked.
pub fn next_global_reach(d: &Design) -> Option<GlobalReach> {
    let n = d.circuits.len();
    let linked = |a: &str, b: &str| {
        d.global_reach.iter().any(|g| {
            (refers(&g.circuit, a) && refers(&g.peer_circuit, b))
                || (refers(&g.circuit, b) && refers(&g.peer_circuit, a))
        })
    };
    let (a, b) = (0..n)
        .flat_map(|i| (i + 1..n).map(move |j| (i, j)))
        .map(|(i, j)| (&d.circuits[i].name, &d.circuits[j].name))
        .find(|(a, b)| !linked(a, b))?;
    let short = |s: &str| {
        let s = s.trim();
        s.strip_prefix("er-").unwrap_or(s).to_string()
    };
    let mut name = format!("gr-{}-{}", short(a), short(b));
    if name.len() > 80 {
        name = "gr-link".to_string();
    }
    Some(GlobalReach {
        name,
        circuit: a.clone(),
        peer_circuit: b.clone(),
        ..GlobalReach::default()
    })
}

/// The index in `d.direct_ports` of the port pair circuit `i` names (names compared without
/// case, as Azure does), when it names one that exists. An empty name finds an unnamed port (the
/// design's first port before the user names it).
pub fn port_of(d: &Design, i: usize) -> Option<usize> {
    let name = d.circuits.get(i)?.direct_port.trim();
    d.direct_ports
        .iter()
        .position(|p| p.name.trim().eq_ignore_ascii_case(name))
}

/// Puts circuit `i` on ExpressRoute Direct, on a port pair at its own peering location: the
/// port it names already, else one at its location, else a port no other circuit uses yet, else a
/// new port pair created at its location. So a second circuit at another location (maximum
/// resiliency) gets its own pair instead of sharing the first circuit's. A design's first port
/// is created unnamed, for the user to name; later ones get a free derived name
/// (`erd-<location>-01`), since circuits find their port by name.
pub fn choose_direct(d: &mut Design, i: usize) {
    let Some(c) = d.circuits.get(i) else {
        return;
    };
    // An empty name names no port yet (even while the design's first port is unnamed).
    if !c.direct_port.trim().is_empty() && port_of(d, i).is_some() {
        return;
    }
    let location = c.peering_location.trim().to_string();
    let used = |p: &DirectPort| {
        d.circuits.iter().enumerate().any(|(j, o)| {
            j != i
                && o.port_type == PortType::Direct
                && o.direct_port.trim().eq_ignore_ascii_case(p.name.trim())
        })
    };
    let at_location = d.direct_ports.iter().position(|p| {
        !location.is_empty() && p.peering_location.trim().eq_ignore_ascii_case(&location)
    });
    let free = || {
        d.direct_ports
            .iter()
            .position(|p| !used(p) && (location.is_empty() || p.peering_location.trim().is_empty()))
    };
    match at_location.or_else(free) {
        Some(k) => put_on_port(d, i, k),
        None => new_port(d, i),
    }
}

/// Puts circuit `i` on port pair `k` (nothing when either does not exist).
pub fn put_on_port(d: &mut Design, i: usize, k: usize) {
    let Some(name) = d.direct_ports.get(k).map(|p| p.name.clone()) else {
        return;
    };
    if let Some(c) = d.circuits.get_mut(i) {
        c.direct_port = name;
    }
}

/// Adds a new port pair at circuit `i`'s peering location and puts the circuit on it. The first
/// port of a design is left unnamed for the user to name; later ones get a free derived name.
pub fn new_port(d: &mut Design, i: usize) {
    let Some(c) = d.circuits.get(i) else {
        return;
    };
    let location = c.peering_location.trim().to_string();
    let name = if d.direct_ports.is_empty() {
        String::new()
    } else {
        free_port_name(d, &location)
    };
    d.direct_ports.push(DirectPort {
        name: name.clone(),
        peering_location: location,
        ..DirectPort::default()
    });
    if let Some(c) = d.circuits.get_mut(i) {
        c.direct_port = name;
    }
}

/// `erd-<location>-NN`: the location in lower-case letters and digits joined by hyphens, with
/// the first number no port of `d` uses.
fn free_port_name(d: &Design, location: &str) -> String {
    let mut slug = String::new();
    for ch in location.chars() {
        if ch.is_ascii_alphanumeric() {
            slug.push(ch.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-');
    let base = if slug.is_empty() { "port" } else { slug };
    (1..)
        .map(|k| format!("erd-{base}-{k:02}"))
        .find(|n| {
            !d.direct_ports
                .iter()
                .any(|p| p.name.trim().eq_ignore_ascii_case(n))
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::model::{
        Connection, DirectPort, MicrosoftPeering, RouteFilter, SkuFamily, SkuTier,
    };

    fn one(name: &str, location: &str, provider: &str) -> Design {
        let mut d = Design::default();
        let c = &mut d.circuits[0];
        c.name = name.into();
        c.region = "uksouth".into();
        c.peering_location = location.into();
        c.provider = provider.into();
        c.bandwidth_mbps = "2000".into();
        c.sku_tier = SkuTier::Premium;
        c.sku_family = SkuFamily::UnlimitedData;
        d
    }

    #[test]
    fn nearby_locations() {
        let cases = [
            ("London", "British Telecom", Some("London2")),
            ("London2", "British Telecom", Some("London")),
            ("Amsterdam", "Equinix", Some("Amsterdam2")),
            ("Amsterdam", "", Some("Amsterdam2")),
            ("nowhere", "Equinix", None),
            ("", "", None),
        ];
        for (from, provider, want) in cases {
            assert_eq!(nearby_location(from, provider), want, "{from} / {provider}");
        }
        // Whatever is proposed offers the provider when some other location does.
        for l in PEERING_LOCATIONS.iter().take(40) {
            for p in l.providers().take(3) {
                let got = nearby_location(l.name, p).unwrap();
                assert_ne!(got, l.name);
                let offered_elsewhere = PEERING_LOCATIONS
                    .iter()
                    .any(|o| o.name != l.name && o.offers(p));
                let got_offers = catalog::peering_location(got).unwrap().offers(p);
                assert_eq!(got_offers, offered_elsewhere, "{} / {p} → {got}", l.name);
            }
        }
    }

    #[test]
    fn derived_names() {
        let d = one("er-london-01", "London", "British Telecom");
        let cases = [
            ("er-london-01", "London", "Amsterdam", "er-amsterdam-01"),
            ("ER-London", "London", "London2", "ER-london2"),
            ("er-hub", "London", "London2", "er-hub-2"),
            ("", "London", "London2", "er-circuit-2"),
            ("er-london-01", "London", "", "er-london-01-2"),
            ("er-x", "Sao Paulo", "Sao Paulo2", "er-x-2"),
            ("er-sao-paulo", "Sao Paulo", "Sao Paulo2", "er-sao-paulo2"),
        ];
        for (base, old, new, want) in cases {
            assert_eq!(derived_name(&d, base, old, new), want, "{base}");
        }
        // Taken names get a suffix.
        assert_eq!(
            derived_name(&d, "er-london-01", "Paris", "Paris2"),
            "er-london-01-2"
        );
        let mut d2 = d.clone();
        d2.circuits.push(Circuit {
            name: "er-london-01-2".into(),
            ..Circuit::default()
        });
        assert_eq!(
            derived_name(&d2, "er-london-01", "Paris", "Paris2"),
            "er-london-01-2-2"
        );
    }

    #[test]
    fn next_circuit_copies_what_can_be_inferred() {
        let d = one("er-london-01", "London", "British Telecom");
        let c = next_circuit(&d);
        assert_eq!(c.name, "er-london2-01");
        assert_eq!(c.peering_location, "London2");
        assert_eq!(c.provider, "British Telecom");
        assert_eq!(c.bandwidth_mbps, "2000");
        assert_eq!(
            (c.sku_tier, c.sku_family, c.region.as_str()),
            (SkuTier::Premium, SkuFamily::UnlimitedData, "uksouth")
        );
        assert!(c.private_peering.is_none() && c.microsoft_peering.is_none());
        // A third circuit avoids both used locations.
        let mut d3 = d.clone();
        d3.circuits.push(c);
        let third = next_circuit(&d3);
        assert!(!["London", "London2", ""].contains(&third.peering_location.as_str()));
        // A Direct first circuit: location from its port, size as provider bandwidth.
        let mut dd = Design::default();
        dd.circuits[0].name = "er-ams".into();
        dd.circuits[0].port_type = PortType::Direct;
        dd.circuits[0].direct_port = "erd-1".into();
        dd.circuits[0].bandwidth_gbps = "10".into();
        dd.direct_ports.push(DirectPort {
            name: "erd-1".into(),
            peering_location: "Amsterdam".into(),
            ..DirectPort::default()
        });
        let c = next_circuit(&dd);
        assert_eq!(c.port_type, PortType::Provider);
        assert_eq!(
            (c.peering_location.as_str(), c.bandwidth_mbps.as_str()),
            ("Amsterdam2", "10000")
        );
        // An empty design still gives a circuit.
        let empty = Design {
            circuits: vec![],
            ..Design::default()
        };
        assert_eq!(next_circuit(&empty), Circuit::default());
    }

    #[test]
    fn removing_a_circuit_takes_its_references() {
        let mut d = one("er-a", "London", "British Telecom");
        d.circuits.push(Circuit {
            name: "er-b".into(),
            microsoft_peering: Some(MicrosoftPeering {
                route_filter: "rf-b".into(),
                ..MicrosoftPeering::default()
            }),
            ..Circuit::default()
        });
        d.route_filters.push(RouteFilter {
            name: "rf-b".into(),
            ..RouteFilter::default()
        });
        for (n, c) in [("cn-a", "er-a"), ("cn-b", "er-b")] {
            d.connections.push(Connection {
                name: n.into(),
                circuit: c.into(),
                ..Connection::default()
            });
        }
        d.global_reach = next_global_reach(&d).into_iter().collect();
        assert_eq!(d.global_reach[0].name, "gr-a-b");
        assert!(next_global_reach(&d).is_none(), "every pair linked");
        let r = removal(&d, 1);
        assert_eq!(r.circuit, "er-b");
        assert_eq!(r.connections, ["cn-b"]);
        assert_eq!(r.global_reach, ["gr-a-b"]);
        assert!(!remove_circuit(&mut d.clone(), 5));
        assert!(remove_circuit(&mut d, 1));
        assert_eq!(d.circuits.len(), 1);
        assert_eq!(d.connections.len(), 1);
        assert!(d.global_reach.is_empty() && d.route_filters.is_empty());
        assert!(!remove_circuit(&mut d, 0), "the last circuit stays");
        assert_eq!(removal(&d, 3), Removal::default());
        // Two circuits with one name: references are ambiguous and kept.
        let mut twin = one("er-a", "London", "");
        twin.circuits.push(twin.circuits[0].clone());
        twin.connections.push(Connection {
            circuit: "er-a".into(),
            ..Connection::default()
        });
        assert!(removal(&twin, 1).connections.is_empty());
        assert!(remove_circuit(&mut twin, 1));
        assert_eq!(twin.connections.len(), 1);
        assert!(next_global_reach(&one("er-a", "", "")).is_none());
    }

    #[test]
    fn unconnected_circuits_are_those_no_connection_names() {
        let mut d = one("er-a", "London", "");
        for n in ["er-b", " er-c "] {
            d.circuits.push(Circuit {
                name: n.into(),
                ..d.circuits[0].clone()
            });
        }
        assert_eq!(unconnected(&d).len(), 3);
        for c in ["er-a ", "er-c", "er-x"] {
            d.connections.push(Connection {
                circuit: c.into(),
                ..Connection::default()
            });
        }
        assert_eq!(unconnected(&d), [(1, "er-b".to_string())]);
        d.circuits.clear();
        assert!(unconnected(&d).is_empty());
    }

    #[test]
    fn removing_a_circuit_moves_the_records_of_later_items() {
        let mut d = one("er-a", "London", "");
        for n in ["er-b", "er-c"] {
            d.circuits.push(Circuit {
                name: n.into(),
                ..d.circuits[0].clone()
            });
        }
        for c in ["er-a", "er-b", "er-c"] {
            d.connections.push(Connection {
                name: format!("cn-{c}"),
                circuit: c.into(),
                ..Connection::default()
            });
        }
        d.acknowledged = vec![
            "ER-GW-009 circuits[2].bandwidthMbps".into(),
            "ER-GW-009 circuits[1].bandwidthMbps".into(),
            "ER-GW-009 connections[2].name".into(),
            "ER-GW-009 connections[1].name".into(),
            "ER-GW-009 connections[0].name".into(),
        ];
        d.given_at_deployment = vec!["connections[2].circuit".into()];
        assert!(remove_circuit(&mut d, 1));
        assert_eq!(d.connections[1].name, "cn-er-c");
        assert_eq!(
            d.acknowledged,
            [
                "ER-GW-009 circuits[1].bandwidthMbps",
                "ER-GW-009 connections[1].name",
                "ER-GW-009 connections[0].name",
            ]
        );
        assert_eq!(d.given_at_deployment, ["connections[1].circuit"]);
    }

    fn direct_design(locations: &[&str]) -> Design {
        Design {
            circuits: locations
                .iter()
                .map(|l| Circuit {
                    peering_location: (*l).into(),
                    ..Circuit::default()
                })
                .collect(),
            ..Design::default()
        }
    }

    fn to_direct(d: &mut Design, i: usize) {
        d.circuits[i].port_type = PortType::Direct;
        choose_direct(d, i);
    }

    fn ports(d: &Design) -> Vec<(&str, &str)> {
        d.direct_ports
            .iter()
            .map(|p| (p.name.as_str(), p.peering_location.as_str()))
            .collect()
    }

    #[test]
    fn a_second_direct_circuit_at_another_location_gets_its_own_port_pair() {
        let mut d = direct_design(&["Amsterdam", "Amsterdam2"]);
        to_direct(&mut d, 0);
        // The first port is left for the user to name.
        assert_eq!(ports(&d), [("", "Amsterdam")]);
        assert_eq!(port_of(&d, 0), Some(0));
        to_direct(&mut d, 1);
        assert_eq!(
            ports(&d),
            [("", "Amsterdam"), ("erd-amsterdam2-01", "Amsterdam2")]
        );
        assert_eq!(d.circuits[1].direct_port, "erd-amsterdam2-01");
        assert_eq!(port_of(&d, 1), Some(1));
        assert_eq!(port_of(&d, 0), Some(0));
        // Choosing again changes nothing.
        let before = d.clone();
        choose_direct(&mut d, 1);
        choose_direct(&mut d, 0);
        assert_eq!(d, before);
    }

    #[test]
    fn a_direct_circuit_goes_on_a_port_at_its_location_or_a_free_one() {
        // (circuit 2's location, the existing ports (name, location, used by circuit 1),
        //  the port circuit 2 ends on, how many ports then)
        for (location, existing, want, count) in [
            // A port at its location, even one circuit 1 uses (two circuits may share a pair).
            ("London", vec![("erd-lon", "London", true)], "erd-lon", 1),
            ("london", vec![("erd-lon", "London", true)], "erd-lon", 1),
            // A port elsewhere: a new pair at its location.
            (
                "Paris",
                vec![("erd-lon", "London", true)],
                "erd-paris-01",
                2,
            ),
            // No location yet: a port no circuit uses, else a new one.
            (
                "",
                vec![("erd-lon", "London", true), ("spare", "Dublin", false)],
                "spare",
                2,
            ),
            ("", vec![("erd-lon", "London", true)], "erd-port-01", 2),
            // A port without a location that nobody uses.
            (
                "Paris",
                vec![("erd-lon", "London", true), ("blank", "", false)],
                "blank",
                2,
            ),
            // Derived names skip taken ones and keep letters and digits of the location.
            (
                "Newport(Wales)",
                vec![("erd-newport-wales-01", "London", true)],
                "erd-newport-wales-02",
                2,
            ),
            (
                "Queretaro (Mexico)",
                vec![("x", "London", true)],
                "erd-queretaro-mexico-01",
                2,
            ),
        ] {
            let mut d = direct_design(&["London", location]);
            d.circuits[0].port_type = PortType::Direct;
            for (name, loc, used) in &existing {
                d.direct_ports.push(DirectPort {
                    name: (*name).into(),
                    peering_location: (*loc).into(),
                    ..DirectPort::default()
                });
                if *used {
                    d.circuits[0].direct_port = (*name).into();
                }
            }
            to_direct(&mut d, 1);
            assert_eq!(d.circuits[1].direct_port, want, "{location:?} {existing:?}");
            assert_eq!(d.direct_ports.len(), count, "{location:?} {existing:?}");
            assert!(port_of(&d, 1).is_some(), "{location:?}");
        }
    }

    #[test]
    fn a_circuit_that_names_a_port_keeps_it_and_out_of_range_does_nothing() {
        let mut d = direct_design(&["London"]);
        d.direct_ports.push(DirectPort {
            name: "ERD-A".into(),
            peering_location: "Paris".into(),
            ..DirectPort::default()
        });
        d.circuits[0].direct_port = "erd-a".into();
        to_direct(&mut d, 0);
        assert_eq!(d.direct_ports.len(), 1);
        assert_eq!(port_of(&d, 0), Some(0));
        let before = d.clone();
        choose_direct(&mut d, 5);
        new_port(&mut d, 5);
        put_on_port(&mut d, 0, 3);
        put_on_port(&mut d, 5, 0);
        assert_eq!(d, before);
        assert_eq!(port_of(&d, 5), None);
        // An explicit new pair, even at a location that has one.
        new_port(&mut d, 0);
        assert_eq!(ports(&d), [("ERD-A", "Paris"), ("erd-london-01", "London")]);
        assert_eq!(port_of(&d, 0), Some(1));
    }
}
