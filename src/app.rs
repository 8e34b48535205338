//! The app shell: loads `config.json`, picks the backend, provides the context and routes.

use std::sync::Arc;

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::api::Api;
use crate::components::{Loading, Notices};
use crate::config::{base_from_path, parse_config, BackendConfig, RuntimeConfig};
use crate::dialect::percent_encode;
use crate::net::Transport;
use crate::pages::{
    catalog::CatalogPage, connectors::ConnectorsPage, detail::DetailPage, edit::EditPage,
    new_connector::NewConnectorPage,
};

/// Everything pages share: the config, the chosen backend and its API, and URL helpers.
#[derive(Clone)]
pub struct AppCtx {
    /// The runtime configuration.
    pub config: Arc<RuntimeConfig>,
    /// The backend in use.
    pub backend: BackendConfig,
    /// Its API.
    pub api: Api,
    /// The app's root path ("" or "/tools/connectors").
    pub base: String,
    /// `?backend=` from the URL, carried through every link.
    pub backend_param: Option<String>,
    /// App-wide notices (config problems).
    pub notices: RwSignal<Vec<String>>,
    /// Whether a bearer token is set for a real backend (for the header).
    pub token_set: RwSignal<bool>,
}

impl AppCtx {
    /// A link to `route` with query `params`, keeping `?backend=`.
    pub fn href(&self, route: &str, params: &[(&str, &str)]) -> String {
        let mut q: Vec<String> = params
            .iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| format!("{k}={}", percent_encode(v)))
            .collect();
        if let Some(b) = &self.backend_param {
            q.push(format!("backend={}", percent_encode(b)));
        }
        let path = format!("{}/{}", self.base, route.trim_start_matches('/'));
        if q.is_empty() {
            path
        } else {
            format!("{path}?{}", q.join("&"))
        }
    }
}

/// The shared context; panics only if used outside the app (a programming error).
pub fn use_app() -> AppCtx {
    expect_context::<AppCtx>()
}

/// The app's root path, from the current location.
pub fn current_base() -> String {
    let path = window().location().pathname().unwrap_or_default();
    base_from_path(&path)
}

/// A query parameter of the current URL.
pub fn query_param(name: &str) -> Option<String> {
    let search = window().location().search().ok()?;
    let params = web_sys::UrlSearchParams::new_with_str(&search).ok()?;
    params.get(name)
}

async fn load_config(base: String) -> RuntimeConfig {
    let url = format!("{base}/config.json");
    match gloo_net::http::Request::get(&url).send().await {
        Ok(resp) if resp.ok() => match resp.text().await {
            Ok(text) => parse_config(&text),
            Err(e) => RuntimeConfig::fallback(Some(format!(
                "config.json could not be read ({e}); using the built-in simulated backend."
            ))),
        },
        Ok(resp) => RuntimeConfig::fallback(Some(format!(
            "config.json was not found (HTTP {}); using the built-in simulated backend.",
            resp.status()
        ))),
        Err(e) => RuntimeConfig::fallback(Some(format!(
            "config.json could not be loaded ({e}); using the built-in simulated backend."
        ))),
    }
}

/// The root component: loads the config, then renders the shell.
#[component]
pub fn App() -> impl IntoView {
    let base = current_base();
    let b2 = base.clone();
    let config = LocalResource::new(move || load_config(b2.clone()));
    view! {
        <div class="cc-app">
            {move || match config.get() {
                None => view! { <div class="boot"><Loading what="configuration"/></div> }.into_any(),
                Some(cfg) => view! { <Shell config=cfg base=base.clone()/> }.into_any(),
            }}
        </div>
    }
}

#[component]
fn Shell(config: RuntimeConfig, base: String) -> impl IntoView {
    let backend_param = query_param("backend");
    let (backend, notice) = config.select(backend_param.as_deref());
    let mut notices = config.notices.clone();
    notices.extend(notice);
    if !backend.dialect.supported() {
        notices.push(format!(
            "The backend “{}” uses the {} dialect, which this build does not speak yet.",
            backend.label,
            backend.dialect.as_str()
        ));
    }
    let api = Api::new(Transport::new(backend.clone(), base.clone()));
    let ctx = AppCtx {
        config: Arc::new(config),
        backend,
        api,
        base: base.clone(),
        backend_param,
        notices: RwSignal::new(notices),
        token_set: RwSignal::new(false),
    };
    provide_context(ctx.clone());
    let notices = ctx.notices;
    view! {
        <Router base=base>
            <a class="skip-link" href="#main">"Skip to content"</a>
            <Header/>
            <div class="app-notices"><Notices notices=notices title="Configuration"/></div>
            <main id="main" tabindex="-1">
                <Routes fallback=|| view! { <NotFound/> }>
                    <Route path=path!("/") view=CatalogPage/>
                    <Route path=path!("/index.html") view=CatalogPage/>
                    <Route path=path!("/catalog") view=CatalogPage/>
                    <Route path=path!("/new") view=NewConnectorPage/>
                    <Route path=path!("/connectors") view=ConnectorsPage/>
                    <Route path=path!("/connector") view=DetailPage/>
                    <Route path=path!("/edit") view=EditPage/>
                </Routes>
            </main>
        </Router>
    }
}

#[component]
fn Header() -> impl IntoView {
    let ctx = use_app();
    let location = leptos_router::hooks::use_location();
    let current = move |route: &'static str| {
        let path = location.pathname.get();
        let last = path
            .trim_end_matches('/')
            .rsplit('/')
            .next()
            .unwrap_or_default()
            .to_string();
        let here = match route {
            "catalog" => {
                matches!(last.as_str(), "catalog" | "new" | "" | "index.html")
                    || path.trim_end_matches('/') == ctx_base_trim(&path)
            }
            "connectors" => matches!(last.as_str(), "connectors" | "connector" | "edit"),
            _ => false,
        };
        here.then_some("page")
    };
    let backends = ctx.config.backends.clone();
    let selected = ctx.backend.id.clone();
    let real = !ctx.backend.simulated;
    let base = ctx.base.clone();
    let on_backend = move |e: leptos::ev::Event| {
        let id = event_target_value(&e);
        // A different backend is a different world: start fresh on its catalog.
        let url = format!("{base}/catalog?backend={}", percent_encode(&id));
        let _ = window().location().set_href(&url);
    };
    view! {
        <header class="app-header">
            <a class="brand" href=ctx.href("catalog", &[])>
                <span class="brand-mark" aria-hidden="true">"⇄"</span>"Connector Console"
            </a>
            <nav aria-label="Main">
                <a href=ctx.href("catalog", &[]) aria-current=move || current("catalog")>"Catalog"</a>
                <a href=ctx.href("connectors", &[]) aria-current=move || current("connectors")>"Connectors"</a>
            </nav>
            <div class="header-tools">
                <label class="backend-picker">
                    <span>"Backend"</span>
                    <select on:change=on_backend>
                        {backends.into_iter().map(|b| {
                            let sel = b.id == selected;
                            view! { <option value=b.id.clone() selected=sel>{b.label.clone()}</option> }
                        }).collect_view()}
                    </select>
                </label>
                {real.then(|| view! { <TokenControl/> })}
            </div>
        </header>
    }
}

fn ctx_base_trim(path: &str) -> String {
    base_from_path(path)
}

/// Bearer token entry for real backends; the token is kept in memory only.
#[component]
fn TokenControl() -> impl IntoView {
    let ctx = use_app();
    let open = RwSignal::new(false);
    let draft = RwSignal::new(String::new());
    let token_set = ctx.token_set;
    let api = ctx.api.clone();
    let api2 = ctx.api.clone();
    let save = move |e: leptos::ev::SubmitEvent| {
        e.prevent_default();
        api.transport().set_token(Some(draft.get_untracked()));
        token_set.set(api.transport().has_token());
        draft.set(String::new());
        open.set(false);
    };
    view! {
        <div class="token">
            <button type="button" class="btn btn-small" aria-expanded=move || open.get().to_string()
                aria-controls="token-form" on:click=move |_| open.update(|o| *o = !*o)>
                {move || if token_set.get() { "Token set ✓" } else { "Set token" }}
            </button>
            <Show when=move || open.get()>
                <form id="token-form" class="token-form" on:submit=save.clone()>
                    <label for="token-input">"Bearer token (kept in memory only)"</label>
                    <input id="token-input" type="password" class="input" autocomplete="off"
                        prop:value=move || draft.get() on:input=move |e| draft.set(event_target_value(&e)) />
                    <div class="row">
                        <button type="submit" class="btn btn-primary btn-small">"Use token"</button>
                        <button type="button" class="btn btn-small" on:click={
                            let api = api2.clone();
                            move |_| { api.transport().set_token(None); token_set.set(false); open.set(false); }
                        }>"Forget"</button>
                    </div>
                </form>
            </Show>
        </div>
    }
}

#[component]
fn NotFound() -> impl IntoView {
    let ctx = use_app();
    view! {
        <div class="page">
            <h1>"Page not found"</h1>
            <p>"There is nothing at this address. "
                <a href=ctx.href("catalog", &[])>"Browse the catalog"</a>" or "
                <a href=ctx.href("connectors", &[])>"see your connectors"</a>"."</p>
        </div>
    }
}

/// Mounts the app into the page's `<body>`.
pub fn start() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(App);
}
