//! The DER inside PEM armour: SubjectPublicKeyInfo (RFC 5280 §4.1.2.7), PKCS#1
//! (RFC 8017 Appendix A.1), X.509 certificates (RFC 5280 §4.1, walked in
//! [`super::x509`]), PKCS#8 (RFC 5208 §5, RFC 5958) and SEC1 `ECPrivateKey`
//! (RFC 5915 §3). Every structure is read by the engine's own DER reader
//! ([`super::structures`] on [`super::der_reader`]); keys are built from what they
//! hold with the key crates' constructors, checked as the crates checked them. This
//! module dispatches on algorithm and curve OIDs and turns refusals into messages
//! that say which structure, which curve and which label would fit.

use std::fmt::Display;

use p256::elliptic_curve::sec1::{FromSec1Point, ModulusSize, ToSec1Point};
use p256::elliptic_curve::{AffinePoint, CurveArithmetic, FieldBytesSize};

use super::der_reader::{self, dotted, oid, DerError, DerErrorKind, TagName, SEQUENCE};
use super::material::{check_rsa_private_lengths, rsa_public, RsaPrivate};
use super::structures::{self, Sec1Curve};
use super::{sec1, x509, KeyFormat, KeyMaterial, PrivateKey, PublicKey};
use crate::jose::alg::Curve;
use crate::jose::error::{Error, ErrorKind, Result};
use crate::jose::secp256k1;

/// Key algorithms and curves this engine does not support, by OID, for messages.
const UNSUPPORTED: [(&str, &str); 12] = [
    ("1.3.101.113", "Ed448"),
    ("1.3.101.110", "X25519 (key agreement, not signatures)"),
    ("1.3.101.111", "X448 (key agreement, not signatures)"),
    ("1.2.840.10040.4.1", "DSA"),
    ("1.2.840.113549.1.1.7", "RSA-OAEP (encryption only)"),
    ("1.2.840.10045.3.1.1", "P-192"),
    ("1.3.132.0.33", "P-224"),
    ("1.3.36.3.3.2.8.1.1.7", "brainpoolP256r1"),
    ("1.3.36.3.3.2.8.1.1.11", "brainpoolP384r1"),
    ("1.3.36.3.3.2.8.1.1.13", "brainpoolP512r1"),
    ("1.2.156.10197.1.301", "SM2"),
    ("1.2.643.7.1.1.1.1", "GOST R 34.10-2012"),
];

/// An OID for a message: its name where this engine knows it, and its dotted form.
fn oid_name(oid: &[u8]) -> String {
    let dotted = dotted(oid).unwrap_or_default();
    match UNSUPPORTED.iter().find(|(o, _)| *o == dotted) {
        Some((_, name)) => format!("{name} ({dotted})"),
        None => format!("OID {dotted}"),
    }
}

/// Decodes the DER of a PEM block whose label announced `format`.
///
/// # Errors
/// `ERR_KEY_PEM_ARMOUR` when the DER is cut short; `ERR_KEY_ENCODING` when it is not
/// the announced structure (naming the label it looks like) or its key is invalid;
/// `ERR_KEY_TYPE` / `ERR_KEY_CURVE` for unsupported algorithms and curves;
/// `ERR_KEY_TOO_SMALL` for RSA under 2048 bits; `ERR_KEY_TOO_LARGE` for a modulus
/// over [`super::MAX_RSA_BITS`] or an RSA private number longer than the modulus.
pub(super) fn decode(
    format: KeyFormat,
    der: &[u8],
    notes: &mut Vec<String>,
) -> Result<KeyMaterial> {
    check_outer(der)?;
    match format {
        KeyFormat::PemSpki => {
            let spki = structures::spki(der).map_err(|e| mismatch(format, der, &e))?;
            public_from_spki(&spki, notes).map(KeyMaterial::Public)
        }
        KeyFormat::PemPkcs1Public => {
            let (n, e) = der_reader::integer_pair(der).map_err(|e| mismatch(format, der, &e))?;
            rsa_public(n, e, ErrorKind::KeyEncoding).map(|k| KeyMaterial::Public(PublicKey::Rsa(k)))
        }
        KeyFormat::PemCertificate => x509::certificate(der, notes).map(KeyMaterial::Public),
        KeyFormat::PemPkcs8 => pkcs8_private(der, notes).map(KeyMaterial::Private),
        KeyFormat::PemPkcs1Private => {
            pkcs1_private(der, format).map(|k| KeyMaterial::Private(PrivateKey::Rsa(Box::new(k))))
        }
        KeyFormat::PemSec1 => sec1_private(der, notes).map(KeyMaterial::Private),
        _ => Err(Error::new(ErrorKind::KeyFormat, "not a PEM format")),
    }
}

/// One complete DER SEQUENCE, nothing missing and nothing after it.
fn check_outer(der: &[u8]) -> Result<()> {
    match der_reader::whole(der) {
        Ok(tlv) if tlv.tag == SEQUENCE => Ok(()),
        Ok(tlv) => Err(Error::new(
            ErrorKind::KeyEncoding,
            format!("the PEM body is DER {} where a key is a SEQUENCE", TagName(tlv.tag)),
        )),
        Err(DerError {
            kind: DerErrorKind::Truncated { end, limit },
            ..
        }) => Err(Error::new(
            ErrorKind::KeyPemArmour,
            format!(
                "the base64 body is short: its DER announces {end} bytes but only {limit} are there (lines are missing from the body, or the DER's length was changed)"
            ),
        )),
        Err(DerError {
            kind: DerErrorKind::Trailing { used, left },
            ..
        }) => Err(Error::new(
            ErrorKind::KeyEncoding,
            format!(
                "{left} stray byte{} follow the {used}-byte DER structure in the PEM body",
                if left == 1 { "" } else { "s" }
            ),
        )),
        Err(e) => Err(Error::new(
            ErrorKind::KeyEncoding,
            format!("the PEM body is not DER: {e}"),
        )),
    }
}

fn structure(format: KeyFormat) -> &'static str {
    match format {
        KeyFormat::PemSpki => "a SubjectPublicKeyInfo (RFC 5280 §4.1.2.7)",
        KeyFormat::PemPkcs1Public => "a PKCS#1 RSAPublicKey (RFC 8017 Appendix A.1.1)",
        KeyFormat::PemCertificate => "an X.509 certificate (RFC 5280 §4.1)",
        KeyFormat::PemPkcs8 => "a PKCS#8 PrivateKeyInfo (RFC 5208 §5)",
        KeyFormat::PemPkcs1Private => "a PKCS#1 RSAPrivateKey (RFC 8017 Appendix A.1.2)",
        KeyFormat::PemSec1 => "a SEC1 ECPrivateKey (RFC 5915 §3)",
        _ => "a key",
    }
}

/// The DER is not the structure its label announced: say so, and which label fits.
pub(super) fn mismatch(format: KeyFormat, der: &[u8], detail: &dyn Display) -> Error {
    let label = format.pem_label().unwrap_or("PEM");
    let mut message = format!(
        "the DER inside the {label} armour is not {} ({detail})",
        structure(format)
    );
    if let Some(other) = sniff(der).filter(|other| *other != label) {
        message.push_str(&format!(
            "; it looks like {other}: relabel the armour \"-----BEGIN {other}-----\" … \"-----END {other}-----\""
        ));
    }
    Error::new(ErrorKind::KeyEncoding, message)
}

/// Which PEM label the DER's structure fits, if any.
pub(super) fn sniff(der: &[u8]) -> Option<&'static str> {
    if structures::spki(der).is_ok() {
        Some("PUBLIC KEY")
    } else if structures::pkcs8(der).is_ok() {
        Some("PRIVATE KEY")
    } else if der_reader::integer_pair(der).is_ok() {
        Some("RSA PUBLIC KEY")
    } else if structures::rsa_private_key(der).is_ok() {
        Some("RSA PRIVATE KEY")
    } else if structures::sec1(der).is_ok() {
        Some("EC PRIVATE KEY")
    } else if x509::certificate_fields(der).is_ok() {
        Some("CERTIFICATE")
    } else {
        None
    }
}

fn curve_for_oid(curve: &[u8]) -> Result<Curve> {
    match curve {
        oid::P256 => Ok(Curve::P256),
        oid::P384 => Ok(Curve::P384),
        oid::P521 => Ok(Curve::P521),
        oid::SECP256K1 => Ok(Curve::Secp256k1),
        _ => Err(Error::new(
            ErrorKind::KeyCurve,
            format!(
                "the EC curve {} is not supported: JWS uses P-256, P-384, P-521 and secp256k1",
                oid_name(curve)
            ),
        )),
    }
}

fn unsupported_algorithm(oid: &[u8]) -> Error {
    Error::new(
        ErrorKind::KeyType,
        format!(
            "{} keys are not supported: JWS signs with RSA, EC (P-256, P-384, P-521, secp256k1) and Ed25519 keys",
            oid_name(oid)
        ),
    )
}

/// The public key of a SubjectPublicKeyInfo, by its algorithm OID.
pub(super) fn public_from_spki(
    spki: &structures::Spki<'_>,
    notes: &mut Vec<String>,
) -> Result<PublicKey> {
    let oid = spki.algorithm;
    let bits = match spki.key {
        (0, bits) => bits,
        _ => {
            return Err(Error::new(
                ErrorKind::KeyEncoding,
                "the subjectPublicKey BIT STRING has unused bits",
            ))
        }
    };
    if oid == oid::RSA_ENCRYPTION || oid == oid::RSASSA_PSS {
        if oid == oid::RSASSA_PSS {
            notes.push("an RSASSA-PSS key: its PSS parameters, if any, are not enforced".into());
        }
        let (n, e) = der_reader::integer_pair(bits).map_err(|e| {
            Error::new(
                ErrorKind::KeyEncoding,
                format!("the RSA key inside the SubjectPublicKeyInfo does not decode: {e}"),
            )
        })?;
        return rsa_public(n, e, ErrorKind::KeyEncoding).map(PublicKey::Rsa);
    }
    if oid == oid::EC_PUBLIC_KEY {
        let curve_oid = spki.parameters.and_then(|p| p.as_oid()).ok_or_else(|| {
            Error::new(
                ErrorKind::KeyCurve,
                "the EC key names no curve (explicit curve parameters are not supported): re-export it with `openssl pkey -in key.pem -pubout -ec_param_enc named_curve`",
            )
        })?;
        let curve = curve_for_oid(curve_oid)?;
        return ec_public_from_sec1(curve, bits);
    }
    if oid == oid::ED25519 {
        let bytes: [u8; 32] = bits.try_into().map_err(|_| {
            Error::new(
                ErrorKind::KeyEncoding,
                format!("an Ed25519 public key is 32 bytes, not {}", bits.len()),
            )
        })?;
        return ed25519_dalek::VerifyingKey::from_bytes(&bytes)
            .map(PublicKey::Ed25519)
            .map_err(|_| {
                Error::new(
                    ErrorKind::KeyEncoding,
                    "the Ed25519 public key is not a point on the curve",
                )
            });
    }
    Err(unsupported_algorithm(oid))
}

/// An EC public key from a SEC1 point encoding (SEC 1 §2.3.4), compressed or not
/// ([`sec1::public_key`]).
pub(super) fn ec_public_from_sec1(curve: Curve, point: &[u8]) -> Result<PublicKey> {
    let key = match curve {
        Curve::P256 => sec1::public_key(point).map(PublicKey::P256),
        Curve::P384 => sec1::public_key(point).map(PublicKey::P384),
        Curve::P521 => sec1::public_key(point).map(PublicKey::P521),
        Curve::Secp256k1 => sec1::public_key(point).map(PublicKey::Secp256k1),
        Curve::Ed25519 => None,
    };
    key.ok_or_else(|| {
        Error::new(
            ErrorKind::KeyEncoding,
            format!(
                "the EC public key is not a valid point on {} ({} bytes)",
                curve.jwk_name(),
                point.len()
            ),
        )
    })
}

/// A PKCS#1 RSAPrivateKey, checked for consistency ([`RsaPrivate::new`]): the CRT
/// values stored in the file must equal those computed from p, q and d.
fn pkcs1_private(der: &[u8], format: KeyFormat) -> Result<RsaPrivate> {
    let parsed = structures::rsa_private_key(der).map_err(|e| mismatch(format, der, &e))?;
    if parsed.multi_prime {
        return Err(Error::new(
            ErrorKind::KeyEncoding,
            "multi-prime RSA keys (RFC 8017 §3.2 with more than two primes) are not supported",
        ));
    }
    let [n, e, d, p, q, dp, dq, qi] = parsed.numbers;
    check_rsa_private_lengths(
        n,
        &[
            ("privateExponent (d)", d),
            ("prime1 (p)", p),
            ("prime2 (q)", q),
            ("exponent1 (dp)", dp),
            ("exponent2 (dq)", dq),
            ("coefficient (qi)", qi),
        ],
    )?;
    let key = RsaPrivate::new(n, e, d, Some((p, q)), ErrorKind::KeyEncoding)?;
    if key.crt_matches([dp, dq, qi]).contains(&false) {
        return Err(Error::new(
            ErrorKind::KeyEncoding,
            "the RSA key's CRT values (exponent1, exponent2, coefficient) do not match p, q and d: the key is corrupt",
        ));
    }
    Ok(key)
}

pub(super) fn pkcs8_private(der: &[u8], notes: &mut Vec<String>) -> Result<PrivateKey> {
    let info = structures::pkcs8(der).map_err(|e| mismatch(KeyFormat::PemPkcs8, der, &e))?;
    let oid = info.algorithm;
    let refused = |curve: &str, why: &str| {
        Error::new(
            ErrorKind::KeyEncoding,
            format!("the {curve} private key inside the PKCS#8 does not decode: {why}"),
        )
    };
    if oid == oid::RSA_ENCRYPTION || oid == oid::RSASSA_PSS {
        if oid == oid::RSASSA_PSS {
            notes.push("an RSASSA-PSS key: its PSS parameters, if any, are not enforced".into());
        }
        let key =
            pkcs1_private(info.private_key, KeyFormat::PemPkcs1Private).map_err(|e| {
                match e.kind() {
                    ErrorKind::KeyEncoding => Error::new(
                        ErrorKind::KeyEncoding,
                        format!("the RSA key inside the PKCS#8: {}", e.message()),
                    ),
                    _ => e,
                }
            })?;
        return Ok(PrivateKey::Rsa(Box::new(key)));
    }
    if oid == oid::EC_PUBLIC_KEY {
        let curve_oid = info.parameters.and_then(|p| p.as_oid()).ok_or_else(|| {
            Error::new(
                ErrorKind::KeyCurve,
                "the EC private key names no curve (explicit curve parameters are not supported)",
            )
        })?;
        let curve = curve_for_oid(curve_oid)?;
        let name = curve.jwk_name();
        // RFC 5915 §3 inside RFC 5208's OCTET STRING; its own parameters, if any,
        // must name the same curve.
        let key = structures::sec1(info.private_key).map_err(|e| refused(name, &e.to_string()))?;
        match key.curve {
            Sec1Curve::Absent => {}
            Sec1Curve::Named(inner) if inner == curve_oid => {}
            Sec1Curve::Named(_) => {
                return Err(refused(name, "its ECPrivateKey names another curve"))
            }
            Sec1Curve::Explicit => {
                return Err(refused(
                    name,
                    "its ECPrivateKey spells out curve parameters",
                ))
            }
        }
        return ec_private(curve, &key).ok_or_else(|| {
            refused(
                name,
                "the scalar is out of range, or the public key does not match it",
            )
        });
    }
    if oid == oid::ED25519 {
        return ed25519_private(&info).map_err(|why| refused("Ed25519", why));
    }
    Err(unsupported_algorithm(oid))
}

/// An Ed25519 key in PKCS#8 (RFC 8410 §7): no parameters, the private key an OCTET
/// STRING of 32 bytes inside the PKCS#8's, and a version 2 public key, if present,
/// the one the private key makes.
fn ed25519_private(info: &structures::Pkcs8<'_>) -> std::result::Result<PrivateKey, &'static str> {
    if info.parameters.is_some() {
        return Err("id-Ed25519 takes no parameters (RFC 8410 §3)");
    }
    let seed: [u8; 32] = match info.private_key {
        [0x04, 0x20, seed @ ..] => seed.try_into().map_err(|_| "the key is not 32 bytes")?,
        _ => return Err("the key is not a 32-byte OCTET STRING (RFC 8410 §7)"),
    };
    let key = ed25519_dalek::SigningKey::from_bytes(&seed);
    if let Some(public) = info.public_key {
        let matches = match public {
            (0, bytes) => bytes == key.verifying_key().as_bytes(),
            _ => false,
        };
        if !matches {
            return Err("its public key is not the one the private key makes");
        }
    }
    Ok(PrivateKey::Ed25519(key))
}

/// A SEC1 key's scalar on `C`, as the curve crates check it: 1 ≤ d < n, in at most
/// the field's length and at least 24 bytes (shorter ones are left-padded:
/// `SecretKey::from_slice`), and its public key, if present, the encoding
/// (compressed or not) of d·G.
fn ec_secret<C>(key: &structures::Sec1<'_>) -> Option<p256::elliptic_curve::SecretKey<C>>
where
    C: CurveArithmetic,
    AffinePoint<C>: FromSec1Point<C> + ToSec1Point<C>,
    FieldBytesSize<C>: ModulusSize,
{
    let secret = p256::elliptic_curve::SecretKey::<C>::from_slice(key.scalar).ok()?;
    match key.public_key {
        None => Some(secret),
        Some((0, bytes)) => {
            let compressed = matches!(bytes.first(), Some(2 | 3));
            let derived = secret.public_key().to_sec1_point(compressed);
            (derived.as_bytes() == bytes).then_some(secret)
        }
        Some(_) => None,
    }
}

fn ec_private(curve: Curve, key: &structures::Sec1<'_>) -> Option<PrivateKey> {
    match curve {
        Curve::P256 => ec_secret(key).map(|k: p256::SecretKey| PrivateKey::P256(k.into())),
        Curve::P384 => ec_secret(key).map(|k: p384::SecretKey| PrivateKey::P384(k.into())),
        Curve::P521 => ec_secret(key).map(|k: p521::SecretKey| PrivateKey::P521(k.into())),
        Curve::Secp256k1 => {
            ec_secret(key).map(|k: secp256k1::SecretKey| PrivateKey::Secp256k1(k.into()))
        }
        Curve::Ed25519 => None,
    }
}

/// A SEC1 `ECPrivateKey` (RFC 5915 §3) on the curve its parameters name. Without
/// parameters the curve is inferred from the key's length and, for 32-byte keys, from
/// which curve its public key lies on.
// A form the first load never reads: kept out of line so the split moves it
// (ARCHITECTURE.md, "The first load and the rest").
#[inline(never)]
pub(super) fn sec1_private(der: &[u8], notes: &mut Vec<String>) -> Result<PrivateKey> {
    let key = structures::sec1(der).map_err(|e| mismatch(KeyFormat::PemSec1, der, &e))?;
    let length = key.scalar.len();
    let invalid = |curve: Curve| {
        Error::new(
            ErrorKind::KeyEncoding,
            format!(
                "the SEC1 key is not a valid {} private key (a {length}-byte scalar out of range, or a public key that does not match it)",
                curve.jwk_name()
            ),
        )
    };
    match key.curve {
        Sec1Curve::Named(oid) => {
            let curve = curve_for_oid(oid)?;
            return ec_private(curve, &key).ok_or_else(|| invalid(curve));
        }
        Sec1Curve::Explicit => {
            return Err(Error::new(
                ErrorKind::KeyCurve,
                "the SEC1 key spells out its curve parameters instead of naming the curve, which is not supported: re-export it with `openssl ec -in key.pem -param_enc named_curve -out named.pem`",
            ))
        }
        Sec1Curve::Absent => {}
    }
    let candidates: &[Curve] = match length {
        32 => &[Curve::P256, Curve::Secp256k1],
        48 => &[Curve::P384],
        66 => &[Curve::P521],
        _ => &[],
    };
    if candidates.len() > 1 && key.public_key.is_none() {
        return Err(Error::new(
            ErrorKind::KeyCurve,
            "the SEC1 key names no curve and has no public key, so P-256 and secp256k1 cannot be told apart: re-export it with its curve (`openssl ec -in key.pem -param_enc named_curve`)",
        ));
    }
    for &curve in candidates {
        if let Some(key) = ec_private(curve, &key) {
            notes.push(format!(
                "the SEC1 key names no curve; {} was inferred from its length and public key",
                curve.jwk_name()
            ));
            return Ok(key);
        }
    }
    Err(Error::new(
        ErrorKind::KeyCurve,
        format!("the SEC1 key names no curve and its {length}-byte scalar fits none of P-256, P-384, P-521 and secp256k1"),
    ))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use rsa::pkcs8::EncodePrivateKey;

    #[test]
    fn sniffing() {
        let sk = p256::SecretKey::from_slice(&[7u8; 32]);
        let Ok(sk) = sk else { panic!("scalar") };
        let pkcs8 = sk
            .to_pkcs8_der()
            .map(|d| d.as_bytes().to_vec())
            .unwrap_or_default();
        assert_eq!(sniff(&pkcs8), Some("PRIVATE KEY"));
        let sec1 = sk.to_sec1_der().map(|d| d.to_vec()).unwrap_or_default();
        assert_eq!(sniff(&sec1), Some("EC PRIVATE KEY"));
        assert_eq!(sniff(&[0x30, 0x00]), None);
    }

    #[test]
    fn sec1_curve_from_parameters_and_inference() {
        let Ok(sk) = secp256k1::SecretKey::from_slice(&[9u8; 32]) else {
            panic!("scalar")
        };
        let sec1 = sk.to_sec1_der().map(|d| d.to_vec()).unwrap_or_default();
        let mut notes = Vec::new();
        let key = sec1_private(&sec1, &mut notes);
        assert!(matches!(key, Ok(PrivateKey::Secp256k1(_))), "{key:?}");
        assert!(notes.is_empty());
        assert_eq!(
            structures::sec1(&sec1).map(|f| f.scalar.len()).ok(),
            Some(32)
        );
    }

    #[test]
    fn truncated_der_is_an_armour_error() {
        let Ok(sk) = p384::SecretKey::from_slice(&[5u8; 48]) else {
            panic!("scalar")
        };
        let der = sk
            .to_pkcs8_der()
            .map(|d| d.as_bytes().to_vec())
            .unwrap_or_default();
        let cut = der.get(..der.len() - 10).unwrap_or_default();
        let e = decode(KeyFormat::PemPkcs8, cut, &mut Vec::new()).err();
        assert_eq!(e.map(|e| e.kind()), Some(ErrorKind::KeyPemArmour));
        let mut long = der.clone();
        long.extend_from_slice(&[0, 0]);
        let e = decode(KeyFormat::PemPkcs8, &long, &mut Vec::new()).err();
        assert_eq!(e.map(|e| e.kind()), Some(ErrorKind::KeyEncoding));
    }

    #[test]
    fn unknown_oids_are_named() {
        let oid = |s: &str| rsa::pkcs8::ObjectIdentifier::new_unwrap(s);
        assert!(oid_name(oid("1.3.101.113").as_bytes()).contains("Ed448"));
        let e = curve_for_oid(oid("1.3.36.3.3.2.8.1.1.7").as_bytes()).err();
        assert!(e
            .map(|e| e.to_string())
            .unwrap_or_default()
            .contains("brainpoolP256r1"));
    }
}
