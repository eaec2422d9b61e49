//! RFC 7515 Appendix A (with RFC 8037 A.4) and the RFC 7520 cookbook (with RFC 8037
//! and RFC 7797 examples), through the public API: verify every compact form with the
//! algorithm the vector declares, and re-sign the deterministic ones byte for byte.
//!
//! Deterministic: HMAC, RSASSA-PKCS1-v1_5 and Ed25519. The RFCs' ECDSA and RSA-PSS
//! signatures were made with random nonces / salts, so those are verified only
//! (jwtscope's ECDSA is RFC 6979 deterministic, but the RFCs' values are not).

use serde::Deserialize;
use serde_json::Value;

use jwtscope::jose::b64;
use jwtscope::jose::decode::decode_unverified;
use jwtscope::jose::key::KeySet;
use jwtscope::jose::sign::sign_parts;
use jwtscope::jose::verify::{verify, SignatureVerdict};
use jwtscope::jose::{Algorithm, ErrorKind, Family};

use super::common::{describe_verdict, load, options, parse_jwk_value};
use super::tally::Tally;

fn deterministic(alg: Algorithm) -> bool {
    matches!(
        alg.family(),
        Family::Hmac | Family::RsaPkcs1 | Family::EdDsa
    )
}

/// Verifies `token` under `alg` with `keys`; `Err` says what went wrong.
fn verify_compact(token: &str, alg: Algorithm, keys: &KeySet) -> Result<(), String> {
    let decoded = decode_unverified(token);
    let v = verify(&decoded, Some(keys), &options(Some(alg)));
    if v.signature == SignatureVerdict::Valid {
        Ok(())
    } else {
        Err(format!(
            "verify returned {} (decode problems: {:?})",
            describe_verdict(&v.signature),
            decoded
                .problems
                .iter()
                .map(|p| format!("{} {}", p.code(), p.message))
                .collect::<Vec<_>>()
        ))
    }
}

/// Re-signs `header_b64 . payload` with `alg` and the key, and compares with `token`.
fn resign(
    token: &str,
    header_b64: &str,
    payload: &str,
    alg: Algorithm,
    keys: &KeySet,
) -> Result<(), String> {
    let key = keys.keys.first().ok_or("no key")?;
    match sign_parts(header_b64, payload, alg, key) {
        Ok(signed) if signed == token => Ok(()),
        Ok(signed) => Err(format!(
            "re-signed token differs:\n      got      {signed}\n      expected {token}"
        )),
        Err(e) => Err(format!("sign_parts refused: {e:?}")),
    }
}

fn keys_of(jwk: &Value) -> Result<KeySet, String> {
    parse_jwk_value(jwk).map_err(|e| format!("the vector's key was refused by parse_key: {e:?}"))
}

// ---------------------------------------------------------------- RFC 7515 Appendix A

#[derive(Deserialize)]
struct AppendixFile {
    vectors: Vec<AppendixVector>,
}

#[derive(Deserialize)]
struct AppendixVector {
    id: String,
    alg: String,
    key: Option<Value>,
    token: String,
    expected: String,
}

/// `rfc7515/rfc7515_appendix_a.json`.
pub fn rfc7515_appendix_a(file: &str) {
    let f: AppendixFile = load(file);
    let mut t = Tally::new(file);
    let hs256_key = f
        .vectors
        .iter()
        .find(|v| v.alg == "HS256")
        .and_then(|v| v.key.as_ref())
        .and_then(|k| keys_of(k).ok());
    for v in &f.vectors {
        let id = format!("{} ({})", v.id, v.alg);
        if v.expected == "invalid" {
            // A.5, the unsecured JWS (alg "none"): never valid, with or without a key.
            let decoded = decode_unverified(&v.token);
            let flagged = decoded
                .problems
                .iter()
                .any(|p| p.kind == ErrorKind::AlgNone);
            let no_key = verify(&decoded, None, &options(None));
            let with_key = hs256_key
                .as_ref()
                .map(|k| verify(&decoded, Some(k), &options(Some(Algorithm::HS256))));
            let never_valid = no_key.signature != SignatureVerdict::Valid
                && with_key
                    .as_ref()
                    .is_none_or(|w| w.signature != SignatureVerdict::Valid);
            t.check(flagged && never_valid, Some("invalid as expected (alg none: flagged ERR_ALG_NONE at decode, never valid with or without a key)"), || {
                format!(
                    "{id}: expected refusal; decode problems {:?}, verify without key {}, with the A.1 key {:?}",
                    decoded.problems.iter().map(|p| p.code()).collect::<Vec<_>>(),
                    describe_verdict(&no_key.signature),
                    with_key.map(|w| describe_verdict(&w.signature))
                )
            });
            continue;
        }
        let Ok(alg) = Algorithm::parse(&v.alg) else {
            t.fail(format!(
                "{id}: the vector declares an algorithm the engine does not know"
            ));
            continue;
        };
        let Some(key) = v.key.as_ref() else {
            t.fail(format!("{id}: a valid vector without a key"));
            continue;
        };
        let keys = match keys_of(key) {
            Ok(k) => k,
            Err(e) => {
                t.fail(format!("{id}: {e}"));
                continue;
            }
        };
        if let Err(e) = verify_compact(&v.token, alg, &keys) {
            t.fail(format!("{id}: {e}"));
            continue;
        }
        if deterministic(alg) {
            // Sign the exact header and payload segments (A.1's header has a CRLF
            // inside: re-serialising it would change the signing input).
            let mut parts = v.token.split('.');
            let (h, p) = (
                parts.next().unwrap_or_default(),
                parts.next().unwrap_or_default(),
            );
            match resign(&v.token, h, p, alg, &keys) {
                Ok(()) => t.pass_as("verified and re-signed byte for byte"),
                Err(e) => t.fail(format!("{id}: verified, but {e}")),
            }
        } else {
            t.pass_as("verified only (the RFC's ECDSA signature is randomized: not reproducible)");
        }
    }
    t.finish(Some(f.vectors.len()));
}

// ---------------------------------------------------------------- RFC 7520 cookbook

#[derive(Deserialize)]
struct CookbookFile {
    title: String,
    input: CookbookInput,
    signing: Value,
    output: Value,
}

#[derive(Deserialize)]
struct CookbookInput {
    payload: String,
    /// One private JWK, or one per signature (4.8).
    key: Value,
    /// One algorithm, or one per signature (4.8).
    alg: Value,
}

/// How a cookbook signature is turned into a compact JWS, or why it cannot be.
enum Compact {
    /// `output.compact` as published.
    Published(String),
    /// Built from the JSON serialization: `protected . payload . signature`. Valid
    /// because the signature covers only the protected header and the payload (RFC
    /// 7515 §5.1 step 5); an unprotected header has no place in the compact form and
    /// is not signed, so leaving it out changes nothing that is verified.
    FromJson {
        token: String,
        dropped_unprotected: bool,
    },
    /// Detached content (RFC 7515 Appendix F): the published compact form has an empty
    /// payload segment, and the verifier re-attaches the payload it was given.
    Detached { published: String, attached: String },
    /// Not expressible as a compact JWS.
    Unavailable(&'static str),
}

fn str_at<'a>(v: &'a Value, path: &[&str]) -> Option<&'a str> {
    let mut cur = v;
    for p in path {
        cur = cur.get(*p)?;
    }
    cur.as_str()
}

/// The compact form of signature `sig` (a `signing` entry) with the JSON
/// serialization entry `json_sig` and the base64url payload.
fn compact_from_json(sig: &Value, payload_b64: &str) -> Compact {
    let Some(protected) = str_at(sig, &["protected"]).or_else(|| str_at(sig, &["protected_b64u"]))
    else {
        // RFC 7515 §7.1: the compact serialization carries only the protected header;
        // with no protected header the token has no "alg" (RFC 7515 §4.1.1 requires it).
        return Compact::Unavailable(
            "no protected header: \"alg\" is only in the unprotected header, which the compact serialization cannot carry (RFC 7515 §7.1); JSON serialization only",
        );
    };
    let Some(signature) = str_at(sig, &["signature"]).or_else(|| str_at(sig, &["sig"])) else {
        return Compact::Unavailable("no signature in the vector");
    };
    Compact::FromJson {
        token: format!("{protected}.{payload_b64}.{signature}"),
        dropped_unprotected: sig.get("header").is_some() || sig.get("unprotected").is_some(),
    }
}

/// A cookbook file under `rfc7520-cookbook/`.
pub fn cookbook(file: &str) {
    let mut t = Tally::new(file);
    if file.ends_with("curve25519/ecdh-es.json") {
        // Not a JWS at all: the whole file is skipped, said here and in the output.
        t.skip("ECDH-ES key agreement for JWE (RFC 8037 §3.2): jwtscope verifies and signs JWS; decrypting is out of scope", 1);
        t.finish(None);
        return;
    }
    let f: CookbookFile = load(file);
    let payload_b64 = b64::encode(f.input.payload.as_bytes());
    let unencoded =
        f.signing.get("protected").and_then(|p| p.get("b64")) == Some(&Value::Bool(false));

    // One entry per signature: (algorithm, key, signing entry, JSON entry).
    let algs: Vec<&Value> = match &f.input.alg {
        Value::Array(a) => a.iter().collect(),
        one => vec![one],
    };
    let keys: Vec<&Value> = match &f.input.key {
        Value::Array(a) => a.iter().collect(),
        one => vec![one],
    };
    let signings: Vec<&Value> = match &f.signing {
        Value::Array(a) => a.iter().collect(),
        one => vec![one],
    };
    for (i, ((alg, key), signing)) in algs.iter().zip(&keys).zip(&signings).enumerate() {
        let id = format!("{} signature {}", f.title, i + 1);
        let Some(alg) = alg.as_str().and_then(|a| Algorithm::parse(a).ok()) else {
            t.fail(format!("{id}: declared alg {alg} is not a JWS algorithm"));
            continue;
        };
        let compact = if unencoded {
            // RFC 7797: the payload is not base64url-encoded. Compact form only when
            // the payload has no '.', and only `output` is reliable in the compact file.
            match str_at(&f.output, &["compact"]) {
                Some(c) => Compact::Published(c.to_string()),
                None => Compact::Unavailable(
                    "RFC 7797 unencoded payload containing '.' (\"$.02\"): no compact form exists (RFC 7797 §5.2); JSON serialization only",
                ),
            }
        } else if let Some(published) = str_at(&f.output, &["compact"]) {
            let segments: Vec<&str> = published.split('.').collect();
            if segments.get(1) == Some(&"") {
                Compact::Detached {
                    published: published.to_string(),
                    attached: format!(
                        "{}.{payload_b64}.{}",
                        segments[0],
                        segments.get(2).unwrap_or(&"")
                    ),
                }
            } else {
                Compact::Published(published.to_string())
            }
        } else {
            let json_sig = f
                .output
                .get("json")
                .and_then(|j| j.get("signatures"))
                .and_then(|s| s.get(i))
                .unwrap_or(signing);
            compact_from_json(json_sig, &payload_b64)
        };
        let token = match &compact {
            Compact::Unavailable(why) => {
                t.skip(why, 1);
                continue;
            }
            Compact::Published(tok) => tok.clone(),
            Compact::FromJson { token, .. } => token.clone(),
            Compact::Detached { attached, .. } => attached.clone(),
        };
        let keys = match keys_of(key) {
            Ok(k) => k,
            Err(e) => {
                t.fail(format!("{id}: {e}"));
                continue;
            }
        };
        if let Err(e) = verify_compact(&token, alg, &keys) {
            t.fail(format!("{id}: {token}: {e}"));
            continue;
        }
        if let Compact::Detached { published, .. } = &compact {
            // The detached form as published has an empty payload: verified as is it
            // must not be valid (the signature covers the real payload).
            if verify_compact(published, alg, &keys).is_ok() {
                t.fail(format!(
                    "{id}: the detached form verified without its payload"
                ));
                continue;
            }
        }
        let how = match &compact {
            Compact::Detached { .. } => "detached content re-attached (RFC 7515 Appendix F)",
            Compact::FromJson { dropped_unprotected: true, .. } => {
                "compact form built from the JSON serialization (unsigned unprotected header left out)"
            }
            Compact::FromJson { .. } => "compact form built from the JSON serialization",
            _ => "published compact form",
        };
        if !deterministic(alg) {
            t.pass_as(&format!(
                "verified only ({alg}: the RFC's signature is randomized); {how}"
            ));
            continue;
        }
        // Re-sign from the exact protected header and payload segments of the token
        // (for rfc7797's compact file, `signing.protected_b64u` is wrong — it does not
        // decode to the header used — so the token's own header segment is used).
        let mut parts = token.splitn(3, '.');
        let (h, p) = (
            parts.next().unwrap_or_default(),
            parts.next().unwrap_or_default(),
        );
        if !unencoded {
            if let Some(protected_b64u) = str_at(signing, &["protected_b64u"]) {
                if protected_b64u != h {
                    t.fail(format!(
                        "{id}: signing.protected_b64u differs from the token's header segment"
                    ));
                    continue;
                }
            }
            if p != payload_b64 {
                t.fail(format!(
                    "{id}: the token's payload segment is not base64url(input.payload)"
                ));
                continue;
            }
        }
        match resign(&token, h, p, alg, &keys) {
            Ok(()) => t.pass_as(&format!("verified and re-signed byte for byte; {how}")),
            Err(e) => t.fail(format!("{id}: verified, but {e}")),
        }
    }
    t.finish(None);
}
