//! The one error type. It is opaque (a private kind behind accessors) so new
//! failure modes can be added without breaking callers, and its message never
//! contains the input being scanned.

use std::fmt;

/// An error from building a guard or from a call that was misused.
///
/// Domain outcomes (PHI found, malformed JSON that fell back to a text scan)
/// are *results*, not errors. An `Error` means the caller must change
/// something: a config key is misspelled, a custom pattern does not compile,
/// an event is missing a field.
///
/// Messages are lowercase, specific, and never quote scanned text.
///
/// ```
/// let err = phi_guard::Guard::from_json(r#"{"operatorz": {}}"#).unwrap_err();
/// assert_eq!(err.code(), "config");
/// // The key is not quoted (a key may be data); the field it was near is.
/// assert!(err.to_string().contains("did you mean `operators`?") && !err.to_string().contains("operatorz"));
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Error {
    kind: ErrorKind,
    message: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ErrorKind {
    Config,
    Pattern,
    Event,
    Input,
}

impl Error {
    pub(crate) fn config(message: impl Into<String>) -> Error {
        Error { kind: ErrorKind::Config, message: message.into() }
    }
    pub(crate) fn pattern(message: impl Into<String>) -> Error {
        Error { kind: ErrorKind::Pattern, message: message.into() }
    }
    pub(crate) fn event(message: impl Into<String>) -> Error {
        Error { kind: ErrorKind::Event, message: message.into() }
    }
    pub(crate) fn input(message: impl Into<String>) -> Error {
        Error { kind: ErrorKind::Input, message: message.into() }
    }

    /// A stable machine-readable code: `config`, `pattern`, `event` or `input`.
    /// The JS binding copies it to `PhiGuardError.code`.
    pub fn code(&self) -> &'static str {
        match self.kind {
            ErrorKind::Config => "config",
            ErrorKind::Pattern => "pattern",
            ErrorKind::Event => "event",
            ErrorKind::Input => "input",
        }
    }

    /// The human-readable message (no PHI, by construction).
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} error: {}", self.code(), self.message)
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Error").field("code", &self.code()).field("message", &self.message).finish()
    }
}

impl std::error::Error for Error {}
