//! A fast, unkeyed hasher (the "Fx" multiply-rotate hash rustc uses) for
//! sets built from the crate's own word lists: names, label phrases, stop
//! words. SipHash, std's default, costs more per short word than the rest of
//! the lookup. Not for maps whose keys come from the input (JSON keys, found
//! values): an unkeyed hash lets crafted input collide on purpose, and those
//! maps keep SipHash.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

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
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut last = [0u8; 8];
            last[..rest.len()].copy_from_slice(rest);
            // The tail's length in the top byte, so "abc" and "abc\0" differ.
            last[7] ^= rest.len() as u8;
            self.add(u64::from_le_bytes(last));
        }
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
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

/// A set of the crate's own static words.
pub(crate) type StaticSet<T> = HashSet<T, BuildHasherDefault<FxHasher>>;
/// A map keyed by the crate's own static words.
pub(crate) type StaticMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sets_find_what_they_hold_and_nothing_else() {
        let words = ["maria", "garcia", "o'neil", "núñez", "a", "", "abcdefgh", "abcdefghi"];
        let set: StaticSet<&str> = words.iter().copied().collect();
        assert!(words.iter().all(|w| set.contains(w)));
        for w in ["mari", "garcias", "abcdefgh\0", "b", " "] {
            assert!(!set.contains(w), "{w:?}");
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
}
