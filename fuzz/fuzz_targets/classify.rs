//! Event classification (`Guard::classify_json`). The first byte picks the
//! mode: raw bytes as event JSON (an `event` error or a result, never a
//! panic), or a well-formed event around fuzzed text whose signal must have
//! exactly the v1 fields, a correct hash, and none of the text's detected
//! values.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    phi_guard_fuzz::check_classify(data);
});
