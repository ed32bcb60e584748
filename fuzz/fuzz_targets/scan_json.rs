//! The JSON scanner on arbitrary UTF-8: no panic, the invariants of
//! `check_scan`, and JSON that parses before redaction parses after it with
//! the same shape (`check_json_shape`). Malformed input must fall back to a
//! text scan and say so.
#![no_main]
use libfuzzer_sys::fuzz_target;
use phi_guard::Format;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let scan = phi_guard_fuzz::check_scan(phi_guard_fuzz::guard(), text, Format::Json);
        phi_guard_fuzz::check_json_shape(text, &scan);
    }
});
