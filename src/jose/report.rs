//! The engine's results as JSON documents with stable field names: the CLI's
//! `--json` output and the page's wasm boundary share them, so both speak the
//! same codes. Field names are a contract (documented in the README).

use serde_json::{json, Map, Value};
use zeroize::Zeroizing;

use super::claims::ClaimsReport;
use super::decode::Decoded;
use super::diagnose::{AuditFinding, Explanation, Found};
use super::error::{Error, ErrorKind};
use super::json;
use super::key::{GeneratedKeyPair, KeyForm, KeyForms, KeyPairSpec};
use super::problem::{Problem, Warning};
use super::time::format_utc;
use super::verify::{SignatureVerdict, Verification};

/// `{"code": "ERR_…", "message": "…", "location": "header"|"payload"|"signature"|"key"|"algorithm"|null}`.
pub fn error(e: &Error) -> Value {
    json!({
        "code": e.code(),
        "message": e.message(),
        "location": e.location().map(|l| l.as_str()),
    })
}

/// `{"code": "WARN_…", "message": "…"}`.
pub fn warning(w: &Warning) -> Value {
    json!({ "code": w.code(), "message": w.message })
}

/// One decode problem.
pub fn problem(p: &Problem) -> Value {
    json!({
        "code": p.code(),
        "severity": p.severity.as_str(),
        "segment": p.segment.map(|s| s.as_str()),
        "offset": p.offset,
        "message": p.message,
    })
}

/// A decoded token: `form`, `token`, `stripped`, `segments` (name, start, end),
/// `header`/`payload` (`text`, `json`), `signature` (`bytes`, `base64url`),
/// `alg`, `problems`.
pub fn decoded(d: &Decoded) -> Value {
    let part = |p: &Option<super::decode::Part>| match p {
        None => Value::Null,
        Some(p) => json!({ "text": p.text, "json": p.json }),
    };
    json!({
        "form": d.form.as_str(),
        "token": d.token,
        "stripped": d.stripped,
        "segments": d.segments.iter().map(|s| json!({
            "name": s.name.as_str(), "start": s.range.start, "end": s.range.end,
        })).collect::<Vec<_>>(),
        "header": part(&d.header),
        "payload": part(&d.payload),
        "signature": d.signature.as_ref().map(|s| json!({
            "bytes": s.len(),
            "base64url": super::b64::encode(s),
        })),
        "alg": d.header_object().and_then(|h| h.get("alg")).cloned(),
        "problems": d.problems.iter().map(problem).collect::<Vec<_>>(),
    })
}

/// The claims report: `status`, `times` (name, value, seconds, utc, state,
/// looks_like_millis, message), `expectations`, `errors`.
pub fn claims(c: &ClaimsReport) -> Value {
    json!({
        "status": c.status.as_str(),
        "times": c.times.iter().map(|t| json!({
            "name": t.name,
            "value": t.raw,
            "seconds": t.seconds,
            "utc": t.seconds.map(format_utc),
            "state": t.state.as_str(),
            "looks_like_millis": t.looks_like_millis,
            "message": t.message,
        })).collect::<Vec<_>>(),
        "expectations": c.expectations.iter().map(|e| json!({
            "name": e.name, "expected": e.expected, "ok": e.ok, "message": e.message,
        })).collect::<Vec<_>>(),
        "errors": c.errors.iter().map(error).collect::<Vec<_>>(),
    })
}

/// A security review: `[{"code": "AUDIT_…", "severity": "info"|"warning"|"danger",
/// "message", "fix", "spec"}]`, most severe first.
pub fn audit(findings: &[AuditFinding]) -> Value {
    Value::Array(
        findings
            .iter()
            .map(|f| {
                json!({
                    "code": f.code.code(),
                    "severity": f.severity.as_str(),
                    "message": f.message,
                    "fix": f.fix,
                    "spec": f.spec,
                })
            })
            .collect(),
    )
}

/// An explanation: `[{"code": "EXPLAIN_…", "message", "fix", "alg", "encoding",
/// "key": {"index", "kid"}|null}]`, empty when there is nothing to explain.
pub fn explanation(x: &Explanation) -> Value {
    Value::Array(
        x.findings
            .iter()
            .map(|f| {
                json!({
                    "code": f.code.code(),
                    "message": f.message,
                    "fix": f.fix,
                    "alg": f.alg.map(|a| a.name()),
                    "encoding": f.encoding.map(|e| e.name()),
                    "key": f.key.as_ref().map(|k| json!({ "index": k.index, "kid": k.kid })),
                })
            })
            .collect(),
    )
}

/// A verification: `valid`, `signature` (`status`, `error`), `alg`, `alg_source`
/// (`user`, `key`, `header`), `key` (`index`, `kid`, `description`, `reason`: `only`,
/// `kid`, `shared_kid`, `first_fit`, and `why` for people), `claims`, `warnings`.
pub fn verification(v: &Verification) -> Value {
    let mut sig = Map::new();
    sig.insert("status".into(), v.signature.as_str().into());
    sig.insert(
        "error".into(),
        match &v.signature {
            SignatureVerdict::Valid => Value::Null,
            SignatureVerdict::Invalid(e) | SignatureVerdict::Unchecked(e) => error(e),
        },
    );
    json!({
        "valid": v.is_valid(),
        "signature": sig,
        "alg": v.alg.map(|a| a.name()),
        "alg_source": v.alg_source.map(|s| s.as_str()),
        "key": v.key_used.as_ref().map(|k| json!({
            "index": k.index, "kid": k.kid, "description": k.description,
            "reason": k.reason.as_str(), "why": k.why,
        })),
        "claims": claims(&v.claims),
        "warnings": v.warnings.iter().map(warning).collect::<Vec<_>>(),
    })
}

/// A generated key pair: `spec` (its [`KeyPairSpec::name`]: `rsa-2048`, `p-256`,
/// `ed25519`…), `description`, `kid`, `public_pem`, `public_jwk`, `private_pem`,
/// `private_jwk` (the JWKs as objects). The CLI's `keygen --json` embeds these fields;
/// the page's worker sends them in [`keypair_reply`].
pub fn keypair(spec: KeyPairSpec, pair: &GeneratedKeyPair) -> Value {
    json!({
        "spec": spec.name(),
        "description": pair.key.describe(),
        "kid": pair.kid,
        "public_pem": pair.public_pem,
        "public_jwk": pair.public_jwk,
        "private_pem": pair.private_pem.as_str(),
        "private_jwk": pair.private_jwk,
    })
}

/// The key-pair worker's answer: `{"ok": true, "keypair": keypair}` or
/// `{"ok": false, "error": error}`.
pub fn keypair_reply(result: Result<(KeyPairSpec, &GeneratedKeyPair), &Error>) -> Value {
    match result {
        Ok((spec, pair)) => json!({ "ok": true, "keypair": keypair(spec, pair) }),
        Err(e) => json!({ "ok": false, "error": error(e) }),
    }
}

/// A [`keypair`] document, read back.
#[derive(Clone, PartialEq, Eq)]
pub struct KeyPairDocument {
    /// What was generated.
    pub spec: KeyPairSpec,
    /// The key, described for people.
    pub description: String,
    /// The RFC 7638 thumbprint.
    pub kid: String,
    /// SPKI PEM.
    pub public_pem: String,
    /// The public JWK.
    pub public_jwk: Value,
    /// PKCS#8 PEM.
    pub private_pem: String,
    /// The private JWK.
    pub private_jwk: Value,
}

impl std::fmt::Debug for KeyPairDocument {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeyPairDocument")
            .field("spec", &self.spec)
            .field("kid", &self.kid)
            .field("private_pem", &"(redacted)")
            .field("private_jwk", &"(redacted)")
            .finish_non_exhaustive()
    }
}

/// Reads a worker reply (`{"ok": true, …}` or `{"ok": false, "error": error}`):
/// the reply, or its own error (same code and message).
fn read_reply(text: &str, what: &str) -> Result<Value, Error> {
    let reply = json::value(text).map_err(|e| {
        Error::new(
            ErrorKind::JsonSyntax,
            format!("the {what} reply is not JSON: {e}"),
        )
    })?;
    if reply.get("ok") == Some(&Value::Bool(true)) {
        return Ok(reply);
    }
    let e = reply.get("error").unwrap_or(&Value::Null);
    let kind = e
        .get("code")
        .and_then(Value::as_str)
        .and_then(|code| ErrorKind::ALL.iter().find(|k| k.code() == code))
        .copied()
        .unwrap_or(ErrorKind::Parameter);
    let message = e.get("message").and_then(Value::as_str).ok_or_else(|| {
        Error::new(
            ErrorKind::Parameter,
            format!("the {what} reply has no \"message\""),
        )
    })?;
    Err(Error::new(kind, message))
}

/// Reads [`keypair_reply`]'s JSON text back.
///
/// # Errors
/// The reply's own error (same code and message) when it reports one;
/// `ERR_JSON_SYNTAX` when the text is not JSON; `ERR_PARAMETER` when a field is
/// missing or names an unknown kind.
pub fn read_keypair_reply(text: &str) -> Result<KeyPairDocument, Error> {
    let reply = read_reply(text, "key-pair")?;
    let field = |v: &Value, name: &str| {
        v.get(name)
            .and_then(Value::as_str)
            .map(str::to_string)
            .ok_or_else(|| {
                Error::new(
                    ErrorKind::Parameter,
                    format!("the key-pair reply has no \"{name}\""),
                )
            })
    };
    let pair = reply.get("keypair").unwrap_or(&Value::Null);
    let jwk = |name: &str| match pair.get(name) {
        Some(v @ Value::Object(_)) => Ok(v.clone()),
        _ => Err(Error::new(
            ErrorKind::Parameter,
            format!("the key-pair reply has no \"{name}\" object"),
        )),
    };
    Ok(KeyPairDocument {
        spec: field(pair, "spec")?.parse()?,
        description: field(pair, "description")?,
        kid: field(pair, "kid")?,
        public_pem: field(pair, "public_pem")?,
        public_jwk: jwk("public_jwk")?,
        private_pem: field(pair, "private_pem")?,
        private_jwk: jwk("private_jwk")?,
    })
}

/// The keys workshop's worker's answer for one key (`key::private_forms`; the
/// shape holds any `key::KeyForms`):
/// `{"ok": true, "thumbprint": text|null, "forms": {"spki-pem": text, …},
/// "problems": [text]}` or `{"ok": false, "error": error}` (numbers that are not a
/// key).
pub fn key_forms_reply(result: Result<&KeyForms, &Error>) -> Value {
    match result {
        Ok(k) => {
            let forms: Map<String, Value> = k
                .forms
                .iter()
                .map(|(form, text)| (form.name().to_string(), text.as_str().into()))
                .collect();
            json!({
                "ok": true,
                "thumbprint": k.thumbprint,
                "forms": forms,
                "problems": k.problems,
            })
        }
        Err(e) => json!({ "ok": false, "error": error(e) }),
    }
}

/// Reads [`key_forms_reply`]'s JSON text back.
///
/// # Errors
/// The reply's own error (same code and message) when it reports one;
/// `ERR_JSON_SYNTAX` when the text is not JSON; `ERR_PARAMETER` when a field is
/// missing or names an unknown form.
pub fn read_key_forms_reply(text: &str) -> Result<KeyForms, Error> {
    let reply = read_reply(text, "key forms")?;
    let bad = |name: &str| {
        Error::new(
            ErrorKind::Parameter,
            format!("the key forms reply has no valid \"{name}\""),
        )
    };
    let mut forms = Vec::new();
    let written = reply.get("forms").and_then(Value::as_object);
    for (name, text) in written.ok_or_else(|| bad("forms"))? {
        let form = KeyForm::from_name(name).ok_or_else(|| bad("forms"))?;
        let text = text.as_str().ok_or_else(|| bad("forms"))?;
        forms.push((form, Zeroizing::new(text.to_string())));
    }
    let problems = reply
        .get("problems")
        .and_then(Value::as_array)
        .ok_or_else(|| bad("problems"))?
        .iter()
        .map(|p| {
            p.as_str()
                .map(str::to_string)
                .ok_or_else(|| bad("problems"))
        })
        .collect::<Result<_, _>>()?;
    Ok(KeyForms {
        thumbprint: reply
            .get("thumbprint")
            .and_then(Value::as_str)
            .map(str::to_string),
        forms,
        problems,
    })
}

/// The worker's answer to a signing request (`sign::sign_with_parts`):
/// `{"ok": true, "signature": base64url}` or `{"ok": false, "error": error}`.
pub fn signature_reply(result: Result<&[u8], &Error>) -> Value {
    match result {
        Ok(sig) => json!({ "ok": true, "signature": super::b64::encode(sig) }),
        Err(e) => json!({ "ok": false, "error": error(e) }),
    }
}

/// Reads [`signature_reply`]'s JSON text back: the signature's bytes.
///
/// # Errors
/// The reply's own error (with its code and location lost: a signing error from the
/// worker is about the key); `ERR_JSON_SYNTAX` or `ERR_PARAMETER` for a reply that is
/// not one.
pub fn read_signature_reply(text: &str) -> Result<Vec<u8>, Error> {
    let reply = read_reply(text, "signing")?;
    reply
        .get("signature")
        .and_then(Value::as_str)
        .and_then(|s| super::b64::decode_strict(s).ok())
        .ok_or_else(|| {
            Error::new(
                ErrorKind::Parameter,
                "the signing reply has no valid \"signature\"",
            )
        })
}

/// The weak-secret check's answer for one part of the work (the page's workers send
/// one per part): `{"ok": true, "found": {"secret", "encoding"} | null, "tried": n}`
/// (`tried`: HMACs computed) or `{"ok": false, "error": error}`.
pub fn crack_reply(result: Result<(Option<&Found>, u64), &Error>) -> Value {
    match result {
        Ok((found, tried)) => json!({
            "ok": true,
            "found": found.map(|f| json!({ "secret": f.secret, "encoding": f.encoding.name() })),
            "tried": tried,
        }),
        Err(e) => json!({ "ok": false, "error": error(e) }),
    }
}

/// Reads [`crack_reply`]'s JSON text back: what was found, and how many HMACs.
///
/// # Errors
/// The reply's own error; `ERR_JSON_SYNTAX` or `ERR_PARAMETER` for a reply that is
/// not one.
pub fn read_crack_reply(text: &str) -> Result<(Option<Found>, u64), Error> {
    let reply = read_reply(text, "weak-secret check")?;
    let bad = |what: &str| {
        Error::new(
            ErrorKind::Parameter,
            format!("the weak-secret check reply has no valid \"{what}\""),
        )
    };
    let tried = reply
        .get("tried")
        .and_then(Value::as_u64)
        .ok_or_else(|| bad("tried"))?;
    let found = match reply.get("found") {
        None | Some(Value::Null) => None,
        Some(f) => Some(Found {
            secret: f
                .get("secret")
                .and_then(Value::as_str)
                .ok_or_else(|| bad("found.secret"))?
                .to_string(),
            encoding: f
                .get("encoding")
                .and_then(Value::as_str)
                .ok_or_else(|| bad("found.encoding"))?
                .parse()?,
        }),
    };
    Ok((found, tried))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jose::alg::Curve;
    use crate::jose::key::generate_keypair;

    #[test]
    fn a_key_forms_reply_reads_back_as_it_was_built() {
        use crate::jose::key::{key_forms, private_forms};
        let Ok(pair) = generate_keypair(KeyPairSpec::Ec(Curve::P384)) else {
            unreachable!()
        };
        let forms = key_forms(&pair.key);
        let Ok(private) = private_forms(&pair.key) else {
            unreachable!()
        };
        let reply = key_forms_reply(Ok(&private)).to_string();
        assert_eq!(read_key_forms_reply(&reply), Ok(private));
        let reply = key_forms_reply(Ok(&forms)).to_string();
        assert_eq!(
            read_key_forms_reply(&reply),
            Ok(forms.clone()),
            "every form, in order"
        );
        assert_eq!(forms.thumbprint.as_deref(), Some(pair.kid.as_str()));
        let e = Error::new(ErrorKind::KeyFormat, "not a P-384 public key");
        assert_eq!(
            read_key_forms_reply(&key_forms_reply(Err(&e)).to_string()),
            Err(e)
        );
        for bad in [
            "",
            r#"{"ok":true}"#,
            r#"{"ok":true,"forms":{},"problems":[1]}"#,
            r#"{"ok":true,"forms":{"pem":"x"},"problems":[]}"#,
        ] {
            assert!(read_key_forms_reply(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_crack_reply_reads_back_as_it_was_built() {
        use crate::jose::key::SecretEncoding;
        let found = Found {
            secret: "c2VjcmV0".into(),
            encoding: SecretEncoding::Base64,
        };
        let text = crack_reply(Ok((Some(&found), 42))).to_string();
        assert_eq!(read_crack_reply(&text).ok(), Some((Some(found), 42)));
        let text = crack_reply(Ok((None, 7))).to_string();
        assert_eq!(read_crack_reply(&text).ok(), Some((None, 7)));
        let e = Error::new(ErrorKind::KeyType, "signed with RS256");
        let back = read_crack_reply(&crack_reply(Err(&e)).to_string());
        assert_eq!(back.as_ref().err().map(Error::code), Some("ERR_KEY_TYPE"));
        assert_eq!(
            back.err().map(|e| e.message().to_string()).as_deref(),
            Some("signed with RS256")
        );
        for bad in [
            "",
            "[]",
            r#"{"ok":true}"#,
            r#"{"ok":true,"tried":1,"found":{"secret":"x","encoding":"rot13"}}"#,
            r#"{"ok":false}"#,
        ] {
            assert!(read_crack_reply(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_keypair_reply_reads_back_as_it_was_built() {
        for spec in [KeyPairSpec::Ed25519, KeyPairSpec::Ec(Curve::P256)] {
            let Ok(pair) = generate_keypair(spec) else {
                unreachable!("{spec:?} generates")
            };
            let text = keypair_reply(Ok((spec, &pair))).to_string();
            let Ok(doc) = read_keypair_reply(&text) else {
                unreachable!("{text}")
            };
            assert_eq!(doc.spec, spec);
            assert_eq!(doc.kid, pair.kid);
            assert_eq!(doc.description, pair.key.describe());
            assert_eq!(doc.private_pem, pair.private_pem.as_str());
            assert_eq!(doc.public_pem, pair.public_pem);
            assert_eq!(doc.public_jwk, pair.public_jwk);
            assert_eq!(doc.private_jwk, pair.private_jwk);
            assert!(doc.public_jwk.get("d").is_none());
            assert!(!format!("{doc:?}").contains("PRIVATE"));
        }
    }

    #[test]
    fn a_failed_or_broken_reply_is_an_error_with_a_code() {
        let Err(refused) = "dsa-1024".parse::<KeyPairSpec>() else {
            unreachable!()
        };
        let text = keypair_reply(Err(&refused)).to_string();
        assert_eq!(read_keypair_reply(&text), Err(refused.clone()));
        let code = |t: &str| read_keypair_reply(t).err().map(|e| e.code());
        assert_eq!(code("not json"), Some("ERR_JSON_SYNTAX"));
        assert_eq!(code(r#"{"ok":true}"#), Some("ERR_PARAMETER"));
        assert_eq!(code(r#"{"ok":false}"#), Some("ERR_PARAMETER"));
        assert_eq!(
            code(r#"{"ok":true,"keypair":{"spec":"dsa-1024"}}"#),
            Some(refused.code())
        );
    }
}
