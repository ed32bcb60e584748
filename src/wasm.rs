//! The JavaScript binding: the only module that uses `wasm_bindgen`.
//!
//! Every export has the same three steps: deserialize, call the core,
//! serialize. Domain outcomes come back as data; misuse is a typed error
//! (`crate::Error`) that JavaScript asks for with `takeError` and throws.
//!
//! Every export returns one value, never a `Result`, a `String` or a tuple:
//! wasm-bindgen returns those as two to four values (multi-value, since the
//! module's target features include it), and V8 compiles a JS-to-wasm
//! wrapper of its own for each such signature when it compiles the module
//! (its generic wrapper takes only one result). The six signatures this
//! binding had took about 1.4 ms of `new WebAssembly.Module`'s 5 ms under
//! Node 20, a seventh of a cold guard. So a call that can fail returns a
//! sentinel ([`NONE`], or `undefined` for a `JsValue`) and leaves its error
//! for [`take_error`].

use crate::offsets::{holds_replacement, Marks, Utf16Map};
use crate::fast_hash::StaticMap;
use crate::finding::Why;
use crate::guard::Pieces;
use crate::{Error, Format, Guard, PhiType};
use std::sync::atomic::{AtomicBool, Ordering};
use wasm_bindgen::prelude::*;

// The global allocator of the wasm build (large blocks grow in place at
// the top of the heap), unless the `wasm-heap` feature is off.
#[cfg(feature = "wasm-heap")]
mod heap;

static TRAP_ARMED: AtomicBool = AtomicBool::new(false);
static TRAP_STICKY: AtomicBool = AtomicBool::new(false);

/// Test hook, not an API: makes the next `scan` or `classify` of
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
fn js_error(e: Error) -> JsValue {
    JsError::new(&format!("PhiGuardError[{}]: {}", e.code(), e.message())).into()
}

/// The error of the last call that failed, until [`take_error`] takes it:
/// one slot for the instance. A `Mutex`, not a `thread_local!`, whose
/// access check brought 225 bytes of panic formatting into the wasm (the
/// module is single-threaded, and its `Mutex` a flag).
static FAILED: std::sync::Mutex<Option<Error>> = std::sync::Mutex::new(None);

/// The slot of [`FAILED`] (no call panics while holding it, so it is never
/// poisoned; were it, its value would still be whole).
fn failed() -> std::sync::MutexGuard<'static, Option<Error>> {
    FAILED.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Leaves `e` for [`take_error`]; [`NONE`], what the failed call returns.
/// Out of line: one body for every call's failure.
#[cold]
#[inline(never)]
fn fail(e: Error) -> u32 {
    *failed() = Some(e);
    NONE
}

/// The error of the last call that returned `0xFFFFFFFF` (or `undefined`)
/// for failing, as a JS `Error` whose message carries its code
/// (`PhiGuardError[input]: …`), for the package to throw; `undefined` if
/// that call did not fail (`fromUtf16` returns `0xFFFFFFFF` for a chunk it
/// could not make in place). Takes it: a second call returns `undefined`.
///
/// ```js
/// const at = handle.inputAt(0, len);
/// if (at === 0xffffffff) throw takeError(); // PhiGuardError[input]: the input is too large …
/// ```
#[wasm_bindgen(js_name = takeError)]
pub fn take_error() -> JsValue {
    let e = failed().take();
    e.map_or(JsValue::UNDEFINED, js_error)
}

/// `out`'s value, or [`NONE`] with its error left for [`take_error`].
fn number_or_fail(out: Result<u32, Error>) -> u32 {
    out.unwrap_or_else(fail)
}

/// `out` as a JS string, or `undefined` with its error left for [`take_error`].
fn string_or_fail(out: Result<String, Error>) -> JsValue {
    match out {
        Ok(s) => JsValue::from_str(&s),
        Err(e) => {
            fail(e);
            JsValue::UNDEFINED
        }
    }
}

/// A compiled guard held by JavaScript for the life of the isolate.
#[wasm_bindgen]
pub struct WasmGuard {
    inner: Guard,
    /// The numbers of the last `scan` (at `numbersAt`), and in `room` its
    /// string table (where the numbers say): JavaScript reads both out of
    /// this memory before its next call. Both keep their room for the next
    /// scan, up to a small scan's output ([`KEPT_NUMBERS`], [`Room::outgrown`]),
    /// so a small scan allocates none of it; a scan that outgrows that says
    /// so, and `releaseOutput` then gives it all back.
    numbers: std::cell::RefCell<Vec<u32>>,
    room: std::cell::RefCell<Room>,
    /// The UTF-8 bytes of the next `scan`, which JavaScript encodes straight
    /// into this memory (`inputAt`, then `TextEncoder.encodeInto`), or
    /// whose UTF-16 units it copies there for `fromUtf16` to make them UTF-8
    /// in place (Node): no encoded copy in JavaScript and no second copy
    /// into the module.
    input: std::cell::RefCell<Vec<u8>>,
    /// The input's [`Marks`] when `fromUtf16` made it and recorded them
    /// all, and for how many of its bytes (`usize::MAX`: none, as after
    /// `inputAt`, which lets JavaScript write anything there, a refused
    /// `fromUtf16`, or the release of the input or the marks).
    marks: std::cell::RefCell<Marks>,
    marks_for: std::cell::Cell<usize>,
    /// The text `utf16Room` started and `fromUtf16` is making, a chunk at
    /// a time: its transcoder, its length in units, and the units and the
    /// lead of the chunk whose room was given last.
    utf16: std::cell::RefCell<Option<(crate::offsets::FromUtf16, usize, Chunk)>>,
    /// The classes and tag pieces this handle has sent, which JavaScript
    /// keeps (see [`Book`]).
    book: std::cell::RefCell<Book>,
}

/// The chunk of a text's UTF-16 units that JavaScript copies next: how many
/// units, and how many bytes after the UTF-8 made so far they start (at
/// least one a unit, see `crate::offsets::FromUtf16`, and up to seven more,
/// so that they start at an address divisible by eight: Node's `Buffer`
/// copies units to an odd address through a scratch copy of its own).
#[derive(Clone, Copy)]
struct Chunk {
    units: usize,
    lead: usize,
}

impl Chunk {
    /// The chunk of `units` units whose UTF-8 will start at address `at`.
    fn at(at: usize, units: usize) -> Self {
        Chunk { units, lead: units + (8 - (at + units) % 8) % 8 }
    }
}

/// An input buffer larger than this is released after its scan (or
/// `classifyInput`) rather than kept for the next one, so one large body does not hold its size in the
/// allocator for the life of the guard.
const KEEP_INPUT: usize = 1 << 20;

/// The most room a handle keeps for a scan's output between scans: numbers,
/// and bytes of string table (4 KB each; a log line's scan writes a few
/// dozen numbers and a few hundred bytes, a 1 KB JSON body's a few hundred).
const KEPT_NUMBERS: usize = 1024;
const KEPT_TEXT: usize = 4096;
/// Table entries, and classes (a class is four numbers and up to three
/// entries of its own words).
const KEPT_ENTRIES: usize = 256;
const KEPT_CLASSES: usize = 64;

/// How many numbers of a scan's output come before its findings.
const HEADER: usize = 12;

/// The formats by the number JavaScript passes to `scan`: the order of
/// `FORMATS` in js/src/common/guard.ts (a JS test scans with each and reads
/// back the format it named).
const FORMATS: [Format; 8] = [Format::Auto, Format::Text, Format::Log, Format::Error, Format::Json, Format::Html, Format::Url, Format::Csv];

/// What `scan` returns for a finding nested inside an earlier one: no piece,
/// the earlier one's covers it. Also "no fallback" in the header.
const NONE: u32 = u32::MAX;

/// An input room's address, or the error of one the memory cannot hold.
fn room_or_error(at: Option<u32>) -> Result<u32, Error> {
    at.ok_or_else(|| Error::input("the input is too large for the module's memory"))
}

/// An ASCII input scanned with at least this many findings, and at least
/// one finding per [`DENSE_BYTES`] bytes of input, gets its redacted text whole (the
/// header's `[5]`), rendered here: JavaScript then decodes one
/// string, about 0.8 ms a MB for ASCII, instead of splicing two slices and
/// a piece a finding into a rope, 100 to 220 ns a finding, and more as the
/// rope outgrows V8's young generation (the 10 MB adversarial input, 212,000
/// findings: 4.7 ms a MB of splicing against 2.2 at 1 MB). Sparser or
/// smaller scans (JSON bodies, logs) keep the splice, which copies nothing
/// back; so does text with any non-ASCII character, whose decoding into a
/// two-byte string cost 2.2 ms a MB, more than the splice of the 1 MB JSON
/// body's 9,179 findings (1.1 to 1.2 times the time with it; bench/HISTORY.md).
const DENSE_FINDINGS: usize = 1024;

/// See [`DENSE_FINDINGS`].
const DENSE_BYTES: usize = 64;

/// What a scan's string table and classes are built in, kept between scans
/// for its room: a scan of a log line allocated each anew (a tenth of the
/// binding's and allocator's work on a line with findings). Empty at first
/// and after `releaseOutput`; it grows as scans need.
#[derive(Default)]
struct Room {
    /// The table's text and where its entries end (see [`Table`]).
    text: String,
    ends: Vec<u32>,
    /// Entries of the crate's own words and of the config (type names,
    /// detector ids, reasons, fallbacks), deduplicated by address and
    /// length, not by text: hashing and comparing a reason's text for each
    /// class was a tenth of the binding's work on a 1 KB body. The same word
    /// comes from the same place (a `'static` table entry or the config's
    /// `String`, alive as long as the guard, so no address is reused); two
    /// copies of a word at two addresses would only cost a second entry of
    /// the same text, which JavaScript reads as the same string.
    ids: StaticMap<(usize, usize), u32>,
    /// Distinct scores by bits, with their entry.
    scores: Vec<(u32, u32)>,
    /// The four entries of each class sent (see [`Book`]).
    class_entries: Vec<u32>,
    /// What each of the scan's pieces is sent as: its entry, or a tag's
    /// book id with [`BOOK_PIECE`] set.
    piece_numbers: Vec<u32>,
}

impl Room {
    /// Empty, its room kept.
    fn clear(&mut self) {
        self.text.clear();
        self.ends.clear();
        self.ids.clear();
        self.scores.clear();
        self.class_entries.clear();
        self.piece_numbers.clear();
    }

    /// Whether a scan grew any of it past the room kept between scans.
    fn outgrown(&self) -> bool {
        self.text.capacity() > KEPT_TEXT
            || self.ends.capacity() > KEPT_ENTRIES
            || self.ids.capacity() > KEPT_CLASSES
            || self.scores.capacity() > KEPT_CLASSES
            || self.class_entries.capacity() > KEPT_CLASSES * 4
            || self.piece_numbers.capacity() > KEPT_ENTRIES
    }
}

/// The classes and tag pieces a handle has sent to JavaScript, which keeps
/// them for the handle's life, so that a scan sends only those it is the
/// first to use: findings of one type, score, detector and reason share a
/// class (four numbers a finding, not seven), and with the tag operator
/// most pieces are a type's tag (`[SSN]`). A log line's scan with
/// findings sent their words, a score's decimal and its tags every time,
/// and JavaScript decoded and split them every time (about a sixth of
/// such a scan's cost through the package). Nothing here comes from the
/// input: a class is crate or config words, and a tag is the type's name.
///
/// JavaScript says how many of each it holds (`scan`'s `known_classes`
/// and `known_pieces`); more than the book holds (a book emptied, or a
/// JavaScript side that lost track) counts as none, and everything is
/// sent again from the first.
struct Book {
    /// Each class's key by id, and each key's id.
    keys: Vec<(PhiType, u32, Why)>,
    ids: StaticMap<(PhiType, u32, Why), u32>,
    /// The book id of each type's tag piece, unquoted and quoted (`NONE`:
    /// not sent yet), and the text of each by id.
    tag_ids: [[u32; 2]; PhiType::ALL.len()],
    tags: Vec<String>,
}

impl Default for Book {
    fn default() -> Self {
        Book { keys: Vec::new(), ids: StaticMap::default(), tag_ids: [[NONE; 2]; PhiType::ALL.len()], tags: Vec::new() }
    }
}

/// The most classes a [`Book`] holds: a scan that starts with this many
/// empties it first (a handle's classes are a few dozen: types, detectors,
/// reasons and the scores they give; a custom pattern adds one or two).
const BOOK_CLASSES: usize = 1024;

/// Set in a piece's number when it is a tag's book id, not a table entry.
/// Below `NONE`, which stays "no piece".
const BOOK_PIECE: u32 = 1 << 31;

/// The strings a scan's numbers refer to, concatenated: JavaScript slices
/// entry `i` out of `text` between `ends[i - 1]` (0 for the first) and
/// `ends[i]`, in UTF-16 units. Offsets, not a separator: a piece (a mask
/// keeps the input's characters) can contain any character.
/// Built in a [`Room`] (its `text`, `ends`, `ids` and `scores`).
struct Table<'a> {
    room: Room,
    units: u32,
    words: std::marker::PhantomData<&'a str>,
}

impl<'a> Table<'a> {
    /// Appends `s` as a new entry; returns its index. Not inlined: its
    /// copy of the text and of the entry's end was in each of its callers.
    #[inline(never)]
    fn push(&mut self, s: &str) -> u32 {
        self.push_run(s, &[s.len()]);
        self.room.ends.len() as u32 - 1
    }

    /// Appends `text` cut at the byte offsets `ends` as consecutive entries.
    fn push_run(&mut self, text: &str, ends: &[usize]) {
        let from = self.room.text.len();
        self.room.text.push_str(text);
        self.end_entries(from, ends);
    }

    /// Ends entries at the byte offsets `ends` of what was written to the
    /// text from byte `from` on.
    fn end_entries(&mut self, from: usize, ends: &[usize]) {
        let written = &self.room.text[from..];
        let ascii = written.is_ascii();
        let mut at = 0;
        for &end in ends {
            self.units += if ascii { end - at } else { written[at..end].chars().map(char::len_utf16).sum() } as u32;
            self.room.ends.push(self.units);
            at = end;
        }
    }

    /// Appends the redacted text of `input` as a new entry (see
    /// [`DENSE_FINDINGS`]); returns its index.
    fn push_rendered(&mut self, scan: &Pieces, input: &str) -> u32 {
        let from = self.room.text.len();
        scan.render_into(input, &mut self.room.text);
        self.end_entries(from, &[self.room.text.len() - from]);
        self.room.ends.len() as u32 - 1
    }

    /// The entry of `s`, added the first time.
    fn id(&mut self, s: &'a str) -> u32 {
        let at = (s.as_ptr() as usize, s.len());
        if let Some(&i) = self.room.ids.get(&at) {
            return i;
        }
        let i = self.push(s);
        self.room.ids.insert(at, i);
        i
    }

    /// The entry of `score` written as serde_json writes an `f32` (the
    /// shortest decimal that reads back as the same `f32`: `0.85`, not the
    /// `0.8500000238418579` a Float32Array would give), so JavaScript gets
    /// the same number from `Number(entry)` as it used to from `JSON.parse`.
    fn score(&mut self, score: f32) -> Result<u32, serde_json::Error> {
        let bits = score.to_bits();
        if let Some(&(_, i)) = self.room.scores.iter().find(|(b, _)| *b == bits) {
            return Ok(i);
        }
        let i = self.push(&serde_json::to_string(&score)?);
        self.room.scores.push((bits, i));
        Ok(i)
    }
}

#[wasm_bindgen]
impl WasmGuard {
    /// Compiles a config given as JSON text (an unknown key is an error).
    ///
    /// JSON text rather than a JS object on purpose: serde-wasm-bindgen reads
    /// struct fields by name and never sees unknown keys, which would let a
    /// misspelled key silently switch redaction off.
    ///
    /// `undefined` for a config that does not compile, its error left for
    /// `takeError` (a static method, not a constructor: a constructor
    /// returns a handle or throws, through a `Result`, which wasm-bindgen
    /// returns as three values; see the module's doc).
    ///
    /// ```js
    /// const handle = WasmGuard.create('{"operators":{"SSN":"partialMask"}}');
    /// if (handle === undefined) throw takeError(); // PhiGuardError[config]: …
    /// ```
    pub fn create(config_json: &str) -> Option<WasmGuard> {
        match Guard::from_json(config_json) {
            Ok(inner) => Some(WasmGuard { inner, numbers: Default::default(), room: Default::default(), input: Default::default(), marks: Default::default(), marks_for: std::cell::Cell::new(usize::MAX), utf16: Default::default(), book: Default::default() }),
            Err(e) => {
                fail(e);
                None
            }
        }
    }

    /// Makes room for `len` more bytes of input after the first `keep`
    /// bytes (which stay as they are) and returns the address of that room
    /// in the module's memory (`wasmMemory()`), for `TextEncoder.encodeInto`;
    /// `0xFFFFFFFF` if the memory cannot hold it (the error for
    /// `takeError`). The address is good until the next call into the
    /// module: any call may grow the memory and move the buffer.
    ///
    /// ```js
    /// let at = handle.inputAt(0, text.length); // enough if `text` is ASCII
    /// if (at === 0xffffffff) throw takeError(); // PhiGuardError[input]: too large
    /// let { read, written } = encoder.encodeInto(text, new Uint8Array(wasmMemory().buffer, at, text.length));
    /// // if read < text.length: inputAt(written, 3 * (text.length - read)) and encode the rest there
    /// handle.scan(written, 4, written === text.length, 0, 0); // 4: 'json'
    /// ```
    #[wasm_bindgen(js_name = inputAt)]
    pub fn input_at(&self, keep: u32, len: u32) -> u32 {
        number_or_fail(room_or_error(self.start_input(keep, len)))
    }

    /// What [`WasmGuard::input_at`] does; `None` where it fails.
    fn start_input(&self, keep: u32, len: u32) -> Option<u32> {
        self.marks_for.set(usize::MAX);
        *self.utf16.borrow_mut() = None;
        // Zeroes only what is new: a buffer kept from an earlier scan of the
        // same size or larger is reused as it is. Exactly `keep + len`:
        // after a first room that fell short by a few multi-byte characters,
        // the doubling `resize` does alone held twice the input (log-10MB's
        // scan peaked at 3.0x its size against 1.5x).
        self.try_grow_input(keep as usize, Some(len as usize), Some(len as usize))
    }

    /// Starts the input of the next scan (or `classifyInput`) from a text's
    /// UTF-16 code units, `units` of them, which JavaScript copies into the
    /// module a chunk at a time and [`WasmGuard::input_from_utf16`] makes
    /// UTF-8 (for Node, whose `Buffer` copies a string's units in a tenth of
    /// what `encodeInto` takes for text that is not all ASCII). Returns the
    /// address where the first chunk's `first` units go, little-endian (good
    /// until the next call into the module). Room for the whole text's UTF-8
    /// if it is ASCII, plus a chunk's: not two bytes a unit.
    ///
    /// A chunk must not end between the two units of a pair (they would be
    /// two lone surrogates, each U+FFFD): end it one unit early instead.
    ///
    /// ```js
    /// const view = () => Buffer.from(wasmMemory().buffer);
    /// let [from, k] = [0, Math.min(text.length, 16384)]; // not ending inside a pair
    /// let at = handle.utf16Room(text.length, k);
    /// for (;;) {
    ///   view().write(text.substring(from, from + k), at, 2 * k, 'utf16le');
    ///   from += k;
    ///   const next = Math.min(text.length - from, 16384); // not ending inside a pair
    ///   at = handle.fromUtf16(k, next); // the next chunk's address, or the length
    ///   if (next === 0) break;
    ///   k = next;
    /// }
    /// handle.scan(at, 4, at === text.length, 0, 0); // 4: 'json'
    /// ```
    #[wasm_bindgen(js_name = utf16Room)]
    pub fn utf16_room(&self, units: u32, first: u32) -> u32 {
        number_or_fail(self.start_utf16(units, first))
    }

    /// What [`WasmGuard::utf16_room`] does, its error as an `Err`.
    fn start_utf16(&self, units: u32, first: u32) -> Result<u32, Error> {
        self.marks_for.set(usize::MAX);
        let (units, first) = (units as usize, first as usize);
        if first > units {
            *self.utf16.borrow_mut() = None;
            return Err(Error::input("utf16Room: the first chunk is longer than the text"));
        }
        let mut marks = self.marks.borrow_mut();
        let text = crate::offsets::FromUtf16::new(units, &mut marks);
        // The UTF-8 of an ASCII text and a sixteenth more (a few chars of
        // two or three bytes need no second room), then room for a chunk's
        // lead and units (`units + 2 * first` is at least `3 * first`).
        let need = (units / 16).checked_add(units).and_then(|n| n.checked_add(first.checked_mul(2)?.checked_add(7)?));
        let at = self.grow_input(0, need, need)?;
        let chunk = Chunk::at(at as usize, first);
        *self.utf16.borrow_mut() = Some((text, units, chunk));
        Ok(at + chunk.lead as u32)
    }

    /// Makes the UTF-8 of the chunk of `units` units that JavaScript copied
    /// where the last `utf16Room` or `fromUtf16` said, after the UTF-8 of
    /// the chunks before it. With `next` units still to come, makes room for
    /// them and returns the address where they go; with none, the input is
    /// whole, and it returns its length in bytes (the `len` of the `scan`
    /// after). The UTF-8 has each lone surrogate as U+FFFD, as `encodeInto`
    /// writes it (`crate::offsets::FromUtf16`). `0xFFFFFFFF` if the chunk
    /// could not be made in place, which the lead this room gives rules
    /// out; JavaScript would then encode the text itself. A scan or a
    /// classification between two chunks ends the text: the next chunk's
    /// call is then an error, as is one whose units do not add up to the
    /// text `utf16Room` started. An error returns `0xFFFFFFFF` too, and
    /// leaves itself for `takeError` (which is `undefined` after a chunk
    /// not made in place); so does one of `utf16Room`.
    ///
    /// It also keeps where the text's chars that are not ASCII end, so that
    /// the scan looks its findings' UTF-16 offsets up rather than counting
    /// every byte before them (until the next `inputAt` or `utf16Room`).
    /// See [`WasmGuard::utf16_room`] for an example.
    #[wasm_bindgen(js_name = fromUtf16)]
    pub fn input_from_utf16(&self, units: u32, next: u32) -> u32 {
        number_or_fail(self.utf16_chunk(units, next))
    }

    /// What [`WasmGuard::input_from_utf16`] does, its error as an `Err`.
    fn utf16_chunk(&self, units: u32, next: u32) -> Result<u32, Error> {
        // Until the text is whole, the marks describe no input.
        self.marks_for.set(usize::MAX);
        let (units, next) = (units as usize, next as usize);
        let mut state = self.utf16.borrow_mut();
        let Some((text, total, chunk)) = state.as_mut() else {
            return Err(Error::input("fromUtf16: no text was started with utf16Room"));
        };
        // Units read after this chunk, if it is the one there is room for,
        // and the next one ends within the text (or this one ends it).
        let after = text.read_units().checked_add(units).filter(|&a| units == chunk.units && a.checked_add(next).is_some_and(|end| end <= *total));
        if after.is_none_or(|a| next == 0 && a != *total) {
            *state = None;
            return Err(Error::input("fromUtf16: the chunks do not add up to the text utf16Room started"));
        }
        let made = {
            let (mut input, mut marks) = (self.input.borrow_mut(), self.marks.borrow_mut());
            // The room `utf16Room` or the last `fromUtf16` made: still
            // there, unless something released it since.
            if text.written().checked_add(chunk.lead).and_then(|n| n.checked_add(units.checked_mul(2)?)).is_none_or(|end| end > input.len()) {
                drop((input, marks));
                *state = None;
                return Err(Error::input("fromUtf16: the chunk's room is gone"));
            }
            text.chunk(&mut input, chunk.lead, units, &mut marks)
        };
        if !made {
            *state = None;
            // Not a failure: no error of an earlier call is left to be
            // taken for this one.
            failed().take();
            return Ok(NONE);
        }
        let written = text.written();
        if next > 0 {
            // Room for the next chunk's lead and units; if the input must
            // grow for them, to room for the rest at the rate of the text
            // so far, its lead and units, and an eighth of the UTF-8 made
            // so far more, so that it seldom grows twice.
            let read = text.read_units();
            let need = next.checked_mul(3).and_then(|n| n.checked_add(7));
            let rest = ((*total - read) as u64).checked_mul(written as u64).map(|n| n / read.max(1) as u64);
            let want = rest.and_then(|r| usize::try_from(r).ok()).and_then(|r| r.checked_add(next.checked_mul(2)?)?.checked_add(7 + written / 8));
            drop(state);
            let at = self.grow_input(written, need, want)?;
            let next = Chunk::at(at as usize, next);
            if let Some((_, _, chunk)) = self.utf16.borrow_mut().as_mut() {
                *chunk = next;
            }
            return Ok(at + next.lead as u32);
        }
        let marked = text.marked();
        *state = None;
        self.marks_for.set(if marked { written } else { usize::MAX });
        let mut input = self.input.borrow_mut();
        if input.len() > KEEP_INPUT {
            input.truncate(written);
            input.shrink_to_fit();
        }
        Ok(written as u32)
    }

    /// The address of `input[keep..]`, the input grown first to `keep +
    /// want` bytes (or `keep + need`, if more) when it holds fewer than
    /// `keep + need` (zeroing only what is new); an error when a length
    /// overflows or the allocator has no such room, which also ends a text
    /// `utf16Room` started.
    fn grow_input(&self, keep: usize, need: Option<usize>, want: Option<usize>) -> Result<u32, Error> {
        room_or_error(self.try_grow_input(keep, need, want))
    }

    /// [`WasmGuard::grow_input`], `None` for its error.
    fn try_grow_input(&self, keep: usize, need: Option<usize>, want: Option<usize>) -> Option<u32> {
        let total = |n: Option<usize>| n.and_then(|n| n.checked_add(keep)).filter(|&n| isize::try_from(n).is_ok());
        let too_large = || {
            *self.utf16.borrow_mut() = None;
            None
        };
        let (Some(need), Some(want)) = (total(need), total(want)) else {
            return too_large();
        };
        let mut input = self.input.borrow_mut();
        let have = input.len();
        if have < need {
            let want = want.max(need);
            if input.try_reserve_exact(want - have).is_err() {
                drop(input);
                return too_large();
            }
            input.resize(want, 0);
        }
        Some(input[keep..].as_mut_ptr() as usize as u32)
    }

    /// Scans the first `len` bytes of input (written after `inputAt`) in
    /// format `format` (its index in [`FORMATS`]; wasm-bindgen turns what
    /// is not a number into one, `undefined` into 0); returns how many numbers
    /// it wrote at `numbersAt()`: the findings, and where their strings are
    /// in the module's memory. No JSON, and no redacted text but for a dense
    /// scan (`[5]` below): JS splices each finding's piece into the text it
    /// already holds (js/src/common/guard.ts `Guard.scan`). Nothing is
    /// allocated to hand the numbers and strings over, nor freed after:
    /// JavaScript reads them in place, before its next call into the module.
    ///
    /// The numbers, where "entry" is an index into the string table:
    /// - `[0]` the format's number (in [`FORMATS`]), `[1]` the fallback's entry or `NONE`
    ///   (`0xFFFFFFFF`), `[2]` the number of findings `n`, `[3]` the number
    ///   of classes the handle has sent, this scan's included, `[4]` 1 if
    ///   the input holds U+FFFD, else 0 (see
    ///   `offsets::holds_replacement`), `[5]` the redacted text's entry
    ///   when the input is ASCII and dense enough with findings to return
    ///   it whole (see [`DENSE_FINDINGS`]), else `NONE`: JS splices the pieces;
    ///   `[6]` the string table's address, `[7]` its length in bytes (UTF-8),
    ///   `[8]` 1 if the output outgrew the room the handle keeps, else 0:
    ///   JavaScript then calls `releaseOutput()` once it has read it;
    ///   `[9]` the first class this scan sends (JavaScript forgets those it
    ///   holds from there on), `[10]` the number of tag pieces the handle
    ///   has sent, this scan's included, `[11]` the first this scan sends;
    /// - 4 numbers a finding: its class (an id for the handle's life, see
    ///   [`Book`]), start, end (UTF-16 offsets), and its piece (the text
    ///   that replaces it): a tag's id with [`BOOK_PIECE`] (`1 << 31`) set,
    ///   else its entry, or `NONE` for a finding nested in an earlier one;
    /// - 4 numbers a class sent, from `[9]` to `[3]`, what findings of the
    ///   class share: type entry, score entry (its decimal text), detector
    ///   entry, reason entry;
    /// - the entry of each tag sent, from `[11]` to `[10]`;
    /// - the rest, one a table entry: where it ends in the table (UTF-16).
    ///
    /// `known_classes` and `known_pieces`: how many classes and tags
    /// JavaScript holds from this handle's earlier scans (0 to be sent all).
    /// A scan that finds nothing and has no fallback (most log lines) writes
    /// the header alone and sends no class or tag: `[3]` and `[9]` are then
    /// both what JavaScript holds (0 if it claimed more than the book has),
    /// as are `[10]` and `[11]`; the rest goes with a scan that finds something.
    ///
    /// ```js
    /// // 'ssn 219-09-9999' written as UTF-8 (15 bytes) at inputAt(0, 15)
    /// const count = handle.scan(15, 1, true, 0, 0); // 1: 'text'; 0xFFFFFFFF: an error for takeError
    /// const n = new Uint32Array(wasmMemory().buffer, handle.numbersAt(), count);
    /// // [1, 0xFFFFFFFF, 1, 1, 0, 0xFFFFFFFF, address, 62, 0, 0, 1, 0,
    /// //  0, 4, 15, 0x80000000,  0, 1, 2, 3,  4,  3, 7, 10, 57, 62]
    /// new TextDecoder().decode(new Uint8Array(wasmMemory().buffer, n[6], n[7]));
    /// // 'SSN0.97ssnSSN after an SSN label, valid area/group/serial[SSN]'
    /// // entries: 'SSN' (0..3), '0.97' (..7), 'ssn' (..10), the reason, '[SSN]'
    /// // The same scan again holding them, handle.scan(15, 1, true, 1, 1):
    /// // [1, 0xFFFFFFFF, 1, 1, 0, 0xFFFFFFFF, address, 0, 0, 1, 1, 1,  0, 4, 15, 0x80000000]
    /// ```
    ///
    /// The input is UTF-8 bytes, not a string: wasm-bindgen would reserve
    /// three bytes per UTF-16 unit for a string with any non-ASCII
    /// character, which set the memory peak of a whole scan, and would
    /// encode it into a JavaScript buffer first and copy that in.
    ///
    /// With `ascii`, the caller vouches that every byte is ASCII (it wrote
    /// as many bytes as the string has UTF-16 units): byte offsets are then
    /// UTF-16 offsets and there is no U+FFFD, so neither is looked for.
    /// Without it (or `undefined`), both are worked out from the bytes.
    pub fn scan(&self, len: u32, format: u32, ascii: bool, known_classes: u32, known_pieces: u32) -> u32 {
        let out = self.scan_input(len as usize, format, ascii, (known_classes, known_pieces));
        self.release_large_input();
        number_or_fail(out)
    }

    /// Gives back an input buffer larger than [`KEEP_INPUT`] once its call is done.
    fn release_large_input(&self) {
        // A text `utf16Room` started ends here too, made or not: its room
        // may go now, and its marks with it.
        *self.utf16.borrow_mut() = None;
        let mut input = self.input.borrow_mut();
        if input.len() > KEEP_INPUT {
            *input = Vec::new();
            self.marks_for.set(usize::MAX);
        }
        // Marks of more than a few thousand chars (up to one in eight of
        // a text's) go too.
        let mut marks = self.marks.borrow_mut();
        if marks.capacity() > 4096 {
            *marks = Vec::new();
            self.marks_for.set(usize::MAX);
        }
    }

    /// The first `len` bytes of input (written after `inputAt`) as text.
    fn input_text<'a>(&self, input: &'a [u8], len: usize, call: &str) -> Result<&'a str, Error> {
        let bytes = input.get(..len).ok_or_else(|| Error::input(format!("{call}: fewer bytes were written than it was asked to read")))?;
        crate::text_from_utf8(bytes).ok_or_else(|| Error::input(format!("{call} expects the UTF-8 bytes of a string")))
    }

    fn scan_input(&self, len: usize, format: u32, ascii: bool, known: (u32, u32)) -> Result<u32, Error> {
        let input = self.input.borrow();
        let text = self.input_text(&input, len, "scan")?;
        let bytes = text.as_bytes();
        trap_if_armed();
        let fmt = *FORMATS.get(format as usize).ok_or_else(|| Error::input(crate::formats::UNKNOWN_FORMAT))?;
        let scan = self.inner.scan_pieces(text, fmt);
        debug_assert!(!ascii || text.is_ascii(), "scan: bytes said to be ASCII are not");
        let mut book = self.book.borrow_mut();
        if book.keys.len() >= BOOK_CLASSES {
            book.keys.clear();
            book.ids.clear();
        }
        // What JavaScript holds: more than the book holds counts as none.
        let known_classes = if known.0 as usize <= book.keys.len() { known.0 } else { 0 };
        let known_pieces = if known.1 as usize <= book.tags.len() { known.1 } else { 0 };
        let format_number = FORMATS.iter().position(|&f| f == scan.format).unwrap_or(0) as u32;
        let replacement = u32::from(!ascii && holds_replacement(bytes));
        if scan.hits.is_empty() && scan.fallback.is_none() {
            // Nothing found (most log lines): the header alone, with no
            // table, no offsets to map, and no class or tag sent (those
            // JavaScript lacks, if any, go with a scan that uses them).
            let mut out = self.numbers.borrow_mut();
            out.clear();
            let outgrown = u32::from(out.capacity() > KEPT_NUMBERS || self.room.borrow().outgrown());
            out.extend([format_number, NONE, 0, known_classes, replacement, NONE, 0, 0, outgrown, known_classes, known_pieces, known_pieces]);
            return Ok(HEADER as u32);
        }
        let marks = self.marks.borrow();
        let mut utf16 = if self.marks_for.get() == len { Utf16Map::with_marks(text, &marks) } else { Utf16Map::new(text) };
        // The last scan's room, emptied.
        let mut room = std::mem::take(&mut *self.room.borrow_mut());
        room.clear();
        let mut table = Table { room, units: 0, words: std::marker::PhantomData };
        // Room for the classes and the table's other entries too (a few
        // dozen), so the numbers are never copied to grow.
        let mut out = std::mem::take(&mut *self.numbers.borrow_mut());
        out.clear();
        out.reserve(HEADER + scan.hits.len() * 4 + scan.piece_ends.len() + 256);
        out.extend([format_number, scan.fallback.map_or(NONE, |f| table.id(f)), scan.hits.len() as u32, 0, replacement, NONE, 0, 0, 0, known_classes, 0, known_pieces]);
        // Each tag piece as its book id; the other pieces (distinct
        // already) as entries of the table, one after another.
        table.room.piece_numbers.resize(scan.piece_ends.len(), NONE);
        // (No piece, no tag: most log lines.)
        let tags = if scan.piece_ends.is_empty() { &[] } else { &scan.tag_ids[..] };
        for (kind, ids) in tags.iter().enumerate() {
            for (quoted, &piece) in ids.iter().enumerate() {
                if piece != Pieces::NESTED {
                    let id = match book.tag_ids[kind][quoted] {
                        NONE => {
                            let id = book.tags.len() as u32;
                            book.tags.push(scan.piece(piece).to_string());
                            book.tag_ids[kind][quoted] = id;
                            id
                        }
                        id => id,
                    };
                    table.room.piece_numbers[piece as usize] = BOOK_PIECE | id;
                }
            }
        }
        for piece in 0..scan.piece_ends.len() {
            if table.room.piece_numbers[piece] == NONE {
                table.room.piece_numbers[piece] = table.push(scan.piece(piece as u32));
            }
        }
        for (h, &piece) in scan.hits.iter().zip(&scan.piece_of) {
            let key = (h.kind, h.score.to_bits(), h.why);
            let class = match book.ids.get(&key) {
                Some(&c) => c,
                None => {
                    let c = book.keys.len() as u32;
                    book.keys.push(key);
                    book.ids.insert(key, c);
                    c
                }
            };
            let (start, end) = if ascii { (h.start, h.end) } else { (utf16.utf16_at(h.start), utf16.utf16_at(h.end)) };
            out.extend([class, start as u32, end as u32, if piece == Pieces::NESTED { NONE } else { table.room.piece_numbers[piece as usize] }]);
        }
        // The classes and tags JavaScript does not hold yet.
        for i in known_classes as usize..book.keys.len() {
            let (kind, score, why) = book.keys[i];
            let kind = table.id(kind.as_str());
            let score = match table.score(f32::from_bits(score)) {
                Ok(entry) => entry,
                Err(_) => {
                    // (`serde_json` writes every f32.) The book has changed
                    // and JavaScript will not read this scan: it starts again,
                    // so that whatever JavaScript holds counts as none. The
                    // error's own text is not written out: its `Display`
                    // brought serde_json's and std::io's error messages into
                    // the wasm for a branch that is never taken.
                    *book = Book::default();
                    return Err(Error::input("a finding's score could not be written"));
                }
            };
            let (detector, reason) = self.inner.why(why);
            let entries = [kind, score, table.id(detector), table.id(reason)];
            table.room.class_entries.extend(entries);
        }
        for tag in &book.tags[known_pieces as usize..] {
            let entry = table.push(tag);
            table.room.class_entries.push(entry);
        }
        (out[3], out[10]) = (book.keys.len() as u32, book.tags.len() as u32);
        if scan.hits.len() >= DENSE_FINDINGS && scan.hits.len() >= len / DENSE_BYTES && (ascii || text.is_ascii()) {
            out[5] = table.push_rendered(&scan, text);
        }
        let room = table.room;
        out.reserve_exact(room.class_entries.len() + room.ends.len());
        out.extend_from_slice(&room.class_entries);
        out.extend_from_slice(&room.ends);
        // Wasm addresses are 32-bit.
        (out[6], out[7]) = (room.text.as_ptr() as usize as u32, room.text.len() as u32);
        let count = out.len() as u32;
        out[8] = u32::from(out.capacity() > KEPT_NUMBERS || room.outgrown());
        *self.room.borrow_mut() = room;
        *self.numbers.borrow_mut() = out;
        Ok(count)
    }

    /// After a scan whose output outgrew the room the handle keeps (its
    /// header's `[8]`), once JavaScript has read it: gives that output's
    /// memory back. Not left to the handle's next scan: an idle handle would
    /// hold its last large output for good.
    #[wasm_bindgen(js_name = releaseOutput)]
    pub fn release_output(&self) {
        let mut numbers = self.numbers.borrow_mut();
        if numbers.capacity() > KEPT_NUMBERS {
            *numbers = Vec::new();
        }
        let mut room = self.room.borrow_mut();
        if room.outgrown() {
            *room = Room::default();
        }
    }

    /// Where the last `scan` wrote its numbers in the module's memory
    /// (`wasmMemory()`): good until the next call into the module.
    #[wasm_bindgen(js_name = numbersAt)]
    pub fn numbers_at(&self) -> u32 {
        self.numbers.borrow().as_ptr() as usize as u32
    }

    /// Classifies an exposure event given as JSON text; returns JSON
    /// `{classification, signal}`, or `undefined` for an event it cannot
    /// read (its error for `takeError`).
    ///
    /// ```js
    /// const out = handle.classify('{"text":"ssn 219-09-9999","channel":"server_log","discoveredAt":"2026-03-01T12:00:00Z"}');
    /// if (out === undefined) throw takeError(); // PhiGuardError[event]: …
    /// JSON.parse(out).classification.identifierTypes.SSN; // 1
    /// ```
    pub fn classify(&self, event_json: &str) -> JsValue {
        trap_if_armed();
        string_or_fail(self.inner.classify_json(event_json))
    }

    /// Classifies an exposure event given as JSON text without its `text`,
    /// whose text is the first `len` bytes of input written after
    /// `inputAt`, as `scan` reads them; returns what `classify` returns
    /// for the event with that text in it. No escaping in JavaScript and
    /// no unescaping here (a fifth of a classify of a 1 KB body), and a
    /// lone surrogate arrives as U+FFFD, as in a scan.
    ///
    /// ```js
    /// // the body written as UTF-8 at handle.inputAt(0, body.length), `written` bytes, as for scan
    /// handle.classifyInput('{"channel":"response_body","route":"/api/patients/[id]","discoveredAt":"2026-03-01T12:00:00Z"}', written);
    /// ```
    #[wasm_bindgen(js_name = classifyInput)]
    pub fn classify_input(&self, event_json: &str, len: u32) -> JsValue {
        let out = self.classify_text(event_json, len);
        // As after a scan, whether or not it failed.
        self.release_large_input();
        string_or_fail(out)
    }

    fn classify_text(&self, event_json: &str, len: u32) -> Result<String, Error> {
        let input = self.input.borrow();
        let text = self.input_text(&input, len as usize, "classifyInput")?;
        trap_if_armed();
        self.inner.classify_json_with_text(event_json, text)
    }
}

/// The module's linear memory, where `inputAt` addresses point. Its
/// `buffer` changes whenever the memory grows, so read it after the call.
#[wasm_bindgen(js_name = wasmMemory)]
pub fn wasm_memory() -> JsValue {
    wasm_bindgen::memory()
}

