//! Native benchmarks of the engine: the operations `bench/bench.js` times in wasm
//! and WebCrypto, on the same inputs (`bench/fixtures/inputs.json`), so that
//! `docs/BENCHMARKS.md` can show wasm ÷ native.
//!
//! A std-only harness (no criterion, to keep compile times down): each operation is
//! calibrated to a round of about 50 ms, warmed up, then timed over several rounds
//! with [`Instant`]; the median round gives ops/s.
//!
//! The `caps` section times the worst inputs the engine accepts (or refuses) at each
//! of its size caps (`tests/caps.rs` pins their behaviour): each is run a few times
//! and reported in milliseconds against the 50 ms budget; any case over the budget
//! is flagged with `OVER BUDGET`.
//!
//! ```text
//! cargo bench --bench engine                      # a table on stdout
//! cargo bench --bench engine -- caps              # the worst cases at the size caps
//! cargo bench --bench engine -- --json out.json   # and the raw results as JSON
//! cargo bench --bench engine -- --quick RS256     # fewer rounds, names containing RS256
//! ```

use std::hint::black_box;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use jwtscope::app::{view_model, Msg, State};
use jwtscope::jose::alg::{Algorithm, Curve};
use jwtscope::jose::b64;
use jwtscope::jose::claims::{check_token_claims, ClaimsOptions};
use jwtscope::jose::decode::{decode_unverified, MAX_SEGMENTS, MAX_TOKEN_BYTES};
use jwtscope::jose::diagnose::{audit, AuditOptions};
use jwtscope::jose::json::MAX_JSON_DEPTH;
use jwtscope::jose::key::{
    generate_keypair, parse_key, private_jwk, public_jwk, Key, KeyPairSpec, Secret, SecretEncoding,
    MAX_JWKS_KEYS, MAX_JWKS_PRIVATE_KEYS, MAX_KEY_OPS, MAX_KEY_TEXT,
};
use jwtscope::jose::sign::{sign, sign_bytes};
use jwtscope::jose::verify::{verify, verify_bytes, verify_with_key, VerifyOptions};
use serde_json::{json, Value};

type BoxError = Box<dyn std::error::Error>;

struct Options {
    json: Option<String>,
    quick: bool,
    filters: Vec<String>,
}

fn options() -> Result<Options, BoxError> {
    let mut out = Options {
        json: None,
        quick: false,
        filters: Vec::new(),
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--json" => out.json = Some(args.next().ok_or("--json needs a path")?),
            "--quick" => out.quick = true,
            // Passed by `cargo bench`.
            "--bench" => {}
            a if a.starts_with("--") => return Err(format!("unknown option {a}").into()),
            a => out.filters.push(a.to_string()),
        }
    }
    Ok(out)
}

/// One measured operation.
struct Measured {
    name: String,
    ops_per_sec: f64,
    per_round: u64,
    rounds: Vec<f64>,
}

struct Bench {
    opts: Options,
    results: Vec<Measured>,
}

impl Bench {
    fn wanted(&self, name: &str) -> bool {
        self.opts.filters.is_empty() || self.opts.filters.iter().any(|f| name.contains(f))
    }

    /// Times `op(n)` (which performs the operation `n` times). Rounds last about
    /// `round` each; `min_rounds` rounds are timed after two warm-up rounds.
    fn run(&mut self, name: &str, min_rounds: usize, mut op: impl FnMut(u64)) {
        if !self.wanted(name) {
            return;
        }
        let round = Duration::from_millis(if self.opts.quick { 20 } else { 50 });
        let rounds = if self.opts.quick {
            min_rounds.div_ceil(2).max(3)
        } else {
            min_rounds
        };
        // Calibrate: double n until a round takes at least `round` (counts as warm-up).
        let mut n = 1u64;
        loop {
            let t = Instant::now();
            op(n);
            if t.elapsed() >= round || n >= 1 << 24 {
                break;
            }
            n *= 2;
        }
        op(n);
        let mut samples: Vec<f64> = (0..rounds)
            .map(|_| {
                let t = Instant::now();
                op(n);
                n as f64 / t.elapsed().as_secs_f64()
            })
            .collect();
        let rounds_seen = samples.clone();
        samples.sort_by(f64::total_cmp);
        let median = samples[samples.len() / 2];
        println!(
            "{name:<40} {:>12} ops/s  ({n} per round, {rounds} rounds)",
            fmt(median)
        );
        self.results.push(Measured {
            name: name.to_string(),
            ops_per_sec: median,
            per_round: n,
            rounds: rounds_seen,
        });
    }
}

/// The time budget of one worst-case input at the caps.
const BUDGET: Duration = Duration::from_millis(50);

impl Bench {
    /// Times one run of `op` (a worst case at a cap): a warm-up, then `runs` runs;
    /// reports the fastest (the least disturbed by other processes on a shared
    /// machine), the median and the slowest, and flags the slowest against [`BUDGET`].
    fn worst(&mut self, name: &str, mut op: impl FnMut()) {
        let name = format!("caps: {name}");
        if !self.wanted(&name) {
            return;
        }
        op();
        let runs = if self.opts.quick { 3 } else { 7 };
        let mut times: Vec<f64> = (0..runs)
            .map(|_| {
                let t = Instant::now();
                op();
                t.elapsed().as_secs_f64()
            })
            .collect();
        let rounds: Vec<f64> = times.iter().map(|t| 1.0 / t).collect();
        times.sort_by(f64::total_cmp);
        let (min, median, max) = (times[0], times[times.len() / 2], times[times.len() - 1]);
        let flag = if Duration::from_secs_f64(max) > BUDGET {
            "  OVER BUDGET"
        } else {
            ""
        };
        println!(
            "{name:<78} {:>8.3} ms min, {:>8.3} ms median, {:>8.3} ms max{flag}",
            min * 1e3,
            median * 1e3,
            max * 1e3
        );
        self.results.push(Measured {
            name,
            ops_per_sec: 1.0 / median,
            per_round: 1,
            rounds,
        });
    }
}

fn fmt(x: f64) -> String {
    if x >= 100.0 {
        format!("{x:.0}")
    } else {
        format!("{x:.2}")
    }
}

fn load_key(text: &str) -> Result<Key, BoxError> {
    let set = parse_key(text, SecretEncoding::Utf8)?;
    Ok(set.keys.into_iter().next().ok_or("no key")?)
}

fn str_at<'a>(v: &'a Value, path: &[&str]) -> Result<&'a str, BoxError> {
    let mut at = v;
    for p in path {
        at = at
            .get(p)
            .ok_or_else(|| format!("inputs.json: no {}", path.join(".")))?;
    }
    Ok(at.as_str().ok_or("inputs.json: not a string")?)
}

/// The private and public key of an algorithm, as the fixtures give them.
fn key_texts<'a>(inputs: &'a Value, alg: &str) -> Result<(&'a str, &'a str), BoxError> {
    let name = match alg {
        "HS256" | "HS384" | "HS512" => {
            let s = str_at(inputs, &["secrets", alg])?;
            return Ok((s, s));
        }
        "RS256" | "PS256" => "rsa2048",
        "ES256" => "p256",
        "ES384" => "p384",
        "ES512" => "p521",
        "EdDSA" => "ed25519",
        _ => return Err(format!("no key for {alg}").into()),
    };
    Ok((
        str_at(inputs, &["keys", name, "private_pem"])?,
        str_at(inputs, &["keys", name, "public_pem"])?,
    ))
}

/// `header.payload` and the signature bytes of a fixture token.
fn split(token: &str) -> Result<(&str, Vec<u8>), BoxError> {
    let (input, sig) = token.rsplit_once('.').ok_or("token without signature")?;
    Ok((
        input,
        jwtscope::jose::b64::decode_strict(sig).map_err(|e| format!("{e:?}"))?,
    ))
}

fn crypto_ops(b: &mut Bench, inputs: &Value) -> Result<(), BoxError> {
    let cases = [
        ("HS256", "1k"),
        ("HS384", "1k"),
        ("HS512", "1k"),
        ("HS256", "8k"),
        ("RS256", "1k"),
        ("PS256", "1k"),
        ("ES256", "1k"),
        ("ES384", "1k"),
        ("ES512", "1k"),
        ("EdDSA", "1k"),
    ];
    for (name, size) in cases {
        let suffix = if size == "1k" { "" } else { " (8 KB input)" };
        if !b.wanted(&format!("{name} sign{suffix}"))
            && !b.wanted(&format!("{name} verify{suffix}"))
        {
            continue;
        }
        let alg = Algorithm::parse(name)?;
        let token = str_at(inputs, &["tokens", size, name])?;
        let (input, fixture_sig) = split(token)?;
        let input = input.as_bytes();
        let (private, public) = key_texts(inputs, name)?;
        let (private, public) = (load_key(private)?, load_key(public)?);
        // Cross-checks before timing: the OpenSSL-made signature verifies, and ours
        // verifies with the public key.
        verify_bytes(alg, &public, input, &fixture_sig)
            .map_err(|e| format!("{name}: the fixture signature does not verify: {e}"))?;
        let ours = sign_bytes(alg, &private, input)?;
        verify_bytes(alg, &public, input, &ours)
            .map_err(|e| format!("{name}: our signature does not verify: {e}"))?;
        let rounds = if alg.family() == jwtscope::jose::alg::Family::Hmac {
            7
        } else {
            9
        };
        b.run(&format!("{name} sign{suffix}"), rounds, |n| {
            for _ in 0..n {
                black_box(sign_bytes(alg, &private, black_box(input)).ok());
            }
        });
        b.run(&format!("{name} verify{suffix}"), rounds, |n| {
            for _ in 0..n {
                black_box(verify_bytes(alg, &public, black_box(input), &ours).is_ok());
            }
        });
    }
    Ok(())
}

fn keygen_ops(b: &mut Bench) {
    let cases = [
        ("RSA-2048 keygen", KeyPairSpec::Rsa { bits: 2048 }, 21),
        ("P-256 keygen", KeyPairSpec::Ec(Curve::P256), 9),
        ("Ed25519 keygen", KeyPairSpec::Ed25519, 9),
    ];
    for (name, spec, rounds) in cases {
        b.run(name, rounds, |n| {
            for _ in 0..n {
                black_box(generate_keypair(spec).ok());
            }
        });
    }
}

/// The weak-secret check (issue 10): HS256 candidates per second on a 200-byte
/// signing input, one thread (each candidate tried as UTF-8 only, a candidate that is
/// also base64 or hex costs one or two more), against the machine's single-core
/// HMAC-SHA256 limit with the same sha2 crate on a fixed key (the floor `crack` is
/// measured against).
fn crack_ops(b: &mut Bench) -> Result<(), BoxError> {
    use hmac::{KeyInit, Mac};
    use jwtscope::jose::diagnose::CrackTarget;
    let payload = format!(r#"{{"sub":"{}"}}"#, "x".repeat(112));
    let input = format!(
        "{}.{}",
        b64::encode(br#"{"alg":"HS256","typ":"JWT"}"#),
        b64::encode(payload.as_bytes())
    );
    assert_eq!(input.len(), 200, "a 200-byte signing input");
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(b"not in any list")?;
    mac.update(input.as_bytes());
    let token = format!("{input}.{}", b64::encode(&mac.finalize().into_bytes()));
    let target = CrackTarget::new(&decode_unverified(&token))?;
    // Words that are not base64 or hex (spaces), so each costs exactly one HMAC.
    let words: Vec<String> = (0..1000).map(|i| format!("candidate number {i}")).collect();
    b.run("crack HS256 candidate (1 thread)", 9, |n| {
        for (_, word) in (0..n).zip(words.iter().cycle()) {
            let mut tried = 0;
            black_box(target.try_candidate(word, &mut tried));
        }
    });
    b.run("HMAC-SHA256 200 B, fixed key (the limit)", 9, |n| {
        let key = hmac::Hmac::<sha2::Sha256>::new_from_slice(b"fixed key").ok();
        for _ in 0..n {
            if let Some(k) = key.clone() {
                let mut k = k;
                k.update(black_box(input.as_bytes()));
                black_box(k.finalize());
            }
        }
    });
    Ok(())
}

/// The page's work per keystroke without the DOM (see `bench_keystroke` in
/// src/web/bench.rs), and its parts.
fn page_path_ops(b: &mut Bench, inputs: &Value) -> Result<(), BoxError> {
    for size in ["1k", "8k"] {
        for name in ["HS256", "RS256", "ES256"] {
            let alg = Algorithm::parse(name)?;
            let token = str_at(inputs, &["tokens", size, name])?;
            let (_, public) = key_texts(inputs, name)?;
            let key = load_key(public)?;
            let label = if size == "1k" { "1 KB" } else { "8 KB" };
            let names = [
                "decode+verify",
                "keystroke (state+view)",
                "claims check",
                "audit",
                "clock tick (state+view)",
            ];
            if !names
                .iter()
                .any(|n| b.wanted(&format!("{n} {label} {name}")))
            {
                continue;
            }
            let verdict = verify_with_key(&decode_unverified(token), alg, &key);
            if verdict.as_str() != "valid" {
                return Err(format!("{name} {label}: the token does not verify").into());
            }
            b.run(&format!("decode+verify {label} {name}"), 7, |n| {
                for _ in 0..n {
                    let d = decode_unverified(black_box(token));
                    black_box(verify_with_key(&d, alg, &key));
                }
            });
            let mut state = State::new(1_800_000_000, Secret::new(vec![7; 32]));
            state.update(Msg::EncodingChosen(SecretEncoding::Utf8));
            state.update(Msg::KeyEdited(public.to_string()));
            state.update(Msg::AlgChosen(alg));
            let edited = format!("{token}A");
            let local = |t: i64| t.to_string();
            let mut i = 0u64;
            b.run(&format!("keystroke (state+view) {label} {name}"), 7, |n| {
                for _ in 0..n {
                    i += 1;
                    let text = if i.is_multiple_of(2) {
                        token
                    } else {
                        edited.as_str()
                    };
                    state.update(Msg::TokenEdited(text.to_string()));
                    black_box(view_model(&state, &local));
                }
            });
            // The page's security review beside the claims check a clock tick
            // already runs: is the review cheap enough to run on every tick?
            let decoded = decode_unverified(token);
            let claims = ClaimsOptions {
                now: 1_800_000_000,
                leeway: 0,
                iss: None,
                aud: None,
            };
            b.run(&format!("claims check {label} {name}"), 7, |n| {
                for _ in 0..n {
                    black_box(check_token_claims(black_box(&decoded), &claims));
                }
            });
            let review = AuditOptions {
                now: 1_800_000_000,
                ..AuditOptions::default()
            };
            b.run(&format!("audit {label} {name}"), 7, |n| {
                for _ in 0..n {
                    black_box(audit(black_box(&decoded), Some(&key), &review));
                }
            });
            state.update(Msg::TokenEdited(token.to_string()));
            let mut now = 1_800_000_000i64;
            b.run(&format!("clock tick (state+view) {label} {name}"), 7, |n| {
                for _ in 0..n {
                    now += 1;
                    state.update(Msg::Tick(now));
                    black_box(view_model(&state, &local));
                }
            });
        }
    }
    for (label, text) in [
        (
            "key parse RSA-2048 SPKI PEM",
            str_at(inputs, &["keys", "rsa2048", "public_pem"])?,
        ),
        (
            "key parse RSA-2048 PKCS#8 PEM",
            str_at(inputs, &["keys", "rsa2048", "private_pem"])?,
        ),
        (
            "key parse P-256 SPKI PEM",
            str_at(inputs, &["keys", "p256", "public_pem"])?,
        ),
    ] {
        b.run(label, 7, |n| {
            for _ in 0..n {
                black_box(parse_key(black_box(text), SecretEncoding::Utf8).ok());
            }
        });
    }
    Ok(())
}

fn vector_key(name: &str) -> Result<String, BoxError> {
    let path = format!("{}/tests/vectors/keys/{name}", env!("CARGO_MANIFEST_DIR"));
    Ok(std::fs::read_to_string(path)?)
}

/// A JWK Set of `members`, as text.
fn jwks(members: &[Value]) -> String {
    json!({ "keys": members }).to_string()
}

/// The worst inputs at each size cap (see `tests/caps.rs`): tokens through
/// `decode_unverified` (and `verify` where they verify), key texts through `parse_key`
/// (and key selection and verification where a set is usable).
fn caps_ops(b: &mut Bench) -> Result<(), BoxError> {
    let filters = &b.opts.filters;
    if !filters.is_empty()
        && !filters
            .iter()
            .any(|f| f.starts_with("caps") || "caps: ".contains(f.as_str()))
    {
        return Ok(());
    }
    let header = b64::encode(br#"{"alg":"HS256","typ":"JWT"}"#);

    // --- tokens: size and segment count before anything is recorded ---
    let dots = ".".repeat(8 << 20);
    b.worst(
        "token 8 MiB of dots (refused, over MAX_TOKEN_BYTES)",
        || {
            black_box(decode_unverified(black_box(&dots)));
        },
    );
    let spaced = ". \n".repeat(1 << 20);
    b.worst("token 3 MiB of dots and whitespace (refused)", || {
        black_box(decode_unverified(black_box(&spaced)));
    });
    let many = vec![header.as_str(); MAX_SEGMENTS + 1].join(".");
    b.worst("token MAX_SEGMENTS+1 segments (refused)", || {
        black_box(decode_unverified(black_box(&many)));
    });
    let bad = format!("{header}.{}.c2ln", "!".repeat(MAX_TOKEN_BYTES - 64));
    b.worst(
        "token MAX_TOKEN_BYTES of bad base64 (problems capped)",
        || {
            black_box(decode_unverified(black_box(&bad)));
        },
    );
    let seg = "*".repeat(MAX_TOKEN_BYTES / MAX_SEGMENTS - 1);
    let partial = vec![seg.as_str(); MAX_SEGMENTS].join(".");
    b.worst("token MAX_SEGMENTS segments of bad base64", || {
        black_box(decode_unverified(black_box(&partial)));
    });
    let jwe_header = b64::encode(br#"{"alg":"RSA-OAEP","enc":"A256GCM"}"#);
    let seg = "*".repeat(MAX_TOKEN_BYTES / 5 - jwe_header.len());
    let jwe = format!("{jwe_header}.{seg}.{seg}.{seg}.{seg}");
    b.worst("token JWE, 5 segments of bad base64", || {
        black_box(decode_unverified(black_box(&jwe)));
    });
    // A valid HS256 token just under the size cap: every claim decoded and checked.
    let secret = parse_key("jwtscope-bench-caps-secret-32-by", SecretEncoding::Utf8)?
        .keys
        .remove(0);
    let claims: serde_json::Map<String, Value> = (0..11_000)
        .map(|i| (format!("c{i:05}"), Value::from(i)))
        .collect();
    let mut payload = Value::Object(claims);
    payload["exp"] = 2_000_000_000i64.into();
    let signed = sign(
        r#"{"alg":"HS256","typ":"JWT"}"#,
        &payload.to_string(),
        Algorithm::HS256,
        &secret,
    )?;
    if signed.token.len() > MAX_TOKEN_BYTES {
        return Err(format!("the big token is {} bytes", signed.token.len()).into());
    }
    let keys = parse_key("jwtscope-bench-caps-secret-32-by", SecretEncoding::Utf8)?;
    let opts = VerifyOptions {
        alg: Some(Algorithm::HS256),
        claims: ClaimsOptions {
            now: 1_800_000_000,
            ..ClaimsOptions::default()
        },
    };
    b.worst(
        "token HS256 JWS just under MAX_TOKEN_BYTES, decode+verify",
        || {
            let d = decode_unverified(black_box(&signed.token));
            black_box(verify(&d, Some(&keys), &opts));
        },
    );
    // The same through the page's state machine and view model (no DOM).
    let mut state = State::new(1_800_000_000, Secret::new(vec![7; 32]));
    state.update(Msg::EncodingChosen(SecretEncoding::Utf8));
    state.update(Msg::KeyEdited("jwtscope-bench-caps-secret-32-by".into()));
    let local = |t: i64| t.to_string();
    // Each run edits the text (a trailing space, on and off) so nothing is reused.
    let edits = [signed.token.clone(), format!("{} ", signed.token)];
    let mut i = 0;
    b.worst(
        "page: token edit, HS256 JWS just under MAX_TOKEN_BYTES (state+view)",
        || {
            i += 1;
            state.update(Msg::TokenEdited(black_box(edits[i % 2].clone())));
            black_box(view_model(&state, &local));
        },
    );
    // Nesting at the depth cap, repeated to fill the token.
    let deep = format!(
        "{}{}",
        "[".repeat(MAX_JSON_DEPTH - 1),
        "]".repeat(MAX_JSON_DEPTH - 1)
    );
    let body = vec![deep.as_str(); (MAX_TOKEN_BYTES * 3 / 4 - 64) / (deep.len() + 1)].join(",");
    let nested = format!(
        "{header}.{}.c2ln",
        b64::encode(format!(r#"{{"a":[{body}]}}"#).as_bytes())
    );
    b.worst(
        "token payload nested at MAX_JSON_DEPTH, filling the token",
        || {
            black_box(decode_unverified(black_box(&nested)));
        },
    );

    // --- key text: PEM armour scanning ---
    let unit = "-----END X-----";
    let ends = unit.repeat((MAX_KEY_TEXT - 64) / unit.len());
    b.worst("key 1 MiB of -----END X----- on one line (refused)", || {
        black_box(parse_key(black_box(&ends), SecretEncoding::Utf8).ok());
    });
    let unit = "-----END X----- ";
    let ends = unit.repeat((MAX_KEY_TEXT - 64) / unit.len());
    b.worst("key 1 MiB of spaced -----END X----- (refused)", || {
        black_box(parse_key(black_box(&ends), SecretEncoding::Utf8).ok());
    });
    let spki = vector_key("ed25519.spki.pem")?;
    let blocks = spki.repeat((MAX_KEY_TEXT - 64) / spki.len());
    b.worst("key 1 MiB of PEM blocks (the first is used)", || {
        black_box(parse_key(black_box(&blocks), SecretEncoding::Utf8).ok());
    });

    // --- JWK members and JWK Sets ---
    let oct = |extra: &str| format!(r#"{{"kty":"oct","k":"c2VjcmV0LXNlY3JldC1zZWNyZXQ"{extra}}}"#);
    let ops = |n: usize| {
        let list: Vec<String> = (0..n).map(|i| format!("\"{i:x}\"")).collect();
        format!(r#","key_ops":["verify",{}]"#, list.join(","))
    };
    let ops_over = oct(&ops(106_000));
    b.worst(
        "key JWK with 106k key_ops (refused, over MAX_KEY_OPS)",
        || {
            black_box(parse_key(black_box(&ops_over), SecretEncoding::Utf8).ok());
        },
    );
    let ops_at = oct(&ops(MAX_KEY_OPS - 1));
    b.worst("key JWK with MAX_KEY_OPS key_ops", || {
        black_box(parse_key(black_box(&ops_at), SecretEncoding::Utf8).ok());
    });
    let same_kid: Value = serde_json::from_str(&oct(r#","kid":"k""#))?;
    let ten_thousand = jwks(&vec![same_kid; 10_000]);
    b.worst("key JWKS of 10,000 keys sharing a kid (refused)", || {
        black_box(parse_key(black_box(&ten_thousand), SecretEncoding::Utf8).ok());
    });
    // MAX_JWKS_KEYS keys of the costliest kinds, all sharing one kid, then chosen by
    // it: for private keys, MAX_JWKS_PRIVATE_KEYS of them and their public halves.
    let rsa8192 = vector_key("rsa8192.pkcs8.pem")?;
    let rsa8192_key = parse_key(&rsa8192, SecretEncoding::Utf8)?.keys.remove(0);
    let rsa_private = private_jwk(&rsa8192_key)?;
    let rsa_public = public_jwk(&rsa8192_key)?;
    let mut sets = vec![
        (
            "public RSA-8192",
            None,
            rsa_public.clone(),
            Algorithm::RS256,
        ),
        (
            "RSA-8192, the most private",
            Some(rsa_private.clone()),
            rsa_public.clone(),
            Algorithm::RS256,
        ),
    ];
    for (label, curve, alg) in [
        ("P-256, the most private", Curve::P256, Algorithm::ES256),
        ("P-384, the most private", Curve::P384, Algorithm::ES384),
        ("P-521, the most private", Curve::P521, Algorithm::ES512),
    ] {
        let pair = generate_keypair(KeyPairSpec::Ec(curve))?;
        sets.push((label, Some(pair.private_jwk), pair.public_jwk, alg));
    }
    for (label, private, mut public, alg) in sets {
        public["kid"] = "same".into();
        let mut members = Vec::new();
        if let Some(mut private) = private {
            private["kid"] = "same".into();
            members = vec![private; MAX_JWKS_PRIVATE_KEYS];
        }
        members.extend(vec![public; MAX_JWKS_KEYS - members.len()]);
        let text = jwks(&members);
        if text.len() > MAX_KEY_TEXT {
            println!("caps: JWKS of {MAX_JWKS_KEYS} {label} keys is over MAX_KEY_TEXT: skipped");
            continue;
        }
        b.worst(
            &format!("key JWKS of MAX_JWKS_KEYS {label} keys, kid select"),
            || {
                let set = parse_key(black_box(&text), SecretEncoding::Utf8).ok();
                black_box(set.as_ref().map(|s| {
                    jwtscope::jose::policy::select_key(
                        s,
                        alg,
                        Some("same"),
                        jwtscope::jose::key::KeyOp::Verify,
                    )
                    .is_ok()
                }));
            },
        );
    }

    // --- RSA numbers ---
    let mut huge_primes = rsa_private.clone();
    huge_primes["p"] = b64::encode(&vec![0xff; 300_000]).into();
    huge_primes["q"] = b64::encode(&vec![0xff; 300_000]).into();
    let huge_primes = huge_primes.to_string();
    b.worst("key RSA JWK with 300 KB p and q (refused)", || {
        black_box(parse_key(black_box(&huge_primes), SecretEncoding::Utf8).ok());
    });
    b.worst("key RSA-8192 private PKCS#8 PEM", || {
        black_box(parse_key(black_box(&rsa8192), SecretEncoding::Utf8).ok());
    });
    let mut n_e_d = rsa_private.clone();
    if let Some(members) = n_e_d.as_object_mut() {
        for m in ["p", "q", "dp", "dq", "qi"] {
            members.remove(m);
        }
    }
    let n_e_d = n_e_d.to_string();
    b.worst("key RSA-8192 JWK of n, e, d (refused: no primes)", || {
        black_box(parse_key(black_box(&n_e_d), SecretEncoding::Utf8).ok());
    });
    let rsa4096 = parse_key(&vector_key("rsa4096.pkcs8.pem")?, SecretEncoding::Utf8)?
        .keys
        .remove(0);
    let mut n_e_d = private_jwk(&rsa4096)?;
    if let Some(members) = n_e_d.as_object_mut() {
        for m in ["p", "q", "dp", "dq", "qi"] {
            members.remove(m);
        }
    }
    n_e_d["kid"] = "same".into();
    let one = n_e_d.to_string();
    b.worst("key RSA-4096 JWK of n, e, d (primes recovered)", || {
        black_box(parse_key(black_box(&one), SecretEncoding::Utf8).ok());
    });
    let mut public = rsa_public.clone();
    public["kid"] = "same".into();
    let mut members = vec![n_e_d; MAX_JWKS_PRIVATE_KEYS];
    members.extend(vec![public; MAX_JWKS_KEYS - MAX_JWKS_PRIVATE_KEYS]);
    let set = jwks(&members);
    b.worst(
        "key JWKS of MAX_JWKS_PRIVATE_KEYS RSA-4096 n, e, d + public RSA-8192",
        || {
            let set = parse_key(black_box(&set), SecretEncoding::Utf8).ok();
            black_box(set.as_ref().map(|s| {
                jwtscope::jose::policy::select_key(
                    s,
                    Algorithm::RS256,
                    Some("same"),
                    jwtscope::jose::key::KeyOp::Verify,
                )
                .is_ok()
            }));
        },
    );
    // The same key text through the page, against an RS256 token with that kid.
    let token = sign(
        r#"{"alg":"RS256","kid":"same"}"#,
        r#"{"sub":"caps"}"#,
        Algorithm::RS256,
        &rsa8192_key,
    )?;
    let mut state = State::new(1_800_000_000, Secret::new(vec![7; 32]));
    state.update(Msg::TokenEdited(token.token));
    let edits = [set.clone(), format!("{set} ")];
    let mut i = 0;
    b.worst(
        "page: key edit, that JWKS against an RS256 token (state+view)",
        || {
            i += 1;
            state.update(Msg::KeyEdited(black_box(edits[i % 2].clone())));
            black_box(view_model(&state, &local));
        },
    );
    let rs256 = sign(
        r#"{"alg":"RS256"}"#,
        r#"{"sub":"caps"}"#,
        Algorithm::RS256,
        &rsa8192_key,
    )?;
    let rsa_public_key = parse_key(&vector_key("rsa8192.spki.pem")?, SecretEncoding::Utf8)?;
    b.worst("token RS256 with RSA-8192, decode+verify", || {
        let d = decode_unverified(black_box(&rs256.token));
        black_box(verify(
            &d,
            Some(&rsa_public_key),
            &opts_for(Algorithm::RS256),
        ));
    });
    Ok(())
}

fn opts_for(alg: Algorithm) -> VerifyOptions {
    VerifyOptions {
        alg: Some(alg),
        claims: ClaimsOptions {
            now: 1_800_000_000,
            ..ClaimsOptions::default()
        },
    }
}

fn run() -> Result<(), BoxError> {
    let opts = options()?;
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/bench/fixtures/inputs.json");
    let inputs: Value = serde_json::from_str(&std::fs::read_to_string(path)?)?;
    let mut b = Bench {
        opts,
        results: Vec::new(),
    };
    crypto_ops(&mut b, &inputs)?;
    keygen_ops(&mut b);
    page_path_ops(&mut b, &inputs)?;
    caps_ops(&mut b)?;
    crack_ops(&mut b)?;
    if let Some(out) = &b.opts.json {
        let ops: Vec<Value> = b
            .results
            .iter()
            .map(|m| {
                json!({
                    "name": m.name,
                    "ops_per_sec": m.ops_per_sec,
                    "per_round": m.per_round,
                    "rounds": m.rounds,
                })
            })
            .collect();
        let doc = json!({
            "target": format!("{}-{}", std::env::consts::ARCH, std::env::consts::OS),
            "profile": "bench (inherits release)",
            "ops": ops,
        });
        std::fs::write(out, serde_json::to_string_pretty(&doc)? + "\n")?;
    }
    Ok(())
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("engine bench: {e}");
            ExitCode::FAILURE
        }
    }
}
