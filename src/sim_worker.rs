//! The simulated backend as a separate module: the messages between the page and the
//! `sim-worker` Web Worker (`src/bin/sim-worker.rs`), and [`SimHost`], the pure part of the
//! worker that answers them.
//!
//! The shipped app does not carry the simulators: its wasm speaks to this worker, which is
//! loaded the first time a simulated backend is used (`net::sim_client`). Messages are JSON
//! text, so both sides are plain serde and the host is tested natively. A build of the app
//! with the `simulators` feature runs a [`SimHost`] in the page instead, with the same messages.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::http::{HttpRequest, HttpResponse};

/// A message from the page to the worker.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ToWorker {
    /// Create the simulator of `backend` (a `config.json` backend id) unless it exists.
    Open {
        /// Reply id.
        id: u32,
        /// The backend id; requests name it.
        backend: String,
        /// The vendor's `config.json` name (`streamkap`, …).
        vendor: String,
        /// The texts of the vendor's `sim_assets`, in order.
        assets: Vec<String>,
        /// State saved by an earlier page; without it the demo is seeded.
        state: Option<Value>,
        /// The current time.
        now_ms: f64,
    },
    /// Answer a request to an opened backend.
    Request {
        /// Reply id.
        id: u32,
        /// The backend id.
        backend: String,
        /// The request.
        request: HttpRequest,
        /// The current time.
        now_ms: f64,
    },
}

/// A message from the worker to the page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FromWorker {
    /// The worker is listening (sent once, after its module has started).
    Ready,
    /// The worker could not start (its module failed to load).
    Failed {
        /// What went wrong.
        error: String,
    },
    /// The answer to message `id`.
    Reply {
        /// The id of the message answered.
        id: u32,
        /// The response, for a request (none for an open).
        response: Option<HttpResponse>,
        /// Why the message could not be answered.
        error: Option<String>,
        /// The simulator's new (secret-free) state, when it may have changed: the page saves
        /// it so the demo survives a reload.
        state: Option<Value>,
    },
}

impl FromWorker {
    /// A reply carrying only an error.
    pub fn error(id: u32, error: impl Into<String>) -> Self {
        FromWorker::Reply {
            id,
            response: None,
            error: Some(error.into()),
            state: None,
        }
    }
}

/// The simulators of one worker, one per backend id.
#[cfg(feature = "simulators")]
pub struct SimHost {
    sims: Vec<(String, Box<dyn crate::vendor::Simulator>)>,
}

#[cfg(feature = "simulators")]
impl Default for SimHost {
    fn default() -> Self {
        SimHost::new()
    }
}

#[cfg(feature = "simulators")]
impl SimHost {
    /// A host with no simulators yet.
    pub fn new() -> Self {
        SimHost { sims: Vec::new() }
    }

    /// True when the simulator of `backend` has been opened.
    pub fn is_open(&self, backend: &str) -> bool {
        self.sims.iter().any(|(b, _)| b == backend)
    }

    /// Answers one message (JSON text of a [`ToWorker`]) with the JSON text of a [`FromWorker`].
    pub fn handle_text(&mut self, text: &str) -> String {
        let reply = match serde_json::from_str::<ToWorker>(text) {
            Ok(msg) => self.handle(msg),
            Err(e) => {
                // Keep the id when there is one, so the page's request does not hang.
                let id = serde_json::from_str::<Value>(text)
                    .ok()
                    .and_then(|v| v.get("id").and_then(Value::as_u64))
                    .unwrap_or(0) as u32;
                FromWorker::error(id, format!("the simulator could not read a message: {e}"))
            }
        };
        serde_json::to_string(&reply).unwrap_or_default()
    }

    /// Answers one message.
    pub fn handle(&mut self, msg: ToWorker) -> FromWorker {
        match msg {
            ToWorker::Open {
                id,
                backend,
                vendor,
                assets,
                state,
                now_ms,
            } => {
                if self.is_open(&backend) {
                    return FromWorker::Reply {
                        id,
                        response: None,
                        error: None,
                        state: None,
                    };
                }
                let Some(v) = crate::vendors::find(&vendor) else {
                    return FromWorker::error(id, format!("the simulator has no “{vendor}” API"));
                };
                let mut sim = v.simulator(&assets);
                let seeded = match state {
                    Some(state) => {
                        sim.import_state(&state);
                        None
                    }
                    None => {
                        sim.seed_demo(now_ms);
                        Some(sim.export_state())
                    }
                };
                self.sims.push((backend, sim));
                FromWorker::Reply {
                    id,
                    response: None,
                    error: None,
                    state: seeded,
                }
            }
            ToWorker::Request {
                id,
                backend,
                request,
                now_ms,
            } => {
                let Some((_, sim)) = self.sims.iter_mut().find(|(b, _)| *b == backend) else {
                    return FromWorker::error(
                        id,
                        format!("the simulated backend “{backend}” was not opened"),
                    );
                };
                let response = sim.handle(&request, now_ms);
                let state =
                    (request.method != crate::http::Method::Get).then(|| sim.export_state());
                FromWorker::Reply {
                    id,
                    response: Some(response),
                    error: None,
                    state,
                }
            }
        }
    }
}
