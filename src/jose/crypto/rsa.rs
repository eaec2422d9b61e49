//! RS* (RSASSA-PKCS1-v1_5, RFC 8017 §8.2) and PS* (RSASSA-PSS, RFC 8017 §8.1) as
//! RFC 7518 §3.3 and §3.5 use them: PSS with MGF1 over the same hash and a salt as
//! long as the hash, nothing else. Verification itself is in `rsa_verify`; signing
//! is the `rsa` crate's.
//!
//! RUSTSEC-2023-0071 (Marvin): the `rsa` crate's private-key operations are constant
//! time with the base blinded, and since 0.10.0 (the version pinned, which the crate's
//! README asks users to move to) the exponent and the CRT moduli are blinded too.
//! jwtscope signs only locally and on the user's request anyway, so no remote
//! observer can time them. PKCS#1 v1.5 is behind the crate's `pkcs1v15` feature since
//! 0.10.0: RS* needs it (RFC 7518 §3.3).

use rsa::signature::{SignatureEncoding, Signer};
use rsa::traits::PublicKeyParts;
use rsa::{pkcs1v15, pss};
use sha2::{Sha256, Sha384, Sha512};

use super::{mismatch, rsa_verify, sign_failed, wrong_key};
use crate::jose::alg::{Algorithm, Family, Hash};
use crate::jose::error::{Error, ErrorKind, Result};
use crate::jose::key::{KeyMaterial, PrivateKey, PublicKey};

fn public(alg: Algorithm, key: &KeyMaterial) -> Result<&rsa::PublicKey> {
    match key {
        KeyMaterial::Public(PublicKey::Rsa(k)) => Ok(k),
        KeyMaterial::Private(PrivateKey::Rsa(k)) => Ok(k.public()),
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
                key.n().bit_width_vartime()
            ),
        ));
    }
    let ok = match alg.family() {
        Family::RsaPss => rsa_verify::pss(key, alg.hash(), input, sig),
        _ => rsa_verify::pkcs1v15(key, alg.hash(), input, sig),
    };
    if ok {
        Ok(())
    } else {
        Err(mismatch(alg))
    }
}

pub(super) fn sign(alg: Algorithm, key: &KeyMaterial, input: &[u8]) -> Result<Vec<u8>> {
    let key: rsa::PrivateKey = match key {
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
