//! The engine's results as JSON documents with stable field names: the CLI's
//! `--json` output and the page's wasm boundary share them, so both speak the
//! same codes. Field names are a contract (documented in the README).

use serde_json::{json, Map, Value};

use super::claims::ClaimsReport;
use super::decode::Decoded;
use super::diagnose::Explanation;
use super::error::Error;
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
