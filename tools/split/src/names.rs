//! Function names as the keep list holds them: the `name` section's demangled Rust
//! path without the hashes that change from build to build: Rust's (`::h` and 16 hex
//! digits, wherever it stands), the crates' disambiguators (`alloc[3ca5…]::…`),
//! wasm-bindgen's import hashes (`__wbg_new_cd43…`) and wasm-opt's `[n]` for the
//! n-th copy of a function. So the list survives rebuilds in which only those change.

use std::collections::HashSet;

/// Whether `s` starts with `len` lowercase hex digits and then no further
/// letter or digit.
fn hex_word(s: &str, len: usize) -> bool {
    s.len() >= len
        && s.as_bytes()[..len]
            .iter()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(b))
        && !s.as_bytes().get(len).is_some_and(u8::is_ascii_alphanumeric)
}

/// The length of a crate disambiguator at the start of `s` (what follows its `[`):
/// 12 to 16 hex digits, then `]`. v0 names print it without leading zeros
/// (`itoa[d2f0633fdb8c71f]`); fewer than 12 digits would be one chance in 16⁵.
fn disambiguator(s: &str) -> Option<usize> {
    let len = s.bytes().take_while(u8::is_ascii_hexdigit).count();
    let lower = s.bytes().take(len).all(|b| !b.is_ascii_uppercase());
    ((12..=16).contains(&len) && lower && s[len..].starts_with(']')).then_some(len)
}

/// The name without its hashes (see the module's documentation).
pub fn normal(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut rest = name;
    while let Some(c) = rest.chars().next() {
        if let Some(after) = rest.strip_prefix("::h").filter(|a| hex_word(a, 16)) {
            rest = &after[16..];
        } else if let Some(len) = rest.strip_prefix('[').and_then(disambiguator) {
            rest = &rest[len + 2..];
        } else if let Some(after) = rest.strip_prefix('_').filter(|a| hex_word(a, 16)) {
            rest = &after[16..];
        } else {
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    // wasm-opt's "[n]" at the end.
    if let Some(open) = out.rfind('[') {
        let n = &out[open + 1..];
        if n.len() > 1 && n.ends_with(']') && n[..n.len() - 1].bytes().all(|b| b.is_ascii_digit()) {
            out.truncate(open);
        }
    }
    out
}

/// The names of a keep list: one per line, blank lines and `#` comments skipped.
pub fn keep_list(text: &str) -> HashSet<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_only_a_rust_hash() {
        assert_eq!(normal("a::b::h0123456789abcdef"), "a::b");
        assert_eq!(
            normal("<dlmalloc[e24a27700634d609]::Dlmalloc<x[0123456789abcdef]::S>>::malloc::h0123456789abcdef"),
            "<dlmalloc::Dlmalloc<x::S>>::malloc"
        );
        assert_eq!(normal("a[0]::[u8; 4]"), "a[0]::[u8; 4]");
        // v0 names: type arguments and numbered closures stay; a disambiguator of
        // fewer than 16 digits goes too.
        assert_eq!(
            normal("<alloc[3ca501edff3f0c7c]::vec::Vec<u8> as core::clone::Clone>::clone"),
            "<alloc::vec::Vec<u8> as core::clone::Clone>::clone"
        );
        assert_eq!(
            normal("<itoa[d2f0633fdb8c71f]::Buffer>::format::<u64>"),
            "<itoa::Buffer>::format::<u64>"
        );
        assert_eq!(
            normal("jwtscope::web::events::bind::{closure#3}"),
            "jwtscope::web::events::bind::{closure#3}"
        );
        assert_eq!(normal("<[f32] as x::Y>::z"), "<[f32] as x::Y>::z");
        assert_eq!(normal("a::ct_assign::h22fb16b9264e922c[1]"), "a::ct_assign");
        assert_eq!(
            normal(
                "js_sys::Object::new::__wbg_new_cd4348290afae586::h11c8be03c827af8d externref shim"
            ),
            "js_sys::Object::new::__wbg_new externref shim"
        );
        assert_eq!(
            normal("a::b_0123456789abcdef0"),
            "a::b_0123456789abcdef0",
            "17 digits: no hash"
        );
        assert_eq!(normal("x[12]y"), "x[12]y");
        assert_eq!(normal("a::b::h0123456789abcdeg"), "a::b::h0123456789abcdeg");
        assert_eq!(normal("a::b"), "a::b");
        assert_eq!(normal("é::h0123456789abcdef"), "é");
        assert_eq!(normal(""), "");
    }

    #[test]
    fn reads_a_list() {
        let keep = keep_list("# comment\n a::b \n\nc\n");
        assert_eq!(keep.len(), 2);
        assert!(keep.contains("a::b") && keep.contains("c"));
    }
}
