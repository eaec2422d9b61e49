//! Third-party test vectors, run through jwtscope's public API.
//!
//! Data: `tests/vectors/` (copied unchanged; sources, commits and licences in
//! `tests/vectors/PROVENANCE.md`). One `#[test]` per file, so a failure names its
//! file; each prints `file: N passed, M failed, K skipped (reason…)` — run with
//! `cargo test --test vectors -- --nocapture --test-threads=1` to see every line,
//! unmixed. A case that does not apply to JWS is skipped with its reason in code and
//! in that line; a case whose label jwtscope deliberately disagrees with is listed by
//! tcId with why (`DISAGREEMENTS` in `vectors_support/jose_sets.rs` and
//! `vectors_support/primitives.rs`). The counts of each Wycheproof file must add up to
//! its `numberOfTests`.
//!
//! - Wycheproof primitives (HMAC, RSA PKCS#1 v1.5, RSA-PSS, ECDSA, Ed25519; secp256k1
//!   from the k256 crate's packing of them, `wycheproof-k256/`): key via
//!   `key::parse_key`, then the verifier's own steps (`Key::check_for`,
//!   `crypto::verify`) on the message — see `vectors_support/primitives.rs`.
//! - Wycheproof JOSE files: `decode_unverified` → `parse_key` → `verify::verify`.
//! - RFC 7515 Appendix A, RFC 7520 cookbook, RFC 8037, RFC 7797: verify, and re-sign
//!   the deterministic ones byte for byte with `sign::sign_parts`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod vectors_support;

use vectors_support::{jose_sets, primitives, rfc};

/// One `#[test]` per vector file: `name => runner("relative/path.json")`.
macro_rules! vector_tests {
    ($($name:ident => $runner:path, $file:literal;)*) => {
        $(
            #[test]
            fn $name() {
                $runner($file);
            }
        )*
    };
}

// --- Wycheproof: HMAC (HS256/384/512) ---
vector_tests! {
    wycheproof_hmac_sha256 => primitives::hmac, "wycheproof/hmac_sha256_test.json";
    wycheproof_hmac_sha384 => primitives::hmac, "wycheproof/hmac_sha384_test.json";
    wycheproof_hmac_sha512 => primitives::hmac, "wycheproof/hmac_sha512_test.json";
}

// --- Wycheproof: RSASSA-PKCS1-v1_5 (RS256/384/512) ---
vector_tests! {
    wycheproof_rsa_2048_sha256 => primitives::rsa_pkcs1, "wycheproof/rsa_signature_2048_sha256_test.json";
    wycheproof_rsa_2048_sha384 => primitives::rsa_pkcs1, "wycheproof/rsa_signature_2048_sha384_test.json";
    wycheproof_rsa_2048_sha512 => primitives::rsa_pkcs1, "wycheproof/rsa_signature_2048_sha512_test.json";
    wycheproof_rsa_3072_sha256 => primitives::rsa_pkcs1, "wycheproof/rsa_signature_3072_sha256_test.json";
    wycheproof_rsa_3072_sha384 => primitives::rsa_pkcs1, "wycheproof/rsa_signature_3072_sha384_test.json";
    wycheproof_rsa_3072_sha512 => primitives::rsa_pkcs1, "wycheproof/rsa_signature_3072_sha512_test.json";
    wycheproof_rsa_4096_sha256 => primitives::rsa_pkcs1, "wycheproof/rsa_signature_4096_sha256_test.json";
    wycheproof_rsa_4096_sha384 => primitives::rsa_pkcs1, "wycheproof/rsa_signature_4096_sha384_test.json";
    wycheproof_rsa_4096_sha512 => primitives::rsa_pkcs1, "wycheproof/rsa_signature_4096_sha512_test.json";
}

// --- Wycheproof: RSASSA-PSS (PS256/384/512) ---
vector_tests! {
    wycheproof_pss_2048_sha256_mgf1_0 => primitives::rsa_pss, "wycheproof/rsa_pss_2048_sha256_mgf1_0_test.json";
    wycheproof_pss_2048_sha256_mgf1_32 => primitives::rsa_pss, "wycheproof/rsa_pss_2048_sha256_mgf1_32_test.json";
    wycheproof_pss_2048_sha384_mgf1_48 => primitives::rsa_pss, "wycheproof/rsa_pss_2048_sha384_mgf1_48_test.json";
    wycheproof_pss_3072_sha256_mgf1_32 => primitives::rsa_pss, "wycheproof/rsa_pss_3072_sha256_mgf1_32_test.json";
    wycheproof_pss_4096_sha256_mgf1_32 => primitives::rsa_pss, "wycheproof/rsa_pss_4096_sha256_mgf1_32_test.json";
    wycheproof_pss_4096_sha384_mgf1_48 => primitives::rsa_pss, "wycheproof/rsa_pss_4096_sha384_mgf1_48_test.json";
    wycheproof_pss_4096_sha512_mgf1_32 => primitives::rsa_pss, "wycheproof/rsa_pss_4096_sha512_mgf1_32_test.json";
    wycheproof_pss_4096_sha512_mgf1_64 => primitives::rsa_pss, "wycheproof/rsa_pss_4096_sha512_mgf1_64_test.json";
    wycheproof_pss_misc => primitives::rsa_pss, "wycheproof/rsa_pss_misc_test.json";
}

// --- Wycheproof: ECDSA, r‖s (ES256/384/512) and DER (must all be refused) ---
vector_tests! {
    wycheproof_ecdsa_p256_p1363 => primitives::ecdsa_p1363, "wycheproof/ecdsa_secp256r1_sha256_p1363_test.json";
    wycheproof_ecdsa_p384_p1363 => primitives::ecdsa_p1363, "wycheproof/ecdsa_secp384r1_sha384_p1363_test.json";
    wycheproof_ecdsa_p521_p1363 => primitives::ecdsa_p1363, "wycheproof/ecdsa_secp521r1_sha512_p1363_test.json";
    wycheproof_ecdsa_p256_der => primitives::ecdsa_der, "wycheproof/ecdsa_secp256r1_sha256_test.json";
    wycheproof_ecdsa_p384_der => primitives::ecdsa_der, "wycheproof/ecdsa_secp384r1_sha384_test.json";
    wycheproof_ecdsa_p521_der => primitives::ecdsa_der, "wycheproof/ecdsa_secp521r1_sha512_test.json";
}

// --- Wycheproof: ECDSA on secp256k1 (ES256K), as the k256 crate packs it ---
#[test]
fn wycheproof_ecdsa_secp256k1_p1363() {
    primitives::ecdsa_secp256k1_blobby("wycheproof-k256/wycheproof-p1316.blb", false);
}

#[test]
fn wycheproof_ecdsa_secp256k1_der() {
    primitives::ecdsa_secp256k1_blobby("wycheproof-k256/wycheproof.blb", true);
}

// --- Wycheproof: Ed25519 (EdDSA) ---
vector_tests! {
    wycheproof_ed25519 => primitives::ed25519, "wycheproof/ed25519_test.json";
}

// --- Wycheproof: JOSE, through decode → parse_key → verify ---
vector_tests! {
    wycheproof_json_web_signature => jose_sets::run, "wycheproof/json_web_signature_test.json";
    wycheproof_json_web_key => jose_sets::run, "wycheproof/json_web_key_test.json";
    wycheproof_json_web_crypto => jose_sets::run, "wycheproof/json_web_crypto_test.json";
    wycheproof_json_web_encryption => jose_sets::run, "wycheproof/json_web_encryption_test.json";
}

// --- RFC 7515 Appendix A (and RFC 8037 A.4) ---
vector_tests! {
    rfc7515_appendix_a => rfc::rfc7515_appendix_a, "rfc7515/rfc7515_appendix_a.json";
}

// --- RFC 7520 cookbook: §4 JWS, RFC 8037 Ed25519, RFC 7797 unencoded payload ---
vector_tests! {
    rfc7520_4_1_rsa_v15 => rfc::cookbook, "rfc7520-cookbook/jws/4_1.rsa_v15_signature.json";
    rfc7520_4_2_rsa_pss => rfc::cookbook, "rfc7520-cookbook/jws/4_2.rsa-pss_signature.json";
    rfc7520_4_3_ecdsa => rfc::cookbook, "rfc7520-cookbook/jws/4_3.ecdsa_signature.json";
    rfc7520_4_4_hmac => rfc::cookbook, "rfc7520-cookbook/jws/4_4.hmac-sha2_integrity_protection.json";
    rfc7520_4_5_detached => rfc::cookbook, "rfc7520-cookbook/jws/4_5.signature_with_detached_content.json";
    rfc7520_4_6_protected_fields => rfc::cookbook, "rfc7520-cookbook/jws/4_6.protecting_specific_header_fields.json";
    rfc7520_4_7_content_only => rfc::cookbook, "rfc7520-cookbook/jws/4_7.protecting_content_only.json";
    rfc7520_4_8_multiple_signatures => rfc::cookbook, "rfc7520-cookbook/jws/4_8.multiple_signatures.json";
    rfc8037_ed25519 => rfc::cookbook, "rfc7520-cookbook/curve25519/jws.json";
    rfc8037_ecdh_es => rfc::cookbook, "rfc7520-cookbook/curve25519/ecdh-es.json";
    rfc7797_b64_false_compact => rfc::cookbook, "rfc7520-cookbook/rfc7797/hmac-sha2_b64_false.json";
    rfc7797_b64_false_json_only => rfc::cookbook, "rfc7520-cookbook/rfc7797/4.2.hmac-sha2_b64_false.json";
}
