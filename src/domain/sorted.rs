//! Sets and maps kept as sorted vectors. The rules' sets hold a few dozen entries at most; a
//! binary search over a `Vec` is as fast there as hashing, and it keeps the hash tables, SipHash
//! and their per-type code out of the wasm build.

/// Sorts `v` in place: a heapsort, O(n log n) and unstable, a few hundred bytes of wasm per
/// element type where the standard sorts take a few kilobytes. For types whose equal values are
/// identical (integers, tuples of them, strings) the result is the same as `sort_unstable`.
/// For short lists only: lists that grow with the design (routes, prefixes) use the standard
/// sort, which is several times faster on thousands of entries.
pub fn sort<T: Ord>(v: &mut [T]) {
    let n = v.len();
    for start in (0..n / 2).rev() {
        sift_down(v, start, n);
    }
    for end in (1..n).rev() {
        v.swap(0, end);
        sift_down(v, 0, end);
    }
}

/// Moves `v[root]` down the max-heap `v[..end]` to its place.
fn sift_down<T: Ord>(v: &mut [T], mut root: usize, end: usize) {
    loop {
        let mut child = 2 * root + 1;
        if child >= end {
            return;
        }
        if child + 1 < end && v[child] < v[child + 1] {
            child += 1;
        }
        if v[root] >= v[child] {
            return;
        }
        v.swap(root, child);
        root = child;
    }
}

/// A set of ordered values, sorted and without duplicates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VecSet<T>(Vec<T>);

impl<T> Default for VecSet<T> {
    fn default() -> Self {
        VecSet(Vec::new())
    }
}

impl<T: Ord> VecSet<T> {
    /// An empty set.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds `x`; `true` when it was not in the set yet.
    pub fn insert(&mut self, x: T) -> bool {
        match self.0.binary_search(&x) {
            Ok(_) => false,
            Err(i) => {
                self.0.insert(i, x);
                true
            }
        }
    }

    /// Whether `x` is in the set.
    pub fn contains(&self, x: &T) -> bool {
        self.0.binary_search(x).is_ok()
    }

    /// Number of values.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether the set is empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<T: Ord> FromIterator<T> for VecSet<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        // Insertion, not a sort: a sort would add a whole sort routine per element type.
        let mut set = VecSet::new();
        for x in iter {
            set.insert(x);
        }
        set
    }
}

/// A map from ordered keys to values, sorted by key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VecMap<K, V>(Vec<(K, V)>);

impl<K, V> Default for VecMap<K, V> {
    fn default() -> Self {
        VecMap(Vec::new())
    }
}

impl<K: Ord, V> VecMap<K, V> {
    /// An empty map.
    pub fn new() -> Self {
        Self::default()
    }

    fn find(&self, k: &K) -> Result<usize, usize> {
        self.0.binary_search_by(|(e, _)| e.cmp(k))
    }

    /// The value of `k`.
    pub fn get(&self, k: &K) -> Option<&V> {
        self.find(k)
            .ok()
            .and_then(|i| self.0.get(i))
            .map(|(_, v)| v)
    }

    /// The value of `k`, to change.
    pub fn get_mut(&mut self, k: &K) -> Option<&mut V> {
        self.find(k)
            .ok()
            .and_then(|i| self.0.get_mut(i))
            .map(|(_, v)| v)
    }

    /// Whether `k` has a value.
    pub fn contains_key(&self, k: &K) -> bool {
        self.find(k).is_ok()
    }

    /// Sets the value of `k`, returning the previous one.
    pub fn insert(&mut self, k: K, v: V) -> Option<V> {
        match self.find(&k) {
            Ok(i) => self.0.get_mut(i).map(|e| std::mem::replace(&mut e.1, v)),
            Err(i) => {
                self.0.insert(i, (k, v));
                None
            }
        }
    }

    /// Removes `k`, returning its value.
    pub fn remove(&mut self, k: &K) -> Option<V> {
        self.find(k).ok().map(|i| self.0.remove(i).1)
    }

    /// The value of `k`, inserting `v` first when `k` has none (`entry(k).or_insert(v)`).
    pub fn get_or_insert(&mut self, k: K, v: V) -> &mut V {
        let i = match self.find(&k) {
            Ok(i) => i,
            Err(i) => {
                self.0.insert(i, (k, v));
                i
            }
        };
        &mut self.0[i].1
    }

    /// Number of keys.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether the map is empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<K, V> IntoIterator for VecMap<K, V> {
    type Item = (K, V);
    type IntoIter = std::vec::IntoIter<(K, V)>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::{BTreeMap, BTreeSet};

    proptest! {
        #[test]
        fn sort_matches_std(mut xs in proptest::collection::vec((0u8..8, any::<u16>()), 0..300)) {
            let mut want = xs.clone();
            want.sort_unstable();
            sort(&mut xs);
            prop_assert_eq!(xs, want);
        }

        #[test]
        fn set_behaves_like_btreeset(xs in proptest::collection::vec(0u8..40, 0..80)) {
            let mut a = VecSet::new();
            let mut b = BTreeSet::new();
            for x in &xs {
                prop_assert_eq!(a.insert(*x), b.insert(*x));
                prop_assert_eq!(a.len(), b.len());
            }
            for x in 0..45u8 {
                prop_assert_eq!(a.contains(&x), b.contains(&x));
            }
            let c: VecSet<u8> = xs.iter().copied().collect();
            prop_assert_eq!(c, a);
        }

        #[test]
        fn map_behaves_like_btreemap(ops in proptest::collection::vec((0u8..5, 0u8..30, any::<u16>()), 0..100)) {
            let mut a = VecMap::new();
            let mut b = BTreeMap::new();
            for (op, k, v) in ops {
                match op {
                    0 => prop_assert_eq!(a.insert(k, v), b.insert(k, v)),
                    1 => prop_assert_eq!(a.remove(&k), b.remove(&k)),
                    2 => prop_assert_eq!(*a.get_or_insert(k, v), *b.entry(k).or_insert(v)),
                    3 => {
                        let (x, y) = (a.get_mut(&k), b.get_mut(&k));
                        prop_assert_eq!(x.is_some(), y.is_some());
                        if let (Some(x), Some(y)) = (x, y) {
                            *x ^= v;
                            *y ^= v;
                        }
                    }
                    _ => prop_assert_eq!(a.get(&k), b.get(&k)),
                }
                prop_assert_eq!(a.len(), b.len());
                prop_assert_eq!(a.contains_key(&k), b.contains_key(&k));
            }
            prop_assert!(a.into_iter().eq(b));
        }
    }
}
