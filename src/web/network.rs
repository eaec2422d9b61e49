//! The in-page network counter: a PerformanceObserver that counts resource requests
//! starting after the page's own files loaded and tells the state machine, the
//! page's own files ([`crate::app::offline::OWN_FILES`], [`Msg::OwnFilesSeen`]) apart
//! from anything else ([`Msg::RequestsSeen`]); the counts and their text are
//! [`crate::app`]'s.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

use super::{dispatch, App};
use crate::app::offline::{directory, is_own_file};
use crate::app::Msg;

/// The resource observer and its callback (kept alive together).
pub(super) type NetObserver = (
    web_sys::PerformanceObserver,
    Closure<dyn FnMut(web_sys::PerformanceObserverEntryList)>,
);

/// When the page counts requests from. Counting starts once the page's own files
/// have loaded: after the load event *and* after the worker has loaded its script
/// (it starts during page load; its fetches may end after the load event). The
/// count itself is the state machine's ([`Msg::RequestsSeen`]).
#[derive(Default)]
pub(super) struct NetMeter {
    since: Option<f64>,
    ready_at: Option<f64>,
    /// The page's directory ([`directory`] of its navigation entry's URL): requests
    /// for a name of [`crate::app::offline::OWN_FILES`] in it are its own files.
    base: String,
}

/// The page's clock (`performance.now()`), milliseconds.
pub(super) fn perf_now() -> Option<f64> {
    Some(web_sys::window()?.performance()?.now())
}

/// The page's own files are loaded (the worker is ready, or there is none).
pub(super) fn files_loaded(app: &Rc<RefCell<App>>) {
    if let Ok(mut a) = app.try_borrow_mut() {
        if a.net.ready_at.is_none() {
            a.net.ready_at = perf_now();
        }
    }
}

/// Counts resource requests that start after the page's own files loaded, with a
/// PerformanceObserver, and tells the state machine ([`Msg::RequestsSeen`]).
pub(super) fn start_net_counter(app: &Rc<RefCell<App>>) -> Option<NetObserver> {
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
                    if let (Some((load, url)), Some(ready)) =
                        (perf.as_ref().and_then(navigation), net.ready_at)
                    {
                        net.since = Some(load.max(ready));
                        net.base = directory(&url).to_string();
                    }
                }
                let Some(since) = net.since else { return };
                let base = &net.base;
                let (mut own, mut other) = (0u32, 0u32);
                for entry in list.get_entries().iter() {
                    let Some(e) = entry.dyn_ref::<web_sys::PerformanceEntry>() else {
                        continue;
                    };
                    if e.start_time() < since {
                        continue;
                    }
                    if is_own_file(base, &e.name()) {
                        own = own.saturating_add(1);
                    } else {
                        other = other.saturating_add(1);
                    }
                }
                (own, other)
            };
            let (own, other) = seen;
            if own > 0 {
                dispatch(&app, Msg::OwnFilesSeen(own));
            }
            if other > 0 {
                dispatch(&app, Msg::RequestsSeen(other));
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

/// When the load event ended (ms since time origin), once it has, and the page's URL.
fn navigation(performance: &web_sys::Performance) -> Option<(f64, String)> {
    let nav = performance.get_entries_by_type("navigation");
    let entry = nav
        .get(0)
        .dyn_into::<web_sys::PerformanceNavigationTiming>()
        .ok()?;
    let end = entry.load_event_end();
    (end > 0.0).then(|| (end, entry.name()))
}
