//! phi-guard finds, redacts and classifies PHI — the HIPAA Safe Harbor
//! identifiers plus the PII and secrets that leak with them — in the traffic
//! of a web app: log lines, JSON API bodies, server-rendered HTML, URLs and
//! error messages.
//!
//! The core is pure Rust. The only module that knows about JavaScript is the
//! wasm binding (`src/wasm.rs`, compiled for `wasm32` only).
//!
//! # Tour
//! - [`Guard`]: a compiled [`Config`]; call [`Guard::scan`] with a [`Format`]
//!   (or `Format::Auto`) to get a [`Scan`]: [`Finding`]s and redacted text.
//! - [`PhiType`]: the identifier types, a public contract (`"SSN"`, ...).
//! - [`Operator`]: how each type is redacted (tag, mask, partial mask,
//!   remove, keyed pseudonym, Safe Harbor generalisation).
//! - [`validate`]: the checksums (Luhn, NPI, DEA, MBI, IBAN, ABA, VIN, SSN).
//! - [`Error`]: opaque, with a stable `code()`, never containing PHI.
//!
//! ```
//! use phi_guard::{Format, Guard, PhiType};
//!
//! let guard = Guard::default();
//! let scan = guard.scan("Patient: Maria Garcia, SSN 219-09-9999, call (312) 555-0142", Format::Text);
//! assert_eq!(scan.redacted, "Patient: [NAME], SSN [SSN], call [PHONE]");
//! let kinds: Vec<PhiType> = scan.findings.iter().map(|f| f.kind).collect();
//! assert_eq!(kinds, [PhiType::Name, PhiType::Ssn, PhiType::Phone]);
//! ```

// The wasm build compiles code that runs once a guard or once a process
// (the config's reader, `Guard::new`, the word tables' set-up) for size, not
// speed: `#[cfg_attr(phi_guard_small, optimize(size))]`, the cfg set by
// .cargo/config.toml for the wasm target only (native builds stay stable).
// The attribute does not reach a closure in such a function: a closure's
// body that is most of the work is a method of its own with the attribute
// and `#[inline(never)]` (`Config::decode_field`).
#![cfg_attr(phi_guard_small, feature(optimize_attribute))]

mod classify;
mod config;
mod config_json;
mod detect;
mod error;
mod fast_hash;
mod finding;
mod formats;
mod guard;
mod labels;
mod lowercase;
mod offsets;
mod redact;
mod types;
pub mod validate;

#[cfg(target_arch = "wasm32")]
mod wasm;

pub use classify::signal_hash;
pub use config::{Config, CustomPattern, DEFAULT_STATE_DEADLINE_DAYS};
pub use detect::REGISTRY;
pub use error::Error;
pub use finding::Finding;
pub use formats::Format;
pub use guard::{Guard, Scan};
pub use offsets::{text_from_utf8, utf16_to_byte};
pub use redact::Operator;
pub use types::PhiType;

/// Converts byte offsets in findings to UTF-16 code units (what JavaScript
/// string indices count), in place.
///
/// ```
/// let text = "😀 ssn 219-09-9999";
/// let mut scan = phi_guard::Guard::default().scan(text, phi_guard::Format::Text);
/// phi_guard::to_utf16_offsets(text, &mut scan.findings);
/// assert_eq!((scan.findings[0].start, scan.findings[0].end), (7, 18));
/// ```
pub fn to_utf16_offsets(text: &str, findings: &mut [Finding]) {
    let mut map = offsets::Utf16Map::new(text);
    for f in findings.iter_mut() {
        f.start = map.utf16_at(f.start);
        f.end = map.utf16_at(f.end);
    }
}
