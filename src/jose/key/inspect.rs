//! The keys workshop's conversions: a key's RFC 7638 thumbprint and the same key in
//! every public form ([`key_forms`], in the page, whose module links these writers
//! already for the explainer), and a private key's private forms
//! ([`private_forms`], in the page's worker, given the key as its numbers
//! ([`super::PrivateParts`]) and answered with
//! [`crate::jose::report::key_forms_reply`]).

use zeroize::Zeroizing;

use super::export::{pkcs1_public_pem, pkcs8_pem, private_jwk, public_jwk, spki_pem, thumbprint};
use super::{Key, KeyMaterial};
use crate::jose::error::Result;
use crate::jose::json;

/// A form a key is written in: the page's `data-format` names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyForm {
    /// `-----BEGIN PUBLIC KEY-----` (SPKI, RFC 5280 §4.1.2.7).
    SpkiPem,
    /// `-----BEGIN RSA PUBLIC KEY-----` (PKCS#1, RFC 8017 Appendix A.1.1), RSA only.
    Pkcs1Pem,
    /// The public JWK (RFC 7517 §4).
    PublicJwk,
    /// `-----BEGIN PRIVATE KEY-----` (PKCS#8, RFC 5958), private keys only.
    Pkcs8Pem,
    /// The private JWK, private keys only.
    PrivateJwk,
    /// A public JWK Set (RFC 7517 §5).
    Jwks,
}

impl KeyForm {
    /// Every form.
    pub const ALL: [KeyForm; 6] = [
        KeyForm::SpkiPem,
        KeyForm::Pkcs1Pem,
        KeyForm::PublicJwk,
        KeyForm::Pkcs8Pem,
        KeyForm::PrivateJwk,
        KeyForm::Jwks,
    ];

    /// `spki-pem`, `pkcs1-pem`, `public-jwk`, `pkcs8-pem`, `private-jwk`, `jwks`.
    pub const fn name(self) -> &'static str {
        match self {
            KeyForm::SpkiPem => "spki-pem",
            KeyForm::Pkcs1Pem => "pkcs1-pem",
            KeyForm::PublicJwk => "public-jwk",
            KeyForm::Pkcs8Pem => "pkcs8-pem",
            KeyForm::PrivateJwk => "private-jwk",
            KeyForm::Jwks => "jwks",
        }
    }

    /// The form named `name` ([`KeyForm::name`]).
    pub fn from_name(name: &str) -> Option<KeyForm> {
        KeyForm::ALL.into_iter().find(|f| f.name() == name)
    }

    /// Whether the form holds private material.
    pub const fn is_private(self) -> bool {
        matches!(self, KeyForm::Pkcs8Pem | KeyForm::PrivateJwk)
    }
}

/// What the keys workshop's worker writes for one key (`Debug` shows no form's
/// text): its thumbprint and its forms.
#[derive(Clone, PartialEq, Eq)]
pub struct KeyForms {
    /// The RFC 7638 thumbprint; `None` for a secret, whose thumbprint would be a hash
    /// of the secret.
    pub thumbprint: Option<String>,
    /// The forms written, in [`KeyForm::ALL`] order (JWKs pretty-printed): the public
    /// ones, and the private ones when they were asked for.
    pub forms: Vec<(KeyForm, Zeroizing<String>)>,
    /// Why a form is missing, for people.
    pub problems: Vec<String>,
}

impl std::fmt::Debug for KeyForms {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let forms: Vec<&str> = self.forms.iter().map(|(form, _)| form.name()).collect();
        f.debug_struct("KeyForms")
            .field("thumbprint", &self.thumbprint)
            .field("forms", &forms)
            .field("problems", &self.problems)
            .finish()
    }
}

impl KeyForms {
    /// The text of `form`, if it was written.
    pub fn form(&self, form: KeyForm) -> Option<&str> {
        self.forms
            .iter()
            .find(|(f, _)| *f == form)
            .map(|(_, text)| text.as_str())
    }
}

/// The public forms of `key` and its RFC 7638 thumbprint: SPKI PEM, PKCS#1 PEM
/// (RSA) and the public JWK (with the key's `kid`, `use` and `alg`); a private key's
/// are its public key's. An HMAC secret gets none (it has no public form, and its
/// thumbprint would be a hash of the secret); a form that cannot be written is a
/// problem, not an error.
pub fn key_forms(key: &Key) -> KeyForms {
    let mut forms = Vec::new();
    let mut problems = Vec::new();
    if matches!(key.material, KeyMaterial::Secret(_)) {
        problems.push(
            "A shared secret has no public form, and its thumbprint would be a hash of the secret: nothing is shown."
                .into(),
        );
        return KeyForms {
            thumbprint: None,
            forms,
            problems,
        };
    }
    let mut write = |form: KeyForm, text: Result<String>| match text {
        Ok(text) => forms.push((form, Zeroizing::new(text))),
        Err(e) => problems.push(format!("No {}: {}", form.name(), e.message())),
    };
    write(KeyForm::SpkiPem, spki_pem(key));
    if let Some(pem) = pkcs1_public_pem(key) {
        write(KeyForm::Pkcs1Pem, Ok(pem));
    }
    write(
        KeyForm::PublicJwk,
        public_jwk(key).map(|j| json::pretty(&j)),
    );
    KeyForms {
        thumbprint: thumbprint(key).ok(),
        forms,
        problems,
    }
}

/// The private forms of a private key: PKCS#8 PEM and the private JWK (with the
/// key's `kid`, `use` and `alg`). The page's worker writes them, so the page's
/// module links no private-key writer.
///
/// # Errors
/// `ERR_KEY_PRIVATE_REQUIRED` for a public key, `ERR_KEY_TYPE` for a secret (as
/// [`pkcs8_pem`]); `ERR_KEY_ENCODING` if a form cannot be encoded.
pub fn private_forms(key: &Key) -> Result<KeyForms> {
    let pkcs8 = pkcs8_pem(key)?;
    let jwk = json::pretty(&private_jwk(key)?);
    Ok(KeyForms {
        thumbprint: None,
        forms: vec![
            (KeyForm::Pkcs8Pem, Zeroizing::new(pkcs8)),
            (KeyForm::PrivateJwk, Zeroizing::new(jwk)),
        ],
        problems: Vec::new(),
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use crate::jose::key::{generate_keypair, parse_key, KeyPairSpec, SecretEncoding};

    const RSA_KEY: &str = include_str!("../../../tests/e2e/fixtures/rsa.key.pem");
    const RSA_PUB: &str = include_str!("../../../tests/e2e/fixtures/rsa.pub.pem");

    fn names(i: &KeyForms) -> Vec<&'static str> {
        i.forms.iter().map(|(f, _)| f.name()).collect()
    }

    #[test]
    fn a_private_key_shows_its_public_forms_and_its_private_ones_only_when_asked() {
        let set = parse_key(RSA_KEY, SecretEncoding::Utf8).unwrap();
        let key = &set.keys[0];
        let public = key_forms(key);
        assert_eq!(names(&public), ["spki-pem", "pkcs1-pem", "public-jwk"]);
        assert_eq!(public.thumbprint, thumbprint(key).ok());
        assert_eq!(
            public.form(KeyForm::SpkiPem).map(str::trim),
            Some(RSA_PUB.trim()),
            "public key from private key"
        );
        let private = private_forms(key).unwrap();
        assert_eq!(names(&private), ["pkcs8-pem", "private-jwk"]);
        assert!(private
            .form(KeyForm::Pkcs8Pem)
            .unwrap()
            .starts_with("-----BEGIN PRIVATE KEY-----\n"));
        // Every form reads back as the same key.
        for (form, text) in public.forms.iter().chain(&private.forms) {
            let back = parse_key(text, SecretEncoding::Utf8).unwrap();
            assert!(back.keys[0].same_key_as(key), "{}", form.name());
            assert_eq!(back.keys[0].is_private(), form.is_private());
        }
        assert!(!format!("{private:?}").contains("PRIVATE"), "{private:?}");
    }

    #[test]
    fn a_secret_shows_nothing_and_a_public_key_has_no_private_forms() {
        let set = parse_key("a shared secret", SecretEncoding::Utf8).unwrap();
        let secret = key_forms(&set.keys[0]);
        assert!(secret.forms.is_empty() && secret.thumbprint.is_none());
        assert_eq!(secret.problems.len(), 1);
        assert_eq!(
            private_forms(&set.keys[0]).map_err(|e| e.code()),
            Err("ERR_KEY_TYPE")
        );
        let pair = generate_keypair(KeyPairSpec::Ed25519).unwrap();
        let public = parse_key(&pair.public_pem, SecretEncoding::Utf8).unwrap();
        let i = key_forms(&public.keys[0]);
        assert_eq!(names(&i), ["spki-pem", "public-jwk"]);
        assert_eq!(
            private_forms(&public.keys[0]).map_err(|e| e.code()),
            Err("ERR_KEY_PRIVATE_REQUIRED")
        );
        assert_eq!(i.thumbprint.as_deref(), Some(pair.kid.as_str()));
        for form in KeyForm::ALL {
            assert_eq!(KeyForm::from_name(form.name()), Some(form));
        }
    }
}
