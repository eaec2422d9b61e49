//! The one base64 helper: base64url as JWS uses it (RFC 4648 §5; RFC 7515 §2 and
//! Appendix C), standard base64 for secrets, SSH keys and PEM bodies (RFC 4648 §4,
//! RFC 7468 §3).
//!
//! Every base64 text in the engine is read by one [`Scanner`], which classifies each
//! character at its byte offset (a digit, the other alphabet's symbol, padding,
//! something after padding, whitespace, or not base64 at all), so a caller can say
//! which byte is wrong and what was expected. The callers differ only in what they
//! tolerate: [`decode_lenient`] decodes whatever can be decoded and reports every
//! departure (the token view); [`decode_strict`] is the verifier's view;
//! [`decode_any`] reads either alphabet, padded or not; secrets
//! (`key::secret`) and PEM bodies (`key::pem`) put the scanner's findings in their own
//! words (a 1-based position, a line and column).

use super::error::ErrorKind;
use super::problem::MAX_PROBLEMS_PER_SEGMENT;

/// The 64 digits of each alphabet, by value (RFC 4648 Tables 1 and 2).
const STANDARD_DIGITS: &[u8; 64] =
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const URL_DIGITS: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Writes `bytes` as base64 digits of `alphabet`, with `=` padding when `pad`.
fn encode_with(bytes: &[u8], alphabet: Alphabet, pad: bool) -> String {
    let digits = match alphabet {
        Alphabet::Standard => STANDARD_DIGITS,
        Alphabet::Url => URL_DIGITS,
    };
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let byte = |i: usize| u32::from(chunk.get(i).copied().unwrap_or(0));
        let group = byte(0) << 16 | byte(1) << 8 | byte(2);
        for i in 0..4 {
            if i <= chunk.len() {
                let value = (group >> (18 - 6 * i)) & 63;
                out.push(char::from(
                    digits.get(value as usize).copied().unwrap_or(b'A'),
                ));
            } else if pad {
                out.push('=');
            }
        }
    }
    out
}

/// Reads base64 digits of `alphabet` (no padding, nothing else): the bytes, and
/// whether the bits left over after the last byte are zero (the canonical encoding);
/// `None` for a character outside the alphabet or an impossible length (4n+1).
fn decode_with(digits: &[u8], alphabet: Alphabet) -> Option<(Vec<u8>, bool)> {
    if digits.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(digits.len() / 4 * 3 + 2);
    let (mut acc, mut bits) = (0u32, 0u32);
    for &c in digits {
        let value = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' if alphabet == Alphabet::Standard => 62,
            b'/' if alphabet == Alphabet::Standard => 63,
            b'-' if alphabet == Alphabet::Url => 62,
            b'_' if alphabet == Alphabet::Url => 63,
            _ => return None,
        };
        acc = (acc << 6 | u32::from(value)) & 0xfff;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    Some((out, acc & ((1 << bits) - 1) == 0))
}

/// Base64url digits, stray trailing bits tolerated (what RFC 7515 §2 readers do).
fn decode_relaxed(digits: &str) -> Option<Vec<u8>> {
    decode_with(digits.as_bytes(), Alphabet::Url).map(|(bytes, _)| bytes)
}

/// The two alphabets of RFC 4648: standard (§4, `+` and `/`) and URL-safe (§5, `-`
/// and `_`). They share the letters and digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Alphabet {
    /// RFC 4648 §4: `+` and `/`.
    Standard,
    /// RFC 4648 §5: `-` and `_`.
    Url,
}

impl Alphabet {
    /// Its name in messages: `base64` or `base64url`.
    pub const fn name(self) -> &'static str {
        match self {
            Alphabet::Standard => "base64",
            Alphabet::Url => "base64url",
        }
    }

    /// The other alphabet.
    pub const fn other(self) -> Alphabet {
        match self {
            Alphabet::Standard => Alphabet::Url,
            Alphabet::Url => Alphabet::Standard,
        }
    }

    /// Whether `c` is one of this alphabet's two symbols (62 and 63).
    const fn has_symbol(self, c: char) -> bool {
        match self {
            Alphabet::Standard => matches!(c, '+' | '/'),
            Alphabet::Url => matches!(c, '-' | '_'),
        }
    }
}

/// What one character of a base64 text is, read left to right.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Char {
    /// A digit of the expected alphabet, before any padding.
    Digit,
    /// The other alphabet's symbol (`+`/`/` in base64url, `-`/`_` in base64), before
    /// any padding.
    OtherAlphabet,
    /// `=` (RFC 4648 §3.2).
    Padding,
    /// A digit of either alphabet after `=` padding began at byte `padding_at`:
    /// padding only ends a text.
    AfterPadding {
        /// The offset given with the first `=`.
        padding_at: usize,
    },
    /// Whitespace (a line break in a wrapped text).
    Whitespace,
    /// Not base64 in either alphabet.
    Invalid,
}

/// The one base64 scanner: classifies characters left to right and remembers where
/// padding began. A text read in pieces (the lines of a PEM body) is fed to one
/// scanner, with offsets of the caller's choosing. One step per character: linear.
#[derive(Debug, Clone, Copy)]
pub struct Scanner {
    alphabet: Alphabet,
    padding_at: Option<usize>,
}

impl Scanner {
    /// A scanner expecting `alphabet`.
    pub const fn new(alphabet: Alphabet) -> Self {
        Scanner {
            alphabet,
            padding_at: None,
        }
    }

    /// Where the first `=` was, if any.
    pub const fn padding_at(&self) -> Option<usize> {
        self.padding_at
    }

    /// Classifies `c`, found at `offset`.
    pub fn classify(&mut self, offset: usize, c: char) -> Char {
        let digit = c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '-' | '_');
        match (c, self.padding_at) {
            ('=', None) => {
                self.padding_at = Some(offset);
                Char::Padding
            }
            ('=', Some(_)) => Char::Padding,
            (_, Some(padding_at)) if digit => Char::AfterPadding { padding_at },
            _ if digit && (c.is_ascii_alphanumeric() || self.alphabet.has_symbol(c)) => Char::Digit,
            _ if digit => Char::OtherAlphabet,
            _ if c.is_whitespace() => Char::Whitespace,
            _ => Char::Invalid,
        }
    }
}

/// Each character of `text` with its byte offset and class.
pub fn scan(text: &str, alphabet: Alphabet) -> impl Iterator<Item = (usize, char, Char)> + '_ {
    let mut scanner = Scanner::new(alphabet);
    text.char_indices()
        .map(move |(offset, c)| (offset, c, scanner.classify(offset, c)))
}

/// Whether `c` draws nothing or reorders the text around it: a control character,
/// whitespace, or a format or filler character (zero-width spaces and joiners,
/// bidirectional controls, the byte order mark, a soft hyphen, variation selectors,
/// tag characters, Hangul fillers).
pub fn invisible(c: char) -> bool {
    c.is_control()
        || c.is_whitespace()
        || matches!(
            c,
            '\u{AD}'
                | '\u{34F}'
                | '\u{61C}'
                | '\u{115F}'..='\u{1160}'
                | '\u{17B4}'..='\u{17B5}'
                | '\u{180B}'..='\u{180F}'
                | '\u{200B}'..='\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2060}'..='\u{206F}'
                | '\u{3164}'
                | '\u{FE00}'..='\u{FE0F}'
                | '\u{FEFF}'
                | '\u{FFA0}'
                | '\u{FFF0}'..='\u{FFFB}'
                | '\u{E0000}'..='\u{E0FFF}'
        )
}

/// `c` as it is shown in messages: `U+XXXX` when [`invisible`]; quoted when ASCII;
/// quoted with its code point otherwise (a combining mark, a look-alike letter).
pub fn shown(c: char) -> String {
    if invisible(c) {
        format!("U+{:04X}", c as u32)
    } else if c.is_ascii() {
        format!("'{c}'")
    } else {
        format!("'{c}' (U+{:04X})", c as u32)
    }
}

/// The base64url digit for a digit of either alphabet.
const fn to_url(c: char) -> char {
    match c {
        '+' => '-',
        '/' => '_',
        c => c,
    }
}

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
    encode_with(bytes, Alphabet::Url, false)
}

/// Encodes bytes as padded standard base64 (RFC 4648 §4), for display and PEM-less export.
pub fn encode_standard(bytes: &[u8]) -> String {
    encode_with(bytes, Alphabet::Standard, true)
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
    let mut scanner = Scanner::new(Alphabet::Url);
    for (offset, c) in text.char_indices() {
        match scanner.classify(offset, c) {
            Char::Digit => clean.push(c),
            Char::Padding if scanner.padding_at() == Some(offset) => {
                issues.push(B64Issue {
                    kind: ErrorKind::Base64Padding,
                    offset,
                    message: format!(
                        "'=' padding at byte {offset}: JWS base64url has no padding (RFC 7515 §2)"
                    ),
                });
            }
            Char::Padding => {}
            Char::OtherAlphabet => {
                issues.char_issue(
                    offset,
                    c,
                    " (standard base64, not base64url: expected '-' or '_')",
                );
                clean.push(to_url(c));
            }
            Char::AfterPadding { .. } => issues.char_issue(offset, c, " after '=' padding"),
            Char::Whitespace | Char::Invalid => issues.char_issue(offset, c, ""),
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
        return (decode_relaxed(trimmed), issues);
    }
    let decoded = decode_with(clean.as_bytes(), Alphabet::Url);
    if !decoded.as_ref().is_some_and(|(_, canonical)| *canonical) {
        issues.push(B64Issue {
            kind: ErrorKind::Base64TrailingBits,
            offset: text.len().saturating_sub(1),
            message: "the last character carries non-zero bits beyond the final byte: not the canonical encoding (another encoder would not produce it)".into(),
        });
    }
    (decoded.map(|(bytes, _)| bytes), issues)
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
    B64Issue {
        kind: ErrorKind::Base64Char,
        offset,
        message: format!(
            "invalid base64url character {} at byte {offset}{why}",
            shown(c)
        ),
    }
}

/// Decodes standard or URL-safe base64, padded or not, whitespace ignored (for
/// secrets, SSH keys and PEM-less inputs). The alphabet is base64url when the text
/// has `-` or `_`, standard base64 otherwise; stray bits after the last byte are
/// tolerated.
///
/// # Errors
/// The first character that is not base64 in that alphabet (or follows `=`
/// padding), with its byte offset; or an impossible length (4n+1 digits).
pub fn decode_any(text: &str) -> Result<Vec<u8>, B64Issue> {
    let alphabet = if text.contains(['-', '_']) {
        Alphabet::Url
    } else {
        Alphabet::Standard
    };
    let mut digits = String::with_capacity(text.len());
    for (offset, c, class) in scan(text, alphabet) {
        let why = match class {
            Char::Digit => {
                digits.push(to_url(c));
                continue;
            }
            Char::Padding | Char::Whitespace => continue,
            Char::AfterPadding { padding_at } => {
                format!("after the '=' padding at byte {padding_at}: padding only ends the text")
            }
            Char::OtherAlphabet => format!(
                "belongs to {}, and the text is {} (it has both alphabets' symbols)",
                alphabet.other().name(),
                alphabet.name()
            ),
            Char::Invalid => format!("is not {}", alphabet.name()),
        };
        return Err(B64Issue {
            kind: ErrorKind::Base64Char,
            offset,
            message: format!("{} at byte {offset} {why}", shown(c)),
        });
    }
    decode_digits(&digits, text.len(), alphabet)
}

/// Decodes base64url digits (no padding, no whitespace), tolerating stray trailing
/// bits.
///
/// # Errors
/// A character outside the alphabet, with its offset, or an impossible length.
pub fn decode_url_relaxed(text: &str) -> Result<Vec<u8>, B64Issue> {
    let digits = text.trim_end_matches('=');
    if let Some((offset, c, _)) =
        scan(digits, Alphabet::Url).find(|(_, _, class)| *class != Char::Digit)
    {
        return Err(B64Issue {
            kind: ErrorKind::Base64Char,
            offset,
            message: format!("{} at byte {offset} is not base64url", shown(c)),
        });
    }
    decode_digits(digits, text.len(), Alphabet::Url)
}

/// Decodes base64url digits whose count is checked here; `end` is the offset
/// reported for an impossible length.
fn decode_digits(digits: &str, end: usize, alphabet: Alphabet) -> Result<Vec<u8>, B64Issue> {
    let impossible = || B64Issue {
        kind: ErrorKind::Base64Length,
        offset: end,
        message: format!(
            "{} {} characters cannot encode whole bytes (a length of 4n+1 is impossible)",
            digits.len(),
            alphabet.name()
        ),
    };
    if digits.len() % 4 == 1 {
        return Err(impossible());
    }
    decode_relaxed(digits).ok_or_else(impossible)
}

/// Decodes canonical padded standard base64 (RFC 4648 §4; RFC 7468 §3 for PEM
/// bodies): the digits and padding only, already checked with a [`Scanner`].
///
/// # Errors
/// Padding in the wrong amount, or stray bits after the last byte (not the
/// canonical encoding).
pub fn decode_standard_strict(text: &str) -> Result<Vec<u8>, B64Issue> {
    let issue = |kind: ErrorKind, offset: usize, why: &str| B64Issue {
        kind,
        offset,
        message: format!("not the canonical base64 encoding: {why}"),
    };
    let digits = text.trim_end_matches('=');
    let padding = text.len() - digits.len();
    if let Some((at, c)) = digits
        .char_indices()
        .find(|(_, c)| !c.is_ascii() || !STANDARD_DIGITS.contains(&(*c as u8)))
    {
        return Err(issue(
            ErrorKind::Base64Char,
            at,
            &format!("{} at byte {at} is not a base64 digit", shown(c)),
        ));
    }
    if digits.len() % 4 == 1 {
        return Err(issue(
            ErrorKind::Base64Length,
            digits.len(),
            "a length of 4n+1 digits cannot encode whole bytes",
        ));
    }
    if padding != (4 - digits.len() % 4) % 4 {
        return Err(issue(
            ErrorKind::Base64Padding,
            text.len(),
            &format!(
                "{padding} '=' where the length needs {}",
                (4 - digits.len() % 4) % 4
            ),
        ));
    }
    match decode_with(digits.as_bytes(), Alphabet::Standard) {
        Some((bytes, true)) => Ok(bytes),
        _ => Err(issue(
            ErrorKind::Base64TrailingBits,
            digits.len().saturating_sub(1),
            "the last digit carries bits beyond the final byte",
        )),
    }
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
    fn invisible_characters_are_named() {
        assert_eq!(shown('*'), "'*'");
        assert_eq!(shown('é'), "'é' (U+00E9)");
        assert_eq!(shown('\u{301}'), "'\u{301}' (U+0301)");
        for (c, name) in [
            ('\u{FE0F}', "U+FE0F"),
            ('\u{E0041}', "U+E0041"),
            ('\u{3164}', "U+3164"),
            ('\u{2028}', "U+2028"),
            ('\u{200B}', "U+200B"),
            ('\u{202E}', "U+202E"),
            ('\u{FEFF}', "U+FEFF"),
            ('\u{AD}', "U+00AD"),
            ('\u{2066}', "U+2066"),
            ('\u{A0}', "U+00A0"),
            ('\t', "U+0009"),
        ] {
            assert_eq!(shown(c), name);
        }
        // A zero-width space inside a token's segment is named, not drawn.
        let (_, issues) = decode_lenient("ab\u{200B}cd");
        assert!(
            issues[0].message.contains("U+200B at byte 2"),
            "{:?}",
            issues
        );
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
        assert_eq!(decode_any(" +/\n8= ").ok(), Some(vec![0xfb, 0xff]));
    }

    #[test]
    fn scanner_classes() {
        let classes: Vec<Char> = scan("a+-\u{e9} =b=", Alphabet::Standard)
            .map(|(_, _, class)| class)
            .collect();
        assert_eq!(
            classes,
            vec![
                Char::Digit,
                Char::Digit,
                Char::OtherAlphabet,
                Char::Invalid,
                Char::Whitespace,
                Char::Padding,
                Char::AfterPadding { padding_at: 6 },
                Char::Padding,
            ]
        );
    }

    #[test]
    fn errors_name_the_byte() {
        let e = decode_any("QUJD!A").err();
        assert_eq!(
            e.as_ref().map(|e| (e.kind, e.offset)),
            Some((ErrorKind::Base64Char, 4))
        );
        assert!(e.is_some_and(|e| e.message.contains("'!' at byte 4")));
        let e = decode_any("QQ==QQ").err();
        assert!(e.is_some_and(|e| e.message.contains("padding at byte 2")));
        let e = decode_any("QUJDR").err();
        assert_eq!(e.map(|e| e.kind), Some(ErrorKind::Base64Length));
        let e = decode_url_relaxed("QU+D").err();
        assert_eq!(e.map(|e| e.offset), Some(2));
        // Canonical standard base64 (PEM bodies): no stray bits, full padding.
        assert_eq!(decode_standard_strict("QQ==").ok(), Some(b"A".to_vec()));
        assert_eq!(
            decode_standard_strict("QR==").err().map(|e| e.kind),
            Some(ErrorKind::Base64TrailingBits)
        );
        assert!(decode_standard_strict("QQ=").is_err());
    }
}
