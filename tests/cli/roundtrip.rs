//! A token made by `sign` verifies with `verify`, for every algorithm, with keys made
//! by `keygen` (one RSA key for all six RS/PS algorithms: RSA generation is slow in
//! debug builds).

use crate::util::{jwtscope, keygen_pem, shared_rsa, KeyFiles, TempDir, NOW};

fn sign_then_verify(alg: &str, signing: &[&str], verifying: &[&str]) {
    let now = NOW.to_string();
    let mut sign = vec!["sign", "--alg", alg, "--now", &now, "--iat", "--exp", "10m"];
    sign.extend_from_slice(signing);
    sign.push(r#"{"sub":"roundtrip"}"#);
    let run = jwtscope(&sign);
    run.code(0);
    let token = run.stdout.trim().to_string();

    let mut verify = vec!["verify", "--alg", alg, "--now", &now];
    verify.extend_from_slice(verifying);
    verify.push(&token);
    jwtscope(&verify)
        .code(0)
        .first_line_starts(&format!("VALID — {alg}, key: "));

    // The same token one bit off in the signature is invalid.
    let mut tampered = token.clone().into_bytes();
    let last = tampered.len() - 2;
    tampered[last] = if tampered[last] == b'A' { b'B' } else { b'A' };
    let tampered = String::from_utf8(tampered).unwrap();
    let mut verify = vec!["verify", "--alg", alg, "--now", &now];
    verify.extend_from_slice(verifying);
    verify.push(&tampered);
    jwtscope(&verify).code(1).first_line_starts("INVALID — ");

    // And expired ten minutes later.
    let later = (NOW + 600).to_string();
    let mut verify = vec!["verify", "--alg", alg, "--now", &later];
    verify.extend_from_slice(verifying);
    verify.push(&token);
    jwtscope(&verify).code(1).stdout_has("ERR_JWT_EXPIRED");
}

#[test]
fn hmac_all_three() {
    for (alg, bytes) in [("HS256", "32"), ("HS384", "48"), ("HS512", "64")] {
        let run = jwtscope(&["secret", "--alg", alg, "--encoding", "hex"]);
        run.code(0);
        let secret = run.stdout.trim().to_string();
        assert_eq!(secret.len(), 2 * bytes.parse::<usize>().unwrap());
        let args = ["--secret", secret.as_str(), "--secret-encoding", "hex"];
        sign_then_verify(alg, &args, &args);
    }
}

#[test]
fn rsa_six_algorithms_one_key() {
    let dir = TempDir::new("roundtrip-rsa");
    let rsa = shared_rsa().files(&dir, "rsa");
    for alg in ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512"] {
        sign_then_verify(
            alg,
            &["--key", &rsa.private_pem],
            &["--key", &rsa.public_pem],
        );
    }
}

#[test]
fn ecdsa_four_curves_and_ed25519() {
    let cases: [(&str, &[&str]); 5] = [
        ("ES256", &["ec", "--curve", "P-256"]),
        ("ES384", &["ec", "--curve", "P-384"]),
        ("ES512", &["ec", "--curve", "P-521"]),
        ("ES256K", &["ec", "--curve", "secp256k1"]),
        ("EdDSA", &["ed25519"]),
    ];
    for (alg, kind) in cases {
        let sub = TempDir::new(alg);
        let keys: KeyFiles = keygen_pem(&sub, kind);
        sign_then_verify(
            alg,
            &["--key", &keys.private_pem],
            &["--key", &keys.public_pem],
        );
        // The private key verifies too (its public half is used).
        let now = NOW.to_string();
        let run = jwtscope(&[
            "sign",
            "--alg",
            alg,
            "--key",
            &keys.private_pem,
            "--now",
            &now,
            "{}",
        ]);
        jwtscope(&[
            "verify",
            "--alg",
            alg,
            "--key",
            &keys.private_pem,
            "--now",
            &now,
            run.stdout.trim(),
        ])
        .code(0);
    }
}

#[test]
fn jwk_and_jwks_keys() {
    let dir = TempDir::new("roundtrip-jwk");
    let out = dir.path().to_string_lossy().into_owned();
    let doc = jwtscope(&[
        "keygen",
        "ec",
        "--format",
        "jwks",
        "--out-dir",
        &out,
        "--json",
    ])
    .code(0)
    .json();
    let files = doc["files"].as_array().unwrap();
    let private = files.iter().find(|f| f["private"] == true).unwrap()["path"]
        .as_str()
        .unwrap()
        .to_string();
    let jwks = files.iter().find(|f| f["private"] == false).unwrap()["path"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(jwks.ends_with("jwks.json"), "{jwks}");
    sign_then_verify("ES256", &["--key", &private], &["--key", &jwks]);
}
