//! The simulated backend's Web Worker: loaded by the page the first time a simulated backend
//! is used (see `connector_console::sim_worker`), so the app's own wasm carries no simulator.
//! Trunk builds it from `index.html` (`data-type="worker"`); natively it does nothing.

#[cfg(target_arch = "wasm32")]
fn main() {
    use std::cell::RefCell;

    use connector_console::sim_worker::{FromWorker, SimHost};
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;

    console_error_panic_hook::set_once();
    let scope: web_sys::DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let host = RefCell::new(SimHost::new());
    let out = scope.clone();
    let on_message =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
            if let Some(text) = e.data().as_string() {
                let reply = host.borrow_mut().handle_text(&text);
                let _ = out.post_message(&JsValue::from_str(&reply));
            }
        });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    let ready = serde_json::to_string(&FromWorker::Ready).unwrap_or_default();
    let _ = scope.post_message(&JsValue::from_str(&ready));
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("sim-worker runs in a browser: `trunk build` puts it beside the app.");
}
