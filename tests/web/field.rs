//! The catalog-property form: every widget kind with its label, edits reaching the form
//! state, errors with `aria-invalid`/`aria-describedby`, conditions, edit mode.

use super::*;

fn field(key: &str, label: &str, widget: Widget, value_type: ValueType) -> Field {
    Field {
        key: key.into(),
        label: label.into(),
        help: format!("Help for {label}."),
        widget,
        value_type,
        default: None,
        server_placeholder: None,
        required: true,
        secret: false,
        group: "g".into(),
        order: 0,
        advanced: false,
        visible_when: vec![],
        immutable_after_create: false,
        readonly: false,
        placeholder: None,
        show_last: None,
        ..Default::default()
    }
}

fn connector(fields: Vec<Field>) -> ConnectorType {
    ConnectorType {
        id: "t".into(),
        name: "T".into(),
        description: String::new(),
        kind: ConnectorKind::Source,
        fields,
        groups: vec![Group {
            id: "g".into(),
            label: "G".into(),
        }],
        ..Default::default()
    }
}

/// Mounts every field of `ct` into a fresh container; returns the store and the container.
fn mount(ct: ConnectorType, mode: Mode) -> (FormStore, HtmlElement) {
    let doc = document();
    // Tests share one page: remove the previous test's DOM so ids stay unique.
    let old = doc.query_selector_all(".test-root").unwrap();
    for i in 0..old.length() {
        if let Some(n) = old.item(i) {
            n.unchecked_into::<web_sys::Element>().remove();
        }
    }
    let container: HtmlElement = doc.create_element("div").unwrap().unchecked_into();
    container.set_class_name("test-root");
    doc.body().unwrap().append_child(&container).unwrap();
    let values = initial_values(&ct);
    let n = ct.fields.len();
    let store = FormStore::new(ct, values, mode, String::new());
    let s2 = store.clone();
    let handle = leptos::mount::mount_to(container.clone(), move || {
        (0..n)
            .map(|i| view! { <FieldView store=s2.clone() idx=i/> })
            .collect_view()
    });
    handle.forget();
    (store, container)
}

async fn assert_error_shown(store: &FormStore, i: usize, message_part: &str) {
    store.check(i);
    tick().await;
    let id = store.dom_id(i);
    let el = document().get_element_by_id(&id).unwrap();
    let target = if el.get_attribute("aria-invalid").is_some() {
        el
    } else {
        el.closest("[aria-describedby]").unwrap().unwrap()
    };
    if target.tag_name() != "DIV" {
        assert_eq!(
            target.get_attribute("aria-invalid").as_deref(),
            Some("true"),
            "{id}"
        );
    }
    let described = target.get_attribute("aria-describedby").unwrap_or_default();
    let err_id = format!("{id}-err");
    assert!(
        described.split(' ').any(|d| d == err_id),
        "{id}: describedby={described}"
    );
    let err = document()
        .get_element_by_id(&err_id)
        .expect("error element");
    assert!(
        err.text_content().unwrap().contains(message_part),
        "{}",
        err.text_content().unwrap()
    );
}

#[wasm_bindgen_test]
async fn text_edits_and_required_error() {
    let (store, c) = mount(
        connector(vec![field("host", "Host", Widget::Text, ValueType::String)]),
        Mode::Create,
    );
    tick().await;
    assert_labelled(&c, "f0", "Host");
    let input: HtmlInputElement = by_id("f0");
    assert_eq!(
        input.get_attribute("aria-required").as_deref(),
        Some("true")
    );
    assert!(input
        .get_attribute("aria-describedby")
        .unwrap()
        .contains("f0-help"));
    assert_error_shown(&store, 0, "Host is required.").await;
    type_into(&input, "db.example.com");
    tick().await;
    assert_eq!(
        store.fields[0].value.get_untracked(),
        Input::Text("db.example.com".into())
    );
    assert_eq!(
        store.fields[0].error.get_untracked(),
        None,
        "fixing the value clears the error"
    );
    assert_eq!(
        input.get_attribute("aria-invalid").as_deref(),
        Some("false")
    );
}

#[wasm_bindgen_test]
async fn password_is_masked_with_a_reveal_toggle() {
    let mut f = field("pw", "Password", Widget::Password, ValueType::String);
    f.secret = true;
    let (store, c) = mount(connector(vec![f]), Mode::Create);
    tick().await;
    let input: HtmlInputElement = by_id("f0");
    assert_eq!(input.type_(), "password");
    let button: HtmlElement = c
        .query_selector("button[aria-controls='f0']")
        .unwrap()
        .unwrap()
        .unchecked_into();
    assert_eq!(
        button.get_attribute("aria-pressed").as_deref(),
        Some("false")
    );
    button.click();
    tick().await;
    assert_eq!(input.type_(), "text");
    assert_eq!(
        button.get_attribute("aria-pressed").as_deref(),
        Some("true")
    );
    type_into(&input, "hunter2");
    assert_eq!(
        store.fields[0].value.get_untracked(),
        Input::Text("hunter2".into())
    );
}

#[wasm_bindgen_test]
async fn textarea_has_rows_and_number_checks_parse_and_range() {
    let (store, c) = mount(
        connector(vec![
            field(
                "sql",
                "SQL",
                Widget::TextArea { rows: 7 },
                ValueType::String,
            ),
            field(
                "port",
                "Port",
                Widget::Number {
                    min: Some(1.0),
                    max: Some(65535.0),
                    integer: true,
                },
                ValueType::String,
            ),
        ]),
        Mode::Create,
    );
    tick().await;
    assert_labelled(&c, "f0", "SQL");
    let ta: HtmlTextAreaElement = by_id("f0");
    assert_eq!(ta.rows(), 7);
    ta.set_value("select 1");
    fire(&ta, "input");
    assert_eq!(
        store.fields[0].value.get_untracked(),
        Input::Text("select 1".into())
    );
    let port: HtmlInputElement = by_id("f1");
    assert_eq!(port.get_attribute("inputmode").as_deref(), Some("numeric"));
    type_into(&port, "99999");
    assert_error_shown(&store, 1, "between 1 and 65535").await;
    type_into(&port, "5x");
    assert_error_shown(&store, 1, "not a number").await;
}

#[wasm_bindgen_test]
async fn slider_range_and_exact_box_share_one_value() {
    let (store, c) = mount(
        connector(vec![field(
            "n",
            "Parallelism",
            Widget::Slider {
                min: 0.0,
                max: 10.0,
                step: 2.0,
            },
            ValueType::Integer,
        )]),
        Mode::Create,
    );
    tick().await;
    let range: HtmlInputElement = by_id("f0");
    assert_eq!(range.type_(), "range");
    assert_eq!(
        (range.min(), range.max(), range.step()),
        ("0".into(), "10".into(), "2".into())
    );
    type_into(&range, "6");
    tick().await;
    let exact: HtmlInputElement = c
        .query_selector(".slider-exact")
        .unwrap()
        .unwrap()
        .unchecked_into();
    assert_eq!(exact.value(), "6");
    type_into(&exact, "7");
    assert_error_shown(&store, 0, "steps of 2").await;
}

#[wasm_bindgen_test]
async fn toggle_and_checkbox_flip_booleans() {
    let (store, c) = mount(
        connector(vec![
            field("ssh.enabled", "SSH", Widget::Toggle, ValueType::Bool),
            field("x", "Strict", Widget::Checkbox, ValueType::Bool),
        ]),
        Mode::Create,
    );
    tick().await;
    assert_labelled(&c, "f0", "SSH");
    let toggle: HtmlInputElement = by_id("f0");
    assert_eq!(toggle.get_attribute("role").as_deref(), Some("switch"));
    toggle.click();
    tick().await;
    assert_eq!(store.fields[0].value.get_untracked(), Input::Bool(true));
    let check: HtmlInputElement = by_id("f1");
    assert_eq!(check.get_attribute("role"), None);
    check.click();
    assert_eq!(store.fields[1].value.get_untracked(), Input::Bool(true));
}

#[wasm_bindgen_test]
async fn select_offers_choices_with_labels_and_checks_membership() {
    let choices = vec![
        Choice {
            value: json!("json"),
            label: "JSON".into(),
        },
        Choice {
            value: json!(5000),
            label: "5 s".into(),
        },
    ];
    let (store, c) = mount(
        connector(vec![field(
            "fmt",
            "Format",
            Widget::Select { choices },
            ValueType::ChoiceValue,
        )]),
        Mode::Create,
    );
    tick().await;
    assert_labelled(&c, "f0", "Format");
    let select: HtmlSelectElement = by_id("f0");
    assert_eq!(
        select.options().length(),
        3,
        "an empty option plus two choices"
    );
    select.set_value("5000");
    fire(&select, "change");
    assert_eq!(
        store.fields[0].value.get_untracked(),
        Input::Text("5000".into())
    );
    select.set_value("");
    fire(&select, "change");
    assert_error_shown(&store, 0, "Format is required.").await;
}

#[wasm_bindgen_test]
async fn multi_select_checkboxes_and_free_entry_chips() {
    let choices = vec![
        Choice {
            value: json!("key"),
            label: "Key".into(),
        },
        Choice {
            value: json!("value"),
            label: "Value".into(),
        },
    ];
    let (store, c) = mount(
        connector(vec![
            field(
                "fields",
                "Fields",
                Widget::MultiSelect {
                    choices,
                    free_entry: false,
                },
                ValueType::List,
            ),
            field(
                "topics",
                "Topics",
                Widget::MultiSelect {
                    choices: vec![],
                    free_entry: true,
                },
                ValueType::List,
            ),
        ]),
        Mode::Create,
    );
    tick().await;
    let group = c.query_selector("[role='group']").unwrap().unwrap();
    assert_eq!(
        group.get_attribute("aria-labelledby").as_deref(),
        Some("f0-label")
    );
    let second: HtmlInputElement = by_id("f0-1");
    second.click();
    let first: HtmlInputElement = by_id("f0");
    first.click();
    assert_eq!(
        store.fields[0].value.get_untracked(),
        Input::List(vec!["key".into(), "value".into()]),
        "catalog order kept"
    );
    assert_error_shown(&store, 1, "Topics is required.").await;

    let entry: HtmlInputElement = by_id("f1");
    entry.set_value("orders, customers");
    fire(&entry, "input");
    let enter = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &{
        let init = web_sys::KeyboardEventInit::new();
        init.set_key("Enter");
        init
    })
    .unwrap();
    entry.dispatch_event(&enter).unwrap();
    tick().await;
    assert_eq!(
        store.fields[1].value.get_untracked(),
        Input::List(vec!["orders".into(), "customers".into()])
    );
    let chips = c.query_selector_all(".chip").unwrap().length();
    assert_eq!(chips, 2);
    let remove: HtmlElement = c
        .query_selector("button[aria-label='Remove orders']")
        .unwrap()
        .unwrap()
        .unchecked_into();
    remove.click();
    tick().await;
    assert_eq!(
        store.fields[1].value.get_untracked(),
        Input::List(vec!["customers".into()])
    );
}

#[wasm_bindgen_test]
async fn json_editor_reports_parse_errors_live_and_formats() {
    let (store, c) = mount(
        connector(vec![field(
            "j",
            "Settings",
            Widget::Json { rows: 5 },
            ValueType::String,
        )]),
        Mode::Create,
    );
    tick().await;
    let ta: HtmlTextAreaElement = by_id("f0");
    ta.set_value("{\"a\": 1,}");
    fire(&ta, "input");
    tick().await;
    assert!(c.text_content().unwrap().contains("Invalid JSON at line 1"));
    assert_error_shown(&store, 0, "Invalid JSON").await;
    ta.set_value("{\"a\":[1,2]}");
    fire(&ta, "input");
    tick().await;
    assert!(c.text_content().unwrap().contains("Valid JSON."));
    let format: HtmlElement = c
        .query_selector(".json-status button")
        .unwrap()
        .unwrap()
        .unchecked_into();
    format.click();
    tick().await;
    assert_eq!(ta.value(), "{\n  \"a\": [\n    1,\n    2\n  ]\n}");
}

#[wasm_bindgen_test]
async fn datetime_uses_the_native_picker_and_validates() {
    let (store, _c) = mount(
        connector(vec![field(
            "t",
            "Start",
            Widget::DateTime,
            ValueType::String,
        )]),
        Mode::Create,
    );
    tick().await;
    let input: HtmlInputElement = by_id("f0");
    assert_eq!(input.type_(), "datetime-local");
    input.set_value("2026-11-23T10:15");
    fire(&input, "input");
    assert_eq!(
        store.fields[0].value.get_untracked(),
        Input::Text("2026-11-23T10:15".into())
    );
    store.fields[0].value.set(Input::Text("someday".into()));
    assert_error_shown(&store, 0, "YYYY-MM-DDTHH:MM").await;
}

#[wasm_bindgen_test]
async fn file_and_unknown_kinds_render_as_text_with_notes() {
    let (store, c) = mount(
        connector(vec![
            field("cert", "Certificate", Widget::File, ValueType::String),
            field(
                "odd",
                "Odd",
                Widget::Unknown {
                    kind: "sparkline-picker".into(),
                },
                ValueType::String,
            ),
        ]),
        Mode::Create,
    );
    tick().await;
    let ta: HtmlTextAreaElement = by_id("f0");
    ta.set_value("-----BEGIN CERTIFICATE-----");
    fire(&ta, "input");
    assert_eq!(
        store.fields[0].value.get_untracked(),
        Input::Text("-----BEGIN CERTIFICATE-----".into())
    );
    assert!(c.query_selector("input[type='file']").unwrap().is_some());
    let odd: HtmlInputElement = by_id("f1");
    assert_eq!(odd.type_(), "text");
    let note = document().get_element_by_id("f1-note").expect("notice");
    assert!(note.text_content().unwrap().contains("“sparkline-picker”"));
    assert!(odd
        .get_attribute("aria-describedby")
        .unwrap()
        .contains("f1-note"));
}

#[wasm_bindgen_test]
async fn conditions_show_and_hide_fields_live() {
    let mut host = field("ssh.host", "SSH host", Widget::Text, ValueType::String);
    host.visible_when = vec![Condition {
        key: "ssh.enabled".into(),
        op: ConditionOp::Eq,
        value: Value::Bool(true),
    }];
    let (_store, _c) = mount(
        connector(vec![
            field("ssh.enabled", "SSH", Widget::Toggle, ValueType::Bool),
            host,
        ]),
        Mode::Create,
    );
    tick().await;
    assert!(document().get_element_by_id("f1").is_none());
    by_id::<HtmlInputElement>("f0").click();
    tick().await;
    assert!(document().get_element_by_id("f1").is_some());
    by_id::<HtmlInputElement>("f0").click();
    tick().await;
    assert!(document().get_element_by_id("f1").is_none());
}

#[wasm_bindgen_test]
async fn editing_locks_set_once_fields_and_explains_kept_secrets() {
    let mut slot = field("slot", "Slot", Widget::Text, ValueType::String);
    slot.immutable_after_create = true;
    let mut pw = field("pw", "Password", Widget::Password, ValueType::String);
    pw.secret = true;
    let mode = Mode::Edit {
        secrets_set: ["pw".to_string()].into_iter().collect(),
    };
    let (store, _c) = mount(connector(vec![slot, pw]), mode);
    tick().await;
    let slot_input: HtmlInputElement = by_id("f0");
    assert!(slot_input.read_only());
    assert!(document()
        .get_element_by_id("f0-note")
        .unwrap()
        .text_content()
        .unwrap()
        .contains("can't be changed"));
    let pw_input: HtmlInputElement = by_id("f1");
    assert_eq!(pw_input.placeholder(), "Set — unchanged");
    assert!(store.check(1), "a blank kept secret is not an error");
}
