//! `jwtscope sign`: the token alone on stdout, helpers for exp/iat/jti, refusals.

use crate::util::{hs256, jwtscope, jwtscope_stdin, shared_ec, TempDir, NOW};

const SECRET: &str = "0123456789abcdef0123456789abcdef";

fn decode_json(token: &str) -> serde_json::Value {
    jwtscope(&["decode", "--json", token]).code(0).json()
}

#[test]
fn prints_only_the_token_and_keeps_member_order() {
    let now = NOW.to_string();
    let run = jwtscope(&[
        "sign",
        "--alg",
        "HS256",
        "--secret",
        SECRET,
        "--now",
        &now,
        r#"{"z":1,"a":2}"#,
    ]);
    run.code(0);
    assert_eq!(run.stdout.lines().count(), 1, "{}", run.stdout);
    assert_eq!(run.stdout.trim().split('.').count(), 3);
    let doc = decode_json(run.stdout.trim());
    assert_eq!(doc["decoded"]["payload"]["text"], r#"{"z":1,"a":2}"#);
    assert_eq!(doc["decoded"]["header"]["text"], r#"{"alg":"HS256"}"#);
}

#[test]
fn header_option_and_stdin_payload() {
    let run = jwtscope_stdin(
        &[
            "sign",
            "--alg",
            "HS256",
            "--secret",
            SECRET,
            "--header",
            r#"{"typ":"JWT","kid":"k1"}"#,
            "-",
        ],
        "{\"sub\":\"x\"}\n",
    );
    run.code(0);
    let doc = decode_json(run.stdout.trim());
    assert_eq!(
        doc["decoded"]["header"]["text"],
        r#"{"alg":"HS256","typ":"JWT","kid":"k1"}"#
    );
    assert_eq!(doc["decoded"]["payload"]["json"]["sub"], "x");
}

#[test]
fn exp_iat_jti_helpers() {
    let now = NOW.to_string();
    let t = hs256(
        r#"{"sub":"x","exp":1}"#,
        SECRET,
        &["--exp", "15m", "--iat", "--jti=abc"],
    );
    let claims = &decode_json(&t)["decoded"]["payload"]["json"];
    assert_eq!(claims["exp"], NOW + 900, "--exp replaces exp in place");
    assert_eq!(claims["iat"], NOW);
    assert_eq!(claims["jti"], "abc");
    assert_eq!(
        decode_json(&t)["decoded"]["payload"]["text"],
        format!(
            r#"{{"sub":"x","exp":{},"iat":{NOW},"jti":"abc"}}"#,
            NOW + 900
        )
    );
    // Valid now, expired after 15 minutes.
    jwtscope(&[
        "verify", "--alg", "HS256", "--secret", SECRET, "--now", &now, &t,
    ])
    .code(0);
    let later = (NOW + 901).to_string();
    jwtscope(&[
        "verify", "--alg", "HS256", "--secret", SECRET, "--now", &later, &t,
    ])
    .code(1)
    .stdout_has("ERR_JWT_EXPIRED");

    // A random jti: 16 bytes in base64url, different each time.
    let a = hs256("{}", SECRET, &["--jti"]);
    let b = hs256("{}", SECRET, &["--jti"]);
    let jti = |t: &str| {
        decode_json(t)["decoded"]["payload"]["json"]["jti"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(jti(&a).len(), 22);
    assert_ne!(jti(&a), jti(&b));

    // Negative durations make expired tokens; @ sets an absolute time.
    let expired = hs256("{}", SECRET, &["--exp=-1h"]);
    assert_eq!(
        decode_json(&expired)["decoded"]["payload"]["json"]["exp"],
        NOW - 3600
    );
    let fixed = hs256("{}", SECRET, &["--exp", "@2000000000"]);
    assert_eq!(
        decode_json(&fixed)["decoded"]["payload"]["json"]["exp"],
        2_000_000_000i64
    );
    jwtscope(&[
        "sign", "--alg", "HS256", "--secret", SECRET, "--exp", "soon", "{}",
    ])
    .error_line("ERR_USAGE");
}

#[test]
fn short_secret_warns_on_stderr() {
    let run = jwtscope(&["sign", "--alg", "HS256", "--secret", "secret", "{}"]);
    run.code(0)
        .stderr_has("warning: ")
        .stderr_has("(WARN_SECRET_SHORT)");
    let doc = jwtscope(&[
        "sign", "--json", "--alg", "HS256", "--secret", "secret", "{}",
    ])
    .code(0)
    .json();
    assert_eq!(doc["command"], "sign");
    assert_eq!(doc["alg"], "HS256");
    assert!(doc["token"]
        .as_str()
        .is_some_and(|t| t.split('.').count() == 3));
    assert_eq!(doc["decoded"]["header"]["json"]["alg"], "HS256");
    let codes: Vec<_> = doc["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["code"].clone())
        .collect();
    assert!(codes.contains(&"WARN_SECRET_SHORT".into()), "{codes:?}");
}

#[test]
fn refusals_are_exit_2_with_the_engine_code() {
    let dir = TempDir::new("sign-refusals");
    let ec = shared_ec().files(&dir, "ec");
    // Not JSON, not an object, duplicate members.
    jwtscope(&["sign", "--alg", "HS256", "--secret", SECRET, "{not json"])
        .error_line("ERR_JSON_SYNTAX");
    jwtscope(&[
        "sign", "--alg", "HS256", "--secret", SECRET, "--iat", "[1,2]",
    ])
    .error_line("ERR_JSON_NOT_OBJECT");
    jwtscope(&[
        "sign",
        "--alg",
        "HS256",
        "--secret",
        SECRET,
        r#"{"a":1,"a":2}"#,
    ])
    .error_line("ERR_JSON_DUPLICATE_MEMBER");
    jwtscope(&[
        "sign", "--alg", "HS256", "--secret", SECRET, "--header", "{", "{}",
    ])
    .error_line("ERR_JSON_SYNTAX");
    // none never signs; a header alg that disagrees; a public key cannot sign.
    jwtscope(&["sign", "--alg", "none", "--secret", SECRET, "{}"]).error_line("ERR_ALG_NONE");
    jwtscope(&[
        "sign",
        "--alg",
        "HS256",
        "--secret",
        SECRET,
        "--header",
        r#"{"alg":"none"}"#,
        "{}",
    ])
    .error_line("ERR_ALG_NONE");
    jwtscope(&[
        "sign",
        "--alg",
        "HS256",
        "--secret",
        SECRET,
        "--header",
        r#"{"alg":"HS512"}"#,
        "{}",
    ])
    .error_line("ERR_ALG_MISMATCH");
    jwtscope(&["sign", "--alg", "ES256", "--key", &ec.public_pem, "{}"])
        .error_line("ERR_KEY_PRIVATE_REQUIRED");
    jwtscope(&["sign", "--alg", "RS256", "--key", &ec.private_pem, "{}"])
        .code(2)
        .stderr_has("error: cannot sign");
    jwtscope(&["sign", "--alg", "HS256", "--key", &ec.private_pem, "{}"]).code(2);
    jwtscope(&["sign", "--alg", "HS256", "--secret", "", "{}"]).error_line("ERR_SECRET_EMPTY");
    // Missing --alg, missing key: clap usage errors.
    jwtscope(&["sign", "--secret", SECRET, "{}"]).code(2);
    jwtscope(&["sign", "--alg", "HS256", "{}"]).code(2);
    jwtscope(&[
        "sign", "--json", "--alg", "HS256", "--secret", SECRET, "nope",
    ])
    .json_error("ERR_JSON_SYNTAX");
}
