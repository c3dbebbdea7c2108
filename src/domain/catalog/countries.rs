//! Country of each peering location (for the Global Reach country list, rule GR6).
//!
//! DOC-LOC names cities, not countries; the country of each of the 105 locations is the country of
//! its city (metro suffixes such as `London2` share the city's country). Country names follow the
//! spelling of the Global Reach country list (`Hong Kong SAR`, `Korea`, `United States`).

/// (peering location, country) for every location in [`super::PEERING_LOCATIONS`].
pub static LOCATION_COUNTRIES: &[(&str, &str)] = &[
    ("Abu Dhabi", "United Arab Emirates"),
    ("Amsterdam", "Netherlands"),
    ("Amsterdam2", "Netherlands"),
    ("Atlanta", "United States"),
    ("Atlanta2", "United States"),
    ("Auckland", "New Zealand"),
    ("Bangkok", "Thailand"),
    ("Berlin", "Germany"),
    ("Brussels", "Belgium"),
    ("Brussels2", "Belgium"),
    ("Busan", "Korea"),
    ("Campinas", "Brazil"),
    ("Canberra", "Australia"),
    ("Canberra2", "Australia"),
    ("Cape Town", "South Africa"),
    ("Chennai", "India"),
    ("Chennai2", "India"),
    ("Chicago", "United States"),
    ("Chicago2", "United States"),
    ("Copenhagen", "Denmark"),
    ("Dallas", "United States"),
    ("Dallas2", "United States"),
    ("Denver", "United States"),
    ("Doha", "Qatar"),
    ("Doha2", "Qatar"),
    ("Dubai", "United Arab Emirates"),
    ("Dubai2", "United Arab Emirates"),
    ("Dublin", "Ireland"),
    ("Dublin2", "Ireland"),
    ("Frankfurt", "Germany"),
    ("Frankfurt2", "Germany"),
    ("Geneva", "Switzerland"),
    ("Hong Kong", "Hong Kong SAR"),
    ("Hong Kong2", "Hong Kong SAR"),
    ("Jakarta", "Indonesia"),
    ("Jakarta2", "Indonesia"),
    ("Johannesburg", "South Africa"),
    ("Kuala Lumpur", "Malaysia"),
    ("Kuala Lumpur2", "Malaysia"),
    ("Las Vegas", "United States"),
    ("London", "United Kingdom"),
    ("London2", "United Kingdom"),
    ("Los Angeles", "United States"),
    ("Los Angeles2", "United States"),
    ("Madrid", "Spain"),
    ("Madrid2", "Spain"),
    ("Marseille", "France"),
    ("Melbourne", "Australia"),
    ("Melbourne2", "Australia"),
    ("Miami", "United States"),
    ("Milan", "Italy"),
    ("Milan2", "Italy"),
    ("Minneapolis", "United States"),
    ("Montreal", "Canada"),
    ("Mumbai", "India"),
    ("Mumbai2", "India"),
    ("Munich", "Germany"),
    ("New York", "United States"),
    ("Newport(Wales)", "United Kingdom"),
    ("Osaka", "Japan"),
    ("Oslo", "Norway"),
    ("Paris", "France"),
    ("Paris2", "France"),
    ("Perth", "Australia"),
    ("Phoenix", "United States"),
    ("Phoenix2", "United States"),
    ("Portland", "United States"),
    ("Pune", "India"),
    ("Quebec City", "Canada"),
    ("Queretaro (Mexico)", "Mexico"),
    ("Quincy", "United States"),
    ("Rio de Janeiro", "Brazil"),
    ("San Antonio", "United States"),
    ("Santiago", "Chile"),
    ("Sao Paulo", "Brazil"),
    ("Sao Paulo2", "Brazil"),
    ("Seattle", "United States"),
    ("Seoul", "Korea"),
    ("Seoul2", "Korea"),
    ("Silicon Valley", "United States"),
    ("Silicon Valley2", "United States"),
    ("Singapore", "Singapore"),
    ("Singapore2", "Singapore"),
    ("Stavanger", "Norway"),
    ("Stockholm", "Sweden"),
    ("Stockholm2", "Sweden"),
    ("Sydney", "Australia"),
    ("Sydney2", "Australia"),
    ("Taipei", "Taiwan"),
    ("Taipei2", "Taiwan"),
    ("Tel Aviv", "Israel"),
    ("Tel Aviv2", "Israel"),
    ("Tokyo", "Japan"),
    ("Tokyo2", "Japan"),
    ("Tokyo3", "Japan"),
    ("Toronto", "Canada"),
    ("Toronto2", "Canada"),
    ("Vancouver", "Canada"),
    ("Vienna", "Austria"),
    ("Vienna2", "Austria"),
    ("Warsaw", "Poland"),
    ("Washington DC", "United States"),
    ("Washington DC2", "United States"),
    ("Zurich", "Switzerland"),
    ("Zurich2", "Switzerland"),
];

/// Countries where Global Reach is offered (DOC-GR, newest stored list: 21 countries). Older lists
/// were shorter and the FAQ now only links to the page, so the rule is a warning (§13 U12).
pub static GLOBAL_REACH_COUNTRIES: &[&str] = &[
    "Australia",
    "Canada",
    "Denmark",
    "France",
    "Germany",
    "Hong Kong SAR",
    "India",
    "Ireland",
    "Japan",
    "Korea",
    "Netherlands",
    "New Zealand",
    "Norway",
    "Poland",
    "Singapore",
    "South Africa",
    "Sweden",
    "Switzerland",
    "Taiwan",
    "United Kingdom",
    "United States",
];

/// Countries of [`GLOBAL_REACH_COUNTRIES`] where Global Reach is offered only at some locations:
/// South Africa at Johannesburg only.
pub static GLOBAL_REACH_ONLY_AT: &[(&str, &[&str])] = &[("South Africa", &["Johannesburg"])];

/// The country of a peering location (exact name, or case-insensitively), e.g. `London2` →
/// `United Kingdom`. `None` for an unknown location.
pub fn country_of_location(name: &str) -> Option<&'static str> {
    let name = name.trim();
    LOCATION_COUNTRIES
        .iter()
        .find(|(l, _)| *l == name)
        .or_else(|| {
            LOCATION_COUNTRIES
                .iter()
                .find(|(l, _)| l.eq_ignore_ascii_case(name))
        })
        .map(|(_, c)| *c)
}

/// Whether Global Reach is listed for a peering location: `Some(true)` when its country is in
/// [`GLOBAL_REACH_COUNTRIES`] (and, for the countries of [`GLOBAL_REACH_ONLY_AT`], the location is
/// one of those named), `Some(false)` when not, `None` for an unknown location.
pub fn global_reach_listed(location: &str) -> Option<bool> {
    let country = country_of_location(location)?;
    if !GLOBAL_REACH_COUNTRIES.contains(&country) {
        return Some(false);
    }
    let loc = location.trim();
    Some(
        GLOBAL_REACH_ONLY_AT
            .iter()
            .find(|(c, _)| *c == country)
            .is_none_or(|(_, only)| only.iter().any(|l| l.eq_ignore_ascii_case(loc))),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::catalog::PEERING_LOCATIONS;

    #[test]
    fn every_location_has_a_country() {
        for l in PEERING_LOCATIONS {
            assert!(
                country_of_location(l.name).is_some(),
                "{} has no country",
                l.name
            );
        }
        assert_eq!(LOCATION_COUNTRIES.len(), PEERING_LOCATIONS.len());
        for (l, _) in LOCATION_COUNTRIES {
            assert!(
                PEERING_LOCATIONS.iter().any(|p| p.name == *l),
                "{l} is not a peering location"
            );
        }
    }

    #[test]
    fn lookups() {
        assert_eq!(country_of_location("London2"), Some("United Kingdom"));
        assert_eq!(country_of_location(" new york "), Some("United States"));
        assert_eq!(country_of_location("Queretaro (Mexico)"), Some("Mexico"));
        assert_eq!(country_of_location("Atlantis"), None);
        assert_eq!(country_of_location(""), None);
        assert_eq!(GLOBAL_REACH_COUNTRIES.len(), 21);
    }

    #[test]
    fn global_reach_listing() {
        let cases: &[(&str, Option<bool>)] = &[
            ("Amsterdam", Some(true)),
            ("Hong Kong2", Some(true)),
            ("Johannesburg", Some(true)),
            ("Cape Town", Some(false)),
            ("Sao Paulo", Some(false)),
            ("Dubai", Some(false)),
            ("Milan", Some(false)),
            ("Busan", Some(true)),
            ("Nowhere", None),
        ];
        for (loc, want) in cases {
            assert_eq!(global_reach_listed(loc), *want, "{loc}");
        }
    }

    #[test]
    fn every_listed_country_has_a_location() {
        for c in GLOBAL_REACH_COUNTRIES {
            assert!(
                LOCATION_COUNTRIES.iter().any(|(_, lc)| lc == c),
                "{c} has no peering location"
            );
        }
    }
}
