//! EdDSA with Ed25519 (RFC 8032 §5.1, as RFC 8037 §3.1 uses it). Verification is
//! strict: non-canonical encodings and small-order keys are refused.

use ed25519_dalek::{Signature, Signer};

use super::{mismatch, wrong_key};
use crate::jose::alg::Algorithm;
use crate::jose::error::{Error, ErrorKind, Result};
use crate::jose::key::{KeyMaterial, PrivateKey, PublicKey};

pub(super) fn verify(key: &KeyMaterial, input: &[u8], sig: &[u8]) -> Result<()> {
    let alg = Algorithm::EdDSA;
    let key = match key {
        KeyMaterial::Public(PublicKey::Ed25519(k)) => *k,
        KeyMaterial::Private(PrivateKey::Ed25519(k)) => k.verifying_key(),
        other => return Err(wrong_key(alg, other)),
    };
    let Ok(bytes) = <[u8; 64]>::try_from(sig) else {
        return Err(Error::new(
            ErrorKind::SignatureLength,
            format!(
                "the EdDSA signature is {} bytes; Ed25519 signatures are 64",
                sig.len()
            ),
        ));
    };
    let sig = Signature::from_bytes(&bytes);
    key.verify_strict(input, &sig).map_err(|_| mismatch(alg))
}

pub(super) fn sign(key: &KeyMaterial, input: &[u8]) -> Result<Vec<u8>> {
    match key {
        KeyMaterial::Private(PrivateKey::Ed25519(k)) => Ok(k.sign(input).to_bytes().to_vec()),
        KeyMaterial::Public(PublicKey::Ed25519(_)) => Err(Error::new(
            ErrorKind::KeyPrivateRequired,
            "EdDSA signing needs the Ed25519 private key; this is the public key",
        )),
        other => Err(wrong_key(Algorithm::EdDSA, other)),
    }
}
