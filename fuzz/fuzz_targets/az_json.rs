//! `az network express-route show` / `peering show` / `list` output through the importer: any
//! bytes are imported or refused without a panic, within the import's limits.
#![no_main]

use erwiz::domain::import::import_bytes;
use erwiz::domain::rules::validate;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(i) = import_bytes(data) {
        let _ = validate(&i.design);
    }
});
