//! The reader against the `der` crate and the structures built on it (`spki`,
//! `pkcs1`, `pkcs8`, `sec1`, the curve crates' `from_pkcs8_der` / `from_sec1_der`),
//! which the engine used before: each structure read from the fixtures
//! (`tests/vectors/keys`, OpenSSL's output: tests/vectors/PROVENANCE.md) and from
//! thousands of damaged copies of them must read the same way, field for field, or
//! be refused by both. Where the two may differ, each case is named in [`agree`].
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use proptest::prelude::*;
use rsa::pkcs1::{RsaPrivateKeyRef, RsaPublicKeyRef};
use rsa::pkcs8::der::asn1::{AnyRef, BitStringRef, ContextSpecific, OctetStringRef, UintRef};
use rsa::pkcs8::der::{
    self, Decode, Encode, Reader as _, SliceReader, Tag, TagMode, TagNumber, Tagged,
};
use rsa::pkcs8::spki::SubjectPublicKeyInfoRef;
use rsa::pkcs8::{ObjectIdentifier, PrivateKeyInfoRef};

use super::{dotted, integer_pair, whole, DerError, DerErrorKind};
use crate::jose::b64;
use crate::jose::key::asn1::{pkcs8_private, sec1_private};
use crate::jose::key::structures::{self, Sec1Curve, Spki};
use crate::jose::key::x509::certificate_fields;
use crate::jose::key::PrivateKey;

/// The DER of a PEM fixture in tests/vectors/keys.
fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/vectors/keys/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).expect(&path);
    let body: String = text.lines().filter(|l| !l.starts_with("-----")).collect();
    b64::decode_standard_strict(&body).expect(name)
}

const SPKIS: [&str; 10] = [
    "rsa2048.spki.pem",
    "rsa1024.spki.pem",
    "p256.spki.pem",
    "p256.spki.compressed.pem",
    "p384.spki.pem",
    "p521.spki.pem",
    "secp256k1.spki.pem",
    "ed25519.spki.pem",
    "ed448.spki.pem",
    "rsa8192.spki.pem",
];
const CERTIFICATES: [&str; 2] = ["rsa2048.cert.pem", "p256.cert.pem"];
const PRIVATE: [&str; 8] = [
    "p256.pkcs8.pem",
    "p384.pkcs8.pem",
    "p521.pkcs8.pem",
    "secp256k1.pkcs8.pem",
    "ed25519.pkcs8.pem",
    "ed448.pkcs8.pem",
    "rsa2048.pkcs8.pem",
    "rsa2048.pkcs1.pem",
];
const SEC1: [&str; 5] = [
    "p256.sec1.pem",
    "p384.sec1.pem",
    "p521.sec1.pem",
    "secp256k1.sec1.pem",
    "p256.explicit.sec1.pem",
];

// What each reading yields, in plain values both sides can be compared in.

type SpkiFields = (Vec<u8>, Option<(Vec<u8>, Vec<u8>)>, (u8, Vec<u8>));

fn ours_spki(spki: &Spki<'_>) -> SpkiFields {
    (
        spki.algorithm.to_vec(),
        spki.parameters.map(|p| (vec![p.tag], p.value.to_vec())),
        (spki.key.0, spki.key.1.to_vec()),
    )
}

fn theirs_spki(spki: &SubjectPublicKeyInfoRef<'_>) -> SpkiFields {
    let bits = &spki.subject_public_key;
    (
        spki.algorithm.oid.as_bytes().to_vec(),
        spki.algorithm
            .parameters
            .map(|p| (p.tag().to_der().unwrap(), p.value().to_vec())),
        (bits.unused_bits(), bits.raw_bytes().to_vec()),
    )
}

fn spki_ours(der: &[u8]) -> Result<SpkiFields, DerError> {
    structures::spki(der).map(|s| ours_spki(&s))
}

fn spki_theirs(der: &[u8]) -> der::Result<SpkiFields> {
    SubjectPublicKeyInfoRef::from_der(der).map(|s| theirs_spki(&s))
}

fn rsa_theirs(der: &[u8]) -> der::Result<(Vec<u8>, Vec<u8>)> {
    let key = RsaPublicKeyRef::from_der(der)?;
    Ok((
        key.modulus.as_bytes().to_vec(),
        key.public_exponent.as_bytes().to_vec(),
    ))
}

fn pair_ours(der: &[u8]) -> Result<(Vec<u8>, Vec<u8>), DerError> {
    integer_pair(der).map(|(n, e)| (n.to_vec(), e.to_vec()))
}

type Bits = Option<(u8, Vec<u8>)>;
type Sec1Fields = (Vec<u8>, Option<Option<Vec<u8>>>, Bits);

fn sec1_ours(der: &[u8]) -> Result<Sec1Fields, DerError> {
    structures::sec1(der).map(|key| {
        let curve = match key.curve {
            Sec1Curve::Absent => None,
            Sec1Curve::Explicit => Some(None),
            Sec1Curve::Named(oid) => Some(Some(oid.to_vec())),
        };
        (
            key.scalar.to_vec(),
            curve,
            key.public_key.map(|(u, b)| (u, b.to_vec())),
        )
    })
}

/// The `der`-crate reading of SEC1 that `structures::sec1` replaced.
fn sec1_theirs(der: &[u8]) -> der::Result<Sec1Fields> {
    let mut reader = SliceReader::new(der)?;
    let fields = reader.sequence(|r| -> der::Result<_> {
        let version = u8::decode(r)?;
        if version != 1 {
            return Err(Tag::Integer.value_error().into());
        }
        let private_key = <&OctetStringRef>::decode(r)?;
        let curve = match ContextSpecific::<AnyRef<'_>>::decode_explicit(r, TagNumber(0))? {
            None => None,
            Some(field) => {
                let oid: Result<ObjectIdentifier, _> = field.value.try_into();
                Some(oid.ok().map(|oid| oid.as_bytes().to_vec()))
            }
        };
        let public = r.context_specific::<BitStringRef<'_>>(TagNumber(1), TagMode::Explicit)?;
        Ok((
            private_key.as_bytes().to_vec(),
            curve,
            public.map(|b| (b.unused_bits(), b.raw_bytes().to_vec())),
        ))
    })?;
    reader.finish()?;
    Ok(fields)
}

type Pkcs8Fields = (Vec<u8>, Option<(Vec<u8>, Vec<u8>)>, Vec<u8>, Bits);

fn pkcs8_ours(der: &[u8]) -> Result<Pkcs8Fields, DerError> {
    structures::pkcs8(der).map(|info| {
        (
            info.algorithm.to_vec(),
            info.parameters.map(|p| (vec![p.tag], p.value.to_vec())),
            info.private_key.to_vec(),
            info.public_key.map(|(u, b)| (u, b.to_vec())),
        )
    })
}

fn pkcs8_theirs(der: &[u8]) -> der::Result<Pkcs8Fields> {
    let info = PrivateKeyInfoRef::from_der(der)?;
    Ok((
        info.algorithm.oid.as_bytes().to_vec(),
        info.algorithm
            .parameters
            .map(|p| (p.tag().to_der().unwrap(), p.value().to_vec())),
        info.private_key.as_bytes().to_vec(),
        info.public_key
            .map(|b| (b.unused_bits(), b.raw_bytes().to_vec())),
    ))
}

type RsaPrivateFields = (Vec<Vec<u8>>, bool);

fn rsa_private_ours(der: &[u8]) -> Result<RsaPrivateFields, DerError> {
    structures::rsa_private_key(der).map(|key| {
        (
            key.numbers.iter().map(|n| n.to_vec()).collect(),
            key.multi_prime,
        )
    })
}

fn rsa_private_theirs(der: &[u8]) -> der::Result<RsaPrivateFields> {
    let key = RsaPrivateKeyRef::from_der(der)?;
    let numbers = [
        &key.modulus,
        &key.public_exponent,
        &key.private_exponent,
        &key.prime1,
        &key.prime2,
        &key.exponent1,
        &key.exponent2,
        &key.coefficient,
    ];
    Ok((
        numbers.iter().map(|n| n.as_bytes().to_vec()).collect(),
        key.other_prime_infos.is_some(),
    ))
}

type CertificateFields = (SpkiFields, Option<String>);

fn certificate_ours(der: &[u8]) -> Result<CertificateFields, DerError> {
    certificate_fields(der).map(|(spki, cn)| (ours_spki(&spki), cn))
}

/// The `der`-crate walk of a certificate that `certificate_fields` replaced.
fn certificate_theirs(der: &[u8]) -> der::Result<CertificateFields> {
    let mut reader = SliceReader::new(der)?;
    let fields = reader.sequence(|cert| -> der::Result<_> {
        let fields = cert.sequence(|tbs| -> der::Result<_> {
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
            while !tbs.is_finished() {
                AnyRef::decode(tbs)?;
            }
            Ok((theirs_spki(&spki), common_name_theirs(subject.value())))
        })?;
        AnyRef::decode(cert)?;
        BitStringRef::decode(cert)?;
        Ok(fields)
    })?;
    reader.finish()?;
    Ok(fields)
}

fn common_name_theirs(name: &[u8]) -> Option<String> {
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

/// The `der`-crate reading of a DER ECDSA signature that the explainer used.
fn pair_theirs(der: &[u8]) -> der::Result<(Vec<u8>, Vec<u8>)> {
    let mut reader = SliceReader::new(der)?;
    let (r, s) = reader
        .sequence(|seq| Ok::<_, der::Error>((UintRef::decode(seq)?, UintRef::decode(seq)?)))?;
    reader.finish()?;
    Ok((r.as_bytes().to_vec(), s.as_bytes().to_vec()))
}

/// Both read `der` alike, or differ only where X.690 and the `der` crate part ways,
/// deciding nothing (every other difference fails the test):
/// - the reader refuses an OBJECT IDENTIFIER with a sub-identifier padded with
///   `0x80` (X.690 §8.19.2 forbids it; `const-oid` reads it), and multi-byte tags
///   (X.690 §8.1.2.4; `der` reads them in context-specific form; no key structure
///   uses one);
/// - `der` refuses OIDs that X.690 allows but `const-oid` cannot hold (a first
///   sub-identifier of 120 or more, as in 2.47 or 2.999; over 39 octets). Such an
///   OID names no key algorithm or curve, so the key is refused either way, by
///   another message; a SEC1 `parameters` holding one is "names an unsupported
///   curve" to the reader and "spells out its parameters" to `der`.
fn agree<T: PartialEq + std::fmt::Debug>(
    what: &str,
    der: &[u8],
    ours: Result<T, DerError>,
    theirs: der::Result<T>,
) {
    let const_oid_refuses = |e: &der::Error| {
        matches!(
            e.kind(),
            der::ErrorKind::OidMalformed
                | der::ErrorKind::Length {
                    tag: Tag::ObjectIdentifier
                }
        )
    };
    match (&ours, &theirs) {
        (Ok(a), Ok(b)) if a == b => {}
        (Err(_), Err(_)) => {}
        (Err(e), Ok(_)) if e.kind == DerErrorKind::Oid => {}
        (Err(e), Ok(_)) if e.kind == DerErrorKind::Tag && der[e.at] & 0x1f == 0x1f => {}
        (Ok(_), Err(e)) if const_oid_refuses(e) => {}
        _ => panic!("{what}: ours {ours:?}, der {theirs:?}, input {der:02x?}"),
    }
}

/// A SEC1 key whose curve OID only one side can read is "Named" to it and
/// "Explicit" to the other (see [`agree`]).
fn sec1_agree(der: &[u8]) {
    let one_side_reads = |ours: &Option<Vec<u8>>, theirs: &Option<Vec<u8>>| match (ours, theirs) {
        (Some(oid), None) => ObjectIdentifier::from_bytes(oid).is_err(),
        (None, Some(oid)) => dotted(oid).is_none(),
        _ => false,
    };
    match (sec1_ours(der), sec1_theirs(der)) {
        (Ok((s1, Some(c1), p1)), Ok((s2, Some(c2), p2)))
            if s1 == s2 && p1 == p2 && one_side_reads(&c1, &c2) => {}
        (ours, theirs) => agree("SEC1", der, ours, theirs),
    }
}

fn all_agree(der: &[u8]) {
    agree("SPKI", der, spki_ours(der), spki_theirs(der));
    agree("INTEGER pair", der, pair_ours(der), rsa_theirs(der));
    agree("INTEGER pair", der, pair_ours(der), pair_theirs(der));
    sec1_agree(der);
    agree(
        "certificate",
        der,
        certificate_ours(der),
        certificate_theirs(der),
    );
    agree("PKCS#8", der, pkcs8_ours(der), pkcs8_theirs(der));
    agree(
        "RSAPrivateKey",
        der,
        rsa_private_ours(der),
        rsa_private_theirs(der),
    );
    keys_agree(der);
}

/// The public half of a private key, to compare keys built two ways.
fn public_of(key: &PrivateKey) -> String {
    format!("{:?}", key.public_key())
}

/// The EC and Ed25519 keys the engine builds from PKCS#8 and SEC1 against the
/// crates' `from_pkcs8_der` / `from_sec1_der`, which built them before: the same key,
/// or both refuse. (RSA's numbers are checked by the engine's own `RsaPrivate::new`
/// either way.)
fn keys_agree(der: &[u8]) {
    use p256::pkcs8::DecodePrivateKey;
    use p256::SecretKey as P256;
    let not_rsa = |k: &PrivateKey| !matches!(k, PrivateKey::Rsa(_));
    let ours = pkcs8_private(der, &mut Vec::new()).ok().filter(not_rsa);
    let theirs = p256::ecdsa::SigningKey::from_pkcs8_der(der)
        .map(PrivateKey::P256)
        .or_else(|_| p384::ecdsa::SigningKey::from_pkcs8_der(der).map(PrivateKey::P384))
        .or_else(|_| p521::ecdsa::SigningKey::from_pkcs8_der(der).map(PrivateKey::P521))
        .or_else(|_| {
            crate::jose::secp256k1::ecdsa::SigningKey::from_pkcs8_der(der)
                .map(PrivateKey::Secp256k1)
        })
        .or_else(|_| ed25519_dalek::SigningKey::from_pkcs8_der(der).map(PrivateKey::Ed25519))
        .ok();
    let (ours, theirs) = (ours.as_ref().map(public_of), theirs.as_ref().map(public_of));
    assert_eq!(ours, theirs, "PKCS#8 key: {der:02x?}");

    // SEC1 with a named curve (the crates' reading of one without is the engine's own).
    if let Ok(structures::Sec1 {
        curve: Sec1Curve::Named(_),
        ..
    }) = structures::sec1(der)
    {
        let ours = sec1_private(der, &mut Vec::new()).ok();
        let theirs = P256::from_sec1_der(der)
            .map(|k| PrivateKey::P256(k.into()))
            .or_else(|_| p384::SecretKey::from_sec1_der(der).map(|k| PrivateKey::P384(k.into())))
            .or_else(|_| p521::SecretKey::from_sec1_der(der).map(|k| PrivateKey::P521(k.into())))
            .or_else(|_| {
                crate::jose::secp256k1::SecretKey::from_sec1_der(der)
                    .map(|k| PrivateKey::Secp256k1(k.into()))
            })
            .ok();
        let (ours, theirs) = (ours.as_ref().map(public_of), theirs.as_ref().map(public_of));
        assert_eq!(ours, theirs, "SEC1 key: {der:02x?}");
    }
}

#[test]
fn fixtures_read_as_the_der_crate_reads_them() {
    for name in SPKIS {
        let der = fixture(name);
        assert!(spki_ours(&der).is_ok(), "{name}");
        all_agree(&der);
    }
    for name in CERTIFICATES {
        let der = fixture(name);
        let (_, cn) = certificate_ours(&der).expect(name);
        assert!(cn.is_some(), "{name} has a CN");
        all_agree(&der);
    }
    for name in SEC1 {
        let der = fixture(name);
        assert!(sec1_ours(&der).is_ok(), "{name}");
        all_agree(&der);
    }
    for name in PRIVATE {
        let der = fixture(name);
        assert!(
            pkcs8_ours(&der).is_ok() || rsa_private_ours(&der).is_ok(),
            "{name}"
        );
        all_agree(&der);
    }
    let v2 = ed25519_v2();
    assert!(pkcs8_ours(&v2).is_ok_and(|k| k.3.is_some()));
    assert!(pkcs8_private(&v2, &mut Vec::new()).is_ok());
    all_agree(&v2);
    let pkcs1 = fixture("rsa2048.pkcs1-public.pem");
    assert!(pair_ours(&pkcs1).is_ok());
    all_agree(&pkcs1);
}

/// An Ed25519 PKCS#8 of version 2, with its public key (RFC 5958 §2, RFC 8410 §7).
fn ed25519_v2() -> Vec<u8> {
    use ed25519_dalek::pkcs8::{EncodePrivateKey, KeypairBytes, PublicKeyBytes};
    let key = ed25519_dalek::SigningKey::from_bytes(&[7; 32]);
    let pair = KeypairBytes {
        secret_key: key.to_bytes(),
        public_key: Some(PublicKeyBytes(key.verifying_key().to_bytes())),
    };
    pair.to_pkcs8_der().unwrap().as_bytes().to_vec()
}

fn every_fixture() -> Vec<Vec<u8>> {
    let mut all: Vec<Vec<u8>> = SPKIS
        .iter()
        .chain(&CERTIFICATES)
        .chain(&SEC1)
        .chain(&PRIVATE)
        .chain(&["rsa2048.pkcs1-public.pem"])
        .map(|name| fixture(name))
        .collect();
    all.push(ed25519_v2());
    all
}

#[test]
fn every_single_byte_change_of_small_fixtures() {
    // Exhaustive on the small structures: every byte set to each value that could
    // change its reading (tags, lengths, unused bits, OID and INTEGER octets).
    const VALUES: [u8; 16] = [
        0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x1f, 0x30, 0x7f, 0x80, 0x81, 0x82, 0xa0,
        0xff,
    ];
    for name in [
        "p256.spki.pem",
        "ed25519.spki.pem",
        "p256.sec1.pem",
        "secp256k1.sec1.pem",
    ] {
        let der = fixture(name);
        for i in 0..der.len() {
            for v in VALUES {
                let mut copy = der.clone();
                copy[i] = v;
                all_agree(&copy);
            }
            all_agree(&der[..i]);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2048, ..ProptestConfig::default() })]

    /// Damaged fixtures: bytes overwritten, inserted, removed, the tail cut.
    #[test]
    fn damaged_fixtures_read_alike(
        which in 0usize..27,
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0u8..4), 1..4),
    ) {
        let mut der = every_fixture().swap_remove(which);
        for (at, byte, how) in edits {
            let i = at.index(der.len().max(1));
            match how {
                0 => { if let Some(b) = der.get_mut(i) { *b = byte } }
                1 => der.insert(i.min(der.len()), byte),
                2 => { if i < der.len() { der.remove(i); } }
                _ => der.truncate(i),
            }
        }
        all_agree(&der);
    }

    /// Arbitrary short inputs that start like a structure.
    #[test]
    fn arbitrary_bytes_read_alike(tail in proptest::collection::vec(any::<u8>(), 0..48)) {
        let der = [&[0x30, tail.len() as u8][..], &tail].concat();
        all_agree(&der);
        all_agree(&tail);
    }
}

#[test]
fn lengths_follow_x690_10_1() {
    let kind = |der: &[u8]| whole(der).map(|t| t.value.len()).map_err(|e| e.kind);
    assert_eq!(kind(&[0x04, 0x00]), Ok(0));
    let mut long = vec![0x04, 0x81, 0x80];
    long.extend([0; 0x80]);
    assert_eq!(kind(&long), Ok(0x80));
    assert_eq!(kind(&[0x04, 0x81, 0x7f]), Err(DerErrorKind::PaddedLength));
    assert_eq!(
        kind(&[0x04, 0x82, 0x00, 0x80]),
        Err(DerErrorKind::PaddedLength)
    );
    assert_eq!(
        kind(&[0x30, 0x80, 0x00, 0x00]),
        Err(DerErrorKind::Indefinite)
    );
    assert_eq!(
        kind(&[0x04, 0x85, 1, 0, 0, 0, 0]),
        Err(DerErrorKind::LongLength)
    );
    assert_eq!(kind(&[0x04, 0xff]), Err(DerErrorKind::LongLength));
    for tag in [0x1f, 0x9f, 0x00, 0x10, 0x22, 0x24, 0x3f, 0x07] {
        assert_eq!(kind(&[tag, 0x00]), Err(DerErrorKind::Tag), "{tag:02x}");
    }
    for tag in [
        0x01, 0x0c, 0x13, 0x17, 0x1e, 0x30, 0x31, 0x80, 0xa3, 0x5e, 0xc0,
    ] {
        assert_eq!(kind(&[tag, 0x00]), Ok(0), "{tag:02x}");
    }
    assert_eq!(
        kind(&[0x04, 0x84, 0xff, 0xff, 0xff, 0xff]),
        Err(DerErrorKind::Truncated {
            end: 6 + 0xffff_ffff,
            limit: 6
        })
    );
    assert_eq!(
        kind(&[0x30, 0x03, 0x02]),
        Err(DerErrorKind::Truncated { end: 5, limit: 3 })
    );
    assert_eq!(
        kind(&[0x30]),
        Err(DerErrorKind::Truncated { end: 2, limit: 1 })
    );
    assert_eq!(kind(&[]), Err(DerErrorKind::Truncated { end: 1, limit: 0 }));
    assert_eq!(
        kind(&[0x05, 0x00, 0x00]),
        Err(DerErrorKind::Trailing { used: 2, left: 1 })
    );
}

#[test]
fn an_element_may_not_leave_what_holds_it() {
    // The SEQUENCE holds 3 bytes; the INTEGER inside it announces 4.
    let der = [0x30, 0x03, 0x02, 0x04, 0x01, 0x00, 0x00];
    let e = super::parse(&der, |r| {
        r.in_sequence(|s| s.unsigned().map(<[u8]>::to_vec))
    })
    .err();
    assert_eq!(
        e,
        Some(DerError {
            at: 2,
            kind: DerErrorKind::Truncated { end: 8, limit: 5 }
        })
    );
}

#[test]
fn integers_and_bit_strings_follow_x690() {
    let uint = |v: &[u8]| {
        let der = [&[0x02, v.len() as u8][..], v].concat();
        super::parse(&der, |r| r.unsigned().map(<[u8]>::to_vec)).map_err(|e| e.kind)
    };
    assert_eq!(uint(&[0]), Ok(vec![0]));
    assert_eq!(uint(&[0x7f]), Ok(vec![0x7f]));
    assert_eq!(uint(&[0x00, 0x80]), Ok(vec![0x80]));
    for bad in [
        &[][..],
        &[0x80],
        &[0xff, 0x01],
        &[0x00, 0x7f],
        &[0x00, 0x00],
    ] {
        assert_eq!(uint(bad), Err(DerErrorKind::Integer), "{bad:02x?}");
    }
    let bits = |v: &[u8]| {
        let der = [&[0x03, v.len() as u8][..], v].concat();
        super::parse(&der, |r| r.bit_string().map(|(u, b)| (u, b.to_vec()))).map_err(|e| e.kind)
    };
    assert_eq!(bits(&[0]), Ok((0, vec![])));
    assert_eq!(bits(&[7, 0x80]), Ok((7, vec![0x80])));
    for bad in [&[][..], &[1], &[8, 0]] {
        assert_eq!(bits(bad), Err(DerErrorKind::BitString), "{bad:02x?}");
    }
}

#[test]
fn oids_in_dotted_form() {
    for text in [
        "1.2.840.113549.1.1.1",
        "1.2.840.10045.3.1.7",
        "1.3.132.0.35",
        "1.3.101.112",
        "2.5.4.3",
        "0.9.2342.19200300.100.1.25",
        "1.2.4294967295",
    ] {
        let oid = ObjectIdentifier::new_unwrap(text);
        assert_eq!(dotted(oid.as_bytes()).as_deref(), Some(text));
    }
    // 2.999 (the example arc of X.660): a first sub-identifier of two octets.
    assert_eq!(dotted(&[0x88, 0x37, 0x03]).as_deref(), Some("2.999.3"));
    assert_eq!(dotted(&[]), None, "empty");
    assert_eq!(dotted(&[0x2a, 0x86]), None, "cut inside a sub-identifier");
    assert_eq!(dotted(&[0x2a, 0x80, 0x01]), None, "padded");
    assert_eq!(
        dotted(&[0x2a, 0x90, 0x80, 0x80, 0x80, 0x00]),
        None,
        "over 32 bits"
    );
}

#[test]
fn the_oid_constants_are_the_named_oids() {
    use super::oid;
    for (bytes, text) in [
        (oid::RSA_ENCRYPTION, "1.2.840.113549.1.1.1"),
        (oid::RSASSA_PSS, "1.2.840.113549.1.1.10"),
        (oid::EC_PUBLIC_KEY, "1.2.840.10045.2.1"),
        (oid::ED25519, "1.3.101.112"),
        (oid::P256, "1.2.840.10045.3.1.7"),
        (oid::P384, "1.3.132.0.34"),
        (oid::P521, "1.3.132.0.35"),
        (oid::SECP256K1, "1.3.132.0.10"),
        (oid::COMMON_NAME, "2.5.4.3"),
    ] {
        assert_eq!(
            bytes,
            ObjectIdentifier::new_unwrap(text).as_bytes(),
            "{text}"
        );
    }
}

#[test]
fn errors_say_where_and_what() {
    let e = super::parse(&[0x30, 0x03, 0x04, 0x01, 0x00], |r| {
        r.in_sequence(|s| s.unsigned().map(|_| ()))
    })
    .err()
    .map(|e| e.to_string());
    assert_eq!(
        e.as_deref(),
        Some("at byte 2: OCTET STRING where INTEGER belongs")
    );
    let e = whole(&[0x30, 0x00, 0x00]).err().map(|e| e.to_string());
    assert_eq!(
        e.as_deref(),
        Some("at byte 2: 1 stray byte after the 2 bytes of a structure")
    );
    let e = whole(&[0x30, 0x05, 0x00]).err().map(|e| e.to_string());
    assert_eq!(
        e.as_deref(),
        Some("at byte 0: an element runs to byte 7, past the end of what holds it (byte 3)")
    );
}

/// `der` with `extra` appended inside its outer SEQUENCE (short-form lengths only).
fn with_field(der: &[u8], extra: &[u8]) -> Vec<u8> {
    assert!(der[1] < 0x80 && usize::from(der[1]) + extra.len() < 0x80);
    let mut out = vec![0x30, der[1] + extra.len() as u8];
    out.extend_from_slice(&der[2..]);
    out.extend_from_slice(extra);
    out
}

#[test]
fn pkcs8_versions_and_later_fields() {
    let v1 = fixture("ed25519.pkcs8.pem");
    assert!(pkcs8_private(&v1, &mut Vec::new()).is_ok());
    // A later field is a constructed [n], n ≥ 2, holding one element.
    let good = with_field(&v1, &[0xa3, 0x02, 0x05, 0x00]);
    assert!(pkcs8_ours(&good).is_ok());
    for extra in [
        &[0x82, 0x00][..],                     // primitive
        &[0xa3, 0x00],                         // empty
        &[0xa3, 0x04, 0x05, 0x00, 0x05, 0x00], // two elements
        &[0xa1, 0x02, 0x05, 0x00],             // a constructed [1]
        &[0x80, 0x00],                         // a primitive [0]
        &[0x05, 0x00],                         // not context-specific
    ] {
        let der = with_field(&v1, extra);
        assert!(pkcs8_ours(&der).is_err(), "{extra:02x?}");
        assert!(pkcs8_private(&der, &mut Vec::new()).is_err());
        all_agree(&der);
    }
    // Version 1 with a public key, version 2 without one.
    let public = [0x81, 0x21, 0x00];
    let key = ed25519_dalek::SigningKey::from_bytes(&[7; 32]);
    let mut field = public.to_vec();
    field.extend_from_slice(key.verifying_key().as_bytes());
    assert_eq!(
        pkcs8_ours(&with_field(&v1, &field)).err().map(|e| e.kind),
        Some(DerErrorKind::Version)
    );
    let v2 = ed25519_v2();
    let mut v2_without = v2.clone();
    v2_without.truncate(v2.len() - field.len());
    v2_without[1] -= field.len() as u8;
    v2_without[4] = 0; // version 2 → 1
    assert!(pkcs8_ours(&v2_without).is_ok());
    v2_without[4] = 1;
    assert_eq!(
        pkcs8_ours(&v2_without).err().map(|e| e.kind),
        Some(DerErrorKind::Version)
    );
    // A v2 public key that is not the seed's.
    let mut wrong = v2.clone();
    let last = wrong.len() - 1;
    wrong[last] ^= 1;
    assert!(pkcs8_private(&wrong, &mut Vec::new()).is_err());
    all_agree(&wrong);
}

fn tlv(tag: u8, value: &[u8]) -> Vec<u8> {
    assert!(value.len() < 0x80);
    [&[tag, value.len() as u8][..], value].concat()
}

#[test]
fn pkcs8_ec_key_naming_another_curve_is_refused() {
    use super::oid;
    // A P-256 PKCS#8 around an ECPrivateKey whose [0] names `inner`, or nothing.
    let pkcs8 = |inner: Option<&[u8]>| {
        let mut sec1 = [tlv(0x02, &[1]), tlv(0x04, &[3; 32])].concat();
        if let Some(curve) = inner {
            sec1.extend(tlv(0xa0, &tlv(0x06, curve)));
        }
        let algorithm = [tlv(0x06, oid::EC_PUBLIC_KEY), tlv(0x06, oid::P256)].concat();
        let body = [
            tlv(0x02, &[0]),
            tlv(0x30, &algorithm),
            tlv(0x04, &tlv(0x30, &sec1)),
        ]
        .concat();
        tlv(0x30, &body)
    };
    for (inner, ok) in [
        (None, true),
        (Some(oid::P256), true),
        (Some(oid::SECP256K1), false),
    ] {
        let der = pkcs8(inner);
        let key = pkcs8_private(&der, &mut Vec::new());
        assert_eq!(key.is_ok(), ok, "{inner:02x?}");
        if !ok {
            let message = key.err().map(|e| e.to_string()).unwrap_or_default();
            assert!(message.contains("names another curve"), "{message}");
        }
        all_agree(&der);
    }
}
