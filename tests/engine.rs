//! The engine's public API end to end: decode → parse key → verify / sign.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use jwtscope::jose::alg::{Algorithm, Curve};
use jwtscope::jose::b64;
use jwtscope::jose::claims::{ClaimsOptions, ClaimsStatus};
use jwtscope::jose::decode::decode_unverified;
use jwtscope::jose::key::generate::{generate_keypair, KeyPairSpec};
use jwtscope::jose::key::{parse_key, Key, KeyFormat, KeyMaterial, KeySet, Secret, SecretEncoding};
use jwtscope::jose::sign::sign;
use jwtscope::jose::verify::{verify, SignatureVerdict, VerifyOptions};
use jwtscope::jose::ErrorKind;

/// The token jwt.io shows on first load (HS256, secret "your-256-bit-secret").
const JWT_IO: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";
const NOW: i64 = 1_700_000_000;

fn secret(text: &str) -> KeySet {
    parse_key(text, SecretEncoding::Utf8).unwrap()
}

fn opts(alg: Option<Algorithm>) -> VerifyOptions {
    VerifyOptions {
        alg,
        claims: ClaimsOptions {
            now: NOW,
            ..Default::default()
        },
    }
}

fn verdict(token: &str, keys: &KeySet, alg: Option<Algorithm>) -> SignatureVerdict {
    verify(&decode_unverified(token), Some(keys), &opts(alg)).signature
}

fn refused_with(v: &SignatureVerdict) -> Option<ErrorKind> {
    match v {
        SignatureVerdict::Invalid(e) => Some(e.kind()),
        _ => None,
    }
}

fn hs256(header: &str, payload: &str, key: &str) -> String {
    let keys = secret(key);
    sign(header, payload, Algorithm::HS256, &keys.keys[0])
        .unwrap()
        .token
}

#[test]
fn jwt_io_example_verifies_with_warnings() {
    let v = verify(
        &decode_unverified(JWT_IO),
        Some(&secret("your-256-bit-secret")),
        &opts(Some(Algorithm::HS256)),
    );
    assert_eq!(v.signature, SignatureVerdict::Valid);
    let codes: Vec<_> = v.warnings.iter().map(|w| w.code()).collect();
    assert!(
        codes.contains(&"WARN_SECRET_SHORT") && codes.contains(&"WARN_SECRET_KNOWN"),
        "{codes:?}"
    );
    assert_eq!(v.key_used.map(|k| k.index), Some(0));
    assert_eq!(v.claims.status, ClaimsStatus::Valid);
}

#[test]
fn wrong_secret_is_invalid_not_an_error() {
    let v = verdict(JWT_IO, &secret("not-the-secret"), Some(Algorithm::HS256));
    assert_eq!(refused_with(&v), Some(ErrorKind::SignatureMismatch));
}

#[test]
fn algorithm_is_pinned() {
    let v = verdict(
        JWT_IO,
        &secret("your-256-bit-secret"),
        Some(Algorithm::HS384),
    );
    assert_eq!(refused_with(&v), Some(ErrorKind::AlgMismatch));
    // A secret names no single algorithm: the caller must choose.
    let v = verdict(JWT_IO, &secret("your-256-bit-secret"), None);
    assert!(matches!(v, SignatureVerdict::Unchecked(e) if e.kind() == ErrorKind::AlgRequired));
}

#[test]
fn alg_none_never_verifies_in_any_spelling() {
    for spelling in ["none", "None", "NONE", "nOnE"] {
        let header = b64::encode(format!(r#"{{"alg":"{spelling}"}}"#).as_bytes());
        let token = format!("{header}.eyJzdWIiOiJ4In0.");
        for pinned in [None, Some(Algorithm::HS256)] {
            let v = verdict(&token, &secret("k"), pinned);
            assert_eq!(
                refused_with(&v),
                Some(ErrorKind::AlgNone),
                "{spelling} {pinned:?}"
            );
        }
    }
}

#[test]
fn no_key_is_unchecked() {
    let v = verify(
        &decode_unverified(JWT_IO),
        None,
        &opts(Some(Algorithm::HS256)),
    );
    assert!(matches!(v.signature, SignatureVerdict::Unchecked(_)));
    assert_eq!(v.signature.as_str(), "unchecked");
}

#[test]
fn public_key_as_hmac_secret_is_confusion() {
    let pair = generate_keypair(KeyPairSpec::Ec(Curve::P256)).unwrap();
    let pem = parse_key(&pair.public_pem, SecretEncoding::Utf8).unwrap();
    // The engine will not make the forgery: the PEM text is refused as a secret.
    let pem_bytes = Key::new(
        KeyMaterial::Secret(Secret::new(pair.public_pem.as_bytes().to_vec())),
        KeyFormat::Secret(SecretEncoding::Utf8),
    );
    let e = sign(
        r#"{"alg":"HS256"}"#,
        r#"{"sub":"admin"}"#,
        Algorithm::HS256,
        &pem_bytes,
    )
    .expect_err("public-key text as a secret");
    assert_eq!(e.kind(), ErrorKind::AlgConfusion);
    // The attacker makes it elsewhere, MAC'ing with the PEM text.
    let input = format!(
        "{}.{}",
        b64::encode(br#"{"alg":"HS256"}"#),
        b64::encode(br#"{"sub":"admin"}"#)
    );
    let mut mac =
        <hmac::Hmac<sha2::Sha256> as hmac::KeyInit>::new_from_slice(pair.public_pem.as_bytes())
            .unwrap();
    hmac::Mac::update(&mut mac, input.as_bytes());
    let forged = format!(
        "{input}.{}",
        b64::encode(&hmac::Mac::finalize(mac).into_bytes())
    );
    let v = verdict(&forged, &pem, Some(Algorithm::HS256));
    assert_eq!(refused_with(&v), Some(ErrorKind::AlgConfusion));
}

#[test]
fn truncated_tag_and_padding_are_refused() {
    let (input, sig) = JWT_IO.rsplit_once('.').unwrap();
    let tag = b64::decode_strict(sig).unwrap();
    let short = format!("{input}.{}", b64::encode(&tag[..16]));
    assert_eq!(
        refused_with(&verdict(
            &short,
            &secret("your-256-bit-secret"),
            Some(Algorithm::HS256)
        )),
        Some(ErrorKind::SignatureLength)
    );
    let padded = format!("{JWT_IO}=");
    assert_eq!(
        refused_with(&verdict(
            &padded,
            &secret("your-256-bit-secret"),
            Some(Algorithm::HS256)
        )),
        Some(ErrorKind::Base64Padding)
    );
}

#[test]
fn duplicate_alg_is_refused() {
    let token = hs256(r#"{"alg":"HS256","typ":"JWT"}"#, r#"{"a":1}"#, "k");
    let (_, rest) = token.split_once('.').unwrap();
    let dup = format!(
        "{}.{rest}",
        b64::encode(br#"{"alg":"HS256","alg":"HS256"}"#)
    );
    assert_eq!(
        refused_with(&verdict(&dup, &secret("k"), Some(Algorithm::HS256))),
        Some(ErrorKind::JsonDuplicateMember)
    );
}

#[test]
fn crit_rules() {
    let cases = [
        (r#"{"alg":"HS256","crit":["exp"],"exp":1}"#, true),
        (r#"{"alg":"HS256","crit":[]}"#, true),
        (r#"{"alg":"HS256","crit":"b64","b64":true}"#, true),
        (r#"{"alg":"HS256","crit":["kid"],"kid":"a"}"#, true),
        (r#"{"alg":"HS256","crit":["b64"]}"#, true),
        (r#"{"alg":"HS256","b64":true}"#, true),
        (r#"{"alg":"HS256","crit":["b64"],"b64":true}"#, false),
    ];
    for (header, refused) in cases {
        let token = hs256(header, r#"{"a":1}"#, "k");
        let v = verdict(&token, &secret("k"), Some(Algorithm::HS256));
        if refused {
            assert_eq!(refused_with(&v), Some(ErrorKind::Crit), "{header}");
        } else {
            assert_eq!(v, SignatureVerdict::Valid, "{header}");
        }
    }
}

#[test]
fn embedded_keys_are_reported_never_used() {
    let token = hs256(
        r#"{"alg":"HS256","jku":"https://evil.example/jwks","jwk":{"kty":"oct","k":"AA"}}"#,
        r#"{"a":1}"#,
        "right",
    );
    let v = verify(
        &decode_unverified(&token),
        Some(&secret("wrong")),
        &opts(Some(Algorithm::HS256)),
    );
    assert_eq!(
        refused_with(&v.signature),
        Some(ErrorKind::SignatureMismatch)
    );
    let codes: Vec<_> = v.warnings.iter().map(|w| w.code()).collect();
    assert!(
        codes.contains(&"WARN_EMBEDDED_KEY") && codes.contains(&"WARN_KEY_URL"),
        "{codes:?}"
    );
}

#[test]
fn expired_token_has_valid_signature_but_is_not_valid() {
    let token = hs256(
        r#"{"alg":"HS256"}"#,
        &format!(r#"{{"exp":{}}}"#, NOW - 60),
        "k",
    );
    let v = verify(
        &decode_unverified(&token),
        Some(&secret("k")),
        &opts(Some(Algorithm::HS256)),
    );
    assert_eq!(v.signature, SignatureVerdict::Valid);
    assert_eq!(v.claims.status, ClaimsStatus::Invalid);
    assert!(!v.is_valid());
}

#[test]
fn sign_keeps_member_order_and_adds_alg_first() {
    let keys = secret("k");
    let signed = sign(
        r#"{"typ":"JWT","kid":"z"}"#,
        r#"{"z":1,"a":2}"#,
        Algorithm::HS256,
        &keys.keys[0],
    )
    .unwrap();
    let d = decode_unverified(&signed.token);
    assert_eq!(
        d.header.unwrap().text,
        r#"{"alg":"HS256","typ":"JWT","kid":"z"}"#
    );
    assert_eq!(d.payload.unwrap().text, r#"{"z":1,"a":2}"#);
    assert!(signed
        .warnings
        .iter()
        .any(|w| w.code() == "WARN_SECRET_SHORT"));
}

#[test]
fn sign_refuses_bad_input() {
    let keys = secret("k");
    let key = &keys.keys[0];
    let e = sign(r#"{"alg":"RS256"}"#, "{}", Algorithm::HS256, key).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::AlgMismatch);
    let e = sign(r#"{"alg":"none"}"#, "{}", Algorithm::HS256, key).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::AlgNone);
    let e = sign("{}", "{\"a\":\n}", Algorithm::HS256, key).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::JsonSyntax);
    assert!(e.message().contains("line 2"), "{e}");
    let e = sign("{}", "[1]", Algorithm::HS256, key).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::JsonNotObject);
}

#[test]
fn sign_then_verify_every_algorithm() {
    let rsa = generate_keypair(KeyPairSpec::Rsa { bits: 2048 }).unwrap();
    let pairs = [
        (
            Algorithm::ES256,
            generate_keypair(KeyPairSpec::Ec(Curve::P256)).unwrap(),
        ),
        (
            Algorithm::ES384,
            generate_keypair(KeyPairSpec::Ec(Curve::P384)).unwrap(),
        ),
        (
            Algorithm::ES512,
            generate_keypair(KeyPairSpec::Ec(Curve::P521)).unwrap(),
        ),
        (
            Algorithm::ES256K,
            generate_keypair(KeyPairSpec::Ec(Curve::Secp256k1)).unwrap(),
        ),
        (
            Algorithm::EdDSA,
            generate_keypair(KeyPairSpec::Ed25519).unwrap(),
        ),
    ];
    let payload = r#"{"sub":"1234567890","name":"Jane"}"#;
    let mut checked = 0;
    for alg in [
        Algorithm::RS256,
        Algorithm::RS384,
        Algorithm::RS512,
        Algorithm::PS256,
        Algorithm::PS384,
        Algorithm::PS512,
    ] {
        let private = parse_key(&rsa.private_pem, SecretEncoding::Utf8).unwrap();
        let token = sign("{}", payload, alg, &private.keys[0]).unwrap().token;
        let public = parse_key(&rsa.public_pem, SecretEncoding::Utf8).unwrap();
        assert_eq!(
            verdict(&token, &public, Some(alg)),
            SignatureVerdict::Valid,
            "{alg}"
        );
        checked += 1;
    }
    for (alg, pair) in &pairs {
        let private = parse_key(&pair.private_pem, SecretEncoding::Utf8).unwrap();
        let token = sign("{}", payload, *alg, &private.keys[0]).unwrap().token;
        let public = parse_key(&pair.public_pem, SecretEncoding::Utf8).unwrap();
        // EC and Ed25519 keys name their one algorithm: no pin needed.
        assert_eq!(
            verdict(&token, &public, None),
            SignatureVerdict::Valid,
            "{alg}"
        );
        let jwk = parse_key(&pair.public_jwk.to_string(), SecretEncoding::Utf8).unwrap();
        assert_eq!(
            verdict(&token, &jwk, Some(*alg)),
            SignatureVerdict::Valid,
            "{alg} JWK"
        );
        checked += 1;
    }
    for alg in [Algorithm::HS256, Algorithm::HS384, Algorithm::HS512] {
        let keys = secret("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
        let token = sign("{}", payload, alg, &keys.keys[0]).unwrap().token;
        assert_eq!(
            verdict(&token, &keys, Some(alg)),
            SignatureVerdict::Valid,
            "{alg}"
        );
        checked += 1;
    }
    assert_eq!(checked, Algorithm::all().count());
}

#[test]
fn jwks_key_chosen_by_kid_and_reported() {
    let a = generate_keypair(KeyPairSpec::Ec(Curve::P256)).unwrap();
    let b = generate_keypair(KeyPairSpec::Ec(Curve::P256)).unwrap();
    let jwks = serde_json::json!({ "keys": [a.public_jwk, b.public_jwk] }).to_string();
    let keys = parse_key(&jwks, SecretEncoding::Utf8).unwrap();
    let private = parse_key(&b.private_pem, SecretEncoding::Utf8).unwrap();
    let header = format!(r#"{{"alg":"ES256","kid":"{}"}}"#, b.kid);
    let token = sign(&header, "{}", Algorithm::ES256, &private.keys[0])
        .unwrap()
        .token;
    let v = verify(
        &decode_unverified(&token),
        Some(&keys),
        &opts(Some(Algorithm::ES256)),
    );
    assert_eq!(v.signature, SignatureVerdict::Valid);
    let used = v.key_used.unwrap();
    assert_eq!((used.index, used.kid.as_deref()), (1, Some(b.kid.as_str())));
    // An unknown kid is "could not check", with the kids available named.
    let header = r#"{"alg":"ES256","kid":"nope"}"#;
    let token = sign(header, "{}", Algorithm::ES256, &private.keys[0])
        .unwrap()
        .token;
    let v = verify(
        &decode_unverified(&token),
        Some(&keys),
        &opts(Some(Algorithm::ES256)),
    );
    assert!(
        matches!(&v.signature, SignatureVerdict::Unchecked(e) if e.kind() == ErrorKind::KeyNotFound),
        "{:?}",
        v.signature
    );
}

#[test]
fn der_ecdsa_signature_is_named() {
    let pair = generate_keypair(KeyPairSpec::Ec(Curve::P256)).unwrap();
    let private = parse_key(&pair.private_pem, SecretEncoding::Utf8).unwrap();
    let token = sign("{}", "{}", Algorithm::ES256, &private.keys[0])
        .unwrap()
        .token;
    let (input, sig) = token.rsplit_once('.').unwrap();
    let raw = b64::decode_strict(sig).unwrap();
    let der = p256::ecdsa::Signature::from_slice(&raw).unwrap().to_der();
    let der_token = format!("{input}.{}", b64::encode(der.as_bytes()));
    let public = parse_key(&pair.public_pem, SecretEncoding::Utf8).unwrap();
    assert_eq!(
        refused_with(&verdict(&der_token, &public, None)),
        Some(ErrorKind::SignatureDer)
    );
}
