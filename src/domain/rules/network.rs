//! §7 limits, §8 VNet / GatewaySubnet / gateway, §9 connections, §10 Global Reach, §11 dual circuits.

use crate::domain::finding::{Finding, RuleInfo};
use crate::domain::model::Design;

/// Every rule of this module.
pub static RULES: &[RuleInfo] = &[];

/// Runs the network-side rules.
pub fn check(_d: &Design, _out: &mut Vec<Finding>) {}
