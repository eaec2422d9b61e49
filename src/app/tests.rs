//! The state machine, natively: every flow of the page without a browser.
//! Fixtures are the OpenSSL-made ones the end-to-end tests use.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use serde_json::Value;

use super::*;
use crate::jose::b64;

const NOW: i64 = 1_800_000_000;
const HS256: &str = include_str!("../../tests/e2e/fixtures/hs256.jwt");
const HS256_EXPIRED: &str = include_str!("../../tests/e2e/fixtures/hs256-expired.jwt");
const HS256_JKU: &str = include_str!("../../tests/e2e/fixtures/hs256-jku.jwt");
const SECRET: &str = include_str!("../../tests/e2e/fixtures/hs256.secret.txt");
const RS256: &str = include_str!("../../tests/e2e/fixtures/rs256.jwt");
const PS256: &str = include_str!("../../tests/e2e/fixtures/ps256.jwt");
const ES256: &str = include_str!("../../tests/e2e/fixtures/es256.jwt");
const EDDSA: &str = include_str!("../../tests/e2e/fixtures/eddsa.jwt");
const NONE: &str = include_str!("../../tests/e2e/fixtures/none.jwt");
const RSA_PUB: &str = include_str!("../../tests/e2e/fixtures/rsa.pub.pem");
const RSA_KEY: &str = include_str!("../../tests/e2e/fixtures/rsa.key.pem");
const RSA_OTHER: &str = include_str!("../../tests/e2e/fixtures/rsa-other.pub.pem");
const RSA_JWK: &str = include_str!("../../tests/e2e/fixtures/rsa.jwk.json");
const EC_PUB: &str = include_str!("../../tests/e2e/fixtures/ec.pub.pem");
const ED_JWK: &str = include_str!("../../tests/e2e/fixtures/ed.jwk.json");
const JWKS: &str = include_str!("../../tests/e2e/fixtures/jwks.json");

fn local(t: i64) -> String {
    format!("local {t}")
}

fn fresh() -> State {
    State::new(NOW, Secret::new(vec![7u8; 32]))
}

fn with(token: &str, key: &str) -> State {
    let mut s = fresh();
    s.update(Msg::KeyEdited(String::new()));
    s.update(Msg::TokenEdited(token.trim().into()));
    s.update(Msg::EncodingChosen(SecretEncoding::Utf8));
    s.update(Msg::KeyEdited(key.trim_end_matches('\n').into()));
    s
}

/// Does what the page's worker does with a signing request (the engine's
/// `sign_with_parts`, answered with `report::signature_reply`) and hands the reply
/// back; other effects are returned untouched.
fn in_worker(s: &mut State, effect: Option<Effect>) -> Option<Effect> {
    let Some(Effect::Sign(job)) = effect else {
        return effect;
    };
    let signed = crate::jose::sign::sign_with_parts(job.alg, job.input.as_bytes(), &job.parts);
    let reply = crate::jose::report::signature_reply(signed.as_deref()).to_string();
    s.update(Msg::SignedInWorker {
        job: job.job,
        reply,
    })
}

fn verdict(s: &State) -> (&'static str, &'static str) {
    let v = view_model(s, &local).verdict;
    (v.signature, v.claims)
}

/// The signature verdict as the page shows it, and the engine's code for it.
fn signature(s: &State) -> (&'static str, Option<&'static str>) {
    let code = s.verification.signature.reason().map(|e| e.code());
    (view_model(s, &local).verdict.signature, code)
}

#[test]
fn first_load_shows_a_valid_example_with_its_key() {
    let s = fresh();
    assert!(!s.token.is_empty());
    assert_eq!(s.encoding, SecretEncoding::Base64Url);
    assert_eq!(s.alg, Algorithm::HS256);
    assert!(
        !s.sign_mode,
        "sign mode stays off until the user switches it on"
    );
    assert_eq!(verdict(&s), ("valid", "valid"));
    let vm = view_model(&s, &local);
    assert_eq!(vm.key.kind.class, "ok");
    let exp = vm
        .payload
        .members
        .iter()
        .find(|m| m.name == "exp")
        .and_then(|m| m.time.clone());
    assert_eq!(
        exp.map(|t| t.relative),
        Some("expires in 15 min".to_string())
    );
    let iat = vm.payload.members.iter().find(|m| m.name == "iat");
    assert!(iat
        .and_then(|m| m.explanation.clone())
        .is_some_and(|e| e.contains("RFC 7519 §4.1.6")));
}

/// The page opens on what its fields hold (index.html's example, or what the visitor
/// typed before the module started), in one pass, and keeps the notice the page
/// showed with them until the first edit.
#[test]
fn an_opened_page_decodes_and_verifies_its_fields_and_keeps_the_notice_until_an_edit() {
    let mut s = State::open(
        NOW,
        HS256.trim().into(),
        SECRET.trim_end_matches('\n').into(),
        SecretEncoding::Utf8,
        Some("An example token.".into()),
    );
    assert_eq!(verdict(&s), ("valid", "valid"));
    assert!(s.payload_text.contains("\"sub\""), "{}", s.payload_text);
    assert_eq!(s.alg_source, Some(AlgSource::Header));
    assert_eq!(
        view_model(&s, &local).notice.as_deref(),
        Some("An example token.")
    );
    s.update(Msg::KeyEdited("another secret".into()));
    assert_eq!(view_model(&s, &local).notice, None);
    assert_eq!(verdict(&s).0, "invalid");
    // Empty fields (a visitor cleared them first): the same page as emptied by edits.
    let empty = State::open(
        NOW,
        String::new(),
        String::new(),
        SecretEncoding::Utf8,
        None,
    );
    let edited = with("", "");
    assert_eq!(verdict(&empty), verdict(&edited));
    assert_eq!(
        view_model(&empty, &local).verdict.signature_detail,
        view_model(&edited, &local).verdict.signature_detail
    );
}

#[test]
fn live_status_changes_when_the_token_expires_while_open() {
    let mut s = fresh();
    s.update(Msg::Tick(NOW + 14 * 60));
    assert_eq!(verdict(&s).1, "valid");
    s.update(Msg::Tick(NOW + 15 * 60));
    assert_eq!(
        verdict(&s),
        ("valid", "invalid"),
        "the signature stays valid; the claims expire"
    );
    let vm = view_model(&s, &local);
    let exp = vm
        .payload
        .members
        .iter()
        .find(|m| m.name == "exp")
        .and_then(|m| m.time.clone());
    assert_eq!(
        exp.map(|t| (t.relative, t.state)),
        Some(("expired now".to_string(), "expired"))
    );
    s.update(Msg::Tick(NOW + 3 * 3600 + 15 * 60));
    let vm = view_model(&s, &local);
    let exp = vm
        .payload
        .members
        .iter()
        .find(|m| m.name == "exp")
        .and_then(|m| m.time.clone());
    assert_eq!(exp.map(|t| t.relative), Some("expired 3 h ago".to_string()));
}

#[test]
fn leeway_and_as_of() {
    let mut s = with(HS256_EXPIRED, SECRET);
    assert_eq!(verdict(&s), ("valid", "invalid"));
    assert_eq!(
        view_model(&s, &local).verdict.as_of,
        "as of now (2027-01-15 08:00:00 UTC), leeway 0 s"
    );
    s.update(Msg::AsOf(Some(1_700_000_100)));
    assert_eq!(verdict(&s).1, "valid");
    s.update(Msg::Tick(NOW + 10));
    assert_eq!(
        verdict(&s).1,
        "valid",
        "ticks do not move a pinned as-of time"
    );
    s.update(Msg::AsOf(Some(1_700_000_650)));
    assert_eq!(verdict(&s).1, "invalid");
    s.update(Msg::Leeway(60));
    assert_eq!(verdict(&s).1, "valid");
    let vm = view_model(&s, &local);
    assert_eq!(
        vm.verdict.as_of,
        "as of 2023-11-14 22:24:10 UTC (fixed), leeway 60 s"
    );
    assert!(!vm.verdict.live);
    s.update(Msg::Leeway(u64::MAX));
    assert_eq!(s.leeway, MAX_LEEWAY);
}

#[test]
fn every_family_verifies_with_pem_jwk_and_jwks() {
    for (token, key, alg) in [
        (HS256, SECRET, Algorithm::HS256),
        (RS256, RSA_PUB, Algorithm::RS256),
        (RS256, RSA_JWK, Algorithm::RS256),
        (RS256, JWKS, Algorithm::RS256),
        (PS256, RSA_PUB, Algorithm::PS256),
        (PS256, JWKS, Algorithm::PS256),
        (ES256, EC_PUB, Algorithm::ES256),
        (ES256, JWKS, Algorithm::ES256),
        (EDDSA, ED_JWK, Algorithm::EdDSA),
        (EDDSA, JWKS, Algorithm::EdDSA),
    ] {
        let s = with(token, key);
        assert_eq!(s.alg, alg, "{alg} with {key}");
        assert_eq!(
            verdict(&s),
            ("valid", "valid"),
            "{alg} with {key}: {:?}",
            s.verification.signature
        );
    }
    let vm = view_model(&with(ES256, JWKS), &local);
    assert!(
        vm.verdict.signature_detail.contains("kid \"ec-1\""),
        "{}",
        vm.verdict.signature_detail
    );
    assert_eq!(vm.key.kind.text, "JWKS, 3 keys");
}

#[test]
fn wrong_key_and_wrong_type_say_why() {
    let s = with(RS256, RSA_OTHER);
    assert_eq!(verdict(&s).0, "invalid");
    let s = with(RS256, "not the secret");
    // A secret allows only HMAC algorithms: the token's RS256 is refused, never
    // checked across families (policy::choose_alg).
    assert_eq!(signature(&s), ("invalid", Some("ERR_ALG_MISMATCH")));
    let vm = view_model(&s, &local);
    assert!(!vm.verdict.signature_detail.is_empty());
    // RS256 token, HMAC pinned: the algorithm the user pins wins, and the mismatch is explained.
    let mut s = with(RS256, RSA_PUB);
    s.update(Msg::AlgChosen(Algorithm::HS256));
    assert_eq!(verdict(&s).0, "invalid");
}

#[test]
fn no_key_and_alg_none_are_not_checked_or_refused() {
    let s = with(HS256, "");
    assert_eq!(verdict(&s).0, "unchecked");
    let s = with(NONE, SECRET);
    assert_eq!(signature(&s), ("invalid", Some("ERR_ALG_NONE")));
}

#[test]
fn embedded_key_urls_warn() {
    let s = with(HS256_JKU, SECRET);
    assert_eq!(verdict(&s).0, "valid");
    let vm = view_model(&s, &local);
    assert!(
        vm.warnings.iter().any(|w| w.text.contains("never fetched")),
        "{:?}",
        vm.warnings
    );
}

#[test]
fn bad_inputs_are_explained_in_place_without_panicking() {
    let huge = "a".repeat(1 << 20);
    let noise: String = (0u32..5000)
        .map(|i| char::from_u32((i * 7919) % 0xD7FF + 1).unwrap_or('x'))
        .collect();
    let half_pem = &RSA_PUB[..RSA_PUB.len() / 2];
    for input in [
        "garbage",
        "a.b",
        "....",
        huge.as_str(),
        noise.as_str(),
        "Bearer x.y.z",
        "\"eyJ.eyJ.\"",
    ] {
        let s = with(input, SECRET);
        let vm = view_model(&s, &local);
        assert!(
            vm.token_invalid || !vm.token_lines.is_empty(),
            "{}",
            &input[..input.len().min(20)]
        );
        let painted: String = vm.segments.iter().map(|x| x.text.as_str()).collect();
        if input.len() <= view::MAX_PAINTED_TOKEN {
            assert_eq!(
                painted, input,
                "the editor's colouring is its text, as typed"
            );
        } else {
            assert_eq!(painted, "", "longer text is shown as typed, uncoloured");
        }
        assert!(vm.segments.len() <= 65);
    }
    let s = with(RS256, half_pem);
    let vm = view_model(&s, &local);
    assert_eq!(vm.key.kind.class, "error");
    assert_eq!(vm.verdict.signature, "unchecked");
    assert!(
        vm.verdict.signature_detail.contains("could not be read"),
        "{}",
        vm.verdict.signature_detail
    );
}

fn runs(s: &State) -> Vec<(&'static str, String, bool)> {
    view_model(s, &local)
        .segments
        .into_iter()
        .map(|r| (r.class, r.text, r.problem))
        .collect()
}

#[test]
fn the_editor_is_coloured_in_place_as_typed() {
    let run = |class: &'static str, text: &str, problem: bool| (class, text.to_string(), problem);
    let s = with("Bearer aaa.bbb.ccc", SECRET);
    assert_eq!(
        runs(&s)[..3],
        [
            run("removed", "Bearer ", false),
            run("header", "aaa", true),
            run("dot", ".", false)
        ]
    );
    // A line break inside the payload: the payload is coloured on both sides of it,
    // and the break itself is marked (verification refuses such a token).
    let mut s = with(HS256, SECRET);
    let (head, rest) = HS256.trim().split_at(HS256.find('.').unwrap_or(0) + 10);
    s.update(Msg::TokenEdited(format!("{head}\n{rest}\n")));
    let r = runs(&s);
    assert_eq!(
        r[0],
        run("header", &head[..head.find('.').unwrap_or(0)], false)
    );
    assert_eq!(r[1], run("dot", ".", false));
    assert_eq!(r[2].0, "payload");
    assert_eq!(r[3], run("removed", "\n", true), "{r:?}");
    assert_eq!(r[4].0, "payload");
    assert_eq!(
        r.last(),
        Some(&run("removed", "\n", false)),
        "after the token"
    );
    // Not a token: one plain run.
    let s = with("hello world", SECRET);
    assert_eq!(runs(&s), [run("plain", "hello world", false)]);
    // A token wrapped after every two characters: at most 64 coloured runs, then the
    // rest plain.
    let dots = format!("{}.e30.x", "ab\n".repeat(1000));
    let s = with(&dots, SECRET);
    let r = runs(&s);
    assert!(r.len() <= 65, "{}", r.len());
    assert_eq!(r.last().map(|x| x.0), Some("plain"));
    // Up to the painting limit, coloured; past it, not at all (the field shows it).
    let fits = format!(
        "{}.{}.xy",
        "é".repeat(view::MAX_PAINTED_TOKEN / 2 - 3),
        "ab"
    );
    assert_eq!(fits.len(), view::MAX_PAINTED_TOKEN);
    let r = runs(&with(&fits, SECRET));
    assert_eq!(r.iter().map(|x| x.1.as_str()).collect::<String>(), fits);
    assert_eq!(r[0].0, "header");
    assert_eq!(runs(&with(&format!("{fits}y"), SECRET)), []);
}

#[test]
fn the_claims_table_is_a_view_of_the_payload_members() {
    let mut s = with(HS256, SECRET);
    assert!(!view_model(&s, &local).claims_table, "JSON first");
    s.update(Msg::ClaimsTable(true));
    let vm = view_model(&s, &local);
    assert!(vm.claims_table);
    assert!(!vm.payload.members.is_empty());
    assert_eq!(
        vm.payload.text,
        view_model(&with(HS256, SECRET), &local).payload.text
    );
    assert_eq!(vm.claims_note, "");
    s.update(Msg::ClaimsTable(false));
    assert!(!view_model(&s, &local).claims_table);
    // A payload that is not a JSON object: no rows, and why.
    let s = with("eyJhbGciOiJIUzI1NiJ9.WzEsMl0.c2ln", SECRET);
    assert!(view_model(&s, &local)
        .claims_note
        .starts_with("No claims to show: the payload is not a JSON object"));
}

#[test]
fn a_share_link_carries_the_token_never_the_key_and_opens_without_the_example_key() {
    let mut s = with(HS256, SECRET);
    s.update(Msg::PageUrl("https://intranet.example/jwt/".into()));
    s.update(Msg::ExpectIss("https://issuer.example".into()));
    let vm = view_model(&s, &local);
    let token = HS256.trim();
    assert_eq!(
        vm.share.link,
        format!("https://intranet.example/jwt/#token={token}")
    );
    assert!(!vm.share.link.contains(SECRET.trim()));
    assert!(vm.share.note.contains("never a key"));
    s.update(Msg::ShareExpect(true));
    s.update(Msg::ShareRedact(true));
    let link = view_model(&s, &local).share.link;
    assert!(
        link.contains("&redacted=1&iss=https%3A%2F%2Fissuer.example"),
        "{link}"
    );
    let (_, signature) = token.rsplit_once('.').unwrap();
    assert!(!link.contains(signature));
    // Opened in a fresh page: the example's secret is not this token's key.
    let mut opened = fresh();
    assert!(
        !opened.key_text.is_empty(),
        "the example comes with its key"
    );
    opened.update(Msg::SharedLink(format!(
        "#{}",
        link.split_once('#').unwrap().1
    )));
    assert_eq!(opened.key_text, "");
    assert_eq!(opened.expect_iss, "https://issuer.example");
    assert!(opened
        .token
        .starts_with(&token[..token.rfind('.').unwrap()]));
    assert!(opened
        .notice
        .as_deref()
        .is_some_and(|n| n.contains("without its signature")));
    let v = view_model(&opened, &local).verdict;
    assert_eq!(
        (v.signature, v.signature_detail.contains("empty")),
        ("invalid", true),
        "{}",
        v.signature_detail
    );
    // A fragment that is not a share link changes nothing.
    let mut other = fresh();
    let before = other.token.clone();
    other.update(Msg::SharedLink("#h-token".into()));
    assert_eq!(other.token, before);
    // Not a token: no link, and why.
    let s = with("hello world", SECRET);
    let vm = view_model(&s, &local);
    assert_eq!(vm.share.link, "");
    assert!(vm.share.note.starts_with("No link: "), "{}", vm.share.note);
}

#[test]
fn decode_problems_point_at_the_segment() {
    let s = with("eyJhbGciOiJIUzI1NiJ9.!!!notbase64.abc", SECRET);
    let vm = view_model(&s, &local);
    let payload = vm.segments.iter().find(|x| x.class == "payload");
    assert!(payload.is_some_and(|p| p.problem), "{:?}", vm.segments);
    assert!(
        vm.token_lines
            .iter()
            .any(|l| l.text.starts_with("payload:")),
        "{:?}",
        vm.token_lines
    );
}

#[test]
fn outside_sign_mode_nothing_is_resigned() {
    let mut s = with(HS256, SECRET);
    let before = s.token.clone();
    s.update(Msg::PayloadEdited("{\"sub\":\"mallory\"}".into()));
    s.update(Msg::AlgChosen(Algorithm::HS512));
    s.update(Msg::KeyEdited("another secret".into()));
    assert_eq!(s.token, before);
    let vm = view_model(&s, &local);
    assert!(vm
        .payload
        .note
        .is_some_and(|n| n.text.contains("not applied")));
    // Switching sign mode on applies the draft, explicitly.
    s.update(Msg::SignMode(true));
    assert_ne!(s.token, before);
    assert!(s
        .decoded
        .claims()
        .is_some_and(|c| c.get("sub").and_then(Value::as_str) == Some("mallory")));
    assert_eq!(verdict(&s).0, "valid");
}

#[test]
fn sign_mode_signs_and_keeps_the_last_good_token() {
    let mut s = with(HS256, SECRET);
    s.update(Msg::SignMode(true));
    s.update(Msg::PayloadEdited("{\"sub\":\"new\"}".into()));
    let good = s.token.clone();
    assert_eq!(verdict(&s), ("valid", "none"));
    s.update(Msg::PayloadEdited("{\"sub\": ".into()));
    assert_eq!(s.token, good, "invalid JSON keeps the last good token");
    let vm = view_model(&s, &local);
    assert!(
        vm.payload.note.as_ref().is_some_and(|n| n.class == "error"),
        "{:?}",
        vm.payload.note
    );
    assert_eq!(
        vm.payload.text, "{\"sub\": ",
        "nothing the user typed is lost"
    );
    // The algorithm selector rewrites the header and re-signs.
    s.update(Msg::PayloadEdited("{\"sub\":\"new\"}".into()));
    s.update(Msg::AlgChosen(Algorithm::HS384));
    assert_eq!(s.decoded.alg().ok(), Some(Algorithm::HS384));
    assert_eq!(verdict(&s).0, "valid");
    // A public key cannot sign: error in place, token kept.
    let kept = s.token.clone();
    s.update(Msg::KeyEdited(RSA_PUB.into()));
    assert_eq!(s.token, kept);
    assert!(s.sign_error.is_some());
    // A private key signs RS256, in the worker.
    let effect = s.update(Msg::KeyEdited(RSA_KEY.into()));
    assert!(matches!(effect, Some(Effect::Sign(_))), "{effect:?}");
    assert_eq!(s.token, kept, "the token changes when the worker answers");
    assert!(view_model(&s, &local)
        .sign_status
        .is_some_and(|l| l.text.contains("in the background worker")));
    assert_eq!(in_worker(&mut s, effect), None);
    assert!(matches!(
        s.alg.family(),
        crate::jose::alg::Family::RsaPkcs1 | crate::jose::alg::Family::RsaPss
    ));
    assert_eq!(
        verdict(&s).0,
        "valid",
        "{:?} {:?}",
        s.sign_error,
        s.verification.signature
    );
    // Leaving sign mode restores the boxes from the token.
    s.update(Msg::PayloadEdited("{".into()));
    s.update(Msg::SignMode(false));
    assert!(s.payload_text.contains("\"sub\": \"new\""));
}

#[test]
fn sign_mode_shows_a_secret_warning_once() {
    // The page's own example secret (base64url), in sign mode: the token is signed
    // and verified with the same key, and its warning is one line, not two (the
    // verdict's and a "signing: " copy of it).
    let mut s = with(HS256, "");
    s.update(Msg::EncodingChosen(SecretEncoding::Base64Url));
    s.update(Msg::KeyEdited(crate::jose::secret::EXAMPLE_SECRET.into()));
    s.update(Msg::SignMode(true));
    s.update(Msg::PayloadEdited("{\"sub\":\"new\"}".into()));
    assert_eq!(verdict(&s).0, "valid");
    assert!(!s.sign_warnings.is_empty());
    let lines: Vec<String> = view_model(&s, &local)
        .warnings
        .iter()
        .map(|w| w.text.clone())
        .collect();
    let example = lines
        .iter()
        .filter(|t| t.contains("example secret"))
        .count();
    assert_eq!(example, 1, "{lines:#?}");
}

#[test]
fn private_key_signatures_come_from_the_worker_in_order_and_stale_ones_are_dropped() {
    let mut s = with(HS256, SECRET);
    s.update(Msg::SignMode(true));
    let Some(Effect::Sign(first)) = s.update(Msg::KeyEdited(RSA_KEY.into())) else {
        unreachable!("a private key signs in the worker");
    };
    assert!(
        !format!("{first:?}").contains("MII"),
        "no key material in Debug"
    );
    // While the worker is on the first, edits are held, not queued: only the newest.
    assert_eq!(
        s.update(Msg::PayloadEdited("{\"sub\":\"second\"}".into())),
        None
    );
    assert_eq!(
        s.update(Msg::PayloadEdited("{\"sub\":\"third\"}".into())),
        None
    );
    assert_eq!(s.sign_in_flight, Some(first.job));
    let before = s.token.clone();
    // The first answer arrives: dropped (an older edit), and the newest goes out;
    // "second" is never signed.
    let next = in_worker(&mut s, Some(Effect::Sign(first.clone())));
    assert_eq!(s.token, before, "an answer for an older edit is dropped");
    let Some(Effect::Sign(third)) = next else {
        unreachable!("the held request goes out: {next:?}");
    };
    assert_eq!(
        third.job,
        first.job + 2,
        "the second edit's request was never sent"
    );
    // The newest: the token is signed, and verifies.
    assert_eq!(in_worker(&mut s, Some(Effect::Sign(third))), None);
    assert_ne!(s.token, before);
    assert!(s.payload_text.contains("third"));
    assert_eq!(s.sign_in_flight, None);
    assert_eq!(verdict(&s).0, "valid", "{:?}", s.sign_error);
    assert!(view_model(&s, &local)
        .sign_status
        .is_some_and(|l| l.class == "ok" && l.text.contains("Signed with RS256")));
    // A worker that fails, or answers with an error, leaves the last good token and says why.
    let good = s.token.clone();
    s.update(Msg::PayloadEdited("{\"sub\":\"later\"}".into()));
    s.update(Msg::WorkerTrouble(WorkerTrouble::FailedToStart(Some(
        "boom".into(),
    ))));
    assert_eq!(s.token, good);
    assert!(s
        .sign_error
        .as_ref()
        .is_some_and(|e| e.message.contains("boom")));
    let Some(Effect::Sign(job)) = s.update(Msg::PayloadEdited("{\"sub\":\"fourth\"}".into()))
    else {
        unreachable!("asks again");
    };
    s.update(Msg::SignedInWorker {
        job: job.job,
        reply: "not json".into(),
    });
    assert_eq!(s.token, good);
    assert_eq!(
        s.sign_error.as_ref().map(|e| e.location),
        Some(Location::Key)
    );
    // The worker's own exception (not a reply): the same, with its message, and the
    // next edit goes out (nothing stays held).
    let Some(Effect::Sign(job)) = s.update(Msg::PayloadEdited("{\"sub\":\"fifth\"}".into())) else {
        unreachable!("asks again");
    };
    s.update(Msg::SignFailedInWorker {
        job: job.job,
        message: "out of memory".into(),
    });
    assert_eq!(s.token, good);
    assert!(s
        .sign_error
        .as_ref()
        .is_some_and(|e| e.code == "ERR_SIGN" && e.message.contains("out of memory")));
    assert_eq!(s.sign_in_flight, None);
    assert!(matches!(
        s.update(Msg::PayloadEdited("{\"sub\":\"sixth\"}".into())),
        Some(Effect::Sign(_))
    ));
    // An HMAC secret still signs at once, in the page.
    assert_eq!(s.update(Msg::KeyEdited(SECRET.trim_end().into())), None);
    assert_eq!(verdict(&s).0, "valid");
}

#[test]
fn claim_helpers_set_claims_in_place_and_sign() {
    let mut s = with(HS256, SECRET);
    s.update(Msg::SignMode(true));
    s.update(Msg::PayloadEdited(
        r#"{"sub":"a","exp":1,"name":"b"}"#.into(),
    ));
    s.update(Msg::SetClaim(ClaimHelper::ExpIn(3600)));
    let claims: Value = serde_json::from_str(&s.payload_text).unwrap();
    assert_eq!(claims["exp"], NOW + 3600);
    let order: Vec<&str> = claims
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(order, ["sub", "exp", "name"], "member order kept");
    assert_eq!(
        verdict(&s),
        ("valid", "valid"),
        "signed again, and it verifies"
    );
    s.update(Msg::SetClaim(ClaimHelper::IatNow));
    s.update(Msg::SetClaim(ClaimHelper::NbfNow));
    s.update(Msg::SetClaim(ClaimHelper::Jti("r4nd0m".into())));
    let token_claims = s
        .decoded
        .payload
        .as_ref()
        .and_then(|p| p.json.clone())
        .unwrap();
    assert_eq!(token_claims["iat"], NOW);
    assert_eq!(token_claims["nbf"], NOW);
    assert_eq!(token_claims["jti"], "r4nd0m");
    // Already expired: the claims fail, the signature does not.
    s.update(Msg::SetClaim(ClaimHelper::ExpIn(-60)));
    assert_eq!(verdict(&s), ("valid", "invalid"));
    // A payload that does not read: nothing changes, and the notice says why.
    s.update(Msg::PayloadEdited("{\"sub\":".into()));
    let token = s.token.clone();
    s.update(Msg::SetClaim(ClaimHelper::IatNow));
    assert_eq!(s.payload_text, "{\"sub\":", "nothing typed is lost");
    assert_eq!(s.token, token);
    assert!(
        s.notice
            .as_deref()
            .unwrap_or("")
            .starts_with("Cannot set \"iat\""),
        "{:?}",
        s.notice
    );
}

#[test]
fn expected_iss_and_aud_are_checked_like_the_cli_flags() {
    // The fixture's claims: iss "https://issuer.example", aud "jwtscope-e2e".
    let mut s = with(HS256, SECRET);
    assert_eq!(verdict(&s), ("valid", "valid"));
    s.update(Msg::ExpectIss("https://other.example".into()));
    assert_eq!(
        verdict(&s),
        ("valid", "invalid"),
        "the signature stays valid"
    );
    let lines = view_model(&s, &local).verdict.claims_lines;
    assert!(
        lines.iter().any(|l| l.class == "error"
            && l.text
                .contains("expected \"iss\" \"https://other.example\"")
            && l.text.contains("https://issuer.example")),
        "{lines:?}"
    );
    s.update(Msg::ExpectIss(" https://issuer.example ".into()));
    assert_eq!(
        verdict(&s),
        ("valid", "valid"),
        "surrounding spaces are not part of it"
    );
    s.update(Msg::ExpectAud("someone-else".into()));
    assert_eq!(verdict(&s).1, "invalid");
    assert_eq!(
        s.verification.claims.errors.first().map(|e| e.code()),
        Some("ERR_JWT_CLAIM_MISMATCH")
    );
    s.update(Msg::ExpectAud("jwtscope-e2e".into()));
    assert_eq!(verdict(&s), ("valid", "valid"));
    // Emptied boxes expect nothing; the clock keeps the expectations.
    s.update(Msg::Tick(NOW + 1));
    assert_eq!(verdict(&s), ("valid", "valid"));
    s.update(Msg::ExpectIss(String::new()));
    s.update(Msg::ExpectAud(String::new()));
    assert!(s.verification.claims.expectations.is_empty());
}

#[test]
fn secret_generator_and_use_as_key() {
    let mut s = with(HS256, SECRET);
    s.update(Msg::SecretGenerated(
        Algorithm::HS512,
        Secret::new(vec![0xfb; 64]),
    ));
    let vm = view_model(&s, &local);
    assert!(vm.secret.ready);
    assert!(vm.secret.caption.contains("64 random bytes"));
    s.update(Msg::SecretFormatChosen(SecretFormat::Hex));
    assert_eq!(view_model(&s, &local).secret.value, "fb".repeat(64));
    s.update(Msg::UseSecretAsKey);
    assert_eq!(s.encoding, SecretEncoding::Hex);
    assert_eq!(s.alg, Algorithm::HS512);
    assert_eq!(s.key_text, "fb".repeat(64));
    assert_eq!(
        verdict(&s).0,
        "invalid",
        "an HS256 token against a pinned HS512"
    );
}

#[test]
fn key_pair_generator_flow() {
    let mut s = with(HS256, SECRET);
    assert_eq!(
        s.update(Msg::KeyPairRequested(KeyPairSpec::Ec(
            crate::jose::alg::Curve::P256
        ))),
        Some(Effect::GenerateKeyPair(KeyPairSpec::Ec(
            crate::jose::alg::Curve::P256
        )))
    );
    assert!(view_model(&s, &local).keypair.busy);
    assert_eq!(
        s.update(Msg::KeyPairRequested(KeyPairSpec::Rsa { bits: 4096 })),
        None,
        "one job at a time"
    );
    s.update(Msg::KeyPairFinished(Err("worker died".into())));
    assert_eq!(view_model(&s, &local).keypair.status.class, "error");
    s.update(Msg::KeyPairRequested(KeyPairSpec::Rsa { bits: 2048 }));
    s.update(Msg::KeyPairFinished(Ok(KeyPairOutput {
        kind: KeyPairSpec::Rsa { bits: 2048 },
        kid: String::new(),
        private_pem: RSA_KEY.into(),
        public_pem: RSA_PUB.into(),
        public_jwk: RSA_JWK.into(),
        private_jwk: String::new(),
    })));
    assert!(view_model(&s, &local).keypair.ready);
    let effect = s.update(Msg::UseKeyPairForSigning);
    assert_eq!(in_worker(&mut s, effect), None);
    assert!(s.sign_mode);
    assert_eq!(s.alg, Algorithm::RS256);
    assert_eq!(s.decoded.alg().ok(), Some(Algorithm::RS256));
    assert_eq!(verdict(&s).0, "valid", "{:?}", s.sign_error);
}

#[test]
fn algorithm_defaults_from_key_then_header() {
    let s = with(PS256, RSA_PUB);
    assert_eq!(
        (s.alg, s.alg_source),
        (Algorithm::PS256, Some(AlgSource::Header))
    );
    let s = with(ES256, EC_PUB);
    assert_eq!(
        (s.alg, s.alg_source),
        (Algorithm::ES256, Some(AlgSource::Key))
    );
    let s = with(HS256, "");
    assert_eq!(
        (s.alg, s.alg_source),
        (Algorithm::HS256, Some(AlgSource::Header))
    );
}

/// The page's static controls list exactly the engine's vocabularies, in order: the
/// HTML is the first paint, the engine is the one list.
#[test]
fn index_html_lists_the_engine_vocabularies() {
    const HTML: &str = include_str!("../../index.html");
    /// The `value="…"` of each `<option>` in the `<select id="{id}">`.
    fn options(id: &str) -> Vec<String> {
        let start = HTML.find(&format!("<select id=\"{id}\"")).unwrap_or(0);
        let body = &HTML[start..start + HTML[start..].find("</select>").unwrap_or(0)];
        values(body, "<option value=\"")
    }
    fn values(body: &str, marker: &str) -> Vec<String> {
        body.split(marker)
            .skip(1)
            .filter_map(|rest| rest.split('"').next())
            .map(str::to_string)
            .collect()
    }
    let names = |v: Vec<&str>| v.into_iter().map(str::to_string).collect::<Vec<_>>();
    assert_eq!(
        options("alg"),
        names(Algorithm::all().map(Algorithm::name).collect())
    );
    assert_eq!(
        options("secret-encoding"),
        names(SecretEncoding::ALL.map(SecretEncoding::name).to_vec())
    );
    assert_eq!(
        options("secret-format"),
        names(SecretFormat::ALL.map(SecretFormat::name).to_vec())
    );
    let start = HTML.find("id=\"generate-keypair\"").unwrap_or(0);
    let group = &HTML[start..start + HTML[start..].find("</div>").unwrap_or(0)];
    assert_eq!(
        values(group, "data-kind=\""),
        names(KeyPairSpec::ALL.map(KeyPairSpec::name).to_vec())
    );
    // Each vocabulary reads its own names back.
    for e in SecretEncoding::ALL {
        assert_eq!(e.name().parse::<SecretEncoding>().ok(), Some(e));
    }
    for f in SecretFormat::ALL {
        assert_eq!(f.name().parse::<SecretFormat>().ok(), Some(f));
    }
    for k in KeyPairSpec::ALL {
        assert_eq!(k.name().parse::<KeyPairSpec>().ok(), Some(k));
    }
}

/// Trust issue, item 1, in the page's state machine: an RSA public key pasted as its
/// bare base64 body (as Keycloak shows realm keys), an OpenSSH line or a bare JWK
/// array, with an HS256 token MAC'd with exactly that text. Before the fix the body
/// was an HMAC secret, HS256 was taken from the header and the forgery was "valid".
#[test]
fn public_key_text_is_never_an_hmac_secret_in_the_page() {
    use hmac::{KeyInit, Mac};
    let body: String = RSA_PUB
        .lines()
        .filter(|l| !l.starts_with("-----"))
        .collect();
    let ssh = include_str!("../../tests/e2e/fixtures/rsa.pub.ssh");
    let array = format!(
        "[{}]",
        include_str!("../../tests/e2e/fixtures/rsa.jwk.json").trim()
    );
    for key in [body.as_str(), ssh.trim(), array.as_str()] {
        let input = format!(
            "{}.{}",
            crate::jose::b64::encode(br#"{"alg":"HS256","typ":"JWT"}"#),
            crate::jose::b64::encode(br#"{"sub":"attacker","admin":true}"#)
        );
        let Ok(mut mac) = hmac::Hmac::<sha2::Sha256>::new_from_slice(key.as_bytes()) else {
            unreachable!("HMAC takes keys of any length")
        };
        mac.update(input.as_bytes());
        let forged = format!(
            "{input}.{}",
            crate::jose::b64::encode(&mac.finalize().into_bytes())
        );
        // The key is read as the RSA key it is, and verifies its own token.
        let s = with(RS256, key);
        assert_eq!(verdict(&s).0, "valid", "{key}");
        // The forgery: left to the page's default algorithm, and with HS256 pinned.
        let mut s = with(&forged, key);
        assert_eq!(verdict(&s).0, "invalid", "{key}");
        let detail = view_model(&s, &local).verdict.signature_detail;
        assert!(detail.contains("algorithm confusion"), "{detail}");
        s.update(Msg::AlgChosen(Algorithm::HS256));
        assert_eq!(verdict(&s).0, "invalid", "{key}");
        let detail = view_model(&s, &local).verdict.signature_detail;
        assert!(detail.contains("algorithm confusion"), "{detail}");
        for encoding in [
            SecretEncoding::Base64,
            SecretEncoding::Base64Url,
            SecretEncoding::Hex,
        ] {
            // Re-reading the key drops the HS256 pin (it does not fit an RSA key): the
            // rule refuses the header's HS256 for it, a mismatch naming the forgery.
            s.update(Msg::EncodingChosen(encoding));
            assert_eq!(
                signature(&s),
                ("invalid", Some("ERR_ALG_MISMATCH")),
                "{key} as {encoding:?}"
            );
            let detail = view_model(&s, &local).verdict.signature_detail;
            assert!(detail.contains("algorithm confusion"), "{detail}");
            // Pinned again, it is confusion itself.
            s.update(Msg::AlgChosen(Algorithm::HS256));
            assert_eq!(
                signature(&s),
                ("invalid", Some("ERR_ALG_CONFUSION")),
                "{key} as {encoding:?}, HS256 pinned"
            );
        }
    }
}

/// An HS256 token over raw payload bytes, signed with the fixture secret.
fn hs256_raw(header: &str, payload: &str, encode: bool) -> String {
    let payload = if encode {
        b64::encode(payload.as_bytes())
    } else {
        payload.to_string()
    };
    crate::jose::key::parse_key(SECRET.trim_end_matches('\n'), SecretEncoding::Utf8)
        .ok()
        .and_then(|keys| {
            let header = b64::encode(header.as_bytes());
            crate::jose::sign::sign_parts(&header, &payload, Algorithm::HS256, &keys.keys[0]).ok()
        })
        .unwrap_or_default()
}

#[test]
fn claims_that_cannot_be_read_or_are_not_a_jwt_are_never_valid() {
    let hs = r#"{"alg":"HS256"}"#;
    // Expired, behind a trailing comma: the signature checks, the claims do not read.
    let s = with(
        &hs256_raw(hs, &format!(r#"{{"exp":{},}}"#, NOW - 60), true),
        SECRET,
    );
    assert_eq!(verdict(&s), ("valid", "unreadable"));
    assert!(!s.verification.is_valid());
    let v = view_model(&s, &local).verdict;
    assert_eq!(
        v.claims_title,
        "Claims could not be read: the token is not valid"
    );
    assert!(
        v.claims_lines[0]
            .text
            .starts_with("The claims cannot be read: the payload is not valid JSON"),
        "{:?}",
        v.claims_lines
    );
    // b64: false (RFC 7797 §7 forbids it in a JWT): not a JWT, whatever it holds.
    let b64_false = r#"{"alg":"HS256","b64":false,"crit":["b64"]}"#;
    let dup = format!(r#"{{"exp":{},"exp":{}}}"#, NOW - 60, NOW + 60);
    for payload in [dup.as_str(), r#"{"sub":"admin"}"#] {
        let s = with(&hs256_raw(b64_false, payload, false), SECRET);
        assert_eq!(verdict(&s), ("valid", "not_jwt"), "{payload}");
    }
    // Text and arrays are JWS payloads, not JWTs.
    for payload in ["It is a dangerous business, Frodo", "[1,2,3]"] {
        let s = with(&hs256_raw(hs, payload, true), SECRET);
        assert_eq!(verdict(&s), ("valid", "not_jwt"), "{payload}");
        let v = view_model(&s, &local).verdict;
        assert_eq!(v.signature_title, "Signature valid");
        assert_eq!(v.claims_title, "Not a JWT");
        assert!(v.claims_lines[0]
            .text
            .starts_with("Not a JWT: the payload is"));
    }
    // A leeway or another as-of time recheck the claims without reading them back in.
    let mut s = with(&hs256_raw(hs, "[1]", true), SECRET);
    s.update(Msg::Leeway(60));
    s.update(Msg::AsOf(Some(0)));
    assert_eq!(verdict(&s), ("valid", "not_jwt"));
}

#[test]
fn far_and_fractional_times_are_shown_without_garbage() {
    let hs = r#"{"alg":"HS256"}"#;
    let payload = r#"{"exp":-9223372036854775808,"nbf":-1e300,"iat":1e300,"auth_time":-1e19}"#;
    let s = with(&hs256_raw(hs, payload, true), SECRET);
    let vm = view_model(&s, &local);
    assert_eq!(vm.payload.members.len(), 4);
    for m in &vm.payload.members {
        let t = m.time.clone().map(|t| (t.utc, t.relative, t.local));
        let far = (
            "out of range".to_string(),
            "out of range".to_string(),
            String::new(),
        );
        assert_eq!(t, Some(far), "{}", m.name);
    }
    assert_eq!(vm.verdict.claims, "invalid");
    // nbf 0.9 s ahead is not yet valid now; exp 0.5 s ahead has expired (its whole
    // seconds are now, as PyJWT compares them).
    let payload = format!(r#"{{"nbf":{NOW}.9,"exp":{NOW}.5}}"#);
    let s = with(&hs256_raw(hs, &payload, true), SECRET);
    let vm = view_model(&s, &local);
    assert_eq!(vm.verdict.claims, "invalid");
    let exp = vm.payload.members.iter().find(|m| m.name == "exp");
    let exp = exp
        .and_then(|m| m.time.clone())
        .map(|t| (t.relative, t.state));
    assert_eq!(exp, Some(("expired now".to_string(), "expired")));
    let nbf = vm.payload.members.iter().find(|m| m.name == "nbf");
    assert_eq!(
        nbf.and_then(|m| m.time.clone()).map(|t| t.state),
        Some("not_yet_valid")
    );
}

#[test]
fn the_network_counter_counts_and_says_so() {
    let mut s = fresh();
    let net = view_model(&s, &local).network;
    assert_eq!(
        (net.count, net.text.as_str(), net.class),
        (0, "0 network requests since load", "net ok")
    );
    s.update(Msg::RequestsSeen(1));
    let net = view_model(&s, &local).network;
    assert_eq!(
        (net.count, net.text.as_str(), net.class),
        (1, "1 network request since load", "net alarm")
    );
    s.update(Msg::RequestsSeen(0));
    s.update(Msg::RequestsSeen(41));
    let net = view_model(&s, &local).network;
    assert_eq!(
        (net.count, net.text.as_str(), net.class),
        (42, "42 network requests since load", "net alarm")
    );
    s.update(Msg::RequestsSeen(u32::MAX));
    assert_eq!(view_model(&s, &local).network.count, u32::MAX, "saturates");
}

#[test]
fn copy_is_an_effect_and_its_answer_sets_the_status() {
    let mut s = with(HS256, SECRET);
    assert_eq!(view_model(&s, &local).copy_status, "");
    // Every id a copy button names in index.html is a target, and back.
    let index = include_str!("../../index.html");
    let ids: Vec<&str> = index
        .split("data-copy=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .collect();
    assert_eq!(ids.len(), Copyable::ALL.len(), "{ids:?}");
    for id in &ids {
        assert_eq!(Copyable::from_id(id).map(Copyable::id), Some(*id));
    }
    assert_eq!(Copyable::from_id("verdict"), None);

    let effect = s.update(Msg::CopyRequested(Copyable::Token));
    assert_eq!(
        effect,
        Some(Effect::Copy {
            what: Copyable::Token,
            text: HS256.trim().to_string()
        })
    );
    assert_eq!(
        s.update(Msg::CopyRequested(Copyable::Key)),
        Some(Effect::Copy {
            what: Copyable::Key,
            text: SECRET.trim_end_matches('\n').to_string()
        })
    );
    // Its Debug never shows the text (keys and secrets are copied).
    let shown = format!("{:?}", s.update(Msg::CopyRequested(Copyable::Key)));
    assert!(!shown.contains(SECRET.trim()), "{shown}");
    // Nothing generated yet: the pair's fields copy as empty text.
    assert_eq!(
        s.update(Msg::CopyRequested(Copyable::PrivatePem)),
        Some(Effect::Copy {
            what: Copyable::PrivatePem,
            text: String::new()
        })
    );

    s.update(Msg::Copied(Copyable::Token, Ok(())));
    assert_eq!(view_model(&s, &local).copy_status, "Copied the token.");
    s.update(Msg::Copied(
        Copyable::PublicPem,
        Err("NotAllowedError: denied".into()),
    ));
    assert_eq!(
        view_model(&s, &local).copy_status,
        "Could not copy the public key (SPKI PEM): NotAllowedError: denied"
    );

    s.update(Msg::SecretGenerated(
        Algorithm::HS256,
        Secret::new(vec![0xfb; 32]),
    ));
    s.update(Msg::SecretFormatChosen(SecretFormat::Hex));
    assert_eq!(
        s.update(Msg::CopyRequested(Copyable::Secret)),
        Some(Effect::Copy {
            what: Copyable::Secret,
            text: "fb".repeat(32)
        })
    );
}

#[test]
fn a_roca_key_is_refused_as_weak_in_the_key_pane() {
    // Project Wycheproof's published ROCA key (tests/vectors/PROVENANCE.md).
    let file: Value = serde_json::from_str(include_str!(
        "../../tests/vectors/wycheproof/json_web_key_test.json"
    ))
    .unwrap_or(Value::Null);
    let group = file["testGroups"]
        .as_array()
        .and_then(|groups| groups.iter().find(|g| g["comment"] == "jws_rsa_roca_key"));
    assert!(group.is_some(), "the ROCA group of the vector file");
    let jwk = group
        .map(|g| g["public"]["keys"][0].to_string())
        .unwrap_or_default();
    let s = with(RS256, &jwk);
    let KeyState::Failed(e) = &s.keys else {
        unreachable!("a ROCA key must not parse: {:?}", s.keys)
    };
    assert_eq!(e.code(), "ERR_KEY_WEAK");
    let vm = view_model(&s, &local);
    assert_eq!(vm.key.kind.class, "error");
    assert!(vm.key.kind.text.contains("ROCA"), "{}", vm.key.kind.text);
    assert_eq!(signature(&s), ("unchecked", Some("ERR_KEY_WEAK")));
}

/// What the web layer reports as events, the state machine words: the worker that
/// could not start, the random source that failed, the segment tooltips.
#[test]
fn the_web_layer_reports_and_the_state_machine_words() {
    let mut s = with(HS256, SECRET);
    s.update(Msg::KeyPairRequested(KeyPairSpec::Ed25519));
    s.update(Msg::WorkerTrouble(WorkerTrouble::NotStarted));
    let vm = view_model(&s, &local);
    assert_eq!(vm.keypair.status.class, "error");
    assert!(
        vm.keypair.status.text.contains("could not start one"),
        "{}",
        vm.keypair.status.text
    );
    s.update(Msg::WorkerTrouble(WorkerTrouble::FailedToStart(Some(
        "CompileError: out of memory".into(),
    ))));
    assert!(view_model(&s, &local)
        .keypair
        .status
        .text
        .contains("CompileError: out of memory"));
    s.update(Msg::WorkerTrouble(WorkerTrouble::FailedToStart(None)));
    assert!(view_model(&s, &local)
        .keypair
        .status
        .text
        .contains("the worker failed to start"));
    s.update(Msg::RandomFailed(crate::jose::error::Error::new(
        crate::jose::error::ErrorKind::Random,
        "getRandomValues threw",
    )));
    assert_eq!(
        s.notice.as_deref(),
        Some("No secret: getRandomValues threw")
    );
}

/// The verdict pane explains: the issue's case (a base64 secret pasted with the
/// encoding left at UTF-8) names the encoding; choosing it verifies and the
/// explanation goes away.
#[test]
fn the_verdict_pane_explains_why() {
    let secret: Vec<u8> = (0u8..32)
        .map(|i| i.wrapping_mul(37).wrapping_add(11))
        .collect();
    let mut s = State::new(NOW, Secret::new(secret.clone()));
    // The example token is signed with this secret; paste it as standard base64.
    s.update(Msg::EncodingChosen(SecretEncoding::Utf8));
    let text = crate::jose::b64::encode_standard(&secret);
    s.update(Msg::KeyEdited(text));
    assert_eq!(verdict(&s).0, "invalid");
    let vm = view_model(&s, &local);
    let codes: Vec<&str> = vm.verdict.explanation.iter().map(|i| i.code).collect();
    assert_eq!(codes, ["EXPLAIN_SECRET_ENCODING"]);
    assert!(
        vm.verdict.explanation[0].fix.contains("base64"),
        "{:?}",
        vm.verdict.explanation
    );
    s.update(Msg::EncodingChosen(SecretEncoding::Base64));
    assert_eq!(verdict(&s).0, "valid");
    assert!(view_model(&s, &local).verdict.explanation.is_empty());
    // Another key: nothing verifies, and the page says what was tried.
    s.update(Msg::KeyEdited("bm90IHRoZSBzZWNyZXQ=".into()));
    let codes: Vec<&str> = view_model(&s, &local)
        .verdict
        .explanation
        .iter()
        .map(|i| i.code)
        .collect();
    assert_eq!(codes, ["EXPLAIN_NO_MATCH"]);
}

/// The review pane's codes and severities, in order (most severe first).
fn review(s: &State) -> Vec<(&'static str, &'static str)> {
    view_model(s, &local)
        .review
        .findings
        .iter()
        .map(|f| (f.code, f.severity))
        .collect()
}

/// Issue 10's page half of `jwtscope audit`: the review pane shows the engine's
/// findings, with severity as text, the fix and the section.
#[test]
fn the_review_pane_shows_the_audit_findings() {
    let hs = r#"{"alg":"HS256","typ":"JWT"}"#;
    // No exp: a warning, with its fix and section.
    let s = with(
        &hs256_raw(hs, &format!(r#"{{"sub":"a","aud":"b","iat":{NOW}}}"#), true),
        SECRET,
    );
    assert_eq!(
        verdict(&s),
        ("valid", "valid"),
        "valid, and still a finding"
    );
    assert_eq!(review(&s), [("AUDIT_NO_EXP", "warning")]);
    let r = view_model(&s, &local).review;
    let item = &r.findings[0];
    assert_eq!(item.severity_label, "Warning");
    assert!(item.message.starts_with("No \"exp\""), "{item:?}");
    assert!(item.fix.starts_with("Fix: give tokens"), "{item:?}");
    assert_eq!(item.spec, "RFC 8725 §3.10, RFC 7519 §4.1.4");
    assert_eq!(r.summary, "1 finding: 1 warning.");

    // alg none: danger, first, whatever else is found.
    let s = with(NONE, SECRET);
    let found = review(&s);
    assert_eq!(
        found.first(),
        Some(&("AUDIT_ALG_NONE", "danger")),
        "{found:?}"
    );
    assert_eq!(
        view_model(&s, &local).review.findings[0].severity_label,
        "Danger"
    );

    // Key URLs in the header: one finding per URL.
    let s = with(HS256_JKU, SECRET);
    let urls = review(&s)
        .into_iter()
        .filter(|f| *f == ("AUDIT_KEY_URL", "warning"))
        .count();
    assert_eq!(urls, 2, "{:?}", review(&s));

    // The example token (typ JWT, 15 minutes, a 32-byte random secret): nothing
    // that needs fixing, only the missing aud as information.
    let s = fresh();
    assert_eq!(review(&s), [("AUDIT_NO_AUD", "info")]);
    let r = view_model(&s, &local).review;
    assert_eq!(r.summary, "1 finding: 1 info.");
    // With an aud: no findings at all, and the pane says so.
    let s = with(
        &hs256_raw(
            hs,
            &format!(r#"{{"aud":"b","iat":{NOW},"exp":{}}}"#, NOW + 600),
            true,
        ),
        SECRET,
    );
    let r = view_model(&s, &local).review;
    assert_eq!((r.findings.len(), r.summary.as_str()), (0, ""));
    assert!(r.empty.starts_with("No findings"), "{r:?}");
    // Nothing to review without a header.
    let s = with("garbage", SECRET);
    assert!(view_model(&s, &local)
        .review
        .empty
        .starts_with("Nothing to review"));
}

/// The secret findings come from the key verification uses: the example's secret
/// replaced by a short one (sign mode re-signs with it), and in a JWKS the key the
/// token's kid selects, not the first of the set.
#[test]
fn the_review_reviews_the_key_verification_chose() {
    let mut s = fresh();
    s.update(Msg::SignMode(true));
    s.update(Msg::EncodingChosen(SecretEncoding::Utf8));
    s.update(Msg::KeyEdited("short-secret".into()));
    assert_eq!(verdict(&s).0, "valid");
    let found = review(&s);
    assert!(
        found.contains(&("AUDIT_SECRET_SHORT", "warning")),
        "{found:?}"
    );
    // A well-known secret is a danger.
    s.update(Msg::KeyEdited("secret".into()));
    assert_eq!(review(&s).first(), Some(&("AUDIT_SECRET_KNOWN", "danger")));

    let long = b64::encode(SECRET.trim_end_matches('\n').as_bytes());
    let short = b64::encode(b"short-secret");
    let jwks = format!(
        r#"{{"keys":[{{"kty":"oct","kid":"weak","k":"{short}"}},{{"kty":"oct","kid":"strong","k":"{long}"}}]}}"#
    );
    let token = |kid: &str| {
        hs256_raw(
            &format!(r#"{{"alg":"HS256","typ":"JWT","kid":"{kid}"}}"#),
            &format!(r#"{{"aud":"b","iat":{NOW},"exp":{}}}"#, NOW + 600),
            true,
        )
    };
    let s = with(&token("strong"), &jwks);
    assert_eq!(verdict(&s).0, "valid");
    assert_eq!(review(&s), [], "the strong key of the set verifies");
    let s = with(&token("weak"), &jwks);
    assert_eq!(
        s.verification.key_used.as_ref().map(|k| k.index),
        Some(0),
        "the kid selects the weak key"
    );
    assert!(review(&s).contains(&("AUDIT_SECRET_SHORT", "warning")));
    // No key: nothing about a secret.
    let s = with(&token("weak"), "");
    assert_eq!(review(&s), []);
}

/// The review runs at the page's claims time: an iat in the future stops being one
/// as the clock moves, and a pinned as-of time holds it.
#[test]
fn the_review_follows_the_clock_and_the_as_of_time() {
    let iat = NOW + 600;
    let token = hs256_raw(
        r#"{"alg":"HS256","typ":"JWT"}"#,
        &format!(r#"{{"aud":"b","iat":{iat},"exp":{}}}"#, iat + 600),
        true,
    );
    let mut s = with(&token, SECRET);
    assert_eq!(review(&s), [("AUDIT_IAT_FUTURE", "warning")]);
    s.update(Msg::Tick(iat));
    assert_eq!(review(&s), []);
    s.update(Msg::AsOf(Some(NOW)));
    assert_eq!(review(&s), [("AUDIT_IAT_FUTURE", "warning")]);
    s.update(Msg::Tick(iat + 60));
    assert_eq!(
        review(&s),
        [("AUDIT_IAT_FUTURE", "warning")],
        "ticks do not move a pinned as-of time"
    );
    s.update(Msg::AsOf(None));
    assert_eq!(review(&s), []);
}

// ---- adversarial review (adv-review) -------------------------------------

/// A second RSA private key (the 4096-bit e2e fixture).
const RSA4096_KEY: &str = include_str!("../../tests/e2e/fixtures/rsa4096.key.pem");

/// While the worker signs with a NEW key, the verdict pane must not keep saying the
/// (old) token is valid: the key box now holds a key that did not sign it.
#[test]
fn adv_verdict_while_a_new_key_signs_in_the_worker() {
    let mut s = with(HS256, SECRET);
    s.update(Msg::SignMode(true));
    let e = s.update(Msg::KeyEdited(RSA_KEY.into()));
    in_worker(&mut s, e);
    assert_eq!(verdict(&s).0, "valid");
    let signed_by_a = s.token.clone();
    // Key B pasted: the worker has not answered yet.
    let pending = s.update(Msg::KeyEdited(RSA4096_KEY.into()));
    assert!(matches!(pending, Some(Effect::Sign(_))));
    assert_eq!(
        s.token, signed_by_a,
        "the token is still the one key A signed"
    );
    // Does the token signed by A verify with key B? It must not be shown as valid.
    let vm = view_model(&s, &local);
    assert_ne!(
        vm.verdict.signature, "valid",
        "token signed by key A shown as valid while the key box holds key B (sign_key: {:?})",
        s.sign_key
    );
}

/// The user pastes a token while a private-key signature is pending (sign mode on):
/// the worker's late answer must not replace the pasted token.
#[test]
fn adv_pasted_token_is_not_overwritten_by_a_late_worker_answer() {
    let mut s = with(HS256, SECRET);
    s.update(Msg::SignMode(true));
    let e = s.update(Msg::KeyEdited(RSA_KEY.into()));
    in_worker(&mut s, e);
    let late = s.update(Msg::PayloadEdited("{\"sub\":\"late\"}".into()));
    s.update(Msg::TokenEdited(RS256.trim().into()));
    assert_eq!(s.token, RS256.trim());
    in_worker(&mut s, late);
    assert_eq!(
        s.token,
        RS256.trim(),
        "the worker's answer for an edit made before the paste replaced the pasted token"
    );
}

/// Sign mode off while pending, a new token pasted, sign mode on again: the old
/// request's late answer must not be attached.
#[test]
fn adv_sign_mode_off_and_on_keeps_a_stale_plan() {
    let mut s = with(HS256, SECRET);
    s.update(Msg::SignMode(true));
    let e = s.update(Msg::KeyEdited(RSA_KEY.into()));
    in_worker(&mut s, e);
    let late = s.update(Msg::PayloadEdited("{\"sub\":\"late\"}".into()));
    s.update(Msg::SignMode(false));
    s.update(Msg::TokenEdited(RS256.trim().into()));
    s.update(Msg::SignMode(true));
    assert_eq!(s.token, RS256.trim());
    in_worker(&mut s, late);
    assert_eq!(
        s.token,
        RS256.trim(),
        "a plan made before sign mode was switched off was applied after it came back on"
    );
}

/// The page's review and `jwtscope audit` (commands/audit.rs: policy::select_key by
/// the header's alg and kid) must review with the same key. A token verification
/// refuses before choosing a key (here a duplicate header member, or `crit`) signed
/// with the well-known secret "secret".
#[test]
fn adv_review_and_cli_audit_pick_the_same_key() {
    use crate::jose::diagnose::{audit, AuditOptions};
    use crate::jose::key::{parse_key, KeyOp};
    use crate::jose::policy;
    for header in [
        r#"{"alg":"HS256","typ":"JWT","typ":"JWT"}"#,
        r#"{"alg":"HS256","crit":["exp"],"exp":1}"#,
    ] {
        let keys = parse_key("secret", SecretEncoding::Utf8).unwrap();
        let h = b64::encode(header.as_bytes());
        let p = b64::encode(format!(r#"{{"aud":"b","iat":{NOW},"exp":{}}}"#, NOW + 600).as_bytes());
        let token = crate::jose::sign::sign_parts(&h, &p, Algorithm::HS256, &keys.keys[0]).unwrap();
        let s = with(&token, "secret");
        let page: Vec<_> = s.audit.iter().map(|f| f.code).collect();
        // What `jwtscope audit --secret secret` does (by hand, not through audit_key).
        let d = crate::jose::decode::decode_unverified(&token);
        let key = policy::select_key(&keys, d.alg().unwrap(), d.header_str("kid"), KeyOp::Verify)
            .ok()
            .map(|sel| sel.key);
        assert!(
            page.contains(&crate::jose::diagnose::AuditCode::SecretKnown),
            "{header}: {page:?}"
        );
        let opts = AuditOptions {
            now: NOW,
            ..AuditOptions::default()
        };
        let cli: Vec<_> = audit(&d, key, &opts).iter().map(|f| f.code).collect();
        assert_eq!(page, cli, "{header}");
    }
}
