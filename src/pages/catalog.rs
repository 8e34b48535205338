//! The catalog: sources and destinations, searchable, each a link to its new-connector form.

use leptos::prelude::*;

use crate::components::{ConnectorIcon, ErrorBanner, Loading};
use crate::model::catalog::ConnectorKind;
use crate::ui::live_value;
use crate::ui::use_app;

/// `catalog?kind=sources|destinations`.
#[component]
pub fn CatalogPage() -> impl IntoView {
    let ctx = use_app();
    let loc = ctx.loc;
    let kind = Memo::new(move |_| {
        loc.with(|l| {
            l.param("kind")
                .and_then(ConnectorKind::from_segment)
                .unwrap_or(ConnectorKind::Source)
        })
    });
    let search = RwSignal::new(String::new());
    let tag_filter = RwSignal::new(None::<String>);
    // A paged catalog: more types arrive page by page; each page refreshes the list.
    let pages_loaded = RwSignal::new(0u32);
    let progress = RwSignal::new(None::<crate::vendor::CatalogProgress>);
    let api = ctx.api.clone();
    let auth_epoch = ctx.auth_epoch;
    let catalog = LocalResource::new(move || {
        let api = api.clone();
        let k = kind.get();
        pages_loaded.track();
        async move { api.catalog(k).await }
    });
    if ctx.api.can(crate::vendor::Capability::PagedCatalog) {
        let api = ctx.api.clone();
        // (Re)start paging after sign-in, too.
        let epoch = auth_epoch;
        let alive = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(true));
        let a2 = alive.clone();
        on_cleanup(move || a2.store(false, std::sync::atomic::Ordering::Relaxed));
        let tasks = crate::ui::Tasks::new();
        Effect::new(move |_| {
            epoch.track();
            let (api, alive) = (api.clone(), alive.clone());
            tasks.spawn(async move {
                loop {
                    let r = api.load_more_types().await;
                    if !alive.load(std::sync::atomic::Ordering::Relaxed) {
                        break;
                    }
                    match r {
                        Ok(p) => {
                            let done = p.done;
                            progress.set(Some(p));
                            pages_loaded.update(|n| *n += 1);
                            if done {
                                break;
                            }
                        }
                        Err(_) => {
                            progress.set(None);
                            break;
                        }
                    }
                }
            });
        });
    }
    let error = RwSignal::new(None);
    Effect::new(move |_| {
        if let Some(Err(e)) = catalog.get() {
            error.set(Some(e));
        } else {
            error.set(None);
        }
    });
    let retry = Callback::new(move |_| catalog.refetch());
    Effect::new(move |prev: Option<()>| {
        auth_epoch.track();
        if prev.is_some() && matches!(catalog.get_untracked(), Some(Err(_))) {
            catalog.refetch();
        }
    });
    let tab = {
        let ctx = ctx.clone();
        move |k: ConnectorKind, label: &'static str| {
            let href = ctx.href("catalog", &[("kind", k.plural())]);
            view! {
                <a class="tab" href=href aria-current=move || (kind.get() == k).then_some("page")>{label}</a>
            }
        }
    };
    let ctx2 = ctx.clone();
    view! {
        <div class="page">
            <div class="page-head">
                <h1>"Catalog"</h1>
                <p class="muted">{format!("Connectors offered by {}.", ctx.backend.label)}</p>
            </div>
            <div class="toolbar">
                <nav class="tabs" aria-label="Connector kind">
                    {tab(ConnectorKind::Source, "Sources")}
                    {tab(ConnectorKind::Destination, "Destinations")}
                </nav>
                <label class="search">
                    <span class="sr-only">"Search connectors"</span>
                    <input type="search" class="input" placeholder="Search connectors…"
                        use:live_value=Signal::derive(move || search.get()) on:input=move |e| search.set(event_target_value(&e)) />
                </label>
            </div>
            <ErrorBanner error=error on_retry=retry/>
            {move || progress.get().filter(|p| !p.done).map(|p| (p.loaded, p.total)).map(|(n, total)| view! {
                <p class="loading" role="status">
                    <span class="spinner" aria-hidden="true"></span>
                    {match total { Some(t) => format!("Loading custom plugins: {n} of {t}…"), None => format!("Loading custom plugins: {n}…") }}
                    {total.map(|t| view! { <progress max=t.to_string() value=n.to_string()></progress> })}
                </p>
            })}
            {move || progress.get().filter(|p| p.done).map(|p| match p.note {
                None => view! { <p class="muted small" role="status">{format!("All {} custom plugins loaded.", p.loaded)}</p> }.into_any(),
                Some(why) => view! { <p class="note" role="status">{format!("{} custom plugins loaded. {why}", p.loaded)}</p> }.into_any(),
            })}
            {move || {
                let ctx = ctx2.clone();
                match catalog.get() {
                    None => view! { <Loading what="the catalog"/> }.into_any(),
                    Some(Err(_)) => view! { <p class="muted">"The catalog is unavailable."</p> }.into_any(),
                    Some(Ok(cat)) => {
                        let skipped = cat.skipped.clone();
                        let types = cat.types.clone();
                        let mut tags: Vec<String> = types.iter().flat_map(|t| t.tags.iter().cloned()).collect();
                        tags.sort();
                        tags.dedup();
                        let k = kind.get_untracked();
                        view! {
                            {(!skipped.is_empty()).then(|| view! {
                                <div class="banner banner-notice" role="status">
                                    <div class="banner-text">
                                        <strong>{format!("{} catalog {} could not be read and {} left out", skipped.len(),
                                            if skipped.len() == 1 { "entry" } else { "entries" },
                                            if skipped.len() == 1 { "was" } else { "were" })}</strong>
                                        <details><summary>"Details"</summary>
                                            <ul>{skipped.into_iter().map(|s| view! { <li>{s}</li> }).collect_view()}</ul>
                                        </details>
                                    </div>
                                </div>
                            })}
                            {(tags.len() > 1).then(|| view! {
                                <div class="filters" role="group" aria-label="Filter by label">
                                    <button type="button" class="chip-filter" aria-pressed=move || tag_filter.get().is_none().to_string()
                                        on:click=move |_| tag_filter.set(None)>"All"</button>
                                    {tags.iter().map(|t| {
                                        let (t1, t2, t3) = (t.clone(), t.clone(), t.clone());
                                        view! {
                                            <button type="button" class="chip-filter" aria-pressed=move || (tag_filter.get().as_deref() == Some(t1.as_str())).to_string()
                                                on:click=move |_| tag_filter.set(Some(t2.clone()))>{t3}</button>
                                        }
                                    }).collect_view()}
                                </div>
                            })}
                            {move || {
                                let q = search.get().to_lowercase();
                                let tag = tag_filter.get();
                                let shown: Vec<_> = types.iter().filter(|t| {
                                    (q.is_empty() || t.name.to_lowercase().contains(&q)
                                        || t.id.to_lowercase().contains(&q) || t.description.to_lowercase().contains(&q))
                                        && tag.as_ref().is_none_or(|g| t.tags.contains(g))
                                }).cloned().collect();
                                let count = shown.len();
                                let ctx = ctx.clone();
                                view! {
                                    <p class="muted result-count" aria-live="polite">
                                        {format!("{count} {}", if count == 1 { "connector" } else { "connectors" })}
                                    </p>
                                    <ul class="card-grid">
                                        {shown.into_iter().map(|t| {
                                            let href = ctx.href("new", &[("kind", k.plural()), ("type", &t.id)]);
                                            let meta = if t.details.is_empty() {
                                                format!("{} settings · {}", t.fields.len(), t.id)
                                            } else {
                                                t.details.iter().filter(|d| d.href.is_none() && d.label != "Class").map(|d| format!("{} {}", d.label, d.value)).collect::<Vec<_>>().join(" · ")
                                            };
                                            view! {
                                                <li>
                                                    <a class="card" href=href>
                                                        <ConnectorIcon name=t.name.clone()/>
                                                        <span class="card-body">
                                                            <span class="card-title">{t.name.clone()}</span>
                                                            <span class="card-text">{t.description.clone()}</span>
                                                            <span class="card-meta">{meta}</span>
                                                            {(!t.tags.is_empty()).then(|| view! { <span>{t.tags.iter().map(|g| view! { <span class="tag">{g.clone()}</span> }).collect_view()}</span> })}
                                                        </span>
                                                    </a>
                                                </li>
                                            }
                                        }).collect_view()}
                                    </ul>
                                }
                            }}
                        }.into_any()
                    }
                }
            }}
        </div>
    }
}
