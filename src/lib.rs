//! jwtscope: a local-only JWT debugger.
//!
//! - [`jose`]: the engine (plain Rust, no web imports).
//! - [`app`]: the page's state machine (plain Rust, tested natively).
//! - `web` (wasm32, feature `page`): the page's wasm-bindgen exports and web-sys
//!   layer. The page's second module, for its workers, is the `jwtscope-worker`
//!   crate (worker/).
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod app;
pub mod jose;
#[cfg(all(target_arch = "wasm32", feature = "page"))]
pub mod web;
