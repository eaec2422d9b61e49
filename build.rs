//! The page's wasm module keeps wasm-ld's symbol table and relocations
//! (`--emit-relocs`): scripts/split.mjs reads them from the linked module cargo leaves
//! in `target/` to find the read-only data that only the functions moved to the later
//! module name, and moves that data with them (ARCHITECTURE.md, "The first load and
//! the rest"). The module's code and data are the same with it; the post-build hook
//! drops the extra sections (tests/e2e/size-check.mjs fails on any that ships).
fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    if std::env::var("CARGO_CFG_TARGET_ARCH").is_ok_and(|a| a == "wasm32") {
        println!("cargo::rustc-link-arg-cdylib=--emit-relocs");
    }
}
