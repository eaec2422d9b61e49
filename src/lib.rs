//! jwtscope: a local-only JWT debugger.
//!
//! - [`jose`]: the engine (plain Rust, no web imports).
//! - [`app`]: the page's state machine (plain Rust, tested natively).
//! - `web` (wasm32 only): wasm-bindgen exports and the web-sys layer.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod app;
pub mod jose;
#[cfg(target_arch = "wasm32")]
pub mod web;
