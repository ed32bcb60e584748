//! The csv reader on arbitrary UTF-8: no panic, and every invariant of
//! `phi_guard_fuzz::check_scan` holds.
#![no_main]
use libfuzzer_sys::fuzz_target;
use phi_guard::Format;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        phi_guard_fuzz::check_scan(phi_guard_fuzz::guard(), text, Format::Csv);
    }
});
