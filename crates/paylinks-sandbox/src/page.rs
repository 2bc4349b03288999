//! The payer's page each sandbox link URL points at. `GET /<provider>/pay/{id}` shows the link
//! with a button per thing the payer can do; `POST /<provider>/pay/{id}?result=<what>` does it
//! (`pay`, the default, or `fail`; Txn also `underpay` and `overpay`), moves the link through
//! the provider's states and delivers the provider's webhooks. Either answers JSON instead of
//! HTML when the request accepts `application/json`, for tests: the link's provider, id,
//! amount, currency and status, and after a `POST` how many webhooks it sent.

use std::sync::Arc;

use axum::Json;
use axum::Router;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use serde_json::json;

use crate::Provider;
use crate::context::Context;
use crate::store::Store;
use crate::webhooks::Outgoing;

/// What the page shows of a link: its amount, currency and status.
pub(crate) struct Shown {
    pub(crate) amount: String,
    pub(crate) currency: String,
    pub(crate) status: String,
}

/// What the payer does on the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Payment {
    /// Pays the amount asked.
    Pay,
    /// Gives up, or the payment fails.
    Fail,
    /// Pays less than asked (Txn only).
    Underpay,
    /// Pays more than asked (Txn only).
    Overpay,
}

impl Payment {
    /// The word in `?result=` and on the button.
    fn as_str(self) -> &'static str {
        match self {
            Payment::Pay => "pay",
            Payment::Fail => "fail",
            Payment::Underpay => "underpay",
            Payment::Overpay => "overpay",
        }
    }

    /// The `result` query parameter; `pay` when there is none.
    fn from_query(query: Option<&str>) -> Result<Self, String> {
        let result = url::form_urlencoded::parse(query.unwrap_or_default().as_bytes())
            .find(|(name, _)| name == "result")
            .map(|(_, value)| value.into_owned());
        match result.as_deref() {
            None | Some("pay") => Ok(Payment::Pay),
            Some("fail") => Ok(Payment::Fail),
            Some("underpay") => Ok(Payment::Underpay),
            Some("overpay") => Ok(Payment::Overpay),
            Some(other) => Err(format!(
                "result {other:?} is not pay, fail, underpay or overpay"
            )),
        }
    }
}

/// A simulated provider whose links have a payer page. The page's handlers hold the lock of
/// [`PayerPage::links`] while they pay and show, so the page shows what the payment did.
pub(crate) trait PayerPage: Send + Sync + Sized + 'static {
    /// The provider the page names.
    const PROVIDER: Provider;
    /// What the payer can do on this provider's page, one button each.
    const PAYMENTS: &'static [Payment] = &[Payment::Pay, Payment::Fail];
    /// What the provider keeps its links in.
    type Links: Send;

    /// The sandbox's shared context (its webhooks among it).
    fn context(&self) -> &Context;

    /// The provider's links.
    fn links(&self) -> &Store<Self::Links>;

    /// What the page shows of link `id`; `None` when there is no such link.
    fn shown(&self, links: &Self::Links, id: &str) -> Option<Shown>;

    /// Plays the payer of link `id` doing `payment` (`query`: the page's whole query string,
    /// for provider-specific choices). Returns the webhooks to deliver, in order; a refusal
    /// (a status and a line of text) is sent instead of the page.
    fn pay(
        &self,
        links: &mut Self::Links,
        id: &str,
        payment: Payment,
        query: Option<&str>,
    ) -> Result<Vec<Outgoing>, (StatusCode, String)>;

    /// The routes of the page, relative to the provider's prefix.
    fn routes() -> Router<Arc<Self>> {
        Router::new().route("/pay/{id}", get(show::<Self>).post(pay::<Self>))
    }
}

async fn show<P: PayerPage>(
    State(provider): State<Arc<P>>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    let links = provider.links().lock();
    render::<P>(&id, provider.shown(&links, &id), wants_json(&headers), None)
}

async fn pay<P: PayerPage>(
    State(provider): State<Arc<P>>,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    let payment = match Payment::from_query(query.as_deref()) {
        Ok(payment) if P::PAYMENTS.contains(&payment) => payment,
        Ok(payment) => {
            let message = format!("{} links cannot {}\n", P::PROVIDER, payment.as_str());
            return (StatusCode::BAD_REQUEST, message).into_response();
        }
        Err(message) => return (StatusCode::BAD_REQUEST, message + "\n").into_response(),
    };
    let mut links = provider.links().lock();
    let sent = match provider.pay(&mut links, &id, payment, query.as_deref()) {
        Ok(events) => provider.context().webhooks.deliver(P::PROVIDER, events),
        Err(refused) => return refused.into_response(),
    };
    let shown = provider.shown(&links, &id);
    render::<P>(&id, shown, wants_json(&headers), Some(sent))
}

/// Whether the request asks for JSON rather than the HTML page.
fn wants_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|accept| accept.contains("application/json"))
}

/// The page (or its JSON) for link `id`, or a 404 when the provider has no such link;
/// `webhooks`: how many a payment just sent.
fn render<P: PayerPage>(
    id: &str,
    link: Option<Shown>,
    json: bool,
    webhooks: Option<usize>,
) -> Response {
    let provider = P::PROVIDER;
    let Some(link) = link else {
        let message = format!("No {provider} sandbox link {id}.");
        return if json {
            (StatusCode::NOT_FOUND, Json(json!({ "error": message }))).into_response()
        } else {
            let page = format!(
                "<!doctype html>\n<title>Not found</title>\n<p>{}</p>\n",
                escape(&message)
            );
            (StatusCode::NOT_FOUND, Html(page)).into_response()
        };
    };
    if json {
        let mut shown = json!({
            "provider": provider.as_str(),
            "id": id,
            "amount": link.amount,
            "currency": link.currency,
            "status": link.status,
        });
        if let Some(count) = webhooks {
            shown["webhooks"] = json!(count);
        }
        return Json(shown).into_response();
    }
    let action = format!(
        "/{provider}/pay/{}",
        paylinks_core::wire::escape_segment(id)
    );
    let buttons: String = P::PAYMENTS
        .iter()
        .map(|payment| {
            let word = payment.as_str();
            format!(
                "<button formaction=\"{}?result={word}\" class=\"{word}\">{}</button>",
                escape(&action),
                capitalised(word)
            )
        })
        .collect();
    Html(format!(
        "<!doctype html>\n<html lang=\"en\">\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{provider} sandbox payment</title>\n<style>{STYLE}</style>\n\
         <main>\n<p class=\"provider\">{provider} · sandbox</p>\n\
         <p class=\"amount\">{amount} {currency}</p>\n\
         <p>Link <code>{}</code>: {amount} {currency}, status {}.</p>\n\
         <form method=\"post\">{buttons}</form>\n\
         <p class=\"note\">Served by the paylinks sandbox: no money moves.</p>\n</main>\n</html>\n",
        escape(id),
        escape(&link.status),
        amount = escape(&link.amount),
        currency = escape(&link.currency),
    ))
    .into_response()
}

const STYLE: &str = "body{font-family:system-ui,sans-serif;background:#f4f5f7;margin:0}\
main{max-width:26rem;margin:3rem auto;background:#fff;border-radius:12px;padding:2rem;\
box-shadow:0 2px 12px #0002}.provider{text-transform:uppercase;letter-spacing:.1em;color:#667}\
.amount{font-size:2rem;font-weight:600;margin:.5rem 0}code{font-size:.8rem}\
form{display:flex;gap:.5rem;flex-wrap:wrap}button{flex:1;padding:.7rem;border:0;\
border-radius:8px;font-size:1rem;cursor:pointer;background:#e4e6eb}\
button.pay{background:#1f7a4d;color:#fff}button.fail{background:#b3261e;color:#fff}\
.note{color:#889;font-size:.8rem}";

/// `pay` → `Pay`.
fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|first| first.to_ascii_uppercase().to_string() + chars.as_str())
        .unwrap_or_default()
}

/// Escapes text for HTML element content and attribute values.
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

    #[test]
    fn results_are_read_from_the_query() {
        assert_eq!(Payment::from_query(None), Ok(Payment::Pay));
        assert_eq!(
            Payment::from_query(Some("symbol=USDC&result=fail")),
            Ok(Payment::Fail)
        );
        assert_eq!(
            Payment::from_query(Some("result=overpay")),
            Ok(Payment::Overpay)
        );
        assert!(Payment::from_query(Some("result=steal")).is_err());
        assert_eq!(capitalised("underpay"), "Underpay");
    }
}
