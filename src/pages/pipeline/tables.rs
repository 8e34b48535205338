//! `tables` (list, delete) and `new-table?connector=&side=&profile=` (create a source or sink
//! table: the side's config form, format, columns, event time and watermark; test it while the
//! server streams its messages).

use leptos::prelude::*;

use super::profiles::futures_join;
use super::{created_banner, draft_banner, resubmit, SchemaIcon, TestOutcome, TestState};
use crate::components::frame::NameField;
use crate::components::schema_form::{ErrorSummary, Problem, SchemaForm, SchemaFormView};
use crate::components::{ErrorBanner, Loading};
use crate::http::ApiError;
use crate::model::form::FieldError;
use crate::model::pipeline::TableDraft;
use crate::model::pipeline::{
    config_pointer, Profile, SchemaConnector, SchemaField, Table, TableKind, TableSchema,
    TestMessage,
};
use crate::model::pipeline_view::{only_side, preset_side, short_time, type_choices};
use crate::pages::draft::{pipeline_key, Draft};
use crate::schema::{default_value, SchemaError};
use crate::ui::focus_later;
use crate::ui::use_app;
use serde_json::{json, Value};

/// `tables`: connection tables.
#[component]
pub fn TablesPage() -> impl IntoView {
    let ctx = use_app();
    let api = ctx.api.clone();
    let data = LocalResource::new(move || {
        let api = api.clone();
        async move {
            let (tables, profiles) = futures_join(api.tables(), api.profiles()).await;
            Ok::<_, ApiError>((tables?, profiles.unwrap_or_default()))
        }
    });
    let error = RwSignal::new(None::<ApiError>);
    Effect::new(move |_| match data.get() {
        Some(Err(e)) => error.set(Some(e)),
        _ => error.set(None),
    });
    let retry = Callback::new(move |_| data.refetch());
    let created = ctx
        .loc
        .with_untracked(|l| l.param("created").map(str::to_string));
    let confirming = RwSignal::new(None::<Table>);
    let status = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let action_error = RwSignal::new(None::<ApiError>);
    let delete = {
        let ctx = ctx.clone();
        move |t: Table| {
            busy.set(true);
            action_error.set(None);
            let api = ctx.api.clone();
            leptos::task::spawn_local(async move {
                let r = api.delete_table(&t.id).await;
                busy.set(false);
                confirming.set(None);
                match r {
                    Ok(_) => {
                        status.set(format!("Deleted “{}”.", t.name));
                        data.refetch();
                    }
                    Err(e) => action_error.set(Some(e)),
                }
            });
        }
    };
    let confirm_title = ctx.id("lam-tdel-title");
    let ctx_rows = ctx.clone();
    view! {
        <div class="page">
            <div class="page-head row-between">
                <div>
                    <h1>"Connection tables"</h1>
                    <p class="muted">"Sources to read from and sinks to write to, each with its format and columns."</p>
                </div>
                <a class="btn btn-primary" href=ctx.href("catalog", &[])>"New table"</a>
            </div>
            {created_banner("table", created)}
            <p class="sr-only" role="status">{move || status.get()}</p>
            {move || (!status.get().is_empty()).then(|| view! {
                <div class="banner banner-info"><div class="banner-text">{status.get()}</div></div>
            })}
            <ErrorBanner error=error on_retry=retry/>
            <ErrorBanner error=action_error on_retry=retry/>
            {
                let delete = delete.clone();
                let confirm_title = confirm_title.clone();
                move || confirming.get().map(|t| {
                    let delete = delete.clone();
                    let t2 = t.clone();
                    view! {
                        <div class="confirm" role="alertdialog" aria-labelledby=confirm_title.clone()>
                            <p id=confirm_title.clone()><strong>{format!("Delete the table “{}”?", t.name)}</strong></p>
                            <p>"Pipelines can no longer read or write it; the server refuses while any pipeline does. This cannot be undone."</p>
                            <div class="row">
                                <button type="button" class="btn btn-danger" autofocus disabled=move || busy.get()
                                    on:click=move |_| delete(t2.clone())>"Delete permanently"</button>
                                <button type="button" class="btn" on:click=move |_| confirming.set(None)>"Cancel"</button>
                            </div>
                        </div>
                    }
                })
            }
            {move || {
                let ctx = ctx_rows.clone();
                match data.get() {
                    None => view! { <Loading what="tables"/> }.into_any(),
                    Some(Err(_)) => ().into_any(),
                    Some(Ok((tables, _))) if tables.is_empty() => view! {
                        <div class="empty">
                            <p>"No connection tables yet."</p>
                            <a class="btn btn-primary" href=ctx.href("catalog", &[])>"Pick a connector"</a>
                        </div>
                    }.into_any(),
                    Some(Ok((tables, profiles))) => view! {
                        <table class="table" data-testid="table-table">
                            <thead><tr>
                                <th scope="col">"Name"</th><th scope="col">"Connector"</th><th scope="col">"Side"</th>
                                <th scope="col">"Profile"</th><th scope="col">"Format"</th><th scope="col">"Columns"</th>
                                <th scope="col">"Created"</th><th scope="col">"Actions"</th>
                            </tr></thead>
                            <tbody>
                                {tables.into_iter().map(|t| {
                                    let profile = t.profile_id.as_ref().map(|id| {
                                        profiles.iter().find(|p: &&Profile| &p.id == id).map(|p| p.name.clone()).unwrap_or_else(|| id.clone())
                                    });
                                    let cols: Vec<String> = t.schema.fields.iter().map(|f| format!("{} {}", f.name, f.data_type)).collect();
                                    let t2 = t.clone();
                                    let name = t.name.clone();
                                    view! {
                                        <tr data-name=t.name.clone()>
                                            <td><strong>{t.name.clone()}</strong></td>
                                            <td>{t.connector.clone()}</td>
                                            <td>{t.table_type.clone().map(|s| view! { <span class=format!("tag tag-side tag-{s}")>{s.clone()}</span> })}</td>
                                            <td>{profile.unwrap_or_else(|| "—".into())}</td>
                                            <td>{t.schema.format.clone().unwrap_or_else(|| "—".into())}</td>
                                            <td class="small"><span title=cols.join(", ")>{if cols.is_empty() { "inferred".to_string() } else { cols.len().to_string() }}</span></td>
                                            <td class="muted small">{t.created_at.as_deref().map(short_time).unwrap_or_default()}</td>
                                            <td><button type="button" class="btn btn-small btn-quiet" aria-label=format!("Delete {name}")
                                                on:click=move |_| { confirming.set(Some(t2.clone())); status.set(String::new()); }>"Delete"</button></td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any(),
                }
            }}
        </div>
    }
}

/// `new-table?connector=…&side=source|sink[&profile=…]`.
#[component]
pub fn NewTablePage() -> impl IntoView {
    let ctx = use_app();
    let (connector, side, profile) = ctx.loc.with_untracked(|l| {
        (
            l.param("connector").unwrap_or_default().to_string(),
            l.param("side").and_then(TableKind::parse),
            l.param("profile").map(str::to_string),
        )
    });
    let api = ctx.api.clone();
    let data = LocalResource::new(move || {
        let (api, id) = (api.clone(), connector.clone());
        async move {
            let c = api.schema_connector(&id).await?;
            let profiles = if c.needs_profile() {
                api.profiles()
                    .await?
                    .into_iter()
                    .filter(|p| p.connector == c.id)
                    .collect()
            } else {
                Vec::new()
            };
            Ok::<_, ApiError>((c, profiles))
        }
    });
    let error = RwSignal::new(None::<ApiError>);
    Effect::new(move |_| match data.get() {
        Some(Err(e)) => error.set(Some(e)),
        _ => error.set(None),
    });
    let retry = Callback::new(move |_| data.refetch());
    let nonce = RwSignal::new(0u32);
    let ctx2 = ctx.clone();
    view! {
        <div class="page page-form">
            <ErrorBanner error=error on_retry=retry/>
            {move || match data.get() {
                None => view! { <Loading what="the connector"/> }.into_any(),
                Some(Err(_)) => view! { <h1>"New connection table"</h1> }.into_any(),
                Some(Ok((c, profiles))) => {
                    let side = side.filter(|s| c.supports(*s)).or_else(|| only_side(&c));
                    match side {
                        // Keyed by `nonce`: "Discard draft" builds a fresh form.
                        Some(side) => {
                            let profile = profile.clone();
                            view! {
                                <For each=move || std::iter::once(nonce.get()) key=|n| *n let:_n>
                                    <TableForm connector=c.clone() profiles=profiles.clone() side=side profile=profile.clone() nonce=nonce/>
                                </For>
                            }.into_any()
                        }
                        None => {
                            let link = |s: TableKind, label: &'static str| {
                                let mut params = vec![("connector", c.id.as_str()), ("side", s.as_str())];
                                if let Some(p) = profile.as_deref() { params.push(("profile", p)); }
                                view! { <a class="btn" href=ctx2.href("new-table", &params)>{label}</a> }
                            };
                            view! {
                                <h1>{format!("New {} table", c.name)}</h1>
                                <p>{format!("{} can be read from and written to. Which side is this table?", c.name)}</p>
                                <div class="row">{link(TableKind::Source, "Source: read from it")}{link(TableKind::Sink, "Sink: write to it")}</div>
                            }.into_any()
                        }
                    }
                }
            }}
        </div>
    }
}

/// One column of the schema editor.
#[derive(Clone)]
struct Column {
    id: u64,
    name: RwSignal<String>,
    dtype: RwSignal<String>,
    nullable: RwSignal<bool>,
    error: RwSignal<Option<String>>,
}

fn column(id: u64, f: &SchemaField) -> Column {
    Column {
        id,
        name: RwSignal::new(f.name.clone()),
        dtype: RwSignal::new(f.data_type.clone()),
        nullable: RwSignal::new(f.nullable),
        error: RwSignal::new(None),
    }
}

#[component]
fn TableForm(
    connector: SchemaConnector,
    profiles: Vec<Profile>,
    side: TableKind,
    profile: Option<String>,
    nonce: RwSignal<u32>,
) -> impl IntoView {
    let ctx = use_app();
    let Some(node) = connector.table_form(side).cloned() else {
        return view! {
            <h1>{format!("{} has no {} settings", connector.name, side.as_str())}</h1>
            <p class="muted">"The catalog describes no table form for this side."</p>
        }
        .into_any();
    };
    // Start from a saved draft (never with secrets), else the schema's defaults.
    let (draft_store, saved) = Draft::open(pipeline_key(
        &ctx.backend.id,
        &format!("table.{}.{}", connector.id, side.as_str()),
    ));
    let saved = saved.unwrap_or(Value::Null);
    let text = |k: &str| saved.get(k).and_then(Value::as_str).map(str::to_string);
    let start = match saved.get("config") {
        Some(c) if c.is_object() => c.clone(),
        _ => {
            let mut start = default_value(&node);
            preset_side(&node, side, &mut start);
            start
        }
    };
    let form = SchemaForm::new(node, &start, &ctx.id("tf-"));
    let needs_profile = connector.needs_profile();
    let formats = connector.table_formats();
    let source = side == TableKind::Source;

    let name = RwSignal::new(text("name").unwrap_or_default());
    let name_error = RwSignal::new(None::<String>);
    let known_profile = |p: &String| profiles.iter().any(|x| &x.id == p);
    let profile_id = RwSignal::new(
        profile
            .filter(known_profile)
            .or_else(|| text("profile_id").filter(known_profile))
            .or_else(|| (profiles.len() == 1).then(|| profiles[0].id.clone()))
            .unwrap_or_default(),
    );
    let profile_error = RwSignal::new(None::<String>);
    let format = RwSignal::new(
        text("format")
            .filter(|f| formats.contains(f))
            .unwrap_or_else(|| {
                if formats.len() == 1 {
                    formats[0].clone()
                } else {
                    String::new()
                }
            }),
    );
    let format_error = RwSignal::new(None::<String>);
    let saved_columns: Vec<SchemaField> = saved
        .get("columns")
        .and_then(Value::as_array)
        .map(|cs| {
            cs.iter()
                .map(|c| SchemaField {
                    name: c
                        .get("name")
                        .and_then(Value::as_str)
                        .unwrap_or_default()
                        .into(),
                    data_type: c
                        .get("type")
                        .and_then(Value::as_str)
                        .unwrap_or("STRING")
                        .into(),
                    nullable: c.get("nullable").and_then(Value::as_bool).unwrap_or(true),
                })
                .collect()
        })
        .unwrap_or_default();
    let next_col = StoredValue::new(saved_columns.len() as u64 + 1);
    let columns = RwSignal::new(
        saved_columns
            .iter()
            .enumerate()
            .map(|(i, f)| column(i as u64 + 1, f))
            .collect::<Vec<Column>>(),
    );
    let event_time = RwSignal::new(text("event_time").unwrap_or_default());
    let event_error = RwSignal::new(None::<String>);
    let watermark = RwSignal::new(text("watermark").unwrap_or_default());
    let watermark_error = RwSignal::new(None::<String>);

    // Autosave a draft (never secrets) shortly after edits stop.
    {
        let (track_form, form) = (form.clone(), form.clone());
        draft_store.autosave(
            move || {
                track_form.changes.track();
                name.track();
                profile_id.track();
                format.track();
                event_time.track();
                watermark.track();
                columns.with(|cs| {
                    for c in cs {
                        c.name.track();
                        c.dtype.track();
                        c.nullable.track();
                    }
                });
            },
            move || {
                let cols: Vec<Value> = columns.with_untracked(|cs| {
                    cs.iter()
                        .map(|c| json!({"name": c.name.get_untracked(), "type": c.dtype.get_untracked(), "nullable": c.nullable.get_untracked()}))
                        .collect()
                });
                json!({
                    "name": name.get_untracked(),
                    "profile_id": profile_id.get_untracked(),
                    "format": format.get_untracked(),
                    "columns": cols,
                    "event_time": event_time.get_untracked(),
                    "watermark": watermark.get_untracked(),
                    "config": form.draft_value(),
                })
            },
        );
    }

    let ids = Ids {
        name: ctx.id("table-name"),
        profile: ctx.id("table-profile"),
        format: ctx.id("table-format"),
        event: ctx.id("table-event-time"),
        watermark: ctx.id("table-watermark"),
        col_prefix: ctx.id("table-col-"),
        add_col: ctx.id("table-add-col"),
        summary: ctx.id("table-summary"),
        form: ctx.id("table-form"),
    };

    // Suggestions for `format: autocomplete` fields come from the chosen profile.
    {
        let (api, form, profiles) = (ctx.api.clone(), form.clone(), profiles.clone());
        Effect::new(move |_| {
            let id = profile_id.get();
            form.suggestions.set(None);
            if id.is_empty() {
                return;
            }
            let pname = profiles
                .iter()
                .find(|p| p.id == id)
                .map(|p| format!("the profile “{}”", p.name));
            let (api, form) = (api.clone(), form.clone());
            leptos::task::spawn_local(async move {
                if let Ok(a) = api.autocomplete(&id).await {
                    if profile_id.get_untracked() == id {
                        form.suggestions_from.set(pname);
                        form.suggestions.set(Some(a));
                    }
                }
            });
        });
    }

    let summary = RwSignal::new(Vec::<Problem>::new());
    let banner = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let test = RwSignal::new(TestState::Idle);
    let log = RwSignal::new(Vec::<TestMessage>::new());

    let schema_now = move || TableSchema {
        format: Some(format.get_untracked()).filter(|f| !f.is_empty()),
        format_options: Default::default(),
        fields: columns
            .get_untracked()
            .iter()
            .map(|c| SchemaField {
                name: c.name.get_untracked().trim().to_string(),
                data_type: c.dtype.get_untracked(),
                nullable: c.nullable.get_untracked(),
            })
            .collect(),
        event_time_field: Some(event_time.get_untracked()).filter(|e| source && !e.is_empty()),
        watermark_delay: Some(watermark.get_untracked().trim().to_string())
            .filter(|w| source && !w.is_empty()),
        table_type: Some(side.as_str().to_string()),
    };
    let draft = {
        let (form, id) = (form.clone(), connector.id.clone());
        move || TableDraft {
            name: name.get_untracked().trim().to_string(),
            connector: id.clone(),
            profile_id: Some(profile_id.get_untracked()).filter(|p| !p.is_empty()),
            config: form.cleaned(),
            schema: schema_now(),
        }
    };

    // Puts problems (local or from the server) on their fields; returns the summary.
    let place = {
        let (form, ids) = (form.clone(), ids.clone());
        move |errors: &[FieldError]| -> Vec<Problem> {
            for e in [
                name_error,
                profile_error,
                format_error,
                event_error,
                watermark_error,
            ] {
                e.set(None);
            }
            for c in columns.get_untracked() {
                c.error.set(None);
            }
            let mut problems = Vec::new();
            let mut config_errors = Vec::new();
            let cols = columns.get_untracked();
            for f in errors {
                let mut put = |sig: RwSignal<Option<String>>, target: &str, label: &str| {
                    if sig.get_untracked().is_none() {
                        sig.set(Some(f.message.clone()));
                    }
                    problems.push(Problem {
                        target: target.to_string(),
                        label: label.to_string(),
                        message: f.message.clone(),
                    });
                };
                let k = f.key.as_str();
                if k == "/name" {
                    put(name_error, &ids.name, "Table name");
                } else if k == "/connection_profile_id" || k == "/connectionProfileId" {
                    put(profile_error, &ids.profile, "Connection profile");
                } else if k.starts_with("/schema/format") {
                    put(format_error, &ids.format, "Format");
                } else if k == "/event_time_field" || k == "/schema/event_time_field" {
                    put(event_error, &ids.event, "Event time column");
                } else if k == "/watermark_delay" || k == "/schema/watermark_delay" {
                    put(watermark_error, &ids.watermark, "Watermark delay");
                } else if let Some(rest) = k.strip_prefix("/schema/fields/") {
                    let i: usize = rest
                        .split('/')
                        .next()
                        .and_then(|s| s.parse().ok())
                        .unwrap_or(0);
                    if let Some(c) = cols.get(i) {
                        put(
                            c.error,
                            &format!("{}{}-name", ids.col_prefix, c.id),
                            &format!("Column {}", i + 1),
                        );
                    }
                } else if let Some(p) = config_pointer(k) {
                    config_errors.push(SchemaError {
                        pointer: p.to_string(),
                        message: f.message.clone(),
                    });
                }
            }
            let mut config_problems = form.show(&config_errors);
            // Keep the page's order: name and profile, then settings, then the rest.
            let split = problems
                .iter()
                .position(|p| p.target != ids.name && p.target != ids.profile)
                .unwrap_or(problems.len());
            let rest = problems.split_off(split);
            problems.append(&mut config_problems);
            problems.extend(rest);
            problems
        }
    };

    let check = {
        let (form, place, formats) = (form.clone(), place.clone(), formats.clone());
        move || -> bool {
            let mut errors: Vec<FieldError> = Vec::new();
            let err = |key: &str, message: &str| FieldError {
                key: key.into(),
                message: message.into(),
            };
            if name.get_untracked().trim().is_empty() {
                errors.push(err("/name", "Table name is required."));
            }
            if needs_profile && profile_id.get_untracked().is_empty() {
                errors.push(err(
                    "/connection_profile_id",
                    "Choose the connection profile this table uses.",
                ));
            }
            errors.extend(form.problems().into_iter().map(|e| FieldError {
                key: format!("/config{}", e.pointer),
                message: e.message,
            }));
            if formats.len() > 1 && format.get_untracked().is_empty() {
                errors.push(err("/schema/format", "Choose a format."));
            }
            errors.extend(schema_now().problems(&formats));
            let problems = place(&errors);
            let first = problems.first().map(|p| p.target.clone());
            summary.set(problems);
            if let Some(t) = first {
                focus_later(t);
                return false;
            }
            true
        }
    };
    let apply_error = {
        let place = place.clone();
        move |e: ApiError| {
            let problems = place(e.field_errors());
            let first = problems.first().map(|p| p.target.clone());
            summary.set(problems);
            banner.set(Some(e));
            if let Some(t) = first {
                focus_later(t);
            }
        }
    };

    let run_test = {
        let (ctx, check, draft, apply_error) = (
            ctx.clone(),
            check.clone(),
            draft.clone(),
            apply_error.clone(),
        );
        move |_| {
            if busy.get_untracked() {
                return;
            }
            banner.set(None);
            log.set(Vec::new());
            if !check() {
                test.set(TestState::Idle);
                return;
            }
            busy.set(true);
            test.set(TestState::Running);
            let (api, d, apply_error) = (ctx.api.clone(), draft(), apply_error.clone());
            leptos::task::spawn_local(async move {
                let r = api
                    .test_table(&d, |m| {
                        log.update(|l| l.push(m.clone()));
                        if m.done {
                            test.set(TestState::Finished(m));
                        }
                    })
                    .await;
                busy.set(false);
                match r {
                    Ok(()) if test.get_untracked() == TestState::Running => {
                        test.set(TestState::Finished(TestMessage {
                            error: true,
                            done: true,
                            message: "The server ended the test without a result.".into(),
                        }))
                    }
                    Ok(()) => {}
                    Err(e) => {
                        test.set(TestState::Idle);
                        apply_error(e);
                    }
                }
            });
        }
    };

    let submit = {
        let (ctx, check, draft, apply_error, store) = (
            ctx.clone(),
            check.clone(),
            draft.clone(),
            apply_error.clone(),
            draft_store.clone(),
        );
        move |e: leptos::ev::SubmitEvent| {
            e.prevent_default();
            if busy.get_untracked() {
                return;
            }
            banner.set(None);
            if !check() {
                return;
            }
            busy.set(true);
            let (ctx, d, apply_error, store) =
                (ctx.clone(), draft(), apply_error.clone(), store.clone());
            leptos::task::spawn_local(async move {
                let r = ctx.api.create_table(&d).await;
                busy.set(false);
                match r {
                    Ok(t) => {
                        store.clear();
                        ctx.navigate(&ctx.href("tables", &[("created", &t.name)]))
                    }
                    Err(e) => apply_error(e),
                }
            });
        }
    };

    let add_column = {
        let ids = ids.clone();
        move |_| {
            let id = next_col.get_value();
            next_col.set_value(id + 1);
            columns.update(|c| {
                c.push(column(
                    id,
                    &SchemaField {
                        name: String::new(),
                        data_type: "STRING".into(),
                        nullable: true,
                    },
                ))
            });
            focus_later(format!("{}{id}-name", ids.col_prefix));
        }
    };

    let profile_select = needs_profile.then(|| {
        let (pid, ctx) = (ids.profile.clone(), ctx.clone());
        let new_href = ctx.href(
            "new-profile",
            &[("connector", &connector.id), ("side", side.as_str())],
        );
        let none = profiles.is_empty();
        let (h, e) = (format!("{pid}-help"), format!("{pid}-err"));
        let (h2, e2) = (h.clone(), e.clone());
        view! {
            <div class=move || if profile_error.with(Option::is_some) { "field invalid" } else { "field" } data-key="connection_profile_id">
                <div class="label-row"><label for=pid.clone()>"Connection profile"</label><span class="req" aria-hidden="true">"*"</span></div>
                <select class="input" id=pid.clone() aria-required="true"
                    aria-invalid=move || profile_error.with(Option::is_some).to_string()
                    aria-describedby=move || if profile_error.with(Option::is_some) { format!("{h2} {e2}") } else { h2.clone() }
                    on:change=move |ev| { profile_id.set(event_target_value(&ev)); profile_error.set(None); }>
                    <option value="" prop:selected=move || profile_id.with(String::is_empty)>"— Choose —"</option>
                    {profiles.iter().map(|p| {
                        let id = p.id.clone();
                        view! { <option value=p.id.clone() prop:selected=move || profile_id.with(|x| x == &id)>{p.name.clone()}</option> }
                    }).collect_view()}
                </select>
                <p class="help" id=h>
                    {if none { "No profile for this connector yet. " } else { "Where and how to connect. " }}
                    <a href=new_href>"Create a profile"</a>
                </p>
                {move || profile_error.get().map(|m| view! { <p class="error" id=e.clone()><span class="error-icon" aria-hidden="true">"!"</span>{m}</p> })}
            </div>
        }
    });

    let format_select = (!formats.is_empty()).then(|| {
        let fid = ids.format.clone();
        let (h, e) = (format!("{fid}-help"), format!("{fid}-err"));
        let (h2, e2) = (h.clone(), e.clone());
        let required = formats.len() > 1;
        let fmts = formats.clone();
        view! {
            <div class=move || if format_error.with(Option::is_some) { "field invalid" } else { "field" } data-key="format">
                <div class="label-row"><label for=fid.clone()>"Format"</label>{required.then(|| view! { <span class="req" aria-hidden="true">"*"</span> })}</div>
                <select class="input" id=fid.clone() aria-required=required.then_some("true")
                    aria-invalid=move || format_error.with(Option::is_some).to_string()
                    aria-describedby=move || if format_error.with(Option::is_some) { format!("{h2} {e2}") } else { h2.clone() }
                    on:change=move |ev| { format.set(event_target_value(&ev)); format_error.set(None); }>
                    <option value="" prop:selected=move || format.with(String::is_empty)>"— Choose —"</option>
                    {fmts.into_iter().map(|f| {
                        let f2 = f.clone();
                        view! { <option value=f.clone() prop:selected=move || format.with(|x| x == &f2)>{f.clone()}</option> }
                    }).collect_view()}
                </select>
                <p class="help" id=h>"How rows are encoded in the external system."</p>
                {move || format_error.get().map(|m| view! { <p class="error" id=e.clone()><span class="error-icon" aria-hidden="true">"!"</span>{m}</p> })}
            </div>
        }
    });

    let col_prefix = ids.col_prefix.clone();
    let add_col_id = ids.add_col.clone();
    let columns_view = view! {
        <fieldset class="sf-group lam-columns">
            <legend>"Columns"</legend>
            <p class="help">"The fields of each row. Leave empty to let the connector work them out, where it can."</p>
            <ol class="sf-row-list">
                <For each=move || columns.get() key=|c| c.id let:c>
                    {
                        let pos = move || columns.with(|cs| cs.iter().position(|x| x.id == c.id).map(|i| i + 1).unwrap_or(0));
                        let nid = format!("{col_prefix}{}-name", c.id);
                        let eid = format!("{nid}-err");
                        let eid2 = eid.clone();
                        let tid = format!("{col_prefix}{}-type", c.id);
                        let nuid = format!("{col_prefix}{}-null", c.id);
                        let nuid2 = nuid.clone();
                        let (cname, dtype, nullable, err) = (c.name, c.dtype, c.nullable, c.error);
                        let choices = type_choices(&dtype.get_untracked());
                        let cid = c.id;
                        let add_id = add_col_id.clone();
                        view! {
                            <li class="lam-column">
                                <div class="lam-column-row">
                                    <input type="text" class="input mono" id=nid placeholder="column_name" autocomplete="off" spellcheck="false"
                                        aria-label=move || format!("Column {} name", pos())
                                        aria-invalid=move || err.with(Option::is_some).to_string()
                                        aria-describedby=move || err.with(Option::is_some).then(|| eid2.clone())
                                        prop:value=move || cname.get()
                                        on:input=move |e| { cname.set(event_target_value(&e)); err.set(None); } />
                                    <select class="input" id=tid aria-label=move || format!("Column {} type", pos())
                                        on:change=move |e| dtype.set(event_target_value(&e))>
                                        {choices.into_iter().map(|t| {
                                            let t2 = t.clone();
                                            view! { <option value=t.clone() prop:selected=move || dtype.with(|d| d.eq_ignore_ascii_case(&t2))>{t.clone()}</option> }
                                        }).collect_view()}
                                    </select>
                                    <label class="choice" for=nuid.clone()>
                                        <input type="checkbox" id=nuid2 prop:checked=move || nullable.get()
                                            on:change=move |e| nullable.set(event_target_checked(&e)) />
                                        <span>"Nullable"<span class="sr-only">{move || format!(" (column {})", pos())}</span></span>
                                    </label>
                                    <button type="button" class="btn btn-small btn-quiet" aria-label=move || format!("Remove column {}", pos())
                                        on:click=move |_| { columns.update(|cs| cs.retain(|x| x.id != cid)); focus_later(add_id.clone()); }>"Remove"</button>
                                </div>
                                {move || err.get().map(|m| view! { <p class="error" id=eid.clone()><span class="error-icon" aria-hidden="true">"!"</span>{m}</p> })}
                            </li>
                        }
                    }
                </For>
            </ol>
            <button type="button" class="btn btn-small" id=ids.add_col.clone() on:click=add_column>"Add column"</button>
        </fieldset>
    };

    let time_view = source.then(|| {
        let (eid, wid) = (ids.event.clone(), ids.watermark.clone());
        let (eh, ee, wh, we) = (
            format!("{eid}-help"),
            format!("{eid}-err"),
            format!("{wid}-help"),
            format!("{wid}-err"),
        );
        let (eh2, ee2, wh2, we2) = (eh.clone(), ee.clone(), wh.clone(), we.clone());
        view! {
            <div class="fields">
                <div class=move || if event_error.with(Option::is_some) { "field invalid" } else { "field" } data-key="event_time_field">
                    <div class="label-row"><label for=eid.clone()>"Event time column"</label></div>
                    <select class="input" id=eid.clone()
                        aria-invalid=move || event_error.with(Option::is_some).to_string()
                        aria-describedby=move || if event_error.with(Option::is_some) { format!("{eh2} {ee2}") } else { eh2.clone() }
                        on:change=move |e| { event_time.set(event_target_value(&e)); event_error.set(None); }>
                        <option value="" prop:selected=move || event_time.with(String::is_empty)>"— None: use arrival time —"</option>
                        {move || columns.get().into_iter().map(|c| c.name.get()).filter(|n| !n.trim().is_empty()).map(|n| {
                            let n2 = n.clone();
                            view! { <option value=n.clone() prop:selected=move || event_time.with(|e| e == &n2)>{n.clone()}</option> }
                        }).collect_view()}
                    </select>
                    <p class="help" id=eh>"The column that says when each event happened (from the columns above)."</p>
                    {move || event_error.get().map(|m| view! { <p class="error" id=ee.clone()><span class="error-icon" aria-hidden="true">"!"</span>{m}</p> })}
                </div>
                <div class=move || if watermark_error.with(Option::is_some) { "field invalid" } else { "field" } data-key="watermark_delay">
                    <div class="label-row"><label for=wid.clone()>"Watermark delay"</label></div>
                    <input type="text" class="input" id=wid.clone() placeholder="5 seconds" autocomplete="off"
                        aria-invalid=move || watermark_error.with(Option::is_some).to_string()
                        aria-describedby=move || if watermark_error.with(Option::is_some) { format!("{wh2} {we2}") } else { wh2.clone() }
                        prop:value=move || watermark.get()
                        on:input=move |e| { watermark.set(event_target_value(&e)); watermark_error.set(None); } />
                    <p class="help" id=wh>"How late events may arrive and still count, e.g. “5 seconds”. Used with the event time column."</p>
                    {move || watermark_error.get().map(|m| view! { <p class="error" id=we.clone()><span class="error-icon" aria-hidden="true">"!"</span>{m}</p> })}
                </div>
            </div>
        }
    });

    let log_label = ctx.id("table-log-label");
    let title = format!("New {} {} table", connector.name, side.as_str());
    let cancel = ctx.href("tables", &[]);
    view! {
        <div class="page-head with-icon">
            <SchemaIcon connector=connector.clone()/>
            <div>
                <h1>{title}</h1>
                <p class="muted">{if source { "What to read, how it is encoded, and its columns." } else { "Where to write, how to encode it, and its columns." }}</p>
            </div>
        </div>
        {draft_banner(draft_store, nonce)}
        <form class="connector-form" id=ids.form.clone() novalidate on:submit=submit aria-busy=move || busy.get().to_string()>
            <ErrorBanner error=banner on_retry=resubmit(ids.form.clone())/>
            <ErrorSummary problems=summary id=ids.summary.clone()/>
            <section class="form-section">
                <div class="fields">
                    <NameField id=ids.name.clone() label="Table name" value=name error=name_error
                        help="How pipelines refer to it in SQL, e.g. orders."/>
                    {profile_select}
                </div>
            </section>
            <section class="form-section" aria-label="Table settings">
                <h2>{if source { "Source settings" } else { "Sink settings" }}</h2>
                <SchemaFormView form=form.clone()/>
            </section>
            <section class="form-section lam-data" aria-label="Data">
                <h2>"Data"</h2>
                <div class="fields">{format_select}</div>
                {columns_view}
                {time_view}
            </section>
            <section class="form-section lam-test" aria-labelledby=log_label.clone()>
                <h2 id=log_label.clone()>"Test"</h2>
                <p class="help">"Checks the settings against the external system without saving; the server reports as it goes."</p>
                <ol class="test-log" role="log" aria-labelledby=log_label.clone() data-testid="test-log">
                    <For each=move || log.get().into_iter().enumerate() key=|(i, _)| *i let:item>
                        {
                            let (_, m) = item;
                            let class = if m.error { "log-error" } else if m.done { "log-done" } else { "log-info" };
                            let mark = if m.error { "✕" } else if m.done { "✓" } else { "…" };
                            view! { <li class=class><span class="test-mark" aria-hidden="true">{mark}</span>{m.message.clone()}</li> }
                        }
                    </For>
                </ol>
                <TestOutcome state=test/>
            </section>
            <div class="form-actions">
                <button type="submit" class="btn btn-primary" disabled=move || busy.get()>"Create table"</button>
                <button type="button" class="btn" disabled=move || busy.get() on:click=run_test>"Test table"</button>
                <a class="btn btn-quiet" href=cancel>"Cancel"</a>
            </div>
        </form>
    }
    .into_any()
}

#[derive(Clone)]
struct Ids {
    name: String,
    profile: String,
    format: String,
    event: String,
    watermark: String,
    col_prefix: String,
    add_col: String,
    summary: String,
    form: String,
}
