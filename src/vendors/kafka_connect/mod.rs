//! Apache Kafka Connect: its REST API ([`wire`]), its verbs (forms that follow the validate
//! endpoint, per-task restarts), its retry rule (409 while the workers rebalance), and its
//! simulator ([`sim`]). Managed services that speak the same wire format for plugins,
//! validation and configs reuse this module on purpose (see their folders).

pub mod wire;

#[cfg(feature = "simulators")]
pub mod sim;

use crate::vendor::Listing;
use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use serde_json::{Map, Value};

use crate::config::BackendConfig;
use crate::http::{ApiError, HttpResponse};
use crate::model::catalog::{Catalog, ConnectorKind, ConnectorType};
use crate::model::status::{Connector, Health};
use crate::model::validation::Validation;
use crate::vendor::{
    just_created, send_ok, Action, Backend, Capability, Connectors, Exchange, FormInput, Retry,
    Vendor,
};

/// The Kafka Connect vendor.
pub struct KafkaConnect;

impl Vendor for KafkaConnect {
    fn id(&self) -> &'static str {
        "kafka-connect"
    }

    fn label(&self) -> &'static str {
        "Kafka Connect"
    }

    fn capabilities(&self) -> &'static [Capability] {
        &[Capability::Connectors, Capability::TaskRestart]
    }

    /// A 409 means the workers are rebalancing: wait 1, 2, then 4 seconds.
    fn retry(&self, status: u16, attempt: u32) -> Option<Retry> {
        (status == 409 && attempt <= 3).then(|| {
            let ms = 500u32 << attempt;
            Retry {
                wait_ms: ms,
                message: format!(
                    "Kafka Connect is rebalancing; trying again in {:.1} s.",
                    ms as f64 / 1000.0
                ),
            }
        })
    }

    fn verbs(&self) -> crate::vendor::Verbs {
        crate::verbs!(vendor_kafka_connect: load_kafka_connect, open)
    }

    fn read_definition(&self, json: &Value) -> Option<Result<crate::vendor::Pasted, String>> {
        json.get("configs")?.as_array()?;
        Some(read_validation(json).map(|(ct, v)| crate::vendor::Pasted {
            ct,
            validation: Some(v),
            notes: Vec::new(),
            encode,
        }))
    }

    #[cfg(feature = "simulators")]
    fn simulator(&self, _assets: &[String]) -> Box<dyn crate::vendor::Simulator> {
        Box::<sim::KafkaConnectSim>::default()
    }
}

/// A validate answer read on its own (the Playground): the plugin it describes (from its
/// `name`, or the `connector.class` value) with the answer's form, and the answer itself.
pub fn read_validation(json: &Value) -> Result<(ConnectorType, Validation), String> {
    let v = wire::parse_validation(&json.to_string()).map_err(|e| e.to_string())?;
    let class = json
        .get("name")
        .and_then(Value::as_str)
        .map(str::to_string)
        .or_else(|| v.state("connector.class").and_then(|s| s.value.clone()))
        .unwrap_or_default();
    let sink = class
        .rsplit('.')
        .next()
        .unwrap_or_default()
        .contains("Sink");
    let plugin = ConnectorType {
        name: if class.is_empty() {
            "Pasted connector".into()
        } else {
            wire::readable_name(&class)
        },
        id: class,
        kind: if sink {
            ConnectorKind::Destination
        } else {
            ConnectorKind::Source
        },
        ..Default::default()
    };
    Ok((wire::type_from_validation(&plugin, &v), v))
}

/// Plugins loaded so far, shared by the verbs of one backend.
#[derive(Default)]
pub struct PluginCache {
    /// The plugins, in the server's order.
    pub plugins: Vec<ConnectorType>,
    /// True once the plugin list has loaded.
    pub loaded: bool,
}

impl PluginCache {
    /// The plugins of one kind, as a catalog with the notices of `skipped` entries.
    pub fn catalog(&self, kind: ConnectorKind, skipped: Vec<String>) -> Catalog {
        Catalog {
            types: self
                .plugins
                .iter()
                .filter(|t| t.kind == kind)
                .cloned()
                .collect(),
            skipped,
        }
    }
}

/// The config keys a form's fields cover.
pub fn listed_keys(ct: &ConnectorType) -> BTreeSet<&str> {
    ct.fields.iter().map(|f| f.key.as_str()).collect()
}

/// The stored config's values of the keys the form's fields cover (the stored keys outside
/// them are replaced by the form's "Other properties").
pub fn stored_defs(form: &FormInput<'_>) -> Map<String, Value> {
    let listed = listed_keys(form.ct);
    form.stored
        .iter()
        .filter(|(k, _)| listed.contains(k.as_str()))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

/// The last part of the encode step of validate-driven forms: the fields the server hides are
/// left out, the "Other properties" pairs go in, and `name` and `connector.class` are set.
pub fn finish_config(
    form: &FormInput<'_>,
    mut out: Map<String, Value>,
    class: &str,
) -> Map<String, Value> {
    let listed = listed_keys(form.ct);
    for key in form.server_hidden {
        out.shift_remove(key);
    }
    for (k, v) in form.other {
        let k = k.trim();
        if !k.is_empty() && !listed.contains(k) {
            out.insert(k.to_string(), Value::String(v.clone()));
        }
    }
    out.insert("name".into(), Value::String(form.name.to_string()));
    out.insert("connector.class".into(), Value::String(class.to_string()));
    out
}

/// Kafka Connect's encode step: every value a string, the fields the server hides left out,
/// the "Other properties" pairs, `name` and `connector.class`, and each secret the user left
/// blank sent back exactly as stored (the PUT replaces the whole config).
pub fn encode(form: &FormInput<'_>) -> Map<String, Value> {
    let base = wire::config_for_save(form.ct, form.values, form.mode, &stored_defs(form));
    finish_config(form, base, &form.ct.id)
}

/// The actions of a Kafka Connect connector: pause or resume (resume when stopped), stop,
/// restart, and restart of the failed tasks when there are any.
pub fn actions(c: &Connector) -> Vec<Action> {
    let stopped = c.health == Health::Stopped;
    let mut v = vec![if stopped {
        Action::Resume
    } else {
        Action::pause_or_resume(c)
    }];
    if !stopped {
        v.push(Action::Stop);
    }
    v.push(Action::Restart);
    if c.tasks.iter().any(|t| t.failed()) {
        v.push(Action::RestartFailed);
    }
    v
}

fn check(resp: HttpResponse) -> Result<HttpResponse, ApiError> {
    wire::check(resp)
}

/// A Kafka Connect backend; caches the plugin list.
#[derive(Default)]
struct KafkaConnectBackend {
    cache: Mutex<PluginCache>,
}

impl Backend for KafkaConnectBackend {
    fn connectors(&self) -> Option<&dyn Connectors> {
        Some(self)
    }
}

fn poisoned() -> ApiError {
    ApiError::Malformed("internal state unavailable".into())
}

impl KafkaConnectBackend {
    /// Loads the plugin list once. Returns skipped entries.
    async fn load_plugins(&self, io: &dyn Exchange) -> Result<Vec<String>, ApiError> {
        if self.cache.lock().map(|c| c.loaded).unwrap_or(false) {
            return Ok(Vec::new());
        }
        let resp = send_ok(io, wire::plugins_request(), check).await?;
        let catalog = wire::parse_plugins(&resp.body)?;
        let mut cache = self.cache.lock().map_err(|_| poisoned())?;
        if !cache.loaded {
            cache.plugins = catalog.types;
            cache.loaded = true;
        }
        Ok(catalog.skipped)
    }

    /// A plugin by class; a class the list does not show (an alias, a newer plugin) is
    /// validated anyway, as a plugin of `kind` (what the caller knows of it).
    async fn plugin(
        &self,
        io: &dyn Exchange,
        kind: ConnectorKind,
        code: &str,
    ) -> Result<ConnectorType, ApiError> {
        self.load_plugins(io).await?;
        let c = self.cache.lock().map_err(|_| poisoned())?;
        Ok(c.plugins
            .iter()
            .find(|t| t.id == code)
            .cloned()
            .unwrap_or_else(|| ConnectorType {
                id: code.to_string(),
                name: wire::readable_name(code),
                kind,
                ..Default::default()
            }))
    }

    async fn validate_config(
        &self,
        io: &dyn Exchange,
        class: &str,
        config: &Map<String, Value>,
    ) -> Result<Validation, ApiError> {
        let mut config = config.clone();
        config.insert("connector.class".into(), Value::String(class.to_string()));
        let resp = send_ok(io, wire::validate_request(class, &config), check).await?;
        wire::parse_validation(&resp.body)
    }

    async fn connector_type(
        &self,
        io: &dyn Exchange,
        kind: ConnectorKind,
        code: &str,
    ) -> Result<(ConnectorType, Vec<String>), ApiError> {
        let plugin = self.plugin(io, kind, code).await?;
        let v = self.validate_config(io, &plugin.id, &Map::new()).await?;
        Ok((wire::type_from_validation(&plugin, &v), Vec::new()))
    }

    async fn get(&self, io: &dyn Exchange, id: &str) -> Result<Connector, ApiError> {
        let config = send_ok(io, wire::config_request(id), check).await?;
        let status = send_ok(io, wire::status_request(id), check).await?;
        Ok(wire::connector_from(
            id,
            wire::parse_config(&config.body)?,
            wire::parse_status(&status.body)?,
        ))
    }

    async fn put(
        &self,
        io: &dyn Exchange,
        name: &str,
        form: &FormInput<'_>,
    ) -> Result<Connector, ApiError> {
        let config = encode(form);
        send_ok(io, wire::put_config_request(name, &config), check).await?;
        Ok(just_created(form.ct, name, config))
    }
}

#[async_trait(?Send)]
impl Connectors for KafkaConnectBackend {
    async fn catalog(&self, io: &dyn Exchange, kind: ConnectorKind) -> Result<Catalog, ApiError> {
        let skipped = self.load_plugins(io).await?;
        let cache = self.cache.lock().map_err(|_| poisoned())?;
        Ok(cache.catalog(kind, skipped))
    }

    async fn connector_type(
        &self,
        io: &dyn Exchange,
        kind: ConnectorKind,
        code: &str,
    ) -> Result<(ConnectorType, Vec<String>), ApiError> {
        KafkaConnectBackend::connector_type(self, io, kind, code).await
    }

    async fn validate(
        &self,
        io: &dyn Exchange,
        form: &FormInput<'_>,
    ) -> Result<Validation, ApiError> {
        let mut v = self.validate_config(io, &form.ct.id, &encode(form)).await?;
        wire::drop_kept_secret_errors(&mut v, form.mode);
        Ok(v)
    }

    fn other_keys(&self, ct: &ConnectorType, stored: &Map<String, Value>) -> Vec<(String, String)> {
        wire::extra_keys(ct, stored)
    }

    fn save_request(
        &self,
        form: &FormInput<'_>,
        existing: Option<&Connector>,
    ) -> Option<crate::http::HttpRequest> {
        let name = existing.map_or(form.name, |c| c.id.as_str());
        Some(wire::put_config_request(name, &encode(form)))
    }

    /// `PUT /connectors/{name}/config` with the stored config: Kafka Connect's create-or-update.
    fn config_request(&self, c: &Connector) -> Option<crate::http::HttpRequest> {
        Some(wire::put_config_request(&c.id, &c.config))
    }

    fn encode(&self, form: &FormInput<'_>) -> Map<String, Value> {
        encode(form)
    }

    async fn list(&self, io: &dyn Exchange) -> Result<Listing, ApiError> {
        let resp = send_ok(io, wire::list_request(), check).await?;
        wire::parse_list(&resp.body).map(Listing::whole)
    }

    async fn get(
        &self,
        io: &dyn Exchange,
        _kind: ConnectorKind,
        id: &str,
    ) -> Result<Connector, ApiError> {
        KafkaConnectBackend::get(self, io, id).await
    }

    async fn create(&self, io: &dyn Exchange, form: &FormInput<'_>) -> Result<Connector, ApiError> {
        self.put(io, form.name, form).await
    }

    async fn update(
        &self,
        io: &dyn Exchange,
        existing: &Connector,
        form: &FormInput<'_>,
    ) -> Result<Connector, ApiError> {
        let saved = self.put(io, &existing.id, form).await?;
        Ok(Connector {
            kind: existing.kind,
            ..saved
        })
    }

    fn actions(&self, c: &Connector) -> Vec<Action> {
        actions(c)
    }

    async fn act(&self, io: &dyn Exchange, c: &Connector, action: &Action) -> Result<(), ApiError> {
        let req = match action {
            Action::Pause => wire::pause_request(&c.id),
            Action::Resume => wire::resume_request(&c.id),
            Action::Stop => wire::stop_request(&c.id),
            Action::Restart => wire::restart_request(&c.id, true, false),
            Action::RestartFailed => wire::restart_request(&c.id, true, true),
            Action::RestartTask(t) => wire::restart_task_request(&c.id, t),
        };
        send_ok(io, req, check).await.map(|_| ())
    }

    async fn delete(&self, io: &dyn Exchange, c: &Connector) -> Result<(), ApiError> {
        send_ok(io, wire::delete_request(&c.id), check)
            .await
            .map(|_| ())
    }
}

/// Opens the verbs of a backend (through [`Vendor::verbs`]).
fn open(_backend: &BackendConfig) -> Arc<dyn Backend> {
    Arc::new(KafkaConnectBackend::default())
}
