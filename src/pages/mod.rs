//! Routed views. Each page reads the URL, calls the API and renders components.

#[cfg(feature = "ui-connectors")]
pub mod catalog;
#[cfg(feature = "ui-connectors")]
pub mod connectors;
#[cfg(feature = "ui-connectors")]
pub mod detail;
pub mod draft;
#[cfg(feature = "ui-connectors")]
pub mod edit;
#[cfg(feature = "ui-connectors")]
pub mod form_page;
#[cfg(feature = "ui-connectors")]
pub mod new_connector;
#[cfg(feature = "ui-pipelines")]
pub mod pipeline;
pub mod playground;
pub mod settings;

use std::future::Future;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use leptos::prelude::*;

use crate::browser::sleep;
use crate::http::ApiError;
use crate::model::status::PollPolicy;

/// How long a poll is in flight before the page says it is refreshing, in ms.
pub const SLOW_POLL_MS: u64 = 800;

/// A value kept fresh by polling, with its error and timing state.
#[derive(Clone)]
pub struct Poll<T: Send + Sync + 'static> {
    /// The latest good value (kept while later polls fail).
    pub data: RwSignal<Option<T>>,
    /// The latest error, cleared by the next success.
    pub error: RwSignal<Option<ApiError>>,
    /// When `data` was last refreshed (ms since epoch).
    pub updated_at: RwSignal<Option<f64>>,
    /// When the next poll is due (ms since epoch), while waiting.
    pub next_at: RwSignal<Option<f64>>,
    /// True while polling is paused because the tab is hidden.
    pub paused: RwSignal<bool>,
    /// True while a request has been in flight for [`SLOW_POLL_MS`] or longer: a quick poll
    /// does not say "refreshing…" (two repaints of the status line for nothing to read).
    pub loading: RwSignal<bool>,
    /// True once polling stopped for good (e.g. the thing is gone).
    pub stopped: RwSignal<bool>,
    kick: Arc<AtomicBool>,
    fast_until: RwSignal<f64>,
}

impl<T: Send + Sync + 'static> Poll<T> {
    /// Polls again now.
    pub fn refresh(&self) {
        self.kick.store(true, Ordering::Relaxed);
    }

    /// Polls again now, then at the fast rate for a while (after an action).
    pub fn refresh_fast(&self, for_ms: f64) {
        self.fast_until.set(js_sys::Date::now() + for_ms);
        self.refresh();
    }
}

/// Starts polling `fetch` for as long as the calling component lives. Polls faster while
/// `transitional` holds, backs off after errors, pauses while the tab is hidden, and stops for
/// good when `stop_on` says an error is final.
pub fn use_poll<T, F, Fut>(
    fetch: F,
    transitional: fn(&T) -> bool,
    stop_on: fn(&ApiError) -> bool,
    policy: PollPolicy,
) -> Poll<T>
where
    T: Clone + Send + Sync + 'static,
    F: Fn() -> Fut + 'static,
    Fut: Future<Output = Result<T, ApiError>> + 'static,
{
    let poll = Poll {
        data: RwSignal::new(None),
        error: RwSignal::new(None),
        updated_at: RwSignal::new(None),
        next_at: RwSignal::new(None),
        paused: RwSignal::new(false),
        loading: RwSignal::new(false),
        stopped: RwSignal::new(false),
        kick: Arc::new(AtomicBool::new(false)),
        fast_until: RwSignal::new(0.0),
    };
    let alive = Arc::new(AtomicBool::new(true));
    {
        let alive = alive.clone();
        on_cleanup(move || alive.store(false, Ordering::Relaxed));
    }
    // After a sign-in, poll again at once (and start again if a 401 had stopped it).
    if let Some(ctx) = use_context::<crate::ui::AppCtx>() {
        let kick = poll.kick.clone();
        Effect::new(move |prev: Option<()>| {
            ctx.auth_epoch.track();
            if prev.is_some() {
                kick.store(true, Ordering::Relaxed);
            }
        });
    }
    let p = poll.clone();
    // Owned by the page: leaving it drops the loop and aborts a poll in flight.
    crate::ui::Tasks::new().spawn(async move {
        let mut errors_in_row = 0u32;
        let is_alive = || alive.load(Ordering::Relaxed);
        while is_alive() {
            if document().hidden() {
                p.paused.set(true);
                p.next_at.set(None);
                sleep(500).await;
                continue;
            }
            // Signals notify on every set: set only what changes, so a quiet poll re-runs no view.
            if p.paused.get_untracked() {
                p.paused.set(false);
            }
            p.next_at.set(None);
            p.kick.store(false, Ordering::Relaxed);
            crate::browser::perf_mark("cc-poll-start");
            let slow = set_after(p.loading, SLOW_POLL_MS);
            let result = fetch().await;
            if let Some(h) = slow {
                h.clear();
            }
            if !is_alive() {
                break;
            }
            if p.loading.get_untracked() {
                p.loading.set(false);
            }
            let mut fast = js_sys::Date::now() < p.fast_until.get_untracked();
            match result {
                Ok(v) => {
                    errors_in_row = 0;
                    fast |= transitional(&v);
                    p.data.set(Some(v));
                    if p.error.with_untracked(Option::is_some) {
                        p.error.set(None);
                    }
                    p.updated_at.set(Some(js_sys::Date::now()));
                    crate::browser::perf_mark("cc-poll-data");
                    // The views update in the microtasks that follow; the next animation frame
                    // comes after them, so the DOM is patched by then (the benchmark's end).
                    request_animation_frame(|| crate::browser::perf_mark("cc-poll-rendered"));
                }
                Err(e) => {
                    let stop = stop_on(&e);
                    errors_in_row += 1;
                    p.error.set(Some(e));
                    if stop {
                        p.stopped.set(true);
                        break;
                    }
                }
            }
            let delay = policy.next_delay(errors_in_row, fast) as f64;
            let until = js_sys::Date::now() + delay;
            p.next_at.set(Some(until));
            while is_alive() && js_sys::Date::now() < until && !p.kick.load(Ordering::Relaxed) {
                if document().hidden() {
                    break;
                }
                sleep(200).await;
            }
        }
    });
    poll
}

/// Sets `flag` once `ms` have passed, unless the handle is cleared first. Not generic, so the
/// polls of every page share one copy of the timer's code.
fn set_after(flag: RwSignal<bool>, ms: u64) -> Option<TimeoutHandle> {
    set_timeout_with_handle(
        move || {
            flag.try_set(true);
        },
        std::time::Duration::from_millis(ms),
    )
    .ok()
}

/// The current time, updated every second while the calling component lives.
pub fn use_now() -> RwSignal<f64> {
    let now = RwSignal::new(js_sys::Date::now());
    if let Ok(handle) = set_interval_with_handle(
        move || now.set(js_sys::Date::now()),
        std::time::Duration::from_millis(1000),
    ) {
        on_cleanup(move || handle.clear());
    }
    now
}

/// True for errors after which polling one connector makes no sense (it is gone).
pub fn is_gone(e: &ApiError) -> bool {
    e.status() == Some(404)
}

/// Never stop polling.
pub fn never(_: &ApiError) -> bool {
    false
}

/// The JSON `detail` of a host event about a connector.
pub fn connector_event(
    ctx: &crate::ui::AppCtx,
    c: &crate::model::status::Connector,
) -> serde_json::Value {
    serde_json::json!({
        "backend": ctx.backend.id,
        "kind": c.kind.plural(),
        "id": c.id,
        "name": c.name,
        "type": c.type_id,
        "state": c.raw_state,
        "health": c.health.css(),
    })
}
