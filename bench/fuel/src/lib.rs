//! The `make bench-fuel` driver: a wasm module with no imports that
//! bench/fuel/run.py drives from wasmtime with fuel metering on. It scans a
//! buffer the host fills and reports a digest of the result, so two builds
//! (this tree and a baseline) can be checked to agree before their
//! instruction counts are compared.
//!
//! The host calls, in order: `alloc(len)` and writes the input at the
//! returned pointer; `keep(k)` to choose the detectors; `scan(format)`
//! (0 text, 1 JSON, 2 HTML, 3 text a call a line, 4 the input classified as
//! a response body, 5 the same with a fingerprint key) then `digest()`, as
//! often as it likes.

use phi_guard::{Config, Format, Guard, Scan, REGISTRY};
use std::cell::RefCell;

/// `keep` argument: every detector (the default guard).
const ALL: u32 = u32::MAX;

struct State {
    input: Vec<u8>,
    guard: Option<Guard>,
    /// The same detectors as `guard`, with a fingerprint key (format 5).
    keyed: Option<Guard>,
    /// [`registry_name`]'s answer, kept alive for the host to read.
    name: String,
    /// The last [`scan`]'s results (one, or one a line), until [`digest`]
    /// reads them.
    last: Vec<Scan>,
    /// The last classification's JSON (formats 4 and 5), until [`digest`].
    classified: String,
}

thread_local! {
    // wasm32-unknown-unknown has one thread: this is a plain global.
    static STATE: RefCell<State> = const { RefCell::new(State { input: Vec::new(), guard: None, keyed: None, name: String::new(), last: Vec::new(), classified: String::new() }) };
}

/// A zeroed input buffer of `len` bytes; returns where the host writes it.
#[no_mangle]
pub extern "C" fn alloc(len: usize) -> *mut u8 {
    STATE.with_borrow_mut(|s| {
        s.input = vec![0; len];
        s.input.as_mut_ptr()
    })
}

/// Runs only detector `k` of [`REGISTRY`] (`k` = its length: none at all;
/// `u32::MAX`: all, the default guard). Returns 0, or 1 if the guard could not
/// be built.
#[no_mangle]
pub extern "C" fn keep(k: u32) -> u32 {
    let off: Vec<String> = if k == ALL { Vec::new() } else { REGISTRY.iter().enumerate().filter(|(i, _)| *i as u32 != k).map(|(_, (id, _, _))| id.to_string()).collect() };
    let guard = Guard::new(Config { disable_detectors: off.clone(), ..Default::default() });
    let keyed = Guard::new(Config { disable_detectors: off, fingerprint_key: Some("fuel-bench-fingerprint-key-0123456789".into()), ..Default::default() });
    let ok = guard.is_ok() && keyed.is_ok();
    STATE.with_borrow_mut(|s| (s.guard, s.keyed) = (guard.ok(), keyed.ok()));
    u32::from(!ok)
}

/// The event formats 4 and 5 classify the input with: a response body
/// (scanned as JSON) sent to an unauthenticated client.
const EVENT: &str = r#"{"channel":"response_body","route":"/api/patients/[id]","format":"json","discoveredAt":"2026-03-01T12:00:00Z","authenticated":false,"runtime":"nodejs","chain":{"emitterId":"fuel","seq":7,"prevHash":null}}"#;

/// How many detectors [`REGISTRY`] lists.
#[no_mangle]
pub extern "C" fn registry_len() -> u32 {
    REGISTRY.len() as u32
}

/// Detector `k`'s id, as UTF-8 at the returned pointer, its length from
/// [`registry_name_len`] (valid until the next call).
#[no_mangle]
pub extern "C" fn registry_name(k: u32) -> *const u8 {
    STATE.with_borrow_mut(|s| {
        s.name = REGISTRY.get(k as usize).map_or("", |(id, _, _)| id).to_string();
        s.name.as_ptr()
    })
}

/// The length of the id [`registry_name`] last returned.
#[no_mangle]
pub extern "C" fn registry_name_len() -> u32 {
    STATE.with_borrow(|s| s.name.len() as u32)
}

/// Scans the input as `format` and keeps the result for [`digest`]; returns
/// the number of findings. Format 3 is text scanned a call a line, as a
/// logger's wrapper scans (what each call costs beyond its bytes). The host
/// counts this call: the scans and the results the API hands back, nothing
/// more.
#[no_mangle]
pub extern "C" fn scan(format: u32) -> u32 {
    STATE.with_borrow_mut(|s| {
        // The input is checked as the wasm binding checks it. A baseline from
        // before `text_from_utf8` is built with `std-utf8`, the check its
        // binding made.
        #[cfg(not(feature = "std-utf8"))]
        let text = phi_guard::text_from_utf8(&s.input);
        #[cfg(feature = "std-utf8")]
        let text = std::str::from_utf8(&s.input).ok();
        let Some(text) = text else { return u32::MAX };
        if format == 4 || format == 5 {
            let guard = if format == 5 { s.keyed.as_ref() } else { s.guard.as_ref() };
            let Some(guard) = guard else { return u32::MAX };
            s.classified = guard.classify_json_with_text(EVENT, text).unwrap_or_else(|e| e.to_string());
            return s.classified.len() as u32;
        }
        let guard = s.guard.get_or_insert_with(Guard::default);
        let last: Vec<Scan> = match format {
            1 => vec![guard.scan(text, Format::Json)],
            2 => vec![guard.scan(text, Format::Html)],
            3 => text.split('\n').map(|line| guard.scan(line, Format::Text)).collect(),
            _ => vec![guard.scan(text, Format::Text)],
        };
        let n = last.iter().map(|out| out.findings.len() as u32).sum();
        s.last = last;
        n
    })
}

/// A 64-bit FNV-1a digest of the last scan's findings (type, offsets,
/// score, detector and reason) and redacted text, so the host can check two
/// builds agree on everything a signal is built from; frees it.
#[no_mangle]
pub extern "C" fn digest() -> u64 {
    STATE.with_borrow_mut(|s| {
        let last = std::mem::take(&mut s.last);
        let classified = std::mem::take(&mut s.classified);
        let mut h = Fnv::default();
        if !classified.is_empty() {
            h.add(classified.as_bytes());
            return h.0;
        }
        if last.is_empty() {
            return 0;
        }
        for out in &last {
            for f in &out.findings {
                h.add(f.kind.as_str().as_bytes());
                h.add(&f.start.to_le_bytes());
                h.add(&f.end.to_le_bytes());
                h.add(&f.score.to_bits().to_le_bytes());
                h.add(f.detector.as_bytes());
                h.add(f.reason.as_bytes());
            }
            h.add(out.redacted.as_bytes());
        }
        h.0
    })
}

/// FNV-1a, 64 bits: enough to tell two results apart, no dependency.
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv {
    fn add(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}
