//! Keys: HMAC secrets, PEM (SPKI, PKCS#1, PKCS#8, SEC1, X.509), JWK and JWKS.
//!
//! [`parse_key`] reads whatever the user pasted and says what it found; every
//! parsed key keeps the JWK members that constrain its use (`alg`, `use`,
//! `key_ops`, RFC 7517 §4.2–4.4) so the verifier can refuse a contradiction rather
//! than trust them.

use zeroize::Zeroizing;

use super::alg::Curve;
use super::error::{Error, ErrorKind, Result};
use crate::jose::secp256k1;
use recognise::Form;

mod asn1;
mod der_reader;
mod describe;
pub mod export;
#[cfg(test)]
mod fixtures;
pub mod generate;
pub mod inspect;
mod jwk;
pub mod jwks;
mod material;
mod parts;
mod pem;
mod recognise;
mod roca;
mod sec1;
mod secret;
mod ssh;
mod structures;
mod usage;
mod x509;

pub(crate) use der_reader::ecdsa_sig_value;
pub use export::{pkcs1_public_pem, pkcs8_pem, private_jwk, public_jwk, spki_pem, thumbprint};
pub use generate::{generate_keypair, GeneratedKeyPair, KeyPairSpec};
pub use inspect::{key_forms, private_forms, KeyForm, KeyForms};
pub use jwks::{check_kids, public_jwks, JwksMember};
pub use parts::PrivateParts;
pub use recognise::key_text_kind;
pub(crate) use recognise::public_key_material;
pub use secret::parse_secret;
pub use usage::KeyOp;

// The size caps of the key parsers (each documented where it is enforced).
pub use jwk::{MAX_JWKS_KEYS, MAX_JWKS_PRIVATE_KEYS, MAX_KEY_OPS};
pub use material::{RsaPrivate, MAX_RSA_BITS, MAX_RSA_PUBLIC_EXPONENT, MAX_RSA_RECOVERY_BITS};
pub use pem::MAX_PEM_BLOCKS;

/// The largest key text [`parse_key`] reads (1 MiB): anything bigger is refused before
/// any decoding, so a huge paste costs no work.
pub const MAX_KEY_TEXT: usize = 1 << 20;

/// Reads a key from text, whatever its format, and says what it found.
///
/// What the text is, is decided once, by the recogniser (`recognise.rs`), in order:
/// - PEM armour (`-----BEGIN`, or a damaged boundary line such as `----BEGIN`):
///   SPKI, PKCS#1, X.509 certificate, PKCS#8 and SEC1 (RFC 7468, RFC 5280 §4.1.2.7,
///   RFC 8017 Appendix A.1, RFC 5208, RFC 5915). CRLF line ends, indentation, stray
///   whitespace and text around the armour are tolerated and recorded in
///   [`Key::notes`].
/// - text starting with `{`: a JWK Set (an object with `keys`, RFC 7517 §5) or a
///   single JWK (RFC 7517 §4, RFC 7518 §6, RFC 8037 §2); text starting with `[` that
///   names a `kty`: a JWK Set without its `{"keys": …}` wrapper.
/// - an OpenSSH public key line (`ssh-rsa`, `ecdsa-sha2-nistp256/384/521`,
///   `ssh-ed25519`; RFC 4253 §6.6, RFC 5656 §3.1, RFC 8709 §4).
/// - bare base64 or base64url DER, with or without line breaks: the body of any of
///   the PEM structures above without its armour lines.
/// - anything else: an HMAC secret in `encoding` ([`SecretEncoding::Utf8`] takes the
///   text's bytes exactly as given, without trimming). Public-key material is never
///   a secret: the first five forms are read as keys whatever `encoding` says.
///
/// RSA moduli under [`MIN_RSA_BITS`](super::alg::MIN_RSA_BITS) are refused (RFC 7518
/// §3.3), as are public exponents outside the `rsa` crate's bounds (2 ≤ e ≤ 2³³−1).
///
/// # Errors
/// - `ERR_KEY_FORMAT`: text over [`MAX_KEY_TEXT`]; an unsupported PEM label (encrypted
///   keys, OpenSSH keys, CSRs…), each with what to do instead.
/// - `ERR_KEY_PEM_ARMOUR`: a missing, damaged or mismatched BEGIN/END line, or a
///   truncated body.
/// - `ERR_KEY_ENCODING`: a body that is not base64, or DER that is not what its label
///   says (with the label it looks like, when one fits).
/// - `ERR_KEY_JWK`: JSON that does not parse, or a JWK member missing or malformed.
/// - `ERR_KEY_ENCODING` also for an OpenSSH line or bare DER that is cut short or
///   damaged (it is still key material, never a secret).
/// - `ERR_KEY_TYPE` also for OpenSSH key types with no JWS algorithm (DSA, `sk-*`).
/// - `ERR_KEY_TYPE` / `ERR_KEY_CURVE`: a key type or curve this engine does not support.
/// - `ERR_KEY_TOO_SMALL`: an RSA modulus under 2048 bits (the message gives its size).
/// - `ERR_KEY_TOO_LARGE`: over a size cap: an RSA modulus over [`MAX_RSA_BITS`], an RSA
///   private number (d, p, q, dp, dq, qi) longer than the modulus, an RSA JWK without
///   `p` and `q` over [`MAX_RSA_RECOVERY_BITS`], a JWK Set of more
///   than [`MAX_JWKS_KEYS`] keys or [`MAX_JWKS_PRIVATE_KEYS`] private keys, `key_ops`
///   of more than [`MAX_KEY_OPS`] entries.
/// - `ERR_KEY_NOT_FOUND`: a JWK Set with no usable key.
/// - `ERR_SECRET_ENCODING` / `ERR_SECRET_EMPTY`: a secret that does not decode, or is empty.
pub fn parse_key(text: &str, encoding: SecretEncoding) -> Result<KeySet> {
    if text.len() > MAX_KEY_TEXT {
        return Err(Error::new(
            ErrorKind::KeyFormat,
            format!(
                "the key text is {} bytes; keys longer than {} bytes (1 MiB) are refused",
                text.len(),
                MAX_KEY_TEXT
            ),
        ));
    }
    // A byte-order mark (from a file saved by some Windows editors) is not part of a
    // PEM or JSON key; a secret keeps it, being used exactly as typed.
    let (body, bom) = match text.strip_prefix('\u{feff}') {
        Some(rest) => (rest, true),
        None => (text, false),
    };
    let mut set = match recognise::recognise(body) {
        Form::Pem => KeySet::single(pem::parse_pem(body)?),
        Form::JsonObject | Form::JwkArray => jwk::parse_json(body)?,
        Form::OpenSsh(line) => KeySet::single(ssh::parse_openssh(&line)?),
        Form::BareDer(der, label) => KeySet::single(pem::parse_bare_der(&der, label)?),
        Form::Secret => return Ok(KeySet::single(secret::parse_secret(text, encoding)?)),
    };
    if bom {
        for key in &mut set.keys {
            key.notes
                .push("a leading byte-order mark (U+FEFF) was ignored".into());
        }
    }
    Ok(set)
}

impl Key {
    /// A key read from `format`, with no JWK metadata and no notes.
    pub fn new(material: KeyMaterial, format: KeyFormat) -> Self {
        Key {
            material,
            format,
            kid: None,
            jwk_alg: None,
            jwk_use: None,
            key_ops: None,
            notes: Vec::new(),
        }
    }
}

impl KeySet {
    /// A set holding one key that was given on its own.
    pub fn single(key: Key) -> Self {
        KeySet {
            keys: vec![key],
            source: KeySource::Single,
            skipped: Vec::new(),
        }
    }
}

impl SecretEncoding {
    /// Every encoding, in the order the page's selector and the CLI's help list them.
    pub const ALL: [SecretEncoding; 4] = [
        SecretEncoding::Utf8,
        SecretEncoding::Base64,
        SecretEncoding::Base64Url,
        SecretEncoding::Hex,
    ];

    /// The machine name: `utf8`, `base64`, `base64url`, `hex` (the page's select
    /// values, the CLI's `--secret-encoding` values).
    pub const fn name(self) -> &'static str {
        match self {
            SecretEncoding::Utf8 => "utf8",
            SecretEncoding::Base64 => "base64",
            SecretEncoding::Base64Url => "base64url",
            SecretEncoding::Hex => "hex",
        }
    }

    /// How the encoding is named to people: `UTF-8`, `base64`, `base64url`, `hex`.
    pub const fn label(self) -> &'static str {
        match self {
            SecretEncoding::Utf8 => "UTF-8",
            SecretEncoding::Base64 => "base64",
            SecretEncoding::Base64Url => "base64url",
            SecretEncoding::Hex => "hex",
        }
    }
}

crate::jose::names::vocabulary!(SecretEncoding, "secret encoding");

impl KeyFormat {
    /// How the format is named to people, as [`Key::describe`] ends: `SPKI PEM`,
    /// `PKCS#1 PEM`, `X.509 certificate PEM`, `PKCS#8 PEM`, `SEC1 PEM`, `JWK`, or the
    /// secret's encoding.
    pub const fn label(self) -> &'static str {
        match self {
            KeyFormat::Secret(encoding) => encoding.label(),
            KeyFormat::PemSpki => "SPKI PEM",
            KeyFormat::PemPkcs1Public | KeyFormat::PemPkcs1Private => "PKCS#1 PEM",
            KeyFormat::PemCertificate => "X.509 certificate PEM",
            KeyFormat::PemPkcs8 => "PKCS#8 PEM",
            KeyFormat::PemSec1 => "SEC1 PEM",
            KeyFormat::Jwk => "JWK",
            KeyFormat::DerSpki => "SPKI DER in base64 without PEM armour",
            KeyFormat::DerPkcs1Public | KeyFormat::DerPkcs1Private => {
                "PKCS#1 DER in base64 without PEM armour"
            }
            KeyFormat::DerCertificate => "X.509 certificate DER in base64 without PEM armour",
            KeyFormat::DerPkcs8 => "PKCS#8 DER in base64 without PEM armour",
            KeyFormat::DerSec1 => "SEC1 DER in base64 without PEM armour",
            KeyFormat::OpenSsh => "OpenSSH public key",
        }
    }

    /// The PEM label (`PUBLIC KEY`, `RSA PRIVATE KEY`…), for the PEM formats.
    pub const fn pem_label(self) -> Option<&'static str> {
        match self {
            KeyFormat::PemSpki => Some("PUBLIC KEY"),
            KeyFormat::PemPkcs1Public => Some("RSA PUBLIC KEY"),
            KeyFormat::PemCertificate => Some("CERTIFICATE"),
            KeyFormat::PemPkcs8 => Some("PRIVATE KEY"),
            KeyFormat::PemPkcs1Private => Some("RSA PRIVATE KEY"),
            KeyFormat::PemSec1 => Some("EC PRIVATE KEY"),
            KeyFormat::Secret(_)
            | KeyFormat::Jwk
            | KeyFormat::OpenSsh
            | KeyFormat::DerSpki
            | KeyFormat::DerPkcs1Public
            | KeyFormat::DerCertificate
            | KeyFormat::DerPkcs8
            | KeyFormat::DerPkcs1Private
            | KeyFormat::DerSec1 => None,
        }
    }
}

/// A public key of any supported kind.
#[derive(Clone, Debug, PartialEq)]
pub enum PublicKey {
    /// RSA (RS*, PS*).
    Rsa(rsa::PublicKey),
    /// P-256 (ES256).
    P256(p256::PublicKey),
    /// P-384 (ES384).
    P384(p384::PublicKey),
    /// P-521 (ES512).
    P521(p521::PublicKey),
    /// secp256k1 (ES256K).
    Secp256k1(secp256k1::PublicKey),
    /// Ed25519 (EdDSA).
    Ed25519(ed25519_dalek::VerifyingKey),
}

/// A private key of any supported kind.
///
/// Each holds its public half, computed once when the key is built (an EC or
/// Ed25519 signing key keeps its public point beside the scalar; an RSA key holds
/// n and e), so [`PrivateKey::public_key`] and everything that describes a key
/// never repeat the scalar multiplication.
#[derive(Clone)]
pub enum PrivateKey {
    /// RSA (RS*, PS*): its public key and numbers; the `rsa` crate's key is built
    /// when it signs or is written out ([`RsaPrivate`]).
    Rsa(Box<RsaPrivate>),
    /// P-256 (ES256).
    P256(p256::ecdsa::SigningKey),
    /// P-384 (ES384).
    P384(p384::ecdsa::SigningKey),
    /// P-521 (ES512).
    P521(p521::ecdsa::SigningKey),
    /// secp256k1 (ES256K).
    Secp256k1(secp256k1::ecdsa::SigningKey),
    /// Ed25519 (EdDSA).
    Ed25519(ed25519_dalek::SigningKey),
}

impl std::fmt::Debug for PrivateKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PrivateKey({:?}, redacted)", self.curve())
    }
}

impl PrivateKey {
    /// The curve, for EC and OKP keys.
    pub fn curve(&self) -> Option<Curve> {
        match self {
            PrivateKey::Rsa(_) => None,
            PrivateKey::P256(_) => Some(Curve::P256),
            PrivateKey::P384(_) => Some(Curve::P384),
            PrivateKey::P521(_) => Some(Curve::P521),
            PrivateKey::Secp256k1(_) => Some(Curve::Secp256k1),
            PrivateKey::Ed25519(_) => Some(Curve::Ed25519),
        }
    }
}

impl PublicKey {
    /// The curve, for EC and OKP keys.
    pub fn curve(&self) -> Option<Curve> {
        match self {
            PublicKey::Rsa(_) => None,
            PublicKey::P256(_) => Some(Curve::P256),
            PublicKey::P384(_) => Some(Curve::P384),
            PublicKey::P521(_) => Some(Curve::P521),
            PublicKey::Secp256k1(_) => Some(Curve::Secp256k1),
            PublicKey::Ed25519(_) => Some(Curve::Ed25519),
        }
    }
}

/// An HMAC secret. Its bytes are wiped on drop and never printed.
#[derive(Clone)]
pub struct Secret {
    bytes: Zeroizing<Vec<u8>>,
    /// Whether the bytes are key material (see [`public_key_material`]), found once:
    /// the confusion rule asks on every verification, the page verifies on every
    /// keystroke, and the answer cannot change.
    material: std::sync::OnceLock<Option<&'static str>>,
}

impl PartialEq for Secret {
    fn eq(&self, other: &Self) -> bool {
        self.bytes == other.bytes
    }
}

impl Eq for Secret {}

impl Secret {
    /// Wraps secret bytes.
    pub fn new(bytes: Vec<u8>) -> Self {
        Secret {
            bytes: Zeroizing::new(bytes),
            material: std::sync::OnceLock::new(),
        }
    }

    /// The secret bytes.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// What key material these bytes are, if any (computed on first use).
    pub(crate) fn key_material(&self) -> Option<&'static str> {
        *self
            .material
            .get_or_init(|| public_key_material(&self.bytes))
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Secret({} bytes, redacted)", self.bytes.len())
    }
}

/// What a key is.
#[derive(Clone, Debug)]
pub enum KeyMaterial {
    /// An HMAC secret.
    Secret(Secret),
    /// A public key.
    Public(PublicKey),
    /// A private key (its public half is derived where a public key is needed).
    Private(PrivateKey),
}

/// How a secret typed as text is turned into bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SecretEncoding {
    /// The text's UTF-8 bytes, as typed.
    Utf8,
    /// Standard base64 (RFC 4648 §4), padding optional.
    Base64,
    /// base64url (RFC 4648 §5), padding optional.
    Base64Url,
    /// Hexadecimal, either case.
    Hex,
}

/// The format a key was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KeyFormat {
    /// Text taken as an HMAC secret in the given encoding.
    Secret(SecretEncoding),
    /// `-----BEGIN PUBLIC KEY-----` (SubjectPublicKeyInfo, RFC 5280 §4.1.2.7).
    PemSpki,
    /// `-----BEGIN RSA PUBLIC KEY-----` (PKCS#1, RFC 8017 Appendix A.1.1).
    PemPkcs1Public,
    /// `-----BEGIN CERTIFICATE-----` (X.509, RFC 5280): its subject public key.
    PemCertificate,
    /// `-----BEGIN PRIVATE KEY-----` (PKCS#8, RFC 5208).
    PemPkcs8,
    /// `-----BEGIN RSA PRIVATE KEY-----` (PKCS#1, RFC 8017 Appendix A.1.2).
    PemPkcs1Private,
    /// `-----BEGIN EC PRIVATE KEY-----` (SEC1, RFC 5915).
    PemSec1,
    /// A JSON Web Key (RFC 7517).
    Jwk,
    /// SubjectPublicKeyInfo DER as bare base64, without PEM armour.
    DerSpki,
    /// PKCS#1 `RSAPublicKey` DER as bare base64.
    DerPkcs1Public,
    /// An X.509 certificate's DER as bare base64 (as in a JWK's `x5c`).
    DerCertificate,
    /// PKCS#8 DER as bare base64.
    DerPkcs8,
    /// PKCS#1 `RSAPrivateKey` DER as bare base64.
    DerPkcs1Private,
    /// SEC1 `ECPrivateKey` DER as bare base64.
    DerSec1,
    /// An OpenSSH public key line (RFC 4253 §6.6, RFC 5656 §3.1, RFC 8709 §4).
    OpenSsh,
}

/// One parsed key with what its source said about it.
#[derive(Clone, Debug)]
pub struct Key {
    /// The key itself.
    pub material: KeyMaterial,
    /// Where it came from.
    pub format: KeyFormat,
    /// JWK `kid`.
    pub kid: Option<String>,
    /// JWK `alg`, as written (never trusted blindly: it may name no real algorithm).
    pub jwk_alg: Option<String>,
    /// JWK `use` (`sig` or `enc`).
    pub jwk_use: Option<String>,
    /// JWK `key_ops`.
    pub key_ops: Option<Vec<String>>,
    /// Things tolerated while reading it (CRLF line ends, stray whitespace…).
    pub notes: Vec<String>,
}

impl Key {
    /// Whether two keys are the same key: equal secrets, or the same public key
    /// (a private JWK and its public half are one key).
    pub fn same_key_as(&self, other: &Key) -> bool {
        match (&self.material, &other.material) {
            (KeyMaterial::Secret(a), KeyMaterial::Secret(b)) => a == b,
            (KeyMaterial::Secret(_), _) | (_, KeyMaterial::Secret(_)) => false,
            _ => self.public_key().is_some() && self.public_key() == other.public_key(),
        }
    }
}

/// Whether a key text held one key or a set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeySource {
    /// One key (secret, PEM or JWK).
    Single,
    /// A JWK Set (RFC 7517 §5).
    Jwks,
}

/// Everything read from one key text.
#[derive(Clone, Debug)]
pub struct KeySet {
    /// The usable keys, in source order.
    pub keys: Vec<Key>,
    /// One key or a set.
    pub source: KeySource,
    /// JWKS members that could not be used, by index in `keys` of the set, with why.
    pub skipped: Vec<(usize, super::error::Error)>,
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn detection_order() {
        let pem = "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=\n-----END PUBLIC KEY-----\n";
        let set = parse_key(pem, SecretEncoding::Hex).expect("PEM whatever the encoding");
        assert_eq!(set.describe(), "Ed25519 public key, SPKI PEM");
        let set =
            parse_key(" {\"kty\":\"oct\",\"k\":\"AAAA\"}", SecretEncoding::Utf8).expect("JWK");
        assert_eq!(set.keys[0].format, KeyFormat::Jwk);
        let set = parse_key("[1]", SecretEncoding::Utf8).expect("a secret");
        assert_eq!(set.keys[0].format, KeyFormat::Secret(SecretEncoding::Utf8));
        assert!(set.keys[0].notes[0].contains("JSON array"));
    }

    #[test]
    fn byte_order_mark() {
        let set = parse_key(
            "\u{feff}{\"kty\":\"oct\",\"k\":\"AAAA\"}",
            SecretEncoding::Utf8,
        )
        .expect("JWK after a BOM");
        assert!(set.keys[0].notes[0].contains("byte-order mark"));
        let set = parse_key("\u{feff}x", SecretEncoding::Utf8).expect("secret");
        assert_eq!(set.keys[0].bits(), Some(32));
    }

    #[test]
    fn size_cap() {
        let text = "a".repeat(MAX_KEY_TEXT + 1);
        let e = parse_key(&text, SecretEncoding::Utf8).expect_err("too big");
        assert_eq!(e.kind(), ErrorKind::KeyFormat);
        assert!(parse_key(&text[1..], SecretEncoding::Utf8).is_ok());
    }

    #[test]
    fn format_labels() {
        assert_eq!(KeyFormat::PemPkcs1Public.label(), "PKCS#1 PEM");
        assert_eq!(KeyFormat::PemSec1.pem_label(), Some("EC PRIVATE KEY"));
        assert_eq!(
            KeyFormat::Secret(SecretEncoding::Base64Url).label(),
            "base64url"
        );
        assert_eq!(KeyFormat::Jwk.pem_label(), None);
    }
}
