//! Adversarial inputs at the engine's size caps (the trust issue's "bounded, linear
//! work everywhere"): for each cap, the input just over it is refused with its stable
//! code, and the worst input just under it is answered. Only behaviour is asserted
//! here; the time each worst case takes is measured by `cargo bench --bench engine --
//! caps` (budget: 50 ms natively, release build).
//!
//! The caps: [`MAX_INPUT_BYTES`], [`MAX_TOKEN_BYTES`] and [`MAX_SEGMENTS`] (decode.rs),
//! [`MAX_PROBLEMS_PER_SEGMENT`] (problem.rs), [`MAX_JSON_DEPTH`] (json.rs),
//! [`MAX_KEY_TEXT`], [`MAX_JWKS_KEYS`], [`MAX_JWKS_PRIVATE_KEYS`], [`MAX_KEY_OPS`],
//! [`MAX_RSA_BITS`] and "no RSA number longer than n" (key/).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use jwtscope::jose::b64;
use jwtscope::jose::decode::{
    decode_unverified, Decoded, MAX_INPUT_BYTES, MAX_SEGMENTS, MAX_TOKEN_BYTES,
};
use jwtscope::jose::error::ErrorKind;
use jwtscope::jose::json::MAX_JSON_DEPTH;
use jwtscope::jose::key::{
    parse_key, private_jwk, KeyOp, KeySet, SecretEncoding, MAX_JWKS_KEYS, MAX_JWKS_PRIVATE_KEYS,
    MAX_KEY_OPS, MAX_KEY_TEXT, MAX_PEM_BLOCKS, MAX_RSA_BITS, MAX_RSA_RECOVERY_BITS,
};
use jwtscope::jose::policy::select_key;
use jwtscope::jose::problem::{SegmentName, MAX_PROBLEMS_PER_SEGMENT};
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

fn codes(d: &Decoded) -> Vec<&'static str> {
    d.problems.iter().map(|p| p.code()).collect()
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
    let at = block.repeat(MAX_PEM_BLOCKS);
    let notes = parse(&at).keys.remove(0).notes;
    assert!(
        notes
            .iter()
            .any(|n| n.contains(&format!("{} more PEM block", MAX_PEM_BLOCKS - 1))),
        "{notes:?}"
    );
    assert!(!notes.iter().any(|n| n.contains("not read")), "{notes:?}");
    // Over MAX_PEM_BLOCKS, the rest of the text is not read (even a damaged block).
    let over = format!("{at}-----BEGIN broken");
    let notes = parse(&over).keys.remove(0).notes;
    assert!(notes.iter().any(|n| n.contains("not read")), "{notes:?}");
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
/// The primes of an RSA JWK given as n, e and d alone are recovered up to
/// MAX_RSA_RECOVERY_BITS; above it the key must carry them.
#[test]
fn rsa_prime_recovery_is_capped() {
    assert_eq!(MAX_RSA_RECOVERY_BITS, 4096);
    let n_e_d = |file: &str| {
        let key = parse(&fixture(file)).keys.remove(0);
        let mut jwk = private_jwk(&key).expect("private JWK");
        for m in ["p", "q", "dp", "dq", "qi"] {
            jwk.as_object_mut().map(|o| o.remove(m));
        }
        jwk.to_string()
    };
    let at = parse(&n_e_d("rsa4096.pkcs8.pem"));
    assert_eq!(at.keys[0].bits(), Some(MAX_RSA_RECOVERY_BITS));
    assert!(at.keys[0].notes.iter().any(|n| n.contains("recovered")));
    assert_refused(
        &n_e_d("rsa8192.pkcs8.pem"),
        ErrorKind::KeyTooLarge,
        "no p and q",
    );
}

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

/// A JWK Set of `private` copies of the P-256 private JWK of RFC 7515 Appendix A.3
/// then `public` copies of its public half, all with one kid.
fn p256_set(private: usize, public: usize) -> String {
    let mut keys = vec![P256_PRIVATE; private];
    keys.extend(vec![P256_PUBLIC; public]);
    format!(r#"{{"keys":[{}]}}"#, keys.join(","))
}

const P256_PRIVATE: &str = r#"{"kty":"EC","crv":"P-256","kid":"same","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0","d":"jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI"}"#;
const P256_PUBLIC: &str = r#"{"kty":"EC","crv":"P-256","kid":"same","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"}"#;

#[test]
fn jwks_key_count_is_capped() {
    // At both caps: MAX_JWKS_PRIVATE_KEYS private keys among MAX_JWKS_KEYS.
    let at = parse(&p256_set(
        MAX_JWKS_PRIVATE_KEYS,
        MAX_JWKS_KEYS - MAX_JWKS_PRIVATE_KEYS,
    ));
    assert_eq!(at.keys.len(), MAX_JWKS_KEYS);
    // Every key shares the kid: each note names a few of the others, not all.
    for key in &at.keys {
        let shared: Vec<&String> = key.notes.iter().filter(|n| n.contains("shared")).collect();
        assert_eq!(shared.len(), 1, "{:?}", key.notes);
        assert!(shared[0].len() < 400, "{}", shared[0]);
    }
    assert_eq!(at.keys[3].kind_label(), "EC");
    // The copies are halves of one key: selecting by the kid picks the first.
    let index = select_key(&at, Algorithm::ES256, Some("same"), KeyOp::Verify)
        .expect("one key")
        .index;
    assert_eq!(index, 0);

    let over = p256_set(0, MAX_JWKS_KEYS + 1);
    assert_refused(&over, ErrorKind::KeyTooLarge, &MAX_JWKS_KEYS.to_string());
    let over_private = p256_set(MAX_JWKS_PRIVATE_KEYS + 1, 0);
    assert_refused(
        &over_private,
        ErrorKind::KeyTooLarge,
        &format!("{} private keys", MAX_JWKS_PRIVATE_KEYS + 1),
    );
    // The measured case: 10,000 keys sharing a kid.
    let oct_same_kid = oct(r#","kid":"k""#);
    let keys = vec![oct_same_kid.as_str(); 10_000].join(",");
    assert_refused(
        &format!(r#"{{"keys":[{keys}]}}"#),
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
    let e = select_key(&set, Algorithm::HS256, Some("k"), KeyOp::Verify).err();
    let e = e.expect("ambiguous");
    assert_eq!(e.kind(), ErrorKind::KeyAmbiguous);
    assert!(e.message().len() < 400, "{}", e.message());
}

// ---------------------------------------------------------------------------
// Tokens (item 4): size and segment count before anything is recorded; problems
// per segment
// ---------------------------------------------------------------------------

const HEADER: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"; // {"alg":"HS256","typ":"JWT"}

#[test]
fn token_size_is_capped_before_segments_are_recorded() {
    // Just under: a JWS of exactly MAX_TOKEN_BYTES is decoded in full.
    let pad = MAX_TOKEN_BYTES - HEADER.len() - 2 - 43;
    let payload = "A".repeat(pad - pad % 4);
    let mut token = format!("{HEADER}.{payload}.{}", "B".repeat(43));
    while token.len() < MAX_TOKEN_BYTES {
        token.push('B');
        token.insert(0, ' ');
    }
    let d = decode_unverified(token.trim_start());
    assert!(!codes(&d).contains(&"ERR_JWT_TOO_LARGE"), "{:?}", codes(&d));
    assert!(d.payload.is_some());
    // Over: 8 MiB of dots records one segment (the header's), not millions.
    let dots = ".".repeat(8 << 20);
    let d = decode_unverified(&dots);
    assert!(codes(&d).contains(&"ERR_JWT_TOO_LARGE"), "{:?}", codes(&d));
    assert!(d.segments.len() <= 1, "{} segments", d.segments.len());
    // With whitespace to remove, too.
    let d = decode_unverified(&". \n".repeat(1 << 20));
    assert!(codes(&d).contains(&"ERR_JWT_TOO_LARGE"), "{:?}", codes(&d));
    assert!(d.segments.len() <= 1, "{} segments", d.segments.len());
}

/// Pasted text is normalised (quotes, prefixes, line wrapping removed) up to
/// MAX_INPUT_BYTES; above it, it is refused from its length alone.
#[test]
fn pasted_input_is_capped_before_normalising() {
    let token = format!("{HEADER}.e30.c2ln");
    let wrapped = |len: usize| {
        let mut text = format!("Bearer {}\n{}", &token[..10], &token[10..]);
        text.insert_str(0, &" ".repeat(len - text.len()));
        text
    };
    let at = wrapped(MAX_INPUT_BYTES);
    assert_eq!(at.len(), MAX_INPUT_BYTES);
    let d = decode_unverified(&at);
    assert_eq!(d.token, token);
    assert!(!codes(&d).contains(&"ERR_JWT_TOO_LARGE"), "{:?}", codes(&d));
    let over = wrapped(MAX_INPUT_BYTES + 1);
    let d = decode_unverified(&over);
    assert!(codes(&d).contains(&"ERR_JWT_TOO_LARGE"), "{:?}", codes(&d));
    assert!(d.stripped.is_empty(), "not normalised: {:?}", d.stripped);
    assert!(d.segments.len() <= 1);
}

#[test]
fn segment_count_is_capped() {
    let at = vec![HEADER; MAX_SEGMENTS].join(".");
    let d = decode_unverified(&at);
    assert_eq!(d.segments.len(), MAX_SEGMENTS);
    assert!(!codes(&d).contains(&"ERR_JWT_TOO_LARGE"), "{:?}", codes(&d));
    assert!(codes(&d).contains(&"ERR_JWT_MALFORMED"));

    let over = vec![HEADER; MAX_SEGMENTS + 1].join(".");
    let d = decode_unverified(&over);
    assert!(codes(&d).contains(&"ERR_JWT_TOO_LARGE"), "{:?}", codes(&d));
    assert!(d.segments.len() <= 1);
    assert!(d.header_object().is_some(), "the header is still shown");
    // The worst under both caps: MAX_SEGMENTS segments filling MAX_TOKEN_BYTES.
    let long = "!".repeat(MAX_TOKEN_BYTES / MAX_SEGMENTS - 1);
    let d = decode_unverified(&vec![long.as_str(); MAX_SEGMENTS].join("."));
    assert!(!codes(&d).contains(&"ERR_JWT_TOO_LARGE"));
}

/// The invalid-character problems listed for a segment.
fn listed(d: &Decoded, segment: SegmentName) -> Vec<&str> {
    d.problems
        .iter()
        .filter(|p| p.segment == Some(segment) && p.kind == ErrorKind::Base64Char)
        .map(|p| p.message.as_str())
        .collect()
}

#[test]
fn problems_per_segment_are_capped() {
    // Just at the cap: every bad character is listed.
    let bad = format!("{HEADER}.{}.c2ln", "!".repeat(MAX_PROBLEMS_PER_SEGMENT));
    let d = decode_unverified(&bad);
    let payload = listed(&d, SegmentName::Payload);
    assert_eq!(payload.len(), MAX_PROBLEMS_PER_SEGMENT, "{payload:?}");
    assert!(payload.iter().all(|m| !m.contains("more")), "{payload:?}");
    // One over: the last is counted, not listed.
    let bad = format!("{HEADER}.{}.c2ln", "!".repeat(MAX_PROBLEMS_PER_SEGMENT + 1));
    let d = decode_unverified(&bad);
    let payload = listed(&d, SegmentName::Payload);
    assert_eq!(payload.len(), MAX_PROBLEMS_PER_SEGMENT + 1, "{payload:?}");
    assert!(
        payload.last().is_some_and(|m| m.contains("and 1 more")),
        "{payload:?}"
    );
    // The measured case: a payload of bad characters as large as a token can be.
    let bad = format!("{HEADER}.{}.c2ln", "!".repeat(MAX_TOKEN_BYTES - 64));
    let d = decode_unverified(&bad);
    let payload = listed(&d, SegmentName::Payload);
    assert!(
        payload.len() <= MAX_PROBLEMS_PER_SEGMENT + 2,
        "{}",
        payload.len()
    );
    assert!(payload.iter().any(|m| m.contains("more")), "{payload:?}");
    // Every segment of a JWE is capped the same way.
    let jwe_header = b64::encode(br#"{"alg":"RSA-OAEP","enc":"A256GCM"}"#);
    let junk = "*".repeat(10_000);
    let d = decode_unverified(&format!("{jwe_header}.{junk}.{junk}.{junk}.{junk}"));
    for seg in [
        SegmentName::EncryptedKey,
        SegmentName::Iv,
        SegmentName::Ciphertext,
        SegmentName::Tag,
    ] {
        assert!(listed(&d, seg).len() <= MAX_PROBLEMS_PER_SEGMENT + 2);
    }
}

// ---------------------------------------------------------------------------
// JSON nesting depth
// ---------------------------------------------------------------------------

fn nested(depth: usize) -> String {
    format!("{}{}", "[".repeat(depth), "]".repeat(depth))
}

#[test]
fn json_nesting_is_capped() {
    let at = format!(r#"{{"a":{}}}"#, nested(MAX_JSON_DEPTH - 1));
    let d = decode_unverified(&format!("{HEADER}.{}.c2ln", b64::encode(at.as_bytes())));
    assert!(d.claims().is_some(), "{:?}", codes(&d));
    let over = format!(r#"{{"a":{}}}"#, nested(MAX_JSON_DEPTH));
    let d = decode_unverified(&format!("{HEADER}.{}.c2ln", b64::encode(over.as_bytes())));
    assert!(d.claims().is_none());
    assert!(codes(&d).contains(&"ERR_JSON_SYNTAX"), "{:?}", codes(&d));
    // The key parser's JSON is bounded the same way.
    let jwk = oct(&format!(r#","x":{}"#, nested(MAX_JSON_DEPTH - 1)));
    assert_eq!(parse(&jwk).keys.len(), 1);
    let jwk = oct(&format!(r#","x":{}"#, nested(MAX_JSON_DEPTH)));
    assert_refused(&jwk, ErrorKind::KeyJwk, "recursion limit");
}

/// The too-large message says what is shown: the header when it is small, nothing
/// when the header alone is over the header cap.
#[test]
fn too_large_message_says_what_is_shown() {
    let message = |d: &Decoded| {
        d.problems
            .iter()
            .find(|p| p.code() == "ERR_JWT_TOO_LARGE")
            .map(|p| p.message.clone())
            .unwrap_or_default()
    };
    let small_header = format!("{HEADER}.{}.c2ln", "A".repeat(MAX_TOKEN_BYTES));
    let d = decode_unverified(&small_header);
    assert!(d.header_object().is_some());
    assert!(
        message(&d).ends_with("only its header is shown"),
        "{}",
        message(&d)
    );
    let big_header = format!("{}.e30.c2ln", "A".repeat(MAX_TOKEN_BYTES));
    let d = decode_unverified(&big_header);
    assert!(d.header.is_none());
    assert!(
        message(&d).contains("nothing of it is shown"),
        "{}",
        message(&d)
    );
}

/// Pasted text over MAX_INPUT_BYTES is named by its own length (not the trimmed
/// token's), and nothing is said to be shown when its header did not decode.
#[test]
fn oversized_paste_is_named_by_its_length() {
    let token = format!("{HEADER}.e30.c2ln");
    let text = format!("Bearer {token}{}", " ".repeat(MAX_INPUT_BYTES));
    let d = decode_unverified(&text);
    let first = &d.problems[0];
    assert_eq!(first.code(), "ERR_JWT_TOO_LARGE");
    assert!(
        first
            .message
            .starts_with(&format!("the pasted text is {} bytes", text.len())),
        "{}",
        first.message
    );
    assert!(
        first.message.ends_with("nothing of it could be decoded"),
        "{}",
        first.message
    );
}
