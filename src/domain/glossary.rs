//! The ExpressRoute words the wizard uses without explaining them in place (MSEE, ECMP, pricing
//! zone, …): a short explanation of each and the Microsoft Learn page it comes from, shown by
//! the (i) help next to the field or text that uses the word. The texts restate the rule
//! catalogue (§2, §5, §7, §10, §12) and the pages cited.

use super::finding::src;

/// Configure BFD over ExpressRoute (the MSEE timers, the router configuration).
pub const DOC_BFD: &str = "https://learn.microsoft.com/azure/expressroute/expressroute-bfd";
/// Designing for high availability with ExpressRoute (the two links, ECMP).
pub const DOC_HA: &str =
    "https://learn.microsoft.com/azure/expressroute/designing-for-high-availability-with-expressroute";
/// Azure regions with restricted access.
pub const DOC_RESTRICTED: &str =
    "https://learn.microsoft.com/azure/reliability/regions-list#restricted-access-regions";

/// One explained word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Term {
    /// Stable key, used in element ids: `msee`.
    pub key: &'static str,
    /// The word as the page shows it: "MSEE".
    pub term: &'static str,
    /// What it means, in two or three sentences.
    pub text: &'static str,
    /// The Microsoft Learn page it comes from.
    pub source: &'static str,
}

/// Every explained word, in the order a design meets them.
pub static TERMS: &[Term] = &[
    Term {
        key: "restricted",
        term: "Restricted region",
        text: "An Azure region marked (restricted) is open only to some customers (for example those with a presence in its country, or for in-country disaster recovery): your subscription may need access granted before you can deploy there.",
        source: DOC_RESTRICTED,
    },
    Term {
        key: "peering-location",
        term: "Peering location",
        text: "The meet-me site (a colocation facility) where your provider or your ExpressRoute Direct ports connect to Microsoft's network. It is not an Azure region: a circuit at one location reaches the regions its SKU allows.",
        source: src::DOC_LOC,
    },
    Term {
        key: "zone",
        term: "Zone",
        text: "The pricing zone of a peering location (zone 1 to 4 in the locations list): it sets the price of outbound data on Metered circuits and of Unlimited plans. It has nothing to do with availability zones.",
        source: src::DOC_LOC,
    },
    Term {
        key: "msee",
        term: "MSEE",
        text: "Microsoft Enterprise Edge router: Microsoft's router at the peering location where your circuit ends. Each circuit ends on a pair of MSEEs, one per link; your routers run BGP with them (Microsoft's side is AS 12076).",
        source: src::DOC_PEERINGS,
    },
    Term {
        key: "links",
        term: "Primary and secondary link",
        text: "Every circuit has two links, each from one of your routers (or interfaces) to one MSEE, each with its own /30 (or /126) and BGP session. Configure both, active-active: the SLA covers the pair, and a single link leaves no redundancy.",
        source: DOC_HA,
    },
    Term {
        key: "private-peering",
        term: "Private peering (Pvt)",
        text: "Azure private peering carries traffic between your network and the private address space of your virtual networks. VNet connections and Global Reach use it. The diagram abbreviates it Pvt.",
        source: src::DOC_PEERINGS,
    },
    Term {
        key: "microsoft-peering",
        term: "Microsoft peering (MS)",
        text: "Microsoft peering reaches Microsoft's public services (Microsoft 365, Azure public endpoints) over the circuit, with public addresses and prefixes registered to you. A route filter chooses which services' routes you receive. The diagram abbreviates it MS.",
        source: src::DOC_PEERINGS,
    },
    Term {
        key: "bfd",
        term: "BFD",
        text: "Bidirectional Forwarding Detection notices a failed link in under a second, so BGP moves traffic to the other link at once instead of waiting for its hold timer. The MSEEs have it enabled (300 ms × 3); enable it on your routers too, as the router exports do.",
        source: DOC_BFD,
    },
    Term {
        key: "route-filter",
        term: "Route filter",
        text: "A routeFilters resource attached to Microsoft peering: its rule lists the BGP communities of the services (for example 12076:5050, Azure Global Services) whose prefixes Microsoft advertises to you. Without one, Microsoft peering receives no routes.",
        source: src::DOC_ROUTEFILTER,
    },
    Term {
        key: "ecmp",
        term: "ECMP",
        text: "Equal-cost multi-path: when several circuits advertise the same prefixes with equal routing weight and AS path, the gateway spreads traffic across them (up to 4 circuits). Unequal weights or AS-path prepending make one path preferred instead.",
        source: DOC_HA,
    },
    Term {
        key: "global-reach",
        term: "Global Reach",
        text: "Global Reach links the private peerings of two circuits, so your sites behind them reach each other through Microsoft's backbone. It needs a /29 (and /125 for IPv6) unused anywhere else, and both circuits' locations must support it.",
        source: src::DOC_GR,
    },
    Term {
        key: "fastpath",
        term: "FastPath",
        text: "With FastPath the traffic from your network goes straight to the VMs, bypassing the gateway (which still exchanges routes). It needs an ErGw3AZ, UltraPerformance or ErGwScale gateway with at least 10 scale units.",
        source: src::DOC_FASTPATH,
    },
    Term {
        key: "ergwscale",
        term: "ErGwScale",
        text: "The scalable ExpressRoute gateway: its capacity is set in scale units (about 1 Gbps each) between a minimum and a maximum, and it autoscales between them. Equal minimum and maximum give a fixed size.",
        source: src::DOC_SCALE,
    },
];

/// The explained word with key `key`.
pub fn term(key: &str) -> Option<&'static Term> {
    TERMS.iter().find(|t| t.key == key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_term_has_a_text_and_a_microsoft_learn_source() {
        assert!(TERMS.len() >= 12);
        for t in TERMS {
            assert!(
                !t.key.is_empty()
                    && t.key
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{}: key usable in an id",
                t.key
            );
            assert!(t.text.len() > 60 && t.text.ends_with('.'), "{}", t.key);
            assert!(!t.term.is_empty(), "{}", t.key);
            assert!(
                t.source.starts_with("https://learn.microsoft.com/"),
                "{}: {}",
                t.key,
                t.source
            );
            assert_eq!(term(t.key), Some(t));
            assert_eq!(
                TERMS.iter().filter(|x| x.key == t.key).count(),
                1,
                "{}",
                t.key
            );
        }
        assert_eq!(term("nothing"), None);
    }

    #[test]
    fn the_words_the_issue_names_are_explained() {
        for key in [
            "msee",
            "private-peering",
            "microsoft-peering",
            "ecmp",
            "zone",
            "restricted",
            "links",
            "bfd",
            "route-filter",
            "global-reach",
            "fastpath",
            "ergwscale",
        ] {
            assert!(term(key).is_some(), "{key}");
        }
    }
}
