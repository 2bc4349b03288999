//! The operations, connector and executor the telemetry tests send with: hand-written
//! operations standing in for generated ones.

use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use paylinks_core::validate::{Checker, Invalid, Validate};
use paylinks_core::{
    Connector, Error, Executor, HttpConfig, Method, Operation, Request, Response, SecretString,
};
use url::Url;

pub(crate) const SECRET: &str = "sk_live_telemetry_7c1e";
pub(crate) const ID: &str = "thing-4711";

/// `POST /things`: not idempotent.
pub(crate) struct CreateThing<'a> {
    pub(crate) name: &'a str,
}

impl Validate for CreateThing<'_> {
    fn validate_at(&self, c: &mut Checker) {
        c.length("name", self.name, Some(1), Some(8));
    }
}

impl Operation for CreateThing<'_> {
    type Response = serde_json::Value;
    const NAME: &'static str = "create_thing";
    const METHOD: Method = Method::POST;
    const PATH: &'static str = "/things";
    const ACCEPT: &'static str = "application/json";
    const IDEMPOTENT: bool = false;

    fn body(&self) -> Result<Option<(&'static str, Vec<u8>)>, serde_json::Error> {
        serde_json::to_vec(&serde_json::json!({ "name": self.name }))
            .map(|b| Some(("application/json", b)))
    }
}

/// `GET /things/{id}`.
pub(crate) struct GetThing<'a> {
    pub(crate) id: &'a str,
}

impl Validate for GetThing<'_> {
    fn validate_at(&self, _: &mut Checker) {}
}

impl Operation for GetThing<'_> {
    type Response = serde_json::Value;
    const NAME: &'static str = "get_thing";
    const METHOD: Method = Method::GET;
    const PATH: &'static str = "/things/{id}";
    const ACCEPT: &'static str = "application/json";
    const IDEMPOTENT: bool = true;

    fn path(&self) -> Result<String, Invalid> {
        Ok(format!(
            "/things/{}",
            paylinks_core::wire::path_segment("id", self.id)?
        ))
    }
}

/// Sends the secret as `x-key` and numbers the attempts in `x-attempt`, so a mock can answer
/// the first attempt and the second differently; any status but 2xx is a refusal.
pub(crate) struct Key {
    secret: SecretString,
    attempts: AtomicU32,
}

impl Key {
    pub(crate) fn new() -> Self {
        Key {
            secret: SecretString::from(SECRET),
            attempts: AtomicU32::new(0),
        }
    }
}

impl Connector for Key {
    fn authorize(&self, request: Request) -> Result<Request, Error> {
        let attempt = self.attempts.fetch_add(1, Ordering::SeqCst) + 1;
        request
            .secret_header("x-key", &self.secret)?
            .header("x-attempt", &attempt.to_string())
    }

    fn refusal(&self, response: &Response) -> Option<Error> {
        (!response.is_success()).then(|| response.error(None, None, Vec::new()))
    }
}

pub(crate) fn executor(base: &str) -> Executor {
    let mut config = HttpConfig::default();
    config.backoff = Duration::from_millis(1);
    Executor::new("test", Url::parse(base).unwrap(), config).unwrap()
}
