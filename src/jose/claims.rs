//! Registered claims checked against a caller-supplied clock (RFC 7519 §4.1).
//!
//! `now` is always passed in — the engine never reads a clock — so the page can
//! show "as of" any time and tests are exact.

use serde_json::{Map, Value};

use super::decode::{Decoded, TokenForm};
use super::error::{Error, ErrorKind};
use super::json;
use super::problem::{Warning, WarningKind};
use super::time::{format_utc, human_duration, in_range, NumericDate, OUT_OF_RANGE};

/// What to check claims against.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClaimsOptions {
    /// The current time, Unix seconds.
    pub now: i64,
    /// Clock skew tolerated on `exp`, `nbf` and `iat`, in seconds.
    pub leeway: u64,
    /// The `iss` to expect, if any.
    pub iss: Option<String>,
    /// An audience that `aud` must contain, if any.
    pub aud: Option<String>,
}

/// The state of one time claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeState {
    /// Within its bound.
    Valid,
    /// `exp` passed this many seconds ago.
    Expired(i64),
    /// `nbf` is this many seconds away.
    NotYetValid(i64),
    /// `iat` is this many seconds in the future.
    IssuedInFuture(i64),
    /// Not a number (RFC 7519 §2 NumericDate).
    WrongType,
}

impl TimeState {
    /// Lower-case name for JSON.
    pub const fn as_str(self) -> &'static str {
        match self {
            TimeState::Valid => "valid",
            TimeState::Expired(_) => "expired",
            TimeState::NotYetValid(_) => "not_yet_valid",
            TimeState::IssuedInFuture(_) => "issued_in_future",
            TimeState::WrongType => "wrong_type",
        }
    }
}

/// One of `exp`, `nbf`, `iat`.
#[derive(Debug, Clone, PartialEq)]
pub struct TimeClaim {
    /// `exp`, `nbf` or `iat`.
    pub name: &'static str,
    /// The value as found.
    pub raw: Value,
    /// Whole Unix seconds (rounded down, saturated to `i64`), when numeric. The
    /// comparison with the clock uses the exact value.
    pub seconds: Option<i64>,
    /// Its state at `now`.
    pub state: TimeState,
    /// The value is so large it is probably milliseconds.
    pub looks_like_millis: bool,
    /// One line for people.
    pub message: String,
}

/// An expectation on `iss` or `aud`.
#[derive(Debug, Clone, PartialEq)]
pub struct Expectation {
    /// `iss` or `aud`.
    pub name: &'static str,
    /// What was expected.
    pub expected: String,
    /// Whether the token meets it.
    pub ok: bool,
    /// One line for people.
    pub message: String,
}

/// Overall claims status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClaimsStatus {
    /// Every checked claim passes.
    Valid,
    /// At least one fails.
    Invalid,
    /// Nothing to check (no time claims, no expectations).
    None,
    /// The payload was meant as a claims set (it starts with `{`) but is not one that
    /// parses cleanly: invalid UTF-8, invalid JSON, a number out of range, duplicate
    /// members. A claim that could not be read never passes (RFC 7519 §7.2 steps 9–10).
    Unreadable,
    /// The payload is not a JSON object at all (text, an array, binary, nothing):
    /// the token may be a valid JWS, but it is not a JWT (RFC 7519 §7.2 step 10).
    NotJwt,
}

impl ClaimsStatus {
    /// Lower-case name for JSON and `data-claims`.
    pub const fn as_str(self) -> &'static str {
        match self {
            ClaimsStatus::Valid => "valid",
            ClaimsStatus::Invalid => "invalid",
            ClaimsStatus::None => "none",
            ClaimsStatus::Unreadable => "unreadable",
            ClaimsStatus::NotJwt => "not_jwt",
        }
    }

    /// Whether the claims allow an overall verdict of valid: a claims set that was
    /// read, whose checked claims all pass (or that had nothing to check).
    pub const fn passes(self) -> bool {
        matches!(self, ClaimsStatus::Valid | ClaimsStatus::None)
    }
}

/// Everything checked about the claims.
#[derive(Debug, Clone, PartialEq)]
pub struct ClaimsReport {
    /// `exp`, `nbf`, `iat`, as present.
    pub times: Vec<TimeClaim>,
    /// `iss` and `aud` expectations, as requested.
    pub expectations: Vec<Expectation>,
    /// Overall.
    pub status: ClaimsStatus,
    /// Each failure as an error with its code.
    pub errors: Vec<Error>,
    /// Non-blocking findings.
    pub warnings: Vec<Warning>,
}

/// Above this a NumericDate is probably milliseconds (year 5138 in seconds).
const MILLIS_THRESHOLD: i64 = 100_000_000_000;

/// Reads the JWT claims set of a decoded token: its payload, which must be UTF-8
/// JSON text that parses cleanly to an object (RFC 7519 §7.2 steps 9–10), with no
/// duplicate member names (RFC 7519 §4) and no number out of range.
///
/// The payload is parsed again here, so a `b64: false` payload (RFC 7797), which
/// decoding shows without judging, is held to the same rule as an encoded one.
///
/// # Errors
/// `ERR_JWT_CLAIMS_UNREADABLE` when the payload is meant as a claims set (it starts
/// with `{`) but does not read as one, or there is no payload to read;
/// `ERR_JWT_NOT_A_JWT` when it is not a JSON object at all.
pub fn claims_set(decoded: &Decoded) -> Result<&Map<String, Value>, Error> {
    let unreadable = |m: String| Error::new(ErrorKind::ClaimsUnreadable, m);
    let not_jwt = |what: &str| {
        Error::new(
            ErrorKind::NotJwt,
            format!("not a JWT: the payload is {what}, not a JSON object (RFC 7519 §7.2)"),
        )
    };
    let Some(part) = &decoded.payload else {
        return Err(unreadable(match decoded.form {
            TokenForm::Jwe => "the claims cannot be read: the payload is encrypted (JWE)".into(),
            _ => "the claims cannot be read: no payload was decoded".into(),
        }));
    };
    // RFC 7797 §7: "JSON Web Tokens MUST NOT use "b64" with a "false" value". The
    // signature of such a JWS may verify; what it signs is not a JWT's claims set.
    if decoded.unencoded_payload() {
        return Err(Error::new(
            ErrorKind::NotJwt,
            "not a JWT: a JWT must not use \"b64\": false (RFC 7797 §7)".to_string(),
        ));
    }
    // A byte order mark before the object: JSON text must not have one (RFC 8259
    // §8.1), so the claims do not read, but the payload was meant as a claims set.
    let (bom, rest) = match part.bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => (true, rest),
        None => (false, &part.bytes[..]),
    };
    let meant_as_object = rest.trim_ascii_start().starts_with(b"{");
    if bom && meant_as_object {
        return Err(unreadable(
            "the claims cannot be read: the payload starts with a byte order mark (U+FEFF), which JSON text must not (RFC 8259 §8.1)".into(),
        ));
    }
    let Ok(text) = std::str::from_utf8(&part.bytes) else {
        return Err(if meant_as_object {
            unreadable(
                "the claims cannot be read: the payload is not UTF-8 (RFC 7519 §7.2 step 9)".into(),
            )
        } else {
            not_jwt("binary data")
        });
    };
    if text.trim().is_empty() {
        return Err(not_jwt("empty"));
    }
    let (value, issue) = json::parse(text);
    match (value.as_ref(), issue) {
        (_, Some(issue)) if meant_as_object => Err(unreadable(format!(
            "the claims cannot be read: the payload {} at line {}, column {}: {}",
            match issue.kind {
                ErrorKind::JsonDuplicateMember => "has a duplicate member (RFC 7519 §4)",
                _ => "is not valid JSON",
            },
            issue.line,
            issue.column,
            issue.message
        ))),
        (Some(Value::Array(_)), _) => Err(not_jwt("a JSON array")),
        (Some(Value::String(_)), _) => Err(not_jwt("a JSON string")),
        (Some(Value::Number(_)), _) => Err(not_jwt("a JSON number")),
        (Some(Value::Bool(_)), _) => Err(not_jwt("a JSON boolean")),
        (Some(Value::Null), _) => Err(not_jwt("JSON null")),
        (_, Some(_)) | (None, None) => Err(not_jwt(
            if decoded
                .header_str("cty")
                .is_some_and(|c| c.eq_ignore_ascii_case("JWT"))
            {
                "a nested JWT (\"cty\": \"JWT\", RFC 7519 §5.2: check the inner token on its own)"
            } else {
                "text"
            },
        )),
        (Some(Value::Object(_)), None) => decoded.claims().ok_or_else(|| {
            unreadable("the claims cannot be read: the payload did not decode".into())
        }),
    }
}

/// Checks the claims of a decoded token at `opts.now`: [`claims_set`], then
/// [`check_claims`]. When the claims set cannot be read the status says so
/// ([`ClaimsStatus::Unreadable`] or [`ClaimsStatus::NotJwt`]) and the reason is the
/// first error; the time claims of whatever did parse (the last of duplicate
/// members) are still reported, for people, and never make the token valid.
pub fn check_token_claims(decoded: &Decoded, opts: &ClaimsOptions) -> ClaimsReport {
    match claims_set(decoded) {
        Ok(claims) => check_claims(Some(claims), opts),
        Err(reason) => {
            let status = match reason.kind() {
                ErrorKind::NotJwt => ClaimsStatus::NotJwt,
                _ => ClaimsStatus::Unreadable,
            };
            let mut report = check_claims(decoded.claims(), opts);
            report.status = status;
            report.errors.insert(0, reason);
            report
        }
    }
}

/// Checks `exp`, `nbf`, `iat` and the requested `iss`/`aud` at `opts.now`.
///
/// `claims` is taken as read: a token's claims go through [`check_token_claims`],
/// which first makes sure there is a claims set to check.
pub fn check_claims(claims: Option<&Map<String, Value>>, opts: &ClaimsOptions) -> ClaimsReport {
    let mut report = ClaimsReport {
        times: Vec::new(),
        expectations: Vec::new(),
        status: ClaimsStatus::None,
        errors: Vec::new(),
        warnings: Vec::new(),
    };
    let empty = Map::new();
    let claims = claims.unwrap_or(&empty);
    let now = opts.now;

    for name in ["exp", "nbf", "iat"] {
        let Some(raw) = claims.get(name) else {
            continue;
        };
        let date = NumericDate::from_json(raw);
        let seconds = date.map(NumericDate::whole_seconds);
        let (state, message) = match date {
            None => (
                TimeState::WrongType,
                format!(
                    "\"{name}\" must be a number of seconds (RFC 7519 §2 NumericDate), found {}",
                    json::shown(raw)
                ),
            ),
            Some(t) => time_state(name, t, raw, now, opts.leeway),
        };
        // Read as milliseconds only when that gives a date (so never i64::MIN).
        let looks_like_millis = seconds.is_some_and(|t| {
            t.unsigned_abs() >= MILLIS_THRESHOLD.unsigned_abs() && in_range(t / 1000)
        });
        if looks_like_millis {
            report.warnings.push(Warning::new(
                WarningKind::TimeInMillis,
                format!(
                    "\"{name}\" looks like milliseconds: as seconds it is {}; as milliseconds {}",
                    seconds.map(format_utc).unwrap_or_default(),
                    seconds.map(|t| format_utc(t / 1000)).unwrap_or_default()
                ),
            ));
        }
        match state {
            TimeState::Valid => {}
            TimeState::WrongType => report
                .errors
                .push(Error::new(ErrorKind::ClaimType, message.clone())),
            TimeState::Expired(_) => report
                .errors
                .push(Error::new(ErrorKind::ClaimExpired, message.clone())),
            TimeState::NotYetValid(_) => report
                .errors
                .push(Error::new(ErrorKind::ClaimNotYetValid, message.clone())),
            TimeState::IssuedInFuture(_) => report
                .errors
                .push(Error::new(ErrorKind::ClaimIssuedInFuture, message.clone())),
        }
        report.times.push(TimeClaim {
            name,
            raw: raw.clone(),
            seconds,
            state,
            looks_like_millis,
            message,
        });
    }

    // RFC 7519 §4.1.1–4.1.3 and §4.1.7: `iss` and `sub` are StringOrURI values,
    // `aud` one or an array of them, `jti` a string. A registered claim of another
    // type does not read as what it is, so it never passes (PyJWT refuses a `sub`
    // or `jti` that is not a string, and any `aud` it cannot check).
    for (name, section, what) in [
        ("iss", "4.1.1", "a string"),
        ("sub", "4.1.2", "a string"),
        ("aud", "4.1.3", "a string or an array of strings"),
        ("jti", "4.1.7", "a string"),
    ] {
        let readable = match claims.get(name) {
            None | Some(Value::String(_)) => true,
            Some(Value::Array(items)) => name == "aud" && items.iter().all(Value::is_string),
            Some(_) => false,
        };
        if let (false, Some(found)) = (readable, claims.get(name)) {
            report.errors.push(Error::new(
                ErrorKind::ClaimType,
                format!(
                    "\"{name}\" must be {what} (RFC 7519 §{section}), found {}",
                    json::shown(found)
                ),
            ));
        }
    }

    if let Some(expected) = &opts.iss {
        let found = claims.get("iss");
        let ok = found.and_then(Value::as_str) == Some(expected.as_str());
        let message = match found {
            _ if ok => format!("\"iss\" is \"{expected}\" as expected"),
            None => format!("expected \"iss\" \"{expected}\", but the token has no \"iss\""),
            Some(v) => format!("expected \"iss\" \"{expected}\", found {}", json::shown(v)),
        };
        push_expectation(&mut report, "iss", expected, ok, message);
    }
    if let Some(expected) = &opts.aud {
        let found = claims.get("aud");
        // RFC 7519 §4.1.3: a string or an array of strings. An array with anything
        // else in it is a claim that does not read, so it never matches.
        // An empty expected audience matches nothing, not even an empty `aud`
        // (PyJWT reads an empty `aud` as none).
        let ok = !expected.is_empty()
            && match found {
                Some(Value::String(s)) => s == expected,
                Some(Value::Array(items)) => {
                    items.iter().all(Value::is_string)
                        && items.iter().any(|v| v.as_str() == Some(expected.as_str()))
                }
                _ => false,
            };
        let message = match found {
            _ if ok => format!("\"aud\" contains \"{expected}\""),
            _ if expected.is_empty() => {
                "an empty expected audience matches no \"aud\" (RFC 7519 §4.1.3)".to_string()
            }
            None => format!("expected audience \"{expected}\", but the token has no \"aud\""),
            Some(v) => {
                format!(
                    "expected audience \"{expected}\" (RFC 7519 §4.1.3), \"aud\" is {}",
                    json::shown(v)
                )
            }
        };
        push_expectation(&mut report, "aud", expected, ok, message);
    }

    if !claims.contains_key("exp") && claims.get("sub").is_some() {
        report.warnings.push(Warning::new(
            WarningKind::NoExpiry,
            "no \"exp\": this token never expires (RFC 8725 §3.10 recommends short-lived tokens)",
        ));
    }

    report.status = if !report.errors.is_empty() {
        ClaimsStatus::Invalid
    } else if report.times.is_empty() && report.expectations.is_empty() {
        ClaimsStatus::None
    } else {
        ClaimsStatus::Valid
    };
    report
}

fn push_expectation(
    report: &mut ClaimsReport,
    name: &'static str,
    expected: &str,
    ok: bool,
    message: String,
) {
    if !ok {
        report
            .errors
            .push(Error::new(ErrorKind::ClaimMismatch, message.clone()));
    }
    report.expectations.push(Expectation {
        name,
        expected: expected.to_string(),
        ok,
        message,
    });
}

/// The state of one time claim at `now` with `leeway`, compared exactly: a
/// fractional NumericDate is not rounded, and sums are taken in `i128`.
fn time_state(
    name: &str,
    t: NumericDate,
    raw: &Value,
    now: i64,
    leeway: u64,
) -> (TimeState, String) {
    let (now_wide, leeway) = (i128::from(now), i128::from(leeway));
    let secs = t.whole_seconds();
    // Seconds from now to t (positive: ahead), rounded towards now.
    let ahead = t.seconds_after(now);
    // "(2024-01-01 00:00:00 UTC)", or, far away, no date and no duration.
    let shown = in_range(secs) && in_range(now);
    let at = format_utc(secs);
    let far = || {
        if in_range(now) {
            format!("{raw} is {OUT_OF_RANGE}")
        } else {
            format!("the clock ({now}) is {OUT_OF_RANGE}")
        }
    };
    match name {
        // RFC 7519 §4.1.4: the current time MUST be before exp: expired when
        // exp ≤ now − leeway. Its whole seconds are compared (rounded down), as
        // PyJWT does: a fraction of a second never keeps a token alive (the other
        // times compare exactly, which is the stricter way for them).
        "exp" if i128::from(secs) <= now_wide - leeway => {
            let by = ahead.checked_neg().unwrap_or(i64::MAX).max(0);
            let message = if shown {
                format!("expired {} ago ({at})", human_duration(by.max(1)))
            } else {
                format!("expired: {}", far())
            };
            (TimeState::Expired(by), message)
        }
        "exp" if shown => (
            TimeState::Valid,
            format!("expires in {} ({at})", human_duration(ahead)),
        ),
        "exp" => (TimeState::Valid, format!("not expired: {}", far())),
        // RFC 7519 §4.1.5: the current time MUST be after or equal to nbf: not yet
        // valid when nbf > now + leeway.
        "nbf" if t.is_after(now_wide + leeway) => {
            let wait = ahead.max(0);
            let message = if shown {
                format!(
                    "not valid for another {} ({at})",
                    human_duration(wait.max(1))
                )
            } else {
                format!("not yet valid: {}", far())
            };
            (TimeState::NotYetValid(wait), message)
        }
        "nbf" if shown => (TimeState::Valid, format!("valid since {at}")),
        "nbf" => (TimeState::Valid, format!("valid: {}", far())),
        // RFC 7519 §4.1.6 leaves iat to the application; a future one is refused.
        _ if t.is_after(now_wide + leeway) => {
            let by = ahead.max(0);
            let message = if shown {
                format!(
                    "issued {} in the future ({at}): check the issuer's clock or allow leeway",
                    human_duration(by.max(1))
                )
            } else {
                format!("issued in the future: {}", far())
            };
            (TimeState::IssuedInFuture(by), message)
        }
        _ if shown => (
            TimeState::Valid,
            format!(
                "issued {} ago ({at})",
                human_duration(ahead.saturating_neg())
            ),
        ),
        _ => (TimeState::Valid, format!("issued: {}", far())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn report(claims: Value, now: i64, leeway: u64) -> ClaimsReport {
        let opts = ClaimsOptions {
            now,
            leeway,
            ..Default::default()
        };
        check_claims(claims.as_object(), &opts)
    }

    #[test]
    fn exp_boundaries_and_leeway() {
        assert_eq!(
            report(json!({"exp": 100}), 99, 0).status,
            ClaimsStatus::Valid
        );
        let r = report(json!({"exp": 100}), 100, 0);
        assert_eq!(r.times[0].state, TimeState::Expired(0));
        assert_eq!(r.errors[0].code(), "ERR_JWT_EXPIRED");
        assert_eq!(
            report(json!({"exp": 100}), 130, 60).status,
            ClaimsStatus::Valid
        );
        assert_eq!(
            report(json!({"exp": 100}), 100 + 3 * 3600, 0).times[0].message,
            "expired 3 h ago (1970-01-01 00:01:40 UTC)"
        );
    }

    #[test]
    fn nbf_and_iat() {
        let r = report(json!({"nbf": 200, "iat": 300}), 100, 0);
        assert_eq!(r.times[0].state, TimeState::NotYetValid(100));
        assert_eq!(r.times[1].state, TimeState::IssuedInFuture(200));
        assert_eq!(r.status, ClaimsStatus::Invalid);
        assert_eq!(
            report(json!({"nbf": 200}), 150, 50).status,
            ClaimsStatus::Valid
        );
    }

    #[test]
    fn wrong_type_and_millis() {
        let r = report(json!({"exp": "1700000000"}), 0, 0);
        assert_eq!(r.times[0].state, TimeState::WrongType);
        assert_eq!(r.errors[0].code(), "ERR_JWT_CLAIM_TYPE");
        let r = report(json!({"exp": 1_700_000_000_000i64}), 1_700_000_000, 0);
        assert!(r.times[0].looks_like_millis);
        assert_eq!(r.warnings[0].code(), "WARN_TIME_MILLISECONDS");
    }

    #[test]
    fn fractional_seconds_allowed() {
        let r = report(json!({"exp": 100.9}), 100, 0);
        assert_eq!(r.times[0].seconds, Some(100));
    }

    #[test]
    fn iss_and_aud() {
        let opts = ClaimsOptions {
            now: 0,
            leeway: 0,
            iss: Some("me".into()),
            aud: Some("api".into()),
        };
        let ok = json!({"iss": "me", "aud": ["web", "api"]});
        assert_eq!(
            check_claims(ok.as_object(), &opts).status,
            ClaimsStatus::Valid
        );
        let bad = json!({"iss": "you", "aud": "web"});
        let r = check_claims(bad.as_object(), &opts);
        assert_eq!(r.errors.len(), 2);
        assert_eq!(r.errors[0].code(), "ERR_JWT_CLAIM_MISMATCH");
        // An array that holds anything but strings does not read (as in PyJWT), even
        // when the expected audience is in it.
        for aud in [
            json!(["api", 1]),
            json!(["api", null]),
            json!([["api"]]),
            json!(7),
        ] {
            let claims = json!({"iss": "me", "aud": aud});
            let r = check_claims(claims.as_object(), &opts);
            assert_eq!(r.status, ClaimsStatus::Invalid, "{aud}");
            assert!(!r.expectations[1].ok, "{aud}");
        }
        let r = check_claims(json!({"iss": "me", "aud": ["api", 1]}).as_object(), &opts);
        let codes: Vec<_> = r.errors.iter().map(Error::code).collect();
        assert_eq!(codes, ["ERR_JWT_CLAIM_TYPE", "ERR_JWT_CLAIM_MISMATCH"]);
        for e in &r.errors {
            assert!(e.message().contains("RFC 7519 §4.1.3"), "{e}");
        }
    }

    #[test]
    fn an_empty_expected_audience_matches_nothing() {
        let opts = ClaimsOptions {
            now: 0,
            leeway: 0,
            iss: None,
            aud: Some(String::new()),
        };
        for aud in [json!(""), json!([""]), json!("api")] {
            let r = check_claims(json!({ "aud": aud }).as_object(), &opts);
            assert_eq!(r.status, ClaimsStatus::Invalid, "{aud}");
            assert!(r.expectations[0]
                .message
                .contains("empty expected audience"));
        }
    }

    #[test]
    fn registered_string_claims_must_be_strings() {
        let opts = ClaimsOptions {
            now: 0,
            leeway: 0,
            iss: None,
            aud: None,
        };
        let strings = json!({"iss": "me", "sub": "42", "aud": ["a", "b"], "jti": "x"});
        assert_eq!(
            check_claims(strings.as_object(), &opts).status,
            ClaimsStatus::None
        );
        let aud_string = json!({"aud": "a"});
        assert_eq!(
            check_claims(aud_string.as_object(), &opts).status,
            ClaimsStatus::None
        );
        // Each of another type is a claim that does not read, with or without an
        // expectation on it; other claims may be anything.
        for (claims, name) in [
            (json!({"sub": 42}), "sub"),
            (json!({"jti": 7}), "jti"),
            (json!({"iss": {"url": "x"}}), "iss"),
            (json!({"sub": null}), "sub"),
            (json!({"sub": ["a"]}), "sub"),
            (json!({"aud": 1}), "aud"),
            (json!({"aud": ["a", 1]}), "aud"),
            (json!({"aud": {"a": 1}}), "aud"),
        ] {
            let r = check_claims(claims.as_object(), &opts);
            assert_eq!(r.status, ClaimsStatus::Invalid, "{claims}");
            assert_eq!(r.errors.len(), 1, "{claims}");
            assert_eq!(r.errors[0].code(), "ERR_JWT_CLAIM_TYPE");
            let message = r.errors[0].message();
            assert!(
                message.starts_with(&format!("\"{name}\" must be")),
                "{message}"
            );
        }
        let other = json!({"name": 1, "admin": true, "scope": ["a", 2]});
        assert_eq!(
            check_claims(other.as_object(), &opts).status,
            ClaimsStatus::None
        );
    }

    #[test]
    fn nothing_to_check() {
        assert_eq!(
            report(json!({"name": "x"}), 0, 0).status,
            ClaimsStatus::None
        );
        assert_eq!(
            check_claims(None, &ClaimsOptions::default()).status,
            ClaimsStatus::None
        );
    }
}

#[cfg(test)]
mod extremes {
    //! Regression: `exp`/`nbf`/`iat` at the edges of i64 and f64, and any leeway,
    //! never panic, never wrap, and far-away times read "out of range".
    use super::*;
    use serde_json::json;

    fn check(claims: Value, now: i64, leeway: u64) -> ClaimsReport {
        let opts = ClaimsOptions {
            now,
            leeway,
            ..Default::default()
        };
        check_claims(claims.as_object(), &opts)
    }

    fn parsed(text: &str) -> Value {
        serde_json::from_str(text).unwrap_or(Value::Null)
    }

    #[test]
    fn no_panic_and_no_wrap_over_the_extremes() {
        let values = [
            "-9223372036854775808",
            "9223372036854775807",
            "18446744073709551615",
            "-1e300",
            "1e300",
            "-1e19",
            "1e19",
            "-0.5",
            "0.5",
            "1.7976931348623157e308",
            "-1.7976931348623157e308",
            "5e-324",
        ];
        let nows = [i64::MIN, -1, 0, 1_700_000_000, i64::MAX];
        let leeways = [0, 1, i64::MAX as u64, u64::MAX];
        for v in values {
            for now in nows {
                for leeway in leeways {
                    for name in ["exp", "nbf", "iat"] {
                        let r = check(parsed(&format!("{{\"{name}\":{v}}}")), now, leeway);
                        let t = &r.times[0];
                        assert_ne!(t.state, TimeState::WrongType, "{name}={v}");
                        assert!(!t.message.contains("-292"), "{name}={v}: {}", t.message);
                    }
                }
            }
        }
    }

    #[test]
    fn far_times_are_out_of_range_with_the_right_verdict() {
        let now = 1_700_000_000;
        for v in ["-9223372036854775808", "-1e300", "-1e19"] {
            let r = check(parsed(&format!("{{\"exp\":{v}}}")), now, 0);
            assert!(matches!(r.times[0].state, TimeState::Expired(_)), "exp={v}");
            assert!(
                r.times[0].message.contains("out of range"),
                "{}",
                r.times[0].message
            );
            let r = check(parsed(&format!("{{\"nbf\":{v},\"iat\":{v}}}")), now, 0);
            assert_eq!(r.status, ClaimsStatus::Valid, "nbf/iat={v}");
        }
        for v in [
            "9223372036854775807",
            "18446744073709551615",
            "1e300",
            "1e19",
        ] {
            let r = check(parsed(&format!("{{\"exp\":{v}}}")), now, 0);
            assert_eq!(r.times[0].state, TimeState::Valid, "exp={v}");
            assert!(
                r.times[0].message.contains("out of range"),
                "{}",
                r.times[0].message
            );
            // The largest leeway reaches past u64::MAX seconds, not to 1e300.
            let r = check(parsed(&format!("{{\"nbf\":{v}}}")), now, u64::MAX);
            let forgiven = r.times[0].state == TimeState::Valid;
            assert_eq!(forgiven, v != "1e300", "nbf={v}, leeway u64::MAX");
            let r = check(parsed(&format!("{{\"nbf\":{v}}}")), now, 0);
            assert!(matches!(r.times[0].state, TimeState::NotYetValid(_)));
        }
        // The biggest leeway forgives all but the very first second, without wrapping.
        let r = check(json!({"exp": i64::MIN + 1}), i64::MAX, u64::MAX);
        assert_eq!(r.times[0].state, TimeState::Valid);
        let r = check(json!({"exp": i64::MIN}), i64::MAX, u64::MAX);
        assert_eq!(r.times[0].state, TimeState::Expired(i64::MAX));
        let r = check(json!({"exp": i64::MIN}), i64::MAX, 0);
        assert_eq!(r.times[0].state, TimeState::Expired(i64::MAX));
        let r = check(json!({"iat": i64::MAX}), i64::MIN, 0);
        assert_eq!(r.times[0].state, TimeState::IssuedInFuture(i64::MAX));
    }

    #[test]
    fn millisecond_hint_only_for_times_that_read_as_milliseconds() {
        let r = check(json!({"exp": i64::MIN}), 0, 0);
        assert!(!r.times[0].looks_like_millis);
        let r = check(json!({"exp": -1_700_000_000_000i64}), 0, 0);
        assert!(r.times[0].looks_like_millis);
    }

    #[test]
    fn fractional_dates_compare_exactly() {
        let now = 1_700_000_000;
        // nbf 0.9 s in the future is not yet valid at now (it was floored to now).
        let r = check(parsed(&format!("{{\"nbf\":{now}.9}}")), now, 0);
        assert!(matches!(r.times[0].state, TimeState::NotYetValid(_)));
        assert_eq!(
            check(parsed(&format!("{{\"nbf\":{now}.9}}")), now, 1).status,
            ClaimsStatus::Valid
        );
        // exp half a second ahead has expired: its whole seconds are now (PyJWT
        // compares int(exp)); a second and a half ahead is valid; a tenth of a
        // second ago, expired.
        let r = check(parsed(&format!("{{\"exp\":{now}.5}}")), now, 0);
        assert!(matches!(r.times[0].state, TimeState::Expired(_)));
        let r = check(parsed(&format!("{{\"exp\":{}.5}}", now + 1)), now, 0);
        assert_eq!(r.times[0].state, TimeState::Valid);
        let r = check(parsed(&format!("{{\"exp\":{}.5}}", now - 60)), now, 60);
        assert!(matches!(r.times[0].state, TimeState::Expired(_)));
        let r = check(parsed(&format!("{{\"exp\":{}.9}}", now - 1)), now, 0);
        assert!(matches!(r.times[0].state, TimeState::Expired(_)));
        // iat a fraction ahead is in the future.
        let r = check(parsed(&format!("{{\"iat\":{now}.25}}")), now, 0);
        assert!(matches!(r.times[0].state, TimeState::IssuedInFuture(_)));
        let r = check(parsed(&format!("{{\"iat\":{}.75}}", now - 1)), now, 0);
        assert_eq!(r.times[0].state, TimeState::Valid);
    }
}
