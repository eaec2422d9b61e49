//! `cargo fuzz run decode -s none`: see jwtscope_fuzz::decode for what it covers.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| jwtscope_fuzz::decode(data));
