//! Placeholder entry point, replaced in the next commits.
fn main() {}
