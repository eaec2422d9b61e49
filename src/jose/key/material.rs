//! Building keys from their numbers and reading the numbers back, shared by the
//! PEM/DER reader, the JWK reader and the exporters. The arithmetic and validation
//! are the `rsa`, `elliptic-curve` and `ed25519-dalek` crates', with one exception:
//! an RSA private key's numbers are checked here as the `rsa` crate checks them
//! ([`RsaPrivate::new`], tested against the crate), and the crate's key is built only
//! to sign or to be written out, so the page's module (which does neither: its worker
//! does) links no RSA key builder. This module says, in words, what was refused.

use crypto_bigint::{ConcatenatingMul, NonZero};
use p256::elliptic_curve::point::AffineCoordinates;
use p256::elliptic_curve::sec1::{FromSec1Point, ModulusSize, ToSec1Point};
use p256::elliptic_curve::{AffinePoint, CurveArithmetic, FieldBytes, FieldBytesSize};
use rsa::traits::{PrivateKeyParts, PublicKeyParts};
use rsa::BoxedUint;
use zeroize::Zeroizing;

use super::{PrivateKey, PublicKey};
use crate::jose::alg::{Curve, MIN_RSA_BITS};
use crate::jose::error::{Error, ErrorKind, Result};
use crate::jose::secp256k1;

/// The bytes of a big-endian unsigned integer without its leading zero octets.
pub(crate) fn strip_leading_zeros(bytes: &[u8]) -> &[u8] {
    let first = bytes.iter().position(|&b| b != 0).unwrap_or(bytes.len());
    bytes.get(first..).unwrap_or_default()
}

/// The number of significant bits of a big-endian unsigned integer.
pub(crate) fn bit_length(bytes: &[u8]) -> usize {
    let digits = strip_leading_zeros(bytes);
    match digits.first() {
        None => 0,
        Some(&top) => (digits.len() - 1) * 8 + (8 - top.leading_zeros() as usize),
    }
}

/// RSA modulus size in bits, of a public or a private key.
pub(crate) fn rsa_bits(key: &impl PublicKeyParts) -> usize {
    key.n().bit_width() as usize
}

/// The largest RSA modulus accepted, in bits: the `rsa` crate's own limit
/// (`rsa::PublicKey::MAX_SIZE`). Real JWS keys are 2048–4096 bits; a larger modulus is
/// refused (`ERR_KEY_TOO_LARGE`) before any big-number work, so a key text can never
/// ask for arithmetic on numbers longer than this.
pub const MAX_RSA_BITS: usize = 8192;

/// The largest RSA public exponent accepted, 2³³ − 1 (the `rsa` crate's bound): a huge
/// `e` would make every verification slow (RSADoS). Exponents longer than 8 bytes are
/// refused before they are even read as a number.
pub const MAX_RSA_PUBLIC_EXPONENT: u64 = rsa::PublicKey::MAX_PUB_EXPONENT;

/// The largest RSA key whose primes are recovered from n, e and d alone (a JWK
/// without `p` and `q`, NIST SP 800-56B Rev. 2 Appendix C.2): the recovery costs
/// about 15 ms natively for an 8192-bit key against 3 ms at 4096 bits. A larger
/// key must carry its primes, as RFC 7518 §6.3.2 recommends (`ERR_KEY_TOO_LARGE`).
pub const MAX_RSA_RECOVERY_BITS: usize = 4096;

const _: () = assert!(MAX_RSA_BITS <= rsa::PublicKey::MAX_SIZE);

/// Refuses a modulus that is too small, too large, or has the ROCA fingerprint.
fn check_rsa_modulus(n: &[u8]) -> Result<()> {
    check_rsa_bits(bit_length(n))?;
    if super::roca::has_roca_fingerprint(n) {
        return Err(Error::new(
            ErrorKind::KeyWeak,
            "this RSA key has the ROCA fingerprint (CVE-2017-15361, Infineon key generation): its private key can be computed from the public key; refused — generate a new key",
        ));
    }
    Ok(())
}

/// Refuses an RSA modulus under 2048 bits (RFC 7518 §3.3, §3.5, `ERR_KEY_TOO_SMALL`)
/// or over [`MAX_RSA_BITS`] (`ERR_KEY_TOO_LARGE`), before any big-number work is done
/// on it.
pub(crate) fn check_rsa_bits(bits: usize) -> Result<()> {
    if bits < MIN_RSA_BITS {
        return Err(Error::new(
            ErrorKind::KeyTooSmall,
            format!(
                "this RSA key is {bits} bits; at least {MIN_RSA_BITS} bits are required (RFC 7518 §3.3): generate a new key"
            ),
        ));
    }
    if bits > MAX_RSA_BITS {
        return Err(Error::new(
            ErrorKind::KeyTooLarge,
            format!("this RSA key is {bits} bits; the largest supported is {MAX_RSA_BITS} bits"),
        ));
    }
    Ok(())
}

/// Refuses any private number of an RSA key that is longer (in bits) than the modulus
/// n, before any arithmetic: each of d, p, q, dp, dq and qi is smaller than n
/// (RFC 8017 §3.2), and the `rsa` crate multiplies p by q to compare with n, so a
/// prime hundreds of kilobytes long would otherwise cost unbounded work (and stack).
/// `values` are (the value as the format names it, e.g. `JWK member "p"`, big-endian
/// bytes).
///
/// # Errors
/// `ERR_KEY_TOO_LARGE` naming the first value that is too long.
pub(crate) fn check_rsa_private_lengths(n: &[u8], values: &[(&str, &[u8])]) -> Result<()> {
    let n_bits = bit_length(n);
    for (name, value) in values {
        let bits = bit_length(value);
        if bits > n_bits {
            return Err(Error::new(
                ErrorKind::KeyTooLarge,
                format!(
                    "{name} is {bits} bits, longer than the {n_bits}-bit modulus n: every private number of an RSA key is smaller than n (RFC 8017 §3.2); refused before any arithmetic"
                ),
            ));
        }
    }
    Ok(())
}

fn uint(bytes: &[u8], what: &str, kind: ErrorKind) -> Result<BoxedUint> {
    let digits = strip_leading_zeros(bytes);
    if digits.is_empty() {
        return Err(Error::new(kind, format!("the RSA value {what} is zero")));
    }
    let precision = u32::try_from(digits.len() * 8)
        .map_err(|_| Error::new(kind, format!("the RSA value {what} is too long")))?;
    BoxedUint::from_be_slice(digits, precision)
        .map_err(|e| Error::new(kind, format!("the RSA value {what} does not decode: {e}")))
}

/// Words for what the `rsa` crate refused.
fn rsa_refusal(err: &rsa::Error, kind: ErrorKind) -> Error {
    let why = match err {
        rsa::Error::PublicExponentTooSmall => {
            "the public exponent e is too small (it must be at least 3 and odd)".to_string()
        }
        rsa::Error::PublicExponentTooLarge => format!(
            "the public exponent e is larger than {MAX_RSA_PUBLIC_EXPONENT} (2^33 - 1): refused, since huge exponents make every verification slow (RSADoS)"
        ),
        rsa::Error::InvalidExponent => {
            "the exponents are invalid (e is even, or d does not fit n or does not invert e)"
                .to_string()
        }
        rsa::Error::InvalidModulus => {
            "the modulus n is invalid (it is even, not larger than e, or not the product of p and q)"
                .to_string()
        }
        rsa::Error::InvalidPrime | rsa::Error::NprimesTooSmall => {
            "the primes p and q are invalid or do not match n, e and d".to_string()
        }
        rsa::Error::ModulusTooSmall => format!("the modulus is under {MIN_RSA_BITS} bits"),
        rsa::Error::ModulusTooLarge => format!("the modulus is over {MAX_RSA_BITS} bits"),
        // From a key without p and q: the crate's recovery of the primes (NIST SP
        // 800-56B Rev. 2 Appendix C.2) needs e above 2^16 and a d that fits n and e.
        rsa::Error::InvalidArguments => {
            "p and q cannot be recovered from n, e and d (the method needs e above 65536 and d to invert e): include p, q, dp, dq and qi (RFC 7518 §6.3.2)"
                .to_string()
        }
        // Building a key returns only the errors worded above; naming any other
        // through the crate's own wording would link its messages into the page
        // (0.6 KB gzip, measured).
        _ => "the RSA key is inconsistent: its numbers are not one valid key".to_string(),
    };
    Error::new(kind, why)
}

/// Screens a public exponent before any arithmetic: at most 8 bytes (the bound is
/// [`MAX_RSA_PUBLIC_EXPONENT`]) so a megabyte-long `e` costs nothing.
fn check_exponent_length(e: &[u8], kind: ErrorKind) -> Result<()> {
    if strip_leading_zeros(e).len() > 8 {
        return Err(rsa_refusal(&rsa::Error::PublicExponentTooLarge, kind));
    }
    Ok(())
}

/// An RSA public key from the big-endian modulus and exponent (RFC 8017 §3.1).
///
/// # Errors
/// `ERR_KEY_TOO_SMALL` under 2048 bits; `ERR_KEY_TOO_LARGE` over [`MAX_RSA_BITS`];
/// `kind` for anything the `rsa` crate refuses.
pub(crate) fn rsa_public(n: &[u8], e: &[u8], kind: ErrorKind) -> Result<rsa::PublicKey> {
    check_rsa_modulus(n)?;
    check_exponent_length(e, kind)?;
    let n = uint(n, "n", kind)?;
    let e = uint(e, "e", kind)?;
    rsa::PublicKey::new(n, e).map_err(|err| rsa_refusal(&err, kind))
}

/// An RSA private key from n, e, d and, when known, p and q (RFC 8017 §3.2). Without
/// the primes, the `rsa` crate recovers them from n, e and d (NIST SP 800-56B Rev. 2
/// Appendix C.2). The key is validated (d·e ≡ 1 and p·q = n) by the crate, after
/// n, d, p and q have been bounded by [`check_rsa_bits`] and
/// [`check_rsa_private_lengths`].
///
/// # Errors
/// `ERR_KEY_TOO_SMALL` under 2048 bits; `ERR_KEY_TOO_LARGE` over [`MAX_RSA_BITS`], for
/// d, p or q longer than n, or without primes over [`MAX_RSA_RECOVERY_BITS`]; `kind`
/// for anything the `rsa` crate refuses.
pub(crate) fn rsa_private(
    n: &[u8],
    e: &[u8],
    d: &[u8],
    primes: Option<(&[u8], &[u8])>,
    kind: ErrorKind,
) -> Result<rsa::PrivateKey> {
    check_rsa_modulus(n)?;
    check_exponent_length(e, kind)?;
    let mut lengths = vec![("the private exponent d", d)];
    if let Some((p, q)) = primes {
        lengths.extend([("the prime p", p), ("the prime q", q)]);
    }
    check_rsa_private_lengths(n, &lengths)?;
    let bits = bit_length(n);
    if primes.is_none() && bits > MAX_RSA_RECOVERY_BITS {
        return Err(Error::new(
            ErrorKind::KeyTooLarge,
            format!(
                "this {bits}-bit RSA private key has no p and q: they are recovered from n, e and d for keys of up to {MAX_RSA_RECOVERY_BITS} bits; include p, q, dp, dq and qi (RFC 7518 §6.3.2)"
            ),
        ));
    }
    let n = uint(n, "n", kind)?;
    let e = uint(e, "e", kind)?;
    let d = uint(d, "d", kind)?;
    let primes = match primes {
        Some((p, q)) => vec![uint(p, "p", kind)?, uint(q, "q", kind)?],
        None => Vec::new(),
    };
    rsa::PrivateKey::from_components(n, e, d, primes).map_err(|err| rsa_refusal(&err, kind))
}

/// An RSA private key as read (RFC 8017 §3.2): its public key, built and checked
/// when it is read ([`rsa_public`]), and its private numbers, bounded by n and checked
/// for consistency with the engine's own arithmetic ([`RsaPrivate::new`]). The `rsa`
/// crate's key, with its precomputed CRT values (and, for a key read without p and
/// q, its primes recovered), is built only to sign or to be written out
/// ([`RsaPrivate::build`], which the crate validates again): in the page that is its
/// worker's work, so the page's module links neither the crate's key builder nor its
/// prime recovery. The numbers are wiped on drop.
#[derive(Clone)]
pub struct RsaPrivate {
    public: rsa::PublicKey,
    /// n, big-endian without leading zeros (as e, d, p and q).
    pub(super) n: Vec<u8>,
    pub(super) e: Vec<u8>,
    pub(super) d: Zeroizing<Vec<u8>>,
    /// p and q; empty when the key was read without them.
    pub(super) primes: Vec<Zeroizing<Vec<u8>>>,
    /// The reader's error kind, for a refusal when the key is built.
    kind: ErrorKind,
}

impl RsaPrivate {
    /// A private key from n, e, d and, when known, p and q, each already bounded by n
    /// ([`check_rsa_private_lengths`]). With the primes, the numbers are checked as the
    /// `rsa` crate checks them (n odd, d < n, 1 < p, q, p·q = n, p ≠ q,
    /// both of at most half n's bits, d·e ≡ 1 mod p−1 and mod q−1); without them,
    /// only that the key is small enough for its primes to be recovered
    /// ([`MAX_RSA_RECOVERY_BITS`]), which happens (and checks d) when it is built.
    ///
    /// # Errors
    /// As [`rsa_public`]; `ERR_KEY_TOO_LARGE` without primes over
    /// [`MAX_RSA_RECOVERY_BITS`]; `kind` for numbers that are not one key.
    pub(crate) fn new(
        n: &[u8],
        e: &[u8],
        d: &[u8],
        primes: Option<(&[u8], &[u8])>,
        kind: ErrorKind,
    ) -> Result<RsaPrivate> {
        let public = rsa_public(n, e, kind)?;
        let bits = bit_length(n);
        let refused = |err: rsa::Error| rsa_refusal(&err, kind);
        let to_vec = |v: &[u8]| Zeroizing::new(strip_leading_zeros(v).to_vec());
        let primes = match primes {
            None if bits > MAX_RSA_RECOVERY_BITS => {
                return Err(Error::new(
                    ErrorKind::KeyTooLarge,
                    format!(
                        "this {bits}-bit RSA private key has no p and q: they are recovered from n, e and d for keys of up to {MAX_RSA_RECOVERY_BITS} bits; include p, q, dp, dq and qi (RFC 7518 §6.3.2)"
                    ),
                ));
            }
            None => Vec::new(),
            Some((p, q)) => {
                let (nn, ee, dd) = (
                    uint(n, "n", kind)?,
                    uint(e, "e", kind)?,
                    uint(d, "d", kind)?,
                );
                let (pp, qq) = (uint(p, "p", kind)?, uint(q, "q", kind)?);
                let one = BoxedUint::one();
                if n.last().is_none_or(|last| last & 1 == 0) {
                    return Err(refused(rsa::Error::InvalidModulus));
                }
                if !less(&trimmed(&dd), &trimmed(&nn)) {
                    return Err(refused(rsa::Error::InvalidExponent));
                }
                if pp <= one || qq <= one {
                    return Err(refused(rsa::Error::InvalidPrime));
                }
                if trimmed(&pp.concatenating_mul(&qq)) != trimmed(&nn) {
                    return Err(refused(rsa::Error::InvalidModulus));
                }
                // p·q = n. The same prime twice is not a key (RFC 8017 §3.2: distinct
                // primes), and the crate refuses it when it builds the key. (Two
                // composite numbers sharing a factor it refuses too, with no inverse
                // of q mod p; telling those apart here would link a gcd, 2.7 KB gzip,
                // for numbers that are not primes at all: the crate's refusal says
                // they are invalid when such a key is built to sign.)
                if pp == qq {
                    return Err(Error::new(
                        kind,
                        "p and q are the same number: an RSA modulus is the product of distinct primes (RFC 8017 §3.2)",
                    ));
                }
                // The key is built with the crate's `from_components`, which holds
                // each of two primes in half of n's bits (its CRT width; the crate
                // asks that a wider policy be fixed configuration, never chosen from
                // the secret primes): a wider prime makes a key it refuses.
                let half = bits.div_ceil(2);
                if let Some((name, width)) = [("p", bit_length(p)), ("q", bit_length(q))]
                    .into_iter()
                    .find(|&(_, width)| width > half)
                {
                    return Err(Error::new(
                        kind,
                        format!(
                            "the prime {name} is {width} bits, more than half of the {bits}-bit modulus ({half} bits): RSA keys with unbalanced primes are not supported"
                        ),
                    ));
                }
                let de = dd.concatenating_mul(&ee);
                for prime in [&pp, &qq] {
                    let below = NonZero::new(prime.wrapping_sub(&one))
                        .into_option()
                        .ok_or_else(|| refused(rsa::Error::InvalidPrime))?;
                    if !bool::from(de.rem(&below).is_one()) {
                        return Err(refused(rsa::Error::InvalidExponent));
                    }
                }
                vec![to_vec(p), to_vec(q)]
            }
        };
        Ok(RsaPrivate {
            public,
            n: strip_leading_zeros(n).to_vec(),
            e: strip_leading_zeros(e).to_vec(),
            d: to_vec(d),
            primes,
            kind,
        })
    }

    /// The numbers of a key the `rsa` crate built (a generated key).
    pub(crate) fn of(key: &rsa::PrivateKey) -> RsaPrivate {
        let bytes = |v: &BoxedUint| Zeroizing::new(v.to_be_bytes_trimmed_vartime().to_vec());
        let primes = key.primes();
        RsaPrivate {
            public: key.to_public_key(),
            n: key.n().to_be_bytes_trimmed_vartime().to_vec(),
            e: key.e().to_be_bytes_trimmed_vartime().to_vec(),
            d: bytes(key.d()),
            primes: if primes.len() == 2 {
                primes.iter().map(|p| bytes(p.as_ref())).collect()
            } else {
                Vec::new()
            },
            kind: ErrorKind::KeyFormat,
        }
    }

    /// The public key.
    pub fn public(&self) -> &rsa::PublicKey {
        &self.public
    }

    /// The `rsa` crate's key, for signing and writing out: built and validated by the
    /// crate ([`rsa_private`]; primes recovered for a key read without them).
    ///
    /// # Errors
    /// The reader's error kind for numbers the crate refuses (a wrong d, when the
    /// primes were recovered).
    pub(crate) fn build(&self) -> Result<rsa::PrivateKey> {
        let primes = match self.primes.as_slice() {
            [p, q] => Some((p.as_slice(), q.as_slice())),
            _ => None,
        };
        rsa_private(&self.n, &self.e, &self.d, primes, self.kind)
    }

    /// Every number, the CRT values computed by the crate ([`rsa_numbers`]).
    ///
    /// # Errors
    /// As [`RsaPrivate::build`] and [`rsa_numbers`].
    pub(crate) fn all_numbers(&self) -> Result<RsaNumbers> {
        rsa_numbers(&self.build()?)
    }

    /// Whether the CRT values a key text gave (dp, dq, qi) are those of p, q and d
    /// (RFC 8017 §3.2): each of the three, in that order; all `true` for a key read
    /// without primes (there is nothing to compare with until it is built).
    pub(crate) fn crt_matches(&self, given: [&[u8]; 3]) -> [bool; 3] {
        let [p, q] = self.primes.as_slice() else {
            return [true; 3];
        };
        let (Ok(p), Ok(q), Ok(d)) = (
            uint(p, "p", self.kind),
            uint(q, "q", self.kind),
            uint(&self.d, "d", self.kind),
        ) else {
            return [false; 3];
        };
        let one = BoxedUint::one();
        let modulus = |v: &BoxedUint| NonZero::new(v.clone()).into_option();
        let below = |v: &BoxedUint| modulus(&v.wrapping_sub(&one));
        let same = |computed: Option<BoxedUint>, given: &[u8]| {
            computed.is_some_and(|c| trimmed(&c) == strip_leading_zeros(given))
        };
        let [dp, dq, qi] = given;
        let qi_ok = uint(qi, "qi", self.kind)
            .ok()
            .zip(modulus(&p))
            .is_some_and(|(qi, m)| {
                less(&trimmed(&qi), &trimmed(&p))
                    && bool::from(qi.concatenating_mul(&q).rem(&m).is_one())
            });
        [
            same(below(&p).map(|m| d.rem(&m)), dp),
            same(below(&q).map(|m| d.rem(&m)), dq),
            qi_ok,
        ]
    }
}

/// A number's big-endian bytes without leading zeros.
fn trimmed(v: &BoxedUint) -> Vec<u8> {
    strip_leading_zeros(&v.to_be_bytes()).to_vec()
}

/// a < b, for big-endian numbers without leading zeros.
fn less(a: &[u8], b: &[u8]) -> bool {
    a.len() < b.len() || (a.len() == b.len() && a < b)
}

/// Every number of a two-prime RSA private key, big-endian with no leading zeros
/// (RFC 7518 §6.3.2 members; RFC 8017 Appendix A.1.2 fields). Wiped on drop.
pub(crate) struct RsaNumbers {
    pub n: Vec<u8>,
    pub e: Vec<u8>,
    pub d: Zeroizing<Vec<u8>>,
    pub p: Zeroizing<Vec<u8>>,
    pub q: Zeroizing<Vec<u8>>,
    pub dp: Zeroizing<Vec<u8>>,
    pub dq: Zeroizing<Vec<u8>>,
    pub qi: Zeroizing<Vec<u8>>,
}

/// Reads every number of an RSA private key back: the CRT values are the ones the
/// `rsa` crate computed when it built the key (`rsa::PrivateKey::from_components`
/// validates the key and precomputes them: `dp = d mod (p−1)`, `dq = d mod (q−1)`,
/// `qi = q⁻¹ mod p`, RFC 8017 §3.2), so the readers can compare a key's own CRT values
/// with them.
///
/// # Errors
/// `ERR_KEY_ENCODING` if the key has no CRT values: a multi-prime key (since rsa
/// 0.10.0 `from_components` refuses p and q with a common factor rather than leave
/// them without CRT values).
pub(crate) fn rsa_numbers(key: &rsa::PrivateKey) -> Result<RsaNumbers> {
    let missing = || {
        Error::new(
            ErrorKind::KeyEncoding,
            "the RSA private key cannot be encoded: it is not a two-prime key with CRT values",
        )
    };
    let secret = |v: &BoxedUint| {
        let all = Zeroizing::new(v.to_be_bytes());
        Zeroizing::new(strip_leading_zeros(&all).to_vec())
    };
    let [p, q] = key.primes() else {
        return Err(missing());
    };
    let qi = Zeroizing::new(key.qinv().ok_or_else(missing)?.retrieve());
    Ok(RsaNumbers {
        n: strip_leading_zeros(&key.n().to_be_bytes()).to_vec(),
        e: strip_leading_zeros(&key.e().to_be_bytes()).to_vec(),
        d: secret(key.d()),
        p: secret(p),
        q: secret(q),
        dp: secret(key.dp().ok_or_else(missing)?),
        dq: secret(key.dq().ok_or_else(missing)?),
        qi: secret(&qi),
    })
}

/// An EC public key from its affine coordinates, each exactly the field size; `None`
/// if the lengths are wrong, a coordinate is not below p, or the point is not on the
/// curve (SEC 1 §3.2.2.1's checks for an affine point, through the curve crate's
/// `AffineCoordinates::from_coordinates`: y² = x³ + ax + b) or is the identity. Not
/// through the crate's SEC1 decoder, which links each curve's square root (for
/// compressed points) into whatever builds a key from coordinates (the workers'
/// module: ~15 KB).
pub(crate) fn ec_point<C>(x: &[u8], y: &[u8]) -> Option<p256::elliptic_curve::PublicKey<C>>
where
    C: CurveArithmetic,
{
    let x = FieldBytes::<C>::try_from(x).ok()?;
    let y = FieldBytes::<C>::try_from(y).ok()?;
    let point = AffinePoint::<C>::from_coordinates(&x, &y).into_option()?;
    let point = p256::elliptic_curve::point::NonIdentity::new(point).into_option()?;
    Some(p256::elliptic_curve::PublicKey::<C>::from(point))
}

/// The affine coordinates of an EC public key, each exactly the field size
/// (RFC 7518 §6.2.1.2–3).
pub(crate) fn ec_coordinates<C>(key: &p256::elliptic_curve::PublicKey<C>) -> (Vec<u8>, Vec<u8>)
where
    C: CurveArithmetic,
    FieldBytesSize<C>: ModulusSize,
    AffinePoint<C>: FromSec1Point<C> + ToSec1Point<C>,
{
    let point = key.to_sec1_point(false);
    let x = point.x().map(|x| x.to_vec()).unwrap_or_default();
    let y = point.y().map(|y| y.to_vec()).unwrap_or_default();
    (x, y)
}

impl PrivateKey {
    /// The matching public key: a copy of the public half the key holds (computed
    /// once, when the key was built), never a new scalar multiplication.
    pub fn public_key(&self) -> PublicKey {
        match self {
            PrivateKey::Rsa(k) => PublicKey::Rsa(k.public().clone()),
            PrivateKey::P256(k) => PublicKey::P256(k.verifying_key().into()),
            PrivateKey::P384(k) => PublicKey::P384(k.verifying_key().into()),
            PrivateKey::P521(k) => PublicKey::P521(k.verifying_key().into()),
            PrivateKey::Secp256k1(k) => PublicKey::Secp256k1(k.verifying_key().into()),
            PrivateKey::Ed25519(k) => PublicKey::Ed25519(k.verifying_key()),
        }
    }

    /// The private scalar of an EC or Ed25519 key, exactly the field size
    /// (RFC 7518 §6.2.2.1, RFC 8037 §2); `None` for RSA.
    pub(crate) fn scalar_bytes(&self) -> Option<Zeroizing<Vec<u8>>> {
        let bytes = match self {
            PrivateKey::Rsa(_) => return None,
            PrivateKey::P256(k) => k.to_bytes().to_vec(),
            PrivateKey::P384(k) => k.to_bytes().to_vec(),
            PrivateKey::P521(k) => k.to_bytes().to_vec(),
            PrivateKey::Secp256k1(k) => k.to_bytes().to_vec(),
            PrivateKey::Ed25519(k) => k.to_bytes().to_vec(),
        };
        Some(Zeroizing::new(bytes))
    }
}

impl PublicKey {
    /// The affine coordinates (x, y) of an EC key, or (x, empty) for Ed25519
    /// (RFC 8037 §2); `None` for RSA.
    pub(crate) fn coordinates(&self) -> Option<(Vec<u8>, Vec<u8>)> {
        match self {
            PublicKey::Rsa(_) => None,
            PublicKey::P256(k) => Some(ec_coordinates(k)),
            PublicKey::P384(k) => Some(ec_coordinates(k)),
            PublicKey::P521(k) => Some(ec_coordinates(k)),
            PublicKey::Secp256k1(k) => Some(ec_coordinates(k)),
            PublicKey::Ed25519(k) => Some((k.to_bytes().to_vec(), Vec::new())),
        }
    }

    /// An EC public key on `curve` from its coordinates; `None` if they are not exactly
    /// the field size or not a point on the curve. Ed25519 takes `x` only.
    pub(crate) fn from_coordinates(curve: Curve, x: &[u8], y: &[u8]) -> Option<PublicKey> {
        match curve {
            Curve::P256 => ec_point::<p256::NistP256>(x, y).map(PublicKey::P256),
            Curve::P384 => ec_point::<p384::NistP384>(x, y).map(PublicKey::P384),
            Curve::P521 => ec_point::<p521::NistP521>(x, y).map(PublicKey::P521),
            Curve::Secp256k1 => ec_point::<secp256k1::Secp256k1>(x, y).map(PublicKey::Secp256k1),
            Curve::Ed25519 => {
                let bytes: [u8; 32] = x.try_into().ok()?;
                ed25519_dalek::VerifyingKey::from_bytes(&bytes)
                    .ok()
                    .map(PublicKey::Ed25519)
            }
        }
    }
}

impl PrivateKey {
    /// An EC or Ed25519 private key on `curve` from its scalar, exactly the field size;
    /// `None` if the length is wrong or the scalar is zero or not below the order.
    pub(crate) fn from_scalar(curve: Curve, d: &[u8]) -> Option<PrivateKey> {
        if d.len() != curve.field_bytes() {
            return None;
        }
        match curve {
            Curve::P256 => p256::ecdsa::SigningKey::from_slice(d)
                .ok()
                .map(PrivateKey::P256),
            Curve::P384 => p384::ecdsa::SigningKey::from_slice(d)
                .ok()
                .map(PrivateKey::P384),
            Curve::P521 => p521::ecdsa::SigningKey::from_slice(d)
                .ok()
                .map(PrivateKey::P521),
            Curve::Secp256k1 => secp256k1::ecdsa::SigningKey::from_slice(d)
                .ok()
                .map(PrivateKey::Secp256k1),
            Curve::Ed25519 => {
                let bytes: Zeroizing<[u8; 32]> = Zeroizing::new(d.try_into().ok()?);
                Some(PrivateKey::Ed25519(ed25519_dalek::SigningKey::from_bytes(
                    &bytes,
                )))
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    /// A private key without p and q is built by recovering them (NIST SP 800-56B
    /// Appendix C.2), which needs e above 2^16: with e = 3 the refusal says so and
    /// how to give the key, not that its numbers are wrong.
    #[test]
    fn a_small_exponent_key_without_primes_says_they_cannot_be_recovered() {
        let mut rng = rand_core::UnwrapErr(getrandom::SysRng);
        let full = rsa::PrivateKey::new_with_exp(&mut rng, 2048, BoxedUint::from(3u32)).unwrap();
        let bytes = |v: &BoxedUint| v.to_be_bytes_trimmed_vartime().to_vec();
        let (n, e, d) = (bytes(full.n()), bytes(full.e()), bytes(full.d()));
        let kind = ErrorKind::KeyJwk;
        let bare = RsaPrivate::new(&n, &e, &d, None, kind).unwrap();
        let err = bare.build().unwrap_err();
        assert_eq!(err.kind(), kind);
        assert!(
            err.message().contains("cannot be recovered"),
            "{}",
            err.message()
        );
        assert!(err.message().contains("include p, q"), "{}", err.message());
        // With its primes, the same numbers are one valid key.
        let primes = full.primes();
        let (p, q) = (bytes(&primes[0]), bytes(&primes[1]));
        assert!(RsaPrivate::new(&n, &e, &d, Some((&p, &q)), kind)
            .unwrap()
            .build()
            .is_ok());
    }

    /// The engine's check of an RSA private key's numbers (what the page runs when a
    /// key is read) and the `rsa` crate's (what builds the key to sign, in the worker
    /// and the CLI) agree: on the key itself and on every single-byte corruption of
    /// d, p or q, and of the CRT values.
    /// The named members of an RSA JWK, decoded from base64url, as raw numbers.
    fn jwk_numbers<const N: usize>(jwk: &str, names: [&str; N]) -> [Vec<u8>; N] {
        let jwk: serde_json::Value = serde_json::from_str(jwk).unwrap();
        names.map(|m| crate::jose::b64::decode_strict(jwk[m].as_str().unwrap()).unwrap())
    }

    #[test]
    fn the_engines_rsa_private_check_agrees_with_the_crates() {
        let [n, e, d, p, q, dp, dq, qi] = jwk_numbers(
            super::super::fixtures::RFC7515_RSA,
            ["n", "e", "d", "p", "q", "dp", "dq", "qi"],
        );
        let kind = ErrorKind::KeyJwk;
        let ours = |d: &[u8], p: &[u8], q: &[u8]| RsaPrivate::new(&n, &e, d, Some((p, q)), kind);
        let crate_says = |d: &[u8], p: &[u8], q: &[u8]| rsa_private(&n, &e, d, Some((p, q)), kind);
        let key = ours(&d, &p, &q).unwrap();
        assert!(crate_says(&d, &p, &q).is_ok());
        assert_eq!(key.crt_matches([&dp, &dq, &qi]), [true; 3]);
        assert_eq!(key.all_numbers().unwrap().qi.as_slice(), qi.as_slice());
        let mut refused = 0;
        for which in 0..3 {
            for at in [0, 1, 17, 63, 64, 100] {
                let mut numbers = [d.clone(), p.clone(), q.clone()];
                let Some(byte) = numbers[which].get_mut(at) else {
                    continue;
                };
                *byte ^= 0x10;
                let [d, p, q] = &numbers;
                let (a, b) = (ours(d, p, q), crate_says(d, p, q));
                assert_eq!(a.is_ok(), b.is_ok(), "number {which}, byte {at}");
                if let (Err(a), Err(b)) = (a, b) {
                    assert_eq!(a.kind(), b.kind());
                    refused += 1;
                }
            }
        }
        assert!(refused >= 12, "{refused}");
        for which in 0..3 {
            let mut crt = [dp.clone(), dq.clone(), qi.clone()];
            crt[which][5] ^= 1;
            let mut expected = [true; 3];
            expected[which] = false;
            assert_eq!(key.crt_matches([&crt[0], &crt[1], &crt[2]]), expected);
        }
        // Without primes, the numbers are checked when the key is built.
        let bare = RsaPrivate::new(&n, &e, &d, None, kind).unwrap();
        assert_eq!(bare.crt_matches([&[], &[], &[]]), [true; 3]);
        assert_eq!(bare.all_numbers().unwrap().p.len(), p.len());
        let mut wrong = d.clone();
        wrong[3] ^= 1;
        let wrong = RsaPrivate::new(&n, &e, &wrong, None, kind).unwrap();
        assert_eq!(wrong.build().map_err(|e| e.kind()).err(), Some(kind));
    }

    /// Keys whose numbers multiply and invert right but which the crate will not
    /// build (tests/vectors/keys/rsa-odd-keys.py): the engine refuses them when read,
    /// so no key is shown as read and then fails to sign.
    #[test]
    fn keys_the_crate_will_not_build_are_refused_when_read() {
        for (text, needle) in [
            (
                include_str!("../../../tests/vectors/keys/rsa2048.repeated-prime.jwk"),
                "p and q are the same number",
            ),
            (
                include_str!("../../../tests/vectors/keys/rsa2048.unbalanced.jwk"),
                "the prime p is 1030 bits",
            ),
        ] {
            let [n, e, d, p, q] = jwk_numbers(text, ["n", "e", "d", "p", "q"]);
            let kind = ErrorKind::KeyJwk;
            let crate_says = rsa_private(&n, &e, &d, Some((&p, &q)), kind);
            assert!(crate_says.is_err(), "{needle}");
            let ours = RsaPrivate::new(&n, &e, &d, Some((&p, &q)), kind)
                .err()
                .unwrap();
            assert_eq!(ours.kind(), kind);
            assert!(ours.message().contains(needle), "{}", ours.message());
        }
    }

    #[test]
    fn bit_lengths() {
        assert_eq!(bit_length(&[]), 0);
        assert_eq!(bit_length(&[0, 0]), 0);
        assert_eq!(bit_length(&[0, 1]), 1);
        assert_eq!(bit_length(&[0x80, 0]), 16);
        assert_eq!(bit_length(&[0, 0x7f, 0xff]), 15);
    }

    #[test]
    fn small_and_huge_moduli_are_refused_before_arithmetic() {
        let small = [0xffu8; 128];
        let e = rsa_public(&small, &[1, 0, 1], ErrorKind::KeyEncoding).err();
        assert_eq!(e.as_ref().map(Error::kind), Some(ErrorKind::KeyTooSmall));
        assert!(e
            .map(|e| e.to_string())
            .unwrap_or_default()
            .contains("1024 bits"));
        let huge = vec![0xffu8; 2000];
        let e = rsa_public(&huge, &[1, 0, 1], ErrorKind::KeyEncoding).err();
        assert_eq!(e.map(|e| e.kind()), Some(ErrorKind::KeyTooLarge));
    }

    #[test]
    fn huge_exponent_is_refused() {
        let mut n = vec![0xffu8; 256];
        n[255] = 0xfd;
        let e = rsa_public(&n, &[0xff; 64], ErrorKind::KeyJwk).err();
        assert_eq!(e.as_ref().map(Error::kind), Some(ErrorKind::KeyJwk));
        assert!(e
            .map(|e| e.to_string())
            .unwrap_or_default()
            .contains("RSADoS"));
        let e = rsa_public(&n, &[2], ErrorKind::KeyJwk).err();
        assert_eq!(e.map(|e| e.kind()), Some(ErrorKind::KeyJwk));
    }

    #[test]
    fn off_curve_point_is_none() {
        assert!(PublicKey::from_coordinates(Curve::P256, &[1; 32], &[2; 32]).is_none());
        assert!(PublicKey::from_coordinates(Curve::P256, &[1; 31], &[2; 32]).is_none());
        assert!(PrivateKey::from_scalar(Curve::P256, &[0; 32]).is_none());
        assert!(PrivateKey::from_scalar(Curve::P256, &[1; 31]).is_none());
    }

    /// Review: `from_coordinates` promises `None` unless x and y are each exactly the
    /// field size. For secp256k1 it concatenates `04 ‖ x ‖ y` first, so a 31-byte x and
    /// a 33-byte y that together spell a valid point are accepted (the JWK reader checks
    /// lengths first today, so this is latent).
    #[test]
    fn review_secp256k1_coordinates_must_each_be_32_bytes() {
        use p256::elliptic_curve::sec1::ToSec1Point;
        let public = secp256k1::SecretKey::from_slice(&[9; 32])
            .unwrap()
            .public_key();
        let point = public.to_sec1_point(false).as_bytes().to_vec();
        let (x, y) = (&point[1..33], &point[33..]);
        assert!(PublicKey::from_coordinates(Curve::Secp256k1, x, y).is_some());
        let (short_x, long_y) = (&point[1..32], &point[32..]);
        assert!(
            PublicKey::from_coordinates(Curve::Secp256k1, short_x, long_y).is_none(),
            "31-byte x and 33-byte y accepted"
        );
        // P-256 refuses the same shape.
        assert!(PublicKey::from_coordinates(Curve::P256, &[1; 31], &[2; 33]).is_none());
    }

    /// `ec_point` (the curve equation, then not the identity) decides as the crates'
    /// SEC1 decoder does for an uncompressed point, on every curve: a real point,
    /// the point with y changed, a coordinate not below p.
    #[test]
    fn coordinates_are_checked_as_the_crates_sec1_decoder_checks_them() {
        fn agree<C>(scalar: &[u8])
        where
            C: CurveArithmetic,
            FieldBytesSize<C>: ModulusSize,
            AffinePoint<C>: FromSec1Point<C> + ToSec1Point<C>,
        {
            let key = p256::elliptic_curve::SecretKey::<C>::from_slice(scalar)
                .unwrap()
                .public_key();
            let (x, y) = ec_coordinates(&key);
            let mut bad_y = y.clone();
            *bad_y.last_mut().unwrap() ^= 1;
            let high = vec![0xff; x.len()];
            for (x, y) in [(&x, &y), (&x, &bad_y), (&high, &y), (&x, &high)] {
                let sec1 = [&[4u8][..], x, y].concat();
                let theirs = p256::elliptic_curve::PublicKey::<C>::from_sec1_bytes(&sec1).ok();
                assert_eq!(ec_point::<C>(x, y), theirs);
            }
            assert!(ec_point::<C>(&x, &y).is_some());
        }
        agree::<p256::NistP256>(&[7; 32]);
        agree::<p384::NistP384>(&[7; 48]);
        agree::<p521::NistP521>(&[[1u8].as_slice(), &[7; 65]].concat());
        agree::<secp256k1::Secp256k1>(&[7; 32]);
        agree::<k256::Secp256k1>(&[7; 32]);
    }
}
