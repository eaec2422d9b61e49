//! `jwtscope key`: what a key is, and the same key in the other formats. Private
//! material is printed only with `--private`.

use jwtscope::jose::alg::Algorithm;
use jwtscope::jose::json;
use jwtscope::jose::key::{export, parse_key, Key, KeyMaterial, KeySource};
use jwtscope::jose::policy::hmac_confusion;
use serde_json::{json, Value};

use crate::args::KeyArgs;
use crate::input::{file_or_stdin, show};
use crate::output::{error_json, CliError, Outcome, Printer, Text};

/// Runs `key`.
pub fn run(args: &KeyArgs, _printer: &Printer) -> Result<Outcome, CliError> {
    let text = file_or_stdin(&args.file, "key")?;
    let place = if args.file == "-" {
        "stdin".to_string()
    } else {
        show(&args.file)
    };
    let set = parse_key(&text, args.secret_encoding).map_err(|e| CliError::engine(place, &e))?;

    let mut out = Text::new();
    let single = set.source == KeySource::Single;
    match set.keys.as_slice() {
        [only] if single => out.line(only.describe()),
        _ => out.line(set.describe()),
    }
    let mut keys_json = Vec::new();
    for (index, key) in set.keys.iter().enumerate() {
        let view = KeyView::of(key, args.private);
        if !single {
            out.blank();
            out.line(format!("#{index}  {}", key.describe()));
        }
        view.human(&mut out, key, args.private);
        let mut doc = view.json(key);
        doc["index"] = index.into();
        keys_json.push(doc);
    }
    for (index, e) in &set.skipped {
        out.blank();
        out.line(format!("#{index}  skipped: {} ({})", e.message(), e.code()));
    }

    let document = json!({
        "command": "key",
        "description": set.describe(),
        "source": if single { "single" } else { "jwks" },
        "keys": keys_json,
        "skipped": set.skipped.iter().map(|(i, e)| {
            let mut v = error_json(e);
            v["index"] = (*i).into();
            v
        }).collect::<Vec<_>>(),
    });
    Ok(Outcome::ok(out.into_string(), document))
}

/// Everything shown about one key; each export may fail on its own.
struct KeyView {
    thumbprint: Result<String, CliError>,
    public_jwk: Option<Result<Value, CliError>>,
    spki_pem: Option<Result<String, CliError>>,
    private_jwk: Option<Result<Value, CliError>>,
    pkcs8_pem: Option<Result<String, CliError>>,
}

impl KeyView {
    fn of(key: &Key, private: bool) -> Self {
        let secret = matches!(key.material, KeyMaterial::Secret(_));
        let has_private = key.is_private() || secret;
        KeyView {
            thumbprint: export::thumbprint(key).map_err(CliError::from),
            public_jwk: (!secret).then(|| export::public_jwk(key).map_err(CliError::from)),
            spki_pem: (!secret).then(|| {
                export::spki_pem(key)
                    .map(|p| p.to_string())
                    .map_err(CliError::from)
            }),
            private_jwk: (private && has_private)
                .then(|| export::private_jwk(key).map_err(CliError::from)),
            pkcs8_pem: (private && key.is_private() && !secret).then(|| {
                export::pkcs8_pem(key)
                    .map(|p| p.to_string())
                    .map_err(CliError::from)
            }),
        }
    }

    fn human(&self, out: &mut Text, key: &Key, private: bool) {
        let secret = matches!(key.material, KeyMaterial::Secret(_));
        // A secret's thumbprint is a hash of the secret: shown only with --private.
        if !secret || private {
            match &self.thumbprint {
                Ok(t) => out.line(format!("  thumbprint  {t}  (RFC 7638, SHA-256)")),
                Err(e) => out.line(format!(
                    "  thumbprint  unavailable: {} ({})",
                    e.message(),
                    e.code()
                )),
            }
        }
        let algs: Vec<&str> = algorithms(key).iter().map(|a| a.name()).collect();
        out.line(format!(
            "  algorithms  {}",
            if algs.is_empty() {
                "none".to_string()
            } else {
                algs.join(" ")
            }
        ));
        if let Some(refusal) = hmac_confusion(Algorithm::HS256, key) {
            out.line(format!(
                "  refused     {} ({})",
                refusal.message(),
                refusal.code()
            ));
        }
        if let Some(alg) = &key.jwk_alg {
            out.line(format!("  JWK alg     {alg}"));
        }
        if let Some(u) = &key.jwk_use {
            out.line(format!("  JWK use     {u}"));
        }
        if let Some(ops) = &key.key_ops {
            out.line(format!("  key_ops     {}", ops.join(" ")));
        }
        for note in &key.notes {
            out.line(format!("  note        {note}"));
        }
        let jwk_text =
            |v: &Option<Result<Value, CliError>>| v.clone().map(|r| r.map(|v| json::pretty(&v)));
        block(out, "Public JWK", jwk_text(&self.public_jwk));
        block(out, "Public key (SPKI PEM)", self.spki_pem.clone());
        block(out, "Private JWK", jwk_text(&self.private_jwk));
        block(out, "Private key (PKCS#8 PEM)", self.pkcs8_pem.clone());
        if secret && !private {
            out.blank();
            out.line("A shared secret has no public form; pass --private to print it as a JWK.");
        } else if key.is_private() && !private {
            out.blank();
            out.line("Private forms are not printed; pass --private to print them.");
        }
    }

    fn json(&self, key: &Key) -> Value {
        let secret = matches!(key.material, KeyMaterial::Secret(_));
        let field = |r: &Option<Result<Value, CliError>>| match r {
            None => Value::Null,
            Some(Ok(v)) => v.clone(),
            Some(Err(e)) => json!({ "error": e.to_json() }),
        };
        let text =
            |r: &Option<Result<String, CliError>>| field(&r.clone().map(|r| r.map(Value::String)));
        json!({
            "description": key.describe(),
            "kid": key.kid,
            "format": key.format.label(),
            "secret": secret,
            "private": key.is_private(),
            "algorithms": algorithms(key).iter().map(|a| a.name()).collect::<Vec<_>>(),
            "jwk_alg": key.jwk_alg,
            "jwk_use": key.jwk_use,
            "key_ops": key.key_ops,
            "notes": key.notes,
            "thumbprint": if secret && self.private_jwk.is_none() { Value::Null } else { text(&Some(self.thumbprint.clone())) },
            "public_jwk": field(&self.public_jwk),
            "spki_pem": text(&self.spki_pem),
            "private_jwk": field(&self.private_jwk),
            "pkcs8_pem": text(&self.pkcs8_pem),
        })
    }
}

fn block(out: &mut Text, title: &str, body: Option<Result<String, CliError>>) {
    let Some(body) = body else { return };
    out.blank();
    out.line(title);
    match body {
        Ok(text) => {
            for l in text.lines() {
                out.line(l);
            }
        }
        Err(e) => out.line(format!("  unavailable: {} ({})", e.message(), e.code())),
    }
}

/// The algorithms the key can be used with: its type's, less the HMAC ones when the
/// engine's confusion rule refuses it as a secret (text or bytes that are public-key
/// material: a JSON `x5c` array, a JWK in YAML…), which `verify` and `sign` refuse too.
fn algorithms(key: &Key) -> Vec<Algorithm> {
    let mut algs = key.usable_algorithms();
    algs.retain(|&alg| hmac_confusion(alg, key).is_none());
    algs
}
