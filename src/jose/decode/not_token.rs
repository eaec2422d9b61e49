//! Text that is not a token at all: named as what it looks like, so the page and the
//! CLI say "this looks like a PEM public key — paste it into the key pane" instead of
//! "expected 3 segments". Asked only of text that did not split into a JWS or a JWE.
//! Each check is one pass over the text (the key recogniser is linear too).

use serde_json::Value;

use super::normalise::unwrap_paste;
use crate::jose::json;
use crate::jose::key::key_text_kind;

/// What `input` looks like when it is not a compact JWT, as the sentence to show (it
/// starts with "not a token:"); `None` when it may be a damaged token (base64url
/// parts and dots, or a header cut short), whose segment problems say more. What a
/// paste wraps around a token (`Bearer `, quotes) is not part of it
/// ([`unwrap_paste`], as decoding does).
pub fn not_a_token(input: &str) -> Option<String> {
    let (text, _) = unwrap_paste(input);
    if text.is_empty() || cut_short(text) {
        return None;
    }
    if let Some(kind) = key_text_kind(text) {
        return Some(format!(
            "not a token: this looks like {kind} — paste it into the key pane"
        ));
    }
    if text.starts_with(['{', '[']) {
        if let (Some(value), None) = json::parse(text) {
            return Some(json_message(&value));
        }
    }
    if is_uuid(text) {
        return Some(rare_message(Rare::Uuid));
    }
    if text.split_whitespace().nth(1).is_some() {
        // A token wrapped over lines, as in a log, whose header is damaged: decoding
        // joins its lines, and its segments' problems say more.
        if text.contains('.') && starts_as_token(text, true, true) {
            return None;
        }
        return Some(
            "not a token: this looks like text with spaces; a JWT is three base64url parts joined by dots, with no spaces"
                .into(),
        );
    }
    if !text.contains('.') {
        return Some(rare_message(Rare::Opaque));
    }
    None
}

/// A message the page's first load never shows: out of line, so the split moves it
/// (and its text) with the rest.
enum Rare {
    Uuid,
    Opaque,
}

#[inline(never)]
fn rare_message(which: Rare) -> String {
    match which {
        Rare::Uuid => "not a token: this looks like a UUID (an identifier), not a JWT",
        Rare::Opaque => "not a token: there is no '.' — this looks like an opaque token (a session id or an API key?), not a JWT, which is three base64url parts joined by dots",
    }
    .into()
}

/// What JSON is: a JWS in the JSON serialization, JSON holding a compact token (a
/// token endpoint's response), or JSON (a decoded header or payload?). Out of line,
/// for the split: the first load reads no JSON as a token.
#[inline(never)]
fn json_message(value: &Value) -> String {
    let member = |name: &str| value.get(name).is_some();
    if member("payload") && (member("signature") || member("signatures")) {
        return "not a compact token: this is a JWS in the JSON serialization (RFC 7515 §7.2); jwtscope reads the compact form — join \"protected\", \"payload\" and \"signature\" with dots".into();
    }
    if let Some(Value::Object(map)) = Some(value) {
        if let Some((name, _)) = map
            .iter()
            .find(|(_, v)| v.as_str().is_some_and(looks_compact))
        {
            return format!(
                "not a token: this is JSON holding one in {} — paste that value",
                crate::jose::json::shown_str(name)
            );
        }
    }
    "not a token: this is JSON — perhaps a token's decoded header or payload; a JWT is three base64url parts joined by dots (header.payload.signature)".into()
}

/// A compact JWS or JWE: 3 or 5 dot-separated base64url parts, the first a JSON
/// object's (`eyJ`).
fn looks_compact(s: &str) -> bool {
    let parts = s.split('.').count();
    (parts == 3 || parts == 5) && starts_as_token(s, false, false)
}

/// A token's header cut short: base64url text that starts as a JSON object does.
fn cut_short(text: &str) -> bool {
    starts_as_token(text, true, false)
}

/// Text that starts as a JOSE header does (`eyJ`: base64url of `{"`) and holds only
/// base64url digits and dots (and `=` padding, when `padding`; and whitespace, when
/// `wrapped`: a token wrapped over lines, as in a log).
pub(super) fn starts_as_token(text: &str, padding: bool, wrapped: bool) -> bool {
    text.starts_with("eyJ")
        && text.bytes().all(|b| {
            b.is_ascii_alphanumeric()
                || matches!(b, b'-' | b'_' | b'.')
                || (padding && b == b'=')
                || (wrapped && matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
        })
}

/// `8-4-4-4-12` hexadecimal digits (RFC 9562 §4), optionally in braces.
fn is_uuid(text: &str) -> bool {
    let text = text
        .strip_prefix('{')
        .and_then(|t| t.strip_suffix('}'))
        .unwrap_or(text);
    let groups: Vec<&str> = text.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(g, n)| g.len() == n && g.bytes().all(|b| b.is_ascii_hexdigit()))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_of_text_is_named() {
        let cases = [
            (
                "-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----",
                "a PEM public key",
            ),
            (
                "-----BEGIN PRIVATE KEY-----\nMC4C\n-----END PRIVATE KEY-----",
                "a PEM private key",
            ),
            (
                r#"{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}"#,
                "a JWK",
            ),
            (r#"{"keys":[{"kty":"oct","k":"AA"}]}"#, "a JWK Set"),
            (
                "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGmmm user@host",
                "an OpenSSH public key",
            ),
            (r#"{"sub":"1234567890","name":"John"}"#, "this is JSON"),
            ("123e4567-e89b-12d3-a456-426614174000", "a UUID"),
            ("{123E4567-E89B-12D3-A456-426614174000}", "a UUID"),
            ("Please find the token attached.", "text with spaces"),
            ("sk_live_51H8abcdefghijklmnop", "an opaque token"),
            ("garbage", "an opaque token"),
            ("Bearer sk_live_51H8abcdefghijklmnop", "an opaque token"),
            (
                "Authorization: Bearer sk_live_51H8abcdefghijklmnop",
                "an opaque token",
            ),
            (
                "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGmmm alice@host.example.com",
                "an OpenSSH public key",
            ),
            (
                r#"{"iss":"https://accounts.google.com","sub":"1"}"#,
                "this is JSON",
            ),
            ("Please find it attached. Thanks.", "text with spaces"),
            (
                r#"{"payload":"e30","protected":"eyJhbGciOiJIUzI1NiJ9","signature":"c2ln"}"#,
                "the JSON serialization",
            ),
            (r#"{"payload":"e30","signatures":[]}"#, "JSON serialization"),
            (
                r#"{"access_token":"eyJhbGciOiJIUzI1NiJ9.e30.c2ln","token_type":"Bearer"}"#,
                "holding one in \"access_token\"",
            ),
        ];
        for (text, want) in cases {
            let got = not_a_token(text).unwrap_or_default();
            assert!(
                (got.starts_with("not a token:") || got.starts_with("not a compact token:"))
                    && got.contains(want),
                "{text:?}: {got}"
            );
        }
    }

    #[test]
    fn what_may_be_a_damaged_token_is_left_to_the_segments() {
        for text in [
            "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0",
            "eyJhbGciOiJIUzI1NiIsInR5cCI6Ik",
            "Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6Ik",
            "a.b.c.d",
            "",
            "   ",
            // Wrapped over lines as in a log, the header's JSON damaged (a trailing
            // comma): review of session 16, when it was "text with spaces".
            "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCIsfQ.e\nyJzdWIiOiJhZG1pbiJ9\n.c2ln",
            "  eyJhbGciOiJIUzI1NiIsfQ\r\n  .eyJzdWIiOiJ4In0.c2ln  ",
        ] {
            assert_eq!(not_a_token(text), None, "{text:?}");
        }
        // Decoding then shows what it can: the payload, and the header's problem.
        let d = crate::jose::decode::decode_unverified(
            "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCIsfQ.e\nyJzdWIiOiJhZG1pbiJ9\n.c2ln",
        );
        assert!(!d.not_a_token);
        assert!(d.claims().is_some_and(|c| c["sub"] == "admin"));
        let codes: Vec<_> = d.problems.iter().map(|p| p.code()).collect();
        assert!(codes.contains(&"ERR_JSON_SYNTAX"), "{codes:?}");
        // A sentence with dots is still named for what it is.
        assert!(not_a_token("See the logs. Then retry.")
            .is_some_and(|m| m.contains("text with spaces")));
    }
}
