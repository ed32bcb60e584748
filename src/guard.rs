//! The compiled guard: config checked and compiled once, then reused for
//! every scan for the life of the process or isolate.

use crate::config::{Config, MAX_PATTERN_COMPILED, MAX_PATTERN_LEN};
use crate::detect::{self, find, ScanOptions};
use crate::finding::{why, Finding, Hit, Why};
use crate::formats::{self, Format};
use crate::labels;
use crate::redact::{self, Operator};
use crate::{Error, PhiType};
use regex_lite::{Regex, RegexBuilder};
use std::borrow::Cow;

/// The result of one scan.
#[derive(Clone, Debug)]
pub struct Scan {
    /// Findings in order of position, byte offsets into the input.
    pub findings: Vec<Finding>,
    /// The input with every finding replaced by its operator's output.
    pub redacted: String,
    /// The format actually used (after sniffing or fallback).
    pub format: Format,
    /// Why the requested format was not used (`"malformed_json"`), if it wasn't.
    pub fallback: Option<&'static str>,
}

/// A compiled guard. Build it once and reuse it: `scan` takes `&self`.
///
/// ```
/// use phi_guard::{Guard, Format};
/// let guard = Guard::default();
/// assert_eq!(guard.redact_text("call 555-123-4567"), "call [PHONE]");
/// let scan = guard.scan(r#"{"dob":"1962-03-14"}"#, Format::Auto);
/// assert_eq!(scan.redacted, r#"{"dob":"[DATE]"}"#);
/// ```
#[derive(Clone)]
pub struct Guard {
    pub(crate) opts: ScanOptions,
    operators: [Operator; PhiType::ALL.len()],
    /// Each type's tag as [`Guard::write_piece`] writes it in place, bare
    /// and quoted (`tags[kind][quoted]`): one copy a finding, where writing
    /// the quotes, brackets and name one by one took up to five.
    tags: [[String; 2]; PhiType::ALL.len()],
    allow: Vec<String>,
    custom: Vec<(String, Regex, PhiType, f32)>,
    pseudonym_key: Option<redact::Key>,
    fingerprint_key: Option<redact::Key>,
    state_days: std::collections::BTreeMap<String, u32>,
    deployment: Option<String>,
    region: Option<String>,
    /// What JSON keys said in earlier scans (keys with no finding only).
    pub(crate) json_keys: formats::json::KeyCache,
}

impl std::fmt::Debug for Guard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never print keys or allow-list values.
        f.debug_struct("Guard").field("custom_patterns", &self.custom.len()).field("allow", &self.allow.len()).finish_non_exhaustive()
    }
}

impl Default for Guard {
    fn default() -> Self {
        Guard::new(Config::default()).expect("the default config is valid")
    }
}

fn ty(name: &str, what: &str) -> Result<PhiType, Error> {
    name.parse::<PhiType>().map_err(|_| Error::config(format!("{what}: unknown type name {name:?}")))
}

/// Widens every hit to whole chars of `input` (and cuts it at its end).
///
/// A span that splits a char is a detector's bug, each one so far found by
/// fuzzing (the last: the person-path rule's span ignored leading white
/// space). Slicing the input at it panicked while redacting, inside the
/// host's request. Widened here it costs at most a char of over-redaction
/// on each side. Under the fuzzers (`cfg(fuzzing)`) it still fails, so the
/// bug is found and fixed where it is.
fn whole_chars(input: &str, hits: &mut [Hit]) {
    let b = input.as_bytes();
    // Inside a char: at one of its continuation bytes (0x80 to 0xBF).
    let inside = |i: usize| b.get(i).is_some_and(|&c| (c as i8) < -0x40);
    for h in hits {
        h.end = h.end.min(b.len());
        h.start = h.start.min(h.end);
        assert!(!cfg!(fuzzing) || !(inside(h.start) || inside(h.end)), "a {:?} span {}..{} splits a char", h.kind, h.start, h.end);
        while inside(h.start) {
            h.start -= 1;
        }
        while inside(h.end) {
            h.end += 1;
        }
    }
}

/// Once a value is known to be PHI, its other exact occurrences in the same
/// input are too (`{"patient":{"id":"P-0048213"}, "query":{"id":"P-0048213"}}`).
/// Values shorter than 6 bytes are skipped (too likely to collide).
///
/// One pass over the input whatever the number of values, thirty-two bytes
/// a step (`find::alnum_and_allowed` twice): at each token start whose
/// first byte some value starts with, the next six bytes are looked up (a
/// bit table first) among the values' first six bytes, and for each length
/// of the values sharing them (longest first) a bit table of whole values
/// is checked before a binary search among them. Occurrences never overlap
/// each other or an existing finding.
///
/// The values are one sorted array, 24 bytes each, with an array of their
/// runs of one prefix and length (4 bytes a run, at most one a value), and
/// no map: on text dense with findings, maps of them (and a
/// vector per prefix) held more memory than the findings themselves, at the
/// peak of the scan. And nothing hashes input into a map: a lookup is a
/// binary search, so no input, however crafted, makes a lookup cost more
/// than a few dozen steps.
/// The bit tables' unkeyed hashes only decide how often the search runs.
///
/// Inside the JSON documents of the input (`islands`: the whole of a JSON
/// input, the JSON scripts of an HTML page), how a repeat is written
/// follows from where it stands, not from the finding it repeats
/// ([`place_in_islands`]).
fn propagate(input: &str, hits: &mut Vec<Hit>, islands: &[(usize, usize)]) {
    const K: usize = 6; // shortest value propagated, and the prefix length looked up
    let b = input.as_bytes();
    if b.len() < K {
        return;
    }
    // The eight bytes at `p` as one number (zero past the end): one load,
    // and a short copy only for the last seven positions.
    let word = |p: usize| match b.get(p..p + 8) {
        Some(w) => u64::from_le_bytes(w.try_into().expect("8 bytes")),
        None => {
            let mut w = [0u8; 8];
            w[..b.len() - p].copy_from_slice(&b[p..]);
            u64::from_le_bytes(w)
        }
    };
    // The K bytes at `p`, which the values are looked up by.
    let prefix = |p: usize| word(p) & ((1 << (8 * K)) - 1);
    // The bytes of the `len` at `at` that decide their order among the
    // values of one prefix and length, as one number: the eight that end
    // them (for 6 and 7 bytes, all of them). With the prefix they are the
    // whole value up to 14 bytes; only longer values sharing both are
    // compared byte by byte.
    let tail = |at: usize, len: usize| if len >= 8 { word(at + len - 8) } else { word(at) & ((1 << (8 * len)) - 1) };
    // The values, longest first within a prefix, so that a text is found
    // among those of its prefix and length by binary search on `tail`.
    // Equal values are next to each other, the first hit's first, and a
    // search finds that one.
    let is_value = |h: &Hit| h.end - h.start >= K && h.kind != PhiType::Url;
    // The tables are sized to the findings, not to the values among them
    // (before the values were counted for their own array below, a pass
    // only to count them cost more than the few tables it shrank).
    if hits.is_empty() {
        return;
    }
    // The tail is kept with the value, not read again through its hit at
    // each comparison: the values of one bucket are often many of one
    // prefix and length (IDs, dates, numbers of one form), and their sort
    // and searches compare tails (reading them through the hits cost about
    // 4M instructions of the 1 MB adversarial input's 314M).
    #[derive(Clone, Copy)]
    struct Value {
        prefix: u64,
        tail: u64,
        len: u32,
        hit: u32,
    }
    let bytes = |v: &Value| {
        let at = hits[v.hit as usize].start;
        &b[at..at + v.len as usize]
    };
    let order = |x: &Value, y: &Value| {
        x.prefix.cmp(&y.prefix).then(y.len.cmp(&x.len)).then(x.tail.cmp(&y.tail)).then_with(|| if x.len > 14 { bytes(x).cmp(bytes(y)) } else { std::cmp::Ordering::Equal })
    };
    let n = hits.iter().filter(|h| is_value(h)).count();
    if n == 0 {
        return;
    }
    // The values first, the largest of propagation's tables: after a scan
    // of text dense with findings, the heap has a hole below the findings
    // (where the labels and the digit index were) that holds them, where
    // the bit tables and buckets allocated first left no room for them and
    // they went past the top (0.5 MB of wasm memory on dense-1MB). Placed
    // bucket by bucket below.
    let mut values: Vec<Value> = vec![Value { prefix: 0, tail: 0, len: 0, hit: 0 }; n];
    // A bit table of about 32 bits a finding (32 bytes to 128 KB): sized
    // to the findings, so a small input with a few of them does not zero
    // kilobytes (a 1 KB JSON body's propagation spent a third of its count
    // zeroing 2 KB of tables). 16 bits a finding let through enough more
    // token starts to cost the 1 MB log 0.2M instructions more than
    // zeroing twice the table. A prefix's bucket is the top bits of its
    // bit's position: about two findings a bucket (half as many buckets
    // as findings, at least one; as many as findings cost 0.5M
    // instructions more on the 1 MB JSON input, in the walk over the
    // buckets and the sum of their sizes, than the longer sorts saved).
    let table_bits = (hits.len() * 32).next_power_of_two().clamp(1 << 8, 1 << 20);
    let shift = 64 - table_bits.trailing_zeros();
    let slot = |k: u64| (k.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> shift) as usize;
    // Both bit tables in one allocation (a scan of a short JSON document
    // with a few findings paid a second one).
    let mut tables = vec![0u64; table_bits / 32];
    let (bits, whole_bits) = tables.split_at_mut(table_bits / 64);
    // The second bit table, of the values' prefix, length and `tail` (the
    // whole value up to 14 bytes): a text of a value's prefix and length
    // whose tail has no bit is no value, without a binary search. On logs,
    // most such texts are timestamps that share a found one's prefix and
    // length (two thirds of the searches failed before).
    let whole_slot = |k: u64, len: usize, t: u64| ((k.wrapping_mul(0xC2B2_AE3D_27D4_EB4F) ^ t ^ len as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> shift) as usize;
    // Per byte value: whether a value starts with it. The bytes a value
    // starts with are also gathered into nibble classes as they are met
    // (see `start_bytes` below): a loop over the 256 byte values cost a
    // short JSON body with a few findings more than all its values did.
    let mut starts = [false; 256];
    let (mut classes, mut lens) = ([[0u8; 32]; 8], [0; 8]);
    // The values bucket by bucket (a counting sort, then a sort of each
    // bucket, most of them one value or none): bucket `s` is
    // `values[first[s]..first[s + 1]]`. Compared with one sort of all the
    // values, this takes no comparisons across buckets, and a look-up
    // starts in its bucket instead of searching the whole array.
    let buckets = (hits.len() / 2).next_power_of_two().min(table_bits / 16);
    let bucket_shift = (table_bits / buckets).trailing_zeros();
    let bucket = |k: u64| slot(k) >> bucket_shift;
    // With `run_first` below, in one allocation.
    let mut starts_of_buckets = vec![0u32; 2 * (buckets + 1)];
    let (first, run_first) = starts_of_buckets.split_at_mut(buckets + 1);
    for h in hits.iter().filter(|h| is_value(h)) {
        first[bucket(prefix(h.start))] += 1;
    }
    let mut sum = 0;
    for f in first.iter_mut() {
        (*f, sum) = (sum, sum + *f);
    }
    // Each value is placed at `first[s]`, which then moves on: at the end
    // it is where bucket `s + 1` starts, so the table is moved one place up.
    for (i, h) in hits.iter().enumerate().filter(|(_, h)| is_value(h)) {
        let (k, len) = (prefix(h.start), h.end - h.start);
        let t = tail(h.start, len);
        bits[slot(k) >> 6] |= 1 << (slot(k) & 63);
        let w = whole_slot(k, len, t);
        whole_bits[w >> 6] |= 1 << (w & 63);
        let c = b[h.start];
        if !starts[usize::from(c)] {
            starts[usize::from(c)] = true;
            let class = usize::from(c >> 4 & 7);
            classes[class][lens[class]] = c;
            lens[class] += 1;
        }
        let f = &mut first[bucket(k)];
        values[*f as usize] = Value { prefix: k, tail: t, len: len as u32, hit: i as u32 };
        *f += 1;
    }
    first.rotate_right(1);
    first[0] = 0;
    // The runs of values that share a prefix and a length, as where each
    // starts in `values` (it ends where the next one starts; its prefix and
    // length are its first value's), bucket `s` being
    // `runs[run_first[s]..run_first[s + 1]]`: a look-up steps from one
    // length of its prefix to the next at once, where finding each length's
    // run was a binary search of the values. At most one run a value, and
    // the end: four bytes each, so room for that many is made at once, and
    // given back once the runs are known. (Kept with their prefix and
    // length, 16 bytes a run, they were reserved 4,096 at a time and grown
    // as they filled: on text dense with findings, that growth moved them
    // past the top of the heap at the peak of the scan, 0.6 MB of wasm
    // memory for 1 MB of input.) Each bucket is sorted just before its runs
    // are read off (one walk of the buckets, not two).
    let mut runs: Vec<u32> = Vec::with_capacity(n + 1);
    for (s, w) in first.windows(2).enumerate() {
        if w[1] - w[0] > 1 {
            values[w[0] as usize..w[1] as usize].sort_unstable_by(|x, y| order(x, y).then(x.hit.cmp(&y.hit)));
        }
        run_first[s] = runs.len() as u32;
        for i in w[0] as usize..w[1] as usize {
            if i == w[0] as usize || (values[i].prefix, values[i].len) != (values[i - 1].prefix, values[i - 1].len) {
                runs.push(i as u32);
            }
        }
    }
    run_first[buckets] = runs.len() as u32;
    runs.push(n as u32);
    runs.shrink_to_fit();
    // The value with prefix `k` (in bucket `s`, which the caller's slot
    // gives without hashing `k` again) occurring at `at` as a whole token and
    // ending by `limit`, as (length, index of its first hit): per length
    // (longest first), one comparison of the end, then a binary search
    // among the values of that length.
    let value_at = |p: usize, k: u64, s: usize, limit: usize| -> Option<(usize, usize)> {
        let (lo, hi) = (run_first[s] as usize, run_first[s + 1] as usize);
        let mut r = lo + runs[lo..hi].partition_point(|&r| values[r as usize].prefix < k);
        while r < hi && values[runs[r] as usize].prefix == k {
            let l = values[runs[r] as usize].len as usize;
            let run = &values[runs[r] as usize..runs[r + 1] as usize];
            r += 1;
            let end = p + l;
            if end > limit || end > b.len() || (end < b.len() && b[end].is_ascii_alphanumeric()) {
                continue;
            }
            let t = tail(p, l);
            let w = whole_slot(k, l, t);
            if whole_bits[w >> 6] & (1 << (w & 63)) == 0 && whole_filter() {
                continue;
            }
            let text = &b[p..end];
            let j = run.partition_point(|v| match v.tail.cmp(&t) {
                std::cmp::Ordering::Equal => l > 14 && bytes(v) < text,
                o => o.is_lt(),
            });
            if run.get(j).is_some_and(|v| v.tail == t && (l <= 14 || bytes(v) == text)) {
                return Some((l, run[j].hit as usize));
            }
        }
        None
    };
    // The bytes a value starts with as nibble tables, so that each step
    // below keeps only the token starts at such a byte (the bit table checks
    // each of those that remain): class `c` holds those whose high nibble
    // is `c` or `c + 8`, exact for ASCII. Half the token starts of the 1 MB
    // JSON input were dropped one by one by a byte table before.
    let mut start_bytes = find::ByteTuples::<1>::new();
    for (class, len) in classes.iter().zip(lens) {
        start_bytes = start_bytes.with([&class[..len]]);
    }
    let mut extra = Vec::new();
    // Positions from `last` on hold fewer than K bytes.
    let last = b.len() + 1 - K;
    // Where a candidate stands among the findings, worked out only for the
    // few that pass the bit table (hits are sorted by start): `covered`, how
    // far the findings starting at or before it, and the occurrence found
    // last, reach (an occurrence starting before that would overlap one),
    // and `next_start`, where the next finding starts (an occurrence
    // reaching past it would overlap that one). A candidate inside an
    // occurrence found already is rare enough to be dropped here, after the
    // bit table, not checked before it.
    let (mut next_hit, mut covered) = (0, 0);
    // The last steps' window, zero past the end of the input.
    let mut pad = [0u8; 40];
    // Thirty-two positions a step, as two halves of sixteen: the token
    // starts are the positions after a byte that is no ASCII letter or
    // digit (and 0), so the step's letters and digits shifted by one, and
    // the last one of the step before. (Sixteen a step paid the loop's
    // tests and the window's bounds check twice as often: 1.3% of the
    // 100 KB JSON body's scan, 0.8% of the 1 MB log's.)
    let mut alnum_before = 0u32;
    let mut i = 0;
    while i < last {
        // The step's bytes and the eight after them: the step's masks are
        // taken from them and a candidate's prefix is read from them, with
        // no bounds test of their own (one test a step for the window, not
        // one for each half as well: the 1 MB log has a candidate in nearly
        // every step). Past the end they are zeros, no letter or digit.
        let (window, keep): (&[u8; 40], u32) = match b.get(i..i + 40) {
            Some(w) => (w.try_into().expect("40 bytes"), u32::MAX),
            None => {
                pad[..b.len() - i].copy_from_slice(&b[i..]);
                pad[b.len() - i..].fill(0);
                // Only in the last steps: positions from `last` on are no
                // candidates (a class may allow the zero byte).
                (&pad, if last - i < 32 { (1 << (last - i)) - 1 } else { u32::MAX })
            }
        };
        let (alnum, allowed) = find::alnum_and_allowed(window, 0, &start_bytes);
        let (alnum_hi, allowed_hi) = find::alnum_and_allowed(window, 16, &start_bytes);
        let alnum = u32::from(alnum) | u32::from(alnum_hi) << 16;
        let mut candidates = !(alnum << 1 | alnum_before) & (u32::from(allowed) | u32::from(allowed_hi) << 16) & keep;
        alnum_before = alnum >> 31;
        while candidates != 0 {
            let at = candidates.trailing_zeros() as usize;
            let p = i + at;
            candidates &= candidates - 1;
            // No check of the first byte against `starts`: what the step
            // let through is one for all but non-ASCII bytes, and those fail
            // the bit table or the comparison.
            let key = u64::from_le_bytes(window[at..at + 8].try_into().expect("8 bytes")) & ((1 << (8 * K)) - 1);
            let s = slot(key);
            debug_assert!(s >> 6 < bits.len());
            // SAFETY: `slot` is below `table_bits` (its top bits of 64),
            // and `bits` holds `table_bits / 64` words. Unchecked: the test
            // was 3 of the 40 or so wasm instructions a candidate costs.
            if unsafe { *bits.get_unchecked(s >> 6) } & (1 << (s & 63)) == 0 {
                continue;
            }
            while next_hit < hits.len() && hits[next_hit].start() <= p {
                covered = covered.max(hits[next_hit].end());
                next_hit += 1;
            }
            let next_start = hits.get(next_hit).map_or(usize::MAX, Hit::start);
            if p < covered {
                continue;
            }
            if let Some((len, v)) = value_at(p, key, s >> bucket_shift, next_start) {
                let src = &hits[v];
                let mut n = Hit::new(src.kind, p, p + len, (src.score - 0.05).max(0.0), why!("propagated", "same value as another finding in this input"));
                // The source's JSON flags say nothing about where the repeat
                // stands; `place_in_islands` below sets them (JSON flags only
                // come from the JSON walk, so only inside islands).
                n.flags = src.flags;
                extra.push(n);
                covered = p + len;
            }
        }
        i += 32;
    }
    place_in_islands(b, islands, hits, &mut extra);
    if !extra.is_empty() {
        // The same order as a stable sort of `hits` then `extra`, without
        // the sort's scratch copy of all the findings: `hits` is sorted
        // already, and so is `extra` (found left to right, disjoint), so
        // it is merged in from the back, an `extra` finding after the equal
        // ones of `hits`.
        let order = |a: &Hit, b: &Hit| a.start().cmp(&b.start()).then(b.end().cmp(&a.end()));
        debug_assert!(hits.is_sorted_by(|a, b| order(a, b).is_le()));
        debug_assert!(extra.is_sorted_by(|a, b| order(a, b).is_lt()));
        let (mut i, mut k) = (hits.len(), hits.len() + extra.len());
        // Exactly: resize_with alone would double the capacity.
        hits.reserve_exact(extra.len());
        hits.resize_with(k, || Hit::EMPTY);
        while let Some(e) = extra.last() {
            k -= 1;
            if i > 0 && order(&hits[i - 1], e) == std::cmp::Ordering::Greater {
                i -= 1;
                hits.swap(i, k);
            } else {
                hits[k] = extra.pop().expect("not empty");
            }
        }
        hits.dedup_by(|b, a| a.start() == b.start() && a.end() == b.end());
    }
}

#[cfg(test)]
thread_local! {
    /// Test hook: [`propagate`]'s bit table of whole values lets every text
    /// through to the search, which then decides alone.
    static WHOLE_FILTER_OFF: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Whether [`propagate`] trusts its bit table of whole values (always, but
/// in tests that turn it off: without it, the search sees the texts the
/// table keeps from it, which only a collision lets through otherwise).
#[inline(always)]
fn whole_filter() -> bool {
    #[cfg(test)]
    return !WHOLE_FILTER_OFF.get();
    #[cfg(not(test))]
    true
}

/// [`place_in_json`] for each run of `hits` (in order of start) inside one
/// of `islands` (JSON documents within the input, in order); a finding
/// outside them loses any JSON flag, which only a JSON document gives, and
/// one across an island's edge is dropped: its piece would cut the document
/// off from the page around it (a page's `__NEXT_DATA__` script would no
/// longer parse). Nothing to do without islands. `known`: findings in
/// order of start whose JSON flags say where they stand (see
/// [`place_in_json`]), or none.
// Out of line: two callers, and it runs once a scan at most.
#[inline(never)]
fn place_in_islands(b: &[u8], islands: &[(usize, usize)], known: &[Hit], hits: &mut Vec<Hit>) {
    if islands.is_empty() {
        return;
    }
    let (mut i, mut k) = (0, 0);
    while k < hits.len() {
        let (s, e) = (hits[k].start(), hits[k].end());
        while i < islands.len() && islands[i].1 <= s {
            i += 1;
        }
        let (from, to) = match islands.get(i) {
            Some(&(from, to)) if from <= s && e <= to => (from, to),
            Some(&(from, _)) if from < e => {
                hits.remove(k);
                continue;
            }
            _ => {
                hits[k].flags &= !(Hit::BARE_JSON | Hit::JSON_STRING);
                k += 1;
                continue;
            }
        };
        let run = hits[k..].iter().take_while(|h| h.end() <= to).count();
        let mut inside: Vec<Hit> = hits.drain(k..k + run).collect();
        place_in_json(&b[..to], from, known, &mut inside);
        let placed = inside.len();
        hits.splice(k..k, inside);
        k += placed;
    }
}

/// Sets the JSON flags of `extra`, findings made without the JSON walk (the
/// repeats that [`propagate`] found, custom patterns) in the JSON document
/// `b[from..]`, in order of start, from where each one stands; drops those
/// that no piece could replace and leave the document valid.
/// - Inside a string, a finding is written as the walk's findings in
///   strings are ([`Hit::JSON_STRING`]: its piece escaped, a tag bare). It
///   must not start inside an escape, cut one, or reach the string's end.
/// - Outside strings it must be a whole scalar, between `:`, `,` or `[` and
///   `,`, `}` or `]` (spaces aside), and gets a quoted tag
///   ([`Hit::BARE_JSON`]). Part of a number, say, is dropped.
///
/// What a repeat's flags would say if copied from the finding it repeats
/// means nothing here: a number found as a bare value can repeat inside a
/// string, where a quoted tag would end the string.
///
/// Where a finding stands is known from the document's start, walked up to
/// it; or from the nearest finding of `known` (in order of start) before
/// it whose flags the walk set: one with [`Hit::JSON_STRING`] alone starts
/// inside a string, and not right after an escaping backslash (the walk
/// maps findings onto whole escapes); one with [`Hit::BARE_JSON`] alone is
/// outside strings. The walk restarts there: with a few repeats in a 1 MB
/// body, walking the whole body to the last of them in 64-byte blocks
/// was a twentieth of its scan, and the findings before a repeat are
/// rarely far from it.
fn place_in_json(b: &[u8], from: usize, known: &[Hit], extra: &mut Vec<Hit>) {
    use crate::detect::find::{find_json_string_stop, quotes_and_escapes};
    // Where a string's plain content stops at or after `i` (before `end`):
    // an escape, or the string's closing quote; `None` if neither comes
    // before `end`.
    let stop = |i: usize, end: usize| find_json_string_stop(b, i).filter(|&k| k < end);
    // The state after one byte: inside a string, and whether the byte was an
    // escaping backslash (so the next one is escaped).
    let step = |(in_string, escaped): (bool, bool), c: u8| match (in_string, escaped, c) {
        (true, false, b'\\') => (true, true),
        (true, false, b'"') => (false, false),
        (false, _, b'"') => (true, false),
        (s, _, _) => (s, false),
    };
    // The state after 16 bytes from `at`: a chunk with no backslash (and
    // not starting escaped) just flips it once per quote.
    let chunk = |state: (bool, bool), at: usize| {
        let (quotes, escapes) = quotes_and_escapes(b, at);
        if escapes == 0 && !state.1 {
            (state.0 ^ (quotes.count_ones() % 2 == 1), false)
        } else {
            b[at..at + 16].iter().fold(state, |st, &c| step(st, c))
        }
    };
    // The state at `at`, `from` plus a multiple of 16. Most of the walk is
    // 64-byte blocks with no backslash: one test and one count a block (the
    // XOR of the four quote masks has the parity of their total), not four.
    let mut state = (false, false);
    let mut at = from;
    // The findings of `known` that start before `at` (none of them is a
    // better place to restart from).
    let mut passed = known.partition_point(|k| k.start() < from);
    extra.retain_mut(|h| {
        let (s, e) = (h.start(), h.end());
        let (n, placed) = last_placed(&known[passed..], s);
        if let Some((k, in_string)) = placed {
            let start = known[passed + k].start();
            if start > at {
                (at, state) = (start, (in_string, false));
            }
        }
        passed += n;
        while at + 64 <= s {
            let (mut quotes, mut escapes) = (0u16, 0u16);
            for k in [0, 16, 32, 48] {
                let (q, e) = quotes_and_escapes(b, at + k);
                quotes ^= q;
                escapes |= e;
            }
            if escapes == 0 && !state.1 {
                state.0 ^= quotes.count_ones() % 2 == 1;
            } else {
                state = [0, 16, 32, 48].into_iter().fold(state, |st, k| chunk(st, at + k));
            }
            at += 64;
        }
        while at + 16 <= s {
            state = chunk(state, at);
            at += 16;
        }
        let (in_string, escaped) = b[at..s].iter().fold(state, |st, &c| step(st, c));
        h.flags &= !(Hit::BARE_JSON | Hit::JSON_STRING);
        if in_string {
            h.flags |= Hit::JSON_STRING;
            // Every stop inside the span is a whole escape; none is the end.
            let mut i = s;
            while let Some(k) = stop(i, e) {
                if b[k] != b'\\' || k + 2 > e {
                    return false;
                }
                i = k + 2;
            }
            return !escaped;
        }
        let before = b[from..s].iter().rev().find(|c| !c.is_ascii_whitespace());
        let after = b[e..].iter().find(|c| !c.is_ascii_whitespace());
        h.flags |= Hit::BARE_JSON;
        matches!(before, Some(b':' | b',' | b'[')) && matches!(after, None | Some(b',' | b'}' | b']'))
    });
}

/// How many findings of `known` (in order of start) start at or before
/// `s`, and the last of them whose JSON flags say where it stands (one of
/// [`Hit::JSON_STRING`] and [`Hit::BARE_JSON`], not both): its index and
/// whether it is inside a string.
fn last_placed(known: &[Hit], s: usize) -> (usize, Option<(usize, bool)>) {
    let n = known.partition_point(|k| k.start() <= s);
    let placed = known[..n].iter().rposition(|k| k.has(Hit::JSON_STRING) != k.has(Hit::BARE_JSON));
    (n, placed.map(|i| (i, known[i].has(Hit::JSON_STRING))))
}

/// [`Guard::tags`]: what [`redact::write_tag`] writes for each type, bare
/// and in quotes.
fn tags() -> [[String; 2]; PhiType::ALL.len()] {
    let mut tags: [[String; 2]; PhiType::ALL.len()] = Default::default();
    for t in PhiType::ALL {
        let mut tag = String::new();
        redact::write_tag(t, &mut tag);
        tags[t as usize] = [tag.clone(), format!("\"{tag}\"")];
    }
    tags
}

fn allow_key(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().filter(|c| c.is_alphanumeric()) {
        crate::lowercase::push_lower(&mut out, c);
    }
    out
}

impl Guard {
    /// Compiles `config`.
    ///
    /// # Errors
    /// A `config` error for an unknown type name, detector id or operator
    /// without its key, or more than 65,000 custom patterns; a `pattern` error for a custom pattern that is too
    /// long, too big once compiled, or invalid.
    #[cfg_attr(phi_guard_small, optimize(size))]
    pub fn new(config: Config) -> Result<Guard, Error> {
        let mut operators = [Operator::Tag; PhiType::ALL.len()];
        if let Some(op) = config.operators.get("*") {
            operators = [*op; PhiType::ALL.len()];
        }
        for (name, op) in &config.operators {
            if name != "*" {
                operators[ty(name, "operators")? as usize] = *op;
            }
        }
        if operators.contains(&Operator::Pseudonym) && config.pseudonym_key.as_ref().is_none_or(|k| k.len() < 16) {
            return Err(Error::config("the pseudonym operator needs pseudonymKey (at least 16 bytes)"));
        }
        let pseudonym_key = config.pseudonym_key.as_ref().map(|k| redact::Key::new(k.as_bytes()));
        for id in &config.disable_detectors {
            if !detect::REGISTRY.iter().any(|(d, _, _)| d == id) {
                return Err(Error::config(format!("disableDetectors: unknown detector id {id:?}")));
            }
        }
        let disabled_types = config.disable_types.iter().map(|t| ty(t, "disableTypes")).collect::<Result<Vec<_>, _>>()?;
        // Each pattern is a two-byte id in the findings while a scan runs.
        if config.custom_patterns.len() > Why::MAX_CUSTOM {
            return Err(Error::config(format!("customPatterns: at most {} patterns", Why::MAX_CUSTOM)));
        }
        // The loop bodies run out of line: most configs have no custom
        // pattern and no key rule, and then V8 need not compile them
        // (see `config::out_of_line`).
        let mut custom = Vec::new();
        for p in &config.custom_patterns {
            crate::config::out_of_line(|| {
                // The id is what findings report as their detector: it must say something.
                if p.id.trim().is_empty() {
                    return Err(Error::config("customPatterns: every pattern needs a non-empty `id`"));
                }
                if p.pattern.len() > MAX_PATTERN_LEN {
                    return Err(Error::pattern(format!("custom pattern {:?} is {} bytes; the limit is {MAX_PATTERN_LEN}", p.id, p.pattern.len())));
                }
                // regex-lite: the same syntax as `regex` without Unicode classes,
                // a fraction of the size; its errors are fixed phrases, so they
                // never echo the pattern (which may hold a sample value).
                let re = RegexBuilder::new(&p.pattern).size_limit(MAX_PATTERN_COMPILED).build().map_err(|e| {
                    let why = e.to_string();
                    if why.contains("size limit") {
                        Error::pattern(format!("custom pattern {:?} compiles past the {MAX_PATTERN_COMPILED}-byte limit", p.id))
                    } else {
                        Error::pattern(format!("custom pattern {:?} does not compile: {why}", p.id))
                    }
                })?;
                let score = p.score.unwrap_or(0.9);
                if !(0.0..=1.0).contains(&score) {
                    return Err(Error::config(format!("custom pattern {:?}: score must be in 0..=1", p.id)));
                }
                custom.push((p.id.clone(), re, ty(&p.kind, "customPatterns")?, score));
                Ok(())
            })?;
        }
        let mut key_rules = crate::fast_hash::StaticMap::default();
        for (k, v) in &config.json_keys {
            crate::config::out_of_line(|| {
                let rule = if v == "ignore" { None } else { Some(ty(v, "jsonKeys")?) };
                key_rules.insert(labels::normalise(k), rule);
                Ok::<_, Error>(())
            })?;
        }
        if config.fingerprint_key.as_ref().is_some_and(|k| k.len() < 16) {
            return Err(Error::config("fingerprintKey must be at least 16 bytes"));
        }
        let fingerprint_key = config.fingerprint_key.as_ref().map(|k| redact::Key::new(k.as_bytes()));
        // Filled by `insert`, which decoding a config's table needs anyway:
        // a `clone` of that table and a `collect` of the default one each
        // brought their own B-tree code into the wasm.
        let mut state_days = std::collections::BTreeMap::new();
        match &config.state_deadline_days {
            Some(t) => {
                for (s, d) in t {
                    state_days.insert(s.clone(), *d);
                }
            }
            None => {
                for (s, d) in crate::config::DEFAULT_STATE_DEADLINE_DAYS {
                    state_days.insert(s.to_string(), *d);
                }
            }
        }
        Ok(Guard {
            fingerprint_key,
            state_days,
            deployment: config.deployment.clone(),
            region: config.region.clone(),
            opts: ScanOptions { disabled: ScanOptions::mask(&config.disable_detectors), disabled_types, flag_provider_npi: config.flag_provider_npi, key_rules },
            operators,
            tags: tags(),
            allow: config.allow.iter().map(|a| allow_key(a)).filter(|a| !a.is_empty()).collect(),
            custom,
            pseudonym_key,
            json_keys: Default::default(),
        })
    }

    /// Parses and compiles a JSON config.
    ///
    /// # Errors
    /// A `config` error naming the unknown or mistyped key, or any error of [`Guard::new`].
    pub fn from_json(json: &str) -> Result<Guard, Error> {
        Guard::new(Config::from_json(if json.trim().is_empty() { "{}" } else { json }).map_err(Error::config)?)
    }

    /// Finds and redacts PHI in `input`.
    pub fn scan(&self, input: &str, format: Format) -> Scan {
        let (hits, format, fallback) = self.hits(input, format);
        let redacted = self.render(input, &hits);
        Scan { findings: hits.iter().map(|h| self.finding(h)).collect(), redacted, format, fallback }
    }

    /// The public finding of a hit of this guard.
    pub(crate) fn finding(&self, h: &Hit) -> Finding {
        let (detector, reason) = match h.why.pair() {
            Ok((d, r)) => (Cow::Borrowed(d), r),
            Err(i) => (Cow::Owned(self.custom[i].0.clone()), "custom pattern"),
        };
        Finding { kind: h.kind, start: h.start, end: h.end, score: h.score, detector, reason }
    }

    /// The detector id and reason of a hit of this guard.
    #[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
    pub(crate) fn why(&self, why: Why) -> (&str, &'static str) {
        why.pair().unwrap_or_else(|i| (&self.custom[i].0, "custom pattern"))
    }

    /// Like [`Guard::scan`], but with each finding's replacement instead of
    /// the redacted text: for the wasm binding, whose caller already holds
    /// the input and splices the pieces into it, so the whole text is never
    /// copied back across the boundary.
    #[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
    pub(crate) fn scan_pieces(&self, input: &str, format: Format) -> Pieces {
        use std::hash::Hasher;
        let (hits, format, fallback) = self.hits(input, format);
        let mut piece_of = vec![Pieces::NESTED; hits.len()];
        // Each piece is written at the end of `text`, then dropped again if
        // an equal one is there already. Equal pieces are found through a
        // hash table of a few probes a piece: with crafted collisions a
        // piece is only kept twice, never compared with every other one.
        let mut text = String::new();
        let mut ends: Vec<usize> = Vec::new();
        let slots = (2 * hits.len()).clamp(16, 1 << 16).next_power_of_two();
        let mut slot_ids = vec![u32::MAX; slots];
        // The piece of each type's tag written in place, unquoted and
        // quoted, once it is known: with the default operator most findings
        // take their piece from here, without writing, hashing or comparing
        // it again.
        let mut tag_ids = [[u32::MAX; 2]; PhiType::ALL.len()];
        for_each_replaced(&hits, |i, h| {
            let tag = self.tag_in_place(h).map(|quoted| (h.kind as usize, usize::from(quoted)));
            if let Some((k, q)) = tag {
                if tag_ids[k][q] != u32::MAX {
                    piece_of[i] = tag_ids[k][q];
                    return;
                }
            }
            let start = text.len();
            self.write_piece(input, h, &mut text);
            let mut hasher = crate::fast_hash::FxHasher::default();
            hasher.write(&text.as_bytes()[start..]);
            // The hash's high bits, mixed once more: FxHash's low bits
            // cluster for short pieces that differ in one byte, and eight
            // probes ran out on an X12 claim's dates (`****0119` kept twice).
            let hash = (hasher.finish().wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 40) as usize;
            let mut id = ends.len() as u32;
            for probe in 0..8 {
                let slot = &mut slot_ids[(hash + probe) & (slots - 1)];
                if *slot == u32::MAX {
                    *slot = id;
                    break;
                }
                let k = *slot as usize;
                if crate::fast_hash::bytes_eq(&text.as_bytes()[if k == 0 { 0 } else { ends[k - 1] }..ends[k]], &text.as_bytes()[start..]) {
                    id = *slot;
                    break;
                }
            }
            if id as usize == ends.len() {
                ends.push(text.len());
            } else {
                text.truncate(start);
            }
            if let Some((k, q)) = tag {
                tag_ids[k][q] = id;
            }
            piece_of[i] = id;
        });
        Pieces { hits, piece_of, pieces: text, piece_ends: ends, tag_ids, format, fallback }
    }

    /// The resolved hits of `input`, in order of position, with the format
    /// used and why the requested one was not.
    fn hits(&self, input: &str, format: Format) -> (Vec<Hit>, Format, Option<&'static str>) {
        let mut fmt = if format == Format::Auto { Format::sniff(input) } else { format };
        let mut fallback = None;
        let mut hits: Vec<Hit> = Vec::new();
        // The JSON documents within the input: where findings made outside
        // the JSON walk (repeats, custom patterns) are placed by JSON's rules.
        let mut islands = Vec::new();
        match fmt {
            Format::Json => {
                if formats::json::scan(self, input, &mut hits).is_err() {
                    hits.clear();
                    fallback = Some("malformed_json");
                    fmt = Format::Text;
                    detect::scan_segment(input, None, &self.opts, &mut hits);
                } else {
                    islands.push((0, input.len()));
                }
            }
            // Out of line, as the detectors past their tests are (see
            // `config::out_of_line`): V8 compiles the HTML and URL scans
            // only for the formats a guard scans.
            Format::Html => crate::config::out_of_line(|| formats::html::scan(self, input, &mut hits, &mut islands)),
            Format::Url => crate::config::out_of_line(|| formats::url::scan(input, &self.opts, &mut hits)),
            // A table: asked for, or `auto` on a text that starts with a
            // header row (a cheap look at the first line first). A text
            // that turns out no table is scanned as text; one asked for,
            // or with a header and a malformed row, says why.
            Format::Csv | Format::Text if fmt == Format::Csv || (format == Format::Auto && formats::csv::may_start(input)) => {
                match crate::config::out_of_line(|| formats::csv::scan(self, input, format == Format::Auto, &mut hits)) {
                    formats::csv::Read::Table => fmt = Format::Csv,
                    read => {
                        if fmt == Format::Csv || read == formats::csv::Read::Malformed {
                            fallback = Some("malformed_csv");
                        }
                        fmt = Format::Text;
                        detect::scan_segment(input, None, &self.opts, &mut hits);
                    }
                }
            }
            // An XML document given as text (after a log line's prefix, or
            // alone): its elements' names label their values.
            Format::Text if formats::xml::start(input).is_some() => crate::config::out_of_line(|| formats::xml::scan(self, input, &mut hits)),
            _ => detect::scan_segment(input, None, &self.opts, &mut hits),
        }
        // What only some configs ask for, out of line (see `config::out_of_line`).
        if !self.custom.is_empty() {
            crate::config::out_of_line(|| {
                for (i, (_, re, t, score)) in self.custom.iter().enumerate() {
                    let mut found: Vec<Hit> = re.find_iter(input).filter(|m| m.start() < m.end()).map(|m| Hit::new(*t, m.start(), m.end(), *score, Why::custom(i))).collect();
                    // Patterns see the raw document: in JSON their matches (in order
                    // of start, one pattern at a time) are written for where they
                    // stand, as repeats are.
                    // The findings so far are in no order yet: no known places.
                    place_in_islands(input.as_bytes(), &islands, &[], &mut found);
                    hits.append(&mut found);
                }
            });
        }
        whole_chars(input, &mut hits);
        if !self.allow.is_empty() {
            crate::config::out_of_line(|| hits.retain(|h| !self.allow.contains(&allow_key(&input[h.start()..h.end()]))));
        }
        let mut hits = detect::resolve(hits);
        propagate(input, &mut hits, &islands);
        (hits, fmt, fallback)
    }

    /// Classifies an exposure event (JSON, see DESIGN.md) and builds its
    /// breach signal. Returns `{"classification": …, "signal": …}` as JSON.
    ///
    /// ```
    /// let g = phi_guard::Guard::default();
    /// let out = g.classify_json(r#"{"text":"ssn 219-09-9999","channel":"response_body",
    ///   "route":"/api/patients/[id]","discoveredAt":"2026-03-01T12:00:00Z","authenticated":false}"#).unwrap();
    /// assert!(out.contains(r#""dueBy":"2026-04-30T12:00:00Z""#));
    /// assert!(!out.contains("219-09"));
    /// ```
    ///
    /// # Errors
    /// An `event` error for malformed JSON, unknown keys or a raw URL as route.
    pub fn classify_json(&self, event_json: &str) -> Result<String, Error> {
        let ev = crate::classify::ExposureEvent::from_json(event_json).map_err(Error::event)?;
        crate::classify::classify(self, &ev)
    }

    /// [`Guard::classify_json`] for an event whose text comes apart from its
    /// JSON: the same result as the event with that text in it, without
    /// escaping the text into the JSON and reading it back (the wasm
    /// binding's `classifyInput`, whose text is written into the module's
    /// memory as a scan's input is).
    ///
    /// ```
    /// let g = phi_guard::Guard::default();
    /// let event = r#"{"channel":"server_log","route":"/api/visits","discoveredAt":"2026-03-01T12:00:00Z"}"#;
    /// let out = g.classify_json_with_text(event, "intake: ssn 219-09-9999").unwrap();
    /// assert!(out.contains(r#""identifierTypes":{"SSN":1}"#));
    /// assert!(!out.contains("219-09"));
    /// ```
    ///
    /// # Errors
    /// As [`Guard::classify_json`], and an `event` error if the JSON holds
    /// a `text` too.
    pub fn classify_json_with_text(&self, event_json: &str, text: &str) -> Result<String, Error> {
        let mut ev = crate::classify::ExposureEvent::from_json(event_json).map_err(Error::event)?;
        if ev.text.is_some() {
            return Err(Error::event("the event holds a text and one was given apart from it"));
        }
        ev.text = Some(text.to_owned());
        crate::classify::classify(self, &ev)
    }

    pub(crate) fn fingerprint_key(&self) -> Option<&redact::Key> {
        self.fingerprint_key.as_ref()
    }
    pub(crate) fn state_deadline_days(&self) -> &std::collections::BTreeMap<String, u32> {
        &self.state_days
    }
    pub(crate) fn deployment(&self) -> Option<&str> {
        self.deployment.as_deref()
    }
    pub(crate) fn region(&self) -> Option<&str> {
        self.region.as_deref()
    }

    /// Redacted text only; `Format::Auto`.
    pub fn redact_text(&self, input: &str) -> String {
        self.scan(input, Format::Auto).redacted
    }

    /// The replacement of one finding.
    pub(crate) fn replacement(&self, kind: PhiType, value: &str) -> String {
        redact::apply(self.operators[kind as usize], kind, value, self.pseudonym_key.as_ref())
    }

    /// The input with every top-level hit replaced by its piece.
    fn render(&self, input: &str, hits: &[Hit]) -> String {
        let mut out = String::with_capacity(input.len());
        let mut pos = 0;
        for_each_replaced(hits, |_, h| {
            out.push_str(&input[pos..h.start()]);
            self.write_piece(input, h, &mut out);
            pos = h.end();
        });
        out.push_str(&input[pos..]);
        out
    }

    /// Appends the text that replaces `h` (a hit of `input`) to `out`: the
    /// operator's output for the value, written the way the span's context
    /// needs. The one place that decides a replacement, for [`Guard::scan`]
    /// and [`Guard::scan_pieces`] alike.
    ///
    /// Inside a percent-encoded query value or a JSON string, the operator
    /// sees the decoded value and its output is encoded again (when the span
    /// decodes cleanly); a bare JSON scalar (number, bool) becomes a string.
    fn write_piece(&self, input: &str, h: &Hit, out: &mut String) {
        let raw = &input[h.start()..h.end()];
        match self.tag_in_place(h) {
            Some(quoted) => out.push_str(&self.tags[h.kind as usize][usize::from(quoted)]),
            None => self.write_operator_piece(raw, h, out),
        }
    }

    /// Whether [`Guard::write_piece`] writes `h`'s piece as its type's tag in
    /// place, and if so whether in quotes (`Some(quoted)`): then the piece
    /// depends on nothing but the type and the quotes.
    ///
    /// The tag (the default operator) does not depend on the value, and a
    /// type name needs no JSON escape: written in place, without the
    /// operator's `String` or decoding the value. What the general path
    /// writes for it, except inside a query value (brackets are
    /// percent-encoded there) or for a span marked both a JSON string and a
    /// bare scalar (the general path quotes the tag when the string's
    /// escapes do not decode). Inside a JSON string, decoded or not, the
    /// general path writes the bare tag too, so the span is not searched
    /// for escapes.
    fn tag_in_place(&self, h: &Hit) -> Option<bool> {
        (self.operators[h.kind as usize] == Operator::Tag && !h.has(Hit::URL_QUERY) && !(h.has(Hit::JSON_STRING) && h.has(Hit::BARE_JSON))).then(|| h.has(Hit::BARE_JSON))
    }

    /// What [`Guard::write_piece`] writes, by the operator of `h`'s type
    /// applied to `raw` (the span of `h`), for every operator.
    fn write_operator_piece(&self, raw: &str, h: &Hit, out: &mut String) {
        if h.has(Hit::URL_QUERY) {
            let (value, _, exact) = formats::url::percent_decode_with(raw, !h.has(Hit::URL_PATH));
            if exact {
                return formats::url::encode_query_value(&self.replacement(h.kind, &value), out);
            }
        }
        if h.has(Hit::JSON_STRING) {
            // Without escapes the raw text is the value: no decoding, no byte map.
            if !raw.contains('\\') {
                return formats::json::escape_into(&self.replacement(h.kind, raw), out);
            }
            if let Some((value, _)) = formats::json::unescape(raw) {
                return formats::json::escape_into(&self.replacement(h.kind, &value), out);
            }
        }
        let rep = self.replacement(h.kind, raw);
        if h.has(Hit::BARE_JSON) {
            out.push('"');
            out.push_str(&rep);
            out.push('"');
        } else {
            out.push_str(&rep);
        }
    }
}

/// A scan with each finding's replacement instead of the redacted text
/// ([`Guard::scan_pieces`]).
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub(crate) struct Pieces {
    /// As in [`Scan::findings`], before [`Guard::finding`].
    pub(crate) hits: Vec<Hit>,
    /// Per finding, the index in `pieces` of the text that replaces it, or
    /// [`Pieces::NESTED`] for a finding nested inside an earlier one, which
    /// the earlier one's replacement covers. (Not an `Option<u32>`, which
    /// is twice the size.)
    pub(crate) piece_of: Vec<u32>,
    /// The distinct replacements, one after another: a handful with the tag
    /// operator (`[SSN]`), up to one a finding with mask or pseudonym.
    /// Piece `i` ends at byte `piece_ends[i]`, where piece `i + 1` starts.
    pub(crate) pieces: String,
    pub(crate) piece_ends: Vec<usize>,
    /// The piece of each type's tag (by `PhiType as usize`), unquoted and
    /// quoted (`[SSN]`, and `"[SSN]"` for a bare JSON number), where this
    /// scan wrote one, else [`Pieces::NESTED`]. A tag's text depends only
    /// on the guard's config, so the wasm binding sends each to JavaScript
    /// once a handle, not once a scan.
    pub(crate) tag_ids: [[u32; 2]; PhiType::ALL.len()],
    /// As in [`Scan::format`].
    pub(crate) format: Format,
    /// As in [`Scan::fallback`].
    pub(crate) fallback: Option<&'static str>,
}

impl Pieces {
    /// [`Pieces::piece_of`] of a nested finding: it has no piece.
    pub(crate) const NESTED: u32 = u32::MAX;

    /// The text of piece `i`.
    #[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
    pub(crate) fn piece(&self, i: u32) -> &str {
        let i = i as usize;
        &self.pieces[if i == 0 { 0 } else { self.piece_ends[i - 1] }..self.piece_ends[i]]
    }

    /// Appends the redacted text of `input` (the text these pieces were
    /// made from) to `out`: what [`Guard::scan`] renders, from the pieces.
    /// For the wasm binding's dense scans, whose redacted text is cheaper
    /// to copy out whole than to splice in JavaScript (see `src/wasm.rs`).
    #[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
    pub(crate) fn render_into(&self, input: &str, out: &mut String) {
        // Exactly what it will write: replaced spans out, their pieces in.
        // (Tags are often longer than what they replace, and a doubling
        // `String` grew to twice the text for dense input.)
        let mut len = input.len();
        for (h, &piece) in self.hits.iter().zip(&self.piece_of) {
            if piece != Pieces::NESTED {
                len = len - (h.end() - h.start()) + self.piece(piece).len();
            }
        }
        out.reserve_exact(len);
        let mut pos = 0;
        for (h, &piece) in self.hits.iter().zip(&self.piece_of) {
            if piece != Pieces::NESTED {
                out.push_str(&input[pos..h.start()]);
                out.push_str(self.piece(piece));
                pos = h.end();
            }
        }
        out.push_str(&input[pos..]);
    }
}

/// Calls `f(index, hit)` for each hit that is replaced in the output: those
/// not nested inside (starting before the end of) an earlier replaced one.
fn for_each_replaced<'h>(hits: &'h [Hit], mut f: impl FnMut(usize, &'h Hit)) {
    let mut end = 0;
    for (i, h) in hits.iter().enumerate() {
        if h.start() >= end {
            f(i, h);
            end = h.end();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// What [`propagate`] does, without its tables and skips: at each token
    /// start, the longest value (then the first found) that occurs there as
    /// a whole token and overlaps no finding.
    fn propagate_reference(input: &str, hits: &mut Vec<Hit>) {
        let b = input.as_bytes();
        let mut values: Vec<(usize, usize, usize)> = Vec::new();
        for (i, h) in hits.iter().enumerate() {
            let v = &b[h.start()..h.end()];
            if v.len() >= 6 && h.kind != PhiType::Url && !values.iter().any(|&(s, e, _)| &b[s..e] == v) {
                values.push((h.start(), h.end(), i));
            }
        }
        values.sort_by_key(|&(s, e, _)| std::cmp::Reverse(e - s));
        let mut extra = Vec::new();
        let mut at = 0;
        while at + 6 <= b.len() {
            let token_start = at == 0 || !b[at - 1].is_ascii_alphanumeric();
            let found = values.iter().copied().find(|&(s, e, _)| {
                let end = at + (e - s);
                token_start && end <= b.len() && b[at..end] == b[s..e] && (end == b.len() || !b[end].is_ascii_alphanumeric()) && !hits.iter().any(|h| h.start() < end && at < h.end())
            });
            match found {
                Some((s, e, i)) => {
                    let src = &hits[i];
                    extra.push(Hit::new(src.kind, at, at + (e - s), (src.score - 0.05).max(0.0), why!("propagated", "same value as another finding in this input")));
                    at += e - s;
                }
                None => at += 1,
            }
        }
        if !extra.is_empty() {
            hits.extend(extra);
            hits.sort_by(|a, b| a.start().cmp(&b.start()).then(b.end().cmp(&a.end())));
            hits.dedup_by(|b, a| a.start() == b.start() && a.end() == b.end());
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]
        /// Same findings as the reference on text made of a few repeated
        /// tokens, with findings (nested and URL ones included) anywhere,
        /// with the bit table of whole values on and off.
        #[test]
        fn propagate_is_the_reference(
            tokens in proptest::collection::vec(prop_oneof![
                Just("P-004821"), Just("P-0048213"), Just("004821"), Just(" "), Just("-"), Just("x"), Just("7"), Just("P-00482"), Just("ab12cd34"),
                // Bytes at the edges of the letter and digit ranges, and non-ASCII.
                Just("é"), Just("@"), Just("["), Just("`"), Just("{"), Just("/"), Just(":"), Just("Z"), Just("0"), Just("9"), Just("ab12cd34é"),
                // Longer than 14 bytes, one prefix and one tail: told apart
                // only by their middle bytes.
                Just("P-0048213-A-0048213"), Just("P-0048213-B-0048213"),
                // Values of 12 bytes, one prefix and one last four bytes:
                // told apart by the bytes between.
                Just("P-00482A1234"), Just("P-00482B1234"),
            ], 0..40),
            spans in proptest::collection::vec((0usize..160, 0usize..24, 0u8..5), 0..8),
        ) {
            let text: String = tokens.concat();
            let mut hits: Vec<Hit> = spans.iter().filter(|&&(s, n, _)| s + n <= text.len() && n > 0).map(|&(s, n, k)| {
                Hit::new(if k == 0 { PhiType::Url } else { PhiType::Ssn }, s, s + n, f32::from(k) / 4.0, why!("ssn", "dashed SSN shape with valid area/group/serial"))
            }).collect();
            // As `resolve` leaves them: by start, longest first, no span twice.
            hits.sort_by(|a, b| a.start().cmp(&b.start()).then(b.end().cmp(&a.end())));
            hits.dedup_by(|b, a| a.start() == b.start() && a.end() == b.end());
            let mut want = hits.clone();
            propagate_reference(&text, &mut want);
            let key = |v: &[Hit]| v.iter().map(|h| (h.start(), h.end(), h.kind, h.score.to_bits())).collect::<Vec<_>>();
            // With the bit table of whole values off too: the search alone
            // tells the values apart.
            for off in [false, true] {
                let mut got = hits.clone();
                WHOLE_FILTER_OFF.set(off);
                propagate(&text, &mut got, &[]);
                WHOLE_FILTER_OFF.set(false);
                prop_assert_eq!(key(&got), key(&want), "on {:?}, bit table off: {}", text, off);
            }
        }
    }

    /// A span that splits a char is widened to whole chars (and cut at the
    /// input's end); one on char boundaries is left as it is.
    #[test]
    fn spans_are_widened_to_whole_chars() {
        let input = "ab\u{e9}c\u{FFFD}";
        let why = Why::NONE;
        let mut hits = vec![
            Hit::new(PhiType::Name, 3, 5, 0.9, why),
            Hit::new(PhiType::Name, 4, 7, 0.9, why),
            Hit::new(PhiType::Url, 0, 99, 0.9, why),
            Hit::new(PhiType::Url, 1, 2, 0.9, why),
        ];
        super::whole_chars(input, &mut hits);
        let spans: Vec<(usize, usize)> = hits.iter().map(|h| (h.start, h.end)).collect();
        assert_eq!(spans, [(2, 5), (4, 8), (0, 8), (1, 2)]);
    }

    #[test]
    fn propagate_is_the_reference_with_many_values() {
        // Enough values that buckets hold several prefixes: 900 values of
        // 6 to 30 bytes from a few hundred prefixes, many sharing their
        // prefix, length and last eight bytes, each found once and then
        // repeated in shuffled order among words that start like them.
        let mut seed = 0x2545_F491_4F6C_DD1Du64;
        let mut next = |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n) as usize
        };
        let values: Vec<String> = (0..900)
            .map(|i| {
                let head = format!("{:06}", next(300) * 7);
                let middle: String = (0..next(17)).map(|_| char::from(b'a' + next(3) as u8)).collect();
                format!("{head}{middle}{}", ["", "-TAIL-00", "-7"][i % 3])
            })
            .collect();
        let mut text = String::new();
        let mut hits = Vec::new();
        for v in &values {
            hits.push(Hit::new(PhiType::Mrn, text.len() + 1, text.len() + 1 + v.len(), 0.9, why!("label", "value after a label that names this identifier")));
            text.push_str(&format!(" {v} {}x ", &v[..6]));
        }
        for _ in 0..3000 {
            let v = &values[next(900)];
            text.push_str(&format!("{v} {}", ["", "x", "-"][next(3)]));
        }
        let mut want = hits.clone();
        propagate(&text, &mut hits, &[]);
        propagate_reference(&text, &mut want);
        let key = |v: &[Hit]| v.iter().map(|h| (h.start(), h.end(), h.kind, h.score.to_bits())).collect::<Vec<_>>();
        assert_eq!(key(&hits), key(&want));
        assert!(hits.len() > 2000);
    }

    #[test]
    fn propagate_is_the_reference_for_values_starting_with_any_high_nibble() {
        // Values starting with bytes of ten high nibbles, more than the
        // eight classes of the start-byte tables: some share a class. Each
        // is found once, then repeated among words that
        // start like them, or with a byte of the same high nibble.
        let heads = ["\u{1b}", " ", "0", "@", "P", "a", "x", "é", "中", "😀"];
        let mut text = String::new();
        let mut hits = Vec::new();
        for h in heads {
            let v = format!("{h}-0048213");
            hits.push(Hit::new(PhiType::Mrn, text.len() + 1, text.len() + 1 + v.len(), 0.9, why!("label", "value after a label that names this identifier")));
            text.push_str(&format!(" {v} "));
        }
        for h in heads.iter().rev() {
            text.push_str(&format!("{h}-0048213 {h}-004821 ò-0048213 ä-0048213 {h}x "));
        }
        let mut want = hits.clone();
        propagate(&text, &mut hits, &[]);
        propagate_reference(&text, &mut want);
        let key = |v: &[Hit]| v.iter().map(|h| (h.start(), h.end(), h.kind, h.score.to_bits())).collect::<Vec<_>>();
        assert_eq!(key(&hits), key(&want));
        assert_eq!(hits.len(), 2 * heads.len());
    }

    /// The smallest tables (four words each): every word holds bits of
    /// several values, so most texts that share a value's prefix, or its
    /// prefix and length, pass the bit tables and must be told apart by the
    /// search: six-byte values, values of one prefix and several lengths,
    /// and repeats and near misses at the text's end.
    #[test]
    fn propagate_is_the_reference_when_the_bit_tables_are_crowded() {
        let key = |v: &[Hit]| v.iter().map(|h| (h.start(), h.end(), h.kind, h.score.to_bits())).collect::<Vec<_>>();
        let values = ["004821", "004822", "A-0048", "A-00482", "A-004821", "A-0048213-77", "zz9zz9"];
        let near = ["004823", "A-0049", "A-00481", "A-004829", "A-0048213-78", "zz9zz8", "004821x", "x004821"];
        for last in values.iter().chain(&near) {
            let mut text = String::new();
            let mut hits = Vec::new();
            for v in values {
                hits.push(Hit::new(PhiType::Mrn, text.len(), text.len() + v.len(), 0.9, why!("label", "value after a label that names this identifier")));
                text.push_str(&format!("{v} "));
            }
            for w in near.iter().chain(&values).rev() {
                text.push_str(&format!("{w} "));
            }
            text.push_str(last);
            let mut want = hits.clone();
            propagate(&text, &mut hits, &[]);
            propagate_reference(&text, &mut want);
            assert_eq!(key(&hits), key(&want), "{last:?}");
            let at_end = usize::from(values.contains(last));
            assert_eq!(hits.len(), 2 * values.len() + at_end, "{last:?}");
        }
    }

    /// Values of one prefix and one length (12 bytes) that share their last
    /// four bytes, told apart only by the two bytes between: the texts that
    /// are none of them must fail the search among the values. The bit
    /// table of whole values stops them all but for a collision, so the
    /// test also turns it off.
    #[test]
    fn values_told_apart_by_two_middle_bytes() {
        let key = |v: &[Hit]| v.iter().map(|h| (h.start(), h.end(), h.kind, h.score.to_bits())).collect::<Vec<_>>();
        let middles: Vec<String> = (b'a'..=b'z').flat_map(|x| (b'a'..=b'z').map(move |y| format!("{}{}", char::from(x), char::from(y)))).collect();
        let mut text = String::new();
        let mut hits = Vec::new();
        for m in &middles[..300] {
            let v = format!("Q-1234{m}5678");
            hits.push(Hit::new(PhiType::Mrn, text.len(), text.len() + v.len(), 0.9, why!("label", "value after a label that names this identifier")));
            text.push_str(&format!("{v} "));
        }
        for m in middles.iter().rev() {
            text.push_str(&format!("Q-1234{m}5678 "));
        }
        let mut want = hits.clone();
        propagate_reference(&text, &mut want);
        assert_eq!(want.len(), 600);
        for off in [false, true] {
            let mut got = hits.clone();
            WHOLE_FILTER_OFF.set(off);
            propagate(&text, &mut got, &[]);
            WHOLE_FILTER_OFF.set(false);
            assert_eq!(key(&got), key(&want), "bit table off: {off}");
        }
    }

    /// A repeat starting at every place around the edges of the 32-byte
    /// steps and at the end of the input, after one- and two-byte filler
    /// (a two-byte character cut by a step's edge), and ending at the end,
    /// before a space or before a digit (no whole token: not found).
    #[test]
    fn propagate_is_the_reference_at_every_place_around_the_steps() {
        let key = |v: &[Hit]| v.iter().map(|h| (h.start(), h.end(), h.kind, h.score.to_bits())).collect::<Vec<_>>();
        for off in 0..80 {
            for filler in ["-", "é"] {
                for end in ["", " x", "9"] {
                    let text = format!("219099999 {}219099999{end}", filler.repeat(off));
                    let mut hits = vec![Hit::new(PhiType::Ssn, 0, 9, 0.9, why!("ssn", "dashed SSN shape with valid area/group/serial"))];
                    let mut want = hits.clone();
                    propagate(&text, &mut hits, &[]);
                    propagate_reference(&text, &mut want);
                    assert_eq!(key(&hits), key(&want), "{off} {filler:?} {end:?}");
                    assert_eq!(hits.len(), if end == "9" { 1 } else { 2 }, "{off} {filler:?} {end:?}");
                }
            }
        }
    }

    /// The last steps read their window from a zeroed copy: a repeat in
    /// the input's last bytes, at every length around the steps' edges, with
    /// values starting with a letter, a digit, a zero byte (which a value's
    /// start table may allow past the end) and a non-ASCII character.
    #[test]
    fn propagate_is_the_reference_at_the_end_of_every_length() {
        let key = |v: &[Hit]| v.iter().map(|h| (h.start(), h.end(), h.kind, h.score.to_bits())).collect::<Vec<_>>();
        for value in ["219099999", "P-00482", "\0\0\0\0\0\0", "\0abcde", "éclair", "abcdef"] {
            for len in 2 * value.len() + 1..2 * value.len() + 100 {
                for filler in [" ", "\0"] {
                    let gap = len - 2 * value.len();
                    let text = format!("{value}{}{value}", filler.repeat(gap));
                    let mut hits = vec![Hit::new(PhiType::Ssn, 0, value.len(), 0.9, why!("ssn", "dashed SSN shape with valid area/group/serial"))];
                    let mut want = hits.clone();
                    propagate(&text, &mut hits, &[]);
                    propagate_reference(&text, &mut want);
                    assert_eq!(key(&hits), key(&want), "{value:?} {len} {filler:?}");
                    assert!(filler != " " || hits.len() == 2, "{value:?} {len}");
                }
            }
        }
    }

    #[test]
    fn findings_that_are_no_values_propagate_nothing() {
        // Tables sized to the findings, then no value among them: a URL and
        // a five-byte finding, repeated, stay as they are.
        let text = "http://a.example/p-0048213 12345 http://a.example/p-0048213 12345";
        let mut hits = vec![
            Hit::new(PhiType::Url, 0, 26, 0.9, why!("ssn", "dashed SSN shape with valid area/group/serial")),
            Hit::new(PhiType::Ssn, 27, 32, 0.9, why!("ssn", "dashed SSN shape with valid area/group/serial")),
        ];
        let mut want = hits.clone();
        propagate(text, &mut hits, &[]);
        propagate_reference(text, &mut want);
        let key = |v: &[Hit]| v.iter().map(|h| (h.start(), h.end(), h.kind, h.score.to_bits())).collect::<Vec<_>>();
        assert_eq!(key(&hits), key(&want));
        assert_eq!(hits.len(), 2);
        // No findings at all.
        let mut none = Vec::new();
        propagate(text, &mut none, &[]);
        assert!(none.is_empty());
    }

    #[test]
    fn a_repeated_value_propagates_from_its_first_finding() {
        // Two findings of one value (different types and scores), then
        // repeats: each repeat is of the first finding's type and score.
        let text = "P-0048213 x P-0048213 y P-0048213 z P-0048213";
        let mut hits = vec![Hit::new(PhiType::Mrn, 12, 21, 0.9, why!("label", "value after a label that names this identifier")), Hit::new(PhiType::Ssn, 24, 33, 0.5, why!("ssn", "dashed SSN shape with valid area/group/serial"))];
        let mut want = hits.clone();
        propagate(text, &mut hits, &[]);
        propagate_reference(text, &mut want);
        let key = |v: &[Hit]| v.iter().map(|h| (h.start(), h.end(), h.kind, h.score.to_bits())).collect::<Vec<_>>();
        assert_eq!(key(&hits), key(&want));
        assert_eq!(hits.iter().filter(|h| h.kind == PhiType::Mrn).count(), 3);
    }

    #[test]
    fn a_value_found_many_times_propagates_from_its_first_finding() {
        // Enough findings of one value (hundreds, as in a long log) that
        // its bucket is sorted by partitions, not in order, with scores and
        // types that differ from finding to finding: every repeat still
        // takes the first finding's. Values of up to 14 bytes and longer
        // ones (compared byte by byte) alike, among others of their prefix.
        for value in ["P-0048213", "P-0048213-A-0048213-B-0048213"] {
            let mut text = String::new();
            let mut hits = Vec::new();
            for i in 0..600 {
                let v = if i % 3 == 2 { format!("{}{}", &value[..value.len() - 1], i % 10) } else { value.to_string() };
                let kind = if i % 2 == 0 { PhiType::Mrn } else { PhiType::Ssn };
                hits.push(Hit::new(kind, text.len(), text.len() + v.len(), 0.5 + (i % 7) as f32 / 20.0, why!("label", "value after a label that names this identifier")));
                text.push_str(&format!("{v} ; "));
            }
            // The first finding is not the highest scored.
            hits[0].score = 0.61;
            let found = hits.len();
            for _ in 0..50 {
                text.push_str(&format!("at {value} "));
            }
            let mut want = hits.clone();
            propagate(&text, &mut hits, &[]);
            propagate_reference(&text, &mut want);
            let key = |v: &[Hit]| v.iter().map(|h| (h.start(), h.end(), h.kind, h.score.to_bits())).collect::<Vec<_>>();
            assert_eq!(key(&hits), key(&want));
            let repeats: Vec<&Hit> = hits.iter().filter(|h| h.why == why!("propagated", "same value as another finding in this input")).collect();
            assert_eq!(repeats.len(), 50);
            assert!(found + 50 == hits.len());
            assert!(repeats.iter().all(|h| h.kind == PhiType::Mrn && (h.score - 0.56).abs() < 1e-6), "{value}");
        }
    }

    #[test]
    fn propagation_finds_every_repeat_of_every_value() {
        // 300 distinct patient ids, each labelled once and repeated bare in a
        // message: every repeat is found, none inside a longer token.
        let ids: Vec<String> = (0..300).map(|i| format!("P-{:07}", 4_800_000 + i * 37)).collect();
        let mut body = String::from("[");
        for id in &ids {
            body.push_str(&format!(r#"{{"patientId":"{id}","msg":"retry for {id} queued; {id}9 untouched"}},"#));
        }
        body.pop();
        body.push(']');
        let scan = Guard::default().scan(&body, Format::Json);
        for id in &ids {
            let n = scan.findings.iter().filter(|f| &body[f.start..f.end] == id).count();
            assert_eq!(n, 2, "labelled and repeated occurrence of one id");
        }
        assert!(scan.findings.iter().all(|f| body[f.end..].starts_with('"') || body[f.end..].starts_with(' ')));
        assert_eq!(scan.redacted.matches("[OTHER_ID]").count(), 600);
    }

    #[test]
    fn repeats_in_json_are_written_for_where_they_stand() {
        // A value found bare (a number under "ssn") or in a string repeats
        // inside a string, as a whole bare value, in an array, in a key, and
        // as part of a longer number. Under every operator the redacted
        // document parses, and every repeat that can be replaced is.
        let slots = [
            r#""call about 219099999 today""#,
            r#""219099999""#,
            "219099999",
            " 219099999 ",
            "[1, 219099999]",
            r#"{"219099999": "x\"y 219099999"}"#,
            "-219099999",
            "2190999990",
            r#""line\n 219099999 \\", "b": 219099999"#,
        ];
        for op in ["tag", "mask", "partialMask", "remove", "pseudonym", "generalize"] {
            let g = Guard::from_json(&format!(r#"{{"operators":{{"*":"{op}"}},"pseudonymKey":"render-test-key-0123456789"}}"#)).unwrap();
            for first in ["219099999", r#""219099999""#] {
                for slot in slots {
                    let doc = format!(r#"{{"ssn": {first}, "note": {slot}}}"#);
                    let scan = g.scan(&doc, Format::Json);
                    assert!(serde_json::from_str::<serde_json::Value>(&scan.redacted).is_ok(), "{op}: {doc} -> {}", scan.redacted);
                    let left = scan.redacted.matches("219099999").count();
                    let kept = usize::from(slot == "-219099999") + usize::from(slot == "2190999990");
                    assert_eq!(left, kept, "{op}: {doc} -> {}", scan.redacted);
                    let p = g.scan_pieces(&doc, Format::Json);
                    assert_eq!(splice(&doc, &p), scan.redacted, "{op}: {doc}");
                }
            }
        }
    }

    /// What [`place_in_json`] does, byte by byte from the document's start
    /// for every finding, and with no search helpers.
    fn place_in_json_reference(b: &[u8], hits: &mut Vec<Hit>) {
        hits.retain_mut(|h| {
            let (s, e) = (h.start(), h.end());
            let (mut in_string, mut escaped) = (false, false);
            for &c in &b[..s] {
                if in_string && escaped {
                    escaped = false;
                } else if in_string && c == b'\\' {
                    escaped = true;
                } else if c == b'"' {
                    in_string = !in_string;
                }
            }
            h.flags &= !(Hit::BARE_JSON | Hit::JSON_STRING);
            if in_string {
                h.flags |= Hit::JSON_STRING;
                let mut k = s;
                while k < e {
                    match b[k] {
                        b'\\' if k + 2 <= e => k += 2,
                        b'\\' | b'"' => return false,
                        c if c < 0x20 => return false,
                        _ => k += 1,
                    }
                }
                return !escaped;
            }
            h.flags |= Hit::BARE_JSON;
            let before = b[..s].iter().rev().find(|c| !c.is_ascii_whitespace());
            let after = b[e..].iter().find(|c| !c.is_ascii_whitespace());
            matches!(before, Some(b':' | b',' | b'[')) && matches!(after, None | Some(b',' | b'}' | b']'))
        });
    }

    #[test]
    fn place_in_json_carries_escapes_across_blocks() {
        // A backslash as the last byte of a 64-byte block (and of a 16-byte
        // chunk) escapes the first byte of the next: the quote there does not
        // end the string, so the finding after it is still inside it.
        for edge in [16, 48, 64, 128] {
            for run in 1..4 {
                // `{"a":"` then filler, `run` backslashes ending at `edge`,
                // then `"` (escaped when `run` is odd) and the finding.
                let mut doc = br#"{"a":""#.to_vec();
                doc.resize(edge - run, b'x');
                doc.extend(std::iter::repeat_n(b'\\', run));
                doc.extend_from_slice(br#"" 219099999 x"}"#);
                let s = edge + 2;
                let hits = vec![Hit::new(PhiType::Ssn, s, s + 9, 0.9, why!("propagated", "same value as another finding in this input"))];
                let (mut got, mut want) = (hits.clone(), hits);
                place_in_json(&doc, 0, &[], &mut got);
                place_in_json_reference(&doc, &mut want);
                let flags = |h: &[Hit]| h.iter().map(|h| (h.start(), h.flags)).collect::<Vec<_>>();
                assert_eq!(flags(&got), flags(&want), "edge {edge}, {run} backslashes");
                assert_eq!(got.first().map(|h| h.has(Hit::JSON_STRING)), (run % 2 == 1).then_some(true), "edge {edge}, {run} backslashes");
            }
        }
    }

    proptest! {
        #[test]
        fn place_in_json_is_the_reference(
            doc in proptest::collection::vec(proptest::sample::select(b"\"\\a1 :,{}[]\n".to_vec()), 0..240),
            spans in proptest::collection::vec((0usize..240, 1usize..12), 0..16),
        ) {
            let mut spans: Vec<(usize, usize)> = spans.into_iter().filter(|&(s, _)| s < doc.len()).map(|(s, l)| (s, (s + l).min(doc.len()))).collect();
            spans.sort();
            let hits: Vec<Hit> = spans.iter().map(|&(s, e)| Hit::new(PhiType::Ssn, s, e, 0.9, why!("propagated", "same value as another finding in this input"))).collect();
            let (mut got, mut want) = (hits.clone(), hits);
            place_in_json(&doc, 0, &[], &mut got);
            place_in_json_reference(&doc, &mut want);
            prop_assert_eq!(got.iter().map(|h| (h.start(), h.end(), h.flags)).collect::<Vec<_>>(), want.iter().map(|h| (h.start(), h.end(), h.flags)).collect::<Vec<_>>());
        }

        /// Restarting the walk at findings whose flags are known changes
        /// nothing: the known ones are spans placed by the reference (so
        /// flagged where they stand), and spans with no flag or both, which
        /// say nothing and are passed over.
        #[test]
        fn place_in_json_from_known_places_is_the_reference(
            doc in proptest::collection::vec(proptest::sample::select(b"\"\\a1 :,{}[]\n".to_vec()), 0..240),
            spans in proptest::collection::vec((0usize..240, 1usize..12, 0u8..4), 0..24),
        ) {
            let mut spans: Vec<(usize, usize, u8)> = spans.into_iter().filter(|&(s, _, _)| s < doc.len()).map(|(s, l, k)| (s, (s + l).min(doc.len()), k)).collect();
            spans.sort();
            let hit = |&(s, e, _): &(usize, usize, u8)| Hit::new(PhiType::Ssn, s, e, 0.9, why!("propagated", "same value as another finding in this input"));
            let mut known: Vec<Hit> = spans.iter().filter(|t| t.2 == 0).map(hit).collect();
            place_in_json_reference(&doc, &mut known);
            for &(s, e, k) in spans.iter().filter(|t| t.2 == 1) {
                let mut h = hit(&(s, e, k));
                h.flags = if s % 2 == 0 { 0 } else { Hit::JSON_STRING | Hit::BARE_JSON };
                known.push(h);
            }
            known.sort_by_key(|h| h.start());
            let extra: Vec<Hit> = spans.iter().filter(|t| t.2 >= 2).map(hit).collect();
            let (mut got, mut want) = (extra.clone(), extra);
            place_in_json(&doc, 0, &known, &mut got);
            place_in_json_reference(&doc, &mut want);
            prop_assert_eq!(got.iter().map(|h| (h.start(), h.end(), h.flags)).collect::<Vec<_>>(), want.iter().map(|h| (h.start(), h.end(), h.flags)).collect::<Vec<_>>());
        }
    }

    #[test]
    fn last_placed_finds_the_last_flagged_finding_at_or_before() {
        let at = |s: usize, flags: u8| {
            let mut h = Hit::new(PhiType::Ssn, s, s + 6, 0.9, why!("propagated", "same value as another finding in this input"));
            h.flags = flags;
            h
        };
        assert_eq!(last_placed(&[], 5), (0, None));
        let known = [at(2, Hit::BARE_JSON), at(4, Hit::JSON_STRING), at(4, 0), at(7, Hit::JSON_STRING | Hit::BARE_JSON), at(9, Hit::JSON_STRING)];
        assert_eq!(last_placed(&known, 1), (0, None));
        assert_eq!(last_placed(&known, 2), (1, Some((0, false))), "a finding starting at `s` counts");
        assert_eq!(last_placed(&known, 8), (4, Some((1, true))), "no flag or both: passed over");
        assert_eq!(last_placed(&known, 9), (5, Some((4, true))));
        assert_eq!(last_placed(&known[2..4], 100), (2, None));
    }

    #[test]
    fn repeats_in_a_pages_json_script_keep_it_valid() {
        // A Next.js page: a number found bare in __NEXT_DATA__ repeats in a
        // string of the same script and in the page's text. The script
        // still parses; the text gets a plain tag, not a JSON one.
        let page = r#"<p>Re: 219099999 called</p><script id="__NEXT_DATA__" type="application/json"> {"props":{"ssn":219099999,"note":"call about 219099999 today"}} </script>"#;
        let out = Guard::default().scan(page, Format::Html).redacted;
        let (open, close) = (out.find("json\">").unwrap() + 6, out.find("</script>").unwrap());
        let v: serde_json::Value = serde_json::from_str(&out[open..close]).unwrap_or_else(|e| panic!("{e}: {out}"));
        assert_eq!(v["props"]["note"], "call about [SSN] today");
        assert_eq!(v["props"]["ssn"], "[SSN]");
        assert!(out.starts_with("<p>Re: [SSN] called</p>"), "{out}");
    }

    #[test]
    fn custom_matches_across_a_json_scripts_edge_are_dropped() {
        // A pattern that matches from inside a page's JSON script into the
        // page, or from the page into the script: replacing it would cut the
        // script's document, so it is not replaced; matches wholly on either
        // side are.
        let g = Guard::from_json(r#"{"customPatterns":[{"id":"x","pattern":"X[^X]{1,40}X","type":"OTHER_ID"}]}"#).unwrap();
        let pages = [
            (r#"<script id="__NEXT_DATA__" type="application/json">{"a":"zzX1"}</script><p>2X XabX</p>"#, 1),
            (r#"<p>X1 XcdX</p><script type="application/json">{"a":"2X"}</script>"#, 1),
            (r#"<p>XefX</p><script type="application/json">{"a":"XghX"}</script>"#, 2),
        ];
        for (page, replaced) in pages {
            let scan = g.scan(page, Format::Html);
            let out = &scan.redacted;
            let (open, close) = (out.find("json\">").unwrap() + 6, out.find("</script>").unwrap());
            assert!(serde_json::from_str::<serde_json::Value>(&out[open..close]).is_ok(), "{page} -> {out}");
            assert_eq!(scan.findings.len(), replaced, "{page} -> {out}");
            assert_eq!(splice(page, &g.scan_pieces(page, Format::Html)), scan.redacted, "{page}");
        }
    }

    #[test]
    fn custom_pattern_matches_in_json_keep_it_valid() {
        // Patterns match the raw document: a bare number, part of one, a
        // string's content, a span cutting an escape or reaching past a
        // string's end. Whatever is replaced, the document still parses, and
        // whole values and string content are replaced.
        let docs = [
            (r#"{"k": 123456789, "s": "a 123456789 b"}"#, 2),
            (r#"{"k": 1234567891}"#, 0),
            (r#"{"k": [123456789, "123456789"]}"#, 2),
            (r#"{"s": "123\n", "t": "x\"123456789"}"#, 1),
            (r#"{"s": "99 123", "t": 1}"#, 0),
        ];
        for op in ["tag", "mask", "partialMask", "remove"] {
            let g = Guard::from_json(&format!(
                r#"{{"operators":{{"*":"{op}"}},"customPatterns":[{{"id":"nine","pattern":"[0-9]{{9}}","type":"OTHER_ID"}},{{"id":"cut","pattern":"[0-9]{{3}}\\\\","type":"OTHER_ID"}},{{"id":"end","pattern":"[0-9]{{3}}\", ","type":"OTHER_ID"}}]}}"#
            ))
            .unwrap();
            for (doc, replaced) in docs {
                let scan = g.scan(doc, Format::Json);
                assert!(serde_json::from_str::<serde_json::Value>(&scan.redacted).is_ok(), "{op}: {doc} -> {}", scan.redacted);
                assert_eq!(scan.findings.len(), replaced, "{op}: {doc} -> {}", scan.redacted);
                assert_eq!(splice(doc, &g.scan_pieces(doc, Format::Json)), scan.redacted, "{op}: {doc}");
            }
        }
    }

    /// `input` with each replaced finding's span swapped for its piece: what
    /// the JS package does with `scan_pieces` (in UTF-16 units; here bytes),
    /// and what the wasm binding sends whole for a dense scan.
    fn splice(input: &str, p: &Pieces) -> String {
        let mut out = String::new();
        p.render_into(input, &mut out);
        out
    }

    #[test]
    fn pieces_spliced_into_the_input_are_the_rendered_text() {
        // The labelled corpus, plus spans that need their piece re-encoded
        // (JSON escapes, bare JSON scalars, query values), astral characters
        // before and inside findings, and nested findings.
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/corpus");
        let mut inputs: Vec<(String, Format)> = Vec::new();
        for file in std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).filter(|p| p.extension().is_some_and(|e| e == "jsonl")) {
            for line in std::fs::read_to_string(file).unwrap().lines().filter(|l| !l.trim().is_empty()) {
                let case: serde_json::Value = serde_json::from_str(line).unwrap();
                let fmt = case["kind"].as_str().unwrap().parse().unwrap_or(Format::Auto);
                inputs.push((case["text"].as_str().unwrap().to_string(), fmt));
            }
        }
        assert!(inputs.len() >= 1500, "corpus has {} lines", inputs.len());
        for (text, fmt) in [
            (r#"{"name":"Jos\u00e9 Garc\u00eda","note":"ssn 219-09-9999\nline 2 \"q\"","age":94,"dob":19620314}"#, Format::Json),
            (r#"{"patient":{"id":"P-0048213"},"query":{"id":"P-0048213"},"mrn":12345678}"#, Format::Json),
            ("https://x.test/p?name=Mar%C3%ADa+Garc%C3%ADa&dob=03%2F14%2F1962&age=94&email=a%40b.co", Format::Url),
            ("😀👩‍⚕️ ssn 219-09-9999 😀 Patient: José 😀 García, mail maría@example.com, call (312) 555-0142", Format::Text),
            ("Patient: John Smith, 123 Main St, Springfield IL 62704, https://x.test/u?ssn=219-09-9999", Format::Auto),
            ("<p>Patient: Maria Garcia &amp; DOB 03/14/1962</p><a href=\"/p?mrn=MRN-12345678\">x</a>", Format::Html),
        ] {
            inputs.push((text.to_string(), fmt));
        }
        let mut nested = 0;
        for op in ["tag", "mask", "partialMask", "remove", "pseudonym", "generalize"] {
            let g = Guard::from_json(&format!(r#"{{"operators":{{"*":"{op}"}},"pseudonymKey":"render-test-key-0123456789"}}"#)).unwrap();
            for (text, fmt) in &inputs {
                let scan = g.scan(text, *fmt);
                let p = g.scan_pieces(text, *fmt);
                assert_eq!(p.hits.iter().map(|h| g.finding(h)).collect::<Vec<_>>(), scan.findings, "{op} {text:?}");
                assert_eq!((p.format, p.fallback), (scan.format, scan.fallback));
                assert_eq!(splice(text, &p), scan.redacted, "{op} {text:?}");
                let mut rendered = String::from("kept");
                p.render_into(text, &mut rendered);
                assert_eq!(rendered.strip_prefix("kept"), Some(scan.redacted.as_str()), "{op} {text:?}");
                let pieces: Vec<&str> = (0..p.piece_ends.len() as u32).map(|i| p.piece(i)).collect();
                assert_eq!(pieces.concat(), p.pieces);
                let mut distinct = pieces.clone();
                distinct.sort();
                distinct.dedup();
                assert_eq!(distinct.len(), pieces.len(), "pieces are distinct: {op} {text:?}");
                assert!(p.piece_of.iter().filter(|&&i| i != Pieces::NESTED).all(|&i| (i as usize) < pieces.len()));
                nested += p.piece_of.iter().filter(|&&i| i == Pieces::NESTED).count();
            }
        }
        assert!(nested > 0, "some finding was nested, so the skipping is tested");
    }

    #[test]
    fn tags_written_in_place_are_the_operator_pieces() {
        // Every type, every combination of the flags, every span of a text
        // with JSON escapes (a broken one at the end) and percent-encoding (`+`
        // too, which only a query reads as a space).
        let g = Guard::default();
        let input = r#"219-09-9999 Jos\u00e9 \"q\" a+b%40b.co 90%2B x\"#;
        for kind in PhiType::ALL {
            for flags in 0..16u8 {
                for (start, end) in (0..input.len()).flat_map(|s| (s + 1..=input.len()).map(move |e| (s, e))) {
                    let mut h = Hit::new(kind, start, end, 0.9, why!("ssn", "dashed SSN shape with valid area/group/serial"));
                    h.flags = flags;
                    let (mut fast, mut general) = (String::new(), String::new());
                    g.write_piece(input, &h, &mut fast);
                    g.write_operator_piece(&input[start..end], &h, &mut general);
                    assert_eq!(fast, general, "{kind:?} flags {flags} {:?}", &input[start..end]);
                }
            }
        }
    }

    #[test]
    fn custom_pattern_needs_an_id() {
        let e = Guard::from_json(r#"{"customPatterns":[{"id":" ","pattern":"EMP-[0-9]{6}","type":"OTHER_ID"}]}"#).unwrap_err();
        assert_eq!(e.code(), "config");
        let g = Guard::from_json(r#"{"customPatterns":[{"id":"employee-id","pattern":"EMP-[0-9]{6}","type":"OTHER_ID"}]}"#).unwrap();
        assert_eq!(g.scan("badge EMP-123456", Format::Text).findings[0].detector, "employee-id");
        // Each pattern is a two-byte id while a scan runs: more are refused, never mixed up.
        let p = crate::CustomPattern { id: "x".into(), pattern: "x".into(), kind: "MRN".into(), score: None };
        let e = Guard::new(Config { custom_patterns: vec![p; Why::MAX_CUSTOM + 1], ..Config::default() }).unwrap_err();
        assert_eq!(e.code(), "config");
    }

    #[test]
    fn strict_config() {
        let e = Guard::from_json(r#"{"operatorz":{}}"#).unwrap_err();
        assert_eq!(e.code(), "config");
        assert!(e.to_string().contains("did you mean `operators`?") && !e.to_string().contains("operatorz"), "{e}");
        assert_eq!(Guard::from_json(r#"{"operators":{"SSNN":"tag"}}"#).unwrap_err().code(), "config");
        assert_eq!(Guard::from_json(r#"{"operators":{"SSN":"pseudonym"}}"#).unwrap_err().code(), "config");
        assert_eq!(Guard::from_json(r#"{"disableDetectors":["nope"]}"#).unwrap_err().code(), "config");
        let big = format!(r#"{{"customPatterns":[{{"id":"x","pattern":"{}","type":"MRN"}}]}}"#, "a".repeat(2000));
        assert_eq!(Guard::from_json(&big).unwrap_err().code(), "pattern");
        let huge = r#"{"customPatterns":[{"id":"x","pattern":"(?:(?:[a-z]{100}){100}){4}","type":"MRN"}]}"#;
        assert_eq!(Guard::from_json(huge).unwrap_err().code(), "pattern");
    }

    #[test]
    fn errors_never_quote_values() {
        for bad in [
            r#"{"operators":{"SSN":"219-09-9999"}}"#,
            r#"{"allow":219099999}"#,
            r#"{"pseudonymKey":["Maria Garcia"]}"#,
        ] {
            let e = Guard::from_json(bad).unwrap_err();
            let m = e.to_string();
            assert!(!m.contains("219") && !m.contains("Garcia"), "{m}");
        }
        let e = Guard::default().classify_json(r#"{"channel":"Maria Garcia 219-09-9999","discoveredAt":"2026-03-01T12:00:00Z"}"#).unwrap_err();
        assert!(!e.to_string().contains("Garcia") && !e.to_string().contains("219"), "{e}");
        assert!(e.to_string().contains("expected one of"), "{e}");
    }

    proptest! {
        /// An event's text given apart (what the wasm binding's
        /// `classifyInput` does) classifies as the same event with the text
        /// in its JSON, whatever the text holds: quotes, backslashes,
        /// control characters, non-ASCII, findings or none; with a fingerprint
        /// key too, whose fingerprints are of the text's values.
        #[test]
        fn text_apart_classifies_as_text_inside(
            parts in proptest::collection::vec(prop::sample::select(vec![
                "ssn 219-09-9999", "Maria Garcia", "\"mrn\":\"H747981\"", "a\\b", "\n\t\u{1}", "José 😀", "call (312) 555-0142", " ", "{}",
            ]), 0..8),
            channel in prop::sample::select(vec!["response_body", "server_log", "server_error"]),
            keyed in any::<bool>(),
        ) {
            let g = if keyed { Guard::from_json(r#"{"fingerprintKey":"0123456789abcdef0123456789abcdef"}"#).unwrap() } else { Guard::default() };
            let text: String = parts.concat();
            let head = format!(r#""channel":"{channel}","route":"/api/patients/[id]","discoveredAt":"2026-03-01T12:00:00Z","authenticated":false"#);
            let inside = g.classify_json(&format!(r#"{{"text":{},{head}}}"#, serde_json::to_string(&text).unwrap())).unwrap();
            let apart = g.classify_json_with_text(&format!("{{{head}}}"), &text).unwrap();
            prop_assert_eq!(apart, inside);
        }
    }

    #[test]
    fn text_apart_refuses_an_event_that_holds_one() {
        let e = Guard::default()
            .classify_json_with_text(r#"{"text":"x","channel":"server_log","discoveredAt":"2026-03-01T12:00:00Z"}"#, "ssn 219-09-9999")
            .unwrap_err();
        assert_eq!(e.code(), "event");
        assert!(!e.to_string().contains("219"), "{e}");
    }

    #[test]
    fn allow_list_and_disable() {
        let g = Guard::from_json(r#"{"allow":["312.555.0100"],"disableTypes":["EMAIL"]}"#).unwrap();
        assert_eq!(g.redact_text("clinic (312) 555-0100, a@b.co, 312-555-0142"), "clinic (312) 555-0100, a@b.co, [PHONE]");
    }

    #[test]
    fn key_rules_apply_to_query_parameters_as_to_json_keys() {
        let g = Guard::from_json(r#"{"jsonKeys":{"memberRef":"MRN","patient_id":"ignore"}}"#).unwrap();
        let url = "https://portal.test/visits?memberRef=QZ48213&patientId=PX-0048213";
        fn kinds<'t>(g: &Guard, text: &'t str, f: Format) -> Vec<(PhiType, &'t str)> {
            g.scan(text, f).findings.iter().map(|x| (x.kind, &text[x.start..x.end])).collect()
        }
        // Without the rules: `memberRef` says nothing, `patientId` is an id key.
        let plain = kinds(&Guard::default(), url, Format::Url);
        assert!(!plain.iter().any(|(_, v)| *v == "QZ48213"), "{plain:?}");
        assert!(plain.iter().any(|(_, v)| *v == "PX-0048213"), "{plain:?}");
        // With them, the query follows the user's rules, as the same keys in JSON do.
        let ruled = kinds(&g, url, Format::Url);
        assert!(ruled.contains(&(PhiType::Mrn, "QZ48213")), "{ruled:?}");
        assert!(!ruled.iter().any(|(_, v)| *v == "PX-0048213"), "{ruled:?}");
        let json = r#"{"memberRef":"QZ48213","patientId":"PX-0048213"}"#;
        let in_json = kinds(&g, json, Format::Json);
        assert!(in_json.contains(&(PhiType::Mrn, "QZ48213")), "{in_json:?}");
        assert!(!in_json.iter().any(|(_, v)| *v == "PX-0048213"), "{in_json:?}");
    }

    #[test]
    fn idempotent_on_own_output() {
        let g = Guard::default();
        let once = g.redact_text("Patient: John Smith DOB 03/14/1962 SSN 219-09-9999 call 312-555-0142 age: 94");
        assert_eq!(g.redact_text(&once), once);
        assert!(!once.contains("Smith") && !once.contains("1962") && !once.contains("9999"), "{once}");
        // Values glued together (fuzz/known): a tag keeps the boundaries the glued value had.
        for glued in ["Patient: Johnson05/21/1976\nAdmit: 0ln", "Kenji J. Hu2a02:705a:1:2:3:4:5:6 seen"] {
            let once = g.redact_text(glued);
            assert_eq!(g.redact_text(&once), once, "{glued:?}");
        }
    }

    /// The state deadline table: the default one without `stateDeadlineDays`,
    /// the config's as it is with it.
    #[test]
    fn state_deadline_days_default_and_configured() {
        let days = |g: &Guard| g.state_deadline_days().iter().map(|(s, d)| (s.clone(), *d)).collect::<Vec<_>>();
        let default: Vec<(String, u32)> = crate::config::DEFAULT_STATE_DEADLINE_DAYS.iter().map(|(s, d)| (s.to_string(), *d)).collect();
        assert_eq!(days(&Guard::default()), default);
        let g = Guard::from_json(r#"{"stateDeadlineDays":{"WA":30,"CA":15,"TX":60}}"#).unwrap();
        assert_eq!(days(&g), [("CA".to_string(), 15), ("TX".to_string(), 60), ("WA".to_string(), 30)]);
        let g = Guard::from_json(r#"{"stateDeadlineDays":{}}"#).unwrap();
        assert_eq!(days(&g), []);
    }
}
