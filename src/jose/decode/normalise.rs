//! The pasted-text clean-up: from whatever was pasted (a whole `Authorization:
//! Bearer …` line, quotes, a token wrapped over lines) to a compact token (RFC 7515
//! §7.1), with a list of what was removed.

use serde_json::Value;

use super::MAX_TOKEN_BYTES;
use crate::jose::{b64, json};

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

/// A stretch of the pasted text that is also a stretch of the normalised token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Kept {
    /// Its bytes in the pasted text.
    pub pasted: std::ops::Range<usize>,
    /// Where it starts in the token.
    pub token: usize,
}

/// Where the normalised `token` lies in what was `pasted` (the text [`normalise`] made
/// it from): the stretches kept, in order; every other byte of `pasted` was removed
/// (a prefix, quotes, whitespace). This is what lets an editor colour the text as it
/// was typed, segment by segment, and point at a problem in place. Empty when `token`
/// is not what [`normalise`] makes of `pasted`. Linear in the input.
pub fn kept_in_paste(pasted: &str, token: &str) -> Vec<Kept> {
    let (inner, _) = unwrap_paste(pasted);
    // `unwrap_paste` returns a slice of `pasted`: where it starts.
    let base = (inner.as_ptr() as usize).wrapping_sub(pasted.as_ptr() as usize);
    if pasted.get(base..base + inner.len()) != Some(inner) {
        return Vec::new();
    }
    let want = token.as_bytes();
    let mut runs: Vec<Kept> = Vec::new();
    let mut j = 0;
    for (i, c) in inner.char_indices() {
        let len = c.len_utf8();
        if want.get(j..j + len) == Some(&inner.as_bytes()[i..i + len]) {
            let at = base + i;
            match runs.last_mut() {
                Some(run) if run.pasted.end == at => run.pasted.end = at + len,
                _ => runs.push(Kept {
                    pasted: at..at + len,
                    token: j,
                }),
            }
            j += len;
        } else if !c.is_whitespace() {
            return Vec::new();
        }
    }
    if j == want.len() {
        runs
    } else {
        Vec::new()
    }
}

fn without_whitespace(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Whether a header segment decodes to an object with `"b64": false`.
fn says_unencoded(header_b64: &str) -> bool {
    let (bytes, _) = b64::decode_lenient(header_b64);
    bytes
        .and_then(|b| String::from_utf8(b).ok())
        .and_then(|t| json::value(&t).ok())
        .and_then(|v| v.get("b64").and_then(Value::as_bool))
        == Some(false)
}

fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &s[prefix.len()..])
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn kept(pasted: &str) -> Vec<(&str, usize)> {
        let (token, _, _) = normalise(pasted);
        kept_in_paste(pasted, &token)
            .into_iter()
            .map(|k| (&pasted[k.pasted], k.token))
            .collect()
    }

    #[test]
    fn a_clean_token_is_kept_whole() {
        assert_eq!(kept("aaa.bbb.ccc"), vec![("aaa.bbb.ccc", 0)]);
        assert_eq!(kept(""), vec![]);
    }

    #[test]
    fn the_prefix_and_quotes_are_not_the_token_even_when_they_share_its_letters() {
        // "Bearer" holds an "e", the token starts with one: the prefix is still not it.
        assert_eq!(
            kept("Authorization: Bearer \"eyJ.e30.sig\"\n"),
            vec![("eyJ.e30.sig", 0)]
        );
    }

    #[test]
    fn whitespace_inside_the_token_splits_it() {
        assert_eq!(
            kept("  eyJh\nbGc.e30\r\n.sig "),
            vec![("eyJh", 0), ("bGc.e30", 4), (".sig", 11)]
        );
    }

    #[test]
    fn an_unencoded_payload_keeps_its_spaces() {
        let header = b64::encode(br#"{"alg":"HS256","b64":false,"crit":["b64"]}"#);
        let pasted = format!("{header}.a b\nc.si g");
        let (token, _, _) = normalise(&pasted);
        assert_eq!(token, format!("{header}.a b\nc.sig"));
        let runs = kept_in_paste(&pasted, &token);
        assert_eq!(runs.len(), 2);
        assert_eq!(
            &pasted[runs[0].pasted.clone()],
            format!("{header}.a b\nc.si")
        );
        assert_eq!(&pasted[runs[1].pasted.clone()], "g");
    }

    #[test]
    fn text_that_is_not_what_normalise_made_maps_to_nothing() {
        assert_eq!(kept_in_paste("abc", "abd"), vec![]);
        assert_eq!(kept_in_paste("abc", "abcd"), vec![]);
        assert_eq!(kept_in_paste("a€c", "ac€"), vec![]);
    }

    #[test]
    fn multibyte_text_is_followed_by_characters() {
        assert_eq!(kept("é.€ .x"), vec![("é.€", 0), (".x", "é.€".len())]);
    }
}
