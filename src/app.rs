//! The app shell: a small router, the header, sign-in and the routed pages. The context they
//! share lives in [`crate::ui`].
//!
//! The router is our own: standalone (and embedded with a `base_path`) it keeps the location in
//! the browser URL; embedded without one it navigates in memory, so several instances on one
//! page never fight over the URL.

use std::sync::Arc;

use leptos::ev;
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use wasm_bindgen::JsCast;

use crate::api::Api;
use crate::components::Notices;
use crate::config::{parse_location, Location, RuntimeConfig, Theme};
use crate::http::percent_encode;
use crate::ui::live_value;
use crate::ui::{by_id, use_app, AppCtx, NavMode, SwitchBackend};
use crate::vendor::Capability;

/// What the shell needs to start: given by `start()` (standalone) or `mount()` (embedded).
#[derive(Clone)]
pub struct Setup {
    /// The runtime configuration.
    pub config: RuntimeConfig,
    /// The app's root path.
    pub base: String,
    /// How locations are kept.
    pub nav: NavMode,
    /// The starting location.
    pub start: Location,
    /// DOM id prefix.
    pub prefix: String,
    /// Where demo data and assets live (URL of the app's directory, with trailing slash).
    pub asset_base: String,
    /// The element to dispatch host events on.
    pub host: Option<web_sys::HtmlElement>,
    /// The color scheme.
    pub theme: Theme,
    /// The portal's credential callback.
    pub token_provider: Option<js_sys::Function>,
}

/// The app's root: renders the shell, and re-creates it when the user switches backends.
#[component]
pub fn Root(
    /// What to start with.
    setup: Setup,
) -> impl IntoView {
    let current = RwSignal::new(setup.start.clone());
    let nav = setup.nav;
    let base = setup.base.clone();
    provide_context(SwitchBackend(Callback::new(move |id: String| {
        let href = format!("{base}/catalog?backend={}", percent_encode(&id));
        if nav == NavMode::Browser {
            if let Ok(h) = window().history() {
                let _ = h.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&href));
            }
        }
        if let Some(l) = parse_location(&base, &href) {
            current.set(l);
        }
    })));
    let setup = SendWrapper::new(setup);
    move || {
        let mut s = (*setup).clone();
        s.start = current.get();
        view! { <Shell setup=s/> }
    }
}

/// The app, ready to render from a [`Setup`].
#[component]
pub fn Shell(
    /// What to start with.
    setup: Setup,
) -> impl IntoView {
    let backend_param = setup.start.param("backend").map(str::to_string);
    let (backend, notice) = setup.config.select(backend_param.as_deref());
    let mut notices = setup.config.notices.clone();
    notices.extend(notice);
    let vendor = backend
        .as_ref()
        .and_then(|b| crate::vendors::find(&b.dialect));
    let (Some(backend), Some(vendor)) = (backend, vendor) else {
        // Nothing this build can talk to: say so, with the reasons.
        let notices = RwSignal::new(notices);
        return view! {
            <div class="cc-app" data-theme=setup.theme.as_str()>
                <main class="page">
                    <h1>"No backend to show"</h1>
                    <p>{format!(
                        "None of the configured backends can be used by this build of Connector Console (it speaks: {}).",
                        if crate::vendors::VENDORS.is_empty() { "no API".to_string() } else { crate::vendors::names() }
                    )}</p>
                    <Notices notices=notices title="Configuration"/>
                </main>
            </div>
        }
        .into_any();
    };
    let auth_prompt = RwSignal::new(None::<String>);
    let waiting = RwSignal::new(None::<String>);
    let transport = crate::net::Transport::new(backend.clone(), vendor, setup.asset_base.clone())
        // The portal's token is for the portal's backends, not for ones a user added here.
        .with_token_provider(setup.token_provider.clone().filter(|_| !backend.user_added))
        .with_notify(move |n| match n {
            crate::net::Notice::AuthNeeded(why) => auth_prompt.set(Some(why)),
            crate::net::Notice::Waiting(what) => waiting.set(Some(what)),
            crate::net::Notice::Resumed => waiting.set(None),
        });
    let has_credentials = transport.has_credentials();
    let ctx = AppCtx {
        config: Arc::new(setup.config),
        backend,
        api: Api::new(transport),
        base: setup.base.clone(),
        backend_param: RwSignal::new(backend_param),
        notices: RwSignal::new(notices),
        token_set: RwSignal::new(has_credentials),
        auth_prompt,
        waiting,
        auth_epoch: RwSignal::new(0),
        loc: RwSignal::new(setup.start),
        nav: setup.nav,
        prefix: setup.prefix,
        host: setup.host.map(|h| Arc::new(SendWrapper::new(h))),
    };
    provide_context(ctx.clone());
    // Before the first press: see `after_pointer_release`.
    crate::ui::watch_pointer();

    if ctx.nav == NavMode::Browser {
        let (loc, base) = (ctx.loc, ctx.base.clone());
        let handle = window_event_listener(ev::popstate, move |_| {
            let href = format!(
                "{}{}",
                window().location().pathname().unwrap_or_default(),
                window().location().search().unwrap_or_default()
            );
            if let Some(l) = parse_location(&base, &href) {
                loc.set(l);
            }
        });
        on_cleanup(move || handle.remove());
    }

    // Same-app links navigate without reloading; everything else behaves as usual.
    let on_click = {
        let ctx = ctx.clone();
        move |e: ev::MouseEvent| {
            if e.default_prevented()
                || e.button() != 0
                || e.meta_key()
                || e.ctrl_key()
                || e.shift_key()
                || e.alt_key()
            {
                return;
            }
            let Some(a) = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .and_then(|el| el.closest("a[href]").ok().flatten())
            else {
                return;
            };
            if a.has_attribute("target") || a.has_attribute("download") {
                return;
            }
            let href = a.get_attribute("href").unwrap_or_default();
            if let Some(frag) = href.strip_prefix('#') {
                // In-page links (skip link, error summary) work in shadow roots too.
                if let Some(el) =
                    by_id(frag).and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
                {
                    e.prevent_default();
                    let _ = el.focus();
                }
                return;
            }
            if href.starts_with("http://") || href.starts_with("https://") || href.starts_with("//")
            {
                return;
            }
            if parse_location(&ctx.base, &href).is_some() {
                e.prevent_default();
                ctx.navigate(&href);
            }
        }
    };

    let loc = ctx.loc;
    // Re-render the page only when the route (or the thing it shows) changes.
    let page_key = Memo::new(move |_| {
        loc.with(|l| match l.route.as_str() {
            "new" => format!("new:{:?}:{:?}", l.param("kind"), l.param("type")),
            "new-profile" | "new-table" => format!(
                "{}:{:?}:{:?}:{:?}",
                l.route,
                l.param("connector"),
                l.param("side"),
                l.param("profile")
            ),
            "playground" => format!("playground:{:?}", l.param("schema")),
            "connector" | "edit" => {
                format!("{}:{:?}:{:?}", l.route, l.param("kind"), l.param("id"))
            }
            r => r.to_string(),
        })
    });
    let api = ctx.api.clone();
    let page = move || {
        let _key = page_key.get();
        let route = loc.with_untracked(|l| l.route.clone());
        route_view(&api, &route)
    };
    let main_id = ctx.id("main");
    let skip = format!("#{main_id}");
    let notices = ctx.notices;
    view! {
        <div class="cc-app" data-theme=setup.theme.as_str() on:click=on_click>
            <a class="skip-link" href=skip>"Skip to content"</a>
            <Header/>
            <div class="app-notices"><Notices notices=notices title="Configuration"/></div>
            <div class="waiting" aria-live="polite">
                {move || waiting.get().map(|w| view! { <div class="banner banner-notice"><div class="banner-text">{w}</div></div> })}
            </div>
            <main id=main_id tabindex="-1">{page}</main>
        </div>
    }
    .into_any()
}

/// A routed page. Where the build splits the wasm (feature `split`: the release builds, see
/// `scripts/split.mjs`), pages come in groups, each group a module of its own fetched the first
/// time one of its pages is shown (with the chunks of code it shares with other groups);
/// otherwise the page is built at once. Groups rather than a module per page: the code that
/// modules share comes as one chunk per set of modules sharing it, so a module per page meant
/// about a hundred chunks for a form page (the small ones now travel packed in one file,
/// `chunks.bin`, but each is still a module to instantiate). The groups: `catalog` (the landing
/// pages: the catalog, Laminar's schema catalog), `forms` (every connector, profile and table
/// form), `playground` (the Playground alone: a page that authors open on its own, by link,
/// which needs none of the backend forms' code), `lists` (lists, details and settings). The
/// standalone loader preloads the group of the page its address names: its table of routes
/// (`scripts/post-build.mjs`) must follow the groups given here.
macro_rules! page {
    ($group:ident : $name:ident, $($page:tt)+) => {{
        #[cfg(feature = "split")]
        {
            #[leptos::wasm_split::wasm_split($group, wasm_split_path = ::leptos::wasm_split, fallible)]
            fn $name() -> Result<AnyView, leptos::wasm_split::SplitLoaderError> {
                // Built untracked: only `page_key` rebuilds the page.
                Ok(untrack(|| view! { <$($page)+/> }.into_any()))
            }
            lazy_page($name)
        }
        #[cfg(not(feature = "split"))]
        {
            view! { <$($page)+/> }.into_any()
        }
    }};
}

/// Shows a page once its module, and the module of the backend's vendor (`crate::verbs!`), have
/// loaded (at once when they already have). A module that does not load (the network) says so,
/// with "Try again" (a failed load is not remembered).
#[cfg(feature = "split")]
fn lazy_page<F>(load: fn() -> F) -> AnyView
where
    F: std::future::Future<Output = Result<AnyView, leptos::wasm_split::SplitLoaderError>>
        + 'static,
{
    let attempt = RwSignal::new(0u32);
    // The backend's vendor code is a module of its own too (`crate::verbs!`): fetched beside
    // the page's, so the page's synchronous verbs have it.
    let api = crate::ui::use_app().api.clone();
    (move || {
        attempt.track();
        let api = api.clone();
        Suspend::new(SendWrapper::new(async move {
            let (page, verbs) = futures::join!(load(), api.ready());
            match (page, verbs) {
                (Ok(page), Ok(())) => page,
                _ => view! {
                    <div class="page">
                        <div class="banner banner-error" role="alert">
                            <div class="banner-text">
                                <strong>"This page could not be loaded"</strong>
                                <p>"Its part of the app did not download. Check the connection and try again; if it still fails, the app may have been updated since this tab opened: reload the page."</p>
                            </div>
                            <div class="banner-actions">
                                <button type="button" class="btn" on:click=move |_| attempt.update(|n| *n += 1)>"Try again"</button>
                            </div>
                        </div>
                    </div>
                }
                .into_any(),
            }
        }))
    })
    .into_any()
}

/// The page for a route, by what the backend offers (and what this build has pages for).
fn route_view(api: &Api, route: &str) -> AnyView {
    use crate::pages::*;
    if route == "settings" {
        return page!(lists: settings_page, settings::SettingsPage);
    }
    if route == "playground" {
        return page!(playground: playground_page, playground::PlaygroundPage);
    }
    #[cfg(feature = "ui-pipelines")]
    {
        let jobs_instead = route == "connectors" && !api.can(Capability::Connectors);
        match route {
            "" | "catalog" if api.can(Capability::SchemaCatalog) => {
                return page!(catalog: schema_catalog_page, pipeline::SchemaCatalogPage)
            }
            "profiles" if api.can(Capability::Profiles) => {
                return page!(lists: profiles_page, pipeline::ProfilesPage)
            }
            "new-profile" if api.can(Capability::Profiles) => {
                return page!(forms: new_profile_page, pipeline::NewProfilePage)
            }
            "tables" if api.can(Capability::Tables) => {
                return page!(lists: tables_page, pipeline::TablesPage)
            }
            "new-table" if api.can(Capability::Tables) => {
                return page!(forms: new_table_page, pipeline::NewTablePage)
            }
            r if (r == "jobs" || jobs_instead) && api.can(Capability::Jobs) => {
                return page!(lists: jobs_page, pipeline::JobsPage)
            }
            _ => {}
        }
    }
    #[cfg(feature = "ui-connectors")]
    if api.can(Capability::Connectors) {
        match route {
            "" | "catalog" => return page!(catalog: catalog_page, catalog::CatalogPage),
            "new" => return page!(forms: new_connector_page, new_connector::NewConnectorPage),
            "connectors" => return page!(lists: connectors_page, connectors::ConnectorsPage),
            "connector" => return page!(lists: detail_page, detail::DetailPage),
            "edit" => return page!(forms: edit_page, edit::EditPage),
            _ => {}
        }
    }
    let _ = api;
    view! { <NotFound/> }.into_any()
}

#[component]
fn Header() -> impl IntoView {
    let ctx = use_app();
    let loc = ctx.loc;
    let current = move |which: &'static str| {
        let route = loc.with(|l| l.route.clone());
        let here = match which {
            "catalog" => matches!(route.as_str(), "" | "catalog" | "new"),
            "connectors" => matches!(route.as_str(), "connectors" | "connector" | "edit"),
            "profiles" => matches!(route.as_str(), "profiles" | "new-profile"),
            "tables" => matches!(route.as_str(), "tables" | "new-table"),
            "jobs" => route == "jobs",
            "settings" => route == "settings",
            "playground" => route == "playground",
            _ => false,
        };
        here.then_some("page")
    };
    let can = |c| ctx.api.can(c);
    let (profiles, tables, jobs, connectors) = (
        can(Capability::Profiles),
        can(Capability::Tables),
        can(Capability::Jobs),
        can(Capability::Connectors),
    );
    let backends = ctx.config.backends.clone();
    let selected = ctx.backend.id.clone();
    let real = !ctx.backend.simulated;
    let picker_id = ctx.id("backend-picker");
    let switch = use_context::<SwitchBackend>();
    let on_backend = move |e: ev::Event| {
        // A different backend is a different world: start afresh on its catalog.
        if let Some(SwitchBackend(cb)) = switch {
            cb.run(event_target_value(&e));
        }
    };
    view! {
        <header class="app-header">
            <a class="brand" href=ctx.href("catalog", &[])>
                <span class="brand-mark" aria-hidden="true">"⇄"</span>"Connector Console"
            </a>
            <nav aria-label="Main">
                <a href=ctx.href("catalog", &[]) aria-current=move || current("catalog")>"Catalog"</a>
                {profiles.then(|| view! { <a href=ctx.href("profiles", &[]) aria-current=move || current("profiles")>"Profiles"</a> })}
                {tables.then(|| view! { <a href=ctx.href("tables", &[]) aria-current=move || current("tables")>"Tables"</a> })}
                {jobs.then(|| view! { <a href=ctx.href("jobs", &[]) aria-current=move || current("jobs")>"Jobs"</a> })}
                {connectors.then(|| view! { <a href=ctx.href("connectors", &[]) aria-current=move || current("connectors")>"Connectors"</a> })}
                <a href=ctx.href("playground", &[]) aria-current=move || current("playground")>"Playground"</a>
                <a href=ctx.href("settings", &[]) aria-current=move || current("settings")>"Settings"</a>
            </nav>
            <div class="header-tools">
                <label class="backend-picker" for=picker_id.clone()>
                    <span>"Backend"</span>
                </label>
                <select id=picker_id class="backend-select" on:change=on_backend>
                    {backends.into_iter().map(|b| {
                        let sel = b.id == selected;
                        view! { <option value=b.id.clone() selected=sel>{b.label.clone()}</option> }
                    }).collect_view()}
                </select>
                {real.then(|| view! { <SignIn/> })}
            </div>
        </header>
    }
}

/// Sign-in for backends that need credentials: the fields the backend's auth asks for, kept
/// in memory unless "remember for this tab" is ticked (then in `sessionStorage`). Opens by
/// itself when a request is refused; the page underneath, and any form on it, stays as it is.
#[component]
fn SignIn() -> impl IntoView {
    let ctx = use_app();
    let transport = ctx.api.transport().clone();
    let kind = transport.auth_kind();
    let Some((first_label, second_label)) = ctx.api.vendor().credential_labels(kind) else {
        return ().into_any();
    };
    let open = ctx.auth_prompt;
    let signed_in = ctx.token_set;
    let epoch = ctx.auth_epoch;
    let first = RwSignal::new(String::new());
    let second = RwSignal::new(String::new());
    let remember = RwSignal::new(transport.remembered());
    let (first_id, second_id, remember_id, title_id, opener_id) = (
        ctx.id("signin-first"),
        ctx.id("signin-second"),
        ctx.id("signin-remember"),
        ctx.id("signin-title"),
        ctx.id("signin-open"),
    );
    // Closing without signing in gives focus back to the header's button.
    let close = {
        let opener_id = opener_id.clone();
        move || {
            open.set(None);
            crate::ui::focus_later(opener_id.clone());
        }
    };
    let t2 = transport.clone();
    let save = move |e: ev::SubmitEvent| {
        e.prevent_default();
        let creds = crate::auth::from_inputs(kind, &first.get_untracked(), &second.get_untracked());
        t2.set_credentials(creds, remember.get_untracked());
        signed_in.set(t2.has_credentials());
        second.set(String::new());
        open.set(None);
        epoch.update(|n| *n += 1);
    };
    let t3 = transport.clone();
    let sign_out = move |_| {
        t3.set_credentials(crate::auth::Credentials::None, false);
        signed_in.set(false);
        first.set(String::new());
        second.set(String::new());
        open.set(None);
    };
    let label = {
        let t = transport.clone();
        move || {
            signed_in.track();
            if t.has_credentials() {
                format!("Signed in ({})", t.credentials().describe())
            } else {
                "Sign in".to_string()
            }
        }
    };
    let backend_label = ctx.backend.label.clone();
    let second_is_secret = !second_label.is_empty();
    view! {
        <div class="token">
            <button type="button" class="btn btn-small" aria-haspopup="dialog" id=opener_id
                on:click=move |_| open.set(Some(String::new()))>{label}</button>
            {move || open.get().map(|why| {
                let save = save.clone();
                let sign_out = sign_out.clone();
                let (close_key, close_cancel) = (close.clone(), close.clone());
                view! {
                    <div class="dialog-backdrop">
                        <form class="dialog" role="dialog" aria-modal="true" aria-labelledby=title_id.clone() on:submit=save
                            on:keydown=move |e: ev::KeyboardEvent| crate::components::modal_keydown(&e, close_key.clone())>
                            <h2 id=title_id.clone()>{format!("Sign in to {backend_label}")}</h2>
                            {(!why.is_empty()).then(|| view! { <p class="note" role="alert">{why.clone()}" What you were doing is kept."</p> })}
                            <label for=first_id.clone()>{first_label}</label>
                            <input id=first_id.clone() class="input" autocomplete="off" autofocus
                                type=if second_is_secret { "text" } else { "password" }
                                use:live_value=Signal::derive(move || first.get()) on:input=move |e| first.set(event_target_value(&e)) />
                            {second_is_secret.then(|| view! {
                                <label for=second_id.clone()>{second_label}</label>
                                <input id=second_id.clone() class="input" type="password" autocomplete="off"
                                    use:live_value=Signal::derive(move || second.get()) on:input=move |e| second.set(event_target_value(&e)) />
                            })}
                            <div class="check-row">
                                <input type="checkbox" class="checkbox" id=remember_id.clone()
                                    prop:checked=move || remember.get() on:change=move |e| remember.set(event_target_checked(&e)) />
                                <label for=remember_id.clone()>"Remember for this tab"</label>
                            </div>
                            <p class="help">"Kept in memory only, unless you tick “Remember for this tab” (then in this tab's session storage, never in local storage)."</p>
                            <div class="row">
                                <button type="submit" class="btn btn-primary">"Sign in"</button>
                                <button type="button" class="btn" on:click=move |_| close_cancel()>"Cancel"</button>
                                <button type="button" class="btn btn-quiet" on:click=sign_out>"Sign out"</button>
                            </div>
                        </form>
                    </div>
                }
            })}
        </div>
    }
    .into_any()
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
