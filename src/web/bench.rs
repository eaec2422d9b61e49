//! Benchmark entry points: thin wasm exports over the engine, compiled only with the
//! `bench` cargo feature (never in the shipped page). `bench/bench.js` calls them
//! beside `crypto.subtle` in one page; `benches/engine.rs` runs the same operations
//! natively. Each call repeats its operation `n` times inside wasm, so the time per
//! operation excludes the JS ↔ wasm crossing.
//!
//! Keys are parsed once ([`bench_load_key`]) and kept in a table, as the page caches
//! its parsed key set: sign and verify then time the cryptography alone.

use std::cell::RefCell;

use wasm_bindgen::prelude::{wasm_bindgen, JsError};

use crate::app::{view_model, Msg, State};
use crate::jose::alg::{Algorithm, Curve};
use crate::jose::crypto;
use crate::jose::decode::decode_unverified;
use crate::jose::key::{generate_keypair, parse_key, Key, KeyPairSpec, Secret, SecretEncoding};
use crate::jose::verify::verify_with_key;

thread_local! {
    static KEYS: RefCell<Vec<Key>> = const { RefCell::new(Vec::new()) };
}

fn err(e: impl std::fmt::Display) -> JsError {
    JsError::new(&e.to_string())
}

fn alg(name: &str) -> Result<Algorithm, JsError> {
    Algorithm::parse(name).map_err(err)
}

fn with_key<T>(handle: u32, f: impl FnOnce(&Key) -> Result<T, JsError>) -> Result<T, JsError> {
    KEYS.with(|keys| {
        let keys = keys.borrow();
        let key = keys
            .get(handle as usize)
            .ok_or_else(|| JsError::new("no such key handle"))?;
        f(key)
    })
}

/// Parses a key (PEM, JWK, or a secret as UTF-8 text) and keeps it; returns its
/// handle for [`bench_sign`] and [`bench_verify`].
///
/// # Errors
/// The engine's key error, as a JS `Error`.
#[wasm_bindgen]
pub fn bench_load_key(text: &str) -> Result<u32, JsError> {
    let set = parse_key(text, SecretEncoding::Utf8).map_err(err)?;
    let key = set
        .keys
        .into_iter()
        .next()
        .ok_or_else(|| JsError::new("no key"))?;
    KEYS.with(|keys| {
        let mut keys = keys.borrow_mut();
        keys.push(key);
        u32::try_from(keys.len() - 1).map_err(err)
    })
}

/// Parses `text` `n` times (what the page does when the key pane changes); returns
/// the last key's description.
///
/// # Errors
/// The engine's key error.
#[wasm_bindgen]
pub fn bench_parse_key(text: &str, n: u32) -> Result<String, JsError> {
    let mut last = String::new();
    for _ in 0..n {
        last = parse_key(text, SecretEncoding::Utf8)
            .map_err(err)?
            .describe();
    }
    Ok(last)
}

/// Signs `input` `n` times with `alg` and the key `handle`; returns the last signature
/// (the JWS signature bytes: r ‖ s for ECDSA).
///
/// # Errors
/// An unknown algorithm or handle, or the engine's signing error.
#[wasm_bindgen]
pub fn bench_sign(alg_name: &str, handle: u32, input: &[u8], n: u32) -> Result<Vec<u8>, JsError> {
    let alg = alg(alg_name)?;
    with_key(handle, |key| {
        let mut sig = Vec::new();
        for _ in 0..n {
            sig = crypto::sign(alg, &key.material, input).map_err(err)?;
        }
        Ok(sig)
    })
}

/// Verifies `signature` over `input` `n` times; returns how many checks passed
/// (`n` for a good signature, 0 for a bad one).
///
/// # Errors
/// An unknown algorithm or handle.
#[wasm_bindgen]
pub fn bench_verify(
    alg_name: &str,
    handle: u32,
    input: &[u8],
    signature: &[u8],
    n: u32,
) -> Result<u32, JsError> {
    let alg = alg(alg_name)?;
    with_key(handle, |key| {
        Ok((0..n)
            .filter(|_| crypto::verify(alg, &key.material, input, signature).is_ok())
            .fold(0, |count, _| count + 1))
    })
}

/// Decodes `token` and verifies it with the key `handle`, `n` times (the engine's
/// part of a keystroke, without the page); returns the last verdict
/// (`valid`, `invalid`, `unchecked`).
///
/// # Errors
/// An unknown algorithm or handle.
#[wasm_bindgen]
pub fn bench_decode_verify(
    token: &str,
    alg_name: &str,
    handle: u32,
    n: u32,
) -> Result<String, JsError> {
    let alg = alg(alg_name)?;
    with_key(handle, |key| {
        let mut verdict = String::new();
        for _ in 0..n {
            let decoded = decode_unverified(token);
            verdict = verify_with_key(&decoded, alg, key).as_str().to_string();
        }
        Ok(verdict)
    })
}

/// The page's keystroke path without the DOM: the state machine takes the key (UTF-8
/// secret or PEM) and algorithm once, then `n` token edits alternate between
/// `token` and `token` with one more character; each edit is followed by the view
/// model. Returns the last signature verdict.
///
/// # Errors
/// An unknown algorithm.
#[wasm_bindgen]
pub fn bench_keystroke(
    token: &str,
    key_text: &str,
    alg_name: &str,
    n: u32,
) -> Result<String, JsError> {
    let alg = alg(alg_name)?;
    let now = 1_800_000_000;
    let mut state = State::new(now, Secret::new(vec![7; 32]));
    state.update(Msg::EncodingChosen(SecretEncoding::Utf8));
    state.update(Msg::KeyEdited(key_text.to_string()));
    state.update(Msg::AlgChosen(alg));
    let edited = format!("{token}A");
    let local = |t: i64| t.to_string();
    for i in 0..n {
        let text = if i.is_multiple_of(2) { &edited } else { token };
        state.update(Msg::TokenEdited(text.to_string()));
        let vm = view_model(&state, &local);
        std::hint::black_box(&vm);
    }
    state.update(Msg::TokenEdited(token.to_string()));
    Ok(state.verification.signature.as_str().to_string())
}

/// Generates `n` key pairs of `kind` (`rsa-2048`, `p-256`, `p-384`, `ed25519`) with
/// the engine's `generate_keypair` (key, PEM and JWK exports, as the page's worker
/// does); returns the last pair as JSON `{"private_pem", "public_pem"}`.
///
/// # Errors
/// An unknown kind, or the engine's error.
#[wasm_bindgen]
pub fn bench_keygen(kind: &str, n: u32) -> Result<String, JsError> {
    let spec = match kind {
        "rsa-2048" => KeyPairSpec::Rsa { bits: 2048 },
        "p-256" => KeyPairSpec::Ec(Curve::P256),
        "p-384" => KeyPairSpec::Ec(Curve::P384),
        "ed25519" => KeyPairSpec::Ed25519,
        _ => return Err(JsError::new("unknown key pair kind")),
    };
    let mut last = None;
    for _ in 0..n {
        last = Some(generate_keypair(spec).map_err(err)?);
    }
    let pair = last.ok_or_else(|| JsError::new("n must be at least 1"))?;
    Ok(serde_json::json!({
        "private_pem": pair.private_pem.as_str(),
        "public_pem": pair.public_pem,
    })
    .to_string())
}
