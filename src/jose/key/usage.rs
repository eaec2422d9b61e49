//! What a key may be used for: the algorithms it fits and the checks before signing
//! or verifying (key type, curve, private half, and the JWK's own `alg`, `use` and
//! `key_ops`, RFC 7517 §4.2–4.4). Which key of a set is used is
//! [`crate::jose::policy::select_key`]'s decision.

use super::{Key, KeyMaterial, PrivateKey, PublicKey};
use crate::jose::alg::{Algorithm, Curve, Family, MIN_RSA_BITS};
use crate::jose::error::{Error, ErrorKind, Result};

/// What a key is asked to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KeyOp {
    /// Produce a signature or MAC (needs a private key or a secret).
    Sign,
    /// Check a signature or MAC.
    Verify,
}

impl KeyOp {
    /// The `key_ops` value that allows it (RFC 7517 §4.3).
    pub const fn jwk_name(self) -> &'static str {
        match self {
            KeyOp::Sign => "sign",
            KeyOp::Verify => "verify",
        }
    }
}

/// The kinds of key, as JWK `kty` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Rsa,
    Ec,
    Okp,
    Oct,
}

impl Key {
    /// Read from the variant alone: nothing is derived.
    pub(super) fn kind(&self) -> Kind {
        match &self.material {
            KeyMaterial::Secret(_) => Kind::Oct,
            KeyMaterial::Public(PublicKey::Rsa(_)) | KeyMaterial::Private(PrivateKey::Rsa(_)) => {
                Kind::Rsa
            }
            KeyMaterial::Public(PublicKey::Ed25519(_))
            | KeyMaterial::Private(PrivateKey::Ed25519(_)) => Kind::Okp,
            KeyMaterial::Public(_) | KeyMaterial::Private(_) => Kind::Ec,
        }
    }

    /// The error if this key's type or curve cannot do `alg` at all.
    fn type_error(&self, alg: Algorithm) -> Option<Error> {
        let (fits, needed) = match alg.family() {
            Family::Hmac => (self.kind() == Kind::Oct, "an HMAC secret".to_string()),
            Family::RsaPkcs1 | Family::RsaPss => (self.kind() == Kind::Rsa, "an RSA key".into()),
            Family::Ecdsa => (
                self.kind() == Kind::Ec,
                format!(
                    "an EC {} key",
                    alg.curve().map(Curve::jwk_name).unwrap_or("unknown-curve")
                ),
            ),
            Family::EdDsa => (self.kind() == Kind::Okp, "an Ed25519 (OKP) key".into()),
        };
        if !fits {
            return Some(Error::new(
                ErrorKind::KeyType,
                format!("{alg} needs {needed}; this is {}", self.short_kind()),
            ));
        }
        match (alg.curve(), self.curve()) {
            (Some(wanted), Some(mine)) if wanted != mine => Some(Error::new(
                ErrorKind::KeyCurve,
                format!(
                    "{alg} needs a {} key; this key is on {}",
                    wanted.jwk_name(),
                    mine.jwk_name()
                ),
            )),
            _ => None,
        }
    }

    /// The algorithms this key's type and curve can do: RSA → RS*, PS*; P-256 → ES256;
    /// P-384 → ES384; P-521 → ES512; secp256k1 → ES256K; Ed25519 → EdDSA; a secret →
    /// HS256, HS384, HS512. The JWK's `alg`, `use` and `key_ops` are not considered
    /// here (see [`Key::check_for`]).
    pub fn usable_algorithms(&self) -> Vec<Algorithm> {
        Algorithm::all()
            .filter(|&alg| self.type_error(alg).is_none())
            .collect()
    }

    /// Whether this key may `op` with `alg`.
    ///
    /// # Errors
    /// In this order:
    /// - `ERR_ALG_CONFUSION`: an HMAC algorithm with public-key material, decided by
    ///   [`crate::jose::policy::hmac_confusion`].
    /// - `ERR_KEY_TYPE`: the key type does not fit the algorithm's family (the message
    ///   names both, e.g. "RS256 needs an RSA key; this is an EC P-256 key").
    /// - `ERR_KEY_CURVE`: the right type on the wrong curve.
    /// - `ERR_KEY_PRIVATE_REQUIRED`: signing with a public key.
    /// - `ERR_KEY_TOO_SMALL`: an RSA key under 2048 bits (RFC 7518 §3.3).
    /// - `ERR_KEY_USAGE`: the JWK's `alg` names another algorithm (RFC 7517 §4.4; the
    ///   message says when it is not even a registered one, like the "ES521" of a
    ///   well-known test key), its `use` is not `sig` (§4.2), or its `key_ops` lack
    ///   `verify` / `sign` (§4.3).
    pub fn check_for(&self, alg: Algorithm, op: KeyOp) -> Result<()> {
        if let Some(e) = crate::jose::policy::hmac_confusion(alg, self) {
            return Err(e);
        }
        if let Some(e) = self.type_error(alg) {
            return Err(e);
        }
        if op == KeyOp::Sign && matches!(self.material, KeyMaterial::Public(_)) {
            return Err(Error::new(
                ErrorKind::KeyPrivateRequired,
                format!(
                    "signing with {alg} needs a private key; this is {} public key",
                    self.short_kind().replacen(" key", "", 1)
                ),
            ));
        }
        if self.kind() == Kind::Rsa {
            let bits = self.bits().unwrap_or_default();
            if bits < MIN_RSA_BITS {
                return Err(Error::new(
                    ErrorKind::KeyTooSmall,
                    format!("this RSA key is {bits} bits; {alg} needs at least {MIN_RSA_BITS} (RFC 7518 §3.3)"),
                ));
            }
        }
        self.usage_error(alg, op).map_or(Ok(()), Err)
    }

    fn usage_error(&self, alg: Algorithm, op: KeyOp) -> Option<Error> {
        let usage = |message: String| Some(Error::new(ErrorKind::KeyUsage, message));
        if let Some(jwk_alg) = &self.jwk_alg {
            if jwk_alg != alg.name() {
                let unregistered = if Algorithm::parse(jwk_alg).is_err() {
                    ", which is not even a registered JWS signature algorithm"
                } else {
                    ""
                };
                return usage(format!(
                    "the JWK says alg {jwk_alg:?}{unregistered}, but the algorithm in use is {alg} (RFC 7517 §4.4)"
                ));
            }
        }
        if let Some(jwk_use) = &self.jwk_use {
            if jwk_use != "sig" {
                let meaning = if jwk_use == "enc" {
                    " (encryption)"
                } else {
                    ""
                };
                return usage(format!(
                    "the JWK's use is {jwk_use:?}{meaning}, not \"sig\": it is not meant for signatures (RFC 7517 §4.2)"
                ));
            }
        }
        if let Some(ops) = &self.key_ops {
            let needed = op.jwk_name();
            if !ops.iter().any(|o| o == needed) {
                return usage(format!(
                    "the JWK's key_ops [{}] do not include \"{needed}\" (RFC 7517 §4.3)",
                    ops.iter()
                        .map(|o| format!("{o:?}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
        }
        None
    }

    /// The JWK's `alg`, if it names a real algorithm this key's type and curve can do:
    /// the one algorithm such a key pins. `None` without `alg`, or when `alg` is not a
    /// registered algorithm or does not fit the key.
    pub fn jwk_single_algorithm(&self) -> Option<Algorithm> {
        let alg = Algorithm::parse(self.jwk_alg.as_deref()?).ok()?;
        self.type_error(alg).is_none().then_some(alg)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use crate::jose::key::{parse_key, SecretEncoding};

    /// RFC 7515 Appendix A.3.1 (P-256) with metadata.
    fn p256(extra: &str) -> Key {
        let text = format!(
            r#"{{"kty":"EC","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"{extra}}}"#
        );
        parse_key(&text, SecretEncoding::Utf8)
            .expect("P-256")
            .keys
            .remove(0)
    }

    fn secret(text: &str) -> Key {
        parse_key(text, SecretEncoding::Utf8)
            .expect("secret")
            .keys
            .remove(0)
    }

    #[test]
    fn describe_and_algorithms() {
        let key = p256(r#","kid":"abc""#);
        assert_eq!(key.describe(), "EC public key, P-256, JWK, kid \"abc\"");
        assert_eq!(key.kind_label(), "EC");
        assert_eq!(key.bits(), None);
        assert_eq!(key.usable_algorithms(), vec![Algorithm::ES256]);
        let s = secret("0123456789abcdef0123456789abcdef");
        assert_eq!(s.describe(), "HMAC secret, 32 bytes (256 bits), UTF-8");
        assert_eq!(s.bits(), Some(256));
        assert_eq!(s.kind_label(), "oct");
        assert_eq!(
            s.usable_algorithms(),
            vec![Algorithm::HS256, Algorithm::HS384, Algorithm::HS512]
        );
        assert!(s.public_key().is_none());
        assert_eq!(
            secret("x").describe(),
            "HMAC secret, 1 byte (8 bits), UTF-8"
        );
    }

    #[test]
    fn check_for_order_and_messages() {
        let key = p256("");
        let e = key
            .check_for(Algorithm::RS256, KeyOp::Verify)
            .expect_err("type");
        assert_eq!(e.kind(), ErrorKind::KeyType);
        assert_eq!(
            e.message(),
            "RS256 needs an RSA key; this is an EC P-256 key"
        );
        let e = key
            .check_for(Algorithm::ES384, KeyOp::Verify)
            .expect_err("curve");
        assert_eq!(e.kind(), ErrorKind::KeyCurve);
        let e = key
            .check_for(Algorithm::ES256, KeyOp::Sign)
            .expect_err("private");
        assert_eq!(e.kind(), ErrorKind::KeyPrivateRequired);
        assert!(key.check_for(Algorithm::ES256, KeyOp::Verify).is_ok());
        let e = key
            .check_for(Algorithm::HS256, KeyOp::Verify)
            .expect_err("confusion");
        assert_eq!(e.kind(), ErrorKind::AlgConfusion);
        assert!(e.message().contains("algorithm confusion"));
        let s = secret("k");
        assert!(s.check_for(Algorithm::HS256, KeyOp::Sign).is_ok());
    }

    #[test]
    fn jwk_usage_is_enforced() {
        let key = p256(r#","alg":"ES521""#);
        let e = key
            .check_for(Algorithm::ES256, KeyOp::Verify)
            .expect_err("alg");
        assert_eq!(e.kind(), ErrorKind::KeyUsage);
        assert!(e.message().contains("not even a registered"), "{e}");
        assert_eq!(key.jwk_single_algorithm(), None);
        let key = p256(r#","alg":"ES384""#);
        let e = key
            .check_for(Algorithm::ES256, KeyOp::Verify)
            .expect_err("alg");
        assert!(!e.message().contains("registered"));
        assert_eq!(key.jwk_single_algorithm(), None);
        let key = p256(r#","alg":"ES256""#);
        assert_eq!(key.jwk_single_algorithm(), Some(Algorithm::ES256));
        let key = p256(r#","use":"enc""#);
        let e = key
            .check_for(Algorithm::ES256, KeyOp::Verify)
            .expect_err("use");
        assert_eq!(e.kind(), ErrorKind::KeyUsage);
        let key = p256(r#","key_ops":["sign"]"#);
        let e = key
            .check_for(Algorithm::ES256, KeyOp::Verify)
            .expect_err("ops");
        assert_eq!(e.kind(), ErrorKind::KeyUsage);
        let key = p256(r#","key_ops":["verify"]"#);
        assert!(key.check_for(Algorithm::ES256, KeyOp::Verify).is_ok());
    }
}
