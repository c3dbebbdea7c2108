//! Share links: the pure framing of a design carried in a URL fragment, `#d=v1.<base64url>`.
//!
//! The browser compresses the design JSON (without secrets) with `CompressionStream("deflate-raw")`
//! and this module turns those bytes into the fragment and back: base64url without padding
//! (RFC 4648 §5), a version tag so the format can change later, and a length limit. Everything
//! here returns errors instead of panicking: a link is user data.
//!
//! A link is hostile input until the user opens it: a few kilobytes of deflate can unpack to
//! megabytes of `{},{},…` (a 6.9 KB link holds 1.7 million empty circuits). So a link found in the
//! address bar is only *previewed*: the browser inflates at most [`PREVIEW_BYTES`] and
//! [`summarize`] reads the design's name and list counts from them without building the design.
//! The whole design is read only when the user chooses Open, by [`read_design`]: at most
//! [`MAX_DECOMPRESSED_BYTES`] unpacked, at most [`MAX_LINK_ITEMS`] list items, then the design
//! reader ([`io::parse_design`]) with all its limits.

use std::fmt;

use super::bounds;
use super::io;
use super::model::Design;
use super::rules::network::thousands;

/// The fragment key that marks a shared design: `#d=…`.
pub const FRAGMENT_PREFIX: &str = "#d=";

/// The framing version written today.
pub const VERSION: &str = "v1";

/// Longest share URL the wizard writes or reads, in characters.
///
/// Browsers accept far longer URLs: Chromium caps URLs at 2 MiB (`kMaxURLChars = 2 * 1024 * 1024`)
/// but only displays the first 32 KiB (`kMaxURLDisplayChars = 32 * 1024`, both in Chromium's
/// `content/common/content_constants.cc`); Firefox accepts up to 1 MiB
/// (`network.standard-url.max-length = 1048576`); Safari/WebKit documents no limit. The binding
/// constraint is therefore Chromium's 32 KiB display limit (a longer link cannot be seen or copied
/// whole from the address bar) and what mail and chat tools carry: 32,000 characters stays under
/// it. Larger designs go through a file (Export / Import). Incoming links are held to the same
/// limit, which also bounds how much a hand-made link can make the browser decompress.
pub const MAX_URL_CHARS: usize = 32_000;

/// How many unpacked bytes the preview of a link reads (64 KiB): enough for the name and the
/// counts of any design a link can carry in full but a few, and little work for a hostile one.
pub const PREVIEW_BYTES: usize = 64 * 1024;

/// Most bytes a link's design may unpack to: the design reader's own input limit (5 MB).
pub const MAX_DECOMPRESSED_BYTES: usize = io::MAX_INPUT_BYTES;

/// Most list items (values inside JSON arrays, at any depth) a link's design may hold.
///
/// Every item becomes at least one object of the design (a circuit with its defaults is a few
/// hundred bytes), so this bounds the memory and time of opening a link before the design is
/// built: 20,000 items are a few megabytes. A real design holds tens to a few hundred (the large
/// benchmark design: 2 circuits, 4 VNets, 200 prefixes), and what fits in a link
/// ([`MAX_URL_CHARS`], about 24 KB of deflate) is at most a few thousand unless it repeats
/// itself. The design reader's own per-list limits apply after this check.
pub const MAX_LINK_ITEMS: usize = 20_000;

/// Why a share link could not be written or read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ShareError {
    /// The whole URL would be longer than [`MAX_URL_CHARS`].
    TooLong {
        /// Length of the URL in characters.
        chars: usize,
    },
    /// The fragment has a version this build does not read.
    UnknownVersion {
        /// The version found (shortened).
        found: String,
    },
    /// The fragment has no data after the version.
    Empty,
    /// A character that is not base64url, or a length no encoder produces.
    BadEncoding {
        /// Character offset in the encoded data where reading failed.
        at: usize,
    },
    /// The data does not decompress (not deflate, or cut short).
    Damaged,
    /// The design unpacks to more than [`MAX_DECOMPRESSED_BYTES`].
    TooLarge,
    /// The design holds more than [`MAX_LINK_ITEMS`] list items.
    TooManyItems {
        /// Items counted (a lower bound when only a preview was read).
        items: usize,
        /// Only a preview was read: the design holds at least this many.
        partial: bool,
        /// The list with the most items, and how many, when it is one the wizard names.
        largest: Option<(&'static str, usize)>,
    },
    /// The unpacked data is not a design the wizard reads (the design reader's reason).
    Unreadable(String),
}

impl fmt::Display for ShareError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ShareError::TooLong { chars } => write!(
                f,
                "the design is too large for a share link ({chars} characters; the limit is {MAX_URL_CHARS}). Save it with “Download design (.json)” and send the file instead: it opens with “Open design file”"
            ),
            ShareError::UnknownVersion { found } => write!(
                f,
                "the link uses share format \"{found}\", which this version of ExpressRoute Wizard does not read"
            ),
            ShareError::Empty => write!(f, "the link contains no design data"),
            ShareError::BadEncoding { at } => write!(
                f,
                "the link is damaged (unexpected character or length at position {at}); it may have been cut short when it was copied"
            ),
            ShareError::Damaged => write!(f, "the link is damaged (its data does not decompress)"),
            ShareError::TooLarge => write!(
                f,
                "the link's design unpacks to more than 5 MB ({MAX_DECOMPRESSED_BYTES} bytes), the limit for a design"
            ),
            ShareError::TooManyItems {
                items,
                partial,
                largest,
            } => {
                let least = if *partial { "at least " } else { "" };
                write!(
                    f,
                    "the link's design holds {least}{} list items",
                    thousands(*items as u64)
                )?;
                if let Some((label, n)) = largest {
                    write!(f, " ({least}{})", count_text(*n, label))?;
                }
                write!(
                    f,
                    "; a share link may hold {} at most",
                    thousands(MAX_LINK_ITEMS as u64)
                )
            }
            ShareError::Unreadable(reason) => {
                write!(f, "the link's design cannot be read: {reason}")
            }
        }
    }
}

impl std::error::Error for ShareError {}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Encodes bytes as base64url without padding.
pub fn encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    let mut push = |six: u32| {
        // `six & 63` is always a valid index into the 64-entry alphabet.
        if let Some(&c) = ALPHABET.get((six & 63) as usize) {
            out.push(char::from(c));
        }
    };
    for chunk in bytes.chunks(3) {
        let b0 = u32::from(chunk.first().copied().unwrap_or(0));
        let b1 = u32::from(chunk.get(1).copied().unwrap_or(0));
        let b2 = u32::from(chunk.get(2).copied().unwrap_or(0));
        let n = (b0 << 16) | (b1 << 8) | b2;
        push(n >> 18);
        push(n >> 12);
        if chunk.len() > 1 {
            push(n >> 6);
        }
        if chunk.len() > 2 {
            push(n);
        }
    }
    out
}

fn value_of(c: u8) -> Option<u32> {
    let v = match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'-' => 62,
        b'_' => 63,
        _ => return None,
    };
    Some(u32::from(v))
}

/// Decodes base64url. Trailing `=` padding is accepted (some tools add it); any other character
/// outside the alphabet, or a length no encoder produces (4n + 1), is an error.
pub fn decode(text: &str) -> Result<Vec<u8>, ShareError> {
    let data = text.trim_end_matches('=');
    let padding = text.len() - data.len();
    if padding > 2 {
        return Err(ShareError::BadEncoding { at: data.len() });
    }
    let bytes = data.as_bytes();
    if let Some(at) = bytes.iter().position(|&c| value_of(c).is_none()) {
        return Err(ShareError::BadEncoding { at });
    }
    if bytes.len() % 4 == 1 {
        return Err(ShareError::BadEncoding { at: bytes.len() });
    }
    let mut out = Vec::with_capacity(bytes.len() / 4 * 3 + 2);
    for (i, chunk) in bytes.chunks(4).enumerate() {
        let mut n = 0u32;
        for (j, &c) in chunk.iter().enumerate() {
            let v = value_of(c).ok_or(ShareError::BadEncoding { at: i * 4 + j })?;
            n |= v << (18 - 6 * j);
        }
        let [_, b0, b1, b2] = n.to_be_bytes();
        match chunk.len() {
            4 => out.extend_from_slice(&[b0, b1, b2]),
            3 => out.extend_from_slice(&[b0, b1]),
            _ => out.push(b0),
        }
    }
    Ok(out)
}

/// The fragment for compressed design bytes: `#d=v1.<base64url>`.
pub fn fragment(compressed: &[u8]) -> String {
    format!("{FRAGMENT_PREFIX}{VERSION}.{}", encode(compressed))
}

/// The share URL: `base` (the page address without its fragment) followed by the fragment, or
/// [`ShareError::TooLong`] when the whole URL would pass [`MAX_URL_CHARS`].
pub fn share_url(base: &str, compressed: &[u8]) -> Result<String, ShareError> {
    let base = base.split('#').next().unwrap_or(base);
    let url = format!("{base}{}", fragment(compressed));
    let chars = url.chars().count();
    if chars > MAX_URL_CHARS {
        return Err(ShareError::TooLong { chars });
    }
    Ok(url)
}

/// Reads a location hash. `None` when it carries no shared design (no `#d=`), so the page
/// opens normally; otherwise the compressed bytes or why they cannot be read.
pub fn parse_fragment(hash: &str) -> Option<Result<Vec<u8>, ShareError>> {
    let rest = hash.strip_prefix(FRAGMENT_PREFIX)?;
    Some(parse_payload(rest))
}

fn parse_payload(rest: &str) -> Result<Vec<u8>, ShareError> {
    let chars = rest.chars().count();
    if chars > MAX_URL_CHARS {
        return Err(ShareError::TooLong { chars });
    }
    let (version, data) = rest.split_once('.').unwrap_or((rest, ""));
    if version != VERSION {
        return Err(ShareError::UnknownVersion {
            found: version.chars().take(16).collect(),
        });
    }
    if data.is_empty() {
        return Err(ShareError::Empty);
    }
    decode(data)
}

/// The lists of a design [`summarize`] counts: JSON key, singular and plural label.
const LISTS: [(&str, &str, &str); 9] = [
    ("circuits", "circuit", "circuits"),
    ("directPorts", "Direct port pair", "Direct port pairs"),
    ("routeFilters", "route filter", "route filters"),
    ("virtualNetworks", "virtual network", "virtual networks"),
    ("gateways", "gateway", "gateways"),
    ("connections", "connection", "connections"),
    ("globalReach", "Global Reach link", "Global Reach links"),
    ("onPremRoutes", "on-premises route", "on-premises routes"),
    (
        "acknowledged",
        "acknowledged warning",
        "acknowledged warnings",
    ),
];

/// "1 circuit", "12,000 circuits".
fn count_text(n: usize, plural: &str) -> String {
    let singular = LISTS
        .iter()
        .find(|(_, _, p)| *p == plural)
        .map_or(plural, |(_, s, _)| *s);
    let label = if n == 1 { singular } else { plural };
    format!("{} {label}", thousands(n as u64))
}

/// Longest design name a summary keeps, in characters.
const NAME_CHARS: usize = 80;

/// What a link's design holds, read from its JSON text (or the first part of it) without
/// building the design: see [`summarize`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// The design's `name`, when it was read (at most 80 characters, trimmed).
    pub name: Option<String>,
    /// Items of the design's top-level lists the wizard names (plural label, count), in the
    /// order of [`LISTS`]; lists absent from the text are left out.
    pub lists: Vec<(&'static str, usize)>,
    /// Values inside JSON arrays, at any depth.
    pub items: usize,
    /// Only the first part of the text was read: counts are lower bounds, and the name may be
    /// missing because it comes later.
    pub partial: bool,
}

impl Summary {
    /// The lists that are not empty as a phrase: "2 circuits, 1 virtual network and 3
    /// connections", each count prefixed with "at least" for a partial summary; `None` when
    /// none was seen.
    pub fn describe(&self) -> Option<String> {
        let least = if self.partial { "at least " } else { "" };
        let parts: Vec<String> = self
            .lists
            .iter()
            .filter(|(_, n)| *n > 0)
            .map(|(label, n)| format!("{least}{}", count_text(*n, label)))
            .collect();
        let (last, rest) = parts.split_last()?;
        Some(if rest.is_empty() {
            last.clone()
        } else {
            format!("{} and {last}", rest.join(", "))
        })
    }

    /// The first list the summary counts over its limit in [`bounds`] (the limits the design
    /// reader applies on "Open"), or all its lists together over [`bounds::TOTAL`]. Counts of
    /// a partial summary are lower bounds, so a list over its limit there is over it in full.
    pub fn over_limit(&self) -> Option<bounds::Exceeded> {
        for (label, n) in &self.lists {
            let key = LISTS
                .iter()
                .find(|(_, _, plural)| plural == label)
                .map(|(key, _, _)| *key);
            let limit = bounds::DESIGN.iter().find(|l| Some(l.key) == key);
            if let Some(l) = limit.filter(|l| *n > l.limit) {
                return Some(bounds::Exceeded {
                    list: l.key.to_string(),
                    what: l.what,
                    limit: l.limit,
                    why: l.why,
                });
            }
        }
        let total = self
            .lists
            .iter()
            .fold(0usize, |t, (_, n)| t.saturating_add(*n));
        (total > bounds::TOTAL.limit).then(|| bounds::Exceeded {
            list: String::new(),
            what: bounds::TOTAL.what,
            limit: bounds::TOTAL.limit,
            why: bounds::TOTAL.why,
        })
    }

    /// What the offer says before "Open" when the design is over a limit ([`Summary::over_limit`]):
    /// it cannot be opened, and why.
    pub fn limit_text(&self) -> Option<String> {
        self.over_limit()
            .map(|e| format!("It cannot be opened: {e}"))
    }

    /// [`ShareError::TooManyItems`] when the design holds more than [`MAX_LINK_ITEMS`] items
    /// (for a partial summary: already in the part read).
    pub fn check(&self) -> Result<(), ShareError> {
        if self.items <= MAX_LINK_ITEMS {
            return Ok(());
        }
        let largest = self.lists.iter().copied().max_by_key(|(_, n)| *n);
        Err(ShareError::TooManyItems {
            items: self.items,
            partial: self.partial,
            largest,
        })
    }
}

/// One open array or object while [`summarize`] scans.
#[derive(Clone, Copy)]
enum Frame {
    /// An object; `value` is true between a key's `:` and the next `,` or `}`.
    Object { value: bool },
    /// An array; `list` is the index in [`LISTS`] of a top-level list.
    Array { list: Option<usize> },
}

/// What [`summarize`] is inside of.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Str {
    /// Not in a string.
    Out,
    /// In a string that is not kept.
    Skip,
    /// In a key of the top-level object (kept to know which list or field follows).
    Key,
    /// In the value of the top-level `name`.
    Name,
}

/// Reads what a design's JSON holds, from all of it or (`partial`) its first bytes, without
/// building the design or any JSON value: one pass, memory bounded by the nesting limit and a
/// few short buffers, whatever the input. Malformed text gives a summary of what was seen;
/// the design reader reports the error when the design is opened.
pub fn summarize(bytes: &[u8], partial: bool) -> Summary {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut stack: Vec<Frame> = Vec::new();
    let mut counts = [None::<usize>; LISTS.len()];
    let mut items = 0usize;
    let mut name: Option<Vec<u8>> = None;
    let mut key: Vec<u8> = Vec::new();
    let mut last_key: Vec<u8> = Vec::new();
    let mut string = Str::Out;
    let mut escape = false;
    let mut in_scalar = false;
    let mut started = false;
    for &b in bytes {
        if string != Str::Out {
            if escape {
                escape = false;
                let unescaped = match b {
                    b'n' => b'\n',
                    b't' | b'r' => b' ',
                    other => other,
                };
                keep(string, unescaped, &mut key, &mut name);
            } else if b == b'\\' {
                escape = true;
            } else if b == b'"' {
                if string == Str::Key {
                    last_key = std::mem::take(&mut key);
                }
                string = Str::Out;
            } else {
                keep(string, b, &mut key, &mut name);
            }
            continue;
        }
        if in_scalar {
            if matches!(b, b',' | b']' | b'}' | b' ' | b'\n' | b'\r' | b'\t') {
                in_scalar = false;
            } else {
                continue;
            }
        }
        match b {
            b' ' | b'\n' | b'\r' | b'\t' => continue,
            b',' => {
                if let Some(Frame::Object { value }) = stack.last_mut() {
                    *value = false;
                }
                continue;
            }
            b':' => {
                if let Some(Frame::Object { value }) = stack.last_mut() {
                    *value = true;
                }
                continue;
            }
            b']' | b'}' => {
                stack.pop();
                if stack.is_empty() && started {
                    // The top-level value is complete: anything after it is not the design.
                    break;
                }
                continue;
            }
            _ => {}
        }
        // A key of an object, or the start of a value.
        let depth = stack.len();
        let is_key = matches!(stack.last(), Some(Frame::Object { value: false }));
        if is_key {
            if b == b'"' {
                string = if depth == 1 { Str::Key } else { Str::Skip };
                key.clear();
            }
            continue;
        }
        if let Some(Frame::Array { list }) = stack.last() {
            items += 1;
            if let Some(c) = list.and_then(|i| counts.get_mut(i)) {
                *c = Some(c.unwrap_or(0) + 1);
            }
        }
        if depth == 0 {
            if started || b != b'{' {
                // Not a JSON object: nothing to read.
                break;
            }
            started = true;
        }
        match b {
            b'{' | b'[' => {
                if depth >= io::MAX_NESTING {
                    break;
                }
                let list = (depth == 1 && b == b'[')
                    .then(|| LISTS.iter().position(|(k, _, _)| k.as_bytes() == last_key))
                    .flatten();
                if let Some(c) = list.and_then(|i| counts.get_mut(i)) {
                    // A repeated key restarts its count, as the reader keeps the last value.
                    *c = Some(0);
                }
                stack.push(if b == b'{' {
                    Frame::Object { value: false }
                } else {
                    Frame::Array { list }
                });
            }
            b'"' => {
                string = if depth == 1 && last_key == b"name" {
                    name = Some(Vec::new());
                    Str::Name
                } else {
                    Str::Skip
                };
            }
            _ => in_scalar = true,
        }
    }
    let lists = LISTS
        .iter()
        .zip(counts)
        .filter_map(|((_, _, label), n)| n.map(|n| (*label, n)))
        .collect();
    let name = name
        .map(|n| {
            String::from_utf8_lossy(&n)
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .chars()
                .take(NAME_CHARS)
                .collect::<String>()
        })
        .filter(|n| !n.is_empty());
    Summary {
        name,
        lists,
        items,
        partial,
    }
}

/// Keeps a byte of the string being read, when that string is kept: keys up to 32 bytes (the
/// longest the summary looks for is shorter), the name up to 4 bytes a character.
fn keep(string: Str, b: u8, key: &mut Vec<u8>, name: &mut Option<Vec<u8>>) {
    match string {
        Str::Key if key.len() < 32 => key.push(b),
        Str::Name => {
            if let Some(n) = name {
                if n.len() < NAME_CHARS * 4 {
                    n.push(b);
                }
            }
        }
        _ => {}
    }
}

/// Reads the design of a link from its unpacked bytes (all of them: the caller stops unpacking
/// past [`MAX_DECOMPRESSED_BYTES`] and reports [`ShareError::TooLarge`]): the item limit, then
/// the design reader with its own checks and limits.
pub fn read_design(json: &[u8]) -> Result<Design, ShareError> {
    if json.len() > MAX_DECOMPRESSED_BYTES {
        return Err(ShareError::TooLarge);
    }
    summarize(json, false).check()?;
    io::parse_design_bytes(json).map_err(|e| ShareError::Unreadable(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A design's JSON with `n` (empty) items in list `key`.
    fn with_items(key: &str, n: usize) -> Vec<u8> {
        let items = vec!["{}"; n].join(",");
        format!("{{\"name\":\"big\",\"{key}\":[{items}]}}").into_bytes()
    }

    #[test]
    fn the_preview_says_when_a_list_is_over_its_limit() {
        for l in bounds::DESIGN {
            for (n, over) in [(l.limit, false), (l.limit + 1, true)] {
                let json = with_items(l.key, n);
                let s = summarize(&json, false);
                let got = s.over_limit();
                assert_eq!(got.is_some(), over, "{} × {n}: {got:?}", l.key);
                if let Some(e) = got {
                    assert_eq!(e.list, l.key);
                    assert_eq!(e.limit, l.limit);
                    let text = s.limit_text().unwrap_or_default();
                    assert!(
                        text.contains(&format!("more than {} {}", l.limit, l.what)),
                        "{text}"
                    );
                    assert!(text.contains(l.why), "{text}");
                    // "Open" refuses it: with the same limit, or (a list longer than a link
                    // may hold in all) with the link's own.
                    let refused = read_design(&json).map(|_| ()).unwrap_err().to_string();
                    assert!(refused.contains(l.key) || s.check().is_err(), "{refused}");
                } else {
                    assert_eq!(s.limit_text(), None);
                }
            }
        }
        // A partial summary's counts are lower bounds: over the limit already in the part read.
        let json = with_items("circuits", 30_000);
        let s = summarize(&json[..PREVIEW_BYTES], true);
        assert!(s.partial);
        assert_eq!(s.over_limit().map(|e| e.list), Some("circuits".to_string()));
        // All lists together, each within its own limit.
        let s = Summary {
            lists: vec![("connections", 10_000); 11],
            ..Summary::default()
        };
        assert_eq!(s.over_limit().map(|e| e.limit), Some(bounds::TOTAL.limit));
    }

    #[test]
    fn encode_boundaries() {
        // RFC 4648 §10 test vectors, without padding, plus bytes using '-' and '_'.
        let cases: &[(&[u8], &str)] = &[
            (b"", ""),
            (b"f", "Zg"),
            (b"fo", "Zm8"),
            (b"foo", "Zm9v"),
            (b"foob", "Zm9vYg"),
            (b"fooba", "Zm9vYmE"),
            (b"foobar", "Zm9vYmFy"),
            (&[0xfb, 0xff], "-_8"),
            (&[0xff, 0xff, 0xff], "____"),
            (&[0, 0, 0], "AAAA"),
        ];
        for (bytes, text) in cases {
            assert_eq!(encode(bytes), *text, "{bytes:?}");
            assert_eq!(decode(text).as_deref(), Ok(*bytes), "{text}");
        }
    }

    #[test]
    fn decode_accepts_padding_and_rejects_bad_input() {
        let ok: &[(&str, &[u8])] = &[("Zg==", b"f"), ("Zm8=", b"fo"), ("Zm9v", b"foo"), ("", b"")];
        for (text, bytes) in ok {
            assert_eq!(decode(text).as_deref(), Ok(*bytes), "{text}");
        }
        let bad: &[(&str, usize)] = &[
            ("Z", 1),          // 4n + 1 characters: no encoder writes that
            ("Zm9vY", 5),      // same, after a full group
            ("Zm+v", 2),       // standard base64 '+' is not base64url
            ("Zm/v", 2),       // nor '/'
            ("Zm 9", 2),       // whitespace
            ("Zm9v\u{e9}", 4), // non-ASCII
            ("Zg===", 2),      // three padding characters
            ("Z=g", 1),        // padding in the middle
        ];
        for (text, at) in bad {
            assert_eq!(
                decode(text),
                Err(ShareError::BadEncoding { at: *at }),
                "{text}"
            );
        }
    }

    #[test]
    fn fragments_round_trip_and_report_problems() {
        assert_eq!(fragment(b"foo"), "#d=v1.Zm9v");
        assert_eq!(parse_fragment("#d=v1.Zm9v"), Some(Ok(b"foo".to_vec())));
        type Parsed = Option<Result<Vec<u8>, ShareError>>;
        let cases: &[(&str, Parsed)] = &[
            ("", None),
            ("#", None),
            ("#step=review", None),
            ("#D=v1.Zm9v", None),
            (
                "#d=",
                Some(Err(ShareError::UnknownVersion {
                    found: String::new(),
                })),
            ),
            ("#d=v1", Some(Err(ShareError::Empty))),
            ("#d=v1.", Some(Err(ShareError::Empty))),
            (
                "#d=v2.Zm9v",
                Some(Err(ShareError::UnknownVersion { found: "v2".into() })),
            ),
            ("#d=v1.Zm9v!", Some(Err(ShareError::BadEncoding { at: 4 }))),
        ];
        for (hash, want) in cases {
            assert_eq!(&parse_fragment(hash), want, "{hash}");
        }
        let long = format!("#d=v1.{}", "A".repeat(MAX_URL_CHARS));
        assert!(matches!(
            parse_fragment(&long),
            Some(Err(ShareError::TooLong { .. }))
        ));
    }

    #[test]
    fn share_url_length_limit_is_exact() {
        let url = share_url("https://example.test/erwiz/", b"foo").unwrap();
        assert_eq!(url, "https://example.test/erwiz/#d=v1.Zm9v");
        // A base whose length leaves room for whole 4-character groups up to the limit.
        let pad = (MAX_URL_CHARS - "https://example.test/#d=v1.".len()) % 4;
        let base = format!("https://example.test/{}", "x".repeat(pad));
        let base = base.as_str();
        // An old fragment on the base is replaced, not kept.
        assert_eq!(
            share_url("https://x.test/#d=v1.AAAA", b"foo").unwrap(),
            "https://x.test/#d=v1.Zm9v"
        );
        // Pick a payload length that lands exactly on the limit, then one byte over it.
        let overhead = base.len() + "#d=v1.".len();
        let fits = (MAX_URL_CHARS - overhead) / 4 * 3;
        let at_limit = share_url(base, &vec![7u8; fits]).unwrap();
        assert_eq!(at_limit.len(), MAX_URL_CHARS);
        let over = share_url(base, &vec![7u8; fits + 1]);
        assert!(matches!(over, Err(ShareError::TooLong { chars }) if chars > MAX_URL_CHARS));
        assert!(over
            .unwrap_err()
            .to_string()
            .contains("Download design (.json)"));
    }

    #[test]
    fn messages_are_one_line() {
        let errors = [
            ShareError::TooLong { chars: 40_000 },
            ShareError::UnknownVersion { found: "v9".into() },
            ShareError::Empty,
            ShareError::BadEncoding { at: 3 },
            ShareError::Damaged,
            ShareError::TooLarge,
            ShareError::TooManyItems {
                items: 30_000,
                partial: true,
                largest: Some(("circuits", 29_000)),
            },
            ShareError::Unreadable("invalid JSON at line 1 column 2: x".into()),
        ];
        for e in errors {
            let m = e.to_string();
            assert!(!m.is_empty() && !m.contains('\n'), "{m}");
        }
    }

    /// The fixtures, by name (native tests read them at compile time).
    const FIXTURES: [(&str, &str); 7] = [
        ("direct", include_str!("../../tests/fixtures/direct.json")),
        (
            "dual-stack",
            include_str!("../../tests/fixtures/dual-stack.json"),
        ),
        ("errors", include_str!("../../tests/fixtures/errors.json")),
        ("large", include_str!("../../tests/fixtures/large.json")),
        ("minimal", include_str!("../../tests/fixtures/minimal.json")),
        ("seed", include_str!("../../tests/fixtures/seed.json")),
        (
            "two-circuits",
            include_str!("../../tests/fixtures/two-circuits.json"),
        ),
    ];

    /// The lengths of a design's lists, by plural label.
    fn lengths(d: &Design) -> [(&'static str, usize); 8] {
        [
            ("circuits", d.circuits.len()),
            ("Direct port pairs", d.direct_ports.len()),
            ("route filters", d.route_filters.len()),
            ("virtual networks", d.virtual_networks.len()),
            ("gateways", d.gateways.len()),
            ("connections", d.connections.len()),
            ("Global Reach links", d.global_reach.len()),
            ("on-premises routes", d.on_prem_routes.len()),
        ]
    }

    #[test]
    fn summaries_of_the_fixtures_match_their_designs() {
        for (file, text) in FIXTURES {
            let design = io::parse_design(text).unwrap();
            let s = summarize(text.as_bytes(), false);
            assert!(!s.partial);
            // The name as written (the reader gives a design without one a default name).
            let written: serde_json::Value = serde_json::from_str(text).unwrap();
            let name = written["name"]
                .as_str()
                .map(|n| n.split_whitespace().collect::<Vec<_>>().join(" "));
            assert_eq!(s.name, name, "{file}");
            assert!(!s.lists.is_empty(), "{file}");
            for (label, n) in &s.lists {
                let want = lengths(&design).iter().find(|(l, _)| l == label).unwrap().1;
                assert_eq!(*n, want, "{file}: {label}");
            }
            // Every list of the design that is not empty is counted.
            for (label, n) in lengths(&design) {
                if n > 0 {
                    assert!(s.lists.iter().any(|(l, _)| *l == label), "{file}: {label}");
                }
            }
            assert!(s.items >= design.circuits.len(), "{file}");
            assert_eq!(s.check(), Ok(()), "{file}");
            // Read as a link's design: the same design.
            assert_eq!(read_design(text.as_bytes()), Ok(design), "{file}");
            // Every prefix gives counts no larger than the whole (lower bounds), never a panic.
            for cut in (0..text.len()).step_by(7) {
                let p = summarize(&text.as_bytes()[..cut], true);
                assert!(p.partial && p.items <= s.items, "{file} at {cut}");
                for (label, n) in &p.lists {
                    let whole = s.lists.iter().find(|(l, _)| l == label).unwrap().1;
                    assert!(*n <= whole, "{file} at {cut}: {label}");
                }
            }
        }
    }

    #[test]
    fn summary_reads_only_the_top_level_name_and_lists() {
        /// Text, name read, lists counted, items.
        type Case<'a> = (&'a str, Option<&'a str>, &'a [(&'a str, usize)], usize);
        let cases: &[Case] = &[
            ("", None, &[], 0),
            ("[1,2,3]", None, &[], 0),
            ("\u{feff}{\"name\":\"A\"}", Some("A"), &[], 0),
            // A nested "name" or "circuits" is not the design's.
            (
                r#"{"circuits":[{"name":"c1","circuits":[1,2]}],"name":" My  \"big\"\n design "}"#,
                Some("My \"big\" design"),
                &[("circuits", 1)],
                3,
            ),
            // The last of repeated keys counts, as the design reader keeps the last value.
            (
                r#"{"gateways":[{},{}],"gateways":[{}],"onPremRoutes":["a","b,c"]}"#,
                None,
                &[("gateways", 1), ("on-premises routes", 2)],
                5,
            ),
            // Numbers and literals are items too; unknown lists count as items only.
            (
                r#"{"virtualNetworks":[1, true ,null,-2e3],"extra":[[],[[]]]}"#,
                None,
                &[("virtual networks", 4)],
                7,
            ),
            // Text after the design is not read.
            (
                r#"{"circuits":[]} {"circuits":[{}]}"#,
                None,
                &[("circuits", 0)],
                0,
            ),
            // A name that is not a string is no name.
            (r#"{"name":42}"#, None, &[], 0),
        ];
        for (text, name, lists, items) in cases {
            let s = summarize(text.as_bytes(), false);
            assert_eq!(s.name.as_deref(), *name, "{text}");
            assert_eq!(s.lists, lists.to_vec(), "{text}");
            assert_eq!(s.items, *items, "{text}");
        }
        // A long name is cut to 80 characters.
        let long = format!(r#"{{"name":"{}"}}"#, "é".repeat(500));
        assert_eq!(
            summarize(long.as_bytes(), false)
                .name
                .unwrap()
                .chars()
                .count(),
            80
        );
        // Nesting past the design reader's limit stops the scan (the reader refuses it).
        let deep = format!("{{\"circuits\":{}", "[".repeat(10_000));
        let s = summarize(deep.as_bytes(), false);
        assert!(s.items <= io::MAX_NESTING, "{}", s.items);
    }

    #[test]
    fn describe_names_the_counts() {
        let s = |lists: &[(&'static str, usize)], partial| Summary {
            lists: lists.to_vec(),
            partial,
            ..Summary::default()
        };
        assert_eq!(s(&[], false).describe(), None);
        assert_eq!(
            s(&[("circuits", 1)], false).describe().unwrap(),
            "1 circuit"
        );
        assert_eq!(
            s(
                &[("circuits", 2), ("virtual networks", 1), ("connections", 3)],
                false
            )
            .describe()
            .unwrap(),
            "2 circuits, 1 virtual network and 3 connections"
        );
        assert_eq!(
            s(&[("circuits", 21_845), ("Global Reach links", 0)], true)
                .describe()
                .unwrap(),
            "at least 21,845 circuits"
        );
        assert_eq!(
            s(
                &[("circuits", 2), ("gateways", 1), ("on-premises routes", 1)],
                true
            )
            .describe()
            .unwrap(),
            "at least 2 circuits, at least 1 gateway and at least 1 on-premises route"
        );
        assert_eq!(s(&[("gateways", 0)], false).describe(), None);
    }

    /// `{"key":[v,v,…]}` with `n` values.
    fn list_of(key: &str, value: &str, n: usize) -> String {
        let mut s = format!("{{\"{key}\":[");
        for i in 0..n {
            if i > 0 {
                s.push(',');
            }
            s.push_str(value);
        }
        s.push_str("]}");
        s
    }

    #[test]
    fn item_limit_is_exact() {
        for (key, value) in [("circuits", "{}"), ("onPremRoutes", "\"\""), ("x", "0")] {
            let at = summarize(list_of(key, value, MAX_LINK_ITEMS).as_bytes(), false);
            assert_eq!(at.items, MAX_LINK_ITEMS);
            assert_eq!(at.check(), Ok(()), "{key}");
            let over = summarize(list_of(key, value, MAX_LINK_ITEMS + 1).as_bytes(), false);
            let err = over.check().unwrap_err();
            assert!(
                matches!(err, ShareError::TooManyItems { items, partial: false, .. } if items == MAX_LINK_ITEMS + 1),
                "{err:?}"
            );
        }
        assert!(matches!(
            read_design(list_of("circuits", "{}", MAX_LINK_ITEMS + 1).as_bytes()),
            Err(ShareError::TooManyItems { .. })
        ));
        // Past the unpacked size limit: refused before anything is read.
        let big = vec![b' '; MAX_DECOMPRESSED_BYTES + 1];
        assert_eq!(read_design(&big), Err(ShareError::TooLarge));
        // Not a design: the design reader's reason.
        let err = read_design(b"{\"circuits\":7}").unwrap_err();
        assert!(
            matches!(&err, ShareError::Unreadable(r) if r.contains("line 1")),
            "{err:?}"
        );
    }

    /// Deflates bytes as the browser's `CompressionStream("deflate-raw")` does (raw deflate).
    #[cfg(not(target_arch = "wasm32"))]
    fn deflate(bytes: &[u8]) -> Vec<u8> {
        miniz_oxide::deflate::compress_to_vec(bytes, 9)
    }

    /// Inflates at most `limit` bytes, as the page does with `DecompressionStream`: the bytes
    /// and whether that was all.
    #[cfg(not(target_arch = "wasm32"))]
    fn inflate(bytes: &[u8], limit: usize) -> (Vec<u8>, bool) {
        match miniz_oxide::inflate::decompress_to_vec_with_limit(bytes, limit) {
            Ok(all) => (all, true),
            Err(e) => {
                assert_eq!(e.status, miniz_oxide::inflate::TINFLStatus::HasMoreOutput);
                (e.output, false)
            }
        }
    }

    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn the_hostile_link_is_refused_from_its_preview_and_in_full() {
        // Issue 15: 6.9 KB of link, 5 MB of `{"circuits":[{},{},…]}`, 1.7 million circuits.
        let json = list_of("circuits", "{}", 1_700_000);
        assert!(json.len() <= MAX_DECOMPRESSED_BYTES, "{}", json.len());
        let url = share_url("https://example.test/", &deflate(json.as_bytes())).unwrap();
        assert!(url.len() < 10_000, "{}", url.len());
        let hash = &url[url.find('#').unwrap()..];
        let packed = parse_fragment(hash).unwrap().unwrap();

        // The offer's preview: 64 KiB unpacked, counted, refused. No design is built.
        let (preview, complete) = inflate(&packed, PREVIEW_BYTES);
        assert!(!complete);
        assert_eq!(preview.len(), PREVIEW_BYTES);
        let s = summarize(&preview, true);
        assert_eq!(s.name, None);
        let n = s.lists.first().map_or(0, |l| l.1);
        assert!(n > MAX_LINK_ITEMS && n < PREVIEW_BYTES / 3 + 1, "{s:?}");
        let err = s.check().unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("at least 21,8"), "{msg}");
        assert!(msg.contains("circuits"), "{msg}");
        assert!(msg.contains("may hold 20,000 at most"), "{msg}");

        // Opened anyway (the page refuses it before; the domain refuses it again): the whole
        // text is scanned, never parsed.
        let (all, complete) = inflate(&packed, MAX_DECOMPRESSED_BYTES + 1);
        assert!(complete);
        assert_eq!(
            read_design(&all),
            Err(ShareError::TooManyItems {
                items: 1_700_000,
                partial: false,
                largest: Some(("circuits", 1_700_000)),
            })
        );

        // One more megabyte of circuits unpacks past 5 MB: refused by size first.
        let json = list_of("circuits", "{}", 2_100_000);
        let packed = deflate(json.as_bytes());
        let (_, complete) = inflate(&packed, MAX_DECOMPRESSED_BYTES);
        assert!(!complete);
    }

    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn a_real_design_survives_the_link() {
        for (file, text) in FIXTURES {
            let design = io::parse_design(text).unwrap().without_secrets();
            let json = serde_json::to_string(&design).unwrap();
            let url = share_url("https://example.test/", &deflate(json.as_bytes()));
            let Ok(url) = url else {
                continue;
            };
            let packed = parse_fragment(&url[url.find('#').unwrap()..])
                .unwrap()
                .unwrap();
            let (preview, _) = inflate(&packed, PREVIEW_BYTES);
            let s = summarize(&preview, preview.len() == PREVIEW_BYTES);
            assert_eq!(s.check(), Ok(()), "{file}");
            let name = design.name.split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(s.name.as_deref(), Some(name.as_str()), "{file}");
            let (all, complete) = inflate(&packed, MAX_DECOMPRESSED_BYTES + 1);
            assert!(complete, "{file}");
            assert_eq!(read_design(&all), Ok(design), "{file}");
        }
    }

    #[cfg(not(target_arch = "wasm32"))]
    mod props {
        use super::super::*;
        use proptest::prelude::*;

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(256))]

            #[test]
            fn decode_inverts_encode(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
                let text = encode(&bytes);
                prop_assert!(text.bytes().all(|c| ALPHABET.contains(&c)));
                prop_assert_eq!(decode(&text), Ok(bytes.clone()));
                prop_assert_eq!(parse_fragment(&fragment(&bytes)), if bytes.is_empty() {
                    Some(Err(ShareError::Empty))
                } else {
                    Some(Ok(bytes))
                });
            }

            #[test]
            fn summaries_never_panic_and_prefixes_are_lower_bounds(
                text in "[\\[\\]{}:,\" a-z0-9\\\\]{0,200}",
                cut in 0usize..200,
            ) {
                let whole = summarize(text.as_bytes(), false);
                let cut = cut.min(text.len());
                let part = summarize(&text.as_bytes()[..cut], true);
                prop_assert!(part.items <= whole.items);
            }

            #[test]
            fn decode_never_panics(text in "\\PC{0,64}", raw in ".{0,64}") {
                let _ = decode(&text);
                let _ = decode(&raw);
                let _ = parse_fragment(&format!("#d=v1.{raw}"));
                let _ = parse_fragment(&raw);
            }
        }
    }
}
