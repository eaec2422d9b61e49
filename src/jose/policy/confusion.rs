//! What counts as algorithm confusion (RFC 8725 §2.1).
//!
//! The page, the CLI, verification and signing all ask these functions; none of
//! them repeats the rule.

use crate::jose::alg::{Algorithm, Family};
use crate::jose::error::{Error, ErrorKind};
use crate::jose::key::{Key, KeyMaterial, KeySet};

/// The algorithm-confusion rule (RFC 8725 §2.1 and §3.1): public-key material is
/// never an HMAC secret.
///
/// For an HMAC algorithm, refuses
/// - an asymmetric key (public or private: a private key holds the public one), and
/// - a secret whose bytes are key material in any form the key recogniser knows:
///   PEM text (LF or CRLF), a JWK or JWK Set as JSON, a JSON array of JWKs, an
///   OpenSSH line, bare base64 DER, or raw DER reached through a base64 or hex
///   secret encoding.
///
/// An attacker who holds a server's public key can MAC a token with it; a verifier
/// that lets that key act as an HMAC secret accepts the forgery. Other algorithms
/// are not concerned: the answer is `None`.
///
/// # Errors
/// Returns the refusal (`ERR_ALG_CONFUSION`, naming the attack) rather than a
/// `Result`, so callers decide whether it is a verdict (verification) or an error
/// (signing).
pub fn hmac_confusion(alg: Algorithm, key: &Key) -> Option<Error> {
    if alg.family() != Family::Hmac {
        return None;
    }
    let what = match &key.material {
        KeyMaterial::Secret(secret) => {
            let material = secret.key_material()?;
            format!("a secret whose bytes are {material}")
        }
        KeyMaterial::Public(_) | KeyMaterial::Private(_) => key.describe(),
    };
    Some(Error::new(
        ErrorKind::AlgConfusion,
        format!(
            "{alg} with {what}: public-key material is never an HMAC secret — a token MAC'd with a public key is a forgery by algorithm confusion (RFC 8725 §2.1); refused"
        ),
    ))
}

/// [`hmac_confusion`] for a key set: the refusal for the first key of `keys` that is
/// public-key material under `alg`, if any. Used where verification has no single key
/// to blame (no key of the set fits, or the header's algorithm is not the pinned one).
pub fn set_confusion(alg: Algorithm, keys: &KeySet) -> Option<Error> {
    keys.keys.iter().find_map(|key| hmac_confusion(alg, key))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use crate::jose::key::{parse_key, SecretEncoding};

    #[test]
    fn only_hmac_is_concerned() {
        let set = parse_key(
            "MCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=",
            SecretEncoding::Utf8,
        )
        .expect("bare SPKI");
        let key = &set.keys[0];
        assert!(hmac_confusion(Algorithm::EdDSA, key).is_none());
        let e = hmac_confusion(Algorithm::HS256, key).expect("refused");
        assert_eq!(e.code(), "ERR_ALG_CONFUSION");
        assert!(e.message().contains("algorithm confusion"), "{e}");
    }

    #[test]
    fn secrets_that_are_keys() {
        let hex = "302a300506032b657003210019bf44096984cdfe8541bac167dc3b96c85086aa30b6b6cb0c5c38ad703166e1";
        let set = parse_key(hex, SecretEncoding::Hex).expect("a hex secret");
        let e = hmac_confusion(Algorithm::HS256, &set.keys[0]).expect("refused");
        assert!(e.message().contains("SPKI"), "{e}");
        let set = parse_key("a perfectly ordinary secret", SecretEncoding::Utf8).expect("secret");
        assert!(hmac_confusion(Algorithm::HS512, &set.keys[0]).is_none());
    }
}
