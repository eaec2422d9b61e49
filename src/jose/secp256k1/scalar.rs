//! The scalar field of secp256k1: integers modulo the group order n (SEC 2 v2
//! §2.4.1), in Montgomery form on crypto-bigint's generic arithmetic, with the
//! reductions ECDSA needs (a hash or an x-coordinate taken modulo n).

// primefield 0.14's `monty_field_params!` calls crypto-bigint's `Uint::bits`, which
// 0.7.11 deprecates for `bit_width` (the same function renamed); a lint attribute on
// the macro's call is not applied, so it is allowed for this file.
#![allow(deprecated)]

use elliptic_curve::bigint::{ArrayEncoding, Limb, U256};
use elliptic_curve::ff::PrimeField;
use elliptic_curve::ops::{Reduce, ReduceNonZero};
use elliptic_curve::scalar::{FromUintUnchecked, IsHigh};
// With what the field macros' expansions use.
use elliptic_curve::subtle::{
    Choice, ConditionallySelectable, ConstantTimeEq, ConstantTimeGreater, CtOption,
};
use elliptic_curve::Curve as _;
use primeorder::wnaf;

use super::{FieldBytes, Secp256k1, ORDER_HEX};

primefield::monty_field_params! {
    name: ScalarParams,
    modulus: ORDER_HEX,
    uint: U256,
    byte_order: primefield::ByteOrder::BigEndian,
    multiplicative_generator: 7,
    doc: "Montgomery parameters for secp256k1's group order n."
}

primefield::monty_field_element! {
    name: Scalar,
    params: ScalarParams,
    uint: U256,
    doc: "An element of secp256k1's scalar field (modulo the group order n)."
}

primefield::monty_field_arithmetic! {
    name: Scalar,
    params: ScalarParams,
    uint: U256
}

elliptic_curve::scalar_impls!(Secp256k1, Scalar);

wnaf::impl_wnaf_size_for_scalar!(Scalar);

impl AsRef<Scalar> for Scalar {
    fn as_ref(&self) -> &Scalar {
        self
    }
}

impl FromUintUnchecked for Scalar {
    type Uint = U256;

    fn from_uint_unchecked(uint: U256) -> Self {
        Self::from_uint_unchecked(uint)
    }
}

impl IsHigh for Scalar {
    /// Above n/2: the S that Bitcoin's low-S rule (BIP 62) replaces by n − S.
    fn is_high(&self) -> Choice {
        const HALF_ORDER: U256 = Secp256k1::ORDER.as_ref().shr_vartime(1);
        self.to_canonical().ct_gt(&HALF_ORDER)
    }
}

/// `w − m` when `w ≥ m`, else `w`, in constant time (one subtraction, selected on its
/// borrow): `w mod m` for any `w` below `2m`.
fn minus_if_at_least(w: &U256, m: &U256) -> U256 {
    let (r, borrow) = w.borrowing_sub(m, Limb::ZERO);
    let underflow = Choice::from((borrow.0 >> (Limb::BITS - 1)) as u8);
    U256::conditional_select(w, &r, !underflow)
}

impl Reduce<U256> for Scalar {
    /// One conditional subtraction: every 256-bit integer is below 2n.
    fn reduce(w: &U256) -> Self {
        Self::from_uint_unchecked(minus_if_at_least(w, &Secp256k1::ORDER))
    }
}

impl Reduce<FieldBytes> for Scalar {
    fn reduce(bytes: &FieldBytes) -> Self {
        Self::reduce(&U256::from_be_byte_array(*bytes))
    }
}

impl ReduceNonZero<U256> for Scalar {
    /// Into [1, n − 1]: `w mod (n − 1) + 1`, one conditional subtraction.
    fn reduce_nonzero(w: &U256) -> Self {
        const ORDER_MINUS_ONE: U256 = Secp256k1::ORDER.as_ref().wrapping_sub(&U256::ONE);
        Self::from_uint_unchecked(minus_if_at_least(w, &ORDER_MINUS_ONE).wrapping_add(&U256::ONE))
    }
}

impl ReduceNonZero<FieldBytes> for Scalar {
    fn reduce_nonzero(bytes: &FieldBytes) -> Self {
        Self::reduce_nonzero(&U256::from_be_byte_array(*bytes))
    }
}
