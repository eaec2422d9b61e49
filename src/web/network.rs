//! The in-page network counter: a PerformanceObserver that counts resource requests
//! starting after the page's own files loaded and tells the state machine
//! ([`Msg::RequestsSeen`]); the count and its text are [`crate::app`]'s.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

use super::{dispatch, App};
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
