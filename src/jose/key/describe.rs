//! What a key is, for people: its public half, curve, size and a one-line
//! description ("RSA public key, 2048 bits, SPKI PEM, kid \"a\"").

use super::material::rsa_bits;
use super::usage::Kind;
use super::{Key, KeyMaterial, KeySet, KeySource, PrivateKey, PublicKey};
use crate::jose::alg::Curve;

impl Key {
    /// The public key: the key itself, or derived from the private key; `None` for a
    /// secret.
    pub fn public_key(&self) -> Option<PublicKey> {
        match &self.material {
            KeyMaterial::Secret(_) => None,
            KeyMaterial::Public(k) => Some(k.clone()),
            KeyMaterial::Private(k) => Some(k.public_key()),
        }
    }

    /// Whether this is a private key (secrets are not: they are symmetric).
    pub fn is_private(&self) -> bool {
        matches!(self.material, KeyMaterial::Private(_))
    }

    /// The curve of an EC or OKP key.
    pub fn curve(&self) -> Option<Curve> {
        match &self.material {
            KeyMaterial::Secret(_) => None,
            KeyMaterial::Public(k) => k.curve(),
            KeyMaterial::Private(k) => k.curve(),
        }
    }

    /// The RSA modulus size, or the secret's size, in bits; `None` for EC and OKP keys.
    pub fn bits(&self) -> Option<usize> {
        match &self.material {
            KeyMaterial::Secret(s) => Some(s.bytes().len() * 8),
            KeyMaterial::Public(PublicKey::Rsa(k)) => Some(rsa_bits(k)),
            KeyMaterial::Private(PrivateKey::Rsa(k)) => Some(rsa_bits(k.public())),
            KeyMaterial::Public(_) | KeyMaterial::Private(_) => None,
        }
    }

    /// The JWK key type: `RSA`, `EC`, `OKP` or `oct` (RFC 7518 §6.1, RFC 8037 §2).
    pub fn kind_label(&self) -> &'static str {
        match self.kind() {
            Kind::Rsa => "RSA",
            Kind::Ec => "EC",
            Kind::Okp => "OKP",
            Kind::Oct => "oct",
        }
    }

    /// One line for people, e.g. `RSA public key, 2048 bits, SPKI PEM`,
    /// `EC private key, P-256, SEC1 PEM`, `Ed25519 public key, JWK`,
    /// `HMAC secret, 32 bytes (256 bits), UTF-8`, followed by `, kid "…"` when the key
    /// has one.
    pub fn describe(&self) -> String {
        let half = if self.is_private() {
            "private"
        } else {
            "public"
        };
        let format = self.format.label();
        let mut text = match (&self.material, self.kind()) {
            (KeyMaterial::Secret(s), _) => {
                let n = s.bytes().len();
                format!(
                    "HMAC secret, {n} byte{} ({} bits), {format}",
                    if n == 1 { "" } else { "s" },
                    n * 8
                )
            }
            (_, Kind::Rsa) => format!(
                "RSA {half} key, {} bits, {format}",
                self.bits().unwrap_or_default()
            ),
            (_, Kind::Okp) => format!("Ed25519 {half} key, {format}"),
            _ => format!(
                "EC {half} key, {}, {format}",
                self.curve().map(Curve::jwk_name).unwrap_or("unknown curve")
            ),
        };
        if let Some(kid) = &self.kid {
            text.push_str(&format!(", kid {kid:?}"));
        }
        text
    }

    /// "an RSA key", "an EC P-256 key", "an Ed25519 key", "an HMAC secret".
    pub(super) fn short_kind(&self) -> String {
        match self.kind() {
            Kind::Rsa => "an RSA key".into(),
            Kind::Okp => "an Ed25519 key".into(),
            Kind::Oct => "an HMAC secret".into(),
            Kind::Ec => format!(
                "an EC {} key",
                self.curve().map(Curve::jwk_name).unwrap_or("unknown-curve")
            ),
        }
    }
}

impl KeySet {
    /// One line for people: `JWKS, 3 keys` (with `(N skipped)` when members were
    /// unusable), or the single key's [`Key::describe`].
    pub fn describe(&self) -> String {
        match self.source {
            KeySource::Single => self.keys.first().map(Key::describe).unwrap_or_default(),
            KeySource::Jwks => {
                let n = self.keys.len();
                let mut text = format!("JWKS, {n} key{}", if n == 1 { "" } else { "s" });
                if !self.skipped.is_empty() {
                    text.push_str(&format!(" ({} skipped)", self.skipped.len()));
                }
                text
            }
        }
    }
}
