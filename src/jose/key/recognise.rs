//! What a pasted key text is, before anything reads it as a key.
//!
//! This is the one place that decides whether text is key material or an HMAC
//! secret. Every form a person might paste is recognised, in this order:
//!
//! 1. PEM armour, intact or damaged (RFC 7468): `-----BEGIN …`.
//! 2. JSON: an object (a JWK, RFC 7517 §4, or a JWK Set, §5), or an array whose
//!    members name a `kty` (a JWK Set pasted without its `{"keys": …}` wrapper).
//! 3. An OpenSSH public key line (`ssh-rsa AAAA…`, RFC 4253 §6.6; `ecdsa-sha2-*`,
//!    RFC 5656 §3.1; `ssh-ed25519`, RFC 8709 §4), or another OpenSSH key type,
//!    which is refused by name rather than taken as a secret.
//! 4. Bare base64 or base64url DER, wrapped or not: the body of a PEM without its
//!    armour lines (how Keycloak and other consoles show realm keys), an `x5c`
//!    certificate entry, a DER file through `base64`. SPKI, PKCS#1, PKCS#8, SEC1
//!    and X.509 are recognised by their structure; DER that starts like a key (a
//!    SEQUENCE naming a key algorithm) but does not parse is still key material.
//!
//! Only text that is none of these is an HMAC secret. The same recogniser answers
//! [`public_key_material`], which the confusion rule
//! ([`crate::jose::policy::hmac_confusion`]) applies to a secret's bytes: text or
//! decoded bytes that are key material never reach HMAC as a secret.
//!
//! Work is linear in the text: one pass per check, no backtracking; DER is tried
//! against each key structure (at most six linear reads, [`super::der_reader`]).

use super::asn1;
use super::der_reader::{oid, OBJECT_IDENTIFIER};
use super::{secret, ssh};
use crate::jose::alg::Curve;
use crate::jose::b64;

/// What a key text is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Form {
    /// PEM armour (possibly damaged).
    Pem,
    /// A JSON object: a JWK or a JWK Set.
    JsonObject,
    /// A JSON array of JWKs (a JWK Set without its wrapper).
    JwkArray,
    /// An OpenSSH public key, as the line `TYPE BASE64 [COMMENT]` (found inside an
    /// `authorized_keys` or `known_hosts` line, quotes, or from a bare blob).
    OpenSsh(String),
    /// Base64 DER without PEM armour: the decoded bytes and the PEM label whose
    /// structure they fit, or `None` when they start like a key and fit none.
    BareDer(Vec<u8>, Option<&'static str>),
    /// None of the above: an HMAC secret.
    Secret,
}

/// The shortest base64 text read as bare DER: an Ed25519 SPKI, the smallest key
/// structure there is, is 44 bytes (60 characters).
const MIN_BARE_DER_CHARS: usize = 56;

/// Recognises `text` (already free of a byte-order mark).
pub(super) fn recognise(text: &str) -> Form {
    if super::pem::looks_like_pem(text) {
        return Form::Pem;
    }
    let trimmed = text.trim();
    // A JSON object is a key only when it is about keys: `{"user":"x"}` or
    // `{{template}}` are secrets (the confusion rule still checks them, member names
    // written with escapes included: `{"\u006bty":…}` is refused, not read).
    if trimmed.starts_with('{') && (trimmed.contains("\"kty\"") || trimmed.contains("\"keys\"")) {
        return Form::JsonObject;
    }
    // A JSON array is a JWK Set only when it is about keys; `[1]` stays a secret.
    if trimmed.starts_with('[') && trimmed.contains("\"kty\"") {
        return Form::JwkArray;
    }
    if let Some(line) = ssh::locate(trimmed) {
        return Form::OpenSsh(line);
    }
    if let Some(der) = bare_der(unquote(trimmed)) {
        if let Some(label) = der_key(&der) {
            return Form::BareDer(der, label);
        }
    }
    Form::Secret
}

/// What `text` is, for people, when it is key material rather than an HMAC secret
/// (`a PEM public key`, `a JWK Set`…): how the token pane names a key pasted into it.
/// The same recogniser as every key reader.
pub fn key_text_kind(text: &str) -> Option<&'static str> {
    Some(match recognise(text) {
        Form::Pem => {
            let upper = text.to_ascii_uppercase();
            if upper.contains("PRIVATE KEY") {
                "a PEM private key"
            } else if upper.contains("CERTIFICATE") {
                "a PEM certificate"
            } else {
                "a PEM public key"
            }
        }
        Form::JsonObject if text.contains("\"keys\"") => "a JWK Set",
        Form::JsonObject => "a JWK",
        Form::JwkArray => "a JWK Set (an array of JWKs)",
        Form::OpenSsh(_) => "an OpenSSH public key",
        Form::BareDer(..) => "a key in base64 DER (a PEM body without its armour lines)",
        Form::Secret => return None,
    })
}

/// DER that is key material: `Some(label)` with the PEM label of the key structure
/// it fits, `Some(None)` when it fits none but starts like a key, `None` otherwise.
fn der_key(der: &[u8]) -> Option<Option<&'static str>> {
    let label = asn1::sniff(der);
    (label.is_some() || starts_like_a_key(der)).then_some(label)
}

/// The text without the quotes, backticks or trailing comma that copying a value
/// out of JSON, YAML, shell or Markdown leaves around it.
fn unquote(text: &str) -> &str {
    let text = text.strip_suffix(',').unwrap_or(text).trim();
    for q in ['"', '\'', '`'] {
        if let Some(inner) = text.strip_prefix(q).and_then(|t| t.strip_suffix(q)) {
            return inner.trim();
        }
    }
    text
}

/// Base64 or base64url text (line breaks and spaces allowed, padding optional)
/// whose bytes start with a DER SEQUENCE, decoded; `None` for anything else.
fn bare_der(text: &str) -> Option<Vec<u8>> {
    // A DER SEQUENCE of any key size starts with 0x30 0x8x or 0x30 0x4x-0x7x:
    // in base64, 'M' and then a letter. Cheap to refuse everything else early.
    // The largest key structure (an RSA-8192 private key, a long certificate) is a
    // few KB of base64: a longer text is not decoded to find out.
    if !text.starts_with('M') || !(MIN_BARE_DER_CHARS..=MAX_DEEP_SCAN).contains(&text.len()) {
        return None;
    }
    let mut compact = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            'A'..='Z' | 'a'..='z' | '0'..='9' | '-' | '_' => compact.push(c),
            '+' => compact.push('-'),
            '/' => compact.push('_'),
            '=' => {}
            c if c.is_whitespace() => {}
            _ => return None,
        }
    }
    let der = b64::decode_url_relaxed(&compact).ok()?;
    (der.first() == Some(&0x30)).then_some(der)
}

/// The key algorithms' OIDs, found in DER with their tag and length: rsaEncryption (RFC 8017
/// Appendix A.1), id-RSASSA-PSS (A.2.3), id-ecPublicKey (RFC 5480 §2.1.1),
/// id-Ed25519 (RFC 8410 §3).
const KEY_ALGORITHM_OIDS: [&[u8]; 4] = [
    oid::RSA_ENCRYPTION,
    oid::RSASSA_PSS,
    oid::EC_PUBLIC_KEY,
    oid::ED25519,
];

/// A DER SEQUENCE that names a key algorithm within its first bytes: damaged or
/// truncated key DER, which is still key material and never a secret. Only the
/// first 64 bytes are searched (SPKI and PKCS#8 name the algorithm there; a
/// certificate that `sniff` did not accept is not searched further).
fn starts_like_a_key(der: &[u8]) -> bool {
    let head = &der[..der.len().min(64)];
    let named = |oid: &[u8]| {
        head.windows(oid.len() + 2)
            .any(|w| w[..2] == [OBJECT_IDENTIFIER, oid.len() as u8] && w[2..] == *oid)
    };
    KEY_ALGORITHM_OIDS.iter().any(|oid| named(oid)) || starts_like_pkcs1_rsa(der)
}

/// PKCS#1 names no algorithm: its shape is a long SEQUENCE whose first member is an
/// INTEGER of at least 128 bytes (the modulus of an `RSAPublicKey`, or the `0`
/// version of an `RSAPrivateKey` followed by one).
fn starts_like_pkcs1_rsa(der: &[u8]) -> bool {
    let long_integer = |at: usize| {
        der.get(at) == Some(&0x02)
            && matches!(der.get(at + 1), Some(0x81..=0x83))
            && der
                .get(at + 2)
                .is_some_and(|&b| b >= 0x80 || der.get(at + 1) != Some(&0x81))
    };
    der.first() == Some(&0x30) && matches!(der.get(1), Some(0x82..=0x83)) && {
        let body = 2 + usize::from(der[1] - 0x80);
        long_integer(body)
            || (der.get(body..body + 3) == Some(&[0x02, 0x01, 0x00]) && long_integer(body + 3))
    }
}

/// Secrets longer than this get only the direct checks of [`public_key_material`],
/// not the search through wrappers and encodings (a pasted key is at most a few KB;
/// an 8192-bit RSA certificate chain stays well under it).
const MAX_DEEP_SCAN: usize = 64 * 1024;

/// What a secret's bytes would be as key material, if they are key material in
/// any form a person might paste: e.g. `Some("an SPKI public key (DER)")`. `None`
/// for bytes that are no key. Checked, in order:
///
/// - the bytes themselves: DER of a key structure (or DER that starts like one), an
///   SSH wire-format key, an uncompressed EC point on P-256/384/521 or secp256k1;
/// - the bytes as text: every form [`recognise`] reads as a key, PEM boundaries or
///   labels anywhere (also with typographic dashes), a JWK `kty` member anywhere
///   (in quotes, a JSON string, after `NAME=`), an OpenSSH key on any line;
/// - for texts up to 64 KiB, the text's own encodings (all of it as hex, or as
///   base64) and every base64 or hex run inside it (a key in quotes, after `NAME=`,
///   in an `x5c` array, a Markdown fence, with `\n` escapes), each checked as bytes.
///
/// Every step is one linear pass; each run is decoded once.
pub(crate) fn public_key_material(bytes: &[u8]) -> Option<&'static str> {
    if let Some(what) = material_in_bytes(bytes) {
        return Some(what);
    }
    let text = std::str::from_utf8(bytes).ok()?;
    if let Some(what) = material_in_text(text) {
        return Some(what);
    }
    if text.len() > MAX_DEEP_SCAN {
        return None;
    }
    let decoded = [whole_hex(text), b64::decode_any(text.trim()).ok()];
    for bytes in decoded.iter().flatten() {
        if let Some(what) = material_in_bytes(bytes) {
            return Some(what);
        }
        if let Some(what) = std::str::from_utf8(bytes).ok().and_then(material_in_text) {
            return Some(what);
        }
    }
    if let Some(what) = material_in_runs(text, false) {
        return Some(what);
    }
    // A certificate's body in a JSON string (`"MIIC…\nMIIB…"`), with `\/` for `/`,
    // in SAML metadata, a JWK in YAML or with `"\u006bty"`…
    might_be_odd_key_text(text)
        .then(|| material_in_odd_text(text))
        .flatten()
}

/// Key material in raw bytes.
fn material_in_bytes(bytes: &[u8]) -> Option<&'static str> {
    if bytes.first() == Some(&0x30) {
        if let Some(label) = der_key(bytes) {
            return Some(match label {
                Some("PUBLIC KEY") => "an SPKI public key (DER)",
                Some("RSA PUBLIC KEY") => "a PKCS#1 RSA public key (DER)",
                Some("CERTIFICATE") => "an X.509 certificate (DER)",
                Some("PRIVATE KEY") => "a PKCS#8 private key (DER)",
                Some("RSA PRIVATE KEY") => "a PKCS#1 RSA private key (DER)",
                Some(_) => "a SEC1 EC private key (DER)",
                None => "DER key material",
            });
        }
    }
    if ssh::is_wire_key(bytes) {
        return Some("an SSH public key (wire format)");
    }
    if is_ec_point(bytes) {
        return Some("an EC public key point");
    }
    None
}

/// Key material in text, without decoding it.
fn material_in_text(text: &str) -> Option<&'static str> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    match recognise(text) {
        Form::Pem => return Some("PEM key text"),
        Form::JsonObject => return Some("a JWK or JWK Set"),
        Form::JwkArray => return Some("a JSON array of JWKs"),
        Form::OpenSsh(_) => return Some("an OpenSSH public key"),
        Form::BareDer(..) => return Some("a base64 DER key without PEM armour"),
        Form::Secret => {}
    }
    if mentions_pem_label(text) {
        return Some("PEM key text");
    }
    if text.contains("\"kty") || text.contains("'kty") {
        return Some("a JWK");
    }
    // (An OpenSSH key on any line was looked for by `recognise`.)
    None
}

/// `BEGIN` followed by a key or certificate label, whatever the dashes around it.
fn mentions_pem_label(text: &str) -> bool {
    const LABELS: [&str; 4] = [
        "PUBLIC KEY",
        "PRIVATE KEY",
        "CERTIFICATE",
        "SSH2 PUBLIC KEY",
    ];
    // A `BEGIN ` inside a label already read ends the same label: not read again, so
    // the work stays linear ("BEGIN BEGIN BEGIN …" was quadratic: review of session 16).
    let mut read_to = 0;
    text.match_indices("BEGIN ").any(|(at, _)| {
        if at < read_to {
            return false;
        }
        let after = &text[at + 6..];
        let label_end =
            after.find(|c: char| !(c.is_ascii_uppercase() || c == ' ' || c.is_ascii_digit()));
        let label = &after[..label_end.unwrap_or(after.len())];
        read_to = at + 6 + label.len();
        LABELS.iter().any(|l| label.trim_end().ends_with(l))
    })
}

/// A JWK's `kty` member naming an asymmetric key type (RFC 7518 §6.1, RFC 8037 §2)
/// in any notation: a JavaScript object literal (`kty: "RSA"`), YAML (`kty: EC`),
/// TOML (`kty = "OKP"`), a query string (`kty=RSA`), a Ruby or Perl hash
/// (`:kty=>"RSA"`, `kty => 'RSA'`). `kty` must be a word of its own.
fn names_asymmetric_kty(text: &str) -> bool {
    let bytes = text.as_bytes();
    fn skip(mut s: &[u8]) -> &[u8] {
        while let [b'"' | b'\'' | b'`' | b' ' | b'\t' | b'>', rest @ ..] = s {
            s = rest;
        }
        s
    }
    text.match_indices("kty").any(|(at, _)| {
        let word = at == 0 || !(bytes[at - 1].is_ascii_alphanumeric() || bytes[at - 1] == b'_');
        let Some((b':' | b'=', value)) = skip(&bytes[at + 3..]).split_first() else {
            return false;
        };
        let value = skip(value);
        word && [&b"RSA"[..], b"EC", b"OKP"].iter().any(|kty| {
            value.starts_with(kty) && !value.get(kty.len()).is_some_and(u8::is_ascii_alphanumeric)
        })
    })
}

/// `text` with the escapes that JSON and JavaScript strings (`\n`, `\r`, `\t`,
/// `\/`, `\u002f`, also doubled: `\\n`), XML and HTML character references
/// (`&#10;`, `&#x2F;`, `&quot;`, `&amp;`, `&lt;`, `&gt;`, `&apos;`) and percent-encoding (`%0A`, `%2B`) put in key text undone,
/// where they stand for an ASCII character. `None` when there are none. One pass:
/// a run of backslashes is read once, whatever follows it. Out of line, for the
/// split: the first load reads no escaped key text.
#[inline(never)]
fn unescaped(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    if !bytes.iter().any(|b| matches!(b, b'\\' | b'&' | b'%')) {
        return None;
    }
    // An ASCII character from its digits, or `None`.
    let number = |digits: Option<&[u8]>, radix: u32| {
        let digits = digits.filter(|d| !d.is_empty())?;
        let n = digits.iter().try_fold(0u32, |n, &d| {
            Some(n * radix + char::from(d).to_digit(radix)?).filter(|&n| n < 0x80)
        })?;
        u8::try_from(n).ok()
    };
    let mut out = Vec::with_capacity(bytes.len());
    let mut at = 0;
    while let Some(rest) = bytes.get(at..).filter(|r| !r.is_empty()) {
        let (value, used) = match rest[0] {
            b'\\' => {
                let k = rest.iter().take_while(|&&b| b == b'\\').count();
                match rest.get(k) {
                    Some(b'n' | b'r' | b't') => (Some(b'\n'), k + 1),
                    Some(b'/') => (Some(b'/'), k + 1),
                    Some(b'u') if rest.get(k + 1..k + 3) == Some(b"00") => {
                        (number(rest.get(k + 3..k + 5), 16), k + 5)
                    }
                    _ => (None, k),
                }
            }
            b'&' if !rest.starts_with(b"&#") => {
                let named: [(&[u8], u8); 5] = [
                    (b"&quot;", b'"'),
                    (b"&apos;", b'\''),
                    (b"&amp;", b'&'),
                    (b"&lt;", b'<'),
                    (b"&gt;", b'>'),
                ];
                match named.iter().find(|(name, _)| rest.starts_with(name)) {
                    Some((name, c)) => (Some(*c), name.len()),
                    None => (None, 1),
                }
            }
            b'&' => {
                let (radix, skip) = match rest.get(2) {
                    Some(b'x' | b'X') => (16, 3),
                    _ => (10, 2),
                };
                match rest.iter().take(skip + 5).position(|&b| b == b';') {
                    Some(end) => (number(rest.get(skip..end), radix), end + 1),
                    None => (None, 1),
                }
            }
            b'%' => (number(rest.get(1..3), 16), 3),
            _ => (None, 1),
        };
        let used = used.min(rest.len());
        match value {
            Some(b) => out.push(b),
            None => out.extend_from_slice(&rest[..used]),
        }
        at += used;
    }
    String::from_utf8(out).ok()
}

/// The whole text as hex (whitespace, `:` separators and `0x` prefixes allowed, as
/// [`secret::hex_text`] reads a hex secret), if it is hex of at least 32 bytes.
fn whole_hex(text: &str) -> Option<Vec<u8>> {
    let bytes = secret::hex_text(text).ok()?.bytes;
    (bytes.len() >= 32).then_some(bytes)
}

/// The decodings of the base64 and hex runs of a text that could hold a key: runs
/// of base64 characters (with trailing `=`) starting `M` (a DER SEQUENCE) or `AAAA`
/// (an SSH wire key), and runs of 64 or more hex digits starting `30`, `02`, `03` or
/// `04` (DER, EC points).
fn runs(text: &str) -> impl Iterator<Item = Vec<u8>> + '_ {
    text.split(|c: char| !(c.is_ascii() && (b64_digit(c as u8) || c == '=')))
        .flat_map(|chunk| chunk.split_inclusive('='))
        .map(|run| run.trim_start_matches('='))
        .filter_map(|run| {
            let digits = run.trim_end_matches('=');
            // 64 digits or more: DER, and EC points (a compressed P-256 one is 66).
            let hexish = digits.len() >= 64 && digits.chars().all(|c| c.is_ascii_hexdigit());
            if hexish
                && ["30", "02", "03", "04"]
                    .iter()
                    .any(|p| digits.starts_with(p))
            {
                return hex::decode(digits.get(..digits.len() & !1)?).ok();
            }
            let keyish = (digits.starts_with('M') && digits.len() >= MIN_BARE_DER_CHARS)
                || (digits.starts_with("AAAA") && digits.len() >= 16);
            keyish.then(|| b64::decode_any(digits).ok()).flatten()
        })
}

/// Key material in text that [`public_key_material`]'s direct checks pass over but
/// that still holds a key: escaped (`\n`, `\/`, `&#10;`, `%0A`: [`unescaped`]), a
/// base64 body wrapped in lines inside other text ([`joined`]), or a JWK in another
/// notation than JSON ([`names_asymmetric_kty`]). Out of line: the page's first load
/// never runs it ([`might_be_odd_key_text`]), so its code comes with the rest.
#[inline(never)]
fn material_in_odd_text(text: &str) -> Option<&'static str> {
    if names_asymmetric_kty(text) {
        return Some("a JWK");
    }
    // What `openssl pkey -text` prints ("Public-Key: (2048 bit)", "ED25519
    // Public-Key:"), and .NET's `RSA.ToXmlString` (`<RSAKeyValue><Modulus>…`).
    if [
        "Public-Key: (",
        "Private-Key: (",
        "25519 Public-Key:",
        "25519 Private-Key:",
    ]
    .iter()
    .any(|m| text.contains(m))
    {
        return Some("an OpenSSL key dump");
    }
    if text.contains("<RSAKeyValue>") {
        return Some("an RSA key in .NET's XML");
    }
    if let Some(what) = pem_in_base64(text) {
        return Some(what);
    }
    let unescaped = unescaped(text);
    if let Some(what) = unescaped.as_deref().and_then(material_in_text) {
        return Some(what);
    }
    let plain = unescaped.as_deref().unwrap_or(text);
    let joined = joined(plain);
    if unescaped.is_none() && joined.is_none() {
        return None;
    }
    material_in_runs(joined.as_deref().unwrap_or(plain), true)
}

/// Key material in one of [`runs`]'s decodings. With `cut`, DER followed by more (a
/// word run on after a body's last line by [`joined`]) is read to the length its
/// header gives.
fn material_in_runs(text: &str, cut: bool) -> Option<&'static str> {
    runs(text).find_map(|der| {
        let len = cut.then(|| der_length(&der)).flatten();
        material_in_bytes(&der[..len.unwrap_or(der.len())])
    })
}

/// Whether [`material_in_odd_text`] could find anything [`public_key_material`]'s
/// direct checks did not: the text names `kty`, or is long enough to hold a key
/// (the shortest, an Ed25519 SPKI, is 60 base64 characters) and has an escape, a
/// line break, a quote, a `|` or a `<` in it, or a `,` after 64 characters (lines
/// of 64 joined by commas), or holds a PEM in base64 (`LS0tLS1CRUdJTi`).
fn might_be_odd_key_text(text: &str) -> bool {
    let text = text.trim();
    let long = text.len() > 64;
    text.contains("kty")
        || text.contains("LS0tLS1CRUdJTi")
        || (text.len() > MIN_BARE_DER_CHARS
            && text.bytes().any(|b| {
                matches!(b, b'\\' | b'&' | b'%' | b'\n' | b'|' | b'"' | b'<') || (long && b == b',')
            }))
}

/// A PEM's text in base64 somewhere in `text` (a Kubernetes secret's `data:`, an
/// environment variable: `KEY=LS0tLS1CRUdJTi…`), read as the text it decodes to.
/// Each run is read once.
fn pem_in_base64(text: &str) -> Option<&'static str> {
    let mut read_to = 0;
    text.match_indices("LS0tLS1CRUdJTi").find_map(|(at, _)| {
        if at < read_to {
            return None;
        }
        let run = &text[at..];
        let end = run.bytes().position(|b| !(b64_digit(b) || b == b'='));
        let run = &run[..end.unwrap_or(run.len())];
        read_to = at + run.len();
        let bytes = b64::decode_any(run).ok()?;
        mentions_pem_label(std::str::from_utf8(&bytes).ok()?).then_some("PEM key text in base64")
    })
}

/// `text` with its wrapped base64 lines run together, or `None` when none are: a
/// line break (with the next line's indentation) goes when the line so far holds at
/// least 16 base64 characters and the next line starts with another (a body wrapped
/// inside other text: SAML metadata's `<ds:X509Certificate>`, a YAML block, a JSON
/// string once unescaped); up to 24 other characters go after a line of 60 or
/// more (RFC 7468 §2's 64, MIME's 76: lines kept as a JSON array, pretty-printed or
/// not, concatenated strings in code, `"…" +`, a YAML list, or joined with `|`). A
/// run that then has 4n+1 characters, which encode no whole bytes, loses its last:
/// a word run on after the last line. One pass.
fn joined(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let (mut at, mut line, mut total, mut changed) = (0, 0, 0, false);
    while at < bytes.len() {
        let run = bytes[at..].iter().take_while(|&&b| b64_digit(b)).count();
        line += run;
        total += run;
        out.push_str(&text[at..at + run]);
        at += run;
        // The gap to the next run. A '+' or '-' with a space after it is in the gap
        // too: a concatenation (`"…" +`) or a YAML list's `- `, not base64 digits.
        let (mut gap, mut spaces, mut broken) = (0, true, false);
        while let Some(&b) = bytes.get(at + gap) {
            let operator = matches!(b, b'+' | b'-')
                && bytes.get(at + gap + 1).is_some_and(u8::is_ascii_whitespace);
            if (b64_digit(b) && !operator) || b == b'=' {
                break;
            }
            spaces &= b.is_ascii_whitespace();
            broken |= b == b'\n';
            gap += 1;
        }
        let wrapped = (spaces && broken && line >= 16) || (gap <= 24 && line >= 60);
        if wrapped && bytes.get(at + gap).is_some_and(|&b| b64_digit(b)) {
            changed = true;
            line = 0;
        } else {
            if changed && total % 4 == 1 {
                out.pop();
            }
            // The gap, or the character that ends this run ('=', or the text's end).
            let keep = gap.max(1).min(bytes.len() - at);
            out.push_str(&text[at..at + keep]);
            (line, total) = (0, 0);
            at += keep;
            continue;
        }
        at += gap;
    }
    changed.then_some(out)
}

/// The length a DER SEQUENCE's header gives it, header included, when the bytes
/// hold at least that much (X.690 §8.1.3). Out of line, for the split.
#[inline(never)]
fn der_length(der: &[u8]) -> Option<usize> {
    let (&tag, rest) = der.split_first()?;
    let (&first, rest) = rest.split_first()?;
    let (head, len) = match first {
        0..=0x7f => (2, usize::from(first)),
        0x81..=0x83 => {
            let n = usize::from(first - 0x80);
            let len = rest
                .get(..n)?
                .iter()
                .fold(0, |len, &b| len << 8 | usize::from(b));
            (2 + n, len)
        }
        _ => return None,
    };
    (tag == 0x30 && head + len <= der.len()).then_some(head + len)
}

/// A digit of base64 or base64url (RFC 4648 §4, §5): what [`runs`], [`joined`] and
/// [`pem_in_base64`] read as one run.
fn b64_digit(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'-' | b'_')
}

/// An EC point (SEC 1 §2.3.3) on P-256, secp256k1, P-384 or P-521: uncompressed
/// (`04 ‖ X ‖ Y`, 65/97/133 bytes) or compressed (`02`/`03 ‖ X`, 33/49/67 bytes,
/// how Ethereum tooling and some KMS consoles show keys). Half of all x values are
/// on a curve, so a random secret of exactly 33, 49 or 67 bytes that starts with
/// 02 or 03 is refused about 1 time in 2 (≈ 0.4% of such secrets; generated
/// secrets are 32, 48 or 64 bytes): a key pasted as a secret matters more.
fn is_ec_point(bytes: &[u8]) -> bool {
    let compressed = matches!(bytes.first(), Some(0x02 | 0x03));
    if !(compressed || bytes.first() == Some(&0x04)) {
        return false;
    }
    let on = |curve| asn1::ec_public_from_sec1(curve, bytes).is_ok();
    match (bytes.len(), compressed) {
        (65, false) | (33, true) => on(Curve::P256) || on(Curve::Secp256k1),
        (97, false) | (49, true) => on(Curve::P384),
        (133, false) | (67, true) => on(Curve::P521),
        _ => false,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    const SPKI_ED25519: &str = "MCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=";

    #[test]
    fn forms() {
        assert_eq!(recognise("-----BEGIN PUBLIC KEY-----\n"), Form::Pem);
        assert_eq!(recognise(" {\"kty\":\"oct\"}"), Form::JsonObject);
        assert_eq!(recognise("[{\"kty\":\"RSA\"}]"), Form::JwkArray);
        assert_eq!(recognise("[1]"), Form::Secret);
        assert!(matches!(
            recognise("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAA x"),
            Form::OpenSsh(_)
        ));
        assert_eq!(recognise("{\"user\":\"x\"}"), Form::Secret);
        assert_eq!(recognise("--my-weekend-secret"), Form::Secret);
        assert_eq!(recognise("secret"), Form::Secret);
        assert!(matches!(
            recognise(SPKI_ED25519),
            Form::BareDer(_, Some("PUBLIC KEY"))
        ));
    }

    #[test]
    fn bare_der_wrapped_and_url_safe() {
        let wrapped = format!("{}\n{}\r\n", &SPKI_ED25519[..30], &SPKI_ED25519[30..]);
        assert!(matches!(recognise(&wrapped), Form::BareDer(_, Some(_))));
        let url = SPKI_ED25519.replace('+', "-").replace('/', "_");
        assert!(matches!(recognise(&url), Form::BareDer(_, Some(_))));
    }

    #[test]
    fn truncated_key_der_is_still_key_material() {
        // 48 of the 60 characters: the OID is there, the key is cut.
        let rsa_head = "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAu1SU1LfVLPHCozMxH2Mo";
        assert!(matches!(recognise(rsa_head), Form::BareDer(_, None)));
    }

    #[test]
    fn random_base64_is_a_secret() {
        // 'M' then a letter, 64 characters, but no key structure and no key OID.
        let text = "MAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
        assert_eq!(recognise(text), Form::Secret);
        assert_eq!(public_key_material(text.as_bytes()), None);
    }

    #[test]
    fn escapes_undone() {
        let cases = [
            (r"a\nb\r\tc\/d", "a\nb\n\nc/d"),
            (r"a\\nb", "a\nb"),
            (r"\u006bty \u00e9 \u0100", "kty \\u00e9 \\u0100"),
            (
                "&#10;&#xA;&#x2f;&#47;&#128;&#;&x;&amp;&quot;&lt;&nbsp;",
                "\n\n//&#128;&#;&x;&\"<&nbsp;",
            ),
            ("%0A%2B%2f%zz%", "\n+/%zz%"),
            ("é\\é%C3%A9", "é\\é%C3%A9"),
            (r"\\\", r"\\\"),
        ];
        for (text, plain) in cases {
            assert_eq!(unescaped(text).as_deref(), Some(plain), "{text}");
        }
        assert_eq!(unescaped("plain text"), None);
    }

    #[test]
    fn kty_in_other_notations() {
        for text in ["{kty:'RSA'}", "kty: EC\n", "kty = \"OKP\"", "a=1&kty=RSA"] {
            assert!(names_asymmetric_kty(text), "{text}");
        }
        for text in ["sticky: RSA", "kty: RSAx", "kty: oct", "kty RSA", "kty:"] {
            assert!(!names_asymmetric_kty(text), "{text}");
        }
    }

    #[test]
    fn material_in_bytes() {
        let der = b64::decode_any(SPKI_ED25519).expect("base64");
        assert_eq!(public_key_material(&der), Some("an SPKI public key (DER)"));
        assert!(public_key_material(SPKI_ED25519.as_bytes()).is_some());
        assert!(public_key_material(b"{\"kty\":\"EC\"}").is_some());
        assert_eq!(public_key_material(b"{\"a\":1}"), None);
        assert_eq!(public_key_material(b"your-256-bit-secret"), None);
        assert_eq!(public_key_material(&[0xff, 0x30]), None);
    }
}
