//! A masked input for a secret with a Show/Hide button (both form systems).

use leptos::ev;
use leptos::prelude::*;

use super::frame::FieldAria;
use crate::ui::live_value;

/// The secret's input, masked until "Show" is pressed; the button names the field for
/// screen readers ("Show Password") and says whether it is pressed.
#[component]
pub fn SecretInput(
    /// Ids and error of the field.
    aria: FieldAria,
    /// The field's label (for the button's name).
    #[prop(into)]
    label: String,
    /// The text.
    #[prop(into)]
    value: Signal<String>,
    /// Called with the text on every edit.
    on_input: Callback<String>,
    /// Called when the input loses focus.
    on_blur: Callback<()>,
    /// The placeholder, if any.
    placeholder: Option<String>,
    /// Whether the field is required (`aria-required`).
    #[prop(into)]
    required: Signal<bool>,
    /// Read-only.
    #[prop(optional)]
    readonly: bool,
    /// A multi-line secret (a private key, a certificate bundle): a text area whose text is
    /// drawn as dots until "Show" (CSS `-webkit-text-security`), so line breaks survive.
    #[prop(optional)]
    multiline: bool,
) -> impl IntoView {
    let revealed = RwSignal::new(false);
    let input = if multiline {
        view! {
            <textarea class=move || if revealed.get() { "input mono secret-text" } else { "input mono secret-text masked" }
                id=aria.id.clone() rows="4"
                use:live_value=Signal::derive(move || value.get()) on:input=move |e| on_input.run(event_target_value(&e))
                on:blur=move |_: ev::FocusEvent| on_blur.run(()) placeholder=placeholder readonly=readonly
                aria-invalid=aria.invalid() aria-describedby=aria.describedby()
                aria-required=move || required.get().then_some("true")
                autocomplete="off" spellcheck="false"></textarea>
        }
        .into_any()
    } else {
        view! {
            <input type=move || if revealed.get() { "text" } else { "password" } class="input" id=aria.id.clone()
                use:live_value=Signal::derive(move || value.get()) on:input=move |e| on_input.run(event_target_value(&e))
                on:blur=move |_: ev::FocusEvent| on_blur.run(()) placeholder=placeholder readonly=readonly
                aria-invalid=aria.invalid() aria-describedby=aria.describedby()
                aria-required=move || required.get().then_some("true")
                autocomplete="new-password" spellcheck="false" />
        }
        .into_any()
    };
    view! {
        <div class="input-group">
            {input}
            <button type="button" class="btn btn-small" aria-controls=aria.id.clone()
                aria-pressed=move || revealed.get().to_string()
                aria-label=move || format!("{} {}", if revealed.get() { "Hide" } else { "Show" }, label)
                on:click=move |_| revealed.update(|r| *r = !*r)>
                {move || if revealed.get() { "Hide" } else { "Show" }}
            </button>
        </div>
    }
}
