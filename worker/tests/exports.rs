//! The worker module's exports, natively: each answers with the engine's JSON
//! document, which the page reads back (`jwtscope::app`). The same functions run in
//! the page's worker (tests/e2e: "key pairs", "weak-secret check").

use jwtscope::app::KeyPairOutput;
use jwtscope::jose::alg::{Algorithm, Curve};
use jwtscope::jose::decode::decode_unverified;
use jwtscope::jose::diagnose::{builtin, CrackTarget, Found};
use jwtscope::jose::key::{Key, KeyFormat, KeyMaterial, KeyPairSpec, Secret, SecretEncoding};
use jwtscope::jose::report::read_crack_reply;
use jwtscope::jose::sign::sign;
use jwtscope_worker::{
    worker_crack_builtin, worker_crack_window, worker_keypair, worker_private_forms, worker_sign,
};

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

/// What the page sends: the token's algorithm, signing input and tag.
fn parts(token: &str) -> (String, Vec<u8>, Vec<u8>) {
    let target = CrackTarget::new(&decode_unverified(token));
    assert!(target.is_ok(), "{target:?}");
    let target = target.unwrap_or_else(|_| unreachable!());
    (
        target.alg().name().to_string(),
        target.input().to_vec(),
        target.tag().to_vec(),
    )
}

fn builtin_check(token: &str) -> String {
    let (alg, input, tag) = parts(token);
    worker_crack_builtin(&alg, &input, &tag)
}

fn window_check(token: &str, window: &[u8], from: usize, to: usize) -> String {
    let (alg, input, tag) = parts(token);
    worker_crack_window(&alg, &input, &tag, window, from, to, true)
}

#[test]
fn crack_builtin_finds_a_default_secret_in_every_hmac_size() {
    for alg in [Algorithm::HS256, Algorithm::HS384, Algorithm::HS512] {
        let (found, tried) = read(&builtin_check(&hs(alg, b"secret")));
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
    let (found, tried) = read(&builtin_check(&hs(
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
    // The window that owns the line finds it.
    let (found, _) = read(&window_check(&token, file, at, at + 1));
    assert_eq!(
        found.map(|f| f.secret).as_deref(),
        Some("correct horse battery staple")
    );
    // The window before it stops before the line; the one after starts after it.
    let (found, tried) = read(&window_check(&token, file, 0, at));
    assert_eq!(
        (found, tried),
        (None, 3),
        "alpha and beta: UTF-8, plus beta as base64"
    );
    let (found, _) = read(&window_check(&token, file, at + 1, file.len()));
    assert_eq!(found, None);
}

#[test]
fn crack_refuses_what_has_no_secret_with_the_engine_code() {
    let tag32 = [0u8; 32];
    for (alg, tag, code) in [
        ("RS256", &tag32[..], "ERR_KEY_TYPE"),
        ("HS256", &tag32[..31], "ERR_JWS_SIGNATURE_LENGTH"),
        ("none", &tag32[..], "ERR_ALG_NONE"),
        ("XX999", &tag32[..], "ERR_ALG_UNKNOWN"),
    ] {
        let json = worker_crack_builtin(alg, b"e30.e30", tag);
        let back = read_crack_reply(&json);
        assert_eq!(back.err().map(|e| e.code()), Some(code), "{alg}: {json}");
        let json = worker_crack_window(alg, b"e30.e30", tag, b"secret\n", 0, 7, true);
        assert!(json.contains(code), "{json}");
    }
}

#[test]
fn sign_export_signs_what_the_page_planned_with_the_key_it_chose() {
    use jwtscope::jose::key::parse_key;
    use jwtscope::jose::report::read_signature_reply;
    use jwtscope::jose::sign::plan_with_set;
    use jwtscope::jose::verify::{verify, SignatureVerdict, VerifyOptions};
    for spec in [
        KeyPairSpec::Ed25519,
        KeyPairSpec::Ec(Curve::P256),
        KeyPairSpec::Rsa { bits: 2048 },
    ] {
        let pair =
            jwtscope::jose::key::generate_keypair(spec).unwrap_or_else(|e| unreachable!("{e}"));
        let set = parse_key(pair.private_pem.as_str(), SecretEncoding::Utf8)
            .unwrap_or_else(|e| unreachable!("{e}"));
        let alg = spec.natural_algorithm().unwrap_or(Algorithm::RS256);
        let plan = plan_with_set("{}", r#"{"sub":"worker"}"#, alg, &set)
            .unwrap_or_else(|e| unreachable!("{e}"));
        let KeyMaterial::Private(key) = &set.keys[plan.index].material else {
            unreachable!("a private key")
        };
        let parts = key.parts();
        let reply = worker_sign(alg.name(), &plan.input, parts.kind(), &parts.encode());
        let signature =
            read_signature_reply(&reply).unwrap_or_else(|e| unreachable!("{e}: {reply}"));
        let token = plan.finish(&signature).signed.token;
        let public = parse_key(&pair.public_pem, SecretEncoding::Utf8)
            .unwrap_or_else(|e| unreachable!("{e}"));
        let v = verify(
            &decode_unverified(&token),
            Some(&public),
            &VerifyOptions {
                alg: Some(alg),
                ..VerifyOptions::default()
            },
        );
        assert_eq!(v.signature, SignatureVerdict::Valid, "{spec:?}");
    }
    // Numbers that are not a key, an unknown algorithm: the engine's error, no panic.
    for (alg, kind, numbers) in [
        ("ES256", "P-256", &[0u8, 0, 0, 1, 7][..]),
        ("XX1", "P-256", &[][..]),
        ("ES256", "DSA", &[][..]),
    ] {
        let reply = worker_sign(alg, "e30.e30", kind, numbers);
        assert!(read_signature_reply(&reply).is_err(), "{reply}");
    }
}

/// The keys workshop: a private key the page read goes to the worker as its
/// numbers; its PKCS#8 PEM and private JWK come back, and read as the same key.
#[test]
fn private_forms_export_writes_the_key_the_page_read() {
    use jwtscope::jose::key::{parse_key, thumbprint, KeyForm};
    use jwtscope::jose::report::read_key_forms_reply;
    let rsa = include_str!("../../tests/e2e/fixtures/rsa.key.pem");
    let ec = jwtscope::jose::key::generate_keypair(KeyPairSpec::Ec(Curve::Secp256k1))
        .unwrap_or_else(|e| unreachable!("{e}"));
    let ed = jwtscope::jose::key::generate_keypair(KeyPairSpec::Ed25519)
        .unwrap_or_else(|e| unreachable!("{e}"));
    for text in [rsa, ec.private_pem.as_str(), &ed.private_jwk.to_string()] {
        let set = parse_key(text, SecretEncoding::Utf8).unwrap_or_else(|e| unreachable!("{e}"));
        let key = &set.keys[0];
        let KeyMaterial::Private(private) = &key.material else {
            unreachable!("a private key")
        };
        let parts = private.parts();
        let reply = worker_private_forms(parts.kind(), &parts.encode(), "k-1", "sig", "");
        let doc = read_key_forms_reply(&reply).unwrap_or_else(|e| unreachable!("{e}"));
        let names: Vec<_> = doc.forms.iter().map(|(f, _)| f.name()).collect();
        assert_eq!(names, ["pkcs8-pem", "private-jwk"]);
        let jwk = parse_key(
            doc.form(KeyForm::PrivateJwk).unwrap_or(""),
            SecretEncoding::Utf8,
        )
        .unwrap_or_else(|e| unreachable!("{e}"));
        assert_eq!(jwk.keys[0].kid.as_deref(), Some("k-1"));
        assert_eq!(jwk.keys[0].jwk_use.as_deref(), Some("sig"));
        assert!(jwk.keys[0].jwk_alg.is_none(), "empty: none");
        for (_, form) in &doc.forms {
            let back =
                parse_key(form, SecretEncoding::Utf8).unwrap_or_else(|e| unreachable!("{e}"));
            assert!(back.keys[0].is_private(), "{}", form.as_str());
            assert!(back.keys[0].same_key_as(key));
            assert_eq!(thumbprint(&back.keys[0]).ok(), thumbprint(key).ok());
        }
    }
    // Numbers that are not a key: the engine's error, no panic.
    for (kind, numbers) in [("P-256", &[0u8, 0, 0, 1, 7][..]), ("DSA", &[][..])] {
        let reply = worker_private_forms(kind, numbers, "", "", "");
        assert!(read_key_forms_reply(&reply).is_err(), "{reply}");
    }
}

/// adv-review: worker messages the page never sends (any kind, any numbers, any
/// window bounds) answer with an error, never a panic.
#[test]
fn adv_exports_never_panic_on_odd_messages() {
    let mut seed: u64 = 99;
    let mut rnd = move |n: u64| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) % n.max(1)
    };
    let kinds = ["RSA", "P-256", "P-384", "P-521", "secp256k1", "Ed25519", ""];
    let algs = [
        "RS256", "PS512", "ES256", "ES384", "ES512", "ES256K", "EdDSA", "HS256", "none",
    ];
    for _ in 0..3000 {
        let kind = kinds[rnd(kinds.len() as u64) as usize];
        let alg = algs[rnd(algs.len() as u64) as usize];
        let mut numbers = Vec::new();
        for _ in 0..rnd(7) {
            let len = match rnd(4) {
                0 => rnd(4),
                1 => 32,
                2 => 66,
                _ => rnd(600),
            } as usize;
            numbers.extend_from_slice(&(len as u32).to_be_bytes());
            numbers.extend((0..len).map(|_| rnd(256) as u8));
        }
        let _ = worker_sign(alg, "e30.e30", kind, &numbers);
        let window: Vec<u8> = (0..rnd(50))
            .map(|_| [b'a', b'\n', b'\r', 0xff][rnd(4) as usize])
            .collect();
        let _ = worker_crack_window(
            "HS256",
            b"e30.e30",
            &[0; 32],
            &window,
            rnd(60) as usize,
            rnd(60) as usize,
            rnd(2) == 0,
        );
    }
    // Ed25519 and P-256 scalars of every length.
    for len in 0..70 {
        for kind in ["Ed25519", "P-256", "P-521", "secp256k1"] {
            let mut numbers = (len as u32).to_be_bytes().to_vec();
            numbers.extend(vec![0x42; len]);
            let _ = worker_sign("EdDSA", "x", kind, &numbers);
            let _ = worker_sign("ES256", "x", kind, &numbers);
        }
    }
}
