//! The Confluent Cloud dialect over our own payloads, the simulator driven through the dialect,
//! and conformance over the shared public payloads (spec examples and terraform test bodies,
//! read in place from `CONNECTOR_CONSOLE_SHARED_FIXTURES`; skipped, with a note, when unset).
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::collections::BTreeSet;

use common::*;
use connector_console::http::{ApiError, HttpRequest, HttpResponse, Method};
use connector_console::model::catalog::{ConnectorKind, ConnectorType, FormSource, Widget};
use connector_console::model::form::{is_masked, values_from_config, Input};
use connector_console::model::status::{Connector, Health};
use connector_console::model::validation::Validation;
use connector_console::vendor::Simulator;
use connector_console::vendors::confluent::sim::ConfluentSim;
use connector_console::vendors::confluent::wire::*;
use connector_console::vendors::kafka_connect::wire::type_from_validation;
use serde_json::{json, Map, Value};

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

fn obj(v: Value) -> Map<String, Value> {
    v.as_object().cloned().expect("an object")
}

fn cluster() -> Cluster {
    Cluster::new("env-a1b2c3", "lkc-x9y8z7")
}

fn s3_type() -> ConnectorType {
    let plugin = parse_plugins(r#"[{"class": "S3_SINK", "type": "sink"}]"#)
        .unwrap()
        .types
        .remove(0);
    let v = parse_validation(&fixture("confluent-cloud/validate-s3-sink.json")).unwrap();
    type_from_validation(&plugin, &v)
}

fn no_masks(config: &Map<String, Value>) {
    for (k, v) in config {
        assert!(!is_masked(v), "{k} must never be sent as the mask");
    }
}

// ---------------------------------------------------------------------------------------------
// Requests and auth
// ---------------------------------------------------------------------------------------------

#[test]
fn requests_live_under_the_cluster() {
    let c = cluster();
    let base = "/connect/v1/environments/env-a1b2c3/clusters/lkc-x9y8z7";
    assert_eq!(c.base(), base);
    let check =
        |r: HttpRequest, m: Method, pq: String| assert_eq!((r.method, r.path_and_query()), (m, pq));
    check(
        plugins_request(&c),
        Method::Get,
        format!("{base}/connector-plugins"),
    );
    check(
        list_request(&c),
        Method::Get,
        format!("{base}/connectors?expand=info%2Cstatus%2Cid"),
    );
    check(
        status_request(&c, "my conn"),
        Method::Get,
        format!("{base}/connectors/my%20conn/status"),
    );
    check(
        config_request(&c, "my conn"),
        Method::Get,
        format!("{base}/connectors/my%20conn/config"),
    );
    check(
        pause_request(&c, "a/b"),
        Method::Put,
        format!("{base}/connectors/a%2Fb/pause"),
    );
    check(
        resume_request(&c, "a"),
        Method::Put,
        format!("{base}/connectors/a/resume"),
    );
    check(
        delete_request(&c, "a"),
        Method::Delete,
        format!("{base}/connectors/a"),
    );
    let config = obj(json!({"tasks.max": 1, "flush.size": "1000", "gone": null}));
    let v = validate_request(&c, "S3_SINK", &config);
    assert_eq!(
        (v.method, v.path.clone()),
        (
            Method::Put,
            format!("{base}/connector-plugins/S3_SINK/config/validate")
        )
    );
    assert_eq!(
        v.body.unwrap(),
        json!({"tasks.max": "1", "flush.size": "1000", "connector.class": "S3_SINK"})
    );
    let mut own = config.clone();
    own.insert("connector.class".into(), json!("com.acme.Custom"));
    assert_eq!(
        validate_request(&c, "com.acme.Custom", &own).body.unwrap()["connector.class"],
        json!("com.acme.Custom")
    );
    let create = create_request(&c, "archive", &config);
    assert_eq!(
        (create.method, create.path.clone()),
        (Method::Post, format!("{base}/connectors"))
    );
    assert_eq!(
        create.body.unwrap(),
        json!({"name": "archive", "config": {"tasks.max": "1", "flush.size": "1000"}})
    );
    let mut masked = config.clone();
    masked.insert("kafka.api.secret".into(), json!(MASK));
    let update = update_request(&c, "archive", &masked);
    assert_eq!(
        (update.method, update.path.clone()),
        (Method::Put, format!("{base}/connectors/archive/config"))
    );
    assert_eq!(
        update.body.unwrap(),
        json!({"tasks.max": "1", "flush.size": "1000"}),
        "the mask is never sent"
    );
    let odd = Cluster::new("env 1", "lkc/2");
    assert_eq!(
        odd.base(),
        "/connect/v1/environments/env%201/clusters/lkc%2F2"
    );
}

#[test]
fn custom_plugin_requests_clamp_the_page_size() {
    let r = custom_plugins_request(Some("AWS"), 500, Some("b2Zmc2V0OjM="));
    assert_eq!(r.path, "/connect/v1/custom-connector-plugins");
    assert_eq!(r.query_value("cloud"), Some("AWS"));
    assert_eq!(r.query_value("page_size"), Some("100"));
    assert_eq!(r.query_value("page_token"), Some("b2Zmc2V0OjM="));
    let r = custom_plugins_request(None, 0, None);
    assert_eq!(
        r.path_and_query(),
        "/connect/v1/custom-connector-plugins?page_size=1"
    );
    let r = custom_plugins_request(Some(" "), 50, Some(""));
    assert_eq!(
        r.path_and_query(),
        "/connect/v1/custom-connector-plugins?page_size=50"
    );
}

#[test]
fn basic_auth_is_base64_of_key_and_secret() {
    assert_eq!(basic_auth("key", "secret"), "Basic a2V5OnNlY3JldA==");
    for (plain, enc) in [
        ("", ""),
        ("f", "Zg=="),
        ("fo", "Zm8="),
        ("foo", "Zm9v"),
        ("foob", "Zm9vYg=="),
        ("fooba", "Zm9vYmE="),
        ("foobar", "Zm9vYmFy"),
    ] {
        assert_eq!(base64_encode(plain.as_bytes()), enc);
        assert_eq!(base64_decode(enc).unwrap(), plain.as_bytes());
    }
    let bytes: Vec<u8> = (0..=255).collect();
    assert_eq!(base64_decode(&base64_encode(&bytes)).unwrap(), bytes);
    assert_eq!(base64_encode(&[0xfb, 0xff]), "+/8=");
    assert!(base64_decode("not base64!").is_none());
    let r = with_auth(
        with_auth(plugins_request(&cluster()), "a", "b"),
        "ABCKEY",
        "s3cr3t+/=",
    );
    let auth: Vec<&(String, String)> = r
        .headers
        .iter()
        .filter(|(k, _)| k == "Authorization")
        .collect();
    assert_eq!(auth.len(), 1, "replaced, not duplicated");
    let token = auth[0].1.strip_prefix("Basic ").unwrap();
    assert_eq!(base64_decode(token).unwrap(), b"ABCKEY:s3cr3t+/=");
}

// ---------------------------------------------------------------------------------------------
// Plugins and validation
// ---------------------------------------------------------------------------------------------

#[test]
fn managed_plugins_parse() {
    let cat = parse_plugins(&fixture("confluent-cloud/managed-plugins.json")).unwrap();
    let t: Vec<(&str, &str, ConnectorKind)> = cat
        .types
        .iter()
        .map(|t| (t.id.as_str(), t.name.as_str(), t.kind))
        .collect();
    assert_eq!(
        t,
        [
            (
                "AZURE_BLOB_SINK",
                "Azure Blob Sink",
                ConnectorKind::Destination
            ),
            (
                "MongoDbAtlasSource",
                "Mongo Db Atlas Source",
                ConnectorKind::Source
            ),
            (
                "MySqlCdcSourceV2",
                "My Sql Cdc Source V2",
                ConnectorKind::Source
            ),
            (
                "SnowflakeSink",
                "Snowflake Sink",
                ConnectorKind::Destination
            ),
        ]
    );
    assert!(cat
        .types
        .iter()
        .all(|t| t.form == FormSource::Validate && t.tags == ["managed"]));
    let snow = &cat.types[3];
    assert_eq!(snow.details.len(), 1, "no version");
    assert_eq!(cat.skipped.len(), 1);
}

#[test]
fn custom_plugin_pages_parse_with_their_token_and_sensitive_keys() {
    let page = parse_custom_plugins(&fixture("confluent-cloud/custom-plugins-page1.json")).unwrap();
    assert_eq!(
        page.next_page_token.as_deref(),
        Some("b2Zmc2V0OjM="),
        "decoded from metadata.next"
    );
    assert_eq!(page.total_size, Some(5));
    assert_eq!(page.types.len(), 2);
    assert_eq!(page.skipped.len(), 2, "{:?}", page.skipped);
    assert!(
        page.skipped[0].contains("Half uploaded") && page.skipped[0].contains("connector_class")
    );
    assert!(page.skipped[1].contains("“TRANSFORM” is not SOURCE or SINK"));
    let hook = &page.types[0];
    assert_eq!(hook.id, "com.acme.connect.webhook.WebhookSourceConnector");
    assert_eq!(hook.name, "Acme Webhook Source");
    assert_eq!(
        hook.description,
        "Receives Acme webhooks and writes them to Kafka."
    );
    assert_eq!(hook.kind, ConnectorKind::Source);
    assert_eq!(hook.form, FormSource::Validate);
    assert_eq!(hook.tags, ["AWS"]);
    let details: Vec<(&str, &str, Option<&str>)> = hook
        .details
        .iter()
        .map(|d| (d.label.as_str(), d.value.as_str(), d.href.as_deref()))
        .collect();
    assert_eq!(
        details,
        [
            (
                "Documentation",
                "https://docs.acme.example.com/webhook-source",
                Some("https://docs.acme.example.com/webhook-source")
            ),
            ("Runtime language", "JAVA", None),
            ("Cloud", "AWS", None),
            ("Connector type", "SOURCE", None),
            ("Plugin id", "ccp-8v2k1q", None),
        ]
    );
    assert_eq!(custom_plugin_id(hook), Some("ccp-8v2k1q"));
    let ledger = &page.types[1];
    assert_eq!(ledger.kind, ConnectorKind::Destination);
    assert_eq!(ledger.details[0].href, None, "only http(s) links are links");
    assert_eq!(
        page.sensitive,
        [
            (
                hook.id.clone(),
                vec!["webhook.secret".to_string(), "api.token".to_string()]
            ),
            (ledger.id.clone(), vec![]),
        ]
    );
    let last = parse_custom_plugins(&fixture("confluent-cloud/custom-plugins-page2.json")).unwrap();
    assert_eq!(last.next_page_token, None, "next: null ends the paging");
    assert_eq!(last.types.len(), 1);
    assert!(matches!(
        parse_custom_plugins("{}"),
        Err(ApiError::Malformed(_))
    ));
    assert!(matches!(
        parse_custom_plugins("[]"),
        Err(ApiError::Malformed(_))
    ));
}

#[test]
fn page_tokens_come_from_next_links() {
    assert_eq!(
        page_token_of("https://api.confluent.cloud/x?page_token=abc"),
        Some("abc".into())
    );
    assert_eq!(
        page_token_of("https://h/x?page_size=3&page_token=a%2Bb%3D#frag"),
        Some("a+b=".into())
    );
    assert_eq!(page_token_of("https://h/x?page_size=3"), None);
    assert_eq!(page_token_of("https://h/x?page_token="), None);
    assert_eq!(page_token_of("not a url"), None);
}

#[test]
fn confluent_validation_reads_alias_and_masks() {
    let v: Validation =
        parse_validation(&fixture("confluent-cloud/validate-s3-sink.json")).unwrap();
    assert_eq!(v.error_count, 2);
    assert_eq!(v.groups.len(), 4);
    let f = |k: &str| v.fields.iter().find(|f| f.key == k).unwrap();
    assert_eq!(
        f("aws.access.key.id").label,
        "Amazon Access Key ID",
        "alias when there is no display name"
    );
    assert_eq!(f("aws.access.key.id").help, "");
    assert_eq!(f("s3.bucket").label, "Bucket name");
    assert_eq!(
        f("s3.bucket").help,
        "The S3 bucket. Also known as “s3.bucket.name”."
    );
    assert_eq!(f("name").default, None, "Confluent's empty default");
    assert_eq!(f("flush.size").default, Some(json!("1000")));
    assert!(f("flush.size").advanced);
    assert!(f("kafka.api.key").secret && f("kafka.api.key").widget == Widget::Password);
    assert!(
        matches!(&f("authentication.method").widget, Widget::Select { choices } if choices.len() == 2)
    );
    assert_eq!(
        v.state("kafka.api.key").unwrap().value,
        None,
        "the mask is not a value"
    );
    assert_eq!(v.state("aws.access.key.id").unwrap().value, None);
    assert_eq!(
        v.state("kafka.api.secret").unwrap().value,
        None,
        "\"\" is unset"
    );
    assert_eq!(
        v.state("s3.bucket").unwrap().value.as_deref(),
        Some("orders-archive")
    );
    assert_eq!(
        v.state("flush.size").unwrap().errors,
        ["\"flush.size\" should be greater than or equal to 1000"]
    );
    let ct = s3_type();
    assert!(ct.field("connector.class").unwrap().readonly);
    assert_eq!(ct.tags, ["managed"]);
}

#[test]
fn sensitive_properties_become_secrets() {
    let mut ct = s3_type();
    assert!(!ct.field("s3.bucket").unwrap().secret);
    mark_sensitive(
        &mut ct,
        &["s3.bucket".to_string(), "not.a.field".to_string()],
    );
    let f = ct.field("s3.bucket").unwrap();
    assert!(f.secret);
    assert_eq!(f.widget, Widget::Password);
    assert!(!ct.field("time.interval").unwrap().secret);
}

#[test]
fn common_keys_are_filled_without_overriding() {
    let mut c = Map::new();
    fill_common(
        &mut c,
        "S3_SINK",
        "archive",
        Some("KEY1"),
        Some("SECRET1"),
        Some("AWS"),
        "env-abc123",
    );
    assert_eq!(
        Value::Object(c),
        json!({"connector.class": "S3_SINK", "name": "archive", "kafka.auth.mode": "KAFKA_API_KEY",
               "kafka.api.key": "KEY1", "kafka.api.secret": "SECRET1", "cloud.provider": "aws", "cloud.environment": "prod"})
    );
    let mut c = obj(
        json!({"kafka.service.account.id": "sa-12ab", "cloud.provider": "gcp", "cloud.environment": "stag", "name": "old"}),
    );
    fill_common(
        &mut c,
        "S3_SINK",
        "archive",
        None,
        Some(" "),
        Some("aws"),
        "env-abc123",
    );
    assert_eq!(c["kafka.auth.mode"], json!("SERVICE_ACCOUNT"));
    assert_eq!(
        (
            c["cloud.provider"].as_str(),
            c["cloud.environment"].as_str(),
            c["name"].as_str()
        ),
        (Some("gcp"), Some("stag"), Some("archive"))
    );
    assert!(!c.contains_key("kafka.api.secret"));
    let mut c =
        obj(json!({"kafka.service.account.id": "sa-12ab", "kafka.auth.mode": "KAFKA_API_KEY"}));
    fill_common(&mut c, "X", "x", None, None, None, "env-staging-7");
    assert_eq!(
        c["kafka.auth.mode"],
        json!("KAFKA_API_KEY"),
        "an explicit mode stays"
    );
    assert_eq!(c["cloud.environment"], json!("stag"));
    assert!(!c.contains_key("cloud.provider"));
    let mut c = Map::new();
    fill_common(&mut c, "X", "x", None, None, None, "env-devel-1");
    assert!(
        !c.contains_key("kafka.auth.mode"),
        "no credentials, no account: left alone"
    );
    assert_eq!(c["cloud.environment"], json!("devel"));
    let mut c = Map::new();
    fill_custom(&mut c, "ccp-8v2k1q");
    assert_eq!(
        Value::Object(c),
        json!({"confluent.connector.type": "CUSTOM", "confluent.custom.plugin.id": "ccp-8v2k1q"})
    );
}

// ---------------------------------------------------------------------------------------------
// Connectors
// ---------------------------------------------------------------------------------------------

#[test]
fn every_state_maps_to_a_health() {
    let list = parse_list(&fixture("confluent-cloud/connectors-expanded.json")).unwrap();
    let got: Vec<(&str, &str, Health)> = list
        .iter()
        .map(|c| (c.name.as_str(), c.raw_state.as_str(), c.health))
        .collect();
    assert_eq!(
        got,
        [
            ("gone-one", "DELETED", Health::Stopped),
            ("info-only", "UNKNOWN", Health::Unknown),
            ("new-one", "PROVISIONING", Health::Starting),
            ("orders-datagen", "RUNNING", Health::Running),
            ("paused-one", "PAUSED", Health::Paused),
            ("pg-cdc", "DEGRADED", Health::Degraded),
            ("quiet-one", "NONE", Health::Unknown),
            ("s3-archive", "FAILED", Health::Failed),
            ("snow-sink", "RUNNING", Health::Degraded),
            ("webhook-custom", "FAILED", Health::Failed),
        ]
    );
    let by = |n: &str| list.iter().find(|c| c.name == n).unwrap();
    assert_eq!(
        by("quiet-one").kind,
        ConnectorKind::Destination,
        "type unknown: guessed from SnowflakeSink"
    );
    assert_eq!(by("orders-datagen").kind, ConnectorKind::Source);
    assert_eq!(
        by("orders-datagen").id,
        "orders-datagen",
        "requests address connectors by name"
    );
    assert_eq!(by("orders-datagen").type_name, "Datagen Source");
    let pg = by("pg-cdc");
    assert_eq!(
        pg.tasks.iter().map(|t| t.id.as_str()).collect::<Vec<_>>(),
        ["0", "1"]
    );
    assert_eq!(pg.tasks[0].trace, None, "an empty msg is no trace");
    assert_eq!(
        pg.failure_reason().as_deref(),
        Some("org.postgresql.util.PSQLException: ERROR: replication slot \"debezium\" is active for PID 4211"),
        "task msg is the task trace"
    );
    assert!(by("s3-archive")
        .trace
        .as_deref()
        .unwrap()
        .contains("Provided Kafka ApiKey is invalid"));
    let notes = |n: &str| -> Vec<(String, String)> {
        by(n)
            .notes
            .iter()
            .map(|d| (d.label.clone(), d.value.clone()))
            .collect()
    };
    assert_eq!(
        notes("orders-datagen"),
        [("Connector ID".to_string(), "lcc-7xk2p9".to_string())]
    );
    assert_eq!(
        notes("webhook-custom"),
        [
            ("Connector ID".to_string(), "clcc-w3bh00".to_string()),
            ("Error from trace".to_string(), "java.net.UnknownHostException: hooks.acme.invalid".to_string()),
            ("Error from trace".to_string(), "Caused by: java.io.IOException: connection refused".to_string()),
            ("Validation error".to_string(), "webhook.port: Invalid value 99999 for configuration webhook.port: Value must be no more than 65535".to_string()),
            ("Notice".to_string(), "Your custom connector failed to start. Check the errors below.".to_string()),
        ]
    );
    assert!(by("info-only").tasks.is_empty());
    assert!(matches!(parse_list("7"), Err(ApiError::Malformed(_))));
    assert_eq!(
        parse_list(r#"["b","a"]"#)
            .unwrap()
            .iter()
            .map(|c| c.name.as_str())
            .collect::<Vec<_>>(),
        ["a", "b"]
    );
}

#[test]
fn health_mapping_edges() {
    use connector_console::model::status::Task;
    let t = |s: &str| Task {
        id: "0".into(),
        state: s.into(),
        worker: None,
        trace: None,
    };
    assert_eq!(
        health_of("RUNNING", &[]),
        Health::Running,
        "Confluent often reports no tasks"
    );
    assert_eq!(health_of("RUNNING", &[t("STOPPED")]), Health::Running);
    assert_eq!(health_of("RUNNING", &[t("FAILED")]), Health::Degraded);
    assert_eq!(health_of("DELETED", &[]), Health::Stopped);
    assert_eq!(health_of("NONE", &[]), Health::Unknown);
    assert_eq!(health_of("provisioning", &[]), Health::Starting);
    assert_eq!(
        health_of("RESTARTING", &[]),
        Health::Starting,
        "Kafka Connect's states still read"
    );
    assert_eq!(health_of("BOGUS", &[]), Health::Unknown);
}

#[test]
fn one_connector_from_config_and_status_bodies() {
    let c: Connector = parse_connector(
        "webhook-custom",
        &fixture("confluent-cloud/config-masked.json"),
        &fixture("confluent-cloud/status-custom.json"),
    )
    .unwrap();
    assert_eq!(
        (c.raw_state.as_str(), c.health, c.kind),
        ("RUNNING", Health::Running, ConnectorKind::Source)
    );
    assert_eq!(c.notes.len(), 1);
    assert_eq!(c.notes[0].label, "Notice");
    assert_eq!(c.config["kafka.api.key"], json!(MASK));
    assert!(parse_connector("x", "{}", "[]").is_err());
    assert!(parse_connector("x", "[]", "{}").is_err());
    assert_eq!(
        parse_config(&fixture("confluent-cloud/config-masked.json"))
            .unwrap()
            .len(),
        15
    );
}

// ---------------------------------------------------------------------------------------------
// Secrets on update
// ---------------------------------------------------------------------------------------------

#[test]
fn masked_values_are_stripped_and_listed() {
    let stored = parse_config(&fixture("confluent-cloud/config-masked.json")).unwrap();
    let (out, kept) = secrets_for_update(&stored);
    assert_eq!(
        kept,
        [
            "aws.access.key.id",
            "aws.secret.access.key",
            "kafka.api.key",
            "kafka.api.secret"
        ]
    );
    assert_eq!(out.len(), stored.len() - 4);
    no_masks(&out);
    assert_eq!(out["s3.bucket"], json!("orders-archive"));
}

#[test]
fn an_edit_sends_new_secrets_and_never_the_mask() {
    let ct = s3_type();
    let stored = parse_config(&fixture("confluent-cloud/config-masked.json")).unwrap();
    let (values, mode) = values_from_config(&ct, &stored);
    for k in ["kafka.api.key", "kafka.api.secret", "aws.access.key.id"] {
        assert!(mode.secret_is_set(k), "{k}");
        assert!(
            values[k].is_empty(),
            "{k}: the mask is not shown as a value"
        );
    }
    let out = config_for_update(&ct, &values, &stored);
    no_masks(&out);
    for k in [
        "kafka.api.key",
        "kafka.api.secret",
        "aws.access.key.id",
        "aws.secret.access.key",
    ] {
        assert!(
            !out.contains_key(k),
            "{k}: left unchanged, so omitted (the server keeps it)"
        );
    }
    for k in ["kafka.endpoint", "topics", "cloud.provider"] {
        assert_eq!(
            out.get(k),
            stored.get(k),
            "{k}: keys the definitions do not list survive"
        );
    }
    assert_eq!(out["time.interval"], json!("HOURLY"));
    assert!(out.values().all(Value::is_string));
    let mut typed = values.clone();
    typed.insert("kafka.api.secret".into(), Input::Text("n3w-s3cret".into()));
    let out = config_for_update(&ct, &typed, &stored);
    assert_eq!(
        out["kafka.api.secret"],
        json!("n3w-s3cret"),
        "a typed secret is sent"
    );
    assert!(!out.contains_key("kafka.api.key"));
    let req = update_request(&cluster(), "archive", &out);
    no_masks(req.body.as_ref().unwrap().as_object().unwrap());
}

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

#[test]
fn errors_shape_maps_pointers_and_parameters_to_fields() {
    let e = parse_error(&resp(
        400,
        &fixture("confluent-cloud/error-errors-shape.json"),
    ));
    let fields: Vec<(&str, &str)> = e
        .field_errors()
        .iter()
        .map(|f| (f.key.as_str(), f.message.as_str()))
        .collect();
    assert_eq!(
        fields,
        [
            (
                "kafka.api.key",
                "The Kafka API key does not belong to this cluster."
            ),
            ("name", "Name must be at most 64 characters."),
            ("page_size", "Invalid Page Size."),
            ("path/with~tilde", "An escaped key."),
        ]
    );
    assert_eq!(
        e.to_string(),
        "The cluster has reached its connector limit. Deep pointers name no field."
    );
    let only_fields =
        r#"{"errors":[{"status":"400","detail":"bad","source":{"pointer":"/config/x"}}]}"#;
    assert_eq!(
        parse_error(&resp(400, only_fields)).to_string(),
        "The server rejected 1 field; see the marked fields."
    );
}

#[test]
fn error_shape_splits_a_rejected_config() {
    let e = parse_error(&resp(
        400,
        &fixture("confluent-cloud/error-config-invalid.json"),
    ));
    let keys: Vec<&str> = e.field_errors().iter().map(|f| f.key.as_str()).collect();
    assert_eq!(keys, ["flush.size", "time.interval"]);
    assert_eq!(
        e.field_errors()[0].message,
        "\"flush.size\" should be greater than or equal to 1000."
    );
    assert_eq!(
        e.to_string(),
        "The connector configuration is invalid (2 errors). See the marked fields."
    );
    let e = parse_error(&resp(
        404,
        r#"{"error_code":404,"message":"resource not found"}"#,
    ));
    assert_eq!(
        e.to_string(),
        "The connector no longer exists on the server (resource not found)."
    );
    let e = parse_error(&resp(
        500,
        r#"{"error":{"code":500,"message":"Oops, something went wrong"}}"#,
    ));
    assert_eq!(e.to_string(), "Oops, something went wrong");
    assert!(e.is_transient());
    let e = parse_error(&resp(503, "upstream connect error"));
    assert_eq!(e.to_string(), connector_console::http::status_text(503));
}

#[test]
fn auth_and_rate_limit_errors() {
    let e = parse_error(&resp(
        401,
        r#"{"error":{"code":401,"message":"Unauthorized"}}"#,
    ));
    assert_eq!(
        e.to_string(),
        "Confluent Cloud did not accept the API key and secret."
    );
    assert_eq!(e.status(), Some(401));
    let e = parse_error(&resp(
        401,
        r#"{"errors":[{"status":"401","code":"user_unauthenticated","title":"Authentication Required","detail":"Valid authentication credentials must be provided"}]}"#,
    ));
    assert_eq!(e.to_string(), "Confluent Cloud did not accept the API key and secret. (Valid authentication credentials must be provided.)");
    let mut r = resp(429, &fixture("confluent-cloud/error-429.json"));
    r.headers.push(("Retry-After".into(), "2".into()));
    let e = parse_error(&r);
    assert!(matches!(
        e,
        ApiError::Http {
            status: 429,
            retry_after: Some(2),
            ..
        }
    ));
    assert!(e.is_transient());
    let mut r = resp(429, "");
    r.headers.push(("x-ratelimit-reset".into(), "7".into()));
    let e = parse_error(&r);
    assert!(matches!(
        e,
        ApiError::Http {
            retry_after: Some(7),
            ..
        }
    ));
    assert_eq!(e.to_string(), connector_console::http::status_text(429));
    assert!(check(resp(200, r#"{"error": null}"#)).is_ok());
}

// ---------------------------------------------------------------------------------------------
// The simulator, driven through the dialect
// ---------------------------------------------------------------------------------------------

const T0: f64 = 1_800_000_000_000.0;
const KEY: &str = "ABCDEFGH12345678";
const SECRET: &str = "cflt-secret-0123456789";

fn send(sim: &mut ConfluentSim, req: HttpRequest, now: f64) -> HttpResponse {
    sim.handle(&with_auth(req, "CLOUDKEY", "cloud-secret"), now)
}

fn ok(r: HttpResponse) -> HttpResponse {
    assert!(r.ok(), "{} {}", r.status, r.body);
    r
}

fn connector(sim: &mut ConfluentSim, name: &str, now: f64) -> Connector {
    let c = cluster();
    let config = ok(send(sim, config_request(&c, name), now)).body;
    let status = ok(send(sim, status_request(&c, name), now)).body;
    parse_connector(name, &config, &status).unwrap()
}

fn datagen(name: &str, extra: Value) -> Map<String, Value> {
    let mut config = obj(
        json!({"kafka.topic": "orders", "output.data.format": "JSON", "quickstart": "ORDERS", "tasks.max": "1"}),
    );
    config.extend(obj(extra));
    fill_common(
        &mut config,
        "DatagenSource",
        name,
        Some(KEY),
        Some(SECRET),
        Some("AWS"),
        "env-a1b2c3",
    );
    config
}

fn validate(sim: &mut ConfluentSim, plugin: &str, config: Value) -> (Validation, Value) {
    let r = ok(send(
        sim,
        validate_request(&cluster(), plugin, &obj(config)),
        T0,
    ));
    (
        parse_validation(&r.body).unwrap(),
        serde_json::from_str(&r.body).unwrap(),
    )
}

#[test]
fn sim_requires_basic_auth() {
    let mut sim = ConfluentSim::new();
    let r = sim.handle(&plugins_request(&cluster()), T0);
    assert_eq!(r.status, 401);
    assert_eq!(
        serde_json::from_str::<Value>(&r.body).unwrap(),
        json!({"error": {"code": 401, "message": "Unauthorized"}})
    );
    assert!(parse_error(&r)
        .to_string()
        .contains("did not accept the API key"));
    let r = sim.handle(&custom_plugins_request(None, 10, None), T0);
    assert_eq!(r.status, 401);
    assert!(
        r.body.contains("\"errors\""),
        "the custom plugin API answers in its own shape"
    );
    let mut bearer = plugins_request(&cluster());
    bearer
        .headers
        .push(("Authorization".into(), "Bearer abc".into()));
    assert_eq!(sim.handle(&bearer, T0).status, 401);
    let mut no_colon = plugins_request(&cluster());
    no_colon.headers.push((
        "authorization".into(),
        format!("Basic {}", base64_encode(b"justakey")),
    ));
    assert_eq!(sim.handle(&no_colon, T0).status, 401);
    assert_eq!(send(&mut sim, plugins_request(&cluster()), T0).status, 200);
}

#[test]
fn sim_rate_limits_on_request() {
    let mut sim = ConfluentSim::new();
    sim.rate_limit_next(2);
    for req in [
        list_request(&cluster()),
        custom_plugins_request(None, 10, None),
    ] {
        let r = send(&mut sim, req, T0);
        assert_eq!(r.status, 429);
        assert_eq!(r.header("Retry-After"), Some("2"));
        assert_eq!(r.header("X-RateLimit-Reset"), Some("2"));
        let e = parse_error(&r);
        assert!(
            matches!(
                e,
                ApiError::Http {
                    retry_after: Some(2),
                    ..
                }
            ),
            "{e:?}"
        );
        assert!(e.is_transient());
    }
    assert_eq!(send(&mut sim, list_request(&cluster()), T0).status, 200);
}

#[test]
fn sim_serves_managed_plugins_and_config_dependent_validation() {
    let mut sim = ConfluentSim::new();
    let cat = parse_plugins(&ok(send(&mut sim, plugins_request(&cluster()), T0)).body).unwrap();
    let ids: Vec<&str> = cat.types.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "DatagenSource",
            "PostgresCdcSourceV2",
            "S3_SINK",
            "SnowflakeSink"
        ]
    );
    assert_eq!(cat.types[2].name, "S3 Sink");
    let (v, raw) = validate(
        &mut sim,
        "S3_SINK",
        json!({"input.data.format": "JSON", "kafka.api.key": "k"}),
    );
    assert_eq!(
        raw["name"],
        json!("io.confluent.connect.s3.S3SinkConnector")
    );
    assert_eq!(raw["configs"][0]["definition"]["alias"], json!(""));
    assert_eq!(raw["configs"][0]["metadata"], json!({}));
    let key = raw["configs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["definition"]["name"] == "kafka.api.key")
        .unwrap();
    assert_eq!(
        key["value"]["value"],
        json!(MASK),
        "secrets come back masked"
    );
    assert_eq!(v.state("kafka.api.key").unwrap().value, None);
    assert_eq!(
        v.state("output.data.format").unwrap().recommended,
        ["JSON", "AVRO", "PARQUET"]
    );
    assert!(v.state("aws.access.key.id").unwrap().visible);
    assert!(!v.state("provider.integration.id").unwrap().visible);
    let (v, _) = validate(
        &mut sim,
        "S3_SINK",
        json!({"input.data.format": "BYTES", "authentication.method": "IAM Roles", "flush.size": "10", "output.data.format": "JSON"}),
    );
    assert_eq!(
        v.state("output.data.format").unwrap().recommended,
        ["BYTES"]
    );
    assert_eq!(
        v.state("output.data.format").unwrap().errors,
        ["Invalid value JSON for configuration output.data.format: String must be one of: BYTES"]
    );
    assert!(!v.state("aws.access.key.id").unwrap().visible);
    assert!(v.state("provider.integration.id").unwrap().visible);
    assert_eq!(
        v.state("flush.size").unwrap().errors,
        ["\"flush.size\" should be greater than or equal to 1000"]
    );
    let ct = type_from_validation(&cat.types[2], &v);
    assert!(ct.field("aws.secret.access.key").unwrap().secret);
    // Service accounts replace the API key fields.
    let (v, _) = validate(
        &mut sim,
        "DatagenSource",
        json!({"kafka.auth.mode": "SERVICE_ACCOUNT"}),
    );
    assert!(!v.state("kafka.api.key").unwrap().visible);
    assert_eq!(
        v.state("kafka.service.account.id").unwrap().errors,
        ["\"kafka.service.account.id\" is required"]
    );
    let r = send(
        &mut sim,
        validate_request(&cluster(), "NoSuchSink", &Map::new()),
        T0,
    );
    assert_eq!(r.status, 400);
}

#[test]
fn sim_pages_230_custom_plugins() {
    let mut sim = ConfluentSim::new();
    let mut token: Option<String> = None;
    let mut sizes = Vec::new();
    let mut ids = BTreeSet::new();
    let mut sensitive = 0;
    loop {
        let r = ok(send(
            &mut sim,
            custom_plugins_request(None, 100, token.as_deref()),
            T0,
        ));
        let page = parse_custom_plugins(&r.body).unwrap();
        assert_eq!(page.total_size, Some(230));
        assert!(page.skipped.is_empty());
        let raw: Value = serde_json::from_str(&r.body).unwrap();
        if let Some(next) = raw["metadata"]["next"].as_str() {
            assert!(
                next.starts_with(
                    "https://api.confluent.cloud/connect/v1/custom-connector-plugins?"
                ),
                "{next}"
            );
        }
        sizes.push(page.types.len());
        for t in &page.types {
            ids.insert(custom_plugin_id(t).unwrap().to_string());
            assert!(!t.tags.is_empty());
        }
        sensitive += page
            .sensitive
            .iter()
            .filter(|(_, keys)| keys.contains(&"api.token".to_string()))
            .count();
        token = page.next_page_token;
        if token.is_none() {
            break;
        }
        assert!(sizes.len() < 10, "paging must end");
    }
    assert_eq!(sizes, [100, 100, 30]);
    assert_eq!(ids.len(), 230);
    assert_eq!(sensitive, 230);
    // The server caps the page size itself, and the default is 10.
    let big = HttpRequest::new(Method::Get, "/connect/v1/custom-connector-plugins")
        .query("page_size", "500");
    assert_eq!(
        parse_custom_plugins(&ok(send(&mut sim, big, T0)).body)
            .unwrap()
            .types
            .len(),
        100
    );
    let plain = HttpRequest::new(Method::Get, "/connect/v1/custom-connector-plugins");
    assert_eq!(
        parse_custom_plugins(&ok(send(&mut sim, plain, T0)).body)
            .unwrap()
            .types
            .len(),
        10
    );
    // Filtering by cloud.
    let aws = parse_custom_plugins(
        &ok(send(
            &mut sim,
            custom_plugins_request(Some("AWS"), 100, None),
            T0,
        ))
        .body,
    )
    .unwrap();
    assert_eq!(aws.total_size, Some(77));
    assert!(aws.types.iter().all(|t| t.tags == ["AWS"]));
    let next: Value = serde_json::from_str(
        &ok(send(
            &mut sim,
            custom_plugins_request(Some("AWS"), 50, None),
            T0,
        ))
        .body,
    )
    .unwrap();
    assert!(
        next["metadata"]["next"]
            .as_str()
            .unwrap()
            .contains("cloud=AWS"),
        "the next link keeps the filter"
    );
    // A bad token names its parameter.
    let r = send(
        &mut sim,
        custom_plugins_request(None, 10, Some("garbage!")),
        T0,
    );
    assert_eq!(r.status, 400);
    let e = parse_error(&r);
    assert_eq!(e.field_errors()[0].key, "page_token");
    // One plugin by id.
    let one = HttpRequest::new(
        Method::Get,
        format!(
            "/connect/v1/custom-connector-plugins/{}",
            ids.iter().next().unwrap()
        ),
    );
    assert_eq!(send(&mut sim, one, T0).status, 200);
    let missing = HttpRequest::new(Method::Get, "/connect/v1/custom-connector-plugins/ccp-nope");
    let r = send(&mut sim, missing, T0);
    assert_eq!(r.status, 404);
    assert_eq!(
        parse_error(&r).to_string(),
        "Failed to retrieve custom plugin: Not Found."
    );
}

#[test]
fn sim_lifecycle_provision_run_pause_resume_delete() {
    let mut sim = ConfluentSim::new();
    let c = cluster();
    let r = send(
        &mut sim,
        create_request(&c, "orders", &datagen("orders", json!({}))),
        T0,
    );
    assert_eq!(r.status, 201, "{}", r.body);
    let created: Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(created["config"]["kafka.api.secret"], json!(MASK));
    assert_eq!(
        created["config"]["kafka.endpoint"]
            .as_str()
            .map(|s| s.starts_with("SASL_SSL://")),
        Some(true)
    );
    let now = connector(&mut sim, "orders", T0 + 500.0);
    assert_eq!(
        (now.raw_state.as_str(), now.health),
        ("PROVISIONING", Health::Starting)
    );
    let now = connector(&mut sim, "orders", T0 + 2_500.0);
    assert_eq!(
        (now.raw_state.as_str(), now.health),
        ("RUNNING", Health::Running)
    );
    assert_eq!(now.tasks.len(), 1);
    assert_eq!(
        now.config["kafka.api.key"],
        json!(MASK),
        "reads mask secrets"
    );
    assert_eq!(now.config["quickstart"], json!("ORDERS"));
    let r = send(&mut sim, pause_request(&c, "orders"), T0 + 3_000.0);
    assert_eq!(r.status, 202);
    assert_eq!(
        connector(&mut sim, "orders", T0 + 3_000.0).health,
        Health::Paused
    );
    assert_eq!(
        send(&mut sim, resume_request(&c, "orders"), T0 + 3_000.0).status,
        202
    );
    assert_eq!(
        connector(&mut sim, "orders", T0 + 3_000.0).health,
        Health::Running
    );
    let list = parse_list(&ok(send(&mut sim, list_request(&c), T0 + 3_000.0)).body).unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].notes[0].label, "Connector ID");
    assert!(list[0].notes[0].value.starts_with("lcc-"));
    let r = ok(send(&mut sim, delete_request(&c, "orders"), T0 + 4_000.0));
    assert_eq!(
        serde_json::from_str::<Value>(&r.body).unwrap(),
        json!({"error": null})
    );
    assert!(sim.is_empty());
    let list = parse_list(&ok(send(&mut sim, list_request(&c), T0 + 4_100.0)).body).unwrap();
    assert_eq!(
        (list[0].raw_state.as_str(), list[0].health),
        ("DELETED", Health::Stopped)
    );
    let list = parse_list(&ok(send(&mut sim, list_request(&c), T0 + 6_000.0)).body).unwrap();
    assert!(list.is_empty());
    for req in [
        status_request(&c, "orders"),
        config_request(&c, "orders"),
        pause_request(&c, "orders"),
        delete_request(&c, "orders"),
    ] {
        let r = send(&mut sim, req, T0 + 6_000.0);
        assert_eq!(r.status, 404);
        assert!(parse_error(&r).to_string().contains("no longer exists"));
    }
}

#[test]
fn sim_degrades_and_fails_with_traces() {
    let mut sim = ConfluentSim::new();
    let c = cluster();
    ok(send(
        &mut sim,
        create_request(
            &c,
            "two",
            &datagen(
                "two",
                json!({"tasks.max": "2", "simulate.task.failure": "true"}),
            ),
        ),
        T0,
    ));
    let two = connector(&mut sim, "two", T0 + 2_500.0);
    assert_eq!(
        (two.raw_state.as_str(), two.health),
        ("DEGRADED", Health::Degraded)
    );
    assert!(
        two.tasks[1].failed()
            && two.tasks[1]
                .trace
                .as_deref()
                .unwrap()
                .contains("Poison record")
    );
    let mut pg = obj(
        json!({"database.hostname": "pg.corp.invalid", "database.user": "cdc", "database.password": "pw",
        "database.dbname": "app", "topic.prefix": "app", "tasks.max": "1"}),
    );
    fill_common(
        &mut pg,
        "PostgresCdcSourceV2",
        "pg",
        Some(KEY),
        Some(SECRET),
        None,
        "env-a1b2c3",
    );
    ok(send(&mut sim, create_request(&c, "pg", &pg), T0));
    let failed = connector(&mut sim, "pg", T0 + 2_500.0);
    assert_eq!(
        (failed.raw_state.as_str(), failed.health),
        ("FAILED", Health::Failed)
    );
    assert_eq!(
        failed.failure_reason().as_deref(),
        Some("java.net.UnknownHostException: pg.corp.invalid: Name or service not known")
    );
}

#[test]
fn sim_rejects_bad_requests_in_both_shapes() {
    let mut sim = ConfluentSim::new();
    let c = cluster();
    let no_name = HttpRequest::new(Method::Post, format!("{}/connectors", c.base()))
        .json(json!({"config": {}}));
    let r = send(&mut sim, no_name, T0);
    assert_eq!(r.status, 400);
    assert_eq!(parse_error(&r).field_errors()[0].key, "name");
    let bad = datagen(
        "bad",
        json!({"output.data.format": "XML", "max.interval": "soon"}),
    );
    let r = send(&mut sim, create_request(&c, "bad", &bad), T0);
    assert_eq!(r.status, 400);
    assert!(r.body.starts_with("{\"error\":{"), "{}", r.body);
    let e = parse_error(&r);
    let keys: Vec<&str> = e.field_errors().iter().map(|f| f.key.as_str()).collect();
    assert_eq!(keys, ["output.data.format", "max.interval"]);
    let mut no_key = datagen("nokey", json!({}));
    no_key.remove("kafka.api.key");
    let r = send(&mut sim, create_request(&c, "nokey", &no_key), T0);
    assert_eq!(parse_error(&r).field_errors()[0].key, "kafka.api.key");
    ok(send(
        &mut sim,
        create_request(&c, "dup", &datagen("dup", json!({}))),
        T0,
    ));
    let r = send(
        &mut sim,
        create_request(&c, "dup", &datagen("dup", json!({}))),
        T0,
    );
    assert_eq!(r.status, 409);
    let mut custom = Map::new();
    fill_custom(&mut custom, "ccp-doesnotexist");
    let r = send(&mut sim, create_request(&c, "ghost", &custom), T0);
    assert_eq!(r.status, 400);
    assert_eq!(
        parse_error(&r).field_errors()[0].key,
        "confluent.custom.plugin.id"
    );
    assert_eq!(sim.len(), 1);
}

#[test]
fn sim_secret_left_out_is_kept_and_the_mask_sent_back_breaks_the_connector() {
    let mut sim = ConfluentSim::new();
    let c = cluster();
    ok(send(
        &mut sim,
        create_request(&c, "orders", &datagen("orders", json!({}))),
        T0,
    ));
    // Edit through the form: the validate-built type, the masked stored config, one change.
    let plugin = parse_plugins(&ok(send(&mut sim, plugins_request(&c), T0)).body)
        .unwrap()
        .types
        .remove(0);
    let stored = parse_config(&ok(send(&mut sim, config_request(&c, "orders"), T0)).body).unwrap();
    let (v, _) = validate(&mut sim, "DatagenSource", Value::Object(stored.clone()));
    let ct = type_from_validation(&plugin, &v);
    let (mut values, mode) = values_from_config(&ct, &stored);
    assert!(mode.secret_is_set("kafka.api.secret"));
    values.insert("max.interval".into(), Input::Text("250".into()));
    let out = config_for_update(&ct, &values, &stored);
    no_masks(&out);
    assert_eq!(
        send(&mut sim, update_request(&c, "orders", &out), T0 + 100.0).status,
        200
    );
    let after = connector(&mut sim, "orders", T0 + 3_000.0);
    assert_eq!(after.health, Health::Running, "the stored secret was kept");
    assert_eq!(after.config["max.interval"], json!("250"));
    assert_eq!(after.config["kafka.api.secret"], json!(MASK));
    // The wrong way: sending back what was read, mask included, replaces the secret with it.
    let naive = HttpRequest::new(
        Method::Put,
        format!("{}/connectors/orders/config", c.base()),
    )
    .json(Value::Object(stored));
    assert_eq!(send(&mut sim, naive, T0 + 4_000.0).status, 200);
    let broken = connector(&mut sim, "orders", T0 + 7_000.0);
    assert_eq!(broken.health, Health::Failed);
    assert!(broken
        .trace
        .as_deref()
        .unwrap()
        .contains("Provided Kafka ApiKey is invalid"));
}

#[test]
fn sim_custom_connectors_report_their_extras() {
    let mut sim = ConfluentSim::new();
    let c = cluster();
    let page =
        parse_custom_plugins(&ok(send(&mut sim, custom_plugins_request(None, 5, None), T0)).body)
            .unwrap();
    let plugin = page.types[0].clone();
    let id = custom_plugin_id(&plugin).unwrap().to_string();
    let keys = page.sensitive[0].1.clone();
    // Validation builds the form; the plugin's sensitive keys become secrets.
    let (v, raw) = validate(&mut sim, &plugin.id, json!({"api.token": "t0k3n"}));
    let token = raw["configs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["definition"]["name"] == "api.token")
        .unwrap();
    assert_eq!(token["definition"]["type"], json!("STRING"));
    assert_eq!(token["value"]["value"], json!(MASK));
    let mut ct = type_from_validation(&plugin, &v);
    // A `STRING` named like a credential is a secret by the secret policy already.
    assert!(ct.field("api.token").unwrap().secret);
    mark_sensitive(&mut ct, &keys);
    assert!(
        ct.field("api.token").unwrap().secret && ct.field("connection.password").unwrap().secret
    );

    let custom = |url: Option<&str>| {
        let mut config =
            obj(json!({"connection.user": "svc", "api.token": "t0k3n", "tasks.max": "1"}));
        if let Some(u) = url {
            config.insert("connection.url".into(), json!(u));
        }
        fill_common(
            &mut config,
            &plugin.id,
            "x",
            Some(KEY),
            Some(SECRET),
            None,
            "env-a1b2c3",
        );
        fill_custom(&mut config, &id);
        config
    };
    let mut good = custom(Some("https://api.example.com"));
    good.insert("name".into(), json!("good"));
    ok(send(&mut sim, create_request(&c, "good", &good), T0));
    let mut down = custom(Some("https://api.corp.invalid"));
    down.insert("name".into(), json!("down"));
    ok(send(&mut sim, create_request(&c, "down", &down), T0));
    let mut incomplete = custom(None);
    incomplete.insert("name".into(), json!("incomplete"));
    ok(send(
        &mut sim,
        create_request(&c, "incomplete", &incomplete),
        T0,
    ));

    let list = parse_list(&ok(send(&mut sim, list_request(&c), T0 + 2_500.0)).body).unwrap();
    let by = |n: &str| list.iter().find(|x| x.name == n).unwrap();
    let labels = |n: &str| {
        by(n)
            .notes
            .iter()
            .map(|d| d.label.as_str())
            .collect::<Vec<_>>()
    };
    assert_eq!(by("good").health, Health::Running);
    assert_eq!(labels("good"), ["Connector ID"]);
    assert!(by("good").notes[0].value.starts_with("clcc-"));
    assert_eq!(by("down").health, Health::Failed);
    assert_eq!(
        labels("down"),
        ["Connector ID", "Error from trace", "Notice"]
    );
    assert!(by("down").notes[1]
        .value
        .contains("UnknownHostException: api.corp.invalid"));
    assert_eq!(by("incomplete").health, Health::Failed);
    assert_eq!(
        labels("incomplete"),
        ["Connector ID", "Validation error", "Notice"]
    );
    assert!(by("incomplete").notes[1]
        .value
        .starts_with("connection.url: Missing required configuration"));
    let stored = parse_config(&ok(send(&mut sim, config_request(&c, "good"), T0)).body).unwrap();
    assert_eq!(
        stored["api.token"],
        json!(MASK),
        "sensitive properties are masked on read"
    );
    assert_eq!(stored["connector.class"], json!(plugin.id));
    let raw: Value =
        serde_json::from_str(&ok(send(&mut sim, status_request(&c, "good"), T0 + 2_500.0)).body)
            .unwrap();
    assert_eq!(
        (
            raw["errors_from_trace"].clone(),
            raw["validation_errors"].clone(),
            raw["override_message"].clone()
        ),
        (json!([]), json!([]), json!(""))
    );
}

#[test]
fn sim_demo_and_export_without_secrets() {
    let mut sim = ConfluentSim::new();
    sim.seed_demo(T0);
    sim.seed_demo(T0);
    assert_eq!(sim.len(), 6);
    let c = cluster();
    let list = parse_list(&ok(send(&mut sim, list_request(&c), T0)).body).unwrap();
    let healths: Vec<(&str, Health)> = list.iter().map(|x| (x.name.as_str(), x.health)).collect();
    assert_eq!(
        healths,
        [
            ("archive-s3", Health::Failed),
            ("customers-pg-cdc", Health::Degraded),
            ("directory-custom", Health::Failed),
            ("events-custom", Health::Running),
            ("legacy-custom", Health::Failed),
            ("orders-datagen", Health::Running),
        ]
    );
    for x in &list {
        for (k, v) in &x.config {
            if k.contains("secret")
                || k.contains("password")
                || k.ends_with(".key")
                || k == "api.token"
            {
                assert!(is_masked(v), "{}: {k} is read masked", x.name);
            }
        }
    }
    ok(send(&mut sim, pause_request(&c, "orders-datagen"), T0));
    let state = sim.export_state();
    let text = state.to_string();
    for secret in [
        "demo-password",
        "demo-secret",
        "DEMOKEY",
        "demo-token",
        "demo-aws-secret",
        "invalid-demo-key",
    ] {
        assert!(!text.contains(secret), "{secret} leaked into {text}");
    }
    let mut back = ConfluentSim::new();
    back.import_state(&state);
    assert_eq!(back.len(), 6);
    let again = parse_list(&ok(send(&mut back, list_request(&c), T0)).body).unwrap();
    let healths: Vec<(&str, Health)> = again.iter().map(|x| (x.name.as_str(), x.health)).collect();
    assert_eq!(
        healths,
        [
            ("archive-s3", Health::Running),
            ("customers-pg-cdc", Health::Degraded),
            ("directory-custom", Health::Failed),
            ("events-custom", Health::Running),
            ("legacy-custom", Health::Failed),
            ("orders-datagen", Health::Paused),
        ],
        "secrets are gone but still count as set: the invalid demo key is forgotten"
    );
    let orders = again.iter().find(|x| x.name == "orders-datagen").unwrap();
    assert_eq!(
        orders.config["kafka.api.secret"],
        json!(MASK),
        "kept secrets still read masked"
    );
    // An edit that leaves the (unknown) secrets out keeps the connector working.
    let stored =
        parse_config(&ok(send(&mut back, config_request(&c, "events-custom"), T0)).body).unwrap();
    let (kept, _) = secrets_for_update(&stored);
    assert_eq!(
        send(&mut back, update_request(&c, "events-custom", &kept), T0).status,
        200
    );
    assert_eq!(
        connector(&mut back, "events-custom", T0 + 2_500.0).health,
        Health::Running
    );
    let mut junk = ConfluentSim::new();
    junk.import_state(&json!({"connectors": [{"name": "x", "id": "lcc-1", "class": "Nope"}, 5]}));
    assert!(junk.is_empty());
}

// ---------------------------------------------------------------------------------------------
// Conformance over the shared public payloads
// ---------------------------------------------------------------------------------------------

const CC: &str = "confluent-cloud/";

fn cc(name: &str) -> Option<String> {
    shared(&format!("{CC}{name}"))
}

#[test]
fn shared_plugins_and_validations() {
    let (Some(plugins), Some(gcs), Some(datagen)) = (
        cc("connect-v1__GET__connector-plugins__resp200.json"),
        cc("connect-v1__PUT__connector-plugins-plugin-name-config-validate__resp200.json"),
        cc("tf-connector_managed_validate.json"),
    ) else {
        return;
    };
    let cat = parse_plugins(&plugins).unwrap();
    assert!(cat.skipped.is_empty());
    let names: Vec<&str> = cat.types.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Big Query Sink",
            "Gcs Sink",
            "Kinesis Source",
            "Postgres Source",
            "S3 Sink"
        ]
    );
    assert_eq!(cat.types[0].details.len(), 1, "BigQuerySink has no version");
    let v = parse_validation(&gcs).unwrap();
    assert_eq!((v.fields.len(), v.groups.len(), v.error_count), (11, 7, 1));
    assert_eq!(
        v.state("flush.size").unwrap().errors,
        ["\"flush.size\" should be greater than or equal to 1000"]
    );
    let secrets: Vec<&str> = v
        .fields
        .iter()
        .filter(|f| f.secret)
        .map(|f| f.key.as_str())
        .collect();
    assert_eq!(
        secrets,
        [
            "gcs.credentials.config",
            "kafka.api.key",
            "kafka.api.secret"
        ],
        "in the response's group order"
    );
    let keys: Vec<&str> = v.fields.iter().map(|f| f.key.as_str()).collect();
    assert_eq!(
        &keys[..4],
        ["time.interval", "flush.size", "topics", "data.format"]
    );
    let at = |k: &str| keys.iter().position(|x| *x == k).unwrap();
    assert!(
        at("connector.class") + 1 == at("name"),
        "order within a group"
    );
    let v = parse_validation(&datagen).unwrap();
    assert_eq!((v.fields.len(), v.error_count), (17, 0));
    assert_eq!(v.state("kafka.api.key").unwrap().value, None, "masked");
    assert_eq!(v.state("kafka.auth.mode").unwrap().value, None, "empty");
    assert_eq!(
        v.state("kafka.auth.mode").unwrap().recommended,
        ["KAFKA_API_KEY", "SERVICE_ACCOUNT"]
    );
    assert_eq!(
        v.fields
            .iter()
            .find(|f| f.key == "kafka.auth.mode")
            .unwrap()
            .default,
        Some(json!("KAFKA_API_KEY"))
    );
}

#[test]
fn shared_lists_status_and_config() {
    let (Some(list), Some(status), Some(config), Some(gcs)) = (
        cc("connect-v1__GET__connectors-expand-info-status-id__resp200.json"),
        cc("connect-v1__GET__connectors-connector-name-status__resp200.json"),
        cc("connect-v1__GET__connectors-connector-name-config__resp200.json"),
        cc("connect-v1__PUT__connector-plugins-plugin-name-config-validate__resp200.json"),
    ) else {
        return;
    };
    let list = parse_list(&list).unwrap();
    let got: Vec<(&str, Health, ConnectorKind)> = list
        .iter()
        .map(|c| (c.name.as_str(), c.health, c.kind))
        .collect();
    assert_eq!(
        got,
        [
            ("MyDatagenConnector", Health::Running, ConnectorKind::Source),
            (
                "MyGcsLogsBucketConnector",
                Health::Starting,
                ConnectorKind::Destination
            ),
            (
                "MyS3BucketConnector",
                Health::Failed,
                ConnectorKind::Destination
            ),
        ]
    );
    assert!(list[2]
        .trace
        .as_deref()
        .unwrap()
        .contains("kafka.api.secret: Provided Kafka ApiKey is invalid"));
    assert!(list.iter().all(|c| c.notes
        == [connector_console::model::catalog::Detail::new(
            "Connector ID",
            "lcc-xxxxx"
        )]));
    let c = parse_connector("MyGcsLogsBucketConnector", &config, &status).unwrap();
    assert_eq!(
        (c.health, c.kind),
        (Health::Starting, ConnectorKind::Source)
    );
    // Editing the stored config never sends its masks, and keeps the server-derived keys.
    let plugin = parse_plugins(r#"[{"class":"GcsSink","type":"sink"}]"#)
        .unwrap()
        .types
        .remove(0);
    let ct = type_from_validation(&plugin, &parse_validation(&gcs).unwrap());
    let stored = parse_config(&config).unwrap();
    let (values, mode) = values_from_config(&ct, &stored);
    for k in [
        "gcs.credentials.config",
        "kafka.api.key",
        "kafka.api.secret",
    ] {
        assert!(mode.secret_is_set(k), "{k}");
    }
    let out = config_for_update(&ct, &values, &stored);
    no_masks(&out);
    for k in [
        "cloud.environment",
        "kafka.endpoint",
        "kafka.region",
        "tasks.max",
        "topics",
        "gcs.bucket.name",
    ] {
        assert_eq!(out.get(k), stored.get(k), "{k}");
    }
}

#[test]
fn shared_request_examples_lose_their_masks() {
    let (Some(put), Some(validate), Some(create)) = (
        cc("connect-v1__PUT__connectors-connector-name-config__req.json"),
        cc("connect-v1__PUT__connector-plugins-plugin-name-config-validate__req.json"),
        cc("connect-v1__POST__connectors__req-source.json"),
    ) else {
        return;
    };
    let put = parse_config(&put).unwrap();
    let req = update_request(&cluster(), "MyGcsLogsBucketConnector", &put);
    let body = req.body.unwrap();
    let body = body.as_object().unwrap();
    no_masks(body);
    assert_eq!(body.len(), put.len() - 3, "three redacted secrets left out");
    assert_eq!(
        validate_request(&cluster(), "GcsSink", &parse_config(&validate).unwrap())
            .body
            .unwrap()["flush.size"],
        json!("500")
    );
    let create: Value = serde_json::from_str(&create).unwrap();
    let req = create_request(
        &cluster(),
        create["name"].as_str().unwrap(),
        create["config"].as_object().unwrap(),
    );
    assert_eq!(req.body.unwrap()["config"]["database.port"], json!("1234"));
}

#[test]
fn shared_terraform_read_payloads() {
    let files = [
        "tf-connector_custom_read_created_connectors.json",
        "tf-connector_custom_read_updated_connectors.json",
        "tf-connector_managed_read_created_connectors.json",
        "tf-connector_managed_read_updated_connectors.json",
    ];
    let mut seen = 0;
    for f in files {
        let Some(text) = cc(f) else { return };
        let list = parse_list(&text).unwrap();
        assert_eq!(list.len(), 1, "{f}");
        let c = &list[0];
        assert_eq!(
            (c.health, c.kind),
            (Health::Running, ConnectorKind::Source),
            "{f}"
        );
        assert_eq!(c.notes.len(), 1, "{f}: empty extras add no notes");
        assert_eq!(c.config["kafka.api.key"], json!(MASK));
        seen += 1;
    }
    assert_eq!(seen, 4);
    let updated = parse_list(&cc(files[1]).unwrap()).unwrap();
    assert_eq!(updated[0].config["new.fake.attribute"], json!("123"));
    assert_eq!(updated[0].notes[0].value, "clcc-gkzo3r");
    for (f, state, health) in [
        (
            "tf-connector_custom_read_provisioning_connector.json",
            "PROVISIONING",
            Health::Starting,
        ),
        (
            "tf-connector_custom_read_running_connector.json",
            "RUNNING",
            Health::Running,
        ),
        (
            "tf-connector_managed_read_provisioning_connector.json",
            "PROVISIONING",
            Health::Starting,
        ),
        (
            "tf-connector_managed_read_running_connector.json",
            "RUNNING",
            Health::Running,
        ),
    ] {
        let Some(status) = cc(f) else { return };
        let c = parse_connector("test_connector", "{}", &status).unwrap();
        assert_eq!((c.raw_state.as_str(), c.health), (state, health), "{f}");
    }
    for f in [
        "tf-connector_custom_read_deleted_connector.json",
        "tf-connector_managed_read_deleted_connector.json",
    ] {
        let Some(body) = cc(f) else { return };
        let e = parse_error(&resp(404, &body));
        assert_eq!(
            e.to_string(),
            "The connector no longer exists on the server (resource not found).",
            "{f}"
        );
    }
    for f in [
        "tf-connector_custom_delete_connector.json",
        "tf-connector_managed_delete_connector.json",
        "connect-v1__DELETE__connectors-connector-name__resp200.json",
    ] {
        let Some(body) = cc(f) else { return };
        assert!(check(resp(200, &body)).is_ok());
        assert_eq!(
            serde_json::from_str::<Value>(&body).unwrap(),
            json!({"error": null})
        );
    }
}

#[test]
fn shared_custom_plugin_payloads() {
    let mut plugins = Vec::new();
    for f in [
        "tf-custom_connector_plugin_create_plugin.json",
        "tf-custom_connector_plugin_read_created_plugin_gcp.json",
        "tf-custom_connector_plugin_read_updated_plugin.json",
    ] {
        let Some(text) = cc(f) else { return };
        plugins.push(serde_json::from_str::<Value>(&text).unwrap());
    }
    // The list endpoint wraps these objects in `data`; page them as the API would.
    let body = json!({
        "api_version": "connect/v1", "kind": "CustomConnectorPluginList",
        "metadata": {"next": "https://api.confluent.cloud/connect/v1/custom-connector-plugins?page_token=UvmDWOB1iwfAIBPj6EYb", "total_size": 3},
        "data": plugins,
    });
    let page = parse_custom_plugins(&body.to_string()).unwrap();
    assert_eq!(
        page.next_page_token.as_deref(),
        Some("UvmDWOB1iwfAIBPj6EYb"),
        "the spec's example token"
    );
    assert_eq!(page.types.len(), 3);
    assert!(page.skipped.is_empty());
    let t = &page.types[0];
    assert_eq!(
        (t.id.as_str(), t.name.as_str(), t.kind),
        (
            "io.confluent.kafka.connect.datagen.DatagenConnector",
            "datagen-plugin-name",
            ConnectorKind::Source
        )
    );
    assert_eq!(custom_plugin_id(t), Some("ccp-4rrw00"));
    assert_eq!(page.types[1].tags, ["GCP"]);
    assert_eq!(page.sensitive[0].1, ["keys", "passwords"]);
    assert_eq!(page.sensitive[2].1, ["keys", "passwords", "auth_token"]);
    let Some(gone) = cc("tf-custom_connector_plugin_read_deleted_plugin.json") else {
        return;
    };
    let e = parse_error(&resp(404, &gone));
    assert_eq!(
        e.to_string(),
        "Failed to retrieve custom plugin: Not Found."
    );
    assert!(
        e.field_errors().is_empty(),
        "an empty source names no field"
    );
}

// ---------------------------------------------------------------------------------------------
// The verbs and the encode step, through the vendor boundary, against the simulator

mod verbs {
    use std::collections::BTreeSet;

    use super::common::*;
    use connector_console::auth::{basic_auth, Credentials};
    use connector_console::config::{AuthKind, BackendConfig};
    use connector_console::model::catalog::ConnectorKind;
    use connector_console::model::form::{initial_values, Input, Mode};
    use connector_console::vendor::{Capability, FormInput, Vendor};
    use connector_console::vendors::confluent::sim::ConfluentSim;
    use connector_console::vendors::confluent::ConfluentCloud;
    use connector_console::vendors::Registry;
    use serde_json::{json, Map};

    pub(super) fn backend() -> BackendConfig {
        let mut b = BackendConfig {
            id: "cc".into(),
            label: "Confluent Cloud".into(),
            dialect: "confluent-cloud".into(),
            simulated: false,
            base_url: Some("https://api.confluent.cloud".into()),
            auth: AuthKind::Basic,
            options: Default::default(),
            user_added: false,
            timeout_secs: None,
        };
        b.options
            .insert("environment_id".into(), "env-a1b2c3".into());
        b.options
            .insert("kafka_cluster_id".into(), "lkc-x9y8z7".into());
        b
    }

    pub(super) fn io() -> SimExchange {
        let mut io = SimExchange::new(Box::<ConfluentSim>::default());
        io.headers.push((
            "Authorization".into(),
            basic_auth("CLOUDKEY", "cloud-secret"),
        ));
        io
    }

    #[test]
    fn the_vendor_declares_its_options_labels_and_demo_credentials() {
        use connector_console::config::BackendCheck;
        assert!(ConfluentCloud
            .capabilities()
            .contains(&Capability::PagedCatalog));
        assert_eq!(
            ConfluentCloud.credential_labels(AuthKind::Basic),
            Some(("Cloud API key", "Cloud API secret"))
        );
        assert!(matches!(
            ConfluentCloud.simulated_credentials(),
            Credentials::Basic { .. }
        ));
        let mut b = backend();
        b.options.clear();
        let err = Registry.check(&mut b, true).unwrap_err();
        assert_eq!(
            err,
            "a confluent-cloud backend needs environment_id and kafka_cluster_id"
        );
        b.simulated = true;
        assert!(Registry.check(&mut b, true).is_ok(), "the demo needs none");
    }

    #[test]
    fn custom_plugins_page_in_and_the_encode_step_fills_what_confluent_needs() {
        let io = io();
        let b = ConfluentCloud.open(&backend());
        let c = b.connectors().unwrap();
        let managed = block_on(c.catalog(&io, ConnectorKind::Source)).unwrap();
        assert!(!managed.types.is_empty());
        let mut pages = 0;
        let progress = loop {
            let p = block_on(c.load_more_types(&io)).unwrap();
            pages += 1;
            if p.done {
                break p;
            }
        };
        assert_eq!((progress.loaded, progress.total), (230, Some(230)));
        assert_eq!(pages, 3, "100 + 100 + 30");
        // The paths are the cluster's.
        assert!(io.sent.borrow().iter().any(|r| r
            .path
            .starts_with("/connect/v1/environments/env-a1b2c3/clusters/lkc-x9y8z7/")));

        let (ct, _) =
            block_on(c.connector_type(&io, ConnectorKind::Source, "DatagenSource")).unwrap();
        let mut values = initial_values(&ct);
        values.insert("kafka.topic".into(), Input::Text("orders".into()));
        let empty = Map::new();
        let hidden = BTreeSet::new();
        let form = FormInput {
            ct: &ct,
            values: &values,
            mode: &Mode::Create,
            stored: &empty,
            other: &[],
            server_hidden: &hidden,
            name: "orders",
        };
        let config = c.encode(&form);
        assert_eq!(config["name"], json!("orders"));
        assert_eq!(config["connector.class"], json!("DatagenSource"));
        assert_eq!(config["cloud.environment"], json!("prod"));
        assert_eq!(config["kafka.topic"], json!("orders"));
    }
}

mod custom_sink {
    //! A custom connector whose plugin and status say sink stays a sink: in the list, on the
    //! edit page (its form is the plugin's) and after saving.
    use std::collections::BTreeSet;

    use super::common::*;
    use super::verbs::{backend, io};
    use connector_console::model::catalog::ConnectorKind;
    use connector_console::model::form::{initial_values, values_from_config, Input, Mode};
    use connector_console::vendor::{FormInput, Vendor};
    use connector_console::vendors::confluent::wire::custom_plugin_id;
    use connector_console::vendors::confluent::ConfluentCloud;
    use serde_json::Map;

    #[test]
    fn a_custom_sink_is_edited_and_saved_as_a_sink() {
        let io = io();
        let b = ConfluentCloud.open(&backend());
        let c = b.connectors().unwrap();
        while !block_on(c.load_more_types(&io)).unwrap().done {}
        let sinks = block_on(c.catalog(&io, ConnectorKind::Destination)).unwrap();
        let plugin = sinks
            .types
            .iter()
            .find(|t| custom_plugin_id(t).is_some())
            .expect("a custom sink plugin")
            .clone();
        let (ct, _) =
            block_on(c.connector_type(&io, ConnectorKind::Destination, &plugin.id)).unwrap();
        assert_eq!(ct.kind, ConnectorKind::Destination);
        let mut values = initial_values(&ct);
        for (k, v) in [
            ("connection.url", "https://sink.example.com"),
            ("connection.user", "svc"),
            ("connection.password", "pw"),
            ("api.token", "t0k3n"),
        ] {
            if ct.field(k).is_some() {
                values.insert(k.into(), Input::Text(v.into()));
            }
        }
        let (empty, hidden) = (Map::new(), BTreeSet::new());
        let form = FormInput {
            ct: &ct,
            values: &values,
            mode: &Mode::Create,
            stored: &empty,
            other: &[],
            server_hidden: &hidden,
            name: "custom-out",
        };
        let created = block_on(c.create(&io, &form)).unwrap();
        assert_eq!(created.kind, ConnectorKind::Destination);

        // What the edit page does: the connector by id, then its type by the connector's type id.
        io.advance(5_000.0);
        let got = block_on(c.get(&io, ConnectorKind::Destination, "custom-out")).unwrap();
        assert_eq!(got.kind, ConnectorKind::Destination, "{got:?}");
        let (ct, _) = block_on(c.connector_type(&io, got.kind, &got.type_id)).unwrap();
        assert_eq!(
            ct.kind,
            ConnectorKind::Destination,
            "the edit page says sink"
        );
        assert_eq!(ct.id, plugin.id, "the form is the plugin's");
        let (values, mode) = values_from_config(&ct, &got.config);
        let other = c.other_keys(&ct, &got.config);
        let edit = FormInput {
            ct: &ct,
            values: &values,
            mode: &mode,
            stored: &got.config,
            other: &other,
            server_hidden: &hidden,
            name: "custom-out",
        };
        let saved = block_on(c.update(&io, &got, &edit)).unwrap();
        assert_eq!(
            saved.kind,
            ConnectorKind::Destination,
            "saving keeps it a sink"
        );
    }
}

mod paging {
    //! A server whose custom-plugin pages never end (the same token again and again) cannot keep
    //! the catalog paging forever.
    use super::common::*;
    use super::verbs::backend;
    use connector_console::http::{HttpRequest, HttpResponse};
    use connector_console::vendor::{Simulator, Vendor};
    use connector_console::vendors::confluent::ConfluentCloud;
    use serde_json::{json, Value};

    /// Answers the managed list with nothing, and every custom page with the same page.
    struct LoopingPages {
        pages: usize,
    }

    impl Simulator for LoopingPages {
        fn handle(&mut self, req: &HttpRequest, _now_ms: f64) -> HttpResponse {
            if req.path.ends_with("/connector-plugins") {
                return HttpResponse::json(200, &json!([]));
            }
            self.pages += 1;
            HttpResponse {
                status: 200,
                headers: vec![],
                body: fixture("confluent-cloud/custom-plugins-page1.json"),
            }
        }
        fn seed_demo(&mut self, _now_ms: f64) {}
        fn export_state(&self) -> Value {
            Value::Null
        }
        fn import_state(&mut self, _state: &Value) {}
        fn len(&self) -> usize {
            self.pages
        }
    }

    #[test]
    fn a_repeating_page_token_ends_the_paging() {
        let io = SimExchange::new(Box::new(LoopingPages { pages: 0 }));
        let b = ConfluentCloud.open(&backend());
        let c = b.connectors().unwrap();
        let mut calls = 0;
        let last = loop {
            calls += 1;
            assert!(calls < 50, "paging did not stop");
            let p = block_on(c.load_more_types(&io)).unwrap();
            if p.done {
                break p;
            }
        };
        assert!(last.done);
        assert!(
            io.sim.borrow().len() <= 2,
            "{} pages asked",
            io.sim.borrow().len()
        );
    }
}
