//! JSON parsing for JOSE headers and claims: positions for errors and duplicate
//! member detection (RFC 7515 §5.2, RFC 7519 §4, RFC 8725 §3.x: a parser that
//! silently keeps one of two `alg` members is an attack surface).

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use super::error::ErrorKind;

/// The deepest nesting of arrays and objects any JSON text may have: what serde_json's
/// recursion limit (128) lets through, pinned by a test. It applies to the token's
/// header and payload and to JWK text alike. One more level is a syntax error
/// ("recursion limit exceeded"), so hostile input cannot exhaust the stack.
pub const MAX_JSON_DEPTH: usize = 127;

/// Why a JSON text was not accepted as it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonIssue {
    /// `JsonSyntax` or `JsonDuplicateMember`.
    pub kind: ErrorKind,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// Byte offset in the text.
    pub offset: usize,
    /// What the parser said.
    pub message: String,
}

/// JSON pretty-printed with two spaces, members in their order (the page's header and
/// payload boxes, the CLI's output). Serialising a `Value` cannot fail.
pub fn pretty(value: &Value) -> String {
    serde_json::to_string_pretty(value).unwrap_or_default()
}

/// Parses JSON text, returning the value (the lexically last of duplicate members
/// wins, as RFC 7515 §5.2 allows for display) and the first problem found.
///
/// Nesting depth is bounded by [`MAX_JSON_DEPTH`], so hostile input cannot exhaust
/// the stack.
pub fn parse(text: &str) -> (Option<Value>, Option<JsonIssue>) {
    match serde_json::from_str::<Value>(text) {
        Err(e) => (None, Some(issue(text, ErrorKind::JsonSyntax, &e))),
        Ok(value) => match serde_json::from_str::<NoDuplicates>(text) {
            Ok(_) => (Some(value), None),
            Err(e) => (
                Some(value),
                Some(issue(text, ErrorKind::JsonDuplicateMember, &e)),
            ),
        },
    }
}

fn issue(text: &str, kind: ErrorKind, e: &serde_json::Error) -> JsonIssue {
    let (line, column) = (e.line(), e.column());
    let offset = offset_of(text, line, column);
    let full = e.to_string();
    // serde_json appends " at line L column C"; we report those as fields.
    let message = match full.rfind(" at line ") {
        Some(i) => full[..i].to_string(),
        None => full,
    };
    JsonIssue {
        kind,
        line,
        column,
        offset,
        message,
    }
}

fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    (line_start + column.saturating_sub(1)).min(text.len())
}

/// Deserialises any JSON, failing on the first object with a repeated member name.
struct NoDuplicates;

impl<'de> Deserialize<'de> for NoDuplicates {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(NoDuplicatesVisitor)
    }
}

struct NoDuplicatesVisitor;

impl<'de> Visitor<'de> for NoDuplicatesVisitor {
    type Value = NoDuplicates;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<NoDuplicates, A::Error> {
        // The names seen so far, as a serde_json map: the one map type the page
        // links anyway (a `HashSet` would add std's hasher and another table).
        let mut seen = serde_json::Map::new();
        while let Some(name) = map.next_key::<String>()? {
            if seen.insert(name.clone(), Value::Null).is_some() {
                return Err(de::Error::custom(format!(
                    "duplicate member \"{name}\" (RFC 7515 §5.2: a JWS with duplicate names is rejected)"
                )));
            }
            map.next_value::<NoDuplicates>()?;
        }
        Ok(NoDuplicates)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<NoDuplicates, A::Error> {
        while seq.next_element::<NoDuplicates>()?.is_some() {}
        Ok(NoDuplicates)
    }

    fn visit_bool<E>(self, _: bool) -> Result<NoDuplicates, E> {
        Ok(NoDuplicates)
    }
    fn visit_i64<E>(self, _: i64) -> Result<NoDuplicates, E> {
        Ok(NoDuplicates)
    }
    fn visit_u64<E>(self, _: u64) -> Result<NoDuplicates, E> {
        Ok(NoDuplicates)
    }
    fn visit_f64<E>(self, _: f64) -> Result<NoDuplicates, E> {
        Ok(NoDuplicates)
    }
    fn visit_str<E>(self, _: &str) -> Result<NoDuplicates, E> {
        Ok(NoDuplicates)
    }
    fn visit_unit<E>(self) -> Result<NoDuplicates, E> {
        Ok(NoDuplicates)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ok_object() {
        let (v, issue) = parse(r#"{"a":1,"b":[1,{"c":2}]}"#);
        assert!(issue.is_none());
        assert_eq!(v.and_then(|v| v.get("a").cloned()), Some(Value::from(1)));
    }

    #[test]
    fn duplicate_is_found_even_when_escaped_and_nested() {
        let (v, issue) = parse("{\"x\":{\"alg\":\"HS256\",\n\"\\u0061lg\":\"none\"}}");
        let issue = issue.map(|i| (i.kind, i.line, i.message));
        assert!(v.is_some());
        let (kind, line, message) = issue.unwrap_or((ErrorKind::Empty, 0, String::new()));
        assert_eq!(kind, ErrorKind::JsonDuplicateMember);
        assert_eq!(line, 2);
        assert!(message.contains("\"alg\""), "{message}");
    }

    #[test]
    fn syntax_error_has_position() {
        let (v, issue) = parse("{\"a\":1,\n  \"b\" 2}");
        assert!(v.is_none());
        let issue = issue.map(|i| (i.kind, i.line, i.column, i.offset));
        assert_eq!(issue, Some((ErrorKind::JsonSyntax, 2, 7, 14)));
    }

    #[test]
    fn max_json_depth_is_serde_jsons_limit() {
        let nested = |depth: usize| format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        assert!(parse(&nested(MAX_JSON_DEPTH)).1.is_none());
        let (v, issue) = parse(&nested(MAX_JSON_DEPTH + 1));
        assert!(v.is_none());
        assert!(issue.is_some_and(|i| i.message.contains("recursion limit")));
    }

    #[test]
    fn deep_nesting_is_bounded() {
        let text = "[".repeat(100_000);
        let (v, issue) = parse(&text);
        assert!(v.is_none() && issue.is_some());
    }
}
