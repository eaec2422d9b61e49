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

/// What went wrong, as a stable machine code. Grouped as: input shape,
/// algorithms, keys, signatures, claims, generation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    // --- input shape (RFC 7515 §7.1, RFC 7519 §7.2) ---
    /// Nothing to decode after normalisation.
    Empty,
    /// The input is larger than the engine accepts.
    TooLarge,
    /// Whitespace inside the token: removed to decode, refused by verification.
    Whitespace,
    /// Wrong number of `.`-separated segments.
    Segments,
    /// A character outside the base64url alphabet.
    Base64Char,
    /// `=` padding, which JWS forbids (RFC 7515 §2).
    Base64Padding,
    /// A segment length that no base64 encoding can have.
    Base64Length,
    /// Non-zero bits after the last full byte: another encoder would not produce this.
    Base64TrailingBits,
    /// Decoded bytes that are not UTF-8.
    Utf8,
    /// JSON that does not parse.
    JsonSyntax,
    /// JSON that parses but is not an object.
    JsonNotObject,
    /// The same member name twice in one object (RFC 7515 §5.2, RFC 8725 §3.x).
    JsonDuplicateMember,
    /// The signature segment is empty.
    SignatureEmpty,
    /// A JWE (five segments): encrypted, shown but not decrypted.
    Encrypted,
    /// `b64: false` (RFC 7797): the payload is not base64url-encoded.
    UnencodedPayload,
    /// `crit` is malformed or names an extension this engine does not understand (RFC 7515 §4.1.11).
    Crit,

    // --- algorithms (RFC 7518 §3.1) ---
    /// The header has no `alg`.
    AlgMissing,
    /// An algorithm this engine does not know.
    AlgUnknown,
    /// `alg: none` (any spelling): never verifies, never signs.
    AlgNone,
    /// The token's `alg` differs from the pinned algorithm.
    AlgMismatch,
    /// No algorithm was pinned and the key does not name exactly one.
    AlgRequired,
    /// An HMAC secret that is really a public key: the algorithm-confusion attack.
    AlgConfusion,

    // --- keys ---
    /// Text that is not any supported key format.
    KeyFormat,
    /// PEM armour lines missing, damaged or mismatched.
    KeyPemArmour,
    /// DER inside a PEM (or JWK member) that does not decode as the key it claims to be.
    KeyEncoding,
    /// The key's type does not fit the algorithm (an EC key for RS256…).
    KeyType,
    /// The key's curve does not fit the algorithm.
    KeyCurve,
    /// An RSA modulus under 2048 bits (RFC 7518 §3.3): refused.
    KeyTooSmall,
    /// A key, or a number or list inside one, over a documented size cap (an RSA
    /// modulus over `MAX_RSA_BITS`, an RSA private number longer than the modulus, a
    /// JWK Set over `MAX_JWKS_KEYS` keys or `MAX_JWKS_PRIVATE_KEYS` private keys,
    /// `key_ops` over `MAX_KEY_OPS` entries):
    /// refused before any work is done on it.
    KeyTooLarge,
    /// A key with a known fatal weakness (the ROCA fingerprint, CVE-2017-15361).
    KeyWeak,
    /// Several keys of a JWKS fit the token equally (a duplicate `kid`).
    KeyAmbiguous,
    /// A JWK member is missing or malformed (RFC 7517 §4, RFC 7518 §6).
    KeyJwk,
    /// A JWK's `alg`, `use` or `key_ops` contradicts the chosen algorithm.
    KeyUsage,
    /// No key of a JWKS fits the token.
    KeyNotFound,
    /// The operation needs a private key and got a public one.
    KeyPrivateRequired,
    /// A secret that does not decode in the chosen encoding.
    SecretEncoding,
    /// An empty HMAC secret.
    SecretEmpty,

    // --- signatures ---
    /// An ECDSA signature in ASN.1 DER instead of JWS's raw r‖s (RFC 7518 §3.4).
    SignatureDer,
    /// A signature whose length is not the algorithm's (a truncated HMAC tag…).
    SignatureLength,
    /// The signature does not match.
    SignatureMismatch,

    // --- claims (RFC 7519 §4.1) ---
    /// A time claim that is not a number.
    ClaimType,
    /// `exp` is in the past.
    ClaimExpired,
    /// `nbf` is in the future.
    ClaimNotYetValid,
    /// `iat` is in the future.
    ClaimIssuedInFuture,
    /// `iss` or `aud` differs from what was expected.
    ClaimMismatch,
    /// The payload was meant as a claims set but does not read as one: invalid
    /// UTF-8 or JSON, a duplicate member, a number out of range (RFC 7519 §7.2).
    ClaimsUnreadable,
    /// The payload is not a JSON object: a JWS, perhaps valid, but not a JWT.
    NotJwt,

    // --- generation and signing ---
    /// The operating system or browser random source failed.
    Random,
    /// An unsupported size or parameter for generation.
    Parameter,
    /// The underlying signer failed.
    Sign,
}

impl ErrorKind {
    /// The stable machine code, e.g. `ERR_JWT_MALFORMED`.
    pub const fn code(self) -> &'static str {
        use ErrorKind::*;
        match self {
            Empty => "ERR_JWT_EMPTY",
            TooLarge => "ERR_JWT_TOO_LARGE",
            Whitespace => "ERR_JWT_WHITESPACE",
            Segments => "ERR_JWT_MALFORMED",
            Base64Char => "ERR_B64_CHARACTER",
            Base64Padding => "ERR_B64_PADDING",
            Base64Length => "ERR_B64_LENGTH",
            Base64TrailingBits => "ERR_B64_TRAILING_BITS",
            Utf8 => "ERR_UTF8",
            JsonSyntax => "ERR_JSON_SYNTAX",
            JsonNotObject => "ERR_JSON_NOT_OBJECT",
            JsonDuplicateMember => "ERR_JSON_DUPLICATE_MEMBER",
            SignatureEmpty => "ERR_JWS_SIGNATURE_EMPTY",
            Encrypted => "ERR_JWE_ENCRYPTED",
            UnencodedPayload => "ERR_JWS_UNENCODED_PAYLOAD",
            Crit => "ERR_JWS_CRIT",
            AlgMissing => "ERR_ALG_MISSING",
            AlgUnknown => "ERR_ALG_UNKNOWN",
            AlgNone => "ERR_ALG_NONE",
            AlgMismatch => "ERR_ALG_MISMATCH",
            AlgRequired => "ERR_ALG_REQUIRED",
            AlgConfusion => "ERR_ALG_CONFUSION",
            KeyFormat => "ERR_KEY_FORMAT",
            KeyPemArmour => "ERR_KEY_PEM_ARMOUR",
            KeyEncoding => "ERR_KEY_ENCODING",
            KeyType => "ERR_KEY_TYPE",
            KeyCurve => "ERR_KEY_CURVE",
            KeyTooSmall => "ERR_KEY_TOO_SMALL",
            KeyTooLarge => "ERR_KEY_TOO_LARGE",
            KeyWeak => "ERR_KEY_WEAK",
            KeyAmbiguous => "ERR_KEY_AMBIGUOUS",
            KeyJwk => "ERR_KEY_JWK",
            KeyUsage => "ERR_KEY_USAGE",
            KeyNotFound => "ERR_KEY_NOT_FOUND",
            KeyPrivateRequired => "ERR_KEY_PRIVATE_REQUIRED",
            SecretEncoding => "ERR_SECRET_ENCODING",
            SecretEmpty => "ERR_SECRET_EMPTY",
            SignatureDer => "ERR_JWS_SIGNATURE_DER",
            SignatureLength => "ERR_JWS_SIGNATURE_LENGTH",
            SignatureMismatch => "ERR_JWS_SIGNATURE_VERIFICATION_FAILED",
            ClaimType => "ERR_JWT_CLAIM_TYPE",
            ClaimExpired => "ERR_JWT_EXPIRED",
            ClaimNotYetValid => "ERR_JWT_NOT_YET_VALID",
            ClaimIssuedInFuture => "ERR_JWT_ISSUED_IN_FUTURE",
            ClaimMismatch => "ERR_JWT_CLAIM_MISMATCH",
            ClaimsUnreadable => "ERR_JWT_CLAIMS_UNREADABLE",
            NotJwt => "ERR_JWT_NOT_A_JWT",
            Random => "ERR_RANDOM",
            Parameter => "ERR_PARAMETER",
            Sign => "ERR_SIGN",
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// An engine error: a stable [`ErrorKind`] and a message a user can act on.
#[derive(Clone, PartialEq, Eq)]
pub struct Error(Box<Inner>);

#[derive(Clone, PartialEq, Eq)]
struct Inner {
    kind: ErrorKind,
    message: String,
}

impl Error {
    /// An error of `kind` with a human message.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Error(Box::new(Inner {
            kind,
            message: message.into(),
        }))
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
        use ErrorKind::*;
        let all = [
            Empty,
            TooLarge,
            Whitespace,
            Segments,
            Base64Char,
            Base64Padding,
            Base64Length,
            Base64TrailingBits,
            Utf8,
            JsonSyntax,
            JsonNotObject,
            JsonDuplicateMember,
            SignatureEmpty,
            Encrypted,
            UnencodedPayload,
            Crit,
            AlgMissing,
            AlgUnknown,
            AlgNone,
            AlgMismatch,
            AlgRequired,
            AlgConfusion,
            KeyFormat,
            KeyPemArmour,
            KeyEncoding,
            KeyType,
            KeyCurve,
            KeyTooSmall,
            KeyTooLarge,
            KeyWeak,
            KeyAmbiguous,
            KeyJwk,
            KeyUsage,
            KeyNotFound,
            KeyPrivateRequired,
            SecretEncoding,
            SecretEmpty,
            SignatureDer,
            SignatureLength,
            SignatureMismatch,
            ClaimType,
            ClaimExpired,
            ClaimNotYetValid,
            ClaimIssuedInFuture,
            ClaimMismatch,
            ClaimsUnreadable,
            NotJwt,
            Random,
            Parameter,
            Sign,
        ];
        let mut seen = std::collections::HashSet::new();
        for k in all {
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
