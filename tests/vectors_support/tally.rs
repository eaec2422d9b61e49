//! Per-file bookkeeping: every test case of a vector file ends up passed, failed,
//! skipped (with a reason), acceptable (logged) or a documented disagreement, and the
//! sum must equal the number of cases the file declares — nothing is dropped silently.

use std::collections::BTreeMap;
use std::fmt::Write as _;

/// The counts for one vector file.
pub struct Tally {
    file: String,
    passed: usize,
    failed: usize,
    acceptable: usize,
    disagree: usize,
    /// Skip reason → number of cases.
    skipped: BTreeMap<String, usize>,
    /// What some of the passed cases were (must-reject, re-signed…) → count.
    notes: BTreeMap<String, usize>,
    /// One line per failed case: id, expectation, what the engine returned.
    failures: Vec<String>,
    /// One line per logged case (acceptable, disagreement).
    log: Vec<String>,
}

impl Tally {
    /// A tally for `file` (a path under `tests/vectors/`).
    pub fn new(file: &str) -> Self {
        Tally {
            file: file.to_string(),
            passed: 0,
            failed: 0,
            acceptable: 0,
            disagree: 0,
            skipped: BTreeMap::new(),
            notes: BTreeMap::new(),
            failures: Vec::new(),
            log: Vec::new(),
        }
    }

    /// The file, as given to [`Tally::new`].
    pub fn file(&self) -> &str {
        &self.file
    }

    /// A case that behaved as expected.
    pub fn pass(&mut self) {
        self.passed += 1;
    }

    /// A case that behaved as expected, counted under `note` too.
    pub fn pass_as(&mut self, note: &str) {
        self.passed += 1;
        *self.notes.entry(note.to_string()).or_default() += 1;
    }

    /// A case that did not.
    pub fn fail(&mut self, line: String) {
        self.failed += 1;
        self.failures.push(line);
    }

    /// Records `ok` as pass (under `note`, if any) or as the failure `line()`.
    pub fn check(&mut self, ok: bool, note: Option<&str>, line: impl FnOnce() -> String) {
        match (ok, note) {
            (true, Some(n)) => self.pass_as(n),
            (true, None) => self.pass(),
            (false, _) => self.fail(line()),
        }
    }

    /// `n` cases that do not apply to JWS, with why.
    pub fn skip(&mut self, reason: &str, n: usize) {
        *self.skipped.entry(reason.to_string()).or_default() += n;
    }

    /// A Wycheproof `acceptable` case: either verdict is defensible, so it is logged.
    pub fn acceptable(&mut self, line: String) {
        self.acceptable += 1;
        self.log.push(format!("acceptable: {line}"));
    }

    /// A case where jwtscope deliberately disagrees with the vector's label; the
    /// caller has asserted jwtscope's own expected behaviour first.
    pub fn disagree(&mut self, line: String) {
        self.disagree += 1;
        self.log.push(format!("disagree (documented): {line}"));
    }

    /// Extra information printed under the summary (e.g. error codes seen).
    pub fn info(&mut self, line: String) {
        self.log.push(line);
    }

    fn skipped_total(&self) -> usize {
        self.skipped.values().sum()
    }

    /// `file: N passed, M failed, K skipped (reason…)` and the details below it.
    pub fn summary(&self) -> String {
        let mut out = format!(
            "{}: {} passed, {} failed, {} skipped",
            self.file,
            self.passed,
            self.failed,
            self.skipped_total()
        );
        if !self.skipped.is_empty() {
            let reasons: Vec<String> = self
                .skipped
                .iter()
                .map(|(r, n)| format!("{n}: {r}"))
                .collect();
            let _ = write!(out, " ({})", reasons.join("; "));
        }
        if self.acceptable > 0 {
            let _ = write!(out, ", {} acceptable (logged)", self.acceptable);
        }
        if self.disagree > 0 {
            let _ = write!(out, ", {} disagree (documented)", self.disagree);
        }
        for (note, n) in &self.notes {
            let _ = write!(out, "\n    of the passed: {n} {note}");
        }
        for line in &self.log {
            let _ = write!(out, "\n    {line}");
        }
        for line in &self.failures {
            let _ = write!(out, "\n    FAILED {line}");
        }
        out
    }

    /// Prints the summary and fails the test if any case failed or if the counts
    /// do not add up to `declared` (the file's `numberOfTests`, when it has one).
    pub fn finish(self, declared: Option<usize>) {
        let text = self.summary();
        eprintln!("{text}");
        let counted =
            self.passed + self.failed + self.skipped_total() + self.acceptable + self.disagree;
        if let Some(declared) = declared {
            assert_eq!(
                counted, declared,
                "{}: {counted} cases accounted for, the file declares {declared}",
                self.file
            );
        }
        assert!(
            self.failed == 0,
            "{} has {} failing vector(s): see the FAILED lines above",
            self.file,
            self.failed
        );
    }
}
