//! The engine's secp256k1 held to the k256 crate (a dev-dependency): the same
//! curve constants, the same public keys from the same scalars, the same RFC 6979
//! signatures byte for byte, and each verifies the other's signatures and refuses
//! the same corrupted ones. Wycheproof's secp256k1 vectors run through the engine
//! in `tests/vectors.rs`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use ::ecdsa::signature::{Signer, Verifier};
use elliptic_curve::group::Group;
use elliptic_curve::sec1::ToSec1Point;
use elliptic_curve::Curve;

use super::{ecdsa, ProjectivePoint, Secp256k1, SecretKey};

/// Scalars spread over [1, n − 1]: small, large, and patterned.
fn scalars() -> Vec<[u8; 32]> {
    let mut out = vec![[0u8; 32], [0xff; 32], [0x42; 32]];
    out[0][31] = 1;
    // n − 1
    out[1] = hex::decode("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364140")
        .unwrap()
        .try_into()
        .unwrap();
    for round in 0u8..24 {
        let mut s = [0u8; 32];
        for (i, b) in s.iter_mut().enumerate() {
            *b = round
                .wrapping_mul(37)
                .wrapping_add(i as u8)
                .wrapping_mul(101)
                ^ 0x5a;
        }
        s[0] &= 0x7f;
        out.push(s);
    }
    out
}

#[test]
fn constants_are_k256s() {
    assert_eq!(
        Secp256k1::ORDER.as_ref().to_be_bytes(),
        k256::Secp256k1::ORDER.as_ref().to_be_bytes()
    );
    let ours = ProjectivePoint::generator().to_sec1_point(false);
    let theirs = k256::ProjectivePoint::GENERATOR
        .to_affine()
        .to_sec1_point(false);
    assert_eq!(ours.as_bytes(), theirs.as_bytes());
    assert_eq!(
        <Secp256k1 as elliptic_curve::pkcs8::AssociatedOid>::OID,
        <k256::Secp256k1 as elliptic_curve::pkcs8::AssociatedOid>::OID
    );
}

#[test]
fn public_keys_are_k256s() {
    for d in scalars() {
        let ours = SecretKey::from_slice(&d).unwrap().public_key();
        let theirs = k256::SecretKey::from_slice(&d).unwrap().public_key();
        assert_eq!(
            ours.to_sec1_point(false).as_bytes(),
            theirs.to_sec1_point(false).as_bytes(),
            "d = {}",
            hex::encode(d)
        );
    }
    // Out of range: 0 and n are not keys for either.
    assert!(SecretKey::from_slice(&[0; 32]).is_err());
    let n = Secp256k1::ORDER.as_ref().to_be_bytes();
    assert!(SecretKey::from_slice(&n).is_err());
    assert!(k256::SecretKey::from_slice(&n).is_err());
}

/// Sums and doublings through the generic formulas (a = 0) against k256's:
/// aG + bG, 2(aG), aG − aG (the identity), and aG + aG through addition.
#[test]
fn point_arithmetic_is_k256s() {
    let all = scalars();
    for pair in all.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        let ours_a = SecretKey::from_slice(&a)
            .unwrap()
            .public_key()
            .to_projective();
        let ours_b = SecretKey::from_slice(&b)
            .unwrap()
            .public_key()
            .to_projective();
        let theirs_a = k256::SecretKey::from_slice(&a)
            .unwrap()
            .public_key()
            .to_projective();
        let theirs_b = k256::SecretKey::from_slice(&b)
            .unwrap()
            .public_key()
            .to_projective();
        let same = |ours: ProjectivePoint, theirs: k256::ProjectivePoint| {
            assert_eq!(
                ours.to_sec1_point(false).as_bytes(),
                theirs.to_affine().to_sec1_point(false).as_bytes()
            );
        };
        same(ours_a + ours_b, theirs_a + theirs_b);
        same(ours_a.double(), theirs_a.double());
        same(ours_a + ours_a, theirs_a + theirs_a);
        assert!(bool::from((ours_a - ours_a).is_identity()));
    }
}

/// RFC 6979 nonces and low S: the same signature bytes as k256 for the same key and
/// message, and each side verifies the other's.
#[test]
fn signatures_are_k256s() {
    let messages: [&[u8]; 4] = [b"", b"sample", b"test", &[0xa5; 300]];
    for d in scalars() {
        let ours = ecdsa::SigningKey::from_slice(&d).unwrap();
        let theirs = k256::ecdsa::SigningKey::from_slice(&d).unwrap();
        for msg in messages {
            let a: ecdsa::Signature = ours.sign(msg);
            let b: k256::ecdsa::Signature = theirs.sign(msg);
            assert_eq!(a.to_bytes().as_slice(), b.to_bytes().as_slice());
            assert!(ours.verifying_key().verify(msg, &a).is_ok());
            let b_as_ours = ecdsa::Signature::from_slice(&b.to_bytes()).unwrap();
            assert!(ours.verifying_key().verify(msg, &b_as_ours).is_ok());
            // A flipped bit in r, in s or in the message: both refuse.
            for at in [0usize, 31, 32, 63] {
                let mut bad = a.to_bytes().to_vec();
                bad[at] ^= 0x01;
                let ours_ok = ecdsa::Signature::from_slice(&bad)
                    .is_ok_and(|s| ours.verifying_key().verify(msg, &s).is_ok());
                let theirs_ok = k256::ecdsa::Signature::from_slice(&bad)
                    .is_ok_and(|s| theirs.verifying_key().verify(msg, &s).is_ok());
                assert!(!ours_ok && !theirs_ok, "byte {at}");
            }
            let mut other = msg.to_vec();
            other.push(0);
            assert!(ours.verifying_key().verify(&other, &a).is_err());
        }
    }
}

/// The engine's ES256K (`crypto::ecdsa`) takes S and n − S alike (RFC 8812 §3.2), and
/// refuses r or s of 0 or n, on keys parsed as a user pastes them.
#[test]
fn es256k_takes_high_s_and_refuses_out_of_range_scalars() {
    use crate::jose::key::{parse_key, SecretEncoding};
    use crate::jose::verify::verify_bytes;
    use crate::jose::Algorithm;

    let d = [0x42u8; 32];
    let signer = k256::ecdsa::SigningKey::from_slice(&d).unwrap();
    let point = signer.verifying_key().to_sec1_point(false);
    let jwk = format!(
        r#"{{"kty":"EC","crv":"secp256k1","x":"{}","y":"{}"}}"#,
        crate::jose::b64::encode(&point.as_bytes()[1..33]),
        crate::jose::b64::encode(&point.as_bytes()[33..])
    );
    let key = parse_key(&jwk, SecretEncoding::Utf8)
        .unwrap()
        .keys
        .remove(0);
    let msg = b"eyJhbGciOiJFUzI1NksifQ.e30";
    let low: k256::ecdsa::Signature = signer.sign(msg);
    assert!(verify_bytes(Algorithm::ES256K, &key, msg, &low.to_bytes()).is_ok());
    // n − s
    let (r, s) = low.split_scalars();
    let high = k256::ecdsa::Signature::from_scalars(*r, -*s).unwrap();
    assert_ne!(high.normalize_s(), high, "n − s is the high S");
    assert!(verify_bytes(Algorithm::ES256K, &key, msg, &high.to_bytes()).is_ok());
    let n = Secp256k1::ORDER.as_ref().to_be_bytes();
    let r_bytes = low.r().to_bytes();
    let s_bytes = low.s().to_bytes();
    for (r, s) in [
        (&[0u8; 32][..], &s_bytes[..]),
        (&r_bytes[..], &[0u8; 32][..]),
        (&n[..], &s_bytes[..]),
        (&r_bytes[..], &n[..]),
    ] {
        let sig = [r, s].concat();
        assert!(verify_bytes(Algorithm::ES256K, &key, msg, &sig).is_err());
    }
}

/// The group order n, big-endian hex (as `super::ORDER_HEX`, written out again here).
const N_HEX: &str = "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141";

/// k256's field element (not exported by name).
type K1FieldElement = <k256::Secp256k1 as elliptic_curve::hazmat::FieldArithmetic>::FieldElement;

fn u256(hex: &str) -> elliptic_curve::bigint::U256 {
    elliptic_curve::bigint::U256::from_be_hex(hex)
}

/// `Reduce` (a hash or an x-coordinate modulo n), `ReduceNonZero` (into [1, n − 1])
/// and `IsHigh` (S above n/2) at their edges — 0, 1, (n ± 1)/2, n − 2, n − 1, n,
/// n + 1, p − 1 (the largest x), 2²⁵⁶ − 1 — each against the value it must be and
/// against k256's, through both the integer and the byte-array forms.
#[test]
fn reductions_and_is_high_at_the_edges_are_k256s() {
    use elliptic_curve::bigint::{ArrayEncoding, U256};
    use elliptic_curve::ff::PrimeField;
    use elliptic_curve::ops::{Reduce, ReduceNonZero};
    use elliptic_curve::scalar::IsHigh;

    let n = u256(N_HEX);
    let half = n.shr_vartime(1); // (n − 1) / 2
    let max = U256::MAX;
    let edges = [
        U256::ZERO,
        U256::ONE,
        half,
        half.wrapping_add(&U256::ONE),
        n.wrapping_sub(&U256::from_u8(2)),
        n.wrapping_sub(&U256::ONE),
        n,
        n.wrapping_add(&U256::ONE),
        u256("fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2e"),
        u256("ffffffffffffffffffffffffffffffff00000000000000000000000000000000"),
        max.wrapping_sub(&U256::ONE),
        max,
    ];
    let bytes = |s: super::Scalar| s.to_repr().to_vec();
    let theirs_bytes = |s: k256::Scalar| s.to_repr().to_vec();
    for w in edges {
        let wb = w.to_be_byte_array();
        let label = hex::encode(wb);
        // Reduce: w mod n.
        let want = if w >= n { w.wrapping_sub(&n) } else { w };
        let ours = <super::Scalar as Reduce<U256>>::reduce(&w);
        assert_eq!(ours.to_canonical(), want, "reduce {label}");
        assert_eq!(
            bytes(<super::Scalar as Reduce<super::FieldBytes>>::reduce(&wb)),
            bytes(ours),
            "reduce bytes {label}"
        );
        assert_eq!(
            bytes(ours),
            theirs_bytes(<k256::Scalar as Reduce<U256>>::reduce(&w)),
            "reduce vs k256 {label}"
        );
        // ReduceNonZero: w mod (n − 1) + 1, never 0.
        let n1 = n.wrapping_sub(&U256::ONE);
        let want = if w >= n1 { w.wrapping_sub(&n1) } else { w }.wrapping_add(&U256::ONE);
        let ours = <super::Scalar as ReduceNonZero<U256>>::reduce_nonzero(&w);
        assert_eq!(ours.to_canonical(), want, "reduce_nonzero {label}");
        assert!(!bool::from(ours.is_zero()), "reduce_nonzero {label}");
        assert_eq!(
            bytes(<super::Scalar as ReduceNonZero<super::FieldBytes>>::reduce_nonzero(&wb)),
            bytes(ours),
            "reduce_nonzero bytes {label}"
        );
        assert_eq!(
            bytes(ours),
            theirs_bytes(<k256::Scalar as ReduceNonZero<U256>>::reduce_nonzero(&w)),
            "reduce_nonzero vs k256 {label}"
        );
        // IsHigh on the scalars below n: above (n − 1)/2.
        if w < n {
            let ours = super::Scalar::from_repr(wb).unwrap();
            let theirs = k256::Scalar::from_repr(wb).unwrap();
            assert_eq!(bool::from(ours.is_high()), w > half, "is_high {label}");
            assert_eq!(
                bool::from(ours.is_high()),
                bool::from(theirs.is_high()),
                "is_high vs k256 {label}"
            );
        } else {
            assert!(
                bool::from(super::Scalar::from_repr(wb).is_none()),
                "{label}"
            );
        }
    }
    // Spot values: n ↦ 0, 2²⁵⁶ − 1 ↦ 2²⁵⁶ − 1 − n; 0 and n − 1 ↦ 1, n − 2 ↦ n − 1.
    assert!(bool::from(
        <super::Scalar as Reduce<U256>>::reduce(&n).is_zero()
    ));
    assert_eq!(
        <super::Scalar as ReduceNonZero<U256>>::reduce_nonzero(&n.wrapping_sub(&U256::ONE)),
        super::Scalar::ONE
    );
    assert_eq!(
        <super::Scalar as ReduceNonZero<U256>>::reduce_nonzero(&U256::ZERO),
        super::Scalar::ONE
    );
    assert_eq!(
        <super::Scalar as ReduceNonZero<U256>>::reduce_nonzero(&n.wrapping_sub(&U256::from_u8(2))),
        -super::Scalar::ONE
    );
}

/// The fields' multiplicative generators (3 for p, 7 for n, k256's) are what
/// primefield's constants and square roots assume: non-residues, so the scalar
/// field's Tonelli–Shanks (S = 6) root of unity is k256's; square roots square back
/// and agree with k256 on which elements have one; inverses invert.
#[test]
fn multiplicative_generators_are_primitive_roots() {
    use elliptic_curve::ff::{Field, PrimeField};

    // The generators are primitive roots (checked with sympy's is_primitive_root over
    // p and n in the review); what the arithmetic relies on is computed here: each is
    // a non-residue (g^((m − 1)/2) = −1), ROOT_OF_UNITY = g^T is k256's, and square
    // roots and inverses work in both fields.
    let fe_g = super::FieldElement::MULTIPLICATIVE_GENERATOR;
    assert_eq!(fe_g, super::FieldElement::from_u64(3));
    let sc_g = super::Scalar::MULTIPLICATIVE_GENERATOR;
    assert_eq!(sc_g, super::Scalar::from_u64(7));
    assert_eq!(
        fe_g.to_repr().as_slice(),
        K1FieldElement::MULTIPLICATIVE_GENERATOR
            .to_repr()
            .as_slice()
    );
    assert_eq!(
        sc_g.to_repr().as_slice(),
        k256::Scalar::MULTIPLICATIVE_GENERATOR.to_repr().as_slice()
    );
    assert_eq!(super::FieldElement::S, 1);
    assert_eq!(super::Scalar::S, 6);
    assert_eq!(
        super::Scalar::ROOT_OF_UNITY.to_repr().as_slice(),
        k256::Scalar::ROOT_OF_UNITY.to_repr().as_slice()
    );
    // Legendre symbols: g^((m − 1)/2) = −1 in each field.
    let half_p = u256("7fffffffffffffffffffffffffffffffffffffffffffffffffffffff7ffffe17");
    let half_n = u256("7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0");
    assert_eq!(fe_g.pow_vartime(&half_p), -super::FieldElement::ONE);
    assert_eq!(sc_g.pow_vartime(&half_n), -super::Scalar::ONE);
    // sqrt in both fields: squares have roots that square back, non-residues none.
    for i in 1u64..200 {
        let a = super::FieldElement::from_u64(i);
        let r = Option::<super::FieldElement>::from(a.sqrt());
        assert_eq!(
            r.is_some(),
            bool::from(K1FieldElement::from(i).sqrt().is_some())
        );
        if let Some(r) = r {
            assert_eq!(r.square(), a, "field sqrt {i}");
        }
        let b = super::Scalar::from_u64(i);
        let r = Option::<super::Scalar>::from(b.sqrt());
        assert_eq!(
            r.is_some(),
            bool::from(k256::Scalar::from(i).sqrt().is_some())
        );
        if let Some(r) = r {
            assert_eq!(r.square(), b, "scalar sqrt {i}");
        }
        assert_eq!(
            Option::<super::FieldElement>::from(a.invert()).map(|x| x * a),
            Some(super::FieldElement::ONE)
        );
        assert_eq!(
            Option::<super::Scalar>::from(b.invert()).map(|x| x * b),
            Some(super::Scalar::ONE)
        );
    }
}

/// A JWK for the engine's parser from an uncompressed SEC1 point.
fn jwk_of(point: &[u8]) -> String {
    format!(
        r#"{{"kty":"EC","crv":"secp256k1","x":"{}","y":"{}"}}"#,
        crate::jose::b64::encode(&point[1..33]),
        crate::jose::b64::encode(&point[33..65])
    )
}

/// The engine's key from an uncompressed SEC1 point (through its JWK parser).
fn engine_key(point: &[u8]) -> crate::jose::key::Key {
    use crate::jose::key::{parse_key, SecretEncoding};
    parse_key(&jwk_of(point), SecretEncoding::Utf8)
        .unwrap()
        .keys
        .remove(0)
}

/// The first point R whose x is `start` + i (i ≥ 0), with x³ + 7 a square.
fn point_at_or_after(start: elliptic_curve::bigint::U256) -> super::AffinePoint {
    use elliptic_curve::bigint::{ArrayEncoding, U256};
    use elliptic_curve::ff::{Field, PrimeField};
    use elliptic_curve::point::AffineCoordinates;
    for i in 0u64..1000 {
        let x = start.wrapping_add(&U256::from_u64(i));
        let Some(xf) = Option::<super::FieldElement>::from(super::FieldElement::from_repr(
            x.to_be_byte_array(),
        )) else {
            continue;
        };
        let rhs = xf.square() * xf + super::FieldElement::from_u64(7);
        if let Some(y) = Option::<super::FieldElement>::from(rhs.sqrt()) {
            return Option::from(super::AffinePoint::from_coordinates(
                &xf.to_repr(),
                &y.to_repr(),
            ))
            .unwrap();
        }
    }
    panic!("no point found")
}

/// The public key Q for which (r, s) signs `msg` with nonce point R (public-key
/// recovery: Q = r⁻¹(sR − zG)), as uncompressed SEC1 bytes.
fn key_for(r: super::Scalar, s: super::Scalar, big_r: super::AffinePoint, msg: &[u8]) -> Vec<u8> {
    use elliptic_curve::ops::Reduce;
    use sha2::Digest;
    let z = <super::Scalar as Reduce<super::FieldBytes>>::reduce(&sha2::Sha256::digest(msg));
    let r_inv = Option::<super::Scalar>::from(r.invert()).unwrap();
    let q = (ProjectivePoint::from(big_r) * s - ProjectivePoint::generator() * z) * r_inv;
    q.to_affine().to_sec1_point(false).as_bytes().to_vec()
}

/// r is x(R) mod n (SEC 1 §4.1.4 step 6; Wycheproof's "k*G has a large x-coordinate"):
/// for an R whose x is at or above n (possible, as p > n, for 1 point in ~2¹²⁸), the
/// engine must reduce x before comparing. A signature built on such an R (with the
/// key recovered for it) verifies through the engine (JWK and SPKI) and through
/// k256; r + 1 does not. And r = x + n for an R with a small x (r ≡ x mod n but not
/// below n) is refused, though r mod n would match.
#[test]
fn r_is_x_reduced_mod_n() {
    use crate::jose::verify::verify_bytes;
    use crate::jose::Algorithm;
    use elliptic_curve::bigint::{ArrayEncoding, U256};
    use elliptic_curve::ff::PrimeField;
    use elliptic_curve::ops::Reduce;
    use elliptic_curve::point::AffineCoordinates;

    let n = u256(N_HEX);
    let msg = b"eyJhbGciOiJFUzI1NksifQ.eyJyIjoieCBtb2QgbiJ9";
    let s = super::Scalar::from_u64(0x1234_5678_9abc);

    // x(R) > n: r = x − n, a small number (x = n itself is a point, whose r would
    // be 0: no signature).
    assert!(point_at_or_after(n).x() == n.to_be_byte_array());
    let big_r = point_at_or_after(n.wrapping_add(&U256::ONE));
    let x = U256::from_be_byte_array(big_r.x());
    assert!(x > n);
    let r = <super::Scalar as Reduce<U256>>::reduce(&x);
    assert_eq!(r.to_canonical(), x.wrapping_sub(&n));
    let q = key_for(r, s, big_r, msg);
    let sig = [r.to_repr().to_vec(), s.to_repr().to_vec()].concat();
    let key = engine_key(&q);
    assert!(verify_bytes(Algorithm::ES256K, &key, msg, &sig).is_ok());
    let theirs = k256::ecdsa::VerifyingKey::from_sec1_bytes(&q).unwrap();
    let their_sig = k256::ecdsa::Signature::from_slice(&sig).unwrap();
    assert!(theirs.verify(msg, &their_sig).is_ok());
    // The same key from an SPKI PEM (the engine's own SEC1 decoder).
    let spki = crate::jose::key::parse_key(
        &elliptic_curve::pkcs8::EncodePublicKey::to_public_key_pem(
            &super::PublicKey::from_sec1_bytes(&q).unwrap(),
            elliptic_curve::pkcs8::LineEnding::LF,
        )
        .unwrap(),
        crate::jose::key::SecretEncoding::Utf8,
    )
    .unwrap()
    .keys
    .remove(0);
    assert!(verify_bytes(Algorithm::ES256K, &spki, msg, &sig).is_ok());
    // r + 1 and the unreduced x itself (≥ n, out of range) are refused.
    let wrong = [
        (r + super::Scalar::ONE).to_repr().to_vec(),
        s.to_repr().to_vec(),
    ]
    .concat();
    assert!(verify_bytes(Algorithm::ES256K, &key, msg, &wrong).is_err());
    let unreduced = [big_r.x().to_vec(), s.to_repr().to_vec()].concat();
    assert!(verify_bytes(Algorithm::ES256K, &key, msg, &unreduced).is_err());

    // x(R) small: r = x verifies, r = x + n (≡ x mod n, below p, not below n) does not.
    let small = point_at_or_after(U256::from_u8(1));
    let x = U256::from_be_byte_array(small.x());
    let r = <super::Scalar as Reduce<U256>>::reduce(&x);
    assert_eq!(r.to_canonical(), x);
    let q = key_for(r, s, small, msg);
    let key = engine_key(&q);
    let sig = [r.to_repr().to_vec(), s.to_repr().to_vec()].concat();
    assert!(verify_bytes(Algorithm::ES256K, &key, msg, &sig).is_ok());
    let plus_n = [
        x.wrapping_add(&n).to_be_byte_array().to_vec(),
        s.to_repr().to_vec(),
    ]
    .concat();
    assert!(verify_bytes(Algorithm::ES256K, &key, msg, &plus_n).is_err());
    // And s + n (≡ s mod n) likewise.
    let s_plus_n = [
        r.to_repr().to_vec(),
        s.to_canonical()
            .wrapping_add(&n)
            .to_be_byte_array()
            .to_vec(),
    ]
    .concat();
    assert!(verify_bytes(Algorithm::ES256K, &key, msg, &s_plus_n).is_err());
}

/// A signature whose u1·G + u2·Q is the identity (z = −r·d) has no x to compare: the
/// complete formulas give the identity, and both verifiers refuse it rather than
/// reading its (0 or garbage) x as r. Prehashed, to choose z.
#[test]
fn identity_nonce_point_is_refused() {
    use ::ecdsa::signature::hazmat::PrehashVerifier;
    use elliptic_curve::ff::PrimeField;

    for d in scalars() {
        let ours = ecdsa::SigningKey::from_slice(&d).unwrap();
        let theirs = k256::ecdsa::SigningKey::from_slice(&d).unwrap();
        let d_scalar = super::Scalar::from_repr(d.into()).unwrap();
        for (r, s) in [(1u64, 1u64), (7, 0x1234), (0xdead_beef, 3)] {
            let r = super::Scalar::from_u64(r);
            let s = super::Scalar::from_u64(s);
            let z = -(r * d_scalar);
            let u1 = z * Option::<super::Scalar>::from(s.invert()).unwrap();
            let u2 = r * Option::<super::Scalar>::from(s.invert()).unwrap();
            let sum = ProjectivePoint::generator() * u1 + ours.verifying_key().as_affine() * u2;
            assert!(bool::from(sum.is_identity()));
            let sig = [r.to_repr().to_vec(), s.to_repr().to_vec()].concat();
            let our_sig = ecdsa::Signature::from_slice(&sig).unwrap();
            let their_sig = k256::ecdsa::Signature::from_slice(&sig).unwrap();
            let prehash = z.to_repr();
            assert!(ours
                .verifying_key()
                .verify_prehash(&prehash, &our_sig)
                .is_err());
            assert!(theirs
                .verifying_key()
                .verify_prehash(&prehash, &their_sig)
                .is_err());
        }
    }
}

/// Invalid-curve points are refused wherever a secp256k1 public key is read: points
/// of small order on y² = x³ + c for c ≠ 7 (the curves the formulas, which never use
/// b in addition, would compute on) in a JWK and in an SPKI, a compressed x with no
/// point, coordinates at or above p, and the SEC1 point at infinity.
#[test]
fn invalid_curve_points_are_refused() {
    use crate::jose::key::{parse_key, SecretEncoding};
    use elliptic_curve::bigint::{ArrayEncoding, U256};
    use elliptic_curve::ff::{Field, PrimeField};

    let p_hex = "fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2f";
    let be = |v: U256| v.to_be_byte_array().to_vec();
    let p = u256(p_hex);
    let minus_one = p.wrapping_sub(&U256::ONE);
    let spki = |point: &[u8]| {
        let mut der = hex::decode(if point.len() == 65 {
            "3056301006072a8648ce3d020106052b8104000a034200"
        } else if point.len() == 33 {
            "3036301006072a8648ce3d020106052b8104000a032200"
        } else {
            "3014301006072a8648ce3d020106052b8104000a030200"
        })
        .unwrap();
        der.extend_from_slice(point);
        format!(
            "-----BEGIN PUBLIC KEY-----\n{}\n-----END PUBLIC KEY-----\n",
            crate::jose::b64::encode_standard(&der)
        )
    };
    let refused = |text: &str| parse_key(text, SecretEncoding::Utf8).is_err();
    // A valid key in both containers, to show the containers are right.
    let good = SecretKey::from_slice(&[0x42; 32])
        .unwrap()
        .public_key()
        .to_sec1_point(false)
        .as_bytes()
        .to_vec();
    assert!(!refused(&jwk_of(&good)));
    assert!(!refused(&spki(&good)));
    assert!(!refused(&spki(
        &good[..33]
            .iter()
            .enumerate()
            .map(|(i, b)| if i == 0 { 2 | (good[64] & 1) } else { *b })
            .collect::<Vec<_>>()
    )));
    // (0, 1) and (2, 3) on y² = x³ + 1 (orders 3 and 6), (−1, 0) on it (order 2),
    // (0, 0) and (1, 1) on y² = x³ + 0, and (0, √c) on y² = x³ + c for other c.
    let mut bad_points: Vec<(U256, U256)> = vec![
        (U256::ZERO, U256::ONE),
        (U256::from_u8(2), U256::from_u8(3)),
        (minus_one, U256::ZERO),
        (U256::ZERO, U256::ZERO),
        (U256::ONE, U256::ONE),
    ];
    for c in [2u64, 3, 4, 5, 6, 8, 9] {
        let root = Option::<super::FieldElement>::from(super::FieldElement::from_u64(c).sqrt());
        if let Some(y) = root {
            bad_points.push((U256::ZERO, U256::from_be_byte_array(y.to_repr())));
        }
    }
    for (x, y) in bad_points {
        let point = [vec![4], be(x), be(y)].concat();
        assert!(refused(&jwk_of(&point)), "JWK {}", hex::encode(&point));
        assert!(refused(&spki(&point)), "SPKI {}", hex::encode(&point));
    }
    // x + p, y + p of a valid point (the same point mod p): refused, not reduced.
    let x = U256::from_be_slice(&good[1..33]);
    let y = U256::from_be_slice(&good[33..]);
    let (xp, x_overflow) = x.carrying_add(&p, elliptic_curve::bigint::Limb::ZERO);
    let (yp, y_overflow) = y.carrying_add(&p, elliptic_curve::bigint::Limb::ZERO);
    if x_overflow.0 == 0 {
        let point = [vec![4], be(xp), be(y)].concat();
        assert!(refused(&jwk_of(&point)) && refused(&spki(&point)));
    }
    if y_overflow.0 == 0 {
        let point = [vec![4], be(x), be(yp)].concat();
        assert!(refused(&jwk_of(&point)) && refused(&spki(&point)));
    }
    // Compressed x with no point (x³ + 7 not a square), both tags; the identity.
    let mut no_point = 0;
    for i in 0u64..40 {
        let xf = super::FieldElement::from_u64(i);
        if bool::from(
            (xf.square() * xf + super::FieldElement::from_u64(7))
                .sqrt()
                .is_none(),
        ) {
            for tag in [2u8, 3] {
                let point = [vec![tag], xf.to_repr().to_vec()].concat();
                assert!(refused(&spki(&point)), "compressed x = {i}");
            }
            no_point += 1;
        }
    }
    assert!(no_point > 5);
    assert!(refused(&spki(&[0])), "the point at infinity");
}

/// Private keys through the engine's parser and exporters, against k256 on the same
/// scalar and against OpenSSL's own files: a PKCS#8 PEM, a SEC1 PEM and a JWK `d`
/// written by k256 are read as the same key; the engine's PKCS#8 and SPKI exports
/// are k256's byte for byte (and OpenSSL's for its fixture key); the private JWK reads
/// back; and the engine's ES256K signature (`crypto::sign`) is k256's RFC 6979 one.
#[test]
fn private_keys_round_trip_and_export_as_k256_and_openssl() {
    use crate::jose::key::{
        parse_key, pkcs8_pem, private_jwk, spki_pem, KeyMaterial, PrivateKey, SecretEncoding,
    };
    use crate::jose::Algorithm;
    use elliptic_curve::pkcs8::{EncodePrivateKey, EncodePublicKey, LineEnding};

    let one = |text: &str| {
        parse_key(text, SecretEncoding::Utf8)
            .unwrap_or_else(|e| panic!("{e:?}\n{text}"))
            .keys
            .remove(0)
    };
    let scalar_of = |key: &crate::jose::key::Key| match &key.material {
        KeyMaterial::Private(PrivateKey::Secp256k1(k)) => k.to_bytes().to_vec(),
        other => panic!("not a secp256k1 private key: {other:?}"),
    };
    let input = b"eyJhbGciOiJFUzI1NksifQ.eyJzdWIiOiJrMjU2In0";
    for d in scalars() {
        let theirs = k256::SecretKey::from_slice(&d).unwrap();
        let ours = SecretKey::from_slice(&d).unwrap();
        let pkcs8 = theirs.to_pkcs8_pem(LineEnding::LF).unwrap().to_string();
        assert_eq!(
            ours.to_pkcs8_pem(LineEnding::LF).unwrap().as_str(),
            pkcs8.as_str()
        );
        let spki = theirs
            .public_key()
            .to_public_key_pem(LineEnding::LF)
            .unwrap();
        let sec1 = theirs.to_sec1_pem(LineEnding::LF).unwrap().to_string();
        let point = theirs.public_key().to_sec1_point(false).as_bytes().to_vec();
        let jwk = format!(
            r#"{{"kty":"EC","crv":"secp256k1","x":"{}","y":"{}","d":"{}"}}"#,
            crate::jose::b64::encode(&point[1..33]),
            crate::jose::b64::encode(&point[33..]),
            crate::jose::b64::encode(&d)
        );
        for text in [&pkcs8, &sec1, &jwk] {
            let key = one(text);
            assert_eq!(scalar_of(&key), d.to_vec(), "{text}");
            assert_eq!(pkcs8_pem(&key).unwrap(), pkcs8, "{text}");
            assert_eq!(spki_pem(&key).unwrap(), spki, "{text}");
            let back = one(&private_jwk(&key).unwrap().to_string());
            assert_eq!(scalar_of(&back), d.to_vec());
            let signed =
                crate::jose::crypto::sign(Algorithm::ES256K, &key.material, input).unwrap();
            let k: k256::ecdsa::Signature =
                k256::ecdsa::SigningKey::from(theirs.clone()).sign(input);
            assert_eq!(signed, k.to_bytes().to_vec(), "{text}");
            assert!(!crate::jose::crypto::ecdsa_high_s(
                Algorithm::ES256K,
                &signed
            ));
            assert!(
                crate::jose::crypto::verify(Algorithm::ES256K, &key.material, input, &signed)
                    .is_ok()
            );
        }
    }
    // OpenSSL's fixture key: read and written back as OpenSSL wrote it.
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors/keys");
    let read = |name: &str| std::fs::read_to_string(dir.join(name)).unwrap();
    let from_openssl = one(&read("secp256k1.pkcs8.pem"));
    assert_eq!(
        pkcs8_pem(&from_openssl).unwrap(),
        read("secp256k1.pkcs8.pem")
    );
    assert_eq!(spki_pem(&from_openssl).unwrap(), read("secp256k1.spki.pem"));
    let from_sec1 = one(&read("secp256k1.sec1.pem"));
    assert_eq!(pkcs8_pem(&from_sec1).unwrap(), read("secp256k1.pkcs8.pem"));
    // A JWK d that is not a scalar (0, n, above n) is refused.
    let point = SecretKey::from_slice(&[0x42; 32])
        .unwrap()
        .public_key()
        .to_sec1_point(false)
        .as_bytes()
        .to_vec();
    for d in [
        [0u8; 32].to_vec(),
        hex::decode(N_HEX).unwrap(),
        [0xffu8; 32].to_vec(),
    ] {
        let jwk = format!(
            r#"{{"kty":"EC","crv":"secp256k1","x":"{}","y":"{}","d":"{}"}}"#,
            crate::jose::b64::encode(&point[1..33]),
            crate::jose::b64::encode(&point[33..]),
            crate::jose::b64::encode(&d)
        );
        assert!(
            parse_key(&jwk, SecretEncoding::Utf8).is_err(),
            "d = {}",
            hex::encode(&d)
        );
    }
}
