//! `new?kind=sources&type=postgresql`: the form for a new connector of one type.

use leptos::prelude::*;

use super::form_page::ConnectorForm;
use crate::components::{ConnectorIcon, ErrorBanner, Loading};
use crate::model::catalog::ConnectorKind;
use crate::ui::use_app;

/// The new-connector page.
#[component]
pub fn NewConnectorPage() -> impl IntoView {
    let ctx = use_app();
    let loc = ctx.loc;
    let params = Memo::new(move |_| {
        loc.with(|l| {
            let kind = l
                .param("kind")
                .and_then(ConnectorKind::from_segment)
                .unwrap_or(ConnectorKind::Source);
            (kind, l.param("type").unwrap_or_default().to_string())
        })
    });
    let api = ctx.api.clone();
    let epoch = ctx.auth_epoch;
    let loaded = LocalResource::new(move || {
        let api = api.clone();
        let (kind, code) = params.get();
        async move { api.connector_type(kind, &code).await }
    });
    let error = RwSignal::new(None);
    Effect::new(move |_| match loaded.get() {
        Some(Err(e)) => error.set(Some(e)),
        _ => error.set(None),
    });
    let retry = Callback::new(move |_| loaded.refetch());
    // After a sign-in, load again only what failed: a loaded form is never replaced.
    Effect::new(move |prev: Option<()>| {
        epoch.track();
        if prev.is_some() && matches!(loaded.get_untracked(), Some(Err(_))) {
            loaded.refetch();
        }
    });
    let back = {
        let ctx = ctx.clone();
        move || ctx.href("catalog", &[("kind", params.get().0.plural())])
    };
    view! {
        <div class="page page-form">
            <p class="crumbs"><a href=back>"← Catalog"</a></p>
            <ErrorBanner error=error on_retry=retry/>
            {move || match loaded.get() {
                None => view! { <Loading what="the connector's settings"/> }.into_any(),
                Some(Err(_)) => view! { <p class="muted">"This connector type could not be loaded."</p> }.into_any(),
                Some(Ok((ct, skipped))) => view! {
                    <div class="page-head with-icon">
                        <ConnectorIcon name=ct.name.clone()/>
                        <div>
                            <h1>{format!("New {} {}", ct.name, ct.kind.label().to_lowercase())}</h1>
                            <p class="muted">{ct.description.clone()}</p>
                            {(!ct.details.is_empty()).then(|| view! {
                                <ul class="details-list">
                                    {ct.details.iter().map(|d| view! {
                                        <li>{format!("{}: ", d.label)}{match &d.href {
                                            Some(h) => view! { <a href=h.clone() target="_blank" rel="noopener noreferrer">{d.value.clone()}</a> }.into_any(),
                                            None => view! { <span class="mono">{d.value.clone()}</span> }.into_any(),
                                        }}</li>
                                    }).collect_view()}
                                </ul>
                            })}
                        </div>
                    </div>
                    <ConnectorForm ct=ct skipped=skipped existing=None/>
                }.into_any(),
            }}
        </div>
    }
}
