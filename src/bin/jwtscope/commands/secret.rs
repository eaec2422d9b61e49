//! `jwtscope secret`: random HMAC secrets from the operating system's CSPRNG.

use jwtscope::jose::alg::Family;
use jwtscope::jose::{report, secret};
use serde_json::json;

use super::parse_alg;
use crate::args::SecretArgs;
use crate::output::{CliError, Outcome, Printer};

/// Runs `secret`.
pub fn run(args: &SecretArgs, _printer: &Printer) -> Result<Outcome, CliError> {
    let alg = parse_alg(&args.alg)?;
    if alg.family() != Family::Hmac {
        return Err(CliError::usage(format!(
            "--alg {alg}: secrets are for HS256, HS384 or HS512; for {alg} generate a key pair with `jwtscope keygen`"
        )));
    }
    let size = args.bytes.unwrap_or_else(|| secret::default_size(alg));
    let generated = secret::generate(size).map_err(|e| CliError::engine("--bytes", &e))?;
    let encoded = secret::encode(&generated);
    let text = args.encoding.encode(&generated);
    let warnings = secret::warnings(generated.bytes(), alg);
    let document = json!({
        "command": "secret",
        "alg": alg.name(),
        "bytes": size,
        "encoding": args.encoding.name(),
        "secret": text,
        "base64url": encoded.base64url,
        "base64": encoded.base64,
        "hex": encoded.hex,
        "warnings": warnings.iter().map(report::warning).collect::<Vec<_>>(),
    });
    let mut notes: Vec<String> = warnings
        .iter()
        .map(|w| format!("warning: {} ({})", w.message, w.code()))
        .collect();
    notes.push(format!(
        "{size} random bytes for {alg}; use it with --secret-encoding {}",
        args.encoding.name()
    ));
    Ok(Outcome {
        human: format!("{text}\n"),
        notes,
        json: document,
        exit: 0,
    })
}
