//! Laminar (Arroyo lineage) pages: catalog, connection profiles, connection tables, jobs.
//! (Being built; these placeholders keep the routes alive.)

use leptos::prelude::*;

/// `catalog` on a Laminar backend.
#[component]
pub fn LaminarCatalogPage() -> impl IntoView {
    view! { <div class="page"><h1>"Laminar connectors"</h1></div> }
}

/// `profiles`: connection profiles.
#[component]
pub fn ProfilesPage() -> impl IntoView {
    view! { <div class="page"><h1>"Connection profiles"</h1></div> }
}

/// `new-profile?connector=…`.
#[component]
pub fn NewProfilePage() -> impl IntoView {
    view! { <div class="page"><h1>"New connection profile"</h1></div> }
}

/// `tables`: connection tables.
#[component]
pub fn TablesPage() -> impl IntoView {
    view! { <div class="page"><h1>"Connection tables"</h1></div> }
}

/// `new-table?connector=…&side=source|sink&profile=…`.
#[component]
pub fn NewTablePage() -> impl IntoView {
    view! { <div class="page"><h1>"New connection table"</h1></div> }
}

/// `jobs`: pipelines and their jobs.
#[component]
pub fn JobsPage() -> impl IntoView {
    view! { <div class="page"><h1>"Pipelines and jobs"</h1></div> }
}
