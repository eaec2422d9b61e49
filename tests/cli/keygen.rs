//! `jwtscope keygen`: key pairs to stdout or into a directory, private files 0600.

use crate::util::{jwtscope, TempDir};

#[test]
fn pem_to_stdout_private_then_public() {
    let run = jwtscope(&["keygen", "ed25519"]);
    run.code(0).stderr_has("Ed25519").stderr_has("kid");
    let out = &run.stdout;
    let private = out
        .find("-----BEGIN PRIVATE KEY-----")
        .expect("PKCS#8 block");
    let public = out.find("-----BEGIN PUBLIC KEY-----").expect("SPKI block");
    assert!(private < public, "{out}");
}

#[test]
fn jwk_and_jwks_to_stdout() {
    let jwk: serde_json::Value = serde_json::from_str(
        &jwtscope(&["keygen", "ec", "--format", "jwk"])
            .code(0)
            .stdout,
    )
    .unwrap();
    assert_eq!(jwk["kty"], "EC");
    assert_eq!(jwk["crv"], "P-256");
    assert!(jwk["d"].is_string(), "the private JWK: {jwk}");
    let jwks: serde_json::Value = serde_json::from_str(
        &jwtscope(&["keygen", "ec", "--curve", "secp256k1", "--format", "jwks"])
            .code(0)
            .stdout,
    )
    .unwrap();
    assert_eq!(jwks["keys"][0]["crv"], "secp256k1");
}

#[test]
fn json_document_has_every_form() {
    let doc = jwtscope(&["keygen", "--json", "ec", "--curve", "P-384"])
        .code(0)
        .json();
    assert_eq!(doc["command"], "keygen");
    assert_eq!(doc["kind"], "ec");
    assert_eq!(doc["spec"], "p-384", "the engine's report::keypair field");
    assert_eq!(doc["format"], "pem");
    assert!(doc["kid"].as_str().is_some_and(|k| !k.is_empty()));
    assert!(
        doc["description"].as_str().unwrap().contains("P-384"),
        "{doc}"
    );
    assert!(doc["private_pem"].as_str().unwrap().contains("PRIVATE KEY"));
    assert!(doc["public_pem"].as_str().unwrap().contains("PUBLIC KEY"));
    assert_eq!(doc["public_jwk"]["crv"], "P-384");
    assert!(
        doc["public_jwk"]["d"].is_null(),
        "no private member in the public JWK"
    );
    assert!(doc["private_jwk"]["d"].is_string());
    assert_eq!(doc["jwks"]["keys"][0], doc["public_jwk"]);
}

#[test]
fn out_dir_files_names_and_permissions() {
    let dir = TempDir::new("keygen-files");
    let out = dir.path().join("nested");
    let out = out.to_string_lossy().into_owned();
    for format in ["pem", "jwk", "jwks"] {
        let run = jwtscope(&[
            "keygen",
            "ed25519",
            "--format",
            format,
            "--out-dir",
            &out,
            "--json",
        ]);
        let doc = run.code(0).json();
        let kid = doc["kid"].as_str().unwrap();
        assert!(
            doc["private_pem"].is_null() && doc["private_jwk"].is_null(),
            "private material stays in the files: {doc}"
        );
        let files: Vec<(String, bool)> = doc["files"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                (
                    f["path"].as_str().unwrap().to_string(),
                    f["private"].as_bool().unwrap(),
                )
            })
            .collect();
        let names: Vec<String> = files
            .iter()
            .map(|(p, _)| {
                std::path::Path::new(p)
                    .file_name()
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        let expected: Vec<String> = match format {
            "pem" => vec![format!("{kid}.private.pem"), format!("{kid}.public.pem")],
            "jwk" => vec![
                format!("{kid}.private.jwk.json"),
                format!("{kid}.public.jwk.json"),
            ],
            _ => vec![format!("{kid}.private.jwk.json"), "jwks.json".to_string()],
        };
        assert_eq!(names, expected);
        for (path, private) in &files {
            let text = std::fs::read_to_string(path).unwrap();
            assert!(!text.is_empty());
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                let mode = std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
                if *private {
                    assert_eq!(mode, 0o600, "{path}");
                } else {
                    assert_eq!(
                        mode & 0o077 & !0o044,
                        0,
                        "{path} is writable by others: {mode:o}"
                    );
                }
            }
        }
    }
    // jwks.json exists now: a second jwks run refuses instead of overwriting.
    jwtscope(&["keygen", "ed25519", "--format", "jwks", "--out-dir", &out]).error_line("ERR_IO");
    let human = jwtscope(&["keygen", "ec", "--out-dir", &out]);
    human.code(0);
    let lines: Vec<&str> = human.stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{}", human.stdout);
    assert!(
        lines[0].ends_with(".private.pem") && lines[1].ends_with(".public.pem"),
        "{lines:?}"
    );
}

#[test]
fn refusals() {
    jwtscope(&["keygen", "ec", "--bits", "2048"]).error_line("ERR_USAGE");
    jwtscope(&["keygen", "ed25519", "--curve", "P-256"]).error_line("ERR_USAGE");
    jwtscope(&["keygen", "ec", "--curve", "P-192"])
        .code(2)
        .stderr_has("P-192");
    jwtscope(&["keygen", "dsa"]).code(2);
    jwtscope(&["keygen", "rsa", "--bits", "1024"])
        .code(2)
        .stderr_has("error: cannot generate");
    jwtscope(&["keygen", "--json", "rsa", "--bits", "1024"])
        .code(2)
        .json();
    let dir = TempDir::new("keygen-notdir");
    let file = dir.write("file", "x");
    jwtscope(&["keygen", "ed25519", "--out-dir", &file]).error_line("ERR_IO");
}
