//! A bare crate using what every hand-written provider client needs, and nothing else: the
//! yardstick the provider crates' dependency count and cold build time are measured beside.

/// Why [`create`] failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The request did not get a reply.
    #[error(transparent)]
    Http(#[from] reqwest::Error),
    /// The reply is not the JSON asked for.
    #[error(transparent)]
    Json(#[from] serde_json::Error),
}

/// POSTs `body` to `url` and reads the reply's `amount` as a decimal string: enough to pull in
/// each dependency's real code.
pub async fn create(
    http: &reqwest::Client,
    url: &str,
    body: &serde_json::Value,
) -> Result<Option<rust_decimal::Decimal>, Error> {
    let reply = http
        .post(url)
        .body(serde_json::to_vec(body)?)
        .send()
        .await?
        .bytes()
        .await?;
    let reply: serde_json::Value = serde_json::from_slice(&reply)?;
    let amount = reply["amount"].as_str().and_then(|a| a.parse().ok());
    tokio::task::yield_now().await;
    Ok(amount)
}
