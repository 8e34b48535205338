//! The catalog: sources and destinations, searchable, each a link to its new-connector form.

use leptos::prelude::*;

use crate::app::use_app;
use crate::components::{ConnectorIcon, ErrorBanner, Loading};
use crate::model::catalog::ConnectorKind;

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
    let api = ctx.api.clone();
    let catalog = LocalResource::new(move || {
        let api = api.clone();
        let k = kind.get();
        async move { api.catalog(k).await }
    });
    let error = RwSignal::new(None);
    Effect::new(move |_| {
        if let Some(Err(e)) = catalog.get() {
            error.set(Some(e));
        } else {
            error.set(None);
        }
    });
    let retry = Callback::new(move |_| catalog.refetch());
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
                        prop:value=move || search.get() on:input=move |e| search.set(event_target_value(&e)) />
                </label>
            </div>
            <ErrorBanner error=error on_retry=retry/>
            {move || {
                let ctx = ctx2.clone();
                match catalog.get() {
                    None => view! { <Loading what="the catalog"/> }.into_any(),
                    Some(Err(_)) => view! { <p class="muted">"The catalog is unavailable."</p> }.into_any(),
                    Some(Ok(cat)) => {
                        let skipped = cat.skipped.clone();
                        let types = cat.types.clone();
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
                            {move || {
                                let q = search.get().to_lowercase();
                                let shown: Vec<_> = types.iter().filter(|t| {
                                    q.is_empty() || t.name.to_lowercase().contains(&q)
                                        || t.id.contains(&q) || t.description.to_lowercase().contains(&q)
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
                                            let n = t.fields.len();
                                            view! {
                                                <li>
                                                    <a class="card" href=href>
                                                        <ConnectorIcon name=t.name.clone()/>
                                                        <span class="card-body">
                                                            <span class="card-title">{t.name.clone()}</span>
                                                            <span class="card-text">{t.description.clone()}</span>
                                                            <span class="card-meta">{format!("{n} settings · {}", t.id)}</span>
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
