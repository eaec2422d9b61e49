//! Decoding one segment: base64url findings as problems pinned to the segment and
//! byte (RFC 7515 §2), then UTF-8 and JSON for the header and payload (RFC 7515
//! §4, RFC 7519 §7.2).

use std::str::Utf8Error;

use serde_json::Value;

use super::{Decoded, Part};
use crate::jose::b64;
use crate::jose::error::ErrorKind;
use crate::jose::json;
#[cfg(doc)]
use crate::jose::problem::Problem;
use crate::jose::problem::{SegmentName, Severity};

/// Records base64url findings for `segment` (padding and stray bits are warnings).
///
/// Like every problem's, their messages do not name the segment: [`Problem::segment`]
/// does, and whoever shows a problem puts it in front ([`Problem::to_error`]).
pub(super) fn push_b64_issues(d: &mut Decoded, segment: SegmentName, issues: Vec<b64::B64Issue>) {
    for issue in issues {
        let severity = match issue.kind {
            ErrorKind::Base64Padding | ErrorKind::Base64TrailingBits => Severity::Warning,
            _ => Severity::Error,
        };
        d.problem(
            issue.kind,
            severity,
            Some(segment),
            Some(issue.offset),
            issue.message,
        );
    }
}

/// Decodes one base64url JSON segment; `must_be_object` for headers (RFC 7515 §4).
pub(super) fn decode_json_part(
    d: &mut Decoded,
    segment: SegmentName,
    text: &str,
    must_be_object: bool,
) -> Option<Part> {
    if text.is_empty() {
        if segment == SegmentName::Payload {
            // RFC 7515 Appendix F: detached content leaves the payload segment empty;
            // an empty payload is also simply allowed.
            d.problem(
                ErrorKind::Base64Length,
                Severity::Info,
                Some(segment),
                Some(0),
                "the segment is empty (detached content, RFC 7515 Appendix F, or an empty payload): the signature covers an empty payload",
            );
            return Some(Part {
                bytes: Vec::new(),
                text: String::new(),
                json: None,
            });
        }
        d.problem(
            ErrorKind::Base64Length,
            Severity::Error,
            Some(segment),
            Some(0),
            "the segment is empty",
        );
        return None;
    }
    let (bytes, issues) = b64::decode_lenient(text);
    push_b64_issues(d, segment, issues);
    let bytes = bytes?;
    let text = match String::from_utf8(bytes.clone()) {
        Ok(t) => t,
        Err(e) => return Some(not_utf8(d, segment, bytes, e.utf8_error())),
    };
    let (value, issue) = json::parse(&text);
    if let Some(issue) = issue {
        let severity = if must_be_object || issue.kind == ErrorKind::JsonDuplicateMember {
            Severity::Error
        } else {
            // A JWS payload may be any bytes (RFC 7515 §7.1); a JWT's is JSON.
            Severity::Warning
        };
        let what = if issue.kind == ErrorKind::JsonSyntax {
            "text is not valid JSON"
        } else {
            "JSON has a problem"
        };
        let message = if text.starts_with('\u{FEFF}') {
            "the decoded text starts with a byte order mark (U+FEFF), which JSON text must not have (RFC 8259 §8.1)".to_string()
        } else {
            format!(
                "the decoded {what} at line {}, column {}: {}",
                issue.line, issue.column, issue.message
            )
        };
        d.problem(
            issue.kind,
            severity,
            Some(segment),
            Some(issue.offset),
            message,
        );
    }
    if let Some(v) = &value {
        if !v.is_object() {
            let kind_name = match v {
                Value::Array(_) => "an array",
                Value::String(_) => "a string",
                Value::Number(_) => "a number",
                Value::Bool(_) => "a boolean",
                _ => "null",
            };
            d.problem(
                ErrorKind::JsonNotObject,
                if must_be_object {
                    Severity::Error
                } else {
                    Severity::Warning
                },
                Some(segment),
                Some(0),
                format!("the decoded JSON is {kind_name}, not an object"),
            );
        }
    }
    Some(Part {
        bytes,
        text,
        json: value,
    })
}

/// The most decoded bytes shown in hex when a segment is not UTF-8.
const MAX_HEX_BYTES: usize = 256;

/// A segment whose bytes are not UTF-8, reported at the first bad byte (or where a
/// character is cut short), and shown as bytes, in hex: text with replacement
/// characters would be noise that looks like data. A payload meant as a claims set
/// is the exception ([`readable_payload`]).
fn not_utf8(d: &mut Decoded, segment: SegmentName, bytes: Vec<u8>, e: Utf8Error) -> Part {
    let at = e.valid_up_to();
    let what = match e.error_len() {
        Some(_) => format!("invalid byte 0x{:02x} at", bytes[at]),
        None => "the bytes end inside a character that starts at".to_string(),
    };
    let message = format!("the decoded bytes are not UTF-8: {what} decoded byte {at}");
    if segment == SegmentName::Payload && bytes.trim_ascii_start().starts_with(b"{") {
        return readable_payload(d, bytes, at, message);
    }
    d.problem(
        ErrorKind::Utf8,
        Severity::Error,
        Some(segment),
        Some(at),
        message,
    );
    Part {
        text: hex_text(&bytes),
        bytes,
        json: None,
    }
}

/// A payload meant as a claims set (it starts with `{`) whose bytes are not UTF-8:
/// shown as its text with U+FFFD for each bad sequence, and the JSON read from
/// that, so its claims and times can be seen ("decode never gives up").
/// `claims::claims_set` reads the bytes again and refuses them, so nothing read
/// this way passes. Out of line: the page's first load decodes no such payload.
#[inline(never)]
fn readable_payload(d: &mut Decoded, bytes: Vec<u8>, at: usize, message: String) -> Part {
    d.problem(
        ErrorKind::Utf8,
        Severity::Error,
        Some(SegmentName::Payload),
        Some(at),
        format!("{message} (shown with U+FFFD in its place; the claims are for reading only)"),
    );
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let json = json::parse(&text).0.filter(Value::is_object);
    Part { bytes, text, json }
}

/// Bytes that are not UTF-8 text, for people: `not UTF-8 text: 12 bytes, in hex: 8a 2b …`.
fn hex_text(bytes: &[u8]) -> String {
    let shown = bytes.get(..MAX_HEX_BYTES).unwrap_or(bytes);
    let hex: Vec<String> = shown.iter().map(|b| format!("{b:02x}")).collect();
    format!(
        "not UTF-8 text: {} bytes, in hex: {}{}",
        bytes.len(),
        hex.join(" "),
        if bytes.len() > shown.len() {
            " …"
        } else {
            ""
        }
    )
}
