//! The page's side of the `poll-worker` Web Worker (see [`crate::poll_worker`]): started at a
//! list's second poll of a backend over the network (the first, and any until the worker is
//! ready, are the page's own), it lists there and answers with the rows that changed. When it cannot help — a simulated backend (its simulator is in another
//! worker), a build without it, a worker that does not start (its files missing, a strict
//! policy refusing workers) or that fails — [`list`] says so with `None` and the page polls
//! itself, as it always could.

use crate::model::rows::RowKey;
use crate::poll_worker::FromPoller;

use super::Transport;

/// Polls the list of `transport`'s backend in the worker for the list `session`, whose page
/// last applied answer `applied`; with `applied` 0, `held` tells the worker the rows the page
/// holds (by key and digest; called only when the worker is asked). `None`: the page polls
/// itself this time.
#[cfg(feature = "poll-worker")]
pub async fn list(
    transport: &Transport,
    session: u64,
    applied: u64,
    held: impl FnOnce() -> Vec<(RowKey, u64)>,
) -> Option<FromPoller> {
    if transport.backend().simulated {
        return None;
    }
    let headers = transport
        .authorize(crate::http::HttpRequest::new(crate::http::Method::Get, "/"))
        .await
        .ok()?
        .headers;
    let backend = crate::config::backend_to_json(transport.backend());
    // The first poll, and any while the worker loads and starts, are the page's own: the first
    // rows neither wait for the worker nor share the machine with its download and compile.
    if !worker::wanted() {
        return None;
    }
    let client = worker::client(&transport.asset_base)?;
    if !client.ready.get() {
        return None;
    }
    let held = if applied == 0 { held() } else { Vec::new() };
    client
        .ask(|id| crate::poll_worker::ToPoller::List {
            id,
            session,
            applied,
            backend,
            headers,
            held,
        })
        .await
}

/// Without the worker in this build, the page always polls itself.
#[cfg(not(feature = "poll-worker"))]
pub async fn list(
    _transport: &Transport,
    _session: u64,
    _applied: u64,
    _held: impl FnOnce() -> Vec<(RowKey, u64)>,
) -> Option<FromPoller> {
    None
}

#[cfg(feature = "poll-worker")]
mod worker {
    use std::cell::{Cell, RefCell};
    use std::collections::HashMap;
    use std::rc::Rc;

    use futures::channel::oneshot;
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;

    use crate::poll_worker::{FromPoller, ToPoller};

    /// The worker's entry point, beside the app (written by `scripts/post-build.mjs`).
    pub const WORKER_FILE: &str = "poll-worker_loader.js";

    /// Seconds the worker may take to load and start before the page stops waiting for it.
    const START_TIMEOUT_SECS: u32 = 20;

    /// While a list waits on the worker, the page pings it this often (milliseconds) …
    const PING_EVERY_MS: u32 = 3_000;
    /// … and gives it up when a ping has had no answer for this long. A worker waiting on a
    /// slow server answers at once (the waits are its requests' own timeouts); one that does
    /// not is stuck (a loop, a deadlock), and the list would otherwise wait on it forever.
    const SILENT_MS: f64 = 8_000.0;

    /// How the page reaches its list worker.
    ///
    /// A `SharedWorker` where the browser has one (named uniquely, so it is this page's own):
    /// Chromium tells a page's main thread about every request its *dedicated* workers make
    /// (two `ResourceLoadInfoNotifier` messages a fetch; 40 a poll of 2,000 connectors, 3–12 ms
    /// of the page's main thread per poll by a trace), and nothing about a shared worker's.
    /// A dedicated `Worker` where there is no `SharedWorker` (Chrome on Android) or it cannot
    /// be created.
    enum Channel {
        Dedicated(web_sys::Worker),
        Shared {
            _worker: web_sys::SharedWorker,
            port: web_sys::MessagePort,
        },
    }

    impl Channel {
        fn post(&self, text: &str) -> Result<(), JsValue> {
            let msg = JsValue::from_str(text);
            match self {
                Channel::Dedicated(w) => w.post_message(&msg),
                Channel::Shared { port, .. } => port.post_message(&msg),
            }
        }

        /// Stops the worker: a dedicated one at once; a shared one is asked to close itself.
        fn close(&self) {
            match self {
                Channel::Dedicated(w) => w.terminate(),
                Channel::Shared { port, .. } => {
                    if let Ok(text) = serde_json::to_string(&ToPoller::Close) {
                        let _ = port.post_message(&JsValue::from_str(&text));
                    }
                    port.set_onmessage(None);
                }
            }
        }

        /// The list worker at `url`: shared where the browser allows, dedicated otherwise.
        fn open(
            url: &str,
            on_message: &Closure<dyn FnMut(web_sys::MessageEvent)>,
            on_error: &Closure<dyn FnMut(web_sys::Event)>,
        ) -> Option<Channel> {
            let shared =
                js_sys::Reflect::has(&js_sys::global(), &JsValue::from_str("SharedWorker"))
                    .unwrap_or(false);
            if shared {
                let name = format!(
                    "cc-list-{:016x}",
                    (js_sys::Math::random() * 2f64.powi(53)) as u64
                );
                if let Ok(worker) = web_sys::SharedWorker::new_with_str(url, &name) {
                    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
                    let port = worker.port();
                    // Setting `onmessage` starts the port.
                    port.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
                    return Some(Channel::Shared {
                        _worker: worker,
                        port,
                    });
                }
            }
            let worker = web_sys::Worker::new(url).ok()?;
            worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
            worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
            Some(Channel::Dedicated(worker))
        }
    }

    pub(super) struct Client {
        channel: Channel,
        /// The worker said it is listening.
        pub(super) ready: Cell<bool>,
        pending: RefCell<HashMap<u32, oneshot::Sender<FromPoller>>>,
        next_id: Cell<u32>,
        /// When the ping not answered yet was sent (any message from the worker answers it).
        ping_sent: Cell<Option<f64>>,
        _on_message: Closure<dyn FnMut(web_sys::MessageEvent)>,
        _on_error: Closure<dyn FnMut(web_sys::Event)>,
        start_timer: RefCell<Option<crate::browser::Timeout>>,
    }

    enum State {
        Idle,
        Up(Rc<Client>),
        /// Failed once: this page polls itself from now on.
        Broken,
    }

    thread_local! {
        static STATE: RefCell<State> = const { RefCell::new(State::Idle) };
    }

    impl Client {
        /// Posts `msg` (built with a fresh id) to the ready worker and waits for its answer;
        /// `None` when the worker failed or got stuck meanwhile (pinged while it works: see
        /// [`SILENT_MS`]).
        pub(super) async fn ask(
            self: &Rc<Self>,
            msg: impl FnOnce(u32) -> ToPoller,
        ) -> Option<FromPoller> {
            use futures::future::{select, Either};
            let id = self.next_id.get().wrapping_add(1).max(1);
            self.next_id.set(id);
            let (tx, mut rx) = oneshot::channel();
            self.pending.borrow_mut().insert(id, tx);
            let text = serde_json::to_string(&msg(id)).ok()?;
            self.channel.post(&text).ok()?;
            loop {
                let tick = Box::pin(crate::browser::sleep(PING_EVERY_MS));
                match select(rx, tick).await {
                    Either::Left((answer, _)) => return answer.ok(),
                    Either::Right((_, waiting)) => rx = waiting,
                }
                let now = crate::browser::now_ms();
                match self.ping_sent.get() {
                    // Timers of a hidden page may fire late: only a ping that has been out
                    // this long, unanswered, says the worker is stuck.
                    Some(sent) if now - sent >= SILENT_MS => {
                        give_up("its worker stopped answering");
                        return None;
                    }
                    Some(_) => {}
                    None => {
                        let ping = serde_json::to_string(&ToPoller::Ping).ok()?;
                        self.channel.post(&ping).ok()?;
                        self.ping_sent.set(Some(now));
                    }
                }
            }
        }
    }

    /// Gives the worker up: whatever waits on it polls in the page, now and from now on.
    fn give_up(why: &str) {
        let old = STATE.with_borrow_mut(|s| std::mem::replace(s, State::Broken));
        if !matches!(old, State::Broken) {
            leptos::logging::warn!("Connector Console: lists poll in the page ({why})");
        }
        if let State::Up(client) = old {
            client.channel.close();
            // Dropping the senders wakes every waiter with `None`.
            client.pending.borrow_mut().clear();
            // This runs inside one of the client's own callbacks: drop it afterwards.
            wasm_bindgen_futures::spawn_local(async move { drop(client) });
        }
    }

    fn start(asset_base: &str) -> Option<Rc<Client>> {
        let on_message =
            Closure::<dyn FnMut(web_sys::MessageEvent)>::new(|e: web_sys::MessageEvent| {
                let Some(text) = e.data().as_string() else {
                    return;
                };
                let Some(client) = STATE.with_borrow(|s| match s {
                    State::Up(c) => Some(c.clone()),
                    _ => None,
                }) else {
                    return;
                };
                // Whatever it says, the worker is not stuck.
                client.ping_sent.set(None);
                match serde_json::from_str::<FromPoller>(&text) {
                    Ok(FromPoller::Pong) => {}
                    Ok(FromPoller::Ready) => {
                        client.ready.set(true);
                        client.start_timer.borrow_mut().take();
                    }
                    Ok(FromPoller::Failed { error }) => give_up(&error),
                    Ok(answer) => {
                        let tx = answer
                            .id()
                            .and_then(|id| client.pending.borrow_mut().remove(&id));
                        if let Some(tx) = tx {
                            let _ = tx.send(answer);
                        }
                    }
                    Err(e) => give_up(&format!("the worker answered nonsense: {e}")),
                }
            });
        let on_error = crate::net::worker_error_handler(|what| {
            give_up(&if what.is_empty() {
                "its worker did not load".to_string()
            } else {
                format!("its worker failed: {what}")
            });
        });
        let channel = Channel::open(
            &format!("{asset_base}{WORKER_FILE}"),
            &on_message,
            &on_error,
        )?;
        let start_timer = crate::browser::Timeout::new(START_TIMEOUT_SECS * 1000, || {
            give_up("its worker did not start in time")
        });
        Some(Rc::new(Client {
            channel,
            ready: Cell::new(false),
            pending: RefCell::new(HashMap::new()),
            next_id: Cell::new(0),
            ping_sent: Cell::new(None),
            _on_message: on_message,
            _on_error: on_error,
            start_timer: RefCell::new(Some(start_timer)),
        }))
    }

    thread_local! {
        static ASKED: Cell<bool> = const { Cell::new(false) };
    }

    /// False the first time a list asks (it polls in the page while nothing else loads).
    pub(super) fn wanted() -> bool {
        ASKED.replace(true)
    }

    /// The worker, started on first use; `None` once it has failed.
    pub(super) fn client(asset_base: &str) -> Option<Rc<Client>> {
        let state = STATE.with_borrow(|s| match s {
            State::Idle => None,
            State::Up(c) => Some(Some(c.clone())),
            State::Broken => Some(None),
        });
        if let Some(c) = state {
            return c;
        }
        match start(asset_base) {
            Some(c) => {
                STATE.set(State::Up(c.clone()));
                Some(c)
            }
            None => {
                give_up("its worker could not be created");
                None
            }
        }
    }
}
