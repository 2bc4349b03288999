//! Every reply decoder: the first byte picks the provider's operation, the next two the HTTP
//! status, the rest is the body. Whatever the bytes, the client refuses or decodes the reply
//! without panicking, with an error of a kind `check_reply` allows.

#![no_main]

use libfuzzer_sys::fuzz_target;
use paylinks_core::Response;
use paylinks_core::webhook::HeaderMap;
use paylinks_tests::entry_points::{REPLIES, check_reply};

fuzz_target!(|data: &[u8]| {
    let [pick, high, low, body @ ..] = data else {
        return;
    };
    let point = &REPLIES[usize::from(*pick) % REPLIES.len()];
    let status = 100 + u16::from_be_bytes([*high, *low]) % 500;
    let response = Response::new(point.provider, status, HeaderMap::new(), body.to_vec());
    let outcome = (point.read)(&response);
    if let Err(wrong) = check_reply(point, status, body, &outcome) {
        panic!("{}: {wrong}", point.name());
    }
});
