//! Property tests: arbitrary text and bytes fed to decoding, key parsing, verifying
//! and signing never panic, and a few invariants hold on garbage:
//! - a decode with no problems is a well-formed JWS (three segments, an object
//!   header with a registered `alg`); anything else reports at least one problem;
//! - garbage never verifies (fixed HMAC and EC keys, algorithm pinned);
//! - a key parse that succeeds yields at least one key;
//! - `sign::sign` with a header as a user writes it (a real `alg`, or none, or
//!   another; `typ`, `kid`, extra members, `b64`/`crit`) succeeds exactly when the
//!   header agrees with the chosen algorithm, keeps the members in order, and what
//!   it produces verifies with the public key — for every algorithm.
//! - `sign::sign` with messier JSON objects (`alg` of any type or case, `kid`/`typ`
//!   of any type, malformed `b64`/`crit`, shuffled members, a member twice, payloads
//!   that are not objects): a token verifies with the same key pair; a refusal has a
//!   stable code and a location (`Error::location`). `messy_cases_reach_the_signer`
//!   checks that most of these cases get past the JSON to the signer.
//!
//! 256 cases per property by default, so the whole file runs in seconds in a debug
//! build; `PROPTEST_CASES` raises it (`scripts/fuzz --proptest` runs 10 000 in a
//! release build). Extreme clocks and NumericDates are the `claims` fuzz target's job
//! (fuzz/, docs/FUZZING.md), not these properties'.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "support/decode_invariant.rs"]
mod decode_invariant;

use decode_invariant::assert_problems_unless_well_formed;
use std::sync::LazyLock;

use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::TestRunner;
use serde_json::{Map, Value};

use jwtscope::jose::b64;
use jwtscope::jose::claims::ClaimsOptions;
use jwtscope::jose::decode::{decode_unverified, MAX_TOKEN_BYTES};
use jwtscope::jose::error::Location;
use jwtscope::jose::key::{parse_key, Key, KeySet, SecretEncoding};
use jwtscope::jose::problem::Severity;
use jwtscope::jose::sign::sign;
use jwtscope::jose::verify::{verify, SignatureVerdict, VerifyOptions};
use jwtscope::jose::{Algorithm, ErrorKind, Family};

/// An HMAC secret (32 bytes, as long as the SHA-256 output).
const SECRET: &str = "jwtscope-robustness-fixed-secret";

/// RFC 7515 Appendix A.3's P-256 key (public part, and the private one for signing).
const EC_PUBLIC: &str = r#"{"kty":"EC","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"}"#;
const EC_PRIVATE: &str = r#"{"kty":"EC","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0","d":"jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI"}"#;

/// RFC 8037 Appendix A's Ed25519 private key.
const ED_PRIVATE: &str = r#"{"kty":"OKP","crv":"Ed25519","d":"nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}"#;

const ENCODINGS: [SecretEncoding; 4] = [
    SecretEncoding::Utf8,
    SecretEncoding::Base64,
    SecretEncoding::Base64Url,
    SecretEncoding::Hex,
];

fn keyset(text: &str) -> KeySet {
    parse_key(text, SecretEncoding::Utf8).unwrap_or_else(|e| panic!("fixture key refused: {e:?}"))
}

fn key(text: &str) -> Key {
    keyset(text).keys.remove(0)
}

/// The fixed keys, parsed once (not once per case).
static SECRET_SET: LazyLock<KeySet> = LazyLock::new(|| keyset(SECRET));
static EC_PUBLIC_SET: LazyLock<KeySet> = LazyLock::new(|| keyset(EC_PUBLIC));
static SECRET_KEY: LazyLock<Key> = LazyLock::new(|| key(SECRET));
static EC_PRIVATE_KEY: LazyLock<Key> = LazyLock::new(|| key(EC_PRIVATE));
static ED_PRIVATE_KEY: LazyLock<Key> = LazyLock::new(|| key(ED_PRIVATE));

/// A private key and its public half (tests/vectors/keys) for each algorithm.
struct Pair {
    private: Key,
    public: KeySet,
}

static PAIRS: LazyLock<Vec<(Algorithm, Pair)>> = LazyLock::new(|| {
    let pem = |name: &str| {
        let path = format!("{}/tests/vectors/keys/{name}", env!("CARGO_MANIFEST_DIR"));
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
    };
    let pair = |private: &str, public: &str| Pair {
        private: key(&pem(private)),
        public: keyset(&pem(public)),
    };
    Algorithm::all()
        .map(|alg| {
            let p = match (alg.family(), alg.name()) {
                // 64 bytes: no short-secret warning even for HS512.
                (Family::Hmac, _) => Pair {
                    private: key(&SECRET.repeat(2)),
                    public: keyset(&SECRET.repeat(2)),
                },
                (Family::RsaPkcs1 | Family::RsaPss, _) => {
                    pair("rsa2048.pkcs8.pem", "rsa2048.spki.pem")
                }
                (_, "ES256") => pair("p256.pkcs8.pem", "p256.spki.pem"),
                (_, "ES384") => pair("p384.pkcs8.pem", "p384.spki.pem"),
                (_, "ES512") => pair("p521.pkcs8.pem", "p521.spki.pem"),
                (_, "ES256K") => pair("secp256k1.pkcs8.pem", "secp256k1.spki.pem"),
                _ => pair("ed25519.pkcs8.pem", "ed25519.spki.pem"),
            };
            (alg, p)
        })
        .collect()
});

fn pair_for(alg: Algorithm) -> &'static Pair {
    match PAIRS.iter().find(|(a, _)| *a == alg) {
        Some((_, p)) => p,
        None => panic!("no key pair for {alg}"),
    }
}

fn pinned(alg: Algorithm) -> VerifyOptions {
    VerifyOptions {
        alg: Some(alg),
        claims: ClaimsOptions {
            now: 1_700_000_000,
            ..ClaimsOptions::default()
        },
    }
}

/// Decode, then verify with no key, the HMAC key and the EC key: nothing may panic,
/// and nothing may come out valid.
fn decode_and_verify(input: &str) {
    let d = decode_unverified(input);
    assert_problems_unless_well_formed(input, &d);
    for (keys, alg) in [
        (None, None),
        (Some(&*SECRET_SET), Some(Algorithm::HS256)),
        (Some(&*EC_PUBLIC_SET), Some(Algorithm::ES256)),
    ] {
        let opts = alg.map(pinned).unwrap_or_default();
        let v = verify(&d, keys, &opts);
        assert_ne!(
            v.signature,
            SignatureVerdict::Valid,
            "garbage verified: {input:?} with {alg:?}"
        );
        assert!(!v.is_valid());
        // Why not: the explainer stays within its budget and never claims a garbage
        // token verifies with anything but a forgery it recognised.
        let x = jwtscope::jose::explain(&d, "k", SecretEncoding::Utf8, keys, &v);
        assert!(x.attempts <= jwtscope::jose::diagnose::MAX_ATTEMPTS);
    }
    // The review reads any decoded token.
    let review = jwtscope::jose::diagnose::audit(&d, None, &Default::default());
    assert!(review.iter().all(|f| f.code.code().starts_with("AUDIT_")));
}

/// Parse with every encoding: nothing may panic; success means at least one key.
fn parse_all(text: &str) {
    for enc in ENCODINGS {
        if let Ok(set) = parse_key(text, enc) {
            assert!(
                !set.keys.is_empty(),
                "parse_key succeeded with no key: {text:?} ({enc:?})"
            );
            for k in &set.keys {
                let _ = k.describe();
                let _ = k.usable_algorithms();
            }
        }
    }
}

/// Text made of the base64url alphabet and dots (and a few near misses).
fn tokenish() -> impl Strategy<Value = String> {
    "[A-Za-z0-9_\\-.=+/ ]{0,300}"
}

/// Three base64url segments of random bytes; the header sometimes a real one.
fn segments() -> impl Strategy<Value = String> {
    (
        prop_oneof![
            Just(b64::encode(br#"{"alg":"HS256"}"#)),
            Just(b64::encode(br#"{"alg":"ES256","kid":"x"}"#)),
            Just(b64::encode(br#"{"alg":"none"}"#)),
            Just(b64::encode(
                br#"{"alg":"HS256","b64":false,"crit":["b64"]}"#
            )),
            prop::collection::vec(any::<u8>(), 0..64).prop_map(|b| b64::encode(&b)),
        ],
        prop::collection::vec(any::<u8>(), 0..128),
        prop::collection::vec(any::<u8>(), 0..140),
        0usize..3,
    )
        // 0, 1 or 2 extra segments: a JWS, four segments, and the JWE shape.
        .prop_map(|(h, p, s, extra)| {
            format!(
                "{h}.{}.{}{}",
                b64::encode(&p),
                b64::encode(&s),
                ".e30".repeat(extra)
            )
        })
}

/// Key-shaped text: PEM armour around random DER, and JWKs with random members.
fn keyish() -> impl Strategy<Value = String> {
    let bytes = || prop::collection::vec(any::<u8>(), 0..300);
    prop_oneof![
        (
            prop_oneof![
                Just("PUBLIC KEY"),
                Just("RSA PUBLIC KEY"),
                Just("PRIVATE KEY"),
                Just("RSA PRIVATE KEY"),
                Just("EC PRIVATE KEY"),
                Just("CERTIFICATE"),
                Just("OPENSSH PRIVATE KEY"),
            ],
            bytes()
        )
            .prop_map(|(label, der)| format!(
                "-----BEGIN {label}-----\n{}\n-----END {label}-----\n",
                b64::encode_standard(&der)
            )),
        (bytes(), bytes()).prop_map(|(n, e)| format!(
            r#"{{"kty":"RSA","n":"{}","e":"{}"}}"#,
            b64::encode(&n),
            b64::encode(&e)
        )),
        (
            prop_oneof![
                Just("P-256"),
                Just("P-384"),
                Just("P-521"),
                Just("secp256k1"),
                Just("X")
            ],
            bytes(),
            bytes()
        )
            .prop_map(|(crv, x, y)| format!(
                r#"{{"kty":"EC","crv":"{crv}","x":"{}","y":"{}"}}"#,
                b64::encode(&x),
                b64::encode(&y)
            )),
        (bytes(), bytes()).prop_map(|(x, d)| format!(
            r#"{{"kty":"OKP","crv":"Ed25519","x":"{}","d":"{}"}}"#,
            b64::encode(&x),
            b64::encode(&d)
        )),
        bytes().prop_map(|k| format!(
            r#"{{"keys":[{{"kty":"oct","k":"{}"}},{}]}}"#,
            b64::encode(&k),
            EC_PUBLIC
        )),
        // An array of JWKs (not a JWK Set), bare base64 DER, an OpenSSH public-key line.
        bytes().prop_map(|k| format!(r#"[{EC_PUBLIC},{{"kty":"oct","k":"{}"}}]"#, b64::encode(&k))),
        bytes().prop_map(|der| format!("MI{}", b64::encode_standard(&der))),
        (
            prop_oneof![
                Just("ssh-rsa"),
                Just("ssh-ed25519"),
                Just("ecdsa-sha2-nistp256")
            ],
            bytes()
        )
            .prop_map(|(kind, blob)| format!(
                "{kind} AAAA{} user@host",
                b64::encode_standard(&blob)
            )),
        "\\{[\"a-z:,\\[\\]{}0-9 ]{0,80}",
    ]
}

/// Any JSON value a user might put in a header or payload: scalars (finite floats,
/// any text), and arrays and objects two levels deep.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        ".{0,16}".prop_map(Value::from),
    ];
    leaf.prop_recursive(2, 16, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map("[a-z]{1,4}", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Extra members under names that are neither `alg` nor an extension the oracle
/// below has to know about.
fn extra_members() -> impl Strategy<Value = Vec<(String, Value)>> {
    prop::collection::vec(("[a-z][a-z0-9_]{0,7}", json_value()), 0..4).prop_map(|members| {
        members
            .into_iter()
            .filter(|(name, _)| !matches!(name.as_str(), "alg" | "b64" | "crit"))
            .collect()
    })
}

/// What the header says about `alg`.
#[derive(Debug, Clone)]
enum AlgMember {
    /// The chosen algorithm's name.
    Same,
    /// No `alg`: sign adds it, first.
    Absent,
    /// Another real algorithm (perhaps the same one, by chance).
    Other(Algorithm),
    /// `"none"`: refused.
    None,
}

/// A header as a user writes it for `alg`, and how sign must answer it.
#[derive(Debug, Clone)]
struct HeaderCase {
    /// The JSON text (compact or pretty).
    text: String,
    /// What `alg` member it has.
    alg: AlgMember,
    /// `Some(b)`: `"b64": b` with `"crit": ["b64"]` (RFC 7797).
    b64: Option<bool>,
    /// The members as written, in order.
    members: Map<String, Value>,
}

fn header_case(alg: Algorithm) -> impl Strategy<Value = HeaderCase> {
    let algs: Vec<Algorithm> = Algorithm::all().collect();
    (
        prop_oneof![
            8 => Just(AlgMember::Same),
            3 => Just(AlgMember::Absent),
            1 => prop::sample::select(algs).prop_map(AlgMember::Other),
            1 => Just(AlgMember::None),
        ],
        prop::option::of(prop_oneof![Just("JWT"), Just("at+jwt"), Just("JOSE")]),
        prop::option::of("[A-Za-z0-9_-]{0,16}"),
        prop_oneof![8 => Just(None), 1 => Just(Some(false)), 1 => Just(Some(true))],
        extra_members(),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(
            move |(alg_member, typ, kid, b64, extra, alg_last, pretty)| {
                let mut members = Map::new();
                let alg_value = match &alg_member {
                    AlgMember::Same => Some(alg.name().to_string()),
                    AlgMember::Other(other) => Some(other.name().to_string()),
                    AlgMember::None => Some("none".to_string()),
                    AlgMember::Absent => None,
                };
                if let (Some(a), false) = (&alg_value, alg_last) {
                    members.insert("alg".into(), Value::from(a.as_str()));
                }
                if let Some(t) = typ {
                    members.insert("typ".into(), Value::from(t));
                }
                if let Some(k) = kid {
                    members.insert("kid".into(), Value::from(k));
                }
                if let Some(b) = b64 {
                    members.insert("b64".into(), Value::from(b));
                    members.insert("crit".into(), serde_json::json!(["b64"]));
                }
                for (name, value) in extra {
                    members.insert(name, value);
                }
                if let (Some(a), true) = (&alg_value, alg_last) {
                    members.insert("alg".into(), Value::from(a.as_str()));
                }
                let value = Value::Object(members.clone());
                let text = if pretty {
                    serde_json::to_string_pretty(&value)
                } else {
                    serde_json::to_string(&value)
                }
                .unwrap_or_default();
                HeaderCase {
                    text,
                    alg: alg_member,
                    b64,
                    members,
                }
            },
        )
}

/// A claims set: the registered claims (times in a realistic range) and extras.
fn payload_members() -> impl Strategy<Value = Map<String, Value>> {
    let time = prop_oneof![
        (0i64..4_102_444_800).prop_map(Value::from),
        (0.0f64..4.1e9).prop_map(Value::from),
    ];
    (
        prop::option::of("[a-z:/.]{1,24}"),
        prop::option::of(".{0,16}"),
        prop::option::of(prop_oneof![
            "[a-z-]{1,12}".prop_map(Value::from),
            prop::collection::vec("[a-z-]{1,12}", 0..3)
                .prop_map(|v| Value::Array(v.into_iter().map(Value::from).collect())),
        ]),
        prop::option::of(time.clone()),
        prop::option::of(time.clone()),
        prop::option::of(time),
        extra_members(),
    )
        .prop_map(|(iss, sub, aud, exp, nbf, iat, extra)| {
            let mut m = Map::new();
            for (name, value) in [
                ("iss", iss.map(Value::from)),
                ("sub", sub.map(Value::from)),
                ("aud", aud),
                ("exp", exp),
                ("nbf", nbf),
                ("iat", iat),
            ] {
                if let Some(v) = value {
                    m.insert(name.into(), v);
                }
            }
            for (name, value) in extra {
                m.entry(name).or_insert(value);
            }
            m
        })
}

/// An algorithm, a header for it, and a payload.
fn signing_case() -> impl Strategy<Value = (Algorithm, HeaderCase, Map<String, Value>)> {
    prop::sample::select(Algorithm::all().collect::<Vec<_>>())
        .prop_flat_map(|alg| (Just(alg), header_case(alg), payload_members()))
}

/// Whether `sign` must accept this header for `alg`.
fn must_sign(alg: Algorithm, h: &HeaderCase) -> bool {
    let alg_agrees = match &h.alg {
        AlgMember::Same | AlgMember::Absent => true,
        AlgMember::Other(other) => *other == alg,
        AlgMember::None => false,
    };
    alg_agrees && h.b64 != Some(false)
}

/// `value` written compactly after a trip through serde_json's reader, as sign
/// re-serialises what it read. Not always the text written: without serde_json's
/// `float_roundtrip` feature a float can come back one ULP off
/// (`-6.08238673312209e206` is signed as `-6.0823867331220905e206`; the seed is in
/// robustness.proptest-regressions).
fn reread(value: &Value) -> String {
    let text = serde_json::to_string(value).unwrap_or_default();
    match serde_json::from_str::<Value>(&text) {
        Ok(v) => serde_json::to_string(&v).unwrap_or(text),
        Err(_) => text,
    }
}

/// Sign one case and check everything the oracle knows.
fn sign_and_check(
    alg: Algorithm,
    h: &HeaderCase,
    payload: &Map<String, Value>,
) -> Result<(), TestCaseError> {
    let pair = pair_for(alg);
    let payload_text = serde_json::to_string(payload).unwrap_or_default();
    let result = sign(&h.text, &payload_text, alg, &pair.private);
    let signed = match (result, must_sign(alg, h)) {
        (Ok(signed), true) => signed,
        (Err(e), false) => {
            let expected = match h.alg {
                AlgMember::None => ErrorKind::AlgNone,
                AlgMember::Other(other) if other != alg => ErrorKind::AlgMismatch,
                _ => ErrorKind::UnencodedPayload,
            };
            prop_assert_eq!(e.kind(), expected, "{}: {}", alg, h.text);
            return Ok(());
        }
        (Ok(signed), false) => {
            return Err(TestCaseError::fail(format!(
                "{alg}: signed a header it must refuse: {}\n→ {}",
                h.text, signed.token
            )))
        }
        (Err(e), true) => {
            return Err(TestCaseError::fail(format!(
                "{alg}: refused a header it must sign: {}\n→ {e:?}",
                h.text
            )))
        }
    };
    let d = decode_unverified(&signed.token);
    prop_assert!(
        d.problems.iter().all(|p| p.severity < Severity::Error),
        "{}: {:?}",
        signed.token,
        d.problems
    );
    // Members kept in order, `alg` first when sign added it; the payload as given.
    let mut expected = Map::new();
    if matches!(h.alg, AlgMember::Absent) {
        expected.insert("alg".into(), Value::from(alg.name()));
    }
    expected.extend(h.members.clone());
    let expected_text = reread(&Value::Object(expected));
    prop_assert_eq!(
        d.header.as_ref().map(|p| p.text.as_str()),
        Some(expected_text.as_str())
    );
    let payload_reread = reread(&Value::Object(payload.clone()));
    prop_assert_eq!(
        d.payload.as_ref().map(|p| p.text.as_str()),
        Some(payload_reread.as_str())
    );
    let v = verify(&d, Some(&pair.public), &pinned(alg));
    prop_assert_eq!(
        &v.signature,
        &SignatureVerdict::Valid,
        "{} {} {} → {}",
        alg,
        h.text,
        payload_text,
        signed.token
    );
    Ok(())
}

proptest! {
    // ProptestConfig::default() reads PROPTEST_CASES (256 when unset); a hard-coded
    // `with_cases` would ignore it.
    #![proptest_config(ProptestConfig::default())]

    #[test]
    fn arbitrary_strings_decode_and_never_verify(s in any::<String>()) {
        decode_and_verify(&s);
    }

    #[test]
    fn arbitrary_bytes_decode_and_never_verify(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        decode_and_verify(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn base64url_and_dots_decode_and_never_verify(s in tokenish()) {
        decode_and_verify(&s);
    }

    #[test]
    fn random_segments_decode_and_never_verify(s in segments()) {
        decode_and_verify(&s);
    }

    #[test]
    fn arbitrary_key_text_parses_without_panic(s in any::<String>()) {
        parse_all(&s);
    }

    #[test]
    fn arbitrary_key_bytes_parse_without_panic(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        parse_all(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn key_shaped_text_parses_without_panic(s in keyish()) {
        parse_all(&s);
    }

    #[test]
    fn sign_arbitrary_text_without_panic(header in any::<String>(), payload in any::<String>()) {
        for (k, alg) in [(&*SECRET_KEY, Algorithm::HS256), (&*EC_PRIVATE_KEY, Algorithm::ES256), (&*ED_PRIVATE_KEY, Algorithm::EdDSA)] {
            let result = sign(&header, &payload, alg, k);
            if let Err(e) = &result {
                check_sign_error(e)?;
            }
        }
    }

    /// JSON objects with messy members reach the signer: what signs verifies with
    /// the same key pair, what is refused says why (a stable code) and where.
    #[test]
    fn sign_json_objects_verifies_or_says_why_and_where((alg, header, payload) in messy_signing_case()) {
        sign_messy(alg, &header, &payload)?;
    }

    #[test]
    fn structured_headers_sign_exactly_when_they_agree_and_verify((alg, header, payload) in signing_case()) {
        sign_and_check(alg, &header, &payload)?;
    }
}

/// A refused signing has a stable code and says which input it is about.
fn check_sign_error(e: &jwtscope::jose::Error) -> Result<(), TestCaseError> {
    prop_assert!(ErrorKind::ALL.contains(&e.kind()), "{e:?}");
    prop_assert!(e.code().starts_with("ERR_"), "{e:?}");
    prop_assert!(e.location().is_some(), "no location: {e:?}");
    Ok(())
}

/// One member as JSON text, perhaps written twice (a duplicate member).
type Written = Vec<(String, Value)>;

/// An object as JSON text from members in the order given (duplicates kept).
fn object_text(members: &Written) -> String {
    let body: Vec<String> = members
        .iter()
        .map(|(name, value)| {
            format!(
                "{}:{}",
                Value::from(name.as_str()),
                serde_json::to_string(value).unwrap_or_default()
            )
        })
        .collect();
    format!("{{{}}}", body.join(","))
}

/// A messy header for `alg` as JSON object text: `alg` the same, absent, another,
/// `none` in any case, unknown or not a string; `kid` and `typ` of any JSON type;
/// `b64` and `crit` well or badly formed; extra members; shuffled; sometimes a
/// member twice.
fn messy_header(alg: Algorithm) -> impl Strategy<Value = (Written, bool)> {
    let algs: Vec<Value> = Algorithm::all().map(|a| Value::from(a.name())).collect();
    let alg_member = prop_oneof![
        6 => Just(Some(Value::from(alg.name()))),
        3 => Just(None),
        2 => prop::sample::select(algs).prop_map(Some),
        1 => prop::sample::select(vec!["none", "None", "NONE", "HS999", "", "hs256"])
            .prop_map(|s| Some(Value::from(s))),
        1 => json_value().prop_map(Some),
    ];
    let crit = prop_oneof![
        6 => Just(None),
        2 => Just(Some(serde_json::json!(["b64"]))),
        1 => Just(Some(serde_json::json!([]))),
        1 => Just(Some(serde_json::json!(["exp"]))),
        1 => Just(Some(serde_json::json!("b64"))),
        1 => Just(Some(serde_json::json!(["b64", "b64"]))),
        1 => json_value().prop_map(Some),
    ];
    let b64 = prop_oneof![
        6 => Just(None),
        2 => any::<bool>().prop_map(|b| Some(Value::from(b))),
        1 => json_value().prop_map(Some),
    ];
    let string_or_any = || {
        prop::option::of(prop_oneof![
            4 => "[A-Za-z0-9_+-]{0,16}".prop_map(Value::from),
            1 => json_value(),
        ])
    };
    (
        alg_member,
        string_or_any(),
        string_or_any(),
        b64,
        crit,
        extra_members(),
        prop::bool::weighted(0.1),
    )
        .prop_flat_map(|(alg, kid, typ, b64, crit, extra, duplicate)| {
            let mut members: Written = Vec::new();
            for (name, value) in [
                ("alg", alg),
                ("kid", kid),
                ("typ", typ),
                ("b64", b64),
                ("crit", crit),
            ] {
                if let Some(v) = value {
                    members.push((name.to_string(), v));
                }
            }
            for (name, value) in extra {
                if !members.iter().any(|(n, _)| *n == name) {
                    members.push((name, value));
                }
            }
            (Just(members).prop_shuffle(), Just(duplicate))
        })
        .prop_map(|(mut members, duplicate)| {
            let twice = duplicate && !members.is_empty();
            if twice {
                members.push(members[0].clone());
            }
            (members, twice)
        })
}

/// An algorithm, a messy header and a payload: a claims object (sometimes with a
/// member twice), or now and then JSON that is not an object.
#[allow(clippy::type_complexity)]
fn messy_signing_case() -> impl Strategy<Value = (Algorithm, (Written, bool), (String, bool))> {
    let payload = prop_oneof![
        10 => (payload_members(), prop::bool::weighted(0.05)).prop_map(|(m, twice)| {
            let mut members: Written = m.into_iter().collect();
            let twice = twice && !members.is_empty();
            if twice {
                members.push(members[0].clone());
            }
            (object_text(&members), twice)
        }),
        1 => json_value()
            .prop_filter("not an object", |v| !v.is_object())
            .prop_map(|v| (serde_json::to_string(&v).unwrap_or_default(), false)),
    ];
    prop::sample::select(Algorithm::all().collect::<Vec<_>>())
        .prop_flat_map(move |alg| (Just(alg), messy_header(alg), payload.clone()))
}

/// Whether `sign` got past reading the two JSON objects.
fn reached_signing(result: &Result<jwtscope::jose::sign::Signed, jwtscope::jose::Error>) -> bool {
    match result {
        Ok(_) => true,
        Err(e) => !matches!(
            e.kind(),
            ErrorKind::JsonSyntax | ErrorKind::JsonNotObject | ErrorKind::JsonDuplicateMember
        ),
    }
}

/// Signs one messy case: a token verifies with the pair's public half (the
/// algorithm pinned); a refusal has a code and a location, the header's own
/// faults located at the header and the payload's at the payload.
fn sign_messy(
    alg: Algorithm,
    (header, header_twice): &(Written, bool),
    (payload, payload_twice): &(String, bool),
) -> Result<(), TestCaseError> {
    let pair = pair_for(alg);
    let header_text = object_text(header);
    match sign(&header_text, payload, alg, &pair.private) {
        Ok(signed) => {
            prop_assert!(!header_twice && !payload_twice, "signed a duplicate member");
            let d = decode_unverified(&signed.token);
            let v = verify(&d, Some(&pair.public), &pinned(alg));
            prop_assert_eq!(
                &v.signature,
                &SignatureVerdict::Valid,
                "{} {} {} → {}",
                alg,
                header_text,
                payload,
                signed.token
            );
        }
        Err(e) => {
            check_sign_error(&e)?;
            if *header_twice {
                prop_assert_eq!(e.kind(), ErrorKind::JsonDuplicateMember, "{}", header_text);
                prop_assert_eq!(e.location(), Some(Location::Header));
            }
            if matches!(
                e.kind(),
                ErrorKind::JsonDuplicateMember | ErrorKind::JsonNotObject
            ) && e.location() == Some(Location::Payload)
            {
                prop_assert!(!header_twice);
            }
        }
    }
    Ok(())
}

/// `sign` applies verify's `crit` rule: it never makes a token verification refuses.
#[test]
fn sign_refuses_what_verify_refuses_for_crit() {
    let pair = pair_for(Algorithm::HS256);
    for header in [
        r#"{"alg":"HS256","crit":11573342678}"#,
        r#"{"alg":"HS256","crit":[]}"#,
        r#"{"alg":"HS256","crit":["exp"]}"#,
        r#"{"alg":"HS256","b64":true}"#,
    ] {
        match sign(header, "{}", Algorithm::HS256, &pair.private) {
            Err(e) => {
                assert_eq!(e.kind(), ErrorKind::Crit, "{header}");
                assert_eq!(e.location(), Some(Location::Header), "{header}");
            }
            Ok(signed) => {
                let d = decode_unverified(&signed.token);
                let v = verify(&d, Some(&pair.public), &pinned(Algorithm::HS256));
                panic!("{header} signed, and verify says {:?}", v.signature);
            }
        }
    }
}

/// The messy cases reach the signer: most get past reading the JSON (only the
/// duplicates and the non-object payloads stop there), and many sign.
#[test]
fn messy_cases_reach_the_signer() {
    let mut runner = TestRunner::deterministic();
    let strategy = messy_signing_case();
    let (mut reached, mut signed, total) = (0, 0, 300);
    for _ in 0..total {
        let (alg, (header, _), (payload, _)) = match strategy.new_tree(&mut runner) {
            Ok(tree) => tree.current(),
            Err(e) => panic!("strategy: {e}"),
        };
        let result = sign(&object_text(&header), &payload, alg, &pair_for(alg).private);
        reached += usize::from(reached_signing(&result));
        signed += usize::from(result.is_ok());
    }
    assert!(
        reached * 100 >= total * 75,
        "only {reached} of {total} messy cases got past the JSON"
    );
    // Many messy headers carry a `crit` or `b64` that verify (and so sign) refuses.
    assert!(
        signed * 100 >= total * 15,
        "only {signed} of {total} messy cases signed"
    );
}

/// The structured headers reach the signing code: most of them must sign (an
/// `alg` that agrees or is absent, no `b64: false`), so the property above checks
/// real signatures rather than JSON errors.
#[test]
fn structured_headers_mostly_sign() {
    let mut runner = TestRunner::deterministic();
    let strategy = signing_case();
    let (mut signed, total) = (0, 200);
    for _ in 0..total {
        let (alg, h, payload) = match strategy.new_tree(&mut runner) {
            Ok(tree) => tree.current(),
            Err(e) => panic!("strategy: {e}"),
        };
        let payload = serde_json::to_string(&payload).unwrap_or_default();
        if sign(&h.text, &payload, alg, &pair_for(alg).private).is_ok() {
            signed += 1;
        }
    }
    assert!(
        signed * 100 >= total * 60,
        "only {signed} of {total} structured headers signed"
    );
}

/// A 1 MiB token is refused as too large (after a quick look at its header), and
/// nothing downstream treats it as verifiable.
#[test]
fn one_mebibyte_token_is_refused_as_too_large() {
    let header = b64::encode(br#"{"alg":"HS256","typ":"JWT"}"#);
    let token = format!("{header}.{}.{}", "A".repeat(1 << 20), "B".repeat(43));
    assert!(token.len() > MAX_TOKEN_BYTES);
    let d = decode_unverified(&token);
    assert!(
        d.problems
            .iter()
            .any(|p| p.kind == ErrorKind::TooLarge && p.code() == "ERR_JWT_TOO_LARGE"),
        "{:?}",
        d.problems.iter().map(|p| p.code()).collect::<Vec<_>>()
    );
    assert!(
        d.payload.is_none(),
        "a too-large payload must not be decoded"
    );
    let v = verify(&d, Some(&*SECRET_SET), &pinned(Algorithm::HS256));
    assert_ne!(v.signature, SignatureVerdict::Valid);
    // A mebibyte of garbage, and a mebibyte of dots, are refused the same way.
    for big in ["x".repeat(1 << 20), ".".repeat(1 << 20)] {
        let d = decode_unverified(&big);
        assert!(
            d.problems.iter().any(|p| p.kind == ErrorKind::TooLarge),
            "{}",
            &big[..8]
        );
    }
    // The key parser has its own bound.
    let e = parse_key(&"k".repeat((1 << 20) + 1), SecretEncoding::Utf8).err();
    assert_eq!(e.map(|e| e.kind()), Some(ErrorKind::KeyFormat));
}

// The engine's base64 codec against the `base64` crate it replaced: the same text for
// any bytes, and the same verdict and bytes for any text of the alphabet's digits.
proptest! {
    #[test]
    fn b64_agrees_with_the_base64_crate(bytes in proptest::collection::vec(any::<u8>(), 0..200), digits in "[A-Za-z0-9_-]{0,64}", std in "[A-Za-z0-9+/]{0,64}={0,3}") {
        use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
        use base64::Engine as _;
        use jwtscope::jose::b64;
        prop_assert_eq!(b64::encode(&bytes), URL_SAFE_NO_PAD.encode(&bytes));
        prop_assert_eq!(b64::encode_standard(&bytes), STANDARD.encode(&bytes));
        prop_assert_eq!(b64::decode_strict(&b64::encode(&bytes)).ok(), Some(bytes.clone()));
        prop_assert_eq!(b64::decode_standard_strict(&STANDARD.encode(&bytes)).ok(), Some(bytes));
        // Canonical base64url (no padding, no stray bits): the crate's strict reading.
        prop_assert_eq!(b64::decode_strict(&digits).ok(), URL_SAFE_NO_PAD.decode(&digits).ok());
        // Canonical padded standard base64 (a PEM body): the crate's canonical reading.
        prop_assert_eq!(b64::decode_standard_strict(&std).ok(), STANDARD.decode(&std).ok());
    }
}
