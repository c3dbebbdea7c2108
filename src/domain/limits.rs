//! §7 route and scale limits and §8.3 gateway performance, as data the rules and the UI share.
