//! X.509 certificates (RFC 5280 §4.1) as a key source: the walk to the subject
//! public key info and the subject's common name. Nothing else in the certificate
//! is interpreted or checked (no dates, issuer or signature: this is not path
//! validation).

use super::asn1::{mismatch, public_from_spki};
use super::der_reader::{self, explicit, oid, DerResult, Reader, INTEGER};
use super::structures::{read_spki, Spki};
use super::{KeyFormat, PublicKey};
use crate::jose::error::Result;

/// The subject public key of an X.509 certificate. The certificate itself is not
/// checked: this is a key source, not path validation.
// A form the first load never reads: kept out of line so the split moves it
// (ARCHITECTURE.md, "The first load and the rest").
#[inline(never)]
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
pub(super) fn certificate_fields(der: &[u8]) -> DerResult<(Spki<'_>, Option<String>)> {
    der_reader::parse(der, |reader| {
        reader.in_sequence(|cert| {
            let (spki, subject) = cert.in_sequence(|tbs| {
                // version [0] EXPLICIT, serialNumber, signature, issuer, validity, subject
                if let Some(version) = tbs.optional(explicit(0))? {
                    der_reader::parse_contents(&version, Reader::any)?;
                }
                tbs.read(INTEGER)?;
                for _ in 0..3 {
                    tbs.any()?;
                }
                let subject = tbs.any()?;
                let spki = read_spki(tbs)?;
                // issuerUniqueID, subjectUniqueID, extensions
                while !tbs.is_empty() {
                    tbs.any()?;
                }
                Ok((spki, subject))
            })?;
            cert.any()?; // signatureAlgorithm
            cert.bit_string()?; // signatureValue
            Ok((spki, common_name(subject.value)))
        })
    })
}

/// The first commonName (OID 2.5.4.3) of a DER `Name` body (RFC 5280 §4.1.2.4: a
/// SEQUENCE OF SETs of `AttributeTypeAndValue`), if any.
fn common_name(name: &[u8]) -> Option<String> {
    let mut rdns = Reader::new(name);
    while !rdns.is_empty() {
        let mut atvs = rdns.any().ok()?.contents();
        while !atvs.is_empty() {
            let (kind, value) = atvs.in_sequence(|atv| Ok((atv.oid()?, atv.any()?))).ok()?;
            if kind == oid::COMMON_NAME {
                return Some(String::from_utf8_lossy(value.value).into_owned());
            }
        }
    }
    None
}
