//! Property tests of the engine's RSA verification (from its adversarial review), on
//! keys read the way the engine reads them (a JWK through `key::parse_key`): RSAVP1
//! against one written with schoolbook `mul_mod` (no Montgomery arithmetic) and
//! against the `rsa` crate's own (`hazmat::rsa_encrypt`); verdicts against the
//! crate's verifiers on crafted encodings (salt lengths, MGF hashes, trailers, top
//! bits, PS lengths, DigestInfo variants), over moduli of many bit lengths and
//! exponents from 3 to 2^33 - 1. Run once with 5,000 and 6,000 cases (no
//! disagreement); kept at 256 and 512.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::OnceLock;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use crypto_bigint::modular::BoxedMontyForm;
use crypto_bigint::{BoxedUint, ConcatenatingMul, NonZero, Resize};
use proptest::prelude::*;
use rsa::traits::{PrivateKeyParts, PublicKeyParts};

use super::tests::{crate_sign, crate_verdict, rng, HASHES};
use super::{digest, digest_info_prefix, mgf1, pkcs1v15 as our_pkcs1v15, pss as our_pss, rsavp1};
use crate::jose::alg::{Algorithm, Hash};
use crate::jose::key::{parse_key, KeyMaterial, PublicKey, SecretEncoding};

/// The key material exactly as the engine reads it from a JWK.
fn engine_key(n: &[u8], e: &[u8]) -> Option<(KeyMaterial, rsa::PublicKey)> {
    let jwk = format!(
        r#"{{"kty":"RSA","n":"{}","e":"{}"}}"#,
        URL_SAFE_NO_PAD.encode(n),
        URL_SAFE_NO_PAD.encode(e)
    );
    let mut set = parse_key(&jwk, SecretEncoding::Utf8).ok()?;
    let material = set.keys.pop()?.material;
    let KeyMaterial::Public(PublicKey::Rsa(k)) = &material else {
        return None;
    };
    let k = k.clone();
    Some((material, k))
}

fn be(v: &BoxedUint) -> Vec<u8> {
    v.to_be_bytes_trimmed_vartime().to_vec()
}

/// RSAVP1 without Montgomery arithmetic: right-to-left square-and-multiply with
/// `concatenating_mul` and `rem`.
fn schoolbook_rsavp1(key: &rsa::PublicKey, sig: &[u8]) -> Vec<u8> {
    let prec = key.n_bits_precision();
    let n = NonZero::new(key.n().as_ref().clone()).unwrap();
    let mut base = BoxedUint::from_be_slice(sig, prec).unwrap();
    let mut acc = BoxedUint::one().resize(prec);
    let e = key.e();
    for bit in 0..e.bit_width_vartime() {
        if e.bit_vartime(bit) {
            acc = acc.concatenating_mul(&base).rem(&n);
        }
        base = base.concatenating_mul(&base).rem(&n);
    }
    let bytes = acc.to_be_bytes();
    bytes[bytes.len() - key.size()..].to_vec()
}

#[derive(Debug, Clone)]
struct ModCase {
    bits: usize,
    shape: u8,
    e: u64,
    fill: Vec<u8>,
    s_kind: u8,
}

fn modulus(c: &ModCase) -> Vec<u8> {
    let k = c.bits.div_ceil(8);
    let mut n: Vec<u8> = (0..k)
        .map(|i| c.fill[i % c.fill.len()] ^ (i as u8).wrapping_mul(31))
        .collect();
    match c.shape {
        // 2^bits - small: the top limb all ones when bits is a multiple of 64.
        1 => {
            for b in n.iter_mut().take(k - 4) {
                *b = 0xff;
            }
        }
        // 2^(bits-1) + small.
        2 => {
            for b in n.iter_mut().take(k - 4) {
                *b = 0;
            }
        }
        _ => {}
    }
    let top = c.bits - 8 * (k - 1); // bits used in the first byte, 1..=8
    n[0] &= 0xffu8 >> (8 - top);
    n[0] |= 1 << (top - 1);
    n[k - 1] |= 1;
    n
}

fn signature_for(c: &ModCase, n: &[u8]) -> Vec<u8> {
    let k = n.len();
    let mut s = vec![0u8; k];
    match c.s_kind {
        0 => {}
        1 => s[k - 1] = 1,
        2 => s[k - 1] = 2,
        3 => {
            // n - 1 (n is odd)
            s.copy_from_slice(n);
            s[k - 1] -= 1;
        }
        4 => {
            // n - 2
            s.copy_from_slice(n);
            s[k - 1] = s[k - 1].saturating_sub(2);
        }
        _ => {
            for (i, b) in s.iter_mut().enumerate() {
                *b = c.fill[(i * 7 + 3) % c.fill.len()].wrapping_add(i as u8);
            }
            s[0] &= n[0] >> 1; // below n
        }
    }
    s
}

fn mod_case() -> impl Strategy<Value = ModCase> {
    let bits = prop_oneof![
        2048usize..=8192,
        prop::sample::select(vec![
            2048usize, 2049, 2055, 2056, 2057, 2111, 2112, 2113, 3072, 4095, 4096, 4097, 8191, 8192
        ]),
    ];
    let e = prop_oneof![
        prop::sample::select(vec![
            3u64,
            5,
            17,
            65_537,
            (1 << 32) + 1,
            (1 << 33) - 1,
            (1 << 33) - 3
        ]),
        (1u64..(1 << 32)).prop_map(|x| 2 * x + 1),
    ];
    (
        bits,
        0u8..3,
        e,
        prop::collection::vec(any::<u8>(), 1..64),
        0u8..8,
    )
        .prop_map(|(bits, shape, e, fill, s_kind)| ModCase {
            bits,
            shape,
            e,
            fill,
            s_kind,
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// RSAVP1 on engine-read keys equals schoolbook exponentiation and the crate's
    /// RSAVP1, for any modulus length 2048..=8192, shape and exponent the engine takes.
    #[test]
    fn rsavp1_matches_schoolbook_and_the_crate(c in mod_case()) {
        let n = modulus(&c);
        let e = c.e.to_be_bytes();
        let Some((material, key)) = engine_key(&n, &e) else {
            return Err(TestCaseError::reject("engine refused the key"));
        };
        prop_assert_eq!(key.n().bit_width_vartime() as usize, c.bits);
        let sig = signature_for(&c, &n);
        let ours = rsavp1(&key, &sig);
        prop_assert!(ours.is_some());
        let ours = ours.unwrap();
        prop_assert_eq!(&ours, &schoolbook_rsavp1(&key, &sig));
        let s = BoxedUint::from_be_slice(&sig, key.n_bits_precision()).unwrap();
        let theirs = rsa::hazmat::rsa_encrypt(&key, &s).unwrap().to_be_bytes();
        prop_assert_eq!(&ours[..], &theirs[theirs.len() - key.size()..]);
        // Nothing panics on the public path either, and random blocks are refused.
        for alg in [Algorithm::RS256, Algorithm::RS512, Algorithm::PS256, Algorithm::PS512] {
            prop_assert!(crate::jose::crypto::verify(alg, &material, b"m", &sig).is_err());
            prop_assert!(crate::jose::crypto::verify(alg, &material, b"m", &n).is_err());
            prop_assert!(crate::jose::crypto::verify(alg, &material, b"m", &vec![0xff; n.len()]).is_err());
            prop_assert!(crate::jose::crypto::verify(alg, &material, b"m", &sig[1..]).is_err());
            let mut longer = vec![0];
            longer.extend_from_slice(&sig);
            prop_assert!(crate::jose::crypto::verify(alg, &material, b"m", &longer).is_err());
        }
    }
}

// ---------------------------------------------------------------------------------
// Verdicts on crafted encodings, against the crate's verifiers.

struct TestKey {
    private: rsa::PrivateKey,
    material: KeyMaterial,
    public: rsa::PublicKey,
}

fn keys() -> &'static [TestKey] {
    static KEYS: OnceLock<Vec<TestKey>> = OnceLock::new();
    KEYS.get_or_init(|| {
        let shapes: [(usize, u64); 12] = [
            (2048, 65_537),
            (2049, 3),
            (2050, 65_537),
            (2053, (1 << 33) - 1),
            (2055, 3),
            (2056, 3),
            (2057, 65_537),
            (2112, 3),
            (2113, 65_537),
            (3071, 65_537),
            (3073, 3),
            (4096, (1 << 33) - 1),
        ];
        shapes
            .iter()
            .map(|&(bits, e)| {
                let private =
                    rsa::PrivateKey::new_with_exp_unchecked(&mut rng(), bits, BoxedUint::from(e))
                        .unwrap();
                let (material, public) =
                    engine_key(&be(private.n().as_ref()), &be(private.e())).unwrap();
                TestKey {
                    private,
                    material,
                    public,
                }
            })
            .collect()
    })
}

fn raw_sign(key: &rsa::PrivateKey, block: &[u8]) -> Option<Vec<u8>> {
    let public = key.to_public_key();
    let m = BoxedUint::from_be_slice(block, public.n_bits_precision()).ok()?;
    if m >= *public.n().as_ref() {
        return None;
    }
    let s = BoxedMontyForm::new(m, public.n_params())
        .pow(key.d())
        .retrieve()
        .to_be_bytes();
    Some(s[s.len() - public.size()..].to_vec())
}

fn alg_of(pss_scheme: bool, hash: Hash) -> Algorithm {
    match (pss_scheme, hash) {
        (false, Hash::Sha256) => Algorithm::RS256,
        (false, Hash::Sha384) => Algorithm::RS384,
        (false, Hash::Sha512) => Algorithm::RS512,
        (true, Hash::Sha256) => Algorithm::PS256,
        (true, Hash::Sha384) => Algorithm::PS384,
        (true, Hash::Sha512) => Algorithm::PS512,
    }
}

/// An EMSA-PSS encoding with free parameters, written from RFC 8017 §9.1.1, as the
/// k-byte block (a zero byte in front when emLen = k − 1).
#[allow(clippy::too_many_arguments)]
fn pss_block(
    k: usize,
    mod_bits: usize,
    hash: Hash,
    mgf_hash: Hash,
    msg: &[u8],
    salt: &[u8],
    trailer: u8,
    top_bits: u8,
) -> Option<Vec<u8>> {
    let em_bits = mod_bits - 1;
    let em_len = em_bits.div_ceil(8);
    let m_hash = digest(hash, &[msg]);
    let h_len = m_hash.len();
    if em_len < h_len + salt.len() + 2 {
        return None;
    }
    let h = digest(hash, &[&[0u8; 8], &m_hash, salt]);
    let mut db = vec![0u8; em_len - salt.len() - h_len - 2];
    db.push(1);
    db.extend_from_slice(salt);
    let mask = mgf1(mgf_hash, &h, db.len());
    for (d, m) in db.iter_mut().zip(mask) {
        *d ^= m;
    }
    let unused = 8 * em_len - em_bits;
    db[0] &= 0xff >> unused;
    db[0] |= top_bits & !(0xffu8 >> unused);
    let mut block = vec![0u8; k - em_len];
    block.extend_from_slice(&db);
    block.extend_from_slice(&h);
    block.push(trailer);
    Some(block)
}

/// A PKCS#1 v1.5 encoding with free parts.
fn pkcs1_block(
    k: usize,
    hash: Hash,
    prefix: &[u8],
    msg: &[u8],
    ps_delta: isize,
    ps_byte: u8,
) -> Option<Vec<u8>> {
    let h = digest(hash, &[msg]);
    let t_len = prefix.len() + h.len();
    let ps_len = (k as isize - t_len as isize - 3 + ps_delta).max(0) as usize;
    let mut block = vec![0x00, 0x01];
    block.extend(std::iter::repeat_n(ps_byte, ps_len));
    block.push(0);
    block.extend_from_slice(prefix);
    block.extend_from_slice(&h);
    // Too long: cut from the end; too short: pad the end with zeros.
    block.resize(k, 0);
    Some(block)
}

#[derive(Debug, Clone)]
struct VerdictCase {
    key: usize,
    pss_scheme: bool,
    hash: usize,
    other_hash: usize,
    msg: Vec<u8>,
    kind: u8,
    salt_len: usize,
    trailer: u8,
    top_bits: u8,
    edits: Vec<(usize, u8)>,
    ps_delta: isize,
}

fn verdict_case() -> impl Strategy<Value = VerdictCase> {
    (
        (0usize..12, any::<bool>(), 0usize..3, 0usize..3),
        prop::collection::vec(any::<u8>(), 0..40),
        0u8..6,
        prop_oneof![0usize..200, Just(32usize), Just(48), Just(64)],
        prop_oneof![Just(0xbcu8), any::<u8>()],
        any::<u8>(),
        prop::collection::vec((any::<usize>(), any::<u8>()), 1..4),
        -3isize..4,
    )
        .prop_map(
            |(
                (key, pss_scheme, hash, other_hash),
                msg,
                kind,
                salt_len,
                trailer,
                top_bits,
                edits,
                ps_delta,
            )| {
                VerdictCase {
                    key,
                    pss_scheme,
                    hash,
                    other_hash,
                    msg,
                    kind,
                    salt_len,
                    trailer,
                    top_bits,
                    edits,
                    ps_delta,
                }
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    /// The same verdict as the crate's verifiers, on valid signatures and on crafted
    /// blocks signed with the private key, for every key shape, both through the
    /// module and through `crypto::verify`.
    #[test]
    fn verdicts_match_the_crate_on_crafted_encodings(c in verdict_case()) {
        let key = &keys()[c.key];
        let hash = HASHES[c.hash];
        let other = HASHES[c.other_hash];
        let k = key.public.size();
        let mod_bits = key.public.n().bit_width_vartime() as usize;
        let sig = match c.kind {
            // A valid signature from the crate's signer.
            0 => Some(crate_sign(&key.private, c.pss_scheme, hash, &c.msg)),
            // The valid block with a few bytes changed.
            1 => {
                let sig = crate_sign(&key.private, c.pss_scheme, hash, &c.msg);
                let mut block = rsavp1(&key.public, &sig).unwrap();
                for &(at, v) in &c.edits {
                    // Bias the position to the ends of the block.
                    let at = match at % 4 {
                        0 => at / 4 % 4,
                        1 => k - 1 - at / 4 % 80,
                        _ => at / 4 % k,
                    };
                    block[at] = v;
                }
                raw_sign(&key.private, &block)
            }
            // PSS with free salt length, MGF hash, trailer and top bits.
            2 | 3 if c.pss_scheme => {
                let salt: Vec<u8> = (0..c.salt_len).map(|i| c.msg.get(i).copied().unwrap_or(i as u8)).collect();
                let (mgf, trailer, top) = if c.kind == 2 { (other, 0xbc, 0) } else { (hash, c.trailer, c.top_bits) };
                pss_block(k, mod_bits, hash, mgf, &c.msg, &salt, trailer, top)
                    .and_then(|b| raw_sign(&key.private, &b))
            }
            // PKCS#1 v1.5 with a PS length off by ps_delta, a PS byte, another prefix.
            2 | 3 => {
                let mut prefix = digest_info_prefix(other).to_vec();
                if c.kind == 3 {
                    // DigestInfo without the NULL parameters.
                    prefix = vec![0x30, digest_info_prefix(hash)[1] - 2, 0x30, 0x0b];
                    prefix.extend_from_slice(&digest_info_prefix(hash)[4..15]);
                    prefix.extend_from_slice(&digest_info_prefix(hash)[17..]);
                }
                let ps_byte = if c.top_bits < 200 { 0xff } else { c.top_bits };
                pkcs1_block(k, hash, &prefix, &c.msg, c.ps_delta, ps_byte)
                    .and_then(|b| raw_sign(&key.private, &b))
            }
            // Valid PSS block with the high byte set (2049 etc.) or random bytes.
            4 => {
                let mut s: Vec<u8> = (0..k).map(|i| c.msg.get(i % c.msg.len().max(1)).copied().unwrap_or(0) ^ i as u8).collect();
                s[0] &= 1;
                Some(s)
            }
            _ => {
                let salt = vec![7u8; hash.size()];
                pss_block(k, mod_bits, hash, hash, &c.msg, &salt, 0xbc, 0).and_then(|mut b| {
                    if (mod_bits - 1).is_multiple_of(8) {
                        b[0] = c.top_bits & 1; // n's top byte is 01: only 01 can stay below n
                    }
                    raw_sign(&key.private, &b)
                })
            }
        };
        let Some(sig) = sig else {
            return Err(TestCaseError::reject("not a block below n"));
        };
        let ours = if c.pss_scheme {
            our_pss(&key.public, hash, &c.msg, &sig)
        } else {
            our_pkcs1v15(&key.public, hash, &c.msg, &sig)
        };
        let theirs = crate_verdict(&key.public, c.pss_scheme, hash, &c.msg, &sig);
        prop_assert_eq!(ours, theirs, "kind {}", c.kind);
        let engine = crate::jose::crypto::verify(alg_of(c.pss_scheme, hash), &key.material, &c.msg, &sig).is_ok();
        prop_assert_eq!(engine, theirs);
        if c.kind == 0 {
            prop_assert!(ours);
        }
        // The expected verdict of crafted PSS blocks, by the RFC's rules.
        if c.pss_scheme && c.kind == 2 {
            prop_assert_eq!(ours, c.salt_len == hash.size() && other == hash);
        }
        if !c.pss_scheme && c.kind == 2 {
            prop_assert_eq!(ours, other == hash && c.ps_delta == 0 && c.top_bits < 200);
        }
        if c.pss_scheme && c.kind == 5 {
            prop_assert_eq!(ours, !(mod_bits - 1).is_multiple_of(8) || c.top_bits & 1 == 0);
        }
    }
}
