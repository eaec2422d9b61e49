//! `jwtscope-split`: a build tool for the page's wasm module (ARCHITECTURE.md, "The
//! first load and the rest"). The page's first load needs only the code that opening
//! the page, decoding a token and verifying it with any algorithm runs; the rest (the
//! keys workshop, sign mode, share links, most error wording…) can come in a second
//! module fetched right after the first paint.
//!
//! ```text
//! jwtscope-split instrument IN.wasm OUT.wasm NAMES.txt
//! jwtscope-split split IN.wasm KEEP.txt FIRST.wasm LATER.wasm [OBJECTS.txt WINDOWS.txt]
//! jwtscope-split check FIRST.wasm WINDOWS.txt
//! ```
//!
//! `instrument` writes a module that calls the import `split.mark(i)` on entry to
//! its `i`-th local function, and the names of those functions, one per line
//! (`scripts/split-profile.mjs` runs it in the page and writes the keep list).
//! `split` keeps in FIRST every function the keep list names, and moves every other
//! function worth moving to LATER, leaving in its place a stub that calls it through
//! a table, and first calls the import `split.load` if that table's slot is still
//! empty (the page then loads LATER at once: a function is never missing, only late).
//! Both read the function names of the module's `name` section; only `split`'s
//! outputs keep it, for the build's last `wasm-opt` pass, which strips it.
//! With OBJECTS.txt (the linked module's read-only data objects and the functions
//! that name each, from scripts/linked-data.mjs), `split` also moves the data only
//! moved functions name, and writes to WINDOWS.txt the addresses that FIRST must no
//! longer name; `check` proves that of FIRST after the last `wasm-opt` pass
//! ([`data`]).

mod data;
mod instrument;
mod names;
mod split;

use std::fmt;
use std::process::ExitCode;

/// What went wrong, for the build's log.
#[derive(Debug)]
pub struct Error(String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Error {
    pub fn new(what: impl Into<String>) -> Self {
        Error(what.into())
    }
}

/// Reads a module. What `split` writes keeps the `name` section: scripts/split.mjs's
/// `wasm-opt` orders each part's functions by name (like code sits beside like, which
/// gzip packs better) and then strips it. What `instrument` writes has none. Neither
/// has a `producers` section.
fn parse(wasm: &[u8], names: bool) -> Result<walrus::Module, Error> {
    walrus::ModuleConfig::new()
        .generate_name_section(names)
        .generate_producers_section(false)
        .parse(wasm)
        .map_err(|e| Error::new(format!("not a wasm module walrus reads: {e}")))
}

fn text(path: &str) -> Result<String, Error> {
    std::fs::read_to_string(path).map_err(|e| Error::new(format!("{path}: {e}")))
}

fn read(path: &str) -> Result<Vec<u8>, Error> {
    std::fs::read(path).map_err(|e| Error::new(format!("{path}: {e}")))
}

fn write(path: &str, bytes: &[u8]) -> Result<(), Error> {
    std::fs::write(path, bytes).map_err(|e| Error::new(format!("{path}: {e}")))
}

fn run(args: &[String]) -> Result<String, Error> {
    match args {
        [cmd, input, out, names] if cmd == "instrument" => {
            let (module, list) = instrument::instrument(&read(input)?)?;
            write(out, &module)?;
            write(names, list.join("\n").as_bytes())?;
            Ok(format!("{} functions instrumented", list.len()))
        }
        [cmd, input, keep, first, later, rest @ ..] if cmd == "split" && matches!(rest.len(), 0 | 2) => {
            let keep = text(keep)?;
            let objects = match rest {
                [objects, _] => Some(data::objects(&text(objects)?)?),
                _ => None,
            };
            let out = split::split(&read(input)?, &names::keep_list(&keep), objects.as_deref())?;
            write(first, &out.first)?;
            write(later, &out.later)?;
            if let [_, windows] = rest {
                write(windows, out.windows.as_bytes())?;
            }
            Ok(out.summary())
        }
        [cmd, first, windows] if cmd == "check" => data::check(&parse(&read(first)?, false)?, &text(windows)?),
        _ => Err(Error::new(
            "usage: jwtscope-split instrument IN.wasm OUT.wasm NAMES.txt\n       jwtscope-split split IN.wasm KEEP.txt FIRST.wasm LATER.wasm [OBJECTS.txt WINDOWS.txt]\n       jwtscope-split check FIRST.wasm WINDOWS.txt",
        )),
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(summary) => {
            println!("jwtscope-split: {summary}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("jwtscope-split: {e}");
            ExitCode::FAILURE
        }
    }
}
