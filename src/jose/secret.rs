//! HMAC secrets: generation from the OS / browser CSPRNG, encodings, and strength
//! warnings (RFC 7518 §3.2: "A key of the same size as the hash output … or larger
//! MUST be used"). Weak secrets warn; they are never refused, because people test
//! with dummy keys.

use super::alg::{Algorithm, Family};
use super::b64;
use super::error::{Error, ErrorKind, Result};
use super::key::{Secret, SecretEncoding};
use super::problem::{Warning, WarningKind};

/// The largest secret generated on request.
pub const MAX_SECRET_BYTES: usize = 1024;

/// Secrets seen as defaults in tutorials, frameworks and debuggers: the project's
/// own short list, checked on every keystroke. A user can check a longer list
/// loaded from a local file with [`find_in_list`].
pub const BUILTIN_WEAK_SECRETS: &[&str] = &[
    "secret",
    "Secret",
    "SECRET",
    "your-256-bit-secret",
    "your-384-bit-secret",
    "your-512-bit-secret",
    "your_jwt_secret",
    "your-secret-key",
    "your_secret_key",
    "password",
    "Password",
    "passw0rd",
    "changeme",
    "change-me",
    "changeit",
    "test",
    "testing",
    "key",
    "jwt",
    "JWT",
    "jwt-secret",
    "jwt_secret",
    "jwtsecret",
    "JWT_SECRET",
    "secretkey",
    "secret-key",
    "secret_key",
    "SECRET_KEY",
    "mysecret",
    "my-secret",
    "my_secret",
    "mysecretkey",
    "supersecret",
    "super-secret",
    "topsecret",
    "shhhhh",
    "s3cr3t",
    "secret123",
    "123456",
    "12345678",
    "1234567890",
    "admin",
    "qwerty",
    "default",
    "development",
    "dev",
    "example",
    "token",
    "letmein",
    "private",
    "hello",
    "abc123",
    "pass",
    "keyboard cat",
    "notasecret",
    "foobar",
    "none",
    "null",
];

/// jwtscope's own example secret, in base64url as `index.html` ships it in the key
/// pane beside the example token (`tests/shell.rs` holds the two together). Every
/// copy of the page publishes it, so it is as known as any default: [`warnings`]
/// flags it as its bytes (what the page reads with base64url) and as its text (a
/// library that takes a secret as UTF-8), and the weak-secret check's built-in list
/// holds it (`diagnose/weak_secrets.txt`).
pub const EXAMPLE_SECRET: &str = "Vg2W3_cTFhFVO671dCXM4yKCTtIon6QsI6Awkq2Pmp0";

/// Whether `secret` is [`EXAMPLE_SECRET`], as its bytes or as its text.
fn is_example(secret: &[u8]) -> bool {
    secret == EXAMPLE_SECRET.as_bytes()
        || b64::decode_strict(EXAMPLE_SECRET).is_ok_and(|b| b == secret)
}

/// The default secret size for an HMAC algorithm: its hash output size.
pub fn default_size(alg: Algorithm) -> usize {
    alg.hash().size()
}

/// Generates `bytes` random bytes from the operating system or browser CSPRNG.
///
/// # Errors
/// `ERR_PARAMETER` for 0 or more than [`MAX_SECRET_BYTES`]; `ERR_RANDOM` if the
/// random source fails.
pub fn generate(bytes: usize) -> Result<Secret> {
    if bytes == 0 || bytes > MAX_SECRET_BYTES {
        return Err(Error::new(
            ErrorKind::Parameter,
            format!("a secret of {bytes} bytes: choose 1 to {MAX_SECRET_BYTES}"),
        ));
    }
    let mut buf = vec![0u8; bytes];
    getrandom::fill(&mut buf)
        .map_err(|e| Error::new(ErrorKind::Random, format!("the random source failed: {e}")))?;
    Ok(Secret::new(buf))
}

/// A secret in the three encodings a user may need.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EncodedSecret {
    /// Unpadded base64url (JWK `k`, RFC 7518 §6.4.1).
    pub base64url: String,
    /// Padded standard base64.
    pub base64: String,
    /// Lower-case hexadecimal.
    pub hex: String,
}

/// Encodes a secret for display and copying.
pub fn encode(secret: &Secret) -> EncodedSecret {
    EncodedSecret {
        base64url: b64::encode(secret.bytes()),
        base64: b64::encode_standard(secret.bytes()),
        hex: hex::encode(secret.bytes()),
    }
}

/// How a generated secret is written out (and, read back, which [`SecretEncoding`]
/// reads it): the page's format selector and `jwtscope secret --encoding`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SecretFormat {
    /// base64url without padding (RFC 4648 §5; a JWK's `k`, RFC 7518 §6.4.1).
    Base64Url,
    /// Standard base64 with padding (RFC 4648 §4).
    Base64,
    /// Lower-case hexadecimal.
    Hex,
}

impl SecretFormat {
    /// Every format, in the order the page and the CLI list them.
    pub const ALL: [SecretFormat; 3] = [
        SecretFormat::Base64Url,
        SecretFormat::Base64,
        SecretFormat::Hex,
    ];

    /// `base64url`, `base64`, `hex`: also the name of the encoding that reads it back.
    pub const fn name(self) -> &'static str {
        self.encoding().name()
    }

    /// The key encoding that reads this format back.
    pub const fn encoding(self) -> SecretEncoding {
        match self {
            SecretFormat::Base64Url => SecretEncoding::Base64Url,
            SecretFormat::Base64 => SecretEncoding::Base64,
            SecretFormat::Hex => SecretEncoding::Hex,
        }
    }

    /// The secret's bytes in this format.
    pub fn encode(self, secret: &Secret) -> String {
        match self {
            SecretFormat::Base64Url => b64::encode(secret.bytes()),
            SecretFormat::Base64 => b64::encode_standard(secret.bytes()),
            SecretFormat::Hex => hex::encode(secret.bytes()),
        }
    }
}

crate::jose::names::vocabulary!(SecretFormat, "secret format");

/// Warnings for an HMAC secret used with `alg`: shorter than the hash (RFC 7518
/// §3.2), one of [`BUILTIN_WEAK_SECRETS`], or the page's [`EXAMPLE_SECRET`].
pub fn warnings(secret: &[u8], alg: Algorithm) -> Vec<Warning> {
    let mut out = Vec::new();
    if alg.family() != Family::Hmac {
        return out;
    }
    let want = alg.hash().size();
    if secret.len() < want {
        out.push(Warning::new(
            WarningKind::SecretShort,
            format!(
                "the secret is {} byte{} ({} bits); {alg} needs at least {want} bytes ({} bits) to be secure (RFC 7518 §3.2) — fine for testing, not for production",
                secret.len(),
                if secret.len() == 1 { "" } else { "s" },
                secret.len() * 8,
                want * 8
            ),
        ));
    }
    if BUILTIN_WEAK_SECRETS.iter().any(|w| w.as_bytes() == secret) {
        out.push(Warning::new(
            WarningKind::SecretKnown,
            "this secret is a well-known default: anyone can forge tokens signed with it",
        ));
    } else if is_example(secret) {
        out.push(Warning::new(
            WarningKind::SecretKnown,
            "this is jwtscope's example secret, published in every copy of the page: anyone can forge tokens signed with it",
        ));
    }
    out
}

/// Finds `secret` in a newline-separated list (such as a file a user loads) and
/// returns its 1-based line number.
pub fn find_in_list(secret: &[u8], list: &str) -> Option<usize> {
    list.lines()
        .position(|line| line.trim_end_matches('\r').as_bytes() == secret)
        .map(|i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generates_distinct_sized_secrets() {
        let a = generate(32).map(|s| s.bytes().to_vec()).unwrap_or_default();
        let b = generate(32).map(|s| s.bytes().to_vec()).unwrap_or_default();
        assert_eq!(a.len(), 32);
        assert_ne!(a, b);
        assert_eq!(
            generate(0).map_err(|e| e.kind()).err(),
            Some(ErrorKind::Parameter)
        );
        assert_eq!(
            generate(1025).map_err(|e| e.kind()).err(),
            Some(ErrorKind::Parameter)
        );
        assert_eq!(default_size(Algorithm::HS384), 48);
    }

    #[test]
    fn encodings() {
        let e = encode(&Secret::new(vec![0xfb, 0xff]));
        assert_eq!(
            (e.base64url.as_str(), e.base64.as_str(), e.hex.as_str()),
            ("-_8", "+/8=", "fbff")
        );
    }

    #[test]
    fn weak_secrets_warn() {
        let w = warnings(b"secret", Algorithm::HS256);
        let codes: Vec<_> = w.iter().map(Warning::code).collect();
        assert_eq!(codes, vec!["WARN_SECRET_SHORT", "WARN_SECRET_KNOWN"]);
        assert!(warnings(&[7u8; 32], Algorithm::HS256).is_empty());
        assert_eq!(warnings(&[7u8; 32], Algorithm::HS512).len(), 1);
        let one = warnings(b"a", Algorithm::HS256);
        assert!(one[0].message.starts_with("the secret is 1 byte (8 bits);"));
        let two = warnings(b"ab", Algorithm::HS256);
        assert!(two[0]
            .message
            .starts_with("the secret is 2 bytes (16 bits);"));
        assert!(warnings(b"x", Algorithm::RS256).is_empty());
    }

    #[test]
    fn the_example_secret_is_known() {
        let bytes = b64::decode_strict(EXAMPLE_SECRET).unwrap_or_default();
        assert_eq!(bytes.len(), 32);
        for secret in [&bytes[..], EXAMPLE_SECRET.as_bytes()] {
            let w = warnings(secret, Algorithm::HS256);
            let codes: Vec<_> = w.iter().map(Warning::code).collect();
            assert_eq!(codes, vec!["WARN_SECRET_KNOWN"]);
            assert!(w[0].message.contains("example secret"), "{}", w[0].message);
        }
        // One byte off is just a strong secret.
        let mut other = bytes.clone();
        other[0] ^= 1;
        assert!(warnings(&other, Algorithm::HS256).is_empty());
    }

    #[test]
    fn list_lookup() {
        assert_eq!(find_in_list(b"b", "a\r\nb\r\nc"), Some(2));
        assert_eq!(find_in_list(b"z", "a\nb"), None);
    }
}
