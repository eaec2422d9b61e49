//! The page and the CLI agree (issue 9's proof): for every token of the repository's
//! test material — the e2e fixtures against every fixture key, RFC 7515 Appendix A,
//! the RFC 7520 cookbook's compact JWSs and Wycheproof's JWS cases with their keys —
//! the page's state machine (`jwtscope::app::State`, as a user pastes the key, then
//! the token) and `jwtscope verify --json` (the key as a file, no `--alg`) reach the
//! same verdict with the same code, pin the same algorithm from the same source and
//! choose the same key of the set. Both ask the engine's `policy::choose_alg` and
//! `policy::select_key`; this test is what would catch a copy creeping back.

use jwtscope::app::{view_model, Effect, KeyState, Msg, State};
use jwtscope::jose::alg::Algorithm;
use jwtscope::jose::key::{Secret, SecretEncoding};
use jwtscope::jose::report;
use jwtscope::jose::sign::sign_with_parts;
use serde_json::Value;

use crate::util::{jwtscope, TempDir, NOW};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/e2e/fixtures");
const VECTORS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors");

const FIXTURE_TOKENS: &[&str] = &[
    "hs256.jwt",
    "hs256-expired.jwt",
    "hs256-jku.jwt",
    "rs256.jwt",
    "ps256.jwt",
    "es256.jwt",
    "eddsa.jwt",
    "none.jwt",
];

const FIXTURE_KEYS: &[&str] = &[
    "hs256.secret.txt",
    "rsa.pub.pem",
    "rsa.key.pem",
    "rsa.jwk.json",
    "rsa-other.pub.pem",
    "rsa.pub.ssh",
    "ec.pub.pem",
    "ec.jwk.json",
    "ec.pub.ssh",
    "ed.pub.pem",
    "ed.jwk.json",
    "ed.pub.ssh",
    "jwks.json",
];

/// What both sides decided, in the report's vocabulary.
#[derive(Debug, PartialEq, Eq)]
struct Decision {
    /// `valid` / `invalid` / `unchecked`, or `key-refused` when the key text did not
    /// parse (the CLI stops there; the page says so in the verdict).
    signature: String,
    code: Option<String>,
    alg: Option<String>,
    alg_source: Option<String>,
    key_index: Option<u64>,
    key_reason: Option<String>,
}

fn read(path: &str) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The page, as a user: the key pasted, then the token (or the token first), then
/// optionally an algorithm chosen in the selector. The selector must show what
/// verification pinned, and where it came from: the page's own call to the rule is
/// compared too, not only verification's.
fn page_with(token: &str, key: &str, key_first: bool, chosen: Option<Algorithm>) -> Decision {
    let mut s = State::new(NOW, Secret::new(vec![7; 32]));
    s.update(Msg::EncodingChosen(SecretEncoding::Utf8));
    if key_first {
        s.update(Msg::KeyEdited(key.to_string()));
        s.update(Msg::TokenEdited(token.to_string()));
    } else {
        s.update(Msg::TokenEdited(token.to_string()));
        s.update(Msg::KeyEdited(key.to_string()));
    }
    if let Some(alg) = chosen {
        s.update(Msg::AlgChosen(alg));
    }
    if let (Some(alg), Some(source)) = (s.verification.alg, s.verification.alg_source) {
        assert_eq!(
            (s.alg, s.alg_source),
            (alg, Some(source)),
            "the selector shows what verification pinned ({token} / {key})"
        );
    }
    decision(&s)
}

fn page(token: &str, key: &str) -> Decision {
    page_with(token, key, true, None)
}

fn decision(s: &State) -> Decision {
    if let KeyState::Failed(e) = &s.keys {
        return Decision {
            signature: "key-refused".into(),
            code: Some(e.code().into()),
            alg: None,
            alg_source: None,
            key_index: None,
            key_reason: None,
        };
    }
    let v = &s.verification;
    Decision {
        signature: v.signature.as_str().into(),
        code: v.signature.reason().map(|e| e.code().to_string()),
        alg: v.alg.map(|a| a.name().to_string()),
        alg_source: v.alg_source.map(|a| a.as_str().to_string()),
        key_index: v.key_used.as_ref().map(|k| k.index as u64),
        key_reason: v.key_used.as_ref().map(|k| k.reason.as_str().to_string()),
    }
}

fn cli(dir: &TempDir, token: &str, key: &str) -> Decision {
    cli_with(dir, token, key, None)
}

fn cli_with(dir: &TempDir, token: &str, key: &str, alg: Option<Algorithm>) -> Decision {
    let file = dir.write("key", key);
    let now = NOW.to_string();
    let mut args = vec!["verify", "--json", "--key", &file, "--now", &now];
    if let Some(alg) = &alg {
        args.extend(["--alg", alg.name()]);
    }
    args.push(token);
    let run = jwtscope(&args);
    let doc: Value = serde_json::from_str(&run.stdout).unwrap_or_else(|e| {
        panic!("{e}\n{}", run.dump());
    });
    let text = |v: &Value| v.as_str().map(str::to_string);
    let Some(v) = doc.get("verification") else {
        // The key was refused before anything was verified.
        return Decision {
            signature: "key-refused".into(),
            code: text(&doc["error"]["code"]),
            alg: None,
            alg_source: None,
            key_index: None,
            key_reason: None,
        };
    };
    Decision {
        signature: text(&v["signature"]["status"]).unwrap_or_default(),
        code: text(&v["signature"]["error"]["code"]),
        alg: text(&v["alg"]),
        alg_source: text(&v["alg_source"]),
        key_index: v["key"]["index"].as_u64(),
        key_reason: text(&v["key"]["reason"]),
    }
}

/// Runs both sides on every case; returns how many agreed, panics listing those that
/// did not.
fn agree(name: &str, cases: &[(String, String, String)]) -> usize {
    let dir = TempDir::new(name);
    let mut differ = Vec::new();
    for (label, token, key) in cases {
        let (p, c) = (page(token.trim(), key), cli(&dir, token.trim(), key));
        if p != c {
            differ.push(format!("{label}\n  page {p:?}\n  cli  {c:?}"));
        }
    }
    assert!(
        differ.is_empty(),
        "{name}: {} of {} cases differ:\n{}",
        differ.len(),
        cases.len(),
        differ.join("\n")
    );
    cases.len()
}

#[test]
fn page_and_cli_agree_on_every_fixture_pair() {
    let mut cases = Vec::new();
    for token in FIXTURE_TOKENS {
        for key in FIXTURE_KEYS {
            cases.push((
                format!("{token} with {key}"),
                read(&format!("{FIXTURES}/{token}")),
                read(&format!("{FIXTURES}/{key}")),
            ));
        }
    }
    // Two more: the token's kid is not in the set (no check runs), and a damaged key.
    let jwks = read(&format!("{FIXTURES}/jwks.json"));
    cases.push((
        "rs256.jwt with a set lacking its kid".into(),
        read(&format!("{FIXTURES}/rs256.jwt")),
        jwks.replace("\"rsa-1\"", "\"rsa-9\""),
    ));
    cases.push((
        "hs256.jwt with a damaged PEM".into(),
        read(&format!("{FIXTURES}/hs256.jwt")),
        "-----BEGIN PUBLIC KEY-----\nMIIBIjAN\n-----END PUBLIC KEY-----\n".into(),
    ));
    assert_eq!(agree("fixtures", &cases), 106);
    // The test reaches its subject: the pairs cover every verdict, every source of
    // the algorithm and a kid-selected key.
    let decisions: Vec<Decision> = cases.iter().map(|(_, t, k)| page(t.trim(), k)).collect();
    for status in ["valid", "invalid", "unchecked", "key-refused"] {
        assert!(decisions.iter().any(|d| d.signature == status), "{status}");
    }
    for source in ["key", "header"] {
        assert!(
            decisions
                .iter()
                .any(|d| d.alg_source.as_deref() == Some(source)),
            "{source}"
        );
    }
    assert!(decisions
        .iter()
        .any(|d| d.key_reason.as_deref() == Some("kid")));
    // The other paste order decides the same.
    for (label, token, key) in &cases {
        assert_eq!(
            page_with(token.trim(), key, false, None),
            page(token.trim(), key),
            "{label}: token pasted first"
        );
    }
}

/// An algorithm the user chooses: the page's selector and `--alg` decide alike, for
/// every fixture token with its own key, another key of the family and a secret.
#[test]
fn page_and_cli_agree_on_a_chosen_algorithm() {
    let dir = TempDir::new("chosen");
    let mut compared = 0;
    for token in FIXTURE_TOKENS {
        let token = read(&format!("{FIXTURES}/{token}"));
        for key in [
            "rsa.pub.pem",
            "ec.jwk.json",
            "jwks.json",
            "hs256.secret.txt",
        ] {
            let key = read(&format!("{FIXTURES}/{key}"));
            for alg in [
                Algorithm::HS256,
                Algorithm::RS256,
                Algorithm::PS256,
                Algorithm::ES256,
                Algorithm::EdDSA,
            ] {
                let p = page_with(token.trim(), &key, true, Some(alg));
                let c = cli_with(&dir, token.trim(), &key, Some(alg));
                assert_eq!(p, c, "{alg} on {token} with {key}");
                compared += 1;
            }
        }
    }
    assert_eq!(compared, 8 * 4 * 5);
}

#[test]
fn page_and_cli_agree_on_the_rfc_vectors() {
    let mut cases = Vec::new();
    let appendix: Value =
        serde_json::from_str(&read(&format!("{VECTORS}/rfc7515/rfc7515_appendix_a.json"))).unwrap();
    for v in appendix["vectors"].as_array().unwrap() {
        let key = match &v["key"] {
            Value::Null => "a secret nobody uses".to_string(),
            jwk => jwk.to_string(),
        };
        cases.push((
            v["id"].as_str().unwrap().to_string(),
            v["token"].as_str().unwrap().to_string(),
            key,
        ));
    }
    let dir = format!("{VECTORS}/rfc7520-cookbook/jws");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    for path in files {
        let doc: Value = serde_json::from_str(&read(&path.to_string_lossy())).unwrap();
        if let Some(compact) = doc["output"]["compact"].as_str() {
            cases.push((
                path.file_name().unwrap().to_string_lossy().into_owned(),
                compact.to_string(),
                doc["input"]["key"].to_string(),
            ));
        }
    }
    assert!(agree("rfc", &cases) >= 10, "{}", cases.len());
}

#[test]
fn page_and_cli_agree_on_wycheproof_jws() {
    let doc: Value = serde_json::from_str(&read(&format!(
        "{VECTORS}/wycheproof/json_web_signature_test.json"
    )))
    .unwrap();
    let mut cases = Vec::new();
    for group in doc["testGroups"].as_array().unwrap() {
        let key = match (&group["public"], &group["private"]) {
            (Value::Null, Value::Null) => continue,
            (Value::Null, private) => private.to_string(),
            (public, _) => public.to_string(),
        };
        for case in group["tests"].as_array().unwrap() {
            if let Some(jws) = case["jws"].as_str() {
                cases.push((
                    format!("tcId {}: {}", case["tcId"], case["comment"]),
                    jws.to_string(),
                    key.clone(),
                ));
            }
        }
    }
    assert!(agree("wycheproof", &cases) >= 50, "{}", cases.len());
}

/// Which key of a set signs: one rule (`policy::select_key` with `KeyOp::Sign`) for
/// the page's sign mode and `jwtscope sign`. A published set lists the public JWK
/// first; the private half after it is the one that can sign.
#[test]
fn page_and_cli_choose_the_same_signing_key() {
    // RFC 7515 Appendix A.3.1's P-256 key, public then private, without kids (the
    // first that can sign) and with a shared kid (halves of one pair).
    const X: &str = "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU";
    const Y: &str = "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0";
    const D: &str = "jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI";
    let set = |kid: &str| {
        format!(
            r#"{{"keys":[{{"kty":"EC","crv":"P-256"{kid},"x":"{X}","y":"{Y}"}},{{"kty":"EC","crv":"P-256"{kid},"x":"{X}","y":"{Y}","d":"{D}"}}]}}"#
        )
    };
    let dir = TempDir::new("sign-key");
    for (kid, header, reason) in [
        ("", "{}", "first_fit"),
        (r#","kid":"a""#, r#"{"kid":"a"}"#, "shared_kid"),
    ] {
        let keys = set(kid);
        let file = dir.write("set.json", &keys);
        let doc = jwtscope(&[
            "sign", "--json", "--alg", "ES256", "--key", &file, "--header", header, "{}",
        ])
        .code(0)
        .json();
        assert_eq!(doc["key_index"], 1, "{kid}");
        assert_eq!(doc["key_reason"], reason, "{kid}");

        let mut s = State::new(NOW, Secret::new(vec![7; 32]));
        s.update(Msg::EncodingChosen(SecretEncoding::Utf8));
        s.update(Msg::SignMode(true));
        s.update(Msg::HeaderEdited(
            header.replace('{', r#"{"alg":"ES256","#).replace(",}", "}"),
        ));
        // A private key signs in the page's worker: do what it does.
        if let Some(Effect::Sign(job)) = s.update(Msg::KeyEdited(keys.clone())) {
            let signed = sign_with_parts(job.alg, job.input.as_bytes(), &job.parts);
            s.update(Msg::SignedInWorker {
                job: job.job,
                reply: report::signature_reply(signed.as_deref()).to_string(),
            });
        }
        assert!(s.sign_error.is_none(), "{kid}: {:?}", s.sign_error);
        assert_eq!(s.sign_key.as_ref().map(|(i, _)| *i), Some(1), "{kid}");
        assert_eq!(s.verification.signature.as_str(), "valid", "{kid}");
        let status = view_model(&s, &|_| String::new())
            .sign_status
            .map(|l| l.text)
            .unwrap_or_default();
        assert!(
            status.contains("key: EC private key, P-256, JWK"),
            "{status}"
        );
        let why = if kid.is_empty() {
            "the first key of the set that can sign ES256"
        } else {
            "halves of one key pair share it"
        };
        assert!(status.contains(why), "{status}");
    }
}

/// Where a signing error belongs: the page shows it beside the input the engine names
/// (`Error::location`), and `sign --json` reports the same location.
#[test]
fn page_and_cli_put_sign_errors_in_the_same_place() {
    let dir = TempDir::new("sign-errors");
    let secret = read(&format!("{FIXTURES}/hs256.secret.txt"));
    let rsa_public = read(&format!("{FIXTURES}/rsa.pub.pem"));
    for (header, payload, key, alg, location) in [
        ("{", "{}", secret.as_str(), Algorithm::HS256, "header"),
        (
            r#"{"alg":"none"}"#,
            "{}",
            secret.as_str(),
            Algorithm::HS256,
            "header",
        ),
        (
            r#"{"b64":false,"crit":["b64"]}"#,
            "{}",
            secret.as_str(),
            Algorithm::HS256,
            "header",
        ),
        ("{}", "[1]", secret.as_str(), Algorithm::HS256, "payload"),
        ("{}", "{", secret.as_str(), Algorithm::HS256, "payload"),
        ("{}", "{}", rsa_public.as_str(), Algorithm::RS256, "key"),
        ("{}", "{}", rsa_public.as_str(), Algorithm::HS256, "key"),
    ] {
        let file = dir.write("key", key);
        let doc = jwtscope(&[
            "sign",
            "--json",
            "--alg",
            alg.name(),
            "--key",
            &file,
            "--header",
            header,
            payload,
        ])
        .code(2)
        .json();
        assert_eq!(
            doc["error"]["location"], location,
            "{header} {payload} {alg}"
        );

        let mut s = State::new(NOW, Secret::new(vec![7; 32]));
        s.update(Msg::EncodingChosen(SecretEncoding::Utf8));
        s.update(Msg::KeyEdited(key.to_string()));
        s.update(Msg::SignMode(true));
        s.update(Msg::AlgChosen(alg));
        s.update(Msg::HeaderEdited(header.to_string()));
        s.update(Msg::PayloadEdited(payload.to_string()));
        let error = s.sign_error.as_ref().expect("a sign error");
        assert_eq!(
            (error.location.as_str(), doc["error"]["code"].as_str()),
            (location, Some(error.code)),
            "{header} {payload} {alg}"
        );
    }
}
