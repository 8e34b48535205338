//! A group of checkboxes for a multi-select with known choices (both form systems): one box a
//! choice, the group labelled by the field's label and described like any input.

use leptos::prelude::*;

use super::frame::FieldAria;

/// The choices checked after `key` is switched `on`: in the choices' order, then anything
/// else in the order it was entered.
pub fn toggle_choice(list: &[String], key: &str, on: bool, all: &[String]) -> Vec<String> {
    let mut list: Vec<String> = list.iter().filter(|x| *x != key).cloned().collect();
    if on {
        list.push(key.to_string());
    }
    list.sort_by_key(|x| all.iter().position(|a| a == x).unwrap_or(usize::MAX));
    list
}

/// The checkbox group. The first box carries the field's id, the others `{id}-{n}`.
#[component]
pub fn CheckboxGroup(
    /// Ids and error of the field.
    aria: FieldAria,
    /// The id of the field's label (the group's `aria-labelledby`).
    #[prop(into)]
    label_id: String,
    /// The choices: value and label.
    choices: Vec<(String, String)>,
    /// The values checked.
    #[prop(into)]
    selected: Signal<Vec<String>>,
    /// Called with the values checked after a box changes.
    on_change: Callback<Vec<String>>,
) -> impl IntoView {
    let all: Vec<String> = choices.iter().map(|(k, _)| k.clone()).collect();
    let boxes = choices
        .into_iter()
        .enumerate()
        .map(|(n, (key, label))| {
            let id = if n == 0 {
                aria.id.clone()
            } else {
                format!("{}-{n}", aria.id)
            };
            let all = all.clone();
            let k_checked = key.clone();
            let for_id = id.clone();
            view! {
                <label class="choice" for=for_id>
                    <input type="checkbox" id=id
                        prop:checked=move || selected.with(|l| l.contains(&k_checked))
                        on:change=move |e| {
                            let on = event_target_checked(&e);
                            let list = selected.with_untracked(|l| toggle_choice(l, &key, on, &all));
                            on_change.run(list);
                        }
                        aria-invalid=aria.invalid() />
                    {label}
                </label>
            }
        })
        .collect_view();
    view! {
        <div class="choices" role="group" aria-labelledby=label_id aria-describedby=aria.describedby()>
            {boxes}
        </div>
    }
}
