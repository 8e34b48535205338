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
    /// HTTP Basic (a user and password, or an API key and secret).
    Basic {
        /// User or API key.
        user: String,
        /// Password or API secret.
        password: String,
    },
    /// API client credentials, exchanged for access tokens.
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

/// The labels of the two inputs a sign-in form shows for `kind` (None: no form at all), as
/// most vendors name them (a vendor may name them its own way).
pub fn field_labels(kind: AuthKind) -> Option<(&'static str, &'static str)> {
    match kind {
        AuthKind::None => None,
        AuthKind::Bearer => Some(("Bearer token", "")),
        AuthKind::Basic => Some(("User", "Password")),
        AuthKind::ClientCredentials => Some(("Client ID", "Client secret")),
    }
}

/// The value of an `Authorization` header for HTTP Basic.
pub fn basic_auth(user: &str, password: &str) -> String {
    format!(
        "Basic {}",
        base64_encode(format!("{user}:{password}").as_bytes())
    )
}

/// The standard base64 alphabet.
pub const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard base64 (RFC 4648, with `=` padding).
pub fn base64_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for (i, shift) in [18u32, 12, 6, 0].iter().enumerate() {
            if i <= chunk.len() {
                out.push(B64[((n >> shift) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// An access token and when it expires.
#[derive(Clone, Debug, PartialEq)]
pub struct Token {
    /// The bearer token.
    pub access: String,
    /// The token that gets a new one.
    pub refresh: Option<String>,
    /// Expiry, ms since the epoch.
    pub expires_at_ms: f64,
    /// How long the token was issued for, ms.
    pub lifetime_ms: f64,
}

/// A token that claims less than this much life (`expiresIn: 0`) is still used for this long:
/// the requests that waited for it use it, and a 401 renews it — at most one renewal a second,
/// not one per request.
pub const MIN_TOKEN_USE_MS: f64 = 1_000.0;

impl Token {
    /// True when the token is expired or expires within `margin_ms` — unless it claimed less
    /// than [`MIN_TOKEN_USE_MS`] of life and was issued less than that long ago.
    pub fn needs_refresh(&self, now_ms: f64, margin_ms: f64) -> bool {
        let issued = self.expires_at_ms - self.lifetime_ms;
        let too_young = self.lifetime_ms < MIN_TOKEN_USE_MS && now_ms - issued < MIN_TOKEN_USE_MS;
        now_ms + margin_ms >= self.expires_at_ms && !too_young
    }

    /// How long before expiry to refresh: a fifth of the lifetime, at most a minute.
    pub fn refresh_margin_ms(&self) -> f64 {
        (self.lifetime_ms * 0.2).min(60_000.0)
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
        assert_eq!(field_labels(AuthKind::Basic), Some(("User", "Password")));
        assert_eq!(field_labels(AuthKind::None), None);
    }

    #[test]
    fn a_token_that_expires_at_once_is_still_used_briefly() {
        let t = Token {
            access: "a".into(),
            refresh: None,
            expires_at_ms: 1_000.0,
            lifetime_ms: 0.0,
        };
        assert!(!t.needs_refresh(1_000.0, t.refresh_margin_ms()));
        assert!(!t.needs_refresh(1_999.0, t.refresh_margin_ms()));
        assert!(t.needs_refresh(2_000.0, t.refresh_margin_ms()));
        let hour = Token {
            lifetime_ms: 3_600_000.0,
            expires_at_ms: 3_600_000.0,
            ..t.clone()
        };
        assert!(!hour.needs_refresh(0.0, hour.refresh_margin_ms()));
        assert!(hour.needs_refresh(3_540_000.0, hour.refresh_margin_ms()));
    }

    #[test]
    fn basic_auth_is_base64() {
        assert_eq!(
            basic_auth("Aladdin", "open sesame"),
            "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="
        );
        assert_eq!(base64_encode(b"a"), "YQ==");
    }
}
