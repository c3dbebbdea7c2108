//! `docs/rules.md`, generated from the rule registry.
