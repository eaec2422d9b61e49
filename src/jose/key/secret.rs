//! HMAC secrets typed as text (RFC 7518 §3.2 keys), in the encoding the user chose.
//!
//! UTF-8 secrets are used byte for byte, exactly as typed: nothing is trimmed, since a
//! trailing newline is a different key (a note says so). Base64, base64url and hex
//! secrets drop surrounding whitespace; their decoding errors say which character at
//! which position is wrong.

use super::{Key, KeyFormat, KeyMaterial, Secret, SecretEncoding};
use crate::jose::b64::{self, Alphabet, Char};
use crate::jose::error::{Error, ErrorKind, Result};

/// Reads a secret.
///
/// # Errors
/// `ERR_SECRET_EMPTY` for an empty secret; `ERR_SECRET_ENCODING` when the text does not
/// decode in `encoding`.
pub fn parse_secret(text: &str, encoding: SecretEncoding) -> Result<Key> {
    let mut notes = Vec::new();
    let bytes = match encoding {
        SecretEncoding::Utf8 => {
            if !text.is_empty() && text.trim() != text {
                notes.push(
                    "the secret starts or ends with whitespace (a newline?): it is used exactly as typed, whitespace included"
                        .into(),
                );
            }
            text.as_bytes().to_vec()
        }
        SecretEncoding::Base64 | SecretEncoding::Base64Url => {
            decode_base64(text.trim(), encoding, &mut notes)?
        }
        SecretEncoding::Hex => decode_hex(text.trim(), &mut notes)?,
    };
    if bytes.is_empty() {
        return Err(Error::new(
            ErrorKind::SecretEmpty,
            "the HMAC secret is empty: an empty key authenticates nothing",
        ));
    }
    if text.trim_start().starts_with('[') {
        notes.push(
            "the secret looks like a JSON array: a JWK Set is an object, {\"keys\": [...]}".into(),
        );
    }
    let mut key = Key::new(
        KeyMaterial::Secret(Secret::new(bytes)),
        KeyFormat::Secret(encoding),
    );
    key.notes = notes;
    Ok(key)
}

fn encoding_error(message: String) -> Error {
    Error::new(ErrorKind::SecretEncoding, message)
}

/// Removes whitespace, noting it.
fn compact(text: &str, notes: &mut Vec<String>, what: &str) -> String {
    let compacted: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if compacted.len() != text.len() {
        notes.push(format!(
            "spaces, line breaks or separators inside the {what} were ignored"
        ));
    }
    compacted
}

/// Reads a base64 or base64url secret with [`b64::Scanner`]: the other alphabet and
/// (in base64url) padding are tolerated with a note; anything else is refused with
/// its 1-based position in the compacted text.
fn decode_base64(text: &str, encoding: SecretEncoding, notes: &mut Vec<String>) -> Result<Vec<u8>> {
    let name = encoding.label();
    let alphabet = if encoding == SecretEncoding::Base64Url {
        Alphabet::Url
    } else {
        Alphabet::Standard
    };
    let text = compact(text, notes, name);
    let mut other_alphabet = None;
    let mut digits = 0;
    for (position, (_, c, class)) in b64::scan(&text, alphabet).enumerate() {
        match class {
            Char::Digit => digits += 1,
            Char::OtherAlphabet => {
                digits += 1;
                other_alphabet.get_or_insert(c);
            }
            Char::Padding => {}
            Char::AfterPadding { padding_at } => {
                return Err(encoding_error(format!(
                    "'=' padding at position {} is followed by more characters ({} at position {}): a {name} secret has padding only at its end",
                    padding_at + 1,
                    b64::shown(c),
                    position + 1
                )));
            }
            Char::Whitespace | Char::Invalid => {
                return Err(encoding_error(format!(
                    "character {} at position {} is not {name}",
                    b64::shown(c),
                    position + 1
                )));
            }
        }
    }
    if digits == 0 {
        return Ok(Vec::new());
    }
    if digits % 4 == 1 {
        return Err(encoding_error(format!(
            "{digits} {name} characters cannot encode whole bytes (a length of 4k+1 is impossible): a character is missing or extra"
        )));
    }
    if let Some(c) = other_alphabet {
        let (this, other) = if encoding == SecretEncoding::Base64Url {
            ("base64url", "standard base64")
        } else {
            ("base64", "base64url")
        };
        notes.push(format!(
            "'{c}' belongs to {other}, not {this}: the secret was decoded as {other}"
        ));
    }
    if text.contains('=') && encoding == SecretEncoding::Base64Url {
        notes.push("'=' padding in a base64url secret was tolerated".into());
    }
    b64::decode_any(&text).map_err(|e| encoding_error(format!("not {name}: {}", e.message)))
}

fn decode_hex(text: &str, notes: &mut Vec<String>) -> Result<Vec<u8>> {
    let hex = hex_text(text).map_err(|e| {
        encoding_error(match e {
            HexError::NotHex { c, position } => {
                format!(
                    "character {} at position {position} is not a hex digit",
                    b64::shown(c)
                )
            }
            HexError::OddLength(digits) => {
                format!("{digits} hex digits is an odd number: hex needs two digits per byte")
            }
        })
    })?;
    if hex.prefixed {
        notes.push("the 0x prefix was ignored".into());
    }
    if hex.separated {
        notes.push("spaces, line breaks or separators inside the hex were ignored".into());
    }
    Ok(hex.bytes)
}

/// Hex text (RFC 4648 §8, either case) decoded by the `hex` crate, with what was
/// removed first: `0x` prefixes (at the start, or after a separator: `0xde 0xad`),
/// whitespace and `:` separators (`de:ad:be:ef`, as OpenSSL prints keys). The one
/// reading of hex for secrets and for the key recogniser.
pub(super) struct HexText {
    /// The decoded bytes.
    pub bytes: Vec<u8>,
    /// A `0x` prefix was removed.
    pub prefixed: bool,
    /// Whitespace or `:` separators were removed.
    pub separated: bool,
}

/// Why a text is not hex.
pub(super) enum HexError {
    /// A character that is not a hex digit, at its 1-based position in the text as
    /// given (prefixes and separators counted).
    NotHex {
        /// The character.
        c: char,
        /// Its 1-based position.
        position: usize,
    },
    /// An odd number of digits (a digit is missing or extra).
    OddLength(usize),
}

/// Reads hex text: see [`HexText`].
///
/// # Errors
/// The first character that is not a hex digit; an odd number of digits.
pub(super) fn hex_text(text: &str) -> std::result::Result<HexText, HexError> {
    let is_separator = |c: char| c.is_whitespace() || c == ':';
    let mut digits = String::with_capacity(text.len());
    let (mut prefixed, mut separated) = (false, false);
    // The first character that is not a digit, by its 1-based place in `text`: it
    // is named before an odd length.
    let mut not_hex = None;
    let mut chars = text.chars().enumerate().peekable();
    let mut group_start = true;
    while let Some((at, c)) = chars.next() {
        if is_separator(c) {
            separated = true;
            group_start = true;
            continue;
        }
        if group_start && c == '0' && matches!(chars.peek(), Some((_, 'x' | 'X'))) {
            chars.next();
            prefixed = true;
        } else {
            if !c.is_ascii_hexdigit() && not_hex.is_none() {
                not_hex = Some(HexError::NotHex {
                    c,
                    position: at + 1,
                });
            }
            digits.push(c);
        }
        group_start = false;
    }
    if let Some(e) = not_hex {
        return Err(e);
    }
    // Every character is an ASCII digit here: only the length can be wrong.
    let bytes = hex::decode(&digits).map_err(|_| HexError::OddLength(digits.len()))?;
    Ok(HexText {
        bytes,
        prefixed,
        separated,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    fn bytes(text: &str, encoding: SecretEncoding) -> Vec<u8> {
        match parse_secret(text, encoding).expect("secret").material {
            KeyMaterial::Secret(s) => s.bytes().to_vec(),
            other => panic!("{other:?}"),
        }
    }

    fn kind(text: &str, encoding: SecretEncoding) -> Option<ErrorKind> {
        parse_secret(text, encoding).err().map(|e| e.kind())
    }

    #[test]
    fn utf8_is_exact() {
        assert_eq!(bytes(" secret\n", SecretEncoding::Utf8), b" secret\n");
        let key = parse_secret("secret\n", SecretEncoding::Utf8).expect("secret");
        assert!(key.notes[0].contains("whitespace"));
        assert_eq!(kind("", SecretEncoding::Utf8), Some(ErrorKind::SecretEmpty));
        assert_eq!(bytes("  ", SecretEncoding::Utf8), b"  ");
    }

    #[test]
    fn base64_variants() {
        assert_eq!(bytes(" +/8= \n", SecretEncoding::Base64), vec![0xfb, 0xff]);
        assert_eq!(bytes("-_8", SecretEncoding::Base64Url), vec![0xfb, 0xff]);
        let key = parse_secret("-_8", SecretEncoding::Base64).expect("tolerated");
        assert!(key.notes[0].contains("base64url"), "{:?}", key.notes);
        let key = parse_secret("-_8=", SecretEncoding::Base64Url).expect("tolerated");
        assert!(key.notes.iter().any(|n| n.contains("padding")));
    }

    #[test]
    fn base64_errors_say_where() {
        let e = parse_secret("abc*", SecretEncoding::Base64).expect_err("error");
        assert_eq!(e.kind(), ErrorKind::SecretEncoding);
        assert!(e.message().contains("'*' at position 4"), "{e}");
        assert_eq!(
            kind("abcde", SecretEncoding::Base64Url),
            Some(ErrorKind::SecretEncoding)
        );
        assert_eq!(
            kind("ab=c", SecretEncoding::Base64),
            Some(ErrorKind::SecretEncoding)
        );
        assert_eq!(
            kind("  ", SecretEncoding::Base64),
            Some(ErrorKind::SecretEmpty)
        );
        assert_eq!(
            kind("==", SecretEncoding::Base64),
            Some(ErrorKind::SecretEmpty)
        );
    }

    #[test]
    fn hex() {
        assert_eq!(
            bytes("0xDEad be:EF\n", SecretEncoding::Hex),
            vec![0xde, 0xad, 0xbe, 0xef]
        );
        let e = parse_secret("abc", SecretEncoding::Hex).expect_err("odd");
        assert_eq!(e.kind(), ErrorKind::SecretEncoding);
        assert!(e.message().contains("odd"));
        let e = parse_secret("abzz", SecretEncoding::Hex).expect_err("bad digit");
        assert!(e.message().contains("'z' at position 3"), "{e}");
        // A bad digit is named before the odd length it also makes.
        let e = parse_secret("0xabz", SecretEncoding::Hex).expect_err("bad digit");
        assert!(e.message().contains("'z' at position 5"), "{e}");
        // Not ASCII: the character itself, at its place among the characters.
        let e = parse_secret("ab€d", SecretEncoding::Hex).expect_err("not ASCII");
        assert!(e.message().contains("'€' (U+20AC) at position 3"), "{e}");
        let e = parse_secret("éa", SecretEncoding::Hex).expect_err("not ASCII");
        assert!(e.message().contains("'é' (U+00E9) at position 1"), "{e}");
        // Positions are in the text as typed, prefixes and separators counted.
        let e = parse_secret("de:ad:be:eg", SecretEncoding::Hex).expect_err("bad digit");
        assert!(e.message().contains("'g' at position 11"), "{e}");
        let e = parse_secret("0xab 0xzz", SecretEncoding::Hex).expect_err("bad digit");
        assert!(e.message().contains("'z' at position 8"), "{e}");
        let e = parse_secret("ab\u{200B}cd", SecretEncoding::Hex).expect_err("invisible");
        assert!(e.message().contains("U+200B at position 3"), "{e}");
        let key = parse_secret("0xde 0xad", SecretEncoding::Hex).expect("prefixed bytes");
        assert_eq!(key.notes.len(), 2, "{:?}", key.notes);
        assert_eq!(kind("", SecretEncoding::Hex), Some(ErrorKind::SecretEmpty));
    }
}
