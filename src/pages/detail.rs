//! `connector?kind=…&id=…`: one connector, live: status, tasks, failure reason, masked config,
//! and the actions pause / resume / edit / delete (with confirmation).

use leptos::prelude::*;

use super::{is_gone, use_now, use_poll};
use crate::components::curl::CurlPanel;
use crate::components::{ErrorBanner, Loading, StatusBadge, TaskBadge, Trace};
use crate::http::ApiError;
use crate::model::catalog::{value_to_text, ConnectorKind, ConnectorType};
use crate::model::form::mask;
use crate::model::status::{ago, Connector, PollPolicy};
use crate::ui::use_app;
use crate::vendor::{Action, Capability};

fn transitional(c: &Connector) -> bool {
    c.health.is_transitional()
}

/// The detail page.
#[component]
pub fn DetailPage() -> impl IntoView {
    let ctx = use_app();
    let (kind, id, saved) = ctx.loc.with_untracked(|l| {
        (
            l.param("kind")
                .and_then(ConnectorKind::from_segment)
                .unwrap_or(ConnectorKind::Source),
            l.param("id").unwrap_or_default().to_string(),
            l.param("saved").map(str::to_string),
        )
    });
    let api = ctx.api.clone();
    let id2 = id.clone();
    let poll = use_poll(
        move || {
            let (api, id) = (api.clone(), id2.clone());
            async move { api.get(kind, &id).await }
        },
        transitional,
        is_gone,
        PollPolicy::default(),
    );
    let now = use_now();
    // The catalog entry gives labels and tells which values are secret.
    let ct = RwSignal::new(None::<ConnectorType>);
    // Work started here ends with the page (see `Tasks`).
    let tasks = crate::ui::Tasks::new();
    {
        let api = ctx.api.clone();
        let poll = poll.clone();
        Effect::new(move |done: Option<bool>| {
            if done == Some(true) {
                return true;
            }
            let Some(code) = poll.data.with(|d| d.as_ref().map(|c| c.type_id.clone())) else {
                return false;
            };
            let api = api.clone();
            tasks.spawn(async move {
                if let Ok((t, _)) = api.connector_type(kind, &code).await {
                    ct.set(Some(t));
                }
            });
            true
        });
    }

    let action_label = RwSignal::new(None::<String>);
    let settle = RwSignal::new(None::<(String, f64)>);
    {
        let poll = poll.clone();
        Effect::new(move |_| {
            let state = poll.data.with(|d| d.as_ref().map(settle_key));
            if let (Some((before, deadline)), Some(now_state)) = (settle.get_untracked(), state) {
                if now_state != before || js_sys::Date::now() > deadline {
                    settle.set(None);
                    action_label.set(None);
                }
            }
        });
    }
    let action_error = RwSignal::new(None::<ApiError>);
    let confirming = RwSignal::new(false);

    let run = {
        let (ctx, poll) = (ctx.clone(), poll.clone());
        move |action: Action| {
            let Some(c) = poll.data.get_untracked() else {
                return;
            };
            if action_label.get_untracked().is_some() {
                return;
            }
            action_label.set(Some(action.progress()));
            action_error.set(None);
            let (api, poll) = (ctx.api.clone(), poll.clone());
            let before = settle_key(&c);
            tasks.spawn(async move {
                let r = api.act(&c, &action).await;
                match r {
                    Ok(()) => {
                        // Keep saying so until the connector reports a new state (or 20 s pass).
                        action_label.set(Some(format!(
                            "{} waiting for the connector to report its new state",
                            action.progress()
                        )));
                        settle.set(Some((before, js_sys::Date::now() + 20_000.0)));
                    }
                    Err(e) => {
                        action_label.set(None);
                        action_error.set(Some(e));
                    }
                }
                // Watch closely until the state settles.
                poll.refresh_fast(20_000.0);
            });
        }
    };
    let delete = {
        let (ctx, poll) = (ctx.clone(), poll.clone());
        move |_| {
            let Some(c) = poll.data.get_untracked() else {
                return;
            };
            action_label.set(Some("Deleting…".into()));
            action_error.set(None);
            let ctx = ctx.clone();
            tasks.spawn(async move {
                let r = ctx.api.delete(&c).await;
                action_label.set(None);
                match r {
                    Ok(()) => {
                        ctx.emit(
                            "cc:connector-deleted",
                            crate::pages::connector_event(&ctx, &c),
                        );
                        let href = ctx.href("connectors", &[("deleted", &c.name)]);
                        ctx.navigate(&href);
                    }
                    Err(e) => {
                        confirming.set(false);
                        action_error.set(Some(e));
                    }
                }
            });
        }
    };
    let retry = {
        let poll = poll.clone();
        Callback::new(move |_| poll.refresh())
    };
    let no_retry = Callback::new(|_| {});
    // "Copy as curl": the request that saves the stored config again, secrets as placeholders.
    // A memo: built once per poll for both the panel and whether to show it.
    let curl_text: Signal<String> = {
        let (api, data) = (ctx.api.clone(), poll.data);
        Memo::new(move |_| {
            data.with(|c| ct.with(|t| c.as_ref().and_then(|c| api.config_as_curl(c, t.as_ref()))))
                .unwrap_or_default()
        })
        .into()
    };
    let has_curl = {
        let stopped = poll.stopped;
        move || !stopped.get() && curl_text.with(|t| !t.is_empty())
    };
    let list_href = ctx.href("connectors", &[]);
    let ctx_view = ctx.clone();
    let poll_view = poll.clone();
    let gone = {
        let poll = poll.clone();
        move || poll.stopped.get()
    };

    view! {
        <div class="page">
            <p class="crumbs"><a href=list_href.clone()>"← Connectors"</a></p>
            {saved.map(|s| view! {
                <div class="banner banner-info" role="status"><div class="banner-text">
                    {if s == "updated" { "Changes saved. The connector restarts with the new settings." } else { "Connector created. It appears below as it comes up." }}
                </div></div>
            })}
            <Show when=gone fallback=move || view! { <ErrorBanner error=poll.error on_retry=retry/> }>
                <div class="empty">
                    <h1>"This connector no longer exists"</h1>
                    <p class="muted">"It may have been deleted from another window or by someone else."</p>
                    <a class="btn btn-primary" href=list_href.clone()>"Back to connectors"</a>
                </div>
            </Show>
            <ErrorBanner error=action_error on_retry=no_retry/>
            {move || {
                let ctx = ctx_view.clone();
                let poll = poll_view.clone();
                if poll.stopped.get() { return ().into_any(); }
                let Some(c) = poll.data.get() else { return view! { <Loading what="the connector"/> }.into_any() };
                let actions = ctx.api.actions(&c);
                let task_restart = ctx.api.can(Capability::TaskRestart);
                let edit_href = ctx.href("edit", &[("kind", c.kind.plural()), ("id", &c.id)]);
                let updated = move || poll.updated_at.get().map(|t| format!("Updated {}", ago(now.get() - t)));
                let reason_trace = c.trace.clone().or_else(|| c.tasks.iter().find(|t| t.failed()).and_then(|t| t.trace.clone()));
                let config = config_rows(&c, ct.get().as_ref());
                let delete = delete.clone();
                let run_task = run.clone();
                let notes = c.notes.clone();
                let (confirm_id, confirm_title, confirm_text, notes_h) =
                    (ctx.id("confirm-delete"), ctx.id("confirm-title"), ctx.id("confirm-text"), ctx.id("notes-h"));
                view! {
                    <div class="page-head row-between">
                        <div>
                            <h1>{c.name.clone()}</h1>
                            <p class="muted">{format!("{} {} · id {}", c.type_name, c.kind.label().to_lowercase(), c.id)}</p>
                        </div>
                        <div class="status-block" aria-live="polite">
                            <StatusBadge state=c.raw_state.clone() health=c.health/>
                            {c.desired_state.clone().filter(|d| d != &c.raw_state).map(|d| view! { <span class="muted">{format!(" → {d}")}</span> })}
                            <p class="muted small">{updated}</p>
                        </div>
                    </div>
                    <div class="actions" role="group" aria-label="Actions">
                        {actions.into_iter().map(|a| {
                            let run = run.clone();
                            let label = a.label();
                            view! { <button type="button" class="btn" disabled=move || action_label.get().is_some()
                                on:click=move |_| run(a.clone())>{label}</button> }
                        }).collect_view()}
                        <a class="btn" href=edit_href>"Edit"</a>
                        <button type="button" class="btn btn-danger" disabled=move || action_label.get().is_some()
                            aria-expanded=move || confirming.get().to_string() aria-controls=confirm_id.clone()
                            on:click=move |_| confirming.set(true)>"Delete"</button>
                        <span class="muted" role="status">{move || action_label.get()}</span>
                    </div>
                    <Show when=move || confirming.get()>
                        <div class="confirm" id=confirm_id.clone() role="alertdialog" aria-labelledby=confirm_title.clone() aria-describedby=confirm_text.clone()>
                            <p id=confirm_title.clone()><strong>{format!("Delete “{}”?", c.name)}</strong></p>
                            <p id=confirm_text.clone()>"The connector stops and its configuration is removed. This cannot be undone."</p>
                            <div class="row">
                                <button type="button" class="btn btn-danger" autofocus on:click=delete.clone()
                                    disabled=move || action_label.get().is_some()>"Delete permanently"</button>
                                <button type="button" class="btn" on:click=move |_| confirming.set(false)>"Cancel"</button>
                            </div>
                        </div>
                    </Show>
                    {(!notes.is_empty()).then(|| view! {
                        <section class="panel" aria-labelledby=notes_h.clone()>
                            <h2 id=notes_h.clone()>"Reported by the server"</h2>
                            <dl class="config-list">
                                {notes.into_iter().map(|d| view! {
                                    <div class="config-row"><dt>{d.label}</dt><dd>{d.value}</dd></div>
                                }).collect_view()}
                            </dl>
                        </section>
                    })}
                    {reason_trace.map(|t| view! {
                        <section class="panel panel-failure" aria-labelledby="failure-h">
                            <h2 id="failure-h">"Why it failed"</h2>
                            <Trace trace=t/>
                        </section>
                    })}
                    <section class="panel" aria-labelledby="tasks-h">
                        <h2 id="tasks-h">"Tasks"</h2>
                        {if c.tasks.is_empty() {
                            view! { <p class="muted">"No tasks are assigned yet."</p> }.into_any()
                        } else {
                            view! {
                                <table class="table">
                                    <thead><tr><th scope="col">"Task"</th><th scope="col">"State"</th><th scope="col">"Worker"</th><th scope="col">"Trace"</th>
                                        {task_restart.then(|| view! { <th scope="col"><span class="sr-only">"Actions"</span></th> })}</tr></thead>
                                    <tbody>{c.tasks.iter().map(|t| {
                                        let run = run_task.clone();
                                        let id = t.id.clone();
                                        view! {
                                            <tr data-task=t.id.clone()>
                                                <td>{t.id.clone()}</td>
                                                <td><TaskBadge state=t.state.clone()/></td>
                                                <td class="mono">{t.worker.clone().unwrap_or_else(|| "—".into())}</td>
                                                <td>{t.trace.clone().map(|tr| view! { <Trace trace=tr/> })}</td>
                                                {task_restart.then(|| view! {
                                                    <td><button type="button" class="btn btn-small" disabled=move || action_label.get().is_some()
                                                        on:click=move |_| run(Action::RestartTask(id.clone()))>{format!("Restart task {}", t.id)}</button></td>
                                                })}
                                            </tr>
                                        }
                                    }).collect_view()}</tbody>
                                </table>
                            }.into_any()
                        }}
                    </section>
                    <section class="panel" aria-labelledby="config-h">
                        <h2 id="config-h">"Configuration"</h2>
                        <dl class="config-list">
                            {config.into_iter().map(|(label, key, value)| view! {
                                <div class="config-row">
                                    <dt>{label}<code class="key">{key}</code></dt>
                                    <dd class="mono">{value}</dd>
                                </div>
                            }).collect_view()}
                        </dl>
                    </section>
                }.into_any()
            }}
            <Show when=has_curl>
                <CurlPanel note="The request that saves this connector's stored configuration again." text=curl_text/>
            </Show>
        </div>
    }
}

/// What an action is expected to change: the connector's state or any task's.
fn settle_key(c: &Connector) -> String {
    let tasks: Vec<&str> = c.tasks.iter().map(|t| t.state.as_str()).collect();
    format!("{}|{}", c.raw_state, tasks.join(","))
}

/// `(label, key, shown value)` for every config entry: secrets masked, `show_last` honoured,
/// catalog labels where known, in catalog order, then the rest alphabetically.
pub fn config_rows(c: &Connector, ct: Option<&ConnectorType>) -> Vec<(String, String, String)> {
    let mut rows = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    if let Some(ct) = ct {
        for f in &ct.fields {
            let Some(v) = c.config.get(&f.key) else {
                continue;
            };
            seen.insert(f.key.clone());
            let text = value_to_text(v);
            let secret = crate::secret::is_secret(f.secret, Some(&f.key), v);
            let shown = if v.is_null() && f.secret {
                "•••••••• (set, hidden)".to_string()
            } else if secret || f.show_last.is_some() {
                if text.is_empty() {
                    "—".into()
                } else {
                    mask(&text, f.show_last)
                }
            } else if text.is_empty() {
                "—".into()
            } else {
                text
            };
            rows.push((f.label.clone(), f.key.clone(), shown));
        }
    }
    let mut rest: Vec<_> = c
        .config
        .iter()
        .filter(|(k, _)| !seen.contains(*k))
        .map(|(k, v)| {
            let text = value_to_text(v);
            let shown = if crate::secret::is_secret(false, Some(k), v) && !text.is_empty() {
                mask(&text, None)
            } else if text.is_empty() {
                "—".into()
            } else {
                text
            };
            (k.clone(), k.clone(), shown)
        })
        .collect();
    rest.sort();
    rows.extend(rest);
    rows
}
