//! The transport: executes [`HttpRequest`]s against a real backend with `fetch`, or against the
//! in-browser simulator. The only module that touches the network.

use std::sync::{Arc, Mutex};

use serde_json::Value;
use wasm_bindgen::JsCast;

use crate::config::BackendConfig;
use crate::dialect::{ApiError, HttpRequest, HttpResponse, Method};
use crate::sim::StreamkapSim;

/// Seconds a request may take before it is abandoned.
pub const TIMEOUT_SECS: u32 = 30;

/// Executes requests for one backend. Cheap to clone; clones share the simulator and token.
#[derive(Clone)]
pub struct Transport {
    backend: BackendConfig,
    /// URL of the app's directory (trailing slash), for loading demo data.
    asset_base: String,
    sim: Arc<Mutex<Option<StreamkapSim>>>,
    token: Arc<Mutex<Option<String>>>,
    token_provider: Option<Arc<send_wrapper::SendWrapper<js_sys::Function>>>,
}

impl Transport {
    /// A transport for `backend`; `asset_base` is the URL of the app's directory (for the
    /// simulator's demo data).
    pub fn new(backend: BackendConfig, asset_base: String) -> Self {
        Transport {
            backend,
            asset_base,
            sim: Arc::new(Mutex::new(None)),
            token: Arc::new(Mutex::new(None)),
            token_provider: None,
        }
    }

    /// Uses the portal's `token_provider(backend_id)` (an async JS function returning a bearer
    /// token) whenever a request needs credentials.
    pub fn with_token_provider(mut self, provider: Option<js_sys::Function>) -> Self {
        self.token_provider = provider.map(|f| Arc::new(send_wrapper::SendWrapper::new(f)));
        self
    }

    /// The bearer token for the next request: the portal's, else the one entered in the UI.
    async fn bearer(&self) -> Option<String> {
        if let Some(f) = &self.token_provider {
            let result = f
                .call1(
                    &wasm_bindgen::JsValue::NULL,
                    &self.backend.id.clone().into(),
                )
                .ok()?;
            let value = match result.dyn_into::<js_sys::Promise>() {
                Ok(p) => wasm_bindgen_futures::JsFuture::from(p).await.ok()?,
                Err(v) => v,
            };
            return value.as_string().filter(|t| !t.is_empty());
        }
        self.token.lock().ok().and_then(|t| t.clone())
    }

    /// The backend this transport talks to.
    pub fn backend(&self) -> &BackendConfig {
        &self.backend
    }

    /// Sets (or clears) the bearer token. Kept in memory only.
    pub fn set_token(&self, token: Option<String>) {
        if let Ok(mut t) = self.token.lock() {
            *t = token.filter(|t| !t.trim().is_empty());
        }
    }

    /// True when a token is set (or the portal provides them).
    pub fn has_token(&self) -> bool {
        self.token_provider.is_some() || self.token.lock().map(|t| t.is_some()).unwrap_or(false)
    }

    /// Sends a request and returns the response, whatever its status. Errors only when there
    /// was no response.
    pub async fn send(&self, req: HttpRequest) -> Result<HttpResponse, ApiError> {
        if self.backend.simulated {
            self.send_simulated(req).await
        } else {
            self.send_fetch(req).await
        }
    }

    async fn send_simulated(&self, req: HttpRequest) -> Result<HttpResponse, ApiError> {
        self.ensure_sim().await?;
        // Some latency, so the UI's in-flight states are real and visible.
        sleep(120 + (js_sys::Math::random() * 180.0) as u32).await;
        let now = js_sys::Date::now();
        let mut guard = self
            .sim
            .lock()
            .map_err(|_| ApiError::Network("the simulator is unavailable".into()))?;
        let sim = guard
            .as_mut()
            .ok_or_else(|| ApiError::Network("the simulator is unavailable".into()))?;
        let resp = sim.handle(&req, now);
        if req.method != Method::Get {
            save_sim_state(&self.backend.id, &sim.export_state());
        }
        Ok(resp)
    }

    async fn ensure_sim(&self) -> Result<(), ApiError> {
        if self.sim.lock().map(|s| s.is_some()).unwrap_or(false) {
            return Ok(());
        }
        let load = |name: &'static str| {
            let url = format!("{}demo/streamkap/{name}", self.asset_base);
            async move {
                let resp = gloo_net::http::Request::get(&url)
                    .send()
                    .await
                    .map_err(|e| ApiError::Network(format!("demo data {name}: {e}")))?;
                if !resp.ok() {
                    return Err(ApiError::Network(format!(
                        "demo data {name} answered {}",
                        resp.status()
                    )));
                }
                resp.text()
                    .await
                    .map_err(|e| ApiError::Network(format!("demo data {name}: {e}")))
            }
        };
        let sources = load("sources-connectors.json").await?;
        let destinations = load("destinations-connectors.json").await?;
        let mut sim = StreamkapSim::new(&sources, &destinations);
        match load_sim_state(&self.backend.id) {
            Some(state) => sim.import_state(&state),
            None => {
                sim.seed_demo(js_sys::Date::now());
                save_sim_state(&self.backend.id, &sim.export_state());
            }
        }
        if let Ok(mut slot) = self.sim.lock() {
            if slot.is_none() {
                *slot = Some(sim);
            }
        }
        Ok(())
    }

    async fn send_fetch(&self, req: HttpRequest) -> Result<HttpResponse, ApiError> {
        use gloo_net::http::{Method as M, RequestBuilder};
        let base = self.backend.base_url.clone().unwrap_or_default();
        let url = format!("{base}{}", req.path_and_query());
        let controller = web_sys::AbortController::new().ok();
        let mut builder = RequestBuilder::new(&url)
            .method(match req.method {
                Method::Get => M::GET,
                Method::Post => M::POST,
                Method::Put => M::PUT,
                Method::Delete => M::DELETE,
            })
            .header("Accept", "application/json");
        if let Some(c) = &controller {
            builder = builder.abort_signal(Some(&c.signal()));
        }
        for (k, v) in &req.headers {
            builder = builder.header(k, v);
        }
        if let Some(token) = self.bearer().await {
            builder = builder.header("Authorization", &format!("Bearer {token}"));
        }
        let request = match &req.body {
            Some(body) => builder
                .header("Content-Type", "application/json")
                .body(body.to_string()),
            None => builder.build(),
        }
        .map_err(|e| ApiError::Network(e.to_string()))?;

        let timed_out = Arc::new(Mutex::new(false));
        let timer = controller.map(|c| {
            let flag = timed_out.clone();
            Timeout::new(TIMEOUT_SECS * 1000, move || {
                if let Ok(mut f) = flag.lock() {
                    *f = true;
                }
                c.abort();
            })
        });
        let result = request.send().await;
        drop(timer);
        let resp = match result {
            Ok(r) => r,
            Err(_) if timed_out.lock().map(|f| *f).unwrap_or(false) => {
                return Err(ApiError::Timeout(TIMEOUT_SECS))
            }
            Err(e) => return Err(ApiError::Network(network_message(&e.to_string()))),
        };
        let status = resp.status();
        let headers = resp
            .headers()
            .entries()
            .map(|(k, v)| (k.to_ascii_lowercase(), v))
            .collect();
        let body = resp
            .text()
            .await
            .map_err(|e| ApiError::Network(network_message(&e.to_string())))?;
        Ok(HttpResponse {
            status,
            headers,
            body,
        })
    }
}

/// What a failed fetch means to a user; browsers say little (CORS and offline look alike).
fn network_message(raw: &str) -> String {
    let offline = web_sys::window()
        .map(|w| !w.navigator().on_line())
        .unwrap_or(false);
    if offline {
        "your browser is offline.".into()
    } else {
        format!("no answer from the server ({raw}). Check the address, your connection, and that the server allows this origin (CORS).")
    }
}

const SIM_KEY: &str = "connector-console.sim.";

/// Saves the simulator's (secret-free) state so a demo survives reloads.
fn save_sim_state(backend_id: &str, state: &Value) {
    if let Some(storage) = local_storage() {
        let _ = storage.set_item(&format!("{SIM_KEY}{backend_id}"), &state.to_string());
    }
}

fn load_sim_state(backend_id: &str) -> Option<Value> {
    let text = local_storage()?
        .get_item(&format!("{SIM_KEY}{backend_id}"))
        .ok()??;
    serde_json::from_str(&text).ok()
}

/// Forgets the simulator's saved state (the demo starts over on the next load).
pub fn reset_sim_state(backend_id: &str) {
    if let Some(storage) = local_storage() {
        let _ = storage.remove_item(&format!("{SIM_KEY}{backend_id}"));
    }
}

/// `window.localStorage`, when available (not in some sandboxed iframes).
pub fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// Resolves after `ms` milliseconds.
pub async fn sleep(ms: u32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms as i32);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// A `setTimeout` that is cancelled when dropped.
pub struct Timeout {
    id: Option<i32>,
    _closure: wasm_bindgen::closure::Closure<dyn FnMut()>,
}

impl Timeout {
    /// Calls `f` once after `ms` milliseconds unless dropped first.
    pub fn new(ms: u32, f: impl FnOnce() + 'static) -> Self {
        let mut f = Some(f);
        let closure = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(move || {
            if let Some(f) = f.take() {
                f();
            }
        });
        let id = web_sys::window().and_then(|w| {
            w.set_timeout_with_callback_and_timeout_and_arguments_0(
                closure.as_ref().unchecked_ref(),
                ms as i32,
            )
            .ok()
        });
        Timeout {
            id,
            _closure: closure,
        }
    }
}

impl Drop for Timeout {
    fn drop(&mut self) {
        if let (Some(id), Some(w)) = (self.id, web_sys::window()) {
            w.clear_timeout_with_handle(id);
        }
    }
}

/// Records a `performance.mark` (read by the benchmark; harmless otherwise).
pub fn perf_mark(name: &str) {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.mark(name);
    }
}
