//! Runtime configuration: `config.json` served beside the app (a public interface).
//!
//! ```json
//! { "backends": [
//!     { "id": "demo", "label": "Streamkap (simulated)", "dialect": "streamkap", "simulated": true },
//!     { "id": "prod", "label": "Streamkap", "dialect": "streamkap", "base_url": "https://api.example.com" } ],
//!   "default_backend": "demo" }
//! ```
//! Parsing is tolerant: a bad backend entry is dropped with a notice; a file with no usable
//! backend falls back to the built-in simulated backend, also with a notice.

use serde_json::Value;

/// The backend API families the console speaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DialectKind {
    /// Streamkap's REST API.
    Streamkap,
    /// Apache Kafka Connect's REST API.
    KafkaConnect,
    /// Confluent Cloud's Connect API.
    ConfluentCloud,
    /// Laminar's (Arroyo's) API.
    Laminar,
}

impl DialectKind {
    /// Parses the `dialect` value of a backend entry.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "streamkap" => Some(DialectKind::Streamkap),
            "kafka-connect" => Some(DialectKind::KafkaConnect),
            "confluent-cloud" => Some(DialectKind::ConfluentCloud),
            "laminar" => Some(DialectKind::Laminar),
            _ => None,
        }
    }

    /// The name used in `config.json`.
    pub fn as_str(self) -> &'static str {
        match self {
            DialectKind::Streamkap => "streamkap",
            DialectKind::KafkaConnect => "kafka-connect",
            DialectKind::ConfluentCloud => "confluent-cloud",
            DialectKind::Laminar => "laminar",
        }
    }

    /// True when this build of the console can talk to the dialect.
    pub fn supported(self) -> bool {
        true
    }

    /// Human name of the API family.
    pub fn label(self) -> &'static str {
        match self {
            DialectKind::Streamkap => "Streamkap",
            DialectKind::KafkaConnect => "Kafka Connect",
            DialectKind::ConfluentCloud => "Confluent Cloud",
            DialectKind::Laminar => "Laminar",
        }
    }

    /// How a backend of this dialect authenticates unless `config.json` says otherwise.
    pub fn default_auth(self) -> AuthKind {
        match self {
            DialectKind::Streamkap => AuthKind::ClientCredentials,
            DialectKind::ConfluentCloud => AuthKind::Basic,
            DialectKind::KafkaConnect | DialectKind::Laminar => AuthKind::None,
        }
    }
}

/// How requests to a backend are authenticated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AuthKind {
    /// No credentials.
    None,
    /// `Authorization: Bearer <token>` with a token the user (or the portal) provides.
    Bearer,
    /// HTTP Basic (Confluent Cloud API key and secret; Kafka Connect behind basic auth).
    Basic,
    /// Streamkap: client id + secret exchanged for an access token, refreshed before expiry.
    ClientCredentials,
}

impl AuthKind {
    /// Parses the `auth` value of a backend entry.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "none" => Some(AuthKind::None),
            "bearer" => Some(AuthKind::Bearer),
            "basic" => Some(AuthKind::Basic),
            "client_credentials" => Some(AuthKind::ClientCredentials),
            _ => None,
        }
    }

    /// The name used in `config.json`.
    pub fn as_str(self) -> &'static str {
        match self {
            AuthKind::None => "none",
            AuthKind::Bearer => "bearer",
            AuthKind::Basic => "basic",
            AuthKind::ClientCredentials => "client_credentials",
        }
    }
}

/// One backend the console can talk to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BackendConfig {
    /// Stable id, used in `?backend=`.
    pub id: String,
    /// Name shown in the backend picker.
    pub label: String,
    /// API family.
    pub dialect: DialectKind,
    /// Answered by the built-in simulator instead of the network.
    pub simulated: bool,
    /// API root for real backends (no trailing slash).
    pub base_url: Option<String>,
    /// How requests are authenticated.
    pub auth: AuthKind,
    /// Confluent Cloud environment id (`env-…`).
    pub environment_id: Option<String>,
    /// Confluent Cloud Kafka cluster id (`lkc-…`).
    pub kafka_cluster_id: Option<String>,
    /// Added by the user on the settings page (kept in this browser), not from `config.json`.
    pub user_added: bool,
}

/// The whole runtime configuration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuntimeConfig {
    /// Usable backends, in file order.
    pub backends: Vec<BackendConfig>,
    /// Id of the backend used when the URL names none.
    pub default_backend: String,
    /// Problems found while reading the file, for a visible notice.
    pub notices: Vec<String>,
}

impl RuntimeConfig {
    /// The built-in configuration: one simulated Streamkap backend.
    pub fn fallback(reason: Option<String>) -> Self {
        RuntimeConfig {
            backends: vec![BackendConfig {
                id: "demo".into(),
                label: "Streamkap (simulated)".into(),
                dialect: DialectKind::Streamkap,
                simulated: true,
                base_url: None,
                auth: AuthKind::None,
                environment_id: None,
                kafka_cluster_id: None,
                user_added: false,
            }],
            default_backend: "demo".into(),
            notices: reason.into_iter().collect(),
        }
    }

    /// The backend to use: `requested` (from `?backend=`) when it exists, else the default.
    /// The second value is a notice when the request could not be honoured.
    pub fn select(&self, requested: Option<&str>) -> (BackendConfig, Option<String>) {
        let default = self
            .backends
            .iter()
            .find(|b| b.id == self.default_backend)
            .or(self.backends.first())
            .cloned()
            .unwrap_or_else(|| RuntimeConfig::fallback(None).backends.remove(0));
        match requested {
            None | Some("") => (default, None),
            Some(id) => match self.backends.iter().find(|b| b.id == id) {
                Some(b) => (b.clone(), None),
                None => {
                    let notice = format!(
                        "There is no backend “{id}” in config.json; showing “{}” instead.",
                        default.label
                    );
                    (default, Some(notice))
                }
            },
        }
    }
}

/// Parses one backend entry (as in `config.json`), for the settings page too.
pub fn backend_from_json(v: &Value) -> Result<BackendConfig, String> {
    parse_backend(v)
}

/// A backend as the JSON `config.json` uses (no secrets exist in it to leave out).
pub fn backend_to_json(b: &BackendConfig) -> Value {
    let mut v = serde_json::json!({
        "id": b.id, "label": b.label, "dialect": b.dialect.as_str(), "auth": b.auth.as_str(),
    });
    if b.simulated {
        v["simulated"] = Value::Bool(true);
    }
    if let Some(u) = &b.base_url {
        v["base_url"] = Value::String(u.clone());
    }
    if let Some(e) = &b.environment_id {
        v["environment_id"] = Value::String(e.clone());
    }
    if let Some(c) = &b.kafka_cluster_id {
        v["kafka_cluster_id"] = Value::String(c.clone());
    }
    v
}

/// Parses `config.json`. Never fails: problems become notices, and with no usable backend the
/// result is [`RuntimeConfig::fallback`].
pub fn parse_config(text: &str) -> RuntimeConfig {
    let root: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            return RuntimeConfig::fallback(Some(format!(
                "config.json could not be read ({e}); using the built-in simulated backend."
            )))
        }
    };
    let Some(list) = root.get("backends").and_then(Value::as_array) else {
        return RuntimeConfig::fallback(Some(
            "config.json has no `backends` list; using the built-in simulated backend.".into(),
        ));
    };
    let mut notices = Vec::new();
    let mut backends: Vec<BackendConfig> = Vec::new();
    for (i, b) in list.iter().enumerate() {
        match parse_backend(b) {
            Ok(be) if backends.iter().any(|x| x.id == be.id) => notices.push(format!(
                "config.json: backend #{} repeats the id “{}” and was ignored.",
                i + 1,
                be.id
            )),
            Ok(be) => backends.push(be),
            Err(why) => notices.push(format!(
                "config.json: backend #{} was ignored: {why}.",
                i + 1
            )),
        }
    }
    if backends.is_empty() {
        let mut cfg = RuntimeConfig::fallback(Some(
            "config.json lists no usable backend; using the built-in simulated backend.".into(),
        ));
        cfg.notices.splice(0..0, notices);
        return cfg;
    }
    let default_backend = match root.get("default_backend").and_then(Value::as_str) {
        Some(d) if backends.iter().any(|b| b.id == d) => d.to_string(),
        Some(d) => {
            notices.push(format!(
                "config.json: default_backend “{d}” is not a listed backend; using “{}”.",
                backends[0].id
            ));
            backends[0].id.clone()
        }
        None => backends[0].id.clone(),
    };
    RuntimeConfig {
        backends,
        default_backend,
        notices,
    }
}

fn parse_backend(b: &Value) -> Result<BackendConfig, String> {
    let s = |k: &str| b.get(k).and_then(Value::as_str).map(str::trim);
    let id = s("id")
        .filter(|id| !id.is_empty())
        .ok_or("it has no `id`")?
        .to_string();
    let dialect_name = s("dialect").ok_or("it has no `dialect`")?;
    let dialect = DialectKind::parse(dialect_name)
        .ok_or_else(|| format!("the dialect “{dialect_name}” is unknown"))?;
    let simulated = b.get("simulated").and_then(Value::as_bool).unwrap_or(false);
    let base_url = s("base_url")
        .filter(|u| !u.is_empty())
        .map(|u| u.trim_end_matches('/').to_string());
    if !simulated {
        match &base_url {
            None => return Err("it is not simulated and has no `base_url`".into()),
            Some(u)
                if !(u.starts_with("https://")
                    || u.starts_with("http://")
                    || u.starts_with('/')) =>
            {
                return Err(format!(
                    "its base_url “{u}” is not an http(s) URL or an absolute path"
                ))
            }
            _ => {}
        }
    }
    let auth = match s("auth") {
        None => {
            if simulated {
                AuthKind::None
            } else {
                dialect.default_auth()
            }
        }
        Some(a) => AuthKind::parse(a).ok_or_else(|| format!("the auth “{a}” is unknown"))?,
    };
    let environment_id = s("environment_id")
        .filter(|v| !v.is_empty())
        .map(str::to_string);
    let kafka_cluster_id = s("kafka_cluster_id")
        .filter(|v| !v.is_empty())
        .map(str::to_string);
    if dialect == DialectKind::ConfluentCloud
        && !simulated
        && (environment_id.is_none() || kafka_cluster_id.is_none())
    {
        return Err("a confluent-cloud backend needs environment_id and kafka_cluster_id".into());
    }
    Ok(BackendConfig {
        auth,
        environment_id,
        kafka_cluster_id,
        user_added: false,
        label: s("label")
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .unwrap_or_else(|| id.clone()),
        id,
        dialect,
        simulated,
        base_url,
    })
}

/// The app's routes. Every route is a single path segment below the app's root (parameters
/// go in the query string), so relative asset URLs resolve to the root from any deep link and
/// the app works from any sub-path without a rebuild.
pub const ROUTES: [&str; 11] = [
    "catalog",
    "new",
    "connectors",
    "connector",
    "edit",
    "settings",
    "profiles",
    "new-profile",
    "tables",
    "new-table",
    "jobs",
];

/// The path the app is served from, without a trailing slash ("" at the site root), derived
/// from the current `location.pathname`: a trailing route segment or `index.html` is dropped.
pub fn base_from_path(pathname: &str) -> String {
    let trimmed = pathname.trim_end_matches('/');
    // The app's own links never end in `/`, so a trailing slash always names the root.
    if pathname.ends_with('/') {
        return trimmed.to_string();
    }
    match trimmed.rsplit_once('/') {
        Some((dir, last)) if ROUTES.contains(&last) || last == "index.html" => dir.to_string(),
        _ => trimmed.to_string(),
    }
}

/// Where the app is: a route (one of [`ROUTES`], or "" for the root) and its query.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Location {
    /// The route segment ("catalog", "connector" …; "" at the root).
    pub route: String,
    /// Query parameters in order, decoded.
    pub query: Vec<(String, String)>,
}

impl Location {
    /// The first value of a query parameter.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Parses `path?query` (as found in an href or `location`) relative to the app's `base`.
/// Returns `None` when the path is outside the app.
pub fn parse_location(base: &str, href: &str) -> Option<Location> {
    let href = href.split('#').next().unwrap_or_default();
    let (path, query) = href.split_once('?').unwrap_or((href, ""));
    let rest = path.strip_prefix(base)?;
    if !(rest.is_empty() || rest.starts_with('/')) {
        return None;
    }
    let route = rest.trim_matches('/');
    let route = if route == "index.html" { "" } else { route };
    if route.contains('/') {
        return None;
    }
    let query = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (
                crate::dialect::percent_decode(k),
                crate::dialect::percent_decode(v),
            )
        })
        .collect();
    Some(Location {
        route: route.to_string(),
        query,
    })
}

/// The color scheme an embedding host asks for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Theme {
    /// Follow `prefers-color-scheme`.
    #[default]
    Auto,
    /// Always light.
    Light,
    /// Always dark.
    Dark,
}

impl Theme {
    /// The value of the `data-theme` attribute ("auto", "light", "dark").
    pub fn as_str(self) -> &'static str {
        match self {
            Theme::Auto => "auto",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }
}

/// The serializable part of the options passed to `mount(element, options)`: the same fields as
/// `config.json` plus `base_path` and `theme` (`token_provider` is a function, read separately).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EmbedOptions {
    /// Backends and default, as in `config.json`.
    pub config: RuntimeConfig,
    /// When set, the app keeps its location in the browser URL below this path; otherwise it
    /// navigates in memory and leaves the host's URL alone.
    pub base_path: Option<String>,
    /// The color scheme.
    pub theme: Theme,
}

/// Parses `mount()` options given as JSON (functions already stripped). Never fails.
pub fn parse_embed_options(json: &str) -> EmbedOptions {
    let root: Value = serde_json::from_str(json).unwrap_or(Value::Null);
    let mut config = if root.get("backends").is_some() {
        parse_config(json)
    } else {
        RuntimeConfig::fallback(None)
    };
    let base_path = root
        .get("base_path")
        .and_then(Value::as_str)
        .map(|p| p.trim().trim_end_matches('/').to_string())
        .filter(|p| p.starts_with('/'));
    if let Some(p) = root.get("base_path").and_then(Value::as_str) {
        if base_path.is_none() && !p.trim().trim_end_matches('/').is_empty() {
            config.notices.push(format!(
                "base_path “{p}” is not an absolute path; navigating in memory instead."
            ));
        }
    }
    let theme = match root.get("theme").and_then(Value::as_str) {
        Some("light") => Theme::Light,
        Some("dark") => Theme::Dark,
        None | Some("auto") => Theme::Auto,
        Some(other) => {
            config.notices.push(format!(
                "Unknown theme “{other}”; following the system setting."
            ));
            Theme::Auto
        }
    };
    EmbedOptions {
        config,
        base_path,
        theme,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embed_options() {
        let o = parse_embed_options(
            r#"{"backends":[{"id":"a","dialect":"streamkap","simulated":true}],"default_backend":"a",
                "base_path":"/portal/connectors/","theme":"dark"}"#,
        );
        assert_eq!(o.config.backends[0].id, "a");
        assert_eq!(o.base_path.as_deref(), Some("/portal/connectors"));
        assert_eq!(o.theme, Theme::Dark);
        let o = parse_embed_options("{}");
        assert!(o.config.backends[0].simulated);
        assert!(
            o.config.notices.is_empty(),
            "no options is a normal choice, not a problem"
        );
        assert_eq!((o.base_path, o.theme), (None, Theme::Auto));
        let o = parse_embed_options(r#"{"base_path":"relative","theme":"purple"}"#);
        assert_eq!(o.base_path, None);
        assert_eq!(o.config.notices.len(), 2);
    }

    #[test]
    fn locations() {
        let l = parse_location("/tools/cc", "/tools/cc/connector?kind=sources&id=a%2Fb#x").unwrap();
        assert_eq!(l.route, "connector");
        assert_eq!(l.param("id"), Some("a/b"));
        assert_eq!(parse_location("/tools/cc", "/tools/cc/").unwrap().route, "");
        assert_eq!(parse_location("/tools/cc", "/tools/cc").unwrap().route, "");
        assert_eq!(parse_location("", "/index.html").unwrap().route, "");
        assert_eq!(parse_location("/tools/cc", "/tools/ccx/catalog"), None);
        assert_eq!(parse_location("/tools/cc", "/elsewhere"), None);
        assert_eq!(parse_location("", "/a/b"), None);
    }

    #[test]
    fn base_paths() {
        for (path, base) in [
            ("/", ""),
            ("", ""),
            ("/catalog", ""),
            ("/connectors/", "/connectors"),
            ("/index.html", ""),
            ("/tools/connectors/", "/tools/connectors"),
            ("/tools/console", "/tools/console"),
            ("/tools/connectors/connector", "/tools/connectors"),
            ("/tools/connectors/index.html", "/tools/connectors"),
            ("/tools/connectors/edit", "/tools/connectors"),
        ] {
            assert_eq!(base_from_path(path), base, "{path}");
        }
    }

    #[test]
    fn the_documented_example_parses() {
        let cfg = parse_config(
            r#"{ "backends": [
                { "id": "demo", "label": "Streamkap (simulated)", "dialect": "streamkap", "simulated": true },
                { "id": "prod", "label": "Streamkap", "dialect": "streamkap", "base_url": "https://api.example.com/" } ],
              "default_backend": "demo" }"#,
        );
        assert!(cfg.notices.is_empty(), "{:?}", cfg.notices);
        assert_eq!(cfg.backends.len(), 2);
        assert_eq!(
            cfg.backends[1].base_url.as_deref(),
            Some("https://api.example.com")
        );
        assert_eq!(cfg.select(None).0.id, "demo");
        assert_eq!(cfg.select(Some("prod")).0.id, "prod");
        let (b, notice) = cfg.select(Some("nope"));
        assert_eq!(b.id, "demo");
        assert!(notice.unwrap().contains("“nope”"));
    }

    #[test]
    fn broken_files_fall_back_with_a_notice() {
        for text in ["", "{", "[]", "{\"backends\": 3}", "{\"backends\": []}"] {
            let cfg = parse_config(text);
            assert_eq!(cfg.backends.len(), 1, "{text}");
            assert!(cfg.backends[0].simulated);
            assert!(!cfg.notices.is_empty(), "{text}");
        }
    }

    #[test]
    fn bad_entries_are_dropped_with_reasons() {
        let cfg = parse_config(
            r#"{ "backends": [
                { "id": "a", "dialect": "streamkap" },
                { "id": "b", "dialect": "mystery", "simulated": true },
                { "id": "cc", "dialect": "confluent-cloud", "base_url": "https://api.confluent.cloud" },
                { "id": "au", "dialect": "streamkap", "base_url": "https://x", "auth": "magic" },
                { "id": "c", "dialect": "streamkap", "base_url": "ftp://x" },
                { "dialect": "streamkap", "simulated": true },
                { "id": "ok", "dialect": "kafka-connect", "base_url": "/connect" },
                { "id": "ok", "dialect": "streamkap", "simulated": true } ],
              "default_backend": "zzz" }"#,
        );
        assert_eq!(cfg.backends.len(), 1);
        assert_eq!(cfg.backends[0].label, "ok");
        assert_eq!(cfg.default_backend, "ok");
        assert_eq!(cfg.notices.len(), 8, "{:#?}", cfg.notices);
    }
}
