//! Share links: the pure framing of a design carried in a URL fragment, `#d=v1.<base64url>`.
//!
//! The browser compresses the design JSON (without secrets) with `CompressionStream("deflate-raw")`
//! and this module turns those bytes into the fragment and back: base64url without padding
//! (RFC 4648 §5), a version tag so the format can change later, and a length limit. Everything
//! here returns errors instead of panicking: a link is user data.

use std::fmt;

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
}

impl fmt::Display for ShareError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ShareError::TooLong { chars } => write!(
                f,
                "the design is too large for a share link ({chars} characters; the limit is {MAX_URL_CHARS}). Export the design as a file and import it instead"
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

#[cfg(test)]
mod tests {
    use super::*;

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
            .contains("Export the design as a file"));
    }

    #[test]
    fn messages_are_one_line() {
        let errors = [
            ShareError::TooLong { chars: 40_000 },
            ShareError::UnknownVersion { found: "v9".into() },
            ShareError::Empty,
            ShareError::BadEncoding { at: 3 },
        ];
        for e in errors {
            let m = e.to_string();
            assert!(!m.is_empty() && !m.contains('\n'), "{m}");
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
            fn decode_never_panics(text in "\\PC{0,64}", raw in ".{0,64}") {
                let _ = decode(&text);
                let _ = decode(&raw);
                let _ = parse_fragment(&format!("#d=v1.{raw}"));
                let _ = parse_fragment(&raw);
            }
        }
    }
}
