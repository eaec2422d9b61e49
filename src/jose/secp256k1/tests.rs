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
