//! `jwtscope audit`: the security review of a token, each finding with a fix.

use jwtscope::jose::decode::decode_unverified;
use jwtscope::jose::diagnose::{audit, audit_key, AuditOptions, AuditSeverity};
use jwtscope::jose::report;
use serde_json::json;

use super::load_keys;
use crate::args::AuditArgs;
use crate::input::{arg_or_stdin, now_or_clock, one_stdin};
use crate::output::{CliError, Outcome, Printer, Text, EXIT_INVALID, EXIT_OK};

/// Runs `audit`.
pub fn run(args: &AuditArgs, _printer: &Printer) -> Result<Outcome, CliError> {
    one_stdin(&[
        ("the token", Some(&args.token)),
        ("--key", args.keys.key.as_deref()),
    ])?;
    let keys = if args.keys.key.is_some() || args.keys.secret.is_some() {
        Some(load_keys(&args.keys)?.set)
    } else {
        None
    };
    let token = arg_or_stdin(&args.token, "token")?;
    let decoded = decode_unverified(&token);
    if decoded.header_object().is_none() {
        // Nothing to review: say why, as decode would (exit 2).
        let why = decoded.first_error("no JOSE header could be read");
        return Err(CliError::engine("nothing to review", &why));
    }
    let opts = AuditOptions {
        now: now_or_clock(args.now),
        max_lifetime: args.max_lifetime,
        expected_typ: args.typ.clone(),
    };
    // The key verification would use for the token's algorithm and kid: the
    // engine's one rule for the review (the page's review uses it too).
    let key = audit_key(&decoded, keys.as_ref());
    let findings = audit(&decoded, key, &opts);
    let serious = findings
        .iter()
        .any(|f| f.severity >= AuditSeverity::Warning);
    let exit = if serious { EXIT_INVALID } else { EXIT_OK };

    let mut out = Text::new();
    if findings.is_empty() {
        out.line("No findings: nothing in this token goes against RFC 8725's advice.");
    }
    for f in &findings {
        out.line(format!(
            "{:<7} {}  {}",
            f.severity.as_str().to_uppercase(),
            f.code,
            f.message
        ));
        out.line(format!("        fix: {} ({})", f.fix, f.spec));
    }
    Ok(Outcome {
        human: out.into_string(),
        notes: Vec::new(),
        json: json!({
            "command": "audit",
            "exit_code": exit,
            "now": opts.now,
            "findings": report::audit(&findings),
        }),
        exit,
    })
}
