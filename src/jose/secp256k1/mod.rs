//! secp256k1 (SEC 2 v2 §2.4.1; ES256K, RFC 8812 §3.2) on the same generic
//! arithmetic as P-384 and P-521: primeorder's complete point formulas for a = 0
//! (Renes–Costello–Batina 2015, algorithms 7–9) over fields built by primefield's
//! macros on crypto-bigint. The curve is only its parameters here; every operation
//! (the ECDSA of `ecdsa::hazmat`, RFC 6979 nonces, SEC1 and PKCS#8 encodings) is the
//! RustCrypto crates' generic code, which the page links already for the NIST
//! curves.
//!
//! Why not the k256 crate: its arithmetic is specialised and `inline(always)` (one
//! point addition compiled to 18 KB of wasm), 40 KB of the page's module for one
//! algorithm (docs/BENCHMARKS.md, "secp256k1 on the generic arithmetic"). The
//! generic formulas are slower: a third of k256's speed (510–730 checks a second with
//! the page's profile in Node, 1.2k in the page's own A/B), for a rare algorithm
//! in JWTs. k256 stays a dev-dependency, the oracle the tests hold this curve to
//! (same keys, same points, same RFC 6979 signatures).

mod field;
mod scalar;

use elliptic_curve::bigint::{Odd, U256};
use elliptic_curve::consts::U32;
use elliptic_curve::{CurveArithmetic, PrimeCurveArithmetic};
use primeorder::{point_arithmetic, PrimeCurveParams};

pub use field::FieldElement;
pub use scalar::Scalar;

/// The group order n.
const ORDER_HEX: &str = "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141";

/// The secp256k1 curve: y² = x³ + 7 over the field of p = 2²⁵⁶ − 2³² − 977.
#[derive(Copy, Clone, Debug, Default, Eq, PartialEq, PartialOrd, Ord)]
pub struct Secp256k1;

impl elliptic_curve::Curve for Secp256k1 {
    type FieldBytesSize = U32;
    type Uint = U256;
    const ORDER: Odd<U256> = Odd::<U256>::from_be_hex(ORDER_HEX);
}

impl elliptic_curve::PrimeCurve for Secp256k1 {}

impl elliptic_curve::point::PointCompression for Secp256k1 {
    /// Written uncompressed (JWK and SPKI both carry x and y).
    const COMPRESS_POINTS: bool = false;
}

impl elliptic_curve::point::PointCompaction for Secp256k1 {
    const COMPACT_POINTS: bool = false;
}

impl elliptic_curve::pkcs8::AssociatedOid for Secp256k1 {
    /// `secp256k1` (SEC 2 v2 §A.2.1): 1.3.132.0.10.
    const OID: elliptic_curve::pkcs8::ObjectIdentifier =
        elliptic_curve::pkcs8::ObjectIdentifier::new_unwrap("1.3.132.0.10");
}

impl CurveArithmetic for Secp256k1 {
    type AffinePoint = AffinePoint;
    type ProjectivePoint = ProjectivePoint;
    type Scalar = Scalar;
}

impl elliptic_curve::hazmat::FieldArithmetic for Secp256k1 {
    type FieldElement = FieldElement;
}

impl PrimeCurveArithmetic for Secp256k1 {
    type CurveGroup = ProjectivePoint;
}

impl PrimeCurveParams for Secp256k1 {
    type PointArithmetic = point_arithmetic::EquationAIsZero;
    type Backend = primeorder::mul_backend::VariableOnly;

    const EQUATION_A: FieldElement = FieldElement::ZERO;
    const EQUATION_B: FieldElement = FieldElement::from_u64(7);
    const GENERATOR: (FieldElement, FieldElement) = (
        FieldElement::from_hex_vartime(
            "79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798",
        ),
        FieldElement::from_hex_vartime(
            "483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8",
        ),
    );
}

impl ::ecdsa::EcdsaCurve for Secp256k1 {
    /// Signatures are written with a low S (n − S when S > n/2), as k256 writes
    /// them and as Bitcoin-derived verifiers require (BIP 62); verification takes
    /// either (RFC 8812 §3.2 does not require low S, see `crypto::ecdsa`).
    const NORMALIZE_S: bool = true;
}

impl ::ecdsa::DigestAlgorithm for Secp256k1 {
    type Digest = sha2::Sha256;
}

/// A point in affine coordinates.
pub type AffinePoint = primeorder::AffinePoint<Secp256k1>;
/// A point in projective coordinates.
pub type ProjectivePoint = primeorder::ProjectivePoint<Secp256k1>;
/// A field element's big-endian bytes.
pub type FieldBytes = elliptic_curve::FieldBytes<Secp256k1>;
/// A public key: a point other than the identity.
pub type PublicKey = elliptic_curve::PublicKey<Secp256k1>;
/// A private scalar in [1, n − 1].
pub type SecretKey = elliptic_curve::SecretKey<Secp256k1>;

/// ECDSA on secp256k1 (the names k256 gives them).
pub mod ecdsa {
    use super::Secp256k1;
    /// r‖s, each in [1, n − 1].
    pub type Signature = ::ecdsa::Signature<Secp256k1>;
    /// A private key that signs (RFC 6979 nonces).
    pub type SigningKey = ::ecdsa::SigningKey<Secp256k1>;
    /// A public key that verifies.
    pub type VerifyingKey = ::ecdsa::VerifyingKey<Secp256k1>;
}

#[cfg(test)]
mod tests;
