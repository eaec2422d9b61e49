//! JSON Web Keys (RFC 7517 §4, RFC 7518 §6, RFC 8037 §2, RFC 8812 §3.1) and JWK Sets
//! (RFC 7517 §5).
//!
//! Members are base64url without padding (RFC 7515 §2); padding and non-canonical
//! trailing bits are tolerated and noted, anything else is an error naming the member.
//! `alg`, `use` and `key_ops` are kept as written and never trusted: [`Key::check_for`]
//! compares them with the algorithm actually used.
//!
//! [`Key::check_for`]: super::Key::check_for

use serde_json::{Map, Value};
use zeroize::Zeroizing;

use super::material::{check_rsa_private_lengths, rsa_public, RsaPrivate};
use super::{Key, KeyFormat, KeyMaterial, KeySet, KeySource, PrivateKey, PublicKey, Secret};
use crate::jose::alg::Curve;
use crate::jose::error::{Error, ErrorKind, Result};
use crate::jose::{b64, json};

/// The most keys a JWK Set may hold. Published sets hold a handful (two or three
/// during a rotation); every member is parsed and validated, so the set is refused
/// (`ERR_KEY_TOO_LARGE`) above this count before any member is read.
pub const MAX_JWKS_KEYS: usize = 32;

/// The most private keys (members with `d`) a JWK Set may hold. A set published for
/// verification holds none; validating a private key costs far more than reading a
/// public one (an RSA-8192 private key about 3 ms natively, ten times its public
/// half), so they are counted apart, before any member is read (`ERR_KEY_TOO_LARGE`).
pub const MAX_JWKS_PRIVATE_KEYS: usize = 4;

/// The most `key_ops` entries a JWK may list. RFC 7517 §4.3 registers eight
/// operations and wants each listed once; a longer list is refused
/// (`ERR_KEY_TOO_LARGE`).
pub const MAX_KEY_OPS: usize = 16;

/// The most other members named in a note about a shared `kid` (the rest are counted).
const MAX_SHARED_KID_LISTED: usize = 5;

fn jwk_error(message: String) -> Error {
    Error::new(ErrorKind::KeyJwk, message)
}

/// Reads text that starts with `{`: a JWK Set when it has `keys`, else one JWK; or a
/// JSON array of JWKs, read as a JWK Set.
///
/// # Errors
/// `ERR_KEY_JWK` for JSON that does not parse or a malformed JWK; `ERR_KEY_NOT_FOUND`
/// for a set with no usable key; the key errors of the members otherwise.
pub(super) fn parse_json(text: &str) -> Result<KeySet> {
    let value = json::value(text).map_err(|e| {
        jwk_error(format!(
            "the key text starts as JSON does (a JWK?) but is not valid JSON: {e}"
        ))
    })?;
    let object = match value {
        Value::Object(object) => object,
        // A JWK Set pasted without its {"keys": …} wrapper (the recogniser sends only
        // arrays that name a `kty` here).
        array @ Value::Array(_) => {
            let mut set = parse_set(&array)?;
            for key in &mut set.keys {
                key.notes.push(
                    "the keys were a bare JSON array: read as the JWK Set {\"keys\": [...]} (RFC 7517 §5)"
                        .into(),
                );
            }
            return Ok(set);
        }
        _ => return Err(jwk_error("a JWK is a JSON object".into())),
    };
    match object.get("keys") {
        Some(keys) => parse_set(keys),
        None => parse_jwk(&object).map(KeySet::single),
    }
}

/// A JWK Set (RFC 7517 §5) of at most [`MAX_JWKS_KEYS`] members, at most
/// [`MAX_JWKS_PRIVATE_KEYS`] of them private: usable members in
/// `keys`, the others in `skipped` with their index in the `keys` array and why.
fn parse_set(members: &Value) -> Result<KeySet> {
    let Value::Array(members) = members else {
        return Err(jwk_error(
            "the JWK Set member \"keys\" must be an array (RFC 7517 §5.1)".into(),
        ));
    };
    if members.is_empty() {
        return Err(Error::new(
            ErrorKind::KeyNotFound,
            "the JWK Set's \"keys\" array is empty",
        ));
    }
    if members.len() > MAX_JWKS_KEYS {
        return Err(Error::new(
            ErrorKind::KeyTooLarge,
            format!(
                "the JWK Set has {} keys; jwtscope reads sets of up to {MAX_JWKS_KEYS} keys (published sets hold a handful)",
                members.len()
            ),
        ));
    }
    let private = members.iter().filter(|m| m.get("d").is_some()).count();
    if private > MAX_JWKS_PRIVATE_KEYS {
        return Err(Error::new(
            ErrorKind::KeyTooLarge,
            format!(
                "the JWK Set has {private} private keys (members with \"d\"); jwtscope reads sets of up to {MAX_JWKS_PRIVATE_KEYS} (a set published for verification holds none)"
            ),
        ));
    }
    let mut keys = Vec::new();
    let mut positions = Vec::new();
    let mut skipped = Vec::new();
    for (index, member) in members.iter().enumerate() {
        let parsed = match member {
            Value::Object(object) => parse_jwk(object),
            _ => Err(jwk_error(format!(
                "member {index} of the JWK Set is not a JSON object"
            ))),
        };
        match parsed {
            Ok(mut key) => {
                if key.is_private() {
                    key.notes.push(
                        "this JWK holds private key material: a JWK Set published for verification should hold public keys only"
                            .into(),
                    );
                }
                keys.push(key);
                positions.push(index);
            }
            Err(e) => skipped.push((index, e)),
        }
    }
    if keys.is_empty() {
        let reasons: Vec<String> = skipped
            .iter()
            .take(5)
            .map(|(i, e)| format!("member {i}: {e}"))
            .collect();
        let which = match members.len() {
            1 => "the JWK Set's only key is".to_string(),
            n => format!("none of the JWK Set's {n} keys is"),
        };
        return Err(Error::new(
            ErrorKind::KeyNotFound,
            format!("{which} usable ({})", reasons.join("; ")),
        ));
    }
    note_shared_kids(&mut keys, &positions);
    Ok(KeySet {
        keys,
        source: KeySource::Jwks,
        skipped,
    })
}

/// RFC 7517 §4.5: keys of one set should have distinct `kid`s. Each key sharing its
/// `kid` gets a note naming a few of the others. Each key's `kid` is compared with
/// every other's: at most [`MAX_JWKS_KEYS`]² = 1,024 comparisons (no hash map: the
/// page links none for this alone).
fn note_shared_kids(keys: &mut [Key], positions: &[usize]) {
    let mut notes: Vec<(usize, String)> = Vec::new();
    for (i, key) in keys.iter().enumerate() {
        let Some(kid) = key.kid.as_deref() else {
            continue;
        };
        let group: Vec<usize> = (0..keys.len())
            .filter(|&j| keys.get(j).and_then(|k| k.kid.as_deref()) == Some(kid))
            .collect();
        if group.len() > 1 {
            let mut listed: Vec<String> = group
                .iter()
                .filter(|&&j| j != i)
                .take(MAX_SHARED_KID_LISTED)
                .map(|&j| positions.get(j).copied().unwrap_or(j).to_string())
                .collect();
            let more = group.len() - 1 - listed.len();
            if more > 0 {
                listed.push(format!("and {more} more"));
            }
            notes.push((
                i,
                format!(
                    "kid {kid:?} is shared with member(s) {} of the set (RFC 7517 §4.5: kids in a set should differ)",
                    listed.join(", ")
                ),
            ));
        }
    }
    for (i, note) in notes {
        if let Some(key) = keys.get_mut(i) {
            key.notes.push(note);
        }
    }
}

fn string_member<'a>(object: &'a Map<String, Value>, name: &str) -> Result<Option<&'a str>> {
    match object.get(name) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(jwk_error(format!("JWK member \"{name}\" must be a string"))),
    }
}

fn required_string<'a>(object: &'a Map<String, Value>, name: &str, spec: &str) -> Result<&'a str> {
    string_member(object, name)?
        .ok_or_else(|| jwk_error(format!("the JWK has no \"{name}\" member ({spec})")))
}

/// A base64url member, decoded; padding and stray trailing bits are noted.
fn bytes_member(
    object: &Map<String, Value>,
    name: &str,
    notes: &mut Vec<String>,
) -> Result<Option<Zeroizing<Vec<u8>>>> {
    let Some(text) = string_member(object, name)? else {
        return Ok(None);
    };
    let (bytes, issues) = b64::decode_lenient(text);
    let mut padded = false;
    let mut trailing = false;
    for issue in issues {
        match issue.kind {
            ErrorKind::Base64Padding => padded = true,
            ErrorKind::Base64TrailingBits => trailing = true,
            _ => {
                return Err(jwk_error(format!(
                    "JWK member \"{name}\" is not base64url: {}",
                    issue.message
                )))
            }
        }
    }
    if padded {
        notes.push(format!(
            "JWK member \"{name}\" has '=' padding, which base64url omits (RFC 7515 §2): tolerated"
        ));
    }
    if trailing {
        notes.push(format!(
            "JWK member \"{name}\" has stray bits after its last byte (not the canonical base64url): tolerated"
        ));
    }
    bytes
        .map(|b| Some(Zeroizing::new(b)))
        .ok_or_else(|| jwk_error(format!("JWK member \"{name}\" does not decode")))
}

fn required_bytes(
    object: &Map<String, Value>,
    name: &str,
    spec: &str,
    notes: &mut Vec<String>,
) -> Result<Zeroizing<Vec<u8>>> {
    bytes_member(object, name, notes)?
        .ok_or_else(|| jwk_error(format!("the JWK has no \"{name}\" member ({spec})")))
}

/// One JWK.
///
/// # Errors
/// `ERR_KEY_JWK` naming the missing or malformed member; `ERR_KEY_CURVE` for an
/// unsupported curve; `ERR_KEY_TOO_SMALL`; `ERR_SECRET_EMPTY` for an empty `k`.
pub(super) fn parse_jwk(object: &Map<String, Value>) -> Result<Key> {
    let kty = required_string(object, "kty", "RFC 7517 §4.1")?;
    let mut notes = Vec::new();
    let material = match kty {
        "RSA" => rsa_jwk(object, &mut notes)?,
        "EC" => ec_jwk(object, &mut notes)?,
        "OKP" => okp_jwk(object, &mut notes)?,
        "oct" => oct_jwk(object, &mut notes)?,
        other => {
            let hint = ["RSA", "EC", "OKP", "oct"]
                .iter()
                .find(|k| k.eq_ignore_ascii_case(other))
                .map(|k| format!(" (kty is case-sensitive: did you mean \"{k}\"?)"))
                .unwrap_or_default();
            return Err(jwk_error(format!(
                "unsupported kty \"{other}\"{hint}: supported are RSA, EC, OKP and oct"
            )));
        }
    };
    let mut key = Key::new(material, KeyFormat::Jwk);
    key.kid = string_member(object, "kid")?.map(str::to_string);
    key.jwk_alg = string_member(object, "alg")?.map(str::to_string);
    key.jwk_use = string_member(object, "use")?.map(str::to_string);
    key.key_ops = key_ops(object)?;
    if key.jwk_use.is_some() && key.key_ops.is_some() {
        notes.push(
            "the JWK has both \"use\" and \"key_ops\", which RFC 7517 §4.3 advises against".into(),
        );
    }
    key.notes = notes;
    Ok(key)
}

/// `key_ops` (RFC 7517 §4.3): an array of at most [`MAX_KEY_OPS`] distinct strings.
fn key_ops(object: &Map<String, Value>) -> Result<Option<Vec<String>>> {
    let Some(value) = object.get("key_ops") else {
        return Ok(None);
    };
    let Value::Array(items) = value else {
        return Err(jwk_error(
            "JWK member \"key_ops\" must be an array of strings (RFC 7517 §4.3)".into(),
        ));
    };
    if items.len() > MAX_KEY_OPS {
        return Err(Error::new(
            ErrorKind::KeyTooLarge,
            format!(
                "JWK member \"key_ops\" lists {} operations; at most {MAX_KEY_OPS} are read (RFC 7517 §4.3 registers eight, each listed once)",
                items.len()
            ),
        ));
    }
    let mut ops: Vec<String> = Vec::with_capacity(items.len());
    for item in items {
        let Value::String(op) = item else {
            return Err(jwk_error(
                "JWK member \"key_ops\" must be an array of strings (RFC 7517 §4.3)".into(),
            ));
        };
        if ops.contains(op) {
            return Err(jwk_error(format!(
                "JWK member \"key_ops\" lists \"{op}\" twice (RFC 7517 §4.3)"
            )));
        }
        ops.push(op.clone());
    }
    Ok(Some(ops))
}

/// kty RSA (RFC 7518 §6.3).
fn rsa_jwk(object: &Map<String, Value>, notes: &mut Vec<String>) -> Result<KeyMaterial> {
    let n = required_bytes(object, "n", "RFC 7518 §6.3.1.1", notes)?;
    let e = required_bytes(object, "e", "RFC 7518 §6.3.1.2", notes)?;
    for (name, value) in [("n", &n), ("e", &e)] {
        if value.first() == Some(&0) {
            notes.push(format!(
                "JWK member \"{name}\" has leading zero bytes; Base64urlUInt uses the fewest bytes (RFC 7518 §2): tolerated"
            ));
        }
    }
    if object.contains_key("oth") {
        return Err(jwk_error(
            "multi-prime RSA keys (\"oth\", RFC 7518 §6.3.2.7) are not supported".into(),
        ));
    }
    let Some(d) = bytes_member(object, "d", notes)? else {
        if let Some(name) = ["p", "q", "dp", "dq", "qi"]
            .iter()
            .find(|m| object.contains_key(**m))
        {
            return Err(jwk_error(format!(
                "the RSA JWK has \"{name}\" but no \"d\" (RFC 7518 §6.3.2)"
            )));
        }
        return rsa_public(&n, &e, ErrorKind::KeyJwk)
            .map(|k| KeyMaterial::Public(PublicKey::Rsa(k)));
    };
    let p = bytes_member(object, "p", notes)?;
    let q = bytes_member(object, "q", notes)?;
    let primes = match (&p, &q) {
        (Some(p), Some(q)) => Some((p.as_slice(), q.as_slice())),
        (None, None) => {
            notes.push(
                "no \"p\" and \"q\": the primes are recovered from n, e and d when the key signs or is written out, which checks d"
                    .into(),
            );
            None
        }
        _ => {
            return Err(jwk_error(
                "the RSA JWK has only one of \"p\" and \"q\" (RFC 7518 §6.3.2 wants both)".into(),
            ))
        }
    };
    let crt = [
        ("dp", bytes_member(object, "dp", notes)?),
        ("dq", bytes_member(object, "dq", notes)?),
        ("qi", bytes_member(object, "qi", notes)?),
    ];
    // Every private number is bounded by n before any arithmetic (the primes are
    // multiplied to be compared with n).
    let members = [("d", Some(&d)), ("p", p.as_ref()), ("q", q.as_ref())];
    let named: Vec<(String, &[u8])> = members
        .into_iter()
        .chain(crt.iter().map(|(name, v)| (*name, v.as_ref())))
        .filter_map(|(name, v)| v.map(|v| (format!("JWK member \"{name}\""), v.as_slice())))
        .collect();
    let lengths: Vec<(&str, &[u8])> = named.iter().map(|(n, v)| (n.as_str(), *v)).collect();
    check_rsa_private_lengths(&n, &lengths)?;
    let key = RsaPrivate::new(&n, &e, &d, primes, ErrorKind::KeyJwk)?;
    if crt.iter().any(|(_, v)| v.is_some()) {
        let given = |i: usize| {
            crt.get(i)
                .and_then(|(_, v)| v.as_deref())
                .map_or(&[][..], |v| v.as_slice())
        };
        let matches = key.crt_matches([given(0), given(1), given(2)]);
        for ((name, given), matches) in crt.iter().zip(matches) {
            if given.is_some() && !matches {
                return Err(jwk_error(format!(
                    "JWK member \"{name}\" does not match d, p and q (RFC 7518 §6.3.2): the key is corrupt"
                )));
            }
        }
    } else if primes.is_some() {
        notes.push(
            "\"p\" and \"q\" without \"dp\", \"dq\" and \"qi\": RFC 7518 §6.3.2 wants all five (tolerated)"
                .into(),
        );
    }
    Ok(KeyMaterial::Private(PrivateKey::Rsa(Box::new(key))))
}

fn exact_length(name: &str, value: &[u8], curve: Curve, spec: &str) -> Result<()> {
    let size = curve.field_bytes();
    if value.len() == size {
        return Ok(());
    }
    Err(jwk_error(format!(
        "JWK member \"{name}\" is {} bytes; on {} it is exactly {size} bytes ({spec})",
        value.len(),
        curve.jwk_name()
    )))
}

/// The private key from `d`, which must match the public key already read.
fn private_from_d(curve: Curve, d: &[u8], public: &PublicKey, spec: &str) -> Result<KeyMaterial> {
    exact_length("d", d, curve, spec)?;
    let private = PrivateKey::from_scalar(curve, d).ok_or_else(|| {
        jwk_error(format!(
            "JWK member \"d\" is not a valid {} private key (zero, or not below the group order)",
            curve.jwk_name()
        ))
    })?;
    if private.public_key() != *public {
        return Err(jwk_error(
            "JWK member \"d\" does not belong to the public key in the same JWK".into(),
        ));
    }
    Ok(KeyMaterial::Private(private))
}

/// kty EC (RFC 7518 §6.2, RFC 8812 §3.1 for secp256k1).
fn ec_jwk(object: &Map<String, Value>, notes: &mut Vec<String>) -> Result<KeyMaterial> {
    let crv = required_string(object, "crv", "RFC 7518 §6.2.1.1")?;
    let curve = match Curve::from_jwk_name(crv) {
        Some(Curve::Ed25519) => {
            return Err(jwk_error(
                "crv \"Ed25519\" belongs with kty \"OKP\" (RFC 8037 §2), not \"EC\"".into(),
            ))
        }
        Some(curve) => curve,
        None => {
            let hint = ["P-256", "P-384", "P-521", "secp256k1"]
                .iter()
                .find(|c| {
                    c.eq_ignore_ascii_case(crv) || c.replace('-', "") == crv.to_ascii_uppercase()
                })
                .map(|c| format!(" (did you mean \"{c}\"?)"))
                .unwrap_or_default();
            return Err(Error::new(
                ErrorKind::KeyCurve,
                format!(
                    "the EC curve \"{crv}\"{hint} is not supported: JWS uses P-256, P-384, P-521 and secp256k1"
                ),
            ));
        }
    };
    let x = required_bytes(object, "x", "RFC 7518 §6.2.1.2", notes)?;
    let y = required_bytes(object, "y", "RFC 7518 §6.2.1.3", notes)?;
    exact_length("x", &x, curve, "RFC 7518 §6.2.1.2")?;
    exact_length("y", &y, curve, "RFC 7518 §6.2.1.3")?;
    let public = PublicKey::from_coordinates(curve, &x, &y)
        .ok_or_else(|| jwk_error(format!("the JWK's point (x, y) is not on the curve {crv}")))?;
    match bytes_member(object, "d", notes)? {
        None => Ok(KeyMaterial::Public(public)),
        Some(d) => private_from_d(curve, &d, &public, "RFC 7518 §6.2.2.1"),
    }
}

/// kty OKP (RFC 8037 §2): Ed25519 only.
fn okp_jwk(object: &Map<String, Value>, notes: &mut Vec<String>) -> Result<KeyMaterial> {
    let crv = required_string(object, "crv", "RFC 8037 §2")?;
    if crv != "Ed25519" {
        let why = match crv {
            "Ed448" => "Ed448 signatures are not supported",
            "X25519" | "X448" => "it is for key agreement (ECDH), not signatures",
            _ => "it is not a registered OKP curve",
        };
        return Err(Error::new(
            ErrorKind::KeyCurve,
            format!(
                "the OKP curve \"{crv}\" is not supported ({why}): only Ed25519 (RFC 8037 §3.1)"
            ),
        ));
    }
    let x = required_bytes(object, "x", "RFC 8037 §2", notes)?;
    exact_length("x", &x, Curve::Ed25519, "RFC 8037 §2")?;
    let public = PublicKey::from_coordinates(Curve::Ed25519, &x, &[])
        .ok_or_else(|| jwk_error("JWK member \"x\" is not a point on Ed25519".into()))?;
    if let PublicKey::Ed25519(k) = &public {
        if k.is_weak() {
            notes.push(
                "this Ed25519 public key has small order (a weak key): forged signatures can verify against it"
                    .into(),
            );
        }
    }
    match bytes_member(object, "d", notes)? {
        None => Ok(KeyMaterial::Public(public)),
        Some(d) => private_from_d(Curve::Ed25519, &d, &public, "RFC 8037 §2"),
    }
}

/// kty oct (RFC 7518 §6.4).
fn oct_jwk(object: &Map<String, Value>, notes: &mut Vec<String>) -> Result<KeyMaterial> {
    let k = required_bytes(object, "k", "RFC 7518 §6.4.1", notes)?;
    if k.is_empty() {
        return Err(Error::new(
            ErrorKind::SecretEmpty,
            "JWK member \"k\" is empty: an empty key authenticates nothing",
        ));
    }
    Ok(KeyMaterial::Secret(Secret::new(k.to_vec())))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    /// RFC 7515 Appendix A.3.1: the ES256 key.
    const P256_JWK: &str = r#"{"kty":"EC","crv":"P-256",
        "x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU",
        "y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0",
        "d":"jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI"}"#;

    fn kind(text: &str) -> Option<ErrorKind> {
        parse_json(text).err().map(|e| e.kind())
    }

    /// An array's error does not say the text starts with '{' (review of session 16).
    #[test]
    fn json_that_does_not_parse_is_named_whatever_it_starts_with() {
        for text in [r#"[{"kty":"RSA",]"#, r#"{"kty":"RSA",}"#] {
            let e = parse_json(text).unwrap_err();
            assert_eq!(e.kind(), ErrorKind::KeyJwk);
            assert!(
                e.message().starts_with("the key text starts as JSON does"),
                "{e}"
            );
        }
    }

    fn message(text: &str) -> String {
        parse_json(text)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default()
    }

    #[test]
    fn ec_private_and_public() {
        let set = parse_json(P256_JWK).expect("P-256 JWK");
        assert_eq!(set.source, KeySource::Single);
        assert!(matches!(
            set.keys[0].material,
            KeyMaterial::Private(PrivateKey::P256(_))
        ));
        let public = P256_JWK.replace(
            r#""d":"jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI""#,
            r#""kid":"public""#,
        );
        assert_ne!(public, P256_JWK);
        let set = parse_json(&public).expect("public");
        assert!(matches!(
            set.keys[0].material,
            KeyMaterial::Public(PublicKey::P256(_))
        ));
    }

    #[test]
    fn member_errors_name_the_member() {
        assert_eq!(kind(r#"{"crv":"P-256"}"#), Some(ErrorKind::KeyJwk));
        assert!(message(r#"{"crv":"P-256"}"#).contains("\"kty\""));
        let no_y =
            r#"{"kty":"EC","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU"}"#;
        assert!(message(no_y).contains("\"y\""), "{}", message(no_y));
        let short_x = r#"{"kty":"EC","crv":"P-256","x":"AQID","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"}"#;
        assert_eq!(kind(short_x), Some(ErrorKind::KeyJwk));
        assert!(message(short_x).contains("exactly 32 bytes"));
        let bad_char = P256_JWK.replace("f83OJ3D2", "f83OJ3D*");
        assert!(
            message(&bad_char).contains("\"x\""),
            "{}",
            message(&bad_char)
        );
        assert_eq!(
            kind(r#"{"kty":"EC","crv":"P-192","x":"","y":""}"#),
            Some(ErrorKind::KeyCurve)
        );
        assert_eq!(
            kind(r#"{"kty":"OKP","crv":"Ed448","x":""}"#),
            Some(ErrorKind::KeyCurve)
        );
        assert!(message(r#"{"kty":"rsa"}"#).contains("did you mean \"RSA\""));
        assert_eq!(
            kind(r#"{"kty":"oct","k":""}"#),
            Some(ErrorKind::SecretEmpty)
        );
        assert_eq!(kind("{not json"), Some(ErrorKind::KeyJwk));
        assert_eq!(
            kind(r#"{"kty":"oct","k":"AAAA","kid":7}"#),
            Some(ErrorKind::KeyJwk)
        );
        assert_eq!(
            kind(r#"{"kty":"oct","k":"AAAA","key_ops":["sign","sign"]}"#),
            Some(ErrorKind::KeyJwk)
        );
    }

    #[test]
    fn off_curve_and_mismatched_d() {
        let off = P256_JWK.replace("x_FEzRu9", "x_FEzRu8");
        assert!(
            message(&off).contains("not on the curve"),
            "{}",
            message(&off)
        );
        let other_d = P256_JWK.replace("jpsQnnGQ", "kpsQnnGQ");
        assert!(
            message(&other_d).contains("does not belong"),
            "{}",
            message(&other_d)
        );
    }

    #[test]
    fn padding_is_noted() {
        let set = parse_json(r#"{"kty":"oct","k":"AAAA","kid":"a"}"#).expect("oct");
        assert!(set.keys[0].notes.is_empty());
        let set = parse_json(r#"{"kty":"oct","k":"AAA="}"#).expect("padded");
        assert!(set.keys[0].notes[0].contains("padding"));
    }

    #[test]
    fn sets_skip_what_they_cannot_use() {
        let text = format!(
            r#"{{"keys":[{P256_JWK},{{"kty":"XYZ"}},7,{{"kty":"oct","k":"AAAA","use":"enc"}}]}}"#
        );
        let set = parse_json(&text).expect("set");
        assert_eq!(set.source, KeySource::Jwks);
        assert_eq!(set.keys.len(), 2);
        assert_eq!(
            set.skipped.iter().map(|(i, _)| *i).collect::<Vec<_>>(),
            vec![1, 2]
        );
        assert!(set.keys[0]
            .notes
            .iter()
            .any(|n| n.contains("private key material")));
        assert_eq!(kind(r#"{"keys":[]}"#), Some(ErrorKind::KeyNotFound));
        assert_eq!(
            kind(r#"{"keys":[{"kty":"XYZ"}]}"#),
            Some(ErrorKind::KeyNotFound)
        );
        assert_eq!(kind(r#"{"keys":{}}"#), Some(ErrorKind::KeyJwk));
    }

    /// RFC 7515 Appendix A.2.1's RSA key, by member.
    fn rfc7515_rsa(members: &[&str]) -> String {
        let v: Value = serde_json::from_str(super::super::fixtures::RFC7515_RSA).expect("json");
        let mut out = Map::new();
        out.insert("kty".into(), "RSA".into());
        for m in members {
            out.insert((*m).into(), v[*m].clone());
        }
        Value::Object(out).to_string()
    }

    #[test]
    fn rsa_primes_are_recovered_from_n_e_d() {
        let full =
            parse_json(&rfc7515_rsa(&["n", "e", "d", "p", "q", "dp", "dq", "qi"])).expect("full");
        assert!(full.keys[0].notes.is_empty(), "{:?}", full.keys[0].notes);
        let bare = parse_json(&rfc7515_rsa(&["n", "e", "d"])).expect("n, e, d");
        assert!(bare.keys[0].notes.iter().any(|n| n.contains("recovered")));
        let numbers = |set: &KeySet| match &set.keys[0].material {
            KeyMaterial::Private(PrivateKey::Rsa(k)) => k
                .all_numbers()
                .map(|n| (n.p.to_vec(), n.q.to_vec(), n.qi.to_vec()))
                .ok(),
            _ => None,
        };
        let (p, q, _) = numbers(&full).expect("full numbers");
        let (bp, bq, _) = numbers(&bare).expect("recovered numbers");
        assert!((bp == p && bq == q) || (bp == q && bq == p));
        let partial = parse_json(&rfc7515_rsa(&["n", "e", "d", "p", "q"])).expect("no CRT");
        assert!(partial.keys[0].notes.iter().any(|n| n.contains("all five")));
    }

    #[test]
    fn rsa_crt_values_read_back_are_the_rfc_7515_ones() {
        let v: Value = serde_json::from_str(super::super::fixtures::RFC7515_RSA).expect("json");
        let member =
            |m: &str| crate::jose::b64::decode_strict(v[m].as_str().expect("member")).expect("b64");
        let set =
            parse_json(&rfc7515_rsa(&["n", "e", "d", "p", "q", "dp", "dq", "qi"])).expect("full");
        let KeyMaterial::Private(PrivateKey::Rsa(k)) = &set.keys[0].material else {
            panic!("not an RSA private key");
        };
        let n = k.all_numbers().expect("numbers");
        for (name, got) in [
            ("n", n.n.clone()),
            ("e", n.e.clone()),
            ("d", n.d.to_vec()),
            ("p", n.p.to_vec()),
            ("q", n.q.to_vec()),
            ("dp", n.dp.to_vec()),
            ("dq", n.dq.to_vec()),
            ("qi", n.qi.to_vec()),
        ] {
            assert_eq!(got, member(name), "{name}");
        }
        // A key whose qi is another number is refused, naming the member.
        let wrong_qi = rfc7515_rsa(&["n", "e", "d", "p", "q", "dp", "dq"]);
        let wrong_qi = wrong_qi.replace(
            "}",
            &format!(r#","qi":"{}"}}"#, v["dq"].as_str().expect("dq")),
        );
        assert!(
            message(&wrong_qi).contains("JWK member \"qi\" does not match d, p and q"),
            "{}",
            message(&wrong_qi)
        );
    }

    #[test]
    fn rsa_inconsistencies_are_refused() {
        let only_p = rfc7515_rsa(&["n", "e", "d", "p"]);
        assert!(
            message(&only_p).contains("only one of \"p\" and \"q\""),
            "{}",
            message(&only_p)
        );
        let no_d = rfc7515_rsa(&["n", "e", "p", "q"]);
        assert!(message(&no_d).contains("no \"d\""), "{}", message(&no_d));
        let swapped = rfc7515_rsa(&["n", "e", "d", "p", "q", "dp", "dq", "qi"])
            .replace("BwKfV3Ak", "h_96-mK1");
        assert_eq!(kind(&swapped), Some(ErrorKind::KeyJwk));
        let wrong_d = rfc7515_rsa(&["n", "e", "d", "p", "q"]).replace("Eq5xpGnN", "Eq5xpGnM");
        assert_eq!(kind(&wrong_d), Some(ErrorKind::KeyJwk));
        let small = rfc7515_rsa(&["n", "e"]).replace("ofgWCuLj", "AAAAAAAA");
        assert_eq!(kind(&small), Some(ErrorKind::KeyTooSmall));
    }

    #[test]
    fn small_order_ed25519_key_is_noted() {
        let set = parse_json(
            r#"{"kty":"OKP","crv":"Ed25519","x":"AQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}"#,
        )
        .expect("identity point");
        assert!(set.keys[0].notes.iter().any(|n| n.contains("small order")));
    }

    #[test]
    fn shared_kids_are_noted() {
        let set = parse_json(
            r#"{"keys":[{"kty":"oct","k":"AAAA","kid":"a"},{"kty":"oct","k":"AQAB","kid":"a"}]}"#,
        )
        .expect("set");
        assert!(set.keys[0]
            .notes
            .iter()
            .any(|n| n.contains("shared with member(s) 1")));
    }
}
