//! Credentials for a backend (pure). They live in memory; only when the user ticks "remember
//! for this tab" are they written to `sessionStorage` — never to `localStorage`, the URL, logs
//! or error reports.

use serde::{Deserialize, Serialize};

use crate::config::AuthKind;

/// What the user entered (or nothing).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Credentials {
    /// None given.
    #[default]
    None,
    /// A bearer token.
    Bearer {
        /// The token.
        token: String,
    },
    /// HTTP Basic (Confluent Cloud API key and secret).
    Basic {
        /// User or API key.
        user: String,
        /// Password or API secret.
        password: String,
    },
    /// Streamkap API client credentials, exchanged for access tokens.
    Client {
        /// Client id.
        client_id: String,
        /// Client secret.
        secret: String,
    },
}

impl Credentials {
    /// True when nothing usable was entered.
    pub fn is_none(&self) -> bool {
        match self {
            Credentials::None => true,
            Credentials::Bearer { token } => token.trim().is_empty(),
            Credentials::Basic { user, password } => user.trim().is_empty() && password.is_empty(),
            Credentials::Client { client_id, secret } => {
                client_id.trim().is_empty() || secret.is_empty()
            }
        }
    }

    /// A description without any secret ("API key AKIA…", "client id x"), for the header.
    pub fn describe(&self) -> String {
        match self {
            Credentials::None => "not signed in".into(),
            Credentials::Bearer { .. } => "bearer token".into(),
            Credentials::Basic { user, .. } => format!("as {user}"),
            Credentials::Client { client_id, .. } => format!("client {client_id}"),
        }
    }
}

/// The labels of the two inputs a sign-in form shows for `kind` (None: no form at all).
pub fn field_labels(
    kind: AuthKind,
    dialect: crate::config::DialectKind,
) -> Option<(&'static str, &'static str)> {
    use crate::config::DialectKind;
    match kind {
        AuthKind::None => None,
        AuthKind::Bearer => Some(("Bearer token", "")),
        AuthKind::Basic if dialect == DialectKind::ConfluentCloud => {
            Some(("Cloud API key", "Cloud API secret"))
        }
        AuthKind::Basic => Some(("User", "Password")),
        AuthKind::ClientCredentials => Some(("Client ID", "Client secret")),
    }
}

/// Builds credentials of `kind` from the two inputs of the sign-in form.
pub fn from_inputs(kind: AuthKind, first: &str, second: &str) -> Credentials {
    match kind {
        AuthKind::None => Credentials::None,
        AuthKind::Bearer => Credentials::Bearer {
            token: first.trim().to_string(),
        },
        AuthKind::Basic => Credentials::Basic {
            user: first.trim().to_string(),
            password: second.to_string(),
        },
        AuthKind::ClientCredentials => Credentials::Client {
            client_id: first.trim().to_string(),
            secret: second.to_string(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::DialectKind;

    #[test]
    fn credentials_round_trip_and_describe_without_secrets() {
        let c = from_inputs(AuthKind::ClientCredentials, " abc ", "s3cret");
        assert_eq!(
            c,
            Credentials::Client {
                client_id: "abc".into(),
                secret: "s3cret".into()
            }
        );
        assert!(!c.describe().contains("s3cret"));
        let json = serde_json::to_string(&c).unwrap();
        assert_eq!(serde_json::from_str::<Credentials>(&json).unwrap(), c);
        assert!(from_inputs(AuthKind::ClientCredentials, "abc", "").is_none());
        assert!(!from_inputs(AuthKind::Basic, "key", "secret")
            .describe()
            .contains("secret"));
        assert_eq!(
            field_labels(AuthKind::Basic, DialectKind::ConfluentCloud),
            Some(("Cloud API key", "Cloud API secret"))
        );
        assert_eq!(field_labels(AuthKind::None, DialectKind::Laminar), None);
    }
}
