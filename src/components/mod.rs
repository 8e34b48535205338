//! Building blocks: data in by props, events out by callbacks.

pub mod checks;
pub mod chips;
pub mod curl;
#[cfg(feature = "ui-connectors")]
pub mod field;
#[cfg(feature = "ui-connectors")]
pub mod form;
pub mod frame;
pub mod rich_text;
#[cfg(feature = "ui-pipelines")]
pub mod schema_form;
pub mod secret;
#[cfg(feature = "ui-connectors")]
pub mod store;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::http::ApiError;
use crate::model::catalog::initials;
use crate::model::status::{headline, Health};

/// A status badge: the backend's own state name, colored by normalized health.
#[component]
pub fn StatusBadge(
    /// The backend's state name (`Active`, `RUNNING`, `Broken` …).
    #[prop(into)]
    state: String,
    /// The normalized health, for the color.
    health: Health,
) -> impl IntoView {
    view! {
        <span class=format!("badge badge-{}", health.css()) data-health=health.css()>
            <span class="badge-dot" aria-hidden="true"></span>
            {state}
        </span>
    }
}

/// A badge for a task state (`RUNNING`, `FAILED`, `PAUSED` …).
#[component]
pub fn TaskBadge(
    /// The task's state name.
    #[prop(into)]
    state: String,
) -> impl IntoView {
    let health = match state.to_ascii_uppercase().as_str() {
        "RUNNING" => Health::Running,
        "FAILED" => Health::Failed,
        "PAUSED" => Health::Paused,
        "STOPPED" => Health::Stopped,
        "UNASSIGNED" | "RESTARTING" | "PROVISIONING" => Health::Starting,
        _ => Health::Unknown,
    };
    view! { <StatusBadge state=state health=health/> }
}

/// A round icon with a connector's initials, colored from its name.
#[component]
pub fn ConnectorIcon(
    /// The connector type's display name.
    #[prop(into)]
    name: String,
) -> impl IntoView {
    // A color picked from the name, by class (a strict CSP forbids inline styles).
    let hue = name
        .bytes()
        .fold(7u32, |h, b| h.wrapping_mul(31).wrapping_add(b as u32))
        % 12;
    view! {
        <span class=format!("connector-icon hue-{hue}") aria-hidden="true">{initials(&name)}</span>
    }
}

/// An error banner with what happened, what to do, and "Try again" for transient failures.
#[component]
pub fn ErrorBanner(
    /// The error to show (nothing when `None`).
    error: RwSignal<Option<ApiError>>,
    /// Called by "Try again".
    on_retry: Callback<()>,
) -> impl IntoView {
    // An embedding host hears about every error shown.
    if let Some(ctx) = use_context::<crate::ui::AppCtx>() {
        Effect::new(move |_| {
            if let Some(e) = error.get() {
                ctx.emit(
                    "cc:error",
                    serde_json::json!({ "backend": ctx.backend.id, "title": e.title(), "message": crate::secret::redact_text(&e.to_string(), &[]), "status": e.status() }),
                );
            }
        });
    }
    move || {
        error.get().map(|e| {
            let transient = e.is_transient();
            let unauthorized = e.status() == Some(401);
            let prompt = use_context::<crate::ui::AppCtx>().map(|c| c.auth_prompt);
            let wait = match &e {
                ApiError::Http {
                    retry_after: Some(s),
                    ..
                } => Some(format!(" The server asked us to wait {s} s.")),
                _ => None,
            };
            view! {
                <div class="banner banner-error" role="alert">
                    <div class="banner-text">
                        <strong>{e.title()}</strong>
                        <p>{crate::secret::redact_text(&e.to_string(), &[])}{wait}</p>
                    </div>
                    <div class="banner-actions">
                        {transient.then(|| view! {
                            <button type="button" class="btn" on:click=move |_| on_retry.run(())>"Try again"</button>
                        })}
                        {(unauthorized && prompt.is_some()).then(|| view! {
                            <button type="button" class="btn" on:click=move |_| {
                                if let Some(p) = prompt { p.set(Some(String::new())); }
                            }>"Sign in"</button>
                        })}
                        <button type="button" class="btn btn-quiet" aria-label="Dismiss this message"
                            on:click=move |_| error.set(None)>"Dismiss"</button>
                    </div>
                </div>
            }
        })
    }
}

/// A list of notices (catalog entries skipped, config problems) that can be dismissed.
#[component]
pub fn Notices(
    /// The notices.
    notices: RwSignal<Vec<String>>,
    /// Heading of the notice box.
    #[prop(into)]
    title: String,
) -> impl IntoView {
    move || {
        let list = notices.get();
        (!list.is_empty()).then(|| {
            let title = title.clone();
            view! {
                <div class="banner banner-notice" role="status">
                    <div class="banner-text">
                        <strong>{title}</strong>
                        <ul>{list.into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}</ul>
                    </div>
                    <div class="banner-actions">
                        <button type="button" class="btn btn-quiet" on:click=move |_| notices.set(vec![])>"Dismiss"</button>
                    </div>
                </div>
            }
        })
    }
}

/// A failure trace: the root cause first, the full trace behind a disclosure.
#[component]
pub fn Trace(
    /// The trace text.
    #[prop(into)]
    trace: String,
) -> impl IntoView {
    // A server's trace may echo a JAAS line or a connection string: the secret policy masks it.
    let trace = crate::secret::redact_text(&trace, &[]);
    let head = headline(&trace);
    view! {
        <div class="trace">
            <p class="trace-head">{head}</p>
            <details>
                <summary>"Full trace"</summary>
                <pre class="mono">{trace}</pre>
            </details>
        </div>
    }
}

/// A small spinner with a label for screen readers.
#[component]
pub fn Loading(
    /// What is loading.
    #[prop(into)]
    what: String,
) -> impl IntoView {
    view! {
        <p class="loading" role="status"><span class="spinner" aria-hidden="true"></span>{format!("Loading {what}…")}</p>
    }
}

/// Keyboard handling for a modal dialog, attached as the dialog's `keydown` handler: Escape
/// calls `close`, and Tab / Shift+Tab wrap around inside the dialog so focus cannot wander to
/// the page underneath.
pub fn modal_keydown(e: &web_sys::KeyboardEvent, close: impl FnOnce()) {
    if e.key() == "Escape" {
        e.prevent_default();
        close();
        return;
    }
    if e.key() != "Tab" {
        return;
    }
    let Some(root) = e
        .current_target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
    else {
        return;
    };
    let Ok(list) = root.query_selector_all(
        "button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), a[href]",
    ) else {
        return;
    };
    let n = list.length();
    if n == 0 {
        return;
    }
    let target = e.target().and_then(|t| t.dyn_into::<web_sys::Node>().ok());
    let is_target = |node: Option<web_sys::Node>| {
        node.zip(target.as_ref())
            .is_some_and(|(a, b)| a.is_same_node(Some(b)))
    };
    let wrap_to = if e.shift_key() && is_target(list.get(0)) {
        list.get(n - 1)
    } else if !e.shift_key() && is_target(list.get(n - 1)) {
        list.get(0)
    } else {
        None
    };
    if let Some(el) = wrap_to.and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok()) {
        e.prevent_default();
        let _ = el.focus();
    }
}
