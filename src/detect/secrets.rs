//! Secrets that leak with PHI: provider API keys, bearer tokens and JWTs,
//! passwords in key=value form, PEM private keys.

use super::{token_start, Ctx};
use crate::finding::Hit;
use crate::PhiType;
use regex::Regex;
use std::sync::OnceLock;

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

pub(crate) fn secrets(cx: &Ctx, out: &mut Vec<Hit>) {
    for m in secret_re().find_iter(cx.text) {
        if !token_start(cx.bytes, m.start()) && !m.as_str().starts_with("-----") {
            continue;
        }
        out.push(Hit::new(PhiType::Secret, m.start(), m.end(), 0.97, "secret", "credential with a known provider format"));
    }
    for c in bearer_re().captures_iter(cx.text) {
        let m = c.get(1).unwrap();
        out.push(Hit::new(PhiType::Secret, m.start(), m.end(), 0.95, "secret", "token after a Bearer/Basic scheme"));
    }
}

/// A secret value after a label (`password=hunter2`, `"apiKey": "..."`):
/// one token up to a delimiter. Placeholders are not secrets.
pub(crate) fn secret_value(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    // "Bearer xyz" after an Authorization label: the token only.
    let skip = ["Bearer ", "bearer ", "Basic ", "basic ", "Token ", "token "].iter().find(|p| s.starts_with(**p)).map_or(0, |p| p.len());
    let e = skip + b[skip..].iter().take_while(|&&c| !matches!(c, b' ' | b'\t' | b'\r' | b'\n' | b'"' | b'\'' | b'&' | b',' | b';' | b'<' | b'}' | b')' | b']' | b'\\')).count();
    let v = &s[skip..e];
    let lower = v.to_ascii_lowercase();
    let placeholder = ["null", "none", "undefined", "true", "false", "redacted", "<redacted>", "***", "required", "invalid", "incorrect", "expired", "missing", "reset", "changed", "updated", "set", "field", "must", "is", "was", "too", "policy"];
    // Documentation placeholders: "sk_test_...", "<your-api-key>", "your_token_here".
    let doc = v.ends_with("...") || v.ends_with('…') || v.starts_with('<') || lower.starts_with("your") || lower.contains("changeme") || lower.contains("example");
    if v.len() < 4 || doc || placeholder.contains(&lower.as_str()) || v.bytes().all(|c| c == b'*' || c == b'x' || c == b'X') || super::is_redaction_token(v.as_bytes()) {
        return None;
    }
    Some(e)
}

#[cfg(test)]
mod tests {
    use crate::{Format, Guard, PhiType};

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
}
