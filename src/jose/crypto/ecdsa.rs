//! ES256/384/512 and ES256K: ECDSA (FIPS 186-5 §6) with JWS's fixed-size r‖s
//! signatures (RFC 7518 §3.4, RFC 8812 §3.2). An ASN.1 DER signature — what most
//! crypto libraries emit — is refused and named as such. Signing is deterministic
//! (RFC 6979), so vectors can be reproduced.
//!
//! No curve is held to a low-S rule: FIPS 186-5 and RFC 7518 §3.4 accept both S
//! and n − S, and so does RFC 8812 for ES256K. The engine's secp256k1
//! ([`crate::jose::secp256k1`]) signs with a low S, as Bitcoin-derived libraries
//! expect (BIP 62), and its generic verifier then refuses a high one; so an ES256K
//! signature is normalised before it is verified, and [`high_s`] lets the caller
//! say so.

use ecdsa_core::signature::{Signer, Verifier};

use super::{mismatch, sign_failed, wrong_key};
use crate::jose::alg::{Algorithm, Curve};
use crate::jose::error::{Error, ErrorKind, Result};
use crate::jose::key::{KeyMaterial, PrivateKey, PublicKey};
use crate::jose::secp256k1;

use p256::ecdsa as ecdsa_core;

/// Whether `sig` parses as an ASN.1 DER `Ecdsa-Sig-Value` (SEQUENCE of two INTEGERs,
/// RFC 3279 §2.2.3), read by the engine's DER reader as the explainer reads it (the
/// curve crates' DER decoders are not linked into the page), or starts like one.
fn looks_like_der(sig: &[u8]) -> bool {
    crate::jose::key::ecdsa_sig_value(sig).is_some()
        || (sig.len() > 8
            && sig[0] == 0x30
            && usize::from(sig[1]) + 2 == sig.len()
            && sig[2] == 0x02)
}

fn check_len(alg: Algorithm, sig: &[u8]) -> Result<()> {
    let want = alg.info().signature_len.unwrap_or(0);
    if sig.len() == want {
        return Ok(());
    }
    if looks_like_der(sig) {
        return Err(Error::new(
            ErrorKind::SignatureDer,
            format!(
                "this {alg} signature looks like ASN.1 DER ({} bytes, starting 0x30): JWS needs the raw r‖s form of exactly {want} bytes (RFC 7518 §3.4); convert it, do not re-encode the token",
                sig.len()
            ),
        ));
    }
    Err(Error::new(
        ErrorKind::SignatureLength,
        format!(
            "the {alg} signature is {} bytes; it must be exactly {want} (r‖s)",
            sig.len()
        ),
    ))
}

macro_rules! verify_with {
    ($curve:ident, $pk:expr, $input:expr, $sig:expr) => {{
        let vk = $curve::ecdsa::VerifyingKey::from($pk);
        match $curve::ecdsa::Signature::from_slice($sig) {
            // r or s out of range (0, or ≥ n): the "psychic signature" shapes.
            Err(_) => false,
            Ok(sig) => vk.verify($input, &sig).is_ok(),
        }
    }};
}

/// Whether `sig` is an ES256K signature whose S is above n/2 (valid, but refused by
/// libraries that apply Bitcoin's low-S rule). `false` for other algorithms and for
/// signatures that do not parse.
pub(super) fn high_s(alg: Algorithm, sig: &[u8]) -> bool {
    if alg.curve() != Some(Curve::Secp256k1) {
        return false;
    }
    secp256k1::ecdsa::Signature::from_slice(sig).is_ok_and(|s| s.normalize_s() != s)
}

macro_rules! sign_with {
    ($curve:ident, $sk:expr, $input:expr) => {{
        let sig: std::result::Result<$curve::ecdsa::Signature, _> = $sk.try_sign($input);
        sig.map(|s| s.to_vec())
    }};
}

pub(super) fn verify(alg: Algorithm, key: &KeyMaterial, input: &[u8], sig: &[u8]) -> Result<()> {
    let derived;
    let public = match key {
        KeyMaterial::Public(p) => p,
        KeyMaterial::Private(p) => {
            derived = p.public_key();
            &derived
        }
        KeyMaterial::Secret(_) => return Err(wrong_key(alg, key)),
    };
    let ok = match (alg.curve(), public) {
        (Some(Curve::P256), PublicKey::P256(pk)) => {
            check_len(alg, sig)?;
            verify_with!(p256, pk, input, sig)
        }
        (Some(Curve::P384), PublicKey::P384(pk)) => {
            check_len(alg, sig)?;
            verify_with!(p384, pk, input, sig)
        }
        (Some(Curve::P521), PublicKey::P521(pk)) => {
            check_len(alg, sig)?;
            verify_with!(p521, pk, input, sig)
        }
        (Some(Curve::Secp256k1), PublicKey::Secp256k1(pk)) => {
            check_len(alg, sig)?;
            let vk = secp256k1::ecdsa::VerifyingKey::from(pk);
            match secp256k1::ecdsa::Signature::from_slice(sig) {
                Err(_) => false,
                // RFC 8812 §3.2 does not require low S: n − S is as valid as S.
                Ok(sig) => vk.verify(input, &sig.normalize_s()).is_ok(),
            }
        }
        _ => return Err(wrong_key(alg, key)),
    };
    if ok {
        Ok(())
    } else {
        Err(mismatch(alg))
    }
}

pub(super) fn sign(alg: Algorithm, key: &KeyMaterial, input: &[u8]) -> Result<Vec<u8>> {
    let sig = match (alg.curve(), key) {
        (Some(Curve::P256), KeyMaterial::Private(PrivateKey::P256(k))) => {
            sign_with!(p256, k, input)
        }
        (Some(Curve::P384), KeyMaterial::Private(PrivateKey::P384(k))) => {
            sign_with!(p384, k, input)
        }
        (Some(Curve::P521), KeyMaterial::Private(PrivateKey::P521(k))) => {
            sign_with!(p521, k, input)
        }
        (Some(Curve::Secp256k1), KeyMaterial::Private(PrivateKey::Secp256k1(k))) => {
            sign_with!(secp256k1, k, input)
        }
        (_, KeyMaterial::Public(p)) if p.curve() == alg.curve() => {
            return Err(Error::new(
                ErrorKind::KeyPrivateRequired,
                format!("{alg} signing needs the EC private key; this is the public key"),
            ))
        }
        (_, other) => return Err(wrong_key(alg, other)),
    };
    sig.map_err(|e| sign_failed(alg, e))
}
