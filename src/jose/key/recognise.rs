//! What a pasted key text is, before anything reads it as a key.
//!
//! This is the one place that decides whether text is key material or an HMAC
//! secret. Every form a person might paste is recognised, in this order:
//!
//! 1. PEM armour, intact or damaged (RFC 7468): `-----BEGIN …`.
//! 2. JSON: an object (a JWK, RFC 7517 §4, or a JWK Set, §5), or an array whose
//!    members name a `kty` (a JWK Set pasted without its `{"keys": …}` wrapper).
//! 3. An OpenSSH public key line (`ssh-rsa AAAA…`, RFC 4253 §6.6; `ecdsa-sha2-*`,
//!    RFC 5656 §3.1; `ssh-ed25519`, RFC 8709 §4), or another OpenSSH key type,
//!    which is refused by name rather than taken as a secret.
//! 4. Bare base64 or base64url DER, wrapped or not: the body of a PEM without its
//!    armour lines (how Keycloak and other consoles show realm keys), an `x5c`
//!    certificate entry, a DER file through `base64`. SPKI, PKCS#1, PKCS#8, SEC1
//!    and X.509 are recognised by their structure; DER that starts like a key (a
//!    SEQUENCE naming a key algorithm) but does not parse is still key material.
//!
//! Only text that is none of these is an HMAC secret. The same recogniser answers
//! [`public_key_material`], which the confusion rule
//! ([`crate::jose::policy::hmac_confusion`]) applies to a secret's bytes: text or
//! decoded bytes that are key material never reach HMAC as a secret.
//!
//! Work is linear in the text: one pass per check, no backtracking, DER parsed once
//! by the `der` crate's bounded readers.

use super::asn1;
use super::ssh;
use crate::jose::b64;

/// What a key text is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Form {
    /// PEM armour (possibly damaged).
    Pem,
    /// A JSON object: a JWK or a JWK Set.
    JsonObject,
    /// A JSON array of JWKs (a JWK Set without its wrapper).
    JwkArray,
    /// An OpenSSH public key line.
    OpenSsh,
    /// Base64 DER without PEM armour: the decoded bytes and the PEM label whose
    /// structure they fit, or `None` when they start like a key and fit none.
    BareDer(Vec<u8>, Option<&'static str>),
    /// None of the above: an HMAC secret.
    Secret,
}

/// The shortest base64 text read as bare DER: an Ed25519 SPKI, the smallest key
/// structure there is, is 44 bytes (60 characters).
const MIN_BARE_DER_CHARS: usize = 56;

/// Recognises `text` (already free of a byte-order mark).
pub(super) fn recognise(text: &str) -> Form {
    if super::pem::looks_like_pem(text) {
        return Form::Pem;
    }
    let trimmed = text.trim();
    if trimmed.starts_with('{') {
        return Form::JsonObject;
    }
    // A JSON array is a JWK Set only when it is about keys; `[1]` stays a secret.
    if trimmed.starts_with('[') && trimmed.contains("\"kty\"") {
        return Form::JwkArray;
    }
    if ssh::looks_like_openssh(trimmed) {
        return Form::OpenSsh;
    }
    if let Some(der) = bare_der(trimmed) {
        let label = asn1::sniff(&der);
        if label.is_some() || starts_like_a_key(&der) {
            return Form::BareDer(der, label);
        }
    }
    Form::Secret
}

/// Base64 or base64url text (line breaks and spaces allowed, padding optional)
/// whose bytes start with a DER SEQUENCE, decoded; `None` for anything else.
fn bare_der(text: &str) -> Option<Vec<u8>> {
    // A DER SEQUENCE of any key size starts with 0x30 0x8x or 0x30 0x4x-0x7x:
    // in base64, 'M' and then a letter. Cheap to refuse everything else early.
    if !text.starts_with('M') || text.len() < MIN_BARE_DER_CHARS {
        return None;
    }
    let mut compact = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            'A'..='Z' | 'a'..='z' | '0'..='9' | '-' | '_' => compact.push(c),
            '+' => compact.push('-'),
            '/' => compact.push('_'),
            '=' => {}
            c if c.is_whitespace() => {}
            _ => return None,
        }
    }
    let der = b64::decode_url_relaxed(&compact).ok()?;
    (der.first() == Some(&0x30)).then_some(der)
}

/// DER OIDs (tag, length, value) of the key algorithms: rsaEncryption (RFC 8017
/// Appendix A.1), id-RSASSA-PSS (A.2.3), id-ecPublicKey (RFC 5480 §2.1.1),
/// id-Ed25519 (RFC 8410 §3).
const KEY_ALGORITHM_OIDS: [&[u8]; 4] = [
    &[
        0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01,
    ],
    &[
        0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0a,
    ],
    &[0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01],
    &[0x06, 0x03, 0x2b, 0x65, 0x70],
];

/// A DER SEQUENCE that names a key algorithm within its first bytes: damaged or
/// truncated key DER, which is still key material and never a secret. Only the
/// first 64 bytes are searched (SPKI and PKCS#8 name the algorithm there; a
/// certificate that `sniff` did not accept is not searched further).
fn starts_like_a_key(der: &[u8]) -> bool {
    let head = &der[..der.len().min(64)];
    KEY_ALGORITHM_OIDS
        .iter()
        .any(|oid| head.windows(oid.len()).any(|w| w == *oid))
}

/// What a secret's bytes would be as key material, if they are key material in
/// any form [`recognise`] knows (as text), or DER of a key structure (as bytes):
/// e.g. `Some("an SPKI public key (DER)")`. `None` for bytes that are no key.
pub(crate) fn public_key_material(bytes: &[u8]) -> Option<&'static str> {
    if let Ok(text) = std::str::from_utf8(bytes) {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        match recognise(text) {
            Form::Pem => return Some("PEM key text"),
            Form::JsonObject if text.contains("\"kty\"") => return Some("a JWK or JWK Set"),
            Form::JwkArray => return Some("a JSON array of JWKs"),
            Form::OpenSsh => return Some("an OpenSSH public key line"),
            Form::BareDer(..) => return Some("a base64 DER key without PEM armour"),
            Form::JsonObject | Form::Secret => {}
        }
    }
    if bytes.first() == Some(&0x30) {
        if let Some(label) = asn1::sniff(bytes) {
            return Some(match label {
                "PUBLIC KEY" => "an SPKI public key (DER)",
                "RSA PUBLIC KEY" => "a PKCS#1 RSA public key (DER)",
                "CERTIFICATE" => "an X.509 certificate (DER)",
                "PRIVATE KEY" => "a PKCS#8 private key (DER)",
                "RSA PRIVATE KEY" => "a PKCS#1 RSA private key (DER)",
                _ => "a SEC1 EC private key (DER)",
            });
        }
        if starts_like_a_key(bytes) {
            return Some("DER key material");
        }
    }
    None
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    const SPKI_ED25519: &str = "MCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=";

    #[test]
    fn forms() {
        assert_eq!(recognise("-----BEGIN PUBLIC KEY-----\n"), Form::Pem);
        assert_eq!(recognise(" {\"kty\":\"oct\"}"), Form::JsonObject);
        assert_eq!(recognise("[{\"kty\":\"RSA\"}]"), Form::JwkArray);
        assert_eq!(recognise("[1]"), Form::Secret);
        assert_eq!(
            recognise("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAA x"),
            Form::OpenSsh
        );
        assert_eq!(recognise("secret"), Form::Secret);
        assert!(matches!(
            recognise(SPKI_ED25519),
            Form::BareDer(_, Some("PUBLIC KEY"))
        ));
    }

    #[test]
    fn bare_der_wrapped_and_url_safe() {
        let wrapped = format!("{}\n{}\r\n", &SPKI_ED25519[..30], &SPKI_ED25519[30..]);
        assert!(matches!(recognise(&wrapped), Form::BareDer(_, Some(_))));
        let url = SPKI_ED25519.replace('+', "-").replace('/', "_");
        assert!(matches!(recognise(&url), Form::BareDer(_, Some(_))));
    }

    #[test]
    fn truncated_key_der_is_still_key_material() {
        // 48 of the 60 characters: the OID is there, the key is cut.
        let rsa_head = "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAu1SU1LfVLPHCozMxH2Mo";
        assert!(matches!(recognise(rsa_head), Form::BareDer(_, None)));
    }

    #[test]
    fn random_base64_is_a_secret() {
        // 'M' then a letter, 64 characters, but no key structure and no key OID.
        let text = "MAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
        assert_eq!(recognise(text), Form::Secret);
        assert_eq!(public_key_material(text.as_bytes()), None);
    }

    #[test]
    fn material_in_bytes() {
        let der = b64::decode_any(SPKI_ED25519).expect("base64");
        assert_eq!(public_key_material(&der), Some("an SPKI public key (DER)"));
        assert!(public_key_material(SPKI_ED25519.as_bytes()).is_some());
        assert!(public_key_material(b"{\"kty\":\"EC\"}").is_some());
        assert_eq!(public_key_material(b"{\"a\":1}"), None);
        assert_eq!(public_key_material(b"your-256-bit-secret"), None);
        assert_eq!(public_key_material(&[0xff, 0x30]), None);
    }
}
