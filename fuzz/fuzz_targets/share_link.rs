//! Share links (`domain::share`): any fragment is read or refused without a panic; the bytes of
//! a link read as a design through `domain::io` (the page inflates them first; here they are
//! taken as they are); and encoding then decoding gives back the same bytes.
#![no_main]

use erwiz::domain::io::parse_design_bytes;
use erwiz::domain::share::{decode, encode, fragment, parse_fragment, ShareError};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Some(Ok(bytes)) = parse_fragment(text) {
            let _ = parse_design_bytes(&bytes);
        }
    }
    assert_eq!(decode(&encode(data)).as_deref(), Ok(data));
    match parse_fragment(&fragment(data)) {
        Some(Ok(bytes)) => assert_eq!(bytes, data),
        Some(Err(ShareError::Empty)) => assert!(data.is_empty()),
        Some(Err(ShareError::TooLong { .. })) => {}
        other => panic!("{other:?} for a fragment of {} bytes", data.len()),
    }
});
