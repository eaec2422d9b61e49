//! [`State::new`], [`State::update`] and the recomputations they trigger.

use serde_json::Value;

use super::{
    share, AlgSource, Copyable, Effect, KeyPairJob, KeyPairOutput, KeyState, Msg, SecretCheck,
    SecretFormat, State, WorkerTrouble, MAX_LEEWAY,
};
use crate::jose::alg::Algorithm;
use crate::jose::claims::{check_token_claims, ClaimsOptions};
use crate::jose::decode::decode_unverified;
use crate::jose::diagnose::{
    audit, audit_key, explain_within, AuditOptions, Explanation, MAX_COST_US,
};
use crate::jose::error::{Error, ErrorKind};
use crate::jose::key::{parse_key, KeyOp, KeySet, Secret, SecretEncoding};
use crate::jose::verify::{verify, SignatureVerdict, VerifyOptions};
use crate::jose::{b64, json, policy, report};

const EXAMPLE_LIFETIME: i64 = 15 * 60;

impl State {
    /// A page opened on what its fields already hold: the token and key text and the
    /// secret encoding the web layer read from them (`index.html` ships the example
    /// token, its secret and base64url; a visitor may have typed before the module
    /// started, and that is what the page opens on). `notice` is the sentence the
    /// page showed with them (the example's), kept until the first edit.
    pub fn open(
        now: i64,
        token: String,
        key_text: String,
        encoding: SecretEncoding,
        notice: Option<String>,
    ) -> State {
        let mut state = State::blank(now, key_text, encoding);
        state.reparse_key();
        // The token as any pasted one: decoded, its algorithm pinned, verified.
        state.update(Msg::TokenEdited(token));
        state.notice = notice;
        state
    }

    /// A page at `now` with an example HS256 token signed here with
    /// `example_secret`, its key filled in as base64url (what the tests and the
    /// benchmark start from; the page opens on `index.html`'s example, [`State::open`]).
    pub fn new(now: i64, example_secret: Secret) -> State {
        let mut state = State::blank(
            now,
            b64::encode(example_secret.bytes()),
            SecretEncoding::Base64Url,
        );
        state.header_text = json::pretty(&serde_json::json!({"alg": "HS256", "typ": "JWT"}));
        state.payload_text = json::pretty(&serde_json::json!({
            "sub": "1234567890",
            "name": "Ada Lovelace",
            "admin": true,
            "iat": now,
            "exp": now.saturating_add(EXAMPLE_LIFETIME),
        }));
        state.reparse_key();
        state.choose_alg();
        state.resign();
        state.signed_here = false;
        state
    }

    /// Nothing in the token or the parts; the key text not yet read.
    fn blank(now: i64, key_text: String, encoding: SecretEncoding) -> State {
        State {
            now,
            token: String::new(),
            decoded: decode_unverified(""),
            header_text: String::new(),
            payload_text: String::new(),
            draft: false,
            key_text,
            encoding,
            keys: KeyState::Empty,
            alg: Algorithm::HS256,
            alg_source: None,
            sign_mode: false,
            sign_error: None,
            sign_warnings: Vec::new(),
            sign_key: None,
            pending_sign: None,
            sign_in_flight: None,
            sign_waiting: None,
            sign_job: 0,
            queued: None,
            signed_here: false,
            leeway: 0,
            claims_table: false,
            page_url: String::new(),
            share_redact: false,
            share_expect: false,
            expect_iss: String::new(),
            expect_aud: String::new(),
            as_of: None,
            verification: verify(&decode_unverified(""), None, &VerifyOptions::default()),
            explanation: Explanation::default(),
            audit: Vec::new(),
            secret: None,
            secret_format: SecretFormat::Base64Url,
            keypair: KeyPairJob::Idle,
            check: SecretCheck::default(),
            notice: None,
            requests: 0,
            own_requests: 0,
            copy_status: None,
            workshop: super::Workshop::default(),
        }
    }

    /// The time the claims are checked at.
    pub fn claims_time(&self) -> i64 {
        self.as_of.unwrap_or(self.now)
    }

    /// Applies one message; returns work for the web layer, if any.
    pub fn update(&mut self, msg: Msg) -> Option<Effect> {
        let effect = self.apply(msg);
        // A weak-secret check is about the token it ran on: a new token forgets it.
        self.check.follow_token(&self.token);
        // Work a recomputation queued (a signature for the worker) goes out too; a
        // message's own effect and a queued one never come from the same message.
        effect.or_else(|| self.queued.take())
    }

    fn apply(&mut self, msg: Msg) -> Option<Effect> {
        match msg {
            Msg::TokenEdited(text) => {
                self.notice = None;
                self.token = text;
                self.signed_here = false;
                // A pasted token replaces whatever sign mode was waiting for.
                self.drop_pending_sign();
                self.sign_error = None;
                self.sign_warnings.clear();
                self.decode();
                self.choose_alg();
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
                self.alg_source = Some(AlgSource::User);
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
                        // Outside sign mode nothing is re-signed: drop a pending request.
                        self.drop_pending_sign();
                        self.sign_warnings.clear();
                        self.fill_parts_from_token();
                    }
                }
            }
            Msg::SetClaim(helper) => self.set_claim(helper),
            Msg::Leeway(secs) => {
                self.leeway = secs.min(MAX_LEEWAY);
                self.recheck_claims();
            }
            Msg::ClaimsTable(on) => self.claims_table = on,
            Msg::PageUrl(url) => self.page_url = url,
            Msg::ShareRedact(on) => self.share_redact = on,
            Msg::ShareExpect(on) => self.share_expect = on,
            Msg::SharedLink(fragment) => self.open_shared(&fragment),
            Msg::ExpectIss(text) => {
                self.expect_iss = text;
                self.recheck_claims();
            }
            Msg::ExpectAud(text) => {
                self.expect_aud = text;
                self.recheck_claims();
            }
            Msg::AsOf(at) => {
                self.as_of = at;
                self.recheck_claims();
                self.review();
            }
            Msg::Tick(now) => {
                self.now = now;
                if self.as_of.is_none() {
                    self.recheck_claims();
                    self.review();
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
                    let notice = format!(
                        "The generated {alg} secret is now the key ({}).",
                        self.secret_format
                    );
                    self.secret_into_key(text, self.secret_format.encoding(), Some(alg), notice);
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
            Msg::RandomFailed(e) => self.notice = Some(format!("No secret: {}", e.message())),
            Msg::WorkerTrouble(trouble) => {
                let message: String = match trouble {
                    WorkerTrouble::NotStarted => {
                        "no worker: this browser could not start one".into()
                    }
                    WorkerTrouble::FailedToStart(message) => {
                        message.unwrap_or_else(|| "the worker failed to start".into())
                    }
                };
                // A worker failed: work that may have been sent to it fails (never
                // waits forever); idle panels fail only when no worker is left.
                self.check.worker_failed(message.clone());
                self.workshop
                    .worker_failed(&message, self.check.workers.is_empty());
                self.worker_sign_failed(&message);
                if matches!(self.keypair, KeyPairJob::Busy(_)) || self.check.workers.is_empty() {
                    self.keypair = KeyPairJob::Failed(message);
                }
            }
            Msg::WorkersReady(ready) => self.check.workers = ready,
            Msg::SignedInWorker { job, reply } => {
                self.signed_in_worker(job, report::read_signature_reply(&reply))
            }
            Msg::SignFailedInWorker { job, message } => {
                let why = Error::new(ErrorKind::Sign, message);
                self.signed_in_worker(job, Err(why));
            }
            Msg::WordlistChosen(list) => {
                if !matches!(self.check.status, super::secret_check::Status::Running(_)) {
                    self.check.wordlist = list;
                }
            }
            Msg::SecretCheckStart(now_ms) => {
                let jobs = self.check.start(&self.token, &self.decoded, now_ms);
                return (!jobs.is_empty()).then_some(Effect::Crack(jobs));
            }
            Msg::SecretCheckCancel(now_ms) => self.check.cancel(now_ms),
            Msg::SecretCheckPart {
                job,
                worker,
                part,
                reply,
                now_ms,
            } => {
                let jobs = self.check.part_done(job, worker, part, &reply, now_ms);
                return (!jobs.is_empty()).then_some(Effect::Crack(jobs));
            }
            Msg::SecretCheckFailed { job, message } => self.check.part_failed(job, message),
            Msg::UseFoundSecret => {
                if let Some((found, alg)) = self.check.found() {
                    let (text, encoding) = (found.secret.clone(), found.encoding);
                    let notice = format!(
                        "The secret the check found is now the key ({}).",
                        encoding.label()
                    );
                    self.secret_into_key(text, encoding, alg, notice);
                }
            }
            Msg::Workshop(msg) => {
                let generated = match &self.keypair {
                    KeyPairJob::Done(out) => Some(out),
                    _ => None,
                };
                return self.workshop.update(msg, generated);
            }
            Msg::RequestsSeen(n) => self.requests = self.requests.saturating_add(n),
            Msg::OwnFilesSeen(n) => self.own_requests = self.own_requests.saturating_add(n),
            Msg::CopyRequested(what) => {
                return Some(Effect::Copy {
                    what,
                    text: self.copy_text(what),
                })
            }
            Msg::Copied(what, result) => {
                self.copy_status = Some(match result {
                    Ok(()) => format!("Copied {}.", what.label()),
                    Err(reason) => format!("Could not copy {}: {reason}", what.label()),
                });
            }
            Msg::UseKeyPairForSigning => {
                if let KeyPairJob::Done(out) = &self.keypair {
                    let (kind, pem) = (out.kind, out.private_pem.clone());
                    let Ok(alg) = kind.natural_algorithm() else {
                        return None;
                    };
                    self.key_text = pem;
                    self.alg = alg;
                    self.alg_source = Some(AlgSource::User);
                    self.reparse_key();
                    self.sign_mode = true;
                    self.draft = false;
                    self.set_header_alg();
                    self.resign();
                    self.notice = Some(format!(
                        "Sign mode is on: the token is now signed with the generated {} private key ({}).",
                        kind.label(),
                        alg
                    ));
                }
            }
        }
        None
    }

    /// Puts a secret in the key pane (a generated one, or one the weak-secret check
    /// found): its text and encoding, the algorithm it is for (the user's choice from
    /// now on), then verification or signing as after any key change.
    fn secret_into_key(
        &mut self,
        text: String,
        encoding: SecretEncoding,
        alg: Option<Algorithm>,
        notice: String,
    ) {
        self.key_text = text;
        self.encoding = encoding;
        if let Some(alg) = alg {
            self.alg = alg;
            self.alg_source = Some(AlgSource::User);
        }
        self.reparse_key();
        self.notice = Some(notice);
        self.after_key_change();
    }

    /// The text a copy button copies: what its element shows.
    fn copy_text(&self, what: Copyable) -> String {
        let pair = match &self.keypair {
            KeyPairJob::Done(out) => Some(out),
            _ => None,
        };
        let from_pair = |f: fn(&KeyPairOutput) -> &String| pair.map(f).cloned().unwrap_or_default();
        match what {
            Copyable::Token => self.token.clone(),
            Copyable::Header => self.header_text.clone(),
            Copyable::Payload => self.payload_text.clone(),
            Copyable::Key => self.key_text.clone(),
            Copyable::Secret => self
                .secret
                .as_ref()
                .map(|(_, s)| self.secret_format.encode(s))
                .unwrap_or_default(),
            Copyable::PublicPem => from_pair(|o| &o.public_pem),
            Copyable::PrivatePem => from_pair(|o| &o.private_pem),
            Copyable::PublicJwk => from_pair(|o| &o.public_jwk),
            Copyable::PrivateJwk => from_pair(|o| &o.private_jwk),
            // Its buttons send WorkshopMsg::Copy, which knows the key.
            Copyable::Workshop(_) => String::new(),
            Copyable::ShareLink => self.share_link().unwrap_or_default(),
        }
    }

    /// The share link for the token as it stands (`Err`: why there is none).
    pub(crate) fn share_link(&self) -> Result<String, &'static str> {
        let expect = self
            .share_expect
            .then_some((self.expect_iss.as_str(), self.expect_aud.as_str()));
        share::link(&self.page_url, &self.decoded, self.share_redact, expect)
    }

    /// Opens a share link: its token replaces the example (and the example's secret,
    /// which is not its key), its expectations are set, and the notice says what the
    /// link did not carry. A fragment that is not a share link changes nothing.
    fn open_shared(&mut self, fragment: &str) {
        let Some(shared) = share::read_fragment(fragment) else {
            return;
        };
        self.update(Msg::SignMode(false));
        self.update(Msg::KeyEdited(String::new()));
        self.expect_iss = shared.iss.unwrap_or_default();
        self.expect_aud = shared.aud.unwrap_or_default();
        self.update(Msg::TokenEdited(shared.token));
        self.notice = Some(if shared.redacted {
            "A token from a share link, without its signature: whoever shared it removed it, so it cannot be verified here. Links never carry a key."
        } else {
            "A token from a share link. Links never carry a key: paste the key in the key pane to verify it."
        }
        .to_string());
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
        let fits = self
            .key_set()
            .is_none_or(|set| policy::set_allows(set, self.alg, None, self.key_op()));
        if self.alg_source == Some(AlgSource::User) && !fits {
            // The user's choice does not fit the new key: let the rule choose again.
            self.alg_source = None;
        }
        self.choose_alg();
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

    /// The algorithm and `kid` the header names: the token's, or in sign mode the
    /// header box's (the user's own header).
    fn header_alg_and_kid(&self) -> (Option<Algorithm>, Option<String>) {
        if self.sign_mode {
            let (value, _) = json::parse(&self.header_text);
            let get = |name: &str| {
                value
                    .as_ref()
                    .and_then(|v| v.get(name))
                    .and_then(Value::as_str)
            };
            (
                get("alg").and_then(|s| Algorithm::parse(s).ok()),
                get("kid").map(str::to_string),
            )
        } else {
            (
                self.decoded.alg().ok(),
                self.decoded.header_str("kid").map(str::to_string),
            )
        }
    }

    fn key_set(&self) -> Option<&KeySet> {
        match &self.keys {
            KeyState::Parsed(set) => Some(set),
            _ => None,
        }
    }

    /// What the key is for: signing in sign mode, else verifying.
    fn key_op(&self) -> KeyOp {
        if self.sign_mode {
            KeyOp::Sign
        } else {
            KeyOp::Verify
        }
    }

    /// The user's algorithm, when they chose one: what verification is given.
    fn user_alg(&self) -> Option<Algorithm> {
        (self.alg_source == Some(AlgSource::User)).then_some(self.alg)
    }

    /// Pins the algorithm unless the user chose one, by the engine's one rule
    /// ([`policy::choose_alg`]). When the rule refuses, the selector keeps its value
    /// and `alg_source` is `None`; verification reports the refusal.
    pub(super) fn choose_alg(&mut self) {
        if self.alg_source == Some(AlgSource::User) {
            return;
        }
        let (header, kid) = self.header_alg_and_kid();
        match policy::choose_alg(None, self.key_set(), header, kid.as_deref(), self.key_op()) {
            Ok(choice) => {
                self.alg = choice.alg;
                self.alg_source = Some(choice.source);
            }
            Err(_) => self.alg_source = None,
        }
    }

    pub(super) fn verify(&mut self) {
        let opts = VerifyOptions {
            alg: self.user_alg(),
            claims: self.claims_options(),
        };
        let mut v = verify(&self.decoded, self.key_set(), &opts);
        if let (KeyState::Failed(e), SignatureVerdict::Unchecked(_)) = (&self.keys, &v.signature) {
            v.signature = SignatureVerdict::Unchecked(Error::new(
                e.kind(),
                format!("the key could not be read: {}", e.message()),
            ));
        }
        // Why not valid: a few alternatives through the same engine checks (at most
        // diagnose::MAX_ATTEMPTS), nothing when valid.
        // Within the page's time bound (the page explains on every keystroke).
        self.explanation = explain_within(
            &self.decoded,
            &self.key_text,
            self.encoding,
            self.key_set(),
            &v,
            MAX_COST_US,
        );
        self.verification = v;
        self.review();
    }

    /// The security review of the token with the engine's choice of key
    /// ([`audit_key`], as `jwtscope audit`), at the time the claims are checked.
    fn review(&mut self) {
        let key = audit_key(&self.decoded, self.key_set());
        let opts = AuditOptions {
            now: self.claims_time(),
            ..AuditOptions::default()
        };
        self.audit = audit(&self.decoded, key, &opts);
    }

    fn recheck_claims(&mut self) {
        self.verification.claims = check_token_claims(&self.decoded, &self.claims_options());
    }

    /// The clock, the leeway and the expected `iss`/`aud` (an empty box expects
    /// nothing): what the CLI's `--now`, `--leeway`, `--iss`, `--aud` give.
    fn claims_options(&self) -> ClaimsOptions {
        let expect = |text: &str| Some(text.trim().to_string()).filter(|t| !t.is_empty());
        ClaimsOptions {
            now: self.claims_time(),
            leeway: self.leeway,
            iss: expect(&self.expect_iss),
            aud: expect(&self.expect_aud),
        }
    }
}

fn part_text(part: Option<&crate::jose::decode::Part>) -> String {
    match part {
        Some(p) => match &p.json {
            Some(v) => json::pretty(v),
            None => p.text.clone(),
        },
        None => String::new(),
    }
}
