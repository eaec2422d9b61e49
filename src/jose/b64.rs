//! The one base64url helper (RFC 4648 §5, as JWS uses it: RFC 7515 §2 and Appendix C).
//!
//! JWS base64url has no padding and, being canonical, no stray bits after the
//! last byte. [`decode_lenient`] decodes whatever can be decoded and reports every
//! departure with its byte offset; [`decode_strict`] is the verifier's view.

use base64::alphabet;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use base64::Engine as _;

use super::error::ErrorKind;
use super::problem::MAX_PROBLEMS_PER_SEGMENT;

const STRICT: GeneralPurpose = GeneralPurpose::new(
    &alphabet::URL_SAFE,
    GeneralPurposeConfig::new()
        .with_encode_padding(false)
        .with_decode_padding_mode(DecodePaddingMode::RequireNone)
        .with_decode_allow_trailing_bits(false),
);

const RELAXED: GeneralPurpose = GeneralPurpose::new(
    &alphabet::URL_SAFE,
    GeneralPurposeConfig::new()
        .with_encode_padding(false)
        .with_decode_padding_mode(DecodePaddingMode::RequireNone)
        .with_decode_allow_trailing_bits(true),
);

const STANDARD: GeneralPurpose = GeneralPurpose::new(
    &alphabet::STANDARD,
    GeneralPurposeConfig::new()
        .with_encode_padding(true)
        .with_decode_padding_mode(DecodePaddingMode::Indifferent)
        .with_decode_allow_trailing_bits(true),
);

/// One departure from canonical base64url, at a byte offset within the segment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct B64Issue {
    /// Which rule was broken.
    pub kind: ErrorKind,
    /// Byte offset within the segment text.
    pub offset: usize,
    /// What was found and what was expected.
    pub message: String,
}

/// Encodes bytes as unpadded base64url.
pub fn encode(bytes: &[u8]) -> String {
    STRICT.encode(bytes)
}

/// Encodes bytes as padded standard base64 (RFC 4648 §4), for display and PEM-less export.
pub fn encode_standard(bytes: &[u8]) -> String {
    STANDARD.encode(bytes)
}

/// Decodes canonical base64url: no padding, no other characters, no stray bits.
///
/// # Errors
/// The first departure from canonical form, with its offset.
pub fn decode_strict(text: &str) -> Result<Vec<u8>, B64Issue> {
    let (bytes, issues) = decode_lenient(text);
    match issues.into_iter().next() {
        Some(issue) => Err(issue),
        None => bytes.ok_or_else(|| B64Issue {
            kind: ErrorKind::Base64Length,
            offset: text.len(),
            message: "not decodable as base64url".into(),
        }),
    }
}

/// Decodes as much as possible and lists the departures from canonical base64url.
///
/// Padding is stripped, standard-alphabet `+` and `/` are read as `-` and `_`, and
/// other characters are skipped, each with an issue; the bytes are `None` only when
/// nothing decodable remains (an impossible length). At most
/// [`MAX_PROBLEMS_PER_SEGMENT`] character issues are listed: the rest are counted in
/// one last issue ("… and N more"), so the work and the list stay linear and short.
pub fn decode_lenient(text: &str) -> (Option<Vec<u8>>, Vec<B64Issue>) {
    let mut issues = Issues::default();
    let mut clean = String::with_capacity(text.len());
    let mut padding_at = None;
    for (offset, c) in text.char_indices() {
        match c {
            'A'..='Z' | 'a'..='z' | '0'..='9' | '-' | '_' if padding_at.is_none() => clean.push(c),
            '=' => {
                if padding_at.is_none() {
                    padding_at = Some(offset);
                    issues.push(B64Issue {
                        kind: ErrorKind::Base64Padding,
                        offset,
                        message: format!(
                            "'=' padding at byte {offset}: JWS base64url has no padding (RFC 7515 §2)"
                        ),
                    });
                }
            }
            '+' | '/' if padding_at.is_none() => {
                issues.char_issue(
                    offset,
                    c,
                    " (standard base64, not base64url: expected '-' or '_')",
                );
                clean.push(if c == '+' { '-' } else { '_' });
            }
            _ if padding_at.is_some() && c.is_ascii_alphanumeric() => {
                issues.char_issue(offset, c, " after '=' padding");
            }
            _ => issues.char_issue(offset, c, ""),
        }
    }
    let mut issues = issues.finish();
    if clean.len() % 4 == 1 {
        issues.push(B64Issue {
            kind: ErrorKind::Base64Length,
            offset: text.len(),
            message: format!(
                "{} base64url characters cannot encode whole bytes (a length of 4n+1 is impossible): the segment looks truncated",
                clean.len()
            ),
        });
        let trimmed = &clean[..clean.len() - 1];
        return (RELAXED.decode(trimmed).ok(), issues);
    }
    if STRICT.decode(&clean).is_err() {
        issues.push(B64Issue {
            kind: ErrorKind::Base64TrailingBits,
            offset: text.len().saturating_sub(1),
            message: "the last character carries non-zero bits beyond the final byte: not the canonical encoding (another encoder would not produce it)".into(),
        });
    }
    (RELAXED.decode(&clean).ok(), issues)
}

/// The issues of one decode: character issues past [`MAX_PROBLEMS_PER_SEGMENT`] are
/// counted, not formatted.
#[derive(Default)]
struct Issues {
    listed: Vec<B64Issue>,
    chars_listed: usize,
    /// Character issues not listed, and the offset of the first of them.
    more: usize,
    more_from: usize,
}

impl Issues {
    fn push(&mut self, issue: B64Issue) {
        self.listed.push(issue);
    }

    fn char_issue(&mut self, offset: usize, c: char, why: &str) {
        if self.chars_listed < MAX_PROBLEMS_PER_SEGMENT {
            self.chars_listed += 1;
            self.listed.push(char_issue(offset, c, why));
        } else {
            if self.more == 0 {
                self.more_from = offset;
            }
            self.more += 1;
        }
    }

    fn finish(mut self) -> Vec<B64Issue> {
        if self.more > 0 {
            self.listed.push(B64Issue {
                kind: ErrorKind::Base64Char,
                offset: self.more_from,
                message: format!(
                    "… and {} more invalid base64url character(s) from byte {} on (only the first {MAX_PROBLEMS_PER_SEGMENT} are listed)",
                    self.more, self.more_from
                ),
            });
        }
        self.listed
    }
}

fn char_issue(offset: usize, c: char, why: &str) -> B64Issue {
    let shown = if c.is_control() || c.is_whitespace() {
        format!("U+{:04X}", c as u32)
    } else {
        format!("'{c}'")
    };
    B64Issue {
        kind: ErrorKind::Base64Char,
        offset,
        message: format!("invalid base64url character {shown} at byte {offset}{why}"),
    }
}

/// Decodes standard or URL-safe base64, padded or not (for secrets and PEM-less inputs).
///
/// # Errors
/// The text is not base64 in either alphabet.
pub fn decode_any(text: &str) -> Result<Vec<u8>, B64Issue> {
    let trimmed: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let unpadded = trimmed.trim_end_matches('=');
    if unpadded.contains(['-', '_']) {
        return decode_url_relaxed(unpadded);
    }
    STANDARD.decode(&trimmed).map_err(|e| B64Issue {
        kind: ErrorKind::Base64Char,
        offset: 0,
        message: format!("not base64: {e}"),
    })
}

/// Decodes base64url without padding, tolerating stray trailing bits.
///
/// # Errors
/// A character outside the alphabet or an impossible length.
pub fn decode_url_relaxed(text: &str) -> Result<Vec<u8>, B64Issue> {
    RELAXED
        .decode(text.trim_end_matches('='))
        .map_err(|e| B64Issue {
            kind: ErrorKind::Base64Char,
            offset: 0,
            message: format!("not base64url: {e}"),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        for n in 0..40u8 {
            let data: Vec<u8> = (0..n).map(|i| i.wrapping_mul(37)).collect();
            assert_eq!(decode_strict(&encode(&data)).ok(), Some(data));
        }
    }

    #[test]
    fn padding_is_reported_and_tolerated() {
        let (bytes, issues) = decode_lenient("YQ==");
        assert_eq!(bytes.as_deref(), Some(&b"a"[..]));
        assert_eq!(issues.len(), 1);
        assert_eq!(issues[0].kind, ErrorKind::Base64Padding);
        assert_eq!(issues[0].offset, 2);
    }

    #[test]
    fn bad_character_has_offset() {
        let (_, issues) = decode_lenient("ab*d");
        assert_eq!(issues[0].kind, ErrorKind::Base64Char);
        assert_eq!(issues[0].offset, 2);
        assert!(issues[0].message.contains("'*'"));
    }

    #[test]
    fn standard_alphabet_is_named() {
        let (bytes, issues) = decode_lenient("+/8");
        assert_eq!(bytes, Some(vec![0xfb, 0xff]));
        assert!(issues[0].message.contains("standard base64"));
    }

    #[test]
    fn trailing_bits_are_non_canonical() {
        // "YR" decodes to 'a' but the canonical encoding is "YQ".
        let (bytes, issues) = decode_lenient("YR");
        assert_eq!(bytes.as_deref(), Some(&b"a"[..]));
        assert_eq!(issues[0].kind, ErrorKind::Base64TrailingBits);
        assert!(decode_strict("YR").is_err());
    }

    #[test]
    fn impossible_length() {
        let (_, issues) = decode_lenient("abcde");
        assert_eq!(issues[0].kind, ErrorKind::Base64Length);
    }

    #[test]
    fn any_alphabet_for_secrets() {
        assert_eq!(decode_any("+/8=").ok(), Some(vec![0xfb, 0xff]));
        assert_eq!(decode_any("-_8").ok(), Some(vec![0xfb, 0xff]));
    }
}
