//! Pages of backends with a schema catalog, connection profiles, connection tables and jobs
//! (see [`Capability`](crate::vendor::Capability)): the catalog, profiles, tables, and
//! pipelines with their jobs. The flow: pick a connector (and a side when it offers both) →
//! create a connection profile and test it → create a source or sink table and watch its test
//! stream → see the pipelines' jobs live.

mod catalog;
mod jobs;
mod profiles;
mod table_form;
mod tables;

pub use catalog::SchemaCatalogPage;
pub use jobs::JobsPage;
pub use profiles::{NewProfilePage, ProfilesPage};
pub use tables::{NewTablePage, TablesPage};

use leptos::prelude::*;

use crate::components::ConnectorIcon;
use crate::model::icon::{svg_data_uri, Icon};
use crate::model::pipeline::{SchemaConnector, TestMessage};
use crate::pages::draft::{BannerStyle, Draft, DraftBanner};

/// A connector's icon: its sanitized SVG as an image (never inserted as HTML), or initials.
#[component]
pub fn SchemaIcon(
    /// The connector.
    connector: SchemaConnector,
) -> impl IntoView {
    match &connector.icon {
        Icon::Svg(svg) => {
            view! { <img class="lam-icon" src=svg_data_uri(svg) alt="" width="40" height="40" /> }
                .into_any()
        }
        Icon::None => view! { <ConnectorIcon name=connector.name.clone()/> }.into_any(),
    }
}

/// The outcome of a connection test, in a live region: nothing, running, or a result.
#[derive(Clone, Debug, PartialEq)]
pub enum TestState {
    /// Not run yet.
    Idle,
    /// Under way.
    Running,
    /// Finished (with `error`, it failed).
    Finished(TestMessage),
}

/// A test result line: announced when it changes, marked clearly as passed or failed.
#[component]
pub fn TestOutcome(
    /// The state.
    state: RwSignal<TestState>,
) -> impl IntoView {
    view! {
        <div class="test-outcome" role="status" aria-live="polite" data-testid="test-outcome">
            {move || match state.get() {
                TestState::Idle => ().into_any(),
                TestState::Running => view! {
                    <p class="loading"><span class="spinner" aria-hidden="true"></span>"Testing…"</p>
                }.into_any(),
                TestState::Finished(m) if m.error => view! {
                    <p class="test-result test-failed"><span class="test-mark" aria-hidden="true">"✕"</span>
                        <strong>"Test failed: "</strong>{m.message}</p>
                }.into_any(),
                TestState::Finished(m) => view! {
                    <p class="test-result test-passed"><span class="test-mark" aria-hidden="true">"✓"</span>
                        <strong>"Test passed: "</strong>{m.message}</p>
                }.into_any(),
            }}
        </div>
    }
}

/// "Restored your unsaved draft" for a profile or table form. Discarding bumps `nonce`,
/// which the page keys its form on, so the form is built afresh from the defaults.
pub fn draft_banner(draft: Draft, nonce: RwSignal<u32>) -> impl IntoView {
    let on_discard = Callback::new(move |_| nonce.update(|n| *n += 1));
    view! { <DraftBanner draft=draft on_discard=on_discard style=BannerStyle::Line/> }
}

/// A profile's or table's action bar: create (the form's submit), test, cancel; both buttons
/// are disabled while a request is in flight.
#[component]
pub fn FormActions(
    /// True while a request is in flight.
    busy: RwSignal<bool>,
    /// Text of the submit button.
    submit_label: &'static str,
    /// Text of the test button.
    test_label: &'static str,
    /// Called by the test button.
    on_test: Callback<()>,
    /// Where "Cancel" goes.
    cancel_href: String,
) -> impl IntoView {
    view! {
        <div class="form-actions">
            <button type="submit" class="btn btn-primary" disabled=move || busy.get()>{submit_label}</button>
            <button type="button" class="btn" disabled=move || busy.get() on:click=move |_| on_test.run(())>{test_label}</button>
            <a class="btn btn-quiet" href=cancel_href>"Cancel"</a>
        </div>
    }
}

/// A banner for `?created=` after a create.
pub fn created_banner(what: &str, name: Option<String>) -> impl IntoView {
    let what = what.to_string();
    name.map(|n| {
        view! {
            <div class="banner banner-info" role="status"><div class="banner-text">{format!("Created {what} “{n}”.")}</div></div>
        }
    })
}

/// "Try again" for a form's banner: submits the form again (its own checks run first).
pub fn resubmit(form_id: String) -> Callback<()> {
    Callback::new(move |_| {
        if let Some(f) = crate::ui::by_id(&form_id) {
            if let Ok(f) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlFormElement>(f) {
                let _ = f.request_submit();
            }
        }
    })
}
