//! jwtscope's second wasm module: what the page runs in its Web Workers.
//!
//! The page's first module (the `jwtscope` crate with its `page` feature) decodes,
//! verifies, explains and signs with secrets; it paints at once. What only some users
//! need, and what can take longer than a frame, lives here and is loaded after the
//! page's first paint (`www/boot.js` fetches and compiles it once and hands the
//! compiled module to every worker, `www/worker.js`): key-pair generation.
//!
//! Each export is a translation: text in, the engine's JSON document out
//! (`jwtscope::jose::report`). No rule is decided here.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

use jwtscope::jose::key::{generate_keypair, KeyPairSpec};
use jwtscope::jose::report;

#[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
use wasm_bindgen::prelude::wasm_bindgen;

/// Generates a key pair (`rsa-2048`, `rsa-4096`, `p-256`, `ed25519`…); answers with
/// the engine's [`report::keypair_reply`] as JSON text, which the page reads with
/// `jwtscope::app::KeyPairOutput::from_reply`.
#[cfg_attr(all(target_arch = "wasm32", target_os = "unknown"), wasm_bindgen)]
pub fn worker_keypair(kind: &str) -> String {
    let result = kind
        .parse::<KeyPairSpec>()
        .and_then(|spec| generate_keypair(spec).map(|pair| (spec, pair)));
    report::keypair_reply(result.as_ref().map(|(spec, pair)| (*spec, pair))).to_string()
}
