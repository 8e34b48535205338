//! `connectors`: every connector with live status, counts per state, filters, and an
//! `aria-live` region announcing state changes.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;

use leptos::prelude::*;
use send_wrapper::SendWrapper;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use super::{never, use_now, use_poll};
use crate::components::{ErrorBanner, StatusBadge, TaskBadge};
use crate::model::rows::{
    counts, diff_rows, status_changes, window as rows_near_view, Row, RowDiff, RowKey,
    RENDER_ALL_UP_TO,
};
use crate::model::status::{ago, Health, PollPolicy};
use crate::poll_worker::FromPoller;
use crate::ui::live_value;
use crate::ui::{use_app, AppCtx};

/// One poll's result as the page applies it.
#[derive(Clone)]
enum Polled {
    /// Every row: polled in the page (`seq` 0), or the list worker's answer `seq` when it
    /// knew nothing the page holds.
    Rows {
        rows: Vec<Row>,
        seq: u64,
        transitional: bool,
    },
    /// From the list worker: what changed since its answer `base`, which the page applied.
    Diff {
        diff: RowDiff,
        base: u64,
        seq: u64,
        transitional: bool,
    },
}

fn any_transitional(p: &Polled) -> bool {
    match p {
        Polled::Rows { transitional, .. } | Polled::Diff { transitional, .. } => *transitional,
    }
}

/// A serial per connectors page, so the list worker tells each page's rows apart.
static SESSIONS: AtomicU64 = AtomicU64::new(1);

/// Polls the list: in the list worker when it can ([`crate::net::poller`]), else here.
async fn poll_list(
    api: &crate::api::Api,
    session: u64,
    applied: u64,
    table: Table,
    failed_parts: RwSignal<Vec<(String, crate::http::ApiError)>>,
) -> Result<Polled, crate::http::ApiError> {
    let held = move || table.held();
    let from_worker = match crate::net::poller::list(api.transport(), session, applied, held).await
    {
        Some(FromPoller::Rows {
            rows,
            seq,
            transitional,
            ..
        }) => Some(Polled::Rows {
            rows,
            seq,
            transitional,
        }),
        Some(FromPoller::Diff {
            diff,
            base,
            seq,
            transitional,
            ..
        }) => Some(Polled::Diff {
            diff,
            base,
            seq,
            transitional,
        }),
        // What the worker could not act on (a sign-in, a rate limit, a retry): the page's own
        // poll below starts from that answer instead of asking again at once.
        Some(FromPoller::Handback {
            answer: Some((req, resp)),
            ..
        }) => {
            api.transport().hand_over(&req, resp);
            None
        }
        _ => None,
    };
    if let Some(p) = from_worker {
        crate::browser::perf_mark("cc-poll-in-worker");
        // The worker hands back a list that partly failed: this one is whole.
        if failed_parts.try_with_untracked(|f| !f.is_empty()) == Some(true) {
            failed_parts.try_set(Vec::new());
        }
        return Ok(p);
    }
    let l = api.list().await;
    api.transport().drop_handed();
    let l = l?;
    // The page may be gone by the time the answer arrives.
    failed_parts.try_set(l.failed);
    let rows: Vec<Row> = l.items.iter().map(Row::of).collect();
    Ok(Polled::Rows {
        transitional: rows.iter().any(|r| r.health.is_transitional()),
        rows,
        seq: 0,
    })
}

/// A row's height before one has been measured, in px.
const ROW_PX_GUESS: f64 = 45.0;

/// The list as the page holds it: rows by key in the server's order, and a signal for each
/// row on screen, so a poll patches exactly the rows that changed and that can be seen.
#[derive(Clone, Copy)]
struct Table {
    /// Keys in the server's order.
    order: RwSignal<Vec<RowKey>>,
    /// Every row, by key.
    rows: StoredValue<HashMap<RowKey, Row>>,
    /// The rows rendered now, each with its own signal (created when a row is rendered,
    /// dropped when it scrolls away).
    cells: StoredValue<HashMap<RowKey, ArcRwSignal<Row>>>,
    /// Bumped when a change may move rows in or out of the filter or the search.
    epoch: RwSignal<u64>,
    /// Rows per health state, worst first.
    counts: RwSignal<Vec<(Health, usize)>>,
    /// True once a list has arrived.
    loaded: RwSignal<bool>,
}

impl Table {
    fn new() -> Self {
        Table {
            order: RwSignal::new(Vec::new()),
            rows: StoredValue::new(HashMap::new()),
            cells: StoredValue::new(HashMap::new()),
            epoch: RwSignal::new(0),
            counts: RwSignal::new(Vec::new()),
            loaded: RwSignal::new(false),
        }
    }

    /// Applies a poll's rows; returns the state changes to announce.
    fn apply(&self, list: &[Row]) -> Vec<crate::model::status::StatusChange> {
        let d = self
            .rows
            .with_value(|m| self.order.with_untracked(|o| diff_rows(m, o, list)));
        self.apply_diff(d)
    }

    /// The rows held, by key and digest, in order (for the list worker's first answer).
    fn held(&self) -> Vec<(RowKey, u64)> {
        let Some(order) = self.order.try_get_untracked() else {
            return Vec::new();
        };
        self.rows
            .try_with_value(|m| {
                order
                    .into_iter()
                    .filter_map(|k| {
                        let d = m.get(&k)?.digest();
                        Some((k, d))
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Applies what a poll changed; returns the state changes to announce.
    fn apply_diff(&self, d: RowDiff) -> Vec<crate::model::status::StatusChange> {
        let changes = self.rows.with_value(|m| status_changes(m, &d.changed));
        self.rows.update_value(|m| {
            for k in &d.removed {
                m.remove(k);
            }
            for (k, r) in &d.changed {
                m.insert(k.clone(), r.clone());
            }
        });
        // Only rows on screen have a signal: the rest are read when they scroll into view.
        self.cells.with_value(|c| {
            for (k, r) in d.changed {
                if let Some(cell) = c.get(&k) {
                    cell.set(r);
                }
            }
        });
        if d.filters_affected {
            let now = self.rows.with_value(|m| counts(m.values()));
            if self.counts.with_untracked(|c| *c != now) {
                self.counts.set(now);
            }
            self.epoch.update(|e| *e += 1);
        }
        if d.order_changed {
            self.order.set(d.order);
        }
        if !self.loaded.get_untracked() {
            self.loaded.set(true);
        }
        changes
    }

    /// The row signal of `key`, made when the row is first rendered.
    fn cell(&self, key: &RowKey) -> Option<ArcRwSignal<Row>> {
        let row = self.rows.with_value(|m| m.get(key).cloned())?;
        self.cells.try_update_value(|c| {
            c.entry(key.clone())
                .or_insert_with(|| ArcRwSignal::new(row))
                .clone()
        })
    }
}

/// The connectors page.
#[component]
pub fn ConnectorsPage() -> impl IntoView {
    let ctx = use_app();
    let api = ctx.api.clone();
    // Lists that did not load while others did (Streamkap's sources and destinations).
    let failed_parts = RwSignal::new(Vec::<(String, crate::http::ApiError)>::new());
    // `?refresh=N`: poll every N seconds (1–60) instead of every 3.
    let policy = ctx
        .loc
        .with_untracked(|l| l.param("refresh").and_then(|v| v.parse::<u32>().ok()))
        .map(|s| {
            let ms = s.clamp(1, 60) * 1000;
            PollPolicy {
                base_ms: ms,
                fast_ms: ms.min(PollPolicy::default().fast_ms),
                ..PollPolicy::default()
            }
        })
        .unwrap_or_default();
    let session = SESSIONS.fetch_add(1, Ordering::Relaxed);
    let table = Table::new();
    // The list worker's answer the rows hold (0: none), so it sends only what changed.
    let applied = Arc::new(AtomicU64::new(0));
    let poll = use_poll(
        {
            let applied = applied.clone();
            move || {
                let (api, applied) = (api.clone(), applied.load(Ordering::Relaxed));
                async move { poll_list(&api, session, applied, table, failed_parts).await }
            }
        },
        any_transitional,
        never,
        policy,
    );
    let now = use_now();
    let filter = RwSignal::new(None::<Health>);
    let search = RwSignal::new(String::new());
    let deleted = ctx
        .loc
        .with_untracked(|l| l.param("deleted").map(str::to_string));

    // Patch the rows a poll changed, and announce state changes to screen readers.
    let announcement = RwSignal::new(String::new());
    let ctx_events = ctx.clone();
    Effect::new(move |_| {
        poll.data.with(|d| {
            let changes = match d {
                None => return,
                Some(Polled::Rows { rows, seq, .. }) => {
                    applied.store(*seq, Ordering::Relaxed);
                    table.apply(rows)
                }
                Some(Polled::Diff {
                    diff, base, seq, ..
                }) => {
                    if applied.load(Ordering::Relaxed) != *base {
                        // An answer was not applied: the next poll brings every row.
                        applied.store(0, Ordering::Relaxed);
                        return;
                    }
                    applied.store(*seq, Ordering::Relaxed);
                    table.apply_diff(diff.clone())
                }
            };
            if changes.is_empty() {
                return;
            }
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

    // The rows the filter and the search let through, in order.
    let shown = Memo::new(move |_| {
        let q = search.get().to_lowercase();
        let f = filter.get();
        table.order.with(|o| {
            if f.is_none() && q.is_empty() {
                return o.clone();
            }
            table.epoch.track();
            table.rows.with_value(|m| {
                o.iter()
                    .filter(|k| {
                        m.get(*k)
                            .is_some_and(|r| f.is_none_or(|h| r.health == h) && r.matches(&q))
                    })
                    .cloned()
                    .collect()
            })
        })
    });
    let total = move || table.loaded.get().then(|| table.order.with(Vec::len));

    // Only rows near the viewport are rendered (see `model::rows::window`): where the list's
    // first row is relative to the viewport, and how high a row and the viewport are.
    let tbody = NodeRef::<leptos::html::Tbody>::new();
    let row_px = RwSignal::new(ROW_PX_GUESS);
    let viewport = RwSignal::new((0.0f64, 900.0f64));
    let range = Memo::new(move |_| {
        let (top, height) = viewport.get();
        rows_near_view(shown.with(Vec::len), row_px.get(), top, height)
    });
    let windowed = Memo::new(move |_| shown.with(Vec::len) > RENDER_ALL_UP_TO);
    let alive = Arc::new(AtomicBool::new(true));
    let measure = {
        let alive = alive.clone();
        move || {
            if !alive.load(Ordering::Relaxed) {
                return;
            }
            let Some(el) = tbody.get_untracked() else {
                return;
            };
            let rect = el.get_bounding_client_rect();
            let height = window()
                .inner_height()
                .ok()
                .and_then(|v| v.as_f64())
                .unwrap_or(900.0);
            if windowed.get_untracked() {
                // Rows are one line high in a long list: their average is the row height.
                let (start, end) = range.get_untracked();
                let n = shown.with_untracked(Vec::len);
                let px = row_px.get_untracked();
                let spacers = (start + n.saturating_sub(end)) as f64 * px;
                if end > start {
                    let h = (rect.height() - spacers) / (end - start) as f64;
                    if h.is_finite() && h >= 1.0 && (h - px).abs() > 0.01 {
                        row_px.set(h);
                    }
                }
            }
            let (top, vh) = viewport.get_untracked();
            if (top - rect.top()).abs() > 0.5 || (vh - height).abs() > 0.5 {
                viewport.set((rect.top(), height));
            }
        }
    };
    {
        // Scrolling anywhere (the page, or a portal's scrolling container: capture sees both)
        // and resizing re-measure, at most once a frame.
        let pending = Arc::new(AtomicBool::new(false));
        let measure = measure.clone();
        let on_change = Closure::<dyn FnMut()>::new(move || {
            if !pending.swap(true, Ordering::Relaxed) {
                let pending = pending.clone();
                let measure = measure.clone();
                request_animation_frame(move || {
                    pending.store(false, Ordering::Relaxed);
                    measure();
                });
            }
        });
        let w = window();
        let f: &js_sys::Function = on_change.as_ref().unchecked_ref();
        let _ = w.add_event_listener_with_callback_and_bool("scroll", f, true);
        let _ = w.add_event_listener_with_callback("resize", f);
        let on_change = SendWrapper::new(on_change);
        let alive = alive.clone();
        on_cleanup(move || {
            alive.store(false, Ordering::Relaxed);
            let w = window();
            let f: &js_sys::Function = on_change.as_ref().unchecked_ref();
            let _ = w.remove_event_listener_with_callback_and_bool("scroll", f, true);
            let _ = w.remove_event_listener_with_callback("resize", f);
        });
    }
    // Measure again when the list's length changes (first data, filters, search).
    Effect::new(move |_| {
        shown.track();
        let measure = measure.clone();
        request_animation_frame(measure);
    });
    let visible = move || {
        let (start, end) = range.get();
        shown.with(|s| s.get(start..end.min(s.len())).unwrap_or_default().to_vec())
    };
    let above_px = Memo::new(move |_| range.get().0 as f64 * row_px.get());
    let below_px = Memo::new(move |_| {
        let n = shown.with(Vec::len);
        n.saturating_sub(range.get().1) as f64 * row_px.get()
    });

    let ctx_rows = ctx.clone();
    let row_view = move |index: ReadSignal<usize>, key: RowKey| {
        let Some(cell) = table.cell(&key) else {
            return ().into_any();
        };
        on_cleanup(move || {
            table.cells.try_update_value(|c| c.remove(&key));
        });
        let ctx = ctx_rows.clone();
        let (name, health) = (cell.clone(), cell.clone());
        view! {
            <tr data-name=move || name.with(|r| r.name.clone())
                data-health=move || health.with(|r| r.health.css())
                aria-rowindex=move || (range.get().0 + index.get() + 2).to_string()>
                {move || cell.with(|r| row_cells(&ctx, r))}
            </tr>
        }
        .into_any()
    };

    let ctx_empty = ctx.clone();
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
                    // Keyed by state: a poll that changes a count rewrites that chip's text,
                    // not every chip (they were rebuilt, attributes and all, on every poll).
                    <For each=move || table.counts.with(|c| c.iter().map(|(h, _)| *h).collect::<Vec<_>>())
                        key=|h: &Health| *h let:h>
                        <button type="button" class=format!("chip-filter chip-{}", h.css())
                            aria-pressed=move || (filter.get() == Some(h)).to_string()
                            on:click=move |_| filter.update(|f| *f = if *f == Some(h) { None } else { Some(h) })>
                            {move || {
                                let n = table.counts.with(|c| c.iter().find(|(x, _)| *x == h).map_or(0, |(_, n)| *n));
                                format!("{} ({n})", label(h))
                            }}
                        </button>
                    </For>
                </div>
                <label class="search">
                    <span class="sr-only">"Search by name or type"</span>
                    <input type="search" class="input" placeholder="Search by name or type…"
                        use:live_value=Signal::derive(move || search.get()) on:input=move |e| search.set(event_target_value(&e)) />
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
                Some(_) if shown.with(Vec::is_empty) => view! {
                    <p class="muted">"No connector matches the filter."</p>
                }.into_any(),
                Some(_) => ().into_any(),
            }}
            <table class="table status-table" class:windowed=move || windowed.get()
                data-testid="connector-table"
                aria-rowcount=move || (shown.with(Vec::len) + 1).to_string()>
                <thead><tr aria-rowindex="1">
                    <th scope="col">"Name"</th><th scope="col">"Type"</th><th scope="col">"Status"</th>
                    <th scope="col">"Tasks"</th><th scope="col">"Problem"</th>
                </tr></thead>
                <tbody node_ref=tbody>
                    <Show when=move || { above_px.get() > 0.0 }>
                        <tr class="spacer" aria-hidden="true"><td colspan="5" style:height=move || format!("{}px", above_px.get())></td></tr>
                    </Show>
                    <ForEnumerate each=visible key=|k: &RowKey| k.clone() children=row_view/>
                    <Show when=move || { below_px.get() > 0.0 }>
                        <tr class="spacer" aria-hidden="true"><td colspan="5" style:height=move || format!("{}px", below_px.get())></td></tr>
                    </Show>
                </tbody>
            </table>
        </div>
    }
}

/// The cells of one row.
fn row_cells(ctx: &AppCtx, r: &Row) -> impl IntoView {
    let href = ctx.href("connector", &[("kind", r.kind.plural()), ("id", &r.id)]);
    view! {
        <td><a href=href>{r.name.clone()}</a></td>
        <td>{r.type_name.clone()}<span class="muted">{format!(" · {}", r.kind.label().to_lowercase())}</span></td>
        <td><StatusBadge state=r.raw_state.clone() health=r.health/></td>
        <td><div class="tasks">{r.tasks.iter().map(|(s, n)| view! {
            <span class="task-count"><TaskBadge state=s.clone()/>{(*n > 1).then(|| format!("×{n}"))}</span>
        }).collect_view()}</div></td>
        <td class="reason" title=r.reason.clone()>{r.reason.clone()}</td>
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
