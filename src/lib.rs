//! jwtscope: a local-only JWT debugger.
//!
//! - [`jose`]: the engine (plain Rust, no web imports).
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod jose;
