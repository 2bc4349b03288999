//! The provider-neutral vocabulary: a link to create, a link as read back, its status, and
//! what each provider can honour.

use std::fmt;

use rust_decimal::Decimal;
use time::OffsetDateTime;
use url::Url;

use crate::error::{Error, Mismatch, snippet};
use crate::http::Response;
use crate::outcome::PaymentOutcome;
use crate::validate::{Rule, Violation};

/// A payment link to create, in provider-neutral terms.
///
/// A provider refuses with [`Error::Unsupported`] a field it cannot honour, and with
/// [`Error::InvalidRequest`] a field it requires and did not get, a blank text, a malformed
/// currency or a past expiry ([`Capabilities::check`]), all before sending: nothing is dropped
/// silently.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct NewPaymentLink {
    /// The amount to collect, exact.
    pub amount: Decimal,
    /// The currency code of `amount` (`EUR`, `USD`, `USDC`): 2 to 10 ASCII letters or digits,
    /// or for Pay.io its id of a currency (a UUID).
    pub currency: String,
    /// Your own correlation key for the link.
    pub reference: Option<String>,
    /// Your id for the paying customer.
    pub customer: Option<String>,
    /// A note shown with the payment.
    pub description: Option<String>,
    /// When the link stops accepting payment; it must be in the future.
    pub expires_at: Option<OffsetDateTime>,
    /// Where the payer goes after paying.
    pub success_url: Option<Url>,
    /// Where the payer goes when the payment fails or expires.
    pub failure_url: Option<Url>,
}

impl NewPaymentLink {
    /// A link for `amount` in `currency`, with nothing else set.
    pub fn new(amount: Decimal, currency: impl Into<String>) -> Self {
        NewPaymentLink {
            amount,
            currency: currency.into(),
            reference: None,
            customer: None,
            description: None,
            expires_at: None,
            success_url: None,
            failure_url: None,
        }
    }

    /// Sets your correlation key.
    pub fn reference(mut self, reference: impl Into<String>) -> Self {
        self.reference = Some(reference.into());
        self
    }

    /// Sets your customer id.
    pub fn customer(mut self, customer: impl Into<String>) -> Self {
        self.customer = Some(customer.into());
        self
    }

    /// Sets the description.
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// Sets the expiry.
    pub fn expires_at(mut self, expires_at: OffsetDateTime) -> Self {
        self.expires_at = Some(expires_at);
        self
    }

    /// Sets the success redirect.
    pub fn success_url(mut self, url: Url) -> Self {
        self.success_url = Some(url);
        self
    }

    /// Sets the failure redirect.
    pub fn failure_url(mut self, url: Url) -> Self {
        self.failure_url = Some(url);
        self
    }

    /// Holds what `reply`, the answer to a create of this link, echoes against it: an echoed
    /// amount must equal the amount asked as a decimal (`100` is `100.00`) and not be
    /// negative, an echoed currency must be the one asked without regard to ASCII case. Pass
    /// `None` for what the provider does not echo. A difference is [`Error::Mismatch`],
    /// keeping the body.
    pub fn check_echo(
        &self,
        reply: &Response,
        amount: Option<Decimal>,
        currency: Option<&str>,
    ) -> Result<(), Error> {
        if let Some(amount) = amount {
            if amount != self.amount {
                let asked = Some(self.amount.to_string());
                return Err(mismatch(reply, "amount", asked, &amount.to_string()));
            }
            PaymentLink::check_amount(reply, amount)?;
        }
        match currency {
            Some(currency) if !currency.eq_ignore_ascii_case(&self.currency) => Err(mismatch(
                reply,
                "currency",
                Some(self.currency.clone()),
                currency,
            )),
            _ => Ok(()),
        }
    }
}

/// A payment link as the provider reports it.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct PaymentLink {
    /// The provider, in lowercase (`txn`, `mesh`, …).
    pub provider: &'static str,
    /// The provider's id for the link (for Mesh: the `transactionId`).
    pub id: String,
    /// The page to send the payer to, when the provider returns it for this call.
    pub url: Option<String>,
    /// The amount, exact.
    pub amount: Decimal,
    /// The currency of `amount`, when the provider says it.
    pub currency: Option<String>,
    /// The link's status.
    pub status: LinkStatus,
    /// Your correlation key, when the provider echoes it.
    pub reference: Option<String>,
    /// When the link expires, when the provider says it.
    pub expires_at: Option<OffsetDateTime>,
    /// Whether the money arrived, and how much of it: set only where the provider says so
    /// explicitly (Txn's child invoice, Mesh's `succeeded` transfer, Paywint's `success`); `None`
    /// while unknown. [`LinkStatus::Completed`] alone does not mean paid (Txn).
    pub outcome: Option<PaymentOutcome>,
}

impl PaymentLink {
    /// A link with the given identity, amount and status; the rest unknown.
    pub fn new(
        provider: &'static str,
        id: impl Into<String>,
        amount: Decimal,
        status: LinkStatus,
    ) -> Self {
        PaymentLink {
            provider,
            id: id.into(),
            url: None,
            amount,
            currency: None,
            status,
            reference: None,
            expires_at: None,
            outcome: None,
        }
    }

    /// Sets the payer's page.
    pub fn with_url(mut self, url: Option<String>) -> Self {
        self.url = url;
        self
    }

    /// Sets the currency.
    pub fn with_currency(mut self, currency: Option<String>) -> Self {
        self.currency = currency;
        self
    }

    /// Sets the reference.
    pub fn with_reference(mut self, reference: Option<String>) -> Self {
        self.reference = reference;
        self
    }

    /// Sets the expiry.
    pub fn with_expires_at(mut self, expires_at: Option<OffsetDateTime>) -> Self {
        self.expires_at = expires_at;
        self
    }

    /// Sets the payment outcome.
    pub fn with_outcome(mut self, outcome: Option<PaymentOutcome>) -> Self {
        self.outcome = outcome;
        self
    }

    /// Checks an amount `reply` carries, in a create or a read: a negative one is
    /// [`Error::Mismatch`], keeping the body, since no payment link is for less than nothing.
    pub fn check_amount(reply: &Response, amount: Decimal) -> Result<(), Error> {
        not_negative(amount, || {
            (reply.provider(), reply.status, reply.body.clone())
        })
    }

    /// Checks a link as a listing reports it, as [`check_amount`](Self::check_amount) checks a
    /// read: a negative amount is [`Error::Mismatch`], with status 200 and no body, since a
    /// walk keeps no page's bytes once its links are taken out.
    pub fn check_listed(self) -> Result<Self, Error> {
        not_negative(self.amount, || (self.provider, 200, Vec::new()))?;
        Ok(self)
    }
}

/// The rule every link keeps, whatever reported it: no payment link is for less than nothing.
/// A negative `amount` is [`Error::Mismatch`] of the reply `reply` describes (its provider,
/// status and body).
fn not_negative(
    amount: Decimal,
    reply: impl FnOnce() -> (&'static str, u16, Vec<u8>),
) -> Result<(), Error> {
    if amount >= Decimal::ZERO {
        return Ok(());
    }
    let (provider, status, body) = reply();
    Err(mismatch_of(
        provider,
        status,
        body,
        "amount",
        None,
        &amount.to_string(),
    ))
}

/// [`Error::Mismatch`] of `reply` for `field`; see [`mismatch_of`].
fn mismatch(reply: &Response, field: &'static str, asked: Option<String>, answered: &str) -> Error {
    mismatch_of(
        reply.provider(),
        reply.status,
        reply.body.clone(),
        field,
        asked,
        answered,
    )
}

/// [`Error::Mismatch`] of a reply of `provider` with `status` and `body` for `field`, with at
/// most [`SNIPPET_LEN`](crate::error::SNIPPET_LEN) bytes of what the reply says.
fn mismatch_of(
    provider: &'static str,
    status: u16,
    body: Vec<u8>,
    field: &'static str,
    asked: Option<String>,
    answered: &str,
) -> Error {
    Error::Mismatch(Box::new(Mismatch {
        provider,
        status,
        field,
        asked,
        answered: snippet(answered.as_bytes()),
        body,
    }))
}

/// Where a link stands. A provider's status maps to a terminal one (`Completed`, `Expired`,
/// `Failed`) only where the provider documents it as final; anything it does not document is
/// `Unknown`, with the provider's own word.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum LinkStatus {
    /// Created; the payer has not acted yet.
    Created,
    /// The payer has started; not final.
    Pending,
    /// Final: paid, or for Txn, the payer started the child payment (see
    /// [`PaymentLink::outcome`] for whether money arrived).
    Completed,
    /// Expired before completion: final.
    Expired,
    /// Failed: final.
    Failed,
    /// A status this mapping does not know, as the provider sent it.
    Unknown(String),
}

impl LinkStatus {
    /// The status as a lowercase word (`created`, …); an unknown status as the provider sent it.
    pub fn as_str(&self) -> &str {
        match self {
            LinkStatus::Created => "created",
            LinkStatus::Pending => "pending",
            LinkStatus::Completed => "completed",
            LinkStatus::Expired => "expired",
            LinkStatus::Failed => "failed",
            LinkStatus::Unknown(other) => other,
        }
    }

    /// Whether the status is final.
    pub fn is_terminal(&self) -> bool {
        matches!(
            self,
            LinkStatus::Completed | LinkStatus::Expired | LinkStatus::Failed
        )
    }
}

impl fmt::Display for LinkStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How a provider treats one field of [`NewPaymentLink`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Support {
    /// The provider has nowhere to put it: setting it is an error.
    Unsupported,
    /// Sent when set.
    Optional,
    /// Must be set.
    Required,
}

/// Whether and how a provider lists its links.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Listing {
    /// The provider documents no call that lists: a listing is [`Error::Unsupported`].
    Unsupported,
    /// Every link of the account, in one walk.
    All,
    /// One customer's links at a time: [`LinkFilter::customer`](crate::LinkFilter::customer)
    /// is required.
    ByCustomer,
}

/// Which fields of [`NewPaymentLink`] a provider honours, and whether it lists its links.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Capabilities {
    /// The currencies `amount` may be in; `None` for any the provider accepts.
    pub currencies: Option<&'static [&'static str]>,
    /// Whether `currency` may also be the provider's own id of a currency, a UUID (Pay.io's
    /// `currency_id`), instead of a code.
    pub currency_ids: bool,
    /// `reference`.
    pub reference: Support,
    /// `customer`.
    pub customer: Support,
    /// `description`.
    pub description: Support,
    /// `expires_at`.
    pub expires_at: Support,
    /// `success_url`.
    pub success_url: Support,
    /// `failure_url`.
    pub failure_url: Support,
    /// Whether and how the provider lists its links.
    pub listing: Listing,
}

impl Capabilities {
    /// A provider that takes any currency and no optional field; set the fields it honours.
    pub const fn minimal() -> Self {
        Capabilities {
            currencies: None,
            currency_ids: false,
            reference: Support::Unsupported,
            customer: Support::Unsupported,
            description: Support::Unsupported,
            expires_at: Support::Unsupported,
            success_url: Support::Unsupported,
            failure_url: Support::Unsupported,
            listing: Listing::Unsupported,
        }
    }

    /// Sets the currencies `amount` may be in.
    pub const fn currencies(mut self, currencies: &'static [&'static str]) -> Self {
        self.currencies = Some(currencies);
        self
    }

    /// Accepts a UUID, the provider's id of a currency, as `currency` besides a code.
    pub const fn currency_ids(mut self) -> Self {
        self.currency_ids = true;
        self
    }

    /// Sets how `reference` is treated.
    pub const fn reference(mut self, support: Support) -> Self {
        self.reference = support;
        self
    }

    /// Sets how `customer` is treated.
    pub const fn customer(mut self, support: Support) -> Self {
        self.customer = support;
        self
    }

    /// Sets how `description` is treated.
    pub const fn description(mut self, support: Support) -> Self {
        self.description = support;
        self
    }

    /// Sets how `expires_at` is treated.
    pub const fn expires_at(mut self, support: Support) -> Self {
        self.expires_at = support;
        self
    }

    /// Sets how `success_url` is treated.
    pub const fn success_url(mut self, support: Support) -> Self {
        self.success_url = support;
        self
    }

    /// Sets how `failure_url` is treated.
    pub const fn failure_url(mut self, support: Support) -> Self {
        self.failure_url = support;
        self
    }

    /// Sets how the provider lists its links.
    pub const fn listing(mut self, listing: Listing) -> Self {
        self.listing = listing;
        self
    }

    /// Checks `link` against these capabilities and the rules every provider shares, as of
    /// now; see [`check_at`](Self::check_at). Each provider's `create_link` runs it once,
    /// before anything is sent.
    pub fn check(&self, provider: &'static str, link: &NewPaymentLink) -> Result<(), Error> {
        self.check_at(provider, link, OffsetDateTime::now_utc())
    }

    /// Checks `link` as of `now`. An unsupported field that is set, or a currency outside
    /// [`currencies`](Self::currencies), is [`Error::Unsupported`]; otherwise every one of these
    /// is a [`Violation`] of one [`Error::InvalidRequest`]:
    ///
    /// - a required field that is not set ([`Rule::Required`]);
    /// - a `reference`, `customer`, `description` or `currency` that is empty or whitespace
    ///   only ([`Rule::Blank`]);
    /// - a `currency` that is not a code of 2 to 10 ASCII letters or digits (`EUR`, `usdc`),
    ///   nor, where [`currency_ids`](Self::currency_ids) allows it, a UUID ([`Rule::Format`]):
    ///   it is sent as given, so surrounding spaces are refused too;
    /// - an `expires_at` at or before `now` ([`Rule::Future`]): no provider can make a link
    ///   that is already over.
    pub fn check_at(
        &self,
        provider: &'static str,
        link: &NewPaymentLink,
        now: OffsetDateTime,
    ) -> Result<(), Error> {
        let mut violations = Vec::new();
        let mut violate = |field: &str, rule| {
            violations.push(Violation {
                field: field.to_owned(),
                rule,
            });
        };
        if let Some(rule) = self.currency_rule(&link.currency) {
            violate("currency", rule);
        } else if let Some(allowed) = self.currencies
            && !allowed
                .iter()
                .any(|c| c.eq_ignore_ascii_case(&link.currency))
        {
            return Err(Error::Unsupported {
                provider,
                field: "currency",
                reason: format!(
                    "{provider} links are in {} only, not {}",
                    allowed.join(", "),
                    link.currency
                ),
            });
        }
        let other = |field, support, set| (field, support, set, None);
        let fields: [Field<'_>; 6] = [
            text_field("reference", self.reference, &link.reference),
            text_field("customer", self.customer, &link.customer),
            text_field("description", self.description, &link.description),
            other("expires_at", self.expires_at, link.expires_at.is_some()),
            other("success_url", self.success_url, link.success_url.is_some()),
            other("failure_url", self.failure_url, link.failure_url.is_some()),
        ];
        for (field, support, set, text) in fields {
            match (support, set) {
                (Support::Unsupported, true) => {
                    return Err(Error::Unsupported {
                        provider,
                        field,
                        reason: format!("{provider} has no such field on a payment link"),
                    });
                }
                (Support::Required, false) => violate(field, Rule::Required),
                _ if text.is_some_and(|t| t.trim().is_empty()) => violate(field, Rule::Blank),
                _ => {}
            }
        }
        if link.expires_at.is_some_and(|at| at <= now) {
            violate("expires_at", Rule::Future);
        }
        if violations.is_empty() {
            Ok(())
        } else {
            Err(Error::InvalidRequest {
                provider,
                violations,
            })
        }
    }

    /// The rule `currency` breaks, if any: blank, or neither a code of 2 to 10 ASCII letters
    /// or digits nor, where allowed, a UUID.
    fn currency_rule(&self, currency: &str) -> Option<Rule> {
        let code = (2..=10).contains(&currency.len())
            && currency.bytes().all(|b| b.is_ascii_alphanumeric());
        let id = self.currency_ids && uuid::Uuid::parse_str(currency).is_ok();
        if currency.trim().is_empty() {
            Some(Rule::Blank)
        } else if code || id {
            None
        } else if self.currency_ids {
            Some(Rule::Format(
                "a currency code of 2 to 10 ASCII letters or digits, or a currency id (a UUID)"
                    .to_owned(),
            ))
        } else {
            Some(Rule::Format(
                "a currency code of 2 to 10 ASCII letters or digits".to_owned(),
            ))
        }
    }
}

/// A field of [`NewPaymentLink`] as [`Capabilities::check_at`] sees it: its name, how the
/// provider supports it, whether it is set, and its text when it is a text.
type Field<'l> = (&'static str, Support, bool, Option<&'l str>);

/// A text field as [`Field`].
fn text_field<'l>(field: &'static str, support: Support, value: &'l Option<String>) -> Field<'l> {
    (field, support, value.is_some(), value.as_deref())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_listed_link_for_less_than_nothing_is_a_mismatch() {
        let listed = |amount| PaymentLink::new("txn", "l", amount, LinkStatus::Created);
        assert!(listed(Decimal::ZERO).check_listed().is_ok());
        let Err(Error::Mismatch(mismatch)) = listed(Decimal::new(-1, 2)).check_listed() else {
            panic!("a negative amount passed");
        };
        assert_eq!(
            (mismatch.field, mismatch.answered.as_str(), mismatch.status),
            ("amount", "-0.01", 200)
        );
    }

    #[test]
    fn refuses_unsupported_and_missing_fields_and_foreign_currencies() {
        let caps = Capabilities {
            currencies: Some(&["EUR"]),
            expires_at: Support::Required,
            ..Capabilities::minimal()
        };
        let link = NewPaymentLink::new(Decimal::ONE, "eur")
            .expires_at(time::macros::datetime!(2030-01-01 0:00 UTC));
        assert!(caps.check("p100", &link).is_ok());

        let err = caps
            .check("p100", &link.clone().description("x"))
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "p100: description is not supported: p100 has no such field on a payment link"
        );

        let err = caps
            .check("p100", &NewPaymentLink::new(Decimal::ONE, "EUR"))
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "p100: invalid request: expires_at: is required"
        );

        let err = caps
            .check("p100", &NewPaymentLink::new(Decimal::ONE, "USD"))
            .unwrap_err();
        assert_eq!(err.kind(), "unsupported");
    }

    /// Txn's capabilities: reference optional, expiry required, any currency.
    fn txn() -> Capabilities {
        Capabilities::minimal()
            .reference(Support::Optional)
            .customer(Support::Optional)
            .description(Support::Optional)
            .expires_at(Support::Required)
    }

    const NOW: OffsetDateTime = time::macros::datetime!(2026-11-28 12:00 UTC);

    fn violations(caps: &Capabilities, link: &NewPaymentLink) -> Vec<String> {
        match caps.check_at("txn", link, NOW) {
            Err(Error::InvalidRequest { violations, .. }) => {
                violations.iter().map(ToString::to_string).collect()
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn refuses_blank_text_fields_naming_each() {
        let later = NOW + time::Duration::hours(1);
        let link = NewPaymentLink::new(Decimal::ONE, "EUR")
            .expires_at(later)
            .reference("  ")
            .customer("")
            .description("\t\n");
        assert_eq!(
            violations(&txn(), &link),
            [
                "reference: must not be empty or whitespace only",
                "customer: must not be empty or whitespace only",
                "description: must not be empty or whitespace only",
            ]
        );
        let fine = link.reference(" r ").customer("c").description("d");
        assert!(txn().check_at("txn", &fine, NOW).is_ok());
    }

    #[test]
    fn refuses_a_blank_or_malformed_currency_and_takes_a_uuid_only_where_ids_are_allowed() {
        let later = NOW + time::Duration::hours(1);
        let with = |currency: &str| NewPaymentLink::new(Decimal::ONE, currency).expires_at(later);
        let code = "currency: must be a currency code of 2 to 10 ASCII letters or digits";
        for (currency, expected) in [
            ("", "currency: must not be empty or whitespace only"),
            ("   ", "currency: must not be empty or whitespace only"),
            ("E", code),
            (" EUR", code),
            ("EU-R", code),
            ("EURO€", code),
            ("ABCDEFGHIJK", code),
            ("c872e749-fd56-533e-b01f-de87ae38e7f1", code),
        ] {
            assert_eq!(
                violations(&txn(), &with(currency)),
                [expected],
                "{currency:?}"
            );
        }
        for currency in ["EUR", "usdt", "1INCH", "ABCDEFGHIJ"] {
            assert!(
                txn().check_at("txn", &with(currency), NOW).is_ok(),
                "{currency}"
            );
        }

        let payio = Capabilities::minimal().currency_ids();
        let id = NewPaymentLink::new(Decimal::ONE, "c872e749-fd56-533e-b01f-de87ae38e7f1");
        assert!(payio.check_at("payio", &id, NOW).is_ok());
        assert_eq!(
            violations(&payio, &NewPaymentLink::new(Decimal::ONE, "c872e749-fd56")),
            [
                "currency: must be a currency code of 2 to 10 ASCII letters or digits, or a \
              currency id (a UUID)"
            ]
        );
    }

    #[test]
    fn a_malformed_currency_is_invalid_even_where_the_currencies_are_listed() {
        let caps = Capabilities::minimal().currencies(&["EUR"]);
        assert_eq!(
            violations(&caps, &NewPaymentLink::new(Decimal::ONE, "")),
            ["currency: must not be empty or whitespace only"]
        );
    }

    #[test]
    fn refuses_an_expiry_that_is_not_in_the_future() {
        for at in [
            NOW,
            NOW - time::Duration::seconds(1),
            time::macros::datetime!(0000-01-01 0:00 UTC),
        ] {
            let link = NewPaymentLink::new(Decimal::ONE, "EUR").expires_at(at);
            assert_eq!(
                violations(&txn(), &link),
                ["expires_at: must be in the future"],
                "{at}"
            );
        }
        let link = NewPaymentLink::new(Decimal::ONE, "EUR")
            .expires_at(NOW + time::Duration::milliseconds(1));
        assert!(txn().check_at("txn", &link, NOW).is_ok());
        // `check` reads the real clock.
        let past = link.expires_at(OffsetDateTime::now_utc() - time::Duration::seconds(1));
        assert_eq!(
            txn().check("txn", &past).unwrap_err().kind(),
            "invalid_request"
        );
    }

    #[test]
    fn a_reply_is_held_against_the_request_as_decimals_and_keeps_its_body() {
        let body = format!(
            r#"{{"amount":"99999.99","currency":"USD","pad":"{}"}}"#,
            "x".repeat(2000)
        );
        let response = Response::new(
            "test",
            201,
            http::HeaderMap::new(),
            body.clone().into_bytes(),
        );
        let asked = NewPaymentLink::new(Decimal::new(100, 0), "eur");

        // What matches: 100 is 100.00, EUR is eur; nothing echoed is nothing to compare.
        assert!(
            asked
                .check_echo(&response, Some(Decimal::new(10000, 2)), Some("EUR"))
                .is_ok()
        );
        assert!(asked.check_echo(&response, None, None).is_ok());
        assert!(PaymentLink::check_amount(&response, Decimal::ZERO).is_ok());

        let mismatch = |error: Error| match error {
            Error::Mismatch(mismatch) => mismatch,
            other => panic!("{other:?}"),
        };
        let amount = mismatch(
            asked
                .check_echo(&response, Some(Decimal::new(9999999, 2)), Some("EUR"))
                .unwrap_err(),
        );
        assert_eq!(
            (amount.provider, amount.status, amount.field),
            ("test", 201, "amount")
        );
        assert_eq!(
            (amount.asked.as_deref(), amount.answered.as_str()),
            (Some("100"), "99999.99")
        );
        assert_eq!(amount.body, body.as_bytes(), "the whole body is kept");
        let error = Error::Mismatch(amount);
        assert_eq!(error.kind(), "mismatch");
        assert!(!error.is_retryable());
        assert!(
            error.to_string().starts_with(
                r#"test: reply does not match: HTTP 201 says amount 99999.99 where 100 was asked; body: {"amount":"99999.99""#
            ),
            "{error}"
        );
        assert!(format!("{error:?}").len() < 1000, "Debug bounds the body");

        let currency = mismatch(
            asked
                .check_echo(&response, Some(Decimal::new(100, 0)), Some("USD"))
                .unwrap_err(),
        );
        assert_eq!(
            (
                currency.field,
                currency.asked.as_deref(),
                currency.answered.as_str()
            ),
            ("currency", Some("eur"), "USD")
        );

        let negative =
            mismatch(PaymentLink::check_amount(&response, Decimal::new(-5, 1)).unwrap_err());
        assert_eq!(
            (
                negative.field,
                negative.asked.as_deref(),
                negative.answered.as_str()
            ),
            ("amount", None, "-0.5")
        );
        assert!(Error::Mismatch(negative).to_string().starts_with(
            "test: reply does not match: HTTP 201 says amount -0.5, which no link can have; body: "
        ));
    }
}
