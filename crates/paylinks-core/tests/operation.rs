//! Core's one generic call and its one client builder, with a hand-written operation standing
//! in for a generated one.

use httpmock::prelude::*;
use paylinks_core::validate::{Checker, Validate};
use paylinks_core::{
    ClientBuilder, Connect, Connector, Environment, Error, Executor, Hosts, Method, Operation,
    Request, Response,
};

/// `POST /links/{id}` with a JSON body and a `q` query parameter.
struct CreateThing<'a> {
    id: &'a str,
    name: &'a str,
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
    const PATH: &'static str = "/links/{id}";
    const ACCEPT: &'static str = "application/json";
    const IDEMPOTENT: bool = false;

    fn path(&self) -> Result<String, paylinks_core::validate::Invalid> {
        Ok(format!(
            "/links/{}",
            paylinks_core::wire::path_segment("id", self.id)?
        ))
    }

    fn query(&self) -> Vec<(&'static str, String)> {
        vec![("q", "a b".into())]
    }

    fn body(&self) -> Result<Option<(&'static str, Vec<u8>)>, serde_json::Error> {
        serde_json::to_vec(&serde_json::json!({ "name": self.name }))
            .map(|b| Some(("application/json", b)))
    }
}

/// Adds a key header; a 2xx whose body has `"ok": false` is a refusal.
#[derive(Debug)]
struct Key(&'static str);

impl Connector for Key {
    fn authorize(&self, request: Request) -> Result<Request, Error> {
        request.header("x-key", self.0)
    }

    fn refusal(&self, response: &Response) -> Option<Error> {
        let refused = serde_json::from_slice::<serde_json::Value>(&response.body)
            .is_ok_and(|v| v["ok"] == false);
        (!response.is_success() || refused).then(|| response.error(None, None, Vec::new()))
    }
}

impl Connect for Key {
    type Client = (Executor, Key);
    const PROVIDER: &'static str = "test";
    const HOSTS: Hosts = Hosts {
        sandbox: None,
        production: None,
    };

    fn connect(self, executor: Executor) -> Result<Self::Client, Error> {
        Ok((executor, self))
    }
}

fn client(server: &MockServer) -> (Executor, Key) {
    ClientBuilder::new(Key("k1"))
        .environment(Environment::custom(&server.base_url()).unwrap())
        .reqwest(|b| {
            let mut headers = reqwest::header::HeaderMap::new();
            headers.insert("x-app", "mine".parse().unwrap());
            b.default_headers(headers)
                .redirect(reqwest::redirect::Policy::limited(10))
        })
        .build()
        .unwrap()
}

#[tokio::test]
async fn sends_the_operation_authorized_and_decodes_the_success() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/links/a%2Fb")
                .query_param("q", "a b")
                .header("x-key", "k1")
                .header("x-app", "mine")
                .header("accept", "application/json")
                .header("content-type", "application/json")
                .body(r#"{"name":"box"}"#);
            then.status(201).body(r#"{"ok":true,"id":7}"#);
        })
        .await;
    let (executor, key) = client(&server);
    let op = CreateThing {
        id: "a/b",
        name: "box",
    };
    let (response, decoded) = executor.send_keeping(&key, &op).await.unwrap();
    assert_eq!((response.status, decoded["id"].as_i64()), (201, Some(7)));
    mock.assert_async().await;
}

#[tokio::test]
async fn checks_before_sending_and_maps_refusals_through_the_connector() {
    let server = MockServer::start_async().await;
    let refused = server
        .mock_async(|when, then| {
            when.path("/links/x");
            then.status(200).body(r#"{"ok":false}"#);
        })
        .await;
    let (executor, key) = client(&server);
    let err = executor
        .send(
            &key,
            &CreateThing {
                id: "x",
                name: "far too long",
            },
        )
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "test: invalid request: name: must be at most 8 characters long"
    );
    assert_eq!(refused.calls_async().await, 0);

    let err = executor
        .send(
            &key,
            &CreateThing {
                id: "x",
                name: "ok",
            },
        )
        .await
        .unwrap_err();
    assert_eq!(err.kind(), "rejected");
    assert_eq!(refused.calls_async().await, 1);
}

#[tokio::test]
async fn the_application_cannot_turn_redirects_back_on() {
    let server = MockServer::start_async().await;
    let elsewhere = MockServer::start_async().await;
    let target = elsewhere.url("/links/x");
    server
        .mock_async(|when, then| {
            when.path("/links/x");
            then.status(308).header("location", target.as_str());
        })
        .await;
    let stranger = elsewhere
        .mock_async(|_, then| {
            then.status(201).body("{}");
        })
        .await;
    let (executor, key) = client(&server);
    let err = executor
        .send(
            &key,
            &CreateThing {
                id: "x",
                name: "ok",
            },
        )
        .await
        .unwrap_err();
    assert_eq!(err.kind(), "redirect");
    assert_eq!(stranger.calls_async().await, 0);
}

#[tokio::test]
async fn a_create_that_may_have_taken_effect_is_unconfirmed_and_sent_once() {
    let server = MockServer::start_async().await;
    let unavailable = server
        .mock_async(|when, then| {
            when.path("/links/x");
            then.status(503).body("<html>busy</html>");
        })
        .await;
    let (executor, key) = client(&server);
    let op = CreateThing {
        id: "x",
        name: "box",
    };
    let err = executor.send(&key, &op).await.unwrap_err();
    assert_eq!(err.kind(), "unconfirmed");
    assert!(!err.is_retryable());
    let Error::Unconfirmed {
        cause, look_up_by, ..
    } = &err
    else {
        unreachable!("the kind says unconfirmed")
    };
    assert_eq!((cause.kind().as_str(), look_up_by), ("unavailable", &None));
    // The provider's answer stays reachable, and the key to look the link up by is named.
    assert_eq!(err.provider_error().map(|d| d.status), Some(503));
    let named = err.look_up_by("reference", Some("order-7"));
    assert!(
        named
            .to_string()
            .starts_with("test: the request may have taken effect; do not repeat it, look it up by reference order-7: "),
        "{named}"
    );
    // Never sent twice, although the executor retries a 503 of an idempotent request.
    assert_eq!(unavailable.calls_async().await, 1);
}

#[tokio::test]
async fn a_refusal_or_a_refused_connection_is_not_unconfirmed() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.path("/links/x");
            then.status(422).body("{}");
        })
        .await;
    let (executor, key) = client(&server);
    let op = CreateThing {
        id: "x",
        name: "box",
    };
    assert_eq!(
        executor.send(&key, &op).await.unwrap_err().kind(),
        "validation"
    );
    // Nothing listens on the port: the request was never sent.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    let (executor, key) = ClientBuilder::new(Key("k1"))
        .environment(Environment::custom(&url).unwrap())
        .build()
        .unwrap();
    assert_eq!(
        executor.send(&key, &op).await.unwrap_err().kind(),
        "transport"
    );
}
