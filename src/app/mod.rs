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
//! signature is verified on any change; a clock tick re-checks only the claims.

mod sign_mode;
mod update;
pub mod view;

#[cfg(test)]
mod tests;

use crate::jose::alg::Algorithm;
use crate::jose::decode::Decoded;
use crate::jose::error::{Error, Location};
use crate::jose::key::generate::KeyPairSpec;
use crate::jose::key::{KeySet, Secret, SecretEncoding};
use crate::jose::problem::Warning;
use crate::jose::secret::SecretFormat;
use crate::jose::verify::Verification;

pub use crate::jose::policy::AlgSource;
pub use view::{view_model, ViewModel};

/// The largest leeway the page accepts (one day), in seconds.
pub const MAX_LEEWAY: u64 = 86_400;

/// A generated key pair, as the text the page shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyPairOutput {
    /// What was generated.
    pub kind: KeyPairSpec,
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
    KeyPairRequested(KeyPairSpec),
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
    GenerateKeyPair(KeyPairSpec),
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
    /// Where `alg` came from ([`policy::choose_alg`]); `None` while nothing pins one
    /// (no key and no header `alg`, or the rule refused: verification says why).
    pub alg_source: Option<AlgSource>,
    /// Sign mode.
    pub sign_mode: bool,
    /// The last sign-mode edit that failed.
    pub sign_error: Option<SignError>,
    /// Warnings from the last signing (short secret…).
    pub sign_warnings: Vec<Warning>,
    /// The key the last signing used ([`policy::select_key`]): its index in the set
    /// and, for people, what it is and why it was chosen.
    pub sign_key: Option<(usize, String)>,
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
