//! Native benchmarks of the engine: the operations `bench/bench.js` times in wasm
//! and WebCrypto, on the same inputs (`bench/fixtures/inputs.json`), so that
//! `docs/BENCHMARKS.md` can show wasm ÷ native.
//!
//! A std-only harness (no criterion, to keep compile times down): each operation is
//! calibrated to a round of about 50 ms, warmed up, then timed over several rounds
//! with [`Instant`]; the median round gives ops/s.
//!
//! ```text
//! cargo bench --bench engine                      # a table on stdout
//! cargo bench --bench engine -- --json out.json   # and the raw results as JSON
//! cargo bench --bench engine -- --quick RS256     # fewer rounds, names containing RS256
//! ```

use std::hint::black_box;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use jwtscope::app::{view_model, Msg, State};
use jwtscope::jose::alg::{Algorithm, Curve};
use jwtscope::jose::crypto;
use jwtscope::jose::decode::decode_unverified;
use jwtscope::jose::key::{generate_keypair, parse_key, Key, KeyPairSpec, Secret, SecretEncoding};
use jwtscope::jose::verify::verify_with_key;
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
        crypto::verify(alg, &public.material, input, &fixture_sig)
            .map_err(|e| format!("{name}: the fixture signature does not verify: {e}"))?;
        let ours = crypto::sign(alg, &private.material, input)?;
        crypto::verify(alg, &public.material, input, &ours)
            .map_err(|e| format!("{name}: our signature does not verify: {e}"))?;
        let rounds = if alg.family() == jwtscope::jose::alg::Family::Hmac {
            7
        } else {
            9
        };
        b.run(&format!("{name} sign{suffix}"), rounds, |n| {
            for _ in 0..n {
                black_box(crypto::sign(alg, &private.material, black_box(input)).ok());
            }
        });
        b.run(&format!("{name} verify{suffix}"), rounds, |n| {
            for _ in 0..n {
                black_box(crypto::verify(alg, &public.material, black_box(input), &ours).is_ok());
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
            if !b.wanted(&format!("decode+verify {label} {name}"))
                && !b.wanted(&format!("keystroke (state+view) {label} {name}"))
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
