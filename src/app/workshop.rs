//! The keys workshop: paste any key the engine reads ([`parse_key`], as the key
//! pane) and see what it is ([`Key::describe`], [`Key::usable_algorithms`]), its
//! RFC 7638 thumbprint and its public forms ([`export::spki_pem`],
//! [`export::pkcs1_public_pem`], [`export::public_jwk`]: what `jwtscope key`
//! prints); behind the "Show private forms" switch, a private key's PKCS#8 PEM and
//! private JWK, which the page's worker writes ([`Effect::PrivateForms`]: the page's
//! module links no private-key writer); and a JWKS builder whose set is the engine's
//! ([`jwks::public_jwks`], which refuses one kid for different keys).
//!
//! What the pasted text yields is computed once per edit and kept; the view model
//! only copies it. Private forms live only while the switch is on: switching off
//! drops them (and any answer still coming).

use zeroize::Zeroizing;

use super::view::Line;
use super::{Copyable, Effect, KeyPairOutput};
use crate::jose::alg::Algorithm;
use crate::jose::error::Error;
use crate::jose::key::{
    export, jwks, parse_key, Key, KeyMaterial, KeySource, PrivateParts, SecretEncoding,
    MAX_JWKS_KEYS,
};
use crate::jose::{json, report};

/// A form the workshop writes, by its `data-format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Export {
    /// `-----BEGIN PUBLIC KEY-----` (SPKI).
    SpkiPem,
    /// `-----BEGIN RSA PUBLIC KEY-----` (PKCS#1), RSA only.
    Pkcs1Pem,
    /// The public JWK.
    PublicJwk,
    /// `-----BEGIN PRIVATE KEY-----` (PKCS#8), private keys only.
    Pkcs8Pem,
    /// The private JWK, private keys only.
    PrivateJwk,
    /// The JWKS builder's public set.
    Jwks,
}

impl Export {
    /// The `data-format` value: `spki-pem`, `pkcs1-pem`, `public-jwk`, `pkcs8-pem`,
    /// `private-jwk`, `jwks`.
    pub const fn name(self) -> &'static str {
        match self {
            Export::SpkiPem => "spki-pem",
            Export::Pkcs1Pem => "pkcs1-pem",
            Export::PublicJwk => "public-jwk",
            Export::Pkcs8Pem => "pkcs8-pem",
            Export::PrivateJwk => "private-jwk",
            Export::Jwks => "jwks",
        }
    }

    /// The output's label.
    pub const fn label(self) -> &'static str {
        match self {
            Export::SpkiPem => "Public key (SPKI PEM)",
            Export::Pkcs1Pem => "RSA public key (PKCS#1 PEM)",
            Export::PublicJwk => "Public JWK",
            Export::Pkcs8Pem => "Private key (PKCS#8 PEM)",
            Export::PrivateJwk => "Private JWK",
            Export::Jwks => "Public JWKS",
        }
    }

    /// For the copy status line: `the workshop's private JWK`…
    pub const fn copy_label(self) -> &'static str {
        match self {
            Export::SpkiPem => "the workshop's SPKI PEM",
            Export::Pkcs1Pem => "the workshop's PKCS#1 PEM",
            Export::PublicJwk => "the workshop's public JWK",
            Export::Pkcs8Pem => "the workshop's PKCS#8 PEM (a private key)",
            Export::PrivateJwk => "the workshop's private JWK (a private key)",
            Export::Jwks => "the public JWKS",
        }
    }

    /// The export named `name` ([`Export::name`]).
    pub fn from_name(name: &str) -> Option<Export> {
        [
            Export::SpkiPem,
            Export::Pkcs1Pem,
            Export::PublicJwk,
            Export::Pkcs8Pem,
            Export::PrivateJwk,
            Export::Jwks,
        ]
        .into_iter()
        .find(|e| e.name() == name)
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
    /// The worker answered [`Effect::PrivateForms`] for key `index`
    /// ([`report::private_forms_reply`] text).
    PrivateForms {
        /// The request (an older one than the last is dropped).
        job: u32,
        /// The key, in the pasted set.
        index: usize,
        /// The worker's reply.
        reply: String,
    },
    /// A copy button: key `index`'s export, or (`None`) the JWKS.
    Copy(Option<usize>, Export),
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

/// A request for the private forms of the pasted private keys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrivateFormsJob {
    /// The request number ([`WorkshopMsg::PrivateForms`] carries it back).
    pub job: u32,
    /// One per private key.
    pub keys: Vec<PrivateFormsKey>,
}

/// A private key's forms, as far as the worker got.
#[derive(Clone, PartialEq, Eq)]
enum Forms {
    Busy,
    Done {
        pkcs8_pem: Zeroizing<String>,
        private_jwk: Zeroizing<String>,
    },
    Failed(String),
}

/// One key read from the workshop's text, with everything shown about it.
#[derive(Clone)]
struct ReadKey {
    key: Key,
    description: String,
    algorithms: Vec<Algorithm>,
    thumbprint: String,
    /// The public forms (none for a secret); an export that failed says why.
    public: Vec<(Export, String)>,
    problems: Vec<String>,
    /// A private key's numbers, for the worker.
    parts: Option<PrivateParts>,
    forms: Option<Forms>,
}

/// A member of the JWKS being built.
#[derive(Clone)]
pub struct JwksEntry {
    key: Key,
    description: String,
    thumbprint: String,
    algorithms: Vec<Algorithm>,
    /// The kid as typed (empty: none).
    pub kid: String,
    /// Its `use`.
    pub key_use: KeyUse,
    /// Its `alg`.
    pub alg: Option<Algorithm>,
}

/// The workshop's state.
#[derive(Clone)]
pub struct Workshop {
    /// The key text as typed.
    pub text: String,
    read: Result<Vec<ReadKey>, String>,
    source: Option<KeySource>,
    /// The "Show private forms" switch.
    pub show_private: bool,
    job: u32,
    /// The JWKS being built.
    pub jwks: Vec<JwksEntry>,
    jwks_out: Result<String, String>,
    jwks_notice: Option<String>,
}

impl std::fmt::Debug for Workshop {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Workshop")
            .field("text", &format_args!("<{} bytes>", self.text.len()))
            .field("show_private", &self.show_private)
            .field("job", &self.job)
            .field("jwks", &self.jwks.len())
            .finish_non_exhaustive()
    }
}

impl Default for Workshop {
    fn default() -> Self {
        Workshop {
            text: String::new(),
            read: Ok(Vec::new()),
            source: None,
            show_private: false,
            job: 0,
            jwks: Vec::new(),
            jwks_out: Ok(String::new()),
            jwks_notice: None,
        }
    }
}

fn algs_of(key: &Key) -> Vec<Algorithm> {
    key.usable_algorithms()
}

impl ReadKey {
    fn new(key: &Key) -> ReadKey {
        let secret = matches!(key.material, KeyMaterial::Secret(_));
        let mut public = Vec::new();
        let mut problems = Vec::new();
        if secret {
            problems.push(
                "A shared secret has no public form, and its thumbprint would be a hash of the secret: nothing is shown."
                    .into(),
            );
        } else {
            match export::spki_pem(key) {
                Ok(pem) => public.push((Export::SpkiPem, pem)),
                Err(e) => problems.push(format!("No SPKI PEM: {}", e.message())),
            }
            if let Some(pem) = export::pkcs1_public_pem(key) {
                public.push((Export::Pkcs1Pem, pem));
            }
            match export::public_jwk(key) {
                Ok(jwk) => public.push((Export::PublicJwk, json::pretty(&jwk))),
                Err(e) => problems.push(format!("No public JWK: {}", e.message())),
            }
        }
        let parts = match &key.material {
            KeyMaterial::Private(k) => Some(k.parts()),
            _ => None,
        };
        ReadKey {
            key: key.clone(),
            description: key.describe(),
            algorithms: algs_of(key),
            thumbprint: if secret {
                String::new()
            } else {
                export::thumbprint(key).unwrap_or_default()
            },
            public,
            problems,
            parts,
            forms: None,
        }
    }
}

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
                if text != self.text {
                    self.text = text;
                    self.reread();
                    return self.ask_private_forms();
                }
            }
            WorkshopMsg::ShowPrivate(on) => {
                if on != self.show_private {
                    self.show_private = on;
                    if on {
                        return self.ask_private_forms();
                    }
                    self.drop_private_forms();
                }
            }
            WorkshopMsg::PrivateForms { job, index, reply } => {
                self.private_forms_read(job, index, &reply)
            }
            WorkshopMsg::Copy(index, export) => {
                let text = self.copy_text(index, export)?;
                return Some(Effect::Copy {
                    what: Copyable::Workshop(export),
                    text,
                });
            }
            WorkshopMsg::JwksAdd => {
                let keys: Vec<Key> = match &self.read {
                    Ok(read) => read.iter().map(|r| r.key.clone()).collect(),
                    Err(_) => Vec::new(),
                };
                self.add_to_jwks(&keys);
            }
            WorkshopMsg::JwksAddGenerated => {
                let read = generated.map(|out| parse_key(&out.public_jwk, SecretEncoding::Utf8));
                match read {
                    Some(Ok(set)) => self.add_to_jwks(&set.keys),
                    Some(Err(e)) => self.jwks_notice = Some(e.message().to_string()),
                    None => {
                        self.jwks_notice = Some("Generate a key pair first (Generate pane).".into())
                    }
                }
            }
            WorkshopMsg::JwksKid(i, kid) => {
                if let Some(e) = self.jwks.get_mut(i) {
                    e.kid = kid;
                }
                self.rebuild_jwks();
            }
            WorkshopMsg::JwksUse(i, key_use) => {
                if let Some(e) = self.jwks.get_mut(i) {
                    e.key_use = key_use;
                }
                self.rebuild_jwks();
            }
            WorkshopMsg::JwksAlg(i, alg) => {
                if let Some(e) = self.jwks.get_mut(i) {
                    // Only an algorithm the key can be used with is offered.
                    if alg.is_none_or(|a| e.algorithms.contains(&a)) {
                        e.alg = alg;
                    }
                }
                self.rebuild_jwks();
            }
            WorkshopMsg::JwksRemove(i) => {
                if i < self.jwks.len() {
                    self.jwks.remove(i);
                    self.jwks_notice = None;
                }
                self.rebuild_jwks();
            }
        }
        None
    }

    /// The worker could not be used: private forms being waited for fail with the
    /// reason.
    pub fn worker_failed(&mut self, message: &str) {
        if let Ok(read) = &mut self.read {
            for r in read.iter_mut() {
                if r.forms == Some(Forms::Busy) {
                    r.forms = Some(Forms::Failed(message.to_string()));
                }
            }
        }
    }

    fn reread(&mut self) {
        self.job = self.job.wrapping_add(1);
        self.source = None;
        self.read = if self.text.trim().is_empty() {
            Ok(Vec::new())
        } else {
            match parse_key(&self.text, SecretEncoding::Utf8) {
                Ok(set) => {
                    self.source = Some(set.source);
                    Ok(set.keys.iter().map(ReadKey::new).collect())
                }
                Err(e) => Err(e.message().to_string()),
            }
        };
    }

    /// With the switch on, asks the worker for the private keys' forms (a new
    /// request number: answers to older ones are dropped).
    fn ask_private_forms(&mut self) -> Option<Effect> {
        if !self.show_private {
            return None;
        }
        self.job = self.job.wrapping_add(1);
        let Ok(read) = &mut self.read else {
            return None;
        };
        let mut keys = Vec::new();
        for (index, r) in read.iter_mut().enumerate() {
            let Some(parts) = &r.parts else { continue };
            r.forms = Some(Forms::Busy);
            let member = |m: &Option<String>| m.clone().unwrap_or_default();
            keys.push(PrivateFormsKey {
                index,
                parts: parts.clone(),
                kid: member(&r.key.kid),
                jwk_use: member(&r.key.jwk_use),
                jwk_alg: member(&r.key.jwk_alg),
            });
        }
        (!keys.is_empty()).then(|| {
            Effect::PrivateForms(PrivateFormsJob {
                job: self.job,
                keys,
            })
        })
    }

    fn drop_private_forms(&mut self) {
        self.job = self.job.wrapping_add(1);
        if let Ok(read) = &mut self.read {
            for r in read.iter_mut() {
                r.forms = None;
            }
        }
    }

    fn private_forms_read(&mut self, job: u32, index: usize, reply: &str) {
        if job != self.job || !self.show_private {
            return;
        }
        let Some(r) = self.read.as_mut().ok().and_then(|read| read.get_mut(index)) else {
            return;
        };
        if r.parts.is_none() {
            return;
        }
        r.forms = Some(match report::read_private_forms_reply(reply) {
            Ok(doc) => Forms::Done {
                pkcs8_pem: Zeroizing::new(doc.pkcs8_pem),
                private_jwk: Zeroizing::new(json::pretty(&doc.private_jwk)),
            },
            Err(e) => Forms::Failed(e.message().to_string()),
        });
    }

    /// What a copy button copies: nothing for a private form unless the switch is on
    /// and the form is there.
    fn copy_text(&self, index: Option<usize>, export: Export) -> Option<String> {
        let Some(index) = index else {
            return match (&self.jwks_out, export) {
                (Ok(text), Export::Jwks) if !text.is_empty() => Some(text.clone()),
                _ => None,
            };
        };
        let r = self.read.as_ref().ok()?.get(index)?;
        match (export, &r.forms) {
            (Export::Pkcs8Pem, Some(Forms::Done { pkcs8_pem, .. })) if self.show_private => {
                Some(pkcs8_pem.to_string())
            }
            (Export::PrivateJwk, Some(Forms::Done { private_jwk, .. })) if self.show_private => {
                Some(private_jwk.to_string())
            }
            _ => r
                .public
                .iter()
                .find(|(e, _)| *e == export)
                .map(|(_, t)| t.clone()),
        }
    }

    fn add_to_jwks(&mut self, keys: &[Key]) {
        self.jwks_notice = None;
        let mut skipped = Vec::new();
        for key in keys {
            let Some(public) = key.public_key() else {
                skipped.push("an HMAC secret has no public form".to_string());
                continue;
            };
            if self.jwks.iter().any(|e| e.key.same_key_as(key)) {
                skipped.push("that key is already in the set".into());
                continue;
            }
            if self.jwks.len() >= MAX_JWKS_KEYS {
                skipped.push(format!("a set holds at most {MAX_JWKS_KEYS} keys"));
                break;
            }
            let mut half = Key::new(KeyMaterial::Public(public), key.format);
            half.kid = key.kid.clone();
            let thumbprint = export::thumbprint(&half).unwrap_or_default();
            let algorithms = algs_of(&half);
            let alg = key
                .jwk_alg
                .as_deref()
                .and_then(|a| Algorithm::parse(a).ok())
                .filter(|a| algorithms.contains(a));
            let key_use = match key.jwk_use.as_deref() {
                Some("enc") => KeyUse::Enc,
                _ => KeyUse::Sig,
            };
            self.jwks.push(JwksEntry {
                description: half.describe(),
                kid: key.kid.clone().unwrap_or_else(|| thumbprint.clone()),
                thumbprint,
                algorithms,
                key: half,
                key_use,
                alg,
            });
        }
        if let Some(why) = skipped.first() {
            self.jwks_notice = Some(format!("Not added: {why}."));
        }
        self.rebuild_jwks();
    }

    /// The public JWKS, as the engine writes it ([`jwks::public_jwks`]), or why not.
    fn rebuild_jwks(&mut self) {
        let members: Vec<jwks::JwksMember<'_>> = self
            .jwks
            .iter()
            .map(|e| jwks::JwksMember {
                key: &e.key,
                kid: (!e.kid.is_empty()).then_some(e.kid.as_str()),
                key_use: e.key_use.member(),
                alg: e.alg,
            })
            .collect();
        self.jwks_out = if members.is_empty() {
            Ok(String::new())
        } else {
            jwks::public_jwks(&members)
                .map(|set| json::pretty(&set))
                .map_err(|e: Error| e.message().to_string())
        };
    }
}

/// One output of the workshop: an export and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportView {
    /// Which (`data-format`).
    pub export: Export,
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

/// The workshop's view model.
pub fn view(w: &Workshop, generated_ready: bool) -> WorkshopView {
    let (status, keys) = match &w.read {
        Err(message) => (line("error", message.clone()), Vec::new()),
        Ok(read) if read.is_empty() => (
            line(
                "info",
                "Paste a key: PEM, base64 DER, OpenSSH, JWK or JWKS.",
            ),
            Vec::new(),
        ),
        Ok(read) => {
            let n = read.len();
            let status = match w.source {
                Some(KeySource::Jwks) => format!("JWKS, {n} key{}", if n == 1 { "" } else { "s" }),
                _ => "One key".to_string(),
            };
            (
                line("ok", status),
                read.iter().map(|r| key_view(w, r)).collect(),
            )
        }
    };
    let jwks = w
        .jwks
        .iter()
        .map(|e| JwksEntryView {
            description: e.description.clone(),
            thumbprint: e.thumbprint.clone(),
            kid: e.kid.clone(),
            key_use: e.key_use.name(),
            alg: e.alg.map(|a| a.name()).unwrap_or(""),
            algorithms: e.algorithms.iter().map(|a| a.name()).collect(),
        })
        .collect();
    let (jwks_text, jwks_status) = match &w.jwks_out {
        Err(message) => (String::new(), line("error", format!("Refused: {message}"))),
        Ok(_) if w.jwks.is_empty() => (
            String::new(),
            line(
                "info",
                "No keys yet: add the pasted key or a generated pair.",
            ),
        ),
        Ok(text) => {
            let n = w.jwks.len();
            (
                text.clone(),
                line(
                    "ok",
                    format!("Public JWKS of {n} key{}.", if n == 1 { "" } else { "s" }),
                ),
            )
        }
    };
    let jwks_status = match &w.jwks_notice {
        Some(notice) if jwks_status.class != "error" => line("warning", notice.clone()),
        _ => jwks_status,
    };
    WorkshopView {
        text: w.text.clone(),
        status,
        show_private: w.show_private,
        can_add: matches!(&w.read, Ok(read) if read.iter().any(|r| !r.public.is_empty())),
        keys,
        jwks,
        jwks_text,
        jwks_status,
        can_add_generated: generated_ready,
    }
}

fn key_view(w: &Workshop, r: &ReadKey) -> WorkshopKeyView {
    let mut outputs: Vec<ExportView> = r
        .public
        .iter()
        .map(|(export, text)| ExportView {
            export: *export,
            text: text.clone(),
        })
        .collect();
    let mut notes: Vec<Line> = r.problems.iter().map(|p| line("info", p.clone())).collect();
    if r.parts.is_some() {
        match (&r.forms, w.show_private) {
            (_, false) => notes.push(line(
                "info",
                "A private key: the forms above are its public key. Switch on “Show private forms” for PKCS#8 PEM and the private JWK.",
            )),
            (Some(Forms::Done {
                pkcs8_pem,
                private_jwk,
            }), true) => {
                outputs.push(ExportView {
                    export: Export::Pkcs8Pem,
                    text: pkcs8_pem.to_string(),
                });
                outputs.push(ExportView {
                    export: Export::PrivateJwk,
                    text: private_jwk.to_string(),
                });
            }
            (Some(Forms::Failed(message)), true) => notes.push(line(
                "error",
                format!("The private forms could not be written: {message}"),
            )),
            (_, true) => notes.push(line("info", "Writing the private forms in a worker…")),
        }
    }
    let algorithms: Vec<&str> = r.algorithms.iter().map(|a| a.name()).collect();
    WorkshopKeyView {
        description: r.description.clone(),
        algorithms: if algorithms.is_empty() {
            "Algorithms: none".into()
        } else {
            format!("Algorithms: {}", algorithms.join(", "))
        },
        thumbprint: r.thumbprint.clone(),
        outputs,
        notes,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use crate::app::{KeyPairJob, Msg, State, WorkerTrouble};
    use crate::jose::key::{KeyFormat, Secret};

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
        k.outputs.iter().map(|o| o.export.name()).collect()
    }

    /// What the page's worker does with the request (`worker_private_forms`): the
    /// key rebuilt from its numbers, written by the engine, as the reply document.
    fn worker_replies(job: &PrivateFormsJob) -> Vec<WorkshopMsg> {
        job.keys
            .iter()
            .map(|k| {
                let forms = k.parts.to_key().and_then(|private| {
                    let mut key = Key::new(KeyMaterial::Private(private), KeyFormat::Jwk);
                    key.kid = (!k.kid.is_empty()).then(|| k.kid.clone());
                    Ok((export::pkcs8_pem(&key)?, export::private_jwk(&key)?))
                });
                let reply = report::private_forms_reply(
                    forms.as_ref().map(|(pem, jwk)| (pem.as_str(), jwk)),
                );
                WorkshopMsg::PrivateForms {
                    job: job.job,
                    index: k.index,
                    reply: reply.to_string(),
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
            assert!(back.keys[0].same_key_as(original), "{}", out.export.name());
            assert_eq!(export::thumbprint(&back.keys[0]).unwrap(), k.thumbprint);
        }
        // Copy: the shown text; no private form exists.
        let copied = ws(&mut s, WorkshopMsg::Copy(Some(0), Export::PublicJwk));
        assert_eq!(
            copied,
            Some(Effect::Copy {
                what: Copyable::Workshop(Export::PublicJwk),
                text: k.outputs[2].text.clone(),
            })
        );
        assert_eq!(
            ws(&mut s, WorkshopMsg::Copy(Some(0), Export::Pkcs8Pem)),
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
            ws(&mut s, WorkshopMsg::Copy(Some(0), Export::Pkcs8Pem)),
            None
        );
        assert_eq!(
            ws(&mut s, WorkshopMsg::Copy(Some(0), Export::PrivateJwk)),
            None
        );

        let Some(Effect::PrivateForms(job)) = ws(&mut s, WorkshopMsg::ShowPrivate(true)) else {
            panic!("the switch asks the worker")
        };
        assert_eq!(job.keys.len(), 1);
        assert!(!format!("{job:?}").contains(&format!("{:?}", job.keys[0].parts.numbers()[2])));
        assert!(vm(&s).keys[0].notes[0].text.contains("in a worker"));
        // A stale answer (an older request) is dropped.
        let mut stale = worker_replies(&job);
        if let WorkshopMsg::PrivateForms { job, .. } = &mut stale[0] {
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
            assert!(back.keys[0].is_private(), "{}", out.export.name());
            assert!(back.keys[0].same_key_as(&original.keys[0]));
        }
        let Some(Effect::Copy { text, .. }) =
            ws(&mut s, WorkshopMsg::Copy(Some(0), Export::Pkcs8Pem))
        else {
            panic!("copyable with the switch on")
        };
        assert!(text.starts_with("-----BEGIN PRIVATE KEY-----"));

        // Off: the forms are gone, and cannot be copied; an answer still coming is
        // dropped.
        assert_eq!(ws(&mut s, WorkshopMsg::ShowPrivate(false)), None);
        assert_eq!(formats(&vm(&s).keys[0]).len(), 3);
        assert_eq!(
            ws(&mut s, WorkshopMsg::Copy(Some(0), Export::Pkcs8Pem)),
            None
        );
        for reply in worker_replies(&job) {
            ws(&mut s, reply);
        }
        assert_eq!(formats(&vm(&s).keys[0]).len(), 3);
        assert!(!format!("{:?}", vm(&s).keys).contains("PRIVATE KEY"));

        // On again, then a new paste: the answer for the old key is dropped.
        let Some(Effect::PrivateForms(old)) = ws(&mut s, WorkshopMsg::ShowPrivate(true)) else {
            panic!()
        };
        let pair =
            crate::jose::key::generate_keypair(crate::jose::key::KeyPairSpec::Ed25519).unwrap();
        let Some(Effect::PrivateForms(new)) =
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
        let Some(Effect::Copy { what, text }) = ws(&mut s, WorkshopMsg::Copy(None, Export::Jwks))
        else {
            panic!()
        };
        assert_eq!(
            (what, text),
            (Copyable::Workshop(Export::Jwks), v.jwks_text)
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
        assert_eq!(ws(&mut s, WorkshopMsg::Copy(None, Export::Jwks)), None);
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
