//! Config parsing (`Guard::from_json`) on arbitrary UTF-8: a guard or a typed
//! `config`/`pattern` error, never a panic, and no error message that
//! repeats a key or an allow-list value. A config that compiles must scan a
//! sample with the usual invariants.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        phi_guard_fuzz::check_config(text);
    }
});
