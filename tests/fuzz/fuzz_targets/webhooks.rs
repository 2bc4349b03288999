//! Every webhook check: the first byte picks the provider and whether the body is signed as
//! the provider would sign it; the next byte is the length of a value sent in every header the
//! check reads; the rest is that value and then the body. An unsigned delivery is refused with
//! an authentication error (Paywint, which signs nothing: accepted or undecodable); a signed one
//! is accepted or undecodable, never refused for its signature.

#![no_main]

use libfuzzer_sys::fuzz_target;
use paylinks_core::WebhookError;
use paylinks_core::webhook::HeaderMap;
use paylinks_tests::entry_points::{WEBHOOKS, is_delivery_error};

fuzz_target!(|data: &[u8]| {
    let [pick, len, rest @ ..] = data else {
        return;
    };
    let point = &WEBHOOKS[usize::from(*pick >> 1) % WEBHOOKS.len()];
    let (value, body) = rest.split_at(usize::from(*len).min(rest.len()));
    let signed = *pick & 1 == 1;
    let headers = match (signed, point.sign) {
        (true, Some(sign)) => sign(body),
        _ => {
            let mut headers = HeaderMap::new();
            if let Ok(value) = http::HeaderValue::from_bytes(value) {
                for name in point.headers {
                    headers.insert(*name, value.clone());
                }
            }
            headers
        }
    };
    match (point.verify)(&headers, body) {
        Ok(Some(event)) => assert_eq!(event.provider, point.provider),
        Ok(None) => assert!(point.sign.is_none(), "{} accepted an unsigned delivery", point.provider),
        Err(e) => {
            assert!(is_delivery_error(&e), "{}: {e:?}", point.provider);
            let unsigned = !(signed && point.sign.is_some());
            match e {
                WebhookError::Undecodable { .. } => {}
                e if unsigned && point.sign.is_some() => {
                    assert!(e.is_authentication(), "{}: {e:?}", point.provider)
                }
                e => panic!("{}: a signed delivery refused: {e:?}", point.provider),
            }
        }
    }
});
