//! Wycheproof primitive files (HMAC, RSA PKCS#1 v1.5, RSA-PSS, ECDSA, Ed25519).
//!
//! A Wycheproof case signs an arbitrary `msg`; a JWS signs `header.payload`, and no
//! token has an arbitrary message as its signing input. So each case is driven
//! through exactly what the verifier runs on a token once it has pinned the
//! algorithm: the key read by the public parser ([`parse_key`], the way a user pastes
//! it), [`Key::check_for`] (the key fits the algorithm), then the primitive — together
//! [`verify_bytes`], what `verify::verify_with_key` runs on a token's signing input.
//!
//! JWS is stricter than the primitives Wycheproof tests, and where it is, the case is
//! asserted as a JWS verifier must behave, with the reason next to the rule:
//! truncated HMAC tags, PSS with another MGF hash or salt length, DER ECDSA.

use serde::Deserialize;
use serde_json::Value;

use jwtscope::jose::key::{parse_key, Key, KeySet, SecretEncoding};
use jwtscope::jose::verify::verify_bytes;
use jwtscope::jose::{Algorithm, Error, ErrorKind};

use super::common::{describe_result, load, parse_jwk_value, unhex, Expected};
use super::tally::Tally;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct WycheproofFile<G> {
    algorithm: String,
    number_of_tests: usize,
    test_groups: Vec<G>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct MacGroup {
    key_size: usize,
    tag_size: usize,
    tests: Vec<MacCase>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct MacCase {
    tc_id: u32,
    comment: String,
    key: String,
    msg: String,
    tag: String,
    result: Expected,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SigGroup {
    /// `{curve, …}` for EC and EdDSA, `{modulus, …}` for RSA.
    public_key: Value,
    public_key_pem: String,
    /// EC, EdDSA and some RSA-PSS files.
    public_key_jwk: Option<Value>,
    /// The RSA PKCS#1 files name their (public) JWK `keyJwk`.
    key_jwk: Option<Value>,
    sha: Option<String>,
    mgf_sha: Option<String>,
    s_len: Option<usize>,
    key_size: Option<usize>,
    tests: Vec<SigCase>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SigCase {
    tc_id: u32,
    comment: String,
    msg: String,
    sig: String,
    result: Expected,
    flags: Vec<String>,
}

/// How a case is judged.
#[derive(Clone, Copy)]
enum Rule {
    /// valid → accepted, invalid → refused, acceptable → logged.
    AsLabelled,
    /// Every case refused, whatever its label (a JWS rule is stricter); the note is
    /// the reason, counted in the summary.
    MustReject(&'static str),
    /// DER ECDSA: every case refused; the well-formed ones (labelled valid) must be
    /// named as DER (`ERR_JWS_SIGNATURE_DER`).
    MustRejectDer,
}

const TRUNCATED_TAG: &str =
    "must-reject (truncated tag: JWS compares the full HMAC output, RFC 7518 §3.2, even where Wycheproof labels the truncated tag valid)";
const PSS_PARAMETERS: &str =
    "must-reject (PSS parameters outside JWS: RFC 7518 §3.5 fixes MGF1 with the message hash and a salt as long as the hash)";

/// Cases whose label jwtscope deliberately does not follow, by file and tcId, with
/// why. Each is asserted: jwtscope accepts the signature.
const DISAGREEMENTS: &[(&str, u32, &str)] = &[(
    "wycheproof/rsa_pss_2048_sha256_mgf1_0_test.json",
    69,
    "\"s_len changed to 32\" is labelled invalid because this file's parameters are a 0-byte salt, but the \
     signature uses MGF1-SHA-256 with a 32-byte salt: exactly PS256 as RFC 7518 §3.5 defines it, so a JWS \
     verifier must accept it",
)];

fn disagreement(file: &str, tc_id: u32) -> Option<&'static str> {
    DISAGREEMENTS
        .iter()
        .find(|(f, id, _)| *f == file && *id == tc_id)
        .map(|(_, _, why)| *why)
}

/// One key, or the same key in each form the group gives (PEM, JWK).
struct GroupKeys {
    keys: Vec<(&'static str, Key)>,
}

/// Reads the group's key in each form it is given. `Err` holds why a case cannot run.
fn group_keys(g: &SigGroup) -> Result<GroupKeys, (Option<ErrorKind>, String)> {
    let mut keys = Vec::new();
    let first = |set: KeySet, what: &str| {
        set.keys
            .into_iter()
            .next()
            .ok_or((None, format!("{what}: the parser returned no key")))
    };
    match parse_key(&g.public_key_pem, SecretEncoding::Utf8) {
        Ok(set) => keys.push(("publicKeyPem", first(set, "publicKeyPem")?)),
        Err(e) => return Err((Some(e.kind()), format!("publicKeyPem refused: {e:?}"))),
    }
    if let Some(jwk) = g.public_key_jwk.as_ref().or(g.key_jwk.as_ref()) {
        match parse_jwk_value(jwk) {
            Ok(set) => keys.push(("publicKeyJwk", first(set, "publicKeyJwk")?)),
            Err(e) => return Err((Some(e.kind()), format!("publicKeyJwk refused: {e:?}"))),
        }
    }
    Ok(GroupKeys { keys })
}

/// The verifier's steps after pinning `alg`: the key must fit, then the primitive.
fn verify_with(alg: Algorithm, key: &Key, msg: &[u8], sig: &[u8]) -> Result<(), Error> {
    verify_bytes(alg, key, msg, sig)
}

/// Runs one case with every form of the key; all forms must agree.
#[allow(clippy::too_many_arguments)]
fn judge(
    t: &mut Tally,
    alg: Algorithm,
    keys: &GroupKeys,
    key_size: Option<usize>,
    c: &SigCase,
    rule: Rule,
    der_codes: &mut DerCodes,
) {
    let msg = unhex(&c.msg, "msg", c.tc_id);
    let sig = unhex(&c.sig, "sig", c.tc_id);
    let results: Vec<(&str, Result<(), Error>)> = keys
        .keys
        .iter()
        .map(|(form, key)| (*form, verify_with(alg, key, &msg, &sig)))
        .collect();
    let id = match key_size {
        Some(bits) => format!(
            "tcId {} ({}; flags {:?}) [{alg}, {bits}-bit key, {} sig bytes]",
            c.tc_id,
            c.comment,
            c.flags,
            sig.len()
        ),
        None => format!(
            "tcId {} ({}; flags {:?}) [{alg}, {} sig bytes]",
            c.tc_id,
            c.comment,
            c.flags,
            sig.len()
        ),
    };
    let shown = || {
        results
            .iter()
            .map(|(form, r)| format!("{form}: {}", describe_result(r)))
            .collect::<Vec<_>>()
            .join(" | ")
    };
    let accepted: Vec<bool> = results.iter().map(|(_, r)| r.is_ok()).collect();
    if accepted.iter().any(|a| *a != accepted[0]) {
        t.fail(format!("{id}: the key forms disagree: {}", shown()));
        return;
    }
    let accepted = accepted[0];
    if let (Rule::MustReject(_), Some(why)) = (rule, disagreement(t.file(), c.tc_id)) {
        if accepted {
            t.disagree(format!(
                "{id}: labelled {}, jwtscope accepts it — {why}",
                c.result.as_str()
            ));
        } else {
            t.fail(format!(
                "{id}: documented disagreement no longer holds: expected acceptance, engine returned {}",
                shown()
            ));
        }
        return;
    }
    match rule {
        Rule::AsLabelled => match c.result {
            Expected::Valid => t.check(accepted, None, || {
                format!("{id}: expected valid, engine returned {}", shown())
            }),
            Expected::Invalid => t.check(!accepted, None, || {
                format!("{id}: expected invalid, engine returned {}", shown())
            }),
            Expected::Acceptable => t.acceptable(format!(
                "{id}: {}",
                if accepted {
                    "accepted".to_string()
                } else {
                    shown()
                }
            )),
        },
        Rule::MustReject(note) => t.check(!accepted, Some(note), || {
            format!(
                "{id}: labelled {}, a JWS verifier must refuse it; engine returned {}",
                c.result.as_str(),
                shown()
            )
        }),
        Rule::MustRejectDer => {
            if let Some((_, Err(e))) = results.first() {
                der_codes.record(e.code(), c.result);
            }
            let named_der = results
                .iter()
                .all(|(_, r)| matches!(r, Err(e) if e.kind() == ErrorKind::SignatureDer));
            match c.result {
                // A well-formed DER signature: refused, and named for what it is.
                Expected::Valid => t.check(named_der, Some("must-reject (well-formed DER, named ERR_JWS_SIGNATURE_DER)"), || {
                    format!("{id}: a valid DER signature must be refused as ERR_JWS_SIGNATURE_DER; engine returned {}", shown())
                }),
                _ => t.check(!accepted, Some("must-reject (malformed DER)"), || {
                    format!("{id}: expected refusal, engine returned {}", shown())
                }),
            }
        }
    }
}

/// Error codes seen for the DER files, by label.
#[derive(Default)]
struct DerCodes(std::collections::BTreeMap<(String, &'static str), usize>);

impl DerCodes {
    fn record(&mut self, code: &'static str, label: Expected) {
        *self
            .0
            .entry((label.as_str().to_string(), code))
            .or_default() += 1;
    }

    fn report(&self, t: &mut Tally) {
        for ((label, code), n) in &self.0 {
            t.info(format!(
                "DER file: {n} {label}-labelled signature(s) refused with {code}"
            ));
        }
    }
}

/// Runs the cases of one group under `rule`, or records why its key cannot be used.
fn run_group(t: &mut Tally, alg: Algorithm, g: &SigGroup, rule: Rule, der: &mut DerCodes) {
    let keys = match group_keys(g) {
        Ok(k) => k,
        Err((Some(ErrorKind::KeyTooSmall), why)) => {
            // RFC 7518 §3.3: RSA keys under 2048 bits are refused at parse; the refusal
            // is the expected behaviour, asserted by reaching this arm.
            t.skip(
                &format!("RSA key under 2048 bits, refused at parse with ERR_KEY_TOO_SMALL (RFC 7518 §3.3): {why}"),
                g.tests.len(),
            );
            return;
        }
        Err((_, why)) => {
            for c in &g.tests {
                t.fail(format!(
                    "tcId {} ({}): the group key cannot be read: {why}",
                    c.tc_id, c.comment
                ));
            }
            return;
        }
    };
    for c in &g.tests {
        judge(t, alg, &keys, g.key_size, c, rule, der);
    }
}

/// `hmac_sha{256,384,512}_test.json`.
pub fn hmac(file: &str) {
    let f: WycheproofFile<MacGroup> = load(file);
    let mut t = Tally::new(file);
    let alg = match f.algorithm.as_str() {
        "HMACSHA256" => Algorithm::HS256,
        "HMACSHA384" => Algorithm::HS384,
        "HMACSHA512" => Algorithm::HS512,
        other => panic!("{file}: unexpected algorithm {other}"),
    };
    let full_bits = alg.hash().size() * 8;
    for g in &f.test_groups {
        // JWS never truncates: a tag shorter than the hash output is refused whatever
        // Wycheproof's label (which judges the truncated-MAC primitive).
        let rule = if g.tag_size < full_bits {
            Rule::MustReject(TRUNCATED_TAG)
        } else {
            Rule::AsLabelled
        };
        if g.key_size < full_bits {
            t.info(format!(
                "group keySize {} < {full_bits} bits: short HMAC keys are accepted by the primitive (the engine warns WARN_SECRET_SHORT at token level), {} cases",
                g.key_size,
                g.tests.len()
            ));
        }
        for c in &g.tests {
            let id = format!(
                "tcId {} ({}) [{alg}, keySize {}, tagSize {}]",
                c.tc_id, c.comment, g.key_size, g.tag_size
            );
            let msg = unhex(&c.msg, "msg", c.tc_id);
            let tag = unhex(&c.tag, "tag", c.tc_id);
            // The key as a user would paste it: hex text, read with the hex encoding.
            let result = parse_key(&c.key, SecretEncoding::Hex).and_then(|set| {
                let key = set.keys.into_iter().next().ok_or_else(|| {
                    Error::new(ErrorKind::KeyNotFound, "the parser returned no key")
                })?;
                verify_with(alg, &key, &msg, &tag)
            });
            let accepted = result.is_ok();
            match (rule, c.result) {
                (Rule::MustReject(note), label) => t.check(!accepted, Some(note), || {
                    format!(
                        "{id}: labelled {}, truncated tags must be refused; engine returned {}",
                        label.as_str(),
                        describe_result(&result)
                    )
                }),
                (_, Expected::Valid) => t.check(accepted, None, || {
                    format!(
                        "{id}: expected valid, engine returned {}",
                        describe_result(&result)
                    )
                }),
                (_, Expected::Invalid) => t.check(!accepted, None, || {
                    format!(
                        "{id}: expected invalid, engine returned {}",
                        describe_result(&result)
                    )
                }),
                (_, Expected::Acceptable) => {
                    t.acceptable(format!("{id}: {}", describe_result(&result)))
                }
            }
        }
    }
    t.finish(Some(f.number_of_tests));
}

/// `rsa_signature_*_test.json`: RS256/384/512.
pub fn rsa_pkcs1(file: &str) {
    let f: WycheproofFile<SigGroup> = load(file);
    let mut t = Tally::new(file);
    let mut der = DerCodes::default();
    for g in &f.test_groups {
        let alg = match g.sha.as_deref() {
            Some("SHA-256") => Algorithm::RS256,
            Some("SHA-384") => Algorithm::RS384,
            Some("SHA-512") => Algorithm::RS512,
            other => {
                t.skip(
                    &format!(
                        "hash {other:?}: RS256/384/512 use SHA-256/384/512 only (RFC 7518 §3.3)"
                    ),
                    g.tests.len(),
                );
                continue;
            }
        };
        run_group(&mut t, alg, g, Rule::AsLabelled, &mut der);
    }
    t.finish(Some(f.number_of_tests));
}

/// `rsa_pss_*_test.json`: PS256/384/512.
pub fn rsa_pss(file: &str) {
    let f: WycheproofFile<SigGroup> = load(file);
    let mut t = Tally::new(file);
    let mut der = DerCodes::default();
    for g in &f.test_groups {
        let (alg, hash_len) = match g.sha.as_deref() {
            Some("SHA-256") => (Algorithm::PS256, 32),
            Some("SHA-384") => (Algorithm::PS384, 48),
            Some("SHA-512") => (Algorithm::PS512, 64),
            other => {
                // No JWS algorithm hashes with SHA-1 or SHA-224, so there is nothing to
                // drive these with (RFC 7518 §3.5 defines PS256/384/512 only).
                t.skip(
                    &format!("PSS with message hash {}: no JWS algorithm uses it (RFC 7518 §3.5 has SHA-256/384/512 only)", other.unwrap_or("?")),
                    g.tests.len(),
                );
                continue;
            }
        };
        // RFC 7518 §3.5: "The size of the salt value is the same size as the hash
        // function output", and MGF1 uses the same hash. Any other combination is a
        // different signature scheme that a JWS verifier must not accept.
        let rule = if g.mgf_sha.as_deref() == g.sha.as_deref() && g.s_len == Some(hash_len) {
            Rule::AsLabelled
        } else {
            Rule::MustReject(PSS_PARAMETERS)
        };
        run_group(&mut t, alg, g, rule, &mut der);
    }
    t.finish(Some(f.number_of_tests));
}

fn ecdsa_alg(g: &SigGroup) -> Result<Algorithm, String> {
    let curve = g
        .public_key
        .get("curve")
        .and_then(Value::as_str)
        .unwrap_or("?");
    match (curve, g.sha.as_deref()) {
        ("secp256r1", Some("SHA-256")) => Ok(Algorithm::ES256),
        ("secp384r1", Some("SHA-384")) => Ok(Algorithm::ES384),
        ("secp521r1", Some("SHA-512")) => Ok(Algorithm::ES512),
        ("secp256k1", Some("SHA-256")) => Ok(Algorithm::ES256K),
        (curve, sha) => Err(format!(
            "ECDSA on {curve} with {}: no JWS algorithm pairs them (RFC 7518 §3.4, RFC 8812 §3.2)",
            sha.unwrap_or("?")
        )),
    }
}

/// `ecdsa_*_p1363_test.json`: ES256/384/512 with JWS's r‖s signatures.
pub fn ecdsa_p1363(file: &str) {
    let f: WycheproofFile<SigGroup> = load(file);
    let mut t = Tally::new(file);
    let mut der = DerCodes::default();
    for g in &f.test_groups {
        match ecdsa_alg(g) {
            Ok(alg) => run_group(&mut t, alg, g, Rule::AsLabelled, &mut der),
            Err(why) => t.skip(&why, g.tests.len()),
        }
    }
    t.finish(Some(f.number_of_tests));
}

/// `ecdsa_*_test.json` without p1363: ASN.1 DER signatures, which JWS never uses
/// (RFC 7518 §3.4 fixes r‖s), so every one must be refused.
pub fn ecdsa_der(file: &str) {
    let f: WycheproofFile<SigGroup> = load(file);
    let mut t = Tally::new(file);
    let mut der = DerCodes::default();
    for g in &f.test_groups {
        match ecdsa_alg(g) {
            Ok(alg) => run_group(&mut t, alg, g, Rule::MustRejectDer, &mut der),
            Err(why) => t.skip(&why, g.tests.len()),
        }
    }
    der.report(&mut t);
    t.finish(Some(f.number_of_tests));
}

/// `ed25519_test.json`: EdDSA (RFC 8037 §3.1).
pub fn ed25519(file: &str) {
    let f: WycheproofFile<SigGroup> = load(file);
    let mut t = Tally::new(file);
    let mut der = DerCodes::default();
    for g in &f.test_groups {
        run_group(&mut t, Algorithm::EdDSA, g, Rule::AsLabelled, &mut der);
    }
    t.finish(Some(f.number_of_tests));
}

/// Reads a blobby (`.blb`) file: RustCrypto's packing of test vectors, a count of
/// blobs, a table of shared blobs, then each blob as its bytes or a reference into
/// the table; every number a git-style VLQ (7 bits a byte, high bit: more follows,
/// and each continuation adds one).
fn blobby(data: &[u8]) -> Vec<&[u8]> {
    let mut at = 0;
    let vlq = |at: &mut usize| {
        let mut value = 0usize;
        loop {
            let byte = data[*at];
            *at += 1;
            value = (value << 7) | usize::from(byte & 0x7f);
            if byte & 0x80 == 0 {
                return value;
            }
            value += 1;
        }
    };
    let count = vlq(&mut at);
    let shared: Vec<&[u8]> = (0..vlq(&mut at))
        .map(|_| {
            let len = vlq(&mut at);
            at += len;
            &data[at - len..at]
        })
        .collect();
    let blobs = (0..count)
        .map(|_| {
            let n = vlq(&mut at);
            if n & 1 == 1 {
                shared[n >> 1]
            } else {
                at += n >> 1;
                &data[at - (n >> 1)..at]
            }
        })
        .collect();
    assert_eq!(at, data.len(), "trailing bytes after the blobs");
    blobs
}

/// Wycheproof's secp256k1 ECDSA (ES256K, RFC 8812 §3.2) as the k256 crate packs it
/// (`wycheproof-k256/`, see PROVENANCE.md): records of five blobs (wx, wy, msg, sig,
/// pass 0/1), no tcIds, comments or `acceptable` labels, so each case is named by
/// its position. Each run of records on one key becomes a group, its key given to
/// the parser as an SPKI PEM and as a JWK (both forms must agree), and judged as the
/// JSON files' groups are: `der` false for r‖s signatures (as labelled), true for
/// DER ones (every one refused, the well-formed ones as DER).
pub fn ecdsa_secp256k1_blobby(file: &str, der: bool) {
    let path = super::common::vector_path(file);
    let data =
        std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let blobs = blobby(&data);
    assert_eq!(blobs.len() % 5, 0, "{file}: records of five blobs");
    let mut t = Tally::new(file);
    let mut der_codes = DerCodes::default();
    let records: Vec<&[&[u8]]> = blobs.chunks(5).collect();
    let mut i = 0;
    while i < records.len() {
        let (wx, wy) = (records[i][0], records[i][1]);
        let mut group = SigGroup {
            public_key: serde_json::json!({ "curve": "secp256k1" }),
            public_key_pem: secp256k1_spki_pem(wx, wy),
            public_key_jwk: Some(serde_json::json!({
                "kty": "EC",
                "crv": "secp256k1",
                "x": jwtscope::jose::b64::encode(&coordinate(wx)),
                "y": jwtscope::jose::b64::encode(&coordinate(wy)),
            })),
            key_jwk: None,
            sha: Some("SHA-256".to_string()),
            mgf_sha: None,
            s_len: None,
            key_size: None,
            tests: Vec::new(),
        };
        while i < records.len() && records[i][0] == wx && records[i][1] == wy {
            let [_, _, msg, sig, pass] = records[i] else {
                unreachable!("chunks of five")
            };
            group.tests.push(SigCase {
                tc_id: u32::try_from(i + 1).unwrap(),
                comment: format!("record {} of the k256 blob", i + 1),
                msg: hex::encode(msg),
                sig: hex::encode(sig),
                result: if pass == &[1] {
                    Expected::Valid
                } else {
                    Expected::Invalid
                },
                flags: Vec::new(),
            });
            i += 1;
        }
        let alg = ecdsa_alg(&group).unwrap();
        let rule = if der {
            Rule::MustRejectDer
        } else {
            Rule::AsLabelled
        };
        run_group(&mut t, alg, &group, rule, &mut der_codes);
    }
    if der {
        der_codes.report(&mut t);
    }
    t.finish(Some(records.len()));
}

/// A coordinate as exactly 32 bytes: the blob's are minimal big-endian integers, with
/// a 0x00 in front when the top bit is set.
fn coordinate(bytes: &[u8]) -> Vec<u8> {
    let trimmed: Vec<u8> = bytes.iter().copied().skip_while(|b| *b == 0).collect();
    assert!(trimmed.len() <= 32, "coordinate longer than the field");
    [vec![0; 32 - trimmed.len()], trimmed].concat()
}

/// The SPKI PEM of the point (x, y) on secp256k1 (RFC 5480 §2: id-ecPublicKey with
/// the named curve 1.3.132.0.10, the uncompressed point as the BIT STRING).
fn secp256k1_spki_pem(wx: &[u8], wy: &[u8]) -> String {
    let prefix = hex::decode("3056301006072a8648ce3d020106052b8104000a034200").unwrap();
    let der = [prefix, vec![4], coordinate(wx), coordinate(wy)].concat();
    format!(
        "-----BEGIN PUBLIC KEY-----\n{}\n-----END PUBLIC KEY-----\n",
        jwtscope::jose::b64::encode_standard(&der)
    )
}
