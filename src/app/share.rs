//! Share links (issue 12): a link to this page that opens a token, with the token in
//! the URL's fragment only (`#token=…`: browsers never send the fragment to a
//! server), never a key or a secret. Optionally without the signature (what the token
//! says, not what proves it) and with the expected `iss`/`aud`. The link is built
//! from the decoded token and the expectations, never from the key pane; opening one
//! reads only these names and ignores anything else a link may carry.

use crate::jose::decode::{Decoded, MAX_TOKEN_BYTES};

/// What a share link carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shared {
    /// The token (compact serialization).
    pub token: String,
    /// Its signature was removed by whoever shared it.
    pub redacted: bool,
    /// The expected issuer, if shared.
    pub iss: Option<String>,
    /// The expected audience, if shared.
    pub aud: Option<String>,
}

/// The longest fragment read: the longest token and two expectations.
const MAX_FRAGMENT: usize = MAX_TOKEN_BYTES + 4096;

/// The link for `decoded` on the page at `page_url` (its address without fragment).
///
/// # Errors
/// Why there is nothing to share, for people: no token, or text that is not one; a
/// signature to remove from a token that has none.
pub fn link(
    page_url: &str,
    decoded: &Decoded,
    redact: bool,
    expect: Option<(&str, &str)>,
) -> Result<String, &'static str> {
    if decoded.token.is_empty() {
        return Err("no token to share");
    }
    if decoded.not_a_token {
        return Err("this is not a token: nothing to share");
    }
    if decoded.two_tokens {
        return Err("two tokens were pasted: paste one to share it");
    }
    let token = if redact {
        decoded
            .without_signature()
            .ok_or("only a signed token (JWS) has a signature to remove")?
    } else {
        decoded.token.clone()
    };
    let base = page_url.split('#').next().unwrap_or_default();
    let mut out = format!("{base}#token={}", encode(&token));
    if redact {
        out.push_str("&redacted=1");
    }
    if let Some((iss, aud)) = expect {
        for (name, value) in [("iss", iss.trim()), ("aud", aud.trim())] {
            if !value.is_empty() {
                out.push_str(&format!("&{name}={}", encode(value)));
            }
        }
    }
    Ok(out)
}

/// Reads a share link's fragment (`location.hash`, with or without its `#`); `None`
/// when it is not one (no `token`, or too long). Names other than `token`,
/// `redacted`, `iss` and `aud` are ignored: a link never supplies a key.
pub fn read_fragment(fragment: &str) -> Option<Shared> {
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
    if fragment.len() > MAX_FRAGMENT {
        return None;
    }
    let mut shared = Shared {
        token: String::new(),
        redacted: false,
        iss: None,
        aud: None,
    };
    for pair in fragment.split('&') {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        let Some(value) = decode(value) else {
            continue;
        };
        match name {
            "token" => shared.token = value,
            "redacted" => shared.redacted = value == "1",
            "iss" => shared.iss = Some(value),
            "aud" => shared.aud = Some(value),
            _ => {}
        }
    }
    (!shared.token.is_empty()).then_some(shared)
}

/// Percent-encodes all but RFC 3986's unreserved characters (§2.3).
fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            const HEX: &[u8; 16] = b"0123456789ABCDEF";
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 15)]));
        }
    }
    out
}

/// Percent-decodes (RFC 3986 §2.1); `None` for a malformed escape or bytes that are
/// not UTF-8.
fn decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::jose::decode::decode_unverified;

    const TOKEN: &str = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl";
    const PAGE: &str = "https://tools.example/jwt/?v=1";

    #[test]
    fn a_link_round_trips_with_the_token_in_the_fragment_only() {
        let d = decode_unverified(&format!("Bearer {TOKEN}\n"));
        let url = link(PAGE, &d, false, None).unwrap();
        assert_eq!(url, format!("{PAGE}#token={TOKEN}"));
        let (before, fragment) = url.split_once('#').unwrap();
        assert!(!before.contains("eyJ"), "nothing before the fragment");
        assert_eq!(
            read_fragment(fragment),
            Some(Shared {
                token: TOKEN.into(),
                redacted: false,
                iss: None,
                aud: None
            })
        );
        // An old fragment on the page's own address is replaced.
        let again = link(&format!("{PAGE}#token=old"), &d, false, None).unwrap();
        assert_eq!(again, url);
    }

    #[test]
    fn redaction_keeps_header_and_payload_and_says_so() {
        let d = decode_unverified(TOKEN);
        let url = link(PAGE, &d, true, None).unwrap();
        assert!(!url.contains("c2lnbmF0dXJl"), "{url}");
        let shared = read_fragment(url.split_once('#').unwrap().1).unwrap();
        assert!(shared.redacted);
        assert_eq!(shared.token, "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.");
        let jwe = decode_unverified("eyJhbGciOiJSU0EtT0FFUCJ9.a.b.c.d");
        assert!(link(PAGE, &jwe, true, None).is_err());
        assert!(link(PAGE, &jwe, false, None).is_ok());
    }

    #[test]
    fn expectations_are_encoded_and_read_back() {
        let d = decode_unverified(TOKEN);
        let url = link(
            PAGE,
            &d,
            false,
            Some(("https://issuer.example/a b&c=d", " api ")),
        )
        .unwrap();
        assert!(
            url.ends_with("&iss=https%3A%2F%2Fissuer.example%2Fa%20b%26c%3Dd&aud=api"),
            "{url}"
        );
        let shared = read_fragment(url.split_once('#').unwrap().1).unwrap();
        assert_eq!(
            shared.iss.as_deref(),
            Some("https://issuer.example/a b&c=d")
        );
        assert_eq!(shared.aud.as_deref(), Some("api"));
        let none = link(PAGE, &d, false, Some(("", "  "))).unwrap();
        assert!(!none.contains("iss=") && !none.contains("aud="));
    }

    #[test]
    fn nothing_to_share_is_said() {
        assert!(link(PAGE, &decode_unverified(""), false, None).is_err());
        assert!(link(PAGE, &decode_unverified("hello world"), false, None).is_err());
        // Two tokens pasted: the first alone is not what was pasted.
        let pair = decode_unverified(&format!("{TOKEN} {TOKEN}"));
        assert_eq!(
            link(PAGE, &pair, false, None),
            Err("two tokens were pasted: paste one to share it")
        );
    }

    #[test]
    fn a_fragment_never_supplies_a_key_and_odd_ones_are_not_links() {
        let shared =
            read_fragment(&format!("#token={TOKEN}&key=c2VjcmV0&secret=x&jwk=%7B%7D")).unwrap();
        assert_eq!(shared.token, TOKEN);
        for odd in [
            "",
            "#",
            "#token",
            "#token=",
            "#h-token",
            "#iss=a",
            "#token=%zz",
            "#token=%C3",
        ] {
            assert_eq!(read_fragment(odd), None, "{odd}");
        }
        assert_eq!(read_fragment(&"a".repeat(MAX_FRAGMENT + 1)), None);
    }
}
