//! A private key as its numbers, to hand to the page's worker: a message between the
//! page and a worker carries bytes, not key objects. The page reads the numbers of a
//! key it parsed ([`PrivateKey::parts`]); the worker builds the key back
//! ([`PrivateParts::to_key`]) with the builders every key reader uses (RSA: n, e, d,
//! p, q through `rsa_private`, RFC 8017 §3.2; EC and Ed25519: the scalar, RFC 7518
//! §6.2.2.1 and RFC 8037 §2), so the worker's module needs no PEM, DER or JWK reader.
//! The numbers are wiped on drop.

use zeroize::Zeroizing;

use super::material::RsaPrivate;
use super::PrivateKey;
use crate::jose::alg::Curve;
use crate::jose::error::{Error, ErrorKind, Result};

/// A private key's numbers, big-endian.
#[derive(Clone, PartialEq, Eq)]
pub enum PrivateParts {
    /// RSA: n, e, d and, for a two-prime key, p and q.
    Rsa {
        /// The modulus.
        n: Vec<u8>,
        /// The public exponent.
        e: Vec<u8>,
        /// The private exponent.
        d: Zeroizing<Vec<u8>>,
        /// p and q (empty for a key with more primes: they are recovered).
        primes: Vec<Zeroizing<Vec<u8>>>,
    },
    /// An EC or Ed25519 key: its scalar (seed), exactly the field size.
    Scalar {
        /// The curve.
        curve: Curve,
        /// The scalar.
        d: Zeroizing<Vec<u8>>,
    },
}

impl std::fmt::Debug for PrivateParts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PrivateParts({}, redacted)", self.kind())
    }
}

impl PrivateParts {
    /// `RSA`, or the curve's JWK name (`P-256`, `secp256k1`, `Ed25519`…).
    pub fn kind(&self) -> &'static str {
        match self {
            PrivateParts::Rsa { .. } => "RSA",
            PrivateParts::Scalar { curve, .. } => curve.jwk_name(),
        }
    }

    /// The numbers in order: n, e, d[, p, q] for RSA; the scalar otherwise.
    pub fn numbers(&self) -> Vec<&[u8]> {
        match self {
            PrivateParts::Rsa { n, e, d, primes } => {
                let mut out = vec![n.as_slice(), e.as_slice(), d.as_slice()];
                out.extend(primes.iter().map(|p| p.as_slice()));
                out
            }
            PrivateParts::Scalar { d, .. } => vec![d.as_slice()],
        }
    }

    /// The parts from [`kind`](Self::kind) and [`numbers`](Self::numbers).
    ///
    /// # Errors
    /// `ERR_PARAMETER` for an unknown kind or the wrong count of numbers.
    pub fn from_numbers(kind: &str, numbers: Vec<Vec<u8>>) -> Result<PrivateParts> {
        let count = numbers.len();
        let bad = || {
            Error::new(
                ErrorKind::Parameter,
                format!("not the numbers of a private key ({kind}, {count} numbers)"),
            )
        };
        if kind == "RSA" {
            let (3 | 5) = numbers.len() else {
                return Err(bad());
            };
            let mut it = numbers.into_iter().map(Zeroizing::new);
            let (Some(n), Some(e), Some(d)) = (it.next(), it.next(), it.next()) else {
                return Err(bad());
            };
            return Ok(PrivateParts::Rsa {
                n: n.to_vec(),
                e: e.to_vec(),
                d,
                primes: it.collect(),
            });
        }
        let curve = [
            Curve::P256,
            Curve::P384,
            Curve::P521,
            Curve::Secp256k1,
            Curve::Ed25519,
        ]
        .into_iter()
        .find(|c| c.jwk_name() == kind)
        .ok_or_else(bad)?;
        let [d] = <[Vec<u8>; 1]>::try_from(numbers).map_err(|_| bad())?;
        Ok(PrivateParts::Scalar {
            curve,
            d: Zeroizing::new(d),
        })
    }

    /// The numbers as one byte string (for a message to the worker): each as its
    /// length (4 bytes, big-endian) and its bytes.
    pub fn encode(&self) -> Zeroizing<Vec<u8>> {
        let mut out = Zeroizing::new(Vec::new());
        for n in self.numbers() {
            out.extend_from_slice(&u32::try_from(n.len()).unwrap_or(u32::MAX).to_be_bytes());
            out.extend_from_slice(n);
        }
        out
    }

    /// The parts from [`kind`](Self::kind) and [`encode`](Self::encode)'s bytes.
    ///
    /// # Errors
    /// `ERR_PARAMETER` for bytes that are not such a string, or as [`from_numbers`](Self::from_numbers).
    pub fn decode(kind: &str, mut bytes: &[u8]) -> Result<PrivateParts> {
        let mut numbers = Vec::new();
        while !bytes.is_empty() {
            let (len, rest) = bytes.split_first_chunk::<4>().ok_or_else(truncated)?;
            let len = usize::try_from(u32::from_be_bytes(*len)).map_err(|_| truncated())?;
            let number = rest.get(..len).ok_or_else(truncated)?;
            numbers.push(number.to_vec());
            bytes = rest.get(len..).unwrap_or_default();
            if numbers.len() > 5 {
                return Err(truncated());
            }
        }
        PrivateParts::from_numbers(kind, numbers)
    }

    /// The key, built and checked as any key reader builds it.
    ///
    /// # Errors
    /// `ERR_KEY_FORMAT` (or the RSA builder's code) for numbers that are not a key.
    pub fn to_key(&self) -> Result<PrivateKey> {
        match self {
            PrivateParts::Rsa { n, e, d, primes } => {
                let primes = match primes.as_slice() {
                    [p, q] => Some((p.as_slice(), q.as_slice())),
                    _ => None,
                };
                RsaPrivate::new(n, e, d, primes, ErrorKind::KeyFormat)
                    .map(|k| PrivateKey::Rsa(Box::new(k)))
            }
            PrivateParts::Scalar { curve, d } => {
                PrivateKey::from_scalar(*curve, d).ok_or_else(|| {
                    Error::new(
                        ErrorKind::KeyFormat,
                        format!("not a {} private key", curve.jwk_name()),
                    )
                })
            }
        }
    }
}

fn truncated() -> Error {
    Error::new(
        ErrorKind::Parameter,
        "not the encoded numbers of a private key",
    )
}

impl PrivateKey {
    /// The key's numbers, for the page's worker ([`PrivateParts`]).
    pub fn parts(&self) -> PrivateParts {
        match self {
            PrivateKey::Rsa(k) => PrivateParts::Rsa {
                n: k.n.clone(),
                e: k.e.clone(),
                d: k.d.clone(),
                primes: k.primes.clone(),
            },
            other => PrivateParts::Scalar {
                curve: other.curve().unwrap_or(Curve::Ed25519),
                d: other.scalar_bytes().unwrap_or_default(),
            },
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use crate::jose::key::{generate_keypair, KeyMaterial, KeyPairSpec};

    #[test]
    fn every_kind_of_private_key_goes_through_its_numbers_and_back() {
        for spec in KeyPairSpec::ALL {
            if matches!(spec, KeyPairSpec::Rsa { bits } if bits > 2048) {
                continue; // the same code path; slow in debug builds
            }
            let pair = generate_keypair(spec).unwrap();
            let KeyMaterial::Private(key) = &pair.key.material else {
                panic!("{spec:?} generates a private key")
            };
            let parts = key.parts();
            let copied: Vec<Vec<u8>> = parts.numbers().iter().map(|n| n.to_vec()).collect();
            let back = PrivateParts::from_numbers(parts.kind(), copied).unwrap();
            assert_eq!(back, parts, "{spec:?}");
            assert_eq!(
                PrivateParts::decode(parts.kind(), &parts.encode()).unwrap(),
                parts
            );
            let rebuilt = back.to_key().unwrap();
            assert_eq!(rebuilt.public_key(), key.public_key(), "{spec:?}");
            assert!(!format!("{parts:?}").contains(&format!("{:?}", parts.numbers()[0])));
        }
    }

    #[test]
    fn numbers_that_are_not_a_key_are_refused() {
        assert!(PrivateParts::from_numbers("DSA", vec![vec![1]]).is_err());
        assert!(PrivateParts::from_numbers("RSA", vec![vec![1]; 4]).is_err());
        assert!(PrivateParts::from_numbers("P-256", vec![vec![1]; 2]).is_err());
        for bad in [&[0u8, 0, 0][..], &[0, 0, 0, 9, 1], &[0, 0, 0, 1, 7, 0]] {
            assert!(PrivateParts::decode("P-256", bad).is_err(), "{bad:?}");
        }
        let zero = PrivateParts::from_numbers("P-256", vec![vec![0; 32]]).unwrap();
        assert_eq!(
            zero.to_key().err().map(|e| e.code()),
            Some("ERR_KEY_FORMAT")
        );
        let short =
            PrivateParts::from_numbers("RSA", vec![vec![0xff; 64], vec![1, 0, 1], vec![3; 64]])
                .unwrap();
        assert!(
            short.to_key().is_err(),
            "a 512-bit modulus is refused as any reader refuses it"
        );
    }
}
