//! One generated form field: label, the widget for its kind, help, and its error — tied
//! together with `for`, `aria-invalid` and `aria-describedby`.

use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::store::FormStore;
use crate::model::catalog::{Choice, Field, FieldSize, FormSource, Widget};
use crate::model::form::{fmt_num, is_datetime, json_error, Input};

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
    help_id: Option<String>,
    err_id: String,
    note_id: Option<String>,
}

impl Ctx {
    fn field(&self) -> &Field {
        &self.store.ct.fields[self.idx]
    }

    fn error(&self) -> RwSignal<Option<String>> {
        self.store.fields[self.idx].error
    }

    fn value(&self) -> RwSignal<Input> {
        self.store.fields[self.idx].value
    }

    /// `aria-invalid`, tracking the error.
    fn invalid(&self) -> impl Fn() -> &'static str + Send + Sync + 'static {
        let err = self.error();
        move || {
            if err.with(Option::is_some) {
                "true"
            } else {
                "false"
            }
        }
    }

    /// `aria-describedby`: help, notes, then the error when there is one.
    fn describedby(&self) -> impl Fn() -> Option<String> + Send + Sync + 'static {
        let err = self.error();
        let parts: Vec<String> = self
            .help_id
            .iter()
            .chain(self.note_id.iter())
            .cloned()
            .collect();
        let err_id = self.err_id.clone();
        move || {
            let mut ids = parts.clone();
            if err.with(Option::is_some) {
                ids.push(err_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
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
        let (store, idx) = (self.store.clone(), self.idx);
        move |_| {
            let store = store.clone();
            // Not between mousedown and mouseup: see `after_pointer_release`.
            crate::ui::after_pointer_release(move || {
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
    let cx = Ctx {
        help_id: (!field.help.is_empty()).then(|| format!("{id}-help")),
        err_id: format!("{id}-err"),
        note_id: note.as_ref().map(|_| format!("{id}-note")),
        store,
        idx,
        id,
    };
    let is_check = matches!(field.widget, Widget::Toggle | Widget::Checkbox) && !locked;
    let is_group = matches!(&field.widget, Widget::MultiSelect { choices, free_entry: false } if !choices.is_empty())
        && !locked;
    let label_id = format!("{}-label", cx.id);
    let label = label_row(&cx, &field, &label_id, is_group);
    let control = if locked || field.readonly || field.server_placeholder.is_some() {
        readonly_control(&cx, &field, locked)
    } else {
        control(&cx, &field, &label_id)
    };
    let error = cx.error();
    let help = cx.help_id.clone().map(|hid| {
        view! { <p class="help" id=hid>{field.help.clone()}</p> }
    });
    let note = note.map(|n| {
        view! { <p class="note" id=cx.note_id.clone()>{n}</p> }
    });
    let err_id = cx.err_id.clone();
    let size = match field.size {
        FieldSize::Short => " size-short",
        FieldSize::Medium => " size-medium",
        FieldSize::Long => " size-long",
        FieldSize::Default => "",
    };
    let class = move || {
        let mut c = String::from("field");
        c.push_str(size);
        if is_check {
            c.push_str(" field-check");
        }
        if error.with(Option::is_some) {
            c.push_str(" invalid");
        }
        c
    };
    view! {
        <div class=class data-key=field.key.clone()>
            {if is_check {
                view! { {control} {label} }.into_any()
            } else {
                view! { {label} {control} }.into_any()
            }}
            {note}
            {help}
            {move || error.get().map(|e| view! {
                <p class="error" id=err_id.clone()>
                    <span class="error-icon" aria-hidden="true">"!"</span>
                    {e}
                </p>
            })}
        </div>
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

fn label_row(cx: &Ctx, field: &Field, label_id: &str, is_group: bool) -> AnyView {
    let required = field.required.then(|| {
        view! { <span class="req" aria-hidden="true">"*"</span> }
    });
    let key = view! { <code class="key">{field.key.clone()}</code> };
    if is_group {
        view! {
            <div class="label-row">
                <span class="label" id=label_id.to_string()>{field.label.clone()}</span>{required}
                {key}
            </div>
        }
        .into_any()
    } else {
        view! {
            <div class="label-row">
                <label for=cx.id.clone() id=label_id.to_string()>{field.label.clone()}</label>{required}
                {key}
            </div>
        }
        .into_any()
    }
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
            prop:value=shown aria-describedby=cx.describedby() />
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
            <input type="text" class="input" id=cx.id.clone() prop:value=cx.text()
                on:input=cx.set_text() on:blur=cx.on_blur() placeholder=placeholder
                aria-invalid=cx.invalid() aria-describedby=cx.describedby() aria-required=required.then_some("true")
                autocomplete="off" spellcheck="false" />
        }
        .into_any(),
        Widget::Password => password(cx, field),
        Widget::TextArea { rows } => view! {
            <textarea class="input" id=cx.id.clone() rows=*rows prop:value=cx.text()
                on:input=cx.set_text() on:blur=cx.on_blur() placeholder=placeholder
                aria-invalid=cx.invalid() aria-describedby=cx.describedby() aria-required=required.then_some("true")
                spellcheck="false"></textarea>
        }
        .into_any(),
        Widget::Number { integer, .. } => view! {
            <input type="text" class="input input-number" id=cx.id.clone()
                inputmode=if *integer { "numeric" } else { "decimal" }
                prop:value=cx.text() on:input=cx.set_text() on:blur=cx.on_blur() placeholder=placeholder
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
                    prop:value=cx.text() on:input=cx.set_text() on:change=cx.set_text() on:blur=cx.on_blur()
                    placeholder="YYYY-MM-DDTHH:MM"
                    aria-invalid=cx.invalid() aria-describedby=cx.describedby() aria-required=required.then_some("true") />
            }
            .into_any()
        }
        Widget::File => file_input(cx, field),
    }
}

fn password(cx: &Ctx, field: &Field) -> AnyView {
    let revealed = RwSignal::new(false);
    let secret_set = cx.store.mode.secret_is_set(&field.key);
    let placeholder = if secret_set {
        Some("Set — unchanged".to_string())
    } else {
        field.placeholder.clone()
    };
    let label = field.label.clone();
    view! {
        <div class="input-group">
            <input type=move || if revealed.get() { "text" } else { "password" } class="input" id=cx.id.clone()
                prop:value=cx.text() on:input=cx.set_text() on:blur=cx.on_blur() placeholder=placeholder
                aria-invalid=cx.invalid() aria-describedby=cx.describedby()
                aria-required=(field.required && !secret_set).then_some("true")
                autocomplete="new-password" spellcheck="false" />
            <button type="button" class="btn btn-small" aria-controls=cx.id.clone()
                aria-pressed=move || revealed.get().to_string()
                aria-label=move || format!("{} {}", if revealed.get() { "Hide" } else { "Show" }, label)
                on:click=move |_| revealed.update(|r| *r = !*r)>
                {move || if revealed.get() { "Hide" } else { "Show" }}
            </button>
        </div>
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
                prop:value=range_value
                on:input=move |e| store.set(idx, Input::Text(event_target_value(&e)))
                aria-invalid=cx.invalid() aria-describedby=cx.describedby() />
            <input type="text" inputmode="decimal" class="input input-number slider-exact"
                aria-label=format!("{label} (exact value, {} to {})", fmt_num(min), fmt_num(max))
                prop:value=cx.text() on:input=cx.set_text() on:blur=cx.on_blur()
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
    let v = cx.value();
    let all: Vec<String> = choices.iter().map(Choice::key).collect();
    let boxes = choices
        .iter()
        .enumerate()
        .map(|(n, c)| {
            let key = c.key();
            let id = if n == 0 {
                cx.id.clone()
            } else {
                format!("{}-{n}", cx.id)
            };
            let (store, idx, all) = (cx.store.clone(), cx.idx, all.clone());
            let k_checked = key.clone();
            let for_id = id.clone();
            view! {
                <label class="choice" for=for_id>
                    <input type="checkbox" id=id
                        prop:checked=move || v.with(|v| matches!(v, Input::List(l) if l.contains(&k_checked)))
                        on:change=move |e| {
                            let on = event_target_checked(&e);
                            let mut list = match v.get_untracked() { Input::List(l) => l, _ => vec![] };
                            list.retain(|x| x != &key);
                            if on { list.push(key.clone()); }
                            // Keep the catalog's order, then anything else in entry order.
                            list.sort_by_key(|x| all.iter().position(|a| a == x).unwrap_or(usize::MAX));
                            store.set(idx, Input::List(list));
                        }
                        aria-invalid=cx.invalid() />
                    {c.label.clone()}
                </label>
            }
        })
        .collect_view();
    view! {
        <div class="choices" role="group" aria-labelledby=label_id.to_string() aria-describedby=cx.describedby()>
            {boxes}
        </div>
    }
    .into_any()
}

fn chips(cx: &Ctx, field: &Field) -> AnyView {
    let v = cx.value();
    let pending = RwSignal::new(String::new());
    let (store, idx) = (cx.store.clone(), cx.idx);
    let add = {
        let store = store.clone();
        move || {
            let text = pending.get_untracked();
            let mut list = match v.get_untracked() {
                Input::List(l) => l,
                _ => vec![],
            };
            let mut added = false;
            for item in crate::model::form::split_list(&text) {
                if !list.contains(&item) {
                    list.push(item);
                    added = true;
                }
            }
            pending.set(String::new());
            if added {
                store.set(idx, Input::List(list));
            }
        }
    };
    let (add_key, add_blur, add_click) = (add.clone(), add.clone(), add);
    let store_rm = store.clone();
    let store_bs = store.clone();
    let label = field.label.clone();
    let list_id = format!("{}-list", cx.id);
    view! {
        <div class="chips">
            <ul class="chip-list" id=list_id.clone() aria-label=format!("{label}: entered values")>
                {move || {
                    let items = match v.get() { Input::List(l) => l, _ => vec![] };
                    items.into_iter().map(|item| {
                        let store = store_rm.clone();
                        let it = item.clone();
                        view! {
                            <li class="chip">
                                <span>{item.clone()}</span>
                                <button type="button" class="chip-remove" aria-label=format!("Remove {item}")
                                    on:click=move |_| {
                                        let list: Vec<String> = match v.get_untracked() {
                                            Input::List(l) => l.into_iter().filter(|x| x != &it).collect(),
                                            _ => vec![],
                                        };
                                        store.set(idx, Input::List(list));
                                    }>"×"</button>
                            </li>
                        }
                    }).collect_view()
                }}
            </ul>
            <div class="input-group">
                <input type="text" class="input" id=cx.id.clone() prop:value=move || pending.get()
                    placeholder="Type a value, then Enter"
                    on:input=move |e| pending.set(event_target_value(&e))
                    on:keydown=move |e: ev::KeyboardEvent| {
                        let key = e.key();
                        if key == "Enter" || key == "," {
                            e.prevent_default();
                            add_key();
                        } else if key == "Backspace" && pending.get_untracked().is_empty() {
                            if let Input::List(mut l) = v.get_untracked() {
                                if l.pop().is_some() { store_bs.set(idx, Input::List(l)); }
                            }
                        }
                    }
                    on:blur=move |_| add_blur()
                    aria-invalid=cx.invalid() aria-describedby=cx.describedby()
                    aria-required=field.required.then_some("true") autocomplete="off" />
                <button type="button" class="btn btn-small" on:click=move |_| add_click()>"Add"</button>
            </div>
        </div>
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
            <textarea class="input mono" id=cx.id.clone() rows=rows prop:value=cx.text()
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
        leptos::task::spawn_local(async move {
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
            <textarea class="input mono" id=cx.id.clone() rows=4 prop:value=cx.text()
                on:input=cx.set_text() on:blur=cx.on_blur() placeholder="Paste the contents, or load a file"
                aria-invalid=cx.invalid() aria-describedby=cx.describedby()
                aria-required=field.required.then_some("true") spellcheck="false"></textarea>
            <input type="file" class="file-picker" aria-label=format!("Load {} from a file", field.label) on:change=on_file />
            {move || load_error.get().map(|e| view! { <p class="error">{e}</p> })}
        </div>
    }
    .into_any()
}
