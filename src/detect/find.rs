//! Byte searches that detectors run over a whole segment, 16 bytes at a
//! time. In the wasm build (`+simd128`, see `.cargo/config.toml`) a
//! [`Lanes`] is one SIMD register and a step costs a handful of
//! instructions; on x86-64 it is one SSE2 register, elsewhere a `[u8; 16]`
//! compared byte by byte. The search logic around it (chunking, tails,
//! offsets) is the same code in every build and is property-tested natively
//! against `iter().position`; only the [`Lanes`] primitives differ, each one
//! or a few intrinsics, and the native ones are tested against their
//! definitions byte by byte.
//!
//! A search that visits every byte costs about 1 ms per MB in wasm; these
//! cost about a tenth of that while the bytes they look for are rare ('@',
//! '[', an IBAN's head). Dense searches (every digit, every word start) gain
//! little and stay byte loops.

/// The first position at or after `from` holding one of `needles`.
///
/// ```ignore
/// assert_eq!(find_any(b"name: x@y", 0, [b'@', b'%']), Some(7));
/// ```
#[inline]
pub(crate) fn find_any<const N: usize>(b: &[u8], from: usize, needles: [u8; N]) -> Option<usize> {
    let mut i = from;
    while i + 16 <= b.len() {
        let hit = any_of(Lanes::load(b, i), needles);
        if hit != 0 {
            return Some(i + hit.trailing_zeros() as usize);
        }
        i += 16;
    }
    // The last bytes (fewer than 16) as one step of a zeroed copy, not byte
    // by byte: short segments (most JSON values) are only this step.
    if i >= b.len() {
        return None;
    }
    let mut hit = any_of(Lanes::load_padded(b, i), needles);
    // Only the bytes of `b` (a needle may be zero, like the copy's padding).
    hit &= (1 << (b.len() - i)) - 1;
    (hit != 0).then(|| i + hit.trailing_zeros() as usize)
}

/// The bytes of `v` that are one of `needles`, as bits: the compares ORed
/// as lanes, then one bitmask.
#[inline(always)]
fn any_of<const N: usize>(v: Lanes, needles: [u8; N]) -> u16 {
    needles.iter().fold(Lanes::zero(), |hit, &n| hit | v.is(n)).high()
}

/// The first position at or after `from` where a JSON string's content
/// stops being plain: a `"`, a `\\`, or a control byte (below 0x20).
pub(crate) fn find_json_string_stop(b: &[u8], from: usize) -> Option<usize> {
    let mut i = from;
    while i + 16 <= b.len() {
        let v = Lanes::load(b, i);
        let hit = (v.is(b'"') | v.is(b'\\') | v.below(0x20)).high();
        if hit != 0 {
            return Some(i + hit.trailing_zeros() as usize);
        }
        i += 16;
    }
    b.get(i..)?.iter().position(|&c| c == b'"' || c == b'\\' || c < 0x20).map(|j| i + j)
}

/// Masks of the `"` and of the `\\` among the 16 bytes at `i` (bit `k` for
/// `b[i + k]`); needs `i + 16 <= b.len()`.
pub(crate) fn quotes_and_escapes(b: &[u8], i: usize) -> (u16, u16) {
    let v = Lanes::load(b, i);
    (v.eq(b'"'), v.eq(b'\\'))
}

/// The first position `p` at or after `from` where `b[p]` and `b[p + 1]`
/// are ASCII capitals and `b[p + 2]` and `b[p + 3]` ASCII digits: where an
/// IBAN can start (`financial::iban_at` needs all four). The reference of
/// the heads [`digit_index`] records.
#[cfg(test)]
pub(crate) fn find_iban_head(b: &[u8], from: usize) -> Option<usize> {
    let mut i = from;
    // Four loads a step, at i..i + 3: the last needs i + 19 <= len.
    while i + 19 <= b.len() {
        let hit = Lanes::load(b, i).range(b'A', b'Z') & Lanes::load(b, i + 1).range(b'A', b'Z') & Lanes::load(b, i + 2).range(b'0', b'9') & Lanes::load(b, i + 3).range(b'0', b'9');
        if hit != 0 {
            return Some(i + hit.trailing_zeros() as usize);
        }
        i += 16;
    }
    let head = |p: usize| b[p].is_ascii_uppercase() && b[p + 1].is_ascii_uppercase() && b[p + 2].is_ascii_digit() && b[p + 3].is_ascii_digit();
    (i..b.len().saturating_sub(3)).find(|&p| head(p))
}

/// Whether `b` is a UUID as documents write ids: 36 bytes, lowercase hex
/// digits in groups of 8, 4, 4, 4 and 12 joined by `-`
/// (`0d64224d-3434-48a1-aee9-f8ef6a5f4bd9`). Three loads, at 0, 16 and 20,
/// cover the 36 bytes; in each the dashes must be where the form puts them
/// and every other byte a hex digit.
pub(crate) fn is_uuid(b: &[u8]) -> bool {
    if b.len() != 36 {
        return false;
    }
    let form = |at: usize, dashes: u16| {
        let v = Lanes::load(b, at);
        v.eq(b'-') == dashes && (v.range(b'0', b'9') | v.range(b'a', b'f')) == !dashes
    };
    // Dashes at 8, 13, 18 and 23.
    form(0, 1 << 8 | 1 << 13) && form(16, 1 << 2 | 1 << 7) && form(20, 1 << 3)
}

/// The ASCII digits: a position of a [`ByteTuples`] class.
pub(crate) const DIGITS: &[u8] = b"0123456789";

/// Every byte: a position of a [`ByteTuples`] class that may hold anything.
pub(crate) const ANY_BYTE: &[u8] = &{
    let mut all = [0u8; 256];
    let mut c = 0;
    while c < 256 {
        all[c] = c as u8;
        c += 1;
    }
    all
};

/// Sequences of `N` bytes for [`find_tuple`]: up to eight classes, each
/// given as the bytes allowed at each of the `N` positions, stored as
/// nibble tables (Hyperscan's "shufti"): byte `c` is allowed at position
/// `j` by the classes whose bits are set in both `lo[j][c & 15]` and
/// `hi[j][c >> 4]`. One table look-up per nibble serves all eight classes at
/// once, sixteen bytes a step. The price: a class admits every byte
/// combining a high nibble and a low nibble of its bytes (`{b'l', b's'}`
/// also admits `b'c'` and `b'r'`), so what the search finds must still be
/// checked, and a set of bytes is best split over classes that each keep
/// one high nibble or one low nibble.
pub(crate) struct ByteTuples<const N: usize> {
    lo: [[u8; 16]; N],
    hi: [[u8; 16]; N],
    classes: u32,
}

impl<const N: usize> ByteTuples<N> {
    /// No classes: nothing is found.
    pub(crate) const fn new() -> Self {
        ByteTuples { lo: [[0; 16]; N], hi: [[0; 16]; N], classes: 0 }
    }

    /// With one more class, `bytes[j]` being the bytes it allows at position `j`.
    ///
    /// # Panics
    ///
    /// On a ninth class, or `N` not in `1..=16` (at compile time, in a `static`).
    pub(crate) const fn with(mut self, bytes: [&[u8]; N]) -> Self {
        assert!(self.classes < 8, "at most eight classes");
        assert!(N >= 1 && N <= 16, "one to sixteen bytes (find_tuple's copy of the end holds 31)");
        let bit = 1 << self.classes;
        let mut j = 0;
        while j < N {
            let mut n = 0;
            while n < bytes[j].len() {
                let c = bytes[j][n];
                self.lo[j][(c & 15) as usize] |= bit;
                self.hi[j][(c >> 4) as usize] |= bit;
                n += 1;
            }
            j += 1;
        }
        self.classes += 1;
        self
    }

    /// Whether some class allows the `N` bytes at `p` (all in `b`): the
    /// bytewise oracle of [`find_tuple`] in the tests.
    #[cfg(test)]
    fn at(&self, b: &[u8], p: usize) -> bool {
        (0..N).fold(0xFF, |k, j| k & self.lo[j][usize::from(b[p + j] & 15)] & self.hi[j][usize::from(b[p + j] >> 4)]) != 0
    }
}

/// The first position `p` at or after `from`, with `p + N <= b.len()`,
/// where some class of `t` allows the `N` bytes at `p`.
///
/// ```ignore
/// static T: ByteTuples<3> = ByteTuples::new().with([b"e", b"y", b"J"]);
/// assert_eq!(find_tuple(b"x.eyJhb", 0, &T), Some(2));
/// ```
pub(crate) fn find_tuple<const N: usize>(b: &[u8], from: usize, t: &ByteTuples<N>) -> Option<usize> {
    // Positions before `end` have N bytes in `b`; `tuple_mask` drops the others.
    let end = (b.len() + 1).saturating_sub(N);
    let mut i = from;
    while i < end {
        let found = tuple_mask(b, i, t);
        if found != 0 {
            return Some(i + found.trailing_zeros() as usize);
        }
        i += 16;
    }
    None
}

/// The positions `i + k` (`k < 16`, `i + k + N <= b.len()`) where some
/// class of `t` allows the `N` bytes at `i + k`, as bit `k`: one step of
/// [`find_tuple`], and on its own for searches whose finds are dense enough
/// that starting a new search after each costs more than walking a step's bits.
// Always inlined: in the caller's loop the class tables stay in registers.
#[inline(always)]
pub(crate) fn tuple_mask<const N: usize>(b: &[u8], i: usize, t: &ByteTuples<N>) -> u16 {
    // The N loads of a step, written out for the first three (a loop over
    // them is not unrolled at opt-level "s", and costs a third more).
    let step = |chunk: &[u8], at: usize| {
        let mut hit = Lanes::load(chunk, at).classes(&t.lo[0], &t.hi[0]);
        if N > 1 {
            hit = hit & Lanes::load(chunk, at + 1).classes(&t.lo[1], &t.hi[1]);
        }
        if N > 2 {
            // Where no class allows the first two bytes anywhere in the
            // step (in prose, most steps of a table led by digits), one
            // test spares the third load and its look-ups. Tested after
            // the first byte too, it costs more on logs than it spares.
            if !hit.any_nonzero() {
                return 0;
            }
            hit = hit & Lanes::load(chunk, at + 2).classes(&t.lo[2], &t.hi[2]);
        }
        for j in 3..N {
            hit = hit & Lanes::load(chunk, at + j).classes(&t.lo[j], &t.hi[j]);
        }
        hit.nonzero()
    };
    // Tested first: the steps of a long text are all whole but the last,
    // and the test of `end` below costs them nothing then.
    if i + N + 15 <= b.len() {
        return step(b, i);
    }
    let end = (b.len() + 1).saturating_sub(N);
    if i >= end {
        return 0;
    }
    // Near the end (the last load needs i + N + 15 <= len), from a zeroed
    // copy, each load still 16 bytes: short segments (JSON values) are one
    // such step. Only positions before `end` count (a zero byte of the copy
    // may pass a class). Only here: `find_tuple` zeroed a copy on every
    // step, a fifth of the secret scan's instructions on a log.
    let mut pad = [0u8; 32];
    pad[..b.len() - i].copy_from_slice(&b[i..]);
    let valid = if end - i >= 16 { u16::MAX } else { (1 << (end - i)) - 1 };
    step(&pad, 0) & valid
}

/// [`tuple_mask`] of two tables at once, `(tuple_mask(b, i, t),
/// tuple_mask(b, i, u))`, from the same loads: for two detectors that walk
/// their own places of the same text (dates and street lines), each load
/// and the split of its bytes into nibbles serve both tables' look-ups.
// Always inlined, as `tuple_mask`.
#[inline(always)]
pub(crate) fn tuple_mask_pair<const N: usize>(b: &[u8], i: usize, t: &ByteTuples<N>, u: &ByteTuples<N>) -> (u16, u16) {
    let step = |chunk: &[u8], at: usize| {
        let first = Lanes::load(chunk, at);
        let mut hit = first.classes(&t.lo[0], &t.hi[0]);
        let mut other = first.classes(&u.lo[0], &u.hi[0]);
        if N > 1 {
            let second = Lanes::load(chunk, at + 1);
            hit = hit & second.classes(&t.lo[1], &t.hi[1]);
            other = other & second.classes(&u.lo[1], &u.hi[1]);
        }
        if N > 2 {
            // As in `tuple_mask`: no third load where neither table allows
            // the first two bytes anywhere in the step.
            if !(hit | other).any_nonzero() {
                return (0, 0);
            }
            let third = Lanes::load(chunk, at + 2);
            hit = hit & third.classes(&t.lo[2], &t.hi[2]);
            other = other & third.classes(&u.lo[2], &u.hi[2]);
        }
        for j in 3..N {
            let next = Lanes::load(chunk, at + j);
            hit = hit & next.classes(&t.lo[j], &t.hi[j]);
            other = other & next.classes(&u.lo[j], &u.hi[j]);
        }
        (hit.nonzero(), other.nonzero())
    };
    if i + N + 15 <= b.len() {
        return step(b, i);
    }
    let end = (b.len() + 1).saturating_sub(N);
    if i >= end {
        return (0, 0);
    }
    // Near the end, from a zeroed copy (see `tuple_mask`).
    let mut pad = [0u8; 32];
    pad[..b.len() - i].copy_from_slice(&b[i..]);
    let valid = if end - i >= 16 { u16::MAX } else { (1 << (end - i)) - 1 };
    let (hit, other) = step(&pad, 0);
    (hit & valid, other & valid)
}

/// Calls `try_at` at each place `tuples` finds in `b`, in order; where it
/// returns the end of a match, the places before that end are skipped.
/// Sixteen bytes a step, each step's places walked as bits: in text dense
/// with digits (logs) they are too close together to search anew for each
/// ([`find_tuple`] would).
pub(crate) fn each_place<const N: usize>(b: &[u8], tuples: &ByteTuples<N>, mut try_at: impl FnMut(usize) -> Option<usize>) {
    let (mut i, mut next) = (0, 0);
    while i < b.len() {
        let mut places = tuple_mask(b, i, tuples);
        while places != 0 {
            let t = i + places.trailing_zeros() as usize;
            places &= places - 1;
            if t >= next {
                if let Some(e) = try_at(t) {
                    next = e;
                }
            }
        }
        i = (i + 16).max(next);
    }
}

/// The digit index of `b` (see `super::Index`): the digit-run starts (not
/// after an ASCII letter or digit) where a digit-led shape can match, per
/// shape; the `+` and `(` that start a token; whole-token runs of exactly
/// 17 VIN characters; and the number of digits. Thirty-two bytes a step
/// (two loads, their masks joined into 32 bits: the work on the masks is
/// done once for both: a quarter fewer instructions); per step only
/// the positions that matter (ends of digit runs, marks, ends of runs of
/// 17 letters and digits) are visited one by one.
pub(crate) fn digit_index(b: &[u8]) -> super::Index {
    use super::{shapes::vin_char, token_end, token_start};
    let mut shaped: [Vec<u32>; super::shapes::start::COUNT] = Default::default();
    let (mut phone_marks, mut vin_runs, mut digits) = (Vec::new(), Vec::new(), 0);
    // The bytes of `super::has`, one class each (exact: every class is one
    // byte, or one high nibble with a range of low nibbles), ORed over the
    // chunks and folded to one byte at the end.
    let mut classes = Lanes::zero();
    // The chunk marks (see [`Marks`]): the searched classes of each chunk,
    // where it has any (a chunk with none stays zero). Only for a text
    // long enough that its searches cost more than the marks.
    let mut marks = if b.len() >= MARKED_LEN { vec![0u8; b.len() / 32 + 1] } else { Vec::new() };
    // Carried from the previous chunk: its alphanumerics, and its digit
    // starts (the start of a digit run that goes on into this chunk, if it
    // began there, is its last). A mask, not a position: a position would
    // be updated at nearly every step, and is needed only where a run
    // crosses a chunk's edge.
    let (mut prev_alnum, mut prev_starts) = (0u32, 0u32);
    // The capitals and digits of the previous chunk (none before the first);
    // whether an IBAN head was seen, and where, for a long text (see
    // `Index::iban_heads`).
    let (mut prev_upper, mut prev_digit) = (0u32, 0u32);
    let (mut iban_heads_at, mut head_seen, long) = (Vec::new(), false, b.len() >= MARKED_LEN);
    // The capitals of every chunk ORed: whether the text has one
    // (`has::UPPER`). Not a class of [`HAS`]: the capitals took two (one
    // per high nibble), where the `|` and the phone marks now are.
    let mut upper_seen = 0u32;
    // Whether the digit run of the last digit start goes on past the chunk.
    let mut run_on = 0u64;
    let mut i = 0;
    // The last chunk (possibly empty) is copied into a zeroed buffer: a zero
    // byte is nothing, so a run at the end of `b` ends at `b.len()`.
    while i <= b.len() {
        let (v0, v1) = if i + 32 <= b.len() {
            (Lanes::load(b, i), Lanes::load(b, i + 16))
        } else {
            let mut pad = [0u8; 32];
            pad[..b.len() - i].copy_from_slice(&b[i..]);
            (Lanes::load(&pad, 0), Lanes::load(&pad, 16))
        };
        let joined = |lo: u16, hi: u16| u32::from(lo) | u32::from(hi) << 16;
        let digit = joined(v0.range(b'0', b'9'), v1.range(b'0', b'9'));
        let alnum = digit | joined(v0.alpha(), v1.alpha());
        digits += digit.count_ones() as usize;
        let (classes0, classes1) = (v0.classes(&HAS.lo[0], &HAS.hi[0]), v1.classes(&HAS.lo[0], &HAS.hi[0]));
        let chunk_classes = classes0 | classes1;
        classes = classes | chunk_classes;
        // The IBAN heads of the last chunk, whose last three need this
        // chunk's first bytes (see [`iban_heads`]).
        let upper = joined(v0.range(b'A', b'Z'), v1.range(b'A', b'Z'));
        upper_seen |= upper;
        record_iban_heads(&mut iban_heads_at, &mut head_seen, long, i, iban_heads(prev_upper, prev_digit, upper, digit));
        (prev_upper, prev_digit) = (upper, digit);
        // One test a chunk; the fold only where the chunk holds a searched
        // byte (a few percent of the chunks).
        let searched = chunk_classes.masked(SEARCHED);
        if searched.any_nonzero() {
            if let Some(m) = marks.get_mut(i / 32) {
                *m = searched.or_fold();
            }
        }
        // Whether the byte before each is alphanumeric.
        let after_alnum = (alnum << 1) | (prev_alnum >> 31);
        let starts = digit & !after_alnum;
        // The ends of the runs of digits that begin at a digit start (the
        // byte after each): adding a run's first bit to the digit mask
        // carries through the run to the byte after it, and only those runs
        // get one.
        let sum = u64::from(digit) + u64::from(starts) + run_on;
        let mut ends = sum as u32 & !digit;
        if ends != 0 {
            // The runs alternate with their ends, so the k-th end closes
            // the run of the k-th start, counting first the run carried in
            // from the last chunk, if any (its end is this chunk's first:
            // a chunk it does not end in is all digits). Bit 0 of `from`
            // stands for the carried run, bit t + 1 for a start at t.
            let carried = if run_on == 0 {
                0
            } else if prev_starts != 0 {
                i - 1 - prev_starts.leading_zeros() as usize
            } else {
                // The last chunk was all digits.
                digit_run_start(b, i - 32)
            };
            let mut from = u64::from(starts) << 1 | run_on;
            while ends != 0 {
                let t = from.trailing_zeros() as usize;
                from &= from - 1;
                let p = if t == 0 { carried } else { i + t - 1 };
                let mut shapes = super::shapes::start_shapes(b, p, i + ends.trailing_zeros() as usize);
                while shapes != 0 {
                    shaped[shapes.trailing_zeros() as usize].push(p as u32);
                    shapes &= shapes - 1;
                }
                ends &= ends - 1;
            }
        }
        run_on = sum >> 32;
        // The `+` and `(`: their class is the top bit ([`HAS_PHONE_MARK`]),
        // read directly.
        let mut marks = joined(classes0.high(), classes1.high());
        while marks != 0 {
            let p = i + marks.trailing_zeros() as usize;
            if token_start(b, p) {
                phone_marks.push(p as u32);
            }
            marks &= marks - 1;
        }
        let mut vins = runs_of_17(prev_alnum, alnum);
        while vins != 0 {
            let p = i + vins.trailing_zeros() as usize;
            if b[p - 17..p].iter().all(|&c| vin_char(c)) && token_start(b, p - 17) && token_end(b, p) {
                vin_runs.push(((p - 17) as u32, p as u32));
            }
            vins &= vins - 1;
        }
        (prev_alnum, prev_starts) = (alnum, starts);
        i += 32;
    }
    // The last chunk's heads: past it (and past the end of `b`, which it
    // holds) there is nothing.
    record_iban_heads(&mut iban_heads_at, &mut head_seen, long, i, iban_heads(prev_upper, prev_digit, 0, 0));
    let classes = classes.or_fold();
    let has = classes & !(HAS_PIPE | HAS_PHONE_MARK) | if upper_seen != 0 { super::has::UPPER } else { 0 } | if head_seen { super::has::IBAN_HEAD } else { 0 };
    let seps = classes & HAS_PIPE != 0;
    super::Index { shaped, phone_marks, vin_runs, digits, has, seps, long: long.then(|| Box::new(super::LongIndex { marks, iban_heads: iban_heads_at })) }
}

/// Records the IBAN `heads` of the chunk before the one at `i` (bit k for
/// byte `i - 32 + k`): that there are some, and for a `long` text where.
#[inline(always)]
fn record_iban_heads(at: &mut Vec<u32>, seen: &mut bool, long: bool, i: usize, mut heads: u32) {
    if heads == 0 {
        return;
    }
    *seen = true;
    while long && heads != 0 {
        at.push((i - 32 + heads.trailing_zeros() as usize) as u32);
        heads &= heads - 1;
    }
}

/// Where an IBAN can start in a chunk of 32 bytes (bit k for byte k): two
/// ASCII capitals, then two ASCII digits (`financial::iban_at` needs all
/// four), given the chunk's capitals and digits and the next chunk's (a
/// head's last three bytes may be there). The index records them as it
/// reads every byte anyway, so the IBAN detector makes no pass of its own
/// (one was 3.3 M wasm instructions per MB of log); heads are rare (a
/// log's timestamps and ids have no two capitals before two digits).
#[inline(always)]
fn iban_heads(upper: u32, digit: u32, next_upper: u32, next_digit: u32) -> u32 {
    // Two capitals in a row first: in most chunks there are none, and the
    // digits are not looked at.
    let pairs = upper & (upper >> 1 | next_upper << 31);
    if pairs == 0 {
        return 0;
    }
    let d = u64::from(next_digit) << 32 | u64::from(digit);
    pairs & (d >> 2 & d >> 3) as u32
}

/// The shortest text [`digit_index`] marks the chunks of: a plain search
/// of a kilobyte is 64 steps, and the marks' allocation costs a few of them.
const MARKED_LEN: usize = 1024;

/// The classes of [`HAS`] that [`Marks`] records: the rare bytes
/// detectors search a whole text for (`@`, `%` and `*`, `[`, and the `|`
/// that HL7 v2 segments are sought from, in one class with NCPDP's
/// separators). Not `:` or
/// `/` (in half the chunks of a log or a page, where marking them and
/// searching the chunks cost 0.4% more than plain searches), nor `.` or the
/// capitals (in nearly every chunk).
const SEARCHED: u8 = {
    use super::has;
    has::AT | has::PERCENT_OR_STAR | has::BRACKET | HAS_PIPE
};

/// The [`SEARCHED`] class bits of byte `c` in [`Marks`] (none if no
/// searched class holds it).
fn mark_bits(c: u8) -> u8 {
    HAS.lo[0][usize::from(c & 15)] & HAS.hi[0][usize::from(c >> 4)] & SEARCHED
}

/// Which searched bytes ([`SEARCHED`]) each 32-byte chunk of a text holds:
/// one byte a chunk (chunk `k` is bytes `32k..32k + 32`), the OR of their
/// classes, recorded by [`digit_index`] as it reads every byte anyway. A
/// detector's search for `@` or `[` then visits only the chunks marked
/// with its class, sixteen marks (512 bytes of text) a step over the
/// rest: a plain search of a megabyte costs about 1.6M wasm instructions
/// (25 a 16-byte step), and most chunks hold no `@`. Empty for short
/// texts (and [`Marks::NONE`]): the searches are plain ones then.
#[derive(Clone, Copy)]
pub(crate) struct Marks<'a>(&'a [u8]);

impl<'a> Marks<'a> {
    /// No marks: every search is a plain [`find_any`].
    pub(crate) const NONE: Marks<'static> = Marks(&[]);

    /// The marks of `index` (see [`digit_index`]).
    pub(crate) fn of(marks: &'a [u8]) -> Marks<'a> {
        Marks(marks)
    }

    /// [`find_any`] (the same answer), visiting only the chunks marked with
    /// a class of `needles`. A needle of no searched class makes it a plain
    /// search.
    #[inline]
    pub(crate) fn find_any<const N: usize>(self, b: &[u8], from: usize, needles: [u8; N]) -> Option<usize> {
        let bits = needles.iter().fold(0, |m, &n| m | mark_bits(n));
        if self.0.is_empty() || needles.iter().any(|&n| mark_bits(n) == 0) {
            return find_any(b, from, needles);
        }
        // The chunk of `from` (none past the end: nothing is found there).
        let mut c = from / 32;
        let mut hits = if self.0.get(c)? & bits != 0 { chunk_hits(b, c, needles) & (u32::MAX << (from % 32)) } else { 0 };
        while hits == 0 {
            c = find_marked(self.0, c + 1, bits)?;
            hits = chunk_hits(b, c, needles);
        }
        Some(c * 32 + hits.trailing_zeros() as usize)
    }
}

/// The positions of `needles` in chunk `c` of `b` (bit k for byte
/// `32c + k`; `32c <= b.len()`), the last chunk read from a zeroed copy.
#[inline(always)]
fn chunk_hits<const N: usize>(b: &[u8], c: usize, needles: [u8; N]) -> u32 {
    let i = c * 32;
    let joined = |lo: u16, hi: u16| u32::from(lo) | u32::from(hi) << 16;
    if i + 32 <= b.len() {
        return joined(any_of(Lanes::load(b, i), needles), any_of(Lanes::load(b, i + 16), needles));
    }
    let mut pad = [0u8; 32];
    pad[..b.len() - i].copy_from_slice(&b[i..]);
    // Only the bytes of `b` (a needle may be zero, like the copy's padding).
    let within = (1u32 << (b.len() - i)) - 1;
    joined(any_of(Lanes::load(&pad, 0), needles), any_of(Lanes::load(&pad, 16), needles)) & within
}

/// The first chunk at or after `c` whose mark has a bit of `bits`.
fn find_marked(marks: &[u8], c: usize, bits: u8) -> Option<usize> {
    let mut k = c;
    while k + 16 <= marks.len() {
        let hit = Lanes::load(marks, k).masked(bits).nonzero();
        if hit != 0 {
            return Some(k + hit.trailing_zeros() as usize);
        }
        k += 16;
    }
    marks.get(k..)?.iter().position(|&m| m & bits != 0).map(|j| k + j)
}

/// The [`Marks`] of `b` one byte at a time, whatever its length (the
/// oracle of [`digit_index`]'s, and marks for short texts in the tests).
#[cfg(test)]
pub(crate) fn marks_bytewise(b: &[u8]) -> Vec<u8> {
    let mut marks = vec![0u8; b.len() / 32 + 1];
    for (i, &c) in b.iter().enumerate() {
        marks[i / 32] |= mark_bits(c);
    }
    marks
}

/// VIN runs: a whole-token run of 17 VIN characters is a run of exactly
/// 17 alphanumerics (a letter or digit next to it would be part of the
/// token), all VIN characters; this finds the runs of 17 alphanumerics, a
/// mask fewer a step than following the VIN characters. Given the
/// alphanumerics of two chunks of 32 bytes (bit k for byte k of each), the
/// ends of those runs (the byte after each) in the second, as bits. By
/// doubling: in `w` (the two chunks, the second above), bit j of `r` is
/// set where the `n` bytes up to j are alphanumerics, for `n` = 2, 4, 8,
/// 16, then 17; an exact run of 17 is one where 18 are not, and it ends
/// where the next byte is not one. Every byte such a run needs is within
/// the two chunks (it ends at most 32 bytes into the second).
#[inline(always)]
fn runs_of_17(prev_alnum: u32, alnum: u32) -> u32 {
    let w = u64::from(alnum) << 32 | u64::from(prev_alnum);
    let r = w & w << 1;
    let r = r & r << 2;
    let r = r & r << 4;
    let r = r & r << 8;
    let r = r & w << 16;
    (((r & !(r << 1)) << 1 & !w) >> 32) as u32
}

/// The first position of the run of ASCII digits that ends right before
/// `end`: for [`digit_index`], the start of a run longer than a chunk,
/// found going back sixteen bytes a step. Not inlined: rare, and in the
/// index's loop a loop of its own made the compiler step extra addresses
/// along with every 16-byte step.
#[cold]
#[inline(never)]
fn digit_run_start(b: &[u8], mut end: usize) -> usize {
    while end >= 16 {
        let other = !Lanes::load(b, end - 16).range(b'0', b'9');
        if other != 0 {
            // The last byte that is not a digit is at end - 16 + (15 - lz).
            return end - other.leading_zeros() as usize;
        }
        end -= 16;
    }
    b[..end].iter().rposition(|c| !c.is_ascii_digit()).map_or(0, |j| j + 1)
}

/// The class of the field separators in [`HAS`]: HL7 v2's `|`, NCPDP's
/// 0x1C, and the `\\` of an escaped one (`\\x1c`, `\\u001c`). It is
/// `Index::seps`, not a `has` bit: the HL7 v2 pass (`super::hl7`) and the
/// NCPDP pass (`super::ncpdp`) run only on a text with one. One class for
/// the three bytes: their low nibbles are one (C), and no other byte of
/// their high nibbles (1, 5, 7) has it.
pub(crate) const HAS_PIPE: u8 = 1 << 6;

/// The class of the `+` and `(` in [`HAS`], where a phone number may
/// start (`Index::phone_marks`): the top bit, so that a step's marks are
/// one bitmask of its classes.
const HAS_PHONE_MARK: u8 = 1 << 7;

/// The classes of [`digit_index`], in the bit order of `super::has` up to
/// `[`, then the `|` ([`HAS_PIPE`]) and the phone marks
/// ([`HAS_PHONE_MARK`]); each is exact (one byte, or bytes of one high
/// nibble whose low nibbles no other byte of that high nibble has). The
/// capitals are a range compare, not a class: they would take two (one
/// per high nibble).
static HAS: ByteTuples<1> = {
    use super::has;
    // `%` and `*` share a high nibble, and so do `(` and `+`.
    let t = ByteTuples::new().with([b"@"]).with([b"%*"]).with([b":"]).with([b"/"]).with([b"."]).with([b"["]).with([b"|\x1c\\"]).with([b"(+"]);
    assert!(has::AT == 1 && has::PERCENT_OR_STAR == 2 && has::COLON == 4 && has::SLASH == 8 && has::DOT == 16 && has::BRACKET == 32);
    assert!(HAS_PIPE == 64 && HAS_PHONE_MARK == 128);
    t
};

/// What each of the sixteen bytes at `i` of `b` is, bit k for byte `i + k`
/// (past the end of `b`, none): for scans that must classify every byte,
/// such as the word starts of `labels::find_labels`.
#[derive(Clone, Copy, Default)]
pub(crate) struct ByteKinds {
    /// ASCII `A..=Z`.
    pub upper: u16,
    /// ASCII `a..=z`.
    pub lower: u16,
    /// ASCII `0..=9`.
    pub digit: u16,
    /// From 0x80: part of a UTF-8 sequence.
    pub high: u16,
    /// From 0xC0: the first byte of a UTF-8 sequence.
    pub lead: u16,
    /// The space (0x20).
    pub space: u16,
}

/// The [`ByteKinds`] of the sixteen bytes at `i` (`i <= b.len()`).
// Always inlined: in the caller's loop the compared constants stay in registers.
#[inline(always)]
pub(crate) fn byte_kinds(b: &[u8], i: usize) -> ByteKinds {
    let v = Lanes::load_padded(b, i);
    ByteKinds { upper: v.range(b'A', b'Z'), lower: v.range(b'a', b'z'), digit: v.range(b'0', b'9'), high: v.high(), lead: v.range(0xC0, 0xFF), space: v.eq(b' ') }
}

/// The ASCII capitals, lowercase letters, and letters and digits among the
/// 64 bytes at `i` of `b` (`i + 64 <= b.len()`), bit k for byte `i + k`,
/// or `None` if any of them is from 0x80: what four [`byte_kinds`] say of
/// an ASCII step, whose `high` and `lead` are empty, without computing
/// those two. For `labels::find_labels`, which classifies every byte of a
/// text: nearly every step of a log or a page is ASCII, and one test of
/// the four chunks ORed costs less than their `high` and `lead` masks.
// Always inlined: in the caller's loop the compared constants stay in registers.
#[inline(always)]
pub(crate) fn ascii_step_kinds(b: &[u8], i: usize) -> Option<(u64, u64, u64)> {
    let v = [Lanes::load(b, i), Lanes::load(b, i + 16), Lanes::load(b, i + 32), Lanes::load(b, i + 48)];
    if (v[0] | v[1] | v[2] | v[3]).high() != 0 {
        return None;
    }
    let (mut upper, mut lower, mut alnum) = (0u64, 0u64, 0u64);
    for (c, v) in v.into_iter().enumerate() {
        let at = |m: u16| u64::from(m) << (16 * c);
        let (up, low) = (v.range(b'A', b'Z'), v.range(b'a', b'z'));
        upper |= at(up);
        lower |= at(low);
        // Not `Lanes::alnum`: its folded letter compare costs more than
        // ORing the letter masks already made with one digit mask.
        alnum |= at(up | low | v.range(b'0', b'9'));
    }
    Some((upper, lower, alnum))
}

/// The ASCII letters and digits among the sixteen bytes at `i` of `b`
/// (`i <= b.len()`; past the end, none), and the positions within `b` whose
/// byte some class of `t` allows, bit k for byte `i + k`: what
/// [`byte_kinds`] and [`tuple_mask`] say of them, from one load of the
/// bytes and with two compares for the letters and digits where
/// [`byte_kinds`] takes five, for a scan that needs nothing else (the
/// token starts at a value's first byte in `guard::propagate`, at every
/// step of the input).
///
/// ```ignore
/// static T: ByteTuples<1> = ByteTuples::new().with([b"@"]);
/// assert_eq!(alnum_and_allowed(b"a1 @", 0, &T), (0b11, 0b1000));
/// ```
// Always inlined: in the caller's loop the class tables stay in registers.
#[inline(always)]
pub(crate) fn alnum_and_allowed(b: &[u8], i: usize, t: &ByteTuples<1>) -> (u16, u16) {
    let (v, within) = if i + 16 <= b.len() {
        (Lanes::load(b, i), u16::MAX)
    } else {
        // The zeros past the end are no letters or digits, but a class may
        // allow a zero byte: those positions are masked off.
        (Lanes::load_padded(b, i), (1 << (b.len() - i)) - 1)
    };
    (v.alnum(), v.classes(&t.lo[0], &t.hi[0]).nonzero() & within)
}

impl Lanes {
    /// The sixteen bytes at `i`, zero past the end of `b` (for the last
    /// chunk; a zero byte is none of the bytes the searches look for).
    #[inline(always)]
    fn load_padded(b: &[u8], i: usize) -> Lanes {
        if i + 16 <= b.len() {
            Lanes::load(b, i)
        } else {
            let mut pad = [0u8; 16];
            pad[..b.len() - i].copy_from_slice(&b[i..]);
            Lanes::load(&pad, 0)
        }
    }
}

/// Sixteen bytes and the comparisons the searches need, each giving one
/// bit a byte (bit k for byte k).
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
#[derive(Clone, Copy)]
struct Lanes(core::arch::wasm32::v128);

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
impl Lanes {
    #[inline(always)]
    fn load(b: &[u8], i: usize) -> Lanes {
        let chunk = &b[i..i + 16];
        // SAFETY: `chunk` is 16 bytes in bounds (the slice above panics
        // otherwise), and `v128_load` has no alignment requirement.
        Lanes(unsafe { core::arch::wasm32::v128_load(chunk.as_ptr().cast()) })
    }

    #[inline(always)]
    fn eq(self, c: u8) -> u16 {
        use core::arch::wasm32::*;
        u8x16_bitmask(u8x16_eq(self.0, u8x16_splat(c)))
    }

    /// 0xFF where the byte is `c`, 0 elsewhere: for masks ORed or ANDed
    /// before one [`Lanes::high`] (a bitmask each costs an instruction).
    #[inline(always)]
    fn is(self, c: u8) -> Lanes {
        use core::arch::wasm32::*;
        Lanes(u8x16_eq(self.0, u8x16_splat(c)))
    }

    /// 0xFF where the byte is below `c` (unsigned), 0 elsewhere.
    #[inline(always)]
    fn below(self, c: u8) -> Lanes {
        use core::arch::wasm32::*;
        Lanes(u8x16_lt(self.0, u8x16_splat(c)))
    }

    /// 0xFF where the byte is in `lo..=hi` (unsigned), 0 elsewhere, as
    /// one signed compare: adding `0x80 - lo` moves the range to start at
    /// 0x80, the least byte as a signed one, so the bytes in it are those
    /// below its end, signed. Two unsigned compares were what this was
    /// written as; LLVM folds them into an add and an unsigned compare,
    /// which wasm has, but which V8 builds for x86 from four instructions
    /// (SSE has no unsigned compare): the signed compare is one. (LLVM
    /// keeps the add and the signed compare for a range that starts
    /// neither at 0 nor at 0x80, as every range the steps test does; for
    /// one that starts there it makes the compare unsigned again, still
    /// right.)
    #[inline(always)]
    fn in_range(self, lo: u8, hi: u8) -> core::arch::wasm32::v128 {
        use core::arch::wasm32::*;
        // Constants where it is used: these tests cost nothing there.
        if lo > hi {
            return u8x16_splat(0);
        }
        if hi - lo == 0xFF {
            return u8x16_splat(0xFF);
        }
        let moved = u8x16_add(self.0, u8x16_splat(0x80u8.wrapping_sub(lo)));
        // The range moved is 0x80..=0x80 + (hi - lo), as signed bytes
        // -128..=end: those below end + 1 (at most 127).
        let end = 0x80u8.wrapping_add(hi - lo) as i8;
        i8x16_lt(moved, i8x16_splat(end + 1))
    }

    /// Bytes in `lo..=hi` (unsigned).
    #[inline(always)]
    fn range(self, lo: u8, hi: u8) -> u16 {
        core::arch::wasm32::u8x16_bitmask(self.in_range(lo, hi))
    }

    /// ASCII letters: `A..=Z` after setting bit 5 (`a..=z`), one compare.
    #[inline(always)]
    fn alpha(self) -> u16 {
        use core::arch::wasm32::*;
        Lanes(v128_or(self.0, u8x16_splat(0x20))).range(b'a', b'z')
    }

    /// ASCII letters and digits: the two masks ORed as lanes, one bitmask.
    #[inline(always)]
    fn alnum(self) -> u16 {
        use core::arch::wasm32::*;
        let alpha = Lanes(v128_or(self.0, u8x16_splat(0x20))).in_range(b'a', b'z');
        u8x16_bitmask(v128_or(alpha, self.in_range(b'0', b'9')))
    }

    /// Each byte `c` replaced by `lo[c & 15] & hi[c >> 4]` (see [`ByteTuples`]).
    #[inline(always)]
    fn classes(self, lo: &[u8; 16], hi: &[u8; 16]) -> Lanes {
        use core::arch::wasm32::*;
        let load = |t: &[u8; 16]| {
            // SAFETY: `t` is 16 bytes, and `v128_load` has no alignment requirement.
            unsafe { v128_load(t.as_ptr().cast()) }
        };
        let nibble = u8x16_splat(15);
        let low = v128_and(self.0, nibble);
        // The high nibbles by a 16-bit shift and the low-nibble mask: x86
        // has no byte shift, and V8 makes `i8x16.shr_u` a 16-bit shift and
        // a mask it builds anew at every use (a shift, three instructions
        // for the mask, an and), where this is the shift and one and:
        // fewer x86 instructions a look-up for 0.2 to 1% more wasm ones;
        // the whole scan's time moved less than a run resolves
        // (bench/HISTORY.md, 67c61f9 to 1ea1247).
        let high = v128_and(u16x8_shr(self.0, 4), nibble);
        Lanes(v128_and(u8x16_swizzle(load(lo), low), u8x16_swizzle(load(hi), high)))
    }

    /// Sixteen zero bytes.
    #[inline(always)]
    fn zero() -> Lanes {
        Lanes(core::arch::wasm32::u8x16_splat(0))
    }

    /// The OR of the sixteen bytes.
    #[inline(always)]
    fn or_fold(self) -> u8 {
        use core::arch::wasm32::*;
        let w = u64x2_extract_lane::<0>(self.0) | u64x2_extract_lane::<1>(self.0);
        let w = w | w >> 32;
        let w = w | w >> 16;
        (w | w >> 8) as u8
    }

    /// The nonzero bytes.
    #[inline(always)]
    fn nonzero(self) -> u16 {
        use core::arch::wasm32::*;
        u8x16_bitmask(u8x16_ne(self.0, u8x16_splat(0)))
    }

    /// Each byte ANDed with `bits`.
    #[inline(always)]
    fn masked(self, bits: u8) -> Lanes {
        use core::arch::wasm32::*;
        Lanes(v128_and(self.0, u8x16_splat(bits)))
    }

    /// Whether some byte is nonzero: one instruction.
    #[inline(always)]
    fn any_nonzero(self) -> bool {
        core::arch::wasm32::v128_any_true(self.0)
    }

    /// The bytes from 0x80: the high bit of each, read directly.
    #[inline(always)]
    fn high(self) -> u16 {
        core::arch::wasm32::u8x16_bitmask(self.0)
    }
}

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
impl core::ops::BitAnd for Lanes {
    type Output = Lanes;
    #[inline(always)]
    fn bitand(self, o: Lanes) -> Lanes {
        Lanes(core::arch::wasm32::v128_and(self.0, o.0))
    }
}

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
impl core::ops::BitOr for Lanes {
    type Output = Lanes;
    #[inline(always)]
    fn bitor(self, o: Lanes) -> Lanes {
        Lanes(core::arch::wasm32::v128_or(self.0, o.0))
    }
}

/// x86-64: one SSE2 register (SSE2 is part of the x86-64 baseline, so no
/// feature detection). Native builds are not a product target, but the
/// native benchmark and tests should not run an emulation of the wasm
/// build's steps.
#[cfg(target_arch = "x86_64")]
#[derive(Clone, Copy)]
struct Lanes(core::arch::x86_64::__m128i);

#[cfg(target_arch = "x86_64")]
impl Lanes {
    #[inline(always)]
    fn load(b: &[u8], i: usize) -> Lanes {
        let chunk = &b[i..i + 16];
        // SAFETY: `chunk` is 16 bytes in bounds (the slice above panics
        // otherwise); `loadu` has no alignment requirement; SSE2 is baseline.
        Lanes(unsafe { core::arch::x86_64::_mm_loadu_si128(chunk.as_ptr().cast()) })
    }

    /// The high bit of each byte, as one bit a byte.
    #[inline(always)]
    fn bits(v: core::arch::x86_64::__m128i) -> u16 {
        // SAFETY: SSE2 is baseline on x86-64.
        unsafe { core::arch::x86_64::_mm_movemask_epi8(v) as u16 }
    }

    #[inline(always)]
    fn eq(self, c: u8) -> u16 {
        self.is(c).high()
    }

    /// 0xFF where the byte is `c`, 0 elsewhere.
    #[inline(always)]
    fn is(self, c: u8) -> Lanes {
        use core::arch::x86_64::*;
        // SAFETY: SSE2 is baseline on x86-64.
        Lanes(unsafe { _mm_cmpeq_epi8(self.0, _mm_set1_epi8(c as i8)) })
    }

    /// 0xFF where the byte is below `c` (unsigned), 0 elsewhere: where
    /// clamping it to `c - 1` leaves it unchanged (none for `c` = 0).
    #[inline(always)]
    fn below(self, c: u8) -> Lanes {
        use core::arch::x86_64::*;
        let Some(top) = c.checked_sub(1) else { return Lanes::zero() };
        // SAFETY: SSE2 is baseline on x86-64.
        Lanes(unsafe { _mm_cmpeq_epi8(_mm_min_epu8(self.0, _mm_set1_epi8(top as i8)), self.0) })
    }

    /// Bytes in `lo..=hi` (unsigned): `x` is in range when clamping it to
    /// the range leaves it unchanged (SSE2 has unsigned min/max, no unsigned
    /// compare).
    #[inline(always)]
    fn range(self, lo: u8, hi: u8) -> u16 {
        use core::arch::x86_64::*;
        // SAFETY: SSE2 is baseline on x86-64.
        Lanes::bits(unsafe {
            let v = self.0;
            _mm_and_si128(_mm_cmpeq_epi8(_mm_max_epu8(v, _mm_set1_epi8(lo as i8)), v), _mm_cmpeq_epi8(_mm_min_epu8(v, _mm_set1_epi8(hi as i8)), v))
        })
    }

    /// ASCII letters: `A..=Z` after setting bit 5 (`a..=z`).
    #[inline(always)]
    fn alpha(self) -> u16 {
        use core::arch::x86_64::*;
        // SAFETY: SSE2 is baseline on x86-64.
        Lanes(unsafe { _mm_or_si128(self.0, _mm_set1_epi8(0x20)) }).range(b'a', b'z')
    }

    /// ASCII letters and digits.
    #[inline(always)]
    fn alnum(self) -> u16 {
        self.alpha() | self.range(b'0', b'9')
    }

    /// Each byte `c` replaced by `lo[c & 15] & hi[c >> 4]` (see
    /// [`ByteTuples`]). The table lookup is SSSE3's shuffle, which is not
    /// baseline: checked at run time (std caches the answer), and without
    /// it, bytes one at a time. In a build for CPUs that have it (`-C
    /// target-feature=+ssse3`, `target-cpu=x86-64-v2` or `native`) the
    /// check is `true` at compile time (`is_x86_feature_detected!` reads the
    /// build's target features first) and the shuffles inline.
    #[inline(always)]
    fn classes(self, lo: &[u8; 16], hi: &[u8; 16]) -> Lanes {
        if std::is_x86_feature_detected!("ssse3") {
            // SAFETY: the CPU has SSSE3 (checked just above).
            unsafe { self.classes_ssse3(lo, hi) }
        } else {
            let b = self.to_array().map(|c| lo[usize::from(c & 15)] & hi[usize::from(c >> 4)]);
            Lanes::load(&b, 0)
        }
    }

    /// [`Lanes::classes`] with two shuffles.
    ///
    /// # Safety
    /// The CPU must have SSSE3.
    #[target_feature(enable = "ssse3")]
    unsafe fn classes_ssse3(self, lo: &[u8; 16], hi: &[u8; 16]) -> Lanes {
        use core::arch::x86_64::*;
        let nibble = _mm_set1_epi8(15);
        let low = _mm_and_si128(self.0, nibble);
        // No byte shift in SSE: shift 16-bit lanes, then drop what crossed
        // in from the neighbouring byte.
        let high = _mm_and_si128(_mm_srli_epi16(self.0, 4), nibble);
        // SAFETY: the tables are 16 bytes; `loadu` has no alignment requirement.
        let (lo, hi) = unsafe { (_mm_loadu_si128(lo.as_ptr().cast()), _mm_loadu_si128(hi.as_ptr().cast())) };
        Lanes(_mm_and_si128(_mm_shuffle_epi8(lo, low), _mm_shuffle_epi8(hi, high)))
    }

    #[inline(always)]
    fn to_array(self) -> [u8; 16] {
        let mut b = [0u8; 16];
        // SAFETY: `b` is 16 bytes; `storeu` has no alignment requirement.
        unsafe { core::arch::x86_64::_mm_storeu_si128(b.as_mut_ptr().cast(), self.0) };
        b
    }

    /// Sixteen zero bytes.
    #[inline(always)]
    fn zero() -> Lanes {
        // SAFETY: SSE2 is baseline on x86-64.
        Lanes(unsafe { core::arch::x86_64::_mm_setzero_si128() })
    }

    /// The OR of the sixteen bytes.
    #[inline(always)]
    fn or_fold(self) -> u8 {
        self.to_array().iter().fold(0, |a, &c| a | c)
    }

    /// The nonzero bytes.
    #[inline(always)]
    fn nonzero(self) -> u16 {
        !self.eq(0)
    }

    /// Each byte ANDed with `bits`.
    #[inline(always)]
    fn masked(self, bits: u8) -> Lanes {
        use core::arch::x86_64::*;
        // SAFETY: SSE2 is baseline on x86-64.
        Lanes(unsafe { _mm_and_si128(self.0, _mm_set1_epi8(bits as i8)) })
    }

    /// Whether some byte is nonzero.
    #[inline(always)]
    fn any_nonzero(self) -> bool {
        self.nonzero() != 0
    }

    /// The bytes from 0x80: the high bit of each, read directly.
    #[inline(always)]
    fn high(self) -> u16 {
        Lanes::bits(self.0)
    }
}

#[cfg(target_arch = "x86_64")]
impl core::ops::BitAnd for Lanes {
    type Output = Lanes;
    #[inline(always)]
    fn bitand(self, o: Lanes) -> Lanes {
        // SAFETY: SSE2 is baseline on x86-64.
        Lanes(unsafe { core::arch::x86_64::_mm_and_si128(self.0, o.0) })
    }
}

#[cfg(target_arch = "x86_64")]
impl core::ops::BitOr for Lanes {
    type Output = Lanes;
    #[inline(always)]
    fn bitor(self, o: Lanes) -> Lanes {
        // SAFETY: SSE2 is baseline on x86-64.
        Lanes(unsafe { core::arch::x86_64::_mm_or_si128(self.0, o.0) })
    }
}

#[cfg(not(any(all(target_arch = "wasm32", target_feature = "simd128"), target_arch = "x86_64")))]
#[derive(Clone, Copy)]
struct Lanes([u8; 16]);

#[cfg(not(any(all(target_arch = "wasm32", target_feature = "simd128"), target_arch = "x86_64")))]
impl Lanes {
    #[inline(always)]
    fn load(b: &[u8], i: usize) -> Lanes {
        Lanes(b[i..i + 16].try_into().expect("16 bytes"))
    }

    #[inline(always)]
    fn mask(self, f: impl Fn(u8) -> bool) -> u16 {
        self.0.iter().enumerate().fold(0, |m, (k, &c)| m | (u16::from(f(c)) << k))
    }

    #[inline(always)]
    fn eq(self, c: u8) -> u16 {
        self.mask(|x| x == c)
    }

    /// 0xFF where the byte is `c`, 0 elsewhere.
    #[inline(always)]
    fn is(self, c: u8) -> Lanes {
        Lanes(self.0.map(|x| if x == c { 0xFF } else { 0 }))
    }

    /// 0xFF where the byte is below `c` (unsigned), 0 elsewhere.
    #[inline(always)]
    fn below(self, c: u8) -> Lanes {
        Lanes(self.0.map(|x| if x < c { 0xFF } else { 0 }))
    }

    /// Bytes in `lo..=hi` (unsigned).
    #[inline(always)]
    fn range(self, lo: u8, hi: u8) -> u16 {
        self.mask(|x| (lo..=hi).contains(&x))
    }

    /// ASCII letters.
    #[inline(always)]
    fn alpha(self) -> u16 {
        self.mask(|x| x.is_ascii_alphabetic())
    }

    /// ASCII letters and digits.
    #[inline(always)]
    fn alnum(self) -> u16 {
        self.mask(|x| x.is_ascii_alphanumeric())
    }

    /// Each byte `c` replaced by `lo[c & 15] & hi[c >> 4]` (see [`ByteTuples`]).
    #[inline(always)]
    fn classes(self, lo: &[u8; 16], hi: &[u8; 16]) -> Lanes {
        Lanes(self.0.map(|c| lo[usize::from(c & 15)] & hi[usize::from(c >> 4)]))
    }

    /// Sixteen zero bytes.
    #[inline(always)]
    fn zero() -> Lanes {
        Lanes([0; 16])
    }

    /// The OR of the sixteen bytes.
    #[inline(always)]
    fn or_fold(self) -> u8 {
        self.0.iter().fold(0, |a, &c| a | c)
    }

    /// The nonzero bytes.
    #[inline(always)]
    fn nonzero(self) -> u16 {
        self.mask(|x| x != 0)
    }

    /// Each byte ANDed with `bits`.
    #[inline(always)]
    fn masked(self, bits: u8) -> Lanes {
        Lanes(self.0.map(|x| x & bits))
    }

    /// Whether some byte is nonzero.
    #[inline(always)]
    fn any_nonzero(self) -> bool {
        self.0 != [0; 16]
    }

    /// The bytes from 0x80.
    #[inline(always)]
    fn high(self) -> u16 {
        self.mask(|x| x >= 0x80)
    }
}

#[cfg(not(any(all(target_arch = "wasm32", target_feature = "simd128"), target_arch = "x86_64")))]
impl core::ops::BitAnd for Lanes {
    type Output = Lanes;
    #[inline(always)]
    fn bitand(self, o: Lanes) -> Lanes {
        Lanes(std::array::from_fn(|k| self.0[k] & o.0[k]))
    }
}

#[cfg(not(any(all(target_arch = "wasm32", target_feature = "simd128"), target_arch = "x86_64")))]
impl core::ops::BitOr for Lanes {
    type Output = Lanes;
    #[inline(always)]
    fn bitor(self, o: Lanes) -> Lanes {
        Lanes(std::array::from_fn(|k| self.0[k] | o.0[k]))
    }
}

/// The first position `p` at or after `from`, with `p + 2 <= b.len()`,
/// where `b[p]` and `b[p + 1]` are one of `pairs`, or `b[p]` is one of
/// `bytes`: one pass for several two-byte marks (`://` and `www.` of a
/// URL) and rare bytes (the `?` and `%` of a request target) instead of one
/// per mark, and rarer finds than a search for their first bytes (`:` and
/// `w` are common in text, `:/` and `ww` are not). A byte of `bytes` at
/// the very end of `b` is not found.
///
/// ```ignore
/// assert_eq!(find_pairs(b"at 12:30 see www.x", 0, [*b":/", *b"ww"], []), Some(13));
/// ```
pub(crate) fn find_pairs<const N: usize, const M: usize>(b: &[u8], from: usize, pairs: [[u8; 2]; N], bytes: [u8; M]) -> Option<usize> {
    let mut i = from;
    // The two loads of a step, at i and i + 1: the second needs i + 17 <= len.
    while i + 17 <= b.len() {
        let hit = pair_bits(Lanes::load(b, i), Lanes::load(b, i + 1), pairs, bytes);
        if hit != 0 {
            return Some(i + hit.trailing_zeros() as usize);
        }
        i += 16;
    }
    // The last 16 bytes or fewer, zero past the end: only positions with
    // both bytes in `b` count (a pair may hold a zero).
    if i + 2 > b.len() {
        return None;
    }
    let hit = pair_bits(Lanes::load_padded(b, i), Lanes::load_padded(b, i + 1), pairs, bytes) & ((1 << (b.len() - i - 1)) - 1);
    (hit != 0).then(|| i + hit.trailing_zeros() as usize)
}

/// Bit `k` set where `first` at `k` and `second` at `k` (the bytes one on)
/// are one of `pairs`, or `first` at `k` is one of `bytes`.
#[inline(always)]
fn pair_bits<const N: usize, const M: usize>(first: Lanes, second: Lanes, pairs: [[u8; 2]; N], bytes: [u8; M]) -> u16 {
    let hit = pairs.iter().fold(Lanes::zero(), |hit, &[a, c]| hit | (first.is(a) & second.is(c)));
    bytes.iter().fold(hit, |hit, &c| hit | first.is(c)).high()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Bytes drawn mostly from the ones the searches care about.
    fn text() -> impl Strategy<Value = Vec<u8>> {
        proptest::collection::vec(prop_oneof![Just(b'@'), Just(b'%'), Just(b'['), Just(b'D'), Just(b'E'), Just(b'8'), Just(b'9'), Just(b' '), any::<u8>()], 0..80)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]

        /// Each primitive of the [`Lanes`] this build compiled (SSE2 on
        /// x86-64) against its definition, byte by byte.
        #[test]
        fn lanes_primitives_are_their_definitions(b in proptest::array::uniform16(any::<u8>()), c in any::<u8>(), lo in any::<u8>(), hi in any::<u8>(), lo_t in proptest::array::uniform16(any::<u8>()), hi_t in proptest::array::uniform16(any::<u8>())) {
            let v = Lanes::load(&b, 0);
            let bits = |f: &dyn Fn(u8) -> bool| (0..16).fold(0u16, |m, k| m | (u16::from(f(b[k])) << k));
            prop_assert_eq!(v.eq(c), bits(&|x| x == c));
            prop_assert_eq!(v.is(c).high(), bits(&|x| x == c));
            prop_assert_eq!(v.is(c).nonzero(), bits(&|x| x == c));
            prop_assert_eq!(v.below(c).high(), bits(&|x| x < c));
            prop_assert_eq!(v.below(c).nonzero(), bits(&|x| x < c));
            prop_assert_eq!(v.range(lo, hi), bits(&|x| (lo..=hi).contains(&x)));
            prop_assert_eq!(v.alpha(), bits(&|x| x.is_ascii_alphabetic()));
            prop_assert_eq!(v.alnum(), bits(&|x| x.is_ascii_alphanumeric()));
            prop_assert_eq!(v.nonzero(), bits(&|x| x != 0));
            prop_assert_eq!(v.high(), bits(&|x| x >= 0x80));
            prop_assert_eq!(v.or_fold(), b.iter().fold(0, |a, &x| a | x));
            let classes = v.classes(&lo_t, &hi_t);
            let want = b.map(|x| lo_t[usize::from(x & 15)] & hi_t[usize::from(x >> 4)]);
            prop_assert_eq!((classes & v).nonzero(), (0..16).fold(0u16, |m, k| m | (u16::from(want[k] & b[k] != 0) << k)));
            prop_assert_eq!((classes | v).or_fold(), (0..16).fold(0, |a, k| a | want[k] | b[k]));
            for (k, &w) in want.iter().enumerate() {
                prop_assert_eq!(classes.eq(w) >> k & 1, 1);
            }
            prop_assert_eq!(Lanes::zero().nonzero(), 0);
            prop_assert!(!Lanes::zero().any_nonzero());
            prop_assert_eq!(v.any_nonzero(), b != [0; 16]);
        }
        #[test]
        fn find_json_string_stop_is_position(b in proptest::collection::vec(prop_oneof![Just(b'"'), Just(b'\\'), Just(b'\n'), Just(0x1f), Just(0x20), Just(b'a'), any::<u8>()], 0..80), from in 0usize..90) {
            let from = from.min(b.len());
            prop_assert_eq!(find_json_string_stop(&b, from), b[from..].iter().position(|&c| c == b'"' || c == b'\\' || c < 0x20).map(|j| from + j));
        }

        #[test]
        fn find_any_is_position(b in text(), from in 0usize..90) {
            let from = from.min(b.len());
            let want = b[from..].iter().position(|&c| c == b'@' || c == b'%').map(|j| from + j);
            prop_assert_eq!(find_any(&b, from, [b'@', b'%']), want);
            prop_assert_eq!(find_any(&b, from, [b'[']), b[from..].iter().position(|&c| c == b'[').map(|j| from + j));
            // A zero needle is not found in the padding of the last bytes.
            prop_assert_eq!(find_any(&b, from, [0, b' ']), b[from..].iter().position(|&c| c == 0 || c == b' ').map(|j| from + j));
        }

        #[test]
        fn find_iban_head_is_the_first_head(b in text(), from in 0usize..90) {
            let from = from.min(b.len());
            let head = |p: usize| p + 4 <= b.len() && b[p].is_ascii_uppercase() && b[p + 1].is_ascii_uppercase() && b[p + 2].is_ascii_digit() && b[p + 3].is_ascii_digit();
            prop_assert_eq!(find_iban_head(&b, from), (from..b.len()).find(|&p| head(p)));
        }
    }

    /// UUIDs, and UUIDs with one byte replaced, inserted or dropped.
    fn uuid_like() -> impl Strategy<Value = Vec<u8>> {
        let uuid = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}".prop_map(String::into_bytes);
        let byte = prop_oneof![Just(b'-'), Just(b'0'), Just(b'9'), Just(b'a'), Just(b'f'), Just(b'g'), Just(b'A'), Just(b'/'), Just(b':'), Just(b'`'), any::<u8>()];
        (uuid, 0u8..4, 0usize..40, byte).prop_map(|(mut u, how, at, c)| {
            let at = at.min(u.len() - 1);
            match how {
                0 => {}
                1 => u[at] = c,
                2 => u.insert(at, c),
                _ => drop(u.remove(at)),
            }
            u
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]
        #[test]
        fn is_uuid_is_the_bytewise_form(b in uuid_like()) {
            let want = b.len() == 36 && b.iter().enumerate().all(|(i, &c)| if matches!(i, 8 | 13 | 18 | 23) { c == b'-' } else { c.is_ascii_digit() || (b'a'..=b'f').contains(&c) });
            prop_assert_eq!(is_uuid(&b), want);
        }
    }

    const CLASSES: &[[&[u8]; 3]] = &[[b"-S", b"-G", b"-."], [b"sr", b"k", b"_-"], [b"e", b"y", b"J"], [b"ls", b":", b"/"], [b"\xC5a", b"%", b"\xE2@"], [b"z", b"\0z", b"\0z"]];
    static TRIPLES: ByteTuples<3> = ByteTuples::new().with(CLASSES[0]).with(CLASSES[1]).with(CLASSES[2]).with(CLASSES[3]).with(CLASSES[4]).with(CLASSES[5]);
    /// Classes sharing none of [`TRIPLES`]' first two bytes but some of its
    /// text's: the pair's two masks differ, and a step may hold places of one only.
    static OTHER_TRIPLES: ByteTuples<3> = ByteTuples::new().with([b"0129", b" ", b"z\0"]).with([b"@:", b"/", b"/"]).with([b"#", b"]", ANY_BYTE]);
    static PAIRS: ByteTuples<2> = ByteTuples::new().with([b" ", b"0123456789"]).with([b"0123456789", b"/-. "]).with([b"1", b"9"]);

    /// Bytes drawn mostly from the ones the classes above name, and their nibble neighbours.
    fn tuple_text() -> impl Strategy<Value = Vec<u8>> {
        let named = prop::sample::select(b"-SG.srk_eyJl:/\xC5a%\xE2@cr#] 0129z\0".to_vec());
        proptest::collection::vec(prop_oneof![named.clone(), named, any::<u8>()], 0..80)
    }

    /// Whether a class of `classes` allows the bytes at `p` exactly.
    fn exact<const N: usize>(classes: &[[&[u8]; N]], b: &[u8], p: usize) -> bool {
        classes.iter().any(|c| (0..N).all(|j| c[j].contains(&b[p + j])))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]
        #[test]
        fn find_tuple_is_the_first_bytewise_tuple(b in tuple_text(), from in 0usize..90) {
            let from = from.min(b.len());
            let want = (from..(b.len() + 1).saturating_sub(3)).find(|&p| TRIPLES.at(&b, p));
            prop_assert_eq!(find_tuple(&b, from, &TRIPLES), want);
            // Every exact match of a class is admitted: nothing is found past the first one.
            if let Some(e) = (from..(b.len() + 1).saturating_sub(3)).find(|&p| exact(CLASSES, &b, p)) {
                prop_assert!(want.is_some_and(|w| w <= e));
            }
            let want = (from..b.len().saturating_sub(1)).find(|&p| PAIRS.at(&b, p));
            prop_assert_eq!(find_tuple(&b, from, &PAIRS), want);
            let pair_classes: &[[&[u8]; 2]] = &[[b" ", b"0123456789"], [b"0123456789", b"/-. "], [b"1", b"9"]];
            // These classes have exact nibble hulls: exactly their pairs are found.
            prop_assert_eq!(want, (from..b.len().saturating_sub(1)).find(|&p| exact(pair_classes, &b, p)));
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]
        #[test]
        fn tuple_mask_is_every_bytewise_tuple(b in tuple_text(), i in 0usize..90) {
            let i = i.min(b.len());
            let want = (0..16).filter(|&k| i + k + 3 <= b.len() && TRIPLES.at(&b, i + k)).fold(0u16, |m, k| m | 1 << k);
            prop_assert_eq!(tuple_mask(&b, i, &TRIPLES), want);
            let want = (0..16).filter(|&k| i + k + 2 <= b.len() && PAIRS.at(&b, i + k)).fold(0u16, |m, k| m | 1 << k);
            prop_assert_eq!(tuple_mask(&b, i, &PAIRS), want);
        }

        /// Both tables' masks, as `tuple_mask` gives each, whichever table
        /// allows the first two bytes (the third load is skipped only where
        /// neither does).
        #[test]
        fn tuple_mask_pair_is_each_tuple_mask(b in tuple_text(), i in 0usize..90) {
            let i = i.min(b.len());
            prop_assert_eq!(tuple_mask_pair(&b, i, &TRIPLES, &OTHER_TRIPLES), (tuple_mask(&b, i, &TRIPLES), tuple_mask(&b, i, &OTHER_TRIPLES)));
            prop_assert_eq!(tuple_mask_pair(&b, i, &OTHER_TRIPLES, &TRIPLES), (tuple_mask(&b, i, &OTHER_TRIPLES), tuple_mask(&b, i, &TRIPLES)));
            prop_assert_eq!(tuple_mask_pair(&b, i, &PAIRS, &PAIRS), (tuple_mask(&b, i, &PAIRS), tuple_mask(&b, i, &PAIRS)));
        }

        /// The places tried, and the ends that skip places, as a search
        /// begun anew after each place would give them.
        #[test]
        fn each_place_is_a_search_after_each(b in proptest::collection::vec(prop::sample::select(b" 0123456789/-.x".to_vec()), 0..80), skips in proptest::collection::vec(0usize..40, 1..8)) {
            // A made-up matcher: some places "match" and end a few bytes on.
            let end_at = |t: usize| (t % 3 == 0).then(|| t + 1 + skips[t % skips.len()]);
            let mut got = Vec::new();
            each_place(&b, &PAIRS, |t| {
                got.push(t);
                end_at(t)
            });
            let (mut want, mut from) = (Vec::new(), 0);
            while let Some(t) = find_tuple(&b, from, &PAIRS) {
                want.push(t);
                from = end_at(t).unwrap_or(t + 1);
            }
            prop_assert_eq!(got, want);
        }
    }

    #[test]
    fn tuples_across_chunk_edges() {
        for at in 0..47 {
            let mut b = vec![b'x'; 48];
            b[at..at + 2].copy_from_slice(b"ey");
            if at + 2 < 48 {
                b[at + 2] = b'J';
            }
            assert_eq!(find_tuple(&b, 0, &TRIPLES), (at + 3 <= 48).then_some(at), "at {at}");
            assert_eq!(find_tuple(&b, at + 1, &TRIPLES), None);
            b[at..at + 2].copy_from_slice(b" 7");
            assert_eq!(find_tuple(&b, 0, &PAIRS), Some(at), "at {at}");
            assert_eq!(find_tuple(&b, at + 1, &PAIRS), None);
        }
        // The hull of a class: {l, s} x {:} x {/} also admits "c:/", and no other class "x:/".
        assert_eq!(find_tuple(b"x:/ c:/", 0, &TRIPLES), Some(4));
        assert_eq!(find_tuple(b"", 0, &PAIRS), None);
        // The zeros after the end are not text ("z\0\0" would be a triple).
        assert_eq!(find_tuple(b"xz", 0, &TRIPLES), None);
        assert_eq!(find_tuple(b"xz\0", 0, &TRIPLES), None);
        assert_eq!(find_tuple(b"xz\0\0", 0, &TRIPLES), Some(1));
    }

    /// Shaped digit starts per shape, phone marks, VIN runs, digit count,
    /// summary bits and whether there is a `|`.
    type BytewiseIndex = (Vec<u32>, [Vec<u32>; crate::detect::shapes::start::COUNT], Vec<u32>, Vec<(u32, u32)>, usize, u8, bool);

    /// The digit index one byte at a time, as it was computed before
    /// [`digit_index`] took 16 bytes a step.
    fn digit_index_bytewise(b: &[u8]) -> BytewiseIndex {
        use crate::detect::{shapes::vin_char, token_end, token_start};
        let (mut starts, mut marks, mut vins, mut digits) = (Vec::new(), Vec::new(), Vec::new(), 0);
        let mut prev_alnum = false;
        let mut vin_from = 0;
        for (i, &c) in b.iter().enumerate() {
            let digit = c.is_ascii_digit();
            if digit {
                digits += 1;
                if !prev_alnum {
                    starts.push(i as u32);
                }
            } else if (c == b'+' || c == b'(') && token_start(b, i) {
                marks.push(i as u32);
            }
            if !vin_char(c) {
                if i - vin_from == 17 && token_start(b, vin_from) && token_end(b, i) {
                    vins.push((vin_from as u32, i as u32));
                }
                vin_from = i + 1;
            }
            prev_alnum = digit || c.is_ascii_alphabetic();
        }
        if b.len() - vin_from == 17 && token_start(b, vin_from) {
            vins.push((vin_from as u32, b.len() as u32));
        }
        let head = |p: usize| b[p].is_ascii_uppercase() && b[p + 1].is_ascii_uppercase() && b[p + 2].is_ascii_digit() && b[p + 3].is_ascii_digit();
        let heads: Vec<u32> = (0..b.len().saturating_sub(3)).filter(|&p| head(p)).map(|p| p as u32).collect();
        let mut summary = if heads.is_empty() { 0 } else { crate::detect::has::IBAN_HEAD };
        // Where the heads are, only for a long text.
        let heads = if b.len() >= MARKED_LEN { heads } else { Vec::new() };
        use crate::detect::has;
        let bytes = [(b'@', has::AT), (b'%', has::PERCENT_OR_STAR), (b'*', has::PERCENT_OR_STAR), (b':', has::COLON), (b'/', has::SLASH), (b'.', has::DOT), (b'[', has::BRACKET)];
        summary |= bytes.iter().filter(|(c, _)| b.contains(c)).fold(0, |m, (_, bit)| m | bit);
        if b.iter().any(u8::is_ascii_uppercase) {
            summary |= has::UPPER;
        }
        let shape = |p: u32| crate::detect::shapes::start_shapes(b, p as usize, p as usize + b[p as usize..].iter().take_while(|c| c.is_ascii_digit()).count());
        let shaped = std::array::from_fn(|k| starts.iter().copied().filter(|&p| shape(p) & 1 << k != 0).collect());
        (heads, shaped, marks, vins, digits, summary, b.iter().any(|c| matches!(c, b'|' | 0x1C | b'\\')))
    }

    fn index_text() -> impl Strategy<Value = Vec<u8>> {
        let vin = "[A-HJ-NPR-Z0-9]{15,19}".prop_map(String::into_bytes);
        let digits = prop_oneof!["[0-9]{1,4}", "[0-9]{9,20}", "[0-9]{30,40}"].prop_map(String::into_bytes);
        // Capitals before digits: IBAN heads, and runs a byte short of one.
        let heads = "[A-Z]{1,3}[0-9]{1,3}".prop_map(String::into_bytes);
        let piece = prop_oneof![vin, digits, heads, "[ a-zA-Z_+(\\[\\]:.é@%/|\\-\\\\\x1c]{1,3}".prop_map(String::into_bytes), Just(b"[SSN]".to_vec()), any::<u8>().prop_map(|c| vec![c])];
        proptest::collection::vec(piece, 0..12).prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]
        #[test]
        fn digit_index_is_the_bytewise_index(b in index_text()) {
            let ix = digit_index(&b);
            prop_assert_eq!((ix.iban_heads().to_vec(), ix.shaped, ix.phone_marks, ix.vin_runs, ix.digits, ix.has, ix.seps), digit_index_bytewise(&b));
            // After 1 KB of spaces: a long text, whose IBAN heads are recorded.
            let mut long = vec![b' '; MARKED_LEN];
            long.extend_from_slice(&b);
            let ix = digit_index(&long);
            prop_assert_eq!((ix.iban_heads().to_vec(), ix.shaped, ix.phone_marks, ix.vin_runs, ix.digits, ix.has, ix.seps), digit_index_bytewise(&long));
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]
        #[test]
        fn byte_kinds_are_the_bytewise_kinds(b in text(), at in 0usize..90) {
            let at = at.min(b.len());
            let k = byte_kinds(&b, at);
            let bits = |f: fn(u8) -> bool| (0..16).filter(|&j| b.get(at + j).is_some_and(|&c| f(c))).fold(0u16, |m, j| m | 1 << j);
            prop_assert_eq!(k.upper, bits(|c| c.is_ascii_uppercase()));
            prop_assert_eq!(k.lower, bits(|c| c.is_ascii_lowercase()));
            prop_assert_eq!(k.digit, bits(|c| c.is_ascii_digit()));
            prop_assert_eq!(k.high, bits(|c| c >= 0x80));
            prop_assert_eq!(k.lead, bits(|c| c >= 0xC0));
            prop_assert_eq!(k.space, bits(|c| c == b' '));
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]
        #[test]
        fn find_pairs_is_the_first_bytewise_pair(b in proptest::collection::vec(prop::sample::select(b":/wx.\0".to_vec()), 0..80), from in 0usize..90) {
            let from = from.min(b.len());
            let want = (from..b.len().saturating_sub(1)).find(|&p| matches!(&b[p..p + 2], b":/" | b"ww"));
            prop_assert_eq!(find_pairs(&b, from, [*b":/", *b"ww"], []), want);
            // A pair holding a zero is not found in the padding after the end.
            let want = (from..b.len().saturating_sub(1)).find(|&p| b[p] == b'x' && b[p + 1] == 0);
            prop_assert_eq!(find_pairs(&b, from, [[b'x', 0]], []), want);
            // And single bytes with the pairs, none in the last place.
            let want = (from..b.len().saturating_sub(1)).find(|&p| matches!(&b[p..p + 2], b":/" | b"ww") || matches!(b[p], b'.' | b'x'));
            prop_assert_eq!(find_pairs(&b, from, [*b":/", *b"ww"], [b'.', b'x']), want);
        }
    }

    /// Printable ASCII with, now and then, one byte from 0x80 (where a
    /// step is not ASCII), at any of a step's 64 places.
    fn mostly_ascii() -> impl Strategy<Value = Vec<u8>> {
        let byte = prop_oneof![40 => 0x20u8..0x7F, 1 => prop::sample::select(vec![0u8, 0x7F, 0x80, 0xBF, 0xC0, 0xC3, 0xFF])];
        proptest::collection::vec(byte, 64..130)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]
        /// An ASCII step's kinds are four [`byte_kinds`]' (whose `high`
        /// and `lead` are then empty); a step with a byte from 0x80 has none.
        #[test]
        fn ascii_step_kinds_are_byte_kinds(b in mostly_ascii(), at in 0usize..66) {
            let at = at.min(b.len() - 64);
            let k: Vec<ByteKinds> = (0..4).map(|c| byte_kinds(&b, at + 16 * c)).collect();
            let join = |f: fn(&ByteKinds) -> u16| k.iter().enumerate().fold(0u64, |m, (c, k)| m | u64::from(f(k)) << (16 * c));
            let want = (join(|k| k.high) == 0).then(|| (join(|k| k.upper), join(|k| k.lower), join(|k| k.upper | k.lower | k.digit)));
            prop_assert_eq!(ascii_step_kinds(&b, at), want);
            prop_assert_eq!(want.is_some(), b[at..at + 64].is_ascii());
        }
    }

    /// Each byte value at each place of a step: ASCII only below 0x80.
    #[test]
    fn ascii_step_kinds_of_every_byte() {
        for c in 0..=255u8 {
            for at in 0..64 {
                let mut b = [b'a'; 64];
                b[at] = c;
                let got = ascii_step_kinds(&b, 0);
                if c >= 0x80 {
                    assert_eq!(got, None, "byte {c:#x} at {at}");
                    continue;
                }
                let (upper, lower, alnum) = got.expect("an ASCII step");
                let bit = |yes: bool| u64::from(yes) << at;
                assert_eq!(upper, bit(c.is_ascii_uppercase()), "byte {c:#x} at {at}");
                assert_eq!(lower, !(1u64 << at) | bit(c.is_ascii_lowercase()), "byte {c:#x} at {at}");
                assert_eq!(alnum, !(1u64 << at) | bit(c.is_ascii_alphanumeric()), "byte {c:#x} at {at}");
            }
        }
    }

    /// Classes for [`alnum_and_allowed`]'s tests: one of them allows the
    /// zero byte, which pads the last step, and 0x80 shares its nibbles.
    static STARTS: ByteTuples<1> = ByteTuples::new().with([b"@D8"]).with([b"\0\x80"]).with([b"\xC3 "]);

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]
        #[test]
        fn alnum_and_allowed_are_byte_kinds_and_tuple_mask(b in text(), at in 0usize..90) {
            let at = at.min(b.len());
            let k = byte_kinds(&b, at);
            prop_assert_eq!(alnum_and_allowed(&b, at, &STARTS), (k.upper | k.lower | k.digit, tuple_mask(&b, at, &STARTS)));
        }
    }

    #[test]
    fn pairs_across_chunk_edges() {
        for at in 0..47 {
            let mut b = vec![b'x'; 48];
            b[at..at + 2].copy_from_slice(b"ww");
            assert_eq!(find_pairs(&b, 0, [*b":/", *b"ww"], []), Some(at), "at {at}");
            assert_eq!(find_pairs(&b, at + 1, [*b":/", *b"ww"], []), None, "at {at}");
            // Only the first byte of the pair in `b`: no find.
            assert_eq!(find_pairs(&b[..at + 1], 0, [*b"ww"], []), None, "at {at}");
        }
        assert_eq!(find_pairs(b"", 0, [*b"ww"], []), None);
        assert_eq!(find_pairs(b"w", 0, [*b"ww"], []), None);
        assert_eq!(find_pairs(b"ww", 2, [*b"ww"], []), None);
        // Multi-byte UTF-8 across the step edge: bytes, not characters.
        let mut b = "é".repeat(8).into_bytes();
        b.extend_from_slice(b"://");
        assert_eq!(find_pairs(&b, 0, [*b":/"], []), Some(16));
    }

    #[test]
    fn alnum_and_allowed_at_the_ends() {
        assert_eq!(alnum_and_allowed(b"", 0, &STARTS), (0, 0));
        // A zero byte in the input is allowed; the zeros past its end are not.
        assert_eq!(alnum_and_allowed(b"a\0", 0, &STARTS), (0b01, 0b10));
        assert_eq!(alnum_and_allowed(b"a\0", 2, &STARTS), (0, 0));
        // The last byte of a full step, and the first of the next.
        let mut b = [b'x'; 17];
        b[15] = b'@';
        b[16] = b'8';
        assert_eq!(alnum_and_allowed(&b, 0, &STARTS), (0x7FFF, 0x8000));
        assert_eq!(alnum_and_allowed(&b, 16, &STARTS), (1, 1));
        // "é" (C3 A9) right at the step's edge: its lead byte is allowed,
        // neither of its bytes is a letter.
        let s = "abcdefghijklmnoé".as_bytes();
        assert_eq!(alnum_and_allowed(s, 0, &STARTS), (0x7FFF, 0x8000));
        assert_eq!(alnum_and_allowed(s, 1, &STARTS), (0x3FFF, 0x4000));
    }

    /// Runs of 16 to 18 VIN characters and of digits ending at every
    /// place around the chunk edges, the carried starts included.
    #[test]
    fn index_runs_across_chunk_edges() {
        // Short texts, and long ones (whose IBAN heads are recorded).
        for off in (0..72).chain(MARKED_LEN - 36..MARKED_LEN + 36) {
            // The VIN and digit runs, and IBAN heads (whole, cut, split by the edge).
            for run in ["1HGCM82633A004352", "1HGCM82633A00435", "X1HGCM82633A004352", "12345678901234567", "1234567890123456789012345678901234", "DE89", "DE8", "ABCD1234", "D89"] {
                for (before, after) in [(" ", " "), ("é", "-"), ("", "")] {
                    let mut b = vec![b' '; off];
                    b.extend_from_slice(before.as_bytes());
                    b.extend_from_slice(run.as_bytes());
                    b.extend_from_slice(after.as_bytes());
                    let ix = digit_index(&b);
                    assert_eq!((ix.iban_heads().to_vec(), ix.shaped, ix.phone_marks, ix.vin_runs, ix.digits, ix.has, ix.seps), digit_index_bytewise(&b), "{off} {run:?} {before:?}");
                }
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]
        /// Against the runs of the 64 bits read one at a time (a run may
        /// begin before the first chunk: those are not found).
        #[test]
        fn runs_of_17_are_the_exact_runs(prev in any::<u32>(), cur in any::<u32>(), long in 0u32..40, at in 0u32..64) {
            // Mostly long runs of ones, placed anywhere.
            let w = u64::from(cur) << 32 | u64::from(prev);
            let ones = if long >= 32 { w } else { w | ((1u64 << long) - 1).rotate_left(at) };
            let (prev, cur) = (ones as u32, (ones >> 32) as u32);
            let bit = |j: i32| j >= 0 && ones >> j & 1 == 1;
            let want = (0..32).filter(|&e: &i32| {
                let end = e + 32;
                !bit(end) && (end - 17..end).all(bit) && end - 18 >= 0 && !bit(end - 18)
            }).fold(0u32, |m, e| m | 1 << e);
            prop_assert_eq!(runs_of_17(prev, cur), want);
        }
    }

    /// Texts of bytes the marks record, their neighbours in nibble
    /// (`+`, `;`, `o`, `Z`), and a two-byte character.
    fn marked_text() -> impl Strategy<Value = Vec<u8>> {
        let piece = prop_oneof![
            prop::sample::select(b"@%*:/[+;oZ .".to_vec()).prop_map(|c| vec![c]),
            Just("é".as_bytes().to_vec()),
            "[a-z0-9 ]{1,40}".prop_map(String::into_bytes),
        ];
        proptest::collection::vec(piece, 0..30).prop_map(|v| v.concat())
    }

    /// The marked search against the plain one, for each needle set a
    /// detector searches with, and one of no searched class (`w`).
    fn marked_is_plain(b: &[u8], marks: &[u8], from: usize) -> Result<(), TestCaseError> {
        let m = Marks::of(marks);
        prop_assert_eq!(m.find_any(b, from, [b'@', b'%']), find_any(b, from, [b'@', b'%']));
        prop_assert_eq!(m.find_any(b, from, [b':']), find_any(b, from, [b':']));
        prop_assert_eq!(m.find_any(b, from, [b'/']), find_any(b, from, [b'/']));
        prop_assert_eq!(m.find_any(b, from, [b'[']), find_any(b, from, [b'[']));
        prop_assert_eq!(m.find_any(b, from, [b'*']), find_any(b, from, [b'*']));
        prop_assert_eq!(m.find_any(b, from, [b'w', b'/']), find_any(b, from, [b'w', b'/']));
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]
        #[test]
        fn marked_search_is_the_plain_search(b in marked_text(), from in 0usize..1300) {
            let from = from.min(b.len() + 1);
            marked_is_plain(&b, &marks_bytewise(&b), from)?;
            // And every later find, as the detectors go on after each.
            let mut at = 0;
            while let Some(p) = Marks::of(&marks_bytewise(&b)).find_any(&b, at, [b':']) {
                prop_assert_eq!(Some(p), find_any(&b, at, [b':']));
                at = p + 1;
            }
        }

        /// Long texts (marked by the index): its marks are the bytewise ones.
        #[test]
        fn digit_index_marks_are_the_bytewise_marks(b in marked_text(), pad in 0usize..70) {
            let mut long = vec![b'x'; MARKED_LEN - 40 + pad];
            long.extend_from_slice(&b);
            let want = if long.len() >= MARKED_LEN { marks_bytewise(&long) } else { Vec::new() };
            let ix = digit_index(&long);
            prop_assert_eq!(ix.marks(), &want[..]);
            marked_is_plain(&long, digit_index(&long).marks(), MARKED_LEN - 45)?;
            // Short ones have none.
            prop_assert!(digit_index(&b[..b.len().min(MARKED_LEN - 1)]).marks().is_empty());
        }
    }

    /// Each searched byte at every place around the chunk edges and at the
    /// end, and a two-byte character across an edge.
    #[test]
    fn marks_across_chunk_edges() {
        let n = MARKED_LEN + 70;
        for c in [b'@', b'%', b'*', b':', b'/', b'['] {
            for at in (MARKED_LEN - 40..n).chain(0..70) {
                let mut b = "é".repeat(n / 2).into_bytes();
                b.truncate(n - 1);
                b.push(b' ');
                b[at] = c;
                let ix = digit_index(&b);
                assert_eq!(ix.marks(), marks_bytewise(&b), "{c} at {at}");
                let m = Marks::of(ix.marks());
                for from in [0, at.saturating_sub(1), at, at + 1, at / 32 * 32, (at / 32 + 1) * 32, n, n + 1] {
                    assert_eq!(m.find_any(&b, from, [c]), (from <= at).then_some(at), "{c} at {at} from {from}");
                }
            }
        }
        assert_eq!(Marks::of(&marks_bytewise(b"")).find_any(b"", 0, [b'@']), None);
        assert_eq!(Marks::of(&marks_bytewise(b"")).find_any(b"", 1, [b'@']), None);
        assert_eq!(marks_bytewise(b"a%b*"), vec![crate::detect::has::PERCENT_OR_STAR]);
        assert_eq!(marks_bytewise(b"+;oZ.w"), vec![0]);
    }

    #[test]
    fn digit_run_start_goes_back_over_chunks() {
        let naive = |b: &[u8], end: usize| (0..=end).rev().take_while(|&p| p == end || b[p].is_ascii_digit()).last().unwrap();
        for lead in ["", "x", "é", "ab cd ef gh ij é"] {
            for n in [0, 1, 15, 16, 17, 31, 32, 33, 70] {
                let mut b = lead.as_bytes().to_vec();
                b.extend(std::iter::repeat_n(b'7', n));
                for end in 0..=b.len() {
                    assert_eq!(digit_run_start(&b, end), naive(&b, end), "{lead:?} + {n} digits, end {end}");
                }
            }
        }
        assert_eq!(digit_run_start(b"", 0), 0);
    }

    #[test]
    fn heads_across_chunk_edges() {
        for at in 0..40 {
            let mut b = vec![b'x'; 48];
            b[at..at + 4].copy_from_slice(b"DE89");
            assert_eq!(find_iban_head(&b, 0), (at + 4 <= 48).then_some(at), "at {at}");
            assert_eq!(find_any(&b, 0, [b'8']), Some(at + 2));
            assert_eq!(find_any(&b, at + 3, [b'8']), None);
        }
    }
}
