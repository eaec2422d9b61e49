//! `jwtscope verify`: exit 0 valid, 1 invalid, 2 could not verify; the verdict first.

use crate::util::{
    b64, hs256, jwtscope, jwtscope_stdin, shared_ec, token, TempDir, JWT_IO, JWT_IO_SECRET, NOW,
};

fn now() -> String {
    NOW.to_string()
}

#[test]
fn valid_hs256_exit_0_with_the_verdict_first() {
    let now = now();
    let run = jwtscope(&[
        "verify",
        "--alg",
        "HS256",
        "--secret",
        JWT_IO_SECRET,
        "--now",
        &now,
        JWT_IO,
    ]);
    run.code(0)
        .first_line_starts("VALID — HS256, key: ")
        .stdout_has("WARN_SECRET_KNOWN")
        .stdout_has("WARN_SECRET_SHORT");
}

#[test]
fn wrong_secret_is_invalid_exit_1() {
    let now = now();
    let run = jwtscope(&[
        "verify", "--alg", "HS256", "--secret", "not-it", "--now", &now, JWT_IO,
    ]);
    run.code(1)
        .first_line_starts("INVALID — ")
        .stdout_has("(ERR_JWS_SIGNATURE_VERIFICATION_FAILED)");
}

#[test]
fn alg_none_is_refused_exit_1() {
    let now = now();
    let none = token(r#"{"alg":"none"}"#, r#"{"sub":"admin"}"#, "");
    let run = jwtscope(&[
        "verify",
        "--alg",
        "HS256",
        "--secret",
        "s3cr3t-s3cr3t",
        "--now",
        &now,
        &none,
    ]);
    run.code(1)
        .first_line_starts("INVALID — ")
        .stdout_has("(ERR_ALG_NONE)");
    // Choosing none on the command line is a usage error, with the engine's code.
    jwtscope(&["verify", "--alg", "none", "--secret", "x", &none]).error_line("ERR_ALG_NONE");
}

#[test]
fn alg_mismatch_and_confusion_are_invalid() {
    let now = now();
    let dir = TempDir::new("confusion");
    let ec = shared_ec().files(&dir, "ec");
    let run = jwtscope(&[
        "verify",
        "--alg",
        "HS384",
        "--secret",
        JWT_IO_SECRET,
        "--now",
        &now,
        JWT_IO,
    ]);
    run.code(1).stdout_has("(ERR_ALG_MISMATCH)");
    // An HS256 token checked with a public key file: the algorithm-confusion attack.
    let run = jwtscope(&[
        "verify",
        "--alg",
        "HS256",
        "--key",
        &ec.public_pem,
        "--now",
        &now,
        JWT_IO,
    ]);
    run.code(1).stdout_has("(ERR_ALG_CONFUSION)");
}

#[test]
fn claims_exp_nbf_leeway_iss_aud() {
    let now = now();
    let secret = "0123456789abcdef0123456789abcdef";
    let expired = hs256(&format!(r#"{{"exp":{}}}"#, NOW - 30), secret, &[]);
    let args = |t: &str, extra: &[&str]| {
        let mut a: Vec<&str> = vec![
            "verify", "--alg", "HS256", "--secret", secret, "--now", &now,
        ];
        a.extend_from_slice(extra);
        a.push(t);
        jwtscope(&a)
    };
    args(&expired, &[])
        .code(1)
        .first_line_starts("INVALID — expired 30 s ago")
        .stdout_has("(ERR_JWT_EXPIRED)");
    args(&expired, &["--leeway", "60"])
        .code(0)
        .first_line_starts("VALID — HS256");
    let future = hs256(&format!(r#"{{"nbf":{}}}"#, NOW + 600), secret, &[]);
    args(&future, &[])
        .code(1)
        .stdout_has("(ERR_JWT_NOT_YET_VALID)");

    let t = hs256(r#"{"iss":"me","aud":["web","api"]}"#, secret, &[]);
    args(&t, &["--iss", "me", "--aud", "api"]).code(0);
    args(&t, &["--iss", "you"])
        .code(1)
        .stdout_has("(ERR_JWT_CLAIM_MISMATCH)");
    args(&t, &["--aud", "cli"])
        .code(1)
        .stdout_has("(ERR_JWT_CLAIM_MISMATCH)");
}

#[test]
fn secret_encodings() {
    let now = now();
    // 32 bytes 0x01..0x20 in three encodings; the token is signed with the hex form.
    let hex: String = (1u8..=32).map(|b| format!("{b:02x}")).collect();
    let bytes: Vec<u8> = (1u8..=32).collect();
    let b64url = crate::util::b64(&bytes);
    let t = hs256(r#"{"a":1}"#, &hex, &["--secret-encoding", "hex"]);
    for (enc, text) in [("hex", hex.as_str()), ("base64url", b64url.as_str())] {
        jwtscope(&[
            "verify",
            "--alg",
            "HS256",
            "--secret",
            text,
            "--secret-encoding",
            enc,
            "--now",
            &now,
            &t,
        ])
        .code(0);
    }
    // The hex text taken as UTF-8 is another key.
    jwtscope(&[
        "verify", "--alg", "HS256", "--secret", &hex, "--now", &now, &t,
    ])
    .code(1);
    // Text that is not hex: exit 2 with the engine's code.
    jwtscope(&[
        "verify",
        "--alg",
        "HS256",
        "--secret",
        "zz",
        "--secret-encoding",
        "hex",
        &t,
    ])
    .error_line("ERR_SECRET_ENCODING");
}

#[test]
fn key_and_token_from_stdin() {
    let now = now();
    let dir = TempDir::new("stdin");
    let secret_file = dir.write("secret.txt", JWT_IO_SECRET);
    jwtscope_stdin(
        &[
            "verify",
            "--alg",
            "HS256",
            "--key",
            &secret_file,
            "--now",
            &now,
            "-",
        ],
        JWT_IO,
    )
    .code(0);
    jwtscope_stdin(
        &[
            "verify", "--alg", "HS256", "--key", "-", "--now", &now, JWT_IO,
        ],
        JWT_IO_SECRET,
    )
    .code(0);
    jwtscope_stdin(&["verify", "--alg", "HS256", "--key", "-", "-"], JWT_IO)
        .error_line("ERR_USAGE");
}

#[test]
fn jwk_naming_one_algorithm_needs_no_alg() {
    let now = now();
    let dir = TempDir::new("jwk-alg");
    let jwks = dir.write(
        "jwks.json",
        r#"{"keys":[{"kty":"oct","alg":"HS256","k":"eW91ci0yNTYtYml0LXNlY3JldA"}]}"#,
    );
    jwtscope(&["verify", "--key", &jwks, "--now", &now, JWT_IO])
        .code(0)
        .first_line_starts("VALID — HS256");
    // A bare secret allows HS256/384/512: the header's HS256 is within that family,
    // taken and said so (the page's rule, policy::choose_alg).
    jwtscope(&["verify", "--secret", JWT_IO_SECRET, "--now", &now, JWT_IO])
        .code(0)
        .first_line_starts("VALID — HS256")
        .stdout_has("algorithm  HS256, from the token header, allowed by the key");
    // Never across families: an RS256 header against a secret is refused, exit 1.
    let rs256 = token(r#"{"alg":"RS256"}"#, r#"{"sub":"x"}"#, "c2ln");
    jwtscope(&["verify", "--secret", JWT_IO_SECRET, "--now", &now, &rs256])
        .code(1)
        .stdout_has("the token says RS256, but the key allows only HS256, HS384, HS512")
        .stdout_has("(ERR_ALG_MISMATCH)");
}

/// The issue's case: `verify --key jwks.json TOKEN` where the token's kid selects a
/// key that names `alg: RS256` (and one that names none: RSA allows six, the header's
/// RS256 is one of them).
#[test]
fn a_kid_selected_key_pins_the_algorithm() {
    let now = now();
    let fixtures = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/e2e/fixtures");
    let jwks = std::fs::read_to_string(format!("{fixtures}/jwks.json")).unwrap();
    let token = std::fs::read_to_string(format!("{fixtures}/rs256.jwt")).unwrap();
    let dir = TempDir::new("kid-alg");
    let named = dir.write(
        "named.json",
        &jwks.replacen(r#""kid":"rsa-1""#, r#""kid":"rsa-1","alg":"RS256""#, 1),
    );
    jwtscope(&["verify", "--key", &named, "--now", &now, token.trim()])
        .code(0)
        .first_line_starts("VALID — RS256")
        .stdout_has("algorithm  RS256, named by the key")
        .stdout_has("(the token's kid \"rsa-1\")");
    let plain = dir.write("plain.json", &jwks);
    let doc = jwtscope(&[
        "verify",
        "--json",
        "--key",
        &plain,
        "--now",
        &now,
        token.trim(),
    ])
    .code(0)
    .json();
    assert_eq!(doc["verification"]["alg"], "RS256");
    assert_eq!(doc["verification"]["alg_source"], "header");
    assert_eq!(doc["verification"]["key"]["index"], 0);
    assert_eq!(doc["verification"]["key"]["reason"], "kid");
}

#[test]
fn unusable_key_is_exit_2() {
    let now = now();
    let dir = TempDir::new("unusable");
    let ec = shared_ec().files(&dir, "ec");
    // An EC key for RS256: the check cannot run.
    let run = jwtscope(&[
        "verify",
        "--alg",
        "RS256",
        "--key",
        &ec.public_pem,
        "--now",
        &now,
        JWT_IO,
    ]);
    run.code(1).stdout_has("ERR_ALG_MISMATCH");
    let rs = token(r#"{"alg":"RS256"}"#, r#"{"a":1}"#, "c2ln");
    let run = jwtscope(&[
        "verify",
        "--alg",
        "RS256",
        "--key",
        &ec.public_pem,
        "--now",
        &now,
        &rs,
    ]);
    run.code(2)
        .first_line_starts("UNCHECKED — ")
        .stdout_has("(ERR_KEY_TYPE)");
}

#[test]
fn bad_key_input_is_one_line_exit_2() {
    let dir = TempDir::new("badkey");
    let garbage = dir.write(
        "garbage.pem",
        "-----BEGIN PUBLIC KEY-----\nnot base64 at all!\n-----END PUBLIC KEY-----\n",
    );
    jwtscope(&["verify", "--alg", "RS256", "--key", &garbage, JWT_IO])
        .code(2)
        .stderr_has("garbage.pem\": ");
    let missing = dir.join("missing.pem");
    jwtscope(&["verify", "--alg", "RS256", "--key", &missing, JWT_IO]).error_line("ERR_IO");
    let binary = dir.path().join("key.der");
    std::fs::write(&binary, [0x30u8, 0x82, 0xff, 0xfe, 0x00]).unwrap();
    jwtscope(&[
        "verify",
        "--alg",
        "RS256",
        "--key",
        binary.to_str().unwrap(),
        JWT_IO,
    ])
    .error_line("ERR_IO");
    jwtscope(&["verify", "--alg", "HS999", "--secret", "x", JWT_IO]).error_line("ERR_ALG_UNKNOWN");
    jwtscope(&["verify", "--alg", "hs256", "--secret", "x", JWT_IO])
        .code(2)
        .stderr_has("did you mean \"HS256\"");
    // A PEM given as --secret is pointed at --key.
    let pem = &shared_ec().public_pem;
    jwtscope(&["verify", "--alg", "ES256", "--secret", pem, JWT_IO]).error_line("ERR_USAGE");
    // Neither --key nor --secret, or both: clap usage errors, exit 2.
    jwtscope(&["verify", "--alg", "HS256", JWT_IO]).code(2);
    jwtscope(&[
        "verify", "--alg", "HS256", "--key", &garbage, "--secret", "x", JWT_IO,
    ])
    .code(2);
    jwtscope(&["verify", "--json", "--alg", "HS256", JWT_IO]).json_error("ERR_USAGE");
    jwtscope(&[
        "verify", "--json", "--alg", "RS256", "--key", &missing, JWT_IO,
    ])
    .json_error("ERR_IO");
}

#[test]
fn json_documents() {
    let now = now();
    let doc = jwtscope(&[
        "verify",
        "--json",
        "--alg",
        "HS256",
        "--secret",
        JWT_IO_SECRET,
        "--now",
        &now,
        JWT_IO,
    ])
    .code(0)
    .json();
    assert_eq!(doc["command"], "verify");
    assert_eq!(doc["verdict"], "valid");
    assert_eq!(doc["exit_code"], 0);
    assert_eq!(doc["verification"]["valid"], true);
    assert_eq!(doc["verification"]["signature"]["status"], "valid");
    assert_eq!(doc["verification"]["alg"], "HS256");
    assert_eq!(doc["verification"]["key"]["index"], 0);
    assert_eq!(doc["verification"]["claims"]["status"], "valid");
    assert_eq!(doc["decoded"]["payload"]["json"]["name"], "John Doe");
    assert_eq!(doc["keys"]["source"], "single");
    assert!(doc["error"].is_null());

    let doc = jwtscope(&[
        "verify", "--json", "--alg", "HS256", "--secret", "nope", "--now", &now, JWT_IO,
    ])
    .code(1)
    .json();
    assert_eq!(doc["verdict"], "invalid");
    assert_eq!(
        doc["verification"]["signature"]["error"]["code"],
        "ERR_JWS_SIGNATURE_VERIFICATION_FAILED"
    );
    assert!(doc["error"].is_null());

    // Without --alg the header's HS256 is taken (within the secret's family), and the
    // document says where the algorithm came from.
    let doc = jwtscope(&[
        "verify", "--json", "--secret", "nope", "--now", &now, JWT_IO,
    ])
    .code(1)
    .json();
    assert_eq!(doc["verdict"], "invalid");
    assert_eq!(doc["verification"]["alg"], "HS256");
    assert_eq!(doc["verification"]["alg_source"], "header");
    assert_eq!(doc["verification"]["key"]["reason"], "only");
}

#[test]
fn jwe_and_partial_tokens() {
    let now = now();
    let jwe = format!(
        "{}.a2V5.aXY.Y2lwaGVy.dGFn",
        crate::util::b64(br#"{"alg":"RSA-OAEP","enc":"A256GCM"}"#)
    );
    jwtscope(&[
        "verify", "--alg", "HS256", "--secret", "x", "--now", &now, &jwe,
    ])
    .code(2)
    .stdout_has("ERR_JWE_ENCRYPTED");
    let partial = JWT_IO.rsplit_once('.').unwrap().0;
    jwtscope(&[
        "verify",
        "--alg",
        "HS256",
        "--secret",
        JWT_IO_SECRET,
        "--now",
        &now,
        partial,
    ])
    .code(1)
    .stdout_has("ERR_JWT_MALFORMED");
}

/// Trust issue, item 1, through the CLI: public-key text in the forms consoles show
/// (bare base64 DER, an OpenSSH line, a bare JSON array of JWKs), given as `--key`
/// or `--secret`, is the key it is: it verifies its own token, and an HS256 token
/// MAC'd with that very text is a forgery (exit 1, ERR_ALG_CONFUSION), whether HS256
/// is pinned or not. Signing HS256 with it is refused too.
#[test]
fn public_key_text_in_any_form_is_never_an_hmac_secret() {
    let now = now();
    let fixtures = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/e2e/fixtures");
    let read = |name: &str| std::fs::read_to_string(format!("{fixtures}/{name}")).unwrap();
    let pem = read("rsa.pub.pem");
    let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    let forms = [
        ("bare base64 SPKI", body.clone()),
        ("OpenSSH line", read("rsa.pub.ssh")),
        (
            "bare JWK array",
            format!("[{}]", read("rsa.jwk.json").trim()),
        ),
    ];
    let rs256 = read("rs256.jwt");
    let dir = TempDir::new("confusion");
    for (_name, text) in forms {
        let file = dir.write("key.txt", &text);
        let forged = {
            use hmac::{KeyInit, Mac};
            let input = format!(
                "{}.{}",
                crate::util::b64(br#"{"alg":"HS256","typ":"JWT"}"#),
                crate::util::b64(br#"{"sub":"attacker","admin":true}"#)
            );
            let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(text.as_bytes()).unwrap();
            mac.update(input.as_bytes());
            format!("{input}.{}", crate::util::b64(&mac.finalize().into_bytes()))
        };
        jwtscope(&[
            "verify",
            "--alg",
            "RS256",
            "--key",
            &file,
            "--now",
            &now,
            rs256.trim(),
        ])
        .code(0)
        .first_line_starts("VALID — RS256");
        // As a key file: read as the key, the forgery is INVALID (exit 1).
        jwtscope(&[
            "verify", "--alg", "HS256", "--key", &file, "--now", &now, &forged,
        ])
        .code(1)
        .first_line_starts("INVALID — ")
        .stdout_has("(ERR_ALG_CONFUSION)");
        let unpinned = jwtscope(&["verify", "--key", &file, "--now", &now, &forged]);
        assert_ne!(unpinned.code, 0, "{_name}: exit 0 without --alg");
        // As --secret: refused before anything is verified (exit 2, a usage error:
        // the text is a key, and the message says algorithm confusion).
        jwtscope(&[
            "verify", "--alg", "HS256", "--secret", &text, "--now", &now, &forged,
        ])
        .error_line("ERR_USAGE")
        .stderr_has("algorithm confusion");
        jwtscope(&[
            "sign", "--alg", "HS256", "--key", &file, "--now", &now, "{}",
        ])
        .error_line("ERR_ALG_CONFUSION");
        jwtscope(&[
            "sign", "--alg", "HS256", "--secret", &text, "--now", &now, "{}",
        ])
        .error_line("ERR_USAGE")
        .stderr_has("algorithm confusion");
    }
}

/// HS256 over a payload segment as given (base64url, or raw for `b64: false`).
fn hs256_over(header: &str, payload_segment: &str, secret: &str) -> String {
    use jwtscope::jose::{alg::Algorithm, key, sign};
    let keys = key::parse_key(secret, key::SecretEncoding::Utf8).unwrap();
    let header = crate::util::b64(header.as_bytes());
    sign::sign_parts(&header, payload_segment, Algorithm::HS256, &keys.keys[0]).unwrap()
}

/// `verify --json --alg HS256 --secret SECRET --now NOW TOKEN`, expecting `exit`.
fn verify_json(token: &str, secret: &str, exit: i32) -> serde_json::Value {
    let now = now();
    let args = [
        "verify", "--json", "--alg", "HS256", "--secret", secret, "--now", &now, token,
    ];
    jwtscope(&args).code(exit).json()
}

// RFC 7519 §7.2: a claim that could not be read never counts as a claim that passed.
#[test]
fn expired_token_with_an_unreadable_payload_is_exit_1() {
    let now = now();
    let secret = "0123456789abcdef0123456789abcdef";
    let payload = format!(r#"{{"exp":{},}}"#, NOW - 60);
    let t = hs256_over(
        r#"{"alg":"HS256"}"#,
        &crate::util::b64(payload.as_bytes()),
        secret,
    );
    jwtscope(&[
        "verify", "--alg", "HS256", "--secret", secret, "--now", &now, &t,
    ])
    .code(1)
    .first_line_starts("INVALID — the claims cannot be read: the payload is not valid JSON")
    .stdout_has("(ERR_JWT_CLAIMS_UNREADABLE)")
    .stdout_has("claims     unreadable");
    let doc = verify_json(&t, secret, 1);
    assert_eq!(doc["verdict"], "invalid");
    assert_eq!(doc["verification"]["valid"], false);
    assert_eq!(doc["verification"]["signature"]["status"], "valid");
    assert_eq!(doc["verification"]["claims"]["status"], "unreadable");
    assert_eq!(
        doc["verification"]["claims"]["errors"][0]["code"],
        "ERR_JWT_CLAIMS_UNREADABLE"
    );
    // `decode` still shows what decoded, and says the claims could not be read.
    let doc = jwtscope(&["decode", "--json", "--now", &now, &t])
        .code(0)
        .json();
    assert_eq!(doc["decoded"]["payload"]["text"], payload.as_str());
    assert_eq!(doc["claims"]["status"], "unreadable");
}

#[test]
fn a_payload_that_is_not_an_object_is_not_a_jwt_exit_1() {
    let now = now();
    let secret = "0123456789abcdef0123456789abcdef";
    for payload in ["It is a dangerous business, Frodo", "[1,2,3]"] {
        let t = hs256_over(
            r#"{"alg":"HS256"}"#,
            &crate::util::b64(payload.as_bytes()),
            secret,
        );
        jwtscope(&[
            "verify", "--alg", "HS256", "--secret", secret, "--now", &now, &t,
        ])
        .code(1)
        .first_line_starts("INVALID — not a JWT: the payload is")
        .stdout_has("(ERR_JWT_NOT_A_JWT)")
        .stdout_has("signature  valid (HS256)");
        let doc = verify_json(&t, secret, 1);
        assert_eq!(doc["verification"]["signature"]["status"], "valid");
        assert_eq!(doc["verification"]["valid"], false);
        assert_eq!(doc["verification"]["claims"]["status"], "not_jwt");
    }
}

/// RFC 7797 §7: a JWT must not use `b64: false`. Its signature may be valid; the
/// token is not a JWT (PyJWT and jose refuse it), with or without sound claims.
#[test]
fn b64_false_is_not_a_jwt_and_exit_1() {
    let secret = "0123456789abcdef0123456789abcdef";
    let payload = format!(r#"{{"exp":{},"exp":{}}}"#, NOW - 60, NOW + 60);
    let sound = format!(r#"{{"sub":"admin","exp":{}}}"#, NOW + 3600);
    for claims in [&payload, &sound] {
        let t = hs256_over(
            r#"{"alg":"HS256","b64":false,"crit":["b64"]}"#,
            claims,
            secret,
        );
        let doc = verify_json(&t, secret, 1);
        assert_eq!(doc["verdict"], "invalid");
        assert_eq!(doc["verification"]["signature"]["status"], "valid");
        assert_eq!(doc["verification"]["claims"]["status"], "not_jwt");
        let reason = &doc["verification"]["claims"]["errors"][0];
        assert_eq!(reason["code"], "ERR_JWT_NOT_A_JWT");
        assert!(
            reason["message"]
                .as_str()
                .unwrap_or("")
                .contains("\"b64\": false"),
            "{reason}"
        );
    }
    // The same payload base64url-encoded: refused too.
    let t = hs256_over(
        r#"{"alg":"HS256"}"#,
        &crate::util::b64(payload.as_bytes()),
        secret,
    );
    assert_eq!(verify_json(&t, secret, 1)["verdict"], "invalid");
}

#[test]
fn far_out_times_do_not_crash_and_read_out_of_range() {
    let now = now();
    let secret = "0123456789abcdef0123456789abcdef";
    let payload = r#"{"exp":-9223372036854775808,"nbf":-1e300,"iat":-1e19}"#;
    let t = hs256_over(
        r#"{"alg":"HS256"}"#,
        &crate::util::b64(payload.as_bytes()),
        secret,
    );
    jwtscope(&[
        "verify", "--alg", "HS256", "--secret", secret, "--now", &now, &t,
    ])
    .code(1)
    .stdout_has("(ERR_JWT_EXPIRED)")
    .stdout_has("out of range")
    .stdout_lacks("-292");
    let doc = verify_json(&t, secret, 1);
    assert_eq!(
        doc["verification"]["claims"]["times"][0]["utc"],
        "out of range"
    );
    let doc = jwtscope(&["decode", "--json", "--now", &now, &t])
        .code(0)
        .json();
    assert_eq!(doc["relative"]["exp"], "out of range");
    // At the first second with the largest leeway, every claim passes, without wrapping.
    jwtscope(&[
        "verify",
        "--alg",
        "HS256",
        "--secret",
        secret,
        "--now=-9223372036854775808",
        "--leeway=18446744073709551615",
        &t,
    ])
    .code(0)
    .stdout_lacks("-292");
}

/// `verify --explain`: the issue's case (a base64 secret read as UTF-8) is named with
/// its code and the flag that fixes it; the verdict and exit status do not change; a
/// valid token has nothing to explain.
#[test]
fn explain_names_the_fix() {
    let now = now();
    let secret: Vec<u8> = (0u8..32)
        .map(|i| i.wrapping_mul(37).wrapping_add(11))
        .collect();
    let text = base64::Engine::encode(&base64::engine::general_purpose::STANDARD, &secret);
    let token = {
        use hmac::{KeyInit, Mac};
        let input = format!("{}.{}", b64(br#"{"alg":"HS256"}"#), b64(br#"{"sub":"x"}"#));
        let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(&secret).unwrap();
        mac.update(input.as_bytes());
        format!("{input}.{}", b64(&mac.finalize().into_bytes()))
    };
    jwtscope(&[
        "verify",
        "--explain",
        "--secret",
        &text,
        "--now",
        &now,
        &token,
    ])
    .code(1)
    .first_line_starts("INVALID — ")
    .stdout_has("EXPLAIN_SECRET_ENCODING  the signature verifies when the secret is read as base64")
    .stdout_has("(--secret-encoding base64)");
    let doc = jwtscope(&[
        "verify",
        "--json",
        "--explain",
        "--secret",
        &text,
        "--now",
        &now,
        &token,
    ])
    .code(1)
    .json();
    assert_eq!(doc["explanation"][0]["code"], "EXPLAIN_SECRET_ENCODING");
    assert_eq!(doc["explanation"][0]["encoding"], "base64");
    assert_eq!(doc["explanation"][0]["alg"], "HS256");
    assert!(doc["explanation"][0]["key"].is_null());
    // Valid: nothing to explain, and no "Why".
    let doc = jwtscope(&[
        "verify",
        "--json",
        "--explain",
        "--secret",
        &text,
        "--secret-encoding",
        "base64",
        "--now",
        &now,
        &token,
    ])
    .code(0)
    .json();
    assert_eq!(doc["explanation"], serde_json::json!([]));
    let run = jwtscope(&[
        "verify",
        "--explain",
        "--secret",
        &text,
        "--secret-encoding",
        "base64",
        "--now",
        &now,
        &token,
    ]);
    assert!(!run.code(0).stdout.contains("Why"));
    // Without --explain the document has no explanation field.
    let doc = jwtscope(&["verify", "--json", "--secret", &text, "--now", &now, &token])
        .code(1)
        .json();
    assert!(doc.get("explanation").is_none());
}

/// A header that is not valid JSON has no `alg` to read: the verdict names why the
/// header does not read (its JSON error), not a missing `alg`.
#[test]
fn a_header_that_does_not_read_is_named_for_its_json_error() {
    let secret = "0123456789abcdef0123456789abcdef";
    let payload = crate::util::b64(br#"{"sub":"x"}"#);
    for header in [r#"{"alg":"HS256",}"#, "\u{feff}{\"alg\":\"HS256\"}"] {
        let t = hs256_over(header, &payload, secret);
        let doc = verify_json(&t, secret, 1);
        let error = &doc["verification"]["signature"]["error"];
        assert_eq!(error["code"], "ERR_JSON_SYNTAX", "{doc}");
        assert!(
            error["message"].as_str().unwrap_or("").contains("header"),
            "{error}"
        );
    }
}
