//! The keys workshop: paste any key the engine reads and see what it is, its RFC
//! 7638 thumbprint and the same key in every form; behind the "Show private forms"
//! switch, a private key's PKCS#8 PEM and private JWK; and a JWKS builder.
//!
//! The text is read as the key pane reads it (`key::parse_key`), each key
//! described (`Key::describe`, `Key::usable_algorithms`) and written in its public
//! forms with its thumbprint (`key::key_forms`); the JWKS is the engine's
//! (`key::public_jwks`, which refuses one kid for different keys). The page's module
//! links those already (the key pane, the explainer). A private key's private forms
//! are written in the page's worker ([`Effect::Workshop`]: the key goes as its
//! numbers, as a signature's key does; `key::private_forms` answers with
//! `report::key_forms_reply`), so the page's module links no private-key writer.
//! Requests are numbered and answers to any but the newest are dropped. Private
//! forms live only while the switch is on: switching off drops them (and any
//! answer still coming).

use super::view::Line;
use super::{Copyable, Effect, KeyPairOutput};
use crate::jose::alg::Algorithm;
use crate::jose::json;
use crate::jose::key::{
    key_forms, parse_key, public_jwks, JwksMember, Key, KeyForm, KeyForms, KeyMaterial, KeySource,
    PrivateParts, SecretEncoding, MAX_JWKS_KEYS,
};
use crate::jose::report;

/// The label of an output showing `form`.
pub const fn form_label(form: KeyForm) -> &'static str {
    match form {
        KeyForm::SpkiPem => "Public key (SPKI PEM)",
        KeyForm::Pkcs1Pem => "RSA public key (PKCS#1 PEM)",
        KeyForm::PublicJwk => "Public JWK",
        KeyForm::Pkcs8Pem => "Private key (PKCS#8 PEM)",
        KeyForm::PrivateJwk => "Private JWK",
        KeyForm::Jwks => "Public JWKS",
    }
}

/// For the copy status line: `the workshop's private JWK (a private key)`…
pub const fn copy_label(form: KeyForm) -> &'static str {
    match form {
        KeyForm::SpkiPem => "the workshop's SPKI PEM",
        KeyForm::Pkcs1Pem => "the workshop's PKCS#1 PEM",
        KeyForm::PublicJwk => "the workshop's public JWK",
        KeyForm::Pkcs8Pem => "the workshop's PKCS#8 PEM (a private key)",
        KeyForm::PrivateJwk => "the workshop's private JWK (a private key)",
        KeyForm::Jwks => "the public JWKS",
    }
}

/// A JWK `use` the builder writes (RFC 7517 §4.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyUse {
    /// `sig`.
    Sig,
    /// `enc`.
    Enc,
    /// No `use` member.
    Unset,
}

impl KeyUse {
    /// The select's value: `sig`, `enc`, `none`.
    pub const fn name(self) -> &'static str {
        match self {
            KeyUse::Sig => "sig",
            KeyUse::Enc => "enc",
            KeyUse::Unset => "none",
        }
    }

    /// The `use` named `name` ([`KeyUse::name`]).
    pub fn from_name(name: &str) -> Option<KeyUse> {
        [KeyUse::Sig, KeyUse::Enc, KeyUse::Unset]
            .into_iter()
            .find(|u| u.name() == name)
    }

    fn member(self) -> Option<&'static str> {
        match self {
            KeyUse::Unset => None,
            other => Some(other.name()),
        }
    }
}

/// What the workshop's controls and its worker say.
#[derive(Debug, Clone)]
pub enum WorkshopMsg {
    /// The workshop's key text changed.
    Edited(String),
    /// The "Show private forms" switch.
    ShowPrivate(bool),
    /// The worker answered request `job` for key `index` with its private forms
    /// (`report::key_forms_reply` text).
    Replied {
        /// The request (an older one than the last is dropped).
        job: u32,
        /// The key, in the pasted set.
        index: usize,
        /// The worker's reply.
        reply: String,
    },
    /// The worker could not run request `job` (its exception, or no worker).
    Failed {
        /// The request.
        job: u32,
        /// Why, for people.
        message: String,
    },
    /// A copy button: key `index`'s form, or (`None`) the JWKS.
    Copy(Option<usize>, KeyForm),
    /// Add the pasted keys to the JWKS.
    JwksAdd,
    /// Add the Generate pane's key pair to the JWKS.
    JwksAddGenerated,
    /// JWKS member `index`'s kid was typed (empty: none).
    JwksKid(usize, String),
    /// JWKS member `index`'s `use` was chosen.
    JwksUse(usize, KeyUse),
    /// JWKS member `index`'s `alg` was chosen (`None`: no `alg`).
    JwksAlg(usize, Option<Algorithm>),
    /// Remove JWKS member `index`.
    JwksRemove(usize),
}

/// One private key for the worker to write out: its numbers and the JWK members to
/// keep (`Debug` shows no number).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrivateFormsKey {
    /// The key, in the pasted set.
    pub index: usize,
    /// Its numbers.
    pub parts: PrivateParts,
    /// `kid`, `use`, `alg` as the key carried them (empty: none).
    pub kid: String,
    /// See `kid`.
    pub jwk_use: String,
    /// See `kid`.
    pub jwk_alg: String,
}

/// A request for the private forms of the pasted private keys
/// (`worker_private_forms`, one call per key).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkshopJob {
    /// The request number ([`WorkshopMsg::Replied`] carries it back).
    pub job: u32,
    /// One per private key.
    pub keys: Vec<PrivateFormsKey>,
}

/// A key read from the text, with everything shown about it.
#[derive(Clone)]
struct ReadKey {
    description: String,
    algorithms: Vec<Algorithm>,
    kid: Option<String>,
    jwk_use: Option<String>,
    jwk_alg: Option<String>,
    /// Its public half, with its kid (`None` for a secret): what a JWKS holds.
    public: Option<Key>,
    /// The public forms and the thumbprint.
    forms: KeyForms,
    /// A private key's numbers, for the worker.
    parts: Option<PrivateParts>,
    /// Its private forms, as far as the worker got (only while the switch is on).
    private: Option<Private>,
}

/// A private key's private forms, as far as the worker got.
#[derive(Clone, PartialEq, Eq)]
enum Private {
    Waiting,
    Done(KeyForms),
    /// The engine could not write them (its message).
    Refused(String),
    /// No worker could run the request (why).
    NoWorker(String),
}

impl ReadKey {
    fn new(key: &Key) -> ReadKey {
        let public = key.public_key().map(|p| {
            let mut half = Key::new(KeyMaterial::Public(p), key.format);
            half.kid = key.kid.clone();
            half
        });
        ReadKey {
            description: key.describe(),
            algorithms: key.usable_algorithms(),
            kid: key.kid.clone(),
            jwk_use: key.jwk_use.clone(),
            jwk_alg: key.jwk_alg.clone(),
            public,
            forms: key_forms(key),
            parts: match &key.material {
                KeyMaterial::Private(k) => Some(k.parts()),
                _ => None,
            },
            private: None,
        }
    }
}

/// What the pasted text yielded.
#[derive(Clone)]
enum Read {
    /// Nothing pasted.
    Nothing,
    /// The keys read (`jwks`: the text was a set; `skipped`: its members that could
    /// not be used, with why).
    Keys {
        jwks: bool,
        keys: Vec<ReadKey>,
        skipped: Vec<String>,
    },
    /// The engine could not read the text (its message).
    Refused(String),
}

/// The builder's set.
#[derive(Clone, PartialEq, Eq)]
enum Written {
    /// No members.
    Empty,
    /// The set, pretty-printed.
    Set(String),
    /// The engine refused the set (its message).
    Refused(String),
}

/// A member of the JWKS being built.
#[derive(Clone)]
struct Member {
    /// The public key.
    key: Key,
    description: String,
    thumbprint: String,
    algorithms: Vec<Algorithm>,
    /// The kid as typed (empty: none).
    kid: String,
    key_use: KeyUse,
    alg: Option<Algorithm>,
}

/// The workshop's state.
#[derive(Clone)]
pub struct Workshop {
    /// The key text as typed.
    pub text: String,
    /// The "Show private forms" switch.
    pub show_private: bool,
    read: Read,
    /// The last request number (of any kind).
    job: u32,
    /// The newest request for the private forms.
    asking: Option<u32>,
    /// No worker is left: why (the private forms say they need one).
    unavailable: Option<String>,
    members: Vec<Member>,
    written: Written,
    notice: Option<String>,
}

impl std::fmt::Debug for Workshop {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Workshop")
            .field("text", &format_args!("<{} bytes>", self.text.len()))
            .field("show_private", &self.show_private)
            .field("job", &self.job)
            .field("members", &self.members.len())
            .finish_non_exhaustive()
    }
}

impl Default for Workshop {
    fn default() -> Self {
        Workshop {
            text: String::new(),
            show_private: false,
            read: Read::Nothing,
            job: 0,
            asking: None,
            unavailable: None,
            members: Vec::new(),
            written: Written::Empty,
            notice: None,
        }
    }
}

/// Why the private forms need the worker module, for people.
const NEEDS_WORKER: &str = "they are written in the page's worker module (jwtscope-worker_bg.wasm, loaded after the page, so that its first load holds no private-key writer), and no worker could run it";

impl Workshop {
    /// Applies a workshop message; `generated` is the Generate pane's key pair, if
    /// one is ready.
    pub fn update(
        &mut self,
        msg: WorkshopMsg,
        generated: Option<&KeyPairOutput>,
    ) -> Option<Effect> {
        match msg {
            WorkshopMsg::Edited(text) => {
                if text == self.text {
                    return None;
                }
                self.text = text;
                self.read();
                return self.ask_private_forms();
            }
            WorkshopMsg::ShowPrivate(on) => {
                if on == self.show_private {
                    return None;
                }
                self.show_private = on;
                if on {
                    return self.ask_private_forms();
                }
                self.drop_private_forms();
            }
            WorkshopMsg::Replied { job, index, reply } => self.replied(job, index, Ok(&reply)),
            WorkshopMsg::Failed { job, message } => {
                if self.asking == Some(job) {
                    self.failed(&message);
                }
            }
            WorkshopMsg::Copy(index, form) => {
                let text = self.copy_text(index, form)?;
                return Some(Effect::Copy {
                    what: Copyable::Workshop(form),
                    text,
                });
            }
            WorkshopMsg::JwksAdd => {
                let mut members = Vec::new();
                if let Read::Keys { keys, .. } = &self.read {
                    for k in keys {
                        members.push(k.public.as_ref().map(|public| {
                            Member {
                                key: public.clone(),
                                description: public.describe(),
                                thumbprint: k.forms.thumbprint.clone().unwrap_or_default(),
                                algorithms: k.algorithms.clone(),
                                kid: k.kid.clone().unwrap_or_default(),
                                key_use: match k.jwk_use.as_deref() {
                                    Some("enc") => KeyUse::Enc,
                                    _ => KeyUse::Sig,
                                },
                                alg: k
                                    .jwk_alg
                                    .as_deref()
                                    .and_then(|a| Algorithm::parse(a).ok())
                                    .filter(|a| k.algorithms.contains(a)),
                            }
                        }));
                    }
                }
                self.add(members);
            }
            WorkshopMsg::JwksAddGenerated => {
                let Some(out) = generated else {
                    self.notice = Some("Generate a key pair first (Generate pane).".into());
                    return None;
                };
                let member = parse_key(&out.public_jwk, SecretEncoding::Utf8)
                    .ok()
                    .and_then(|set| set.keys.into_iter().next())
                    .map(|key| Member {
                        description: key.describe(),
                        thumbprint: out.kid.clone(),
                        algorithms: key.usable_algorithms(),
                        kid: out.kid.clone(),
                        key_use: KeyUse::Sig,
                        alg: None,
                        key,
                    });
                self.add(vec![member]);
            }
            WorkshopMsg::JwksKid(i, kid) => {
                if let Some(m) = self.members.get_mut(i) {
                    m.kid = kid;
                }
                self.build();
            }
            WorkshopMsg::JwksUse(i, key_use) => {
                if let Some(m) = self.members.get_mut(i) {
                    m.key_use = key_use;
                }
                self.build();
            }
            WorkshopMsg::JwksAlg(i, alg) => {
                if let Some(m) = self.members.get_mut(i) {
                    // Only an algorithm the key can be used with is offered.
                    if alg.is_none_or(|a| m.algorithms.contains(&a)) {
                        m.alg = alg;
                    }
                }
                self.build();
            }
            WorkshopMsg::JwksRemove(i) => {
                if i < self.members.len() {
                    self.members.remove(i);
                    self.notice = None;
                }
                self.build();
            }
        }
        None
    }

    /// A worker failed: private forms being waited for fail with `message` (never
    /// waited for); with `none_left`, later requests say the workshop needs one.
    pub fn worker_failed(&mut self, message: &str, none_left: bool) {
        if self.asking.is_some() {
            self.failed(message);
        }
        if none_left {
            self.unavailable = Some(message.to_string());
        }
    }

    fn next_job(&mut self) -> u32 {
        self.job = self.job.wrapping_add(1);
        self.job
    }

    /// Reads the text (the engine's `parse_key`, as the key pane).
    fn read(&mut self) {
        self.asking = None;
        self.read = if self.text.trim().is_empty() {
            Read::Nothing
        } else {
            match parse_key(&self.text, SecretEncoding::Utf8) {
                Ok(set) => Read::Keys {
                    jwks: set.source == KeySource::Jwks,
                    keys: set.keys.iter().map(ReadKey::new).collect(),
                    skipped: set
                        .skipped
                        .iter()
                        .map(|(i, e)| format!("member {i}: {}", e.message()))
                        .collect(),
                },
                Err(e) => Read::Refused(e.message().to_string()),
            }
        };
    }

    /// With the switch on, asks the worker for the private keys' private forms (a
    /// new request number: answers to older ones are dropped).
    fn ask_private_forms(&mut self) -> Option<Effect> {
        if !self.show_private {
            return None;
        }
        let job = self.next_job();
        let unavailable = self.unavailable.clone();
        let Read::Keys { keys, .. } = &mut self.read else {
            return None;
        };
        let mut asked = Vec::new();
        for (index, k) in keys.iter_mut().enumerate() {
            let Some(parts) = &k.parts else { continue };
            if let Some(why) = &unavailable {
                k.private = Some(Private::NoWorker(why.clone()));
                continue;
            }
            k.private = Some(Private::Waiting);
            let member = |m: &Option<String>| m.clone().unwrap_or_default();
            asked.push(PrivateFormsKey {
                index,
                parts: parts.clone(),
                kid: member(&k.kid),
                jwk_use: member(&k.jwk_use),
                jwk_alg: member(&k.jwk_alg),
            });
        }
        if asked.is_empty() {
            return None;
        }
        self.asking = Some(job);
        Some(Effect::Workshop(WorkshopJob { job, keys: asked }))
    }

    /// Forgets every private form (and any answer still coming).
    fn drop_private_forms(&mut self) {
        self.asking = None;
        if let Read::Keys { keys, .. } = &mut self.read {
            for k in keys.iter_mut() {
                k.private = None;
            }
        }
    }

    /// The worker's answer for key `index`, if it answers the newest request.
    fn replied(&mut self, job: u32, index: usize, reply: Result<&str, String>) {
        if self.asking != Some(job) || !self.show_private {
            return;
        }
        let Read::Keys { keys, .. } = &mut self.read else {
            return;
        };
        let Some(k) = keys.get_mut(index).filter(|k| k.parts.is_some()) else {
            return;
        };
        k.private = Some(match reply.map(report::read_key_forms_reply) {
            Ok(Ok(forms)) => Private::Done(forms),
            Ok(Err(e)) => Private::Refused(e.message().to_string()),
            Err(why) => Private::NoWorker(why),
        });
    }

    /// The newest request could not be run: the forms waited for fail with `why` (an
    /// answer that comes all the same is still shown).
    fn failed(&mut self, why: &str) {
        if let Read::Keys { keys, .. } = &mut self.read {
            for k in keys.iter_mut() {
                if k.private == Some(Private::Waiting) {
                    k.private = Some(Private::NoWorker(why.to_string()));
                }
            }
        }
    }

    /// What a copy button copies: the form shown, never a private form without the
    /// switch.
    fn copy_text(&self, index: Option<usize>, form: KeyForm) -> Option<String> {
        let Some(index) = index else {
            return match (&self.written, form) {
                (Written::Set(text), KeyForm::Jwks) => Some(text.clone()),
                _ => None,
            };
        };
        let Read::Keys { keys, .. } = &self.read else {
            return None;
        };
        let k = keys.get(index)?;
        if !form.is_private() {
            return k.forms.form(form).map(str::to_string);
        }
        match &k.private {
            Some(Private::Done(forms)) if self.show_private => forms.form(form).map(str::to_string),
            _ => None,
        }
    }

    /// Adds `members` to the set (`None`, a secret; a key already there, by its RFC
    /// 7638 thumbprint; or one over the cap is not added, and the notice says why),
    /// then writes the set. A member's kid is its own, else its thumbprint.
    fn add(&mut self, members: Vec<Option<Member>>) {
        self.notice = None;
        let mut skipped = None;
        for member in members {
            let Some(mut m) = member else {
                skipped.get_or_insert_with(|| "an HMAC secret has no public form".to_string());
                continue;
            };
            if self.members.iter().any(|e| e.key.same_key_as(&m.key)) {
                skipped.get_or_insert_with(|| "that key is already in the set".into());
                continue;
            }
            if self.members.len() >= MAX_JWKS_KEYS {
                skipped.get_or_insert_with(|| format!("a set holds at most {MAX_JWKS_KEYS} keys"));
                break;
            }
            if m.kid.is_empty() {
                m.kid = m.thumbprint.clone();
            }
            self.members.push(m);
        }
        if let Some(why) = skipped {
            self.notice = Some(format!("Not added: {why}."));
        }
        self.build();
    }

    /// The public JWKS, as the engine writes it ([`public_jwks`]), or why not.
    fn build(&mut self) {
        let members: Vec<JwksMember<'_>> = self
            .members
            .iter()
            .map(|m| JwksMember {
                key: &m.key,
                kid: (!m.kid.is_empty()).then_some(m.kid.as_str()),
                key_use: m.key_use.member(),
                alg: m.alg,
            })
            .collect();
        self.written = if members.is_empty() {
            Written::Empty
        } else {
            match public_jwks(&members) {
                Ok(set) => Written::Set(json::pretty(&set)),
                Err(e) => Written::Refused(e.message().to_string()),
            }
        };
    }
}

/// One output of the workshop: a form and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportView {
    /// Which (`data-format`).
    pub form: KeyForm,
    /// The text.
    pub text: String,
}

/// One key read from the workshop's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkshopKeyView {
    /// `RSA private key, 2048 bits, PKCS#1 PEM`.
    pub description: String,
    /// `Algorithms: RS256, RS384, …`.
    pub algorithms: String,
    /// The RFC 7638 thumbprint (empty for a secret).
    pub thumbprint: String,
    /// The outputs to show: the public forms, and the private forms when the switch
    /// is on and the worker wrote them.
    pub outputs: Vec<ExportView>,
    /// About the private forms (or why some form is missing).
    pub notes: Vec<Line>,
}

/// One member of the JWKS being built.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JwksEntryView {
    /// What the key is.
    pub description: String,
    /// Its thumbprint (the kid's default).
    pub thumbprint: String,
    /// The kid field.
    pub kid: String,
    /// The `use` select's value.
    pub key_use: &'static str,
    /// The `alg` select's value (empty: none).
    pub alg: &'static str,
    /// The `alg` select's choices: the key's usable algorithms.
    pub algorithms: Vec<&'static str>,
}

/// The workshop panel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkshopView {
    /// The key text.
    pub text: String,
    /// What was read, or why not.
    pub status: Line,
    /// The worker is reading the text.
    pub busy: bool,
    /// The switch.
    pub show_private: bool,
    /// Each key read.
    pub keys: Vec<WorkshopKeyView>,
    /// The JWKS members.
    pub jwks: Vec<JwksEntryView>,
    /// The public JWKS (empty when there is none, or it is refused).
    pub jwks_text: String,
    /// The builder's status: a refusal, or what the set holds.
    pub jwks_status: Line,
    /// Keys were read ("Add to JWKS" enabled).
    pub can_add: bool,
    /// A generated pair is ready ("Add the generated pair" enabled).
    pub can_add_generated: bool,
}

fn line(class: &'static str, text: impl Into<String>) -> Line {
    Line {
        class,
        text: text.into(),
    }
}

fn plural(n: usize, what: &str) -> String {
    format!("{n} {what}{}", if n == 1 { "" } else { "s" })
}

/// The workshop's view model.
pub fn view(w: &Workshop, generated_ready: bool) -> WorkshopView {
    let (status, keys) = match &w.read {
        Read::Keys {
            jwks,
            keys,
            skipped,
        } => {
            let mut status = if *jwks {
                format!("JWKS, {}", plural(keys.len(), "key"))
            } else {
                "One key".to_string()
            };
            for why in skipped {
                status.push_str(&format!("; skipped {why}"));
            }
            (
                line("ok", status),
                keys.iter().map(|k| key_view(w, k)).collect(),
            )
        }
        Read::Refused(message) => (line("error", message.clone()), Vec::new()),
        Read::Nothing => (
            line(
                "info",
                "Paste a key: PEM, base64 DER, OpenSSH, JWK or JWKS.",
            ),
            Vec::new(),
        ),
    };
    let jwks = w
        .members
        .iter()
        .map(|m| JwksEntryView {
            description: m.description.clone(),
            thumbprint: m.thumbprint.clone(),
            kid: m.kid.clone(),
            key_use: m.key_use.name(),
            alg: m.alg.map(Algorithm::name).unwrap_or(""),
            algorithms: m.algorithms.iter().map(|a| a.name()).collect(),
        })
        .collect();
    let (jwks_text, jwks_status) = match &w.written {
        Written::Refused(message) => (String::new(), line("error", format!("Refused: {message}"))),
        Written::Empty => (
            String::new(),
            line(
                "info",
                "No keys yet: add the pasted key or a generated pair.",
            ),
        ),
        Written::Set(text) => (
            text.clone(),
            line(
                "ok",
                format!("Public JWKS of {}.", plural(w.members.len(), "key")),
            ),
        ),
    };
    let jwks_status = match &w.notice {
        Some(notice) if jwks_status.class != "error" => line("warning", notice.clone()),
        _ => jwks_status,
    };
    WorkshopView {
        text: w.text.clone(),
        status,
        busy: matches!(&w.read, Read::Keys { keys, .. }
            if keys.iter().any(|k| k.private == Some(Private::Waiting))),
        show_private: w.show_private,
        can_add: matches!(&w.read, Read::Keys { keys, .. } if keys.iter().any(|k| k.public.is_some())),
        keys,
        jwks,
        jwks_text,
        jwks_status,
        can_add_generated: generated_ready,
    }
}

/// A key's block: what it is, its forms, and about its private forms.
fn key_view(w: &Workshop, k: &ReadKey) -> WorkshopKeyView {
    let mut outputs: Vec<ExportView> = k
        .forms
        .forms
        .iter()
        .map(|(form, text)| ExportView {
            form: *form,
            text: text.to_string(),
        })
        .collect();
    let mut notes: Vec<Line> = k
        .forms
        .problems
        .iter()
        .map(|p| line("info", p.clone()))
        .collect();
    if k.parts.is_some() {
        match (&k.private, w.show_private) {
            (_, false) => notes.push(line(
                "info",
                "A private key: the forms above are its public key. Switch on “Show private forms” for PKCS#8 PEM and the private JWK.",
            )),
            (Some(Private::Done(forms)), true) => {
                outputs.extend(forms.forms.iter().map(|(form, text)| ExportView {
                    form: *form,
                    text: text.to_string(),
                }));
            }
            (Some(Private::Refused(why)), true) => notes.push(line(
                "error",
                format!("The private forms could not be written: {why}"),
            )),
            (Some(Private::NoWorker(why)), true) => notes.push(line(
                "error",
                format!("The private forms could not be written: {NEEDS_WORKER}: {why}."),
            )),
            (_, true) => notes.push(line("info", "Writing the private forms in a worker…")),
        }
    }
    let algorithms: Vec<&str> = k.algorithms.iter().map(|a| a.name()).collect();
    WorkshopKeyView {
        description: k.description.clone(),
        algorithms: if algorithms.is_empty() {
            "Algorithms: none".into()
        } else {
            format!("Algorithms: {}", algorithms.join(", "))
        },
        thumbprint: k.forms.thumbprint.clone().unwrap_or_default(),
        outputs,
        notes,
    }
}
#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use crate::app::{KeyPairJob, Msg, State, WorkerTrouble};
    use crate::jose::key::{export, private_forms, KeyFormat, Secret};

    const RSA_PUB: &str = include_str!("../../tests/e2e/fixtures/rsa.pub.pem");
    const RSA_KEY: &str = include_str!("../../tests/e2e/fixtures/rsa.key.pem");
    const EC_PUB: &str = include_str!("../../tests/e2e/fixtures/ec.pub.pem");
    const ED_JWK: &str = include_str!("../../tests/e2e/fixtures/ed.jwk.json");

    fn page() -> State {
        State::new(1_800_000_000, Secret::new(vec![7u8; 32]))
    }

    fn ws(s: &mut State, msg: WorkshopMsg) -> Option<Effect> {
        s.update(Msg::Workshop(msg))
    }

    fn vm(s: &State) -> WorkshopView {
        crate::app::view_model(s, &|t| t.to_string()).workshop
    }

    fn formats(k: &WorkshopKeyView) -> Vec<&'static str> {
        k.outputs.iter().map(|o| o.form.name()).collect()
    }

    /// What the page's worker does with the request (`worker_private_forms`): the
    /// key rebuilt from its numbers, written by the engine, as the reply document.
    fn worker_replies(job: &WorkshopJob) -> Vec<WorkshopMsg> {
        job.keys
            .iter()
            .map(|k| {
                let forms = k.parts.to_key().and_then(|private| {
                    let mut key = Key::new(KeyMaterial::Private(private), KeyFormat::Jwk);
                    key.kid = (!k.kid.is_empty()).then(|| k.kid.clone());
                    private_forms(&key)
                });
                WorkshopMsg::Replied {
                    job: job.job,
                    index: k.index,
                    reply: report::key_forms_reply(forms.as_ref()).to_string(),
                }
            })
            .collect()
    }

    #[test]
    fn a_public_pem_is_described_with_its_thumbprint_and_every_public_form() {
        let mut s = page();
        assert_eq!(ws(&mut s, WorkshopMsg::Edited(RSA_PUB.into())), None);
        let v = vm(&s);
        assert_eq!(v.status.class, "ok");
        let [k] = v.keys.as_slice() else {
            panic!("{v:?}")
        };
        assert_eq!(k.description, "RSA public key, 2048 bits, SPKI PEM");
        assert!(k
            .algorithms
            .starts_with("Algorithms: RS256, RS384, RS512, PS256"));
        assert_eq!(formats(k), ["spki-pem", "pkcs1-pem", "public-jwk"]);
        let set = parse_key(RSA_PUB, SecretEncoding::Utf8).unwrap();
        let original = &set.keys[0];
        assert_eq!(k.thumbprint, export::thumbprint(original).unwrap());
        assert_eq!(
            k.outputs[0].text.trim(),
            RSA_PUB.trim(),
            "SPKI in, SPKI out"
        );
        assert_eq!(
            k.outputs[1].text.trim(),
            include_str!("../../tests/e2e/fixtures/rsa.pub.pkcs1.pem").trim(),
            "OpenSSL's PKCS#1 PEM"
        );
        // Every form reads back as the same key, with the same thumbprint.
        for out in &k.outputs {
            let back = parse_key(&out.text, SecretEncoding::Utf8).unwrap();
            assert!(back.keys[0].same_key_as(original), "{}", out.form.name());
            assert_eq!(export::thumbprint(&back.keys[0]).unwrap(), k.thumbprint);
        }
        // Copy: the shown text; no private form exists.
        let copied = ws(&mut s, WorkshopMsg::Copy(Some(0), KeyForm::PublicJwk));
        assert_eq!(
            copied,
            Some(Effect::Copy {
                what: Copyable::Workshop(KeyForm::PublicJwk),
                text: k.outputs[2].text.clone(),
            })
        );
        assert_eq!(
            ws(&mut s, WorkshopMsg::Copy(Some(0), KeyForm::Pkcs8Pem)),
            None
        );
        assert_eq!(
            ws(&mut s, WorkshopMsg::ShowPrivate(true)),
            None,
            "nothing private"
        );
    }

    #[test]
    fn private_forms_come_from_the_worker_only_behind_the_switch() {
        let mut s = page();
        assert_eq!(ws(&mut s, WorkshopMsg::Edited(RSA_KEY.into())), None);
        let v = vm(&s);
        let k = &v.keys[0];
        assert!(
            k.description.starts_with("RSA private key, 2048 bits"),
            "{k:?}"
        );
        assert_eq!(
            formats(k),
            ["spki-pem", "pkcs1-pem", "public-jwk"],
            "public key from private key"
        );
        assert!(k.notes[0].text.contains("Show private forms"));
        assert!(!format!("{:?}", v.keys).contains("PRIVATE KEY"));
        assert_eq!(
            ws(&mut s, WorkshopMsg::Copy(Some(0), KeyForm::Pkcs8Pem)),
            None
        );
        assert_eq!(
            ws(&mut s, WorkshopMsg::Copy(Some(0), KeyForm::PrivateJwk)),
            None
        );

        let Some(Effect::Workshop(job)) = ws(&mut s, WorkshopMsg::ShowPrivate(true)) else {
            panic!("the switch asks the worker")
        };
        assert_eq!(job.keys.len(), 1);
        assert!(!format!("{job:?}").contains(&format!("{:?}", job.keys[0].parts.numbers()[2])));
        assert!(vm(&s).keys[0].notes[0].text.contains("in a worker"));
        // A stale answer (an older request) is dropped.
        let mut stale = worker_replies(&job);
        if let WorkshopMsg::Replied { job, .. } = &mut stale[0] {
            *job = job.wrapping_sub(1);
        }
        ws(&mut s, stale.remove(0));
        assert_eq!(formats(&vm(&s).keys[0]).len(), 3);
        for reply in worker_replies(&job) {
            ws(&mut s, reply);
        }
        let k = vm(&s).keys.remove(0);
        assert_eq!(
            formats(&k),
            [
                "spki-pem",
                "pkcs1-pem",
                "public-jwk",
                "pkcs8-pem",
                "private-jwk"
            ]
        );
        let original = parse_key(RSA_KEY, SecretEncoding::Utf8).unwrap();
        for out in &k.outputs[3..] {
            let back = parse_key(&out.text, SecretEncoding::Utf8).unwrap();
            assert!(back.keys[0].is_private(), "{}", out.form.name());
            assert!(back.keys[0].same_key_as(&original.keys[0]));
        }
        let Some(Effect::Copy { text, .. }) =
            ws(&mut s, WorkshopMsg::Copy(Some(0), KeyForm::Pkcs8Pem))
        else {
            panic!("copyable with the switch on")
        };
        assert!(text.starts_with("-----BEGIN PRIVATE KEY-----"));

        // Off: the forms are gone, and cannot be copied; an answer still coming is
        // dropped.
        assert_eq!(ws(&mut s, WorkshopMsg::ShowPrivate(false)), None);
        assert_eq!(formats(&vm(&s).keys[0]).len(), 3);
        assert_eq!(
            ws(&mut s, WorkshopMsg::Copy(Some(0), KeyForm::Pkcs8Pem)),
            None
        );
        for reply in worker_replies(&job) {
            ws(&mut s, reply);
        }
        assert_eq!(formats(&vm(&s).keys[0]).len(), 3);
        assert!(!format!("{:?}", vm(&s).keys).contains("PRIVATE KEY"));

        // On again, then a new paste: the answer for the old key is dropped.
        let Some(Effect::Workshop(old)) = ws(&mut s, WorkshopMsg::ShowPrivate(true)) else {
            panic!()
        };
        let pair =
            crate::jose::key::generate_keypair(crate::jose::key::KeyPairSpec::Ed25519).unwrap();
        let Some(Effect::Workshop(new)) =
            ws(&mut s, WorkshopMsg::Edited(pair.private_pem.to_string()))
        else {
            panic!("a new private key with the switch on asks again")
        };
        for reply in worker_replies(&old) {
            ws(&mut s, reply);
        }
        assert_eq!(formats(&vm(&s).keys[0]), ["spki-pem", "public-jwk"]);
        // The worker fails: said, not waited for.
        s.update(Msg::WorkerTrouble(WorkerTrouble::NotStarted));
        assert_eq!(vm(&s).keys[0].notes[0].class, "error");
        for reply in worker_replies(&new) {
            ws(&mut s, reply);
        }
        assert_eq!(
            formats(&vm(&s).keys[0]),
            ["spki-pem", "public-jwk", "pkcs8-pem", "private-jwk"]
        );
    }

    #[test]
    fn a_secret_or_an_unreadable_key_shows_no_forms() {
        let mut s = page();
        ws(&mut s, WorkshopMsg::Edited("just a shared secret".into()));
        let v = vm(&s);
        assert!(v.keys[0].description.starts_with("HMAC secret"));
        assert!(v.keys[0].outputs.is_empty() && v.keys[0].thumbprint.is_empty());
        assert!(!v.can_add);
        ws(
            &mut s,
            WorkshopMsg::Edited("-----BEGIN PUBLIC KEY-----\nAAAA".into()),
        );
        let v = vm(&s);
        assert_eq!(v.status.class, "error");
        assert!(v.keys.is_empty());
    }

    #[test]
    fn the_jwks_builder_writes_the_engines_set_and_refuses_an_ambiguous_kid() {
        let mut s = page();
        ws(&mut s, WorkshopMsg::Edited(ED_JWK.into()));
        ws(&mut s, WorkshopMsg::JwksAdd);
        ws(&mut s, WorkshopMsg::Edited(EC_PUB.into()));
        ws(&mut s, WorkshopMsg::JwksAdd);
        let v = vm(&s);
        assert_eq!(v.jwks.len(), 2);
        assert_eq!(v.jwks[0].kid, "ed-1", "the key's own kid");
        assert_eq!(v.jwks[1].kid, v.jwks[1].thumbprint, "else its thumbprint");
        assert_eq!(v.jwks[1].algorithms, ["ES256"]);
        assert_eq!(v.jwks_status.class, "ok");
        let set: serde_json::Value = serde_json::from_str(&v.jwks_text).unwrap();
        assert_eq!(set["keys"][1]["kid"], v.jwks[1].thumbprint.as_str());
        assert_eq!(set["keys"][1]["use"], "sig");

        // The same key again: not added.
        ws(&mut s, WorkshopMsg::JwksAdd);
        assert_eq!(vm(&s).jwks.len(), 2);
        assert_eq!(vm(&s).jwks_status.class, "warning");

        // use, alg (only one the key can use), kid.
        ws(&mut s, WorkshopMsg::JwksUse(1, KeyUse::Unset));
        ws(&mut s, WorkshopMsg::JwksAlg(1, Some(Algorithm::RS256)));
        assert_eq!(vm(&s).jwks[1].alg, "");
        ws(&mut s, WorkshopMsg::JwksAlg(1, Some(Algorithm::ES256)));
        ws(&mut s, WorkshopMsg::JwksKid(1, "ec-1".into()));
        let v = vm(&s);
        let set: serde_json::Value = serde_json::from_str(&v.jwks_text).unwrap();
        assert_eq!(set["keys"][1]["kid"], "ec-1");
        assert_eq!(set["keys"][1]["alg"], "ES256");
        assert!(set["keys"][1].get("use").is_none());
        // The set reads back: two keys the selector tells apart by kid.
        let back = parse_key(&v.jwks_text, SecretEncoding::Utf8).unwrap();
        assert_eq!(back.keys.len(), 2);
        let Some(Effect::Copy { what, text }) = ws(&mut s, WorkshopMsg::Copy(None, KeyForm::Jwks))
        else {
            panic!()
        };
        assert_eq!(
            (what, text),
            (Copyable::Workshop(KeyForm::Jwks), v.jwks_text)
        );

        // One kid for two different keys: refused by the engine's rule, nothing to copy.
        ws(&mut s, WorkshopMsg::JwksKid(1, "ed-1".into()));
        let v = vm(&s);
        assert_eq!(v.jwks_status.class, "error");
        assert!(
            v.jwks_status.text.contains("same kid \"ed-1\""),
            "{}",
            v.jwks_status.text
        );
        assert!(v.jwks_text.is_empty());
        assert_eq!(ws(&mut s, WorkshopMsg::Copy(None, KeyForm::Jwks)), None);
        // An empty kid writes none.
        ws(&mut s, WorkshopMsg::JwksKid(1, String::new()));
        let set: serde_json::Value = serde_json::from_str(&vm(&s).jwks_text).unwrap();
        assert!(set["keys"][1].get("kid").is_none());
        ws(&mut s, WorkshopMsg::JwksRemove(0));
        ws(&mut s, WorkshopMsg::JwksRemove(7));
        assert_eq!(vm(&s).jwks.len(), 1);
        assert!(vm(&s).jwks[0]
            .description
            .starts_with("EC public key, P-256"));
    }

    #[test]
    fn a_generated_pair_joins_the_jwks_as_its_public_half() {
        let mut s = page();
        assert!(!vm(&s).can_add_generated);
        ws(&mut s, WorkshopMsg::JwksAddGenerated);
        assert_eq!(vm(&s).jwks_status.class, "warning");
        let pair =
            crate::jose::key::generate_keypair(crate::jose::key::KeyPairSpec::Ed25519).unwrap();
        let doc = report::read_keypair_reply(
            &report::keypair_reply(Ok((crate::jose::key::KeyPairSpec::Ed25519, &pair))).to_string(),
        )
        .unwrap();
        s.keypair = KeyPairJob::Done(KeyPairOutput::new(&doc));
        assert!(vm(&s).can_add_generated);
        ws(&mut s, WorkshopMsg::JwksAddGenerated);
        let v = vm(&s);
        assert_eq!(v.jwks.len(), 1);
        assert_eq!(
            v.jwks[0].kid, pair.kid,
            "the generated pair's kid: its thumbprint"
        );
        assert!(!v.jwks_text.contains("\"d\""), "{}", v.jwks_text);
    }
}
