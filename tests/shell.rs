//! `index.html` ships the example the page opens on, already painted: the token in
//! its field and in the coloured view behind it, its secret in the key field, its
//! header and payload. These tests hold that HTML to the engine: the page's state
//! opened on those fields (`State::open`, what `start()` does) verifies the token
//! with that secret, and its view model is exactly what the HTML shows, so the
//! first paint of the wasm changes nothing (the e2e run checks the same in
//! Chromium, before and after the module starts).
//!
//! The example was made with the CLI (ARCHITECTURE.md, "The static shell"):
//! `jwtscope secret`, then `jwtscope sign --alg HS256 --secret S
//! --secret-encoding base64url --header '{"typ":"JWT"}' '{"sub":…,"iat":1796000000}'`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use jwtscope::app::{view_model, State};
use jwtscope::jose::key::SecretEncoding;

const INDEX: &str = include_str!("../index.html");
/// Any time after the example's `iat`.
const NOW: i64 = 1_800_000_000;

/// The text between `<tag … id="ID" …>` and `</tag>`.
fn element_text(tag: &str, id: &str) -> &'static str {
    let open = format!("<{tag} id=\"{id}\"");
    let start = INDEX
        .find(&open)
        .unwrap_or_else(|| panic!("index.html has no {open}"));
    let body = start + INDEX[start..].find('>').unwrap() + 1;
    let end = body + INDEX[body..].find(&format!("</{tag}>")).unwrap();
    &INDEX[body..end]
}

fn opened() -> State {
    State::open(
        NOW,
        element_text("textarea", "token").to_string(),
        element_text("textarea", "key").to_string(),
        SecretEncoding::Base64Url,
        None,
    )
}

#[test]
fn the_shipped_example_verifies_with_the_shipped_secret() {
    let state = opened();
    let vm = view_model(&state, &|_| String::new());
    assert_eq!(
        vm.verdict.signature, "valid",
        "{}",
        vm.verdict.signature_detail
    );
    assert_eq!(vm.verdict.claims, "valid");
    assert!(
        vm.verdict.signature_detail.contains("HS256"),
        "{}",
        vm.verdict.signature_detail
    );
}

#[test]
fn the_shipped_secret_is_the_engine_s_published_example_secret() {
    // The engine warns about this secret wherever it is used (it is in every copy
    // of the page); the page's example shows that warning too.
    assert_eq!(
        element_text("textarea", "key"),
        jwtscope::jose::secret::EXAMPLE_SECRET
    );
    let vm = view_model(&opened(), &|_| String::new());
    let warnings: Vec<&str> = vm.warnings.iter().map(|w| w.text.as_str()).collect();
    assert!(
        warnings.iter().any(|w| w.contains("example secret")),
        "{warnings:?}"
    );
}

#[test]
fn the_secret_encoding_shipped_selected_is_the_one_the_secret_is_in() {
    let select = element_text("select", "secret-encoding");
    assert!(
        select.contains(r#"<option value="base64url" selected>"#),
        "base64url is the selected option: {select}"
    );
    assert_eq!(select.matches(" selected").count(), 1);
}

#[test]
fn the_shipped_header_and_payload_are_the_engine_s_pretty_json_of_the_token() {
    let vm = view_model(&opened(), &|_| String::new());
    assert_eq!(element_text("textarea", "header"), vm.header.text);
    assert_eq!(element_text("textarea", "payload"), vm.payload.text);
}

#[test]
fn the_shipped_token_view_is_the_engine_s_colouring_of_the_token() {
    let vm = view_model(&opened(), &|_| String::new());
    let painted: String = vm
        .segments
        .iter()
        .map(|s| {
            let problem = if s.problem { " problem" } else { "" };
            format!("<span class=\"seg {}{problem}\">{}</span>", s.class, s.text)
        })
        .collect();
    assert_eq!(element_text("div", "token-view"), painted);
}

#[test]
fn the_example_notice_names_no_random_secret_any_more() {
    // The example is the same in every copy of the page: the notice must not say
    // it was signed with a fresh random secret.
    let notice = element_text("p", "notice");
    assert!(!notice.contains("random"), "{notice}");
    assert!(notice.contains("key pane"), "{notice}");
}
