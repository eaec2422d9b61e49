//! The wasm exports and the web-sys layer, in headless Chromium
//! (`cargo test --target wasm32-unknown-unknown --test web`, runner:
//! wasm-bindgen-test-runner, see .cargo/config.toml).
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

use jwtscope::web::{start, stop};

wasm_bindgen_test_configure!(run_in_browser);

const INDEX: &str = include_str!("../index.html");

fn document() -> web_sys::Document {
    let doc = web_sys::window().and_then(|w| w.document());
    assert!(doc.is_some(), "a browser document");
    doc.unwrap_or_else(|| unreachable!())
}

/// Puts index.html's body into a container of the test page (no scripts there).
/// The runner's own output lives in the body too, so the body itself is left alone.
fn mount(html: &str) -> web_sys::Document {
    let doc = document();
    if let Some(old) = doc.get_element_by_id("page-under-test") {
        old.remove();
    }
    let container = doc.create_element("div");
    assert!(container.is_ok());
    if let (Ok(c), Some(b)) = (container, doc.body()) {
        c.set_id("page-under-test");
        c.set_inner_html(html);
        assert!(b.append_child(&c).is_ok());
    }
    doc
}

fn mount_page() -> web_sys::Document {
    let body = INDEX
        .split("<body>")
        .nth(1)
        .and_then(|b| b.split("</body>").next())
        .unwrap_or("");
    assert!(body.contains("data-testid=\"verdict\""));
    mount(body)
}

fn attr(doc: &web_sys::Document, testid: &str, name: &str) -> Option<String> {
    doc.query_selector(&format!("[data-testid=\"{testid}\"]"))
        .ok()
        .flatten()?
        .get_attribute(name)
}

fn textarea(doc: &web_sys::Document, id: &str) -> web_sys::HtmlTextAreaElement {
    let el = doc
        .get_element_by_id(id)
        .and_then(|e| e.dyn_into::<web_sys::HtmlTextAreaElement>().ok());
    assert!(el.is_some(), "#{id}");
    el.unwrap_or_else(|| unreachable!())
}

fn type_into(doc: &web_sys::Document, id: &str, text: &str) {
    let t = textarea(doc, id);
    t.set_value(text);
    let ev = web_sys::Event::new("input");
    assert!(ev.is_ok());
    if let Ok(ev) = ev {
        assert!(t.dispatch_event(&ev).is_ok());
    }
}

#[wasm_bindgen_test]
fn browser_csprng_gives_fresh_secrets() {
    let a = jwtscope::jose::secret::generate(32)
        .map(|s| s.bytes().to_vec())
        .unwrap_or_default();
    let b = jwtscope::jose::secret::generate(32)
        .map(|s| s.bytes().to_vec())
        .unwrap_or_default();
    assert_eq!(a.len(), 32);
    assert_ne!(a, b);
}

#[wasm_bindgen_test]
fn start_refuses_a_page_without_its_controls() {
    mount("<p>not jwtscope</p>");
    assert!(start(js_sys::Array::new(), String::new(), String::new()).is_err());
    stop();
}

/// Lets the tasks queued so far run (a timeout queued now runs after them).
async fn next_tasks() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

fn app_state(doc: &web_sys::Document) -> Option<String> {
    doc.document_element()?.get_attribute("data-app")
}

#[wasm_bindgen_test]
async fn start_paints_the_example_and_reacts_to_input() {
    let doc = mount_page();
    if let Some(html) = doc.document_element() {
        let _ = html.remove_attribute("data-app");
    }
    assert!(start(js_sys::Array::new(), String::new(), String::new()).is_ok());
    // Two tasks: start() reads the fields and binds; the next paints every pane.
    assert_eq!(app_state(&doc), None, "not painted within start()");
    next_tasks().await;
    assert_eq!(app_state(&doc).as_deref(), Some("ready"));
    assert_eq!(
        attr(&doc, "verdict", "data-signature").as_deref(),
        Some("valid")
    );
    assert_eq!(
        attr(&doc, "verdict", "data-claims").as_deref(),
        Some("valid")
    );
    assert!(textarea(&doc, "token").value().starts_with("eyJ"));
    assert!(!textarea(&doc, "key").value().is_empty());

    // A keystroke in the key pane re-verifies at once.
    type_into(&doc, "key", "d3Jvbmctc2VjcmV0"); // base64url of "wrong-secret"
    assert_eq!(
        attr(&doc, "verdict", "data-signature").as_deref(),
        Some("invalid")
    );
    type_into(&doc, "token", "garbage");
    assert_eq!(
        textarea(&doc, "token")
            .get_attribute("aria-invalid")
            .as_deref(),
        Some("true")
    );
    let problems = doc
        .get_element_by_id("token-problems")
        .and_then(|e| e.text_content())
        .unwrap_or_default();
    assert!(!problems.is_empty());
    assert_eq!(
        attr(&doc, "generate-keypair", "aria-busy").as_deref(),
        Some("false")
    );

    // stop() removes every listener: input no longer reaches the state machine.
    stop();
    type_into(&doc, "token", "");
    assert_eq!(
        textarea(&doc, "token")
            .get_attribute("aria-invalid")
            .as_deref(),
        Some("true")
    );
}

/// Clicks an element the way a person does (`HTMLElement.click()`: the event
/// bubbles, a checkbox toggles and fires `change`).
fn click(doc: &web_sys::Document, selector: &str) {
    let el = doc.query_selector(selector).ok().flatten();
    assert!(el.is_some(), "{selector}");
    let el = el.unwrap_or_else(|| unreachable!());
    let click = js_sys::Reflect::get(&el, &"click".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    assert!(click.is_some(), "{selector} has click()");
    assert!(click.is_some_and(|f| f.call0(&el).is_ok()), "{selector}");
}

/// `localStorage` or `sessionStorage`; the test fails if the browser has none (a
/// storage test that passes without storage proves nothing).
fn storage(session: bool) -> web_sys::Storage {
    let window = web_sys::window();
    assert!(window.is_some());
    let window = window.unwrap_or_else(|| unreachable!());
    let storage = if session {
        window.session_storage()
    } else {
        window.local_storage()
    };
    assert!(
        matches!(storage, Ok(Some(_))),
        "storage (session: {session}) is available"
    );
    storage.ok().flatten().unwrap_or_else(|| unreachable!())
}

fn stored(doc: &web_sys::Document) -> (u32, u32, String) {
    let cookie = doc
        .dyn_ref::<web_sys::HtmlDocument>()
        .and_then(|d| d.cookie().ok());
    assert!(cookie.is_some(), "document.cookie is readable");
    (
        storage(false).length().unwrap_or(u32::MAX),
        storage(true).length().unwrap_or(u32::MAX),
        cookie.unwrap_or_default(),
    )
}

#[wasm_bindgen_test]
fn nothing_is_stored() {
    let doc = mount_page();
    // Storage works here: a probe is written and read back, then removed.
    for session in [false, true] {
        let s = storage(session);
        assert!(s.set_item("jwtscope-probe", "1").is_ok());
        assert_eq!(
            s.get_item("jwtscope-probe").ok().flatten().as_deref(),
            Some("1")
        );
        assert!(s.remove_item("jwtscope-probe").is_ok());
    }
    assert_eq!(
        stored(&doc),
        (0, 0, String::new()),
        "empty before the page starts"
    );

    assert!(start(js_sys::Array::new(), String::new(), String::new()).is_ok());
    // Real flows: a secret typed, a token pasted, sign mode with an edited payload, a
    // generated secret used as the key, an encoding and an algorithm chosen, copies.
    type_into(&doc, "key", "a secret typed by the user");
    type_into(&doc, "token", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln");
    click(&doc, "#sign-mode");
    assert_eq!(
        doc.document_element()
            .and_then(|h| h.get_attribute("data-mode"))
            .as_deref(),
        Some("sign")
    );
    type_into(&doc, "payload", "{\"sub\": \"stored?\"}");
    click(&doc, "#generate-secret button[data-alg=\"HS384\"]");
    click(&doc, "#use-secret");
    assert_eq!(
        attr(&doc, "verdict", "data-signature").as_deref(),
        Some("valid"),
        "signed with the generated secret"
    );
    click(&doc, "button[data-copy=\"token\"]");
    click(&doc, "#copy-secret");
    click(&doc, "#sign-mode");
    assert_eq!(stored(&doc), (0, 0, String::new()), "empty after the flows");
    stop();
    assert_eq!(stored(&doc), (0, 0, String::new()), "empty after stop");
}
