//! The base field of secp256k1: integers modulo p = 2²⁵⁶ − 2³² − 977 (SEC 2 v2
//! §2.4.1), in Montgomery form on crypto-bigint's generic arithmetic (primefield's
//! macros, as p384 builds its field).

// primefield 0.14's `monty_field_params!` calls crypto-bigint's `Uint::bits`, which
// 0.7.11 deprecates for `bit_width` (the same function renamed); a lint attribute on
// the macro's call is not applied, so it is allowed for this file.
#![allow(deprecated)]

use elliptic_curve::bigint::U256;
use elliptic_curve::ff::PrimeField;
use elliptic_curve::ops::BatchInvert;
// Names the field macros' expansions use.
use elliptic_curve::subtle::{Choice, ConstantTimeEq, CtOption};

const MODULUS_HEX: &str = "fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2f";

primefield::monty_field_params! {
    name: FieldParams,
    modulus: MODULUS_HEX,
    uint: U256,
    byte_order: primefield::ByteOrder::BigEndian,
    multiplicative_generator: 3,
    doc: "Montgomery parameters for secp256k1's field modulus p = 2²⁵⁶ − 2³² − 977."
}

primefield::monty_field_element! {
    name: FieldElement,
    params: FieldParams,
    uint: U256,
    doc: "An element of secp256k1's base field (modulo p = 2²⁵⁶ − 2³² − 977)."
}

primefield::monty_field_arithmetic! {
    name: FieldElement,
    params: FieldParams,
    uint: U256
}

impl BatchInvert for FieldElement {}
