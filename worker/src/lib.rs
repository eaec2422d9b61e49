//! jwtscope's second wasm module: what the page runs in its Web Workers.
//!
//! The page's first module (the `jwtscope` crate with its `page` feature) decodes,
//! verifies, explains and signs with secrets; it paints at once. What only some users
//! need, and what can take longer than a frame, lives here and is loaded after the
//! page's first paint (`www/boot.js` fetches and compiles it once and hands the
//! compiled module to every worker, `www/worker.js`): private-key signatures for
//! sign mode, key-pair generation, the keys workshop's private forms (PKCS#8 PEM
//! and the private JWK of a private key the page read) and the
//! weak-secret check (the built-in list, and windows of a wordlist file that the
//! page's workers read in parallel).
//!
//! Each export is a translation: text in, the engine's JSON document out
//! (`jwtscope::jose::report`). No rule is decided here.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

use std::sync::atomic::AtomicBool;

use jwtscope::jose::alg::Algorithm;
use jwtscope::jose::diagnose::{builtin, wordlist_window, CrackTarget, Found};
use jwtscope::jose::error::Result;
use jwtscope::jose::key::{
    generate_keypair, private_forms, Key, KeyFormat, KeyMaterial, KeyPairSpec, PrivateParts,
};
use jwtscope::jose::report;
use jwtscope::jose::sign::sign_with_parts;

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

/// Signs `input` (a sign-mode plan's signing input, planned in the page by
/// `sign::plan_with_set`) with `alg` and the private key the plan chose, given as
/// its numbers (`PrivateParts::kind` and `PrivateParts::encode`); answers with
/// [`report::signature_reply`].
#[cfg_attr(all(target_arch = "wasm32", target_os = "unknown"), wasm_bindgen)]
pub fn worker_sign(alg: &str, input: &str, kind: &str, numbers: &[u8]) -> String {
    let signed = Algorithm::parse(alg).and_then(|alg| {
        let parts = PrivateParts::decode(kind, numbers)?;
        sign_with_parts(alg, input.as_bytes(), &parts)
    });
    report::signature_reply(signed.as_deref()).to_string()
}

/// The keys workshop's private forms of a private key the page read (its
/// `key::parse_key`, as the key pane), given as its numbers (`PrivateParts::kind`
/// and `PrivateParts::encode`) with the `kid`, `use` and `alg` its JWK carried
/// (empty: none): PKCS#8 PEM and the private JWK, written by `key::private_forms`;
/// answers with [`report::key_forms_reply`], which the page reads with
/// `report::read_key_forms_reply`. The page's module holds no private-key writer.
#[cfg_attr(all(target_arch = "wasm32", target_os = "unknown"), wasm_bindgen)]
pub fn worker_private_forms(
    kind: &str,
    numbers: &[u8],
    kid: &str,
    jwk_use: &str,
    jwk_alg: &str,
) -> String {
    let given = |s: &str| (!s.is_empty()).then(|| s.to_string());
    let forms = PrivateParts::decode(kind, numbers)
        .and_then(|parts| parts.to_key())
        .and_then(|private| {
            let mut key = Key::new(KeyMaterial::Private(private), KeyFormat::Jwk);
            key.kid = given(kid);
            key.jwk_use = given(jwk_use);
            key.jwk_alg = given(jwk_alg);
            private_forms(&key)
        });
    report::key_forms_reply(forms.as_ref()).to_string()
}

/// The target of a check: the algorithm (`HS256`…), the token's signing input and
/// its tag, as the page's state machine read them from the token
/// (`CrackTarget::new`); the worker holds no token decoder.
fn target(alg: &str, input: &[u8], tag: &[u8]) -> Result<CrackTarget> {
    CrackTarget::from_parts(Algorithm::parse(alg)?, input.to_vec(), tag.to_vec())
}

/// The weak-secret check over the built-in list ([`builtin`]); answers with
/// [`report::crack_reply`]. The list is small (well under a millisecond's worth of
/// HMACs per hundred entries): one part, one worker.
#[cfg_attr(all(target_arch = "wasm32", target_os = "unknown"), wasm_bindgen)]
pub fn worker_crack_builtin(alg: &str, input: &[u8], tag: &[u8]) -> String {
    let result = target(alg, input, tag).map(|target| {
        let list = builtin();
        target.search(list.iter().map(|s| s.as_ref()), &AtomicBool::new(false))
    });
    reply(result)
}

/// The weak-secret check over one window of a wordlist file: the lines that start
/// in `window[from..to]`, read by the engine's [`wordlist_window`] (`at_end`: the
/// window reaches the end of the file). Answers with [`report::crack_reply`].
#[cfg_attr(all(target_arch = "wasm32", target_os = "unknown"), wasm_bindgen)]
pub fn worker_crack_window(
    alg: &str,
    input: &[u8],
    tag: &[u8],
    window: &[u8],
    from: usize,
    to: usize,
    at_end: bool,
) -> String {
    let result = target(alg, input, tag).map(|target| {
        target.search(
            wordlist_window(window, from, to, at_end),
            &AtomicBool::new(false),
        )
    });
    reply(result)
}

fn reply(result: Result<(Option<Found>, u64)>) -> String {
    report::crack_reply(
        result
            .as_ref()
            .map(|(found, tried)| (found.as_ref(), *tried)),
    )
    .to_string()
}
