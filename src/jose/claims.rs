//! Registered claims checked against a caller-supplied clock (RFC 7519 §4.1).
//!
//! `now` is always passed in — the engine never reads a clock — so the page can
//! show "as of" any time and tests are exact.

use serde_json::{Map, Value};

use super::error::{Error, ErrorKind};
use super::problem::{Warning, WarningKind};
use super::time::{format_utc, human_duration};

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
    /// Whole Unix seconds, when numeric.
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
}

impl ClaimsStatus {
    /// Lower-case name for JSON and `data-claims`.
    pub const fn as_str(self) -> &'static str {
        match self {
            ClaimsStatus::Valid => "valid",
            ClaimsStatus::Invalid => "invalid",
            ClaimsStatus::None => "none",
        }
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

/// Checks `exp`, `nbf`, `iat` and the requested `iss`/`aud` at `opts.now`.
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
    let leeway = i64::try_from(opts.leeway).unwrap_or(i64::MAX);
    let now = opts.now;

    for name in ["exp", "nbf", "iat"] {
        let Some(raw) = claims.get(name) else {
            continue;
        };
        let seconds = raw.as_i64().or_else(|| {
            raw.as_f64()
                .filter(|f| f.is_finite())
                .map(|f| f.floor() as i64)
        });
        let (state, message) = match seconds {
            None => (
                TimeState::WrongType,
                format!(
                    "\"{name}\" must be a number of seconds (RFC 7519 §2 NumericDate), found {raw}"
                ),
            ),
            Some(t) => time_state(name, t, now, leeway),
        };
        let looks_like_millis = seconds.is_some_and(|t| t.abs() >= MILLIS_THRESHOLD);
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

    if let Some(expected) = &opts.iss {
        let found = claims.get("iss");
        let ok = found.and_then(Value::as_str) == Some(expected.as_str());
        let message = match found {
            _ if ok => format!("\"iss\" is \"{expected}\" as expected"),
            None => format!("expected \"iss\" \"{expected}\", but the token has no \"iss\""),
            Some(v) => format!("expected \"iss\" \"{expected}\", found {v}"),
        };
        push_expectation(&mut report, "iss", expected, ok, message);
    }
    if let Some(expected) = &opts.aud {
        let found = claims.get("aud");
        let ok = match found {
            Some(Value::String(s)) => s == expected,
            Some(Value::Array(items)) => {
                items.iter().any(|v| v.as_str() == Some(expected.as_str()))
            }
            _ => false,
        };
        let message = match found {
            _ if ok => format!("\"aud\" contains \"{expected}\""),
            None => format!("expected audience \"{expected}\", but the token has no \"aud\""),
            Some(v) => format!("expected audience \"{expected}\", \"aud\" is {v}"),
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

fn time_state(name: &str, t: i64, now: i64, leeway: i64) -> (TimeState, String) {
    let at = format_utc(t);
    match name {
        // RFC 7519 §4.1.4: the current time MUST be before exp.
        "exp" if now >= t.saturating_add(leeway) => {
            let by = now.saturating_sub(t);
            (
                TimeState::Expired(by),
                format!("expired {} ago ({at})", human_duration(by.max(1))),
            )
        }
        "exp" => (
            TimeState::Valid,
            format!(
                "expires in {} ({at})",
                human_duration(t.saturating_sub(now))
            ),
        ),
        // RFC 7519 §4.1.5: the current time MUST be after or equal to nbf.
        "nbf" if now.saturating_add(leeway) < t => {
            let wait = t.saturating_sub(now);
            (
                TimeState::NotYetValid(wait),
                format!("not valid for another {} ({at})", human_duration(wait)),
            )
        }
        "nbf" => (TimeState::Valid, format!("valid since {at}")),
        _ if t > now.saturating_add(leeway) => {
            let by = t.saturating_sub(now);
            (
                TimeState::IssuedInFuture(by),
                format!(
                    "issued {} in the future ({at}): check the issuer's clock or allow leeway",
                    human_duration(by)
                ),
            )
        }
        _ => (
            TimeState::Valid,
            format!(
                "issued {} ago ({at})",
                human_duration(now.saturating_sub(t))
            ),
        ),
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
