//! `tables` (list, delete) and `new-table?connector=&side=&profile=` (create a source or sink
//! table with [`TableForm`]: the side's config form, format, columns, event time and
//! watermark; test it while the server streams its messages).

use leptos::prelude::*;

use super::created_banner;
use super::profiles::futures_join;
use super::table_form::TableForm;
use crate::components::{ErrorBanner, Loading};
use crate::http::ApiError;
use crate::model::pipeline::{Profile, Table, TableKind};
use crate::model::pipeline_view::{only_side, short_time};
use crate::ui::use_app;

/// `tables`: connection tables.
#[component]
pub fn TablesPage() -> impl IntoView {
    let ctx = use_app();
    // Async work started here ends with it (requests aborted, no signal read after).
    let tasks = crate::ui::Tasks::new();
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
            tasks.spawn(async move {
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
