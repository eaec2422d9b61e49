//! The explainer: "why is it invalid?".
//!
//! Given a token whose signature did not verify, the key text as the user gave it and
//! the verification that failed, it tries a fixed, small set of likely alternatives —
//! the secret read in another encoding, another algorithm of the key's family, another
//! key of the set, an ECDSA signature converted from DER, the public key's own text
//! used as an HMAC secret — each through the engine's own checks
//! ([`verify_with_key`] and the HMAC primitive), and reports every one that verifies.
//!
//! It never claims to know *why* a well-formed signature does not match beyond "does
//! not match this key": a mismatch is not an oracle. At most [`MAX_ATTEMPTS`]
//! signature checks are made, and at most [`MAX_COST_US`] of their estimated time in
//! the page ([`check_cost_us`]): the page explains on every keystroke, on its own
//! thread, so a JWKS of P-521 or RSA-4096 keys gets fewer checks than one of secrets.

use std::fmt;

use serde_json::Value;

use crate::jose::alg::{Algorithm, Family};
use crate::jose::b64;
use crate::jose::crypto;
use crate::jose::decode::{decode_unverified, Decoded, TokenForm};
use crate::jose::error::ErrorKind;
use crate::jose::key::{
    ecdsa_sig_value, parse_key, pkcs1_public_pem, public_jwk, spki_pem, Key, KeyMaterial, KeyOp,
    KeySet, KeySource, SecretEncoding,
};
use crate::jose::policy::{self, key_allows};
use crate::jose::problem::{SegmentName, Severity};
use crate::jose::verify::{verify_with_key, SignatureVerdict, Verification};

/// The most signature checks one explanation makes (HMAC, RSA, EC or EdDSA alike).
pub const MAX_ATTEMPTS: usize = 64;

/// The most estimated time one explanation spends on signature checks in the page,
/// in microseconds ([`check_cost_us`]). Measured before this bound (docs/BENCHMARKS.md):
/// an ES512 token against a JWKS of nine P-521 keys took 69 ms a keystroke.
pub const MAX_COST_US: u32 = 25_000;

/// The estimated time of one signature check in the page's wasm, in microseconds,
/// from the measured rates in docs/BENCHMARKS.md (per second, page, 2026-11/12): HMAC
/// of a token ~20 µs, EdDSA 6.0k/s, RS/PS-2048 6.0–6.2k/s since the engine verifies
/// RSA itself (× (bits/2048)² above: e is small, the cost grows with the square of the
/// modulus), ES256 1.2–1.5k/s, ES256K 730/s (the engine's own secp256k1 on the generic
/// formulas, the page's profile in Node, the slowest measure; 1.2k/s in the page's
/// own A/B: a third of the k256 crate's speed, for 19 KB less in the page), ES384
/// 320–360/s, ES512 205–300/s, each rounded up.
/// An estimate to bound work, not a measurement.
pub fn check_cost_us(alg: Algorithm, key: &Key) -> u32 {
    match alg.family() {
        Family::Hmac => 20,
        Family::EdDsa => 170,
        Family::RsaPkcs1 | Family::RsaPss => {
            let bits = key.bits().unwrap_or(2048).clamp(2048, 16_384) as u32;
            180 * (bits / 1024) * (bits / 1024) / 4
        }
        Family::Ecdsa => match alg {
            Algorithm::ES384 => 3_200,
            Algorithm::ES512 => 4_900,
            Algorithm::ES256K => 1_400,
            _ => 850,
        },
    }
}

/// Which keys of a set the explainer looks at (the first ones of a large JWKS).
const MAX_KEYS_TRIED: usize = 8;

/// Keys whose texts are tried as an HMAC secret (each has up to 11 forms).
const CONFUSION_KEYS: usize = 4;

/// What an explanation found. The codes are a contract (`EXPLAIN_*`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ExplainCode {
    /// The secret verifies when its text is read in another encoding.
    SecretEncoding,
    /// The ECDSA signature is ASN.1 DER; whether it verifies once converted.
    EcdsaDer,
    /// The signature verifies with another algorithm the key allows.
    OtherAlgorithm,
    /// Another key of the pasted set verifies.
    OtherKey,
    /// The HMAC tag was made with the public key's own text: a forgery.
    AlgConfusion,
    /// The key text was damaged and repaired, or could not be read.
    KeyDamaged,
    /// The token was changed by copying (a line break inside, a lost last character).
    TokenDamaged,
    /// Nothing tried verifies.
    NoMatch,
}

impl ExplainCode {
    /// The stable code: `EXPLAIN_SECRET_ENCODING`…
    pub const fn code(self) -> &'static str {
        match self {
            ExplainCode::SecretEncoding => "EXPLAIN_SECRET_ENCODING",
            ExplainCode::EcdsaDer => "EXPLAIN_ECDSA_DER",
            ExplainCode::OtherAlgorithm => "EXPLAIN_OTHER_ALGORITHM",
            ExplainCode::OtherKey => "EXPLAIN_OTHER_KEY",
            ExplainCode::AlgConfusion => "EXPLAIN_ALG_CONFUSION",
            ExplainCode::KeyDamaged => "EXPLAIN_KEY_DAMAGED",
            ExplainCode::TokenDamaged => "EXPLAIN_TOKEN_DAMAGED",
            ExplainCode::NoMatch => "EXPLAIN_NO_MATCH",
        }
    }
}

impl fmt::Display for ExplainCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A key of the set, by position and `kid`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyRef {
    /// Index in the set.
    pub index: usize,
    /// Its `kid`.
    pub kid: Option<String>,
}

/// One finding: what verified (or what went wrong), and what to change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The stable code.
    pub code: ExplainCode,
    /// What was found, for people.
    pub message: String,
    /// What to change.
    pub fix: String,
    /// The algorithm that verified, if one did.
    pub alg: Option<Algorithm>,
    /// The secret encoding that verified, if one did.
    pub encoding: Option<SecretEncoding>,
    /// The key that verified, if one of a set did.
    pub key: Option<KeyRef>,
}

impl Finding {
    fn new(code: ExplainCode, message: String, fix: impl Into<String>) -> Finding {
        Finding {
            code,
            message,
            fix: fix.into(),
            alg: None,
            encoding: None,
            key: None,
        }
    }
}

/// The findings and how many checks they took.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Explanation {
    /// Every finding, most useful first; empty when the signature is valid or there
    /// is nothing to explain (no key, no signature, `alg: none`).
    pub findings: Vec<Finding>,
    /// Signature checks made (≤ [`MAX_ATTEMPTS`]).
    pub attempts: usize,
}

/// Explains why `verification` of `decoded` is not valid, given the key text as
/// typed and the secret encoding it was read with (the set parsed from it, if it
/// parsed, is `keys`).
pub fn explain(
    decoded: &Decoded,
    key_text: &str,
    encoding: SecretEncoding,
    keys: Option<&KeySet>,
    verification: &Verification,
) -> Explanation {
    explain_within(decoded, key_text, encoding, keys, verification, u32::MAX)
}

/// [`explain`] within `max_cost_us` of estimated checks ([`check_cost_us`]): what the
/// page runs on every keystroke, on its own thread, with [`MAX_COST_US`]. When the
/// bound stops it before every alternative was tried, `EXPLAIN_NO_MATCH` says so
/// (and that `jwtscope verify --explain` tries them all) instead of claiming that
/// nothing matches.
pub fn explain_within(
    decoded: &Decoded,
    key_text: &str,
    encoding: SecretEncoding,
    keys: Option<&KeySet>,
    verification: &Verification,
    max_cost_us: u32,
) -> Explanation {
    let mut x = Explainer {
        decoded,
        attempts: 0,
        spent_us: 0,
        max_cost_us,
        skipped: 0,
        findings: Vec::new(),
        tried: Vec::new(),
        verified: false,
    };
    if verification.signature == SignatureVerdict::Valid || !x.explainable() {
        return Explanation::default();
    }
    x.token_damage();
    let header = decoded.alg().ok();
    let pinned = verification.alg.or(header);
    match keys {
        None => x.unreadable_key(key_text, encoding, header),
        Some(keys) => {
            let used = verification.key_used.as_ref().map(|k| k.index);
            // The header named another algorithm than the pinned one: the pinned one
            // itself was never tried.
            let header_differs = verification
                .signature
                .reason()
                .is_some_and(|e| e.kind() == ErrorKind::AlgMismatch);
            x.confusion(key_text, keys, header);
            x.secret_encodings(key_text, encoding, keys, header, pinned);
            x.ecdsa_der(keys, used, header, pinned);
            // A set mixing secrets and public keys is refused as it is: no other
            // algorithm or key of it is offered (verification says: split it).
            if !policy::mixed_set(keys) {
                x.other_algorithms(keys, used, header, pinned, header_differs);
                x.other_keys(keys, used, header, pinned);
            }
            // Repairs matter when nothing verified: the repair may be what is wrong.
            if !x.verified {
                x.key_repairs(keys);
            }
        }
    }
    x.no_match();
    Explanation {
        findings: x.findings,
        attempts: x.attempts,
    }
}

struct Explainer<'a> {
    decoded: &'a Decoded,
    attempts: usize,
    /// Estimated microseconds spent ([`check_cost_us`]).
    spent_us: u32,
    /// The bound on `spent_us`.
    max_cost_us: u32,
    /// Checks not made because a bound was reached.
    skipped: usize,
    findings: Vec<Finding>,
    /// What was tried, for `EXPLAIN_NO_MATCH`.
    tried: Vec<String>,
    /// Some alternative verified (then there is no `EXPLAIN_NO_MATCH`).
    verified: bool,
}

impl Explainer<'_> {
    /// A complete JWS with an algorithm that is not `none`: anything else is refused
    /// for reasons the verdict already states.
    fn explainable(&self) -> bool {
        self.decoded.form == TokenForm::Jws
            && self.decoded.signing_input().is_some()
            && self
                .decoded
                .signature
                .as_ref()
                .is_some_and(|s| !s.is_empty())
            && self.decoded.alg().is_ok()
    }

    fn budget(&self) -> bool {
        self.attempts < MAX_ATTEMPTS && self.spent_us < self.max_cost_us
    }

    /// Counts a check of `cost` µs if the budget allows it (and counts it as skipped
    /// when not).
    fn afford(&mut self, cost: u32) -> bool {
        if !self.budget() || self.spent_us.saturating_add(cost) > self.max_cost_us {
            self.skipped += 1;
            return false;
        }
        self.attempts += 1;
        self.spent_us += cost;
        true
    }

    /// One check through the engine's own verification (token refusals included).
    fn verifies(&mut self, decoded: &Decoded, alg: Algorithm, key: &Key) -> bool {
        if !self.afford(check_cost_us(alg, key)) {
            return false;
        }
        verify_with_key(decoded, alg, key) == SignatureVerdict::Valid
    }

    /// `key_text` as an HMAC secret's bytes, under `alg`, straight to the primitive:
    /// only to recognise a forgery, never to accept a token.
    fn hmac_matches(&mut self, alg: Algorithm, secret: &[u8]) -> bool {
        let (Some(input), Some(tag)) = (
            self.decoded.signing_input(),
            self.decoded.signature.as_deref(),
        ) else {
            return false;
        };
        if !self.afford(20) {
            return false;
        }
        crypto::hmac_tag_matches(alg, secret, input, tag)
    }

    fn push(&mut self, finding: Finding) {
        if !self.findings.iter().any(|f| f == &finding) {
            self.findings.push(finding);
        }
    }

    /// A finding about an alternative that verified.
    fn push_verified(&mut self, finding: Finding) {
        self.verified = true;
        self.push(finding);
    }

    // --- the token and the key as received ---------------------------------------

    /// A line break inside the token, or a signature segment one character short.
    fn token_damage(&mut self) {
        let d = self.decoded;
        let wrapped = d.stripped.iter().any(|s| s.contains("line break"))
            || d.problems.iter().any(|p| p.kind == ErrorKind::Whitespace);
        if wrapped {
            self.push(Finding::new(
                ExplainCode::TokenDamaged,
                "the token had whitespace or a line break inside: copying (an e-mail, a terminal, a log) wrapped it; the bytes signed are the ones without it".into(),
                "copy the token again as one line",
            ));
        }
        let short = d.problems.iter().any(|p| {
            p.segment == Some(SegmentName::Signature)
                && p.severity >= Severity::Warning
                && matches!(
                    p.kind,
                    ErrorKind::Base64Length | ErrorKind::Base64TrailingBits
                )
        });
        if short {
            self.push(Finding::new(
                ExplainCode::TokenDamaged,
                "the signature segment has a length no encoder produces: its last character was probably lost in copying".into(),
                "copy the whole token again, up to its last character",
            ));
        }
    }

    /// What the key reader repaired (CRLF, missing armour, a chain…).
    fn key_repairs(&mut self, keys: &KeySet) {
        let notes: Vec<&str> = keys
            .keys
            .iter()
            .flat_map(|k| k.notes.iter().map(String::as_str))
            .take(3)
            .collect();
        if !notes.is_empty() {
            self.push(Finding::new(
                ExplainCode::KeyDamaged,
                format!("the key text was repaired before use: {}", notes.join("; ")),
                "nothing to change if it now verifies; otherwise paste the key again from its source",
            ));
        }
    }

    /// The key text did not parse in the chosen encoding: say so, and try the other
    /// encodings for an HMAC token.
    fn unreadable_key(
        &mut self,
        key_text: &str,
        encoding: SecretEncoding,
        header: Option<Algorithm>,
    ) {
        if key_text.trim().is_empty() {
            return;
        }
        self.push(Finding::new(
            ExplainCode::KeyDamaged,
            format!(
                "the key text could not be read (as a key, or as a {} secret)",
                encoding.label()
            ),
            "paste the whole key, armour lines included, or choose the secret's encoding",
        ));
        if let Some(alg) = header.filter(|a| a.family() == Family::Hmac) {
            for other in encodings_for(key_text).filter(|e| *e != encoding) {
                if self.try_secret(key_text, other, alg, encoding) == Some(true) {
                    break;
                }
            }
        }
    }

    // --- the alternatives ---------------------------------------------------------

    /// `EXPLAIN_ALG_CONFUSION`: an HMAC token whose tag is the public key's own text
    /// used as the secret — as pasted, as SPKI or (RSA) PKCS#1 PEM with LF or CRLF,
    /// with or without a final newline, as the bare base64 body, as JWK JSON.
    fn confusion(&mut self, key_text: &str, keys: &KeySet, header: Option<Algorithm>) {
        let Some(alg) = header.filter(|a| a.family() == Family::Hmac) else {
            return;
        };
        if policy::set_confusion(alg, keys).is_none() {
            return;
        }
        self.tried
            .push(format!("{alg} with the public key's text as the secret"));
        let mut forms: Vec<(String, &'static str)> = vec![
            (key_text.to_string(), "the key text as pasted"),
            (key_text.trim().to_string(), "the key text as pasted"),
        ];
        // Each member of a pasted JWK Set as served (compact, members in order).
        if let (Some(serde_json::Value::Object(doc)), None) = crate::jose::json::parse(key_text) {
            if let Some(serde_json::Value::Array(members)) = doc.get("keys") {
                for member in members.iter().take(CONFUSION_KEYS) {
                    forms.push((member.to_string(), "its JWK as the set serves it"));
                }
            }
        }
        for key in keys.keys.iter().take(CONFUSION_KEYS) {
            let pems = [
                (spki_pem(key).ok(), "the public key's SPKI PEM text"),
                (pkcs1_public_pem(key), "the public key's PKCS#1 PEM text"),
            ];
            for (pem, label) in pems {
                let Some(pem) = pem else { continue };
                let lf = pem.trim_end().to_string();
                let body: String = lf.lines().filter(|l| !l.starts_with("-----")).collect();
                let crlf = lf.replace('\n', "\r\n");
                forms.push((format!("{lf}\n"), label));
                forms.push((lf, label));
                forms.push((format!("{crlf}\r\n"), label));
                forms.push((crlf, label));
                forms.push((body, "the base64 body of its PEM"));
            }
            if let Ok(jwk) = public_jwk(key) {
                forms.push((jwk.to_string(), "its public JWK"));
                if let Value::Object(mut map) = jwk {
                    map.retain(|k, _| !matches!(k.as_str(), "kid" | "alg" | "use"));
                    forms.push((Value::Object(map).to_string(), "its public JWK"));
                }
            }
        }
        let mut seen: Vec<&str> = Vec::new();
        for (secret, form) in &forms {
            if seen.contains(&secret.as_str()) {
                continue;
            }
            seen.push(secret);
            if self.hmac_matches(alg, secret.as_bytes()) {
                self.push_verified(Finding::new(
                    ExplainCode::AlgConfusion,
                    format!("this token is a forgery by algorithm confusion: its {alg} tag was made with {form} used as an HMAC secret (RFC 8725 §2.1); never accept it"),
                    "reject the token; make sure every verifier pins the algorithm to the key's own (RS256, ES256…) and never takes it from the header",
                ));
                return;
            }
        }
    }

    /// `EXPLAIN_SECRET_ENCODING`: the secret read as another encoding verifies.
    fn secret_encodings(
        &mut self,
        key_text: &str,
        encoding: SecretEncoding,
        keys: &KeySet,
        header: Option<Algorithm>,
        pinned: Option<Algorithm>,
    ) {
        let is_secret = matches!(
            keys.keys.as_slice(),
            [k] if keys.source == KeySource::Single && matches!(k.material, KeyMaterial::Secret(_))
        );
        let Some(alg) = pinned.or(header).filter(|a| a.family() == Family::Hmac) else {
            return;
        };
        if !is_secret {
            return;
        }
        // The first that verifies (base64 and base64url often read the same bytes:
        // the alphabet the text uses decides which is named).
        let mut read_as = Vec::new();
        for other in encodings_for(key_text).filter(|e| *e != encoding) {
            match self.try_secret(key_text, other, alg, encoding) {
                Some(true) => return,
                Some(false) => read_as.push(other.label()),
                None => {}
            }
        }
        if !read_as.is_empty() {
            self.tried
                .push(format!("the secret read as {}", read_as.join(", ")));
        }
    }

    /// Whether the secret read as `other` verifies (and then says so); `None` when
    /// the text does not read as a secret in that encoding (nothing was tried).
    fn try_secret(
        &mut self,
        key_text: &str,
        other: SecretEncoding,
        alg: Algorithm,
        was: SecretEncoding,
    ) -> Option<bool> {
        let set = parse_key(key_text, other).ok()?;
        let [key] = set.keys.as_slice() else {
            return None;
        };
        if !matches!(key.material, KeyMaterial::Secret(_))
            || key.check_for(alg, KeyOp::Verify).is_err()
        {
            return None;
        }
        let verified = self.verifies(self.decoded, alg, key);
        if verified {
            let mut f = Finding::new(
                ExplainCode::SecretEncoding,
                format!(
                    "the signature verifies when the secret is read as {} (it was read as {})",
                    other.label(),
                    was.label()
                ),
                format!("choose the {} encoding for the secret", other.label()),
            );
            f.alg = Some(alg);
            f.encoding = Some(other);
            self.push_verified(f);
        }
        Some(verified)
    }

    /// The key that was used, or the set's first candidates for `alg`.
    fn keys_for<'k>(
        &self,
        keys: &'k KeySet,
        used: Option<usize>,
        alg: Algorithm,
    ) -> Vec<(usize, &'k Key)> {
        match used.and_then(|i| keys.keys.get(i).map(|k| (i, k))) {
            Some(one) => vec![one],
            None => keys
                .keys
                .iter()
                .enumerate()
                .filter(|(_, k)| {
                    key_allows(k).contains(&alg) || k.check_for(alg, KeyOp::Verify).is_ok()
                })
                .take(MAX_KEYS_TRIED)
                .collect(),
        }
    }

    /// `EXPLAIN_ECDSA_DER`: an ES* signature in ASN.1 DER, converted to r‖s.
    fn ecdsa_der(
        &mut self,
        keys: &KeySet,
        used: Option<usize>,
        header: Option<Algorithm>,
        pinned: Option<Algorithm>,
    ) {
        let Some(alg) = pinned.or(header).filter(|a| a.family() == Family::Ecdsa) else {
            return;
        };
        let Some(sig) = self.decoded.signature.as_deref() else {
            return;
        };
        let Some(raw) = der_to_raw(alg, sig) else {
            return;
        };
        let Some(input) = self.decoded.signing_input() else {
            return;
        };
        let converted = decode_unverified(&format!(
            "{}.{}",
            String::from_utf8_lossy(input),
            b64::encode(&raw)
        ));
        self.tried
            .push(format!("the {alg} signature converted from DER"));
        let verified = self
            .keys_for(keys, used, alg)
            .into_iter()
            .any(|(_, key)| self.verifies(&converted, alg, key));
        let mut f = if verified {
            Finding::new(
                ExplainCode::EcdsaDer,
                format!("the {alg} signature is ASN.1 DER ({} bytes) and verifies once converted to the raw r‖s form JWS requires (RFC 7518 §3.4): the signer's library is mis-configured", sig.len()),
                "make the signer emit raw r‖s (e.g. `dsaEncoding: 'ieee-p1363'` in Node, `Signature.getInstance(\"SHA256withECDSAinP1363Format\")` in Java)",
            )
        } else {
            Finding::new(
                ExplainCode::EcdsaDer,
                format!("the {alg} signature is ASN.1 DER ({} bytes), and it does not verify with this key even converted to r‖s", sig.len()),
                "emit raw r‖s signatures, and check that this is the signer's key",
            )
        };
        f.alg = Some(alg);
        if verified {
            self.push_verified(f);
        } else {
            self.push(f);
        }
    }

    /// `EXPLAIN_OTHER_ALGORITHM`: another algorithm of the key's family verifies.
    fn other_algorithms(
        &mut self,
        keys: &KeySet,
        used: Option<usize>,
        header: Option<Algorithm>,
        pinned: Option<Algorithm>,
        header_differs: bool,
    ) {
        let Some(pinned) = pinned else {
            return;
        };
        let tag_len = self.decoded.signature.as_ref().map_or(0, Vec::len);
        let was_tried = |a: &Algorithm| *a == pinned && !header_differs;
        for (index, key) in self.keys_for(keys, used, pinned).into_iter().take(2) {
            let alternatives: Vec<Algorithm> = key
                .usable_algorithms()
                .into_iter()
                .filter(|a| !was_tried(a))
                // An HMAC tag's length says its hash; other families are all tried.
                .filter(|a| a.family() != Family::Hmac || a.hash().size() == tag_len)
                .collect();
            if alternatives.is_empty() {
                continue;
            }
            self.tried.push(format!(
                "key {index} with {}",
                alternatives
                    .iter()
                    .map(|a| a.name())
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
            for alg in alternatives {
                // The JWK's own alg, use and key_ops still apply.
                if key.check_for(alg, KeyOp::Verify).is_err() {
                    continue;
                }
                if self.verifies(self.decoded, alg, key) {
                    let why = match header {
                        Some(h) if h != alg => format!("the header says {h}, so the signer labelled it wrongly or the token was re-labelled — treat it as invalid until the signer is fixed"),
                        _ => format!("verification was pinned to {pinned}, but the token is {alg}"),
                    };
                    let what = if alg == pinned {
                        format!("the signature matches {alg}, as pinned")
                    } else {
                        format!("the signature verifies with {alg}, not {pinned}")
                    };
                    let mut f = Finding::new(
                        ExplainCode::OtherAlgorithm,
                        format!("{what}: {why}"),
                        match header {
                            Some(h) if h != alg => {
                                format!("fix the signer so the header says {alg}")
                            }
                            _ => format!("choose {alg}"),
                        },
                    );
                    f.alg = Some(alg);
                    self.push_verified(f);
                    return;
                }
            }
        }
    }

    /// `EXPLAIN_OTHER_KEY`: another key of the set verifies.
    fn other_keys(
        &mut self,
        keys: &KeySet,
        used: Option<usize>,
        header: Option<Algorithm>,
        pinned: Option<Algorithm>,
    ) {
        if keys.source != KeySource::Jwks {
            return;
        }
        let Some(alg) = pinned.or(header) else {
            return;
        };
        let kid = self.decoded.header_str("kid");
        let others: Vec<(usize, &Key)> = keys
            .keys
            .iter()
            .enumerate()
            // Not the key in use, nor one the token's kid names: those are not "other".
            .filter(|(i, k)| {
                Some(*i) != used
                    && (kid.is_none() || k.kid.as_deref() != kid)
                    && k.check_for(alg, KeyOp::Verify).is_ok()
            })
            .take(MAX_KEYS_TRIED)
            .collect();
        if others.is_empty() {
            return;
        }
        let total = others.len();
        let skipped_before = self.skipped;
        let at = self.tried.len();
        self.tried
            .push(format!("{total} other key(s) of the set with {alg}"));
        for (index, key) in others {
            let verified = self.verifies(self.decoded, alg, key);
            // What was really checked: a bound may stop the loop's checks early.
            let checked = total - (self.skipped - skipped_before).min(total);
            if checked < total {
                if let Some(t) = self.tried.get_mut(at) {
                    *t = format!("{checked} of {total} other key(s) of the set with {alg}");
                }
            }
            if verified {
                let name = match &key.kid {
                    Some(k) => format!("key {index} (kid {k:?})"),
                    None => format!("key {index} (no kid)"),
                };
                let why = match kid {
                    None => "the token has no kid, so another key was tried first".to_string(),
                    Some(t) if keys.keys.iter().any(|k| k.kid.as_deref() == Some(t)) => {
                        format!("the token's kid {t:?} points at the wrong key")
                    }
                    Some(t) => format!("the token's kid {t:?} is not in the set"),
                };
                let mut f = Finding::new(
                    ExplainCode::OtherKey,
                    format!("the signature verifies with {name} of the set: {why}"),
                    match &key.kid {
                        Some(k) => format!("the signer must issue kid {k:?} (a token cannot be edited: its signature covers the header), or fix the set's kids"),
                        None => "give the set's keys kids, and have the signer issue the right one".into(),
                    },
                );
                f.alg = Some(alg);
                f.key = Some(KeyRef {
                    index,
                    kid: key.kid.clone(),
                });
                self.push_verified(f);
                return;
            }
        }
    }

    /// `EXPLAIN_NO_MATCH`: nothing tried verifies.
    fn no_match(&mut self) {
        if self.verified || self.attempts == 0 && self.tried.is_empty() {
            return;
        }
        let tried = if self.tried.is_empty() {
            String::new()
        } else {
            format!(" (tried: {})", self.tried.join("; "))
        };
        let message = if self.skipped > 0 {
            format!("nothing tried verifies, but {} check(s) were not made within this page's time bound: the key may not be the signer's, or another key of the set may be{tried}", self.skipped)
        } else {
            format!("nothing tried verifies: the key is not the signer's, or the token was changed after signing{tried}")
        };
        let fix = if self.skipped > 0 {
            "run `jwtscope verify --explain` for every check, or give the token a kid; get the signer's key (its JWKS, by the token's kid)"
        } else {
            "get the signer's key (its JWKS, by the token's kid), or the token again from its source"
        };
        self.push(Finding::new(ExplainCode::NoMatch, message, fix));
    }
}

/// The encodings to try for `text`, base64url before base64 when the text uses its
/// alphabet (`-`, `_`), so the finding names the one the text is written in.
fn encodings_for(text: &str) -> impl Iterator<Item = SecretEncoding> {
    let url = text.contains(['-', '_']);
    let order = if url {
        [
            SecretEncoding::Utf8,
            SecretEncoding::Base64Url,
            SecretEncoding::Base64,
            SecretEncoding::Hex,
        ]
    } else {
        SecretEncoding::ALL
    };
    order.into_iter()
}

/// An ECDSA signature in ASN.1 DER (`Ecdsa-Sig-Value ::= SEQUENCE { r INTEGER,
/// s INTEGER }`, RFC 3279 §2.2.3) as the raw r‖s of `alg`'s curve (RFC 7518 §3.4):
/// each integer left-padded to the field size. One reading for every curve, through
/// the engine's DER reader ([`ecdsa_sig_value`]).
fn der_to_raw(alg: Algorithm, sig: &[u8]) -> Option<Vec<u8>> {
    let size = alg.curve()?.field_bytes();
    if sig.len() == alg.info().signature_len? || sig.first() != Some(&0x30) {
        return None;
    }
    let (r, s) = ecdsa_sig_value(sig)?;
    let mut raw = vec![0u8; 2 * size];
    for (half, n) in raw.chunks_mut(size).zip([r, s]) {
        let start = size.checked_sub(n.len())?;
        half.get_mut(start..)?.copy_from_slice(n);
    }
    Some(raw)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use crate::jose::alg::Curve;
    use crate::jose::key::{generate_keypair, KeyPairSpec};

    /// The one DER reading gives each curve crate's own r‖s, for short integers too
    /// (a leading zero byte dropped by DER, restored by the padding).
    #[test]
    fn der_to_raw_matches_the_curve_crates() {
        for (alg, curve) in [
            (Algorithm::ES256, Curve::P256),
            (Algorithm::ES384, Curve::P384),
            (Algorithm::ES512, Curve::P521),
            (Algorithm::ES256K, Curve::Secp256k1),
        ] {
            let pair = generate_keypair(KeyPairSpec::Ec(curve)).unwrap();
            for i in 0u8..24 {
                let raw = crypto::sign(alg, &pair.key.material, &[i; 7]).unwrap();
                let der = match alg {
                    Algorithm::ES256 => p256::ecdsa::Signature::from_slice(&raw)
                        .unwrap()
                        .to_der()
                        .as_bytes()
                        .to_vec(),
                    Algorithm::ES384 => p384::ecdsa::Signature::from_slice(&raw)
                        .unwrap()
                        .to_der()
                        .as_bytes()
                        .to_vec(),
                    Algorithm::ES512 => p521::ecdsa::Signature::from_slice(&raw)
                        .unwrap()
                        .to_der()
                        .as_bytes()
                        .to_vec(),
                    _ => k256::ecdsa::Signature::from_slice(&raw)
                        .unwrap()
                        .to_der()
                        .as_bytes()
                        .to_vec(),
                };
                assert_eq!(der_to_raw(alg, &der), Some(raw), "{alg} {i}");
            }
        }
        // Trailing bytes, a raw signature, an integer longer than the field: refused.
        assert_eq!(
            der_to_raw(Algorithm::ES256, &[0x30, 0x06, 2, 1, 1, 2, 1, 1, 0]),
            None
        );
        assert_eq!(der_to_raw(Algorithm::ES256, &[0x30; 64]), None);
        let mut long = vec![0x30, 0x46, 0x02, 0x41];
        long.extend([0x7f; 65]);
        long.extend([0x02, 0x01, 0x01]);
        assert_eq!(der_to_raw(Algorithm::ES256, &long), None);
    }
}
