//! Browser utilities that are not networking: storage, timers and performance marks.

use wasm_bindgen::JsCast;

/// `window.localStorage`, when available (not in some sandboxed iframes).
pub fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// `window.sessionStorage`, when available.
pub fn session_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok()?
}

/// Reads a JSON value from `localStorage`.
pub fn read_json(key: &str) -> Option<serde_json::Value> {
    let text = local_storage()?.get_item(key).ok()??;
    serde_json::from_str(&text).ok()
}

/// Writes a JSON value to `localStorage` (quietly does nothing when storage is unavailable or
/// full).
pub fn write_json(key: &str, value: &serde_json::Value) {
    if let Some(s) = local_storage() {
        let _ = s.set_item(key, &value.to_string());
    }
}

/// Removes a key from `localStorage`.
pub fn remove(key: &str) {
    if let Some(s) = local_storage() {
        let _ = s.remove_item(key);
    }
}

/// Milliseconds since the Unix epoch.
pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// Resolves after `ms` milliseconds.
pub async fn sleep(ms: u32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms as i32);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Resolves once the next frame has been painted (a task posted from the animation frame).
pub async fn next_paint() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let Some(w) = web_sys::window() else {
            let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
            return;
        };
        let after = wasm_bindgen::closure::Closure::once_into_js(move || {
            if let Some(w) = web_sys::window() {
                let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
            }
        });
        let _ = w.request_animation_frame(wasm_bindgen::JsCast::unchecked_ref(&after));
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Resolves in a task of its own (a message posted through a `MessageChannel`): input and
/// rendering waiting in the browser's queues go first, without `setTimeout`'s 4 ms clamp.
pub async fn yield_task() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let Ok(ch) = web_sys::MessageChannel::new() else {
            let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
            return;
        };
        ch.port1().set_onmessage(Some(&resolve));
        let _ = ch.port2().post_message(&wasm_bindgen::JsValue::NULL);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// A `setTimeout` that is cancelled when dropped.
pub struct Timeout {
    id: Option<i32>,
    _closure: wasm_bindgen::closure::Closure<dyn FnMut()>,
}

impl Timeout {
    /// Calls `f` once after `ms` milliseconds unless dropped first.
    pub fn new(ms: u32, f: impl FnOnce() + 'static) -> Self {
        let mut f = Some(f);
        let closure = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(move || {
            if let Some(f) = f.take() {
                f();
            }
        });
        let id = web_sys::window().and_then(|w| {
            w.set_timeout_with_callback_and_timeout_and_arguments_0(
                closure.as_ref().unchecked_ref(),
                ms as i32,
            )
            .ok()
        });
        Timeout {
            id,
            _closure: closure,
        }
    }
}

impl Drop for Timeout {
    fn drop(&mut self) {
        if let (Some(id), Some(w)) = (self.id, web_sys::window()) {
            w.clear_timeout_with_handle(id);
        }
    }
}

/// Records a `performance.mark` (read by the benchmark; harmless otherwise).
pub fn perf_mark(name: &str) {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.mark(name);
    }
}
