//! The vendor boundary: the one interface through which the API verbs, the transport, the
//! router, the header and the pages reach a backend's vendor. Pure: no browser imports.
//!
//! A vendor (one folder under `src/vendors/`, registered in one line of `src/vendors/mod.rs`)
//! implements [`Vendor`] — static facts (its `config.json` name, default auth, sign-in labels,
//! retry rules, capabilities, simulator) — and opens a [`Backend`] per configured backend, which
//! carries the verbs: the common connector verbs ([`Connectors`]) and, where the vendor offers
//! them, profiles, tables, table tests and jobs ([`Pipelines`]).
//!
//! Why trait objects and not an enum: with a trait, adding a vendor touches no `match` anywhere
//! (a registry entry is all the rest of the app sees), and a build without a vendor's Cargo
//! feature simply has no entry — there is no variant left to handle. The verbs are async and
//! sans-IO: each takes an [`Exchange`] (the browser transport, or a simulator in native tests),
//! so they run natively against a simulator as well. They are `async fn`s in traits through
//! `async_trait(?Send)` (boxed, not `Send`: browser futures are not).

use std::collections::BTreeSet;
use std::sync::Arc;

use async_trait::async_trait;
use serde_json::{Map, Value};

use crate::auth::{Credentials, Token};
use crate::config::{AuthKind, BackendConfig};
use crate::http::{ApiError, HttpRequest, HttpResponse};
use crate::model::catalog::{Catalog, ConnectorKind, ConnectorType};
use crate::model::form::{Mode, Values};
use crate::model::pipeline::{
    Autocomplete, PipelineJobs, Profile, SchemaCatalog, Table, TableDraft, TestMessage,
};
use crate::model::status::{Connector, Health};
use crate::model::validation::Validation;

/// What a streamed exchange produced.
#[derive(Debug)]
pub enum Streamed {
    /// The body was handed over chunk by chunk; nothing is left to read.
    Chunks,
    /// The answer came whole (an error status, a body that is not a stream, or a host that
    /// cannot stream); read it as any answer.
    Whole(HttpResponse),
}

/// Executes requests: the only door to the network. In the browser it is the transport (which
/// adds credentials and waits out rate limits as the [`Vendor`] says); in native tests, a
/// simulator.
#[async_trait(?Send)]
pub trait Exchange {
    /// Sends a request; errors only when there was no answer at all.
    async fn send(&self, req: HttpRequest) -> Result<HttpResponse, ApiError>;

    /// Sends a request whose answer is read as it arrives (`text/event-stream`): each decoded
    /// chunk goes to `on_chunk`, which returns `false` to stop reading.
    async fn send_streaming(
        &self,
        req: HttpRequest,
        on_chunk: &mut (dyn for<'c> FnMut(&'c str) -> bool + '_),
    ) -> Result<Streamed, ApiError>;
}

/// What a vendor offers beyond the basics; the UI asks, it never compares vendors.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Capability {
    /// Connectors from a catalog: catalog, forms, list, detail, edit, actions ([`Connectors`]).
    Connectors,
    /// The catalog arrives in pages after the first answer ([`Connectors::load_more_types`]).
    PagedCatalog,
    /// Single tasks can be restarted.
    TaskRestart,
    /// A catalog of connectors whose forms are JSON Schemas, with sides and icons
    /// ([`Pipelines::catalog`]).
    SchemaCatalog,
    /// Saved connection profiles ([`Pipelines::profiles`]).
    Profiles,
    /// Connection tables ([`Pipelines::tables`]).
    Tables,
    /// A table can be tested before it is saved, with a live stream of messages.
    TableTest,
    /// Pipelines and their jobs, with live states ([`Pipelines::jobs`]).
    Jobs,
}

/// A vendor-specific field of a backend entry (`config.json`, the settings page).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BackendOption {
    /// The key in `config.json` (`environment_id`).
    pub key: &'static str,
    /// The label on the settings page.
    pub label: &'static str,
    /// The placeholder on the settings page.
    pub placeholder: &'static str,
    /// Whether a backend that is not simulated must set it.
    pub required: bool,
}

/// A wait the transport should make before sending a request again.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Retry {
    /// How long to wait, in milliseconds.
    pub wait_ms: u32,
    /// What to tell the user while waiting.
    pub message: String,
}

/// Connectors as listed, possibly in part.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Listing {
    /// Every connector that loaded.
    pub items: Vec<Connector>,
    /// What did not load (`"destinations"`) and why; empty when the list is whole.
    pub failed: Vec<(String, ApiError)>,
}

impl Listing {
    /// A whole list.
    pub fn whole(items: Vec<Connector>) -> Self {
        Listing {
            items,
            failed: Vec::new(),
        }
    }
}

/// A client-credentials exchange: id and secret for an access token, refreshed before expiry.
pub trait TokenAuth: Sync {
    /// The request that exchanges client credentials for a token.
    fn token_request(&self, client_id: &str, secret: &str) -> HttpRequest;
    /// The request that refreshes a token.
    fn refresh_request(&self, refresh_token: &str) -> HttpRequest;
    /// Reads a token answer received at `now_ms`.
    fn parse_token(&self, body: &str, now_ms: f64) -> Result<Token, ApiError>;
}

/// A connector definition read from a pasted document (see [`Vendor::read_definition`]).
#[derive(Clone, Debug)]
pub struct Pasted {
    /// The form definition.
    pub ct: ConnectorType,
    /// A validate answer's own verdict (values, errors, visibility), shown on the form.
    pub validation: Option<Validation>,
    /// What could not be read (skipped properties), for a notice.
    pub notes: Vec<String>,
    /// The config this vendor would send for the form, as its create request carries it.
    pub encode: fn(&FormInput<'_>) -> Map<String, Value>,
}

/// A backend vendor: its static facts and the door to its verbs.
pub trait Vendor: Sync {
    /// The `dialect` value of a backend entry in `config.json` (`kafka-connect`).
    fn id(&self) -> &'static str;

    /// Human name of the API family.
    fn label(&self) -> &'static str;

    /// What the vendor offers (see [`Capability`]).
    fn capabilities(&self) -> &'static [Capability];

    /// How a backend authenticates unless `config.json` says otherwise.
    fn default_auth(&self) -> AuthKind {
        AuthKind::None
    }

    /// Vendor-specific fields of a backend entry.
    fn backend_options(&self) -> &'static [BackendOption] {
        &[]
    }

    /// Checks a backend entry of this vendor; the error says why it cannot be used.
    fn check_backend(&self, b: &BackendConfig) -> Result<(), String> {
        let missing: Vec<&str> = self
            .backend_options()
            .iter()
            .filter(|o| o.required && !b.simulated && b.option(o.key).is_none())
            .map(|o| o.key)
            .collect();
        if missing.is_empty() {
            Ok(())
        } else {
            Err(format!(
                "a {} backend needs {}",
                self.id(),
                missing.join(" and ")
            ))
        }
    }

    /// The labels of the two sign-in inputs for `kind` (None: no sign-in form).
    fn credential_labels(&self, kind: AuthKind) -> Option<(&'static str, &'static str)> {
        crate::auth::field_labels(kind)
    }

    /// The client-credentials exchange, for vendors whose API has one.
    fn token_auth(&self) -> Option<&'static dyn TokenAuth> {
        None
    }

    /// Credentials a simulated backend of this vendor accepts when the user has given none
    /// (a simulator that insists on auth like the real API still works out of the box).
    fn simulated_credentials(&self) -> Credentials {
        Credentials::None
    }

    /// Whether to send a request again after it was answered with `status`, for the
    /// `attempt`-th time (from 1), and after how long. Rate limits (429) are the transport's.
    fn retry(&self, status: u16, attempt: u32) -> Option<Retry> {
        let _ = (status, attempt);
        None
    }

    /// Where the vendor's verbs are (make it with [`crate::verbs!`]): the one way to open a
    /// [`Backend`], so that a split build can keep a vendor's wire code out of the main module.
    fn verbs(&self) -> Verbs;

    /// The verbs for one configured backend, at once (builds that do not split the wasm: the
    /// native tests, the workers; the app opens through [`crate::vendor::open`]).
    #[cfg(not(feature = "split"))]
    fn open(&self, backend: &BackendConfig) -> Arc<dyn Backend> {
        match self.verbs() {
            Verbs::Here(open) => open(backend),
        }
    }

    /// Reads a connector definition pasted into the Playground when `json` has this vendor's
    /// own shape (a Streamkap property list, a Kafka Connect validate answer): `None` when it
    /// does not, an error when it does but cannot be read.
    fn read_definition(&self, json: &Value) -> Option<Result<Pasted, String>> {
        let _ = json;
        None
    }

    /// Files (URLs relative to the app) the simulator needs, fetched by the page before
    /// [`Vendor::simulator`] is called with their texts, in this order (in the page, or in the
    /// `sim-worker`).
    #[cfg(any(feature = "simulators", feature = "sim-worker"))]
    fn sim_assets(&self) -> &'static [&'static str] {
        &[]
    }

    /// A fresh simulator of this vendor's API, given the texts of [`Vendor::sim_assets`].
    #[cfg(feature = "simulators")]
    fn simulator(&self, assets: &[String]) -> Box<dyn Simulator>;

    /// The simulators `sim-server` mounts for this vendor, as `(mount name, simulator)`:
    /// `/api/<mount name>/…`. By default one, mounted under the vendor's id.
    #[cfg(all(feature = "simulators", not(target_arch = "wasm32")))]
    fn sim_mounts(&self, opts: &SimServerOptions) -> Vec<(String, Box<dyn Simulator>)> {
        let mut sim = self.simulator(&[]);
        if opts.seed_demo {
            sim.seed_demo(opts.now_ms);
        }
        vec![(self.id().to_string(), sim)]
    }
}

/// Opens the verbs of one configured backend (a vendor's own function, in its folder).
pub type OpenFn = fn(&BackendConfig) -> Arc<dyn Backend>;

/// Fetches the module a vendor's verbs are in (split builds), giving its [`OpenFn`].
#[cfg(feature = "split")]
pub type LoadVerbs = fn() -> std::pin::Pin<
    Box<dyn std::future::Future<Output = Result<OpenFn, leptos::wasm_split::SplitLoaderError>>>,
>;

/// Where a vendor's verbs are ([`Vendor::verbs`]; made by [`crate::verbs!`]).
#[derive(Clone, Copy)]
pub enum Verbs {
    /// In this module: opened at once.
    Here(OpenFn),
    /// In a module of their own (feature `split`: the release builds), fetched the first time a
    /// backend of the vendor is opened. The default build has four vendors but shows one
    /// backend at a time, so the other vendors' wire code is not part of its first load.
    #[cfg(feature = "split")]
    Apart(LoadVerbs),
}

impl Verbs {
    /// The verbs of `backend` when they are here (always, in a build that does not split).
    pub fn open_now(self, backend: &BackendConfig) -> Option<Arc<dyn Backend>> {
        match self {
            Verbs::Here(open) => Some(open(backend)),
            #[cfg(feature = "split")]
            Verbs::Apart(_) => None,
        }
    }
}

/// Opens the verbs of `backend`, a backend of `vendor`, fetching the vendor's module first where
/// the build keeps it apart (a failed download is an [`ApiError::Network`]; it is not remembered,
/// so a later call tries again).
pub async fn open(
    vendor: &dyn Vendor,
    backend: &BackendConfig,
) -> Result<Arc<dyn Backend>, ApiError> {
    match vendor.verbs() {
        Verbs::Here(open) => Ok(open(backend)),
        #[cfg(feature = "split")]
        Verbs::Apart(load) => match load().await {
            Ok(open) => Ok(open(backend)),
            Err(_) => Err(ApiError::Network(format!(
                "the part of the app that speaks the {} API did not download",
                vendor.label()
            ))),
        },
    }
}

/// A vendor's [`Verbs`]: `verbs!(vendor_<id>: <loader name>, <open function>)`, the module
/// named after the vendor's [`Vendor::id`] with `_` for `-` (the standalone loader preloads the
/// configured backend's by that name: `scripts/post-build.mjs`). In a split build the open
/// function, and all the wire code only it reaches, goes to the module
/// `split_vendor_<id>.wasm`; otherwise it is [`Verbs::Here`].
#[macro_export]
macro_rules! verbs {
    ($group:ident : $loader:ident, $open:path) => {{
        #[cfg(feature = "split")]
        {
            #[leptos::wasm_split::wasm_split($group, wasm_split_path = ::leptos::wasm_split, fallible)]
            fn $loader() -> Result<$crate::vendor::OpenFn, leptos::wasm_split::SplitLoaderError> {
                Ok($open)
            }
            $crate::vendor::Verbs::Apart(|| Box::pin($loader()))
        }
        #[cfg(not(feature = "split"))]
        {
            $crate::vendor::Verbs::Here($open)
        }
    }};
}

/// The verbs of one configured backend.
pub trait Backend: Send + Sync {
    /// The common connector verbs, when the vendor has connectors ([`Capability::Connectors`]).
    fn connectors(&self) -> Option<&dyn Connectors> {
        None
    }

    /// Profiles, tables, table tests, jobs and the schema catalog, when the vendor has them.
    fn pipelines(&self) -> Option<&dyn Pipelines> {
        None
    }
}

/// How far a paged catalog has loaded ([`Connectors::load_more_types`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CatalogProgress {
    /// Types loaded from the paged part so far.
    pub loaded: usize,
    /// How many there are in all, when the server says.
    pub total: Option<u64>,
    /// True once every page is in (or paging stopped: see `note`).
    pub done: bool,
    /// Why paging stopped before the server's last page, when it did.
    pub note: Option<String>,
}

/// A form's state as the vendor encodes it: everything the one encode step needs.
#[derive(Clone, Copy, Debug)]
pub struct FormInput<'a> {
    /// The connector type.
    pub ct: &'a ConnectorType,
    /// What the user typed (strings), by key.
    pub values: &'a Values,
    /// Creating, or editing (with the secrets set on the server).
    pub mode: &'a Mode,
    /// The stored config when editing (empty when creating).
    pub stored: &'a Map<String, Value>,
    /// "Other properties": pairs the catalog does not list (validate-driven forms).
    pub other: &'a [(String, String)],
    /// Keys the server's validation hides.
    pub server_hidden: &'a BTreeSet<String>,
    /// The connector's name.
    pub name: &'a str,
}

/// Something a user can do to a connector.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    /// Pause it.
    Pause,
    /// Resume it.
    Resume,
    /// Stop it (keeps the config, releases the tasks).
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

    /// Pause or Resume, whichever applies to a connector now.
    pub fn pause_or_resume(c: &Connector) -> Action {
        let paused = c.health == Health::Paused || c.desired_state.as_deref() == Some("Paused");
        if paused {
            Action::Resume
        } else {
            Action::Pause
        }
    }
}

/// The common connector verbs ([`Capability::Connectors`]).
#[async_trait(?Send)]
pub trait Connectors {
    /// The catalog of one kind (for a paged catalog: what has loaded so far).
    async fn catalog(&self, io: &dyn Exchange, kind: ConnectorKind) -> Result<Catalog, ApiError>;

    /// Loads the next page of a paged catalog ([`Capability::PagedCatalog`]).
    async fn load_more_types(&self, io: &dyn Exchange) -> Result<CatalogProgress, ApiError> {
        let _ = io;
        Ok(CatalogProgress {
            done: true,
            ..Default::default()
        })
    }

    /// One connector type with its form, and notices of anything skipped while reading it.
    async fn connector_type(
        &self,
        io: &dyn Exchange,
        kind: ConnectorKind,
        code: &str,
    ) -> Result<(ConnectorType, Vec<String>), ApiError>;

    /// Asks the server to validate a form (validate-driven forms only).
    async fn validate(
        &self,
        io: &dyn Exchange,
        form: &FormInput<'_>,
    ) -> Result<Validation, ApiError> {
        let _ = (io, form);
        Err(unsupported("validate a configuration"))
    }

    /// Keys of a stored config the form's fields do not cover, which an edit keeps as
    /// "Other properties" (values as strings).
    fn other_keys(&self, ct: &ConnectorType, stored: &Map<String, Value>) -> Vec<(String, String)> {
        let _ = (ct, stored);
        Vec::new()
    }

    /// The one encode step: the config this form sends (pure).
    fn encode(&self, form: &FormInput<'_>) -> Map<String, Value>;

    /// The request saving this form would send — a create, or an update of `existing` — for
    /// "Copy as curl" (pure; no credentials). `None` when the vendor cannot say.
    fn save_request(
        &self,
        form: &FormInput<'_>,
        existing: Option<&Connector>,
    ) -> Option<HttpRequest> {
        let _ = (form, existing);
        None
    }

    /// The request that saves `c`'s stored config over it again — what a user re-applying or
    /// reproducing the connector would send — for the detail page's "Copy as curl" (pure; no
    /// credentials). `None` when the vendor cannot say.
    fn config_request(&self, c: &Connector) -> Option<HttpRequest> {
        let _ = c;
        None
    }

    /// Every connector. A list read from several endpoints shows what loaded and names what
    /// failed ([`Listing::failed`]); it is an error only when nothing loaded.
    async fn list(&self, io: &dyn Exchange) -> Result<Listing, ApiError>;

    /// One connector.
    async fn get(
        &self,
        io: &dyn Exchange,
        kind: ConnectorKind,
        id: &str,
    ) -> Result<Connector, ApiError>;

    /// Creates a connector from a form.
    async fn create(&self, io: &dyn Exchange, form: &FormInput<'_>) -> Result<Connector, ApiError>;

    /// Saves an edited form over an existing connector.
    async fn update(
        &self,
        io: &dyn Exchange,
        existing: &Connector,
        form: &FormInput<'_>,
    ) -> Result<Connector, ApiError>;

    /// The actions offered for a connector in its current state.
    fn actions(&self, c: &Connector) -> Vec<Action>;

    /// Carries out an action.
    async fn act(&self, io: &dyn Exchange, c: &Connector, action: &Action) -> Result<(), ApiError>;

    /// Deletes a connector.
    async fn delete(&self, io: &dyn Exchange, c: &Connector) -> Result<(), ApiError>;
}

/// Profiles, tables, table tests, jobs and a schema catalog ([`Capability::SchemaCatalog`],
/// [`Capability::Profiles`], [`Capability::Tables`], [`Capability::TableTest`],
/// [`Capability::Jobs`]).
#[async_trait(?Send)]
pub trait Pipelines {
    /// The connector catalog, filtered by category and side (`source`/`sink`).
    async fn catalog(
        &self,
        io: &dyn Exchange,
        category: Option<&str>,
        side: Option<&str>,
    ) -> Result<SchemaCatalog, ApiError>;

    /// Every connection profile.
    async fn profiles(&self, io: &dyn Exchange) -> Result<Vec<Profile>, ApiError>;

    /// Creates a connection profile.
    async fn create_profile(
        &self,
        io: &dyn Exchange,
        name: &str,
        connector: &str,
        config: Value,
    ) -> Result<Profile, ApiError>;

    /// The request [`Pipelines::create_profile`] sends, for "Copy as curl" (pure; no
    /// credentials). `None` when the vendor cannot say.
    fn create_profile_request(
        &self,
        name: &str,
        connector: &str,
        config: Value,
    ) -> Option<HttpRequest> {
        let _ = (name, connector, config);
        None
    }

    /// Tests a profile's settings without saving them; a refused connection is a failed
    /// message, not an error.
    async fn test_profile(
        &self,
        io: &dyn Exchange,
        name: &str,
        connector: &str,
        config: Value,
    ) -> Result<TestMessage, ApiError>;

    /// Deletes a profile; returns the server's confirmation text, if any.
    async fn delete_profile(&self, io: &dyn Exchange, id: &str)
        -> Result<Option<String>, ApiError>;

    /// Suggestions for `format: autocomplete` fields, from a saved profile.
    async fn autocomplete(
        &self,
        io: &dyn Exchange,
        profile_id: &str,
    ) -> Result<Autocomplete, ApiError>;

    /// Every connection table.
    async fn tables(&self, io: &dyn Exchange) -> Result<Vec<Table>, ApiError>;

    /// Creates a connection table.
    async fn create_table(&self, io: &dyn Exchange, t: &TableDraft) -> Result<Table, ApiError>;

    /// The request [`Pipelines::create_table`] sends, for "Copy as curl" (pure; no
    /// credentials). `None` when the vendor cannot say.
    fn create_table_request(&self, t: &TableDraft) -> Option<HttpRequest> {
        let _ = t;
        None
    }

    /// Deletes a table; returns the server's confirmation text, if any.
    async fn delete_table(&self, io: &dyn Exchange, id: &str) -> Result<Option<String>, ApiError>;

    /// Tests a table, handing each message to `on_message` as it arrives (the last has `done`).
    async fn test_table(
        &self,
        io: &dyn Exchange,
        t: &TableDraft,
        on_message: &mut (dyn FnMut(TestMessage) + '_),
    ) -> Result<(), ApiError>;

    /// Pipelines with their jobs.
    async fn jobs(&self, io: &dyn Exchange) -> Result<Vec<PipelineJobs>, ApiError>;
}

/// The error for a verb a backend does not offer.
pub fn unsupported(what: &str) -> ApiError {
    ApiError::Malformed(format!("This backend cannot {what}."))
}

/// A simulator of a vendor's API: answers the same [`HttpRequest`]s the vendor sends, in its
/// wire format, with state. Pure: the caller passes the current time, so tests are exact.
#[cfg(feature = "simulators")]
pub trait Simulator: Send {
    /// Answers a request at `now_ms`.
    fn handle(&mut self, req: &HttpRequest, now_ms: f64) -> HttpResponse;
    /// Adds the demo connectors (or jobs).
    fn seed_demo(&mut self, now_ms: f64);
    /// State without secrets.
    fn export_state(&self) -> Value;
    /// Restores [`Simulator::export_state`] output; malformed input is ignored.
    fn import_state(&mut self, state: &Value);
    /// Number of things in it (connectors, or profiles, tables and pipelines).
    fn len(&self) -> usize;
    /// True when there is nothing in it.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// A test control of `sim-server` (`/__sim/<name>?…`), when this simulator knows it.
    /// Returns whether it did.
    fn control(&mut self, name: &str, args: &[(String, String)]) -> bool {
        let _ = (name, args);
        false
    }
}

/// Options of `sim-server` that vendors' mounts may use.
#[cfg(all(feature = "simulators", not(target_arch = "wasm32")))]
#[derive(Clone, Debug, Default)]
pub struct SimServerOptions {
    /// Seed the demo data.
    pub seed_demo: bool,
    /// Running connectors for the benchmark mount.
    pub bench_connectors: usize,
    /// The current time.
    pub now_ms: f64,
}

/// Timings of a simulated connector lifecycle, in milliseconds.
#[cfg(feature = "simulators")]
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SimTiming {
    /// How long a new connector stays pending.
    pub pending_ms: f64,
    /// How long it then stays starting before it runs (or fails).
    pub starting_ms: f64,
}

#[cfg(feature = "simulators")]
impl Default for SimTiming {
    fn default() -> Self {
        SimTiming {
            pending_ms: 1_000.0,
            starting_ms: 2_500.0,
        }
    }
}

/// Sends a request and maps an error status with the vendor's error parser.
pub async fn send_ok(
    io: &dyn Exchange,
    req: HttpRequest,
    check: fn(HttpResponse) -> Result<HttpResponse, ApiError>,
) -> Result<HttpResponse, ApiError> {
    check(io.send(req).await?)
}

/// The error for a connector type the catalog does not have.
pub fn not_in_catalog(kind: ConnectorKind, code: &str) -> ApiError {
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

/// The error for an action a vendor does not offer.
pub fn cannot(vendor: &str, action: &Action) -> ApiError {
    ApiError::Malformed(format!("{vendor} cannot “{}”", action.label()))
}

/// The connector a create or update just made, when the server answers without its status:
/// the status is not known until the first poll.
pub fn just_created(ct: &ConnectorType, name: &str, config: Map<String, Value>) -> Connector {
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
