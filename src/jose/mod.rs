//! The JOSE engine: decode, verify, sign, keys and secrets, in plain Rust.
//!
//! Nothing in this module imports wasm-bindgen, web-sys or js-sys: it compiles and
//! tests natively and is shared by the page (through `crate::web`) and the CLI.
//!
//! # The API
//! The page and the CLI use what is re-exported here; the modules hold the rest of
//! each area's types.
//! - **Decode** (never verifies, never gives up): [`decode_unverified`] → [`Decoded`].
//! - **Keys**: [`parse_key`] reads any pasted form → [`KeySet`]; [`KeyPairSpec`] and
//!   [`generate_keypair`]; exports and thumbprints in [`key`].
//! - **The decisions** ([`policy`]): [`choose_alg`], [`select_key`], and what counts
//!   as algorithm confusion.
//! - **Verify**: [`verify()`] → [`Verification`]; [`verify_with_key`] is one check.
//! - **Sign**: [`sign()`], [`sign_with_set`].
//! - **Why not valid**: [`explain`].
//! - **Secrets**: [`secret`] (generation, encodings, weak-secret warnings).
//! - **Reports**: [`report`], the JSON shapes the CLI prints and the worker sends.
//!
//! Internals stay private: the signature primitives (`crypto`, reached only through
//! [`verify::verify_bytes`] and [`sign::sign_bytes`], which check the key first), the
//! readers behind [`parse_key`] and the decoding steps behind [`decode_unverified`].
//! Every public function that can fail says how under `# Errors`
//! (`clippy::missing_errors_doc` is on here, and `missing_docs` for the crate).

#![warn(clippy::missing_errors_doc)]
#![warn(missing_docs)]

pub mod alg;
pub mod b64;
pub mod claims;
pub(crate) mod crypto;
pub mod decode;
pub mod diagnose;
pub mod error;
pub mod json;
pub mod key;
mod names;
pub mod policy;
pub mod problem;
pub mod registry;
pub mod report;
pub mod secp256k1;
pub mod secret;
pub mod sign;
pub mod time;
pub mod verify;

pub use alg::{Algorithm, Curve, Family, Hash};
pub use decode::{decode_unverified, Decoded};
pub use diagnose::{explain, Explanation};
pub use error::{Error, ErrorKind, Location, Result};
pub use key::{generate_keypair, parse_key, Key, KeyOp, KeyPairSpec, KeySet, SecretEncoding};
pub use policy::{choose_alg, select_key, AlgChoice, AlgSource};
pub use secret::SecretFormat;
pub use sign::{sign, sign_with_set, Signed};
pub use verify::{verify, verify_with_key, SignatureVerdict, Verification, VerifyOptions};
