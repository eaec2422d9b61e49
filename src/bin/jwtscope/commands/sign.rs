//! `jwtscope sign`: a JSON payload in, a compact JWS out (alone on stdout, so it pipes).

use jwtscope::jose::decode::decode_unverified;
use jwtscope::jose::{b64, json, report, secret, sign};
use serde_json::{json, Value};

use super::{load_keys, parse_alg};
use crate::args::SignArgs;
use crate::input::{arg_or_stdin, now_or_clock, one_stdin};
use crate::output::{CliError, Outcome, Printer};

/// Bytes of randomness in a generated `jti` (128 bits).
const JTI_BYTES: usize = 16;

/// Runs `sign`.
pub fn run(args: &SignArgs, _printer: &Printer) -> Result<Outcome, CliError> {
    one_stdin(&[
        ("the payload", Some(&args.payload)),
        ("--key", args.keys.key.as_deref()),
    ])?;
    let alg = parse_alg(&args.alg)?;
    let now = now_or_clock(args.now);
    // Read every option before any key work, so a typo costs nothing.
    let exp = args
        .exp
        .as_deref()
        .map(|w| parse_when(w, now))
        .transpose()?;
    let keys = load_keys(&args.keys)?.set;
    let payload = arg_or_stdin(&args.payload, "payload")?;

    let mut helpers: Vec<(&str, Value)> = Vec::new();
    if args.iat {
        helpers.push(("iat", now.into()));
    }
    if let Some(exp) = exp {
        helpers.push(("exp", exp.into()));
    }
    if let Some(jti) = &args.jti {
        helpers.push(("jti", jti_value(jti)?.into()));
    }
    let payload = with_claims(&payload, helpers);
    let header = args.header.as_deref().unwrap_or("{}");

    let with = sign::sign_with_set(header, &payload, alg, &keys)
        .map_err(|e| CliError::engine("cannot sign", &e))?;
    let signed = &with.signed;
    let document = json!({
        "command": "sign",
        "token": signed.token,
        "alg": alg.name(),
        "key": with.description,
        "key_index": with.index,
        "key_reason": with.reason.as_str(),
        "decoded": report::decoded(&decode_unverified(&signed.token)),
        "warnings": signed.warnings.iter().map(report::warning).collect::<Vec<_>>(),
    });
    let notes = signed
        .warnings
        .iter()
        .map(|w| format!("warning: {} ({})", w.message, w.code()))
        .collect();
    Ok(Outcome {
        human: format!("{}\n", signed.token),
        notes,
        json: document,
        exit: 0,
    })
}

/// The payload with the helper claims set (replacing members of the same name in
/// place). A payload that is not a JSON object is passed through untouched, so the
/// engine reports exactly what is wrong with it.
fn with_claims(payload: &str, helpers: Vec<(&str, Value)>) -> String {
    if helpers.is_empty() {
        return payload.to_string();
    }
    match json::parse(payload) {
        (Some(Value::Object(mut map)), None) => {
            for (name, value) in helpers {
                map.insert(name.to_string(), value);
            }
            serde_json::to_string(&Value::Object(map)).unwrap_or_else(|_| payload.to_string())
        }
        _ => payload.to_string(),
    }
}

fn jti_value(given: &str) -> Result<String, CliError> {
    if !given.is_empty() {
        return Ok(given.to_string());
    }
    let random = secret::generate(JTI_BYTES).map_err(|e| CliError::engine("--jti", &e))?;
    Ok(b64::encode(random.bytes()))
}

/// `--exp`: `@UNIX_SECONDS`, or a signed duration from `now` such as `90`, `15m`,
/// `1h30m`, `-1h`.
pub fn parse_when(text: &str, now: i64) -> Result<i64, CliError> {
    let bad = || {
        CliError::usage(format!(
            "--exp \"{text}\": use a duration from now such as 90s, 15m, 2h, 7d, 1w, 1h30m or -1h, or @UNIX_SECONDS"
        ))
    };
    // Well written, but beyond what a NumericDate here can hold.
    let out_of_range = || {
        CliError::usage(format!(
            "--exp \"{text}\": the time it gives (from --now {now}) is out of range: a NumericDate here is a whole number of seconds in a signed 64-bit integer"
        ))
    };
    let text_trimmed = text.trim();
    if let Some(absolute) = text_trimmed.strip_prefix('@') {
        return absolute.parse::<i64>().map_err(|_| bad());
    }
    let seconds = match parse_duration(text_trimmed) {
        Some(seconds) => seconds,
        None if is_duration(text_trimmed) => return Err(out_of_range()),
        None => return Err(bad()),
    };
    now.checked_add(seconds).ok_or_else(out_of_range)
}

/// Whether `text` is written as a duration (an optional sign, then digits with
/// optional units s, m, h, d, w), whatever its size.
fn is_duration(text: &str) -> bool {
    let body = text.strip_prefix(['-', '+']).unwrap_or(text);
    let mut after_digit = false;
    !body.is_empty()
        && body.chars().all(|c| {
            let ok = c.is_ascii_digit() || (after_digit && "smhdw".contains(c));
            after_digit = c.is_ascii_digit();
            ok
        })
}

/// A signed duration in seconds: digits with optional units s, m, h, d, w, repeated.
/// `None` when it is not one, or does not fit in an `i64`.
fn parse_duration(text: &str) -> Option<i64> {
    let (sign, body) = match text.strip_prefix('-') {
        Some(rest) => (-1, rest),
        None => (1, text.strip_prefix('+').unwrap_or(text)),
    };
    if body.is_empty() {
        return None;
    }
    let mut total: i64 = 0;
    let mut digits = String::new();
    let mut chars = body.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_ascii_digit() {
            digits.push(c);
            if chars.peek().is_some() {
                continue;
            }
        }
        let unit = if c.is_ascii_digit() { 's' } else { c };
        let scale: i64 = match unit {
            's' => 1,
            'm' => 60,
            'h' => 3_600,
            'd' => 86_400,
            'w' => 604_800,
            _ => return None,
        };
        let n: i64 = digits.parse().ok()?;
        digits.clear();
        total = total.checked_add(n.checked_mul(scale)?)?;
    }
    total.checked_mul(sign)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("90"), Some(90));
        assert_eq!(parse_duration("15m"), Some(900));
        assert_eq!(parse_duration("1h30m"), Some(5_400));
        assert_eq!(parse_duration("-1h"), Some(-3_600));
        assert_eq!(parse_duration("+2d"), Some(172_800));
        assert_eq!(parse_duration("1w"), Some(604_800));
        for bad in ["", "m", "15x", "1.5h", "h1", "--1h", "99999999999999999999"] {
            assert_eq!(parse_duration(bad), None, "{bad}");
        }
        assert_eq!(parse_when("@5", 100).ok(), Some(5));
        assert_eq!(parse_when("15m", 100).ok(), Some(1_000));
    }

    /// A well-written duration whose time does not fit is said to be out of range,
    /// not badly written (review of session 16).
    #[test]
    fn out_of_range_is_not_bad_syntax() {
        let message = |text: &str, now: i64| format!("{:?}", parse_when(text, now).unwrap_err());
        for (text, now) in [
            ("1h", i64::MAX),
            ("-1h", i64::MIN),
            ("99999999999999999999", 0),
            ("9223372036854775807w", 0),
        ] {
            assert!(
                message(text, now).contains("out of range"),
                "{text}: {}",
                message(text, now)
            );
        }
        for text in ["15x", "1hm", "h1", "--1h", "1.5h", ""] {
            assert!(
                message(text, 0).contains("such as 90s"),
                "{text}: {}",
                message(text, 0)
            );
        }
    }
}
