//! Adversarial review of src/jose/diagnose (explain, audit, crack): each `finding_*`
//! test failed on 5d3586c, states the behaviour the product rules ask for, and passes
//! since the fixes.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use hmac::{KeyInit, Mac};
use jwtscope::jose::alg::Algorithm;
use jwtscope::jose::b64;
use jwtscope::jose::claims::ClaimsOptions;
use jwtscope::jose::decode::decode_unverified;
use jwtscope::jose::diagnose::{audit, explain, AuditOptions, Explanation, MAX_ATTEMPTS};
use jwtscope::jose::key::{parse_key, SecretEncoding};
use jwtscope::jose::verify::{verify, VerifyOptions};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/e2e/fixtures");
const NOW: i64 = 1_800_000_000;

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!("{FIXTURES}/{name}"))
        .unwrap()
        .trim_end_matches('\n')
        .to_string()
}

fn explained(token: &str, key: &str, alg: Option<Algorithm>) -> (String, Explanation) {
    let decoded = decode_unverified(token);
    let keys = parse_key(key, SecretEncoding::Utf8).ok();
    let opts = VerifyOptions {
        alg,
        claims: ClaimsOptions {
            now: NOW,
            ..ClaimsOptions::default()
        },
    };
    let v = verify(&decoded, keys.as_ref(), &opts);
    assert_ne!(v.signature.as_str(), "valid");
    let x = explain(&decoded, key, SecretEncoding::Utf8, keys.as_ref(), &v);
    assert!(x.attempts <= MAX_ATTEMPTS);
    (format!("{:?}", v.signature), x)
}

fn codes(x: &Explanation) -> Vec<&'static str> {
    x.findings.iter().map(|f| f.code.code()).collect()
}

fn mac(hash: &str, secret: &[u8], header: &str, payload: &str) -> String {
    let input = format!(
        "{}.{}",
        b64::encode(header.as_bytes()),
        b64::encode(payload.as_bytes())
    );
    let tag = match hash {
        "256" => {
            let mut m = hmac::Hmac::<sha2::Sha256>::new_from_slice(secret).unwrap();
            m.update(input.as_bytes());
            m.finalize().into_bytes().to_vec()
        }
        _ => {
            let mut m = hmac::Hmac::<sha2::Sha512>::new_from_slice(secret).unwrap();
            m.update(input.as_bytes());
            m.finalize().into_bytes().to_vec()
        }
    };
    format!("{input}.{}", b64::encode(&tag))
}

fn audit_codes(header: &str, payload: &str) -> Vec<(&'static str, &'static str)> {
    let token = format!(
        "{}.{}.c2ln",
        b64::encode(header.as_bytes()),
        b64::encode(payload.as_bytes())
    );
    let opts = AuditOptions {
        now: NOW,
        ..AuditOptions::default()
    };
    audit(&decode_unverified(&token), None, &opts)
        .into_iter()
        .map(|f| (f.code.code(), f.severity.as_str()))
        .collect()
}

const GOOD: &str =
    r#"{"iss":"https://issuer.example","sub":"u1","aud":"api","iat":1800000000,"exp":1800000900}"#;

// --- audit --------------------------------------------------------------------------

/// AWS Cognito (and others) use a standard-base64 SHA-256 as kid: about half contain
/// "/", and ~1% of base64url thumbprints contain "--". Each is reported as a DANGER
/// "kid injection" (and `audit` exits 1) on an ordinary token.
#[test]
fn finding_kid_injection_false_positive_on_base64_kids() {
    for kid in [
        "arnx6499M4j0+dWG9m6Z/VQIDfLERvDlhmiwnAihbdA=", // base64 SHA-256 (Cognito style)
        "N4NPLyV2LyPh90pTHL5EXbc9Z2Xr5gh4p9--zX1K9uE",  // RFC 7638 thumbprint (base64url)
    ] {
        let header = format!(r#"{{"alg":"RS256","typ":"JWT","kid":"{kid}"}}"#);
        let found = audit_codes(&header, GOOD);
        assert!(
            !found.iter().any(|(c, _)| *c == "AUDIT_KID_INJECTION"),
            "kid {kid:?}: {found:?}"
        );
    }
}

/// Obvious secrets under ordinary claim names, and a card number in an array, are
/// not reported: the name check is an exact match and arrays are not walked.
#[test]
fn finding_sensitive_claim_false_negatives() {
    let mut missed = Vec::new();
    for payload in [
        r#"{"aud":"api","exp":1800000900,"user_password":"hunter2"}"#,
        r#"{"aud":"api","exp":1800000900,"jwt_secret":"s3cr3t"}"#,
        r#"{"aud":"api","exp":1800000900,"client-secret":"s3cr3t"}"#,
        r#"{"aud":"api","exp":1800000900,"passwordHash":"$2b$10$abc"}"#,
        r#"{"aud":"api","exp":1800000900,"cards":["4111 1111 1111 1111"]}"#,
    ] {
        let found = audit_codes(r#"{"alg":"RS256","typ":"JWT"}"#, payload);
        if !found.iter().any(|(c, _)| *c == "AUDIT_SENSITIVE_CLAIM") {
            missed.push(payload);
        }
    }
    assert_eq!(missed, Vec::<&str>::new());
}

/// An 18-digit snowflake user id (Discord/Twitter style) as `sub` passes Luhn one
/// time in ten and is reported as a card number (warning: exit 1).
#[test]
fn finding_card_false_positive_on_numeric_ids() {
    let payload = r#"{"iss":"https://issuer.example","sub":"175928847299117062","aud":"api","iat":1800000000,"exp":1800000900}"#;
    let found = audit_codes(r#"{"alg":"RS256","typ":"JWT"}"#, payload);
    assert_eq!(found, [], "{found:?}");
}

/// `typ` may be the full media type "application/jwt" (RFC 7515 §4.1.9, RFC 7519
/// §5.1): reported as AUDIT_TYP_MISMATCH (warning, exit 1).
#[test]
fn finding_typ_application_jwt_is_a_mismatch() {
    let found = audit_codes(r#"{"alg":"RS256","typ":"application/jwt"}"#, GOOD);
    assert_eq!(found, [], "{found:?}");
}

// --- explain ------------------------------------------------------------------------

/// The same forgery MAC'd with the JWK exactly as the issuer's JWKS serves it (its
/// own member order): with that JWKS pasted, NO_MATCH instead of ALG_CONFUSION.
#[test]
fn finding_confusion_with_served_jwk_missed() {
    let jwks = fixture("jwks.json");
    let set: serde_json::Value = serde_json::from_str(&jwks).unwrap();
    // The first key's JSON text as it appears in the served document.
    let served = {
        let start = jwks
            .find("{\"")
            .and_then(|i| jwks[i + 1..].find('{').map(|j| i + 1 + j))
            .unwrap();
        let end = start + jwks[start..].find('}').unwrap() + 1;
        jwks[start..end].to_string()
    };
    let as_value: serde_json::Value = serde_json::from_str(&served).unwrap();
    assert_eq!(as_value, set["keys"][0], "{served}");
    let forged = mac(
        "256",
        served.as_bytes(),
        r#"{"alg":"HS256","typ":"JWT"}"#,
        r#"{"sub":"admin"}"#,
    );
    let (_, x) = explained(&forged, &jwks, None);
    assert_eq!(
        codes(&x),
        ["EXPLAIN_ALG_CONFUSION"],
        "served JWK {served}: {x:?}"
    );
}

/// A JWKS mixing a shared secret with a public key is refused by verification; the
/// explainer then says the signature verifies with the very key the token's kid names
/// and that the kid "points at the wrong key" ("give the token kid \"h\"": it has it).
#[test]
fn finding_mixed_jwks_other_key_says_kid_points_at_wrong_key() {
    let secret = b"a shared secret of thirty-two b!";
    let rsa_jwk: serde_json::Value = serde_json::from_str(&fixture("rsa.jwk.json")).unwrap();
    let jwks = serde_json::json!({"keys": [
        {"kty": "oct", "kid": "h", "k": b64::encode(secret)},
        rsa_jwk,
    ]})
    .to_string();
    let token = mac(
        "256",
        secret,
        r#"{"alg":"HS256","typ":"JWT","kid":"h"}"#,
        r#"{"sub":"x"}"#,
    );
    let (verdict, x) = explained(&token, &jwks, None);
    for f in &x.findings {
        assert!(
            !f.message.contains("points at the wrong key"),
            "verdict {verdict}; {f:?}"
        );
    }
}

/// Pinned to HS256 (the right algorithm) with a header that says HS512: the key IS
/// the signer's, yet the explainer never tries the pinned algorithm itself and says
/// "the key is not the signer's, or the token was changed after signing".
#[test]
fn finding_no_match_claims_wrong_key_when_only_the_header_is_wrong() {
    let secret = fixture("hs256.secret.txt");
    let token = mac(
        "256",
        secret.as_bytes(),
        r#"{"alg":"HS512","typ":"JWT"}"#,
        r#"{"sub":"x"}"#,
    );
    let (verdict, x) = explained(&token, &secret, Some(Algorithm::HS256));
    assert!(
        !x.findings
            .iter()
            .any(|f| f.message.contains("the key is not the signer's")),
        "verdict {verdict}; {x:?}"
    );
}

/// A secret pasted as base64url text (it has '-' or '_') with the encoding left at
/// UTF-8: the explainer names "base64" (which verifies only because the base64 reader
/// tolerates the other alphabet, with a note), not base64url.
#[test]
fn finding_secret_encoding_names_base64_for_base64url_text() {
    let secret: Vec<u8> = (0u8..32)
        .map(|i| i.wrapping_mul(251).wrapping_add(0xfb))
        .collect();
    let text = b64::encode(&secret);
    assert!(text.contains(['-', '_']), "{text}");
    let token = mac(
        "256",
        &secret,
        r#"{"alg":"HS256","typ":"JWT"}"#,
        r#"{"sub":"x"}"#,
    );
    let (_, x) = explained(&token, &text, None);
    assert_eq!(
        x.findings.first().and_then(|f| f.encoding),
        Some(SecretEncoding::Base64Url),
        "{x:?}"
    );
}

/// An `exp` that is present but not a NumericDate (a string) is reported as "no
/// exp: the token never expires".
#[test]
fn finding_no_exp_reported_for_a_malformed_exp() {
    let payload = r#"{"aud":"api","iat":1800000000,"exp":"1800000900"}"#;
    let out = audit(
        &decode_unverified(&format!(
            "{}.{}.c2ln",
            b64::encode(br#"{"alg":"RS256","typ":"JWT"}"#),
            b64::encode(payload.as_bytes())
        )),
        None,
        &AuditOptions {
            now: NOW,
            ..AuditOptions::default()
        },
    );
    for f in &out {
        assert!(!f.message.contains("never expires"), "{f:?}");
    }
}
