//! The `jwtscope` binary, driven as a user or a script would: spawned processes,
//! real files, stdin, exit codes and `--json` documents.
//!
//! One test binary with one module per area (as ripgrep's `tests/tests.rs`):
//! - `util`: spawning, temp dirs, keys shared between tests, assertions that print
//!   the whole run on failure;
//! - `decode`, `verify`, `sign`, `secret`, `keygen`, `key`: each command, its exit
//!   codes and error paths;
//! - `roundtrip`: a token signed by `sign` verifies with `verify`, for every algorithm;
//! - `wycheproof`: `verify` against a sample of Wycheproof's JWS vectors;
//! - `agree`: the page's state machine and `verify` decide alike on every token of
//!   the test material (verdict, code, algorithm and its source, key and reason).
#![cfg(feature = "cli")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "cli/util.rs"]
mod util;

#[path = "cli/agree.rs"]
mod agree;
#[path = "cli/audit.rs"]
mod audit;
#[path = "cli/crack.rs"]
mod crack;
#[path = "cli/decode.rs"]
mod decode;
#[path = "cli/key.rs"]
mod key;
#[path = "cli/keygen.rs"]
mod keygen;
#[path = "cli/review.rs"]
mod review;
#[path = "cli/roundtrip.rs"]
mod roundtrip;
#[path = "cli/secret.rs"]
mod secret;
#[path = "cli/sign.rs"]
mod sign;
#[path = "cli/verify.rs"]
mod verify;
#[path = "cli/wycheproof.rs"]
mod wycheproof;
