//! One [`HttpClient`] for every provider, and settings per call.
//!
//! The five providers' clients share one connection pool: against the sandbox (behind a proxy
//! that counts the connections it accepts) their calls, one after another, go over one
//! connection, and a redirect is still not followed. A copy of a client made with
//! `with_deadline` ends its calls within its own deadline, keeping the `unconfirmed` error,
//! while the client it was made from keeps its settings.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use paylinks::{Environment, HttpClient, HttpConfig, Options, Provider};
use paylinks_core::ErrorKind;
use paylinks_sandbox::Sandbox;
use paylinks_tests::new_link;
use tokio::net::{TcpListener, TcpStream};

/// A TCP proxy to `to` that counts the connections it accepts.
async fn counting_proxy(to: SocketAddr) -> (SocketAddr, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let accepted = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&accepted);
    tokio::spawn(async move {
        while let Ok((mut client, _)) = listener.accept().await {
            counter.fetch_add(1, Ordering::SeqCst);
            tokio::spawn(async move {
                let mut server = TcpStream::connect(to).await.unwrap();
                let _ = tokio::io::copy_bidirectional(&mut client, &mut server).await;
            });
        }
    });
    (addr, accepted)
}

/// A server that accepts connections and never answers.
async fn stalling_server() -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((stream, _)) = listener.accept().await {
            held.push(stream);
        }
    });
    addr
}

#[tokio::test]
async fn five_providers_on_one_http_client_share_one_connection() {
    let sandbox = Sandbox::start().await.unwrap();
    let (proxy, accepted) = counting_proxy(sandbox.addr()).await;
    let shared = HttpClient::builder().build();
    let options = paylinks::sandbox::options(&sandbox).http_client(shared);
    for &provider in Provider::ALL {
        let credentials = paylinks::sandbox::credentials(&sandbox, provider).unwrap();
        let environment = Environment::custom(&format!("http://{proxy}/{provider}")).unwrap();
        let client = paylinks::client(credentials, environment, &options).unwrap();
        let link = client
            .create_link(&new_link(client.as_ref(), "12.34"))
            .await
            .unwrap_or_else(|e| panic!("{provider}: {e}"));
        assert_eq!(link.provider, provider.as_str());
    }
    // Pay.io's create also lists the merchant's currencies: six requests in all.
    assert_eq!(accepted.load(Ordering::SeqCst), 1, "one pooled connection");

    // Each client built on its own HttpClient opens its own connection.
    for provider in [Provider::Txn, Provider::P100] {
        let credentials = paylinks::sandbox::credentials(&sandbox, provider).unwrap();
        let environment = Environment::custom(&format!("http://{proxy}/{provider}")).unwrap();
        let client = paylinks::client(credentials, environment, &Options::new()).unwrap();
        let link = new_link(client.as_ref(), "1.00");
        client.create_link(&link).await.unwrap();
    }
    assert_eq!(accepted.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn a_shared_http_client_follows_no_redirect() {
    let stranger = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let stranger_addr = stranger.local_addr().unwrap();
    let redirecting = httpmock::MockServer::start_async().await;
    redirecting
        .mock_async(|when, then| {
            when.any_request();
            then.status(307)
                .header("location", format!("http://{stranger_addr}/stolen"));
        })
        .await;
    let sandbox = Sandbox::start().await.unwrap();
    let shared = HttpClient::builder()
        // The application's own settings cannot turn redirects back on.
        .reqwest(|b| b.redirect(reqwest::redirect::Policy::limited(10)))
        .build();
    let options = Options::new().http_client(shared);
    let credentials = paylinks::sandbox::credentials(&sandbox, Provider::Txn).unwrap();
    let environment = Environment::custom(&redirecting.base_url()).unwrap();
    let client = paylinks::client(credentials, environment, &options).unwrap();
    let error = client.get_link("any").await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Redirect, "{error}");
    let reached = tokio::time::timeout(Duration::from_millis(200), stranger.accept()).await;
    assert!(reached.is_err(), "a request reached the redirect's target");
}

#[tokio::test]
async fn a_copy_with_its_own_deadline_keeps_the_unconfirmed_error_and_the_original_its_settings() {
    let sandbox = Sandbox::start().await.unwrap();
    let stalled = stalling_server().await;
    let credentials = paylinks::sandbox::credentials(&sandbox, Provider::Txn).unwrap();
    let environment = Environment::custom(&format!("http://{stalled}/txn")).unwrap();
    let client = paylinks::client(credentials, environment, &Options::new()).unwrap();
    let checkout = client.with_deadline(Duration::from_millis(800));
    assert_eq!(checkout.http_config().deadline, Duration::from_millis(800));
    assert_eq!(client.http_config(), HttpConfig::default());

    let started = Instant::now();
    let error = checkout
        .create_link(&new_link(checkout.as_ref(), "12.34"))
        .await
        .unwrap_err();
    let took = started.elapsed();
    assert_eq!(error.kind(), ErrorKind::Unconfirmed, "{error}");
    assert!(took >= Duration::from_millis(700), "{took:?}");
    assert!(took < Duration::from_millis(1500), "{took:?}");
}
