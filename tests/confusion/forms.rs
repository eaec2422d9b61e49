//! Key recognition and the algorithm-confusion rule against the forms an
//! adversarial review tried (src/jose/key/recognise.rs, ssh.rs, policy.rs).
//!
//! Every `finding_*` test is a form of public-key text a person might paste, for
//! which an HS256 token MAC'd with that text (or with its decoding in the chosen
//! secret encoding) must never verify, or an ordinary secret that must stay a
//! secret. Each one failed on the first version of the recogniser (the review's
//! findings, fixed in commit 8649989). The `holds_*` tests are
//! forms that were tried and were already refused.
//!
//! The `#[ignore]` tests measure false positives (random secrets refused or read
//! as keys) and the time of hostile 1 MiB inputs:
//!
//! ```text
//! cargo test --release --test confusion -- --ignored --nocapture --test-threads 1
//! ```

use std::time::Instant;

use jwtscope::jose::alg::Algorithm;
use jwtscope::jose::b64;
use jwtscope::jose::key::{parse_key, KeyMaterial, SecretEncoding};
use jwtscope::jose::policy::hmac_confusion;
use jwtscope::jose::{decode_unverified, sign, verify, SignatureVerdict};

use super::{body, hs256_forgery, opts, read, wrap};

/// The attack: the user pastes `text` (a public key they trust) with `encoding`
/// selected; the attacker MACs an HS256 token with `mac_key` (the text, or its
/// decoding in that encoding). `None` when the forgery is not VALID — pinned to
/// HS256 (the page picks HS256 from the header when the key is a secret) or left
/// to the key — and signing HS256 with the key is refused; else what went wrong.
fn forgery_accepted(
    name: &str,
    text: &str,
    encoding: SecretEncoding,
    mac_key: &[u8],
) -> Option<String> {
    let name = format!("{name} ({})", encoding.label());
    // Not readable: never a secret, nothing to forge against.
    let set = parse_key(text, encoding).ok()?;
    let forged = decode_unverified(&hs256_forgery(mac_key));
    for pinned in [Some(Algorithm::HS256), None] {
        let v = verify(&forged, Some(&set), &opts(pinned));
        if v.signature == SignatureVerdict::Valid {
            return Some(format!(
                "{name}: HS256 forgery VALID (alg {pinned:?}), read as {}",
                set.describe()
            ));
        }
    }
    for key in &set.keys {
        if sign("{}", "{}", Algorithm::HS256, key).is_ok() {
            return Some(format!(
                "{name}: HS256 signing allowed with {}",
                key.describe()
            ));
        }
    }
    None
}

/// Runs every case and fails listing all the forms whose forgery was accepted.
#[derive(Default)]
struct Cases(Vec<String>, usize);

impl Cases {
    fn check(&mut self, name: &str, text: &str, encoding: SecretEncoding, mac_key: &[u8]) {
        self.1 += 1;
        self.0
            .extend(forgery_accepted(name, text, encoding, mac_key));
    }

    fn utf8(&mut self, name: &str, text: &str) {
        self.check(name, text, SecretEncoding::Utf8, text.as_bytes());
    }

    fn done(self) {
        assert!(
            self.0.is_empty(),
            "{} of {} forms accept the forgery:\n  {}",
            self.0.len(),
            self.1,
            self.0.join("\n  ")
        );
    }
}

// --- OpenSSH lines as they appear outside a .pub file ----------------------

/// An `authorized_keys` line with options (sshd(8) AUTHORIZED_KEYS FILE FORMAT):
/// the first word is the options, not the key type.
#[test]
fn finding_authorized_keys_line_with_options() {
    let mut c = Cases::default();
    let ssh = read("e2e/fixtures/ed.pub.ssh");
    let ssh = ssh.trim();
    c.utf8(
        "authorized_keys from=",
        &format!("from=\"10.0.0.0/8\",no-pty {ssh}"),
    );
    let rsa = read("e2e/fixtures/rsa.pub.ssh");
    c.utf8(
        "authorized_keys restrict",
        &format!("restrict,command=\"/usr/bin/true\" {}", rsa.trim()),
    );
    c.done();
}

/// A `known_hosts` line (`host keytype base64`), or `ssh-keyscan` output.
#[test]
fn finding_known_hosts_line() {
    let mut c = Cases::default();
    let ssh = read("e2e/fixtures/ed.pub.ssh");
    let line = format!(
        "github.com {}",
        ssh.split(' ').take(2).collect::<Vec<_>>().join(" ")
    );
    c.utf8("known_hosts", &line);
    c.done();
}

/// An OpenSSH line in quotes (a YAML / JSON / shell value copied with its quotes).
#[test]
fn finding_openssh_line_in_quotes() {
    let mut c = Cases::default();
    let ssh = read("e2e/fixtures/ed.pub.ssh");
    c.utf8("OpenSSH in double quotes", &format!("\"{}\"", ssh.trim()));
    c.utf8("OpenSSH in single quotes", &format!("'{}'", ssh.trim()));
    c.done();
}

/// The base64 wire blob of an OpenSSH key without its type word (the middle of
/// a .pub line; what some consoles and APIs list as the key). In base64 mode the
/// secret is the SSH wire encoding of the key, which the rule does not know.
#[test]
fn finding_openssh_blob_without_type() {
    let mut c = Cases::default();
    for stem in ["ed", "rsa", "ec"] {
        let ssh = read(&format!("e2e/fixtures/{stem}.pub.ssh"));
        let blob = ssh.split(' ').nth(1).unwrap().to_string();
        c.utf8(&format!("{stem} SSH blob"), &blob);
        let wire = b64::decode_any(&blob).unwrap();
        c.check(
            &format!("{stem} SSH blob"),
            &blob,
            SecretEncoding::Base64,
            &wire,
        );
    }
    c.done();
}

// --- JWKs and x5c as they appear inside other JSON / shell ---------------------

/// A JWK stored as a JSON string (an environment variable or config value that
/// holds the JWK text: `"{\"kty\":\"RSA\",...}"`).
#[test]
fn finding_jwk_as_json_string() {
    let mut c = Cases::default();
    let jwk = read("e2e/fixtures/rsa.jwk.json");
    let quoted = serde_json::to_string(jwk.trim()).unwrap();
    assert!(quoted.starts_with("\"{\\\"kty"), "{quoted}");
    c.utf8("JWK as a JSON string", &quoted);
    c.done();
}

/// A JWK in shell quotes (`export JWT_JWK='{"kty":...}'`, copied with them).
#[test]
fn finding_jwk_in_single_quotes() {
    let mut c = Cases::default();
    let jwk = read("e2e/fixtures/ed.jwk.json");
    c.utf8("JWK in single quotes", &format!("'{}'", jwk.trim()));
    c.utf8("JWK after a name", &format!("JWT_JWK={}", jwk.trim()));
    c.done();
}

/// The `x5c` value of a JWK (RFC 7517 §4.7): a JSON array of base64 DER
/// certificates, copied as it is shown.
#[test]
fn finding_x5c_array() {
    let mut c = Cases::default();
    let cert = body(&read("vectors/keys/rsa2048.cert.pem"));
    c.utf8("x5c array", &format!("[\"{cert}\"]"));
    c.utf8("x5c array, pretty", &format!("[\n  \"{cert}\"\n]"));
    c.utf8("x5c member", &format!("\"x5c\": [\"{cert}\"]"));
    c.done();
}

// --- bare base64 DER with what copying leaves around it ------------------------

/// A bare SPKI body in quotes, or with a trailing comma (a member of a JSON
/// array or an x5c entry copied with its quotes).
#[test]
fn finding_bare_der_in_quotes_or_with_comma() {
    let mut c = Cases::default();
    let spki = body(&read("vectors/keys/rsa2048.spki.pem"));
    c.utf8("bare SPKI in double quotes", &format!("\"{spki}\""));
    c.utf8("bare SPKI, trailing comma", &format!("{spki},"));
    c.utf8("bare SPKI, quoted, comma", &format!("\"{spki}\","));
    let cert = body(&read("vectors/keys/rsa2048.cert.pem"));
    c.utf8("x5c entry in quotes", &format!("\"{cert}\""));
    c.done();
}

/// A PEM body without armour, copied out of JSON with its `\n` escapes (the
/// armoured form with `\n` is read as PEM; the bare one is a secret).
#[test]
fn finding_bare_der_with_literal_backslash_n() {
    let mut c = Cases::default();
    let spki = body(&read("vectors/keys/rsa2048.spki.pem"));
    c.utf8(
        "bare SPKI with \\n escapes",
        &wrap(&spki, 64).replace('\n', "\\n"),
    );
    c.done();
}

/// A certificate's body (RFC 5280; what `x5c`, SAML metadata and identity
/// providers' consoles show) with its line breaks escaped or wrapped inside other
/// text. Its first line holds only the signature algorithm, not the key's, so the
/// body must be read whole (review of session 16).
#[test]
fn finding_certificate_body_escaped_or_wrapped_in_markup() {
    let mut c = Cases::default();
    for cert in [
        "vectors/keys/rsa2048.cert.pem",
        "vectors/keys/p256.cert.pem",
    ] {
        let lines = wrap(&body(&read(cert)), 64);
        let forms = [
            ("\\n escapes", lines.replace('\n', "\\n")),
            ("\\r\\n escapes", lines.replace('\n', "\\r\\n")),
            ("\\n escapes, quoted", format!("\"{}\"", lines.replace('\n', "\\n"))),
            ("JSON string, \\/ for /", serde_json::to_string(&lines).unwrap().replace('/', "\\/")),
            (
                "SAML X509Certificate",
                format!(
                    "<md:KeyDescriptor use=\"signing\"><ds:KeyInfo><ds:X509Data>\n  <ds:X509Certificate>{}\n  </ds:X509Certificate>\n</ds:X509Data></ds:KeyInfo>",
                    lines.replace('\n', "\n        ")
                ),
            ),
            ("&#10; between lines", lines.replace('\n', "&#10;")),
            ("&#xD;&#xA; between lines", lines.replace('\n', "&#xD;&#xA;")),
            ("%0A between lines", lines.replace('\n', "%0A")),
            ("lines as a JSON array", format!("[\"{}\"]", lines.replace('\n', "\", \""))),
            ("lines joined by '|'", lines.replace('\n', "|")),
            ("lines joined by ','", lines.replace('\n', ",")),
            ("lines as a pretty JSON array", format!("[\n  \"{}\"\n]", lines.replace('\n', "\",\n  \""))),
            ("concatenated strings, \"…\" +", format!("\"{}\"", lines.replace('\n', "\" +\n    \""))),
            ("Python implicit concatenation", format!("(\n    \"{}\"\n)", lines.replace('\n', "\"\n    \""))),
            ("a YAML list", format!("x5c:\n  - {}", lines.replace('\n', "\n  - "))),
            ("Java, + at the start of lines", format!("\"{}\"", lines.replace('\n', "\"\n        + \""))),
            ("lines of 70 joined by '|'", wrap(&body(&read(cert)), 70).replace('\n', "|")),
            ("after a word on the line before", format!("the cert is\n{lines}")),
            ("then a word after the last line", format!("{lines}\nexpires 2126")),
        ];
        for (name, text) in forms {
            c.utf8(&format!("{cert}: {name}"), &text);
        }
    }
    // A body whose '/' are JSON-escaped (PHP's json_encode): no run of it is long
    // enough to read until the escapes are undone.
    let ed = body(&read("vectors/keys/ed25519.spki.pem"));
    assert!(ed.contains('/'));
    c.utf8("Ed25519 SPKI, \\/ for /", &ed.replace('/', "\\/"));
    c.done();
}

/// A JWK written in another notation than JSON, or in JSON with escaped member
/// names (which every JSON reader reads as the same JWK; jwtscope refuses it as a
/// secret rather than read it).
#[test]
fn finding_jwk_in_other_notations_or_escaped() {
    let mut c = Cases::default();
    for fixture in ["e2e/fixtures/rsa.jwk.json", "e2e/fixtures/ed.jwk.json"] {
        let jwk: serde_json::Map<String, serde_json::Value> =
            serde_json::from_str(&read(fixture)).unwrap();
        let members = |f: &dyn Fn(&str, &str) -> String, sep: &str| {
            jwk.iter()
                .map(|(k, v)| f(k, v.as_str().unwrap()))
                .collect::<Vec<_>>()
                .join(sep)
        };
        let json = serde_json::to_string(&jwk).unwrap();
        let forms = [
            (
                "JavaScript object",
                format!("{{ {} }}", members(&|k, v| format!("{k}: \"{v}\""), ", ")),
            ),
            (
                "JavaScript, single quotes",
                format!("{{{}}}", members(&|k, v| format!("{k}:'{v}'"), ",")),
            ),
            ("YAML", members(&|k, v| format!("{k}: {v}"), "\n")),
            ("TOML", members(&|k, v| format!("{k} = \"{v}\""), "\n")),
            ("query string", members(&|k, v| format!("{k}={v}"), "&")),
            (
                "Ruby hash",
                format!("{{{}}}", members(&|k, v| format!(":{k}=>\"{v}\""), ", ")),
            ),
            (
                "Perl hash",
                format!("{{ {} }}", members(&|k, v| format!("{k} => '{v}'"), ", ")),
            ),
            ("HTML-escaped JSON", json.replace('"', "&quot;")),
            ("JSON, \\u006bty", json.replace("\"kty\"", "\"\\u006bty\"")),
            (
                "JWKS, \\u0065 in keys and kty",
                format!(
                    "{{\"k\\u0065ys\":[{}]}}",
                    json.replace("\"kty\"", "\"k\\u0074y\"")
                ),
            ),
        ];
        for (name, text) in forms {
            c.utf8(&format!("{fixture}: {name}"), &text);
        }
    }
    c.done();
}

/// What `openssl pkey -text` prints for a public key (tests/vectors/keys/README.md).
#[test]
fn finding_openssl_text_dump() {
    let mut c = Cases::default();
    for key in ["rsa2048", "p256", "ed25519"] {
        let dump = read(&format!("vectors/keys/{key}.spki.openssl-text.txt"));
        c.utf8(key, &dump);
    }
    c.done();
}

/// .NET's `RSA.ToXmlString(false)`, made here from the e2e fixture's JWK (its `n` and
/// `e` in standard base64, as .NET writes them).
#[test]
fn finding_dotnet_rsa_xml() {
    let mut c = Cases::default();
    let jwk: serde_json::Value = serde_json::from_str(&read("e2e/fixtures/rsa.jwk.json")).unwrap();
    let std64 = |m: &str| b64::encode_standard(&b64::decode_any(jwk[m].as_str().unwrap()).unwrap());
    c.utf8(
        ".NET XML",
        &format!(
            "<RSAKeyValue><Modulus>{}</Modulus><Exponent>{}</Exponent></RSAKeyValue>",
            std64("n"),
            std64("e")
        ),
    );
    c.done();
}

/// A PEM in base64 inside other text: a Kubernetes secret's `data:`, an
/// environment variable, a JSON value (review of session 16; alone it was refused).
#[test]
fn finding_base64_of_pem_inside_text() {
    let mut c = Cases::default();
    for pem in [
        "vectors/keys/rsa2048.spki.pem",
        "vectors/keys/p256.cert.pem",
    ] {
        let encoded = b64::encode_standard(read(pem).as_bytes());
        c.utf8(&format!("{pem}: env"), &format!("PUBLIC_KEY={encoded}"));
        c.utf8(
            &format!("{pem}: k8s"),
            &format!("data:\n  tls.crt: {encoded}\n"),
        );
        c.utf8(
            &format!("{pem}: JSON"),
            &format!("{{\"key\":\"{encoded}\"}}"),
        );
    }
    c.done();
}

/// A key in an environment-file or properties line: `NAME=base64`.
#[test]
fn finding_env_file_line() {
    let mut c = Cases::default();
    let spki = body(&read("vectors/keys/rsa2048.spki.pem"));
    c.utf8("env line", &format!("JWT_PUBLIC_KEY={spki}"));
    c.utf8("env line, quoted", &format!("JWT_PUBLIC_KEY=\"{spki}\""));
    c.utf8("YAML line", &format!("publicKey: {spki}"));
    c.done();
}

/// A truncated PKCS#1 RSA public key body: unlike a truncated SPKI (an error,
/// `damaged_bare_der_is_an_error_not_a_secret` in tests/confusion.rs), PKCS#1
/// names no algorithm OID, so `starts_like_a_key` misses it and it is a secret.
#[test]
fn finding_truncated_pkcs1_public_is_a_secret() {
    let mut c = Cases::default();
    let pkcs1 = body(&read("vectors/keys/rsa2048.pkcs1-public.pem"));
    for cut in [64, 200, pkcs1.len() - 8] {
        c.utf8(&format!("PKCS#1 cut at {cut}"), &pkcs1[..cut]);
    }
    // Also a whole PKCS#1 body with a stray trailing byte (e.g. `\n` in the DER
    // file before it was base64'd): sniff refuses it, no OID, so a secret.
    let mut der = b64::decode_any(&pkcs1).unwrap();
    der.push(b'\n');
    c.utf8("PKCS#1 + 1 byte", &b64::encode_standard(&der));
    c.done();
}

/// A PEM copied from a wiki or word processor that turned the dashes into en or
/// em dashes ("smart punctuation"): no ASCII `-----BEGIN`, so not PEM, so a secret.
#[test]
fn finding_pem_with_typographic_dashes() {
    let mut c = Cases::default();
    let pem = read("vectors/keys/rsa2048.spki.pem");
    c.utf8(
        "PEM, en dashes",
        &pem.replace("-----", "\u{2013}\u{2013}\u{2013}\u{2013}\u{2013}"),
    );
    c.utf8("PEM, em dashes", &pem.replace("-----", "\u{2014}\u{2014}"));
    c.done();
}

/// A key pasted with the Markdown code fence around it (from a README, an issue,
/// a chat message).
#[test]
fn finding_markdown_fenced_key() {
    let mut c = Cases::default();
    let ssh = read("e2e/fixtures/ed.pub.ssh");
    c.utf8("fenced OpenSSH", &format!("```\n{}```", ssh));
    let jwk = read("e2e/fixtures/ed.jwk.json");
    c.utf8("fenced JWK", &format!("```json\n{}\n```", jwk.trim()));
    let spki = body(&read("vectors/keys/rsa2048.spki.pem"));
    c.utf8("backticked bare SPKI", &format!("`{spki}`"));
    c.done();
}

/// OpenSSH key types the reader does not list are neither read nor refused by
/// name: the line is a secret (PKIX-SSH `x509v3-ssh-rsa`, RFC 6187; XMSS; WebAuthn
/// security keys).
#[test]
fn finding_unlisted_openssh_types() {
    let mut c = Cases::default();
    let ssh = read("e2e/fixtures/ed.pub.ssh");
    let blob = ssh.split(' ').nth(1).unwrap();
    for kind in [
        "ssh-xmss@openssh.com",
        "webauthn-sk-ecdsa-sha2-nistp256@openssh.com",
        "x509v3-ssh-rsa",
    ] {
        c.utf8(kind, &format!("{kind} {blob} me@host"));
    }
    c.done();
}

// --- the encodings of a key, with UTF-8 (the default) selected -----------------

/// The hex dump of a key's DER (`xxd -p`, `od`, a hex viewer, `openssl asn1parse
/// -dump`), with UTF-8 selected. With hex selected it is refused by its bytes; with
/// UTF-8 the secret is the hex text, which nothing recognises.
#[test]
fn finding_hex_der_with_utf8_selected() {
    let mut c = Cases::default();
    let der = b64::decode_any(&body(&read("vectors/keys/rsa2048.spki.pem"))).unwrap();
    let plain = hex::encode(&der);
    c.utf8("hex DER", &plain);
    c.utf8("hex DER, xxd -p (60 per line)", &wrap(&plain, 60));
    let colons = plain
        .as_bytes()
        .chunks(2)
        .map(|c| std::str::from_utf8(c).unwrap())
        .collect::<Vec<_>>()
        .join(":");
    c.utf8("hex DER, colons", &colons);
    c.utf8("hex DER, 0x", &format!("0x{plain}"));
    c.done();
}

/// Base64 of a PEM text (a Kubernetes Secret's `data:` value, a CI variable,
/// `base64 -w0 key.pem`), with UTF-8 selected. With base64 selected the PEM bytes
/// are refused; with UTF-8 the secret is the base64 text.
#[test]
fn finding_base64_of_pem_with_utf8_selected() {
    let mut c = Cases::default();
    let pem = read("vectors/keys/rsa2048.spki.pem");
    let text = b64::encode_standard(pem.as_bytes());
    assert!(text.starts_with("LS0tLS1CRUdJTi"));
    c.utf8("base64 of PEM", &text);
    let jwk = read("e2e/fixtures/rsa.jwk.json");
    c.utf8("base64 of JWK", &b64::encode_standard(jwk.as_bytes()));
    let ssh = read("e2e/fixtures/ed.pub.ssh");
    c.utf8("base64 of OpenSSH", &b64::encode_standard(ssh.as_bytes()));
    c.done();
}

/// A raw EC public key as hex (`04 || X || Y`, or compressed `02/03 || X`): how
/// Ethereum tooling, HSM/KMS consoles and `openssl ec -text` show secp256k1 and
/// P-256 keys. Neither the text nor the decoded point is recognised, in any
/// encoding (an on-curve point is a certain sign, and a random secret is on the
/// curve with probability ~2^-128 or less).
#[test]
fn finding_raw_ec_point_hex() {
    let mut c = Cases::default();
    for file in ["p256.spki.pem", "secp256k1.spki.pem"] {
        let der = b64::decode_any(&body(&read(&format!("vectors/keys/{file}")))).unwrap();
        let point = der[der.len() - 65..].to_vec();
        assert_eq!(point[0], 0x04);
        let mut compressed = vec![0x02 | (point[64] & 1)];
        compressed.extend_from_slice(&point[1..33]);
        for (form, bytes) in [("uncompressed", &point), ("compressed", &compressed)] {
            let plain = hex::encode(bytes);
            let name = format!("{file} {form} point");
            c.check(&name, &plain, SecretEncoding::Hex, bytes);
            c.check(&name, &format!("0x{plain}"), SecretEncoding::Hex, bytes);
            c.utf8(&format!("{name} hex text"), &format!("0x{plain}"));
            c.check(
                &name,
                &b64::encode_standard(bytes),
                SecretEncoding::Base64,
                bytes,
            );
        }
    }
    c.done();
}

/// Base64 of a PEM whose text has CRLF, or base64 of a JSON-escaped PEM, with
/// base64 selected: the decoded bytes must still be key material.
#[test]
fn holds_base64_of_pem_variants_with_base64_selected() {
    let mut c = Cases::default();
    let pem = read("vectors/keys/rsa2048.spki.pem");
    for variant in [
        pem.clone(),
        pem.replace('\n', "\r\n"),
        serde_json::to_string(&pem).unwrap(),
    ] {
        let text = b64::encode_standard(variant.as_bytes());
        c.check(
            "base64 of PEM variant",
            &text,
            SecretEncoding::Base64,
            variant.as_bytes(),
        );
    }
    c.done();
}

/// Forms that were tried and hold.
#[test]
fn holds_forms_tried() {
    let mut c = Cases::default();
    let pem = read("vectors/keys/rsa2048.spki.pem");
    let spki = body(&pem);
    let der = b64::decode_any(&spki).unwrap();
    let jwk = read("e2e/fixtures/rsa.jwk.json");
    let ssh = read("e2e/fixtures/ed.pub.ssh");
    let ssh_blob = ssh.split(' ').nth(1).unwrap();
    let rfc4716 = format!(
        "---- BEGIN SSH2 PUBLIC KEY ----\nComment: \"ed-1\"\n{}\n---- END SSH2 PUBLIC KEY ----\n",
        wrap(ssh_blob, 70)
    );
    let utf8_forms = [
        ("PEM in a JSON string", serde_json::to_string(&pem).unwrap()),
        ("PEM in quotes", format!("\"{}\"", pem.trim())),
        ("PEM on one line", pem.replace('\n', " ")),
        (
            "PEM in env line",
            format!("KEY=\"{}\"", pem.replace('\n', "\\n")),
        ),
        ("RFC 4716 SSH2 block", rfc4716),
        ("JWK, extra whitespace", format!("\n\n  {}  \n", jwk.trim())),
        (
            "JWKS response",
            format!("{{ \"keys\" : [ {} ] }}", jwk.trim()),
        ),
        ("bare SPKI, spaces", wrap(&spki, 4).replace('\n', " ")),
        (
            "bare SPKI, tabs and CRLF",
            wrap(&spki, 64).replace('\n', "\t\r\n"),
        ),
        ("bare SPKI, NBSP", wrap(&spki, 64).replace('\n', "\u{a0}")),
        (
            "bare PKCS#1",
            body(&read("vectors/keys/rsa2048.pkcs1-public.pem")),
        ),
        ("bare cert", body(&read("vectors/keys/rsa2048.cert.pem"))),
        ("OpenSSH, CRLF", ssh.replace('\n', "\r\n")),
        ("OpenSSH, tab", ssh.replacen(' ', "\t", 1)),
    ];
    for (name, text) in utf8_forms {
        c.utf8(name, &text);
    }
    let spaced_hex = hex::encode(&der)
        .as_bytes()
        .chunks(2)
        .map(|c| std::str::from_utf8(c).unwrap())
        .collect::<Vec<_>>()
        .join(" ");
    c.check("hex DER, spaces", &spaced_hex, SecretEncoding::Hex, &der);
    c.check(
        "hex DER, 0x",
        &format!("0x{}", hex::encode(&der)),
        SecretEncoding::Hex,
        &der,
    );
    c.check(
        "hex DER, uppercase",
        &hex::encode_upper(&der),
        SecretEncoding::Hex,
        &der,
    );
    let url = b64::encode(jwk.trim().as_bytes());
    c.check(
        "base64url of JWK",
        &url,
        SecretEncoding::Base64Url,
        jwk.trim().as_bytes(),
    );
    c.done();
}

// --- false positives -----------------------------------------------------------

/// Why `text` (UTF-8) is not an HMAC secret that HS256 accepts, if it is not.
fn not_a_secret(text: &str) -> Option<String> {
    match parse_key(text, SecretEncoding::Utf8) {
        Err(e) => Some(format!("{text:?}: {e}")),
        Ok(set) => match &set.keys[0].material {
            KeyMaterial::Secret(_) => hmac_confusion(Algorithm::HS256, &set.keys[0])
                .map(|e| format!("{text:?}: refused: {e}")),
            _ => Some(format!("{text:?}: read as {}", set.describe())),
        },
    }
}

/// Secrets people really use, which must stay HMAC secrets.
#[test]
fn finding_ordinary_passphrases_read_as_pem() {
    // A line that starts or ends with "--" and contains BEGIN or END anywhere
    // (case-insensitive: "weekEND", "lEGENd", "sENDer", "frIENDs") makes the whole
    // text "PEM", which then fails to parse: the secret is refused.
    let mut wrong = Vec::new();
    for text in [
        "--my-weekend-secret",
        "legend-of-zelda--",
        "sender--receiver--",
        "best friends forever --",
        "--recommended-secret-value-0001",
        "-- BEGIN secret --",
    ] {
        if let Some(why) = not_a_secret(text) {
            wrong.push(why);
        }
    }
    assert!(
        wrong.is_empty(),
        "secrets not read as secrets:\n  {}",
        wrong.join("\n  ")
    );
}

/// Random base64url secrets (`crypto.randomBytes(n).toString("base64url")`) that
/// start or end with "--" and contain "end" or "begin" in any case are read as
/// damaged PEM and refused: about 1 in a million (3 in 3,000,000 in
/// `false_positive_rate_random_secrets`). These three were found by it.
#[test]
fn finding_random_base64url_secret_read_as_pem() {
    let mut wrong = Vec::new();
    for text in [
        "CbCEndA3xHlLm92W4hca1dyumJMvUR8nzY72SRvJkFylxlq1LggUT9U4Md44V5--",
        "--aWGcJVkf3-EIbGl5lGjWwZaMPmIenDcLg0NEsSA2T96kuACg4rufDkQYD0UPQQ",
        "--G1nIVmSLUWE_IPEYIWqU3duFCGfGt_zHDUGG9qUzMw02S4l05Ik5djQUjhXKs4QENdSB-F8mI_ZRJL-smHBA",
    ] {
        match parse_key(text, SecretEncoding::Base64Url) {
            Ok(set) if matches!(set.keys[0].material, KeyMaterial::Secret(_)) => {}
            Ok(set) => wrong.push(format!("{text}: read as {}", set.describe())),
            Err(e) => wrong.push(format!("{text}: {e}")),
        }
    }
    assert!(
        wrong.is_empty(),
        "random secrets refused:\n  {}",
        wrong.join("\n  ")
    );
}

/// JSON-looking secrets: a text starting with `{` is always read as a JWK.
#[test]
fn finding_json_looking_secret_is_not_a_secret() {
    let mut wrong = Vec::new();
    for text in ["{secret}", "{{my-template-secret}}", "{\"user\":\"x\"}"] {
        if let Some(why) = not_a_secret(text) {
            wrong.push(why);
        }
    }
    assert!(
        wrong.is_empty(),
        "secrets not read as secrets:\n  {}",
        wrong.join("\n  ")
    );
}

#[test]
fn holds_ordinary_secrets() {
    for text in [
        "your-256-bit-secret",
        "123e4567-e89b-12d3-a456-426614174000",
        "My super secret key that nobody will ever guess in a million years",
        "MANY MANY MANY MANY MANY MANY MANY MANY MANY MANY MANY MANY MANY",
        "[\"a\", \"b\"]",
        "ssh-rsa",
        // Escapes, a `kty` that is not a JWK's, an `&`, a `%` (session 16's recogniser).
        "p@ss\\nw0rd\\u0041&#65;%41%zz&",
        "sticky: RSA",
        "kty: RSAx",
        "kty: oct",
        "Public key: none",
        "This is not a Public-Key: it is the HMAC secret for billing-service, rotate quarterly!",
        "a &quot;quoted&quot; secret, with &amp; and %41 and \\n, long enough to be deep-scanned",
    ] {
        let set = parse_key(text, SecretEncoding::Utf8).unwrap_or_else(|e| panic!("{text}: {e}"));
        assert!(
            matches!(set.keys[0].material, KeyMaterial::Secret(_)),
            "{text}"
        );
        assert!(
            hmac_confusion(Algorithm::HS256, &set.keys[0]).is_none(),
            "{text}"
        );
    }
}

/// A small deterministic generator (SplitMix64): no extra dependency.
struct Rng(u64);
impl Rng {
    fn fill(&mut self, out: &mut [u8]) {
        for chunk in out.chunks_mut(8) {
            self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            z ^= z >> 31;
            chunk.copy_from_slice(&z.to_le_bytes()[..chunk.len()]);
        }
    }
}

/// False positives among random secrets: how many `openssl rand -base64 N`-style
/// secrets (and base64url, hex; each in its own encoding and in UTF-8) are not
/// read as a secret by `parse_key` or are refused by `hmac_confusion`.
#[test]
#[ignore = "measurement: run in release with --ignored --nocapture"]
fn false_positive_rate_random_secrets() {
    use base64::Engine as _;
    let n: usize = std::env::var("FP_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let mut rng = Rng(0x5eed_1234_abcd_ef01);
    for size in [32usize, 48, 64] {
        let mut counts = [[0usize; 2]; 6];
        let mut bytes = vec![0u8; size];
        let start = Instant::now();
        for _ in 0..n {
            rng.fill(&mut bytes);
            let forms = [
                (
                    base64::engine::general_purpose::STANDARD.encode(&bytes),
                    SecretEncoding::Base64,
                ),
                (
                    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&bytes),
                    SecretEncoding::Base64Url,
                ),
                (hex::encode(&bytes), SecretEncoding::Hex),
            ];
            for (i, (text, encoding)) in forms.iter().enumerate() {
                for (j, enc) in [*encoding, SecretEncoding::Utf8].into_iter().enumerate() {
                    let slot = &mut counts[i * 2 + j];
                    match parse_key(text, enc) {
                        Ok(set) if matches!(set.keys[0].material, KeyMaterial::Secret(_)) => {
                            if hmac_confusion(Algorithm::HS256, &set.keys[0]).is_some() {
                                slot[1] += 1;
                                eprintln!("refused by hmac_confusion: {text} ({})", enc.label());
                            }
                        }
                        _ => {
                            slot[0] += 1;
                            eprintln!("not a secret: {text} ({})", enc.label());
                        }
                    }
                }
            }
        }
        let names = [
            "base64 as base64",
            "base64 as UTF-8",
            "base64url as base64url",
            "base64url as UTF-8",
            "hex as hex",
            "hex as UTF-8",
        ];
        for (name, [not_secret, refused]) in names.iter().zip(counts) {
            println!(
                "{size}-byte random secrets, {name}: {n} tried, {not_secret} not read as a secret, {refused} refused by hmac_confusion"
            );
        }
        println!("  ({:.1?} for {size}-byte secrets)", start.elapsed());
    }
}

/// Raw random bytes through `hmac_confusion` (what a base64/hex secret decodes to):
/// the refusals among 2^20 random byte strings of 32..=64 bytes that start with
/// 0x30 (the only ones the DER check looks at).
#[test]
#[ignore = "measurement: run in release with --ignored --nocapture"]
fn false_positive_rate_bytes_starting_with_0x30() {
    let n: usize = std::env::var("FP_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let mut rng = Rng(42);
    let mut refused = 0;
    for i in 0..n {
        let mut bytes = vec![0u8; 32 + i % 33];
        rng.fill(&mut bytes);
        bytes[0] = 0x30;
        // A plausible DER length byte half of the time.
        if i % 2 == 0 {
            bytes[1] = (bytes.len() - 2) as u8;
        }
        let set = parse_key(&hex::encode(&bytes), SecretEncoding::Hex).unwrap();
        if hmac_confusion(Algorithm::HS256, &set.keys[0]).is_some() {
            refused += 1;
            eprintln!("refused: {}", hex::encode(&bytes));
        }
    }
    println!("random bytes starting 0x30: {n} tried, {refused} refused");
}

// --- robustness ---------------------------------------------------------------

/// `mentions_pem_label` read the label after every "BEGIN " to its end, so a text
/// of "BEGIN " repeated was quadratic: 1 MiB took 549 s (release), and the escapes
/// undone by the deep scan reached it from 64 KiB of "BEGIN%20" (review of session
/// 16). A quarter MiB, and the escaped form, must take milliseconds.
#[test]
fn finding_quadratic_pem_label_search() {
    for (name, text) in [
        ("'BEGIN ' x", "BEGIN ".repeat((1 << 18) / 6)),
        ("'BEGIN%20' x", "BEGIN%20".repeat(60 * 1024 / 8)),
        ("'BEGIN\\u0020' x", "BEGIN\\u0020".repeat(60 * 1024 / 11)),
    ] {
        let start = Instant::now();
        let set = parse_key(&text, SecretEncoding::Utf8).unwrap();
        let _ = hmac_confusion(Algorithm::HS256, &set.keys[0]);
        let took = start.elapsed();
        assert!(
            took.as_millis() < 500,
            "{name} ({} bytes): took {took:.1?}",
            text.len()
        );
    }
}

/// PEM boundary splitting (`pem::split_boundaries` / `next_boundary`) rescans the
/// rest of the line for "-----BEGIN" and "-----END" after every boundary it finds:
/// quadratic on one long line full of boundaries. 1 MiB of "-----END-----" takes
/// ~28 s natively (release), 1 MiB of "-----END" after "-----BEGIN" ~56 s; the
/// page's wasm build hangs the tab. A quarter of that must take milliseconds.
#[test]
fn finding_quadratic_pem_boundary_split() {
    for (name, text) in [
        ("'-----END-----' x", "-----END-----".repeat((1 << 18) / 13)),
        (
            "'-----BEGIN' + '-----END' x",
            format!("-----BEGIN{}", "-----END".repeat((1 << 18) / 8 - 2)),
        ),
    ] {
        let start = Instant::now();
        let r = parse_key(&text, SecretEncoding::Utf8);
        let took = start.elapsed();
        assert!(r.is_err());
        assert!(
            took.as_millis() < 500,
            "{name} ({} bytes): parse_key took {took:.1?}",
            text.len()
        );
    }
}

fn time(name: &str, text: &str) {
    assert!(text.len() <= jwtscope::jose::key::MAX_KEY_TEXT, "{name}");
    for encoding in [SecretEncoding::Utf8, SecretEncoding::Base64] {
        let start = Instant::now();
        let r = parse_key(text, encoding);
        let parse = start.elapsed();
        let start = Instant::now();
        let forged = decode_unverified(&hs256_forgery(b"x"));
        if let Ok(set) = &r {
            let _ = verify(&forged, Some(set), &opts(Some(Algorithm::HS256)));
        }
        println!(
            "{name} ({} bytes, {}): parse_key {parse:.1?}, verify {:.1?}: {}",
            text.len(),
            encoding.label(),
            start.elapsed(),
            match &r {
                Ok(set) => set.describe(),
                Err(e) => e.code().to_string(),
            }
        );
    }
}

/// Hostile inputs up to the 1 MiB cap.
#[test]
#[ignore = "measurement: run in release with --ignored --nocapture"]
fn timing_hostile_inputs() {
    const MIB: usize = 1 << 20;
    let b64_tail = "ABCD".repeat(MIB / 4);
    let spki = body(&read("vectors/keys/rsa2048.spki.pem"));
    let ssh = read("e2e/fixtures/ed.pub.ssh");
    let ssh = ssh.trim();
    let cases: Vec<(&str, String)> = vec![
        ("'M' x 1 MiB", "M".repeat(MIB)),
        (
            "'MI' + base64 (1 MiB)",
            format!("MI{}", &b64_tail[..MIB - 2]),
        ),
        (
            "'MII' + base64 one char short",
            format!("MII{}", &b64_tail[..MIB - 4]),
        ),
        (
            "bare SPKI then 1 MiB of base64",
            format!("{spki}{}", &b64_tail[..MIB - spki.len()]),
        ),
        ("DER SEQUENCE 0x30 0x83 + 1 MiB (huge declared length)", {
            let mut der = vec![0x30, 0x83, 0x0b, 0xff, 0xf0];
            der.resize(MIB * 3 / 4 - 8, 0x02);
            b64::encode_standard(&der)
        }),
        ("PKCS#1 with a ~6 Mbit modulus", {
            let n_len = MIB * 3 / 4 - 32;
            let mut der = vec![0x30, 0x83];
            let inner = 4 + n_len + 1 + 5;
            der.extend_from_slice(&(inner as u32).to_be_bytes()[1..]);
            der.extend_from_slice(&[0x02, 0x83]);
            der.extend_from_slice(&(n_len as u32).to_be_bytes()[1..]);
            der.push(0x00);
            der.extend(std::iter::repeat_n(0xc5, n_len - 1));
            der.extend_from_slice(&[0x02, 0x03, 0x01, 0x00, 0x01]);
            b64::encode_standard(&der)
        }),
        (
            "ssh-rsa + 1 MiB blob",
            format!("ssh-rsa AAAA{}", &b64_tail[..MIB - 12]),
        ),
        ("ssh-rsa wire with ~6 Mbit n", {
            let mut wire = Vec::new();
            for part in [
                &b"ssh-rsa"[..],
                &[1, 0, 1][..],
                &vec![0xc5; MIB * 3 / 4 - 40],
            ] {
                wire.extend_from_slice(&(part.len() as u32).to_be_bytes());
                wire.extend_from_slice(part);
            }
            format!("ssh-rsa {}", b64::encode_standard(&wire))
        }),
        (
            "ssh-ed25519 + 1 MiB comment of 1-char words",
            format!("{ssh} {}", "a ".repeat((MIB - ssh.len()) / 2 - 1)),
        ),
        (
            "'[' + \"kty\" + 1 MiB of '['",
            format!("[\"kty\"{}", "[".repeat(MIB - 8)),
        ),
        ("1 MiB of '{'", "{".repeat(MIB)),
        ("1 MiB of '-' (boundary-like)", "-".repeat(MIB)),
        (
            "1 MiB of '-----END-----' on one line",
            "-----END-----".repeat(MIB / 13),
        ),
        (
            "1 MiB of '-----END X-----' lines",
            "-----END X-----\n".repeat(MIB / 16),
        ),
        ("1 MiB of '--end\\n' lines", "--end\n".repeat(MIB / 6)),
        (
            "-----BEGIN + 1 MiB of '-----END' (no closing dashes)",
            format!("-----BEGIN{}", "-----END".repeat((MIB - 10) / 8)),
        ),
        (
            "1 MiB of '\\n' escapes in PEM",
            format!("-----BEGIN PUBLIC KEY-----{}", "\\n".repeat((MIB - 26) / 2)),
        ),
        (
            "1 MiB of spaces then M",
            format!("{}M", " ".repeat(MIB - 1)),
        ),
        ("bare base64 of 1 MiB, 1 char per line", {
            let s: String = format!("MII{}", &b64_tail[..MIB / 2 - 3]);
            s.chars().flat_map(|c| [c, '\n']).collect()
        }),
        ("1 MiB of '\\' (one run of backslashes)", "\\".repeat(MIB)),
        ("1 MiB of 'BEGIN '", "BEGIN ".repeat(MIB / 6)),
        ("64 KiB of 'BEGIN%20'", "BEGIN%20".repeat(64 * 1024 / 8)),
        (
            "1 MiB of 'LS0tLS1CRUdJTi'",
            "LS0tLS1CRUdJTi".repeat(MIB / 14),
        ),
        (
            "64 KiB of 'LS0tLS1CRUdJTi '",
            "LS0tLS1CRUdJTi ".repeat(64 * 1024 / 15),
        ),
        ("1 MiB of '&#' and '%'", "&#%".repeat(MIB / 3)),
        ("1 MiB of '\\u00' escapes", "\\u00".repeat(MIB / 4)),
        (
            "1 MiB of 64-character base64 lines joined by '|'",
            format!("MII{}|", &b64_tail[..64 - 3]).repeat(MIB / 65),
        ),
        // Under the 64 KiB of the deep scan: every run and escape is read.
        (
            "64 KiB of 64-character base64 lines joined by '|'",
            format!("MII{}|", &b64_tail[..64 - 3]).repeat(64 * 1024 / 65),
        ),
        (
            "64 KiB of 'M' lines with \\n escapes",
            format!("{}\\n", "M".repeat(62)).repeat(64 * 1024 / 64),
        ),
        (
            "64 KiB of { kty: 'kty: ' }",
            format!("{{ {} }}", "kty: ".repeat((64 * 1024 - 4) / 5)),
        ),
        (
            "1 MiB of { kty: 'kty: ' }",
            format!("{{ {} }}", "kty: ".repeat((MIB - 4) / 5)),
        ),
    ];
    let overall = Instant::now();
    for (name, text) in &cases {
        time(name, text);
    }
    println!("total {:.1?}", overall.elapsed());
}
