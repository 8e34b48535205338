//! The app shell: the shared context, a small router, the header and the routed pages.
//!
//! The router is our own: standalone (and embedded with a `base_path`) it keeps the location in
//! the browser URL; embedded without one it navigates in memory, so several instances on one
//! page never fight over the URL.

use std::sync::Arc;

use leptos::ev;
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use serde_json::Value;
use wasm_bindgen::JsCast;

use crate::api::Api;
use crate::components::Notices;
use crate::config::{parse_location, BackendConfig, Location, RuntimeConfig, Theme};
use crate::dialect::percent_encode;
use crate::pages::{
    catalog::CatalogPage, connectors::ConnectorsPage, detail::DetailPage, edit::EditPage,
    new_connector::NewConnectorPage,
};

/// How the app keeps its location.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NavMode {
    /// In the browser URL (history API), below the base path.
    Browser,
    /// In memory only.
    Memory,
}

/// Everything pages share: the config, the chosen backend and its API, navigation, ids.
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
    pub backend_param: RwSignal<Option<String>>,
    /// App-wide notices (config problems).
    pub notices: RwSignal<Vec<String>>,
    /// Whether credentials are set for a real backend (for the header).
    pub token_set: RwSignal<bool>,
    /// The sign-in prompt: open with a reason (`Some("")` when opened by the user).
    pub auth_prompt: RwSignal<Option<String>>,
    /// What the transport is waiting for (rate limit, rebalance), shown in a live banner.
    pub waiting: RwSignal<Option<String>>,
    /// Bumped on every sign-in: loaders and polls track it to try again with the new credentials.
    pub auth_epoch: RwSignal<u32>,
    /// The current location.
    pub loc: RwSignal<Location>,
    /// How locations are kept.
    pub nav: NavMode,
    /// Prefix of every DOM id this instance creates (unique per instance on a page).
    pub prefix: String,
    /// The element host events are dispatched on (embedded mode).
    host: Option<Arc<SendWrapper<web_sys::HtmlElement>>>,
}

impl AppCtx {
    /// A link to `route` with query `params`, keeping `?backend=`.
    pub fn href(&self, route: &str, params: &[(&str, &str)]) -> String {
        let mut q: Vec<String> = params
            .iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| format!("{k}={}", percent_encode(v)))
            .collect();
        if let Some(b) = self.backend_param.get_untracked() {
            q.push(format!("backend={}", percent_encode(&b)));
        }
        let path = format!("{}/{}", self.base, route.trim_start_matches('/'));
        if q.is_empty() {
            path
        } else {
            format!("{path}?{}", q.join("&"))
        }
    }

    /// A query parameter of the current location (tracked).
    pub fn param(&self, name: &str) -> Option<String> {
        self.loc.with(|l| l.param(name).map(str::to_string))
    }

    /// Goes to `href` (a path produced by [`AppCtx::href`]).
    pub fn navigate(&self, href: &str) {
        let Some(loc) = parse_location(&self.base, href) else {
            return;
        };
        if self.nav == NavMode::Browser {
            if let Ok(h) = window().history() {
                let _ = h.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(href));
            }
        }
        self.loc.set(loc);
        // Move focus to the new page's content, as a full page load would.
        let main_id = self.id("main");
        request_animation_frame(move || {
            if let Some(el) = by_id(&main_id) {
                if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
                    let _ = el.focus();
                    el.scroll_into_view_with_bool(true);
                }
            }
        });
    }

    /// A DOM id unique to this instance.
    pub fn id(&self, local: &str) -> String {
        format!("{}{local}", self.prefix)
    }

    /// Tells the host page what happened: a `CustomEvent` named `name` with a JSON `detail`,
    /// dispatched on the mount element (embedded mode only).
    pub fn emit(&self, name: &str, detail: Value) {
        let Some(host) = &self.host else { return };
        let init = web_sys::CustomEventInit::new();
        init.set_bubbles(true);
        init.set_composed(true);
        let detail =
            js_sys::JSON::parse(&detail.to_string()).unwrap_or(wasm_bindgen::JsValue::NULL);
        init.set_detail(&detail);
        if let Ok(event) = web_sys::CustomEvent::new_with_event_init_dict(name, &init) {
            let _ = host.dispatch_event(&event);
        }
    }
}

/// The shared context; panics only if used outside the app (a programming error).
pub fn use_app() -> AppCtx {
    expect_context::<AppCtx>()
}

thread_local! {
    static ROOTS: std::cell::RefCell<Vec<web_sys::ShadowRoot>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Registers a shadow root the app renders into, so [`by_id`] can find elements in it.
pub fn register_root(root: web_sys::ShadowRoot) {
    ROOTS.with_borrow_mut(|r| r.push(root));
}

/// Forgets a shadow root (on unmount).
pub fn unregister_root(root: &web_sys::ShadowRoot) {
    ROOTS.with_borrow_mut(|r| r.retain(|x| x != root));
}

/// An element by id, in the document or in any of the app's shadow roots.
pub fn by_id(id: &str) -> Option<web_sys::Element> {
    document()
        .get_element_by_id(id)
        .or_else(|| ROOTS.with_borrow(|roots| roots.iter().find_map(|r| r.get_element_by_id(id))))
}

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

/// Switches to another backend (re-creates the shell on its catalog).
#[derive(Clone, Copy)]
pub struct SwitchBackend(pub Callback<String>);

/// The app's root: renders the shell, and re-creates it when the user switches backends.
#[component]
pub fn Root(setup: Setup) -> impl IntoView {
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
pub fn Shell(setup: Setup) -> impl IntoView {
    let backend_param = setup.start.param("backend").map(str::to_string);
    let (backend, notice) = setup.config.select(backend_param.as_deref());
    let mut notices = setup.config.notices.clone();
    notices.extend(notice);
    if !backend.dialect.supported() {
        notices.push(format!(
            "The backend “{}” uses the {} dialect, which this build does not speak yet.",
            backend.label,
            backend.dialect.as_str()
        ));
    }
    let auth_prompt = RwSignal::new(None::<String>);
    let waiting = RwSignal::new(None::<String>);
    let transport = crate::net::Transport::new(backend.clone(), setup.asset_base.clone())
        .with_token_provider(setup.token_provider.clone())
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
    track_pointer();

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
            "connector" | "edit" => {
                format!("{}:{:?}:{:?}", l.route, l.param("kind"), l.param("id"))
            }
            r => r.to_string(),
        })
    });
    let laminar = ctx.backend.dialect == crate::config::DialectKind::Laminar;
    let page = move || {
        let _key = page_key.get();
        let route = loc.with_untracked(|l| l.route.clone());
        if laminar {
            use crate::pages::laminar::*;
            return match route.as_str() {
                "" | "catalog" => view! { <LaminarCatalogPage/> }.into_any(),
                "profiles" => view! { <ProfilesPage/> }.into_any(),
                "new-profile" => view! { <NewProfilePage/> }.into_any(),
                "tables" => view! { <TablesPage/> }.into_any(),
                "new-table" => view! { <NewTablePage/> }.into_any(),
                "jobs" | "connectors" => view! { <JobsPage/> }.into_any(),
                "settings" => view! { <crate::pages::settings::SettingsPage/> }.into_any(),
                _ => view! { <NotFound/> }.into_any(),
            };
        }
        match route.as_str() {
            "" | "catalog" => view! { <CatalogPage/> }.into_any(),
            "new" => view! { <NewConnectorPage/> }.into_any(),
            "connectors" => view! { <ConnectorsPage/> }.into_any(),
            "connector" => view! { <DetailPage/> }.into_any(),
            "edit" => view! { <EditPage/> }.into_any(),
            "settings" => view! { <crate::pages::settings::SettingsPage/> }.into_any(),
            _ => view! { <NotFound/> }.into_any(),
        }
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
            _ => false,
        };
        here.then_some("page")
    };
    let laminar = ctx.backend.dialect == crate::config::DialectKind::Laminar;
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
                {if laminar {
                    view! {
                        <a href=ctx.href("profiles", &[]) aria-current=move || current("profiles")>"Profiles"</a>
                        <a href=ctx.href("tables", &[]) aria-current=move || current("tables")>"Tables"</a>
                        <a href=ctx.href("jobs", &[]) aria-current=move || current("jobs")>"Jobs"</a>
                    }.into_any()
                } else {
                    view! { <a href=ctx.href("connectors", &[]) aria-current=move || current("connectors")>"Connectors"</a> }.into_any()
                }}
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
    let Some((first_label, second_label)) = crate::auth::field_labels(kind, ctx.backend.dialect)
    else {
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
            crate::components::schema_form::focus_later(opener_id.clone());
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
                                prop:value=move || first.get() on:input=move |e| first.set(event_target_value(&e)) />
                            {second_is_secret.then(|| view! {
                                <label for=second_id.clone()>{second_label}</label>
                                <input id=second_id.clone() class="input" type="password" autocomplete="off"
                                    prop:value=move || second.get() on:input=move |e| second.set(event_target_value(&e)) />
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

thread_local! {
    static POINTER_DOWN: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    static AFTER_RELEASE: std::cell::RefCell<Vec<Box<dyn FnOnce()>>> = const { std::cell::RefCell::new(Vec::new()) };
    static TRACKING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `f` now, or — while a pointer is pressed — just after it is released (after the click
/// it produces). Validation on blur uses this: an error appearing between mousedown and mouseup
/// would move the control being clicked out from under the pointer and swallow the click.
pub fn after_pointer_release(f: impl FnOnce() + 'static) {
    if POINTER_DOWN.with(|d| d.get()) {
        AFTER_RELEASE.with_borrow_mut(|v| v.push(Box::new(f)));
    } else {
        f();
    }
}

/// Starts tracking pointer presses for [`after_pointer_release`] (once per page).
pub fn track_pointer() {
    if TRACKING.with(|t| t.replace(true)) {
        return;
    }
    let down =
        wasm_bindgen::closure::Closure::<dyn FnMut()>::new(|| POINTER_DOWN.with(|d| d.set(true)));
    let up = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(|| {
        POINTER_DOWN.with(|d| d.set(false));
        // After this task: the click that follows the release is dispatched first.
        set_timeout(
            || {
                let pending: Vec<_> = AFTER_RELEASE.with_borrow_mut(std::mem::take);
                for f in pending {
                    f();
                }
            },
            std::time::Duration::ZERO,
        );
    });
    let w = window();
    let _ = w.add_event_listener_with_callback_and_bool(
        "pointerdown",
        down.as_ref().unchecked_ref(),
        true,
    );
    let _ =
        w.add_event_listener_with_callback_and_bool("pointerup", up.as_ref().unchecked_ref(), true);
    let _ = w.add_event_listener_with_callback_and_bool(
        "pointercancel",
        up.as_ref().unchecked_ref(),
        true,
    );
    // Page-lifetime listeners, installed once.
    down.forget();
    up.forget();
}
