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
    let text_trimmed = text.trim();
    if let Some(absolute) = text_trimmed.strip_prefix('@') {
        return absolute.parse::<i64>().map_err(|_| bad());
    }
    let seconds = parse_duration(text_trimmed).ok_or_else(bad)?;
    now.checked_add(seconds).ok_or_else(bad)
}

/// A signed duration in seconds: digits with optional units s, m, h, d, w, repeated.
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
}
