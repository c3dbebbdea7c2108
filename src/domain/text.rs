//! Unicode lower case without the standard library's case tables in the wasm build (about 16 KB:
//! `str::to_lowercase` and its mapping table). ASCII text, which is almost every name, is lowered
//! in place. Other text goes, in the browser, to `String.prototype.toLowerCase`, which applies the
//! same Unicode default case mapping, `Final_Sigma` included; natively (tests, the `erwiz`
//! checker) the standard library lowers it.

/// Lower case of `s`, as `str::to_lowercase`.
pub fn lowercase(s: &str) -> String {
    if s.is_ascii() {
        s.to_ascii_lowercase()
    } else {
        unicode_lowercase(s)
    }
}

/// Appends the lower case of `c` to `out`, as `char::to_lowercase` (no context rules: a lone
/// character is never a final sigma).
pub fn push_lowercase(out: &mut String, c: char) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
    } else {
        out.push_str(&unicode_lowercase(c.encode_utf8(&mut [0; 4])));
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn unicode_lowercase(s: &str) -> String {
    s.to_lowercase()
}

#[cfg(target_arch = "wasm32")]
fn unicode_lowercase(s: &str) -> String {
    String::from(js_sys::JsString::from(s).to_lower_case())
}

/// Strings whose lower case takes more than a table lookup per character (for the native test
/// here and the browser test that compares the browser's mapping with the standard library's).
pub const TRICKY: &[&str] = &[
    "",
    "ExpressRoute-01",
    "ÄÖÜ äöü ß ẞ",
    "ΟΔΟΣ",
    "ΟΔΟΣ ΑΣ Σ",
    "Σ",
    "aΣb",
    "İstanbul",
    "\u{212A}elvin",
    "ǅǄǆ",
    "ᏚᎢᎵᎬᎢᎬᏒ",
    "𐐀𐐁",
    "Å\u{0301}",
    "日本語",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_the_standard_library() {
        for s in TRICKY {
            assert_eq!(lowercase(s), s.to_lowercase(), "{s}");
            let mut per_char = String::new();
            for c in s.chars() {
                push_lowercase(&mut per_char, c);
            }
            let want: String = s.chars().flat_map(char::to_lowercase).collect();
            assert_eq!(per_char, want, "{s}");
        }
    }
}
