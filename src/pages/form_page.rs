//! The connector form used to create and to edit: draft autosave and restore, validation
//! before submit, server errors mapped onto fields, no double submit.

use leptos::prelude::*;
use serde_json::Value;

use crate::app::use_app;
use crate::components::form::{check_all, focus_item, summarize, DynamicForm, SummaryItem};
use crate::components::store::FormStore;
use crate::components::Notices;
use crate::dialect::ApiError;
use crate::model::catalog::{ConnectorType, FormSource};
use crate::model::form::{draft_of, initial_values, restore_draft, Mode, Values};
use crate::model::status::{ago, Connector};
use crate::net::{local_storage, perf_mark, Timeout};

const DRAFT_PREFIX: &str = "connector-console.draft.";

fn read_draft(key: &str) -> Option<Value> {
    let text = local_storage()?.get_item(key).ok()??;
    serde_json::from_str(&text).ok()
}

fn write_draft(key: &str, draft: &Value) {
    if let Some(s) = local_storage() {
        let _ = s.set_item(key, &draft.to_string());
    }
}

fn clear_draft(key: &str) {
    if let Some(s) = local_storage() {
        let _ = s.remove_item(key);
    }
}

/// The storage key of a draft: per backend, and per connector type (new) or id (edit).
pub fn draft_key(backend: &str, kind: &str, what: &str) -> String {
    format!("{DRAFT_PREFIX}{backend}.{kind}.{what}")
}

/// The form, ready to render once its connector type (and, for edit, the connector) loaded.
#[component]
pub fn ConnectorForm(
    /// The connector type.
    ct: ConnectorType,
    /// Notices from parsing the catalog entry.
    skipped: Vec<String>,
    /// The connector being edited; `None` to create.
    existing: Option<Connector>,
) -> impl IntoView {
    let ctx = use_app();
    perf_mark("cc-form-start");
    let kind = ct.kind;
    let (values, mode, name): (Values, Mode, String) = match &existing {
        Some(c) => {
            let (v, m) = crate::model::form::values_from_config(&ct, &c.config);
            (v, m, c.name.clone())
        }
        None => (initial_values(&ct), Mode::Create, String::new()),
    };
    let key = draft_key(
        &ctx.backend.id,
        kind.plural(),
        &existing
            .as_ref()
            .map(|c| format!("edit.{}", c.id))
            .unwrap_or_else(|| format!("new.{}", ct.id)),
    );
    // Restore a draft over the starting values.
    let mut start = values.clone();
    let mut start_name = name.clone();
    let mut restored_at = None;
    if let Some(draft) = read_draft(&key) {
        if let Some(n) = restore_draft(&ct, &draft, &mut start) {
            if !n.is_empty() {
                start_name = n;
            }
            restored_at = draft.get("saved_at").and_then(Value::as_f64);
        }
    }
    let original = (values, name);
    let validate_driven = ct.form == FormSource::Validate;
    let stored_config = existing
        .as_ref()
        .map(|c| c.config.clone())
        .unwrap_or_default();
    let mut store = FormStore::new(ct.clone(), start, mode, start_name).with_prefix(&ctx.prefix);
    if validate_driven {
        // The name has its own input, and the class is fixed by the chosen plugin.
        store = store.with_skip(&["name", "connector.class"]).with_other(
            crate::dialect::kafka_connect::extra_keys(&ct, &stored_config),
        );
    }
    let restored = RwSignal::new(restored_at);
    let stored_config = std::sync::Arc::new(stored_config);

    // Validate-driven forms ask the server as the user types (debounced; stale answers are
    // ignored): which fields apply, which values it recommends, what is wrong.
    let checking = RwSignal::new(false);
    let revalidate_error = RwSignal::new(None::<String>);
    let seq = StoredValue::new(0u64);
    let pending_validate = StoredValue::new_local(None::<Timeout>);
    let config_now = {
        let (store, ctx, stored) = (store.clone(), ctx.clone(), stored_config.clone());
        move || {
            crate::dialect::config_to_send(
                ctx.backend.dialect,
                &store.ct,
                &store.values_untracked(),
                &store.mode,
                &stored,
                &store.other_pairs(),
                &store.server_hidden(),
                &store.name.get_untracked(),
                &crate::api::class_of(&store.ct),
            )
        }
    };
    let revalidate = {
        let (store, ctx, config_now) = (store.clone(), ctx.clone(), config_now.clone());
        move || {
            let n = seq.get_value() + 1;
            seq.set_value(n);
            let (store, api, config) = (store.clone(), ctx.api.clone(), config_now());
            checking.set(true);
            leptos::task::spawn_local(async move {
                let result = api.validate(&store.ct, &config).await;
                if seq.get_value() != n {
                    return; // a newer check is under way
                }
                checking.set(false);
                match result {
                    Ok(mut v) => {
                        crate::dialect::kafka_connect::drop_kept_secret_errors(&mut v, &store.mode);
                        store.apply_validation(&v);
                        revalidate_error.set(None);
                    }
                    Err(e) => revalidate_error.set(Some(e.to_string())),
                }
            });
        }
    };
    if validate_driven {
        let (store, revalidate) = (store.clone(), revalidate.clone());
        Effect::new(move |prev: Option<()>| {
            store.changes.track();
            store.other.track();
            if prev.is_none() {
                revalidate();
                return;
            }
            let r = revalidate.clone();
            pending_validate.set_value(Some(Timeout::new(300, r)));
        });
    }

    // Autosave a draft (never secrets) shortly after edits stop.
    let pending = StoredValue::new_local(None::<Timeout>);
    {
        let (store, key) = (store.clone(), key.clone());
        Effect::new(move |prev: Option<()>| {
            store.changes.track();
            if prev.is_none() {
                return;
            }
            let (store, key) = (store.clone(), key.clone());
            let t = Timeout::new(400, move || {
                let mut draft = draft_of(
                    &store.ct,
                    &store.name.get_untracked(),
                    &store.values_untracked(),
                );
                draft["saved_at"] = Value::from(js_sys::Date::now());
                write_draft(&key, &draft);
            });
            pending.set_value(Some(t));
        });
    }

    // Effects run once the form is in the DOM: the end of the first render.
    Effect::new(move |_| perf_mark("cc-form-rendered"));

    let summary = RwSignal::new(Vec::<SummaryItem>::new());
    let banner = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let is_edit = existing.is_some();

    let submit = {
        let (store, ctx, key, existing) =
            (store.clone(), ctx.clone(), key.clone(), existing.clone());
        move || {
            if busy.get_untracked() {
                return;
            }
            banner.set(None);
            let problems = check_all(&store);
            if let Some(first) = problems.first() {
                focus_item(&store, first);
                summary.set(problems);
                return;
            }
            summary.set(vec![]);
            let config = config_now();
            let name = store.name.get_untracked().trim().to_string();
            busy.set(true);
            let (store, ctx, key, existing) =
                (store.clone(), ctx.clone(), key.clone(), existing.clone());
            leptos::task::spawn_local(async move {
                if validate_driven {
                    // One more validation right before saving: never create with errors.
                    seq.update_value(|n| *n += 1);
                    match ctx.api.validate(&store.ct, &config).await {
                        Ok(mut v) => {
                            crate::dialect::kafka_connect::drop_kept_secret_errors(
                                &mut v,
                                &store.mode,
                            );
                            store.show_all_errors.set(true);
                            let errors = store.apply_validation(&v);
                            if v.error_count > 0 && !errors.is_empty() {
                                busy.set(false);
                                let items = summarize(&store, &errors);
                                if let Some(first) = items.first() {
                                    focus_item(&store, first);
                                }
                                summary.set(items);
                                return;
                            }
                        }
                        Err(e) => {
                            busy.set(false);
                            banner.set(Some(e));
                            return;
                        }
                    }
                }
                let result = match &existing {
                    Some(c) => ctx.api.update(c, &store.ct, &name, config).await,
                    None => ctx.api.create(&store.ct, &name, config).await,
                };
                busy.set(false);
                match result {
                    Ok(c) => {
                        pending.set_value(None);
                        clear_draft(&key);
                        let href = ctx.href(
                            "connector",
                            &[
                                ("kind", c.kind.plural()),
                                ("id", &c.id),
                                ("saved", if is_edit { "updated" } else { "created" }),
                            ],
                        );
                        ctx.emit(
                            if is_edit {
                                "cc:connector-updated"
                            } else {
                                "cc:connector-created"
                            },
                            crate::pages::connector_event(&ctx, &c),
                        );
                        ctx.navigate(&href);
                    }
                    Err(e) => {
                        let unplaced = store.show_errors(e.field_errors());
                        let items = summarize(&store, e.field_errors());
                        if let Some(first) = items.first() {
                            focus_item(&store, first);
                        }
                        summary.set(items);
                        banner.set(Some(with_unplaced(e, &unplaced)));
                    }
                }
            });
        }
    };
    let submit_cb = Callback::new({
        let s = submit.clone();
        move |_| s()
    });
    let retry = Callback::new(move |_| submit());

    let discard = {
        let (store, key) = (store.clone(), key.clone());
        move |_| {
            pending.set_value(None);
            clear_draft(&key);
            for (i, f) in store.ct.fields.iter().enumerate() {
                if let Some(v) = original.0.get(&f.key) {
                    store.fields[i].value.set(v.clone());
                }
                store.fields[i].error.set(None);
            }
            store.name.set(original.1.clone());
            summary.set(vec![]);
            restored.set(None);
        }
    };
    let skipped = RwSignal::new(skipped);
    let cancel = match &existing {
        Some(c) => ctx.href("connector", &[("kind", kind.plural()), ("id", &c.id)]),
        None => ctx.href("catalog", &[("kind", kind.plural())]),
    };
    let (submit_label, busy_label) = if is_edit {
        ("Save changes", "Saving…")
    } else {
        ("Create connector", "Creating…")
    };
    view! {
        <Notices notices=skipped title="Some settings of this connector could not be read and are left out"/>
        {move || restored.get().map(|at| {
            let when = ago(js_sys::Date::now() - at);
            view! {
                <div class="banner banner-info" role="status">
                    <div class="banner-text">
                        <strong>"Draft restored"</strong>
                        <p>{format!("We brought back what you typed ({when}). Secrets are never saved, so re-enter passwords and keys.")}</p>
                    </div>
                    <div class="banner-actions">
                        <button type="button" class="btn" on:click=discard.clone()>"Discard draft"</button>
                    </div>
                </div>
            }
        })}
        {validate_driven.then(|| view! {
            <p class="muted small" aria-live="polite">
                {move || if checking.get() { "Checking the configuration with the server…".to_string() } else {
                    revalidate_error.get().map(|e| format!("The server could not check the configuration: {e}")).unwrap_or_default()
                }}
            </p>
        })}
        <DynamicForm store=store summary=summary banner=banner busy=busy submit_label=submit_label
            busy_label=busy_label on_submit=submit_cb on_retry=retry cancel_href=cancel/>
    }
}

/// Adds server field errors that match no visible field to the banner's message.
fn with_unplaced(e: ApiError, unplaced: &[crate::model::form::FieldError]) -> ApiError {
    if unplaced.is_empty() {
        return e;
    }
    match e {
        ApiError::Http {
            status,
            message,
            fields,
            retry_after,
        } => {
            let extra: Vec<String> = unplaced
                .iter()
                .map(|f| format!("{}: {}", f.key, f.message))
                .collect();
            ApiError::Http {
                status,
                message: format!("{message} {}", extra.join(" ")),
                fields,
                retry_after,
            }
        }
        other => other,
    }
}
