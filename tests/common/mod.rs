//! Helpers shared by the native test files: fixtures (ours and the shared public ones), response
//! values, and an [`Exchange`] over a simulator so vendors' verbs run natively.
#![allow(dead_code)]

use std::cell::{Cell, RefCell};
use std::path::PathBuf;

use async_trait::async_trait;
use connector_console::config::{AuthKind, BackendConfig};
use connector_console::http::{ApiError, HttpRequest, HttpResponse};
use connector_console::model::catalog::{Catalog, ConnectorKind, ConnectorType};
use connector_console::vendor::{Exchange, Simulator, Streamed};
use connector_console::vendors::streamkap::wire::parse_catalog;

/// Reads a file under `tests/fixtures/`.
pub fn fixture(path: &str) -> String {
    let full = format!("{}/tests/fixtures/{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{full}: {e}"))
}

/// Reads a data file of a vendor's folder (`src/vendors/<vendor>/data/<name>`).
pub fn vendor_data(vendor: &str, name: &str) -> String {
    let full = format!(
        "{}/src/vendors/{vendor}/data/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{full}: {e}"))
}

/// The directory of the shared public fixtures (`CONNECTOR_CONSOLE_SHARED_FIXTURES`) joined
/// with `sub`, or `None` (and a line saying what is skipped) when it is not set.
pub fn shared_dir(sub: &str) -> Option<PathBuf> {
    match std::env::var("CONNECTOR_CONSOLE_SHARED_FIXTURES") {
        Ok(d) => Some(PathBuf::from(d).join(sub)),
        Err(_) => {
            eprintln!("CONNECTOR_CONSOLE_SHARED_FIXTURES is not set: skipping {sub}");
            None
        }
    }
}

/// Reads one shared public fixture, or `None` when they are not available.
pub fn shared(path: &str) -> Option<String> {
    let full = shared_dir(path)?;
    Some(std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{}: {e}", full.display())))
}

/// A real (not simulated) backend of `dialect` at `base_url`, signing in with `auth`.
pub fn backend_config(dialect: &str, base_url: &str, auth: AuthKind) -> BackendConfig {
    BackendConfig {
        id: "b".into(),
        label: dialect.into(),
        dialect: dialect.into(),
        simulated: false,
        base_url: Some(base_url.into()),
        auth,
        options: Default::default(),
        user_added: false,
        timeout_secs: None,
    }
}

/// A response with a status and a body.
pub fn resp(status: u16, body: &str) -> HttpResponse {
    HttpResponse {
        status,
        headers: vec![],
        body: body.to_string(),
    }
}

/// Parses one of our own catalog fixtures.
pub fn catalog(path: &str, kind: ConnectorKind) -> Catalog {
    parse_catalog(kind, &fixture(path)).expect("catalog parses")
}

/// The named connector type from the object-shape fixture.
pub fn postgres() -> ConnectorType {
    catalog("streamkap/catalog-object-shape.json", ConnectorKind::Source)
        .types
        .into_iter()
        .find(|t| t.id == "postgresql")
        .expect("postgresql in fixture")
}

/// The webhook connector type from the object-shape fixture.
pub fn webhook() -> ConnectorType {
    catalog("streamkap/catalog-object-shape.json", ConnectorKind::Source)
        .types
        .into_iter()
        .find(|t| t.id == "webhook")
        .expect("webhook in fixture")
}

/// A vendor's simulator as the door to the network: the vendors' verbs run against it
/// natively, with the clock in the test's hands and every request kept.
pub struct SimExchange {
    /// The simulator.
    pub sim: RefCell<Box<dyn Simulator>>,
    /// The current time, in ms.
    pub now: Cell<f64>,
    /// Headers added to every request (credentials).
    pub headers: Vec<(String, String)>,
    /// Every request sent, in order.
    pub sent: RefCell<Vec<HttpRequest>>,
    /// Paths (prefixes) answered with this status instead of reaching the simulator.
    pub failing: RefCell<Vec<(String, u16)>>,
}

impl SimExchange {
    /// An exchange over `sim` at time 0.
    pub fn new(sim: Box<dyn Simulator>) -> Self {
        SimExchange {
            sim: RefCell::new(sim),
            now: Cell::new(0.0),
            headers: Vec::new(),
            sent: RefCell::new(Vec::new()),
            failing: RefCell::new(Vec::new()),
        }
    }

    /// Moves the clock forward.
    pub fn advance(&self, ms: f64) {
        self.now.set(self.now.get() + ms);
    }
}

#[async_trait(?Send)]
impl Exchange for SimExchange {
    async fn send(&self, mut req: HttpRequest) -> Result<HttpResponse, ApiError> {
        req.headers.extend(self.headers.iter().cloned());
        self.sent.borrow_mut().push(req.clone());
        if let Some((_, status)) = self
            .failing
            .borrow()
            .iter()
            .find(|(p, _)| req.path.starts_with(p.as_str()))
        {
            return Ok(HttpResponse::json(
                *status,
                &serde_json::json!({"detail": "injected failure"}),
            ));
        }
        Ok(self.sim.borrow_mut().handle(&req, self.now.get()))
    }

    async fn send_streaming(
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
        // Byte by byte: the reader must not depend on where chunks end.
        let mut buf = [0u8; 4];
        for c in resp.body.chars() {
            if !on_chunk(c.encode_utf8(&mut buf)) {
                break;
            }
        }
        Ok(Streamed::Chunks)
    }
}

/// Runs a future that never waits on anything outside the test (a [`SimExchange`]'s).
pub fn block_on<F: std::future::Future>(f: F) -> F::Output {
    let mut f = std::pin::pin!(f);
    let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
    loop {
        if let std::task::Poll::Ready(v) = f.as_mut().poll(&mut cx) {
            return v;
        }
    }
}
