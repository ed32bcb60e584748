//! A fast, unkeyed hasher (the "Fx" multiply-rotate hash rustc uses) for
//! sets built from the crate's own word lists (names, label phrases, stop
//! words) or from the config (`jsonKeys`). SipHash, std's default, costs
//! more per short word than the rest of the lookup. Not for maps whose keys
//! come from the input (JSON keys, found values): an unkeyed hash lets
//! crafted input collide on purpose, and those maps keep SipHash.

use std::borrow::Borrow;
use std::collections::HashMap;
use std::hash::{BuildHasher, BuildHasherDefault, Hash, Hasher};

/// Fx hashing state: one word, mixed by rotate, xor and multiply.
#[derive(Default, Clone, Copy)]
pub(crate) struct FxHasher(u64);

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    #[inline]
    fn add(&mut self, w: u64) {
        self.0 = (self.0.rotate_left(5) ^ w).wrapping_mul(SEED);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes(c.try_into().expect("8 bytes")));
        }
        // The tail (1 to 7 bytes) as one word, read in place, not copied
        // into a zeroed word first (that copy was a call of its own, 4% of
        // a JSON scan): two four-byte reads that overlap, or the first,
        // middle and last byte, which are all of a tail under four bytes.
        // Its length in the top byte, so "abc" and "abc\0" differ.
        let rest = chunks.remainder();
        let n = rest.len();
        if n > 0 {
            let four = |at: usize| u64::from(u32::from_le_bytes(rest[at..at + 4].try_into().expect("4 bytes")));
            let w = if n >= 4 { four(0) | four(n - 4) << 32 } else { u64::from(rest[0]) | u64::from(rest[n / 2]) << 8 | u64::from(rest[n - 1]) << 16 };
            self.add(w ^ (n as u64) << 56);
        }
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    // Integers are one word each (the default writes their bytes, through
    // the tail copy above: the JSON walk hashes a pair of u32 per value).
    #[inline]
    fn write_u16(&mut self, i: u16) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }
}

/// A map keyed by the crate's own static words.
pub(crate) type StaticMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// A memo for values worked out from input (JSON keys and short values):
/// two slots per hash bucket, the more recently used first; a new key
/// evicts the other. Two ways, not one: with one, two keys sharing a bucket
/// evicted each other on every alternation (the 208 keys of the 1 MB bench
/// body had three such pairs, and each of their 330 extra misses scanned
/// the key and worked out its words again). Lookups cost one Fx hash and at
/// most two comparisons whatever the input, so input crafted to collide
/// only turns hits into misses, i.e. back into the work the memo saves; a
/// hash map with chains would let it make every lookup slow.
pub(crate) struct DirectCache<K, V> {
    /// Each with its key's hash, compared first: a miss on a slot holding
    /// another key then costs no key comparison (in a document of distinct
    /// short values, most lookups are such misses).
    slots: Vec<Option<(u64, K, V)>>,
    /// How far a hash is shifted down to give its bucket: 65 less the
    /// base-2 log of the slot count, kept so that a look-up does not work it
    /// out from the slot count again.
    shift: u32,
}

impl<K: Hash + SameKey, V: Clone> DirectCache<K, V> {
    /// A cache of about `n` slots (a power of two, 16 to 4096).
    pub(crate) fn with_slots(n: usize) -> Self {
        let n = n.clamp(16, 4096).next_power_of_two();
        DirectCache { slots: (0..n).map(|_| None).collect(), shift: 65 - n.trailing_zeros() }
    }

    /// The value for `key`, computed by `make` unless its bucket holds it.
    pub(crate) fn get_or_insert_with(&mut self, key: K, make: impl FnOnce() -> V) -> V {
        let h = hash(&key);
        if let Some(v) = self.find(h, &key) {
            return v;
        }
        let v = make();
        self.put(h, key, v.clone());
        v
    }

    /// The value for `key` if its bucket holds it; `h` is [`hash`] of
    /// `key`, which may be a borrowed form of the stored key (a `&str` for a
    /// `Box<str>`: both hash alike).
    #[inline]
    pub(crate) fn find<Q: SameKey + ?Sized>(&mut self, h: u64, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
    {
        let i = self.bucket(h);
        // The bucket's two slots as one slice: one bounds check, not two.
        let pair = &mut self.slots[i..i + 2];
        if let Some((hash, k, v)) = &pair[0] {
            if *hash == h && k.borrow().same(key) {
                return Some(v.clone());
            }
        }
        if let Some((hash, k, v)) = &pair[1] {
            if *hash == h && k.borrow().same(key) {
                let v = v.clone();
                pair.swap(0, 1);
                return Some(v);
            }
        }
        None
    }

    /// Stores `v` for `key`, whose [`hash`] is `h` and which its bucket
    /// does not hold: the less recently used slot of the bucket goes.
    #[inline]
    pub(crate) fn put(&mut self, h: u64, key: K, v: V) {
        let i = self.bucket(h);
        let pair = &mut self.slots[i..i + 2];
        pair.swap(0, 1);
        pair[0] = Some((h, key, v));
    }

    /// Slot `i` of the bucket of hash `h` (the more recently used); the other is `i + 1`.
    fn bucket(&self, h: u64) -> usize {
        // From the top bits: Fx mixes upwards, its low bits are weak.
        ((h >> self.shift) as usize) * 2
    }
}

/// Equality of [`DirectCache`] keys: `==`, with the text in them compared
/// by [`bytes_eq`]. A lookup whose hash matches compares the whole key,
/// and `==` on text is a call to a byte-at-a-time loop in the wasm build
/// (the JSON keys and short values that hit the caches are up to 64 and
/// 160 bytes).
pub(crate) trait SameKey {
    /// Whether `self == other`.
    fn same(&self, other: &Self) -> bool;
}

impl SameKey for str {
    #[inline]
    fn same(&self, other: &Self) -> bool {
        bytes_eq(self.as_bytes(), other.as_bytes())
    }
}

impl SameKey for Box<str> {
    #[inline]
    fn same(&self, other: &Self) -> bool {
        bytes_eq(self.as_bytes(), other.as_bytes())
    }
}

impl SameKey for [u8] {
    #[inline]
    fn same(&self, other: &Self) -> bool {
        bytes_eq(self, other)
    }
}

impl SameKey for Box<[u8]> {
    #[inline]
    fn same(&self, other: &Self) -> bool {
        bytes_eq(self, other)
    }
}

impl SameKey for u64 {
    #[inline]
    fn same(&self, other: &Self) -> bool {
        self == other
    }
}

impl<T: SameKey + ?Sized> SameKey for &T {
    #[inline]
    fn same(&self, other: &Self) -> bool {
        (**self).same(*other)
    }
}

impl<A: SameKey, B: Eq> SameKey for (A, B) {
    #[inline]
    fn same(&self, other: &Self) -> bool {
        self.1 == other.1 && self.0.same(&other.0)
    }
}

impl<A: SameKey, B: Eq, C: Eq> SameKey for (A, B, C) {
    #[inline]
    fn same(&self, other: &Self) -> bool {
        self.1 == other.1 && self.2 == other.2 && self.0.same(&other.0)
    }
}

/// Whether `a == b`, eight bytes at a time: the length first, then whole
/// words, then the last eight bytes (overlapping the words before), or for
/// a string under eight bytes two four-byte reads that overlap, or its up
/// to three bytes.
#[inline(never)]
pub(crate) fn bytes_eq(a: &[u8], b: &[u8]) -> bool {
    let n = a.len();
    if n != b.len() {
        return false;
    }
    let word = |s: &[u8], at: usize| u64::from_le_bytes(s[at..at + 8].try_into().expect("8 bytes"));
    let four = |s: &[u8], at: usize| u32::from_le_bytes(s[at..at + 4].try_into().expect("4 bytes"));
    if n >= 8 {
        let whole = a.chunks_exact(8).zip(b.chunks_exact(8)).all(|(x, y)| word(x, 0) == word(y, 0));
        whole && word(a, n - 8) == word(b, n - 8)
    } else if n >= 4 {
        four(a, 0) == four(b, 0) && four(a, n - 4) == four(b, n - 4)
    } else {
        a.iter().zip(b).all(|(x, y)| x == y)
    }
}

/// The hash [`DirectCache`] files `key` under.
pub(crate) fn hash<Q: Hash + ?Sized>(key: &Q) -> u64 {
    BuildHasherDefault::<FxHasher>::default().hash_one(key)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// `bytes_eq` is `==`: on pairs of any lengths, and on equal pairs
        /// with one byte changed (or not) anywhere, head, words or tail.
        #[test]
        fn bytes_eq_is_eq(a in proptest::collection::vec(0u8..4, 0..40), b in proptest::collection::vec(0u8..4, 0..40), at in 0usize..40, x in any::<u8>()) {
            prop_assert_eq!(bytes_eq(&a, &b), a == b);
            let mut c = a.clone();
            if let Some(v) = c.get_mut(at) {
                *v = x;
            }
            prop_assert_eq!(bytes_eq(&a, &c), a == c);
            prop_assert_eq!(bytes_eq(&c, &a), a == c);
            // As keys of a cache: bytes (the JSON memos), boxed or borrowed.
            prop_assert_eq!((&a[..], 1u8).same(&(&c[..], 1u8)), a == c);
            prop_assert_eq!(Box::<[u8]>::from(&a[..]).same(&Box::from(&c[..])), a == c);
            let (a, c) = (String::from_utf8_lossy(&a), String::from_utf8_lossy(&c));
            prop_assert_eq!((&*a, 1u8).same(&(&*c, 1u8)), a == c);
        }
    }

    #[test]
    fn the_cache_returns_what_was_computed_and_recomputes_after_an_eviction() {
        let mut c: DirectCache<&str, usize> = DirectCache::with_slots(16);
        let mut calls = 0;
        for _ in 0..3 {
            assert_eq!(c.get_or_insert_with("status", || { calls += 1; 6 }), 6);
        }
        assert_eq!(calls, 1, "computed once while it stays in its slot");
        // 100 distinct keys through 16 slots: every answer is still right.
        let words: Vec<String> = (0..100).map(|i| format!("key{i}")).collect();
        for w in &words {
            assert_eq!(c.get_or_insert_with(w.as_str(), || w.len()), w.len());
        }
        for w in words.iter().rev() {
            assert_eq!(c.get_or_insert_with(w.as_str(), || w.len()), w.len());
        }
    }

    #[test]
    fn two_keys_sharing_a_bucket_both_stay() {
        // Boxed, as the JSON key table keeps its keys.
        let mut c: DirectCache<Box<str>, usize> = DirectCache::with_slots(16);
        let bucket = |k: &String| BuildHasherDefault::<FxHasher>::default().hash_one(k) >> 61;
        let words: Vec<String> = (0..100).map(|i| format!("key{i}")).collect();
        let a = &words[0];
        let b = words[1..].iter().find(|w| bucket(w) == bucket(a)).expect("8 buckets, 99 words");
        let mut calls = 0;
        for _ in 0..4 {
            for k in [a, b] {
                assert_eq!(c.get_or_insert_with(k.as_str().into(), || { calls += 1; k.len() }), k.len());
            }
        }
        assert_eq!(calls, 2, "each computed once");
        // A third key in the bucket evicts the less recently used one (`a`).
        let third = words[1..].iter().find(|w| *w != b && bucket(w) == bucket(a)).expect("8 buckets, 99 words");
        c.get_or_insert_with(b.as_str().into(), || unreachable!());
        c.get_or_insert_with(third.as_str().into(), || third.len());
        c.get_or_insert_with(b.as_str().into(), || unreachable!());
        let mut recomputed = false;
        c.get_or_insert_with(a.as_str().into(), || { recomputed = true; a.len() });
        assert!(recomputed);
    }

    #[test]
    fn sets_find_what_they_hold_and_nothing_else() {
        let words = ["maria", "garcia", "o'neil", "núñez", "a", "", "abcdefgh", "abcdefghi"];
        let set: StaticMap<&str, ()> = words.iter().map(|&w| (w, ())).collect();
        assert!(words.iter().all(|w| set.contains_key(w)));
        for w in ["mari", "garcias", "abcdefgh\0", "b", " "] {
            assert!(!set.contains_key(w), "{w:?}");
        }
        // Equal strings hash equally; a trailing zero byte is not padding.
        let h = |s: &str| {
            let mut f = FxHasher::default();
            f.write(s.as_bytes());
            f.finish()
        };
        assert_eq!(h("garcia"), h("garcia"));
        assert_ne!(h("abc"), h("abc\0"));
    }

    /// The tail's word holds every byte of it and its length: strings of 1
    /// to 8 bytes of three kinds of byte, and one word followed by each of
    /// them, all hash apart.
    #[test]
    fn short_strings_hash_apart() {
        let mut seen = std::collections::HashSet::new();
        let mut all = vec![Vec::new()];
        for len in 1..=15 {
            let mut longer = Vec::new();
            for s in all.iter().filter(|s: &&Vec<u8>| s.len() == len - 1) {
                for b in [0, b'a', 0xff] {
                    longer.push([s.as_slice(), &[b]].concat());
                }
            }
            // Past eight bytes, the tails after one head word. (Not a zero
            // word: Fx maps a zero word at the start to the empty state.)
            all.extend(longer.into_iter().filter(|s| len <= 8 || s[..8] == *b"aaaaaaaa"));
        }
        for s in &all[1..] {
            let mut f = FxHasher::default();
            f.write(s);
            assert!(seen.insert(f.finish()), "{s:?}");
        }
    }
}
