//! `settings`: the backends (from config.json and added here), credentials, connection test.
//! (Placeholder until built.)

use leptos::prelude::*;

/// The settings page.
#[component]
pub fn SettingsPage() -> impl IntoView {
    view! { <div class="page"><h1>"Settings"</h1></div> }
}
