//! Cross-provider tests of the paylinks workspace, run for all five providers through
//! `Box<dyn PaymentLinkProvider>` against the embedded sandbox: one scenario suite
//! (`scenarios.rs`), the webhook loop (`webhooks.rs`), a real browser on the payer page
//! (`browser.rs`), the fault matrix (`faults.rs`), the sandbox under load (`load.rs`), walks of
//! every list while links are made (`listing.rs`), a search
//! of every log line and error text for credentials (`redaction.rs`) and the property tests of
//! every reply decoder and webhook verifier (`properties.rs`). This library holds what they
//! share; [`entry_points`] is also what the fuzz targets (`fuzz/`) drive.

pub mod entry_points;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration as Wait, Instant};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use paylinks::Provider;
use paylinks_core::{Connect, NewPaymentLink, PaymentLink, PaymentLinkProvider, Support};
use paylinks_sandbox::{Credentials, Sandbox};
use rust_decimal::Decimal;
use serde_json::Value;
use time::{Duration, OffsetDateTime};

/// A wrong secret: a value no message would contain by chance.
pub const WRONG: &str = "not-the-key-4f1d9";

/// `credentials` with every secret a client sends replaced by [`WRONG`].
pub fn wrong_secrets(credentials: &Credentials) -> Credentials {
    let mut credentials = credentials.clone();
    credentials.payio_api_key = WRONG.into();
    credentials.mesh_client_secret = WRONG.into();
    credentials.paywint_api_secret = WRONG.into();
    credentials.p100_api_key = WRONG.into();
    credentials.txn_api_key = WRONG.into();
    credentials
}

/// A sandbox sending every provider's webhooks to the receiver at `inbox`, retrying 100 000
/// times sooner than documented.
///
/// # Panics
///
/// When the sandbox cannot start.
pub async fn sandbox_for(inbox: SocketAddr) -> Sandbox {
    let mut builder = Sandbox::builder().webhook_speedup(100_000);
    for &provider in Provider::ALL {
        let url = format!("http://{inbox}/{provider}").parse().unwrap();
        builder = builder.webhook_url(provider.into(), url);
    }
    builder.start().await.unwrap()
}

/// `provider`'s client against `sandbox`, with its credentials; Mesh pays into the sandbox's
/// own destination.
///
/// # Panics
///
/// When the client cannot be built: the sandbox's own values always make one.
pub fn client(sandbox: &Sandbox, provider: Provider) -> Box<dyn PaymentLinkProvider> {
    paylinks::sandbox::client(sandbox, provider).unwrap()
}

/// A provider crate's typed client against `sandbox`, with `credentials` (built from the
/// sandbox's), for the calls `PaymentLinkProvider` does not make: Txn's, Mesh's and Paywint's
/// lists.
///
/// # Panics
///
/// When the client cannot be built: the sandbox's own values always make one.
pub fn typed<C: Connect>(sandbox: &Sandbox, credentials: C) -> C::Client {
    let provider: Provider = C::PROVIDER.parse().unwrap();
    let environment = paylinks::sandbox::environment(sandbox, provider).unwrap();
    paylinks::build(credentials, environment, &paylinks::Options::new()).unwrap()
}

/// A link every provider accepts: the provider's first currency (Pay.io: USDC), and each field
/// its capabilities require or allow for a reference.
///
/// # Panics
///
/// When `amount` is not a decimal: a test's own mistake.
pub fn new_link(provider: &dyn PaymentLinkProvider, amount: &str) -> NewPaymentLink {
    let capabilities = provider.capabilities();
    let currency = capabilities
        .currencies
        .and_then(|c| c.first().copied())
        .unwrap_or("USDC");
    let amount: Decimal = amount.parse().expect("a decimal amount");
    let mut link = NewPaymentLink::new(amount, currency);
    if capabilities.reference != Support::Unsupported {
        // Short enough for every provider (Paywint's invoice number takes 20 characters).
        link = link.reference(format!(
            "ref-{}",
            &uuid::Uuid::new_v4().simple().to_string()[..12]
        ));
    }
    if capabilities.customer == Support::Required {
        link = link.customer("cus_scenarios");
    }
    if capabilities.expires_at == Support::Required {
        link = link.expires_at(OffsetDateTime::now_utc() + Duration::hours(1));
    }
    link
}

/// Plays the payer of the sandbox link `link` doing `result` (`pay`, `fail`, …) through the
/// payer page's JSON endpoint; returns what the page then shows (`status`, and `webhooks`: how
/// many the payment sent).
///
/// # Panics
///
/// When the page does not answer 200 with its JSON.
pub async fn act(http: &reqwest::Client, link: &PaymentLink, result: &str) -> Value {
    let url = format!(
        "{}?result={result}",
        link.url.as_deref().expect("a link URL")
    );
    page_json(http.post(url)).await
}

/// What the payer page of the sandbox link `link` shows (its provider, id, amount, currency and
/// status), through the page's JSON endpoint: the sandbox's own view of a link, for a provider
/// with no call that reads one.
///
/// # Panics
///
/// When the page does not answer 200 with its JSON.
pub async fn shown(http: &reqwest::Client, link: &PaymentLink) -> Value {
    page_json(http.get(link.url.as_deref().expect("a link URL"))).await
}

/// The payer page's JSON answer to `request`, which must be a 200.
async fn page_json(request: reqwest::RequestBuilder) -> Value {
    let response = request
        .header("accept", "application/json")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    serde_json::from_slice(&response.bytes().await.unwrap()).unwrap()
}

/// One delivery as the receiver got it.
#[derive(Clone)]
pub struct Received {
    /// The provider, from the path.
    pub provider: String,
    /// The request headers.
    pub headers: HeaderMap,
    /// The raw body.
    pub body: Bytes,
}

/// A webhook receiver on 127.0.0.1 at `/{provider}`: it records every delivery and refuses
/// the first `refuse` of them with a 500.
#[derive(Clone, Default)]
pub struct Inbox {
    received: Arc<Mutex<Vec<Received>>>,
    refuse: Arc<Mutex<usize>>,
}

impl Inbox {
    /// Starts the receiver; `refuse` of the first deliveries get a 500.
    ///
    /// # Panics
    ///
    /// When no port of 127.0.0.1 can be bound.
    pub async fn start(refuse: usize) -> (Inbox, SocketAddr) {
        let inbox = Inbox::default();
        *inbox.refuse.lock().unwrap() = refuse;
        let app = Router::new()
            .route("/{provider}", post(take))
            .with_state(inbox.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app).await });
        (inbox, addr)
    }

    /// The accepted deliveries, once `count` have arrived (5 s at most).
    pub async fn wait_for(&self, count: usize) -> Vec<Received> {
        let start = Instant::now();
        loop {
            let received = self.received.lock().unwrap().clone();
            if received.len() >= count || start.elapsed() > Wait::from_secs(5) {
                return received;
            }
            tokio::time::sleep(Wait::from_millis(20)).await;
        }
    }
}

async fn take(
    State(inbox): State<Inbox>,
    Path(provider): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> StatusCode {
    let mut refuse = inbox.refuse.lock().unwrap();
    if *refuse > 0 {
        *refuse -= 1;
        return StatusCode::INTERNAL_SERVER_ERROR;
    }
    inbox.received.lock().unwrap().push(Received {
        provider,
        headers,
        body,
    });
    StatusCode::OK
}

/// Runs each scenario, an `async fn(Provider)` of the test file, once per provider, as
/// `<provider>::<scenario>`. The providers are matched exhaustively, so a provider added to
/// `paylinks::Provider` without a line here does not compile.
#[macro_export]
macro_rules! scenarios {
    ($scenarios:tt for $($module:ident: $provider:ident),* $(,)?) => {
        const _: fn(paylinks::Provider) = |provider| match provider {
            $(paylinks::Provider::$provider => ()),*
        };
        $($crate::scenarios!(@provider $module $provider $scenarios);)*
    };
    (@provider $module:ident $provider:ident [$($scenario:ident),* $(,)?]) => {
        mod $module {
            $(
                #[tokio::test]
                async fn $scenario() {
                    super::$scenario(paylinks::Provider::$provider).await;
                }
            )*
        }
    };
}
