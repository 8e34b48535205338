//! The connectors list's Web Worker: polls a real backend's list off the page's main thread
//! and answers with the rows that changed (see `connector_console::poll_worker`). Loaded by
//! the connectors page the first time it polls a backend over the network; Trunk builds it
//! from `index.html` (`data-type="worker"`); natively it does nothing.

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
    let scope: web_sys::DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let host = Rc::new(RefCell::new(PollHost::new()));
    let out = scope.clone();
    let on_message =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
            let Some(text) = e.data().as_string() else {
                return;
            };
            let Ok(ToPoller::List {
                id,
                session,
                applied,
                backend,
                headers,
            }) = serde_json::from_str::<ToPoller>(&text)
            else {
                return;
            };
            let (host, out) = (host.clone(), out.clone());
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
                    Ok(rows) => host.borrow_mut().answer(id, session, applied, rows),
                    Err(back) => {
                        host.borrow_mut().forget(session);
                        FromPoller::Handback {
                            id,
                            why: back.why,
                            answer: back.answer,
                        }
                    }
                };
                let text = serde_json::to_string(&reply).unwrap_or_default();
                let _ = out.post_message(&JsValue::from_str(&text));
            });
        });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    let ready = serde_json::to_string(&FromPoller::Ready).unwrap_or_default();
    let _ = scope.post_message(&JsValue::from_str(&ready));
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("poll-worker runs in a browser: `trunk build` puts it beside the app.");
}
