//! HS256/384/512: HMAC (RFC 2104) with SHA-2, as RFC 7518 §3.2 uses it.
//! Tags are compared in constant time and never truncated.

use hmac::{Hmac, KeyInit, Mac};
use sha2::{Sha256, Sha384, Sha512};

use super::mismatch;
use crate::jose::alg::{Algorithm, Hash};
use crate::jose::error::{Error, ErrorKind, Result};
use crate::jose::key::KeyMaterial;

fn secret(alg: Algorithm, key: &KeyMaterial) -> Result<&[u8]> {
    match key {
        KeyMaterial::Secret(s) => Ok(s.bytes()),
        KeyMaterial::Public(_) | KeyMaterial::Private(_) => Err(Error::new(
            ErrorKind::AlgConfusion,
            format!(
                "{alg} needs a shared secret, and this is an asymmetric key: using a public key as an HMAC secret is the algorithm-confusion attack, refused"
            ),
        )),
    }
}

fn mac<M: Mac + KeyInit>(key: &[u8], input: &[u8]) -> M {
    // HMAC accepts keys of any length (RFC 2104 §2), so this never fails.
    let mut m = <M as KeyInit>::new_from_slice(key)
        .unwrap_or_else(|_| <M as KeyInit>::new(&Default::default()));
    m.update(input);
    m
}

pub(super) fn sign(alg: Algorithm, key: &KeyMaterial, input: &[u8]) -> Result<Vec<u8>> {
    let key = secret(alg, key)?;
    Ok(match alg.hash() {
        Hash::Sha256 => mac::<Hmac<Sha256>>(key, input)
            .finalize()
            .into_bytes()
            .to_vec(),
        Hash::Sha384 => mac::<Hmac<Sha384>>(key, input)
            .finalize()
            .into_bytes()
            .to_vec(),
        Hash::Sha512 => mac::<Hmac<Sha512>>(key, input)
            .finalize()
            .into_bytes()
            .to_vec(),
    })
}

pub(super) fn verify(alg: Algorithm, key: &KeyMaterial, input: &[u8], tag: &[u8]) -> Result<()> {
    let key = secret(alg, key)?;
    let want = alg.hash().size();
    if tag.len() != want {
        return Err(Error::new(
            ErrorKind::SignatureLength,
            format!(
                "the {alg} tag is {} bytes; it must be exactly {want} (JWS never truncates HMAC tags, RFC 7518 §3.2)",
                tag.len()
            ),
        ));
    }
    let ok = match alg.hash() {
        Hash::Sha256 => mac::<Hmac<Sha256>>(key, input).verify_slice(tag).is_ok(),
        Hash::Sha384 => mac::<Hmac<Sha384>>(key, input).verify_slice(tag).is_ok(),
        Hash::Sha512 => mac::<Hmac<Sha512>>(key, input).verify_slice(tag).is_ok(),
    };
    if ok {
        Ok(())
    } else {
        Err(mismatch(alg))
    }
}
