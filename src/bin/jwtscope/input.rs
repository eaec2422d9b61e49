//! Reading tokens, keys and payloads from arguments, files and stdin; the clock.

use std::io::Read;
use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

use crate::output::CliError;

/// The most read from one file or from stdin (8 MiB): far above any token (256 KiB)
/// or key (1 MiB) the engine accepts, so the engine still says what is too large.
const MAX_INPUT: u64 = 8 << 20;

/// The argument itself, or stdin when it is `-`.
pub fn arg_or_stdin(arg: &str, what: &str) -> Result<String, CliError> {
    if arg == "-" {
        read_stdin(what)
    } else {
        Ok(arg.to_string())
    }
}

/// The contents of a file, or stdin when the path is `-`.
pub fn file_or_stdin(path: &str, what: &str) -> Result<String, CliError> {
    if path == "-" {
        return read_stdin(what);
    }
    let file = std::fs::File::open(path).map_err(|e| {
        CliError::io(format!(
            "cannot open {what} file {}: {}",
            show(path),
            io_reason(&e)
        ))
    })?;
    let bytes = read_limited(file).map_err(|e| {
        CliError::io(format!(
            "cannot read {what} file {}: {}",
            show(path),
            io_reason(&e)
        ))
    })?;
    let bytes = bytes.ok_or_else(|| {
        CliError::io(format!(
            "the {what} file {} is larger than {} MiB",
            show(path),
            MAX_INPUT >> 20
        ))
    })?;
    String::from_utf8(bytes).map_err(|_| {
        CliError::io(format!(
            "the {what} file {} is not UTF-8 text (a binary DER key? convert it to PEM, e.g. with openssl pkey -inform DER)",
            show(path)
        ))
    })
}

/// Refuses two inputs that both want stdin.
pub fn one_stdin(inputs: &[(&str, Option<&str>)]) -> Result<(), CliError> {
    let on_stdin: Vec<&str> = inputs
        .iter()
        .filter(|(_, v)| *v == Some("-"))
        .map(|(name, _)| *name)
        .collect();
    if on_stdin.len() > 1 {
        return Err(CliError::usage(format!(
            "{} cannot all be read from stdin (-): give all but one as files or arguments",
            on_stdin.join(" and ")
        )));
    }
    Ok(())
}

/// `now` as given, or the system clock in Unix seconds.
pub fn now_or_clock(now: Option<i64>) -> i64 {
    if let Some(now) = now {
        return now;
    }
    match SystemTime::now().duration_since(UNIX_EPOCH) {
        Ok(d) => i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
        Err(before) => i64::try_from(before.duration().as_secs())
            .map(|s| -s)
            .unwrap_or(i64::MIN),
    }
}

fn read_stdin(what: &str) -> Result<String, CliError> {
    let bytes = read_limited(std::io::stdin().lock())
        .map_err(|e| {
            CliError::io(format!(
                "cannot read the {what} from stdin: {}",
                io_reason(&e)
            ))
        })?
        .ok_or_else(|| {
            CliError::io(format!(
                "the {what} on stdin is larger than {} MiB",
                MAX_INPUT >> 20
            ))
        })?;
    String::from_utf8(bytes)
        .map_err(|_| CliError::io(format!("the {what} on stdin is not UTF-8 text")))
}

/// Reads at most [`MAX_INPUT`] bytes; `None` when there is more.
fn read_limited(reader: impl Read) -> std::io::Result<Option<Vec<u8>>> {
    let mut bytes = Vec::new();
    reader.take(MAX_INPUT + 1).read_to_end(&mut bytes)?;
    Ok((bytes.len() as u64 <= MAX_INPUT).then_some(bytes))
}

/// The OS message without Rust's " (os error 2)" suffix.
pub fn io_reason(e: &std::io::Error) -> String {
    let text = e.to_string();
    match text.find(" (os error") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

/// A path for messages.
pub fn show(path: impl AsRef<Path>) -> String {
    format!("\"{}\"", path.as_ref().display())
}
