//! The generated form: the name field, one section per group with an "Advanced" disclosure,
//! an error summary, and the submit bar.

use leptos::ev;
use leptos::prelude::*;

use super::field::FieldView;
use super::frame::NameField;
use super::store::FormStore;
use super::ErrorBanner;
use crate::http::ApiError;
use crate::model::form::{validate, FieldError};
use crate::ui::{field_blocks, live_value, Chunks};

/// One line of the error summary.
#[derive(Clone, Debug, PartialEq)]
pub struct SummaryItem {
    /// The DOM id of the input to focus.
    pub target: String,
    /// The field's label.
    pub label: String,
    /// The problem.
    pub message: String,
    /// Field index (None for the name).
    pub idx: Option<usize>,
}

/// Validates every visible field and the name, shows the errors at their fields and returns
/// the summary (empty when all is well).
pub fn check_all(store: &FormStore) -> Vec<SummaryItem> {
    let values = store.values_untracked();
    let mut errors: Vec<FieldError> = Vec::new();
    if store.name.get_untracked().trim().is_empty() {
        errors.push(FieldError {
            key: "name".into(),
            message: "Name is required.".into(),
        });
    }
    errors.extend(validate(&store.effective_type(), &values, &store.mode));
    store.show_errors(&errors);
    summarize(store, &errors)
}

/// Turns field errors into summary items in display order.
pub fn summarize(store: &FormStore, errors: &[FieldError]) -> Vec<SummaryItem> {
    errors
        .iter()
        .filter_map(|e| {
            if e.key == "name" {
                return Some(SummaryItem {
                    target: store.name_id(),
                    label: "Name".into(),
                    message: e.message.clone(),
                    idx: None,
                });
            }
            let i = store.index_of(&e.key)?;
            Some(SummaryItem {
                target: store.dom_id(i),
                label: store.ct.fields[i].label.clone(),
                message: e.message.clone(),
                idx: Some(i),
            })
        })
        .collect()
}

/// Moves focus to a field, opening its "Advanced" section first if needed.
pub fn focus_item(store: &FormStore, item: &SummaryItem) {
    if let Some(i) = item.idx {
        store.reveal(i);
    }
    let target = item.target.clone();
    // Let the disclosure open (and the field render) before focusing.
    request_animation_frame(move || {
        if let Some(el) = crate::ui::by_id(&target) {
            // Centred: never under the sticky action bar at the bottom.
            let opts = web_sys::ScrollIntoViewOptions::new();
            opts.set_block(web_sys::ScrollLogicalPosition::Center);
            el.scroll_into_view_with_scroll_into_view_options(&opts);
            if let Ok(el) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(el) {
                let _ = el.focus();
            }
        }
    });
}

/// The generated form.
#[component]
pub fn DynamicForm(
    /// The form state.
    store: FormStore,
    /// Problems from the last submit (shown as a summary with links).
    summary: RwSignal<Vec<SummaryItem>>,
    /// The last server or network error, shown as a banner.
    banner: RwSignal<Option<ApiError>>,
    /// True while the request is in flight: submit is disabled.
    #[prop(into)]
    busy: Signal<bool>,
    /// Text of the submit button.
    submit_label: &'static str,
    /// Text of the submit button while busy.
    busy_label: &'static str,
    /// Called on submit (after the caller's own checks).
    on_submit: Callback<()>,
    /// Called by the banner's "Try again".
    on_retry: Callback<()>,
    /// Where "Cancel" goes.
    cancel_href: String,
) -> impl IntoView {
    let ct = store.ct.clone();
    let name = store.name;
    let name_error = store.name_error;
    // Sections as `model::layout` decides: blank groups in "General", no empty cards, required
    // and secret fields never under "Advanced", the name inside the plugin's own "Connector".
    let (layout, name_in) = crate::model::layout::layout(&ct);
    let name_id = store.name_id();
    let changes = store.changes;
    let name_field = move || {
        view! {
            <NameField id=name_id.clone() label="Name" value=name error=name_error
                help="A unique name for this connector." on_edit=Callback::new(move |_| changes.update(|n| *n += 1))/>
        }
    };
    // A large form shows its first screen of fields at once; the rest of each section (and
    // every "Advanced" field) is let in a chunk per task after that screen has painted.
    let large = ct.fields.len() > crate::ui::LARGE_FORM_FIELDS;
    let later = Chunks::new();
    let mut placed = 0usize;
    let mut chunk_count = 0usize;
    // A section's fields: all at once, or those of the first screen and then chunks.
    let mut fields_of = |ids: Vec<usize>, first_screen: bool| -> (AnyView, Option<usize>) {
        if !large {
            return (field_views(&store, &ids).into_any(), None);
        }
        let now = if first_screen {
            crate::ui::FIRST_SCREEN_FIELDS
                .saturating_sub(placed)
                .min(ids.len())
        } else {
            0
        };
        placed += now;
        let first = field_blocks(0..now, |r| field_views(&store, &ids[r]).into_any());
        let mut last = None;
        let rest = ids[now..]
            .chunks(crate::ui::CHUNK_FIELDS)
            .map(|chunk| {
                let on = later.gate(chunk_count);
                last = Some(chunk_count);
                chunk_count += 1;
                let (chunk, store) = (chunk.to_vec(), store.clone());
                move || {
                    on.get().then(|| {
                        field_blocks(0..chunk.len(), |r| {
                            field_views(&store, &chunk[r]).into_any()
                        })
                    })
                }
            })
            .collect_view();
        (view! { {first}{rest} }.into_any(), last)
    };
    let sections = layout
        .into_iter()
        .enumerate()
        .map(|(at, sec)| {
            let heading_id = store.id(&format!("group-{}", sec.id));
            let open = store
                .advanced_open
                .get(&sec.id)
                .copied()
                .unwrap_or_else(|| RwSignal::new(false));
            // A field with an error is never left hidden under a closed "Advanced".
            let adv_errors: Vec<RwSignal<Option<String>>> = sec
                .advanced
                .iter()
                .map(|&i| store.fields[i].error)
                .collect();
            Effect::new(move |_| {
                let has_error = adv_errors.iter().any(|e| e.with(Option::is_some));
                if has_error && !open.get_untracked() {
                    open.set(true);
                }
            });
            let (basic_views, basic_last) = fields_of(sec.basic, true);
            let n_adv = sec.advanced.len();
            let (views, adv_last) = fields_of(sec.advanced, false);
            // Busy until its last chunk is in.
            let last = adv_last.or(basic_last);
            let busy = move || last.is_some_and(|l| later.pending(l)).then_some("true");
            let adv_view = (n_adv > 0).then(|| {
                view! {
                    <details class="advanced" prop:open=move || open.get()
                        on:toggle=move |e: ev::Event| {
                            let now_open = event_target::<web_sys::HtmlDetailsElement>(&e).open();
                            if now_open != open.get_untracked() { open.set(now_open); }
                        }>
                        <summary>{format!("Advanced ({n_adv})")}</summary>
                        <div class="fields">{views}</div>
                    </details>
                }
            });
            let labelledby = heading_id.clone();
            let name_here = (name_in == Some(at)).then(name_field.clone());
            view! {
                <section class="form-section" aria-labelledby=labelledby aria-busy=busy>
                    <h2 id=heading_id>{sec.label.clone()}</h2>
                    <div class="fields">{name_here}{basic_views}</div>
                    {adv_view}
                </section>
            }
        })
        .collect_view();

    if chunk_count > 0 {
        later.start(chunk_count, || {
            crate::browser::perf_mark("cc-form-complete")
        });
    }
    // Every field with an error is in the page, to be focused from the summary.
    Effect::new(move |_| {
        if !summary.with(Vec::is_empty) {
            later.all();
        }
    });
    let store_summary = store.clone();
    let summary_id = store.id("error-summary");
    let group_name_id = store.id("group-name");
    let submit = move |e: ev::SubmitEvent| {
        e.prevent_default();
        on_submit.run(());
    };
    view! {
        <form class="connector-form" class:large-form=large novalidate on:submit=submit aria-busy=move || busy.get().to_string()>
            <ErrorBanner error=banner on_retry=on_retry/>
            <Show when=move || !summary.with(Vec::is_empty)>
                <div class="summary" role="alert" id=summary_id.clone()>
                    <h2>{move || {
                        let n = summary.with(Vec::len);
                        format!("{n} {} to fix before saving", if n == 1 { "problem" } else { "problems" })
                    }}</h2>
                    <ul>
                        {
                            let store = store_summary.clone();
                            move || summary.get().into_iter().map(|item| {
                                let store = store.clone();
                                let it = item.clone();
                                view! {
                                    <li><a href=format!("#{}", item.target) on:click=move |e| {
                                        e.prevent_default();
                                        focus_item(&store, &it);
                                    }>{item.label.clone()}": "{item.message.clone()}</a></li>
                                }
                            }).collect_view()
                        }
                    </ul>
                </div>
            </Show>
            {name_in.is_none().then(|| view! {
                <section class="form-section" aria-labelledby=group_name_id.clone()>
                    <h2 id=group_name_id.clone()>"Connector"</h2>
                    <div class="fields">{name_field()}</div>
                </section>
            })}
            {sections}
            {(store.ct.form == crate::model::catalog::FormSource::Validate).then(|| view! { <OtherProperties store=store.clone()/> })}
            <div class="form-actions">
                <button type="submit" class="btn btn-primary" disabled=move || busy.get()>
                    {move || if busy.get() { busy_label } else { submit_label }}
                </button>
                <a class="btn" href=cancel_href>"Cancel"</a>
            </div>
        </form>
    }
}

/// The fields `ids` of the form, in order.
fn field_views(store: &FormStore, ids: &[usize]) -> impl IntoView {
    ids.iter()
        .map(|&i| view! { <FieldView store=store.clone() idx=i/> })
        .collect_view()
}

/// "Other properties": config keys the plugin's definitions do not list (converters,
/// transforms, client overrides, `${provider:path:key}` references). They are kept through an
/// edit and sent back as they are.
#[component]
pub fn OtherProperties(
    /// The form state.
    store: FormStore,
) -> impl IntoView {
    let other = store.other;
    let heading = store.id("other-h");
    let add = move |_| {
        other.update(|rows| {
            let id = rows.iter().map(|(id, _, _)| *id + 1).max().unwrap_or(0);
            rows.push((id, String::new(), String::new()));
        })
    };
    view! {
        <section class="form-section" aria-labelledby=heading.clone()>
            <h2 id=heading.clone()>"Other properties"</h2>
            <p class="help">"Keys the plugin does not describe (converters, transforms, overrides). They are kept and sent as written."</p>
            <div class="kv-list">
                <For each=move || other.get() key=|(id, _, _)| *id let:row>
                    {
                        let id = row.0;
                        let set = move |key: Option<String>, value: Option<String>| {
                            other.update(|rows| {
                                if let Some(r) = rows.iter_mut().find(|r| r.0 == id) {
                                    if let Some(k) = key { r.1 = k; }
                                    if let Some(v) = value { r.2 = v; }
                                }
                            })
                        };
                        let (k0, v0) = (row.1.clone(), row.2.clone());
                        // Labels follow the key as it is typed.
                        let label = move || {
                            other.with(|rows| {
                                rows.iter()
                                    .find(|r| r.0 == id)
                                    .map(|r| r.1.trim().to_string())
                                    .filter(|k| !k.is_empty())
                                    .unwrap_or_else(|| "new property".into())
                            })
                        };
                        let k_attr = k0.clone();
                        view! {
                            <div class="kv-row" data-other-key=k_attr>
                                <input class="input mono" aria-label="Property key" use:live_value=Signal::stored(k0)
                                    on:change=move |e| set(Some(event_target_value(&e)), None) />
                                <input class="input mono" aria-label=move || format!("Value of {}", label()) use:live_value=Signal::stored(v0)
                                    on:change=move |e| set(None, Some(event_target_value(&e))) />
                                <button type="button" class="btn btn-small" aria-label=move || format!("Remove {}", label())
                                    on:click=move |_| other.update(|rows| rows.retain(|r| r.0 != id))>"Remove"</button>
                            </div>
                        }
                    }
                </For>
            </div>
            <p><button type="button" class="btn btn-small" on:click=add>"Add property"</button></p>
        </section>
    }
}
