//! Writing keys out: JWK (RFC 7517 §4, RFC 7518 §6, RFC 8037 §2), SPKI and PKCS#8 PEM
//! (RFC 7468 §13 and §10), and JWK thumbprints (RFC 7638 §3).
//!
//! Private-key encodings are the crates' (`pkcs8` encoders, the key crates' own
//! serialisation). The public forms — SPKI and PKCS#1 `RSAPublicKey` — are a fixed
//! `AlgorithmIdentifier` per key type and the key's own bytes, so they are written
//! here in DER (ITU-T X.690) from the numbers every key already holds: the page's
//! module links them for the explainer, and the crates' generic encoders cost it
//! ~11 KB (tests hold every output to the crates' byte for byte). This module
//! chooses members and their order. JWK output lists
//! `kty` first, then the key members, then `kid`, `use`, `alg` and (private JWKs only)
//! `key_ops` as the key carried them.

use rsa::pkcs8::EncodePrivateKey;
use rsa::pkcs8::LineEnding;
use rsa::traits::PublicKeyParts;
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use super::der_reader::oid;
use super::{Key, KeyMaterial, PrivateKey, PublicKey};
use crate::jose::b64;
use crate::jose::error::{Error, ErrorKind, Result};

fn secret_has_no_public_form() -> Error {
    Error::new(
        ErrorKind::KeyType,
        "an HMAC secret has no public form: its only JWK is the secret itself (kty oct); use the private export",
    )
}

fn encoding_failed(what: &str, e: &dyn std::fmt::Display) -> Error {
    Error::new(
        ErrorKind::KeyEncoding,
        format!("the key cannot be written as {what}: {e}"),
    )
}

/// The members that define a public key, in JWK order (`kty` first), base64url where
/// binary. These are exactly RFC 7638 §3.2's required members.
fn public_members(key: &PublicKey) -> Vec<(&'static str, String)> {
    match key {
        PublicKey::Rsa(k) => vec![
            ("kty", "RSA".into()),
            ("n", b64::encode(&k.n_bytes())),
            ("e", b64::encode(&k.e_bytes())),
        ],
        PublicKey::Ed25519(k) => vec![
            ("kty", "OKP".into()),
            ("crv", "Ed25519".into()),
            ("x", b64::encode(k.as_bytes())),
        ],
        ec => {
            let (x, y) = ec.coordinates().unwrap_or_default();
            let crv = ec.curve().map(|c| c.jwk_name()).unwrap_or_default();
            vec![
                ("kty", "EC".into()),
                ("crv", crv.into()),
                ("x", b64::encode(&x)),
                ("y", b64::encode(&y)),
            ]
        }
    }
}

/// The members that define a key for its thumbprint: the public members, or `k` for
/// a secret (RFC 7638 §3.2).
fn required_members(key: &Key) -> Option<Vec<(&'static str, String)>> {
    match &key.material {
        KeyMaterial::Secret(s) => Some(vec![("kty", "oct".into()), ("k", b64::encode(s.bytes()))]),
        _ => key.public_key().map(|pk| public_members(&pk)),
    }
}

fn object(members: Vec<(&'static str, String)>) -> Map<String, Value> {
    members
        .into_iter()
        .map(|(name, value)| (name.to_string(), Value::String(value)))
        .collect()
}

fn add_metadata(jwk: &mut Map<String, Value>, key: &Key, with_key_ops: bool) {
    for (name, value) in [
        ("kid", &key.kid),
        ("use", &key.jwk_use),
        ("alg", &key.jwk_alg),
    ] {
        if let Some(value) = value {
            jwk.insert(name.into(), Value::String(value.clone()));
        }
    }
    if with_key_ops {
        if let Some(ops) = &key.key_ops {
            jwk.insert(
                "key_ops".into(),
                Value::Array(ops.iter().cloned().map(Value::String).collect()),
            );
        }
    }
}

/// The public JWK of a key (derived from a private key if need be), with its `kid`,
/// `use` and `alg`. `key_ops` is left out: a private key's `["sign"]` would be wrong
/// on its public half.
///
/// # Errors
/// `ERR_KEY_TYPE` for an HMAC secret, which has no public form.
pub fn public_jwk(key: &Key) -> Result<Value> {
    let public = key.public_key().ok_or_else(secret_has_no_public_form)?;
    let mut jwk = object(public_members(&public));
    add_metadata(&mut jwk, key, false);
    Ok(Value::Object(jwk))
}

/// The private JWK of a private key or secret: RSA with `n`, `e`, `d`, `p`, `q`, `dp`,
/// `dq`, `qi` (RFC 7518 §6.3.2); EC with `x`, `y`, `d` at exactly the field size
/// (§6.2.2); OKP with `x`, `d` (RFC 8037 §2); a secret as kty `oct` with `k` (§6.4).
///
/// # Errors
/// `ERR_KEY_PRIVATE_REQUIRED` for a public key; `ERR_KEY_ENCODING` if an RSA key
/// cannot be encoded (a multi-prime key).
pub fn private_jwk(key: &Key) -> Result<Value> {
    let mut jwk = match &key.material {
        KeyMaterial::Public(_) => {
            return Err(Error::new(
                ErrorKind::KeyPrivateRequired,
                "a private JWK needs a private key; this is a public key",
            ))
        }
        KeyMaterial::Secret(s) => {
            object(vec![("kty", "oct".into()), ("k", b64::encode(s.bytes()))])
        }
        KeyMaterial::Private(PrivateKey::Rsa(k)) => {
            let numbers = k.all_numbers()?;
            object(vec![
                ("kty", "RSA".into()),
                ("n", b64::encode(&numbers.n)),
                ("e", b64::encode(&numbers.e)),
                ("d", b64::encode(&numbers.d)),
                ("p", b64::encode(&numbers.p)),
                ("q", b64::encode(&numbers.q)),
                ("dp", b64::encode(&numbers.dp)),
                ("dq", b64::encode(&numbers.dq)),
                ("qi", b64::encode(&numbers.qi)),
            ])
        }
        KeyMaterial::Private(k) => {
            let mut members = public_members(&k.public_key());
            let d = k.scalar_bytes().unwrap_or_default();
            members.push(("d", b64::encode(&d)));
            object(members)
        }
    };
    add_metadata(&mut jwk, key, true);
    Ok(Value::Object(jwk))
}

/// A DER tag-length-value (X.690 §8.1: the definite length, short form under 128,
/// else long form in the fewest octets).
fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let len = content.len();
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let octets = len.to_be_bytes();
        let octets = super::material::strip_leading_zeros(&octets);
        out.push(0x80 | octets.len() as u8);
        out.extend_from_slice(octets);
    }
    out.extend_from_slice(content);
    out
}

/// A DER INTEGER holding a big-endian unsigned number (X.690 §8.3: no leading zero
/// octets but one that keeps it positive).
fn integer(bytes: &[u8]) -> Vec<u8> {
    let digits = super::material::strip_leading_zeros(bytes);
    match digits.first() {
        Some(&top) if top < 0x80 => tlv(0x02, digits),
        _ => tlv(0x02, &[&[0], digits].concat()),
    }
}

/// `RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER }`
/// (RFC 8017 Appendix A.1.1).
fn rsa_public_der(key: &rsa::PublicKey) -> Vec<u8> {
    tlv(
        0x30,
        &[integer(&key.n_bytes()), integer(&key.e_bytes())].concat(),
    )
}

/// `SubjectPublicKeyInfo` (RFC 5280 §4.1.2.7): the key type's `AlgorithmIdentifier`
/// (RFC 3279 §2.3.1 rsaEncryption with NULL parameters; RFC 5480 §2.1.1
/// id-ecPublicKey with the curve's OID; RFC 8410 §3 id-Ed25519 without parameters)
/// and the key as a BIT STRING: `RSAPublicKey`, the uncompressed EC point
/// (RFC 5480 §2.2), or the 32 bytes of an Ed25519 key (RFC 8410 §4).
fn spki_der(public: &PublicKey) -> Vec<u8> {
    let (algorithm, key): (Vec<u8>, Vec<u8>) = match public {
        PublicKey::Rsa(k) => (
            [tlv(6, oid::RSA_ENCRYPTION), vec![5, 0]].concat(),
            rsa_public_der(k),
        ),
        PublicKey::Ed25519(k) => (tlv(6, oid::ED25519), k.to_bytes().to_vec()),
        ec => {
            let curve = match ec {
                PublicKey::P256(_) => oid::P256,
                PublicKey::P384(_) => oid::P384,
                PublicKey::P521(_) => oid::P521,
                _ => oid::SECP256K1,
            };
            let algorithm = [tlv(6, oid::EC_PUBLIC_KEY), tlv(6, curve)].concat();
            let (x, y) = ec.coordinates().unwrap_or_default();
            (algorithm, [&[4], &x[..], &y[..]].concat())
        }
    };
    let algorithm = tlv(0x30, &algorithm);
    let bits = tlv(0x03, &[&[0], &key[..]].concat());
    tlv(0x30, &[algorithm, bits].concat())
}

/// PEM (RFC 7468 §2): the label's boundaries around the base64 of `der` in lines of
/// 64 characters, LF line ends, a final LF.
fn pem(label: &str, der: &[u8]) -> String {
    let body = b64::encode_standard(der);
    let mut out = format!("-----BEGIN {label}-----\n");
    let mut rest = body.as_str();
    while !rest.is_empty() {
        let (line, tail) = rest.split_at(rest.len().min(64));
        out.push_str(line);
        out.push('\n');
        rest = tail;
    }
    out.push_str(&format!("-----END {label}-----\n"));
    out
}

/// An RSA public key as `-----BEGIN RSA PUBLIC KEY-----` (PKCS#1 `RSAPublicKey`,
/// RFC 8017 Appendix A.1.1; RFC 7468 does not define it, OpenSSL writes it), LF line
/// ends; `None` for any other key.
pub fn pkcs1_public_pem(key: &Key) -> Option<String> {
    match key.public_key()? {
        PublicKey::Rsa(k) => Some(pem("RSA PUBLIC KEY", &rsa_public_der(&k))),
        _ => None,
    }
}

/// The public key as `-----BEGIN PUBLIC KEY-----` (SubjectPublicKeyInfo, RFC 5280
/// §4.1.2.7; RFC 7468 §13), LF line ends.
///
/// # Errors
/// `ERR_KEY_TYPE` for an HMAC secret.
pub fn spki_pem(key: &Key) -> Result<String> {
    let public = key.public_key().ok_or_else(secret_has_no_public_form)?;
    Ok(pem("PUBLIC KEY", &spki_der(&public)))
}

/// The private key as `-----BEGIN PRIVATE KEY-----` (PKCS#8, RFC 5208 §5 / RFC 5958;
/// RFC 7468 §10), LF line ends.
///
/// # Errors
/// `ERR_KEY_PRIVATE_REQUIRED` for a public key; `ERR_KEY_TYPE` for an HMAC secret;
/// `ERR_KEY_ENCODING` if encoding fails.
pub fn pkcs8_pem(key: &Key) -> Result<String> {
    let private = match &key.material {
        KeyMaterial::Private(k) => k,
        KeyMaterial::Public(_) => {
            return Err(Error::new(
                ErrorKind::KeyPrivateRequired,
                "PKCS#8 holds a private key; this is a public key (export it as SPKI instead)",
            ))
        }
        KeyMaterial::Secret(_) => {
            return Err(Error::new(
                ErrorKind::KeyType,
                "an HMAC secret has no PKCS#8 form: export it as a JWK (kty oct)",
            ))
        }
    };
    let pem = match private {
        PrivateKey::Rsa(k) => k.build()?.to_pkcs8_pem(LineEnding::LF),
        PrivateKey::P256(k) => k.to_pkcs8_pem(LineEnding::LF),
        PrivateKey::P384(k) => k.to_pkcs8_pem(LineEnding::LF),
        PrivateKey::P521(k) => k.to_pkcs8_pem(LineEnding::LF),
        PrivateKey::Secp256k1(k) => k.to_pkcs8_pem(LineEnding::LF),
        PrivateKey::Ed25519(k) => k.to_pkcs8_pem(LineEnding::LF),
    };
    pem.map(|p| p.to_string())
        .map_err(|e| encoding_failed("PKCS#8 PEM", &e))
}

/// The JWK thumbprint (RFC 7638 §3): SHA-256 over the key's required members
/// (RFC 7638 §3.2; RFC 8037 §2 for OKP) in lexicographic order, as JSON with no
/// whitespace, base64url-encoded. The same for a private key and its public half.
///
/// # Errors
/// None in practice; the `Result` keeps room for key types without a thumbprint.
pub fn thumbprint(key: &Key) -> Result<String> {
    let mut members = required_members(key).ok_or_else(secret_has_no_public_form)?;
    // Lexicographic order of at most four names: an insertion sort (the slice sorts
    // would add ~3 KB to the page's wasm, where nothing else sorts).
    for i in 1..members.len() {
        let mut j = i;
        while j > 0 && members.get(j - 1).map(|m| m.0) > members.get(j).map(|m| m.0) {
            members.swap(j - 1, j);
            j -= 1;
        }
    }
    let body: Vec<String> = members
        .iter()
        .map(|(name, value)| format!("{}:{}", Value::from(*name), Value::from(value.as_str())))
        .collect();
    let json = format!("{{{}}}", body.join(","));
    Ok(b64::encode(&Sha256::digest(json.as_bytes())))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use crate::jose::key::{parse_key, SecretEncoding};

    /// RFC 7638 §3.1's example key.
    const RFC7638_KEY: &str = r#"{
        "kty": "RSA",
        "n": "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw",
        "e": "AQAB",
        "alg": "RS256",
        "kid": "2011-04-29"
    }"#;

    fn key(text: &str) -> Key {
        parse_key(text, SecretEncoding::Utf8)
            .expect("key")
            .keys
            .remove(0)
    }

    #[test]
    fn rfc7638_example_thumbprint() {
        let key = key(RFC7638_KEY);
        assert_eq!(
            thumbprint(&key).ok().as_deref(),
            Some("NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs")
        );
        assert_eq!(
            key.describe(),
            "RSA public key, 2048 bits, JWK, kid \"2011-04-29\""
        );
    }

    #[test]
    fn rsa_private_jwk_round_trips_every_member() {
        let key = key(super::super::fixtures::RFC7515_RSA);
        let original: Value =
            serde_json::from_str(super::super::fixtures::RFC7515_RSA).expect("json");
        let exported = private_jwk(&key).expect("export");
        for member in ["kty", "n", "e", "d", "p", "q", "dp", "dq", "qi"] {
            assert_eq!(exported[member], original[member], "{member}");
        }
        let public = public_jwk(&key).expect("public");
        assert_eq!(public.as_object().map(|o| o.len()), Some(3));
        assert_eq!(
            thumbprint(&key).ok(),
            thumbprint(&self::key(&public.to_string())).ok()
        );
        // PEM round trips: PKCS#8 back to the same key, SPKI to its public half.
        let pkcs8 = pkcs8_pem(&key).expect("pkcs8");
        let back = self::key(&pkcs8);
        assert_eq!(back.describe(), "RSA private key, 2048 bits, PKCS#8 PEM");
        assert_eq!(back.public_key(), key.public_key());
        let spki = spki_pem(&key).expect("spki");
        assert!(spki.starts_with("-----BEGIN PUBLIC KEY-----\n"));
        assert_eq!(self::key(&spki).public_key(), key.public_key());
    }

    #[test]
    fn ec_and_okp_exports() {
        // RFC 7515 Appendix A.4.1 (P-521) and RFC 8037 Appendix A.1 (Ed25519).
        let p521 = r#"{"kty":"EC","crv":"P-521",
            "x":"AekpBQ8ST8a8VcfVOTNl353vSrDCLLJXmPk06wTjxrrjcBpXp5EOnYG_NjFZ6OvLFV1jSfS9tsz4qUxcWceqwQGk",
            "y":"ADSmRA43Z1DSNx_RvcLI87cdL07l6jQyyBXMoxVg_l2Th-x3S1WDhjDly79ajL4Kkd0AZMaZmh9ubmf63e3kyMj2",
            "d":"AY5pb7A0UFiB3RELSD64fTLOSV_jazdF7fLYyuTw8lOfRhWg6Y6rUrPAxerEzgdRhajnu0ferB0d53vM9mE15j2C"}"#;
        let ed = r#"{"kty":"OKP","crv":"Ed25519",
            "d":"nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A",
            "x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}"#;
        for text in [p521, ed] {
            let original: Value = serde_json::from_str(text).expect("json");
            let key = key(text);
            let exported = private_jwk(&key).expect("export");
            for member in ["kty", "crv", "x", "y", "d"] {
                assert_eq!(exported.get(member), original.get(member), "{member}");
            }
            let back = self::key(&pkcs8_pem(&key).expect("pkcs8"));
            assert_eq!(back.public_key(), key.public_key());
            let public = self::key(&spki_pem(&key).expect("spki"));
            assert_eq!(public.public_key(), key.public_key());
        }
        // RFC 8037 Appendix A.3: the Ed25519 key's thumbprint.
        assert_eq!(
            thumbprint(&key(ed)).ok().as_deref(),
            Some("kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k")
        );
    }

    #[test]
    fn wrong_halves_are_refused() {
        let public = key(RFC7638_KEY);
        assert_eq!(
            private_jwk(&public).err().map(|e| e.kind()),
            Some(ErrorKind::KeyPrivateRequired)
        );
        assert_eq!(
            pkcs8_pem(&public).err().map(|e| e.kind()),
            Some(ErrorKind::KeyPrivateRequired)
        );
        let secret = key("a secret");
        assert_eq!(
            public_jwk(&secret).err().map(|e| e.kind()),
            Some(ErrorKind::KeyType)
        );
        assert_eq!(
            spki_pem(&secret).err().map(|e| e.kind()),
            Some(ErrorKind::KeyType)
        );
        let jwk = private_jwk(&secret).expect("oct");
        assert_eq!(jwk["k"], "YSBzZWNyZXQ");
        assert!(thumbprint(&secret).is_ok());
    }

    /// The public forms written here are the crates' encoders' output, byte for
    /// byte, for every kind of key (and RSA moduli whose top bit needs a zero octet,
    /// which every RSA modulus has; e = 3 and 65537).
    #[test]
    fn spki_and_pkcs1_are_the_crates_encodings_byte_for_byte() {
        use crate::jose::key::{generate_keypair, KeyPairSpec};
        use rsa::pkcs1::EncodeRsaPublicKey;
        use rsa::pkcs8::EncodePublicKey;
        let mut keys: Vec<Key> = KeyPairSpec::ALL
            .into_iter()
            .filter(|s| !matches!(s, KeyPairSpec::Rsa { bits } if *bits > 3072))
            .map(|s| generate_keypair(s).unwrap().key)
            .collect();
        for text in [
            include_str!("../../../tests/e2e/fixtures/rsa.pub.pem"),
            include_str!("../../../tests/e2e/fixtures/ec.pub.pem"),
            include_str!("../../../tests/e2e/fixtures/ed.jwk.json"),
        ] {
            keys.push(key(text));
        }
        for k in &keys {
            let theirs = match k.public_key().unwrap() {
                PublicKey::Rsa(p) => {
                    let pkcs1 = p.to_pkcs1_pem(LineEnding::LF).unwrap();
                    assert_eq!(pkcs1_public_pem(k).unwrap(), pkcs1);
                    p.to_public_key_pem(LineEnding::LF)
                }
                PublicKey::P256(p) => p.to_public_key_pem(LineEnding::LF),
                PublicKey::P384(p) => p.to_public_key_pem(LineEnding::LF),
                PublicKey::P521(p) => p.to_public_key_pem(LineEnding::LF),
                PublicKey::Secp256k1(p) => p.to_public_key_pem(LineEnding::LF),
                PublicKey::Ed25519(p) => p.to_public_key_pem(LineEnding::LF),
            };
            assert_eq!(spki_pem(k).unwrap(), theirs.unwrap(), "{}", k.describe());
        }
        // Lengths in the long form (a 4096-bit key's DER) and a small exponent.
        let n = [&[0xc1][..], &[0x5a; 510], &[0x5b]].concat();
        let p = rsa::PublicKey::new(
            rsa::BoxedUint::from_be_slice(&n, 4096).unwrap(),
            rsa::BoxedUint::from(3u32),
        )
        .unwrap();
        let k = Key::new(
            KeyMaterial::Public(PublicKey::Rsa(p.clone())),
            crate::jose::key::KeyFormat::Jwk,
        );
        assert_eq!(
            spki_pem(&k).unwrap(),
            p.to_public_key_pem(LineEnding::LF).unwrap()
        );
        assert_eq!(
            pkcs1_public_pem(&k).unwrap(),
            p.to_pkcs1_pem(LineEnding::LF).unwrap()
        );
    }
}
