//! The security review: what a careful reviewer would say about a token, whatever its
//! signature — each finding with a severity, a one-line fix and the section of RFC
//! 8725 (JWT best current practices), RFC 7515/7516/7518 or RFC 7519 it rests on.
//! The codes (`AUDIT_*`) are a contract.

use std::fmt;

use serde_json::{Map, Value};

use crate::jose::alg::{Algorithm, Family};
use crate::jose::claims::claims_set;
use crate::jose::decode::{Decoded, TokenForm};
use crate::jose::key::{Key, KeyMaterial, KeyOp, KeySet};
use crate::jose::policy;
use crate::jose::problem::WarningKind;
use crate::jose::secret;
use crate::jose::time::NumericDate;

/// How much a finding matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AuditSeverity {
    /// Worth knowing.
    Info,
    /// Should be fixed.
    Warning,
    /// Exploitable, or a token nobody should accept.
    Danger,
}

impl AuditSeverity {
    /// `info`, `warning`, `danger`.
    pub const fn as_str(self) -> &'static str {
        match self {
            AuditSeverity::Info => "info",
            AuditSeverity::Warning => "warning",
            AuditSeverity::Danger => "danger",
        }
    }
}

/// What the review found. The codes are a contract (`AUDIT_*`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AuditCode {
    /// `alg: none`.
    AlgNone,
    /// An HMAC secret shorter than the hash.
    SecretShort,
    /// An HMAC secret from a list of well-known ones.
    SecretKnown,
    /// No `exp`.
    NoExp,
    /// `exp` far after `iat` (or now).
    LongLifetime,
    /// `iat` in the future.
    IatFuture,
    /// `nbf` at or after `exp`: never valid.
    NbfAfterExp,
    /// No `typ`.
    NoTyp,
    /// A `typ` that is not a JWT's, or not the expected one.
    TypMismatch,
    /// `crit` extensions.
    Crit,
    /// Path, SQL, shell or URL characters in `kid`.
    KidInjection,
    /// A key in the header (`jwk`, `x5c`).
    EmbeddedKey,
    /// A key URL in the header (`jku`, `x5u`).
    KeyUrl,
    /// `zip` in the header.
    Zip,
    /// A password, secret, card number or SSN-like value in the readable payload.
    SensitiveClaim,
    /// No `aud`.
    NoAud,
    /// A JWE whose key is wrapped with RSAES-PKCS1-v1_5.
    JweRsa15,
    /// `exp`, `nbf` or `iat` that is not a NumericDate.
    TimeClaimType,
    /// The payload does not read as a JWT claims set.
    ClaimsUnreadable,
}

impl AuditCode {
    /// The stable code: `AUDIT_ALG_NONE`…
    pub const fn code(self) -> &'static str {
        match self {
            AuditCode::AlgNone => "AUDIT_ALG_NONE",
            AuditCode::SecretShort => "AUDIT_SECRET_SHORT",
            AuditCode::SecretKnown => "AUDIT_SECRET_KNOWN",
            AuditCode::NoExp => "AUDIT_NO_EXP",
            AuditCode::LongLifetime => "AUDIT_LONG_LIFETIME",
            AuditCode::IatFuture => "AUDIT_IAT_FUTURE",
            AuditCode::NbfAfterExp => "AUDIT_NBF_AFTER_EXP",
            AuditCode::NoTyp => "AUDIT_NO_TYP",
            AuditCode::TypMismatch => "AUDIT_TYP_MISMATCH",
            AuditCode::Crit => "AUDIT_CRIT",
            AuditCode::KidInjection => "AUDIT_KID_INJECTION",
            AuditCode::EmbeddedKey => "AUDIT_EMBEDDED_KEY",
            AuditCode::KeyUrl => "AUDIT_KEY_URL",
            AuditCode::Zip => "AUDIT_ZIP",
            AuditCode::SensitiveClaim => "AUDIT_SENSITIVE_CLAIM",
            AuditCode::NoAud => "AUDIT_NO_AUD",
            AuditCode::JweRsa15 => "AUDIT_JWE_RSA1_5",
            AuditCode::TimeClaimType => "AUDIT_TIME_CLAIM_TYPE",
            AuditCode::ClaimsUnreadable => "AUDIT_CLAIMS_UNREADABLE",
        }
    }
}

impl fmt::Display for AuditCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditFinding {
    /// The stable code.
    pub code: AuditCode,
    /// How much it matters.
    pub severity: AuditSeverity,
    /// What was found, for people.
    pub message: String,
    /// What to do, in one line.
    pub fix: &'static str,
    /// Where the rule is written ("RFC 8725 §3.1").
    pub spec: &'static str,
}

/// What the review checks against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditOptions {
    /// The clock, seconds since 1970.
    pub now: i64,
    /// The longest lifetime (`exp − iat`) not reported, in seconds (default one day).
    pub max_lifetime: u64,
    /// The `typ` this application expects (RFC 8725 §3.11), if any.
    pub expected_typ: Option<String>,
}

impl Default for AuditOptions {
    fn default() -> Self {
        AuditOptions {
            now: 0,
            max_lifetime: DEFAULT_MAX_LIFETIME,
            expected_typ: None,
        }
    }
}

/// Clock skew tolerated before `iat` counts as in the future, in seconds.
pub const IAT_SKEW: u64 = 60;

/// The default lifetime limit: 24 hours.
pub const DEFAULT_MAX_LIFETIME: u64 = 24 * 60 * 60;

/// The key of `keys` the review looks at: the one verification would use for the
/// token's own algorithm and `kid` ([`policy::select_key`]). One rule for the page's
/// review and `jwtscope audit`; it does not depend on whether verification got as
/// far as choosing a key (a duplicate header member or a `crit` stops it first, and
/// the review must still see a weak secret).
pub fn audit_key<'a>(decoded: &Decoded, keys: Option<&'a KeySet>) -> Option<&'a Key> {
    let alg = decoded.alg().ok()?;
    policy::select_key(keys?, alg, decoded.header_str("kid"), KeyOp::Verify)
        .ok()
        .map(|s| s.key)
}

/// Reviews `decoded` (and, when given, the key it is checked with: [`audit_key`]).
/// Findings come most severe first.
pub fn audit(decoded: &Decoded, key: Option<&Key>, opts: &AuditOptions) -> Vec<AuditFinding> {
    let mut out = Vec::new();
    let mut add = |code, severity, message: String, fix, spec| {
        out.push(AuditFinding {
            code,
            severity,
            message,
            fix,
            spec,
        });
    };
    let header = decoded.header_object();
    if let Some(h) = header {
        header_findings(h, decoded.form, opts, &mut add);
    }
    if let (Some(key), Ok(alg)) = (key, decoded.alg()) {
        key_findings(key, alg, &mut add);
    }
    if decoded.form == TokenForm::Jws {
        // The claims set as verification reads it (claims::claims_set): a payload
        // that does not read as one is a finding, never a clean review.
        match claims_set(decoded) {
            Ok(claims) => claim_findings(claims, opts, &mut add),
            Err(e) => add(
                AuditCode::ClaimsUnreadable,
                AuditSeverity::Warning,
                format!("{}: none of its claims can be reviewed, and verifiers refuse it", e.message()),
                "issue a payload that is one JSON object (UTF-8, no duplicate names, numbers in range)",
                "RFC 7519 §7.2",
            ),
        }
    }
    // Most severe first, in the order found within a severity: a stable sort by
    // three partitions, without the generic sort's code (4 KB of the page's wasm).
    let mut sorted = Vec::with_capacity(out.len());
    for severity in [
        AuditSeverity::Danger,
        AuditSeverity::Warning,
        AuditSeverity::Info,
    ] {
        let (these, rest): (Vec<_>, Vec<_>) = out.into_iter().partition(|f| f.severity == severity);
        sorted.extend(these);
        out = rest;
    }
    sorted.extend(out);
    sorted
}

type Add<'a> = dyn FnMut(AuditCode, AuditSeverity, String, &'static str, &'static str) + 'a;

fn header_findings(h: &Map<String, Value>, form: TokenForm, opts: &AuditOptions, add: &mut Add) {
    use AuditCode as C;
    use AuditSeverity as S;
    let alg = h.get("alg").and_then(Value::as_str);
    if alg.is_some_and(|a| a.trim().eq_ignore_ascii_case("none")) {
        add(
            C::AlgNone,
            S::Danger,
            format!(
                "the header says \"alg\": {:?}: an unsecured token, which anyone can make",
                alg.unwrap_or_default()
            ),
            "reject it; never accept \"none\" (jwtscope never verifies it)",
            "RFC 8725 §3.1, RFC 7518 §3.6",
        );
    }
    if form == TokenForm::Jwe && alg == Some("RSA1_5") {
        add(
            C::JweRsa15,
            S::Danger,
            "the content key is wrapped with RSAES-PKCS1-v1_5 (\"RSA1_5\"), open to Bleichenbacher's padding-oracle attack".into(),
            "use RSA-OAEP-256 or ECDH-ES instead",
            "RFC 8725 §3.2",
        );
    }
    for name in ["jwk", "x5c"] {
        if h.contains_key(name) {
            add(
                C::EmbeddedKey,
                S::Danger,
                format!("the header carries its own key (\"{name}\"): a verifier that uses it accepts any token its maker signs"),
                "verify with keys you hold; ignore keys in the token",
                "RFC 8725 §3.10, RFC 7515 §4.1.3",
            );
        }
    }
    for name in ["jku", "x5u"] {
        if let Some(url) = h.get(name) {
            add(
                C::KeyUrl,
                S::Warning,
                format!("the header names a key URL (\"{name}\": {url}): a verifier that fetches it lets the token choose its key, and can be made to request any URL (SSRF)"),
                "never fetch keys from URLs in a token; pin the issuer's JWKS URL",
                "RFC 8725 §3.10, RFC 7515 §4.1.2",
            );
        }
    }
    if let Some(kid) = h.get("kid") {
        let text = kid.as_str().map_or_else(|| kid.to_string(), str::to_string);
        if let Some(why) = kid_injection(&text) {
            add(
                C::KidInjection,
                S::Danger,
                format!("the \"kid\" {text:?} contains {why}: a verifier that looks keys up by kid in files, SQL or a shell can be steered"),
                "treat kid as an opaque string: match it exactly against known kids",
                "RFC 8725 §3.10, RFC 7515 §4.1.4",
            );
        }
    }
    if let Some(crit) = h.get("crit") {
        add(
            C::Crit,
            S::Warning,
            format!("the header lists critical extensions ({crit}): a verifier that does not understand every one must reject the token"),
            "avoid crit unless every verifier implements the extensions",
            "RFC 7515 §4.1.11",
        );
    }
    if h.contains_key("zip") {
        add(
            C::Zip,
            S::Warning,
            "the header asks for compression (\"zip\"): compressing before encryption can leak the plaintext (CRIME-like attacks), and a JWS must not use it".into(),
            "do not compress; if you must, never mix attacker-controlled data with secrets",
            "RFC 8725 §3.6, RFC 7516 §4.1.3",
        );
    }
    if form == TokenForm::Jws {
        match h.get("typ").map(|t| t.as_str().map(str::to_string)) {
            None => add(
                C::NoTyp,
                S::Info,
                "no \"typ\": explicit typing keeps one kind of token from being accepted as another".into(),
                "set typ (\"JWT\", or a specific type such as \"at+jwt\") and check it",
                "RFC 8725 §3.11",
            ),
            Some(typ) => {
                let typ = typ.unwrap_or_default();
                // A media type may be written with its "application/" prefix
                // (RFC 7515 §4.1.9): "application/jwt" is "JWT".
                let bare = |t: &str| {
                    let lower = t.to_ascii_lowercase();
                    lower
                        .strip_prefix("application/")
                        .map(str::to_string)
                        .unwrap_or(lower)
                };
                let lower = bare(&typ);
                let jwt_like = lower == "jwt" || lower.ends_with("+jwt");
                let expected = opts.expected_typ.as_deref();
                if !jwt_like || expected.is_some_and(|e| bare(e) != lower) {
                    let what = match expected {
                        Some(e) => format!("not the expected {e:?}"),
                        None => "not a JWT type (\"JWT\" or \"…+jwt\")".into(),
                    };
                    add(
                        C::TypMismatch,
                        S::Warning,
                        format!("\"typ\" is {typ:?}, {what}"),
                        "check typ against the one type this verifier accepts",
                        "RFC 8725 §3.11, RFC 7519 §5.1",
                    );
                }
            }
        }
    }
}

/// Signs of a `kid` built to steer a lookup: what matters to a file path, SQL, a
/// shell or a URL. A kid made only of base64 or base64url characters (thumbprints,
/// hashes: AWS Cognito's contain `/` and `+`, RFC 7638 ones may contain `--`) is
/// never flagged.
fn kid_injection(kid: &str) -> Option<&'static str> {
    let encoded = {
        let body = kid.trim_end_matches('=');
        kid.len() - body.len() <= 2
            && !body.is_empty()
            && body
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'-' | b'_'))
    };
    if encoded {
        return None;
    }
    const SIGNS: &[(&str, &str)] = &[
        ("..", "a path traversal (\"..\")"),
        ("\\", "a path separator"),
        ("://", "a URL"),
        ("'", "a quote"),
        ("\"", "a quote"),
        (";", "a statement or command separator"),
        (" --", "an SQL comment"),
        ("#", "an SQL comment"),
        ("|", "a shell pipe"),
        ("$(", "shell command substitution"),
        ("`", "shell command substitution"),
        ("\0", "a NUL byte"),
        ("\n", "a line break"),
        ("\r", "a line break"),
    ];
    if kid.starts_with('/') {
        return Some("an absolute path");
    }
    SIGNS
        .iter()
        .find(|(s, _)| kid.contains(s))
        .map(|(_, why)| *why)
}

fn key_findings(key: &Key, alg: Algorithm, add: &mut Add) {
    let KeyMaterial::Secret(s) = &key.material else {
        return;
    };
    if alg.family() != Family::Hmac {
        return;
    }
    for w in secret::warnings(s.bytes(), alg) {
        let (code, severity, fix, spec) = match w.kind {
            WarningKind::SecretKnown => (
                AuditCode::SecretKnown,
                AuditSeverity::Danger,
                "anyone can forge tokens: generate a random secret (jwtscope secret) and rotate",
                "RFC 8725 §3.5",
            ),
            _ => (
                AuditCode::SecretShort,
                AuditSeverity::Warning,
                "use a random secret at least as long as the hash (32 bytes for HS256)",
                "RFC 7518 §3.2, RFC 8725 §3.5",
            ),
        };
        add(code, severity, w.message, fix, spec);
    }
}

fn claim_findings(claims: &Map<String, Value>, opts: &AuditOptions, add: &mut Add) {
    use AuditCode as C;
    use AuditSeverity as S;
    let time = |name: &str| claims.get(name).and_then(NumericDate::from_json);
    let (exp, iat, nbf) = (time("exp"), time("iat"), time("nbf"));
    for name in ["exp", "nbf", "iat"] {
        if claims.contains_key(name) && time(name).is_none() {
            add(
                C::TimeClaimType,
                S::Warning,
                format!("\"{name}\" is not a NumericDate (seconds since 1970): verifiers refuse the token, or worse, ignore the claim"),
                "write times as numbers of seconds",
                "RFC 7519 §2, §4.1.4–6",
            );
        }
    }
    match exp {
        None if claims.contains_key("exp") => {}
        None => add(
            C::NoExp,
            S::Warning,
            "no \"exp\": the token never expires, so a leaked token works forever".into(),
            "give tokens a short lifetime (minutes to hours) with exp",
            "RFC 8725 §3.10, RFC 7519 §4.1.4",
        ),
        Some(exp) => {
            let from = iat.map_or(i128::from(opts.now), |t| i128::from(t.whole_seconds()));
            let lifetime = i128::from(exp.whole_seconds()) - from;
            if lifetime > i128::from(opts.max_lifetime) {
                let since = if iat.is_some() { "iat" } else { "now" };
                add(
                    C::LongLifetime,
                    S::Warning,
                    format!(
                        "the token lives {} (exp − {since}), more than the {} this review allows",
                        span(lifetime),
                        span(i128::from(opts.max_lifetime))
                    ),
                    "shorten the lifetime; use refresh tokens for long sessions",
                    "RFC 8725 §3.10",
                );
            }
        }
    }
    if let Some(iat) = iat {
        if iat.is_after(i128::from(opts.now) + i128::from(IAT_SKEW)) {
            add(
                C::IatFuture,
                S::Warning,
                format!("\"iat\" is {} in the future: the issuer's clock is off, or the token was made by hand", span(i128::from(iat.whole_seconds()) - i128::from(opts.now))),
                "check the issuer's clock; reject tokens issued in the future beyond a small leeway",
                "RFC 7519 §4.1.6",
            );
        }
    }
    if let (Some(nbf), Some(exp)) = (nbf, exp) {
        if !exp.is_after(i128::from(nbf.whole_seconds())) {
            add(
                C::NbfAfterExp,
                S::Warning,
                "\"nbf\" is at or after \"exp\": the token is never valid".into(),
                "fix the issuer: nbf must come before exp",
                "RFC 7519 §4.1.4–5",
            );
        }
    }
    if !claims.contains_key("aud") {
        add(
            C::NoAud,
            S::Info,
            "no \"aud\": any service that trusts the issuer would accept this token".into(),
            "set aud to the service the token is for, and check it there",
            "RFC 8725 §3.9, RFC 7519 §4.1.3",
        );
    }
    let mut sensitive: Vec<String> = Vec::new();
    walk(&Value::Object(claims.clone()), "", 0, &mut sensitive);
    if !sensitive.is_empty() {
        add(
            C::SensitiveClaim,
            S::Warning,
            format!(
                "the payload is readable by anyone holding the token (base64url is not encryption) and has {}",
                sensitive.join(", ")
            ),
            "never put secrets in a JWS; encrypt (JWE) or keep them server-side",
            "RFC 8725 §3.4, RFC 7519 §6",
        );
    }
}

/// Claim names that say "secret" (normalised: lower case, without `_` and `-`,
/// matched as a part: `user_password`, `jwt_secret`, `passwordHash`), and values
/// shaped like a card number (an issuer prefix 3–6 and Luhn) or an SSN, in objects
/// and arrays; the registered identifiers (`sub`, `jti`, `sid`) are ids, not cards.
/// Depth and count bounded.
fn walk(value: &Value, path: &str, depth: usize, out: &mut Vec<String>) {
    const NAMES: &[&str] = &[
        "password",
        "passwd",
        "pwd",
        "secret",
        "privatekey",
        "apikey",
        "ssn",
        "cardnumber",
        "creditcard",
        "cvv",
        "cvc",
    ];
    const IDS: &[&str] = &["sub", "jti", "sid", "iss", "aud", "kid"];
    if depth > 4 || out.len() >= 5 {
        return;
    }
    match value {
        Value::Object(map) => {
            for (name, inner) in map.iter().take(200) {
                let at = if path.is_empty() {
                    name.clone()
                } else {
                    format!("{path}.{name}")
                };
                let norm: String = name
                    .chars()
                    .filter(|c| !matches!(c, '_' | '-'))
                    .collect::<String>()
                    .to_ascii_lowercase();
                if NAMES.iter().any(|n| norm.contains(n)) {
                    out.push(format!("a {at:?} claim"));
                } else if depth > 0 || !IDS.contains(&name.as_str()) {
                    walk(inner, &at, depth + 1, out);
                }
                if out.len() >= 5 {
                    return;
                }
            }
        }
        Value::Array(items) => {
            for (i, inner) in items.iter().take(200).enumerate() {
                walk(inner, &format!("{path}[{i}]"), depth + 1, out);
                if out.len() >= 5 {
                    return;
                }
            }
        }
        Value::String(text) if looks_like_card(text) => {
            out.push(format!("a card-number-like value in {path:?}"));
        }
        Value::String(text) if looks_like_ssn(text) => {
            out.push(format!("an SSN-like value in {path:?}"));
        }
        _ => {}
    }
}

/// 13–19 digits (spaces and dashes allowed) passing the Luhn check.
fn looks_like_card(text: &str) -> bool {
    if text.len() > 32 {
        return false;
    }
    let digits: Vec<u32> = text
        .chars()
        .filter(|c| !matches!(c, ' ' | '-'))
        .map(|c| c.to_digit(10))
        .collect::<Option<Vec<u32>>>()
        .unwrap_or_default();
    // Card numbers start with an issuer digit 3–6 (ISO/IEC 7812: Amex, Visa,
    // Mastercard, Discover…); ids and timestamps rarely do both that and Luhn.
    if !(13..=19).contains(&digits.len()) || !matches!(digits.first(), Some(3..=6)) {
        return false;
    }
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| {
            if i % 2 == 1 {
                (d * 2) % 9 + u32::from(d == 9) * 9
            } else {
                d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

/// `ddd-dd-dddd`.
fn looks_like_ssn(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 11
        && b.iter().enumerate().all(|(i, c)| match i {
            3 | 6 => *c == b'-',
            _ => c.is_ascii_digit(),
        })
}

/// "3 d 4 h", "90 d"…
fn span(seconds: i128) -> String {
    // Formatted as a u64 (the page already carries its Display, not i128's): a
    // difference of two i64 times always fits.
    let s = u64::try_from(seconds.max(0)).unwrap_or(u64::MAX);
    match s {
        0..=119 => format!("{s} s"),
        120..=7_199 => format!("{} min", s / 60),
        7_200..=172_799 => format!("{} h", s / 3_600),
        _ => format!("{} d", s / 86_400),
    }
}
