//! ARM templates through the importer (`domain::import`): any bytes are imported or refused
//! without a panic, within the import's limits. A NUL byte splits the input into a template and
//! its parameters file.
#![no_main]

use erwiz::domain::import::{import_arm, import_bytes};
use erwiz::domain::rules::validate;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let imported = match data.iter().position(|b| *b == 0) {
        Some(at) => {
            let (t, p) = data.split_at(at);
            match (std::str::from_utf8(t), std::str::from_utf8(&p[1..])) {
                (Ok(t), Ok(p)) => import_arm(t, Some(p)),
                _ => return,
            }
        }
        None => import_bytes(data),
    };
    if let Ok(i) = imported {
        let _ = validate(&i.design);
    }
});
