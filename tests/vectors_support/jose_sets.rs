//! Wycheproof's JOSE files (`json_web_signature`, `json_web_key`, `json_web_crypto`,
//! `json_web_encryption`), run through the public token API exactly as the CLI and
//! the page run a pasted token: `decode_unverified`, `key::parse_key` on the group's
//! JWK or JWKS (as JSON text), then `verify::verify` with a pinned algorithm.
//!
//! Expected: `valid` → signature verdict `Valid`; `invalid` → anything else (refused
//! key, refused token, unchecked, invalid). Where jwtscope deliberately disagrees with
//! a label, the case is listed by tcId in [`DISAGREEMENTS`] with why, and jwtscope's
//! own behaviour is asserted instead — never skipped silently.

use std::collections::HashMap;

use serde::Deserialize;
use serde_json::Value;

use jwtscope::jose::decode::{decode_unverified, Decoded, TokenForm};
use jwtscope::jose::key::KeySet;
use jwtscope::jose::problem::Severity;
use jwtscope::jose::verify::{verify, SignatureVerdict, Verification};
use jwtscope::jose::{Algorithm, Error, ErrorKind};

use super::common::{describe_verdict, load, options, parse_jwk_value, Expected};
use super::tally::Tally;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct JoseFile {
    number_of_tests: usize,
    test_groups: Vec<JoseGroup>,
}

#[derive(Deserialize)]
struct JoseGroup {
    comment: String,
    /// The verification key (JWK or JWKS); absent for symmetric keys.
    public: Option<Value>,
    /// The private (or symmetric) key.
    private: Option<Value>,
    tests: Vec<JoseCase>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct JoseCase {
    tc_id: u32,
    comment: String,
    /// A compact JWS (string) or a JSON serialization (object).
    jws: Option<Value>,
    /// A compact JWE (string) or a JSON serialization.
    jwe: Option<Value>,
    result: Expected,
    flags: Vec<String>,
}

/// What jwtscope asserts for a case it disagrees on.
#[derive(Clone, Copy)]
enum Ours {
    /// The token is refused: the verdict is not `Valid`, with this error code.
    Refused(ErrorKind),
    /// The token is byte for byte the one of another case of the file, which carries
    /// the opposite label: no deterministic verifier can honour both, and jwtscope
    /// follows the other case (whose own expectation is checked there).
    IdenticalTo(u32),
    /// The signature verifies, and the verdict carries this warning code: the product
    /// rule "warn, don't block, where users test" (DEVELOPERS.md) applies.
    ValidWithWarning(&'static str),
}

struct Disagreement {
    file: &'static str,
    tc_id: u32,
    ours: Ours,
    why: &'static str,
}

const JWS_FILE: &str = "wycheproof/json_web_signature_test.json";
const JWK_FILE: &str = "wycheproof/json_web_key_test.json";
const SHORT_HMAC_WHY: &str = "key_too_short: the HMAC key is one byte shorter than the hash output, which RFC 7518 §3.2 \
    says MUST NOT be used. jwtscope is a debugger where people test with dummy keys: a short HMAC secret still \
    verifies and signs, with a visible WARN_SECRET_SHORT (product rule \"warn, don't block, where users test\"); what \
    is cryptographically broken (alg none, RSA under 2048 bits, ROCA keys, DER ECDSA, truncated tags) is refused";

/// Every case where jwtscope's verdict differs from Wycheproof's label, by file and
/// tcId. Each entry is asserted: if the engine's behaviour changes, the test fails.
const DISAGREEMENTS: &[Disagreement] = &[
    Disagreement {
        file: JWK_FILE,
        tc_id: 10,
        ours: Ours::ValidWithWarning("WARN_SECRET_SHORT"),
        why: SHORT_HMAC_WHY,
    },
    Disagreement {
        file: JWK_FILE,
        tc_id: 11,
        ours: Ours::ValidWithWarning("WARN_SECRET_SHORT"),
        why: SHORT_HMAC_WHY,
    },
    Disagreement {
        file: JWK_FILE,
        tc_id: 12,
        ours: Ours::ValidWithWarning("WARN_SECRET_SHORT"),
        why: SHORT_HMAC_WHY,
    },
    Disagreement {
        file: JWS_FILE,
        tc_id: 346,
        ours: Ours::Refused(ErrorKind::AlgMismatch),
        why: "RFC 7520 Figure 20 is a PS384 token, but the group's JWK says \"alg\": \"PS256\". A key whose JWK names \
              an algorithm is used with that algorithm only (RFC 7517 §4.4): pinned to PS256, the PS384 token is refused",
    },
    Disagreement {
        file: JWS_FILE,
        tc_id: 350,
        ours: Ours::Refused(ErrorKind::AlgMismatch),
        why: "as tcId 346 (same token, same \"alg\": \"PS256\" JWK, with key_ops)",
    },
    Disagreement {
        file: JWS_FILE,
        tc_id: 347,
        ours: Ours::Refused(ErrorKind::KeyUsage),
        why: "RFC 7520 Figure 27 (ES512) with the JWK saying \"alg\": \"ES521\", which no registry defines. jwtscope \
              never trusts a JWK's alg blindly and never guesses a typo: a key whose alg contradicts the algorithm in \
              use is refused (RFC 7517 §4.4) — the behaviour Wycheproof itself expects in json_web_key_test.json \
              tcIds 19 and 20 (\"ES521\" and \"ES224\" on a P-256 key, labelled invalid)",
    },
    Disagreement {
        file: JWS_FILE,
        tc_id: 351,
        ours: Ours::Refused(ErrorKind::KeyUsage),
        why: "as tcId 347 (same token, same \"ES521\" JWK, with key_ops)",
    },
    Disagreement {
        file: JWS_FILE,
        tc_id: 367,
        ours: Ours::IdenticalTo(357),
        why: "invalidBase64Padding is labelled invalid, but its token has no padding at all: it is byte for byte \
              tcId 357 (ValidMac, labelled valid). The padded form the comment describes is not in the file",
    },
    Disagreement {
        file: JWS_FILE,
        tc_id: 370,
        ours: Ours::IdenticalTo(357),
        why: "invalidBase64PaddingInPayload: as tcId 367, byte for byte tcId 357 (labelled valid); no padding present",
    },
    Disagreement {
        file: JWS_FILE,
        tc_id: 372,
        ours: Ours::Refused(ErrorKind::Base64Char),
        why: "InvalidCharacterInsertedInHeader: a '?' inside the header segment. Wycheproof labels it valid (a lenient \
              base64 decoder skips the '?'), but '?' is not in the base64url alphabet (RFC 7515 §2, RFC 4648 §5), and the \
              JWS signing input is the segments exactly as received (RFC 7515 §5.2 step 8): a strict verifier refuses it",
    },
    Disagreement {
        file: JWS_FILE,
        tc_id: 373,
        ours: Ours::Refused(ErrorKind::Base64Char),
        why: "InvalidCharacterInsertedInPayload: as tcId 372, a '?' inside the payload segment; not base64url, refused",
    },
];

fn disagreement(file: &str, tc_id: u32) -> Option<&'static Disagreement> {
    DISAGREEMENTS
        .iter()
        .find(|d| d.file == file && d.tc_id == tc_id)
}

/// The result of running one case.
enum Outcome {
    /// The key text was refused by `parse_key`, so nothing can verify.
    KeyRefused(Error),
    /// The group has no key at all.
    NoKey,
    /// The verifier ran.
    Ran(Box<Verification>),
}

impl Outcome {
    fn is_valid(&self) -> bool {
        matches!(self, Outcome::Ran(v) if v.signature == SignatureVerdict::Valid)
    }

    fn code(&self) -> Option<&'static str> {
        match self {
            Outcome::KeyRefused(e) => Some(e.code()),
            Outcome::NoKey => None,
            Outcome::Ran(v) => v.signature.reason().map(Error::code),
        }
    }

    fn describe(&self) -> String {
        match self {
            Outcome::KeyRefused(e) => format!("key refused by parse_key: {e:?}"),
            Outcome::NoKey => "no key in the group".to_string(),
            Outcome::Ran(v) => {
                let warnings: Vec<&str> = v.warnings.iter().map(|w| w.code()).collect();
                format!(
                    "signature {} (pinned {}; warnings {warnings:?})",
                    describe_verdict(&v.signature),
                    v.alg.map(Algorithm::name).unwrap_or("-")
                )
            }
        }
    }
}

/// The algorithm the test's application declares, as a caller of the engine must
/// pin it (the engine never takes it from the token alone, RFC 8725 §3.1).
///
/// Wycheproof declares algorithms only through the key's JWK `alg`. So:
/// 1. the key the token's `kid` selects, if its JWK `alg` is a registered algorithm;
/// 2. otherwise the one registered algorithm the key (or every key of the set) names;
/// 3. otherwise — no `alg` in the JWK, or a name no registry has, like RFC 7520's
///    "ES521" — the token header's `alg` stands in as the test's declared algorithm.
///    This is the harness playing the application, not the engine trusting the
///    header: the engine still checks the key's type, curve, `use`, `key_ops` and
///    its JWK `alg` against it.
fn declared_alg(keys: &KeySet, decoded: &Decoded) -> Option<Algorithm> {
    let named = |alg: &Option<String>| alg.as_deref().and_then(|a| Algorithm::parse(a).ok());
    if let Some(kid) = decoded.header_str("kid") {
        if let Some(alg) = keys
            .keys
            .iter()
            .find(|k| k.kid.as_deref() == Some(kid))
            .and_then(|k| named(&k.jwk_alg))
        {
            return Some(alg);
        }
    }
    let mut algs: Vec<Algorithm> = Vec::new();
    for alg in keys.keys.iter().filter_map(|k| named(&k.jwk_alg)) {
        if !algs.contains(&alg) {
            algs.push(alg);
        }
    }
    if let [only] = algs.as_slice() {
        return Some(*only);
    }
    decoded.alg().ok()
}

/// The token text: a compact serialization as is; a JSON serialization as the JSON
/// text a user would paste (jwtscope reads compact JWS only, so it must be refused).
fn token_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => serde_json::to_string(other).unwrap_or_default(),
    }
}

fn run_jws(keys: Option<&Result<KeySet, Error>>, text: &str) -> Outcome {
    let decoded = decode_unverified(text);
    match keys {
        None => Outcome::NoKey,
        Some(Err(e)) => Outcome::KeyRefused(e.clone()),
        Some(Ok(set)) => {
            let alg = declared_alg(set, &decoded);
            Outcome::Ran(Box::new(verify(&decoded, Some(set), &options(alg))))
        }
    }
}

/// A JWE case. Decryption is out of scope for jwtscope, so a JWE can never be
/// confirmed or refused on its content; what jwtscope must do is recognise it, show
/// its protected header, and never call it a valid signature.
fn judge_jwe(
    t: &mut Tally,
    file: &str,
    c: &JoseCase,
    jwe: &Value,
    keys: Option<&Result<KeySet, Error>>,
) {
    let id = format!("{file} tcId {} ({})", c.tc_id, c.comment);
    let text = token_text(jwe);
    let decoded = decode_unverified(&text);
    let outcome = run_jws(keys, &text);
    if outcome.is_valid() {
        t.fail(format!(
            "{id}: a JWE was reported as a valid signature: {}",
            outcome.describe()
        ));
        return;
    }
    let header = decoded.header_object();
    let recognised = decoded.form == TokenForm::Jwe
        && header.is_some()
        && decoded
            .problems
            .iter()
            .any(|p| p.kind == ErrorKind::Encrypted);
    if recognised {
        let has_alg_enc = header.is_some_and(|h| h.contains_key("alg") && h.contains_key("enc"));
        match c.result {
            Expected::Valid => t.check(has_alg_enc, Some("valid JWE recognised (form jwe, protected header with alg and enc shown; decryption out of scope)"), || {
                format!("{id}: recognised as JWE but the header lacks alg/enc: {:?}", decoded.header.as_ref().map(|h| &h.text))
            }),
            _ => t.pass_as("tampered JWE recognised as JWE and never reported valid (the tampering shows only on decryption: out of scope)"),
        }
        return;
    }
    let refused = decoded
        .problems
        .iter()
        .any(|p| p.severity == Severity::Error);
    match c.result {
        Expected::Valid => t.fail(format!(
            "{id}: a valid JWE was not recognised: form {}, problems {:?}",
            decoded.form.as_str(),
            decoded
                .problems
                .iter()
                .map(|p| p.code())
                .collect::<Vec<_>>()
        )),
        _ => t.check(
            refused,
            Some("malformed JWE refused at decode (an error-severity problem)"),
            || {
                format!(
                    "{id}: malformed JWE not flagged: form {}, problems {:?}",
                    decoded.form.as_str(),
                    decoded.problems
                )
            },
        ),
    }
}

fn judge_jws(
    t: &mut Tally,
    file: &str,
    g: &JoseGroup,
    c: &JoseCase,
    jws: &Value,
    keys: Option<&Result<KeySet, Error>>,
    tokens: &HashMap<u32, String>,
) {
    let id = format!(
        "tcId {} (group {}: {}; flags {:?})",
        c.tc_id, g.comment, c.comment, c.flags
    );
    let text = token_text(jws);
    let outcome = run_jws(keys, &text);
    if let Some(d) = disagreement(file, c.tc_id) {
        let (ok, wanted) = match d.ours {
            Ours::Refused(kind) => (
                !outcome.is_valid() && outcome.code() == Some(kind.code()),
                format!("refusal with {}", kind.code()),
            ),
            Ours::IdenticalTo(other) => (
                tokens.get(&other) == Some(&text),
                format!("a token identical to tcId {other}'s"),
            ),
            Ours::ValidWithWarning(code) => (
                matches!(&outcome, Outcome::Ran(v) if v.signature == SignatureVerdict::Valid
                    && v.warnings.iter().any(|w| w.code() == code)),
                format!("a valid signature with {code}"),
            ),
        };
        if ok {
            t.disagree(format!(
                "{id}: labelled {}, jwtscope: {} — {}",
                c.result.as_str(),
                outcome.describe(),
                d.why
            ));
        } else {
            t.fail(format!(
                "{id}: documented disagreement no longer holds: expected {wanted}, engine returned {}",
                outcome.describe()
            ));
        }
        return;
    }
    match c.result {
        Expected::Valid => t.check(outcome.is_valid(), None, || {
            format!(
                "{id}: expected valid, engine returned {}",
                outcome.describe()
            )
        }),
        Expected::Invalid => {
            // Counted by refusal code, so the summary shows *why* cases were refused.
            let note = match &outcome {
                Outcome::KeyRefused(e) => {
                    format!(
                        "invalid-labelled, key refused by parse_key with {}",
                        e.code()
                    )
                }
                Outcome::NoKey => "invalid-labelled, no key in the group".to_string(),
                Outcome::Ran(v) => format!(
                    "invalid-labelled, signature {} with {}",
                    v.signature.as_str(),
                    v.signature.reason().map(Error::code).unwrap_or("-")
                ),
            };
            t.check(!outcome.is_valid(), Some(&note), || {
                format!(
                    "{id}: expected invalid, engine returned {}",
                    outcome.describe()
                )
            })
        }
        Expected::Acceptable => t.acceptable(format!("{id}: {}", outcome.describe())),
    }
}

/// Runs one of the four JOSE files.
pub fn run(file: &'static str) {
    let f: JoseFile = load(file);
    let mut t = Tally::new(file);
    // Every case's token text, for the disagreements that compare two cases.
    let tokens: HashMap<u32, String> = f
        .test_groups
        .iter()
        .flat_map(|g| &g.tests)
        .filter_map(|c| c.jws.as_ref().map(|j| (c.tc_id, token_text(j))))
        .collect();
    for g in &f.test_groups {
        // The verification key: the public JWK(S) when given, else the symmetric one.
        let keys = g
            .public
            .as_ref()
            .or(g.private.as_ref())
            .map(parse_jwk_value);
        for c in &g.tests {
            match (&c.jws, &c.jwe) {
                (Some(jws), _) => judge_jws(&mut t, file, g, c, jws, keys.as_ref(), &tokens),
                (None, Some(jwe)) => judge_jwe(&mut t, file, c, jwe, keys.as_ref()),
                (None, None) => {
                    t.fail(format!("tcId {}: neither jws nor jwe in the case", c.tc_id))
                }
            }
        }
    }
    t.finish(Some(f.number_of_tests));
}
