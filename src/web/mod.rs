//! The web layer: wasm-bindgen exports, event binding, painting and the worker
//! bridge. All decisions live in [`crate::app`]; this module turns DOM events into
//! [`Msg`]s, paints the [`ViewModel`] and runs [`Effect`]s.
//!
//! `www/boot.js` instantiates this module and calls [`start`]; after the first paint
//! it starts the workers (`www/worker.js`, one per core up to a cap), which run the
//! page's second module, the `jwtscope-worker` crate (key pairs, the weak-secret
//! check), fetched and compiled once by the page.
//!
//! Layout, one job per file: this file starts and stops the page and dispatches
//! messages (apply, paint, run the effect); `events.rs` binds the controls and the
//! clock, `paint.rs` paints, `worker.rs` is the worker pool bridge, `clipboard.rs`
//! runs copies, `network.rs` counts requests after load, `dom.rs` wraps elements.

#[cfg(feature = "bench")]
pub mod bench;
mod clipboard;
pub mod dom;
mod events;
mod network;
mod paint;
mod worker;

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use wasm_bindgen::closure::Closure;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Document, Worker};

use crate::app::{view_model, Effect, Msg, State, ViewModel};
use crate::jose::key::SecretEncoding;
use dom::{document, El, Listener};
use network::{files_loaded, NetMeter, NetObserver};

/// The page: state, last painted view, worker, and everything to release on [`stop`].
struct App {
    doc: Document,
    state: State,
    painted: Option<ViewModel>,
    pool: worker::Pool,
    /// The wordlist files picked for the weak-secret check, by pick number
    /// ([`crate::app::Wordlist::id`]; the last few: a run keeps reading its own).
    wordlists: Vec<(u32, web_sys::File)>,
    job: u32,
    net: NetMeter,
    /// Set while early edits are heard again at start: no paint until all are in
    /// (a paint in between would overwrite the fields not yet heard).
    quiet: bool,
}

struct Page {
    _app: Rc<RefCell<App>>,
    _listeners: Vec<Listener>,
    _worker_listeners: Vec<Listener>,
    interval: Option<(i32, Closure<dyn FnMut()>)>,
    /// The second task of the page's start ([`settle_later`]).
    settle: Option<(i32, Closure<dyn FnMut()>)>,
    observer: Option<NetObserver>,
}

impl Drop for Page {
    fn drop(&mut self) {
        if let Some(w) = web_sys::window() {
            for (id, _) in [&self.interval, &self.settle].into_iter().flatten() {
                w.clear_interval_with_handle(*id);
            }
        }
        if let Some((o, _)) = &self.observer {
            o.disconnect();
        }
    }
}

thread_local! {
    static PAGE: RefCell<Option<Page>> = const { RefCell::new(None) };
}

fn now_secs() -> i64 {
    (js_sys::Date::now() / 1000.0).floor() as i64
}

/// The browser's local time for `t` (seconds since 1970): the engine's wall clock at
/// the offset the browser applies at that instant (`Date.getTimezoneOffset`, DST
/// included), `2026-11-30 01:53:20 UTC+01:00`. Not `Intl.DateTimeFormat`: building
/// one cost 16–30 ms of the page's start (its time-zone data), for a zone name the
/// offset states exactly.
fn local_time(t: i64) -> String {
    let date = js_sys::Date::new(&JsValue::from_f64(t as f64 * 1000.0));
    let behind = date.get_timezone_offset();
    if behind.is_nan() {
        return String::new();
    }
    // In minutes, with a fraction where the zone's offset has seconds (44.5).
    crate::jose::time::format_at_offset(t, -(behind * 60.0).round() as i32)
}

// Starts the page: opens the state on what the fields hold (index.html's example
// token and secret, or what the visitor typed before the module started), binds
// every control, paints, and connects the workers (`workers`: the `Worker`s
// `www/boot.js` started; other values are skipped), with the page's address without
// fragment and the fragment it was opened with (share links). Errors when the page's
// elements are missing (not the jwtscope page). Plain comments, not doc comments,
// on the exports: wasm-bindgen copies doc comments into jwtscope.js, which every
// visitor downloads.
#[allow(missing_docs)]
#[wasm_bindgen(skip_jsdoc)]
pub fn start(workers: js_sys::Array, page_url: String, fragment: String) -> Result<(), JsValue> {
    let workers: Vec<Worker> = workers
        .iter()
        .filter_map(|w| w.dyn_into::<Worker>().ok())
        .collect();
    let doc = document().ok_or_else(|| JsValue::from_str("no document"))?;
    stop();
    let mut state = opened_state(&doc);
    // The page's address (for share links) and the fragment it was opened with (a
    // share link's token), as boot.js read them.
    state.update(Msg::PageUrl(page_url));
    if !fragment.is_empty() {
        state.update(Msg::SharedLink(fragment));
    }
    let app = Rc::new(RefCell::new(App {
        doc: doc.clone(),
        state,
        painted: None,
        pool: worker::Pool::new(workers.clone()),
        wordlists: Vec::new(),
        job: 0,
        net: NetMeter::default(),
        quiet: true,
    }));
    let listeners = events::bind(&doc, &app)
        .ok_or_else(|| JsValue::from_str("the page's controls are missing"))?;
    // Fields changed before the page listened: heard now, as any edit, and painted
    // only once all are in (the next task paints every pane).
    events::replay_early_edits(&doc);
    app.borrow_mut().quiet = false;
    let worker_listeners = workers
        .iter()
        .enumerate()
        .flat_map(|(i, w)| worker::bind_worker(w, i, &app))
        .collect();
    let interval = events::start_clock(&app);
    let observer = network::start_net_counter(&app);
    // The page opens in two tasks, so neither is long: this one reads the fields
    // (index.html already shows the example's token, header, payload and key, as the
    // wasm paints them) and binds the controls; the next paints every pane.
    let settle = settle_later(Rc::downgrade(&app));
    if settle.is_none() {
        settle_now(&app);
    }
    if workers.is_empty() {
        worker::worker_status(&doc, "unavailable");
        files_loaded(&app);
    }
    PAGE.with(|p| {
        *p.borrow_mut() = Some(Page {
            _app: app,
            _listeners: listeners,
            _worker_listeners: worker_listeners,
            interval,
            settle,
            observer,
        });
    });
    Ok(())
}

/// The state the page opens on: the token, key and secret encoding its fields hold
/// ([`State::open`]). The example's notice stays while these three are as
/// `index.html` wrote them.
fn opened_state(doc: &Document) -> State {
    let field = |id: &str| El::by_id(doc, id);
    let value = |id: &str| field(id).map(|e| e.value()).unwrap_or_default();
    let as_shipped = |id: &str| field(id).is_none_or(|e| !e.edited());
    let encoding = value("secret-encoding")
        .parse()
        .unwrap_or(SecretEncoding::Utf8);
    let notice = (as_shipped("token") && as_shipped("key") && as_shipped("secret-encoding"))
        .then(|| field("notice").and_then(|e| e.0.text_content()))
        .flatten()
        .filter(|text| !text.is_empty());
    State::open(now_secs(), value("token"), value("key"), encoding, notice)
}

// Stops the page: removes every listener, the clock and the observer.
#[allow(missing_docs)]
#[wasm_bindgen(skip_jsdoc)]
pub fn stop() {
    let page = PAGE.with(|p| p.borrow_mut().take());
    drop(page);
}

/// The page's second task, queued behind the first ([`settle_now`]); nothing when
/// the page was stopped first. An interval cleared on its first run:
/// the clock's two imports, where a timeout would add its own to the module.
fn settle_later(app: Weak<RefCell<App>>) -> Option<(i32, Closure<dyn FnMut()>)> {
    let window = web_sys::window()?;
    let id = Rc::new(std::cell::Cell::new(None::<i32>));
    let (own_id, w) = (id.clone(), window.clone());
    let settle = Closure::<dyn FnMut()>::new(move || {
        let Some(handle) = own_id.take() else {
            return;
        };
        w.clear_interval_with_handle(handle);
        if let Some(app) = app.upgrade() {
            settle_now(&app);
        }
    });
    let handle = window
        .set_interval_with_callback_and_timeout_and_arguments_0(settle.as_ref().unchecked_ref(), 0)
        .ok()?;
    id.set(Some(handle));
    Some((handle, settle))
}

/// Paints every pane, then sets `data-app="ready"` on the document (what tests and
/// the benchmark wait for).
fn settle_now(app: &Rc<RefCell<App>>) {
    render(app);
    if let Some(html) = app.borrow().doc.document_element() {
        El(html).set_attr("data-app", Some("ready"));
    }
}

/// Applies a message, paints, then runs the effect. A message arriving while another
/// is being applied (it cannot happen with DOM events) is dropped, never a panic.
fn dispatch(app: &Rc<RefCell<App>>, msg: Msg) {
    let effect = {
        let Ok(mut a) = app.try_borrow_mut() else {
            return;
        };
        a.state.update(msg)
    };
    render(app);
    match effect {
        Some(Effect::GenerateKeyPair(kind)) => worker::post_keypair_job(app, kind),
        Some(Effect::Crack(jobs)) => worker::post_crack_jobs(app, jobs),
        Some(Effect::Sign(job)) => worker::post_sign_job(app, job),
        Some(Effect::Workshop(job)) => worker::post_workshop_job(app, job),
        Some(Effect::Copy { what, text }) => clipboard::copy(app, what, &text),
        None => {}
    }
}

fn render(app: &Rc<RefCell<App>>) {
    let Ok(mut a) = app.try_borrow_mut() else {
        return;
    };
    if a.quiet {
        return;
    }
    let vm = view_model(&a.state, &local_time);
    paint::paint(&a.doc, &vm, a.painted.as_ref());
    a.painted = Some(vm);
}

fn send(weak: &Weak<RefCell<App>>, msg: Msg) {
    if let Some(app) = weak.upgrade() {
        dispatch(&app, msg);
    }
}
