//! A connector's configuration as raw JSON: exported for viewing, editing or download (never
//! with secrets), and imported back into the form from edited text or an uploaded file.

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use crate::model::catalog::{value_to_text, ConnectorType};
use crate::model::form::{initial_input, input_from_value, is_masked, json_error, Input, Values};

/// The configuration to show or download: `sent` (what the form would send) without any
/// secret, by the [secret policy](crate::secret) — the catalog's secret fields, keys that name
/// credentials, texts that carry one and masked values — except references, which are kept.
/// Returns it with the keys left out, sorted.
pub fn export(ct: &ConnectorType, sent: &Map<String, Value>) -> (Map<String, Value>, Vec<String>) {
    let secret_fields = ct.secret_keys();
    crate::secret::scrub_flat(sent, |k| secret_fields.contains(k))
}

/// The form state an imported configuration gives.
#[derive(Clone, Debug, PartialEq)]
pub struct Imported {
    /// The connector name, when the document carries one.
    pub name: Option<String>,
    /// Every field's new input.
    pub values: Values,
    /// Keys the connector's fields do not list, with their values as text, in document order.
    pub unknown: Vec<(String, String)>,
    /// Secret fields not in the document (or masked there): they keep what was typed.
    pub secrets_kept: Vec<String>,
}

/// Reads a configuration document into form inputs. Accepts the bare config object or a
/// `{"name": …, "config": {…}}` wrapper (the create bodies of the APIs). Fields the document
/// gives take its value; fields it leaves out go back to their default (so the document
/// describes the whole config), except secret fields, which keep what was typed — an export
/// never contains them. Keys in `fixed` (set by the form itself, such as `connector.class`) are
/// ignored; a top-level `name` that is no field becomes the connector name.
pub fn import(
    ct: &ConnectorType,
    current: &Values,
    fixed: &BTreeSet<String>,
    text: &str,
) -> Result<Imported, String> {
    if let Some(e) = json_error(text) {
        return Err(e);
    }
    let doc: Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
    let Value::Object(mut root) = doc else {
        return Err("The configuration must be a JSON object of keys and values.".into());
    };
    let is_field = |k: &str| ct.fields.iter().any(|f| f.key == k);
    let mut name = None;
    if !is_field("config") {
        if let Some(Value::Object(inner)) = root.get("config").cloned() {
            name = root.get("name").and_then(Value::as_str).map(str::to_string);
            root = inner;
        }
    }
    if !is_field("name") || fixed.contains("name") {
        if let Some(n) = root.get("name").and_then(Value::as_str) {
            name = Some(n.to_string());
        }
    }
    let mut values = Values::new();
    let mut secrets_kept = Vec::new();
    for f in &ct.fields {
        let given = root.get(&f.key).filter(|v| !(f.secret && is_masked(v)));
        let input = match given {
            Some(v) => input_from_value(f, v),
            None if f.secret => {
                secrets_kept.push(f.key.clone());
                current
                    .get(&f.key)
                    .cloned()
                    .unwrap_or_else(|| initial_input(f))
            }
            None => initial_input(f),
        };
        values.insert(f.key.clone(), input);
    }
    let unknown = root
        .iter()
        .filter(|(k, _)| !is_field(k) && k.as_str() != "name" && !fixed.contains(k.as_str()))
        .map(|(k, v)| (k.clone(), value_to_text(v)))
        .collect();
    Ok(Imported {
        name,
        values,
        unknown,
        secrets_kept,
    })
}

/// How many fields an import changes, for the message after applying it.
pub fn changed_count(before: &Values, after: &Values) -> usize {
    after
        .iter()
        .filter(|(k, v)| before.get(*k) != Some(*v))
        .count()
}

/// The text of an input, for tests and messages.
pub fn input_text(input: &Input) -> String {
    match input {
        Input::Text(s) => s.clone(),
        Input::Bool(b) => b.to_string(),
        Input::List(items) => items.join(","),
    }
}
