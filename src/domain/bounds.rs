//! Limits on work, not only bytes: how many items each list of a design may hold, how many JSON
//! values an imported file may hold, and how many resources an ARM template may declare.
//!
//! The byte limit ([`super::io::MAX_INPUT_BYTES`], 5 MB) alone lets a file hold 1.7 million empty
//! circuits (`{"circuits":[{},{},…]}`), which a parser would turn into gigabytes. So the lists are
//! counted *before* anything is built: [`count_design`] walks the JSON text with a serde visitor
//! that keeps nothing and stops at the first list over its limit, in time proportional to the
//! text read so far and with memory bounded by the nesting depth. [`check_design`] applies the
//! same limits to a design built another way (an ARM template or `az` output, where copy loops
//! can multiply resources).
//!
//! Every limit is derived from one of Azure's own, named on the limit, and set well above it, so
//! nothing Azure can deploy is refused and the rules that warn above Azure's figure still run:
//! - Azure subscription and service limits, ExpressRoute limits and Networking limits
//!   (<https://learn.microsoft.com/azure/azure-resource-manager/management/azure-subscription-service-limits#expressroute-limits>),
//!   and the same figures as data in [`super::limits`];
//! - ARM template limits
//!   (<https://learn.microsoft.com/azure/azure-resource-manager/templates/best-practices#template-limits>).
//!
//! Pure and panic-free; shared by `erwiz`, the export/import worker and the page through
//! [`super::io::parse_design`] and [`super::import`].

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use std::cell::{Cell, RefCell};
use std::fmt;

use super::field::{
    self, CircuitKey, FieldPath, FilterField, FilterKey, PeeringKey, Side, VnetField, VnetKey,
};
use super::limits;
use super::model::{Design, SkuTier};

/// The limit on one list of a design (or of an imported file).
#[derive(Debug)]
pub struct ListLimit {
    /// The list's JSON key (`circuits`, `subnets`, …).
    pub key: &'static str,
    /// What its items are, plural ("circuits", "subnets").
    pub what: &'static str,
    /// Most items accepted.
    pub limit: usize,
    /// Where the limit comes from: Azure's figure it is derived from.
    pub why: &'static str,
    /// Lists inside each item (items are objects), or inside an object field of each item.
    pub inside: &'static [Inner],
    /// The list may be written as one string of items separated by commas, spaces or new lines
    /// (as `onPremRoutes` and the prefix lists may; see `model::split_list`).
    pub text: bool,
}

/// A list (or an object holding lists) inside each item of a list.
#[derive(Debug)]
pub enum Inner {
    /// A list field of the item.
    List(&'static ListLimit),
    /// An object field of the item (`microsoftPeering`) and the lists inside it.
    Object(&'static str, &'static [&'static ListLimit]),
}

/// Azure allows 50 circuits per subscription by default (DOC-LIMITS: "ExpressRoute circuits per
/// subscription", raised by a support request); a design holds one subscription's circuits.
pub static CIRCUITS: ListLimit = ListLimit {
    key: "circuits",
    what: "circuits",
    limit: 500,
    why: "10 times Azure's 50 ExpressRoute circuits per subscription",
    inside: &[
        Inner::List(&AUTHORIZATIONS),
        Inner::List(&TAGS),
        Inner::Object(
            "microsoftPeering",
            &[&ADVERTISED_PREFIXES, &ADVERTISED_PREFIXES_V6],
        ),
    ],
    text: false,
};

/// One authorization redeems one connection, and a circuit links at most 100 VNets
/// ([`limits::VNET_LINKS_PER_CIRCUIT`], Premium at 10 Gbps and more).
pub static AUTHORIZATIONS: ListLimit = ListLimit {
    key: "authorizations",
    what: "authorizations",
    limit: 1_000,
    why: "10 times Azure's 100 VNet links per circuit",
    inside: &[],
    text: false,
};

/// ARM allows 50 tags per resource.
pub static TAGS: ListLimit = ListLimit {
    key: "tags",
    what: "tags",
    limit: 500,
    why: "10 times Azure's 50 tags per resource",
    inside: &[],
    text: false,
};

/// A Microsoft peering session accepts 200 prefixes per address family
/// ([`limits::MICROSOFT_PEERING_ROUTES`]).
pub static ADVERTISED_PREFIXES: ListLimit = ListLimit {
    key: "advertisedPrefixes",
    what: "advertised prefixes",
    limit: 2_000,
    why: "10 times Azure's 200 prefixes per Microsoft peering session",
    inside: &[],
    text: true,
};

/// The IPv6 prefixes of a Microsoft peering (same limit as IPv4).
pub static ADVERTISED_PREFIXES_V6: ListLimit = ListLimit {
    key: "advertisedPrefixesV6",
    what: "advertised IPv6 prefixes",
    limit: 2_000,
    why: "10 times Azure's 200 prefixes per Microsoft peering session",
    inside: &[],
    text: true,
};

/// A Direct circuit needs its own port pair, so no more ports than circuits are useful.
pub static DIRECT_PORTS: ListLimit = ListLimit {
    key: "directPorts",
    what: "ExpressRoute Direct ports",
    limit: 500,
    why:
        "10 times Azure's 50 ExpressRoute circuits per subscription, each on at most one port pair",
    inside: &[],
    text: false,
};

/// Azure allows 1,000 route filters per region per subscription (Networking limits).
pub static ROUTE_FILTERS: ListLimit = ListLimit {
    key: "routeFilters",
    what: "route filters",
    limit: 1_000,
    why: "Azure's 1,000 route filters per region per subscription",
    inside: &[Inner::List(&COMMUNITIES)],
    text: false,
};

/// A route filter rule holds up to 1,000 BGP communities (Networking limits).
pub static COMMUNITIES: ListLimit = ListLimit {
    key: "communities",
    what: "BGP communities",
    limit: 10_000,
    why: "10 times Azure's 1,000 communities per route filter rule",
    inside: &[],
    text: true,
};

/// Azure allows 1,000 virtual networks per subscription (per region; Networking limits).
pub static VIRTUAL_NETWORKS: ListLimit = ListLimit {
    key: "virtualNetworks",
    what: "virtual networks",
    limit: 10_000,
    why: "10 times Azure's 1,000 virtual networks per subscription and region",
    inside: &[Inner::List(&ADDRESS_SPACES), Inner::List(&SUBNETS)],
    text: false,
};

/// A gateway advertises at most 1,000 IPv4 routes from its VNet address space
/// ([`limits::VNET_ROUTES_V4`]).
pub static ADDRESS_SPACES: ListLimit = ListLimit {
    key: "addressSpaces",
    what: "address spaces",
    limit: 2_000,
    why: "twice Azure's 1,000 routes a gateway advertises from its VNet address space",
    inside: &[],
    text: true,
};

/// Azure allows 3,000 subnets per virtual network (Networking limits).
pub static SUBNETS: ListLimit = ListLimit {
    key: "subnets",
    what: "subnets",
    limit: 3_000,
    why: "Azure's 3,000 subnets per virtual network",
    inside: &[],
    text: false,
};

/// One ExpressRoute gateway per virtual network.
pub static GATEWAYS: ListLimit = ListLimit {
    key: "gateways",
    what: "gateways",
    limit: 10_000,
    why: "one gateway per virtual network, and 10 times Azure's 1,000 virtual networks",
    inside: &[],
    text: false,
};

/// 50 circuits with at most 100 VNet links each ([`limits::VNET_LINKS_PER_CIRCUIT`]).
pub static CONNECTIONS: ListLimit = ListLimit {
    key: "connections",
    what: "connections",
    limit: 10_000,
    why: "twice Azure's 50 circuits per subscription with 100 VNet links each",
    inside: &[],
    text: false,
};

/// Global Reach links count against the same 100 links per circuit.
pub static GLOBAL_REACH: ListLimit = ListLimit {
    key: "globalReach",
    what: "Global Reach links",
    limit: 10_000,
    why: "twice Azure's 50 circuits per subscription with 100 links each (Global Reach links count as VNet links)",
    inside: &[],
    text: false,
};

/// A Premium circuit accepts 10,000 IPv4 and 100 IPv6 on-premises routes
/// ([`limits::on_prem_v4_limit`]); twice that, so the rule that warns above it still runs.
pub static ON_PREM_ROUTES: ListLimit = ListLimit {
    key: "onPremRoutes",
    what: "on-premises routes",
    limit: 20_200,
    why: "twice Azure's 10,000 IPv4 and 100 IPv6 routes a Premium circuit accepts from on-premises",
    inside: &[],
    text: true,
};

/// Acknowledged warnings ([`super::acknowledge`]): one per warning the user accepted. Not an
/// Azure figure: a bound on the list's work, far above the warnings a design at Azure's limits
/// raises in practice (a few per resource).
pub static ACKNOWLEDGED: ListLimit = ListLimit {
    key: "acknowledged",
    what: "acknowledged warnings",
    limit: 5_000,
    why: "a few warnings per resource of a design at Azure's default quotas",
    inside: &[],
    text: false,
};

/// All lists of a design together: a bound on the work of the rules engine, not an Azure figure
/// (a design at Azure's default quotas holds a few thousand items).
pub static TOTAL: ListLimit = ListLimit {
    key: "",
    what: "items in all its lists together",
    limit: 100_000,
    why: "a design at Azure's limits holds a few thousand",
    inside: &[],
    text: false,
};

/// The lists of a design file, top level first.
pub static DESIGN: &[&ListLimit] = &[
    &CIRCUITS,
    &DIRECT_PORTS,
    &ROUTE_FILTERS,
    &VIRTUAL_NETWORKS,
    &GATEWAYS,
    &CONNECTIONS,
    &GLOBAL_REACH,
    &ON_PREM_ROUTES,
    &ACKNOWLEDGED,
];

/// ARM template limits: 800 resources per template, copies included.
pub static RESOURCES: ListLimit = ListLimit {
    key: "resources",
    what: "resources",
    limit: 800,
    why: "ARM's 800 resources per template",
    inside: &[],
    text: false,
};

/// The lists of an ARM template (nested templates count their own).
pub static TEMPLATE: &[&ListLimit] = &[&RESOURCES];

/// Most JSON values (every number, string, array, object and object member counts) in a
/// template, parameters file or `az` output: these are read into `serde_json::Value`, some 50
/// bytes each. ARM's largest template is 4 MB; Azure Verified Modules' templates hold some ten
/// thousand values.
pub const MAX_JSON_VALUES: usize = 500_000;

/// A list over its limit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exceeded {
    /// Where: the list's JSON path (`virtualNetworks[3].subnets`), empty for the total.
    pub list: String,
    /// What its items are ("subnets").
    pub what: &'static str,
    /// The limit passed.
    pub limit: usize,
    /// Where the limit comes from.
    pub why: &'static str,
}

impl fmt::Display for Exceeded {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.list.is_empty() {
            write!(
                f,
                "more than {} {}: the limit is {} ({})",
                self.limit, self.what, self.limit, self.why
            )
        } else {
            write!(
                f,
                "{} holds more than {} {}: the limit is {} ({})",
                self.list, self.limit, self.what, self.limit, self.why
            )
        }
    }
}

impl Exceeded {
    fn of(l: &ListLimit, list: String) -> Exceeded {
        Exceeded {
            list,
            what: l.what,
            limit: l.limit,
            why: l.why,
        }
    }
}

/// The shared state of one count: items seen in all lists, and the first list over its limit.
struct Count {
    total: Cell<usize>,
    total_limit: &'static ListLimit,
    over: RefCell<Option<Exceeded>>,
}

impl Count {
    fn new(total_limit: &'static ListLimit) -> Count {
        Count {
            total: Cell::new(0),
            total_limit,
            over: RefCell::new(None),
        }
    }

    /// Counts one item of `l` (the `n`-th, from 1) at `path`; `Err` when a limit is passed.
    fn item<E: de::Error>(&self, l: &'static ListLimit, n: usize, path: &str) -> Result<(), E> {
        let total = self.total.get().saturating_add(1);
        self.total.set(total);
        let over = if n > l.limit {
            Some(Exceeded::of(l, path.to_string()))
        } else if total > self.total_limit.limit {
            Some(Exceeded::of(self.total_limit, String::new()))
        } else {
            None
        };
        match over {
            Some(e) => {
                *self.over.borrow_mut() = Some(e);
                Err(E::custom("too many items"))
            }
            None => Ok(()),
        }
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// Accepts any JSON value and keeps nothing: what the counting visitors do with values they
/// don't count (type errors are left to the real parser).
macro_rules! accept_scalars {
    () => {
        fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
            Ok(())
        }
        fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
            Ok(())
        }
        fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
            Ok(())
        }
        fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
            Ok(())
        }
        fn visit_unit<E: de::Error>(self) -> Result<(), E> {
            Ok(())
        }
        fn visit_none<E: de::Error>(self) -> Result<(), E> {
            Ok(())
        }
    };
}

/// An object whose fields named in `lists` (or `inner`) are counted.
struct Obj<'c> {
    count: &'c Count,
    lists: &'static [&'static ListLimit],
    inner: &'static [Inner],
    path: String,
}

impl<'de> DeserializeSeed<'de> for Obj<'_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Obj<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    accept_scalars!();
    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            let list = self
                .lists
                .iter()
                .find(|l| l.key == key)
                .copied()
                .or_else(|| {
                    self.inner.iter().find_map(|i| match i {
                        Inner::List(l) if l.key == key => Some(*l),
                        _ => None,
                    })
                });
            let object = self.inner.iter().find_map(|i| match i {
                Inner::Object(k, lists) if *k == key => Some(*lists),
                _ => None,
            });
            let path = join(&self.path, &key);
            if let Some(l) = list {
                map.next_value_seed(List {
                    count: self.count,
                    limit: l,
                    path,
                })?;
            } else if let Some(lists) = object {
                map.next_value_seed(Obj {
                    count: self.count,
                    lists,
                    inner: &[],
                    path,
                })?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(())
    }
}

/// A list counted against `limit`; its items' own lists are counted too.
struct List<'c> {
    count: &'c Count,
    limit: &'static ListLimit,
    path: String,
}

impl<'de> DeserializeSeed<'de> for List<'_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for List<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    accept_scalars!();
    fn visit_str<E: de::Error>(self, v: &str) -> Result<(), E> {
        if self.limit.text {
            let items = v
                .split(|c: char| c == ',' || c == ';' || c.is_whitespace())
                .filter(|s| !s.is_empty());
            for (i, _) in items.enumerate() {
                self.count.item(self.limit, i + 1, &self.path)?;
            }
        }
        Ok(())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut n = 0usize;
        loop {
            let more = if self.limit.inside.is_empty() {
                seq.next_element::<IgnoredAny>()?.is_some()
            } else {
                seq.next_element_seed(Obj {
                    count: self.count,
                    lists: &[],
                    inner: self.limit.inside,
                    path: format!("{}[{n}]", self.path),
                })?
                .is_some()
            };
            if !more {
                return Ok(());
            }
            n += 1;
            self.count.item(self.limit, n, &self.path)?;
        }
    }
}

/// Counts the lists of a JSON object (`lists` at its top level, with their inner lists), at
/// most `total.limit` items in all, without building anything. `Err` names the first list
/// over its limit; JSON that does not parse, or has other types, is `Ok`: the real parser
/// reports it.
pub fn count_lists(
    text: &str,
    lists: &'static [&'static ListLimit],
    total: &'static ListLimit,
) -> Result<(), Exceeded> {
    let count = Count::new(total);
    let mut de = serde_json::Deserializer::from_str(text);
    let _ = Obj {
        count: &count,
        lists,
        inner: &[],
        path: String::new(),
    }
    .deserialize(&mut de);
    match count.over.into_inner() {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

/// Counts a design file's lists ([`DESIGN`] and the lists inside their items) before it is
/// parsed. See [`count_lists`].
pub fn count_design(text: &str) -> Result<(), Exceeded> {
    count_lists(text, DESIGN, &TOTAL)
}

/// Counts the JSON values of `text` (see [`MAX_JSON_VALUES`]) without building them: `Err`
/// with the limit when there are more. JSON that does not parse is `Ok` (the parser reports it).
pub fn count_values(text: &str) -> Result<(), Exceeded> {
    struct Values<'c>(&'c Cell<usize>);
    impl Values<'_> {
        fn one<E: de::Error>(&self) -> Result<(), E> {
            let n = self.0.get().saturating_add(1);
            self.0.set(n);
            if n > MAX_JSON_VALUES {
                Err(E::custom("too many values"))
            } else {
                Ok(())
            }
        }
    }
    impl<'de> DeserializeSeed<'de> for Values<'_> {
        type Value = ();
        fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
            d.deserialize_any(self)
        }
    }
    impl<'de> Visitor<'de> for Values<'_> {
        type Value = ();
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("any JSON value")
        }
        fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
            self.one()
        }
        fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
            self.one()
        }
        fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
            self.one()
        }
        fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
            self.one()
        }
        fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
            self.one()
        }
        fn visit_unit<E: de::Error>(self) -> Result<(), E> {
            self.one()
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
            self.one()?;
            while seq.next_element_seed(Values(self.0))?.is_some() {}
            Ok(())
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
            self.one()?;
            while map.next_key::<IgnoredAny>()?.is_some() {
                self.one()?;
                map.next_value_seed(Values(self.0))?;
            }
            Ok(())
        }
    }
    let n = Cell::new(0);
    let mut de = serde_json::Deserializer::from_str(text);
    let _ = Values(&n).deserialize(&mut de);
    if n.get() > MAX_JSON_VALUES {
        Err(Exceeded {
            list: String::new(),
            what: "JSON values",
            limit: MAX_JSON_VALUES,
            why: "ARM templates are at most 4 MB; real ones hold some ten thousand values",
        })
    } else {
        Ok(())
    }
}

/// Checks a design built in memory (by an import) against the same limits as [`count_design`].
pub fn check_design(d: &Design) -> Result<(), Exceeded> {
    let mut total = 0usize;
    // `path` is the list's place; `None` for a top-level list (its key).
    let mut list = |l: &'static ListLimit, len: usize, path: Option<FieldPath>| {
        total = total.saturating_add(len);
        if len > l.limit {
            Err(Exceeded::of(
                l,
                path.map_or_else(|| l.key.to_string(), String::from),
            ))
        } else if total > TOTAL.limit {
            Err(Exceeded::of(&TOTAL, String::new()))
        } else {
            Ok(())
        }
    };
    list(&CIRCUITS, d.circuits.len(), None)?;
    for (i, c) in d.circuits.iter().enumerate() {
        let at = |k: CircuitKey| Some(field::circuit(i, k));
        list(
            &AUTHORIZATIONS,
            c.authorizations.len(),
            at(CircuitKey::Authorizations),
        )?;
        list(&TAGS, c.tags.len(), at(CircuitKey::Tags))?;
        if let Some(m) = &c.microsoft_peering {
            let at = |k: PeeringKey| Some(field::peering(i, Side::Microsoft, k));
            list(
                &ADVERTISED_PREFIXES,
                m.advertised_prefixes.len(),
                at(PeeringKey::AdvertisedPrefixes),
            )?;
            list(
                &ADVERTISED_PREFIXES_V6,
                m.advertised_prefixes_v6.len(),
                at(PeeringKey::AdvertisedPrefixesV6),
            )?;
        }
    }
    list(&DIRECT_PORTS, d.direct_ports.len(), None)?;
    list(&ROUTE_FILTERS, d.route_filters.len(), None)?;
    for (i, r) in d.route_filters.iter().enumerate() {
        list(
            &COMMUNITIES,
            r.communities.len(),
            Some(FieldPath::RouteFilter(
                i,
                Some(FilterField::Key(FilterKey::Communities)),
            )),
        )?;
    }
    list(&VIRTUAL_NETWORKS, d.virtual_networks.len(), None)?;
    for (i, v) in d.virtual_networks.iter().enumerate() {
        list(
            &ADDRESS_SPACES,
            v.address_spaces.len(),
            Some(FieldPath::Vnet(
                i,
                Some(VnetField::Key(VnetKey::AddressSpaces)),
            )),
        )?;
        list(
            &SUBNETS,
            v.subnets.len(),
            Some(FieldPath::Vnet(i, Some(VnetField::Key(VnetKey::Subnets)))),
        )?;
    }
    list(&GATEWAYS, d.gateways.len(), None)?;
    list(&CONNECTIONS, d.connections.len(), None)?;
    list(&GLOBAL_REACH, d.global_reach.len(), None)?;
    list(&ON_PREM_ROUTES, d.on_prem_routes.len(), None)?;
    list(&ACKNOWLEDGED, d.acknowledged.len(), None)?;
    Ok(())
}

/// Every limit is at or above the Azure figure it is derived from (a design Azure accepts is
/// never refused). Used by the tests; public so the figures are checked where they are kept.
pub fn azure_figures() -> [(&'static ListLimit, u64); 9] {
    let links = limits::VNET_LINKS_PER_CIRCUIT
        .iter()
        .map(|l| u64::from(l.premium))
        .max()
        .unwrap_or(0);
    let on_prem = u64::from(limits::on_prem_v4_limit(SkuTier::Premium))
        + u64::from(limits::on_prem_v6_limit(SkuTier::Premium));
    [
        (&CIRCUITS, 50),
        (&AUTHORIZATIONS, links),
        (
            &ADVERTISED_PREFIXES,
            u64::from(limits::MICROSOFT_PEERING_ROUTES),
        ),
        (
            &ADVERTISED_PREFIXES_V6,
            u64::from(limits::MICROSOFT_PEERING_ROUTES),
        ),
        (&ADDRESS_SPACES, u64::from(limits::VNET_ROUTES_V4)),
        (&SUBNETS, 3_000),
        (&CONNECTIONS, 50 * links),
        (&GLOBAL_REACH, 50 * links),
        (&ON_PREM_ROUTES, on_prem),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items(n: usize, item: &str) -> String {
        vec![item; n].join(",")
    }

    #[test]
    fn limits_are_at_or_above_azure() {
        for (l, azure) in azure_figures() {
            assert!(l.limit as u64 >= azure, "{}: {} < {azure}", l.key, l.limit);
        }
    }

    #[test]
    fn every_list_is_counted_at_its_boundary() {
        // (list limit, JSON with `n` items, path named in the error)
        type Case = (&'static ListLimit, fn(usize) -> String, &'static str);
        let cases: &[Case] = &[
            (
                &CIRCUITS,
                |n| format!(r#"{{"circuits":[{}]}}"#, items(n, "{}")),
                "circuits",
            ),
            (
                &AUTHORIZATIONS,
                |n| {
                    format!(
                        r#"{{"circuits":[{{}},{{"authorizations":[{}]}}]}}"#,
                        items(n, "{}")
                    )
                },
                "circuits[1].authorizations",
            ),
            (
                &TAGS,
                |n| format!(r#"{{"circuits":[{{"tags":[{}]}}]}}"#, items(n, "{}")),
                "circuits[0].tags",
            ),
            (
                &ADVERTISED_PREFIXES,
                |n| {
                    format!(
                        r#"{{"circuits":[{{"microsoftPeering":{{"advertisedPrefixes":[{}]}}}}]}}"#,
                        items(n, "\"1.1.1.0/24\"")
                    )
                },
                "circuits[0].microsoftPeering.advertisedPrefixes",
            ),
            (
                &ADVERTISED_PREFIXES_V6,
                |n| {
                    format!(
                        r#"{{"circuits":[{{"microsoftPeering":{{"advertisedPrefixesV6":"{}"}}}}]}}"#,
                        vec!["2001:db8::/48"; n].join(" ")
                    )
                },
                "circuits[0].microsoftPeering.advertisedPrefixesV6",
            ),
            (
                &DIRECT_PORTS,
                |n| format!(r#"{{"directPorts":[{}]}}"#, items(n, "{}")),
                "directPorts",
            ),
            (
                &ROUTE_FILTERS,
                |n| format!(r#"{{"routeFilters":[{}]}}"#, items(n, "{}")),
                "routeFilters",
            ),
            (
                &COMMUNITIES,
                |n| {
                    format!(
                        r#"{{"routeFilters":[{{"communities":[{}]}}]}}"#,
                        items(n, "\"12076:5010\"")
                    )
                },
                "routeFilters[0].communities",
            ),
            (
                &VIRTUAL_NETWORKS,
                |n| format!(r#"{{"virtualNetworks":[{}]}}"#, items(n, "{}")),
                "virtualNetworks",
            ),
            (
                &ADDRESS_SPACES,
                |n| {
                    format!(
                        r#"{{"virtualNetworks":[{{"addressSpaces":[{}]}}]}}"#,
                        items(n, "\"10.0.0.0/16\"")
                    )
                },
                "virtualNetworks[0].addressSpaces",
            ),
            (
                &SUBNETS,
                |n| {
                    format!(
                        r#"{{"virtualNetworks":[{{}},{{}},{{"subnets":[{}]}}]}}"#,
                        items(n, "{}")
                    )
                },
                "virtualNetworks[2].subnets",
            ),
            (
                &GATEWAYS,
                |n| format!(r#"{{"gateways":[{}]}}"#, items(n, "{}")),
                "gateways",
            ),
            (
                &CONNECTIONS,
                |n| format!(r#"{{"connections":[{}]}}"#, items(n, "{}")),
                "connections",
            ),
            (
                &GLOBAL_REACH,
                |n| format!(r#"{{"globalReach":[{}]}}"#, items(n, "{}")),
                "globalReach",
            ),
            (
                &ON_PREM_ROUTES,
                |n| {
                    format!(
                        r#"{{"onPremRoutes":"{}"}}"#,
                        vec!["10.0.0.0/8"; n].join(",\\n")
                    )
                },
                "onPremRoutes",
            ),
        ];
        for (l, json, path) in cases {
            assert_eq!(count_design(&json(l.limit)), Ok(()), "{path} at its limit");
            let e = count_design(&json(l.limit + 1)).expect_err(path);
            assert_eq!(e, Exceeded::of(l, path.to_string()), "{path}");
            let shown = e.to_string();
            assert!(
                shown.contains(path) && shown.contains(&l.limit.to_string()),
                "{shown}"
            );
            // The same limit applies to a design built in memory.
            if let Ok(d) = serde_json::from_str::<Design>(&json(l.limit + 1)) {
                assert_eq!(
                    check_design(&d),
                    Err(Exceeded::of(l, path.to_string())),
                    "{path}"
                );
            }
        }
    }

    #[test]
    fn the_total_is_limited() {
        // 40 virtual networks of 2,500 subnets: each list is under its limit, the total is not.
        let vnet = format!(r#"{{"subnets":[{}]}}"#, items(2_500, "{}"));
        let text = format!(r#"{{"virtualNetworks":[{}]}}"#, items(40, &vnet));
        assert_eq!(count_design(&text).expect_err("total").what, TOTAL.what);
        let text = format!(r#"{{"virtualNetworks":[{}]}}"#, items(39, &vnet));
        assert_eq!(count_design(&text), Ok(()));
    }

    #[test]
    fn other_shapes_are_left_to_the_parser() {
        for text in [
            "",
            "[",
            "5",
            r#"{"circuits":5}"#,
            r#"{"circuits":null,"virtualNetworks":{"a":1}}"#,
            r#"{"circuits":[null,"x",[1,2],{"authorizations":"a b"}]}"#,
            r#"{"circuits":[{"microsoftPeering":null}]}"#,
            r#"{"x":[1,2,{"circuits":[]}]}"#,
        ] {
            assert_eq!(count_design(text), Ok(()), "{text}");
        }
        // Unknown keys are not counted, however long.
        let text = format!(r#"{{"other":[{}]}}"#, items(200_000, "{}"));
        assert_eq!(count_design(&text), Ok(()));
    }

    #[test]
    fn values_are_counted() {
        let at = |n: usize| format!("[{}]", items(n - 1, "1"));
        assert_eq!(count_values(&at(MAX_JSON_VALUES)), Ok(()));
        assert!(count_values(&at(MAX_JSON_VALUES + 1)).is_err());
        // Object members count once for the key and once per value.
        let obj = |n: usize| {
            format!(
                "{{{}}}",
                (0..n)
                    .map(|i| format!("\"k{i}\":1"))
                    .collect::<Vec<_>>()
                    .join(",")
            )
        };
        assert_eq!(count_values(&obj((MAX_JSON_VALUES - 1) / 2)), Ok(()));
        assert!(count_values(&obj(MAX_JSON_VALUES / 2)).is_err());
    }

    #[test]
    fn resources_are_counted() {
        let t = |n: usize| format!(r#"{{"resources":[{}]}}"#, items(n, "{}"));
        assert_eq!(count_lists(&t(800), TEMPLATE, &TOTAL), Ok(()));
        assert_eq!(
            count_lists(&t(801), TEMPLATE, &TOTAL),
            Err(Exceeded::of(&RESOURCES, "resources".into()))
        );
    }
}
