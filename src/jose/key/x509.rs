//! X.509 certificates (RFC 5280 §4.1) as a key source: the walk to the subject
//! public key info and the subject's common name. Nothing else in the certificate
//! is interpreted or checked (no dates, issuer or signature: this is not path
//! validation).

use rsa::pkcs8::der::asn1::{AnyRef, BitStringRef, ContextSpecific};
use rsa::pkcs8::der::{self, Decode, Reader, SliceReader, Tag, TagNumber, Tagged};
use rsa::pkcs8::spki::SubjectPublicKeyInfoRef;
use rsa::pkcs8::ObjectIdentifier;

use super::asn1::{mismatch, public_from_spki};
use super::{KeyFormat, PublicKey};
use crate::jose::error::Result;

/// The subject public key of an X.509 certificate. The certificate itself is not
/// checked: this is a key source, not path validation.
pub(super) fn certificate(der: &[u8], notes: &mut Vec<String>) -> Result<PublicKey> {
    let (spki, subject) =
        certificate_fields(der).map_err(|e| mismatch(KeyFormat::PemCertificate, der, &e))?;
    let key = public_from_spki(&spki, notes)?;
    let whose = match subject {
        Some(cn) => format!(" for \"CN={cn}\""),
        None => String::new(),
    };
    notes.push(format!(
        "the public key of the certificate{whose} is used; the certificate itself (validity dates, issuer, signature) is not checked"
    ));
    Ok(key)
}

/// The two fields of an X.509 certificate (RFC 5280 §4.1) jwtscope uses: the subject
/// public key info and the subject's common name. The rest is skipped, not interpreted.
pub(super) fn certificate_fields(
    der: &[u8],
) -> der::Result<(SubjectPublicKeyInfoRef<'_>, Option<String>)> {
    let mut reader = SliceReader::new(der)?;
    let fields = reader.sequence(|cert| -> der::Result<_> {
        let fields = cert.sequence(|tbs| -> der::Result<_> {
            // version [0] EXPLICIT, serialNumber, signature, issuer, validity, subject
            ContextSpecific::<AnyRef<'_>>::decode_explicit(tbs, TagNumber(0))?;
            let serial = AnyRef::decode(tbs)?;
            if serial.tag() != Tag::Integer {
                return Err(serial.tag().unexpected_error(Some(Tag::Integer)).into());
            }
            for _ in 0..3 {
                AnyRef::decode(tbs)?;
            }
            let subject = AnyRef::decode(tbs)?;
            let spki = SubjectPublicKeyInfoRef::decode(tbs)?;
            // issuerUniqueID, subjectUniqueID, extensions
            while !tbs.is_finished() {
                AnyRef::decode(tbs)?;
            }
            Ok((spki, common_name(subject.value())))
        })?;
        AnyRef::decode(cert)?; // signatureAlgorithm
        BitStringRef::decode(cert)?; // signatureValue
        Ok(fields)
    })?;
    reader.finish()?;
    Ok(fields)
}

/// The first commonName (OID 2.5.4.3) of a DER `Name` body, if any.
fn common_name(name: &[u8]) -> Option<String> {
    const CN: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.4.3");
    let mut rdns = SliceReader::new(name).ok()?;
    while !rdns.is_finished() {
        let rdn = AnyRef::decode(&mut rdns).ok()?;
        let mut atvs = SliceReader::new(rdn.value()).ok()?;
        while !atvs.is_finished() {
            let (oid, value) = atvs
                .sequence(|atv| -> der::Result<_> {
                    Ok((ObjectIdentifier::decode(atv)?, AnyRef::decode(atv)?))
                })
                .ok()?;
            if oid == CN {
                return Some(String::from_utf8_lossy(value.value()).into_owned());
            }
        }
    }
    None
}
