//! `settings`: the backends (from `config.json` and added here), a connection test with the
//! current credentials, and adding or removing backends of your own (kept in this browser's
//! local storage, never with secrets).

use leptos::prelude::*;
use serde_json::Value;

use crate::ui::use_app;
use std::collections::BTreeMap;

use crate::browser::local_storage;
use crate::config::{backend_from_json, backend_to_json, AuthKind, BackendConfig};
use crate::ui::live_value;
use crate::vendors::{Registry, VENDORS};

/// Where user-added backends are kept (no secrets: the config format has none).
pub const USER_BACKENDS_KEY: &str = "connector-console.backends";

/// The backends added on this page, as stored.
pub fn user_backends() -> Vec<BackendConfig> {
    let Some(text) = local_storage().and_then(|s| s.get_item(USER_BACKENDS_KEY).ok().flatten())
    else {
        return Vec::new();
    };
    let Ok(Value::Array(items)) = serde_json::from_str::<Value>(&text) else {
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|v| backend_from_json(v, &Registry).ok())
        .map(|mut b| {
            b.user_added = true;
            b
        })
        .collect()
}

fn save_user_backends(list: &[BackendConfig]) {
    let json = Value::Array(list.iter().map(backend_to_json).collect());
    if let Some(s) = local_storage() {
        let _ = s.set_item(USER_BACKENDS_KEY, &json.to_string());
    }
}

/// The settings page.
#[component]
pub fn SettingsPage() -> impl IntoView {
    let ctx = use_app();
    let backends = ctx.config.backends.clone();
    let current = ctx.backend.id.clone();
    let test_result = RwSignal::new(None::<Result<String, String>>);
    let testing = RwSignal::new(false);
    let api = ctx.api.clone();
    let tasks = crate::ui::Tasks::new();
    let test = move |_| {
        let api = api.clone();
        testing.set(true);
        test_result.set(None);
        tasks.spawn(async move {
            let r = api
                .test_connection()
                .await
                .map_err(|e| format!("{} — {e}", e.title()));
            testing.set(false);
            test_result.set(Some(r));
        });
    };
    let signed_in = ctx.token_set;
    let transport = ctx.api.transport().clone();
    let prompt = ctx.auth_prompt;
    let needs_auth = transport.auth_kind() != AuthKind::None && !ctx.backend.simulated;

    // Adding a backend.
    let (id, label, dialect, url, auth) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(
            VENDORS
                .first()
                .map(|v| v.id())
                .unwrap_or_default()
                .to_string(),
        ),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    // The vendor-specific fields of the chosen API, by key.
    let options = RwSignal::new(BTreeMap::<String, String>::new());
    let add_error = RwSignal::new(None::<String>);
    let added = RwSignal::new(user_backends());
    let taken: Vec<String> = backends.iter().map(|b| b.id.clone()).collect();
    let add = move |e: leptos::ev::SubmitEvent| {
        e.prevent_default();
        let mut v = serde_json::json!({
            "id": id.get_untracked().trim(), "label": label.get_untracked().trim(),
            "dialect": dialect.get_untracked(), "base_url": url.get_untracked().trim(),
        });
        let chosen = crate::vendors::find(&dialect.get_untracked());
        let mut fields: Vec<(String, String)> = options.with_untracked(|o| {
            o.iter()
                .filter(|(k, _)| {
                    chosen.is_some_and(|c| c.backend_options().iter().any(|x| x.key == k.as_str()))
                })
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect()
        });
        fields.push(("auth".into(), auth.get_untracked()));
        for (k, val) in fields {
            if !val.trim().is_empty() {
                v[k.as_str()] = Value::String(val.trim().to_string());
            }
        }
        match backend_from_json(&v, &Registry) {
            Ok(_)
                if taken.contains(&id.get_untracked().trim().to_string())
                    || added.with_untracked(|a| {
                        a.iter().any(|b| b.id == id.get_untracked().trim())
                    }) =>
            {
                add_error.set(Some("A backend with this id exists already.".into()))
            }
            Ok(mut b) => {
                b.user_added = true;
                let mut list = added.get_untracked();
                list.push(b);
                save_user_backends(&list);
                added.set(list);
                add_error.set(None);
                id.set(String::new());
                label.set(String::new());
                url.set(String::new());
            }
            Err(why) => add_error.set(Some(format!("This backend can't be used: {why}."))),
        }
    };
    let remove = move |bid: String| {
        let list: Vec<BackendConfig> = added
            .get_untracked()
            .into_iter()
            .filter(|b| b.id != bid)
            .collect();
        save_user_backends(&list);
        added.set(list);
    };
    let ids = |s: &str| ctx.id(s);
    let (f_id, f_label, f_dialect, f_url, f_auth) = (
        ids("nb-id"),
        ids("nb-label"),
        ids("nb-dialect"),
        ids("nb-url"),
        ids("nb-auth"),
    );
    let option_prefix = ids("nb-opt-");
    let api_label = |dialect: &str| {
        crate::vendors::find(dialect)
            .map(|v| v.label().to_string())
            .unwrap_or_else(|| dialect.to_string())
    };
    let row = move |b: &BackendConfig, here: &str| {
        let where_ = if b.simulated {
            "simulated in the browser".to_string()
        } else {
            b.base_url.clone().unwrap_or_default()
        };
        view! {
            <tr data-backend=b.id.clone()>
                <td>{b.label.clone()}{(b.id == here).then(|| view! { <span class="tag">" in use"</span> })}</td>
                <td class="mono">{b.id.clone()}</td>
                <td>{api_label(&b.dialect)}</td>
                <td class="mono">{where_}</td>
                <td>{b.auth.as_str()}</td>
            </tr>
        }
    };
    let current2 = current.clone();
    view! {
        <div class="page">
            <div class="page-head"><h1>"Settings"</h1></div>
            <section class="panel" aria-labelledby=ctx.id("conn-h")>
                <h2 id=ctx.id("conn-h")>{format!("Connection: {}", ctx.backend.label)}</h2>
                <p class="muted">{format!("{} · {}", ctx.api.vendor().label(), if ctx.backend.simulated { "simulated in this browser".to_string() } else { ctx.backend.base_url.clone().unwrap_or_default() })}</p>
                {needs_auth.then(|| {
                    let t = transport.clone();
                    view! {
                        <p>{move || { signed_in.track(); if t.has_credentials() { format!("Signed in ({}).", t.credentials().describe()) } else { "Not signed in.".into() } }}
                            " "<button type="button" class="btn btn-small" on:click=move |_| prompt.set(Some(String::new()))>"Change credentials"</button></p>
                    }
                })}
                <p><button type="button" class="btn" on:click=test disabled=move || testing.get()>
                    {move || if testing.get() { "Testing…" } else { "Test connection" }}</button></p>
                <p role="status" aria-live="polite">{move || match test_result.get() {
                    None => ().into_any(),
                    Some(Ok(msg)) => view! { <span class="ok-text">"✓ "{msg}</span> }.into_any(),
                    Some(Err(msg)) => view! { <span class="error">{msg}</span> }.into_any(),
                }}</p>
            </section>
            <section class="panel" aria-labelledby=ctx.id("backends-h")>
                <h2 id=ctx.id("backends-h")>"Backends"</h2>
                <table class="table">
                    <thead><tr><th scope="col">"Name"</th><th scope="col">"Id"</th><th scope="col">"API"</th><th scope="col">"Where"</th><th scope="col">"Auth"</th></tr></thead>
                    <tbody>
                        {backends.iter().filter(|b| !b.user_added).map(|b| row(b, &current)).collect_view()}
                    </tbody>
                </table>
                <h3>"Added in this browser"</h3>
                {move || {
                    let list = added.get();
                    if list.is_empty() {
                        view! { <p class="muted">"None yet. Backends you add are kept in this browser (without credentials) and appear in the backend picker."</p> }.into_any()
                    } else {
                        let current = current2.clone();
                        view! {
                            <ul class="kv-list">
                                {list.into_iter().map(|b| {
                                    let bid = b.id.clone();
                                    let label = b.label.clone();
                                    view! {
                                        <li class="row" data-user-backend=b.id.clone()>
                                            <span>{b.label.clone()}" ("<span class="mono">{b.id.clone()}</span>") · "{api_label(&b.dialect)}" · "<span class="mono">{b.base_url.clone().unwrap_or_default()}</span></span>
                                            {(b.id == current).then(|| view! { <span class="tag">"in use"</span> })}
                                            <button type="button" class="btn btn-small" aria-label=format!("Remove {label}") on:click=move |_| remove(bid.clone())>"Remove"</button>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    }
                }}
                <h3>"Add a backend"</h3>
                <form class="connector-form" on:submit=add novalidate>
                    <div class="fields">
                        <div class="field"><label for=f_id.clone()>"Id"</label>
                            <input id=f_id.clone() class="input" required use:live_value=Signal::derive(move || id.get()) on:input=move |e| id.set(event_target_value(&e)) /></div>
                        <div class="field"><label for=f_label.clone()>"Name"</label>
                            <input id=f_label.clone() class="input" use:live_value=Signal::derive(move || label.get()) on:input=move |e| label.set(event_target_value(&e)) /></div>
                        <div class="field"><label for=f_dialect.clone()>"API"</label>
                            <select id=f_dialect.clone() class="input" on:change=move |e| dialect.set(event_target_value(&e))>
                                {VENDORS.iter().enumerate().map(|(i, v)| view! {
                                    <option value=v.id() selected=i == 0>{v.label()}</option>
                                }).collect_view()}
                            </select></div>
                        <div class="field"><label for=f_url.clone()>"Base URL"</label>
                            <input id=f_url.clone() class="input" placeholder="https://connect.example.com or /proxy/connect"
                                use:live_value=Signal::derive(move || url.get()) on:input=move |e| url.set(event_target_value(&e)) /></div>
                        {move || {
                            let vendor = crate::vendors::find(&dialect.get());
                            vendor.map(|v| v.backend_options()).unwrap_or_default().iter().map(|o| {
                                let fid = format!("{option_prefix}{}", o.key);
                                let key = o.key.to_string();
                                let key2 = key.clone();
                                view! {
                                    <div class="field"><label for=fid.clone()>{o.label}</label>
                                        <input id=fid class="input" placeholder=o.placeholder
                                            use:live_value=Signal::derive(move || options.with(|m| m.get(&key).cloned().unwrap_or_default()))
                                            on:input=move |e| { let v = event_target_value(&e); options.update(|m| { m.insert(key2.clone(), v); }); } /></div>
                                }
                            }).collect_view()
                        }}
                        <div class="field"><label for=f_auth.clone()>"Authentication"</label>
                            <select id=f_auth.clone() class="input" on:change=move |e| auth.set(event_target_value(&e))>
                                <option value="" selected>"The API's usual"</option>
                                <option value="none">"None"</option>
                                <option value="bearer">"Bearer token"</option>
                                <option value="basic">"Basic (user and password / API key and secret)"</option>
                                <option value="client_credentials">"Client id and secret (token exchange)"</option>
                            </select></div>
                    </div>
                    {move || add_error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
                    <p><button type="submit" class="btn btn-primary">"Add backend"</button></p>
                </form>
            </section>
        </div>
    }
}
