//! EC public points from SEC1 bytes (SEC 1 v2 §2.3.4), compressed or not, on the
//! four JOSE curves: one decoder for the key parser (`asn1::ec_public_from_sec1`:
//! SPKI, SEC1 and PKCS#8 keys, OpenSSH) and the recogniser (raw points).
//!
//! Not the curve crates' `PublicKey::from_sec1_bytes`: it links each curve's square
//! root and point decompression (primeorder's `decompress` and crypto-bigint's
//! `sqrt_montgomery_form` for the NIST curves, an unrolled addition chain in the
//! k256 crate, which the engine no longer uses), which cost the page 11 KB of gzip
//! for k256 alone (392.2 → 381.0 KB) and 5.4 KB for the three others
//! (docs/BENCHMARKS.md). Here the square root is one
//! exponentiation, `y = (x³ + ax + b)^((p+1)/4)` (p ≡ 3 mod 4 on all four curves),
//! through the field's own multiply and square (no hand-written arithmetic; the
//! input is public, so variable time is fine), and every point, compressed or not,
//! is checked by [`ec_point`]: both coordinates below p, on the curve
//! (`AffineCoordinates::from_coordinates`), not the identity. Tests compare it with
//! each crate's own decoder on valid and invalid points. One difference, on
//! purpose: the crates also read tag `0x05` ("compact" points, x alone with an
//! implied y); SEC 1 and JOSE have no such form, so it is refused here.

use p256::elliptic_curve::ff::{Field, PrimeField};
use p256::elliptic_curve::{FieldBytes, PublicKey};
use primeorder::PrimeCurveParams;

use super::material::ec_point;

/// What decoding a compressed point needs of a curve beyond its equation
/// (primeorder's a and b: −3 and b on the NIST curves, 0 and 7 on secp256k1).
pub(crate) trait Sec1Curve: PrimeCurveParams {
    /// (p + 1) / 4, little-endian 64-bit limbs.
    const SQRT_EXPONENT: &'static [u64];
}

/// The right-hand side of the curve's equation, x³ + ax + b.
fn rhs<C: PrimeCurveParams>(x: &C::FieldElement) -> C::FieldElement {
    mul(&square(x), x) + mul(&C::EQUATION_A, x) + C::EQUATION_B
}

// p = 2²⁵⁶ − 2²²⁴ + 2¹⁹² + 2⁹⁶ − 1
impl Sec1Curve for p256::NistP256 {
    const SQRT_EXPONENT: &'static [u64] = &[
        0x0000_0000_0000_0000,
        0x0000_0000_4000_0000,
        0x4000_0000_0000_0000,
        0x3fff_ffff_c000_0000,
    ];
}

// p = 2³⁸⁴ − 2¹²⁸ − 2⁹⁶ + 2³² − 1
impl Sec1Curve for p384::NistP384 {
    const SQRT_EXPONENT: &'static [u64] = &[
        0x0000_0000_4000_0000,
        0xbfff_ffff_c000_0000,
        0xffff_ffff_ffff_ffff,
        0xffff_ffff_ffff_ffff,
        0xffff_ffff_ffff_ffff,
        0x3fff_ffff_ffff_ffff,
    ];
}

// p = 2⁵²¹ − 1, so (p + 1) / 4 = 2⁵¹⁹
impl Sec1Curve for p521::NistP521 {
    const SQRT_EXPONENT: &'static [u64] = &[0, 0, 0, 0, 0, 0, 0, 0, 0x80];
}

// p = 2²⁵⁶ − 2³² − 977
impl Sec1Curve for crate::jose::secp256k1::Secp256k1 {
    const SQRT_EXPONENT: &'static [u64] = &[
        0xffff_ffff_bfff_ff0c,
        0xffff_ffff_ffff_ffff,
        0xffff_ffff_ffff_ffff,
        0x3fff_ffff_ffff_ffff,
    ];
}

/// The public key encoded by `bytes` (`04 ‖ x ‖ y`, or `02`/`03 ‖ x`); `None` when the
/// length or tag is wrong, a coordinate is not below p, x has no point, the point is
/// not on the curve, or it is the point at infinity.
pub(crate) fn public_key<C: Sec1Curve>(bytes: &[u8]) -> Option<PublicKey<C>> {
    let size = FieldBytes::<C>::default().len();
    match bytes {
        [0x04, coordinates @ ..] if coordinates.len() == 2 * size => {
            let (x, y) = coordinates.split_at(size);
            ec_point::<C>(x, y)
        }
        [tag @ (0x02 | 0x03), x @ ..] if x.len() == size => {
            let y = y_for::<C>(x, *tag == 0x03)?;
            ec_point::<C>(x, &y)
        }
        _ => None,
    }
}

/// The y with the wanted parity such that (x, y) is on the curve when x has one (the
/// caller checks the point is on the curve); `None` when x is not below p.
fn y_for<C: Sec1Curve>(x: &[u8], odd: bool) -> Option<FieldBytes<C>> {
    let x = FieldBytes::<C>::try_from(x).ok()?;
    let x = Option::<C::FieldElement>::from(C::FieldElement::from_repr(x))?;
    // When x³ + ax + b has no square root this y is not one either: the on-curve
    // check in `ec_point` (y² = x³ + ax + b) refuses the point, so it is not done
    // twice. No curve here has a point with y = 0 (their orders are prime).
    let y = pow(&rhs::<C>(&x), C::SQRT_EXPONENT).to_repr();
    // The parity is read on canonical bytes (`to_repr` is fully reduced).
    let is_odd = y.last().is_some_and(|b| b & 1 == 1);
    Some(if is_odd == odd {
        y
    } else {
        (-Option::<C::FieldElement>::from(C::FieldElement::from_repr(y))?).to_repr()
    })
}

/// `base^exp` (exp as little-endian limbs), left to right, with the field's multiply
/// and square called, not inlined: some curves' are `inline(always)`, and inlined
/// copies cost the page more than the call.
fn pow<F: Field>(base: &F, exp: &[u64]) -> F {
    let mut acc = F::ONE;
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
fn mul<F: Field>(a: &F, b: &F) -> F {
    *a * b
}

#[inline(never)]
fn square<F: Field>(a: &F) -> F {
    a.square()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use crate::jose::secp256k1::Secp256k1;
    use k256::elliptic_curve::sec1::ToSec1Point;
    use k256::FieldBytes;
    use p256::elliptic_curve::hazmat::FieldArithmetic;

    type FieldElement = <k256::Secp256k1 as FieldArithmetic>::FieldElement;

    /// The engine's secp256k1 decoded, as the k256 crate's key (its uncompressed
    /// SEC1 bytes read by k256), for comparing with k256's own decoder.
    fn from_sec1(bytes: &[u8]) -> Option<k256::PublicKey> {
        public_key::<Secp256k1>(bytes).map(|k| {
            let bytes = p256::elliptic_curve::sec1::ToSec1Point::to_sec1_point(&k, false);
            k256::PublicKey::from_sec1_bytes(bytes.as_bytes()).unwrap()
        })
    }

    /// The NIST curves against their crates' own decoders: random keys in both
    /// forms, every one-byte flip of them (off the curve, no square root, another
    /// point: both decoders must agree), x = 0 and small x with both tags, x and y
    /// set to p, every length around the right ones; the "compact" tag 0x05, which
    /// the crates read, is refused.
    macro_rules! agrees_with {
        ($name:ident, $curve:ty, $krate:ident) => {
            #[test]
            fn $name() {
                let oracle = |b: &[u8]| $krate::PublicKey::from_sec1_bytes(b).ok();
                let ours = |b: &[u8]| public_key::<$curve>(b);
                let size = $krate::FieldBytes::default().len();
                let mut seed = vec![0u8; size];
                for round in 0u8..16 {
                    seed[size - 1] = round.wrapping_mul(29) | 1;
                    seed[1] = round;
                    let public = $krate::SecretKey::from_slice(&seed)
                        .expect("a scalar")
                        .public_key();
                    for compress in [false, true] {
                        let good = public.to_sec1_point(compress).as_bytes().to_vec();
                        assert_eq!(ours(&good), Some(public), "round {round} {compress}");
                        for i in 0..good.len() {
                            for bit in [0, 3, 7] {
                                let mut b = good.clone();
                                b[i] ^= 1 << bit;
                                if b[0] == 0x05 {
                                    assert_eq!(ours(&b), None);
                                    continue;
                                }
                                assert_eq!(ours(&b), oracle(&b), "{round} {compress} {i} {bit}");
                            }
                        }
                        for len in 0..good.len() + 3 {
                            for tag in [0u8, 2, 3, 4, 6, 7] {
                                let mut b = vec![tag];
                                b.extend(good.iter().skip(1).cycle().take(len));
                                assert_eq!(ours(&b), oracle(&b), "len {len} tag {tag}");
                            }
                        }
                    }
                }
                let p = hex::decode(
                    <<$curve as FieldArithmetic>::FieldElement as PrimeField>::MODULUS
                        .trim_start_matches("0x"),
                )
                .unwrap();
                let p = [vec![0u8; size.saturating_sub(p.len())], p].concat();
                let p = p[p.len() - size..].to_vec();
                for x in 0u8..=40 {
                    let mut xs = vec![0u8; size];
                    xs[size - 1] = x;
                    for tag in [2u8, 3] {
                        let b = [vec![tag], xs.clone()].concat();
                        assert_eq!(ours(&b), oracle(&b), "x = {x} tag {tag}");
                    }
                }
                for tag in [2u8, 3] {
                    let b = [vec![tag], p.clone()].concat();
                    assert_eq!(ours(&b), None, "x = p");
                    assert_eq!(oracle(&b), None);
                }
                let full = $krate::SecretKey::from_slice(&seed).unwrap().public_key();
                let full = full.to_sec1_point(false).as_bytes().to_vec();
                let over_y = [&full[..1 + size], &p[..]].concat();
                assert_eq!(ours(&over_y), None, "y = p");
            }
        };
    }

    agrees_with!(agrees_with_p256, p256::NistP256, p256);
    agrees_with!(agrees_with_p384, p384::NistP384, p384);
    agrees_with!(agrees_with_p521, p521::NistP521, p521);

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
