//! The page's state machine, in plain Rust: [`State`], [`Msg`], [`State::update`] and
//! the view model ([`view::view_model`]). No web imports: the clock (`now`) and the
//! randomness (generated secrets, key pairs) come in through messages, so every flow
//! is tested natively; `crate::web` only binds events, paints and runs the worker.
//!
//! Keystroke cost: the key is parsed only when its text or encoding changes (the
//! [`KeySet`] is cached), the token is decoded only when it changes, and the
//! signature is verified on any change; a clock tick re-checks only the claims.

pub mod explain;
pub mod view;

#[cfg(test)]
mod tests;

use serde_json::{Map, Value};

use crate::jose::alg::Algorithm;
use crate::jose::claims::{check_token_claims, ClaimsOptions};
use crate::jose::decode::{decode_unverified, Decoded};
use crate::jose::error::{Error, ErrorKind};
use crate::jose::key::{parse_key, Key, KeyOp, KeySet, Secret, SecretEncoding};
use crate::jose::problem::Warning;
use crate::jose::sign::sign;
use crate::jose::verify::{verify, SignatureVerdict, Verification, VerifyOptions};
use crate::jose::{b64, secret};

pub use view::{view_model, ViewModel};

/// The largest leeway the page accepts (one day), in seconds.
pub const MAX_LEEWAY: u64 = 86_400;

/// How a generated secret is shown (and, after "use as key", read back).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecretFormat {
    /// base64url, no padding (RFC 4648 §5).
    Base64Url,
    /// Standard base64 with padding (RFC 4648 §4).
    Base64,
    /// Lower-case hexadecimal.
    Hex,
}

impl SecretFormat {
    /// The value used in the page's controls.
    pub const fn as_str(self) -> &'static str {
        match self {
            SecretFormat::Base64Url => "base64url",
            SecretFormat::Base64 => "base64",
            SecretFormat::Hex => "hex",
        }
    }

    /// Reads a control value.
    pub fn parse(s: &str) -> Option<Self> {
        [
            SecretFormat::Base64Url,
            SecretFormat::Base64,
            SecretFormat::Hex,
        ]
        .into_iter()
        .find(|f| f.as_str() == s)
    }

    /// The key-pane encoding that reads this format back.
    pub const fn encoding(self) -> SecretEncoding {
        match self {
            SecretFormat::Base64Url => SecretEncoding::Base64Url,
            SecretFormat::Base64 => SecretEncoding::Base64,
            SecretFormat::Hex => SecretEncoding::Hex,
        }
    }

    /// The secret's bytes in this format.
    pub fn encode(self, secret: &Secret) -> String {
        let e = secret::encode(secret);
        match self {
            SecretFormat::Base64Url => e.base64url,
            SecretFormat::Base64 => e.base64,
            SecretFormat::Hex => e.hex,
        }
    }
}

/// The key-pane encodings, in the order the selector lists them.
pub const ENCODINGS: [SecretEncoding; 4] = [
    SecretEncoding::Utf8,
    SecretEncoding::Base64,
    SecretEncoding::Base64Url,
    SecretEncoding::Hex,
];

/// The selector value of an encoding: `utf8`, `base64`, `base64url`, `hex`.
pub const fn encoding_value(e: SecretEncoding) -> &'static str {
    match e {
        SecretEncoding::Utf8 => "utf8",
        SecretEncoding::Base64 => "base64",
        SecretEncoding::Base64Url => "base64url",
        SecretEncoding::Hex => "hex",
    }
}

/// Reads a selector value back (see [`encoding_value`]).
pub fn parse_encoding(s: &str) -> Option<SecretEncoding> {
    ENCODINGS.into_iter().find(|e| encoding_value(*e) == s)
}

/// Which key pair the generator makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyPairKind {
    /// RSA, 2048-bit modulus (signs RS256).
    Rsa2048,
    /// RSA, 4096-bit modulus (signs RS256).
    Rsa4096,
    /// ECDSA P-256 (signs ES256).
    P256,
    /// Ed25519 (signs EdDSA).
    Ed25519,
}

impl KeyPairKind {
    /// Every kind, in the order the page offers them.
    pub const ALL: [KeyPairKind; 4] = [
        KeyPairKind::Rsa2048,
        KeyPairKind::Rsa4096,
        KeyPairKind::P256,
        KeyPairKind::Ed25519,
    ];

    /// The identifier passed to the worker and used in the page (`rsa-2048`…).
    pub const fn as_str(self) -> &'static str {
        match self {
            KeyPairKind::Rsa2048 => "rsa-2048",
            KeyPairKind::Rsa4096 => "rsa-4096",
            KeyPairKind::P256 => "p-256",
            KeyPairKind::Ed25519 => "ed25519",
        }
    }

    /// For people: `RSA 2048`, `P-256`…
    pub const fn label(self) -> &'static str {
        match self {
            KeyPairKind::Rsa2048 => "RSA 2048",
            KeyPairKind::Rsa4096 => "RSA 4096",
            KeyPairKind::P256 => "P-256",
            KeyPairKind::Ed25519 => "Ed25519",
        }
    }

    /// Reads an identifier (see [`KeyPairKind::as_str`]).
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The algorithm a token is signed with when this pair is used for signing.
    pub const fn alg(self) -> Algorithm {
        match self {
            KeyPairKind::Rsa2048 | KeyPairKind::Rsa4096 => Algorithm::RS256,
            KeyPairKind::P256 => Algorithm::ES256,
            KeyPairKind::Ed25519 => Algorithm::EdDSA,
        }
    }
}

/// A generated key pair, as the text the page shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyPairOutput {
    /// What was generated.
    pub kind: KeyPairKind,
    /// PKCS#8 PEM.
    pub private_pem: String,
    /// SPKI PEM.
    pub public_pem: String,
    /// The public JWK, pretty-printed.
    pub public_jwk: String,
    /// The private JWK, pretty-printed.
    pub private_jwk: String,
}

/// The key pair generator's progress.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyPairJob {
    /// Nothing asked yet.
    Idle,
    /// The worker is generating this kind.
    Busy(KeyPairKind),
    /// Done.
    Done(KeyPairOutput),
    /// The worker failed (message for people).
    Failed(String),
}

/// Where the selected algorithm came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AlgSource {
    /// Nothing chose it yet (HS256).
    Default,
    /// The key allows only this one (a JWK `alg`, a curve).
    Key,
    /// The key allows several; the token's header picked one of them, for display.
    Header,
    /// The user chose it (or an explicit action such as "use as key").
    User,
}

/// The parsed key text.
#[derive(Debug, Clone)]
pub enum KeyState {
    /// The key box is empty.
    Empty,
    /// Read.
    Parsed(KeySet),
    /// Could not be read.
    Failed(Error),
}

/// Which input a signing error points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignTarget {
    /// The header JSON.
    Header,
    /// The payload JSON.
    Payload,
    /// The key or the algorithm.
    Key,
}

/// Why the last edit in sign mode did not produce a token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignError {
    /// Which input.
    pub target: SignTarget,
    /// For people.
    pub message: String,
}

/// Everything the user can do, and everything the outside world tells the page.
#[derive(Debug, Clone)]
pub enum Msg {
    /// The token text changed.
    TokenEdited(String),
    /// The header JSON changed.
    HeaderEdited(String),
    /// The payload JSON changed.
    PayloadEdited(String),
    /// The key text changed.
    KeyEdited(String),
    /// The secret encoding was chosen.
    EncodingChosen(SecretEncoding),
    /// The algorithm was chosen.
    AlgChosen(Algorithm),
    /// Sign mode switched on or off.
    SignMode(bool),
    /// The claims leeway, in seconds.
    Leeway(u64),
    /// Check the claims as of this time (`None`: now, live).
    AsOf(Option<i64>),
    /// The clock moved (seconds since 1970).
    Tick(i64),
    /// A secret was generated for this algorithm (bytes from the CSPRNG).
    SecretGenerated(Algorithm, Secret),
    /// The generated secret's display format was chosen.
    SecretFormatChosen(SecretFormat),
    /// Put the generated secret in the key pane.
    UseSecretAsKey,
    /// The user asked for a key pair.
    KeyPairRequested(KeyPairKind),
    /// The worker answered.
    KeyPairFinished(Result<KeyPairOutput, String>),
    /// Put the generated private key in the key pane and sign with it.
    UseKeyPairForSigning,
    /// Show a one-line status (e.g. the random source failed).
    Notice(String),
}

/// Work the web layer must start after an update.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    /// Generate a key pair in the worker, then send [`Msg::KeyPairFinished`].
    GenerateKeyPair(KeyPairKind),
}

/// The whole page state.
#[derive(Debug, Clone)]
pub struct State {
    /// The clock, seconds since 1970 (from [`Msg::Tick`]).
    pub now: i64,
    /// The token text as typed.
    pub token: String,
    /// The token, decoded (recomputed when `token` changes).
    pub decoded: Decoded,
    /// The header JSON box.
    pub header_text: String,
    /// The payload JSON box.
    pub payload_text: String,
    /// The header or payload box was edited outside sign mode: not applied.
    pub draft: bool,
    /// The key text as typed.
    pub key_text: String,
    /// How a secret is read.
    pub encoding: SecretEncoding,
    /// The key, parsed (cached until the text or encoding changes).
    pub keys: KeyState,
    /// The algorithm verification (and signing) is pinned to.
    pub alg: Algorithm,
    /// Where `alg` came from.
    pub alg_source: AlgSource,
    /// Sign mode.
    pub sign_mode: bool,
    /// The last sign-mode edit that failed.
    pub sign_error: Option<SignError>,
    /// Warnings from the last signing (short secret…).
    pub sign_warnings: Vec<Warning>,
    /// Whether the current token was produced in this page by sign mode.
    pub signed_here: bool,
    /// Claims leeway, seconds.
    pub leeway: u64,
    /// Check the claims as of this time instead of now.
    pub as_of: Option<i64>,
    /// The last verification.
    pub verification: Verification,
    /// The last generated secret.
    pub secret: Option<(Algorithm, Secret)>,
    /// How it is shown.
    pub secret_format: SecretFormat,
    /// The key pair generator.
    pub keypair: KeyPairJob,
    /// A one-line status for the last explicit action ("Key filled…").
    pub notice: Option<String>,
}

const EXAMPLE_LIFETIME: i64 = 15 * 60;

impl State {
    /// A page on first load at `now`: an example HS256 token signed here with
    /// `example_secret` (which the web layer takes from the CSPRNG), its key filled in
    /// as base64url, so the page explains itself.
    pub fn new(now: i64, example_secret: Secret) -> State {
        let key_text = b64::encode(example_secret.bytes());
        let mut state = State {
            now,
            token: String::new(),
            decoded: decode_unverified(""),
            header_text: String::new(),
            payload_text: String::new(),
            draft: false,
            key_text,
            encoding: SecretEncoding::Base64Url,
            keys: KeyState::Empty,
            alg: Algorithm::HS256,
            alg_source: AlgSource::Default,
            sign_mode: false,
            sign_error: None,
            sign_warnings: Vec::new(),
            signed_here: false,
            leeway: 0,
            as_of: None,
            verification: verify(&decode_unverified(""), None, &VerifyOptions::default()),
            secret: None,
            secret_format: SecretFormat::Base64Url,
            keypair: KeyPairJob::Idle,
            notice: None,
        };
        state.header_text = pretty(&serde_json::json!({"alg": "HS256", "typ": "JWT"}));
        state.payload_text = pretty(&serde_json::json!({
            "sub": "1234567890",
            "name": "Ada Lovelace",
            "admin": true,
            "iat": now,
            "exp": now.saturating_add(EXAMPLE_LIFETIME),
        }));
        state.reparse_key();
        state.choose_default_alg();
        state.resign();
        state.signed_here = false;
        state.notice = Some(
            "An example token, signed in this page with a random secret (in the key pane). Paste your own token to inspect it."
                .into(),
        );
        state
    }

    /// The time the claims are checked at.
    pub fn claims_time(&self) -> i64 {
        self.as_of.unwrap_or(self.now)
    }

    /// Applies one message; returns work for the web layer, if any.
    pub fn update(&mut self, msg: Msg) -> Option<Effect> {
        match msg {
            Msg::TokenEdited(text) => {
                self.notice = None;
                self.token = text;
                self.signed_here = false;
                self.sign_error = None;
                self.sign_warnings.clear();
                self.decode();
                self.choose_default_alg();
                self.verify();
            }
            Msg::HeaderEdited(text) => {
                self.header_text = text;
                self.edited_part();
            }
            Msg::PayloadEdited(text) => {
                self.payload_text = text;
                self.edited_part();
            }
            Msg::KeyEdited(text) => {
                self.notice = None;
                if text != self.key_text {
                    self.key_text = text;
                    self.key_changed();
                }
            }
            Msg::EncodingChosen(encoding) => {
                if encoding != self.encoding {
                    self.encoding = encoding;
                    self.key_changed();
                }
            }
            Msg::AlgChosen(alg) => {
                self.alg = alg;
                self.alg_source = AlgSource::User;
                if self.sign_mode {
                    self.set_header_alg();
                    self.resign();
                } else {
                    self.verify();
                }
            }
            Msg::SignMode(on) => {
                if on != self.sign_mode {
                    self.sign_mode = on;
                    self.sign_error = None;
                    self.notice = None;
                    if on {
                        if self.draft {
                            self.draft = false;
                            self.adopt_header_alg();
                            self.resign();
                        }
                    } else {
                        self.sign_warnings.clear();
                        self.fill_parts_from_token();
                    }
                }
            }
            Msg::Leeway(secs) => {
                self.leeway = secs.min(MAX_LEEWAY);
                self.recheck_claims();
            }
            Msg::AsOf(at) => {
                self.as_of = at;
                self.recheck_claims();
            }
            Msg::Tick(now) => {
                self.now = now;
                if self.as_of.is_none() {
                    self.recheck_claims();
                }
            }
            Msg::SecretGenerated(alg, secret) => {
                self.secret = Some((alg, secret));
                self.notice = None;
            }
            Msg::SecretFormatChosen(format) => self.secret_format = format,
            Msg::UseSecretAsKey => {
                if let Some((alg, secret)) = &self.secret {
                    let (alg, text) = (*alg, self.secret_format.encode(secret));
                    self.key_text = text;
                    self.encoding = self.secret_format.encoding();
                    self.alg = alg;
                    self.alg_source = AlgSource::User;
                    self.reparse_key();
                    self.notice = Some(format!(
                        "The generated {alg} secret is now the key ({}).",
                        self.secret_format.as_str()
                    ));
                    self.after_key_change();
                }
            }
            Msg::KeyPairRequested(kind) => {
                if !matches!(self.keypair, KeyPairJob::Busy(_)) {
                    self.keypair = KeyPairJob::Busy(kind);
                    return Some(Effect::GenerateKeyPair(kind));
                }
            }
            Msg::KeyPairFinished(result) => {
                self.keypair = match result {
                    Ok(out) => KeyPairJob::Done(out),
                    Err(message) => KeyPairJob::Failed(message),
                };
            }
            Msg::Notice(text) => self.notice = Some(text),
            Msg::UseKeyPairForSigning => {
                if let KeyPairJob::Done(out) = &self.keypair {
                    let (kind, pem) = (out.kind, out.private_pem.clone());
                    self.key_text = pem;
                    self.alg = kind.alg();
                    self.alg_source = AlgSource::User;
                    self.reparse_key();
                    self.sign_mode = true;
                    self.draft = false;
                    self.set_header_alg();
                    self.resign();
                    self.notice = Some(format!(
                        "Sign mode is on: the token is now signed with the generated {} private key ({}).",
                        kind.label(),
                        kind.alg()
                    ));
                }
            }
        }
        None
    }

    // --- recomputation -------------------------------------------------------

    fn decode(&mut self) {
        self.decoded = decode_unverified(&self.token);
        self.fill_parts_from_token();
    }

    /// Replaces the header and payload boxes with the token's, pretty-printed.
    fn fill_parts_from_token(&mut self) {
        self.draft = false;
        self.header_text = part_text(self.decoded.header.as_ref());
        self.payload_text = part_text(self.decoded.payload.as_ref());
    }

    fn reparse_key(&mut self) {
        self.keys = if self.key_text.trim().is_empty() {
            KeyState::Empty
        } else {
            match parse_key(&self.key_text, self.encoding) {
                Ok(set) => KeyState::Parsed(set),
                Err(e) => KeyState::Failed(e),
            }
        };
    }

    fn key_changed(&mut self) {
        self.reparse_key();
        if self.alg_source == AlgSource::User && !self.alg_fits_key(self.alg) {
            // The user's choice does not fit the new key: let the key choose again.
            self.alg_source = AlgSource::Default;
        }
        self.choose_default_alg();
        self.after_key_change();
    }

    fn after_key_change(&mut self) {
        if self.sign_mode {
            self.set_header_alg();
            self.resign();
        } else {
            self.verify();
        }
    }

    fn header_alg(&self) -> Option<Algorithm> {
        if self.sign_mode {
            let (value, _) = crate::jose::json::parse(&self.header_text);
            value
                .as_ref()?
                .get("alg")?
                .as_str()
                .and_then(|s| Algorithm::parse(s).ok())
        } else {
            self.decoded.alg().ok()
        }
    }

    fn key_algorithms(&self) -> Option<Vec<Algorithm>> {
        let KeyState::Parsed(set) = &self.keys else {
            return None;
        };
        let mut algs: Vec<Algorithm> = Vec::new();
        for key in &set.keys {
            let own = key
                .jwk_single_algorithm()
                .map(|a| vec![a])
                .unwrap_or_else(|| key.usable_algorithms());
            for a in own {
                if !algs.contains(&a) {
                    algs.push(a);
                }
            }
        }
        Some(algs)
    }

    fn alg_fits_key(&self, alg: Algorithm) -> bool {
        self.key_algorithms()
            .is_none_or(|algs| algs.is_empty() || algs.contains(&alg))
    }

    /// Picks the algorithm unless the user chose one: the key's only algorithm, else
    /// the header's when the key allows it (display only: verification is still pinned
    /// to what the selector shows), else the key's first.
    fn choose_default_alg(&mut self) {
        if self.alg_source == AlgSource::User {
            return;
        }
        let header = self.header_alg();
        let (alg, source) = match self.key_algorithms() {
            Some(algs) if algs.len() == 1 => (algs[0], AlgSource::Key),
            Some(algs) if !algs.is_empty() => match header {
                Some(h) if algs.contains(&h) => (h, AlgSource::Header),
                _ => (algs[0], AlgSource::Key),
            },
            _ => match header {
                Some(h) => (h, AlgSource::Header),
                None => (self.alg, self.alg_source),
            },
        };
        self.alg = alg;
        self.alg_source = source;
    }

    fn verify(&mut self) {
        let opts = VerifyOptions {
            alg: Some(self.alg),
            claims: ClaimsOptions {
                now: self.claims_time(),
                leeway: self.leeway,
                iss: None,
                aud: None,
            },
        };
        let keys = match &self.keys {
            KeyState::Parsed(set) => Some(set),
            _ => None,
        };
        let mut v = verify(&self.decoded, keys, &opts);
        if let (KeyState::Failed(e), SignatureVerdict::Unchecked(_)) = (&self.keys, &v.signature) {
            v.signature = SignatureVerdict::Unchecked(Error::new(
                e.kind(),
                format!("the key could not be read: {}", e.message()),
            ));
        }
        self.verification = v;
    }

    fn recheck_claims(&mut self) {
        let opts = ClaimsOptions {
            now: self.claims_time(),
            leeway: self.leeway,
            iss: None,
            aud: None,
        };
        self.verification.claims = check_token_claims(&self.decoded, &opts);
    }

    // --- sign mode -----------------------------------------------------------

    fn edited_part(&mut self) {
        self.notice = None;
        if self.sign_mode {
            self.adopt_header_alg();
            self.resign();
        } else {
            self.draft = true;
        }
    }

    /// In sign mode the header is the user's own: an `alg` it names drives the selector.
    fn adopt_header_alg(&mut self) {
        let (value, _) = crate::jose::json::parse(&self.header_text);
        let named = value
            .as_ref()
            .and_then(|v| v.get("alg"))
            .and_then(Value::as_str);
        if let Some(alg) = named.and_then(|s| Algorithm::parse(s).ok()) {
            if alg != self.alg {
                self.alg = alg;
                self.alg_source = AlgSource::User;
            }
        }
    }

    /// Writes the selected algorithm into the header JSON, when it parses.
    fn set_header_alg(&mut self) {
        let (value, issue) = crate::jose::json::parse(&self.header_text);
        if issue.is_some() {
            return;
        }
        if let Some(Value::Object(mut map)) = value {
            if map.get("alg").and_then(Value::as_str) != Some(self.alg.name()) {
                if map.contains_key("alg") {
                    map.insert("alg".into(), Value::String(self.alg.name().into()));
                } else {
                    let mut out = Map::new();
                    out.insert("alg".into(), Value::String(self.alg.name().into()));
                    out.extend(map);
                    map = out;
                }
                self.header_text = pretty(&Value::Object(map));
            }
        }
    }

    /// The key to sign with: the first key of the set that can sign with `alg`.
    fn signing_key(&self) -> Result<&Key, Error> {
        let set = match &self.keys {
            KeyState::Parsed(set) => set,
            KeyState::Empty => {
                return Err(Error::new(
                    ErrorKind::KeyNotFound,
                    "no key: paste a secret or a private key (or generate one below) to sign",
                ))
            }
            KeyState::Failed(e) => {
                return Err(Error::new(
                    e.kind(),
                    format!("the key could not be read: {}", e.message()),
                ))
            }
        };
        let mut first_err = None;
        for key in &set.keys {
            match key.check_for(self.alg, KeyOp::Sign) {
                Ok(()) => return Ok(key),
                Err(e) => {
                    first_err.get_or_insert(e);
                }
            }
        }
        Err(first_err.unwrap_or_else(|| Error::new(ErrorKind::KeyNotFound, "the key set is empty")))
    }

    /// Signs the header and payload boxes. On success the token is replaced; on
    /// failure the error is kept for display and the last good token stays.
    fn resign(&mut self) {
        // Algorithm confusion is refused by the engine (`sign` → `check_for`).
        let result = self
            .signing_key()
            .and_then(|key| sign(&self.header_text, &self.payload_text, self.alg, key));
        match result {
            Ok(signed) => {
                self.sign_error = None;
                self.sign_warnings = signed.warnings;
                self.token = signed.token;
                self.signed_here = true;
                self.decoded = decode_unverified(&self.token);
                self.verify();
            }
            Err(e) => {
                let message = e.message().to_string();
                let target = if message.starts_with("the header") {
                    SignTarget::Header
                } else if message.starts_with("the payload") {
                    SignTarget::Payload
                } else {
                    SignTarget::Key
                };
                self.sign_error = Some(SignError { target, message });
                self.sign_warnings.clear();
                self.verify();
            }
        }
    }
}

/// JSON pretty-printed with two spaces (never fails on a `Value`).
pub fn pretty(value: &Value) -> String {
    serde_json::to_string_pretty(value).unwrap_or_default()
}

fn part_text(part: Option<&crate::jose::decode::Part>) -> String {
    match part {
        Some(p) => match &p.json {
            Some(v) => pretty(v),
            None => p.text.clone(),
        },
        None => String::new(),
    }
}
