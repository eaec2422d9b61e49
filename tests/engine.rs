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
    // A secret names no single algorithm: the header's is taken only within the
    // secret's family (policy::choose_alg) — HS256 verifies, RS256 is refused.
    let v = verdict(JWT_IO, &secret("your-256-bit-secret"), None);
    assert_eq!(v, SignatureVerdict::Valid);
    let rs256 = format!(
        "{}.{}",
        b64::encode(br#"{"alg":"RS256"}"#),
        JWT_IO
            .split_once('.')
            .map(|(_, rest)| rest)
            .unwrap_or_default()
    );
    let v = verdict(&rs256, &secret("your-256-bit-secret"), None);
    assert_eq!(refused_with(&v), Some(ErrorKind::AlgMismatch));
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
    let key = secret("k");
    for (header, refused) in cases {
        // Made from exact segments (sign refuses what verify refuses: one rule).
        let token = jwtscope::jose::sign::sign_parts(
            &b64::encode(header.as_bytes()),
            &b64::encode(br#"{"a":1}"#),
            Algorithm::HS256,
            &key.keys[0],
        )
        .unwrap();
        let v = verdict(&token, &key, Some(Algorithm::HS256));
        let signed = sign(header, r#"{"a":1}"#, Algorithm::HS256, &key.keys[0]);
        if refused {
            assert_eq!(refused_with(&v), Some(ErrorKind::Crit), "{header}");
            assert_eq!(
                signed.map_err(|e| e.kind()).err(),
                Some(ErrorKind::Crit),
                "{header}"
            );
        } else {
            assert_eq!(v, SignatureVerdict::Valid, "{header}");
            assert!(signed.is_ok(), "{header}");
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

/// HS256 over raw payload bytes (base64url-encoded here), for payloads `sign` refuses.
fn hs256_raw(payload: &[u8], key: &str) -> String {
    let keys = secret(key);
    let header = b64::encode(br#"{"alg":"HS256"}"#);
    jwtscope::jose::sign::sign_parts(
        &header,
        &b64::encode(payload),
        Algorithm::HS256,
        &keys.keys[0],
    )
    .unwrap()
}

/// HS256 over an unencoded payload (`b64: false`, RFC 7797), which `sign` refuses.
fn hs256_unencoded(payload: &str, key: &str) -> String {
    let keys = secret(key);
    let header = b64::encode(br#"{"alg":"HS256","b64":false,"crit":["b64"]}"#);
    jwtscope::jose::sign::sign_parts(&header, payload, Algorithm::HS256, &keys.keys[0]).unwrap()
}

fn verified(token: &str, key: &str) -> jwtscope::jose::verify::Verification {
    verify(
        &decode_unverified(token),
        Some(&secret(key)),
        &opts(Some(Algorithm::HS256)),
    )
}

// RFC 7519 §7.2 steps 9–10: a claim that could not be read never counts as passed.
#[test]
fn unreadable_claims_are_never_valid() {
    let expired = NOW - 60;
    let payloads: Vec<(&str, Vec<u8>)> = vec![
        (
            "trailing comma",
            format!(r#"{{"exp":{expired},}}"#).into_bytes(),
        ),
        (
            "lone surrogate",
            format!(r#"{{"exp":{expired},"n":"\ud800"}}"#).into_bytes(),
        ),
        (
            "number out of range",
            format!(r#"{{"exp":{expired},"n":1e400}}"#).into_bytes(),
        ),
        ("exp out of range", b"{\"exp\":1e400}".to_vec()),
        ("0xFF byte", {
            let mut p = format!(r#"{{"exp":{expired},"n":""#).into_bytes();
            p.extend_from_slice(&[0xff, b'"', b'}']);
            p
        }),
        ("unclosed", format!(r#"{{"exp":{expired}"#).into_bytes()),
    ];
    for (what, payload) in payloads {
        let v = verified(&hs256_raw(&payload, "k"), "k");
        assert_eq!(v.signature, SignatureVerdict::Valid, "{what}");
        assert_eq!(v.claims.status, ClaimsStatus::Unreadable, "{what}");
        assert_eq!(v.claims.status.as_str(), "unreadable");
        assert_eq!(
            v.claims.errors.first().map(|e| e.code()),
            Some("ERR_JWT_CLAIMS_UNREADABLE"),
            "{what}"
        );
        assert!(
            !v.is_valid(),
            "{what}: an unreadable payload verified as valid"
        );
    }
}

#[test]
fn duplicate_claims_are_never_valid_encoded_or_not() {
    let payload = format!(r#"{{"exp":{},"exp":{}}}"#, NOW - 60, NOW + 60);
    // base64url-encoded: the signature is refused (RFC 7515 §5.2).
    let v = verified(&hs256_raw(payload.as_bytes(), "k"), "k");
    assert!(!v.is_valid());
    // b64: false (RFC 7797): the signature checks, and the payload is no JWT's.
    let v = verified(&hs256_unencoded(&payload, "k"), "k");
    assert_eq!(v.signature, SignatureVerdict::Valid);
    assert_eq!(v.claims.status, ClaimsStatus::NotJwt);
    assert!(!v.is_valid());
}

/// RFC 7797 §7: "JSON Web Tokens [JWT] MUST NOT use "b64" with a "false" value".
/// A JWS with an unencoded payload keeps its signature verdict, but even a clean
/// claims set in it is not a JWT (as PyJWT and jose refuse it).
#[test]
fn an_unencoded_payload_is_not_a_jwt() {
    let payload = format!(r#"{{"sub":"admin","exp":{}}}"#, NOW + 3600);
    let v = verified(&hs256_unencoded(&payload, "k"), "k");
    assert_eq!(v.signature, SignatureVerdict::Valid);
    assert_eq!(v.claims.status, ClaimsStatus::NotJwt);
    let reason = &v.claims.errors[0];
    assert_eq!(reason.code(), "ERR_JWT_NOT_A_JWT");
    assert!(reason.message().contains("RFC 7797 §7"), "{reason}");
    assert!(!v.is_valid());
    // The same payload base64url-encoded is a valid JWT.
    assert!(verified(&hs256_raw(payload.as_bytes(), "k"), "k").is_valid());
}

/// A claims set after a byte order mark was meant as one, but JSON text must not
/// start with a BOM (RFC 8259 §8.1): unreadable and named for it, not "text".
#[test]
fn a_claims_set_after_a_byte_order_mark_is_unreadable() {
    let payload = format!("\u{FEFF}{{\"sub\":\"a\",\"exp\":{}}}", NOW + 3600);
    let v = verified(&hs256_raw(payload.as_bytes(), "k"), "k");
    assert_eq!(v.signature, SignatureVerdict::Valid);
    assert_eq!(v.claims.status, ClaimsStatus::Unreadable);
    let reason = &v.claims.errors[0];
    assert!(reason.message().contains("byte order mark"), "{reason}");
    assert!(!v.is_valid());
    // A BOM before anything else is still not a JWT.
    let v = verified(&hs256_raw("\u{FEFF}hello".as_bytes(), "k"), "k");
    assert_eq!(v.claims.status, ClaimsStatus::NotJwt);
}

// RFC 7519 §7.2 step 10: a JWT's payload is a JSON object. Any other JWS payload
// keeps its signature verdict but is not a JWT.
#[test]
fn a_payload_that_is_not_an_object_is_not_a_jwt() {
    let payloads: [(&str, &[u8]); 6] = [
        (
            "RFC 7520 text",
            "It\u{2019}s a dangerous business, Frodo".as_bytes(),
        ),
        ("array", b"[1,2,3]"),
        ("string", b"\"hello\""),
        ("number", b"1700000000"),
        ("binary", &[0x00, 0xff, 0x10, 0x80]),
        ("empty", b""),
    ];
    for (what, payload) in payloads {
        let v = verified(&hs256_raw(payload, "k"), "k");
        assert_eq!(v.signature, SignatureVerdict::Valid, "{what}");
        assert_eq!(v.claims.status, ClaimsStatus::NotJwt, "{what}");
        assert_eq!(v.claims.status.as_str(), "not_jwt");
        let e = v.claims.errors.first();
        assert_eq!(e.map(|e| e.code()), Some("ERR_JWT_NOT_A_JWT"), "{what}");
        assert!(
            e.is_some_and(|e| e.message().starts_with("not a JWT: the payload is")),
            "{what}: {e:?}"
        );
        assert!(!v.is_valid(), "{what}");
    }
    // A nested JWT (RFC 7519 §5.2) is named as such: its claims are in the inner token.
    let keys = secret("k");
    let header = b64::encode(br#"{"alg":"HS256","cty":"JWT"}"#);
    let nested = jwtscope::jose::sign::sign_parts(
        &header,
        &b64::encode(JWT_IO.as_bytes()),
        Algorithm::HS256,
        &keys.keys[0],
    )
    .unwrap();
    let v = verified(&nested, "k");
    assert_eq!(v.claims.status, ClaimsStatus::NotJwt);
    assert!(v.claims.errors[0].message().contains("nested JWT"));
    // An object is a claims set, even with nothing to check.
    let v = verified(&hs256_raw(b"{}", "k"), "k");
    assert_eq!(v.claims.status, ClaimsStatus::None);
    assert!(v.is_valid());
}

/// `n − s` for a 32-byte big-endian `s`: the other valid S of an ECDSA signature.
fn negate_s(order: &[u8; 32], s: &[u8]) -> Vec<u8> {
    let mut out = vec![0u8; 32];
    let mut borrow = 0i16;
    for i in (0..32).rev() {
        let d = i16::from(order[i]) - i16::from(s[i]) - borrow;
        borrow = i16::from(d < 0);
        out[i] = d.rem_euclid(256) as u8;
    }
    out
}

/// The token with its ECDSA signature's S replaced by `n − S`.
fn with_high_s(token: &str, order: &[u8; 32]) -> String {
    let (input, sig) = token.rsplit_once('.').unwrap();
    let sig = b64::decode_strict(sig).unwrap();
    let (r, s) = sig.split_at(32);
    let mut high = r.to_vec();
    high.extend(negate_s(order, s));
    format!("{input}.{}", b64::encode(&high))
}

// RFC 8812 §3.2 does not require low S: a high-S ES256K signature verifies, with a warning.
#[test]
fn es256k_accepts_a_high_s_signature_and_says_so() {
    const SECP256K1_N: [u8; 32] = [
        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0xFE, 0xBA, 0xAE, 0xDC, 0xE6, 0xAF, 0x48, 0xA0, 0x3B, 0xBF, 0xD2, 0x5E, 0x8C, 0xD0, 0x36,
        0x41, 0x41,
    ];
    let pair = generate_keypair(KeyPairSpec::Ec(Curve::Secp256k1)).unwrap();
    let private = parse_key(&pair.private_pem, SecretEncoding::Utf8).unwrap();
    let public = parse_key(&pair.public_pem, SecretEncoding::Utf8).unwrap();
    let token = sign("{}", r#"{"sub":"k"}"#, Algorithm::ES256K, &private.keys[0])
        .unwrap()
        .token;
    let low = verify(&decode_unverified(&token), Some(&public), &opts(None));
    assert_eq!(low.signature, SignatureVerdict::Valid);
    assert!(low.warnings.iter().all(|w| w.code() != "WARN_ECDSA_HIGH_S"));

    let high = with_high_s(&token, &SECP256K1_N);
    assert_ne!(high, token);
    let v = verify(&decode_unverified(&high), Some(&public), &opts(None));
    assert_eq!(v.signature, SignatureVerdict::Valid);
    assert!(v.is_valid());
    let w = v.warnings.iter().find(|w| w.code() == "WARN_ECDSA_HIGH_S");
    assert!(
        w.is_some_and(|w| w.message.contains("high S") && w.message.contains("RFC 8812")),
        "{:?}",
        v.warnings
    );
    // Still bound to the key and the message.
    let tampered = high.replacen(".eyJ", ".eyK", 1);
    let v = verify(&decode_unverified(&tampered), Some(&public), &opts(None));
    assert_ne!(v.signature, SignatureVerdict::Valid);
}

// P-256 was never low-S strict (FIPS 186-5 does not ask for it): keep it that way.
#[test]
fn es256_accepts_a_high_s_signature() {
    const P256_N: [u8; 32] = [
        0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0xFF, 0xBC, 0xE6, 0xFA, 0xAD, 0xA7, 0x17, 0x9E, 0x84, 0xF3, 0xB9, 0xCA, 0xC2, 0xFC, 0x63,
        0x25, 0x51,
    ];
    let pair = generate_keypair(KeyPairSpec::Ec(Curve::P256)).unwrap();
    let private = parse_key(&pair.private_pem, SecretEncoding::Utf8).unwrap();
    let public = parse_key(&pair.public_pem, SecretEncoding::Utf8).unwrap();
    let token = sign("{}", r#"{"sub":"p"}"#, Algorithm::ES256, &private.keys[0])
        .unwrap()
        .token;
    let high = with_high_s(&token, &P256_N);
    let v = verify(&decode_unverified(&high), Some(&public), &opts(None));
    assert_eq!(v.signature, SignatureVerdict::Valid);
}

// ---------------------------------------------------------------------------
// Messages name their subject once ("payload: payload segment: …" was one).

/// The first word of a `": "`-separated part that is not an article, lower case.
fn subject(part: &str) -> Option<String> {
    part.split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .find(|w| !matches!(w.as_str(), "" | "the" | "a" | "an" | "decoded"))
}

/// Whether two consecutive parts of a message start with the same subject.
fn stutters(message: &str) -> bool {
    let parts: Vec<&str> = message.split(": ").collect();
    parts
        .windows(2)
        .any(|w| subject(w[0]).is_some() && subject(w[0]) == subject(w[1]))
}

#[test]
fn the_stutter_check_catches_a_stutter() {
    assert!(stutters(
        "payload: payload segment: invalid base64url character"
    ));
    assert!(stutters("header: the header has no \"alg\""));
    assert!(stutters("the key in k.pem: the key text is 5 bytes"));
    assert!(!stutters(
        "payload: invalid base64url character '!' at byte 4"
    ));
}

#[test]
fn decode_problems_and_their_errors_do_not_stutter() {
    let header = b64::encode(br#"{"alg":"HS256"}"#);
    let tokens = [
        JWT_IO.replacen("eyJzdWIi", "eyJz!WIi", 1),
        JWT_IO.replacen("eyJhbGci", "eyJhbGc=", 1),
        format!("{header}.e30"),
        format!(".{}", &JWT_IO[JWT_IO.find('.').unwrap() + 1..]),
        format!("{header}.{}.c2ln", b64::encode(&[0x7b, 0xff])),
        format!("{header}.{}.c2ln", b64::encode(b"{\"a\":}")),
        format!("{header}.{}.c2ln", b64::encode(b"[1]")),
        format!("{header}.e30."),
        format!("{}.e30.c2ln", b64::encode(br#"{"typ":"JWT"}"#)),
        format!("{}.e30.c2ln", b64::encode(br#"{"alg":"none"}"#)),
        format!("{header}..c2l*"),
        format!(
            "{}.a.b.c!.d",
            b64::encode(br#"{"alg":"RSA-OAEP","enc":"A256GCM"}"#)
        ),
        format!("{} {}", &JWT_IO[..10], &JWT_IO[10..]),
    ];
    let mut seen = 0;
    for token in &tokens {
        let d = decode_unverified(token);
        for p in &d.problems {
            seen += 1;
            let error = p.to_error();
            assert!(!stutters(&p.message), "{token}: {}", p.message);
            assert!(!stutters(error.message()), "{token}: {error}");
        }
        if let SignatureVerdict::Invalid(e) | SignatureVerdict::Unchecked(e) =
            verdict(token, &secret("your-256-bit-secret"), None)
        {
            assert!(!stutters(e.message()), "{token}: {e}");
        }
    }
    assert!(seen >= tokens.len(), "every token has a problem");
}

#[test]
fn key_errors_do_not_stutter() {
    let inputs = [
        (
            "-----BEGIN PUBLIC KEY-----\nMCow*QYDK2VwAyEA\n-----END PUBLIC KEY-----\n",
            SecretEncoding::Utf8,
        ),
        (
            "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA\n",
            SecretEncoding::Utf8,
        ),
        (
            r#"{"kty":"RSA","n":"a*b","e":"AQAB"}"#,
            SecretEncoding::Utf8,
        ),
        (r#"{"kty":"EC","crv":"P-256"}"#, SecretEncoding::Utf8),
        ("abc*", SecretEncoding::Base64),
        ("QQ==QQ", SecretEncoding::Base64Url),
        ("abz", SecretEncoding::Hex),
        ("ssh-ed25519 AAAA!!!!", SecretEncoding::Utf8),
    ];
    for (text, encoding) in inputs {
        let e = parse_key(text, encoding).expect_err(text);
        assert!(!stutters(e.message()), "{text}: {e}");
    }
}

/// A payload with a byte that is not UTF-8: the problem names the byte and its
/// offset, or says that the bytes end inside a character (review of session 16: a
/// character cut short was called an invalid byte, and one Latin-1 byte hid every
/// claim behind 256 bytes of hex); the claims are shown, and the claims set is
/// unreadable, so the token is never valid.
#[test]
fn a_payload_that_is_not_utf8_is_named_and_never_valid() {
    let mut payload = format!(r#"{{"sub":"admin","exp":{},"name":"Jos"#, NOW + 60).into_bytes();
    let at = payload.len();
    payload.extend_from_slice(b"\xe9\"}");
    let token = hs256_raw(&payload, "k");
    let d = decode_unverified(&token);
    let problem = d.problems.iter().find(|p| p.code() == "ERR_UTF8").unwrap();
    assert_eq!(problem.offset, Some(at));
    assert!(
        problem.message.contains("invalid byte 0xe9"),
        "{}",
        problem.message
    );
    // "Decode never gives up": the claims are shown, with U+FFFD for the byte.
    let claims = d.claims().expect("the claims are shown");
    assert_eq!(claims["sub"], "admin");
    assert_eq!(claims["name"], "Jos\u{fffd}");
    let v = verified(&token, "k");
    assert_eq!(v.signature, SignatureVerdict::Valid);
    assert_eq!(v.claims.status, ClaimsStatus::Unreadable);
    assert!(!v.is_valid());
    // Its times are reported, for people, and never make it valid.
    assert!(v.claims.times.iter().any(|t| t.name == "exp"));
    // Bytes not meant as JSON stay bytes, in hex.
    let d = decode_unverified(&hs256_raw(b"\xff\xfe binary", "k"));
    assert!(d
        .payload
        .as_ref()
        .unwrap()
        .text
        .starts_with("not UTF-8 text:"));
    let d = decode_unverified(&hs256_raw(b"{\"a\":\"\xe2\x82", "k"));
    let problem = d.problems.iter().find(|p| p.code() == "ERR_UTF8").unwrap();
    assert!(
        problem.message.contains("end inside a character"),
        "{}",
        problem.message
    );
    assert_eq!(problem.offset, Some(6));
}
