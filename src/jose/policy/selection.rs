//! Which key of a set signs and which verifies (RFC 7515 §4.1.4, RFC 7517 §4.5): one
//! rule for both operations, with the reason it was chosen.

use crate::jose::alg::Algorithm;
use crate::jose::error::{Error, ErrorKind, Result};
use crate::jose::key::{Key, KeyMaterial, KeyOp, KeySet, KeySource};

use super::confusion::set_confusion;

/// Why a key was chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Selection {
    /// The user gave one key (not a set): it is the key, whatever the token says.
    Only,
    /// The token header's `kid` names it (and no other key with that kid fits).
    Kid,
    /// The `kid` is shared by halves of one key pair; the first that fits was taken.
    SharedKid,
    /// No `kid`: the first key of the set that fits the algorithm and operation.
    FirstFit,
}

impl Selection {
    /// `only`, `kid`, `shared_kid`, `first_fit` (the CLI's and the report's value).
    pub const fn as_str(self) -> &'static str {
        match self {
            Selection::Only => "only",
            Selection::Kid => "kid",
            Selection::SharedKid => "shared_kid",
            Selection::FirstFit => "first_fit",
        }
    }
}

/// A chosen key, where it sits in the set and why it was chosen.
#[derive(Debug, Clone, Copy)]
pub struct Selected<'a> {
    /// Index in [`KeySet::keys`].
    pub index: usize,
    /// The key.
    pub key: &'a Key,
    /// Why.
    pub reason: Selection,
}

impl Selected<'_> {
    /// The reason for people: "the only key given", "the token's kid \"a\"", "the first
    /// key of the set that can verify RS256"…
    pub fn explain(&self, alg: Algorithm, op: KeyOp) -> String {
        let kid = self.key.kid.as_deref().unwrap_or_default();
        match self.reason {
            Selection::Only => "the only key given".into(),
            Selection::Kid => format!("the token's kid {kid:?}"),
            Selection::SharedKid => {
                format!("the token's kid {kid:?} (halves of one key pair share it)")
            }
            Selection::FirstFit => format!(
                "the first key of the set that can {} {alg} (the token has no kid)",
                op.jwk_name()
            ),
        }
    }
}

/// Chooses the key of `keys` that does `op` with `alg` for a token whose header has
/// `kid`. Verification and signing (the page's sign mode and `jwtscope sign`) both
/// ask this function; nothing else picks a key.
///
/// - A single key (not a set) is always chosen: the user picked it. Whether it fits
///   is for [`Key::check_for`] to say, with a precise error.
/// - With a `kid` that one key has: that key, even if it does not fit (again,
///   `check_for` says why). If several keys share the `kid`, the first that passes
///   `check_for(alg, op)`, provided they are one key (halves of a pair).
/// - Without a `kid`: the first key that passes `check_for(alg, op)`. When several
///   pass, the first in set order is chosen; that is deliberate (a set without kids
///   gives no better rule) and [`candidates`] lists them all.
///
/// # Errors
/// `ERR_ALG_CONFUSION`: no key of the set can do an HMAC algorithm and the set holds
/// public-key material ([`set_confusion`]). `ERR_KEY_NOT_FOUND`: no key has the `kid` (the message lists the kids there are),
/// keys share the `kid` but none fits, or no key fits (the message says what each key
/// is and why it does not fit). `ERR_KEY_AMBIGUOUS`: different keys share the `kid`
/// and fit.
pub fn select_key<'a>(
    keys: &'a KeySet,
    alg: Algorithm,
    kid: Option<&str>,
    op: KeyOp,
) -> Result<Selected<'a>> {
    // A set with no key for an HMAC algorithm, but public-key material: the attack,
    // not a missing key.
    select(keys, alg, kid, op).map_err(|e| {
        let attack = candidates(keys, alg, op).is_empty();
        attack
            .then(|| set_confusion(alg, keys))
            .flatten()
            .unwrap_or(e)
    })
}

/// The `kid` a header names a key of `keys` by (RFC 7515 §4.1.4: a string). With a
/// set, a `kid` of another type names no key: it is refused, never read as no kid
/// (which would fall back to the first key that fits). A single key is not chosen
/// by kid, so there it is ignored, as PyJWT and jose ignore it.
///
/// # Errors
/// `ERR_KEY_NOT_FOUND` for a set and a `kid` that is not a string.
pub fn header_kid<'h>(
    header: Option<&'h serde_json::Map<String, serde_json::Value>>,
    keys: &KeySet,
) -> Result<Option<&'h str>> {
    match header.and_then(|h| h.get("kid")) {
        None => Ok(None),
        Some(serde_json::Value::String(kid)) => Ok(Some(kid)),
        Some(_) if keys.source == KeySource::Single => Ok(None),
        Some(other) => Err(Error::new(
            ErrorKind::KeyNotFound,
            format!(
                "the token's kid is {}, not a string (RFC 7515 §4.1.4): it names no key of the set",
                crate::jose::json::shown(other)
            ),
        )),
    }
}

fn select<'a>(
    keys: &'a KeySet,
    alg: Algorithm,
    kid: Option<&str>,
    op: KeyOp,
) -> Result<Selected<'a>> {
    let not_found = |message: String| Error::new(ErrorKind::KeyNotFound, message);
    let pick = |index: usize, reason: Selection| {
        keys.keys
            .get(index)
            .map(|key| Selected { index, key, reason })
            .ok_or_else(|| not_found("there is no key".into()))
    };
    if keys.source == KeySource::Single {
        return pick(0, Selection::Only);
    }
    let fits = |i: &usize| {
        keys.keys
            .get(*i)
            .is_some_and(|k| k.check_for(alg, op).is_ok())
    };
    if let Some(kid) = kid {
        let with_kid: Vec<usize> = (0..keys.keys.len())
            .filter(|&i| keys.keys.get(i).and_then(|k| k.kid.as_deref()) == Some(kid))
            .collect();
        return match with_kid.as_slice() {
            [] => Err(not_found(format!(
                "no key with kid {kid:?}; {}",
                kid_list(keys)
            ))),
            [only] => pick(*only, Selection::Kid),
            several => {
                let fitting: Vec<usize> = several.iter().copied().filter(|i| fits(i)).collect();
                let same = |i: usize, j: usize| match (keys.keys.get(i), keys.keys.get(j)) {
                    (Some(a), Some(b)) => a.same_key_as(b),
                    _ => false,
                };
                let one_key = fitting.windows(2).all(|w| same(w[0], w[1]));
                match fitting.as_slice() {
                    [] => Err(not_found(format!(
                        "{} keys have kid {kid:?} but none can {} {alg}: {}",
                        several.len(),
                        op.jwk_name(),
                        reasons(keys, alg, op, several)
                    ))),
                    // Halves of one key pair (a private and a public JWK) are one key;
                    // different keys of which only one fits: that one, by its kid.
                    [first, ..] if one_key => {
                        let halves = several.iter().all(|&i| same(i, *first));
                        let reason = if halves {
                            Selection::SharedKid
                        } else {
                            Selection::Kid
                        };
                        pick(*first, reason)
                    }
                    // RFC 7517 §4.5: kids should be unique; which key the token means
                    // would be a guess, and a guess is not verification.
                    _ => Err(Error::new(
                        ErrorKind::KeyAmbiguous,
                        format!(
                            "{} different keys of the set have kid {kid:?} and fit {alg}: which one is meant is ambiguous, so none is used (kids must be unique, RFC 7517 §4.5)",
                            fitting.len()
                        ),
                    )),
                }
            }
        };
    }
    match (0..keys.keys.len()).find(|i| fits(i)) {
        Some(i) => pick(i, Selection::FirstFit),
        None => {
            let all: Vec<usize> = (0..keys.keys.len()).collect();
            Err(not_found(format!(
                "no key in the set can {} {alg}: {}",
                op.jwk_name(),
                reasons(keys, alg, op, &all)
            )))
        }
    }
}

/// Whether a JWK Set mixes shared secrets with asymmetric keys: which kind applies
/// would be up to the token, so verification refuses such a set (split it).
pub fn mixed_set(keys: &KeySet) -> bool {
    let secrets = keys
        .keys
        .iter()
        .filter(|k| matches!(k.material, KeyMaterial::Secret(_)))
        .count();
    keys.source == KeySource::Jwks && secrets > 0 && secrets < keys.keys.len()
}

/// Indices of the keys that pass [`Key::check_for`]`(alg, op)`, in order: what an
/// explainer tries one by one.
pub fn candidates(keys: &KeySet, alg: Algorithm, op: KeyOp) -> Vec<usize> {
    keys.keys
        .iter()
        .enumerate()
        .filter(|(_, k)| k.check_for(alg, op).is_ok())
        .map(|(i, _)| i)
        .collect()
}

fn kid_list(keys: &KeySet) -> String {
    let kids: Vec<String> = keys
        .keys
        .iter()
        .filter_map(|k| k.kid.as_ref().map(|kid| format!("{kid:?}")))
        .collect();
    let without = keys.keys.len() - kids.len();
    match (kids.is_empty(), without) {
        (true, _) => "the set's keys have no kid".into(),
        (false, 0) => format!("the set has kids {}", kids.join(", ")),
        (false, n) => format!(
            "the set has kids {} (and {n} key{} without one)",
            kids.join(", "),
            if n == 1 { "" } else { "s" }
        ),
    }
}

/// Why each of the keys at `indices` does not fit `alg` (at most five).
fn reasons(keys: &KeySet, alg: Algorithm, op: KeyOp, indices: &[usize]) -> String {
    let mut parts: Vec<String> = indices
        .iter()
        .take(5)
        .filter_map(|&i| {
            let key = keys.keys.get(i)?;
            let why = key
                .check_for(alg, op)
                .err()
                .map(|e| e.message().to_string())
                .unwrap_or_else(|| "fits".into());
            Some(format!("key {i} ({}): {why}", key.describe()))
        })
        .collect();
    if indices.len() > 5 {
        parts.push(format!("and {} more", indices.len() - 5));
    }
    parts.join("; ")
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use crate::jose::key::{parse_key, SecretEncoding};

    fn set(members: &[&str]) -> KeySet {
        parse_key(
            &format!(r#"{{"keys":[{}]}}"#, members.join(",")),
            SecretEncoding::Utf8,
        )
        .expect("set")
    }

    fn index(keys: &KeySet, alg: Algorithm, kid: Option<&str>, op: KeyOp) -> Option<usize> {
        select_key(keys, alg, kid, op).map(|s| s.index).ok()
    }

    const EC_A: &str = r#"{"kty":"EC","crv":"P-256","kid":"a","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"}"#;
    /// RFC 7515 Appendix A.3.1: the private half of `EC_A`.
    const EC_A_PRIVATE: &str = r#"{"kty":"EC","crv":"P-256","kid":"a","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0","d":"jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI"}"#;
    const OCT_B: &str = r#"{"kty":"oct","kid":"b","k":"c2VjcmV0"}"#;
    const OCT_A: &str = r#"{"kty":"oct","kid":"a","k":"c2VjcmV0"}"#;

    #[test]
    fn duplicate_kid_is_ambiguous_unless_one_key() {
        let other = r#"{"kty":"oct","kid":"b","k":"b3RoZXI"}"#;
        let e = select_key(
            &set(&[OCT_B, other]),
            Algorithm::HS256,
            Some("b"),
            KeyOp::Verify,
        )
        .err();
        assert_eq!(e.map(|e| e.kind()), Some(ErrorKind::KeyAmbiguous));
        // The same secret twice under one kid is one key.
        let twice = set(&[OCT_B, OCT_B]);
        let same = select_key(&twice, Algorithm::HS256, Some("b"), KeyOp::Verify).expect("one");
        assert_eq!((same.index, same.reason), (0, Selection::SharedKid));
    }

    #[test]
    fn select_by_kid_and_by_type() {
        let keys = set(&[EC_A, OCT_B]);
        let v = KeyOp::Verify;
        assert_eq!(index(&keys, Algorithm::HS256, Some("b"), v), Some(1));
        assert_eq!(index(&keys, Algorithm::HS256, None, v), Some(1));
        assert_eq!(index(&keys, Algorithm::ES256, None, v), Some(0));
        // The kid wins even when the key does not fit: check_for then says why.
        assert_eq!(index(&keys, Algorithm::HS256, Some("a"), v), Some(0));
        let e = select_key(&keys, Algorithm::HS256, Some("zz"), v).expect_err("no kid");
        assert_eq!(e.kind(), ErrorKind::KeyNotFound);
        assert_eq!(
            e.message(),
            "no key with kid \"zz\"; the set has kids \"a\", \"b\""
        );
        let e = select_key(&keys, Algorithm::RS256, None, v).expect_err("no type");
        assert_eq!(e.kind(), ErrorKind::KeyNotFound);
        assert!(e.message().contains("RS256 needs an RSA key"), "{e}");
        assert_eq!(candidates(&keys, Algorithm::ES256, v), vec![0]);
    }

    #[test]
    fn shared_kid_prefers_the_fitting_key() {
        let keys = set(&[EC_A, OCT_A]);
        let v = KeyOp::Verify;
        assert_eq!(index(&keys, Algorithm::HS256, Some("a"), v), Some(1));
        assert_eq!(index(&keys, Algorithm::ES256, Some("a"), v), Some(0));
        let e = select_key(&keys, Algorithm::RS256, Some("a"), v).expect_err("none fits");
        assert_eq!(e.kind(), ErrorKind::KeyNotFound);
    }

    #[test]
    fn single_key_is_always_chosen() {
        let keys = parse_key(EC_A, SecretEncoding::Utf8).expect("one");
        let s = select_key(&keys, Algorithm::RS256, Some("other"), KeyOp::Sign).expect("only");
        assert_eq!((s.index, s.reason), (0, Selection::Only));
        assert_eq!(
            s.explain(Algorithm::RS256, KeyOp::Sign),
            "the only key given"
        );
    }

    /// Signing takes the key that can sign: in a published set beside its private
    /// half, the public JWK comes first and cannot sign.
    #[test]
    fn signing_skips_public_keys() {
        let keys = set(&[EC_A, EC_A_PRIVATE]);
        let sign = select_key(&keys, Algorithm::ES256, None, KeyOp::Sign).expect("private");
        assert_eq!((sign.index, sign.reason), (1, Selection::FirstFit));
        assert_eq!(
            sign.explain(Algorithm::ES256, KeyOp::Sign),
            "the first key of the set that can sign ES256 (the token has no kid)"
        );
        let verify = select_key(&keys, Algorithm::ES256, None, KeyOp::Verify).expect("public");
        assert_eq!(verify.index, 0);
        // Both halves share kid "a": one key, and signing takes the private half.
        let by_kid = select_key(&keys, Algorithm::ES256, Some("a"), KeyOp::Sign).expect("kid");
        assert_eq!((by_kid.index, by_kid.reason), (1, Selection::SharedKid));
        let e = select_key(&set(&[EC_A]), Algorithm::ES256, None, KeyOp::Sign)
            .expect_err("public only");
        assert!(e.message().contains("can sign ES256"), "{e}");
        assert!(e.message().contains("needs a private key"), "{e}");
    }
}
