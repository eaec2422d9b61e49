//! Keys: HMAC secrets, PEM (SPKI, PKCS#1, PKCS#8, SEC1, X.509), JWK and JWKS.
//!
//! [`parse_key`] reads whatever the user pasted and says what it found; every
//! parsed key keeps the JWK members that constrain its use (`alg`, `use`,
//! `key_ops`, RFC 7517 §4.2–4.4) so the verifier can refuse a contradiction rather
//! than trust them.

use zeroize::Zeroizing;

use super::alg::Curve;

/// A public key of any supported kind.
#[derive(Clone, Debug, PartialEq)]
pub enum PublicKey {
    /// RSA (RS*, PS*).
    Rsa(rsa::RsaPublicKey),
    /// P-256 (ES256).
    P256(p256::PublicKey),
    /// P-384 (ES384).
    P384(p384::PublicKey),
    /// P-521 (ES512).
    P521(p521::PublicKey),
    /// secp256k1 (ES256K).
    Secp256k1(k256::PublicKey),
    /// Ed25519 (EdDSA).
    Ed25519(ed25519_dalek::VerifyingKey),
}

/// A private key of any supported kind.
#[derive(Clone)]
pub enum PrivateKey {
    /// RSA (RS*, PS*).
    Rsa(Box<rsa::RsaPrivateKey>),
    /// P-256 (ES256).
    P256(p256::SecretKey),
    /// P-384 (ES384).
    P384(p384::SecretKey),
    /// P-521 (ES512).
    P521(p521::SecretKey),
    /// secp256k1 (ES256K).
    Secp256k1(k256::SecretKey),
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
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(Zeroizing<Vec<u8>>);

impl Secret {
    /// Wraps secret bytes.
    pub fn new(bytes: Vec<u8>) -> Self {
        Secret(Zeroizing::new(bytes))
    }

    /// The secret bytes.
    pub fn bytes(&self) -> &[u8] {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Secret({} bytes, redacted)", self.0.len())
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
