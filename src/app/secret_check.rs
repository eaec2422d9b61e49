//! The weak-secret check in the page: which part of the work goes to which worker,
//! what came back, and when it is over. The candidates, what a wordlist line is and
//! the HMACs are the engine's (`diagnose::crack`, run by the worker module); this
//! only schedules, counts and words the outcome.
//!
//! The work is the built-in list (one part: a few hundred candidates) and then, when
//! the user picked a file, the file in [`WINDOW`]-byte windows, [`PARTS_OUT`] at a
//! time to each worker (another as each comes back), so every core works and the page
//! hears back often enough to show progress. A cancel or a found secret ends the run
//! at once for the page; the parts still out (at most two per worker) are ignored
//! when they come back (the run's `job` number), and a new run's parts queue behind
//! them in the workers.

use crate::jose::alg::Algorithm;
use crate::jose::decode::Decoded;
use crate::jose::diagnose::{CrackTarget, Found, WINDOW_TAIL};
use crate::jose::report;

/// Bytes of a wordlist per part: ~15–30 ms of one worker's HMACs for a list of short
/// words, so the parts spread evenly over the workers (a 1.2 MB list is 19 parts),
/// progress moves and a cancel is heard quickly; the cost of a part (a message, a
/// slice of the file) is well under a millisecond.
pub const WINDOW: u64 = 64 * 1024;

/// Parts each worker holds at once: while it works on one, the next is already in its
/// queue (its slice of the file read meanwhile), so it does not wait for the page to
/// hear its answer, paint the progress and send more — a round trip that grows when
/// the main thread is busy. Measured with two workers on two cores (the main thread
/// competing): the third-party list in 530–547 ms against 590–617 ms with one part
/// out (docs/BENCHMARKS.md).
pub const PARTS_OUT: u8 = 2;

/// Where the built-in candidates come from, for people.
pub const BUILTIN: &str = "the built-in list";

/// A wordlist file the user picked (read in the workers, never uploaded or stored).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wordlist {
    /// The pick's number, given by the web layer, which keeps the `File` under it: a
    /// run reads the file it started with even if another is picked meanwhile.
    pub id: u32,
    /// Its file name.
    pub name: String,
    /// Its size in bytes.
    pub size: u64,
}

/// One part of the work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// The built-in list.
    Builtin,
    /// The lines of the wordlist that start in these bytes.
    Window {
        /// First byte.
        from: u64,
        /// One past the last byte.
        to: u64,
    },
}

/// The bytes of the wordlist a worker reads for a [`Part::Window`], and where the
/// window's own range lies in them (the engine's `wordlist_window` contract: one
/// byte before the range, [`WINDOW_TAIL`] after it, or the file's ends).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadRange {
    /// First byte to read from the file.
    pub lo: u64,
    /// One past the last byte to read.
    pub hi: u64,
    /// The range's start, relative to `lo`.
    pub from: u64,
    /// The range's end, relative to `lo`.
    pub to: u64,
    /// `hi` is the end of the file.
    pub at_end: bool,
}

impl Part {
    /// What to read of a file of `size` bytes for this part (`None` for the
    /// built-in list).
    pub fn read_range(self, size: u64) -> Option<ReadRange> {
        let Part::Window { from, to } = self else {
            return None;
        };
        let lo = from.saturating_sub(1);
        let hi = to.saturating_add(WINDOW_TAIL as u64).min(size);
        Some(ReadRange {
            lo,
            hi,
            from: from - lo,
            to: to.min(size).saturating_sub(lo),
            at_end: hi == size,
        })
    }
}

/// A part sent to a worker (`crate::app::Effect::Crack`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrackJob {
    /// The run it belongs to.
    pub job: u32,
    /// Which worker (index in the page's pool).
    pub worker: usize,
    /// What is checked: the token's algorithm, signing input and tag.
    pub target: CrackTarget,
    /// What to try.
    pub part: Part,
}

/// How a run ended.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// The secret, if it was found.
    pub found: Option<Found>,
    /// Where it was found ([`BUILTIN`] or the file's name).
    pub source: String,
    /// HMACs computed.
    pub tried: u64,
    /// How long it took, in milliseconds.
    pub ms: f64,
    /// Stopped by the user before the end.
    pub cancelled: bool,
}

/// A run in progress.
#[derive(Debug, Clone, PartialEq)]
pub struct Running {
    /// When it started (the page's clock, milliseconds).
    pub started_ms: f64,
    /// When the last part came back.
    pub last_ms: f64,
    /// How many parts each worker has out (at most [`PARTS_OUT`]).
    out: Vec<u8>,
    /// The next wordlist byte not yet handed out.
    next: u64,
    /// Wordlist bytes whose parts came back.
    pub bytes_done: u64,
    /// Whether the built-in list came back.
    pub builtin_done: bool,
}

/// The check's state.
#[derive(Debug, Clone, PartialEq)]
pub enum Status {
    /// Not run for this token.
    Idle,
    /// Running.
    Running(Running),
    /// Over.
    Done(Outcome),
    /// Could not run (the engine's or the worker's reason, for people).
    Failed(String),
}

/// The weak-secret check.
#[derive(Debug, Clone, PartialEq)]
pub struct SecretCheck {
    /// The run number (stale replies carry an older one).
    pub job: u32,
    /// The workers ready to take parts (their indices in the page's pool: one that
    /// failed to start is not among them).
    pub workers: Vec<usize>,
    /// The wordlist picked, if any.
    pub wordlist: Option<Wordlist>,
    /// Where it is.
    pub status: Status,
    /// HMACs computed in this run so far.
    pub tried: u64,
    /// The token the run is about (its result is dropped when the token changes).
    token: String,
    /// What the run checks, read from the token by the engine.
    target: Option<CrackTarget>,
}

impl Default for SecretCheck {
    fn default() -> Self {
        SecretCheck {
            job: 0,
            workers: Vec::new(),
            wordlist: None,
            status: Status::Idle,
            tried: 0,
            token: String::new(),
            target: None,
        }
    }
}

impl SecretCheck {
    /// Starts a run on `token` at `now_ms`: the parts for every free worker. Refused,
    /// with the engine's reason, for a token that has no secret to check.
    pub fn start(&mut self, token: &str, decoded: &Decoded, now_ms: f64) -> Vec<CrackJob> {
        if matches!(self.status, Status::Running(_)) {
            return Vec::new();
        }
        self.job = self.job.wrapping_add(1);
        self.token = token.to_string();
        self.tried = 0;
        self.target = None;
        let target = match CrackTarget::new(decoded) {
            Ok(target) => target,
            Err(e) => {
                self.status = Status::Failed(e.message().to_string());
                return Vec::new();
            }
        };
        if self.workers.is_empty() {
            self.status = Status::Failed(
                "the page's workers are not running (this browser could not start them), so the check cannot run here; `jwtscope crack` runs it in a terminal".into(),
            );
            return Vec::new();
        }
        self.target = Some(target);
        self.status = Status::Running(Running {
            started_ms: now_ms,
            last_ms: now_ms,
            out: vec![0; self.workers.iter().max().map_or(0, |m| m + 1)],
            next: 0,
            bytes_done: 0,
            builtin_done: false,
        });
        let mut jobs = Vec::new();
        for (n, worker) in self.workers.clone().into_iter().enumerate() {
            for k in 0..PARTS_OUT {
                let part = if n == 0 && k == 0 {
                    Some(Part::Builtin)
                } else {
                    self.next_window()
                };
                if let Some(job) = part.and_then(|part| self.send(worker, part)) {
                    jobs.push(job);
                }
            }
        }
        jobs
    }

    /// A worker's answer for one part (`reply`: [`report::crack_reply`] text).
    /// Returns the next parts to send.
    pub fn part_done(
        &mut self,
        job: u32,
        worker: usize,
        part: Part,
        reply: &str,
        now_ms: f64,
    ) -> Vec<CrackJob> {
        if job != self.job {
            return Vec::new();
        }
        let Status::Running(run) = &mut self.status else {
            return Vec::new();
        };
        if let Some(n) = run.out.get_mut(worker) {
            *n = n.saturating_sub(1);
        }
        run.last_ms = now_ms;
        let started = run.started_ms;
        match part {
            Part::Builtin => run.builtin_done = true,
            Part::Window { from, to } => {
                run.bytes_done = run.bytes_done.saturating_add(to.saturating_sub(from))
            }
        }
        let (found, tried) = match report::read_crack_reply(reply) {
            Ok(answer) => answer,
            Err(e) => {
                self.status = Status::Failed(e.message().to_string());
                return Vec::new();
            }
        };
        self.tried = self.tried.saturating_add(tried);
        if let Some(found) = found {
            let source = match part {
                Part::Builtin => BUILTIN.to_string(),
                Part::Window { .. } => self
                    .wordlist
                    .as_ref()
                    .map_or_else(|| "the wordlist".into(), |w| w.name.clone()),
            };
            self.finish(Some(found), source, now_ms - started, false);
            return Vec::new();
        }
        let mut jobs = Vec::new();
        if let Some(job) = self.next_window().and_then(|part| self.send(worker, part)) {
            jobs.push(job);
        }
        let idle = match &self.status {
            Status::Running(run) => run.out.iter().all(|n| *n == 0),
            _ => false,
        };
        if idle {
            let source = match &self.wordlist {
                Some(w) => format!("{BUILTIN} and {}", w.name),
                None => BUILTIN.to_string(),
            };
            self.finish(None, source, now_ms - started, false);
        }
        jobs
    }

    /// Stops a run; parts still out are ignored when they come back.
    pub fn cancel(&mut self, now_ms: f64) {
        if let Status::Running(run) = &self.status {
            let ms = now_ms - run.started_ms;
            self.job = self.job.wrapping_add(1);
            self.finish(None, String::new(), ms, true);
        }
    }

    /// A part of run `job` failed (a worker's error, an unreadable file): that run
    /// cannot finish. A failure from an older run changes nothing.
    pub fn part_failed(&mut self, job: u32, message: String) {
        if job == self.job {
            self.worker_failed(message);
        }
    }

    /// The workers cannot run the check: a run in progress cannot finish.
    pub fn worker_failed(&mut self, message: String) {
        if matches!(self.status, Status::Running(_)) {
            self.job = self.job.wrapping_add(1);
            self.status = Status::Failed(message);
        }
    }

    /// Forgets the outcome (and stops a run) when the token it was about changed.
    pub fn follow_token(&mut self, token: &str) {
        if !matches!(self.status, Status::Idle) && token != self.token {
            self.job = self.job.wrapping_add(1);
            self.status = Status::Idle;
            self.tried = 0;
        }
    }

    /// How far the run is, from 0 to 1: wordlist bytes done (the built-in list
    /// counts as its first part), or `None` while only the built-in list runs.
    pub fn progress(&self) -> Option<f64> {
        let Status::Running(run) = &self.status else {
            return None;
        };
        let size = self.wordlist.as_ref()?.size;
        let total = size.saturating_add(1) as f64;
        let done = run.bytes_done as f64 + if run.builtin_done { 1.0 } else { 0.0 };
        Some((done / total).clamp(0.0, 1.0))
    }

    /// Candidates per second so far (as of the last part back).
    pub fn rate(&self) -> Option<f64> {
        let Status::Running(run) = &self.status else {
            return None;
        };
        let secs = (run.last_ms - run.started_ms) / 1000.0;
        (secs > 0.0 && self.tried > 0).then(|| self.tried as f64 / secs)
    }

    /// Seconds left, from the wordlist bytes done so far.
    pub fn eta_secs(&self) -> Option<f64> {
        let Status::Running(run) = &self.status else {
            return None;
        };
        let size = self.wordlist.as_ref()?.size;
        let secs = (run.last_ms - run.started_ms) / 1000.0;
        (run.bytes_done > 0 && secs > 0.0)
            .then(|| size.saturating_sub(run.bytes_done) as f64 * secs / run.bytes_done as f64)
    }

    fn next_window(&mut self) -> Option<Part> {
        let size = self.wordlist.as_ref()?.size;
        let Status::Running(run) = &mut self.status else {
            return None;
        };
        if run.next >= size {
            return None;
        }
        let from = run.next;
        let to = from.saturating_add(WINDOW).min(size);
        run.next = to;
        Some(Part::Window { from, to })
    }

    fn send(&mut self, worker: usize, part: Part) -> Option<CrackJob> {
        let target = self.target.clone()?;
        if let Status::Running(run) = &mut self.status {
            if let Some(n) = run.out.get_mut(worker) {
                *n = n.saturating_add(1);
            }
        }
        Some(CrackJob {
            job: self.job,
            worker,
            target,
            part,
        })
    }

    fn finish(&mut self, found: Option<Found>, source: String, ms: f64, cancelled: bool) {
        self.status = Status::Done(Outcome {
            found,
            source,
            tried: self.tried,
            ms: ms.max(0.0),
            cancelled,
        });
    }
}

/// The weak-secret check as the page shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecretCheckView {
    /// A run is in progress (the start button is disabled, cancel enabled).
    pub running: bool,
    /// The progress bar's value in thousandths; `None` while running without a
    /// measure (the bar is indeterminate) or when not running.
    pub progress: Option<u16>,
    /// What is happening, for people (`aria-live`).
    pub status: String,
    /// The outcome: `Some(true)` found, `Some(false)` not found or cancelled.
    pub found: Option<bool>,
    /// `found`, `not_found`, `cancelled` (the result's `data-state`).
    pub result_state: &'static str,
    /// The outcome, for people.
    pub result: String,
    /// A secret was found ("use it as the key" enabled).
    pub can_use: bool,
    /// The picked wordlist, for people (empty when none).
    pub wordlist: String,
}

impl SecretCheck {
    /// The view of the check.
    pub fn view(&self) -> SecretCheckView {
        let wordlist = self
            .wordlist
            .as_ref()
            .map(|w| format!("{} ({})", w.name, bytes_text(w.size)))
            .unwrap_or_default();
        let mut view = SecretCheckView {
            running: false,
            progress: None,
            status: String::new(),
            found: None,
            result_state: "",
            result: String::new(),
            can_use: false,
            wordlist,
        };
        let alg = self.alg().map_or("HMAC", Algorithm::name);
        match &self.status {
            Status::Idle => {
                view.status = format!(
                    "Tries an HS256/384/512 token's secret against {BUILTIN} of known defaults and common passwords (each as UTF-8, base64, base64url and hex) and, if you pick one, a wordlist file — in {} background worker{}; the file is read in this page, never uploaded.",
                    self.workers.len(),
                    if self.workers.len() == 1 { "" } else { "s" }
                );
            }
            Status::Running(_) => {
                view.running = true;
                view.progress = self.progress().map(|p| (p * 1000.0).round() as u16);
                let mut text = format!("Checking the {alg} secret: {} candidates", self.tried);
                if let Some(rate) = self.rate() {
                    text.push_str(&format!(", {}/s", rate as u64));
                }
                if let Some(eta) = self.eta_secs() {
                    text.push_str(&format!(", about {} left", seconds_text(eta)));
                }
                text.push('…');
                view.status = text;
            }
            Status::Failed(reason) => view.status = format!("Cannot check: {reason}"),
            Status::Done(out) => {
                let secs = seconds_text(out.ms / 1000.0);
                view.found = Some(out.found.is_some());
                (view.result_state, view.result) = match (&out.found, out.cancelled) {
                    (Some(f), _) => (
                        "found",
                        format!(
                            "Found: the {alg} secret is “{}” ({}), from {}. Anyone who has this list can forge tokens: use a random secret of at least the hash's length.",
                            f.secret,
                            f.encoding.label(),
                            out.source
                        ),
                    ),
                    (None, true) => (
                        "cancelled",
                        format!("Cancelled after {} candidates ({secs}).", out.tried),
                    ),
                    (None, false) => (
                        "not_found",
                        format!(
                            "Not found: none of {} candidates from {} is the {alg} secret ({secs}). That rules out these lists only, not a weak secret.",
                            out.tried, out.source
                        ),
                    ),
                };
                view.can_use = out.found.is_some();
            }
        }
        view
    }

    /// The algorithm of the token the last run checked (its target's).
    pub fn alg(&self) -> Option<Algorithm> {
        self.target.as_ref().map(CrackTarget::alg)
    }

    /// The secret found and the algorithm, for "use as the key".
    pub fn found(&self) -> Option<(&Found, Option<Algorithm>)> {
        match &self.status {
            Status::Done(Outcome {
                found: Some(found), ..
            }) => Some((found, self.alg())),
            _ => None,
        }
    }
}

// Numbers are written with integer formatting only: float formatting (`{:.1}`)
// links core's flt2dec into the page, ~10 KB of gzip for these few labels.

/// `n` in tenths, as `12.3`.
fn tenths(n: u64) -> String {
    format!("{}.{}", n / 10, n % 10)
}

fn bytes_text(n: u64) -> String {
    match n {
        0..1_000 => format!("{n} bytes"),
        1_000..1_000_000 => format!("{} kB", tenths(n / 100)),
        _ => format!("{} MB", tenths(n / 100_000)),
    }
}

fn seconds_text(s: f64) -> String {
    let ms = (s.max(0.0) * 1000.0) as u64;
    match ms {
        0..1_000 => format!("{ms} ms"),
        1_000..120_000 => format!("{} s", tenths(ms / 100)),
        _ => format!("{} min", ms / 60_000),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use crate::app::{view_model, Effect, Msg, State};
    use crate::jose::decode::decode_unverified;
    use crate::jose::key::{parse_key, Secret, SecretEncoding};
    use crate::jose::sign::sign;
    use crate::jose::verify::SignatureVerdict;

    const RS256: &str = include_str!("../../tests/e2e/fixtures/rs256.jwt");

    fn hs256(secret: &str) -> String {
        let set = parse_key(secret, SecretEncoding::Utf8).unwrap();
        sign("{}", r#"{"sub":"x"}"#, Algorithm::HS256, &set.keys[0])
            .unwrap()
            .token
    }

    fn found(secret: &str) -> String {
        let f = Found {
            secret: secret.into(),
            encoding: SecretEncoding::Utf8,
        };
        report::crack_reply(Ok((Some(&f), 5))).to_string()
    }

    fn none(tried: u64) -> String {
        report::crack_reply(Ok((None, tried))).to_string()
    }

    fn check(workers: usize, wordlist: Option<u64>) -> SecretCheck {
        SecretCheck {
            workers: (0..workers).collect(),
            wordlist: wordlist.map(|size| Wordlist {
                id: 1,
                name: "words.txt".into(),
                size,
            }),
            ..SecretCheck::default()
        }
    }

    fn parts(jobs: &[CrackJob]) -> Vec<(usize, Part)> {
        jobs.iter().map(|j| (j.worker, j.part)).collect()
    }

    fn window(n: u64) -> Part {
        Part::Window {
            from: n * WINDOW,
            to: (n + 1) * WINDOW,
        }
    }

    #[test]
    fn the_work_is_shared_among_the_workers_until_the_file_is_done() {
        let token = hs256("a strong secret nobody lists");
        // Five windows and a short sixth, two workers.
        let size = 5 * WINDOW + 10;
        let last = Part::Window {
            from: 5 * WINDOW,
            to: size,
        };
        let mut c = check(2, Some(size));
        let jobs = c.start(&token, &decode_unverified(&token), 1000.0);
        // Each worker gets two parts: the second waits in its queue while it works.
        assert_eq!(
            parts(&jobs),
            vec![
                (0, Part::Builtin),
                (0, window(0)),
                (1, window(1)),
                (1, window(2))
            ]
        );
        let target = CrackTarget::new(&decode_unverified(&token)).unwrap();
        assert!(jobs.iter().all(|j| j.target == target && j.job == c.job));
        assert_eq!(c.view().progress, Some(0), "nothing back yet");
        // A part back: its worker gets the next window, so it again has two out.
        let next = c.part_done(c.job, 0, Part::Builtin, &none(800), 1010.0);
        assert_eq!(parts(&next), vec![(0, window(3))]);
        let next = c.part_done(c.job, 1, window(1), &none(1000), 1100.0);
        assert_eq!(parts(&next), vec![(1, window(4))]);
        let next = c.part_done(c.job, 0, window(0), &none(1000), 1150.0);
        assert_eq!(parts(&next), vec![(0, last)]);
        let next = c.part_done(c.job, 1, window(2), &none(1000), 1200.0);
        assert!(next.is_empty(), "nothing left to hand out");
        let v = c.view();
        assert!(v.running);
        assert!(v.status.contains("3800 candidates"), "{}", v.status);
        assert!(
            v.status.contains("/s") && v.status.contains("left"),
            "{}",
            v.status
        );
        assert_eq!(
            v.progress,
            Some(600),
            "three windows and the built-in list of six parts"
        );
        c.part_done(c.job, 0, window(3), &none(1000), 1250.0);
        c.part_done(c.job, 1, window(4), &none(1000), 1300.0);
        assert!(c.view().running, "worker 0 still has the last window");
        c.part_done(c.job, 0, last, &none(3), 1350.0);
        let v = c.view();
        assert!(!v.running);
        assert_eq!((v.found, v.result_state), (Some(false), "not_found"));
        assert!(
            v.result
                .contains("none of 5803 candidates from the built-in list and words.txt"),
            "{}",
            v.result
        );
    }

    #[test]
    fn a_window_reads_one_byte_before_and_a_line_after() {
        assert_eq!(Part::Builtin.read_range(100), None);
        let first = Part::Window {
            from: 0,
            to: WINDOW,
        }
        .read_range(10 * WINDOW);
        assert_eq!(
            first,
            Some(ReadRange {
                lo: 0,
                hi: WINDOW + WINDOW_TAIL as u64,
                from: 0,
                to: WINDOW,
                at_end: false
            })
        );
        let last = Part::Window {
            from: WINDOW,
            to: WINDOW + 5,
        }
        .read_range(WINDOW + 5);
        assert_eq!(
            last,
            Some(ReadRange {
                lo: WINDOW - 1,
                hi: WINDOW + 5,
                from: 1,
                to: 6,
                at_end: true
            })
        );
    }

    #[test]
    fn only_the_workers_that_started_get_parts() {
        let token = hs256("x");
        let mut c = SecretCheck {
            workers: vec![0, 2, 3],
            wordlist: Some(Wordlist {
                id: 1,
                name: "w.txt".into(),
                size: 10 * WINDOW,
            }),
            ..SecretCheck::default()
        };
        let jobs = c.start(&token, &decode_unverified(&token), 0.0);
        assert_eq!(
            jobs.iter().map(|j| j.worker).collect::<Vec<_>>(),
            vec![0, 0, 2, 2, 3, 3],
            "worker 1 failed to start: it gets nothing"
        );
        let next = c.part_done(c.job, 3, jobs[4].part, &none(1), 1.0);
        assert_eq!(next.iter().map(|j| j.worker).collect::<Vec<_>>(), vec![3]);
    }

    #[test]
    fn a_find_ends_the_run_and_late_parts_are_ignored() {
        let token = hs256("hunter2");
        let mut c = check(2, Some(3 * WINDOW));
        let jobs = c.start(&token, &decode_unverified(&token), 0.0);
        assert_eq!(jobs.len(), 4);
        let job = c.job;
        c.part_done(job, 1, window(1), &found("hunter2"), 50.0);
        let v = c.view();
        assert_eq!(
            (v.found, v.result_state, v.can_use),
            (Some(true), "found", true)
        );
        assert!(
            v.result.contains("“hunter2” (UTF-8), from words.txt"),
            "{}",
            v.result
        );
        assert!(c
            .part_done(job, 0, Part::Builtin, &none(800), 60.0)
            .is_empty());
        assert_eq!(
            c.view(),
            v,
            "a part that comes back after the find changes nothing"
        );
    }

    #[test]
    fn cancel_stops_and_a_new_run_ignores_the_old_one() {
        let token = hs256("x");
        let mut c = check(1, Some(10 * WINDOW));
        c.start(&token, &decode_unverified(&token), 0.0);
        let old = c.job;
        c.cancel(500.0);
        let v = c.view();
        assert_eq!(
            (v.found, v.result_state, v.running),
            (Some(false), "cancelled", false)
        );
        assert!(c
            .part_done(old, 0, Part::Builtin, &found("x"), 600.0)
            .is_empty());
        assert_eq!(
            c.view().result_state,
            "cancelled",
            "the cancelled run's find is dropped"
        );
        let jobs = c.start(&token, &decode_unverified(&token), 700.0);
        assert_eq!(parts(&jobs), vec![(0, Part::Builtin), (0, window(0))]);
        assert_ne!(jobs[0].job, old);
    }

    #[test]
    fn what_cannot_run_says_why() {
        let mut c = check(2, None);
        assert!(c
            .start(RS256.trim(), &decode_unverified(RS256.trim()), 0.0)
            .is_empty());
        assert!(
            c.view().status.contains("not an HMAC secret"),
            "{}",
            c.view().status
        );
        assert!(c.start("abc", &decode_unverified("abc"), 0.0).is_empty());
        assert!(c.view().status.starts_with("Cannot check:"));
        let token = hs256("x");
        let mut c = check(0, None);
        assert!(c.start(&token, &decode_unverified(&token), 0.0).is_empty());
        assert!(c.view().status.contains("workers are not running"));
        // A worker that answers with an error, or garbage, fails the run.
        let mut c = check(1, None);
        c.start(&token, &decode_unverified(&token), 0.0);
        c.part_done(c.job, 0, Part::Builtin, "not json", 1.0);
        assert!(
            c.view().status.starts_with("Cannot check:"),
            "{}",
            c.view().status
        );
    }

    #[test]
    fn the_page_runs_the_check_and_uses_the_secret_it_found() {
        let token = hs256("secret123");
        let mut s = State::new(0, Secret::new(vec![1; 32]));
        s.update(Msg::KeyEdited(String::new()));
        s.update(Msg::TokenEdited(token.clone()));
        s.update(Msg::WorkersReady(vec![0, 1]));
        let Some(Effect::Crack(jobs)) = s.update(Msg::SecretCheckStart(0.0)) else {
            panic!("the check starts");
        };
        assert_eq!(
            parts(&jobs),
            vec![(0, Part::Builtin)],
            "no wordlist: one part"
        );
        assert!(view_model(&s, &|_| String::new()).secret_check.running);
        s.update(Msg::SecretCheckPart {
            job: jobs[0].job,
            worker: 0,
            part: Part::Builtin,
            reply: found("secret123"),
            now_ms: 3.0,
        });
        assert_eq!(
            view_model(&s, &|_| String::new()).secret_check.found,
            Some(true)
        );
        s.update(Msg::UseFoundSecret);
        assert_eq!(s.key_text, "secret123");
        assert_eq!(s.verification.signature, SignatureVerdict::Valid);
        assert!(s
            .notice
            .as_deref()
            .unwrap_or("")
            .contains("found is now the key"));
        // A new token forgets the outcome.
        s.update(Msg::TokenEdited(hs256("other")));
        assert_eq!(s.check.status, Status::Idle);
        assert_eq!(view_model(&s, &|_| String::new()).secret_check.found, None);
    }
}
