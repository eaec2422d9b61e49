//! The page's state machine, in plain Rust: [`State`], [`Msg`], [`State::update`] and
//! the view model ([`view::view_model`]). No web imports: the clock (`now`) and the
//! randomness (generated secrets, key pairs) come in through messages, so every flow
//! is tested natively; `crate::web` only binds events, paints and runs the worker.
//!
//! Layout: this file holds the state and the messages; [`update`](State::update) and
//! the recomputations are in `update.rs`, sign mode in `sign_mode.rs`. Every JOSE
//! decision (which algorithm, which key, what is confusion, where an error belongs)
//! is the engine's ([`crate::jose::policy`]); the state machine asks and keeps the
//! answers.
//!
//! Keystroke cost: the key is parsed only when its text or encoding changes (the
//! [`KeySet`] is cached), the token is decoded only when it changes, and the
//! signature is verified (and the token reviewed) on any change; a clock tick
//! re-checks only the claims and the review.

pub mod offline;
pub mod secret_check;
pub mod share;
mod sign_mode;
mod update;
pub mod view;
pub mod workshop;

#[cfg(test)]
mod tests;

use crate::jose::alg::Algorithm;
use crate::jose::decode::Decoded;
use crate::jose::diagnose::{AuditFinding, Explanation};
use crate::jose::error::{Error, Location};
use crate::jose::json;
use crate::jose::key::generate::KeyPairSpec;
use crate::jose::key::{KeyForm, KeySet, PrivateParts, Secret, SecretEncoding};
use crate::jose::problem::Warning;
use crate::jose::report::{self, KeyPairDocument};
use crate::jose::secret::SecretFormat;
use crate::jose::sign::SignPlan;
use crate::jose::verify::Verification;

pub use crate::jose::policy::AlgSource;
pub use secret_check::{CrackJob, Part, SecretCheck, Wordlist};
pub use view::{view_model, ViewModel};
pub use workshop::{Workshop, WorkshopJob, WorkshopMsg};

/// The largest leeway the page accepts (one day), in seconds.
pub const MAX_LEEWAY: u64 = 86_400;

/// A generated key pair, as the text the page shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyPairOutput {
    /// What was generated.
    pub kind: KeyPairSpec,
    /// Its RFC 7638 thumbprint, which its JWKs carry as `kid`.
    pub kid: String,
    /// PKCS#8 PEM.
    pub private_pem: String,
    /// SPKI PEM.
    pub public_pem: String,
    /// The public JWK, pretty-printed.
    pub public_jwk: String,
    /// The private JWK, pretty-printed.
    pub private_jwk: String,
}

impl KeyPairOutput {
    /// The page's text for a generated pair (the JWKs pretty-printed).
    pub fn new(doc: &KeyPairDocument) -> KeyPairOutput {
        KeyPairOutput {
            kind: doc.spec,
            kid: doc.kid.clone(),
            private_pem: doc.private_pem.clone(),
            public_pem: doc.public_pem.clone(),
            public_jwk: json::pretty(&doc.public_jwk),
            private_jwk: json::pretty(&doc.private_jwk),
        }
    }

    /// Reads the key-pair worker's reply ([`report::keypair_reply`]); an error is
    /// its message, for people.
    ///
    /// # Errors
    /// The worker's error, or why its reply could not be read.
    pub fn from_reply(text: &str) -> Result<KeyPairOutput, String> {
        report::read_keypair_reply(text)
            .map(|doc| KeyPairOutput::new(&doc))
            .map_err(|e| e.message().to_string())
    }
}

/// The key pair generator's progress.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyPairJob {
    /// Nothing asked yet.
    Idle,
    /// The worker is generating this kind.
    Busy(KeyPairSpec),
    /// Done.
    Done(KeyPairOutput),
    /// The worker failed (message for people).
    Failed(String),
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

/// Why the last edit in sign mode did not produce a token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignError {
    /// Which input, as the engine says ([`Error::location`]).
    pub location: Location,
    /// The engine's stable code.
    pub code: &'static str,
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
    /// A claim helper of sign mode: set a claim in the payload and sign.
    SetClaim(ClaimHelper),
    /// The claims leeway, in seconds.
    Leeway(u64),
    /// The payload is shown as a table of claims (`true`) or as JSON text.
    ClaimsTable(bool),
    /// The page's address, without fragment (share links point at it).
    PageUrl(String),
    /// The page was opened with this URL fragment (`location.hash`): a share link's
    /// token and expectations, if it is one ([`share::read_fragment`]).
    SharedLink(String),
    /// Share links leave the signature out.
    ShareRedact(bool),
    /// Share links carry the expected `iss` and `aud`.
    ShareExpect(bool),
    /// The expected issuer (`iss`) was typed; empty expects none.
    ExpectIss(String),
    /// The expected audience (`aud`) was typed; empty expects none.
    ExpectAud(String),
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
    KeyPairRequested(KeyPairSpec),
    /// The worker answered (an error: the engine's message).
    KeyPairFinished(Result<KeyPairOutput, String>),
    /// The key-pair worker could not be used.
    WorkerTrouble(WorkerTrouble),
    /// Put the generated private key in the key pane and sign with it.
    UseKeyPairForSigning,
    /// The random source failed when a secret was asked for.
    RandomFailed(Error),
    /// The page saw this many more network requests after its own files loaded,
    /// none of them to its own files ([`offline::is_own_file`]).
    RequestsSeen(u32),
    /// The page fetched this many of its own files again after it loaded (allowed:
    /// [`offline::OWN_FILES`]).
    OwnFilesSeen(u32),
    /// The page has this many workers ready (the weak-secret check shares its work
    /// among them).
    WorkersReady(Vec<usize>),
    /// A wordlist file was picked (or the choice cleared).
    WordlistChosen(Option<Wordlist>),
    /// Start the weak-secret check (the page's clock, milliseconds).
    SecretCheckStart(f64),
    /// Stop it.
    SecretCheckCancel(f64),
    /// A worker answered one part of the check ([`crate::jose::report::crack_reply`] text).
    SecretCheckPart {
        /// The run the part belongs to.
        job: u32,
        /// The worker that answered.
        worker: usize,
        /// The part.
        part: Part,
        /// The worker's reply.
        reply: String,
        /// When it arrived (the page's clock, milliseconds).
        now_ms: f64,
    },
    /// A part of check run `job` could not be run (a worker's error, an unreadable
    /// file).
    SecretCheckFailed {
        /// The run it belonged to.
        job: u32,
        /// Why, for people.
        message: String,
    },
    /// Put the secret the check found in the key pane.
    UseFoundSecret,
    /// The worker could not run a signing request (its exception, for people).
    SignFailedInWorker {
        /// The request.
        job: u32,
        /// Why.
        message: String,
    },
    /// The worker answered a [`Effect::Sign`] ([`crate::jose::report::signature_reply`] text).
    SignedInWorker {
        /// The request it answers (an older one than the last is dropped).
        job: u32,
        /// The worker's reply.
        reply: String,
    },
    /// A copy button was pressed.
    CopyRequested(Copyable),
    /// The clipboard answered a [`Effect::Copy`]: done, or why not.
    Copied(Copyable, Result<(), String>),
    /// The keys workshop ([`workshop`]).
    Workshop(WorkshopMsg),
}

/// The claim helpers of sign mode (RFC 7519 §4.1): each sets one claim in the
/// payload, in place, at the page's clock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClaimHelper {
    /// `iat`: now.
    IatNow,
    /// `nbf`: now.
    NbfNow,
    /// `exp`: now plus this many seconds (negative: already expired).
    ExpIn(i64),
    /// `jti`: this random identifier (from the browser's CSPRNG).
    Jti(String),
}

/// What a copy button copies. Each has the element id its button names in
/// `data-copy` (a contract of index.html) and a label for the status line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Copyable {
    /// The token box.
    Token,
    /// The header box.
    Header,
    /// The payload box.
    Payload,
    /// The key box.
    Key,
    /// The generated secret, in its chosen format.
    Secret,
    /// The generated public key, SPKI PEM.
    PublicPem,
    /// The generated private key, PKCS#8 PEM.
    PrivatePem,
    /// The generated public JWK.
    PublicJwk,
    /// The generated private JWK.
    PrivateJwk,
    /// An output of the keys workshop (its buttons name `data-ws-copy`, not
    /// `data-copy`: there is one per key; not in [`Copyable::ALL`]).
    Workshop(KeyForm),
    /// The share link.
    ShareLink,
}

impl Copyable {
    /// Every copy target.
    pub const ALL: [Copyable; 10] = [
        Copyable::Token,
        Copyable::Header,
        Copyable::Payload,
        Copyable::Key,
        Copyable::Secret,
        Copyable::PublicPem,
        Copyable::PrivatePem,
        Copyable::PublicJwk,
        Copyable::PrivateJwk,
        Copyable::ShareLink,
    ];

    /// The id of the element shown (`data-copy` on its button).
    pub const fn id(self) -> &'static str {
        match self {
            Copyable::Token => "token",
            Copyable::Header => "header",
            Copyable::Payload => "payload",
            Copyable::Key => "key",
            Copyable::Secret => "secret-output",
            Copyable::PublicPem => "kp-public-pem",
            Copyable::PrivatePem => "kp-private-pem",
            Copyable::PublicJwk => "kp-public-jwk",
            Copyable::PrivateJwk => "kp-private-jwk",
            Copyable::Workshop(form) => form.name(),
            Copyable::ShareLink => "share-link",
        }
    }

    /// For people: `the token`, `the public key (SPKI PEM)`…
    pub const fn label(self) -> &'static str {
        match self {
            Copyable::Token => "the token",
            Copyable::Header => "the header",
            Copyable::Payload => "the payload",
            Copyable::Key => "the key",
            Copyable::Secret => "the secret",
            Copyable::PublicPem => "the public key (SPKI PEM)",
            Copyable::PrivatePem => "the private key (PKCS#8 PEM)",
            Copyable::PublicJwk => "the public JWK",
            Copyable::PrivateJwk => "the private JWK",
            Copyable::Workshop(form) => workshop::copy_label(form),
            Copyable::ShareLink => "the share link",
        }
    }

    /// The target whose element id is `id`.
    pub fn from_id(id: &str) -> Option<Copyable> {
        Copyable::ALL.into_iter().find(|c| c.id() == id)
    }
}

/// Why the key-pair worker could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WorkerTrouble {
    /// This browser could not start one.
    NotStarted,
    /// It started and reported a failure (its message, if it gave one).
    FailedToStart(Option<String>),
}

/// A signature for the worker to make: the plan's signing input, and the chosen
/// private key as its numbers (`Debug` shows neither the numbers nor the input).
#[derive(Clone, PartialEq, Eq)]
pub struct SignJob {
    /// The request number ([`Msg::SignedInWorker`] carries it back).
    pub job: u32,
    /// The algorithm.
    pub alg: Algorithm,
    /// `BASE64URL(header) "." BASE64URL(payload)`.
    pub input: String,
    /// The key.
    pub parts: PrivateParts,
}

impl std::fmt::Debug for SignJob {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SignJob")
            .field("job", &self.job)
            .field("alg", &self.alg)
            .field("input", &format_args!("<{} bytes>", self.input.len()))
            .field("parts", &self.parts)
            .finish()
    }
}

/// Work the web layer must start after an update.
#[derive(Clone, PartialEq, Eq)]
pub enum Effect {
    /// Generate a key pair in the worker, then send [`Msg::KeyPairFinished`].
    GenerateKeyPair(KeyPairSpec),
    /// Send these parts of the weak-secret check to their workers; each answers
    /// with [`Msg::SecretCheckPart`].
    Crack(Vec<CrackJob>),
    /// Sign in the worker with a private key (the page's module has no private-key
    /// signer); it answers with [`Msg::SignedInWorker`].
    Sign(SignJob),
    /// Write a pasted private key's private forms in the worker (the page's module
    /// has no private-key writer); it answers with [`WorkshopMsg::Replied`] or
    /// [`WorkshopMsg::Failed`].
    Workshop(WorkshopJob),
    /// Write `text` to the clipboard, then send [`Msg::Copied`].
    Copy {
        /// What is copied (for the status line).
        what: Copyable,
        /// The text.
        text: String,
    },
}

/// Keys and secrets pass through [`Effect::Copy`]: its `Debug` shows only the length.
impl std::fmt::Debug for Effect {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Effect::GenerateKeyPair(kind) => f.debug_tuple("GenerateKeyPair").field(kind).finish(),
            Effect::Crack(jobs) => f.debug_tuple("Crack").field(jobs).finish(),
            Effect::Sign(job) => f.debug_tuple("Sign").field(job).finish(),
            Effect::Workshop(job) => f.debug_tuple("Workshop").field(job).finish(),
            Effect::Copy { what, text } => f
                .debug_struct("Copy")
                .field("what", what)
                .field("text", &format_args!("<{} bytes>", text.len()))
                .finish(),
        }
    }
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
    /// Where `alg` came from ([`crate::jose::policy::choose_alg`]); `None` while nothing pins one
    /// (no key and no header `alg`, or the rule refused: verification says why).
    pub alg_source: Option<AlgSource>,
    /// Sign mode.
    pub sign_mode: bool,
    /// The last sign-mode edit that failed.
    pub sign_error: Option<SignError>,
    /// Warnings from the last signing (short secret…).
    pub sign_warnings: Vec<Warning>,
    /// A private-key signature the worker is making: its request number and the plan
    /// it completes (a newer edit replaces it; an older reply is dropped).
    pub pending_sign: Option<(u32, SignPlan)>,
    /// The signing request the worker is on, if any: one at a time, so a burst of
    /// keystrokes never queues a signature per key in the worker.
    pub sign_in_flight: Option<u32>,
    /// The newest request, held until the one in flight comes back (older ones held
    /// before it are dropped unsent).
    sign_waiting: Option<SignJob>,
    /// The last signing request number.
    pub sign_job: u32,
    /// Work queued by a recomputation, returned by [`State::update`].
    queued: Option<Effect>,
    /// The key the last signing used ([`crate::jose::policy::select_key`]): its index in the set
    /// and, for people, what it is and why it was chosen.
    pub sign_key: Option<(usize, String)>,
    /// Whether the current token was produced in this page by sign mode.
    pub signed_here: bool,
    /// Claims leeway, seconds.
    pub leeway: u64,
    /// The payload is shown as a table of claims rather than as JSON text.
    pub claims_table: bool,
    /// The page's address without fragment, for share links.
    pub page_url: String,
    /// Share links leave the signature out.
    pub share_redact: bool,
    /// Share links carry the expected `iss` and `aud`.
    pub share_expect: bool,
    /// The expected `iss`, as typed (empty: none).
    pub expect_iss: String,
    /// The expected audience, as typed (empty: none).
    pub expect_aud: String,
    /// Check the claims as of this time instead of now.
    pub as_of: Option<i64>,
    /// The last verification.
    pub verification: Verification,
    /// Why it is not valid ([`crate::jose::diagnose::explain`]): empty when valid.
    pub explanation: Explanation,
    /// The security review ([`crate::jose::diagnose::audit`], the CLI's `jwtscope
    /// audit`) of the token, with the key verification used, at the claims time:
    /// recomputed on every verification and when that time moves.
    pub audit: Vec<AuditFinding>,
    /// The last generated secret.
    pub secret: Option<(Algorithm, Secret)>,
    /// How it is shown.
    pub secret_format: SecretFormat,
    /// The key pair generator.
    pub keypair: KeyPairJob,
    /// The weak-secret check.
    pub check: SecretCheck,
    /// A one-line status for the last explicit action ("Key filled…").
    pub notice: Option<String>,
    /// Network requests seen after the page's own files loaded ([`Msg::RequestsSeen`]).
    pub requests: u32,
    /// The page's own files fetched again after it loaded ([`Msg::OwnFilesSeen`]).
    pub own_requests: u32,
    /// The last copy's outcome, for people ("Copied the token.").
    pub copy_status: Option<String>,
    /// The keys workshop.
    pub workshop: Workshop,
}
