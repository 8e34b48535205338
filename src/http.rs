//! Requests and responses as values, and what can go wrong getting them (pure): the vendors
//! build [`HttpRequest`]s and read [`HttpResponse`]s; the transport (`net`) executes them, a
//! simulator answers them.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::config::AuthKind;
use crate::model::form::FieldError;

/// HTTP methods the dialects use.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Method {
    /// GET
    Get,
    /// POST
    Post,
    /// PUT
    Put,
    /// DELETE
    Delete,
}

impl Method {
    /// The method's name on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
        }
    }

    /// Parses a method name.
    pub fn parse(s: &str) -> Option<Method> {
        match s {
            "GET" => Some(Method::Get),
            "POST" => Some(Method::Post),
            "PUT" => Some(Method::Put),
            "DELETE" => Some(Method::Delete),
            _ => None,
        }
    }
}

/// A request as a value: what to send, not how.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HttpRequest {
    /// The method.
    pub method: Method,
    /// Path below the backend's base URL, starting with `/`.
    pub path: String,
    /// Query parameters in order (a key may repeat).
    pub query: Vec<(String, String)>,
    /// Extra headers (auth is added by the transport).
    pub headers: Vec<(String, String)>,
    /// JSON body, if any.
    pub body: Option<Value>,
}

impl HttpRequest {
    /// A request without query, headers or body.
    pub fn new(method: Method, path: impl Into<String>) -> Self {
        HttpRequest {
            method,
            path: path.into(),
            query: Vec::new(),
            headers: Vec::new(),
            body: None,
        }
    }

    /// Adds a query parameter.
    pub fn query(mut self, key: &str, value: impl Into<String>) -> Self {
        self.query.push((key.to_string(), value.into()));
        self
    }

    /// Sets the JSON body.
    pub fn json(mut self, body: Value) -> Self {
        self.body = Some(body);
        self
    }

    /// The first value of a query parameter.
    pub fn query_value(&self, key: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// Path and percent-encoded query, as it goes after the base URL.
    pub fn path_and_query(&self) -> String {
        if self.query.is_empty() {
            return self.path.clone();
        }
        let q: Vec<String> = self
            .query
            .iter()
            .map(|(k, v)| format!("{}={}", percent_encode(k), percent_encode(v)))
            .collect();
        format!("{}?{}", self.path, q.join("&"))
    }
}

/// The request as a `curl` command line, for "Copy as curl": `base_url` in front of the path,
/// the body pretty-printed, and no credential — the command carries what `auth` sends as a
/// placeholder for the user to fill in (`$TOKEN` for a bearer token, `$API_KEY:$API_SECRET`
/// for Basic, nothing when the backend takes no credentials), and every secret in the body
/// is replaced by `$SECRET_<KEY>` (the [secret policy](crate::secret) decides, with `marked`
/// naming the keys the catalog marks secret).
pub fn to_curl(
    req: &HttpRequest,
    base_url: &str,
    auth: AuthKind,
    marked: &dyn Fn(&str) -> bool,
) -> String {
    let quote = |s: &str| format!("'{}'", s.replace('\'', "'\\''"));
    let url = format!("{}{}", base_url.trim_end_matches('/'), req.path_and_query());
    let mut out = format!("curl -X {} {}", req.method.as_str(), quote(&url));
    match auth {
        AuthKind::None => {}
        AuthKind::Basic => out.push_str(" \\\n  -u \"$API_KEY:$API_SECRET\""),
        AuthKind::Bearer | AuthKind::ClientCredentials => {
            out.push_str(" \\\n  -H \"Authorization: Bearer $TOKEN\"")
        }
    }
    for (k, v) in &req.headers {
        if k.eq_ignore_ascii_case("authorization") || k.eq_ignore_ascii_case("cookie") {
            continue;
        }
        out.push_str(&format!(" \\\n  -H {}", quote(&format!("{k}: {v}"))));
    }
    if let Some(body) = &req.body {
        let body = placeholders(body, None, marked, 0);
        let text = serde_json::to_string_pretty(&body).unwrap_or_default();
        out.push_str(" \\\n  -H 'Content-Type: application/json'");
        out.push_str(&format!(" \\\n  --data-raw {}", quote(&text)));
    }
    out
}

/// The URL "Copy as curl" puts in front of a request's path: the backend's `base_url`, with
/// the page's `origin` in front of a same-origin path (so the command runs anywhere), or
/// `https://YOUR-BACKEND` for a backend without one (the in-page simulators).
pub fn curl_base(base_url: Option<&str>, origin: &str) -> String {
    match base_url {
        Some(b) if b.starts_with('/') => format!("{}{b}", origin.trim_end_matches('/')),
        Some(b) => b.to_string(),
        None => "https://YOUR-BACKEND".to_string(),
    }
}

/// `value` (found under `key`) with every secret replaced by its
/// [placeholder](crate::secret::placeholder): entries and list items alike. A list or object
/// nested deeper than any configuration is replaced whole (nothing unchecked leaves).
fn placeholders(
    value: &Value,
    key: Option<&str>,
    marked: &dyn Fn(&str) -> bool,
    depth: usize,
) -> Value {
    let container = value.is_object() || value.is_array();
    let secret =
        !value.is_object() && crate::secret::is_secret(key.is_some_and(marked), key, value);
    if secret || (container && depth >= 32) {
        return Value::String(crate::secret::placeholder(key));
    }
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), placeholders(v, Some(k), marked, depth + 1)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(
            items
                .iter()
                .map(|v| placeholders(v, key, marked, depth + 1))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// Percent-encodes a query component or path segment (RFC 3986 unreserved characters stay).
pub fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Decodes `%XX` escapes and `+` (as space) in a query component.
pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push(h * 16 + l);
                    i += 3;
                    continue;
                }
                _ => out.push(b'%'),
            },
            b'+' => out.push(b' '),
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

/// A response as a value.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HttpResponse {
    /// Status code.
    pub status: u16,
    /// Headers (lowercase names).
    pub headers: Vec<(String, String)>,
    /// Body text.
    pub body: String,
}

impl HttpResponse {
    /// A JSON response.
    pub fn json(status: u16, body: &Value) -> Self {
        HttpResponse {
            status,
            headers: vec![("content-type".into(), "application/json".into())],
            body: body.to_string(),
        }
    }

    /// True for 2xx.
    pub fn ok(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// A header by (case-insensitive) name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Everything that can go wrong talking to a backend, with what to tell the user.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum ApiError {
    /// The request never got an answer (offline, DNS, CORS, refused).
    #[error("Could not reach the server: {0}")]
    Network(String),
    /// No answer within the time limit.
    #[error("The server did not answer within {0} seconds.")]
    Timeout(u32),
    /// The server answered with an error status.
    #[error("{message}")]
    Http {
        /// Status code.
        status: u16,
        /// The server's message, or a description of the status.
        message: String,
        /// Problems the server tied to specific fields.
        fields: Vec<FieldError>,
        /// Seconds the server asked us to wait (429/503), if it said.
        retry_after: Option<u32>,
    },
    /// The server answered 2xx with something we could not read.
    #[error("The server's answer could not be read: {0}")]
    Malformed(String),
    /// The answer was larger than the console reads (bytes).
    #[error("The server's answer is larger than {} MiB, so it was not read.", .0 >> 20)]
    TooLarge(u64),
}

impl ApiError {
    /// The HTTP status, when there was one.
    pub fn status(&self) -> Option<u16> {
        match self {
            ApiError::Http { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// Field-level problems (empty for banner-only errors).
    pub fn field_errors(&self) -> &[FieldError] {
        match self {
            ApiError::Http { fields, .. } => fields,
            _ => &[],
        }
    }

    /// True when trying again later may succeed (network, timeout, 429, 5xx).
    pub fn is_transient(&self) -> bool {
        match self {
            ApiError::Network(_) | ApiError::Timeout(_) => true,
            ApiError::Http { status, .. } => *status == 429 || *status >= 500,
            ApiError::Malformed(_) | ApiError::TooLarge(_) => false,
        }
    }

    /// A headline for a banner: what happened, in words a user can act on.
    pub fn title(&self) -> String {
        match self {
            ApiError::Network(_) => "Can't reach the server".into(),
            ApiError::Timeout(_) => "The server is not answering".into(),
            ApiError::Http { status, .. } => match status {
                400 | 422 => "The server rejected the request".into(),
                401 => "Sign-in needed (401)".into(),
                403 => "Not allowed (403)".into(),
                404 => "Not found (404)".into(),
                409 => "Conflict (409)".into(),
                429 => "Too many requests (429)".into(),
                s if *s >= 500 => format!("Server error ({s})"),
                s => format!("Request failed ({s})"),
            },
            ApiError::Malformed(_) => "Unexpected answer from the server".into(),
            ApiError::TooLarge(_) => "The server's answer is too large".into(),
        }
    }
}

/// Describes a status code when the body has nothing better.
pub fn status_text(status: u16) -> String {
    match status {
        400 => "Bad request.".into(),
        401 => "Your credentials were not accepted. Enter a valid token and try again.".into(),
        403 => "Your credentials do not allow this action.".into(),
        404 => "It no longer exists on the server.".into(),
        409 => "The server reported a conflict; try again in a moment.".into(),
        422 => "The server could not process this request.".into(),
        429 => "The server is rate limiting requests.".into(),
        500 => "The server failed while handling the request.".into(),
        502..=504 => "The server or a gateway in front of it is unavailable.".into(),
        s => format!("The server answered with status {s}."),
    }
}

/// Parses `Retry-After` (seconds form) or `X-RateLimit-Reset` (relative seconds).
pub fn retry_after(resp: &HttpResponse) -> Option<u32> {
    ["retry-after", "x-ratelimit-reset"]
        .iter()
        .find_map(|h| resp.header(h)?.trim().parse::<u32>().ok())
}

/// Appends the complete UTF-8 text at the front of `bytes` to `out` and removes it from
/// `bytes`, keeping a trailing partial character for the next chunk (a body read as it
/// streams). Invalid bytes become U+FFFD.
pub fn drain_utf8(bytes: &mut Vec<u8>, out: &mut String) {
    loop {
        match std::str::from_utf8(bytes) {
            Ok(s) => {
                out.push_str(s);
                bytes.clear();
                return;
            }
            Err(e) => {
                let valid = e.valid_up_to();
                out.push_str(std::str::from_utf8(&bytes[..valid]).unwrap_or_default());
                match e.error_len() {
                    // A character cut by the chunk boundary: wait for the rest.
                    None => {
                        bytes.drain(..valid);
                        return;
                    }
                    Some(n) => {
                        out.push('\u{FFFD}');
                        bytes.drain(..valid + n);
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_strings_are_encoded() {
        let r = HttpRequest::new(Method::Get, "/sources")
            .query("partial_name", "orders pg&x")
            .query("page", "2");
        assert_eq!(
            r.path_and_query(),
            "/sources?partial_name=orders%20pg%26x&page=2"
        );
        assert_eq!(percent_decode("orders%20pg%26x+y"), "orders pg&x y");
        assert_eq!(percent_decode("100%"), "100%");
    }
}
