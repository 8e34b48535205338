//! "Copy as curl": a request this app would send, as a `curl` command to read and copy. The
//! command is built only while the panel is open, so typing in a form costs nothing while it
//! is closed.

use leptos::prelude::*;

/// A closed-by-default panel with the command and a "Copy" button.
#[component]
pub fn CurlPanel(
    /// What the command does, shown above it ("The request saving would send.").
    note: &'static str,
    /// The command; read while the panel is open, so it follows what is typed.
    text: Signal<String>,
) -> impl IntoView {
    let open = RwSignal::new(false);
    let copied = RwSignal::new(false);
    view! {
        <details class="curl-panel" on:toggle=move |e: leptos::ev::Event| {
            open.set(event_target::<web_sys::HtmlDetailsElement>(&e).open());
            copied.set(false);
        }>
            <summary>"Copy as curl"</summary>
            <p class="muted small">{note}" Credentials and secrets are placeholders ($TOKEN, $SECRET_…): fill them in yourself."</p>
            {move || open.get().then(|| view! { <pre class="mono curl" data-testid="curl">{move || text.get()}</pre> })}
            <button type="button" class="btn btn-small" on:click=move |_| {
                copy_text(&text.get_untracked());
                copied.set(true);
            }>{move || if copied.get() { "Copied" } else { "Copy" }}</button>
        </details>
    }
}

/// Puts `text` on the clipboard (`navigator.clipboard.writeText`), when the browser allows.
fn copy_text(text: &str) {
    let Some(w) = web_sys::window() else { return };
    let nav: wasm_bindgen::JsValue = w.navigator().into();
    let Ok(clip) = js_sys::Reflect::get(&nav, &"clipboard".into()) else {
        return;
    };
    if clip.is_undefined() {
        return;
    }
    if let Ok(f) = js_sys::Reflect::get(&clip, &"writeText".into()) {
        if let Ok(f) = wasm_bindgen::JsCast::dyn_into::<js_sys::Function>(f) {
            if let Ok(p) = f.call1(&clip, &text.into()) {
                if let Ok(p) = wasm_bindgen::JsCast::dyn_into::<js_sys::Promise>(p) {
                    // Awaited so that a refusal (no permission) is not an unhandled rejection.
                    wasm_bindgen_futures::spawn_local(async move {
                        let _ = wasm_bindgen_futures::JsFuture::from(p).await;
                    });
                }
            }
        }
    }
}
