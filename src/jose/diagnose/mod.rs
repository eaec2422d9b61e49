//! Diagnostics on top of verification: why a token does not verify.
//!
//! - [`explain`]: when a signature is invalid or could not be checked, the likely
//!   alternatives are tried through the engine's own verification
//!   ([`crate::jose::verify::verify_with_key`]) and every one that verifies is
//!   reported with a stable `EXPLAIN_*` code, what to change, and what verified.
//! - [`audit`]: the security review of any decoded token (and the key, when given):
//!   `AUDIT_*` findings with a severity, a fix and the RFC section.
//! - [`CrackTarget`]: the weak-secret check of an HMAC token against the built-in
//!   list ([`builtin`]) or a user's wordlist.

mod audit;
mod crack;
mod explain;

pub use audit::{
    audit, audit_key, AuditCode, AuditFinding, AuditOptions, AuditSeverity, DEFAULT_MAX_LIFETIME,
};
pub use crack::{
    builtin, wordlist_line, wordlist_window, CrackTarget, Found, WordlistReader, MAX_LINE,
    WINDOW_TAIL,
};
pub use explain::{
    check_cost_us, explain, explain_within, ExplainCode, Explanation, Finding, KeyRef,
    MAX_ATTEMPTS, MAX_COST_US,
};
