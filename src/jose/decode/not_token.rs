//! Text that is not a token at all: named as what it looks like, so the page and the
//! CLI say "this looks like a PEM public key — paste it into the key pane" instead of
//! "expected 3 segments". Asked only of text that did not split into a JWS or a JWE.
//! Each check is one pass over the text (the key recogniser is linear too).

use crate::jose::json;
use crate::jose::key::key_text_kind;

/// What `input` looks like when it is not a JWT, as the sentence to show (it starts
/// with "not a token:"); `None` when it may be a damaged token (base64url parts and
/// dots), whose segment problems say more.
pub fn not_a_token(input: &str) -> Option<String> {
    let text = input.trim();
    if text.is_empty() {
        return None;
    }
    if let Some(kind) = key_text_kind(text) {
        return Some(format!(
            "not a token: this looks like {kind} — paste it into the key pane"
        ));
    }
    if text.starts_with(['{', '[']) && json::parse(text).1.is_none() {
        return Some(
            "not a token: this is JSON — perhaps a token's decoded header or payload; a JWT is three base64url parts joined by dots (header.payload.signature)"
                .into(),
        );
    }
    if is_uuid(text) {
        return Some("not a token: this looks like a UUID (an identifier), not a JWT".into());
    }
    if text.split_whitespace().nth(1).is_some() {
        return Some(
            "not a token: this looks like text with spaces; a JWT is three base64url parts joined by dots, with no spaces"
                .into(),
        );
    }
    if !text.contains('.') {
        return Some(
            "not a token: there is no '.' — this looks like an opaque token (a session id or an API key?), not a JWT, which is three base64url parts joined by dots"
                .into(),
        );
    }
    None
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
        ];
        for (text, want) in cases {
            let got = not_a_token(text).unwrap_or_default();
            assert!(
                got.starts_with("not a token:") && got.contains(want),
                "{text:?}: {got}"
            );
        }
    }

    #[test]
    fn what_may_be_a_damaged_token_is_left_to_the_segments() {
        for text in ["eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0", "a.b.c.d", "", "   "] {
            assert_eq!(not_a_token(text), None, "{text:?}");
        }
    }
}
