//! The pasted-text clean-up: from whatever was pasted (a whole `Authorization:
//! Bearer …` line, quotes, a token wrapped over lines) to a compact token (RFC 7515
//! §7.1), with a list of what was removed.

use serde_json::Value;

use super::MAX_TOKEN_BYTES;
use crate::jose::b64;

/// Whitespace found inside a pasted token (line wrapping in logs, usually).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InnerWhitespace {
    /// How many whitespace characters were removed.
    pub count: usize,
    /// The segment (0-based) where the first one was.
    pub segment: usize,
    /// Its byte offset within that segment's text as pasted.
    pub offset: usize,
}

/// Normalises pasted text into a compact token and says what was removed.
///
/// Removes surrounding whitespace, an `Authorization:` and/or `Bearer ` prefix
/// (any case) and surrounding quotes or backticks, then whitespace inside the token
/// (line wrapping in logs) — except inside the payload of a `b64: false` token
/// (RFC 7797), where spaces are payload. Inner whitespace is returned separately:
/// it is removed to decode, but a token that carried it is not the token that was
/// signed, and verification refuses it.
pub fn normalise(input: &str) -> (String, Vec<String>, Option<InnerWhitespace>) {
    let (s, stripped) = unwrap_paste(input);
    let mut stripped = stripped;
    if !s.contains(char::is_whitespace) {
        return (s.to_string(), stripped, None);
    }
    inner_whitespace(s, &mut stripped)
}

/// What was pasted around a token: surrounding whitespace, an `Authorization:` and/or
/// `Bearer ` prefix (any case), surrounding quotes or backticks — removed, and said.
/// The text inside is returned as it is (its own whitespace kept).
pub fn unwrap_paste(input: &str) -> (&str, Vec<String>) {
    let mut stripped = Vec::new();
    let mut s = input.trim();
    if s.len() != input.len() {
        stripped.push("surrounding whitespace".to_string());
    }
    if let Some(rest) = strip_prefix_ci(s, "authorization:") {
        s = rest.trim_start();
        stripped.push("\"Authorization:\" prefix".to_string());
    }
    if let Some(rest) = strip_prefix_ci(s, "bearer") {
        if rest.starts_with(char::is_whitespace) {
            s = rest.trim_start();
            stripped.push("\"Bearer \" prefix".to_string());
        }
    }
    for q in ['"', '\'', '`'] {
        if s.len() >= 2 && s.starts_with(q) && s.ends_with(q) {
            s = s[1..s.len() - 1].trim();
            stripped.push(format!("surrounding {q} quotes"));
            break;
        }
    }
    (s, stripped)
}

/// Removes whitespace inside the token (line wrapping in logs), except inside the
/// payload of a `b64: false` token.
fn inner_whitespace(
    s: &str,
    stripped: &mut Vec<String>,
) -> (String, Vec<String>, Option<InnerWhitespace>) {
    // Linear and without a list of the parts: a pasted megabyte of dots and
    // whitespace must not become millions of slices. A token over the size cap is
    // refused after this anyway, so its header is not decoded to look for `b64`.
    let keep_payload = s.len() <= MAX_TOKEN_BYTES
        && s.bytes().filter(|&b| b == b'.').count() == 2
        && s.split('.')
            .next()
            .is_some_and(|header| says_unencoded(&without_whitespace(header)));
    let mut token = String::with_capacity(s.len());
    let mut inner: Option<InnerWhitespace> = None;
    for (i, part) in s.split('.').enumerate() {
        if i > 0 {
            token.push('.');
        }
        if i == 1 && keep_payload {
            token.push_str(part);
            continue;
        }
        for (offset, c) in part.char_indices() {
            if c.is_whitespace() {
                let w = inner.get_or_insert(InnerWhitespace {
                    count: 0,
                    segment: i,
                    offset,
                });
                w.count += 1;
            } else {
                token.push(c);
            }
        }
    }
    if let Some(w) = inner {
        stripped.push(format!(
            "{} whitespace character(s) inside the token",
            w.count
        ));
    }
    (token, std::mem::take(stripped), inner)
}

fn without_whitespace(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Whether a header segment decodes to an object with `"b64": false`.
fn says_unencoded(header_b64: &str) -> bool {
    let (bytes, _) = b64::decode_lenient(header_b64);
    bytes
        .and_then(|b| serde_json::from_slice::<Value>(&b).ok())
        .and_then(|v| v.get("b64").and_then(Value::as_bool))
        == Some(false)
}

fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &s[prefix.len()..])
}
