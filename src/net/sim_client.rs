//! The page's side of the simulated backends: opens each backend's simulator (with the
//! vendor's demo data and the state saved by an earlier page), turns requests into
//! [`ToWorker`] messages and replies back into responses, and saves the state replies carry.
//! The simulators answer in a [`SimHost`](crate::sim_worker::SimHost): in the `sim-worker` Web
//! Worker in the shipped build ([`worker`]), or in the page when it is built with the
//! `simulators` feature (the browser tests). One host serves every instance on the page, so
//! instances that point at the same simulated backend see the same "server".

use crate::http::{ApiError, HttpRequest, HttpResponse};
use crate::sim_worker::{FromWorker, ToWorker};
use crate::vendor::Vendor;

#[cfg(not(feature = "simulators"))]
use worker::Conn;

#[cfg(feature = "simulators")]
use in_page::Conn;

type Answer = Result<FromWorker, String>;

/// The simulators in the `sim-worker` Web Worker, started the first time a simulated backend
/// is used. A worker that cannot start (its files missing, a strict policy refusing it) or that
/// dies fails the requests waiting on it with a message saying so; the next request starts a
/// new one, which restores the saved state.
#[cfg(not(feature = "simulators"))]
mod worker {
    use std::cell::{Cell, RefCell};
    use std::collections::HashMap;
    use std::rc::Rc;

    use futures::channel::oneshot;
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;

    use super::Answer;
    use crate::sim_worker::{FromWorker, ToWorker};

    /// The worker's entry point, beside the app (written by `scripts/post-build.mjs`).
    pub const WORKER_FILE: &str = "sim-worker_loader.js";

    struct Client {
        worker: web_sys::Worker,
        ready: Cell<bool>,
        /// Failed and forgotten: a request still holding it must not wait on it.
        dead: Cell<bool>,
        /// Messages posted before the worker said it was ready.
        queue: RefCell<Vec<String>>,
        pending: RefCell<HashMap<u32, oneshot::Sender<Answer>>>,
        next_id: Cell<u32>,
        /// Backends whose open message has been posted (messages are handled in order).
        opened: RefCell<Vec<String>>,
        _on_message: Closure<dyn FnMut(web_sys::MessageEvent)>,
        _on_error: Closure<dyn FnMut(web_sys::Event)>,
        /// Gives up when the worker has not said it is ready in time (dropped when it has).
        start_timer: RefCell<Option<crate::browser::Timeout>>,
    }

    /// Seconds a worker may take to load and start before its requests fail.
    const START_TIMEOUT_SECS: u32 = 30;

    /// Seconds a started worker may take to answer a request. A simulator answers at once (it
    /// has no network to wait on), so one that does not is stuck: its requests fail saying so,
    /// and the next request starts a new worker (which restores the saved state).
    const ANSWER_TIMEOUT_SECS: u32 = 15;

    thread_local! {
        static CLIENT: RefCell<Option<Rc<Client>>> = const { RefCell::new(None) };
    }

    impl Client {
        fn post(&self, msg: &ToWorker) {
            let text = serde_json::to_string(msg).unwrap_or_default();
            if self.ready.get() {
                let _ = self.worker.post_message(&JsValue::from_str(&text));
            } else {
                self.queue.borrow_mut().push(text);
            }
        }

        fn id(&self) -> u32 {
            let id = self.next_id.get().wrapping_add(1).max(1);
            self.next_id.set(id);
            id
        }

        /// Posts `msg` (built with a fresh id) and waits for its reply.
        async fn ask(self: &Rc<Self>, msg: impl FnOnce(u32) -> ToWorker) -> Answer {
            if self.dead.get() {
                return Err("the simulated backend stopped; try again".into());
            }
            let id = self.id();
            let (tx, rx) = oneshot::channel();
            self.pending.borrow_mut().insert(id, tx);
            // A worker still starting has its own deadline (`START_TIMEOUT_SECS`) first.
            let secs = ANSWER_TIMEOUT_SECS
                + if self.ready.get() {
                    0
                } else {
                    START_TIMEOUT_SECS
                };
            self.post(&msg(id));
            let deadline = Box::pin(crate::browser::sleep(secs * 1000));
            match futures::future::select(rx, deadline).await {
                futures::future::Either::Left((answer, _)) => {
                    answer.unwrap_or_else(|_| Err("the simulated backend stopped answering".into()))
                }
                futures::future::Either::Right(_) => {
                    let why = format!(
                        "the simulated backend did not answer in {secs} s (it was restarted: try again)"
                    );
                    // Only if it is still this page's worker (not one started since).
                    if CLIENT.with_borrow(|c| c.as_ref().is_some_and(|c| Rc::ptr_eq(c, self))) {
                        fail_all(&why);
                    }
                    Err(why)
                }
            }
        }
    }

    /// Fails everything waiting and forgets the worker, so the next request starts a new one.
    fn fail_all(why: &str) {
        let Some(client) = CLIENT.with_borrow_mut(Option::take) else {
            return;
        };
        client.worker.terminate();
        client.dead.set(true);
        let pending: Vec<_> = client.pending.borrow_mut().drain().collect();
        for (_, tx) in pending {
            let _ = tx.send(Err(why.to_string()));
        }
        // This runs inside one of the client's own callbacks: drop it (and them) afterwards.
        wasm_bindgen_futures::spawn_local(async move { drop(client) });
    }

    fn start(asset_base: &str) -> Result<Rc<Client>, String> {
        let url = format!("{asset_base}{WORKER_FILE}");
        let worker = web_sys::Worker::new(&url).map_err(|e| {
            format!(
                "the simulated backend could not start ({url}: {})",
                e.as_string()
                    .or_else(|| e
                        .dyn_ref::<js_sys::Error>()
                        .map(|e| String::from(e.message())))
                    .unwrap_or_else(|| "refused".into())
            )
        })?;
        let on_message =
            Closure::<dyn FnMut(web_sys::MessageEvent)>::new(|e: web_sys::MessageEvent| {
                let Some(text) = e.data().as_string() else {
                    return;
                };
                match serde_json::from_str::<FromWorker>(&text) {
                    Ok(FromWorker::Ready) => {
                        let Some(client) = CLIENT.with_borrow(Clone::clone) else {
                            return;
                        };
                        client.ready.set(true);
                        client.start_timer.borrow_mut().take();
                        let queued: Vec<String> = client.queue.borrow_mut().drain(..).collect();
                        for text in queued {
                            let _ = client.worker.post_message(&JsValue::from_str(&text));
                        }
                    }
                    Ok(FromWorker::Failed { error }) => {
                        fail_all(&format!("the simulated backend could not start: {error}"))
                    }
                    Ok(reply @ FromWorker::Reply { .. }) => {
                        let FromWorker::Reply { id, .. } = &reply else {
                            return;
                        };
                        let tx = CLIENT
                            .with_borrow(Clone::clone)
                            .and_then(|c| c.pending.borrow_mut().remove(id));
                        if let Some(tx) = tx {
                            let _ = tx.send(Ok(reply));
                        }
                    }
                    Err(e) => fail_all(&format!("the simulated backend answered nonsense: {e}")),
                }
            });
        let on_error = crate::net::worker_error_handler(|what| {
            fail_all(&if what.is_empty() {
                "the simulated backend could not start (its script did not load)".to_string()
            } else {
                format!("the simulated backend failed: {what}")
            });
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        let start_timer = crate::browser::Timeout::new(START_TIMEOUT_SECS * 1000, || {
            fail_all("the simulated backend did not start in time")
        });
        Ok(Rc::new(Client {
            worker,
            ready: Cell::new(false),
            dead: Cell::new(false),
            queue: RefCell::new(Vec::new()),
            pending: RefCell::new(HashMap::new()),
            next_id: Cell::new(0),
            opened: RefCell::new(Vec::new()),
            _on_message: on_message,
            _on_error: on_error,
            start_timer: RefCell::new(Some(start_timer)),
        }))
    }

    fn client(asset_base: &str) -> Result<Rc<Client>, String> {
        if let Some(c) = CLIENT.with_borrow(Clone::clone) {
            return Ok(c);
        }
        let c = start(asset_base)?;
        CLIENT.set(Some(c.clone()));
        Ok(c)
    }

    /// The worker as `send` uses it.
    pub(super) struct Conn(Rc<Client>);

    impl Conn {
        pub fn connect(asset_base: &str) -> Result<Conn, String> {
            client(asset_base).map(Conn)
        }

        pub fn is_open(&self, backend: &str) -> bool {
            self.0.opened.borrow().iter().any(|b| b == backend)
        }

        pub fn opened(&self, backend: &str) {
            self.0.opened.borrow_mut().push(backend.to_string());
        }

        pub async fn ask(&self, msg: impl FnOnce(u32) -> ToWorker) -> Answer {
            self.0.ask(msg).await
        }
    }
}

/// The simulators in the page (builds with the `simulators` feature).
#[cfg(feature = "simulators")]
mod in_page {
    use std::cell::RefCell;

    use super::Answer;
    use crate::sim_worker::{SimHost, ToWorker};

    thread_local! {
        static HOST: RefCell<SimHost> = RefCell::new(SimHost::new());
    }

    /// The page's host as `send` uses it.
    pub(super) struct Conn;

    impl Conn {
        pub fn connect(_asset_base: &str) -> Result<Conn, String> {
            Ok(Conn)
        }

        pub fn is_open(&self, backend: &str) -> bool {
            HOST.with_borrow(|h| h.is_open(backend))
        }

        pub fn opened(&self, _backend: &str) {}

        pub async fn ask(&self, msg: impl FnOnce(u32) -> ToWorker) -> Answer {
            Ok(HOST.with_borrow_mut(|h| h.handle(msg(0))))
        }
    }
}

/// Answers `req` with the simulator of `backend_id` (of `vendor`), opening it first when
/// needed (and, in the shipped build, starting the worker).
pub async fn send(
    backend_id: &str,
    vendor: &'static dyn Vendor,
    asset_base: &str,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let net = |e: String| ApiError::Network(e);
    let mut c = Conn::connect(asset_base).map_err(net)?;
    if !c.is_open(backend_id) {
        let assets = super::sim_assets(vendor, asset_base).await?;
        // The worker may have failed (and a new one been started) while they loaded.
        c = Conn::connect(asset_base).map_err(net)?;
        // Another request may have opened it meanwhile; opening twice is harmless (the
        // worker keeps the first), and this request is posted after an open either way.
        let state = super::load_sim_state(backend_id);
        let answer = c
            .ask(|id| ToWorker::Open {
                id,
                backend: backend_id.to_string(),
                vendor: vendor.id().to_string(),
                assets,
                state,
                now_ms: crate::browser::now_ms(),
            })
            .await
            .map_err(net)?;
        reply(backend_id, answer)?;
        c.opened(backend_id);
    }
    let answer = c
        .ask(|id| ToWorker::Request {
            id,
            backend: backend_id.to_string(),
            request: req,
            now_ms: crate::browser::now_ms(),
        })
        .await
        .map_err(net)?;
    reply(backend_id, answer)?
        .ok_or_else(|| ApiError::Network("the simulated backend sent no response".into()))
}

/// Saves the state a reply carries and returns its response.
fn reply(backend_id: &str, answer: FromWorker) -> Result<Option<HttpResponse>, ApiError> {
    match answer {
        FromWorker::Reply { error: Some(e), .. } => Err(ApiError::Network(e)),
        FromWorker::Reply {
            response, state, ..
        } => {
            if let Some(state) = state {
                super::save_sim_state(backend_id, &state);
            }
            Ok(response)
        }
        _ => Err(ApiError::Network(
            "the simulated backend answered out of turn".into(),
        )),
    }
}
