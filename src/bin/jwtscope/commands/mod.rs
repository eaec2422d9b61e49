//! One module per subcommand, and the few steps they share: reading an algorithm and
//! a key the way every command does, and small pieces of human output.

pub mod audit;
pub mod crack;
pub mod decode;
pub mod key;
pub mod keygen;
pub mod secret;
pub mod sign;
pub mod verify;

use jwtscope::jose::alg::Algorithm;
use jwtscope::jose::claims::{ClaimsReport, TimeState};
use jwtscope::jose::key::{parse_key, KeyMaterial, KeySet};
use jwtscope::jose::problem::Warning;
use jwtscope::jose::time;

use crate::args::KeySourceArgs;
use crate::input::{file_or_stdin, show};
use crate::output::{CliError, Text};

/// `--alg`, read by the engine (so `none` and wrong case get the engine's codes).
pub fn parse_alg(name: &str) -> Result<Algorithm, CliError> {
    Algorithm::parse(name).map_err(|e| CliError::engine("--alg", &e))
}

/// A key set and the text it was read from (the explainer reads the text again in
/// other encodings).
pub struct LoadedKeys {
    /// The keys.
    pub set: KeySet,
    /// The key file's text, or the secret as given.
    pub text: String,
}

/// The key set from `--key FILE` or `--secret TEXT` (clap makes them exclusive).
pub fn load_keys(args: &KeySourceArgs) -> Result<LoadedKeys, CliError> {
    let encoding = args.secret_encoding;
    match (args.key.as_deref(), args.secret.as_deref()) {
        (Some(path), _) => {
            let text = file_or_stdin(path, "key")?;
            let place = if path == "-" {
                "stdin".to_string()
            } else {
                show(path)
            };
            let set = parse_key(&text, encoding).map_err(|e| CliError::engine(place, &e))?;
            Ok(LoadedKeys { set, text })
        }
        (None, Some(text)) => {
            let set = parse_key(text, encoding).map_err(|e| CliError::engine("--secret", &e))?;
            match set.keys.as_slice() {
                [k] if matches!(k.material, KeyMaterial::Secret(_)) => Ok(LoadedKeys {
                    set,
                    text: text.to_string(),
                }),
                // The engine read key material, which is never an HMAC secret.
                _ => Err(CliError::usage(format!(
                    "--secret takes an HMAC secret, but this text is a {}: public-key material is never used as one (algorithm confusion); to verify with the key, save it to a file and pass --key FILE",
                    set.describe()
                ))),
            }
        }
        (None, None) => Err(CliError::usage("give a key: --key FILE or --secret TEXT")),
    }
}

/// `WARN_CODE  message` lines.
pub fn warning_lines(out: &mut Text, warnings: &[Warning]) {
    if warnings.is_empty() {
        return;
    }
    out.blank();
    out.line("Warnings");
    for w in warnings {
        out.line(format!("  {}  {}", w.code(), w.message));
    }
}

/// One line per time claim: name, value, UTC, relative to `now`, and state.
pub fn time_lines(out: &mut Text, claims: &ClaimsReport, now: i64, indent: usize) {
    let pad = " ".repeat(indent);
    for t in &claims.times {
        match t.seconds {
            Some(secs) => {
                let state = match t.state {
                    TimeState::Valid => String::new(),
                    other => format!("  [{}]", other.as_str().replace('_', " ")),
                };
                let millis = if t.looks_like_millis {
                    "  [looks like milliseconds]"
                } else {
                    ""
                };
                out.line(format!(
                    "{pad}{:<4} {secs:<12} {}  ({}){state}{millis}",
                    t.name,
                    time::format_utc(secs),
                    time::relative(secs, now)
                ));
            }
            None => out.line(format!(
                "{pad}{:<4} {:<12} {}  [{}]",
                t.name,
                t.raw,
                t.message,
                t.state.as_str().replace('_', " ")
            )),
        }
    }
}
