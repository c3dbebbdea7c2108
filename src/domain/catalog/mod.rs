//! Static reference data: peering locations with their providers, and Azure regions.
//!
//! Generated into `data.rs` by `scripts/gen-data.py` from the rule catalogue's data sets
//! (DOC-LOC 04/28/2026 for locations and providers; DOC-REGIONS 03/21/2025 plus four newer regions).

pub mod countries;
mod data;

pub use data::{PEERING_LOCATIONS, PROVIDERS, REGIONS};

/// An ExpressRoute peering location (a meet-me site, not an Azure region).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PeeringLocation {
    /// Name as the API spells it, e.g. `London`, `Washington DC`.
    pub name: &'static str,
    /// Pricing zone 1–4.
    pub zone: u8,
    /// Azure regions reachable by an ExpressRoute Local circuit here (empty: Local not offered).
    pub local_regions: &'static [&'static str],
    /// ExpressRoute Direct ports are offered here.
    pub er_direct: bool,
    /// Connectivity providers offering circuits here, as indices into [`PROVIDERS`] in the
    /// data's order (see [`PeeringLocation::providers`]).
    pub provider_ids: &'static [u8],
    /// ExpressRoute geopolitical region (scope of a Standard circuit).
    pub geopolitical_region: &'static str,
    /// The geopolitical region was inferred (not listed in DOC-GEO).
    pub geo_inferred: bool,
}

impl PeeringLocation {
    /// Names of the connectivity providers offering circuits here, in the data's order.
    pub fn providers(&self) -> impl ExactSizeIterator<Item = &'static str> + Clone {
        self.provider_ids
            .iter()
            .map(|&i| PROVIDERS.get(usize::from(i)).copied().unwrap_or(""))
    }

    /// Names of the connectivity providers offering circuits here, sorted case-insensitively
    /// (in the order of [`PROVIDERS`]).
    pub fn providers_sorted(&self) -> impl Iterator<Item = &'static str> + '_ {
        PROVIDERS
            .iter()
            .enumerate()
            .filter(|(i, _)| self.provider_ids.iter().any(|&k| usize::from(k) == *i))
            .map(|(_, p)| *p)
    }

    /// Whether `provider` (exact name) offers circuits here.
    pub fn offers(&self, provider: &str) -> bool {
        self.providers().any(|p| p == provider)
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
    /// `general`, `restricted` or `coming-soon`.
    pub access: &'static str,
    /// ExpressRoute geopolitical region.
    pub geopolitical_region: &'static str,
}

/// Normalises a region name the way ARM does: lower case, spaces removed.
pub fn normalize_region(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars().filter(|c| !c.is_whitespace()) {
        crate::domain::text::push_lowercase(&mut out, c);
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

/// Finds a peering location by exact name, falling back to a case-insensitive match.
pub fn peering_location(name: &str) -> Option<&'static PeeringLocation> {
    let name = name.trim();
    PEERING_LOCATIONS
        .iter()
        .find(|l| l.name == name)
        .or_else(|| {
            PEERING_LOCATIONS
                .iter()
                .find(|l| l.name.eq_ignore_ascii_case(name))
        })
}

/// Every provider in the data set once, sorted case-insensitively (computed once).
///
/// The data spells a few providers two ways (`InterCloud` / `Intercloud`, `Coresite` /
/// `CoreSite`, ...); the list keeps the spelling most locations use (on a tie, the first in
/// byte order), so a picker shows each provider once.
pub fn all_providers() -> &'static [&'static str] {
    static ALL: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
    ALL.get_or_init(|| {
        let uses = |p: &str| {
            PEERING_LOCATIONS
                .iter()
                .filter(|l| l.providers().any(|q| q == p))
                .count()
        };
        let mut v: Vec<&'static str> = Vec::new();
        for &p in PROVIDERS {
            match v.iter_mut().find(|q| q.eq_ignore_ascii_case(p)) {
                Some(q) => {
                    let (nq, np) = (uses(q), uses(p));
                    if np > nq || (np == nq && p < *q) {
                        *q = p;
                    }
                }
                None => v.push(p),
            }
        }
        v.sort_unstable_by_key(|p| crate::domain::text::lowercase(p));
        v
    })
}

/// The spelling of `provider` (compared case-insensitively) in the data: the one used at
/// `location` when it offers the provider, else the one [`all_providers`] lists.
pub fn provider_spelling(
    provider: &str,
    location: Option<&PeeringLocation>,
) -> Option<&'static str> {
    let provider = provider.trim();
    location
        .and_then(|l| l.providers().find(|p| p.eq_ignore_ascii_case(provider)))
        .or_else(|| {
            all_providers()
                .iter()
                .copied()
                .find(|p| p.eq_ignore_ascii_case(provider))
        })
}

/// Peering locations where `provider` offers circuits (in any of the data's spellings).
pub fn locations_of_provider(
    provider: &str,
) -> impl Iterator<Item = &'static PeeringLocation> + '_ {
    PEERING_LOCATIONS
        .iter()
        .filter(move |l| l.providers().any(|p| p.eq_ignore_ascii_case(provider)))
}

/// The ExpressRoute geopolitical region of an Azure region, if known.
pub fn region_geopolitical(name: &str) -> Option<&'static str> {
    region(name).map(|r| r.geopolitical_region)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_sets_are_complete() {
        assert_eq!(PEERING_LOCATIONS.len(), 105);
        assert_eq!(REGIONS.len(), 56);
        assert_eq!(
            PEERING_LOCATIONS
                .iter()
                .filter(|l| l.local_regions.is_empty())
                .count(),
            21,
            "the catalogue says 21 locations have no local region"
        );
        assert_eq!(PEERING_LOCATIONS.iter().filter(|l| !l.er_direct).count(), 5);
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

    #[test]
    fn locations_and_providers() {
        let london = peering_location("London").unwrap();
        assert!(london.offers("British Telecom"));
        assert!(!london.offers("British"));
        assert_eq!(london.providers().len(), london.provider_ids.len());
        assert_eq!(peering_location("london").unwrap().name, "London");
        assert!(peering_location("West Europe").is_none());
        assert!(locations_of_provider("Equinix").count() > 10);
        // Both spellings of a provider the data spells two ways find all its locations.
        assert_eq!(
            locations_of_provider("InterCloud").count(),
            locations_of_provider("Intercloud").count()
        );
        let all = all_providers();
        assert!(all
            .windows(2)
            .all(|w| w[0].to_lowercase() <= w[1].to_lowercase()));
    }

    #[test]
    fn all_providers_lists_each_provider_once_in_its_common_spelling() {
        let all = all_providers();
        for w in all.windows(2) {
            assert!(!w[0].eq_ignore_ascii_case(w[1]), "{} / {}", w[0], w[1]);
        }
        // Every spelling in the data maps to one listed provider.
        for p in PROVIDERS {
            assert_eq!(
                all.iter().filter(|q| q.eq_ignore_ascii_case(p)).count(),
                1,
                "{p}"
            );
        }
        // The spelling most locations use wins (InterCloud 16 : Intercloud 5, ...); on a
        // tie (NEXTDC 2 : NextDC 2) the first in byte order.
        for (kept, dropped) in [
            ("InterCloud", "Intercloud"),
            ("AT&T NetBond", "AT&T Netbond"),
            ("Tata Communications", "TATA Communications"),
            ("Coresite", "CoreSite"),
            ("NEXTDC", "NextDC"),
        ] {
            assert!(all.contains(&kept), "{kept}");
            assert!(!all.contains(&dropped), "{dropped}");
        }
    }

    #[test]
    fn provider_spelling_prefers_the_locations_own() {
        let at_intercloud = PEERING_LOCATIONS
            .iter()
            .find(|l| l.offers("Intercloud"))
            .unwrap();
        assert_eq!(
            provider_spelling("INTERCLOUD", Some(at_intercloud)),
            Some("Intercloud")
        );
        assert_eq!(provider_spelling(" intercloud ", None), Some("InterCloud"));
        let london = peering_location("London").unwrap();
        assert!(provider_spelling("intercloud", Some(london)).is_some());
        assert_eq!(provider_spelling("Nope Telecom", Some(london)), None);
        assert_eq!(provider_spelling("", None), None);
    }

    #[test]
    fn sorted_provider_lists_are_a_case_insensitive_sort() {
        // What the Configuration step sorted at run time before.
        for l in PEERING_LOCATIONS {
            let mut v: Vec<&str> = l.providers().collect();
            v.sort_unstable_by_key(|p| p.to_lowercase());
            assert_eq!(l.providers_sorted().collect::<Vec<_>>(), v, "{}", l.name);
        }
    }
}
