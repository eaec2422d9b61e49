//! Decoding without verification: show everything that can be shown.
//!
//! [`decode_unverified`] never fails. It normalises what was pasted (a whole
//! `Authorization: Bearer …` line, quotes, line breaks), splits the compact
//! serialisation (RFC 7515 §7.1, RFC 7516 §7.1), decodes each segment as far as it
//! goes and records every problem with its segment and byte offset. The bytes of
//! each segment are kept exactly as received: verification signs over them, never
//! over a re-serialisation.
//!
//! Nothing here says whether a token can be trusted: that is
//! [`super::verify`](mod@super::verify).
//!
//! `normalise` cleans up the pasted text; `segment` decodes one segment (base64url,
//! UTF-8, JSON); this file holds the types and the steps of [`decode_unverified`].

use std::ops::Range;

use serde_json::{Map, Value};

use super::alg::Algorithm;
use super::b64;
use super::error::{Error, ErrorKind};
use super::json;
use super::problem::{Problem, SegmentName, Severity};

mod normalise;
mod not_token;
mod segment;

pub use normalise::{kept_in_paste, normalise, InnerWhitespace, Kept};
pub use not_token::not_a_token;
use segment::{decode_json_part, push_b64_issues};

/// Tokens above this size are not decoded (only their header, if small): real JWTs
/// are a few kilobytes, and a pasted megabyte must not freeze the page. Checked after
/// normalisation and before any segment or problem is recorded (`ERR_JWT_TOO_LARGE`).
pub const MAX_TOKEN_BYTES: usize = 256 * 1024;

/// Pasted text above this size (four times [`MAX_TOKEN_BYTES`], room for a token
/// wrapped in whitespace) is refused as too large (`ERR_JWT_TOO_LARGE`) from its
/// length alone: it is neither normalised nor split, only its header is looked at.
pub const MAX_INPUT_BYTES: usize = 4 * MAX_TOKEN_BYTES;

/// The most `.`-separated segments split out of a token: a JWS has 3 and a JWE 5
/// (RFC 7515 §7.1, RFC 7516 §7.1), and a malformed token up to this many is still
/// shown segment by segment. Above it only the header is decoded, and the token is
/// refused as too large (`ERR_JWT_TOO_LARGE`) before any segment is recorded: the
/// count is taken first, without allocating.
pub const MAX_SEGMENTS: usize = 16;

/// The largest header segment decoded when a token is over [`MAX_TOKEN_BYTES`].
const MAX_HEADER_BYTES: usize = 16 * 1024;

/// What kind of compact serialisation the input looks like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenForm {
    /// Three segments: a JWS (a signed JWT).
    Jws,
    /// Five segments: a JWE (an encrypted JWT).
    Jwe,
    /// Anything else: decoded as far as possible.
    Partial,
}

impl TokenForm {
    /// Lower-case name for JSON.
    pub const fn as_str(self) -> &'static str {
        match self {
            TokenForm::Jws => "jws",
            TokenForm::Jwe => "jwe",
            TokenForm::Partial => "partial",
        }
    }
}

/// One segment of the normalised token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    /// Which segment.
    pub name: SegmentName,
    /// Its byte range in [`Decoded::token`].
    pub range: Range<usize>,
}

/// A decoded header or payload.
#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    /// The decoded bytes.
    pub bytes: Vec<u8>,
    /// The bytes as text; for bytes that are not UTF-8, a note with the first
    /// bytes in hex (never text with replacement characters).
    pub text: String,
    /// The JSON value, when the text parses.
    pub json: Option<Value>,
}

impl Part {
    /// The JSON object, when the part is one.
    pub fn object(&self) -> Option<&Map<String, Value>> {
        self.json.as_ref().and_then(Value::as_object)
    }
}

/// Everything decoded from one input, plus the problems found.
#[derive(Debug, Clone, PartialEq)]
pub struct Decoded {
    /// The token after normalisation; segment ranges index into it.
    pub token: String,
    /// What normalisation removed, in order, for people.
    pub stripped: Vec<String>,
    /// JWS, JWE or partial.
    pub form: TokenForm,
    /// The segments of `token`.
    pub segments: Vec<Segment>,
    /// The protected header.
    pub header: Option<Part>,
    /// The payload (for `b64: false`, the raw payload bytes).
    pub payload: Option<Part>,
    /// The signature bytes.
    pub signature: Option<Vec<u8>>,
    /// Every problem, in segment order.
    pub problems: Vec<Problem>,
    /// The input is not a token at all ([`not_a_token`]: a key, JSON, a UUID, text,
    /// an opaque token): nothing was decoded from it, and verification does not
    /// check it.
    pub not_a_token: bool,
    /// The text held two tokens separated by whitespace: the first is decoded, with
    /// an error that keeps it from verifying, and it is not shared as if it were
    /// what was pasted.
    pub two_tokens: bool,
}

impl Decoded {
    /// The header as an object.
    pub fn header_object(&self) -> Option<&Map<String, Value>> {
        self.header.as_ref().and_then(Part::object)
    }

    /// The payload as an object (the JWT claims set).
    pub fn claims(&self) -> Option<&Map<String, Value>> {
        self.payload.as_ref().and_then(Part::object)
    }

    /// The first error-level problem as an [`Error`] (segment named once), or
    /// `otherwise` when there is none: why a token cannot be used.
    pub fn first_error(&self, otherwise: &str) -> Error {
        self.problems
            .iter()
            .find(|p| p.severity == Severity::Error)
            .map(Problem::to_error)
            .unwrap_or_else(|| Error::new(ErrorKind::Segments, otherwise))
    }

    /// The token with its signature removed, `header.payload.` (RFC 7515 §7.1: the
    /// signature is the third segment; the dot is kept so the result is still read as
    /// a JWS, one whose signature is empty), for sharing what a token says without
    /// what proves it. `None` for anything but a JWS.
    pub fn without_signature(&self) -> Option<String> {
        if self.form != TokenForm::Jws || self.not_a_token {
            return None;
        }
        let payload = self.segments.get(1)?;
        Some(format!("{}.", self.token.get(..payload.range.end)?))
    }

    /// A string header parameter.
    pub fn header_str(&self, name: &str) -> Option<&str> {
        self.header_object()?.get(name)?.as_str()
    }

    /// The header's `alg`, parsed.
    ///
    /// # Errors
    /// `ERR_ALG_MISSING`, `ERR_ALG_UNKNOWN` or `ERR_ALG_NONE`.
    pub fn alg(&self) -> Result<Algorithm, Error> {
        match self.header_object().and_then(|h| h.get("alg")) {
            None => Err(Error::new(
                ErrorKind::AlgMissing,
                format!("the header has {NO_ALG}"),
            )),
            Some(Value::String(name)) => Algorithm::parse(name),
            Some(other) => Err(Error::new(
                ErrorKind::AlgUnknown,
                format!("\"alg\" must be a string, found {other}"),
            )),
        }
    }

    /// `b64: false` (RFC 7797 §3): the payload is used as is.
    pub fn unencoded_payload(&self) -> bool {
        self.header_object()
            .and_then(|h| h.get("b64"))
            .and_then(Value::as_bool)
            == Some(false)
    }

    /// The text of a segment as received.
    pub fn segment_text(&self, name: SegmentName) -> Option<&str> {
        let s = self.segments.iter().find(|s| s.name == name)?;
        self.token.get(s.range.clone())
    }

    /// The JWS signing input, `header "." payload` exactly as received (RFC 7515 §5.2 step 8).
    pub fn signing_input(&self) -> Option<&[u8]> {
        if self.form != TokenForm::Jws {
            return None;
        }
        let payload = self
            .segments
            .iter()
            .find(|s| s.name == SegmentName::Payload)?;
        Some(&self.token.as_bytes()[..payload.range.end])
    }

    /// The worst problem's severity, if any.
    pub fn worst(&self) -> Option<Severity> {
        self.problems.iter().map(|p| p.severity).max()
    }

    fn problem(
        &mut self,
        kind: ErrorKind,
        severity: Severity,
        segment: Option<SegmentName>,
        offset: Option<usize>,
        message: impl Into<String>,
    ) {
        self.problems.push(Problem {
            kind,
            severity,
            segment,
            offset,
            message: message.into(),
        });
    }
}

/// Decodes a token without verifying it. Never fails: see [`Decoded::problems`].
///
/// The steps, each a function below: `clean_up` the pasted text, `split` it into
/// segments under the caps, then decode the header, check its `alg` (a JWS only),
/// decode the payload and the signature. A JWE stops after its header.
pub fn decode_unverified(input: &str) -> Decoded {
    let (mut d, oversized) = clean_up(input);
    if d.token.is_empty() {
        return d.nothing_to_decode();
    }
    let split = split(&mut d, oversized.is_some());
    decode_header(&mut d, split.ranges[0].clone(), split.too_large);
    if split.too_large {
        too_large(&mut d, oversized, split.ranges.len());
    }
    // Text whose first part is no header at all may be something else entirely,
    // whatever its dots split it into (a sentence, JSON with a URL, an SSH key with
    // a host name); a lone header or header.payload is a token cut short.
    if !split.too_large && d.header_object().is_none() {
        if let Some(message) = not_a_token(input) {
            // Named for what it is; nothing decoded from it is kept (its bytes read as
            // base64url would only show as noise).
            d.header = None;
            d.form = TokenForm::Partial;
            d.problems.clear();
            d.problem(ErrorKind::Segments, Severity::Error, None, None, message);
            d.not_a_token = true;
            return d;
        }
    }
    if split.too_large {
        return d;
    }
    if d.form == TokenForm::Jwe {
        // The first whitespace in the third segment: where a second token may start.
        let gap = |p: &Problem| {
            p.kind == ErrorKind::Whitespace && p.segment == Some(SegmentName::Signature)
        };
        let no_enc = d.header_object().is_some_and(|h| !h.contains_key("enc"));
        if no_enc && d.problems.iter().any(gap) {
            if let Some(first) = first_of_two(input) {
                return first;
            }
        }
        jwe_segments(&mut d);
        return d;
    }
    check_alg(&mut d);
    if let Some(range) = split.ranges.get(1).cloned() {
        decode_payload(&mut d, range);
    }
    if let Some(range) = split.ranges.get(2).cloned() {
        decode_signature(&mut d, range);
    }
    d
}

impl Decoded {
    fn empty(token: String, stripped: Vec<String>) -> Self {
        Decoded {
            token,
            stripped,
            form: TokenForm::Partial,
            segments: Vec::new(),
            header: None,
            payload: None,
            signature: None,
            problems: Vec::new(),
            not_a_token: false,
            two_tokens: false,
        }
    }

    fn nothing_to_decode(mut self) -> Self {
        self.problem(
            ErrorKind::Empty,
            Severity::Error,
            None,
            None,
            "nothing to decode: paste a token",
        );
        self
    }
}

/// Step 1: normalises the pasted text (unless it is far over the caps) and reports
/// whitespace found inside the token. Returns the decoding so far and whether the
/// input's length when it was over [`MAX_INPUT_BYTES`].
fn clean_up(input: &str) -> (Decoded, Option<usize>) {
    // Pasted text far over the token cap is not even normalised (nor are its
    // segments counted): it is refused as too large from its length alone.
    let oversized = (input.len() > MAX_INPUT_BYTES).then_some(input.len());
    let (token, stripped, inner_whitespace) = if oversized.is_some() {
        (input.trim().to_string(), Vec::new(), None)
    } else {
        normalise(input)
    };
    let mut d = Decoded::empty(token, stripped);
    if let Some(w) = inner_whitespace {
        let names = [
            SegmentName::Header,
            SegmentName::Payload,
            SegmentName::Signature,
        ];
        d.problem(
            ErrorKind::Whitespace,
            Severity::Warning,
            names.get(w.segment).copied(),
            Some(w.offset),
            format!(
                "{} whitespace character(s) inside the token (the first at byte {} of segment {}) were removed to decode it; a compact JWS has none (RFC 7515 §7.1), so the token as pasted does not verify — paste it on one line",
                w.count,
                w.offset,
                w.segment + 1
            ),
        );
    }
    (d, oversized)
}

/// The segments' byte ranges, and whether the token is too large to decode past
/// its header.
struct Split {
    /// At least one range (the header's).
    ranges: Vec<Range<usize>>,
    too_large: bool,
}

/// Step 2: splits the token at its dots (RFC 7515 §7.1, RFC 7516 §7.1) under the
/// caps, names the segments and the form, and reports a wrong segment count.
fn split(d: &mut Decoded, oversized: bool) -> Split {
    // The caps, before anything is recorded: the segment count is taken without
    // allocating, and over MAX_SEGMENTS (or MAX_INPUT_BYTES) only the header's range
    // is kept.
    let count = if oversized {
        0
    } else {
        d.token.bytes().filter(|&b| b == b'.').count() + 1
    };
    let too_many = count > MAX_SEGMENTS;
    let header_only = oversized || too_many;
    let too_large = header_only || d.token.len() > MAX_TOKEN_BYTES;
    let mut ranges = Vec::new();
    if header_only {
        ranges.push(0..d.token.find('.').unwrap_or(d.token.len()));
    } else {
        let mut start = 0;
        for (i, b) in d.token.bytes().enumerate() {
            if b == b'.' {
                ranges.push(start..i);
                start = i + 1;
            }
        }
        ranges.push(start..d.token.len());
    }

    if too_large {
        // First among the problems; its message, once the header has been tried
        // (`too_large`).
        d.problem(ErrorKind::TooLarge, Severity::Error, None, None, "");
    }

    let names: &[SegmentName] = match ranges.len() {
        3 => {
            d.form = TokenForm::Jws;
            &[
                SegmentName::Header,
                SegmentName::Payload,
                SegmentName::Signature,
            ]
        }
        5 => {
            d.form = TokenForm::Jwe;
            &[
                SegmentName::Header,
                SegmentName::EncryptedKey,
                SegmentName::Iv,
                SegmentName::Ciphertext,
                SegmentName::Tag,
            ]
        }
        _ => &[
            SegmentName::Header,
            SegmentName::Payload,
            SegmentName::Signature,
        ],
    };
    for (i, range) in ranges.iter().enumerate() {
        let name = names.get(i).copied().unwrap_or(SegmentName::Extra);
        d.segments.push(Segment {
            name,
            range: range.clone(),
        });
    }
    match ranges.len() {
        3 | 5 => {}
        _ if header_only => {}
        n => {
            let what = match n {
                1 => "only a header (no '.' found): the payload and signature are missing".to_string(),
                2 => "header and payload but no signature segment: a JWS has a second '.' (even with an empty signature)".to_string(),
                _ => format!("{n} segments: a JWS has 3 (header.payload.signature), a JWE 5"),
            };
            d.problem(
                ErrorKind::Segments,
                Severity::Error,
                None,
                None,
                format!("expected 3 segments, found {what}"),
            );
        }
    }
    Split { ranges, too_large }
}

/// The too-large error's message (`ERR_JWT_TOO_LARGE`, recorded first by `split`):
/// what was over which cap, and what is shown instead (the header, when it was
/// small enough to decode and did). Out of line: the first load never meets a token too large.
#[inline(never)]
fn too_large(d: &mut Decoded, oversized: Option<usize>, segments: usize) {
    let over = match oversized {
        Some(len) => format!(
            "the pasted text is {len} bytes; jwtscope reads up to {MAX_INPUT_BYTES} bytes of pasted text"
        ),
        None if segments > 1 || d.token.len() > MAX_TOKEN_BYTES => format!(
            "the token is {} bytes; jwtscope decodes tokens up to {MAX_TOKEN_BYTES} bytes (real JWTs are a few kilobytes)",
            d.token.len()
        ),
        None => format!(
            "the token has more than {MAX_SEGMENTS} '.'-separated segments; jwtscope splits tokens of up to {MAX_SEGMENTS} (a JWS has 3, a JWE 5)"
        ),
    };
    let shown = if d.header_object().is_some() {
        "only its header is shown".to_string()
    } else if d
        .segments
        .first()
        .is_some_and(|s| s.range.len() > MAX_HEADER_BYTES)
    {
        format!("nothing of it is shown: its header alone is over {MAX_HEADER_BYTES} bytes")
    } else {
        "nothing of it could be decoded".to_string()
    };
    if let Some(p) = d
        .problems
        .iter_mut()
        .find(|p| p.kind == ErrorKind::TooLarge)
    {
        p.message = format!("{over}: {shown}");
    }
}

/// Step 3: the protected header (RFC 7515 §4), unless the token is too large and
/// the header over [`MAX_HEADER_BYTES`].
fn decode_header(d: &mut Decoded, range: Range<usize>, too_large: bool) {
    if !too_large || range.len() <= MAX_HEADER_BYTES {
        let text = d.token[range].to_string();
        d.header = decode_json_part(d, SegmentName::Header, &text, true);
    }
}

/// Two compact JWSs pasted with whitespace between them join into five segments
/// once the whitespace is removed, but a JWE's header names its `enc` (RFC 7516
/// §4.1.2). When the text inside what was pasted around it (`unwrap_paste`) splits
/// at whitespace after its second dot into a JWS with a JWS algorithm and a second
/// part that starts as a token does, the first token is decoded, with an error
/// that keeps the pair from verifying as either (two tokens are not one), and the
/// decoding says so ([`Decoded::two_tokens`]).
#[inline(never)]
fn first_of_two(input: &str) -> Option<Decoded> {
    // A comma or a quote between the two (`T1, T2`, `'T1' 'T2'` once the outer
    // quotes are gone): one ASCII byte at the end of the first, the start of the second.
    let punct = |b: Option<&u8>| usize::from(b.is_some_and(|b| b",;\"'`".contains(b)));
    let (text, mut stripped) = normalise::unwrap_paste(input);
    let mut dots = 0;
    let (end, _) = text.char_indices().find(|&(_, c)| {
        dots += usize::from(c == '.');
        dots == 2 && c.is_whitespace()
    })?;
    let (first, second) = text.split_at(end);
    let second = second.trim();
    let second = &second[punct(second.as_bytes().first())..];
    let second = &second[..second.len() - punct(second.as_bytes().last())];
    if !not_token::starts_as_token(second, true, true) {
        return None;
    }
    let mut d = decode_unverified(&first[..first.len() - punct(first.as_bytes().last())]);
    if d.form != TokenForm::Jws || d.alg().is_err() {
        return None;
    }
    stripped.append(&mut d.stripped);
    d.stripped = stripped;
    d.two_tokens = true;
    d.problem(
        ErrorKind::Segments,
        Severity::Error,
        None,
        None,
        "the text holds two tokens separated by whitespace: only the first is shown, and neither is verified; paste one token at a time",
    );
    Some(d)
}

/// A JWE's segments after its header: said to be encrypted, checked as base64url.
fn jwe_segments(d: &mut Decoded) {
    let enc = d
        .header_object()
        .and_then(|h| h.get("enc"))
        .map_or_else(|| "an unknown enc".to_string(), json::shown);
    d.problem(
        ErrorKind::Encrypted,
        Severity::Info,
        None,
        None,
        format!("this is a JWE (encrypted with {enc}): its protected header is shown; the payload stays encrypted"),
    );
    for seg in d.segments.clone().into_iter().skip(1) {
        let text = &d.token[seg.range.clone()];
        let (_, issues) = b64::decode_lenient(text);
        push_b64_issues(d, seg.name, issues);
    }
}

/// Step 4: the header's `alg` (RFC 7515 §4.1.1). A JWE's alg is a key-management
/// algorithm: only a JWS's is checked here.
fn check_alg(d: &mut Decoded) {
    match d.alg() {
        Ok(_) => {}
        Err(e) if d.header_object().is_some() => {
            let severity = if e.kind() == ErrorKind::AlgNone {
                Severity::Warning
            } else {
                Severity::Error
            };
            // The problem is pinned to the header: its message need not say so.
            let message = match e.kind() {
                ErrorKind::AlgMissing => NO_ALG.to_string(),
                _ => e.message().to_string(),
            };
            d.problem(e.kind(), severity, Some(SegmentName::Header), None, message);
        }
        Err(_) => {}
    }
}

/// A header without `alg`, said of the header.
const NO_ALG: &str = "no \"alg\" (RFC 7515 §4.1.1 requires one)";

/// Step 5: the payload, base64url JSON or, with `b64: false` (RFC 7797 §3), as is.
fn decode_payload(d: &mut Decoded, range: Range<usize>) {
    let text = d.token[range].to_string();
    if d.unencoded_payload() {
        d.problem(
            ErrorKind::UnencodedPayload,
            Severity::Info,
            Some(SegmentName::Payload),
            None,
            "\"b64\": false (RFC 7797): the payload is not base64url-encoded and is signed as is",
        );
        let json = json::parse(&text).0;
        d.payload = Some(Part {
            bytes: text.as_bytes().to_vec(),
            text,
            json,
        });
    } else {
        d.payload = decode_json_part(d, SegmentName::Payload, &text, false);
    }
}

/// Step 6: the signature bytes (RFC 7515 §7.1); empty is an error unless `alg` is
/// `none`.
fn decode_signature(d: &mut Decoded, range: Range<usize>) {
    let text = d.token[range].to_string();
    if text.is_empty() {
        let severity = if d.alg().map_err(|e| e.kind()) == Err(ErrorKind::AlgNone) {
            Severity::Info
        } else {
            Severity::Error
        };
        d.problem(
            ErrorKind::SignatureEmpty,
            severity,
            Some(SegmentName::Signature),
            None,
            "the segment is empty: nothing to verify",
        );
        d.signature = Some(Vec::new());
    } else {
        let (bytes, issues) = b64::decode_lenient(&text);
        push_b64_issues(d, SegmentName::Signature, issues);
        d.signature = bytes;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // RFC 7515 A.1's header with a compact payload, HS256.
    const JWT: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";

    fn codes(d: &Decoded) -> Vec<&'static str> {
        d.problems.iter().map(Problem::code).collect()
    }

    #[test]
    fn plain_jwt() {
        let d = decode_unverified(JWT);
        assert_eq!(d.form, TokenForm::Jws);
        assert!(d.problems.is_empty(), "{:?}", d.problems);
        assert_eq!(d.alg().ok(), Some(Algorithm::HS256));
        assert_eq!(
            d.claims()
                .and_then(|c| c.get("name"))
                .and_then(Value::as_str),
            Some("John Doe")
        );
        assert_eq!(d.signature.as_ref().map(Vec::len), Some(32));
        let input = d.signing_input().unwrap_or_default();
        assert_eq!(
            input,
            JWT.rsplit_once('.')
                .map(|p| p.0)
                .unwrap_or_default()
                .as_bytes()
        );
    }

    #[test]
    fn normalises_pasted_lines() {
        let pasted = format!(
            "  Authorization: Bearer \"{}\n{}\"\n",
            &JWT[..20],
            &JWT[20..]
        );
        let d = decode_unverified(&pasted);
        assert_eq!(d.token, JWT);
        assert_eq!(d.stripped.len(), 5, "{:?}", d.stripped);
        // The line break inside is removed to decode, and reported: it blocks verification.
        assert_eq!(codes(&d), vec!["ERR_JWT_WHITESPACE"]);
        let p = &d.problems[0];
        assert_eq!((p.segment, p.offset), (Some(SegmentName::Header), Some(20)));
    }

    #[test]
    fn spaces_in_an_unencoded_payload_are_payload() {
        let header = b64::encode(br#"{"alg":"HS256","b64":false,"crit":["b64"]}"#);
        let d = decode_unverified(&format!("{header}.a b c.c2ln"));
        assert_eq!(d.payload.map(|p| p.text), Some("a b c".to_string()));
        assert!(d.problems.iter().all(|p| p.kind != ErrorKind::Whitespace));
    }

    #[test]
    fn one_and_two_segments_still_show_the_header() {
        let head = JWT.split('.').next().unwrap_or_default();
        let d = decode_unverified(head);
        assert!(d.header_object().is_some());
        assert_eq!(codes(&d), vec!["ERR_JWT_MALFORMED"]);
        let two = JWT.rsplit_once('.').map(|p| p.0).unwrap_or_default();
        let d = decode_unverified(two);
        assert!(d.claims().is_some());
        assert_eq!(codes(&d), vec!["ERR_JWT_MALFORMED"]);
    }

    #[test]
    fn alg_none_with_empty_signature() {
        // {"alg":"none"}.{"a":1}.
        let d = decode_unverified("eyJhbGciOiJub25lIn0.eyJhIjoxfQ.");
        assert_eq!(codes(&d), vec!["ERR_ALG_NONE", "ERR_JWS_SIGNATURE_EMPTY"]);
        assert!(d.worst() < Some(Severity::Error));
        assert!(d.claims().is_some());
    }

    #[test]
    fn bad_base64_points_at_segment_and_byte() {
        let bad = JWT.replacen("eyJzdWIi", "eyJz!WIi", 1);
        let d = decode_unverified(&bad);
        let p = &d.problems[0];
        assert_eq!(
            (p.kind, p.segment, p.offset),
            (ErrorKind::Base64Char, Some(SegmentName::Payload), Some(4))
        );
        assert!(d.header_object().is_some());
    }

    #[test]
    fn invalid_json_has_line_and_column() {
        // {"alg":"HS256",} base64url
        let header = b64::encode(br#"{"alg":"HS256",}"#);
        let d = decode_unverified(&format!("{header}.e30.sig"));
        let p = d.problems.iter().find(|p| p.kind == ErrorKind::JsonSyntax);
        assert!(
            p.is_some_and(|p| p.message.contains("line 1, column 16")),
            "{:?}",
            d.problems
        );
        assert_eq!(
            d.header.as_ref().map(|h| h.text.as_str()),
            Some(r#"{"alg":"HS256",}"#)
        );
    }

    #[test]
    fn duplicate_header_member() {
        let header = b64::encode(br#"{"alg":"HS256","alg":"none"}"#);
        let d = decode_unverified(&format!("{header}.e30.c2ln"));
        assert!(codes(&d).contains(&"ERR_JSON_DUPLICATE_MEMBER"));
    }

    #[test]
    fn not_utf8_and_not_object() {
        let header = b64::encode(&[0x7b, 0xff, 0x7d]);
        let d = decode_unverified(&format!("{header}.WzFd.c2ln"));
        assert!(codes(&d).contains(&"ERR_UTF8"));
        assert!(codes(&d).contains(&"ERR_JSON_NOT_OBJECT"));
    }

    #[test]
    fn jwe_shows_its_header() {
        let header = b64::encode(br#"{"alg":"RSA-OAEP","enc":"A256GCM"}"#);
        let d = decode_unverified(&format!("{header}.a2V5.aXY.Y2lwaGVy.dGFn"));
        assert_eq!(d.form, TokenForm::Jwe);
        assert_eq!(d.header_str("enc"), Some("A256GCM"));
        assert!(codes(&d).contains(&"ERR_JWE_ENCRYPTED"));
    }

    #[test]
    fn a_byte_order_mark_is_named() {
        let bom = |json: &str| b64::encode(format!("\u{FEFF}{json}").as_bytes());
        let header = bom(r#"{"alg":"HS256"}"#);
        let payload = bom(r#"{"sub":"a"}"#);
        for token in [
            format!("{header}.e30.c2ln"),
            format!("eyJhbGciOiJIUzI1NiJ9.{payload}.c2ln"),
        ] {
            let d = decode_unverified(&token);
            let p = d.problems.iter().find(|p| p.kind == ErrorKind::JsonSyntax);
            let message = p.map(|p| p.message.as_str()).unwrap_or_default();
            assert!(message.contains("byte order mark (U+FEFF)"), "{message}");
        }
    }

    #[test]
    fn two_tokens_are_not_a_jwe() {
        for sep in [" ", "\n", "\r\n\t"] {
            let pair = format!("Bearer {JWT}{sep}{JWT}");
            let d = decode_unverified(&pair);
            assert_eq!(d.form, TokenForm::Jws, "{sep:?}");
            assert_eq!(d.token, JWT);
            assert!(d.payload.is_some());
            let error = d.problems.iter().find(|p| p.severity == Severity::Error);
            let message = error.map(|p| p.message.as_str()).unwrap_or_default();
            assert!(message.contains("two tokens"), "{sep:?}: {message}");
            assert!(!codes(&d).contains(&"ERR_JWE_ENCRYPTED"), "{:?}", codes(&d));
        }
        // Inside quotes, after a comma, or as a quoted pair: the first token itself.
        for pair in [
            format!("\"{JWT} {JWT}\""),
            format!("{JWT}, {JWT}"),
            format!("'{JWT}' '{JWT}'"),
        ] {
            let d = decode_unverified(&pair);
            assert_eq!(d.token, JWT, "{pair}");
            assert!(d.two_tokens);
            let errors: Vec<_> = d
                .problems
                .iter()
                .filter(|p| p.severity == Severity::Error)
                .collect();
            assert_eq!(errors.len(), 1, "{errors:?}");
        }
        // A second part that is no token, a header with an enc that is not a
        // string, a JWE algorithm: not two tokens.
        let enc5 = b64::encode(br#"{"alg":"dir","enc":5}"#);
        let dir = b64::encode(br#"{"alg":"dir"}"#);
        for text in [
            format!("{JWT} .."),
            format!("{JWT} a.b.c"),
            format!("{enc5}..aX Y.Y2lwaGVy.dGFn"),
            format!("{dir}..aX Y.Y2lwaGVy.dGFn"),
        ] {
            let d = decode_unverified(&text);
            assert!(!d.two_tokens, "{text}");
            assert_eq!(d.form, TokenForm::Jwe, "{text}");
        }
        // A JWE's header names its enc: one wrapped at its third segment is a JWE.
        let header = b64::encode(br#"{"alg":"RSA-OAEP","enc":"A256GCM"}"#);
        let d = decode_unverified(&format!("{header}.a2V5.aX Y.Y2lwaGVy.dGFn"));
        assert_eq!(d.form, TokenForm::Jwe);
        assert!(codes(&d).contains(&"ERR_JWE_ENCRYPTED"));
        // Whitespace elsewhere, or parts that are not three segments each: as before.
        let d = decode_unverified(&format!("{JWT}{JWT}"));
        assert_eq!(d.form, TokenForm::Jwe);
        let d = decode_unverified(&format!("{JWT}x y.z"));
        assert_eq!(d.form, TokenForm::Partial);
    }

    #[test]
    fn unencoded_payload() {
        let header = b64::encode(br#"{"alg":"HS256","b64":false,"crit":["b64"]}"#);
        let d = decode_unverified(&format!("{header}.$.02.sig"));
        // "$.02" contains a dot, so compact b64:false payloads cannot contain '.'; use a plain one.
        assert_eq!(d.form, TokenForm::Partial);
        let d = decode_unverified(&format!("{header}.$02.c2ln"));
        assert!(d.unencoded_payload());
        assert_eq!(d.payload.as_ref().map(|p| p.text.as_str()), Some("$02"));
    }

    #[test]
    fn huge_token_is_refused_quickly_but_header_shown() {
        let big = format!(
            "{}.{}.sig",
            JWT.split('.').next().unwrap_or_default(),
            "A".repeat(1 << 20)
        );
        let d = decode_unverified(&big);
        assert!(codes(&d).contains(&"ERR_JWT_TOO_LARGE"));
        assert!(d.header_object().is_some());
        assert!(d.payload.is_none());
    }
}
