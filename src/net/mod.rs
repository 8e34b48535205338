//! The transport: executes [`HttpRequest`]s against a real backend with `fetch`, or against the
//! in-browser simulator. The only module that touches the network (the streamed reads of
//! [`Exchange::send_streaming`] included). It also owns credentials: it adds them to requests,
//! exchanges and refreshes client-credential tokens (with the vendor's [`TokenAuth`]), retries
//! once after a 401 with a fresh token, waits as told on 429, and retries what the vendor's
//! [`Vendor::retry`] rule says (a 409 during a rebalance, for one). It never names a vendor.

use std::sync::{Arc, Mutex};

pub mod poller;
#[cfg(any(feature = "simulators", feature = "sim-worker"))]
mod sim_client;
/// `fetch` in the list worker.
#[cfg(target_arch = "wasm32")]
pub mod worker_fetch;

use wasm_bindgen::JsCast;

use crate::auth::{basic_auth, Credentials, Token};
use crate::browser::{now_ms, session_storage, sleep, Timeout};
use crate::config::{AuthKind, BackendConfig};
use crate::http::{drain_utf8, retry_after, ApiError, HttpRequest, HttpResponse};
use crate::vendor::{Exchange, Streamed, TokenAuth, Vendor};

/// Seconds a request may take before it is abandoned.
pub const TIMEOUT_SECS: u32 = 30;
/// Longest wait honoured from `Retry-After`, in seconds.
const MAX_WAIT_SECS: u32 = 30;
/// What the timer in the race against the token provider answers with.
const TIMED_OUT: &str = "\u{0}connector-console: timed out";
/// Seconds a streamed answer may take before it is abandoned.
const STREAM_TIMEOUT_SECS: u32 = 120;
/// In the simulated backend, the pause between the events of a streamed answer (the simulator
/// answers at once; the demo shows what a live stream looks like).
#[cfg(any(feature = "simulators", feature = "sim-worker"))]
const SIMULATED_STEP_MS: u32 = 450;

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
    vendor: &'static dyn Vendor,
    /// URL of the app's directory (trailing slash), for loading demo data.
    #[cfg_attr(
        not(any(feature = "simulators", feature = "sim-worker")),
        allow(dead_code)
    )]
    asset_base: String,
    creds: Arc<Mutex<Credentials>>,
    token: Arc<Mutex<Option<Token>>>,
    renewals: Renewals,
    token_provider: Option<Arc<send_wrapper::SendWrapper<js_sys::Function>>>,
    notify: Option<Notify>,
    /// An answer the list worker got and handed over ([`Transport::hand_over`]): the request
    /// (method, path and query) and its answer.
    handed: Arc<Mutex<Option<(String, HttpResponse)>>>,
}

const CREDS_KEY: &str = "connector-console.credentials.";

impl Transport {
    /// A transport for `backend` of `vendor`; `asset_base` is the URL of the app's directory
    /// (for the simulator's demo data). Credentials remembered for this tab are picked up.
    pub fn new(backend: BackendConfig, vendor: &'static dyn Vendor, asset_base: String) -> Self {
        let remembered = session_storage()
            .and_then(|s| {
                s.get_item(&format!("{CREDS_KEY}{}", backend.id))
                    .ok()
                    .flatten()
            })
            .and_then(|text| serde_json::from_str::<Credentials>(&text).ok())
            .unwrap_or_default();
        Transport {
            vendor,
            backend,
            asset_base,
            creds: Arc::new(Mutex::new(remembered)),
            token: Arc::new(Mutex::new(None)),
            renewals: Renewals::default(),
            token_provider: None,
            notify: None,
            handed: Arc::new(Mutex::new(None)),
        }
    }

    /// Takes over an answer the list worker got for `req` and cannot act on (a sign-in, a
    /// rate limit, a retry): the next [`Transport::send`] of the same request starts from it,
    /// so it is waited out, signed in or retried as if this transport had received it — not
    /// asked again at once. [`Transport::drop_handed`] forgets it if no such request came.
    pub fn hand_over(&self, req: &HttpRequest, resp: HttpResponse) {
        if let Ok(mut h) = self.handed.lock() {
            *h = Some((handed_key(req), resp));
        }
    }

    /// Forgets an answer handed over and not used.
    pub fn drop_handed(&self) {
        if let Ok(mut h) = self.handed.lock() {
            h.take();
        }
    }

    /// The answer handed over for `req`, if any. Called on every send: nothing is formatted
    /// unless an answer is waiting.
    fn take_handed(&self, req: &HttpRequest) -> Option<HttpResponse> {
        let mut h = self.handed.lock().ok()?;
        if h.as_ref()?.0 != handed_key(req) {
            return None;
        }
        h.take().map(|(_, resp)| resp)
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

    /// The backend's vendor.
    pub fn vendor(&self) -> &'static dyn Vendor {
        self.vendor
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
        let mut rate_waits = 0u32;
        let mut retries = 0u32;
        let mut handed = self.take_handed(&req);
        loop {
            let resp = match handed.take() {
                Some(resp) => resp,
                None => {
                    let authed = self.authorize(req.clone()).await?;
                    self.raw(authed).await?
                }
            };
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
                429 if rate_waits < 2 => {
                    rate_waits += 1;
                    let secs = retry_after(&resp).unwrap_or(2).clamp(1, MAX_WAIT_SECS);
                    self.tell(Notice::Waiting(format!(
                        "The server is rate limiting requests; trying again in {secs} s as it asked."
                    )));
                    sleep(secs * 1000).await;
                    self.tell(Notice::Resumed);
                }
                status => match self.vendor.retry(status, retries + 1) {
                    Some(r) => {
                        retries += 1;
                        self.tell(Notice::Waiting(r.message));
                        sleep(r.wait_ms).await;
                        self.tell(Notice::Resumed);
                    }
                    None => return Ok(resp),
                },
            }
        }
    }

    /// Adds the credentials a request needs: the portal's token, the signed-in user's
    /// credentials, or a (refreshed) access token from client credentials. A simulated
    /// backend gets what its vendor's simulator accepts, unless the user signed in.
    pub async fn authorize(&self, mut req: HttpRequest) -> Result<HttpRequest, ApiError> {
        let header = |token: String| ("Authorization".to_string(), token);
        if self.token_provider.is_some() {
            // The portal owns auth: its token, or a clear sign-in error — never a request
            // without credentials.
            let token = self.provided_token().await?;
            req.headers.push(header(format!("Bearer {token}")));
            return Ok(req);
        }
        let mut creds = self.credentials();
        if self.backend.simulated {
            let demo = self.vendor.simulated_credentials();
            if std::mem::discriminant(&demo) != std::mem::discriminant(&creds) {
                creds = demo;
            }
        }
        match creds {
            Credentials::None => {}
            Credentials::Bearer { token } => req.headers.push(header(format!("Bearer {token}"))),
            Credentials::Basic { user, password } => {
                req.headers.push(header(basic_auth(&user, &password)))
            }
            Credentials::Client { .. } if self.backend.simulated => {}
            Credentials::Client { .. } => {
                let token = self.renew_token(false).await?;
                req.headers.push(header(format!("Bearer {token}")));
            }
        }
        Ok(req)
    }

    /// The portal's token: `token_provider(backend_id)`, awaited at most as long as a request
    /// may take. A provider that throws, rejects, answers with no token or does not answer in
    /// time is a sign-in error.
    async fn provided_token(&self) -> Result<String, ApiError> {
        let Some(f) = self.token_provider.as_ref() else {
            return Err(self.auth_error("This backend needs credentials."));
        };
        let failed = |why: String| {
            self.auth_error(&format!(
                "The portal could not provide credentials for this backend ({why})."
            ))
        };
        let secs = self.timeout_secs();
        let result = f
            .call1(
                &wasm_bindgen::JsValue::NULL,
                &self.backend.id.clone().into(),
            )
            .map_err(|e| failed(js_text(&e)))?;
        let value = match result.dyn_into::<js_sys::Promise>() {
            Ok(p) => {
                // Race the provider against a timer.
                let timer = js_sys::Promise::new(&mut |resolve, _| {
                    if let Some(w) = web_sys::window() {
                        let _ = w.set_timeout_with_callback_and_timeout_and_arguments_1(
                            &resolve,
                            (secs * 1000) as i32,
                            &wasm_bindgen::JsValue::from_str(TIMED_OUT),
                        );
                    }
                });
                let race = js_sys::Promise::race(&js_sys::Array::of2(&p, &timer));
                let v = wasm_bindgen_futures::JsFuture::from(race)
                    .await
                    .map_err(|e| failed(js_text(&e)))?;
                if v.as_string().as_deref() == Some(TIMED_OUT) {
                    return Err(failed(format!("it did not answer within {secs} seconds")));
                }
                v
            }
            Err(v) => v,
        };
        value
            .as_string()
            .filter(|t| !t.trim().is_empty())
            .ok_or_else(|| failed("it gave no token".into()))
    }

    /// A valid access token: the current one, a refreshed one (when it is about to expire, or
    /// `force`), or a new one from the client credentials.
    async fn renew_token(&self, force: bool) -> Result<String, ApiError> {
        let Some(tokens) = self.vendor.token_auth() else {
            return Err(self.auth_error(&format!(
                "{} has no client-credentials sign-in; use another kind of credentials.",
                self.vendor.label()
            )));
        };
        self.token_with(tokens, force).await
    }

    /// Single-flight: while one request renews the token, the others wait for it and use the
    /// token it got (even when they were asked to force a renewal).
    async fn token_with(&self, tokens: &dyn TokenAuth, force: bool) -> Result<String, ApiError> {
        let seen = self.renewals.generation();
        if self.renewals.busy() {
            self.renewals.wait().await;
            if self.renewals.generation() != seen {
                if let Some(t) = self.token.lock().ok().and_then(|t| t.clone()) {
                    return Ok(t.access);
                }
            }
        }
        self.renewals.begin();
        let result = self.renew_with(tokens, force).await;
        self.renewals.end();
        result
    }

    async fn renew_with(&self, tokens: &dyn TokenAuth, force: bool) -> Result<String, ApiError> {
        let now = now_ms();
        let current = self.token.lock().ok().and_then(|t| t.clone());
        if let Some(t) = &current {
            if !force && !t.needs_refresh(now, t.refresh_margin_ms()) {
                return Ok(t.access.clone());
            }
            if let Some(refresh) = &t.refresh {
                let resp = self.raw(tokens.refresh_request(refresh)).await?;
                if resp.ok() {
                    if let Ok(t) = tokens.parse_token(&resp.body, now_ms()) {
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
        let resp = self.raw(tokens.token_request(&client_id, &secret)).await?;
        if !resp.ok() {
            self.store_token(None);
            return Err(self.auth_error("The client id and secret were not accepted."));
        }
        let t = tokens.parse_token(&resp.body, now_ms())?;
        let access = t.access.clone();
        self.store_token(Some(t));
        Ok(access)
    }

    fn store_token(&self, t: Option<Token>) {
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

    #[cfg(not(any(feature = "simulators", feature = "sim-worker")))]
    async fn send_simulated(&self, _req: HttpRequest) -> Result<HttpResponse, ApiError> {
        Err(ApiError::Network(
            "this build of Connector Console has no simulators".into(),
        ))
    }

    /// In the simulators' host: the `sim-worker` Web Worker in the shipped build, the page
    /// in builds with the `simulators` feature (see `sim_client`).
    #[cfg(any(feature = "simulators", feature = "sim-worker"))]
    async fn send_simulated(&self, req: HttpRequest) -> Result<HttpResponse, ApiError> {
        // Some latency, so the UI's in-flight states are real and visible.
        sleep(120 + (js_sys::Math::random() * 180.0) as u32).await;
        sim_client::send(&self.backend.id, self.vendor, &self.asset_base, req).await
    }

    async fn send_fetch(&self, req: HttpRequest) -> Result<HttpResponse, ApiError> {
        let secs = self.timeout_secs();
        let pending = self.start_fetch(&req, "application/json", secs).await?;
        let mut body = String::new();
        pending
            .read(&mut |chunk| {
                body.push_str(chunk);
                true
            })
            .await?;
        Ok(HttpResponse {
            status: pending.status,
            headers: pending.headers.clone(),
            body,
        })
    }

    /// How long a request (its whole answer included) may take, in seconds.
    fn timeout_secs(&self) -> u32 {
        self.backend.timeout_secs.unwrap_or(TIMEOUT_SECS)
    }

    /// Starts a request: sends it and waits for the status and headers; the body is read with
    /// [`Fetched::read`], under the same timer.
    async fn start_fetch(
        &self,
        req: &HttpRequest,
        accept: &str,
        secs: u32,
    ) -> Result<Fetched, ApiError> {
        let base = self.backend.base_url.clone().unwrap_or_default();
        let url = format!("{base}{}", req.path_and_query());
        let (init, controller) = request_init(req, accept, &[])?;
        // A task dropped while waiting (its page went away) aborts the request.
        let guard = AbortOnDrop(Some(controller.clone()));
        let request = web_sys::Request::new_with_str_and_init(&url, &init).map_err(js_error)?;
        let window = web_sys::window().ok_or_else(|| ApiError::Network("no window".into()))?;
        let timed_out = std::rc::Rc::new(std::cell::Cell::new(false));
        let timer = {
            let (c, flag) = (controller.clone(), timed_out.clone());
            Timeout::new(secs * 1000, move || {
                flag.set(true);
                c.abort();
            })
        };
        let answer =
            wasm_bindgen_futures::JsFuture::from(window.fetch_with_request(&request)).await;
        let resp: web_sys::Response = match answer {
            Ok(r) => r.dyn_into().map_err(js_error)?,
            Err(_) if timed_out.get() => return Err(ApiError::Timeout(secs)),
            Err(e) => return Err(ApiError::Network(network_message(&js_text(&e)))),
        };
        let headers = header_pairs(&resp.headers());
        guard.disarm();
        Ok(Fetched {
            status: resp.status(),
            headers,
            resp,
            controller,
            timed_out,
            secs,
            _timer: timer,
        })
    }

    /// Sends a request whose answer is read as it arrives (see [`Exchange::send_streaming`]).
    ///
    /// Against a real server the body is read with `fetch` and its reader, with the same
    /// credentials [`Transport::send`] adds; a 401 or 429 answer goes through
    /// [`Transport::send`] instead (which signs in or waits) and comes back whole, as does any
    /// answer that is not an event stream. The simulator answers at once: its event streams
    /// are handed over event by event with a short pause, so the demo looks live.
    pub async fn send_streaming(
        &self,
        req: HttpRequest,
        on_chunk: &mut (dyn for<'c> FnMut(&'c str) -> bool + '_),
    ) -> Result<Streamed, ApiError> {
        if self.backend.simulated {
            return self.stream_simulated(req, on_chunk).await;
        }
        let authed = self.authorize(req.clone()).await?;
        let pending = self
            .start_fetch(&authed, "text/event-stream", STREAM_TIMEOUT_SECS)
            .await?;
        let ctype = pending
            .headers
            .iter()
            .find(|(k, _)| k == "content-type")
            .map(|(_, v)| v.clone())
            .unwrap_or_default();
        let streaming = (200..300).contains(&pending.status) && ctype.contains("event-stream");
        if !streaming {
            if pending.status == 401 || pending.status == 429 {
                // Sign-in and waiting live in `send`.
                pending.controller.abort();
                return Ok(Streamed::Whole(self.send(req).await?));
            }
            let mut body = String::new();
            pending
                .read(&mut |chunk| {
                    body.push_str(chunk);
                    true
                })
                .await?;
            return Ok(Streamed::Whole(HttpResponse {
                status: pending.status,
                headers: pending.headers.clone(),
                body,
            }));
        }
        pending.read_stream(on_chunk).await?;
        Ok(Streamed::Chunks)
    }

    #[cfg(not(any(feature = "simulators", feature = "sim-worker")))]
    async fn stream_simulated(
        &self,
        req: HttpRequest,
        _on_chunk: &mut (dyn for<'c> FnMut(&'c str) -> bool + '_),
    ) -> Result<Streamed, ApiError> {
        Ok(Streamed::Whole(self.send(req).await?))
    }

    #[cfg(any(feature = "simulators", feature = "sim-worker"))]
    async fn stream_simulated(
        &self,
        req: HttpRequest,
        on_chunk: &mut (dyn for<'c> FnMut(&'c str) -> bool + '_),
    ) -> Result<Streamed, ApiError> {
        let resp = self.send(req).await?;
        let stream = resp.ok()
            && resp
                .header("content-type")
                .is_some_and(|c| c.contains("event-stream"));
        if !stream {
            return Ok(Streamed::Whole(resp));
        }
        for (i, event) in resp.body.split_inclusive("\n\n").enumerate() {
            if i > 0 {
                sleep(SIMULATED_STEP_MS).await;
            }
            if !on_chunk(event) {
                break;
            }
        }
        Ok(Streamed::Chunks)
    }
}

#[async_trait::async_trait(?Send)]
impl Exchange for Transport {
    async fn send(&self, req: HttpRequest) -> Result<HttpResponse, ApiError> {
        Transport::send(self, req).await
    }

    async fn send_streaming(
        &self,
        req: HttpRequest,
        on_chunk: &mut (dyn for<'c> FnMut(&'c str) -> bool + '_),
    ) -> Result<Streamed, ApiError> {
        Transport::send_streaming(self, req, on_chunk).await
    }
}

/// Most bytes of an answer read (a streamed answer: most bytes of one event, which the
/// vendor's reader enforces, and of the whole stream this much times 8).
pub const MAX_RESPONSE_BYTES: usize = 16 << 20;

/// An answer whose status and headers have arrived; its body is read under the request's
/// timer, which aborts the read when time is up.
struct Fetched {
    status: u16,
    headers: Vec<(String, String)>,
    resp: web_sys::Response,
    controller: web_sys::AbortController,
    timed_out: std::rc::Rc<std::cell::Cell<bool>>,
    secs: u32,
    _timer: Timeout,
}

/// Aborts a request when the task waiting for it is dropped, unless disarmed first.
struct AbortOnDrop(Option<web_sys::AbortController>);

impl AbortOnDrop {
    fn disarm(mut self) {
        self.0 = None;
    }
}

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        if let Some(c) = self.0.take() {
            c.abort();
        }
    }
}

impl Drop for Fetched {
    /// A body not read to the end (the task reading it was dropped, or it stopped early) is
    /// not downloaded further. After a complete read this does nothing.
    fn drop(&mut self) {
        self.controller.abort();
    }
}

impl Fetched {
    /// Reads the whole body (at most [`MAX_RESPONSE_BYTES`]), handing each decoded chunk to
    /// `on_chunk`.
    async fn read(&self, on_chunk: &mut dyn FnMut(&str) -> bool) -> Result<(), ApiError> {
        self.read_capped(MAX_RESPONSE_BYTES, on_chunk).await
    }

    /// Reads a streamed body, chunk by chunk, until it ends or `on_chunk` says stop.
    async fn read_stream(&self, on_chunk: &mut dyn FnMut(&str) -> bool) -> Result<(), ApiError> {
        self.read_capped(MAX_RESPONSE_BYTES * 8, on_chunk).await
    }

    async fn read_capped(
        &self,
        cap: usize,
        on_chunk: &mut dyn FnMut(&str) -> bool,
    ) -> Result<(), ApiError> {
        let declared = self
            .headers
            .iter()
            .find(|(k, _)| k == "content-length")
            .and_then(|(_, v)| v.trim().parse::<u64>().ok());
        if declared.is_some_and(|n| n > cap as u64) {
            self.controller.abort();
            return Err(ApiError::TooLarge(cap as u64));
        }
        let body = js_sys::Reflect::get(&self.resp, &"body".into()).unwrap_or_default();
        if body.is_null() || body.is_undefined() {
            return Ok(());
        }
        let fail = |e: wasm_bindgen::JsValue| {
            if self.timed_out.get() {
                ApiError::Timeout(self.secs)
            } else {
                ApiError::Network(network_message(&js_text(&e)))
            }
        };
        let get_reader: js_sys::Function = js_sys::Reflect::get(&body, &"getReader".into())
            .map_err(js_error)?
            .dyn_into()
            .map_err(js_error)?;
        let reader = get_reader.call0(&body).map_err(js_error)?;
        let read: js_sys::Function = js_sys::Reflect::get(&reader, &"read".into())
            .map_err(js_error)?
            .dyn_into()
            .map_err(js_error)?;
        let (mut bytes, mut total) = (Vec::<u8>::new(), 0usize);
        loop {
            let promise: js_sys::Promise = read
                .call0(&reader)
                .map_err(js_error)?
                .dyn_into()
                .map_err(js_error)?;
            let chunk = wasm_bindgen_futures::JsFuture::from(promise)
                .await
                .map_err(fail)?;
            let done = js_sys::Reflect::get(&chunk, &"done".into())
                .ok()
                .and_then(|d| d.as_bool())
                .unwrap_or(true);
            if done {
                break;
            }
            if let Ok(value) = js_sys::Reflect::get(&chunk, &"value".into()) {
                let part = js_sys::Uint8Array::new(&value);
                total += part.length() as usize;
                if total > cap {
                    self.controller.abort();
                    return Err(ApiError::TooLarge(cap as u64));
                }
                bytes.extend(part.to_vec());
            }
            let mut text = String::new();
            drain_utf8(&mut bytes, &mut text);
            if !text.is_empty() && !on_chunk(&text) {
                self.controller.abort();
                return Ok(());
            }
        }
        let mut text = String::new();
        drain_utf8(&mut bytes, &mut text);
        if !bytes.is_empty() {
            // A truncated character at the very end.
            text.push('\u{FFFD}');
        }
        if !text.is_empty() {
            on_chunk(&text);
        }
        Ok(())
    }
}

/// What identifies a request handed over: its method, path and query.
fn handed_key(req: &HttpRequest) -> String {
    format!("{} {}", req.method.as_str(), req.path_and_query())
}

/// What `fetch` needs for `req`: its method, `Accept`, `headers` and then the request's own,
/// its JSON body, and the signal of the controller returned (which aborts it).
pub(crate) fn request_init(
    req: &HttpRequest,
    accept: &str,
    headers: &[(String, String)],
) -> Result<(web_sys::RequestInit, web_sys::AbortController), ApiError> {
    let h = web_sys::Headers::new().map_err(js_error)?;
    h.set("Accept", accept).map_err(js_error)?;
    for (k, v) in headers.iter().chain(&req.headers) {
        h.set(k, v).map_err(js_error)?;
    }
    let init = web_sys::RequestInit::new();
    init.set_method(req.method.as_str());
    if let Some(body) = &req.body {
        h.set("Content-Type", "application/json")
            .map_err(js_error)?;
        init.set_body(&wasm_bindgen::JsValue::from_str(&body.to_string()));
    }
    init.set_headers(&h);
    let controller = web_sys::AbortController::new().map_err(js_error)?;
    init.set_signal(Some(&controller.signal()));
    Ok((init, controller))
}

/// A Web Worker's `error` handler: `on` gets the exception's message (an `ErrorEvent`), or ""
/// when the worker's script did not load (a plain `Event`).
#[cfg(any(feature = "sim-worker", feature = "poll-worker"))]
pub(crate) fn worker_error_handler(
    on: impl Fn(&str) + 'static,
) -> wasm_bindgen::closure::Closure<dyn FnMut(web_sys::Event)> {
    wasm_bindgen::closure::Closure::new(move |e: web_sys::Event| {
        e.prevent_default();
        let what = e
            .dyn_ref::<web_sys::ErrorEvent>()
            .map(|e| e.message())
            .unwrap_or_default();
        on(&what);
    })
}

/// The (lowercase) headers of an answer.
pub(crate) fn header_pairs(h: &web_sys::Headers) -> Vec<(String, String)> {
    let mut out = Vec::new();
    if let Ok(Some(iter)) = js_sys::try_iter(h) {
        for entry in iter.flatten() {
            let pair = js_sys::Array::from(&entry);
            if let (Some(k), Some(v)) = (pair.get(0).as_string(), pair.get(1).as_string()) {
                out.push((k.to_ascii_lowercase(), v));
            }
        }
    }
    out
}

/// The text of a JavaScript error.
pub(crate) fn js_text(e: &wasm_bindgen::JsValue) -> String {
    e.as_string()
        .or_else(|| {
            js_sys::Reflect::get(e, &"message".into())
                .ok()
                .and_then(|m| m.as_string())
        })
        .unwrap_or_else(|| "the request failed".into())
}

pub(crate) fn js_error(e: wasm_bindgen::JsValue) -> ApiError {
    ApiError::Network(js_text(&e))
}

/// The token renewal under way, if any, and who waits for it (single-flight renewal).
#[derive(Clone, Default)]
struct Renewals {
    state: Arc<Mutex<RenewalState>>,
}

#[derive(Default)]
struct RenewalState {
    busy: bool,
    generation: u64,
    waiters: Vec<send_wrapper::SendWrapper<js_sys::Function>>,
}

impl Renewals {
    fn busy(&self) -> bool {
        self.state.lock().map(|s| s.busy).unwrap_or(false)
    }

    fn generation(&self) -> u64 {
        self.state.lock().map(|s| s.generation).unwrap_or(0)
    }

    fn begin(&self) {
        if let Ok(mut s) = self.state.lock() {
            s.busy = true;
        }
    }

    /// Ends a renewal and wakes everyone who waited for it.
    fn end(&self) {
        let waiters = match self.state.lock() {
            Ok(mut s) => {
                s.busy = false;
                s.generation += 1;
                std::mem::take(&mut s.waiters)
            }
            Err(_) => Vec::new(),
        };
        for w in waiters {
            let _ = w.call0(&wasm_bindgen::JsValue::NULL);
        }
    }

    /// Resolves when the renewal under way ends.
    async fn wait(&self) {
        let promise = js_sys::Promise::new(&mut |resolve, _| {
            if let Ok(mut s) = self.state.lock() {
                s.waiters.push(send_wrapper::SendWrapper::new(resolve));
            }
        });
        let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    }
}

/// Why a static file (`config.json`, demo data) could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FileError {
    /// The server answered with this status.
    Status(u16),
    /// No answer, or an unreadable one.
    Failed(String),
}

/// Reads a static file beside the app (`config.json`, demo data) as text.
pub async fn get_file(url: &str) -> Result<String, FileError> {
    let resp = gloo_net::http::Request::get(url)
        .send()
        .await
        .map_err(|e| FileError::Failed(e.to_string()))?;
    if !resp.ok() {
        return Err(FileError::Status(resp.status()));
    }
    resp.text()
        .await
        .map_err(|e| FileError::Failed(e.to_string()))
}

/// Reads a file the page's loader (`boot.js`) may already be fetching: the document a URL's
/// `?schema=` links is fetched while the wasm downloads, and left in `window.__ccFirstFile`
/// (`{url, file}`) for the first reader of that same `url`. Any other URL, a second read, or an
/// embedding with no loader: fetched as by [`get_file`].
pub async fn get_linked_file(url: &str) -> Result<String, FileError> {
    match take_prefetched(url) {
        Some(p) => file_from_loader(p).await,
        None => get_file(url).await,
    }
}

fn take_prefetched(url: &str) -> Option<js_sys::Promise> {
    use wasm_bindgen::JsCast;
    let w = web_sys::window()?;
    let key = wasm_bindgen::JsValue::from_str("__ccFirstFile");
    let first = js_sys::Reflect::get(&w, &key).ok()?;
    let same = js_sys::Reflect::get(&first, &"url".into())
        .ok()
        .and_then(|u| u.as_string())
        .is_some_and(|u| u == url);
    if !same {
        return None;
    }
    let _ = js_sys::Reflect::delete_property(&w, &key);
    js_sys::Reflect::get(&first, &"file".into())
        .ok()?
        .dyn_into()
        .ok()
}

/// What the loader's fetch of a file gave: a promise of `{text}`, `{status}` or `{error}`.
pub async fn file_from_loader(p: js_sys::Promise) -> Result<String, FileError> {
    let got = wasm_bindgen_futures::JsFuture::from(p).await;
    let field = |v: &wasm_bindgen::JsValue, k: &str| js_sys::Reflect::get(v, &k.into()).ok();
    match got {
        Ok(v) => match (field(&v, "text"), field(&v, "status")) {
            (Some(t), _) if t.is_string() => Ok(t.as_string().unwrap_or_default()),
            (_, Some(s)) if s.as_f64().is_some() => {
                Err(FileError::Status(s.as_f64().unwrap_or_default() as u16))
            }
            _ => Err(FileError::Failed(
                field(&v, "error")
                    .and_then(|e| e.as_string())
                    .unwrap_or_else(|| "no answer".into()),
            )),
        },
        Err(e) => Err(FileError::Failed(
            e.as_string().unwrap_or_else(|| "no answer".into()),
        )),
    }
}

/// What a failed fetch means to a user; browsers say little (CORS and offline look alike).
pub(crate) fn network_message(raw: &str) -> String {
    let offline = web_sys::window()
        .map(|w| !w.navigator().on_line())
        .unwrap_or(false);
    if offline {
        "your browser is offline.".into()
    } else {
        format!("no answer from the server ({raw}). Check the address, your connection, and that the server allows this origin (CORS).")
    }
}

#[cfg(any(feature = "simulators", feature = "sim-worker"))]
const SIM_KEY: &str = "connector-console.sim.";

/// The texts of the vendor's demo data for its simulator, fetched from beside the app.
#[cfg(any(feature = "simulators", feature = "sim-worker"))]
async fn sim_assets(vendor: &dyn Vendor, asset_base: &str) -> Result<Vec<String>, ApiError> {
    let mut assets = Vec::new();
    for name in vendor.sim_assets() {
        let text = get_file(&format!("{asset_base}{name}"))
            .await
            .map_err(|e| {
                ApiError::Network(match e {
                    FileError::Status(s) => format!("demo data {name} answered {s}"),
                    FileError::Failed(e) => format!("demo data {name}: {e}"),
                })
            })?;
        assets.push(text);
    }
    Ok(assets)
}

/// Saves the simulator's (secret-free) state so a demo survives reloads.
#[cfg(any(feature = "simulators", feature = "sim-worker"))]
fn save_sim_state(backend_id: &str, state: &serde_json::Value) {
    crate::browser::write_json(&format!("{SIM_KEY}{backend_id}"), state);
}

#[cfg(any(feature = "simulators", feature = "sim-worker"))]
fn load_sim_state(backend_id: &str) -> Option<serde_json::Value> {
    crate::browser::read_json(&format!("{SIM_KEY}{backend_id}"))
}
