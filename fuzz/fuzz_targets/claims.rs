//! `cargo fuzz run claims -s none`: see jwtscope_fuzz::claims for what it covers.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| jwtscope_fuzz::claims(data));
