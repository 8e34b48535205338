//! Async API verbs the pages call. Each builds a request with the backend's dialect, sends it
//! through the [`Transport`] and parses the answer; pages never see wire formats, and adding a
//! dialect means adding arms here, not changing pages.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use serde_json::{Map, Value};

use crate::config::{BackendConfig, DialectKind};
use crate::dialect::{confluent, kafka_connect, streamkap, ApiError, HttpRequest, HttpResponse};
use crate::model::catalog::{Catalog, ConnectorKind, ConnectorType, Detail};
use crate::model::status::{Connector, Health};
use crate::model::validation::Validation;
use crate::net::Transport;

/// Most list pages fetched in one refresh (at 100 per page).
const MAX_PAGES: u32 = 50;

/// Something a user can do to a connector.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    /// Pause it.
    Pause,
    /// Resume it.
    Resume,
    /// Stop it (Kafka Connect: keeps the config, releases the tasks).
    Stop,
    /// Restart the connector and all its tasks.
    Restart,
    /// Restart the connector and only its failed tasks.
    RestartFailed,
    /// Restart one task.
    RestartTask(String),
}

impl Action {
    /// What the button says.
    pub fn label(&self) -> String {
        match self {
            Action::Pause => "Pause".into(),
            Action::Resume => "Resume".into(),
            Action::Stop => "Stop".into(),
            Action::Restart => "Restart".into(),
            Action::RestartFailed => "Restart failed tasks".into(),
            Action::RestartTask(id) => format!("Restart task {id}"),
        }
    }

    /// What the status line says while it runs.
    pub fn progress(&self) -> String {
        match self {
            Action::Pause => "Pausing…".into(),
            Action::Resume => "Resuming…".into(),
            Action::Stop => "Stopping…".into(),
            Action::Restart => "Restarting…".into(),
            Action::RestartFailed => "Restarting failed tasks…".into(),
            Action::RestartTask(id) => format!("Restarting task {id}…"),
        }
    }
}

#[derive(Default)]
struct Cache {
    /// Kafka Connect / Confluent plugins loaded so far (managed and custom).
    plugins: Vec<ConnectorType>,
    managed_loaded: bool,
    /// Custom plugin paging: the next token, and whether all pages are in.
    custom_next: Option<String>,
    custom_done: bool,
    custom_total: Option<u64>,
    /// Sensitive properties of custom plugins, by type id.
    sensitive: HashMap<String, Vec<String>>,
}

/// The backend API as async verbs. Cheap to clone.
#[derive(Clone)]
pub struct Api {
    transport: Transport,
    cache: Arc<Mutex<Cache>>,
}

/// The Confluent connector class of a type (custom plugins keep it in a detail).
pub fn class_of(ct: &ConnectorType) -> String {
    ct.details
        .iter()
        .find(|d| d.label == "Class")
        .map(|d| d.value.clone())
        .unwrap_or_else(|| ct.id.clone())
}

impl Api {
    /// Wraps a transport.
    pub fn new(transport: Transport) -> Self {
        Api {
            transport,
            cache: Arc::new(Mutex::new(Cache::default())),
        }
    }

    /// The backend's configuration.
    pub fn backend(&self) -> &BackendConfig {
        self.transport.backend()
    }

    /// The dialect spoken.
    pub fn dialect(&self) -> DialectKind {
        self.backend().dialect
    }

    /// The transport (for credentials).
    pub fn transport(&self) -> &Transport {
        &self.transport
    }

    fn cluster(&self) -> confluent::Cluster {
        let b = self.backend();
        confluent::Cluster::new(
            b.environment_id
                .clone()
                .unwrap_or_else(|| "env-demo".into()),
            b.kafka_cluster_id
                .clone()
                .unwrap_or_else(|| "lkc-demo".into()),
        )
    }

    /// Sends and maps an error status with the dialect's error parser.
    async fn send_ok(&self, req: HttpRequest) -> Result<HttpResponse, ApiError> {
        let resp = self.transport.send(req).await?;
        match self.dialect() {
            DialectKind::Streamkap => streamkap::check(resp),
            DialectKind::KafkaConnect => kafka_connect::check(resp),
            DialectKind::ConfluentCloud => confluent::check(resp),
            DialectKind::Laminar => crate::dialect::laminar::check(resp),
        }
    }

    /// The catalog of one kind. For Confluent Cloud this holds the managed plugins and the
    /// custom plugins loaded so far ([`Api::load_custom_plugins`] pages through the rest).
    pub async fn catalog(&self, kind: ConnectorKind) -> Result<Catalog, ApiError> {
        match self.dialect() {
            DialectKind::Streamkap => {
                let resp = self.send_ok(streamkap::catalog_request(kind, None)).await?;
                streamkap::parse_catalog(kind, &resp.body)
            }
            DialectKind::KafkaConnect | DialectKind::ConfluentCloud => {
                let skipped = self.load_plugins().await?;
                let cache = self.cache.lock().map_err(|_| poisoned())?;
                Ok(Catalog {
                    types: cache
                        .plugins
                        .iter()
                        .filter(|t| t.kind == kind)
                        .cloned()
                        .collect(),
                    skipped,
                })
            }
            DialectKind::Laminar => Err(ApiError::Malformed(
                "Laminar connectors are browsed on the Laminar pages".into(),
            )),
        }
    }

    /// Loads the plugin list once (managed plugins for Confluent). Returns skipped entries.
    async fn load_plugins(&self) -> Result<Vec<String>, ApiError> {
        if self.cache.lock().map(|c| c.managed_loaded).unwrap_or(false) {
            return Ok(Vec::new());
        }
        let catalog = match self.dialect() {
            DialectKind::KafkaConnect => {
                let resp = self.send_ok(kafka_connect::plugins_request()).await?;
                kafka_connect::parse_plugins(&resp.body)?
            }
            _ => {
                let resp = self
                    .send_ok(confluent::plugins_request(&self.cluster()))
                    .await?;
                confluent::parse_plugins(&resp.body)?
            }
        };
        let mut cache = self.cache.lock().map_err(|_| poisoned())?;
        if !cache.managed_loaded {
            let custom: Vec<ConnectorType> = std::mem::take(&mut cache.plugins);
            cache.plugins = catalog.types;
            cache.plugins.extend(custom);
            cache.managed_loaded = true;
        }
        Ok(catalog.skipped)
    }

    /// Confluent Cloud: loads the next page of custom plugins (up to 100). Returns
    /// `(loaded so far, total if known, done)`.
    pub async fn load_custom_plugins(&self) -> Result<(usize, Option<u64>, bool), ApiError> {
        let token = {
            let c = self.cache.lock().map_err(|_| poisoned())?;
            if c.custom_done {
                let n = c
                    .plugins
                    .iter()
                    .filter(|t| confluent::custom_plugin_id(t).is_some())
                    .count();
                return Ok((n, c.custom_total, true));
            }
            c.custom_next.clone()
        };
        let req = confluent::custom_plugins_request(None, 100, token.as_deref());
        let resp = self.send_ok(req).await?;
        let page = confluent::parse_custom_plugins(&resp.body)?;
        let mut c = self.cache.lock().map_err(|_| poisoned())?;
        for mut t in page.types {
            // Custom plugins are told apart by plugin id (one class may exist per cloud).
            let class = t.id.clone();
            if let Some(id) = confluent::custom_plugin_id(&t).map(str::to_string) {
                if let Some((_, keys)) = page.sensitive.iter().find(|(cls, _)| cls == &class) {
                    c.sensitive.insert(id.clone(), keys.clone());
                }
                t.details.push(Detail::new("Class", class));
                t.id = id;
            }
            if !c.plugins.iter().any(|p| p.id == t.id) {
                c.plugins.push(t);
            }
        }
        c.custom_total = page.total_size.or(c.custom_total);
        c.custom_next = page.next_page_token;
        c.custom_done = c.custom_next.is_none();
        let n = c
            .plugins
            .iter()
            .filter(|t| confluent::custom_plugin_id(t).is_some())
            .count();
        Ok((n, c.custom_total, c.custom_done))
    }

    /// One connector type, with its form (Kafka Connect and Confluent: from a first validation
    /// of an empty config) and the notices of anything skipped while parsing it.
    pub async fn connector_type(
        &self,
        kind: ConnectorKind,
        code: &str,
    ) -> Result<(ConnectorType, Vec<String>), ApiError> {
        match self.dialect() {
            DialectKind::Streamkap => {
                let resp = self
                    .send_ok(streamkap::catalog_request(kind, Some(code)))
                    .await?;
                let catalog = streamkap::parse_catalog(kind, &resp.body)?;
                let skipped = catalog.skipped;
                // Servers that ignore `connector_code` send everything: pick ours.
                let mut types = catalog.types;
                let pos = types
                    .iter()
                    .position(|t| t.id == code)
                    .or(if types.len() == 1 { Some(0) } else { None });
                match pos {
                    Some(i) => Ok((types.swap_remove(i), skipped)),
                    None => Err(not_in_catalog(kind, code)),
                }
            }
            DialectKind::KafkaConnect | DialectKind::ConfluentCloud => {
                let plugin = self.plugin(code).await?;
                let v = self.validate(&plugin, &Map::new()).await?;
                let mut ct = kafka_connect::type_from_validation(&plugin, &v);
                let sensitive = self
                    .cache
                    .lock()
                    .ok()
                    .and_then(|c| c.sensitive.get(code).cloned());
                if let Some(keys) = sensitive {
                    confluent::mark_sensitive(&mut ct, &keys);
                }
                Ok((ct, Vec::new()))
            }
            DialectKind::Laminar => Err(not_in_catalog(kind, code)),
        }
    }

    /// A plugin by type id, loading plugin pages until it is found.
    async fn plugin(&self, code: &str) -> Result<ConnectorType, ApiError> {
        self.load_plugins().await?;
        loop {
            let (found, done) = {
                let c = self.cache.lock().map_err(|_| poisoned())?;
                (
                    c.plugins.iter().find(|t| t.id == code).cloned(),
                    c.custom_done || self.dialect() != DialectKind::ConfluentCloud,
                )
            };
            if let Some(p) = found {
                return Ok(p);
            }
            if done {
                // A class the list does not show (an alias, a newer plugin): validate anyway.
                return Ok(ConnectorType {
                    id: code.to_string(),
                    name: kafka_connect::readable_name(code),
                    ..Default::default()
                });
            }
            self.load_custom_plugins().await?;
        }
    }

    /// Validates a config of a validate-driven type (Kafka Connect, Confluent Cloud).
    pub async fn validate(
        &self,
        ct: &ConnectorType,
        config: &Map<String, Value>,
    ) -> Result<Validation, ApiError> {
        let class = class_of(ct);
        let mut config = config.clone();
        config.insert("connector.class".into(), Value::String(class.clone()));
        let (req, confluent) = match self.dialect() {
            DialectKind::ConfluentCloud => {
                if let Some(id) = confluent::custom_plugin_id(ct) {
                    confluent::fill_custom(&mut config, id);
                }
                (
                    confluent::validate_request(&self.cluster(), &class, &config),
                    true,
                )
            }
            _ => (kafka_connect::validate_request(&class, &config), false),
        };
        let resp = self.send_ok(req).await?;
        if confluent {
            confluent::parse_validation(&resp.body)
        } else {
            kafka_connect::parse_validation(&resp.body)
        }
    }

    /// Every connector of both kinds.
    pub async fn list(&self) -> Result<Vec<Connector>, ApiError> {
        match self.dialect() {
            DialectKind::Streamkap => {
                let mut all = Vec::new();
                for kind in [ConnectorKind::Source, ConnectorKind::Destination] {
                    let mut page = 1;
                    loop {
                        let q = streamkap::ListQuery {
                            page,
                            page_size: 100,
                            ..Default::default()
                        };
                        let resp = self.send_ok(streamkap::list_request(kind, &q)).await?;
                        let parsed = streamkap::parse_list(kind, &resp.body)?;
                        all.extend(parsed.items);
                        if !parsed.has_next || page >= MAX_PAGES {
                            break;
                        }
                        page += 1;
                    }
                }
                Ok(all)
            }
            DialectKind::KafkaConnect => {
                let resp = self.send_ok(kafka_connect::list_request()).await?;
                kafka_connect::parse_list(&resp.body)
            }
            DialectKind::ConfluentCloud => {
                let resp = self
                    .send_ok(confluent::list_request(&self.cluster()))
                    .await?;
                confluent::parse_list(&resp.body)
            }
            DialectKind::Laminar => Ok(Vec::new()),
        }
    }

    /// One connector.
    pub async fn get(&self, kind: ConnectorKind, id: &str) -> Result<Connector, ApiError> {
        match self.dialect() {
            DialectKind::Streamkap => {
                let resp = self.send_ok(streamkap::get_request(kind, id)).await?;
                streamkap::parse_one(kind, &resp.body)
            }
            DialectKind::KafkaConnect => {
                let config = self.send_ok(kafka_connect::config_request(id)).await?;
                let status = self.send_ok(kafka_connect::status_request(id)).await?;
                Ok(kafka_connect::connector_from(
                    id,
                    kafka_connect::parse_config(&config.body)?,
                    kafka_connect::parse_status(&status.body)?,
                ))
            }
            DialectKind::ConfluentCloud => {
                let cluster = self.cluster();
                let config = self
                    .send_ok(confluent::config_request(&cluster, id))
                    .await?;
                let status = self
                    .send_ok(confluent::status_request(&cluster, id))
                    .await?;
                confluent::parse_connector(id, &config.body, &status.body)
            }
            DialectKind::Laminar => Err(not_in_catalog(kind, id)),
        }
    }

    /// Creates a connector from the config [`crate::dialect::config_to_send`] built.
    pub async fn create(
        &self,
        ct: &ConnectorType,
        name: &str,
        mut config: Map<String, Value>,
    ) -> Result<Connector, ApiError> {
        match self.dialect() {
            DialectKind::Streamkap => {
                let req = streamkap::create_request(ct.kind, name, &ct.id, config);
                let resp = self.send_ok(req).await?;
                streamkap::parse_one(ct.kind, &resp.body)
            }
            DialectKind::KafkaConnect => {
                self.send_ok(kafka_connect::put_config_request(name, &config))
                    .await?;
                Ok(just_created(ct, name, config))
            }
            DialectKind::ConfluentCloud => {
                let class = class_of(ct);
                confluent::fill_common(
                    &mut config,
                    &class,
                    name,
                    None,
                    None,
                    None,
                    &self.cluster().environment_id,
                );
                if let Some(id) = confluent::custom_plugin_id(ct) {
                    confluent::fill_custom(&mut config, id);
                }
                self.send_ok(confluent::create_request(&self.cluster(), name, &config))
                    .await?;
                Ok(just_created(ct, name, config))
            }
            DialectKind::Laminar => Err(not_in_catalog(ct.kind, &ct.id)),
        }
    }

    /// Saves a changed config (and, for Streamkap, name) of an existing connector.
    pub async fn update(
        &self,
        existing: &Connector,
        ct: &ConnectorType,
        name: &str,
        config: Map<String, Value>,
    ) -> Result<Connector, ApiError> {
        match self.dialect() {
            DialectKind::Streamkap => {
                let req = streamkap::update_request(
                    existing.kind,
                    &existing.id,
                    name,
                    &existing.type_id,
                    config,
                );
                let resp = self.send_ok(req).await?;
                streamkap::parse_one(existing.kind, &resp.body)
            }
            DialectKind::KafkaConnect => {
                self.send_ok(kafka_connect::put_config_request(&existing.id, &config))
                    .await?;
                Ok(just_created(ct, &existing.id, config))
            }
            DialectKind::ConfluentCloud => {
                self.send_ok(confluent::update_request(
                    &self.cluster(),
                    &existing.id,
                    &config,
                ))
                .await?;
                Ok(just_created(ct, &existing.id, config))
            }
            DialectKind::Laminar => Err(not_in_catalog(existing.kind, &existing.id)),
        }
    }

    /// The actions this backend offers for a connector in its current state.
    pub fn actions(&self, c: &Connector) -> Vec<Action> {
        let paused = c.health == Health::Paused || c.desired_state.as_deref() == Some("Paused");
        let pause_or_resume = if paused {
            Action::Resume
        } else {
            Action::Pause
        };
        match self.dialect() {
            DialectKind::Streamkap | DialectKind::ConfluentCloud => vec![pause_or_resume],
            DialectKind::KafkaConnect => {
                let stopped = c.health == Health::Stopped;
                let mut v = vec![if stopped {
                    Action::Resume
                } else {
                    pause_or_resume
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
            DialectKind::Laminar => Vec::new(),
        }
    }

    /// True when single tasks can be restarted.
    pub fn can_restart_tasks(&self) -> bool {
        self.dialect() == DialectKind::KafkaConnect
    }

    /// Carries out an action.
    pub async fn act(&self, c: &Connector, action: &Action) -> Result<(), ApiError> {
        let req = match (self.dialect(), action) {
            (DialectKind::Streamkap, Action::Pause) => streamkap::set_state_request(c, "Paused"),
            (DialectKind::Streamkap, Action::Resume) => streamkap::set_state_request(c, "Active"),
            (DialectKind::KafkaConnect, Action::Pause) => kafka_connect::pause_request(&c.id),
            (DialectKind::KafkaConnect, Action::Resume) => kafka_connect::resume_request(&c.id),
            (DialectKind::KafkaConnect, Action::Stop) => kafka_connect::stop_request(&c.id),
            (DialectKind::KafkaConnect, Action::Restart) => {
                kafka_connect::restart_request(&c.id, true, false)
            }
            (DialectKind::KafkaConnect, Action::RestartFailed) => {
                kafka_connect::restart_request(&c.id, true, true)
            }
            (DialectKind::KafkaConnect, Action::RestartTask(t)) => {
                kafka_connect::restart_task_request(&c.id, t)
            }
            (DialectKind::ConfluentCloud, Action::Pause) => {
                confluent::pause_request(&self.cluster(), &c.id)
            }
            (DialectKind::ConfluentCloud, Action::Resume) => {
                confluent::resume_request(&self.cluster(), &c.id)
            }
            (d, a) => {
                return Err(ApiError::Malformed(format!(
                    "{} cannot “{}”",
                    d.label(),
                    a.label()
                )))
            }
        };
        self.send_ok(req).await.map(|_| ())
    }

    /// Deletes a connector.
    pub async fn delete(&self, c: &Connector) -> Result<(), ApiError> {
        let req = match self.dialect() {
            DialectKind::Streamkap => streamkap::delete_request(c.kind, &c.id),
            DialectKind::KafkaConnect => kafka_connect::delete_request(&c.id),
            DialectKind::ConfluentCloud => confluent::delete_request(&self.cluster(), &c.id),
            DialectKind::Laminar => return Err(not_in_catalog(c.kind, &c.id)),
        };
        self.send_ok(req).await.map(|_| ())
    }

    /// Checks the backend answers with these credentials (settings page): fetches its catalog.
    pub async fn test_connection(&self) -> Result<String, ApiError> {
        match self.dialect() {
            DialectKind::Laminar => {
                let resp = self
                    .send_ok(crate::dialect::laminar::connectors_request(None, None))
                    .await?;
                let cat = crate::dialect::laminar::parse_connectors(&resp.body)?;
                Ok(format!(
                    "Connected: {} connectors offered.",
                    cat.connectors.len()
                ))
            }
            _ => {
                let n = self.catalog(ConnectorKind::Source).await?.types.len()
                    + self.catalog(ConnectorKind::Destination).await?.types.len();
                Ok(format!("Connected: {n} connector types offered."))
            }
        }
    }

    /// Sends any request of this backend's dialect (the Laminar pages build their own).
    pub async fn request(&self, req: HttpRequest) -> Result<HttpResponse, ApiError> {
        self.send_ok(req).await
    }
}

/// The connector a Kafka Connect / Confluent create or update just made: its status is not
/// known until the first poll.
fn just_created(ct: &ConnectorType, name: &str, config: Map<String, Value>) -> Connector {
    Connector {
        id: name.to_string(),
        name: name.to_string(),
        type_id: ct.id.clone(),
        type_name: ct.name.clone(),
        kind: ct.kind,
        health: Health::Starting,
        raw_state: "SUBMITTED".into(),
        desired_state: None,
        tasks: Vec::new(),
        trace: None,
        config,
        created: None,
        notes: Vec::new(),
    }
}

fn not_in_catalog(kind: ConnectorKind, code: &str) -> ApiError {
    ApiError::Http {
        status: 404,
        message: format!(
            "The catalog has no {} connector “{code}”.",
            kind.label().to_lowercase()
        ),
        fields: vec![],
        retry_after: None,
    }
}

fn poisoned() -> ApiError {
    ApiError::Malformed("internal state unavailable".into())
}
