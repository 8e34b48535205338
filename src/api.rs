//! Async API verbs the pages call. Each builds a request with the backend's dialect, sends it
//! through the [`Transport`] and parses the answer; pages never see wire formats.

use serde_json::{Map, Value};

use crate::config::{BackendConfig, DialectKind};
use crate::dialect::{streamkap, ApiError};
use crate::model::catalog::{Catalog, ConnectorKind, ConnectorType};
use crate::model::status::Connector;
use crate::net::Transport;

/// Most list pages fetched in one refresh (at 100 per page).
const MAX_PAGES: u32 = 50;

/// The backend API as async verbs. Cheap to clone.
#[derive(Clone)]
pub struct Api {
    transport: Transport,
}

impl Api {
    /// Wraps a transport.
    pub fn new(transport: Transport) -> Self {
        Api { transport }
    }

    /// The backend's configuration.
    pub fn backend(&self) -> &BackendConfig {
        self.transport.backend()
    }

    /// The transport (for setting credentials).
    pub fn transport(&self) -> &Transport {
        &self.transport
    }

    fn ensure_supported(&self) -> Result<(), ApiError> {
        let d = self.backend().dialect;
        if d.supported() {
            Ok(())
        } else {
            Err(ApiError::Malformed(format!(
                "this build of Connector Console does not speak the “{}” dialect yet",
                d.as_str()
            )))
        }
    }

    /// The catalog of one kind.
    pub async fn catalog(&self, kind: ConnectorKind) -> Result<Catalog, ApiError> {
        self.ensure_supported()?;
        let resp = self
            .transport
            .send(streamkap::catalog_request(kind, None))
            .await?;
        let resp = streamkap::check(resp)?;
        streamkap::parse_catalog(kind, &resp.body)
    }

    /// One connector type, with the notices of anything skipped while parsing it.
    pub async fn connector_type(
        &self,
        kind: ConnectorKind,
        code: &str,
    ) -> Result<(ConnectorType, Vec<String>), ApiError> {
        self.ensure_supported()?;
        let resp = self
            .transport
            .send(streamkap::catalog_request(kind, Some(code)))
            .await?;
        let resp = streamkap::check(resp)?;
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
            None => Err(ApiError::Http {
                status: 404,
                message: format!(
                    "The catalog has no {} connector “{code}”.",
                    kind.label().to_lowercase()
                ),
                fields: vec![],
                retry_after: None,
            }),
        }
    }

    /// Every connector of both kinds.
    pub async fn list(&self) -> Result<Vec<Connector>, ApiError> {
        self.ensure_supported()?;
        let mut all = Vec::new();
        for kind in [ConnectorKind::Source, ConnectorKind::Destination] {
            let mut page = 1;
            loop {
                let q = streamkap::ListQuery {
                    page,
                    page_size: 100,
                    ..Default::default()
                };
                let resp = self
                    .transport
                    .send(streamkap::list_request(kind, &q))
                    .await?;
                let parsed = streamkap::parse_list(kind, &streamkap::check(resp)?.body)?;
                all.extend(parsed.items);
                if !parsed.has_next || page >= MAX_PAGES {
                    break;
                }
                page += 1;
            }
        }
        Ok(all)
    }

    /// One connector.
    pub async fn get(&self, kind: ConnectorKind, id: &str) -> Result<Connector, ApiError> {
        self.ensure_supported()?;
        let resp = self
            .transport
            .send(streamkap::get_request(kind, id))
            .await?;
        streamkap::parse_one(kind, &streamkap::check(resp)?.body)
    }

    /// Creates a connector.
    pub async fn create(
        &self,
        kind: ConnectorKind,
        code: &str,
        name: &str,
        config: Map<String, Value>,
    ) -> Result<Connector, ApiError> {
        self.ensure_supported()?;
        let req = streamkap::create_request(kind, name, code, config);
        let resp = self.transport.send(req).await?;
        streamkap::parse_one(kind, &streamkap::check(resp)?.body)
    }

    /// Replaces a connector's name and config.
    pub async fn update(
        &self,
        existing: &Connector,
        name: &str,
        config: Map<String, Value>,
    ) -> Result<Connector, ApiError> {
        self.ensure_supported()?;
        let req =
            streamkap::update_request(existing.kind, &existing.id, name, &existing.type_id, config);
        let resp = self.transport.send(req).await?;
        streamkap::parse_one(existing.kind, &streamkap::check(resp)?.body)
    }

    /// Pauses (`Paused`) or resumes (`Active`) a connector.
    pub async fn set_state(&self, c: &Connector, desired: &str) -> Result<Connector, ApiError> {
        self.ensure_supported()?;
        let resp = self
            .transport
            .send(streamkap::set_state_request(c, desired))
            .await?;
        streamkap::parse_one(c.kind, &streamkap::check(resp)?.body)
    }

    /// Deletes a connector.
    pub async fn delete(&self, kind: ConnectorKind, id: &str) -> Result<(), ApiError> {
        self.ensure_supported()?;
        let resp = self
            .transport
            .send(streamkap::delete_request(kind, id))
            .await?;
        streamkap::check(resp).map(|_| ())
    }
}

/// True when this dialect is one this build speaks (pages show a notice otherwise).
pub fn supported(d: DialectKind) -> bool {
    d.supported()
}
