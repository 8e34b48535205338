//! The JavaScript entry points: `start()` for the standalone page and `mount(element, options)`
//! for embedding in a portal. Importing and initializing the module mounts nothing.

use std::sync::atomic::{AtomicU32, Ordering};

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::app::{Root, Setup};
use crate::config::{
    base_from_path, fallback_words, parse_config, parse_embed_options, parse_location, Location,
    RuntimeConfig,
};
use crate::ui::{register_root, unregister_root, NavMode};
use crate::vendors::Registry;

static INSTANCES: AtomicU32 = AtomicU32::new(0);

/// A DOM id prefix unique to each instance on the page ("" for the first, "cc2-" …).
fn next_prefix() -> String {
    match INSTANCES.fetch_add(1, Ordering::Relaxed) {
        0 => String::new(),
        n => format!("cc{}-", n + 1),
    }
}

fn current_href() -> String {
    let l = window().location();
    format!(
        "{}{}",
        l.pathname().unwrap_or_default(),
        l.search().unwrap_or_default()
    )
}

/// Starts the standalone app: reads `config.json` beside `index.html` and mounts into `<body>`.
/// The loader may have fetched it already, in parallel with the wasm: `config` is then a
/// promise of `{text}`, `{status}` (an HTTP error) or `{error}` (no answer).
#[wasm_bindgen]
pub fn start(config: Option<js_sys::Promise>) {
    console_error_panic_hook::set_once();
    let path = window().location().pathname().unwrap_or_default();
    let base = base_from_path(&path);
    // Leptos's executor starts with the mount, so the config is loaded on the plain one.
    wasm_bindgen_futures::spawn_local(async move {
        let config = with_user_backends(match config {
            Some(p) => config_from_loader(p).await,
            None => load_config(&base).await,
        });
        let start = parse_location(&base, &current_href()).unwrap_or_default();
        let setup = Setup {
            config,
            base: base.clone(),
            nav: NavMode::Browser,
            start,
            prefix: next_prefix(),
            asset_base: format!("{base}/"),
            host: None,
            theme: crate::config::Theme::Auto,
            token_provider: None,
        };
        leptos::mount::mount_to_body(move || view! { <Root setup=setup.clone()/> });
    });
}

/// Adds the backends the user added on the settings page (ids already in use are skipped).
fn with_user_backends(mut config: RuntimeConfig) -> RuntimeConfig {
    for b in crate::pages::settings::user_backends() {
        if !config.backends.iter().any(|x| x.id == b.id) {
            config.backends.push(b);
        }
    }
    config
}

async fn load_config(base: &str) -> RuntimeConfig {
    let url = format!("{base}/config.json");
    config_from(crate::net::get_file(&url).await)
}

/// The config the loader fetched (see [`start`]).
async fn config_from_loader(p: js_sys::Promise) -> RuntimeConfig {
    config_from(crate::net::file_from_loader(p).await)
}

fn config_from(got: Result<String, crate::net::FileError>) -> RuntimeConfig {
    let fallback = |why: String| {
        RuntimeConfig::fallback(
            Some(format!("{why}; {}.", fallback_words(&Registry))),
            &Registry,
        )
    };
    match got {
        Ok(text) => parse_config(&text, &Registry),
        Err(crate::net::FileError::Status(s)) => {
            fallback(format!("config.json was not found (HTTP {s})"))
        }
        Err(crate::net::FileError::Failed(e)) => {
            fallback(format!("config.json could not be loaded ({e})"))
        }
    }
}

/// What unmounts one instance.
type Unmount = Box<dyn FnOnce()>;

thread_local! {
    /// The mounted instances, by handle number. An instance lives here until `unmount()`:
    /// the JavaScript handle may be dropped (and garbage-collected) at any time without
    /// taking the app down with it.
    static MOUNTED: std::cell::RefCell<Vec<(u32, Unmount)>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

static HANDLES: AtomicU32 = AtomicU32::new(1);

/// A mounted instance; `unmount()` removes it and stops its timers and listeners. Dropping the
/// handle (or the JavaScript engine collecting it) leaves the app mounted.
#[wasm_bindgen]
pub struct MountHandle {
    id: u32,
}

#[wasm_bindgen]
impl MountHandle {
    /// Removes the app from the page and cleans up. Calling it twice does nothing.
    pub fn unmount(&mut self) {
        let found = MOUNTED.with_borrow_mut(|m| {
            m.iter()
                .position(|(id, _)| *id == self.id)
                .map(|i| m.remove(i).1)
        });
        if let Some(f) = found {
            f();
        }
    }
}

/// Mounts an instance into `element` (inside a shadow root, so page and app styles never mix).
/// `options`: `{ backends, default_backend, base_path, theme, token_provider }` — see the README.
/// `assets` is filled in by `embed.js`: `{ stylesheet, asset_base }`.
#[wasm_bindgen(js_name = mountWithAssets)]
pub fn mount_with_assets(
    element: web_sys::HtmlElement,
    options: JsValue,
    assets: JsValue,
) -> Result<MountHandle, JsValue> {
    console_error_panic_hook::set_once();
    let json = if options.is_undefined() || options.is_null() {
        "{}".to_string()
    } else {
        js_sys::JSON::stringify(&options)?
            .as_string()
            .unwrap_or_else(|| "{}".into())
    };
    let mut opts = parse_embed_options(&json, &Registry);
    opts.config = with_user_backends(opts.config);
    let token_provider = js_sys::Reflect::get(&options, &"token_provider".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    let get = |k: &str| {
        js_sys::Reflect::get(&assets, &k.into())
            .ok()
            .and_then(|v| v.as_string())
    };
    let stylesheet = get("stylesheet");
    let asset_base = get("asset_base").unwrap_or_else(|| "./".into());

    let shadow = match element.shadow_root() {
        Some(root) => root,
        None => {
            element.attach_shadow(&web_sys::ShadowRootInit::new(web_sys::ShadowRootMode::Open))?
        }
    };
    shadow.set_inner_html("");
    if let Some(href) = stylesheet {
        let link: web_sys::HtmlLinkElement = document().create_element("link")?.unchecked_into();
        link.set_rel("stylesheet");
        link.set_href(&href);
        shadow.append_child(&link)?;
    }
    let container: web_sys::HtmlElement = document().create_element("div")?.unchecked_into();
    container.set_class_name("cc-host");
    shadow.append_child(&container)?;
    register_root(shadow.clone());

    let (nav, base, start) = match &opts.base_path {
        Some(base) => {
            let start = parse_location(base, &current_href()).unwrap_or_default();
            (NavMode::Browser, base.clone(), start)
        }
        None => (NavMode::Memory, String::new(), Location::default()),
    };
    let setup = Setup {
        config: opts.config,
        base,
        nav,
        start,
        prefix: next_prefix(),
        asset_base: if asset_base.ends_with('/') {
            asset_base
        } else {
            format!("{asset_base}/")
        },
        host: Some(element.clone()),
        theme: opts.theme,
        token_provider,
    };
    let handle = leptos::mount::mount_to(container, move || view! { <Root setup=setup.clone()/> });
    let id = HANDLES.fetch_add(1, Ordering::Relaxed);
    let unmount: Unmount = Box::new(move || {
        drop(handle);
        unregister_root(&shadow);
        shadow.set_inner_html("");
    });
    MOUNTED.with_borrow_mut(|m| m.push((id, unmount)));
    Ok(MountHandle { id })
}
