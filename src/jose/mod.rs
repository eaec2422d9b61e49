//! The JOSE engine: decode, verify, sign, keys and secrets, in plain Rust.
//!
//! Nothing in this module imports wasm-bindgen, web-sys or js-sys: it compiles and
//! tests natively and is shared by the page (through `crate::web`) and the CLI.

#![warn(clippy::missing_errors_doc)]

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
pub mod secret;
pub mod sign;
pub mod time;
pub mod verify;

pub use alg::{Algorithm, Curve, Family, Hash};
pub use decode::{decode_unverified, Decoded};
pub use error::{Error, ErrorKind, Result};
pub use key::{parse_key, Key, KeySet, SecretEncoding};
pub use sign::sign;
pub use verify::{verify, SignatureVerdict, Verification, VerifyOptions};
