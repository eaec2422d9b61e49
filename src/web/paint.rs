//! Paints a [`ViewModel`] into the page: only the sections that changed since the
//! last paint, text always set as text (never as HTML).

use web_sys::Document;

use super::dom::El;
use crate::app::secret_check::SecretCheckView;
use crate::app::view::{
    KeyPairView, Line, MemberView, PartView, ReviewView, SecretView, SegmentView, VerdictView,
};
use crate::app::workshop::{form_label, JwksEntryView, WorkshopKeyView, WorkshopView};
use crate::app::ViewModel;

/// Paints `vm`, skipping sections equal to `prev`.
pub fn paint(doc: &Document, vm: &ViewModel, prev: Option<&ViewModel>) {
    let el = |id: &str| El::by_id(doc, id);
    let changed = |f: &dyn Fn(&ViewModel) -> bool| prev.is_none_or(f);

    if changed(&|p| p.token != vm.token) {
        if let Some(e) = el("token") {
            e.set_value(&vm.token);
        }
    }
    if changed(&|p| p.token_invalid != vm.token_invalid) {
        if let Some(e) = el("token") {
            e.set_attr(
                "aria-invalid",
                Some(if vm.token_invalid { "true" } else { "false" }),
            );
        }
    }
    if let Some(e) = el("token-summary") {
        e.set_text(&vm.token_summary);
    }
    if changed(&|p| p.segments != vm.segments) {
        if let (Some(e), Some(t)) = (el("token-view"), el("token")) {
            paint_segments(doc, &e, &vm.segments, prev.is_none());
            e.scroll_like(&t);
        }
    }
    if changed(&|p| p.token_lines != vm.token_lines) {
        if let Some(e) = el("token-problems") {
            paint_lines(doc, &e, &vm.token_lines);
        }
    }
    if changed(&|p| p.sign_mode != vm.sign_mode) {
        for id in [
            "sign-iat",
            "sign-exp",
            "sign-exp-seconds",
            "sign-nbf",
            "sign-jti",
        ] {
            if let Some(e) = el(id) {
                e.set_flag("disabled", !vm.sign_mode);
            }
        }
    }
    if changed(&|p| p.header != vm.header) {
        paint_part(doc, "header", &vm.header);
    }
    if changed(&|p| p.payload != vm.payload) {
        paint_part(doc, "payload", &vm.payload);
    }
    // The claims table is painted while it is shown (and when it is switched on):
    // the members change every second with their relative times.
    if vm.claims_table && changed(&|p| p.payload != vm.payload || !p.claims_table) {
        if let Some(rows) = el("claims-rows") {
            rows.clear();
            for m in &vm.payload.members {
                paint_member(doc, &rows, m, true);
            }
        }
    }
    if changed(&|p| p.key != vm.key) {
        let k = &vm.key;
        if let Some(e) = el("key") {
            e.set_value(&k.text);
            e.set_attr(
                "aria-invalid",
                Some(if k.kind.class == "error" {
                    "true"
                } else {
                    "false"
                }),
            );
        }
        if let Some(e) = el("key-kind") {
            e.set_text(&k.kind.text);
            e.set_class(&format!("kind {}", k.kind.class));
        }
        if let Some(e) = el("key-notes") {
            let lines: Vec<Line> = k
                .notes
                .iter()
                .map(|n| Line {
                    class: "info",
                    text: n.clone(),
                })
                .collect();
            paint_lines(doc, &e, &lines);
        }
        if let Some(e) = el("secret-encoding") {
            e.set_value(k.encoding);
        }
        if let Some(e) = el("alg") {
            e.set_value(k.alg);
        }
        if let Some(e) = el("alg-hint") {
            e.set_text(&k.alg_hint);
        }
    }
    if changed(&|p| p.claims_table != vm.claims_table || p.claims_note != vm.claims_note) {
        if let Some(e) = el("claims-note") {
            e.set_text(vm.claims_note);
            e.set_flag("hidden", !vm.claims_table || vm.claims_note.is_empty());
        }
    }
    if changed(&|p| p.expect != vm.expect) {
        for (id, text) in ["expect-iss", "expect-aud"].into_iter().zip(&vm.expect) {
            if let Some(e) = el(id) {
                e.set_value(text);
            }
        }
    }
    if changed(&|p| p.share != vm.share) {
        let s = &vm.share;
        if let Some(e) = el("share-link") {
            e.set_value(&s.link);
        }
        if let Some(e) = el("share") {
            e.set_flag("disabled", s.link.is_empty());
        }
        if let Some(e) = el("share-note") {
            e.set_text(&s.note);
        }
        for (id, on) in [("share-redact", s.redact), ("share-expect", s.expect)] {
            if let Some(e) = el(id) {
                e.set_checked(on);
            }
        }
    }
    if changed(&|p| p.claims_table != vm.claims_table) {
        for (id, shown) in [
            ("payload", !vm.claims_table),
            ("payload-members", !vm.claims_table),
            ("claims-table", vm.claims_table),
        ] {
            if let Some(e) = el(id) {
                e.set_flag("hidden", !shown);
            }
        }
        for (id, on) in [
            ("payload-view-json", !vm.claims_table),
            ("payload-view-table", vm.claims_table),
        ] {
            if let Some(e) = el(id) {
                e.set_checked(on);
            }
        }
    }
    if changed(&|p| p.sign_mode != vm.sign_mode || p.sign_status != vm.sign_status) {
        if let Some(e) = el("sign-mode") {
            e.set_checked(vm.sign_mode);
        }
        if let Some(html) = doc.document_element() {
            El(html).set_attr(
                "data-mode",
                Some(if vm.sign_mode { "sign" } else { "inspect" }),
            );
        }
        if let Some(e) = el("sign-status") {
            paint_line(&e, vm.sign_status.as_ref());
        }
    }
    if changed(&|p| p.verdict != vm.verdict) {
        paint_verdict(doc, &vm.verdict);
    }
    if changed(&|p| p.warnings != vm.warnings) {
        if let Some(e) = el("warnings") {
            paint_lines(doc, &e, &vm.warnings);
        }
        if let Some(e) = el("warnings-empty") {
            e.set_flag("hidden", !vm.warnings.is_empty());
        }
    }
    if changed(&|p| p.review != vm.review) {
        paint_review(doc, &vm.review);
    }
    if changed(&|p| p.secret != vm.secret) {
        paint_secret(doc, &vm.secret);
    }
    if changed(&|p| p.secret_check != vm.secret_check) {
        paint_secret_check(doc, &vm.secret_check);
    }
    if changed(&|p| p.keypair != vm.keypair) {
        paint_keypair(doc, &vm.keypair);
    }
    if changed(&|p| p.workshop != vm.workshop) {
        paint_workshop(doc, &vm.workshop, prev.map(|p| &p.workshop));
    }
    if changed(&|p| p.network != vm.network) {
        if let Some(e) = el("net-count") {
            e.set_text(&vm.network.text);
            e.set_attr("data-count", Some(&vm.network.count.to_string()));
            e.set_class(vm.network.class);
        }
    }
    if changed(&|p| p.copy_status != vm.copy_status) {
        if let Some(e) = el("copy-status") {
            e.set_text(&vm.copy_status);
        }
    }
    if changed(&|p| p.notice != vm.notice) {
        if let Some(e) = el("notice") {
            e.set_text(vm.notice.as_deref().unwrap_or(""));
            e.set_flag("hidden", vm.notice.is_none());
        }
    }
}

fn paint_line(e: &El, line: Option<&Line>) {
    match line {
        Some(l) => {
            e.set_text(&l.text);
            e.set_class(&format!("line {}", l.class));
            e.set_flag("hidden", false);
        }
        None => {
            e.set_text("");
            e.set_flag("hidden", true);
        }
    }
}

fn paint_lines(doc: &Document, list: &El, lines: &[Line]) {
    list.clear();
    for l in lines {
        if let Some(li) = El::create(doc, "li", l.class, &l.text) {
            list.append(&li);
        }
    }
}

/// The token editor's colouring, painted afresh (at most 64 spans): spans reused in
/// place can keep a glyph of their old text on screen (a combining mark) until the
/// next layout. The `first` paint finds index.html's example already painted and
/// leaves identical spans alone (no new paint for the browser to count as the
/// largest); later paints come only when the segments changed.
fn paint_segments(doc: &Document, view: &El, segments: &[SegmentView], first: bool) {
    if first {
        let children = view.child_elements();
        if children.len() == segments.len()
            && children
                .iter()
                .zip(segments)
                .all(|(c, s)| c.0.class_name() == segment_class(s) && c.value() == s.text)
        {
            return;
        }
    }
    view.clear();
    for s in segments {
        if let Some(span) = El::create(doc, "span", "", "") {
            paint_segment(&span, s);
            view.append(&span);
        }
    }
}

fn segment_class(s: &SegmentView) -> String {
    if s.problem {
        format!("seg {} problem", s.class)
    } else {
        format!("seg {}", s.class)
    }
}

fn paint_segment(span: &El, s: &SegmentView) {
    span.set_class(&segment_class(s));
    span.set_text(&s.text);
}

fn paint_part(doc: &Document, id: &str, part: &PartView) {
    if let Some(e) = El::by_id(doc, id) {
        e.set_value(&part.text);
        let bad = part.note.as_ref().is_some_and(|n| n.class == "error");
        e.set_attr("aria-invalid", Some(if bad { "true" } else { "false" }));
    }
    if let Some(e) = El::by_id(doc, &format!("{id}-note")) {
        paint_line(&e, part.note.as_ref());
    }
    if let Some(list) = El::by_id(doc, &format!("{id}-members")) {
        list.clear();
        for m in &part.members {
            paint_member(doc, &list, m, false);
        }
    }
}

/// A member as a row of the definition list under the JSON (`table: false`: name,
/// value, the explanation as a tooltip shown on hover and focus, the times) or of the
/// claims table (two columns: the name with its meaning under it, the value with its
/// times under it).
fn paint_member(doc: &Document, list: &El, m: &MemberView, table: bool) {
    // The value, the explanation and the times: `dd`s of the list's row, or blocks
    // inside the table's value cell.
    let (row_tag, row_class, name_tag, cell) = if table {
        ("tr", "", "th", "div")
    } else {
        ("div", "member", "dt", "dd")
    };
    let Some(row) = El::create(doc, row_tag, row_class, "") else {
        return;
    };
    let Some(name) = El::create(doc, name_tag, "", "") else {
        return;
    };
    let value = if table {
        El::create(doc, "td", "", "")
    } else {
        Some(row.clone())
    };
    let Some(value) = value else {
        return;
    };
    let add = |to: &El, tag: &str, class: &str, text: &str| {
        if let Some(e) = El::create(doc, tag, class, text) {
            to.append(&e);
        }
    };
    if table {
        name.set_attr("scope", Some("row"));
        add(&name, "span", "name", &m.name);
        if let Some(x) = &m.explanation {
            add(&name, "span", "explain", x);
        }
    } else {
        name.set_text(&m.name);
        if let Some(x) = &m.explanation {
            // Focusable so the explanation shows on focus as on hover.
            name.set_attr("tabindex", Some("0"));
            name.set_attr("title", Some(x));
            name.set_class("explained");
        }
    }
    row.append(&name);
    add(&value, cell, "value", &m.value);
    if let (false, Some(x)) = (table, &m.explanation) {
        add(&value, cell, "explain", x);
    }
    if let Some(t) = &m.time {
        if let Some(time) = El::create(doc, cell, &format!("time {}", t.state), "") {
            for (class, text) in [
                ("relative", t.relative.as_str()),
                ("utc", t.utc.as_str()),
                ("local", t.local.as_str()),
            ] {
                if !text.is_empty() {
                    add(&time, "span", class, text);
                }
            }
            value.append(&time);
        }
    }
    if table {
        row.append(&value);
    }
    list.append(&row);
}

fn paint_verdict(doc: &Document, v: &VerdictView) {
    if let Some(e) = El::by_id(doc, "verdict") {
        e.set_attr("data-signature", Some(v.signature));
        e.set_attr("data-claims", Some(v.claims));
    }
    let set = |id: &str, text: &str| {
        if let Some(e) = El::by_id(doc, id) {
            e.set_text(text);
        }
    };
    set("sig-title", &v.signature_title);
    set("sig-detail", &v.signature_detail);
    set("claims-title", &v.claims_title);
    set("as-of-text", &v.as_of);
    if let Some(e) = El::by_id(doc, "claims-lines") {
        paint_lines(doc, &e, &v.claims_lines);
    }
    if let Some(list) = El::by_id(doc, "explanation") {
        list.clear();
        list.set_flag("hidden", v.explanation.is_empty());
        for item in &v.explanation {
            if let Some(li) = El::create(doc, "li", "finding", &item.message) {
                li.set_attr("data-code", Some(item.code));
                if let Some(fix) = El::create(doc, "span", "fix", &item.fix) {
                    li.append(&fix);
                }
                list.append(&li);
            }
        }
    }
    if v.live {
        if let Some(e) = El::by_id(doc, "as-of") {
            if !e.focused(doc) {
                e.set_value("");
            }
        }
    }
}

/// The security review: one item per finding, its severity as a word before the
/// message (`data-severity` for styling and tests), then the fix and the section.
fn paint_review(doc: &Document, r: &ReviewView) {
    if let Some(e) = El::by_id(doc, "audit-summary") {
        e.set_text(&r.summary);
        e.set_flag("hidden", r.findings.is_empty());
    }
    if let Some(e) = El::by_id(doc, "audit-empty") {
        e.set_text(&r.empty);
        e.set_flag("hidden", !r.findings.is_empty());
    }
    let Some(list) = El::by_id(doc, "audit") else {
        return;
    };
    list.clear();
    list.set_flag("hidden", r.findings.is_empty());
    for f in &r.findings {
        // Styled by data-severity: the page's line classes (`warning`, `info`) would
        // colour the whole item.
        let Some(li) = El::create(doc, "li", "finding", "") else {
            continue;
        };
        li.set_attr("data-code", Some(f.code));
        li.set_attr("data-severity", Some(f.severity));
        for (class, text) in [
            ("severity", f.severity_label),
            ("message", f.message.as_str()),
            ("fix", f.fix.as_str()),
        ] {
            if let Some(span) = El::create(doc, "span", class, text) {
                li.append(&span);
            }
        }
        if let Some(meta) = El::create(doc, "span", "meta", "") {
            for (class, text) in [("code", f.code), ("spec", f.spec)] {
                if let Some(c) = El::create(doc, "code", class, text) {
                    meta.append(&c);
                }
            }
            li.append(&meta);
        }
        list.append(&li);
    }
}

fn paint_secret(doc: &Document, s: &SecretView) {
    if let Some(e) = El::by_id(doc, "secret-output") {
        e.set_text(&s.value);
    }
    if let Some(e) = El::by_id(doc, "secret-caption") {
        e.set_text(&s.caption);
    }
    if let Some(e) = El::by_id(doc, "secret-format") {
        e.set_value(s.format);
    }
    for id in ["copy-secret", "use-secret"] {
        if let Some(e) = El::by_id(doc, id) {
            e.set_flag("disabled", !s.ready);
        }
    }
}

fn paint_keypair(doc: &Document, k: &KeyPairView) {
    if let Some(e) = El::by_id(doc, "generate-keypair") {
        e.set_attr("aria-busy", Some(if k.busy { "true" } else { "false" }));
        if let Ok(buttons) = e.0.query_selector_all("button") {
            for i in 0..buttons.length() {
                if let Some(node) = buttons.item(i) {
                    if let Ok(b) = wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(node) {
                        El(b).set_flag("disabled", k.busy);
                    }
                }
            }
        }
    }
    if let Some(e) = El::by_id(doc, "keypair-status") {
        paint_line(&e, Some(&k.status));
    }
    for (id, text) in [
        ("kp-public-pem", &k.public_pem),
        ("kp-private-pem", &k.private_pem),
        ("kp-public-jwk", &k.public_jwk),
        ("kp-private-jwk", &k.private_jwk),
    ] {
        if let Some(e) = El::by_id(doc, id) {
            e.set_value(text);
        }
    }
    if let Some(e) = El::by_id(doc, "keypair-output") {
        e.set_flag("hidden", !k.ready);
    }
    if let Some(e) = El::by_id(doc, "use-keypair") {
        e.set_flag("disabled", !k.ready);
    }
}

fn paint_secret_check(doc: &Document, c: &SecretCheckView) {
    let el = |id: &str| El::by_id(doc, id);
    if let Some(e) = el("secret-check") {
        e.set_flag("disabled", c.running);
    }
    if let Some(e) = el("secret-check-cancel") {
        e.set_flag("disabled", !c.running);
    }
    if let Some(e) = el("wordlist") {
        e.set_flag("disabled", c.running);
    }
    if let Some(e) = el("h-secret-check") {
        e.set_attr("aria-busy", Some(if c.running { "true" } else { "false" }));
    }
    if let Some(e) = el("secret-check-progress") {
        e.set_flag("hidden", !c.running);
        // No value: an indeterminate bar (the built-in list alone has no measure).
        let value = c.progress.map(|p| p.to_string());
        e.set_attr("value", value.as_deref());
    }
    if let Some(e) = el("secret-check-status") {
        e.set_text(&c.status);
    }
    if let Some(e) = el("wordlist-name") {
        e.set_text(&c.wordlist);
    }
    if let Some(e) = el("secret-check-result") {
        e.set_flag("hidden", c.found.is_none());
        e.set_attr(
            "data-found",
            c.found.map(|f| if f { "true" } else { "false" }),
        );
        e.set_attr(
            "data-state",
            (!c.result_state.is_empty()).then_some(c.result_state),
        );
        e.set_text(&c.result);
        e.set_class(match c.result_state {
            "found" => "line error",
            "not_found" => "line ok",
            _ => "line info",
        });
    }
    if let Some(e) = el("secret-check-use") {
        e.set_flag("hidden", !c.can_use);
    }
}

/// The keys workshop: the text and switch, one block per key read (rebuilt when the
/// keys change), the JWKS members (updated in place while the same keys are listed,
/// so a kid being typed keeps its caret) and the JWKS.
fn paint_workshop(doc: &Document, w: &WorkshopView, prev: Option<&WorkshopView>) {
    let el = |id: &str| El::by_id(doc, id);
    if let Some(e) = el("ws-key") {
        e.set_value(&w.text);
        e.set_attr(
            "aria-invalid",
            Some(if w.status.class == "error" {
                "true"
            } else {
                "false"
            }),
        );
    }
    if let Some(e) = el("ws-status") {
        paint_line(&e, Some(&w.status));
    }
    if let Some(e) = el("show-private") {
        e.set_checked(w.show_private);
    }
    if prev.is_none_or(|p| p.keys != w.keys || p.busy != w.busy) {
        if let Some(list) = el("ws-keys") {
            list.set_attr("aria-busy", Some(if w.busy { "true" } else { "false" }));
            list.clear();
            for (i, k) in w.keys.iter().enumerate() {
                paint_workshop_key(doc, &list, i, k);
            }
        }
    }
    if let Some(e) = el("jwks-add") {
        e.set_flag("disabled", !w.can_add);
    }
    if let Some(e) = el("jwks-add-generated") {
        e.set_flag("disabled", !w.can_add_generated);
    }
    if let Some(list) = el("jwks-entries") {
        let same_keys = prev.is_some_and(|p| {
            p.jwks.len() == w.jwks.len()
                && p.jwks
                    .iter()
                    .zip(&w.jwks)
                    .all(|(a, b)| (&a.thumbprint, &a.algorithms) == (&b.thumbprint, &b.algorithms))
        });
        let rows = list.child_elements();
        if same_keys && rows.len() == w.jwks.len() {
            for (row, entry) in rows.iter().zip(&w.jwks) {
                fill_jwks_entry(doc, row, entry);
            }
        } else {
            list.clear();
            for (i, entry) in w.jwks.iter().enumerate() {
                if let Some(row) = jwks_entry(doc, i, entry) {
                    list.append(&row);
                }
            }
        }
    }
    if let Some(e) = el("jwks-status") {
        paint_line(&e, Some(&w.jwks_status));
    }
    if let Some(e) = el("jwks-output") {
        e.set_value(&w.jwks_text);
    }
    if let Some(e) = el("jwks-copy") {
        e.set_flag("disabled", w.jwks_text.is_empty());
    }
}

fn paint_workshop_key(doc: &Document, list: &El, i: usize, k: &WorkshopKeyView) {
    let Some(block) = El::create(doc, "article", "ws-key", "") else {
        return;
    };
    let title_id = format!("ws-{i}-title");
    block.set_attr("aria-labelledby", Some(&title_id));
    block.set_attr("data-index", Some(&i.to_string()));
    if let Some(h) = El::create(doc, "h3", "", &format!("Key {}: {}", i + 1, k.description)) {
        h.set_attr("id", Some(&title_id));
        h.set_attr("data-testid", Some("ws-description"));
        block.append(&h);
    }
    if let Some(p) = El::create(doc, "p", "help", &k.algorithms) {
        p.set_attr("data-testid", Some("ws-algorithms"));
        block.append(&p);
    }
    if !k.thumbprint.is_empty() {
        if let Some(p) = El::create(doc, "p", "thumbprint", "Thumbprint (RFC 7638, SHA-256): ") {
            if let Some(c) = El::create(doc, "code", "", &k.thumbprint) {
                c.set_attr("data-testid", Some("ws-thumbprint"));
                p.append(&c);
            }
            block.append(&p);
        }
    }
    if !k.notes.is_empty() {
        if let Some(ul) = El::create(doc, "ul", "lines", "") {
            paint_lines(doc, &ul, &k.notes);
            block.append(&ul);
        }
    }
    for out in &k.outputs {
        let (format, label) = (out.form.name(), form_label(out.form));
        let id = format!("ws-{i}-{format}");
        let Some(field) = El::create(doc, "div", "field", "") else {
            continue;
        };
        if let Some(head) = El::create(doc, "div", "field-head", "") {
            if let Some(l) = El::create(doc, "label", "", label) {
                l.set_attr("for", Some(&id));
                head.append(&l);
            }
            if let Some(b) = El::create(doc, "button", "copy", "Copy") {
                b.set_attr("type", Some("button"));
                b.set_attr("data-ws-copy", Some(&format!("{i}:{format}")));
                b.set_attr("aria-label", Some(&format!("Copy key {}'s {label}", i + 1)));
                head.append(&b);
            }
            field.append(&head);
        }
        if let Some(t) = El::create(doc, "textarea", "", "") {
            t.set_attr("id", Some(&id));
            t.set_attr("data-format", Some(format));
            t.set_attr("rows", Some("5"));
            t.set_attr("spellcheck", Some("false"));
            t.set_flag("readonly", true);
            t.set_value(&out.text);
            field.append(&t);
        }
        block.append(&field);
    }
    list.append(&block);
}

/// A JWKS member's row: what the key is, its kid, `use` and `alg`, and a remove button.
fn jwks_entry(doc: &Document, i: usize, e: &JwksEntryView) -> Option<El> {
    let row = El::create(doc, "li", "jwks-entry", "")?;
    row.set_attr("data-index", Some(&i.to_string()));
    row.append(&El::create(doc, "span", "desc", &e.description)?);
    let fields = El::create(doc, "div", "row", "")?;
    let labelled = |text: &str, control: &El| -> Option<El> {
        let label = El::create(doc, "label", "", text)?;
        label.append(control);
        Some(label)
    };
    let kid = El::create(doc, "input", "", "")?;
    kid.set_attr("type", Some("text"));
    kid.set_attr("data-field", Some("kid"));
    kid.set_attr("spellcheck", Some("false"));
    kid.set_attr("autocomplete", Some("off"));
    kid.set_attr("placeholder", Some("none"));
    fields.append(&labelled("kid", &kid)?);
    let key_use = El::create(doc, "select", "", "")?;
    key_use.set_attr("data-field", Some("use"));
    for name in ["sig", "enc", "none"] {
        let option = El::create(doc, "option", "", name)?;
        option.set_attr("value", Some(name));
        key_use.append(&option);
    }
    fields.append(&labelled("use", &key_use)?);
    let alg = El::create(doc, "select", "", "")?;
    alg.set_attr("data-field", Some("alg"));
    let none = El::create(doc, "option", "", "none")?;
    none.set_attr("value", Some(""));
    alg.append(&none);
    for name in &e.algorithms {
        let option = El::create(doc, "option", "", name)?;
        option.set_attr("value", Some(name));
        alg.append(&option);
    }
    fields.append(&labelled("alg", &alg)?);
    let remove = El::create(doc, "button", "", "Remove")?;
    remove.set_attr("type", Some("button"));
    remove.set_attr("data-remove", Some(&i.to_string()));
    remove.set_attr(
        "aria-label",
        Some(&format!("Remove key {} from the JWKS", i + 1)),
    );
    fields.append(&remove);
    row.append(&fields);
    fill_jwks_entry(doc, &row, e);
    Some(row)
}

/// Sets a member row's values (never the field being typed in).
fn fill_jwks_entry(doc: &Document, row: &El, e: &JwksEntryView) {
    for (field, value) in [("kid", e.kid.as_str()), ("use", e.key_use), ("alg", e.alg)] {
        let found = row
            .0
            .query_selector(&format!("[data-field=\"{field}\"]"))
            .ok()
            .flatten()
            .map(El);
        if let Some(control) = found {
            if !control.focused(doc) || field != "kid" {
                control.set_value(value);
            }
        }
    }
}
