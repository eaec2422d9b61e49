//! The page's own files: what the service worker keeps for offline use (`www/sw.js`)
//! and the only requests the network counter does not count as network requests.

/// The page's own files, as names relative to the page's directory: what the service
/// worker keeps (every one but `sw.js`, the worker itself, which the browser keeps)
/// and the only requests the page may make after it loaded without being counted as
/// "network requests" ([`crate::app::Msg::OwnFilesSeen`]). `""` is the directory
/// itself (the page at `…/tools/jwt/`). The build (`scripts/offline-files.mjs`, a
/// Trunk hook) reads this list and fails when `dist/` holds any other file or lacks
/// one of these.
pub const OWN_FILES: &[&str] = &[
    "",
    "index.html",
    "boot.js",
    "jwtscope.js",
    "jwtscope_bg.wasm",
    "style.css",
    "worker.js",
    "jwtscope-worker.js",
    "jwtscope-worker_bg.wasm",
    "offline.js",
    "manifest.webmanifest",
    "icon.svg",
    "sw.js",
];

/// Where a URL's query or fragment starts (its length when it has neither).
fn bare_len(url: &str) -> usize {
    url.bytes()
        .position(|b| b == b'?' || b == b'#')
        .unwrap_or(url.len())
}

/// The directory of a page at `url`: up to and including the last `/` before any
/// query or fragment (empty when there is none).
pub fn directory(url: &str) -> &str {
    let bare = &url[..bare_len(url)];
    bare.bytes()
        .rposition(|b| b == b'/')
        .map_or("", |i| &bare[..=i])
}

/// Whether `url` (a request the page saw) is one of the page's own files, for a page
/// whose directory is `base` ([`directory`]). A query or fragment on `url` is
/// ignored; anything outside `base` (another origin, a parent or child directory)
/// is not the page's own.
pub fn is_own_file(base: &str, url: &str) -> bool {
    base.ends_with('/')
        && url[..bare_len(url)]
            .strip_prefix(base)
            .is_some_and(|name| OWN_FILES.contains(&name))
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = "https://example.com/tools/jwt/";

    #[test]
    fn the_page_own_files_are_those_in_its_directory_and_the_list() {
        for name in OWN_FILES {
            assert!(is_own_file(BASE, &format!("{BASE}{name}")), "{name}");
        }
        assert!(is_own_file(BASE, &format!("{BASE}index.html?v=2#token=x")));
        for other in [
            "https://example.com/tools/jwt/secrets.json",
            "https://example.com/tools/jwt/sub/index.html",
            "https://example.com/tools/boot.js",
            "https://example.com/tools/jwt",
            "https://evil.example/tools/jwt/boot.js",
            "https://example.com.evil.example/tools/jwt/boot.js",
            "http://example.com/tools/jwt/boot.js",
            "data:text/plain,x",
            "",
        ] {
            assert!(!is_own_file(BASE, other), "{other}");
        }
        assert!(!is_own_file("", "boot.js"), "no base, nothing is own");
        assert!(!is_own_file(
            "https://example.com/tools/jwt/index.html",
            BASE
        ));
    }

    #[test]
    fn a_page_directory_ends_at_its_last_slash_before_query_and_fragment() {
        assert_eq!(directory("https://example.com/tools/jwt/"), BASE);
        assert_eq!(
            directory("https://example.com/tools/jwt/index.html?a=/b#c/d"),
            BASE
        );
        assert_eq!(
            directory("https://example.com/tools/jwt#/x/"),
            "https://example.com/tools/"
        );
        assert_eq!(
            directory("file:///home/me/jwtscope.html"),
            "file:///home/me/"
        );
        assert_eq!(directory("about:blank"), "");
    }

    fn state() -> crate::app::State {
        let secret = crate::jose::key::Secret::new(b"offline tests: a 32-byte secret!".to_vec());
        crate::app::State::new(1_700_000_000, secret)
    }

    #[test]
    fn the_counter_says_the_page_own_files_apart_and_only_others_alarm() {
        use crate::app::{view_model, Msg};
        let local = |t: i64| t.to_string();
        let mut s = state();
        s.update(Msg::OwnFilesSeen(2));
        let net = view_model(&s, &local).network;
        assert_eq!(
            (net.count, net.own, net.text.as_str(), net.class),
            (
                0,
                2,
                "0 network requests since load (and 2 of the page's own files)",
                "net ok"
            )
        );
        s.update(Msg::RequestsSeen(1));
        s.update(Msg::OwnFilesSeen(u32::MAX));
        let net = view_model(&s, &local).network;
        assert_eq!(
            (net.count, net.own, net.class),
            (1, u32::MAX, "net alarm"),
            "another request alarms; own files saturate"
        );
        assert!(net.text.starts_with("1 network request since load (and "));
    }
}
