//! `catalog?category=&type=`: a schema catalog's connectors as cards with category, sides, version,
//! features and formats, filterable; picking one that is both source and sink asks which side.

use leptos::ev;
use leptos::prelude::*;

use super::SchemaIcon;
use crate::components::{ErrorBanner, Loading};
use crate::model::pipeline::{SchemaConnector, TableKind};
use crate::model::pipeline_view::{catalog_matches, categories, facets, only_side};
use crate::ui::focus_later;
use crate::ui::live_value;
use crate::ui::use_app;

/// Where a connector and side lead: its profile form first when it needs one.
fn next_href(ctx: &crate::ui::AppCtx, c: &SchemaConnector, side: TableKind) -> String {
    let route = if c.needs_profile() {
        "new-profile"
    } else {
        "new-table"
    };
    ctx.href(route, &[("connector", &c.id), ("side", side.as_str())])
}

/// `catalog` on a backend with a schema catalog.
#[component]
pub fn SchemaCatalogPage() -> impl IntoView {
    let ctx = use_app();
    let category = Memo::new({
        let ctx = ctx.clone();
        move |_| ctx.param("category").filter(|c| !c.is_empty())
    });
    let side = Memo::new({
        let ctx = ctx.clone();
        move |_| ctx.param("type").filter(|c| !c.is_empty())
    });
    let api = ctx.api.clone();
    let catalog = LocalResource::new(move || {
        let (api, c, s) = (api.clone(), category.get(), side.get());
        async move { api.schema_catalog(c.as_deref(), s.as_deref()).await }
    });
    // The unfiltered catalog, once: the category choices.
    let api = ctx.api.clone();
    let all = LocalResource::new(move || {
        let api = api.clone();
        async move { api.schema_catalog(None, None).await }
    });
    let search = RwSignal::new(String::new());
    let features = RwSignal::new(Vec::<String>::new());
    let formats = RwSignal::new(Vec::<String>::new());
    let choosing = RwSignal::new(None::<(SchemaConnector, String)>);

    let error = RwSignal::new(None);
    Effect::new(move |_| match catalog.get() {
        Some(Err(e)) => error.set(Some(e)),
        _ => error.set(None),
    });
    let retry = Callback::new(move |_| catalog.refetch());

    let cat_id = ctx.id("lam-category");
    let nav = ctx.clone();
    let on_category = move |e: ev::Event| {
        let v = event_target_value(&e);
        let s = side.get_untracked().unwrap_or_default();
        nav.navigate(&nav.href("catalog", &[("category", &v), ("type", &s)]));
    };
    let category_options = move || {
        let cats = match all.get() {
            Some(Ok(c)) => categories(&c.connectors),
            _ => category.get().into_iter().collect(),
        };
        let current = category.get().unwrap_or_default();
        view! {
            <option value="" prop:selected=current.is_empty()>"All categories"</option>
            {cats.into_iter().map(|c| {
                let sel = c.eq_ignore_ascii_case(&current);
                view! { <option value=c.clone() prop:selected=sel>{c.clone()}</option> }
            }).collect_view()}
        }
    };
    let side_button = {
        let ctx = ctx.clone();
        move |value: &'static str, label: &'static str| {
            let href = ctx.href(
                "catalog",
                &[
                    ("category", &category.get_untracked().unwrap_or_default()),
                    ("type", value),
                ],
            );
            let nav = ctx.clone();
            view! {
                <button type="button" class="chip-filter"
                    aria-pressed=move || (side.get().unwrap_or_default() == value).to_string()
                    on:click=move |_| nav.navigate(&href)>{label}</button>
            }
        }
    };

    let ctx_cards = ctx.clone();
    view! {
        <div class="page">
            <div class="page-head">
                <h1>{format!("{} connectors", ctx.api.vendor().label())}</h1>
                <p class="muted">{format!("Connectors offered by {}. Pick one to set up a connection profile and a source or sink table.", ctx.backend.label)}</p>
            </div>
            <div class="toolbar lam-toolbar">
                <div class="lam-filter">
                    <label for=cat_id.clone()>"Category"</label>
                    <select id=cat_id class="input" on:change=on_category>{category_options}</select>
                </div>
                <div class="filters" role="group" aria-label="Use as">
                    {side_button("", "Any side")}
                    {side_button("source", "Sources")}
                    {side_button("sink", "Sinks")}
                </div>
                <label class="search">
                    <span class="sr-only">"Search connectors"</span>
                    <input type="search" class="input" placeholder="Search connectors…"
                        use:live_value=Signal::derive(move || search.get()) on:input=move |e| search.set(event_target_value(&e)) />
                </label>
            </div>
            <ErrorBanner error=error on_retry=retry/>
            {move || {
                let ctx = ctx_cards.clone();
                match catalog.get() {
                    None => view! { <Loading what="the catalog"/> }.into_any(),
                    Some(Err(_)) => view! { <p class="muted">"The catalog is unavailable."</p> }.into_any(),
                    Some(Ok(cat)) => {
                        let (feats, fmts) = facets(&cat.connectors);
                        let skipped = cat.skipped.clone();
                        let list = cat.connectors.clone();
                        view! {
                            {(!skipped.is_empty()).then(|| view! {
                                <div class="banner banner-notice" role="status">
                                    <div class="banner-text">
                                        <strong>{format!("{} catalog {} could not be read and {} left out", skipped.len(),
                                            if skipped.len() == 1 { "entry" } else { "entries" },
                                            if skipped.len() == 1 { "was" } else { "were" })}</strong>
                                        <ul>{skipped.into_iter().map(|s| view! { <li>{s}</li> }).collect_view()}</ul>
                                    </div>
                                </div>
                            })}
                            <FacetChips label="Features" options=feats chosen=features/>
                            <FacetChips label="Formats" options=fmts chosen=formats/>
                            {move || {
                                let shown: Vec<SchemaConnector> = list.iter()
                                    .filter(|c| features.with(|f| formats.with(|m| search.with(|q| catalog_matches(c, f, m, q)))))
                                    .cloned().collect();
                                let n = shown.len();
                                let ctx = ctx.clone();
                                view! {
                                    <p class="muted result-count" aria-live="polite">
                                        {format!("{n} {}", if n == 1 { "connector" } else { "connectors" })}
                                    </p>
                                    <ul class="card-grid">
                                        {shown.into_iter().map(|c| view! { <li><ConnectorCard connector=c ctx=ctx.clone() choosing=choosing/></li> }).collect_view()}
                                    </ul>
                                }
                            }}
                        }.into_any()
                    }
                }
            }}
            <SidePicker choosing=choosing/>
        </div>
    }
}

/// A group of toggle chips filtering the cards (every chosen one must match).
#[component]
fn FacetChips(
    label: &'static str,
    options: Vec<String>,
    chosen: RwSignal<Vec<String>>,
) -> impl IntoView {
    (!options.is_empty()).then(|| {
        view! {
            <div class="filters lam-facets" role="group" aria-label=format!("Filter by {}", label.to_lowercase())>
                <span class="muted small">{label}</span>
                {options.into_iter().map(|o| {
                    let (o1, o2) = (o.clone(), o.clone());
                    view! {
                        <button type="button" class="chip-filter"
                            aria-pressed=move || chosen.with(|c| c.contains(&o1)).to_string()
                            on:click=move |_| chosen.update(|c| {
                                if let Some(i) = c.iter().position(|x| x == &o2) { c.remove(i); } else { c.push(o2.clone()); }
                            })>{o}</button>
                    }
                }).collect_view()}
            </div>
        }
    })
}

#[component]
fn ConnectorCard(
    connector: SchemaConnector,
    ctx: crate::ui::AppCtx,
    choosing: RwSignal<Option<(SchemaConnector, String)>>,
) -> impl IntoView {
    let c = connector;
    let button_id = ctx.id(&format!("lam-use-{}", c.id));
    let meta: Vec<String> = [
        c.category.clone(),
        c.version.as_ref().map(|v| format!("v{v}")),
        Some(c.id.clone()),
    ]
    .into_iter()
    .flatten()
    .collect();
    let sides: Vec<&str> = [(c.source, "Source"), (c.sink, "Sink")]
        .iter()
        .filter(|(on, _)| *on)
        .map(|(_, s)| *s)
        .collect();
    let pick = {
        let (c, ctx, bid) = (c.clone(), ctx.clone(), button_id.clone());
        move |_| match only_side(&c) {
            Some(side) => ctx.navigate(&next_href(&ctx, &c, side)),
            None => choosing.set(Some((c.clone(), bid.clone()))),
        }
    };
    let title_id = ctx.id(&format!("lam-card-{}", c.id));
    let labelledby = title_id.clone();
    view! {
        <article class="card lam-card" aria-labelledby=labelledby data-connector=c.id.clone()>
            <SchemaIcon connector=c.clone()/>
            <div class="card-body">
                <h2 class="card-title" id=title_id>{c.name.clone()}</h2>
                <span class="card-text">{c.description.clone()}</span>
                <span class="card-meta">{meta.join(" · ")}</span>
                <span class="lam-tags" aria-label="Use as">
                    {sides.into_iter().map(|s| view! { <span class=format!("tag tag-side tag-{}", s.to_lowercase())>{s}</span> }).collect_view()}
                </span>
                {(!c.features.is_empty()).then(|| view! {
                    <span class="lam-tags"><span class="sr-only">"Features: "</span>
                        {c.features.iter().map(|f| view! { <span class="tag">{f.replace('_', " ")}</span> }).collect_view()}
                    </span>
                })}
                {(!c.formats.is_empty()).then(|| view! {
                    <span class="lam-tags"><span class="sr-only">"Formats: "</span>
                        {c.formats.iter().map(|f| view! { <span class="tag tag-format">{f.clone()}</span> }).collect_view()}
                    </span>
                })}
                <div class="lam-card-actions">
                    <button type="button" class="btn btn-primary btn-small" id=button_id on:click=pick
                        aria-haspopup=only_side(&c).is_none().then_some("dialog")>
                        {format!("Use {}", c.name)}
                    </button>
                </div>
            </div>
        </article>
    }
}

/// Asks which side a connector that is both source and sink should be used as.
#[component]
fn SidePicker(choosing: RwSignal<Option<(SchemaConnector, String)>>) -> impl IntoView {
    let ctx = use_app();
    let title_id = ctx.id("lam-side-title");
    let first_id = ctx.id("lam-side-source");
    let close = move || {
        if let Some((_, back)) = choosing.get_untracked() {
            choosing.set(None);
            focus_later(back);
        }
    };
    Effect::new({
        let first_id = first_id.clone();
        move |_| {
            if choosing.with(Option::is_some) {
                focus_later(first_id.clone());
            }
        }
    });
    move || {
        choosing.get().map(|(c, _)| {
            let ctx = ctx.clone();
            let go = {
                let (ctx, c) = (ctx.clone(), c.clone());
                move |side: TableKind| {
                    choosing.set(None);
                    ctx.navigate(&next_href(&ctx, &c, side));
                }
            };
            let (go1, go2) = (go.clone(), go);
            let what = if c.needs_profile() {
                "Next: its connection profile."
            } else {
                "Next: the table's settings."
            };
            view! {
                <div class="dialog-backdrop">
                    <div class="dialog" role="dialog" aria-modal="true" aria-labelledby=title_id.clone()
                        on:keydown=move |e: ev::KeyboardEvent| crate::components::modal_keydown(&e, close)>
                        <h2 id=title_id.clone()>{format!("Use {} as…", c.name)}</h2>
                        <p class="muted">{format!("{} can be read from and written to. {what}", c.name)}</p>
                        <div class="lam-sides">
                            <button type="button" class="btn lam-side" id=first_id.clone() on:click=move |_| go1(TableKind::Source)>
                                <strong>"Source"</strong><span class="muted small">"Read from it"</span>
                            </button>
                            <button type="button" class="btn lam-side" on:click=move |_| go2(TableKind::Sink)>
                                <strong>"Sink"</strong><span class="muted small">"Write to it"</span>
                            </button>
                        </div>
                        <div class="row"><button type="button" class="btn btn-quiet" on:click=move |_| close()>"Cancel"</button></div>
                    </div>
                </div>
            }
        })
    }
}
