//! The clipboard: runs [`Effect::Copy`](crate::app::Effect::Copy) and answers with
//! [`Msg::Copied`].

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsValue;

use super::{dom, send, App};
use crate::app::{Copyable, Msg};

/// A clipboard write's two promise callbacks (fulfilled, rejected), shared by both.
type CopySlot = Rc<RefCell<Option<[Closure<dyn FnMut(JsValue)>; 2]>>>;

/// Runs [`Effect::Copy`] with the async clipboard API (no network) and sends
/// [`Msg::Copied`] when it settles. The promise's two callbacks live in one slot
/// that both hold: whichever runs empties it, which drops both (wasm-bindgen frees
/// the running one when it returns). Nothing is leaked once the promise settles, and
/// stopping the page never leaves the promise a dropped callback to call.
pub(super) fn copy(app: &Rc<RefCell<App>>, what: Copyable, text: &str) {
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
