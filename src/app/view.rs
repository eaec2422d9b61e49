//! The view model: everything the page shows, as plain data computed from [`State`].
//! The web layer paints it and nothing else; tests read it.

use serde_json::{Map, Value};

use super::secret_check::SecretCheckView;
use super::{AlgSource, KeyPairJob, KeyState, State};
use crate::jose::claims::{ClaimsStatus, TimeState};
use crate::jose::decode::{kept_in_paste, Decoded, Part, TokenForm};
use crate::jose::diagnose::AuditSeverity;
use crate::jose::error::Location;
use crate::jose::key::KeySource;
use crate::jose::problem::{SegmentName, Severity};
use crate::jose::registry::{self as explain, Explanation, NUMERIC_DATE_CLAIMS};
use crate::jose::time::{format_utc, in_range, relative, NumericDate, OUT_OF_RANGE};

/// The most bytes of text the token editor colours: longer text is shown as typed,
/// uncoloured (the page would otherwise lay the text out twice on every paste, and a
/// megabyte of it costs a second).
pub const MAX_PAINTED_TOKEN: usize = 16 * 1024;
/// The most coloured runs (a paste of a thousand dots or line breaks is painted as
/// 64 runs and the rest plain).
const MAX_RUNS: usize = 64;

/// A line of text with a class for styling (`error`, `warning`, `info`, `ok`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// `error`, `warning`, `info` or `ok`.
    pub class: &'static str,
    /// What to show.
    pub text: String,
}

impl Line {
    fn new(class: &'static str, text: impl Into<String>) -> Line {
        Line {
            class,
            text: text.into(),
        }
    }
}

/// One run of the token editor's colouring. The runs, in order, are exactly the
/// editor's text as typed: the page paints them behind the (transparent) text of the
/// editor, so each character is coloured in place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SegmentView {
    /// `header`, `payload`, `signature`, `extra` (JWE parts and surplus), `dot`,
    /// `removed` (text decoding left out: a prefix, quotes, whitespace) or `plain`
    /// (not coloured: past the painting limits, or text that is not a token).
    pub class: &'static str,
    /// The text.
    pub text: String,
    /// A problem points here (underlined): a segment a decode problem names, or
    /// whitespace inside the token.
    pub problem: bool,
}

/// The share row under the token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShareView {
    /// The link (empty when there is none: the copy button is disabled).
    pub link: String,
    /// What the link carries, or why there is none.
    pub note: String,
    /// The options, as set.
    pub redact: bool,
    /// Expectations included.
    pub expect: bool,
}

/// A time claim, in three clocks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeView {
    /// `2024-01-01 00:00:00 UTC`.
    pub utc: String,
    /// In the browser's time zone (formatted by the caller's function).
    pub local: String,
    /// `expires in 14 min`, `expired 3 h ago`, `issued 2 h ago`.
    pub relative: String,
    /// `valid`, `expired`, `not_yet_valid`, `issued_in_future`, `wrong_type`.
    pub state: &'static str,
}

/// One member of the header or payload object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberView {
    /// The member name.
    pub name: String,
    /// Its value, compact JSON, shortened.
    pub value: String,
    /// `Expiration Time — expires after… (RFC 7519 §4.1.4)`, when known.
    pub explanation: Option<String>,
    /// For `exp`, `nbf`, `iat`, `auth_time`, `updated_at`.
    pub time: Option<TimeView>,
}

/// The header or payload pane.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartView {
    /// The JSON box.
    pub text: String,
    /// Shown under the box (an error in place, or a draft note).
    pub note: Option<Line>,
    /// The members, explained.
    pub members: Vec<MemberView>,
}

/// The key pane.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyView {
    /// The key box.
    pub text: String,
    /// `RSA public key, 2048 bits, SPKI PEM`, `JWKS, 3 keys`, the error, or `no key`.
    pub kind: Line,
    /// Things tolerated while reading it, JWKS members skipped.
    pub notes: Vec<String>,
    /// The encoding selector's value.
    pub encoding: &'static str,
    /// The algorithm selector's value.
    pub alg: &'static str,
    /// Where the algorithm came from.
    pub alg_hint: String,
}

/// The verdict pane.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerdictView {
    /// `valid` | `invalid` | `unchecked` (the signature alone).
    pub signature: &'static str,
    /// `valid` | `invalid` | `none` | `unreadable` (the payload was meant as claims
    /// but does not read as JSON) | `not_jwt` (the payload is not a JSON object).
    pub claims: &'static str,
    /// `Signature valid` / `Signature invalid` / `Signature not checked`.
    pub signature_title: String,
    /// Why, when not valid; which key and algorithm, when valid.
    pub signature_detail: String,
    /// `Claims valid (as of …)` etc.
    pub claims_title: String,
    /// One line per time claim or expectation.
    pub claims_lines: Vec<Line>,
    /// `as of now (2027-01-15 08:00:00 UTC), leeway 0 s`, or `as of … (fixed), …`
    /// when a time is chosen.
    pub as_of: String,
    /// `true` when following the clock.
    pub live: bool,
    /// Why not valid: one item per finding of the explainer.
    pub explanation: Vec<ExplanationItem>,
}

/// One finding of the explainer, for the verdict pane.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExplanationItem {
    /// `EXPLAIN_SECRET_ENCODING`… (the item's `data-code`).
    pub code: &'static str,
    /// What was found.
    pub message: String,
    /// What to change.
    pub fix: String,
}

/// The security review pane: the engine's `AUDIT_*` findings (the CLI's `jwtscope
/// audit`), most severe first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewView {
    /// One item per finding.
    pub findings: Vec<ReviewItem>,
    /// `3 findings: 1 danger, 1 warning, 1 info.`; empty when there are none.
    pub summary: String,
    /// What the pane says when there are no findings (shown only then).
    pub empty: String,
}

/// One finding of the security review.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewItem {
    /// `AUDIT_NO_EXP`… (the item's `data-code`).
    pub code: &'static str,
    /// `info`, `warning` or `danger` (the item's `data-severity`).
    pub severity: &'static str,
    /// `Info`, `Warning`, `Danger`: the severity as text, shown before the message.
    pub severity_label: &'static str,
    /// What was found.
    pub message: String,
    /// What to do, one line.
    pub fix: String,
    /// Where the rule is written (`RFC 8725 §3.10, RFC 7519 §4.1.4`).
    pub spec: &'static str,
}

/// The secret generator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecretView {
    /// The generated secret in the chosen format, or empty.
    pub value: String,
    /// `HS256 secret: 32 random bytes (256 bits) from the browser's CSPRNG`.
    pub caption: String,
    /// The format selector's value.
    pub format: &'static str,
    /// A secret exists (copy and "use as key" enabled).
    pub ready: bool,
}

/// The key pair generator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyPairView {
    /// The worker is busy.
    pub busy: bool,
    /// What is happening, for people (and `aria-live`).
    pub status: Line,
    /// SPKI PEM.
    pub public_pem: String,
    /// PKCS#8 PEM.
    pub private_pem: String,
    /// Public JWK.
    pub public_jwk: String,
    /// Private JWK.
    pub private_jwk: String,
    /// A pair exists ("use for signing" enabled).
    pub ready: bool,
}

/// Everything the page shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ViewModel {
    /// The token box.
    pub token: String,
    /// `JWS (HS256)`, `JWE`, `incomplete`, `empty`.
    pub token_summary: String,
    /// The coloured token.
    pub segments: Vec<SegmentView>,
    /// Decode problems and what the normaliser removed.
    pub token_lines: Vec<Line>,
    /// The token has an error-level problem.
    pub token_invalid: bool,
    /// Header pane.
    pub header: PartView,
    /// Payload pane.
    pub payload: PartView,
    /// Key pane.
    pub key: KeyView,
    /// Sign mode is on.
    pub sign_mode: bool,
    /// The payload is shown as a table of its claims (`payload.members`), the JSON
    /// text hidden.
    pub claims_table: bool,
    /// Said under the claims table when it has no row (empty when it has rows).
    pub claims_note: &'static str,
    /// The share link (empty when there is none) and what to say about it.
    pub share: ShareView,
    /// The expected `iss` and `aud` fields (as typed, or as a share link set them).
    pub expect: [String; 2],
    /// Sign-mode status (error or last result).
    pub sign_status: Option<Line>,
    /// Verdict pane.
    pub verdict: VerdictView,
    /// Security warnings (embedded keys, key URLs, short secrets…).
    pub warnings: Vec<Line>,
    /// The security review.
    pub review: ReviewView,
    /// Secret generator.
    pub secret: SecretView,
    /// Key pair generator.
    pub keypair: KeyPairView,
    /// The weak-secret check.
    pub secret_check: SecretCheckView,
    /// The last explicit action's result.
    pub notice: Option<String>,
    /// The in-page network counter.
    pub network: NetworkView,
    /// The last copy's outcome (empty before the first).
    pub copy_status: String,
    /// The keys workshop.
    pub workshop: super::workshop::WorkshopView,
}

/// The in-page network counter (`#net-count`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NetworkView {
    /// Requests seen after the page's own files loaded, other than to those files.
    pub count: u32,
    /// The page's own files fetched again after it loaded (allowed, said apart).
    pub own: u32,
    /// `0 network requests since load`, `1 network request since load`…
    pub text: String,
    /// `net ok` when none, `net alarm` otherwise.
    pub class: &'static str,
}

/// Computes the view model. `local` formats seconds since 1970 in the viewer's time
/// zone (the web layer passes the browser's formatter; tests pass their own).
pub fn view_model(state: &State, local: &dyn Fn(i64) -> String) -> ViewModel {
    let d = &state.decoded;
    let token_invalid = d.worst() == Some(Severity::Error);
    let token_summary = if state.token.trim().is_empty() {
        "empty".to_string()
    } else {
        match (d.form, d.alg()) {
            (TokenForm::Jws, Ok(alg)) => format!("JWS, {} bytes, alg {alg}", d.token.len()),
            (TokenForm::Jws, Err(_)) => format!("JWS, {} bytes", d.token.len()),
            (TokenForm::Jwe, _) => format!("JWE (encrypted), {} bytes", d.token.len()),
            (TokenForm::Partial, _) => format!("incomplete, {} bytes", d.token.len()),
        }
    };

    let mut token_lines: Vec<Line> = d
        .problems
        .iter()
        .map(|p| {
            let class = match p.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "info",
            };
            let place = p
                .segment
                .map(|s| format!("{}: ", s.as_str()))
                .unwrap_or_default();
            Line::new(class, format!("{place}{}", p.message))
        })
        .collect();
    if !d.stripped.is_empty() {
        token_lines.push(Line::new(
            "info",
            format!("removed: {}", d.stripped.join(", ")),
        ));
    }

    let explain_header = |name: &str| explain::header_param(name);
    let explain_claim = |name: &str| explain::claim(name);
    let claims_now = state.claims_time();

    let mut header = PartView {
        text: state.header_text.clone(),
        note: None,
        members: members(d.header.as_ref(), &explain_header, None),
    };
    let mut payload = PartView {
        text: state.payload_text.clone(),
        note: None,
        members: members(
            d.payload.as_ref(),
            &explain_claim,
            Some((claims_now, local, state)),
        ),
    };
    if state.draft && !state.sign_mode {
        let line = Line::new(
            "warning",
            "Edited, not applied: outside sign mode nothing is re-signed. Switch on sign mode to sign this.",
        );
        header.note = Some(line.clone());
        payload.note = Some(line);
    }
    let mut sign_status = None;
    if state.sign_mode {
        match &state.sign_error {
            Some(e) => {
                let line = Line::new(
                    "error",
                    format!(
                        "{} The token above is the last good one.",
                        sentence(&e.message)
                    ),
                );
                match e.location {
                    Location::Header => header.note = Some(line.clone()),
                    Location::Payload => payload.note = Some(line.clone()),
                    Location::Signature | Location::Key | Location::Algorithm => {}
                }
                sign_status = Some(line);
            }
            None if state.pending_sign.is_some() => {
                let key = state
                    .pending_sign
                    .as_ref()
                    .map(|(_, plan)| plan.description.as_str())
                    .unwrap_or_default();
                sign_status = Some(Line::new(
                    "info",
                    format!(
                        "Signing with {} in the background worker ({key})…",
                        state.alg
                    ),
                ));
            }
            None if state.signed_here => {
                let key = match &state.sign_key {
                    Some((_, key)) => format!(", key: {key}"),
                    None => String::new(),
                };
                sign_status = Some(Line::new(
                    "ok",
                    format!("Signed with {} in this page{key}.", state.alg),
                ));
            }
            None => {
                sign_status = Some(Line::new(
                    "info",
                    "Sign mode: edit the header, payload, algorithm or key to sign a new token.",
                ));
            }
        }
    }

    let key = key_view(state);
    let verdict = verdict_view(state);
    let mut warnings: Vec<Line> = state
        .verification
        .warnings
        .iter()
        .map(|w| Line::new("warning", w.message.clone()))
        .collect();
    for w in &state.sign_warnings {
        // Once: not when the verdict's lines already say it (the same key signed and
        // verified the token), nor twice as a signing line.
        let line = Line::new("warning", format!("signing: {}", w.message));
        if !warnings.iter().any(|l| l.text == w.message || *l == line) {
            warnings.push(line);
        }
    }

    let claims_note = if !payload.members.is_empty() {
        ""
    } else if d.claims().is_some() {
        "The payload has no claims."
    } else {
        "No claims to show: the payload is not a JSON object (the JSON view shows what it holds)."
    };
    ViewModel {
        token: state.token.clone(),
        token_summary,
        segments: segments(state),
        token_lines,
        token_invalid,
        header,
        payload,
        key,
        sign_mode: state.sign_mode,
        claims_table: state.claims_table,
        claims_note,
        share: share_view(state),
        expect: [state.expect_iss.clone(), state.expect_aud.clone()],
        sign_status,
        verdict,
        warnings,
        review: review_view(state),
        secret: secret_view(state),
        keypair: keypair_view(state),
        secret_check: state.check.view(),
        notice: state.notice.clone(),
        network: network_view(state.requests, state.own_requests),
        copy_status: state.copy_status.clone().unwrap_or_default(),
        workshop: super::workshop::view(
            &state.workshop,
            matches!(state.keypair, KeyPairJob::Done(_)),
        ),
    }
}

fn network_view(count: u32, own: u32) -> NetworkView {
    let mut text = match count {
        1 => "1 network request since load".to_string(),
        n => format!("{n} network requests since load"),
    };
    match own {
        0 => {}
        1 => text.push_str(" (and 1 of the page's own files)"),
        n => text.push_str(&format!(" (and {n} of the page's own files)")),
    }
    NetworkView {
        count,
        own,
        text,
        class: if count == 0 { "net ok" } else { "net alarm" },
    }
}

/// `s` as a sentence: its first letter capitalised, a full stop at the end. The
/// messages are the engine's, in English, and start with an ASCII letter or a
/// quote, so the capital is ASCII's: `char::to_uppercase` links core's Unicode case
/// tables, 8.8 KB of the page's gzip for this one call (docs/BENCHMARKS.md).
fn sentence(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 1);
    let mut chars = s.chars();
    if let Some(c) = chars.next() {
        out.push(c.to_ascii_uppercase());
    }
    out.push_str(chars.as_str());
    if !out.ends_with('.') {
        out.push('.');
    }
    out
}

fn share_view(state: &State) -> ShareView {
    let (link, note) = match state.share_link() {
        Ok(link) => {
            let what = if state.share_redact {
                "header and payload only, the signature removed"
            } else {
                "the token"
            };
            (
                link,
                format!("The link carries {what} after the #, which browsers never send to a server; never a key or a secret."),
            )
        }
        Err(why) => (String::new(), format!("No link: {why}.")),
    };
    ShareView {
        link,
        note,
        redact: state.share_redact,
        expect: state.share_expect,
    }
}

/// The token editor's colouring: the pasted text mapped onto the decoded token by the
/// engine (`decode::kept_in_paste`), each kept byte coloured by its segment.
fn segments(state: &State) -> Vec<SegmentView> {
    let pasted = state.token.as_str();
    let d = &state.decoded;
    let mut out: Vec<SegmentView> = Vec::new();
    let mut at = 0;
    let mut capped = false;
    if pasted.len() > MAX_PAINTED_TOKEN {
        return out;
    }
    if !d.not_a_token && !d.segments.is_empty() {
        let runs = kept_in_paste(pasted, &d.token);
        let token_start = runs.first().map_or(0, |r| r.pasted.start);
        let mut seg = 0;
        'runs: for run in &runs {
            if run.pasted.start > at {
                let inside = at > token_start;
                push_run(
                    &mut out,
                    "removed",
                    pasted.get(at..run.pasted.start),
                    inside,
                );
                at = run.pasted.start;
            }
            let mut t = run.token;
            while at < run.pasted.end {
                if out.len() >= MAX_RUNS {
                    capped = true;
                    break 'runs;
                }
                while d.segments.get(seg).is_some_and(|s| s.range.end <= t) {
                    seg += 1;
                }
                let (class, problem, end) = match d.segments.get(seg) {
                    Some(s) if s.range.start <= t => (
                        segment_class(s.name),
                        segment_problem(d, s.name),
                        s.range.end,
                    ),
                    Some(s) => ("dot", false, s.range.start),
                    None => ("extra", false, d.token.len()),
                };
                let to = at + end.saturating_sub(t).min(run.pasted.end - at).max(1);
                push_run(&mut out, class, pasted.get(at..to), problem);
                t += to - at;
                at = to;
            }
        }
    }
    let rest = if capped || at == 0 {
        "plain"
    } else {
        "removed"
    };
    push_run(&mut out, rest, pasted.get(at..), false);
    out
}

fn push_run(out: &mut Vec<SegmentView>, class: &'static str, text: Option<&str>, problem: bool) {
    let Some(text) = text.filter(|t| !t.is_empty()) else {
        return;
    };
    match out.last_mut() {
        Some(last) if last.class == class && last.problem == problem => last.text.push_str(text),
        _ => out.push(SegmentView {
            class,
            text: text.to_string(),
            problem,
        }),
    }
}

fn segment_class(name: SegmentName) -> &'static str {
    match name {
        SegmentName::Header => "header",
        SegmentName::Payload => "payload",
        SegmentName::Signature => "signature",
        _ => "extra",
    }
}

/// Whether a decode problem (a warning or an error) names this segment.
fn segment_problem(d: &Decoded, name: SegmentName) -> bool {
    d.problems
        .iter()
        .any(|p| p.severity >= Severity::Warning && p.segment == Some(name))
}

type Clock<'a> = Option<(i64, &'a dyn Fn(i64) -> String, &'a State)>;

fn members(
    part: Option<&Part>,
    explain: &dyn Fn(&str) -> Option<&'static Explanation>,
    clock: Clock,
) -> Vec<MemberView> {
    let Some(map) = part.and_then(|p| p.object()) else {
        return Vec::new();
    };
    map.iter()
        .take(200)
        .map(|(name, value)| member(name, value, explain, clock, map))
        .collect()
}

fn member(
    name: &str,
    value: &Value,
    explain: &dyn Fn(&str) -> Option<&'static Explanation>,
    clock: Clock,
    _all: &Map<String, Value>,
) -> MemberView {
    let mut text = serde_json::to_string(value).unwrap_or_default();
    if text.chars().count() > 160 {
        text = text.chars().take(157).collect::<String>() + "…";
    }
    let explanation = explain(name).map(|x| format!("{} — {} ({})", x.title, x.text, x.spec));
    let time = clock.and_then(|(now, local, state)| time_view(name, value, now, local, state));
    MemberView {
        name: name.to_string(),
        value: text,
        explanation,
        time,
    }
}

fn time_view(
    name: &str,
    value: &Value,
    now: i64,
    local: &dyn Fn(i64) -> String,
    state: &State,
) -> Option<TimeView> {
    if !NUMERIC_DATE_CLAIMS.contains(&name) {
        return None;
    }
    let Some(date) = NumericDate::from_json(value) else {
        return Some(TimeView {
            utc: "not a number".into(),
            local: String::new(),
            relative: "must be seconds since 1970 (NumericDate)".into(),
            state: "wrong_type",
        });
    };
    let t = date.whole_seconds();
    let rel = relative(t, now);
    let ahead = date.is_after(i128::from(now));
    let relative = match name {
        _ if rel == OUT_OF_RANGE => rel,
        // Whole seconds, as the rule compares exp (`claims::time_state`).
        "exp" if t > now => format!("expires {rel}"),
        "exp" => format!("expired {rel}"),
        "nbf" if ahead => format!("valid {rel}"),
        "nbf" => format!("valid since {rel}"),
        "iat" => format!("issued {rel}"),
        _ => rel,
    };
    let state = state
        .verification
        .claims
        .times
        .iter()
        .find(|c| c.name == name)
        .map(|c| c.state.as_str())
        .unwrap_or(TimeState::Valid.as_str());
    // Years beyond what a browser's Date can show are left in UTC only.
    let local = if in_range(t) { local(t) } else { String::new() };
    Some(TimeView {
        utc: format_utc(t),
        local,
        relative,
        state,
    })
}

fn key_view(state: &State) -> KeyView {
    let (kind, notes) = match &state.keys {
        KeyState::Empty => (Line::new("info", "no key"), Vec::new()),
        KeyState::Failed(e) => (Line::new("error", e.message().to_string()), Vec::new()),
        KeyState::Parsed(set) => {
            let kind = match (set.source, set.keys.as_slice()) {
                (KeySource::Single, [key]) => key.describe(),
                _ => set.describe(),
            };
            let mut notes: Vec<String> = set
                .keys
                .iter()
                .flat_map(|k| k.notes.iter().cloned())
                .collect();
            if set.source == KeySource::Jwks {
                for (i, k) in set.keys.iter().enumerate() {
                    let kid = k
                        .kid
                        .as_deref()
                        .map(|s| format!("kid \"{s}\""))
                        .unwrap_or_else(|| "no kid".into());
                    notes.push(format!("key {}: {}, {kid}", i + 1, k.describe()));
                }
            }
            for (i, e) in &set.skipped {
                notes.push(format!("member {} skipped: {}", i + 1, e.message()));
            }
            (Line::new("ok", kind), notes)
        }
    };
    let alg_hint = match state.alg_source {
        None => "not pinned: choose one".to_string(),
        Some(source @ AlgSource::Header) => format!("{}; pick one to pin it", source.describe()),
        Some(source) => source.describe().to_string(),
    };
    KeyView {
        text: state.key_text.clone(),
        kind,
        notes,
        encoding: state.encoding.name(),
        alg: state.alg.name(),
        alg_hint,
    }
}

fn verdict_view(state: &State) -> VerdictView {
    let v = &state.verification;
    let signature = v.signature.as_str();
    let signature_title = match signature {
        "valid" => "Signature valid",
        "invalid" => "Signature invalid",
        _ if state.decoded.not_a_token => "Not checked: not a token",
        _ => "Signature not checked",
    }
    .to_string();
    let alg = v.alg.unwrap_or(state.alg);
    let signature_detail = match v.signature.reason() {
        None => {
            let key = match &v.key_used {
                Some(k) => {
                    let which = match (
                        &k.kid,
                        matches!(&state.keys, KeyState::Parsed(s) if s.source == KeySource::Jwks),
                    ) {
                        (Some(kid), true) => format!("JWKS key {} (kid \"{kid}\"), ", k.index + 1),
                        (None, true) => format!("JWKS key {}, ", k.index + 1),
                        _ => String::new(),
                    };
                    format!("{which}{}", k.description)
                }
                None => "the key".into(),
            };
            format!("Verified with {alg} and {key}.")
        }
        Some(e) => sentence(e.message()),
    };
    let report = &v.claims;
    let claims = report.status.as_str();
    let when = format_utc(state.claims_time());
    let as_of = match state.as_of {
        None => format!("as of now ({when}), leeway {} s", state.leeway),
        Some(_) => format!("as of {when} (fixed), leeway {} s", state.leeway),
    };
    let claims_title = match report.status {
        ClaimsStatus::Valid => "Claims valid",
        ClaimsStatus::Invalid => "Claims invalid",
        ClaimsStatus::None => "No time claims to check",
        ClaimsStatus::Unreadable => "Claims could not be read: the token is not valid",
        ClaimsStatus::NotJwt => "Not a JWT",
    }
    .to_string();
    // Why the claims could not be checked comes first; what did parse follows.
    let reason = match report.status {
        ClaimsStatus::Unreadable | ClaimsStatus::NotJwt => report.errors.first(),
        _ => None,
    };
    let mut claims_lines: Vec<Line> = reason
        .map(|e| Line::new("error", sentence(e.message())))
        .into_iter()
        .collect();
    claims_lines.extend(report.times.iter().map(|t| {
        let class = if t.state == TimeState::Valid {
            "ok"
        } else {
            "error"
        };
        Line::new(class, format!("{}: {}", t.name, t.message))
    }));
    claims_lines.extend(
        report
            .expectations
            .iter()
            .map(|x| Line::new(if x.ok { "ok" } else { "error" }, x.message.clone())),
    );
    VerdictView {
        signature,
        claims,
        signature_title,
        signature_detail,
        claims_title,
        claims_lines,
        as_of,
        live: state.as_of.is_none(),
        explanation: state
            .explanation
            .findings
            .iter()
            .map(|f| ExplanationItem {
                code: f.code.code(),
                message: sentence(&f.message),
                fix: sentence(&format!("Fix: {}", f.fix)),
            })
            .collect(),
    }
}

fn review_view(state: &State) -> ReviewView {
    let findings: Vec<ReviewItem> = state
        .audit
        .iter()
        .map(|f| ReviewItem {
            code: f.code.code(),
            severity: f.severity.as_str(),
            severity_label: match f.severity {
                AuditSeverity::Info => "Info",
                AuditSeverity::Warning => "Warning",
                AuditSeverity::Danger => "Danger",
            },
            message: sentence(&f.message),
            fix: sentence(&format!("Fix: {}", f.fix)),
            spec: f.spec,
        })
        .collect();
    let count = |s: AuditSeverity| state.audit.iter().filter(|f| f.severity == s).count();
    let summary = if findings.is_empty() {
        String::new()
    } else {
        let parts: Vec<String> = [
            AuditSeverity::Danger,
            AuditSeverity::Warning,
            AuditSeverity::Info,
        ]
        .into_iter()
        .map(|s| (count(s), s.as_str()))
        .filter(|(n, _)| *n > 0)
        .map(|(n, name)| format!("{n} {name}"))
        .collect();
        let plural = if findings.len() == 1 { "" } else { "s" };
        format!("{} finding{plural}: {}.", findings.len(), parts.join(", "))
    };
    let empty = if state.decoded.header_object().is_none() {
        "Nothing to review: no JOSE header could be read."
    } else {
        "No findings: nothing in this token goes against RFC 8725's advice."
    }
    .to_string();
    ReviewView {
        findings,
        summary,
        empty,
    }
}

fn secret_view(state: &State) -> SecretView {
    match &state.secret {
        Some((alg, secret)) => SecretView {
            value: state.secret_format.encode(secret),
            caption: format!(
                "{alg} secret: {} random bytes ({} bits) from the browser's CSPRNG, {}",
                secret.bytes().len(),
                secret.bytes().len() * 8,
                state.secret_format.name()
            ),
            format: state.secret_format.name(),
            ready: true,
        },
        None => SecretView {
            value: String::new(),
            caption: "Pick an algorithm: the secret is as long as its hash (RFC 7518 §3.2).".into(),
            format: state.secret_format.name(),
            ready: false,
        },
    }
}

fn keypair_view(state: &State) -> KeyPairView {
    let empty = KeyPairView {
        busy: false,
        status: Line::new(
            "info",
            "RSA, ECDSA and Ed25519 pairs are generated in a background worker.",
        ),
        public_pem: String::new(),
        private_pem: String::new(),
        public_jwk: String::new(),
        private_jwk: String::new(),
        ready: false,
    };
    match &state.keypair {
        KeyPairJob::Idle => empty,
        KeyPairJob::Busy(kind) => KeyPairView {
            busy: true,
            status: Line::new(
                "info",
                format!("Generating a {} key pair in a worker…", kind.label()),
            ),
            ..empty
        },
        KeyPairJob::Failed(message) => KeyPairView {
            status: Line::new("error", format!("Key pair generation failed: {message}")),
            ..empty
        },
        KeyPairJob::Done(out) => KeyPairView {
            busy: false,
            status: Line::new(
                "ok",
                format!(
                    "{} key pair ready (signs {}). The private key never leaves this page.",
                    out.kind.label(),
                    out.kind
                        .natural_algorithm()
                        .map(|a| a.name())
                        .unwrap_or("nothing")
                ),
            ),
            public_pem: out.public_pem.clone(),
            private_pem: out.private_pem.clone(),
            public_jwk: out.public_jwk.clone(),
            private_jwk: out.private_jwk.clone(),
            ready: true,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::sentence;

    #[test]
    fn a_message_becomes_a_sentence() {
        assert_eq!(
            sentence("the key could not be read"),
            "The key could not be read."
        );
        assert_eq!(sentence("Fix: rotate it."), "Fix: rotate it.");
        assert_eq!(
            sentence("\"exp\" is not a number"),
            "\"exp\" is not a number."
        );
        assert_eq!(sentence(""), ".");
        // Beyond ASCII the letter is kept as written (no Unicode case tables).
        assert_eq!(sentence("été"), "été.");
    }
}
