//! The five providers, by name.

use std::fmt;
use std::str::FromStr;

/// A payment-link provider paylinks has a client for. Every name is here whatever the crate's
/// features; building a client for one whose feature is off is [`Error::Unsupported`].
///
/// [`Error::Unsupported`]: paylinks_core::Error::Unsupported
///
/// Matching on it is exhaustive on purpose: a sixth provider is a breaking change of this
/// crate, and every `match` that must learn about it fails to compile until it does.
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
    /// Every provider, in a fixed order (a slice, so that one more is not a breaking change).
    pub const ALL: &'static [Provider] = &[
        Provider::Payio,
        Provider::Mesh,
        Provider::Paywint,
        Provider::P100,
        Provider::Txn,
    ];

    /// The lowercase name, as `paylinks-core` reports it in [`PaymentLink::provider`] and
    /// errors: `payio`, `mesh`, `paywint`, `p100` or `txn`.
    ///
    /// [`PaymentLink::provider`]: paylinks_core::PaymentLink::provider
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

impl Provider {
    /// What building anything for this provider fails with when its feature is off.
    pub(crate) fn not_compiled(self) -> paylinks_core::Error {
        paylinks_core::Error::Unsupported {
            provider: self.as_str(),
            field: "provider",
            reason: crate::CredentialsError::NotCompiled(self).to_string(),
        }
    }
}

impl fmt::Display for Provider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A name that is not one of the five providers.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct UnknownProvider(pub String);

/// `unknown provider "stripe": expected payio, mesh, paywint, p100 or txn`, the names read
/// from [`Provider::ALL`].
impl fmt::Display for UnknownProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = Provider::ALL.iter().map(|p| p.as_str()).collect();
        let (last, others) = names.split_last().unwrap_or((&"", &[]));
        write!(
            f,
            "unknown provider {:?}: expected {} or {last}",
            self.0,
            others.join(", ")
        )
    }
}

impl FromStr for Provider {
    type Err = UnknownProvider;

    /// Parses a lowercase name (ASCII case is ignored).
    fn from_str(name: &str) -> Result<Self, Self::Err> {
        Provider::ALL
            .iter()
            .copied()
            .find(|p| p.as_str().eq_ignore_ascii_case(name))
            .ok_or_else(|| UnknownProvider(name.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for &provider in Provider::ALL {
            assert_eq!(provider.as_str().parse::<Provider>(), Ok(provider));
        }
        assert_eq!("TXN".parse::<Provider>(), Ok(Provider::Txn));
        assert!("stripe".parse::<Provider>().is_err());
        assert_eq!(
            "stripe".parse::<Provider>().unwrap_err().to_string(),
            r#"unknown provider "stripe": expected payio, mesh, paywint, p100 or txn"#
        );
    }
}
