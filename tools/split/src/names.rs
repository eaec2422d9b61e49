//! Function names as the keep list holds them: the `name` section's demangled Rust
//! path without its hashes, the trailing one (`::h0123…`, 16 hex digits) and the
//! crates' disambiguators (`dlmalloc[e24a…]::…`), so the list survives rebuilds in
//! which only those change.

use std::collections::HashSet;

/// Whether `s` starts with `len` hex digits.
fn hex_run(s: &str, len: usize) -> bool {
    s.len() >= len && s.as_bytes()[..len].iter().all(u8::is_ascii_hexdigit)
}

/// The name without its trailing `::h` and 16 hex digits and without every
/// `[` 16 hex digits `]`.
pub fn normal(name: &str) -> String {
    let mut name = name;
    if let Some(at) = name.len().checked_sub(19) {
        if name.is_char_boundary(at)
            && name[at..].starts_with("::h")
            && hex_run(&name[at + 3..], 16)
        {
            name = &name[..at];
        }
    }
    let mut out = String::with_capacity(name.len());
    let mut rest = name;
    while let Some(open) = rest.find('[') {
        let after = &rest[open + 1..];
        if hex_run(after, 16) && after[16..].starts_with(']') {
            out.push_str(&rest[..open]);
            rest = &after[17..];
        } else {
            out.push_str(&rest[..=open]);
            rest = after;
        }
    }
    out.push_str(rest);
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
