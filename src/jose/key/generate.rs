//! Key pair generation, with randomness from the operating system or the browser
//! (`getrandom`: `getrandom(2)`, `BCryptGenRandom`, `crypto.getRandomValues`…).
//!
//! Each pair comes as PKCS#8 and SPKI PEM and as private and public JWKs carrying
//! `kid` (the RFC 7638 thumbprint), `alg` (the key's natural algorithm) and
//! `use: "sig"`.
//!
//! > **RSA private keys and timing (RUSTSEC-2023-0071, "Marvin").** The `rsa` crate's
//! > private-key operations run on crypto-bigint's constant-time exponentiation with
//! > the base blinded; 0.10.0 also blinds the exponent and the CRT moduli
//! > (draft-irtf-cfrg-rsa-guidance; its changelog, "Security"). Generated keys are
//! > still meant for local, user-initiated use in this debugger, not for a network
//! > service.

use rand_core::{TryCryptoRng, TryRng};
use zeroize::Zeroizing;

use super::export::{pkcs8_pem, private_jwk, public_jwk, spki_pem, thumbprint};
use super::{Key, KeyFormat, KeyMaterial, PrivateKey};
use crate::jose::alg::{Algorithm, Curve};
use crate::jose::error::{Error, ErrorKind, Result};
use crate::jose::secp256k1;
use p256::elliptic_curve::Generate;

/// What kind of key pair to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyPairSpec {
    /// RSA with e = 65537; `bits` is 2048, 3072 or 4096.
    Rsa {
        /// Modulus size.
        bits: usize,
    },
    /// ECDSA on P-256, P-384, P-521 or secp256k1.
    Ec(Curve),
    /// Ed25519 (RFC 8032 §5.1.5: 32 random bytes).
    Ed25519,
}

impl KeyPairSpec {
    /// Every kind this engine generates, in the order the page and the CLI list them.
    pub const ALL: [KeyPairSpec; 8] = [
        KeyPairSpec::Rsa { bits: 2048 },
        KeyPairSpec::Rsa { bits: 3072 },
        KeyPairSpec::Rsa { bits: 4096 },
        KeyPairSpec::Ec(Curve::P256),
        KeyPairSpec::Ec(Curve::P384),
        KeyPairSpec::Ec(Curve::P521),
        KeyPairSpec::Ec(Curve::Secp256k1),
        KeyPairSpec::Ed25519,
    ];

    /// The machine name: `rsa-2048`, `rsa-3072`, `rsa-4096`, `p-256`, `p-384`, `p-521`,
    /// `secp256k1`, `ed25519` (the page's buttons and the worker's messages). A size or
    /// curve outside [`KeyPairSpec::ALL`] is named `rsa` or `ec`.
    pub const fn name(self) -> &'static str {
        match self {
            KeyPairSpec::Rsa { bits: 2048 } => "rsa-2048",
            KeyPairSpec::Rsa { bits: 3072 } => "rsa-3072",
            KeyPairSpec::Rsa { bits: 4096 } => "rsa-4096",
            KeyPairSpec::Rsa { .. } => "rsa",
            KeyPairSpec::Ec(Curve::P256) => "p-256",
            KeyPairSpec::Ec(Curve::P384) => "p-384",
            KeyPairSpec::Ec(Curve::P521) => "p-521",
            KeyPairSpec::Ec(Curve::Secp256k1) => "secp256k1",
            KeyPairSpec::Ec(Curve::Ed25519) => "ec",
            KeyPairSpec::Ed25519 => "ed25519",
        }
    }

    /// For people: `RSA 2048`, `P-256`, `secp256k1`, `Ed25519`.
    pub const fn label(self) -> &'static str {
        match self {
            KeyPairSpec::Rsa { bits: 2048 } => "RSA 2048",
            KeyPairSpec::Rsa { bits: 3072 } => "RSA 3072",
            KeyPairSpec::Rsa { bits: 4096 } => "RSA 4096",
            KeyPairSpec::Rsa { .. } => "RSA",
            KeyPairSpec::Ec(curve) => curve.jwk_name(),
            KeyPairSpec::Ed25519 => "Ed25519",
        }
    }

    /// The ECDSA curves generated (those of [`KeyPairSpec::ALL`]).
    pub fn ec_curves() -> impl Iterator<Item = Curve> {
        Self::ALL.into_iter().filter_map(|s| match s {
            KeyPairSpec::Ec(curve) => Some(curve),
            _ => None,
        })
    }

    /// The algorithm a key of this kind is labelled with: RS256, ES256, ES384, ES512,
    /// ES256K or EdDSA.
    ///
    /// # Errors
    /// `ERR_PARAMETER` for an unsupported size or curve.
    pub fn natural_algorithm(self) -> Result<Algorithm> {
        match self {
            KeyPairSpec::Rsa {
                bits: 2048 | 3072 | 4096,
            } => Ok(Algorithm::RS256),
            KeyPairSpec::Rsa { bits } => Err(Error::new(
                ErrorKind::Parameter,
                format!("RSA keys are generated with 2048, 3072 or 4096 bits, not {bits}"),
            )),
            KeyPairSpec::Ec(Curve::P256) => Ok(Algorithm::ES256),
            KeyPairSpec::Ec(Curve::P384) => Ok(Algorithm::ES384),
            KeyPairSpec::Ec(Curve::P521) => Ok(Algorithm::ES512),
            KeyPairSpec::Ec(Curve::Secp256k1) => Ok(Algorithm::ES256K),
            KeyPairSpec::Ec(Curve::Ed25519) => Err(Error::new(
                ErrorKind::Parameter,
                "Ed25519 is not an ECDSA curve: use KeyPairSpec::Ed25519",
            )),
            KeyPairSpec::Ed25519 => Ok(Algorithm::EdDSA),
        }
    }
}

crate::jose::names::vocabulary!(KeyPairSpec, "key pair kind");

/// A freshly generated key pair in every export form. Its `Debug` leaves the private
/// forms out.
#[derive(Clone)]
pub struct GeneratedKeyPair {
    /// The private key, `-----BEGIN PRIVATE KEY-----` (PKCS#8).
    pub private_pem: String,
    /// The public key, `-----BEGIN PUBLIC KEY-----` (SPKI).
    pub public_pem: String,
    /// The private JWK, with `kid`, `use` and `alg`.
    pub private_jwk: serde_json::Value,
    /// The public JWK, with `kid`, `use` and `alg`.
    pub public_jwk: serde_json::Value,
    /// The RFC 7638 thumbprint, also the JWKs' `kid`.
    pub kid: String,
    /// The key itself (private, format PKCS#8, with `kid`, `alg` and `use` set).
    pub key: Key,
}

impl std::fmt::Debug for GeneratedKeyPair {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GeneratedKeyPair")
            .field("kid", &self.kid)
            .field("public_pem", &self.public_pem)
            .field("public_jwk", &self.public_jwk)
            .field("private_pem", &"(redacted)")
            .field("private_jwk", &"(redacted)")
            .finish()
    }
}

fn random_failed(e: &getrandom::Error) -> Error {
    Error::new(
        ErrorKind::Random,
        format!("the system random number generator failed: {e}"),
    )
}

/// Generates a key pair.
///
/// # Errors
/// `ERR_PARAMETER` for an RSA size other than 2048/3072/4096 or an unsupported curve;
/// `ERR_RANDOM` when the system random generator fails; `ERR_KEY_ENCODING` if an
/// export fails.
pub fn generate_keypair(spec: KeyPairSpec) -> Result<GeneratedKeyPair> {
    let alg = spec.natural_algorithm()?;
    let private = match spec {
        KeyPairSpec::Rsa { bits } => {
            PrivateKey::Rsa(Box::new(super::RsaPrivate::of(&generate_rsa(bits)?)))
        }
        KeyPairSpec::Ec(Curve::P256) => PrivateKey::P256(
            p256::SecretKey::try_generate_from_rng(&mut getrandom::SysRng)
                .map_err(|e| random_failed(&e))?
                .into(),
        ),
        KeyPairSpec::Ec(Curve::P384) => PrivateKey::P384(
            p384::SecretKey::try_generate_from_rng(&mut getrandom::SysRng)
                .map_err(|e| random_failed(&e))?
                .into(),
        ),
        KeyPairSpec::Ec(Curve::P521) => PrivateKey::P521(
            p521::SecretKey::try_generate_from_rng(&mut getrandom::SysRng)
                .map_err(|e| random_failed(&e))?
                .into(),
        ),
        KeyPairSpec::Ec(Curve::Secp256k1) => PrivateKey::Secp256k1(
            secp256k1::SecretKey::try_generate_from_rng(&mut getrandom::SysRng)
                .map_err(|e| random_failed(&e))?
                .into(),
        ),
        KeyPairSpec::Ec(Curve::Ed25519) | KeyPairSpec::Ed25519 => {
            let mut seed = Zeroizing::new([0u8; 32]);
            getrandom::SysRng
                .try_fill_bytes(seed.as_mut())
                .map_err(|e| random_failed(&e))?;
            PrivateKey::Ed25519(ed25519_dalek::SigningKey::from_bytes(&seed))
        }
    };
    let mut key = Key::new(KeyMaterial::Private(private), KeyFormat::PemPkcs8);
    let kid = thumbprint(&key)?;
    key.kid = Some(kid.clone());
    key.jwk_use = Some("sig".into());
    key.jwk_alg = Some(alg.name().into());
    Ok(GeneratedKeyPair {
        private_pem: pkcs8_pem(&key)?,
        public_pem: spki_pem(&key)?,
        private_jwk: private_jwk(&key)?,
        public_jwk: public_jwk(&key)?,
        kid,
        key,
    })
}

/// RSA key generation through the `rsa` crate, with the system's randomness.
fn generate_rsa(bits: usize) -> Result<rsa::PrivateKey> {
    generate_rsa_from(getrandom::SysRng, bits)
}

/// Since 0.10.0 the `rsa` crate stops at the first failure of its random source but
/// reports it only as `rsa::Error::Rng`: [`Recording`] keeps the source's own error
/// for the message (`ERR_RANDOM`).
fn generate_rsa_from<R>(source: R, bits: usize) -> Result<rsa::PrivateKey>
where
    R: TryCryptoRng<Error = getrandom::Error>,
{
    let mut rng = Recording {
        source,
        failure: None,
    };
    rsa::PrivateKey::new(&mut rng, bits).map_err(|e| match rng.failure {
        Some(cause) => random_failed(&cause),
        None => Error::new(
            ErrorKind::Parameter,
            format!("RSA key generation failed: {e}"),
        ),
    })
}

/// A random source that notes its last failure.
struct Recording<R> {
    source: R,
    failure: Option<getrandom::Error>,
}

impl<R> Recording<R> {
    fn note<T>(
        &mut self,
        result: core::result::Result<T, getrandom::Error>,
    ) -> core::result::Result<T, getrandom::Error> {
        if let Err(e) = &result {
            self.failure = Some(*e);
        }
        result
    }
}

impl<R: TryCryptoRng<Error = getrandom::Error>> TryRng for Recording<R> {
    type Error = getrandom::Error;

    fn try_next_u32(&mut self) -> core::result::Result<u32, Self::Error> {
        let next = self.source.try_next_u32();
        self.note(next)
    }

    fn try_next_u64(&mut self) -> core::result::Result<u64, Self::Error> {
        let next = self.source.try_next_u64();
        self.note(next)
    }

    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> core::result::Result<(), Self::Error> {
        let filled = self.source.try_fill_bytes(dst);
        self.note(filled)
    }
}

/// As cryptographic as its source.
impl<R: TryCryptoRng<Error = getrandom::Error>> TryCryptoRng for Recording<R> {}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use crate::jose::key::{parse_key, SecretEncoding};

    fn round_trip(spec: KeyPairSpec, private_describe: &str, public_describe: &str) {
        let pair = generate_keypair(spec).expect("generate");
        let alg = spec.natural_algorithm().expect("alg");
        assert_eq!(pair.key.kid.as_deref(), Some(pair.kid.as_str()));
        for jwk in [&pair.private_jwk, &pair.public_jwk] {
            assert_eq!(jwk["kid"], pair.kid.as_str());
            assert_eq!(jwk["alg"], alg.name());
            assert_eq!(jwk["use"], "sig");
        }
        let private = parse_key(&pair.private_pem, SecretEncoding::Utf8).expect("pkcs8");
        let private = &private.keys[0];
        assert_eq!(private.describe(), private_describe);
        assert_eq!(private.public_key(), pair.key.public_key());
        let public = parse_key(&pair.public_pem, SecretEncoding::Utf8).expect("spki");
        assert_eq!(public.keys[0].describe(), public_describe);
        assert_eq!(public.keys[0].public_key(), pair.key.public_key());
        for jwk in [&pair.private_jwk, &pair.public_jwk] {
            let set = parse_key(&jwk.to_string(), SecretEncoding::Utf8).expect("jwk");
            let key = &set.keys[0];
            assert_eq!(key.public_key(), pair.key.public_key());
            assert_eq!(thumbprint(key).ok().as_deref(), Some(pair.kid.as_str()));
            assert_eq!(key.jwk_single_algorithm(), Some(alg));
            assert!(key.notes.is_empty(), "{:?}", key.notes);
        }
        assert!(private.check_for(alg, super::super::KeyOp::Sign).is_ok());
    }

    #[test]
    fn ec_and_ed25519_round_trip() {
        round_trip(
            KeyPairSpec::Ec(Curve::P256),
            "EC private key, P-256, PKCS#8 PEM",
            "EC public key, P-256, SPKI PEM",
        );
        round_trip(
            KeyPairSpec::Ec(Curve::P384),
            "EC private key, P-384, PKCS#8 PEM",
            "EC public key, P-384, SPKI PEM",
        );
        round_trip(
            KeyPairSpec::Ec(Curve::P521),
            "EC private key, P-521, PKCS#8 PEM",
            "EC public key, P-521, SPKI PEM",
        );
        round_trip(
            KeyPairSpec::Ec(Curve::Secp256k1),
            "EC private key, secp256k1, PKCS#8 PEM",
            "EC public key, secp256k1, SPKI PEM",
        );
        round_trip(
            KeyPairSpec::Ed25519,
            "Ed25519 private key, PKCS#8 PEM",
            "Ed25519 public key, SPKI PEM",
        );
    }

    /// The one RSA key generation in the unit tests: slow in debug builds.
    #[test]
    fn rsa_2048_round_trips() {
        round_trip(
            KeyPairSpec::Rsa { bits: 2048 },
            "RSA private key, 2048 bits, PKCS#8 PEM",
            "RSA public key, 2048 bits, SPKI PEM",
        );
    }

    #[test]
    fn parameters_are_checked() {
        for spec in [
            KeyPairSpec::Rsa { bits: 1024 },
            KeyPairSpec::Rsa { bits: 2047 },
            KeyPairSpec::Ec(Curve::Ed25519),
        ] {
            assert_eq!(
                generate_keypair(spec).err().map(|e| e.kind()),
                Some(ErrorKind::Parameter)
            );
        }
    }

    #[test]
    fn debug_hides_the_private_forms() {
        let pair = generate_keypair(KeyPairSpec::Ed25519).expect("pair");
        let shown = format!("{pair:?}");
        assert!(!shown.contains("PRIVATE KEY"), "{shown}");
        assert!(shown.contains(&pair.kid));
    }

    /// A source that gives `left` bytes (not random: the key is never kept) and then
    /// fails.
    struct FailsAfter {
        left: usize,
        counter: u8,
    }

    impl TryRng for FailsAfter {
        type Error = getrandom::Error;

        fn try_next_u32(&mut self) -> core::result::Result<u32, Self::Error> {
            rand_core::utils::next_word_via_fill(self)
        }

        fn try_next_u64(&mut self) -> core::result::Result<u64, Self::Error> {
            rand_core::utils::next_word_via_fill(self)
        }

        fn try_fill_bytes(&mut self, dst: &mut [u8]) -> core::result::Result<(), Self::Error> {
            if dst.len() > self.left {
                return Err(getrandom::Error::UNEXPECTED);
            }
            self.left -= dst.len();
            for byte in dst {
                self.counter = self.counter.wrapping_mul(5).wrapping_add(1);
                *byte = self.counter;
            }
            Ok(())
        }
    }

    impl TryCryptoRng for FailsAfter {}

    /// The crate asks for 128 bytes to start each prime's search of a 2048-bit key,
    /// so it needs at least two requests: the source fails at the first, then at
    /// the second.
    #[test]
    fn a_failing_random_source_is_reported_and_no_key_made() {
        for left in [0, 128] {
            let err = generate_rsa_from(FailsAfter { left, counter: 0 }, 2048)
                .expect_err("no key from a failed source");
            assert_eq!(err.kind(), ErrorKind::Random, "{left}");
            assert_eq!(
                err.message(),
                format!(
                    "the system random number generator failed: {}",
                    getrandom::Error::UNEXPECTED
                )
            );
        }
    }

    #[test]
    fn two_keys_differ() {
        let a = generate_keypair(KeyPairSpec::Ed25519).expect("a");
        let b = generate_keypair(KeyPairSpec::Ed25519).expect("b");
        assert_ne!(a.kid, b.kid);
    }
}
