//! RSASSA-PKCS1-v1_5 and RSASSA-PSS verification (RFC 8017 §8.2.2 and §8.1.2) as
//! RFC 7518 §3.3 and §3.5 use them, on the `rsa` crate's parsed public key and
//! crypto-bigint's Montgomery arithmetic.
//!
//! Why not the `rsa` crate's verifiers: they raise the signature to e with
//! crypto-bigint's constant-time windowed exponentiation (a 16-entry table built
//! with 14 multiplications, then constant-time lookups), ~35 Montgomery products
//! for e = 65537. Everything a verifier holds (n, e, the signature, the message) is
//! public, so [`rsavp1`] uses plain square-and-multiply over the same crate's
//! Montgomery squaring and product (one `MontyMultiplier`, whose buffers serve every
//! step): 16 squarings and one product for 65537, half the work (measured in
//! docs/BENCHMARKS.md, "RSA verification in the engine"). Since crypto-bigint 0.7.11
//! a squaring at 2048 bits (32 limbs) is its dedicated kernel, not a product of a
//! number with itself: ×1.28 more (same document, "Session 10"). No bignum
//! arithmetic is written here; only the order of the crate's operations.
//!
//! Both encodings are checked as RFC 8017 specifies them: PKCS#1 v1.5 by building the
//! one valid encoding and comparing (§8.2.2 steps 3 and 4; the section's note allows
//! parsing the block instead, which is not done here), PSS with the salt as long as
//! the hash and MGF1 over the same hash, the only parameters RFC 7518 §3.5 allows.

use crypto_bigint::modular::BoxedMontyForm;
use crypto_bigint::{BoxedUint, MontyForm, MontyMultiplier};
use rsa::traits::PublicKeyParts;
use sha2::{Digest, Sha256, Sha384, Sha512};

use crate::jose::alg::Hash;

/// RSAVP1 (RFC 8017 §5.2.2) followed by I2OSP into the modulus's length `k`:
/// `sig^e mod n` as `k` bytes. `None` when the signature is not `k` bytes or, as an
/// integer, not below n (§8.2.2 step 1, §5.2.2 step 1).
fn rsavp1(key: &rsa::PublicKey, sig: &[u8]) -> Option<Vec<u8>> {
    let k = key.size();
    if sig.len() != k {
        return None;
    }
    let s = BoxedUint::from_be_slice(sig, key.n_bits_precision()).ok()?;
    if s >= *key.n().as_ref() {
        return None;
    }
    let e = key.e();
    let top = e.bit_width_vartime();
    if top == 0 {
        return None;
    }
    // Left to right over e's bits below the top one, which `acc` already holds.
    let params = key.n_params();
    let base = BoxedMontyForm::new(s, params);
    let mut acc = base.clone();
    let mut product = <BoxedMontyForm as MontyForm>::Multiplier::from(params);
    for bit in (0..top - 1).rev() {
        product.square_assign(&mut acc);
        if e.bit_vartime(bit) {
            product.mul_assign(&mut acc, &base);
        }
    }
    let m = acc.retrieve().to_be_bytes();
    // m < n, so every byte above the k lowest is zero (I2OSP, §4.1).
    let cut = m.len().checked_sub(k)?;
    let (high, low) = m.split_at(cut);
    high.iter().all(|&b| b == 0).then(|| low.to_vec())
}

/// The DER of each hash's DigestInfo up to the digest itself (RFC 8017 §9.2, note 1).
fn digest_info_prefix(hash: Hash) -> &'static [u8] {
    match hash {
        Hash::Sha256 => &[
            0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
            0x01, 0x05, 0x00, 0x04, 0x20,
        ],
        Hash::Sha384 => &[
            0x30, 0x41, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
            0x02, 0x05, 0x00, 0x04, 0x30,
        ],
        Hash::Sha512 => &[
            0x30, 0x51, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
            0x03, 0x05, 0x00, 0x04, 0x40,
        ],
    }
}

fn digest(hash: Hash, parts: &[&[u8]]) -> Vec<u8> {
    fn run<D: Digest>(parts: &[&[u8]]) -> Vec<u8> {
        let mut d = D::new();
        for p in parts {
            d.update(p);
        }
        d.finalize().to_vec()
    }
    match hash {
        Hash::Sha256 => run::<Sha256>(parts),
        Hash::Sha384 => run::<Sha384>(parts),
        Hash::Sha512 => run::<Sha512>(parts),
    }
}

/// RSASSA-PKCS1-v1_5-VERIFY (RFC 8017 §8.2.2): the recovered block must equal
/// EMSA-PKCS1-v1_5-ENCODE(message) (§9.2) byte for byte:
/// `00 01 FF…FF 00 DigestInfo`, with at least eight `FF`.
pub(super) fn pkcs1v15(key: &rsa::PublicKey, hash: Hash, message: &[u8], sig: &[u8]) -> bool {
    let Some(em) = rsavp1(key, sig) else {
        return false;
    };
    let prefix = digest_info_prefix(hash);
    let h = digest(hash, &[message]);
    let t_len = prefix.len() + h.len();
    // §9.2 step 3: emLen < tLen + 11 is "intended encoded message length too short".
    let Some(ps_len) = em.len().checked_sub(t_len + 3).filter(|&n| n >= 8) else {
        return false;
    };
    let (head, rest) = em.split_at(2);
    let (ps, rest) = rest.split_at(ps_len);
    let (zero, t) = rest.split_at(1);
    let (t_prefix, t_hash) = t.split_at(prefix.len());
    head == [0x00, 0x01]
        && ps.iter().all(|&b| b == 0xff)
        && zero == [0x00]
        && t_prefix == prefix
        && t_hash == h.as_slice()
}

/// MGF1 (RFC 8017 §B.2.1) over `hash`: `len` bytes from `seed`.
fn mgf1(hash: Hash, seed: &[u8], len: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(len + 64);
    let mut counter: u32 = 0;
    while out.len() < len {
        out.extend_from_slice(&digest(hash, &[seed, &counter.to_be_bytes()]));
        counter = counter.wrapping_add(1);
    }
    out.truncate(len);
    out
}

/// RSASSA-PSS-VERIFY (RFC 8017 §8.1.2) with EMSA-PSS-VERIFY (§9.1.2), MGF1 over
/// `hash` and a salt of the hash's length (RFC 7518 §3.5).
pub(super) fn pss(key: &rsa::PublicKey, hash: Hash, message: &[u8], sig: &[u8]) -> bool {
    let Some(block) = rsavp1(key, sig) else {
        return false;
    };
    // §8.1.2 step 2c: EM = I2OSP(m, emLen) with emBits = modBits − 1. When modBits − 1
    // is a multiple of 8, emLen is k − 1 and m's top byte must be zero.
    let mod_bits = key.n().bit_width_vartime() as usize;
    let em_bits = mod_bits.saturating_sub(1);
    let em_len = em_bits.div_ceil(8);
    let Some((high, em)) = block
        .len()
        .checked_sub(em_len)
        .map(|cut| block.split_at(cut))
    else {
        return false;
    };
    if high.iter().any(|&b| b != 0) {
        return false;
    }
    let m_hash = digest(hash, &[message]);
    let h_len = m_hash.len();
    let s_len = h_len;
    // §9.1.2 steps 3 and 4.
    if em_len < h_len + s_len + 2 || em.last() != Some(&0xbc) {
        return false;
    }
    // Step 5: maskedDB ‖ H ‖ 0xbc.
    let (masked_db, rest) = em.split_at(em_len - h_len - 1);
    let h = &rest[..h_len];
    // Step 6: the leftmost 8·emLen − emBits bits of maskedDB must be zero.
    let unused = 8 * em_len - em_bits;
    let top_mask = 0xffu8 >> unused;
    if masked_db[0] & !top_mask != 0 {
        return false;
    }
    // Steps 7 to 9.
    let mut db = mgf1(hash, h, masked_db.len());
    for (d, m) in db.iter_mut().zip(masked_db) {
        *d ^= m;
    }
    db[0] &= top_mask;
    // Step 10: PS (zeros) ‖ 0x01 ‖ salt.
    let ps_len = em_len - h_len - s_len - 2;
    let (ps, rest) = db.split_at(ps_len);
    let (one, salt) = rest.split_at(1);
    if ps.iter().any(|&b| b != 0) || one != [0x01] {
        return false;
    }
    // Steps 11 to 14: H = Hash(00×8 ‖ mHash ‖ salt).
    digest(hash, &[&[0u8; 8], &m_hash, salt]) == h
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod properties;
