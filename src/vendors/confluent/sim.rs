//! A stateful simulation of Confluent Cloud's Connect API.
//!
//! Every request needs `Authorization: Basic base64(key:secret)` (401 otherwise);
//! [`ConfluentSim::rate_limit_next`] makes the next requests answer 429 with `Retry-After: 2`
//! and `X-RateLimit-Reset: 2`. Errors come in both documented shapes: `{"error":{code,
//! message}}` from the connectors API, `{"errors":[…]}` (with `source.pointer` or
//! `source.parameter`) from request checks and the custom plugin API.
//!
//! Four managed plugins (DatagenSource, PostgresCdcSourceV2, S3_SINK, SnowflakeSink) with
//! config-dependent validation (Confluent's wording, secrets masked as `****************`), 230
//! generated custom plugins served in pages (`page_size` ≤ 100, `metadata.next` a full URL with
//! a `page_token`, `total_size`). Connectors are `PROVISIONING` for 2 s, then `RUNNING`,
//! `DEGRADED` (a task `FAILED` with a `msg`: `simulate.task.failure=true` or a `poison` table),
//! `FAILED` (an unreachable `.invalid` host, or Kafka credentials that are not real — such as
//! the mask sent back as a value), or `PAUSED`; deleted connectors are listed as `DELETED` for a
//! moment. Custom connectors' status carries `errors_from_trace`, `validation_errors` and
//! `override_message`. Config reads mask every secret; an update that leaves a secret out keeps
//! the stored one, an update that sends the mask stores the mask (and the connector fails), as
//! the dialect's secrets rule expects.
//!
//! Any environment and cluster id is accepted; all share one set of connectors.

use std::collections::BTreeSet;

use serde_json::{json, Map, Value};

use crate::http::{percent_decode, percent_encode, HttpRequest, HttpResponse, Method};
use crate::model::form::is_masked;
use crate::vendor::{SimTiming, Simulator};
use crate::vendors::confluent::wire::{base64_decode, base64_encode, MASK};
use crate::vendors::kafka_connect::sim::{
    cfg, evaluate, invalid_config_message, invalid_host, looks_secret, poison_table, Def, Flavor,
};
use crate::vendors::kafka_connect::wire::wire_config;

const BASE_URL: &str = "https://api.confluent.cloud";
const CUSTOM_PLUGINS: usize = 230;

/// `(alias, type, version, Java class)` of the managed plugins.
const MANAGED: [(&str, &str, Option<&str>, &str); 4] = [
    (
        "DatagenSource",
        "source",
        Some("0.6.5"),
        "io.confluent.kafka.connect.datagen.DatagenConnector",
    ),
    (
        "PostgresCdcSourceV2",
        "source",
        Some("2.5.4"),
        "io.debezium.connector.v2.postgresql.PostgresConnectorV2",
    ),
    (
        "S3_SINK",
        "sink",
        None,
        "io.confluent.connect.s3.S3SinkConnector",
    ),
    (
        "SnowflakeSink",
        "sink",
        Some("2.3.1"),
        "com.snowflake.kafka.connector.SnowflakeSinkConnector",
    ),
];

/// One generated custom connector plugin.
#[derive(Clone, Debug)]
struct CustomPlugin {
    id: String,
    display_name: String,
    description: String,
    class: String,
    connector_type: &'static str,
    cloud: &'static str,
    sensitive: Vec<String>,
    docs: String,
    runtime: &'static str,
    content_format: &'static str,
}

impl CustomPlugin {
    fn json(&self) -> Value {
        json!({
            "api_version": "connect/v1",
            "kind": "CustomConnectorPlugin",
            "id": self.id,
            "metadata": {
                "self": format!("{BASE_URL}/connect/v1/custom-connector-plugins/{}", self.id),
                "resource_name": format!("crn://confluent.cloud/organization=sim-org/custom-connector-plugin={}", self.id),
                "created_at": "2026-01-05T09:30:00Z",
                "updated_at": "2026-01-05T09:31:12Z",
            },
            "display_name": self.display_name,
            "description": self.description,
            "documentation_link": self.docs,
            "connector_class": self.class,
            "connector_type": self.connector_type,
            "cloud": self.cloud,
            "sensitive_config_properties": self.sensitive,
            "runtime_language": self.runtime,
            "content_format": self.content_format,
            "upload_source": {"location": "PRESIGNED_URL_LOCATION", "upload_id": ""},
        })
    }
}

fn generate_custom_plugins() -> Vec<CustomPlugin> {
    const SYSTEMS: [&str; 10] = [
        "Http",
        "Mqtt",
        "Ftp",
        "Redis",
        "Graphql",
        "Sftp",
        "Soap",
        "Ldap",
        "Zendesk",
        "Salesforce",
    ];
    const CLOUDS: [&str; 3] = ["AWS", "GCP", "AZURE"];
    let mut out: Vec<CustomPlugin> = (0..CUSTOM_PLUGINS)
        .map(|i| {
            let system = SYSTEMS[i % SYSTEMS.len()];
            let (dir, ty) = if i % 2 == 0 {
                ("Source", "SOURCE")
            } else {
                ("Sink", "SINK")
            };
            let n = i + 1;
            let mut sensitive = vec!["connection.password".to_string(), "api.token".to_string()];
            if i % 5 == 0 {
                sensitive.push("oauth.client.secret".into());
            }
            CustomPlugin {
                id: format!("ccp-{}", base36(1_500_000 + (i as u64) * 7_919)),
                display_name: format!("{system} {dir} {n:03}"),
                description: format!(
                    "A custom {} {} connector ({}), uploaded for the demo.",
                    system.to_lowercase(),
                    dir.to_lowercase(),
                    n
                ),
                class: format!(
                    "com.example.connect.{}.{system}{dir}Connector{n:03}",
                    system.to_lowercase()
                ),
                connector_type: ty,
                cloud: CLOUDS[i % CLOUDS.len()],
                sensitive,
                docs: format!(
                    "https://docs.example.com/connectors/{}",
                    system.to_lowercase()
                ),
                runtime: if i % 10 == 9 { "PYTHON" } else { "JAVA" },
                content_format: if i % 4 == 3 { "JAR" } else { "ZIP" },
            }
        })
        .collect();
    out.sort_by(|a, b| a.display_name.cmp(&b.display_name));
    out
}

fn base36(mut n: u64) -> String {
    const DIGITS: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut s = Vec::new();
    loop {
        s.push(DIGITS[(n % 36) as usize]);
        n /= 36;
        if n == 0 {
            break;
        }
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

fn is(config: &Map<String, Value>, key: &str, values: &[&str]) -> bool {
    cfg(config, key).is_some_and(|v| values.contains(&v))
}

/// The definitions every Confluent Cloud connector has.
fn common_defs(config: &Map<String, Value>) -> Vec<Def> {
    const CONNECT: &str = "How should we connect to your data?";
    const CREDS: &str = "Kafka Cluster credentials";
    let api_key = cfg(config, "kafka.auth.mode").unwrap_or("KAFKA_API_KEY") == "KAFKA_API_KEY";
    let account = is(config, "kafka.auth.mode", &["SERVICE_ACCOUNT"]);
    let mut d = vec![
        Def::new("connector.class", "STRING", CONNECT, 1, "Connector class")
            .req()
            .high()
            .width("NONE"),
        Def::new("name", "STRING", CONNECT, 2, "Connector name")
            .req()
            .high()
            .width("NONE")
            .doc("Sets a name for your connector."),
        Def::new("kafka.auth.mode", "STRING", CREDS, 1, "Kafka Cluster Authentication mode")
            .default("KAFKA_API_KEY")
            .rec(&["KAFKA_API_KEY", "SERVICE_ACCOUNT"])
            .strict()
            .high()
            .width("NONE")
            .deps(&["kafka.api.key", "kafka.api.secret", "kafka.service.account.id"])
            .doc("Kafka Authentication mode. It can be one of KAFKA_API_KEY or SERVICE_ACCOUNT."),
        Def::new("kafka.api.key", "PASSWORD", CREDS, 2, "Kafka API Key")
            .high()
            .width("NONE")
            .visible(api_key)
            .doc("Kafka API Key. Required when kafka.auth.mode==KAFKA_API_KEY."),
        Def::new("kafka.api.secret", "PASSWORD", CREDS, 3, "Kafka API Secret")
            .high()
            .width("NONE")
            .visible(api_key)
            .deps(&["kafka.api.key"])
            .doc("Secret associated with Kafka API key. Required when kafka.auth.mode==KAFKA_API_KEY."),
        Def::new("kafka.service.account.id", "STRING", CREDS, 4, "Kafka Service Account")
            .high()
            .width("NONE")
            .visible(account)
            .doc("The Service Account that will be used to generate the API keys to communicate with Kafka Cluster."),
        Def::new("tasks.max", "INT", "Number of tasks for this connector", 1, "Tasks")
            .req()
            .default("1")
            .high()
            .width("NONE")
            .range(Some(1.0), None),
    ];
    for x in d.iter_mut() {
        if x.name == "kafka.api.key" || x.name == "kafka.api.secret" {
            x.required = api_key;
        }
        if x.name == "kafka.service.account.id" {
            x.required = account;
        }
    }
    d
}

const FORMATS: [&str; 4] = ["AVRO", "JSON", "JSON_SR", "PROTOBUF"];

/// The definitions of a managed plugin for a config (`None` for an unknown alias).
fn managed_defs(alias: &str, config: &Map<String, Value>) -> Option<Vec<Def>> {
    let mut d = common_defs(config);
    match alias {
        "DatagenSource" => {
            let json_out = is(config, "output.data.format", &["JSON", "JSON_SR"]);
            d.extend([
                Def::new(
                    "kafka.topic",
                    "STRING",
                    "Which topic do you want to send data to?",
                    1,
                    "Topic name",
                )
                .req()
                .high()
                .width("NONE")
                .doc("Identifies the topic name to write the data to."),
                Def::new(
                    "output.data.format",
                    "STRING",
                    "Output messages",
                    1,
                    "Output Kafka record value format",
                )
                .req()
                .high()
                .width("NONE")
                .rec(&FORMATS)
                .strict()
                .deps(&["json.output.decimal.format"])
                .doc("Sets the output Kafka record value format."),
                Def::new(
                    "json.output.decimal.format",
                    "STRING",
                    "Output messages",
                    2,
                    "JSON output decimal format",
                )
                .default("BASE64")
                .rec(&["BASE64", "NUMERIC"])
                .strict()
                .low()
                .width("NONE")
                .visible(json_out)
                .doc("How decimals are written in JSON output."),
                Def::new(
                    "quickstart",
                    "STRING",
                    "Datagen Details",
                    1,
                    "Select a template",
                )
                .high()
                .width("NONE")
                .rec(&[
                    "CLICKSTREAM",
                    "CREDIT_CARDS",
                    "INVENTORY",
                    "ORDERS",
                    "PAGEVIEWS",
                    "PRODUCT",
                    "PURCHASES",
                    "RATINGS",
                    "STOCK_TRADES",
                    "USERS",
                ])
                .strict()
                .doc("Schema template for the generated data."),
                Def::new(
                    "max.interval",
                    "INT",
                    "Datagen Details",
                    2,
                    "Max interval between messages (ms)",
                )
                .default("1000")
                .width("NONE")
                .range(Some(1.0), None),
                Def::new(
                    "iterations",
                    "INT",
                    "Datagen Details",
                    3,
                    "Number of messages to generate",
                )
                .default("-1")
                .low()
                .width("NONE"),
            ]);
        }
        "PostgresCdcSourceV2" => {
            let verify = is(config, "database.sslmode", &["verify-ca", "verify-full"]);
            d.extend([
                Def::new(
                    "database.hostname",
                    "STRING",
                    "How should we connect to your database?",
                    1,
                    "Database hostname",
                )
                .req()
                .high()
                .width("NONE")
                .doc("IP address or hostname of the PostgreSQL database server."),
                Def::new(
                    "database.port",
                    "INT",
                    "How should we connect to your database?",
                    2,
                    "Database port",
                )
                .default("5432")
                .high()
                .width("NONE")
                .range(Some(1.0), Some(65535.0)),
                Def::new(
                    "database.user",
                    "STRING",
                    "How should we connect to your database?",
                    3,
                    "Database username",
                )
                .req()
                .high()
                .width("NONE"),
                Def::new(
                    "database.password",
                    "PASSWORD",
                    "How should we connect to your database?",
                    4,
                    "Database Password",
                )
                .req()
                .high()
                .width("NONE"),
                Def::new(
                    "database.dbname",
                    "STRING",
                    "How should we connect to your database?",
                    5,
                    "Database name",
                )
                .req()
                .high()
                .width("NONE"),
                Def::new(
                    "database.sslmode",
                    "STRING",
                    "How should we connect to your database?",
                    6,
                    "SSL mode",
                )
                .default("prefer")
                .rec(&["disable", "prefer", "require", "verify-ca", "verify-full"])
                .strict()
                .width("NONE")
                .deps(&["database.sslrootcert"]),
                Def::new(
                    "database.sslrootcert",
                    "PASSWORD",
                    "How should we connect to your database?",
                    7,
                    "SSL root certificate",
                )
                .width("NONE")
                .visible(verify),
                Def::new(
                    "topic.prefix",
                    "STRING",
                    "Database details",
                    1,
                    "Topic prefix",
                )
                .req()
                .high()
                .width("NONE"),
                Def::new(
                    "table.include.list",
                    "LIST",
                    "Database details",
                    2,
                    "Tables included",
                )
                .width("NONE")
                .doc("Tables to capture, as schema.table, separated by commas."),
                Def::new(
                    "snapshot.mode",
                    "STRING",
                    "Database details",
                    3,
                    "Snapshot mode",
                )
                .default("initial")
                .rec(&["initial", "never", "when_needed", "no_data"])
                .strict()
                .width("NONE"),
                Def::new(
                    "output.data.format",
                    "STRING",
                    "Output messages",
                    1,
                    "Output Kafka record value format",
                )
                .default("JSON")
                .rec(&FORMATS)
                .strict()
                .high()
                .width("NONE"),
                Def::new(
                    "after.state.only",
                    "BOOLEAN",
                    "Connector details",
                    1,
                    "After-state only",
                )
                .default("true")
                .low()
                .width("NONE"),
            ]);
            if verify {
                if let Some(x) = d.iter_mut().find(|x| x.name == "database.sslrootcert") {
                    x.required = true;
                }
            }
        }
        "S3_SINK" => {
            let outputs: &[&str] = match cfg(config, "input.data.format").unwrap_or("JSON") {
                "BYTES" => &["BYTES"],
                "JSON" => &["JSON", "AVRO", "PARQUET"],
                _ => &["AVRO", "JSON", "PARQUET"],
            };
            let keys =
                cfg(config, "authentication.method").unwrap_or("Access Keys") == "Access Keys";
            d.extend([
                Def::new(
                    "topics",
                    "LIST",
                    "Which topics do you want to get data from?",
                    1,
                    "Topic names",
                )
                .req()
                .high()
                .width("NONE")
                .doc("Identifies the topic name or a comma-separated list of topic names."),
                Def::new(
                    "input.data.format",
                    "STRING",
                    "Input messages",
                    1,
                    "Input Kafka record value format",
                )
                .default("JSON")
                .rec(&["AVRO", "JSON_SR", "PROTOBUF", "JSON", "BYTES"])
                .strict()
                .high()
                .width("NONE")
                .deps(&["output.data.format"]),
                Def::new(
                    "output.data.format",
                    "STRING",
                    "Output messages",
                    1,
                    "Output message format",
                )
                .req()
                .high()
                .width("NONE")
                .rec(outputs)
                .strict()
                .doc(
                    "Set the output message format; what is available depends on the input format.",
                ),
                Def::new(
                    "authentication.method",
                    "STRING",
                    "Amazon Web Services credentials",
                    1,
                    "Authentication method",
                )
                .default("Access Keys")
                .rec(&["Access Keys", "IAM Roles"])
                .strict()
                .high()
                .width("NONE")
                .deps(&[
                    "aws.access.key.id",
                    "aws.secret.access.key",
                    "provider.integration.id",
                ]),
                Def::new(
                    "aws.access.key.id",
                    "PASSWORD",
                    "Amazon Web Services credentials",
                    2,
                    "Amazon Access Key ID",
                )
                .high()
                .width("NONE")
                .visible(keys),
                Def::new(
                    "aws.secret.access.key",
                    "PASSWORD",
                    "Amazon Web Services credentials",
                    3,
                    "Amazon Secret Access Key",
                )
                .high()
                .width("NONE")
                .visible(keys),
                Def::new(
                    "provider.integration.id",
                    "STRING",
                    "Amazon Web Services credentials",
                    4,
                    "Provider Integration",
                )
                .high()
                .width("NONE")
                .visible(!keys),
                Def::new(
                    "s3.bucket.name",
                    "STRING",
                    "Amazon S3 details",
                    1,
                    "Bucket name",
                )
                .req()
                .high()
                .width("NONE"),
                Def::new(
                    "time.interval",
                    "STRING",
                    "Organize my data by...",
                    1,
                    "Time interval",
                )
                .req()
                .high()
                .width("NONE")
                .rec(&["DAILY", "HOURLY"])
                .strict()
                .doc("Sets how your messages are grouped in storage."),
                Def::new(
                    "flush.size",
                    "INT",
                    "Organize my data by...",
                    2,
                    "Flush size",
                )
                .default("1000")
                .high()
                .width("NONE")
                .range(Some(1000.0), None)
                .doc("Records written to a file before it is committed; at least 1000."),
            ]);
            for x in d.iter_mut() {
                match x.name.as_str() {
                    "aws.access.key.id" | "aws.secret.access.key" => x.required = keys,
                    "provider.integration.id" => x.required = !keys,
                    _ => {}
                }
            }
        }
        "SnowflakeSink" => {
            d.extend([
                Def::new("topics", "LIST", "Which topics do you want to get data from?", 1, "Topic names").req().high().width("NONE"),
                Def::new("input.data.format", "STRING", "Input messages", 1, "Input Kafka record value format").default("JSON")
                    .rec(&["AVRO", "JSON_SR", "PROTOBUF", "JSON"]).strict().high().width("NONE"),
                Def::new("snowflake.url.name", "STRING", "How should we connect to Snowflake?", 1, "Connection URL").req().high()
                    .width("NONE").doc("The URL for accessing your Snowflake account, e.g. https://acme.snowflakecomputing.com:443."),
                Def::new("snowflake.user.name", "STRING", "How should we connect to Snowflake?", 2, "Connection user name").req().high().width("NONE"),
                Def::new("snowflake.private.key", "PASSWORD", "How should we connect to Snowflake?", 3, "Private key").req().high().width("NONE"),
                Def::new("snowflake.database.name", "STRING", "Snowflake details", 1, "Database name").req().high().width("NONE"),
                Def::new("snowflake.schema.name", "STRING", "Snowflake details", 2, "Schema name").req().high().width("NONE"),
            ]);
        }
        _ => return None,
    }
    Some(d)
}

/// The definitions of a custom plugin: the common ones (its class is fixed), the custom
/// connector keys, a few generic properties and its sensitive properties — typed `STRING`, as
/// the server only knows them by name (the console marks them secret).
fn custom_defs(plugin: &CustomPlugin, config: &Map<String, Value>) -> Vec<Def> {
    const CUSTOM: &str = "Custom connector";
    const PROPS: &str = "Connector properties";
    let mut d = common_defs(config);
    d.extend([
        Def::new(
            "confluent.connector.type",
            "STRING",
            CUSTOM,
            1,
            "Connector type",
        )
        .default("MANAGED")
        .rec(&["CUSTOM", "MANAGED"])
        .strict()
        .high()
        .width("NONE"),
        Def::new(
            "confluent.custom.plugin.id",
            "STRING",
            CUSTOM,
            2,
            "Custom plugin ID",
        )
        .req()
        .high()
        .width("NONE"),
        Def::new(
            "confluent.custom.connection.endpoints",
            "STRING",
            CUSTOM,
            3,
            "Egress endpoints",
        )
        .width("NONE")
        .doc("Egress endpoint(s) the connector uses to reach the external system."),
        Def::new(
            "confluent.custom.schema.registry.auto",
            "STRING",
            CUSTOM,
            4,
            "Add Schema Registry properties",
        )
        .default("FALSE")
        .rec(&["TRUE", "FALSE"])
        .strict()
        .low()
        .width("NONE"),
        Def::new("connection.url", "STRING", PROPS, 1, "connection.url")
            .req()
            .high()
            .width("NONE"),
        Def::new("connection.user", "STRING", PROPS, 2, "connection.user").width("NONE"),
    ]);
    for (i, key) in plugin.sensitive.iter().enumerate() {
        d.push(
            Def::new(key, "STRING", PROPS, 10 + i as i64, key)
                .width("NONE")
                .sensitive(),
        );
    }
    d
}

#[derive(Clone, Debug, PartialEq)]
struct Instance {
    name: String,
    id: String,
    /// The managed alias, or the custom plugin's class.
    class: String,
    /// The custom plugin id, for custom connectors.
    custom: Option<String>,
    /// The stored config, secrets in clear.
    config: Map<String, Value>,
    /// Secret keys set on the server whose values the simulator no longer has (after
    /// [`ConfluentSim::import_state`]): shown masked, never treated as bad credentials.
    kept_secrets: BTreeSet<String>,
    created_ms: f64,
    phase_ms: f64,
    paused: bool,
    deleted_ms: Option<f64>,
}

/// Why a connector cannot run.
#[derive(Clone, Debug, Default, PartialEq)]
struct Failure {
    trace: String,
    errors_from_trace: Vec<String>,
    validation_errors: Vec<String>,
    override_message: String,
}

/// A demo connector: name, class, custom plugin id, config pairs.
type Seed<'a> = (&'a str, String, Option<String>, Vec<(&'a str, &'a str)>);

/// The Confluent Cloud simulator.
#[derive(Clone, Debug)]
pub struct ConfluentSim {
    connectors: Vec<Instance>,
    plugins: Vec<CustomPlugin>,
    rate_limited: u32,
    timing: SimTiming,
    next_id: u64,
    /// Custom plugin pages always name the first page as the next one (a broken server).
    repeat_page_token: bool,
}

impl Default for ConfluentSim {
    fn default() -> Self {
        Self::new()
    }
}

fn connect_error(status: u16, message: &str) -> HttpResponse {
    HttpResponse::json(
        status,
        &json!({"error": {"code": status, "message": message}}),
    )
}

fn errors(status: u16, code: &str, title: &str, detail: &str, source: Value) -> HttpResponse {
    let id = format!(
        "{:032x}",
        (status as u64) * 0x9e37_79b9 + detail.len() as u64
    );
    HttpResponse::json(
        status,
        &json!({"errors": [{
            "id": id, "status": status.to_string(), "code": code, "title": title,
            "detail": detail, "source": source,
        }]}),
    )
}

fn with_headers(mut resp: HttpResponse, headers: &[(&str, &str)]) -> HttpResponse {
    resp.headers
        .extend(headers.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    resp
}

/// True when the request carries `Authorization: Basic base64(key:secret)`.
fn authorized(req: &HttpRequest) -> bool {
    req.headers
        .iter()
        .filter(|(k, _)| k.eq_ignore_ascii_case("authorization"))
        .any(|(_, v)| {
            let Some(token) = v.trim().strip_prefix("Basic ") else {
                return false;
            };
            base64_decode(token)
                .and_then(|b| String::from_utf8(b).ok())
                .and_then(|s| {
                    let (k, s) = s.split_once(':')?;
                    Some(!k.is_empty() && !s.is_empty())
                })
                .unwrap_or(false)
        })
}

impl ConfluentSim {
    /// An empty cluster with the managed plugins, 230 custom plugins and a 2 s provisioning.
    pub fn new() -> Self {
        ConfluentSim {
            connectors: Vec::new(),
            plugins: generate_custom_plugins(),
            rate_limited: 0,
            timing: SimTiming {
                pending_ms: 1_000.0,
                starting_ms: 1_000.0,
            },
            next_id: 1,
            repeat_page_token: false,
        }
    }

    /// Replaces the timings: provisioning lasts `pending_ms + starting_ms`; a deleted connector
    /// is listed as `DELETED` for `pending_ms`.
    pub fn with_timing(mut self, timing: SimTiming) -> Self {
        self.timing = timing;
        self
    }

    /// Makes the next `n` requests answer 429 with `Retry-After: 2` and `X-RateLimit-Reset: 2`.
    pub fn rate_limit_next(&mut self, n: u32) {
        self.rate_limited = n;
    }

    fn insert(
        &mut self,
        name: &str,
        class: String,
        custom: Option<String>,
        mut config: Map<String, Value>,
        now_ms: f64,
    ) {
        for (k, v) in [
            ("cloud.environment", "prod"),
            ("cloud.provider", "aws"),
            (
                "kafka.endpoint",
                "SASL_SSL://pkc-sim01.us-west-2.aws.confluent.cloud:9092",
            ),
            ("kafka.region", "us-west-2"),
        ] {
            config.entry(k).or_insert_with(|| json!(v));
        }
        let prefix = if custom.is_some() { "clcc" } else { "lcc" };
        let id = format!("{prefix}-{}", base36(46_656 + self.next_id * 7_919));
        self.next_id += 1;
        self.connectors.push(Instance {
            name: name.to_string(),
            id,
            class,
            custom,
            config,
            kept_secrets: BTreeSet::new(),
            created_ms: now_ms,
            phase_ms: now_ms,
            paused: false,
            deleted_ms: None,
        });
        self.connectors.sort_by(|a, b| a.name.cmp(&b.name));
    }

    fn find(&self, name: &str) -> Option<usize> {
        self.connectors
            .iter()
            .position(|c| c.name == name && c.deleted_ms.is_none())
    }

    fn plugin(&self, id_or_class: &str) -> Option<&CustomPlugin> {
        self.plugins
            .iter()
            .find(|p| p.id == id_or_class || p.class == id_or_class)
    }

    fn defs_of(&self, c: &Instance) -> Vec<Def> {
        match c.custom.as_deref().and_then(|id| self.plugin(id)) {
            Some(p) => custom_defs(p, &c.config),
            None => managed_defs(&c.class, &c.config).unwrap_or_default(),
        }
    }

    /// The keys of a connector's config whose values are masked when read.
    fn secret_keys(&self, c: &Instance) -> BTreeSet<String> {
        let defs = self.defs_of(c);
        c.config
            .keys()
            .filter(|k| {
                looks_secret(k)
                    || k.starts_with("kafka.api.")
                    || defs.iter().any(|d| &d.name == *k && d.is_secret())
            })
            .cloned()
            .chain(c.kept_secrets.iter().cloned())
            .collect()
    }

    fn masked_config(&self, c: &Instance) -> Map<String, Value> {
        let secrets = self.secret_keys(c);
        let mut out = c.config.clone();
        for k in &secrets {
            out.insert(k.clone(), json!(MASK));
        }
        out
    }

    /// Why a connector cannot run, if it cannot.
    fn failure(&self, c: &Instance) -> Option<Failure> {
        let api_key_mode =
            cfg(&c.config, "kafka.auth.mode").unwrap_or("KAFKA_API_KEY") == "KAFKA_API_KEY";
        let bad_creds: Vec<&str> = ["kafka.api.key", "kafka.api.secret"]
            .into_iter()
            .filter(|k| api_key_mode && !c.kept_secrets.contains(*k))
            .filter(|k| match c.config.get(*k) {
                Some(v) => {
                    is_masked(v)
                        || v.as_str()
                            .is_some_and(|s| s.trim().is_empty() || s.starts_with("invalid"))
                }
                None => true,
            })
            .collect();
        if !bad_creds.is_empty() {
            let mut trace = String::from("There were some errors with your configuration:\n");
            for k in ["kafka.api.key", "kafka.api.secret"] {
                trace.push_str(&format!("{k}: Provided Kafka ApiKey is invalid\n"));
            }
            return Some(Failure {
                trace,
                ..Default::default()
            });
        }
        if let Some(plugin) = c.custom.as_deref().and_then(|id| self.plugin(id)) {
            let defs = custom_defs(plugin, &c.config);
            let out = evaluate(&defs, &c.config, Flavor::Apache);
            let errors: Vec<String> = out
                .errors
                .iter()
                .filter(|(k, _)| !c.kept_secrets.contains(k))
                .map(|(k, m)| format!("{k}: {m}"))
                .collect();
            if !errors.is_empty() {
                return Some(Failure {
                    validation_errors: errors,
                    override_message: "Your custom connector failed validation. Fix its configuration and update the connector.".into(),
                    ..Default::default()
                });
            }
        }
        let host = invalid_host(&c.config)?;
        let cause = format!("java.net.UnknownHostException: {host}: Name or service not known");
        let trace = format!(
            "org.apache.kafka.connect.errors.ConnectException: Could not connect to {host}\n\
             \tat com.example.connect.Validator.connect(Validator.java:57)\n\
             \tat org.apache.kafka.connect.runtime.WorkerConnector.doStart(WorkerConnector.java:195)\n\
             Caused by: {cause}\n\
             \tat java.base/java.net.Inet6AddressImpl.lookupAllHostAddr(Native Method)\n"
        );
        Some(if c.custom.is_some() {
            Failure {
                trace: String::new(),
                errors_from_trace: vec![cause],
                override_message:
                    "Your custom connector failed to start; see the errors from its trace.".into(),
                ..Default::default()
            }
        } else {
            Failure {
                trace,
                ..Default::default()
            }
        })
    }

    fn task_msg(&self, c: &Instance) -> Option<String> {
        let flag =
            cfg(&c.config, "simulate.task.failure").is_some_and(|v| v.eq_ignore_ascii_case("true"));
        let table = poison_table(&c.config);
        if !flag && table.is_none() {
            return None;
        }
        let table = table.unwrap_or_else(|| "records".into());
        Some(format!(
            "org.apache.kafka.connect.errors.ConnectException: Exiting WorkerTask due to unrecoverable exception.\n\
             Caused by: org.apache.kafka.connect.errors.DataException: Poison record in {table}: cannot convert field \"payload\""
        ))
    }

    /// The status document of a connector at `now_ms`.
    fn status(&self, c: &Instance, now_ms: f64) -> Value {
        let n = cfg(&c.config, "tasks.max")
            .and_then(|v| v.parse::<i64>().ok())
            .map(|n| n.clamp(1, 8) as usize)
            .unwrap_or(1);
        let task = |id: usize, state: &str, msg: &str| json!({"id": id, "state": state, "worker_id": c.name, "msg": msg});
        let mut failure = None;
        let (state, tasks): (&str, Vec<Value>) = if c.deleted_ms.is_some() {
            ("DELETED", Vec::new())
        } else if now_ms - c.phase_ms < self.timing.pending_ms + self.timing.starting_ms {
            ("PROVISIONING", Vec::new())
        } else if let Some(f) = self.failure(c) {
            failure = Some(f);
            ("FAILED", Vec::new())
        } else if c.paused {
            ("PAUSED", (0..n).map(|i| task(i, "PAUSED", "")).collect())
        } else if let Some(msg) = self.task_msg(c) {
            let tasks = (0..n)
                .map(|i| {
                    if i == n - 1 {
                        task(i, "FAILED", &msg)
                    } else {
                        task(i, "RUNNING", "")
                    }
                })
                .collect();
            (if n > 1 { "DEGRADED" } else { "FAILED" }, tasks)
        } else {
            ("RUNNING", (0..n).map(|i| task(i, "RUNNING", "")).collect())
        };
        let f = failure.unwrap_or_default();
        let mut out = json!({
            "name": c.name,
            "connector": {"state": state, "worker_id": c.name, "trace": f.trace},
            "tasks": tasks,
            "type": self.kind(c),
        });
        if c.custom.is_some() {
            out["errors_from_trace"] = json!(f
                .errors_from_trace
                .iter()
                .map(|e| json!({"error": e}))
                .collect::<Vec<_>>());
            out["validation_errors"] = json!(f.validation_errors);
            out["override_message"] = json!(f.override_message);
        }
        out
    }

    fn kind(&self, c: &Instance) -> &'static str {
        if let Some(p) = c.custom.as_deref().and_then(|id| self.plugin(id)) {
            return if p.connector_type == "SINK" {
                "sink"
            } else {
                "source"
            };
        }
        MANAGED
            .iter()
            .find(|(a, ..)| *a == c.class)
            .map(|(_, t, ..)| *t)
            .unwrap_or("unknown")
    }

    fn info(&self, c: &Instance) -> Value {
        let n = cfg(&c.config, "tasks.max")
            .and_then(|v| v.parse::<usize>().ok())
            .unwrap_or(1)
            .clamp(1, 8);
        let tasks: Vec<Value> = (0..n)
            .map(|t| json!({"connector": c.name, "task": t}))
            .collect();
        json!({"name": c.name, "config": self.masked_config(c), "tasks": tasks, "type": self.kind(c)})
    }

    fn connect(
        &mut self,
        method: Method,
        rest: &[&str],
        req: &HttpRequest,
        now_ms: f64,
    ) -> HttpResponse {
        match (method, rest) {
            (Method::Get, ["connector-plugins"]) => {
                let list: Vec<Value> = MANAGED
                    .iter()
                    .map(|(alias, ty, version, _)| {
                        let mut p = json!({"class": alias, "type": ty});
                        if let Some(v) = version {
                            p["version"] = json!(v);
                        }
                        p
                    })
                    .collect();
                HttpResponse::json(200, &Value::Array(list))
            }
            (Method::Put, ["connector-plugins", plugin, "config", "validate"]) => {
                self.validate(plugin, req)
            }
            (Method::Get, ["connectors"]) => self.list(req, now_ms),
            (Method::Post, ["connectors"]) => {
                let body = req.body.clone().unwrap_or(Value::Null);
                let name = body
                    .get("name")
                    .and_then(Value::as_str)
                    .map(str::trim)
                    .unwrap_or_default()
                    .to_string();
                if name.is_empty() {
                    return errors(
                        400,
                        "invalid_input",
                        "Invalid Input",
                        "The connector name is required.",
                        json!({"pointer": "/name"}),
                    );
                }
                let Some(config) = body.get("config").and_then(Value::as_object) else {
                    return errors(
                        400,
                        "invalid_input",
                        "Invalid Input",
                        "The connector config is required.",
                        json!({"pointer": "/config"}),
                    );
                };
                if self.find(&name).is_some() {
                    return connect_error(409, &format!("Connector {name} already exists"));
                }
                match self.upsert(&name, wire_config(config), now_ms) {
                    Ok(i) => HttpResponse::json(201, &self.info(&self.connectors[i])),
                    Err(resp) => resp,
                }
            }
            (Method::Get, ["connectors", name]) => match self.find(name) {
                Some(i) => HttpResponse::json(200, &self.info(&self.connectors[i])),
                None => self.missing(name),
            },
            (Method::Get, ["connectors", name, "config"]) => match self.find(name) {
                Some(i) => {
                    HttpResponse::json(200, &Value::Object(self.masked_config(&self.connectors[i])))
                }
                None => self.missing(name),
            },
            (Method::Get, ["connectors", name, "status"]) => {
                match self.connectors.iter().find(|c| c.name == *name) {
                    Some(c) => HttpResponse::json(200, &self.status(c, now_ms)),
                    None => self.missing(name),
                }
            }
            (Method::Get, ["connectors", name, "tasks"]) => match self.find(name) {
                Some(i) => {
                    let c = &self.connectors[i];
                    let config = self.masked_config(c);
                    let n = self.info(c)["tasks"].as_array().map(Vec::len).unwrap_or(1);
                    let tasks: Vec<Value> = (0..n)
                        .map(|t| json!({"id": {"connector": c.name, "task": t}, "config": config}))
                        .collect();
                    HttpResponse::json(200, &Value::Array(tasks))
                }
                None => self.missing(name),
            },
            (Method::Put, ["connectors", name, "config"]) => {
                let Some(config) = req.body.as_ref().and_then(Value::as_object) else {
                    return errors(
                        400,
                        "invalid_input",
                        "Invalid Input",
                        "The request body must be a config object.",
                        json!({"pointer": "/"}),
                    );
                };
                match self.upsert(name, wire_config(config), now_ms) {
                    Ok(i) => HttpResponse::json(200, &self.info(&self.connectors[i])),
                    Err(resp) => resp,
                }
            }
            (Method::Put, ["connectors", name, action @ ("pause" | "resume")]) => {
                match self.find(name) {
                    Some(i) => {
                        self.connectors[i].paused = *action == "pause";
                        HttpResponse {
                            status: 202,
                            headers: Vec::new(),
                            body: String::new(),
                        }
                    }
                    None => self.missing(name),
                }
            }
            (Method::Delete, ["connectors", name]) => match self.find(name) {
                Some(i) => {
                    self.connectors[i].deleted_ms = Some(now_ms);
                    HttpResponse::json(200, &json!({"error": null}))
                }
                None => self.missing(name),
            },
            (_, ["connectors", ..]) | (_, ["connector-plugins", ..]) => {
                connect_error(405, "Method Not Allowed")
            }
            _ => connect_error(404, "Not Found"),
        }
    }

    fn missing(&self, name: &str) -> HttpResponse {
        connect_error(404, &format!("Connector {name} not found"))
    }

    fn validate(&self, plugin: &str, req: &HttpRequest) -> HttpResponse {
        let config = req
            .body
            .as_ref()
            .and_then(Value::as_object)
            .map(wire_config)
            .unwrap_or_default();
        let (defs, class) = match (managed_defs(plugin, &config), self.plugin(plugin)) {
            (Some(d), _) => {
                let class = MANAGED
                    .iter()
                    .find(|(a, ..)| *a == plugin)
                    .map(|m| m.3)
                    .unwrap_or(plugin);
                (d, class.to_string())
            }
            (None, Some(p)) => (custom_defs(p, &config), p.class.clone()),
            (None, None) => {
                return connect_error(400, &format!("Invalid connector class: {plugin}"))
            }
        };
        let out = evaluate(&defs, &config, Flavor::Managed { mask: MASK });
        HttpResponse::json(
            200,
            &json!({"name": class, "groups": out.groups, "error_count": out.errors.len(), "configs": out.configs}),
        )
    }

    /// Creates or updates a connector from a config: `Ok(index)` or the error response.
    fn upsert(
        &mut self,
        name: &str,
        mut config: Map<String, Value>,
        now_ms: f64,
    ) -> Result<usize, HttpResponse> {
        if let Some(n) = cfg(&config, "name") {
            if n != name {
                return Err(errors(
                    400,
                    "invalid_input",
                    "Invalid Input",
                    &format!(
                        "The name in the config ({n}) does not match the connector name ({name})."
                    ),
                    json!({"pointer": "/config/name"}),
                ));
            }
        }
        config.insert("name".into(), json!(name));
        let existing = self.find(name);
        // Secrets left out of an update keep their stored values.
        if let Some(i) = existing {
            let old = &self.connectors[i];
            for k in self.secret_keys(old) {
                if !config.contains_key(&k) {
                    if let Some(v) = old.config.get(&k) {
                        config.insert(k.clone(), v.clone());
                    }
                }
            }
        }
        let custom = cfg(&config, "confluent.connector.type")
            .is_some_and(|t| t.eq_ignore_ascii_case("CUSTOM"));
        let (class, custom_id) = if custom {
            let Some(id) = cfg(&config, "confluent.custom.plugin.id") else {
                return Err(errors(
                    400,
                    "invalid_input",
                    "Invalid Input",
                    "confluent.custom.plugin.id is required for a custom connector.",
                    json!({"pointer": "/config/confluent.custom.plugin.id"}),
                ));
            };
            let Some(p) = self.plugins.iter().find(|p| p.id == id) else {
                return Err(errors(
                    400,
                    "invalid_input",
                    "Invalid Input",
                    &format!("Custom connector plugin {id} was not found."),
                    json!({"pointer": "/config/confluent.custom.plugin.id"}),
                ));
            };
            config.insert("connector.class".into(), json!(p.class));
            (p.class.clone(), Some(p.id.clone()))
        } else {
            let Some(class) = cfg(&config, "connector.class").map(str::to_string) else {
                return Err(errors(
                    400,
                    "invalid_input",
                    "Invalid Input",
                    "connector.class is required.",
                    json!({"pointer": "/config/connector.class"}),
                ));
            };
            let Some(defs) = managed_defs(&class, &config) else {
                return Err(connect_error(
                    400,
                    &format!("Invalid connector class: {class}"),
                ));
            };
            let out = evaluate(&defs, &config, Flavor::Managed { mask: MASK });
            // Secrets the server holds but this simulator lost (after an import) count as set.
            let kept = existing
                .map(|i| self.connectors[i].kept_secrets.clone())
                .unwrap_or_default();
            let errs: Vec<(String, String)> = out
                .errors
                .into_iter()
                .filter(|(k, _)| !kept.contains(k))
                .collect();
            if !errs.is_empty() {
                return Err(connect_error(400, &invalid_config_message(&errs)));
            }
            (class, None)
        };
        match existing {
            Some(i) => {
                let c = &mut self.connectors[i];
                for k in [
                    "cloud.environment",
                    "cloud.provider",
                    "kafka.endpoint",
                    "kafka.region",
                ] {
                    if let Some(old) = c.config.get(k).cloned() {
                        config.entry(k).or_insert(old);
                    }
                }
                // A secret sent again (even as the mask) is no longer one the server kept.
                c.kept_secrets.retain(|k| !config.contains_key(k));
                c.config = config;
                c.class = class;
                c.custom = custom_id;
                c.phase_ms = now_ms;
                Ok(i)
            }
            None => {
                self.insert(name, class, custom_id, config, now_ms);
                Ok(self.find(name).unwrap_or_default())
            }
        }
    }

    fn list(&self, req: &HttpRequest, now_ms: f64) -> HttpResponse {
        let expand: Vec<String> = req
            .query
            .iter()
            .filter(|(k, _)| k == "expand")
            .flat_map(|(_, v)| v.split(',').map(|s| s.trim().to_ascii_lowercase()))
            .collect();
        if expand.is_empty() {
            let names: Vec<&str> = self
                .connectors
                .iter()
                .filter(|c| c.deleted_ms.is_none())
                .map(|c| c.name.as_str())
                .collect();
            return HttpResponse::json(200, &json!(names));
        }
        let mut out = Map::new();
        for c in &self.connectors {
            let mut entry = Map::new();
            if expand.iter().any(|e| e == "id") {
                entry.insert("id".into(), json!({"id": c.id, "id_type": "ID"}));
            }
            if expand.iter().any(|e| e == "info") {
                entry.insert(
                    "info".into(),
                    json!({"name": c.name, "config": self.masked_config(c), "type": self.kind(c)}),
                );
            }
            if expand.iter().any(|e| e == "status") {
                entry.insert("status".into(), self.status(c, now_ms));
            }
            out.insert(c.name.clone(), Value::Object(entry));
        }
        HttpResponse::json(200, &Value::Object(out))
    }

    fn page_url(cloud: Option<&str>, size: usize, offset: Option<usize>) -> String {
        let mut url = format!("{BASE_URL}/connect/v1/custom-connector-plugins?page_size={size}");
        if let Some(c) = cloud {
            url.push_str(&format!("&cloud={}", percent_encode(c)));
        }
        if let Some(o) = offset {
            url.push_str(&format!(
                "&page_token={}",
                percent_encode(&base64_encode(format!("offset:{o}").as_bytes()))
            ));
        }
        url
    }

    fn custom_page(&self, req: &HttpRequest) -> HttpResponse {
        let cloud = req
            .query_value("cloud")
            .map(str::trim)
            .filter(|c| !c.is_empty());
        let size = match req.query_value("page_size") {
            None => 10,
            Some(s) => match s.trim().parse::<usize>() {
                Ok(n) if n >= 1 => n.min(100),
                _ => {
                    return errors(
                        400,
                        "invalid_page_size",
                        "Invalid Page Size",
                        &format!("page_size must be a number between 1 and 100, not '{s}'."),
                        json!({"parameter": "page_size"}),
                    )
                }
            },
        };
        let offset = match req.query_value("page_token").filter(|t| !t.is_empty()) {
            None => 0,
            Some(t) => match base64_decode(t)
                .and_then(|b| String::from_utf8(b).ok())
                .and_then(|s| s.strip_prefix("offset:")?.parse::<usize>().ok())
            {
                Some(o) => o,
                None => {
                    return errors(
                        400,
                        "invalid_page_token",
                        "Invalid Page Token",
                        "The page token is not valid.",
                        json!({"parameter": "page_token"}),
                    )
                }
            },
        };
        let matching: Vec<&CustomPlugin> = self
            .plugins
            .iter()
            .filter(|p| cloud.is_none_or(|c| p.cloud.eq_ignore_ascii_case(c)))
            .collect();
        let total = matching.len();
        let data: Vec<Value> = matching
            .iter()
            .skip(offset)
            .take(size)
            .map(|p| p.json())
            .collect();
        let last = if total == 0 {
            0
        } else {
            (total - 1) / size * size
        };
        let at = |o: usize| Self::page_url(cloud, size, (o > 0).then_some(o));
        let mut metadata = json!({
            "first": Self::page_url(cloud, size, None),
            "last": at(last),
            "total_size": total,
        });
        if offset > 0 {
            metadata["prev"] = json!(at(offset.saturating_sub(size)));
        }
        if self.repeat_page_token {
            metadata["next"] = json!(Self::page_url(cloud, size, Some(size)));
        } else if offset + size < total {
            metadata["next"] = json!(Self::page_url(cloud, size, Some(offset + size)));
        }
        HttpResponse::json(
            200,
            &json!({"api_version": "connect/v1", "kind": "CustomConnectorPluginList", "metadata": metadata, "data": data}),
        )
    }
}

impl Simulator for ConfluentSim {
    /// Answers one request at time `now_ms` (milliseconds since the Unix epoch).
    fn handle(&mut self, req: &HttpRequest, now_ms: f64) -> HttpResponse {
        let linger = self.timing.pending_ms;
        self.connectors
            .retain(|c| c.deleted_ms.is_none_or(|d| now_ms - d < linger));
        let segments: Vec<String> = req
            .path
            .trim_matches('/')
            .split('/')
            .filter(|s| !s.is_empty())
            .map(percent_decode)
            .collect();
        let seg: Vec<&str> = segments.iter().map(String::as_str).collect();
        let custom_api = seg.get(2) == Some(&"custom-connector-plugins");
        if self.rate_limited > 0 {
            self.rate_limited -= 1;
            let resp = if custom_api {
                errors(
                    429,
                    "too_many_requests",
                    "Too Many Requests",
                    "Rate limit exceeded; retry after 2 seconds.",
                    json!({}),
                )
            } else {
                connect_error(429, "Too Many Requests")
            };
            return with_headers(
                resp,
                &[
                    ("retry-after", "2"),
                    ("x-ratelimit-reset", "2"),
                    ("x-ratelimit-limit", "60"),
                    ("x-ratelimit-remaining", "0"),
                ],
            );
        }
        if !authorized(req) {
            let resp = if custom_api {
                errors(
                    401,
                    "user_unauthenticated",
                    "Authentication Required",
                    "Valid authentication credentials must be provided",
                    json!({}),
                )
            } else {
                connect_error(401, "Unauthorized")
            };
            return with_headers(
                resp,
                &[(
                    "www-authenticate",
                    "Basic error=\"invalid_key\", error_description=\"The API Key is invalid\"",
                )],
            );
        }
        match seg.as_slice() {
            ["connect", "v1", "custom-connector-plugins"] if req.method == Method::Get => {
                self.custom_page(req)
            }
            ["connect", "v1", "custom-connector-plugins", id] if req.method == Method::Get => {
                match self.plugin(id) {
                    Some(p) if p.id == *id => HttpResponse::json(200, &p.json()),
                    _ => errors(
                        404,
                        "not_found",
                        "Not Found",
                        "failed to retrieve custom plugin: Not Found",
                        json!({}),
                    ),
                }
            }
            ["connect", "v1", "environments", _env, "clusters", _cluster, rest @ ..] => {
                self.connect(req.method, rest, req, now_ms)
            }
            _ => connect_error(404, "Not Found"),
        }
    }

    /// Adds connectors created an hour ago: a running Datagen source, a Postgres CDC source
    /// with a failed task (degraded), an S3 sink whose Kafka API key is invalid (failed), a
    /// running custom connector, and two failed custom connectors (one with `errors_from_trace`
    /// from an unreachable host, one with `validation_errors`).
    fn seed_demo(&mut self, now_ms: f64) {
        let created = now_ms - 3_600_000.0;
        let creds = [
            ("kafka.api.key", "DEMOKEY4SIMULATOR"),
            ("kafka.api.secret", "demo-secret-0123456789"),
        ];
        let p0 = self.plugins[0].clone();
        // A custom sink: its kind comes from the plugin and the status, not from its class.
        let p1 = self
            .plugins
            .iter()
            .find(|p| p.connector_type == "SINK")
            .unwrap_or(&self.plugins[7])
            .clone();
        let p2 = self.plugins[12].clone();
        let seeds: Vec<Seed> = vec![
            (
                "orders-datagen",
                "DatagenSource".into(),
                None,
                vec![
                    ("kafka.topic", "orders"),
                    ("output.data.format", "JSON"),
                    ("quickstart", "ORDERS"),
                    ("tasks.max", "1"),
                ],
            ),
            (
                "customers-pg-cdc",
                "PostgresCdcSourceV2".into(),
                None,
                vec![
                    ("database.hostname", "customers-db.internal.example.com"),
                    ("database.user", "cdc"),
                    ("database.password", "demo-password"),
                    ("database.dbname", "customers"),
                    ("topic.prefix", "customers"),
                    (
                        "table.include.list",
                        "public.customers,public.poison_events",
                    ),
                    ("tasks.max", "2"),
                ],
            ),
            (
                "archive-s3",
                "S3_SINK".into(),
                None,
                vec![
                    ("topics", "orders"),
                    ("input.data.format", "JSON"),
                    ("output.data.format", "JSON"),
                    ("aws.access.key.id", "AKIADEMO000000000000"),
                    ("aws.secret.access.key", "demo-aws-secret"),
                    ("s3.bucket.name", "orders-archive"),
                    ("time.interval", "DAILY"),
                    ("tasks.max", "1"),
                    ("kafka.api.key", "invalid-demo-key"),
                ],
            ),
            (
                "events-custom",
                p0.class.clone(),
                Some(p0.id.clone()),
                vec![
                    ("connection.url", "https://events.example.com/api"),
                    ("api.token", "demo-token"),
                    ("tasks.max", "1"),
                ],
            ),
            (
                "directory-custom",
                p1.class.clone(),
                Some(p1.id.clone()),
                vec![
                    ("connection.url", "ldaps://ldap.corp.invalid:636"),
                    ("connection.password", "demo-password"),
                    ("tasks.max", "1"),
                ],
            ),
            (
                "legacy-custom",
                p2.class.clone(),
                Some(p2.id.clone()),
                vec![("connection.user", "legacy"), ("tasks.max", "1")],
            ),
        ];
        for (name, class, custom, pairs) in seeds {
            if self.find(name).is_some() {
                continue;
            }
            let mut config = Map::new();
            config.insert("connector.class".into(), json!(class));
            config.insert("name".into(), json!(name));
            config.insert("kafka.auth.mode".into(), json!("KAFKA_API_KEY"));
            for (k, v) in creds {
                config.insert(k.into(), json!(v));
            }
            if let Some(id) = &custom {
                config.insert("confluent.connector.type".into(), json!("CUSTOM"));
                config.insert("confluent.custom.plugin.id".into(), json!(id));
            }
            for (k, v) in pairs {
                config.insert(k.into(), json!(v));
            }
            self.insert(name, class, custom, config, created);
        }
    }

    /// The connectors' state without secret values (the names of secrets that were set are
    /// kept, so reads still show them masked), for persisting a demo across reloads.
    fn export_state(&self) -> Value {
        let list: Vec<Value> = self
            .connectors
            .iter()
            .filter(|c| c.deleted_ms.is_none())
            .map(|c| {
                let secrets = self.secret_keys(c);
                // The secret policy has the last word on what is stored.
                let (config, _) =
                    crate::secret::scrub_flat(&c.config, |k| secrets.contains(k));
                json!({
                    "name": c.name, "id": c.id, "class": c.class, "custom": c.custom, "config": config,
                    "secrets": secrets, "created_ms": c.created_ms, "phase_ms": c.phase_ms, "paused": c.paused,
                })
            })
            .collect();
        json!({"version": 1, "next_id": self.next_id, "connectors": list})
    }

    /// Restores state saved by [`ConfluentSim::export_state`]; malformed entries are skipped.
    fn import_state(&mut self, state: &Value) {
        let Some(list) = state.get("connectors").and_then(Value::as_array) else {
            return;
        };
        let mut connectors: Vec<Instance> = Vec::new();
        for v in list {
            let s = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_string);
            let (Some(name), Some(id), Some(class)) = (s("name"), s("id"), s("class")) else {
                continue;
            };
            if connectors.iter().any(|c| c.name == name) {
                continue;
            }
            let custom = s("custom");
            let known = match &custom {
                Some(p) => self.plugins.iter().any(|x| &x.id == p),
                None => MANAGED.iter().any(|(a, ..)| *a == class),
            };
            if !known {
                continue;
            }
            let n = |k: &str| v.get(k).and_then(Value::as_f64).unwrap_or(0.0);
            connectors.push(Instance {
                config: v
                    .get("config")
                    .and_then(Value::as_object)
                    .map(wire_config)
                    .unwrap_or_default(),
                kept_secrets: v
                    .get("secrets")
                    .and_then(Value::as_array)
                    .map(|a| {
                        a.iter()
                            .filter_map(Value::as_str)
                            .map(str::to_string)
                            .collect()
                    })
                    .unwrap_or_default(),
                name,
                id,
                class,
                custom,
                created_ms: n("created_ms"),
                phase_ms: n("phase_ms"),
                paused: v.get("paused").and_then(Value::as_bool).unwrap_or(false),
                deleted_ms: None,
            });
        }
        connectors.sort_by(|a, b| a.name.cmp(&b.name));
        self.connectors = connectors;
        self.next_id = state
            .get("next_id")
            .and_then(Value::as_u64)
            .unwrap_or(1)
            .max(self.connectors.len() as u64 + 1);
    }

    /// Number of connectors (not counting deleted ones still listed).
    fn len(&self) -> usize {
        self.connectors
            .iter()
            .filter(|c| c.deleted_ms.is_none())
            .count()
    }

    /// `rate-limit?count=N`: the next N requests answer 429; `repeat-page-token`: custom
    /// plugin pages name the same next page for ever.
    fn control(&mut self, name: &str, args: &[(String, String)]) -> bool {
        if name == "repeat-page-token" {
            self.repeat_page_token = true;
            return true;
        }
        if name != "rate-limit" {
            return false;
        }
        let n = args
            .iter()
            .find(|(k, _)| k == "count")
            .and_then(|(_, v)| v.parse().ok())
            .unwrap_or(1);
        self.rate_limit_next(n);
        true
    }
}
