//! Country of each peering location (for the Global Reach country list, rule GR6).
