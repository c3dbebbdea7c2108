//! Address, prefix, ASN and identifier parsing. Every function here takes any text and returns a
//! value or a reason; none of them panics.

use ipnet::{IpNet, Ipv4Net, Ipv6Net};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// Why a prefix's text could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PrefixError {
    /// Nothing was entered.
    Empty,
    /// An address without `/length`.
    MissingLength,
    /// Not an IP prefix at all.
    Invalid,
    /// The other family than expected (IPv6 where IPv4 is needed, or the reverse).
    WrongFamily,
}

/// Parses an IPv4 prefix `a.b.c.d/n` (surrounding spaces ignored). Host bits are kept: see
/// [`host_bits_set`].
pub fn parse_v4(text: &str) -> Result<Ipv4Net, PrefixError> {
    match parse_any(text)? {
        IpNet::V4(n) => Ok(n),
        IpNet::V6(_) => Err(PrefixError::WrongFamily),
    }
}

/// Parses an IPv6 prefix `x::/n`.
pub fn parse_v6(text: &str) -> Result<Ipv6Net, PrefixError> {
    match parse_any(text)? {
        IpNet::V6(n) => Ok(n),
        IpNet::V4(_) => Err(PrefixError::WrongFamily),
    }
}

/// Parses an IPv4 or IPv6 prefix.
pub fn parse_any(text: &str) -> Result<IpNet, PrefixError> {
    let t = text.trim();
    if t.is_empty() {
        return Err(PrefixError::Empty);
    }
    if let Some(n) = plain_v4(t) {
        return Ok(IpNet::V4(n));
    }
    // Leading zeros ("010.0.0.0") read as octal in some tools: refuse them rather than guess.
    let addr = t.split('/').next().unwrap_or("");
    if addr.contains('.')
        && addr
            .split('.')
            .any(|o| o.len() > 1 && o.starts_with('0') && o.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err(PrefixError::Invalid);
    }
    if let Ok(n) = t.parse::<IpNet>() {
        return Ok(n);
    }
    if t.parse::<IpAddr>().is_ok() {
        return Err(PrefixError::MissingLength);
    }
    Err(PrefixError::Invalid)
}

/// `a.b.c.d/n` written plainly (decimal numbers without leading zeros): the common case, read
/// without the general parser, which is several times slower. `None` for anything else, which
/// the general parser then reads; what this accepts, it reads exactly as that parser does.
fn plain_v4(t: &str) -> Option<Ipv4Net> {
    // Five decimal numbers: four octets separated by dots, then the length after a slash.
    let mut numbers = [0u32; 5];
    let mut digits = [0u8; 5];
    let mut k = 0;
    for &c in t.as_bytes() {
        let want = if k < 3 { b'.' } else { b'/' };
        if c == want && k < 4 {
            k += 1;
            continue;
        }
        let (n, d) = (numbers.get_mut(k)?, digits.get_mut(k)?);
        // No leading zero, at most three digits.
        if !c.is_ascii_digit() || (*d > 0 && *n == 0) || *d == 3 {
            return None;
        }
        *n = *n * 10 + u32::from(c - b'0');
        *d += 1;
    }
    if k != 4 || digits.contains(&0) {
        return None;
    }
    let [a, b, c, d, len] = numbers;
    let octets = [a, b, c, d].map(|o| u8::try_from(o).ok());
    let [Some(a), Some(b), Some(c), Some(d)] = octets else {
        return None;
    };
    let len = u8::try_from(len).ok().filter(|l| *l <= 32)?;
    Ipv4Net::new(Ipv4Addr::new(a, b, c, d), len).ok()
}

/// True when the prefix has bits set below its mask (e.g. `10.0.0.1/30`).
pub fn host_bits_set(net: &IpNet) -> bool {
    net.addr() != net.network()
}

/// The network form of a prefix (`10.0.0.1/30` → `10.0.0.0/30`).
pub fn network_of(net: &IpNet) -> IpNet {
    net.trunc()
}

/// Splits a /29 into its two /30s: (primary, secondary). `None` unless the prefix is a /29.
pub fn split29(net: Ipv4Net) -> Option<(Ipv4Net, Ipv4Net)> {
    if net.prefix_len() != 29 {
        return None;
    }
    let base = u32::from(net.network());
    let a = Ipv4Net::new(Ipv4Addr::from(base), 30).ok()?;
    let b = Ipv4Net::new(Ipv4Addr::from(base.wrapping_add(4)), 30).ok()?;
    Some((a, b))
}

/// Splits a /125 into its two /126s: (primary, secondary).
pub fn split125(net: Ipv6Net) -> Option<(Ipv6Net, Ipv6Net)> {
    if net.prefix_len() != 125 {
        return None;
    }
    let base = u128::from(net.network());
    let a = Ipv6Net::new(Ipv6Addr::from(base), 126).ok()?;
    let b = Ipv6Net::new(Ipv6Addr::from(base.wrapping_add(4)), 126).ok()?;
    Some((a, b))
}

/// Customer and Microsoft addresses of a /30: first usable (customer) and second usable (Microsoft).
pub fn link_addresses_v4(net: Ipv4Net) -> Option<(Ipv4Addr, Ipv4Addr)> {
    if net.prefix_len() != 30 {
        return None;
    }
    let base = u32::from(net.network());
    Some((Ipv4Addr::from(base + 1), Ipv4Addr::from(base + 2)))
}

/// Customer and Microsoft addresses of a /126 (first and second usable: `::1`, `::2`).
pub fn link_addresses_v6(net: Ipv6Net) -> Option<(Ipv6Addr, Ipv6Addr)> {
    if net.prefix_len() != 126 {
        return None;
    }
    let base = u128::from(net.network());
    Some((Ipv6Addr::from(base + 1), Ipv6Addr::from(base + 2)))
}

/// Inclusive numeric range of a prefix, for sorting and overlap tests; IPv4 and IPv6 never overlap
/// because IPv4 ranges are tagged with family 4 and IPv6 with 6.
pub fn span(net: &IpNet) -> (u8, u128, u128) {
    match net {
        IpNet::V4(n) => (
            4,
            u32::from(n.network()) as u128,
            u32::from(n.broadcast()) as u128,
        ),
        IpNet::V6(n) => (6, u128::from(n.network()), u128::from(n.broadcast())),
    }
}

/// True when two prefixes share at least one address.
pub fn overlaps(a: &IpNet, b: &IpNet) -> bool {
    let (fa, sa, ea) = span(a);
    let (fb, sb, eb) = span(b);
    fa == fb && sa <= eb && sb <= ea
}

/// A prefix entered somewhere in the design, for [`find_overlaps`].
#[derive(Debug, Clone)]
pub struct Placed<T> {
    /// The prefix (network form).
    pub net: IpNet,
    /// Which kind of range it is (peering subnet, VNet space, on-premises route, …).
    pub kind: u8,
    /// Caller's tag (e.g. the field path).
    pub tag: T,
}

/// Finds, for every prefix that overlaps an earlier-sorted prefix of a *conflicting* kind, one such
/// pair `(earlier, later)`. Runs in O(n log n + n·k) for k kinds: sort by start, then sweep keeping,
/// per kind, the entry with the largest end so far (any overlap with an earlier range implies an
/// overlap with that one, since every earlier range starts no later).
pub fn find_overlaps<T>(
    items: &[Placed<T>],
    conflicts: impl Fn(u8, u8) -> bool,
) -> Vec<(&Placed<T>, &Placed<T>)> {
    let mut order: Vec<(u8, u128, u128, usize)> = items
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let (f, s, e) = span(&p.net);
            (f, s, e, i)
        })
        .collect();
    // The standard sort: the list grows with the design (see `Family::build` in overlap.rs).
    order.sort_unstable();
    let mut out = Vec::new();
    // Per family and kind: (max end, index). Kinds are small integers.
    let kinds = items.iter().map(|p| p.kind as usize + 1).max().unwrap_or(0);
    let mut best: Vec<Option<(u8, u128, usize)>> = vec![None; kinds];
    for &(fam, start, end, i) in &order {
        let kind = items[i].kind;
        let hit = best.iter().flatten().find_map(|&(f, e, j)| {
            (f == fam && start <= e && conflicts(items[j].kind, kind)).then_some(j)
        });
        if let Some(j) = hit {
            out.push((&items[j], &items[i]));
        }
        let slot = &mut best[kind as usize];
        match slot {
            Some((f, e, _)) if *f == fam && *e >= end => {}
            _ => *slot = Some((fam, end, i)),
        }
    }
    out
}

/// Parses an ASN as typed: asplain (`65001`) or asdot (`1.10` = 65546). `None` when it is not a
/// whole number in 0..=4294967295 (or in range pieces for asdot).
pub fn parse_asn(text: &str) -> Result<u64, AsnError> {
    let t = text.trim();
    if t.is_empty() {
        return Err(AsnError::Empty);
    }
    if let Some((hi, lo)) = t.split_once('.') {
        let hi = digits(hi).ok_or(AsnError::NotANumber)?;
        let lo = digits(lo).ok_or(AsnError::NotANumber)?;
        if hi > 65535 || lo > 65535 {
            return Err(AsnError::OutOfRange);
        }
        return Ok(hi * 65536 + lo);
    }
    let n = digits(t).ok_or(if t.starts_with('-') && digits(&t[1..]).is_some() {
        AsnError::OutOfRange
    } else {
        AsnError::NotANumber
    })?;
    Ok(n)
}

/// Why an ASN's text could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AsnError {
    /// Nothing entered.
    Empty,
    /// Not a whole number.
    NotANumber,
    /// A number, but too large (or negative).
    OutOfRange,
}

/// Parses ASCII digits only, saturating at u64::MAX + 1 style overflow as `u64::MAX`.
fn digits(s: &str) -> Option<u64> {
    if s.is_empty() || s.len() > 30 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(s.parse::<u64>().unwrap_or(u64::MAX))
}

/// Parses a whole number as typed (ASCII digits only, optional surrounding spaces).
pub fn parse_uint(text: &str) -> Option<u64> {
    digits(text.trim())
}

/// True for a GUID in the 8-4-4-4-12 hex form (optionally in braces).
pub fn is_guid(text: &str) -> bool {
    let t = text.trim();
    let t = t
        .strip_prefix('{')
        .and_then(|s| s.strip_suffix('}'))
        .unwrap_or(t);
    let parts: Vec<&str> = t.split('-').collect();
    parts.len() == 5
        && parts
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(p, n)| p.len() == n && p.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Reserved and special-purpose IPv4 ranges that are not public (rule catalogue MP4).
pub const NON_PUBLIC_V4: &[(&str, &str)] = &[
    ("0.0.0.0/8", "\"this network\" (RFC 1122)"),
    ("10.0.0.0/8", "private (RFC 1918)"),
    (
        "100.64.0.0/10",
        "shared address space (RFC 6598), treated as private by Azure",
    ),
    ("127.0.0.0/8", "loopback"),
    ("169.254.0.0/16", "link-local"),
    ("172.16.0.0/12", "private (RFC 1918)"),
    ("192.0.0.0/24", "IETF protocol assignments"),
    ("192.0.2.0/24", "documentation (TEST-NET-1)"),
    ("192.168.0.0/16", "private (RFC 1918)"),
    ("198.18.0.0/15", "benchmarking (RFC 2544)"),
    ("198.51.100.0/24", "documentation (TEST-NET-2)"),
    ("203.0.113.0/24", "documentation (TEST-NET-3)"),
    ("224.0.0.0/4", "multicast"),
    ("240.0.0.0/4", "reserved"),
];

/// Reserved IPv6 ranges that are not public (rule catalogue MP4).
pub const NON_PUBLIC_V6: &[(&str, &str)] = &[
    ("::/8", "reserved (loopback, unspecified, IPv4-mapped)"),
    ("2001:db8::/32", "documentation"),
    ("fc00::/7", "unique local"),
    ("fe80::/10", "link-local"),
    ("ff00::/8", "multicast"),
];

/// [`NON_PUBLIC_V4`] as numbers (network address, prefix length), in the same order, so a check
/// parses nothing; a test keeps both tables equal.
const NON_PUBLIC_V4_NETS: [(u32, u8); 14] = [
    (0x0000_0000, 8),
    (0x0A00_0000, 8),
    (0x6440_0000, 10),
    (0x7F00_0000, 8),
    (0xA9FE_0000, 16),
    (0xAC10_0000, 12),
    (0xC000_0000, 24),
    (0xC000_0200, 24),
    (0xC0A8_0000, 16),
    (0xC612_0000, 15),
    (0xC633_6400, 24),
    (0xCB00_7100, 24),
    (0xE000_0000, 4),
    (0xF000_0000, 4),
];

/// [`NON_PUBLIC_V6`] as numbers, in the same order.
const NON_PUBLIC_V6_NETS: [(u128, u8); 5] = [
    (0, 8),
    (0x2001_0db8 << 96, 32),
    (0xfc00 << 112, 7),
    (0xfe80 << 112, 10),
    (0xff00 << 112, 8),
];

/// If `net` is (or overlaps) a non-public range, the reason. Default routes count as non-public.
pub fn non_public_reason(net: &IpNet) -> Option<&'static str> {
    if net.prefix_len() == 0 {
        return Some("a default route");
    }
    let (base, len) = match net {
        IpNet::V4(n) => (u32::from(n.network()), n.prefix_len()),
        IpNet::V6(n) => {
            let (start, end) = (u128::from(n.network()), u128::from(n.broadcast()));
            return NON_PUBLIC_V6_NETS.iter().zip(NON_PUBLIC_V6).find_map(
                |(&(b, l), &(_, why))| {
                    let last = b | (u128::MAX >> l.min(127));
                    (start <= last && b <= end).then_some(why)
                },
            );
        }
    };
    // Two IPv4 prefixes overlap when they agree on the shorter one's bits.
    NON_PUBLIC_V4_NETS
        .iter()
        .zip(NON_PUBLIC_V4)
        .find_map(|(&(b, l), &(_, why))| {
            let mask = u32::MAX
                .checked_shl(32 - u32::from(l.min(len)))
                .unwrap_or(0);
            (b & mask == base & mask).then_some(why)
        })
}

/// True for RFC 1918 private IPv4 space.
pub fn is_rfc1918(net: &IpNet) -> bool {
    ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"]
        .iter()
        .filter_map(|p| p.parse::<IpNet>().ok())
        .any(|r| overlaps(net, &r))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_plain_ipv4_reader_agrees_with_the_general_parser() {
        let cases = [
            "193.0.0.0/24",
            "0.0.0.0/0",
            "255.255.255.255/32",
            "10.0.0.1/30",
            "1.2.3.4/33",
            "256.0.0.0/8",
            "1.2.3/24",
            "1.2.3.4.5/24",
            "1.2.3.4/",
            "/24",
            "1.2.3.4",
            "01.2.3.4/8",
            "1.2.3.4/08",
            "1.2.3.4/-1",
            "1.2.3.4/+8",
            "1..3.4/8",
            "1.2.3.4/8/8",
            "1.2.3.4 /8",
            "+1.2.3.4/8",
            "1.2.3.4/1000",
            "1.2.3.1000/8",
            "١.2.3.4/8",
            "0.0.0.0/32",
            "9.9.9.9/9",
        ];
        for t in cases {
            let general = t.parse::<IpNet>().ok().and_then(|n| match n {
                IpNet::V4(n) => Some(n),
                IpNet::V6(_) => None,
            });
            if let Some(n) = plain_v4(t) {
                assert_eq!(Some(n), general, "{t}");
            }
        }
        // Every octet and length value, and some not allowed.
        for v in 0..=300u32 {
            for t in [
                format!("{v}.1.2.3/24"),
                format!("1.2.3.{v}/8"),
                format!("1.2.3.4/{v}"),
            ] {
                let general = t.parse::<IpNet>().ok();
                assert_eq!(plain_v4(&t).map(IpNet::V4), general, "{t}");
            }
        }
    }

    #[test]
    fn numeric_non_public_tables_match_the_text_tables() {
        let v4: Vec<IpNet> = NON_PUBLIC_V4_NETS
            .iter()
            .map(|&(b, l)| IpNet::V4(Ipv4Net::new(Ipv4Addr::from(b), l).unwrap()))
            .collect();
        let v6: Vec<IpNet> = NON_PUBLIC_V6_NETS
            .iter()
            .map(|&(b, l)| IpNet::V6(Ipv6Net::new(Ipv6Addr::from(b), l).unwrap()))
            .collect();
        let text: Vec<IpNet> = NON_PUBLIC_V4
            .iter()
            .chain(NON_PUBLIC_V6)
            .map(|(p, _)| p.parse().unwrap())
            .collect();
        assert_eq!([v4, v6].concat(), text);
    }

    #[test]
    fn non_public_reasons_at_range_edges() {
        let cases = [
            ("0.0.0.0/0", Some("a default route")),
            ("::/0", Some("a default route")),
            ("9.255.255.255/32", None),
            ("10.0.0.0/8", Some("private (RFC 1918)")),
            ("10.255.255.255/32", Some("private (RFC 1918)")),
            ("11.0.0.0/32", None),
            ("8.0.0.0/6", Some("private (RFC 1918)")),
            ("100.63.255.255/32", None),
            (
                "100.127.255.255/32",
                Some("shared address space (RFC 6598), treated as private by Azure"),
            ),
            ("100.128.0.0/32", None),
            ("172.31.255.255/32", Some("private (RFC 1918)")),
            ("172.32.0.0/32", None),
            ("198.19.255.255/32", Some("benchmarking (RFC 2544)")),
            ("198.20.0.0/32", None),
            ("223.255.255.255/32", None),
            ("255.255.255.255/32", Some("reserved")),
            ("193.0.0.0/24", None),
            ("128.0.0.0/1", Some("link-local")),
            ("2001:db7:ffff::/48", None),
            ("2001:db8:1::/48", Some("documentation")),
            ("2001:db9::/32", None),
            (
                "::1/128",
                Some("reserved (loopback, unspecified, IPv4-mapped)"),
            ),
            ("100::/8", None),
            ("fbff::/16", None),
            ("fd00::/8", Some("unique local")),
            ("febf:ffff::/32", Some("link-local")),
            ("fec0::/10", None),
            ("ffff::/16", Some("multicast")),
            ("2a01:111::/32", None),
            ("8000::/1", Some("unique local")),
        ];
        for (text, want) in cases {
            let net: IpNet = text.parse().unwrap();
            assert_eq!(non_public_reason(&net), want, "{text}");
            // The old check, parsing the text tables each time, gives the same answer.
            let list = match net {
                IpNet::V4(_) => NON_PUBLIC_V4,
                IpNet::V6(_) => NON_PUBLIC_V6,
            };
            let old = (net.prefix_len() == 0)
                .then_some("a default route")
                .or_else(|| {
                    list.iter().find_map(|(p, why)| {
                        let r: IpNet = p.parse().ok()?;
                        overlaps(&net, &r).then_some(*why)
                    })
                });
            assert_eq!(old, want, "{text}");
        }
    }

    #[test]
    fn prefix_parsing() {
        let cases: &[(&str, Result<&str, PrefixError>)] = &[
            ("10.0.0.0/30", Ok("10.0.0.0/30")),
            (" 10.0.0.0/30 ", Ok("10.0.0.0/30")),
            ("10.0.0.1/30", Ok("10.0.0.1/30")),
            ("", Err(PrefixError::Empty)),
            ("   ", Err(PrefixError::Empty)),
            ("10.0.0.0", Err(PrefixError::MissingLength)),
            ("10.0.0.0/33", Err(PrefixError::Invalid)),
            ("10.0.0/30", Err(PrefixError::Invalid)),
            ("256.0.0.0/30", Err(PrefixError::Invalid)),
            ("010.0.0.0/30", Err(PrefixError::Invalid)),
            ("2001:db8::/126", Err(PrefixError::WrongFamily)),
            ("10.0.0.0/-1", Err(PrefixError::Invalid)),
        ];
        for (text, want) in cases {
            let got = parse_v4(text).map(|n| n.to_string());
            assert_eq!(got, want.clone().map(String::from), "{text:?}");
        }
    }

    #[test]
    fn split_and_addresses() {
        let (a, b) = split29("192.168.100.128/29".parse().unwrap()).unwrap();
        assert_eq!(
            (a.to_string(), b.to_string()),
            ("192.168.100.128/30".into(), "192.168.100.132/30".into())
        );
        assert_eq!(
            link_addresses_v4(a).unwrap(),
            (
                "192.168.100.129".parse().unwrap(),
                "192.168.100.130".parse().unwrap()
            )
        );
        assert_eq!(
            link_addresses_v4(b).unwrap(),
            (
                "192.168.100.133".parse().unwrap(),
                "192.168.100.134".parse().unwrap()
            )
        );
        assert!(split29("10.0.0.0/30".parse().unwrap()).is_none());
        assert!(split29("255.255.255.248/29".parse().unwrap()).is_some());
        let (c, d) = split125("2001:db8::/125".parse().unwrap()).unwrap();
        assert_eq!(
            (c.to_string(), d.to_string()),
            ("2001:db8::/126".into(), "2001:db8::4/126".into())
        );
        assert_eq!(
            link_addresses_v6(d).unwrap(),
            (
                "2001:db8::5".parse().unwrap(),
                "2001:db8::6".parse().unwrap()
            )
        );
    }

    #[test]
    fn asn_parsing() {
        let cases: &[(&str, Result<u64, AsnError>)] = &[
            ("65001", Ok(65001)),
            (" 1 ", Ok(1)),
            ("0", Ok(0)),
            ("4294967295", Ok(4294967295)),
            ("4294967296", Ok(4294967296)),
            ("1.10", Ok(65546)),
            ("65535.65535", Ok(4294967295)),
            ("65536.0", Err(AsnError::OutOfRange)),
            ("-1", Err(AsnError::OutOfRange)),
            ("", Err(AsnError::Empty)),
            ("AS65001", Err(AsnError::NotANumber)),
            ("1.", Err(AsnError::NotANumber)),
            ("6500l", Err(AsnError::NotANumber)),
            ("99999999999999999999999", Ok(u64::MAX)),
        ];
        for (text, want) in cases {
            assert_eq!(parse_asn(text), *want, "{text:?}");
        }
    }

    #[test]
    fn guids() {
        assert!(is_guid("00000000-0000-0000-0000-000000000000"));
        assert!(is_guid("{A1B2C3D4-e5f6-7890-abcd-ef0123456789}"));
        assert!(!is_guid("00000000-0000-0000-0000-00000000000"));
        assert!(!is_guid("g0000000-0000-0000-0000-000000000000"));
        assert!(!is_guid(""));
    }

    #[test]
    fn public_classification() {
        let np = |s: &str| non_public_reason(&s.parse().unwrap());
        assert!(np("10.1.0.0/16").is_some());
        assert!(np("100.64.0.0/30").is_some());
        assert!(np("0.0.0.0/0").is_some());
        assert!(np("8.0.0.0/7").is_none(), "8.0.0.0-9.255.255.255 is public");
        assert!(np("8.0.0.0/4").is_some(), "covers 10.0.0.0/8");
        assert!(np("11.0.0.0/8").is_none());
        assert!(np("203.0.113.0/24").is_some());
        assert!(np("2001:db8::/48").is_some());
        assert!(np("2a01:111::/32").is_none());
    }

    #[test]
    fn overlap_sweep_finds_cross_kind_pairs_only() {
        let p = |s: &str, kind: u8, tag: &'static str| Placed {
            net: s.parse().unwrap(),
            kind,
            tag,
        };
        let items = vec![
            p("10.0.0.0/8", 1, "onprem-a"),
            p("10.1.0.0/16", 1, "onprem-b"),
            p("10.1.2.0/24", 2, "vnet"),
            p("192.168.0.0/30", 0, "peering"),
            p("2001:db8::/32", 2, "vnet6"),
            p("0.0.0.0/0", 3, "other"),
        ];
        let pairs = find_overlaps(&items, |a, b| a != b && a != 3 && b != 3);
        let names: Vec<(&str, &str)> = pairs.iter().map(|(a, b)| (a.tag, b.tag)).collect();
        assert_eq!(names, vec![("onprem-a", "vnet")]);
    }
}
