//! A strict DER reader (X.690 §8 and §10) for every key structure the engine reads
//! ([`super::structures`]: SubjectPublicKeyInfo, PKCS#1, PKCS#8, SEC1; [`super::x509`]:
//! certificates) and the DER ECDSA signature the explainer recognises. It replaced
//! the `der` crate's decoder and the `spki`, `pkcs1`, `pkcs8` and `sec1` structures
//! on these paths (their encoders still write the workshop's exports).
//!
//! Strict where DER is: one-byte tags only (no key structure uses the multi-byte
//! form), definite lengths in their shortest form and at most four octets, every
//! element inside the one that holds it, INTEGERs minimal, BIT STRINGs with a valid
//! unused-bits octet, OBJECT IDENTIFIERs with minimal sub-identifiers of at most 32
//! bits. It reads each byte once and never recurses: linear in its input.

use std::fmt;

/// Universal tags (X.690 §8.1.2, X.680 §8.4) the key structures use.
pub(super) const INTEGER: u8 = 0x02;
pub(super) const BIT_STRING: u8 = 0x03;
pub(super) const OCTET_STRING: u8 = 0x04;
pub(super) const OBJECT_IDENTIFIER: u8 = 0x06;
pub(super) const SEQUENCE: u8 = 0x30;

/// `[n]` EXPLICIT: a constructed context-specific tag (X.690 §8.1.2.5, §8.14).
pub(super) const fn explicit(n: u8) -> u8 {
    0xa0 | n
}

/// The OBJECT IDENTIFIERs the key readers and writers name, as their DER contents
/// (X.690 §8.19). Compared byte for byte: DER has one encoding per OID.
pub(crate) mod oid {
    /// `rsaEncryption`, 1.2.840.113549.1.1.1 (RFC 8017 Appendix A.1).
    pub(crate) const RSA_ENCRYPTION: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 1, 1, 1];
    /// `id-RSASSA-PSS`, 1.2.840.113549.1.1.10 (RFC 8017 Appendix A.2.3).
    pub(crate) const RSASSA_PSS: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 1, 1, 10];
    /// `id-ecPublicKey`, 1.2.840.10045.2.1 (RFC 5480 §2.1.1).
    pub(crate) const EC_PUBLIC_KEY: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 2, 1];
    /// `id-Ed25519`, 1.3.101.112 (RFC 8410 §3).
    pub(crate) const ED25519: &[u8] = &[0x2b, 0x65, 0x70];
    /// `secp256r1` (P-256), 1.2.840.10045.3.1.7 (RFC 5480 §2.1.1.1).
    pub(crate) const P256: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 3, 1, 7];
    /// `secp384r1`, 1.3.132.0.34.
    pub(crate) const P384: &[u8] = &[0x2b, 0x81, 4, 0, 0x22];
    /// `secp521r1`, 1.3.132.0.35.
    pub(crate) const P521: &[u8] = &[0x2b, 0x81, 4, 0, 0x23];
    /// `secp256k1`, 1.3.132.0.10 (RFC 8812 §3.1 names it for ES256K).
    pub(crate) const SECP256K1: &[u8] = &[0x2b, 0x81, 4, 0, 0x0a];
    /// `id-at-commonName`, 2.5.4.3 (RFC 5280 Appendix A.1).
    pub(crate) const COMMON_NAME: &[u8] = &[0x55, 4, 3];
}

/// Why DER did not read, and at which byte of the DER being read (for a key nested
/// in another structure, as an RSAPublicKey inside a SubjectPublicKeyInfo, of the
/// nested key's own bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct DerError {
    pub at: usize,
    pub kind: DerErrorKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum DerErrorKind {
    /// The element would end at byte `end`; what holds it ends at `limit`.
    Truncated {
        end: usize,
        limit: usize,
    },
    /// `left` bytes after the `used` bytes of a structure's last element.
    Trailing {
        used: usize,
        left: usize,
    },
    /// A multi-byte tag number (X.690 §8.1.2.4), or a universal tag that is reserved
    /// (0, end-of-contents), unknown to DER readers, or in the wrong form (a
    /// constructed INTEGER, a primitive SEQUENCE: X.690 §8.1.2.5, §10.2).
    Tag,
    /// The indefinite length `0x80` (BER only: X.690 §10.1).
    Indefinite,
    /// More than four length octets, or the reserved `0xff`.
    LongLength,
    /// A length not in its fewest octets (X.690 §10.1).
    PaddedLength,
    Unexpected {
        expected: u8,
        found: u8,
    },
    /// An INTEGER that is empty, negative where a positive one belongs, or padded
    /// with a leading zero octet (X.690 §8.3.2).
    Integer,
    /// A BIT STRING without its unused-bits octet, or with more than 7 unused bits,
    /// or unused bits in an empty string (X.690 §8.6.2).
    BitString,
    /// A version number that does not fit the fields present (X.680 §20: the
    /// structure's own definition).
    Version,
    /// An OBJECT IDENTIFIER that is empty, cut inside a sub-identifier, padded with
    /// `0x80`, or has a sub-identifier over 32 bits (X.690 §8.19.2).
    Oid,
}

impl fmt::Display for DerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "at byte {}: ", self.at)?;
        match self.kind {
            DerErrorKind::Truncated { end, limit } => write!(
                f,
                "an element runs to byte {end}, past the end of what holds it (byte {limit})"
            ),
            DerErrorKind::Trailing { used, left } => {
                let s = if left == 1 { "" } else { "s" };
                write!(
                    f,
                    "{left} stray byte{s} after the {used} bytes of a structure"
                )
            }
            DerErrorKind::Tag => f.write_str("a tag no key structure uses"),
            DerErrorKind::Indefinite => f.write_str("an indefinite length (BER, not DER)"),
            DerErrorKind::LongLength => f.write_str("a length of more than four octets"),
            DerErrorKind::PaddedLength => {
                f.write_str("a length not in its shortest form, which DER requires")
            }
            DerErrorKind::Unexpected { expected, found } => {
                write!(f, "{} where {} belongs", TagName(found), TagName(expected))
            }
            DerErrorKind::Integer => f.write_str("an INTEGER that is empty, negative or padded"),
            DerErrorKind::BitString => f.write_str("a BIT STRING with a bad unused-bits octet"),
            DerErrorKind::Version => f.write_str("a version that does not fit the fields present"),
            DerErrorKind::Oid => f.write_str("a malformed OBJECT IDENTIFIER"),
        }
    }
}

/// A tag as X.680 names it: `SEQUENCE`, `[0]`, or its octet.
pub(super) struct TagName(pub u8);

impl fmt::Display for TagName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = match self.0 {
            INTEGER => "INTEGER",
            BIT_STRING => "BIT STRING",
            OCTET_STRING => "OCTET STRING",
            0x05 => "NULL",
            OBJECT_IDENTIFIER => "OBJECT IDENTIFIER",
            SEQUENCE => "SEQUENCE",
            0x31 => "SET",
            tag if tag & 0xe0 == 0xa0 => return write!(f, "[{}]", tag & 0x1f),
            tag => return write!(f, "tag 0x{tag:02x}"),
        };
        f.write_str(name)
    }
}

pub(super) type DerResult<T> = Result<T, DerError>;

/// One element: its tag, where it starts, and its contents.
#[derive(Debug, Clone, Copy)]
pub(super) struct Tlv<'a> {
    pub tag: u8,
    pub at: usize,
    pub value: &'a [u8],
    input: &'a [u8],
    value_at: usize,
}

impl<'a> Tlv<'a> {
    /// A reader over the contents (of a constructed element).
    pub(super) fn contents(&self) -> Reader<'a> {
        let end = self.value_at + self.value.len();
        Reader {
            input: self.input,
            start: self.value_at,
            at: self.value_at,
            end,
        }
    }

    fn error(&self, kind: DerErrorKind) -> DerError {
        DerError { at: self.at, kind }
    }

    /// A BIT STRING's contents (also under an IMPLICIT tag): its unused-bits count
    /// and its octets.
    pub(super) fn bits(&self) -> DerResult<(u8, &'a [u8])> {
        match self.value {
            [unused, bits @ ..] if *unused <= 7 && (*unused == 0 || !bits.is_empty()) => {
                Ok((*unused, bits))
            }
            _ => Err(self.error(DerErrorKind::BitString)),
        }
    }

    /// The contents of an OBJECT IDENTIFIER element, if it is a valid one.
    pub(super) fn as_oid(&self) -> Option<&'a [u8]> {
        (self.tag == OBJECT_IDENTIFIER && dotted(self.value).is_some()).then_some(self.value)
    }
}

/// Reads the elements of one structure in order.
#[derive(Debug, Clone)]
pub(super) struct Reader<'a> {
    input: &'a [u8],
    start: usize,
    at: usize,
    end: usize,
}

impl<'a> Reader<'a> {
    pub(super) fn new(input: &'a [u8]) -> Self {
        Reader {
            input,
            start: 0,
            at: 0,
            end: input.len(),
        }
    }

    pub(super) fn is_empty(&self) -> bool {
        self.at >= self.end
    }

    /// The offset of the next element in the whole input.
    pub(super) fn position(&self) -> usize {
        self.at
    }

    /// The next element's tag, if any is left.
    pub(super) fn peek(&self) -> Option<u8> {
        if self.is_empty() {
            None
        } else {
            self.input.get(self.at).copied()
        }
    }

    fn error(&self, kind: DerErrorKind) -> DerError {
        DerError { at: self.at, kind }
    }

    /// The next element, whatever its tag (X.690 §8.1.1–§8.1.3, §10.1).
    pub(super) fn any(&mut self) -> DerResult<Tlv<'a>> {
        let at = self.at;
        let limit = self.end;
        let truncated = |end| DerError {
            at,
            kind: DerErrorKind::Truncated { end, limit },
        };
        let byte = |i: usize| match at + i < limit {
            true => self.input.get(at + i).copied().ok_or(truncated(at + i + 1)),
            false => Err(truncated(at + i + 1)),
        };
        let tag = byte(0)?;
        if !known_tag(tag) {
            return Err(self.error(DerErrorKind::Tag));
        }
        let first = byte(1)?;
        let (header, length) = match first {
            0..=0x7f => (2, usize::from(first)),
            0x80 => return Err(self.error(DerErrorKind::Indefinite)),
            0x81..=0x84 => {
                let octets = usize::from(first - 0x80);
                let mut length = 0usize;
                for i in 0..octets {
                    length = (length << 8) | usize::from(byte(2 + i)?);
                }
                if byte(2)? == 0 || length < 0x80 {
                    return Err(self.error(DerErrorKind::PaddedLength));
                }
                (2 + octets, length)
            }
            _ => return Err(self.error(DerErrorKind::LongLength)),
        };
        let value_at = at + header;
        let end = value_at.saturating_add(length);
        let value = match end <= limit {
            true => self.input.get(value_at..end).ok_or(truncated(end))?,
            false => return Err(truncated(end)),
        };
        self.at = end;
        Ok(Tlv {
            tag,
            at,
            value,
            input: self.input,
            value_at,
        })
    }

    /// The next element, which must have `tag`.
    pub(super) fn read(&mut self, tag: u8) -> DerResult<Tlv<'a>> {
        let at = self.at;
        let tlv = self.any()?;
        if tlv.tag != tag {
            return Err(DerError {
                at,
                kind: DerErrorKind::Unexpected {
                    expected: tag,
                    found: tlv.tag,
                },
            });
        }
        Ok(tlv)
    }

    /// The next element if it has `tag` (an OPTIONAL or DEFAULT field).
    pub(super) fn optional(&mut self, tag: u8) -> DerResult<Option<Tlv<'a>>> {
        if self.peek() == Some(tag) {
            self.any().map(Some)
        } else {
            Ok(None)
        }
    }

    /// The next element, which must be a SEQUENCE, read with `read`, which must use
    /// all of its contents (X.690 §8.9: a SEQUENCE's contents are its fields).
    pub(super) fn in_sequence<T>(
        &mut self,
        read: impl FnOnce(&mut Reader<'a>) -> DerResult<T>,
    ) -> DerResult<T> {
        parse_contents(&self.read(SEQUENCE)?, read)
    }

    /// A non-negative INTEGER's magnitude, big-endian, without the leading zero octet
    /// that keeps it positive (zero is `[0]`).
    pub(super) fn unsigned(&mut self) -> DerResult<&'a [u8]> {
        let tlv = self.read(INTEGER)?;
        match tlv.value {
            [0] => Ok(tlv.value),
            [0, next, ..] if *next < 0x80 => Err(tlv.error(DerErrorKind::Integer)),
            [0, rest @ ..] => Ok(rest),
            [first, ..] if *first < 0x80 => Ok(tlv.value),
            _ => Err(tlv.error(DerErrorKind::Integer)),
        }
    }

    /// A BIT STRING: its unused-bits count and its octets.
    pub(super) fn bit_string(&mut self) -> DerResult<(u8, &'a [u8])> {
        self.read(BIT_STRING)?.bits()
    }

    /// An OBJECT IDENTIFIER's contents, checked ([`dotted`]).
    pub(super) fn oid(&mut self) -> DerResult<&'a [u8]> {
        let tlv = self.read(OBJECT_IDENTIFIER)?;
        tlv.as_oid().ok_or(tlv.error(DerErrorKind::Oid))
    }

    /// Nothing may follow the structure's last element.
    pub(super) fn finish(&self) -> DerResult<()> {
        if self.is_empty() {
            Ok(())
        } else {
            Err(self.error(DerErrorKind::Trailing {
                used: self.at - self.start,
                left: self.end - self.at,
            }))
        }
    }
}

/// Reads `der` with `read`, which must leave nothing after what it reads.
pub(super) fn parse<'a, T>(
    der: &'a [u8],
    read: impl FnOnce(&mut Reader<'a>) -> DerResult<T>,
) -> DerResult<T> {
    all_of(Reader::new(der), read)
}

/// Reads the contents of a constructed element (an EXPLICIT field) with `read`,
/// which must use all of them.
pub(super) fn parse_contents<'a, T>(
    tlv: &Tlv<'a>,
    read: impl FnOnce(&mut Reader<'a>) -> DerResult<T>,
) -> DerResult<T> {
    all_of(tlv.contents(), read)
}

fn all_of<'a, T>(
    mut reader: Reader<'a>,
    read: impl FnOnce(&mut Reader<'a>) -> DerResult<T>,
) -> DerResult<T> {
    let value = read(&mut reader)?;
    reader.finish()?;
    Ok(value)
}

/// An ECDSA signature in DER, `ECDSA-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER }`
/// (RFC 3279 §2.2.3): the magnitudes of r and s, or `None` when it is not one.
pub(crate) fn ecdsa_sig_value(der: &[u8]) -> Option<(&[u8], &[u8])> {
    integer_pair(der).ok()
}

/// `SEQUENCE { INTEGER, INTEGER }`, both non-negative: an ECDSA signature's r and s,
/// or a PKCS#1 `RSAPublicKey`'s modulus and exponent (RFC 8017 Appendix A.1.1).
pub(super) fn integer_pair(der: &[u8]) -> DerResult<(&[u8], &[u8])> {
    parse(der, |reader| {
        reader.in_sequence(|seq| Ok((seq.unsigned()?, seq.unsigned()?)))
    })
}

/// The universal types of X.680 §8.4 a DER reader knows, primitive (bit n for tag n):
/// BOOLEAN, INTEGER, BIT STRING, OCTET STRING, NULL, OBJECT IDENTIFIER, REAL,
/// ENUMERATED, UTF8String, RELATIVE-OID, and the string and time types 18–24, 26,
/// 27 and 30. The same set the `der` crate reads.
const UNIVERSAL_PRIMITIVE: u32 = 0b0100_1101_1111_1100_0011_0110_0111_1110;

/// A one-byte tag of a type DER key structures can hold: a known universal type in
/// its DER form (SEQUENCE and SET constructed, the rest primitive), or any
/// application, context-specific or private tag with a number under 31.
fn known_tag(tag: u8) -> bool {
    match tag {
        0x00..=0x1f => UNIVERSAL_PRIMITIVE >> tag & 1 == 1,
        0x20..=0x3f => tag == SEQUENCE || tag == 0x31,
        _ => tag & 0x1f != 0x1f,
    }
}

/// One whole element and nothing after it: the top level of a DER document.
pub(super) fn whole(der: &[u8]) -> DerResult<Tlv<'_>> {
    parse(der, Reader::any)
}

/// An OBJECT IDENTIFIER's contents in dotted form (X.690 §8.19), or `None` when they
/// are empty, end inside a sub-identifier, pad one with a leading `0x80`, or hold
/// one over 32 bits.
pub(crate) fn dotted(contents: &[u8]) -> Option<String> {
    let mut out = String::new();
    let mut value: u64 = 0;
    let mut fresh = true;
    for &byte in contents {
        if fresh && byte == 0x80 {
            return None;
        }
        value = (value << 7) | u64::from(byte & 0x7f);
        if value > u64::from(u32::MAX) {
            return None;
        }
        fresh = byte & 0x80 == 0;
        if fresh {
            if out.is_empty() {
                let first = value.min(80) / 40;
                out = format!("{first}.{}", value - first * 40);
            } else {
                out.push_str(&format!(".{value}"));
            }
            value = 0;
        }
    }
    (fresh && !out.is_empty()).then_some(out)
}

#[cfg(test)]
mod tests;
