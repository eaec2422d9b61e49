//! PEM armour (RFC 7468): find the BEGIN/END lines, say precisely what is wrong with
//! them, tolerate (and record) what copy and paste does to them, then decode the body
//! with [`crate::jose::b64`] and hand the DER to [`super::asn1`].
//!
//! Tolerated, each with a note: CRLF or CR line ends, literal `\n` escapes (a PEM
//! pasted out of JSON or an environment file), indentation and trailing spaces, text
//! before and after the armour (RFC 7468 §2 allows it), blank lines and spaces inside
//! the body, a body wrapped at another width or collapsed onto the boundary lines, an
//! `EC PARAMETERS` block before the key (as `openssl ecparam -genkey` writes), and
//! further blocks after the first (only the first key is used).

use super::{asn1, Key, KeyFormat};
use crate::jose::b64::{self, Alphabet, Char};
use crate::jose::error::{Error, ErrorKind, Result};

/// The most labels of ignored further blocks named in a note (the rest are counted).
const MAX_LABELS_LISTED: usize = 5;

/// The most PEM blocks read from one key text (a key, perhaps after `EC PARAMETERS`,
/// or a certificate chain, of which the first key is used). Text after this many
/// complete blocks is not read, and a note says so: a mebibyte of blocks costs no
/// more than sixteen.
pub const MAX_PEM_BLOCKS: usize = 16;

/// Whether the text is PEM, or meant to be: it has `-----BEGIN`/`-----END` as a word
/// (not, say, inside a base64url value such as a JWK's `n`, whose alphabet has `-`
/// and letters: `…B-----BEGINry6…`), or a line that looks like a damaged boundary
/// (`----BEGIN PUBLIC KEY-----`).
pub(super) fn looks_like_pem(text: &str) -> bool {
    let boundary = |mark: &str| {
        text.match_indices(mark).any(|(i, _)| {
            !text[i + mark.len()..]
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
        })
    };
    boundary("-----BEGIN")
        || boundary("-----END")
        // A damaged boundary has three dashes in a row somewhere: look at lines only then.
        || ((text.contains("---") || text.contains(|c| c != '-' && is_dash(c)))
            && text.lines().any(|line| boundary_like(line.trim())))
}

/// A hyphen, or a dash a word processor makes of one (U+2010–U+2015, U+2212).
fn is_dash(c: char) -> bool {
    matches!(c, '-' | '\u{2010}'..='\u{2015}' | '\u{2212}')
}

/// A line that is a PEM boundary, perhaps damaged: it starts or ends with a run of
/// at least three dashes (hyphens, or the en and em dashes a word processor makes
/// of them) and has BEGIN or END as a word, in any case. Two dashes are not enough:
/// passphrases like `--my-weekend-secret` are secrets.
fn boundary_like(line: &str) -> bool {
    let leading = line.chars().take_while(|&c| is_dash(c)).take(3).count();
    let trailing = line
        .chars()
        .rev()
        .take_while(|&c| is_dash(c))
        .take(3)
        .count();
    if leading < 3 && trailing < 3 {
        return false;
    }
    // Case-insensitive, as a whole word, without an upper-case copy of the line.
    let bytes = line.as_bytes();
    let word = |w: &[u8]| {
        bytes.windows(w.len()).enumerate().any(|(i, window)| {
            window.eq_ignore_ascii_case(w)
                && !(i > 0 && bytes[i - 1].is_ascii_alphabetic())
                && !bytes
                    .get(i + w.len())
                    .is_some_and(|b| b.is_ascii_alphabetic())
        })
    };
    word(b"BEGIN") || word(b"END")
}

/// Reads the first key in PEM text.
///
/// # Errors
/// See [`super::parse_key`]: `ERR_KEY_PEM_ARMOUR`, `ERR_KEY_FORMAT`,
/// `ERR_KEY_ENCODING` and the key errors of [`super::asn1`].
pub(super) fn parse_pem(text: &str) -> Result<Key> {
    let mut notes = Vec::new();
    let block = find_block(text, &mut notes)?;
    let format = format_for_label(&block.label)?;
    let der = decode_body(&block, &mut notes)?;
    let material = asn1::decode(format, &der, &mut notes)?;
    let mut key = Key::new(material, format);
    key.notes = notes;
    Ok(key)
}

/// Reads DER given as bare base64 (a PEM body without its armour lines), whose
/// structure the recogniser found to fit `label`, or no label when it only starts
/// like a key.
///
/// # Errors
/// `ERR_KEY_ENCODING` when the DER fits no key structure (cut short or damaged: it
/// is still key material, so it is not taken as a secret either); the key errors
/// of [`super::asn1`] otherwise.
// A form the first load never reads: kept out of line so the split moves it
// (ARCHITECTURE.md, "The first load and the rest").
#[inline(never)]
pub(super) fn parse_bare_der(der: &[u8], label: Option<&str>) -> Result<Key> {
    let Some(label) = label else {
        let detail = match asn1::decode(KeyFormat::PemSpki, der, &mut Vec::new()) {
            Err(e) => format!(": {}", e.message()),
            Ok(_) => String::new(),
        };
        return Err(Error::new(
            ErrorKind::KeyEncoding,
            format!(
                "this is base64 DER that starts like a key (a SEQUENCE naming a key algorithm) but is no complete SPKI, PKCS#1, PKCS#8, SEC1 or certificate structure{detail}; key material is never used as an HMAC secret — paste the whole key"
            ),
        ));
    };
    let pem_format = format_for_label(label)?;
    let mut notes = vec![format!(
        "read as {label} DER: base64 without the \"-----BEGIN {label}-----\" armour lines"
    )];
    let material = asn1::decode(pem_format, der, &mut notes)?;
    let format = match pem_format {
        KeyFormat::PemSpki => KeyFormat::DerSpki,
        KeyFormat::PemPkcs1Public => KeyFormat::DerPkcs1Public,
        KeyFormat::PemCertificate => KeyFormat::DerCertificate,
        KeyFormat::PemPkcs8 => KeyFormat::DerPkcs8,
        KeyFormat::PemPkcs1Private => KeyFormat::DerPkcs1Private,
        _ => KeyFormat::DerSec1,
    };
    let mut key = Key::new(material, format);
    key.notes = notes;
    Ok(key)
}

/// One line of the text after normalising line ends, with its 1-based number.
struct Line<'a> {
    number: usize,
    raw: &'a str,
    /// Cut out of a longer line: its surrounding spaces are not indentation.
    split: bool,
}

/// One BEGIN…END block.
struct Block {
    label: String,
    begin_line: usize,
    /// Body lines (trimmed, blank ones dropped) with their line numbers.
    body: Vec<(usize, String)>,
    indented: bool,
    blank_lines: bool,
}

enum Boundary {
    Begin(String),
    End(String),
}

fn armour_error(message: String) -> Error {
    Error::new(ErrorKind::KeyPemArmour, message)
}

/// Normalises line ends and escapes, splits boundaries off body text on the same
/// line, and returns the first key block.
fn find_block(text: &str, notes: &mut Vec<String>) -> Result<Block> {
    let mut normalised = text.to_string();
    if normalised.contains("\r\n") {
        notes.push("CRLF (Windows) line endings were read as LF".into());
        normalised = normalised.replace("\r\n", "\n");
    }
    if normalised.contains('\r') {
        notes.push("CR line endings were read as LF".into());
        normalised = normalised.replace('\r', "\n");
    }
    if normalised.contains("\\n") {
        notes.push(
            "literal \\n sequences were read as line breaks (a PEM copied out of JSON or an environment file)"
                .into(),
        );
        normalised = normalised.replace("\\r\\n", "\n").replace("\\n", "\n");
    }

    // The lines are split and read one at a time, so reading stops after
    // MAX_PEM_BLOCKS complete blocks without splitting the rest of the text.
    let collapsed_note_at = notes.len();
    let mut collapsed = false;
    let mut unread = false;
    let mut lines = normalised.split('\n').enumerate().flat_map(|(index, raw)| {
        // Only a line with "-----" can hold a boundary to split off: the others are
        // passed on as they are, without a Vec each (a paste can be 500k lines).
        let pieces = if raw.contains("-----") {
            split_boundaries(raw)
        } else {
            Vec::new()
        };
        let split = pieces.len() > 1;
        let whole = pieces.is_empty().then_some(raw);
        whole.into_iter().chain(pieces).map(move |piece| Line {
            number: index + 1,
            raw: piece,
            split,
        })
    });

    let mut blocks: Vec<Block> = Vec::new();
    let mut open: Option<Block> = None;
    let mut text_outside = false;
    // Once a key block is complete, later blocks are only checked and named: their
    // bodies are not kept.
    let mut have_key = false;
    for line in lines.by_ref() {
        if blocks.len() >= MAX_PEM_BLOCKS {
            if line.raw.trim().is_empty() {
                continue;
            }
            unread = true;
            break;
        }
        collapsed |= line.split;
        let trimmed = line.raw.trim();
        let indented = !line.split && trimmed.len() != line.raw.len();
        match classify(trimmed, line.number)? {
            Some(Boundary::Begin(label)) => {
                if let Some(block) = &open {
                    return Err(armour_error(format!(
                        "line {}: a BEGIN {label} line before the END of the {} block begun at line {}: that block is missing its END line",
                        line.number, block.label, block.begin_line
                    )));
                }
                open = Some(Block {
                    label,
                    begin_line: line.number,
                    body: Vec::new(),
                    indented,
                    blank_lines: false,
                });
            }
            Some(Boundary::End(label)) => match open.take() {
                None => {
                    return Err(armour_error(format!(
                        "line {}: an END {label} line without a BEGIN line: the start of the key is missing; it should begin with \"-----BEGIN {label}-----\"",
                        line.number
                    )));
                }
                Some(mut block) => {
                    if block.label != label {
                        return Err(armour_error(format!(
                            "the labels do not match: line {} says BEGIN {} but line {} says END {label} (RFC 7468 §2)",
                            block.begin_line, block.label, line.number
                        )));
                    }
                    block.indented |= indented;
                    have_key |= block.label != "EC PARAMETERS";
                    blocks.push(block);
                }
            },
            None => match &mut open {
                Some(block) => {
                    block.indented |= indented && !trimmed.is_empty();
                    if trimmed.is_empty() {
                        block.blank_lines = true;
                    } else if !have_key {
                        block.body.push((line.number, trimmed.to_string()));
                    }
                }
                None => text_outside |= !trimmed.is_empty(),
            },
        }
    }
    if let Some(block) = open {
        return Err(armour_error(format!(
            "no END line for the BEGIN {0} at line {1}: the key looks cut off; it should end with \"-----END {0}-----\"",
            block.label, block.begin_line
        )));
    }
    if collapsed {
        notes.insert(
            collapsed_note_at,
            "the BEGIN/END lines shared a line with other text; they were split apart".into(),
        );
    }

    let mut blocks = blocks.into_iter();
    let mut chosen = None;
    for block in blocks.by_ref() {
        if block.label == "EC PARAMETERS" && chosen.is_none() {
            notes.push(
                "an EC PARAMETERS block was skipped (openssl ecparam writes one before the key)"
                    .into(),
            );
            continue;
        }
        chosen = Some(block);
        break;
    }
    let rest: Vec<String> = blocks.map(|b| b.label).collect();
    let Some(block) = chosen else {
        return Err(Error::new(
            ErrorKind::KeyFormat,
            "the PEM holds only EC PARAMETERS (the curve name), not a key: the EC PRIVATE KEY block that follows it is missing",
        ));
    };
    if !rest.is_empty() {
        let mut shown = rest
            .iter()
            .take(MAX_LABELS_LISTED)
            .cloned()
            .collect::<Vec<_>>();
        if rest.len() > MAX_LABELS_LISTED {
            shown.push(format!("and {} more", rest.len() - MAX_LABELS_LISTED));
        }
        notes.push(format!(
            "{} more PEM block(s) after the first were ignored ({}): only the first key is used",
            rest.len(),
            shown.join(", ")
        ));
    }
    if unread {
        notes.push(format!(
            "the text after the first {MAX_PEM_BLOCKS} PEM blocks was not read"
        ));
    }
    if text_outside {
        notes.push("text outside the PEM armour was ignored".into());
    }
    if block.indented {
        notes.push("indentation and trailing spaces were removed".into());
    }
    if block.blank_lines {
        notes.push("blank lines inside the PEM body were ignored".into());
    }
    Ok(block)
}

/// Splits a line at every `-----BEGIN …-----` / `-----END …-----`, so a PEM collapsed
/// onto one line (newlines turned into spaces) becomes lines again.
///
/// One pass: each keyword is searched for at most once per occurrence (see
/// [`Boundaries`]), so a mebibyte of boundaries on one line costs a mebibyte of
/// scanning, not a search of the rest of the line per boundary.
fn split_boundaries(line: &str) -> Vec<&str> {
    let mut pieces = Vec::new();
    let mut boundaries = Boundaries::new(line);
    let mut pos = 0;
    while let Some((start, end)) = boundaries.next_from(pos) {
        let (Some(head), Some(boundary)) = (line.get(pos..start), line.get(start..end)) else {
            break;
        };
        if !head.trim().is_empty() {
            pieces.push(head);
        }
        pieces.push(boundary);
        pos = end;
    }
    let rest = line.get(pos..).unwrap_or_default();
    if !rest.trim().is_empty() {
        pieces.push(rest);
    }
    if pieces.len() <= 1 {
        vec![line]
    } else {
        pieces
    }
}

/// Finds the `-----BEGIN …-----` and `-----END …-----` boundaries of a line from
/// left to right in linear time: the next occurrence of each keyword is remembered
/// until the scan has moved past it, so no part of the line is searched twice for
/// the same keyword.
struct Boundaries<'a> {
    text: &'a str,
    /// Per keyword: the next occurrence at or after the last search position, or
    /// `None` when there is none left.
    next: [Option<usize>; 2],
}

impl<'a> Boundaries<'a> {
    const KEYWORDS: [&'static str; 2] = ["-----BEGIN", "-----END"];

    fn new(text: &'a str) -> Self {
        let next = Self::KEYWORDS.map(|kw| text.find(kw));
        Boundaries { text, next }
    }

    /// The next occurrence of keyword `i` at or after `pos`.
    fn keyword_at_or_after(&mut self, i: usize, pos: usize) -> Option<usize> {
        let known = self.next[i]?;
        if known >= pos {
            return Some(known);
        }
        // The remembered occurrence was passed: search again from `pos`, which is
        // beyond it, so the regions searched never overlap.
        self.next[i] = self
            .text
            .get(pos..)
            .and_then(|rest| rest.find(Self::KEYWORDS[i]))
            .map(|at| at + pos);
        self.next[i]
    }

    /// The byte range of the first boundary that starts at or after `pos` (extended
    /// over extra dashes on either side), or `None` when there is none, or the first
    /// keyword found has no closing dashes.
    fn next_from(&mut self, pos: usize) -> Option<(usize, usize)> {
        let (at, keyword_len) = (0..2)
            .filter_map(|i| {
                self.keyword_at_or_after(i, pos)
                    .map(|at| (at, Self::KEYWORDS[i].len()))
            })
            .min()?;
        let text = self.text;
        let after = at + keyword_len;
        let close = text.get(after..)?.find("-----")?;
        let start = pos + text.get(pos..at)?.trim_end_matches('-').len();
        let mut end = after + close + 5;
        while text.get(end..).is_some_and(|tail| tail.starts_with('-')) {
            end += 1;
        }
        Some((start, end))
    }
}

/// Classifies a trimmed line: `None` for body or surrounding text, a boundary, or an
/// error naming the damage and the corrected line.
fn classify(line: &str, number: usize) -> Result<Option<Boundary>> {
    if !boundary_like(line) {
        return Ok(None);
    }
    let leading = line.len() - line.trim_start_matches('-').len();
    let trailing = line.len() - line.trim_end_matches('-').len();
    let inner = line.trim_matches('-');
    let upper = inner.to_ascii_uppercase();
    let spaced = upper.trim_start();
    let (is_begin, label) = if let Some(label) = spaced.strip_prefix("BEGIN") {
        (true, label)
    } else if let Some(label) = spaced.strip_prefix("END") {
        (false, label)
    } else {
        return Ok(None);
    };
    if label.trim_start().starts_with("SSH2 ") {
        return Err(Error::new(
            ErrorKind::KeyFormat,
            "an SSH2 public key (RFC 4716) is not supported: convert it with `ssh-keygen -i -m PKCS8 -f key.pub`",
        ));
    }
    let keyword = if is_begin { "BEGIN" } else { "END" };
    let clean_label = label.split_whitespace().collect::<Vec<_>>().join(" ");

    let mut problems = Vec::new();
    if spaced.len() != upper.len() {
        problems.push(format!("there is a space between the dashes and {keyword}"));
    }
    if leading != 5 {
        problems.push(format!("it starts with {leading} dashes, not 5"));
    }
    if trailing != 5 {
        problems.push(format!("it ends with {trailing} dashes, not 5"));
    }
    if inner != upper {
        problems.push(format!("{keyword} and the label are upper case"));
    }
    if !label.starts_with(' ') || label.trim_start() != clean_label || label.trim_end() != label {
        problems.push(format!(
            "there is one space between {keyword} and the label, and none before the dashes"
        ));
    }
    if clean_label.is_empty() {
        problems.push("the label is missing".into());
    }
    if problems.is_empty() {
        let label = clean_label;
        return Ok(Some(if is_begin {
            Boundary::Begin(label)
        } else {
            Boundary::End(label)
        }));
    }
    Err(armour_error(format!(
        "line {number}: damaged PEM {keyword} line \"{line}\": {}; it should read \"-----{keyword} {}-----\"",
        problems.join(", "),
        if clean_label.is_empty() { "LABEL" } else { &clean_label }
    )))
}

/// The key format a PEM label announces (RFC 7468 §5–§13, RFC 8017 Appendix A.1,
/// RFC 5915 §4), or why it is not supported.
fn format_for_label(label: &str) -> Result<KeyFormat> {
    let format = match label {
        "PUBLIC KEY" => KeyFormat::PemSpki,
        "RSA PUBLIC KEY" => KeyFormat::PemPkcs1Public,
        "CERTIFICATE" => KeyFormat::PemCertificate,
        "PRIVATE KEY" => KeyFormat::PemPkcs8,
        "RSA PRIVATE KEY" => KeyFormat::PemPkcs1Private,
        "EC PRIVATE KEY" => KeyFormat::PemSec1,
        _ => return Err(Error::new(ErrorKind::KeyFormat, unsupported_label(label))),
    };
    Ok(format)
}

// A form the first load never reads: kept out of line so the split moves it
// (ARCHITECTURE.md, "The first load and the rest").
#[inline(never)]
fn unsupported_label(label: &str) -> String {
    match label {
        "ENCRYPTED PRIVATE KEY" => "an ENCRYPTED PRIVATE KEY (password-protected PKCS#8) is not supported: encrypted keys are not decrypted here; decrypt it first with `openssl pkcs8 -in key.pem -out key-decrypted.pem` (it asks for the passphrase) and paste the result".into(),
        "OPENSSH PRIVATE KEY" => "an OPENSSH PRIVATE KEY is not supported: convert a copy to PKCS#8 with `ssh-keygen -p -m PKCS8 -f copy-of-key` (it rewrites that file)".into(),
        "CERTIFICATE REQUEST" | "NEW CERTIFICATE REQUEST" => "a CERTIFICATE REQUEST (CSR) is not supported: extract its public key with `openssl req -in csr.pem -pubkey -noout`".into(),
        "X509 CRL" => "an X509 CRL (revocation list) holds no key".into(),
        "TRUSTED CERTIFICATE" => "an OpenSSL TRUSTED CERTIFICATE is not supported: convert it with `openssl x509 -in cert.pem -out plain.pem`".into(),
        "DSA PRIVATE KEY" | "DSA PUBLIC KEY" => format!("a {label} is not supported: JWS has no DSA algorithm"),
        "EC PARAMETERS" => "EC PARAMETERS holds only a curve name, not a key".into(),
        _ if label.starts_with("PGP ") => format!("\"{label}\" is OpenPGP armour, not a PEM key"),
        _ => format!(
            "unknown PEM label \"{label}\": supported are PUBLIC KEY, RSA PUBLIC KEY, CERTIFICATE, PRIVATE KEY, RSA PRIVATE KEY and EC PRIVATE KEY"
        ),
    }
}

/// Checks the body's characters (with the one [`b64::Scanner`]) and length, then
/// decodes it as canonical standard base64 (RFC 7468 §3).
fn decode_body(block: &Block, notes: &mut Vec<String>) -> Result<Vec<u8>> {
    let mut body = String::new();
    let mut widths = Vec::new();
    let mut inner_spaces = false;
    // One scanner over the whole body (its offsets are those of `body`), so padding
    // on one line is seen by the next; the line of the first '=' is kept for messages.
    let mut scanner = b64::Scanner::new(Alphabet::Standard);
    let mut padding_line: Option<usize> = None;
    for (number, line) in &block.body {
        if line.contains(':') {
            let upper = line.to_ascii_uppercase();
            if upper.contains("ENCRYPTED") || upper.starts_with("DEK-INFO") {
                return Err(Error::new(
                    ErrorKind::KeyFormat,
                    format!(
                        "a password-protected {} (legacy Proc-Type: 4,ENCRYPTED PEM) is not supported: encrypted keys are not decrypted here; decrypt it first with `openssl pkey -in key.pem -out key-decrypted.pem` and paste the result",
                        block.label
                    ),
                ));
            }
            return Err(armour_error(format!(
                "line {number}: header \"{line}\" inside the armour: RFC 7468 PEM has no headers"
            )));
        }
        let mut width = 0;
        for (column, (_, c)) in line.char_indices().enumerate() {
            match scanner.classify(body.len(), c) {
                Char::Digit => body.push(c),
                Char::Padding => {
                    padding_line.get_or_insert(*number);
                    body.push(c);
                }
                Char::Whitespace => {
                    inner_spaces = true;
                    continue;
                }
                Char::OtherAlphabet => {
                    return Err(Error::new(
                        ErrorKind::KeyEncoding,
                        format!(
                            "line {number}, column {}: '{c}' belongs to base64url; a PEM body is standard base64 ('+' and '/')",
                            column + 1
                        ),
                    ));
                }
                Char::AfterPadding { .. } => {
                    return Err(Error::new(
                        ErrorKind::KeyEncoding,
                        format!(
                            "line {number}, column {}: base64 after the '=' padding of line {}: the body looks like two pieces joined together",
                            column + 1,
                            padding_line.unwrap_or(*number)
                        ),
                    ));
                }
                Char::Invalid => {
                    return Err(Error::new(
                        ErrorKind::KeyEncoding,
                        format!(
                            "line {number}, column {}: {} is not a base64 character",
                            column + 1,
                            b64::shown(c)
                        ),
                    ));
                }
            }
            width += 1;
        }
        widths.push(width);
    }
    if inner_spaces {
        notes.push("spaces inside the base64 body were ignored".into());
    }
    if body.is_empty() {
        return Err(armour_error(format!(
            "the {} block begun at line {} has no body",
            block.label, block.begin_line
        )));
    }
    if !body.len().is_multiple_of(4) {
        return Err(armour_error(format!(
            "the base64 body is truncated: {} characters is not a multiple of 4, so the last line looks cut off (or its '=' padding is missing)",
            body.len()
        )));
    }
    if let Some((_, full)) = widths.split_last() {
        if full.iter().any(|&w| w != 64) {
            let first = full.first().copied().unwrap_or_default();
            if full.iter().all(|&w| w == first) {
                notes.push(format!(
                    "the base64 body is wrapped at {first} characters, not 64 (tolerated)"
                ));
            } else {
                notes.push("the base64 lines have uneven widths (tolerated)".into());
            }
        } else if full.is_empty() && body.len() > 64 && !inner_spaces {
            notes.push("the base64 body is on one line (tolerated)".into());
        }
    }

    b64::decode_standard_strict(&body).map_err(|e| {
        Error::new(
            ErrorKind::KeyEncoding,
            format!("the base64 body does not decode: {}", e.message),
        )
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    fn kind(text: &str) -> Option<ErrorKind> {
        parse_pem(text).err().map(|e| e.kind())
    }

    fn message(text: &str) -> String {
        parse_pem(text)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default()
    }

    const BODY: &str = "MCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=";

    #[test]
    fn detection() {
        assert!(looks_like_pem("-----BEGIN PUBLIC KEY-----"));
        assert!(looks_like_pem("x\n----BEGIN PUBLIC KEY-----\n"));
        assert!(looks_like_pem("-----END PUBLIC KEY-----"));
        assert!(!looks_like_pem("my-secret-begin"));
        assert!(!looks_like_pem("{\"kty\":\"oct\"}"));
        // base64url has `-` and letters: a JWK's `n` can hold the characters of a
        // boundary (found by fuzzing parse_key: fuzz/regressions/parse_key/).
        assert!(!looks_like_pem(
            "{\"kty\":\"RSA\",\"n\":\"xv4B-----BEGINry6M\",\"e\":\"AQAB\"}"
        ));
        assert!(!looks_like_pem("{\"n\":\"ab-----ENDx_\"}"));
        assert!(looks_like_pem(
            "{\"pem\":\"-----BEGIN PUBLIC KEY-----\\nMIIB\"}"
        ));
        assert!(looks_like_pem("key: -----BEGIN-----"));
    }

    #[test]
    fn clean_ed25519_spki() {
        let text = format!("-----BEGIN PUBLIC KEY-----\n{BODY}\n-----END PUBLIC KEY-----\n");
        let key = parse_pem(&text);
        assert!(key.is_ok(), "{key:?}");
        assert_eq!(
            key.map(|k| k.notes).unwrap_or_default(),
            Vec::<String>::new()
        );
    }

    #[test]
    fn tolerated_damage_is_noted() {
        let text = format!(
            "my key:\r\n   -----BEGIN PUBLIC KEY-----  \r\n   {BODY}\r\n   -----END PUBLIC KEY-----\r\nthanks"
        );
        let notes = parse_pem(&text).map(|k| k.notes).unwrap_or_default();
        let all = notes.join(" | ");
        assert!(all.contains("CRLF"), "{all}");
        assert!(all.contains("indentation"), "{all}");
        assert!(all.contains("outside"), "{all}");
    }

    #[test]
    fn one_line_and_escaped_newlines() {
        let one = format!("-----BEGIN PUBLIC KEY----- {BODY} -----END PUBLIC KEY-----");
        assert!(parse_pem(&one).is_ok(), "{:?}", parse_pem(&one));
        let escaped = format!("-----BEGIN PUBLIC KEY-----\\n{BODY}\\n-----END PUBLIC KEY-----\\n");
        let key = parse_pem(&escaped);
        assert!(key.is_ok(), "{key:?}");
    }

    #[test]
    fn armour_errors() {
        let four = format!("----BEGIN PUBLIC KEY-----\n{BODY}\n-----END PUBLIC KEY-----\n");
        assert_eq!(kind(&four), Some(ErrorKind::KeyPemArmour));
        assert!(message(&four).contains("4 dashes"), "{}", message(&four));
        assert!(message(&four).contains("\"-----BEGIN PUBLIC KEY-----\""));

        let lower = format!("-----begin public key-----\n{BODY}\n-----END PUBLIC KEY-----\n");
        assert_eq!(kind(&lower), Some(ErrorKind::KeyPemArmour));

        let no_end = format!("-----BEGIN PUBLIC KEY-----\n{BODY}\n");
        assert_eq!(kind(&no_end), Some(ErrorKind::KeyPemArmour));
        assert!(message(&no_end).contains("no END line"));

        let no_begin = format!("{BODY}\n-----END PUBLIC KEY-----\n");
        assert_eq!(kind(&no_begin), Some(ErrorKind::KeyPemArmour));
        assert!(message(&no_begin).contains("without a BEGIN"));

        let mismatch = format!("-----BEGIN PUBLIC KEY-----\n{BODY}\n-----END PRIVATE KEY-----\n");
        assert_eq!(kind(&mismatch), Some(ErrorKind::KeyPemArmour));
        assert!(message(&mismatch).contains("do not match"));

        let truncated = format!(
            "-----BEGIN PUBLIC KEY-----\n{}\n-----END PUBLIC KEY-----\n",
            &BODY[..BODY.len() - 3]
        );
        assert_eq!(kind(&truncated), Some(ErrorKind::KeyPemArmour));
        assert!(message(&truncated).contains("truncated"));

        let empty = "-----BEGIN PUBLIC KEY-----\n-----END PUBLIC KEY-----\n";
        assert_eq!(kind(empty), Some(ErrorKind::KeyPemArmour));
    }

    #[test]
    fn body_errors() {
        let bad = format!(
            "-----BEGIN PUBLIC KEY-----\n{}*\n-----END PUBLIC KEY-----\n",
            &BODY[..BODY.len() - 1]
        );
        assert_eq!(kind(&bad), Some(ErrorKind::KeyEncoding));
        assert!(
            message(&bad).contains("line 2, column 60"),
            "{}",
            message(&bad)
        );
        let url = format!(
            "-----BEGIN PUBLIC KEY-----\n{}\n-----END PUBLIC KEY-----\n",
            BODY.replacen('K', "-", 1)
        );
        assert_eq!(kind(&url), Some(ErrorKind::KeyEncoding));
    }

    #[test]
    fn labels() {
        let enc = format!(
            "-----BEGIN ENCRYPTED PRIVATE KEY-----\n{BODY}\n-----END ENCRYPTED PRIVATE KEY-----\n"
        );
        assert_eq!(kind(&enc), Some(ErrorKind::KeyFormat));
        assert!(message(&enc).contains("openssl pkcs8"));
        let odd = format!("-----BEGIN FOO BAR-----\n{BODY}\n-----END FOO BAR-----\n");
        assert_eq!(kind(&odd), Some(ErrorKind::KeyFormat));
        assert!(message(&odd).contains("\"FOO BAR\""));
        let legacy = format!(
            "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-256-CBC,00\n\n{BODY}\n-----END RSA PRIVATE KEY-----\n"
        );
        assert_eq!(kind(&legacy), Some(ErrorKind::KeyFormat));
    }

    #[test]
    fn der_under_the_wrong_label() {
        let text = format!("-----BEGIN PRIVATE KEY-----\n{BODY}\n-----END PRIVATE KEY-----\n");
        assert_eq!(kind(&text), Some(ErrorKind::KeyEncoding));
        assert!(message(&text).contains("PUBLIC KEY"), "{}", message(&text));
    }

    #[test]
    fn split_matches_the_boundaries_in_order() {
        assert_eq!(
            split_boundaries("a -----END A----- b ------BEGIN B------ c"),
            vec!["a ", "-----END A-----", " b ", "------BEGIN B------", " c"]
        );
        assert_eq!(
            split_boundaries("-----BEGIN-----END X-----"),
            vec!["-----BEGIN-----", "END X-----"]
        );
        // A keyword without closing dashes ends the splitting.
        assert_eq!(
            split_boundaries("-----END A----- x -----BEGIN B"),
            vec!["-----END A-----", " x -----BEGIN B"]
        );
        let many = "-----END X-----".repeat(1000);
        assert_eq!(split_boundaries(&many).len(), 1000);
    }

    #[test]
    fn split_keeps_pieces() {
        assert_eq!(
            split_boundaries("-----BEGIN A----- xyz -----END A-----"),
            vec!["-----BEGIN A-----", " xyz ", "-----END A-----"]
        );
        assert_eq!(split_boundaries("abc"), vec!["abc"]);
        assert_eq!(
            split_boundaries("  -----BEGIN A-----  "),
            vec!["  -----BEGIN A-----  "]
        );
    }
}
