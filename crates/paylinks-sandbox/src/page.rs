//! The payer's page each sandbox link URL points at: plain HTML, so a demo's links open.

use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

use crate::Provider;

/// What the page shows of a link: its amount, currency and status.
pub(crate) struct Shown {
    pub(crate) amount: String,
    pub(crate) currency: String,
    pub(crate) status: String,
}

/// The page for link `id`, or a 404 page when the provider has no such link.
pub(crate) fn render(provider: Provider, id: &str, link: Option<Shown>) -> Response {
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
