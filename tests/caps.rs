//! Adversarial inputs at the engine's size caps (the trust issue's "bounded, linear
//! work everywhere"): for each cap, the input just over it is refused with its stable
//! code, and the worst input just under it is answered. Only behaviour is asserted
//! here; the time each worst case takes is measured by `cargo bench --bench engine --
//! caps` (budget: 50 ms natively, release build).
//!
//! The caps: [`MAX_TOKEN_BYTES`] and [`MAX_SEGMENTS`] (decode.rs),
//! [`MAX_PROBLEMS_PER_SEGMENT`] (problem.rs), [`MAX_JSON_DEPTH`] (json.rs),
//! [`MAX_KEY_TEXT`], [`MAX_JWKS_KEYS`], [`MAX_KEY_OPS`], [`MAX_RSA_BITS`] and "no RSA
//! number longer than n" (key/).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use jwtscope::jose::b64;
use jwtscope::jose::error::ErrorKind;
use jwtscope::jose::key::{
    parse_key, private_jwk, KeySet, SecretEncoding, MAX_JWKS_KEYS, MAX_KEY_OPS, MAX_KEY_TEXT,
    MAX_RSA_BITS,
};
use jwtscope::jose::Algorithm;
use serde_json::{json, Value};

// ---------------------------------------------------------------------------
// helpers
// ---------------------------------------------------------------------------

fn fixture(name: &str) -> String {
    let full = format!("{}/tests/vectors/keys/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{full}: {e}"))
}

fn parse(text: &str) -> KeySet {
    parse_key(text, SecretEncoding::Utf8).unwrap_or_else(|e| panic!("{e:?}"))
}

/// The error of a refused key text.
fn refusal(text: &str) -> (ErrorKind, String) {
    match parse_key(text, SecretEncoding::Utf8) {
        Ok(set) => panic!("expected a refusal, got {}", set.describe()),
        Err(e) => (e.kind(), e.message().to_string()),
    }
}

fn assert_refused(text: &str, kind: ErrorKind, needle: &str) {
    let (got, message) = refusal(text);
    assert_eq!(got, kind, "message: {message}");
    assert!(
        message.contains(needle),
        "expected {needle:?} in the message\n   got: {message}"
    );
}

/// The RSA-2048 fixture as a private JWK (n, e, d, p, q, dp, dq, qi).
fn rsa_jwk() -> Value {
    let key = parse(&fixture("rsa2048.pkcs8.pem")).keys.remove(0);
    private_jwk(&key).expect("private JWK")
}

fn member(jwk: &Value, name: &str) -> Vec<u8> {
    b64::decode_strict(jwk[name].as_str().expect("member")).expect("base64url")
}

/// A DER length.
fn der_len(n: usize) -> Vec<u8> {
    if n < 0x80 {
        return vec![n as u8];
    }
    let bytes: Vec<u8> = n
        .to_be_bytes()
        .into_iter()
        .skip_while(|&b| b == 0)
        .collect();
    let mut out = vec![0x80 | bytes.len() as u8];
    out.extend(bytes);
    out
}

fn der(tag: u8, body: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    out.extend(der_len(body.len()));
    out.extend_from_slice(body);
    out
}

/// A DER INTEGER holding the unsigned big-endian `value`.
fn der_uint(value: &[u8]) -> Vec<u8> {
    let mut body = value.to_vec();
    if body.first().is_none_or(|&b| b & 0x80 != 0) {
        body.insert(0, 0);
    }
    der(0x02, &body)
}

/// PKCS#1 `RSAPrivateKey` (RFC 8017 Appendix A.1.2) from the members of `jwk`, with
/// `replace` swapped in.
fn pkcs1_der(jwk: &Value, replace: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let mut body = der_uint(&[0]);
    for name in ["n", "e", "d", "p", "q", "dp", "dq", "qi"] {
        let value = replace
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_else(|| member(jwk, name));
        body.extend(der_uint(&value));
    }
    der(0x30, &body)
}

/// PKCS#8 `PrivateKeyInfo` (RFC 5208 §5) around a PKCS#1 key.
fn pkcs8_der(pkcs1: &[u8]) -> Vec<u8> {
    let rsa_encryption = [
        0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00,
    ];
    let mut body = der_uint(&[0]);
    body.extend(der(0x30, &rsa_encryption));
    body.extend(der(0x04, pkcs1));
    der(0x30, &body)
}

fn pem(label: &str, der: &[u8]) -> String {
    let body = b64::encode_standard(der);
    let mut out = format!("-----BEGIN {label}-----\n");
    for line in body.as_bytes().chunks(64) {
        out.push_str(std::str::from_utf8(line).expect("ascii"));
        out.push('\n');
    }
    out.push_str(&format!("-----END {label}-----\n"));
    out
}

/// An odd number `bytes` long, all ones: as large as that length allows.
fn huge(bytes: usize) -> Vec<u8> {
    vec![0xff; bytes]
}

// ---------------------------------------------------------------------------
// RSA numbers (item 3): d, p, q, dp, dq, qi no longer than n; n at most MAX_RSA_BITS
// ---------------------------------------------------------------------------

/// Primes of hundreds of KB used to overflow the stack in the bignum multiplication
/// (p·q is compared with n): now refused by length before any arithmetic.
#[test]
fn rsa_jwk_with_huge_primes_is_refused_before_arithmetic() {
    let mut jwk = rsa_jwk();
    jwk["p"] = b64::encode(&huge(300_000)).into();
    jwk["q"] = b64::encode(&huge(300_000)).into();
    let text = jwk.to_string();
    assert!(text.len() <= MAX_KEY_TEXT);
    assert_refused(&text, ErrorKind::KeyTooLarge, "\"p\"");
}

#[test]
fn rsa_pkcs1_and_pkcs8_with_huge_primes_are_refused_before_arithmetic() {
    let jwk = rsa_jwk();
    let big = [("p", huge(300_000)), ("q", huge(300_000))];
    let pkcs1 = pem("RSA PRIVATE KEY", &pkcs1_der(&jwk, &big));
    assert!(pkcs1.len() <= MAX_KEY_TEXT);
    assert_refused(&pkcs1, ErrorKind::KeyTooLarge, "p");
    let pkcs8 = pem("PRIVATE KEY", &pkcs8_der(&pkcs1_der(&jwk, &big)));
    assert!(pkcs8.len() <= MAX_KEY_TEXT);
    assert_refused(&pkcs8, ErrorKind::KeyTooLarge, "p");
}

/// Each private number one byte longer than n is refused by name, in both formats;
/// at n's own length it reaches the `rsa` crate's checks (and is refused there, as
/// inconsistent, without crashing).
#[test]
fn every_rsa_private_number_is_bounded_by_n() {
    let jwk = rsa_jwk();
    let n_len = member(&jwk, "n").len();
    for name in ["d", "p", "q", "dp", "dq", "qi"] {
        let mut over = jwk.clone();
        over[name] = b64::encode(&huge(n_len + 1)).into();
        assert_refused(
            &over.to_string(),
            ErrorKind::KeyTooLarge,
            &format!("\"{name}\""),
        );
        let over_der = pem(
            "RSA PRIVATE KEY",
            &pkcs1_der(&jwk, &[(name, huge(n_len + 1))]),
        );
        let (kind, message) = refusal(&over_der);
        assert_eq!(kind, ErrorKind::KeyTooLarge, "{name}: {message}");

        let mut at = jwk.clone();
        at[name] = b64::encode(&huge(n_len)).into();
        let (kind, message) = refusal(&at.to_string());
        assert_ne!(kind, ErrorKind::KeyTooLarge, "{name}: {message}");
        let at_der = pem("RSA PRIVATE KEY", &pkcs1_der(&jwk, &[(name, huge(n_len))]));
        let (kind, message) = refusal(&at_der);
        assert_ne!(kind, ErrorKind::KeyTooLarge, "{name}: {message}");
    }
}

#[test]
fn rsa_modulus_is_capped_at_max_rsa_bits() {
    assert_eq!(MAX_RSA_BITS, 8192);
    let set = parse(&fixture("rsa8192.pkcs8.pem"));
    assert_eq!(set.keys[0].bits(), Some(MAX_RSA_BITS));
    let set = parse(&fixture("rsa8192.spki.pem"));
    assert_eq!(set.keys[0].bits(), Some(MAX_RSA_BITS));
    // One bit over: an (odd) 8193-bit modulus.
    let mut n = vec![0xffu8; MAX_RSA_BITS / 8 + 1];
    n[0] = 0x01;
    let jwk = json!({"kty": "RSA", "n": b64::encode(&n), "e": "AQAB"});
    assert_refused(&jwk.to_string(), ErrorKind::KeyTooLarge, "8193 bits");
}
// ---------------------------------------------------------------------------
// PEM armour scanning (item 4): linear in the text
// ---------------------------------------------------------------------------

/// A mebibyte of boundary lines on one line used to take 20 s (each boundary
/// searched the rest of the text again); the answer is the same, found in one pass.
#[test]
fn a_line_of_boundaries_is_scanned_once() {
    // Back to back, the closing dashes run into the next line's: a damaged line.
    let unit = "-----END X-----";
    let text = unit.repeat((MAX_KEY_TEXT - 64) / unit.len());
    assert_refused(&text, ErrorKind::KeyPemArmour, "damaged PEM END line");
    let unit = "-----END X----- ";
    let text = unit.repeat((MAX_KEY_TEXT - 64) / unit.len());
    assert_refused(&text, ErrorKind::KeyPemArmour, "without a BEGIN");
    let unit = "-----BEGIN X----- ";
    let begins = unit.repeat((MAX_KEY_TEXT - 64) / unit.len());
    assert_refused(
        &begins,
        ErrorKind::KeyPemArmour,
        "BEGIN X line before the END",
    );
    // A BEGIN, then boundary-like text the scanner must step over: no END.
    let dashes = format!("-----BEGIN X-----{}", "-----BEGI".repeat(100_000));
    let (kind, _) = refusal(&dashes);
    assert_eq!(kind, ErrorKind::KeyPemArmour);
    // Many blocks: only the first is used, and the note lists a few of the rest.
    let block = pem("PUBLIC KEY", &b64::decode_any(ED25519_SPKI).expect("b64"));
    let text = block.repeat((MAX_KEY_TEXT - 64) / block.len());
    let set = parse(&text);
    let note = set.keys[0]
        .notes
        .iter()
        .find(|n| n.contains("more PEM block"))
        .expect("a note");
    assert!(note.len() < 400, "{note}");
}

const ED25519_SPKI: &str = "MCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=";
// ---------------------------------------------------------------------------
// JWK and JWKS (item 4): key_ops entries, keys per set, shared kids
// ---------------------------------------------------------------------------

fn oct(extra: &str) -> String {
    format!(r#"{{"kty":"oct","k":"c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0"{extra}}}"#)
}

fn key_ops(n: usize) -> String {
    let ops: Vec<String> = (0..n).map(|i| format!("\"{i:x}\"")).collect();
    format!(r#","key_ops":["verify",{}]"#, ops.join(","))
}

#[test]
fn key_ops_are_capped() {
    let at = parse(&oct(&key_ops(MAX_KEY_OPS - 1)));
    assert_eq!(at.keys[0].key_ops.as_ref().map(Vec::len), Some(MAX_KEY_OPS));
    assert_refused(
        &oct(&key_ops(MAX_KEY_OPS)),
        ErrorKind::KeyTooLarge,
        "key_ops",
    );
    // The measured case: 106k entries in one JWK.
    assert_refused(&oct(&key_ops(106_000)), ErrorKind::KeyTooLarge, "key_ops");
}

/// `n` private P-256 JWKs (RFC 7515 Appendix A.3) sharing one kid.
fn jwks_of(n: usize, member: &str) -> String {
    let keys = vec![member; n].join(",");
    format!(r#"{{"keys":[{keys}]}}"#)
}

const P256_PRIVATE: &str = r#"{"kty":"EC","crv":"P-256","kid":"same","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0","d":"jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI"}"#;

#[test]
fn jwks_key_count_is_capped() {
    let at = parse(&jwks_of(MAX_JWKS_KEYS, P256_PRIVATE));
    assert_eq!(at.keys.len(), MAX_JWKS_KEYS);
    // Every key shares the kid: each note names a few of the others, not all.
    for key in &at.keys {
        let shared: Vec<&String> = key.notes.iter().filter(|n| n.contains("shared")).collect();
        assert_eq!(shared.len(), 1, "{:?}", key.notes);
        assert!(shared[0].len() < 400, "{}", shared[0]);
    }
    assert_eq!(at.keys[3].kind_label(), "EC");
    // The copies are one key: selecting by the kid picks the first.
    let (index, _) = at.select(Algorithm::ES256, Some("same")).expect("one key");
    assert_eq!(index, 0);

    let over = jwks_of(MAX_JWKS_KEYS + 1, P256_PRIVATE);
    assert_refused(&over, ErrorKind::KeyTooLarge, &MAX_JWKS_KEYS.to_string());
    // The measured case: 10,000 keys sharing a kid.
    let oct_same_kid = oct(r#","kid":"k""#);
    assert_refused(
        &jwks_of(10_000, &oct_same_kid),
        ErrorKind::KeyTooLarge,
        "keys",
    );
}

/// Distinct keys sharing a kid are refused as ambiguous, and the message stays short.
#[test]
fn shared_kids_of_distinct_keys_stay_bounded() {
    let keys: Vec<String> = (0..MAX_JWKS_KEYS)
        .map(|i| {
            format!(
                r#"{{"kty":"oct","kid":"k","k":"{}"}}"#,
                b64::encode(format!("secret number {i:04}").as_bytes())
            )
        })
        .collect();
    let set = parse(&format!(r#"{{"keys":[{}]}}"#, keys.join(",")));
    let e = set.select(Algorithm::HS256, Some("k")).err();
    let e = e.expect("ambiguous");
    assert_eq!(e.kind(), ErrorKind::KeyAmbiguous);
    assert!(e.message().len() < 400, "{}", e.message());
}

