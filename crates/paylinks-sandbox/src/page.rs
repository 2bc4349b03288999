//! The payer's page each sandbox link URL points at: plain HTML, so a demo's links open.
//! `GET /<provider>/pay/{id}` shows the link; `POST` plays its payer first.

use std::sync::Arc;

use axum::Router;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;

use crate::Provider;
use crate::store::Store;

/// What the page shows of a link: its amount, currency and status.
pub(crate) struct Shown {
    pub(crate) amount: String,
    pub(crate) currency: String,
    pub(crate) status: String,
}

/// A simulated provider whose links have a payer page. The page's handlers hold the lock of
/// [`PayerPage::links`] while they pay and show, so the page shows what the payment did.
pub(crate) trait PayerPage: Send + Sync + Sized + 'static {
    /// The provider the page names.
    const PROVIDER: Provider;
    /// What the provider keeps its links in.
    type Links: Send;

    /// The provider's links.
    fn links(&self) -> &Store<Self::Links>;

    /// What the page shows of link `id`; `None` when there is no such link.
    fn shown(&self, links: &Self::Links, id: &str) -> Option<Shown>;

    /// Plays the payer of link `id` (`query`: the page's query string, without `?`); what
    /// that changes is the provider's. A refusal it returns is sent instead of the page.
    fn pay(&self, links: &mut Self::Links, id: &str, query: Option<&str>) -> Option<Response>;

    /// The routes of the page, relative to the provider's prefix.
    fn routes() -> Router<Arc<Self>> {
        Router::new().route("/pay/{id}", get(show::<Self>).post(pay::<Self>))
    }
}

async fn show<P: PayerPage>(State(provider): State<Arc<P>>, Path(id): Path<String>) -> Response {
    let links = provider.links().lock();
    render(P::PROVIDER, &id, provider.shown(&links, &id))
}

async fn pay<P: PayerPage>(
    State(provider): State<Arc<P>>,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> Response {
    let mut links = provider.links().lock();
    if let Some(refused) = provider.pay(&mut links, &id, query.as_deref()) {
        return refused;
    }
    render(P::PROVIDER, &id, provider.shown(&links, &id))
}

/// The page for link `id`, or a 404 page when the provider has no such link.
fn render(provider: Provider, id: &str, link: Option<Shown>) -> Response {
    let id = escape(id);
    match link {
        Some(link) => Html(format!(
            "<!doctype html>\n<title>{provider} sandbox payment</title>\n\
             <h1>{provider} sandbox payment</h1>\n\
             <p>Link <code>{id}</code>: {} {}, status {}.</p>\n\
             <p>This page is served by the paylinks sandbox; no money moves.</p>\n",
            escape(&link.amount),
            escape(&link.currency),
            escape(&link.status),
        ))
        .into_response(),
        None => (
            StatusCode::NOT_FOUND,
            Html(format!(
                "<!doctype html>\n<title>Not found</title>\n<p>No {provider} sandbox link <code>{id}</code>.</p>\n"
            )),
        )
            .into_response(),
    }
}

/// Escapes text for HTML element content.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_from_the_url_are_escaped() {
        assert_eq!(escape("<script>&\""), "&lt;script&gt;&amp;&quot;");
    }
}
