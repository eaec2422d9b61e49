//! `jwtscope decode`: shows everything, never gives up on a partial token.

use crate::util::{jwtscope, jwtscope_stdin, token, JWT_IO, NOW};

#[test]
fn shows_header_payload_signature_and_times() {
    let now = NOW.to_string();
    let run = jwtscope(&["decode", "--now", &now, JWT_IO]);
    run.code(0)
        .first_line_starts("JWS — alg HS256, signature not verified")
        .stdout_has("\"typ\": \"JWT\"")
        .stdout_has("\"name\": \"John Doe\"")
        .stdout_has("32 bytes: SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c")
        .stdout_has("Times (now: 2023-11-14 22:13:20 UTC)")
        .stdout_has("iat  1516239022   2018-01-18 01:30:22 UTC  (5 y ago)");
}

#[test]
fn reads_stdin_and_strips_a_bearer_prefix() {
    let pasted = format!("Authorization: Bearer {JWT_IO}\n");
    let run = jwtscope_stdin(&["decode", "-"], &pasted);
    run.code(0)
        .stdout_has("Removed from the input:")
        .stdout_has("\"Bearer \" prefix")
        .stdout_has("John Doe");
}

#[test]
fn decodes_what_jwt_cli_cannot_alg_none_es512_es256k() {
    // alg none: shown, with the refusal a verifier would give.
    let none = token(r#"{"alg":"none"}"#, r#"{"sub":"admin"}"#, "");
    jwtscope(&["decode", &none])
        .code(0)
        .first_line_starts("JWS — alg none")
        .stdout_has("\"sub\": \"admin\"")
        .stdout_has("ERR_ALG_NONE");
    for alg in ["ES512", "ES256K"] {
        let t = token(&format!(r#"{{"alg":"{alg}"}}"#), r#"{"a":1}"#, "AAAA");
        jwtscope(&["decode", &t])
            .code(0)
            .first_line_starts(&format!("JWS — alg {alg}"));
    }
}

#[test]
fn relative_times_for_exp_and_nbf() {
    let now = NOW.to_string();
    let t = token(
        r#"{"alg":"HS256"}"#,
        &format!(r#"{{"exp":{},"nbf":{}}}"#, NOW + 14 * 60, NOW - 3 * 3600),
        "c2ln",
    );
    let run = jwtscope(&["decode", "--now", &now, &t]);
    run.code(0)
        .stdout_has("(in 14 min)")
        .stdout_has("(3 h ago)");
    let expired = token(
        r#"{"alg":"HS256"}"#,
        &format!(r#"{{"exp":{}}}"#, NOW - 60),
        "c2ln",
    );
    jwtscope(&["decode", "--now", &now, &expired])
        .code(0)
        .stdout_has("(1 min ago)  [expired]");
}

#[test]
fn partial_tokens_exit_0_with_every_problem() {
    let header_only = JWT_IO.split('.').next().unwrap();
    jwtscope(&["decode", header_only])
        .code(0)
        .first_line_starts("PARTIAL — 1 segment(s), alg HS256")
        .stdout_has("ERR_JWT_MALFORMED")
        .stdout_has("Payload\n  (missing)");
    // A broken payload character: the header still shows, the problem has its offset.
    let broken = JWT_IO.replacen("eyJzdWIi", "eyJz!WIi", 1);
    jwtscope(&["decode", &broken])
        .code(0)
        .stdout_has("payload @4")
        .stdout_has("ERR_B64_CHARACTER");
}

#[test]
fn json_document_embeds_the_engine_report() {
    let now = NOW.to_string();
    let doc = jwtscope(&["decode", "--json", "--now", &now, JWT_IO])
        .code(0)
        .json();
    assert_eq!(doc["command"], "decode");
    assert_eq!(doc["now"], NOW);
    assert_eq!(doc["decoded"]["form"], "jws");
    assert_eq!(doc["decoded"]["alg"], "HS256");
    assert_eq!(doc["decoded"]["header"]["json"]["typ"], "JWT");
    assert_eq!(doc["decoded"]["payload"]["json"]["iat"], 1516239022);
    assert_eq!(doc["decoded"]["signature"]["bytes"], 32);
    assert_eq!(doc["claims"]["times"][0]["name"], "iat");
    assert_eq!(doc["claims"]["times"][0]["utc"], "2018-01-18 01:30:22 UTC");
    assert_eq!(doc["relative"]["iat"], "5 y ago");
    assert!(doc["error"].is_null());
    assert!(doc["warnings"].is_array());
}

#[test]
fn garbage_is_exit_2_with_one_line() {
    jwtscope(&["decode", "!!!"]).error_line("ERR_JWT_MALFORMED");
    jwtscope(&["decode", ""]).error_line("ERR_JWT_EMPTY");
    let doc = jwtscope(&["decode", "--json", "!!!"]).json_error("ERR_JWT_MALFORMED");
    assert_eq!(
        doc["decoded"]["form"], "partial",
        "the JSON document still shows what was found"
    );
}

#[test]
fn usage_errors() {
    // No token at all: clap's usage error, exit 2.
    let run = jwtscope(&["decode"]);
    run.code(2).stderr_has("TOKEN");
    jwtscope(&["decode", "--json"]).json_error("ERR_USAGE");
    jwtscope(&["frobnicate"]).code(2);
    jwtscope(&["--help"]).code(0).stdout_has("decode");
    jwtscope(&["--version"]).code(0).stdout_has("jwtscope");
}
