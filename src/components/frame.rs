//! The frame around one input, shared by both form systems (catalog-property forms and JSON
//! Schema forms) and the pages' own fields: the label tied to the input with `for`, the
//! required mark, help and notes, the error message, and the `aria-invalid` /
//! `aria-describedby` wiring that ties them together.

use crate::ui::live_value;
use leptos::ev;
use leptos::prelude::*;

/// What ties a field's input to its help and error: the input's id, the ids of the paragraphs
/// describing it, and the error shown. Cheap to clone.
#[derive(Clone)]
pub struct FieldAria {
    /// The input's DOM id (the label's `for`).
    pub id: String,
    /// The error paragraph's id (`{id}-err`).
    pub err_id: String,
    /// Ids of the paragraphs describing the input, in `aria-describedby` order.
    pub described: Vec<String>,
    /// The error shown at the field.
    pub error: RwSignal<Option<String>>,
}

impl FieldAria {
    /// The wiring of the input `id` showing `error`; nothing describes it yet.
    pub fn new(id: impl Into<String>, error: RwSignal<Option<String>>) -> Self {
        let id = id.into();
        FieldAria {
            err_id: format!("{id}-err"),
            id,
            described: Vec::new(),
            error,
        }
    }

    /// Adds a paragraph (help, note, hint) that describes the input, when there is one.
    pub fn described_by(mut self, id: Option<String>) -> Self {
        self.described.extend(id);
        self
    }

    /// `aria-invalid`: `"true"` while an error shows.
    pub fn invalid(&self) -> impl Fn() -> &'static str + Clone + Send + Sync + 'static {
        let err = self.error;
        move || {
            if err.with(Option::is_some) {
                "true"
            } else {
                "false"
            }
        }
    }

    /// `aria-describedby`: the describing paragraphs, then the error while one shows.
    pub fn describedby(&self) -> impl Fn() -> Option<String> + Clone + Send + Sync + 'static {
        let (err, parts, err_id) = (self.error, self.described.clone(), self.err_id.clone());
        move || {
            let mut ids = parts.clone();
            if err.with(Option::is_some) {
                ids.push(err_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    }

    /// The error paragraph, while an error shows.
    pub fn error_line(&self) -> impl IntoView {
        error_line(self.err_id.clone(), self.error)
    }
}

/// An error paragraph with its icon, shown while `error` holds a message.
pub fn error_line(id: String, error: RwSignal<Option<String>>) -> impl IntoView {
    move || {
        error.get().map(|e| {
            view! {
                <p class="error" id=id.clone()><span class="error-icon" aria-hidden="true">"!"</span>{e}</p>
            }
        })
    }
}

/// The required mark after a label (hidden from screen readers: the input says
/// `aria-required`).
pub fn required_mark() -> impl IntoView {
    view! { <span class="req" aria-hidden="true">"*"</span> }
}

/// A block below the input that describes it (help text, a note, a hint): a `div`, because
/// help rendered from rich text may hold paragraphs and lists.
pub struct Note {
    /// Its DOM id (listed in the input's `aria-describedby`).
    pub id: String,
    /// Its classes (`help`, `note`, `help sf-hint` …).
    pub class: &'static str,
    /// What it says.
    pub body: AnyView,
}

/// One field: the label row, the control, the notes and the error, in a `div.field` that is
/// marked `invalid` while an error shows.
#[component]
pub fn FieldFrame(
    /// Ids and error of the field.
    aria: FieldAria,
    /// The label.
    #[prop(into)]
    label: String,
    /// The label's own id (a group of checkboxes is labelled by it).
    #[prop(optional, into)]
    label_id: Option<String>,
    /// Whether the required mark shows.
    #[prop(into)]
    required: Signal<bool>,
    /// The control is a group of inputs: the label is a plain `span.label`, not a
    /// `<label for>`.
    #[prop(optional)]
    group: bool,
    /// A checkbox or switch: the control comes before its label (`field-check`).
    #[prop(optional)]
    check: bool,
    /// Classes after `field` (a size).
    #[prop(optional)]
    class: &'static str,
    /// The field's key (`data-key`).
    #[prop(into)]
    key: String,
    /// Shown at the end of the label row.
    #[prop(optional)]
    badge: Option<AnyView>,
    /// Paragraphs below the control, in order.
    #[prop(optional)]
    notes: Vec<Note>,
    /// The input (or inputs).
    control: AnyView,
) -> impl IntoView {
    let error = aria.error;
    let mark = move || required.get().then(required_mark);
    // "Output Format *" from a catalog: the form adds its own mark, so the author's goes.
    let label = crate::model::layout::label_without_mark(&label).to_string();
    let label = if group {
        view! { <div class="label-row"><span class="label" id=label_id>{label}</span>{mark}{badge}</div> }
            .into_any()
    } else {
        view! { <div class="label-row"><label for=aria.id.clone() id=label_id>{label}</label>{mark}{badge}</div> }
            .into_any()
    };
    let classes = move || {
        let mut c = String::from("field");
        c.push_str(class);
        if check {
            c.push_str(" field-check");
        }
        if error.with(Option::is_some) {
            c.push_str(" invalid");
        }
        c
    };
    let notes = notes
        .into_iter()
        .map(|n| view! { <div class=n.class id=n.id>{n.body}</div> })
        .collect_view();
    view! {
        <div class=classes data-key=key>
            {if check { view! { {control} {label} }.into_any() } else { view! { {label} {control} }.into_any() }}
            {notes}
            {aria.error_line()}
        </div>
    }
}

/// A required one-line text input with its help (the name of a connector, profile or table):
/// typing a value clears its error.
#[component]
pub fn NameField(
    /// The DOM id of the input.
    #[prop(into)]
    id: String,
    /// The label.
    #[prop(into)]
    label: String,
    /// The value.
    value: RwSignal<String>,
    /// Its error.
    error: RwSignal<Option<String>>,
    /// Help text.
    #[prop(into)]
    help: String,
    /// Called on every edit.
    #[prop(optional)]
    on_edit: Option<Callback<()>>,
) -> impl IntoView {
    let help_id = format!("{id}-help");
    let aria = FieldAria::new(id.clone(), error).described_by(Some(help_id.clone()));
    let on_input = move |ev: ev::Event| {
        value.set(event_target_value(&ev));
        if !value.with_untracked(|v| v.trim().is_empty()) {
            error.set(None);
        }
        if let Some(cb) = on_edit {
            cb.run(());
        }
    };
    let control = view! {
        <input type="text" class="input" id=id use:live_value=Signal::derive(move || value.get()) on:input=on_input
            aria-required="true" autocomplete="off" spellcheck="false"
            aria-invalid=aria.invalid() aria-describedby=aria.describedby() />
    }
    .into_any();
    let notes = vec![Note {
        id: help_id,
        class: "help",
        body: help.into_any(),
    }];
    view! {
        <FieldFrame aria=aria label=label required=true key="name" notes=notes control=control/>
    }
}
