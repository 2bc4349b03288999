//! The five simulated providers, by name. Applications name providers with the `paylinks`
//! crate's `Provider` (which parses names and converts into this one); the simulator keeps its
//! own list, so that it shares no code with the clients it checks.

use std::fmt;

/// A provider the sandbox simulates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Provider {
    /// Pay.io.
    Payio,
    /// Mesh.
    Mesh,
    /// Paywint.
    Paywint,
    /// P100.
    P100,
    /// Txn.
    Txn,
}

impl Provider {
    /// All five, in a fixed order.
    pub const ALL: [Provider; 5] = [
        Provider::Payio,
        Provider::Mesh,
        Provider::Paywint,
        Provider::P100,
        Provider::Txn,
    ];

    /// The lowercase name, as `paylinks-core` reports it and as the sandbox's path prefix
    /// uses it: `payio`, `mesh`, `paywint`, `p100` or `txn`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Provider::Payio => "payio",
            Provider::Mesh => "mesh",
            Provider::Paywint => "paywint",
            Provider::P100 => "p100",
            Provider::Txn => "txn",
        }
    }
}

impl fmt::Display for Provider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
