//! OpenSSH public key lines (`authorized_keys` / `.pub` format): `TYPE BASE64
//! [COMMENT]`, where the base64 is the SSH wire encoding of the key.
//!
//! - `ssh-rsa`: string "ssh-rsa", mpint e, mpint n (RFC 4253 §6.6).
//! - `ecdsa-sha2-nistp256/384/521`: string type, string curve, string Q, a SEC1
//!   point (RFC 5656 §3.1).
//! - `ssh-ed25519`: string type, string of 32 bytes (RFC 8709 §4).
//!
//! Other OpenSSH types (DSA, security-key `sk-*` keys, certificates) are refused
//! by name: never taken as an HMAC secret. Every length is checked against what
//! is left before it is used, so reading is linear and cannot over-read.

use super::asn1::ec_public_from_sec1;
use super::material::{rsa_public, strip_leading_zeros};
use super::{Key, KeyFormat, KeyMaterial, PublicKey};
use crate::jose::alg::Curve;
use crate::jose::b64;
use crate::jose::error::{Error, ErrorKind, Result};

/// The key types this reader builds keys from, with the curve for ECDSA.
const SUPPORTED: [(&str, Option<Curve>); 5] = [
    ("ssh-rsa", None),
    ("ssh-ed25519", Some(Curve::Ed25519)),
    ("ecdsa-sha2-nistp256", Some(Curve::P256)),
    ("ecdsa-sha2-nistp384", Some(Curve::P384)),
    ("ecdsa-sha2-nistp521", Some(Curve::P521)),
];

/// OpenSSH key types recognised and refused, with why.
const REFUSED: [(&str, &str); 4] = [
    ("ssh-dss", "DSA has no JWS algorithm"),
    ("ssh-ed448", "Ed448 is not supported by jwtscope"),
    (
        "sk-ssh-ed25519@openssh.com",
        "a FIDO security-key key signs SSH challenges, not JWS",
    ),
    (
        "sk-ecdsa-sha2-nistp256@openssh.com",
        "a FIDO security-key key signs SSH challenges, not JWS",
    ),
];

/// A word that names an OpenSSH key type: the ones above, certificates, and the
/// families OpenSSH and its forks use (`ssh-*`, `ecdsa-sha2-*`, `sk-*`,
/// `webauthn-*`, `x509v3-*`, `…@openssh.com`).
fn is_openssh_type(word: &str) -> bool {
    SUPPORTED.iter().any(|(name, _)| *name == word)
        || REFUSED.iter().any(|(name, _)| *name == word)
        || word.ends_with("@openssh.com")
        || ["ssh-", "ecdsa-sha2-", "sk-", "webauthn-", "x509v3-"]
            .iter()
            .any(|prefix| word.len() > prefix.len() && word.starts_with(prefix))
}

/// A word as copied, without the quotes or comma around it.
fn bare_word(word: &str) -> &str {
    word.trim_matches(|c| matches!(c, '"' | '\'' | '`' | ','))
}

/// Finds an OpenSSH public key in text: a line whose words include a key type
/// followed by its base64 blob (a `.pub` line, an `authorized_keys` line with
/// options in front, a `known_hosts` line with hosts in front, any of them in
/// quotes), or a line that is only the blob. Returns the key as the line `TYPE
/// BASE64 [COMMENT]` (at most 16 words are read: the comment may be cut).
pub(super) fn locate(text: &str) -> Option<String> {
    text.lines().find_map(|line| {
        // Every wire-format blob starts with a 4-byte length under 2²⁴: "AAAA".
        if !line.contains("AAAA") {
            return None;
        }
        // Options or hosts come first, the comment after: 16 words are plenty, and a
        // megabyte-long comment is not split up.
        let words: Vec<&str> = line.split_whitespace().take(16).map(bare_word).collect();
        if let Some(i) = words
            .windows(2)
            .position(|w| is_openssh_type(w[0]) && w[1].starts_with("AAAA"))
        {
            return Some(words[i..].join(" "));
        }
        match words.as_slice() {
            [blob] if blob.starts_with("AAAA") => {
                let bytes = b64::decode_any(blob).ok()?;
                let kind = wire_type(&bytes)?;
                Some(format!("{kind} {blob}"))
            }
            _ => None,
        }
    })
}

/// The key type a wire-format blob starts with (RFC 4253 §6.6: a string naming
/// the type), if it looks like one.
fn wire_type(bytes: &[u8]) -> Option<&str> {
    let (len, rest) = bytes.split_first_chunk::<4>()?;
    let len = u32::from_be_bytes(*len) as usize;
    if !(7..=64).contains(&len) || rest.len() < len + 4 {
        return None;
    }
    let name = std::str::from_utf8(&rest[..len]).ok()?;
    let plausible = name
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'@' | b'.' | b'-'));
    (plausible && is_openssh_type(name)).then_some(name)
}

/// Whether bytes are an SSH wire-format public key (the decoded blob of a `.pub`
/// line), of any OpenSSH type.
pub(super) fn is_wire_key(bytes: &[u8]) -> bool {
    wire_type(bytes).is_some()
}

fn ssh_error(message: String) -> Error {
    Error::new(ErrorKind::KeyEncoding, message)
}

/// Reads an OpenSSH public key line.
///
/// # Errors
/// `ERR_KEY_TYPE` for an OpenSSH key type with no JWS algorithm (DSA, `sk-*`,
/// certificates); `ERR_KEY_ENCODING` for a blob that is not base64, is cut short,
/// or names another type than the line; the RSA and EC key errors otherwise.
// A form the first load never reads: kept out of line so the split moves it
// (ARCHITECTURE.md, "The first load and the rest").
#[inline(never)]
pub(super) fn parse_openssh(text: &str) -> Result<Key> {
    let mut words = text.split_whitespace();
    let (kind, blob) = match (words.next(), words.next()) {
        (Some(kind), Some(blob)) => (kind, blob),
        _ => {
            return Err(ssh_error(
                "an OpenSSH key line is \"TYPE BASE64 [COMMENT]\"".into(),
            ))
        }
    };
    let comment: Vec<&str> = words.collect();
    let Some(curve) = SUPPORTED
        .iter()
        .find(|(name, _)| *name == kind)
        .map(|(_, curve)| *curve)
    else {
        let why = REFUSED
            .iter()
            .find(|(name, _)| *name == kind)
            .map(|(_, why)| *why)
            .unwrap_or(if kind.contains("-cert-") {
                "an OpenSSH certificate wraps a key for SSH; paste the plain public key"
            } else {
                "no JWS algorithm uses this key type"
            });
        return Err(Error::new(
            ErrorKind::KeyType,
            format!("OpenSSH key type {kind}: {why}"),
        ));
    };
    let bytes = b64::decode_any(blob).map_err(|e| {
        ssh_error(format!(
            "the OpenSSH key's base64 does not decode: {}",
            e.message
        ))
    })?;
    let mut reader = Wire { rest: &bytes, kind };
    let inner = reader.string("key type")?;
    if inner != kind.as_bytes() {
        return Err(ssh_error(format!(
            "the line says {kind} but the encoded key says {}",
            String::from_utf8_lossy(inner)
        )));
    }
    let public = match curve {
        None => {
            let e = reader.string("RSA exponent e")?;
            let n = reader.string("RSA modulus n")?;
            PublicKey::Rsa(rsa_public(
                strip_leading_zeros(n),
                strip_leading_zeros(e),
                ErrorKind::KeyEncoding,
            )?)
        }
        Some(Curve::Ed25519) => {
            let point = reader.string("Ed25519 key")?;
            let bytes: [u8; 32] = point.try_into().map_err(|_| {
                ssh_error(format!(
                    "an ssh-ed25519 key is 32 bytes, this one is {}",
                    point.len()
                ))
            })?;
            PublicKey::Ed25519(
                ed25519_dalek::VerifyingKey::from_bytes(&bytes)
                    .map_err(|_| ssh_error("the ssh-ed25519 key is not a valid point".into()))?,
            )
        }
        Some(curve) => {
            let named = reader.string("curve name")?;
            let expected = kind.trim_start_matches("ecdsa-sha2-");
            if named != expected.as_bytes() {
                return Err(ssh_error(format!(
                    "the line says {kind} but the encoded curve is {}",
                    String::from_utf8_lossy(named)
                )));
            }
            ec_public_from_sec1(curve, reader.string("EC point")?)?
        }
    };
    if !reader.rest.is_empty() {
        return Err(ssh_error(format!(
            "{} bytes follow the {kind} key in its encoding",
            reader.rest.len()
        )));
    }
    let mut key = Key::new(KeyMaterial::Public(public), KeyFormat::OpenSsh);
    if !comment.is_empty() {
        key.notes.push(format!(
            "the OpenSSH comment \"{}\" is not part of the key",
            comment.join(" ")
        ));
    }
    Ok(key)
}

/// The SSH wire format's strings (RFC 4251 §5: uint32 length, then bytes).
struct Wire<'a> {
    rest: &'a [u8],
    kind: &'a str,
}

impl<'a> Wire<'a> {
    fn string(&mut self, what: &str) -> Result<&'a [u8]> {
        let cut = || ssh_error(format!("the {} key is cut short at its {what}", self.kind));
        let (len, rest) = self.rest.split_first_chunk::<4>().ok_or_else(cut)?;
        let len = u32::from_be_bytes(*len) as usize;
        if len > rest.len() {
            return Err(cut());
        }
        let (value, rest) = rest.split_at(len);
        self.rest = rest;
        Ok(value)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    fn wire(parts: &[&[u8]]) -> String {
        let mut out = Vec::new();
        for part in parts {
            out.extend_from_slice(&(part.len() as u32).to_be_bytes());
            out.extend_from_slice(part);
        }
        b64::encode_standard(&out)
    }

    #[test]
    fn ed25519_line() {
        let line = format!(
            "ssh-ed25519 {} me@host",
            wire(&[b"ssh-ed25519", &[0x19; 32]])
        );
        assert_eq!(locate(&line).as_deref(), Some(line.as_str()));
        let key = parse_openssh(&line).expect("ed25519");
        assert_eq!(key.format, KeyFormat::OpenSsh);
        assert!(key.notes[0].contains("me@host"));
    }

    #[test]
    fn refusals() {
        let dss = format!("ssh-dss {}", wire(&[b"ssh-dss"]));
        assert_eq!(parse_openssh(&dss).unwrap_err().kind(), ErrorKind::KeyType);
        let cut = format!("ssh-ed25519 {}", &wire(&[b"ssh-ed25519", &[1; 32]])[..20]);
        assert_eq!(
            parse_openssh(&cut).unwrap_err().kind(),
            ErrorKind::KeyEncoding
        );
        let other = format!("ssh-ed25519 {}", wire(&[b"ssh-rsa", &[1; 32]]));
        assert!(parse_openssh(&other)
            .unwrap_err()
            .message()
            .contains("ssh-rsa"));
        let huge_len = format!(
            "ssh-rsa {}",
            b64::encode_standard(&[0xff, 0xff, 0xff, 0xff, 1, 2])
        );
        assert_eq!(
            parse_openssh(&huge_len).unwrap_err().kind(),
            ErrorKind::KeyEncoding
        );
        assert!(locate("ssh-rsa is what I use").is_none());
        let blob = wire(&[b"ssh-ed25519", &[0x19; 32]]);
        let options = format!("from=\"10.0.0.0/8\",no-pty ssh-ed25519 {blob} me");
        assert_eq!(locate(&options), Some(format!("ssh-ed25519 {blob} me")));
        assert_eq!(
            locate(&format!("'{blob}'")),
            Some(format!("ssh-ed25519 {blob}"))
        );
        assert_eq!(
            locate(&format!("github.com,1.2.3.4 ssh-ed25519 {blob}")),
            Some(format!("ssh-ed25519 {blob}"))
        );
    }
}
