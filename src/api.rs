//! The async verbs pages call: each reaches the backend's vendor through the vendor boundary
//! ([`crate::vendor`]) with the [`Transport`] as its door to the network. Pages never see a
//! wire format or a vendor; what a backend offers beyond the basics, they ask with
//! [`Api::can`].

use std::sync::{Arc, OnceLock};

use serde_json::{Map, Value};

use crate::config::BackendConfig;
use crate::http::ApiError;
use crate::model::catalog::{Catalog, ConnectorKind, ConnectorType};
use crate::model::pipeline::{
    Autocomplete, PipelineJobs, Profile, SchemaCatalog, SchemaConnector, Table, TableDraft,
    TestMessage,
};
use crate::model::status::Connector;
use crate::model::validation::Validation;
use crate::net::Transport;
use crate::vendor::{
    unsupported, Action, Backend, Capability, CatalogProgress, Connectors, FormInput, Pipelines,
    Vendor,
};

/// The backend API as async verbs. Cheap to clone.
#[derive(Clone)]
pub struct Api {
    transport: Transport,
    /// The vendor's verbs once opened: at once, or (split builds) once the vendor's module has
    /// loaded ([`Api::ready`]).
    opened: Arc<OnceLock<Arc<dyn Backend>>>,
}

impl Api {
    /// The verbs of the transport's backend. Where the build keeps the vendor's verbs in a
    /// module of their own ([`crate::vendor::Verbs::Apart`]), call [`Api::ready`] before the
    /// synchronous verbs (the async ones wait by themselves).
    pub fn new(transport: Transport) -> Self {
        let opened = OnceLock::new();
        if let Some(b) = transport.vendor().verbs().open_now(transport.backend()) {
            let _ = opened.set(b);
        }
        Api {
            transport,
            opened: Arc::new(opened),
        }
    }

    /// Waits until the backend's verbs are here (at once, except the first time in a split
    /// build, which fetches the vendor's module); an error when that module did not download.
    /// The routed pages wait for it before they show, so their synchronous verbs (encode,
    /// actions, "Copy as curl") always have the verbs.
    pub async fn ready(&self) -> Result<(), ApiError> {
        if self.opened.get().is_none() {
            let b = crate::vendor::open(self.vendor(), self.backend()).await?;
            let _ = self.opened.set(b);
        }
        Ok(())
    }

    /// The opened verbs (None only before [`Api::ready`] in a split build).
    fn loaded(&self) -> Option<&dyn Backend> {
        self.opened.get().map(|b| &**b)
    }

    /// The backend's configuration.
    pub fn backend(&self) -> &BackendConfig {
        self.transport.backend()
    }

    /// The backend's vendor.
    pub fn vendor(&self) -> &'static dyn Vendor {
        self.transport.vendor()
    }

    /// True when the backend offers `c`.
    pub fn can(&self, c: Capability) -> bool {
        self.vendor().capabilities().contains(&c)
    }

    /// The transport (for credentials).
    pub fn transport(&self) -> &Transport {
        &self.transport
    }

    async fn connectors(&self) -> Result<&dyn Connectors, ApiError> {
        self.ready().await?;
        self.loaded()
            .and_then(|b| b.connectors())
            .ok_or_else(|| unsupported("list connectors"))
    }

    async fn pipelines(&self) -> Result<&dyn Pipelines, ApiError> {
        self.ready().await?;
        self.loaded()
            .and_then(|b| b.pipelines())
            .ok_or_else(|| unsupported("manage profiles, tables or jobs"))
    }

    // -----------------------------------------------------------------------------------------
    // Connectors

    /// The catalog of one kind. For a paged catalog this holds what has loaded so far
    /// ([`Api::load_more_types`] pages through the rest).
    pub async fn catalog(&self, kind: ConnectorKind) -> Result<Catalog, ApiError> {
        self.connectors()
            .await?
            .catalog(&self.transport, kind)
            .await
    }

    /// Loads the next page of a paged catalog ([`Capability::PagedCatalog`]).
    pub async fn load_more_types(&self) -> Result<CatalogProgress, ApiError> {
        self.connectors()
            .await?
            .load_more_types(&self.transport)
            .await
    }

    /// One connector type with its form, and notices of anything skipped while reading it.
    pub async fn connector_type(
        &self,
        kind: ConnectorKind,
        code: &str,
    ) -> Result<(ConnectorType, Vec<String>), ApiError> {
        self.connectors()
            .await?
            .connector_type(&self.transport, kind, code)
            .await
    }

    /// Asks the server to validate a form (validate-driven forms).
    pub async fn validate(&self, form: &FormInput<'_>) -> Result<Validation, ApiError> {
        self.connectors()
            .await?
            .validate(&self.transport, form)
            .await
    }

    /// Saving this form (a create, or an update of `existing`) as a `curl` command: the
    /// backend's URL, no credential (placeholders instead) and no secret (see [`crate::http::to_curl`]).
    pub fn save_as_curl(
        &self,
        form: &FormInput<'_>,
        existing: Option<&Connector>,
    ) -> Option<String> {
        let req = self.loaded()?.connectors()?.save_request(form, existing)?;
        let secret = form.ct.secret_keys();
        Some(self.curl(&req, &|k| secret.contains(k)))
    }

    /// The request that saves `c`'s stored config over it again
    /// ([`Connectors::config_request`]) as a `curl` command, secrets as placeholders; `ct`
    /// (when loaded) names the fields its catalog marks secret.
    pub fn config_as_curl(&self, c: &Connector, ct: Option<&ConnectorType>) -> Option<String> {
        let req = self.loaded()?.connectors()?.config_request(c)?;
        let secret = ct.map(ConnectorType::secret_keys).unwrap_or_default();
        Some(self.curl(&req, &|k| secret.contains(k)))
    }

    /// Creating a connection profile as a `curl` command. `config` is what the form sends with
    /// its secrets already replaced by placeholders
    /// (`SchemaForm::cleaned_with_placeholders`);
    /// names and texts that look secret are replaced again on the way out.
    pub fn create_profile_as_curl(
        &self,
        name: &str,
        connector: &str,
        config: Value,
    ) -> Option<String> {
        let pipelines = self.loaded()?.pipelines()?;
        let req = pipelines.create_profile_request(name, connector, config)?;
        Some(self.curl(&req, &|_| false))
    }

    /// Creating a connection table as a `curl` command; `t.config` as for
    /// [`Api::create_profile_as_curl`].
    pub fn create_table_as_curl(&self, t: &TableDraft) -> Option<String> {
        let req = self.loaded()?.pipelines()?.create_table_request(t)?;
        Some(self.curl(&req, &|_| false))
    }

    /// A request as a `curl` command against this backend (see [`crate::http::to_curl`]).
    fn curl(&self, req: &crate::http::HttpRequest, marked: &dyn Fn(&str) -> bool) -> String {
        let origin = web_sys::window()
            .and_then(|w| w.location().origin().ok())
            .unwrap_or_default();
        let base = crate::http::curl_base(self.backend().base_url.as_deref(), &origin);
        crate::http::to_curl(req, &base, self.transport.auth_kind(), marked)
    }

    /// The config a form sends (pure; the vendor's encode step).
    pub fn encode(&self, form: &FormInput<'_>) -> Map<String, Value> {
        self.loaded()
            .and_then(|b| b.connectors())
            .map(|c| c.encode(form))
            .unwrap_or_default()
    }

    /// Keys of a stored config the form's fields do not cover ("Other properties").
    pub fn other_keys(
        &self,
        ct: &ConnectorType,
        stored: &Map<String, Value>,
    ) -> Vec<(String, String)> {
        self.loaded()
            .and_then(|b| b.connectors())
            .map(|c| c.other_keys(ct, stored))
            .unwrap_or_default()
    }

    /// Every connector, with what did not load named ([`crate::vendor::Listing`]).
    pub async fn list(&self) -> Result<crate::vendor::Listing, ApiError> {
        self.connectors().await?.list(&self.transport).await
    }

    /// One connector.
    pub async fn get(&self, kind: ConnectorKind, id: &str) -> Result<Connector, ApiError> {
        self.connectors()
            .await?
            .get(&self.transport, kind, id)
            .await
    }

    /// Creates a connector from a form.
    pub async fn create(&self, form: &FormInput<'_>) -> Result<Connector, ApiError> {
        self.connectors().await?.create(&self.transport, form).await
    }

    /// Saves an edited form over an existing connector.
    pub async fn update(
        &self,
        existing: &Connector,
        form: &FormInput<'_>,
    ) -> Result<Connector, ApiError> {
        self.connectors()
            .await?
            .update(&self.transport, existing, form)
            .await
    }

    /// The actions this backend offers for a connector in its current state.
    pub fn actions(&self, c: &Connector) -> Vec<Action> {
        self.loaded()
            .and_then(|b| b.connectors())
            .map(|x| x.actions(c))
            .unwrap_or_default()
    }

    /// Carries out an action.
    pub async fn act(&self, c: &Connector, action: &Action) -> Result<(), ApiError> {
        self.connectors()
            .await?
            .act(&self.transport, c, action)
            .await
    }

    /// Deletes a connector.
    pub async fn delete(&self, c: &Connector) -> Result<(), ApiError> {
        self.connectors().await?.delete(&self.transport, c).await
    }

    /// Checks the backend answers with these credentials (settings page): reads its catalog.
    pub async fn test_connection(&self) -> Result<String, ApiError> {
        self.ready().await?;
        if self.loaded().and_then(|b| b.connectors()).is_some() {
            let n = self.catalog(ConnectorKind::Source).await?.types.len()
                + self.catalog(ConnectorKind::Destination).await?.types.len();
            return Ok(format!("Connected: {n} connector types offered."));
        }
        let cat = self
            .pipelines()
            .await?
            .catalog(&self.transport, None, None)
            .await?;
        Ok(format!(
            "Connected: {} connectors offered.",
            cat.connectors.len()
        ))
    }

    // -----------------------------------------------------------------------------------------
    // Schema catalog, profiles, tables, jobs

    /// The schema catalog, filtered by `category` and side (`source`/`sink`).
    pub async fn schema_catalog(
        &self,
        category: Option<&str>,
        side: Option<&str>,
    ) -> Result<SchemaCatalog, ApiError> {
        self.pipelines()
            .await?
            .catalog(&self.transport, category, side)
            .await
    }

    /// One connector of the schema catalog (404 when the catalog has none by that id).
    pub async fn schema_connector(&self, id: &str) -> Result<SchemaConnector, ApiError> {
        let cat = self.schema_catalog(None, None).await?;
        cat.get(id).cloned().ok_or_else(|| ApiError::Http {
            status: 404,
            message: format!("The catalog has no connector “{id}”."),
            fields: vec![],
            retry_after: None,
        })
    }

    /// Every connection profile.
    pub async fn profiles(&self) -> Result<Vec<Profile>, ApiError> {
        self.pipelines().await?.profiles(&self.transport).await
    }

    /// Creates a connection profile.
    pub async fn create_profile(
        &self,
        name: &str,
        connector: &str,
        config: Value,
    ) -> Result<Profile, ApiError> {
        self.pipelines()
            .await?
            .create_profile(&self.transport, name, connector, config)
            .await
    }

    /// Tests a profile's settings without saving them.
    pub async fn test_profile(
        &self,
        name: &str,
        connector: &str,
        config: Value,
    ) -> Result<TestMessage, ApiError> {
        self.pipelines()
            .await?
            .test_profile(&self.transport, name, connector, config)
            .await
    }

    /// Deletes a profile; returns the server's confirmation text, if any.
    pub async fn delete_profile(&self, id: &str) -> Result<Option<String>, ApiError> {
        self.pipelines()
            .await?
            .delete_profile(&self.transport, id)
            .await
    }

    /// Suggestions for `format: autocomplete` fields, from a saved profile.
    pub async fn autocomplete(&self, profile_id: &str) -> Result<Autocomplete, ApiError> {
        self.pipelines()
            .await?
            .autocomplete(&self.transport, profile_id)
            .await
    }

    /// Every connection table.
    pub async fn tables(&self) -> Result<Vec<Table>, ApiError> {
        self.pipelines().await?.tables(&self.transport).await
    }

    /// Creates a connection table.
    pub async fn create_table(&self, t: &TableDraft) -> Result<Table, ApiError> {
        self.pipelines()
            .await?
            .create_table(&self.transport, t)
            .await
    }

    /// Deletes a table; returns the server's confirmation text, if any.
    pub async fn delete_table(&self, id: &str) -> Result<Option<String>, ApiError> {
        self.pipelines()
            .await?
            .delete_table(&self.transport, id)
            .await
    }

    /// Tests a table, handing each message to `on_message` as it arrives (the last has
    /// `done`).
    pub async fn test_table(
        &self,
        t: &TableDraft,
        mut on_message: impl FnMut(TestMessage),
    ) -> Result<(), ApiError> {
        self.pipelines()
            .await?
            .test_table(&self.transport, t, &mut on_message)
            .await
    }

    /// Pipelines with their jobs (newest run first).
    pub async fn jobs(&self) -> Result<Vec<PipelineJobs>, ApiError> {
        self.pipelines().await?.jobs(&self.transport).await
    }
}
