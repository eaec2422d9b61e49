//! Sign mode: the header and payload boxes are the user's; every edit signs a new
//! token with the engine ([`sign::sign_with_set`]), or keeps the last good one and
//! says which input is wrong ([`Error::location`]).

use serde_json::Value;

use super::{AlgSource, KeyState, SignError, State};
use crate::jose::alg::Algorithm;
use crate::jose::decode::decode_unverified;
use crate::jose::error::{Error, ErrorKind, Location};
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
    /// failure the error is kept for display and the last good token stays.
    pub(super) fn resign(&mut self) {
        let result = match &self.keys {
            // The engine chooses the key (by the header's kid, else the first that can
            // sign) and refuses algorithm confusion.
            KeyState::Parsed(set) => {
                sign::sign_with_set(&self.header_text, &self.payload_text, self.alg, set)
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
        match result {
            Ok(with) => {
                self.sign_error = None;
                self.sign_warnings = with.signed.warnings;
                self.sign_key = Some((with.index, format!("{} ({})", with.description, with.why)));
                self.token = with.signed.token;
                self.signed_here = true;
                self.decoded = decode_unverified(&self.token);
                self.verify();
            }
            Err(e) => {
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
    }
}
