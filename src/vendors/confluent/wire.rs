//! Confluent Cloud's Connect API (`https://api.confluent.cloud`, HTTP Basic with a Cloud API
//! key and secret, see [`basic_auth`]).
//!
//! Connectors live under `/connect/v1/environments/{env}/clusters/{cluster}/` ([`Cluster`]):
//! `connector-plugins` (managed plugins), `connector-plugins/{plugin}/config/validate` (Kafka
//! Connect's validate, plus `definition.alias` and a per-entry `metadata`, secrets masked),
//! `connectors?expand=info,status,id`, `connectors/{name}/status|config`, `POST connectors`,
//! `PUT connectors/{name}/config`, `PUT connectors/{name}/pause|resume`, `DELETE
//! connectors/{name}`. Custom plugins are listed, paged, at
//! `/connect/v1/custom-connector-plugins`. Errors come as `{"errors":[…]}`, `{"error":{code,
//! message}}` or Kafka Connect's `{"error_code","message"}`: [`parse_error`] reads all three.
//!
//! # Secrets on update
//!
//! **Rule: a secret the user left unchanged is omitted from the update; the mask
//! `****************` is never sent as a value.** [`secrets_for_update`] strips masked values
//! from an outgoing config; [`config_for_update`] builds a whole update that way.
//!
//! Evidence:
//! - `confluent-cloud-connect-v1-openapi.yaml`, `PUT …/connectors/{connector_name}/config`
//!   (`createOrUpdateConnectv1ConnectorConfig`): "Create a new connector using the given
//!   configuration, or update the configuration for an existing connector"; the request body is
//!   the config map (`additionalProperties: type: string`). `kafka.api.secret` is marked
//!   `x-redact: true` there and in every response schema, and every response example (`GET
//!   …/config`, `?expand=info`, `POST connectors`, the `PUT` itself) returns secrets as
//!   `'****************'`. The spec defines no sentinel meaning "keep the stored value": the
//!   `'****************'` in the request examples is the same documentation redaction, not a
//!   value to send — sent literally it would become the new secret.
//! - Confluent's own client, `terraform-provider-confluent` (`internal/provider/
//!   resource_connector.go`), treats any value of two or more `*` as sensitive and never keeps
//!   it in state (`extractNonsensitiveConfigs`), and on update sends only the non-sensitive
//!   config plus the sensitive values it really holds, with the comment "Update doesn't require
//!   secret … configuration values to be set" — after an import it holds none and sends none.
//!
//! So: new secret typed → sent; left blank while the server holds one → omitted (the server
//! keeps it); never the mask. Kafka Connect is different (its `PUT` replaces the config, so
//! there an unchanged secret is sent back verbatim: see
//! [`kafka_connect::config_for_save`]).
//!
//! # States
//!
//! `PROVISIONING` → Starting, `RUNNING` → Running (Degraded if a task reports `FAILED`),
//! `DEGRADED` → Degraded, `FAILED` → Failed, `PAUSED` → Paused, `NONE` → Unknown (no state
//! reported yet), `DELETED` → Stopped: a deleted connector still listed is not running and will
//! not come back by itself, which is what Stopped says; the badge shows `DELETED` itself.

use serde_json::{json, Map, Value};

use crate::http::{
    percent_decode, percent_encode, retry_after, status_text, ApiError, HttpRequest, HttpResponse,
    Method,
};
use crate::model::catalog::{value_to_text, Catalog, ConnectorType, Detail, FormSource, Widget};
use crate::model::form::{encode, is_masked, FieldError, Values};
use crate::model::status::{Connector, Health, Task};
use crate::model::validation::Validation;
use crate::vendors::kafka_connect::wire::{
    self as kafka_connect, extra_keys, kind_of, readable_name, wire_config,
};

/// The mask Confluent Cloud returns in place of a secret.
pub const MASK: &str = "****************";

/// The Kafka cluster a set of connectors belongs to.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Cluster {
    /// Environment id (`env-…`).
    pub environment_id: String,
    /// Kafka cluster id (`lkc-…`).
    pub kafka_cluster_id: String,
}

impl Cluster {
    /// A cluster by its ids.
    pub fn new(environment_id: impl Into<String>, kafka_cluster_id: impl Into<String>) -> Self {
        Cluster {
            environment_id: environment_id.into(),
            kafka_cluster_id: kafka_cluster_id.into(),
        }
    }

    /// `/connect/v1/environments/{env}/clusters/{cluster}`, ids percent-encoded.
    pub fn base(&self) -> String {
        format!(
            "/connect/v1/environments/{}/clusters/{}",
            percent_encode(&self.environment_id),
            percent_encode(&self.kafka_cluster_id)
        )
    }

    fn path(&self, rest: &str) -> String {
        format!("{}/{rest}", self.base())
    }

    fn connector(&self, name: &str, rest: &str) -> String {
        let base = self.path(&format!("connectors/{}", percent_encode(name)));
        if rest.is_empty() {
            base
        } else {
            format!("{base}/{rest}")
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Auth
// ---------------------------------------------------------------------------------------------

pub use crate::auth::{base64_encode, basic_auth};

/// The request with an `Authorization: Basic …` header added (for transports and the simulator,
/// which sees the same requests).
pub fn with_auth(mut req: HttpRequest, key: &str, secret: &str) -> HttpRequest {
    req.headers
        .retain(|(k, _)| !k.eq_ignore_ascii_case("authorization"));
    req.headers
        .push(("Authorization".into(), basic_auth(key, secret)));
    req
}

/// Decodes standard base64 (padding optional); `None` on any other character.
pub fn base64_decode(s: &str) -> Option<Vec<u8>> {
    let s = s.trim().trim_end_matches('=');
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let mut acc = 0u32;
    let mut bits = 0u32;
    for c in s.bytes() {
        let v = crate::auth::B64.iter().position(|&b| b == c)? as u32;
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

// ---------------------------------------------------------------------------------------------
// Managed plugins and validation
// ---------------------------------------------------------------------------------------------

/// `GET …/connector-plugins`: the managed connector plugins of a cluster.
pub fn plugins_request(cluster: &Cluster) -> HttpRequest {
    HttpRequest::new(Method::Get, cluster.path("connector-plugins"))
}

/// Parses the managed plugin list `[{"class","type","version"?}]` (the spec's shape: `class`
/// is the managed alias such as `GcsSink`, `version` may be missing). Each becomes a type
/// whose form comes from validation, tagged `managed`; malformed and non-connector items are
/// skipped and listed.
pub fn parse_plugins(body: &str) -> Result<Catalog, ApiError> {
    let mut catalog = kafka_connect::parse_plugins(body)?;
    for t in &mut catalog.types {
        t.tags.push("managed".into());
    }
    Ok(catalog)
}

/// `PUT …/connector-plugins/{plugin}/config/validate` with the config as strings (nulls
/// dropped); `connector.class` is set to `plugin` when the config has none.
pub fn validate_request(
    cluster: &Cluster,
    plugin: &str,
    config: &Map<String, Value>,
) -> HttpRequest {
    let mut body = wire_config(config);
    body.entry("connector.class")
        .or_insert_with(|| Value::String(plugin.to_string()));
    HttpRequest::new(
        Method::Put,
        cluster.path(&format!(
            "connector-plugins/{}/config/validate",
            percent_encode(plugin)
        )),
    )
    .json(Value::Object(body))
}

/// Parses a validate response: Kafka Connect's shape (see
/// [`kafka_connect::parse_validation`]), which already reads `definition.alias` and ignores
/// `metadata`. Masked values (`****************`) are not values: their states carry `None`.
pub fn parse_validation(body: &str) -> Result<Validation, ApiError> {
    kafka_connect::parse_validation(body)
}

/// Marks a plugin's sensitive properties (a custom plugin's `sensitive_config_properties`) as
/// secrets with a password input, once validation has built the fields. Unknown keys are
/// ignored.
pub fn mark_sensitive(ct: &mut ConnectorType, keys: &[String]) {
    for f in ct.fields.iter_mut().filter(|f| keys.contains(&f.key)) {
        f.secret = true;
        f.widget = Widget::Password;
    }
}

/// Fills in the keys every Confluent Cloud connector config carries, deriving:
/// - `connector.class` = `class` and `name` = `name`, always;
/// - with an API key and secret: `kafka.auth.mode` = `KAFKA_API_KEY`, `kafka.api.key`,
///   `kafka.api.secret`; without them, `kafka.auth.mode` = `SERVICE_ACCOUNT` only when the
///   config has a `kafka.service.account.id` and no mode yet; otherwise auth is left alone
///   (an edit keeps the server's stored credentials);
/// - `cloud.provider` = `cloud_provider` lowercased (`aws`, `azure`, `gcp`), only when missing;
/// - `cloud.environment` (the environment *type*, not its id) only when missing: `stag` or
///   `devel` when the environment id says so, else `prod`.
///
/// The server derives `cloud.*`, `kafka.endpoint` and `kafka.region` itself when absent (the
/// spec's create examples omit them, its responses include them), so filling them is only a
/// courtesy that never overrides what is there.
pub fn fill_common(
    config: &mut Map<String, Value>,
    class: &str,
    name: &str,
    api_key: Option<&str>,
    api_secret: Option<&str>,
    cloud_provider: Option<&str>,
    environment_id: &str,
) {
    let s = |v: &str| Value::String(v.to_string());
    config.insert("connector.class".into(), s(class));
    config.insert("name".into(), s(name));
    let key = api_key.map(str::trim).filter(|k| !k.is_empty());
    let secret = api_secret.map(str::trim).filter(|k| !k.is_empty());
    if key.is_some() || secret.is_some() {
        config.insert("kafka.auth.mode".into(), s("KAFKA_API_KEY"));
        if let Some(k) = key {
            config.insert("kafka.api.key".into(), s(k));
        }
        if let Some(k) = secret {
            config.insert("kafka.api.secret".into(), s(k));
        }
    } else {
        let has_account = config
            .get("kafka.service.account.id")
            .and_then(Value::as_str)
            .is_some_and(|v| !v.trim().is_empty());
        let has_mode = config
            .get("kafka.auth.mode")
            .and_then(Value::as_str)
            .is_some_and(|v| !v.trim().is_empty());
        if has_account && !has_mode {
            config.insert("kafka.auth.mode".into(), s("SERVICE_ACCOUNT"));
        }
    }
    if let Some(p) = cloud_provider.map(str::trim).filter(|p| !p.is_empty()) {
        config
            .entry("cloud.provider")
            .or_insert_with(|| s(&p.to_ascii_lowercase()));
    }
    let env = environment_id.to_ascii_lowercase();
    let kind = if env.contains("stag") {
        "stag"
    } else if env.contains("devel") {
        "devel"
    } else {
        "prod"
    };
    config.entry("cloud.environment").or_insert_with(|| s(kind));
}

/// Marks a config as a custom connector of plugin `plugin_id` (`ccp-…`):
/// `confluent.connector.type` = `CUSTOM`, `confluent.custom.plugin.id`.
pub fn fill_custom(config: &mut Map<String, Value>, plugin_id: &str) {
    config.insert("confluent.connector.type".into(), json!("CUSTOM"));
    config.insert("confluent.custom.plugin.id".into(), json!(plugin_id));
}

// ---------------------------------------------------------------------------------------------
// Custom plugins
// ---------------------------------------------------------------------------------------------

/// One page of custom connector plugins.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CustomPluginPage {
    /// The plugins that parsed, in the server's order.
    pub types: Vec<ConnectorType>,
    /// The token for the next page (`page_token` of `metadata.next`), if there is one.
    pub next_page_token: Option<String>,
    /// Plugins in all pages, when the server says.
    pub total_size: Option<u64>,
    /// One line per plugin that could not be read.
    pub skipped: Vec<String>,
    /// Each plugin's `sensitive_config_properties`, by connector class (see [`mark_sensitive`]).
    pub sensitive: Vec<(String, Vec<String>)>,
}

/// `GET /connect/v1/custom-connector-plugins?cloud=&page_size=&page_token=`; `page_size` is
/// clamped to 1..=100, empty filters are left out.
pub fn custom_plugins_request(
    cloud: Option<&str>,
    page_size: u32,
    page_token: Option<&str>,
) -> HttpRequest {
    let mut r = HttpRequest::new(Method::Get, "/connect/v1/custom-connector-plugins");
    if let Some(c) = cloud.map(str::trim).filter(|c| !c.is_empty()) {
        r = r.query("cloud", c);
    }
    r = r.query("page_size", page_size.clamp(1, 100).to_string());
    if let Some(t) = page_token.filter(|t| !t.is_empty()) {
        r = r.query("page_token", t);
    }
    r
}

/// The `page_token` query value of a `metadata.next` URL, decoded.
pub fn page_token_of(url: &str) -> Option<String> {
    let query = url.split_once('?')?.1;
    let query = query.split('#').next().unwrap_or_default();
    query.split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=')?;
        (percent_decode(k) == "page_token")
            .then(|| percent_decode(v))
            .filter(|t| !t.is_empty())
    })
}

/// Parses `{api_version, kind, metadata{next, total_size, …}, data[…]}`. Each plugin becomes a
/// type: id = `connector_class`, name = `display_name`, `description`, kind from
/// `connector_type` (`SOURCE`/`SINK`), details Documentation (a link), Runtime language, Cloud,
/// Connector type and Plugin id (see [`custom_plugin_id`]), tag = the cloud. Its form comes from
/// validation; its `sensitive_config_properties` are returned in
/// [`CustomPluginPage::sensitive`]. Plugins without a class or with an unknown type are skipped
/// and listed.
pub fn parse_custom_plugins(body: &str) -> Result<CustomPluginPage, ApiError> {
    let root: Value = serde_json::from_str(body).map_err(|e| {
        ApiError::Malformed(format!("the custom plugin list is not valid JSON ({e})"))
    })?;
    let data = root
        .get("data")
        .and_then(Value::as_array)
        .ok_or_else(|| ApiError::Malformed("the custom plugin list has no `data` array".into()))?;
    let meta = root.get("metadata");
    let mut page = CustomPluginPage {
        next_page_token: meta
            .and_then(|m| m.get("next"))
            .and_then(Value::as_str)
            .and_then(page_token_of),
        total_size: meta
            .and_then(|m| m.get("total_size"))
            .and_then(Value::as_u64),
        ..Default::default()
    };
    for (i, item) in data.iter().enumerate() {
        match custom_plugin(item) {
            Ok((ct, sensitive)) => {
                page.sensitive.push((ct.id.clone(), sensitive));
                page.types.push(ct);
            }
            Err(why) => {
                let label = item
                    .get("display_name")
                    .or_else(|| item.get("id"))
                    .and_then(Value::as_str)
                    .map(|n| format!("“{n}”"))
                    .unwrap_or_else(|| format!("#{}", i + 1));
                page.skipped.push(format!("Custom plugin {label}: {why}"));
            }
        }
    }
    Ok(page)
}

fn custom_plugin(item: &Value) -> Result<(ConnectorType, Vec<String>), String> {
    let obj = item.as_object().ok_or("it is not an object")?;
    let text = |k: &str| {
        obj.get(k)
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
    };
    let class = text("connector_class").ok_or("it has no `connector_class`")?;
    let ty = text("connector_type").ok_or("it has no `connector_type`")?;
    let kind = kind_of(ty).ok_or_else(|| format!("connector type “{ty}” is not SOURCE or SINK"))?;
    let mut details = Vec::new();
    if let Some(link) = text("documentation_link") {
        details.push(Detail::link("Documentation", link, link));
    }
    if let Some(r) = text("runtime_language") {
        details.push(Detail::new("Runtime language", r));
    }
    let cloud = text("cloud");
    if let Some(c) = cloud {
        details.push(Detail::new("Cloud", c));
    }
    details.push(Detail::new("Connector type", ty));
    if let Some(id) = text("id") {
        details.push(Detail::new("Plugin id", id));
    }
    let sensitive: Vec<String> = obj
        .get("sensitive_config_properties")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    Ok((
        ConnectorType {
            id: class.to_string(),
            name: text("display_name")
                .map(str::to_string)
                .unwrap_or_else(|| readable_name(class)),
            description: text("description").unwrap_or_default().to_string(),
            kind,
            form: FormSource::Validate,
            details,
            tags: cloud.map(|c| vec![c.to_string()]).unwrap_or_default(),
            ..Default::default()
        },
        sensitive,
    ))
}

/// The `ccp-…` id of a custom plugin type (its "Plugin id" detail).
pub fn custom_plugin_id(ct: &ConnectorType) -> Option<&str> {
    ct.details
        .iter()
        .find(|d| d.label == "Plugin id")
        .map(|d| d.value.as_str())
}

// ---------------------------------------------------------------------------------------------
// Connectors
// ---------------------------------------------------------------------------------------------

/// `GET …/connectors?expand=info,status,id`.
pub fn list_request(cluster: &Cluster) -> HttpRequest {
    HttpRequest::new(Method::Get, cluster.path("connectors")).query("expand", "info,status,id")
}

/// `GET …/connectors/{name}/status`.
pub fn status_request(cluster: &Cluster, name: &str) -> HttpRequest {
    HttpRequest::new(Method::Get, cluster.connector(name, "status"))
}

/// `GET …/connectors/{name}/config` (secrets come back masked).
pub fn config_request(cluster: &Cluster, name: &str) -> HttpRequest {
    HttpRequest::new(Method::Get, cluster.connector(name, "config"))
}

/// Health from a Confluent Cloud connector state and its tasks (see the module docs); states
/// Confluent does not use (`UNASSIGNED`, `RESTARTING`, `STOPPED`) are read as Kafka Connect
/// reads them.
pub fn health_of(state: &str, tasks: &[Task]) -> Health {
    match state.trim().to_ascii_uppercase().as_str() {
        "NONE" => Health::Unknown,
        "PROVISIONING" => Health::Starting,
        "RUNNING" if tasks.iter().any(Task::failed) => Health::Degraded,
        "RUNNING" => Health::Running,
        "DEGRADED" => Health::Degraded,
        "FAILED" => Health::Failed,
        "PAUSED" => Health::Paused,
        "DELETED" => Health::Stopped,
        other => kafka_connect::health_of(other, tasks),
    }
}

/// Parses the expanded list (a map keyed by connector name, each with `id`, `info`, `status`).
/// The connector's id is its name (every request addresses connectors by name); the `lcc-…` id
/// is the first note ("Connector ID"). Custom connectors' `errors_from_trace`,
/// `validation_errors`, `override_message` (and `error_summary`) become notes. Entries missing
/// parts appear with what is known (state `UNKNOWN` without a status). Sorted by name.
pub fn parse_list(body: &str) -> Result<Vec<Connector>, ApiError> {
    let root: Value = serde_json::from_str(body)
        .map_err(|e| ApiError::Malformed(format!("the connector list is not valid JSON ({e})")))?;
    let mut out: Vec<Connector> = match root {
        Value::Object(map) => map
            .iter()
            .map(|(name, entry)| {
                let info = entry.get("info");
                let config = info
                    .and_then(|i| i.get("config"))
                    .and_then(Value::as_object)
                    .cloned()
                    .unwrap_or_default();
                let info_type = info.and_then(|i| i.get("type")).and_then(Value::as_str);
                let id = entry
                    .get("id")
                    .and_then(|i| i.get("id"))
                    .and_then(Value::as_str);
                connector(name, config, entry.get("status"), info_type, id)
            })
            .collect(),
        Value::Array(names) => names
            .iter()
            .filter_map(Value::as_str)
            .map(|n| connector(n, Map::new(), None, None, None))
            .collect(),
        _ => {
            return Err(ApiError::Malformed(
                "the connector list is neither a map nor an array".into(),
            ))
        }
    };
    out.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(out)
}

/// One connector from the bodies of `GET …/connectors/{name}/config` and `…/status` (the two
/// requests a detail page polls).
pub fn parse_connector(
    name: &str,
    config_body: &str,
    status_body: &str,
) -> Result<Connector, ApiError> {
    let config = kafka_connect::parse_config(config_body)?;
    let status: Value = serde_json::from_str(status_body)
        .map_err(|e| ApiError::Malformed(format!("the status is not valid JSON ({e})")))?;
    if !status.is_object() {
        return Err(ApiError::Malformed(
            "the status is not a JSON object".into(),
        ));
    }
    Ok(connector(name, config, Some(&status), None, None))
}

/// Parses `GET …/connectors/{name}/config` (a map of strings, secrets masked).
pub fn parse_config(body: &str) -> Result<Map<String, Value>, ApiError> {
    kafka_connect::parse_config(body)
}

fn connector(
    name: &str,
    config: Map<String, Value>,
    status: Option<&Value>,
    info_type: Option<&str>,
    id: Option<&str>,
) -> Connector {
    let parts = status
        .map(kafka_connect::status_parts)
        .unwrap_or_else(|| ("UNKNOWN".into(), None, Vec::new(), None));
    let status_type = parts.3.clone();
    let mut c = kafka_connect::connector_from(name, config, parts);
    c.health = health_of(&c.raw_state, &c.tasks);
    if let Some(k) = info_type.or(status_type.as_deref()).and_then(kind_of) {
        c.kind = k;
    }
    // A custom connector's type is its plugin (the catalog keys custom plugins by plugin id).
    let custom = c
        .config
        .get("confluent.connector.type")
        .and_then(Value::as_str)
        .is_some_and(|t| t.eq_ignore_ascii_case("CUSTOM"));
    if let Some(plugin) = c
        .config
        .get("confluent.custom.plugin.id")
        .and_then(Value::as_str)
        .filter(|p| custom && !p.trim().is_empty())
    {
        c.type_id = plugin.to_string();
    }
    if let Some(id) = id.filter(|i| !i.trim().is_empty()) {
        c.notes.push(Detail::new("Connector ID", id));
    }
    if let Some(s) = status {
        c.notes.extend(status_notes(s));
    }
    c
}

/// Notes from a custom connector's status extras.
fn status_notes(s: &Value) -> Vec<Detail> {
    let mut notes = Vec::new();
    let text_of = |v: &Value| -> Option<String> {
        let t = match v {
            Value::String(s) => s.clone(),
            Value::Object(o) => ["error", "message", "detail"]
                .iter()
                .find_map(|k| o.get(*k).and_then(Value::as_str).map(str::to_string))
                .unwrap_or_else(|| v.to_string()),
            Value::Null => return None,
            other => value_to_text(other),
        };
        let t = t.trim().to_string();
        (!t.is_empty()).then_some(t)
    };
    for (key, label) in [
        ("errors_from_trace", "Error from trace"),
        ("validation_errors", "Validation error"),
    ] {
        if let Some(items) = s.get(key).and_then(Value::as_array) {
            notes.extend(
                items
                    .iter()
                    .filter_map(text_of)
                    .map(|t| Detail::new(label, t)),
            );
        }
    }
    for (key, label) in [
        ("override_message", "Notice"),
        ("error_summary", "Error summary"),
    ] {
        if let Some(t) = s.get(key).and_then(text_of) {
            notes.push(Detail::new(label, t));
        }
    }
    notes
}

/// `POST …/connectors {"name","config"}`: values as strings, nulls dropped.
pub fn create_request(cluster: &Cluster, name: &str, config: &Map<String, Value>) -> HttpRequest {
    HttpRequest::new(Method::Post, cluster.path("connectors"))
        .json(json!({ "name": name, "config": wire_config(config) }))
}

/// `PUT …/connectors/{name}/config` (create or update). Masked values are stripped first
/// ([`secrets_for_update`]): the mask is never sent.
pub fn update_request(cluster: &Cluster, name: &str, config: &Map<String, Value>) -> HttpRequest {
    let (config, _) = secrets_for_update(config);
    HttpRequest::new(Method::Put, cluster.connector(name, "config"))
        .json(Value::Object(wire_config(&config)))
}

/// `PUT …/connectors/{name}/pause`.
pub fn pause_request(cluster: &Cluster, name: &str) -> HttpRequest {
    HttpRequest::new(Method::Put, cluster.connector(name, "pause"))
}

/// `PUT …/connectors/{name}/resume`.
pub fn resume_request(cluster: &Cluster, name: &str) -> HttpRequest {
    HttpRequest::new(Method::Put, cluster.connector(name, "resume"))
}

/// `DELETE …/connectors/{name}`.
pub fn delete_request(cluster: &Cluster, name: &str) -> HttpRequest {
    HttpRequest::new(Method::Delete, cluster.connector(name, ""))
}

/// Applies the secrets-on-update rule (module docs): returns the config without masked values
/// and the keys left out (sorted), which the server keeps.
pub fn secrets_for_update(config: &Map<String, Value>) -> (Map<String, Value>, Vec<String>) {
    let mut kept = Vec::new();
    let mut out = Map::new();
    for (k, v) in config {
        if is_masked(v) {
            kept.push(k.clone());
        } else {
            out.insert(k.clone(), v.clone());
        }
    }
    kept.sort();
    (out, kept)
}

/// The config to `PUT` when saving an edit: the form's encoded values plus the stored config's
/// keys the definitions do not list, with every masked value left out — secrets the user left
/// blank (empty inputs, see [`values_from_config`](crate::model::form::values_from_config)) are
/// omitted and kept by the server, never sent as the mask. For a new connector pass an empty
/// `stored` map.
pub fn config_for_update(
    ct: &ConnectorType,
    values: &Values,
    stored: &Map<String, Value>,
) -> Map<String, Value> {
    let mut out = encode(ct, values);
    for (k, v) in extra_keys(ct, stored) {
        out.entry(k).or_insert(Value::String(v));
    }
    wire_config(&secrets_for_update(&out).0)
}

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

/// Turns a non-2xx response into an [`ApiError`], reading all three error shapes:
/// `{"errors":[{id,status,code,title,detail,source{pointer|parameter}}]}` — a `source.pointer`
/// of `/config/<key>` or `/<key>` and a `source.parameter` become field errors, the rest the
/// banner; `{"error":{code,message}}` and `{"error_code","message"}` — read as Kafka Connect
/// reads them (a rejected config is split into field errors). 401 says the API key was not
/// accepted; 429 keeps `Retry-After` / `X-RateLimit-Reset` (relative seconds).
pub fn parse_error(resp: &HttpResponse) -> ApiError {
    let status = resp.status;
    let parsed: Option<Value> = serde_json::from_str(&resp.body).ok();
    let mut fields = Vec::new();
    let mut general: Vec<String> = Vec::new();
    if let Some(items) = parsed
        .as_ref()
        .and_then(|v| v.get("errors"))
        .and_then(Value::as_array)
    {
        for e in items {
            let msg = ["detail", "title", "message", "code"]
                .iter()
                .find_map(|k| {
                    e.get(*k)
                        .and_then(Value::as_str)
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                })
                .unwrap_or("Invalid value")
                .to_string();
            let source = e.get("source");
            let key = source
                .and_then(|s| s.get("pointer"))
                .and_then(Value::as_str)
                .and_then(pointer_key)
                .or_else(|| {
                    source
                        .and_then(|s| s.get("parameter"))
                        .and_then(Value::as_str)
                        .map(str::trim)
                        .filter(|p| !p.is_empty())
                        .map(str::to_string)
                });
            match key {
                Some(key) => fields.push(FieldError {
                    key,
                    message: kafka_connect::sentence(&msg),
                }),
                None => general.push(kafka_connect::sentence(&msg)),
            }
        }
    } else {
        let message = parsed.as_ref().and_then(|v| {
            let m = v
                .get("error")
                .and_then(|e| e.get("message"))
                .or_else(|| v.get("message"))?;
            m.as_str()
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
        });
        if let Some(m) = message {
            let (banner, f) = kafka_connect::error_message(status, &m);
            general.push(banner);
            fields = f;
        }
    }
    let message = match status {
        401 => {
            let base = "Confluent Cloud did not accept the API key and secret.";
            match general.first() {
                Some(m) if !m.eq_ignore_ascii_case("unauthorized") => format!("{base} ({m})"),
                _ => base.to_string(),
            }
        }
        429 if general.is_empty() => status_text(429),
        _ if !general.is_empty() => general.join(" "),
        _ if !fields.is_empty() => format!(
            "The server rejected {} field{}; see the marked fields.",
            fields.len(),
            if fields.len() == 1 { "" } else { "s" }
        ),
        s => status_text(s),
    };
    ApiError::Http {
        status,
        message,
        fields,
        retry_after: retry_after(resp),
    }
}

/// The config key a JSON pointer names: `/config/<key>` → key, `/<key>` → key (`~1` and `~0`
/// unescaped); deeper pointers name no field.
fn pointer_key(p: &str) -> Option<String> {
    let unescape = |s: &str| s.replace("~1", "/").replace("~0", "~");
    let rest = p.strip_prefix('/')?;
    let key = match rest.strip_prefix("config/") {
        Some(k) => k,
        None if !rest.contains('/') => rest,
        None => return None,
    };
    let key = unescape(key);
    (!key.trim().is_empty()).then_some(key)
}

/// Reads a successful response, or maps an error response.
pub fn check(resp: HttpResponse) -> Result<HttpResponse, ApiError> {
    if resp.ok() {
        Ok(resp)
    } else {
        Err(parse_error(&resp))
    }
}
