//! Laminar (and Arroyo, its upstream): its REST API ([`wire`]), its verbs — a schema catalog,
//! connection profiles, connection tables with a streamed test, pipelines and jobs — and its
//! simulator ([`sim`], with its catalog in `data/`).

pub mod wire;

#[cfg(feature = "simulators")]
pub mod sim;

use std::sync::Arc;

use async_trait::async_trait;
use serde_json::Value;

use crate::config::BackendConfig;
use crate::http::{ApiError, HttpRequest, HttpResponse};
use crate::model::pipeline::{
    Autocomplete, Job, PipelineJobs, Profile, SchemaCatalog, Table, TableDraft, TestMessage,
};
use crate::model::pipeline_view::group_jobs;
use crate::vendor::{send_ok, Backend, Capability, Exchange, Pipelines, Streamed, Vendor};
use wire::TableSchemaWire;

/// The Laminar vendor.
pub struct Laminar;

impl Vendor for Laminar {
    fn id(&self) -> &'static str {
        "laminar"
    }

    fn label(&self) -> &'static str {
        "Laminar"
    }

    fn capabilities(&self) -> &'static [Capability] {
        &[
            Capability::SchemaCatalog,
            Capability::Profiles,
            Capability::Tables,
            Capability::TableTest,
            Capability::Jobs,
        ]
    }

    fn verbs(&self) -> crate::vendor::Verbs {
        crate::verbs!(vendor_laminar: load_laminar, open)
    }

    #[cfg(feature = "simulators")]
    fn simulator(&self, _assets: &[String]) -> Box<dyn crate::vendor::Simulator> {
        Box::<sim::LaminarSim>::default()
    }
}

struct LaminarBackend;

impl Backend for LaminarBackend {
    fn pipelines(&self) -> Option<&dyn Pipelines> {
        Some(self)
    }
}

fn check(resp: HttpResponse) -> Result<HttpResponse, ApiError> {
    wire::check(resp)
}

/// `POST /api/v1/connection_tables` for a table draft: what creating it sends.
fn create_table_request(t: &TableDraft) -> HttpRequest {
    wire::create_table_request(
        &t.name,
        &t.connector,
        t.profile_id.as_deref(),
        t.config.clone(),
        t.schema.to_value(),
    )
}

#[async_trait(?Send)]
impl Pipelines for LaminarBackend {
    async fn catalog(
        &self,
        io: &dyn Exchange,
        category: Option<&str>,
        side: Option<&str>,
    ) -> Result<SchemaCatalog, ApiError> {
        // The filters go to the server and are applied again here, for servers that ignore
        // them (Arroyo); connectors the server marks hidden are left out.
        let resp = send_ok(io, wire::connectors_request(category, side), check).await?;
        let mut cat = wire::parse_connectors(&resp.body)?;
        let keep: Vec<String> = crate::model::pipeline::filter(&cat, category, side)
            .iter()
            .map(|c| c.id.clone())
            .collect();
        cat.connectors
            .retain(|c| keep.contains(&c.id) && !c.hidden && c.enabled);
        Ok(cat)
    }

    async fn profiles(&self, io: &dyn Exchange) -> Result<Vec<Profile>, ApiError> {
        let resp = send_ok(io, wire::list_profiles_request(), check).await?;
        wire::parse_profiles(&resp.body)
    }

    async fn create_profile(
        &self,
        io: &dyn Exchange,
        name: &str,
        connector: &str,
        config: Value,
    ) -> Result<Profile, ApiError> {
        let req = wire::create_profile_request(name, connector, config);
        let resp = send_ok(io, req, check).await?;
        wire::parse_profile(&resp.body)
    }

    fn create_profile_request(
        &self,
        name: &str,
        connector: &str,
        config: Value,
    ) -> Option<HttpRequest> {
        Some(wire::create_profile_request(name, connector, config))
    }

    /// A failed connection comes back either as a result with `error` (Arroyo) or as an error
    /// status (Laminar); both are results for the user, so a 4xx without field problems
    /// becomes a failed message. Field problems and other failures stay errors.
    async fn test_profile(
        &self,
        io: &dyn Exchange,
        name: &str,
        connector: &str,
        config: Value,
    ) -> Result<TestMessage, ApiError> {
        match send_ok(
            io,
            wire::test_profile_request(name, connector, config),
            check,
        )
        .await
        {
            Ok(resp) => wire::parse_test_result(&resp.body),
            Err(ApiError::Http {
                status,
                message,
                fields,
                ..
            }) if fields.is_empty()
                && (400..500).contains(&status)
                && ![401, 403, 404, 429].contains(&status) =>
            {
                Ok(TestMessage {
                    error: true,
                    done: true,
                    message,
                })
            }
            Err(e) => Err(e),
        }
    }

    async fn delete_profile(
        &self,
        io: &dyn Exchange,
        id: &str,
    ) -> Result<Option<String>, ApiError> {
        let resp = send_ok(io, wire::delete_profile_request(id), check).await?;
        Ok(wire::parse_message(&resp.body))
    }

    async fn autocomplete(
        &self,
        io: &dyn Exchange,
        profile_id: &str,
    ) -> Result<Autocomplete, ApiError> {
        let req = wire::autocomplete_request(profile_id, None, None);
        let resp = send_ok(io, req, check).await?;
        wire::parse_autocomplete(&resp.body)
    }

    async fn tables(&self, io: &dyn Exchange) -> Result<Vec<Table>, ApiError> {
        let resp = send_ok(io, wire::list_tables_request(), check).await?;
        wire::parse_tables(&resp.body)
    }

    async fn create_table(&self, io: &dyn Exchange, t: &TableDraft) -> Result<Table, ApiError> {
        let resp = send_ok(io, create_table_request(t), check).await?;
        wire::parse_table(&resp.body)
    }

    fn create_table_request(&self, t: &TableDraft) -> Option<HttpRequest> {
        Some(create_table_request(t))
    }

    async fn delete_table(&self, io: &dyn Exchange, id: &str) -> Result<Option<String>, ApiError> {
        let resp = send_ok(io, wire::delete_table_request(id), check).await?;
        Ok(wire::parse_message(&resp.body))
    }

    /// The answer is read as a stream: each complete event is a message as soon as it
    /// arrives; the stream is closed after the message that says the test is done.
    async fn test_table(
        &self,
        io: &dyn Exchange,
        t: &TableDraft,
        on_message: &mut (dyn FnMut(TestMessage) + '_),
    ) -> Result<(), ApiError> {
        let req = wire::test_table_request(
            &t.name,
            &t.connector,
            t.profile_id.as_deref(),
            t.config.clone(),
            t.schema.to_value(),
        );
        let mut decoder = wire::SseDecoder::default();
        let mut finished = false;
        let streamed = {
            let mut on_chunk = |chunk: &str| {
                for m in decoder.push(chunk) {
                    finished |= m.done;
                    on_message(m);
                    if finished {
                        break;
                    }
                }
                !finished
            };
            io.send_streaming(req, &mut on_chunk).await?
        };
        match streamed {
            Streamed::Chunks if finished => {}
            Streamed::Chunks => {
                for m in decoder.finish() {
                    on_message(m);
                }
            }
            Streamed::Whole(resp) => {
                for m in wire::parse_table_test(&resp)? {
                    on_message(m);
                }
            }
        }
        Ok(())
    }

    /// Pipelines with their jobs (newest run first). Reads `GET /jobs`; a server without it
    /// (404) is asked per pipeline.
    async fn jobs(&self, io: &dyn Exchange) -> Result<Vec<PipelineJobs>, ApiError> {
        let resp = send_ok(io, wire::pipelines_request(), check).await?;
        let pipelines = wire::parse_pipelines(&resp.body)?;
        let jobs: Vec<Job> = match send_ok(io, wire::jobs_request(), check).await {
            Ok(resp) => wire::parse_jobs(&resp.body, None)?,
            Err(e) if e.status() == Some(404) || e.status() == Some(405) => {
                let mut all = Vec::new();
                for p in &pipelines {
                    let resp = send_ok(io, wire::pipeline_jobs_request(&p.id), check).await?;
                    all.extend(wire::parse_jobs(&resp.body, Some(&p.id))?);
                }
                all
            }
            Err(e) => return Err(e),
        };
        Ok(group_jobs(pipelines, jobs))
    }
}

/// Opens the verbs of a backend (through [`Vendor::verbs`]).
fn open(_backend: &BackendConfig) -> Arc<dyn Backend> {
    Arc::new(LaminarBackend)
}
