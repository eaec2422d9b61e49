//! Property tests: arbitrary text and bytes fed to decoding, key parsing, verifying
//! and signing never panic, and a few invariants hold on garbage:
//! - a decode with no problems is a well-formed JWS (three segments, an object
//!   header with a registered `alg`); anything else reports at least one problem;
//! - garbage never verifies (fixed HMAC and EC keys, algorithm pinned);
//! - a key parse that succeeds yields at least one key;
//! - what `sign::sign` produces verifies with the same key.
//!
//! Cases are kept small (256 per property) so the whole file runs in seconds in a
//! debug build.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use proptest::prelude::*;

use jwtscope::jose::b64;
use jwtscope::jose::claims::ClaimsOptions;
use jwtscope::jose::decode::{decode_unverified, Decoded, TokenForm, MAX_TOKEN_BYTES};
use jwtscope::jose::key::{parse_key, Key, KeySet, SecretEncoding};
use jwtscope::jose::sign::sign;
use jwtscope::jose::verify::{verify, SignatureVerdict, VerifyOptions};
use jwtscope::jose::{Algorithm, ErrorKind};

const CASES: u32 = 256;

/// An HMAC secret (32 bytes, as long as the SHA-256 output).
const SECRET: &str = "jwtscope-robustness-fixed-secret";

/// RFC 7515 Appendix A.3's P-256 key (public part, and the private one for signing).
const EC_PUBLIC: &str = r#"{"kty":"EC","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"}"#;
const EC_PRIVATE: &str = r#"{"kty":"EC","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0","d":"jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI"}"#;

/// RFC 8037 Appendix A's Ed25519 private key.
const ED_PRIVATE: &str = r#"{"kty":"OKP","crv":"Ed25519","d":"nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}"#;

const ENCODINGS: [SecretEncoding; 4] = [
    SecretEncoding::Utf8,
    SecretEncoding::Base64,
    SecretEncoding::Base64Url,
    SecretEncoding::Hex,
];

fn keyset(text: &str) -> KeySet {
    parse_key(text, SecretEncoding::Utf8).unwrap_or_else(|e| panic!("fixture key refused: {e:?}"))
}

fn key(text: &str) -> Key {
    keyset(text).keys.remove(0)
}

fn pinned(alg: Algorithm) -> VerifyOptions {
    VerifyOptions {
        alg: Some(alg),
        claims: ClaimsOptions {
            now: 1_700_000_000,
            ..ClaimsOptions::default()
        },
    }
}

/// The decode invariant: no problems only for a well-formed JWS.
fn assert_problems_unless_well_formed(input: &str, d: &Decoded) {
    if d.problems.is_empty() {
        assert_eq!(
            d.form,
            TokenForm::Jws,
            "no problems but not a JWS: {input:?}"
        );
        assert!(
            d.header_object().is_some(),
            "no problems but no header object: {input:?}"
        );
        assert!(d.alg().is_ok(), "no problems but no usable alg: {input:?}");
        assert!(
            d.signature.as_ref().is_some_and(|s| !s.is_empty()),
            "no problems but no signature: {input:?}"
        );
    }
}

/// Decode, then verify with no key, the HMAC key and the EC key: nothing may panic,
/// and nothing may come out valid.
fn decode_and_verify(input: &str) {
    let d = decode_unverified(input);
    assert_problems_unless_well_formed(input, &d);
    for (keys, alg) in [
        (None, None),
        (Some(keyset(SECRET)), Some(Algorithm::HS256)),
        (Some(keyset(EC_PUBLIC)), Some(Algorithm::ES256)),
    ] {
        let opts = alg.map(pinned).unwrap_or_default();
        let v = verify(&d, keys.as_ref(), &opts);
        assert_ne!(
            v.signature,
            SignatureVerdict::Valid,
            "garbage verified: {input:?} with {alg:?}"
        );
        assert!(!v.is_valid());
    }
}

/// Parse with every encoding: nothing may panic; success means at least one key.
fn parse_all(text: &str) {
    for enc in ENCODINGS {
        if let Ok(set) = parse_key(text, enc) {
            assert!(
                !set.keys.is_empty(),
                "parse_key succeeded with no key: {text:?} ({enc:?})"
            );
            for k in &set.keys {
                let _ = k.describe();
                let _ = k.usable_algorithms();
            }
        }
    }
}

/// Text made of the base64url alphabet and dots (and a few near misses).
fn tokenish() -> impl Strategy<Value = String> {
    "[A-Za-z0-9_\\-.=+/ ]{0,300}"
}

/// Three base64url segments of random bytes; the header sometimes a real one.
fn segments() -> impl Strategy<Value = String> {
    (
        prop_oneof![
            Just(b64::encode(br#"{"alg":"HS256"}"#)),
            Just(b64::encode(br#"{"alg":"ES256","kid":"x"}"#)),
            Just(b64::encode(br#"{"alg":"none"}"#)),
            Just(b64::encode(
                br#"{"alg":"HS256","b64":false,"crit":["b64"]}"#
            )),
            prop::collection::vec(any::<u8>(), 0..64).prop_map(|b| b64::encode(&b)),
        ],
        prop::collection::vec(any::<u8>(), 0..128),
        prop::collection::vec(any::<u8>(), 0..140),
        0usize..3,
    )
        // 0, 1 or 2 extra segments: a JWS, four segments, and the JWE shape.
        .prop_map(|(h, p, s, extra)| {
            format!(
                "{h}.{}.{}{}",
                b64::encode(&p),
                b64::encode(&s),
                ".e30".repeat(extra)
            )
        })
}

/// Key-shaped text: PEM armour around random DER, and JWKs with random members.
fn keyish() -> impl Strategy<Value = String> {
    let bytes = || prop::collection::vec(any::<u8>(), 0..300);
    prop_oneof![
        (
            prop_oneof![
                Just("PUBLIC KEY"),
                Just("RSA PUBLIC KEY"),
                Just("PRIVATE KEY"),
                Just("RSA PRIVATE KEY"),
                Just("EC PRIVATE KEY"),
                Just("CERTIFICATE"),
                Just("OPENSSH PRIVATE KEY"),
            ],
            bytes()
        )
            .prop_map(|(label, der)| format!(
                "-----BEGIN {label}-----\n{}\n-----END {label}-----\n",
                b64::encode_standard(&der)
            )),
        (bytes(), bytes()).prop_map(|(n, e)| format!(
            r#"{{"kty":"RSA","n":"{}","e":"{}"}}"#,
            b64::encode(&n),
            b64::encode(&e)
        )),
        (
            prop_oneof![
                Just("P-256"),
                Just("P-384"),
                Just("P-521"),
                Just("secp256k1"),
                Just("X")
            ],
            bytes(),
            bytes()
        )
            .prop_map(|(crv, x, y)| format!(
                r#"{{"kty":"EC","crv":"{crv}","x":"{}","y":"{}"}}"#,
                b64::encode(&x),
                b64::encode(&y)
            )),
        (bytes(), bytes()).prop_map(|(x, d)| format!(
            r#"{{"kty":"OKP","crv":"Ed25519","x":"{}","d":"{}"}}"#,
            b64::encode(&x),
            b64::encode(&d)
        )),
        bytes().prop_map(|k| format!(
            r#"{{"keys":[{{"kty":"oct","k":"{}"}},{}]}}"#,
            b64::encode(&k),
            EC_PUBLIC
        )),
        "\\{[\"a-z:,\\[\\]{}0-9 ]{0,80}",
    ]
}

/// A small JSON object as text (keys from a short alphabet, scalar values).
fn json_object() -> impl Strategy<Value = String> {
    prop::collection::btree_map(
        "[a-z]{1,4}",
        prop_oneof![
            any::<i64>().prop_map(serde_json::Value::from),
            any::<bool>().prop_map(serde_json::Value::from),
            ".{0,12}".prop_map(serde_json::Value::from),
        ],
        0..6,
    )
    .prop_map(|m| serde_json::to_string(&m).unwrap_or_default())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    #[test]
    fn arbitrary_strings_decode_and_never_verify(s in any::<String>()) {
        decode_and_verify(&s);
    }

    #[test]
    fn arbitrary_bytes_decode_and_never_verify(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        decode_and_verify(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn base64url_and_dots_decode_and_never_verify(s in tokenish()) {
        decode_and_verify(&s);
    }

    #[test]
    fn random_segments_decode_and_never_verify(s in segments()) {
        decode_and_verify(&s);
    }

    #[test]
    fn arbitrary_key_text_parses_without_panic(s in any::<String>()) {
        parse_all(&s);
    }

    #[test]
    fn arbitrary_key_bytes_parse_without_panic(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        parse_all(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn key_shaped_text_parses_without_panic(s in keyish()) {
        parse_all(&s);
    }

    #[test]
    fn sign_arbitrary_text_without_panic(header in any::<String>(), payload in any::<String>()) {
        for (k, alg) in [(key(SECRET), Algorithm::HS256), (key(EC_PRIVATE), Algorithm::ES256), (key(ED_PRIVATE), Algorithm::EdDSA)] {
            let _ = sign(&header, &payload, alg, &k);
        }
    }

    #[test]
    fn signed_objects_verify(header in json_object(), payload in json_object()) {
        for (private, public, alg) in [
            (key(SECRET), keyset(SECRET), Algorithm::HS256),
            (key(EC_PRIVATE), keyset(EC_PUBLIC), Algorithm::ES256),
            (key(ED_PRIVATE), keyset(ED_PRIVATE), Algorithm::EdDSA),
        ] {
            let Ok(signed) = sign(&header, &payload, alg, &private) else { continue };
            let d = decode_unverified(&signed.token);
            // Headers that name extensions (`crit`, `b64`) are refused on verify by
            // design; everything else a user can sign must verify.
            let extension = d.header_object().is_some_and(|h| h.contains_key("crit") || h.contains_key("b64"));
            if !extension {
                let v = verify(&d, Some(&public), &pinned(alg));
                prop_assert_eq!(&v.signature, &SignatureVerdict::Valid, "{} {} → {}", header, payload, signed.token);
            }
        }
    }
}

/// A 1 MiB token is refused as too large (after a quick look at its header), and
/// nothing downstream treats it as verifiable.
#[test]
fn one_mebibyte_token_is_refused_as_too_large() {
    let header = b64::encode(br#"{"alg":"HS256","typ":"JWT"}"#);
    let token = format!("{header}.{}.{}", "A".repeat(1 << 20), "B".repeat(43));
    assert!(token.len() > MAX_TOKEN_BYTES);
    let d = decode_unverified(&token);
    assert!(
        d.problems
            .iter()
            .any(|p| p.kind == ErrorKind::TooLarge && p.code() == "ERR_JWT_TOO_LARGE"),
        "{:?}",
        d.problems.iter().map(|p| p.code()).collect::<Vec<_>>()
    );
    assert!(
        d.payload.is_none(),
        "a too-large payload must not be decoded"
    );
    let v = verify(&d, Some(&keyset(SECRET)), &pinned(Algorithm::HS256));
    assert_ne!(v.signature, SignatureVerdict::Valid);
    // A mebibyte of garbage, and a mebibyte of dots, are refused the same way.
    for big in ["x".repeat(1 << 20), ".".repeat(1 << 20)] {
        let d = decode_unverified(&big);
        assert!(
            d.problems.iter().any(|p| p.kind == ErrorKind::TooLarge),
            "{}",
            &big[..8]
        );
    }
    // The key parser has its own bound.
    let e = parse_key(&"k".repeat((1 << 20) + 1), SecretEncoding::Utf8).err();
    assert_eq!(e.map(|e| e.kind()), Some(ErrorKind::KeyFormat));
}
