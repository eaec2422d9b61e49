//! The security review: one case per `AUDIT_*` code, each a token as someone would
//! really issue it, and the clean token that raises none of the warnings.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use jwtscope::jose::b64;
use jwtscope::jose::decode::decode_unverified;
use jwtscope::jose::diagnose::{audit, AuditOptions, AuditSeverity};
use jwtscope::jose::key::{parse_key, SecretEncoding};

const NOW: i64 = 1_800_000_000;

fn token(header: &str, payload: &str) -> String {
    format!(
        "{}.{}.c2ln",
        b64::encode(header.as_bytes()),
        b64::encode(payload.as_bytes())
    )
}

fn codes_with(
    token: &str,
    key: Option<&str>,
    opts: &AuditOptions,
) -> Vec<(&'static str, &'static str)> {
    let keys = key.map(|k| parse_key(k, SecretEncoding::Utf8).unwrap());
    audit(
        &decode_unverified(token),
        keys.as_ref().and_then(|k| k.keys.first()),
        opts,
    )
    .into_iter()
    .map(|f| (f.code.code(), f.severity.as_str()))
    .collect()
}

fn codes(header: &str, payload: &str) -> Vec<&'static str> {
    codes_with(&token(header, payload), None, &opts())
        .into_iter()
        .map(|(c, _)| c)
        .collect()
}

fn opts() -> AuditOptions {
    AuditOptions {
        now: NOW,
        ..AuditOptions::default()
    }
}

const GOOD_HEADER: &str = r#"{"alg":"ES256","typ":"JWT","kid":"2024-signing-key"}"#;
const GOOD: &str =
    r#"{"iss":"https://issuer.example","sub":"u1","aud":"api","iat":1800000000,"exp":1800000900}"#;

#[test]
fn a_well_made_token_has_nothing_to_say() {
    assert_eq!(codes(GOOD_HEADER, GOOD), Vec::<&str>::new());
}

#[test]
fn every_code_from_a_real_mistake() {
    let cases: &[(&str, &str, &str)] = &[
        (r#"{"alg":"none","typ":"JWT"}"#, GOOD, "AUDIT_ALG_NONE"),
        (r#"{"alg":"NoNe","typ":"JWT"}"#, GOOD, "AUDIT_ALG_NONE"),
        (GOOD_HEADER, r#"{"sub":"u1","aud":"api"}"#, "AUDIT_NO_EXP"),
        (
            GOOD_HEADER,
            r#"{"aud":"api","iat":1800000000,"exp":1831536000}"#,
            "AUDIT_LONG_LIFETIME",
        ),
        (
            GOOD_HEADER,
            r#"{"aud":"api","iat":1800090000,"exp":1800090600}"#,
            "AUDIT_IAT_FUTURE",
        ),
        (
            GOOD_HEADER,
            r#"{"aud":"api","nbf":1800000900,"exp":1800000900}"#,
            "AUDIT_NBF_AFTER_EXP",
        ),
        (r#"{"alg":"ES256"}"#, GOOD, "AUDIT_NO_TYP"),
        (
            r#"{"alg":"ES256","typ":"JOSE"}"#,
            GOOD,
            "AUDIT_TYP_MISMATCH",
        ),
        (
            r#"{"alg":"ES256","typ":"JWT","crit":["exp"],"exp":1}"#,
            GOOD,
            "AUDIT_CRIT",
        ),
        (
            r#"{"alg":"HS256","typ":"JWT","kid":"../../../../dev/null"}"#,
            GOOD,
            "AUDIT_KID_INJECTION",
        ),
        (
            r#"{"alg":"HS256","typ":"JWT","kid":"x' UNION SELECT 'key"}"#,
            GOOD,
            "AUDIT_KID_INJECTION",
        ),
        (
            r#"{"alg":"HS256","typ":"JWT","kid":"k|cat /etc/passwd"}"#,
            GOOD,
            "AUDIT_KID_INJECTION",
        ),
        (
            r#"{"alg":"RS256","typ":"JWT","jwk":{"kty":"RSA","n":"AQAB","e":"AQAB"}}"#,
            GOOD,
            "AUDIT_EMBEDDED_KEY",
        ),
        (
            r#"{"alg":"RS256","typ":"JWT","x5c":["MIIB"]}"#,
            GOOD,
            "AUDIT_EMBEDDED_KEY",
        ),
        (
            r#"{"alg":"RS256","typ":"JWT","jku":"https://attacker.example/jwks.json"}"#,
            GOOD,
            "AUDIT_KEY_URL",
        ),
        (
            r#"{"alg":"RS256","typ":"JWT","x5u":"https://attacker.example/c.pem"}"#,
            GOOD,
            "AUDIT_KEY_URL",
        ),
        (
            r#"{"alg":"ES256","typ":"JWT","zip":"DEF"}"#,
            GOOD,
            "AUDIT_ZIP",
        ),
        (
            GOOD_HEADER,
            r#"{"aud":"api","exp":1800000900,"password":"hunter2"}"#,
            "AUDIT_SENSITIVE_CLAIM",
        ),
        (
            GOOD_HEADER,
            r#"{"aud":"api","exp":1800000900,"billing":{"pan":"4111 1111 1111 1111"}}"#,
            "AUDIT_SENSITIVE_CLAIM",
        ),
        (
            GOOD_HEADER,
            r#"{"aud":"api","exp":1800000900,"tax_id":"078-05-1120"}"#,
            "AUDIT_SENSITIVE_CLAIM",
        ),
        (GOOD_HEADER, r#"{"exp":1800000900}"#, "AUDIT_NO_AUD"),
    ];
    for (header, payload, code) in cases {
        let found = codes(header, payload);
        assert!(
            found.contains(code),
            "{code} for {header} {payload}: {found:?}"
        );
    }
    // Not card numbers: a long id that fails Luhn, an order number.
    let found = codes(
        GOOD_HEADER,
        r#"{"aud":"api","exp":1800000900,"order":"4111 1111 1111 1112","n":"1234567890123"}"#,
    );
    assert!(!found.contains(&"AUDIT_SENSITIVE_CLAIM"), "{found:?}");
    // A JWT-typed token with an application type, and the expected one.
    assert!(codes(r#"{"alg":"ES256","typ":"at+jwt"}"#, GOOD).is_empty());
    let strict = AuditOptions {
        expected_typ: Some("at+jwt".into()),
        ..opts()
    };
    let found = codes_with(&token(GOOD_HEADER, GOOD), None, &strict);
    assert_eq!(found, [("AUDIT_TYP_MISMATCH", "warning")]);
    // A shorter lifetime limit.
    let short = AuditOptions {
        max_lifetime: 600,
        ..opts()
    };
    let found = codes_with(&token(GOOD_HEADER, GOOD), None, &short);
    assert_eq!(found, [("AUDIT_LONG_LIFETIME", "warning")]);
}

#[test]
fn secrets_with_the_key() {
    let t = token(r#"{"alg":"HS256","typ":"JWT"}"#, GOOD);
    let found = codes_with(&t, Some("secret"), &opts());
    assert_eq!(
        found,
        [
            ("AUDIT_SECRET_KNOWN", "danger"),
            ("AUDIT_SECRET_SHORT", "warning")
        ]
    );
    let found = codes_with(&t, Some("a-random-secret-of-exactly-32-by"), &opts());
    assert!(found.is_empty(), "{found:?}");
    // A key is not a secret: nothing about secrets.
    let ec = include_str!("e2e/fixtures/ec.pub.pem");
    assert!(codes_with(&token(GOOD_HEADER, GOOD), Some(ec), &opts()).is_empty());
}

/// A payload that does not read as a claims set (a number out of range, a trailing
/// comma, an array) is a finding, not a clean review: exit 1 in the CLI.
#[test]
fn unreadable_claims_are_a_finding() {
    for payload in [
        r#"{"exp":1e400,"aud":"api"}"#,
        r#"{"exp":1800000900,"aud":"api",}"#,
        r#"["not","claims"]"#,
    ] {
        let found = codes_with(&token(GOOD_HEADER, payload), None, &opts());
        assert_eq!(found, [("AUDIT_CLAIMS_UNREADABLE", "warning")], "{payload}");
    }
}

#[test]
fn a_jwe_wrapped_with_rsa1_5() {
    let header = b64::encode(br#"{"alg":"RSA1_5","enc":"A128CBC-HS256"}"#);
    let jwe = format!("{header}.a2V5.aXY.Y2lwaGVy.dGFn");
    let found = codes_with(&jwe, None, &opts());
    assert_eq!(found, [("AUDIT_JWE_RSA1_5", "danger")]);
}

#[test]
fn most_severe_first() {
    let found = codes_with(
        &token(
            r#"{"alg":"none","jku":"https://x.example"}"#,
            r#"{"sub":"x"}"#,
        ),
        None,
        &opts(),
    );
    let severities: Vec<&str> = found.iter().map(|(_, s)| *s).collect();
    let mut sorted = severities.clone();
    sorted.sort_by_key(|s| match *s {
        "danger" => 0,
        "warning" => 1,
        _ => 2,
    });
    assert_eq!(severities, sorted);
    assert_eq!(found.first().map(|f| f.0), Some("AUDIT_ALG_NONE"));
    assert!(AuditSeverity::Danger > AuditSeverity::Warning);
}
