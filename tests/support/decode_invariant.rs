//! The decode invariant, shared by the property tests (`tests/robustness.rs`) and the
//! fuzzers (`fuzz/src/lib.rs`, through `#[path]`): a decode with no problems is a JWS
//! with an object header, a usable `alg` and a non-empty signature.

use jwtscope::jose::decode::{Decoded, TokenForm};

/// Panics (naming `input`) if `d` has no problems but is not a well-formed JWS.
pub fn assert_problems_unless_well_formed(input: &str, d: &Decoded) {
    if d.problems.is_empty() {
        assert_eq!(
            d.form,
            TokenForm::Jws,
            "no problems but not a JWS: {input:?}"
        );
        assert!(
            d.header_object().is_some(),
            "no problems but no header object: {input:?}"
        );
        assert!(d.alg().is_ok(), "no problems but no usable alg: {input:?}");
        assert!(
            d.signature.as_ref().is_some_and(|s| !s.is_empty()),
            "no problems but no signature: {input:?}"
        );
    }
}
