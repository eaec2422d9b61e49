//! Sign mode: the header and payload boxes are the user's; every edit plans a new
//! token with the engine ([`sign::plan_with_set`]) — signed at once with an HMAC
//! secret, in the worker with a private key (one request at a time, the newest
//! held) — or keeps the last good one and says which input is wrong
//! ([`Error::location`]).

use serde_json::Value;

use super::{AlgSource, ClaimHelper, Effect, KeyState, SignError, SignJob, State};
use crate::jose::alg::Algorithm;
use crate::jose::decode::decode_unverified;
use crate::jose::error::{Error, ErrorKind, Location};
use crate::jose::key::KeyMaterial;
use crate::jose::sign::SignedWith;
use crate::jose::{json, sign};

impl State {
    pub(super) fn edited_part(&mut self) {
        self.notice = None;
        if self.sign_mode {
            self.adopt_header_alg();
            self.resign();
        } else {
            self.draft = true;
        }
    }

    /// A claim helper: the claim is set in the payload box in place (member order
    /// kept: [`sign::payload_with_claim`]) and the token signed again; a payload that
    /// does not read says so under the payload, and nothing is changed.
    pub(super) fn set_claim(&mut self, helper: ClaimHelper) {
        let now = self.now;
        let (name, value): (&str, Value) = match helper {
            ClaimHelper::IatNow => ("iat", now.into()),
            ClaimHelper::NbfNow => ("nbf", now.into()),
            ClaimHelper::ExpIn(secs) => ("exp", now.saturating_add(secs).into()),
            ClaimHelper::Jti(id) => ("jti", id.into()),
        };
        match sign::payload_with_claim(&self.payload_text, name, value) {
            Ok(text) => {
                self.payload_text = text;
                self.edited_part();
                self.notice = Some(format!("Set \"{name}\" in the payload."));
            }
            Err(e) => {
                self.notice = Some(format!(
                    "Cannot set \"{name}\": {} Fix the payload first.",
                    e.message()
                ));
            }
        }
    }

    /// In sign mode the header is the user's own: an `alg` it names drives the selector.
    pub(super) fn adopt_header_alg(&mut self) {
        let (value, _) = json::parse(&self.header_text);
        let named = value
            .as_ref()
            .and_then(|v| v.get("alg"))
            .and_then(Value::as_str);
        if let Some(alg) = named.and_then(|s| Algorithm::parse(s).ok()) {
            if alg != self.alg {
                self.alg = alg;
                self.alg_source = Some(AlgSource::User);
            }
        }
    }

    /// Writes the selected algorithm into the header JSON, when it parses
    /// ([`sign::header_with_alg`]).
    pub(super) fn set_header_alg(&mut self) {
        if let Some(text) = sign::header_with_alg(&self.header_text, self.alg) {
            self.header_text = text;
        }
    }

    /// Signs the header and payload boxes. On success the token is replaced; on
    /// failure the error is kept for display and the last good token stays. The
    /// engine plans the signature ([`sign::plan_with_set`]: the key by the header's
    /// kid, else the first that can sign; algorithm confusion refused); an HMAC secret
    /// signs here at once, a private key in the worker ([`Effect::Sign`]), whose reply
    /// ([`State::signed_in_worker`]) completes the plan unless a newer edit replaced it.
    pub(super) fn resign(&mut self) {
        // A newer edit: an answer for an older one is dropped.
        self.drop_pending_sign();
        let planned = match &self.keys {
            KeyState::Parsed(set) => {
                sign::plan_with_set(&self.header_text, &self.payload_text, self.alg, set)
                    .map(|plan| (plan.sign_secret(set), plan, set))
            }
            KeyState::Empty => Err(Error::new(
                ErrorKind::KeyNotFound,
                "no key: paste a secret or a private key (or generate one below) to sign",
            )
            .at(Location::Key)),
            KeyState::Failed(e) => Err(Error::new(
                e.kind(),
                format!("the key could not be read: {}", e.message()),
            )
            .at(Location::Key)),
        };
        let result = match planned {
            Ok((Some(signature), plan, _)) => signature.map(|sig| plan.finish(&sig)),
            Ok((None, plan, set)) => {
                let parts = match set.keys.get(plan.index).map(|k| &k.material) {
                    Some(KeyMaterial::Private(key)) => key.parts(),
                    _ => {
                        return self.sign_failed(
                            Error::new(
                                ErrorKind::KeyPrivateRequired,
                                "a private key is needed to sign",
                            )
                            .at(Location::Key),
                        )
                    }
                };
                self.sign_job = self.sign_job.wrapping_add(1);
                let job = SignJob {
                    job: self.sign_job,
                    alg: plan.alg,
                    input: plan.input.clone(),
                    parts,
                };
                self.pending_sign = Some((self.sign_job, plan));
                self.send_or_hold(job);
                self.sign_error = None;
                // Until the worker answers, the token shown is the last one signed:
                // verify it with the key now given, never keep a verdict for a key
                // that is no longer there.
                self.verify();
                return;
            }
            Err(e) => Err(e),
        };
        match result {
            Ok(with) => self.signed(with),
            Err(e) => self.sign_failed(e),
        }
    }

    /// Sends `job` to the worker, or holds it (replacing any held one) while another
    /// is in flight.
    fn send_or_hold(&mut self, job: SignJob) {
        if self.sign_in_flight.is_some() {
            self.sign_waiting = Some(job);
        } else {
            self.sign_in_flight = Some(job.job);
            self.queued = Some(Effect::Sign(job));
        }
    }

    /// Forgets the signature being waited for (a newer edit, a pasted token, sign
    /// mode off); an answer still coming for it is dropped.
    pub(super) fn drop_pending_sign(&mut self) {
        self.pending_sign = None;
        self.sign_waiting = None;
    }

    /// The worker's answer to the signing request `job`: completes the plan, unless
    /// a newer edit replaced it; then the held request, if any, goes out.
    pub(super) fn signed_in_worker(&mut self, job: u32, reply: Result<Vec<u8>, Error>) {
        if self.sign_in_flight == Some(job) {
            self.sign_in_flight = None;
            if let Some(next) = self.sign_waiting.take() {
                self.send_or_hold(next);
            }
        }
        let Some((pending, _)) = &self.pending_sign else {
            return;
        };
        if *pending != job || !self.sign_mode {
            return;
        }
        let Some((_, plan)) = self.pending_sign.take() else {
            return;
        };
        match reply {
            Ok(signature) => self.signed(plan.finish(&signature)),
            Err(e) => self.sign_failed(e.at(Location::Key)),
        }
    }

    /// The worker cannot sign: a pending request fails with the reason.
    pub(super) fn worker_sign_failed(&mut self, message: &str) {
        self.sign_in_flight = None;
        self.sign_waiting = None;
        if self.pending_sign.take().is_some() {
            self.sign_failed(
                Error::new(
                    ErrorKind::Sign,
                    format!("signing with a private key runs in the page's worker, which failed: {message}"),
                )
                .at(Location::Key),
            );
        }
    }

    fn signed(&mut self, with: SignedWith) {
        self.sign_error = None;
        self.sign_warnings = with.signed.warnings;
        self.sign_key = Some((with.index, format!("{} ({})", with.description, with.why)));
        self.token = with.signed.token;
        self.signed_here = true;
        self.decoded = decode_unverified(&self.token);
        self.verify();
    }

    fn sign_failed(&mut self, e: Error) {
        self.sign_error = Some(SignError {
            // Every signing error is made with its location; a key problem is
            // the fallback only for an error from outside signing.
            location: e.location().unwrap_or(Location::Key),
            code: e.code(),
            message: e.message().to_string(),
        });
        self.sign_warnings.clear();
        self.sign_key = None;
        self.verify();
    }
}
