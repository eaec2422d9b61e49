//! The web layer: wasm-bindgen exports, event binding, painting and the worker
//! bridge. All decisions live in [`crate::app`]; this module turns DOM events into
//! [`Msg`]s, paints the [`ViewModel`] and runs [`Effect`]s.
//!
//! One wasm module serves the page and the worker: `www/boot.js` instantiates it and
//! calls [`start`]; `www/worker.js` instantiates the same compiled module (sent by the
//! page, so it is fetched once) and calls [`worker_keypair`].

#[cfg(feature = "bench")]
pub mod bench;
pub mod dom;
mod paint;

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use wasm_bindgen::closure::Closure;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Document, MessageEvent, Worker};

use crate::app::{view_model, Copyable, Effect, KeyPairOutput, Msg, State, ViewModel};
use crate::jose::alg::Algorithm;
use crate::jose::key::{generate_keypair, KeyPairSpec, Secret, SecretEncoding};
use crate::jose::report;
use crate::jose::secret::{self, SecretFormat};
use dom::{closest_data, document, El, Listener};

/// The page: state, last painted view, worker, and everything to release on [`stop`].
struct App {
    doc: Document,
    state: State,
    painted: Option<ViewModel>,
    worker: Option<Worker>,
    job: u32,
    net: NetMeter,
}

/// The resource observer and its callback (kept alive together).
type NetObserver = (
    web_sys::PerformanceObserver,
    Closure<dyn FnMut(web_sys::PerformanceObserverEntryList)>,
);

struct Page {
    _app: Rc<RefCell<App>>,
    _listeners: Vec<Listener>,
    _worker_listener: Option<Listener>,
    interval: Option<(i32, Closure<dyn FnMut()>)>,
    observer: Option<NetObserver>,
}

impl Drop for Page {
    fn drop(&mut self) {
        if let (Some(w), Some((id, _))) = (web_sys::window(), &self.interval) {
            w.clear_interval_with_handle(*id);
        }
        if let Some((o, _)) = &self.observer {
            o.disconnect();
        }
    }
}

thread_local! {
    static PAGE: RefCell<Option<Page>> = const { RefCell::new(None) };
}

/// When the page counts requests from. Counting starts once the page's own files
/// have loaded: after the load event *and* after the worker has loaded its script
/// (it starts during page load; its fetches may end after the load event). The
/// count itself is the state machine's ([`Msg::RequestsSeen`]).
#[derive(Default)]
struct NetMeter {
    since: Option<f64>,
    ready_at: Option<f64>,
}

fn perf_now() -> Option<f64> {
    Some(web_sys::window()?.performance()?.now())
}

/// The page's own files are loaded (the worker is ready, or there is none).
fn files_loaded(app: &Rc<RefCell<App>>) {
    if let Ok(mut a) = app.try_borrow_mut() {
        if a.net.ready_at.is_none() {
            a.net.ready_at = perf_now();
        }
    }
}

fn now_secs() -> i64 {
    (js_sys::Date::now() / 1000.0).floor() as i64
}

/// The browser's local time for `t` (seconds since 1970), with its time zone.
fn local_time(t: i64) -> String {
    let date = js_sys::Date::new(&JsValue::from_f64(t as f64 * 1000.0));
    if date.get_time().is_nan() {
        return String::new();
    }
    // One formatter for the page's life: `Date.toLocaleString` with options builds a
    // new one per call (~226 µs against ~3 µs, measured by bench/diagnose.mjs), and
    // this runs for every time claim on every keystroke and clock tick.
    LOCAL_TIME_FORMAT.with(|format| {
        format
            .call1(&JsValue::NULL, &date)
            .ok()
            .and_then(|v| v.as_string())
            .unwrap_or_default()
    })
}

thread_local! {
    static LOCAL_TIME_FORMAT: js_sys::Function = {
        let options = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&options, &"dateStyle".into(), &"medium".into());
        let _ = js_sys::Reflect::set(&options, &"timeStyle".into(), &"long".into());
        let locales = js_sys::Array::of1(&"en-GB".into());
        js_sys::Intl::DateTimeFormat::new(&locales, &options).format()
    };
}

/// Starts the page: builds the state (an example token signed with a fresh random
/// secret), binds every control, paints, and connects the key-pair worker.
///
/// # Errors
/// When the page's elements are missing (not the jwtscope page).
#[wasm_bindgen]
pub fn start(worker: Option<Worker>) -> Result<(), JsValue> {
    let doc = document().ok_or_else(|| JsValue::from_str("no document"))?;
    stop();
    let example = secret::generate(32)
        .unwrap_or_else(|_| Secret::new(b"jwtscope example secret: no CSPRNG available".to_vec()));
    let state = State::new(now_secs(), example);
    let app = Rc::new(RefCell::new(App {
        doc: doc.clone(),
        state,
        painted: None,
        worker: worker.clone(),
        job: 0,
        net: NetMeter::default(),
    }));
    let listeners =
        bind(&doc, &app).ok_or_else(|| JsValue::from_str("the page's controls are missing"))?;
    let worker_listener = worker.as_ref().and_then(|w| bind_worker(w, &app));
    let interval = start_clock(&app);
    let observer = start_net_counter(&app);
    render(&app);
    if let Some(html) = doc.document_element() {
        El(html).set_attr("data-app", Some("ready"));
    }
    if worker.is_none() {
        worker_status(&doc, "unavailable");
        files_loaded(&app);
    }
    PAGE.with(|p| {
        *p.borrow_mut() = Some(Page {
            _app: app,
            _listeners: listeners,
            _worker_listener: worker_listener,
            interval,
            observer,
        });
    });
    Ok(())
}

/// Stops the page: removes every listener, the clock and the observer.
#[wasm_bindgen]
pub fn stop() {
    let page = PAGE.with(|p| p.borrow_mut().take());
    drop(page);
}

/// Generates a key pair (`rsa-2048`, `rsa-4096`, `p-256`, `ed25519`…). Runs in the
/// worker; returns the engine's [`report::keypair_reply`] as JSON text, which the
/// page reads with [`KeyPairOutput::from_reply`].
#[wasm_bindgen]
pub fn worker_keypair(kind: &str) -> String {
    let result = kind
        .parse::<KeyPairSpec>()
        .and_then(|spec| generate_keypair(spec).map(|pair| (spec, pair)));
    report::keypair_reply(result.as_ref().map(|(spec, pair)| (*spec, pair))).to_string()
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
        Some(Effect::GenerateKeyPair(kind)) => post_keypair_job(app, kind),
        Some(Effect::Copy { what, text }) => copy(app, what, &text),
        None => {}
    }
}

/// Posts a key-pair job to the worker; its answer comes back through [`bind_worker`].
fn post_keypair_job(app: &Rc<RefCell<App>>, kind: KeyPairSpec) {
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
        None => dispatch(
            app,
            Msg::KeyPairFinished(Err("no worker: this browser could not start one".into())),
        ),
    }
}

fn render(app: &Rc<RefCell<App>>) {
    let Ok(mut a) = app.try_borrow_mut() else {
        return;
    };
    let vm = view_model(&a.state, &local_time);
    paint::paint(&a.doc, &vm, a.painted.as_ref());
    a.painted = Some(vm);
}

fn send(weak: &Weak<RefCell<App>>, msg: Msg) {
    if let Some(app) = weak.upgrade() {
        dispatch(&app, msg);
    }
}

/// Binds every control; `None` if one is missing.
fn bind(doc: &Document, app: &Rc<RefCell<App>>) -> Option<Vec<Listener>> {
    let mut out = Vec::new();
    let weak = Rc::downgrade(app);
    let el = |id: &str| El::by_id(doc, id);

    // Text fields: one message per keystroke.
    type Make = fn(String) -> Msg;
    let fields: [(&str, Make); 4] = [
        ("token", Msg::TokenEdited),
        ("header", Msg::HeaderEdited),
        ("payload", Msg::PayloadEdited),
        ("key", Msg::KeyEdited),
    ];
    for (id, make) in fields {
        let e = el(id)?;
        let (w, e2) = (weak.clone(), e.clone());
        out.push(Listener::new(&e.0, "input", move |_| {
            send(&w, make(e2.value()))
        })?);
    }

    let select = el("secret-encoding")?;
    let (w, s) = (weak.clone(), select.clone());
    out.push(Listener::new(&select.0, "change", move |_| {
        if let Ok(enc) = s.value().parse::<SecretEncoding>() {
            send(&w, Msg::EncodingChosen(enc));
        }
    })?);

    let alg = el("alg")?;
    let (w, s) = (weak.clone(), alg.clone());
    out.push(Listener::new(&alg.0, "change", move |_| {
        if let Ok(a) = Algorithm::parse(&s.value()) {
            send(&w, Msg::AlgChosen(a));
        }
    })?);

    let sign = el("sign-mode")?;
    let (w, s) = (weak.clone(), sign.clone());
    out.push(Listener::new(&sign.0, "change", move |_| {
        send(&w, Msg::SignMode(s.checked()))
    })?);

    let leeway = el("leeway")?;
    let (w, s) = (weak.clone(), leeway.clone());
    out.push(Listener::new(&leeway.0, "input", move |_| {
        let v = s.value();
        let secs = if v.trim().is_empty() {
            Some(0)
        } else {
            v.trim().parse::<u64>().ok()
        };
        if let Some(secs) = secs {
            send(&w, Msg::Leeway(secs));
        }
    })?);

    let as_of = el("as-of")?;
    let (w, s) = (weak.clone(), as_of.clone());
    out.push(Listener::new(&as_of.0, "change", move |_| {
        let v = s.value();
        let at = if v.is_empty() {
            None
        } else {
            // datetime-local values are local time; Date parses them as such.
            let ms = js_sys::Date::new(&JsValue::from_str(&v)).get_time();
            (!ms.is_nan()).then(|| (ms / 1000.0).floor() as i64)
        };
        send(&w, Msg::AsOf(at));
    })?);

    let now = el("as-of-now")?;
    let (w, input) = (weak.clone(), as_of.clone());
    out.push(Listener::new(&now.0, "click", move |_| {
        input.set_value("");
        send(&w, Msg::AsOf(None));
    })?);

    let gen_secret = el("generate-secret")?;
    let w = weak.clone();
    out.push(Listener::new(&gen_secret.0, "click", move |ev| {
        let Some(alg) = closest_data(&ev, "button[data-alg]", "data-alg") else {
            return;
        };
        let Ok(alg) = Algorithm::parse(&alg) else {
            return;
        };
        match secret::generate(secret::default_size(alg)) {
            Ok(s) => send(&w, Msg::SecretGenerated(alg, s)),
            Err(e) => send(&w, Msg::Notice(format!("No secret: {}", e.message()))),
        }
    })?);

    let format = el("secret-format")?;
    let (w, s) = (weak.clone(), format.clone());
    out.push(Listener::new(&format.0, "change", move |_| {
        if let Ok(f) = s.value().parse::<SecretFormat>() {
            send(&w, Msg::SecretFormatChosen(f));
        }
    })?);

    let use_secret = el("use-secret")?;
    let w = weak.clone();
    out.push(Listener::new(&use_secret.0, "click", move |_| {
        send(&w, Msg::UseSecretAsKey)
    })?);

    let gen_pair = el("generate-keypair")?;
    let w = weak.clone();
    out.push(Listener::new(&gen_pair.0, "click", move |ev| {
        if let Some(kind) = closest_data(&ev, "button[data-kind]", "data-kind")
            .and_then(|k| k.parse::<KeyPairSpec>().ok())
        {
            send(&w, Msg::KeyPairRequested(kind));
        }
    })?);

    let use_pair = el("use-keypair")?;
    let w = weak.clone();
    out.push(Listener::new(&use_pair.0, "click", move |_| {
        send(&w, Msg::UseKeyPairForSigning)
    })?);

    // Copy buttons: <button data-copy="element-id">.
    let w = weak.clone();
    out.push(Listener::new(doc.as_ref(), "click", move |ev| {
        if let Some(what) = closest_data(&ev, "button[data-copy]", "data-copy")
            .and_then(|id| Copyable::from_id(&id))
        {
            send(&w, Msg::CopyRequested(what));
        }
    })?);
    Some(out)
}

/// A clipboard write's two promise callbacks (fulfilled, rejected), shared by both.
type CopySlot = Rc<RefCell<Option<[Closure<dyn FnMut(JsValue)>; 2]>>>;

/// Runs [`Effect::Copy`] with the async clipboard API (no network) and sends
/// [`Msg::Copied`] when it settles. The promise's two callbacks live in one slot
/// that both hold: whichever runs empties it, which drops both (wasm-bindgen frees
/// the running one when it returns). Nothing is leaked once the promise settles, and
/// stopping the page never leaves the promise a dropped callback to call.
fn copy(app: &Rc<RefCell<App>>, what: Copyable, text: &str) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let promise = window.navigator().clipboard().write_text(text);
    let slot: CopySlot = Rc::default();
    let settle = |ok: bool| {
        let (weak, slot) = (Rc::downgrade(app), Rc::clone(&slot));
        Closure::<dyn FnMut(JsValue)>::new(move |value: JsValue| {
            let result = if ok {
                Ok(())
            } else {
                Err(dom::js_error_text(&value))
            };
            send(&weak, Msg::Copied(what, result));
            // Last: release both callbacks (this one included).
            let callbacks = slot.try_borrow_mut().ok().and_then(|mut s| s.take());
            drop(callbacks);
        })
    };
    let callbacks = [settle(true), settle(false)];
    let _ = promise.then2(&callbacks[0], &callbacks[1]);
    if let Ok(mut s) = slot.try_borrow_mut() {
        *s = Some(callbacks);
    };
}

fn worker_status(doc: &Document, status: &str) {
    if let Some(html) = doc.document_element() {
        El(html).set_attr("data-worker", Some(status));
    }
}

fn bind_worker(worker: &Worker, app: &Rc<RefCell<App>>) -> Option<Listener> {
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
                let message =
                    field("message").unwrap_or_else(|| "the worker failed to start".into());
                send(&weak, Msg::KeyPairFinished(Err(message)));
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

fn start_clock(app: &Rc<RefCell<App>>) -> Option<(i32, Closure<dyn FnMut()>)> {
    let weak = Rc::downgrade(app);
    let tick = Closure::<dyn FnMut()>::new(move || send(&weak, Msg::Tick(now_secs())));
    let id = web_sys::window()?
        .set_interval_with_callback_and_timeout_and_arguments_0(tick.as_ref().unchecked_ref(), 1000)
        .ok()?;
    Some((id, tick))
}

/// Counts resource requests that start after the page's own files loaded, with a
/// PerformanceObserver, and tells the state machine ([`Msg::RequestsSeen`]).
fn start_net_counter(app: &Rc<RefCell<App>>) -> Option<NetObserver> {
    let weak = Rc::downgrade(app);
    let callback = Closure::<dyn FnMut(web_sys::PerformanceObserverEntryList)>::new(
        move |list: web_sys::PerformanceObserverEntryList| {
            let Some(app) = weak.upgrade() else {
                return;
            };
            let seen = {
                let Ok(mut a) = app.try_borrow_mut() else {
                    return;
                };
                let net = &mut a.net;
                if net.since.is_none() {
                    let perf = web_sys::window().and_then(|w| w.performance());
                    if let (Some(load), Some(ready)) =
                        (perf.as_ref().and_then(load_end), net.ready_at)
                    {
                        net.since = Some(load.max(ready));
                    }
                }
                let Some(since) = net.since else { return };
                let entries = list.get_entries();
                let after = entries.iter().filter(|entry| {
                    entry
                        .dyn_ref::<web_sys::PerformanceEntry>()
                        .is_some_and(|e| e.start_time() >= since)
                });
                u32::try_from(after.count()).unwrap_or(u32::MAX)
            };
            if seen > 0 {
                dispatch(&app, Msg::RequestsSeen(seen));
            }
        },
    );
    let observer = web_sys::PerformanceObserver::new(callback.as_ref().unchecked_ref()).ok()?;
    // {type: "resource", buffered: true}: entries from before this call are delivered
    // too (web-sys only models the older `entryTypes` form, which ignores `buffered`).
    let init = js_sys::Object::new();
    js_sys::Reflect::set(&init, &"type".into(), &"resource".into()).ok()?;
    js_sys::Reflect::set(&init, &"buffered".into(), &JsValue::TRUE).ok()?;
    observer.observe(init.unchecked_ref::<web_sys::PerformanceObserverInit>());
    Some((observer, callback))
}

/// When the load event ended (ms since time origin), once it has.
fn load_end(performance: &web_sys::Performance) -> Option<f64> {
    let nav = performance.get_entries_by_type("navigation");
    let entry = nav
        .get(0)
        .dyn_into::<web_sys::PerformanceNavigationTiming>()
        .ok()?;
    let end = entry.load_event_end();
    (end > 0.0).then_some(end)
}
