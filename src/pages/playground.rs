//! `playground`: paste, load or link a connector definition — a JSON Schema, a Streamkap
//! property list or a Kafka Connect validate answer — and see the form this app builds from
//! it, its validation, and the config it would send. Nothing is sent to any backend.
//!
//! `?schema=<url>` loads a linked document (relative URLs resolve against the app), which is
//! also how the side-by-side benchmark opens a generated schema. For a linked document, once
//! its form has been painted, the page sets `window.__bench` (`marks.firstRender`, `fields`,
//! `ready`, `commits`), the contract of the shared react-jsonschema-form benchmark driver.

use std::sync::Arc;

use leptos::ev;
use leptos::prelude::*;
use serde_json::{Map, Value};

use crate::browser::Timeout;
use crate::model::playground::{read, Definition};
use crate::ui::live_value;
use crate::ui::{use_app, Tasks};
use crate::vendors::VENDORS;

/// How long after the last edit the config view is brought up to date: typing stays
/// independent of the form's size, the view follows when the user pauses.
const PREVIEW_DELAY_MS: u32 = 200;

#[derive(Clone)]
enum State {
    Empty,
    Loading(String),
    Failed(String),
    Ready(Arc<Definition>),
}

/// The Playground page.
#[component]
pub fn PlaygroundPage() -> impl IntoView {
    let ctx = use_app();
    let tasks = Tasks::new();
    let link = ctx.param("schema").filter(|s| !s.trim().is_empty());
    // The benchmark opens a linked document; a pasted one keeps no timings.
    if link.is_some() {
        bench::start();
    }
    let text = RwSignal::new(String::new());
    let state = RwSignal::new(State::Empty);
    let source_open = RwSignal::new(link.is_none());
    let show = move |t: String| {
        let next = match read(&t, VENDORS) {
            Ok(d) => State::Ready(Arc::new(d)),
            Err(e) => State::Failed(e),
        };
        text.set(t);
        if matches!(next, State::Failed(_)) {
            source_open.set(true);
        }
        state.set(next);
    };
    if let Some(url) = link.clone() {
        state.set(State::Loading(url.clone()));
        tasks.spawn(async move {
            match crate::net::get_linked_file(&url).await {
                Ok(t) => {
                    bench::mark("schemaLoaded");
                    // The loader fetched it alongside the wasm, so it is here as the page
                    // starts: let the page (and "Loading…") paint before a large form is built.
                    crate::browser::next_paint().await;
                    show(t);
                }
                Err(e) => {
                    source_open.set(true);
                    state.set(State::Failed(match e {
                        crate::net::FileError::Status(s) => {
                            format!("{url} could not be loaded (HTTP {s}).")
                        }
                        crate::net::FileError::Failed(why) => {
                            format!("{url} could not be loaded ({why}).")
                        }
                    }))
                }
            }
        });
    }

    let ids = (
        ctx.id("pg-text"),
        ctx.id("pg-file"),
        ctx.id("pg-link"),
        ctx.id("pg-status"),
    );
    let source = {
        let ctx = ctx.clone();
        let ids = ids.clone();
        let link = link.clone().unwrap_or_default();
        move || {
            source_open.get().then(|| {
                source_editor(
                    &ctx,
                    &ids,
                    text,
                    link.clone(),
                    Callback::new(move |t: String| show(t)),
                )
            })
        }
    };
    let status = move || {
        match state.get() {
        State::Empty => None,
        State::Loading(url) => Some(view! { <p class="muted">"Loading "{url}"…"</p> }.into_any()),
        State::Failed(e) => Some(
            view! { <div class="banner banner-error" role="alert"><div class="banner-text">{e}</div></div> }
                .into_any(),
        ),
        State::Ready(d) => Some(view! { <p class="muted">"Read as "{d.describe()}"."</p> }.into_any()),
    }
    };
    let form = move || match state.get() {
        State::Ready(d) => Some(match &*d {
            #[cfg(feature = "ui-pipelines")]
            Definition::Schema(node) => view! { <SchemaPlay node=(**node).clone()/> }.into_any(),
            #[cfg(feature = "ui-connectors")]
            Definition::Connector { pasted, .. } => {
                view! { <ConnectorPlay pasted=(**pasted).clone()/> }.into_any()
            }
            #[allow(unreachable_patterns)]
            _ => view! {
                <p class="banner banner-notice" role="status">
                    "This build of Connector Console has no forms of this kind."
                </p>
            }
            .into_any(),
        }),
        _ => None,
    };
    view! {
        <section class="page playground">
            <h1>"Playground"</h1>
            <p class="muted">
                "Paste, load or link a JSON Schema, a Streamkap property list or a Kafka Connect "
                "validate answer: see the form it makes, check it, and see the config it would "
                "send. Nothing is sent to a backend."
            </p>
            <details class="card pg-source" prop:open=move || source_open.get()
                on:toggle=move |e: ev::Event| {
                    let open = event_target::<web_sys::HtmlDetailsElement>(&e).open();
                    if open != source_open.get_untracked() {
                        source_open.set(open);
                    }
                }>
                <summary>"Definition"</summary>
                {source}
            </details>
            <div id=ids.3.clone() aria-live="polite">{status}</div>
            {form}
        </section>
    }
}

/// The document editor: paste, load a file, or link a URL.
fn source_editor(
    ctx: &crate::ui::AppCtx,
    ids: &(String, String, String, String),
    text: RwSignal<String>,
    link: String,
    on_show: Callback<String>,
) -> AnyView {
    let (text_id, file_id, link_id, _) = ids.clone();
    // A file still being read when the editor closes is dropped with it.
    let tasks = Tasks::new();
    let draft = RwSignal::new(text.get_untracked());
    let link_text = RwSignal::new(link);
    let on_file = move |e: ev::Event| {
        let input = event_target::<web_sys::HtmlInputElement>(&e);
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        let promise = file.text();
        tasks.spawn(async move {
            if let Ok(v) = wasm_bindgen_futures::JsFuture::from(promise).await {
                let t = v.as_string().unwrap_or_default();
                draft.set(t.clone());
                on_show.run(t);
            }
        });
    };
    let nav = ctx.clone();
    let on_link = move |e: ev::SubmitEvent| {
        e.prevent_default();
        let url = link_text.get_untracked().trim().to_string();
        if !url.is_empty() {
            nav.navigate(&nav.href("playground", &[("schema", &url)]));
        }
    };
    view! {
        <div class="pg-editor">
            <label for=text_id.clone()>"Definition (JSON)"</label>
            <textarea id=text_id class="input mono" rows="14" spellcheck="false"
                use:live_value=Signal::derive(move || draft.get())
                on:input=move |e| draft.set(event_target_value(&e))></textarea>
            <div class="form-actions">
                <button type="button" class="btn btn-primary"
                    on:click=move |_| on_show.run(draft.get_untracked())>"Show form"</button>
                <span class="pg-file">
                    <label for=file_id.clone()>"Load from a file"</label>
                    <input type="file" id=file_id class="file-picker" accept=".json,application/json"
                        on:change=on_file/>
                </span>
            </div>
            <form class="pg-link" on:submit=on_link>
                <label for=link_id.clone()>"Or load from a link"</label>
                <div class="inline">
                    <input type="url" id=link_id class="input" placeholder="https://…/schema.json"
                        use:live_value=Signal::derive(move || link_text.get())
                        on:input=move |e| link_text.set(event_target_value(&e))/>
                    <button type="submit" class="btn">"Load"</button>
                </div>
            </form>
        </div>
    }
    .into_any()
}

/// "Config it would send": brought up to date while open, shortly after edits stop.
#[component]
fn ConfigPreview(
    /// Bumped on every edit.
    changes: RwSignal<u64>,
    /// The config as it would be sent, secrets left out, and the keys left out.
    compute: Callback<(), (Value, Vec<String>)>,
) -> impl IntoView {
    let open = RwSignal::new(false);
    let shown = RwSignal::new(None::<(String, Vec<String>)>);
    let pending = StoredValue::new_local(None::<Timeout>);
    let refresh = move || {
        let (v, left_out) = compute.run(());
        shown.set(Some((
            serde_json::to_string_pretty(&v).unwrap_or_default(),
            left_out,
        )));
    };
    Effect::new(move |_| {
        changes.track();
        if !open.get() {
            pending.set_value(None);
            return;
        }
        if shown.with_untracked(Option::is_none) {
            refresh();
        } else {
            pending.set_value(Some(Timeout::new(PREVIEW_DELAY_MS, refresh)));
        }
    });
    view! {
        <details class="card pg-config" on:toggle=move |e: ev::Event| {
            let now = event_target::<web_sys::HtmlDetailsElement>(&e).open();
            if !now {
                shown.set(None);
            }
            open.set(now);
        }>
            <summary>"Config it would send"</summary>
            {move || shown.get().map(|(json, left_out)| view! {
                <pre class="raw-json" tabindex="0">{json}</pre>
                {(!left_out.is_empty()).then(|| view! {
                    <p class="muted small">"Secrets are left out of this view: "{left_out.join(", ")}"."</p>
                })}
            })}
        </details>
    }
}

/// A form generated from a JSON Schema.
#[cfg(feature = "ui-pipelines")]
#[component]
fn SchemaPlay(node: crate::schema::Node) -> impl IntoView {
    use crate::components::schema_form::{ErrorSummary, Problem, SchemaForm, SchemaFormView};
    let ctx = use_app();
    let start = crate::schema::default_value(&node);
    let form = SchemaForm::new(node, &start, &ctx.id("pg-"));
    let summary = RwSignal::new(Vec::<Problem>::new());
    let checked = RwSignal::new(false);
    let (summary_id, form_id) = (ctx.id("pg-summary"), ctx.id("pg-form"));
    let on_submit = {
        let (form, summary_id) = (form.clone(), summary_id.clone());
        move |e: ev::SubmitEvent| {
            e.prevent_default();
            let problems = form.check();
            let bad = !problems.is_empty();
            summary.set(problems);
            checked.set(true);
            if bad {
                crate::ui::focus_later(summary_id.clone());
            }
        }
    };
    let compute = {
        let form = form.clone();
        Callback::new(move |()| {
            let cleaned = form.cleaned();
            let kept = crate::secret::scrub(&[form.node()], None, &cleaned)
                .unwrap_or_else(|| Value::Object(Map::new()));
            let left_out = left_out_keys(&cleaned, &kept);
            (kept, left_out)
        })
    };
    bench::ready_when_painted(form_id.clone(), form.changes);
    view! {
        <form class="card pg-form" id=form_id novalidate on:submit=on_submit>
            <ErrorSummary problems=summary id=summary_id/>
            <SchemaFormView form=form.clone()/>
            <div class="form-actions">
                <button type="submit" class="btn btn-primary">"Check"</button>
                <span role="status">
                    {move || (checked.get() && summary.with(Vec::is_empty)).then_some("No problems found.")}
                </span>
            </div>
        </form>
        <ConfigPreview changes=form.changes compute=compute/>
    }
}

/// Top-level keys of `all` missing from `kept` (what the secret policy left out).
#[cfg(feature = "ui-pipelines")]
fn left_out_keys(all: &Value, kept: &Value) -> Vec<String> {
    match (all, kept) {
        (Value::Object(a), Value::Object(k)) => {
            a.keys().filter(|x| !k.contains_key(*x)).cloned().collect()
        }
        _ => Vec::new(),
    }
}

/// A connector form from a vendor's own definition.
#[cfg(feature = "ui-connectors")]
#[component]
fn ConnectorPlay(pasted: crate::vendor::Pasted) -> impl IntoView {
    use crate::components::form::{check_all, focus_item, DynamicForm, SummaryItem};
    use crate::components::store::FormStore;
    use crate::model::catalog::FormSource;
    use crate::model::form::{initial_values, values_from_config, Mode};
    let ctx = use_app();
    let ct = pasted.ct.clone();
    let (values, mode) = match &pasted.validation {
        Some(v) => {
            let config: Map<String, Value> = v
                .states
                .iter()
                .filter_map(|s| Some((s.key.clone(), Value::String(s.value.clone()?))))
                .collect();
            let (values, _) = values_from_config(&ct, &config);
            (values, Mode::Create)
        }
        None => (initial_values(&ct), Mode::Create),
    };
    let mut store =
        FormStore::new(ct.clone(), values, mode, String::new()).with_prefix(&ctx.id("pg-"));
    if ct.form == FormSource::Validate {
        store = store.with_skip(&["name", "connector.class"]);
    }
    if let Some(v) = &pasted.validation {
        let errors = store.apply_validation(v);
        store.show_all_errors.set(true);
        store.show_errors(&errors);
    }
    let summary = RwSignal::new(Vec::<SummaryItem>::new());
    let checked = RwSignal::new(false);
    let on_submit = {
        let store = store.clone();
        Callback::new(move |()| {
            let problems = check_all(&store);
            if let Some(first) = problems.first() {
                focus_item(&store, first);
            }
            summary.set(problems);
            checked.set(true);
        })
    };
    let compute = {
        let (store, encode) = (store.clone(), pasted.encode);
        Callback::new(move |()| {
            let ct = store.effective_type();
            let values = store.values_untracked();
            let config = encode(&crate::vendor::FormInput {
                ct: &ct,
                values: &values,
                mode: &store.mode,
                stored: &Map::new(),
                other: &store.other_pairs(),
                server_hidden: &store.server_hidden(),
                name: &store.name.get_untracked(),
            });
            let secret = ct.secret_keys();
            let (kept, left_out) = crate::secret::scrub_flat(&config, |k| secret.contains(k));
            (Value::Object(kept), left_out)
        })
    };
    let notes = pasted.notes.clone();
    let form_id = ctx.id("pg-form");
    bench::ready_when_painted(form_id.clone(), store.changes);
    let changes = store.changes;
    view! {
        {(!notes.is_empty()).then(|| view! {
            <div class="banner banner-notice" role="status"><div class="banner-text">
                <p>"Some of the definition could not be read:"</p>
                <ul>{notes.into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}</ul>
            </div></div>
        })}
        <div class="pg-form" id=form_id>
            <DynamicForm store=store summary=summary banner=RwSignal::new(None) busy=Signal::from(false)
                submit_label="Check" busy_label="Checking…" on_submit=on_submit
                on_retry=Callback::new(|()| {}) cancel_href=ctx.href("playground", &[])/>
            <p role="status" class="muted">
                {move || (checked.get() && summary.with(Vec::is_empty)).then_some("No problems found.")}
            </p>
        </div>
        <ConfigPreview changes=changes compute=compute/>
    }
}

/// `window.__bench`: the shared benchmark driver's contract (see the module docs). Browser
/// only; elsewhere nothing.
mod bench {
    use leptos::prelude::*;

    #[cfg(target_arch = "wasm32")]
    mod imp {
        use js_sys::{Array, Object, Reflect};
        use wasm_bindgen::prelude::*;

        fn now() -> f64 {
            web_sys::window()
                .and_then(|w| w.performance())
                .map_or(0.0, |p| p.now())
        }

        fn get(obj: &JsValue, key: &str) -> JsValue {
            Reflect::get(obj, &key.into()).unwrap_or(JsValue::UNDEFINED)
        }

        fn set(obj: &JsValue, key: &str, v: &JsValue) {
            let _ = Reflect::set(obj, &key.into(), v);
        }

        /// `window.__bench`, created fresh.
        pub fn start() {
            let Some(w) = web_sys::window() else { return };
            let b = Object::new();
            let marks = Object::new();
            set(&marks, "scriptStart", &now().into());
            set(&b, "marks", &marks);
            set(&b, "commits", &Array::new());
            set(&b, "ready", &false.into());
            set(&w, "__bench", &b);
        }

        fn bench() -> JsValue {
            web_sys::window().map_or(JsValue::UNDEFINED, |w| get(&w, "__bench"))
        }

        pub fn mark(name: &str) {
            let b = bench();
            if b.is_object() {
                set(&get(&b, "marks"), name, &now().into());
            }
        }

        pub fn commit() {
            let b = bench();
            if let Ok(list) = get(&b, "commits").dyn_into::<Array>() {
                list.push(&now().into());
            }
        }

        /// Runs `f` in a task posted from the next animation frame: after that frame painted.
        pub fn after_paint(f: impl FnOnce(f64) + 'static) {
            let Some(w) = web_sys::window() else { return };
            let raf = Closure::once_into_js(move || {
                let raf_at = now();
                let Ok(ch) = web_sys::MessageChannel::new() else {
                    return;
                };
                let posted = Closure::once_into_js(move || f(raf_at));
                ch.port1().set_onmessage(Some(posted.unchecked_ref()));
                let _ = ch.port2().post_message(&JsValue::NULL);
            });
            let _ = w.request_animation_frame(raf.unchecked_ref());
        }

        pub fn painted(form_id: &str, raf_at: f64) -> bool {
            let Some(el) = crate::ui::by_id(form_id) else {
                return false;
            };
            let marks = get(&bench(), "marks");
            if marks.is_object() && get(&marks, "firstScreen").is_undefined() {
                set(&marks, "firstScreen", &now().into());
            }
            // A large form adds its later fields after the first screen: not rendered yet.
            if matches!(el.query_selector("[aria-busy='true']"), Ok(Some(_))) {
                return false;
            }
            let fields = el
                .query_selector_all("input, select, textarea")
                .map_or(0, |l| l.length());
            let b = bench();
            set(&get(&b, "marks"), "raf", &raf_at.into());
            set(&get(&b, "marks"), "firstRender", &now().into());
            set(&b, "fields", &fields.into());
            set(&b, "ready", &true.into());
            true
        }
    }

    /// Creates `window.__bench` afresh.
    pub fn start() {
        #[cfg(target_arch = "wasm32")]
        imp::start();
    }

    /// Sets `marks[name]` to now.
    pub fn mark(name: &str) {
        #[cfg(target_arch = "wasm32")]
        imp::mark(name);
        #[cfg(not(target_arch = "wasm32"))]
        let _ = name;
    }

    /// Once the form `form_id` is in the page and painted, marks `firstScreen`; once all of
    /// it is (a large form adds fields after its first screen), `firstRender` and `ready`;
    /// after that, every edit pushes its time to `commits`.
    pub fn ready_when_painted(form_id: String, changes: RwSignal<u64>) {
        #[cfg(target_arch = "wasm32")]
        {
            fn attempt(form_id: String, tries: u32) {
                imp::after_paint(move |raf_at| {
                    if !imp::painted(&form_id, raf_at) && tries < 600 {
                        attempt(form_id, tries + 1);
                    }
                });
            }
            attempt(form_id, 0);
            Effect::new(move |prev: Option<()>| {
                changes.track();
                if prev.is_some() {
                    imp::commit();
                }
            });
        }
        #[cfg(not(target_arch = "wasm32"))]
        let _ = (form_id, changes);
    }
}
