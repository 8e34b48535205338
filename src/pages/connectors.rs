//! `connectors`: every connector with live status, counts per state, filters, and an
//! `aria-live` region announcing state changes.

use leptos::prelude::*;

use super::{never, use_now, use_poll};
use crate::components::{ErrorBanner, StatusBadge, TaskBadge};
use crate::model::status::{ago, health_counts, status_changes, Connector, Health, PollPolicy};
use crate::ui::use_app;

#[allow(clippy::ptr_arg)] // the poll hook hands the polled value as `&Vec`
fn any_transitional(list: &Vec<Connector>) -> bool {
    list.iter().any(|c| c.health.is_transitional())
}

/// What identifies a row's content: a row is re-created only when this changes.
fn fingerprint(c: &Connector) -> String {
    let tasks: Vec<&str> = c.tasks.iter().map(|t| t.state.as_str()).collect();
    format!(
        "{}:{}:{}:{}:{}:{}",
        c.kind.plural(),
        c.id,
        c.name,
        c.raw_state,
        tasks.join(","),
        c.failure_reason().unwrap_or_default()
    )
}

/// The connectors page.
#[component]
pub fn ConnectorsPage() -> impl IntoView {
    let ctx = use_app();
    let api = ctx.api.clone();
    // Lists that did not load while others did (Streamkap's sources and destinations).
    let failed_parts = RwSignal::new(Vec::<(String, crate::http::ApiError)>::new());
    let poll = use_poll(
        move || {
            let api = api.clone();
            async move {
                api.list().await.map(|l| {
                    // The page may be gone by the time the answer arrives.
                    failed_parts.try_set(l.failed);
                    l.items
                })
            }
        },
        any_transitional,
        never,
        PollPolicy::default(),
    );
    let now = use_now();
    let filter = RwSignal::new(None::<Health>);
    let search = RwSignal::new(String::new());
    let deleted = ctx
        .loc
        .with_untracked(|l| l.param("deleted").map(str::to_string));

    // Announce state changes to screen readers.
    let announcement = RwSignal::new(String::new());
    let previous = StoredValue::new(Vec::<Connector>::new());
    let ctx_events = ctx.clone();
    Effect::new(move |_| {
        poll.data.with(|d| {
            if let Some(list) = d {
                let changes = status_changes(&previous.get_value(), list);
                if !changes.is_empty() {
                    let text: Vec<String> = changes
                        .iter()
                        .map(|c| format!("{} is now {}.", c.name, c.to))
                        .collect();
                    announcement.set(text.join(" "));
                    for c in &changes {
                        ctx_events.emit(
                            "cc:status-changed",
                            serde_json::json!({
                                "backend": ctx_events.backend.id, "kind": c.kind.plural(), "id": c.id,
                                "name": c.name, "from": c.from, "to": c.to,
                            }),
                        );
                    }
                }
                previous.set_value(list.clone());
            }
        })
    });

    let retry = {
        let poll = poll.clone();
        Callback::new(move |_| poll.refresh())
    };
    let refresh = {
        let poll = poll.clone();
        move |_| poll.refresh()
    };
    let status_line = {
        let poll = poll.clone();
        move || {
            let n = now.get();
            let updated = poll
                .updated_at
                .get()
                .map(|t| format!("Updated {}", ago(n - t)))
                .unwrap_or_else(|| "Not loaded yet".into());
            let state = if poll.paused.get() {
                " · paused while this tab is hidden".to_string()
            } else if poll.error.with(Option::is_some) {
                match poll.next_at.get() {
                    Some(at) => format!(" · retrying in {} s", ((at - n) / 1000.0).ceil().max(0.0)),
                    None => " · retrying".into(),
                }
            } else if poll.loading.get() {
                " · refreshing…".into()
            } else {
                " · live".into()
            };
            format!("{updated}{state}")
        }
    };

    let rows = {
        let poll = poll.clone();
        move || {
            let q = search.get().to_lowercase();
            let f = filter.get();
            poll.data
                .get()
                .unwrap_or_default()
                .into_iter()
                .filter(|c| f.is_none_or(|h| c.health == h))
                .filter(|c| {
                    q.is_empty()
                        || c.name.to_lowercase().contains(&q)
                        || c.type_name.to_lowercase().contains(&q)
                })
                .collect::<Vec<_>>()
        }
    };
    let counts = {
        let poll = poll.clone();
        move || {
            poll.data
                .with(|d| d.as_deref().map(health_counts).unwrap_or_default())
        }
    };
    let total = {
        let poll = poll.clone();
        move || poll.data.with(|d| d.as_ref().map(Vec::len))
    };
    let ctx_rows = ctx.clone();
    let ctx_empty = ctx.clone();
    let rows_for_empty = rows;
    view! {
        <div class="page">
            <div class="page-head row-between">
                <div>
                    <h1>"Connectors"</h1>
                    <p class="muted" data-testid="poll-status">{status_line}</p>
                </div>
                <div class="row">
                    <button type="button" class="btn" on:click=refresh>"Refresh"</button>
                    <a class="btn btn-primary" href=ctx.href("catalog", &[])>"New connector"</a>
                </div>
            </div>
            {deleted.map(|name| view! {
                <div class="banner banner-info" role="status"><div class="banner-text">{format!("Deleted “{name}”.")}</div></div>
            })}
            <ErrorBanner error=poll.error on_retry=retry/>
            {move || failed_parts.with(|f| f.iter().map(|(what, e)| view! {
                <div class="banner banner-notice" role="alert" data-testid="partial-list">
                    <div class="banner-text">
                        <strong>{format!("The {what} could not be loaded")}</strong>
                        <p>{format!("{} The list shows everything else; it tries again on the next refresh.", crate::secret::redact_text(&e.to_string(), &[]))}</p>
                    </div>
                </div>
            }).collect_view())}
            <p class="sr-only" aria-live="polite" data-testid="announcer">{move || announcement.get()}</p>
            <div class="toolbar">
                <div class="filters" role="group" aria-label="Filter by state">
                    <button type="button" class="chip-filter" aria-pressed=move || filter.get().is_none().to_string()
                        on:click=move |_| filter.set(None)>
                        {move || total().map_or_else(|| "All".to_string(), |n| format!("All ({n})"))}
                    </button>
                    {move || counts().into_iter().map(|(h, n)| view! {
                        <button type="button" class=format!("chip-filter chip-{}", h.css())
                            aria-pressed=move || (filter.get() == Some(h)).to_string()
                            on:click=move |_| filter.update(|f| *f = if *f == Some(h) { None } else { Some(h) })>
                            {format!("{} ({n})", label(h))}
                        </button>
                    }).collect_view()}
                </div>
                <label class="search">
                    <span class="sr-only">"Search by name or type"</span>
                    <input type="search" class="input" placeholder="Search by name or type…"
                        prop:value=move || search.get() on:input=move |e| search.set(event_target_value(&e)) />
                </label>
            </div>
            {move || match total() {
                // Not loaded yet: a spinner while waiting, no spinner once the banner says why not.
                None if poll.error.with(Option::is_some) => view! {
                    <p class="muted">"Nothing to show until the server answers."</p>
                }.into_any(),
                None => view! { <crate::components::Loading what="connectors"/> }.into_any(),
                Some(0) => view! {
                    <div class="empty">
                        <p>"No connectors yet."</p>
                        <a class="btn btn-primary" href=ctx_empty.href("catalog", &[])>"Browse the catalog"</a>
                    </div>
                }.into_any(),
                Some(_) if rows_for_empty().is_empty() => view! {
                    <p class="muted">"No connector matches the filter."</p>
                }.into_any(),
                Some(_) => ().into_any(),
            }}
            <table class="table status-table" data-testid="connector-table">
                <thead><tr>
                    <th scope="col">"Name"</th><th scope="col">"Type"</th><th scope="col">"Status"</th>
                    <th scope="col">"Tasks"</th><th scope="col">"Problem"</th>
                </tr></thead>
                <tbody>
                    <For each=rows key=fingerprint let:c>
                        {
                            let href = ctx_rows.href("connector", &[("kind", c.kind.plural()), ("id", &c.id)]);
                            let reason = c.failure_reason();
                            view! {
                                <tr data-name=c.name.clone() data-health=c.health.css()>
                                    <td><a href=href>{c.name.clone()}</a></td>
                                    <td>{c.type_name.clone()}<span class="muted">{format!(" · {}", c.kind.label().to_lowercase())}</span></td>
                                    <td><StatusBadge state=c.raw_state.clone() health=c.health/></td>
                                    <td><div class="tasks">{c.task_summary().into_iter().map(|(s, n)| view! {
                                        <span class="task-count"><TaskBadge state=s/>{(n > 1).then(|| format!("×{n}"))}</span>
                                    }).collect_view()}</div></td>
                                    <td class="reason">{reason}</td>
                                </tr>
                            }
                        }
                    </For>
                </tbody>
            </table>
        </div>
    }
}

/// The filter label of a health value.
pub fn label(h: Health) -> &'static str {
    match h {
        Health::Failed => "Failed",
        Health::Degraded => "Degraded",
        Health::Starting => "Starting",
        Health::Running => "Running",
        Health::Paused => "Paused",
        Health::Stopped => "Stopped",
        Health::Unknown => "Unknown",
    }
}
