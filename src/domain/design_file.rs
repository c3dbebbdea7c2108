//! The design as a file: what "Download design (.json)" writes. The format is the design JSON
//! the wizard stores and `erwiz check` reads ([`super::io::parse_design`]); "Open design file"
//! reads it back through the import ([`super::import::import_text`]), as any other file. Unlike
//! the deployment exports, it keeps everything: subscription, resource group, on-premises routes,
//! Direct ports, provider status, and the secrets when the user asks for them.

use super::model::Design;

/// The media type of a design file.
pub const MEDIA_TYPE: &str = "application/json";

/// Longest file name stem [`file_name`] writes, in characters.
const STEM_CHARS: usize = 60;

/// The file's text: the whole design, indented, ending with a newline. MD5 shared keys and
/// authorization keys are written only when `secrets` is true.
pub fn to_text(design: &Design, secrets: bool) -> String {
    // Written compact, as browser storage writes it, then indented: `to_string_pretty` would put
    // a second copy of the design's serialisation code into the browser build.
    let written = if secrets {
        serde_json::to_string(design)
    } else {
        serde_json::to_string(&design.without_secrets())
    };
    // A design is plain data (strings, numbers, lists): serialising it cannot fail.
    let mut text = indent(&written.unwrap_or_default());
    text.push('\n');
    text
}

/// Indents compact JSON (no whitespace outside strings, as `serde_json::to_string` writes it)
/// the way `serde_json::to_string_pretty` does: two spaces a level, `": "` after keys, empty
/// arrays and objects kept as `[]` and `{}`.
pub fn indent(compact: &str) -> String {
    let mut out = String::with_capacity(compact.len() + compact.len() / 2);
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    let mut chars = compact.chars().peekable();
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        for _ in 0..depth {
            out.push_str("  ");
        }
    };
    while let Some(c) = chars.next() {
        if in_string {
            out.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
            continue;
        }
        match c {
            '"' => {
                in_string = true;
                out.push(c);
            }
            '{' | '[' => {
                out.push(c);
                match chars.peek() {
                    Some(&close @ ('}' | ']')) => {
                        out.push(close);
                        chars.next();
                    }
                    _ => {
                        depth += 1;
                        newline(&mut out, depth);
                    }
                }
            }
            '}' | ']' => {
                depth = depth.saturating_sub(1);
                newline(&mut out, depth);
                out.push(c);
            }
            ',' => {
                out.push(c);
                newline(&mut out, depth);
            }
            ':' => out.push_str(": "),
            c => out.push(c),
        }
    }
    out
}

/// A file name from the design's name: letters and digits kept (ASCII lowercased), anything
/// else one hyphen, at most 60 characters, then `.json`; `expressroute-design.json` for a name
/// with neither.
pub fn file_name(design: &Design) -> String {
    let mut stem = String::new();
    for c in design.name.chars() {
        if c.is_alphanumeric() {
            stem.push(c.to_ascii_lowercase());
        } else if !stem.is_empty() && !stem.ends_with('-') {
            stem.push('-');
        }
    }
    let stem: String = stem.chars().take(STEM_CHARS).collect();
    let stem = stem.trim_end_matches('-');
    if stem.is_empty() {
        "expressroute-design.json".to_string()
    } else {
        format!("{stem}.json")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::import::{import_text, SourceFormat};
    use crate::domain::io::parse_design;
    use serde_json::Value;

    /// Every fixture of `tests/fixtures` (the design files; `import/` holds other formats).
    const FIXTURES: [(&str, &str); 8] = [
        ("direct", include_str!("../../tests/fixtures/direct.json")),
        (
            "dual-stack",
            include_str!("../../tests/fixtures/dual-stack.json"),
        ),
        ("errors", include_str!("../../tests/fixtures/errors.json")),
        (
            "full-direct",
            include_str!("../../tests/fixtures/full-direct.json"),
        ),
        ("large", include_str!("../../tests/fixtures/large.json")),
        ("minimal", include_str!("../../tests/fixtures/minimal.json")),
        ("seed", include_str!("../../tests/fixtures/seed.json")),
        (
            "two-circuits",
            include_str!("../../tests/fixtures/two-circuits.json"),
        ),
    ];

    #[test]
    fn the_fixture_list_is_complete() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        let mut on_disk: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .filter_map(|e| e.ok()?.file_name().into_string().ok())
            .filter_map(|n| n.strip_suffix(".json").map(str::to_string))
            .collect();
        on_disk.sort();
        let listed: Vec<&str> = FIXTURES.iter().map(|(n, _)| *n).collect();
        assert_eq!(on_disk, listed);
    }

    /// Every leaf of a JSON value with its path (`circuits[0].privatePeering.vlanId`).
    fn leaves(v: &Value, path: String, out: &mut Vec<(String, Value)>) {
        match v {
            Value::Object(m) => {
                for (k, v) in m {
                    let p = if path.is_empty() {
                        k.clone()
                    } else {
                        format!("{path}.{k}")
                    };
                    leaves(v, p, out);
                }
            }
            Value::Array(a) => {
                for (i, v) in a.iter().enumerate() {
                    leaves(v, format!("{path}[{i}]"), out);
                }
            }
            leaf => out.push((path, leaf.clone())),
        }
    }

    /// The value at a path written by [`leaves`].
    fn at<'a>(v: &'a Value, path: &str) -> Option<&'a Value> {
        let mut v = v;
        for part in path.split('.') {
            let (key, indices) = part.split_once('[').map_or((part, ""), |(k, i)| (k, i));
            v = v.get(key)?;
            for i in indices.split('[').filter(|s| !s.is_empty()) {
                v = v.get(i.trim_end_matches(']').parse::<usize>().ok()?)?;
            }
        }
        Some(v)
    }

    /// The design with a secret wherever the model keeps one and the design has none, so the
    /// round trip carries secrets of every kind (those the fixture has are kept).
    fn with_secrets(mut d: Design) -> Design {
        let fill = |s: &mut String, v: &str| {
            if s.is_empty() {
                *s = v.to_string();
            }
        };
        for c in &mut d.circuits {
            fill(&mut c.direct_authorization_key, "direct-auth-key");
            if let Some(p) = &mut c.private_peering {
                fill(&mut p.shared_key, "md5-private");
            }
            if let Some(m) = &mut c.microsoft_peering {
                fill(&mut m.peering.shared_key, "md5-microsoft");
            }
        }
        for cn in &mut d.connections {
            fill(&mut cn.authorization_key, "auth-connection");
        }
        for gr in &mut d.global_reach {
            fill(&mut gr.authorization_key, "auth-global-reach");
        }
        d
    }

    #[test]
    fn download_then_open_gives_back_every_field_of_every_fixture() {
        for (file, text) in FIXTURES {
            let plain = parse_design(text).unwrap();
            // With secrets of every kind too.
            let full = with_secrets(plain.clone());
            assert_eq!(parse_design(&to_text(&full, true)).unwrap(), full, "{file}");
            let design = plain;
            let saved = to_text(&design, true);
            assert!(saved.ends_with("}\n"), "{file}");
            // Opened through the import, as "Open design file" does: the same design, nothing
            // to report.
            let opened = import_text(&saved).unwrap();
            assert_eq!(opened.format, SourceFormat::Design, "{file}");
            assert!(opened.findings.is_empty(), "{file}: {:?}", opened.findings);
            assert_eq!(opened.design, design, "{file}");
            // And by the checker's reader.
            assert_eq!(parse_design(&saved).unwrap(), design, "{file}");

            // Every value the fixture writes is in the file, at the same path: numbers typed
            // into text fields come back as their text.
            let fixture: Value = serde_json::from_str(text).unwrap();
            let written: Value = serde_json::from_str(&saved).unwrap();
            let mut fields = Vec::new();
            leaves(&fixture, String::new(), &mut fields);
            assert!(fields.len() >= 3, "{file}");
            for (path, value) in fields {
                // The file is written in the current schema version; older fixtures are read
                // through their migration.
                if path == "version" {
                    continue;
                }
                let got = at(&written, &path);
                let same = match (&value, got) {
                    (Value::Number(n), Some(Value::String(s))) => n.to_string() == *s,
                    (v, Some(g)) => v == g,
                    (_, None) => false,
                };
                assert!(same, "{file}: {path} was {value}, the file has {got:?}");
            }
        }
    }

    #[test]
    fn indent_writes_what_serde_pretty_writes() {
        for (file, text) in FIXTURES {
            let design = parse_design(text).unwrap();
            let pretty = serde_json::to_string_pretty(&design).unwrap() + "\n";
            assert_eq!(to_text(&design, true), pretty, "{file}");
        }
        // Strings with brackets, commas, colons, quotes and escapes; empty containers; nesting.
        let value = serde_json::json!({
            "a": "x,{[:]}\\\"y",
            "b": [],
            "c": {},
            "d": [[1, {"e": null}], [true, false], "é\n"],
        });
        let compact = serde_json::to_string(&value).unwrap();
        assert_eq!(
            indent(&compact),
            serde_json::to_string_pretty(&value).unwrap()
        );
        assert_eq!(indent(""), "");
        assert_eq!(indent("[]"), "[]");
    }

    #[test]
    fn secrets_are_written_only_when_asked() {
        for (file, text) in FIXTURES {
            let design = with_secrets(parse_design(text).unwrap());
            let plain = to_text(&design, false);
            let back = parse_design(&plain).unwrap();
            assert_eq!(back, design.without_secrets(), "{file}");
            assert!(!back.has_secrets(), "{file}");
            for secret in [
                "direct-auth-key",
                "md5-private",
                "md5-microsoft",
                "auth-connection",
            ] {
                assert!(!plain.contains(secret), "{file}: {secret}");
            }
            assert!(design.has_secrets(), "{file}");
            let full = parse_design(&to_text(&design, true)).unwrap();
            assert!(full.has_secrets() && full == design, "{file}");
        }
    }

    #[test]
    fn file_names_come_from_the_design_name() {
        let cases = [
            (
                "Contoso London ExpressRoute",
                "contoso-london-expressroute.json",
            ),
            ("  ER / Zürich (prod) ", "er-zürich-prod.json"),
            ("a..b--c", "a-b-c.json"),
            ("", "expressroute-design.json"),
            ("/// ", "expressroute-design.json"),
            ("../../etc/passwd", "etc-passwd.json"),
        ];
        for (name, want) in cases {
            let d = Design {
                name: name.into(),
                ..Design::default()
            };
            assert_eq!(file_name(&d), want, "{name}");
        }
        let long = Design {
            name: format!("{}-end", "x".repeat(100)),
            ..Design::default()
        };
        assert_eq!(file_name(&long), format!("{}.json", "x".repeat(60)));
        let cut = Design {
            name: format!("{} y", "x".repeat(59)),
            ..Design::default()
        };
        assert_eq!(file_name(&cut), format!("{}.json", "x".repeat(59)));
    }
}
