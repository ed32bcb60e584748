//! Secrets that leak with PHI: provider API keys, bearer tokens and JWTs,
//! passwords in key=value form, PEM private keys.
//!
//! The provider formats and the `Bearer` scheme are hand-written matchers
//! that give exactly the matches of the two patterns they replaced (kept
//! verbatim in the differential tests below): a regex pass over the whole
//! text per detector was most of the scan time.

use super::find::{each_place, ByteTuples};
use super::{token_start, Ctx};
use crate::finding::{why, Hit};
use crate::PhiType;

/// True if `b` holds `lit` at `p`.
fn lit(b: &[u8], p: usize, lit: &[u8]) -> bool {
    b.get(p..).is_some_and(|r| r.starts_with(lit))
}

/// Length of the run at `p` of bytes passing `class`.
fn run(b: &[u8], p: usize, class: impl Fn(u8) -> bool) -> usize {
    b.get(p..).map_or(0, |r| r.iter().take_while(|&&c| class(c)).count())
}

/// End of exactly `n` bytes passing `class` at `p`.
fn exact(b: &[u8], p: usize, n: usize, class: impl Fn(u8) -> bool) -> Option<usize> {
    b.get(p..p + n).filter(|r| r.iter().all(|&c| class(c))).map(|_| p + n)
}

/// End of at least `min` bytes passing `class` at `p` (greedy: the whole run).
fn at_least(b: &[u8], p: usize, min: usize, class: impl Fn(u8) -> bool) -> Option<usize> {
    let n = run(b, p, class);
    (n >= min).then_some(p + n)
}

/// `[A-Za-z0-9]`
fn alnum(c: u8) -> bool {
    c.is_ascii_alphanumeric()
}

/// `[A-Za-z0-9_\-]`
fn url_safe(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c == b'-'
}

/// `[A-Z ]`
fn upper_or_space(c: u8) -> bool {
    c.is_ascii_uppercase() || c == b' '
}

/// `[A-Za-z0-9+/=\r\n\t \\:,\-]`: the body of a PEM block.
fn pem_body(c: u8) -> bool {
    c.is_ascii_alphanumeric() || b"+/=\r\n\t \\:,-".contains(&c)
}

/// End of `[A-Z ]*PRIVATE KEY-----` at `p`. `[A-Z ]*` cannot take the
/// dashes, so it is the whole run of `[A-Z ]`, which must end in `PRIVATE KEY`.
fn private_key_label(b: &[u8], p: usize) -> Option<usize> {
    let e = p + run(b, p, upper_or_space);
    (e - p >= 11 && &b[e - 11..e] == b"PRIVATE KEY" && lit(b, e, b"-----")).then_some(e + 5)
}

/// `-----BEGIN\ [A-Z\ ]*PRIVATE\ KEY-----[A-Za-z0-9+/=\r\n\t\ \\:,\-]{16,}?-----END\ [A-Z\ ]*PRIVATE\ KEY-----`
///
/// The lazy body ends at the first `-----END … PRIVATE KEY-----` at least 16
/// bytes in. Every byte of the header and the footer is a body byte, so on
/// failure `Err(e)` gives the end of the run of body bytes: no `-` before it
/// can start a block either (their bodies end at the same `e` and are no
/// longer), and the caller skips them, which keeps the scan linear.
fn pem_at(b: &[u8], p: usize) -> Result<usize, usize> {
    if !lit(b, p, b"-----BEGIN ") {
        return Err(0);
    }
    let body = private_key_label(b, p + 11).ok_or(0usize)?;
    let mut q = body;
    while q < b.len() && pem_body(b[q]) {
        if b[q] == b'-' && q >= body + 16 && lit(b, q, b"-----END ") {
            if let Some(e) = private_key_label(b, q + 9) {
                return Ok(e);
            }
        }
        q += 1;
    }
    Err(q)
}

/// `(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,}` (Stripe secret/restricted).
fn stripe_at(b: &[u8], p: usize) -> Option<usize> {
    let kind = lit(b, p, b"sk_") || lit(b, p, b"rk_");
    let mode = lit(b, p + 3, b"live_") || lit(b, p + 3, b"test_");
    if kind && mode { at_least(b, p + 8, 16, alnum) } else { None }
}

/// `(?:sk-|sk-proj-)[A-Za-z0-9_\-]{32,}` (OpenAI-style). `proj-` is itself
/// made of the class, so the first alternative takes every such key, with the
/// same end, and the second never matches where the first did not.
fn openai_at(b: &[u8], p: usize) -> Option<usize> {
    if lit(b, p, b"sk-") { at_least(b, p + 3, 32, url_safe) } else { None }
}

/// `(?:AKIA|ASIA|AGPA|AIDA|AROA)[A-Z0-9]{16}` (AWS access key id).
fn aws_at(b: &[u8], p: usize) -> Option<usize> {
    let prefix = [b"AKIA", b"ASIA", b"AGPA", b"AIDA", b"AROA"].iter().any(|s| lit(b, p, *s));
    if prefix { exact(b, p + 4, 16, |c| c.is_ascii_uppercase() || c.is_ascii_digit()) } else { None }
}

/// `AIza[0-9A-Za-z_\-]{35}` (Google API key).
fn google_at(b: &[u8], p: usize) -> Option<usize> {
    if lit(b, p, b"AIza") { exact(b, p + 4, 35, url_safe) } else { None }
}

/// `gh[pousr]_[A-Za-z0-9]{30,}` (GitHub), `github_pat_[A-Za-z0-9_]{40,}`, `glpat-[A-Za-z0-9_\-]{20}` (GitLab).
fn git_at(b: &[u8], p: usize) -> Option<usize> {
    if lit(b, p, b"gh") && matches!(b.get(p + 2), Some(b'p' | b'o' | b'u' | b's' | b'r')) && b.get(p + 3) == Some(&b'_') {
        at_least(b, p + 4, 30, alnum)
    } else if lit(b, p, b"github_pat_") {
        at_least(b, p + 11, 40, |c| c.is_ascii_alphanumeric() || c == b'_')
    } else if lit(b, p, b"glpat-") {
        exact(b, p + 6, 20, url_safe)
    } else {
        None
    }
}

/// `xox[abposr]-[A-Za-z0-9\-]{10,}` (Slack).
fn slack_at(b: &[u8], p: usize) -> Option<usize> {
    if lit(b, p, b"xox") && matches!(b.get(p + 3), Some(b'a' | b'b' | b'p' | b'o' | b's' | b'r')) && b.get(p + 4) == Some(&b'-') {
        at_least(b, p + 5, 10, |c| c.is_ascii_alphanumeric() || c == b'-')
    } else {
        None
    }
}

/// `eyJ[A-Za-z0-9_\-]{6,}\.eyJ[A-Za-z0-9_\-]{6,}\.[A-Za-z0-9_\-]{6,}` (JWT).
///
/// `.` is not in the class, so each part is a whole run. On failure after
/// `eyJ`, `Err(e)` gives the end of the first part's run: any `eyJ` before
/// it shares that run's end and the rest, so it fails too, and the caller
/// skips it (a run of `eyJeyJ…` would otherwise be rescanned from each).
fn jwt_at(b: &[u8], p: usize) -> Result<usize, usize> {
    if !lit(b, p, b"eyJ") {
        return Err(0);
    }
    let e1 = p + 3 + run(b, p + 3, url_safe);
    let rest = || {
        if e1 - p < 9 || !lit(b, e1, b".eyJ") {
            return None;
        }
        let e2 = at_least(b, e1 + 4, 6, url_safe)?;
        if b.get(e2) != Some(&b'.') {
            return None;
        }
        at_least(b, e2 + 1, 6, url_safe)
    };
    rest().ok_or(e1)
}

/// `SG\.[A-Za-z0-9_\-]{16,}\.[A-Za-z0-9_\-]{16,}` (SendGrid).
fn sendgrid_at(b: &[u8], p: usize) -> Option<usize> {
    if !lit(b, p, b"SG.") {
        return None;
    }
    let e1 = at_least(b, p + 3, 16, url_safe)?;
    if b.get(e1) != Some(&b'.') {
        return None;
    }
    at_least(b, e1 + 1, 16, url_safe)
}

/// `npm_[A-Za-z0-9]{36}`
fn npm_at(b: &[u8], p: usize) -> Option<usize> {
    if lit(b, p, b"npm_") { exact(b, p + 4, 36, alnum) } else { None }
}

/// The DSN schemes, in the pattern's order.
const DSN_SCHEMES: [&[u8]; 7] = [b"postgresql://", b"postgres://", b"mysql://", b"mongodb+srv://", b"mongodb://", b"redis://", b"amqp://"];

/// `(?:postgres(?:ql)?|mysql|mongodb(?:\+srv)?|redis|amqp)://[^\ \t\r\n:@/]+:[^\ \t\r\n@/]+@[^\ \t\r\n\x22']+`
/// (DSN with a password). Each part's class excludes the byte that ends it,
/// so each part is a whole run; at most one scheme can be followed by `://`.
fn dsn_at(b: &[u8], p: usize) -> Option<usize> {
    let user = p + DSN_SCHEMES.iter().find(|s| lit(b, p, s))?.len();
    let ws = |c: u8| matches!(c, b' ' | b'\t' | b'\r' | b'\n');
    let colon = at_least(b, user, 1, |c| !ws(c) && !matches!(c, b':' | b'@' | b'/'))?;
    if b.get(colon) != Some(&b':') {
        return None;
    }
    let at = at_least(b, colon + 1, 1, |c| !ws(c) && !matches!(c, b'@' | b'/'))?;
    if b.get(at) != Some(&b'@') {
        return None;
    }
    at_least(b, at + 1, 1, |c| !ws(c) && !matches!(c, b'"' | b'\''))
}

/// Where a match may start: the first three bytes of every provider
/// format but the DSN, for the DSN the last letter of its scheme and `:/`,
/// and the first three bytes of `(?i)bearer|basic|token` with the first
/// byte of the folds of `s` (`ſ`) and `k` (KELVIN SIGN). One table for both
/// searches, so the text is searched once: eight classes hold them all by
/// sharing three, at the price of a few more places to try ("nox", "bee",
/// "hom"), which the matchers turn down from their literal prefixes.
///
/// A step whose first two bytes no class allows anywhere skips its third
/// load, so each class keeps its first two bytes' nibbles tight: `eyJ`
/// shares with `xox` and `npm_`, not with `token`, whose `t`/`T` and `o`/`O`
/// then admit only themselves (with `e` and `y`, the class admitted "ti",
/// "di", "ty" and "ui": on a page, every second step took its third load).
static STARTS: ByteTuples<3> = ByteTuples::new()
    .with([b"-S", b"-G", b"-."]) // -----BEGIN, SG.
    .with([b"sr", b"k", b"_-"]) // sk_, rk_, sk-
    .with([b"A", b"KSGIR", b"IPDzO"]) // AKIA, ASIA, AGPA, AIDA, AROA, AIza
    .with([b"g", b"hil", b"pousrt"]) // gh[pousr]_, github_pat_, glpat-
    .with([b"xne", b"opy", b"xmJ"]) // xox, npm_, eyJ
    .with([b"tT", b"oO", b"kK\xE2"]) // token
    .with([b"bB", b"eEaA", b"aAsS\xC5"]) // bearer, basic
    .with([b"lsbvp", b":", b"/"]); // postgresql://, postgres://, redis://, mysql://, mongodb://, mongodb+srv://, amqp://

/// The DSN whose scheme ends at `j` (a DSN is tried where its scheme ends,
/// as `s:/` is rarer than the schemes' first two letters): its start and end.
/// At most one scheme ends at `j`: none is the end of another.
fn dsn_ending_at(b: &[u8], j: usize) -> Option<(usize, usize)> {
    DSN_SCHEMES.iter().find_map(|s| {
        let name = &s[..s.len() - 3];
        let start = (j + 1).checked_sub(name.len())?;
        (&b[start..=j] == name).then_some(start)
    }).and_then(|start| Some((start, dsn_at(b, start)?)))
}

/// A letter or digit under `(?i)`: Unicode case folding adds KELVIN SIGN
/// (U+212A, folds to `k`) and LONG S (U+017F, folds to `s`) to `[A-Za-z]`.
/// Returns the char's length in bytes if the char at `p` is one.
// A hint: at the inlining threshold of 180 it was left out of line
// (.cargo/config.toml).
#[inline]
fn folded_alnum(b: &[u8], p: usize) -> Option<usize> {
    match b.get(p)? {
        c if c.is_ascii_alphanumeric() => Some(1),
        0xE2 if lit(b, p, "\u{212A}".as_bytes()) => Some(3),
        0xC5 if lit(b, p, "\u{17F}".as_bytes()) => Some(2),
        _ => None,
    }
}

/// End of `(?i)bearer|basic|token` at `p`, with the folds of `s` (`ſ`) and `k` (KELVIN SIGN).
fn scheme_end(b: &[u8], p: usize) -> Option<usize> {
    ["bearer", "basic", "token"].iter().find_map(|word| {
        let mut i = p;
        for w in word.bytes() {
            let c = *b.get(i)?;
            i += if c.to_ascii_lowercase() == w {
                1
            } else if w == b's' && lit(b, i, "\u{17F}".as_bytes()) {
                2
            } else if w == b'k' && lit(b, i, "\u{212A}".as_bytes()) {
                3
            } else {
                return None;
            };
        }
        Some(i)
    })
}

/// True if the char ending at `p` (`p > 0`) is not a `(?i)` letter or digit;
/// returns its start.
fn non_alnum_before(b: &[u8], p: usize) -> Option<usize> {
    let mut s = p - 1;
    while s > 0 && p - s < 4 && (b[s] & 0xC0) == 0x80 {
        s -= 1;
    }
    (folded_alnum(b, s) != Some(p - s)).then_some(s)
}

/// The matches of both searches, in one pass over the places of [`STARTS`]:
///
/// - the provider formats, leftmost first and non-overlapping, as
///   `find_iter` of the old alternation gave them. No two alternatives can
///   match at the same start (their literal prefixes differ): the first
///   three bytes pass over most of the text, the first picks the matchers
///   to try. A DSN is tried at the end of its scheme, not at its start: no
///   other alternative can start inside a scheme name (none holds their
///   prefixes), so trying it there, if it starts after the last match,
///   finds the same matches in the same order;
/// - `(?i)(?:^|[^A-Za-z0-9])(?:bearer|basic|token)[ \t]+([A-Za-z0-9\-._~+/]{12,}=*)`:
///   the spans of the capture, as `captures_iter` gave them. The char before
///   the scheme belongs to the match, so it may not overlap the previous
///   match. `{12,}` counts chars: under `(?i)` the class also holds KELVIN
///   SIGN and LONG S.
///
/// Each search skips the places before the end of its own last match; the
/// two do not skip for each other.
fn secret_matches(b: &[u8]) -> Matches {
    let mut found = Matches::default();
    // Starts before these cannot begin a PEM block / JWT (see pem_at, jwt_at).
    let (mut pem_dead, mut jwt_dead) = (0, 0);
    // The ends of the last provider match and the last Bearer capture.
    let (mut last, mut last_bearer) = (0, 0);
    let mut provider_at = |p: usize, last: usize| {
        if b[p + 1] == b':' {
            return dsn_ending_at(b, p).filter(|&(s, _)| s >= last);
        }
        let end = match b[p] {
            b'-' if p >= pem_dead => pem_at(b, p).map_err(|e| pem_dead = pem_dead.max(e)).ok(),
            b'e' if p >= jwt_dead => jwt_at(b, p).map_err(|e| jwt_dead = jwt_dead.max(e)).ok(),
            b's' => stripe_at(b, p).or_else(|| openai_at(b, p)),
            b'r' => stripe_at(b, p),
            b'A' => aws_at(b, p).or_else(|| google_at(b, p)),
            b'g' => git_at(b, p),
            b'x' => slack_at(b, p),
            b'S' => sendgrid_at(b, p),
            b'n' => npm_at(b, p),
            _ => None,
        };
        end.map(|e| (p, e))
    };
    let bearer_at = |q: usize, last_bearer: usize| {
        let open = if q == 0 { Some(0) } else { non_alnum_before(b, q) };
        let ws = scheme_end(b, q).filter(|_| open.is_some_and(|s| s >= last_bearer))?;
        let start = ws + run(b, ws, |c| c == b' ' || c == b'\t');
        let (mut i, mut chars) = (start, 0);
        while let Some(n) = folded_alnum(b, i).or_else(|| b".-_~+/".contains(b.get(i)?).then_some(1)) {
            i += n;
            chars += 1;
        }
        (start > ws && chars >= 12).then(|| (start, i + run(b, i, |c| c == b'=')))
    };
    let mut at_place = |p: usize| {
        if p >= last {
            if let Some((s, e)) = provider_at(p, last) {
                found.providers.push((s, e));
                last = e;
            }
        }
        if p >= last_bearer {
            if let Some((s, e)) = bearer_at(p, last_bearer) {
                found.bearers.push((s, e));
                last_bearer = e;
            }
        }
    };
    // Never an end to skip to: the searches skip each for itself.
    each_place(b, &STARTS, |p| {
        out_of_line(&mut at_place, p);
        None
    });
    found
}

/// Calls `f(p)` as a call, not inlined. Places are rare; inlined into the
/// 16-byte loop of `each_place`, the work at a place kept six addresses of
/// its own stepped along with every step, about a fifth of a step's instructions.
#[inline(never)]
fn out_of_line(f: &mut dyn FnMut(usize), p: usize) {
    f(p);
}

/// What [`secret_matches`] finds.
#[derive(Default)]
struct Matches {
    /// Provider formats.
    providers: Vec<(usize, usize)>,
    /// Captures after a Bearer/Basic/Token scheme.
    bearers: Vec<(usize, usize)>,
}

/// The fewest bytes a match of [`secret_matches`]
/// spans: a DSN, `amqp://u:p@h`. Every other format is longer (a Slack
/// token 15, a Bearer capture 12 chars after its scheme, the rest 20 and
/// more), so a shorter segment is not searched.
const SHORTEST: usize = 12;

pub(crate) fn secrets(cx: &Ctx, out: &mut Vec<Hit>) {
    if cx.bytes.len() < SHORTEST {
        return;
    }
    let found = secret_matches(cx.bytes);
    for (s, e) in found.providers {
        if !token_start(cx.bytes, s) && !cx.bytes[s..].starts_with(b"-----") {
            continue;
        }
        out.push(Hit::new(PhiType::Secret, s, e, 0.97, why!("secret", "credential with a known provider format")));
    }
    for (s, e) in found.bearers {
        out.push(Hit::new(PhiType::Secret, s, e, 0.95, why!("secret", "token after a Bearer/Basic scheme")));
    }
}

/// Words that stand where a secret would ("password: required", "token
/// expired"), compared ASCII case folded.
const PLACEHOLDERS: [&str; 23] = [
    "null", "none", "undefined", "true", "false", "redacted", "<redacted>", "***", "required", "invalid", "incorrect", "expired", "missing", "reset",
    "changed", "updated", "set", "field", "must", "is", "was", "too", "policy",
];

/// A secret value after a label (`password=hunter2`, `"apiKey": "..."`):
/// one token up to a delimiter. Placeholders are not secrets.
pub(crate) fn secret_value(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    // "Bearer xyz" after an Authorization label: the token only.
    let skip = ["Bearer ", "bearer ", "Basic ", "basic ", "Token ", "token "].iter().find(|p| s.starts_with(**p)).map_or(0, |p| p.len());
    let e = skip + b[skip..].iter().take_while(|&&c| !matches!(c, b' ' | b'\t' | b'\r' | b'\n' | b'"' | b'\'' | b'&' | b',' | b';' | b'<' | b'}' | b')' | b']' | b'\\')).count();
    let v = &b[skip..e];
    if v.len() < 4 {
        return None;
    }
    // Documentation placeholders: "sk_test_...", "<your-api-key>",
    // "your_token_here". Words are compared in place, ASCII case folded:
    // lowercasing a copy of every value allocated per call.
    let doc = v.ends_with(b"...") || v.ends_with("…".as_bytes()) || v.starts_with(b"<") || starts_with_ignore_case(v, b"your") || has_doc_word(v);
    if doc || PLACEHOLDERS.iter().any(|p| v.eq_ignore_ascii_case(p.as_bytes())) || v.iter().all(|&c| c == b'*' || c == b'x' || c == b'X') || super::is_redaction_token(v) {
        return None;
    }
    if is_no_secret(v) {
        return None;
    }
    Some(e)
}

/// Whether a value under a secret's label or key is none: a shell or
/// template variable standing for the secret (`$CRON_SECRET`,
/// `${API_KEY}`), or a push service's device token (an FCM registration
/// token, `…:APA91b…`), which addresses a phone and grants nothing.
#[inline(never)]
pub(crate) fn is_no_secret(v: &[u8]) -> bool {
    (v.first() == Some(&b'$') && v.get(1).is_some_and(|&c| c == b'{' || c.is_ascii_uppercase())) || v.windows(7).any(|w| w == b":APA91b")
}

/// True if `v` starts with `word` (ASCII, lowercase) in any ASCII case:
/// `v.to_ascii_lowercase().starts_with(word)`, without the copy.
fn starts_with_ignore_case(v: &[u8], word: &[u8]) -> bool {
    v.get(..word.len()).is_some_and(|h| h.eq_ignore_ascii_case(word))
}

/// True if `v` holds "changeme" or "example" in any ASCII case, as
/// `contains` on a lowercased copy found them: one pass, comparing only
/// where a `c` or an `e` starts one (ASCII lowercasing keeps every byte
/// where it was).
fn has_doc_word(v: &[u8]) -> bool {
    let at = |i: usize, word: &[u8]| v[i..].get(..word.len()).is_some_and(|w| w.eq_ignore_ascii_case(word));
    (0..v.len()).any(|i| match v[i] | 0x20 {
        b'c' => at(i, b"changeme"),
        b'e' => at(i, b"example"),
        _ => false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Format, Guard, PhiType};
    use proptest::prelude::*;
    use regex::Regex;
    use std::sync::OnceLock;

    fn found(s: &str) -> Vec<(PhiType, String)> {
        Guard::default().scan(s, Format::Text).findings.iter().map(|f| (f.kind, s[f.start..f.end].to_string())).collect()
    }

    #[test]
    fn secrets() {
        assert_eq!(found("key sk_live_4eC39HqLyjWDarjtT1zdp7dc"), [(PhiType::Secret, "sk_live_4eC39HqLyjWDarjtT1zdp7dc".into())]);
        assert_eq!(found("Authorization: Bearer abcdefghijklmnop123"), [(PhiType::Secret, "abcdefghijklmnop123".into())]);
        assert_eq!(found("password=hunter2x"), [(PhiType::Secret, "hunter2x".into())]);
        assert!(found("password is required").is_empty());
        assert!(found("password reset").is_empty());
    }

    /// Variables standing for a secret and push tokens are not secrets; a
    /// value that starts with a dollar sign and a token beside an FCM one
    /// still are.
    #[test]
    fn variables_and_push_tokens_are_no_secrets() {
        assert!(found(r#"curl -H "x-cron-secret: $CRON_SECRET" https://example.org/api/cron"#).is_empty());
        assert!(found("api_key=${API_KEY}").is_empty());
        assert!(Guard::default().scan(r#"{"message":{"token":"tX8EiNIV7HmFR5ofGWf83G:APA91bJ_Td12JFanVGMg79wGRkRNtWPnM1Jp"}}"#, Format::Json).findings.is_empty());
        assert!(Guard::default().scan(r#"[{"to":"ExponentPushToken[4Q1qt1E36IoHLgx7S9JI0l]","title":"New message"}]"#, Format::Json).findings.is_empty());
        assert_eq!(found("password=$ecretPa55"), [(PhiType::Secret, "$ecretPa55".into())]);
        assert_eq!(found("token: tX8EiNIV7HmFR5ofGWf83GAPA91bJ"), [(PhiType::Secret, "tX8EiNIV7HmFR5ofGWf83GAPA91bJ".into())]);
        assert_eq!(found("authToken: 9f8Ee7Dd6Cc5Bb4Aa3"), [(PhiType::Secret, "9f8Ee7Dd6Cc5Bb4Aa3".into())]);
    }

    /// `secret_value` as it was, on a lowercased copy of the value.
    fn secret_value_lowered(s: &str) -> Option<usize> {
        let b = s.as_bytes();
        let skip = ["Bearer ", "bearer ", "Basic ", "basic ", "Token ", "token "].iter().find(|p| s.starts_with(**p)).map_or(0, |p| p.len());
        let e = skip + b[skip..].iter().take_while(|&&c| !matches!(c, b' ' | b'\t' | b'\r' | b'\n' | b'"' | b'\'' | b'&' | b',' | b';' | b'<' | b'}' | b')' | b']' | b'\\')).count();
        let v = &s[skip..e];
        let lower = v.to_ascii_lowercase();
        let placeholder = ["null", "none", "undefined", "true", "false", "redacted", "<redacted>", "***", "required", "invalid", "incorrect", "expired", "missing", "reset", "changed", "updated", "set", "field", "must", "is", "was", "too", "policy"];
        let doc = v.ends_with("...") || v.ends_with('…') || v.starts_with('<') || lower.starts_with("your") || lower.contains("changeme") || lower.contains("example");
        if v.len() < 4 || doc || placeholder.contains(&lower.as_str()) || v.bytes().all(|c| c == b'*' || c == b'x' || c == b'X') || super::super::is_redaction_token(v.as_bytes()) {
            return None;
        }
        Some(e)
    }

    #[test]
    fn ignore_case_helpers() {
        assert!(has_doc_word(b"my-EXAMPLE-key"));
        assert!(has_doc_word(b"Example"), "the whole value");
        assert!(has_doc_word(b"xxChangeMe"), "at the end");
        assert!(has_doc_word(b"cceexample"), "after near starts");
        assert!(!has_doc_word(b"exampl"), "cut short at the end");
        assert!(!has_doc_word(b"changem"));
        assert!(!has_doc_word(b""));
        assert!(!has_doc_word("ex\u{e4}mple".as_bytes()), "only ASCII folds");
        assert!(!has_doc_word(b"\x03hangeme"), "0x03 | 0x20 is not a letter");
        assert!(starts_with_ignore_case(b"YOUR_TOKEN", b"your"));
        assert!(starts_with_ignore_case(b"your", b"your"));
        assert!(!starts_with_ignore_case(b"you", b"your"));
        assert!(!starts_with_ignore_case(b"", b"your"));
        assert!(!starts_with_ignore_case(b"a-your", b"your"));
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]
        /// Comparing in place finds what lowercasing a copy found.
        #[test]
        fn secret_value_is_the_lowered_check(s in "((Bearer |token |basic )?(NULL|Policy|Your|yOuR|ChangeMe|EXAMPLE|exampl|<redacted>|<REDACTED>|\\[SECRET\\]|\\.\\.\\.|…|xX*|\\*\\*\\*\\*|[a-zA-Z0-9_]{0,6}|é|K|ſ|[ ,;\"<]))*") {
            prop_assert_eq!(secret_value(&s), secret_value_lowered(&s), "{:?}", s);
        }
    }

    // The patterns these matchers replaced, verbatim.
    fn secret_re() -> &'static Regex {
        static R: OnceLock<Regex> = OnceLock::new();
        R.get_or_init(|| {
            Regex::new(r"(?x)
                -----BEGIN\ [A-Z\ ]*PRIVATE\ KEY-----[A-Za-z0-9+/=\r\n\t\ \\:,\-]{16,}?-----END\ [A-Z\ ]*PRIVATE\ KEY-----
              | (?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,}             # Stripe secret/restricted (pk_ keys are public)
              | (?:AKIA|ASIA|AGPA|AIDA|AROA)[A-Z0-9]{16}              # AWS access key id
              | gh[pousr]_[A-Za-z0-9]{30,}                             # GitHub
              | github_pat_[A-Za-z0-9_]{40,}
              | xox[abposr]-[A-Za-z0-9\-]{10,}                         # Slack
              | AIza[0-9A-Za-z_\-]{35}                                 # Google API key
              | eyJ[A-Za-z0-9_\-]{6,}\.eyJ[A-Za-z0-9_\-]{6,}\.[A-Za-z0-9_\-]{6,}   # JWT
              | SG\.[A-Za-z0-9_\-]{16,}\.[A-Za-z0-9_\-]{16,}          # SendGrid
              | (?:sk-|sk-proj-)[A-Za-z0-9_\-]{32,}                    # OpenAI-style
              | glpat-[A-Za-z0-9_\-]{20}                               # GitLab
              | npm_[A-Za-z0-9]{36}
              | (?:postgres(?:ql)?|mysql|mongodb(?:\+srv)?|redis|amqp)://[^\ \t\r\n:@/]+:[^\ \t\r\n@/]+@[^\ \t\r\n\x22']+   # DSN with password
            ").unwrap()
        })
    }

    fn bearer_re() -> &'static Regex {
        static R: OnceLock<Regex> = OnceLock::new();
        R.get_or_init(|| Regex::new(r"(?i)(?:^|[^A-Za-z0-9])(?:bearer|basic|token)[ \t]+([A-Za-z0-9\-._~+/]{12,}=*)").unwrap())
    }

    /// (what the old patterns matched, what the matchers match), for the provider formats and the Bearer capture.
    type Pair = (Vec<(usize, usize)>, Vec<(usize, usize)>);

    fn both(s: &str) -> [Pair; 2] {
        let found = secret_matches(s.as_bytes());
        [
            (secret_re().find_iter(s).map(|m| (m.start(), m.end())).collect(), found.providers),
            (bearer_re().captures_iter(s).map(|c| c.get(1).unwrap()).map(|m| (m.start(), m.end())).collect(), found.bearers),
        ]
    }

    fn check(s: &str) -> Result<(), TestCaseError> {
        for (i, (want, got)) in both(s).into_iter().enumerate() {
            // What lets `secrets` skip short segments.
            prop_assert!(want.iter().all(|&(s, e)| e - s >= SHORTEST), "a match shorter than SHORTEST in {:?}", s);
            prop_assert_eq!(got, want, "matcher {} on {:?}", i, s);
        }
        Ok(())
    }

    /// The shortest format is found at exactly [`SHORTEST`] bytes, and
    /// nothing is found in a segment one byte shorter.
    #[test]
    fn shortest_secret() {
        assert_eq!(found("amqp://u:p@h"), [(PhiType::Secret, "amqp://u:p@h".into())]);
        assert_eq!("amqp://u:p@h".len(), SHORTEST);
        let found = secret_matches(b"amqp://u:p@");
        assert_eq!((found.providers, found.bearers), (vec![], vec![]));
    }

    /// Every place the two searches tried when each had its own table is
    /// a place of [`STARTS`]: the classes of those tables, byte by byte.
    #[test]
    fn starts_hold_every_start_of_both_searches() {
        let old: [[&[u8]; 3]; 11] = [
            [b"-S", b"-G", b"-."],
            [b"sr", b"k", b"_-"],
            [b"A", b"KSGIR", b"IPDzO"],
            [b"g", b"hil", b"pousrt"],
            [b"x", b"o", b"x"],
            [b"e", b"y", b"J"],
            [b"n", b"p", b"m"],
            [b"lsbvp", b":", b"/"],
            [b"bB", b"eE", b"aA"],
            [b"bB", b"aA", b"sS\xC5"],
            [b"tT", b"oO", b"kK\xE2"],
        ];
        for [x, y, z] in old {
            for (&c0, &c1, &c2) in x.iter().flat_map(|c0| y.iter().flat_map(move |c1| z.iter().map(move |c2| (c0, c1, c2)))) {
                assert_eq!(super::super::find::tuple_mask(&[c0, c1, c2], 0, &STARTS), 1, "{:?}", [c0, c1, c2]);
            }
        }
    }

    const PEM_BODY: &str = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC\nBKcwggSjAgEAAoIBAQC7";

    #[test]
    fn same_matches_as_the_patterns_on_known_shapes() {
        let long = |c: &str, n: usize| c.repeat(n);
        let cases = [
            format!("-----BEGIN RSA PRIVATE KEY-----\n{PEM_BODY}\n-----END RSA PRIVATE KEY-----"),
            format!("-----BEGIN PRIVATE KEY-----{PEM_BODY}-----END PRIVATE KEY----------END PRIVATE KEY-----"),
            "-----BEGIN PRIVATE KEY-----abc-----END PRIVATE KEY-----0123456789abcdef-----END PRIVATE KEY-----".into(),
            "-----BEGIN PRIVATE KEY----------END PRIVATE KEY-----".into(),
            "-----BEGIN PRIVATE KEY----------END PRIVATE KEY----------END PRIVATE KEY-----".into(),
            "-----BEGIN PRIVATE KEY-----0123456789abcdef-----END PRIVATE KEY".into(),
            "-----BEGIN PRIVATE KEY-----0123456789abcdef-----END XPRIVATE KEY-----".into(),
            "-----BEGIN ENCRYPTED PRIVATE KEY-----0123456789abcdef-----BEGIN PRIVATE KEY-----0123456789abcdef0-----END EC PRIVATE KEY-----".into(),
            "-----BEGIN PRIVATE KEY-----0123456789abcdef#-----END PRIVATE KEY-----".into(),
            "-----BEGIN PUBLIC KEY-----0123456789abcdef-----END PUBLIC KEY-----".into(),
            "sk_live_4eC39HqLyjWDarjtT1zdp7dc rk_test_4eC39HqLyjWDarjt sk_test_4eC39HqLyjWDarj pk_live_4eC39HqLyjWDarjtT1zdp7dc".into(),
            "xsk_live_4eC39HqLyjWDarjtT1zdp7dc_sk_live_4eC39HqLyjWDarjtT1zdp7dc".into(),
            "AKIAIOSFODNN7EXAMPLE AKIAIOSFODNN7EXAMPL ASIAIOSFODNN7EXAMPLEXX AROAiosfodnn7example".into(),
            "AIzaSyA-1234567890abcdefghijklmnopqrstu AIzaSyA-1234567890abcdefghijklmnopqrst".into(),
            format!("ghp_{} gho_{} ghx_{} github_pat_{} github_pat_{}", long("a", 30), long("B", 29), long("c", 40), long("1_", 20), long("1_", 19)),
            "xoxb-1234567890-abc xoxq-1234567890 xoxp-123456789".into(),
            "eyJhbGciOi.eyJzdWIiOi.SflKxwRJ eyJhbGciOi.eyJzdWIiOi.SflKx eyJhbGciOieyJhbGciOi.eyJzdWIiOi.abcdef".into(),
            "eyJeyJeyJeyJeyJ.eyJ.eyJabcdef.eyJabcdef.abcdefgh.eyJabcdef".into(),
            "SG.abcdefghijklmnop.abcdefghijklmnop SG.abcdefghijklmno.abcdefghijklmnop SG.SG.abcdefghijklmnop.abcdefghijklmnopq".into(),
            format!("sk-{} sk-proj-{} sk-proj-{} sk-{}", long("a", 32), long("b", 32), long("c", 25), long("d", 31)),
            format!("glpat-{} glpat-{} npm_{} npm_{}", long("x", 20), long("x", 19), long("9", 36), long("9", 35)),
            "postgres://user:pa:ss@db.example.com:5432/app postgresql://u:p@h mysql://u@h mongodb+srv://u:p@h/x?y'z redis://:p@h amqp://u:@h".into(),
            "postgresq://u:p@h mongodb+sr://u:p@h postgresql://u:p@\"h mysql://é:ü@ß\n".into(),
            // A match that ends inside a scheme: the DSN after it does not start there.
            format!("AIza{}postgres://u:p@h npm_{}redis://u:p@h {}amqp://u:p@h", long("a", 33), long("9", 34), "AKIAIOSFODNN7EXAMPLE"),
            "Authorization: Bearer abcdefghijklmnop123 Basic dXNlcjpwYXNzd29yZA== token\tabcdefghijkl tokenabcdefghijklmn".into(),
            "bearer  abcdefghijk xbearer abcdefghijklm _bearer abcdefghijklm token abcdefghijkltoken abcdefghijklm".into(),
            "token abcdefghijkl==token abcdefghijklm token abcdefghijkl= basic abcdefghijkl".into(),
            "to\u{212A}en abcdefghijkl ba\u{17F}ic abcdefghijkl \u{212A}token abcdefghijkl \u{17F}basic abcdefghijkl token \u{212A}\u{17F}abcdefghij".into(),
            "étoken abcdefghijkl 😀bearer abcdefghijkl BEARER ABCDEFGHIJKL TOKEN =abcdefghijkl".into(),
        ];
        for s in &cases {
            check(s).unwrap();
        }
    }

    /// Text built from pieces of every format, their near misses, and filler.
    fn pieces() -> impl Strategy<Value = String> {
        const PIECES: &[&str] = &[
            "-----BEGIN ", "-----END ", "RSA ", "PRIVATE KEY", "-----", "-", "\n", "sk_", "rk_", "live_", "test_", "sk-", "proj-", "AKIA", "ASIA",
            "AIza", "AIDA", "gh", "p_", "github_pat_", "glpat-", "xox", "b-", "eyJ", ".", "SG.", "npm_", "postgres", "postgresql", "mysql", "mongodb",
            "+srv", "redis", "amqp", "://", ":", "@", "/", " ", "\t", "\"", "'", "=", "==", "_", "abcdefgh", "ABCDEFGH", "01234567", "Bearer ",
            "basic", "TOKEN", "tO\u{212A}en", "ba\u{17F}ic", "\u{212A}", "\u{17F}", "é", "~+", "x",
        ];
        prop::collection::vec(prop::sample::select(PIECES), 0..40).prop_map(|v| v.concat())
    }

    /// Tokens: a format's prefix (or a near miss), a body of its alphabet
    /// around each minimum length, and what may follow it.
    fn tokens() -> impl Strategy<Value = String> {
        const PREFIXES: &[&str] = &[
            "sk_live_", "rk_test_", "sk_prod_", "sk-", "sk-proj-", "AKIA", "AROA", "AIza", "ghp_", "ghx_", "github_pat_", "glpat-", "xoxb-", "xoxz-",
            "eyJ", "SG.", "npm_", "postgres://", "postgresql://", "mysql://u:", "mongodb+srv://", "redis://", "amqp://", "Bearer ", "token	", "basic  ",
            "-----BEGIN RSA PRIVATE KEY-----", "-----END RSA PRIVATE KEY-----", "",
        ];
        const AFTER: &[&str] = &["", " ", "\n", ".", ".eyJ", "-", "_", ":", "@", "/", "=", "==", "\"", "'", "\t", "é", "\u{212A}"];
        let token = (prop::sample::select(PREFIXES), "[A-Za-z0-9_\\-]{0,12}|[A-Z0-9]{14,18}|[A-Za-z0-9]{28,42}|[a-z0-9_\\-]{30,38}", prop::sample::select(AFTER));
        prop::collection::vec(token.prop_map(|(p, b, a)| format!("{p}{b}{a}")), 0..8).prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 4000, ..ProptestConfig::default() })]
        #[test]
        fn same_matches_as_the_patterns(s in pieces()) {
            check(&s)?;
        }

        #[test]
        fn same_matches_on_tokens(s in tokens()) {
            check(&s)?;
        }

        #[test]
        fn same_matches_on_key_alphabets(s in "(-----BEGIN (EC )?PRIVATE KEY-----|-----END (EC )?PRIVATE KEY-----|eyJ|sk[-_]|[A-Za-z0-9_.=\\- \n]{1,12}){0,12}") {
            check(&s)?;
        }

        #[test]
        fn same_matches_on_jwt_and_dsn_shapes(s in "(eyJ[A-Za-z0-9_\\-]{3,9}\\.(eyJ)?[A-Za-z0-9_\\-]{3,9}\\.[A-Za-z0-9_\\-]{3,9}|(postgres|postgresql|mongodb\\+srv|redis|mysq)://[a-z:@/é\"' ]{0,6}[:@][a-z:@/\"' ]{0,6}@?[a-z\"' ]{0,4}|[ .\n]){0,6}") {
            check(&s)?;
        }

        #[test]
        fn same_matches_on_any_chars(s in "(token |bearer |BASIC\t|[a-zA-Z0-9 :@/._\\-=\u{212A}\u{17F}é\t]{0,20}){0,6}") {
            check(&s)?;
        }
    }
}
