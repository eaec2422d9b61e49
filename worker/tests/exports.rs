//! The worker module's exports, natively: each answers with the engine's JSON
//! document, which the page reads back (`jwtscope::app`). The same functions run in
//! the page's worker (tests/e2e: "key pairs", "weak-secret check").

use jwtscope::app::KeyPairOutput;
use jwtscope::jose::alg::{Algorithm, Curve};
use jwtscope::jose::diagnose::{builtin, Found};
use jwtscope::jose::key::{Key, KeyFormat, KeyMaterial, KeyPairSpec, Secret, SecretEncoding};
use jwtscope::jose::report::read_crack_reply;
use jwtscope::jose::sign::sign;
use jwtscope_worker::{worker_crack_builtin, worker_crack_window, worker_keypair};

#[test]
fn keypair_export_generates_ed25519_and_p256_pairs() {
    for kind in [KeyPairSpec::Ed25519, KeyPairSpec::Ec(Curve::P256)] {
        let json = worker_keypair(kind.name());
        let out = KeyPairOutput::from_reply(&json);
        assert!(out.is_ok(), "{json}");
        if let Ok(out) = out {
            assert_eq!(out.kind, kind);
            assert!(out.private_pem.contains("BEGIN PRIVATE KEY"));
            assert!(out.public_pem.contains("BEGIN PUBLIC KEY"));
            assert!(out.public_jwk.contains("\"kty\""));
            assert!(
                !out.public_jwk.contains("\"d\""),
                "the public JWK has no private part"
            );
        }
    }
}

#[test]
fn keypair_export_refuses_unknown_kinds_without_panicking() {
    let json = worker_keypair("dsa-1024");
    assert!(json.contains("\"ok\":false"), "{json}");
    assert!(json.contains("\"code\":\"ERR_PARAMETER\""), "{json}");
    assert!(KeyPairOutput::from_reply(&json).is_err());
    assert!(KeyPairOutput::from_reply("not json").is_err());
}

fn hs(alg: Algorithm, secret: &[u8]) -> String {
    let key = Key::new(
        KeyMaterial::Secret(Secret::new(secret.to_vec())),
        KeyFormat::Secret(SecretEncoding::Utf8),
    );
    let signed = sign(r#"{"typ":"JWT"}"#, r#"{"sub":"someone"}"#, alg, &key);
    assert!(signed.is_ok(), "{signed:?}");
    signed.map(|s| s.token).unwrap_or_default()
}

fn read(json: &str) -> (Option<Found>, u64) {
    let back = read_crack_reply(json);
    assert!(back.is_ok(), "{json}");
    back.unwrap_or((None, 0))
}

#[test]
fn crack_builtin_finds_a_default_secret_in_every_hmac_size() {
    for alg in [Algorithm::HS256, Algorithm::HS384, Algorithm::HS512] {
        let (found, tried) = read(&worker_crack_builtin(&hs(alg, b"secret")));
        assert_eq!(
            found,
            Some(Found {
                secret: "secret".into(),
                encoding: SecretEncoding::Utf8
            }),
            "{alg}"
        );
        assert!(tried >= 1);
    }
    // A strong secret: the whole list is tried, nothing found.
    let (found, tried) = read(&worker_crack_builtin(&hs(
        Algorithm::HS256,
        b"9f8e7d6c5b4a39281706f5e4d3c2b1a0-not-a-default",
    )));
    assert_eq!(found, None);
    assert!(tried as usize >= builtin().len(), "{tried}");
}

#[test]
fn crack_window_reads_only_the_lines_that_start_in_its_range() {
    let token = hs(Algorithm::HS256, b"correct horse battery staple");
    let file = b"alpha\nbeta\ncorrect horse battery staple\r\ngamma\n";
    let at = file.windows(7).position(|w| w == b"correct").unwrap_or(0);
    // The window that owns the line finds it (base64, hex: not this one).
    let (found, _) = read(&worker_crack_window(&token, file, at, at + 1, true));
    assert_eq!(
        found.map(|f| f.secret).as_deref(),
        Some("correct horse battery staple")
    );
    // The window before it stops before the line; the one after starts after it.
    let (found, tried) = read(&worker_crack_window(&token, file, 0, at, true));
    assert_eq!(
        (found, tried),
        (None, 3),
        "alpha and beta: UTF-8, plus beta as base64"
    );
    let (found, _) = read(&worker_crack_window(&token, file, at + 1, file.len(), true));
    assert_eq!(found, None);
}

#[test]
fn crack_refuses_what_has_no_secret_with_the_engine_code() {
    for (token, code) in [
        ("not a token", "ERR_JWT_MALFORMED"),
        (
            "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl",
            "ERR_KEY_TYPE",
        ),
    ] {
        let json = worker_crack_builtin(token);
        let back = read_crack_reply(&json);
        assert_eq!(back.err().map(|e| e.code()), Some(code), "{json}");
        let json = worker_crack_window(token, b"secret\n", 0, 7, true);
        assert!(json.contains(code), "{json}");
    }
}
