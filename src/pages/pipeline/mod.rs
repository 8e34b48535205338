//! Pages of backends with a schema catalog, connection profiles, connection tables and jobs
//! (see [`Capability`](crate::vendor::Capability)): the catalog, profiles, tables, and
//! pipelines with their jobs. The flow: pick a connector (and a side when it offers both) →
//! create a connection profile and test it → create a source or sink table and watch its test
//! stream → see the pipelines' jobs live.

mod catalog;
mod jobs;
mod profiles;
mod tables;

pub use catalog::SchemaCatalogPage;
pub use jobs::JobsPage;
pub use profiles::{NewProfilePage, ProfilesPage};
pub use tables::{NewTablePage, TablesPage};

use leptos::prelude::*;
use serde_json::Value;

use crate::browser::{local_storage, Timeout};
use crate::components::ConnectorIcon;
use crate::model::icon::{svg_data_uri, Icon};
use crate::model::pipeline::{SchemaConnector, TestMessage};

/// A connector's icon: its sanitized SVG as an image (never inserted as HTML), or initials.
#[component]
pub fn SchemaIcon(
    /// The connector.
    connector: SchemaConnector,
) -> impl IntoView {
    match &connector.icon {
        Icon::Svg(svg) => {
            view! { <img class="lam-icon" src=svg_data_uri(svg) alt="" width="40" height="40" /> }
                .into_any()
        }
        Icon::None => view! { <ConnectorIcon name=connector.name.clone()/> }.into_any(),
    }
}

/// The outcome of a connection test, in a live region: nothing, running, or a result.
#[derive(Clone, Debug, PartialEq)]
pub enum TestState {
    /// Not run yet.
    Idle,
    /// Under way.
    Running,
    /// Finished (with `error`, it failed).
    Finished(TestMessage),
}

/// A test result line: announced when it changes, marked clearly as passed or failed.
#[component]
pub fn TestOutcome(
    /// The state.
    state: RwSignal<TestState>,
) -> impl IntoView {
    view! {
        <div class="test-outcome" role="status" aria-live="polite" data-testid="test-outcome">
            {move || match state.get() {
                TestState::Idle => ().into_any(),
                TestState::Running => view! {
                    <p class="loading"><span class="spinner" aria-hidden="true"></span>"Testing…"</p>
                }.into_any(),
                TestState::Finished(m) if m.error => view! {
                    <p class="test-result test-failed"><span class="test-mark" aria-hidden="true">"✕"</span>
                        <strong>"Test failed: "</strong>{m.message}</p>
                }.into_any(),
                TestState::Finished(m) => view! {
                    <p class="test-result test-passed"><span class="test-mark" aria-hidden="true">"✓"</span>
                        <strong>"Test passed: "</strong>{m.message}</p>
                }.into_any(),
            }}
        </div>
    }
}

const DRAFT_PREFIX: &str = "connector-console.pipeline-draft.";

/// The storage key of a profile or table form draft.
pub fn draft_key(backend: &str, what: &str) -> String {
    format!("{DRAFT_PREFIX}{backend}.{what}")
}

/// A saved draft, if any.
pub fn read_draft(key: &str) -> Option<Value> {
    let text = local_storage()?.get_item(key).ok()??;
    serde_json::from_str(&text).ok()
}

/// Saves a draft (callers strip secrets first).
pub fn write_draft(key: &str, draft: &Value) {
    if let Some(s) = local_storage() {
        let _ = s.set_item(key, &draft.to_string());
    }
}

/// Forgets a draft.
pub fn clear_draft(key: &str) {
    if let Some(s) = local_storage() {
        let _ = s.remove_item(key);
    }
}

/// A form's draft: where it is kept, the pending autosave, and when the draft it started from
/// was saved (shown in the "Restored your unsaved draft" banner until discarded).
#[derive(Clone)]
pub struct Draft {
    key: String,
    pending: StoredValue<Option<Timeout>, LocalStorage>,
    /// When the restored draft was saved (ms since the epoch), while its banner shows.
    pub restored: RwSignal<Option<f64>>,
}

impl Draft {
    /// The draft under `key` (see [`draft_key`]) and what it holds, if anything.
    pub fn open(key: String) -> (Self, Option<Value>) {
        let saved = read_draft(&key);
        let restored = saved
            .as_ref()
            .and_then(|d| d.get("saved_at"))
            .and_then(Value::as_f64);
        let draft = Draft {
            key,
            pending: StoredValue::new_local(None),
            restored: RwSignal::new(restored),
        };
        (draft, saved)
    }

    /// Saves `snapshot()` (which must leave secrets out) 400 ms after the last change to
    /// whatever `track` reads; nothing is saved for the form as first shown.
    pub fn autosave(
        &self,
        track: impl Fn() + 'static,
        snapshot: impl Fn() -> Value + Clone + 'static,
    ) {
        let (key, pending) = (self.key.clone(), self.pending);
        Effect::new(move |prev: Option<()>| {
            track();
            if prev.is_none() {
                return;
            }
            let (key, snapshot) = (key.clone(), snapshot.clone());
            pending.set_value(Some(Timeout::new(400, move || {
                let mut draft = snapshot();
                if let Some(o) = draft.as_object_mut() {
                    o.insert("saved_at".into(), js_sys::Date::now().into());
                }
                write_draft(&key, &draft);
            })));
        });
    }

    /// Forgets the draft (after a create, or when discarded), cancelling a pending save.
    pub fn clear(&self) {
        self.pending.set_value(None);
        clear_draft(&self.key);
        self.restored.set(None);
    }
}

/// "Restored your unsaved draft (… ago)" with a Discard button, while `draft.restored` is set.
/// Discarding forgets the draft and bumps `nonce`, which the page keys its form on, so the
/// form is built afresh from the defaults.
#[component]
pub fn DraftBanner(
    /// The form's draft.
    draft: Draft,
    /// The page's form key.
    nonce: RwSignal<u32>,
) -> impl IntoView {
    let restored = draft.restored;
    let discard = move |_| {
        draft.clear();
        nonce.update(|n| *n += 1);
    };
    move || {
        restored.get().map(|at| {
            let ago = crate::model::status::ago(js_sys::Date::now() - at);
            view! {
                <div class="banner banner-notice" role="status">
                    <div class="banner-text">{format!("Restored your unsaved draft ({ago}). Secrets are never saved: enter them again.")}</div>
                    <div class="banner-actions"><button type="button" class="btn btn-quiet" on:click=discard.clone()>"Discard draft"</button></div>
                </div>
            }
        })
    }
}

/// A banner for `?created=` after a create.
pub fn created_banner(what: &str, name: Option<String>) -> impl IntoView {
    let what = what.to_string();
    name.map(|n| {
        view! {
            <div class="banner banner-info" role="status"><div class="banner-text">{format!("Created {what} “{n}”.")}</div></div>
        }
    })
}

/// "Try again" for a form's banner: submits the form again (its own checks run first).
pub fn resubmit(form_id: String) -> Callback<()> {
    Callback::new(move |_| {
        if let Some(f) = crate::ui::by_id(&form_id) {
            if let Ok(f) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlFormElement>(f) {
                let _ = f.request_submit();
            }
        }
    })
}
