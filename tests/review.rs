//! Review before update (`model::diff`) and "Copy as curl" (`http::to_curl`, and the requests
//! each vendor builds for it: saving a form, re-saving a stored connector, creating a Laminar
//! profile or table).

mod common;

use connector_console::config::AuthKind;
use connector_console::http::{curl_base, to_curl, HttpRequest, Method};
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
    let cmd = to_curl(
        &req,
        "https://connect.example.com/",
        AuthKind::Bearer,
        &|k| k == "database.password",
    );
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
        AuthKind::Basic,
        &|_| false,
    );
    assert_eq!(
        basic,
        "curl -X GET 'https://api.confluent.cloud/x' \\\n  -u \"$API_KEY:$API_SECRET\""
    );
    let _ = common::postgres();
}

#[test]
fn curl_names_the_credential_the_backend_takes_and_nothing_else() {
    let req = HttpRequest::new(Method::Get, "/x");
    let none = to_curl(&req, "http://h", AuthKind::None, &|_| false);
    assert_eq!(none, "curl -X GET 'http://h/x'");
    for auth in [AuthKind::Bearer, AuthKind::ClientCredentials] {
        let cmd = to_curl(&req, "http://h", auth, &|_| false);
        assert!(
            cmd.ends_with("-H \"Authorization: Bearer $TOKEN\""),
            "{cmd}"
        );
    }
    // The base URL: a same-origin path gets the page's origin; none is a placeholder.
    assert_eq!(
        curl_base(Some("/api/laminar"), "http://127.0.0.1:8787"),
        "http://127.0.0.1:8787/api/laminar"
    );
    assert_eq!(
        curl_base(Some("https://laminar.example.com"), "http://x"),
        "https://laminar.example.com"
    );
    assert_eq!(curl_base(None, "http://x"), "https://YOUR-BACKEND");
}

#[test]
fn curl_replaces_secrets_in_lists_and_anything_nested_too_deep() {
    let mut deep = json!("hunter2");
    for _ in 0..40 {
        deep = json!({ "a": deep });
    }
    let req = HttpRequest::new(Method::Post, "/x").json(json!({
        "hosts": ["db:5432", "user:password=hunter2"],
        "deep": deep,
    }));
    let cmd = to_curl(&req, "http://h", AuthKind::None, &|_| false);
    assert!(!cmd.contains("hunter2"), "{cmd}");
    assert!(
        cmd.contains("db:5432") && cmd.contains("$SECRET_HOSTS"),
        "{cmd}"
    );
}

/// The JSON body of a `curl` command (`--data-raw '…'`).
fn curl_body(cmd: &str) -> Value {
    let start = cmd.find("--data-raw '").expect("a body") + "--data-raw '".len();
    let text = cmd[start..]
        .trim_end()
        .trim_end_matches('\'')
        .replace("'\\''", "'");
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

mod laminar {
    use super::*;
    use connector_console::config::BackendConfig;
    use connector_console::model::pipeline::{SchemaField, TableDraft, TableSchema};
    use connector_console::schema::{parse_schema, parse_schema_str, with_placeholders};
    use connector_console::vendor::Vendor;
    use connector_console::vendors::laminar::Laminar;

    fn backend() -> BackendConfig {
        super::common::backend_config("laminar", "https://laminar.example.com", AuthKind::Bearer)
    }

    /// Creating a Kafka profile with SASL: the create request, the secret (marked by the
    /// schema, under a oneOf variant) a placeholder, everything else as the form sends it.
    #[test]
    fn profile_create_as_curl() {
        let node =
            parse_schema_str(&super::common::vendor_data("laminar", "kafka-profile.json")).unwrap();
        let config = json!({
            "bootstrapServers": "broker-1:9092",
            "authentication": {"protocol": "SASL_SSL", "mechanism": "SCRAM-SHA-256",
                "username": "laminar", "password": "hunter2-secret"},
        });
        let b = Laminar.open(&backend());
        let p = b.pipelines().unwrap();
        let req = p
            .create_profile_request("prod-kafka", "kafka", with_placeholders(&node, &config))
            .unwrap();
        let cmd = to_curl(
            &req,
            "https://laminar.example.com/",
            AuthKind::Bearer,
            &|_| false,
        );
        assert!(
            cmd.starts_with(
                "curl -X POST 'https://laminar.example.com/api/v1/connection_profiles' \\\n  -H \"Authorization: Bearer $TOKEN\""
            ),
            "{cmd}"
        );
        assert!(!cmd.contains("hunter2-secret"), "{cmd}");
        assert_eq!(
            curl_body(&cmd),
            json!({"name": "prod-kafka", "connector": "kafka", "config": {
                "bootstrapServers": "broker-1:9092",
                "authentication": {"protocol": "SASL_SSL", "mechanism": "SCRAM-SHA-256",
                    "username": "laminar", "password": "$SECRET_PASSWORD"},
            }})
        );
    }

    /// A table: its create request with the profile, format, columns and side; secrets the
    /// schema marks (whatever their key is called, nested or in lists) are placeholders.
    #[test]
    fn table_create_as_curl() {
        let node = parse_schema(&json!({
            "type": "object",
            "properties": {
                "endpoint": {"type": "string"},
                "dsn": {"type": "string", "writeOnly": true},
                "auth": {"type": "object", "properties": {"key": {"type": "string", "format": "password"}}},
                "tokens": {"type": "array", "items": {"type": "string", "x-secret": true}},
            }
        }));
        let config = json!({"endpoint": "https://hooks.example.com/x", "dsn": "pg://u:p@db/x",
            "auth": {"key": "k-123"}, "tokens": ["t-1", "t-2"]});
        let t = TableDraft {
            name: "alerts".into(),
            connector: "webhook".into(),
            profile_id: Some("prof_1".into()),
            config: with_placeholders(&node, &config),
            schema: TableSchema {
                format: Some("json".into()),
                format_options: Default::default(),
                fields: vec![SchemaField {
                    name: "message".into(),
                    data_type: "STRING".into(),
                    nullable: false,
                }],
                event_time_field: None,
                watermark_delay: None,
                table_type: Some("sink".into()),
            },
        };
        let b = Laminar.open(&backend());
        let req = b.pipelines().unwrap().create_table_request(&t).unwrap();
        let cmd = to_curl(&req, "https://laminar.example.com", AuthKind::None, &|_| {
            false
        });
        assert!(
            cmd.starts_with("curl -X POST 'https://laminar.example.com/api/v1/connection_tables' \\\n  -H 'Content-Type: application/json'"),
            "{cmd}"
        );
        for secret in ["pg://u:p@db/x", "k-123", "t-1", "t-2"] {
            assert!(!cmd.contains(secret), "{secret}: {cmd}");
        }
        let body = curl_body(&cmd);
        assert_eq!(
            body["config"],
            json!({"endpoint": "https://hooks.example.com/x", "dsn": "$SECRET_DSN",
                "auth": {"key": "$SECRET_KEY"}, "tokens": ["$SECRET_TOKENS", "$SECRET_TOKENS"]})
        );
        assert_eq!(body["name"], "alerts");
        assert_eq!(body["connector"], "webhook");
        assert_eq!(body["connection_profile_id"], "prof_1");
        assert_eq!(body["table_type"], "sink");
        assert_eq!(body["schema"]["format"]["json"], json!({}));
        assert_eq!(body["connectionProfileId"], "prof_1");
        assert_eq!(
            body["schema"]["fields"],
            json!([{"name": "message", "data_type": "STRING", "nullable": false}])
        );
    }
}

/// The detail page's "Copy as curl": the request that saves a connector's stored config again.
mod resave {
    use super::*;
    use connector_console::model::catalog::ConnectorKind;
    use connector_console::model::status::{Connector, Health};
    use connector_console::vendor::Vendor;

    fn connector(id: &str, config: Value) -> Connector {
        Connector {
            id: id.into(),
            name: "orders-pg".into(),
            type_id: "postgresql".into(),
            type_name: "PostgreSQL".into(),
            kind: ConnectorKind::Source,
            health: Health::Running,
            raw_state: "RUNNING".into(),
            desired_state: None,
            tasks: vec![],
            trace: None,
            config: obj(config),
            created: None,
            notes: vec![],
        }
    }

    /// The detail page's command for `c` on a `dialect` backend, with `marked` the one key its
    /// catalog marks secret; checks that it starts with `head`.
    fn resave_curl(
        vendor: &dyn Vendor,
        auth: AuthKind,
        c: &Connector,
        marked: &str,
        head: &str,
    ) -> String {
        let mut b = super::common::backend_config(vendor.id(), "https://api.example.com", auth);
        b.options
            .insert("environment_id".into(), "env-a1b2c3".into());
        b.options
            .insert("kafka_cluster_id".into(), "lkc-x9y8z7".into());
        let req = vendor
            .open(&b)
            .connectors()
            .unwrap()
            .config_request(c)
            .unwrap();
        let cmd = to_curl(&req, "https://api.example.com", auth, &|k| k == marked);
        assert!(cmd.starts_with(head), "{cmd}");
        cmd
    }

    /// Kafka Connect: `PUT /connectors/{name}/config` (create-or-update), every value a string,
    /// the catalog's secret and credential-named keys as placeholders.
    #[test]
    fn kafka_connect_puts_the_stored_config() {
        use connector_console::vendors::kafka_connect::KafkaConnect;
        let c = connector(
            "orders pg",
            json!({"connector.class": "io.debezium.connector.postgresql.PostgresConnector",
                "database.hostname": "db", "database.password": "hunter2", "tasks.max": 1,
                "opaque.setting": "pw-hunter3", "database.user": "${file:/s.properties:user}"}),
        );
        let cmd = resave_curl(&KafkaConnect, AuthKind::None, &c, "opaque.setting",
            "curl -X PUT 'https://api.example.com/connectors/orders%20pg/config' \\\n  -H 'Content-Type: application/json'");
        assert!(!cmd.contains("hunter"), "{cmd}");
        assert_eq!(
            curl_body(&cmd),
            json!({"connector.class": "io.debezium.connector.postgresql.PostgresConnector",
                "database.hostname": "db", "database.password": "$SECRET_DATABASE_PASSWORD",
                "tasks.max": "1", "opaque.setting": "$SECRET_OPAQUE_SETTING",
                "database.user": "${file:/s.properties:user}"})
        );
    }

    /// Confluent Cloud: `PUT …/connectors/{name}/config`; masked secrets are left out (the
    /// server keeps them), as an update from this app does.
    #[test]
    fn confluent_puts_the_stored_config_without_masks() {
        use connector_console::vendors::confluent::ConfluentCloud;
        let c = connector(
            "orders-pg",
            json!({"connector.class": "PostgresCdcSource", "kafka.api.secret": "****",
                "database.password": "hunter2", "database.hostname": "db"}),
        );
        let cmd = resave_curl(&ConfluentCloud, AuthKind::Basic, &c, "",
            "curl -X PUT 'https://api.example.com/connect/v1/environments/env-a1b2c3/clusters/lkc-x9y8z7/connectors/orders-pg/config' \\\n  -u \"$API_KEY:$API_SECRET\"");
        assert!(!cmd.contains("hunter2") && !cmd.contains("****"), "{cmd}");
        let body = curl_body(&cmd);
        assert_eq!(body["database.password"], "$SECRET_DATABASE_PASSWORD");
        assert_eq!(body["database.hostname"], "db");
        assert!(body.get("kafka.api.secret").is_none(), "{body}");
    }

    /// Streamkap: `PUT /{kind}/{id}` with its name, type and stored config; secrets the server
    /// did not return (null) are left out, as Pause and Resume send it.
    #[test]
    fn streamkap_puts_name_type_and_config() {
        use connector_console::vendors::streamkap::Streamkap;
        let c = connector(
            "src_1",
            json!({"database.hostname.user.defined": "db", "database.password": null,
                "ssh.key": "k-123"}),
        );
        let cmd = resave_curl(&Streamkap, AuthKind::ClientCredentials, &c, "ssh.key",
            "curl -X PUT 'https://api.example.com/sources/src_1?secret_returned=true&wait=false' \\\n  -H \"Authorization: Bearer $TOKEN\"");
        assert!(!cmd.contains("k-123"), "{cmd}");
        assert_eq!(
            curl_body(&cmd),
            json!({"name": "orders-pg", "connector": "postgresql", "config": {
                "database.hostname.user.defined": "db", "ssh.key": "$SECRET_SSH_KEY"}})
        );
    }
}
