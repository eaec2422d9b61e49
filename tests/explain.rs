//! The explainer, on real mistakes: each case is a token and a key as a user has them
//! when verification fails, and the finding the explainer must name (`EXPLAIN_*`).
//! Keys and tokens are the OpenSSL-made e2e fixtures (tests/e2e/fixtures/README.md).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use hmac::{KeyInit, Mac};
use jwtscope::jose::alg::Algorithm;
use jwtscope::jose::b64;
use jwtscope::jose::claims::ClaimsOptions;
use jwtscope::jose::decode::decode_unverified;
use jwtscope::jose::diagnose::{explain, explain_within, ExplainCode, Explanation, MAX_ATTEMPTS};
use jwtscope::jose::key::{parse_key, SecretEncoding};
use jwtscope::jose::sign::sign;
use jwtscope::jose::verify::{verify, VerifyOptions};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/e2e/fixtures");

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!("{FIXTURES}/{name}"))
        .unwrap()
        .trim_end_matches('\n')
        .to_string()
}

/// Verifies as the page and the CLI do (the algorithm pinned by the user or by
/// policy::choose_alg), then explains.
fn explained(
    token: &str,
    key: &str,
    encoding: SecretEncoding,
    alg: Option<Algorithm>,
) -> Explanation {
    let decoded = decode_unverified(token);
    let keys = parse_key(key, encoding).ok();
    let opts = VerifyOptions {
        alg,
        claims: ClaimsOptions {
            now: 1_800_000_000,
            ..ClaimsOptions::default()
        },
    };
    let v = verify(&decoded, keys.as_ref(), &opts);
    assert_ne!(
        v.signature.as_str(),
        "valid",
        "the case must fail to verify"
    );
    let x = explain(&decoded, key, encoding, keys.as_ref(), &v);
    assert!(x.attempts <= MAX_ATTEMPTS, "{} attempts", x.attempts);
    x
}

fn codes(x: &Explanation) -> Vec<&'static str> {
    x.findings.iter().map(|f| f.code.code()).collect()
}

fn hs256(secret: &[u8], header: &str, payload: &str) -> String {
    let input = format!(
        "{}.{}",
        b64::encode(header.as_bytes()),
        b64::encode(payload.as_bytes())
    );
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(secret).unwrap();
    mac.update(input.as_bytes());
    format!("{input}.{}", b64::encode(&mac.finalize().into_bytes()))
}

/// The issue's case: a 32-byte random secret pasted as its base64 text, the encoding
/// left at UTF-8.
#[test]
fn a_base64_secret_read_as_utf8() {
    let secret: Vec<u8> = (0u8..32)
        .map(|i| i.wrapping_mul(37).wrapping_add(11))
        .collect();
    let token = hs256(&secret, r#"{"alg":"HS256","typ":"JWT"}"#, r#"{"sub":"x"}"#);
    let text = b64::encode_standard(&secret);
    let x = explained(&token, &text, SecretEncoding::Utf8, None);
    assert_eq!(codes(&x), ["EXPLAIN_SECRET_ENCODING"], "{x:?}");
    let f = &x.findings[0];
    assert_eq!(f.encoding, Some(SecretEncoding::Base64));
    assert_eq!(f.alg, Some(Algorithm::HS256));
    assert!(f.message.contains("read as base64"), "{}", f.message);
    assert!(f.fix.contains("base64"), "{}", f.fix);
    // The same secret as hex, read as base64url (it parses, to other bytes).
    let x = explained(
        &token,
        &hex::encode(&secret),
        SecretEncoding::Base64Url,
        None,
    );
    assert_eq!(x.findings[0].encoding, Some(SecretEncoding::Hex), "{x:?}");
}

/// A signer that emitted DER (what OpenSSL and most libraries give) instead of r‖s.
#[test]
fn an_ecdsa_signature_in_der() {
    let token = fixture("es256.jwt");
    let (input, sig) = token.rsplit_once('.').unwrap();
    let raw = b64::decode_strict(sig).unwrap();
    let der = p256::ecdsa::Signature::from_slice(&raw).unwrap().to_der();
    let der_token = format!("{input}.{}", b64::encode(der.as_bytes()));
    let x = explained(
        &der_token,
        &fixture("ec.pub.pem"),
        SecretEncoding::Utf8,
        None,
    );
    assert_eq!(codes(&x), ["EXPLAIN_ECDSA_DER"], "{x:?}");
    assert!(
        x.findings[0].message.contains("verifies once converted"),
        "{x:?}"
    );
    // DER of a signature made by another key: named as DER, and that it does not verify.
    let mut other = raw.clone();
    other[5] ^= 1;
    let der = p256::ecdsa::Signature::from_slice(&other).unwrap().to_der();
    let bad = format!("{input}.{}", b64::encode(der.as_bytes()));
    let x = explained(&bad, &fixture("ec.pub.pem"), SecretEncoding::Utf8, None);
    assert_eq!(
        codes(&x),
        ["EXPLAIN_ECDSA_DER", "EXPLAIN_NO_MATCH"],
        "{x:?}"
    );
    assert!(x.findings[0].message.contains("does not verify"), "{x:?}");
}

/// A PS256 token pinned as RS256; and a PS256 signature under an RS256 header.
#[test]
fn another_algorithm_of_the_family() {
    let token = fixture("ps256.jwt");
    let x = explained(
        &token,
        &fixture("rsa.pub.pem"),
        SecretEncoding::Utf8,
        Some(Algorithm::RS256),
    );
    assert_eq!(codes(&x), ["EXPLAIN_OTHER_ALGORITHM"], "{x:?}");
    assert_eq!(x.findings[0].alg, Some(Algorithm::PS256));
    assert_eq!(x.findings[0].fix, "choose PS256");
    // Re-labelled: the header says RS256, the signature is PS256's.
    let (_, rest) = token.split_once('.').unwrap();
    let header = b64::encode(br#"{"alg":"RS256","typ":"JWT","kid":"rsa-1"}"#);
    let relabelled = format!("{header}.{rest}");
    let x = explained(
        &relabelled,
        &fixture("rsa.pub.pem"),
        SecretEncoding::Utf8,
        None,
    );
    // Re-labelling changes the signing input, so nothing can verify: no oracle.
    assert_eq!(codes(&x), ["EXPLAIN_NO_MATCH"], "{x:?}");
}

/// An HS384 token pinned as HS256: the tag's length names the hash.
#[test]
fn an_hmac_tag_of_another_size() {
    let secret = fixture("hs256.secret.txt");
    let header = b64::encode(br#"{"alg":"HS384"}"#);
    let payload = b64::encode(br#"{"sub":"x"}"#);
    let key = parse_key(&secret, SecretEncoding::Utf8).unwrap();
    let token = sign(
        r#"{"alg":"HS384"}"#,
        r#"{"sub":"x"}"#,
        Algorithm::HS384,
        &key.keys[0],
    )
    .unwrap()
    .token;
    assert!(token.starts_with(&format!("{header}.{payload}")));
    let x = explained(
        &token,
        &secret,
        SecretEncoding::Utf8,
        Some(Algorithm::HS256),
    );
    assert_eq!(codes(&x), ["EXPLAIN_OTHER_ALGORITHM"], "{x:?}");
    assert_eq!(x.findings[0].alg, Some(Algorithm::HS384));
}

/// A JWKS whose kids were changed: the token's kid is unknown, or names another key.
#[test]
fn another_key_of_the_set() {
    let token = fixture("rs256.jwt");
    let jwks = fixture("jwks.json");
    let other: serde_json::Value = {
        let pem = fixture("rsa-other.pub.pem");
        let set = parse_key(&pem, SecretEncoding::Utf8).unwrap();
        let mut jwk = jwtscope::jose::key::public_jwk(&set.keys[0]).unwrap();
        jwk["kid"] = "rsa-1".into();
        jwk
    };
    // kid "rsa-1" renamed in the set: not found.
    let renamed = jwks.replace(r#""kid":"rsa-1""#, r#""kid":"rsa-2""#);
    let x = explained(&token, &renamed, SecretEncoding::Utf8, None);
    assert_eq!(codes(&x), ["EXPLAIN_OTHER_KEY"], "{x:?}");
    let f = &x.findings[0];
    assert_eq!(
        f.key.as_ref().map(|k| (k.index, k.kid.as_deref())),
        Some((0, Some("rsa-2")))
    );
    assert!(f.message.contains("is not in the set"), "{}", f.message);
    // kid "rsa-1" now on another RSA key, the signer's key renamed.
    let mut set: serde_json::Value = serde_json::from_str(&renamed).unwrap();
    set["keys"].as_array_mut().unwrap().push(other);
    let x = explained(&token, &set.to_string(), SecretEncoding::Utf8, None);
    assert_eq!(codes(&x), ["EXPLAIN_OTHER_KEY"], "{x:?}");
    assert!(
        x.findings[0].message.contains("points at the wrong key"),
        "{x:?}"
    );
}

/// The algorithm-confusion forgery, MAC'd with the PEM text (LF, CRLF, with or without
/// the final newline) and with the bare base64 body; the key pasted as PEM or JWK.
#[test]
fn a_forgery_by_algorithm_confusion() {
    let pem = format!("{}\n", fixture("rsa.pub.pem"));
    let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    let crlf = pem.replace('\n', "\r\n");
    let header = r#"{"alg":"HS256","typ":"JWT"}"#;
    let payload = r#"{"sub":"admin"}"#;
    for (what, secret) in [
        ("PEM", pem.clone()),
        ("PEM without final newline", pem.trim_end().to_string()),
        ("CRLF PEM", crlf.clone()),
        (
            "CRLF PEM without final newline",
            crlf.trim_end().to_string(),
        ),
        ("base64 body", body),
        // The same key as OpenSSL's PKCS#1 `RSA PUBLIC KEY` PEM (the SPKI PEM pasted).
        ("PKCS#1 PEM", format!("{}\n", fixture("rsa.pub.pkcs1.pem"))),
        (
            "PKCS#1 PEM without final newline",
            fixture("rsa.pub.pkcs1.pem"),
        ),
    ] {
        let forged = hs256(secret.as_bytes(), header, payload);
        for key in [pem.clone(), fixture("rsa.jwk.json")] {
            let x = explained(&forged, &key, SecretEncoding::Utf8, None);
            assert_eq!(codes(&x), ["EXPLAIN_ALG_CONFUSION"], "{what}: {x:?}");
            assert!(x.findings[0].message.contains("never accept it"), "{x:?}");
        }
    }
}

#[test]
fn nothing_matches() {
    let token = fixture("hs256.jwt");
    let x = explained(&token, "not the secret", SecretEncoding::Utf8, None);
    assert_eq!(codes(&x), ["EXPLAIN_NO_MATCH"], "{x:?}");
    assert!(x.findings[0].message.contains("tried:"), "{x:?}");
    let x = explained(
        &fixture("rs256.jwt"),
        &fixture("rsa-other.pub.pem"),
        SecretEncoding::Utf8,
        None,
    );
    assert_eq!(codes(&x), ["EXPLAIN_NO_MATCH"], "{x:?}");
}

/// Copy-paste damage: the last character lost; a line break inside.
#[test]
fn a_token_changed_by_copying() {
    let token = fixture("hs256.jwt");
    let secret = fixture("hs256.secret.txt");
    let cut = &token[..token.len() - 1];
    let x = explained(cut, &secret, SecretEncoding::Utf8, None);
    assert!(codes(&x).contains(&"EXPLAIN_TOKEN_DAMAGED"), "{x:?}");
    let wrapped = format!("{}\n{}", &token[..40], &token[40..]);
    let decoded = decode_unverified(&wrapped);
    let keys = parse_key(&secret, SecretEncoding::Utf8).ok();
    let v = verify(&decoded, keys.as_ref(), &VerifyOptions::default());
    // The bytes received are what is verified: a wrapped token is refused…
    assert_eq!(v.signature.as_str(), "invalid", "{:?}", v.signature);
    // …and the explanation says what happened.
    let x = explain(&decoded, &secret, SecretEncoding::Utf8, keys.as_ref(), &v);
    assert!(codes(&x).contains(&"EXPLAIN_TOKEN_DAMAGED"), "{x:?}");
}

/// A valid token, no key, `alg: none`: nothing to explain.
#[test]
fn nothing_to_explain() {
    let decoded = decode_unverified(&fixture("hs256.jwt"));
    let secret = fixture("hs256.secret.txt");
    let keys = parse_key(&secret, SecretEncoding::Utf8).ok();
    let v = verify(&decoded, keys.as_ref(), &VerifyOptions::default());
    assert_eq!(v.signature.as_str(), "valid");
    assert_eq!(
        explain(&decoded, &secret, SecretEncoding::Utf8, keys.as_ref(), &v),
        Explanation::default()
    );
    let none = decode_unverified(&fixture("none.jwt"));
    let v = verify(&none, keys.as_ref(), &VerifyOptions::default());
    assert!(
        explain(&none, &secret, SecretEncoding::Utf8, keys.as_ref(), &v)
            .findings
            .is_empty()
    );
}

/// A JWKS of 32 keys that all fit: the explainer stays within its budget.
#[test]
fn bounded() {
    let token = fixture("rs256.jwt");
    let pem = fixture("rsa-other.pub.pem");
    let set = parse_key(&pem, SecretEncoding::Utf8).unwrap();
    let jwk = jwtscope::jose::key::public_jwk(&set.keys[0]).unwrap();
    let keys: Vec<serde_json::Value> = (0..32)
        .map(|i| {
            let mut k = jwk.clone();
            k["kid"] = format!("k{i}").into();
            k
        })
        .collect();
    let jwks = serde_json::json!({ "keys": keys }).to_string();
    let x = explained(&token, &jwks, SecretEncoding::Utf8, Some(Algorithm::RS256));
    assert!(
        x.attempts <= MAX_ATTEMPTS && x.attempts > 0,
        "{}",
        x.attempts
    );
    assert_eq!(
        x.findings.last().map(|f| f.code),
        Some(ExplainCode::NoMatch)
    );
}

/// Slow keys get fewer checks: an ES512 token against a JWKS of nine P-521 keys took
/// 69 ms a keystroke in the page before the cost bound; now the estimated time of the
/// checks is at most MAX_COST_US, and the explanation still says what was tried.
#[test]
fn bounded_by_the_cost_of_slow_keys() {
    use jwtscope::jose::alg::Curve;
    use jwtscope::jose::diagnose::{check_cost_us, MAX_COST_US};
    use jwtscope::jose::key::{generate_keypair, KeyPairSpec};
    let signer = generate_keypair(KeyPairSpec::Ec(Curve::P521)).unwrap();
    let token = sign("{}", r#"{"sub":"x"}"#, Algorithm::ES512, &signer.key)
        .unwrap()
        .token;
    let keys: Vec<serde_json::Value> = (0..9)
        .map(|i| {
            let mut k = generate_keypair(KeyPairSpec::Ec(Curve::P521))
                .unwrap()
                .public_jwk;
            k["kid"] = format!("p521-{i}").into();
            k
        })
        .collect();
    let jwks = serde_json::json!({ "keys": keys }).to_string();
    let set = parse_key(&jwks, SecretEncoding::Utf8).unwrap();
    let decoded = decode_unverified(&token);
    let opts = VerifyOptions::default();
    let v = verify(&decoded, Some(&set), &opts);
    // The page's bound.
    let x = explain_within(
        &decoded,
        &jwks,
        SecretEncoding::Utf8,
        Some(&set),
        &v,
        MAX_COST_US,
    );
    let each = check_cost_us(Algorithm::ES512, &set.keys[0]);
    assert_eq!(each, 4_900);
    assert!(x.attempts > 0, "some keys are tried");
    assert!(
        x.attempts as u32 * each <= MAX_COST_US,
        "{} checks of ~{each} µs",
        x.attempts
    );
    assert_eq!(codes(&x), vec!["EXPLAIN_NO_MATCH"]);
    // It says that it stopped, and how far it got, never "nothing matches".
    let message = &x.findings[0].message;
    assert!(
        message.contains("were not made within this page's time bound"),
        "{message}"
    );
    assert!(
        message.contains(&format!("{} of 8 other key(s)", x.attempts)),
        "{message}"
    );
    // The CLI's explanation (no time bound) tries every key.
    let all = explain(&decoded, &jwks, SecretEncoding::Utf8, Some(&set), &v);
    assert_eq!(all.attempts, 8, "{all:?}");
    assert!(!all.findings[0].message.contains("not made"));
    // RSA grows with the square of the modulus.
    let rsa = parse_key(&fixture("rsa.pub.pem"), SecretEncoding::Utf8).unwrap();
    assert_eq!(check_cost_us(Algorithm::RS256, &rsa.keys[0]), 180);
}
