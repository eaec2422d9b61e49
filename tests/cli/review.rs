//! Review findings on the diagnostics' CLI (`verify --explain`, `audit`); each
//! `finding_*` failed on 5d3586c and passes since the fixes.

use crate::util::{b64, jwtscope};

fn mac(secret: &[u8], header: &str, sha512: bool) -> String {
    use hmac::{KeyInit, Mac};
    let input = format!("{}.{}", b64(header.as_bytes()), b64(br#"{"sub":"x"}"#));
    let tag = if sha512 {
        let mut m = hmac::Hmac::<sha2::Sha512>::new_from_slice(secret).unwrap();
        m.update(input.as_bytes());
        m.finalize().into_bytes().to_vec()
    } else {
        let mut m = hmac::Hmac::<sha2::Sha256>::new_from_slice(secret).unwrap();
        m.update(input.as_bytes());
        m.finalize().into_bytes().to_vec()
    };
    format!("{input}.{}", b64(&tag))
}

/// An HS512 tag under an "HS256" header: the fix says "fix the signer", but the CLI
/// appends "(--alg HS512)", a flag that only gives ERR_ALG_MISMATCH.
#[test]
fn finding_explain_suggests_an_alg_flag_that_cannot_verify() {
    let secret = "a secret of more than thirty-two bytes!!";
    let token = mac(secret.as_bytes(), r#"{"alg":"HS256","typ":"JWT"}"#, true);
    let run = jwtscope(&["verify", "--explain", "--secret", secret, &token]);
    run.code(1).stdout_has("EXPLAIN_OTHER_ALGORITHM");
    // If a flag is suggested, it must verify.
    if run.stdout.contains("(--alg HS512)") {
        jwtscope(&["verify", "--alg", "HS512", "--secret", secret, &token]).code(0);
    }
}

/// The secret typed as text with --secret-encoding hex: the page explains
/// EXPLAIN_SECRET_ENCODING (UTF-8 verifies); `verify --explain` exits 2 with no
/// explanation (the explainer's unreadable-key path is unreachable from the CLI).
#[test]
fn finding_explain_unreachable_when_the_secret_does_not_decode() {
    let secret = "my secret key";
    let token = mac(secret.as_bytes(), r#"{"alg":"HS256","typ":"JWT"}"#, false);
    jwtscope(&[
        "verify",
        "--explain",
        "--secret-encoding",
        "hex",
        "--secret",
        secret,
        &token,
    ])
    .stdout_has("EXPLAIN_SECRET_ENCODING");
}

/// A Cognito-style kid (standard base64 with '/') makes `audit` exit 1 with DANGER.
#[test]
fn finding_audit_exit_1_on_an_ordinary_cognito_kid() {
    let header =
        r#"{"alg":"RS256","typ":"JWT","kid":"arnx6499M4j0+dWG9m6Z/VQIDfLERvDlhmiwnAihbdA="}"#;
    let payload = r#"{"iss":"https://issuer.example","sub":"u1","aud":"api","iat":1800000000,"exp":1800000900}"#;
    let token = crate::util::token(header, payload, "c2ln");
    jwtscope(&["audit", "--now", "1800000000", &token])
        .stdout_lacks("AUDIT_KID_INJECTION")
        .code(0);
}
