//! JSON parsing for JOSE headers and claims: positions for errors and duplicate
//! member detection (RFC 7515 §5.2, RFC 7519 §4, RFC 8725 §3.x: a parser that
//! silently keeps one of two `alg` members is an attack surface).

use std::cell::Cell;
use std::fmt;

use serde::de::{self, Deserialize, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

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

/// The most characters of a value a message quotes ([`shown`]).
const MAX_SHOWN: usize = 80;

/// A value from a token as a message quotes it: compact JSON, with every character
/// that draws nothing or reorders the text around it ([`super::b64::invisible`])
/// written as a JSON escape (`"\u202e"`: the same JSON, and nothing hidden), cut
/// after [`MAX_SHOWN`] characters with "…".
pub fn shown(value: &Value) -> String {
    let mut out = String::new();
    for (i, c) in value.to_string().chars().enumerate() {
        if i == MAX_SHOWN {
            out.push('…');
            break;
        }
        if c != ' ' && super::b64::invisible(c) {
            for unit in c.encode_utf16(&mut [0; 2]) {
                out.push_str("\\u");
                for shift in [12, 8, 4, 0] {
                    out.push(char::from(
                        b"0123456789abcdef"[usize::from(*unit >> shift & 15)],
                    ));
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// A string from a token as a message quotes it: see [`shown`].
pub fn shown_str(text: &str) -> String {
    shown(&Value::String(text.to_owned()))
}

/// JSON pretty-printed with two spaces, members in their order (the page's header and
/// payload boxes, the CLI's output). Serialising a `Value` cannot fail.
pub fn pretty(value: &Value) -> String {
    serde_json::to_string_pretty(value).unwrap_or_default()
}

/// Parses JSON text, returning the value (the lexically last of duplicate members
/// wins, as RFC 7515 §5.2 allows for display) and the first problem found.
///
/// One pass reads the value and notes whether any object names a member twice; only
/// then does a second pass ([`NoDuplicates`]) find where, for the message. Nesting
/// depth is bounded by [`MAX_JSON_DEPTH`], so hostile input cannot exhaust the stack.
pub fn parse(text: &str) -> (Option<Value>, Option<JsonIssue>) {
    let repeated = Cell::new(false);
    match read(text, &repeated) {
        Err(e) => (None, Some(issue(text, ErrorKind::JsonSyntax, &e))),
        Ok(value) if !repeated.get() => (Some(value), None),
        Ok(value) => {
            let found = serde_json::from_str::<NoDuplicates>(text).err();
            let issue = found.map(|e| issue(text, ErrorKind::JsonDuplicateMember, &e));
            (Some(value), issue)
        }
    }
}

/// JSON text as a [`Value`], as `serde_json::from_str::<Value>` reads it (a member
/// named twice keeps its last value, in its first place): JWKs and worker replies,
/// which are read as JOSE libraries read them, without the duplicate check.
///
/// # Errors
/// serde_json's, with its line and column.
pub fn value(text: &str) -> Result<Value, serde_json::Error> {
    read(text, &Cell::new(false))
}

fn read(text: &str, repeated: &Cell<bool>) -> Result<Value, serde_json::Error> {
    let mut de = serde_json::Deserializer::from_str(text);
    let value = Members(repeated).deserialize(&mut de)?;
    de.end()?;
    Ok(value)
}

/// Reads any JSON into a [`Value`] and sets its cell when an object names a member
/// twice. The one reader of JSON values in the engine: serde_json's own `Value`
/// visitor would be a second copy of the same code in the page.
#[derive(Clone, Copy)]
struct Members<'a>(&'a Cell<bool>);

impl<'de> DeserializeSeed<'de> for Members<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Members<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut members = Map::new();
        while let Some(name) = map.next_key::<String>()? {
            let value = map.next_value_seed(self)?;
            if members.insert(name, value).is_some() {
                self.0.set(true);
            }
        }
        Ok(Value::Object(members))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(self)? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_bool<E>(self, b: bool) -> Result<Value, E> {
        Ok(Value::Bool(b))
    }
    fn visit_i64<E>(self, n: i64) -> Result<Value, E> {
        Ok(Value::from(n))
    }
    fn visit_u64<E>(self, n: u64) -> Result<Value, E> {
        Ok(Value::from(n))
    }
    fn visit_f64<E>(self, n: f64) -> Result<Value, E> {
        // serde_json's parser gives finite numbers only; a non-finite one is null, as
        // in serde_json's own visitor.
        Ok(Number::from_f64(n).map_or(Value::Null, Value::Number))
    }
    fn visit_str<E>(self, s: &str) -> Result<Value, E> {
        Ok(Value::String(s.to_owned()))
    }
    fn visit_string<E>(self, s: String) -> Result<Value, E> {
        Ok(Value::String(s))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
}

fn issue(text: &str, kind: ErrorKind, e: &serde_json::Error) -> JsonIssue {
    let line = e.line();
    // serde_json counts columns in bytes; people count characters. The column is
    // the characters before the offset on its line (bytes that do not continue a
    // UTF-8 sequence), plus one (serde_json's 0, the start of a line, is column 1).
    let offset = offset_of(text, line, e.column());
    let bytes = &text.as_bytes()[..offset];
    let line_start = bytes.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let before = bytes[line_start..].iter();
    let chars = before.filter(|&&b| b & 0xC0 != 0x80).count();
    let column = chars + 1;
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

/// Deserialises any JSON, failing on the first object with a repeated member name:
/// where it is, once [`Members`] has found that one is.
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
    fn values_are_shown_escaped_and_cut() {
        assert_eq!(shown_str("HS256"), "\"HS256\"");
        assert_eq!(shown_str("HS256\u{200B}"), "\"HS256\\u200b\"");
        assert_eq!(
            shown(&serde_json::json!(["\u{202E}gnp.exe"])),
            "[\"\\u202egnp.exe\"]"
        );
        // Beyond the BMP: the UTF-16 pair, as JSON writes it.
        assert_eq!(shown_str("\u{E0041}"), "\"\\udb40\\udc41\"");
        assert_eq!(shown_str("a b"), "\"a b\"");
        let long = shown_str(&"x".repeat(1000));
        assert_eq!(long.chars().count(), MAX_SHOWN + 1);
        assert!(long.ends_with('…'));
        // What is shown is JSON that reads back to the value (when not cut).
        let v = serde_json::json!({"sub": "\u{FEFF}a\u{2066}"});
        assert_eq!(serde_json::from_str::<Value>(&shown(&v)).ok(), Some(v));
    }

    #[test]
    fn columns_count_characters() {
        // "é" is two bytes and "€" three: the '}' after the trailing comma is the
        // 9th character of line 2 (its 11th byte), as in the same text in ASCII.
        let (_, issue) = parse("{\"é\":1,\n \"€x\":2,}");
        let issue = issue.map(|i| (i.line, i.column, i.offset));
        assert_eq!(issue, Some((2, 9, 19)));
        let (_, issue) = parse("{\"ab\":1,\n \"cx\":2,}");
        let issue = issue.map(|i| (i.line, i.column, i.offset));
        assert_eq!(issue, Some((2, 9, 17)));
        // The end of the text at the start of a line: column 1 of that line.
        let (_, issue) = parse("{\"a\":\n");
        let issue = issue.map(|i| (i.line, i.column, i.offset));
        assert_eq!(issue, Some((2, 1, 6)));
    }

    #[test]
    fn max_json_depth_is_serde_jsons_limit() {
        let nested = |depth: usize| format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        assert!(parse(&nested(MAX_JSON_DEPTH)).1.is_none());
        let (v, issue) = parse(&nested(MAX_JSON_DEPTH + 1));
        assert!(v.is_none());
        assert!(issue.is_some_and(|i| i.message.contains("recursion limit")));
    }

    /// The engine's one JSON reader against serde_json's own `Value` visitor: the
    /// same value, or the same error at the same place.
    fn same_as_serde_json(text: &str) {
        let ours = value(text).map_err(|e| e.to_string());
        let theirs = serde_json::from_str::<Value>(text).map_err(|e| e.to_string());
        assert_eq!(ours, theirs, "{text:?}");
        // Member order too (`==` on maps ignores it).
        if let (Ok(a), Ok(b)) = (&ours, &theirs) {
            assert_eq!(a.to_string(), b.to_string(), "{text:?}");
        }
    }

    #[test]
    fn value_reads_as_serde_json_does() {
        for text in [
            "{}",
            "[]",
            "null",
            " true ",
            "false",
            "0",
            "-0",
            "-0.0",
            "1.5e3",
            "18446744073709551615",
            "18446744073709551616",
            "-9223372036854775808",
            "-9223372036854775809",
            "1e400",
            "-1e-400",
            "123456789012345678901234567890",
            r#""\u00e9\ud83d\ude00\n\"""#,
            r#""\ud800""#,
            r#"{"b":1,"a":[1,2,{"c":null}],"d":{"e":"f"}}"#,
            r#"{"a":1,"b":2,"a":3}"#,
            r#"{"a":{"x":1},"a":[2]}"#,
            r#"{"alg":"HS256","\u0061lg":"none"}"#,
            "[1,]",
            "{\"a\":1,}",
            "{\"a\" 1}",
            "[1] x",
            "",
            "   ",
            "nul",
            "\"unterminated",
            "{\"a\":\"\u{1}\"}",
            "[\"\t\"]",
            "01",
            "1.",
            ".5",
            "+1",
            "NaN",
            "[[[[[[]]]]]]",
        ] {
            same_as_serde_json(text);
        }
        let nested = |depth: usize| format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        same_as_serde_json(&nested(MAX_JSON_DEPTH));
        same_as_serde_json(&nested(MAX_JSON_DEPTH + 1));
        same_as_serde_json(&"{\"a\":".repeat(200));
    }

    #[test]
    fn parse_finds_a_repeat_only_when_there_is_one() {
        let repeats = |text: &str| {
            let seen = Cell::new(false);
            assert!(read(text, &seen).is_ok(), "{text}");
            seen.get()
        };
        for text in [
            r#"{"a":1,"b":{"a":2}}"#,
            r#"[{"a":1},{"a":2}]"#,
            r#"{"a":[{"a":1}]}"#,
        ] {
            assert!(!repeats(text), "{text}");
            assert_eq!(parse(text).1, None, "{text}");
        }
        // Repeats at any depth, inside arrays too, escaped or not.
        for text in [
            r#"{"a":1,"b":2,"a":3}"#,
            r#"[{"a":1,"a":2}]"#,
            r#"{"x":[{"a":1,"a":2}]}"#,
            r#"[[{"y":{"\u0061":1,"a":2}}]]"#,
        ] {
            assert!(repeats(text), "{text}");
            let kind = parse(text).1.map(|i| i.kind);
            assert_eq!(kind, Some(ErrorKind::JsonDuplicateMember), "{text}");
        }
        let (v, issue) = parse(r#"{"a":1,"b":2,"a":3}"#);
        assert_eq!(
            v.map(|v| v.to_string()),
            Some(r#"{"a":3,"b":2}"#.to_string())
        );
        let issue = issue.map(|i| (i.kind, i.column));
        assert_eq!(issue, Some((ErrorKind::JsonDuplicateMember, 16)));
    }

    /// `parse` as it was before the one reader: serde_json's `Value`, then the
    /// duplicate check over the whole text every time.
    fn two_passes(text: &str) -> (Option<Value>, Option<JsonIssue>) {
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

    /// JSON text whose objects often repeat a member name (three names, one of them
    /// escaped), nested.
    fn json_text() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let leaf = prop_oneof![
            Just("null".to_string()),
            Just("true".to_string()),
            any::<i64>().prop_map(|n| n.to_string()),
            any::<u64>().prop_map(|n| n.to_string()),
            (-1e300f64..1e300).prop_map(|f| format!("{f:e}")),
            "[a-c\\\\\"é]{0,4}".prop_map(|s| serde_json::to_string(&s).unwrap_or_default()),
        ];
        leaf.prop_recursive(4, 48, 6, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..5)
                    .prop_map(|items| format!("[{}]", items.join(","))),
                proptest::collection::vec((0usize..3, inner), 0..5).prop_map(|members| {
                    let names = [r#""a""#, r#""b""#, r#""\u0061""#];
                    let members: Vec<String> = members
                        .into_iter()
                        .map(|(n, v)| format!("{}:{v}", names[n]))
                        .collect();
                    format!("{{{}}}", members.join(","))
                }),
            ]
        })
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2048))]
        /// Text from JSON's own alphabet, mostly broken: every input reads the same.
        #[test]
        fn value_reads_any_text_as_serde_json_does(
            parts in proptest::collection::vec(proptest::sample::select(vec![
                "{", "}", "[", "]", ",", ":", " ", "\n", "\"a\"", "\"b\"", "\"\\u0061\"",
                "\"\\ud83d\"", "1", "-2", "3.5e2", "1e999", "99999999999999999999", "true",
                "null", "f", "\"", "\\", "x",
            ]), 0..24)
        ) {
            same_as_serde_json(&parts.concat());
        }

        /// Valid JSON whose objects often repeat a member name: the same value and
        /// the same problem, at the same place, as the two passes gave.
        #[test]
        fn parse_gives_what_two_passes_gave(text in json_text()) {
            same_as_serde_json(&text);
            proptest::prop_assert_eq!(parse(&text), two_passes(&text));
        }
    }

    #[test]
    fn deep_nesting_is_bounded() {
        let text = "[".repeat(100_000);
        let (v, issue) = parse(&text);
        assert!(v.is_none() && issue.is_some());
    }
}
