//! Everything a command can fail with, its kind and its exit code.

use paylinks::CredentialsError;
use paylinks_core::{Error, ErrorKind};

/// The exit code of `reconcile` when it found differences: an order not paid in full as
/// ordered, or a paid link no order expects. Not a failure: the command did its job.
pub(crate) const DIFFERENCES: u8 = 8;

/// Why a command failed.
#[derive(Debug)]
pub(crate) enum Failure {
    /// The provider's client refused the request or the provider answered with an error.
    Provider(Error),
    /// A flag value or combination the CLI cannot use.
    Usage {
        /// The flag (`--amount`).
        flag: &'static str,
        /// What is wrong with it.
        message: String,
    },
    /// A credential the environment does not provide or that cannot be read.
    Credentials {
        /// The environment variable.
        variable: &'static str,
        /// What is wrong with it (`is not set`), never its value.
        problem: String,
    },
    /// The CLI itself could not run: the sandbox did not start.
    Internal(String),
    /// A failure in a step the CLI took on its own (looking up a default), named so the
    /// message says which request failed.
    During {
        /// The step, in words (`listing the sandbox's Mesh networks`).
        step: &'static str,
        /// What failed.
        failure: Box<Failure>,
    },
}

impl From<Error> for Failure {
    fn from(error: Error) -> Self {
        Failure::Provider(error)
    }
}

impl From<CredentialsError> for Failure {
    fn from(error: CredentialsError) -> Self {
        match error {
            CredentialsError::Variable { variable, problem } => {
                Failure::Credentials { variable, problem }
            }
            // Every provider's feature is on in the CLI.
            other => Failure::Internal(other.to_string()),
        }
    }
}

impl Failure {
    /// A usage failure for `flag`.
    pub(crate) fn usage(flag: &'static str, message: impl Into<String>) -> Self {
        Failure::Usage {
            flag,
            message: message.into(),
        }
    }

    /// This failure, as one of `step`.
    pub(crate) fn during(self, step: &'static str) -> Self {
        Failure::During {
            step,
            failure: Box::new(self),
        }
    }

    /// The kind: [`Error::kind`] for provider errors, else `usage`, `credentials` or `internal`.
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            Failure::Provider(error) => error.kind().as_str(),
            Failure::Usage { .. } => "usage",
            Failure::Credentials { .. } => "credentials",
            Failure::Internal(_) => "internal",
            Failure::During { failure, .. } => failure.kind(),
        }
    }

    /// The provider error behind this failure, if it is one.
    pub(crate) fn error(&self) -> Option<&Error> {
        match self {
            Failure::Provider(error) => Some(error),
            Failure::During { failure, .. } => failure.error(),
            _ => None,
        }
    }

    /// The process exit code for this failure: 2 the request cannot be made as given, 3 the
    /// provider refused it, 4 the credentials, 5 try again later, 6 a reply that cannot be
    /// taken as the answer (a body that does not decode, a redirect, a link other than the one
    /// asked for), 7 a create that may have made a link although no reply says so (do not
    /// repeat it; look the link up), 1 anything else.
    pub(crate) fn exit_code(&self) -> u8 {
        match self {
            Failure::Provider(error) => exit_code(error.kind()),
            Failure::Usage { .. } | Failure::Credentials { .. } => 2,
            Failure::Internal(_) => 1,
            Failure::During { failure, .. } => failure.exit_code(),
        }
    }
}

/// The exit code for a provider error of this kind.
fn exit_code(kind: ErrorKind) -> u8 {
    match kind {
        ErrorKind::InvalidRequest | ErrorKind::Unsupported => 2,
        ErrorKind::Validation
        | ErrorKind::Duplicate
        | ErrorKind::NotFound
        | ErrorKind::Rejected => 3,
        ErrorKind::Auth => 4,
        ErrorKind::RateLimited | ErrorKind::Unavailable | ErrorKind::Transport => 5,
        // A mismatched create may still have made a link: like an undocumented reply, it
        // needs a look, not a retry.
        ErrorKind::Decode | ErrorKind::Redirect | ErrorKind::Mismatch => 6,
        ErrorKind::Unconfirmed => 7,
        _ => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_its_documented_code() {
        let table = [
            (ErrorKind::InvalidRequest, 2),
            (ErrorKind::Unsupported, 2),
            (ErrorKind::Validation, 3),
            (ErrorKind::Duplicate, 3),
            (ErrorKind::NotFound, 3),
            (ErrorKind::Rejected, 3),
            (ErrorKind::Auth, 4),
            (ErrorKind::RateLimited, 5),
            (ErrorKind::Unavailable, 5),
            (ErrorKind::Transport, 5),
            (ErrorKind::Decode, 6),
            (ErrorKind::Redirect, 6),
            (ErrorKind::Mismatch, 6),
            (ErrorKind::Unconfirmed, 7),
        ];
        for (kind, code) in table {
            assert_eq!(exit_code(kind), code, "{kind}");
        }
        let usage = Failure::usage("--amount", "bad");
        let credentials = Failure::Credentials {
            variable: "TXN_API_KEY",
            problem: "is not set".into(),
        };
        let internal = Failure::Internal("no port".into());
        let cli = [
            (usage, "usage", 2),
            (credentials, "credentials", 2),
            (internal, "internal", 1),
        ];
        for (failure, kind, code) in cli {
            assert_eq!((failure.kind(), failure.exit_code()), (kind, code));
            assert_eq!(failure.during("a step").exit_code(), code);
        }
    }
}
