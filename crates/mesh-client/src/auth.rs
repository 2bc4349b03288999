//! Mesh's credentials: a client id and a client secret, sent as two headers on every request,
//! and the destinations the account's payment links pay into.
//!
//! Mesh's OpenAPI document declares two `apiKey` security schemes, `Client-Id` (header
//! `X-Client-Id`) and `Client-Secret` (header `X-Client-Secret`). There is no signing: the
//! secret travels as it is, over TLS, so it is kept in a [`SecretString`] and added to requests
//! as a sensitive header that is never printed.

use paylinks_core::validate::{Rule, Violation};
use paylinks_core::{Connector, Error, Request, Response, SecretString};
use secrecy::ExposeSecret;

use crate::PROVIDER;
use crate::generated::TransferToAddressWithAmount;

/// The header that carries the client id.
pub const CLIENT_ID_HEADER: &str = "X-Client-Id";

/// The header that carries the client secret.
pub const CLIENT_SECRET_HEADER: &str = "X-Client-Secret";

/// A Mesh API client id and its secret (sandbox and production each have their own pair), and
/// the receiving addresses the account's payment links offer the payer.
///
/// `Debug` shows the id but prints the secret as `[REDACTED]`.
#[derive(Debug, Clone)]
pub struct Credentials {
    client_id: String,
    client_secret: SecretString,
    to_addresses: Vec<TransferToAddressWithAmount>,
}

impl Credentials {
    /// Credentials from Mesh's dashboard, with no destination yet.
    pub fn new(client_id: impl Into<String>, client_secret: impl Into<SecretString>) -> Self {
        Credentials {
            client_id: client_id.into(),
            client_secret: client_secret.into(),
            to_addresses: Vec::new(),
        }
    }

    /// Adds a destination that payers of a payment link may pay into: the asset's `symbol`
    /// (`USDC`, `ETH`, …), Mesh's id of the network (see [`Client::networks`]) and your
    /// receiving `address` on it. Mesh needs at least one to create a payment link; call this
    /// once per asset and network you accept.
    ///
    /// [`Client::networks`]: crate::Client::networks
    pub fn to_address(
        mut self,
        symbol: impl Into<String>,
        network_id: uuid::Uuid,
        address: impl Into<String>,
    ) -> Self {
        self.to_addresses.push(TransferToAddressWithAmount::new(
            network_id,
            symbol.into(),
            address.into(),
        ));
        self
    }

    /// The client id (not a secret: it identifies the application).
    pub fn client_id(&self) -> &str {
        &self.client_id
    }

    /// The destinations added with [`to_address`](Self::to_address), in the order given.
    pub fn to_addresses(&self) -> &[TransferToAddressWithAmount] {
        &self.to_addresses
    }
}

impl Connector for Credentials {
    /// Checks that the id, the secret and every destination's symbol and address are not blank.
    fn check(&self) -> Result<(), Error> {
        let mut violations = Vec::new();
        let mut require = |field: String, blank: bool| {
            if blank {
                violations.push(Violation {
                    field,
                    rule: Rule::Required,
                });
            }
        };
        require(
            CLIENT_ID_HEADER.to_owned(),
            self.client_id.trim().is_empty(),
        );
        require(
            CLIENT_SECRET_HEADER.to_owned(),
            self.client_secret.expose_secret().trim().is_empty(),
        );
        for (i, to) in self.to_addresses.iter().enumerate() {
            require(
                format!("toAddresses[{i}].symbol"),
                to.symbol.trim().is_empty(),
            );
            require(
                format!("toAddresses[{i}].address"),
                to.address.trim().is_empty(),
            );
        }
        if violations.is_empty() {
            Ok(())
        } else {
            Err(Error::InvalidRequest {
                provider: PROVIDER,
                violations,
            })
        }
    }

    /// Adds both headers; the secret as a sensitive header.
    fn authorize(&self, request: Request) -> Result<Request, Error> {
        request
            .header(CLIENT_ID_HEADER, &self.client_id)?
            .secret_header(CLIENT_SECRET_HEADER, &self.client_secret)
    }

    fn refusal(&self, response: &Response) -> Option<Error> {
        crate::error::refusal(response)
    }
}
