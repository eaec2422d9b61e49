//! Findings that are not fatal: decode problems (pinned to a segment and byte)
//! and warnings (things a careful user should know, which do not block).

use super::error::{Error, ErrorKind};

/// The most invalid-character problems listed for one segment (or one base64
/// member). A pasted segment can hold a quarter of a million bad characters; the
/// first ones are listed with their offsets and the rest are counted in a last
/// problem, "… and N more". Padding, length and trailing-bit problems (one each at
/// most) are listed besides.
pub const MAX_PROBLEMS_PER_SEGMENT: usize = 10;

/// A segment of a compact JWS (RFC 7515 §7.1) or JWE (RFC 7516 §7.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SegmentName {
    /// The protected header.
    Header,
    /// The payload (claims for a JWT).
    Payload,
    /// The signature or MAC.
    Signature,
    /// JWE encrypted key.
    EncryptedKey,
    /// JWE initialisation vector.
    Iv,
    /// JWE ciphertext.
    Ciphertext,
    /// JWE authentication tag.
    Tag,
    /// A segment beyond any known form.
    Extra,
}

impl SegmentName {
    /// Lower-case name for messages and JSON.
    pub const fn as_str(self) -> &'static str {
        match self {
            SegmentName::Header => "header",
            SegmentName::Payload => "payload",
            SegmentName::Signature => "signature",
            SegmentName::EncryptedKey => "encrypted_key",
            SegmentName::Iv => "iv",
            SegmentName::Ciphertext => "ciphertext",
            SegmentName::Tag => "tag",
            SegmentName::Extra => "extra",
        }
    }
}

/// How much a problem matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Worth knowing; nothing is wrong.
    Info,
    /// Shown and tolerated for display; a strict verifier refuses it.
    Warning,
    /// Part of the token could not be read.
    Error,
}

impl Severity {
    /// Lower-case name for JSON.
    pub const fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// One thing found while decoding, pinned where possible to a segment and byte.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Stable code via [`ErrorKind::code`].
    pub kind: ErrorKind,
    /// How much it matters.
    pub severity: Severity,
    /// The segment it is in.
    pub segment: Option<SegmentName>,
    /// Byte offset within that segment's text (or within the decoded JSON text for JSON problems).
    pub offset: Option<usize>,
    /// What was found and what was expected. It does not name the segment (that is
    /// [`Problem::segment`]): whoever shows the problem puts the segment in front,
    /// as [`Problem::to_error`] does, so no message says it twice.
    pub message: String,
}

impl Problem {
    /// The stable machine code.
    pub fn code(&self) -> &'static str {
        self.kind.code()
    }

    /// As an [`Error`], for verdicts that refuse a token because of it: the message
    /// after its segment, `payload: invalid base64url character '!' at byte 4`.
    pub fn to_error(&self) -> Error {
        let place = match self.segment {
            Some(s) => format!("{}: ", s.as_str()),
            None => String::new(),
        };
        Error::new(self.kind, format!("{place}{}", self.message))
    }
}

/// Something a careful user should know that does not block.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum WarningKind {
    /// The header carries a key (`jwk`, `x5c`): shown, never used.
    EmbeddedKey,
    /// The header points at a key URL (`jku`, `x5u`): shown, never fetched.
    KeyUrl,
    /// An HMAC secret shorter than the hash output (RFC 7518 §3.2).
    SecretShort,
    /// An HMAC secret found in a list of well-known secrets.
    SecretKnown,
    /// A time claim that looks like milliseconds.
    TimeInMillis,
    /// Something in the key text was tolerated (CRLF, whitespace…).
    KeyTolerated,
    /// The token has no `exp`.
    NoExpiry,
    /// An ES256K signature with a high S: accepted (RFC 8812), refused by some libraries.
    EcdsaHighS,
}

impl WarningKind {
    /// The stable machine code.
    pub const fn code(self) -> &'static str {
        match self {
            WarningKind::EmbeddedKey => "WARN_EMBEDDED_KEY",
            WarningKind::KeyUrl => "WARN_KEY_URL",
            WarningKind::SecretShort => "WARN_SECRET_SHORT",
            WarningKind::SecretKnown => "WARN_SECRET_KNOWN",
            WarningKind::TimeInMillis => "WARN_TIME_MILLISECONDS",
            WarningKind::KeyTolerated => "WARN_KEY_TOLERATED",
            WarningKind::NoExpiry => "WARN_NO_EXPIRY",
            WarningKind::EcdsaHighS => "WARN_ECDSA_HIGH_S",
        }
    }
}

/// A warning with its message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// What kind.
    pub kind: WarningKind,
    /// For people.
    pub message: String,
}

impl Warning {
    /// A warning of `kind`.
    pub fn new(kind: WarningKind, message: impl Into<String>) -> Self {
        Warning {
            kind,
            message: message.into(),
        }
    }

    /// The stable machine code.
    pub fn code(&self) -> &'static str {
        self.kind.code()
    }
}
