//! The engine's RSA verification against the `rsa` crate's verifiers, which it
//! replaced: the same verdict on valid signatures, on a changed bit (bit 7 or bit 0)
//! at every position of the encoded block (signed with the private key, so the
//! change survives RSAVP1), on flipped signature bits, and on moduli whose length is
//! and is not a multiple of 8 (PSS's emLen is k − 1 when modBits ≡ 1 mod 8).
//! Wycheproof's RSA files run the same functions through `crypto::verify` in
//! tests/vectors.rs; `properties.rs` holds the property tests.

use crypto_bigint::modular::BoxedMontyForm;
use crypto_bigint::BoxedUint;
use rand_core::UnwrapErr;
use rsa::signature::{RandomizedSigner, SignatureEncoding, Signer, Verifier};
use rsa::traits::{PrivateKeyParts, PublicKeyParts};
use rsa::{pkcs1v15, pss};
use sha2::{Sha256, Sha384, Sha512};

use super::{pkcs1v15 as our_pkcs1v15, pss as our_pss, rsavp1};
use crate::jose::alg::Hash;

pub(super) fn rng() -> UnwrapErr<getrandom::SysRng> {
    UnwrapErr(getrandom::SysRng)
}

fn key(bits: usize) -> rsa::PrivateKey {
    // `new_unchecked` also makes the small moduli the PKCS#1 padding test needs.
    let key = rsa::PrivateKey::new_unchecked(&mut rng(), bits);
    assert!(key.is_ok(), "{bits}-bit key generation");
    key.unwrap_or_else(|_| unreachable!())
}

/// I2OSP (RFC 8017 §4.1) of a number below the modulus into the modulus's `k` bytes.
fn k_bytes(x: &BoxedUint, k: usize) -> Vec<u8> {
    let bytes = x.to_be_bytes();
    bytes[bytes.len() - k..].to_vec()
}

/// The textbook private operation on any block below n: a signature over an
/// encoding the signers would never make.
fn raw_sign(key: &rsa::PrivateKey, block: &[u8]) -> Vec<u8> {
    let public = key.to_public_key();
    let m = BoxedUint::from_be_slice(block, public.n_bits_precision());
    assert!(m.is_ok());
    let m = m.unwrap_or_else(|_| unreachable!());
    let s = BoxedMontyForm::new(m, public.n_params()).pow(key.d());
    k_bytes(&s.retrieve(), public.size())
}

/// The crate's verdicts, as the engine used them before.
pub(super) fn crate_verdict(
    key: &rsa::PublicKey,
    pss_scheme: bool,
    hash: Hash,
    msg: &[u8],
    sig: &[u8],
) -> bool {
    macro_rules! check {
        ($module:ident, $d:ty) => {
            $module::Signature::try_from(sig).is_ok_and(|s| {
                $module::VerifyingKey::<$d>::new(key.clone())
                    .verify(msg, &s)
                    .is_ok()
            })
        };
    }
    match (pss_scheme, hash) {
        (false, Hash::Sha256) => check!(pkcs1v15, Sha256),
        (false, Hash::Sha384) => check!(pkcs1v15, Sha384),
        (false, Hash::Sha512) => check!(pkcs1v15, Sha512),
        (true, Hash::Sha256) => check!(pss, Sha256),
        (true, Hash::Sha384) => check!(pss, Sha384),
        (true, Hash::Sha512) => check!(pss, Sha512),
    }
}

fn ours(key: &rsa::PublicKey, pss_scheme: bool, hash: Hash, msg: &[u8], sig: &[u8]) -> bool {
    if pss_scheme {
        our_pss(key, hash, msg, sig)
    } else {
        our_pkcs1v15(key, hash, msg, sig)
    }
}

pub(super) fn crate_sign(
    key: &rsa::PrivateKey,
    pss_scheme: bool,
    hash: Hash,
    msg: &[u8],
) -> Vec<u8> {
    let key = key.clone();
    macro_rules! pkcs1 {
        ($d:ty) => {
            pkcs1v15::SigningKey::<$d>::new(key).sign(msg).to_vec()
        };
    }
    macro_rules! pss_sign {
        ($d:ty) => {
            pss::SigningKey::<$d>::new(key)
                .sign_with_rng(&mut rng(), msg)
                .to_vec()
        };
    }
    match (pss_scheme, hash) {
        (false, Hash::Sha256) => pkcs1!(Sha256),
        (false, Hash::Sha384) => pkcs1!(Sha384),
        (false, Hash::Sha512) => pkcs1!(Sha512),
        (true, Hash::Sha256) => pss_sign!(Sha256),
        (true, Hash::Sha384) => pss_sign!(Sha384),
        (true, Hash::Sha512) => pss_sign!(Sha512),
    }
}

pub(super) const HASHES: [Hash; 3] = [Hash::Sha256, Hash::Sha384, Hash::Sha512];
const MESSAGES: [&[u8]; 3] = [b"", b"eyJhbGciOiJSUzI1NiJ9.e30", &[0xa5; 1000]];

#[test]
fn valid_signatures_and_flipped_bits_agree_with_the_rsa_crate() {
    // 2048 and 2056: k·8 bits; 2049: PSS's EM is one byte shorter than the block;
    // 2055: the top byte holds 7 bits.
    for bits in [2048, 2049, 2055, 2056] {
        let private = key(bits);
        let public = private.to_public_key();
        for pss_scheme in [false, true] {
            for hash in HASHES {
                for msg in MESSAGES {
                    let sig = crate_sign(&private, pss_scheme, hash, msg);
                    assert!(
                        ours(&public, pss_scheme, hash, msg, &sig),
                        "{bits} {pss_scheme} {hash:?}"
                    );
                    // The other scheme, another hash, another message.
                    assert!(!ours(&public, !pss_scheme, hash, msg, &sig));
                    for other in HASHES.into_iter().filter(|&h| h != hash) {
                        assert!(!ours(&public, pss_scheme, other, msg, &sig));
                    }
                    assert!(!ours(&public, pss_scheme, hash, b"x", &sig));
                    for i in (0..sig.len()).step_by(13) {
                        let mut bad = sig.clone();
                        bad[i] ^= 1 << (i % 8);
                        let verdict = ours(&public, pss_scheme, hash, msg, &bad);
                        assert_eq!(verdict, crate_verdict(&public, pss_scheme, hash, msg, &bad));
                        assert!(!verdict);
                    }
                }
            }
        }
    }
}

#[test]
fn a_changed_bit_at_every_position_of_the_block_is_refused_as_by_the_rsa_crate() {
    for bits in [2048, 2049] {
        let private = key(bits);
        let public = private.to_public_key();
        let k = public.size();
        for pss_scheme in [false, true] {
            for hash in [Hash::Sha256, Hash::Sha512] {
                let msg = MESSAGES[1];
                let sig = crate_sign(&private, pss_scheme, hash, msg);
                let block = rsavp1(&public, &sig);
                assert!(block.is_some());
                let block = block.unwrap_or_default();
                assert_eq!(block.len(), k);
                // The block re-signed unchanged is the same valid signature.
                assert!(ours(
                    &public,
                    pss_scheme,
                    hash,
                    msg,
                    &raw_sign(&private, &block)
                ));
                for i in 0..k {
                    let mut changed = block.clone();
                    changed[i] ^= if i % 2 == 0 { 0x80 } else { 0x01 };
                    if BoxedUint::from_be_slice(&changed, public.n_bits_precision())
                        .is_ok_and(|m| m >= *public.n().as_ref())
                    {
                        continue; // not a block RSA can carry
                    }
                    let bad = raw_sign(&private, &changed);
                    let verdict = ours(&public, pss_scheme, hash, msg, &bad);
                    assert_eq!(
                        verdict,
                        crate_verdict(&public, pss_scheme, hash, msg, &bad),
                        "{bits} bits, pss {pss_scheme}, {hash:?}, byte {i}"
                    );
                    assert!(
                        !verdict,
                        "{bits} bits, pss {pss_scheme}, {hash:?}, byte {i}"
                    );
                }
            }
        }
    }
}

#[test]
fn rsavp1_refuses_signatures_not_below_n_and_of_the_wrong_length() {
    let private = key(2048);
    let public = private.to_public_key();
    let n = &k_bytes(public.n().as_ref(), public.size());
    assert_eq!(rsavp1(&public, n), None);
    assert_eq!(rsavp1(&public, &[0xff; 256]), None);
    let mut below = n.to_vec();
    below[255] -= 1; // n is odd
    assert!(rsavp1(&public, &below).is_some());
    assert_eq!(rsavp1(&public, &below[1..]), None);
    assert_eq!(rsavp1(&public, &[0; 257]), None);
    // 0 and 1 are their own powers: blocks no encoding matches.
    let mut one = vec![0u8; 256];
    assert_eq!(rsavp1(&public, &one), Some(vec![0; 256]));
    one[255] = 1;
    assert_eq!(rsavp1(&public, &one).as_deref(), Some(one.as_slice()));
    for pss_scheme in [false, true] {
        assert!(!ours(&public, pss_scheme, Hash::Sha256, b"", &one));
        assert!(!ours(&public, pss_scheme, Hash::Sha256, b"", &[0; 256]));
    }
}

#[test]
fn rsavp1_uses_every_bit_of_e() {
    // e = 3, 2^16 + 3 and 2^16 + 1 against crypto-bigint's windowed `pow` (the rsa
    // crate's RSAVP1 runs the same exponentiation bounded to e's bits,
    // `pow_bounded_exp(e, e.bits())`).
    let private = key(2048);
    let n = public_n(&private);
    for e in [3u64, 65_539, 65_537] {
        let public = rsa::PublicKey::new(n.clone(), BoxedUint::from(e));
        assert!(public.is_ok(), "e = {e}");
        let public = public.unwrap_or_else(|_| unreachable!());
        for fill in [0x02u8, 0x5a, 0x7f] {
            let sig = vec![fill; public.size()];
            let s = BoxedUint::from_be_slice(&sig, public.n_bits_precision())
                .unwrap_or_else(|_| unreachable!());
            let m = BoxedMontyForm::new(s, public.n_params()).pow(public.e());
            let expected = k_bytes(&m.retrieve(), public.size());
            assert_eq!(rsavp1(&public, &sig), Some(expected), "e = {e}");
        }
    }
}

#[test]
fn pkcs1v15_wants_at_least_eight_ff_bytes() {
    // RFC 8017 §9.2 step 3: emLen ≥ tLen + 11. With SHA-256's 51-byte T, a 61-byte
    // modulus leaves room for seven FF bytes only, a 62-byte one for eight. (Moduli
    // the engine accepts, 2048 bits and more, always leave room.)
    let prefix = super::digest_info_prefix(Hash::Sha256);
    let h = super::digest(Hash::Sha256, &[b"msg"]);
    for (bits, ps_len, valid) in [(488, 7, false), (496, 8, true)] {
        let private = key(bits);
        let public = private.to_public_key();
        assert_eq!(public.size(), 3 + ps_len + prefix.len() + h.len());
        let mut block = vec![0x00, 0x01];
        block.extend(std::iter::repeat_n(0xff, ps_len));
        block.push(0x00);
        block.extend_from_slice(prefix);
        block.extend_from_slice(&h);
        let sig = raw_sign(&private, &block);
        assert_eq!(
            our_pkcs1v15(&public, Hash::Sha256, b"msg", &sig),
            valid,
            "{bits}"
        );
        assert_eq!(
            crate_verdict(&public, false, Hash::Sha256, b"msg", &sig),
            valid
        );
    }
}

#[test]
fn pss_refuses_a_nonzero_byte_above_em_when_em_is_one_byte_shorter() {
    // A 2049-bit modulus: emBits = 2048, so EM is k − 1 = 256 bytes and the block's
    // first byte must be zero (RFC 8017 §8.1.2 step 2c). Setting it to 1 leaves EM
    // valid, so only that check refuses it. The block must stay below n (whose top
    // byte is 01): retried with new salts until EM is below n's low bytes.
    let private = key(2049);
    let public = private.to_public_key();
    let n = &k_bytes(public.n().as_ref(), public.size());
    assert_eq!(n[0], 0x01);
    let msg = MESSAGES[1];
    let tried = (0..64).find_map(|_| {
        let sig = crate_sign(&private, true, Hash::Sha256, msg);
        let mut block = rsavp1(&public, &sig)?;
        assert_eq!(block[0], 0);
        block[0] = 1;
        (block.as_slice() < n).then(|| raw_sign(&private, &block))
    });
    assert!(tried.is_some(), "64 salts gave no EM below n");
    let sig = tried.unwrap_or_default();
    assert!(!our_pss(&public, Hash::Sha256, msg, &sig));
    assert!(!crate_verdict(&public, true, Hash::Sha256, msg, &sig));
}

fn public_n(key: &rsa::PrivateKey) -> BoxedUint {
    key.to_public_key().n().as_ref().clone()
}

#[test]
fn a_signature_of_the_wrong_length_is_named_with_the_keys_real_size() {
    use crate::jose::alg::Algorithm;
    use crate::jose::error::ErrorKind;
    use crate::jose::key::{KeyMaterial, PublicKey};
    let public = key(2049).to_public_key();
    let material = KeyMaterial::Public(PublicKey::Rsa(public));
    let err = crate::jose::crypto::verify(Algorithm::RS256, &material, b"x", &[1; 256]);
    let err = err.err();
    assert_eq!(
        err.as_ref().map(|e| e.kind()),
        Some(ErrorKind::SignatureLength)
    );
    let message = err.map(|e| e.message().to_string()).unwrap_or_default();
    assert!(
        message.contains("a 2049-bit key makes 257-byte signatures"),
        "{message}"
    );
}
