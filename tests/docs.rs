//! `docs/architecture.md` describes the code as it is: every file or folder of `src/` it names
//! exists, every module of the domain has its row in the domain map, and every place the
//! "Where do I add…" table sends a reader to exists.

use std::path::Path;

fn architecture() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/architecture.md"))
        .expect("docs/architecture.md")
}

/// The backquoted spans of `text`.
fn code_spans(text: &str) -> Vec<&str> {
    text.split('`').skip(1).step_by(2).collect()
}

/// The section of `text` under the heading `title`, up to the next heading of any level.
fn section<'a>(text: &'a str, title: &str) -> &'a str {
    let start = text
        .find(title)
        .unwrap_or_else(|| panic!("no section {title:?} in docs/architecture.md"));
    let rest = &text[start + title.len()..];
    let end = rest.find("\n#").unwrap_or(rest.len());
    &rest[..end]
}

#[test]
fn every_source_path_named_exists() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let doc = architecture();
    let mut named = 0;
    for span in code_spans(&doc) {
        let path = span.split([' ', ':']).next().unwrap_or("");
        if path.starts_with("src/") || path.starts_with("tests/") || path.starts_with("scripts/") {
            let path = path.trim_end_matches(['.', ',']);
            assert!(
                root.join(path).exists(),
                "docs/architecture.md names {path}, which does not exist"
            );
            named += 1;
        }
    }
    assert!(
        named > 20,
        "only {named} paths found: did the format change?"
    );
}

#[test]
fn every_domain_module_has_its_row() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let doc = architecture();
    let map = section(&doc, "## Domain map");
    // A row's first cell may name several modules (`text.rs`, `float_text.rs`).
    let rows: Vec<&str> = map
        .lines()
        .filter_map(|l| l.strip_prefix("| "))
        .filter_map(|l| l.split(" |").next())
        .flat_map(code_spans)
        .collect();
    let mut missing = Vec::new();
    for entry in std::fs::read_dir(root.join("src/domain")).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().to_string();
        let row = if entry.path().is_dir() {
            // A module file with a folder of its own submodules (`edit.rs`, `edit/`).
            if root.join("src/domain").join(format!("{name}.rs")).exists() {
                continue;
            }
            format!("{name}/")
        } else if let Some(stem) = name.strip_suffix(".rs") {
            if stem == "mod" {
                continue;
            }
            // A module with a folder of submodules has its row as the folder.
            if root.join("src/domain").join(stem).is_dir() {
                continue;
            }
            name.clone()
        } else {
            continue;
        };
        let dir_row = row.trim_end_matches(".rs").to_string() + "/";
        if !rows.iter().any(|r| *r == row || *r == dir_row) {
            missing.push(row);
        }
    }
    missing.sort();
    assert!(
        missing.is_empty(),
        "no row in the domain map for {missing:?}"
    );
}

#[test]
fn the_where_do_i_add_table_points_at_real_places() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let doc = architecture();
    let table = section(&doc, "## Where do I add…");
    let mut named = 0;
    for span in code_spans(table) {
        let path = span.split([' ', ':']).next().unwrap_or("");
        if path.contains('/') && !path.starts_with("http") {
            assert!(
                root.join(path).exists(),
                "the table names {path}, which does not exist"
            );
            named += 1;
        }
    }
    for what in ["a rule", "a field", "a step", "an export format", "an edit"] {
        assert!(table.contains(&format!("| {what} |")), "no row for {what}");
    }
    assert!(named >= 10, "only {named} places named");
}
