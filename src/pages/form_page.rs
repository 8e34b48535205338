//! The connector form used to create and to edit: draft autosave and restore, validation
//! before submit, server errors mapped onto fields, no double submit.

use leptos::prelude::*;
use serde_json::Value;

use crate::browser::{perf_mark, Timeout};
use crate::components::curl::CurlPanel;
use crate::components::form::{check_all, focus_item, summarize, DynamicForm, SummaryItem};
use crate::components::frame::FieldAria;
use crate::components::store::FormStore;
use crate::components::Notices;
use crate::http::ApiError;
use crate::model::catalog::{ConnectorType, FormSource};
use crate::model::form::{draft_of, initial_values, restore_draft, Mode, Values};
use crate::model::status::Connector;
use crate::pages::draft::{connector_key, Draft, DraftBanner};
use crate::ui::live_value;
use crate::ui::use_app;
use crate::vendor::FormInput;

/// What the user typed, taken out of the form's signals, for the vendor's encode step.
struct Snapshot {
    values: Values,
    other: Vec<(String, String)>,
    hidden: std::collections::BTreeSet<String>,
    name: String,
}

impl Snapshot {
    fn of(store: &FormStore) -> Self {
        Snapshot {
            values: store.values_untracked(),
            other: store.other_pairs(),
            hidden: store.server_hidden(),
            name: store.name.get_untracked(),
        }
    }

    fn input<'a>(
        &'a self,
        store: &'a FormStore,
        stored: &'a serde_json::Map<String, Value>,
    ) -> FormInput<'a> {
        FormInput {
            ct: &store.ct,
            values: &self.values,
            mode: &store.mode,
            stored,
            other: &self.other,
            server_hidden: &self.hidden,
            name: &self.name,
        }
    }
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
    // Async work started here ends with it (requests aborted, no signal read after).
    let tasks = crate::ui::Tasks::new();
    perf_mark("cc-form-start");
    let kind = ct.kind;
    let (values, mode, name): (Values, Mode, String) = match &existing {
        Some(c) => {
            let (v, m) = crate::model::form::values_from_config(&ct, &c.config);
            (v, m, c.name.clone())
        }
        None => (initial_values(&ct), Mode::Create, String::new()),
    };
    let (draft, saved) = Draft::open(connector_key(
        &ctx.backend.id,
        kind.plural(),
        &existing
            .as_ref()
            .map(|c| format!("edit.{}", c.id))
            .unwrap_or_else(|| format!("new.{}", ct.id)),
    ));
    // Restore a draft over the starting values.
    let mut start = values.clone();
    let mut start_name = name.clone();
    match saved.and_then(|d| restore_draft(&ct, &d, &mut start)) {
        Some(n) if !n.is_empty() => start_name = n,
        Some(_) => {}
        None => draft.restored.set(None),
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
        store = store
            .with_skip(&["name", "connector.class"])
            .with_other(ctx.api.other_keys(&ct, &stored_config));
    }
    let stored_config = std::sync::Arc::new(stored_config);

    // Validate-driven forms ask the server as the user types (debounced; stale answers are
    // ignored): which fields apply, which values it recommends, what is wrong.
    let checking = RwSignal::new(false);
    let revalidate_error = RwSignal::new(None::<String>);
    let seq = StoredValue::new(0u64);
    let pending_validate = StoredValue::new_local(None::<Timeout>);
    // The config the form would send: the vendor's one encode step.
    let config_now = {
        let (store, ctx, stored) = (store.clone(), ctx.clone(), stored_config.clone());
        move || {
            let snap = Snapshot::of(&store);
            ctx.api.encode(&snap.input(&store, &stored))
        }
    };
    let revalidate = {
        let (store, ctx, stored) = (store.clone(), ctx.clone(), stored_config.clone());
        move || {
            let n = seq.get_value() + 1;
            seq.set_value(n);
            let (store, api, stored) = (store.clone(), ctx.api.clone(), stored.clone());
            let snap = Snapshot::of(&store);
            checking.set(true);
            tasks.spawn(async move {
                let result = api.validate(&snap.input(&store, &stored)).await;
                if seq.get_value() != n {
                    return; // a newer check is under way
                }
                checking.set(false);
                match result {
                    Ok(v) => {
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
    {
        let (track, store) = (store.changes, store.clone());
        draft.autosave(
            move || track.track(),
            move || {
                draft_of(
                    &store.ct,
                    &store.name.get_untracked(),
                    &store.values_untracked(),
                )
            },
        );
    }

    // Effects run once the form is in the DOM: the end of the first render.
    Effect::new(move |_| perf_mark("cc-form-rendered"));

    let summary = RwSignal::new(Vec::<SummaryItem>::new());
    let banner = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let is_edit = existing.is_some();

    let raw_panel = raw_config_panel(store.clone(), config_now.clone());
    // "Copy as curl": the request saving would send, without credentials or secrets.
    let curl_text = {
        let (store, ctx, stored, existing) = (
            store.clone(),
            ctx.clone(),
            stored_config.clone(),
            existing.clone(),
        );
        Signal::derive(move || {
            store.changes.track();
            let snap = Snapshot::of(&store);
            ctx.api
                .save_as_curl(&snap.input(&store, &stored), existing.as_ref())
                .unwrap_or_default()
        })
    };
    // Review before update: an edit shows what changes and is sent only once confirmed.
    let review = RwSignal::new(None::<Vec<crate::model::diff::Change>>);
    // The last save failed in a way that may have saved anyway (see the retry below).
    let last_transient = StoredValue::new(false);
    let confirmed = StoredValue::new(false);
    let review_id = ctx.id("review-h");
    let submit = {
        let (store, ctx, draft, existing) =
            (store.clone(), ctx.clone(), draft.clone(), existing.clone());
        let (config_now, review_id) = (config_now.clone(), review_id.clone());
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
            if let Some(c) = &existing {
                if !confirmed.get_value() {
                    let secret = store.ct.secret_keys();
                    let sending = config_now();
                    review.set(Some(crate::model::diff::config_diff(
                        &c.config,
                        &sending,
                        &|k| secret.contains(k),
                    )));
                    crate::ui::focus_later(review_id.clone());
                    return;
                }
                confirmed.set_value(false);
                review.set(None);
            }
            let mut snap = Snapshot::of(&store);
            snap.name = snap.name.trim().to_string();
            busy.set(true);
            let (store, ctx, draft, existing, stored) = (
                store.clone(),
                ctx.clone(),
                draft.clone(),
                existing.clone(),
                stored_config.clone(),
            );
            tasks.spawn(async move {
                let input = snap.input(&store, &stored);
                if validate_driven {
                    // One more validation right before saving: never create with errors.
                    seq.update_value(|n| *n += 1);
                    match ctx.api.validate(&input).await {
                        Ok(v) => {
                            store.show_all_errors.set(true);
                            let errors = store.apply_validation(&v);
                            if v.error_count > 0 {
                                // Never save while the server counts errors, even those on keys
                                // the form does not show (hidden or unknown): name them.
                                busy.set(false);
                                let unplaced: Vec<crate::model::form::FieldError> = v
                                    .states
                                    .iter()
                                    .filter(|s| !errors.iter().any(|e| e.key == s.key))
                                    .filter_map(|s| {
                                        s.errors.first().map(|m| crate::model::form::FieldError {
                                            key: s.key.clone(),
                                            message: m.clone(),
                                        })
                                    })
                                    .collect();
                                let items = summarize(&store, &errors);
                                if let Some(first) = items.first() {
                                    focus_item(&store, first);
                                }
                                summary.set(items);
                                if !unplaced.is_empty() || errors.is_empty() {
                                    banner.set(Some(with_unplaced(
                                        ApiError::Http {
                                            status: 400,
                                            message: format!(
                                                "The server reports {} problem(s) with this configuration.",
                                                v.error_count
                                            ),
                                            fields: Vec::new(),
                                            retry_after: None,
                                        },
                                        &unplaced,
                                    )));
                                }
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
                // A create whose answer was lost (a timeout, a dropped connection, a 5xx) may
                // have happened: before sending it again, look for it.
                let retrying = existing.is_none() && last_transient.get_value();
                let found = if retrying {
                    ctx.api.list().await.ok().and_then(|l| {
                        l.items
                            .into_iter()
                            .find(|c| c.name == snap.name && c.kind == kind)
                    })
                } else {
                    None
                };
                let result = match (&existing, found) {
                    (_, Some(c)) => Ok(c),
                    (Some(c), None) => ctx.api.update(c, &input).await,
                    (None, None) => ctx.api.create(&input).await,
                };
                last_transient.set_value(matches!(&result, Err(e) if e.is_transient()));
                busy.set(false);
                match result {
                    Ok(c) => {
                        draft.clear();
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
    let confirm = {
        let s = submit.clone();
        move |_| {
            confirmed.set_value(true);
            s()
        }
    };
    let review_panel = move || {
        let confirm = confirm.clone();
        review.get().map(|changes| {
            let rows = changes
                .into_iter()
                .map(|c| {
                    let (class, what) = match c.kind {
                        crate::model::diff::ChangeKind::Added => ("change-added", "added"),
                        crate::model::diff::ChangeKind::Changed => ("change-changed", "changed"),
                        crate::model::diff::ChangeKind::Removed => ("change-removed", "removed"),
                    };
                    view! {
                        <tr class=class>
                            <th scope="row" class="mono">{c.key}</th>
                            <td>{what}</td>
                            <td class="mono">{c.before.unwrap_or_else(|| "—".into())}</td>
                            <td class="mono">{c.after.unwrap_or_else(|| "—".into())}</td>
                        </tr>
                    }
                })
                .collect::<Vec<_>>();
            let empty = rows.is_empty();
            view! {
                <section class="review form-section" aria-labelledby=review_id.clone() data-testid="review">
                    <h2 id=review_id.clone() tabindex="-1">"Review changes"</h2>
                    {if empty {
                        view! { <p>"No setting changes: saving sends the configuration as it is."</p> }.into_any()
                    } else {
                        view! {
                            <table class="table review-table">
                                <thead><tr><th scope="col">"Key"</th><th scope="col">"Change"</th><th scope="col">"Stored"</th><th scope="col">"To be sent"</th></tr></thead>
                                <tbody>{rows}</tbody>
                            </table>
                        }.into_any()
                    }}
                    <p class="muted small">"Secrets are masked. Nothing is sent until you confirm."</p>
                    <div class="form-actions">
                        <button type="button" class="btn btn-primary" on:click=confirm.clone()>"Confirm and save"</button>
                        <button type="button" class="btn" on:click=move |_| review.set(None)>"Keep editing"</button>
                    </div>
                </section>
            }
        })
    };
    let retry = Callback::new(move |_| submit());

    // After the draft is forgotten: the form as it started.
    let discard = {
        let store = store.clone();
        Callback::new(move |_| {
            for (i, f) in store.ct.fields.iter().enumerate() {
                if let Some(v) = original.0.get(&f.key) {
                    store.fields[i].value.set(v.clone());
                }
                store.fields[i].error.set(None);
            }
            store.name.set(original.1.clone());
            summary.set(vec![]);
        })
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
        <DraftBanner draft=draft on_discard=discard/>
        {validate_driven.then(|| view! {
            <p class="muted small" aria-live="polite">
                {move || if checking.get() { "Checking the configuration with the server…".to_string() } else {
                    revalidate_error.get().map(|e| format!("The server could not check the configuration: {e}")).unwrap_or_default()
                }}
            </p>
        })}
        {raw_panel}
        <CurlPanel note="The request saving would send." text=curl_text/>
        <DynamicForm store=store summary=summary banner=banner busy=busy submit_label=submit_label
            busy_label=busy_label on_submit=submit_cb on_retry=retry cancel_href=cancel/>
        {review_panel}
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

/// "Configuration as JSON": the form's config (without secrets) to read, edit, download, or
/// replace from a file. Applying the text sets the form's fields from it (see
/// [`raw_config::import`]); keys the connector does not list go to "Other properties" where the
/// form has them, else they are named and left out. What the user typed is only replaced by
/// what the document says, and secrets they typed stay.
fn raw_config_panel(
    store: FormStore,
    config_now: impl Fn() -> serde_json::Map<String, Value> + Clone + 'static,
) -> impl IntoView {
    // Async work started here ends with it (requests aborted, no signal read after).
    let tasks = crate::ui::Tasks::new();
    use crate::model::raw_config;
    let text = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let message = RwSignal::new(None::<String>);
    let (text_id, help_id, file_id) = (
        store.id("raw-json"),
        store.id("raw-json-help"),
        store.id("raw-json-file"),
    );
    let aria = FieldAria::new(text_id.clone(), error).described_by(Some(help_id.clone()));
    let has_other = store.ct.form == FormSource::Validate;
    // The current form as a document, and what had to be left out of it.
    let export = {
        let (store, config_now) = (store.clone(), config_now.clone());
        move || {
            let (out, left_out) = raw_config::export(&store.ct, &config_now());
            let text = serde_json::to_string_pretty(&Value::Object(out)).unwrap_or_default();
            (text, left_out)
        }
    };
    let left_out_note = |left: &[String]| {
        if left.is_empty() {
            String::new()
        } else {
            format!(" Secrets are left out: {}.", left.join(", "))
        }
    };
    let refresh = {
        let export = export.clone();
        move || {
            let (t, left) = export();
            text.set(t);
            error.set(None);
            message.set(Some(format!(
                "Shows the form as it is now.{}",
                left_out_note(&left)
            )));
        }
    };
    let apply = {
        let store = store.clone();
        move |doc: String| {
            let before = store.values_untracked();
            match raw_config::import(&store.ct, &before, &store.skip, &doc) {
                Err(e) => {
                    error.set(Some(e));
                    message.set(None);
                }
                Ok(imp) => {
                    error.set(None);
                    let changed = raw_config::changed_count(&before, &imp.values);
                    for (i, f) in store.ct.fields.iter().enumerate() {
                        if let Some(v) = imp.values.get(&f.key) {
                            if before.get(&f.key) != Some(v) {
                                store.set(i, v.clone());
                            }
                        }
                    }
                    if let Some(n) = imp.name.filter(|n| !n.trim().is_empty()) {
                        store.name.set(n);
                        store.changes.update(|c| *c += 1);
                    }
                    let mut parts = vec![format!(
                        "Applied to the form: {changed} field{} changed.",
                        if changed == 1 { "" } else { "s" }
                    )];
                    if !imp.unknown.is_empty() {
                        let keys: Vec<&str> = imp.unknown.iter().map(|(k, _)| k.as_str()).collect();
                        if has_other {
                            store.other.update(|rows| {
                                for (k, v) in &imp.unknown {
                                    match rows.iter_mut().find(|r| &r.1 == k) {
                                        Some(r) => r.2 = v.clone(),
                                        None => {
                                            let id =
                                                rows.iter().map(|r| r.0 + 1).max().unwrap_or(0);
                                            rows.push((id, k.clone(), v.clone()));
                                        }
                                    }
                                }
                            });
                            parts.push(format!("Under “Other properties”: {}.", keys.join(", ")));
                        } else {
                            parts.push(format!(
                                "Not settings of this connector, so left out: {}.",
                                keys.join(", ")
                            ));
                        }
                    }
                    message.set(Some(parts.join(" ")));
                }
            }
        }
    };
    let apply_text = {
        let apply = apply.clone();
        move |_| apply(text.get_untracked())
    };
    let load_file = {
        let apply = apply.clone();
        move |ev: leptos::ev::Event| {
            let Some(input) = ev
                .target()
                .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlInputElement>(t).ok())
            else {
                return;
            };
            let Some(file) = input.files().and_then(|f| f.get(0)) else {
                return;
            };
            input.set_value("");
            let apply = apply.clone();
            tasks.spawn(async move {
                match wasm_bindgen_futures::JsFuture::from(file.text()).await {
                    Ok(v) => {
                        let doc = v.as_string().unwrap_or_default();
                        text.set(doc.clone());
                        apply(doc);
                    }
                    Err(_) => error.set(Some(format!("Could not read “{}”.", file.name()))),
                }
            });
        }
    };
    let download = {
        let (store, export) = (store.clone(), export.clone());
        move |_| {
            let (doc, left) = export();
            let name = store.name.get_untracked();
            let stem = if name.trim().is_empty() {
                store.ct.id.clone()
            } else {
                name.trim().to_string()
            };
            match save_file(&format!("{stem}.json"), &doc) {
                Ok(()) => message.set(Some(format!(
                    "Downloaded {stem}.json.{}",
                    left_out_note(&left)
                ))),
                Err(e) => error.set(Some(e)),
            }
        }
    };
    let on_toggle = {
        let refresh = refresh.clone();
        move |ev: leptos::ev::Event| {
            let open = ev
                .target()
                .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlDetailsElement>(t).ok())
                .is_some_and(|d| d.open());
            if open && text.with_untracked(String::is_empty) {
                refresh();
            }
        }
    };
    view! {
        <details class="raw-config" on:toggle=on_toggle>
            <summary>"Configuration as JSON"</summary>
            <div class="raw-config-body">
                <label for=text_id.clone()>"Configuration (JSON)"</label>
                <textarea id=text_id class="input mono" rows="14" spellcheck="false" autocomplete="off"
                    aria-invalid=aria.invalid() aria-describedby=aria.describedby()
                    use:live_value=Signal::derive(move || text.get())
                    on:input=move |e| { text.set(event_target_value(&e)); error.set(None); }></textarea>
                <p class="help" id=help_id>"Edit and apply, paste a config, or load a file. Fields the document leaves out go back to their defaults; secrets are never shown here or downloaded, and the ones you typed stay."</p>
                {aria.error_line()}
                <p class="muted small" role="status">{move || message.get()}</p>
                <div class="row">
                    <button type="button" class="btn" on:click=apply_text>"Apply to form"</button>
                    <button type="button" class="btn btn-quiet" on:click=move |_| refresh()>"Refresh from form"</button>
                    <button type="button" class="btn btn-quiet" on:click=download>"Download"</button>
                    <label class="btn btn-quiet file-btn" for=file_id.clone()>"Load a file…"</label>
                    <input type="file" id=file_id class="sr-only" accept="application/json,.json" on:change=load_file />
                </div>
            </div>
        </details>
    }
}

/// Offers `text` as a file download (a Blob behind an object URL, clicked through a link).
fn save_file(name: &str, text: &str) -> Result<(), String> {
    use wasm_bindgen::JsCast;
    let fail = |_| "The browser refused the download.".to_string();
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type("application/json");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts).map_err(fail)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(fail)?;
    let doc = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("No document.")?;
    let a: web_sys::HtmlAnchorElement = doc
        .create_element("a")
        .map_err(fail)?
        .dyn_into()
        .map_err(|_| "No link element.".to_string())?;
    a.set_href(&url);
    a.set_download(name);
    a.click();
    // Let the download start before the URL goes.
    std::mem::forget(Timeout::new(1_000, move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    }));
    Ok(())
}
