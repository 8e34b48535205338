//! The transport: executes [`HttpRequest`]s against a real backend with `fetch`, or against the
//! in-browser simulator. The only module that touches the network. It also owns credentials:
//! it adds them to requests, exchanges and refreshes Streamkap tokens, retries once after a
//! 401 with a fresh token, and waits as told on 429 (and briefly on Kafka Connect's 409).

use std::sync::{Arc, Mutex};

use serde_json::Value;
use wasm_bindgen::JsCast;

use crate::auth::Credentials;
use crate::config::{AuthKind, BackendConfig, DialectKind};
use crate::dialect::{retry_after, streamkap, ApiError, HttpRequest, HttpResponse, Method};
use crate::sim::AnySim;

/// Seconds a request may take before it is abandoned.
pub const TIMEOUT_SECS: u32 = 30;
/// Longest wait honoured from `Retry-After`, in seconds.
const MAX_WAIT_SECS: u32 = 30;

/// What the transport tells the UI while it works.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Notice {
    /// Credentials are missing or were refused; the user should sign in.
    AuthNeeded(String),
    /// Waiting before a retry (rate limit, rebalance): what and for how long.
    Waiting(String),
    /// The wait is over.
    Resumed,
}

type Notify = Arc<dyn Fn(Notice) + Send + Sync>;

/// Executes requests for one backend. Cheap to clone; clones share everything.
#[derive(Clone)]
pub struct Transport {
    backend: BackendConfig,
    /// URL of the app's directory (trailing slash), for loading demo data.
    asset_base: String,
    sim: SharedSim,
    creds: Arc<Mutex<Credentials>>,
    token: Arc<Mutex<Option<streamkap::Token>>>,
    token_provider: Option<Arc<send_wrapper::SendWrapper<js_sys::Function>>>,
    notify: Option<Notify>,
}

const CREDS_KEY: &str = "connector-console.credentials.";

type SharedSim = Arc<Mutex<Option<AnySim>>>;

thread_local! {
    /// One simulator per backend id for the whole page: instances that point at the same
    /// simulated backend see the same "server", as they would a real one.
    static SIMS: std::cell::RefCell<Vec<(String, SharedSim)>> = const { std::cell::RefCell::new(Vec::new()) };
}

fn shared_sim(backend_id: &str) -> SharedSim {
    SIMS.with_borrow_mut(|sims| {
        if let Some((_, s)) = sims.iter().find(|(id, _)| id == backend_id) {
            return s.clone();
        }
        let s: SharedSim = Arc::new(Mutex::new(None));
        sims.push((backend_id.to_string(), s.clone()));
        s
    })
}

impl Transport {
    /// A transport for `backend`; `asset_base` is the URL of the app's directory (for the
    /// simulator's demo data). Credentials remembered for this tab are picked up.
    pub fn new(backend: BackendConfig, asset_base: String) -> Self {
        let remembered = session_storage()
            .and_then(|s| {
                s.get_item(&format!("{CREDS_KEY}{}", backend.id))
                    .ok()
                    .flatten()
            })
            .and_then(|text| serde_json::from_str::<Credentials>(&text).ok())
            .unwrap_or_default();
        Transport {
            sim: shared_sim(&backend.id),
            backend,
            asset_base,
            creds: Arc::new(Mutex::new(remembered)),
            token: Arc::new(Mutex::new(None)),
            token_provider: None,
            notify: None,
        }
    }

    /// Uses the portal's `token_provider(backend_id)` (an async JS function returning a bearer
    /// token) whenever a request needs credentials.
    pub fn with_token_provider(mut self, provider: Option<js_sys::Function>) -> Self {
        self.token_provider = provider.map(|f| Arc::new(send_wrapper::SendWrapper::new(f)));
        self
    }

    /// Reports auth prompts and waits to the UI.
    pub fn with_notify(mut self, f: impl Fn(Notice) + Send + Sync + 'static) -> Self {
        self.notify = Some(Arc::new(f));
        self
    }

    fn tell(&self, n: Notice) {
        if let Some(f) = &self.notify {
            f(n);
        }
    }

    /// The backend this transport talks to.
    pub fn backend(&self) -> &BackendConfig {
        &self.backend
    }

    /// How this backend authenticates (the portal's provider counts as bearer).
    pub fn auth_kind(&self) -> AuthKind {
        if self.token_provider.is_some() {
            AuthKind::Bearer
        } else {
            self.backend.auth
        }
    }

    /// True when the portal supplies credentials.
    pub fn has_provider(&self) -> bool {
        self.token_provider.is_some()
    }

    /// Sets the credentials. With `remember`, they are also kept in `sessionStorage` for this
    /// tab; otherwise any remembered copy is removed.
    pub fn set_credentials(&self, creds: Credentials, remember: bool) {
        if let Ok(mut t) = self.token.lock() {
            *t = None;
        }
        let key = format!("{CREDS_KEY}{}", self.backend.id);
        if let Some(s) = session_storage() {
            if remember && !creds.is_none() {
                if let Ok(text) = serde_json::to_string(&creds) {
                    let _ = s.set_item(&key, &text);
                }
            } else {
                let _ = s.remove_item(&key);
            }
        }
        if let Ok(mut c) = self.creds.lock() {
            *c = creds;
        }
    }

    /// The current credentials (for describing them; never logged).
    pub fn credentials(&self) -> Credentials {
        self.creds.lock().map(|c| c.clone()).unwrap_or_default()
    }

    /// True when credentials are set (or the portal provides them).
    pub fn has_credentials(&self) -> bool {
        self.token_provider.is_some() || !self.credentials().is_none()
    }

    /// True when credentials are remembered for this tab.
    pub fn remembered(&self) -> bool {
        session_storage()
            .and_then(|s| {
                s.get_item(&format!("{CREDS_KEY}{}", self.backend.id))
                    .ok()
                    .flatten()
            })
            .is_some()
    }

    /// Sends a request and returns the response, whatever its status. Errors only when there
    /// was no response (or no credentials could be obtained).
    pub async fn send(&self, req: HttpRequest) -> Result<HttpResponse, ApiError> {
        let mut refreshed = false;
        let mut waits = 0u32;
        loop {
            let authed = self.authorize(req.clone()).await?;
            let resp = self.raw(authed).await?;
            match resp.status {
                401 if !refreshed
                    && self.auth_kind() == AuthKind::ClientCredentials
                    && !self.backend.simulated =>
                {
                    // The token may have expired early or been revoked: get a fresh one, once.
                    refreshed = true;
                    self.renew_token(true).await?;
                }
                401 => {
                    let msg = if self.has_credentials() {
                        "The server did not accept your credentials."
                    } else {
                        "This backend needs credentials."
                    };
                    self.tell(Notice::AuthNeeded(msg.into()));
                    return Ok(resp);
                }
                429 if waits < 2 => {
                    waits += 1;
                    let secs = retry_after(&resp).unwrap_or(2).clamp(1, MAX_WAIT_SECS);
                    self.tell(Notice::Waiting(format!(
                        "The server is rate limiting requests; trying again in {secs} s as it asked."
                    )));
                    sleep(secs * 1000).await;
                    self.tell(Notice::Resumed);
                }
                409 if waits < 3 && self.backend.dialect == DialectKind::KafkaConnect => {
                    waits += 1;
                    let ms = 500 * (1 << waits);
                    self.tell(Notice::Waiting(format!(
                        "Kafka Connect is rebalancing; trying again in {:.1} s.",
                        ms as f64 / 1000.0
                    )));
                    sleep(ms).await;
                    self.tell(Notice::Resumed);
                }
                _ => return Ok(resp),
            }
        }
    }

    /// Adds the credentials a request needs: the portal's token, the signed-in user's
    /// credentials, or a (refreshed) Streamkap access token.
    pub async fn authorize(&self, mut req: HttpRequest) -> Result<HttpRequest, ApiError> {
        let header = |token: String| ("Authorization".to_string(), token);
        if let Some(token) = self.provided_token().await {
            req.headers.push(header(format!("Bearer {token}")));
            return Ok(req);
        }
        let creds = self.credentials();
        if self.backend.simulated {
            // The simulated Confluent API insists on Basic auth like the real one; the demo
            // works without asking for a key.
            if self.backend.dialect == DialectKind::ConfluentCloud {
                let (u, p) = match &creds {
                    Credentials::Basic { user, password } => (user.clone(), password.clone()),
                    _ => ("demo-key".into(), "demo-secret".into()),
                };
                req.headers
                    .push(header(crate::dialect::confluent::basic_auth(&u, &p)));
            }
            return Ok(req);
        }
        match creds {
            Credentials::None => {}
            Credentials::Bearer { token } => req.headers.push(header(format!("Bearer {token}"))),
            Credentials::Basic { user, password } => {
                req.headers
                    .push(header(crate::dialect::confluent::basic_auth(
                        &user, &password,
                    )))
            }
            Credentials::Client { .. } => {
                let token = self.renew_token(false).await?;
                req.headers.push(header(format!("Bearer {token}")));
            }
        }
        Ok(req)
    }

    async fn provided_token(&self) -> Option<String> {
        let f = self.token_provider.as_ref()?;
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
        value.as_string().filter(|t| !t.is_empty())
    }

    /// A valid Streamkap access token: the current one, a refreshed one (when it is about to
    /// expire, or `force`), or a new one from the client credentials.
    async fn renew_token(&self, force: bool) -> Result<String, ApiError> {
        let now = js_sys::Date::now();
        let current = self.token.lock().ok().and_then(|t| t.clone());
        if let Some(t) = &current {
            if !force && !t.needs_refresh(now, t.refresh_margin_ms()) {
                return Ok(t.access.clone());
            }
            if let Some(refresh) = &t.refresh {
                let resp = self.raw(streamkap::refresh_request(refresh)).await?;
                if resp.ok() {
                    if let Ok(t) = streamkap::parse_token(&resp.body, js_sys::Date::now()) {
                        let access = t.access.clone();
                        self.store_token(Some(t));
                        return Ok(access);
                    }
                }
            }
        }
        let Credentials::Client { client_id, secret } = self.credentials() else {
            return Err(self.auth_error("Sign in with your API client id and secret."));
        };
        let resp = self
            .raw(streamkap::token_request(&client_id, &secret))
            .await?;
        if !resp.ok() {
            self.store_token(None);
            return Err(self.auth_error("The client id and secret were not accepted."));
        }
        let t = streamkap::parse_token(&resp.body, js_sys::Date::now())?;
        let access = t.access.clone();
        self.store_token(Some(t));
        Ok(access)
    }

    fn store_token(&self, t: Option<streamkap::Token>) {
        if let Ok(mut slot) = self.token.lock() {
            *slot = t;
        }
    }

    fn auth_error(&self, msg: &str) -> ApiError {
        self.tell(Notice::AuthNeeded(msg.into()));
        ApiError::Http {
            status: 401,
            message: msg.into(),
            fields: vec![],
            retry_after: None,
        }
    }

    /// One request, no auth or retry logic.
    async fn raw(&self, req: HttpRequest) -> Result<HttpResponse, ApiError> {
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
        let mut sim = if self.backend.dialect == DialectKind::Streamkap {
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
            AnySim::new(DialectKind::Streamkap, Some((&sources, &destinations)))
        } else {
            AnySim::new(self.backend.dialect, None)
        };
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

/// `window.sessionStorage`, when available.
pub fn session_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok()?
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
