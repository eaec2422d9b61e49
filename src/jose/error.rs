//! One error type for the whole engine, with stable machine codes.
//!
//! Every failure the engine reports — a decode problem, a key that cannot be
//! parsed, a refused algorithm — carries an [`ErrorKind`] whose [`ErrorKind::code`]
//! never changes between releases (scripts and the page map codes to words), and
//! a message written for the person holding the token.
//!
//! A signature that does not match is *not* an error: it is a verdict
//! (see [`crate::jose::verify::SignatureVerdict`]). `Err` means a check could not run.

use std::fmt;

/// Declares [`ErrorKind`] with its stable codes and [`ErrorKind::ALL`] from one list,
/// so no variant can be missing from either.
macro_rules! error_kinds {
    ($($(#[$doc:meta])* $variant:ident => $code:literal,)*) => {
        /// What went wrong, as a stable machine code. Grouped as: input shape,
        /// algorithms, keys, signatures, claims, generation.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum ErrorKind {
            $($(#[$doc])* $variant,)*
        }

        impl ErrorKind {
            /// Every kind, in declaration order.
            pub const ALL: &'static [ErrorKind] = &[$(ErrorKind::$variant,)*];

            /// The stable machine code, e.g. `ERR_JWT_MALFORMED`.
            pub const fn code(self) -> &'static str {
                match self {
                    $(ErrorKind::$variant => $code,)*
                }
            }
        }
    };
}

error_kinds! {
    // --- input shape (RFC 7515 §7.1, RFC 7519 §7.2) ---
    /// Nothing to decode after normalisation.
    Empty => "ERR_JWT_EMPTY",
    /// The input is larger than the engine accepts.
    TooLarge => "ERR_JWT_TOO_LARGE",
    /// Whitespace inside the token: removed to decode, refused by verification.
    Whitespace => "ERR_JWT_WHITESPACE",
    /// Wrong number of `.`-separated segments.
    Segments => "ERR_JWT_MALFORMED",
    /// A character outside the base64url alphabet.
    Base64Char => "ERR_B64_CHARACTER",
    /// `=` padding, which JWS forbids (RFC 7515 §2).
    Base64Padding => "ERR_B64_PADDING",
    /// A segment length that no base64 encoding can have.
    Base64Length => "ERR_B64_LENGTH",
    /// Non-zero bits after the last full byte: another encoder would not produce this.
    Base64TrailingBits => "ERR_B64_TRAILING_BITS",
    /// Decoded bytes that are not UTF-8.
    Utf8 => "ERR_UTF8",
    /// JSON that does not parse.
    JsonSyntax => "ERR_JSON_SYNTAX",
    /// JSON that parses but is not an object.
    JsonNotObject => "ERR_JSON_NOT_OBJECT",
    /// The same member name twice in one object (RFC 7515 §5.2, RFC 8725 §3.x).
    JsonDuplicateMember => "ERR_JSON_DUPLICATE_MEMBER",
    /// The signature segment is empty.
    SignatureEmpty => "ERR_JWS_SIGNATURE_EMPTY",
    /// A JWE (five segments): encrypted, shown but not decrypted.
    Encrypted => "ERR_JWE_ENCRYPTED",
    /// `b64: false` (RFC 7797): the payload is not base64url-encoded.
    UnencodedPayload => "ERR_JWS_UNENCODED_PAYLOAD",
    /// `crit` is malformed or names an extension this engine does not understand (RFC 7515 §4.1.11).
    Crit => "ERR_JWS_CRIT",

    // --- algorithms (RFC 7518 §3.1) ---
    /// The header has no `alg`.
    AlgMissing => "ERR_ALG_MISSING",
    /// An algorithm this engine does not know.
    AlgUnknown => "ERR_ALG_UNKNOWN",
    /// `alg: none` (any spelling): never verifies, never signs.
    AlgNone => "ERR_ALG_NONE",
    /// The token's `alg` differs from the pinned algorithm.
    AlgMismatch => "ERR_ALG_MISMATCH",
    /// No algorithm was pinned and the key does not name exactly one.
    AlgRequired => "ERR_ALG_REQUIRED",
    /// An HMAC secret that is really a public key: the algorithm-confusion attack.
    AlgConfusion => "ERR_ALG_CONFUSION",

    // --- keys ---
    /// Text that is not any supported key format.
    KeyFormat => "ERR_KEY_FORMAT",
    /// PEM armour lines missing, damaged or mismatched.
    KeyPemArmour => "ERR_KEY_PEM_ARMOUR",
    /// DER inside a PEM (or JWK member) that does not decode as the key it claims to be.
    KeyEncoding => "ERR_KEY_ENCODING",
    /// The key's type does not fit the algorithm (an EC key for RS256…).
    KeyType => "ERR_KEY_TYPE",
    /// The key's curve does not fit the algorithm.
    KeyCurve => "ERR_KEY_CURVE",
    /// An RSA modulus under 2048 bits (RFC 7518 §3.3): refused.
    KeyTooSmall => "ERR_KEY_TOO_SMALL",
    /// A key, or a number or list inside one, over a documented size cap (an RSA
    /// modulus over `MAX_RSA_BITS`, an RSA private number longer than the modulus, a
    /// JWK Set over `MAX_JWKS_KEYS` keys or `MAX_JWKS_PRIVATE_KEYS` private keys,
    /// `key_ops` over `MAX_KEY_OPS` entries):
    /// refused before any work is done on it.
    KeyTooLarge => "ERR_KEY_TOO_LARGE",
    /// A key with a known fatal weakness (the ROCA fingerprint, CVE-2017-15361).
    KeyWeak => "ERR_KEY_WEAK",
    /// Several keys of a JWKS fit the token equally (a duplicate `kid`).
    KeyAmbiguous => "ERR_KEY_AMBIGUOUS",
    /// A JWK member is missing or malformed (RFC 7517 §4, RFC 7518 §6).
    KeyJwk => "ERR_KEY_JWK",
    /// A JWK's `alg`, `use` or `key_ops` contradicts the chosen algorithm.
    KeyUsage => "ERR_KEY_USAGE",
    /// No key of a JWKS fits the token.
    KeyNotFound => "ERR_KEY_NOT_FOUND",
    /// The operation needs a private key and got a public one.
    KeyPrivateRequired => "ERR_KEY_PRIVATE_REQUIRED",
    /// A secret that does not decode in the chosen encoding.
    SecretEncoding => "ERR_SECRET_ENCODING",
    /// An empty HMAC secret.
    SecretEmpty => "ERR_SECRET_EMPTY",

    // --- signatures ---
    /// An ECDSA signature in ASN.1 DER instead of JWS's raw r‖s (RFC 7518 §3.4).
    SignatureDer => "ERR_JWS_SIGNATURE_DER",
    /// A signature whose length is not the algorithm's (a truncated HMAC tag…).
    SignatureLength => "ERR_JWS_SIGNATURE_LENGTH",
    /// The signature does not match.
    SignatureMismatch => "ERR_JWS_SIGNATURE_VERIFICATION_FAILED",

    // --- claims (RFC 7519 §4.1) ---
    /// A time claim that is not a number.
    ClaimType => "ERR_JWT_CLAIM_TYPE",
    /// `exp` is in the past.
    ClaimExpired => "ERR_JWT_EXPIRED",
    /// `nbf` is in the future.
    ClaimNotYetValid => "ERR_JWT_NOT_YET_VALID",
    /// `iat` is in the future.
    ClaimIssuedInFuture => "ERR_JWT_ISSUED_IN_FUTURE",
    /// `iss` or `aud` differs from what was expected.
    ClaimMismatch => "ERR_JWT_CLAIM_MISMATCH",
    /// The payload was meant as a claims set but does not read as one: invalid
    /// UTF-8 or JSON, a duplicate member, a number out of range (RFC 7519 §7.2).
    ClaimsUnreadable => "ERR_JWT_CLAIMS_UNREADABLE",
    /// The payload is not a JSON object: a JWS, perhaps valid, but not a JWT.
    NotJwt => "ERR_JWT_NOT_A_JWT",

    // --- generation and signing ---
    /// The operating system or browser random source failed.
    Random => "ERR_RANDOM",
    /// An unsupported size or parameter for generation.
    Parameter => "ERR_PARAMETER",
    /// The underlying signer failed.
    Sign => "ERR_SIGN",
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Which input an error is about: where the page shows it and what the CLI names.
/// Set where the error is made ([`Error::at`]), never guessed from the message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Location {
    /// The JOSE header (its JSON, or its segment).
    Header,
    /// The payload (its JSON, or its segment).
    Payload,
    /// The signature segment.
    Signature,
    /// The key or secret.
    Key,
    /// The algorithm chosen.
    Algorithm,
}

impl Location {
    /// `header`, `payload`, `signature`, `key`, `algorithm` (the report's `location`).
    pub const fn as_str(self) -> &'static str {
        match self {
            Location::Header => "header",
            Location::Payload => "payload",
            Location::Signature => "signature",
            Location::Key => "key",
            Location::Algorithm => "algorithm",
        }
    }
}

/// An engine error: a stable [`ErrorKind`], a message a user can act on and, where
/// the maker knows it, the input it is about.
#[derive(Clone, PartialEq, Eq)]
pub struct Error(Box<Inner>);

#[derive(Clone, PartialEq, Eq)]
struct Inner {
    kind: ErrorKind,
    message: String,
    location: Option<Location>,
}

impl Error {
    /// An error of `kind` with a human message.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Error(Box::new(Inner {
            kind,
            message: message.into(),
            location: None,
        }))
    }

    /// The same error, about `location`.
    #[must_use]
    pub fn at(mut self, location: Location) -> Self {
        self.0.location = Some(location);
        self
    }

    /// Which input the error is about, when its maker said so.
    pub fn location(&self) -> Option<Location> {
        self.0.location
    }

    /// What went wrong, as data.
    pub fn kind(&self) -> ErrorKind {
        self.0.kind
    }

    /// The stable machine code (`ERR_…`).
    pub fn code(&self) -> &'static str {
        self.0.kind.code()
    }

    /// The human message, without the code.
    pub fn message(&self) -> &str {
        &self.0.message
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code(), self.message())
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message())
    }
}

impl std::error::Error for Error {}

/// The engine's result type.
pub type Result<T> = std::result::Result<T, Error>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_prefixed() {
        let mut seen = std::collections::HashSet::new();
        for &k in ErrorKind::ALL {
            assert!(k.code().starts_with("ERR_"), "{k:?}");
            assert!(seen.insert(k.code()), "duplicate code {}", k.code());
        }
    }

    #[test]
    fn display_is_the_message_debug_has_the_code() {
        let e = Error::new(ErrorKind::AlgNone, "alg none never verifies");
        assert_eq!(e.to_string(), "alg none never verifies");
        assert_eq!(format!("{e:?}"), "ERR_ALG_NONE: alg none never verifies");
    }
}
