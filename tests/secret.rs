//! The secret policy (`connector_console::secret`): one decision for drafts, exports, the
//! detail page, events, error text and every simulator's saved state — and property tests that
//! no secret-marked leaf survives any export path.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use connector_console::model::catalog::ConnectorType;
use connector_console::model::form::{draft_of, Input, Values};
use connector_console::model::raw_config::export;
use connector_console::schema::{parse_schema, strip_secrets, with_placeholders};
use connector_console::secret::{
    is_reference, key_names_secret, marks_secret, redact_text, scrub_flat, text_carries_secret,
};
use proptest::prelude::*;
use serde_json::{json, Map, Value};

#[test]
fn credential_names() {
    for k in [
        "password",
        "database.password",
        "connection.password",
        "sasl.jaas.config",
        "aws.secret.access.key",
        "client_secret",
        "clientSecret",
        "privateKey",
        "ssl.key.passphrase",
        "api_key",
        "apiKey",
        "oauth.token",
        "access_token",
        "credentials",
        "kafka.api.secret",
    ] {
        assert!(key_names_secret(k), "{k} names a credential");
    }
    for k in [
        "host",
        "username",
        "ssl.truststore.password.type",
        "oauth.token.url",
        "secret.manager.type",
        "password.file",
        "topic.prefix",
        "table.include.list",
        "tokenizer",
        "passwordless",
        "",
    ] {
        assert!(!key_names_secret(k), "{k} is not a credential");
    }
}

#[test]
fn every_vendor_marker() {
    for meta in [
        json!({"type": "PASSWORD"}),
        json!({"sensitive": true}),
        json!({"encrypt": true}),
        json!({"writeOnly": true}),
        json!({"format": "password"}),
        json!({"airbyte_secret": true}),
        json!({"x-secret": true}),
    ] {
        assert!(marks_secret(meta.as_object().unwrap()), "{meta}");
    }
    for meta in [
        json!({"type": "STRING"}),
        json!({"sensitive": false}),
        json!({"format": "uri"}),
        json!({"airbyte_secret": "no"}),
    ] {
        assert!(!marks_secret(meta.as_object().unwrap()), "{meta}");
    }
}

#[test]
fn references_only_when_shaped() {
    for r in [
        "${file:/opt/secrets.properties:db.password}",
        "${vault:secret/db:password}",
        "${env:DB_PASSWORD}",
    ] {
        assert!(is_reference(&json!(r)), "{r} is a reference");
    }
    for r in [
        "${not a reference",
        "${topic}",
        "${:key}",
        "s3cret${env:X}",
        "${env:X}s3cret",
        "${env:X}${env:Y}",
        "{{ DB_PASSWORD }}",
        "{{}}",
        "hunter2",
    ] {
        assert!(!is_reference(&json!(r)), "{r} is a value, not a reference");
    }
}

#[test]
fn texts_that_carry_secrets() {
    assert!(text_carries_secret(
        r#"org.apache.kafka.common.security.plain.PlainLoginModule required username="u" password="p";"#
    ));
    assert!(text_carries_secret(
        "-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----"
    ));
    assert!(!text_carries_secret(
        "password must be at least 8 characters"
    ));
    assert!(!text_carries_secret("-----BEGIN CERTIFICATE-----"));
}

#[test]
fn error_text_is_redacted() {
    let t = redact_text(
        r#"Login failed for password="hunter22"; token=abcd1234 and hunter22 again"#,
        &["hunter22"],
    );
    assert!(!t.contains("hunter22"), "{t}");
    assert!(!t.contains("abcd1234"), "{t}");
    assert!(t.starts_with("Login failed for password="), "{t}");
    assert_eq!(redact_text("no secrets here", &[]), "no secrets here");
    assert_eq!(redact_text("ünïcödé password", &["ab"]), "ünïcödé password");
}

/// Every shape the issue found surviving in drafts and exports.
#[test]
fn secrets_that_used_to_survive() {
    let schema = json!({
        "definitions": {"Secret": {"type": "string", "writeOnly": true}},
        "type": "object",
        "sensitive": ["auth"],
        "properties": {
            "host": {"type": "string"},
            "optional_secret": {"anyOf": [{"type": "string", "format": "password", "writeOnly": true}, {"type": "null"}]},
            "auth": {"oneOf": [{"type": "string"}, {"type": "object", "properties": {"x": {"type": "string"}}}]},
            "password": {"$ref": "#/definitions/Secret"},
            "api_tokens": {"type": "array", "items": {"type": "string", "writeOnly": true}},
            "keys": {"type": "array", "items": {"$ref": "#/definitions/Secret"}},
            "storageOptions": {"type": "object", "additionalProperties": {"type": "string"}},
            "s3_key_id": {"type": "string", "airbyte_secret": true},
            "tls": {"type": "object", "properties": {"client_key": {"type": "string", "airbyte_secret": true, "multiline": true}}},
            "jaas": {"type": "string"},
            "ref": {"type": "string", "writeOnly": true}
        }
    });
    let value = json!({
        "host": "db.example.com",
        "optional_secret": "S1",
        "auth": "S2",
        "password": "S3",
        "api_tokens": ["S4"],
        "keys": ["S5", "S6"],
        "storageOptions": {"aws_secret_access_key": "S7", "region": "eu-west-1"},
        "s3_key_id": "S8",
        "tls": {"client_key": "S9"},
        "jaas": "PlainLoginModule required username=\"u\" password=\"S10\";",
        "ref": "${vault:secret/db:password}"
    });
    let node = parse_schema(&schema);
    let out = strip_secrets(&node, &value).to_string();
    for i in 1..=10 {
        assert!(
            !out.contains(&format!("\"S{i}\"")) && !out.contains(&format!("S{i}\\")),
            "S{i} survived: {out}"
        );
    }
    assert!(out.contains("db.example.com"), "{out}");
    assert!(out.contains("eu-west-1"), "{out}");
    assert!(
        out.contains("${vault:secret/db:password}"),
        "references stay: {out}"
    );
    // And the form masks what the policy calls secret.
    assert!(node.property("s3_key_id").unwrap().is_secret());
    assert!(node.property("optional_secret").unwrap().secret_value());
}

#[test]
fn a_kafka_connect_string_named_like_a_password_is_secret() {
    let body = json!({
        "name": "io.debezium.connector.postgresql.PostgresConnector",
        "error_count": 0,
        "groups": ["Connection"],
        "configs": [
            {"definition": {"name": "connection.password", "type": "STRING", "required": false, "group": "Connection", "documentation": ""}, "value": {"name": "connection.password", "value": null, "recommended_values": [], "errors": [], "visible": true}},
            {"definition": {"name": "sasl.jaas.config", "type": "STRING", "required": false, "group": "Connection", "documentation": ""}, "value": {"name": "sasl.jaas.config", "value": null, "recommended_values": [], "errors": [], "visible": true}},
            {"definition": {"name": "database.hostname", "type": "STRING", "required": false, "group": "Connection", "documentation": ""}, "value": {"name": "database.hostname", "value": null, "recommended_values": [], "errors": [], "visible": true}}
        ]
    });
    let v = connector_console::vendors::kafka_connect::wire::parse_validation(&body.to_string())
        .expect("validation parses");
    let ct: &ConnectorType = &ConnectorType {
        fields: v.fields,
        ..common::postgres()
    };
    let f = |k: &str| ct.fields.iter().find(|f| f.key == k).unwrap();
    assert!(f("connection.password").secret);
    assert!(f("sasl.jaas.config").secret);
    assert!(!f("database.hostname").secret);
    let mut values = Values::new();
    values.insert("connection.password".into(), Input::Text("S1".into()));
    values.insert("database.hostname".into(), Input::Text("db".into()));
    let draft = draft_of(ct, "pg", &values).to_string();
    assert!(!draft.contains("S1") && draft.contains("db"), "{draft}");
    let mut sent = Map::new();
    sent.insert("connection.password".into(), json!("S1"));
    sent.insert("database.hostname".into(), json!("db"));
    sent.insert("other.jaas".into(), json!("x required password=\"S2\";"));
    sent.insert("looks.like.ref".into(), json!("${oops"));
    let (out, left) = export(ct, &sent);
    let text = Value::Object(out).to_string();
    assert!(!text.contains("S1") && !text.contains("S2"), "{text}");
    assert_eq!(left, vec!["connection.password", "other.jaas"]);
}

#[test]
fn flat_scrub_keeps_shaped_references_in_secret_fields() {
    let mut c = Map::new();
    c.insert(
        "database.password".into(),
        json!("${file:/s.properties:pw}"),
    );
    c.insert("api.secret".into(), json!("${file"));
    let (out, left) = scrub_flat(&c, |k| k == "database.password");
    assert_eq!(
        out.get("database.password"),
        Some(&json!("${file:/s.properties:pw}"))
    );
    assert_eq!(left, vec!["api.secret"]);
}

// ---------------------------------------------------------------------------------------------
// Property tests: generated schemas and values; no secret-marked leaf survives.

const SECRET: &str = "SECRETLEAF";

/// `(schema, value)` pairs whose secret leaves hold [`SECRET`]. Keys are never credential-like,
/// so only the markers make a leaf secret.
fn schema_and_value() -> impl Strategy<Value = (Value, Value)> {
    let leaf = prop_oneof![
        Just((json!({"type": "string"}), json!("plain"))),
        Just((json!({"type": "integer"}), json!(3))),
        Just((json!({"type": "string", "writeOnly": true}), json!(SECRET))),
        Just((
            json!({"type": "string", "format": "password"}),
            json!(SECRET)
        )),
        Just((
            json!({"type": "string", "airbyte_secret": true}),
            json!(SECRET)
        )),
        Just((json!({"type": "string", "sensitive": true}), json!(SECRET))),
        Just((
            json!({"anyOf": [{"type": "string", "writeOnly": true}, {"type": "null"}]}),
            json!(SECRET)
        )),
        Just((json!({"$ref": "#/definitions/Secret"}), json!(SECRET))),
        Just((json!({"$ref": "#/definitions/Plain"}), json!("plain"))),
        Just((
            json!({"oneOf": [{"type": "integer"}, {"type": "string", "format": "password"}]}),
            json!(SECRET)
        )),
    ];
    leaf.prop_recursive(4, 48, 4, |inner| {
        prop_oneof![
            // An object of properties (one maybe listed in the parent's `sensitive`).
            (prop::collection::vec(inner.clone(), 1..4), any::<bool>()).prop_map(|(kids, sens)| {
                let mut props = Map::new();
                let mut value = Map::new();
                for (i, (s, v)) in kids.into_iter().enumerate() {
                    props.insert(format!("f{i}"), s);
                    value.insert(format!("f{i}"), v);
                }
                let mut schema = json!({"type": "object", "properties": props});
                if sens {
                    props_add(&mut schema, &mut value);
                }
                (schema, Value::Object(value))
            }),
            // A list.
            inner
                .clone()
                .prop_map(|(s, v)| (json!({"type": "array", "items": s}), json!([v.clone(), v]))),
            // A map.
            inner.clone().prop_map(|(s, v)| (
                json!({"type": "object", "additionalProperties": s}),
                json!({"m1": v})
            )),
            // `oneOf` alternatives, the value being the first's.
            (inner.clone(), inner.clone())
                .prop_map(|((s, v), (t, _))| (json!({"oneOf": [s, t]}), v)),
            // `allOf` of one object.
            inner.prop_map(|(s, v)| (
                json!({"allOf": [{"type": "object", "properties": {"a": s}}]}),
                json!({"a": v})
            )),
        ]
    })
}

/// Adds a plain string property listed in `sensitive`, holding [`SECRET`].
fn props_add(schema: &mut Value, value: &mut Map<String, Value>) {
    schema["properties"]["hidden"] = json!({"type": "string"});
    schema["sensitive"] = json!(["hidden"]);
    value.insert("hidden".into(), json!(SECRET));
}

/// A generated schema as the `root` property of an object (with the definitions it refers
/// to), and its form tree.
fn rooted(schema: Value) -> (Value, connector_console::schema::Node) {
    let root = json!({
        "definitions": {"Secret": {"type": "string", "writeOnly": true}, "Plain": {"type": "string"}},
        "type": "object",
        "properties": {"root": schema},
    });
    let node = parse_schema(&root);
    (root, node)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn no_secret_leaf_survives_strip_secrets((schema, value) in schema_and_value()) {
        let (_, node) = rooted(schema);
        let out = strip_secrets(&node, &json!({"root": value})).to_string();
        prop_assert!(!out.contains(SECRET), "{}", out);
    }

    /// "Copy as curl": the same walk, each secret replaced by a placeholder, so no secret
    /// leaf is left and every key stays where it was.
    #[test]
    fn no_secret_leaf_survives_placeholders((schema, value) in schema_and_value()) {
        let (_, node) = rooted(schema);
        let v = json!({"root": value});
        let out = with_placeholders(&node, &v);
        let text = out.to_string();
        prop_assert!(!text.contains(SECRET), "{}", text);
        prop_assert_eq!(
            text.matches("$SECRET").count() == 0,
            strip_secrets(&node, &v) == v,
            "placeholders exactly where strip_secrets removes: {}", text
        );
    }

    #[test]
    fn values_without_secrets_pass_unchanged((schema, value) in schema_and_value()) {
        prop_assume!(!value.to_string().contains(SECRET));
        let (root, node) = rooted(schema);
        let v = json!({"root": value});
        // Only secret-marked alternatives may take a value with them (conservatively); plain ones pass.
        let out = strip_secrets(&node, &v);
        if !root.to_string().contains("password") && !root.to_string().contains("writeOnly")
            && !root.to_string().contains("sensitive") && !root.to_string().contains("airbyte_secret") {
            prop_assert_eq!(out, v);
        }
    }

    #[test]
    fn flat_exports_never_carry_marked_or_named_secrets(
        entries in prop::collection::vec(("[a-z]{1,6}(\\.[a-z]{1,6}){0,2}", any::<bool>(), "[a-zA-Z0-9 =\"${}:/]{0,20}"), 0..12)
    ) {
        let mut config = Map::new();
        let mut marked = std::collections::BTreeSet::new();
        for (k, m, v) in &entries {
            config.insert(k.clone(), json!(format!("{v}{SECRET}")));
            if *m { marked.insert(k.clone()); }
        }
        let (out, _) = scrub_flat(&config, |k| marked.contains(k));
        for (k, v) in &out {
            prop_assert!(!marked.contains(k) && !key_names_secret(k), "{} = {} left", k, v);
        }
    }
}

#[test]
fn streamkap_encrypted_fields_never_leave() {
    let ct = common::postgres();
    let secret: Vec<&str> = ct
        .fields
        .iter()
        .filter(|f| f.secret)
        .map(|f| f.key.as_str())
        .collect();
    assert!(!secret.is_empty(), "the fixture has encrypted fields");
    let sent: Map<String, Value> = ct
        .fields
        .iter()
        .map(|f| (f.key.clone(), json!("S-VALUE")))
        .collect();
    let (out, left) = export(&ct, &sent);
    for k in secret {
        assert!(!out.contains_key(k) && left.iter().any(|l| l == k), "{k}");
    }
}
