//! `profiles` (list, delete) and `new-profile?connector=&side=&from=` (create and test a
//! connection profile with the connector's JSON Schema form).

use leptos::prelude::*;
use serde_json::{json, Value};

use super::{
    created_banner, draft_banner, resubmit, FormActions, SchemaIcon, TestOutcome, TestState,
};
use crate::components::curl::CurlPanel;
use crate::components::frame::NameField;
use crate::components::schema_form::{ErrorSummary, Problem, SchemaForm, SchemaFormView};
use crate::components::{ErrorBanner, Loading};
use crate::http::ApiError;
use crate::model::pipeline::{config_pointer, Profile, SchemaConnector};
use crate::model::pipeline_view::short_time;
use crate::pages::draft::{pipeline_key, Draft};
use crate::schema::{default_value, SchemaError};
use crate::ui::focus_later;
use crate::ui::use_app;

/// `profiles`: connection profiles.
#[component]
pub fn ProfilesPage() -> impl IntoView {
    let ctx = use_app();
    // Async work started here ends with it (requests aborted, no signal read after).
    let tasks = crate::ui::Tasks::new();
    let api = ctx.api.clone();
    let data = LocalResource::new(move || {
        let api = api.clone();
        async move {
            let (profiles, catalog) =
                futures_join(api.profiles(), api.schema_catalog(None, None)).await;
            Ok::<_, ApiError>((profiles?, catalog.map(|c| c.connectors).unwrap_or_default()))
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
    let confirming = RwSignal::new(None::<Profile>);
    let status = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let action_error = RwSignal::new(None::<ApiError>);
    let delete = {
        let ctx = ctx.clone();
        move |p: Profile| {
            busy.set(true);
            action_error.set(None);
            let api = ctx.api.clone();
            tasks.spawn(async move {
                let r = api.delete_profile(&p.id).await;
                busy.set(false);
                confirming.set(None);
                match r {
                    Ok(_) => {
                        status.set(format!("Deleted “{}”.", p.name));
                        data.refetch();
                    }
                    Err(e) => action_error.set(Some(e)),
                }
            });
        }
    };
    let new_id = ctx.id("lam-new-profile-for");
    let new_choice = RwSignal::new(String::new());
    let ctx_new = ctx.clone();
    let start_new = move |e: leptos::ev::SubmitEvent| {
        e.prevent_default();
        let c = new_choice.get_untracked();
        if !c.is_empty() {
            ctx_new.navigate(&ctx_new.href("new-profile", &[("connector", &c)]));
        }
    };
    let confirm_title = ctx.id("lam-del-title");
    let ctx_rows = ctx.clone();
    view! {
        <div class="page">
            <div class="page-head row-between">
                <div>
                    <h1>"Connection profiles"</h1>
                    <p class="muted">"Credentials and addresses, saved once and used by any number of tables."</p>
                </div>
                <form class="row lam-new-profile" on:submit=start_new>
                    <label for=new_id.clone() class="sr-only">"Connector for the new profile"</label>
                    <select id=new_id class="input" on:change=move |e| new_choice.set(event_target_value(&e))>
                        <option value="">"Connector…"</option>
                        {move || match data.get() {
                            Some(Ok((_, cs))) => cs.into_iter().filter(SchemaConnector::needs_profile).map(|c| view! {
                                <option value=c.id.clone()>{c.name.clone()}</option>
                            }).collect_view().into_any(),
                            _ => ().into_any(),
                        }}
                    </select>
                    <button type="submit" class="btn btn-primary">"New profile"</button>
                </form>
            </div>
            {created_banner("profile", created)}
            <p class="sr-only" role="status">{move || status.get()}</p>
            {move || (!status.get().is_empty()).then(|| view! {
                <div class="banner banner-info"><div class="banner-text">{status.get()}</div></div>
            })}
            <ErrorBanner error=error on_retry=retry/>
            <ErrorBanner error=action_error on_retry=retry/>
            {
                let delete = delete.clone();
                let confirm_title = confirm_title.clone();
                move || confirming.get().map(|p| {
                    let delete = delete.clone();
                    let p2 = p.clone();
                    view! {
                        <div class="confirm" role="alertdialog" aria-labelledby=confirm_title.clone()>
                            <p id=confirm_title.clone()><strong>{format!("Delete the profile “{}”?", p.name)}</strong></p>
                            <p>"Tables that use it stop working; the server refuses while any table does. This cannot be undone."</p>
                            <div class="row">
                                <button type="button" class="btn btn-danger" autofocus disabled=move || busy.get()
                                    on:click=move |_| delete(p2.clone())>"Delete permanently"</button>
                                <button type="button" class="btn" on:click=move |_| confirming.set(None)>"Cancel"</button>
                            </div>
                        </div>
                    }
                })
            }
            {move || {
                let ctx = ctx_rows.clone();
                match data.get() {
                    None => view! { <Loading what="profiles"/> }.into_any(),
                    Some(Err(_)) => ().into_any(),
                    Some(Ok((profiles, _))) if profiles.is_empty() => view! {
                        <div class="empty">
                            <p>"No connection profiles yet."</p>
                            <a class="btn btn-primary" href=ctx.href("catalog", &[])>"Pick a connector"</a>
                        </div>
                    }.into_any(),
                    Some(Ok((profiles, connectors))) => view! {
                        <table class="table" data-testid="profile-table">
                            <thead><tr>
                                <th scope="col">"Name"</th><th scope="col">"Connector"</th>
                                <th scope="col">"Details"</th><th scope="col">"Created"</th><th scope="col">"Actions"</th>
                            </tr></thead>
                            <tbody>
                                {profiles.into_iter().map(|p| {
                                    let c = connectors.iter().find(|c| c.id == p.connector).cloned();
                                    let cname = c.as_ref().map(|c| c.name.clone()).unwrap_or_else(|| p.connector.clone());
                                    let table_href = ctx.href("new-table", &[("connector", &p.connector), ("profile", &p.id)]);
                                    let dup_href = ctx.href("new-profile", &[("connector", &p.connector), ("from", &p.id)]);
                                    let p2 = p.clone();
                                    let name = p.name.clone();
                                    view! {
                                        <tr data-name=p.name.clone()>
                                            <td><strong>{p.name.clone()}</strong></td>
                                            <td><span class="lam-inline-icon">{c.map(|c| view! { <SchemaIcon connector=c/> })}</span>{cname}</td>
                                            <td class="muted">{p.description.clone().unwrap_or_default()}</td>
                                            <td class="muted small">{p.created_at.as_deref().map(short_time).unwrap_or_default()}</td>
                                            <td><div class="row lam-actions">
                                                <a class="btn btn-small" href=table_href aria-label=format!("New table using {name}")>"New table"</a>
                                                <a class="btn btn-small" href=dup_href aria-label=format!("Duplicate {name}")>"Duplicate"</a>
                                                <button type="button" class="btn btn-small btn-quiet" aria-label=format!("Delete {name}")
                                                    on:click=move |_| { confirming.set(Some(p2.clone())); status.set(String::new()); }>"Delete"</button>
                                            </div></td>
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

/// Awaits two futures, one after the other (both are quick; this keeps the code simple).
pub(crate) async fn futures_join<A, B>(
    a: impl std::future::Future<Output = A>,
    b: impl std::future::Future<Output = B>,
) -> (A, B) {
    let a = a.await;
    (a, b.await)
}

/// `new-profile?connector=…[&side=…][&from=<profile id>]`.
#[component]
pub fn NewProfilePage() -> impl IntoView {
    let ctx = use_app();
    let (connector, side, from) = ctx.loc.with_untracked(|l| {
        (
            l.param("connector").unwrap_or_default().to_string(),
            l.param("side").map(str::to_string),
            l.param("from").map(str::to_string),
        )
    });
    let api = ctx.api.clone();
    let id = connector.clone();
    let from2 = from.clone();
    let data = LocalResource::new(move || {
        let (api, id, from) = (api.clone(), id.clone(), from2.clone());
        async move {
            let c = api.schema_connector(&id).await?;
            let source = match from {
                Some(f) => api.profiles().await?.into_iter().find(|p| p.id == f),
                None => None,
            };
            Ok::<_, ApiError>((c, source))
        }
    });
    let error = RwSignal::new(None::<ApiError>);
    Effect::new(move |_| match data.get() {
        Some(Err(e)) => error.set(Some(e)),
        _ => error.set(None),
    });
    let retry = Callback::new(move |_| data.refetch());
    let nonce = RwSignal::new(0u32);
    view! {
        <div class="page page-form">
            <ErrorBanner error=error on_retry=retry/>
            {move || {
                match data.get() {
                    None => view! { <Loading what="the connector"/> }.into_any(),
                    Some(Err(_)) => view! { <h1>"New connection profile"</h1> }.into_any(),
                    Some(Ok((c, source))) => match c.profile_schema.clone() {
                        None => view! {
                            <h1>{format!("{} needs no connection profile", c.name)}</h1>
                            <p><a href=use_app().href("new-table", &[("connector", &c.id), ("side", side.as_deref().unwrap_or(""))])>"Set up a table directly"</a></p>
                        }.into_any(),
                        // Keyed by `nonce`: "Discard draft" builds a fresh form (see `SchemaForm`).
                        Some(_) => {
                            let side = side.clone();
                            view! {
                                <For each=move || std::iter::once(nonce.get()) key=|n| *n let:_n>
                                    <ProfileForm connector=c.clone() source=source.clone() side=side.clone() nonce=nonce/>
                                </For>
                            }.into_any()
                        }
                    },
                }
            }}
        </div>
    }
}

#[component]
fn ProfileForm(
    connector: SchemaConnector,
    source: Option<Profile>,
    side: Option<String>,
    nonce: RwSignal<u32>,
) -> impl IntoView {
    let ctx = use_app();
    // Async work started here ends with it (requests aborted, no signal read after).
    let tasks = crate::ui::Tasks::new();
    let node = connector
        .profile_schema
        .clone()
        .unwrap_or_else(|| crate::schema::parse_schema(&json!({"type": "object"})));
    // Start from: a profile being duplicated, else a saved draft, else the schema's defaults.
    let (draft, saved) = Draft::open(pipeline_key(
        &ctx.backend.id,
        &format!("profile.{}", connector.id),
    ));
    if source.is_some() {
        draft.restored.set(None);
    }
    let (start_name, start_config) = match (&source, &saved) {
        (Some(p), _) => (format!("{}-copy", p.name), p.config.clone()),
        (None, Some(d)) => (
            d.get("name")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string(),
            d.get("config")
                .cloned()
                .unwrap_or_else(|| default_value(&node)),
        ),
        _ => (String::new(), default_value(&node)),
    };
    let form = SchemaForm::new(node, &start_config, &ctx.id("pf-"));
    let name = RwSignal::new(start_name);
    let name_error = RwSignal::new(None::<String>);
    let name_id = ctx.id("profile-name");
    let summary = RwSignal::new(Vec::<Problem>::new());
    let summary_id = ctx.id("profile-summary");
    let banner = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let test = RwSignal::new(TestState::Idle);

    // Autosave a draft (never secrets) shortly after edits stop.
    let name_edits = RwSignal::new(0u32);
    {
        let (track_form, form) = (form.clone(), form.clone());
        draft.autosave(
            move || {
                track_form.changes.track();
                name_edits.track();
            },
            move || json!({"name": name.get_untracked(), "config": form.draft_value()}),
        );
    }

    // Client-side checks: the name and the schema. Returns false (and shows why) on problems.
    let check = {
        let (form, name_id) = (form.clone(), name_id.clone());
        move || -> bool {
            let mut problems = Vec::new();
            if name.get_untracked().trim().is_empty() {
                name_error.set(Some("Name is required.".into()));
                problems.push(Problem {
                    target: name_id.clone(),
                    label: "Name".into(),
                    message: "Name is required.".into(),
                });
            } else {
                name_error.set(None);
            }
            problems.extend(form.check());
            let first = problems.first().map(|p| p.target.clone());
            summary.set(problems);
            if let Some(t) = first {
                focus_later(t);
                return false;
            }
            true
        }
    };
    // Server problems: on their fields when the pointer says where, else in the banner.
    let apply_error = {
        let (form, name_id) = (form.clone(), name_id.clone());
        move |e: ApiError| {
            let mut config_errors = Vec::new();
            let mut problems = Vec::new();
            for f in e.field_errors() {
                if f.key == "/name" {
                    name_error.set(Some(f.message.clone()));
                    problems.push(Problem {
                        target: name_id.clone(),
                        label: "Name".into(),
                        message: f.message.clone(),
                    });
                } else if let Some(p) = config_pointer(&f.key) {
                    config_errors.push(SchemaError {
                        pointer: p.to_string(),
                        message: f.message.clone(),
                    });
                }
            }
            problems.extend(form.show(&config_errors));
            let first = problems.first().map(|p| p.target.clone());
            summary.set(problems);
            banner.set(Some(e));
            if let Some(t) = first {
                focus_later(t);
            }
        }
    };

    let run_test = {
        let (ctx, form, check, apply_error, id) = (
            ctx.clone(),
            form.clone(),
            check.clone(),
            apply_error.clone(),
            connector.id.clone(),
        );
        move |_| {
            if busy.get_untracked() {
                return;
            }
            banner.set(None);
            if !check() {
                test.set(TestState::Idle);
                return;
            }
            busy.set(true);
            test.set(TestState::Running);
            let (api, config, n) = (ctx.api.clone(), form.cleaned(), name.get_untracked());
            let (apply_error, id) = (apply_error.clone(), id.clone());
            tasks.spawn(async move {
                let r = api.test_profile(n.trim(), &id, config).await;
                busy.set(false);
                match r {
                    Ok(m) => test.set(TestState::Finished(m)),
                    Err(e) => {
                        test.set(TestState::Idle);
                        apply_error(e);
                    }
                }
            });
        }
    };

    let side_note = side
        .as_deref()
        .map(|s| format!(" Next, you'll set up the {s} table that uses it."))
        .unwrap_or_default();
    let submit = {
        let (ctx, form, draft, id) = (
            ctx.clone(),
            form.clone(),
            draft.clone(),
            connector.id.clone(),
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
            let (ctx, config, n) = (ctx.clone(), form.cleaned(), name.get_untracked());
            let (apply_error, draft, id, side) =
                (apply_error.clone(), draft.clone(), id.clone(), side.clone());
            tasks.spawn(async move {
                let r = ctx.api.create_profile(n.trim(), &id, config).await;
                busy.set(false);
                match r {
                    Ok(p) => {
                        draft.clear();
                        let href = match side.as_deref() {
                            Some(s) => ctx.href(
                                "new-table",
                                &[("connector", &id), ("side", s), ("profile", &p.id)],
                            ),
                            None => ctx.href("profiles", &[("created", &p.name)]),
                        };
                        ctx.navigate(&href);
                    }
                    Err(e) => apply_error(e),
                }
            });
        }
    };
    // "Copy as curl": the create request, secrets as placeholders.
    let curl_text = {
        let (api, form, id) = (ctx.api.clone(), form.clone(), connector.id.clone());
        Signal::derive(move || {
            form.changes.track();
            let n = name.get();
            api.create_profile_as_curl(n.trim(), &id, form.cleaned_with_placeholders())
                .unwrap_or_default()
        })
    };
    let title = match &source {
        Some(p) => format!("New {} profile from “{}”", connector.name, p.name),
        None => format!("New {} connection profile", connector.name),
    };
    let cancel = ctx.href("profiles", &[]);
    let form_id = ctx.id("profile-form");
    view! {
        <div class="page-head with-icon">
            <SchemaIcon connector=connector.clone()/>
            <div>
                <h1>{title}</h1>
                <p class="muted">{format!("How the console reaches {}: addresses and credentials.{side_note}", connector.name)}</p>
            </div>
        </div>
        {source.as_ref().map(|p| view! {
            <div class="banner banner-info" role="status"><div class="banner-text">
                {format!("Starting from the saved profile “{}”. The server never returns secrets: enter them again.", p.name)}
            </div></div>
        })}
        {draft_banner(draft, nonce)}
        <CurlPanel note="The request “Create profile” would send." text=curl_text/>
        <form class="connector-form" id=form_id.clone() novalidate on:submit=submit aria-busy=move || busy.get().to_string()>
            <ErrorBanner error=banner on_retry=resubmit(form_id.clone())/>
            <ErrorSummary problems=summary id=summary_id/>
            <section class="form-section">
                <div class="fields">
                    <NameField id=name_id label="Profile name" value=name error=name_error
                        help="A unique name, e.g. production-kafka." on_edit=Callback::new(move |_| name_edits.update(|n| *n += 1))/>
                </div>
            </section>
            <section class="form-section" aria-label="Connection settings">
                <h2>"Connection settings"</h2>
                <SchemaFormView form=form.clone()/>
            </section>
            <TestOutcome state=test/>
            <FormActions busy=busy submit_label="Create profile" test_label="Test connection"
                on_test=Callback::new(run_test) cancel_href=cancel/>
        </form>
    }
}
