//! HS256/384/512: HMAC (RFC 2104) with SHA-2, as RFC 7518 §3.2 uses it.
//! Tags are compared in constant time and never truncated.

use hmac::{Hmac, KeyInit, Mac};
use sha2::{Sha256, Sha384, Sha512};

use super::{mismatch, wrong_key};
use crate::jose::alg::{Algorithm, Family, Hash};
use crate::jose::error::{Error, ErrorKind, Result};
use crate::jose::key::KeyMaterial;

/// The secret's bytes. Which keys may be HMAC secrets at all is decided before
/// this backend is reached (`policy::hmac_confusion`); here a key of the wrong type
/// is only a type error, as in every backend.
fn secret(alg: Algorithm, key: &KeyMaterial) -> Result<&[u8]> {
    match key {
        KeyMaterial::Secret(s) => Ok(s.bytes()),
        KeyMaterial::Public(_) | KeyMaterial::Private(_) => Err(wrong_key(alg, key)),
    }
}

/// HMAC keyed with exactly `key` over `input`. HMAC takes keys of any length
/// (RFC 2104 §2); should the backend ever refuse one, that is an error — never a
/// fallback to another key.
/// HMAC takes keys of any length (RFC 2104 §2): should the backend refuse one, it is
/// an error, never a fallback to another key.
fn refused(alg: Algorithm, key: &[u8]) -> Error {
    Error::new(
        ErrorKind::KeyType,
        format!(
            "{alg}: the HMAC backend refused a {}-byte secret",
            key.len()
        ),
    )
}

fn mac<M: Mac + KeyInit>(alg: Algorithm, key: &[u8], input: &[u8]) -> Result<M> {
    let mut m = <M as KeyInit>::new_from_slice(key).map_err(|_| refused(alg, key))?;
    m.update(input);
    Ok(m)
}

pub(super) fn sign(alg: Algorithm, key: &KeyMaterial, input: &[u8]) -> Result<Vec<u8>> {
    let key = secret(alg, key)?;
    Ok(match alg.hash() {
        Hash::Sha256 => mac::<Hmac<Sha256>>(alg, key, input)?
            .finalize()
            .into_bytes()
            .to_vec(),
        Hash::Sha384 => mac::<Hmac<Sha384>>(alg, key, input)?
            .finalize()
            .into_bytes()
            .to_vec(),
        Hash::Sha512 => mac::<Hmac<Sha512>>(alg, key, input)?
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
    match compare(alg, key, input, tag) {
        Some(true) => Ok(()),
        Some(false) => Err(mismatch(alg)),
        None => Err(refused(alg, key)),
    }
}

/// Whether `tag` is the HMAC of `input` keyed with exactly `key` (constant-time
/// comparison); `None` if the backend refused the key (it takes any length).
#[inline]
fn compare(alg: Algorithm, key: &[u8], input: &[u8], tag: &[u8]) -> Option<bool> {
    fn check<M: Mac + KeyInit>(key: &[u8], input: &[u8], tag: &[u8]) -> Option<bool> {
        let mut m = <M as KeyInit>::new_from_slice(key).ok()?;
        m.update(input);
        Some(m.verify_slice(tag).is_ok())
    }
    match alg.hash() {
        Hash::Sha256 => check::<Hmac<Sha256>>(key, input, tag),
        Hash::Sha384 => check::<Hmac<Sha384>>(key, input, tag),
        Hash::Sha512 => check::<Hmac<Sha512>>(key, input, tag),
    }
}

/// Whether `tag` is the `alg` HMAC of `input` under the raw key bytes `key`: the
/// comparison [`verify`] makes, for callers holding candidate bytes rather than a
/// key — the explainer recognising a forgery, the weak-secret check. Only ever a
/// finding, never a verdict: verification goes through [`verify`] and its key checks.
#[inline]
pub(crate) fn tag_matches(alg: Algorithm, key: &[u8], input: &[u8], tag: &[u8]) -> bool {
    alg.family() == Family::Hmac
        && tag.len() == alg.hash().size()
        && compare(alg, key, input, tag) == Some(true)
}
