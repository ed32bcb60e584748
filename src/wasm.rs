//! The JavaScript binding: the only module that uses `wasm_bindgen`.
//!
//! Every export has the same three steps: deserialize, call the core,
//! serialize. Domain outcomes come back as data; misuse throws a real `Error`
//! whose `code` property is the core error's code.

use crate::{to_utf16_offsets, Error, Format, Guard};
use std::sync::atomic::{AtomicBool, Ordering};
use wasm_bindgen::prelude::*;

static TRAP_ARMED: AtomicBool = AtomicBool::new(false);
static TRAP_STICKY: AtomicBool = AtomicBool::new(false);

/// Test hook, not an API: makes the next `scan`, `redact` or `classify` of
/// any guard in this instance execute a wasm `unreachable` instruction — the
/// trap that a panic (the release profile has `panic = "abort"`) or a failed
/// allocation ends in. The trap happens mid-call, with an allocation live and
/// the guard borrowed, as a real one would.
///
/// With `sticky`, the armed flag stays set in linear memory, so every call
/// of this instance traps until the JS side builds a fresh instance (new
/// memory); otherwise the flag clears before the trap. Used by
/// `js/test/trap.test.mjs`.
///
/// ```js
/// import { __phiGuardArmTrap } from 'phi-guard/dist/wasm/phi_guard.js';
/// __phiGuardArmTrap(false);
/// guard.scan('x'); // throws PhiGuardError { code: 'trap' }; the next call rebuilds
/// ```
#[wasm_bindgen(js_name = __phiGuardArmTrap)]
pub fn arm_trap(sticky: bool) {
    TRAP_STICKY.store(sticky, Ordering::Relaxed);
    TRAP_ARMED.store(true, Ordering::Relaxed);
}

fn trap_if_armed() {
    if TRAP_ARMED.load(Ordering::Relaxed) {
        if !TRAP_STICKY.load(Ordering::Relaxed) {
            TRAP_ARMED.store(false, Ordering::Relaxed);
        }
        let live = std::hint::black_box(vec![0u8; 1 << 16]);
        std::hint::black_box(&live);
        core::arch::wasm32::unreachable();
    }
}

/// A JS `Error` whose message carries the code: `PhiGuardError[config]: …`.
/// The JS package turns it into a `PhiGuardError` with that `code`
/// (`toPhiGuardError`). Built with wasm-bindgen's `JsError`, not js-sys,
/// which cost 30 KB of wasm for setting two properties.
fn throw(e: Error) -> JsValue {
    JsError::new(&format!("PhiGuardError[{}]: {}", e.code(), e.message())).into()
}

/// A compiled guard held by JavaScript for the life of the isolate.
#[wasm_bindgen]
pub struct WasmGuard {
    inner: Guard,
    /// The redacted text of the last `scan`, when it differs from the input,
    /// until `takeRedacted` hands it over.
    redacted: std::cell::RefCell<Option<String>>,
}

/// What `scan` returns, compact: findings with many repeats (a log with
/// thousands) would spend more on field names and repeated reasons than on
/// themselves, in wasm memory, in serialisation and in `JSON.parse`.
/// `n` holds six numbers a finding: type, start, end, score, detector,
/// reason, where type, detector and reason index the string table `s`.
#[derive(serde::Serialize)]
struct ScanOut<'a> {
    s: Vec<&'a str>,
    n: Flat<'a>,
    format: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    fallback: Option<&'static str>,
}

/// The findings as one flat array (see [`ScanOut`]).
struct Flat<'a> {
    findings: &'a [crate::Finding],
    /// Per finding: the string-table indexes of its type, detector, reason.
    ids: Vec<[u32; 3]>,
}

impl serde::Serialize for Flat<'_> {
    fn serialize<S: serde::Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let mut seq = ser.serialize_seq(Some(self.findings.len() * 6))?;
        for (f, [t, d, r]) in self.findings.iter().zip(&self.ids) {
            seq.serialize_element(t)?;
            seq.serialize_element(&f.start)?;
            seq.serialize_element(&f.end)?;
            seq.serialize_element(&f.score)?;
            seq.serialize_element(d)?;
            seq.serialize_element(r)?;
        }
        seq.end()
    }
}

/// The string table and the flat findings of `findings`.
fn compact(findings: &[crate::Finding]) -> (Vec<&str>, Flat<'_>) {
    let mut table: Vec<&str> = Vec::new();
    let mut index: crate::fast_hash::StaticMap<&str, u32> = Default::default();
    let mut id = |s| {
        *index.entry(s).or_insert_with(|| {
            table.push(s);
            (table.len() - 1) as u32
        })
    };
    let ids = findings.iter().map(|f| [id(f.kind.as_str()), id(&f.detector), id(f.reason)]).collect();
    (table, Flat { findings, ids })
}

#[wasm_bindgen]
impl WasmGuard {
    /// Compiles a config given as JSON text (unknown keys throw).
    ///
    /// JSON text rather than a JS object on purpose: serde-wasm-bindgen reads
    /// struct fields by name and never sees unknown keys, which would let a
    /// misspelled key silently switch redaction off.
    #[wasm_bindgen(constructor)]
    pub fn new(config_json: &str) -> Result<WasmGuard, JsValue> {
        Guard::from_json(config_json).map(|inner| WasmGuard { inner, redacted: Default::default() }).map_err(throw)
    }

    /// Scans `text`; returns JSON `{s, n, format, fallback?}` (the findings,
    /// compact: see `ScanOut`) with UTF-16 offsets. The redacted text is not
    /// in it: `takeRedacted` returns it, or `undefined` when it equals the
    /// input, so a large text is neither JSON-escaped here nor parsed in JS,
    /// and clean text is not copied back.
    pub fn scan(&self, text: &str, format: &str) -> Result<String, JsValue> {
        trap_if_armed();
        self.redacted.borrow_mut().take();
        let fmt: Format = format.parse().map_err(throw)?;
        let mut scan = self.inner.scan(text, fmt);
        to_utf16_offsets(text, &mut scan.findings);
        let (s, n) = compact(&scan.findings);
        let out = ScanOut { s, n, format: scan.format.as_str(), fallback: scan.fallback };
        let mut buf = Vec::with_capacity(scan.findings.len() * 40 + 1024);
        serde_json::to_writer(&mut buf, &out).map_err(|e| throw(Error::input(e.to_string())))?;
        // No findings: nothing was replaced (a 1 MB compare costs ~4 ms in wasm).
        if !scan.findings.is_empty() {
            *self.redacted.borrow_mut() = Some(scan.redacted);
        }
        String::from_utf8(buf).map_err(|e| throw(Error::input(e.to_string())))
    }

    /// The redacted text of the last `scan`, once; `undefined` when it is
    /// the input unchanged (or was already taken).
    #[wasm_bindgen(js_name = takeRedacted)]
    pub fn take_redacted(&self) -> Option<String> {
        self.redacted.borrow_mut().take()
    }

    /// Classifies an exposure event given as JSON text; returns JSON
    /// `{classification, signal}`.
    pub fn classify(&self, event_json: &str) -> Result<String, JsValue> {
        trap_if_armed();
        self.inner.classify_json(event_json).map_err(throw)
    }

    /// Redacted text only.
    pub fn redact(&self, text: &str, format: &str) -> Result<String, JsValue> {
        trap_if_armed();
        let fmt: Format = format.parse().map_err(throw)?;
        Ok(self.inner.scan(text, fmt).redacted)
    }
}

/// The crate version, for diagnostics.
#[wasm_bindgen(js_name = coreVersion)]
pub fn core_version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}
