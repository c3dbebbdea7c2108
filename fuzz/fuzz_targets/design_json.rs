//! Design JSON (`domain::io`): any bytes are read or refused without a panic; a design that is
//! read passes the rules, and writes back to JSON that reads as the same design.
#![no_main]

use erwiz::domain::io::parse_design_bytes;
use erwiz::domain::rules::validate;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(design) = parse_design_bytes(data) else {
        return;
    };
    let _ = validate(&design);
    let text = serde_json::to_string(&design).expect("a design serialises");
    let again = erwiz::domain::io::parse_design(&text).expect("a written design reads back");
    assert_eq!(again, design, "round trip through {text}");
});
