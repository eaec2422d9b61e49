//! `jwtscope keygen`: key pairs from the engine, printed or written to files.

use std::fs::{self, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use jwtscope::jose::alg::Curve;
use jwtscope::jose::key::{generate_keypair, GeneratedKeyPair, KeyPairSpec};
use jwtscope::jose::report;
use serde_json::{json, Value};

use crate::args::{KeyFormatArg, KeyKind, KeygenArgs};
use crate::input::{io_reason, show};
use crate::output::{pretty, CliError, Outcome, Printer};

/// Runs `keygen`.
pub fn run(args: &KeygenArgs, _printer: &Printer) -> Result<Outcome, CliError> {
    let spec = spec(args)?;
    let pair =
        generate_keypair(spec).map_err(|e| CliError::engine("cannot generate the key pair", &e))?;
    // The engine's description ends with the kid.
    let summary = pair.key.describe();
    let jwks = json!({ "keys": [pair.public_jwk.clone()] });

    // The engine's key-pair document (the page's worker sends the same), inside the
    // command's own fields.
    let mut document = json!({ "command": "keygen", "kind": kind_name(args.kind) });
    if let (Some(doc), Value::Object(pair_fields)) =
        (document.as_object_mut(), report::keypair(spec, &pair))
    {
        doc.extend(pair_fields);
        doc.insert("format".into(), format_name(args.format).into());
        doc.insert("jwks".into(), jwks.clone());
    }

    let Some(dir) = &args.out_dir else {
        // No directory: the private key (which holds the public one) on stdout.
        let human = match args.format {
            KeyFormatArg::Pem => {
                format!("{}{}", pair.private_pem.as_str(), pair.public_pem.as_str())
            }
            KeyFormatArg::Jwk => pretty(&pair.private_jwk),
            KeyFormatArg::Jwks => pretty(&json!({ "keys": [pair.private_jwk.clone()] })),
        };
        document["files"] = json!([]);
        let notes = vec![format!("{summary}; public forms: jwtscope key FILE")];
        return Ok(Outcome {
            human,
            notes,
            json: document,
            exit: 0,
        });
    };

    let files = write_files(dir, args.format, &pair, &jwks)?;
    // The private forms are in the files, not on stdout.
    document["private_pem"] = Value::Null;
    document["private_jwk"] = Value::Null;
    let human: String = files
        .iter()
        .map(|f| format!("{}\n", f.path.display()))
        .collect();
    document["files"] = Value::Array(
        files
            .iter()
            .map(|f| json!({ "path": f.path.display().to_string(), "private": f.private }))
            .collect(),
    );
    Ok(Outcome {
        human,
        notes: vec![summary],
        json: document,
        exit: 0,
    })
}

fn spec(args: &KeygenArgs) -> Result<KeyPairSpec, CliError> {
    if args.kind != KeyKind::Rsa && args.bits.is_some() {
        return Err(CliError::usage(
            "--bits is for RSA keys; EC and Ed25519 sizes follow from the curve",
        ));
    }
    if args.kind != KeyKind::Ec && args.curve.is_some() {
        return Err(CliError::usage(
            "--curve is for EC keys (keygen ec --curve P-256|P-384|P-521|secp256k1)",
        ));
    }
    Ok(match args.kind {
        KeyKind::Rsa => KeyPairSpec::Rsa {
            bits: args.bits.unwrap_or(2048),
        },
        KeyKind::Ec => KeyPairSpec::Ec(args.curve.unwrap_or(Curve::P256)),
        KeyKind::Ed25519 => KeyPairSpec::Ed25519,
    })
}

fn kind_name(kind: KeyKind) -> &'static str {
    match kind {
        KeyKind::Rsa => "rsa",
        KeyKind::Ec => "ec",
        KeyKind::Ed25519 => "ed25519",
    }
}

fn format_name(format: KeyFormatArg) -> &'static str {
    match format {
        KeyFormatArg::Pem => "pem",
        KeyFormatArg::Jwk => "jwk",
        KeyFormatArg::Jwks => "jwks",
    }
}

struct Written {
    path: PathBuf,
    private: bool,
}

/// Writes the files for `format` into `dir`: private first, never overwriting.
fn write_files(
    dir: &Path,
    format: KeyFormatArg,
    pair: &GeneratedKeyPair,
    jwks: &Value,
) -> Result<Vec<Written>, CliError> {
    fs::create_dir_all(dir).map_err(|e| {
        CliError::io(format!(
            "cannot create the directory {}: {}",
            show(dir),
            io_reason(&e)
        ))
    })?;
    let stem = file_stem(&pair.kid);
    let planned: Vec<(String, String, bool)> = match format {
        KeyFormatArg::Pem => vec![
            (
                format!("{stem}.private.pem"),
                pair.private_pem.to_string(),
                true,
            ),
            (
                format!("{stem}.public.pem"),
                pair.public_pem.to_string(),
                false,
            ),
        ],
        KeyFormatArg::Jwk => vec![
            (
                format!("{stem}.private.jwk.json"),
                pretty(&pair.private_jwk),
                true,
            ),
            (
                format!("{stem}.public.jwk.json"),
                pretty(&pair.public_jwk),
                false,
            ),
        ],
        KeyFormatArg::Jwks => vec![
            (
                format!("{stem}.private.jwk.json"),
                pretty(&pair.private_jwk),
                true,
            ),
            ("jwks.json".to_string(), pretty(jwks), false),
        ],
    };
    // Refuse before writing anything if any target exists.
    for (name, _, _) in &planned {
        let path = dir.join(name);
        if path.exists() {
            return Err(CliError::io(format!(
                "{} already exists: it is never overwritten",
                show(&path)
            )));
        }
    }
    let mut written = Vec::new();
    for (name, contents, private) in planned {
        let path = dir.join(name);
        write_new(&path, contents.as_bytes(), private)?;
        written.push(Written { path, private });
    }
    Ok(written)
}

/// The kid as a file name: anything but `[A-Za-z0-9._-]` becomes `_`.
fn file_stem(kid: &str) -> String {
    let stem: String = kid
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect();
    match stem.trim_start_matches('.') {
        "" => "key".to_string(),
        s => s.to_string(),
    }
}

/// Creates a new file (never replacing one); private files are 0600 on Unix from the
/// moment they exist.
fn write_new(path: &Path, contents: &[u8], private: bool) -> Result<(), CliError> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(if private { 0o600 } else { 0o644 });
    }
    #[cfg(not(unix))]
    let _ = private;
    let fail =
        |e: std::io::Error| CliError::io(format!("cannot write {}: {}", show(path), io_reason(&e)));
    let mut file = options.open(path).map_err(fail)?;
    file.write_all(contents).map_err(fail)?;
    file.sync_all().map_err(fail)
}
