//! Loading vector files and the few calls every family shares.

use std::path::PathBuf;

use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::Value;

use jwtscope::jose::claims::ClaimsOptions;
use jwtscope::jose::key::{parse_key, KeySet, SecretEncoding};
use jwtscope::jose::verify::{SignatureVerdict, VerifyOptions};
use jwtscope::jose::{Algorithm, Error};

/// The clock for every verification: claims are not what these vectors test, and a
/// fixed `now` keeps the runs reproducible (RFC 7515 A.1's `exp` is 1300819380).
pub const FIXED_NOW: i64 = 1_300_819_000;

/// `tests/vectors/<relative>`.
pub fn vector_path(relative: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("vectors")
        .join(relative)
}

/// Reads and deserialises a vector file; a missing or malformed file fails the test.
pub fn load<T: DeserializeOwned>(relative: &str) -> T {
    let path = vector_path(relative);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("{} does not match the expected shape: {e}", path.display()))
}

/// Wycheproof's verdict for a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Expected {
    /// Must verify.
    Valid,
    /// Must be refused.
    Invalid,
    /// Either verdict is defensible.
    Acceptable,
}

impl Expected {
    pub fn as_str(self) -> &'static str {
        match self {
            Expected::Valid => "valid",
            Expected::Invalid => "invalid",
            Expected::Acceptable => "acceptable",
        }
    }
}

/// Verification options pinned to `alg`, with the fixed clock.
pub fn options(alg: Option<Algorithm>) -> VerifyOptions {
    VerifyOptions {
        alg,
        claims: ClaimsOptions {
            now: FIXED_NOW,
            ..ClaimsOptions::default()
        },
    }
}

/// A JWK or JWKS given as JSON, read through the public key parser as a user would
/// paste it (the text of the JSON).
pub fn parse_jwk_value(jwk: &Value) -> Result<KeySet, Error> {
    let text = serde_json::to_string(jwk).unwrap_or_default();
    parse_key(&text, SecretEncoding::Utf8)
}

/// "ok" or the error code and message, for failure lines.
pub fn describe_result(r: &Result<(), Error>) -> String {
    match r {
        Ok(()) => "Ok (accepted)".to_string(),
        Err(e) => format!("Err {}: {}", e.code(), e.message()),
    }
}

/// "valid" or "invalid ERR_…: message", for failure lines.
pub fn describe_verdict(v: &SignatureVerdict) -> String {
    match v.reason() {
        None => v.as_str().to_string(),
        Some(e) => format!("{} {}: {}", v.as_str(), e.code(), e.message()),
    }
}

/// Hex from a Wycheproof field; a bad hex string is a broken vector file.
pub fn unhex(field: &str, what: &str, id: u32) -> Vec<u8> {
    hex::decode(field).unwrap_or_else(|e| panic!("tcId {id}: {what} is not hex: {e}"))
}
