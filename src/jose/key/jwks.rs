//! Writing a JWK Set to publish (RFC 7517 §5): the public JWKs of chosen keys, each
//! with the `kid`, `use` and `alg` its publisher gives it, and the one rule for kids
//! in a set: a `kid` names one key.
//!
//! The rule is the key selector's ([`crate::jose::policy::select_key`]) read the
//! other way round: a verifier given a set in which different keys share a `kid`
//! refuses to guess (`ERR_KEY_AMBIGUOUS`), so a set is not written that way; halves
//! of one key pair sharing a `kid` are one key there (`shared_kid`), and are one key
//! here (its public JWK is written once).

use serde_json::Value;

use super::export::public_jwk;
use super::Key;
use crate::jose::alg::Algorithm;
use crate::jose::error::{Error, ErrorKind, Result};

/// One key of a set being written, with what its publisher says about it.
#[derive(Debug, Clone, Copy)]
pub struct JwksMember<'a> {
    /// The key (a private key is written as its public half).
    pub key: &'a Key,
    /// Its `kid` (RFC 7517 §4.5); `None` writes none.
    pub kid: Option<&'a str>,
    /// Its `use` (`sig`, `enc`; RFC 7517 §4.2); `None` writes none.
    pub key_use: Option<&'a str>,
    /// Its `alg` (RFC 7517 §4.4): one of the key's [`Key::usable_algorithms`].
    pub alg: Option<Algorithm>,
}

/// Refuses a set in which one `kid` names different keys.
///
/// # Errors
/// `ERR_KEY_AMBIGUOUS` naming the kid and the two members (numbered from 1) when two
/// members that are not the same key ([`Key::same_key_as`]) have one `kid`;
/// `ERR_PARAMETER` for an empty `kid` (write none instead).
pub fn check_kids(members: &[JwksMember<'_>]) -> Result<()> {
    for (i, a) in members.iter().enumerate() {
        let Some(kid) = a.kid else { continue };
        if kid.is_empty() {
            return Err(Error::new(
                ErrorKind::Parameter,
                format!("key {} has an empty kid: give it one, or none", i + 1),
            ));
        }
        let clash = members
            .iter()
            .enumerate()
            .skip(i + 1)
            .find(|(_, b)| b.kid == Some(kid) && !a.key.same_key_as(b.key));
        if let Some((j, _)) = clash {
            return Err(Error::new(
                ErrorKind::KeyAmbiguous,
                format!(
                    "keys {} and {} are different keys with the same kid {kid:?}: a verifier could not tell which one a token means (kids must be unique in a JWK Set, RFC 7517 §4.5)",
                    i + 1,
                    j + 1
                ),
            ));
        }
    }
    Ok(())
}

/// The public JWK Set `{"keys": [...]}` of `members`, in order: each key's public
/// JWK ([`public_jwk`]) with the member's `kid`, `use` and `alg` in place of the
/// key's own. A member that repeats an earlier one (the same key with the same
/// `kid`, `use` and `alg`: the two halves of a key pair) is written once.
///
/// # Errors
/// As [`check_kids`]; `ERR_KEY_USAGE` for an `alg` the key cannot be used with;
/// `ERR_KEY_TYPE` for an HMAC secret, which has no public form.
pub fn public_jwks(members: &[JwksMember<'_>]) -> Result<Value> {
    check_kids(members)?;
    let mut keys: Vec<Value> = Vec::with_capacity(members.len());
    for (i, m) in members.iter().enumerate() {
        if let Some(alg) = m.alg {
            if !m.key.usable_algorithms().contains(&alg) {
                return Err(Error::new(
                    ErrorKind::KeyUsage,
                    format!("key {} cannot be used with {alg}", i + 1),
                ));
            }
        }
        let mut key = m.key.clone();
        key.kid = m.kid.map(str::to_string);
        key.jwk_use = m.key_use.map(str::to_string);
        key.jwk_alg = m.alg.map(|a| a.name().to_string());
        let jwk = public_jwk(&key)?;
        if !keys.contains(&jwk) {
            keys.push(jwk);
        }
    }
    Ok(serde_json::json!({ "keys": keys }))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use crate::jose::key::KeyOp;
    use crate::jose::key::{generate_keypair, parse_key, KeyPairSpec, SecretEncoding};
    use crate::jose::policy::{select_key, Selection};

    fn key(spec: KeyPairSpec) -> Key {
        generate_keypair(spec).unwrap().key
    }

    fn member<'a>(key: &'a Key, kid: &'a str) -> JwksMember<'a> {
        JwksMember {
            key,
            kid: Some(kid),
            key_use: Some("sig"),
            alg: None,
        }
    }

    #[test]
    fn different_keys_with_one_kid_are_refused_and_the_message_names_them() {
        let (a, b) = (key(KeyPairSpec::Ed25519), key(KeyPairSpec::Ed25519));
        let members = [member(&a, "k1"), member(&b, "k2"), member(&b, "k1")];
        let e = public_jwks(&members).unwrap_err();
        assert_eq!(e.code(), "ERR_KEY_AMBIGUOUS");
        assert!(e.message().contains("keys 1 and 3"), "{}", e.message());
        assert!(e.message().contains("\"k1\""), "{}", e.message());
        // Distinct kids: two keys written.
        let ok = public_jwks(&members[..2]).unwrap();
        assert_eq!(ok["keys"].as_array().unwrap().len(), 2);
        assert_eq!(ok["keys"][1]["kid"], "k2");
        assert!(ok["keys"][0].get("d").is_none(), "public only");
        // An empty kid is not a kid.
        let e = check_kids(&[member(&a, "")]).unwrap_err();
        assert_eq!(e.code(), "ERR_PARAMETER");
    }

    #[test]
    fn halves_of_one_key_pair_may_share_a_kid_as_the_selector_allows() {
        let pair = generate_keypair(KeyPairSpec::Ec(crate::jose::alg::Curve::P256)).unwrap();
        let public = parse_key(&pair.public_pem, SecretEncoding::Utf8).unwrap();
        let public = public.keys.first().unwrap();
        let members = [member(&pair.key, "pair"), member(public, "pair")];
        let jwks = public_jwks(&members).unwrap();
        let written = jwks["keys"].as_array().unwrap();
        assert_eq!(written.len(), 1, "one key, written once: {jwks}");
        assert_eq!(written[0]["kid"], "pair");
        // The selector reads the set so written, and a set holding both halves, alike.
        let both = format!(
            r#"{{"keys":[{},{}]}}"#,
            serde_json::to_string(&written[0]).unwrap(),
            serde_json::to_string(&written[0]).unwrap()
        );
        let set = parse_key(&both, SecretEncoding::Utf8).unwrap();
        let chosen = select_key(&set, Algorithm::ES256, Some("pair"), KeyOp::Verify).unwrap();
        assert_eq!(chosen.reason, Selection::SharedKid);
    }

    #[test]
    fn the_alg_must_be_one_the_key_can_use_and_is_written() {
        let ed = key(KeyPairSpec::Ed25519);
        let mut m = member(&ed, "e");
        m.alg = Some(Algorithm::RS256);
        assert_eq!(public_jwks(&[m]).unwrap_err().code(), "ERR_KEY_USAGE");
        m.alg = Some(Algorithm::EdDSA);
        m.key_use = None;
        let jwks = public_jwks(&[m]).unwrap();
        assert_eq!(jwks["keys"][0]["alg"], "EdDSA");
        assert!(jwks["keys"][0].get("use").is_none());
        // The written set reads back as the same key.
        let set = parse_key(&jwks.to_string(), SecretEncoding::Utf8).unwrap();
        assert!(set.keys[0].same_key_as(&ed));
    }
}
