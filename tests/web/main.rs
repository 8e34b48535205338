//! Browser tests (wasm-bindgen-test, headless Chromium): every widget renders with its label,
//! edits flow into the form state, and errors show at the field with the right ARIA.
//! Run: `CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown --test web`.
#![cfg(target_arch = "wasm32")]

use connector_console::components::field::FieldView;
use connector_console::components::store::FormStore;
use connector_console::model::catalog::{
    Choice, Condition, ConditionOp, ConnectorKind, ConnectorType, Field, Group, ValueType, Widget,
};
use connector_console::model::form::{initial_values, Input, Mode};
use leptos::prelude::*;
use serde_json::{json, Value};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{HtmlElement, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};

wasm_bindgen_test_configure!(run_in_browser);

mod field;
mod memory;
mod rich_text;
mod schema_form;
mod simulated;
mod static_vec;

pub(crate) async fn tick() {
    connector_console::browser::sleep(0).await;
}

pub(crate) fn by_id<T: JsCast>(id: &str) -> T {
    document()
        .get_element_by_id(id)
        .unwrap_or_else(|| panic!("no #{id}"))
        .dyn_into::<T>()
        .unwrap_or_else(|_| panic!("#{id} has another type"))
}

pub(crate) fn fire(el: &web_sys::Element, kind: &str) {
    let ev = web_sys::Event::new(kind).unwrap();
    el.dispatch_event(&ev).unwrap();
}

pub(crate) fn type_into(input: &HtmlInputElement, text: &str) {
    input.set_value(text);
    fire(input, "input");
}

/// The label for `id` exists and reads `text`; help is referenced by aria-describedby.
pub(crate) fn assert_labelled(container: &HtmlElement, id: &str, text: &str) {
    let label = container
        .query_selector(&format!("label[for='{id}'], #{id}-label"))
        .unwrap()
        .unwrap_or_else(|| panic!("no label for {id}"));
    assert_eq!(label.text_content().unwrap(), text);
}
