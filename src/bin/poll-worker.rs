//! The connectors list's Web Worker: polls a real backend's list off the page's main thread
//! and answers with the rows that changed (see `connector_console::poll_worker`). Loaded by
//! the connectors page the first time it polls a backend over the network — as a
//! `SharedWorker` of the page's own where the browser has them, a dedicated `Worker` otherwise
//! (see `connector_console::net::poller`); it serves either. Trunk builds it from `index.html`
//! (`data-type="worker"`); natively it does nothing.

#[cfg(target_arch = "wasm32")]
fn main() {
    use std::cell::RefCell;
    use std::rc::Rc;

    use connector_console::net::worker_fetch::WorkerFetch;
    use connector_console::net::TIMEOUT_SECS;
    use connector_console::poll_worker::{list_rows, FromPoller, PollHost, ToPoller};
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;

    console_error_panic_hook::set_once();
    let global = js_sys::global();
    let host = Rc::new(RefCell::new(PollHost::new()));
    // Answers the page's messages, posting with `post`.
    let serve = move |post: Rc<dyn Fn(&str)>| {
        let host = host.clone();
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
            let Some(text) = e.data().as_string() else {
                return;
            };
            let (id, session, applied, backend, headers, held) = match serde_json::from_str(&text) {
                Ok(ToPoller::List {
                    id,
                    session,
                    applied,
                    backend,
                    headers,
                    held,
                }) => (id, session, applied, backend, headers, held),
                Ok(ToPoller::Close) => {
                    if let Some(scope) =
                        js_sys::global().dyn_ref::<web_sys::SharedWorkerGlobalScope>()
                    {
                        scope.close();
                    }
                    return;
                }
                Ok(ToPoller::Ping) => {
                    post(&serde_json::to_string(&FromPoller::Pong).unwrap_or_default());
                    return;
                }
                Err(_) => return,
            };
            let (host, post) = (host.clone(), post.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let io = WorkerFetch {
                    base_url: backend
                        .get("base_url")
                        .and_then(|v| v.as_str())
                        .unwrap_or_default()
                        .trim_end_matches('/')
                        .to_string(),
                    headers,
                    timeout_secs: backend
                        .get("timeout_seconds")
                        .and_then(|v| v.as_u64())
                        .map_or(TIMEOUT_SECS, |s| s as u32),
                };
                let reply = match list_rows(&backend, &io).await {
                    Ok(rows) => host.borrow_mut().reply(id, session, applied, &held, rows),
                    Err(back) => {
                        host.borrow_mut().forget(session);
                        FromPoller::Handback {
                            id,
                            why: back.why,
                            answer: back.answer,
                        }
                    }
                };
                post(&serde_json::to_string(&reply).unwrap_or_default());
            });
        })
    };
    let ready = serde_json::to_string(&FromPoller::Ready).unwrap_or_default();
    if let Some(scope) = global.dyn_ref::<web_sys::SharedWorkerGlobalScope>() {
        // A shared worker (the page names it for itself alone): the loader kept the ports
        // that connected while the module loaded (`__ccPorts`); later ones connect here.
        let ports = js_sys::Reflect::get(&global, &JsValue::from_str("__ccPorts"))
            .ok()
            .and_then(|v| v.dyn_into::<js_sys::Array>().ok())
            .unwrap_or_default();
        let early = ports.slice(0, ports.length());
        let connect = move |port: web_sys::MessagePort| {
            // The loader tells every port in `__ccPorts` when the worker fails.
            if !ports.includes(&port, 0) {
                ports.push(&port);
            }
            let out = port.clone();
            let on_message = serve(Rc::new(move |text: &str| {
                let _ = out.post_message(&JsValue::from_str(text));
            }));
            // Setting `onmessage` starts the port.
            port.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
            on_message.forget();
            let _ = port.post_message(&JsValue::from_str(&ready));
        };
        for port in early.iter() {
            if let Ok(port) = port.dyn_into::<web_sys::MessagePort>() {
                connect(port);
            }
        }
        let on_connect =
            Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
                if let Ok(port) = e.ports().get(0).dyn_into::<web_sys::MessagePort>() {
                    connect(port);
                }
            });
        scope.set_onconnect(Some(on_connect.as_ref().unchecked_ref()));
        on_connect.forget();
    } else {
        let scope: web_sys::DedicatedWorkerGlobalScope = global.unchecked_into();
        let out = scope.clone();
        let on_message = serve(Rc::new(move |text: &str| {
            let _ = out.post_message(&JsValue::from_str(text));
        }));
        scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        on_message.forget();
        let _ = scope.post_message(&JsValue::from_str(&ready));
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("poll-worker runs in a browser: `trunk build` puts it beside the app.");
}
