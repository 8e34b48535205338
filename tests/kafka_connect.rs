//! The Kafka Connect dialect over our own payloads, the simulator driven through the dialect,
//! and conformance over the shared public payloads (read in place from
//! `CONNECTOR_CONSOLE_SHARED_FIXTURES`; skipped, with a note, when it is not set).
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::*;
use connector_console::http::{ApiError, HttpRequest, HttpResponse, Method};
use connector_console::model::catalog::{
    Choice, ConnectorKind, ConnectorType, FieldSize, FormSource, ValueType, Widget,
};
use connector_console::model::form::{
    encode, initial_values, is_masked, values_from_config, Input, Mode,
};
use connector_console::model::status::{Connector, Health, Task};
use connector_console::model::validation::Validation;
use connector_console::vendor::Simulator;
use connector_console::vendors::kafka_connect::sim::KafkaConnectSim;
use connector_console::vendors::kafka_connect::wire::*;
use serde_json::{json, Map, Value};

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

fn obj(v: Value) -> Map<String, Value> {
    v.as_object().cloned().expect("an object")
}

fn task(id: &str, state: &str) -> Task {
    Task {
        id: id.into(),
        state: state.into(),
        worker: None,
        trace: None,
    }
}

fn jdbc_validation() -> Validation {
    parse_validation(&fixture("kafka-connect/validate-jdbc-sink.json")).expect("validation parses")
}

fn jdbc_plugin() -> ConnectorType {
    parse_plugins(&fixture("kafka-connect/plugins.json"))
        .unwrap()
        .types
        .into_iter()
        .find(|t| t.id == "io.confluent.connect.jdbc.JdbcSinkConnector")
        .expect("jdbc plugin")
}

fn jdbc_type() -> ConnectorType {
    type_from_validation(&jdbc_plugin(), &jdbc_validation())
}

// ---------------------------------------------------------------------------------------------
// Catalog
// ---------------------------------------------------------------------------------------------

#[test]
fn readable_names_from_classes() {
    for (class, name) in [
        (
            "io.debezium.connector.postgresql.PostgresConnector",
            "Postgres",
        ),
        ("io.confluent.connect.jdbc.JdbcSinkConnector", "Jdbc Sink"),
        (
            "org.apache.kafka.connect.file.FileStreamSourceConnector",
            "File Stream Source",
        ),
        ("io.confluent.connect.s3.S3SinkConnector", "S3 Sink"),
        ("com.acme.JDBCSinkConnector", "JDBC Sink"),
        ("com.ibm.Db2SourceConnector", "Db2 Source"),
        ("S3_SINK", "S3 Sink"),
        ("AZURE_BLOB_SINK", "Azure Blob Sink"),
        ("GcsSink", "Gcs Sink"),
        ("BigQuerySink", "Big Query Sink"),
        ("org.example.Connector", "Connector"),
        ("", ""),
    ] {
        assert_eq!(readable_name(class), name, "{class}");
    }
}

#[test]
fn plugins_parse_connectors_and_skip_the_rest() {
    let req = plugins_request();
    assert_eq!(
        (req.method, req.path_and_query().as_str()),
        (Method::Get, "/connector-plugins?connectorsOnly=true")
    );
    let cat = parse_plugins(&fixture("kafka-connect/plugins.json")).unwrap();
    let names: Vec<&str> = cat.types.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(
        names,
        ["File Stream Source", "Jdbc Sink", "My Sql", "S3 Sink"]
    );
    let jdbc = jdbc_plugin();
    assert_eq!(jdbc.kind, ConnectorKind::Destination);
    assert_eq!(jdbc.form, FormSource::Validate);
    assert!(jdbc.fields.is_empty());
    let details: Vec<(&str, &str)> = jdbc
        .details
        .iter()
        .map(|d| (d.label.as_str(), d.value.as_str()))
        .collect();
    assert_eq!(
        details,
        [
            ("Version", "10.7.6"),
            ("Class", "io.confluent.connect.jdbc.JdbcSinkConnector")
        ]
    );
    let file = cat
        .types
        .iter()
        .find(|t| t.name == "File Stream Source")
        .unwrap();
    assert_eq!(file.kind, ConnectorKind::Source);
    assert_eq!(file.details.len(), 1, "no version, no Version detail");
    assert_eq!(cat.skipped.len(), 6, "{:#?}", cat.skipped);
    let skipped = cat.skipped.join("\n");
    assert!(
        skipped.contains("StringConverter")
            && skipped.contains("“converter” is not a source or sink")
    );
    assert!(skipped.contains("“transformation”"));
    assert!(skipped.contains("#7: it has no `class`"));
    assert!(skipped.contains("MysteryConnector”: it has no `type`"));
    assert!(skipped.contains("#9: it is not an object"));
    assert!(skipped.contains("listed twice"));
    assert!(matches!(parse_plugins("{}"), Err(ApiError::Malformed(_))));
    assert!(matches!(
        parse_plugins("<html>"),
        Err(ApiError::Malformed(_))
    ));
}

// ---------------------------------------------------------------------------------------------
// Validation → fields
// ---------------------------------------------------------------------------------------------

#[test]
fn every_type_maps_to_its_widget_and_every_value_is_a_string() {
    let v = jdbc_validation();
    let f = |k: &str| {
        v.fields
            .iter()
            .find(|f| f.key == k)
            .unwrap_or_else(|| panic!("{k}"))
    };
    assert_eq!(
        f("delete.enabled").widget,
        Widget::Toggle,
        "BOOLEAN, even with recommended values"
    );
    assert_eq!(
        f("connection.attempts").widget,
        Widget::Number {
            min: Some(-2147483648.0),
            max: Some(2147483647.0),
            integer: true
        }
    );
    assert_eq!(
        f("batch.size").widget,
        Widget::Number {
            min: Some(-32768.0),
            max: Some(32767.0),
            integer: true
        }
    );
    assert_eq!(
        f("connection.backoff.ms").widget,
        Widget::Number {
            min: Some(i64::MIN as f64),
            max: Some(i64::MAX as f64),
            integer: true
        }
    );
    assert_eq!(
        f("max.retries.backoff.factor").widget,
        Widget::Number {
            min: None,
            max: None,
            integer: false
        }
    );
    assert_eq!(f("connection.password").widget, Widget::Password);
    assert!(f("connection.password").secret);
    assert!(!f("connection.user").secret);
    let choice = |s: &str| Choice {
        value: json!(s),
        label: s.into(),
    };
    assert_eq!(
        f("topics").widget,
        Widget::MultiSelect {
            choices: vec![choice("orders"), choice("customers"), choice("payments")],
            free_entry: true
        }
    );
    assert_eq!(
        f("insert.mode").widget,
        Widget::Select {
            choices: vec![choice("insert"), choice("upsert"), choice("update")]
        }
    );
    assert_eq!(
        f("value.converter").widget,
        Widget::Text,
        "CLASS without recommendations"
    );
    assert_eq!(f("connection.url").widget, Widget::Text);
    assert_eq!(
        f("retry.window").widget,
        Widget::Text,
        "unknown type DURATION"
    );
    assert_eq!(
        f("pk.fields").widget,
        Widget::MultiSelect {
            choices: vec![],
            free_entry: true
        }
    );
    for field in &v.fields {
        assert_eq!(field.value_type, ValueType::String, "{}", field.key);
    }
}

#[test]
fn definitions_map_labels_help_defaults_importance_and_width() {
    let v = jdbc_validation();
    let f = |k: &str| v.fields.iter().find(|f| f.key == k).unwrap();
    let url = f("connection.url");
    assert_eq!(url.label, "JDBC URL");
    assert_eq!(url.help, "JDBC connection URL.");
    assert!(url.required);
    assert!(!url.advanced, "HIGH importance");
    assert_eq!(url.size, FieldSize::Long);
    assert_eq!(url.default, None, "null default");
    assert!(f("connection.attempts").advanced, "LOW importance");
    assert!(f("batch.size").advanced, "MEDIUM importance");
    assert_eq!(f("connection.attempts").default, Some(json!("3")));
    assert_eq!(f("delete.enabled").default, Some(json!("false")));
    assert_eq!(
        f("topics").default,
        None,
        "an empty default prefills nothing"
    );
    assert_eq!(f("connection.attempts").size, FieldSize::Short);
    assert_eq!(f("connection.user").size, FieldSize::Medium);
    assert_eq!(
        f("max.retries.backoff.factor").size,
        FieldSize::Default,
        "NONE"
    );
    assert_eq!(
        f("max.retries.backoff.factor").label,
        "max.retries.backoff.factor",
        "empty display name"
    );
    assert_eq!(f("retry.window").label, "retry.window", "null display name");
    assert_eq!(f("retry.window").help, "");
    assert_eq!(f("pk.fields").group, "General", "null group");
    assert!(f("connector.class").readonly);
    assert!(!f("name").readonly);
}

#[test]
fn groups_follow_the_response_then_unlisted_ones_and_fields_sort_by_order() {
    let v = jdbc_validation();
    let groups: Vec<&str> = v.groups.iter().map(|g| g.id.as_str()).collect();
    assert_eq!(
        groups,
        ["Common", "Connection", "Writes", "Retries", "General"]
    );
    assert_eq!(v.groups[3].label, "Retries");
    let keys: Vec<&str> = v.fields.iter().map(|f| f.key.as_str()).collect();
    assert_eq!(
        keys,
        [
            "name",
            "connector.class",
            "tasks.max",
            "topics",
            "value.converter",
            "connection.url",
            "connection.user",
            "connection.password",
            "connection.attempts",
            "connection.backoff.ms",
            "insert.mode",
            "batch.size",
            "delete.enabled",
            "max.retries.backoff.factor",
            "retry.window",
            "pk.fields",
        ]
    );
}

#[test]
fn states_carry_values_errors_and_visibility_but_never_a_hidden_secret() {
    let v = jdbc_validation();
    assert_eq!(v.error_count, 4);
    assert_eq!(
        v.states.len(),
        v.fields.len(),
        "malformed entries are dropped"
    );
    let pw = v.state("connection.password").unwrap();
    assert_eq!(pw.value, None, "[hidden] is not a value");
    assert_eq!(
        v.state("connection.user").unwrap().value.as_deref(),
        Some("loader")
    );
    assert_eq!(v.state("connection.url").unwrap().value, None);
    let mode = v.state("insert.mode").unwrap();
    assert_eq!(mode.recommended, ["insert", "upsert", "update"]);
    assert_eq!(
        mode.errors,
        ["Invalid value merge for configuration insert.mode: String must be one of: insert, upsert, update"]
    );
    assert!(!v.state("pk.fields").unwrap().visible);
    assert!(v.state("retry.window").is_some_and(|s| !s.visible));
    assert!(v.state("connection.user").unwrap().visible);
}

#[test]
fn type_from_validation_keeps_the_plugin_and_takes_the_form() {
    let plugin = jdbc_plugin();
    let ct = jdbc_type();
    assert_eq!(ct.id, plugin.id);
    assert_eq!(ct.name, "Jdbc Sink");
    assert_eq!(ct.details, plugin.details);
    assert_eq!(ct.kind, ConnectorKind::Destination);
    assert_eq!(ct.fields.len(), 16);
    assert_eq!(ct.groups.len(), 5);
    assert!(ct.field("connector.class").unwrap().readonly);
    assert!(ct.field("name").is_some(), "name stays (the UI hides it)");
}

#[test]
fn odd_validation_input_never_panics() {
    for body in [
        "",
        "null",
        "[]",
        "{}",
        r#"{"configs": {}}"#,
        r#"{"configs": [1, null, "x", {"definition": 5}]}"#,
    ] {
        match parse_validation(body) {
            Ok(v) => assert!(v.fields.is_empty(), "{body}"),
            Err(e) => assert!(matches!(e, ApiError::Malformed(_)), "{body}"),
        }
    }
    let v = parse_validation(
        r#"{"configs": [{"definition": {"name": "x", "type": 7, "order": "3", "default_value": 5, "required": "yes"},
            "value": {"recommended_values": [1, true, null], "errors": [null, "bad"], "value": 12}}]}"#,
    )
    .unwrap();
    let f = &v.fields[0];
    assert_eq!(
        f.widget,
        Widget::Select {
            choices: vec![
                Choice {
                    value: json!("1"),
                    label: "1".into()
                },
                Choice {
                    value: json!("true"),
                    label: "true".into()
                },
            ]
        },
        "a non-string type reads as STRING"
    );
    assert_eq!(f.order, 3);
    assert_eq!(f.default, Some(json!("5")));
    assert!(!f.required);
    assert_eq!(v.states[0].value.as_deref(), Some("12"));
    assert_eq!(v.states[0].errors, ["bad"]);
    assert_eq!(v.error_count, 1, "counted when the server does not say");
}

#[test]
fn kept_secret_errors_can_be_dropped_while_editing() {
    let mut v = parse_validation(
        r#"{"error_count": 2, "configs": [
        {"definition": {"name": "connection.password", "type": "PASSWORD", "required": true},
         "value": {"name": "connection.password", "value": null, "errors": ["Missing required configuration \"connection.password\" which has no default value."], "visible": true}},
        {"definition": {"name": "connection.url", "type": "STRING", "required": true},
         "value": {"name": "connection.url", "value": null, "errors": ["Missing required configuration \"connection.url\" which has no default value."], "visible": true}}]}"#,
    )
    .unwrap();
    let create = v.clone();
    drop_kept_secret_errors(&mut v, &Mode::Create);
    assert_eq!(v, create, "nothing is kept while creating");
    let mode = Mode::Edit {
        secrets_set: ["connection.password".to_string()].into(),
    };
    drop_kept_secret_errors(&mut v, &mode);
    assert_eq!(v.error_count, 1);
    assert!(v.state("connection.password").unwrap().errors.is_empty());
    assert_eq!(v.state("connection.url").unwrap().errors.len(), 1);
}

// ---------------------------------------------------------------------------------------------
// Requests
// ---------------------------------------------------------------------------------------------

#[test]
fn requests_use_kafka_connect_paths_and_string_values() {
    let config = obj(json!({
        "tasks.max": 3, "delete.enabled": true, "topics": ["a", "b"], "gone": null,
        "connection.url": "jdbc:x", "connector.class": "wrong"
    }));
    let v = validate_request("io.confluent.connect.jdbc.JdbcSinkConnector", &config);
    assert_eq!(v.method, Method::Put);
    assert_eq!(
        v.path,
        "/connector-plugins/io.confluent.connect.jdbc.JdbcSinkConnector/config/validate"
    );
    assert_eq!(
        v.body.unwrap(),
        json!({"tasks.max": "3", "delete.enabled": "true", "topics": "a,b",
               "connection.url": "jdbc:x", "connector.class": "io.confluent.connect.jdbc.JdbcSinkConnector"})
    );
    let odd = validate_request("org.example.Outer$Inner Connector", &Map::new());
    assert_eq!(
        odd.path,
        "/connector-plugins/org.example.Outer%24Inner%20Connector/config/validate"
    );

    let list = list_request();
    assert_eq!(
        list.path_and_query(),
        "/connectors?expand=status&expand=info"
    );
    let name = "orders sink/1";
    let put = put_config_request(name, &config);
    assert_eq!(
        (put.method, put.path.as_str()),
        (Method::Put, "/connectors/orders%20sink%2F1/config")
    );
    let body = put.body.unwrap();
    assert_eq!(body["tasks.max"], json!("3"));
    assert!(body.get("gone").is_none(), "null values are dropped");
    assert!(body.as_object().unwrap().values().all(Value::is_string));
    let create = create_request("orders", &config);
    assert_eq!(
        (create.method, create.path.as_str()),
        (Method::Post, "/connectors")
    );
    assert_eq!(create.body.as_ref().unwrap()["name"], json!("orders"));
    assert_eq!(
        create.body.as_ref().unwrap()["config"]["delete.enabled"],
        json!("true")
    );

    let check = |r: HttpRequest, m: Method, pq: &str| {
        assert_eq!((r.method, r.path_and_query()), (m, pq.to_string()))
    };
    check(
        status_request(name),
        Method::Get,
        "/connectors/orders%20sink%2F1/status",
    );
    check(
        config_request(name),
        Method::Get,
        "/connectors/orders%20sink%2F1/config",
    );
    check(pause_request("a b"), Method::Put, "/connectors/a%20b/pause");
    check(
        resume_request("a b"),
        Method::Put,
        "/connectors/a%20b/resume",
    );
    check(stop_request("a b"), Method::Put, "/connectors/a%20b/stop");
    check(
        restart_request("a b", true, true),
        Method::Post,
        "/connectors/a%20b/restart?includeTasks=true&onlyFailed=true",
    );
    check(
        restart_request("a", false, false),
        Method::Post,
        "/connectors/a/restart?includeTasks=false&onlyFailed=false",
    );
    check(
        restart_task_request("a b", "3"),
        Method::Post,
        "/connectors/a%20b/tasks/3/restart",
    );
    check(delete_request("a b"), Method::Delete, "/connectors/a%20b");
}

// ---------------------------------------------------------------------------------------------
// Status and health
// ---------------------------------------------------------------------------------------------

#[test]
fn health_is_an_honest_aggregate() {
    let tasks = |states: &[&str]| -> Vec<Task> {
        states
            .iter()
            .enumerate()
            .map(|(i, s)| task(&i.to_string(), s))
            .collect()
    };
    let mut one_of_ten = vec!["RUNNING"; 10];
    one_of_ten[7] = "FAILED";
    for (state, t, want) in [
        ("FAILED", tasks(&[]), Health::Failed),
        ("FAILED", tasks(&["RUNNING"]), Health::Failed),
        ("RUNNING", tasks(&["RUNNING", "RUNNING"]), Health::Running),
        ("RUNNING", tasks(&one_of_ten), Health::Degraded),
        ("RUNNING", tasks(&["FAILED", "FAILED"]), Health::Failed),
        ("RUNNING", tasks(&[]), Health::Starting),
        (
            "RUNNING",
            tasks(&["RUNNING", "UNASSIGNED"]),
            Health::Starting,
        ),
        (
            "RUNNING",
            tasks(&["RESTARTING", "RUNNING"]),
            Health::Starting,
        ),
        ("RUNNING", tasks(&["RUNNING", "PAUSED"]), Health::Degraded),
        (
            "RUNNING",
            tasks(&["FAILED", "UNASSIGNED"]),
            Health::Degraded,
        ),
        ("running", tasks(&["running"]), Health::Running),
        ("PAUSED", tasks(&["PAUSED", "FAILED"]), Health::Paused),
        ("STOPPED", tasks(&[]), Health::Stopped),
        ("UNASSIGNED", tasks(&[]), Health::Starting),
        ("RESTARTING", tasks(&["RUNNING"]), Health::Starting),
        ("DESTROYED", tasks(&[]), Health::Unknown),
        ("", tasks(&[]), Health::Unknown),
    ] {
        assert_eq!(
            health_of(state, &t),
            want,
            "{state} {:?}",
            t.iter().map(|t| &t.state).collect::<Vec<_>>()
        );
    }
}

#[test]
fn expanded_lists_parse_with_whatever_is_known() {
    let list = parse_list(&fixture("kafka-connect/connectors-expanded.json")).unwrap();
    let names: Vec<&str> = list.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "alpha-degraded",
            "bravo-failed",
            "charlie-paused",
            "delta-stopped",
            "echo-unassigned",
            "foxtrot-no-tasks-yet",
            "golf-info-only",
            "hotel-status-only",
            "india-all-failed",
            "juliet-odd",
            "kilo-mixed",
            "zeta-running",
        ]
    );
    let by = |n: &str| list.iter().find(|c| c.name == n).unwrap();
    let healths: Vec<(&str, Health)> = list.iter().map(|c| (c.name.as_str(), c.health)).collect();
    assert_eq!(
        healths,
        [
            ("alpha-degraded", Health::Degraded),
            ("bravo-failed", Health::Failed),
            ("charlie-paused", Health::Paused),
            ("delta-stopped", Health::Stopped),
            ("echo-unassigned", Health::Starting),
            ("foxtrot-no-tasks-yet", Health::Starting),
            ("golf-info-only", Health::Unknown),
            ("hotel-status-only", Health::Starting),
            ("india-all-failed", Health::Failed),
            ("juliet-odd", Health::Unknown),
            ("kilo-mixed", Health::Starting),
            ("zeta-running", Health::Running),
        ]
    );
    let alpha = by("alpha-degraded");
    let ids: Vec<&str> = alpha.tasks.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(
        ids,
        ["0", "1", "2", "3", "4", "5", "6", "7", "8", "10"],
        "numeric order"
    );
    assert_eq!(
        alpha.task_summary(),
        [("RUNNING".to_string(), 9), ("FAILED".to_string(), 1)]
    );
    assert_eq!(
        alpha.failure_reason().as_deref(),
        Some("java.sql.BatchUpdateException: Batch entry 0 INSERT INTO \"orders\" was aborted: ERROR: value too long for type character varying(32)")
    );
    assert_eq!(alpha.tasks[3].worker.as_deref(), Some("10.0.0.3:8083"));
    assert_eq!(alpha.kind, ConnectorKind::Destination);
    assert_eq!(alpha.type_id, "io.confluent.connect.jdbc.JdbcSinkConnector");
    assert_eq!(alpha.type_name, "Jdbc Sink");
    assert_eq!(alpha.id, "alpha-degraded");
    let bravo = by("bravo-failed");
    assert!(bravo
        .trace
        .as_deref()
        .unwrap()
        .contains("Caused by: org.postgresql"));
    assert_eq!(
        bravo.failure_reason().as_deref(),
        Some("org.postgresql.util.PSQLException: FATAL: password authentication failed for user \"debezium\"")
    );
    assert_eq!(
        bravo.config["database.password"],
        json!("${file:/opt/secrets.properties:pg.password}")
    );
    let golf = by("golf-info-only");
    assert_eq!(
        (golf.raw_state.as_str(), golf.kind),
        ("UNKNOWN", ConnectorKind::Destination)
    );
    assert_eq!(golf.config["tasks.max"], json!("1"));
    let hotel = by("hotel-status-only");
    assert_eq!(
        (hotel.raw_state.as_str(), hotel.kind),
        ("RESTARTING", ConnectorKind::Destination)
    );
    assert!(hotel.config.is_empty() && hotel.type_id.is_empty());
    assert_eq!(
        by("kilo-mixed").kind,
        ConnectorKind::Destination,
        "type unknown: guessed from the class"
    );
    assert_eq!(by("zeta-running").kind, ConnectorKind::Source);

    let names = parse_list(r#"["b", "a"]"#).unwrap();
    assert_eq!(
        names
            .iter()
            .map(|c| (c.name.as_str(), c.health))
            .collect::<Vec<_>>(),
        [("a", Health::Unknown), ("b", Health::Unknown)]
    );
    assert!(matches!(parse_list("42"), Err(ApiError::Malformed(_))));
    assert!(matches!(parse_list("{"), Err(ApiError::Malformed(_))));
}

#[test]
fn one_connector_from_its_config_and_status() {
    let status = parse_status(&fixture("kafka-connect/status-restarting-tasks.json")).unwrap();
    let (state, trace, tasks, ty) = status.clone();
    assert_eq!(state, "RUNNING");
    assert_eq!(trace, None, "an empty trace is no trace");
    assert_eq!(
        tasks
            .iter()
            .map(|t| (t.id.as_str(), t.state.as_str()))
            .collect::<Vec<_>>(),
        [("0", "RUNNING"), ("1", "RESTARTING")]
    );
    assert_eq!(tasks[1].trace, None);
    assert_eq!(ty.as_deref(), Some("sink"));
    let config = parse_config(&fixture("kafka-connect/config-with-extras.json")).unwrap();
    let c: Connector = connector_from("dw-sink", config.clone(), status);
    assert_eq!(c.health, Health::Starting);
    assert_eq!(c.kind, ConnectorKind::Destination);
    assert_eq!(c.type_name, "Jdbc Sink");
    assert_eq!(c.config, config);
    assert!(parse_status("[]").is_err());
    assert!(parse_config("[]").is_err());
    assert!(parse_config("nope").is_err());
}

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

#[test]
fn a_rejected_config_becomes_field_errors() {
    let e = parse_error(&resp(
        400,
        &fixture("kafka-connect/error-config-invalid.json"),
    ));
    assert_eq!(e.status(), Some(400));
    let fields: Vec<(&str, &str)> = e
        .field_errors()
        .iter()
        .map(|f| (f.key.as_str(), f.message.as_str()))
        .collect();
    assert_eq!(
        fields,
        [
            (
                "connection.url",
                "Missing required configuration \"connection.url\" which has no default value."
            ),
            (
                "tasks.max",
                "Invalid value 5x for configuration tasks.max: Not a number of type INT."
            )
        ]
    );
    let banner = e.to_string();
    assert!(
        banner.starts_with("The connector configuration is invalid (3 errors)."),
        "{banner}"
    );
    assert!(
        banner.contains("The connector cannot reach its database right now."),
        "unrecognised lines stay: {banner}"
    );
    assert!(!banner.contains("You can also find"), "{banner}");
}

#[test]
fn not_found_conflict_and_unreadable_errors() {
    let e = parse_error(&resp(404, &fixture("kafka-connect/error-not-found.json")));
    assert_eq!(
        e.to_string(),
        "The connector no longer exists on the server (Connector dw-sink not found)."
    );
    assert!(!is_retryable(&e));
    let mut r = resp(409, &fixture("kafka-connect/error-rebalance.json"));
    r.headers.push(("Retry-After".into(), "3".into()));
    let e = parse_error(&r);
    assert!(e.to_string().contains("rebalance is in progress"), "{e}");
    assert!(e.to_string().contains("will be retried"), "{e}");
    assert!(is_retryable(&e));
    assert!(matches!(
        e,
        ApiError::Http {
            retry_after: Some(3),
            ..
        }
    ));
    let e = parse_error(&resp(502, "<html>Bad gateway</html>"));
    assert_eq!(e.to_string(), connector_console::http::status_text(502));
    assert!(is_retryable(&e));
    let e = parse_error(&resp(
        500,
        r#"{"error_code":500,"message":"Request timed out"}"#,
    ));
    assert_eq!(e.to_string(), "Request timed out");
    assert!(check(resp(204, "")).is_ok());
    assert!(check(resp(400, "{}")).is_err());
}

// ---------------------------------------------------------------------------------------------
// Round trip of stored configs
// ---------------------------------------------------------------------------------------------

#[test]
fn references_are_recognised() {
    for yes in [
        "${file:/opt/secrets.properties:db.password}",
        "${vault:secret/data/db:password}",
        "${env:DB_PASSWORD}",
        "jdbc:postgresql://${file:/x.properties:host}:5432/db",
        "${directory:/mnt/secrets:pw}",
    ] {
        assert!(is_reference(yes), "{yes}");
    }
    for no in [
        "${topic}",
        "plain",
        "${:x}",
        "${file:}",
        "$file:x:y",
        "${unclosed:x",
        "****",
        "",
    ] {
        assert!(!is_reference(no), "{no}");
    }
}

#[test]
fn extra_keys_are_the_stored_keys_without_definitions() {
    let ct = jdbc_type();
    let stored = parse_config(&fixture("kafka-connect/config-with-extras.json")).unwrap();
    let keys: Vec<String> = extra_keys(&ct, &stored)
        .into_iter()
        .map(|(k, _)| k)
        .collect();
    assert_eq!(
        keys,
        [
            "consumer.override.max.poll.records",
            "errors.deadletterqueue.context.headers.enable",
            "transforms",
            "transforms.route.regex",
            "transforms.route.replacement",
            "transforms.route.type",
            "transforms.unwrap.type",
            "value.converter.schema.registry.url",
        ]
    );
    let mut odd = Map::new();
    odd.insert("x.num".into(), json!(5));
    odd.insert("x.null".into(), Value::Null);
    assert_eq!(
        extra_keys(&ct, &odd),
        [("x.num".to_string(), "5".to_string())]
    );
}

#[test]
fn unknown_keys_and_references_survive_an_edit_through_the_encoder() {
    let ct = jdbc_type();
    let stored = parse_config(&fixture("kafka-connect/config-with-extras.json")).unwrap();
    let (values, mode) = values_from_config(&ct, &stored);
    assert!(
        !mode.secret_is_set("connection.password"),
        "a reference is a value the form can show and send back"
    );
    assert_eq!(
        values["connection.password"],
        Input::Text("${vault:secret/data/dw:password}".into())
    );
    let mut sent = encode(&ct, &values);
    for (k, v) in extra_keys(&ct, &stored) {
        sent.insert(k, Value::String(v));
    }
    for (k, v) in &stored {
        assert_eq!(sent.get(k), Some(v), "{k} must go back unchanged");
    }
    assert!(
        sent.values().all(Value::is_string),
        "Kafka Connect wants strings"
    );
    // config_for_save does the same in one call.
    let saved = config_for_save(&ct, &values, &mode, &stored);
    for (k, v) in &stored {
        assert_eq!(saved.get(k), Some(v), "{k}");
    }
    // …and an edit changes only what the user changed.
    let mut edited = values.clone();
    edited.insert("insert.mode".into(), Input::Text("update".into()));
    let saved = config_for_save(&ct, &edited, &mode, &stored);
    assert_eq!(saved["insert.mode"], json!("update"));
    assert_eq!(
        saved["transforms.unwrap.type"],
        stored["transforms.unwrap.type"]
    );
}

#[test]
fn masked_secrets_round_trip_untouched_and_new_ones_replace_them() {
    let ct = jdbc_type();
    let mut stored = parse_config(&fixture("kafka-connect/config-with-extras.json")).unwrap();
    stored.insert("connection.password".into(), json!("********"));
    let (values, mode) = values_from_config(&ct, &stored);
    assert!(mode.secret_is_set("connection.password"));
    assert!(
        values["connection.password"].is_empty(),
        "the mask is never shown as a value"
    );
    let plain = encode(&ct, &values);
    assert!(
        !plain.contains_key("connection.password"),
        "the encoder alone drops it"
    );
    let saved = config_for_save(&ct, &values, &mode, &stored);
    assert_eq!(
        saved["connection.password"],
        json!("********"),
        "sent back verbatim: PUT replaces the config"
    );
    for (k, v) in &stored {
        assert_eq!(saved.get(k), Some(v), "{k}");
    }
    let mut typed = values.clone();
    typed.insert(
        "connection.password".into(),
        Input::Text("n3w-s3cret".into()),
    );
    let saved = config_for_save(&ct, &typed, &mode, &stored);
    assert_eq!(saved["connection.password"], json!("n3w-s3cret"));
    // A new connector has nothing stored.
    let fresh = config_for_save(&ct, &initial_values(&ct), &Mode::Create, &Map::new());
    assert!(!fresh.contains_key("connection.password"));
    assert!(fresh.values().all(|v| v.is_string() && !is_masked(v)));
}

// ---------------------------------------------------------------------------------------------
// The simulator, driven through the dialect
// ---------------------------------------------------------------------------------------------

const T0: f64 = 1_800_000_000_000.0;
const JDBC: &str = "io.confluent.connect.jdbc.JdbcSinkConnector";
const PG: &str = "io.debezium.connector.postgresql.PostgresConnector";

fn ok(r: HttpResponse) -> HttpResponse {
    assert!(r.ok(), "{} {}", r.status, r.body);
    r
}

fn validate(sim: &mut KafkaConnectSim, class: &str, config: Value) -> Validation {
    let r = ok(sim.handle(&validate_request(class, &obj(config)), T0));
    parse_validation(&r.body).unwrap()
}

fn visible(v: &Validation, key: &str) -> bool {
    v.state(key).unwrap_or_else(|| panic!("{key}")).visible
}

fn connector(sim: &mut KafkaConnectSim, name: &str, now: f64) -> Connector {
    let config = parse_config(&ok(sim.handle(&config_request(name), now)).body).unwrap();
    let status = parse_status(&ok(sim.handle(&status_request(name), now)).body).unwrap();
    connector_from(name, config, status)
}

fn jdbc_config(extra: Value) -> Map<String, Value> {
    let mut c = obj(json!({
        "connector.class": JDBC, "tasks.max": "1", "topics": "orders",
        "connection.url": "jdbc:postgresql://dw.example.com:5432/dw",
        "connection.user": "loader", "connection.password": "pw",
    }));
    c.extend(obj(extra));
    c
}

#[test]
fn sim_lists_plugins_the_dialect_reads() {
    let mut sim = KafkaConnectSim::new();
    let r = ok(sim.handle(&plugins_request(), T0));
    let cat = parse_plugins(&r.body).unwrap();
    assert_eq!(cat.types.len(), 5);
    assert!(cat.skipped.is_empty());
    let all = HttpRequest::new(Method::Get, "/connector-plugins").query("connectorsOnly", "false");
    let cat = parse_plugins(&ok(sim.handle(&all, T0)).body).unwrap();
    assert_eq!(cat.types.len(), 5);
    assert_eq!(cat.skipped.len(), 2, "a converter and a transformation");
    // Every plugin validates into a usable form.
    let mut sim2 = KafkaConnectSim::new();
    for t in &parse_plugins(&ok(sim2.handle(&plugins_request(), T0)).body)
        .unwrap()
        .types
    {
        let v = validate(&mut sim2, &t.id, json!({}));
        let ct = type_from_validation(t, &v);
        assert!(
            ct.field("name").is_some() && ct.field("connector.class").unwrap().readonly,
            "{}",
            t.id
        );
        assert!(v.error_count > 0, "{}: an empty config has errors", t.id);
        assert_eq!(
            v.state("connector.class").unwrap().value.as_deref(),
            Some(t.id.as_str())
        );
    }
}

#[test]
fn sim_revalidation_reveals_fields_for_the_connection_method() {
    let mut sim = KafkaConnectSim::new();
    let base = json!({"connector.class": JDBC, "name": "x", "topics": "t", "connection.url": "jdbc:x://h/db"});
    let v = validate(&mut sim, JDBC, base.clone());
    assert!(visible(&v, "connection.password"));
    for k in [
        "aws.region",
        "aws.role.arn",
        "ssl.truststore.location",
        "ssl.truststore.password",
    ] {
        assert!(!visible(&v, k), "{k}");
    }
    let mut iam = base.clone();
    iam["connection.method"] = json!("iam");
    let v = validate(&mut sim, JDBC, iam.clone());
    assert!(!visible(&v, "connection.password"));
    assert!(visible(&v, "aws.region") && visible(&v, "aws.role.arn"));
    assert!(!visible(&v, "ssl.truststore.location"));
    let errs: Vec<&str> = v
        .states
        .iter()
        .flat_map(|s| s.errors.iter().map(String::as_str))
        .collect();
    assert_eq!(
        errs,
        [
            "Missing required configuration \"aws.region\" which has no default value.",
            "Missing required configuration \"aws.role.arn\" which has no default value."
        ]
    );
    assert_eq!(v.error_count, 2);
    iam["aws.region"] = json!("eu-west-1");
    iam["aws.role.arn"] = json!("not-an-arn");
    let v = validate(&mut sim, JDBC, iam.clone());
    assert_eq!(v.error_count, 1);
    assert!(v.state("aws.role.arn").unwrap().errors[0].contains("Must be an IAM role ARN"));
    iam["aws.role.arn"] = json!("arn:aws:iam::123456789012:role/dw-loader");
    assert_eq!(validate(&mut sim, JDBC, iam).error_count, 0);
    let mut ssl = base.clone();
    ssl["connection.method"] = json!("ssl");
    let v = validate(&mut sim, JDBC, ssl);
    assert!(visible(&v, "ssl.truststore.location") && visible(&v, "ssl.truststore.password"));
    assert!(!visible(&v, "connection.password") && !visible(&v, "aws.region"));
    // The form built from it offers the recommended methods.
    let ct = type_from_validation(&jdbc_plugin(), &v);
    assert!(
        matches!(&ct.field("connection.method").unwrap().widget, Widget::Select { choices } if choices.len() == 3)
    );
    assert!(ct.field("ssl.truststore.password").unwrap().secret);
}

#[test]
fn sim_recommended_insert_modes_follow_the_dialect() {
    let mut sim = KafkaConnectSim::new();
    let modes = |sim: &mut KafkaConnectSim, dialect: Option<&str>| {
        let mut c = json!({"connector.class": JDBC});
        if let Some(d) = dialect {
            c["dialect.name"] = json!(d);
        }
        validate(sim, JDBC, c)
            .state("insert.mode")
            .unwrap()
            .recommended
            .clone()
    };
    assert_eq!(modes(&mut sim, None), ["insert", "upsert", "update"]);
    assert_eq!(modes(&mut sim, Some("GenericDatabaseDialect")), ["insert"]);
    assert_eq!(
        modes(&mut sim, Some("SqliteDatabaseDialect")),
        ["insert", "upsert"]
    );
    assert_eq!(
        modes(&mut sim, Some("PostgreSqlDatabaseDialect")),
        ["insert", "upsert", "update"]
    );
    let v = validate(
        &mut sim,
        JDBC,
        json!({"connector.class": JDBC, "dialect.name": "GenericDatabaseDialect", "insert.mode": "upsert"}),
    );
    assert_eq!(
        v.state("insert.mode").unwrap().errors,
        ["Invalid value upsert for configuration insert.mode: String must be one of: insert"]
    );
    // The Postgres plugin reveals publication settings only for pgoutput.
    let v = validate(&mut sim, PG, json!({"plugin.name": "decoderbufs"}));
    assert!(!visible(&v, "publication.name"));
    let v = validate(&mut sim, PG, json!({"plugin.name": "pgoutput"}));
    assert!(visible(&v, "publication.name") && visible(&v, "publication.autocreate.mode"));
}

#[test]
fn sim_reports_bad_values_with_kafka_connect_messages() {
    let mut sim = KafkaConnectSim::new();
    let v = validate(
        &mut sim,
        PG,
        json!({
            "name": "pg", "tasks.max": "5x", "database.port": "70000", "plugin.name": "wal3json",
            "database.hostname": "db", "database.user": "u", "database.dbname": "d",
            "tombstones.on.delete": "maybe", "poll.interval.ms": "0"
        }),
    );
    let err = |k: &str| v.state(k).unwrap().errors.clone();
    assert_eq!(
        err("tasks.max"),
        ["Invalid value 5x for configuration tasks.max: Not a number of type INT"]
    );
    assert_eq!(
        err("database.port"),
        ["Invalid value 70000 for configuration database.port: Value must be no more than 65535"]
    );
    assert_eq!(
        err("plugin.name"),
        ["Invalid value wal3json for configuration plugin.name: String must be one of: decoderbufs, pgoutput"]
    );
    assert_eq!(err("tombstones.on.delete"), ["Invalid value maybe for configuration tombstones.on.delete: Expected value to be either true or false"]);
    assert_eq!(
        err("poll.interval.ms"),
        ["Invalid value 0 for configuration poll.interval.ms: Value must be at least 1"]
    );
    assert_eq!(
        err("topic.prefix"),
        ["Missing required configuration \"topic.prefix\" which has no default value."]
    );
    assert_eq!(v.error_count, 6);
    assert_eq!(
        v.state("database.port").unwrap().value.as_deref(),
        Some("70000")
    );
    assert_eq!(
        v.state("slot.name").unwrap().value.as_deref(),
        Some("debezium"),
        "defaults resolve"
    );
    // Verifying TLS needs the root certificate, which only then appears.
    let v = validate(&mut sim, PG, json!({"database.sslmode": "verify-full"}));
    assert!(visible(&v, "database.sslrootcert"));
    assert_eq!(v.state("database.sslrootcert").unwrap().errors.len(), 1);
    let v = validate(&mut sim, PG, json!({"database.password": "pw"}));
    assert_eq!(
        v.state("database.password").unwrap().value,
        None,
        "[hidden] never reaches the form"
    );
    // Sinks need topics or topics.regex.
    let v = validate(&mut sim, JDBC, json!({}));
    assert_eq!(
        v.state("topics").unwrap().errors,
        ["Must configure one of topics or topics.regex"]
    );
    let v = validate(&mut sim, JDBC, json!({"topics.regex": "orders.*"}));
    assert!(v.state("topics").unwrap().errors.is_empty());
    // Unknown plugins are refused.
    let r = sim.handle(&validate_request("com.acme.Nope", &Map::new()), T0);
    assert_eq!(r.status, 400);
    assert!(parse_error(&r)
        .to_string()
        .contains("Failed to find any class"));
}

#[test]
fn sim_lifecycle_create_run_and_update() {
    let mut sim = KafkaConnectSim::new();
    let r = sim.handle(
        &put_config_request("dw", &jdbc_config(json!({"tasks.max": "2"}))),
        T0,
    );
    assert_eq!(r.status, 201, "{}", r.body);
    assert_eq!(sim.len(), 1);
    let c = connector(&mut sim, "dw", T0);
    assert_eq!(
        (c.raw_state.as_str(), c.health),
        ("UNASSIGNED", Health::Starting)
    );
    assert!(c.tasks.is_empty());
    let c = connector(&mut sim, "dw", T0 + 1_500.0);
    assert_eq!(
        (c.raw_state.as_str(), c.health),
        ("RUNNING", Health::Starting)
    );
    assert_eq!(c.task_summary(), [("UNASSIGNED".to_string(), 2)]);
    let c = connector(&mut sim, "dw", T0 + 2_100.0);
    assert_eq!(
        (c.raw_state.as_str(), c.health),
        ("RUNNING", Health::Running)
    );
    assert_eq!(c.tasks.len(), 2);
    assert_eq!(c.config["name"], json!("dw"), "the server adds the name");
    // An update answers 200 and restarts the connector.
    let r = sim.handle(
        &put_config_request("dw", &jdbc_config(json!({"tasks.max": "3"}))),
        T0 + 5_000.0,
    );
    assert_eq!(r.status, 200, "{}", r.body);
    let c = connector(&mut sim, "dw", T0 + 5_100.0);
    assert_eq!(c.raw_state, "RESTARTING");
    let c = connector(&mut sim, "dw", T0 + 8_000.0);
    assert_eq!((c.health, c.tasks.len()), (Health::Running, 3));
    // The list shows the same.
    let list = parse_list(&ok(sim.handle(&list_request(), T0 + 8_000.0)).body).unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(
        (list[0].name.as_str(), list[0].health, list[0].kind),
        ("dw", Health::Running, ConnectorKind::Destination)
    );
    assert_eq!(list[0].type_name, "Jdbc Sink");
    // POST creates only.
    let r = sim.handle(&create_request("dw", &jdbc_config(json!({}))), T0);
    assert_eq!(r.status, 409);
    let r = sim.handle(&create_request("dw2", &jdbc_config(json!({}))), T0);
    assert_eq!(r.status, 201, "{}", r.body);
    assert_eq!(sim.len(), 2);
}

#[test]
fn sim_fails_unreachable_hosts_with_a_root_cause() {
    let mut sim = KafkaConnectSim::new();
    let config =
        jdbc_config(json!({"connection.url": "jdbc:postgresql://dw.corp.invalid:5432/dw"}));
    ok(sim.handle(&put_config_request("dw", &config), T0));
    let c = connector(&mut sim, "dw", T0 + 2_500.0);
    assert_eq!((c.raw_state.as_str(), c.health), ("FAILED", Health::Failed));
    let trace = c.trace.as_deref().unwrap();
    assert!(trace.contains("\nCaused by: "), "{trace}");
    assert_eq!(
        c.failure_reason().as_deref(),
        Some("java.net.UnknownHostException: dw.corp.invalid: Name or service not known")
    );
    // Restarting does not fix the config: it restarts, then fails again.
    let r = sim.handle(&restart_request("dw", false, false), T0 + 3_000.0);
    assert_eq!(r.status, 204);
    assert_eq!(
        connector(&mut sim, "dw", T0 + 3_100.0).raw_state,
        "RESTARTING"
    );
    assert_eq!(
        connector(&mut sim, "dw", T0 + 6_000.0).health,
        Health::Failed
    );
    // Fixing the config does.
    ok(sim.handle(
        &put_config_request("dw", &jdbc_config(json!({}))),
        T0 + 7_000.0,
    ));
    assert_eq!(
        connector(&mut sim, "dw", T0 + 10_000.0).health,
        Health::Running
    );
}

#[test]
fn sim_degrades_on_a_poison_table_and_restarts_only_failed_tasks() {
    let mut sim = KafkaConnectSim::new();
    let config = jdbc_config(json!({"tasks.max": "3", "table.name.format": "poison_${topic}"}));
    ok(sim.handle(&put_config_request("dw", &config), T0));
    let c = connector(&mut sim, "dw", T0 + 2_500.0);
    assert_eq!(
        (c.raw_state.as_str(), c.health),
        ("RUNNING", Health::Degraded)
    );
    assert_eq!(
        c.task_summary(),
        [("RUNNING".to_string(), 2), ("FAILED".to_string(), 1)]
    );
    let failed = c.tasks.iter().find(|t| t.failed()).unwrap();
    assert_eq!(failed.id, "2");
    assert!(failed.trace.as_deref().unwrap().contains("Caused by: org.apache.kafka.connect.errors.DataException: Poison record in poison_${topic}"));
    let r = sim.handle(&restart_request("dw", true, true), T0 + 3_000.0);
    assert_eq!(r.status, 202);
    let (state, _, tasks, _) = parse_status(&r.body).unwrap();
    assert_eq!(
        state, "RUNNING",
        "a running connector is not restarted by onlyFailed"
    );
    assert_eq!(
        tasks.iter().map(|t| t.state.as_str()).collect::<Vec<_>>(),
        ["RUNNING", "RUNNING", "RESTARTING"]
    );
    let c = connector(&mut sim, "dw", T0 + 3_500.0);
    assert_eq!(c.health, Health::Starting, "a restarting task");
    let c = connector(&mut sim, "dw", T0 + 4_100.0);
    assert_eq!(
        (c.health, c.task_summary()),
        (Health::Running, vec![("RUNNING".to_string(), 3)])
    );
    // The simulate flag degrades too, and one task can be restarted on its own.
    let flagged = jdbc_config(json!({"tasks.max": "2", "simulate.task.failure": "true"}));
    ok(sim.handle(&put_config_request("flagged", &flagged), T0));
    assert_eq!(
        connector(&mut sim, "flagged", T0 + 2_500.0).health,
        Health::Degraded
    );
    assert_eq!(
        sim.handle(&restart_task_request("flagged", "1"), T0 + 3_000.0)
            .status,
        204
    );
    assert_eq!(
        connector(&mut sim, "flagged", T0 + 3_100.0).tasks[1].state,
        "RESTARTING"
    );
    assert_eq!(
        connector(&mut sim, "flagged", T0 + 4_100.0).health,
        Health::Running
    );
    let r = sim.handle(&restart_task_request("flagged", "7"), T0);
    assert_eq!(r.status, 404);
    // With one task, a poisoned task fails the whole connector.
    let single = jdbc_config(json!({"simulate.task.failure": "true"}));
    ok(sim.handle(&put_config_request("single", &single), T0));
    assert_eq!(
        connector(&mut sim, "single", T0 + 2_500.0).health,
        Health::Failed
    );
}

#[test]
fn sim_pause_resume_stop_and_delete() {
    let mut sim = KafkaConnectSim::new();
    ok(sim.handle(
        &put_config_request("dw", &jdbc_config(json!({"tasks.max": "2"}))),
        T0,
    ));
    let later = T0 + 3_000.0;
    assert_eq!(sim.handle(&pause_request("dw"), later).status, 202);
    let c = connector(&mut sim, "dw", later);
    assert_eq!((c.raw_state.as_str(), c.health), ("PAUSED", Health::Paused));
    assert_eq!(c.task_summary(), [("PAUSED".to_string(), 2)]);
    assert_eq!(sim.handle(&resume_request("dw"), later).status, 202);
    assert_eq!(connector(&mut sim, "dw", later).health, Health::Running);
    assert_eq!(sim.handle(&stop_request("dw"), later).status, 204);
    let c = connector(&mut sim, "dw", later);
    assert_eq!(
        (c.raw_state.as_str(), c.health, c.tasks.len()),
        ("STOPPED", Health::Stopped, 0)
    );
    assert_eq!(sim.handle(&resume_request("dw"), later).status, 202);
    assert_eq!(
        connector(&mut sim, "dw", later + 100.0).raw_state,
        "UNASSIGNED",
        "a stopped connector starts from scratch"
    );
    assert_eq!(
        connector(&mut sim, "dw", later + 2_100.0).health,
        Health::Running
    );
    assert_eq!(sim.handle(&delete_request("dw"), later).status, 204);
    assert!(sim.is_empty());
    for req in [
        status_request("dw"),
        config_request("dw"),
        pause_request("dw"),
        delete_request("dw"),
        restart_request("dw", true, true),
    ] {
        let r = sim.handle(&req, later);
        assert_eq!(r.status, 404, "{}", req.path);
        assert_eq!(
            serde_json::from_str::<Value>(&r.body).unwrap(),
            json!({"error_code": 404, "message": "Connector dw not found"})
        );
        assert!(parse_error(&r).to_string().contains("no longer exists"));
    }
}

#[test]
fn sim_rejects_invalid_configs_with_the_real_message() {
    let mut sim = KafkaConnectSim::new();
    let bad = obj(
        json!({"connector.class": JDBC, "tasks.max": "5x", "topics": "t", "connection.password": "pw"}),
    );
    let r = sim.handle(&put_config_request("dw", &bad), T0);
    assert_eq!(r.status, 400);
    let body: Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(body["error_code"], json!(400));
    let message = body["message"].as_str().unwrap();
    assert!(
        message.starts_with(
            "Connector configuration is invalid and contains the following 2 error(s):\n"
        ),
        "{message}"
    );
    assert!(message.ends_with("You can also find the above list of errors at the endpoint `/connector-plugins/{connectorType}/config/validate`"));
    let e = parse_error(&r);
    let keys: Vec<&str> = e.field_errors().iter().map(|f| f.key.as_str()).collect();
    assert_eq!(keys, ["tasks.max", "connection.url"]);
    assert!(sim.is_empty(), "nothing was created");
    let mismatch = jdbc_config(json!({"name": "other"}));
    let r = sim.handle(&put_config_request("dw", &mismatch), T0);
    assert_eq!(r.status, 400);
    assert!(r.body.contains("doesn't match connector name in the URL"));
    let r = sim.handle(&put_config_request("dw", &obj(json!({"topics": "t"}))), T0);
    assert_eq!(r.status, 400);
    assert!(r.body.contains("contains no connector type"));
}

#[test]
fn sim_config_round_trip_keeps_unknown_keys() {
    let mut sim = KafkaConnectSim::new();
    let mut config = jdbc_config(json!({
        "transforms": "route", "transforms.route.type": "org.apache.kafka.connect.transforms.RegexRouter",
        "connection.password": "${file:/opt/secrets.properties:dw.password}",
        "consumer.override.max.poll.records": 250,
    }));
    ok(sim.handle(&put_config_request("dw", &config), T0));
    let stored = parse_config(&ok(sim.handle(&config_request("dw"), T0)).body).unwrap();
    config.insert("consumer.override.max.poll.records".into(), json!("250"));
    config.insert("name".into(), json!("dw"));
    assert_eq!(stored, config);
    // Edit through the form and save: every unknown key and the reference come back.
    let plugin = jdbc_plugin();
    let v = validate(&mut sim, JDBC, Value::Object(stored.clone()));
    let ct = type_from_validation(&plugin, &v);
    let (mut values, mode) = values_from_config(&ct, &stored);
    values.insert("batch.size".into(), Input::Text("500".into()));
    let save = config_for_save(&ct, &values, &mode, &stored);
    assert_eq!(
        sim.handle(&put_config_request("dw", &save), T0 + 10.0)
            .status,
        200
    );
    let after = parse_config(&ok(sim.handle(&config_request("dw"), T0 + 10.0)).body).unwrap();
    for (k, v) in &stored {
        assert_eq!(after.get(k), Some(v), "{k}");
    }
    assert_eq!(after["batch.size"], json!("500"));
}

#[test]
fn sim_answers_409_while_rebalancing() {
    let mut sim = KafkaConnectSim::new();
    sim.inject_conflicts(2);
    // Reads are not affected.
    assert!(sim.handle(&list_request(), T0).ok());
    assert!(sim.handle(&validate_request(JDBC, &Map::new()), T0).ok());
    for _ in 0..2 {
        let r = sim.handle(&put_config_request("dw", &jdbc_config(json!({}))), T0);
        assert_eq!(r.status, 409);
        assert_eq!(
            serde_json::from_str::<Value>(&r.body).unwrap(),
            json!({"error_code": 409, "message": "Cannot complete request momentarily due to stale configuration (typically caused by a concurrent config change)"})
        );
        let e = parse_error(&r);
        assert!(is_retryable(&e) && e.to_string().contains("rebalance"));
    }
    assert!(sim.is_empty());
    assert_eq!(
        sim.handle(&put_config_request("dw", &jdbc_config(json!({}))), T0)
            .status,
        201
    );
}

#[test]
fn sim_demo_and_state_export_without_secrets() {
    let mut sim = KafkaConnectSim::new();
    sim.seed_demo(T0);
    sim.seed_demo(T0);
    assert_eq!(sim.len(), 4, "seeding twice adds nothing");
    let list = parse_list(&ok(sim.handle(&list_request(), T0)).body).unwrap();
    let healths: Vec<(&str, Health)> = list.iter().map(|c| (c.name.as_str(), c.health)).collect();
    assert_eq!(
        healths,
        [
            ("archive-s3-sink", Health::Failed),
            ("clickstream-datagen", Health::Running),
            ("orders-postgres-cdc", Health::Running),
            ("warehouse-jdbc-sink", Health::Degraded),
        ]
    );
    ok(sim.handle(&pause_request("clickstream-datagen"), T0));
    let state = sim.export_state();
    let text = state.to_string();
    assert!(
        !text.contains("demo-password") && !text.contains("demo-secret"),
        "{text}"
    );
    assert!(
        text.contains("${file:/opt/kafka/secrets/orders.properties:db.password}"),
        "references are not secrets"
    );
    assert!(text.contains("transforms.unwrap.type"));
    let mut back = KafkaConnectSim::new();
    back.import_state(&state);
    assert_eq!(back.len(), 4);
    let again = parse_list(&ok(back.handle(&list_request(), T0)).body).unwrap();
    let healths: Vec<(&str, Health)> = again.iter().map(|c| (c.name.as_str(), c.health)).collect();
    assert_eq!(
        healths,
        [
            ("archive-s3-sink", Health::Failed),
            ("clickstream-datagen", Health::Paused),
            ("orders-postgres-cdc", Health::Running),
            ("warehouse-jdbc-sink", Health::Degraded),
        ]
    );
    let jdbc = again
        .iter()
        .find(|c| c.name == "warehouse-jdbc-sink")
        .unwrap();
    assert!(!jdbc.config.contains_key("connection.password"));
    let mut junk = KafkaConnectSim::new();
    junk.import_state(
        &json!({"connectors": [1, {"name": "x"}, {"name": "y", "class": "com.acme.Nope"}]}),
    );
    assert!(junk.is_empty());
    junk.import_state(&json!("garbage"));
    assert!(junk.is_empty());
}

#[test]
fn sim_unknown_routes() {
    let mut sim = KafkaConnectSim::new();
    assert_eq!(
        sim.handle(&HttpRequest::new(Method::Get, "/nope"), T0)
            .status,
        404
    );
    assert_eq!(
        sim.handle(&HttpRequest::new(Method::Delete, "/connectors"), T0)
            .status,
        405
    );
    let root = ok(sim.handle(&HttpRequest::new(Method::Get, "/"), T0));
    assert!(root.body.contains("\"version\""));
    ok(sim.handle(
        &put_config_request("dw", &jdbc_config(json!({"tasks.max": "2"}))),
        T0,
    ));
    let names: Value = serde_json::from_str(
        &ok(sim.handle(&HttpRequest::new(Method::Get, "/connectors"), T0)).body,
    )
    .unwrap();
    assert_eq!(names, json!(["dw"]));
    let tasks: Value = serde_json::from_str(
        &ok(sim.handle(&HttpRequest::new(Method::Get, "/connectors/dw/tasks"), T0)).body,
    )
    .unwrap();
    assert_eq!(tasks.as_array().unwrap().len(), 2);
    let info: Value = serde_json::from_str(
        &ok(sim.handle(&HttpRequest::new(Method::Get, "/connectors/dw"), T0)).body,
    )
    .unwrap();
    assert_eq!(info["type"], json!("sink"));
}

// ---------------------------------------------------------------------------------------------
// Conformance over the shared public payloads
// ---------------------------------------------------------------------------------------------

#[test]
fn shared_plugins_and_small_validation() {
    let (Some(plugins), Some(validate)) = (
        shared("kafka-connect/getConnectorPlugins.json"),
        shared("kafka-connect/putConnectorPluginConfigValidate.json"),
    ) else {
        return;
    };
    let cat = parse_plugins(&plugins).unwrap();
    assert!(cat.skipped.is_empty());
    let t: Vec<(&str, ConnectorKind)> = cat
        .types
        .iter()
        .map(|t| (t.name.as_str(), t.kind))
        .collect();
    assert_eq!(
        t,
        [
            ("File Stream Sink", ConnectorKind::Destination),
            ("File Stream Source", ConnectorKind::Source)
        ]
    );
    assert_eq!(cat.types[0].details[0].value, "1.0.0-cp1");
    let v = parse_validation(&validate).unwrap();
    assert_eq!(v.error_count, 1);
    assert_eq!(
        v.groups.iter().map(|g| g.id.as_str()).collect::<Vec<_>>(),
        ["Common", "Transforms"]
    );
    assert_eq!(v.fields.len(), 6);
    assert_eq!(v.state("tasks.max").unwrap().value.as_deref(), Some("3"));
    assert_eq!(v.state("name").unwrap().errors.len(), 1);
    assert_eq!(
        v.fields
            .iter()
            .find(|f| f.key == "transforms")
            .unwrap()
            .widget,
        Widget::MultiSelect {
            choices: vec![],
            free_entry: true
        }
    );
}

#[test]
fn shared_debezium_postgres_validation() {
    let Some(text) = shared("kafka-connect/validate-debezium-postgres.json") else {
        return;
    };
    let raw: Value = serde_json::from_str(&text).unwrap();
    let v = parse_validation(&text).unwrap();
    assert_eq!(v.fields.len(), 93);
    assert_eq!(v.states.len(), 93);
    assert_eq!(v.states.iter().filter(|s| !s.visible).count(), 7);
    assert_eq!(v.error_count, 5);
    assert_eq!(
        v.groups.iter().map(|g| g.id.as_str()).collect::<Vec<_>>(),
        [
            "Common",
            "Transforms",
            "Predicates",
            "Error Handling",
            "Topic Creation",
            "Postgres",
            "Connector",
            "Events"
        ]
    );
    // Every definition maps, with its type's widget.
    for entry in raw["configs"].as_array().unwrap() {
        let d = &entry["definition"];
        let key = d["name"].as_str().unwrap();
        let f = v.fields.iter().find(|f| f.key == key).unwrap();
        let ty = d["type"].as_str().unwrap();
        let recommended = !entry["value"]["recommended_values"]
            .as_array()
            .unwrap()
            .is_empty();
        let ok = match ty {
            "BOOLEAN" => f.widget == Widget::Toggle,
            "INT" | "LONG" => matches!(f.widget, Widget::Number { integer: true, .. }),
            "PASSWORD" => f.widget == Widget::Password && f.secret,
            "LIST" => matches!(
                f.widget,
                Widget::MultiSelect {
                    free_entry: true,
                    ..
                }
            ),
            "STRING" | "CLASS" if recommended => matches!(f.widget, Widget::Select { .. }),
            "STRING" | "CLASS" => f.widget == Widget::Text,
            other => panic!("unexpected type {other}"),
        };
        assert!(ok, "{key}: {ty} → {:?}", f.widget);
        assert_eq!(f.advanced, d["importance"] != "HIGH", "{key}");
        assert_eq!(f.value_type, ValueType::String);
    }
    let f = |k: &str| v.fields.iter().find(|f| f.key == k).unwrap();
    assert_eq!(f("database.port").default, Some(json!("5432")));
    assert_eq!(f("database.hostname").label, "Hostname");
    assert!(matches!(&f("snapshot.mode").widget, Widget::Select { choices } if choices.len() == 6));
    // Within a group, fields follow `order`.
    let postgres: Vec<&str> = v
        .fields
        .iter()
        .filter(|f| f.group == "Postgres")
        .take(6)
        .map(|f| f.key.as_str())
        .collect();
    assert_eq!(
        postgres,
        [
            "database.server.name",
            "database.hostname",
            "database.port",
            "database.user",
            "database.password",
            "database.dbname"
        ]
    );
    // A stored config of this connector survives an edit.
    let plugin = ConnectorType {
        id: "io.debezium.connector.postgresql.PostgresConnector".into(),
        ..Default::default()
    };
    let ct = type_from_validation(&plugin, &v);
    let stored = obj(json!({
        "connector.class": "io.debezium.connector.postgresql.PostgresConnector",
        "name": "inventory", "database.hostname": "pg", "database.user": "dbz",
        "database.password": "${file:/secrets/pg.properties:password}",
        "database.sslpassword": "********",
        "database.dbname": "inventory", "database.server.name": "inv",
        "transforms": "unwrap", "transforms.unwrap.type": "io.debezium.transforms.ExtractNewRecordState",
        "transforms.unwrap.drop.tombstones": "false",
        "table.include.list": "public.orders,public.customers",
    }));
    let (values, mode) = values_from_config(&ct, &stored);
    assert!(mode.secret_is_set("database.sslpassword"));
    let saved = config_for_save(&ct, &values, &mode, &stored);
    for (k, want) in &stored {
        assert_eq!(saved.get(k), Some(want), "{k}");
    }
}

#[test]
fn shared_connector_lists_status_and_config() {
    let (Some(all), Some(info), Some(status_only), Some(names)) = (
        shared("kafka-connect/getConnectorsWithAllExpandedMetadata.json"),
        shared("kafka-connect/getConnectorsWithExpandedInfo.json"),
        shared("kafka-connect/getConnectorsWithExpandedStatus.json"),
        shared("kafka-connect/getConnectors.json"),
    ) else {
        return;
    };
    let list = parse_list(&all).unwrap();
    assert_eq!(
        list.iter()
            .map(|c| (c.name.as_str(), c.health))
            .collect::<Vec<_>>(),
        [
            ("MyTestConnector", Health::Degraded),
            ("MyTestConnector2", Health::Running)
        ]
    );
    let c = &list[0];
    assert_eq!(
        c.task_summary(),
        [
            ("FAILED".to_string(), 1),
            ("RUNNING".to_string(), 1),
            ("PAUSED".to_string(), 1)
        ]
    );
    assert_eq!(c.tasks[0].trace.as_deref(), Some("trace0"));
    assert_eq!(c.type_name, "Verifiable Source");
    assert_eq!(c.config["tasks.max"], json!("3"));
    let list = parse_list(&info).unwrap();
    assert!(list
        .iter()
        .all(|c| c.health == Health::Unknown && !c.config.is_empty()));
    let list = parse_list(&status_only).unwrap();
    assert_eq!(
        list.iter().map(|c| c.health).collect::<Vec<_>>(),
        [Health::Degraded, Health::Running]
    );
    assert!(list
        .iter()
        .all(|c| c.config.is_empty() && c.kind == ConnectorKind::Source));
    assert_eq!(parse_list(&names).unwrap().len(), 2);

    let (Some(status), Some(config), Some(not_found), Some(connector)) = (
        shared("kafka-connect/getConnectorStatus.json"),
        shared("kafka-connect/getConnectorConfig.json"),
        shared("kafka-connect/errorResourceNotFound.json"),
        shared("kafka-connect/getConnector.json"),
    ) else {
        return;
    };
    let parts = parse_status(&status).unwrap();
    assert_eq!(
        (parts.0.as_str(), parts.3.as_deref()),
        ("RUNNING", Some("unknown"))
    );
    let c = connector_from("My Test Connector", parse_config(&config).unwrap(), parts);
    assert_eq!(c.health, Health::Starting, "running, no tasks yet");
    assert_eq!(c.type_name, "Mock");
    assert_eq!(c.kind, ConnectorKind::Source);
    let e = parse_error(&resp(404, &not_found));
    assert_eq!(
        e.to_string(),
        "The connector no longer exists on the server (Connector DoesNotExist not found)."
    );
    // The single-connector document has a config too.
    let doc: Value = serde_json::from_str(&connector).unwrap();
    assert_eq!(
        parse_config(&doc["config"].to_string()).unwrap()["tasks.max"],
        json!("10")
    );
}

// ---------------------------------------------------------------------------------------------
// The verbs and the encode step, through the vendor boundary, against the simulator

mod verbs {
    use std::collections::BTreeSet;

    use super::common::*;
    use connector_console::config::{AuthKind, BackendConfig};
    use connector_console::http::Method;
    use connector_console::model::catalog::{ConnectorKind, ConnectorType};
    use connector_console::model::form::{initial_values, values_from_config, Input, Mode, Values};
    use connector_console::model::status::Health;
    use connector_console::vendor::{Action, Capability, FormInput, Vendor};
    use connector_console::vendors::kafka_connect::sim::KafkaConnectSim;
    use connector_console::vendors::kafka_connect::KafkaConnect;
    use serde_json::{json, Map, Value};

    const FILE: &str = "org.apache.kafka.connect.file.FileStreamSourceConnector";

    fn backend() -> BackendConfig {
        BackendConfig {
            id: "kc".into(),
            label: "Kafka Connect".into(),
            dialect: "kafka-connect".into(),
            simulated: false,
            base_url: Some("/connect".into()),
            auth: AuthKind::None,
            options: Default::default(),
            user_added: false,
            timeout_secs: None,
        }
    }

    #[test]
    fn the_vendor_declares_its_409_rule_and_task_restarts() {
        assert!(KafkaConnect
            .capabilities()
            .contains(&Capability::TaskRestart));
        let waits: Vec<u32> = (1..=4)
            .filter_map(|n| KafkaConnect.retry(409, n).map(|r| r.wait_ms))
            .collect();
        assert_eq!(waits, vec![1000, 2000, 4000], "three waits, doubling");
        assert!(KafkaConnect.retry(503, 1).is_none());
        assert!(KafkaConnect
            .retry(409, 1)
            .unwrap()
            .message
            .contains("rebalancing"));
    }

    #[test]
    fn validate_driven_form_create_restart_and_edit_keeping_unknown_keys() {
        let io = SimExchange::new(Box::<KafkaConnectSim>::default());
        let b = KafkaConnect.open(&backend());
        let c = b.connectors().unwrap();
        let cat = block_on(c.catalog(&io, ConnectorKind::Source)).unwrap();
        assert!(cat.types.iter().any(|t| t.id == FILE));
        // The form comes from a first validation of an empty config.
        let (ct, _) = block_on(c.connector_type(&io, ConnectorKind::Source, FILE)).unwrap();
        assert!(ct.field("topic").is_some_and(|f| f.required));

        let mut values = initial_values(&ct);
        let empty = Map::new();
        let hidden = BTreeSet::new();
        let other = vec![("producer.override.linger.ms".to_string(), "5".to_string())];
        fn new_form<'a>(
            ct: &'a ConnectorType,
            values: &'a Values,
            empty: &'a Map<String, Value>,
            other: &'a [(String, String)],
            hidden: &'a BTreeSet<String>,
        ) -> FormInput<'a> {
            FormInput {
                ct,
                values,
                mode: &Mode::Create,
                stored: empty,
                other,
                server_hidden: hidden,
                name: "file-in",
            }
        }
        // The server says what is wrong before anything is created.
        let v =
            block_on(c.validate(&io, &new_form(&ct, &values, &empty, &other, &hidden))).unwrap();
        assert!(v.error_count > 0);
        values.insert("topic".into(), Input::Text("lines".into()));
        values.insert("file".into(), Input::Text("/tmp/in.txt".into()));
        let v =
            block_on(c.validate(&io, &new_form(&ct, &values, &empty, &other, &hidden))).unwrap();
        assert_eq!(v.error_count, 0, "{v:?}");

        // The one encode step: strings, other properties, name and class.
        let config = c.encode(&new_form(&ct, &values, &empty, &other, &hidden));
        assert_eq!(config["topic"], json!("lines"));
        assert!(
            config.get("batch.size").is_none_or(|v| v == "2000"),
            "{config:?}"
        );
        assert_eq!(config["producer.override.linger.ms"], json!("5"));
        assert_eq!(config["name"], json!("file-in"));
        assert_eq!(config["connector.class"], json!(FILE));
        assert!(config.values().all(Value::is_string));

        let created =
            block_on(c.create(&io, &new_form(&ct, &values, &empty, &other, &hidden))).unwrap();
        assert_eq!(created.health, Health::Starting);
        let sent = io.sent.borrow().last().cloned().unwrap();
        assert_eq!(
            (sent.method, sent.path.as_str()),
            (Method::Put, "/connectors/file-in/config")
        );

        io.advance(10_000.0);
        let got = block_on(c.get(&io, ConnectorKind::Source, "file-in")).unwrap();
        assert_eq!(got.health, Health::Running);
        let actions = c.actions(&got);
        assert_eq!(actions, vec![Action::Pause, Action::Stop, Action::Restart]);
        block_on(c.act(&io, &got, &Action::RestartTask("0".into()))).unwrap();
        let sent = io.sent.borrow().last().cloned().unwrap();
        assert_eq!(sent.path, "/connectors/file-in/tasks/0/restart");

        // Editing keeps the keys the definitions do not list, as "Other properties".
        let stored = got.config.clone();
        let kept = c.other_keys(&ct, &stored);
        assert!(kept.contains(&("producer.override.linger.ms".to_string(), "5".to_string())));
        let (values, mode) = values_from_config(&ct, &stored);
        let edit = FormInput {
            ct: &ct,
            values: &values,
            mode: &mode,
            stored: &stored,
            other: &kept,
            server_hidden: &hidden,
            name: "file-in",
        };
        let updated = block_on(c.update(&io, &got, &edit)).unwrap();
        assert_eq!(updated.config["producer.override.linger.ms"], json!("5"));
        block_on(c.delete(&io, &got)).unwrap();
        assert!(block_on(c.list(&io))
            .unwrap()
            .items
            .iter()
            .all(|x| x.id != "file-in"));
    }
}
