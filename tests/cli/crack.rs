//! `jwtscope crack`: finds secrets from the built-in list and from both third-party
//! lists (tests/vectors/secrets, see PROVENANCE.md), in every encoding; exit codes;
//! the `--json` document.

use crate::util::{b64, hs256, jwtscope};

const SECRETS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/secrets");

fn line(file: &str, n: usize) -> String {
    std::fs::read_to_string(format!("{SECRETS}/{file}"))
        .unwrap()
        .lines()
        .nth(n - 1)
        .unwrap()
        .to_string()
}

#[test]
fn built_in_list() {
    for secret in ["keyboard cat", "your-256-bit-secret", "Password2024"] {
        let token = hs256(r#"{"sub":"x"}"#, secret, &[]);
        jwtscope(&["crack", &token])
            .code(0)
            .first_line_starts("FOUND — the HS256 secret is")
            .stdout_has(&format!("{secret:?} (UTF-8), from the built-in list"));
    }
    // Not there: exit 1.
    let token = hs256(
        r#"{"sub":"x"}"#,
        "a long random secret nobody lists 8f3a",
        &[],
    );
    jwtscope(&["crack", &token])
        .code(1)
        .first_line_starts("NOT FOUND — none of");
}

#[test]
fn both_third_party_lists_in_every_encoding() {
    let dir = crate::util::TempDir::new("crack");
    let big = format!("{SECRETS}/jwt.secrets.list");
    let common = format!("{SECRETS}/jwt-common.txt");
    // From deep in the 103,979-line list, and its last line.
    for n in [50_000, 103_979] {
        let secret = line("jwt.secrets.list", n);
        let token = hs256(r#"{"sub":"x"}"#, &secret, &[]);
        let doc = jwtscope(&["crack", "--json", "--wordlist", &big, &token])
            .code(0)
            .json();
        assert_eq!(doc["found"], true, "line {n}: {secret:?}");
        assert_eq!(doc["secret"], secret.as_str());
        assert!(doc["source"].as_str().unwrap().contains("jwt.secrets.list"));
        assert!(doc["tried"].as_u64().unwrap() > 1000);
        assert!(doc["rate"].as_f64().unwrap() > 0.0);
    }
    // From jwt_tool's list, an entry the built-in list does not have.
    let builtin: Vec<String> = jwtscope::jose::diagnose::builtin()
        .into_iter()
        .map(|s| s.into_owned())
        .collect();
    let secret = std::fs::read_to_string(&common)
        .unwrap()
        .lines()
        .find(|l| !l.is_empty() && !builtin.iter().any(|b| b == l))
        .unwrap()
        .to_string();
    let token = hs256(r#"{"sub":"x"}"#, &secret, &[]);
    jwtscope(&["crack", "--json", &token]).code(1);
    let doc = jwtscope(&["crack", "--json", "--wordlist", &common, &token])
        .code(0)
        .json();
    assert_eq!(doc["secret"], secret.as_str());
    assert_eq!(doc["encoding"], "utf8");
    // A wordlist entry that is a secret's hex and base64 text.
    let raw = b"\x8e\x01\xfa\x55raw secret bytes";
    let list = dir.write("list.txt", &format!("nope\n{}\n", hex::encode(raw)));
    let token = {
        use hmac::{KeyInit, Mac};
        let input = format!("{}.{}", b64(br#"{"alg":"HS384"}"#), b64(br#"{"sub":"x"}"#));
        let mut mac = hmac::Hmac::<sha2::Sha384>::new_from_slice(raw).unwrap();
        mac.update(input.as_bytes());
        format!("{input}.{}", b64(&mac.finalize().into_bytes()))
    };
    let doc = jwtscope(&[
        "crack",
        "--json",
        "--threads",
        "2",
        "--wordlist",
        &list,
        &token,
    ])
    .code(0)
    .json();
    assert_eq!(doc["encoding"], "hex");
}

/// A wordlist with a line longer than any secret (and no line break after it) is read
/// in bounded pieces: the long line is skipped, the next one still found.
#[test]
fn long_lines_are_skipped() {
    let dir = crate::util::TempDir::new("crack-long");
    let list = dir.write(
        "list.txt",
        &format!(
            "{}\nthe real one 7f\n{}",
            "x".repeat(1 << 20),
            "y".repeat(100_000)
        ),
    );
    let token = hs256(r#"{"sub":"x"}"#, "the real one 7f", &[]);
    let doc = jwtscope(&["crack", "--json", "--wordlist", &list, &token])
        .code(0)
        .json();
    assert_eq!(doc["secret"], "the real one 7f");
    let token = hs256(r#"{"sub":"x"}"#, "absent secret 00", &[]);
    jwtscope(&["crack", "--wordlist", &list, &token]).code(1);
}

#[test]
fn bad_input() {
    let rs = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/e2e/fixtures/rs256.jwt"
    ))
    .unwrap();
    jwtscope(&["crack", rs.trim()]).error_line("ERR_KEY_TYPE");
    jwtscope(&["crack", "not.a"]).code(2);
    let token = hs256(r#"{"sub":"x"}"#, "secret", &[]);
    jwtscope(&["crack", "--wordlist", "/nonexistent/list.txt", &token]).code(0);
    let token = hs256(r#"{"sub":"x"}"#, "not-in-any-list-z", &[]);
    jwtscope(&["crack", "--wordlist", "/nonexistent/list.txt", &token]).error_line("ERR_IO");
}

/// A wordlist line that is not UTF-8 (Latin-1, as in rockyou.txt) is tried as its
/// bytes: found, and given in hex, which `verify` reads back with `--secret-encoding
/// hex`. Such lines were skipped, and a secret in the list was NOT FOUND.
#[test]
fn a_line_that_is_not_utf8_is_tried_as_its_bytes() {
    let dir = crate::util::TempDir::new("crack-latin1");
    let list = dir.join("rockyou-like.txt");
    std::fs::write(&list, b"123456\nni\xf1o\ncontrase\xf1a2024\nqwerty\n").unwrap();
    let hex = "636f6e7472617365f161323032340a";
    let hex = &hex[..hex.len() - 2]; // without the line end
    let token = hs256(r#"{"sub":"x"}"#, hex, &["--secret-encoding", "hex"]);
    let doc = jwtscope(&["crack", "--json", "--wordlist", &list, &token])
        .code(0)
        .json();
    assert_eq!(doc["secret"], hex);
    assert_eq!(doc["encoding"], "hex");
    jwtscope(&["crack", "--wordlist", &list, &token])
        .code(0)
        .stdout_has(&format!("{hex:?} (hex)"));
}
