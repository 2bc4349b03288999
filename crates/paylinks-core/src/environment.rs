//! Which host a client talks to: a provider's documented sandbox or production, or your own.

use std::net::IpAddr;

use url::Url;

use crate::error::Error;

/// A provider's documented hosts; `None` where the provider publishes none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hosts {
    /// The sandbox (staging) base URL.
    pub sandbox: Option<&'static str>,
    /// The production base URL.
    pub production: Option<&'static str>,
}

/// Where a client sends its requests.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Environment {
    /// The provider's documented sandbox.
    #[default]
    Sandbox,
    /// The provider's documented production host.
    Production,
    /// Your own base URL: a proxy, the paylinks sandbox, a test server.
    Custom(BaseUrl),
}

impl Environment {
    /// A custom base URL; see [`BaseUrl::parse`].
    pub fn custom(url: &str) -> Result<Self, BaseUrlError> {
        BaseUrl::parse(url).map(Environment::Custom)
    }

    /// The base URL for `provider`, whose documented hosts are `hosts`.
    pub fn base_url(&self, provider: &'static str, hosts: Hosts) -> Result<Url, Error> {
        let (documented, which) = match self {
            Environment::Custom(base) => return Ok(base.0.clone()),
            Environment::Sandbox => (hosts.sandbox, "sandbox"),
            Environment::Production => (hosts.production, "production"),
        };
        let host = documented.ok_or_else(|| Error::Unsupported {
            provider,
            field: "environment",
            reason: format!("{provider} documents no {which} host; use Environment::Custom"),
        })?;
        Url::parse(host).map_err(|e| Error::Unsupported {
            provider,
            field: "environment",
            reason: format!("documented host {host} does not parse: {e}"),
        })
    }
}

/// A base URL a client may use: https, or plain http to a loopback address only, with no
/// credentials, query or fragment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrl(Url);

/// Why a base URL was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BaseUrlError {
    /// It is not a URL.
    #[error("not a URL: {0}")]
    Parse(String),
    /// Plain http to a host that is not loopback would send credentials in the clear.
    #[error("the base URL must be https unless its host is a loopback address: {0}")]
    Insecure(String),
    /// Credentials, a query or a fragment do not belong in a base URL.
    #[error("the base URL must have no user, password, query or fragment: {0}")]
    Extra(String),
}

impl BaseUrl {
    /// Parses and checks a base URL.
    pub fn parse(url: &str) -> Result<Self, BaseUrlError> {
        let parsed = Url::parse(url).map_err(|e| BaseUrlError::Parse(format!("{url}: {e}")))?;
        if !parsed.username().is_empty()
            || parsed.password().is_some()
            || parsed.query().is_some()
            || parsed.fragment().is_some()
        {
            return Err(BaseUrlError::Extra(
                parsed.host_str().unwrap_or_default().to_owned(),
            ));
        }
        match parsed.scheme() {
            "https" if parsed.host().is_some() => Ok(BaseUrl(parsed)),
            "http" if is_loopback(&parsed) => Ok(BaseUrl(parsed)),
            _ => Err(BaseUrlError::Insecure(url.to_owned())),
        }
    }

    /// The URL.
    pub fn as_url(&self) -> &Url {
        &self.0
    }
}

/// Whether the URL's host is this machine (`localhost`, `127.0.0.0/8`, `::1`).
pub(crate) fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_https_and_loopback_http_only() {
        for ok in [
            "https://api.example.com",
            "http://127.0.0.1:9000/txn",
            "http://localhost:1",
            "http://[::1]:8080",
            "http://127.8.0.1",
        ] {
            assert!(BaseUrl::parse(ok).is_ok(), "{ok}");
        }
        for bad in [
            "http://api.example.com",
            "http://10.0.0.1",
            "ftp://127.0.0.1",
            "https://u:p@x.com",
            "https://x.com/?a=1",
            "nope",
        ] {
            assert!(BaseUrl::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn missing_documented_host_is_unsupported() {
        let hosts = Hosts {
            sandbox: Some("https://sandbox.example.com"),
            production: None,
        };
        assert_eq!(
            Environment::Sandbox.base_url("x", hosts).unwrap().as_str(),
            "https://sandbox.example.com/"
        );
        let err = Environment::Production.base_url("x", hosts).unwrap_err();
        assert_eq!(
            err.to_string(),
            "x: environment is not supported: x documents no production host; use Environment::Custom"
        );
    }
}
