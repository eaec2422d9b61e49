//! `jwtscope decode`: everything that can be read from a token, verified or not.

use jwtscope::jose::alg::Algorithm;
use jwtscope::jose::claims::{check_token_claims, ClaimsOptions};
use jwtscope::jose::decode::{decode_unverified, Decoded, Part, TokenForm};
use jwtscope::jose::error::Error;
use jwtscope::jose::problem::{Severity, Warning};
use jwtscope::jose::verify::header_warnings;
use jwtscope::jose::{b64, json, report, time};
use serde_json::{json, Map, Value};

use super::{time_lines, warning_lines};
use crate::args::DecodeArgs;
use crate::input::{arg_or_stdin, now_or_clock};
use crate::output::{CliError, Outcome, Printer, Text, EXIT_ERROR};

/// Runs `decode`.
pub fn run(args: &DecodeArgs, printer: &Printer) -> Result<Outcome, CliError> {
    let input = arg_or_stdin(&args.token, "token")?;
    let now = now_or_clock(args.now);
    let decoded = decode_unverified(&input);
    let claims = check_token_claims(
        &decoded,
        &ClaimsOptions {
            now,
            ..ClaimsOptions::default()
        },
    );
    let mut warnings = header_warnings(&decoded);
    warnings.extend(claims.warnings.iter().cloned());

    // "Anything decoded": a header or a payload that parsed as JSON.
    let parsed = |p: &Option<Part>| p.as_ref().is_some_and(|p| p.json.is_some());
    let failure = if parsed(&decoded.header) || parsed(&decoded.payload) {
        None
    } else {
        Some(nothing_decoded(&decoded))
    };

    let relative: Map<String, Value> = claims
        .times
        .iter()
        .filter_map(|t| {
            t.seconds
                .map(|s| (t.name.to_string(), Value::String(time::relative(s, now))))
        })
        .collect();
    let document = json!({
        "command": "decode",
        "now": now,
        "decoded": report::decoded(&decoded),
        "claims": report::claims(&claims),
        "relative": relative,
        "warnings": warnings.iter().map(report::warning).collect::<Vec<_>>(),
        "error": failure.as_ref().map(report::error),
    });

    match failure {
        Some(e) if !printer.is_json() => Err(CliError::engine("nothing could be decoded", &e)),
        Some(_) => Ok(Outcome {
            human: String::new(),
            notes: Vec::new(),
            json: document,
            exit: EXIT_ERROR,
        }),
        None => Ok(Outcome::ok(
            human(&decoded, &claims, &warnings, now),
            document,
        )),
    }
}

/// The error for input where nothing decoded: its first error problem.
fn nothing_decoded(d: &Decoded) -> Error {
    d.first_error("no header or payload could be read as JSON")
}

fn headline(d: &Decoded) -> String {
    let count = d
        .problems
        .iter()
        .filter(|p| p.severity > Severity::Info)
        .count();
    let problems = match count {
        0 => String::new(),
        1 => ", 1 problem".to_string(),
        n => format!(", {n} problems"),
    };
    let alg = match d.header_object().and_then(|h| h.get("alg")) {
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
        None => "no alg".to_string(),
    };
    match d.form {
        TokenForm::Jws => format!("JWS — alg {alg}, signature not verified{problems}"),
        TokenForm::Jwe => format!(
            "JWE — alg {alg}, enc {}: encrypted, only the header is shown",
            d.header_str("enc").unwrap_or("unknown")
        ),
        TokenForm::Partial => format!(
            "PARTIAL — {} segment(s), alg {alg}{problems}",
            d.segments.len()
        ),
    }
}

fn human(
    d: &Decoded,
    claims: &jwtscope::jose::claims::ClaimsReport,
    warnings: &[Warning],
    now: i64,
) -> String {
    let mut out = Text::new();
    out.line(headline(d));
    if !d.stripped.is_empty() {
        out.line(format!("Removed from the input: {}", d.stripped.join(", ")));
    }
    part(&mut out, "Header", d.header.as_ref());
    if d.form != TokenForm::Jwe {
        part(&mut out, "Payload", d.payload.as_ref());
        signature(&mut out, d);
    }
    if !claims.times.is_empty() {
        out.blank();
        out.line(format!("Times (now: {})", time::format_utc(now)));
        time_lines(&mut out, claims, now, 2);
    }
    if !d.problems.is_empty() {
        out.blank();
        out.line("Problems");
        for p in &d.problems {
            let place = match (p.segment, p.offset) {
                (Some(s), Some(o)) => format!("{} @{o}", s.as_str()),
                (Some(s), None) => s.as_str().to_string(),
                (None, _) => "token".to_string(),
            };
            out.line(format!(
                "  {:<7} {:<12} {}  {}",
                p.severity.as_str(),
                place,
                p.code(),
                p.message
            ));
        }
    }
    warning_lines(&mut out, warnings);
    out.into_string()
}

fn part(out: &mut Text, title: &str, part: Option<&Part>) {
    out.blank();
    out.line(title);
    match part {
        None => out.line("  (missing)"),
        Some(p) => {
            let body = match &p.json {
                Some(v) => json::pretty(v),
                None => p.text.clone(),
            };
            for l in body.lines() {
                out.line(format!("  {l}"));
            }
        }
    }
}

fn signature(out: &mut Text, d: &Decoded) {
    out.blank();
    out.line("Signature");
    match &d.signature {
        None => out.line("  (missing)"),
        Some(s) if s.is_empty() => out.line("  (empty)"),
        Some(s) => {
            let expected = d
                .header_str("alg")
                .and_then(|a| Algorithm::parse(a).ok())
                .and_then(|a| a.info().signature_len.map(|n| (a, n)));
            let note = match expected {
                Some((alg, n)) if n != s.len() => format!(" ({alg} signatures are {n} bytes)"),
                _ => String::new(),
            };
            out.line(format!("  {} bytes{note}: {}", s.len(), b64::encode(s)));
        }
    }
}
