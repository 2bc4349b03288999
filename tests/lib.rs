//! Cross-provider tests of the paylinks workspace: one scenario suite (`scenarios.rs`) run for
//! all five providers through `Box<dyn PaymentLinkProvider>` against the embedded sandbox.
