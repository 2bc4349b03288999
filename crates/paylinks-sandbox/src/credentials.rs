//! The credentials the sandbox accepts, one set per provider, and the secrets it signs its
//! webhooks with.

use secrecy::SecretString;

/// The Pay.io private key the sandbox accepts signatures from by default: a 2048-bit RSA key
/// made for the sandbox and published with it. Never upload it to a real Pay.io account.
const PAYIO_SANDBOX_KEY: &str = include_str!("../keys/payio-sandbox-key.pem");

/// The RSA key the sandbox signs its Pay.io webhooks with, playing Pay.io, and its public half,
/// which a verifier takes. Made for the sandbox and published with it.
const PAYIO_WEBHOOK_KEY: &str = include_str!("../keys/payio-webhook-key.pem");
const PAYIO_WEBHOOK_PUBLIC_KEY: &str = include_str!("../keys/payio-webhook-public.pem");

/// The credentials each simulated provider accepts. [`Default`] gives fixed, published
/// sandbox values, so a test or a shell can use them without reading them from the server.
///
/// They are sandbox credentials, good for nothing else, but `Debug` still hides every secret,
/// as everywhere in paylinks.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Credentials {
    /// Pay.io `X-API-Key`.
    pub payio_api_key: SecretString,
    /// The PEM (PKCS#8) RSA private key whose public half the sandbox verifies Pay.io
    /// signatures with.
    pub payio_private_key_pem: SecretString,
    /// Mesh `X-Client-Id`.
    pub mesh_client_id: String,
    /// Mesh `X-Client-Secret`.
    pub mesh_client_secret: SecretString,
    /// Paywint `X-Api-Key`.
    pub paywint_api_key: SecretString,
    /// Paywint `X-Api-Secret`.
    pub paywint_api_secret: SecretString,
    /// P100 `x-api-key`.
    pub p100_api_key: SecretString,
    /// Txn bearer API key.
    pub txn_api_key: SecretString,
    /// The PEM (PKCS#8) RSA private key the sandbox signs Pay.io webhooks with (`X-Signature`).
    pub payio_webhook_private_key_pem: SecretString,
    /// Its public half (SPKI PEM), what `payio_client::webhook::Verifier` takes.
    pub payio_webhook_public_key_pem: String,
    /// The secret of Mesh's `X-Mesh-Signature-256`.
    pub mesh_webhook_secret: SecretString,
    /// The Webhook Security Token P100 sends in `Authorization`.
    pub p100_webhook_token: SecretString,
    /// Txn's Svix signing secret (`whsec_` and Base64).
    pub txn_webhook_secret: SecretString,
}

impl Default for Credentials {
    fn default() -> Self {
        Credentials {
            payio_api_key: "payio_sandbox_key".into(),
            payio_private_key_pem: PAYIO_SANDBOX_KEY.into(),
            mesh_client_id: "mesh-sandbox-client".to_owned(),
            mesh_client_secret: "mesh_sandbox_secret".into(),
            paywint_api_key: "5a1d2b7e-0c4f-4e8a-9b3d-7f6e5d4c3b2a".into(),
            paywint_api_secret: "paywint_sandbox_secret".into(),
            p100_api_key: "p100_sandbox_key".into(),
            txn_api_key: "txn_cmp_sandbox".into(),
            payio_webhook_private_key_pem: PAYIO_WEBHOOK_KEY.into(),
            payio_webhook_public_key_pem: PAYIO_WEBHOOK_PUBLIC_KEY.to_owned(),
            mesh_webhook_secret: "mesh_sandbox_webhook_secret".into(),
            p100_webhook_token: "p100_sandbox_webhook_token".into(),
            // Base64 of the 25 bytes `paylinks-sandbox-svix-key`.
            txn_webhook_secret: "whsec_cGF5bGlua3Mtc2FuZGJveC1zdml4LWtleQ==".into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_hides_every_secret() {
        let shown = format!("{:?}", Credentials::default());
        for secret in [
            "payio_sandbox_key",
            "PRIVATE KEY",
            "mesh_sandbox_secret",
            "5a1d2b7e",
            "paywint_sandbox_secret",
            "p100_sandbox_key",
            "txn_cmp_sandbox",
            "mesh_sandbox_webhook_secret",
            "p100_sandbox_webhook_token",
            "whsec_",
        ] {
            assert!(!shown.contains(secret), "{secret} in {shown}");
        }
        assert!(shown.contains("mesh-sandbox-client"));
    }
}
