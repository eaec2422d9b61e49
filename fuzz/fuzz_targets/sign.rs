//! `cargo fuzz run sign -s none`: see jwtscope_fuzz::sign for what it covers.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| jwtscope_fuzz::sign(data));
