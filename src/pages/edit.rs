//! `edit?kind=sources&id=…`: the form prefilled from a connector's stored config.

use leptos::prelude::*;

use super::form_page::ConnectorForm;
use crate::components::{ErrorBanner, Loading};
use crate::model::catalog::ConnectorKind;
use crate::ui::use_app;

/// The edit page.
#[component]
pub fn EditPage() -> impl IntoView {
    let ctx = use_app();
    let loc = ctx.loc;
    let params = Memo::new(move |_| {
        loc.with(|l| {
            let kind = l
                .param("kind")
                .and_then(ConnectorKind::from_segment)
                .unwrap_or(ConnectorKind::Source);
            (kind, l.param("id").unwrap_or_default().to_string())
        })
    });
    let api = ctx.api.clone();
    let epoch = ctx.auth_epoch;
    let loaded = LocalResource::new(move || {
        let api = api.clone();
        let (kind, id) = params.get();
        async move {
            let c = api.get(kind, &id).await?;
            let (ct, skipped) = api.connector_type(kind, &c.type_id).await?;
            Ok::<_, crate::http::ApiError>((c, ct, skipped))
        }
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
        move || {
            let (kind, id) = params.get();
            ctx.href("connector", &[("kind", kind.plural()), ("id", &id)])
        }
    };
    view! {
        <div class="page page-form">
            <p class="crumbs"><a href=back>"← Connector"</a></p>
            <ErrorBanner error=error on_retry=retry/>
            {move || match loaded.get() {
                None => view! { <Loading what="the connector"/> }.into_any(),
                Some(Err(_)) => view! { <p class="muted">"This connector could not be loaded."</p> }.into_any(),
                Some(Ok((c, ct, skipped))) => view! {
                    <div class="page-head">
                        <h1>{format!("Edit {}", c.name)}</h1>
                        <p class="muted">{format!("{} {}", ct.name, ct.kind.label().to_lowercase())}</p>
                    </div>
                    <ConnectorForm ct=ct skipped=skipped existing=Some(c)/>
                }.into_any(),
            }}
        </div>
    }
}
