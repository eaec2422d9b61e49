//! Signing (RFC 7515 §5.1) from header and payload JSON as the user wrote it.
//!
//! Member order is kept (the JSON is re-serialised compactly, in order). The
//! header's `alg` must agree with the chosen algorithm, and is added first when
//! absent. `none` cannot be chosen: [`Algorithm`] has no such variant. Every error
//! says which input it is about ([`Location`]), so the page shows it beside that
//! input and the CLI names it.

use serde_json::{Map, Value};

use super::alg::Algorithm;
use super::b64;
use super::crypto;
use super::error::{Error, ErrorKind, Location, Result};
use super::json;
use super::key::{Key, KeyMaterial, KeyOp, KeySet, PrivateParts};
use super::policy::{self, Selection};
use super::problem::Warning;
use super::secret;
use super::verify::check_crit;

/// A signed token with anything worth knowing about how it was made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signed {
    /// The compact JWS.
    pub token: String,
    /// E.g. a short HMAC secret (allowed, reported: RFC 7518 §3.2).
    pub warnings: Vec<Warning>,
}

/// A token signed with the key [`policy::select_key`] chose from a set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedWith {
    /// The token and its warnings.
    pub signed: Signed,
    /// The signing key's index in the set.
    pub index: usize,
    /// Why that key ([`Selection`]).
    pub reason: Selection,
    /// The key, for people ("EC private key, P-256, PKCS#8 PEM").
    pub description: String,
    /// The reason, for people ("the token's kid \"a\"").
    pub why: String,
}

/// Everything signing decides before the signature itself: the header and payload
/// read and checked, the key chosen ([`policy::select_key`]) and checked for `alg`
/// ([`Key::check_for`]), the signing input. [`SignPlan::finish`] makes the token from
/// the signature. The page signs an HMAC plan at once ([`SignPlan::sign_secret`]) and
/// hands a private-key plan to its worker ([`sign_with_parts`] there), so the page's
/// own module holds no private-key signer; [`sign_with_set`] does both steps in one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignPlan {
    /// The algorithm.
    pub alg: Algorithm,
    /// `BASE64URL(header) "." BASE64URL(payload)` (RFC 7515 §5.1 step 5).
    pub input: String,
    /// The signing key's index in the set.
    pub index: usize,
    /// Why that key ([`Selection`]).
    pub reason: Selection,
    /// The key, for people ("EC private key, P-256, PKCS#8 PEM").
    pub description: String,
    /// The reason, for people ("the token's kid \"a\"").
    pub why: String,
    /// E.g. a short HMAC secret (allowed, reported: RFC 7518 §3.2).
    pub warnings: Vec<Warning>,
}

impl SignPlan {
    /// The token, from the signature over [`input`](Self::input).
    pub fn finish(self, signature: &[u8]) -> SignedWith {
        SignedWith {
            signed: Signed {
                token: format!("{}.{}", self.input, b64::encode(signature)),
                warnings: self.warnings,
            },
            index: self.index,
            reason: self.reason,
            description: self.description,
            why: self.why,
        }
    }

    /// Signs here when the chosen key is an HMAC secret (microseconds); `None` for a
    /// private key, whose signature is made by [`sign_with_parts`].
    pub fn sign_secret(&self, keys: &KeySet) -> Option<Result<Vec<u8>>> {
        let key = keys.keys.get(self.index)?;
        matches!(key.material, KeyMaterial::Secret(_)).then(|| {
            crypto::sign_hmac(self.alg, &key.material, self.input.as_bytes())
                .map_err(|e| e.at(Location::Key))
        })
    }
}

/// Plans signing with the key of `keys` that [`policy::select_key`] chooses for `alg`
/// and the header's `kid` ([`SignPlan`]).
///
/// # Errors
/// As [`sign`]; and `ERR_KEY_NOT_FOUND` / `ERR_KEY_AMBIGUOUS` (at [`Location::Key`])
/// when no key of the set can sign with `alg`.
pub fn plan_with_set(
    header_json: &str,
    payload_json: &str,
    alg: Algorithm,
    keys: &KeySet,
) -> Result<SignPlan> {
    let header = parse_object(Location::Header, header_json)?;
    let kid = policy::header_kid(Some(&header), keys).map_err(|e| e.at(Location::Header))?;
    let selected =
        policy::select_key(keys, alg, kid, KeyOp::Sign).map_err(|e| e.at(Location::Key))?;
    // The header is read once: its kid chose the key, and it is what is signed.
    let (input, warnings) = plan_header(header, payload_json, alg, selected.key)?;
    Ok(SignPlan {
        alg,
        input,
        index: selected.index,
        reason: selected.reason,
        description: selected.key.describe(),
        why: selected.explain(alg, KeyOp::Sign),
        warnings,
    })
}

/// Signs with the key of `keys` that [`policy::select_key`] chooses for `alg` and the
/// header's `kid`: what `jwtscope sign` calls, and the page's sign mode in two steps
/// ([`plan_with_set`], then the signature here or in its worker).
///
/// # Errors
/// As [`plan_with_set`]; a signer failure at [`Location::Key`].
pub fn sign_with_set(
    header_json: &str,
    payload_json: &str,
    alg: Algorithm,
    keys: &KeySet,
) -> Result<SignedWith> {
    let plan = plan_with_set(header_json, payload_json, alg, keys)?;
    let key = keys.keys.get(plan.index).ok_or_else(|| {
        Error::new(ErrorKind::KeyNotFound, "the chosen key is not in the set").at(Location::Key)
    })?;
    let signature =
        crypto::sign(alg, &key.material, plan.input.as_bytes()).map_err(|e| e.at(Location::Key))?;
    Ok(plan.finish(&signature))
}

/// Signs a plan's input with a private key given as its numbers ([`PrivateParts`]):
/// what the page's worker runs. The key was chosen and checked for `alg` by
/// [`plan_with_set`] in the page; the signer still refuses a key of the wrong type.
///
/// # Errors
/// At [`Location::Key`]: numbers that are not a key, a key that cannot sign with
/// `alg`, a signer failure.
pub fn sign_with_parts(alg: Algorithm, input: &[u8], parts: &PrivateParts) -> Result<Vec<u8>> {
    let key = parts.to_key().map_err(|e| e.at(Location::Key))?;
    crypto::sign(alg, &KeyMaterial::Private(key), input).map_err(|e| e.at(Location::Key))
}

/// Signs `payload_json` under `header_json` with `alg` and `key`.
///
/// # Errors
/// At [`Location::Header`] or [`Location::Payload`]: invalid JSON in either part (with
/// line and column), duplicate members, a part that is not an object; a header `alg`
/// that differs from `alg` or is `none`, a `crit` that verification would refuse
/// (`ERR_JWS_CRIT`), `b64: false` (not signed here). At
/// [`Location::Key`]: a key that cannot sign with `alg` (algorithm confusion, wrong
/// type, public only, RSA under 2048 bits, a JWK's `alg`/`use`/`key_ops`).
pub fn sign(header_json: &str, payload_json: &str, alg: Algorithm, key: &Key) -> Result<Signed> {
    let header = parse_object(Location::Header, header_json)?;
    sign_header(header, payload_json, alg, key)
}

/// [`sign`] with the header already read as an object.
fn sign_header(
    header: Map<String, Value>,
    payload_json: &str,
    alg: Algorithm,
    key: &Key,
) -> Result<Signed> {
    let (input, warnings) = plan_header(header, payload_json, alg, key)?;
    let signature =
        crypto::sign(alg, &key.material, input.as_bytes()).map_err(|e| e.at(Location::Key))?;
    Ok(Signed {
        token: format!("{input}.{}", b64::encode(&signature)),
        warnings,
    })
}

/// Reads and checks the payload, the header (with `alg`) and the key for `alg`, in
/// that order; the signing input and the key's warnings.
fn plan_header(
    header: Map<String, Value>,
    payload_json: &str,
    alg: Algorithm,
    key: &Key,
) -> Result<(String, Vec<Warning>)> {
    let payload = parse_object(Location::Payload, payload_json)?;
    let header = with_alg(header, alg).map_err(|e| e.at(Location::Header))?;
    // What verification would refuse is not signed (one rule: verify's).
    check_crit(&header).map_err(|e| e.at(Location::Header))?;
    if header.get("b64") == Some(&Value::Bool(false)) {
        return Err(Error::new(
            ErrorKind::UnencodedPayload,
            "signing with \"b64\": false (RFC 7797) is not supported: remove it",
        )
        .at(Location::Header));
    }
    key.check_for(alg, KeyOp::Sign)
        .map_err(|e| e.at(Location::Key))?;
    let input = format!(
        "{}.{}",
        b64::encode(compact(&Value::Object(header)).as_bytes()),
        b64::encode(compact(&Value::Object(payload)).as_bytes())
    );
    let warnings = match &key.material {
        KeyMaterial::Secret(s) => secret::warnings(s.bytes(), alg),
        _ => Vec::new(),
    };
    Ok((input, warnings))
}

/// Signs already-encoded segments: `header_b64 "." payload` (the payload is
/// base64url, or raw for `b64: false`). Used to reproduce published vectors byte
/// for byte. The key is checked as for [`sign`] ([`Key::check_for`], which refuses
/// algorithm confusion first).
///
/// # Errors
/// At [`Location::Key`]: a key that cannot sign with `alg`.
pub fn sign_parts(header_b64: &str, payload: &str, alg: Algorithm, key: &Key) -> Result<String> {
    let input = format!("{header_b64}.{payload}");
    let sig = sign_bytes(alg, key, input.as_bytes())?;
    Ok(format!("{input}.{}", b64::encode(&sig)))
}

/// Signs arbitrary `input` bytes: the key must fit `alg` ([`Key::check_for`], which
/// refuses algorithm confusion first), then the primitive. What [`sign_parts`] runs on
/// a token's signing input, for callers whose message is not a JWS (benchmarks).
///
/// # Errors
/// At [`Location::Key`]: a key that cannot sign with `alg`, or a signer failure.
pub fn sign_bytes(alg: Algorithm, key: &Key, input: &[u8]) -> Result<Vec<u8>> {
    key.check_for(alg, KeyOp::Sign)
        .map_err(|e| e.at(Location::Key))?;
    crypto::sign(alg, &key.material, input).map_err(|e| e.at(Location::Key))
}

/// The header JSON with `"alg"` set to `alg` — replaced in place, or added as the
/// first member when absent — pretty-printed. `None` when the text is not a JSON
/// object or already names `alg`: then there is nothing to rewrite (signing reports
/// what is wrong with it). The page calls this when the algorithm is chosen in sign
/// mode.
pub fn header_with_alg(header_json: &str, alg: Algorithm) -> Option<String> {
    let (value, issue) = json::parse(header_json);
    if issue.is_some() {
        return None;
    }
    let Some(Value::Object(mut map)) = value else {
        return None;
    };
    if map.get("alg").and_then(Value::as_str) == Some(alg.name()) {
        return None;
    }
    if let Some(member) = map.get_mut("alg") {
        *member = Value::String(alg.name().into());
    } else {
        map = alg_first(map, alg);
    }
    Some(json::pretty(&Value::Object(map)))
}

/// The payload JSON with claim `name` set to `value`: replaced where it is, or added
/// at the end; member order kept, pretty-printed. What the page's claim helpers write
/// in sign mode (`iat` now, `exp` in 15 min / 1 h / 1 day / already expired, `nbf`
/// now, a random `jti`: RFC 7519 §4.1).
///
/// # Errors
/// As signing reads a payload, at [`Location::Payload`]: invalid JSON (line and
/// column), a duplicate member, a payload that is not an object.
pub fn payload_with_claim(payload_json: &str, name: &str, value: Value) -> Result<String> {
    let mut payload = parse_object(Location::Payload, payload_json)?;
    match payload.get_mut(name) {
        Some(member) => *member = value,
        None => {
            payload.insert(name.to_string(), value);
        }
    }
    Ok(json::pretty(&Value::Object(payload)))
}

fn compact(value: &Value) -> String {
    // Serialising a Value cannot fail (all keys are strings).
    serde_json::to_string(value).unwrap_or_default()
}

fn parse_object(location: Location, text: &str) -> Result<Map<String, Value>> {
    let what = location.as_str();
    let (value, issue) = json::parse(text);
    if let Some(i) = issue {
        return Err(Error::new(
            i.kind,
            format!(
                "the {what} JSON has a problem at line {}, column {}: {}",
                i.line, i.column, i.message
            ),
        )
        .at(location));
    }
    match value {
        Some(Value::Object(map)) => Ok(map),
        _ => Err(Error::new(
            ErrorKind::JsonNotObject,
            format!("the {what} must be a JSON object (RFC 7519 §7.1)"),
        )
        .at(location)),
    }
}

/// `alg` as the header's first member (RFC 7515 §4.1.1 puts no order on members; the
/// first place is where a reader looks).
fn alg_first(header: Map<String, Value>, alg: Algorithm) -> Map<String, Value> {
    let mut out = Map::new();
    out.insert("alg".into(), Value::String(alg.name().into()));
    out.extend(header);
    out
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
        None => Ok(alg_first(header, alg)),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use crate::jose::key::{parse_key, SecretEncoding};

    fn secret() -> Key {
        parse_key("a secret of thirty-two bytes!!!!", SecretEncoding::Utf8)
            .expect("secret")
            .keys
            .remove(0)
    }

    #[test]
    fn every_error_says_where_it_belongs() {
        let key = secret();
        let at = |h: &str, p: &str| {
            sign(h, p, Algorithm::HS256, &key)
                .err()
                .and_then(|e| e.location())
        };
        assert_eq!(at("{", "{}"), Some(Location::Header));
        assert_eq!(at("[]", "{}"), Some(Location::Header));
        assert_eq!(at(r#"{"alg":"none"}"#, "{}"), Some(Location::Header));
        assert_eq!(at(r#"{"alg":"HS512"}"#, "{}"), Some(Location::Header));
        assert_eq!(
            at(r#"{"b64":false,"crit":["b64"]}"#, "{}"),
            Some(Location::Header)
        );
        assert_eq!(at("{}", "{"), Some(Location::Payload));
        assert_eq!(at("{}", "1"), Some(Location::Payload));
        let public = parse_key(
            include_str!("../../tests/e2e/fixtures/rsa.pub.pem"),
            SecretEncoding::Utf8,
        )
        .expect("rsa");
        let e = sign("{}", "{}", Algorithm::RS256, &public.keys[0]).expect_err("public");
        assert_eq!(e.location(), Some(Location::Key));
        let e = sign("{}", "{}", Algorithm::HS256, &public.keys[0]).expect_err("confusion");
        assert_eq!(
            (e.kind(), e.location()),
            (ErrorKind::AlgConfusion, Some(Location::Key))
        );
    }

    #[test]
    fn payload_with_claim_keeps_order_and_reports_bad_json_at_the_payload() {
        let text = "{\"sub\":\"a\",\"exp\":1,\"name\":\"b\"}";
        assert_eq!(
            payload_with_claim(text, "exp", Value::from(99))
                .ok()
                .as_deref(),
            Some("{\n  \"sub\": \"a\",\n  \"exp\": 99,\n  \"name\": \"b\"\n}"),
            "replaced in place"
        );
        assert_eq!(
            payload_with_claim("{\"sub\":\"a\"}", "jti", Value::from("x"))
                .ok()
                .as_deref(),
            Some("{\n  \"sub\": \"a\",\n  \"jti\": \"x\"\n}"),
            "added at the end"
        );
        for bad in ["{\"sub\":", "[1]", "{\"a\":1,\"a\":2}"] {
            let e = payload_with_claim(bad, "iat", Value::from(1));
            assert_eq!(
                e.err().and_then(|e| e.location()),
                Some(Location::Payload),
                "{bad}"
            );
        }
    }

    #[test]
    fn header_with_alg_keeps_order() {
        assert_eq!(
            header_with_alg(r#"{"typ":"JWT"}"#, Algorithm::ES256).as_deref(),
            Some("{\n  \"alg\": \"ES256\",\n  \"typ\": \"JWT\"\n}")
        );
        assert_eq!(
            header_with_alg(r#"{"typ":"JWT","alg":"HS256"}"#, Algorithm::ES256).as_deref(),
            Some("{\n  \"typ\": \"JWT\",\n  \"alg\": \"ES256\"\n}")
        );
        assert_eq!(
            header_with_alg(r#"{"alg":"ES256"}"#, Algorithm::ES256),
            None
        );
        assert_eq!(header_with_alg("{", Algorithm::ES256), None);
    }
}
