//! A chip editor for a list of free-entry values (list and tag inputs of both form systems):
//! the values as removable chips, then a text box that adds what is typed on Enter, a comma,
//! leaving the box, or "Add"; Backspace in the empty box removes the last value.

use leptos::ev;
use leptos::prelude::*;

use super::frame::FieldAria;
use crate::ui::live_value;

/// The values in typed text: split at commas and line breaks, trimmed, blanks dropped.
pub fn split_items(text: &str) -> Vec<String> {
    text.split([',', '\n'])
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

/// The chip editor. What the list becomes is up to the owner: it hears of every add, removal
/// and Backspace, and updates `items`.
#[component]
pub fn Chips(
    /// Ids and error of the field (the text box carries the id).
    aria: FieldAria,
    /// The field's label (names the list of chips).
    #[prop(into)]
    label: String,
    /// The values.
    #[prop(into)]
    items: Signal<Vec<String>>,
    /// Whether the field is required (`aria-required`).
    #[prop(into)]
    required: Signal<bool>,
    /// The text box's placeholder.
    #[prop(into)]
    placeholder: String,
    /// The id of the list of chips, if it has one.
    #[prop(optional, into)]
    list_id: Option<String>,
    /// The values typed (see [`split_items`]); returns whether they were taken, which empties
    /// the text box.
    on_add: Callback<Vec<String>, bool>,
    /// Removes the chip at this position, holding this value.
    on_remove: Callback<(usize, String)>,
    /// Removes the last value (Backspace in the empty box, while there are values).
    on_pop: Callback<()>,
) -> impl IntoView {
    let pending = RwSignal::new(String::new());
    let add = move || {
        if on_add.run(split_items(&pending.get_untracked())) {
            pending.set(String::new());
        }
    };
    view! {
        <div class="chips">
            <ul class="chip-list" id=list_id aria-label=format!("{label}: entered values")>
                {move || items.get().into_iter().enumerate().map(|(i, item)| {
                    let it = item.clone();
                    view! {
                        <li class="chip">
                            <span>{item.clone()}</span>
                            <button type="button" class="chip-remove" aria-label=format!("Remove {item}")
                                on:click=move |_| on_remove.run((i, it.clone()))>"×"</button>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <div class="input-group">
                <input type="text" class="input" id=aria.id.clone() use:live_value=Signal::derive(move || pending.get())
                    placeholder=placeholder
                    on:input=move |e| pending.set(event_target_value(&e))
                    on:keydown=move |e: ev::KeyboardEvent| {
                        let key = e.key();
                        if key == "Enter" || key == "," {
                            e.prevent_default();
                            add();
                        } else if key == "Backspace" && pending.get_untracked().is_empty()
                            && !items.with_untracked(Vec::is_empty) {
                            on_pop.run(());
                        }
                    }
                    on:blur=move |_| add()
                    aria-invalid=aria.invalid() aria-describedby=aria.describedby()
                    aria-required=move || required.get().then_some("true") autocomplete="off" />
                <button type="button" class="btn btn-small" on:click=move |_| add()>"Add"</button>
            </div>
        </div>
    }
}
