//! `jwtscope`: the JWT debugger's engine in a terminal.
//!
//! `decode`, `verify`, `sign`, `secret`, `keygen` and `key`, each a thin layer over
//! [`jwtscope::jose`]: this binary parses arguments, reads files and standard
//! input, and prints. Every JOSE decision is the engine's.
//!
//! Exit status: 0 success (for `verify`: signature and claims valid); 1 for `verify`
//! only, the token is invalid; 2 the command could not run (bad input, unusable key,
//! usage error). With `--json`, stdout holds exactly one JSON document, and an exit
//! status of 2 always comes with a non-null `"error"` member.

mod args;
mod commands;
mod input;
mod output;

use std::ffi::OsString;
use std::process::ExitCode;

use clap::error::ErrorKind as ClapErrorKind;
use clap::Parser;

use crate::args::{Cli, Command};
use crate::output::{CliError, Printer};

fn main() -> ExitCode {
    let argv: Vec<OsString> = std::env::args_os().collect();
    let cli = match Cli::try_parse_from(&argv) {
        Ok(cli) => cli,
        Err(e) => return usage_error(&e, wants_json(&argv)),
    };
    let printer = Printer::new(cli.json);
    let outcome = match &cli.command {
        Command::Decode(a) => commands::decode::run(a, &printer),
        Command::Verify(a) => commands::verify::run(a, &printer),
        Command::Sign(a) => commands::sign::run(a, &printer),
        Command::Secret(a) => commands::secret::run(a, &printer),
        Command::Keygen(a) => commands::keygen::run(a, &printer),
        Command::Key(a) => commands::key::run(a, &printer),
        Command::Audit(a) => commands::audit::run(a, &printer),
        Command::Crack(a) => commands::crack::run(a, &printer),
    };
    match outcome {
        Ok(outcome) => printer.finish(outcome),
        Err(e) => printer.fail(&e),
    }
}

/// Whether `--json` was asked for, read from the raw arguments: clap could not parse
/// them, but a script that asked for JSON still gets a JSON error document.
fn wants_json(argv: &[OsString]) -> bool {
    argv.iter()
        .skip(1)
        .take_while(|a| a.as_os_str() != "--")
        .any(|a| a.as_os_str() == "--json")
}

/// Clap's own messages for usage errors; `--help` and `--version` succeed.
fn usage_error(e: &clap::Error, json: bool) -> ExitCode {
    let informational = matches!(
        e.kind(),
        ClapErrorKind::DisplayHelp
            | ClapErrorKind::DisplayVersion
            | ClapErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    );
    if informational || !json {
        // Printing help can only fail on a closed stream; there is nothing left to tell.
        let _ = e.print();
        return if informational
            && e.kind() != ClapErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
        {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(output::EXIT_ERROR)
        };
    }
    // Clap's message without its usage block: "error: …" and the lines that
    // continue it (the missing arguments, a tip), joined on one line.
    let rendered = e.render().to_string();
    let message = rendered
        .lines()
        .map(str::trim)
        .take_while(|l| !l.starts_with("Usage:") && !l.starts_with("For more information"))
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let message = message.trim_start_matches("error: ").to_string();
    Printer::new(true).fail(&CliError::usage(message))
}
