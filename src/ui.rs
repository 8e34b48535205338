//! What components and pages share, below the app shell: the app context ([`AppCtx`],
//! [`use_app`]) and small DOM helpers (elements by id across shadow roots, focus after render,
//! work deferred until a pointer is released). Components import this module, never the shell.

use std::sync::Arc;

use leptos::ev;
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use serde_json::Value;
use wasm_bindgen::JsCast;

use crate::api::Api;
use crate::config::{parse_location, BackendConfig, Location, RuntimeConfig};
use crate::http::percent_encode;

/// How the app keeps its location.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NavMode {
    /// In the browser URL (history API), below the base path.
    Browser,
    /// In memory only.
    Memory,
}

/// Everything pages share: the config, the chosen backend and its API, navigation, ids.
#[derive(Clone)]
pub struct AppCtx {
    /// The runtime configuration.
    pub config: Arc<RuntimeConfig>,
    /// The backend in use.
    pub backend: BackendConfig,
    /// Its API.
    pub api: Api,
    /// The app's root path ("" or "/tools/connectors").
    pub base: String,
    /// `?backend=` from the URL, carried through every link.
    pub backend_param: RwSignal<Option<String>>,
    /// App-wide notices (config problems).
    pub notices: RwSignal<Vec<String>>,
    /// Whether credentials are set for a real backend (for the header).
    pub token_set: RwSignal<bool>,
    /// The sign-in prompt: open with a reason (`Some("")` when opened by the user).
    pub auth_prompt: RwSignal<Option<String>>,
    /// What the transport is waiting for (rate limit, rebalance), shown in a live banner.
    pub waiting: RwSignal<Option<String>>,
    /// Bumped on every sign-in: loaders and polls track it to try again with the new credentials.
    pub auth_epoch: RwSignal<u32>,
    /// The current location.
    pub loc: RwSignal<Location>,
    /// How locations are kept.
    pub nav: NavMode,
    /// Prefix of every DOM id this instance creates (unique per instance on a page).
    pub prefix: String,
    /// The element host events are dispatched on (embedded mode).
    pub(crate) host: Option<Arc<SendWrapper<web_sys::HtmlElement>>>,
}

impl AppCtx {
    /// A link to `route` with query `params`, keeping `?backend=`.
    pub fn href(&self, route: &str, params: &[(&str, &str)]) -> String {
        let mut q: Vec<String> = params
            .iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| format!("{k}={}", percent_encode(v)))
            .collect();
        if let Some(b) = self.backend_param.get_untracked() {
            q.push(format!("backend={}", percent_encode(&b)));
        }
        let path = format!("{}/{}", self.base, route.trim_start_matches('/'));
        if q.is_empty() {
            path
        } else {
            format!("{path}?{}", q.join("&"))
        }
    }

    /// A query parameter of the current location (tracked).
    pub fn param(&self, name: &str) -> Option<String> {
        self.loc.with(|l| l.param(name).map(str::to_string))
    }

    /// Goes to `href` (a path produced by [`AppCtx::href`]).
    pub fn navigate(&self, href: &str) {
        let Some(loc) = parse_location(&self.base, href) else {
            return;
        };
        if self.nav == NavMode::Browser {
            if let Ok(h) = window().history() {
                let _ = h.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(href));
            }
        }
        self.loc.set(loc);
        // Move focus to the new page's content, as a full page load would.
        let main_id = self.id("main");
        request_animation_frame(move || {
            if let Some(el) = by_id(&main_id) {
                if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
                    let _ = el.focus();
                    el.scroll_into_view_with_bool(true);
                }
            }
        });
    }

    /// A DOM id unique to this instance.
    pub fn id(&self, local: &str) -> String {
        format!(
            "{}{}",
            self.prefix,
            crate::model::layout::dom_id_part(local)
        )
    }

    /// Tells the host page what happened: a `CustomEvent` named `name` with a JSON `detail`,
    /// dispatched on the mount element (embedded mode only).
    pub fn emit(&self, name: &str, detail: Value) {
        let Some(host) = &self.host else { return };
        let init = web_sys::CustomEventInit::new();
        init.set_bubbles(true);
        init.set_composed(true);
        let detail =
            js_sys::JSON::parse(&detail.to_string()).unwrap_or(wasm_bindgen::JsValue::NULL);
        init.set_detail(&detail);
        if let Ok(event) = web_sys::CustomEvent::new_with_event_init_dict(name, &init) {
            let _ = host.dispatch_event(&event);
        }
    }
}

/// The shared context; panics only if used outside the app (a programming error).
pub fn use_app() -> AppCtx {
    expect_context::<AppCtx>()
}

thread_local! {
    static ROOTS: std::cell::RefCell<Vec<web_sys::ShadowRoot>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Registers a shadow root the app renders into, so [`by_id`] can find elements in it.
pub fn register_root(root: web_sys::ShadowRoot) {
    ROOTS.with_borrow_mut(|r| r.push(root));
}

/// Forgets a shadow root (on unmount).
pub fn unregister_root(root: &web_sys::ShadowRoot) {
    ROOTS.with_borrow_mut(|r| r.retain(|x| x != root));
}

/// An element by id, in the document or in any of the app's shadow roots.
pub fn by_id(id: &str) -> Option<web_sys::Element> {
    document()
        .get_element_by_id(id)
        .or_else(|| ROOTS.with_borrow(|roots| roots.iter().find_map(|r| r.get_element_by_id(id))))
}

/// Switches to another backend (re-creates the shell on its catalog).
#[derive(Clone, Copy)]
pub struct SwitchBackend(pub Callback<String>);

thread_local! {
    static POINTER: std::cell::RefCell<PointerState> = std::cell::RefCell::new(PointerState::default());
}

#[derive(Default)]
struct PointerState {
    installed: bool,
    down: bool,
    pending: Vec<Box<dyn FnOnce()>>,
}

/// Runs `f` now, or — while a mouse button or finger is down — just after it is released
/// and its click has been handled. A check on leaving a field that shows an error moves
/// everything below it; doing that between press and release would make the click that left
/// the field land somewhere else.
pub fn after_pointer_release(f: impl FnOnce() + 'static) {
    watch_pointer();
    if POINTER.with_borrow(|p| !p.down) {
        f();
    } else {
        POINTER.with_borrow_mut(|p| p.pending.push(Box::new(f)));
    }
}

/// Starts following the pointer (once per page; before the first press that matters).
pub fn watch_pointer() {
    POINTER.with_borrow_mut(|p| {
        if !p.installed {
            p.installed = true;
            let down = window_event_listener(ev::pointerdown, |_| {
                POINTER.with_borrow_mut(|p| p.down = true);
            });
            let up = window_event_listener(ev::pointerup, |_| release());
            let cancel = window_event_listener(ev::pointercancel, |_| release());
            // Window-wide, for the life of the page (dropping a handle keeps its listener).
            let _ = (down, up, cancel);
        }
    });
}

fn release() {
    let pending = POINTER.with_borrow_mut(|p| {
        p.down = false;
        std::mem::take(&mut p.pending)
    });
    if !pending.is_empty() {
        // After the click that follows this release — which may have left the page: a callback
        // checks that what it touches still exists (`is_disposed`).
        set_timeout(
            move || pending.into_iter().for_each(|f| f()),
            std::time::Duration::from_millis(0),
        );
    }
}

/// Focuses an element of the app by id (after the next frame, so it has rendered).
pub fn focus_later(id: String) {
    request_animation_frame(move || {
        if let Some(el) = by_id(&id) {
            el.scroll_into_view_with_bool(false);
            if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
                let _ = el.focus();
            }
        }
    });
}

/// A form with more fields than this is "large": its fields off screen are neither styled, laid
/// out nor painted until they near the viewport (`.large-form` in `style/main.css`).
///
/// Not every form: after each change to a form of at most 200 controls, Chromium's autofill
/// reads every field's style and layout (its `kMaxExtractableFields` is 200), and each field
/// under `content-visibility: auto` is a separate locked subtree it has to lay out on its own —
/// on the 100-field Playground that check took 95–118 ms of main thread right after the first
/// render, against 14–44 ms without the rule. Above 200 fields autofill skips the form, and
/// `content-visibility` is what keeps the first render fast.
pub const LARGE_FORM_FIELDS: usize = 200;

/// A large form's fields after its first screen, let in a chunk per task once that screen has
/// been painted: the page shows fields and takes input while the rest are built (a 1,000-field
/// form's build is a few hundred milliseconds). `Copy`, like a signal.
#[derive(Clone, Copy, Debug)]
pub struct Chunks {
    shown: RwSignal<usize>,
}

/// Fields a large form shows with the form itself: more than a screen of them.
pub const FIRST_SCREEN_FIELDS: usize = 24;
/// Fields a large form adds per task after its first screen.
pub const CHUNK_FIELDS: usize = 120;

/// Fields per block of a large form: its fields sit in blocks (`<div class="field-block">`)
/// that carry `content-visibility: auto`, rather than each field carrying it. A keystroke's
/// relayout then walks the form's few tens of blocks and the 40 fields of its own block, not
/// every field (a 1,000-field form: layout 2.3–2.4 → 0.6 ms a key by a trace), and
/// Chromium's observer behind `content-visibility: auto` watches blocks, not fields (1.4–1.5
/// ms a key → none to speak of). At 120 a block, layout took 1.0 ms a key.
pub const BLOCK_FIELDS: usize = 40;

/// The fields `range` of a large form, in blocks of [`BLOCK_FIELDS`], each rendered by
/// `fields` (given its sub-range).
pub fn field_blocks(
    range: std::ops::Range<usize>,
    fields: impl Fn(std::ops::Range<usize>) -> AnyView,
) -> AnyView {
    let end = range.end;
    range
        .step_by(BLOCK_FIELDS)
        .map(|start| {
            let stop = (start + BLOCK_FIELDS).min(end);
            // A shorter block (the first screen's, a chunk's last) says so, so that its size
            // before it is first shown is about its own (`contain-intrinsic-size`).
            let class = match (stop - start).div_ceil(10) {
                0 | 1 => "field-block fb-10",
                2 => "field-block fb-20",
                3 => "field-block fb-30",
                _ => "field-block",
            };
            let block = fields(start..stop);
            view! { <div class=class>{block}</div> }
        })
        .collect_view()
        .into_any()
}

impl Chunks {
    /// None let in yet.
    pub fn new() -> Self {
        Chunks {
            shown: RwSignal::new(0),
        }
    }

    /// Whether chunk `i` is in: a memo, so a chunk is built once, when it is let in.
    pub fn gate(&self, i: usize) -> Memo<bool> {
        let shown = self.shown;
        Memo::new(move |_| shown.get() > i)
    }

    /// Lets every chunk in at once (an error is to be shown at its field).
    pub fn all(&self) {
        if self.shown.get_untracked() != usize::MAX {
            self.shown.set(usize::MAX);
        }
    }

    /// True (tracked) while chunk `last` is not in yet.
    pub fn pending(&self, last: usize) -> bool {
        self.shown.get() <= last
    }

    /// Lets `total` chunks in, one per task after the next painted frame, as a task of the
    /// current component (dropped with it); then calls `done`.
    pub fn start(&self, total: usize, done: impl FnOnce() + 'static) {
        let shown = self.shown;
        Tasks::new().spawn(async move {
            crate::browser::next_paint().await;
            while shown.get_untracked() < total {
                shown.update(|s| *s += 1);
                crate::browser::yield_task().await;
            }
            done();
        });
    }
}

impl Default for Chunks {
    fn default() -> Self {
        Self::new()
    }
}

/// `use:live_value=signal` on an `<input>` or `<textarea>` (never a `<select>`: its options do
/// not exist yet when this runs): the element shows `text`, and follows it.
///
/// Leptos's `prop:value` defers every `value` write to a microtask, so a form's first render
/// sets each field's value after the fields are in the document — and Chromium lays out the
/// page again for every such write (≈ 1 ms per field on a 100-field form; it was a third of
/// the Playground's first render). It also writes the value back after each keystroke, when
/// the field already shows it (one more forced layout per key). This writes the first value
/// while the element is being built, before it is in the document, and later only a value the
/// element does not already show.
pub fn live_value(el: web_sys::Element, text: Signal<String>) {
    /// Writes `v`; with `check`, only when the element does not already show it.
    fn show(el: &web_sys::Element, v: &str, check: bool) {
        if let Some(i) = el.dyn_ref::<web_sys::HtmlInputElement>() {
            if !check || i.value() != v {
                i.set_value(v);
            }
        } else if let Some(t) = el.dyn_ref::<web_sys::HtmlTextAreaElement>() {
            if !check || t.value() != v {
                t.set_value(v);
            }
        }
    }
    // The element was just built, empty: the first value needs no read back (nor, when
    // empty, a write), and the effect's first run shows only a value changed since.
    let initial = text.get_untracked();
    if !initial.is_empty() {
        show(&el, &initial, false);
    }
    let mut initial = Some(initial);
    Effect::new(move |_| {
        text.with(|v| {
            if initial.take().is_none_or(|i| *v != i) {
                show(&el, v, true)
            }
        })
    });
}

/// The async work a page or component started, cancelled when it goes away: its tasks are
/// dropped at their next step (an in-flight request is aborted with them), so nothing reads a
/// disposed signal after an `await` and nothing navigates once the user is elsewhere.
///
/// Leptos's `spawn_local` tasks belong to nobody; `LocalResource` is owned but refetches on its
/// own schedule. Debounced validation, streamed tests, autocomplete and submits are started by
/// events, so they go through this instead. `Copy`, like a signal: closures take it freely.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tasks(u64);

thread_local! {
    /// The live owners' tasks: owner id → task id → abort handle.
    static TASKS: std::cell::RefCell<std::collections::BTreeMap<u64, std::collections::BTreeMap<u64, futures::future::AbortHandle>>> =
        const { std::cell::RefCell::new(std::collections::BTreeMap::new()) };
    static NEXT_TASK: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

fn next_task_id() -> u64 {
    NEXT_TASK.with(|n| {
        n.set(n.get() + 1);
        n.get()
    })
}

impl Tasks {
    /// Tasks owned by the current reactive owner (call it in the component's body).
    pub fn new() -> Self {
        let id = next_task_id();
        TASKS.with(|t| t.borrow_mut().insert(id, Default::default()));
        on_cleanup(move || {
            let handles = TASKS
                .with(|t| t.borrow_mut().remove(&id))
                .unwrap_or_default();
            for h in handles.into_values() {
                h.abort();
            }
        });
        Tasks(id)
    }

    /// Runs `fut` until it ends or its owner is cleaned up, whichever comes first.
    pub fn spawn(&self, fut: impl std::future::Future<Output = ()> + 'static) {
        let owner = self.0;
        let (handle, reg) = futures::future::AbortHandle::new_pair();
        let task = next_task_id();
        let open = TASKS.with(|t| match t.borrow_mut().get_mut(&owner) {
            Some(list) => {
                list.insert(task, handle);
                true
            }
            None => false,
        });
        if !open {
            return;
        }
        leptos::task::spawn_local(async move {
            let _ = futures::future::Abortable::new(fut, reg).await;
            // Finished: forget its handle (the owner may already be gone).
            TASKS.with(|t| {
                if let Some(list) = t.borrow_mut().get_mut(&owner) {
                    list.remove(&task);
                }
            });
        });
    }
}

impl Default for Tasks {
    fn default() -> Self {
        Self::new()
    }
}
