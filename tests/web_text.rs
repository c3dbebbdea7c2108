//! Browser test of the domain's text helpers: the browser's lower case (used for non-ASCII text
//! so the wasm carries no case tables) gives what the standard library gives, and a name written
//! in another case is still the same name to the rules.
#![cfg(target_arch = "wasm32")]

use erwiz::domain::model::{Circuit, Design};
use erwiz::domain::rules::validate;
use erwiz::domain::text::{lowercase, push_lowercase, TRICKY};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn browser_lower_case_matches_the_standard_library() {
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

#[wasm_bindgen_test]
fn non_ascii_names_differing_in_case_are_duplicates() {
    let d = Design {
        circuits: vec![
            Circuit {
                name: "er-MÜNCHEN".into(),
                ..Circuit::default()
            },
            Circuit {
                name: "er-münchen".into(),
                ..Circuit::default()
            },
        ],
        ..Design::default()
    };
    let codes: Vec<&str> = validate(&d).iter().map(|f| f.code).collect();
    assert!(codes.contains(&"ER-N-003"), "{codes:?}");
}
