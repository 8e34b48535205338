//! Configuration as JSON: export without secrets, import back into a form.

use std::collections::BTreeSet;

use connector_console::model::catalog::ConnectorKind;
use connector_console::model::catalog::ConnectorType;
use connector_console::model::form::{encode, initial_values, Input};
use connector_console::model::raw_config::*;
use connector_console::vendors::streamkap::wire::parse_catalog;
use serde_json::{json, Value};

fn ct() -> ConnectorType {
    let props = json!([
        {"name": "database.hostname.user.defined", "user_defined": true, "required": true,
         "display_name": "Hostname", "value": {"control": "string"}},
        {"name": "database.port", "user_defined": true, "display_name": "Port",
         "value": {"control": "number", "default": "5432"}},
        {"name": "database.password", "user_defined": true, "display_name": "Password",
         "encrypt": true, "value": {"control": "password"}},
        {"name": "ssh.enabled", "user_defined": true, "display_name": "SSH",
         "value": {"control": "toggle", "default": false}},
        {"name": "schema.include.list", "user_defined": true, "display_name": "Schemas",
         "value": {"control": "multi-select", "raw_values": []}}
    ]);
    let body = json!({ "PostgreSQL": props }).to_string();
    let catalog = parse_catalog(ConnectorKind::Source, &body).unwrap();
    assert!(catalog.skipped.is_empty(), "{:?}", catalog.skipped);
    catalog.types.into_iter().next().unwrap()
}

#[test]
fn export_leaves_every_secret_out_but_keeps_references() {
    let ct = ct();
    let sent = json!({
        "database.hostname.user.defined": "db.example.com",
        "database.password": "hunter2",
        "sasl.jaas.config": "org.apache.kafka.common.security.plain.PlainLoginModule required password=\"x\";",
        "aws.secret.access.key": "${file:/opt/secrets.properties:aws}",
        "kafka.api.secret": "****************",
        "key.converter": "org.apache.kafka.connect.json.JsonConverter",
        "tasks.max": "2"
    });
    let (out, left) = export(&ct, sent.as_object().unwrap());
    assert_eq!(
        left,
        vec!["database.password", "kafka.api.secret", "sasl.jaas.config"]
    );
    assert_eq!(
        out["aws.secret.access.key"],
        "${file:/opt/secrets.properties:aws}"
    );
    assert_eq!(
        out["key.converter"],
        "org.apache.kafka.connect.json.JsonConverter"
    );
    assert_eq!(out["tasks.max"], "2");
    assert!(!serde_json::to_string(&out).unwrap().contains("hunter2"));
}

#[test]
fn export_then_import_round_trips_and_keeps_typed_secrets() {
    let ct = ct();
    let mut values = initial_values(&ct);
    values.insert(
        "database.hostname.user.defined".into(),
        Input::Text("db.example.com".into()),
    );
    values.insert("database.password".into(), Input::Text("hunter2".into()));
    values.insert("ssh.enabled".into(), Input::Bool(true));
    values.insert(
        "schema.include.list".into(),
        Input::List(vec!["public".into(), "sales".into()]),
    );
    let (out, _) = export(&ct, &encode(&ct, &values));
    let text = serde_json::to_string_pretty(&Value::Object(out)).unwrap();
    let back = import(&ct, &values, &BTreeSet::new(), &text).unwrap();
    assert_eq!(back.values, values);
    assert_eq!(back.secrets_kept, vec!["database.password"]);
    assert!(back.unknown.is_empty());
    assert_eq!(changed_count(&values, &back.values), 0);
}

#[test]
fn import_resets_absent_fields_to_defaults_and_reports_unknown_keys() {
    let ct = ct();
    let mut values = initial_values(&ct);
    values.insert("database.port".into(), Input::Text("6543".into()));
    let text = r#"{"database.hostname.user.defined": "h", "ssh.enabled": "true",
                   "schema.include.list": "public, sales", "transforms": "unwrap",
                   "connector.class": "x.Y", "name": "orders"}"#;
    let fixed: BTreeSet<String> = ["connector.class".to_string(), "name".to_string()].into();
    let r = import(&ct, &values, &fixed, text).unwrap();
    assert_eq!(r.name.as_deref(), Some("orders"));
    assert_eq!(input_text(&r.values["database.port"]), "5432");
    assert_eq!(r.values["ssh.enabled"], Input::Bool(true));
    assert_eq!(
        r.values["schema.include.list"],
        Input::List(vec!["public".into(), "sales".into()])
    );
    assert_eq!(
        r.unknown,
        vec![("transforms".to_string(), "unwrap".to_string())]
    );
    assert_eq!(changed_count(&values, &r.values), 4);
}

#[test]
fn import_accepts_the_create_body_wrapper_and_ignores_masks() {
    let ct = ct();
    let mut values = initial_values(&ct);
    values.insert("database.password".into(), Input::Text("typed".into()));
    let text = r#"{"name": "pg-1", "config": {"database.hostname.user.defined": "h",
                   "database.password": "********"}}"#;
    let r = import(&ct, &values, &BTreeSet::new(), text).unwrap();
    assert_eq!(r.name.as_deref(), Some("pg-1"));
    assert_eq!(input_text(&r.values["database.password"]), "typed");
    assert_eq!(input_text(&r.values["database.hostname.user.defined"]), "h");
}

#[test]
fn import_explains_bad_documents() {
    let ct = ct();
    let values = initial_values(&ct);
    let e = import(&ct, &values, &BTreeSet::new(), "{\"a\": ").unwrap_err();
    assert!(e.starts_with("Invalid JSON at line 1"), "{e}");
    let e = import(&ct, &values, &BTreeSet::new(), "[1, 2]").unwrap_err();
    assert_eq!(
        e,
        "The configuration must be a JSON object of keys and values."
    );
}
