//! Form drafts kept in `localStorage` across reloads, for every form that has one (connector
//! forms, connection profiles and tables): where a draft is kept, reading it back, saving it
//! shortly after edits stop, forgetting it, and the "draft restored" banner with its Discard
//! button. What a draft holds is up to the form, which leaves secrets out.

use leptos::prelude::*;
use serde_json::Value;

use crate::browser::{local_storage, Timeout};

/// How long after the last edit a draft is saved (ms).
const SAVE_DELAY_MS: u32 = 400;

/// The storage key of a connector form's draft: per backend, and per connector type (new) or
/// id (edit).
pub fn connector_key(backend: &str, kind: &str, what: &str) -> String {
    format!("connector-console.draft.{backend}.{kind}.{what}")
}

/// The storage key of a connection profile's or table's draft.
pub fn pipeline_key(backend: &str, what: &str) -> String {
    format!("connector-console.pipeline-draft.{backend}.{what}")
}

fn read(key: &str) -> Option<Value> {
    let text = local_storage()?.get_item(key).ok()??;
    serde_json::from_str(&text).ok()
}

fn write(key: &str, draft: &Value) {
    if let Some(s) = local_storage() {
        let _ = s.set_item(key, &draft.to_string());
    }
}

fn remove(key: &str) {
    if let Some(s) = local_storage() {
        let _ = s.remove_item(key);
    }
}

/// A form's draft: where it is kept, the pending autosave, and when the draft it started from
/// was saved (shown in the [`DraftBanner`] until discarded).
#[derive(Clone)]
pub struct Draft {
    key: String,
    pending: StoredValue<Option<Timeout>, LocalStorage>,
    /// When the restored draft was saved (ms since the epoch), while its banner shows.
    pub restored: RwSignal<Option<f64>>,
}

impl Draft {
    /// The draft under `key` and what it holds, if anything. `restored` starts at its
    /// `saved_at`; a form that does not use what was saved sets it to `None`.
    pub fn open(key: String) -> (Self, Option<Value>) {
        let saved = read(&key);
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

    /// Saves `snapshot()` (which must leave secrets out), stamped with `saved_at`, 400 ms after
    /// the last change to whatever `track` reads; nothing is saved for the form as first shown.
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
            pending.set_value(Some(Timeout::new(SAVE_DELAY_MS, move || {
                let mut draft = snapshot();
                if let Some(o) = draft.as_object_mut() {
                    o.insert("saved_at".into(), js_sys::Date::now().into());
                }
                write(&key, &draft);
            })));
        });
    }

    /// Forgets the draft (after a save, or when discarded), cancelling a pending save.
    pub fn clear(&self) {
        self.pending.set_value(None);
        remove(&self.key);
        self.restored.set(None);
    }
}

/// How a [`DraftBanner`] looks: the connector forms' or the pipeline forms'.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum BannerStyle {
    /// "Draft restored" with what happened below (connector forms).
    #[default]
    Titled,
    /// One line (profile and table forms).
    Line,
}

/// "Draft restored" with a Discard button, while `draft.restored` is set. Discarding forgets
/// the draft, then calls `on_discard` (which puts the form back as it started).
#[component]
pub fn DraftBanner(
    /// The form's draft.
    draft: Draft,
    /// Called after the draft is forgotten.
    on_discard: Callback<()>,
    /// How the banner looks.
    #[prop(optional)]
    style: BannerStyle,
) -> impl IntoView {
    let restored = draft.restored;
    let discard = move |_| {
        draft.clear();
        on_discard.run(());
    };
    move || {
        restored.get().map(|at| {
            let ago = crate::model::status::ago(js_sys::Date::now() - at);
            let discard = discard.clone();
            match style {
                BannerStyle::Titled => view! {
                    <div class="banner banner-info" role="status">
                        <div class="banner-text">
                            <strong>"Draft restored"</strong>
                            <p>{format!("We brought back what you typed ({ago}). Secrets are never saved, so re-enter passwords and keys.")}</p>
                        </div>
                        <div class="banner-actions">
                            <button type="button" class="btn" on:click=discard>"Discard draft"</button>
                        </div>
                    </div>
                }
                .into_any(),
                BannerStyle::Line => view! {
                    <div class="banner banner-notice" role="status">
                        <div class="banner-text">{format!("Restored your unsaved draft ({ago}). Secrets are never saved: enter them again.")}</div>
                        <div class="banner-actions"><button type="button" class="btn btn-quiet" on:click=discard>"Discard draft"</button></div>
                    </div>
                }
                .into_any(),
            }
        })
    }
}
