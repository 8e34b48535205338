//! `jobs`: every pipeline with its jobs, live: each job's state as a badge (the server's own word,
//! colored by health), its failure reason, counts per state with a filter, "Updated Ns ago",
//! faster polling while a job is on its way somewhere, and state changes announced.

use leptos::prelude::*;

use crate::components::{ErrorBanner, StatusBadge};
use crate::model::pipeline::{Job, PipelineJobs};
use crate::model::pipeline_view::{job_changes, short_time};
use crate::model::status::{ago, Health, PollPolicy};
use crate::pages::{never, use_now, use_poll};
use crate::ui::use_app;

#[allow(clippy::ptr_arg)] // the poll hook hands the polled value as `&Vec`
fn any_transitional(list: &Vec<PipelineJobs>) -> bool {
    list.iter()
        .flat_map(|g| g.jobs.iter())
        .any(|j| j.transitional)
}

/// One row of the table: a job, or a pipeline without jobs.
#[derive(Clone, Debug, PartialEq)]
struct Row {
    pipeline: String,
    pipeline_id: String,
    query: Option<String>,
    job: Option<Job>,
}

impl Row {
    /// A row is re-created only when what it shows changes.
    fn fingerprint(&self) -> String {
        match &self.job {
            Some(j) => format!(
                "{}:{}:{}:{:?}:{:?}:{:?}:{:?}",
                self.pipeline_id,
                j.id,
                j.state,
                j.tasks,
                j.start_time,
                j.finish_time,
                j.failure_message
            ),
            None => format!("{}:-", self.pipeline_id),
        }
    }
}

fn rows(groups: &[PipelineJobs]) -> Vec<Row> {
    groups
        .iter()
        .flat_map(|g| {
            let base = Row {
                pipeline: g.pipeline.name.clone(),
                pipeline_id: g.pipeline.id.clone(),
                query: g.pipeline.query.clone(),
                job: None,
            };
            if g.jobs.is_empty() {
                vec![base]
            } else {
                g.jobs
                    .iter()
                    .map(|j| Row {
                        job: Some(j.clone()),
                        ..base.clone()
                    })
                    .collect()
            }
        })
        .collect()
}

/// `jobs`: pipelines and their jobs.
#[component]
pub fn JobsPage() -> impl IntoView {
    let ctx = use_app();
    let api = ctx.api.clone();
    let poll = use_poll(
        move || {
            let api = api.clone();
            async move { api.jobs().await }
        },
        any_transitional,
        never,
        PollPolicy::default(),
    );
    let now = use_now();
    let filter = RwSignal::new(None::<String>);

    let announcement = RwSignal::new(String::new());
    let previous = StoredValue::new(Vec::<PipelineJobs>::new());
    Effect::new(move |_| {
        poll.data.with(|d| {
            if let Some(list) = d {
                let changes = job_changes(&previous.get_value(), list);
                if !changes.is_empty() {
                    let text: Vec<String> = changes
                        .iter()
                        .map(|c| format!("{} is now {}.", c.pipeline, c.to))
                        .collect();
                    announcement.set(text.join(" "));
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
            } else if poll.data.with(|d| d.as_ref().is_some_and(any_transitional)) {
                " · live, every second while jobs change".into()
            } else {
                " · live".into()
            };
            format!("{updated}{state}")
        }
    };
    let counts = {
        let poll = poll.clone();
        move || {
            let mut out: Vec<(String, Health, usize)> = Vec::new();
            poll.data.with(|d| {
                for j in d.iter().flatten().flat_map(|g| g.jobs.iter()) {
                    match out.iter_mut().find(|(s, _, _)| s == &j.state) {
                        Some((_, _, n)) => *n += 1,
                        None => out.push((j.state.clone(), j.health, 1)),
                    }
                }
            });
            // Failures first, then by name.
            out.sort_by_key(|(s, h, _)| (*h != Health::Failed, s.clone()));
            out
        }
    };
    let shown = {
        let poll = poll.clone();
        move || {
            let f = filter.get();
            poll.data.with(|d| {
                rows(d.as_deref().unwrap_or_default())
                    .into_iter()
                    .filter(|r| {
                        f.as_ref()
                            .is_none_or(|f| r.job.as_ref().is_some_and(|j| &j.state == f))
                    })
                    .collect::<Vec<_>>()
            })
        }
    };
    let total_jobs = {
        let poll = poll.clone();
        move || {
            poll.data.with(|d| {
                d.as_ref()
                    .map(|g| g.iter().map(|g| g.jobs.len()).sum::<usize>())
            })
        }
    };
    let shown_empty = shown;
    view! {
        <div class="page">
            <div class="page-head row-between">
                <div>
                    <h1>"Pipelines and jobs"</h1>
                    <p class="muted" data-testid="poll-status">{status_line}</p>
                </div>
                <button type="button" class="btn" on:click=refresh>"Refresh"</button>
            </div>
            <ErrorBanner error=poll.error on_retry=retry/>
            <p class="sr-only" aria-live="polite" data-testid="announcer">{move || announcement.get()}</p>
            <div class="filters" role="group" aria-label="Filter by state">
                <button type="button" class="chip-filter" aria-pressed=move || filter.get().is_none().to_string()
                    on:click=move |_| filter.set(None)>
                    {move || total_jobs().map_or_else(|| "All".to_string(), |n| format!("All ({n})"))}
                </button>
                {move || counts().into_iter().map(|(s, health, n)| {
                    let (s1, s2) = (s.clone(), s.clone());
                    view! {
                        <button type="button" class=format!("chip-filter chip-{}", health.css())
                            aria-pressed=move || (filter.get().as_deref() == Some(s1.as_str())).to_string()
                            on:click=move |_| filter.update(|f| *f = if f.as_deref() == Some(s2.as_str()) { None } else { Some(s2.clone()) })>
                            {format!("{s} ({n})")}
                        </button>
                    }
                }).collect_view()}
            </div>
            {move || match total_jobs() {
                // Not loaded yet: a spinner while waiting, no spinner once the banner says why not.
                None if poll.error.with(Option::is_some) => view! {
                    <p class="muted">"Nothing to show until the server answers."</p>
                }.into_any(),
                None => view! { <crate::components::Loading what="pipelines"/> }.into_any(),
                Some(_) if poll.data.with(|d| d.as_ref().is_some_and(Vec::is_empty)) => view! {
                    <div class="empty"><p>"No pipelines yet. Pipelines are written in SQL over your connection tables."</p></div>
                }.into_any(),
                Some(_) if shown_empty().is_empty() => view! { <p class="muted">"No job matches the filter."</p> }.into_any(),
                Some(_) => ().into_any(),
            }}
            <table class="table status-table" data-testid="job-table">
                <thead><tr>
                    <th scope="col">"Pipeline"</th><th scope="col">"Job"</th><th scope="col">"State"</th>
                    <th scope="col">"Tasks"</th><th scope="col">"Started"</th><th scope="col">"Problem"</th>
                </tr></thead>
                <tbody>
                    <For each=shown key=Row::fingerprint let:r>
                        {
                            let query = r.query.clone();
                            match r.job.clone() {
                                Some(j) => view! {
                                    <tr data-pipeline=r.pipeline.clone() data-state=j.state.clone() data-health=j.health.css()>
                                        <td>
                                            <strong>{r.pipeline.clone()}</strong>
                                            {query.map(|q| view! { <details class="lam-query"><summary>"SQL"</summary><pre class="mono">{q}</pre></details> })}
                                        </td>
                                        <td class="mono small">{j.id.clone()}{j.run_id.map(|n| view! { <span class="muted">{format!(" · run {n}")}</span> })}</td>
                                        <td><StatusBadge state=j.state.clone() health=j.health/></td>
                                        <td>{j.tasks.map(|t| t.to_string()).unwrap_or_else(|| "—".into())}</td>
                                        <td class="muted small">{j.start_time.as_deref().map(short_time).unwrap_or_else(|| "—".into())}
                                            {j.finish_time.as_deref().map(|f| view! { <br/>{format!("ended {}", short_time(f))} })}</td>
                                        <td class="reason">{j.failure_message.clone()}</td>
                                    </tr>
                                }.into_any(),
                                None => view! {
                                    <tr data-pipeline=r.pipeline.clone()>
                                        <td><strong>{r.pipeline.clone()}</strong></td>
                                        <td colspan="5" class="muted">"No jobs yet."</td>
                                    </tr>
                                }.into_any(),
                            }
                        }
                    </For>
                </tbody>
            </table>
        </div>
    }
}
