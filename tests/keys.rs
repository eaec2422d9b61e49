//! Keys end to end through the public API: `parse_key` on real keys (RFC 7520 cookbook
//! and RFC 7515 JWKs, OpenSSL-made PEM in every supported form), their descriptions,
//! thumbprints and exports, and every refusal with its error code.
//!
//! Data: `tests/vectors/rfc7520-cookbook/jwk/`, `tests/vectors/rfc7515/` and
//! `tests/vectors/keys/` (made by the OpenSSL commands in its README, with
//! thumbprints computed independently there). Sources in `tests/vectors/PROVENANCE.md`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use jwtscope::jose::alg::{Algorithm, Curve};
use jwtscope::jose::error::ErrorKind;
use jwtscope::jose::key::{
    generate_keypair, parse_key, pkcs8_pem, private_jwk, public_jwk, spki_pem, thumbprint, Key,
    KeyFormat, KeyMaterial, KeyOp, KeyPairSpec, KeySet, KeySource, PublicKey, SecretEncoding,
    MAX_KEY_TEXT,
};
use jwtscope::jose::policy::{candidates, select_key};

// ---------------------------------------------------------------------------
// helpers
// ---------------------------------------------------------------------------

fn vector(path: &str) -> String {
    let full = format!("{}/tests/vectors/{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{full}: {e}"))
}

fn fixture(name: &str) -> String {
    vector(&format!("keys/{name}"))
}

fn parse(text: &str) -> KeySet {
    parse_key(text, SecretEncoding::Utf8).unwrap_or_else(|e| panic!("{e:?}\n--- input ---\n{text}"))
}

fn one(text: &str) -> Key {
    let mut set = parse(text);
    assert_eq!(set.source, KeySource::Single);
    assert_eq!(set.keys.len(), 1);
    set.keys.remove(0)
}

/// The error kind and message of a refused key text, printing what was parsed if it
/// was not refused.
fn refused(text: &str) -> (ErrorKind, String) {
    match parse_key(text, SecretEncoding::Utf8) {
        Ok(set) => panic!(
            "expected a refusal, got {}\n--- input ---\n{text}",
            set.describe()
        ),
        Err(e) => (e.kind(), e.message().to_string()),
    }
}

fn assert_refused(text: &str, kind: ErrorKind, needle: &str) {
    let (got, message) = refused(text);
    assert_eq!(got, kind, "message: {message}");
    assert!(
        message.contains(needle),
        "expected the message to contain {needle:?}\n   got: {message}"
    );
}

fn has_note(key: &Key, needle: &str) -> bool {
    key.notes.iter().any(|n| n.contains(needle))
}

// ---------------------------------------------------------------------------
// RFC 7520 §3 cookbook keys
// ---------------------------------------------------------------------------

const BILBO: &str = "bilbo.baggins@hobbiton.example";

/// (file, describe(), RFC 7638 thumbprint computed with Python's hashlib).
const COOKBOOK: [(&str, &str, &str); 6] = [
    (
        "3_1.ec_public_key.json",
        "EC public key, P-521, JWK, kid \"bilbo.baggins@hobbiton.example\"",
        "dHri3SADZkrush5HU_50AoRhcKFryN-PI6jPBtPL55M",
    ),
    (
        "3_2.ec_private_key.json",
        "EC private key, P-521, JWK, kid \"bilbo.baggins@hobbiton.example\"",
        "dHri3SADZkrush5HU_50AoRhcKFryN-PI6jPBtPL55M",
    ),
    (
        "3_3.rsa_public_key.json",
        "RSA public key, 2048 bits, JWK, kid \"bilbo.baggins@hobbiton.example\"",
        "9jg46WB3rR_AHD-EBXdN7cBkH1WOu0tA3M9fm21mqTI",
    ),
    (
        "3_4.rsa_private_key.json",
        "RSA private key, 2048 bits, JWK, kid \"bilbo.baggins@hobbiton.example\"",
        "9jg46WB3rR_AHD-EBXdN7cBkH1WOu0tA3M9fm21mqTI",
    ),
    (
        "3_5.symmetric_key_mac_computation.json",
        "HMAC secret, 32 bytes (256 bits), JWK, kid \"018c0ae5-4d9b-471b-bfd6-eef314bc7037\"",
        "RtoRur_1Dir5M4wuOfqNkDYOf9O_4RJ-aHkTA75RLA8",
    ),
    (
        "3_6.symmetric_key_encryption.json",
        "HMAC secret, 32 bytes (256 bits), JWK, kid \"1e571774-2e08-40da-8308-e8d68773842d\"",
        "VDMp1ZgGGv1OKgOeDc1EUKHXNQzMdLkCnxPETHdA4v0",
    ),
];

fn cookbook(file: &str) -> String {
    vector(&format!("rfc7520-cookbook/jwk/{file}"))
}

#[test]
fn cookbook_keys_parse_describe_and_thumbprint() {
    for (file, describe, thumb) in COOKBOOK {
        let key = one(&cookbook(file));
        assert_eq!(key.describe(), describe, "{file}");
        assert_eq!(thumbprint(&key).ok().as_deref(), Some(thumb), "{file}");
        assert_eq!(key.format, KeyFormat::Jwk);
        assert!(key.notes.is_empty(), "{file}: {:?}", key.notes);
    }
}

#[test]
fn cookbook_keys_fit_their_algorithms() {
    let ec = one(&cookbook("3_2.ec_private_key.json"));
    assert_eq!(ec.usable_algorithms(), vec![Algorithm::ES512]);
    assert_eq!(ec.curve(), Some(Curve::P521));
    assert!(ec.check_for(Algorithm::ES512, KeyOp::Sign).is_ok());
    let rsa = one(&cookbook("3_3.rsa_public_key.json"));
    assert_eq!(rsa.kind_label(), "RSA");
    assert_eq!(rsa.bits(), Some(2048));
    assert_eq!(rsa.usable_algorithms().len(), 6);
    let e = rsa
        .check_for(Algorithm::PS384, KeyOp::Sign)
        .expect_err("public");
    assert_eq!(e.kind(), ErrorKind::KeyPrivateRequired);
    assert!(rsa.check_for(Algorithm::PS384, KeyOp::Verify).is_ok());

    let mac = one(&cookbook("3_5.symmetric_key_mac_computation.json"));
    assert_eq!(mac.jwk_single_algorithm(), Some(Algorithm::HS256));
    assert!(mac.check_for(Algorithm::HS256, KeyOp::Sign).is_ok());
    let e = mac
        .check_for(Algorithm::HS512, KeyOp::Verify)
        .expect_err("alg");
    assert_eq!(e.kind(), ErrorKind::KeyUsage);

    // The encryption key is still a key, but not for signatures.
    let enc = one(&cookbook("3_6.symmetric_key_encryption.json"));
    assert_eq!(enc.jwk_single_algorithm(), None);
    let e = enc
        .check_for(Algorithm::HS256, KeyOp::Verify)
        .expect_err("A256GCM");
    assert_eq!(e.kind(), ErrorKind::KeyUsage);
    assert!(e.message().contains("A256GCM"), "{e}");
}

#[test]
fn cookbook_private_keys_export_back_to_themselves() {
    for file in ["3_2.ec_private_key.json", "3_4.rsa_private_key.json"] {
        let text = cookbook(file);
        let original: serde_json::Value = serde_json::from_str(&text).expect("json");
        let exported = private_jwk(&one(&text)).expect("export");
        assert_eq!(exported, original, "{file}");
    }
}

#[test]
fn cookbook_set_selects_by_kid_and_type() {
    let members: Vec<String> = COOKBOOK.iter().map(|(f, _, _)| cookbook(f)).collect();
    let set = parse(&format!("{{\"keys\":[{}]}}", members.join(",")));
    assert_eq!(set.source, KeySource::Jwks);
    assert_eq!(set.describe(), "JWKS, 6 keys");
    // Four keys share Bilbo's kid: the one that fits the algorithm is chosen.
    assert_eq!(
        select_key(&set, Algorithm::ES512, Some(BILBO), KeyOp::Verify)
            .map(|s| s.index)
            .ok(),
        Some(0)
    );
    assert_eq!(
        select_key(&set, Algorithm::RS256, Some(BILBO), KeyOp::Verify)
            .map(|s| s.index)
            .ok(),
        Some(2)
    );
    let e = select_key(&set, Algorithm::ES256, Some(BILBO), KeyOp::Verify).expect_err("none fits");
    assert_eq!(e.kind(), ErrorKind::KeyNotFound);
    assert!(e.message().contains("4 keys have kid"), "{e}");
    assert_eq!(
        candidates(&set, Algorithm::RS256, KeyOp::Verify),
        vec![2, 3]
    );
    assert_eq!(candidates(&set, Algorithm::HS256, KeyOp::Verify), vec![4]);
    let e =
        select_key(&set, Algorithm::HS256, Some("frodo"), KeyOp::Verify).expect_err("no such kid");
    assert_eq!(e.kind(), ErrorKind::KeyNotFound);
    assert!(
        e.message()
            .starts_with("no key with kid \"frodo\"; the set has kids"),
        "{e}"
    );
    assert!(set.keys[0]
        .notes
        .iter()
        .any(|n| n.contains("shared with member(s) 1, 2, 3")));
}

/// Not in the cookbook: a JWK whose `alg` is "ES521", which is no algorithm at all.
#[test]
fn a_jwk_alg_that_does_not_exist_is_never_trusted() {
    let text = cookbook("3_1.ec_public_key.json").replace("\"use\"", "\"alg\": \"ES521\", \"use\"");
    let key = one(&text);
    assert_eq!(key.jwk_alg.as_deref(), Some("ES521"));
    assert_eq!(key.jwk_single_algorithm(), None);
    let e = key
        .check_for(Algorithm::ES512, KeyOp::Verify)
        .expect_err("usage");
    assert_eq!(e.kind(), ErrorKind::KeyUsage);
    assert!(e.message().contains("not even a registered"), "{e}");
}

// ---------------------------------------------------------------------------
// RFC 7515 Appendix A and RFC 8037 keys
// ---------------------------------------------------------------------------

#[test]
fn rfc7515_keys() {
    let doc: serde_json::Value =
        serde_json::from_str(&vector("rfc7515/rfc7515_appendix_a.json")).expect("json");
    let expected = [
        ("RFC7515-A.1", "HMAC secret, 64 bytes (512 bits), JWK"),
        ("RFC7515-A.2", "RSA private key, 2048 bits, JWK"),
        ("RFC7515-A.3", "EC private key, P-256, JWK"),
        ("RFC7515-A.4", "EC private key, P-521, JWK"),
        ("RFC8037-A.4", "Ed25519 private key, JWK"),
    ];
    let vectors = doc["vectors"].as_array().expect("vectors");
    for (id, describe) in expected {
        let v = vectors.iter().find(|v| v["id"] == id).expect(id);
        let key = one(&v["key"].to_string());
        assert_eq!(key.describe(), describe, "{id}");
        let alg = Algorithm::parse(v["alg"].as_str().expect("alg")).expect("alg");
        assert!(key.check_for(alg, KeyOp::Sign).is_ok(), "{id}");
        assert!(key.usable_algorithms().contains(&alg), "{id}");
        // Every export reads back as the same key.
        let again = one(&private_jwk(&key).expect("jwk").to_string());
        assert_eq!(thumbprint(&again).ok(), thumbprint(&key).ok(), "{id}");
        if !matches!(key.material, KeyMaterial::Secret(_)) {
            assert_eq!(
                one(&pkcs8_pem(&key).expect("pkcs8")).public_key(),
                key.public_key(),
                "{id}"
            );
            assert_eq!(
                one(&spki_pem(&key).expect("spki")).public_key(),
                key.public_key(),
                "{id}"
            );
        }
    }
}

/// RFC 7638 §3.1, and RFC 8037 Appendix A.3.
#[test]
fn rfc_thumbprint_examples() {
    let rfc7638 = r#"{"kty":"RSA","n":"0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw","e":"AQAB","alg":"RS256","kid":"2011-04-29"}"#;
    let key = one(rfc7638);
    assert_eq!(
        thumbprint(&key).ok().as_deref(),
        Some("NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs")
    );
    let rfc8037 =
        r#"{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}"#;
    assert_eq!(
        thumbprint(&one(rfc8037)).ok().as_deref(),
        Some("kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k")
    );
}

// ---------------------------------------------------------------------------
// PEM made by OpenSSL
// ---------------------------------------------------------------------------

#[test]
fn rsa_in_every_pem_form_is_the_same_key() {
    let expected = [
        (
            "rsa2048.pkcs8.pem",
            "RSA private key, 2048 bits, PKCS#8 PEM",
        ),
        (
            "rsa2048.pkcs1.pem",
            "RSA private key, 2048 bits, PKCS#1 PEM",
        ),
        ("rsa2048.spki.pem", "RSA public key, 2048 bits, SPKI PEM"),
        (
            "rsa2048.pkcs1-public.pem",
            "RSA public key, 2048 bits, PKCS#1 PEM",
        ),
        (
            "rsa2048.cert.pem",
            "RSA public key, 2048 bits, X.509 certificate PEM",
        ),
        (
            "rsa2048.spki.crlf.pem",
            "RSA public key, 2048 bits, SPKI PEM",
        ),
    ];
    let reference = one(&fixture("rsa2048.spki.pem"))
        .public_key()
        .expect("public");
    for (file, describe) in expected {
        let key = one(&fixture(file));
        assert_eq!(key.describe(), describe, "{file}");
        assert_eq!(key.public_key().as_ref(), Some(&reference), "{file}");
        assert_eq!(
            thumbprint(&key).ok().as_deref(),
            Some("uTEEakCJvZfzrGa9S5eWdrw8Z-sk5avLqfUSU6OzNo0"),
            "{file}"
        );
    }
    let cert = one(&fixture("rsa2048.cert.pem"));
    assert!(has_note(&cert, "CN=jwtscope test RSA"), "{:?}", cert.notes);
    let crlf = one(&fixture("rsa2048.spki.crlf.pem"));
    assert!(has_note(&crlf, "CRLF"), "{:?}", crlf.notes);
    assert!(one(&fixture("rsa2048.spki.pem")).notes.is_empty());
}

#[test]
fn exports_match_openssl_byte_for_byte() {
    for name in ["rsa2048", "p256", "p384", "p521", "secp256k1", "ed25519"] {
        let private = one(&fixture(&format!("{name}.pkcs8.pem")));
        let spki = fixture(&format!("{name}.spki.pem"));
        assert_eq!(spki_pem(&private).expect("spki"), spki, "{name}");
    }
    // PKCS#1 inside PKCS#8 is fully determined by the key: identical to OpenSSL's.
    let rsa = one(&fixture("rsa2048.pkcs1.pem"));
    assert_eq!(
        pkcs8_pem(&rsa).expect("pkcs8"),
        fixture("rsa2048.pkcs8.pem")
    );
}

#[test]
fn ec_keys_on_every_curve() {
    let curves = [
        (
            "p256",
            "P-256",
            Algorithm::ES256,
            "QmN8z8iAljeTZBYmn-K8sUnGbt8E6xB7tkIPT6sSVZ0",
        ),
        (
            "p384",
            "P-384",
            Algorithm::ES384,
            "YghGGfhkqZo8CN3ct5uENxhnSBcYFJpiUYkWxtMcNCk",
        ),
        (
            "p521",
            "P-521",
            Algorithm::ES512,
            "AoDmjatoZ-8M28XlYi2uUKWZ6r8A9a9FdpjO9ARRJPs",
        ),
        (
            "secp256k1",
            "secp256k1",
            Algorithm::ES256K,
            "LEYTrnekz-eWbXDffetFeT_wEY1vLvkZn01Bohzegfo",
        ),
    ];
    for (file, crv, alg, thumb) in curves {
        let pkcs8 = one(&fixture(&format!("{file}.pkcs8.pem")));
        let sec1 = one(&fixture(&format!("{file}.sec1.pem")));
        let spki = one(&fixture(&format!("{file}.spki.pem")));
        assert_eq!(
            pkcs8.describe(),
            format!("EC private key, {crv}, PKCS#8 PEM")
        );
        assert_eq!(sec1.describe(), format!("EC private key, {crv}, SEC1 PEM"));
        assert_eq!(spki.describe(), format!("EC public key, {crv}, SPKI PEM"));
        assert_eq!(pkcs8.public_key(), spki.public_key(), "{file}");
        assert_eq!(sec1.public_key(), spki.public_key(), "{file}");
        // The same key with its point compressed (02/03 ‖ x): the engine's own
        // square root (key::sec1) finds the same y, so the same key and thumbprint.
        let compressed = one(&fixture(&format!("{file}.spki.compressed.pem")));
        assert_eq!(compressed.public_key(), spki.public_key(), "{file}");
        assert_eq!(
            thumbprint(&compressed).ok().as_deref(),
            Some(thumb),
            "{file}"
        );
        assert_eq!(spki.usable_algorithms(), vec![alg], "{file}");
        assert_eq!(thumbprint(&sec1).ok().as_deref(), Some(thumb), "{file}");
        // The JWK export reads back, with exact-length coordinates.
        let jwk = public_jwk(&sec1).expect("jwk");
        assert_eq!(
            one(&jwk.to_string()).public_key(),
            spki.public_key(),
            "{file}"
        );
    }
    let cert = one(&fixture("p256.cert.pem"));
    assert_eq!(
        cert.describe(),
        "EC public key, P-256, X.509 certificate PEM"
    );
    assert_eq!(
        cert.public_key(),
        one(&fixture("p256.spki.pem")).public_key()
    );
}

#[test]
fn ed25519_pem() {
    let private = one(&fixture("ed25519.pkcs8.pem"));
    let public = one(&fixture("ed25519.spki.pem"));
    assert_eq!(private.describe(), "Ed25519 private key, PKCS#8 PEM");
    assert_eq!(public.describe(), "Ed25519 public key, SPKI PEM");
    assert_eq!(private.kind_label(), "OKP");
    assert_eq!(public.usable_algorithms(), vec![Algorithm::EdDSA]);
    assert_eq!(private.public_key(), public.public_key());
    assert_eq!(
        thumbprint(&public).ok().as_deref(),
        Some("GfeQCd2Q3-A0rcBA19yAZ7FDytLqOTAAdjtpZtB5ZmI")
    );
}

#[test]
fn ecparam_output_skips_the_parameters_block() {
    let key = one(&fixture("p256.ecparam.pem"));
    assert_eq!(key.describe(), "EC private key, P-256, SEC1 PEM");
    assert!(has_note(&key, "EC PARAMETERS"), "{:?}", key.notes);
}

#[test]
fn unsupported_pem_is_refused_with_advice() {
    assert_refused(
        &fixture("p256.encrypted.pem"),
        ErrorKind::KeyFormat,
        "openssl pkcs8",
    );
    assert_refused(
        &fixture("rsa2048.legacy-encrypted.pem"),
        ErrorKind::KeyFormat,
        "encrypted",
    );
    assert_refused(
        &fixture("p256.explicit.sec1.pem"),
        ErrorKind::KeyCurve,
        "named_curve",
    );
    assert_refused(&fixture("ed448.spki.pem"), ErrorKind::KeyType, "Ed448");
    assert_refused(&fixture("ed448.pkcs8.pem"), ErrorKind::KeyType, "Ed448");
}

#[test]
fn rsa_1024_is_too_small() {
    assert_refused(
        &fixture("rsa1024.spki.pem"),
        ErrorKind::KeyTooSmall,
        "1024 bits",
    );
    assert_refused(
        &fixture("rsa1024.pkcs8.pem"),
        ErrorKind::KeyTooSmall,
        "1024 bits",
    );
}

/// p·q = n, d inverts e, but p has 1030 bits of n's 2048: the key is refused with
/// the reason (the `rsa` crate's two-prime keys hold primes of at most half n's
/// bits), not as numbers that "do not match".
#[test]
fn an_rsa_key_with_unbalanced_primes_is_refused_with_the_reason() {
    assert_refused(
        &fixture("rsa2048.unbalanced.jwk"),
        ErrorKind::KeyJwk,
        "the prime p is 1030 bits, more than half of the 2048-bit modulus (1024 bits): RSA keys with unbalanced primes are not supported",
    );
}

/// n = p², q = p, d inverts e mod p−1, no CRT values (which would have caught it):
/// every product and exponent check passes, and the `rsa` crate refuses the key when
/// it builds it to sign. Refused when read, with the reason.
#[test]
fn an_rsa_key_whose_primes_are_the_same_is_refused_when_read() {
    assert_refused(
        &fixture("rsa2048.repeated-prime.jwk"),
        ErrorKind::KeyJwk,
        "p and q are the same number: an RSA modulus is the product of distinct primes (RFC 8017 §3.2)",
    );
}

// ---------------------------------------------------------------------------
// PEM damage: tolerated with notes, or refused precisely
// ---------------------------------------------------------------------------

#[test]
fn tolerated_copy_and_paste_damage() {
    let pem = fixture("p256.spki.pem");
    let indented: String = pem.lines().map(|l| format!("    {l}  \n")).collect();
    let wrapped = format!("Here is my key:\n\n{indented}\nThanks!\n");
    let key = one(&wrapped);
    assert!(has_note(&key, "indentation"), "{:?}", key.notes);
    assert!(has_note(&key, "outside the PEM armour"), "{:?}", key.notes);

    let escaped = pem.replace('\n', "\\n");
    let key = one(&format!("\"{escaped}\""));
    assert!(has_note(&key, "literal \\n"), "{:?}", key.notes);

    let flat = pem.replace('\n', " ");
    assert_eq!(one(&flat).public_key(), one(&pem).public_key());

    let chained = format!(
        "{}{}",
        fixture("rsa2048.cert.pem"),
        fixture("p256.cert.pem")
    );
    let key = one(&chained);
    assert_eq!(key.kind_label(), "RSA");
    assert!(has_note(&key, "1 more PEM block"), "{:?}", key.notes);
}

#[test]
fn armour_errors() {
    let pem = fixture("rsa2048.spki.pem");
    let lines: Vec<&str> = pem.lines().collect();
    let join = |lines: &[&str]| lines.join("\n") + "\n";

    assert_refused(
        &join(&lines[1..]),
        ErrorKind::KeyPemArmour,
        "without a BEGIN line",
    );
    assert_refused(
        &join(&lines[..lines.len() - 1]),
        ErrorKind::KeyPemArmour,
        "no END line",
    );
    assert_refused(
        &pem.replace("-----END PUBLIC KEY-----", "-----END RSA PUBLIC KEY-----"),
        ErrorKind::KeyPemArmour,
        "do not match",
    );
    assert_refused(
        &pem.replace("-----BEGIN PUBLIC KEY-----", "----BEGIN PUBLIC KEY-----"),
        ErrorKind::KeyPemArmour,
        "starts with 4 dashes, not 5",
    );
    assert_refused(
        &pem.replace("-----END PUBLIC KEY-----", "-----END PUBLIC KEY----"),
        ErrorKind::KeyPemArmour,
        "line 9",
    );
    // The last body line cut short: base64 that cannot be whole.
    let mut cut = lines.clone();
    let last_body = cut[cut.len() - 2];
    let shortened = &last_body[..last_body.len() - 3];
    let n = cut.len();
    cut[n - 2] = shortened;
    assert_refused(&join(&cut), ErrorKind::KeyPemArmour, "truncated");
    // A whole line missing: the base64 is fine, the DER is short.
    let mut missing = lines.clone();
    missing.remove(3);
    assert_refused(
        &join(&missing),
        ErrorKind::KeyPemArmour,
        "lines are missing from the body, or the DER's length was changed",
    );
}

#[test]
fn body_and_label_errors() {
    let pem = fixture("rsa2048.spki.pem");
    let bad_char = pem.replacen("MII", "M*I", 1);
    assert_refused(&bad_char, ErrorKind::KeyEncoding, "line 2, column 2");

    // A PKCS#1 body under the SPKI label: the message says which label fits.
    let pkcs1 = fixture("rsa2048.pkcs1-public.pem").replace("RSA PUBLIC KEY", "PUBLIC KEY");
    assert_refused(
        &pkcs1,
        ErrorKind::KeyEncoding,
        "it looks like RSA PUBLIC KEY",
    );
    let sec1 = fixture("p256.sec1.pem").replace("EC PRIVATE KEY", "PRIVATE KEY");
    assert_refused(
        &sec1,
        ErrorKind::KeyEncoding,
        "it looks like EC PRIVATE KEY",
    );

    let unknown = pem.replace("PUBLIC KEY", "OPENSSH PRIVATE KEY");
    assert_refused(&unknown, ErrorKind::KeyFormat, "OPENSSH PRIVATE KEY");
    let odd = pem.replace("PUBLIC KEY", "MY KEY");
    assert_refused(&odd, ErrorKind::KeyFormat, "unknown PEM label \"MY KEY\"");
}

// ---------------------------------------------------------------------------
// Secrets, sizes, generation
// ---------------------------------------------------------------------------

#[test]
fn secrets_in_each_encoding() {
    let cases = [
        (
            "your-256-bit-secret",
            SecretEncoding::Utf8,
            "HMAC secret, 19 bytes (152 bits), UTF-8",
        ),
        (
            "c2VjcmV0Cg==",
            SecretEncoding::Base64,
            "HMAC secret, 7 bytes (56 bits), base64",
        ),
        (
            "c2VjcmV0Cg",
            SecretEncoding::Base64Url,
            "HMAC secret, 7 bytes (56 bits), base64url",
        ),
        (
            " 00ff10 ",
            SecretEncoding::Hex,
            "HMAC secret, 3 bytes (24 bits), hex",
        ),
    ];
    for (text, encoding, describe) in cases {
        let set = parse_key(text, encoding).expect(text);
        assert_eq!(set.describe(), describe);
    }
    assert_eq!(
        parse_key("", SecretEncoding::Utf8).err().map(|e| e.kind()),
        Some(ErrorKind::SecretEmpty)
    );
    assert_eq!(
        parse_key("zz", SecretEncoding::Hex).err().map(|e| e.kind()),
        Some(ErrorKind::SecretEncoding)
    );
}

#[test]
fn huge_input_is_refused_before_any_work() {
    let huge = format!("-----BEGIN PUBLIC KEY-----\n{}", "A".repeat(MAX_KEY_TEXT));
    assert_refused(&huge, ErrorKind::KeyFormat, "1 MiB");
    let huge_jwk = format!("{{\"kty\":\"oct\",\"k\":\"{}\"}}", "A".repeat(MAX_KEY_TEXT));
    assert_refused(&huge_jwk, ErrorKind::KeyFormat, "1 MiB");
}

#[test]
fn a_huge_rsa_exponent_is_refused() {
    let mut jwk: serde_json::Value =
        serde_json::from_str(&cookbook("3_3.rsa_public_key.json")).expect("json");
    jwk["e"] = serde_json::Value::String("_".repeat(700));
    assert_refused(&jwk.to_string(), ErrorKind::KeyJwk, "RSADoS");
}

#[test]
fn generated_p256_pair_reads_back() {
    let pair = generate_keypair(KeyPairSpec::Ec(Curve::P256)).expect("generate");
    let private = one(&pair.private_pem);
    let public = one(&pair.public_pem);
    assert!(matches!(public.public_key(), Some(PublicKey::P256(_))));
    assert_eq!(private.public_key(), public.public_key());
    assert_eq!(thumbprint(&public).ok(), Some(pair.kid.clone()));
    let jwks = parse(&format!("{{\"keys\":[{}]}}", pair.public_jwk));
    let chosen =
        select_key(&jwks, Algorithm::ES256, Some(&pair.kid), KeyOp::Verify).expect("by kid");
    assert_eq!(chosen.index, 0);
    assert_eq!(chosen.key.jwk_single_algorithm(), Some(Algorithm::ES256));
}

// ---------------------------------------------------------------------------
// ROCA (CVE-2017-15361): ERR_KEY_WEAK
// ---------------------------------------------------------------------------

/// The primes the fingerprint test reads (src/jose/key/roca.rs: every prime from 3
/// to 167); with 2 they make M, the primorial every ROCA modulus is built on.
const ROCA_PRIMES: [u32; 39] = [
    2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89, 97,
    101, 103, 107, 109, 113, 127, 131, 137, 139, 149, 151, 157, 163, 167,
];

/// `n · m + add` for a big-endian `n` and small `m`, `add`.
fn mul_add(n: &[u8], m: u32, add: u32) -> Vec<u8> {
    let mut out = vec![0u8; n.len() + 4];
    let mut carry = u64::from(add);
    for (i, &b) in n.iter().enumerate().rev() {
        let v = u64::from(b) * u64::from(m) + carry;
        out[i + 4] = (v & 0xff) as u8;
        carry = v >> 8;
    }
    for i in (0..4).rev() {
        out[i] = (carry & 0xff) as u8;
        carry >>= 8;
    }
    let zeros = out.iter().take_while(|&&b| b == 0).count();
    out.split_off(zeros)
}

/// `a + b`, big-endian.
fn add(a: &[u8], b: &[u8]) -> Vec<u8> {
    let len = a.len().max(b.len()) + 1;
    let digit = |x: &[u8], i: usize| {
        (i < x.len())
            .then(|| x[x.len() - 1 - i])
            .map_or(0u16, u16::from)
    };
    let mut out = vec![0u8; len];
    let mut carry = 0u16;
    for i in 0..len {
        let v = digit(a, i) + digit(b, i) + carry;
        out[len - 1 - i] = (v & 0xff) as u8;
        carry = v >> 8;
    }
    let zeros = out.iter().take_while(|&&b| b == 0).count();
    out.split_off(zeros)
}

fn rem(n: &[u8], r: u32) -> u32 {
    n.iter()
        .fold(0u64, |acc, &b| (acc * 256 + u64::from(b)) % u64::from(r)) as u32
}

/// A 2048-bit modulus with the structure ROCA keys have, made here (no third-party
/// data): N = X·M + 65537⁷, so N ≡ 65537⁷ (mod r) for every prime r ≤ 167, which is
/// what an Infineon modulus p·q, p and q ≡ 65537^a, 65537^b (mod M), satisfies with
/// a + b = 7. X is a fixed byte pattern (first byte 0x1a, then (151·i + 7) mod 256),
/// 229 bytes, which makes N exactly 2048 bits. The same recipe in Python printed the
/// same N (`x * M + 65537**7`, checked on 2026-11-22).
fn roca_modulus(extra: u32) -> Vec<u8> {
    let x: Vec<u8> = (0..229usize)
        .map(|i| if i == 0 { 0x1a } else { (i * 151 + 7) as u8 })
        .collect();
    let xm = ROCA_PRIMES.iter().fold(x, |n, &p| mul_add(&n, p, 0));
    let g = (0..7).fold(vec![1u8], |n, _| mul_add(&n, 65_537, 0));
    mul_add(&add(&xm, &g), 1, extra)
}

/// Whether `x` is a power of 65537 modulo the prime `r`, by listing the powers.
fn power_of_65537(x: u32, r: u32) -> bool {
    let mut power = 1 % r;
    for _ in 0..r {
        if power == x {
            return true;
        }
        power = power * (65_537 % r) % r;
    }
    false
}

fn rsa_jwk(n: &[u8]) -> String {
    format!(
        r#"{{"kty":"RSA","n":"{}","e":"AQAB"}}"#,
        URL_SAFE_NO_PAD.encode(n)
    )
}

#[test]
fn a_roca_modulus_is_refused_as_weak() {
    let n = roca_modulus(0);
    assert_eq!(n.len(), 256);
    assert!(n[0] >= 0x80, "2048 bits");
    // Positive by the detector's own rule, checked here independently: N mod r is a
    // power of 65537 for every prime r from 3 to 167.
    for &r in &ROCA_PRIMES[1..] {
        assert!(power_of_65537(rem(&n, r), r), "N mod {r}");
        assert_eq!(
            rem(&n, r),
            (0..7).fold(1, |acc, _| acc * (65_537 % r) % r),
            "N ≡ 65537⁷ (mod {r})"
        );
    }
    assert_refused(&rsa_jwk(&n), ErrorKind::KeyWeak, "ROCA");
    assert_eq!(ErrorKind::KeyWeak.code(), "ERR_KEY_WEAK");
}

/// Project Wycheproof's ROCA key (json_web_key_test.json, "jws_rsa_roca_key", a
/// published vulnerable key; source and licence in tests/vectors/PROVENANCE.md) is
/// refused as weak, its private JWK as well as its public one.
#[test]
fn wycheproof_roca_key_is_refused_as_weak() {
    let file: serde_json::Value =
        serde_json::from_str(&vector("wycheproof/json_web_key_test.json")).unwrap();
    let group = file["testGroups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["comment"] == "jws_rsa_roca_key")
        .expect("the ROCA group");
    for half in ["public", "private"] {
        let jwk = group[half]["keys"][0].to_string();
        assert_refused(&jwk, ErrorKind::KeyWeak, "ROCA");
        // As the only member of a JWK Set: skipped for that reason, so the set has
        // no usable key, and says why.
        let jwks = group[half].to_string();
        let (kind, message) = refused(&jwks);
        assert_eq!(kind, ErrorKind::KeyNotFound, "{half} JWKS");
        assert!(message.contains("ROCA"), "{half} JWKS: {message}");
    }
}

/// Negative controls: the same construction one step off (N + 2: its residues mod 5,
/// 13, 17… leave the subgroup), and Wycheproof's modulus with its last byte changed,
/// are ordinary 2048-bit keys.
#[test]
fn moduli_without_the_fingerprint_are_accepted() {
    let n = roca_modulus(2);
    assert!(!power_of_65537(rem(&n, 5), 5));
    let key = one(&rsa_jwk(&n));
    assert!(key.describe().contains("2048 bits"), "{}", key.describe());

    let file: serde_json::Value =
        serde_json::from_str(&vector("wycheproof/json_web_key_test.json")).unwrap();
    let group = file["testGroups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["comment"] == "jws_rsa_roca_key")
        .expect("the ROCA group");
    let mut n = URL_SAFE_NO_PAD
        .decode(group["public"]["keys"][0]["n"].as_str().unwrap())
        .unwrap();
    let last = n.len() - 1;
    n[last] ^= 0x02;
    assert!(ROCA_PRIMES[1..]
        .iter()
        .any(|&r| !power_of_65537(rem(&n, r), r)));
    one(&rsa_jwk(&n));
}
