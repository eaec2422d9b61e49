//! Exit codes, the CLI's own errors, and writing results without panicking.
//!
//! Every command builds an [`Outcome`]: the human text, the JSON document and the exit
//! status. [`Printer`] writes whichever was asked for. A closed pipe (`| head`) is not
//! an error worth a panic: output stops quietly.

use std::borrow::Cow;
use std::fmt::Display;
use std::io::Write;
use std::process::ExitCode;

use jwtscope::jose::error::Error;
use jwtscope::jose::report;
use serde_json::{json, Value};

/// Success; for `verify`, signature and claims valid.
pub const EXIT_OK: u8 = 0;
/// `verify` only: the token is invalid.
pub const EXIT_INVALID: u8 = 1;
/// The command could not run: bad input, unusable key, usage error.
pub const EXIT_ERROR: u8 = 2;

/// Code for a command line the CLI cannot act on (missing or conflicting options…).
pub const ERR_USAGE: &str = "ERR_USAGE";
/// Code for a file or stream that cannot be read or written.
pub const ERR_IO: &str = "ERR_IO";

/// A failure that stops a command: exit 2, one line on stderr, or `{"error": …}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CliError {
    code: Cow<'static, str>,
    message: String,
    /// Which input an engine error is about (the engine's [`Error::location`]).
    location: Option<&'static str>,
}

impl CliError {
    /// A usage error (`ERR_USAGE`).
    pub fn usage(message: impl Into<String>) -> Self {
        CliError {
            code: Cow::Borrowed(ERR_USAGE),
            message: message.into(),
            location: None,
        }
    }

    /// A read or write failure (`ERR_IO`).
    pub fn io(message: impl Into<String>) -> Self {
        CliError {
            code: Cow::Borrowed(ERR_IO),
            message: message.into(),
            location: None,
        }
    }

    /// An engine error with what the CLI was doing, e.g. `reading the key file k.pem`.
    pub fn engine(context: impl Display, e: &Error) -> Self {
        CliError {
            code: Cow::Borrowed(e.code()),
            message: format!("{context}: {}", e.message()),
            location: e.location().map(|l| l.as_str()),
        }
    }

    /// The stable code.
    pub fn code(&self) -> &str {
        &self.code
    }

    /// The message.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// `{"code": …, "message": …, "location": …}`, the same shape as the engine's
    /// errors ([`report::error`]).
    pub fn to_json(&self) -> Value {
        json!({ "code": self.code, "message": self.message, "location": self.location })
    }
}

impl From<Error> for CliError {
    fn from(e: Error) -> Self {
        CliError {
            code: Cow::Borrowed(e.code()),
            message: e.message().to_string(),
            location: e.location().map(|l| l.as_str()),
        }
    }
}

impl From<&Error> for CliError {
    fn from(e: &Error) -> Self {
        CliError {
            code: Cow::Borrowed(e.code()),
            message: e.message().to_string(),
            location: e.location().map(|l| l.as_str()),
        }
    }
}

/// `{"code": …, "message": …}` for an engine error (the engine's own shape).
pub fn error_json(e: &Error) -> Value {
    report::error(e)
}

/// What a command produced.
#[derive(Debug)]
pub struct Outcome {
    /// The human output (stdout).
    pub human: String,
    /// Lines for stderr in human mode (warnings next to a token printed alone).
    pub notes: Vec<String>,
    /// The JSON document (stdout with `--json`).
    pub json: Value,
    /// The exit status.
    pub exit: u8,
}

impl Outcome {
    /// An outcome with exit status 0.
    pub fn ok(human: String, json: Value) -> Self {
        Outcome {
            human,
            notes: Vec::new(),
            json,
            exit: EXIT_OK,
        }
    }
}

/// Writes outcomes and errors in the chosen mode.
#[derive(Debug, Clone, Copy)]
pub struct Printer {
    json: bool,
}

impl Printer {
    /// Human output, or JSON with `json`.
    pub fn new(json: bool) -> Self {
        Printer { json }
    }

    /// Whether `--json` was given.
    pub fn is_json(&self) -> bool {
        self.json
    }

    /// Prints an outcome and returns its exit status.
    pub fn finish(&self, outcome: Outcome) -> ExitCode {
        if self.json {
            write_stdout(&pretty(&outcome.json));
        } else {
            write_stdout(&outcome.human);
            for note in &outcome.notes {
                write_stderr(&format!("{note}\n"));
            }
        }
        ExitCode::from(outcome.exit)
    }

    /// Prints an error (stderr, or `{"error": …}` on stdout with `--json`) and returns 2.
    pub fn fail(&self, e: &CliError) -> ExitCode {
        if self.json {
            write_stdout(&pretty(&json!({ "error": e.to_json() })));
        } else {
            write_stderr(&format!("error: {} ({})\n", e.message(), e.code()));
        }
        ExitCode::from(EXIT_ERROR)
    }
}

/// Pretty JSON with a final newline. Serialising a `Value` cannot fail.
pub fn pretty(value: &Value) -> String {
    let mut text = jwtscope::jose::json::pretty(value);
    text.push('\n');
    text
}

fn write_stdout(text: &str) {
    let mut out = std::io::stdout().lock();
    // A closed pipe or full disk leaves nothing useful to do: stop quietly.
    if out
        .write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .is_err()
    {
        // Nothing to report to: stdout is gone.
    }
}

fn write_stderr(text: &str) {
    let mut err = std::io::stderr().lock();
    if err.write_all(text.as_bytes()).is_err() {
        // stderr is gone too.
    }
}

/// Builds human output line by line.
#[derive(Debug, Default)]
pub struct Text(String);

impl Text {
    /// Empty text.
    pub fn new() -> Self {
        Text(String::new())
    }

    /// Appends a line.
    pub fn line(&mut self, line: impl AsRef<str>) {
        self.0.push_str(line.as_ref());
        self.0.push('\n');
    }

    /// Appends an empty line.
    pub fn blank(&mut self) {
        self.0.push('\n');
    }

    /// The text.
    pub fn into_string(self) -> String {
        self.0
    }
}
