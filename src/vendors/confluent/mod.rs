//! Confluent Cloud Connect: its API ([`wire`]), its verbs (managed plugins plus custom plugins
//! paged in, secrets masked on update), HTTP Basic with a Cloud API key, and its simulator
//! ([`sim`]).
//!
//! Confluent Cloud's plugins, validate answers and configs are Kafka Connect's wire format,
//! so this module reuses `vendors::kafka_connect` on purpose (its parsers, its encode steps
//! and, for the simulator, its plugin definitions); its Cargo feature includes Kafka Connect's.

pub mod wire;

#[cfg(feature = "simulators")]
pub mod sim;

use crate::vendor::Listing;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use serde_json::{Map, Value};

use crate::auth::Credentials;
use crate::config::{AuthKind, BackendConfig};
use crate::http::{ApiError, HttpResponse};
use crate::model::catalog::{Catalog, ConnectorKind, ConnectorType, Detail};
use crate::model::status::Connector;
use crate::model::validation::Validation;
use crate::vendor::{
    just_created, send_ok, Action, Backend, BackendOption, Capability, CatalogProgress, Connectors,
    Exchange, FormInput, Vendor,
};
use crate::vendors::kafka_connect::{self as kc, wire as kc_wire, PluginCache};

/// The Confluent Cloud vendor.
pub struct ConfluentCloud;

const OPTIONS: &[BackendOption] = &[
    BackendOption {
        key: "environment_id",
        label: "Environment id",
        placeholder: "env-…",
        required: true,
    },
    BackendOption {
        key: "kafka_cluster_id",
        label: "Kafka cluster id",
        placeholder: "lkc-…",
        required: true,
    },
];

impl Vendor for ConfluentCloud {
    fn id(&self) -> &'static str {
        "confluent-cloud"
    }

    fn label(&self) -> &'static str {
        "Confluent Cloud"
    }

    fn capabilities(&self) -> &'static [Capability] {
        &[Capability::Connectors, Capability::PagedCatalog]
    }

    fn default_auth(&self) -> AuthKind {
        AuthKind::Basic
    }

    fn backend_options(&self) -> &'static [BackendOption] {
        OPTIONS
    }

    fn credential_labels(&self, kind: AuthKind) -> Option<(&'static str, &'static str)> {
        match kind {
            AuthKind::Basic => Some(("Cloud API key", "Cloud API secret")),
            other => crate::auth::field_labels(other),
        }
    }

    /// The simulated API insists on Basic auth like the real one; the demo works without
    /// asking for a key.
    fn simulated_credentials(&self) -> Credentials {
        Credentials::Basic {
            user: "demo-key".into(),
            password: "demo-secret".into(),
        }
    }

    fn verbs(&self) -> crate::vendor::Verbs {
        crate::verbs!(vendor_confluent_cloud: load_confluent_cloud, open)
    }

    #[cfg(feature = "simulators")]
    fn simulator(&self, _assets: &[String]) -> Box<dyn crate::vendor::Simulator> {
        Box::<sim::ConfluentSim>::default()
    }

    #[cfg(all(feature = "simulators", not(target_arch = "wasm32")))]
    fn sim_mounts(
        &self,
        opts: &crate::vendor::SimServerOptions,
    ) -> Vec<(String, Box<dyn crate::vendor::Simulator>)> {
        use crate::vendor::Simulator;
        let mut s = sim::ConfluentSim::default();
        if opts.seed_demo {
            s.seed_demo(opts.now_ms);
        }
        vec![("confluent".into(), Box::new(s))]
    }
}

/// The connector class of a type (custom plugins keep it in a detail).
pub fn class_of(ct: &ConnectorType) -> String {
    ct.details
        .iter()
        .find(|d| d.label == "Class")
        .map(|d| d.value.clone())
        .unwrap_or_else(|| ct.id.clone())
}

/// Confluent Cloud's encode step: Kafka Connect's, except that masked secrets are left out
/// (the server keeps them), plus the fields every Confluent connector carries
/// ([`wire::fill_common`]) and, for a custom plugin, its marking ([`wire::fill_custom`]).
pub fn encode(form: &FormInput<'_>, environment_id: &str) -> Map<String, Value> {
    let class = class_of(form.ct);
    let base = wire::config_for_update(form.ct, form.values, &kc::stored_defs(form));
    let mut out = kc::finish_config(form, base, &class);
    wire::fill_common(
        &mut out,
        &class,
        form.name,
        None,
        None,
        None,
        environment_id,
    );
    if let Some(id) = wire::custom_plugin_id(form.ct) {
        wire::fill_custom(&mut out, id);
    }
    out
}

/// The plugins of one backend: managed ones, and the custom ones paged in so far.
#[derive(Default)]
struct Cache {
    plugins: PluginCache,
    /// Custom plugin paging: the next token, and whether all pages are in.
    custom_next: Option<String>,
    custom_done: bool,
    custom_total: Option<u64>,
    /// Sensitive properties of custom plugins, by type id.
    sensitive: HashMap<String, Vec<String>>,
    /// Page tokens already followed (a server that repeats one would page forever).
    seen_tokens: Vec<String>,
    /// Why paging stopped early, for the catalog's notice.
    paging_notice: Option<String>,
}

/// Most custom-plugin pages followed (at 100 plugins a page).
const MAX_CUSTOM_PAGES: usize = 100;

impl Cache {
    fn custom_count(&self) -> usize {
        self.plugins
            .plugins
            .iter()
            .filter(|t| wire::custom_plugin_id(t).is_some())
            .count()
    }
}

struct ConfluentBackend {
    cluster: wire::Cluster,
    cache: Mutex<Cache>,
}

impl Backend for ConfluentBackend {
    fn connectors(&self) -> Option<&dyn Connectors> {
        Some(self)
    }
}

fn check(resp: HttpResponse) -> Result<HttpResponse, ApiError> {
    wire::check(resp)
}

fn poisoned() -> ApiError {
    ApiError::Malformed("internal state unavailable".into())
}

impl ConfluentBackend {
    /// Loads the managed plugin list once. Returns skipped entries.
    async fn load_plugins(&self, io: &dyn Exchange) -> Result<Vec<String>, ApiError> {
        if self.cache.lock().map(|c| c.plugins.loaded).unwrap_or(false) {
            return Ok(Vec::new());
        }
        let resp = send_ok(io, wire::plugins_request(&self.cluster), check).await?;
        let catalog = wire::parse_plugins(&resp.body)?;
        let mut cache = self.cache.lock().map_err(|_| poisoned())?;
        if !cache.plugins.loaded {
            // Custom plugins paged in before the managed list arrived stay, after it.
            let custom = std::mem::take(&mut cache.plugins.plugins);
            cache.plugins.plugins = catalog.types;
            cache.plugins.plugins.extend(custom);
            cache.plugins.loaded = true;
        }
        Ok(catalog.skipped)
    }

    /// Loads the next page of custom plugins (up to 100).
    async fn load_more(&self, io: &dyn Exchange) -> Result<CatalogProgress, ApiError> {
        let token = {
            let c = self.cache.lock().map_err(|_| poisoned())?;
            if c.custom_done {
                return Ok(CatalogProgress {
                    loaded: c.custom_count(),
                    total: c.custom_total,
                    done: true,
                    note: c.paging_notice.clone(),
                });
            }
            c.custom_next.clone()
        };
        let req = wire::custom_plugins_request(None, 100, token.as_deref());
        let resp = send_ok(io, req, check).await?;
        let page = wire::parse_custom_plugins(&resp.body)?;
        let mut c = self.cache.lock().map_err(|_| poisoned())?;
        for mut t in page.types {
            // Custom plugins are told apart by plugin id (one class may exist per cloud).
            let class = t.id.clone();
            if let Some(id) = wire::custom_plugin_id(&t).map(str::to_string) {
                if let Some((_, keys)) = page.sensitive.iter().find(|(cls, _)| cls == &class) {
                    c.sensitive.insert(id.clone(), keys.clone());
                }
                t.details.push(Detail::new("Class", class));
                t.id = id;
            }
            if !c.plugins.plugins.iter().any(|p| p.id == t.id) {
                c.plugins.plugins.push(t);
            }
        }
        c.custom_total = page.total_size.or(c.custom_total);
        c.seen_tokens.extend(token);
        c.custom_next = page.next_page_token;
        if let Some(next) = &c.custom_next {
            let stop = if c.seen_tokens.contains(next) {
                Some("The server sent a page of custom plugins it had sent before; paging stopped there.")
            } else if c.seen_tokens.len() + 1 >= MAX_CUSTOM_PAGES {
                Some("The server has more custom plugins than the console pages through; paging stopped at 100 pages.")
            } else {
                None
            };
            if let Some(why) = stop {
                c.paging_notice = Some(why.into());
                c.custom_next = None;
            }
        }
        c.custom_done = c.custom_next.is_none();
        Ok(CatalogProgress {
            loaded: c.custom_count(),
            total: c.custom_total,
            done: c.custom_done,
            note: c.paging_notice.clone(),
        })
    }

    /// A plugin by type id, loading custom plugin pages until it is found. One the lists do
    /// not show is taken as a plugin of `kind` (what the caller knows of it).
    async fn plugin(
        &self,
        io: &dyn Exchange,
        kind: ConnectorKind,
        code: &str,
    ) -> Result<ConnectorType, ApiError> {
        self.load_plugins(io).await?;
        loop {
            let (found, done) = {
                let c = self.cache.lock().map_err(|_| poisoned())?;
                (
                    c.plugins.plugins.iter().find(|t| t.id == code).cloned(),
                    c.custom_done,
                )
            };
            if let Some(p) = found {
                return Ok(p);
            }
            if done {
                // A class the list does not show (an alias, a newer plugin): validate anyway.
                return Ok(ConnectorType {
                    id: code.to_string(),
                    name: kc_wire::readable_name(code),
                    kind,
                    ..Default::default()
                });
            }
            self.load_more(io).await?;
        }
    }

    async fn validate_config(
        &self,
        io: &dyn Exchange,
        ct: &ConnectorType,
        config: &Map<String, Value>,
    ) -> Result<Validation, ApiError> {
        let class = class_of(ct);
        let mut config = config.clone();
        config.insert("connector.class".into(), Value::String(class.clone()));
        if let Some(id) = wire::custom_plugin_id(ct) {
            wire::fill_custom(&mut config, id);
        }
        let req = wire::validate_request(&self.cluster, &class, &config);
        let resp = send_ok(io, req, check).await?;
        wire::parse_validation(&resp.body)
    }

    async fn connector_type(
        &self,
        io: &dyn Exchange,
        kind: ConnectorKind,
        code: &str,
    ) -> Result<(ConnectorType, Vec<String>), ApiError> {
        let plugin = self.plugin(io, kind, code).await?;
        let v = self.validate_config(io, &plugin, &Map::new()).await?;
        let mut ct = kc_wire::type_from_validation(&plugin, &v);
        let sensitive = self
            .cache
            .lock()
            .ok()
            .and_then(|c| c.sensitive.get(code).cloned());
        if let Some(keys) = sensitive {
            wire::mark_sensitive(&mut ct, &keys);
        }
        Ok((ct, Vec::new()))
    }

    async fn get(&self, io: &dyn Exchange, id: &str) -> Result<Connector, ApiError> {
        let config = send_ok(io, wire::config_request(&self.cluster, id), check).await?;
        let status = send_ok(io, wire::status_request(&self.cluster, id), check).await?;
        wire::parse_connector(id, &config.body, &status.body)
    }
}

#[async_trait(?Send)]
impl Connectors for ConfluentBackend {
    async fn catalog(&self, io: &dyn Exchange, kind: ConnectorKind) -> Result<Catalog, ApiError> {
        let skipped = self.load_plugins(io).await?;
        let cache = self.cache.lock().map_err(|_| poisoned())?;
        Ok(cache.plugins.catalog(kind, skipped))
    }

    async fn load_more_types(&self, io: &dyn Exchange) -> Result<CatalogProgress, ApiError> {
        self.load_more(io).await
    }

    async fn connector_type(
        &self,
        io: &dyn Exchange,
        kind: ConnectorKind,
        code: &str,
    ) -> Result<(ConnectorType, Vec<String>), ApiError> {
        ConfluentBackend::connector_type(self, io, kind, code).await
    }

    async fn validate(
        &self,
        io: &dyn Exchange,
        form: &FormInput<'_>,
    ) -> Result<Validation, ApiError> {
        let config = encode(form, &self.cluster.environment_id);
        let mut v = self.validate_config(io, form.ct, &config).await?;
        kc_wire::drop_kept_secret_errors(&mut v, form.mode);
        Ok(v)
    }

    fn other_keys(&self, ct: &ConnectorType, stored: &Map<String, Value>) -> Vec<(String, String)> {
        kc_wire::extra_keys(ct, stored)
    }

    fn save_request(
        &self,
        form: &FormInput<'_>,
        existing: Option<&Connector>,
    ) -> Option<crate::http::HttpRequest> {
        let config = encode(form, &self.cluster.environment_id);
        Some(match existing {
            None => wire::create_request(&self.cluster, form.name, &config),
            Some(c) => wire::update_request(&self.cluster, &c.id, &config),
        })
    }

    /// `PUT …/connectors/{name}/config` with the stored config (create-or-update; masked
    /// secrets are left out, so the server keeps them).
    fn config_request(&self, c: &Connector) -> Option<crate::http::HttpRequest> {
        Some(wire::update_request(&self.cluster, &c.id, &c.config))
    }

    fn encode(&self, form: &FormInput<'_>) -> Map<String, Value> {
        encode(form, &self.cluster.environment_id)
    }

    async fn list(&self, io: &dyn Exchange) -> Result<Listing, ApiError> {
        let resp = send_ok(io, wire::list_request(&self.cluster), check).await?;
        wire::parse_list(&resp.body).map(Listing::whole)
    }

    async fn get(
        &self,
        io: &dyn Exchange,
        _kind: ConnectorKind,
        id: &str,
    ) -> Result<Connector, ApiError> {
        ConfluentBackend::get(self, io, id).await
    }

    async fn create(&self, io: &dyn Exchange, form: &FormInput<'_>) -> Result<Connector, ApiError> {
        let config = encode(form, &self.cluster.environment_id);
        let req = wire::create_request(&self.cluster, form.name, &config);
        send_ok(io, req, check).await?;
        Ok(just_created(form.ct, form.name, config))
    }

    async fn update(
        &self,
        io: &dyn Exchange,
        existing: &Connector,
        form: &FormInput<'_>,
    ) -> Result<Connector, ApiError> {
        let config = encode(form, &self.cluster.environment_id);
        let req = wire::update_request(&self.cluster, &existing.id, &config);
        send_ok(io, req, check).await?;
        Ok(Connector {
            kind: existing.kind,
            ..just_created(form.ct, &existing.id, config)
        })
    }

    fn actions(&self, c: &Connector) -> Vec<Action> {
        vec![Action::pause_or_resume(c)]
    }

    async fn act(&self, io: &dyn Exchange, c: &Connector, action: &Action) -> Result<(), ApiError> {
        let req = match action {
            Action::Pause => wire::pause_request(&self.cluster, &c.id),
            Action::Resume => wire::resume_request(&self.cluster, &c.id),
            other => return Err(crate::vendor::cannot("Confluent Cloud", other)),
        };
        send_ok(io, req, check).await.map(|_| ())
    }

    async fn delete(&self, io: &dyn Exchange, c: &Connector) -> Result<(), ApiError> {
        send_ok(io, wire::delete_request(&self.cluster, &c.id), check)
            .await
            .map(|_| ())
    }
}

/// Opens the verbs of a backend (through [`Vendor::verbs`]).
fn open(backend: &BackendConfig) -> Arc<dyn Backend> {
    let cluster = wire::Cluster::new(
        backend.option("environment_id").unwrap_or("env-demo"),
        backend.option("kafka_cluster_id").unwrap_or("lkc-demo"),
    );
    Arc::new(ConfluentBackend {
        cluster,
        cache: Mutex::default(),
    })
}
