//! The worker pool bridge. The page's workers (`www/worker.js`) run the second wasm
//! module (the `jwtscope-worker` crate): key pairs, answered with the engine's
//! `report::keypair_reply`, signatures (`report::signature_reply`), the keys
//! workshop's private forms (`report::key_forms_reply`) and the weak-secret check's
//! parts (`report::crack_reply`). This posts jobs and reads the replies back into
//! [`Msg`]s; which part goes to which worker is the state machine's
//! ([`CrackJob::worker`]).

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Document, MessageEvent, Worker};

use super::dom::{self, document, El, Listener};
use super::network::{files_loaded, perf_now};
use super::{dispatch, send, App};
use crate::app::{
    CrackJob, KeyPairOutput, Msg, Part, SignJob, WorkerTrouble, WorkshopJob, WorkshopMsg,
};
use crate::jose::key::KeyPairSpec;

/// The pool: its workers and whether each has started (`None`: not yet).
#[derive(Default)]
pub(super) struct Pool {
    pub(super) workers: Vec<Worker>,
    started: Vec<Option<bool>>,
}

impl Pool {
    pub(super) fn new(workers: Vec<Worker>) -> Pool {
        let started = vec![None; workers.len()];
        Pool { workers, started }
    }

    /// The first worker that has not failed (key pairs and signatures go there; one
    /// still starting queues the job until its module is ready).
    fn first_usable(&self) -> Option<&Worker> {
        self.workers
            .iter()
            .zip(&self.started)
            .find(|(_, s)| **s != Some(false))
            .map(|(w, _)| w)
    }

    /// The indices of the workers that started.
    fn ready(&self) -> Vec<usize> {
        (0..self.started.len())
            .filter(|&i| self.started.get(i) == Some(&Some(true)))
            .collect()
    }

    fn settled(&self) -> bool {
        self.started.iter().all(Option::is_some)
    }
}

fn message(fields: &[(&str, JsValue)]) -> js_sys::Object {
    let msg = js_sys::Object::new();
    for (name, value) in fields {
        let _ = js_sys::Reflect::set(&msg, &(*name).into(), value);
    }
    msg
}

/// Posts a key-pair job to the first worker that started; its answer comes back
/// through [`bind_worker`].
pub(super) fn post_keypair_job(app: &Rc<RefCell<App>>, kind: KeyPairSpec) {
    let Ok(mut a) = app.try_borrow_mut() else {
        return;
    };
    a.job = a.job.wrapping_add(1);
    let msg = message(&[
        ("type", "keypair".into()),
        ("id", a.job.into()),
        ("kind", kind.name().into()),
    ]);
    let sent = a.pool.first_usable().map(|w| w.post_message(&msg));
    drop(a);
    match sent {
        Some(Ok(())) => {}
        Some(Err(e)) => dispatch(app, Msg::KeyPairFinished(Err(dom::js_error_text(&e)))),
        None => dispatch(app, Msg::WorkerTrouble(WorkerTrouble::NotStarted)),
    }
}

/// Posts a private-key signature to the first usable worker; its answer comes back
/// as [`Msg::SignedInWorker`].
pub(super) fn post_sign_job(app: &Rc<RefCell<App>>, job: SignJob) {
    let Ok(a) = app.try_borrow() else {
        return;
    };
    let numbers = job.parts.encode();
    let msg = message(&[
        ("type", "sign".into()),
        ("id", job.job.into()),
        ("alg", job.alg.name().into()),
        ("input", job.input.as_str().into()),
        ("kind", job.parts.kind().into()),
        (
            "numbers",
            js_sys::Uint8Array::from(numbers.as_slice()).into(),
        ),
    ]);
    let sent = a.pool.first_usable().map(|w| w.post_message(&msg));
    drop(a);
    let failure = match sent {
        Some(Ok(())) => return,
        Some(Err(e)) => dom::js_error_text(&e),
        None => "this browser could not start one".into(),
    };
    dispatch(
        app,
        Msg::WorkerTrouble(WorkerTrouble::FailedToStart(Some(failure))),
    );
}

/// Posts the keys workshop's private keys (as their numbers, like a signature's
/// key) to the first usable worker; each answer comes back as
/// [`WorkshopMsg::Replied`], or the request fails ([`WorkshopMsg::Failed`]) when it
/// cannot be posted.
pub(super) fn post_workshop_job(app: &Rc<RefCell<App>>, job: WorkshopJob) {
    let Ok(a) = app.try_borrow() else {
        return;
    };
    let mut failure = None;
    for key in &job.keys {
        let numbers = key.parts.encode();
        let msg = message(&[
            ("type", "private".into()),
            ("id", job.job.into()),
            ("index", (key.index as f64).into()),
            ("kind", key.parts.kind().into()),
            (
                "numbers",
                js_sys::Uint8Array::from(numbers.as_slice()).into(),
            ),
            ("kid", key.kid.as_str().into()),
            ("use", key.jwk_use.as_str().into()),
            ("alg", key.jwk_alg.as_str().into()),
        ]);
        match a.pool.first_usable().map(|w| w.post_message(&msg)) {
            Some(Ok(())) => {}
            Some(Err(e)) => failure = Some(dom::js_error_text(&e)),
            None => failure = Some("no worker: this browser could not start one".into()),
        }
    }
    drop(a);
    if let Some(message) = failure {
        dispatch(
            app,
            Msg::Workshop(WorkshopMsg::Failed {
                job: job.job,
                message,
            }),
        );
    }
}

/// Posts parts of the weak-secret check to their workers (a wordlist window goes
/// with the picked `File`, which the worker reads itself: the page never holds it).
pub(super) fn post_crack_jobs(app: &Rc<RefCell<App>>, jobs: Vec<CrackJob>) {
    let Ok(a) = app.try_borrow() else {
        return;
    };
    let wordlist = a.state.check.wordlist.as_ref();
    let size = wordlist.map_or(0, |w| w.size);
    // The file the run was started with, by its pick number (a newer pick waits).
    let file = wordlist.and_then(|w| a.wordlists.iter().find(|(id, _)| *id == w.id));
    let mut failure = None;
    for job in jobs {
        let mut fields = vec![
            ("type", JsValue::from("crack")),
            ("id", job.job.into()),
            ("alg", job.target.alg().name().into()),
            ("input", js_sys::Uint8Array::from(job.target.input()).into()),
            ("tag", js_sys::Uint8Array::from(job.target.tag()).into()),
        ];
        match (job.part, job.part.read_range(size), file) {
            (Part::Builtin, _, _) => fields.push(("kind", "builtin".into())),
            (Part::Window { from, to }, Some(r), Some((_, file))) => fields.extend([
                ("kind", JsValue::from("window")),
                ("file", file.into()),
                ("partFrom", (from as f64).into()),
                ("partTo", (to as f64).into()),
                ("lo", (r.lo as f64).into()),
                ("hi", (r.hi as f64).into()),
                ("from", (r.from as f64).into()),
                ("to", (r.to as f64).into()),
                ("atEnd", r.at_end.into()),
            ]),
            _ => {
                failure = Some((
                    job.job,
                    "the wordlist file is no longer available: pick it again".to_string(),
                ));
                break;
            }
        }
        let sent = a
            .pool
            .workers
            .get(job.worker)
            .map(|w| w.post_message(&message(&fields)));
        match sent {
            Some(Ok(())) => {}
            Some(Err(e)) => {
                failure = Some((job.job, dom::js_error_text(&e)));
                break;
            }
            None => {
                failure = Some((job.job, "a worker of the page is missing".to_string()));
                break;
            }
        }
    }
    drop(a);
    if let Some((job, message)) = failure {
        dispatch(app, Msg::SecretCheckFailed { job, message });
    }
}

pub(super) fn worker_status(doc: &Document, status: &str) {
    if let Some(html) = doc.document_element() {
        El(html).set_attr("data-worker", Some(status));
    }
}

/// A worker said it started (`ok`) or could not (its message), or its script
/// failed to load or it died (an `error` event): once every worker has said, the
/// page's own files are loaded. The state machine hears which workers are ready, and
/// of every failure (work that may have been sent to that worker fails with it).
fn worker_started(app: &Rc<RefCell<App>>, index: usize, ok: bool, message: Option<String>) {
    let (settled, ready, died) = {
        let Ok(mut a) = app.try_borrow_mut() else {
            return;
        };
        let died = match a.pool.started.get_mut(index) {
            // Said already: a failure message then its error event.
            Some(Some(false)) | None => return,
            // A worker that started and then died is a failure too.
            Some(s) => {
                let was_running = *s == Some(true);
                *s = Some(ok);
                was_running && !ok
            }
        };
        (a.pool.settled(), a.pool.ready(), died)
    };
    if settled {
        files_loaded(app);
        if let Some(doc) = document() {
            worker_status(&doc, if ready.is_empty() { "failed" } else { "ready" });
        }
    }
    let none = settled && ready.is_empty();
    dispatch(app, Msg::WorkersReady(ready));
    // No worker left, or one died while others live: the work that may have been
    // sent to it fails rather than waiting forever (the state machine decides what).
    if none || died {
        let message = message
            .or_else(|| died.then(|| "a worker of the page stopped; run it again".to_string()));
        dispatch(
            app,
            Msg::WorkerTrouble(WorkerTrouble::FailedToStart(message)),
        );
    }
}

pub(super) fn bind_worker(worker: &Worker, index: usize, app: &Rc<RefCell<App>>) -> Vec<Listener> {
    let weak = Rc::downgrade(app);
    // A script that does not load (a wrong path, a CSP, no module workers) sends no
    // message: its `error` event is its failure to start (or, later, its death).
    let on_error = Listener::new(worker.as_ref(), "error", move |_| {
        if let Some(app) = weak.upgrade() {
            worker_started(
                &app,
                index,
                false,
                Some("the worker's script could not be loaded".into()),
            );
        }
    });
    let weak = Rc::downgrade(app);
    let on_message = Listener::new(worker.as_ref(), "message", move |ev| {
        let Some(ev) = ev.dyn_ref::<MessageEvent>() else {
            return;
        };
        let data = ev.data();
        let get = |name: &str| js_sys::Reflect::get(&data, &name.into()).ok();
        let field = |name: &str| get(name).and_then(|v| v.as_string());
        let number = |name: &str| get(name).and_then(|v| v.as_f64());
        match field("type").as_deref() {
            Some("ready") => {
                if let Some(app) = weak.upgrade() {
                    worker_started(&app, index, true, None);
                }
            }
            Some("sign") => send(
                &weak,
                Msg::SignedInWorker {
                    job: number("id").map_or(0, |id| id as u32),
                    reply: field("json").unwrap_or_default(),
                },
            ),
            Some("private") => send(
                &weak,
                Msg::Workshop(WorkshopMsg::Replied {
                    job: number("id").map_or(0, |id| id as u32),
                    index: number("index").map_or(0, |i| i as usize),
                    reply: field("json").unwrap_or_default(),
                }),
            ),
            Some("failed") => match field("job").as_deref() {
                Some("crack") => send(
                    &weak,
                    Msg::SecretCheckFailed {
                        job: number("id").map_or(0, |id| id as u32),
                        message: field("message").unwrap_or_default(),
                    },
                ),
                Some("keypair") => send(
                    &weak,
                    Msg::KeyPairFinished(Err(field("message").unwrap_or_default())),
                ),
                Some("private") => send(
                    &weak,
                    Msg::Workshop(WorkshopMsg::Failed {
                        job: number("id").map_or(0, |id| id as u32),
                        message: field("message").unwrap_or_default(),
                    }),
                ),
                Some("sign") => send(
                    &weak,
                    Msg::SignFailedInWorker {
                        job: number("id").map_or(0, |id| id as u32),
                        message: field("message").unwrap_or_default(),
                    },
                ),
                _ => {
                    if let Some(app) = weak.upgrade() {
                        worker_started(&app, index, false, field("message"));
                    }
                }
            },
            Some("keypair") => {
                let reply = field("json").unwrap_or_default();
                send(
                    &weak,
                    Msg::KeyPairFinished(KeyPairOutput::from_reply(&reply)),
                );
            }
            Some("crack") => {
                let part = match (
                    field("kind").as_deref(),
                    number("partFrom"),
                    number("partTo"),
                ) {
                    (Some("window"), Some(from), Some(to)) => Part::Window {
                        from: from as u64,
                        to: to as u64,
                    },
                    _ => Part::Builtin,
                };
                send(
                    &weak,
                    Msg::SecretCheckPart {
                        job: number("id").map_or(0, |id| id as u32),
                        worker: index,
                        part,
                        reply: field("json").unwrap_or_default(),
                        now_ms: perf_now().unwrap_or(0.0),
                    },
                );
            }
            _ => {}
        }
    });
    on_error.into_iter().chain(on_message).collect()
}
