//! The "not a token" rule (decode::not_a_token) and the explainer's time bound on
//! what users paste: findings of the second adversarial review, each kept as a test.
//! Fixtures (not_a_token_fixtures/): made by the reviewer with this engine's own key
//! generation (8 P-521 keys, a JWKS) and `jwtscope sign`; provenance in its README.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
use jwtscope::jose::decode::{decode_unverified, TokenForm};

fn first_message(input: &str) -> String {
    decode_unverified(input)
        .problems
        .first()
        .map(|p| p.message.clone())
        .unwrap_or_default()
}

/// The rule is only asked when the text split into neither 3 nor 5 parts, so a key
/// or JSON with exactly two (or four) dots is decoded as a JWS (or JWE) of noise and
/// `verify` says INVALID (exit 1) instead of UNCHECKED — not a token (exit 2). Dots
/// are common: an OpenSSH comment `user@host.example.com`, an `iss` URL in a decoded
/// payload, a `kid` like `k.1.2`, a sentence of two or four sentences.
#[test]
fn adv2_not_a_token_does_not_depend_on_the_dot_count() {
    for (text, want) in [
        (
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGmmm alice@laptop.lan",
            "OpenSSH",
        ),
        (
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGmmm alice@host.example.com",
            "OpenSSH",
        ),
        (r#"{"iss":"https://example.com","sub":"1"}"#, "JSON"),
        (r#"{"iss":"https://accounts.google.com","sub":"1"}"#, "JSON"),
        (r#"{"kty":"oct","kid":"k.1.2","k":"AA"}"#, "JWK"),
        ("Please find it attached. Thanks.", "spaces"),
    ] {
        let d = decode_unverified(text);
        assert!(
            d.not_a_token && first_message(text).contains(want),
            "{text:?}: form {:?}, not_a_token {}, first problem {:?}",
            d.form,
            d.not_a_token,
            first_message(text)
        );
    }
}

/// not_a_token is asked of the raw input, not of the text after the clean-up
/// (`normalise`): an `Authorization: Bearer` prefix the clean-up removes makes an
/// opaque bearer token "text with spaces".
#[test]
fn adv2_a_bearer_prefix_is_not_text_with_spaces() {
    for text in [
        "Bearer sk_live_51H8abcdefghijklmnop",
        "Authorization: Bearer sk_live_51H8abcdefghijklmnop",
    ] {
        let m = first_message(text);
        assert!(m.contains("opaque token"), "{text:?}: {m}");
    }
}

/// A JWS in the JSON serialization (RFC 7515 §7.2, general and flattened) is a
/// token; it is called "JSON — perhaps a token's decoded header or payload".
#[test]
fn adv2_a_json_serialized_jws_is_named_as_one() {
    for text in [
        r#"{"payload":"eyJzdWIiOiIxIn0","signatures":[{"protected":"eyJhbGciOiJIUzI1NiJ9","signature":"abc"}]}"#,
        r#"{"payload":"eyJzdWIiOiIxIn0","protected":"eyJhbGciOiJIUzI1NiJ9","signature":"abc"}"#,
    ] {
        let m = first_message(text);
        assert!(
            m.contains("JSON serialization") || m.contains("RFC 7515 §7.2"),
            "{text:?}: {m}"
        );
    }
}

/// A JWT cut short inside its header (no '.' left: `eyJhbGciOiJIUzI1NiIsInR5cCI6Ik`)
/// is a damaged token, but is called "an opaque token (a session id or an API key?)".
#[test]
fn adv2_a_jwt_header_cut_short_is_not_an_opaque_token() {
    let text = "eyJhbGciOiJIUzI1NiIsInR5cCI6Ik";
    let d = decode_unverified(text);
    assert_eq!(d.form, TokenForm::Partial);
    assert!(!d.not_a_token, "{}", first_message(text));
}

/// The explainer's cost bound (MAX_COST_US) stops after ~5 P-521 checks, but
/// `other_keys` has already recorded "tried: 7 other key(s) of the set", and
/// EXPLAIN_NO_MATCH then says the key is not the signer's. Here key 7 (the eighth,
/// no kids) signed the token: before the bound EXPLAIN_OTHER_KEY named it; now the
/// CLI's `verify --explain` (where no keystroke is at stake) says nothing verifies.
#[test]
fn adv2_the_cost_bound_does_not_turn_into_a_false_no_match() {
    use jwtscope::jose::alg::Algorithm;
    use jwtscope::jose::claims::ClaimsOptions;
    use jwtscope::jose::diagnose::explain;
    use jwtscope::jose::key::{parse_key, SecretEncoding};
    use jwtscope::jose::verify::{verify, VerifyOptions};
    let set = include_str!("not_a_token_fixtures/p521-set.json");
    let token = include_str!("not_a_token_fixtures/es512-by-key8.jwt").trim();
    let decoded = decode_unverified(token);
    let keys = parse_key(set, SecretEncoding::Utf8).unwrap();
    let opts = VerifyOptions {
        alg: Some(Algorithm::ES512),
        claims: ClaimsOptions::default(),
    };
    let v = verify(&decoded, Some(&keys), &opts);
    assert_ne!(v.signature.as_str(), "valid");
    let x = explain(&decoded, set, SecretEncoding::Utf8, Some(&keys), &v);
    let codes: Vec<_> = x.findings.iter().map(|f| f.code.code()).collect();
    let said: Vec<_> = x.findings.iter().map(|f| f.message.clone()).collect();
    assert!(
        codes.contains(&"EXPLAIN_OTHER_KEY"),
        "{codes:?} after {} checks: {said:?}",
        x.attempts
    );
}
