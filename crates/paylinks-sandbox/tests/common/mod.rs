//! What the sandbox's test files share: raw requests with the status and body they get back,
//! and the payer's page.

use serde_json::Value;

/// Sends `request`; the status and the body read as JSON.
pub(crate) async fn send_json(request: reqwest::RequestBuilder) -> (u16, Value) {
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    (status, json(&response.bytes().await.unwrap()))
}

/// Sends `request`; the status and the body as text, where amounts keep every digit.
pub(crate) async fn send_text(request: reqwest::RequestBuilder) -> (u16, String) {
    let response = request.send().await.unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

/// A body (a raw answer, an error's `body`) read as JSON.
pub(crate) fn json(body: &[u8]) -> Value {
    serde_json::from_slice(body).unwrap()
}

/// Opens the payer's page at `url`; the status and the HTML.
pub(crate) async fn page(url: &str) -> (u16, String) {
    send_text(reqwest::Client::new().get(url)).await
}

/// The simulated payer pays on the page at `url`; the status and the HTML of the page it
/// gets back.
pub(crate) async fn pay(url: &str) -> (u16, String) {
    send_text(reqwest::Client::new().post(url)).await
}
