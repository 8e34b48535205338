//! The JSON Schema form: every node kind, `oneOf` variants, rows, maps and chips, errors on
//! fields, typing that touches one field only, and every built-in and fixture schema.

use super::*;

use connector_console::components::schema_form::{SchemaForm, SchemaFormView};
use connector_console::schema::{default_value, parse_schema_str, VARIANT_KEY};

const EVERY_KIND: &str = r#"{
  "type": "object",
  "properties": {
    "host": {"type": "string", "title": "Host", "description": "Use `host:port`; see [docs](https://example.com/d) or <b>bold</b>", "examples": ["broker:9092"]},
    "sql": {"type": "string", "title": "Query", "maxLength": 5000},
    "token": {"type": "string", "title": "Token"},
    "mode": {"type": "string", "title": "Mode", "enum": ["fast", "safe"], "default": "safe"},
    "endpoint": {"type": "string", "title": "Endpoint", "format": "uri"},
    "user": {"type": "string", "title": "User", "format": "var-str"},
    "topic": {"type": "string", "title": "Topic", "format": "autocomplete"},
    "port": {"type": "integer", "title": "Port", "minimum": 1, "maximum": 65535, "default": 9092},
    "rate": {"type": "number", "title": "Rate"},
    "tls": {"type": "boolean", "title": "Use TLS"},
    "tags": {"type": "array", "title": "Tags", "items": {"type": "string"}, "uniqueItems": true},
    "levels": {"type": "array", "title": "Levels", "items": {"type": "string", "enum": ["debug", "info", "warn"]}},
    "headers": {"type": "array", "title": "Headers", "items": {"type": "object", "title": "Header",
        "properties": {"name": {"type": "string", "title": "Header name"}, "value": {"type": "string", "title": "Header value"}},
        "required": ["name"]}},
    "pool": {"type": "object", "title": "Pool", "properties": {"size": {"type": "integer", "title": "Pool size"}}},
    "props": {"type": "object", "title": "Properties", "additionalProperties": {"type": "string"}},
    "auth": {"title": "Authentication", "oneOf": [
        {"type": "object", "title": "None", "properties": {}, "additionalProperties": false},
        {"type": "object", "title": "SASL", "properties": {
            "protocol": {"type": "string", "title": "Protocol", "enum": ["SASL_PLAINTEXT", "SASL_SSL"], "default": "SASL_SSL"},
            "username": {"type": "string", "title": "Username"},
            "password": {"type": "string", "title": "Password"}},
         "required": ["protocol", "username", "password"], "sensitive": ["password"], "additionalProperties": false}
    ]},
    "old": {"type": "string", "title": "Old setting", "deprecated": true}
  },
  "required": ["host", "auth"],
  "sensitive": ["token"]
}"#;

fn mount_schema(schema: &str, value: Option<serde_json::Value>) -> (SchemaForm, HtmlElement) {
    let doc = document();
    let old = doc.query_selector_all(".test-root").unwrap();
    for i in 0..old.length() {
        if let Some(n) = old.item(i) {
            n.unchecked_into::<web_sys::Element>().remove();
        }
    }
    let container: HtmlElement = doc.create_element("div").unwrap().unchecked_into();
    container.set_class_name("test-root");
    doc.body().unwrap().append_child(&container).unwrap();
    let node = parse_schema_str(schema).unwrap();
    let start = value.unwrap_or_else(|| default_value(&node));
    let form = SchemaForm::new(node, &start, "sf-");
    let f2 = form.clone();
    let handle = leptos::mount::mount_to(
        container.clone(),
        move || view! { <SchemaFormView form=f2.clone()/> },
    );
    handle.forget();
    (form, container)
}

/// The control a `<label for>` with exactly this text points at.
fn control(c: &HtmlElement, label: &str) -> web_sys::Element {
    let labels = c.query_selector_all("label[for]").unwrap();
    for i in 0..labels.length() {
        let l: web_sys::Element = labels.item(i).unwrap().unchecked_into();
        if l.text_content()
            .unwrap_or_default()
            .trim()
            .trim_end_matches('*')
            .trim()
            == label
        {
            let id = l.get_attribute("for").unwrap();
            return document()
                .get_element_by_id(&id)
                .unwrap_or_else(|| panic!("label “{label}” points at missing #{id}"));
        }
    }
    panic!("no label “{label}”");
}

fn has_label(c: &HtmlElement, label: &str) -> bool {
    let labels = c.query_selector_all("label[for]").unwrap();
    (0..labels.length()).any(|i| {
        let l: web_sys::Element = labels.item(i).unwrap().unchecked_into();
        l.text_content()
            .unwrap_or_default()
            .trim()
            .trim_end_matches('*')
            .trim()
            == label
    })
}

/// The fieldset whose legend reads `legend`.
fn group(c: &HtmlElement, legend: &str) -> web_sys::Element {
    let sets = c.query_selector_all("fieldset").unwrap();
    for i in 0..sets.length() {
        let f: web_sys::Element = sets.item(i).unwrap().unchecked_into();
        let l = f.query_selector("legend").unwrap().unwrap();
        if l.text_content()
            .unwrap_or_default()
            .trim()
            .trim_end_matches('*')
            .trim()
            == legend
        {
            return f;
        }
    }
    panic!("no group “{legend}”");
}

fn radio(c: &HtmlElement, legend: &str, title: &str) -> HtmlInputElement {
    let g = group(c, legend);
    let labels = g.query_selector_all("label.choice").unwrap();
    for i in 0..labels.length() {
        let l: web_sys::Element = labels.item(i).unwrap().unchecked_into();
        if l.text_content().unwrap_or_default().trim() == title {
            return l.query_selector("input").unwrap().unwrap().unchecked_into();
        }
    }
    panic!("no variant “{title}” in “{legend}”");
}

fn button(c: &web_sys::Element, name: &str) -> HtmlElement {
    let bs = c.query_selector_all("button").unwrap();
    for i in 0..bs.length() {
        let b: HtmlElement = bs.item(i).unwrap().unchecked_into();
        let accessible = b
            .get_attribute("aria-label")
            .unwrap_or_else(|| b.text_content().unwrap_or_default());
        if accessible.trim() == name {
            return b;
        }
    }
    panic!("no button “{name}”");
}

#[wasm_bindgen_test]
async fn schema_form_renders_every_kind_with_labels() {
    let (form, c) = mount_schema(EVERY_KIND, None);
    tick().await;
    // Text with placeholder from examples, and the description as text with safe inline Markdown.
    let host: HtmlInputElement = control(&c, "Host").unchecked_into();
    assert_eq!(host.type_(), "text");
    assert_eq!(host.placeholder(), "broker:9092");
    assert_eq!(host.get_attribute("aria-required").as_deref(), Some("true"));
    let help_id = host.get_attribute("aria-describedby").unwrap();
    let help = document()
        .get_element_by_id(help_id.split(' ').next().unwrap())
        .unwrap();
    assert_eq!(
        help.query_selector("code")
            .unwrap()
            .unwrap()
            .text_content()
            .unwrap(),
        "host:port"
    );
    let link = help.query_selector("a").unwrap().unwrap();
    assert_eq!(
        link.get_attribute("href").as_deref(),
        Some("https://example.com/d")
    );
    // Allowlisted markup becomes DOM nodes (never `innerHTML`): `<b>` is rendered as strong.
    assert!(help.query_selector("b").unwrap().is_none());
    assert_eq!(
        help.query_selector("strong")
            .unwrap()
            .and_then(|s| s.text_content())
            .as_deref(),
        Some("bold")
    );
    // Long text → textarea; sensitive → password with Show; enum → select with its default.
    assert_eq!(control(&c, "Query").tag_name(), "TEXTAREA");
    let token: HtmlInputElement = control(&c, "Token").unchecked_into();
    assert_eq!(token.type_(), "password");
    button(&c, "Show Token").click();
    tick().await;
    assert_eq!(token.type_(), "text");
    let mode: HtmlSelectElement = control(&c, "Mode").unchecked_into();
    assert_eq!(mode.value(), "safe");
    assert_eq!(mode.options().length(), 3, "— None — plus two choices");
    // Formats say what they accept.
    let hint = |label: &str| {
        let el = control(&c, label);
        el.closest(".field")
            .unwrap()
            .unwrap()
            .text_content()
            .unwrap()
    };
    assert!(hint("Endpoint").contains("A URL such as"));
    assert!(hint("User").contains("{{ MY_VARIABLE }}"));
    assert!(hint("Topic").contains("Suggestions appear"));
    // Numbers with their range and default; a boolean switch.
    let port: HtmlInputElement = control(&c, "Port").unchecked_into();
    assert_eq!(port.value(), "9092");
    assert!(hint("Port").contains("from 1 to 65535"));
    assert_eq!(
        control(&c, "Rate").get_attribute("inputmode").as_deref(),
        Some("decimal")
    );
    let tls = control(&c, "Use TLS");
    assert_eq!(tls.get_attribute("role").as_deref(), Some("switch"));
    // Lists: chips for strings, checkboxes for enum strings (a labelled group).
    assert!(hint("Tags").contains("Each value at most once"));
    let levels = c
        .query_selector("[role=group][aria-labelledby]")
        .unwrap()
        .unwrap();
    assert_eq!(
        levels
            .query_selector_all("input[type=checkbox]")
            .unwrap()
            .length(),
        3
    );
    // Groups: rows, nested object, key-value map, oneOf.
    group(&c, "Headers");
    group(&c, "Pool");
    control(&c, "Pool size");
    assert!(c.text_content().unwrap().contains("Properties"));
    assert!(radio(&c, "Authentication", "None").checked());
    // Deprecated is hidden.
    assert!(!c.text_content().unwrap().contains("Old setting"));
    // The value holds the defaults, and the oneOf's choice.
    let v = form.raw_value();
    assert_eq!(v["mode"], json!("safe"));
    assert_eq!(v["port"], json!(9092));
    assert!(v["auth"].is_object());
}

#[wasm_bindgen_test]
async fn one_of_switches_reset_to_defaults_and_back() {
    let (form, c) = mount_schema(EVERY_KIND, None);
    tick().await;
    let sasl = radio(&c, "Authentication", "SASL");
    sasl.click();
    tick().await;
    assert!(sasl.checked());
    let protocol: HtmlSelectElement = control(&c, "Protocol").unchecked_into();
    assert_eq!(protocol.value(), "SASL_SSL", "the variant's default");
    type_into(&control(&c, "Username").unchecked_into(), "alice");
    type_into(&control(&c, "Password").unchecked_into(), "s3cret");
    assert_eq!(form.raw_value()["auth"]["username"], json!("alice"));
    assert_eq!(form.raw_value()["auth"][VARIANT_KEY], json!("SASL"));
    // Secrets never reach a draft; the sent value carries no bookkeeping.
    assert!(form.draft_value()["auth"].get("password").is_none());
    let sent = form.cleaned();
    assert!(sent["auth"].get(VARIANT_KEY).is_none());
    assert_eq!(sent["auth"]["password"], json!("s3cret"));
    // Away and back: the fields are gone, then start again from the defaults.
    radio(&c, "Authentication", "None").click();
    tick().await;
    assert!(c.query_selector_all("label[for]").unwrap().length() > 0);
    assert!(!has_label(&c, "Username"));
    assert_eq!(form.cleaned()["auth"], json!({}));
    radio(&c, "Authentication", "SASL").click();
    tick().await;
    let user: HtmlInputElement = control(&c, "Username").unchecked_into();
    assert_eq!(user.value(), "", "switching resets the variant's values");
    assert_eq!(
        control(&c, "Protocol")
            .unchecked_into::<HtmlSelectElement>()
            .value(),
        "SASL_SSL"
    );
}

#[wasm_bindgen_test]
async fn a_saved_config_opens_on_its_variant() {
    let saved = json!({"host": "h:1", "auth": {"protocol": "SASL_PLAINTEXT", "username": "bob"}, "extra_key": 7});
    let (form, c) = mount_schema(EVERY_KIND, Some(saved));
    tick().await;
    assert!(radio(&c, "Authentication", "SASL").checked());
    assert!(!radio(&c, "Authentication", "None").checked());
    assert_eq!(
        control(&c, "Username")
            .unchecked_into::<HtmlInputElement>()
            .value(),
        "bob"
    );
    assert_eq!(
        control(&c, "Protocol")
            .unchecked_into::<HtmlSelectElement>()
            .value(),
        "SASL_PLAINTEXT"
    );
    // Keys the schema does not describe survive.
    assert_eq!(form.cleaned()["extra_key"], json!(7));
}

#[wasm_bindgen_test]
async fn rows_of_objects_add_and_remove() {
    let (form, c) = mount_schema(EVERY_KIND, None);
    tick().await;
    let headers = group(&c, "Headers");
    button(&headers, "Add header to Headers").click();
    tick().await;
    button(&headers, "Add header to Headers").click();
    tick().await;
    let names = headers.query_selector_all("input").unwrap();
    assert_eq!(names.length(), 4, "two rows of two inputs");
    type_into(&names.item(0).unwrap().unchecked_into(), "X-One");
    type_into(&names.item(2).unwrap().unchecked_into(), "X-Two");
    assert_eq!(
        form.cleaned()["headers"],
        json!([{"name": "X-One"}, {"name": "X-Two"}])
    );
    button(&headers, "Remove Header 1").click();
    tick().await;
    assert_eq!(form.cleaned()["headers"], json!([{"name": "X-Two"}]));
    assert!(
        headers.text_content().unwrap().contains("Header 1"),
        "rows renumber"
    );
    // A row's own required field is checked at its place.
    button(&headers, "Add header to Headers").click();
    tick().await;
    let problems = form.check();
    assert!(problems
        .iter()
        .any(|p| p.label == "Header name" && p.message.contains("required")));
}

#[wasm_bindgen_test]
async fn key_value_editor_and_chips() {
    let (form, c) = mount_schema(EVERY_KIND, None);
    tick().await;
    button(&c, "Add entry to Properties").click();
    tick().await;
    let key: HtmlInputElement = c
        .query_selector("[aria-label='Properties: key 1']")
        .unwrap()
        .unwrap()
        .unchecked_into();
    type_into(&key, "socket.timeout.ms");
    tick().await;
    let value: HtmlInputElement = c
        .query_selector("[aria-label='Value of socket.timeout.ms']")
        .unwrap()
        .expect("the value input is named after its key")
        .unchecked_into();
    type_into(&value, "30000");
    assert_eq!(
        form.cleaned()["props"],
        json!({"socket.timeout.ms": "30000"})
    );
    // A repeated key is a problem at the map.
    button(&c, "Add entry to Properties").click();
    tick().await;
    let key2: HtmlInputElement = c
        .query_selector("[aria-label='Properties: key 2']")
        .unwrap()
        .unwrap()
        .unchecked_into();
    type_into(&key2, "socket.timeout.ms");
    let problems = form.check();
    assert!(
        problems
            .iter()
            .any(|p| p.message.contains("more than once")),
        "{problems:?}"
    );
    button(&c, "Remove socket.timeout.ms").click();
    tick().await;
    assert!(form
        .check()
        .iter()
        .all(|p| !p.message.contains("more than once")));
    // Chips: Enter adds, a repeat is refused in a unique list.
    let tags: HtmlInputElement = control(&c, "Tags").unchecked_into();
    for t in ["a", "b", "a"] {
        tags.set_value(t);
        fire(&tags, "input");
        let init = web_sys::KeyboardEventInit::new();
        init.set_key("Enter");
        let ev =
            web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
        tags.dispatch_event(&ev).unwrap();
        tick().await;
    }
    assert_eq!(form.cleaned()["tags"], json!(["a", "b"]));
    assert!(control(&c, "Tags")
        .closest(".field")
        .unwrap()
        .unwrap()
        .text_content()
        .unwrap()
        .contains("already in the list"));
}

#[wasm_bindgen_test]
async fn validation_errors_land_on_fields_with_aria() {
    let (form, c) = mount_schema(EVERY_KIND, None);
    tick().await;
    type_into(&control(&c, "Port").unchecked_into(), "70000");
    type_into(&control(&c, "Endpoint").unchecked_into(), "not a url");
    let problems = form.check();
    tick().await;
    let labels: Vec<&str> = problems.iter().map(|p| p.label.as_str()).collect();
    assert_eq!(labels, ["Host", "Endpoint", "Port"], "{problems:?}");
    for p in &problems {
        let el = document().get_element_by_id(&p.target).unwrap();
        assert_eq!(
            el.get_attribute("aria-invalid").as_deref(),
            Some("true"),
            "{}",
            p.label
        );
        let described = el.get_attribute("aria-describedby").unwrap();
        let err = described
            .split(' ')
            .filter_map(|id| document().get_element_by_id(id))
            .find(|e| e.class_name().contains("error"))
            .expect("the error is referenced");
        assert_eq!(
            err.text_content().unwrap().trim_start_matches('!'),
            p.message
        );
    }
    // Fixing a field clears its error as you type; the others stay.
    type_into(&control(&c, "Port").unchecked_into(), "9093");
    tick().await;
    assert_eq!(
        control(&c, "Port").get_attribute("aria-invalid").as_deref(),
        Some("false")
    );
    assert_eq!(
        control(&c, "Endpoint")
            .get_attribute("aria-invalid")
            .as_deref(),
        Some("true")
    );
    // Server errors (pointers into the config) land the same way, inside the chosen variant.
    radio(&c, "Authentication", "SASL").click();
    tick().await;
    let shown = form.show(&[connector_console::schema::SchemaError {
        pointer: "/auth/username".into(),
        message: "Unknown user.".into(),
    }]);
    tick().await;
    assert_eq!(shown[0].label, "Username");
    assert_eq!(
        control(&c, "Username")
            .get_attribute("aria-invalid")
            .as_deref(),
        Some("true")
    );
}

/// A field holds its value the moment it is in the page, not a microtask later: Leptos's
/// `prop:value` wrote values only after the whole form was in the document, and Chromium laid
/// the page out again for every one of those writes (a third of a 100-field form's first
/// render). `use:live_value` writes them while the form is built. Before it, every value below
/// read "" here.
#[wasm_bindgen_test]
async fn fields_hold_their_values_as_they_enter_the_page() {
    let node = parse_schema_str(EVERY_KIND).unwrap();
    let mut start = default_value(&node);
    start["host"] = json!("broker:9092");
    start["sql"] = json!("select 1");
    start["token"] = json!("t0ken");
    let (form, c) = mount_schema(EVERY_KIND, Some(start));
    // No tick: straight after mounting.
    let value = |label: &str| {
        let el = control(&c, label);
        el.dyn_ref::<HtmlInputElement>()
            .map(|i| i.value())
            .or_else(|| el.dyn_ref::<HtmlTextAreaElement>().map(|t| t.value()))
            .unwrap()
    };
    assert_eq!(value("Host"), "broker:9092");
    assert_eq!(value("Query"), "select 1");
    assert_eq!(value("Port"), "9092");
    assert_eq!(value("Token"), "t0ken", "a secret input too");
    // Typing is not written back over: the caret stays where the user put it. (Changes from
    // elsewhere reaching a field: the oneOf and slider tests.)
    let host: HtmlInputElement = control(&c, "Host").unchecked_into();
    host.set_value("broker:90921");
    host.set_selection_range(3, 3).unwrap();
    fire(&host, "input");
    tick().await;
    assert_eq!(form.raw_value()["host"], json!("broker:90921"));
    assert_eq!(host.selection_start().unwrap(), Some(3));
}

/// A large form (over 200 fields) shows its first screen of fields at once and adds the rest
/// after that screen has painted, in order; checking it before then brings every field in, so
/// every problem in the summary has its field.
#[wasm_bindgen_test]
async fn a_large_form_shows_its_first_screen_then_the_rest() {
    let n = 300;
    let props: serde_json::Map<String, Value> = (0..n)
        .map(|i| {
            (
                format!("f{i}"),
                json!({"type": "string", "title": format!("Field {i}")}),
            )
        })
        .collect();
    let schema =
        json!({"type": "object", "required": [format!("f{}", n - 1)], "properties": props})
            .to_string();
    let inputs = |c: &HtmlElement| c.query_selector_all("input").unwrap().length() as usize;
    let busy = |c: &HtmlElement| c.query_selector("[aria-busy='true']").unwrap().is_some();

    let (_form, c) = mount_schema(&schema, None);
    let first = inputs(&c);
    assert!(
        first > 10 && first < n,
        "the first screen only: {first} of {n}"
    );
    assert!(busy(&c), "the fields' container says it is not complete");
    for _ in 0..300 {
        if !busy(&c) {
            break;
        }
        connector_console::browser::sleep(10).await;
    }
    assert!(!busy(&c), "the rest came without anything asking for it");
    assert_eq!(inputs(&c), n);
    // In blocks of at most `BLOCK_FIELDS` (which carry `content-visibility`, not the fields): the
    // first screen's in one, each later chunk's in blocks of their own.
    let blocks = c.query_selector_all(".fields > .field-block").unwrap();
    let sizes: Vec<u32> = (0..blocks.length())
        .map(|i| {
            let b: web_sys::Element = blocks.item(i).unwrap().dyn_into().unwrap();
            b.child_element_count()
        })
        .collect();
    assert_eq!(sizes, [24, 40, 40, 40, 40, 40, 40, 36]);
    // A shorter block says so (its size before it is first shown is about its own).
    let class = |i: u32| {
        blocks
            .item(i)
            .unwrap()
            .dyn_into::<web_sys::Element>()
            .unwrap()
            .class_name()
    };
    assert_eq!(class(0), "field-block fb-30");
    assert_eq!(class(1), "field-block");
    assert_eq!(class(7), "field-block");
    assert!(sizes
        .iter()
        .all(|&s| s as usize <= connector_console::ui::BLOCK_FIELDS));
    // A form that is not large has no blocks.
    let (_small, small) = mount_schema(EVERY_KIND, None);
    tick().await;
    assert_eq!(
        small.query_selector_all(".field-block").unwrap().length(),
        0
    );
    let labels = c.query_selector_all("label[for]").unwrap();
    for i in 0..labels.length() {
        let l = labels.item(i).unwrap().text_content().unwrap_or_default();
        assert_eq!(
            l.trim_end_matches('*').trim(),
            format!("Field {i}"),
            "in order"
        );
    }

    // Checked straight after mounting: the field of every problem is brought in.
    let (form, c) = mount_schema(&schema, None);
    assert!(inputs(&c) < n);
    let problems = form.check();
    assert_eq!(problems.len(), 1);
    tick().await;
    assert_eq!(inputs(&c), n);
    assert!(!busy(&c));
    let last = by_id::<HtmlInputElement>(&problems[0].target);
    assert_eq!(last.get_attribute("aria-invalid").as_deref(), Some("true"));
}

#[wasm_bindgen_test]
async fn typing_in_one_field_changes_no_other_field() {
    let (_form, c) = mount_schema(EVERY_KIND, None);
    tick().await;
    let observe = js_sys::Function::new_with_args(
        "root",
        "window.__muts = []; const o = new MutationObserver(ms => { for (const m of ms) window.__muts.push(m.target.nodeType === 1 ? m.target : m.target.parentElement); }); o.observe(root, {subtree: true, childList: true, attributes: true, characterData: true}); return o;",
    );
    let observer = observe.call1(&wasm_bindgen::JsValue::NULL, &c).unwrap();
    let host: HtmlInputElement = control(&c, "Host").unchecked_into();
    for text in ["b", "br", "bro"] {
        type_into(&host, text);
        tick().await;
    }
    let field = host.closest(".field").unwrap().unwrap();
    let muts = js_sys::Reflect::get(&window(), &"__muts".into()).unwrap();
    let muts: js_sys::Array = muts.unchecked_into();
    for m in muts.iter() {
        let el: web_sys::Element = m.unchecked_into();
        assert!(
            field.contains(Some(&el)),
            "a change outside the field: {}",
            el.outer_html()
        );
    }
    let disconnect: js_sys::Function = js_sys::Reflect::get(&observer, &"disconnect".into())
        .unwrap()
        .unchecked_into();
    disconnect.call0(&observer).unwrap();
}

/// Every label of a mounted schema form points at a control that exists, and checking the
/// untouched form reports problems only at fields that exist.
async fn assert_form_is_whole(schema_text: &str, what: &str) {
    let (form, c) = mount_schema(schema_text, None);
    tick().await;
    let labels = c.query_selector_all("label[for]").unwrap();
    for i in 0..labels.length() {
        let l: web_sys::Element = labels.item(i).unwrap().unchecked_into();
        let id = l.get_attribute("for").unwrap();
        assert!(
            document().get_element_by_id(&id).is_some(),
            "{what}: label “{}” points at missing #{id}",
            l.text_content().unwrap_or_default()
        );
    }
    for p in form.check() {
        assert!(
            document().get_element_by_id(&p.target).is_some(),
            "{what}: problem “{}” targets missing #{}",
            p.message,
            p.target
        );
    }
    tick().await;
}

#[wasm_bindgen_test]
async fn every_built_in_and_fixture_schema_renders_whole() {
    use connector_console::http::{HttpRequest, Method};
    use connector_console::vendor::Simulator;
    use connector_console::vendors::laminar::sim::LaminarSim;
    use connector_console::vendors::laminar::wire::parse_connectors;
    let mut texts: Vec<(String, String)> = Vec::new();
    for arroyo in [false, true] {
        let mut sim = LaminarSim::new();
        sim.arroyo_variant(arroyo);
        let body = sim
            .handle(&HttpRequest::new(Method::Get, "/api/v1/connectors"), 0.0)
            .body;
        let raw: Value = serde_json::from_str(&body).unwrap();
        let cat = parse_connectors(&body).unwrap();
        assert!(!cat.connectors.is_empty());
        // Re-serialize each schema's source text from the raw catalog (strings or objects).
        for item in raw["data"].as_array().unwrap() {
            let id = item["id"].as_str().unwrap();
            let mut schemas: Vec<Value> = Vec::new();
            for key in ["tableConfig", "connectionConfig"] {
                if let Some(Value::String(s)) = item.get(key) {
                    schemas.push(serde_json::from_str(s).unwrap());
                }
            }
            if let Some(Value::Object(m)) = item.get("configuration_schema") {
                schemas.extend(m.values().cloned());
            }
            for (n, s) in schemas.into_iter().enumerate() {
                texts.push((format!("{id}#{n} (arroyo: {arroyo})"), s.to_string()));
            }
        }
    }
    texts.push((
        "fixture broker.profile".into(),
        include_str!("../fixtures/laminar/broker.profile.json").into(),
    ));
    texts.push((
        "fixture stream.table".into(),
        include_str!("../fixtures/laminar/stream.table.json").into(),
    ));
    assert!(texts.len() >= 12, "{}", texts.len());
    for (what, text) in texts {
        assert_form_is_whole(&text, &what).await;
    }
}

/// Issue 12.2: every vendor's secret marker masks the field, multi-line secrets included; the
/// title's own `*` is not doubled; an optional object can be cleared and added back.
#[wasm_bindgen_test]
async fn airbyte_secrets_are_masked_even_multi_line() {
    let schema = r#"{
      "type": "object",
      "required": ["access_key_id"],
      "properties": {
        "access_key_id": {"type": "string", "title": "S3 Key ID *", "airbyte_secret": true},
        "client_key": {"type": "string", "title": "Client key", "airbyte_secret": true, "format": "textarea"},
        "retention": {"type": "object", "title": "Retention", "properties": {"hours": {"type": "integer", "title": "Hours", "default": 24}}},
        "auth": {"title": "Auth", "oneOf": [
          {"title": "Key", "type": "object", "properties": {"type": {"const": "key", "title": "Type"}, "key": {"type": "string", "title": "Key value"}}},
          {"title": "None", "type": "object", "properties": {"type": {"const": "none", "title": "Type"}}}
        ]}
      }
    }"#;
    let (form, c) = mount_schema(schema, None);
    tick().await;
    let key: HtmlInputElement = control(&c, "S3 Key ID").unchecked_into();
    assert_eq!(key.type_(), "password");
    let label = c.query_selector("label[for]").unwrap().unwrap();
    assert_eq!(
        label.text_content().unwrap().matches('*').count(),
        0,
        "the label keeps no own mark"
    );
    // A `const` discriminator is implied by the chosen variant: sent, not shown.
    assert!(!has_label(&c, "Type"), "no one-option select for a const");
    assert_eq!(form.cleaned()["auth"]["type"], serde_json::json!("key"));
    let pem = control(&c, "Client key");
    assert_eq!(pem.tag_name(), "TEXTAREA");
    assert!(pem.class_list().contains("masked"));
    button(&c.clone().unchecked_into(), "Show Client key").click();
    tick().await;
    assert!(!control(&c, "Client key").class_list().contains("masked"));
    // Clear the optional object: it is not sent; add it back: its values return.
    assert_eq!(form.cleaned()["retention"]["hours"], serde_json::json!(24));
    button(&group(&c, "Retention"), "Clear Retention").click();
    tick().await;
    assert!(
        form.cleaned().get("retention").is_none(),
        "{}",
        form.cleaned()
    );
    button(&group(&c, "Retention"), "Add Retention").click();
    tick().await;
    assert_eq!(form.cleaned()["retention"]["hours"], serde_json::json!(24));
}
