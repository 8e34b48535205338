//! One generated form field: label, the widget for its kind, help, and its error — tied
//! together with `for`, `aria-invalid` and `aria-describedby`.

use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::checks::CheckboxGroup;
use super::chips::Chips;
use super::frame::{FieldAria, FieldFrame, Note};
use super::secret::SecretInput;
use super::store::FormStore;
use crate::model::catalog::{Choice, Field, FieldSize, FormSource, Widget};
use crate::model::form::{fmt_num, is_datetime, json_error, Input};
use crate::ui::live_value;

/// Renders field `idx` of `store` while it is visible.
#[component]
pub fn FieldView(
    /// The form the field belongs to.
    store: FormStore,
    /// Index of the field in the connector type.
    idx: usize,
) -> impl IntoView {
    let visible = store.fields[idx].visible;
    if store.skip.contains(&store.ct.fields[idx].key) {
        return ().into_any();
    }
    view! {
        <Show when=move || visible.get()>
            {
                let store = store.clone();
                move || field_body(store.clone(), idx)
            }
        </Show>
    }
    .into_any()
}

/// Ids and state shared by every widget of one field.
#[derive(Clone)]
struct Ctx {
    store: FormStore,
    idx: usize,
    id: String,
    aria: FieldAria,
}

impl Ctx {
    fn field(&self) -> &Field {
        &self.store.ct.fields[self.idx]
    }

    fn value(&self) -> RwSignal<Input> {
        self.store.fields[self.idx].value
    }

    /// `aria-invalid`, tracking the error.
    fn invalid(&self) -> impl Fn() -> &'static str + Send + Sync + 'static {
        self.aria.invalid()
    }

    /// `aria-describedby`: help, notes, then the error when there is one.
    fn describedby(&self) -> impl Fn() -> Option<String> + Send + Sync + 'static {
        self.aria.describedby()
    }

    /// The field's list input (empty for other inputs), tracked.
    fn list(&self) -> Signal<Vec<String>> {
        let v = self.value();
        Signal::derive(move || match v.get() {
            Input::List(l) => l,
            _ => vec![],
        })
    }

    fn text(&self) -> impl Fn() -> String + Send + Sync + 'static {
        let v = self.value();
        move || v.with(|v| v.text().to_string())
    }

    fn set_text(&self) -> impl Fn(ev::Event) + Clone + 'static {
        let (store, idx) = (self.store.clone(), self.idx);
        move |e| store.set(idx, Input::Text(event_target_value(&e)))
    }

    fn on_blur(&self) -> impl Fn(ev::FocusEvent) + Clone + 'static {
        let leave = self.on_leave();
        move |_| leave()
    }

    /// What leaving the field does: check it, if it holds something or shows an error.
    fn on_leave(&self) -> impl Fn() + Clone + Send + Sync + 'static {
        let (store, idx) = (self.store.clone(), self.idx);
        move || {
            let store = store.clone();
            // Not between mousedown and mouseup: see `after_pointer_release`.
            crate::ui::after_pointer_release(move || {
                // The click that ended may have left the page: then there is nothing to check.
                if store.fields[idx].value.is_disposed() {
                    return;
                }
                let touched = store.fields[idx].value.with_untracked(|v| !v.is_empty());
                if touched || store.fields[idx].error.get_untracked().is_some() {
                    store.check(idx);
                }
            });
        }
    }
}

fn field_body(store: FormStore, idx: usize) -> impl IntoView {
    let field = store.ct.fields[idx].clone();
    let id = store.dom_id(idx);
    let locked = store.mode.is_edit() && field.immutable_after_create;
    let secret_set = field.secret && store.mode.secret_is_set(&field.key);
    let note = note_for(&field, locked, secret_set);
    let help_id = (!field.help.is_empty()).then(|| format!("{id}-help"));
    let note_id = note.as_ref().map(|_| format!("{id}-note"));
    let aria = FieldAria::new(id.clone(), store.fields[idx].error)
        .described_by(help_id.clone())
        .described_by(note_id.clone());
    let cx = Ctx {
        store,
        idx,
        id,
        aria: aria.clone(),
    };
    let is_check = matches!(field.widget, Widget::Toggle | Widget::Checkbox) && !locked;
    let is_group = matches!(&field.widget, Widget::MultiSelect { choices, free_entry: false } if !choices.is_empty())
        && !locked;
    let label_id = format!("{}-label", cx.id);
    let control = if locked || field.readonly || field.server_placeholder.is_some() {
        readonly_control(&cx, &field, locked)
    } else {
        control(&cx, &field, &label_id)
    };
    let notes = note_id
        .zip(note)
        .map(|(id, n)| Note {
            id,
            class: "note",
            body: n.into_any(),
        })
        .into_iter()
        .chain(help_id.map(|id| Note {
            id,
            // HTML and Markdown from real catalogs, as an allowlist of DOM nodes (never HTML).
            class: "help rich-text",
            body: crate::components::rich_text::blocks_view(
                crate::model::rich_text::parse_rich_text(&field.help),
            ),
        }))
        .collect::<Vec<_>>();
    let size = match field.size {
        FieldSize::Short => " size-short",
        FieldSize::Medium => " size-medium",
        FieldSize::Long => " size-long",
        FieldSize::Default => "",
    };
    let badge = view! { <code class="key">{field.key.clone()}</code> }.into_any();
    view! {
        <FieldFrame aria=aria label=field.label.clone() label_id=label_id required=field.required
            group=is_group check=is_check class=size key=field.key.clone() badge=badge notes=notes
            control=control/>
    }
}

fn note_for(field: &Field, locked: bool, secret_set: bool) -> Option<String> {
    if locked {
        return Some("Set when the connector was created; it can't be changed.".into());
    }
    if secret_set {
        return Some("Set — unchanged. Leave blank to keep the stored value, or type a new one to replace it.".into());
    }
    if field.server_placeholder.is_some() {
        return Some("Filled in by the server once the connector exists.".into());
    }
    if let Widget::Unknown { kind } = &field.widget {
        return Some(format!(
            "This setting uses a control kind this console doesn't know (“{kind}”); enter its value as text."
        ));
    }
    None
}

/// Read-only rendering: locked (set once), read-only, or server-filled fields.
fn readonly_control(cx: &Ctx, field: &Field, locked: bool) -> AnyView {
    let v = cx.value();
    let secret = field.secret;
    let placeholder = field.server_placeholder.clone();
    let shown = move || {
        v.with(|v| match v {
            Input::Text(t) if t.is_empty() => placeholder.clone().unwrap_or_default(),
            Input::Text(t) if secret => "•".repeat(t.chars().count().min(12)),
            Input::Text(t) => t.clone(),
            Input::Bool(b) => {
                if *b {
                    "On".into()
                } else {
                    "Off".into()
                }
            }
            Input::List(l) => l.join(", "),
        })
    };
    let _ = locked;
    view! {
        <input type="text" class="input" id=cx.id.clone() readonly aria-readonly="true"
            use:live_value=Signal::derive(shown) aria-describedby=cx.describedby() />
    }
    .into_any()
}

fn control(cx: &Ctx, field: &Field, label_id: &str) -> AnyView {
    let server_driven = cx.store.ct.form == FormSource::Validate
        && matches!(
            field.widget,
            Widget::Select { .. } | Widget::Text | Widget::MultiSelect { .. }
        );
    if server_driven {
        // Choices follow the server's recommended values, which change with the config.
        let (cx, label_id) = (cx.clone(), label_id.to_string());
        let choices = cx.store.fields[cx.idx].server_choices;
        return (move || {
            choices.track();
            let f = cx.store.effective_field(cx.idx);
            static_control(&cx, &f, &label_id)
        })
        .into_any();
    }
    static_control(cx, field, label_id)
}

fn static_control(cx: &Ctx, field: &Field, label_id: &str) -> AnyView {
    let required = field.required;
    let placeholder = field.placeholder.clone();
    match &field.widget {
        Widget::Text | Widget::Unknown { .. } => view! {
            <input type="text" class="input" id=cx.id.clone() use:live_value=Signal::derive(cx.text())
                on:input=cx.set_text() on:blur=cx.on_blur() placeholder=placeholder
                aria-invalid=cx.invalid() aria-describedby=cx.describedby() aria-required=required.then_some("true")
                autocomplete="off" spellcheck="false" />
        }
        .into_any(),
        Widget::Password => password(cx, field),
        Widget::TextArea { .. } if field.secret => password(cx, field),
        Widget::TextArea { rows } => view! {
            <textarea class="input" id=cx.id.clone() rows=*rows use:live_value=Signal::derive(cx.text())
                on:input=cx.set_text() on:blur=cx.on_blur() placeholder=placeholder
                aria-invalid=cx.invalid() aria-describedby=cx.describedby() aria-required=required.then_some("true")
                spellcheck="false"></textarea>
        }
        .into_any(),
        Widget::Number { integer, .. } => view! {
            <input type="text" class="input input-number" id=cx.id.clone()
                inputmode=if *integer { "numeric" } else { "decimal" }
                use:live_value=Signal::derive(cx.text()) on:input=cx.set_text() on:blur=cx.on_blur() placeholder=placeholder
                aria-invalid=cx.invalid() aria-describedby=cx.describedby() aria-required=required.then_some("true")
                autocomplete="off" />
        }
        .into_any(),
        Widget::Slider { min, max, step } => slider(cx, *min, *max, *step),
        Widget::Toggle | Widget::Checkbox => {
            let v = cx.value();
            let (store, idx) = (cx.store.clone(), cx.idx);
            let switch = matches!(field.widget, Widget::Toggle);
            view! {
                <input type="checkbox" class=if switch { "switch" } else { "checkbox" } id=cx.id.clone()
                    role=switch.then_some("switch")
                    prop:checked=move || v.with(|v| matches!(v, Input::Bool(true)))
                    on:change=move |e| store.set(idx, Input::Bool(event_target_checked(&e)))
                    aria-invalid=cx.invalid() aria-describedby=cx.describedby() />
            }
            .into_any()
        }
        Widget::Select { choices } => select(cx, field, choices),
        Widget::MultiSelect { choices, free_entry } if !*free_entry && !choices.is_empty() => {
            checkbox_group(cx, choices, label_id)
        }
        Widget::MultiSelect { .. } => chips(cx, field),
        Widget::Json { rows } => json_editor(cx, field, *rows),
        Widget::DateTime => {
            // The native picker when the value fits it; text otherwise (zones, fractions).
            let initial = cx.value().with_untracked(|v| v.text().to_string());
            let native = initial.is_empty() || (is_datetime(&initial) && initial.len() <= 19);
            view! {
                <input type=if native { "datetime-local" } else { "text" } step="1" class="input" id=cx.id.clone()
                    use:live_value=Signal::derive(cx.text()) on:input=cx.set_text() on:change=cx.set_text() on:blur=cx.on_blur()
                    placeholder="YYYY-MM-DDTHH:MM"
                    aria-invalid=cx.invalid() aria-describedby=cx.describedby() aria-required=required.then_some("true") />
            }
            .into_any()
        }
        Widget::File => file_input(cx, field),
    }
}

fn password(cx: &Ctx, field: &Field) -> AnyView {
    let secret_set = cx.store.mode.secret_is_set(&field.key);
    let placeholder = if secret_set {
        Some("Set — unchanged".to_string())
    } else {
        field.placeholder.clone()
    };
    let v = cx.value();
    let (store, idx) = (cx.store.clone(), cx.idx);
    let on_leave = cx.on_leave();
    view! {
        <SecretInput aria=cx.aria.clone() label=field.label.clone()
            value=Signal::derive(move || v.with(|v| v.text().to_string()))
            on_input=Callback::new(move |text| store.set(idx, Input::Text(text)))
            on_blur=Callback::new(move |_| on_leave()) placeholder=placeholder
            required=field.required && !secret_set
            multiline=matches!(field.widget, Widget::TextArea { .. })/>
    }
    .into_any()
}

fn slider(cx: &Ctx, min: f64, max: f64, step: f64) -> AnyView {
    let v = cx.value();
    let (store, idx) = (cx.store.clone(), cx.idx);
    let label = cx.field().label.clone();
    let range_value = move || {
        v.with(|v| {
            crate::model::form::parse_number(v.text())
                .map(fmt_num)
                .unwrap_or_else(|| fmt_num(min))
        })
    };
    view! {
        <div class="slider">
            <input type="range" id=cx.id.clone() min=fmt_num(min) max=fmt_num(max) step=fmt_num(step)
                use:live_value=Signal::derive(range_value)
                on:input=move |e| store.set(idx, Input::Text(event_target_value(&e)))
                aria-invalid=cx.invalid() aria-describedby=cx.describedby() />
            <input type="text" inputmode="decimal" class="input input-number slider-exact"
                aria-label=format!("{label} (exact value, {} to {})", fmt_num(min), fmt_num(max))
                use:live_value=Signal::derive(cx.text()) on:input=cx.set_text() on:blur=cx.on_blur()
                aria-invalid=cx.invalid() aria-describedby=cx.describedby() />
            <span class="slider-range" aria-hidden="true">{format!("{} – {}", fmt_num(min), fmt_num(max))}</span>
        </div>
    }
    .into_any()
}

fn select(cx: &Ctx, field: &Field, choices: &[Choice]) -> AnyView {
    let v = cx.value();
    let options = choices
        .iter()
        .map(|c| {
            let key = c.key();
            let k2 = key.clone();
            view! {
                <option value=key prop:selected=move || v.with(|v| v.text() == k2)>{c.label.clone()}</option>
            }
        })
        .collect_view();
    let required = field.required;
    view! {
        <select class="input" id=cx.id.clone() on:change=cx.set_text() on:blur=cx.on_blur()
            aria-invalid=cx.invalid() aria-describedby=cx.describedby() aria-required=required.then_some("true")>
            <option value="" prop:selected=move || v.with(|v| v.text().is_empty())>
                {if required { "— Choose —" } else { "— None —" }}
            </option>
            {options}
        </select>
    }
    .into_any()
}

fn checkbox_group(cx: &Ctx, choices: &[Choice], label_id: &str) -> AnyView {
    let choices = choices.iter().map(|c| (c.key(), c.label.clone())).collect();
    let (store, idx) = (cx.store.clone(), cx.idx);
    view! {
        <CheckboxGroup aria=cx.aria.clone() label_id=label_id.to_string() choices=choices
            selected=cx.list() on_change=Callback::new(move |list| store.set(idx, Input::List(list)))/>
    }
    .into_any()
}

fn chips(cx: &Ctx, field: &Field) -> AnyView {
    let v = cx.value();
    let (store, idx) = (cx.store.clone(), cx.idx);
    let list = move || match v.get_untracked() {
        Input::List(l) => l,
        _ => vec![],
    };
    let (s_add, s_rm) = (store.clone(), store.clone());
    // New values only; the text box empties either way.
    let on_add = Callback::new(move |items: Vec<String>| {
        let mut l = list();
        let mut added = false;
        for item in items {
            if !l.contains(&item) {
                l.push(item);
                added = true;
            }
        }
        if added {
            s_add.set(idx, Input::List(l));
        }
        true
    });
    let on_remove = Callback::new(move |(_, item): (usize, String)| {
        let l: Vec<String> = list().into_iter().filter(|x| x != &item).collect();
        s_rm.set(idx, Input::List(l));
    });
    let on_pop = Callback::new(move |_| {
        let mut l = list();
        if l.pop().is_some() {
            store.set(idx, Input::List(l));
        }
    });
    view! {
        <Chips aria=cx.aria.clone() label=field.label.clone() items=cx.list() required=field.required
            placeholder="Type a value, then Enter" list_id=format!("{}-list", cx.id)
            on_add=on_add on_remove=on_remove on_pop=on_pop/>
    }
    .into_any()
}

fn json_editor(cx: &Ctx, field: &Field, rows: u32) -> AnyView {
    let v = cx.value();
    let (store, idx) = (cx.store.clone(), cx.idx);
    let status = move || {
        v.with(|v| {
            let t = v.text();
            if t.trim().is_empty() {
                None
            } else {
                Some(json_error(t).unwrap_or_else(|| "Valid JSON.".into()))
            }
        })
    };
    let format = move |_| {
        let text = v.get_untracked();
        if let Ok(parsed) = serde_json::from_str::<serde_json::Value>(text.text()) {
            if let Ok(pretty) = serde_json::to_string_pretty(&parsed) {
                store.set(idx, Input::Text(pretty));
            }
        }
    };
    view! {
        <div class="json-editor">
            <textarea class="input mono" id=cx.id.clone() rows=rows use:live_value=Signal::derive(cx.text())
                on:input=cx.set_text() on:blur=cx.on_blur() placeholder=field.placeholder.clone().unwrap_or_else(|| "{ }".into())
                aria-invalid=cx.invalid() aria-describedby=cx.describedby()
                aria-required=field.required.then_some("true") spellcheck="false"></textarea>
            <div class="json-status">
                <span class="muted" aria-live="polite">{status}</span>
                <button type="button" class="btn btn-small" on:click=format>"Format"</button>
            </div>
        </div>
    }
    .into_any()
}

fn file_input(cx: &Ctx, field: &Field) -> AnyView {
    // Async work started here ends with it (requests aborted, no signal read after).
    let tasks = crate::ui::Tasks::new();
    let (store, idx) = (cx.store.clone(), cx.idx);
    let load_error = RwSignal::new(None::<String>);
    let on_file = move |e: ev::Event| {
        let Some(input) = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        let store = store.clone();
        tasks.spawn(async move {
            match wasm_bindgen_futures::JsFuture::from(file.text()).await {
                Ok(text) => {
                    load_error.set(None);
                    store.set(idx, Input::Text(text.as_string().unwrap_or_default()));
                }
                Err(_) => load_error.set(Some("The file could not be read.".into())),
            }
        });
    };
    view! {
        <div class="file-input">
            <textarea class="input mono" id=cx.id.clone() rows=4 use:live_value=Signal::derive(cx.text())
                on:input=cx.set_text() on:blur=cx.on_blur() placeholder="Paste the contents, or load a file"
                aria-invalid=cx.invalid() aria-describedby=cx.describedby()
                aria-required=field.required.then_some("true") spellcheck="false"></textarea>
            <input type="file" class="file-picker" aria-label=format!("Load {} from a file", field.label) on:change=on_file />
            {move || load_error.get().map(|e| view! { <p class="error">{e}</p> })}
        </div>
    }
    .into_any()
}
