//! `jwtscope secret`: random HMAC secrets in three encodings.

use crate::util::jwtscope;

#[test]
fn default_is_32_bytes_base64url() {
    let run = jwtscope(&["secret"]);
    run.code(0).stderr_has("32 random bytes for HS256");
    let text = run.stdout.trim();
    assert_eq!(run.stdout.lines().count(), 1);
    assert_eq!(text.len(), 43, "{text}");
    assert!(
        text.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'),
        "{text}"
    );
    assert_ne!(
        text,
        jwtscope(&["secret"]).stdout.trim(),
        "two secrets differ"
    );
}

#[test]
fn sizes_and_encodings() {
    assert_eq!(
        jwtscope(&["secret", "--alg", "HS512", "--encoding", "hex"])
            .code(0)
            .stdout
            .trim()
            .len(),
        128
    );
    assert_eq!(
        jwtscope(&["secret", "--alg", "HS384", "--encoding", "base64"])
            .code(0)
            .stdout
            .trim()
            .len(),
        64
    );
    assert_eq!(
        jwtscope(&["secret", "--bytes", "5", "--encoding", "hex"])
            .code(0)
            .stdout
            .trim()
            .len(),
        10
    );
}

#[test]
fn json_document() {
    let doc = jwtscope(&["secret", "--json", "--alg", "HS384"])
        .code(0)
        .json();
    assert_eq!(doc["command"], "secret");
    assert_eq!(doc["alg"], "HS384");
    assert_eq!(doc["bytes"], 48);
    assert_eq!(doc["encoding"], "base64url");
    assert_eq!(doc["secret"], doc["base64url"]);
    assert_eq!(doc["hex"].as_str().unwrap().len(), 96);
    assert!(doc["warnings"].as_array().unwrap().is_empty());
    let doc = jwtscope(&["secret", "--json", "--bytes", "8"])
        .code(0)
        .json();
    assert_eq!(doc["warnings"][0]["code"], "WARN_SECRET_SHORT");
}

#[test]
fn refusals() {
    jwtscope(&["secret", "--bytes", "0"]).error_line("ERR_PARAMETER");
    jwtscope(&["secret", "--bytes", "100000"]).error_line("ERR_PARAMETER");
    jwtscope(&["secret", "--alg", "RS256"]).error_line("ERR_USAGE");
    jwtscope(&["secret", "--alg", "none"]).error_line("ERR_ALG_NONE");
    jwtscope(&["secret", "--encoding", "rot13"])
        .code(2)
        .stderr_has("rot13");
    jwtscope(&["secret", "--bytes", "-1"]).code(2);
    jwtscope(&["secret", "--json", "--bytes", "0"]).json_error("ERR_PARAMETER");
}
