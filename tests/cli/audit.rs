//! `jwtscope audit`: findings with a fix, exit 0 / 1 / 2, and the `--json` document.

use crate::util::{b64, jwtscope, jwtscope_stdin, token, NOW};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/e2e/fixtures");

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!("{FIXTURES}/{name}"))
        .unwrap()
        .trim()
        .to_string()
}

#[test]
fn findings_exit_codes_and_json() {
    let now = NOW.to_string();
    // A well-made token: exit 0 (the info finding about a missing typ is not a warning).
    let clean = token(
        r#"{"alg":"ES256","typ":"JWT"}"#,
        &format!(r#"{{"aud":"api","iat":{NOW},"exp":{}}}"#, NOW + 900),
        "c2ln",
    );
    jwtscope(&["audit", "--now", &now, &clean])
        .code(0)
        .stdout_has("No findings");
    // jku/x5u, a long lifetime: warnings, exit 1, each with its fix and section.
    let jku = fixture("hs256-jku.jwt");
    jwtscope(&["audit", "--now", &now, &jku])
        .code(1)
        .stdout_has("WARNING AUDIT_KEY_URL")
        .stdout_has("fix: never fetch keys from URLs in a token")
        .stdout_has("RFC 8725 §3.10");
    // With the key: a well-known secret is a danger.
    jwtscope(&["audit", "--now", &now, "--secret", "secret", &jku])
        .code(1)
        .stdout_has("DANGER  AUDIT_SECRET_KNOWN");
    let doc = jwtscope(&["audit", "--json", "--now", &now, &fixture("none.jwt")])
        .code(1)
        .json();
    assert_eq!(doc["command"], "audit");
    assert_eq!(doc["exit_code"], 1);
    assert_eq!(doc["findings"][0]["code"], "AUDIT_ALG_NONE");
    assert_eq!(doc["findings"][0]["severity"], "danger");
    assert!(doc["findings"][0]["spec"]
        .as_str()
        .unwrap()
        .contains("RFC 8725"));
    // Options: the lifetime limit and the expected typ.
    jwtscope(&["audit", "--now", &now, "--max-lifetime", "600", &clean])
        .code(1)
        .stdout_has("AUDIT_LONG_LIFETIME");
    jwtscope(&["audit", "--now", &now, "--typ", "at+jwt", &clean])
        .code(1)
        .stdout_has("AUDIT_TYP_MISMATCH");
    // A JWKS: the key the token's kid names is the one reviewed (here a well-known
    // secret behind kid "weak", listed second).
    let dir = crate::util::TempDir::new("audit-jwks");
    let jwks = dir.write(
        "jwks.json",
        r#"{"keys":[{"kty":"oct","kid":"strong","k":"bm90LWEtd2Vhay1zZWNyZXQtYXQtYWxsLTMyYnl0ZXMh"},{"kty":"oct","kid":"weak","k":"c2VjcmV0"}]}"#,
    );
    let weak = token(
        r#"{"alg":"HS256","typ":"JWT","kid":"weak"}"#,
        &format!(r#"{{"aud":"api","iat":{NOW},"exp":{}}}"#, NOW + 900),
        "c2ln",
    );
    jwtscope(&["audit", "--now", &now, "--key", &jwks, &weak])
        .code(1)
        .stdout_has("AUDIT_SECRET_KNOWN");
    let strong = weak.replacen(
        &b64(br#"{"alg":"HS256","typ":"JWT","kid":"weak"}"#),
        &b64(br#"{"alg":"HS256","typ":"JWT","kid":"strong"}"#),
        1,
    );
    jwtscope(&["audit", "--now", &now, "--key", &jwks, &strong])
        .code(0)
        .stdout_lacks("AUDIT_SECRET");
    // Bad input: exit 2 with the reason.
    jwtscope(&["audit", "not a token"]).error_line("ERR_JWT_MALFORMED");
    jwtscope_stdin(&["audit", "--now", &now, "-"], &clean).code(0);
}
