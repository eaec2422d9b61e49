//! `jwtscope verify`: a verdict first, then why.

use std::borrow::Cow;

use jwtscope::jose::alg::Algorithm;
use jwtscope::jose::claims::{ClaimsOptions, ClaimsReport};
use jwtscope::jose::decode::{decode_unverified, Decoded};
use jwtscope::jose::diagnose::{explain, ExplainCode, Explanation};
use jwtscope::jose::error::{Error, ErrorKind};
use jwtscope::jose::key::{KeySet, KeySource};
use jwtscope::jose::policy::AlgChoice;
use jwtscope::jose::report;
use jwtscope::jose::verify::{verify, SignatureVerdict, Verification, VerifyOptions};
use serde_json::{json, Value};

use super::{load_keys, parse_alg, time_lines, warning_lines};
use crate::args::VerifyArgs;
use crate::input::{arg_or_stdin, file_or_stdin, now_or_clock, one_stdin};
use crate::output::{CliError, Outcome, Printer, Text, EXIT_ERROR, EXIT_INVALID, EXIT_OK};

/// Runs `verify`.
pub fn run(args: &VerifyArgs, _printer: &Printer) -> Result<Outcome, CliError> {
    one_stdin(&[
        ("the token", Some(&args.token)),
        ("--key", args.keys.key.as_deref()),
    ])?;
    let alg = args.alg.as_deref().map(parse_alg).transpose()?;
    let loaded = match load_keys(&args.keys) {
        Ok(loaded) => loaded,
        // With --explain, a key that cannot be read is explained too (exit 2 still).
        // Only a key that does not read: not a usage error or an unreadable file.
        Err(e)
            if args.explain
                && (e.code().starts_with("ERR_KEY") || e.code().starts_with("ERR_SECRET")) =>
        {
            return unreadable_key(args, alg, e)
        }
        Err(e) => return Err(e),
    };
    let keys = &loaded.set;
    let token = arg_or_stdin(&args.token, "token")?;
    let now = now_or_clock(args.now);

    let decoded = decode_unverified(&token);
    let options = options(args, alg, now);
    let v = verify(&decoded, Some(keys), &options);
    let verdict = Verdict::of(&v);
    let explanation = args.explain.then(|| {
        explain(
            &decoded,
            &loaded.text,
            args.keys.secret_encoding,
            Some(keys),
            &v,
        )
    });

    let mut document = json!({
        "command": "verify",
        "verdict": verdict.name(),
        "exit_code": verdict.exit(),
        "now": now,
        "verification": report::verification(&v),
        "decoded": report::decoded(&decoded),
        "keys": key_set_json(keys),
        "error": match &verdict {
            Verdict::Unchecked(e) => report::error(e),
            _ => Value::Null,
        },
    });
    let mut human = human(&verdict, &v, keys, &decoded, now);
    if let Some(x) = &explanation {
        document["explanation"] = report::explanation(x);
        human.push_str(&explanation_lines(x, decoded.alg().ok()));
    }
    Ok(Outcome {
        human,
        notes: Vec::new(),
        json: document,
        exit: verdict.exit(),
    })
}

fn options(args: &VerifyArgs, alg: Option<Algorithm>, now: i64) -> VerifyOptions {
    VerifyOptions {
        alg,
        claims: ClaimsOptions {
            now,
            leeway: args.leeway,
            iss: args.iss.clone(),
            aud: args.aud.clone(),
        },
    }
}

/// `verify --explain` when the key text cannot be read (in the chosen encoding): the
/// error, then what the explainer finds — e.g. the secret verifies as UTF-8. Exit 2,
/// as without `--explain`. A key read from stdin cannot be read twice: no
/// explanation then.
fn unreadable_key(
    args: &VerifyArgs,
    alg: Option<Algorithm>,
    error: CliError,
) -> Result<Outcome, CliError> {
    let text = match (&args.keys.secret, args.keys.key.as_deref()) {
        (Some(secret), _) => secret.clone(),
        (None, Some(path)) if path != "-" => file_or_stdin(path, "key")?,
        _ => return Err(error),
    };
    let token = arg_or_stdin(&args.token, "token")?;
    let now = now_or_clock(args.now);
    let decoded = decode_unverified(&token);
    let v = verify(&decoded, None, &options(args, alg, now));
    let x = explain(&decoded, &text, args.keys.secret_encoding, None, &v);
    let mut human = format!("UNCHECKED — {} ({})\n", error.message(), error.code());
    human.push_str(&explanation_lines(&x, decoded.alg().ok()));
    Ok(Outcome {
        human,
        notes: Vec::new(),
        json: json!({
            "command": "verify",
            "verdict": "unchecked",
            "exit_code": EXIT_ERROR,
            "now": now,
            "error": error.to_json(),
            "explanation": report::explanation(&x),
        }),
        exit: EXIT_ERROR,
    })
}

/// The overall verdict: the signature's, unless it is valid and the claims do not
/// pass (invalid, unreadable, or not a claims set at all).
enum Verdict<'a> {
    Valid,
    Invalid(Cow<'a, Error>),
    Unchecked(&'a Error),
}

impl<'a> Verdict<'a> {
    fn of(v: &'a Verification) -> Self {
        match &v.signature {
            SignatureVerdict::Unchecked(e) => Verdict::Unchecked(e),
            SignatureVerdict::Invalid(e) => Verdict::Invalid(Cow::Borrowed(e)),
            SignatureVerdict::Valid if v.is_valid() => Verdict::Valid,
            // Claims that do not pass always carry their reason; the fallback is
            // only here so that no path turns "not valid" into exit 0.
            SignatureVerdict::Valid => Verdict::Invalid(match v.claims.errors.first() {
                Some(e) => Cow::Borrowed(e),
                None => Cow::Owned(Error::new(
                    ErrorKind::ClaimsUnreadable,
                    format!("the claims are {}", v.claims.status.as_str()),
                )),
            }),
        }
    }

    fn name(&self) -> &'static str {
        match self {
            Verdict::Valid => "valid",
            Verdict::Invalid(_) => "invalid",
            Verdict::Unchecked(_) => "unchecked",
        }
    }

    fn exit(&self) -> u8 {
        match self {
            Verdict::Valid => EXIT_OK,
            Verdict::Invalid(_) => EXIT_INVALID,
            Verdict::Unchecked(_) => EXIT_ERROR,
        }
    }
}

fn key_set_json(keys: &KeySet) -> Value {
    json!({
        "description": keys.describe(),
        "source": match keys.source { KeySource::Single => "single", KeySource::Jwks => "jwks" },
        "count": keys.keys.len(),
        "skipped": keys.skipped.iter().map(|(i, e)| json!({
            "index": i, "code": e.code(), "message": e.message(),
        })).collect::<Vec<_>>(),
    })
}

fn human(
    verdict: &Verdict<'_>,
    v: &Verification,
    keys: &KeySet,
    decoded: &Decoded,
    now: i64,
) -> String {
    let mut out = Text::new();
    let alg = v.alg.map(|a| a.name()).unwrap_or("no algorithm");
    let key = v
        .key_used
        .as_ref()
        .map(|k| k.description.as_str())
        .unwrap_or("none chosen");
    out.line(match verdict {
        Verdict::Valid => format!("VALID — {alg}, key: {key}"),
        Verdict::Invalid(e) => format!("INVALID — {} ({})", e.message(), e.code()),
        Verdict::Unchecked(e) => format!("UNCHECKED — {} ({})", e.message(), e.code()),
    });
    out.blank();
    let signature = match v.signature.reason() {
        None => format!("valid ({alg})"),
        Some(e) => format!("{}: {} ({})", v.signature.as_str(), e.message(), e.code()),
    };
    out.line(format!("  signature  {signature}"));
    if let (Some(alg), Some(source)) = (v.alg, v.alg_source) {
        out.line(format!("  algorithm  {}", AlgChoice { alg, source }));
    }
    match &v.key_used {
        Some(k) => out.line(format!("  key        {key} ({})", k.why)),
        None => out.line(format!("  key        {key}")),
    }
    if keys.source == KeySource::Jwks {
        out.line(format!("  key set    {}", keys.describe()));
        for (i, e) in &keys.skipped {
            out.line(format!(
                "             key #{i} skipped: {} ({})",
                e.message(),
                e.code()
            ));
        }
    }
    if !decoded.stripped.is_empty() {
        out.line(format!(
            "  input      removed {}",
            decoded.stripped.join(", ")
        ));
    }
    for (name, part) in [("header", &decoded.header), ("payload", &decoded.payload)] {
        if let Some(p) = part {
            out.line(format!("  {name:<9}  {}", one_line(&p.text)));
        }
    }
    claims_lines(&mut out, &v.claims, now);
    warning_lines(&mut out, &v.warnings);
    out.into_string()
}

fn claims_lines(out: &mut Text, claims: &ClaimsReport, now: i64) {
    out.line(format!("  claims     {}", claims.status.as_str()));
    time_lines(out, claims, now, 4);
    for e in &claims.expectations {
        out.line(format!(
            "    {:<4} {}  {}",
            e.name,
            if e.ok { "ok      " } else { "MISMATCH" },
            e.message
        ));
    }
    for e in &claims.errors {
        out.line(format!("    error  {} ({})", e.message(), e.code()));
    }
}

/// "Why" and one block per finding: `EXPLAIN_CODE  message` then `fix: …`.
fn explanation_lines(x: &Explanation, header: Option<Algorithm>) -> String {
    let mut out = Text::new();
    if x.findings.is_empty() {
        return String::new();
    }
    out.blank();
    out.line("Why");
    for f in &x.findings {
        out.line(format!("  {}  {}", f.code, f.message));
        // The flag that makes the change, where the finding names one.
        let flag = match (f.encoding, f.alg) {
            (Some(e), _) => format!(" (--secret-encoding {e})"),
            // --alg fixes a wrong pin, never a header that names another algorithm.
            (None, Some(a)) if f.code == ExplainCode::OtherAlgorithm && header == Some(a) => {
                format!(" (--alg {a})")
            }
            _ => String::new(),
        };
        out.line(format!(
            "  {:width$}  fix: {}{flag}",
            "",
            f.fix,
            width = f.code.code().len()
        ));
    }
    out.into_string()
}

/// A part's text on one line, shortened for the summary (`decode` shows it whole).
fn one_line(text: &str) -> String {
    const MAX: usize = 160;
    let flat: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    match flat.char_indices().nth(MAX) {
        Some((i, _)) => format!("{}…", &flat[..i]),
        None => flat,
    }
}
