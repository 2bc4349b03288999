//! The byte-identity check: each way of sending a provider's create goes once to a capturing
//! fixed-reply server, and the raw requests must be the same bytes.
//!
//! The one exception is Pay.io's `X-API-Nonce` and `X-API-Signature`: the nonce is a fresh
//! UUID per request (Pay.io refuses a repeated one), so it and the RSA signature over it differ
//! on every request by design. Their values are masked before comparing; their length, their
//! place among the headers and every other byte must still be equal.

use tokio::sync::mpsc;

use crate::calls::{Caller, Variant};
use crate::fixtures::Provider;
use crate::server::{self, Replies};

/// The headers whose values differ per request by design.
pub const PER_REQUEST_HEADERS: [&str; 2] = ["x-api-nonce", "x-api-signature"];

/// Masks the values of [`PER_REQUEST_HEADERS`] in a raw request.
pub fn masked(raw: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(raw);
    let Some((head, body)) = text.split_once("\r\n\r\n") else {
        return raw.to_vec();
    };
    let mut out = String::new();
    for line in head.split("\r\n") {
        match line.split_once(':') {
            Some((name, value))
                if PER_REQUEST_HEADERS.contains(&name.to_ascii_lowercase().as_str()) =>
            {
                out.push_str(name);
                out.push(':');
                out.push_str(&"#".repeat(value.len()));
            }
            _ => out.push_str(line),
        }
        out.push_str("\r\n");
    }
    out.push_str("\r\n");
    out.push_str(body);
    out.into_bytes()
}

/// The raw request each variant sends for `provider`, in [`Variant::ALL`] order.
pub async fn capture(provider: Provider) -> Result<Vec<(Variant, Vec<u8>)>, String> {
    let (listener, addr) = server::bind().await.map_err(|e| e.to_string())?;
    let (tx, mut rx) = mpsc::unbounded_channel();
    let server = tokio::spawn(server::serve(listener, Replies::creates(), Some(tx)));
    let base = format!("http://{addr}");
    let mut out = Vec::new();
    for variant in Variant::ALL {
        let caller = Caller::new(provider, variant, &base)?;
        caller.call().await?;
        let raw = rx.recv().await.ok_or("the server captured nothing")?;
        out.push((variant, raw));
    }
    server.abort();
    Ok(out)
}

/// Checks that every variant sends `provider`'s create as the same bytes (but for
/// [`PER_REQUEST_HEADERS`]); returns the hand-written request's length.
pub async fn check(provider: Provider) -> Result<usize, String> {
    let captured = capture(provider).await?;
    let (_, hand) = &captured[0];
    let want = masked(hand);
    for (variant, raw) in &captured[1..] {
        let got = masked(raw);
        if got != want {
            return Err(format!(
                "{}: the {} request differs from the hand-written one:\n--- hand\n{}\n--- {}\n{}",
                provider.as_str(),
                variant.as_str(),
                String::from_utf8_lossy(&want),
                variant.as_str(),
                String::from_utf8_lossy(&got)
            ));
        }
    }
    Ok(hand.len())
}
