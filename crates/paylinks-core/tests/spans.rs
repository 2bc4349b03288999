//! The INFO span each operation is sent in, seen by a capturing subscriber.
//!
//! The one test of its binary: `tracing` caches whether a call site is wanted when a thread
//! first reaches it, asking that thread's subscriber while only one is installed, so a test
//! on another thread of the same process, with none, could switch the spans off for this one.

mod common;

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use common::{CreateThing, GetThing, ID, Key, SECRET, executor};
use httpmock::prelude::*;
use tracing::span::{Attributes, Id, Record};
use tracing::{Level, Subscriber};
use tracing_subscriber::layer::{Context, SubscriberExt};
use tracing_subscriber::registry::LookupSpan;

/// A span that closed: its name, level, parent's name and fields (`Debug` of each value).
#[derive(Debug, Clone)]
struct Closed {
    name: &'static str,
    level: Level,
    parent: Option<&'static str>,
    fields: BTreeMap<&'static str, String>,
}

/// The fields a span was given, at its start and since.
#[derive(Default)]
struct Fields(BTreeMap<&'static str, String>);

impl tracing::field::Visit for Fields {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        self.0.insert(field.name(), format!("{value:?}"));
    }

    fn record_str(&mut self, field: &tracing::field::Field, value: &str) {
        self.0.insert(field.name(), value.to_owned());
    }
}

/// A layer that keeps every span that closed, with all its fields.
#[derive(Clone, Default)]
struct Spans(Arc<Mutex<Vec<Closed>>>);

impl<S: Subscriber + for<'a> LookupSpan<'a>> tracing_subscriber::Layer<S> for Spans {
    fn on_new_span(&self, attrs: &Attributes<'_>, id: &Id, ctx: Context<'_, S>) {
        let mut fields = Fields::default();
        attrs.record(&mut fields);
        ctx.span(id).unwrap().extensions_mut().insert(fields);
    }

    fn on_record(&self, id: &Id, values: &Record<'_>, ctx: Context<'_, S>) {
        let span = ctx.span(id).unwrap();
        let mut extensions = span.extensions_mut();
        values.record(extensions.get_mut::<Fields>().unwrap());
    }

    fn on_close(&self, id: Id, ctx: Context<'_, S>) {
        let span = ctx.span(&id).unwrap();
        let Fields(fields) = span.extensions_mut().remove::<Fields>().unwrap();
        self.0.lock().unwrap().push(Closed {
            name: span.name(),
            level: *span.metadata().level(),
            parent: span.parent().map(|p| p.name()),
            fields,
        });
    }
}

impl Spans {
    /// Takes the spans closed so far.
    fn take(&self) -> Vec<Closed> {
        std::mem::take(&mut self.0.lock().unwrap())
    }
}

fn fields(pairs: &[(&'static str, &str)]) -> BTreeMap<&'static str, String> {
    pairs.iter().map(|(k, v)| (*k, (*v).to_owned())).collect()
}

#[tokio::test]
async fn each_operation_is_one_info_span_with_the_http_client_fields_around_its_attempts() {
    let spans = Spans::default();
    let _subscriber =
        tracing::subscriber::set_default(tracing_subscriber::registry().with(spans.clone()));
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.path(format!("/things/{ID}")).header("x-attempt", "1");
            then.status(429).header("retry-after", "0");
        })
        .await;
    server
        .mock_async(|when, then| {
            when.path(format!("/things/{ID}")).header("x-attempt", "2");
            then.status(200).body("{}");
        })
        .await;
    server
        .mock_async(|when, then| {
            when.path("/things");
            then.status(422);
        })
        .await;
    let executor = executor(&server.base_url());
    let port = server.address().port().to_string();
    executor
        .send(&Key::new(), &GetThing { id: ID })
        .await
        .unwrap();

    let closed = spans.take();
    let mut seen = closed.clone();
    let (operations, attempts): (Vec<_>, Vec<_>) = closed
        .iter()
        .partition(|span| span.name == "paylinks.operation");
    assert_eq!(operations.len(), 1, "{closed:#?}");
    let operation = operations[0];
    assert_eq!(operation.level, Level::INFO);
    assert_eq!(
        operation.fields,
        fields(&[
            ("otel.name", "get_thing"),
            ("otel.kind", "client"),
            ("http.request.method", "GET"),
            ("server.address", "127.0.0.1"),
            ("server.port", &port),
            ("url.template", "/things/{id}"),
            ("http.response.status_code", "200"),
            ("paylinks.provider", "test"),
            ("paylinks.operation", "get_thing"),
            ("paylinks.attempts", "2"),
        ])
    );
    // The two attempts, DEBUG, inside it.
    assert_eq!(attempts.len(), 2, "{closed:#?}");
    for (n, attempt) in attempts.iter().enumerate() {
        assert_eq!(attempt.name, "paylinks.http");
        assert_eq!(attempt.level, Level::DEBUG);
        assert_eq!(attempt.parent, Some("paylinks.operation"));
        assert_eq!(attempt.fields["attempt"], n.to_string());
    }

    // A refusal: its status and kind, and an error status for OpenTelemetry.
    executor
        .send(&Key::new(), &CreateThing { name: "box" })
        .await
        .unwrap_err();
    let closed = spans.take();
    seen.extend(closed.iter().cloned());
    let operation = closed
        .iter()
        .find(|span| span.name == "paylinks.operation")
        .unwrap();
    assert_eq!(
        operation.fields,
        fields(&[
            ("otel.name", "create_thing"),
            ("otel.kind", "client"),
            ("otel.status_code", "ERROR"),
            ("http.request.method", "POST"),
            ("server.address", "127.0.0.1"),
            ("server.port", &port),
            ("url.template", "/things"),
            ("http.response.status_code", "422"),
            ("error.type", "validation"),
            ("paylinks.provider", "test"),
            ("paylinks.operation", "create_thing"),
            ("paylinks.attempts", "1"),
        ])
    );

    // Refused before sending: no attempt, no status.
    executor
        .send(&Key::new(), &CreateThing { name: "" })
        .await
        .unwrap_err();
    let closed = spans.take();
    seen.extend(closed.iter().cloned());
    assert_eq!(closed.len(), 1, "{closed:#?}");
    assert_eq!(closed[0].fields["error.type"], "invalid_request");
    assert_eq!(closed[0].fields["paylinks.attempts"], "0");
    assert!(!closed[0].fields.contains_key("http.response.status_code"));

    // No secret in any span; the id only in the attempts' paths, never in an operation's span.
    assert_eq!(seen.len(), 6, "{seen:#?}");
    for span in &seen {
        let text = format!("{span:?}");
        assert!(!text.contains(SECRET), "{text}");
        if span.name == "paylinks.operation" {
            assert!(!text.contains(ID), "{text}");
        }
    }
}
