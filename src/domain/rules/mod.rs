//! The rules engine: every rule of the catalogue, each with a stable code, severity and source.
//!
//! Each submodule owns one part of the catalogue and exposes `RULES` (the rules it checks) and
//! `check(&Design, &mut Vec<Finding>)`. [`validate`] runs them all; [`all_rules`], the one
//! registry, chains their `RULES` (the source of `docs/rules.md`, kept in sync by a test).
//!
//! A rule's constant is named after its code (`ER_PP_007` for `ER-PP-007`) and declared with its
//! code family: one family, one module (`ER-L-*` in [`limits`], `ER-IMP-*` in [`import`], …),
//! also when another module checks it (two exceptions keep the modules free of cycles: the
//! resource group's and subscription's `ER-C-*` rules are in [`names`], `ER-DC-004` with the
//! VLANs in [`peering`]). The facts rules check against (bandwidths, ASNs,
//! communities, registries, locations) are in [`crate::domain::catalog`].

use super::finding::{Finding, RuleInfo};
use super::model::Design;

pub mod circuit;
pub mod deployment;
pub mod docs;
pub mod import;
pub mod limits;
pub mod names;
pub mod network;
pub mod peering;

/// Validates a whole design. Deterministic: the same design gives the same findings in the same
/// order (sorted by path, then code). Never panics, whatever the text in any field.
pub fn validate(design: &Design) -> Vec<Finding> {
    let mut out = Vec::new();
    names::check(design, &mut out);
    circuit::check(design, &mut out);
    peering::check(design, &mut out);
    network::check(design, &mut out);
    deployment::check(design, &mut out);
    deployment::apply(design, &mut out);
    out.sort_by(|a, b| {
        a.path
            .cmp(&b.path)
            .then(a.severity.cmp(&b.severity))
            .then(a.code.cmp(b.code))
            .then(a.message.cmp(&b.message))
    });
    out.dedup();
    out
}

/// Validates a design read from an ARM template or `az` output: as [`validate`], except that a
/// GatewaySubnet of /28 or /29 is a warning (U8: it may exist already; new gateways need /27).
pub fn validate_imported(design: &Design) -> Vec<Finding> {
    let mut out = validate(design);
    network::soften_imported_gateway_subnets(design, &mut out);
    out
}

/// Every rule the engine can report, in catalogue order.
pub fn all_rules() -> Vec<&'static RuleInfo> {
    names::RULES
        .iter()
        .chain(circuit::RULES)
        .chain(peering::RULES)
        .chain(network::RULES)
        .chain(deployment::RULES)
        .chain(import::RULES)
        .collect()
}

/// Looks a rule up by code.
pub fn rule(code: &str) -> Option<&'static RuleInfo> {
    all_rules().into_iter().find(|r| r.code == code)
}

/// The first index of each key of a list, sorted by key: built in O(n log n), looked up by a
/// binary search (a sorted vector grown by insertion is quadratic on thousands of names).
pub(crate) struct KeyIndex(Vec<(String, usize)>);

impl KeyIndex {
    /// The keys of a list's items, in order (empty keys are left out).
    pub(crate) fn new(keys: impl Iterator<Item = String>) -> Self {
        let mut v: Vec<(String, usize)> = keys
            .enumerate()
            .filter(|(_, k)| !k.is_empty())
            .map(|(i, k)| (k, i))
            .collect();
        v.sort_unstable();
        // Each key's first item (the smallest index sorts first).
        v.dedup_by(|later, kept| later.0 == kept.0);
        KeyIndex(v)
    }

    /// The index of the first item with `key`.
    pub(crate) fn get(&self, key: &str) -> Option<usize> {
        let i = self.0.binary_search_by(|e| e.0.as_str().cmp(key)).ok()?;
        self.0.get(i).map(|e| e.1)
    }

    /// The index of the first item whose key is `name` in ASCII lower case (as
    /// `str::to_ascii_lowercase` makes it), without making that key.
    pub(crate) fn get_ascii_lowercase(&self, name: &str) -> Option<usize> {
        if !name.bytes().any(|b| b.is_ascii_uppercase()) {
            return self.get(name);
        }
        let lower = || name.bytes().map(|b| b.to_ascii_lowercase());
        let i = self.0.binary_search_by(|e| e.0.bytes().cmp(lower())).ok()?;
        self.0.get(i).map(|e| e.1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    /// The index finds each key's first item, as a scan of the list does.
    #[test]
    fn key_index_finds_the_first_item_a_scan_finds() {
        let mut state = 0x5EED_u64;
        let mut next = |n: u64| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1);
            (state >> 33) % n
        };
        for size in [0, 1, 2, 5, 50, 3000] {
            let keys: Vec<String> = (0..size)
                .map(|_| match next(4) {
                    0 => String::new(),
                    _ => format!("k{}", next(size.max(1) / 2 + 1)),
                })
                .collect();
            let index = KeyIndex::new(keys.iter().cloned());
            for probe in (0..size + 2)
                .map(|k| format!("k{k}"))
                .chain([String::new()])
            {
                let scan = keys.iter().position(|k| !k.is_empty() && *k == probe);
                assert_eq!(index.get(&probe), scan, "{probe} in {size}");
                assert_eq!(index.get_ascii_lowercase(&probe.to_ascii_uppercase()), scan);
                assert_eq!(index.get_ascii_lowercase(&probe), scan);
            }
        }
    }

    #[test]
    fn codes_are_unique_and_well_formed() {
        let mut seen = HashSet::new();
        for r in all_rules() {
            assert!(seen.insert(r.code), "duplicate rule code {}", r.code);
            assert!(r.code.starts_with("ER-"), "{}", r.code);
            assert!(!r.checks.is_empty() && !r.source.is_empty(), "{}", r.code);
            assert!(!r.why.is_empty() && !r.example.is_empty(), "{}", r.code);
        }
    }
}
