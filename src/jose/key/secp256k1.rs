//! secp256k1 public points from SEC1 bytes (SEC 1 v2 §2.3.4), compressed or not.
//!
//! `k256::PublicKey::from_sec1_bytes` would do this, but it links the crate's
//! square root — an unrolled addition chain — which alone cost 11 KB of the page's
//! gzip (measured with `node tests/e2e/size-check.mjs`: 392.2 → 381.0 KB). Here the
//! square root is the same exponentiation, `y = (x³ + 7)^((p+1)/4)` (p ≡ 3 mod 4),
//! through the field's own generic `pow_vartime` (no hand-written arithmetic; the
//! input is public, so variable time is fine), and every point is checked on the
//! curve by `AffineCoordinates::from_coordinates`. Tests compare it with the crate's
//! own decoder on valid and invalid points. One difference, on purpose: the crate
//! also reads tag `0x05` ("compact" points, x alone with an implied y); SEC 1 and
//! JOSE have no such form, so it is refused here.

use k256::elliptic_curve::ff::PrimeField;
use k256::elliptic_curve::hazmat::FieldArithmetic;
use k256::elliptic_curve::point::AffineCoordinates;
use k256::{AffinePoint, FieldBytes, Secp256k1};

/// The base field (k256 exports it only through this trait).
type FieldElement = <Secp256k1 as FieldArithmetic>::FieldElement;

/// (p + 1) / 4 for p = 2²⁵⁶ − 2³² − 977, little-endian 64-bit limbs.
const SQRT_EXPONENT: [u64; 4] = [
    0xffff_ffff_bfff_ff0c,
    0xffff_ffff_ffff_ffff,
    0xffff_ffff_ffff_ffff,
    0x3fff_ffff_ffff_ffff,
];

/// The public key encoded by `bytes` (`04 ‖ x ‖ y`, or `02`/`03 ‖ x`); `None` when the
/// length or tag is wrong, a coordinate is not below p, the point is not on the
/// curve, or it is the point at infinity.
pub(crate) fn from_sec1(bytes: &[u8]) -> Option<k256::PublicKey> {
    let (x, y) = match bytes {
        [0x04, coordinates @ ..] if coordinates.len() == 64 => {
            let (x, y) = coordinates.split_at(32);
            (FieldBytes::try_from(x).ok()?, FieldBytes::try_from(y).ok()?)
        }
        [tag @ (0x02 | 0x03), x @ ..] if x.len() == 32 => {
            let x = FieldBytes::try_from(x).ok()?;
            (x, y_for(&x, *tag == 0x03)?)
        }
        _ => return None,
    };
    let point = Option::<AffinePoint>::from(AffinePoint::from_coordinates(&x, &y))?;
    k256::PublicKey::from_affine(point).ok()
}

/// The y with the wanted parity such that (x, y) is on y² = x³ + 7 when x has one
/// (the caller checks the point is on the curve); `None` when x is not below p.
fn y_for(x: &FieldBytes, odd: bool) -> Option<FieldBytes> {
    let x = Option::<FieldElement>::from(FieldElement::from_repr(*x))?;
    let rhs = mul(&square(&x), &x) + FieldElement::from(7u64);
    // When x³ + 7 has no square root this y is not one either: the on-curve check
    // in `from_coordinates` (y² = x³ + 7) refuses the point, so it is not done twice.
    let y = pow(&rhs, &SQRT_EXPONENT).to_repr();
    // `to_repr` fully reduces: the parity is read on canonical bytes.
    let is_odd = y.last().is_some_and(|b| b & 1 == 1);
    Some(if is_odd == odd {
        y
    } else {
        (-FieldElement::from_repr(y).into_option()?).to_repr()
    })
}

/// `base^exp` (exp as little-endian limbs), left to right: the field's own
/// `pow_vartime`, but with its two operations called, not inlined — k256's field
/// multiply and square are `inline(always)`, and two inlined copies cost the page
/// more than the call (the input is public: variable time is fine).
fn pow(base: &FieldElement, exp: &[u64; 4]) -> FieldElement {
    let mut acc = FieldElement::ONE;
    for limb in exp.iter().rev() {
        for bit in (0..64).rev() {
            acc = square(&acc);
            if (limb >> bit) & 1 == 1 {
                acc = mul(&acc, base);
            }
        }
    }
    acc
}

#[inline(never)]
fn mul(a: &FieldElement, b: &FieldElement) -> FieldElement {
    *a * b
}

#[inline(never)]
fn square(a: &FieldElement) -> FieldElement {
    a.square()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use k256::elliptic_curve::sec1::ToSec1Point;

    /// Against the crate's own decoder: random keys in both forms, and corrupted
    /// encodings (a flipped byte is off the curve or has no square root about half the
    /// time; both decoders must agree on which).
    #[test]
    fn agrees_with_the_crate() {
        let mut seed = [0u8; 32];
        for round in 0u8..64 {
            seed[0] = round;
            seed[31] = round.wrapping_mul(7) | 1;
            let secret = k256::SecretKey::from_slice(&seed).expect("a scalar");
            let public = secret.public_key();
            for compress in [false, true] {
                let bytes = public.to_sec1_point(compress).as_bytes().to_vec();
                assert_eq!(from_sec1(&bytes), Some(public), "round {round} {compress}");
                let mut bad = bytes.clone();
                let last = bad.len() - 1;
                bad[last] ^= 0x01;
                assert_eq!(
                    from_sec1(&bad),
                    k256::PublicKey::from_sec1_bytes(&bad).ok(),
                    "round {round} {compress}"
                );
            }
        }
    }

    #[test]
    fn malformed_encodings() {
        let public = k256::SecretKey::from_slice(&[9; 32]).unwrap().public_key();
        let compressed = public.to_sec1_point(true).as_bytes().to_vec();
        assert_eq!(from_sec1(&[]), None);
        assert_eq!(from_sec1(&[0x00]), None, "infinity");
        assert_eq!(from_sec1(&compressed[..32]), None, "short");
        let mut wrong_tag = compressed.clone();
        wrong_tag[0] = 0x05;
        assert_eq!(from_sec1(&wrong_tag), None);
        // x = p (not below the modulus) is refused, not reduced.
        let mut p = [0xffu8; 33];
        p[0] = 0x02;
        p[28] = 0xfe;
        p[31] = 0xfc;
        p[32] = 0x2f;
        assert_eq!(from_sec1(&p), None);
        // The parity bit picks y or −y.
        let mut other = compressed.clone();
        other[0] ^= 0x01;
        let flipped = from_sec1(&other).expect("−P");
        assert_eq!(flipped, k256::PublicKey::from_sec1_bytes(&other).unwrap());
        assert_ne!(flipped, public);
    }

    /// Review: the decoder against the crate's own on edge encodings — x near 0 and
    /// x ≥ p (x mod p small), every tag byte, wrong lengths, and every one-byte flip of
    /// valid points.
    #[test]
    fn review_oracle_edge_cases() {
        let oracle = |b: &[u8]| k256::PublicKey::from_sec1_bytes(b).ok();
        let p: [u8; 32] = {
            let mut p = [0xffu8; 32];
            p[27] = 0xfe;
            p[30] = 0xfc;
            p[31] = 0x2f;
            p
        };
        // x + p (big-endian add of a small x): must be refused, not reduced.
        let add_small = |x: u16| -> [u8; 32] {
            let mut out = p;
            let mut carry = u32::from(x);
            for i in (0..32).rev() {
                let sum = u32::from(out[i]) + carry;
                out[i] = (sum & 0xff) as u8;
                carry = sum >> 8;
                if carry == 0 {
                    break;
                }
            }
            out
        };
        let mut checked = 0;
        for x in 0u16..512 {
            let mut small = [0u8; 32];
            small[30] = (x >> 8) as u8;
            small[31] = x as u8;
            for xs in [small, add_small(x)] {
                for tag in 0u8..=8 {
                    let mut b = vec![tag];
                    b.extend_from_slice(&xs);
                    if tag == 0x05 {
                        // Divergence: k256 accepts the "compact" tag (y chosen by the
                        // crate); this decoder refuses it (stricter; not SEC 1).
                        assert_eq!(from_sec1(&b), None);
                        continue;
                    }
                    assert_eq!(from_sec1(&b), oracle(&b), "x={x} tag={tag} {:02x?}", &b);
                    checked += 1;
                    if let Some(k) = oracle(&b) {
                        // Uncompressed and hybrid forms of the same point.
                        let full = k.to_sec1_point(false).as_bytes().to_vec();
                        assert_eq!(from_sec1(&full), Some(k));
                        for hybrid in [0x06u8, 0x07] {
                            let mut h = full.clone();
                            h[0] = hybrid;
                            assert_eq!(from_sec1(&h), oracle(&h), "hybrid {hybrid}");
                        }
                        // −P: both decoders agree.
                        let mut neg = full.clone();
                        let y = FieldElement::from_repr(FieldBytes::try_from(&neg[33..]).unwrap())
                            .unwrap();
                        neg[33..].copy_from_slice(&(-y).to_repr());
                        assert_eq!(from_sec1(&neg), oracle(&neg));
                        assert!(from_sec1(&neg).is_some());
                        // y + p when it fits: refused.
                        let mut over = full.clone();
                        over[33..].copy_from_slice(&p);
                        assert_eq!(from_sec1(&over), oracle(&over));
                    }
                }
            }
        }
        assert!(checked > 5000);
        // One-byte flips (every position, every bit) of valid points in both forms.
        let public = k256::SecretKey::from_slice(&[0x42; 32])
            .unwrap()
            .public_key();
        for compress in [false, true] {
            let good = public.to_sec1_point(compress).as_bytes().to_vec();
            for i in 0..good.len() {
                for bit in 0..8 {
                    let mut b = good.clone();
                    b[i] ^= 1 << bit;
                    if b[0] == 0x05 {
                        continue;
                    }
                    assert_eq!(from_sec1(&b), oracle(&b), "{compress} {i} {bit}");
                }
            }
            // Every length from 0 to 70 with each valid tag.
            for len in 0..70 {
                for tag in [0u8, 2, 3, 4, 6, 7] {
                    let mut b = vec![tag];
                    b.extend(good.iter().skip(1).cycle().take(len));
                    assert_eq!(from_sec1(&b), oracle(&b), "len {len} tag {tag}");
                }
            }
        }
    }
}
