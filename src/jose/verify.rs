//! Verification: pinned, strict and explainable.
//!
//! The algorithm is pinned by [`policy::choose_alg`] — the user's choice, else the
//! one the key names, else the header's only within what the key allows — and never
//! from the token header alone (RFC 8725 §3.1); the key by [`policy::select_key`]. `alg:
//! none` never verifies. Keys in the header (`jwk`, `x5c`) and key URLs (`jku`,
//! `x5u`) are reported and never used or fetched. The result is data: a
//! [`SignatureVerdict`], the key used, a claims report and warnings.
//!
//! [`verify_with_key`] is the single step — one algorithm, one key, no parsing — so
//! an explainer can try alternatives (other encodings, other keys of a set).

use serde_json::Value;

use super::alg::Algorithm;
use super::claims::{check_token_claims, ClaimsOptions, ClaimsReport};
use super::crypto;
use super::decode::{Decoded, TokenForm};
use super::error::{Error, ErrorKind};
use super::key::{Key, KeyMaterial, KeyOp, KeySet};
use super::policy::{self, AlgSource, Selection};
use super::problem::{Problem, SegmentName, Severity, Warning, WarningKind};
use super::secret;

/// Header parameters this engine understands when listed in `crit` (RFC 7515 §4.1.11).
const UNDERSTOOD_CRIT: &[&str] = &["b64"];

/// Header parameters registered by RFC 7515/7516/7519, which `crit` must not list.
const REGISTERED_HEADERS: &[&str] = &[
    "alg", "jku", "jwk", "kid", "x5u", "x5c", "x5t", "x5t#S256", "typ", "cty", "crit", "enc", "zip",
];

/// How to verify.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VerifyOptions {
    /// The user's algorithm. `None`: [`policy::choose_alg`] pins one from the key, or
    /// from the header within what the key allows.
    pub alg: Option<Algorithm>,
    /// Clock, leeway and expected `iss`/`aud`.
    pub claims: ClaimsOptions,
}

/// The signature check alone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignatureVerdict {
    /// The signature matches under the pinned algorithm and key.
    Valid,
    /// The token is refused: mismatch, malformed signature, `alg: none`, confusion…
    Invalid(Error),
    /// The check could not run: no key, wrong key type, no algorithm…
    Unchecked(Error),
}

impl SignatureVerdict {
    /// `valid`, `invalid` or `unchecked` (the page's `data-signature`).
    pub fn as_str(&self) -> &'static str {
        match self {
            SignatureVerdict::Valid => "valid",
            SignatureVerdict::Invalid(_) => "invalid",
            SignatureVerdict::Unchecked(_) => "unchecked",
        }
    }

    /// Why not valid.
    pub fn reason(&self) -> Option<&Error> {
        match self {
            SignatureVerdict::Valid => None,
            SignatureVerdict::Invalid(e) | SignatureVerdict::Unchecked(e) => Some(e),
        }
    }

    fn from_check(result: Result<(), Error>) -> Self {
        match result {
            Ok(()) => SignatureVerdict::Valid,
            Err(e) => match e.kind() {
                ErrorKind::SignatureMismatch
                | ErrorKind::SignatureDer
                | ErrorKind::SignatureLength
                | ErrorKind::AlgConfusion => SignatureVerdict::Invalid(e),
                _ => SignatureVerdict::Unchecked(e),
            },
        }
    }
}

/// Which key verified (or was tried).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyUsed {
    /// Index in the key set.
    pub index: usize,
    /// Its `kid`, if any.
    pub kid: Option<String>,
    /// "RSA public key, 2048 bits, JWK, kid …".
    pub description: String,
    /// Why this key was chosen.
    pub reason: Selection,
    /// The reason for people ("the token's kid \"a\"").
    pub why: String,
}

/// The whole result.
#[derive(Debug, Clone, PartialEq)]
pub struct Verification {
    /// The algorithm verification was pinned to, when one could be chosen.
    pub alg: Option<Algorithm>,
    /// Where `alg` came from ([`policy::choose_alg`]).
    pub alg_source: Option<AlgSource>,
    /// The signature verdict.
    pub signature: SignatureVerdict,
    /// The key that was used, when one was chosen.
    pub key_used: Option<KeyUsed>,
    /// Time claims and expectations.
    pub claims: ClaimsReport,
    /// Things a careful user should know.
    pub warnings: Vec<Warning>,
}

impl Verification {
    /// The overall verdict: the signature is valid and the payload is a JWT claims
    /// set that was read and whose checked claims pass ([`ClaimsStatus::passes`]).
    /// A valid JWS whose payload is not a claims set is not a valid JWT.
    ///
    /// [`ClaimsStatus::passes`]: super::claims::ClaimsStatus::passes
    pub fn is_valid(&self) -> bool {
        self.signature == SignatureVerdict::Valid && self.claims.status.passes()
    }
}

/// Warnings about key material carried by the header: shown, never trusted.
pub fn header_warnings(decoded: &Decoded) -> Vec<Warning> {
    let mut out = Vec::new();
    let Some(h) = decoded.header_object() else {
        return out;
    };
    for name in ["jwk", "x5c"] {
        if h.contains_key(name) {
            out.push(Warning::new(
                WarningKind::EmbeddedKey,
                format!("the header carries its own key (\"{name}\"): shown, never used — a token cannot vouch for itself"),
            ));
        }
    }
    for name in ["jku", "x5u"] {
        if let Some(v) = h.get(name) {
            out.push(Warning::new(
                WarningKind::KeyUrl,
                format!("the header names a key URL (\"{name}\": {v}): never fetched — jwtscope makes no network requests"),
            ));
        }
    }
    out
}

/// Verifies a decoded token with a key set under `opts`.
///
/// `keys` is `None` when the user has not given a key: the verdict is then
/// "unchecked" and the claims are still reported.
pub fn verify(decoded: &Decoded, keys: Option<&KeySet>, opts: &VerifyOptions) -> Verification {
    let claims = check_token_claims(decoded, &opts.claims);
    let mut warnings = header_warnings(decoded);
    warnings.extend(claims.warnings.iter().cloned());
    let mut v = Verification {
        alg: opts.alg,
        alg_source: opts.alg.map(|_| AlgSource::User),
        signature: SignatureVerdict::Valid,
        key_used: None,
        claims,
        warnings,
    };

    if let Err(e) = token_refusal(decoded) {
        v.signature = e;
        return v;
    }
    let Some(keys) = keys else {
        v.signature = SignatureVerdict::Unchecked(Error::new(
            ErrorKind::KeyNotFound,
            "no key: paste a secret, PEM, JWK or JWKS to check the signature",
        ));
        return v;
    };
    let kid = match policy::header_kid(decoded.header_object(), keys) {
        Ok(kid) => kid,
        Err(e) => {
            v.signature = SignatureVerdict::Unchecked(e);
            return v;
        }
    };
    let choice =
        match policy::choose_alg(opts.alg, Some(keys), decoded.alg().ok(), kid, KeyOp::Verify) {
            Ok(choice) => choice,
            Err(e) => {
                // A header outside what the key allows refuses the token; no
                // algorithm or no key means no check ran.
                v.signature = if e.kind() == ErrorKind::AlgMismatch {
                    SignatureVerdict::Invalid(e)
                } else {
                    SignatureVerdict::Unchecked(e)
                };
                return v;
            }
        };
    let alg = choice.alg;
    v.alg = Some(alg);
    v.alg_source = Some(choice.source);
    // The header's alg must be the pinned one (RFC 8725 §3.1).
    match decoded.alg() {
        Ok(header_alg) if header_alg == alg => {}
        Ok(header_alg) => {
            // An HMAC header against public-key material is the shape of the
            // algorithm-confusion attack: say so (the code stays the pinning one).
            let why = if policy::set_confusion(header_alg, keys).is_some() {
                ": an HMAC token checked against public-key material — if it was MAC'd with this key's text it is a forgery by algorithm confusion (RFC 8725 §2.1), never accept it"
            } else {
                ""
            };
            v.signature = SignatureVerdict::Invalid(Error::new(
                ErrorKind::AlgMismatch,
                format!("the token says {header_alg}, but verification is pinned to {choice}{why}"),
            ));
            return v;
        }
        Err(e) => {
            v.signature = SignatureVerdict::Invalid(e);
            return v;
        }
    }
    if policy::mixed_set(keys) {
        v.signature = SignatureVerdict::Unchecked(Error::new(
            ErrorKind::KeyUsage,
            "this JWKS mixes shared secrets with asymmetric keys: which one applies would be up to the token, so it is not used (split the set)",
        ));
        return v;
    }
    let selected = match policy::select_key(keys, alg, kid, KeyOp::Verify) {
        Ok(selected) => selected,
        Err(e) => {
            // Confusion is a verdict on the token; a missing key means no check ran.
            v.signature = SignatureVerdict::from_check(Err(e));
            return v;
        }
    };
    let key = selected.key;
    v.key_used = Some(KeyUsed {
        index: selected.index,
        kid: key.kid.clone(),
        description: key.describe(),
        reason: selected.reason,
        why: selected.explain(alg, KeyOp::Verify),
    });
    if let KeyMaterial::Secret(s) = &key.material {
        v.warnings.extend(secret::warnings(s.bytes(), alg));
    }
    // The token-level refusals already ran above.
    v.signature = check_key(decoded, alg, key);
    if v.signature == SignatureVerdict::Valid {
        v.warnings.extend(signature_warnings(decoded, alg));
    }
    v
}

/// What a valid signature's form says: an ES256K signature with a high S.
fn signature_warnings(decoded: &Decoded, alg: Algorithm) -> Option<Warning> {
    let sig = decoded.signature.as_deref()?;
    crypto::ecdsa_high_s(alg, sig).then(|| {
        Warning::new(
            WarningKind::EcdsaHighS,
            format!("the {alg} signature has a high S value (accepted: RFC 8812 does not require low S; some libraries reject it)"),
        )
    })
}

/// One check: `decoded`'s signature under `alg` and `key`, no selection, no parsing.
///
/// Token-level refusals (`none`, malformed segments, `crit`) apply here too, so an
/// explainer trying alternatives gets the same strictness.
pub fn verify_with_key(decoded: &Decoded, alg: Algorithm, key: &Key) -> SignatureVerdict {
    match token_refusal(decoded) {
        Err(verdict) => verdict,
        Ok(()) => check_key(decoded, alg, key),
    }
}

/// Checks `signature` over arbitrary `input` bytes: the key must fit `alg`
/// ([`Key::check_for`], which refuses algorithm confusion first), then the primitive.
/// What [`verify_with_key`] runs on a token's signing input, for callers whose message
/// is not a JWS (Wycheproof's primitive vectors, benchmarks).
///
/// # Errors
/// The key's refusal (see [`Key::check_for`]), or `ERR_JWS_SIGNATURE_VERIFICATION_FAILED`,
/// `ERR_JWS_SIGNATURE_LENGTH`, `ERR_JWS_SIGNATURE_DER` from the primitive.
pub fn verify_bytes(
    alg: Algorithm,
    key: &Key,
    input: &[u8],
    signature: &[u8],
) -> Result<(), Error> {
    key.check_for(alg, KeyOp::Verify)?;
    crypto::verify(alg, &key.material, input, signature)
}

/// The key-dependent part of [`verify_with_key`], for callers that have already
/// applied the token-level refusals.
fn check_key(decoded: &Decoded, alg: Algorithm, key: &Key) -> SignatureVerdict {
    // Algorithm confusion is refused inside `check_for` (policy::hmac_confusion) and
    // is a verdict on the token; the other key errors mean the check could not run.
    if let Err(e) = key.check_for(alg, KeyOp::Verify) {
        return SignatureVerdict::from_check(Err(e));
    }
    let (Some(input), Some(sig)) = (decoded.signing_input(), decoded.signature.as_deref()) else {
        return SignatureVerdict::Invalid(Error::new(
            ErrorKind::Segments,
            "the token has no signature to check",
        ));
    };
    SignatureVerdict::from_check(crypto::verify(alg, &key.material, input, sig))
}

/// Refusals that depend on the token alone (RFC 7515 §5.2, RFC 8725 §3).
fn token_refusal(decoded: &Decoded) -> Result<(), SignatureVerdict> {
    match decoded.form {
        TokenForm::Jws => {}
        TokenForm::Jwe => {
            return Err(SignatureVerdict::Unchecked(Error::new(
                ErrorKind::Encrypted,
                "this is a JWE: it is encrypted, not signed — decrypting is not supported",
            )))
        }
        // Text that is not a token (a key, JSON, a UUID…) is not checked; a damaged
        // token is invalid.
        TokenForm::Partial if decoded.not_a_token => {
            return Err(SignatureVerdict::Unchecked(
                decoded.first_error("not a token"),
            ));
        }
        TokenForm::Partial => {
            return Err(SignatureVerdict::Invalid(
                decoded.first_error("not a complete JWS"),
            ));
        }
    }
    // Anything a strict reader refuses: bad base64url (incl. padding and stray
    // bits), whitespace, invalid JSON or duplicate members in the header. A JWS
    // payload may be any bytes (RFC 7515 §7.1), so only its encoding counts. First,
    // so that a header that does not read is named for why, not for a missing `alg`.
    if let Some(p) = decoded.problems.iter().find(|p| blocks_verification(p)) {
        return Err(SignatureVerdict::Invalid(p.to_error()));
    }
    if let Err(e) = decoded.alg() {
        return Err(SignatureVerdict::Invalid(e));
    }
    match decoded.header_object() {
        Some(header) => check_crit(header).map_err(SignatureVerdict::Invalid),
        None => Ok(()),
    }
}

/// Whether a decode problem makes the token unverifiable as received.
fn blocks_verification(p: &Problem) -> bool {
    if p.severity < Severity::Warning || p.kind == ErrorKind::AlgNone {
        return false;
    }
    match p.segment {
        Some(SegmentName::Payload) => matches!(
            p.kind,
            ErrorKind::Base64Char
                | ErrorKind::Base64Padding
                | ErrorKind::Base64Length
                | ErrorKind::Base64TrailingBits
                | ErrorKind::Whitespace
                // RFC 7519 §4 / RFC 8725: a claims set with duplicate names is refused.
                | ErrorKind::JsonDuplicateMember
        ),
        _ => true,
    }
}

/// The `crit` rule (RFC 7515 §4.1.11, and RFC 7797 §6 for `b64`), for a header
/// being verified and for one being signed: an array of names, not empty, none
/// registered, each present in the header and understood by jwtscope (only `b64`),
/// and `b64`, when present, a boolean listed in `crit`.
///
/// # Errors
/// `ERR_JWS_CRIT` naming what is wrong.
pub(crate) fn check_crit(header: &serde_json::Map<String, Value>) -> Result<(), Error> {
    let crit_err = |m: String| Error::new(ErrorKind::Crit, m);
    let uses_b64 = header.contains_key("b64");
    let Some(crit) = header.get("crit") else {
        if uses_b64 {
            return Err(crit_err(
                "\"b64\" is used but not listed in \"crit\" (RFC 7797 §6 requires it)".into(),
            ));
        }
        return Ok(());
    };
    let Value::Array(names) = crit else {
        return Err(crit_err(format!(
            "\"crit\" must be an array of header names, found {crit}"
        )));
    };
    if names.is_empty() {
        return Err(crit_err(
            "\"crit\" must not be empty (RFC 7515 §4.1.11)".into(),
        ));
    }
    let mut listed_b64 = false;
    for name in names {
        let Some(name) = name.as_str() else {
            return Err(crit_err(format!(
                "\"crit\" must list strings, found {name}"
            )));
        };
        if REGISTERED_HEADERS.contains(&name) {
            return Err(crit_err(format!("\"crit\" lists \"{name}\", a registered header parameter (forbidden by RFC 7515 §4.1.11)")));
        }
        if !header.contains_key(name) {
            return Err(crit_err(format!(
                "\"crit\" lists \"{name}\", which the header does not contain"
            )));
        }
        if !UNDERSTOOD_CRIT.contains(&name) {
            return Err(crit_err(format!("\"crit\" requires the extension \"{name}\", which jwtscope does not understand: the token must be rejected")));
        }
        listed_b64 |= name == "b64";
    }
    if uses_b64 && !listed_b64 {
        return Err(crit_err(
            "\"b64\" is used but not listed in \"crit\" (RFC 7797 §6 requires it)".into(),
        ));
    }
    if let Some(b64) = header.get("b64") {
        if !b64.is_boolean() {
            return Err(crit_err(format!(
                "\"b64\" must be true or false, found {b64}"
            )));
        }
    }
    Ok(())
}
