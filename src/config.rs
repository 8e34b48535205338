//! Runtime configuration: `config.json` served beside the app (a public interface).
//!
//! ```json
//! { "backends": [
//!     { "id": "demo", "label": "Demo (simulated)", "dialect": "<vendor id>", "simulated": true },
//!     { "id": "prod", "label": "Production", "dialect": "<vendor id>", "base_url": "https://api.example.com" } ],
//!   "default_backend": "demo" }
//! ```
//! Parsing is tolerant: a bad backend entry is dropped with a notice; a file with no usable
//! backend falls back to the built-in simulated backend, also with a notice.

use std::collections::BTreeMap;

use serde_json::Value;

/// How requests to a backend are authenticated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AuthKind {
    /// No credentials.
    None,
    /// `Authorization: Bearer <token>` with a token the user (or the portal) provides.
    Bearer,
    /// HTTP Basic (a user and password, or an API key and secret).
    Basic,
    /// A client id and secret exchanged for an access token, refreshed before expiry (by the
    /// vendor's [`TokenAuth`](crate::vendor::TokenAuth)).
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
    /// API family: a vendor's id (`kafka-connect`), as `dialect` in `config.json`.
    pub dialect: String,
    /// Answered by the built-in simulator instead of the network.
    pub simulated: bool,
    /// API root for real backends (no trailing slash).
    pub base_url: Option<String>,
    /// How requests are authenticated.
    pub auth: AuthKind,
    /// Vendor-specific settings (string fields of the entry other than the common ones, e.g.
    /// an environment id); the vendor says which it needs
    /// ([`Vendor::backend_options`](crate::vendor::Vendor::backend_options)).
    pub options: BTreeMap<String, String>,
    /// Added by the user on the settings page (kept in this browser), not from `config.json`.
    pub user_added: bool,
    /// How long a request (its whole answer included) may take, in seconds
    /// (`timeout_seconds`; 30 when not set).
    pub timeout_secs: Option<u32>,
}

impl BackendConfig {
    /// A vendor-specific setting, when set and not blank.
    pub fn option(&self, key: &str) -> Option<&str> {
        self.options
            .get(key)
            .map(String::as_str)
            .filter(|v| !v.trim().is_empty())
    }
}

/// What parsing `config.json` asks of this build's vendors (implemented by
/// [`crate::vendors::Registry`]; the config itself knows no vendor).
pub trait BackendCheck {
    /// Checks a parsed entry against its vendor: the vendor is compiled in, its options are
    /// set; without an explicit `auth` (`auth_given` false) sets the vendor's default. The
    /// error says why the entry cannot be used.
    fn check(&self, b: &mut BackendConfig, auth_given: bool) -> Result<(), String>;
    /// The built-in simulated backend, when this build has one.
    fn demo(&self) -> Option<BackendConfig>;
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
    /// The built-in configuration: the simulated demo backend (none when this build has no
    /// simulators), with a notice when there is a reason.
    pub fn fallback(reason: Option<String>, vendors: &dyn BackendCheck) -> Self {
        let demo = vendors.demo();
        RuntimeConfig {
            default_backend: demo.as_ref().map(|d| d.id.clone()).unwrap_or_default(),
            backends: demo.into_iter().collect(),
            notices: reason.into_iter().collect(),
        }
    }

    /// The backend to use: `requested` (from `?backend=`) when it exists, else the default.
    /// The second value is a notice when the request could not be honoured. `None` only when
    /// there is no backend at all (a build without simulators and a config with nothing usable).
    pub fn select(&self, requested: Option<&str>) -> (Option<BackendConfig>, Option<String>) {
        let default = self
            .backends
            .iter()
            .find(|b| b.id == self.default_backend)
            .or(self.backends.first())
            .cloned();
        match requested {
            None | Some("") => (default, None),
            Some(id) => match self.backends.iter().find(|b| b.id == id) {
                Some(b) => (Some(b.clone()), None),
                None => {
                    let notice = match &default {
                        Some(d) => format!(
                            "There is no backend “{id}” in config.json; showing “{}” instead.",
                            d.label
                        ),
                        None => format!("There is no backend “{id}” in config.json."),
                    };
                    (default, Some(notice))
                }
            },
        }
    }
}

/// Parses one backend entry (as in `config.json`), for the settings page too.
pub fn backend_from_json(v: &Value, vendors: &dyn BackendCheck) -> Result<BackendConfig, String> {
    parse_backend(v, vendors)
}

/// A backend as the JSON `config.json` uses (no secrets exist in it to leave out).
pub fn backend_to_json(b: &BackendConfig) -> Value {
    let mut v = serde_json::json!({
        "id": b.id, "label": b.label, "dialect": b.dialect, "auth": b.auth.as_str(),
    });
    if b.simulated {
        v["simulated"] = Value::Bool(true);
    }
    if let Some(u) = &b.base_url {
        v["base_url"] = Value::String(u.clone());
    }
    for (k, val) in &b.options {
        v[k.as_str()] = Value::String(val.clone());
    }
    if let Some(t) = b.timeout_secs {
        v["timeout_seconds"] = Value::from(t);
    }
    v
}

/// Parses `config.json`. Never fails: problems become notices, and with no usable backend the
/// result is [`RuntimeConfig::fallback`].
pub fn parse_config(text: &str, vendors: &dyn BackendCheck) -> RuntimeConfig {
    let root: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            return RuntimeConfig::fallback(
                Some(format!(
                    "config.json could not be read ({e}); {}.",
                    fallback_words(vendors)
                )),
                vendors,
            )
        }
    };
    let Some(list) = root.get("backends").and_then(Value::as_array) else {
        return RuntimeConfig::fallback(
            Some(format!(
                "config.json has no `backends` list; {}.",
                fallback_words(vendors)
            )),
            vendors,
        );
    };
    let mut notices = Vec::new();
    let mut backends: Vec<BackendConfig> = Vec::new();
    for (i, b) in list.iter().enumerate() {
        match parse_backend(b, vendors) {
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
        let mut cfg = RuntimeConfig::fallback(
            Some(format!(
                "config.json lists no usable backend; {}.",
                fallback_words(vendors)
            )),
            vendors,
        );
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

/// How a fallback notice ends: what the app falls back on, if anything.
pub fn fallback_words(vendors: &dyn BackendCheck) -> &'static str {
    if vendors.demo().is_some() {
        "using the built-in simulated backend"
    } else {
        "and this build has no simulated backend to fall back on"
    }
}

/// The keys every backend entry may have; any other string field is a vendor option.
const COMMON_KEYS: [&str; 7] = [
    "id",
    "label",
    "dialect",
    "simulated",
    "base_url",
    "auth",
    "timeout_seconds",
];

fn parse_backend(b: &Value, vendors: &dyn BackendCheck) -> Result<BackendConfig, String> {
    let s = |k: &str| b.get(k).and_then(Value::as_str).map(str::trim);
    let id = s("id")
        .filter(|id| !id.is_empty())
        .ok_or("it has no `id`")?
        .to_string();
    let dialect = s("dialect").ok_or("it has no `dialect`")?.to_string();
    let simulated = b.get("simulated").and_then(Value::as_bool).unwrap_or(false);
    let base_url = s("base_url")
        .filter(|u| !u.is_empty())
        .map(|u| u.trim_end_matches('/').to_string());
    if !simulated {
        match &base_url {
            None => return Err("it is not simulated and has no `base_url`".into()),
            // `//host` (and `/\host`, which browsers read the same way) is another origin.
            Some(u)
                if !(u.starts_with("https://")
                    || u.starts_with("http://")
                    || (u.starts_with('/') && !u.starts_with("//") && !u.starts_with("/\\"))) =>
            {
                return Err(format!(
                    "its base_url “{u}” is not an http(s) URL or an absolute path"
                ))
            }
            _ => {}
        }
    }
    let auth = match s("auth") {
        None => None,
        Some(a) => Some(AuthKind::parse(a).ok_or_else(|| format!("the auth “{a}” is unknown"))?),
    };
    let options = b
        .as_object()
        .map(|o| {
            o.iter()
                .filter(|(k, _)| !COMMON_KEYS.contains(&k.as_str()))
                .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.trim().to_string())))
                .filter(|(_, v)| !v.is_empty())
                .collect()
        })
        .unwrap_or_default();
    let timeout_secs = match b.get("timeout_seconds") {
        None | Some(Value::Null) => None,
        Some(v) => Some(
            v.as_u64()
                .filter(|n| (1..=600).contains(n))
                .ok_or("its timeout_seconds is not a whole number of seconds from 1 to 600")?
                as u32,
        ),
    };
    let mut backend = BackendConfig {
        timeout_secs,
        auth: auth.unwrap_or(AuthKind::None),
        options,
        user_added: false,
        label: s("label")
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .unwrap_or_else(|| id.clone()),
        id,
        dialect,
        simulated,
        base_url,
    };
    vendors.check(&mut backend, auth.is_some())?;
    Ok(backend)
}

/// The app's routes. Every route is a single path segment below the app's root (parameters
/// go in the query string), so relative asset URLs resolve to the root from any deep link and
/// the app works from any sub-path without a rebuild.
pub const ROUTES: [&str; 12] = [
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
    "playground",
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
    // `index.html?schema=…` opens the Playground (a link to a schema works from any host
    // that serves the app's files, as the rjsf benchmark driver opens pages).
    let route = match route {
        "index.html" if query.split('&').any(|p| p.starts_with("schema=")) => "playground",
        "index.html" => "",
        r => r,
    };
    if route.contains('/') {
        return None;
    }
    let query = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (
                crate::http::percent_decode(k),
                crate::http::percent_decode(v),
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
pub fn parse_embed_options(json: &str, vendors: &dyn BackendCheck) -> EmbedOptions {
    let root: Value = serde_json::from_str(json).unwrap_or(Value::Null);
    let mut config = if root.get("backends").is_some() {
        parse_config(json, vendors)
    } else {
        RuntimeConfig::fallback(None, vendors)
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
