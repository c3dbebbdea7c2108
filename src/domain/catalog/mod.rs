//! Static reference data: peering locations, connectivity providers, and Azure regions.
//!
//! Generated into `data.rs` by `scripts/gen-data.py` from the rule catalogue's data sets
//! (DOC-LOC 04/28/2026 for locations and the providers' display names; a recorded List
//! ExpressRoute Service Providers response ([`PROVIDERS_DATE`]) for the names ARM takes; the
//! Azure regions list ([`REGIONS_SOURCE`])). The data is a dated snapshot: a name it does not
//! know is a warning, never an error (`az network express-route list-service-providers` and
//! `az account list-locations` are the authority).

pub mod bgp;
pub mod circuit;
pub mod countries;
mod data;

pub use data::{
    AMBIGUOUS_PROVIDER_NAMES, API_BANDWIDTHS, PEERING_LOCATIONS, PROVIDERS, PROVIDERS_DATE,
    PROVIDERS_SOURCE, REGIONS, REGIONS_SOURCE,
};

/// A connectivity provider: the name ARM's `serviceProviderName` takes, and the name people see.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Provider {
    /// The name the List ExpressRoute Service Providers API returns (what a design writes), e.g.
    /// `Telia Carrier`; for a provider with no recorded API name, the locations page's name.
    pub name: &'static str,
    /// The name the locations page shows, e.g. `Arelion (Telia Carrier)` (may equal `name`).
    pub display: &'static str,
    /// Other spellings of this provider (the locations page's), accepted and mapped to `name`.
    pub aliases: &'static [&'static str],
    /// `name` was seen in a recorded List ExpressRoute Service Providers response.
    pub api_recorded: bool,
    /// Peering locations that response lists for the provider, spelled as the API spells them.
    pub api_locations: &'static [&'static str],
    /// Bandwidths (Mbps) that response lists for the provider (empty when not recorded).
    pub bandwidths: &'static [u32],
}

impl Provider {
    /// The label a picker shows: the display name, with the API name when it is another name
    /// (not when the display name already holds it, spelled in any case or spacing: `Softbank`,
    /// not `Softbank (SoftBank)`).
    pub fn label(&self) -> String {
        if spelling(self.display).contains(&spelling(self.name)) {
            self.display.to_string()
        } else {
            format!("{} ({})", self.display, self.name)
        }
    }
}

/// A provider name as people compare them: letters and digits only, accents and case
/// dropped (`GÉANT` = `GEANT`, `SoftBank` = `Softbank`).
fn spelling(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            'À'..='Å' | 'à'..='å' => 'a',
            'È'..='Ë' | 'è'..='ë' => 'e',
            'Ì'..='Ï' | 'ì'..='ï' => 'i',
            'Ò'..='Ö' | 'ò'..='ö' => 'o',
            'Ù'..='Ü' | 'ù'..='ü' => 'u',
            c => c.to_ascii_lowercase(),
        })
        .filter(char::is_ascii_alphanumeric)
        .collect()
}

/// How a provider name compares with the catalogue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProviderName {
    /// Exactly the name ARM takes (or, with no recorded API name, the locations page's name).
    Exact(&'static Provider),
    /// Another spelling of one provider: a display name, an alias, or other letter case.
    Alias(&'static Provider),
    /// A locations-page name that stands for several API names (e.g. `Colt`).
    Ambiguous(Vec<&'static Provider>),
    /// Not in the catalogue (or empty).
    Unknown,
}

impl ProviderName {
    /// The providers this name may stand for.
    pub fn providers(&self) -> Vec<&'static Provider> {
        match self {
            ProviderName::Exact(p) | ProviderName::Alias(p) => vec![*p],
            ProviderName::Ambiguous(ps) => ps.clone(),
            ProviderName::Unknown => Vec::new(),
        }
    }
}

fn provider_at(i: u8) -> Option<&'static Provider> {
    PROVIDERS.get(usize::from(i))
}

/// Looks a provider name up: exact API name first, then display names and aliases, then the
/// same ignoring letter case (surrounding spaces ignored).
pub fn provider_name(text: &str) -> ProviderName {
    let t = text.trim();
    if t.is_empty() {
        return ProviderName::Unknown;
    }
    if t == text {
        if let Some(p) = PROVIDERS.iter().find(|p| p.name == t) {
            return ProviderName::Exact(p);
        }
    }
    // Other spellings exactly, then ignoring letter case.
    let lower = text::lowercase(t);
    for exact in [true, false] {
        let eq = |s: &str| {
            if exact {
                s == t
            } else {
                s.eq_ignore_ascii_case(t) || text::lowercase(s) == lower
            }
        };
        if let Some(p) = PROVIDERS
            .iter()
            .find(|p| eq(p.name) || eq(p.display) || p.aliases.iter().any(|a| eq(a)))
        {
            return ProviderName::Alias(p);
        }
        if let Some((_, ids)) = AMBIGUOUS_PROVIDER_NAMES.iter().find(|(n, _)| eq(n)) {
            return ProviderName::Ambiguous(ids.iter().filter_map(|i| provider_at(*i)).collect());
        }
    }
    ProviderName::Unknown
}

/// The catalogue entry of a provider name in any of its spellings (`None` when unknown or
/// ambiguous).
pub fn provider(text: &str) -> Option<&'static Provider> {
    match provider_name(text) {
        ProviderName::Exact(p) | ProviderName::Alias(p) => Some(p),
        _ => None,
    }
}

/// The name to show for a provider name a design holds: its display name when known, else the
/// text as it is.
pub fn provider_display(text: &str) -> &str {
    provider(text).map_or(text, |p| p.display)
}

/// Rewrites provider names a design holds as the locations page's names (what earlier versions
/// of the wizard wrote, e.g. `Arelion (Telia Carrier)`) to the names ARM takes
/// (`Telia Carrier`), where the catalogue records the API name and the page's name stands for
/// that one provider. Other text is left as it is (the rules warn about it). Returns how many
/// circuits changed.
pub fn migrate_provider_names(d: &mut crate::domain::model::Design) -> usize {
    let mut changed = 0;
    for c in &mut d.circuits {
        if let ProviderName::Alias(p) = provider_name(&c.provider) {
            let page_name = c.provider == p.display || p.aliases.contains(&c.provider.as_str());
            if p.api_recorded && page_name {
                c.provider = p.name.to_string();
                changed += 1;
            }
        }
    }
    changed
}

/// An ExpressRoute peering location (a meet-me site, not an Azure region).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PeeringLocation {
    /// Name as the locations page spells it, e.g. `London`, `Washington DC`.
    pub name: &'static str,
    /// Other spellings the List ExpressRoute Service Providers API uses (e.g. `Newport`).
    pub api_names: &'static [&'static str],
    /// Pricing zone 1–4.
    pub zone: u8,
    /// Azure regions reachable by an ExpressRoute Local circuit here (empty: Local not offered).
    pub local_regions: &'static [&'static str],
    /// ExpressRoute Direct ports are offered here.
    pub er_direct: bool,
    /// Connectivity providers offering circuits here (the locations page's list), as indices
    /// into [`PROVIDERS`] (see [`PeeringLocation::providers`]).
    pub provider_ids: &'static [u8],
    /// ExpressRoute geopolitical region (scope of a Standard circuit).
    pub geopolitical_region: &'static str,
    /// The geopolitical region was inferred (not listed in DOC-GEO).
    pub geo_inferred: bool,
}

impl PeeringLocation {
    /// The catalogue entries of the providers offering circuits here, in the data's order.
    pub fn provider_entries(&self) -> impl ExactSizeIterator<Item = &'static Provider> + Clone {
        self.provider_ids
            .iter()
            .map(|&i| provider_at(i).unwrap_or(&PROVIDERS[0]))
    }

    /// Names (as ARM takes them) of the providers offering circuits here, in the data's order.
    pub fn providers(&self) -> impl ExactSizeIterator<Item = &'static str> + Clone {
        self.provider_entries().map(|p| p.name)
    }

    /// The providers offering circuits here, sorted by display name (the order of
    /// [`PROVIDERS`]).
    pub fn providers_sorted(&self) -> impl Iterator<Item = &'static Provider> + '_ {
        PROVIDERS
            .iter()
            .enumerate()
            .filter(|(i, _)| self.provider_ids.iter().any(|&k| usize::from(k) == *i))
            .map(|(_, p)| p)
    }

    /// Whether `p` offers circuits here: the locations page lists it, or the recorded API
    /// response lists this location for it.
    pub fn offers_provider(&self, p: &Provider) -> bool {
        self.provider_entries().any(|q| std::ptr::eq(q, p))
            || p.api_locations
                .iter()
                .any(|l| *l == self.name || self.api_names.contains(l))
    }

    /// Whether the provider named `provider` (any spelling the catalogue knows; for a name that
    /// stands for several API names, any of them) offers circuits here.
    pub fn offers(&self, provider: &str) -> bool {
        provider_name(provider)
            .providers()
            .iter()
            .any(|p| self.offers_provider(p))
    }
}

/// An Azure region.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Region {
    /// Programmatic name, e.g. `westeurope`.
    pub name: &'static str,
    /// Display name, e.g. `West Europe`.
    pub display_name: &'static str,
    /// Region has availability zones.
    pub availability_zones: bool,
    /// Paired region's display name (may be empty).
    pub paired_region: &'static str,
    /// Geography, e.g. `Europe`.
    pub geography: &'static str,
    /// `general`, `restricted`, `coming-soon` or `unknown`.
    pub access: &'static str,
    /// ExpressRoute geopolitical region.
    pub geopolitical_region: &'static str,
}

use crate::domain::text;

/// Normalises a region name the way ARM does: lower case, spaces removed.
pub fn normalize_region(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars().filter(|c| !c.is_whitespace()) {
        text::push_lowercase(&mut out, c);
    }
    out
}

/// Finds a region by programmatic or display name (case- and space-insensitive).
pub fn region(name: &str) -> Option<&'static Region> {
    let n = normalize_region(name);
    if n.is_empty() {
        return None;
    }
    REGIONS.iter().find(|r| r.name == n)
}

/// Finds a peering location by exact name (the locations page's or the API's spelling), falling
/// back to a case-insensitive match.
pub fn peering_location(name: &str) -> Option<&'static PeeringLocation> {
    let name = name.trim();
    let spelled = |l: &PeeringLocation, eq: &dyn Fn(&str) -> bool| {
        eq(l.name) || l.api_names.iter().any(|a| eq(a))
    };
    PEERING_LOCATIONS
        .iter()
        .find(|l| spelled(l, &|s| s == name))
        .or_else(|| {
            PEERING_LOCATIONS
                .iter()
                .find(|l| spelled(l, &|s| s.eq_ignore_ascii_case(name)))
        })
}

/// Whether `text` spells `location` exactly as the locations page or the API does.
pub fn location_spelled_exactly(location: &PeeringLocation, text: &str) -> bool {
    location.name == text || location.api_names.contains(&text)
}

/// The names (as ARM takes them) of every provider some peering location lists, sorted by
/// display name (computed once): what a picker offers when no location is chosen.
pub fn all_providers() -> &'static [&'static str] {
    static ALL: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
    ALL.get_or_init(|| {
        PROVIDERS
            .iter()
            .enumerate()
            .filter(|(i, _)| {
                PEERING_LOCATIONS
                    .iter()
                    .any(|l| l.provider_ids.iter().any(|&k| usize::from(k) == *i))
            })
            .map(|(_, p)| p.name)
            .collect()
    })
}

/// Peering locations where the provider named `provider` (any spelling) offers circuits.
pub fn locations_of_provider(
    provider: &str,
) -> impl Iterator<Item = &'static PeeringLocation> + '_ {
    PEERING_LOCATIONS.iter().filter(move |l| l.offers(provider))
}

/// The ExpressRoute geopolitical region of an Azure region, if known.
pub fn region_geopolitical(name: &str) -> Option<&'static str> {
    region(name).map(|r| r.geopolitical_region)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_provider_picker_lists_each_provider_once() {
        // The list offered without a location: one entry per provider, no two spelled alike,
        // and no label repeating one name in another letter case.
        let labels: Vec<String> = all_providers()
            .iter()
            .filter_map(|n| provider(n))
            .map(Provider::label)
            .collect();
        assert_eq!(labels.len(), all_providers().len());
        let mut seen = std::collections::BTreeMap::new();
        for (k, l) in labels.iter().enumerate() {
            let shown = l.split(" (").next().unwrap_or(l);
            if let Some(first) = seen.insert(spelling(shown), k) {
                panic!("{} and {l} are one provider spelled twice", labels[first]);
            }
        }
        for p in PROVIDERS {
            let l = p.label();
            let names: Vec<String> = l
                .split(['(', ')'])
                .map(spelling)
                .filter(|x| !x.is_empty())
                .collect();
            let distinct: std::collections::BTreeSet<&String> = names.iter().collect();
            assert_eq!(distinct.len(), names.len(), "{l}");
        }
        for (a, b) in [("GEANT", "GÉANT"), ("SKT", "SK Telecom")] {
            assert_eq!(
                provider(a).map(|p| p.name),
                provider(b).map(|p| p.name),
                "{a} / {b}"
            );
            assert!(provider(a).is_some(), "{a}");
        }
    }

    use super::*;

    #[test]
    fn data_sets_are_complete() {
        assert_eq!(PEERING_LOCATIONS.len(), 105);
        assert_eq!(REGIONS.len(), 57);
        assert_eq!(
            PEERING_LOCATIONS
                .iter()
                .filter(|l| l.local_regions.is_empty())
                .count(),
            21,
            "the catalogue says 21 locations have no local region"
        );
        assert_eq!(PEERING_LOCATIONS.iter().filter(|l| !l.er_direct).count(), 5);
        assert_eq!(PROVIDERS.iter().filter(|p| p.api_recorded).count(), 115);
        assert_eq!(PROVIDERS_DATE, "2020-06-07");
    }

    #[test]
    fn every_local_region_is_a_known_region() {
        for l in PEERING_LOCATIONS {
            for r in l.local_regions {
                assert!(
                    region(r).is_some(),
                    "{} lists unknown local region {r}",
                    l.name
                );
            }
        }
    }

    #[test]
    fn region_lookup_accepts_both_spellings() {
        assert_eq!(region("West Europe").unwrap().name, "westeurope");
        assert_eq!(region("westeurope").unwrap().display_name, "West Europe");
        assert_eq!(
            region(" Australia Central 2 ").unwrap().name,
            "australiacentral2"
        );
        assert!(region("").is_none());
        assert!(region("Atlantis").is_none());
    }

    /// Regions generally available since the 03/2025 list (the regions list's later versions).
    #[test]
    fn newer_regions_are_generally_available() {
        for name in [
            "Chile Central",
            "Austria East",
            "Indonesia Central",
            "Malaysia West",
            "Belgium Central",
        ] {
            let r = region(name).unwrap_or_else(|| panic!("{name}"));
            assert_eq!(r.access, "general", "{name}");
            assert!(r.availability_zones, "{name}");
        }
        assert_eq!(
            region("chilecentral").unwrap().geopolitical_region,
            "South America"
        );
        assert!(REGIONS_SOURCE.contains("2025"));
    }

    #[test]
    fn locations_and_providers() {
        let london = peering_location("London").unwrap();
        assert!(london.offers("British Telecom"));
        assert!(!london.offers("British"));
        assert_eq!(london.providers().len(), london.provider_ids.len());
        assert_eq!(peering_location("london").unwrap().name, "London");
        assert!(peering_location("West Europe").is_none());
        assert!(locations_of_provider("Equinix").count() > 10);
        // Every spelling of a provider finds all its locations.
        assert_eq!(
            locations_of_provider("InterCloud").count(),
            locations_of_provider("Intercloud").count()
        );
        // The API's spellings of two locations.
        assert_eq!(peering_location("Newport").unwrap().name, "Newport(Wales)");
        assert_eq!(
            peering_location("Queretaro").unwrap().name,
            "Queretaro (Mexico)"
        );
        assert!(location_spelled_exactly(
            peering_location("Newport").unwrap(),
            "Newport"
        ));
        assert!(!location_spelled_exactly(
            peering_location("newport").unwrap(),
            "newport"
        ));
    }

    /// The names real configurations use (the API's) and the locations page's names both find
    /// the provider; the API name is what a design writes.
    #[test]
    fn provider_names_as_arm_takes_them() {
        let cases: &[(&str, &str, &str)] = &[
            // (text, kind, API name)
            ("Telia Carrier", "exact", "Telia Carrier"),
            ("Arelion (Telia Carrier)", "alias", "Telia Carrier"),
            ("Level 3 Communications - Exchange", "exact", "Level 3 Communications - Exchange"),
            ("NTT Communications - Flexible InterConnect", "exact", "NTT Communications - Flexible InterConnect"),
            (
                "NTT DOCOMO BUSINESS - Flexible Interconnect (NTT Communications - Flexible Interconnect)",
                "alias",
                "NTT Communications - Flexible InterConnect",
            ),
            ("AT&T Netbond", "exact", "AT&T Netbond"),
            ("AT&T NetBond", "alias", "AT&T Netbond"),
            ("GÉANT", "alias", "GEANT"),
            ("GEANT", "exact", "GEANT"),
            ("SKT", "alias", "SK Telecom"),
            ("SK Telecom", "exact", "SK Telecom"),
            ("british telecom", "alias", "British Telecom"),
            (" Equinix", "alias", "Equinix"),
            ("Equinix", "exact", "Equinix"),
            ("Colt", "ambiguous", "Colt Ethernet"),
            ("Level 3 Communications", "ambiguous", "Level 3 Communications - Exchange"),
            ("Nope Telecom", "unknown", ""),
            ("", "unknown", ""),
        ];
        for (text, kind, api) in cases {
            let got = provider_name(text);
            let (k, first) = match &got {
                ProviderName::Exact(p) => ("exact", p.name),
                ProviderName::Alias(p) => ("alias", p.name),
                ProviderName::Ambiguous(ps) => ("ambiguous", ps[0].name),
                ProviderName::Unknown => ("unknown", ""),
            };
            assert_eq!((k, first), (*kind, *api), "{text:?}");
        }
        assert_eq!(provider_display("Telia Carrier"), "Arelion (Telia Carrier)");
        assert_eq!(provider_display("Nope"), "Nope");
        // Real configurations: these API names at these locations (U19).
        for (p, l) in [
            ("Level 3 Communications - Exchange", "Chicago"),
            ("NTT Communications - Flexible InterConnect", "Tokyo2"),
            ("Telia Carrier", "Amsterdam"),
        ] {
            assert!(peering_location(l).unwrap().offers(p), "{p} at {l}");
        }
    }

    /// Designs stored by earlier versions hold the page's names: they are rewritten to the
    /// API's where that is one provider; other text stays as typed.
    #[test]
    fn stored_display_names_migrate_to_api_names() {
        let cases = [
            ("Arelion (Telia Carrier)", "Telia Carrier", 1),
            ("AT&T NetBond", "AT&T Netbond", 1),
            (
                "Console Connect (PCCW Global Limited)",
                "PCCW Global Limited",
                1,
            ),
            ("Telia Carrier", "Telia Carrier", 0),
            ("British Telecom", "British Telecom", 0),
            ("Colt", "Colt", 0),
            ("SKT", "SKT", 0),
            ("arelion (telia carrier)", "arelion (telia carrier)", 0),
            ("Nope", "Nope", 0),
            ("", "", 0),
        ];
        for (stored, want, n) in cases {
            let mut d = crate::domain::model::Design::default();
            d.circuits[0].provider = stored.to_string();
            assert_eq!(migrate_provider_names(&mut d), n, "{stored}");
            assert_eq!(d.circuits[0].provider, want);
        }
    }

    #[test]
    fn the_display_list_has_each_provider_once() {
        let all = all_providers();
        let mut seen: Vec<String> = Vec::new();
        for name in all {
            let p = provider(name).unwrap();
            let mut own: Vec<String> = std::iter::once(p.display)
                .chain(p.aliases.iter().copied())
                .map(|n| n.to_lowercase())
                .collect();
            own.sort_unstable();
            own.dedup();
            for l in own {
                let n = &l;
                assert!(!seen.contains(&l), "{n} listed twice");
                seen.push(l);
            }
        }
        for (a, b) in [
            ("GEANT", "GÉANT"),
            ("SK Telecom", "SKT"),
            ("InterCloud", "Intercloud"),
        ] {
            assert_eq!(provider(a), provider(b), "{a} / {b}");
        }
        // Sorted by display name.
        let displays: Vec<String> = all
            .iter()
            .map(|n| provider(n).unwrap().display.to_lowercase())
            .collect();
        assert!(displays.windows(2).all(|w| w[0] <= w[1]));
        // Every location's provider is in the list.
        for l in PEERING_LOCATIONS {
            for p in l.providers() {
                assert!(all.contains(&p), "{p}");
            }
        }
    }

    #[test]
    fn sorted_provider_lists_are_sorted_by_display_name() {
        for l in PEERING_LOCATIONS {
            let mut v: Vec<&str> = l.provider_entries().map(|p| p.display).collect();
            v.sort_unstable_by_key(|p| (p.to_lowercase(), *p));
            let got: Vec<&str> = l.providers_sorted().map(|p| p.display).collect();
            assert_eq!(got, v, "{}", l.name);
        }
    }
}
