//! Word lists as one byte string each, every word after its length in a
//! byte, made at compile time from a comma-separated literal ([`words!`]).
//!
//! In the wasm a `&[&str]` costs 8 bytes of pointer and length per word on
//! top of its text, and those compress poorly: the long lists (names,
//! labels) are comma strings split once when their tables are built. A
//! list read per value or per token cannot be split at each use (a pass
//! over all its bytes); these are read word by word as a slice is, a length
//! byte a step ([`listed`]).

/// The words of the comma-separated `list`, each after its length in one
/// byte: `"ab,c"` is `[2, a, b, 1, c]`. `N` is `list.len() + 1`.
pub(crate) const fn prefixed<const N: usize>(list: &str) -> [u8; N] {
    let b = list.as_bytes();
    assert!(N == b.len() + 1, "a list is one byte longer than its text");
    let mut out = [0u8; N];
    // `start`: where the current word's length byte goes, the byte of the
    // comma before it (or 0); its bytes follow, each one place later.
    let (mut start, mut i) = (0, 0);
    while i <= b.len() {
        if i == b.len() || b[i] == b',' {
            assert!(i - start < 256, "a word is shorter than 256 bytes");
            out[start] = (i - start) as u8;
            start = i + 1;
        } else {
            out[i + 1] = b[i];
        }
        i += 1;
    }
    out
}

/// A word list for [`listed`] from a comma-separated string literal:
/// `const ROLES: &[u8] = words!("noreply,postmaster");`.
macro_rules! words {
    ($list:expr) => {
        &$crate::words::prefixed::<{ $list.len() + 1 }>($list)
    };
}
pub(crate) use words;

/// Whether `eq` holds for `w` and a word of `list` (made by [`words!`]) of
/// the same length; words of other lengths are stepped over unread.
#[inline(always)]
pub(crate) fn listed(list: &[u8], w: &[u8], eq: impl Fn(&[u8], &[u8]) -> bool) -> bool {
    let mut i = 0;
    while i < list.len() {
        let n = usize::from(list[i]);
        if n == w.len() && list.get(i + 1..i + 1 + n).is_some_and(|x| eq(x, w)) {
            return true;
        }
        i += 1 + n;
    }
    false
}

/// The words of `list` (made by [`words!`]), in order.
#[cfg(test)]
pub(crate) fn each(list: &[u8]) -> impl Iterator<Item = &[u8]> + '_ {
    let mut rest = list;
    std::iter::from_fn(move || {
        let (&n, tail) = rest.split_first()?;
        let (w, after) = tail.split_at(usize::from(n));
        rest = after;
        Some(w)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_holds_its_words_in_order() {
        const L: &[u8] = words!(",ab,c,,def");
        assert_eq!(L, b"\x00\x02ab\x01c\x00\x03def");
        assert_eq!(each(L).collect::<Vec<_>>(), [&b""[..], b"ab", b"c", b"", b"def"]);
        for w in ["", "ab", "c", "def"] {
            assert!(listed(L, w.as_bytes(), |a, b| a == b), "{w}");
        }
        for w in ["a", "b", "abc", "de", "AB", "x"] {
            assert!(!listed(L, w.as_bytes(), |a, b| a == b), "{w}");
        }
        assert!(listed(L, b"AB", <[u8]>::eq_ignore_ascii_case));
        const ONE: &[u8] = words!("x");
        assert_eq!(ONE, b"\x01x");
    }
}
