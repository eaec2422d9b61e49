//! Signing (RFC 7515 §5.1) from header and payload JSON as the user wrote it.
//!
//! Member order is kept (the JSON is re-serialised compactly, in order). The
//! header's `alg` must agree with the chosen algorithm, and is added first when
//! absent. `none` cannot be chosen: [`Algorithm`] has no such variant.

use serde_json::{Map, Value};

use super::alg::Algorithm;
use super::b64;
use super::crypto;
use super::error::{Error, ErrorKind, Result};
use super::json;
use super::key::{Key, KeyMaterial, KeyOp};
use super::problem::Warning;
use super::secret;

/// A signed token with anything worth knowing about how it was made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signed {
    /// The compact JWS.
    pub token: String,
    /// E.g. a short HMAC secret (allowed, reported: RFC 7518 §3.2).
    pub warnings: Vec<Warning>,
}

/// Signs `payload_json` under `header_json` with `alg` and `key`.
///
/// # Errors
/// Invalid JSON in either part (with line and column), duplicate members, a
/// header `alg` that differs from `alg`, `b64: false` (not signed here), a key that
/// cannot sign with `alg` (wrong type, public only, RSA under 2048 bits).
pub fn sign(header_json: &str, payload_json: &str, alg: Algorithm, key: &Key) -> Result<Signed> {
    let header = parse_object("header", header_json)?;
    let payload = parse_object("payload", payload_json)?;
    let header = with_alg(header, alg)?;
    if header.get("b64") == Some(&Value::Bool(false)) {
        return Err(Error::new(
            ErrorKind::UnencodedPayload,
            "signing with \"b64\": false (RFC 7797) is not supported: remove it",
        ));
    }
    let header_text = compact(&Value::Object(header));
    let payload_text = compact(&Value::Object(payload));
    let token = sign_parts(
        &b64::encode(header_text.as_bytes()),
        &b64::encode(payload_text.as_bytes()),
        alg,
        key,
    )?;
    let warnings = match &key.material {
        KeyMaterial::Secret(s) => secret::warnings(s.bytes(), alg),
        _ => Vec::new(),
    };
    Ok(Signed { token, warnings })
}

/// Signs already-encoded segments: `header_b64 "." payload` (the payload is
/// base64url, or raw for `b64: false`). Used to reproduce published vectors byte
/// for byte.
///
/// # Errors
/// A key that cannot sign with `alg`.
pub fn sign_parts(header_b64: &str, payload: &str, alg: Algorithm, key: &Key) -> Result<String> {
    key.check_for(alg, KeyOp::Sign)?;
    let input = format!("{header_b64}.{payload}");
    let sig = crypto::sign(alg, &key.material, input.as_bytes())?;
    Ok(format!("{input}.{}", b64::encode(&sig)))
}

fn compact(value: &Value) -> String {
    // Serialising a Value cannot fail (all keys are strings).
    serde_json::to_string(value).unwrap_or_default()
}

fn parse_object(what: &str, text: &str) -> Result<Map<String, Value>> {
    let (value, issue) = json::parse(text);
    if let Some(i) = issue {
        return Err(Error::new(
            i.kind,
            format!(
                "the {what} JSON has a problem at line {}, column {}: {}",
                i.line, i.column, i.message
            ),
        ));
    }
    match value {
        Some(Value::Object(map)) => Ok(map),
        _ => Err(Error::new(
            ErrorKind::JsonNotObject,
            format!("the {what} must be a JSON object (RFC 7519 §7.1)"),
        )),
    }
}

fn with_alg(header: Map<String, Value>, alg: Algorithm) -> Result<Map<String, Value>> {
    match header.get("alg") {
        Some(Value::String(s)) if s == alg.name() => Ok(header),
        Some(other) => {
            let said = other
                .as_str()
                .map(str::to_string)
                .unwrap_or_else(|| other.to_string());
            let refusal = Algorithm::parse(&said)
                .err()
                .filter(|e| e.kind() == ErrorKind::AlgNone);
            Err(refusal.unwrap_or_else(|| {
                Error::new(
                    ErrorKind::AlgMismatch,
                    format!(
                        "the header says \"alg\": {other}, but you chose {alg}: make them agree"
                    ),
                )
            }))
        }
        None => {
            let mut out = Map::new();
            out.insert("alg".into(), Value::String(alg.name().into()));
            out.extend(header);
            Ok(out)
        }
    }
}
