//! The ASN.1 structures of keys, read field by field with the engine's DER reader
//! ([`super::der_reader`]): what each holds, nothing interpreted. [`super::asn1`]
//! builds keys from them; [`super::x509`] walks certificates to their
//! SubjectPublicKeyInfo. Each reader refuses what the crates it replaced refused
//! (tested field for field against them in `der_reader/tests.rs`).

use super::der_reader::{
    self, explicit, DerError, DerErrorKind, DerResult, Reader, Tlv, OCTET_STRING,
};

/// A SubjectPublicKeyInfo (RFC 5280 §4.1.2.7): its algorithm's OID, the algorithm's
/// parameters if any, and the subject public key BIT STRING (unused bits, octets).
pub(super) struct Spki<'a> {
    pub(super) algorithm: &'a [u8],
    pub(super) parameters: Option<Tlv<'a>>,
    pub(super) key: (u8, &'a [u8]),
}

/// `AlgorithmIdentifier ::= SEQUENCE { algorithm OBJECT IDENTIFIER, parameters ANY
/// OPTIONAL }` (RFC 5280 §4.1.1.2).
fn algorithm_identifier<'a>(reader: &mut Reader<'a>) -> DerResult<(&'a [u8], Option<Tlv<'a>>)> {
    reader.in_sequence(|identifier| {
        let algorithm = identifier.oid()?;
        let parameters = match identifier.is_empty() {
            true => None,
            false => Some(identifier.any()?),
        };
        Ok((algorithm, parameters))
    })
}

/// Reads a SubjectPublicKeyInfo: `SEQUENCE { AlgorithmIdentifier, BIT STRING }`.
pub(super) fn read_spki<'a>(reader: &mut Reader<'a>) -> DerResult<Spki<'a>> {
    reader.in_sequence(|spki| {
        let (algorithm, parameters) = algorithm_identifier(spki)?;
        let key = spki.bit_string()?;
        Ok(Spki {
            algorithm,
            parameters,
            key,
        })
    })
}

/// A whole DER SubjectPublicKeyInfo.
pub(super) fn spki(der: &[u8]) -> DerResult<Spki<'_>> {
    der_reader::parse(der, read_spki)
}

/// A PKCS#8 `PrivateKeyInfo` (RFC 5208 §5) or `OneAsymmetricKey` (RFC 5958 §2):
/// the algorithm, its parameters, the private key's octets and, in version 2, the
/// public key BIT STRING.
pub(super) struct Pkcs8<'a> {
    pub(super) algorithm: &'a [u8],
    pub(super) parameters: Option<Tlv<'a>>,
    pub(super) private_key: &'a [u8],
    pub(super) public_key: Option<(u8, &'a [u8])>,
}

/// `OneAsymmetricKey ::= SEQUENCE { version INTEGER { v1(0), v2(1) },
/// privateKeyAlgorithm AlgorithmIdentifier, privateKey OCTET STRING, attributes [0]
/// IMPLICIT Attributes OPTIONAL, ..., publicKey [1] IMPLICIT BIT STRING OPTIONAL,
/// ... }`: version 2 has the public key, version 1 does not; the attributes and any
/// later context-specific fields are skipped.
pub(super) fn pkcs8(der: &[u8]) -> DerResult<Pkcs8<'_>> {
    der_reader::parse(der, |reader| {
        reader.in_sequence(|info| {
            let at = info.position();
            let v2 = match info.unsigned()? {
                [0] => false,
                [1] => true,
                _ => return Err(version_error(at)),
            };
            let (algorithm, parameters) = algorithm_identifier(info)?;
            let private_key = info.read(OCTET_STRING)?.value;
            info.optional(explicit(0))?;
            let at_public = info.position();
            let public_key = match info.optional(0x81)? {
                Some(field) => Some(field.bits()?),
                None => None,
            };
            if public_key.is_some() != v2 {
                return Err(version_error(at_public));
            }
            // Later fields of OneAsymmetricKey's extension marker: each a
            // constructed [n] (n ≥ 2) holding exactly one element, as the `pkcs8`
            // crate read them.
            while let Some(tag) = info.peek() {
                if tag & 0xe0 != 0xa0 || tag & 0x1f < 2 {
                    return Err(DerError {
                        at: info.position(),
                        kind: DerErrorKind::Tag,
                    });
                }
                der_reader::parse_contents(&info.any()?, Reader::any)?;
            }
            Ok(Pkcs8 {
                algorithm,
                parameters,
                private_key,
                public_key,
            })
        })
    })
}

fn version_error(at: usize) -> DerError {
    DerError {
        at,
        kind: DerErrorKind::Version,
    }
}

/// A PKCS#1 `RSAPrivateKey` (RFC 8017 Appendix A.1.2): n, e, d, p, q, dP, dQ, qInv,
/// and whether it is a multi-prime key (version 1, with `otherPrimeInfos`).
pub(super) struct RsaPrivateKey<'a> {
    pub(super) numbers: [&'a [u8]; 8],
    pub(super) multi_prime: bool,
}

/// `RSAPrivateKey ::= SEQUENCE { version Version, modulus INTEGER, publicExponent
/// INTEGER, privateExponent INTEGER, prime1 INTEGER, prime2 INTEGER, exponent1
/// INTEGER, exponent2 INTEGER, coefficient INTEGER, otherPrimeInfos OtherPrimeInfos
/// OPTIONAL }`: version 0 without `otherPrimeInfos`, version 1 with a non-empty one,
/// each `OtherPrimeInfo ::= SEQUENCE { prime, exponent, coefficient INTEGER }` (the
/// engine then refuses the key: multi-prime keys are not supported).
pub(super) fn rsa_private_key(der: &[u8]) -> DerResult<RsaPrivateKey<'_>> {
    der_reader::parse(der, |reader| {
        reader.in_sequence(|key| {
            let at = key.position();
            let version = key.unsigned()?;
            let mut numbers: [&[u8]; 8] = [&[]; 8];
            for number in &mut numbers {
                *number = key.unsigned()?;
            }
            let multi_prime = match version {
                [0] => false,
                [1] => key.in_sequence(|infos| {
                    if infos.is_empty() {
                        return Err(version_error(at));
                    }
                    while !infos.is_empty() {
                        infos.in_sequence(|info| {
                            for _ in 0..3 {
                                info.unsigned()?;
                            }
                            Ok(())
                        })?;
                    }
                    Ok(true)
                })?,
                _ => return Err(version_error(at)),
            };
            Ok(RsaPrivateKey {
                numbers,
                multi_prime,
            })
        })
    })
}

/// How a SEC1 key names its curve (`parameters [0]`, RFC 5915 §3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Sec1Curve<'a> {
    Named(&'a [u8]),
    /// `specifiedCurve`: the parameters spelled out, which this engine refuses.
    Explicit,
    Absent,
}

/// A SEC1 `ECPrivateKey` (RFC 5915 §3): the private scalar's octets, how it names
/// its curve, and its public key BIT STRING if present.
pub(super) struct Sec1<'a> {
    pub(super) scalar: &'a [u8],
    pub(super) curve: Sec1Curve<'a>,
    pub(super) public_key: Option<(u8, &'a [u8])>,
}

/// `ECPrivateKey ::= SEQUENCE { version INTEGER (1), privateKey OCTET STRING,
/// parameters [0] EXPLICIT ECParameters OPTIONAL, publicKey [1] EXPLICIT BIT STRING
/// OPTIONAL }`. Read here rather than with the `sec1` crate's `EcPrivateKey`, which
/// knows named curves only: spelled-out parameters get their own message.
pub(super) fn sec1(der: &[u8]) -> DerResult<Sec1<'_>> {
    der_reader::parse(der, |reader| {
        reader.in_sequence(|key| {
            let at = key.position();
            if key.unsigned()? != [1] {
                return Err(version_error(at));
            }
            let scalar = key.read(OCTET_STRING)?.value;
            let curve = match key.optional(explicit(0))? {
                None => Sec1Curve::Absent,
                Some(field) => match der_reader::parse_contents(&field, Reader::any)?.as_oid() {
                    Some(oid) => Sec1Curve::Named(oid),
                    None => Sec1Curve::Explicit,
                },
            };
            let public_key = match key.optional(explicit(1))? {
                None => None,
                Some(field) => Some(der_reader::parse_contents(&field, Reader::bit_string)?),
            };
            Ok(Sec1 {
                scalar,
                curve,
                public_key,
            })
        })
    })
}
