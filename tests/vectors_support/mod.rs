//! Support for `tests/vectors.rs`: one module per kind of vector file.

/// Loading files, verification options, descriptions for failure lines.
pub mod common;
/// Wycheproof's JOSE files through the public token API.
pub mod jose_sets;
/// Wycheproof's primitive files through the verifier's crypto step.
pub mod primitives;
/// RFC 7515 Appendix A and the RFC 7520 cookbook.
pub mod rfc;
/// Per-file counts and the summary line.
pub mod tally;
