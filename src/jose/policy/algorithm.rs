//! Which algorithm verification (and signing) is pinned to, and why (RFC 8725 §3.1:
//! the algorithm is never taken from the token alone).

use std::fmt;

use crate::jose::alg::Algorithm;
use crate::jose::error::{Error, ErrorKind};
use crate::jose::key::{Key, KeyOp, KeySet, KeySource};

use super::confusion::set_confusion;

/// Where the pinned algorithm came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AlgSource {
    /// The user chose it: `--alg`, the page's selector, or an explicit action.
    User,
    /// The key names it: a JWK `alg`, or the only algorithm its type and curve allow.
    Key,
    /// The token header names it, and the key allows it.
    Header,
}

impl AlgSource {
    /// For people: `as chosen`, `named by the key`, `from the token header, allowed by
    /// the key` (the page's hint beside the selector, the CLI's `algorithm` line).
    pub const fn describe(self) -> &'static str {
        match self {
            AlgSource::User => "as chosen",
            AlgSource::Key => "named by the key",
            AlgSource::Header => "from the token header, allowed by the key",
        }
    }

    /// `user`, `key`, `header` (the report's `alg_source`).
    pub const fn as_str(self) -> &'static str {
        match self {
            AlgSource::User => "user",
            AlgSource::Key => "key",
            AlgSource::Header => "header",
        }
    }
}

/// A pinned algorithm and its source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct AlgChoice {
    /// The algorithm.
    pub alg: Algorithm,
    /// Where it came from.
    pub source: AlgSource,
}

impl fmt::Display for AlgChoice {
    /// "RS256, from the token header, allowed by the key".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}, {}", self.alg, self.source.describe())
    }
}

/// The algorithms a key allows: its JWK `alg` when that names one it can do, else
/// every algorithm its type and curve can do.
pub fn key_allows(key: &Key) -> Vec<Algorithm> {
    match key.jwk_single_algorithm() {
        Some(alg) => vec![alg],
        None => key.usable_algorithms(),
    }
}

/// The algorithms `key` allows for `op`: [`key_allows`], and for signing only those
/// it can sign with ([`Key::check_for`]: a public key signs nothing).
fn allows_for(key: &Key, op: KeyOp) -> Vec<Algorithm> {
    let mut algs = key_allows(key);
    if op == KeyOp::Sign {
        algs.retain(|&alg| key.check_for(alg, KeyOp::Sign).is_ok());
    }
    algs
}

/// Whether some key of `keys` (limited to those with `kid`, when any has it) allows
/// `alg` for `op`: what a user's choice or a header's algorithm is checked against.
pub fn set_allows(keys: &KeySet, alg: Algorithm, kid: Option<&str>, op: KeyOp) -> bool {
    allowed(keys, kid, op).iter().any(|a| a.contains(&alg))
}

/// What each key the algorithm rule looks at allows for `op` ([`allows_for`]),
/// computed once per decision. The keys: the one the user gave; in a set, those the
/// token's `kid` names (all of them when none has it, so an unknown kid is reported
/// by key selection, not here); for signing, only keys that can sign.
fn allowed(keys: &KeySet, kid: Option<&str>, op: KeyOp) -> Vec<Vec<Algorithm>> {
    let by_kid = keys.source == KeySource::Jwks
        && kid.is_some_and(|kid| keys.keys.iter().any(|k| k.kid.as_deref() == Some(kid)));
    keys.keys
        .iter()
        .filter(|k| !by_kid || k.kid.as_deref() == kid)
        .map(|k| allows_for(k, op))
        .filter(|algs| op == KeyOp::Verify || !algs.is_empty())
        .collect()
}

/// Pins the algorithm. The one rule, used by verification, by the page (selector and
/// sign mode) and by the CLI:
///
/// 1. the user's algorithm (`user`), when given;
/// 2. else the one the key names: every considered key names the same single
///    algorithm (a JWK `alg`, or a curve that allows one: P-256 → ES256, Ed25519 →
///    EdDSA);
/// 3. else the header's `alg`, only when a considered key allows it: within the key's
///    family, never across families;
/// 4. else, for signing ([`KeyOp::Sign`]: a token being made, not one being
///    checked), the first algorithm the key allows (RS256 for an RSA key, HS256 for a
///    secret); for verification, none. `none` is never an [`Algorithm`].
///
/// Without a key, the header's algorithm is taken for display (there is nothing to
/// verify with; verification says so). For signing, only keys that can sign count.
///
/// # Errors
/// - `ERR_ALG_MISMATCH`: the header names an algorithm no considered key allows; when
///   that is an HMAC algorithm and the keys are public-key material, the message names
///   algorithm confusion (RFC 8725 §2.1).
/// - `ERR_ALG_REQUIRED`: nothing names an algorithm the key allows (e.g. an RSA key,
///   which allows six, and a token without `alg`).
/// - `ERR_KEY_NOT_FOUND`: a key set with no key (for signing: no key that can sign).
pub fn choose_alg(
    user: Option<Algorithm>,
    keys: Option<&KeySet>,
    header: Option<Algorithm>,
    kid: Option<&str>,
    op: KeyOp,
) -> Result<AlgChoice, Error> {
    let choice = |alg, source| Ok(AlgChoice { alg, source });
    if let Some(alg) = user {
        return choice(alg, AlgSource::User);
    }
    let Some(keys) = keys else {
        return match header {
            Some(alg) => choice(alg, AlgSource::Header),
            None => Err(required("the token names no algorithm")),
        };
    };
    let allowed = allowed(keys, kid, op);
    if allowed.is_empty() {
        let what = if op == KeyOp::Sign {
            "no key of the set can sign"
        } else {
            "the key set is empty"
        };
        return Err(Error::new(ErrorKind::KeyNotFound, what));
    }
    let mut named = allowed.iter().map(|algs| match algs.as_slice() {
        [only] => Some(*only),
        _ => None,
    });
    if let Some(Some(first)) = named.next() {
        if named.all(|a| a == Some(first)) {
            return choice(first, AlgSource::Key);
        }
    }
    if let Some(alg) = header.filter(|alg| allowed.iter().any(|algs| algs.contains(alg))) {
        return choice(alg, AlgSource::Header);
    }
    if op == KeyOp::Sign {
        let first = allowed.iter().find_map(|algs| algs.first().copied());
        if let Some(alg) = first {
            return choice(alg, AlgSource::Key);
        }
    }
    match header {
        Some(alg) => {
            let allowed = allowed_list(&allowed);
            let why = match set_confusion(alg, keys) {
                Some(_) => ": an HMAC token checked against public-key material — if it was MAC'd with this key's text it is a forgery by algorithm confusion (RFC 8725 §2.1), never accept it",
                None => "",
            };
            Err(Error::new(
                ErrorKind::AlgMismatch,
                format!("the token says {alg}, but the key allows only {allowed}{why}"),
            ))
        }
        None => Err(required(&format!(
            "the token names no algorithm and the key allows {}",
            allowed_list(&allowed)
        ))),
    }
}

fn required(why: &str) -> Error {
    Error::new(
        ErrorKind::AlgRequired,
        format!(
            "choose the algorithm to verify with ({why}): it is never taken from the token alone"
        ),
    )
}

fn allowed_list(allowed: &[Vec<Algorithm>]) -> String {
    let mut algs: Vec<Algorithm> = Vec::new();
    for key_algs in allowed {
        for &alg in key_algs {
            if !algs.contains(&alg) {
                algs.push(alg);
            }
        }
    }
    if algs.is_empty() {
        return "no JWS algorithm".into();
    }
    algs.iter().map(|a| a.name()).collect::<Vec<_>>().join(", ")
}

/// The single algorithm a key names: its JWK `alg` (when it fits), else its only
/// usable algorithm (EC and Ed25519 keys), else `None` (RSA keys and secrets allow
/// several).
pub fn key_names(key: &Key) -> Option<Algorithm> {
    match key_allows(key).as_slice() {
        [only] => Some(*only),
        _ => None,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use crate::jose::key::{parse_key, SecretEncoding};

    const EC: &str = r#"{"kty":"EC","crv":"P-256","kid":"e","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"}"#;
    const OCT: &str = r#"{"kty":"oct","kid":"s","k":"c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0"}"#;
    const OCT_HS384: &str =
        r#"{"kty":"oct","kid":"t","alg":"HS384","k":"c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0"}"#;

    fn keys(text: &str) -> KeySet {
        parse_key(text, SecretEncoding::Utf8).expect("key")
    }

    fn chosen(
        user: Option<Algorithm>,
        keys: Option<&KeySet>,
        header: Option<Algorithm>,
        kid: Option<&str>,
    ) -> Result<(Algorithm, AlgSource), ErrorKind> {
        choose_alg(user, keys, header, kid, KeyOp::Verify)
            .map(|c| (c.alg, c.source))
            .map_err(|e| e.kind())
    }

    #[test]
    fn the_order_of_the_rule() {
        use Algorithm::*;
        let secret = keys("a shared secret");
        let ec = keys(EC);
        // 1. the user's choice, whatever the key and header say.
        assert_eq!(
            chosen(Some(HS512), Some(&ec), Some(ES256), None),
            Ok((HS512, AlgSource::User))
        );
        // 2. the key names one.
        assert_eq!(
            chosen(None, Some(&ec), Some(RS256), None),
            Ok((ES256, AlgSource::Key))
        );
        assert_eq!(
            chosen(None, Some(&keys(OCT_HS384)), Some(HS256), None),
            Ok((HS384, AlgSource::Key))
        );
        // 3. the header's, within what the key allows.
        assert_eq!(
            chosen(None, Some(&secret), Some(HS384), None),
            Ok((HS384, AlgSource::Header))
        );
        // never across families.
        assert_eq!(
            chosen(None, Some(&secret), Some(RS256), None),
            Err(ErrorKind::AlgMismatch)
        );
        // nothing to go on.
        assert_eq!(
            chosen(None, Some(&secret), None, None),
            Err(ErrorKind::AlgRequired)
        );
        // no key: the header's, for display.
        assert_eq!(
            chosen(None, None, Some(PS256), None),
            Ok((PS256, AlgSource::Header))
        );
    }

    #[test]
    fn a_set_is_narrowed_by_kid() {
        use Algorithm::*;
        let set = keys(&format!(r#"{{"keys":[{EC},{OCT},{OCT_HS384}]}}"#));
        assert_eq!(
            chosen(None, Some(&set), Some(HS256), Some("e")),
            Ok((ES256, AlgSource::Key))
        );
        assert_eq!(
            chosen(None, Some(&set), Some(HS256), Some("t")),
            Ok((HS384, AlgSource::Key))
        );
        assert_eq!(
            chosen(None, Some(&set), Some(HS512), Some("s")),
            Ok((HS512, AlgSource::Header))
        );
        // No kid: the keys disagree, so the header's, when a key allows it.
        assert_eq!(
            chosen(None, Some(&set), Some(ES256), None),
            Ok((ES256, AlgSource::Header))
        );
        assert!(set_allows(&set, HS256, None, KeyOp::Verify));
        assert!(!set_allows(&set, HS256, Some("e"), KeyOp::Verify));
    }

    #[test]
    fn an_hmac_header_against_a_public_key_names_the_attack() {
        let ec = keys(EC);
        let e = choose_alg(None, Some(&ec), Some(Algorithm::HS256), None, KeyOp::Verify)
            .expect("ES256");
        assert_eq!(e.alg, Algorithm::ES256);
        let rsa = keys(include_str!("../../../tests/e2e/fixtures/rsa.pub.pem"));
        let e = choose_alg(
            None,
            Some(&rsa),
            Some(Algorithm::HS256),
            None,
            KeyOp::Verify,
        )
        .expect_err("refused");
        assert_eq!(e.kind(), ErrorKind::AlgMismatch);
        assert!(e.message().contains("algorithm confusion"), "{e}");
        assert!(e.message().contains("RS256, RS384"), "{e}");
        // A public key signs nothing: no algorithm is pinned for signing.
        let e = choose_alg(None, Some(&rsa), Some(Algorithm::HS256), None, KeyOp::Sign)
            .expect_err("cannot sign");
        assert_eq!(e.kind(), ErrorKind::KeyNotFound);
        // Signing a new token with its private half: the key's first algorithm, never
        // the header's HS256.
        let private = keys(include_str!("../../../tests/e2e/fixtures/rsa.key.pem"));
        let c = choose_alg(
            None,
            Some(&private),
            Some(Algorithm::HS256),
            None,
            KeyOp::Sign,
        )
        .expect("RS256");
        assert_eq!((c.alg, c.source), (Algorithm::RS256, AlgSource::Key));
    }

    #[test]
    fn display_says_where_it_came_from() {
        let c = AlgChoice {
            alg: Algorithm::RS256,
            source: AlgSource::Header,
        };
        assert_eq!(
            c.to_string(),
            "RS256, from the token header, allowed by the key"
        );
    }
}
