//! `jwtscope crack`: is the token's HMAC secret a weak one? The built-in list, then a
//! wordlist read in batches, each batch split across every core.

use std::fs::File;
use std::io::BufReader;
use std::sync::atomic::AtomicBool;
use std::time::Instant;

use jwtscope::jose::decode::decode_unverified;
use jwtscope::jose::diagnose::{builtin, CrackTarget, Found, WordlistReader};
use serde_json::json;

use crate::args::CrackArgs;
use crate::input::{arg_or_stdin, io_reason, show};
use crate::output::{CliError, Outcome, Printer, EXIT_INVALID, EXIT_OK};

/// Candidates read from a wordlist before they are searched (bounded memory for any size).
const BATCH: usize = 1 << 16;

/// Runs `crack`.
pub fn run(args: &CrackArgs, _printer: &Printer) -> Result<Outcome, CliError> {
    let token = arg_or_stdin(&args.token, "token")?;
    let target = CrackTarget::new(&decode_unverified(&token))
        .map_err(|e| CliError::engine("nothing to check", &e))?;
    let threads = args
        .threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, usize::from))
        .clamp(1, 256);
    let started = Instant::now();
    let stop = AtomicBool::new(false);
    let mut tried = 0u64;

    let list = builtin();
    let words: Vec<&str> = list.iter().map(|s| s.as_ref()).collect();
    let (mut found, n) = search(&target, &words, threads, &stop);
    tried += n;
    let mut source = "the built-in list".to_string();

    if let (None, Some(path)) = (&found, &args.wordlist) {
        source = show(path);
        let file = File::open(path)
            .map_err(|e| CliError::io(format!("{}: {}", show(path), io_reason(&e))))?;
        let mut batch: Vec<String> = Vec::with_capacity(BATCH);
        let io = |e: std::io::Error| CliError::io(format!("{}: {}", show(path), io_reason(&e)));
        // The engine's rule for what a wordlist line is (the page's workers use it too).
        let mut lines = WordlistReader::new(BufReader::new(file));
        loop {
            let next = lines.next().transpose().map_err(io)?;
            let done = next.is_none();
            if let Some(text) = next {
                batch.push(text);
            }
            if batch.len() == BATCH || (done && !batch.is_empty()) {
                let words: Vec<&str> = batch.iter().map(String::as_str).collect();
                let (hit, n) = search(&target, &words, threads, &stop);
                tried += n;
                batch.clear();
                if hit.is_some() {
                    found = hit;
                    break;
                }
            }
            if done {
                break;
            }
        }
    }

    let seconds = started.elapsed().as_secs_f64();
    let rate = if seconds > 0.0 {
        tried as f64 / seconds
    } else {
        0.0
    };
    let alg = target.alg();
    let (human, exit) = match &found {
        Some(f) => (
            format!(
                "FOUND — the {alg} secret is {:?} ({}), from {source}; anyone can forge tokens with it\n{}\n",
                f.secret,
                f.encoding.label(),
                f.secret
            ),
            EXIT_OK,
        ),
        None => (
            format!(
                "NOT FOUND — none of {tried} candidates is the {alg} secret ({}{})\n",
                "the built-in list",
                args.wordlist
                    .as_ref()
                    .map(|p| format!(" and {}", show(p)))
                    .unwrap_or_default()
            ),
            EXIT_INVALID,
        ),
    };
    Ok(Outcome {
        human,
        notes: vec![format!(
            "{tried} candidates in {seconds:.2} s ({:.0}/s, {threads} thread{})",
            rate,
            if threads == 1 { "" } else { "s" }
        )],
        json: json!({
            "command": "crack",
            "found": found.is_some(),
            "secret": found.as_ref().map(|f| f.secret.clone()),
            "encoding": found.as_ref().map(|f| f.encoding.name()),
            "source": found.as_ref().map(|_| source.clone()),
            "tried": tried,
            "seconds": seconds,
            "rate": rate,
        }),
        exit,
    })
}

/// Splits `words` across `threads` and stops them all at the first find.
fn search(
    target: &CrackTarget,
    words: &[&str],
    threads: usize,
    stop: &AtomicBool,
) -> (Option<Found>, u64) {
    if threads == 1 || words.len() < 1024 {
        return target.search(words.iter().copied(), stop);
    }
    let chunk = words.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let workers: Vec<_> = words
            .chunks(chunk)
            .map(|part| scope.spawn(move || target.search(part.iter().copied(), stop)))
            .collect();
        let mut found = None;
        let mut tried = 0;
        for w in workers {
            if let Ok((hit, n)) = w.join() {
                tried += n;
                found = found.or(hit);
            }
        }
        (found, tried)
    })
}
