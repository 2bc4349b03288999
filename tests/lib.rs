//! Cross-provider tests of the paylinks workspace, run for all five providers through
//! `Box<dyn PaymentLinkProvider>` against the embedded sandbox: one scenario suite
//! (`scenarios.rs`) and the webhook loop (`webhooks.rs`). This library holds what both use.

use paylinks_core::{NewPaymentLink, PaymentLinkProvider, Support};
use rust_decimal::Decimal;
use time::{Duration, OffsetDateTime};

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
