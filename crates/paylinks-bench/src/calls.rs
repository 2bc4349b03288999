//! One create, three ways: by hand (reqwest + serde_json + the minimal types), through the
//! provider crate's typed call, and through `Box<dyn PaymentLinkProvider>`.

use std::str::FromStr;
use std::time::Duration;

use aws_lc_rs::rand::SystemRandom;
use aws_lc_rs::signature::{RSA_PKCS1_SHA256, RsaKeyPair};
use base64::Engine as _;
use paylinks::{MeshDestination, Options};
use paylinks_core::{Environment, NewPaymentLink, PaymentLinkProvider};
use paylinks_sandbox::Credentials;
use secrecy::ExposeSecret;

use crate::fixtures::{self, Fixture, Provider};
use crate::{minimal, typed};

/// Which way a create is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Variant {
    /// Hand-written reqwest + serde_json.
    Hand,
    /// The provider crate's typed call.
    Typed,
    /// `PaymentLinkProvider::create_link` through `Box<dyn PaymentLinkProvider>`.
    Dyn,
}

impl Variant {
    /// All three, the yardstick first.
    pub const ALL: [Variant; 3] = [Variant::Hand, Variant::Typed, Variant::Dyn];

    /// `hand`, `typed` or `dyn`.
    pub fn as_str(self) -> &'static str {
        match self {
            Variant::Hand => "hand",
            Variant::Typed => "typed",
            Variant::Dyn => "dyn",
        }
    }
}

impl FromStr for Variant {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        Variant::ALL
            .into_iter()
            .find(|v| v.as_str() == s)
            .ok_or_else(|| format!("unknown variant {s:?} (hand, typed, dyn)"))
    }
}

/// The user agent the provider crates send, which the hand-written call sends too.
pub const USER_AGENT: &str = concat!("paylinks/", env!("CARGO_PKG_VERSION"));

/// A client able to send one provider's create one way.
#[derive(Debug)]
pub struct Caller {
    provider: Provider,
    inner: Inner,
}

#[derive(Debug)]
enum Inner {
    Hand(Hand),
    Dyn(Box<dyn PaymentLinkProvider>, NewPaymentLink),
    Payio(payio_client::Client),
    Mesh(mesh_client::Client),
    Paywint(paywint_client::Client),
    P100(p100_client::Client),
    Txn(txn_client::Client),
}

/// The Mesh destination the fixtures pay into.
pub fn mesh_destination() -> MeshDestination {
    MeshDestination::new(
        fixtures::MESH_SYMBOL,
        uuid::Uuid::from_str(fixtures::MESH_NETWORK).expect("a UUID"),
        fixtures::MESH_ADDRESS,
    )
}

impl Caller {
    /// A client for `provider` sending `variant`'s way to `base` (`http://127.0.0.1:PORT`).
    pub fn new(provider: Provider, variant: Variant, base: &str) -> Result<Self, String> {
        let given = Credentials::default();
        let environment = Environment::custom(base).map_err(|e| e.to_string())?;
        let options = Options::new().mesh_to(mesh_destination());
        let e = |e: paylinks_core::Error| e.to_string();
        let inner = match (variant, provider) {
            (Variant::Hand, _) => Inner::Hand(Hand::new(provider, base, &given)?),
            (Variant::Dyn, _) => {
                let credentials = paylinks::sandbox::credentials_from(&given, provider)
                    .map_err(|e| e.to_string())?;
                Inner::Dyn(
                    paylinks::client(credentials, environment, &options).map_err(e)?,
                    provider.new_link(),
                )
            }
            (Variant::Typed, Provider::Payio) => {
                let credentials = payio_client::Credentials::new(
                    given.payio_api_key.clone(),
                    given.payio_private_key_pem.clone(),
                );
                Inner::Payio(paylinks::build(credentials, environment, &options).map_err(e)?)
            }
            (Variant::Typed, Provider::Mesh) => {
                let to = mesh_destination();
                let credentials = mesh_client::Credentials::new(
                    given.mesh_client_id.clone(),
                    given.mesh_client_secret.clone(),
                )
                .to_address(to.symbol, to.network, to.address);
                Inner::Mesh(paylinks::build(credentials, environment, &options).map_err(e)?)
            }
            (Variant::Typed, Provider::Paywint) => {
                let credentials = paywint_client::Credentials::new(
                    given.paywint_api_key.clone(),
                    given.paywint_api_secret.clone(),
                );
                Inner::Paywint(paylinks::build(credentials, environment, &options).map_err(e)?)
            }
            (Variant::Typed, Provider::P100) => {
                let credentials = p100_client::Credentials::new(given.p100_api_key.clone());
                Inner::P100(paylinks::build(credentials, environment, &options).map_err(e)?)
            }
            (Variant::Typed, Provider::Txn) => {
                let credentials = txn_client::Credentials::new(given.txn_api_key.clone());
                Inner::Txn(paylinks::build(credentials, environment, &options).map_err(e)?)
            }
        };
        Ok(Caller { provider, inner })
    }

    /// The provider.
    pub fn provider(&self) -> Provider {
        self.provider
    }

    /// Sends one create and reads the reply; returns the length of the link's URL.
    pub async fn call(&self) -> Result<usize, String> {
        let e = |e: paylinks_core::Error| e.to_string();
        Ok(match &self.inner {
            Inner::Hand(hand) => hand.create().await?,
            Inner::Dyn(client, link) => client
                .create_link(link)
                .await
                .map_err(e)?
                .url
                .map_or(0, |u| u.len()),
            Inner::Payio(client) => client
                .deposit_link(&typed::payio_request())
                .await
                .map_err(e)?
                .link
                .len(),
            Inner::Mesh(client) => {
                let reply = client
                    .create_link_token(&typed::mesh_request())
                    .await
                    .map_err(e)?;
                reply
                    .content
                    .and_then(|c| c.payment_link)
                    .or(reply.payment_link)
                    .map_or(0, |l| l.len())
            }
            Inner::Paywint(client) => client
                .create_payment_link(&typed::paywint_request())
                .await
                .map_err(e)?
                .data
                .and_then(|d| d.payment_link)
                .map_or(0, |l| l.len()),
            Inner::P100(client) => client
                .create_payment_link(&typed::p100_request())
                .await
                .map_err(e)?
                .url
                .len(),
            Inner::Txn(client) => client
                .create_payment_link(&typed::txn_request())
                .await
                .map_err(e)?
                .data
                .attributes
                .hosted_page_url
                .len(),
        })
    }
}

/// The hand-written create: one reqwest client (the provider crates' timeouts, user agent and
/// no redirects), the provider's headers, the minimal types.
#[derive(Debug)]
pub struct Hand {
    provider: Provider,
    http: reqwest::Client,
    url: String,
    auth: Auth,
}

enum Auth {
    Payio {
        api_key: String,
        key: RsaKeyPair,
        rng: SystemRandom,
    },
    Headers(Vec<(&'static str, String)>),
}

impl std::fmt::Debug for Auth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Auth [REDACTED]")
    }
}

impl Hand {
    /// The hand-written client for `provider` at `base`.
    pub fn new(provider: Provider, base: &str, credentials: &Credentials) -> Result<Self, String> {
        let http = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(10))
            .timeout(Duration::from_secs(30))
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(USER_AGENT)
            .no_proxy()
            .build()
            .map_err(|e| e.to_string())?;
        let secret = |s: &secrecy::SecretString| s.expose_secret().to_owned();
        let auth = match provider {
            Provider::Payio => Auth::Payio {
                api_key: secret(&credentials.payio_api_key),
                key: payio_key(credentials.payio_private_key_pem.expose_secret())?,
                rng: SystemRandom::new(),
            },
            Provider::Mesh => Auth::Headers(vec![
                ("x-client-id", credentials.mesh_client_id.clone()),
                ("x-client-secret", secret(&credentials.mesh_client_secret)),
            ]),
            Provider::Paywint => Auth::Headers(vec![
                ("x-api-key", secret(&credentials.paywint_api_key)),
                ("x-api-secret", secret(&credentials.paywint_api_secret)),
            ]),
            Provider::P100 => Auth::Headers(vec![("x-api-key", secret(&credentials.p100_api_key))]),
            Provider::Txn => Auth::Headers(vec![(
                "authorization",
                format!("Bearer {}", secret(&credentials.txn_api_key)),
            )]),
        };
        Ok(Hand {
            provider,
            http,
            url: format!("{}{}", base.trim_end_matches('/'), provider.create_path()),
            auth,
        })
    }

    /// Sends the create and decodes the minimal reply.
    pub async fn create(&self) -> Result<usize, String> {
        let media_type = match self.provider {
            Provider::Txn => fixtures::JSON_API,
            _ => fixtures::JSON,
        };
        let body = minimal::create_body(self.provider);
        let mut request = self
            .http
            .post(&self.url)
            .header("accept", media_type)
            .header("content-type", media_type);
        match &self.auth {
            Auth::Payio { api_key, key, rng } => {
                let nonce = uuid::Uuid::new_v4().to_string();
                let mut input = Vec::with_capacity(64 + body.len());
                input.extend_from_slice(b"POST");
                input.extend_from_slice(self.provider.create_path().as_bytes());
                input.extend_from_slice(nonce.as_bytes());
                input.extend_from_slice(&body);
                let mut signature = vec![0; key.public_modulus_len()];
                key.sign(&RSA_PKCS1_SHA256, rng, &input, &mut signature)
                    .map_err(|_| "RSA signing failed".to_owned())?;
                let signature = base64::engine::general_purpose::STANDARD.encode(signature);
                request = request
                    .header("x-api-key", api_key)
                    .header("x-api-nonce", nonce)
                    .header("x-api-signature", signature);
            }
            Auth::Headers(headers) => {
                for (name, value) in headers {
                    request = request.header(*name, value);
                }
            }
        }
        let response = request.body(body).send().await.map_err(|e| e.to_string())?;
        if !response.status().is_success() {
            return Err(format!("HTTP {}", response.status()));
        }
        let bytes = response.bytes().await.map_err(|e| e.to_string())?;
        minimal::decode_reply(self.provider, &bytes).map_err(|e| e.to_string())
    }
}

/// Parses Pay.io's PEM private key (PKCS#8 or PKCS#1) once.
pub fn payio_key(pem: &str) -> Result<RsaKeyPair, String> {
    let block = paylinks_core::pem::decode(pem).map_err(|e| e.to_string())?;
    match block.label.as_str() {
        "PRIVATE KEY" => RsaKeyPair::from_pkcs8(&block.der).map_err(|e| e.to_string()),
        _ => RsaKeyPair::from_der(&block.der).map_err(|e| e.to_string()),
    }
}
