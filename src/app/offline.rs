//! The page's own files: what the service worker keeps for offline use (`www/sw.js`)
//! and the only requests the network counter does not count as network requests.

/// How many lowercase hex digits stand for `#` in a name of [`OWN_FILES`]: the first
/// of the file's SHA-256 (48 bits), written by the build (`scripts/hash-names.mjs`).
pub const HASH_DIGITS: usize = 12;

/// The page's own files, as names relative to the page's directory: what the service
/// worker keeps (every one but `sw.js`, the worker itself, which the browser keeps)
/// and the only requests the page may make after it loaded without being counted as
/// "network requests" ([`crate::app::Msg::OwnFilesSeen`]). `""` is the directory
/// itself (the page at `…/tools/jwt/`). A `#` is the file's content hash
/// ([`HASH_DIGITS`]): every file another one names carries it, so a release never
/// reuses a name and servers may mark those names immutable; the page's URL
/// (`index.html`), the service worker's (which must not change) and the manifest and
/// its icon (read by the browser outside the page, off its first load) keep theirs.
/// The build (`scripts/hash-names.mjs` then `scripts/offline-files.mjs`, a Trunk
/// hook) names the files so and fails when `dist/` holds any other file, lacks one of
/// these, or holds a hash that is not its content's.
pub const OWN_FILES: &[&str] = &[
    "",
    "index.html",
    "boot-#.js",
    "jwtscope-#.js",
    "jwtscope_bg-#.wasm",
    "jwtscope_later-#.wasm",
    "style-#.css",
    "worker-#.js",
    "jwtscope-worker-#.js",
    "jwtscope-worker_bg-#.wasm",
    "offline-#.js",
    "manifest.webmanifest",
    "icon.svg",
    "sw.js",
];

/// Whether `name` is written as `pattern` (a name of [`OWN_FILES`]): the same, with
/// [`HASH_DIGITS`] lowercase hex digits where the pattern has `#`. (A byte loop: the
/// page's module holds it, and slicing at the `#` weighed twice as much there.)
pub fn is_named(pattern: &str, name: &str) -> bool {
    let mut rest = name.bytes();
    for p in pattern.bytes() {
        if p == b'#' {
            for _ in 0..HASH_DIGITS {
                if !matches!(rest.next(), Some(b'0'..=b'9' | b'a'..=b'f')) {
                    return false;
                }
            }
        } else if rest.next() != Some(p) {
            return false;
        }
    }
    rest.next().is_none()
}

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
/// is not the page's own. Any well-formed hash will do: the page cannot know its own
/// files' hashes (its module would have to hold its own), so another release's file
/// of the same directory counts as the page's own, which the counter says apart.
pub fn is_own_file(base: &str, url: &str) -> bool {
    base.ends_with('/')
        && url[..bare_len(url)]
            .strip_prefix(base)
            .is_some_and(|name| OWN_FILES.iter().any(|p| is_named(p, name)))
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = "https://example.com/tools/jwt/";

    const HASH: &str = "0123456789ab";

    /// A name of [`OWN_FILES`] as the build writes it (`#`: [`HASH`]).
    fn built(pattern: &str) -> String {
        pattern.replace('#', HASH)
    }

    #[test]
    fn the_page_own_files_are_those_in_its_directory_and_the_list() {
        for pattern in OWN_FILES {
            assert!(
                is_own_file(BASE, &format!("{BASE}{}", built(pattern))),
                "{pattern}"
            );
        }
        assert!(is_own_file(BASE, &format!("{BASE}index.html?v=2#token=x")));
        assert!(is_own_file(
            BASE,
            &format!("{BASE}jwtscope_bg-fedcba987654.wasm?x#y")
        ));
        for other in [
            "https://example.com/tools/jwt/secrets.json",
            "https://example.com/tools/jwt/sub/index.html",
            "https://example.com/tools/boot-0123456789ab.js",
            "https://example.com/tools/jwt",
            "https://evil.example/tools/jwt/boot-0123456789ab.js",
            "https://example.com.evil.example/tools/jwt/boot-0123456789ab.js",
            "http://example.com/tools/jwt/boot-0123456789ab.js",
            "https://example.com/tools/jwt/sub/boot-0123456789ab.js",
            "https://example.com/tools/jwt/index-0123456789ab.html",
            "https://example.com/tools/jwt/sw-0123456789ab.js",
            "data:text/plain,x",
            "",
        ] {
            assert!(!is_own_file(BASE, other), "{other}");
        }
        assert!(
            !is_own_file("", "boot-0123456789ab.js"),
            "no base, nothing is own"
        );
        assert!(!is_own_file(
            "https://example.com/tools/jwt/index.html",
            BASE
        ));
    }

    #[test]
    fn a_hashed_name_needs_its_hash_in_full_and_lowercase() {
        for name in [
            "boot.js",
            "boot-.js",
            "boot-#.js",
            "boot-0123456789a.js",
            "boot-0123456789ab0.js",
            "boot-0123456789AB.js",
            "boot-0123456789ag.js",
            "boot_0123456789ab.js",
            "boot-0123456789ab.js.map",
            "boot-0123456789ab.wasm",
            "xboot-0123456789ab.js",
            "jwtscope-0123456789ab_bg.wasm",
            "boot-0123456789é.js",
        ] {
            assert!(!is_own_file(BASE, &format!("{BASE}{name}")), "{name}");
        }
        assert!(is_named("boot-#.js", "boot-999999999999.js"));
        assert!(is_named("sw.js", "sw.js"));
        assert!(!is_named("sw.js", "sw-0123456789ab.js"));
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
