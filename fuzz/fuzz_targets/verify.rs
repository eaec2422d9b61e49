//! `cargo fuzz run verify -s none`: see jwtscope_fuzz::verify for what it covers.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| jwtscope_fuzz::verify(data));
