//! Algorithm confusion through key recognition (trust issue, item 1).
//!
//! For every form in which a person might paste a key — PEM with LF or CRLF line
//! ends and with or without a final newline, the bare base64 or base64url body
//! (one line or wrapped), a JWK, a JWK Set, a bare JSON array of JWKs, an OpenSSH
//! line, and DER reached through a base64 or hex "secret" encoding — this proves:
//!
//! 1. the text is read as the key it is, never as an HMAC secret;
//! 2. it verifies a token its key really signed (so recognition is not a refusal);
//! 3. an HS256 token MAC'd with exactly that text (the forgery) is INVALID with
//!    `ERR_ALG_CONFUSION`, whether HS256 is pinned or left to the key;
//! 4. signing HS256 with it is refused with `ERR_ALG_CONFUSION`.
//!
//! `forms` (tests/confusion/forms.rs) adds every form an adversarial review tried,
//! false-positive measurements and hostile-input timings.
//!
//! Data: `tests/vectors/keys/` (OpenSSL-made PEM in every structure, see its
//! README) and `tests/e2e/fixtures/` (tokens and OpenSSH lines made with OpenSSL
//! and ssh-keygen, see its README).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "confusion/forms.rs"]
mod forms;

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

use jwtscope::jose::alg::Algorithm;
use jwtscope::jose::b64;
use jwtscope::jose::claims::ClaimsOptions;
use jwtscope::jose::key::{parse_key, public_jwk, KeyMaterial, KeySet, SecretEncoding};
use jwtscope::jose::{decode_unverified, sign, verify, SignatureVerdict, VerifyOptions};

const ENCODINGS: [SecretEncoding; 4] = [
    SecretEncoding::Utf8,
    SecretEncoding::Base64,
    SecretEncoding::Base64Url,
    SecretEncoding::Hex,
];

fn read(path: &str) -> String {
    let full = format!("{}/tests/{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{full}: {e}"))
}

/// The base64 body of a PEM text, armour lines removed, on one line.
fn body(pem: &str) -> String {
    pem.lines()
        .filter(|l| !l.starts_with("-----"))
        .collect::<String>()
}

fn wrap(text: &str, width: usize) -> String {
    text.as_bytes()
        .chunks(width)
        .map(|c| std::str::from_utf8(c).unwrap())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every text form of one PEM key, with a name for failure messages.
fn pem_forms(pem: &str) -> Vec<(String, String)> {
    let b = body(pem);
    vec![
        ("PEM, LF".into(), pem.to_string()),
        ("PEM, CRLF".into(), pem.replace('\n', "\r\n")),
        ("PEM, no final newline".into(), pem.trim_end().to_string()),
        ("bare base64, one line".into(), b.clone()),
        ("bare base64, wrapped at 64".into(), wrap(&b, 64)),
        (
            "bare base64, wrapped at 76, CRLF".into(),
            wrap(&b, 76).replace('\n', "\r\n"),
        ),
        (
            "bare base64url, unpadded".into(),
            b.replace('+', "-")
                .replace('/', "_")
                .trim_end_matches('=')
                .to_string(),
        ),
        ("bare base64, trailing newline".into(), format!("{b}\n")),
    ]
}

fn hs256_forgery(key_text: &[u8]) -> String {
    let input = format!(
        "{}.{}",
        b64::encode(br#"{"alg":"HS256","typ":"JWT"}"#),
        b64::encode(br#"{"sub":"attacker","admin":true}"#)
    );
    let mut mac = Hmac::<Sha256>::new_from_slice(key_text).unwrap();
    mac.update(input.as_bytes());
    format!("{input}.{}", b64::encode(&mac.finalize().into_bytes()))
}

fn opts(alg: Option<Algorithm>) -> VerifyOptions {
    VerifyOptions {
        alg,
        claims: ClaimsOptions {
            now: 1_750_000_000,
            ..ClaimsOptions::default()
        },
    }
}

fn assert_confusion(name: &str, verdict: &SignatureVerdict) {
    match verdict {
        SignatureVerdict::Invalid(e) if e.code() == "ERR_ALG_CONFUSION" => {
            assert!(e.message().contains("algorithm confusion"), "{name}: {e}");
        }
        other => panic!("{name}: expected INVALID with ERR_ALG_CONFUSION, got {other:?}"),
    }
}

/// The four proofs for one key text (read with `encoding`), whose key signed
/// `token` with `alg`.
fn check_form(name: &str, text: &str, encoding: SecretEncoding, token: &str, alg: Algorithm) {
    let name = format!("{name} ({})", encoding.label());
    let set = parse_key(text, encoding).unwrap_or_else(|e| panic!("{name}: {e}"));
    for key in &set.keys {
        assert!(
            !matches!(key.material, KeyMaterial::Secret(_)),
            "{name}: read as an HMAC secret: {}",
            set.describe()
        );
    }
    let v = verify(&decode_unverified(token), Some(&set), &opts(Some(alg)));
    assert_eq!(v.signature, SignatureVerdict::Valid, "{name}: own token");

    let forged = decode_unverified(&hs256_forgery(text.as_bytes()));
    for pinned in [Some(Algorithm::HS256), None] {
        let v = verify(&forged, Some(&set), &opts(pinned));
        assert!(!v.is_valid(), "{name}: forgery VALID with alg {pinned:?}");
        if pinned.is_some() {
            assert_confusion(&name, &v.signature);
        }
    }
    for key in &set.keys {
        let e = sign("{}", "{}", Algorithm::HS256, key).expect_err("HS256 with a key");
        assert_eq!(e.code(), "ERR_ALG_CONFUSION", "{name}: {e}");
    }
}

/// Signs a fresh token with a private PEM through the engine (the reference
/// signature; OpenSSL-made tokens are used for the OpenSSH and JWK forms).
fn token_signed_by(private_pem: &str, alg: Algorithm) -> String {
    let set = parse_key(private_pem, SecretEncoding::Utf8).expect("private key");
    sign(r#"{"typ":"JWT"}"#, r#"{"sub":"x"}"#, alg, &set.keys[0])
        .expect("sign")
        .token
}

#[test]
fn every_pem_structure_in_every_form_is_a_key_and_never_a_secret() {
    let families = [
        (
            "rsa2048.pkcs8.pem",
            Algorithm::RS256,
            &[
                "rsa2048.spki.pem",
                "rsa2048.pkcs1-public.pem",
                "rsa2048.cert.pem",
                "rsa2048.pkcs8.pem",
                "rsa2048.pkcs1.pem",
            ][..],
        ),
        (
            "p256.pkcs8.pem",
            Algorithm::ES256,
            &[
                "p256.spki.pem",
                "p256.cert.pem",
                "p256.pkcs8.pem",
                "p256.sec1.pem",
            ][..],
        ),
        (
            "secp256k1.pkcs8.pem",
            Algorithm::ES256K,
            &["secp256k1.spki.pem", "secp256k1.sec1.pem"][..],
        ),
        (
            "ed25519.pkcs8.pem",
            Algorithm::EdDSA,
            &["ed25519.spki.pem", "ed25519.pkcs8.pem"][..],
        ),
    ];
    for (private, alg, files) in families {
        let token = token_signed_by(&read(&format!("vectors/keys/{private}")), alg);
        for file in files {
            let pem = read(&format!("vectors/keys/{file}"));
            for (form, text) in pem_forms(&pem) {
                for encoding in ENCODINGS {
                    check_form(&format!("{file}: {form}"), &text, encoding, &token, alg);
                }
            }
        }
    }
}

#[test]
fn jwk_jwks_array_and_openssh_forms() {
    for (stem, token, alg) in [
        ("rsa", "rs256.jwt", Algorithm::RS256),
        ("ec", "es256.jwt", Algorithm::ES256),
        ("ed", "eddsa.jwt", Algorithm::EdDSA),
    ] {
        let token = read(&format!("e2e/fixtures/{token}")).trim().to_string();
        let jwk = read(&format!("e2e/fixtures/{stem}.jwk.json"));
        let ssh = read(&format!("e2e/fixtures/{stem}.pub.ssh"));
        let forms = [
            ("JWK", jwk.clone()),
            ("JWK Set", format!("{{\"keys\":[{}]}}", jwk.trim())),
            ("bare JSON array of JWKs", format!("[{}]", jwk.trim())),
            (
                "bare JSON array, pretty",
                format!("[\n  {}\n]\n", jwk.trim()),
            ),
            ("OpenSSH line", ssh.clone()),
            (
                "OpenSSH line, no comment",
                ssh.split(' ').take(2).collect::<Vec<_>>().join(" "),
            ),
        ];
        for (form, text) in forms {
            for encoding in ENCODINGS {
                check_form(&format!("{stem}: {form}"), &text, encoding, &token, alg);
            }
        }
    }
}

#[test]
fn the_whole_e2e_jwks_and_an_array_of_it_refuse_hmac() {
    let jwks = read("e2e/fixtures/jwks.json");
    let array =
        serde_json::to_string(&serde_json::from_str::<serde_json::Value>(&jwks).unwrap()["keys"])
            .unwrap();
    for (form, text) in [("JWKS", jwks), ("array", array)] {
        let set = parse_key(&text, SecretEncoding::Utf8).expect(form);
        assert_eq!(set.keys.len(), 3, "{form}");
        let v = verify(
            &decode_unverified(&hs256_forgery(text.as_bytes())),
            Some(&set),
            &opts(Some(Algorithm::HS256)),
        );
        assert_confusion(form, &v.signature);
        let rs = read("e2e/fixtures/rs256.jwt");
        let v = verify(
            &decode_unverified(rs.trim()),
            Some(&set),
            &opts(Some(Algorithm::RS256)),
        );
        assert_eq!(v.signature, SignatureVerdict::Valid, "{form}: kid rsa-1");
    }
}

/// DER that is only reachable through the secret encodings: hex, and base64 of a
/// JWK's or PEM's text. These are HMAC secrets by their text, and the confusion
/// rule refuses them by their bytes.
#[test]
fn key_material_behind_a_secret_encoding_is_refused() {
    let pem = read("vectors/keys/rsa2048.spki.pem");
    let der = b64::decode_any(&body(&pem)).unwrap();
    let jwk = read("e2e/fixtures/rsa.jwk.json");
    let cases = [
        (
            "hex DER",
            hex::encode(&der),
            SecretEncoding::Hex,
            der.clone(),
        ),
        (
            "HEX DER, colons",
            hex::encode_upper(&der)
                .as_bytes()
                .chunks(2)
                .map(|c| std::str::from_utf8(c).unwrap())
                .collect::<Vec<_>>()
                .join(":"),
            SecretEncoding::Hex,
            der.clone(),
        ),
        (
            "base64 of the PEM text",
            b64::encode_standard(pem.as_bytes()),
            SecretEncoding::Base64,
            pem.as_bytes().to_vec(),
        ),
        (
            "base64url of the JWK text",
            b64::encode(jwk.as_bytes()),
            SecretEncoding::Base64Url,
            jwk.as_bytes().to_vec(),
        ),
        (
            "hex of the JWK text",
            hex::encode(jwk.as_bytes()),
            SecretEncoding::Hex,
            jwk.as_bytes().to_vec(),
        ),
    ];
    for (name, text, encoding, secret_bytes) in cases {
        let set = parse_key(&text, encoding).unwrap_or_else(|e| panic!("{name}: {e}"));
        let forged = decode_unverified(&hs256_forgery(&secret_bytes));
        for pinned in [Some(Algorithm::HS256), None] {
            let v = verify(&forged, Some(&set), &opts(pinned));
            assert!(!v.is_valid(), "{name}: VALID with {pinned:?}");
        }
        let v = verify(&forged, Some(&set), &opts(Some(Algorithm::HS256)));
        assert_confusion(name, &v.signature);
        let e = sign("{}", "{}", Algorithm::HS256, &set.keys[0]).expect_err(name);
        assert_eq!(e.code(), "ERR_ALG_CONFUSION", "{name}");
    }
}

#[test]
fn descriptions_say_how_the_key_was_read() {
    let pem = read("vectors/keys/rsa2048.spki.pem");
    let set = parse_key(&body(&pem), SecretEncoding::Utf8).unwrap();
    assert_eq!(
        set.describe(),
        "RSA public key, 2048 bits, SPKI DER in base64 without PEM armour"
    );
    let set = parse_key(&read("e2e/fixtures/ec.pub.ssh"), SecretEncoding::Utf8).unwrap();
    assert_eq!(set.describe(), "EC public key, P-256, OpenSSH public key");
    let set = parse_key(
        &format!("[{}]", read("e2e/fixtures/ed.jwk.json")),
        SecretEncoding::Utf8,
    )
    .unwrap();
    assert_eq!(set.describe(), "JWKS, 1 key");
    assert!(set.keys[0]
        .notes
        .iter()
        .any(|n| n.contains("bare JSON array")));
}

#[test]
fn ordinary_secrets_stay_secrets() {
    for (text, encoding) in [
        ("your-256-bit-secret", SecretEncoding::Utf8),
        ("[1, 2, 3]", SecretEncoding::Utf8),
        ("ssh-rsa is my favourite key type", SecretEncoding::Utf8),
        (
            "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWYwMTIzNDU2Nzg5YWJjZGVm",
            SecretEncoding::Base64,
        ),
        (
            "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff",
            SecretEncoding::Hex,
        ),
    ] {
        let set: KeySet = parse_key(text, encoding).unwrap_or_else(|e| panic!("{text}: {e}"));
        assert!(
            matches!(set.keys[0].material, KeyMaterial::Secret(_)),
            "{text}"
        );
        assert!(
            sign("{}", "{}", Algorithm::HS256, &set.keys[0]).is_ok(),
            "{text}"
        );
    }
    // A public JWK exported by the engine is key material in any encoding.
    let set = parse_key(&read("e2e/fixtures/ed.pub.pem"), SecretEncoding::Utf8).unwrap();
    let jwk = public_jwk(&set.keys[0]).unwrap().to_string();
    let set = parse_key(&hex::encode(jwk.as_bytes()), SecretEncoding::Hex).unwrap();
    assert!(sign("{}", "{}", Algorithm::HS256, &set.keys[0]).is_err());
}

/// A truncated bare key is damaged key material: an error, never a secret.
#[test]
fn damaged_bare_der_is_an_error_not_a_secret() {
    let b = body(&read("vectors/keys/rsa2048.spki.pem"));
    for cut in [64, 200, b.len() - 8] {
        let e = parse_key(&b[..cut], SecretEncoding::Utf8).expect_err("truncated");
        assert_eq!(e.code(), "ERR_KEY_ENCODING", "cut at {cut}: {e}");
    }
}
