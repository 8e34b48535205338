//! Review before update (`model::diff`) and "Copy as curl" (`http::to_curl`).

mod common;

use connector_console::http::{to_curl, HttpRequest, Method};
use connector_console::model::diff::{config_diff, ChangeKind, MASK};
use serde_json::{json, Map, Value};

fn obj(v: Value) -> Map<String, Value> {
    v.as_object().cloned().unwrap()
}

#[test]
fn added_changed_and_removed_keys_with_secrets_masked() {
    let stored = obj(json!({
        "database.hostname": "db1", "database.port": "5432", "tasks.max": 1,
        "database.password": "****", "snapshot.mode": "initial", "api.secret": "old-secret"
    }));
    let sending = obj(json!({
        "database.hostname": "db2", "database.port": 5432, "tasks.max": 1,
        "topic.prefix": "pg", "api.secret": "new-secret", "database.password": "hunter2!"
    }));
    let changes = config_diff(&stored, &sending, &|k| k == "database.password");
    let summary: Vec<(&str, ChangeKind)> =
        changes.iter().map(|c| (c.key.as_str(), c.kind)).collect();
    assert_eq!(
        summary,
        vec![
            ("api.secret", ChangeKind::Changed),
            ("database.hostname", ChangeKind::Changed),
            ("database.password", ChangeKind::Changed),
            ("snapshot.mode", ChangeKind::Removed),
            ("topic.prefix", ChangeKind::Added),
        ]
    );
    let text = format!("{changes:?}");
    for secret in ["old-secret", "new-secret", "hunter2!"] {
        assert!(!text.contains(secret), "{secret} shown: {text}");
    }
    assert_eq!(changes[0].after.as_deref(), Some(MASK));
    assert_eq!(changes[1].before.as_deref(), Some("db1"));
    assert_eq!(changes[1].after.as_deref(), Some("db2"));
    // A stored mask the edit leaves out is kept by the server: not a removal.
    let kept = config_diff(
        &obj(json!({"database.password": "****"})),
        &Map::new(),
        &|_| true,
    );
    assert!(kept.is_empty());
    assert!(config_diff(&stored, &stored, &|_| false).is_empty());
}

#[test]
fn curl_carries_no_credential_and_no_secret() {
    let req = HttpRequest::new(Method::Put, "/connectors/pg/config")
        .query("expand", "status")
        .json(json!({"name": "o'brien", "config": {"database.password": "hunter2", "database.hostname": "db", "sasl.jaas.config": "x password=\"p\";"}}));
    let mut req = req;
    req.headers
        .push(("Authorization".into(), "Bearer abc.def".into()));
    let cmd = to_curl(&req, "https://connect.example.com/", false, &|k| {
        k == "database.password"
    });
    assert!(
        cmd.starts_with(
            "curl -X PUT 'https://connect.example.com/connectors/pg/config?expand=status'"
        ),
        "{cmd}"
    );
    assert!(cmd.contains("Authorization: Bearer $TOKEN"), "{cmd}");
    assert!(
        !cmd.contains("abc.def") && !cmd.contains("hunter2") && !cmd.contains("password=\\\"p"),
        "{cmd}"
    );
    assert!(
        cmd.contains("$SECRET_DATABASE_PASSWORD") && cmd.contains("$SECRET_SASL_JAAS_CONFIG"),
        "{cmd}"
    );
    assert!(
        cmd.contains("'\\''"),
        "single quotes escaped for the shell: {cmd}"
    );
    let basic = to_curl(
        &HttpRequest::new(Method::Get, "/x"),
        "https://api.confluent.cloud",
        true,
        &|_| false,
    );
    assert_eq!(
        basic,
        "curl -X GET 'https://api.confluent.cloud/x' \\\n  -u \"$API_KEY:$API_SECRET\""
    );
    let _ = common::postgres();
}
