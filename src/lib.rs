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

/// The allocator of both wasm modules (the page's, and the workers', which links this
/// crate without `page`): talc's, for single-threaded WebAssembly, which grows the
/// module's memory as it needs. std's (dlmalloc) was 2.7 KB gzip of code in the
/// first load, talc's is 0.9 KB, and no operation got slower (docs/BENCHMARKS.md,
/// "One JSON reader, one small allocator, v0 names").
#[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
