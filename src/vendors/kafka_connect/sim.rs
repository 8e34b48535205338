//! A stateful simulation of an Apache Kafka Connect cluster's REST API.
//!
//! Five connector plugins (Debezium Postgres CDC, JDBC sink, S3 sink, Datagen, FileStream
//! source) with definitions written out here, and a validate endpoint whose answer depends on
//! the config: fields appear and disappear (`visible`), recommended values change with other
//! values, bad values get Kafka Connect's error messages and `error_count`.
//!
//! Lifecycle: `PUT /connectors/{name}/config` (or `POST /connectors`) creates a connector that
//! is `UNASSIGNED`, then `RUNNING` with `UNASSIGNED` tasks, then — after
//! [`SimTiming::pending_ms`] + [`SimTiming::starting_ms`] (2 s by default) — settled:
//! - `FAILED` with a Java trace (with a `Caused by:` line) when a host or URL ends in
//!   `.invalid`;
//! - `RUNNING` with one `FAILED` task (a `DEGRADED` aggregate when `tasks.max` > 1) when the
//!   config has `simulate.task.failure=true` or a table name containing `poison`;
//! - `RUNNING` otherwise.
//!
//! Pause, resume, stop, restart (connector, all tasks, or only failed ones: they go
//! `RESTARTING`, then `RUNNING`), restart one task and delete work as in Kafka Connect, with its
//! status codes; unknown connectors answer 404 `{"error_code":404,"message":"Connector x not
//! found"}`; a rejected config answers 400 with Kafka Connect's message.
//! [`KafkaConnectSim::inject_conflicts`] makes the next mutating requests answer 409.

use serde_json::{json, Map, Value};

use crate::http::{percent_decode, HttpRequest, HttpResponse, Method};
use crate::vendor::{SimTiming, Simulator};
use crate::vendors::kafka_connect::wire::{wire_value, HIDDEN};

// =============================================================================================
// The definitions engine (shared with managed clouds that speak this wire format)
// =============================================================================================

/// Which server's wording and conventions a validate response follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Flavor {
    /// Apache Kafka Connect: unset values are `null`, passwords `[hidden]`.
    Apache,
    /// A managed cloud's: unset values are `""`, secrets shown as its mask, plus `alias` and
    /// `metadata` (only the vendors that reuse this engine build it).
    #[allow(dead_code)]
    Managed {
        /// What a secret shows as.
        mask: &'static str,
    },
}

/// One config definition as the simulator evaluates it against a config.
#[derive(Clone, Debug)]
pub(crate) struct Def {
    /// The config key.
    pub name: String,
    /// `BOOLEAN`, `INT`, `SHORT`, `LONG`, `DOUBLE`, `STRING`, `CLASS`, `LIST` or `PASSWORD`.
    pub ty: &'static str,
    /// Must have a value (when visible).
    pub required: bool,
    /// The default, as a string.
    pub default: Option<String>,
    /// `HIGH`, `MEDIUM` or `LOW`.
    pub importance: &'static str,
    /// Documentation.
    pub doc: String,
    /// The group (`null` on the wire when `None`).
    pub group: Option<String>,
    /// `SHORT`, `MEDIUM`, `LONG` or `NONE`.
    pub width: &'static str,
    /// The display name (`null` on the wire when `None`).
    pub display: Option<String>,
    /// Order within the group.
    pub order: i64,
    /// Keys whose definitions depend on this one.
    pub dependents: Vec<String>,
    /// Recommended values for the current config.
    pub recommended: Vec<String>,
    /// The value must be one of `recommended`.
    pub strict: bool,
    /// Whether the field applies to the current config.
    pub visible: bool,
    /// Inclusive lower bound of a number.
    pub min: Option<f64>,
    /// Inclusive upper bound of a number.
    pub max: Option<f64>,
    /// Masked in responses although not a `PASSWORD` (custom plugins' sensitive properties).
    pub sensitive: bool,
    /// An extra check on a non-empty value: the reason it is invalid.
    pub check: Option<fn(&str) -> Option<String>>,
    /// The error reported when the field is visible and has no value (for rules spanning
    /// several fields, e.g. "one of topics or topics.regex").
    pub when_missing: Option<String>,
}

impl Def {
    /// A definition with MEDIUM importance, MEDIUM width, visible, optional.
    pub fn new(name: &str, ty: &'static str, group: &str, order: i64, display: &str) -> Def {
        Def {
            name: name.into(),
            ty,
            required: false,
            default: None,
            importance: "MEDIUM",
            doc: String::new(),
            group: (!group.is_empty()).then(|| group.to_string()),
            width: "MEDIUM",
            display: (!display.is_empty()).then(|| display.to_string()),
            order,
            dependents: Vec::new(),
            recommended: Vec::new(),
            strict: false,
            visible: true,
            min: None,
            max: None,
            sensitive: false,
            check: None,
            when_missing: None,
        }
    }
    /// Marks it required.
    pub fn req(mut self) -> Def {
        self.required = true;
        self
    }
    /// Sets the default.
    pub fn default(mut self, v: &str) -> Def {
        self.default = Some(v.into());
        self
    }
    /// HIGH importance.
    pub fn high(mut self) -> Def {
        self.importance = "HIGH";
        self
    }
    /// LOW importance.
    pub fn low(mut self) -> Def {
        self.importance = "LOW";
        self
    }
    /// Sets the documentation.
    pub fn doc(mut self, d: &str) -> Def {
        self.doc = d.into();
        self
    }
    /// Sets the width.
    pub fn width(mut self, w: &'static str) -> Def {
        self.width = w;
        self
    }
    /// Sets the recommended values.
    pub fn rec(mut self, values: &[&str]) -> Def {
        self.recommended = values.iter().map(|v| v.to_string()).collect();
        self
    }
    /// Requires the value to be one of the recommended values.
    pub fn strict(mut self) -> Def {
        self.strict = true;
        self
    }
    /// Sets visibility.
    pub fn visible(mut self, v: bool) -> Def {
        self.visible = v;
        self
    }
    /// Sets numeric bounds.
    pub fn range(mut self, min: Option<f64>, max: Option<f64>) -> Def {
        self.min = min;
        self.max = max;
        self
    }
    /// Sets the dependents.
    pub fn deps(mut self, d: &[&str]) -> Def {
        self.dependents = d.iter().map(|v| v.to_string()).collect();
        self
    }
    /// Masks the value in responses (the managed flavor's definitions use it).
    #[allow(dead_code)]
    pub fn sensitive(mut self) -> Def {
        self.sensitive = true;
        self
    }
    /// Adds a value check.
    pub fn check(mut self, f: fn(&str) -> Option<String>) -> Def {
        self.check = Some(f);
        self
    }
    /// Sets the error for a missing value.
    pub fn when_missing(mut self, why: Option<&str>) -> Def {
        self.when_missing = why.map(str::to_string);
        self
    }
    /// True for values that are masked in responses.
    pub fn is_secret(&self) -> bool {
        self.ty == "PASSWORD" || self.sensitive
    }
}

/// A config value as a non-empty, trimmed string.
pub(crate) fn cfg<'a>(config: &'a Map<String, Value>, key: &str) -> Option<&'a str> {
    config
        .get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// What validating a config against definitions produced.
pub(crate) struct Outcome {
    /// The `configs` entries of a validate response.
    pub configs: Vec<Value>,
    /// Every error as `(key, message)`, in definition order.
    pub errors: Vec<(String, String)>,
    /// The groups in first-seen order.
    pub groups: Vec<String>,
}

fn fmt_bound(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e18 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// Validates `config` against `defs` the way Kafka Connect's `ConfigDef` does.
pub(crate) fn evaluate(defs: &[Def], config: &Map<String, Value>, flavor: Flavor) -> Outcome {
    let mut configs = Vec::new();
    let mut all_errors = Vec::new();
    let mut groups: Vec<String> = Vec::new();
    for d in defs {
        if let Some(g) = &d.group {
            if !groups.contains(g) {
                groups.push(g.clone());
            }
        }
        let given = config
            .get(&d.name)
            .and_then(wire_value)
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty());
        let effective = given.clone().or_else(|| d.default.clone());
        let mut errors: Vec<String> = Vec::new();
        let invalid =
            |v: &str, why: &str| format!("Invalid value {v} for configuration {}: {why}", d.name);
        if let (true, None, Some(why)) = (d.visible, &effective, &d.when_missing) {
            errors.push(why.clone());
        } else if d.visible && d.required && effective.is_none() {
            errors.push(match flavor {
                Flavor::Apache => format!(
                    "Missing required configuration \"{}\" which has no default value.",
                    d.name
                ),
                Flavor::Managed { .. } => format!("\"{}\" is required", d.name),
            });
        }
        if let Some(v) = &given {
            let number = match d.ty {
                "INT" => Some(v.parse::<i32>().map(f64::from).map_err(|_| "INT")),
                "SHORT" => Some(v.parse::<i16>().map(f64::from).map_err(|_| "SHORT")),
                "LONG" => Some(v.parse::<i64>().map(|n| n as f64).map_err(|_| "LONG")),
                "DOUBLE" => Some(v.parse::<f64>().map_err(|_| "DOUBLE")),
                _ => None,
            };
            match number {
                Some(Err(ty)) => errors.push(invalid(v, &format!("Not a number of type {ty}"))),
                Some(Ok(n)) => {
                    if let Some(min) = d.min.filter(|m| n < *m) {
                        errors.push(match flavor {
                            Flavor::Apache => {
                                invalid(v, &format!("Value must be at least {}", fmt_bound(min)))
                            }
                            Flavor::Managed { .. } => format!(
                                "\"{}\" should be greater than or equal to {}",
                                d.name,
                                fmt_bound(min)
                            ),
                        });
                    }
                    if let Some(max) = d.max.filter(|m| n > *m) {
                        errors.push(match flavor {
                            Flavor::Apache => invalid(
                                v,
                                &format!("Value must be no more than {}", fmt_bound(max)),
                            ),
                            Flavor::Managed { .. } => format!(
                                "\"{}\" should be less than or equal to {}",
                                d.name,
                                fmt_bound(max)
                            ),
                        });
                    }
                }
                None => {}
            }
            if d.ty == "BOOLEAN"
                && !v.eq_ignore_ascii_case("true")
                && !v.eq_ignore_ascii_case("false")
            {
                errors.push(invalid(v, "Expected value to be either true or false"));
            }
            if d.strict && !d.recommended.is_empty() {
                let items: Vec<&str> = if d.ty == "LIST" {
                    v.split(',')
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                        .collect()
                } else {
                    vec![v.as_str()]
                };
                if let Some(bad) = items
                    .iter()
                    .find(|i| !d.recommended.iter().any(|r| r == *i))
                {
                    errors.push(invalid(
                        bad,
                        &format!("String must be one of: {}", d.recommended.join(", ")),
                    ));
                }
            }
            if let Some(why) = d.check.and_then(|f| f(v)) {
                errors.push(invalid(v, &why));
            }
        }
        let shown = match (&effective, flavor) {
            (Some(_), Flavor::Apache) if d.is_secret() => json!(HIDDEN),
            (Some(_), Flavor::Managed { mask }) if d.is_secret() => json!(mask),
            (Some(v), _) => json!(v),
            (None, Flavor::Apache) => Value::Null,
            (None, Flavor::Managed { .. }) => json!(""),
        };
        let mut definition = json!({
            "name": d.name,
            "type": d.ty,
            "required": d.required,
            "default_value": match (&d.default, flavor) {
                (Some(v), _) => json!(v),
                (None, Flavor::Apache) => Value::Null,
                (None, Flavor::Managed { .. }) => json!(""),
            },
            "importance": d.importance,
            "documentation": d.doc,
            "group": d.group,
            "width": d.width,
            "display_name": d.display,
            "dependents": d.dependents,
            "order": d.order,
        });
        if matches!(flavor, Flavor::Managed { .. }) {
            definition["alias"] = json!("");
        }
        let mut entry = json!({
            "definition": definition,
            "value": {
                "name": d.name,
                "value": shown,
                "recommended_values": d.recommended,
                "errors": errors,
                "visible": d.visible,
            }
        });
        if matches!(flavor, Flavor::Managed { .. }) {
            entry["metadata"] = json!({});
        }
        configs.push(entry);
        all_errors.extend(errors.into_iter().map(|e| (d.name.clone(), e)));
    }
    Outcome {
        configs,
        errors: all_errors,
        groups,
    }
}

/// Kafka Connect's message when a config is rejected on create or update.
pub(crate) fn invalid_config_message(errors: &[(String, String)]) -> String {
    let mut lines = vec![format!(
        "Connector configuration is invalid and contains the following {} error(s):",
        errors.len()
    )];
    lines.extend(errors.iter().map(|(_, m)| m.clone()));
    lines.push(
        "You can also find the above list of errors at the endpoint `/connector-plugins/{connectorType}/config/validate`"
            .into(),
    );
    lines.join("\n")
}

/// The host a value points at, if it looks like a host or URL (`jdbc:postgresql://h:5432/db`
/// → `h`).
pub(crate) fn host_of(v: &str) -> Option<String> {
    let v = v.trim().to_ascii_lowercase();
    let after = v.rsplit("://").next().unwrap_or(&v);
    after
        .split(['/', ':', '?', '@', ','])
        .find(|p| p.contains('.'))
        .map(str::to_string)
}

/// The first host- or URL-like value of the config that ends in `.invalid`.
pub(crate) fn invalid_host(config: &Map<String, Value>) -> Option<String> {
    config.iter().find_map(|(k, v)| {
        let k = k.to_ascii_lowercase();
        if !(k.contains("host") || k.contains("url") || k.contains("endpoint")) {
            return None;
        }
        let host = host_of(v.as_str()?)?;
        host.ends_with(".invalid").then_some(host)
    })
}

/// The first table-like value naming a `poison` table.
pub(crate) fn poison_table(config: &Map<String, Value>) -> Option<String> {
    config.iter().find_map(|(k, v)| {
        let k = k.to_ascii_lowercase();
        if !(k.contains("table") || k.contains("collection")) {
            return None;
        }
        v.as_str()?
            .split(',')
            .map(str::trim)
            .find(|t| t.to_ascii_lowercase().contains("poison"))
            .map(str::to_string)
    })
}

/// True for keys whose values are secrets even when no definition says so.
pub(crate) fn looks_secret(key: &str) -> bool {
    let k = key.to_ascii_lowercase();
    k.contains("password") || k.contains("secret")
}

// =============================================================================================
// Plugins
// =============================================================================================

const POSTGRES: &str = "io.debezium.connector.postgresql.PostgresConnector";
const JDBC_SINK: &str = "io.confluent.connect.jdbc.JdbcSinkConnector";
const S3_SINK: &str = "io.confluent.connect.s3.S3SinkConnector";
const DATAGEN: &str = "io.confluent.kafka.connect.datagen.DatagenConnector";
const FILE_SOURCE: &str = "org.apache.kafka.connect.file.FileStreamSourceConnector";

/// `(class, type, version)` of every plugin the worker has, connectors first.
const PLUGINS: [(&str, &str, &str); 7] = [
    (POSTGRES, "source", "2.7.3.Final"),
    (JDBC_SINK, "sink", "10.7.6"),
    (S3_SINK, "sink", "10.5.13"),
    (DATAGEN, "source", "0.6.5"),
    (FILE_SOURCE, "source", "3.7.1"),
    (
        "org.apache.kafka.connect.json.JsonConverter",
        "converter",
        "3.7.1",
    ),
    (
        "org.apache.kafka.connect.transforms.ReplaceField$Value",
        "transformation",
        "3.7.1",
    ),
];

/// The connector class a name refers to: the full class, its simple name, or the simple name
/// without `Connector` (Kafka Connect's aliases).
fn resolve_class(name: &str) -> Option<&'static str> {
    PLUGINS
        .iter()
        .filter(|(_, ty, _)| *ty == "source" || *ty == "sink")
        .map(|(c, _, _)| *c)
        .find(|c| {
            let simple = c.rsplit('.').next().unwrap_or_default();
            *c == name || simple == name || simple.strip_suffix("Connector") == Some(name)
        })
}

fn plugin_kind(class: &str) -> &'static str {
    PLUGINS
        .iter()
        .find(|(c, _, _)| *c == class)
        .map(|(_, t, _)| *t)
        .unwrap_or("unknown")
}

fn is_one_of(config: &Map<String, Value>, key: &str, values: &[&str]) -> bool {
    cfg(config, key).is_some_and(|v| values.contains(&v))
}

/// The definitions every connector has (Kafka Connect's `ConnectorConfig`), then the sink or
/// source extras.
fn common_defs(config: &Map<String, Value>, sink: bool) -> Vec<Def> {
    let mut d = vec![
        Def::new("name", "STRING", "Common", 1, "Connector name")
            .req()
            .high()
            .doc("Globally unique name to use for this connector."),
        Def::new("connector.class", "STRING", "Common", 2, "Connector class")
            .req()
            .high()
            .width("LONG")
            .doc("Name or alias of the class for this connector."),
        Def::new("tasks.max", "INT", "Common", 3, "Tasks max")
            .default("1")
            .high()
            .width("SHORT")
            .range(Some(1.0), None)
            .doc("Maximum number of tasks to use for this connector."),
        Def::new("key.converter", "CLASS", "Common", 4, "Key converter class")
            .low()
            .width("SHORT")
            .doc("Converter class used to convert between Kafka Connect format and the serialized form of keys."),
        Def::new("value.converter", "CLASS", "Common", 5, "Value converter class")
            .low()
            .width("SHORT")
            .doc("Converter class used to convert between Kafka Connect format and the serialized form of values."),
    ];
    if sink {
        // Kafka Connect's SinkConnectorConfig needs one of the two; it reports it on `topics`.
        let none = cfg(config, "topics.regex").is_none();
        d.push(
            Def::new("topics", "LIST", "Common", 6, "Topics")
                .high()
                .width("LONG")
                .when_missing(none.then_some("Must configure one of topics or topics.regex"))
                .doc("List of topics to consume, separated by commas."),
        );
        d.push(
            Def::new("topics.regex", "STRING", "Common", 7, "Topics regex")
                .low()
                .width("LONG")
                .doc("Regular expression giving topics to consume."),
        );
    }
    d.extend([
        Def::new("transforms", "LIST", "Transforms", 1, "Transforms")
            .low()
            .width("LONG")
            .doc("Aliases for the transformations to be applied to records."),
        Def::new("predicates", "LIST", "Predicates", 1, "Predicates")
            .low()
            .width("LONG")
            .doc("Aliases for the predicates used by transformations."),
        Def::new(
            "errors.retry.timeout",
            "LONG",
            "Error Handling",
            1,
            "Retry Timeout for Errors",
        )
        .default("0")
        .width("MEDIUM")
        .doc("The maximum duration in milliseconds that a failed operation will be reattempted."),
        Def::new(
            "errors.tolerance",
            "STRING",
            "Error Handling",
            2,
            "Error Tolerance",
        )
        .default("none")
        .rec(&["none", "all"])
        .strict()
        .width("SHORT")
        .deps(if sink {
            &["errors.deadletterqueue.topic.name"]
        } else {
            &[]
        })
        .doc("Behavior for tolerating errors during connector operation."),
        Def::new(
            "errors.log.enable",
            "BOOLEAN",
            "Error Handling",
            3,
            "Log Errors",
        )
        .default("false")
        .width("SHORT")
        .doc("If true, write each error and the details of the failed operation to the log."),
    ]);
    if sink {
        d.push(
            Def::new(
                "errors.deadletterqueue.topic.name",
                "STRING",
                "Error Handling",
                4,
                "Dead Letter Queue Topic Name",
            )
            .width("MEDIUM")
            .visible(is_one_of(config, "errors.tolerance", &["all"]))
            .doc("The name of the topic to be used as the dead letter queue for failed records."),
        );
    }
    d
}

fn not_arn(v: &str) -> Option<String> {
    (!v.starts_with("arn:aws:iam::") || !v.contains(":role/"))
        .then(|| "Must be an IAM role ARN (arn:aws:iam::<account>:role/<name>)".into())
}

/// The definitions of a plugin for a config: what the validate endpoint answers.
fn plugin_defs(class: &str, config: &Map<String, Value>) -> Vec<Def> {
    let sink = plugin_kind(class) == "sink";
    let mut d = common_defs(config, sink);
    match class {
        POSTGRES => {
            let pgoutput = is_one_of(config, "plugin.name", &["pgoutput"]);
            let verify = is_one_of(config, "database.sslmode", &["verify-ca", "verify-full"]);
            d.extend([
                Def::new("topic.prefix", "STRING", "Postgres", 1, "Topic prefix")
                    .req()
                    .high()
                    .doc("Unique prefix for the names of the topics this connector writes to."),
                Def::new("database.hostname", "STRING", "Postgres", 2, "Hostname")
                    .req()
                    .high()
                    .width("LONG")
                    .doc("Resolvable hostname or IP address of the database server."),
                Def::new("database.port", "INT", "Postgres", 3, "Port")
                    .default("5432")
                    .high()
                    .width("SHORT")
                    .range(Some(1.0), Some(65535.0))
                    .doc("Port of the database server."),
                Def::new("database.user", "STRING", "Postgres", 4, "User")
                    .req()
                    .high()
                    .width("SHORT")
                    .doc("Name of the database user to connect as."),
                Def::new("database.password", "PASSWORD", "Postgres", 5, "Password")
                    .high()
                    .width("SHORT")
                    .doc("Password of the database user."),
                Def::new("database.dbname", "STRING", "Postgres", 6, "Database")
                    .req()
                    .high()
                    .doc("The name of the database to capture changes from."),
                Def::new("plugin.name", "STRING", "Postgres", 7, "Plugin")
                    .default("decoderbufs")
                    .rec(&["decoderbufs", "pgoutput"])
                    .strict()
                    .deps(&["publication.name", "publication.autocreate.mode"])
                    .doc("The logical decoding plugin installed on the server."),
                Def::new("publication.name", "STRING", "Postgres", 8, "Publication")
                    .default("dbz_publication")
                    .low()
                    .visible(pgoutput)
                    .doc("The publication to stream changes from (pgoutput only)."),
                Def::new(
                    "publication.autocreate.mode",
                    "STRING",
                    "Postgres",
                    9,
                    "Publication auto-create mode",
                )
                .default("all_tables")
                .rec(&["all_tables", "disabled", "filtered"])
                .strict()
                .low()
                .visible(pgoutput)
                .doc("Whether and how the connector creates its publication."),
                Def::new("slot.name", "STRING", "Postgres", 10, "Slot")
                    .default("debezium")
                    .doc("The name of the replication slot."),
                Def::new("database.sslmode", "STRING", "Postgres", 11, "SSL mode")
                    .default("prefer")
                    .rec(&["disable", "prefer", "require", "verify-ca", "verify-full"])
                    .strict()
                    .deps(&["database.sslrootcert"])
                    .doc("Whether to use an encrypted connection."),
                Def::new(
                    "database.sslrootcert",
                    "STRING",
                    "Postgres",
                    12,
                    "SSL root certificate",
                )
                .width("LONG")
                .visible(verify)
                .doc("File with the root certificate(s) the server is verified against."),
            ]);
            if verify {
                if let Some(x) = d.iter_mut().find(|x| x.name == "database.sslrootcert") {
                    x.required = true;
                }
            }
            d.extend([
                Def::new(
                    "table.include.list",
                    "LIST",
                    "Connector",
                    1,
                    "Include tables",
                )
                .width("LONG")
                .doc("Tables to capture, as schema.table, separated by commas."),
                Def::new("snapshot.mode", "STRING", "Connector", 2, "Snapshot mode")
                    .default("initial")
                    .rec(&["initial", "always", "never", "initial_only", "no_data"])
                    .strict()
                    .doc("When to take a snapshot of the tables."),
                Def::new(
                    "poll.interval.ms",
                    "LONG",
                    "Connector",
                    3,
                    "Poll interval (ms)",
                )
                .default("500")
                .low()
                .range(Some(1.0), None)
                .width("SHORT")
                .doc("Time to wait for new change events."),
                Def::new(
                    "heartbeat.interval.ms",
                    "INT",
                    "Connector",
                    4,
                    "Heartbeat interval (ms)",
                )
                .default("0")
                .low()
                .range(Some(0.0), None)
                .width("SHORT")
                .doc("How often to send heartbeat messages; 0 disables them."),
                Def::new(
                    "decimal.handling.mode",
                    "STRING",
                    "Connector",
                    5,
                    "Decimal handling",
                )
                .default("precise")
                .rec(&["precise", "double", "string"])
                .strict()
                .low()
                .doc("How DECIMAL and NUMERIC columns are represented."),
                Def::new(
                    "tombstones.on.delete",
                    "BOOLEAN",
                    "Connector",
                    6,
                    "Tombstones on delete",
                )
                .default("true")
                .low()
                .width("SHORT")
                .doc("Whether a delete event is followed by a tombstone."),
            ]);
        }
        JDBC_SINK => {
            let method = cfg(config, "connection.method").unwrap_or("password");
            let modes: &[&str] = match cfg(config, "dialect.name") {
                Some("GenericDatabaseDialect") => &["insert"],
                Some("SqliteDatabaseDialect") => &["insert", "upsert"],
                _ => &["insert", "upsert", "update"],
            };
            let pk = cfg(config, "pk.mode").unwrap_or("none") != "none";
            d.extend([
                Def::new("connection.url", "STRING", "Connection", 1, "JDBC URL").req().high().width("LONG")
                    .doc("JDBC connection URL, e.g. jdbc:postgresql://host:5432/db."),
                Def::new("connection.method", "STRING", "Connection", 2, "Authentication method")
                    .default("password").rec(&["password", "iam", "ssl"]).strict().high().width("SHORT")
                    .deps(&["connection.password", "aws.region", "aws.role.arn", "ssl.truststore.location", "ssl.truststore.password"])
                    .doc("How the connector authenticates to the database."),
                Def::new("connection.user", "STRING", "Connection", 3, "JDBC User").high()
                    .doc("JDBC connection user."),
                Def::new("connection.password", "PASSWORD", "Connection", 4, "JDBC Password").high()
                    .visible(method == "password").doc("JDBC connection password."),
                Def::new("aws.region", "STRING", "Connection", 5, "AWS region")
                    .rec(&["us-east-1", "us-east-2", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-1"])
                    .strict().high().width("SHORT").visible(method == "iam").doc("Region of the database for IAM authentication."),
                Def::new("aws.role.arn", "STRING", "Connection", 6, "IAM role ARN").high().width("LONG")
                    .visible(method == "iam").check(not_arn).doc("The role the connector assumes to get a database token."),
                Def::new("ssl.truststore.location", "STRING", "Connection", 7, "Truststore location").high()
                    .width("LONG").visible(method == "ssl").doc("Path of the truststore with the server's CA."),
                Def::new("ssl.truststore.password", "PASSWORD", "Connection", 8, "Truststore password").high()
                    .visible(method == "ssl").doc("Password of the truststore."),
                Def::new("connection.attempts", "INT", "Connection", 9, "JDBC connection attempts").default("3")
                    .low().width("SHORT").range(Some(1.0), None).doc("Maximum number of attempts to connect."),
                Def::new("insert.mode", "STRING", "Writes", 1, "Insert Mode").default("insert")
                    .rec(modes).strict().high().width("SHORT").doc("The insertion mode to use; what is available depends on the dialect."),
                Def::new("batch.size", "INT", "Writes", 2, "Batch Size").default("3000").width("SHORT")
                    .range(Some(1.0), None).doc("Records to batch together for insertion."),
                Def::new("delete.enabled", "BOOLEAN", "Writes", 3, "Enable deletes").default("false")
                    .width("SHORT").doc("Whether to treat null record values as deletes."),
                Def::new("table.name.format", "STRING", "Data Mapping", 1, "Table Name Format").default("${topic}")
                    .width("LONG").doc("Format string for the destination table name; ${topic} is replaced by the topic."),
                Def::new("pk.mode", "STRING", "Data Mapping", 2, "Primary Key Mode").default("none")
                    .rec(&["none", "kafka", "record_key", "record_value"]).strict().high().deps(&["pk.fields"])
                    .doc("The primary key mode."),
                Def::new("pk.fields", "LIST", "Data Mapping", 3, "Primary Key Fields").width("LONG").visible(pk)
                    .doc("Primary key field names, separated by commas."),
                Def::new("auto.create", "BOOLEAN", "DDL Support", 1, "Auto-Create").default("false").width("SHORT")
                    .doc("Whether to create the destination table when missing."),
                Def::new("auto.evolve", "BOOLEAN", "DDL Support", 2, "Auto-Evolve").default("false").width("SHORT")
                    .doc("Whether to add columns to the table when the schema gains fields."),
                Def::new("dialect.name", "STRING", "Dialect", 1, "Database Dialect").low()
                    .rec(&["GenericDatabaseDialect", "MySqlDatabaseDialect", "PostgreSqlDatabaseDialect", "SqlServerDatabaseDialect", "SqliteDatabaseDialect"])
                    .strict().deps(&["insert.mode"]).doc("The dialect to use; empty detects it from the URL."),
            ]);
            for key in [
                "connection.password",
                "aws.region",
                "aws.role.arn",
                "ssl.truststore.location",
            ] {
                if let Some(x) = d.iter_mut().find(|x| x.name == key) {
                    x.required = x.visible;
                }
            }
        }
        S3_SINK => {
            let format = cfg(config, "format.class").unwrap_or_default();
            let partitioner = cfg(config, "partitioner.class").unwrap_or_default();
            let time_based = partitioner.ends_with("TimeBasedPartitioner");
            let field_based = partitioner.ends_with("FieldPartitioner");
            d.extend([
                Def::new("s3.bucket.name", "STRING", "S3", 1, "S3 Bucket")
                    .req()
                    .high()
                    .doc("The S3 bucket to write to."),
                Def::new("s3.region", "STRING", "S3", 2, "AWS region")
                    .default("us-west-2")
                    .rec(&[
                        "us-east-1",
                        "us-east-2",
                        "us-west-1",
                        "us-west-2",
                        "eu-west-1",
                        "eu-central-1",
                    ])
                    .strict()
                    .doc("The AWS region of the bucket."),
                Def::new("store.url", "STRING", "S3", 3, "Store URL")
                    .low()
                    .width("LONG")
                    .doc("An S3-compatible endpoint to use instead of AWS's."),
                Def::new("aws.access.key.id", "STRING", "S3", 4, "AWS Access Key ID")
                    .doc("The access key id, when not using the default credentials chain."),
                Def::new(
                    "aws.secret.access.key",
                    "PASSWORD",
                    "S3",
                    5,
                    "AWS Secret Access Key",
                )
                .doc("The secret access key."),
                Def::new("s3.part.size", "INT", "S3", 6, "S3 Part Size")
                    .default("26214400")
                    .low()
                    .range(Some(5_242_880.0), Some(2_147_483_647.0))
                    .doc("The part size in S3 multi-part uploads."),
                Def::new("storage.class", "CLASS", "Storage", 1, "Storage class")
                    .default("io.confluent.connect.s3.storage.S3Storage")
                    .high()
                    .width("LONG")
                    .doc("The underlying storage layer."),
                Def::new("format.class", "CLASS", "Storage", 2, "Format class")
                    .req()
                    .high()
                    .width("LONG")
                    .rec(&[
                        "io.confluent.connect.s3.format.json.JsonFormat",
                        "io.confluent.connect.s3.format.avro.AvroFormat",
                        "io.confluent.connect.s3.format.parquet.ParquetFormat",
                        "io.confluent.connect.s3.format.bytearray.ByteArrayFormat",
                    ])
                    .strict()
                    .deps(&["parquet.codec"])
                    .doc("The format of the files written to S3."),
                Def::new(
                    "parquet.codec",
                    "STRING",
                    "Storage",
                    3,
                    "Parquet compression",
                )
                .default("snappy")
                .low()
                .rec(&["none", "snappy", "gzip", "lzo", "brotli", "lz4", "zstd"])
                .strict()
                .visible(format.ends_with("ParquetFormat"))
                .doc("The codec Parquet files are compressed with."),
                Def::new("flush.size", "INT", "Storage", 4, "Flush Size")
                    .req()
                    .high()
                    .width("SHORT")
                    .range(Some(1.0), None)
                    .doc("Records written to a file before it is committed."),
                Def::new(
                    "rotate.interval.ms",
                    "LONG",
                    "Storage",
                    5,
                    "Rotation interval (ms)",
                )
                .default("-1")
                .low()
                .doc("Time interval after which a file is committed; -1 disables it."),
                Def::new(
                    "partitioner.class",
                    "CLASS",
                    "Partitioner",
                    1,
                    "Partitioner Class",
                )
                .default("io.confluent.connect.storage.partitioner.DefaultPartitioner")
                .high()
                .width("LONG")
                .rec(&[
                    "io.confluent.connect.storage.partitioner.DefaultPartitioner",
                    "io.confluent.connect.storage.partitioner.FieldPartitioner",
                    "io.confluent.connect.storage.partitioner.TimeBasedPartitioner",
                    "io.confluent.connect.storage.partitioner.DailyPartitioner",
                    "io.confluent.connect.storage.partitioner.HourlyPartitioner",
                ])
                .strict()
                .deps(&[
                    "path.format",
                    "partition.duration.ms",
                    "partition.field.name",
                ])
                .doc("How records are laid out in the bucket."),
                Def::new("path.format", "STRING", "Partitioner", 2, "Path Format")
                    .width("LONG")
                    .visible(time_based)
                    .doc("Joda-Time pattern for the directories, e.g. 'year'=YYYY/'month'=MM."),
                Def::new(
                    "partition.duration.ms",
                    "LONG",
                    "Partitioner",
                    3,
                    "Partition Duration (ms)",
                )
                .default("-1")
                .visible(time_based)
                .doc("The duration of a partition."),
                Def::new(
                    "partition.field.name",
                    "LIST",
                    "Partitioner",
                    4,
                    "Partition Field Name",
                )
                .visible(field_based)
                .doc("Record fields to partition by."),
            ]);
            for key in ["path.format", "partition.field.name"] {
                if let Some(x) = d.iter_mut().find(|x| x.name == key) {
                    x.required = x.visible;
                }
            }
        }
        DATAGEN => {
            let custom = cfg(config, "quickstart").is_none();
            d.extend([
                Def::new("kafka.topic", "STRING", "Datagen", 1, "Topic").req().high()
                    .doc("Topic to write generated records to."),
                Def::new("quickstart", "STRING", "Datagen", 2, "Quickstart").high()
                    .rec(&["clickstream", "orders", "users", "pageviews", "inventory", "product", "purchases", "ratings", "stock_trades", "transactions"])
                    .strict().deps(&["schema.string", "schema.keyfield"])
                    .doc("A bundled schema to generate records from; leave empty to give your own schema."),
                Def::new("schema.string", "STRING", "Datagen", 3, "Schema").width("LONG").visible(custom)
                    .doc("An Avro schema (with arg.properties) to generate records from."),
                Def::new("schema.keyfield", "STRING", "Datagen", 4, "Key field").low().visible(custom)
                    .doc("The schema field used as the record key."),
                Def::new("max.interval", "LONG", "Datagen", 5, "Max interval (ms)").default("500").width("SHORT")
                    .range(Some(0.0), None).doc("Longest pause between records."),
                Def::new("iterations", "INT", "Datagen", 6, "Iterations").default("-1").width("SHORT")
                    .doc("Records to generate per task; -1 is unlimited."),
                Def::new("random.seed", "LONG", "Datagen", 7, "Random seed").low().width("SHORT")
                    .doc("Seed for repeatable output."),
            ]);
            if custom && cfg(config, "schema.string").is_none() {
                if let Some(x) = d.iter_mut().find(|x| x.name == "quickstart") {
                    x.when_missing = Some("Either quickstart or schema.string must be set".into());
                }
            }
        }
        FILE_SOURCE => {
            // FileStream's ConfigDef has no groups or display names: the server sends nulls.
            d.extend([
                Def::new("file", "STRING", "", 0, "").high().width("NONE")
                    .doc("Source filename. If not specified, the standard input will be used"),
                Def::new("topic", "LIST", "", 0, "").req().high().width("NONE")
                    .doc("The topic to publish data to"),
                Def::new("batch.size", "INT", "", 0, "").default("2000").low().width("NONE")
                    .doc("The maximum number of records the source task can read from the file each time it is polled"),
            ]);
        }
        _ => {}
    }
    d
}

// =============================================================================================
// The simulator
// =============================================================================================

/// What the user asked a connector to be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Target {
    Running,
    Paused,
    Stopped,
}

impl Target {
    fn as_str(self) -> &'static str {
        match self {
            Target::Running => "running",
            Target::Paused => "paused",
            Target::Stopped => "stopped",
        }
    }

    fn parse(s: &str) -> Target {
        match s {
            "paused" => Target::Paused,
            "stopped" => Target::Stopped,
            _ => Target::Running,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
struct SimTask {
    /// Fails once the connector has settled (until restarted).
    failed: bool,
    /// When this task was last restarted on its own.
    restart_ms: Option<f64>,
}

#[derive(Clone, Debug, PartialEq)]
struct Instance {
    name: String,
    class: String,
    config: Map<String, Value>,
    created_ms: f64,
    target: Target,
    /// When the current start (create, update, restart, resume from stopped) began.
    phase_ms: f64,
    /// The current start is a restart (`RESTARTING` rather than `UNASSIGNED`).
    restarting: bool,
    failure: Option<String>,
    tasks: Vec<SimTask>,
}

/// A demo connector: name, class, config pairs.
type Seed<'a> = (&'a str, &'a str, Vec<(&'a str, &'a str)>);

/// A connector's state now: its state, trace, and each task's state and trace.
type StateNow = (String, Option<String>, Vec<(String, Option<String>)>);

/// The Kafka Connect simulator.
#[derive(Clone, Debug)]
pub struct KafkaConnectSim {
    connectors: Vec<Instance>,
    conflicts: u32,
    timing: SimTiming,
}

impl Default for KafkaConnectSim {
    fn default() -> Self {
        Self::new()
    }
}

/// The connector-level trace of a config that cannot work, if any.
fn failure_of(name: &str, class: &str, config: &Map<String, Value>) -> Option<String> {
    let host = invalid_host(config)?;
    let task = class
        .rsplit('.')
        .next()
        .unwrap_or(class)
        .replace("Connector", "Task");
    Some(format!(
        "org.apache.kafka.connect.errors.ConnectException: Error configuring an instance of {task}; check the logs for details\n\
         \tat {class}.start({simple}.java:142)\n\
         \tat org.apache.kafka.connect.runtime.WorkerConnector.doStart(WorkerConnector.java:195)\n\
         \tat org.apache.kafka.connect.runtime.WorkerConnector.start(WorkerConnector.java:220)\n\
         \tat java.base/java.lang.Thread.run(Thread.java:840)\n\
         Caused by: org.apache.kafka.connect.errors.ConnectException: Connector {name} could not connect to {host}\n\
         \tat {class}.validateConnection({simple}.java:311)\n\
         \t... 3 more\n\
         Caused by: java.net.UnknownHostException: {host}: Name or service not known\n\
         \tat java.base/java.net.Inet6AddressImpl.lookupAllHostAddr(Native Method)\n\
         \t... 5 more\n",
        simple = class.rsplit('.').next().unwrap_or(class),
    ))
}

/// Whether one task of this config fails, and the trace it fails with.
fn task_failure(class: &str, config: &Map<String, Value>) -> Option<String> {
    let flag = cfg(config, "simulate.task.failure").is_some_and(|v| v.eq_ignore_ascii_case("true"));
    let table = poison_table(config);
    if !flag && table.is_none() {
        return None;
    }
    let table = table.unwrap_or_else(|| "orders".into());
    let worker_task = if plugin_kind(class) == "sink" {
        "WorkerSinkTask"
    } else {
        "WorkerSourceTask"
    };
    Some(format!(
        "org.apache.kafka.connect.errors.ConnectException: Exiting {worker_task} due to unrecoverable exception.\n\
         \tat org.apache.kafka.connect.runtime.{worker_task}.execute({worker_task}.java:244)\n\
         \tat org.apache.kafka.connect.runtime.WorkerTask.doRun(WorkerTask.java:204)\n\
         \tat org.apache.kafka.connect.runtime.WorkerTask.run(WorkerTask.java:259)\n\
         \tat java.base/java.lang.Thread.run(Thread.java:840)\n\
         Caused by: org.apache.kafka.connect.errors.DataException: Poison record in {table} at offset 4211: field \"amount\" is not a valid DECIMAL(10,2)\n\
         \tat {class}.put(Task.java:97)\n\
         \t... 4 more\n"
    ))
}

fn task_count(config: &Map<String, Value>) -> usize {
    cfg(config, "tasks.max")
        .and_then(|v| v.parse::<i64>().ok())
        .map(|n| n.clamp(1, 8) as usize)
        .unwrap_or(1)
}

fn fresh_tasks(class: &str, config: &Map<String, Value>) -> Vec<SimTask> {
    let n = task_count(config);
    let poisoned = task_failure(class, config).is_some();
    (0..n)
        .map(|i| SimTask {
            failed: poisoned && i == n - 1,
            restart_ms: None,
        })
        .collect()
}

fn error(status: u16, message: &str) -> HttpResponse {
    HttpResponse::json(status, &json!({ "error_code": status, "message": message }))
}

fn empty(status: u16) -> HttpResponse {
    HttpResponse {
        status,
        headers: Vec::new(),
        body: String::new(),
    }
}

fn not_found(name: &str) -> HttpResponse {
    error(404, &format!("Connector {name} not found"))
}

fn worker(i: usize) -> String {
    format!("connect-{}.connect.svc:8083", i % 3)
}

impl KafkaConnectSim {
    /// An empty cluster with the built-in plugins and a 2 s start-up.
    pub fn new() -> Self {
        KafkaConnectSim {
            connectors: Vec::new(),
            conflicts: 0,
            timing: SimTiming {
                pending_ms: 1_000.0,
                starting_ms: 1_000.0,
            },
        }
    }

    /// Replaces the lifecycle timings (`pending_ms`: unassigned, `starting_ms`: tasks
    /// unassigned).
    pub fn with_timing(mut self, timing: SimTiming) -> Self {
        self.timing = timing;
        self
    }

    /// Makes the next `n` mutating requests (create, update, pause, resume, stop, restart,
    /// delete) answer 409 as a cluster in the middle of a rebalance does.
    pub fn inject_conflicts(&mut self, n: u32) {
        self.conflicts = n;
    }

    fn insert(&mut self, name: &str, class: &str, config: Map<String, Value>, now_ms: f64) {
        let failure = failure_of(name, class, &config);
        let tasks = fresh_tasks(class, &config);
        self.connectors.push(Instance {
            name: name.to_string(),
            class: class.to_string(),
            config,
            created_ms: now_ms,
            target: Target::Running,
            phase_ms: now_ms,
            restarting: false,
            failure,
            tasks,
        });
        self.connectors.sort_by(|a, b| a.name.cmp(&b.name));
    }

    fn find(&self, name: &str) -> Option<usize> {
        self.connectors.iter().position(|c| c.name == name)
    }

    fn validate(&self, class: &str, req: &HttpRequest) -> HttpResponse {
        let Some(class) = resolve_class(class) else {
            return error(
                400,
                &format!("Failed to find any class that implements Connector and which name matches {class}"),
            );
        };
        let config = match req.body.as_ref().and_then(Value::as_object) {
            Some(c) => crate::vendors::kafka_connect::wire::wire_config(c),
            None => return error(400, "Request body must be a JSON object of config strings"),
        };
        let defs = plugin_defs(class, &config);
        let out = evaluate(&defs, &config, Flavor::Apache);
        HttpResponse::json(
            200,
            &json!({
                "name": class,
                "error_count": out.errors.len(),
                "groups": out.groups,
                "configs": out.configs,
            }),
        )
    }

    /// Checks a config for create or update: `Ok(class)` or the 400 response.
    fn check_config(name: &str, config: &Map<String, Value>) -> Result<&'static str, HttpResponse> {
        if name.trim().is_empty() {
            return Err(error(400, "Connector name must not be empty"));
        }
        if let Some(n) = cfg(config, "name") {
            if n != name {
                return Err(error(
                    400,
                    &format!("Connector name configuration ({n}) doesn't match connector name in the URL ({name})"),
                ));
            }
        }
        let Some(requested) = cfg(config, "connector.class") else {
            return Err(error(
                400,
                &format!(
                    "Connector config {} contains no connector type",
                    Value::Object(config.clone())
                ),
            ));
        };
        let Some(class) = resolve_class(requested) else {
            return Err(error(
                400,
                &format!("Failed to find any class that implements Connector and which name matches {requested}"),
            ));
        };
        let mut with_name = config.clone();
        with_name.insert("name".into(), json!(name));
        let out = evaluate(&plugin_defs(class, &with_name), &with_name, Flavor::Apache);
        if !out.errors.is_empty() {
            return Err(error(400, &invalid_config_message(&out.errors)));
        }
        Ok(class)
    }

    fn create(&mut self, req: &HttpRequest, now_ms: f64) -> HttpResponse {
        let body = req.body.clone().unwrap_or(Value::Null);
        let Some(name) = body.get("name").and_then(Value::as_str).map(str::to_string) else {
            return error(400, "Connector name must be specified");
        };
        let Some(config) = body.get("config").and_then(Value::as_object) else {
            return error(400, "Connector config must be specified");
        };
        if self.find(&name).is_some() {
            return error(409, &format!("Connector {name} already exists"));
        }
        let mut config = crate::vendors::kafka_connect::wire::wire_config(config);
        let class = match Self::check_config(&name, &config) {
            Ok(c) => c,
            Err(resp) => return resp,
        };
        config.insert("name".into(), json!(name));
        self.insert(&name, class, config, now_ms);
        let i = self.find(&name).unwrap_or_default();
        HttpResponse::json(201, &self.info(i))
    }

    fn put_config(&mut self, name: &str, req: &HttpRequest, now_ms: f64) -> HttpResponse {
        let Some(config) = req.body.as_ref().and_then(Value::as_object) else {
            return error(400, "Request body must be a JSON object of config strings");
        };
        let mut config = crate::vendors::kafka_connect::wire::wire_config(config);
        let class = match Self::check_config(name, &config) {
            Ok(c) => c,
            Err(resp) => return resp,
        };
        config.insert("name".into(), json!(name));
        match self.find(name) {
            None => {
                self.insert(name, class, config, now_ms);
                let i = self.find(name).unwrap_or_default();
                HttpResponse::json(201, &self.info(i))
            }
            Some(i) => {
                let c = &mut self.connectors[i];
                c.failure = failure_of(name, class, &config);
                c.tasks = fresh_tasks(class, &config);
                c.class = class.to_string();
                c.config = config;
                c.phase_ms = now_ms;
                c.restarting = true;
                HttpResponse::json(200, &self.info(i))
            }
        }
    }

    fn set_target(&mut self, name: &str, target: Target, now_ms: f64, code: u16) -> HttpResponse {
        let Some(i) = self.find(name) else {
            return not_found(name);
        };
        let c = &mut self.connectors[i];
        if target == Target::Running && c.target == Target::Stopped {
            // Starting a stopped connector brings its tasks up from scratch.
            c.phase_ms = now_ms;
            c.restarting = false;
            c.tasks = fresh_tasks(&c.class, &c.config);
        }
        c.target = target;
        empty(code)
    }

    /// `(settled, connector state, trace, task states with traces)` at `now_ms`.
    fn state(&self, c: &Instance, now_ms: f64) -> StateNow {
        let task_trace = || task_failure(&c.class, &c.config);
        match c.target {
            Target::Stopped => return ("STOPPED".into(), None, Vec::new()),
            Target::Paused => {
                let tasks = c
                    .tasks
                    .iter()
                    .map(|t| {
                        if t.failed {
                            ("FAILED".to_string(), task_trace())
                        } else {
                            ("PAUSED".to_string(), None)
                        }
                    })
                    .collect();
                return ("PAUSED".into(), None, tasks);
            }
            Target::Running => {}
        }
        let t = now_ms - c.phase_ms;
        if t < self.timing.pending_ms {
            let s = if c.restarting {
                "RESTARTING"
            } else {
                "UNASSIGNED"
            };
            return (s.into(), None, Vec::new());
        }
        if t < self.timing.pending_ms + self.timing.starting_ms {
            let tasks = c
                .tasks
                .iter()
                .map(|_| ("UNASSIGNED".to_string(), None))
                .collect();
            return ("RUNNING".into(), None, tasks);
        }
        if let Some(trace) = &c.failure {
            return ("FAILED".into(), Some(trace.clone()), Vec::new());
        }
        let tasks = c
            .tasks
            .iter()
            .map(|task| match task.restart_ms {
                Some(r) if now_ms - r < self.timing.pending_ms => ("RESTARTING".to_string(), None),
                _ if task.failed => ("FAILED".to_string(), task_trace()),
                _ => ("RUNNING".to_string(), None),
            })
            .collect();
        ("RUNNING".into(), None, tasks)
    }

    fn status(&self, i: usize, now_ms: f64) -> Value {
        let c = &self.connectors[i];
        let (state, trace, tasks) = self.state(c, now_ms);
        let mut connector = json!({"state": state, "worker_id": worker(i)});
        if let Some(t) = trace {
            connector["trace"] = json!(t);
        }
        let tasks: Vec<Value> = tasks
            .into_iter()
            .enumerate()
            .map(|(n, (s, trace))| {
                let mut t = json!({"id": n, "state": s, "worker_id": worker(i + n + 1)});
                if let Some(tr) = trace {
                    t["trace"] = json!(tr);
                }
                t
            })
            .collect();
        json!({
            "name": c.name,
            "connector": connector,
            "tasks": tasks,
            "type": plugin_kind(&c.class),
        })
    }

    fn info(&self, i: usize) -> Value {
        let c = &self.connectors[i];
        let tasks: Vec<Value> = (0..c.tasks.len())
            .map(|t| json!({"connector": c.name, "task": t}))
            .collect();
        json!({"name": c.name, "config": c.config, "tasks": tasks, "type": plugin_kind(&c.class)})
    }

    fn list(&self, req: &HttpRequest, now_ms: f64) -> HttpResponse {
        let expand: Vec<String> = req
            .query
            .iter()
            .filter(|(k, _)| k == "expand")
            .flat_map(|(_, v)| v.split(',').map(|s| s.trim().to_ascii_lowercase()))
            .collect();
        if expand.is_empty() {
            let names: Vec<&str> = self.connectors.iter().map(|c| c.name.as_str()).collect();
            return HttpResponse::json(200, &json!(names));
        }
        let mut out = Map::new();
        for (i, c) in self.connectors.iter().enumerate() {
            let mut entry = Map::new();
            if expand.iter().any(|e| e == "status") {
                entry.insert("status".into(), self.status(i, now_ms));
            }
            if expand.iter().any(|e| e == "info") {
                entry.insert("info".into(), self.info(i));
            }
            out.insert(c.name.clone(), Value::Object(entry));
        }
        HttpResponse::json(200, &Value::Object(out))
    }

    fn restart(&mut self, name: &str, req: &HttpRequest, now_ms: f64) -> HttpResponse {
        let Some(i) = self.find(name) else {
            return not_found(name);
        };
        let flag = |k: &str| {
            req.query_value(k)
                .is_some_and(|v| v.eq_ignore_ascii_case("true"))
        };
        let (include_tasks, only_failed) = (flag("includeTasks"), flag("onlyFailed"));
        let (state, _, _) = self.state(&self.connectors[i], now_ms);
        let connector_failed = state == "FAILED";
        let c = &mut self.connectors[i];
        if !only_failed || connector_failed {
            c.phase_ms = now_ms;
            c.restarting = true;
            c.failure = failure_of(&c.name, &c.class, &c.config);
        }
        if include_tasks {
            for t in c.tasks.iter_mut() {
                if !only_failed || t.failed {
                    t.failed = false;
                    t.restart_ms = Some(now_ms);
                }
            }
        }
        if include_tasks || only_failed {
            HttpResponse::json(202, &self.status(i, now_ms))
        } else {
            empty(204)
        }
    }

    fn restart_task(&mut self, name: &str, id: &str, now_ms: f64) -> HttpResponse {
        let Some(i) = self.find(name) else {
            return not_found(name);
        };
        let (state, _, _) = self.state(&self.connectors[i], now_ms);
        let c = &mut self.connectors[i];
        let task = id
            .parse::<usize>()
            .ok()
            .filter(|_| state != "FAILED")
            .and_then(|n| c.tasks.get_mut(n));
        match task {
            Some(t) => {
                t.failed = false;
                t.restart_ms = Some(now_ms);
                empty(204)
            }
            None => error(404, &format!("Task {name}-{id} not found")),
        }
    }
}

impl Simulator for KafkaConnectSim {
    /// Answers one request at time `now_ms` (milliseconds since the Unix epoch).
    fn handle(&mut self, req: &HttpRequest, now_ms: f64) -> HttpResponse {
        let segments: Vec<String> = req
            .path
            .trim_matches('/')
            .split('/')
            .filter(|s| !s.is_empty())
            .map(percent_decode)
            .collect();
        let seg: Vec<&str> = segments.iter().map(String::as_str).collect();
        let mutating = seg.first() == Some(&"connectors") && req.method != Method::Get;
        if mutating && self.conflicts > 0 {
            self.conflicts -= 1;
            return error(
                409,
                "Cannot complete request momentarily due to stale configuration (typically caused by a concurrent config change)",
            );
        }
        match (req.method, seg.as_slice()) {
            (Method::Get, []) => HttpResponse::json(
                200,
                &json!({"version": "3.7.1", "commit": "e2494e6ffb89f828", "kafka_cluster_id": "sim-kafka-cluster-0001"}),
            ),
            (Method::Get, ["connector-plugins"]) => {
                let only = req
                    .query_value("connectorsOnly")
                    .is_none_or(|v| !v.eq_ignore_ascii_case("false"));
                let list: Vec<Value> = PLUGINS
                    .iter()
                    .filter(|(_, t, _)| !only || *t == "source" || *t == "sink")
                    .map(|(c, t, v)| json!({"class": c, "type": t, "version": v}))
                    .collect();
                HttpResponse::json(200, &Value::Array(list))
            }
            (Method::Put, ["connector-plugins", class, "config", "validate"]) => {
                self.validate(class, req)
            }
            (Method::Get, ["connectors"]) => self.list(req, now_ms),
            (Method::Post, ["connectors"]) => self.create(req, now_ms),
            (Method::Get, ["connectors", name]) => match self.find(name) {
                Some(i) => HttpResponse::json(200, &self.info(i)),
                None => not_found(name),
            },
            (Method::Get, ["connectors", name, "config"]) => match self.find(name) {
                Some(i) => {
                    HttpResponse::json(200, &Value::Object(self.connectors[i].config.clone()))
                }
                None => not_found(name),
            },
            (Method::Get, ["connectors", name, "status"]) => match self.find(name) {
                Some(i) => HttpResponse::json(200, &self.status(i, now_ms)),
                None => not_found(name),
            },
            (Method::Get, ["connectors", name, "tasks"]) => {
                match self.find(name) {
                    Some(i) => {
                        let c = &self.connectors[i];
                        let tasks: Vec<Value> = (0..c.tasks.len())
                        .map(|t| json!({"id": {"connector": c.name, "task": t}, "config": c.config}))
                        .collect();
                        HttpResponse::json(200, &Value::Array(tasks))
                    }
                    None => not_found(name),
                }
            }
            (Method::Get, ["connectors", name, "tasks", id, "status"]) => {
                let Some(i) = self.find(name) else {
                    return not_found(name);
                };
                let status = self.status(i, now_ms);
                match status["tasks"].as_array().and_then(|ts| {
                    ts.iter()
                        .find(|t| t["id"].as_u64() == id.parse::<u64>().ok())
                }) {
                    Some(t) => HttpResponse::json(200, t),
                    None => error(404, &format!("No status found for task {name}-{id}")),
                }
            }
            (Method::Put, ["connectors", name, "config"]) => self.put_config(name, req, now_ms),
            (Method::Put, ["connectors", name, "pause"]) => {
                self.set_target(name, Target::Paused, now_ms, 202)
            }
            (Method::Put, ["connectors", name, "resume"]) => {
                self.set_target(name, Target::Running, now_ms, 202)
            }
            (Method::Put, ["connectors", name, "stop"]) => {
                self.set_target(name, Target::Stopped, now_ms, 204)
            }
            (Method::Post, ["connectors", name, "restart"]) => self.restart(name, req, now_ms),
            (Method::Post, ["connectors", name, "tasks", id, "restart"]) => {
                self.restart_task(name, id, now_ms)
            }
            (Method::Delete, ["connectors", name]) => match self.find(name) {
                Some(i) => {
                    self.connectors.remove(i);
                    empty(204)
                }
                None => not_found(name),
            },
            (_, ["connectors", ..]) | (_, ["connector-plugins", ..]) => {
                error(405, "HTTP 405 Method Not Allowed")
            }
            _ => error(404, "HTTP 404 Not Found"),
        }
    }

    /// Adds a few connectors created an hour ago: a running Postgres CDC source (its password a
    /// config-provider reference), a JDBC sink with a failed task (degraded, with converter and
    /// transform settings the definitions do not list), an S3 sink that failed on an
    /// unreachable endpoint, and a running Datagen source.
    fn seed_demo(&mut self, now_ms: f64) {
        let created = now_ms - 3_600_000.0;
        let seeds: [Seed; 4] = [
            (
                "orders-postgres-cdc",
                POSTGRES,
                vec![
                    ("tasks.max", "1"),
                    ("topic.prefix", "orders"),
                    ("database.hostname", "orders-db.internal.example.com"),
                    ("database.port", "5432"),
                    ("database.user", "debezium"),
                    (
                        "database.password",
                        "${file:/opt/kafka/secrets/orders.properties:db.password}",
                    ),
                    ("database.dbname", "orders"),
                    ("plugin.name", "pgoutput"),
                    ("table.include.list", "public.orders,public.order_lines"),
                    (
                        "key.converter",
                        "org.apache.kafka.connect.json.JsonConverter",
                    ),
                    ("key.converter.schemas.enable", "false"),
                ],
            ),
            (
                "warehouse-jdbc-sink",
                JDBC_SINK,
                vec![
                    ("tasks.max", "3"),
                    ("topics", "orders.public.orders,orders.public.order_lines"),
                    (
                        "connection.url",
                        "jdbc:postgresql://warehouse.internal.example.com:5432/dw",
                    ),
                    ("connection.user", "loader"),
                    ("connection.password", "demo-password"),
                    ("insert.mode", "upsert"),
                    ("pk.mode", "record_key"),
                    ("table.name.format", "dw.${topic}"),
                    ("simulate.task.failure", "true"),
                    ("transforms", "unwrap"),
                    (
                        "transforms.unwrap.type",
                        "io.debezium.transforms.ExtractNewRecordState",
                    ),
                    ("consumer.override.max.poll.records", "500"),
                ],
            ),
            (
                "archive-s3-sink",
                S3_SINK,
                vec![
                    ("tasks.max", "2"),
                    ("topics", "orders.public.orders"),
                    ("s3.bucket.name", "orders-archive"),
                    ("store.url", "https://minio.archive.invalid:9000"),
                    ("aws.access.key.id", "AKIADEMO000000000000"),
                    ("aws.secret.access.key", "demo-secret"),
                    (
                        "format.class",
                        "io.confluent.connect.s3.format.json.JsonFormat",
                    ),
                    ("flush.size", "1000"),
                ],
            ),
            (
                "clickstream-datagen",
                DATAGEN,
                vec![
                    ("tasks.max", "1"),
                    ("kafka.topic", "clickstream"),
                    ("quickstart", "clickstream"),
                    ("max.interval", "100"),
                ],
            ),
        ];
        for (name, class, pairs) in seeds {
            if self.find(name).is_some() {
                continue;
            }
            let mut config = Map::new();
            config.insert("connector.class".into(), json!(class));
            config.insert("name".into(), json!(name));
            for (k, v) in pairs {
                config.insert(k.into(), json!(v));
            }
            self.insert(name, class, config, created);
        }
    }

    /// The connectors' state without secrets, by the [secret policy](crate::secret) (values of
    /// `PASSWORD` definitions, credential-like keys; config-provider references are kept), for
    /// persisting a demo across reloads.
    fn export_state(&self) -> Value {
        let list: Vec<Value> = self
            .connectors
            .iter()
            .map(|c| {
                let defs = plugin_defs(&c.class, &c.config);
                let (config, _) = crate::secret::scrub_flat(&c.config, |k| {
                    looks_secret(k) || defs.iter().any(|d| d.name == k && d.is_secret())
                });
                let tasks: Vec<Value> = c
                    .tasks
                    .iter()
                    .map(|t| json!({"failed": t.failed, "restart_ms": t.restart_ms}))
                    .collect();
                json!({
                    "name": c.name, "class": c.class, "config": config, "created_ms": c.created_ms,
                    "target": c.target.as_str(), "phase_ms": c.phase_ms, "restarting": c.restarting,
                    "tasks": tasks,
                })
            })
            .collect();
        json!({ "version": 1, "connectors": list })
    }

    /// Restores state saved by [`KafkaConnectSim::export_state`]; malformed entries and unknown
    /// plugins are skipped, never fatal.
    fn import_state(&mut self, state: &Value) {
        let Some(list) = state.get("connectors").and_then(Value::as_array) else {
            return;
        };
        let mut connectors = Vec::new();
        for v in list {
            let s = |k: &str| v.get(k).and_then(Value::as_str);
            let (Some(name), Some(class)) = (s("name"), s("class").and_then(resolve_class)) else {
                continue;
            };
            if connectors.iter().any(|c: &Instance| c.name == name) {
                continue;
            }
            let config = v
                .get("config")
                .and_then(Value::as_object)
                .map(crate::vendors::kafka_connect::wire::wire_config)
                .unwrap_or_default();
            let n = |k: &str| v.get(k).and_then(Value::as_f64).unwrap_or(0.0);
            let mut tasks = fresh_tasks(class, &config);
            if let Some(saved) = v.get("tasks").and_then(Value::as_array) {
                for (t, sv) in tasks.iter_mut().zip(saved) {
                    t.failed = sv
                        .get("failed")
                        .and_then(Value::as_bool)
                        .unwrap_or(t.failed);
                    t.restart_ms = sv.get("restart_ms").and_then(Value::as_f64);
                }
            }
            connectors.push(Instance {
                failure: failure_of(name, class, &config),
                name: name.to_string(),
                class: class.to_string(),
                config,
                created_ms: n("created_ms"),
                target: Target::parse(s("target").unwrap_or_default()),
                phase_ms: n("phase_ms"),
                restarting: v
                    .get("restarting")
                    .and_then(Value::as_bool)
                    .unwrap_or(false),
                tasks,
            });
        }
        connectors.sort_by(|a, b| a.name.cmp(&b.name));
        self.connectors = connectors;
    }

    /// Number of connectors.
    fn len(&self) -> usize {
        self.connectors.len()
    }

    /// `conflict?count=N`: the next N writes answer 409 (a rebalance).
    fn control(&mut self, name: &str, args: &[(String, String)]) -> bool {
        if name != "conflict" {
            return false;
        }
        let n = args
            .iter()
            .find(|(k, _)| k == "count")
            .and_then(|(_, v)| v.parse().ok())
            .unwrap_or(1);
        self.inject_conflicts(n);
        true
    }
}
