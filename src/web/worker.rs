//! The key-pair worker bridge: posting jobs to the worker (which runs the second
//! wasm module, the `jwtscope-worker` crate, and answers with the engine's
//! `report::keypair_reply`) and reading its messages back into [`Msg`]s.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Document, MessageEvent, Worker};

use super::dom::{self, document, El, Listener};
use super::network::files_loaded;
use super::{dispatch, send, App};
use crate::app::{KeyPairOutput, Msg, WorkerTrouble};
use crate::jose::key::KeyPairSpec;

/// Posts a key-pair job to the worker; its answer comes back through [`bind_worker`].
pub(super) fn post_keypair_job(app: &Rc<RefCell<App>>, kind: KeyPairSpec) {
    let Ok(mut a) = app.try_borrow_mut() else {
        return;
    };
    a.job = a.job.wrapping_add(1);
    let sent = a.worker.as_ref().map(|w| {
        let msg = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&msg, &"type".into(), &"keypair".into());
        let _ = js_sys::Reflect::set(&msg, &"id".into(), &JsValue::from(a.job));
        let _ = js_sys::Reflect::set(&msg, &"kind".into(), &kind.name().into());
        w.post_message(&msg)
    });
    drop(a);
    match sent {
        Some(Ok(())) => {}
        Some(Err(e)) => dispatch(app, Msg::KeyPairFinished(Err(dom::js_error_text(&e)))),
        None => dispatch(app, Msg::WorkerTrouble(WorkerTrouble::NotStarted)),
    }
}

pub(super) fn worker_status(doc: &Document, status: &str) {
    if let Some(html) = doc.document_element() {
        El(html).set_attr("data-worker", Some(status));
    }
}

pub(super) fn bind_worker(worker: &Worker, app: &Rc<RefCell<App>>) -> Option<Listener> {
    let weak = Rc::downgrade(app);
    Listener::new(worker.as_ref(), "message", move |ev| {
        let Some(ev) = ev.dyn_ref::<MessageEvent>() else {
            return;
        };
        let data = ev.data();
        let field = |name: &str| {
            js_sys::Reflect::get(&data, &name.into())
                .ok()
                .and_then(|v| v.as_string())
        };
        match field("type").as_deref() {
            Some("ready") => {
                if let Some(app) = weak.upgrade() {
                    files_loaded(&app);
                }
                if let Some(doc) = document() {
                    worker_status(&doc, "ready");
                }
            }
            Some("failed") => {
                if let Some(app) = weak.upgrade() {
                    files_loaded(&app);
                }
                if let Some(doc) = document() {
                    worker_status(&doc, "failed");
                }
                let trouble = WorkerTrouble::FailedToStart(field("message"));
                send(&weak, Msg::WorkerTrouble(trouble));
            }
            Some("keypair") => {
                let reply = field("json").unwrap_or_default();
                send(
                    &weak,
                    Msg::KeyPairFinished(KeyPairOutput::from_reply(&reply)),
                );
            }
            _ => {}
        }
    })
}
