//! The algorithm rule (`policy::choose_alg`), key selection (`policy::select_key`),
//! verification and the page's state machine, from an adversarial review of issue
//! 9's change (at e8dad82). `sound_*` tests pin behaviour that must not regress;
//! `finding_*` tests failed there and pass since the fixes (signing considers only
//! keys that can sign; `shared_kid` only for halves of one pair; an empty set pins
//! nothing; the page's selector shows what verification pinned).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use jwtscope::app::{AlgSource as PageAlgSource, KeyState, Msg, State};
use jwtscope::jose::alg::Algorithm;
use jwtscope::jose::claims::ClaimsOptions;
use jwtscope::jose::decode::decode_unverified;
use jwtscope::jose::key::{parse_key, KeyOp, KeySet, Secret, SecretEncoding};
use jwtscope::jose::policy::{self, AlgSource, Selection};
use jwtscope::jose::sign::sign;
use jwtscope::jose::verify::{verify, SignatureVerdict, Verification, VerifyOptions};
use jwtscope::jose::ErrorKind;

const NOW: i64 = 1_700_000_000;
const RSA_PRIVATE: &str = include_str!("e2e/fixtures/rsa.key.pem");
const RSA_PUBLIC_PEM: &str = include_str!("e2e/fixtures/rsa.pub.pem");
const RSA_JWK: &str = include_str!("e2e/fixtures/rsa.jwk.json"); // kid "rsa-1"
const EC_JWK: &str = include_str!("e2e/fixtures/ec.jwk.json"); // kid "ec-1"

/// RFC 7515 Appendix A.3.1's P-256 key (public).
const X: &str = "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU";
const Y: &str = "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0";

fn keys(text: &str) -> KeySet {
    parse_key(text, SecretEncoding::Utf8).unwrap_or_else(|e| panic!("{e}"))
}

fn rsa_private() -> jwtscope::jose::key::Key {
    keys(RSA_PRIVATE).keys.remove(0)
}

fn rsa_jwk_with(extra: &str) -> String {
    let t = RSA_JWK.trim();
    format!("{}{extra}}}", &t[..t.len() - 1])
}

fn token(header: &str, alg: Algorithm) -> String {
    sign(header, r#"{"sub":"x"}"#, alg, &rsa_private())
        .unwrap()
        .token
}

fn check(token: &str, set: &KeySet) -> Verification {
    verify(
        &decode_unverified(token),
        Some(set),
        &VerifyOptions {
            alg: None,
            claims: ClaimsOptions {
                now: NOW,
                ..Default::default()
            },
        },
    )
}

fn code(v: &SignatureVerdict) -> Option<ErrorKind> {
    v.reason().map(|e| e.kind())
}

/// The token's kid names the EC key of a mixed set; the header says RS256 and the
/// token really is signed by the set's RSA key. The kid narrows the rule to the EC
/// key: ES256 is pinned and the token is refused.
#[test]
fn sound_kid_narrows_the_rule_to_its_key() {
    let set = keys(&format!(r#"{{"keys":[{RSA_JWK},{EC_JWK}]}}"#));
    let t = token(r#"{"kid":"ec-1"}"#, Algorithm::RS256);
    let v = check(&t, &set);
    assert_eq!(v.signature.as_str(), "invalid");
    assert_eq!(code(&v.signature), Some(ErrorKind::AlgMismatch));
    assert_eq!(
        (v.alg, v.alg_source),
        (Some(Algorithm::ES256), Some(AlgSource::Key))
    );
    // Same token, kid naming no key: the header's RS256 is allowed by some key, but
    // the kid finds none, so nothing is checked.
    let t = token(r#"{"kid":"nope"}"#, Algorithm::RS256);
    let v = check(&t, &set);
    assert_eq!(v.signature.as_str(), "unchecked");
    assert_eq!(code(&v.signature), Some(ErrorKind::KeyNotFound));
    assert!(v.key_used.is_none());
    // No kid: the RSA key, first fit (what jose's local JWKS does).
    let v = check(&token("{}", Algorithm::RS256), &set);
    assert_eq!(v.signature.as_str(), "valid");
    assert_eq!(v.key_used.map(|k| k.reason), Some(Selection::FirstFit));
}

/// A kid that is not a string (RFC 7515 §4.1.4) names no key of a set: refused, not
/// read as "no kid" and the first key that fits (PyJWT refuses it, jose finds no
/// key). With a single key there is nothing to choose, and it is ignored as there.
#[test]
fn a_kid_that_is_not_a_string_names_no_key_of_a_set() {
    let set = keys(&format!(r#"{{"keys":[{RSA_JWK},{EC_JWK}]}}"#));
    for kid in ["1", "null", "true", r#"["rsa-1"]"#, r#"{"kid":"rsa-1"}"#] {
        let t = token(&format!(r#"{{"kid":{kid}}}"#), Algorithm::RS256);
        let v = check(&t, &set);
        assert_eq!(v.signature.as_str(), "unchecked", "kid {kid}");
        assert_eq!(
            code(&v.signature),
            Some(ErrorKind::KeyNotFound),
            "kid {kid}"
        );
        let why = v.signature.reason().map(|e| e.message().to_string());
        assert!(
            why.unwrap_or_default().contains("not a string"),
            "kid {kid}"
        );
        // The single key it was signed with verifies it.
        let v = check(&t, &keys(RSA_PUBLIC_PEM));
        assert_eq!(v.signature.as_str(), "valid", "kid {kid}");
    }
    // Signing from a header with such a kid against a set is refused the same way.
    let plan = jwtscope::jose::sign::plan_with_set(r#"{"kid":1}"#, "{}", Algorithm::RS256, &set);
    assert_eq!(plan.err().map(|e| e.kind()), Some(ErrorKind::KeyNotFound));
}

/// RS vs PS: a JWK that names RS256 pins it; a PS256 token by the same key is
/// refused. Without `alg`, the header's PS256 is within the family (jose's rule for
/// an RSA KeyObject).
#[test]
fn sound_rs_vs_ps() {
    let pinned = keys(&rsa_jwk_with(r#","alg":"RS256""#));
    let t = token("{}", Algorithm::PS256);
    let v = check(&t, &pinned);
    assert_eq!(code(&v.signature), Some(ErrorKind::AlgMismatch));
    assert_eq!(v.alg_source, Some(AlgSource::Key));
    let v = check(&t, &keys(RSA_JWK));
    assert_eq!(v.signature.as_str(), "valid");
    assert_eq!(
        (v.alg, v.alg_source),
        (Some(Algorithm::PS256), Some(AlgSource::Header))
    );
}

/// A JWK whose `alg` is not registered (or does not fit the key) names nothing, so
/// the header's algorithm is taken by the rule, but the key's own `alg` still
/// refuses it at check_for: never valid.
#[test]
fn sound_unregistered_jwk_alg_never_verifies() {
    for alg in ["RS1", "rs256", "ES256", "none", ""] {
        let set = keys(&rsa_jwk_with(&format!(r#","alg":"{alg}""#)));
        let v = check(&token("{}", Algorithm::RS256), &set);
        assert_ne!(v.signature.as_str(), "valid", "{alg}");
        // In a set, too, whether the kid names it or not.
        let set = keys(&format!(
            r#"{{"keys":[{}]}}"#,
            rsa_jwk_with(&format!(r#","alg":"{alg}""#))
        ));
        for header in ["{}", r#"{"kid":"rsa-1"}"#] {
            let v = check(&token(header, Algorithm::RS256), &set);
            assert_ne!(v.signature.as_str(), "valid", "{alg} {header}");
        }
    }
}

/// Algorithm confusion: an HS256 token MAC'd with the public key's PEM text, against
/// that PEM, that key as a JWK, and a published set whose kid it names.
#[test]
fn sound_hmac_with_public_material_never_verifies() {
    let forged = {
        use hmac::{Hmac, KeyInit, Mac};
        let input = format!(
            "{}.{}",
            jwtscope::jose::b64::encode(br#"{"alg":"HS256","kid":"rsa-1"}"#),
            jwtscope::jose::b64::encode(br#"{"sub":"admin"}"#)
        );
        let mut mac = Hmac::<sha2::Sha256>::new_from_slice(RSA_PUBLIC_PEM.as_bytes()).unwrap();
        mac.update(input.as_bytes());
        format!(
            "{input}.{}",
            jwtscope::jose::b64::encode(&mac.finalize().into_bytes())
        )
    };
    for set in [
        keys(RSA_PUBLIC_PEM),
        keys(RSA_JWK),
        keys(&format!(r#"{{"keys":[{RSA_JWK},{EC_JWK}]}}"#)),
    ] {
        let v = check(&forged, &set);
        assert_eq!(v.signature.as_str(), "invalid", "{v:?}");
        for user in [Algorithm::HS256, Algorithm::HS512] {
            let v = verify(
                &decode_unverified(&forged),
                Some(&set),
                &VerifyOptions {
                    alg: Some(user),
                    claims: ClaimsOptions::default(),
                },
            );
            assert_ne!(v.signature.as_str(), "valid");
        }
    }
}

/// The kid is shared by two *different* keys (an EC and an RSA key). Only the RSA key
/// fits RS256, so it is taken (jose does the same), but the reason given is
/// `shared_kid`, "halves of one key pair share it": a false statement shown on the
/// page and in the CLI's `key.reason`. `select` treats a one-element `fitting` as
/// `one_key` (windows(2) of one element is vacuously true).
#[test]
fn finding_shared_kid_reason_claims_one_key_pair_for_different_keys() {
    let ec = format!(r#"{{"kty":"EC","crv":"P-256","kid":"a","x":"{X}","y":"{Y}"}}"#);
    let set = keys(&format!(
        r#"{{"keys":[{ec},{}]}}"#,
        rsa_jwk_with("").replace("rsa-1", "a")
    ));
    let t = token(r#"{"kid":"a"}"#, Algorithm::RS256);
    let v = check(&t, &set);
    assert_eq!(v.signature.as_str(), "valid");
    let used = v.key_used.unwrap();
    assert_eq!(used.index, 1);
    assert!(
        !used.why.contains("halves of one key pair"),
        "an EC key and an RSA key are not halves of one pair: {:?} / {}",
        used.reason,
        used.why
    );
}

/// Signing without a chosen algorithm (the page's sign mode): the rule falls back to
/// "the first algorithm a key allows" over every considered key, including public
/// keys that cannot sign. A set with a public EC key first and a private RSA key
/// after it pins ES256 and then fails, though the RSA key can sign RS256.
#[test]
fn finding_sign_fallback_picks_an_algorithm_no_key_can_sign_with() {
    let ec_public = format!(r#"{{"kty":"EC","crv":"P-256","x":"{X}","y":"{Y}"}}"#);
    let rsa_private = jwtscope::jose::key::private_jwk(&rsa_private()).unwrap();
    let set = keys(&format!(r#"{{"keys":[{ec_public},{rsa_private}]}}"#));
    let choice = policy::choose_alg(None, Some(&set), None, None, KeyOp::Sign).unwrap();
    let can_sign = policy::select_key(&set, choice.alg, None, KeyOp::Sign);
    assert!(
        can_sign.is_ok(),
        "choose_alg(Sign) pinned {} which no key of the set can sign with: {}",
        choice.alg,
        can_sign.err().map(|e| e.to_string()).unwrap_or_default()
    );
}

/// The same on the page: sign mode, a header without `alg`, that set pasted. The page
/// reports a key error although a key of the set can sign.
#[test]
fn finding_page_sign_mode_refuses_a_set_that_can_sign() {
    let ec_public = format!(r#"{{"kty":"EC","crv":"P-256","x":"{X}","y":"{Y}"}}"#);
    let rsa_private = jwtscope::jose::key::private_jwk(&rsa_private()).unwrap();
    let set = format!(r#"{{"keys":[{ec_public},{rsa_private}]}}"#);
    let mut s = State::new(NOW, Secret::new(vec![7; 32]));
    s.update(Msg::EncodingChosen(SecretEncoding::Utf8));
    s.update(Msg::SignMode(true));
    s.update(Msg::HeaderEdited(r#"{"typ":"JWT"}"#.into()));
    s.update(Msg::KeyEdited(set));
    assert!(matches!(s.keys, KeyState::Parsed(_)));
    assert!(
        s.sign_error.is_none(),
        "alg {} ({:?}): {:?}",
        s.alg,
        s.alg_source,
        s.sign_error
    );
}

/// Strengthens tests/cli/agree.rs: that test compares `State::verification` (the
/// output of `verify`, which calls `choose_alg` itself) with the CLI; the page's own
/// call to `policy::choose_alg` (the selector and its hint, `state.alg` /
/// `state.alg_source`) is never compared. Here: whatever order the user pastes in,
/// the selector shows what verification pinned.
#[test]
fn sound_page_selector_matches_what_verification_pinned() {
    const FIX: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/e2e/fixtures");
    let tokens = [
        "hs256.jwt",
        "rs256.jwt",
        "ps256.jwt",
        "es256.jwt",
        "eddsa.jwt",
        "none.jwt",
    ];
    let key_files = [
        "hs256.secret.txt",
        "rsa.pub.pem",
        "rsa.key.pem",
        "rsa.jwk.json",
        "ec.pub.pem",
        "ec.jwk.json",
        "ed.pub.pem",
        "jwks.json",
    ];
    let mut compared = 0;
    for t in tokens {
        let token = std::fs::read_to_string(format!("{FIX}/{t}")).unwrap();
        for k in key_files {
            let key = std::fs::read_to_string(format!("{FIX}/{k}")).unwrap();
            for key_first in [true, false] {
                let mut s = State::new(NOW, Secret::new(vec![7; 32]));
                s.update(Msg::EncodingChosen(SecretEncoding::Utf8));
                let msgs = [
                    Msg::KeyEdited(key.clone()),
                    Msg::TokenEdited(token.trim().to_string()),
                ];
                let order: Vec<Msg> = if key_first {
                    msgs.to_vec()
                } else {
                    msgs.iter().rev().cloned().collect()
                };
                for m in order {
                    s.update(m);
                }
                let v = &s.verification;
                if let Some(source) = v.alg_source {
                    assert_eq!(
                        (Some(s.alg), s.alg_source.map(|a: PageAlgSource| a.as_str())),
                        (v.alg, Some(source.as_str())),
                        "{t} with {k} (key first: {key_first})"
                    );
                    compared += 1;
                }
            }
        }
    }
    assert!(compared > 40, "{compared}");
}

/// An empty set (constructible through the public `KeySet` fields; `parse_key` never
/// returns one) gets the header's algorithm with source `header`, described as
/// "from the token header, allowed by the key" though no key allows anything. No
/// check runs afterwards, so this is only a false label (and the fuzz invariant
/// "choose_alg never picks an algorithm no key allows" holds only for non-empty sets).
#[test]
fn finding_empty_set_is_said_to_allow_the_header_alg() {
    let empty = KeySet {
        keys: Vec::new(),
        source: jwtscope::jose::key::KeySource::Jwks,
        skipped: Vec::new(),
    };
    let r = policy::choose_alg(
        None,
        Some(&empty),
        Some(Algorithm::HS256),
        None,
        KeyOp::Verify,
    );
    assert!(
        r.is_err(),
        "an empty set pinned {:?}",
        r.map(|c| c.to_string())
    );
}
