//! Signature backends, one file per family, over the RustCrypto traits.
//!
//! [`verify`] returns `Ok(())` for a valid signature. Its errors say why not:
//! `ERR_JWS_SIGNATURE_VERIFICATION_FAILED`, `ERR_JWS_SIGNATURE_DER` and
//! `ERR_JWS_SIGNATURE_LENGTH` are verdicts on the token; key errors mean the check
//! could not run. The caller has already pinned the algorithm and checked that the
//! key fits it; each backend still refuses a key of the wrong type.

mod ecdsa;
mod eddsa;
mod hmac;
mod rsa;
mod rsa_verify;

pub(crate) use hmac::tag_matches as hmac_tag_matches;

use super::alg::{Algorithm, Family};
use super::error::{Error, ErrorKind, Result};
use super::key::KeyMaterial;

/// Verifies `signature` over `input` with `alg` and `key`.
///
/// # Errors
/// A signature verdict (mismatch, DER, length) or a key that cannot be used.
pub fn verify(alg: Algorithm, key: &KeyMaterial, input: &[u8], signature: &[u8]) -> Result<()> {
    match alg.family() {
        Family::Hmac => hmac::verify(alg, key, input, signature),
        Family::RsaPkcs1 | Family::RsaPss => rsa::verify(alg, key, input, signature),
        Family::Ecdsa => ecdsa::verify(alg, key, input, signature),
        Family::EdDsa => eddsa::verify(key, input, signature),
    }
}

/// Whether an ES256K signature has a high S (above n/2): accepted, since RFC 8812
/// does not require low S, but refused by some libraries. `false` for every other
/// algorithm and for signatures that do not parse.
pub fn ecdsa_high_s(alg: Algorithm, signature: &[u8]) -> bool {
    ecdsa::high_s(alg, signature)
}

/// Signs `input` with `alg` and `key` (a secret or a private key).
///
/// # Errors
/// A key that cannot sign with `alg`, or a failing signer.
pub fn sign(alg: Algorithm, key: &KeyMaterial, input: &[u8]) -> Result<Vec<u8>> {
    match alg.family() {
        Family::Hmac => hmac::sign(alg, key, input),
        Family::RsaPkcs1 | Family::RsaPss => rsa::sign(alg, key, input),
        Family::Ecdsa => ecdsa::sign(alg, key, input),
        Family::EdDsa => eddsa::sign(key, input),
    }
}

/// [`sign`] for an HMAC algorithm and secret only: a caller that signs through this
/// alone (the page, whose private-key signatures are made by its worker) links no
/// private-key signer.
///
/// # Errors
/// A key that is not a secret, or an algorithm that is not HMAC.
pub fn sign_hmac(alg: Algorithm, key: &KeyMaterial, input: &[u8]) -> Result<Vec<u8>> {
    hmac::sign(alg, key, input)
}

fn mismatch(alg: Algorithm) -> Error {
    Error::new(
        ErrorKind::SignatureMismatch,
        format!("the {alg} signature does not match this key and the token's header and payload"),
    )
}

fn wrong_key(alg: Algorithm, key: &KeyMaterial) -> Error {
    let have = match key {
        KeyMaterial::Secret(_) => "an HMAC secret",
        KeyMaterial::Public(_) => "a public key of another type",
        KeyMaterial::Private(_) => "a private key of another type",
    };
    Error::new(ErrorKind::KeyType, format!("{alg} cannot use {have}"))
}

fn sign_failed(alg: Algorithm, e: impl std::fmt::Display) -> Error {
    Error::new(ErrorKind::Sign, format!("{alg} signing failed: {e}"))
}
