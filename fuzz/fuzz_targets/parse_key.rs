//! `cargo fuzz run parse_key -s none`: see jwtscope_fuzz::parse_key for what it covers.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| jwtscope_fuzz::parse_key(data));
