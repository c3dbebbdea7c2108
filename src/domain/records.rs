//! The design's records kept by field path, [`Design::acknowledged`] and
//! [`Design::given_at_deployment`], follow their items when a list shrinks: a record of a removed
//! item goes with it, one of a later item moves to that item's new index. Without this, removing
//! connection 1 would hand its acknowledged warnings to the connection that took its place.

use super::field::{index_in, with_index, FieldPath, List};
use super::model::Design;

/// The new index of each old item of a list after `keep` dropped some (`None`: dropped).
pub fn retain_indexed<T>(v: &mut Vec<T>, mut keep: impl FnMut(&T) -> bool) -> Vec<Option<usize>> {
    let mut next = 0;
    let map: Vec<Option<usize>> = v
        .iter()
        .map(|item| {
            keep(item).then(|| {
                next += 1;
                next - 1
            })
        })
        .collect();
    let mut old = map.iter();
    v.retain(|_| old.next().is_some_and(Option::is_some));
    map
}

/// The indexes after removing item `k` of a list of `len` items.
pub fn without(len: usize, k: usize) -> Vec<Option<usize>> {
    (0..len)
        .map(|i| match i.cmp(&k) {
            std::cmp::Ordering::Less => Some(i),
            std::cmp::Ordering::Equal => None,
            std::cmp::Ordering::Greater => Some(i - 1),
        })
        .collect()
}

/// `path` once `list`'s items moved as `map` says; `None` when its item was removed. A path
/// outside the list, or naming an index past `map`, stays as it is.
fn moved(path: &str, list: List, map: &[Option<usize>]) -> Option<String> {
    match index_in(path, list.key()) {
        Some((k, rest)) if k < map.len() => map[k].map(|n| with_index(list.key(), n, rest)),
        _ => Some(path.to_string()),
    }
}

/// Applies `change` to the path of every record: `None` drops the record.
fn rewrite(d: &mut Design, change: impl Fn(&str) -> Option<String>) {
    d.given_at_deployment = std::mem::take(&mut d.given_at_deployment)
        .into_iter()
        .filter_map(|p| change(&p))
        .collect();
    d.acknowledged = std::mem::take(&mut d.acknowledged)
        .into_iter()
        .filter_map(|entry| match entry.split_once(' ') {
            Some((code, path)) => change(path).map(|p| format!("{code} {p}")),
            None => Some(entry),
        })
        .collect();
}

/// The records of `list` after its items moved as `map` says
/// (from [`retain_indexed`] or [`without`]).
pub fn renumber(d: &mut Design, list: List, map: &[Option<usize>]) {
    if map.iter().enumerate().all(|(i, m)| *m == Some(i)) {
        return;
    }
    rewrite(d, |p| moved(p, list, map));
}

/// Drops the records of `part` and below (`circuits[0].microsoftPeering` once that peering is
/// removed).
pub fn forget(d: &mut Design, part: FieldPath) {
    rewrite(d, |p| (!part.contains_text(p)).then(|| p.to_string()));
}

/// Removes item `k` of `list` (the design's list of that name, given as `items`) and renumbers
/// its records; whether there was such an item.
pub fn remove_item<T>(
    d: &mut Design,
    list: List,
    items: fn(&mut Design) -> &mut Vec<T>,
    k: usize,
) -> bool {
    let len = items(d).len();
    if k >= len {
        return false;
    }
    items(d).remove(k);
    renumber(d, list, &without(len, k));
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn design(records: &[&str]) -> Design {
        Design {
            given_at_deployment: records.iter().map(|r| r.to_string()).collect(),
            acknowledged: records.iter().map(|r| format!("ER-X-001 {r}")).collect(),
            ..Design::default()
        }
    }

    fn paths(d: &Design) -> Vec<String> {
        let acks: Vec<String> = d
            .acknowledged
            .iter()
            .map(|a| a.strip_prefix("ER-X-001 ").unwrap_or(a).to_string())
            .collect();
        assert_eq!(acks, d.given_at_deployment, "both records move alike");
        acks
    }

    #[test]
    fn removing_an_item_moves_later_records_down_and_drops_its_own() {
        let mut d = design(&[
            "connections[0].name",
            "connections[1].authorizationKey",
            "connections[2].circuit",
            "connections[10].name",
            "gateways[1].name",
            "circuits[1].name",
        ]);
        renumber(&mut d, List::Connections, &without(11, 1));
        assert_eq!(
            paths(&d),
            [
                "connections[0].name",
                "connections[1].circuit",
                "connections[9].name",
                "gateways[1].name",
                "circuits[1].name",
            ]
        );
    }

    #[test]
    fn index_boundaries() {
        // (path, list, map, expected)
        type Case<'a> = (&'a str, List, &'a [Option<usize>], Option<&'a str>);
        let cases: &[Case] = &[
            ("connections[0]", List::Connections, &[None], None),
            (
                "connections[0]",
                List::Connections,
                &[Some(0)],
                Some("connections[0]"),
            ),
            (
                "connections[1].x",
                List::Connections,
                &[None, Some(0)],
                Some("connections[0].x"),
            ),
            // An index past the map (a stale record) stays as it is.
            (
                "connections[2].x",
                List::Connections,
                &[None, Some(0)],
                Some("connections[2].x"),
            ),
            (
                "connections[1][2]",
                List::Connections,
                &[None, Some(0)],
                Some("connections[0][2]"),
            ),
            // Not an index of this list.
            (
                "connectionsX[1]",
                List::Connections,
                &[None, Some(0)],
                Some("connectionsX[1]"),
            ),
            (
                "connections[]",
                List::Connections,
                &[None],
                Some("connections[]"),
            ),
            (
                "connections[a]",
                List::Connections,
                &[None],
                Some("connections[a]"),
            ),
            (
                "connections[1]x",
                List::Connections,
                &[None, Some(0)],
                Some("connections[1]x"),
            ),
            (
                "connections[99999999999999999999999]",
                List::Connections,
                &[None],
                Some("connections[99999999999999999999999]"),
            ),
            (
                "circuits[0].connections[0]",
                List::Connections,
                &[None],
                Some("circuits[0].connections[0]"),
            ),
            ("", List::Connections, &[None], Some("")),
        ];
        for (path, list, map, want) in cases {
            assert_eq!(moved(path, *list, map).as_deref(), *want, "{path}");
        }
    }

    #[test]
    fn retain_indexed_maps_old_to_new() {
        let mut v = vec!['a', 'b', 'c', 'd'];
        let map = retain_indexed(&mut v, |c| *c != 'b' && *c != 'c');
        assert_eq!(v, ['a', 'd']);
        assert_eq!(map, [Some(0), None, None, Some(1)]);
        assert_eq!(without(3, 0), [None, Some(0), Some(1)]);
        assert_eq!(without(3, 2), [Some(0), Some(1), None]);
    }

    #[test]
    fn forget_drops_a_part_and_below_only() {
        let mut d = design(&[
            "circuits[0].microsoftPeering",
            "circuits[0].microsoftPeering.vlanId",
            "circuits[0].microsoftPeering.advertisedPrefixes[2]",
            "circuits[0].microsoftPeeringX",
            "circuits[1].microsoftPeering.vlanId",
            "circuits[0].privatePeering.vlanId",
        ]);
        forget(
            &mut d,
            crate::domain::field::peering_of(0, crate::domain::field::Side::Microsoft),
        );
        assert_eq!(
            paths(&d),
            [
                "circuits[0].microsoftPeeringX",
                "circuits[1].microsoftPeering.vlanId",
                "circuits[0].privatePeering.vlanId",
            ]
        );
    }

    #[test]
    fn remove_item_removes_and_renumbers() {
        let mut d = design(&["globalReach[0].name", "globalReach[1].name"]);
        d.global_reach = vec![Default::default(), Default::default()];
        assert!(!remove_item(
            &mut d,
            List::GlobalReach,
            |d| &mut d.global_reach,
            2
        ));
        assert!(remove_item(
            &mut d,
            List::GlobalReach,
            |d| &mut d.global_reach,
            0
        ));
        assert_eq!(d.global_reach.len(), 1);
        assert_eq!(paths(&d), ["globalReach[0].name"]);
    }
}
