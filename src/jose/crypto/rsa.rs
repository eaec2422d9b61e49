//! RS* (RSASSA-PKCS1-v1_5, RFC 8017 §8.2) and PS* (RSASSA-PSS, RFC 8017 §8.1) as
//! RFC 7518 §3.3 and §3.5 use them: PSS with MGF1 over the same hash and a salt as
//! long as the hash, nothing else.
//!
//! RUSTSEC-2023-0071 (Marvin): the `rsa` crate's private-key operations are not
//! constant time. jwtscope signs only locally and on the user's request, so no
//! remote observer can time them.

use rsa::signature::{SignatureEncoding, Signer, Verifier};
use rsa::traits::PublicKeyParts;
use rsa::{pkcs1v15, pss, RsaPrivateKey, RsaPublicKey};
use sha2::{Digest, Sha256, Sha384, Sha512};

use super::{mismatch, sign_failed, wrong_key};
use crate::jose::alg::{Algorithm, Family, Hash};
use crate::jose::error::{Error, ErrorKind, Result};
use crate::jose::key::{KeyMaterial, PrivateKey, PublicKey};

fn public(alg: Algorithm, key: &KeyMaterial) -> Result<RsaPublicKey> {
    match key {
        KeyMaterial::Public(PublicKey::Rsa(k)) => Ok(k.clone()),
        KeyMaterial::Private(PrivateKey::Rsa(k)) => Ok(k.public().clone()),
        other => Err(wrong_key(alg, other)),
    }
}

pub(super) fn verify(alg: Algorithm, key: &KeyMaterial, input: &[u8], sig: &[u8]) -> Result<()> {
    let key = public(alg, key)?;
    let size = key.size();
    if sig.len() != size {
        return Err(Error::new(
            ErrorKind::SignatureLength,
            format!(
                "the {alg} signature is {} bytes; a {}-bit key makes {size}-byte signatures",
                sig.len(),
                size * 8
            ),
        ));
    }
    let ok = match (alg.family(), alg.hash()) {
        (Family::RsaPss, Hash::Sha256) => pss_verify::<Sha256>(key, input, sig),
        (Family::RsaPss, Hash::Sha384) => pss_verify::<Sha384>(key, input, sig),
        (Family::RsaPss, Hash::Sha512) => pss_verify::<Sha512>(key, input, sig),
        (_, Hash::Sha256) => pkcs1_verify::<Sha256>(key, input, sig),
        (_, Hash::Sha384) => pkcs1_verify::<Sha384>(key, input, sig),
        (_, Hash::Sha512) => pkcs1_verify::<Sha512>(key, input, sig),
    };
    if ok {
        Ok(())
    } else {
        Err(mismatch(alg))
    }
}

fn pkcs1_verify<D>(key: RsaPublicKey, input: &[u8], sig: &[u8]) -> bool
where
    D: Digest + rsa::pkcs8::AssociatedOid,
{
    let Ok(sig) = pkcs1v15::Signature::try_from(sig) else {
        return false;
    };
    pkcs1v15::VerifyingKey::<D>::new(key)
        .verify(input, &sig)
        .is_ok()
}

fn pss_verify<D>(key: RsaPublicKey, input: &[u8], sig: &[u8]) -> bool
where
    D: Digest + sha2::digest::FixedOutputReset,
{
    let Ok(sig) = pss::Signature::try_from(sig) else {
        return false;
    };
    // `new` fixes the salt length to the hash length (RFC 7518 §3.5).
    pss::VerifyingKey::<D>::new(key).verify(input, &sig).is_ok()
}

pub(super) fn sign(alg: Algorithm, key: &KeyMaterial, input: &[u8]) -> Result<Vec<u8>> {
    let key: RsaPrivateKey = match key {
        KeyMaterial::Private(PrivateKey::Rsa(k)) => k.build()?,
        KeyMaterial::Public(PublicKey::Rsa(_)) => {
            return Err(Error::new(
                ErrorKind::KeyPrivateRequired,
                format!("{alg} signing needs the RSA private key; this is the public key"),
            ))
        }
        other => return Err(wrong_key(alg, other)),
    };
    let sig = match (alg.family(), alg.hash()) {
        (Family::RsaPss, Hash::Sha256) => pss::SigningKey::<Sha256>::new(key)
            .try_sign(input)
            .map(|s| s.to_vec()),
        (Family::RsaPss, Hash::Sha384) => pss::SigningKey::<Sha384>::new(key)
            .try_sign(input)
            .map(|s| s.to_vec()),
        (Family::RsaPss, Hash::Sha512) => pss::SigningKey::<Sha512>::new(key)
            .try_sign(input)
            .map(|s| s.to_vec()),
        (_, Hash::Sha256) => pkcs1v15::SigningKey::<Sha256>::new(key)
            .try_sign(input)
            .map(|s| s.to_vec()),
        (_, Hash::Sha384) => pkcs1v15::SigningKey::<Sha384>::new(key)
            .try_sign(input)
            .map(|s| s.to_vec()),
        (_, Hash::Sha512) => pkcs1v15::SigningKey::<Sha512>::new(key)
            .try_sign(input)
            .map(|s| s.to_vec()),
    };
    sig.map_err(|e| sign_failed(alg, e))
}
