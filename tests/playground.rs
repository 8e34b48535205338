//! The Playground reads what users paste: JSON Schemas, Streamkap property lists (both shapes
//! the catalog uses) and Kafka Connect validate answers, over our own real-shaped fixtures;
//! anything else gets a message that says what was expected, and bad JSON says where.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::*;
use connector_console::model::form::{encode, initial_values};
use connector_console::model::playground::{read, Definition, MAX_BYTES};
use connector_console::schema::NodeKind;
use connector_console::vendor::{FormInput, Pasted};
use connector_console::vendors::VENDORS;
use serde_json::{json, Map, Value};

fn connector(d: Definition) -> (Pasted, &'static str) {
    match d {
        Definition::Connector { pasted, vendor } => (*pasted, vendor),
        Definition::Schema(_) => panic!("read as a JSON Schema"),
    }
}

#[test]
fn a_json_schema_is_read_as_one() {
    let text = json!({
        "type": "object",
        "required": ["host"],
        "properties": {
            "host": {"type": "string", "title": "Host"},
            "port": {"type": "integer", "default": 5432}
        }
    })
    .to_string();
    let d = read(&text, VENDORS).unwrap();
    assert_eq!(d.describe(), "JSON Schema");
    let Definition::Schema(node) = d else {
        panic!("not a schema")
    };
    let NodeKind::Object { properties, .. } = &node.kind else {
        panic!("not an object")
    };
    assert_eq!(properties.len(), 2);
}

#[test]
fn a_schema_with_only_combinators_or_refs_is_a_schema() {
    for text in [
        r##"{"oneOf":[{"type":"string"},{"type":"integer"}]}"##,
        r##"{"$ref":"#/$defs/a","$defs":{"a":{"type":"string"}}}"##,
    ] {
        assert!(
            matches!(read(text, VENDORS), Ok(Definition::Schema(_))),
            "{text}"
        );
    }
}

#[test]
fn a_streamkap_catalog_entry_in_either_shape_is_a_streamkap_definition() {
    // The object shape: {connector, display_name, description, config: [...]}.
    let catalog: Value =
        serde_json::from_str(&fixture("streamkap/catalog-object-shape.json")).unwrap();
    let (_, entry) = catalog.as_object().unwrap().iter().next().unwrap();
    let (p, vendor) = connector(read(&entry.to_string(), VENDORS).unwrap());
    assert_eq!(vendor, "Streamkap");
    assert!(!p.ct.fields.is_empty());
    assert!(p.validation.is_none());
    // Its encoding is the catalog forms' (flat keys, typed values).
    let values = initial_values(&p.ct);
    let sent = (p.encode)(&input(&p, &values));
    assert_eq!(sent, encode(&p.ct, &values));

    // The array shape: just the property list.
    let catalog: Value =
        serde_json::from_str(&fixture("streamkap/catalog-array-shape.json")).unwrap();
    let (_, entry) = catalog.as_object().unwrap().iter().next().unwrap();
    assert!(entry.is_array());
    let (p, _) = connector(read(&entry.to_string(), VENDORS).unwrap());
    assert!(!p.ct.fields.is_empty());
}

#[test]
fn unreadable_streamkap_properties_are_notes_not_failures() {
    let text = json!([
        {"name": "database.hostname", "user_defined": true, "display_name": "Hostname",
         "required": true, "value": {"control": "string"}},
        {"name": "broken", "user_defined": true, "value": "not an object"}
    ])
    .to_string();
    let (p, _) = connector(read(&text, VENDORS).unwrap());
    assert!(p.ct.field("database.hostname").is_some());
    assert_eq!(p.notes.len(), 1, "{:?}", p.notes);
    assert!(p.notes[0].contains("broken"), "{:?}", p.notes);
}

#[test]
fn a_kafka_connect_validate_answer_keeps_its_values_and_errors() {
    let text = fixture("kafka-connect/validate-jdbc-sink.json");
    let d = read(&text, VENDORS).unwrap();
    assert_eq!(d.describe(), "Kafka Connect connector definition");
    let (p, _) = connector(d);
    assert_eq!(p.ct.id, "io.confluent.connect.jdbc.JdbcSinkConnector");
    assert_eq!(p.ct.name, "Jdbc Sink");
    assert_eq!(
        p.ct.kind,
        connector_console::model::catalog::ConnectorKind::Destination
    );
    let v = p.validation.as_ref().unwrap();
    assert_eq!(v.error_count, 4);
    assert!(v.states.iter().any(|s| !s.errors.is_empty()));
    // Kafka Connect's wire encoding: strings, with the class.
    let values = initial_values(&p.ct);
    let sent = (p.encode)(&input(&p, &values));
    assert!(sent.values().all(Value::is_string), "{sent:?}");
    assert_eq!(
        sent.get("connector.class").and_then(Value::as_str),
        Some("io.confluent.connect.jdbc.JdbcSinkConnector")
    );
}

#[test]
fn bad_json_says_where() {
    let e = read(
        "{\n  \"type\": \"object\",\n  \"properties\": {\n}",
        VENDORS,
    )
    .unwrap_err();
    assert!(e.starts_with("This is not valid JSON"), "{e}");
    assert!(e.contains("line 4"), "{e}");
}

#[test]
fn other_json_says_what_was_expected() {
    for text in ["[1, 2]", "{\"hello\": \"world\"}", "\"schema\"", "42"] {
        let e = read(text, VENDORS).unwrap_err();
        assert!(
            e.contains("JSON Schema") && e.contains("validate answer"),
            "{text}: {e}"
        );
    }
    let e = read("   ", VENDORS).unwrap_err();
    assert!(e.starts_with("Paste, load or link"), "{e}");
}

#[test]
fn a_vendor_shape_that_cannot_be_read_names_the_vendor() {
    // `configs` is Kafka Connect's, but this one has no usable entries and no array at all.
    let e = read(r#"{"configs": [], "groups": "nope"}"#, VENDORS);
    // An empty validate answer is still a (fieldless) definition.
    assert!(e.is_ok());
    let e = read(
        r#"{"config": [{"name": "a", "value": 1}], "connector": 5}"#,
        VENDORS,
    );
    assert!(e.is_ok(), "{e:?}");
}

#[test]
fn oversized_documents_are_refused_with_their_size() {
    let text = format!(
        "{{\"type\":\"object\",\"description\":\"{}\"}}",
        "x".repeat(MAX_BYTES)
    );
    let e = read(&text, VENDORS).unwrap_err();
    assert!(e.contains("KB"), "{e}");
}

fn input<'a>(p: &'a Pasted, values: &'a connector_console::model::form::Values) -> FormInput<'a> {
    type Empty = (
        Map<String, Value>,
        std::collections::BTreeSet<String>,
        connector_console::model::form::Mode,
    );
    static EMPTY: std::sync::OnceLock<Empty> = std::sync::OnceLock::new();
    let (stored, hidden, mode) = EMPTY.get_or_init(Default::default);
    FormInput {
        ct: &p.ct,
        values,
        mode,
        stored,
        other: &[],
        server_hidden: hidden,
        name: "pasted",
    }
}
