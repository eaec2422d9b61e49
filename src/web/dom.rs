//! A small DOM wrapper: find elements by id, set text, attributes and values, build
//! lists, and listeners that remove themselves when dropped. Every `JsValue` error is
//! handled (a failed DOM call is skipped, never a panic).

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{
    Document, Element, EventTarget, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement,
};

/// The page's document, if there is one (there is none in a worker).
pub fn document() -> Option<Document> {
    web_sys::window()?.document()
}

/// An element of the page.
#[derive(Clone, Debug)]
pub struct El(pub Element);

impl El {
    /// The element with this id, if present.
    pub fn by_id(doc: &Document, id: &str) -> Option<El> {
        doc.get_element_by_id(id).map(El)
    }

    /// Creates `<tag class="class">text</tag>` (text set as text, never as HTML).
    pub fn create(doc: &Document, tag: &str, class: &str, text: &str) -> Option<El> {
        let el = doc.create_element(tag).ok()?;
        if !class.is_empty() {
            el.set_class_name(class);
        }
        if !text.is_empty() {
            el.set_text_content(Some(text));
        }
        Some(El(el))
    }

    /// Sets the text content, when it differs.
    pub fn set_text(&self, text: &str) {
        if self.0.text_content().as_deref() != Some(text) {
            self.0.set_text_content(Some(text));
        }
    }

    /// Sets or removes an attribute.
    pub fn set_attr(&self, name: &str, value: Option<&str>) {
        match value {
            Some(v) => {
                if self.0.get_attribute(name).as_deref() != Some(v) {
                    let _ = self.0.set_attribute(name, v);
                }
            }
            None => {
                let _ = self.0.remove_attribute(name);
            }
        }
    }

    /// Adds or removes a boolean attribute (`hidden`, `disabled`, `aria-busy`…).
    pub fn set_flag(&self, name: &str, on: bool) {
        let _ = self.0.toggle_attribute_with_force(name, on);
    }

    /// Sets the class attribute.
    pub fn set_class(&self, class: &str) {
        if self.0.class_name() != class {
            self.0.set_class_name(class);
        }
    }

    /// The value of an input, textarea or select (empty for other elements).
    pub fn value(&self) -> String {
        if let Some(t) = self.0.dyn_ref::<HtmlTextAreaElement>() {
            t.value()
        } else if let Some(i) = self.0.dyn_ref::<HtmlInputElement>() {
            i.value()
        } else if let Some(s) = self.0.dyn_ref::<HtmlSelectElement>() {
            s.value()
        } else {
            self.0.text_content().unwrap_or_default()
        }
    }

    /// Whether a form field differs from what the page's HTML gave it: a textarea's
    /// text, an input's `value` attribute, a checkbox's `checked` attribute, a radio
    /// newly checked, a file picked, a select's option marked `selected` (else its
    /// first). Any other element: false.
    pub fn edited(&self) -> bool {
        let e = &self.0;
        let shipped = |name: &str| e.get_attribute(name);
        if let Some(t) = e.dyn_ref::<HtmlTextAreaElement>() {
            return e.text_content().unwrap_or_default() != t.value();
        }
        if let Some(i) = e.dyn_ref::<HtmlInputElement>() {
            return match shipped("type").as_deref() {
                Some("checkbox") => i.checked() != shipped("checked").is_some(),
                Some("radio") => i.checked() && shipped("checked").is_none(),
                Some("file") => !i.value().is_empty(),
                _ => i.value() != shipped("value").unwrap_or_default(),
            };
        }
        if let Some(s) = e.dyn_ref::<HtmlSelectElement>() {
            let (mut first, mut marked) = (None, None);
            let mut option = e.first_element_child();
            while let Some(o) = option {
                if o.get_attribute("selected").is_some() {
                    marked = Some(o.clone());
                }
                first.get_or_insert_with(|| o.clone());
                option = o.next_element_sibling();
            }
            let value = marked.or(first).and_then(|o| o.get_attribute("value"));
            return s.value() != value.unwrap_or_default();
        }
        false
    }

    /// Scrolls to where `other` is scrolled (the token editor's colouring follows
    /// its text).
    pub fn scroll_like(&self, other: &El) {
        self.0.set_scroll_top(other.0.scroll_top());
        self.0.set_scroll_left(other.0.scroll_left());
    }

    /// Sets the value of an input, textarea or select, only when it differs (so the
    /// caret of the field being typed in never jumps).
    pub fn set_value(&self, value: &str) {
        if self.value() == value {
            return;
        }
        if let Some(t) = self.0.dyn_ref::<HtmlTextAreaElement>() {
            t.set_value(value);
        } else if let Some(i) = self.0.dyn_ref::<HtmlInputElement>() {
            i.set_value(value);
        } else if let Some(s) = self.0.dyn_ref::<HtmlSelectElement>() {
            s.set_value(value);
        } else {
            self.set_text(value);
        }
    }

    /// Whether a checkbox is checked.
    pub fn checked(&self) -> bool {
        self.0
            .dyn_ref::<HtmlInputElement>()
            .is_some_and(HtmlInputElement::checked)
    }

    /// Checks or unchecks a checkbox.
    pub fn set_checked(&self, on: bool) {
        if let Some(i) = self.0.dyn_ref::<HtmlInputElement>() {
            if i.checked() != on {
                i.set_checked(on);
            }
        }
    }

    /// Removes every child.
    pub fn clear(&self) {
        self.0.set_text_content(None);
    }

    /// The child elements, in order.
    pub fn child_elements(&self) -> Vec<El> {
        let mut out = Vec::new();
        let mut next = self.0.first_element_child();
        while let Some(e) = next {
            next = e.next_element_sibling();
            out.push(El(e));
        }
        out
    }

    /// Appends a child.
    pub fn append(&self, child: &El) {
        let _ = self.0.append_child(&child.0);
    }

    /// Whether this element has the focus.
    pub fn focused(&self, doc: &Document) -> bool {
        doc.active_element().is_some_and(|a| a == self.0)
    }
}

/// An event listener that is removed when dropped (and its closure freed with it).
pub struct Listener {
    target: EventTarget,
    event: &'static str,
    closure: Closure<dyn FnMut(web_sys::Event)>,
}

impl Listener {
    /// Listens for `event` on `target`.
    pub fn new(
        target: &EventTarget,
        event: &'static str,
        f: impl FnMut(web_sys::Event) + 'static,
    ) -> Option<Listener> {
        let closure = Closure::<dyn FnMut(web_sys::Event)>::new(f);
        target
            .add_event_listener_with_callback(event, closure.as_ref().unchecked_ref())
            .ok()?;
        Some(Listener {
            target: target.clone(),
            event,
            closure,
        })
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        let _ = self
            .target
            .remove_event_listener_with_callback(self.event, self.closure.as_ref().unchecked_ref());
    }
}

/// The `data-*` value of the closest element (from the event target up) that has it.
pub fn closest_data(event: &web_sys::Event, selector: &str, attr: &str) -> Option<String> {
    let target = event.target()?.dyn_into::<Element>().ok()?;
    let el = target.closest(selector).ok()??;
    el.get_attribute(attr)
}

/// A `JsValue` error as text (for status lines; never logged).
pub fn js_error_text(e: &JsValue) -> String {
    e.as_string()
        .or_else(|| {
            e.dyn_ref::<js_sys::Error>()
                .map(|e| String::from(e.message()))
        })
        .unwrap_or_else(|| "unknown error".into())
}
