//! §5 Peerings (common, private, Microsoft, ASN table) and §6 route filters.

use crate::domain::finding::{Finding, RuleInfo};
use crate::domain::model::Design;

/// Every rule of this module.
pub static RULES: &[RuleInfo] = &[];

/// Runs the peering and route-filter rules.
pub fn check(_d: &Design, _out: &mut Vec<Finding>) {}
