//! The sandbox row: the sandbox itself, a trivial axum server answering one fixed body, and
//! Txn creates with unique references to fill the sandbox with links.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use axum::Router;
use axum::http::{StatusCode, header};
use axum::routing::post;
use secrecy::ExposeSecret;

use crate::fixtures::{self, Fixture, JSON_API, Provider};
use crate::minimal;

/// The Txn create path under the sandbox's prefix.
pub const TXN_CREATE: &str = "/txn/api/public/v1/payment_links";

/// A valid Txn create body with `reference`.
pub fn txn_body(reference: &str) -> Vec<u8> {
    serde_json::to_vec(&minimal::TxnCreate {
        data: minimal::TxnCreateData {
            kind: "payment_links",
            attributes: minimal::TxnCreateAttributes {
                amount: fixtures::amount(fixtures::TXN_AMOUNT),
                currency: fixtures::TXN_CURRENCY,
                payment_type: "Invoice",
                expires_at: fixtures::TXN_EXPIRES,
                reference,
                success_redirect_url: fixtures::TXN_SUCCESS,
                unsuccess_redirect_url: fixtures::TXN_FAILURE,
            },
        },
    })
    .expect("serialises")
}

/// The trivial server: `POST` [`TXN_CREATE`] answers Txn's documented 201 body, nothing else.
pub fn trivial() -> Router {
    Router::new().route(
        TXN_CREATE,
        post(|| async {
            (
                StatusCode::CREATED,
                [(header::CONTENT_TYPE, JSON_API)],
                Provider::Txn.create_reply().2,
            )
        }),
    )
}

/// Serves [`trivial`] on `addr` until the task is dropped.
pub async fn serve_trivial(addr: SocketAddr) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    crate::emit(&format!("listening http://{}", listener.local_addr()?));
    axum::serve(listener, trivial()).await
}

/// The order a link [`txn_body`] made for `reference` stands for, as a row of the CSV file
/// `paylinks reconcile` reads (`reference,amount,currency`).
pub fn order(reference: &str) -> String {
    format!(
        "{reference},{},{}",
        fixtures::TXN_AMOUNT,
        fixtures::TXN_CURRENCY
    )
}

/// A valid Txn create body without a reference (Txn's `reference` is optional).
pub fn txn_body_without_reference() -> Vec<u8> {
    let mut body: serde_json::Value =
        serde_json::from_slice(&txn_body("x")).expect("the body is JSON");
    if let Some(attributes) = body["data"]["attributes"].as_object_mut() {
        attributes.remove("reference");
    }
    serde_json::to_vec(&body).expect("serialises")
}

/// Creates `count` Txn links in the sandbox at `base` (`http://127.0.0.1:PORT`), `concurrency`
/// at a time, with references `{prefix}-{i}` (or, when `prefix` is empty, with no reference);
/// fails on the first create not answered 201.
pub async fn fill(
    base: &str,
    count: usize,
    concurrency: usize,
    prefix: &str,
) -> Result<(), String> {
    let http = reqwest::Client::builder()
        .no_proxy()
        .build()
        .map_err(|e| e.to_string())?;
    let bearer = format!(
        "Bearer {}",
        paylinks_sandbox::Credentials::default()
            .txn_api_key
            .expose_secret()
    );
    let url = format!("{}{TXN_CREATE}", base.trim_end_matches('/'));
    let next = Arc::new(AtomicUsize::new(0));
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..concurrency.max(1) {
        let (http, url, bearer, next, prefix) = (
            http.clone(),
            url.clone(),
            bearer.clone(),
            next.clone(),
            prefix.to_owned(),
        );
        tasks.spawn(async move {
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= count {
                    return Ok::<_, String>(());
                }
                let response = http
                    .post(&url)
                    .header("authorization", &bearer)
                    .header("content-type", JSON_API)
                    .header("accept", JSON_API)
                    .body(if prefix.is_empty() {
                        txn_body_without_reference()
                    } else {
                        txn_body(&format!("{prefix}-{i}"))
                    })
                    .send()
                    .await
                    .map_err(|e| e.to_string())?;
                if response.status().as_u16() != 201 {
                    let status = response.status();
                    let body = response.text().await.unwrap_or_default();
                    return Err(format!("create {i}: HTTP {status}: {body}"));
                }
                response.bytes().await.map_err(|e| e.to_string())?;
            }
        });
    }
    while let Some(done) = tasks.join_next().await {
        done.map_err(|e| e.to_string())??;
    }
    Ok(())
}
