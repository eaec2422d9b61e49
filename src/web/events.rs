//! Event binding: every control's DOM event becomes a [`Msg`], and the clock ticks.
//! Nothing here decides anything; values the browser gives as text are parsed into
//! the engine's and the state machine's own types.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::Document;

use super::dom::{closest_data, El, Listener};
use super::network::perf_now;
use super::{now_secs, send, App};
use crate::app::workshop::{KeyUse, WorkshopMsg};
use crate::app::{ClaimHelper, Copyable, Msg, Wordlist};
use crate::jose::alg::Algorithm;
use crate::jose::b64;
use crate::jose::key::{KeyForm, KeyPairSpec, SecretEncoding};
use crate::jose::secret::{self, SecretFormat};

/// Binds every control; `None` if one is missing.
pub(super) fn bind(doc: &Document, app: &Rc<RefCell<App>>) -> Option<Vec<Listener>> {
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

    // The token editor's colouring (behind its transparent text) scrolls with it.
    let (token, view) = (el("token")?, el("token-view")?);
    let t = token.clone();
    out.push(Listener::new(&token.0, "scroll", move |_| {
        view.scroll_like(&t)
    })?);

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

    // Sign mode's claim helpers. The times are the state machine's clock; a jti is
    // 16 bytes from the browser's CSPRNG, base64url.
    type Helper = fn() -> Option<ClaimHelper>;
    let helpers: [(&str, Helper); 3] = [
        ("sign-iat", || Some(ClaimHelper::IatNow)),
        ("sign-nbf", || Some(ClaimHelper::NbfNow)),
        ("sign-jti", || {
            secret::generate(16)
                .ok()
                .map(|s| ClaimHelper::Jti(b64::encode(s.bytes())))
        }),
    ];
    for (id, make) in helpers {
        let button = el(id)?;
        let w = weak.clone();
        out.push(Listener::new(&button.0, "click", move |_| {
            if let Some(helper) = make() {
                send(&w, Msg::SetClaim(helper));
            }
        })?);
    }
    let exp = el("sign-exp")?;
    let (w, s) = (weak.clone(), exp.clone());
    out.push(Listener::new(&exp.0, "change", move |_| {
        if let Ok(secs) = s.value().parse::<i64>() {
            send(&w, Msg::SetClaim(ClaimHelper::ExpIn(secs)));
        }
        // A menu of actions: back to its label, so the same choice can be made again.
        s.set_value("");
    })?);
    let exp_secs = el("sign-exp-seconds")?;
    let (w, s) = (weak.clone(), exp_secs.clone());
    out.push(Listener::new(&exp_secs.0, "change", move |_| {
        if let Ok(secs) = s.value().trim().parse::<i64>() {
            send(&w, Msg::SetClaim(ClaimHelper::ExpIn(secs)));
        }
    })?);

    let sign = el("sign-mode")?;
    let (w, s) = (weak.clone(), sign.clone());
    out.push(Listener::new(&sign.0, "change", move |_| {
        send(&w, Msg::SignMode(s.checked()))
    })?);

    for (id, make) in [
        ("share-redact", Msg::ShareRedact as fn(bool) -> Msg),
        ("share-expect", Msg::ShareExpect),
    ] {
        let e = el(id)?;
        let (w, e2) = (weak.clone(), e.clone());
        out.push(Listener::new(&e.0, "change", move |_| {
            send(&w, make(e2.checked()))
        })?);
    }

    for (id, table) in [("payload-view-json", false), ("payload-view-table", true)] {
        let e = el(id)?;
        let w = weak.clone();
        out.push(Listener::new(&e.0, "change", move |_| {
            send(&w, Msg::ClaimsTable(table))
        })?);
    }

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

    for (id, msg) in [
        ("expect-iss", Msg::ExpectIss as fn(String) -> Msg),
        ("expect-aud", Msg::ExpectAud),
    ] {
        let input = el(id)?;
        let (w, s) = (weak.clone(), input.clone());
        out.push(Listener::new(&input.0, "input", move |_| {
            send(&w, msg(s.value()))
        })?);
    }

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
            Err(e) => send(&w, Msg::RandomFailed(e)),
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

    // The weak-secret check: start, cancel, use the secret found, and the wordlist
    // file (kept for the workers, which read it; only its name and size go to the
    // state machine).
    type Click = fn(f64) -> Msg;
    let clicks: [(&str, Click); 3] = [
        ("secret-check", Msg::SecretCheckStart),
        ("secret-check-cancel", Msg::SecretCheckCancel),
        ("secret-check-use", |_| Msg::UseFoundSecret),
    ];
    for (id, make) in clicks {
        let button = el(id)?;
        let w = weak.clone();
        out.push(Listener::new(&button.0, "click", move |_| {
            send(&w, make(perf_now().unwrap_or(0.0)))
        })?);
    }
    let wordlist = el("wordlist")?;
    let (w, input) = (weak.clone(), wordlist.clone());
    out.push(Listener::new(&wordlist.0, "change", move |_| {
        let file = input
            .0
            .dyn_ref::<web_sys::HtmlInputElement>()
            .and_then(|i| i.files())
            .and_then(|files| files.get(0));
        let Some(app) = w.upgrade() else {
            return;
        };
        let chosen = match (file, app.try_borrow_mut()) {
            (Some(file), Ok(mut a)) => {
                // Kept under a new pick number; the state machine takes the pick or
                // (during a run) keeps the one the run reads.
                let id = a.wordlists.last().map_or(1, |(id, _)| id.wrapping_add(1));
                let pick = Wordlist {
                    id,
                    name: file.name(),
                    size: file.size().max(0.0) as u64,
                };
                a.wordlists.push((id, file));
                let excess = a.wordlists.len().saturating_sub(4);
                a.wordlists.drain(..excess);
                Some(pick)
            }
            _ => None,
        };
        send(&w, Msg::WordlistChosen(chosen));
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
    out.extend(bind_workshop(doc, app)?);
    Some(out)
}

/// The keys workshop: one listener per event kind on its section; the control is
/// told by its id or its `data-*` attributes, a JWKS member by its row's
/// `data-index`.
fn bind_workshop(doc: &Document, app: &Rc<RefCell<App>>) -> Option<Vec<Listener>> {
    let section = El::by_id(doc, "key-workshop")?;
    let target = |ev: &web_sys::Event| {
        ev.target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .map(El)
    };
    let row = |ev: &web_sys::Event| {
        closest_data(ev, "li[data-index]", "data-index").and_then(|i| i.parse::<usize>().ok())
    };
    let mut out = Vec::new();
    for event in ["input", "change"] {
        let w = Rc::downgrade(app);
        out.push(Listener::new(&section.0, event, move |ev| {
            let Some(el) = target(&ev) else { return };
            let field = el.0.get_attribute("data-field");
            let msg = match (event, el.0.id().as_str(), field.as_deref(), row(&ev)) {
                ("input", "ws-key", _, _) => WorkshopMsg::Edited(el.value()),
                ("change", "show-private", _, _) => WorkshopMsg::ShowPrivate(el.checked()),
                ("input", _, Some("kid"), Some(i)) => WorkshopMsg::JwksKid(i, el.value()),
                ("change", _, Some("use"), Some(i)) => match KeyUse::from_name(&el.value()) {
                    Some(u) => WorkshopMsg::JwksUse(i, u),
                    None => return,
                },
                ("change", _, Some("alg"), Some(i)) => {
                    WorkshopMsg::JwksAlg(i, Algorithm::parse(&el.value()).ok())
                }
                _ => return,
            };
            send(&w, Msg::Workshop(msg));
        })?);
    }
    let w = Rc::downgrade(app);
    out.push(Listener::new(&section.0, "click", move |ev| {
        let button = |attr: &str| closest_data(&ev, &format!("button[{attr}]"), attr);
        let msg = if let Some(what) = button("data-ws-copy") {
            let (index, format) = match what.split_once(':') {
                Some((i, f)) => (i.parse::<usize>().ok(), f),
                None => (None, what.as_str()),
            };
            match KeyForm::from_name(format) {
                Some(form) => WorkshopMsg::Copy(index, form),
                None => return,
            }
        } else if let Some(i) = button("data-remove").and_then(|i| i.parse().ok()) {
            WorkshopMsg::JwksRemove(i)
        } else {
            match target(&ev).map(|el| el.0.id()).as_deref() {
                Some("jwks-add") => WorkshopMsg::JwksAdd,
                Some("jwks-add-generated") => WorkshopMsg::JwksAddGenerated,
                _ => return,
            }
        };
        send(&w, Msg::Workshop(msg));
    })?);
    Some(out)
}

pub(super) fn start_clock(app: &Rc<RefCell<App>>) -> Option<(i32, Closure<dyn FnMut()>)> {
    let weak = Rc::downgrade(app);
    let tick = Closure::<dyn FnMut()>::new(move || send(&weak, Msg::Tick(now_secs())));
    let id = web_sys::window()?
        .set_interval_with_callback_and_timeout_and_arguments_0(tick.as_ref().unchecked_ref(), 1000)
        .ok()?;
    Some((id, tick))
}

/// Fields a visitor changed before the page listened (the module starts after the
/// first paint, and `index.html` shows every field at once): their `input` and
/// `change` events again, bubbling, so each edit reaches the state machine through
/// its own listener, as any edit does ([`El::edited`]). The token, key and secret
/// encoding were read when the state opened; hearing them again changes nothing.
pub(super) fn replay_early_edits(doc: &Document) {
    let Ok(fields) = doc.query_selector_all("textarea, input, select") else {
        return;
    };
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    for i in 0..fields.length() {
        let Some(field) = fields
            .item(i)
            .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
        else {
            continue;
        };
        if El(field.clone()).edited() {
            for kind in ["input", "change"] {
                if let Ok(event) = web_sys::Event::new_with_event_init_dict(kind, &init) {
                    let _ = field.dispatch_event(&event);
                }
            }
        }
    }
}
