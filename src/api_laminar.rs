//! Laminar's verbs on [`Api`]: catalog, connection profiles, connection tables (with the
//! streamed table test), autocomplete, pipelines and jobs. Requests are built and answers read
//! by the pure dialect ([`crate::dialect::laminar`]); everything goes through the transport,
//! except the table test against a real server, which is read as it streams (see
//! [`Api::test_table`]).

use serde_json::Value;
use wasm_bindgen::JsCast;

use crate::api::Api;
use crate::dialect::laminar::{
    self as lam, Autocomplete, Job, LaminarCatalog, LaminarConnector, Profile, Table, TableSchema,
    TestMessage,
};
use crate::dialect::{ApiError, HttpRequest, HttpResponse};
use crate::model::laminar_view::{drain_utf8, group_jobs, PipelineJobs};
use crate::net::{sleep, Timeout};

/// Seconds a streamed table test may take before it is abandoned.
const STREAM_TIMEOUT_SECS: u32 = 120;
/// In the simulated backend, the pause between test messages (see [`Api::test_table`]).
const SIMULATED_STEP_MS: u32 = 450;

/// A connection table as the form builds it, for creating or testing.
#[derive(Clone, Debug, PartialEq)]
pub struct TableDraft {
    /// Table name.
    pub name: String,
    /// Connector id.
    pub connector: String,
    /// The connection profile, for connectors that need one.
    pub profile_id: Option<String>,
    /// The cleaned connector config.
    pub config: Value,
    /// Format, columns, event time, watermark and side.
    pub schema: TableSchema,
}

fn not_found(what: &str) -> ApiError {
    ApiError::Http {
        status: 404,
        message: what.to_string(),
        fields: vec![],
        retry_after: None,
    }
}

/// How a streamed request ended.
enum Streamed {
    /// Every message was delivered.
    Done,
    /// The streaming path could not be used; send it through the transport instead.
    Fallback,
}

impl Api {
    /// The connector catalog, filtered by `category` and side (`source`/`sink`). The filters go
    /// to the server and are applied again here, for servers that ignore them (Arroyo);
    /// connectors the server marks hidden are left out.
    pub async fn laminar_catalog(
        &self,
        category: Option<&str>,
        kind: Option<&str>,
    ) -> Result<LaminarCatalog, ApiError> {
        let resp = self
            .request(lam::connectors_request(category, kind))
            .await?;
        let mut cat = lam::parse_connectors(&resp.body)?;
        let keep: Vec<String> = lam::filter(&cat, category, kind)
            .iter()
            .map(|c| c.id.clone())
            .collect();
        cat.connectors
            .retain(|c| keep.contains(&c.id) && !c.hidden && c.enabled);
        Ok(cat)
    }

    /// One connector of the catalog (404 when the catalog has none by that id).
    pub async fn laminar_connector(&self, id: &str) -> Result<LaminarConnector, ApiError> {
        let cat = self.laminar_catalog(None, None).await?;
        cat.get(id)
            .cloned()
            .ok_or_else(|| not_found(&format!("The catalog has no connector “{id}”.")))
    }

    /// Every connection profile.
    pub async fn profiles(&self) -> Result<Vec<Profile>, ApiError> {
        let resp = self.request(lam::list_profiles_request()).await?;
        lam::parse_profiles(&resp.body)
    }

    /// Creates a connection profile.
    pub async fn create_profile(
        &self,
        name: &str,
        connector: &str,
        config: Value,
    ) -> Result<Profile, ApiError> {
        let resp = self
            .request(lam::create_profile_request(name, connector, config))
            .await?;
        lam::parse_profile(&resp.body)
    }

    /// Tests a profile's settings without saving them. A failed connection comes back either
    /// as a result with `error` (Arroyo) or as an error status (Laminar); both are results for
    /// the user, so a 4xx without field problems becomes a failed [`TestMessage`]. Field
    /// problems and other failures stay errors.
    pub async fn test_profile(
        &self,
        name: &str,
        connector: &str,
        config: Value,
    ) -> Result<TestMessage, ApiError> {
        match self
            .request(lam::test_profile_request(name, connector, config))
            .await
        {
            Ok(resp) => lam::parse_test_result(&resp.body),
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

    /// Deletes a profile; returns the server's confirmation text, if any.
    pub async fn delete_profile(&self, id: &str) -> Result<Option<String>, ApiError> {
        let resp = self.request(lam::delete_profile_request(id)).await?;
        Ok(lam::parse_message(&resp.body))
    }

    /// Suggestions for `format: autocomplete` fields, from a saved profile.
    pub async fn autocomplete(&self, profile_id: &str) -> Result<Autocomplete, ApiError> {
        let resp = self
            .request(lam::autocomplete_request(profile_id, None, None))
            .await?;
        lam::parse_autocomplete(&resp.body)
    }

    /// Every connection table.
    pub async fn tables(&self) -> Result<Vec<Table>, ApiError> {
        let resp = self.request(lam::list_tables_request()).await?;
        lam::parse_tables(&resp.body)
    }

    /// Creates a connection table.
    pub async fn create_table(&self, t: &TableDraft) -> Result<Table, ApiError> {
        let resp = self
            .request(lam::create_table_request(
                &t.name,
                &t.connector,
                t.profile_id.as_deref(),
                t.config.clone(),
                t.schema.to_value(),
            ))
            .await?;
        lam::parse_table(&resp.body)
    }

    /// Deletes a table; returns the server's confirmation text, if any.
    pub async fn delete_table(&self, id: &str) -> Result<Option<String>, ApiError> {
        let resp = self.request(lam::delete_table_request(id)).await?;
        Ok(lam::parse_message(&resp.body))
    }

    /// Tests a table, handing each message to `on_message` as it arrives; the last one has
    /// `done`.
    ///
    /// Against a real server the answer is read as a stream (`fetch` and the body's reader),
    /// so messages show while the server is still working, with the same credentials the
    /// transport adds (a portal's token too); a 401 or 429 answer sends the request through
    /// the transport instead (which signs in or waits), and then the messages arrive together. The in-browser simulator also answers with the whole body
    /// at once: there, and only there, messages are revealed one by one with a short pause so
    /// the demo shows what a live test looks like.
    pub async fn test_table(
        &self,
        t: &TableDraft,
        mut on_message: impl FnMut(TestMessage),
    ) -> Result<(), ApiError> {
        let req = lam::test_table_request(
            &t.name,
            &t.connector,
            t.profile_id.as_deref(),
            t.config.clone(),
            t.schema.to_value(),
        );
        if !self.backend().simulated {
            if let Streamed::Done = self.stream_sse(&req, &mut on_message).await? {
                return Ok(());
            }
        }
        let resp = self.request(req).await?;
        let msgs = lam::parse_table_test(&resp)?;
        let simulated = self.backend().simulated;
        for (i, m) in msgs.into_iter().enumerate() {
            if simulated && i > 0 {
                sleep(SIMULATED_STEP_MS).await;
            }
            on_message(m);
        }
        Ok(())
    }

    async fn stream_sse(
        &self,
        req: &HttpRequest,
        on_message: &mut impl FnMut(TestMessage),
    ) -> Result<Streamed, ApiError> {
        // The same credentials the transport would add (a portal's token, a bearer token,
        // Basic, or a Streamkap-style access token, refreshed when due).
        let authed = self.transport().authorize(req.clone()).await?;
        let js = |e: wasm_bindgen::JsValue| {
            ApiError::Network(
                e.as_string()
                    .or_else(|| {
                        js_sys::Reflect::get(&e, &"message".into())
                            .ok()
                            .and_then(|m| m.as_string())
                    })
                    .unwrap_or_else(|| "the request failed".into()),
            )
        };
        let base = self.backend().base_url.clone().unwrap_or_default();
        let url = format!("{base}{}", req.path_and_query());
        let headers = web_sys::Headers::new().map_err(js)?;
        headers.set("Accept", "text/event-stream").map_err(js)?;
        headers
            .set("Content-Type", "application/json")
            .map_err(js)?;
        for (k, v) in &authed.headers {
            headers.set(k, v).map_err(js)?;
        }
        let init = web_sys::RequestInit::new();
        init.set_method(req.method.as_str());
        init.set_headers(&headers);
        if let Some(body) = &req.body {
            init.set_body(&wasm_bindgen::JsValue::from_str(&body.to_string()));
        }
        let controller = web_sys::AbortController::new().map_err(js)?;
        init.set_signal(Some(&controller.signal()));
        let request = web_sys::Request::new_with_str_and_init(&url, &init).map_err(js)?;
        let window = web_sys::window().ok_or_else(|| ApiError::Network("no window".into()))?;
        let _timer = {
            let c = controller.clone();
            Timeout::new(STREAM_TIMEOUT_SECS * 1000, move || c.abort())
        };
        let resp: web_sys::Response =
            wasm_bindgen_futures::JsFuture::from(window.fetch_with_request(&request))
                .await
                .map_err(js)?
                .dyn_into()
                .map_err(js)?;
        let status = resp.status();
        let ctype = resp
            .headers()
            .get("content-type")
            .ok()
            .flatten()
            .unwrap_or_default();
        let streaming = (200..300).contains(&status) && ctype.contains("event-stream");
        let body = js_sys::Reflect::get(&resp, &"body".into()).unwrap_or_default();
        if !streaming || body.is_null() || body.is_undefined() {
            if status == 401 || status == 429 {
                // Sign-in and waiting live in the transport.
                return Ok(Streamed::Fallback);
            }
            let text = wasm_bindgen_futures::JsFuture::from(resp.text().map_err(js)?)
                .await
                .map_err(js)?
                .as_string()
                .unwrap_or_default();
            let whole = HttpResponse {
                status,
                headers: vec![("content-type".into(), ctype)],
                body: text,
            };
            for m in lam::parse_table_test(&whole)? {
                on_message(m);
            }
            return Ok(Streamed::Done);
        }
        let get_reader: js_sys::Function = js_sys::Reflect::get(&body, &"getReader".into())
            .map_err(js)?
            .dyn_into()
            .map_err(js)?;
        let reader = get_reader.call0(&body).map_err(js)?;
        let read: js_sys::Function = js_sys::Reflect::get(&reader, &"read".into())
            .map_err(js)?
            .dyn_into()
            .map_err(js)?;
        let (mut bytes, mut text) = (Vec::<u8>::new(), String::new());
        loop {
            let promise: js_sys::Promise =
                read.call0(&reader).map_err(js)?.dyn_into().map_err(js)?;
            let chunk = wasm_bindgen_futures::JsFuture::from(promise)
                .await
                .map_err(js)?;
            let done = js_sys::Reflect::get(&chunk, &"done".into())
                .ok()
                .and_then(|d| d.as_bool())
                .unwrap_or(true);
            if done {
                break;
            }
            if let Ok(value) = js_sys::Reflect::get(&chunk, &"value".into()) {
                bytes.extend(js_sys::Uint8Array::new(&value).to_vec());
            }
            drain_utf8(&mut bytes, &mut text);
            let (msgs, rest) = lam::parse_sse(&text);
            text = rest;
            for m in msgs {
                let finished = m.done;
                on_message(m);
                if finished {
                    controller.abort();
                    return Ok(Streamed::Done);
                }
            }
        }
        drain_utf8(&mut bytes, &mut text);
        for m in lam::finish_sse(&text) {
            on_message(m);
        }
        Ok(Streamed::Done)
    }

    /// Pipelines with their jobs (newest run first). Reads `GET /jobs`; a server without it
    /// (404) is asked per pipeline.
    pub async fn pipelines_and_jobs(&self) -> Result<Vec<PipelineJobs>, ApiError> {
        let resp = self.request(lam::pipelines_request()).await?;
        let pipelines = lam::parse_pipelines(&resp.body)?;
        let jobs: Vec<Job> = match self.request(lam::jobs_request()).await {
            Ok(resp) => lam::parse_jobs(&resp.body, None)?,
            Err(e) if e.status() == Some(404) || e.status() == Some(405) => {
                let mut all = Vec::new();
                for p in &pipelines {
                    let resp = self.request(lam::pipeline_jobs_request(&p.id)).await?;
                    all.extend(lam::parse_jobs(&resp.body, Some(&p.id))?);
                }
                all
            }
            Err(e) => return Err(e),
        };
        Ok(group_jobs(pipelines, jobs))
    }
}
