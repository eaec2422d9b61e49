//! The fuzz harness: one function per cargo-fuzz target (`fuzz_targets/*.rs` are
//! one line each). Every function takes libFuzzer's bytes, must never panic, and
//! asserts only invariants the engine documents (a panic here is a finding).
//!
//! Inputs are split by hand (no `arbitrary`), so a seed is readable text with a
//! selector byte or two in front; `scripts/fuzz-seed` writes them in these layouts:
//!
//! | target | layout |
//! |---|---|
//! | `decode` | the token text |
//! | `parse_key` | the key text (parsed with each of the four secret encodings) |
//! | `verify` | `alg` `flags` token `NUL` key text |
//! | `sign` | `alg` `key` header JSON `NUL` payload JSON `NUL` key text |
//! | `claims` | `mode` now (8 bytes, i64 LE) leeway (8 bytes, u64 LE) payload JSON |
//!
//! `alg` selects `Algorithm::all()[b % n]`; in `verify`, `b % (n + 1) == n` means
//! "not pinned" (`VerifyOptions::alg = None`). Bytes that are not UTF-8 are replaced
//! with U+FFFD (the page and the CLI only ever pass text).

#[path = "../../tests/support/decode_invariant.rs"]
mod decode_invariant;

use std::borrow::Cow;
use std::sync::OnceLock;

use jwtscope::jose;
use jwtscope::jose::b64;
use jwtscope::jose::claims::{check_claims, ClaimsOptions, ClaimsReport, ClaimsStatus, TimeState};
use jwtscope::jose::decode::{Decoded, TokenForm};
use jwtscope::jose::json;
use jwtscope::jose::key::{
    pkcs8_pem, private_jwk, public_jwk, spki_pem, thumbprint, Key, KeyFormat, KeyOp, KeySet,
    SecretEncoding,
};
use jwtscope::jose::policy;
use jwtscope::jose::problem::SegmentName;
use jwtscope::jose::report;
use jwtscope::jose::sign::sign_parts;
use jwtscope::jose::time::{format_utc, human_duration, relative};
use jwtscope::jose::verify::{
    header_warnings, verify_with_key, SignatureVerdict, Verification, VerifyOptions,
};
use jwtscope::jose::{Algorithm, Curve, ErrorKind, Family};
use serde_json::{Map, Value};

/// The four ways a secret can be typed.
pub const ENCODINGS: [SecretEncoding; 4] = [
    SecretEncoding::Utf8,
    SecretEncoding::Base64,
    SecretEncoding::Base64Url,
    SecretEncoding::Hex,
];

const SEGMENTS: [SegmentName; 7] = [
    SegmentName::Header,
    SegmentName::Payload,
    SegmentName::Signature,
    SegmentName::EncryptedKey,
    SegmentName::Iv,
    SegmentName::Ciphertext,
    SegmentName::Tag,
];

/// Every algorithm, in table order (the selector bytes index this).
pub fn algorithms() -> &'static [Algorithm] {
    static ALGS: OnceLock<Vec<Algorithm>> = OnceLock::new();
    ALGS.get_or_init(|| Algorithm::all().collect())
}

/// The selector byte for `alg` (what `scripts/fuzz-seed` writes).
pub fn alg_byte(alg: Option<Algorithm>) -> u8 {
    let algs = algorithms();
    let index = alg
        .and_then(|a| algs.iter().position(|x| *x == a))
        .unwrap_or(algs.len());
    index as u8
}

fn pick_alg(b: u8) -> Option<Algorithm> {
    algorithms()
        .get(usize::from(b) % (algorithms().len() + 1))
        .copied()
}

fn pick_alg_always(b: u8) -> Algorithm {
    let algs = algorithms();
    algs[usize::from(b) % algs.len()]
}

fn text(bytes: &[u8]) -> Cow<'_, str> {
    String::from_utf8_lossy(bytes)
}

/// `(head, tail)` around the first NUL; without one, all of it is the head.
fn split_nul(data: &[u8]) -> (&[u8], &[u8]) {
    match data.iter().position(|&b| b == 0) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, &[]),
    }
}

/// `n` selector bytes (zero when the input is shorter) and the rest.
fn take<const N: usize>(data: &[u8]) -> ([u8; N], &[u8]) {
    let mut head = [0u8; N];
    let n = data.len().min(N);
    head[..n].copy_from_slice(&data[..n]);
    (head, &data[n..])
}

// ---------------------------------------------------------------------------------
// decode

/// `decode_unverified` on arbitrary text, then every accessor and the JSON report.
///
/// Invariants: segment ranges slice the normalised token on character boundaries;
/// a decode with no problems is a JWS with an object header, a usable `alg` and a
/// non-empty signature (the same property as tests/robustness.rs).
pub fn decode(data: &[u8]) {
    let input = text(data);
    let d = jose::decode_unverified(&input);
    exercise_decoded(&d);
    decode_invariant::assert_problems_unless_well_formed(&input, &d);
}

fn exercise_decoded(d: &Decoded) {
    for s in &d.segments {
        assert!(
            d.token.get(s.range.clone()).is_some(),
            "segment {:?} range {:?} does not slice the token ({} bytes)",
            s.name,
            s.range,
            d.token.len()
        );
    }
    for name in SEGMENTS {
        let _ = d.segment_text(name);
    }
    let _ = d.header_object();
    let _ = d.claims();
    let _ = d.header_str("kid");
    let _ = d.header_str("typ");
    let _ = d.alg().map_err(|e| (e.code(), e.to_string()));
    let _ = d.unencoded_payload();
    let _ = d.signing_input();
    let _ = d.worst();
    for p in &d.problems {
        let _ = (p.code(), p.to_error().to_string());
    }
    for w in header_warnings(d) {
        let _ = (w.code(), &w.message);
    }
    let _ = report::decoded(d).to_string();
}

// ---------------------------------------------------------------------------------
// parse_key

/// `parse_key` on arbitrary text with each [`SecretEncoding`], then every accessor,
/// the four exports and the key-set queries.
///
/// Invariants: a successful parse has at least one key; an exported public JWK or
/// SPKI PEM parses back to the same key.
pub fn parse_key(data: &[u8]) {
    let key_text = text(data);
    // One more algorithm to try each key with, besides those it can do: the paths
    // that refuse a key for an algorithm.
    let probe = algorithms()[data.len() % algorithms().len()];
    let mut exercised = false;
    for enc in ENCODINGS {
        match jose::parse_key(&key_text, enc) {
            Ok(set) => {
                assert!(!set.keys.is_empty(), "parse_key gave no key ({enc:?})");
                // PEM and JWK do not depend on the encoding: their keys are exercised
                // once (a private EC key costs a scalar multiplication per query).
                let secret = matches!(set.keys[0].format, KeyFormat::Secret(_));
                if secret || !exercised {
                    exercise_keyset(&set, probe);
                    exercised = true;
                }
            }
            Err(e) => {
                let _ = (e.code(), e.to_string(), report::error(&e));
            }
        }
    }
}

fn exercise_keyset(set: &KeySet, probe: Algorithm) {
    let _ = set.describe();
    for (_, e) in &set.skipped {
        let _ = e.code();
    }
    let kid = set.keys.first().and_then(|k| k.kid.as_deref());
    for op in [KeyOp::Verify, KeyOp::Sign] {
        let _ = policy::candidates(set, probe, op);
        for kid in [None, kid] {
            let _ = policy::select_key(set, probe, kid, op).map(|s| s.explain(probe, op));
            // The algorithm rule never picks an algorithm the chosen key cannot do.
            if let Ok(choice) = policy::choose_alg(None, Some(set), Some(probe), kid, op) {
                assert!(
                    policy::set_allows(set, choice.alg, kid, op),
                    "choose_alg picked {} that no key allows",
                    choice.alg
                );
            }
        }
    }
    // A JWKS can hold hundreds of keys in 16 KiB: the first few are enough.
    for key in set.keys.iter().take(4) {
        exercise_key(key, probe);
    }
}

fn exercise_key(key: &Key, probe: Algorithm) {
    let _ = (key.describe(), key.kind_label(), key.bits(), key.curve());
    let _ = (key.is_private(), key.jwk_single_algorithm());
    assert!(
        key.same_key_as(key) || key.public_key().is_none(),
        "a key differs from itself"
    );
    for alg in key.usable_algorithms().into_iter().chain([probe]) {
        for op in [KeyOp::Sign, KeyOp::Verify] {
            let _ = key.check_for(alg, op).map_err(|e| e.code());
        }
    }
    let _ = thumbprint(key);
    let _ = private_jwk(key).map(|v| v.to_string());
    let _ = pkcs8_pem(key);
    let jwk = public_jwk(key).map(|v| v.to_string());
    let pem = spki_pem(key);
    for (what, exported) in [("public JWK", jwk), ("SPKI PEM", pem)] {
        let Ok(exported) = exported else { continue };
        let back = jose::parse_key(&exported, SecretEncoding::Utf8)
            .unwrap_or_else(|e| panic!("{what} export does not parse back: {e:?}\n{exported}"));
        assert!(
            back.keys.first().is_some_and(|k| k.same_key_as(key)),
            "{what} export parses back to another key: {exported}"
        );
    }
}

// ---------------------------------------------------------------------------------
// verify

/// `verify` with a token, a key text and an algorithm choice, pinned and not
/// pinned, then `verify_with_key` for each algorithm each parsed key can do.
///
/// Layout: `alg` `flags` token `NUL` key text. Flags: bits 0–1 the secret encoding,
/// bit 2 expect an `iss`, bit 3 expect an `aud`, bit 4 the clock at 0 instead of
/// 2023-11-14.
///
/// Invariants: a pinned algorithm is the one reported; a valid signature means a
/// JWS whose header `alg` is the verification algorithm, with a key used.
pub fn verify(data: &[u8]) {
    let ([alg_b, flags], rest) = take::<2>(data);
    let (token, key_text) = split_nul(rest);
    let alg = pick_alg(alg_b);
    let enc = ENCODINGS[usize::from(flags & 3)];
    let claims = ClaimsOptions {
        now: if flags & 16 == 0 { 1_700_000_000 } else { 0 },
        leeway: 60,
        iss: (flags & 4 != 0).then(|| "https://issuer.example".to_string()),
        aud: (flags & 8 != 0).then(|| "jwtscope-e2e".to_string()),
    };
    let d = jose::decode_unverified(&text(token));
    let keys = jose::parse_key(&text(key_text), enc).ok();

    for pinned in [alg, None] {
        let opts = VerifyOptions {
            alg: pinned,
            claims: claims.clone(),
        };
        let v = jose::verify(&d, keys.as_ref(), &opts);
        check_verification(&d, &opts, &v);
        let _ = report::verification(&v).to_string();
        // The explainer: bounded, and silent on a valid token.
        let x = jose::explain(&d, &text(key_text), enc, keys.as_ref(), &v);
        assert!(
            x.attempts <= jose::diagnose::MAX_ATTEMPTS,
            "{} attempts",
            x.attempts
        );
        if v.signature == SignatureVerdict::Valid {
            assert!(x.findings.is_empty(), "explained a valid token: {x:?}");
        }
        let _ = report::explanation(&x).to_string();
        if alg.is_none() {
            break;
        }
    }
    // The security review and the weak-secret check, on anything.
    let review = jose::diagnose::audit(
        &d,
        keys.as_ref().and_then(|k| k.keys.first()),
        &jose::diagnose::AuditOptions {
            now: claims.now,
            ..Default::default()
        },
    );
    let _ = report::audit(&review).to_string();
    if let Ok(target) = jose::diagnose::CrackTarget::new(&d) {
        let stop = std::sync::atomic::AtomicBool::new(false);
        let _ = target.search([text(key_text).as_ref(), "secret"], &stop);
    }
    let Some(set) = keys else { return };
    for key in set.keys.iter().take(4) {
        for a in key.usable_algorithms().into_iter().chain(alg) {
            let verdict = verify_with_key(&d, a, key);
            if verdict == SignatureVerdict::Valid {
                assert_eq!(
                    d.alg().ok(),
                    Some(a),
                    "valid under {a} but the header says otherwise"
                );
            }
            let _ = (verdict.as_str(), verdict.reason().map(|e| e.code()));
        }
    }
}

fn check_verification(d: &Decoded, opts: &VerifyOptions, v: &Verification) {
    if opts.alg.is_some() {
        assert_eq!(v.alg, opts.alg, "the pinned algorithm was not the one used");
    }
    if v.is_valid() {
        assert_eq!(v.signature, SignatureVerdict::Valid);
    }
    if v.signature == SignatureVerdict::Valid {
        assert_eq!(d.form, TokenForm::Jws, "valid but not a JWS");
        assert!(
            v.alg.is_some() && v.key_used.is_some(),
            "valid with no algorithm or key"
        );
        assert_eq!(
            d.alg().ok(),
            v.alg,
            "valid under an algorithm the header does not name"
        );
    }
    check_claims_report(&v.claims);
}

// ---------------------------------------------------------------------------------
// sign

/// Fixed keys, one per key type: an HMAC secret (64 bytes, enough for HS512), RSA
/// 2048, P-256, P-384, P-521, secp256k1 and Ed25519 private keys (tests/vectors/keys).
fn fixed_keys() -> &'static [Key] {
    static KEYS: OnceLock<Vec<Key>> = OnceLock::new();
    KEYS.get_or_init(|| {
        [
            "jwtscope-fuzz-fixed-hmac-secret-of-sixty-four-bytes-for-hs512!!",
            include_str!("../../tests/vectors/keys/rsa2048.pkcs8.pem"),
            include_str!("../../tests/vectors/keys/p256.pkcs8.pem"),
            include_str!("../../tests/vectors/keys/p384.pkcs8.pem"),
            include_str!("../../tests/vectors/keys/p521.pkcs8.pem"),
            include_str!("../../tests/vectors/keys/secp256k1.pkcs8.pem"),
            include_str!("../../tests/vectors/keys/ed25519.pkcs8.pem"),
        ]
        .iter()
        .map(|text| match jose::parse_key(text, SecretEncoding::Utf8) {
            Ok(mut set) => set.keys.remove(0),
            Err(e) => panic!("fixture key refused: {e:?}"),
        })
        .collect()
    })
}

/// The fixed key that can sign `alg`.
fn natural_key(alg: Algorithm) -> usize {
    match (alg.family(), alg.curve()) {
        (Family::Hmac, _) => 0,
        (Family::RsaPkcs1 | Family::RsaPss, _) => 1,
        (_, Some(Curve::P256)) => 2,
        (_, Some(Curve::P384)) => 3,
        (_, Some(Curve::P521)) => 4,
        (_, Some(Curve::Secp256k1)) => 5,
        _ => 6,
    }
}

/// `sign` with header JSON × payload JSON × algorithm × key, and what it signs
/// must verify with the same key under the same algorithm.
///
/// Layout: `alg` `key` header `NUL` payload `NUL` key text. `key % 9`: 0 the fixed
/// key that fits `alg`, 1–7 a fixed key by index (mismatches are refused), 8 the
/// first key parsed from the key text (encoding `(key >> 4) % 4`).
///
/// Invariant: a token `sign` returns verifies (headers naming extensions, `crit`
/// or `b64`, are refused on verification by design and are skipped).
pub fn sign(data: &[u8]) {
    let ([alg_b, key_b], rest) = take::<2>(data);
    let (header, rest) = split_nul(rest);
    let (payload, key_text) = split_nul(rest);
    let alg = pick_alg_always(alg_b);
    let parsed;
    let key = match key_b % 9 {
        0 => &fixed_keys()[natural_key(alg)],
        i @ 1..=7 => &fixed_keys()[usize::from(i) - 1],
        _ => {
            let enc = ENCODINGS[usize::from(key_b >> 4) % 4];
            parsed = jose::parse_key(&text(key_text), enc).ok();
            match parsed.as_ref().and_then(|s| s.keys.first()) {
                Some(k) => k,
                None => return,
            }
        }
    };
    let (header, payload) = (text(header), text(payload));
    let signed = match jose::sign(&header, &payload, alg, key) {
        Ok(signed) => signed,
        Err(e) => {
            let _ = (e.code(), e.to_string());
            return;
        }
    };
    for w in &signed.warnings {
        let _ = w.code();
    }
    let d = jose::decode_unverified(&signed.token);
    exercise_decoded(&d);
    let extension = d
        .header_object()
        .is_some_and(|h| h.contains_key("crit") || h.contains_key("b64"));
    if extension {
        return;
    }
    let set = KeySet::single(key.clone());
    let opts = VerifyOptions {
        alg: Some(alg),
        claims: ClaimsOptions::default(),
    };
    let v = jose::verify(&d, Some(&set), &opts);
    assert_eq!(
        v.signature,
        SignatureVerdict::Valid,
        "signed but does not verify: {alg} with {}\nheader {header:?}\npayload {payload:?}\ntoken {}",
        key.describe(),
        signed.token
    );
}

// ---------------------------------------------------------------------------------
// claims

/// Clock values worth hitting often: the ends of i64, around zero, the milliseconds
/// threshold, years 1 and 9999.
const TIMES: [i64; 12] = [
    i64::MIN,
    i64::MIN + 1,
    -62_135_596_800,
    -100_000_000_000,
    -1,
    0,
    1,
    1_700_000_000,
    100_000_000_000,
    253_402_300_799,
    i64::MAX - 1,
    i64::MAX,
];

const LEEWAYS: [u64; 7] = [
    0,
    1,
    60,
    i64::MAX as u64 - 1,
    i64::MAX as u64,
    i64::MAX as u64 + 1,
    u64::MAX,
];

/// `check_claims` on arbitrary payload JSON at extreme clocks and leeways, directly
/// and through `verify` (as an HS256 token signed here), plus the time formatting.
///
/// Layout: `mode` now (i64 LE) leeway (u64 LE) payload. Mode: bit 0 takes now from
/// [`TIMES`] (indexed by its low byte), bit 1 leeway from [`LEEWAYS`], bit 2 expect
/// an `iss`, bit 3 expect an `aud`.
///
/// Invariants: the status is `invalid` exactly when there are errors; a numeric
/// time claim has seconds; the claims never change the signature verdict.
pub fn claims(data: &[u8]) {
    let ([mode], rest) = take::<1>(data);
    let (now_b, rest) = take::<8>(rest);
    let (leeway_b, payload) = take::<8>(rest);
    let now = i64::from_le_bytes(now_b);
    let leeway = u64::from_le_bytes(leeway_b);
    let opts = ClaimsOptions {
        now: if mode & 1 != 0 {
            TIMES[usize::from(now_b[0]) % TIMES.len()]
        } else {
            now
        },
        leeway: if mode & 2 != 0 {
            LEEWAYS[usize::from(leeway_b[0]) % LEEWAYS.len()]
        } else {
            leeway
        },
        iss: (mode & 4 != 0).then(|| "https://issuer.example".to_string()),
        aud: (mode & 8 != 0).then(|| "jwtscope-e2e".to_string()),
    };
    let payload = text(payload);

    let _ = (
        format_utc(opts.now),
        human_duration(opts.now),
        relative(0, opts.now),
    );
    let (value, issue) = json::parse(&payload);
    let _ = issue.map(|i| (i.line, i.column));
    let map: Option<&Map<String, Value>> = value.as_ref().and_then(Value::as_object);
    let direct = check_claims(map, &opts);
    check_claims_report(&direct);
    for t in &direct.times {
        if let Some(s) = t.seconds {
            let _ = (format_utc(s), relative(s, opts.now), format_utc(s / 1000));
        }
    }
    let _ = report::claims(&direct).to_string();
    check_claims_report(&check_claims(None, &opts));

    // The same claims through verify: a real HS256 token over these payload bytes.
    let key = &fixed_keys()[0];
    let header = b64::encode(br#"{"alg":"HS256","typ":"JWT"}"#);
    let token = match sign_parts(
        &header,
        &b64::encode(payload.as_bytes()),
        Algorithm::HS256,
        key,
    ) {
        Ok(token) => token,
        Err(e) => panic!("HS256 with the fixed secret refused: {e:?}"),
    };
    let d = jose::decode_unverified(&token);
    let set = KeySet::single(key.clone());
    let v = jose::verify(
        &d,
        Some(&set),
        &VerifyOptions {
            alg: Some(Algorithm::HS256),
            claims: opts,
        },
    );
    check_verification(
        &d,
        &VerifyOptions {
            alg: Some(Algorithm::HS256),
            ..VerifyOptions::default()
        },
        &v,
    );
    // RFC 8725: a claims set with duplicate names is refused; nothing else in the
    // claims may change the verdict.
    let duplicates = d
        .problems
        .iter()
        .any(|p| p.kind == ErrorKind::JsonDuplicateMember);
    if !duplicates {
        assert_eq!(
            v.signature,
            SignatureVerdict::Valid,
            "claims changed the signature verdict"
        );
    }
    let _ = report::verification(&v).to_string();
}

fn check_claims_report(r: &ClaimsReport) {
    // Not passing (a failed claim, a claims set that could not be read, not a JWT)
    // ⇔ a reason is given.
    assert_eq!(
        matches!(
            r.status,
            ClaimsStatus::Invalid | ClaimsStatus::Unreadable | ClaimsStatus::NotJwt
        ),
        !r.errors.is_empty(),
        "claims status {:?} with {} errors",
        r.status,
        r.errors.len()
    );
    for t in &r.times {
        assert_eq!(
            t.seconds.is_none(),
            t.state == TimeState::WrongType,
            "{}: {:?}",
            t.name,
            t.raw
        );
    }
    for e in &r.errors {
        let _ = (e.code(), e.message());
    }
}
