//! The JWS algorithms this engine knows, as one table (RFC 7518 §3.1, RFC 8037 §3.1,
//! RFC 8812 §3.2). Nothing else in the engine enumerates algorithms by hand.

use std::fmt;
use std::str::FromStr;

use super::error::{Error, ErrorKind};

/// A JWS signature or MAC algorithm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Algorithm {
    /// HMAC with SHA-256 (RFC 7518 §3.2).
    HS256,
    /// HMAC with SHA-384 (RFC 7518 §3.2).
    HS384,
    /// HMAC with SHA-512 (RFC 7518 §3.2).
    HS512,
    /// RSASSA-PKCS1-v1_5 with SHA-256 (RFC 7518 §3.3).
    RS256,
    /// RSASSA-PKCS1-v1_5 with SHA-384 (RFC 7518 §3.3).
    RS384,
    /// RSASSA-PKCS1-v1_5 with SHA-512 (RFC 7518 §3.3).
    RS512,
    /// RSASSA-PSS with SHA-256, MGF1-SHA-256, salt 32 (RFC 7518 §3.5).
    PS256,
    /// RSASSA-PSS with SHA-384, MGF1-SHA-384, salt 48 (RFC 7518 §3.5).
    PS384,
    /// RSASSA-PSS with SHA-512, MGF1-SHA-512, salt 64 (RFC 7518 §3.5).
    PS512,
    /// ECDSA on P-256 with SHA-256 (RFC 7518 §3.4).
    ES256,
    /// ECDSA on P-384 with SHA-384 (RFC 7518 §3.4).
    ES384,
    /// ECDSA on P-521 with SHA-512 (RFC 7518 §3.4).
    ES512,
    /// ECDSA on secp256k1 with SHA-256 (RFC 8812 §3.2).
    ES256K,
    /// Ed25519 (RFC 8037 §3.1).
    EdDSA,
}

/// How an algorithm signs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Family {
    /// A shared secret (HS*).
    Hmac,
    /// RSA PKCS#1 v1.5 (RS*).
    RsaPkcs1,
    /// RSA PSS (PS*).
    RsaPss,
    /// ECDSA with raw r‖s signatures (ES*).
    Ecdsa,
    /// Edwards-curve signatures (EdDSA).
    EdDsa,
}

/// A hash function.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Hash {
    /// SHA-256.
    Sha256,
    /// SHA-384.
    Sha384,
    /// SHA-512.
    Sha512,
}

impl Hash {
    /// Output size in bytes.
    pub const fn size(self) -> usize {
        match self {
            Hash::Sha256 => 32,
            Hash::Sha384 => 48,
            Hash::Sha512 => 64,
        }
    }
}

/// An elliptic curve.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Curve {
    /// NIST P-256 (secp256r1).
    P256,
    /// NIST P-384 (secp384r1).
    P384,
    /// NIST P-521 (secp521r1).
    P521,
    /// secp256k1.
    Secp256k1,
    /// Ed25519 (an OKP curve, RFC 8037).
    Ed25519,
}

impl Curve {
    /// The JWK `crv` name (RFC 7518 §6.2.1.1, RFC 8037 §2, RFC 8812 §3.1).
    pub const fn jwk_name(self) -> &'static str {
        match self {
            Curve::P256 => "P-256",
            Curve::P384 => "P-384",
            Curve::P521 => "P-521",
            Curve::Secp256k1 => "secp256k1",
            Curve::Ed25519 => "Ed25519",
        }
    }

    /// Parses a JWK `crv` name.
    pub fn from_jwk_name(name: &str) -> Option<Curve> {
        CURVES.iter().copied().find(|c| c.jwk_name() == name)
    }

    /// Size of one coordinate or scalar in bytes.
    pub const fn field_bytes(self) -> usize {
        match self {
            Curve::P256 | Curve::Secp256k1 | Curve::Ed25519 => 32,
            Curve::P384 => 48,
            Curve::P521 => 66,
        }
    }
}

const CURVES: [Curve; 5] = [
    Curve::P256,
    Curve::P384,
    Curve::P521,
    Curve::Secp256k1,
    Curve::Ed25519,
];

/// One row of the algorithm table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AlgInfo {
    /// The algorithm.
    pub alg: Algorithm,
    /// Its registered `alg` name.
    pub name: &'static str,
    /// How it signs.
    pub family: Family,
    /// The hash it uses (Ed25519 hashes internally with SHA-512).
    pub hash: Hash,
    /// The curve, for ECDSA and EdDSA.
    pub curve: Option<Curve>,
    /// Exact signature length in bytes, where the algorithm fixes it (HMAC tag, r‖s, Ed25519).
    pub signature_len: Option<usize>,
    /// One line for people.
    pub description: &'static str,
    /// Where it is defined.
    pub spec: &'static str,
}

/// The algorithm table.
pub const ALGORITHMS: [AlgInfo; 14] = [
    row(
        Algorithm::HS256,
        "HS256",
        Family::Hmac,
        Hash::Sha256,
        None,
        Some(32),
        "HMAC using SHA-256",
        "RFC 7518 §3.2",
    ),
    row(
        Algorithm::HS384,
        "HS384",
        Family::Hmac,
        Hash::Sha384,
        None,
        Some(48),
        "HMAC using SHA-384",
        "RFC 7518 §3.2",
    ),
    row(
        Algorithm::HS512,
        "HS512",
        Family::Hmac,
        Hash::Sha512,
        None,
        Some(64),
        "HMAC using SHA-512",
        "RFC 7518 §3.2",
    ),
    row(
        Algorithm::RS256,
        "RS256",
        Family::RsaPkcs1,
        Hash::Sha256,
        None,
        None,
        "RSASSA-PKCS1-v1_5 using SHA-256",
        "RFC 7518 §3.3",
    ),
    row(
        Algorithm::RS384,
        "RS384",
        Family::RsaPkcs1,
        Hash::Sha384,
        None,
        None,
        "RSASSA-PKCS1-v1_5 using SHA-384",
        "RFC 7518 §3.3",
    ),
    row(
        Algorithm::RS512,
        "RS512",
        Family::RsaPkcs1,
        Hash::Sha512,
        None,
        None,
        "RSASSA-PKCS1-v1_5 using SHA-512",
        "RFC 7518 §3.3",
    ),
    row(
        Algorithm::PS256,
        "PS256",
        Family::RsaPss,
        Hash::Sha256,
        None,
        None,
        "RSASSA-PSS using SHA-256 and MGF1 with SHA-256",
        "RFC 7518 §3.5",
    ),
    row(
        Algorithm::PS384,
        "PS384",
        Family::RsaPss,
        Hash::Sha384,
        None,
        None,
        "RSASSA-PSS using SHA-384 and MGF1 with SHA-384",
        "RFC 7518 §3.5",
    ),
    row(
        Algorithm::PS512,
        "PS512",
        Family::RsaPss,
        Hash::Sha512,
        None,
        None,
        "RSASSA-PSS using SHA-512 and MGF1 with SHA-512",
        "RFC 7518 §3.5",
    ),
    row(
        Algorithm::ES256,
        "ES256",
        Family::Ecdsa,
        Hash::Sha256,
        Some(Curve::P256),
        Some(64),
        "ECDSA using P-256 and SHA-256",
        "RFC 7518 §3.4",
    ),
    row(
        Algorithm::ES384,
        "ES384",
        Family::Ecdsa,
        Hash::Sha384,
        Some(Curve::P384),
        Some(96),
        "ECDSA using P-384 and SHA-384",
        "RFC 7518 §3.4",
    ),
    row(
        Algorithm::ES512,
        "ES512",
        Family::Ecdsa,
        Hash::Sha512,
        Some(Curve::P521),
        Some(132),
        "ECDSA using P-521 and SHA-512",
        "RFC 7518 §3.4",
    ),
    row(
        Algorithm::ES256K,
        "ES256K",
        Family::Ecdsa,
        Hash::Sha256,
        Some(Curve::Secp256k1),
        Some(64),
        "ECDSA using secp256k1 and SHA-256",
        "RFC 8812 §3.2",
    ),
    row(
        Algorithm::EdDSA,
        "EdDSA",
        Family::EdDsa,
        Hash::Sha512,
        Some(Curve::Ed25519),
        Some(64),
        "Edwards-curve signature with Ed25519",
        "RFC 8037 §3.1",
    ),
];

#[allow(clippy::too_many_arguments)]
const fn row(
    alg: Algorithm,
    name: &'static str,
    family: Family,
    hash: Hash,
    curve: Option<Curve>,
    signature_len: Option<usize>,
    description: &'static str,
    spec: &'static str,
) -> AlgInfo {
    AlgInfo {
        alg,
        name,
        family,
        hash,
        curve,
        signature_len,
        description,
        spec,
    }
}

/// Minimum RSA modulus size accepted for any RSA algorithm (RFC 7518 §3.3, §3.5).
pub const MIN_RSA_BITS: usize = 2048;

impl Algorithm {
    /// Every algorithm, in table order.
    pub fn all() -> impl Iterator<Item = Algorithm> {
        ALGORITHMS.iter().map(|r| r.alg)
    }

    /// This algorithm's table row.
    pub fn info(self) -> &'static AlgInfo {
        // The table lists every variant in declaration order.
        &ALGORITHMS[self as usize]
    }

    /// The registered `alg` name.
    pub fn name(self) -> &'static str {
        self.info().name
    }

    /// How it signs.
    pub fn family(self) -> Family {
        self.info().family
    }

    /// Its hash.
    pub fn hash(self) -> Hash {
        self.info().hash
    }

    /// Its curve, for ECDSA and EdDSA.
    pub fn curve(self) -> Option<Curve> {
        self.info().curve
    }

    /// Parses an `alg` value exactly as registered (case-sensitive, RFC 7515 §4.1.1).
    ///
    /// # Errors
    /// `ERR_ALG_NONE` for `none` in any spelling; `ERR_ALG_UNKNOWN` otherwise, with a
    /// hint when only the case is wrong.
    pub fn parse(name: &str) -> Result<Algorithm, Error> {
        if let Some(row) = ALGORITHMS.iter().find(|r| r.name == name) {
            return Ok(row.alg);
        }
        if name.trim().eq_ignore_ascii_case("none") {
            return Err(Error::new(
                ErrorKind::AlgNone,
                format!(
                    "alg {} means an unsecured token: it never verifies and is never signed",
                    super::json::shown_str(name)
                ),
            ));
        }
        if let Some(row) = ALGORITHMS
            .iter()
            .find(|r| r.name.eq_ignore_ascii_case(name.trim()))
        {
            return Err(Error::new(
                ErrorKind::AlgUnknown,
                format!(
                    "unknown alg {}: algorithm names are case-sensitive, did you mean \"{}\"?",
                    super::json::shown_str(name),
                    row.name
                ),
            ));
        }
        Err(Error::new(
            ErrorKind::AlgUnknown,
            format!(
                "unknown alg {}: supported are {}",
                super::json::shown_str(name),
                ALGORITHMS
                    .iter()
                    .map(|r| r.name)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ))
    }
}

impl FromStr for Algorithm {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Algorithm::parse(s)
    }
}

impl fmt::Display for Algorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_in_declaration_order() {
        for (i, row) in ALGORITHMS.iter().enumerate() {
            assert_eq!(row.alg as usize, i, "{}", row.name);
            assert_eq!(Algorithm::parse(row.name).ok(), Some(row.alg));
        }
    }

    #[test]
    fn none_in_any_spelling_is_refused() {
        for s in ["none", "None", "NONE", "nOnE", " none"] {
            assert_eq!(
                Algorithm::parse(s).map_err(|e| e.kind()),
                Err(ErrorKind::AlgNone),
                "{s}"
            );
        }
    }

    #[test]
    fn case_hint() {
        let e = Algorithm::parse("hs256")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(e.contains("did you mean \"HS256\""), "{e}");
    }
}
