//! Person names.
//!
//! Two routes, as for other ambiguous identifiers:
//! - after a person label ("Patient:", "Mr.", "daughter", `firstName`), one
//!   to four capitalised words, "Last, First" included; a first name alone
//!   counts there;
//! - without a label, a known given name followed by a known surname
//!   ("Maria Garcia", "José García López"), or "Surname, Given".
//!
//! Names right after a clinician label ("Dr.", "Attending:") are providers,
//! not patients, and are left alone.

use super::names_data::{GIVEN, SURNAMES};
use super::find::{byte_kinds, find_any, ByteKinds};
use super::Ctx;
use crate::finding::{why, Hit};
use crate::labels::{self, LabelKind};
use crate::fast_hash::bytes_eq;
use crate::PhiType;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::OnceLock;

/// The names of one of the comma-separated lists in `names_data` (the
/// tests' view; [`lists`] reads them with [`list_bytes`]).
#[cfg(test)]
fn list(names: &'static str) -> impl Iterator<Item = &'static str> {
    names.split(',').filter(|n| !n.is_empty())
}

/// The names of one of the comma-separated lists in `names_data`, as
/// bytes, for [`lists`]: split at each comma byte without
/// decoding chars (a comma byte is always the char), where `str::split`
/// searched afresh for each of the 2,000 commas (a third of building the
/// lists, which a guard's first scan does).
fn list_bytes(names: &'static str) -> impl Iterator<Item = &'static [u8]> {
    names.as_bytes().split(|&c| c == b',').filter(|n| !n.is_empty())
}

/// The word lists, one bit each in what [`lists_of`] returns.
mod on {
    /// `names_data::GIVEN`
    pub(super) const GIVEN: u8 = 1;
    /// `names_data::SURNAMES`
    pub(super) const SURNAME: u8 = 2;
    /// [`super::STOP`]
    pub(super) const STOP: u8 = 4;
    /// [`super::PARTICLES`]
    pub(super) const PARTICLE: u8 = 8;
    /// [`super::COMMON_WORDS`]
    pub(super) const COMMON_WORD: u8 = 16;
    /// [`super::COMMON_CAPS`]
    pub(super) const COMMON_CAP: u8 = 32;
    /// [`super::PERSON_VERBS`]
    pub(super) const PERSON_VERB: u8 = 64;
}

/// What the lists say of one listed word.
struct Listed {
    /// The lists (bits of [`on`]) it is on.
    lists: u8,
    /// [`is_stop`] for it, worked out on first asking ([`STOP_UNKNOWN`]
    /// until then): it takes a label look-up, which allocates, and the
    /// listed words are asked about again and again.
    stop: AtomicU8,
}

/// [`Listed::stop`] not yet worked out.
const STOP_UNKNOWN: u8 = 2;

/// One listed word in [`Lists::words`].
struct Word {
    /// The word, folded.
    word: &'static [u8],
    /// What the lists say of it.
    listed: Listed,
    /// 1 + the index of the next word in the same [`slot`], or 0.
    next: u16,
}

/// The word lists, built on first use.
struct Lists {
    /// Every listed word once, whatever lists it is on: a word is looked up
    /// once for all the lists it is asked about, and the short lists are
    /// not compared with it entry by entry.
    words: Vec<Word>,
    /// For each [`slot`], 1 + the index in `words` of its first word (0:
    /// none), the others chained by [`Word::next`]. The slot is the hash:
    /// a look-up computes it once for [`Lists::bounds`] and this table, and
    /// compares the word with the few words of its slot, eight bytes at a
    /// time ([`bytes_eq`]); a hash map hashed the word a second time and
    /// compared bytes one by one.
    heads: [u16; 1 << SLOT_BITS],
    /// For each [`slot`], the lists (bits of [`on`]) of the listed words in
    /// it: a superset of any word's lists, read without comparing the word.
    /// Most words in text are on no list, and for nearly all of them their
    /// slot holds none, or not the list asked about.
    bounds: [u8; 1 << SLOT_BITS],
    /// For each char from U+00C0 to U+017F (accented Latin letters), what
    /// [`fold_chars`] makes of it if that is one ASCII byte, else 0: for
    /// [`fold_latin`].
    latin: [u8; 0x180 - 0xC0],
    /// [`case_by_tables`] of each char from U+00C0 to U+017F, the accented
    /// Latin letters of names: the Unicode tables are searched once for each.
    latin_case: [u8; 0x180 - 0xC0],
}

/// [`Lists::bounds`] has `1 << SLOT_BITS` slots: with about 2,100 listed
/// words, a word on no list finds a slot of given names (the list asked
/// about most) about once in 25.
const SLOT_BITS: u32 = 14;

/// The slot of the folded word `w` in [`Lists::bounds`], from its first
/// two bytes, its middle and last bytes and its length: those tell nearly
/// every prose word from every name ("theory" from "theo", "jason" from
/// "jasper"). A word of one byte or none has the slot of its byte.
fn slot(w: &[u8]) -> usize {
    slot_by(w, 0)
}

/// The [`slot`] of `w` folded, for a plain word (ASCII letters only, as
/// [`plain_word`] and lowercase runs are): [`fold`] lowercases its letters
/// and nothing else, and a letter is lowercased by setting its bit 5, so
/// the slot is read without folding the word, its first two bytes in one
/// read.
fn plain_slot(w: &[u8]) -> usize {
    debug_assert!(w.iter().all(u8::is_ascii_alphabetic));
    slot_by(w, 0x20)
}

/// [`slot`] of `w` with `set` or'ed into each byte it reads.
#[inline(always)]
fn slot_by(w: &[u8], set: u8) -> usize {
    let n = w.len();
    if n < 2 {
        return usize::from(w.first().map_or(0, |c| c | set));
    }
    let key = u32::from(u16::from_le_bytes([w[0], w[1]])) | u32::from(w[n / 2]) << 16 | u32::from(w[n - 1]) << 24;
    ((key | u32::from_ne_bytes([set; 4])) ^ (n as u32).wrapping_mul(0x2545_F491)).wrapping_mul(0x9E37_79B1) as usize >> (32 - SLOT_BITS)
}

/// The word lists.
fn lists() -> &'static Lists {
    static L: OnceLock<Lists> = OnceLock::new();
    L.get_or_init(|| {
        let latin = std::array::from_fn(|k| {
            let c = char::from_u32(0xC0 + k as u32).unwrap_or_default();
            match fold_chars(c.encode_utf8(&mut [0; 4])).as_bytes() {
                &[f] => f,
                _ => 0,
            }
        });
        let latin_case = std::array::from_fn(|k| case_by_tables(char::from_u32(0xC0 + k as u32).unwrap_or_default()));
        let mut l = Lists { words: Vec::new(), heads: [0; 1 << SLOT_BITS], bounds: [0; 1 << SLOT_BITS], latin, latin_case };
        let short = |l: &'static [&'static str]| l.iter().map(|w| w.as_bytes());
        let all: [(&mut dyn Iterator<Item = &'static [u8]>, u8); 7] = [
            (&mut list_bytes(GIVEN), on::GIVEN),
            (&mut list_bytes(SURNAMES), on::SURNAME),
            (&mut list_bytes(STOP), on::STOP),
            (&mut short(PARTICLES), on::PARTICLE),
            (&mut list_bytes(COMMON_WORDS), on::COMMON_WORD),
            (&mut list_bytes(COMMON_CAPS), on::COMMON_CAP),
            (&mut list_bytes(PERSON_VERBS), on::PERSON_VERB),
        ];
        for (words, bit) in all {
            for w in words {
                let s = slot(w);
                l.bounds[s] |= bit;
                match l.find(s, w) {
                    Some(i) => l.words[i].listed.lists |= bit,
                    None => {
                        let next = std::mem::replace(&mut l.heads[s], (l.words.len() + 1) as u16);
                        l.words.push(Word { word: w, listed: Listed { lists: bit, stop: AtomicU8::new(STOP_UNKNOWN) }, next });
                    }
                }
            }
        }
        assert!(l.words.len() < usize::from(u16::MAX), "word indexes fit in u16");
        l
    })
}

impl Lists {
    /// The lists the folded word `w` may be on: a superset of its lists.
    fn bound(&self, w: &[u8]) -> u8 {
        self.bounds[slot(w)]
    }

    /// [`Lists::bound`] of the plain word `w` folded, without folding it
    /// ([`plain_slot`]).
    fn plain_bound(&self, w: &[u8]) -> u8 {
        self.bounds[plain_slot(w)]
    }

    /// The index in [`Lists::words`] of the folded word `w`, whose [`slot`] is `s`.
    fn find(&self, s: usize, w: &[u8]) -> Option<usize> {
        let mut at = self.heads[s];
        while at != 0 {
            let i = usize::from(at - 1);
            let e = &self.words[i];
            if bytes_eq(e.word, w) {
                return Some(i);
            }
            at = e.next;
        }
        None
    }

    /// What the lists say of the plain word `w` folded, if it is on a
    /// list, without folding it: its [`plain_slot`], and the words there
    /// compared with it lowercased on the way, four or eight bytes a read
    /// as [`bytes_eq`] does (the listed words' `'`, `-`, ` ` and `.` have
    /// bit 5 set too, so lowercasing by setting it finds only the word).
    fn find_plain(&self, w: &[u8]) -> Option<&Listed> {
        let s = plain_slot(w);
        // Words share their slot with no listed word more often than not.
        if self.bounds[s] == 0 {
            return None;
        }
        let n = w.len();
        let eight = |s: &[u8], at: usize| u64::from_le_bytes(s[at..at + 8].try_into().expect("8 bytes"));
        let four = |s: &[u8], at: usize| u32::from_le_bytes(s[at..at + 4].try_into().expect("4 bytes"));
        let same = |word: &[u8]| {
            if n >= 8 {
                const LOWER: u64 = u64::from_ne_bytes([0x20; 8]);
                let whole = w.chunks_exact(8).zip(word.chunks_exact(8)).all(|(x, y)| eight(x, 0) | LOWER == eight(y, 0));
                whole && eight(w, n - 8) | LOWER == eight(word, n - 8)
            } else if n >= 4 {
                const LOWER: u32 = u32::from_ne_bytes([0x20; 4]);
                four(w, 0) | LOWER == four(word, 0) && four(w, n - 4) | LOWER == four(word, n - 4)
            } else {
                w.iter().zip(word).all(|(x, y)| x | 0x20 == *y)
            }
        };
        let mut at = self.heads[s];
        while at != 0 {
            let e = &self.words[usize::from(at - 1)];
            if e.word.len() == n && same(e.word) {
                return Some(&e.listed);
            }
            at = e.next;
        }
        None
    }
}

/// What the lists say of the folded word `w`, if it is on a list.
fn listed(w: &[u8]) -> Option<&'static Listed> {
    let l = lists();
    l.find(slot(w), w).map(|i| &l.words[i].listed)
}

/// Which of the word lists (bits of [`on`]) the folded word `w` is on.
fn lists_of(w: impl AsRef<[u8]>) -> u8 {
    listed(w.as_ref()).map_or(0, |e| e.lists)
}

/// Whether the folded word `w` is on list `bit` of [`on`].
fn is_on(w: impl AsRef<[u8]>, bit: u8) -> bool {
    lists_of(w) & bit != 0
}

/// Whether a part of the hyphenated folded word `w` is a listed surname
/// (false for a word without a hyphen).
fn surname_part(w: &[u8]) -> bool {
    w.contains(&b'-') && w.split(|&c| c == b'-').any(|p| is_on(p, on::SURNAME))
}

/// Capitalised words that are not names even after a person label.
const STOP: &str = concat!(
    ",a,active,address,admin,admitted,again,age,all,also,an,and,anonymous,any,approved,",
    "april,apt,assessment,at,august,ave,avenue,back,banner,bcc,bed,between,bp,button,by,",
    "called,card,care,case,cc,center,centre,chief,city,clinic,colleague,complaint,",
    "component,consent,context,created,currently,dashboard,data,dear,december,default,",
    "delete,deleted,demo,demographics,denied,denies,details,diagnosis,discharged,",
    "distinct,dob,drive,each,ed,else,email,er,error,every,everyone,example,exists,failed,",
    "false,fax,february,female,field,first,folks,follow,followup,footer,for,form,found,",
    "friday,friend,friends,from,fw,fwd,gender,group,guest,guys,had,has,having,he,header,",
    "health,hello,her,here,hi,his,history,hospital,hr,i,icu,id,ids,if,in,inactive,info,",
    "information,inner,input,insert,insurance,intake,into,is,it,its,january,join,july,",
    "june,kg,label,lane,last,layout,lbs,left,like,limit,link,list,lives,living,lookup,",
    "madam,male,march,medical,medicine,menu,mg,ml,modal,monday,mrn,n/a,new,next,nicu,no,",
    "no.,none,not,note,notes,november,now,null,number,october,of,offset,ok,okay,old,on,",
    "or,order,other,outer,pacu,page,panel,pending,per,phone,plan,please,portal,presented,",
    "previous,previously,profile,provider,purpose,rd,re,reason,received,recently,record,",
    "records,relationship,reported,reports,request,response,results,returning,right,road,",
    "room,row,rr,same,sample,saturday,search,see,seen,select,self,september,sex,she,",
    "signature,signed,sir,some,spo2,ssn,st,state,stated,states,status,street,subject,",
    "suite,summary,sunday,system,table,team,temp,test,thank,thanks,that,the,their,then,",
    "there,these,they,this,thursday,to,today,tomorrow,true,tuesday,type,undefined,union,",
    "unknown,up,update,updated,user,values,verified,via,view,visit,ward,was,we,wednesday,",
    "when,where,who,with,world,yes,yesterday,you,zip,",
);

/// A folded word; short ASCII words (nearly all of them) stay off the heap,
/// since the name words that are not plain (accented, hyphenated) are folded
/// before their look-ups.
enum Folded {
    Inline([u8; 24], u8),
    Heap(String),
}

impl Folded {
    fn as_str(&self) -> &str {
        match self {
            // Lowercased ASCII bytes of a str: still UTF-8.
            Folded::Inline(b, n) => std::str::from_utf8(&b[..usize::from(*n)]).unwrap_or_default(),
            Folded::Heap(s) => s,
        }
    }
}

impl AsRef<[u8]> for Folded {
    fn as_ref(&self) -> &[u8] {
        match self {
            Folded::Inline(b, n) => &b[..usize::from(*n)],
            Folded::Heap(s) => s.as_bytes(),
        }
    }
}

impl std::ops::Deref for Folded {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl PartialEq<&str> for Folded {
    #[inline]
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

/// Lowercase, accents off, `’` as `'`: the form the name lists use.
fn fold(w: &str) -> Folded {
    if w.len() <= 24 {
        let mut b = [0u8; 24];
        b[..w.len()].copy_from_slice(w.as_bytes());
        // Eight bytes at a time (many words are folded), their
        // high bits gathered on the way: a non-ASCII byte sends the word to
        // `fold_chars`.
        let mut high = 0;
        for chunk in b.chunks_exact_mut(8) {
            let x = u64::from_le_bytes(chunk.try_into().expect("8 bytes"));
            high |= x;
            chunk.copy_from_slice(&ascii_lower8(x).to_le_bytes());
        }
        if high & 0x8080_8080_8080_8080 == 0 {
            return Folded::Inline(b, w.len() as u8);
        }
        if let Some(f) = fold_latin(w.as_bytes()) {
            return f;
        }
    }
    Folded::Heap(fold_chars(w))
}

/// [`fold`] for a word of at most 24 bytes whose non-ASCII chars are
/// accented Latin letters that fold to one ASCII letter ("José", "MÜLLER")
/// or `’`, from [`Lists::latin`], without decoding chars nor a `String`
/// (accented names are common, and each is folded to be looked up); `None`
/// for any other char, which [`fold_chars`] folds.
fn fold_latin(w: &[u8]) -> Option<Folded> {
    let latin = &lists().latin;
    let mut out = [0u8; 24];
    let (mut i, mut n) = (0, 0);
    while i < w.len() {
        let c = w[i];
        out[n] = if c < 0x80 {
            i += 1;
            c.to_ascii_lowercase()
        } else if (0xC3..=0xC5).contains(&c) {
            // U+00C0..=U+017F: two bytes (`w` is UTF-8, so the second is there).
            let at = usize::from(c & 0x1F) << 6 | usize::from(w[i + 1] & 0x3F);
            i += 2;
            match latin[at - 0xC0] {
                0 => return None,
                f => f,
            }
        } else if w[i..].starts_with("’".as_bytes()) {
            i += 3;
            b'\''
        } else {
            return None;
        };
        n += 1;
    }
    Some(Folded::Inline(out, n as u8))
}

/// The eight ASCII bytes of `x` (each below 0x80) with `A..=Z` lowercased:
/// a byte's high bit is set by adding `0x80 - b'A'` when it is `A` or above,
/// and by adding `0x80 - b'Z' - 1` when above `Z`; no sum carries into the
/// next byte. The capitals' bit, moved to 0x20, is set in them.
fn ascii_lower8(x: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    // Wrapping: `fold` also passes bytes from 0x80, and drops the result.
    let from_a = x.wrapping_add(ONES * u64::from(0x80 - b'A'));
    let past_z = x.wrapping_add(ONES * u64::from(0x80 - b'Z' - 1));
    x | (from_a & !past_z & (ONES * 0x80)) >> 2
}

/// [`fold`] for words with non-ASCII letters or over 24 bytes.
fn fold_chars(w: &str) -> String {
    let mut out = String::with_capacity(w.len());
    for c in w.chars() {
        // `char::to_lowercase`, then each char folded.
        let (a, b) = crate::lowercase::lower(c);
        out.push(fold_char(a));
        out.extend(b.map(fold_char));
    }
    out
}

/// A lowercase char of [`fold_chars`] without its accent, if it is one of
/// the Latin letters names are written with or without.
fn fold_char(c: char) -> char {
    match c {
        'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' => 'a',
        'é' | 'è' | 'ê' | 'ë' => 'e',
        'í' | 'ì' | 'î' | 'ï' => 'i',
        'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'ø' => 'o',
        'ú' | 'ù' | 'û' | 'ü' => 'u',
        'ñ' | 'ń' | 'ň' => 'n',
        'ç' | 'ć' | 'č' => 'c',
        'ß' | 'ś' | 'š' | 'ş' => 's',
        'ł' | 'ľ' => 'l',
        'ź' | 'ż' | 'ž' => 'z',
        'ę' | 'ě' => 'e',
        'ą' | 'ā' | 'ă' => 'a',
        'ř' => 'r',
        'ý' | 'ÿ' => 'y',
        'ğ' => 'g',
        'ı' | 'ī' => 'i',
        'ő' | 'ō' => 'o',
        'ű' | 'ū' | 'ů' => 'u',
        'đ' | 'ď' => 'd',
        'ț' | 'ţ' | 'ť' => 't',
        '’' => '\'',
        c => c,
    }
}

/// Whether the capitalised word `w` is not a name even after a person
/// label: on [`STOP`], or a label word other than a few short or generic
/// person labels.
fn is_stop(w: &str) -> bool {
    let bare = w.trim_end_matches('.');
    stop_of(bare, listed(fold(bare).as_ref()))
}

/// [`is_stop`] for the name word `w`, given what the lists say of it
/// folded, `e`, which the caller has looked up already: for a word that
/// does not end in a dot (all but initials), `w` is what [`is_stop`] looks up.
fn is_stop_word(w: &str, e: Option<&Listed>) -> bool {
    if w.ends_with('.') {
        return is_stop(w);
    }
    stop_of(w, e)
}

/// [`is_stop`] for the word `w` (without its dot) and what the lists say
/// of it folded, `e`: `w` is folded only for a label look-up, which a
/// listed word takes once.
fn stop_of(w: &str, e: Option<&Listed>) -> bool {
    let Some(e) = e else {
        return is_label_stop(&fold(w));
    };
    match e.stop.load(Ordering::Relaxed) {
        STOP_UNKNOWN => {
            let stop = e.lists & on::STOP != 0 || is_label_stop(&fold(w));
            e.stop.store(u8::from(stop), Ordering::Relaxed);
            stop
        }
        known => known == 1,
    }
}

/// Whether [`is_stop_word`] is true for the name word `w` and what the lists
/// say of it folded, `e`, as far as the lists tell without a label look-up:
/// a listed word without a dot, on [`STOP`] or found a stop word before.
/// False says nothing.
fn known_stop(w: &str, e: Option<&Listed>) -> bool {
    !w.ends_with('.') && e.is_some_and(|e| e.lists & on::STOP != 0 || e.stop.load(Ordering::Relaxed) == 1)
}

/// The label half of [`is_stop`], for the folded word `f`.
fn is_label_stop(f: &Folded) -> bool {
    labels::lookup(f).is_some_and(|k| !matches!(k, LabelKind::Phi(PhiType::Name)) || f.len() <= 3 || *f == "name" || *f == "patient")
}

/// Particles that may sit inside a name: "de la", "van", "bin", "y".
const PARTICLES: &[&str] = &["de", "del", "la", "las", "los", "van", "von", "der", "den", "da", "di", "dos", "das", "do", "bin", "binti", "ibn", "al", "el", "le", "du", "y", "e", "ten", "ter", "st."];

/// Suffixes that end a name after a person label ("Jr.", "III").
const SUFFIXES: &[&str] = &["jr", "sr", "ii", "iii", "iv"];

/// Length of a particle ([`PARTICLES`], in any case) and the space after
/// it at the start of `s`.
fn particle_at(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    PARTICLES.iter().find(|pt| b.get(pt.len()) == Some(&b' ') && b[..pt.len()].eq_ignore_ascii_case(pt.as_bytes())).map(|pt| pt.len() + 1)
}

/// Length in bytes of one name word at the start of `s`: a capitalised word
/// (letters, inner `'` `-` `’`) or an initial ("J."). `None` otherwise.
fn name_word(s: &str) -> Option<usize> {
    plain_word(s.as_bytes()).or_else(|| other_name_word(s))
}

/// [`name_word`] where [`plain_word`] finds none.
fn other_name_word(s: &str) -> Option<usize> {
    name_word_ascii(s.as_bytes()).unwrap_or_else(|| name_word_chars(s))
}

/// A name word ([`name_word`]) looked up: its length and what the lists say
/// of it folded.
#[derive(Clone, Copy)]
struct Looked {
    /// Its length in bytes.
    n: usize,
    /// Its entry in the lists, if it is on one.
    entry: Option<&'static Listed>,
    /// Whether it is a [`plain_word`] (letters only: no hyphen).
    plain: bool,
}

impl Looked {
    /// The name word at the start of `s`, looked up: a plain word (nearly
    /// every one) without being folded ([`Lists::find_plain`]).
    fn at(s: &str) -> Option<Looked> {
        let b = s.as_bytes();
        if let Some(n) = plain_word(b) {
            return Some(Looked::plain(&b[..n]));
        }
        other_name_word(s).map(|n| Looked::other(&s[..n]))
    }

    /// The plain word `w`, looked up.
    fn plain(w: &[u8]) -> Looked {
        Looked { n: w.len(), entry: lists().find_plain(w), plain: true }
    }

    /// The name word `w`, folded and looked up.
    fn other(w: &str) -> Looked {
        Looked { n: w.len(), entry: listed(fold(w).as_ref()), plain: false }
    }

    /// The lists (bits of [`on`]) it is on.
    fn lists(&self) -> u8 {
        self.entry.map_or(0, |e| e.lists)
    }

    /// Whether it is a listed surname or, hyphenated, has one for a part
    /// ([`surname_part`]); `w`: the word.
    fn surname(&self, w: &str) -> bool {
        self.lists() & on::SURNAME != 0 || !self.plain && surname_part(fold(w).as_ref())
    }
}

/// The common name word, from the letter masks of its first sixteen bytes
/// rather than byte by byte: a capital, then ASCII letters with no capital
/// after a lowercase one ("Maria", "GET"), ended within those bytes by a
/// byte that is not a letter nor `'` `-` `.` or non-ASCII (those, a lone
/// capital, camelCase and longer words are left to [`name_word_ascii`]).
fn plain_word(b: &[u8]) -> Option<usize> {
    if !b.first()?.is_ascii_uppercase() {
        return None;
    }
    plain_word_in(byte_kinds(b, 0), 0, b, 0)
}

/// [`plain_word`] at `i = at + s` of `b`, from the [`ByteKinds`] `k` of
/// the sixteen bytes at `at` (`s < 16`): `None` also where the word does not
/// end within them. [`names`] decides most capitalised words from the bits
/// of its step, without loading the bytes again.
#[inline(always)]
fn plain_word_in(k: ByteKinds, s: usize, b: &[u8], i: usize) -> Option<usize> {
    let (upper, lower) = (u32::from(k.upper) >> s, u32::from(k.lower) >> s);
    let n = (!(upper | lower)).trailing_zeros() as usize;
    if upper & 1 == 0 || n < 2 || s + n >= 16 || b.get(i + n).is_some_and(|&c| matches!(c, b'\'' | b'-' | b'.') || c >= 0x80) {
        return None;
    }
    // Capitals after the first lowercase letter (bit k: byte i + k).
    let after_lower = !((lower & lower.wrapping_neg()) << 1).wrapping_sub(1);
    (upper & after_lower & ((1 << n) - 1) == 0).then_some(n)
}

/// How many ASCII letters start at `i = at + s` of `b`, from the
/// [`ByteKinds`] `k` of the sixteen bytes at `at` (`s < 16`), when there are
/// two or more and a `.` follows them within those bytes ("Mr.", "Inc.",
/// "Node.js"). From a capital, [`name_word`] is those letters (or, in
/// camelCase, none), and no name goes on past the dot ([`may_go_on`]):
/// [`names`] skips such a word without [`name_at`].
#[inline(always)]
fn letters_before_dot(k: ByteKinds, s: usize, b: &[u8], i: usize) -> Option<usize> {
    let n = (!(u32::from(k.upper | k.lower) >> s)).trailing_zeros() as usize;
    (n >= 2 && s + n < 16 && b.get(i + n) == Some(&b'.')).then_some(n)
}

/// [`name_word`] for a word of ASCII bytes, without decoding chars (every
/// capitalised word in the text is tried). `None` when a non-ASCII byte
/// comes before the word ends: the char version decides those.
fn name_word_ascii(b: &[u8]) -> Option<Option<usize>> {
    if !b.first()?.is_ascii_uppercase() {
        return b[0].is_ascii().then_some(None);
    }
    let mut end = 1;
    let mut prev_letter = true;
    let mut lower_seen = false;
    // Where the part since the last `-` or `'` starts: "Mac" in "Jefferson-MacDonald".
    let mut part = 0;
    for (i, &c) in b.iter().enumerate().skip(1) {
        if c.is_ascii_alphabetic() {
            if c.is_ascii_lowercase() {
                lower_seen = true;
            } else if lower_seen && !matches!(&b[part..i], b"" | b"Mc" | b"Mac" | b"De" | b"Di" | b"La" | b"Le") {
                // camelCase and "iPhone", but not "McDonald" or "O'Brien".
                return Some(None);
            }
            end = i + 1;
            prev_letter = true;
            continue;
        }
        if c >= 0x80 {
            return None;
        }
        if matches!(c, b'\'' | b'-') && prev_letter {
            // Kept only if a letter follows, which extends `end`.
            part = i + 1;
        } else if c == b'.' && end == 1 {
            return Some(Some(2));
        } else {
            break;
        }
        prev_letter = false;
    }
    // A lone capital without a dot: only as a middle initial, handled by the caller.
    Some((end > 1).then_some(end))
}

/// What [`letter_is`] asks of a char, one bit each.
mod case {
    /// `char::is_alphabetic`
    pub(super) const ALPHA: u8 = 1;
    /// `char::is_uppercase`
    pub(super) const UPPER: u8 = 2;
    /// `char::is_lowercase`
    pub(super) const LOWER: u8 = 4;
}

/// Whether `c` is alphabetic, uppercase or lowercase, as `bit` of [`case`]
/// asks: ASCII by its ranges, accented Latin letters from
/// [`Lists::latin_case`], other chars from `char`'s methods, whose table
/// search costs [`name_word_chars`] most of its time on an accented name.
#[inline(always)]
fn letter_is(c: char, bit: u8) -> bool {
    match (c, bit) {
        ('\0'..='\x7F', case::ALPHA) => c.is_ascii_alphabetic(),
        ('\0'..='\x7F', case::UPPER) => c.is_ascii_uppercase(),
        ('\0'..='\x7F', _) => c.is_ascii_lowercase(),
        ('\u{C0}'..='\u{17F}', _) => lists().latin_case[c as usize - 0xC0] & bit != 0,
        (_, case::ALPHA) => c.is_alphabetic(),
        (_, case::UPPER) => c.is_uppercase(),
        _ => c.is_lowercase(),
    }
}

/// The bits of [`case`] that hold for `c`, from the Unicode tables.
fn case_by_tables(c: char) -> u8 {
    (u8::from(c.is_alphabetic()) * case::ALPHA) | (u8::from(c.is_uppercase()) * case::UPPER) | (u8::from(c.is_lowercase()) * case::LOWER)
}

/// [`name_word`] for any word, char by char.
fn name_word_chars(s: &str) -> Option<usize> {
    let mut it = s.char_indices();
    let (_, first) = it.next()?;
    if !letter_is(first, case::UPPER) {
        return None;
    }
    let mut end = first.len_utf8();
    let mut prev = first;
    for (i, c) in it {
        if letter_is(c, case::ALPHA) {
            end = i + c.len_utf8();
        } else if matches!(c, '\'' | '-' | '’') && letter_is(prev, case::ALPHA) {
            // only if followed by a letter; checked by the next iteration extending `end`
        } else if c == '.' && end == first.len_utf8() {
            // initial "J."
            return Some(end + 1);
        } else {
            break;
        }
        prev = c;
    }
    let w = &s[..end];
    if end == first.len_utf8() {
        // A lone capital without a dot: only as a middle initial, handled by the caller.
        return None;
    }
    // MixedCase identifiers (camelCase, "iPhone", "McDonald" is fine: M-c-D) — reject words with
    // an uppercase letter after a lowercase one unless the prefix is Mc/Mac/O'/De.
    let mut lower_seen = false;
    for (i, c) in w.char_indices() {
        if letter_is(c, case::LOWER) {
            lower_seen = true;
        } else if letter_is(c, case::UPPER) && lower_seen && i > 0 {
            // The part since the last hyphen or apostrophe: "Jefferson-MacDonald", "Da'Quan", "O'Brien".
            let head = w[..i].rsplit(['-', '\'', '’']).next().unwrap_or("");
            if !(head.is_empty() || head == "Mc" || head == "Mac" || head == "De" || head == "Di" || head == "La" || head == "Le") {
                return None;
            }
        }
    }
    Some(end)
}

/// Han ideographs and Hangul syllables: names written in CJK script.
fn is_cjk(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{AC00}'..='\u{D7AF}')
}

/// A CJK-script name: one or two runs of 1–4 ideographs or Hangul
/// syllables ("王伟", "佐藤 健", "김민준"). Kana and punctuation end it.
fn cjk_name(s: &str) -> Option<usize> {
    let run = |t: &str| t.char_indices().take_while(|(_, c)| is_cjk(*c)).map(|(i, c)| i + c.len_utf8()).last();
    let first = run(s)?;
    if s[..first].chars().count() > 4 {
        return None;
    }
    let mut end = first;
    if let Some(r) = s[first..].strip_prefix(' ') {
        // The second run is the given name, unless it is the next label ("王伟 生年月日 …").
        if let Some(n) = run(r).filter(|&n| r[..n].chars().count() <= 4 && labels::lookup(&r[..n]).is_none()) {
            end = first + 1 + n;
        }
    }
    Some(end)
}

/// Initials after a person label: "J.S.", "A. J.", "M.R.K." (2–3 letters, each with a dot).
fn initials(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let (mut i, mut n) = (0, 0);
    while n < 3 && i + 1 < b.len() && b[i].is_ascii_uppercase() && b[i + 1] == b'.' {
        i += 2;
        n += 1;
        if b.get(i) == Some(&b' ') && b.get(i + 1).is_some_and(u8::is_ascii_uppercase) && b.get(i + 2) == Some(&b'.') {
            i += 1;
        }
    }
    (n >= 2 && b.get(i).is_none_or(|c| !c.is_ascii_alphanumeric())).then_some(i)
}

/// A name after a person label: up to four words, "Last, First" allowed.
pub(crate) fn name_value(s: &str) -> Option<usize> {
    if s.chars().next().is_some_and(is_cjk) {
        return cjk_name(s);
    }
    if let Some(n) = initials(s) {
        return Some(n);
    }
    let mut pos = 0;
    let mut end = None;
    let mut words = 0;
    let mut comma_used = false;
    // Particles may open a surname written first ("DE LA CRUZ, MARIA").
    while let Some(p) = particle_at(&s[pos..]).filter(|&p| p >= 3) {
        pos += p;
    }
    while words < 4 {
        let rest = &s[pos..];
        let Some(n) = name_word(rest) else { break };
        let w = &rest[..n];
        // A suffix ends the name, with its dot ("Zoltan Quibble Jr.", "John Smith III").
        if words >= 2 && SUFFIXES.iter().any(|x| w.eq_ignore_ascii_case(x)) {
            end = Some(pos + n + usize::from(rest.as_bytes().get(n) == Some(&b'.')));
            break;
        }
        // Short all-caps words are abbreviations ("MI", "CHF", "ED"), not
        // names, but for a family name before a given one in HL7's and
        // DICOM's `FAMILY^GIVEN` ("DOE^JANE").
        let xpn = rest.as_bytes().get(n) == Some(&b'^') && name_word(&rest[n + 1..]).is_some();
        if (n <= 3 && !xpn && w.chars().all(|c| c.is_uppercase())) || is_stop(w) {
            break;
        }
        words += 1;
        end = Some(pos + n);
        pos += n;
        // Separator to the next word.
        let r = &s[pos..];
        if let Some(r2) = r.strip_prefix(", ") {
            if comma_used || words != 1 || name_word(r2).is_none_or(|m| is_stop(&r2[..m])) {
                break;
            }
            comma_used = true;
            pos += 2;
        } else if let Some((sp, r2)) = r.strip_prefix(' ').map(|r2| (1, r2)).or_else(|| r.strip_prefix("%20").map(|r2| (3, r2))) {
            // A space, or one percent-encoded where a value was copied
            // from a URL (`"x-patient-name": "Haruto%20Tran"`).
            // A middle initial, with or without its dot ("John Q Public",
            // "Zoltan A. Quibble": "A." alone is the stop word "a").
            let b = r2.as_bytes();
            let initial = match b {
                [c, b' ', ..] if c.is_ascii_uppercase() => 2,
                [c, b'.', b' ', ..] if c.is_ascii_uppercase() => 3,
                _ => 0,
            };
            if initial > 0 && name_word(&r2[initial..]).is_some() {
                // Past the space, the initial and the space after it.
                pos += sp + initial;
                continue;
            }
            // Particles ("de la Cruz", "DE LA CRUZ").
            let mut p = pos + sp;
            while let Some(n) = particle_at(&s[p..]) {
                p += n;
            }
            let r3 = &s[p..];
            if name_word(r3).is_none() {
                break;
            }
            pos = p;
        } else if xpn {
            // `FAMILY^GIVEN^MIDDLE` (PatientName "MORETTI-BROWN^EAMON" in a
            // PACS log): the components are the name's words.
            pos += 1;
        } else if words == 1 && !comma_used && r.starts_with(',') && !w.bytes().any(|c| c.is_ascii_lowercase()) && (caps_given(&r[1..]) || caps_last_word(&r[1..])) {
            // `LAST,FIRST` in capitals, as pharmacy claims write a patient
            // (`patient=MILLER,JENNIFER`): a listed given name after it,
            // or an unlisted one that ends the value (`patient=TORRES-SCOTT,ANDRES rx=…`).
            comma_used = true;
            pos += 1;
        } else {
            break;
        }
    }
    end
}

/// Whether `s` starts with a listed given name in capitals that is no
/// everyday word (`JENNIFER`, not `ACTIVE`).
fn caps_given(s: &str) -> bool {
    Looked::at(s).is_some_and(|l| !s.as_bytes()[..l.n].iter().any(u8::is_ascii_lowercase) && l.lists() & (on::GIVEN | on::COMMON_WORD) == on::GIVEN)
}

/// Whether `s` starts with a word of four or more capital letters that is
/// on none of the lists (no everyday word, no stop word) and ends the
/// labelled value: a space, a tab, a line's end, `|`, `;`, `&` or a quote
/// after it, not a comma or a cell's next byte (`SMITH,PENDING,2024` is
/// a row, not a name).
fn caps_last_word(s: &str) -> bool {
    let b = s.as_bytes();
    let n = b.iter().take_while(|c| c.is_ascii_uppercase()).count();
    n >= 4 && b.get(n).is_none_or(|c| b" \t\r\n|;&\"'".contains(c)) && Looked::plain(&b[..n]).lists() == 0
}

/// The names of a segment: the walk's ([`names_walk`]) and those after
/// a role and a colon or a message's cue ([`label_names`]), in order.
pub(crate) fn names(cx: &Ctx, out: &mut Vec<Hit>) {
    let from = out.len();
    // Every route of the walk to a name needs a space right after its
    // first word ("Maria Garcia", "Ana reports", "Garcia, Maria"), as the
    // opening address does (", your"): a text without one (most short JSON
    // values) has none to find.
    if find_any(cx.bytes, 0, [b' ']).is_some() {
        names_walk(cx, out);
        addressed_name(cx, from, out);
    }
    label_names(cx, from, out);
}

/// The listed given name a message opens with to address its reader, as a
/// notification does ("Mary, your lab results from 03/13/2022 are ready",
/// "Zoë, your visit is on Apr 25"): the name, with a comma and "your"
/// after it. No everyday or capitalised common word ("June, your
/// appointment", "Please, your ..."), and nothing already found there
/// ("Mary Smith, your ...").
fn addressed_name(cx: &Ctx, from: usize, out: &mut Vec<Hit>) {
    // A capital or a non-ASCII char first (most log lines start with a
    // digit or a bracket): the word is looked up only then.
    if !cx.bytes.first().is_some_and(|&c| c.is_ascii_uppercase() || c >= 0x80) {
        return;
    }
    let Some(first) = Looked::at(cx.text) else { return };
    if first.lists() & (on::GIVEN | on::COMMON_WORD | on::COMMON_CAP) == on::GIVEN
        && cx.bytes[first.n..].starts_with(b", your ")
        && out.get(from).is_none_or(|h| h.start() > 0)
    {
        out.insert(from, Hit::new(PhiType::Name, 0, first.n, 0.8, why!("name", "given name a message opens with, addressing its reader")));
    }
}

/// Names after a role label and a colon ("Enrollee: Zoltan Quibble",
/// "Member: ZOLTAN QUIBBLE"), and after a message's cue
/// ([`LabelKind::Cue`], [`cue_name`]). "Member" and "Subscriber" also label
/// a plan id: only a value [`name_value`] takes (no digits) is a name
/// there. Put in order among the names found from `from` on (a date reads
/// them so; inserted, not sorted: a sort of findings is kilobytes of wasm).
fn label_names(cx: &Ctx, from: usize, out: &mut Vec<Hit>) {
    let b = cx.bytes;
    for l in &cx.labels {
        let role = match l.kind {
            LabelKind::Role => true,
            LabelKind::Phi(PhiType::HealthPlanId) => [&b"member"[..], b"subscriber"].iter().any(|w| b[l.start..l.end].eq_ignore_ascii_case(w)),
            LabelKind::Cue => false,
            _ => continue,
        };
        let (pos, n) = if role {
            // A form's label ("Client:"), not a log's field ("client: Chrome").
            if b.get(l.end) != Some(&b':') || !b[l.start].is_ascii_uppercase() {
                continue;
            }
            let pos = l.end + 1 + b[l.end + 1..].iter().take_while(|&&c| c == b' ' || c == b'\t').count();
            // A whole name: two words or more.
            match name_value(&cx.text[pos..]).filter(|&n| cx.text[pos..pos + n].contains([' ', ','])) {
                Some(n) => (pos, n),
                None => continue,
            }
        } else {
            match cue_name(cx, l) {
                Some(found) => found,
                None => continue,
            }
        };
        let why = if role { why!("label", "capitalised name after a person label") } else { why!("name", "name after a self-introduction or thanks in a message") };
        let at = from + out[from..].partition_point(|h| h.start() <= pos);
        out.insert(at, Hit::new(PhiType::Name, pos, pos + n, 0.85, why));
    }
}

/// The name after the cue `l` of a message, as its start and length: after
/// a space (a `+` in a form-encoded body), or a comma and a line break (a
/// sign-off), a capitalised name ("this is Helen btw", "Is this Meera?",
/// "Body=Its+Emily", "Thanks Robert,", "Thanks,\r\nInés"), or in a chat's
/// lowercase a listed given name and surname ("hi its wei li").
///
/// Capitalised, a [`name_value`] (no stop word: "this is Tuesday", "Thanks
/// Team" are not taken) up to a comma, whose first word is a listed given
/// name or surname and no everyday or capitalised common word ("Thanks
/// Will", "this is Google", "its May 5"); or, after a cue and a comma (a
/// sign-off, "Thanks,\r\nInés"), one capitalised word on no list, not in
/// capitals (not "Is this Correct?", "its Settings page", "this is
/// Example Health", "Thanks, URGENT").
///
/// Lowercase, a listed given name that is no everyday word and not before
/// a number ("its jun 5"), and the listed surname after it, hyphenated
/// ("camila lópez-hernández") or not; a surname that is also an everyday
/// word ("wei li", "mary white") only where no word follows it.
fn cue_name(cx: &Ctx, l: &labels::LabelHit) -> Option<(usize, usize)> {
    let b = cx.bytes;
    let at = l.end + usize::from(b.get(l.end) == Some(&b','));
    let pos = at + match b.get(at..)? {
        [b' ' | b'+' | b'\n', ..] => 1,
        [b'\r', b'\n', ..] => 2,
        _ => return None,
    };
    let (s, b) = (&cx.text[pos..], &b[pos..]);
    if !b.first()?.is_ascii_lowercase() {
        let n = name_value(s)?;
        let n = s[..n].find(',').unwrap_or(n);
        let first = Looked::at(s)?;
        let (w, lists) = (first.n, first.lists());
        let listed = lists & (on::GIVEN | on::SURNAME) != 0 && lists & (on::COMMON_WORD | on::COMMON_CAP) == 0;
        let one_word = at > l.end && n == w && lists == 0 && b[..n].iter().any(u8::is_ascii_lowercase);
        return (listed || one_word).then_some((pos, n));
    }
    lowercase_name(s).map(|n| (pos, n))
}

/// A name in a chat's lowercase at the start of `s`, its length: a listed
/// given name that is no everyday word and not before a number ("its jun
/// 5"), and the listed surname after it, hyphenated ("camila
/// lópez-hernández") or not; a surname that is also an everyday word ("wei
/// li", "mary white") only where no word follows it. After a message's cue
/// ([`cue_name`]) and as a person label's value ("her daughter robert,").
///
/// A possessive a chat writes without its apostrophe ("this is fatimas
/// mom", "my daughter niamhs cell") is the given name before its `s`,
/// where the word itself is no listed word.
pub(crate) fn lowercase_name(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let n1 = b.iter().take_while(|c| c.is_ascii_lowercase()).count();
    if b.get(n1).is_some_and(|&c| c.is_ascii_alphanumeric() || c >= 0x80) {
        return None;
    }
    let given = |lists: u8| lists & (on::GIVEN | on::COMMON_WORD) == on::GIVEN;
    let lists = lists_of(&b[..n1]);
    if !given(lists) {
        return (lists == 0 && n1 > 3 && b[n1 - 1] == b's' && given(lists_of(&b[..n1 - 1]))).then(|| n1 - 1);
    }
    let Some(r) = s[n1..].strip_prefix(' ') else { return Some(n1) };
    let r = r.as_bytes();
    if r.first().is_some_and(u8::is_ascii_digit) {
        return None;
    }
    // Its bytes from 0x80 are letters' (an accented surname's).
    let k = r.iter().take_while(|&&c| c.is_ascii_lowercase() || c >= 0x80 || c == b'-').count();
    let f = fold(&s[n1 + 1..][..k]);
    let lists = lists_of(f.as_ref());
    let last = !r[k..].strip_prefix(b" ").unwrap_or(&r[k..]).first().is_some_and(u8::is_ascii_alphanumeric);
    let surname = lists & on::SURNAME != 0 && (lists & on::COMMON_WORD == 0 || last) || surname_part(f.as_ref());
    Some(if surname { n1 + 1 + k } else { n1 })
}

/// The names the walk over a segment's capitalised and listed words finds.
/// (Only on a text with a space, see [`names`].)
fn names_walk(cx: &Ctx, out: &mut Vec<Hit>) {
    let b = cx.bytes;
    // The words that start with a letter or a non-ASCII char (after a byte
    // that is not an ASCII letter or digit nor from 0x80), [`STEP`] bytes a
    // step; `next`: what the last word tried used up.
    let (mut next, mut at) = (0, 0);
    let lists = lists();
    // Whether the byte before `carried_at` is a word byte, from the bits of
    // the step that ended there: most steps follow the one before.
    let (mut carried_at, mut carried) = (0, 0u64);
    // The kinds of the sixteen bytes after the step, which the filter of
    // its lowercase starts reads (a start's run and the two bytes after it
    // may lie there), kept as the next step's first sixteen where it
    // follows.
    let (mut ahead_at, mut ahead) = (usize::MAX, ByteKinds::default());
    // The kinds of the sixteen bytes at `p`: none at or past the end.
    let kinds = |p: usize| if p < b.len() { byte_kinds(b, p) } else { ByteKinds::default() };
    while at < b.len() {
        let mut k = StepKinds::default();
        for c in 0..STEP / 16 {
            k.add(if c == 0 && at == ahead_at { ahead } else { kinds(at + 16 * c) }, 16 * c as u32);
        }
        (ahead_at, ahead) = (at + STEP, kinds(at + STEP));
        let is_word = k.upper | k.lower | k.digit | k.high;
        let before = if at == carried_at { carried } else { u64::from(b[at - 1].is_ascii_alphanumeric() || b[at - 1] >= 0x80) };
        (carried_at, carried) = (at + STEP, is_word >> (STEP - 1) & 1);
        // A byte from 0x80 after a byte that is not a word byte is a
        // char's first byte: the others follow a byte from 0x80 (and `b` is
        // UTF-8), so the step's lead bytes need no mask of their own.
        let starts = (k.upper | k.lower | k.high) & !((is_word << 1) | before);
        let (lower, space) = (k.lower | u64::from(ahead.lower) << STEP, k.space | u64::from(ahead.space) << STEP);
        let mut starts = (starts & !k.lower) | lower_starts_kept(lower, space, starts & k.lower);
        while starts != 0 {
            let s = starts.trailing_zeros() as usize;
            starts &= starts - 1;
            if at + s >= next {
                // The sixteen bytes of the start, as a step of sixteen at
                // them would see them.
                let chunk = s & !15;
                next = name_from(cx, lists, k.chunk(chunk), s - chunk, at + s, out);
            }
        }
        at = (at + STEP).max(next);
    }
}

/// The bytes [`names`] classifies a step: three chunks of sixteen, whose
/// masks with the next sixteen's fit one `u64` for [`lower_starts_kept`].
/// A step of sixteen paid the step's arithmetic on the masks (the carry of
/// the last byte's kind, the word starts, the filter of the lowercase
/// ones) and the loop's tests for every sixteen bytes: about half of the
/// pass's time on a log or a page, natively, went to the steps before any
/// start was tried.
const STEP: usize = 48;

/// The [`ByteKinds`] masks of up to [`STEP`] bytes, bit k for byte k.
#[derive(Clone, Copy, Default)]
struct StepKinds {
    upper: u64,
    lower: u64,
    digit: u64,
    high: u64,
    space: u64,
}

impl StepKinds {
    /// Adds the kinds of sixteen bytes at byte `shift` of the step.
    #[inline(always)]
    fn add(&mut self, k: ByteKinds, shift: u32) {
        self.upper |= u64::from(k.upper) << shift;
        self.lower |= u64::from(k.lower) << shift;
        self.digit |= u64::from(k.digit) << shift;
        self.high |= u64::from(k.high) << shift;
        self.space |= u64::from(k.space) << shift;
    }

    /// The kinds of the sixteen bytes at byte `at` of the step (a multiple
    /// of sixteen), as [`byte_kinds`] gives them (no lead bytes: [`names`]
    /// reads none).
    #[inline(always)]
    fn chunk(&self, at: usize) -> ByteKinds {
        let part = |m: u64| (m >> at) as u16;
        ByteKinds { upper: part(self.upper), lower: part(self.lower), digit: part(self.digit), high: part(self.high), lead: 0, space: part(self.space) }
    }
}

/// The name, if any, at the word start `i`, which is byte `s` of the
/// sixteen bytes whose kinds are `k`; returns where the next word start
/// may be tried (at the earliest, the end of this word).
// Always inlined: a call per start cost the pass the steps' gain.
#[inline(always)]
fn name_from(cx: &Ctx, lists: &Lists, k: ByteKinds, s: usize, i: usize, out: &mut Vec<Hit>) -> usize {
    let b = cx.bytes;
    // A lowercase word (most words) can only start a pair of three
    // letters or more followed by a space (see `lower_pair`): its
    // letters are counted from this step's bits when they end
    // within it, and the other words go no further.
    if k.lower >> s & 1 != 0 {
        let run = (!(u32::from(k.lower) >> s)).trailing_zeros() as usize;
        let n1 = if s + run < 16 { run } else { lower_run(b, i) };
        // And its first word must be a given name (see
        // `lower_pair`): most are not, and their slot says so.
        if n1 < 3 || b.get(i + n1) != Some(&b' ') || lists.bound(&b[i..i + n1]) & on::GIVEN == 0 {
            return i + n1;
        }
    } else if let Some(n) = plain_word_in(k, s, b, i).or_else(|| plain_word(&b[i..])) {
        // What `name_at` does with a plain capitalised word, its
        // length taken from this step's bits (from its own bytes
        // if it runs past them: `name_word` would start from
        // `plain_word` too). A word that shares no slot with a given
        // name or a surname is neither looked up nor folded unless
        // the unlisted given name's route may take it (see
        // `may_precede_surname`); a word in capitals
        // ("INFO", "GET") never.
        // From the step's bits while the word ends in the step;
        // past it the bits are zero, so its own bytes decide (a
        // capital at the step's last byte is not a word in capitals).
        let caps = if s + n <= 16 { (u32::from(k.lower) >> s) & ((1 << n) - 1) == 0 } else { !b[i..i + n].iter().any(u8::is_ascii_lowercase) };
        let unlisted = || lists.plain_bound(&b[i..i + n]) & (on::GIVEN | on::SURNAME) == 0;
        let no_route = || unlisted() && (caps || !may_precede_surname(cx, i, n));
        return if may_go_on(b, i + n) && !no_route() {
            capitalised_at(cx, i, Looked::plain(&b[i..i + n]), out)
        } else if caps && matches!(b.get(i + n), Some(b'/' | b'^')) {
            slash_name(cx, i, n, out)
        } else {
            i + n
        };
    } else if let Some(n) = letters_before_dot(k, s, b, i) {
        // "Mr.", "Dr.", "Inc.", "Node.js": `name_at` would find the
        // letters a name word and stop at the dot (`may_go_on`).
        return i + n;
    }
    name_at(cx, i, out)
}

/// Of the lowercase word starts `starts` of a step (each the first of a
/// run of lowercase letters; `lower` and `space`: the lowercase letters and
/// the spaces of the step and of the sixteen bytes after it), those that
/// may begin a lowercase given name and surname ([`lower_pair`]): a run of
/// three letters or more, then a space and a lowercase letter. [`names`]
/// turns every other lowercase start down with no name found, and with no
/// effect on the starts after it (the next is past the run and a byte that
/// is no letter), so they leave the step's mask here, from its bits, where
/// a test of each cost a branch the processor often mispredicts (84% of a
/// page's lowercase starts and 88% of a log's have a run too short, or no
/// space and lowercase letter after it). `lower` and `space` hold the
/// step's [`STEP`] bytes and the sixteen after them, 64 in all; `starts`
/// the step's. A start whose run, or the two bytes after it, may lie past
/// those 64 bytes is kept, to be tested as before.
#[inline(always)]
fn lower_starts_kept(lower: u64, space: u64, starts: u64) -> u64 {
    const _: () = assert!(STEP + 16 == 64, "a step and the sixteen bytes after it fill a u64");
    debug_assert!(starts >> STEP == 0);
    let (l, sp, s) = (lower, space, starts);
    // The starts of runs of three letters or more.
    let s3 = s & (l >> 1) & (l >> 2);
    // The last letters of runs followed by a space and a lowercase letter
    // (known for the letters up to byte 61).
    let p = l & (sp >> 1) & (l >> 2);
    // A start's carry runs through its run and stops at the run's last
    // letter if that is in `p` (a hole in the letters), else on the byte
    // after the run (byte 64 when the run reaches the end of the bytes:
    // past the `u64`'s bits, the sum's carry out).
    let (sum, out) = (l & !p).overflowing_add(s3);
    let stops = sum & !(l & !p);
    let mut kept = 0u64;
    let mut good = stops & p;
    while good != 0 {
        // The start of the run ending there: the last start at or before it.
        let at = good.trailing_zeros();
        good &= good - 1;
        kept |= 1 << (63 - (s3 & (u64::MAX >> (63 - at))).leading_zeros());
    }
    // A run whose last letter is one of the last two bytes (or that runs
    // to the end): the bytes do not hold the two after it. Only the last
    // run can be that one.
    if (stops >> 63 != 0 || out) && s3 != 0 {
        kept |= 1 << (63 - s3.leading_zeros());
    }
    kept
}

/// The name, if any, starting at word start `i` (an ASCII letter or the
/// first byte of a char); returns where the next may start.
fn name_at(cx: &Ctx, i: usize, out: &mut Vec<Hit>) -> usize {
    let text = cx.text;
    let b = cx.bytes;
    let c = b[i];
    if c.is_ascii_lowercase() {
        // "search q=\"dorothy lewis\"": a lowercase listed given name and listed surname.
        let n1 = lower_run(b, i);
        let n = lower_pair(text, i, n1);
        if n > 0 && !provider_before(cx, i) {
            out.push(Hit::new(PhiType::Name, i, i + n, 0.6, why!("name", "lowercase known given name and known surname")));
        }
        return i + n.max(n1);
    }
    let Some(n) = name_word(&text[i..]) else {
        return i + 1;
    };
    if !may_go_on(b, i + n) {
        return if matches!(b.get(i + n), Some(b'/' | b'^')) { slash_name(cx, i, n, out) } else { i + n };
    }
    capitalised_at(cx, i, Looked::other(&text[i..i + n]), out)
}

/// The end of a name written `SURNAME/GIVEN`, as X12 and pharmacy systems
/// write one and their validators quote it ("Invalid member id W123 for
/// DAVIS/JENNIFER"), starting with the name word of `n` bytes at `i`
/// (before the slash): a listed surname in capitals (or hyphenated with a
/// listed part), and a listed given name in capitals that is no everyday
/// word ([`caps_given`]), with no slash or word byte around them (not a
/// path: "/API/MARY", "TCP/IP", "AND/OR"). Or `SURNAME^GIVEN`, a DICOM
/// person name quoted outside its tag ("incoming \"NGUYEN^ROHAN\""),
/// which may go on with more components (`^MIDDLE`).
/// Returns where the next word may start: the name's end, else the
/// surname's. Out of line: a capitalised word before a slash is rare.
#[inline(never)]
fn slash_name(cx: &Ctx, i: usize, n: usize, out: &mut Vec<Hit>) -> usize {
    let (b, w1) = (cx.bytes, &cx.text[i..i + n]);
    if n < 2 || w1.bytes().any(|c| c.is_ascii_lowercase()) || (i > 0 && matches!(b[i - 1], b'/' | b'^')) || !Looked::other(w1).surname(w1) {
        return i + n;
    }
    let g = i + n + 1;
    let end = g + Looked::at(&cx.text[g..]).map_or(0, |l| l.n);
    if end == g || !caps_given(&cx.text[g..]) || b.get(end).is_some_and(|&c| c == b'/' || c.is_ascii_alphanumeric() || c >= 0x80) {
        return i + n;
    }
    let why = if b[i + n] == b'^' { why!("name", "surname and given name in capitals written SURNAME^GIVEN") } else { why!("name", "surname and given name in capitals written SURNAME/GIVEN") };
    out.push(Hit::new(PhiType::Name, i, end, 0.8, why));
    end
}

/// Whether a name could go on from a capitalised word ending at `end`:
/// every one [`capitalised_at`] finds goes on past a space, or a comma and
/// a space, to a word that starts with a letter (a name word, a particle,
/// a verb), or past a space and a bracket to a relation ("Emily (mother
/// of pt)"). Most capitalised words in logs and markup do not ("GET /api",
/// "Patient\"").
fn may_go_on(b: &[u8], end: usize) -> bool {
    let next = match b.get(end) {
        Some(b' ') if b.get(end + 1) == Some(&b'(') => end + 2,
        Some(b' ') => end + 1,
        Some(b',') if b.get(end + 1) == Some(&b' ') => end + 2,
        _ => return false,
    };
    b.get(next).is_some_and(|&c| c.is_ascii_alphabetic() || c >= 0x80)
}

/// Whether [`capitalised_at`]'s routes for an unlisted word, not in
/// capitals, may take the capitalised word of `n` bytes at `i`: an unlisted
/// given name before a listed surname, or a surname before a comma and a
/// given name in a rejected row. What the routes ask of the word and of the
/// next, from their bytes and the next word's slot, without a look-up. A
/// next word that is not a plain word (hyphenated, accented) may be a surname.
fn may_precede_surname(cx: &Ctx, i: usize, n: usize) -> bool {
    let b = cx.bytes;
    let j = i + n + 1;
    if n >= 3 && b.get(i + n) == Some(&b',') {
        return b.get(j) == Some(&b' ') && b.get(j + 1).is_some_and(u8::is_ascii_uppercase) && crate::detect::in_failing_row(cx, i);
    }
    if n < 3 || b.get(i + n) != Some(&b' ') || !person_prose(cx, i) {
        return false;
    }
    match b.get(j) {
        Some(c) if c.is_ascii_uppercase() => plain_word(&b[j..]).is_none_or(|m| lists().plain_bound(&b[j..j + m]) & on::SURNAME != 0),
        Some(&c) => c >= 0x80,
        None => false,
    }
}

/// [`name_at`] for a capitalised word of `n` bytes at `i`. Every route
/// needs the word to be a listed given name or surname, but the unlisted
/// given name's, which needs it not in capitals, and the hyphenated
/// surname's, which needs a hyphen: [`names`] skips the words in capitals
/// that are neither given names nor surnames.
fn capitalised_at(cx: &Ctx, i: usize, first: Looked, out: &mut Vec<Hit>) -> usize {
    let text = cx.text;
    let n = first.n;
    let w1 = &text[i..i + n];
    let l1 = first.lists();
    let is_given = l1 & on::GIVEN != 0;
    let after = &text[i + n..];
    // "Given Surname (Surname2)" with an optional middle initial.
    if is_given {
        let mut p = i + n;
        let mut rest = after;
        if let Some(r) = rest.strip_prefix(' ') {
            let rb = r.as_bytes();
            // A given name and a surname's initial, as a calendar or a
            // chat names a patient ("PT session (Michael J.)"): the
            // initial ends the name (one before a capitalised word is a
            // middle initial, below). No everyday word ("Will S."), no
            // provider ("Dr. Michael J.").
            let next = rb.get(2).copied().unwrap_or(b' ');
            if rb.len() >= 2 && rb[0].is_ascii_uppercase() && rb[1] == b'.' && !next.is_ascii_alphanumeric() && !(next == b' ' && rb.get(3).is_some_and(u8::is_ascii_uppercase)) && l1 & (on::COMMON_WORD | on::COMMON_CAP) == 0 && !provider_before(cx, i) {
                out.push(Hit::new(PhiType::Name, i, i + n + 3, 0.7, why!("name", "known given name and a surname's initial")));
                return i + n + 3;
            }
            if rb.len() > 3 && rb[0].is_ascii_uppercase() && (rb[1] == b'.' && rb[2] == b' ' || rb[1] == b' ') {
                let skip = if rb[1] == b'.' { 3 } else { 2 };
                p += 1 + skip;
                rest = &r[skip..];
            } else {
                p += 1;
                rest = r;
            }
            // Particles before the surname ("François Van der Berg", "Juan de la Cruz") are evidence enough.
            let mut particles = false;
            // The name word at `rest` looked up once for both uses (a
            // particle, else the surname).
            let mut word = Looked::at(rest);
            loop {
                let (k, lists) = match word {
                    Some(w) if rest[w.n..].starts_with(' ') => (w.n, w.lists()),
                    Some(_) => break,
                    // A lowercase particle ("de la"). Particles are at most
                    // five chars, so a word of over 20 bytes (more than five
                    // chars, each of which folds to one char or more) is
                    // not one, and is not folded.
                    None => match rest.find(' ') {
                        Some(k) if k <= 20 => (k, lists_of(fold(&rest[..k]))),
                        _ => break,
                    },
                };
                if lists & on::PARTICLE == 0 {
                    break;
                }
                p += k + 1;
                rest = &rest[k + 1..];
                particles = true;
                word = Looked::at(rest);
            }
            if let Some(w) = word {
                let w2 = &rest[..w.n];
                if (particles || w.surname(w2)) && !is_stop_word(w2, w.entry) {
                    let mut end = p + w.n;
                    // Second surname ("García López").
                    if let Some(second) = text[end..].strip_prefix(' ').and_then(Looked::at) {
                        if second.lists() & on::SURNAME != 0 {
                            end += 1 + second.n;
                        }
                    }
                    if !provider_before(cx, i) {
                        out.push(Hit::new(PhiType::Name, i, end, 0.8, why!("name", "known given name followed by a known surname")));
                    }
                    return end;
                }
            }
        }
    }
    // "Dorothy ambulating with walker", "Ana reports …": a listed given name
    // as the subject of a verb only people do is that person's first name.
    if l1 & (on::GIVEN | on::COMMON_WORD | on::COMMON_CAP) == on::GIVEN {
        if let Some(r) = after.strip_prefix(' ') {
            let verb = &r[..r.bytes().take_while(u8::is_ascii_lowercase).count()];
            // Its slot first: the next word is seldom a verb.
            if lists().bound(verb.as_bytes()) & on::PERSON_VERB != 0 && is_on(verb, on::PERSON_VERB) && !provider_before(cx, i) {
                out.push(Hit::new(PhiType::Name, i, i + n, 0.65, why!("name", "known given name as the subject of a verb about a person")));
                return i + n;
            }
        }
    }
    // "Emily (guardian of pt)": a listed given name that the person's
    // relation to the patient follows in brackets (a person label: mother,
    // guardian, sister, …) is that relative's first name.
    if is_given {
        if let Some(r) = after.strip_prefix(" (") {
            let k = r.bytes().take_while(u8::is_ascii_lowercase).count();
            if k > 0 && [" of pt)", " of patient)"].iter().any(|o| r[k..].starts_with(o)) && labels::lookup(&r[..k]) == Some(LabelKind::Phi(PhiType::Name)) {
                out.push(Hit::new(PhiType::Name, i, i + n, 0.8, why!("name", "known given name before the person's relation to the patient")));
                return i + n;
            }
        }
    }
    // "Unlisted-given Surname": a capitalised non-stop word before a known surname.
    // The first word's checks that take no look-up come before the next
    // word's: a common capitalised word or a stop word ("Suite", "Street")
    // before a capitalised word is far more frequent than a name.
    if n >= 3 && !is_given && l1 & on::COMMON_CAP == 0 && !known_stop(w1, first.entry) && !w1.bytes().all(|c| c.is_ascii_uppercase()) {
        if let Some(r) = after.strip_prefix(' ') {
            if let Some(w) = Looked::at(r) {
                let w2 = &r[..w.n];
                // The checks without a look-up first; the listed surname's
                // stop check before the first word's, which may be on no
                // list (then it takes a label look-up each time).
                if w.surname(w2)
                    && person_prose(cx, i)
                    && !is_stop_word(w2, w.entry)
                    && !is_stop_word(w1, first.entry)
                    && !provider_before(cx, i)
                {
                    let end = i + n + 1 + w.n;
                    out.push(Hit::new(PhiType::Name, i, end, 0.7, why!("name", "capitalised word before a known surname in prose")));
                    return end;
                }
            }
        }
    }
    // "Surname, Given" (hyphenated surnames count when a part is listed);
    // the comma first, which most words lack.
    if let Some(r) = after.strip_prefix(", ") {
        // "Maria, Garcia": a given name and a capitalised word as the
        // first and last name columns of a rejected row; "Quibble, Maria":
        // a capitalised word off the lists and a given name as its last and
        // first (a listed surname is the route below's); "Ke'Andre,
        // Garcia": one off the lists and a listed surname, first and last.
        let unlisted = l1 & (on::GIVEN | on::SURNAME | on::COMMON_CAP) == 0 && n >= 3 && !w1.bytes().all(|c| c.is_ascii_uppercase());
        if (is_given || unlisted) && r.starts_with(|c: char| c.is_ascii_uppercase()) && crate::detect::in_failing_row(cx, i) {
            let next = if is_given { plain_word(r.as_bytes()) } else { Looked::at(r).filter(|g| g.lists() & (on::GIVEN | on::SURNAME) != 0 && !is_stop_word(w1, first.entry)).map(|g| g.n) };
            if let Some(m) = next {
                let end = i + n + 2 + m;
                out.push(Hit::new(PhiType::Name, i, end, 0.8, why!("name", "known given name and capitalised word in a rejected database row")));
                return end;
            }
        }
        let hyphenated_surname = || {
            let f = fold(w1);
            f.contains('-') && f.split('-').all(|p| is_on(p, on::SURNAME))
        };
        if l1 & on::SURNAME != 0 || !first.plain && hyphenated_surname() {
            if let Some(g) = Looked::at(r) {
                let lg = g.lists();
                if (lg & on::GIVEN != 0 || (!is_stop_word(&r[..g.n], g.entry) && lg & on::COMMON_CAP == 0 && g.n >= 3)) && !provider_before(cx, i) {
                    let end = i + n + 2 + g.n;
                    out.push(Hit::new(PhiType::Name, i, end, 0.8, why!("name", "known surname, comma, known given name")));
                    return end;
                }
            }
        }
    }
    i + n
}

/// Verbs whose subject is a person in clinical notes and messages.
const PERSON_VERBS: &str = concat!(
    "admits,admitted,agreed,agrees,ambulated,ambulates,ambulating,appeared,appears,",
    "arrived,ate,called,calls,complained,complains,declined,denied,denies,endorsed,",
    "endorses,feels,felt,lives,presented,presents,refused,reported,reports,requested,",
    "requests,said,says,slept,stated,states,tolerated,tolerating,understands,verbalized,",
    "verbalizes,walked,walks,",
);

/// Names that are also everyday lowercase words; a lowercase pair using one
/// of them is prose ("grace period", "will call"), not a name.
const COMMON_WORDS: &str = concat!(
    "al,amber,an,april,art,august,autumn,baker,banks,bell,best,bill,black,brooks,brown,",
    "bush,can,carter,case,chance,chase,cole,cook,crystal,daisy,dawn,day,de,dean,di,do,",
    "don,drew,du,early,east,faith,field,fisher,fox,frank,gay,glass,grace,gray,green,grey,",
    "guy,ha,hall,hardy,heather,hill,ho,holly,hope,hunt,hunter,ivy,jack,jimmy,job,joy,",
    "june,king,la,lane,law,le,lee,less,li,lily,little,lo,long,lord,lot,love,ma,mark,",
    "mason,mate,max,may,miller,mills,more,most,new,nice,north,old,page,palmer,park,pat,",
    "penny,porter,price,ray,reed,rice,rich,river,rivers,robin,rocky,rose,ruby,sandy,",
    "sharp,short,sky,so,son,south,stone,strong,sue,summer,sunny,sweet,turner,van,vote,",
    "walker,ward,warren,wells,west,white,will,wood,woods,young,",
);

/// How many lowercase ASCII letters start at `i` (`i <= b.len()`), found
/// sixteen bytes a step: every lowercase word of the text is measured.
fn lower_run(b: &[u8], i: usize) -> usize {
    let mut end = i;
    loop {
        let n = (!byte_kinds(b, end).lower).trailing_zeros() as usize;
        end += n;
        if n < 16 {
            return end - i;
        }
    }
}

/// Length of "given surname" in lowercase at `i`, or 0; `n1`: how many
/// lowercase ASCII letters start at `i`.
fn lower_pair(text: &str, i: usize, n1: usize) -> usize {
    let b = text.as_bytes();
    if n1 < 3 || b.get(i + n1) != Some(&b' ') {
        return 0;
    }
    // Both words' shapes before either lookup: most lowercase words in
    // text are not followed by another that could be a surname.
    let j = i + n1 + 1;
    let n2 = lower_run(b, j);
    let after_ok = b.get(j + n2).is_none_or(|c| !(c.is_ascii_alphanumeric() || *c >= 0x80));
    if n2 < 3 || !after_ok {
        return 0;
    }
    let (w1, w2) = (&text[i..i + n1], &text[j..j + n2]);
    if lists_of(w1) & (on::GIVEN | on::COMMON_WORD) == on::GIVEN && lists_of(w2) & (on::SURNAME | on::COMMON_WORD) == on::SURNAME {
        n1 + 1 + n2
    } else {
        0
    }
}

/// Capitalised words that often precede a surname-like word without naming a person.
const COMMON_CAPS: &str = concat!(
    "amazon,american,apple,associates,bank,baptist,big,black,blue,british,bronze,central,",
    "children,chrome,city,cleveland,client,co,company,corp,county,debug,delete,east,edge,",
    "error,fatal,firefox,floor,fort,foundation,general,get,gold,google,grand,great,green,",
    "group,head,hmo,inc,info,insurance,johns,kaiser,lab,labs,lake,linux,little,llc,ltd,",
    "mass,mayo,memorial,mercy,methodist,microsoft,mount,national,new,next,node,north,old,",
    "options,partners,patch,pharmacy,plan,platinum,port,post,postgres,ppo,presbyterian,",
    "prisma,providence,put,react,red,redis,river,room,royal,safari,saint,san,santa,",
    "server,services,silver,solutions,south,state,stripe,suite,systems,twilio,unit,",
    "united,university,vercel,warning,west,white,windows,women,",
);

/// Not inside an identifier-ish token stream (code, paths): the word is preceded by a space, start, or punctuation.
fn person_prose(cx: &Ctx, i: usize) -> bool {
    i == 0 || matches!(cx.bytes[i - 1], b' ' | b'\t' | b'\n' | b'"' | b'\'' | b'(' | b':' | b',' | b'>' | b'=')
}

/// Whether a whole value under a generic `name` key looks like a person's
/// name: CJK script, or 1–5 words where a word is in the name lists, or 2+
/// capitalised words none of which is a common non-name word. "New patient",
/// "Follow-up" and "phi-guard-demo" are not.
pub(crate) fn plausible_name(v: &str) -> bool {
    let v = v.trim();
    if v.chars().next().is_some_and(is_cjk) {
        return cjk_name(v) == Some(v.len());
    }
    if !v.chars().all(|c| letter_is(c, case::ALPHA) || matches!(c, ' ' | ',' | '.' | '\'' | '’' | '-')) {
        return false;
    }
    // Each word (without its dot) folded and looked up once, kept for the
    // second test; no vector of the words.
    let words = v.split([' ', ',']).filter(|w| !w.is_empty());
    let (mut found, mut n, mut any_listed) = ([None; 5], 0, false);
    for w in words.clone() {
        if n == found.len() {
            return false;
        }
        found[n] = listed(fold(w.trim_end_matches('.')).as_ref());
        any_listed |= found[n].is_some_and(|e| e.lists & (on::GIVEN | on::SURNAME) != 0);
        n += 1;
    }
    // Two or more words with a listed name among them ("Sanjay Desai-Booker",
    // most values) pass without the stop checks, which may take a label
    // look-up each; otherwise all words must be capitalised, and one word
    // must also be listed.
    if n >= 2 && any_listed {
        return true;
    }
    if n == 0 || n == 1 && !any_listed {
        return false;
    }
    words.zip(found).all(|(w, e)| {
        let bare = w.trim_end_matches('.');
        // With its dot the word may be on other lists ("st." is a particle).
        let lf = if bare.len() == w.len() { e.map_or(0, |e| e.lists) } else { lists_of(fold(w)) };
        w.chars().next().is_some_and(|c| letter_is(c, case::UPPER)) && (lf & on::PARTICLE != 0 || (!stop_of(bare, e) && lf & on::COMMON_CAP == 0))
    })
}

/// Whether a table's `name` cell `v` names no person: not shaped like a
/// person's name, or a word of it is no name word ("WASHINGTON HEIGHTS
/// HEALTH CENTER", whose listed surname lets [`plausible_name`] pass it).
pub(crate) fn no_person(v: &str) -> bool {
    !plausible_name(v) || v.split([' ', ',']).any(|w| !w.is_empty() && is_stop(w))
}

/// Whether a word of `v` (split at spaces) is a listed given name or
/// surname.
pub(crate) fn has_listed_name(v: &str) -> bool {
    v.split(' ').any(|w| !w.is_empty() && lists_of(fold(w).as_ref()) & (on::GIVEN | on::SURNAME) != 0)
}

/// "meerachowdhury", "garciamaria": a listed given name and a listed surname
/// written as one lowercase word (3+ letters each).
pub(crate) fn joined_person_name(w: &str) -> bool {
    let w = w.to_ascii_lowercase();
    (3..w.len().saturating_sub(2)).any(|i| {
        w.is_char_boundary(i) && {
            let (a, b) = w.split_at(i);
            let (la, lb) = (lists_of(a), lists_of(b));
            (la & on::GIVEN != 0 && lb & on::SURNAME != 0) || (la & on::SURNAME != 0 && lb & on::GIVEN != 0)
        }
    })
}

fn provider_before(cx: &Ctx, pos: usize) -> bool {
    matches!(cx.label_before(pos), Some(LabelKind::Provider))
}

#[cfg(test)]
mod tests {
    use crate::{Format, Guard, PhiType};

    proptest::proptest! {
        /// The byte-wise name word agrees with the char-wise one.
        #[test]
        fn name_word_ascii_matches_chars(chars in proptest::collection::vec(proptest::sample::select(vec!['A', 'J', 'M', 'D', 'O', 'b', 'c', 'a', 'x', '-', '\'', '’', '.', ' ', '1', 'é', 'É', '_', 'Ł', 'ł', 'ß', '×', 'ĸ', 'ǅ', 'Ω', 'ω']), 0..24)) {
            let s: String = chars.into_iter().collect();
            proptest::prop_assert_eq!(super::name_word(&s), super::name_word_chars(&s), "{:?}", s);
        }
    }

    /// A labelled name's words may be joined by a percent-encoded space,
    /// as in a value copied from a URL; a percent-encoded other byte
    /// joins nothing.
    #[test]
    fn a_labelled_name_takes_percent_encoded_spaces() {
        for (s, name) in [("Haruto%20Tran", "Haruto%20Tran"), ("Jorge%20Vargas%20Flores", "Jorge%20Vargas%20Flores"), ("Haruto%2CTran", "Haruto")] {
            assert_eq!(super::name_value(s).map(|e| &s[..e]), Some(name), "{s:?}");
        }
        let out = Guard::default().scan(r#"{"x-patient-name":"Haruto%20Tran","x-forwarded-for":"10.0.0.1"}"#, Format::Json).redacted;
        assert!(!out.contains("Tran"), "{out}");
    }

    /// A labelled name in HL7's and DICOM's `FAMILY^GIVEN^MIDDLE` is one
    /// name, a short family name too ("DOE^JANE" after PatientName in a
    /// PACS log); a `^` before no name word ends it, and short capitals
    /// with no `^` after them are still abbreviations.
    #[test]
    fn a_labelled_name_takes_xpn_components() {
        for (s, name) in [
            ("MORETTI-BROWN^EAMON\" (Study", Some("MORETTI-BROWN^EAMON")),
            ("DOE^JANE^MARIE", Some("DOE^JANE^MARIE")),
            ("DOE^JANE", Some("DOE^JANE")),
            ("Quibble^Zoltan rejected", Some("Quibble^Zoltan")),
            ("Quibble^^Zoltan", Some("Quibble")),
            ("Quibble^42", Some("Quibble")),
            ("CHF^", None),
            ("CHF noted", None),
        ] {
            assert_eq!(super::name_value(s).map(|e| &s[..e]), name, "{s:?}");
        }
        let log = "rejected: PatientID 91-506228 already linked to PatientName \"DOE^JANE\" (StudyInstanceUID 1.2.392.1)";
        let out = Guard::default().scan(log, Format::Log).redacted;
        assert!(!out.contains("DOE") && !out.contains("JANE"), "{out}");
    }

    /// A labelled `LAST,FIRST` in capitals (a pharmacy claim's
    /// `patient=MILLER,JENNIFER`) is one name when the given name is
    /// a listed one and no everyday word; otherwise the name ends at the
    /// comma.
    #[test]
    fn a_labelled_name_takes_last_comma_first_in_capitals() {
        for (s, name) in [
            ("TORRES-SCOTT,JENNIFER rx=3175782", "TORRES-SCOTT,JENNIFER"),
            ("WANG,JING rx=2140784", "WANG,JING"),
            ("SMITH,ACTIVE,2024", "SMITH"),
            ("Smith,Andres", "Smith"),
            ("SMITH,Andres", "SMITH"),
            // An unlisted given name that ends the value.
            ("TORRES-SCOTT,ANDRES rx=3175782", "TORRES-SCOTT,ANDRES"),
            ("QUIBBLE,ZOLTAN", "QUIBBLE,ZOLTAN"),
            ("QUIBBLE,ZOLTAN|1961", "QUIBBLE,ZOLTAN"),
            // A cell of a row, a short word, one with a digit: the name
            // ends at the comma.
            ("SMITH,ZOLTAN,2024", "SMITH"),
            ("SMITH,ZED rx=1", "SMITH"),
            ("SMITH,ZOLTAN2 rx=1", "SMITH"),
            ("SMITH,ZOLTAN=1", "SMITH"),
        ] {
            assert_eq!(super::name_value(s).map(|e| &s[..e]), Some(name), "{s:?}");
        }
    }

    /// A name after a person label takes a middle initial without a dot
    /// and the words after it (it stopped at the initial: "Patient: Zoltan
    /// Q Quibble" became "Patient: [NAME] Q Quibble").
    #[test]
    fn a_labelled_name_takes_a_middle_initial_without_a_dot() {
        for (s, name) in [
            ("Zoltan Q Quibble", "Zoltan Q Quibble"),
            ("Zoltan Q Quibble seen today", "Zoltan Q Quibble"),
            ("MARIA Q GARCIA", "MARIA Q GARCIA"),
            ("Zoltan Q. Quibble", "Zoltan Q. Quibble"),
            ("Zoltan Quibble Q", "Zoltan Quibble"),
            ("Zoltan Q", "Zoltan"),
        ] {
            assert_eq!(super::name_value(s).map(|e| &s[..e]), Some(name), "{s:?}");
        }
        let g = Guard::default();
        for (text, format) in [("Patient: Zoltan Q Quibble", Format::Text), ("{\"name\": \"Jane Q Doe\"", Format::Json), ("{\"name\": \"Jane Q Doe\"}", Format::Json)] {
            let out = g.scan(text, format).redacted;
            assert!(!out.contains("Quibble") && !out.contains("Doe"), "{text} → {out}");
        }
    }

    /// A name after a person label takes a middle initial with its dot
    /// ("A." alone is the stop word "a": "Patient: [NAME] A. Quibble"),
    /// a suffix, and particles in capitals, also before the surname
    /// written first ("Patient: DE LA [NAME]").
    #[test]
    fn a_labelled_name_takes_dotted_initials_suffixes_and_capital_particles() {
        super::super::assert_redacts(crate::Format::Text, &[
            ("Patient: Zoltan A. Quibble", "Patient: [NAME]"),
            ("Insured: Zoltan A. Quibble Jr.", "Insured: [NAME]"),
            ("Patient: Zoltan Quibble III, seen today", "Patient: [NAME], seen today"),
            ("Patient: DE LA CRUZ, MARIA", "Patient: [NAME]"),
            ("Patient: Maria DE LA CRUZ", "Patient: [NAME]"),
            ("Patient: van der Berg, Zoltan", "Patient: [NAME]"),
            // An initial then a word that is no name; a suffix after one word.
            ("Patient: Zoltan A. The chart", "Patient: [NAME] A. The chart"),
            ("Patient: DO NOT RESUSCITATE", "Patient: DO NOT RESUSCITATE"),
        ]);
    }

    /// A person label's value in a chat's lowercase is a listed given name
    /// (and a listed surname after it), as after a message's cue: not an
    /// everyday word, nor a word on no list.
    #[test]
    fn a_person_labels_lowercase_value() {
        super::super::assert_redacts(crate::Format::Text, &[
            ("Patient: this is her daughter robert, moms name is Eliza", "Patient: this is her daughter [NAME], moms name is [NAME]"),
            ("my nephew imran called", "my nephew [NAME] called"),
            ("my nephew will call", "my nephew will call"),
            ("my nephew called", "my nephew called"),
            ("nephew: kestrel", "nephew: kestrel"),
            // A possessive without its apostrophe: the given name before its `s`.
            ("call 617.555.0179 instead its my daughter niamhs cell", "call [PHONE] instead its my daughter [NAME]s cell"),
            ("hi this is fatimas mom, shes running late", "hi this is [NAME]s mom, shes running late"),
            ("my daughter kids cell", "my daughter kids cell"),
            ("my daughter wills phone", "my daughter wills phone"),
        ]);
    }

    /// A message's cue names the person after it: a self-introduction,
    /// a question of who it is, a thanks or a sign-off, in a form-encoded
    /// SMS body too, and in a chat's lowercase a listed given name and
    /// surname. Not a stop word, a clinician, an everyday or unlisted word
    /// but in a sign-off, an organisation's two words, a word in capitals,
    /// nor a lowercase word that is no listed given name or comes before a
    /// number.
    #[test]
    fn cues_in_messages_name_people() {
        super::super::assert_redacts(crate::Format::Text, &[
            ("ok thx. this is Helen btw", "ok thx. this is [NAME] btw"),
            ("we'll call you. Is this Meera?", "we'll call you. Is this [NAME]?"),
            ("Body=Its+Emily+can+u+call+me+back", "Body=Its+[NAME]+can+u+call+me+back"),
            ("Agent: Thanks Robert, I've added you as a proxy.", "Agent: Thanks [NAME], I've added you as a proxy."),
            ("See you soon.\r\n\r\nThanks,\r\nInés", "See you soon.\r\n\r\nThanks,\r\n[NAME]"),
            ("[09:10] Patient: hi its camila lópez-hernández 😷", "[09:10] Patient: hi its [NAME] 😷"),
            ("[15:34] Patient: hi its wei li", "[15:34] Patient: hi its [NAME]"),
            ("its wei li can u call", "its [NAME] li can u call"),
            ("this is Dr Smith", "this is Dr Smith"),
            ("its the app", "its the app"),
            ("this is Tuesday", "this is Tuesday"),
            ("is this correct? Is this Correct?", "is this correct? Is this Correct?"),
            ("Thanks again, Thanks Team", "Thanks again, Thanks Team"),
            ("Hi Aarav, this is Example Health.", "Hi [NAME], this is Example Health."),
            ("the app and its Settings page, its May 5", "the app and its Settings page, its May 5"),
            ("Thanks, URGENT, its jun 5, this is an emergency", "Thanks, URGENT, its jun 5, this is an emergency"),
            // A call in a note or an OBX comment.
            ("OBX|2|TX|18842-5^Comment^LN||Called Imani at 212-555-0106", "OBX|2|TX|18842-5^Comment^LN||Called [NAME] at [PHONE]"),
            ("spoke with Meera re: refill", "spoke with [NAME] re: refill"),
            ("Spoke to maria gonzalez, confirmed", "Spoke to [NAME], confirmed"),
            ("called getPatient() twice; a helper called Stripe", "called getPatient() twice; a helper called Stripe"),
            ("called the pharmacy. Called Will Call desk", "called the pharmacy. Called Will Call desk"),
        ]);
    }

    /// A message that opens with a listed given name, a comma and "your"
    /// addresses its reader by that name (a notification's body), and a
    /// date after it is then in prose about a person. Not an everyday word
    /// or a month ("June"), nor a given name elsewhere in the text.
    #[test]
    fn a_message_opening_with_a_given_name_and_your_names_its_reader() {
        super::super::assert_redacts(crate::Format::Text, &[
            ("Mary, your lab results from 03/13/2022 are ready.", "[NAME], your lab results from [DATE] are ready."),
            ("Zoë, your visit is confirmed", "[NAME], your visit is confirmed"),
            ("Mary Smith, your visit is confirmed", "[NAME], your visit is confirmed"),
            ("June, your appointment is confirmed", "June, your appointment is confirmed"),
            ("Please, your order shipped", "Please, your order shipped"),
            ("Mary, the results are ready", "Mary, the results are ready"),
            ("Results for Mary, your lab", "Results for Mary, your lab"),
        ]);
        assert_eq!(Guard::default().scan(r#"{"body":"Mary, your lab results are ready."}"#, Format::Json).redacted, r#"{"body":"[NAME], your lab results are ready."}"#);
    }

    /// `SURNAME/GIVEN` in capitals, as X12 and pharmacy systems write a
    /// name and validators quote it, hyphenated surname too. Not a path, a
    /// pair of everyday words, nor either case of the words mixed.
    #[test]
    fn surname_slash_given_in_capitals_is_a_name() {
        super::super::assert_redacts(crate::Format::Text, &[
            ("Invalid member id for DAVIS/JENNIFER in Loop 2010BA", "Invalid member id for [NAME] in Loop 2010BA"),
            ("for BAKER-FREEMAN/HELEN", "for [NAME]"),
            ("TCP/IP AND/OR READ/WRITE BROWN/GREEN", "TCP/IP AND/OR READ/WRITE BROWN/GREEN"),
            ("GET /API/DAVIS/JENNIFER/X", "GET /API/DAVIS/JENNIFER/X"),
            ("for Davis/Jennifer and DAVIS/Jennifer", "for Davis/Jennifer and DAVIS/Jennifer"),
            // DICOM's `SURNAME^GIVEN`, quoted outside its tag, more components after.
            ("C-STORE rejected: incoming \"NGUYEN^ROHAN\" (StudyInstanceUID 1.2.3)", "C-STORE rejected: incoming \"[NAME]\" (StudyInstanceUID 1.2.3)"),
            ("merge DAVIS^JENNIFER^K into 8841", "merge [NAME]^K into 8841"),
            ("MSH ADT^A01 ORU^R01 READ^WRITE x^DAVIS^JENNIFER", "MSH ADT^A01 ORU^R01 READ^WRITE x^DAVIS^JENNIFER"),
        ]);
    }

    /// A capitalised role and a colon label a whole name: "Member" and
    /// "Subscriber" (plan id labels too) only a name-shaped one; without
    /// the colon, or lowercase as a log's field, "client" and "resident"
    /// are words.
    #[test]
    fn role_labels_with_a_colon_name_people() {
        super::super::assert_redacts(crate::Format::Text, &[
            ("Subscriber: Zoltan Quibble", "Subscriber: [NAME]"),
            ("Member: Zoltan Quibble", "Member: [NAME]"),
            ("Member: ZOLTAN QUIBBLE", "Member: [NAME]"),
            ("Enrollee: Zoltan Quibble", "Enrollee: [NAME]"),
            ("Dependent: Zoltan A. Quibble", "Dependent: [NAME]"),
            ("Insured: ZOLTAN QUIBBLE", "Insured: [NAME]"),
            ("Guarantor: Zoltan Quibble", "Guarantor: [NAME]"),
            ("Client: Zoltan Quibble", "Client: [NAME]"),
            ("Resident: Zoltan Quibble, room 4", "Resident: [NAME], room 4"),
            ("Member: W123456789", "Member: [HEALTH_PLAN_ID]"),
            ("HTTP Client Error in Resident Portal", "HTTP Client Error in Resident Portal"),
            ("client: Chrome Mobile", "client: Chrome Mobile"),
            ("Client: Chrome", "Client: Chrome"),
        ]);
        // As keys they say nothing.
        assert_eq!(Guard::default().scan(r#"{"client":"Zoltan Quibble App","resident":"yes"}"#, Format::Json).redacted, r#"{"client":"Zoltan Quibble App","resident":"yes"}"#);
    }

    /// `list_bytes` splits as `list` does: the same words of the shipped
    /// lists, and no empty word at either end, between two commas, or of
    /// an empty list; a multi-byte char right before a comma stays whole.
    #[test]
    fn list_bytes_splits_as_list_does() {
        for names in [super::GIVEN, super::SURNAMES, "", ",", ",,", "ana", "ana,", ",ana", "ana,,josé", "josé,", "łukasz,ñ,é"] {
            let bytes: Vec<&[u8]> = super::list_bytes(names).collect();
            let chars: Vec<&[u8]> = super::list(names).map(str::as_bytes).collect();
            assert_eq!(bytes, chars, "{names:?}");
        }
        assert_eq!(super::list_bytes("ana,,josé,").collect::<Vec<_>>(), ["ana".as_bytes(), "josé".as_bytes()]);
        assert_eq!(super::list_bytes(",").count(), 0);
        assert!(super::list_bytes(super::GIVEN).count() > 500);
    }

    /// `names` as it walked the text before its words were found sixteen
    /// bytes at a time: byte by byte, each word start that is a letter or
    /// a char's first byte tried, then on from where that left off.
    fn names_reference(cx: &super::Ctx, out: &mut Vec<crate::finding::Hit>) {
        let b = cx.bytes;
        let word = |c: u8| c.is_ascii_alphanumeric() || c >= 0x80;
        let mut i = 0;
        while i < b.len() {
            if (i == 0 || !word(b[i - 1])) && (b[i].is_ascii_alphabetic() || b[i] >= 0xC0) {
                i = super::name_at(cx, i, out);
            } else {
                i += 1;
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        #[test]
        fn names_is_the_bytewise_walk(parts in proptest::collection::vec(proptest::sample::select(vec![
            "Maria", "Garcia", "maria", "garcia", "dorothy", "lewis", "José", "García", "López", "Smith", "John", "Dr.", "Patient", "Ana",
            "reports", "de", "la", "Cruz", "J.", "Q", "O'Brien", "x1", "42", "é", "名前", "GET", "INFO", "Anne-Marie", "Mc",
            "theo", "theory", "jason", "jasper", "marias", "lewis",
            " ", " ", " ", ", ", "\n", ":", "-", ".", "\"", "=", "_", "/",
        ]), 0..40)) {
            let text: String = parts.concat();
            let opts = super::super::ScanOptions::default();
            let cx = super::Ctx { text: &text, bytes: text.as_bytes(), labels: crate::labels::find_labels(&text), opts: &opts, hits_from: 0, index: None, digits: 0, has: u8::MAX, failing_row: true, values_list: true };
            let (mut got, mut want) = (Vec::new(), Vec::new());
            super::names(&cx, &mut got);
            names_reference(&cx, &mut want);
            let key = |v: Vec<crate::finding::Hit>| v.into_iter().map(|h| (h.start(), h.end(), h.score.to_bits())).collect::<Vec<_>>();
            proptest::prop_assert_eq!(key(got), key(want), "{:?}", text);
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        /// Where `may_go_on` stops a capitalised word, the full check finds
        /// no name there and goes on from the word's end too.
        #[test]
        fn may_go_on_stops_only_where_no_name_goes_on(parts in proptest::collection::vec(proptest::sample::select(vec![
            "Maria", "Garcia", "garcia", "José", "López", "Smith", "Ana", "reports", "de", "la", "Cruz", "J.", "Q", "O'Brien",
            "GET", "Patient", "Anne-Marie", "st.", "Éva", "Éva", "42", " ", " ", ", ", ", ", ",", "\n", ":", "/", "\"", "'", "-", ".",
        ]), 0..12)) {
            let text: String = parts.concat();
            let opts = super::super::ScanOptions::default();
            let cx = super::Ctx { text: &text, bytes: text.as_bytes(), labels: crate::labels::find_labels(&text), opts: &opts, hits_from: 0, index: None, digits: 0, has: u8::MAX, failing_row: true, values_list: true };
            for i in (0..text.len()).filter(|&i| text.is_char_boundary(i)) {
                if let Some(n) = super::name_word(&text[i..]).filter(|&n| !super::may_go_on(cx.bytes, i + n)) {
                    let mut out = Vec::new();
                    proptest::prop_assert_eq!(super::capitalised_at(&cx, i, super::Looked::other(&text[i..i + n]), &mut out), i + n, "{:?} at {}", text, i);
                    proptest::prop_assert!(out.is_empty(), "{:?} at {}", text, i);
                }
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        /// Where `may_precede_surname` rules out the last route for a plain
        /// word whose slot holds no given name nor surname, `capitalised_at`
        /// finds no name there and goes on from the word's end.
        #[test]
        fn may_precede_surname_rules_out_only_no_name(parts in proptest::collection::vec(proptest::sample::select(vec![
            "Xqzt", "Street", "Suite", "Bqxw", "Garcia", "García", "Smith", "SMITH", "Desai-Booker", "Anne-Marie", "Éva", "Q", "J.", "PACS",
            "the", "reports", " ", " ", " ", ", ", "\n", "(", ":", ".", "\"",
        ]), 0..12)) {
            use super::{lists, on};
            let text: String = parts.concat();
            let opts = super::super::ScanOptions::default();
            let cx = super::Ctx { text: &text, bytes: text.as_bytes(), labels: crate::labels::find_labels(&text), opts: &opts, hits_from: 0, index: None, digits: 0, has: u8::MAX, failing_row: true, values_list: true };
            let b = cx.bytes;
            for i in (0..b.len()).filter(|&i| i == 0 || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] >= 0x80)) {
                let Some(n) = super::plain_word(&b[i..]) else { continue };
                if lists().plain_bound(&b[i..i + n]) & (on::GIVEN | on::SURNAME) == 0 && !super::may_precede_surname(&cx, i, n) {
                    let mut out = Vec::new();
                    proptest::prop_assert_eq!(super::capitalised_at(&cx, i, super::Looked::plain(&b[i..i + n]), &mut out), i + n, "{:?} at {}", text, i);
                    proptest::prop_assert!(out.is_empty(), "{:?} at {}", text, i);
                }
            }
        }
    }

    /// The lowercase letters, spaces and word bytes of the step of `b` at
    /// `at` and the sixteen bytes after it, as [`super::names`] reads them
    /// (none past the end).
    fn step_masks(b: &[u8], at: usize) -> (u64, u64, u64) {
        let (mut lower, mut space, mut word) = (0u64, 0u64, 0u64);
        for c in 0..=super::STEP / 16 {
            let k = if at + 16 * c < b.len() { crate::detect::find::byte_kinds(b, at + 16 * c) } else { Default::default() };
            lower |= u64::from(k.lower) << (16 * c);
            space |= u64::from(k.space) << (16 * c);
            if c < super::STEP / 16 {
                word |= u64::from(k.upper | k.lower | k.digit | k.high) << (16 * c);
            }
        }
        (lower, space, word)
    }

    /// [`super::lower_starts_kept`] of the lowercase starts `starts` of the
    /// step of `b` at `at`, as [`super::names`] calls it.
    fn kept_at(b: &[u8], at: usize, starts: u64) -> u64 {
        let (lower, space, _) = step_masks(b, at);
        super::lower_starts_kept(lower, space, starts)
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]
        /// `lower_starts_kept` keeps every lowercase word start of a step
        /// whose run, read byte by byte past the step too, has three
        /// letters or more and a space and a lowercase letter after it,
        /// and keeps no byte that is not such a start.
        #[test]
        fn lower_starts_kept_keeps_every_start_a_pair_may_begin(s in "([a-z]{1,20}|[A-Z]{1,3}|[0-9]|[ .,'-]|é)*", at in 0usize..80) {
            let b = s.as_bytes();
            let at = at.min(b.len());
            let (lower, _, is_word) = step_masks(b, at);
            let word = |c: u8| c.is_ascii_alphanumeric() || c >= 0x80;
            let before = u64::from(at > 0 && word(b[at - 1]));
            let step = u64::MAX >> (64 - super::STEP);
            let starts = lower & step & !((is_word << 1) | before);
            let kept = kept_at(b, at, starts);
            proptest::prop_assert_eq!(kept & !starts, 0, "{:?} at {}", s, at);
            for j in 0..super::STEP {
                if starts >> j & 1 == 0 {
                    continue;
                }
                let i = at + j;
                let n1 = b[i..].iter().take_while(|c| c.is_ascii_lowercase()).count();
                let may = n1 >= 3 && b.get(i + n1) == Some(&b' ') && b.get(i + n1 + 1).is_some_and(u8::is_ascii_lowercase);
                proptest::prop_assert!(!may || kept >> j & 1 == 1, "start {} of {:?} at {} dropped", j, s, at);
            }
        }
    }

    /// [`super::lower_starts_kept`] at every place of a step: a run of 1
    /// to 70 letters starting at each of the step's bytes, then each kind
    /// of what may follow it, within the sixty-four bytes it reads and past
    /// them (a run to the end of them carries out of the `u64`).
    #[test]
    fn lower_starts_kept_at_every_place_of_a_step() {
        for j in 0..super::STEP {
            for n in 1..=70 {
                for after in ["", " ", " a", " ab", " A", "  a", ".a", "A b", "1 a", " é"] {
                    let text = format!("{}{}{after} x", " ".repeat(j), "q".repeat(n));
                    let b = text.as_bytes();
                    let (lower, _, word) = step_masks(b, 0);
                    let starts = lower & !(word << 1) & (1 << j);
                    let kept = kept_at(b, 0, starts);
                    let may = n >= 3 && b.get(j + n) == Some(&b' ') && b.get(j + n + 1).is_some_and(u8::is_ascii_lowercase);
                    assert!(!may || kept == starts, "{text:?}: the start at {j} dropped");
                    assert_eq!(kept & !starts, 0, "{text:?}");
                    // Where the bytes read hold the run and the two bytes
                    // after it, what cannot begin a pair is dropped.
                    if j + n + 1 < 64 && !may {
                        assert_eq!(kept, 0, "{text:?}: the start at {j} kept");
                    }
                }
            }
        }
    }

    proptest::proptest! {
        /// A step's [`super::StepKinds`] gives each of its chunks of
        /// sixteen bytes the kinds `byte_kinds` gives them (but the lead
        /// bytes, which the name pass does not read), so a start's checks
        /// from its chunk's bits are those a step of sixteen at the chunk
        /// made.
        #[test]
        fn step_kinds_chunks_are_byte_kinds(b in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..80), at in 0usize..80) {
            use crate::detect::find::byte_kinds;
            let at = at.min(b.len());
            let mut k = super::StepKinds::default();
            for c in 0..super::STEP / 16 {
                if at + 16 * c < b.len() {
                    k.add(byte_kinds(&b, at + 16 * c), 16 * c as u32);
                }
            }
            for c in 0..super::STEP / 16 {
                let (got, want) = (k.chunk(16 * c), if at + 16 * c < b.len() { byte_kinds(&b, at + 16 * c) } else { Default::default() });
                let fields = |k: crate::detect::find::ByteKinds| (k.upper, k.lower, k.digit, k.high, k.space);
                proptest::prop_assert_eq!(fields(got), fields(want), "chunk {} at {}", c, at);
                proptest::prop_assert_eq!(got.lead, 0);
            }
        }
    }

    proptest::proptest! {
        /// `lower_run` counts what a byte-by-byte count does.
        #[test]
        fn lower_run_is_the_bytewise_count(s in "[a-zA-Z é]{0,40}", from in 0usize..40) {
            let b = s.as_bytes();
            let i = from.min(b.len());
            proptest::prop_assert_eq!(super::lower_run(b, i), b[i..].iter().take_while(|c| c.is_ascii_lowercase()).count());
        }
    }

    proptest::proptest! {
        /// `plain_word_in`, from the bits of a step at any offset before
        /// the word, is `plain_word` wherever the word ends within the step.
        #[test]
        fn plain_word_in_is_plain_word(s in "[A-Za-z é'.-]{0,40}", from in 0usize..40, back in 0usize..16) {
            let b = s.as_bytes();
            let i = from.min(b.len());
            let at = i.saturating_sub(back);
            let got = super::plain_word_in(super::byte_kinds(b, at), i - at, b, i);
            let want = super::plain_word(&b[i..]).filter(|n| i - at + n < 16);
            proptest::prop_assert_eq!(got, want, "{:?} at {} from {}", s, i, at);
        }
    }

    #[test]
    fn plain_word_in_at_the_step_edges() {
        use super::{byte_kinds, plain_word_in};
        // "Maria" ending right before the step's last byte, and at it.
        let b = b"0123456789Maria Garcia";
        assert_eq!(plain_word_in(byte_kinds(b, 0), 10, b, 10), Some(5));
        let b = b"01234567890Maria Garcia";
        assert_eq!(plain_word_in(byte_kinds(b, 0), 11, b, 11), None, "the space after it is past the step");
        // A word at the end of the input, and an empty one.
        assert_eq!(plain_word_in(byte_kinds(b"Ana", 0), 0, b"Ana", 0), Some(3));
        assert_eq!(plain_word_in(byte_kinds(b"", 0), 0, b"", 0), None);
        // A two-byte char right after the word: not a plain word.
        let b = "0123456789Jos\u{e9} x".as_bytes();
        assert_eq!(plain_word_in(byte_kinds(b, 0), 10, b, 10), None);
        assert_eq!(plain_word_in(byte_kinds(b"McDonald ", 0), 0, b"McDonald ", 0), None, "left to name_word_ascii");
    }

    #[test]
    fn letters_before_dot_at_the_step_edges() {
        use super::{byte_kinds, letters_before_dot};
        let at = |b: &[u8], i: usize| letters_before_dot(byte_kinds(b, 0), i, b, i);
        assert_eq!(at(b"Mr. Smith", 0), Some(2));
        assert_eq!(at(b"x Node.js", 2), Some(4));
        assert_eq!(at(b"J. Smith", 0), None, "one letter: an initial");
        assert_eq!(at(b"Mr Smith", 0), None);
        assert_eq!(at(b"Mr", 0), None, "no dot at the end of the input");
        assert_eq!(at(b"", 0), None);
        // The dot at the step's last byte, and past it.
        assert_eq!(at(b"0123456789abcMr.", 13), Some(2));
        assert_eq!(at(b"0123456789abcdMr.", 14), None, "the dot is past the step");
        // A two-byte char between the letters and the dot.
        assert_eq!(at("Jos\u{e9}.".as_bytes(), 0), None);
    }

    /// `known_stop` is true only where `is_stop_word` is, for every listed
    /// word capitalised (with and without a dot), before and after asking.
    #[test]
    fn known_stop_is_is_stop_word() {
        use super::{fold, known_stop, is_stop_word, listed, list};
        let words: Vec<String> = list(super::GIVEN).chain(list(super::STOP)).chain(list(super::COMMON_CAPS)).map(|w| w[..1].to_uppercase() + &w[1..]).collect();
        let mut known = 0;
        for w in words.iter().flat_map(|w| [w.clone(), format!("{w}.")]) {
            let e = listed(fold(&w).as_ref());
            if known_stop(&w, e) {
                known += 1;
                assert!(is_stop_word(&w, e), "{w:?}");
            }
            let stop = is_stop_word(&w, e);
            assert!(!known_stop(&w, e) || stop, "{w:?} asked again");
        }
        assert!(known > 100, "the stop words are known: {known}");
        assert!(!known_stop("Street.", listed(b"street.")), "a word with its dot is not known");
        assert!(!known_stop("Xqzt", None));
    }

    proptest::proptest! {
        /// `plain_slot` is the slot of the folded word, and `find_plain`
        /// finds what `listed` finds for it folded.
        #[test]
        fn plain_slot_is_the_folded_slot(w in "[A-Za-z]{0,30}") {
            let f = super::fold(&w);
            proptest::prop_assert_eq!(super::plain_slot(w.as_bytes()), super::slot(f.as_ref()));
            let (got, want) = (super::lists().find_plain(w.as_bytes()), super::listed(f.as_ref()));
            proptest::prop_assert!(got.map(std::ptr::from_ref) == want.map(std::ptr::from_ref), "{:?}", w);
        }
    }

    /// `find_plain` finds each listed word of letters, capitalised or in
    /// capitals, and nothing for it a letter short or long (every length
    /// from one to over eight, the reads of four and eight bytes).
    #[test]
    fn find_plain_is_listed_for_listed_words() {
        use super::{fold, listed, lists};
        let plain = listed_words().into_iter().filter(|w| !w.is_empty() && w.bytes().all(|c| c.is_ascii_alphabetic()));
        let mut found = 0;
        for w in plain.flat_map(|w| [w[..1].to_uppercase() + &w[1..], w.to_uppercase(), w]) {
            let (got, want) = (lists().find_plain(w.as_bytes()), listed(fold(&w).as_ref()));
            assert!(got.map(std::ptr::from_ref) == want.map(std::ptr::from_ref), "{w:?}");
            found += usize::from(got.is_some());
        }
        assert!(found > 2000, "the listed words are found: {found}");
    }

    #[test]
    fn plain_slot_of_short_words() {
        use super::{plain_slot, slot};
        assert_eq!(plain_slot(b""), slot(b""));
        assert_eq!(plain_slot(b"A"), slot(b"a"));
        assert_eq!(plain_slot(b"MARIA"), slot(b"maria"));
        assert_eq!(plain_slot(b"GaRcIa"), slot(b"garcia"));
    }

    proptest::proptest! {
        /// `fold` of an ASCII word is its bytes lowercased.
        #[test]
        fn fold_of_ascii_is_lowercase(w in "[ -~]{0,30}") {
            let (got, want) = (super::fold(&w), w.to_ascii_lowercase());
            proptest::prop_assert_eq!(got.as_ref(), want.as_bytes());
        }
    }

    #[test]
    fn ascii_lower8_at_the_edges() {
        let all: Vec<u8> = (0..0x80).collect();
        for c in all.chunks(8) {
            let x = u64::from_le_bytes(c.try_into().unwrap());
            let want: Vec<u8> = c.iter().map(u8::to_ascii_lowercase).collect();
            assert_eq!(super::ascii_lower8(x).to_le_bytes().to_vec(), want, "{c:?}");
        }
        assert_eq!(super::fold("").as_ref(), b"");
        assert_eq!(super::fold("@AZ[`az{").as_ref(), b"@az[`az{");
        assert_eq!(super::fold("ABCDEFGHIJKLMNOPQRSTUVWX").as_ref(), b"abcdefghijklmnopqrstuvwx");
        assert_eq!(super::fold("ABCDEFGHIJKLMNOPQRSTUVWXY").as_ref(), b"abcdefghijklmnopqrstuvwxy", "over 24 bytes");
        // A non-ASCII char in any chunk, the last one ending at byte 24.
        assert_eq!(super::fold("ÉVA").as_ref(), b"eva");
        assert_eq!(super::fold("ABCDEFGÉ").as_ref(), b"abcdefge");
        assert_eq!(super::fold("ABCDEFGHIJKLMNOPQRSTUVÉ").as_ref(), b"abcdefghijklmnopqrstuve");
    }

    proptest::proptest! {
        /// `fold` is `fold_chars` on words of ASCII, accented Latin letters
        /// (one folding to two chars, one to a non-ASCII char), `’` and other
        /// chars, around the 24 bytes `fold_latin` takes.
        #[test]
        fn fold_is_fold_chars(w in "[A-Za-z'\\-. ÀÉéíÑñÖøßŁłŒœİ×ÿĳ’‘名]{0,20}") {
            let (got, want) = (super::fold(&w), super::fold_chars(&w));
            proptest::prop_assert_eq!(got.as_ref(), want.as_bytes(), "{:?}", w);
        }
    }

    /// `fold` is `fold_chars` for each char from U+0080 to U+024F alone,
    /// capitalised in a word, and as the last char of a word of 24 bytes
    /// (the most `fold_latin` takes) or 25.
    #[test]
    fn fold_latin_of_each_char() {
        use super::{fold, fold_chars};
        for c in (0x80..0x250).filter_map(char::from_u32) {
            for w in [c.to_string(), format!("{c}va"), format!("{}{c}", "a".repeat(24 - c.len_utf8())), format!("{}{c}", "A".repeat(25 - c.len_utf8()))] {
                assert_eq!(fold(&w).as_ref(), fold_chars(&w).as_bytes(), "{w:?}");
            }
        }
        assert_eq!(fold("JOSÉ O’BRIEN").as_ref(), b"jose o'brien");
        assert_eq!(fold("Łódź").as_ref(), b"lodz");
        assert_eq!(fold("İlker").as_ref(), "i\u{307}lker".as_bytes(), "two chars for one: fold_chars");
    }

    /// `letter_is` is what the Unicode tables say, for every char of the
    /// first planes' letters and symbols, ASCII and the table's ends
    /// (U+00BF, U+00C0, U+017F, U+0180) among them.
    #[test]
    fn letter_is_the_unicode_tables() {
        use super::{case, case_by_tables, letter_is};
        for c in (0..0x3100).chain(0xFF00..0xFFFF).filter_map(char::from_u32) {
            for bit in [case::ALPHA, case::UPPER, case::LOWER] {
                assert_eq!(letter_is(c, bit), case_by_tables(c) & bit != 0, "{c:?} {bit}");
            }
        }
        assert!(letter_is('É', case::UPPER) && letter_is('ß', case::LOWER) && !letter_is('×', case::ALPHA));
    }

    /// Every listed word, and the same with a letter more or less.
    fn listed_words() -> Vec<String> {
        use super::list;
        let short = [super::STOP, super::COMMON_WORDS, super::COMMON_CAPS, super::PERSON_VERBS];
        let all = list(super::GIVEN).chain(list(super::SURNAMES)).chain(super::PARTICLES.iter().copied()).chain(short.into_iter().flat_map(list));
        all.flat_map(|w| [w.to_string(), w[..w.len() - 1].to_string(), format!("{w}s")]).collect()
    }

    /// Each listed word's lists, from the lists themselves: what `listed`
    /// must find through its slot table.
    fn lists_by_word() -> &'static std::collections::HashMap<&'static str, u8> {
        use super::{list, on};
        static M: std::sync::OnceLock<std::collections::HashMap<&'static str, u8>> = std::sync::OnceLock::new();
        M.get_or_init(|| {
            let all: [(&'static str, u8); 4] = [(super::STOP, on::STOP), (super::COMMON_WORDS, on::COMMON_WORD), (super::COMMON_CAPS, on::COMMON_CAP), (super::PERSON_VERBS, on::PERSON_VERB)];
            let particles = super::PARTICLES.iter().map(|&w| (w, on::PARTICLE));
            let long = list(super::GIVEN).map(|w| (w, on::GIVEN)).chain(list(super::SURNAMES).map(|w| (w, on::SURNAME)));
            let mut m = std::collections::HashMap::new();
            for (w, bit) in long.chain(particles).chain(all.into_iter().flat_map(|(l, bit)| list(l).map(move |w| (w, bit)))) {
                *m.entry(w).or_insert(0) |= bit;
            }
            m
        })
    }

    /// `listed`, which looks a word up through its slot, finds the lists
    /// the word is on, and the slot's bound holds all of them.
    fn assert_listed_is_the_map_lookup(w: &str) {
        let want = lists_by_word().get(w).copied().unwrap_or(0);
        assert_eq!(super::lists_of(w), want, "{w:?}");
        assert_eq!(super::lists().bound(w.as_bytes()) & want, want, "{w:?}");
    }

    #[test]
    fn listed_is_the_map_lookup_for_listed_words() {
        assert!(super::lists().words.iter().any(|w| w.next != 0), "some slot holds two words: the chains are tried");
        for w in listed_words() {
            assert_listed_is_the_map_lookup(&w);
        }
    }

    proptest::proptest! {
        /// Mostly words on no list, some sharing a slot with a listed word.
        #[test]
        fn listed_is_the_map_lookup(w in "[a-z][a-z' -]{0,9}") {
            assert_listed_is_the_map_lookup(&w);
        }
    }

    /// [`super::is_stop`], remembered for listed words, says what working
    /// it out each time says, on first asking and after, for every listed
    /// word capitalised (with and without a dot) and for some words on no list.
    #[test]
    fn is_stop_memo_is_the_direct_check() {
        use super::{fold, is_on, labels, list, on, LabelKind, PhiType};
        let direct = |w: &str| {
            let f = fold(w.trim_end_matches('.'));
            is_on(&f, on::STOP) || labels::lookup(&f).is_some_and(|k| !matches!(k, LabelKind::Phi(PhiType::Name)) || f.len() <= 3 || f == "name" || f == "patient")
        };
        let short = [super::STOP, super::COMMON_WORDS, super::COMMON_CAPS, super::PERSON_VERBS];
        let listed = list(super::GIVEN).chain(list(super::SURNAMES)).chain(super::PARTICLES.iter().copied()).chain(short.into_iter().flat_map(list));
        let unlisted = ["Xqzt", "Phone", "Mrn", "Dob", "Nurse", "Attending", "Mother", "Guardian", "Éva", "Zoë", "Ünal"];
        let words: Vec<String> = listed.map(|w| w.chars().next().map_or(String::new(), |c| c.to_uppercase().chain(w.chars().skip(1)).collect())).chain(unlisted.map(String::from)).collect();
        for w in words.iter().flat_map(|w| [w.clone(), format!("{w}.")]) {
            let want = direct(&w);
            assert_eq!(super::is_stop(&w), want, "{w:?}");
            assert_eq!(super::is_stop(&w), want, "{w:?} asked again");
        }
    }

    /// `plausible_name` as it was before each word was looked up once: the
    /// words collected, each folded and looked up for each test.
    fn plausible_name_reference(v: &str) -> bool {
        use super::{cjk_name, fold, is_cjk, is_stop, lists_of, on};
        let v = v.trim();
        if v.chars().next().is_some_and(is_cjk) {
            return cjk_name(v) == Some(v.len());
        }
        let words: Vec<&str> = v.split([' ', ',']).filter(|w| !w.is_empty()).collect();
        if words.is_empty() || words.len() > 5 || !v.chars().all(|c| c.is_alphabetic() || matches!(c, ' ' | ',' | '.' | '\'' | '’' | '-')) {
            return false;
        }
        let listed = words.iter().any(|w| lists_of(fold(w.trim_end_matches('.'))) & (on::GIVEN | on::SURNAME) != 0);
        let capitalised = words.iter().all(|w| {
            let lf = lists_of(fold(w));
            w.chars().next().is_some_and(char::is_uppercase) && (lf & on::PARTICLE != 0 || (!is_stop(w) && lf & on::COMMON_CAP == 0))
        });
        listed && (capitalised || words.len() >= 2) || (capitalised && words.len() >= 2)
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        /// `plausible_name` says what the reference says, on values of
        /// listed and unlisted, stop, common and label words, with dots.
        #[test]
        fn plausible_name_is_the_reference(parts in proptest::collection::vec(proptest::sample::select(vec![
            "Maria", "Garcia", "maria", "José", "García", "Martínez", "Peña", "New", "patient", "Patient", "Follow-up", "phi-guard-demo",
            "Desai-Booker", "Zhang-Hall", "Da'Quan", "St.", "st.", "P.", "de", "la", "Van", "der", "Berg", "Phone", "Name", "Corp", "Gold",
            "Xqzt", "ÉVA", "Ünal", "王伟", "佐藤", "42", ".", " ", " ", " ", ",", ", ",
        ]), 0..9)) {
            let v: String = parts.concat();
            proptest::prop_assert_eq!(super::plausible_name(&v), plausible_name_reference(&v), "{:?}", v);
        }
    }

    /// `capitalised_at` does not fold a word of over 20 bytes to ask
    /// whether it is a particle: it would have more than five chars.
    #[test]
    fn particles_are_at_most_five_chars() {
        assert!(super::PARTICLES.iter().all(|p| p.chars().count() <= 5));
    }

    #[test]
    fn name_words() {
        for (w, n) in [("Maria ", Some(5)), ("J. Smith", Some(2)), ("O'Brien", Some(7)), ("McDonald", Some(8)), ("Jefferson-MacDonald", Some(19)), ("iPhone", None), ("JavaScript", None), ("A", None), ("Ana-", Some(3)), ("José", Some(5))] {
            assert_eq!(super::name_word(w), n, "{w}");
        }
    }

    fn found(s: &str) -> Vec<(PhiType, String)> {
        Guard::default().scan(s, Format::Text).findings.iter().map(|f| (f.kind, s[f.start..f.end].to_string())).collect()
    }

    /// A listed given name before the person's relation to the patient in
    /// brackets is a relative's first name; other brackets after it, and
    /// words that are no given name, are not.
    #[test]
    fn given_name_before_a_relation_to_the_patient() {
        crate::detect::assert_redacts(Format::Text, &[
            ("Caller identified as Emily (guardian of pt), gave callback", "Caller identified as [NAME] (guardian of pt), gave callback"),
            ("Caller identified as Héctor (sister of pt).", "Caller identified as [NAME] (sister of pt)."),
            ("Spoke with Maria (mother of patient) today", "Spoke with [NAME] (mother of patient) today"),
            ("Caller identified as Emily (guardian), gave callback", "Caller identified as Emily (guardian), gave callback"),
            ("Caller identified as Emily (see chart of pt)", "Caller identified as Emily (see chart of pt)"),
            ("Form signed (guardian of pt)", "Form signed (guardian of pt)"),
        ]);
    }

    /// `concat!` glues adjacent literals: a line of the name lists that does
    /// not end in a comma would join its last name to the next line's first.
    #[test]
    fn name_list_literals_each_end_in_a_comma() {
        let src = include_str!("names_data.rs");
        let literals: Vec<&str> = src.split('"').skip(1).step_by(2).collect();
        assert!(literals.len() > 100);
        for lit in literals {
            assert!(lit.ends_with(','), "a names_data literal must end with a comma: {lit:?}");
            assert!(lit.split(',').all(|n| n.trim() == n && n.chars().all(|c| c.is_lowercase() || " '-".contains(c))), "{lit:?}");
        }
        use super::{is_on, on};
        assert!(is_on("maria", on::GIVEN) && is_on("garcia", on::SURNAME) && is_on("van der berg", on::SURNAME));
    }

    #[test]
    fn names() {
        assert_eq!(found("Patient: John Smith"), [(PhiType::Name, "John Smith".into())]);
        assert_eq!(found("Name: Smith, John"), [(PhiType::Name, "Smith, John".into())]);
        assert_eq!(found("spoke with Maria Garcia today"), [(PhiType::Name, "Maria Garcia".into())]);
        assert_eq!(found("seen with José García López"), [(PhiType::Name, "José García López".into())]);
        assert_eq!(found("daughter Ana called"), [(PhiType::Name, "Ana".into())]);
        assert_eq!(found("Patient Priya Patel"), [(PhiType::Name, "Priya Patel".into())]);
        assert_eq!(found("患者 佐藤 健（94歳）"), [(PhiType::Name, "佐藤 健".into()), (PhiType::Age, "94".into())]);
        assert_eq!(found("患者 王伟 生年月日 1962年3月14日"), [(PhiType::Name, "王伟".into()), (PhiType::Date, "1962年3月14日".into())]);
        assert_eq!(found("Hi Latoya, reminder"), [(PhiType::Name, "Latoya".into())]);
        assert_eq!(found("search q=\"dorothy lewis\""), [(PhiType::Name, "dorothy lewis".into())]);
        // The given name after the comma starts with a non-ASCII letter.
        assert_eq!(found("seen Garcia, Éva today"), [(PhiType::Name, "Garcia, Éva".into())]);
    }

    /// A listed given name and a surname's initial with its dot is a name
    /// (a calendar's or a chat's way to name a patient); the initial
    /// before a capitalised word is a middle one, an everyday word or a
    /// provider takes none, and a capital without its dot is no initial.
    #[test]
    fn a_given_name_and_a_surnames_initial() {
        assert_eq!(found("SUMMARY:PT session (Michael J.)"), [(PhiType::Name, "Michael J.".into())]);
        assert_eq!(found("follow-up call with Maria G. at 3pm"), [(PhiType::Name, "Maria G.".into())]);
        assert_eq!(found("Michael J. Fox"), [(PhiType::Name, "Michael J. Fox".into())]);
        for text in ["Will S. said no", "Dr. Michael J. reviewed", "call Michael J today", "Michael JS."] {
            assert!(found(text).is_empty(), "{text}: {:?}", found(text));
        }
    }

    /// An unlisted given name before a listed surname, starting at every
    /// place of a 16-byte step: at its last byte (15) the step holds only
    /// the capital, and the word once counted as one in capitals ("INFO"),
    /// which that route never takes.
    #[test]
    fn unlisted_given_name_at_every_step_offset() {
        for pad in 0..40 {
            let text = format!("{} Xqzvbk Garcia said", "a".repeat(pad));
            assert_eq!(found(&text), [(PhiType::Name, "Xqzvbk Garcia".into())], "{pad} bytes before");
        }
        // A word in capitals still never takes it, wherever it starts.
        for pad in 0..40 {
            assert!(found(&format!("{} XQZVBK Garcia said", "a".repeat(pad))).is_empty(), "{pad} bytes before");
        }
    }

    #[test]
    fn not_names() {
        assert!(found("Dr. Robert Chen reviewed").is_empty(), "provider");
        assert!(found("Patient Portal login failed").is_empty());
        assert!(found("the patient presented with pain").is_empty());
        assert!(found("React Server Components").is_empty());
        assert!(found("32663 ms: Mark-Compact 2039.1 MB").is_empty(), "ms is a unit here");
        assert!(found("FROM \"public\".\"Patient\" WHERE id = 1").is_empty());
        assert!(found("the grace period will end").is_empty());
        // An acronym before a surname-like word is not an unlisted given name.
        assert!(found("images sent to PACS Garcia wing").is_empty());
    }
}
