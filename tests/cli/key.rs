//! `jwtscope key`: describe a key and print it in the other formats; private forms
//! only with `--private`.

use crate::util::{jwtscope, jwtscope_stdin, shared_ec, shared_rsa, TempDir};

#[test]
fn describes_a_public_pem() {
    let dir = TempDir::new("key-public");
    let rsa = shared_rsa().files(&dir, "rsa");
    let run = jwtscope(&["key", &rsa.public_pem]);
    run.code(0)
        .first_line_starts("RSA public key, 2048 bits, SPKI PEM")
        .stdout_has("thumbprint  ")
        .stdout_has("RS256 RS384 RS512 PS256 PS384 PS512")
        .stdout_has("Public JWK")
        .stdout_has("\"kty\": \"RSA\"")
        .stdout_has("-----BEGIN PUBLIC KEY-----")
        .stdout_lacks("PRIVATE");
}

#[test]
fn private_material_only_with_private_flag() {
    let dir = TempDir::new("key-private");
    let ec = shared_ec().files(&dir, "ec");
    let run = jwtscope(&["key", &ec.private_pem]);
    run.code(0)
        .first_line_starts("EC private key")
        .stdout_has("-----BEGIN PUBLIC KEY-----")
        .stdout_has("pass --private")
        .stdout_lacks("-----BEGIN PRIVATE KEY-----")
        .stdout_lacks("\"d\"");
    jwtscope(&["key", "--private", &ec.private_pem])
        .code(0)
        .stdout_has("-----BEGIN PRIVATE KEY-----")
        .stdout_has("\"d\":");
    let doc = jwtscope(&["key", "--json", &ec.private_pem]).code(0).json();
    assert!(
        doc["keys"][0]["private_jwk"].is_null() && doc["keys"][0]["pkcs8_pem"].is_null(),
        "{doc}"
    );
    let doc = jwtscope(&["key", "--json", "--private", &ec.private_pem])
        .code(0)
        .json();
    assert!(doc["keys"][0]["private_jwk"]["d"].is_string(), "{doc}");
}

#[test]
fn thumbprint_is_the_same_in_every_format() {
    let dir = TempDir::new("key-thumb");
    let ec = shared_ec().files(&dir, "ec");
    let doc = jwtscope(&["key", "--json", &ec.private_pem]).code(0).json();
    let key = &doc["keys"][0];
    assert_eq!(doc["command"], "key");
    assert_eq!(doc["source"], "single");
    assert_eq!(key["private"], true);
    assert_eq!(key["algorithms"], serde_json::json!(["ES256"]));
    let thumb = key["thumbprint"].as_str().unwrap().to_string();
    assert_eq!(thumb.len(), 43, "base64url SHA-256");
    // The public JWK and SPKI PEM it printed describe the same key.
    let jwk = serde_json::to_string(&key["public_jwk"]).unwrap();
    let from_jwk = jwtscope_stdin(&["key", "--json", "-"], &jwk).code(0).json();
    assert_eq!(from_jwk["keys"][0]["thumbprint"], thumb.as_str());
    let from_pem = jwtscope_stdin(&["key", "--json", "-"], key["spki_pem"].as_str().unwrap())
        .code(0)
        .json();
    assert_eq!(from_pem["keys"][0]["thumbprint"], thumb.as_str());
}

#[test]
fn jwks_lists_every_key_and_the_skipped_ones() {
    let dir = TempDir::new("key-jwks");
    let jwks = dir.write(
        "jwks.json",
        r#"{"keys":[
            {"kty":"oct","kid":"hmac","k":"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8"},
            {"kty":"OKP","crv":"Ed25519","kid":"ed","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"},
            {"kty":"EC","crv":"P-999","kid":"bad","x":"AA","y":"AA"}
        ]}"#,
    );
    let run = jwtscope(&["key", &jwks]);
    run.code(0)
        .first_line_starts("JWKS")
        .stdout_has("#0  ")
        .stdout_has("#1  ")
        .stdout_has("kid \"ed\"")
        .stdout_has("skipped: ")
        .stdout_has("A shared secret has no public form");
    let doc = jwtscope(&["key", "--json", &jwks]).code(0).json();
    assert_eq!(doc["source"], "jwks");
    assert_eq!(doc["keys"].as_array().unwrap().len(), 2);
    assert_eq!(doc["keys"][0]["secret"], true);
    assert!(
        doc["keys"][0]["thumbprint"].is_null(),
        "a secret's thumbprint is not shown without --private"
    );
    assert!(doc["keys"][0]["private_jwk"].is_null());
    assert_eq!(doc["keys"][1]["kid"], "ed");
    assert_eq!(doc["skipped"][0]["index"], 2);
    assert!(doc["skipped"][0]["code"]
        .as_str()
        .unwrap()
        .starts_with("ERR_KEY"));
    let doc = jwtscope(&["key", "--json", "--private", &jwks])
        .code(0)
        .json();
    assert_eq!(
        doc["keys"][0]["private_jwk"]["k"],
        "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8"
    );
}

#[test]
fn bad_input_is_one_line_exit_2() {
    let dir = TempDir::new("key-bad");
    let truncated = dir.write(
        "t.pem",
        "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n",
    );
    // The file is named once, then the engine's message (no "the key in …: the key…").
    let run = jwtscope(&["key", &truncated]);
    run.code(2).stderr_has("t.pem\": ");
    assert!(!run.stderr.contains("the key in"), "{}", run.stderr);
    jwtscope(&["key", &dir.join("nope.pem")]).error_line("ERR_IO");
    jwtscope(&["key", dir.path().to_str().unwrap()]).error_line("ERR_IO");
    jwtscope(&["key", "--json", &dir.join("nope.pem")]).json_error("ERR_IO");
    let bad_jwk = dir.write("k.json", r#"{"kty":"RSA","n":"AQAB"}"#);
    jwtscope(&["key", &bad_jwk]).code(2).stderr_has("ERR_KEY");
    jwtscope(&["key"]).code(2);
}

/// Text that is public-key material but no key `key` can read (a JSON `x5c` array,
/// a JWK in YAML) is described as the secret it would be, with no algorithm and the
/// confusion rule's refusal: `verify` and `sign` refuse it as an HMAC secret too
/// (review of session 16: `key` listed HS256 HS384 HS512 for it).
#[test]
fn public_key_material_as_a_secret_has_no_algorithm() {
    let dir = TempDir::new("key-material");
    let pem = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/vectors/keys/rsa2048.cert.pem"
    ))
    .unwrap();
    let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    let x5c = dir.write("x5c.json", &format!("[\"{body}\"]"));
    jwtscope(&["key", &x5c])
        .code(0)
        .stdout_has("algorithms  none")
        .stdout_has("(ERR_ALG_CONFUSION)");
    let doc = jwtscope(&["--json", "key", &x5c]).code(0).json();
    assert_eq!(doc["keys"][0]["algorithms"], serde_json::json!([]), "{doc}");
    // An ordinary secret keeps its algorithms.
    let secret = dir.write("secret.txt", "a long enough shared secret for HS256 tests!");
    jwtscope(&["key", &secret])
        .code(0)
        .stdout_has("algorithms  HS256 HS384 HS512")
        .stdout_lacks("refused");
}
