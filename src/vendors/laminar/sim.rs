//! A stateful simulation of Laminar's API (and, switched with [`LaminarSim::arroyo_variant`],
//! of Arroyo's spelling of it): the connector catalog, connection profiles with a connection
//! test, connection tables with a streamed (`text/event-stream`) table test, pipelines and jobs
//! whose states move over time.
//!
//! Pure: the caller passes `now_ms`, so tests are exact. Hosts ending in `.invalid` (the
//! reserved TLD) cannot be reached: profile tests, table tests and the jobs of pipelines that
//! read them fail with a readable message.

use serde_json::{json, Map, Value};

use crate::http::{percent_decode, HttpRequest, HttpResponse, Method};
use crate::model::pipeline::{SchemaField, TableKind, TableSchema};
use crate::model::time::iso_timestamp;
use crate::schema::{
    clean, default_value, match_variant, parse_schema_str, strip_secrets, validate, Node, NodeKind,
};
use crate::vendor::Simulator;
use crate::vendors::laminar::wire::{SchemaFieldWire, TableSchemaWire};

// ---------------------------------------------------------------------------------------------
// The built-in catalog. Schemas are text so the served catalog keeps their property order.

const KAFKA_PROFILE: &str = include_str!("data/kafka-profile.json");

const CONFLUENT_PROFILE: &str = include_str!("data/confluent-profile.json");

/// Arroyo's shape: one table schema, the side chosen by the `type` variant.
const KAFKA_TABLE: &str = include_str!("data/kafka-table.json");

/// Laminar's shape: the same table, one schema per side.
const KAFKA_SOURCE: &str = include_str!("data/kafka-source.json");

const KAFKA_SINK: &str = include_str!("data/kafka-sink.json");

const IMPULSE_SOURCE: &str = include_str!("data/impulse-source.json");

const WEBHOOK_SINK: &str = include_str!("data/webhook-sink.json");

const FILESYSTEM_SINK: &str = include_str!("data/filesystem-sink.json");

const REDIS_PROFILE: &str = include_str!("data/redis-profile.json");

const REDIS_SINK: &str = include_str!("data/redis-sink.json");

/// One schema for both sides (Source/Sink `oneOf` variants with `const` discriminators), served
/// as each side's schema, with its connection settings in the table (no profile).
const NATS_TABLE: &str = include_str!("data/nats-table.json");

/// A small, clean icon: a rounded square in the connector's colour with a mark.
fn icon(color: &str, mark: &str) -> String {
    format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><title>icon</title><rect width="32" height="32" rx="6" fill="{color}"/><path d="{mark}" fill="none" stroke="#fff" stroke-width="2.5" stroke-linecap="round"/></svg>"##
    )
}

/// One connector type of the built-in catalog.
#[derive(Clone, Debug)]
struct SimConnector {
    id: &'static str,
    name: &'static str,
    description: &'static str,
    category: &'static str,
    version: &'static str,
    features: &'static [&'static str],
    formats: &'static [&'static str],
    icon: String,
    profile: Option<&'static str>,
    source: Option<&'static str>,
    sink: Option<&'static str>,
    /// Arroyo's single table schema (defaults to the one side there is).
    table: Option<&'static str>,
    /// Whether tables take a user-defined schema (Arroyo `customSchemas`).
    custom_schemas: bool,
    profile_node: Option<Node>,
    source_node: Option<Node>,
    sink_node: Option<Node>,
    table_node: Option<Node>,
}

impl SimConnector {
    #[allow(clippy::too_many_arguments)]
    fn new(
        id: &'static str,
        name: &'static str,
        description: &'static str,
        category: &'static str,
        version: &'static str,
        features: &'static [&'static str],
        formats: &'static [&'static str],
        icon: String,
        profile: Option<&'static str>,
        source: Option<&'static str>,
        sink: Option<&'static str>,
        table: Option<&'static str>,
    ) -> Self {
        let parse = |t: Option<&str>| t.and_then(|t| parse_schema_str(t).ok());
        SimConnector {
            id,
            name,
            description,
            category,
            version,
            features,
            formats,
            icon,
            profile,
            source,
            sink,
            table,
            custom_schemas: !formats.is_empty(),
            profile_node: parse(profile),
            source_node: parse(source),
            sink_node: parse(sink),
            table_node: parse(table.or(source).or(sink)),
        }
    }

    fn supports(&self, kind: TableKind) -> bool {
        match kind {
            TableKind::Source => self.source.is_some(),
            TableKind::Sink => self.sink.is_some(),
        }
    }

    fn side_node(&self, kind: TableKind) -> Option<&Node> {
        match kind {
            TableKind::Source => self.source_node.as_ref(),
            TableKind::Sink => self.sink_node.as_ref(),
        }
    }
}

fn catalog() -> Vec<SimConnector> {
    vec![
        SimConnector::new(
            "kafka",
            "Apache Kafka",
            "Read from and write to Kafka topics",
            "messaging",
            "3.7.0",
            &["exactly_once", "schema_registry", "partitioning"],
            &["json", "avro", "raw"],
            icon("#231f20", "M11 8v16M11 16l9-8M11 16l9 8"),
            Some(KAFKA_PROFILE),
            Some(KAFKA_SOURCE),
            Some(KAFKA_SINK),
            Some(KAFKA_TABLE),
        ),
        SimConnector::new(
            "confluent",
            "Confluent Cloud",
            "Kafka topics on Confluent Cloud, with its schema registry",
            "messaging",
            "7.6.0",
            &["exactly_once", "schema_registry"],
            &["json", "avro", "raw"],
            icon("#0074a2", "M21 10a8 8 0 1 0 0 12"),
            Some(CONFLUENT_PROFILE),
            Some(KAFKA_SOURCE),
            Some(KAFKA_SINK),
            Some(KAFKA_TABLE),
        ),
        SimConnector::new(
            "impulse",
            "Impulse",
            "Generates a steady stream of numbered events, for trying pipelines out",
            "testing",
            "1.0.0",
            &[],
            &[],
            icon("#7b61ff", "M6 16h6l3-7 4 14 3-7h4"),
            None,
            Some(IMPULSE_SOURCE),
            None,
            None,
        ),
        SimConnector::new(
            "webhook",
            "Webhook",
            "Sends each row to an HTTP endpoint",
            "http",
            "1.0.0",
            &["retry", "batching"],
            &["json"],
            icon("#c73a63", "M10 20a5 5 0 1 1 6-8M16 12l5 8M12 21h9"),
            None,
            None,
            Some(WEBHOOK_SINK),
            None,
        ),
        SimConnector::new(
            "filesystem",
            "Filesystem / S3",
            "Writes files to local disk, S3, GCS or Azure",
            "storage",
            "1.0.0",
            &["partitioning", "compression"],
            &["json", "parquet"],
            icon("#e47911", "M8 10h16v14H8zM8 14h16"),
            None,
            None,
            Some(FILESYSTEM_SINK),
            None,
        ),
        SimConnector::new(
            "redis",
            "Redis",
            "Writes rows as Redis strings, lists or hashes",
            "cache",
            "7.2.0",
            &["ttl"],
            &["json", "raw"],
            icon("#d82c20", "M8 12l8-4 8 4-8 4zM8 17l8 4 8-4"),
            Some(REDIS_PROFILE),
            None,
            Some(REDIS_SINK),
            None,
        ),
        SimConnector::new(
            "nats",
            "NATS",
            "Reads and publishes subjects on a NATS server",
            "messaging",
            "2.10.0",
            &["wildcards"],
            &["json", "raw"],
            icon("#27aae1", "M9 23V9l14 14V9"),
            None,
            Some(NATS_TABLE),
            Some(NATS_TABLE),
            Some(NATS_TABLE),
        ),
    ]
}

// ---------------------------------------------------------------------------------------------
// State

#[derive(Clone, Debug, PartialEq)]
struct SimProfile {
    id: String,
    name: String,
    connector: String,
    description: Option<String>,
    config: Value,
    created_ms: f64,
}

#[derive(Clone, Debug, PartialEq)]
struct SimTable {
    id: String,
    name: String,
    connector: String,
    profile_id: Option<String>,
    kind: TableKind,
    config: Value,
    schema: TableSchema,
    created_ms: f64,
}

#[derive(Clone, Debug, PartialEq)]
struct SimPipeline {
    id: String,
    name: String,
    query: String,
    /// Names of the tables it reads and writes.
    tables: Vec<String>,
    created_ms: f64,
}

/// A job's life: states with how long each lasts, then the state it stays in.
#[derive(Clone, Debug, PartialEq)]
struct SimJob {
    id: String,
    pipeline_id: String,
    run_id: u64,
    created_ms: f64,
    script: Vec<(String, f64)>,
    last: String,
    failure: Option<String>,
    tasks: u64,
    running_desired: bool,
    /// A restart replaced it at this time: Stopped from then on.
    replaced_ms: Option<f64>,
}

impl SimJob {
    /// `(state, start of Running, time the final state was reached)` at `now_ms`.
    fn at(&self, now_ms: f64) -> (String, Option<f64>, Option<f64>) {
        let mut t = self.created_ms;
        let mut running_since = None;
        for (state, dur) in &self.script {
            if state == "Running" && running_since.is_none() {
                running_since = Some(t);
            }
            if let Some(r) = self.replaced_ms.filter(|r| *r <= now_ms && *r < t + dur) {
                return ("Stopped".into(), running_since, Some(r));
            }
            if now_ms < t + dur {
                return (state.clone(), running_since.filter(|s| *s <= now_ms), None);
            }
            t += dur;
        }
        if self.last == "Running" && running_since.is_none() {
            running_since = Some(t);
        }
        if let Some(r) = self.replaced_ms.filter(|r| *r <= now_ms) {
            return ("Stopped".into(), running_since, Some(r.max(t)));
        }
        let terminal = matches!(self.last.as_str(), "Stopped" | "Failed" | "Finished");
        (self.last.clone(), running_since, terminal.then_some(t))
    }
}

/// A demo table: name, connector, profile id, side, config, schema.
type SeedTable<'a> = (
    &'a str,
    &'a str,
    Option<String>,
    TableKind,
    Value,
    TableSchema,
);

/// A table body that passed the server's checks.
struct CheckedTable {
    name: String,
    connector: String,
    profile_id: Option<String>,
    kind: TableKind,
    config: Value,
    schema: TableSchema,
}

/// The Laminar simulator.
#[derive(Clone, Debug)]
pub struct LaminarSim {
    connectors: Vec<SimConnector>,
    profiles: Vec<SimProfile>,
    tables: Vec<SimTable>,
    pipelines: Vec<SimPipeline>,
    jobs: Vec<SimJob>,
    next_id: u64,
    arroyo: bool,
}

impl Default for LaminarSim {
    fn default() -> Self {
        Self::new()
    }
}

/// How a healthy job comes up: Created → Compiling → Scheduling → Running.
fn healthy_script() -> Vec<(String, f64)> {
    vec![
        ("Created".into(), 1_500.0),
        ("Compiling".into(), 3_000.0),
        ("Scheduling".into(), 1_500.0),
    ]
}

impl LaminarSim {
    /// A simulator with the built-in catalog (Kafka, Confluent Cloud, Impulse, Webhook,
    /// Filesystem / S3, Redis, NATS) and nothing stored, answering in Laminar's shape.
    pub fn new() -> Self {
        LaminarSim {
            connectors: catalog(),
            profiles: Vec::new(),
            tables: Vec::new(),
            pipelines: Vec::new(),
            jobs: Vec::new(),
            next_id: 1,
            arroyo: false,
        }
    }

    /// Answer in Arroyo's spelling (`on`) or Laminar's: camelCase keys, bare objects for single
    /// resources, schemas as JSON strings, inline SVG icons, `{"error": "message"}` errors,
    /// filters on the catalog ignored, Arroyo-style test results.
    pub fn arroyo_variant(&mut self, on: bool) {
        self.arroyo = on;
    }

    fn id(&mut self, prefix: &str) -> String {
        let id = format!("{prefix}_{:010x}", 0x5eed_0000u64 + self.next_id * 7919);
        self.next_id += 1;
        id
    }

    fn connector(&self, id: &str) -> Option<&SimConnector> {
        self.connectors.iter().find(|c| c.id == id)
    }

    fn insert_profile(
        &mut self,
        name: &str,
        connector: &str,
        config: Value,
        created_ms: f64,
    ) -> String {
        let id = self.id("prof");
        let description = self.describe(connector, &config);
        self.profiles.push(SimProfile {
            id: id.clone(),
            name: name.into(),
            connector: connector.into(),
            description,
            config,
            created_ms,
        });
        id
    }

    fn insert_pipeline(
        &mut self,
        name: &str,
        query: &str,
        tables: &[&str],
        created_ms: f64,
    ) -> String {
        let id = self.id("pipe");
        self.pipelines.push(SimPipeline {
            id: id.clone(),
            name: name.into(),
            query: query.into(),
            tables: tables.iter().map(|t| t.to_string()).collect(),
            created_ms,
        });
        id
    }

    fn start_job(
        &mut self,
        pipeline_id: &str,
        at_ms: f64,
        script: Vec<(String, f64)>,
        last: &str,
        failure: Option<String>,
        running_desired: bool,
    ) {
        let run_id = self
            .jobs
            .iter()
            .filter(|j| j.pipeline_id == pipeline_id)
            .map(|j| j.run_id)
            .max()
            .unwrap_or(0)
            + 1;
        let id = self.id("job");
        self.jobs.push(SimJob {
            id,
            pipeline_id: pipeline_id.into(),
            run_id,
            created_ms: at_ms,
            script,
            last: last.into(),
            failure,
            tasks: 4,
            running_desired,
            replaced_ms: None,
        });
    }

    /// Why a pipeline's job fails: a table whose profile points at an unreachable host.
    fn pipeline_failure(&self, pipeline_id: &str) -> Option<String> {
        let p = self.pipelines.iter().find(|p| p.id == pipeline_id)?;
        p.tables.iter().find_map(|t| {
            let table = self.tables.iter().find(|x| &x.name == t)?;
            let host = table
                .profile_id
                .as_ref()
                .and_then(|pid| self.profiles.iter().find(|p| &p.id == pid))
                .and_then(|p| unreachable_host(&p.config))
                .or_else(|| unreachable_host(&table.config))?;
            Some(format!(
                "Source '{}' failed: could not connect to {host}: failed to resolve host (the name does not exist). The job stopped after 3 attempts.",
                table.name
            ))
        })
    }

    /// A one-line description of a profile, like Arroyo's generated ones.
    fn describe(&self, connector: &str, config: &Value) -> Option<String> {
        let find = |keys: &[&str]| {
            keys.iter()
                .find_map(|k| config.pointer(k)?.as_str().map(str::to_string))
        };
        let main =
            find(&["/bootstrapServers", "/connection/address", "/endpoint"]).or_else(|| {
                config
                    .pointer("/connection/addresses")?
                    .as_array()
                    .map(|a| {
                        a.iter()
                            .filter_map(Value::as_str)
                            .collect::<Vec<_>>()
                            .join(",")
                    })
            })?;
        let auth = config
            .pointer("/authentication/protocol")
            .and_then(Value::as_str)
            .map(|p| format!("{p} "))
            .unwrap_or_default();
        let name = self
            .connector(connector)
            .map(|c| c.name)
            .unwrap_or(connector);
        Some(format!("{name}: {auth}{main}"))
    }

    // -----------------------------------------------------------------------------------------
    // Requests

    /// An error in the active shape.
    fn error(
        &self,
        status: u16,
        code: &str,
        message: &str,
        details: Option<Value>,
    ) -> HttpResponse {
        if self.arroyo {
            return HttpResponse::json(status, &json!({ "error": message }));
        }
        let mut e = json!({ "code": code, "message": message });
        if let Some(d) = details {
            e["details"] = d;
        }
        HttpResponse::json(status, &json!({ "error": e }))
    }

    /// Config problems as a 400: Laminar lists each field's pointer; Arroyo prints a serde-like
    /// "missing field" message for the first missing key, else the first problem.
    fn invalid(&self, problems: Vec<(String, String)>) -> HttpResponse {
        if self.arroyo {
            let first = problems
                .iter()
                .find(|(p, m)| {
                    m.ends_with("is required.")
                        && p.starts_with("/config/")
                        && p[8..].find('/').is_none()
                })
                .map(|(p, _)| {
                    format!(
                        "Invalid config: Error(\"missing field `{}`\", line: 0, column: 0)",
                        &p[8..]
                    )
                })
                .unwrap_or_else(|| {
                    let (p, m) = &problems[0];
                    format!("Invalid config: {p}: {m}")
                });
            return HttpResponse::json(400, &json!({ "error": first }));
        }
        let fields: Vec<Value> = problems
            .iter()
            .map(|(p, m)| json!({ "field": p, "message": m }))
            .collect();
        let n = fields.len();
        self.error(
            400,
            "VALIDATION_ERROR",
            &format!(
                "The configuration has {n} problem{}",
                if n == 1 { "" } else { "s" }
            ),
            Some(json!({ "fields": fields })),
        )
    }

    /// A single resource: `{"data": …}` for Laminar, bare for Arroyo.
    fn one(&self, v: Value) -> HttpResponse {
        if self.arroyo {
            HttpResponse::json(200, &v)
        } else {
            HttpResponse::json(200, &json!({ "data": v }))
        }
    }

    fn deleted(&self, what: &str) -> HttpResponse {
        if self.arroyo {
            HttpResponse {
                status: 200,
                headers: Vec::new(),
                body: String::new(),
            }
        } else {
            HttpResponse::json(
                200,
                &json!({"data": {"message": format!("{what} deleted successfully")}}),
            )
        }
    }

    /// The catalog body, written as text so the schemas keep their order.
    fn get_connectors(&self, req: &HttpRequest) -> HttpResponse {
        // Arroyo's endpoint takes no filters.
        let category = req.query_value("category").filter(|_| !self.arroyo);
        let kind = req
            .query_value("type")
            .filter(|_| !self.arroyo)
            .map(|k| TableKind::parse(k).ok_or(k));
        let mut items = Vec::new();
        for c in &self.connectors {
            if category.is_some_and(|want| !c.category.eq_ignore_ascii_case(want)) {
                continue;
            }
            match kind {
                Some(Ok(k)) if !c.supports(k) => continue,
                Some(Err(_)) => continue,
                _ => {}
            }
            items.push(if self.arroyo {
                arroyo_connector_text(c)
            } else {
                laminar_connector_text(c)
            });
        }
        HttpResponse {
            status: 200,
            headers: vec![("content-type".into(), "application/json".into())],
            body: format!("{{\"data\":[{}]}}", items.join(",")),
        }
    }

    // -----------------------------------------------------------------------------------------
    // Profiles

    fn render_profile(&self, p: &SimProfile) -> Value {
        // Secrets never come back (Laminar's documented answers leave them out).
        let config = match self
            .connector(&p.connector)
            .and_then(|c| c.profile_node.as_ref())
        {
            Some(node) => strip_secrets(node, &p.config),
            None => p.config.clone(),
        };
        if self.arroyo {
            json!({
                "id": p.id, "name": p.name, "connector": p.connector, "config": config,
                "description": p.description.clone().unwrap_or_default(),
            })
        } else {
            json!({
                "id": p.id, "name": p.name, "connector": p.connector, "description": p.description,
                "config": config,
                "created_at": iso_timestamp(p.created_ms), "updated_at": iso_timestamp(p.created_ms),
            })
        }
    }

    fn list_profiles(&self) -> HttpResponse {
        let data: Vec<Value> = self
            .profiles
            .iter()
            .map(|p| self.render_profile(p))
            .collect();
        HttpResponse::json(200, &json!({ "data": data }))
    }

    /// Checks a profile body; returns the connector's profile schema and the cleaned config.
    fn check_profile(&self, body: &Value) -> Result<(String, String, Value), HttpResponse> {
        let connector = body
            .get("connector")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let Some(c) = self.connector(connector) else {
            let msg = if self.arroyo {
                "Unknown connector type".to_string()
            } else {
                format!("Unknown connector '{connector}'")
            };
            return Err(self.error(400, "UNKNOWN_CONNECTOR", &msg, None));
        };
        let Some(node) = c.profile_node.as_ref() else {
            return Err(self.error(
                400,
                "NO_PROFILE",
                &format!("{} does not use connection profiles", c.name),
                None,
            ));
        };
        let name = body
            .get("name")
            .and_then(Value::as_str)
            .map(str::trim)
            .unwrap_or_default();
        // Lenient like a real server: blanks count as absent (what the console's clean sends).
        let config = match body.get("config") {
            Some(c @ Value::Object(_)) => clean(node, c),
            other => other.cloned().unwrap_or(Value::Null),
        };
        let mut problems: Vec<(String, String)> = Vec::new();
        if name.is_empty() {
            problems.push(("/name".into(), "Name is required.".into()));
        }
        if !config.is_object() {
            problems.push(("/config".into(), "The config must be an object.".into()));
        } else {
            problems.extend(
                validate(node, &config)
                    .into_iter()
                    .map(|e| (format!("/config{}", e.pointer), e.message)),
            );
        }
        if !problems.is_empty() {
            return Err(self.invalid(problems));
        }
        Ok((
            name.to_string(),
            connector.to_string(),
            clean(node, &config),
        ))
    }

    fn create_profile(&mut self, body: &Value, now_ms: f64) -> HttpResponse {
        let (name, connector, config) = match self.check_profile(body) {
            Ok(ok) => ok,
            Err(resp) => return resp,
        };
        if self
            .profiles
            .iter()
            .any(|p| p.name.eq_ignore_ascii_case(&name))
        {
            return self.error(
                409,
                "CONFLICT",
                &format!("A connection profile named '{name}' already exists"),
                None,
            );
        }
        let id = self.insert_profile(&name, &connector, config, now_ms);
        if let Some(d) = body
            .get("description")
            .and_then(Value::as_str)
            .filter(|d| !d.trim().is_empty())
        {
            if let Some(p) = self.profiles.iter_mut().find(|p| p.id == id) {
                p.description = Some(d.to_string());
            }
        }
        let p = self.profiles.iter().find(|p| p.id == id).cloned();
        match p {
            Some(p) => {
                let v = self.render_profile(&p);
                self.one(v)
            }
            None => self.error(500, "INTERNAL", "Something went wrong", None),
        }
    }

    fn test_profile(&self, body: &Value) -> HttpResponse {
        let (_, connector, config) = match self.check_profile(body) {
            Ok(ok) => ok,
            Err(resp) => return resp,
        };
        let name = self
            .connector(&connector)
            .map(|c| c.name)
            .unwrap_or_default();
        let hosts = hosts_of(&config);
        if let Some(bad) = unreachable_host(&config) {
            let reason = format!("Could not resolve {bad}: the name does not exist. Check the address and your network.");
            if self.arroyo {
                return HttpResponse::json(
                    200,
                    &json!({"error": true, "done": true, "message": format!("Failed to connect to {name}. {reason}")}),
                );
            }
            return self.error(
                400,
                "CONNECTION_FAILED",
                &format!("Failed to connect to {name}"),
                Some(json!({ "reason": reason })),
            );
        }
        let target = if hosts.is_empty() {
            name.to_string()
        } else {
            hosts.join(", ")
        };
        let message = format!("Successfully connected to {target}");
        if self.arroyo {
            HttpResponse::json(
                200,
                &json!({"error": false, "done": true, "message": message}),
            )
        } else {
            let version = self
                .connector(&connector)
                .map(|c| c.version)
                .unwrap_or_default();
            HttpResponse::json(
                200,
                &json!({"data": {"success": true, "message": message, "details": {"latency_ms": 12, "version": version}}}),
            )
        }
    }

    fn delete_profile(&mut self, id: &str) -> HttpResponse {
        let Some(i) = self.profiles.iter().position(|p| p.id == id) else {
            return self.error(404, "NOT_FOUND", "Connection profile not found", None);
        };
        let users: Vec<&str> = self
            .tables
            .iter()
            .filter(|t| t.profile_id.as_deref() == Some(id))
            .map(|t| t.name.as_str())
            .collect();
        if !users.is_empty() {
            return self.error(
                409,
                "CONFLICT",
                &format!(
                    "Connection profile is in use by connection tables: {}",
                    users.join(", ")
                ),
                None,
            );
        }
        self.profiles.remove(i);
        self.deleted("Connection profile")
    }

    fn autocomplete(&self, id: &str, req: &HttpRequest) -> HttpResponse {
        let Some(p) = self.profiles.iter().find(|p| p.id == id) else {
            return self.error(404, "NOT_FOUND", "Connection profile not found", None);
        };
        if let Some(bad) = unreachable_host(&p.config) {
            return self.error(
                400,
                "AUTOCOMPLETE_FAILED",
                &format!("Failed to get autocomplete suggestions: could not resolve {bad}"),
                None,
            );
        }
        let topics: &[&str] = match p.connector.as_str() {
            "kafka" | "confluent" => &["clickstream", "inventory-updates", "orders", "payments"],
            _ => &[],
        };
        let prefix = req.query_value("prefix").unwrap_or_default();
        let topics: Vec<&str> = topics
            .iter()
            .copied()
            .filter(|t| t.starts_with(prefix))
            .collect();
        if self.arroyo {
            let mut values = Map::new();
            if !topics.is_empty() {
                values.insert("topic".into(), json!(topics));
            }
            HttpResponse::json(200, &json!({ "values": values }))
        } else {
            let suggestions: Vec<Value> = topics
                .iter()
                .map(|t| json!({"value": t, "label": t, "type": "topic", "metadata": {"partitions": 6}}))
                .collect();
            HttpResponse::json(200, &json!({"data": {"suggestions": suggestions}}))
        }
    }

    // -----------------------------------------------------------------------------------------
    // Tables

    /// Checks a table body the way the server would. Returns everything needed to store it.
    fn check_table(&self, body: &Value) -> Result<CheckedTable, HttpResponse> {
        let connector = body
            .get("connector")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let Some(c) = self.connector(connector) else {
            return Err(self.error(
                400,
                "UNKNOWN_CONNECTOR",
                &format!("Unknown connector '{connector}'"),
                None,
            ));
        };
        let profile_id = body
            .get("connection_profile_id")
            .or_else(|| body.get("connectionProfileId"))
            .and_then(Value::as_str)
            .filter(|p| !p.is_empty());
        let profile = match (profile_id, c.profile_node.is_some()) {
            (None, true) => {
                return Err(self.error(
                    400,
                    "PROFILE_REQUIRED",
                    "this connector requires a connection profile, but `connectionProfileId` was not specified",
                    None,
                ))
            }
            (Some(pid), _) => match self.profiles.iter().find(|p| p.id == pid) {
                None => {
                    return Err(self.error(400, "PROFILE_NOT_FOUND", &format!("No connection profile with id '{pid}'"), None))
                }
                Some(p) if p.connector != c.id => {
                    return Err(self.error(
                        400,
                        "PROFILE_MISMATCH",
                        &format!(
                            "Stored connection has a different connector than requested (found {}, expected {})",
                            p.connector, c.id
                        ),
                        None,
                    ))
                }
                Some(p) => Some(p.id.clone()),
            },
            (None, false) => None,
        };
        let config = body.get("config").cloned().unwrap_or(Value::Null);
        let explicit = body
            .get("table_type")
            .or_else(|| body.get("tableType"))
            .and_then(Value::as_str);
        // Laminar names the side; Arroyo reads it from the config's Source/Sink variant.
        let (kind, node) = match explicit.map(|t| TableKind::parse(t).ok_or(t)) {
            Some(Err(t)) => {
                return Err(self.error(
                    400,
                    "INVALID_TABLE_TYPE",
                    &format!("Invalid table type '{t}'"),
                    None,
                ))
            }
            Some(Ok(k)) if !c.supports(k) => {
                return Err(self.error(
                    400,
                    "INVALID_TABLE_TYPE",
                    &format!("{} cannot be used as a {}", c.name, k.as_str()),
                    None,
                ))
            }
            Some(Ok(k)) => (k, c.side_node(k).or(c.table_node.as_ref())),
            None => {
                let node = c.table_node.as_ref();
                let kind = match (c.source.is_some(), c.sink.is_some()) {
                    (true, false) => TableKind::Source,
                    (false, true) => TableKind::Sink,
                    _ => node
                        .and_then(|n| side_from_config(n, &config))
                        .unwrap_or(TableKind::Source),
                };
                (kind, node)
            }
        };
        let Some(node) = node else {
            return Err(self.error(500, "INTERNAL", "Something went wrong", None));
        };
        // Lenient like a real server: blanks count as absent (what the console's clean sends).
        let config = if config.is_object() {
            clean(node, &config)
        } else {
            config
        };
        let name = body
            .get("name")
            .and_then(Value::as_str)
            .map(str::trim)
            .unwrap_or_default();
        let mut problems: Vec<(String, String)> = Vec::new();
        if name.is_empty() {
            problems.push(("/name".into(), "Name is required.".into()));
        }
        if config.is_object() {
            problems.extend(
                validate(node, &config)
                    .into_iter()
                    .map(|e| (format!("/config{}", e.pointer), e.message)),
            );
        } else {
            problems.push(("/config".into(), "The config must be an object.".into()));
        }
        // The schema, with the top-level keys Laminar's reference documents.
        let mut schema = body
            .get("schema")
            .map(TableSchema::from_value)
            .unwrap_or_default();
        for (key, slot) in [
            ("event_time_field", &mut schema.event_time_field),
            ("watermark_delay", &mut schema.watermark_delay),
        ] {
            if let Some(v) = body.get(key).and_then(Value::as_str) {
                *slot = Some(v.to_string());
            }
        }
        schema.table_type = Some(kind.as_str().into());
        let formats: Vec<String> = c.formats.iter().map(|f| f.to_string()).collect();
        if let ([only], None) = (c.formats, &schema.format) {
            schema.format = Some(only.to_string());
        }
        if c.custom_schemas && schema.format.is_none() {
            problems.push((
                "/schema/format".into(),
                format!("Choose a format: {}.", formats.join(", ")),
            ));
        }
        problems.extend(
            schema
                .problems(&formats)
                .into_iter()
                .map(|e| (e.key, e.message)),
        );
        if !problems.is_empty() {
            return Err(self.invalid(problems));
        }
        Ok(CheckedTable {
            name: name.to_string(),
            connector: c.id.to_string(),
            profile_id: profile,
            kind,
            config,
            schema,
        })
    }

    fn render_table(&self, t: &SimTable) -> Value {
        let profile = t
            .profile_id
            .as_ref()
            .and_then(|id| self.profiles.iter().find(|p| &p.id == id));
        // Like profiles, a table's secrets are never returned.
        let config = match self
            .connector(&t.connector)
            .and_then(|c| c.side_node(t.kind).or(c.table_node.as_ref()))
        {
            Some(node) => strip_secrets(node, &t.config),
            None => strip_secrets(&Node::new_json(), &t.config),
        };
        let format = t
            .schema
            .format
            .as_ref()
            .map(|f| json!({ f: t.schema.format_options }));
        if self.arroyo {
            let fields: Vec<Value> = t
                .schema
                .fields
                .iter()
                .map(|f| json!({"name": f.name, "type": arroyo_type(&f.data_type), "required": !f.nullable, "sqlName": f.data_type}))
                .collect();
            json!({
                "id": t.id, "name": t.name, "createdAt": (t.created_ms * 1000.0) as u64,
                "connector": t.connector,
                "connectionProfile": profile.map(|p| self.render_profile(p)),
                "tableType": t.kind.as_str(), "config": config,
                "schema": {"format": format, "fields": fields, "primaryKeys": []},
                "consumers": self.consumers(&t.name),
            })
        } else {
            let mut schema = json!({ "fields": t.schema.fields.iter().map(|f| f.to_value()).collect::<Vec<_>>() });
            if let Some(f) = format {
                schema["format"] = f;
            }
            json!({
                "id": t.id, "name": t.name, "connector": t.connector,
                "connection_profile_id": t.profile_id, "table_type": t.kind.as_str(),
                "schema": schema, "config": config,
                "event_time_field": t.schema.event_time_field, "watermark_delay": t.schema.watermark_delay,
                "created_at": iso_timestamp(t.created_ms), "updated_at": iso_timestamp(t.created_ms),
            })
        }
    }

    fn consumers(&self, table: &str) -> usize {
        self.pipelines
            .iter()
            .filter(|p| p.tables.iter().any(|t| t == table))
            .count()
    }

    fn list_tables(&self) -> HttpResponse {
        let data: Vec<Value> = self.tables.iter().map(|t| self.render_table(t)).collect();
        let n = data.len();
        if self.arroyo {
            HttpResponse::json(200, &json!({ "data": data, "hasMore": false }))
        } else {
            HttpResponse::json(
                200,
                &json!({ "data": data, "meta": {"total": n, "limit": 100, "offset": 0} }),
            )
        }
    }

    fn create_table(&mut self, body: &Value, now_ms: f64) -> HttpResponse {
        let CheckedTable {
            name,
            connector,
            profile_id,
            kind,
            config,
            schema,
        } = match self.check_table(body) {
            Ok(ok) => ok,
            Err(resp) => return resp,
        };
        if self
            .tables
            .iter()
            .any(|t| t.name.eq_ignore_ascii_case(&name))
        {
            return self.error(
                409,
                "CONFLICT",
                &format!("A connection table named '{name}' already exists"),
                None,
            );
        }
        let id = self.id("tbl");
        let table = SimTable {
            id,
            name,
            connector,
            profile_id,
            kind,
            config,
            schema,
            created_ms: now_ms,
        };
        let v = self.render_table(&table);
        self.tables.push(table);
        self.one(v)
    }

    /// The streamed table test: several progress messages, then a final `done` one.
    fn test_table(&self, body: &Value) -> HttpResponse {
        let CheckedTable {
            name,
            connector,
            profile_id,
            kind,
            config,
            schema,
        } = match self.check_table(body) {
            Ok(ok) => ok,
            Err(resp) => return resp,
        };
        let c = self.connector(&connector);
        let cname = c.map(|c| c.name).unwrap_or_default();
        let profile_config = profile_id
            .as_ref()
            .and_then(|id| self.profiles.iter().find(|p| &p.id == id))
            .map(|p| p.config.clone())
            .unwrap_or(Value::Null);
        let mut hosts = hosts_of(&profile_config);
        hosts.extend(hosts_of(&config));
        let target = config
            .get("topic")
            .or_else(|| config.get("path"))
            .or_else(|| config.get("endpoint"))
            .and_then(Value::as_str)
            .map(str::to_string);
        let mut msgs: Vec<Value> = Vec::new();
        let info = |m: String| json!({"error": false, "done": false, "message": m});
        if hosts.is_empty() {
            msgs.push(info(format!("Checking the {cname} configuration…")));
        } else {
            msgs.push(info(format!("Connecting to {}…", hosts.join(", "))));
        }
        let bad = unreachable_host(&profile_config).or_else(|| unreachable_host(&config));
        if let Some(bad) = bad {
            msgs.push(json!({"error": true, "done": true, "message": format!("Failed to connect to {bad}: the name does not resolve. Check the profile's servers.")}));
        } else {
            if !hosts.is_empty() {
                msgs.push(info(format!("Connected to {}.", hosts[0])));
            }
            match kind {
                TableKind::Source => {
                    let from = target.map(|t| format!(" from “{t}”")).unwrap_or_default();
                    msgs.push(info(format!("Fetched 3 messages{from}.")));
                    let cols: Vec<&str> = schema.fields.iter().map(|f| f.name.as_str()).collect();
                    msgs.push(info(if cols.is_empty() {
                        "Inferred schema: 2 fields (id, value).".to_string()
                    } else {
                        format!(
                            "Inferred schema: {} fields ({}) match the table.",
                            cols.len(),
                            cols.join(", ")
                        )
                    }));
                    msgs.push(json!({"error": false, "done": true, "message": format!("Table “{name}” can be read.")}));
                }
                TableKind::Sink => {
                    let to = target.map(|t| format!(" to “{t}”")).unwrap_or_default();
                    msgs.push(info(format!(
                        "Checked write access{to}; nothing was written."
                    )));
                    msgs.push(json!({"error": false, "done": true, "message": format!("Table “{name}” can be written.")}));
                }
            }
        }
        let mut text = String::from(": test stream\n\n");
        for m in msgs {
            text.push_str(&format!("data: {m}\n\n"));
        }
        HttpResponse {
            status: 200,
            headers: vec![
                ("content-type".into(), "text/event-stream".into()),
                ("cache-control".into(), "no-cache".into()),
            ],
            body: text,
        }
    }

    fn delete_table(&mut self, id: &str) -> HttpResponse {
        let Some(i) = self.tables.iter().position(|t| t.id == id) else {
            return self.error(404, "NOT_FOUND", "Connection table not found", None);
        };
        let name = self.tables[i].name.clone();
        let users: Vec<&str> = self
            .pipelines
            .iter()
            .filter(|p| p.tables.contains(&name))
            .map(|p| p.name.as_str())
            .collect();
        if !users.is_empty() {
            return self.error(
                409,
                "CONFLICT",
                &format!(
                    "Connection table is in use by pipelines: {}",
                    users.join(", ")
                ),
                None,
            );
        }
        self.tables.remove(i);
        self.deleted("Connection table")
    }

    // -----------------------------------------------------------------------------------------
    // Pipelines and jobs

    fn latest_job(&self, pipeline_id: &str) -> Option<&SimJob> {
        self.jobs
            .iter()
            .filter(|j| j.pipeline_id == pipeline_id)
            .max_by_key(|j| j.run_id)
    }

    fn render_pipeline(&self, p: &SimPipeline, now_ms: f64) -> Value {
        let state = self
            .latest_job(&p.id)
            .map(|j| j.at(now_ms).0)
            .unwrap_or_else(|| "Created".into());
        let stopping = matches!(
            state.as_str(),
            "CheckpointStopping" | "Stopping" | "Stopped"
        );
        let stop = if stopping { "checkpoint" } else { "none" };
        let busy = crate::vendors::laminar::wire::job_is_transitional(&state);
        if self.arroyo {
            json!({
                "id": p.id, "name": p.name, "query": p.query, "udfs": [],
                "checkpointIntervalMicros": 10_000_000u64, "stop": stop,
                "createdAt": (p.created_ms * 1000.0) as u64, "action": Value::Null,
                "actionText": state, "actionInProgress": busy,
                "graph": {"nodes": [], "edges": []}, "preview": false,
            })
        } else {
            json!({
                "id": p.id, "name": p.name, "query": p.query, "udfs": [],
                "checkpoint_interval_micros": 10_000_000u64, "parallelism": 4, "stop": stop,
                "created_at": p.created_ms as u64, "action": Value::Null,
                "action_text": state, "action_in_progress": busy, "preview": false,
            })
        }
    }

    fn list_pipelines(&self, now_ms: f64) -> HttpResponse {
        let data: Vec<Value> = self
            .pipelines
            .iter()
            .map(|p| self.render_pipeline(p, now_ms))
            .collect();
        let more = if self.arroyo { "hasMore" } else { "has_more" };
        HttpResponse::json(200, &json!({ "data": data, more: false }))
    }

    fn render_job(&self, j: &SimJob, now_ms: f64) -> Value {
        let (state, started, finished) = j.at(now_ms);
        let failure = j
            .failure
            .clone()
            .filter(|_| matches!(state.as_str(), "Failing" | "Failed"));
        if self.arroyo {
            let us = |ms: f64| (ms * 1000.0) as u64;
            json!({
                "id": j.id, "runningDesired": j.running_desired, "state": state, "runId": j.run_id,
                "startTime": started.map(us), "finishTime": finished.map(us), "tasks": j.tasks,
                "failureMessage": failure, "createdAt": us(j.created_ms),
            })
        } else {
            json!({
                "id": j.id, "pipeline_id": j.pipeline_id, "running_desired": j.running_desired,
                "state": state, "run_id": j.run_id, "start_time": started.map(|s| s as u64),
                "finish_time": finished.map(|s| s as u64), "tasks": j.tasks,
                "failure_message": failure, "created_at": j.created_ms as u64,
            })
        }
    }

    fn list_jobs(&self, pipeline_id: Option<&str>, now_ms: f64) -> HttpResponse {
        if let Some(pid) = pipeline_id {
            if !self.pipelines.iter().any(|p| p.id == pid) {
                return self.error(404, "NOT_FOUND", "Pipeline not found", None);
            }
        }
        let mut jobs: Vec<&SimJob> = self
            .jobs
            .iter()
            .filter(|j| pipeline_id.is_none_or(|p| j.pipeline_id == p))
            .collect();
        jobs.sort_by(|a, b| {
            b.created_ms
                .total_cmp(&a.created_ms)
                .then(b.run_id.cmp(&a.run_id))
        });
        let data: Vec<Value> = jobs.iter().map(|j| self.render_job(j, now_ms)).collect();
        HttpResponse::json(200, &json!({ "data": data }))
    }

    /// `POST /pipelines/{id}/restart`: the running job is replaced by a new run, which comes up
    /// again (and fails again while its tables point at unreachable hosts).
    fn restart(&mut self, id: &str, now_ms: f64) -> HttpResponse {
        if !self.pipelines.iter().any(|p| p.id == id) {
            return self.error(404, "NOT_FOUND", "Pipeline not found", None);
        }
        for j in self.jobs.iter_mut().filter(|j| j.pipeline_id == id) {
            let (state, _, _) = j.at(now_ms);
            if !matches!(state.as_str(), "Stopped" | "Failed" | "Finished") {
                j.replaced_ms = Some(now_ms);
            }
        }
        let failure = self.pipeline_failure(id);
        let mut script = healthy_script();
        let last = if failure.is_some() {
            script.push(("Running".into(), 4_000.0));
            script.push(("Failing".into(), 2_000.0));
            "Failed"
        } else {
            "Running"
        };
        self.start_job(id, now_ms, script, last, failure, true);
        let job_id = self.jobs.last().map(|j| j.id.clone()).unwrap_or_default();
        HttpResponse::json(
            200,
            &json!({"message": "Pipeline restart initiated", "job_id": job_id}),
        )
    }

    // -----------------------------------------------------------------------------------------
    // Persistence
}

impl Simulator for LaminarSim {
    /// Answers one request at time `now_ms` (milliseconds since the Unix epoch). Paths may
    /// start with `/api/v1` or `/v1`.
    fn handle(&mut self, req: &HttpRequest, now_ms: f64) -> HttpResponse {
        let rest = req
            .path
            .strip_prefix("/api/v1")
            .or_else(|| req.path.strip_prefix("/v1"))
            .unwrap_or("");
        let segments: Vec<String> = rest
            .split('/')
            .filter(|s| !s.is_empty())
            .map(percent_decode)
            .collect();
        let seg: Vec<&str> = segments.iter().map(String::as_str).collect();
        let body = req.body.clone().unwrap_or(Value::Null);
        match (req.method, seg.as_slice()) {
            (Method::Get, ["connectors"]) => self.get_connectors(req),
            (Method::Get, ["connection_profiles"]) => self.list_profiles(),
            (Method::Post, ["connection_profiles"]) => self.create_profile(&body, now_ms),
            (Method::Post, ["connection_profiles", "test"]) => self.test_profile(&body),
            (Method::Delete, ["connection_profiles", id]) => self.delete_profile(id),
            (Method::Get, ["connection_profiles", id, "autocomplete"]) => {
                self.autocomplete(id, req)
            }
            (Method::Get, ["connection_tables"]) => self.list_tables(),
            (Method::Post, ["connection_tables"]) => self.create_table(&body, now_ms),
            (Method::Post, ["connection_tables", "test"]) => self.test_table(&body),
            (Method::Delete, ["connection_tables", id]) => self.delete_table(id),
            (Method::Get, ["pipelines"]) => self.list_pipelines(now_ms),
            (Method::Get, ["pipelines", id]) => match self.pipelines.iter().find(|p| p.id == *id) {
                Some(p) => {
                    let v = self.render_pipeline(p, now_ms);
                    self.one(v)
                }
                None => self.error(404, "NOT_FOUND", "Pipeline not found", None),
            },
            (Method::Get, ["pipelines", id, "jobs"]) => self.list_jobs(Some(id), now_ms),
            (Method::Post, ["pipelines", id, "restart"]) => self.restart(id, now_ms),
            (Method::Get, ["jobs"]) => self.list_jobs(None, now_ms),
            (
                _,
                []
                | ["connectors" | "connection_profiles" | "connection_tables" | "pipelines" | "jobs", ..],
            ) => self.error(405, "METHOD_NOT_ALLOWED", "Method not allowed", None),
            _ => self.error(404, "NOT_FOUND", "Route not found", None),
        }
    }

    /// Adds demo data: three profiles (one pointing at an unreachable broker), five tables,
    /// and four pipelines whose jobs, starting now, show every kind of life: one has run for a
    /// day, one comes up (Created → Compiling → Scheduling → Running), one comes up and then
    /// fails (Failing → Failed, with a failure message), one is being stopped
    /// (CheckpointStopping → Stopping → Stopped).
    fn seed_demo(&mut self, now_ms: f64) {
        let day = 86_400_000.0;
        let created = now_ms - day;
        let kafka = self.insert_profile(
            "production-kafka",
            "kafka",
            json!({
                "bootstrapServers": "broker-1.kafka.internal:9092,broker-2.kafka.internal:9092",
                "authentication": {"protocol": "SASL_SSL", "mechanism": "SCRAM-SHA-256", "username": "laminar", "password": "{{ KAFKA_PASSWORD }}"},
                "connectionProperties": {"socket.timeout.ms": "60000"}
            }),
            created,
        );
        let legacy = self.insert_profile(
            "legacy-kafka",
            "kafka",
            json!({"bootstrapServers": "old-broker.unreachable.invalid:9092", "authentication": {}}),
            created,
        );
        let redis = self.insert_profile(
            "cache-redis",
            "redis",
            json!({"connection": {"address": "redis://cache.internal:6379"}, "password": "demo-password"}),
            created,
        );
        let fields = |cols: &[(&str, &str, bool)]| {
            cols.iter()
                .map(|(n, t, null)| SchemaField {
                    name: n.to_string(),
                    data_type: t.to_string(),
                    nullable: *null,
                })
                .collect::<Vec<_>>()
        };
        let tables: Vec<SeedTable> = vec![
            (
                "orders",
                "kafka",
                Some(kafka.clone()),
                TableKind::Source,
                json!({"topic": "orders", "type": {"offset": "earliest", "read_mode": "read_committed"}}),
                TableSchema {
                    format: Some("json".into()),
                    fields: fields(&[
                        ("order_id", "BIGINT", false),
                        ("customer_id", "BIGINT", false),
                        ("amount", "DOUBLE", false),
                        ("created_at", "TIMESTAMP", false),
                    ]),
                    event_time_field: Some("created_at".into()),
                    watermark_delay: Some("5 seconds".into()),
                    ..Default::default()
                },
            ),
            (
                "legacy_events",
                "kafka",
                Some(legacy),
                TableKind::Source,
                json!({"topic": "events", "type": {"offset": "latest"}}),
                TableSchema {
                    format: Some("json".into()),
                    fields: fields(&[("id", "BIGINT", false), ("payload", "JSON", true)]),
                    ..Default::default()
                },
            ),
            (
                "order_totals",
                "redis",
                Some(redis),
                TableKind::Sink,
                json!({"target": {"keyPrefix": "totals:", "keyColumn": "customer_id"}}),
                TableSchema {
                    format: Some("json".into()),
                    fields: fields(&[("customer_id", "BIGINT", false), ("total", "DOUBLE", false)]),
                    ..Default::default()
                },
            ),
            (
                "ticks",
                "impulse",
                None,
                TableKind::Source,
                json!({"event_rate": 10}),
                TableSchema::default(),
            ),
            (
                "alerts_webhook",
                "webhook",
                None,
                TableKind::Sink,
                json!({"endpoint": "https://hooks.example.com/alerts", "method": "POST", "retry_count": 3}),
                TableSchema {
                    format: Some("json".into()),
                    fields: fields(&[("message", "STRING", false)]),
                    ..Default::default()
                },
            ),
        ];
        for (name, connector, profile_id, kind, config, schema) in tables {
            let id = self.id("tbl");
            self.tables.push(SimTable {
                id,
                name: name.into(),
                connector: connector.into(),
                profile_id,
                kind,
                config,
                schema,
                created_ms: created,
            });
        }
        let p1 = self.insert_pipeline(
            "order_totals",
            "INSERT INTO order_totals SELECT customer_id, sum(amount) AS total FROM orders GROUP BY customer_id, tumble(interval '1 minute')",
            &["orders", "order_totals"],
            created,
        );
        self.start_job(&p1, created, healthy_script(), "Running", None, true);
        let p2 = self.insert_pipeline(
            "tick_alerts",
            "INSERT INTO alerts_webhook SELECT concat('tick ', counter) AS message FROM ticks",
            &["ticks", "alerts_webhook"],
            now_ms,
        );
        self.start_job(&p2, now_ms, healthy_script(), "Running", None, true);
        let p3 = self.insert_pipeline(
            "legacy_replay",
            "SELECT id, payload FROM legacy_events",
            &["legacy_events"],
            now_ms,
        );
        let mut script = healthy_script();
        script.push(("Running".into(), 6_000.0));
        script.push(("Failing".into(), 2_000.0));
        let failure = self.pipeline_failure(&p3);
        self.start_job(&p3, now_ms, script, "Failed", failure, true);
        let p4 = self.insert_pipeline(
            "session_rollup",
            "SELECT customer_id, count(*) FROM orders GROUP BY customer_id, session(interval '30 minutes')",
            &["orders"],
            now_ms,
        );
        let mut script = healthy_script();
        script.push(("Running".into(), 5_000.0));
        script.push(("CheckpointStopping".into(), 2_000.0));
        script.push(("Stopping".into(), 1_500.0));
        self.start_job(&p4, now_ms, script, "Stopped", None, false);
    }

    /// Everything stored, without secrets (each profile config loses its schema's secret
    /// values), for keeping a demo across reloads.
    fn export_state(&self) -> Value {
        let profiles: Vec<Value> = self
            .profiles
            .iter()
            .map(|p| {
                let config = match self.connector(&p.connector).and_then(|c| c.profile_node.as_ref()) {
                    Some(node) => strip_secrets(node, &p.config),
                    None => strip_secrets(&Node::new_json(), &p.config),
                };
                json!({"id": p.id, "name": p.name, "connector": p.connector, "description": p.description, "config": config, "created_ms": p.created_ms})
            })
            .collect();
        let tables: Vec<Value> = self
            .tables
            .iter()
            .map(|t| {
                let config = match self.connector(&t.connector).and_then(|c| c.table_node.as_ref()) {
                    Some(node) => strip_secrets(node, &t.config),
                    None => strip_secrets(&Node::new_json(), &t.config),
                };
                json!({"id": t.id, "name": t.name, "connector": t.connector, "profile_id": t.profile_id,
                       "kind": t.kind.as_str(), "config": config, "schema": t.schema.to_value(), "created_ms": t.created_ms})
            })
            .collect();
        let pipelines: Vec<Value> = self
            .pipelines
            .iter()
            .map(|p| json!({"id": p.id, "name": p.name, "query": p.query, "tables": p.tables, "created_ms": p.created_ms}))
            .collect();
        let jobs: Vec<Value> = self
            .jobs
            .iter()
            .map(|j| {
                json!({"id": j.id, "pipeline_id": j.pipeline_id, "run_id": j.run_id, "created_ms": j.created_ms,
                       "script": j.script.iter().map(|(s, d)| json!([s, d])).collect::<Vec<_>>(),
                       "last": j.last, "failure": j.failure, "tasks": j.tasks,
                       "running_desired": j.running_desired, "replaced_ms": j.replaced_ms})
            })
            .collect();
        json!({"version": 1, "next_id": self.next_id, "profiles": profiles, "tables": tables, "pipelines": pipelines, "jobs": jobs})
    }

    /// Restores [`LaminarSim::export_state`]. Malformed entries, and entries naming a
    /// connector or pipeline that does not exist, are skipped.
    fn import_state(&mut self, state: &Value) {
        let list = |k: &str| {
            state
                .get(k)
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default()
        };
        let s = |v: &Value, k: &str| v.get(k).and_then(Value::as_str).map(str::to_string);
        let n = |v: &Value, k: &str| v.get(k).and_then(Value::as_f64).unwrap_or(0.0);
        let mut profiles = Vec::new();
        for p in list("profiles") {
            let (Some(id), Some(name), Some(connector)) =
                (s(&p, "id"), s(&p, "name"), s(&p, "connector"))
            else {
                continue;
            };
            if self.connector(&connector).is_none() {
                continue;
            }
            profiles.push(SimProfile {
                id,
                name,
                connector,
                description: s(&p, "description"),
                config: p.get("config").cloned().unwrap_or_else(|| json!({})),
                created_ms: n(&p, "created_ms"),
            });
        }
        let mut tables = Vec::new();
        for t in list("tables") {
            let (Some(id), Some(name), Some(connector), Some(kind)) = (
                s(&t, "id"),
                s(&t, "name"),
                s(&t, "connector"),
                s(&t, "kind").and_then(|k| TableKind::parse(&k)),
            ) else {
                continue;
            };
            if self.connector(&connector).is_none() {
                continue;
            }
            tables.push(SimTable {
                id,
                name,
                connector,
                profile_id: s(&t, "profile_id"),
                kind,
                config: t.get("config").cloned().unwrap_or_else(|| json!({})),
                schema: t
                    .get("schema")
                    .map(TableSchema::from_value)
                    .unwrap_or_default(),
                created_ms: n(&t, "created_ms"),
            });
        }
        let mut pipelines = Vec::new();
        for p in list("pipelines") {
            let (Some(id), Some(name)) = (s(&p, "id"), s(&p, "name")) else {
                continue;
            };
            pipelines.push(SimPipeline {
                id,
                name,
                query: s(&p, "query").unwrap_or_default(),
                tables: p
                    .get("tables")
                    .and_then(Value::as_array)
                    .map(|a| {
                        a.iter()
                            .filter_map(Value::as_str)
                            .map(str::to_string)
                            .collect()
                    })
                    .unwrap_or_default(),
                created_ms: n(&p, "created_ms"),
            });
        }
        let mut jobs = Vec::new();
        for j in list("jobs") {
            let (Some(id), Some(pipeline_id), Some(last)) =
                (s(&j, "id"), s(&j, "pipeline_id"), s(&j, "last"))
            else {
                continue;
            };
            if !pipelines.iter().any(|p: &SimPipeline| p.id == pipeline_id) {
                continue;
            }
            let script = j
                .get("script")
                .and_then(Value::as_array)
                .map(|steps| {
                    steps
                        .iter()
                        .filter_map(|st| {
                            Some((
                                st.get(0)?.as_str()?.to_string(),
                                st.get(1)?.as_f64()?.max(0.0),
                            ))
                        })
                        .collect()
                })
                .unwrap_or_default();
            jobs.push(SimJob {
                id,
                pipeline_id,
                run_id: j.get("run_id").and_then(Value::as_u64).unwrap_or(1),
                created_ms: n(&j, "created_ms"),
                script,
                last,
                failure: s(&j, "failure"),
                tasks: j
                    .get("tasks")
                    .and_then(Value::as_u64)
                    .unwrap_or(1)
                    .clamp(1, 64),
                running_desired: j
                    .get("running_desired")
                    .and_then(Value::as_bool)
                    .unwrap_or(true),
                replaced_ms: j.get("replaced_ms").and_then(Value::as_f64),
            });
        }
        self.profiles = profiles;
        self.tables = tables;
        self.pipelines = pipelines;
        self.jobs = jobs;
        let count = (self.len() + self.jobs.len()) as u64;
        self.next_id = state
            .get("next_id")
            .and_then(Value::as_u64)
            .unwrap_or(count + 1)
            .max(count + 1);
    }

    /// Stored profiles, tables and pipelines.
    fn len(&self) -> usize {
        self.profiles.len() + self.tables.len() + self.pipelines.len()
    }
}

/// Which side a combined (Arroyo) table config is: the title of the variant its Source/Sink
/// `oneOf` matches.
fn side_from_config(node: &Node, config: &Value) -> Option<TableKind> {
    node.properties().iter().find_map(|p| {
        let NodeKind::OneOf { variants } = &p.node.kind else {
            return None;
        };
        let titles: Vec<&str> = variants.iter().map(|v| v.title.as_str()).collect();
        if !(titles.contains(&"Source") && titles.contains(&"Sink")) {
            return None;
        }
        let value = config.get(&p.key).cloned().unwrap_or(Value::Null);
        TableKind::parse(&variants[match_variant(variants, &value)].title)
    })
}

/// Host names in a config: every string that looks like `host:port` lists, URLs or
/// `redis://…` addresses, through nested objects and arrays.
fn hosts_of(config: &Value) -> Vec<String> {
    let mut out = Vec::new();
    collect_hosts(config, &mut out);
    out
}

fn collect_hosts(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) => {
            for part in s.split(',') {
                let p = part.trim();
                let has_scheme = p.contains("://");
                let rest = p.split("://").last().unwrap_or_default();
                let rest = rest.rsplit('@').next().unwrap_or_default();
                let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
                let (name, port) = match host.rsplit_once(':') {
                    Some((n, port)) => (n, Some(port)),
                    None => (host, None),
                };
                let port_ok =
                    port.is_some_and(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()));
                let looks_like_host = !name.is_empty() && name.contains('.') || name == "localhost";
                let plausible = name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-');
                if plausible
                    && (has_scheme || port_ok)
                    && (looks_like_host || port_ok)
                    && !name.is_empty()
                {
                    let h = match port.filter(|_| port_ok) {
                        Some(port) => format!("{name}:{port}"),
                        None => name.to_string(),
                    };
                    if !out.contains(&h) {
                        out.push(h);
                    }
                }
            }
        }
        Value::Object(m) => m.values().for_each(|x| collect_hosts(x, out)),
        Value::Array(a) => a.iter().for_each(|x| collect_hosts(x, out)),
        _ => {}
    }
}

/// The first host in a config under the reserved `.invalid` TLD.
fn unreachable_host(config: &Value) -> Option<String> {
    hosts_of(config).into_iter().find(|h| {
        let name = h.rsplit_once(':').map(|(n, _)| n).unwrap_or(h);
        name.to_ascii_lowercase().ends_with(".invalid")
    })
}

/// Laminar SQL type names → Arroyo's field types.
fn arroyo_type(sql: &str) -> &'static str {
    match sql.trim().to_ascii_uppercase().as_str() {
        "INT" | "INTEGER" => "int32",
        "BIGINT" => "int64",
        "INT UNSIGNED" => "uint32",
        "BIGINT UNSIGNED" => "uint64",
        "FLOAT" | "REAL" => "f32",
        "DOUBLE" => "f64",
        "BOOLEAN" | "BOOL" => "bool",
        "BINARY" | "BYTES" => "bytes",
        "TIMESTAMP" => "timestamp",
        "JSON" => "json",
        _ => "string",
    }
}

/// A JSON string literal.
fn js(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

fn laminar_connector_text(c: &SimConnector) -> String {
    let mut types = Vec::new();
    if c.source.is_some() {
        types.push("\"source\"");
    }
    if c.sink.is_some() {
        types.push("\"sink\"");
    }
    let features: Vec<String> = c
        .features
        .iter()
        .map(|f| format!("{}:true", js(f)))
        .collect();
    let formats: Vec<String> = c.formats.iter().map(|f| js(f)).collect();
    let mut schemas = Vec::new();
    for (k, s) in [
        ("profile", c.profile),
        ("source", c.source),
        ("sink", c.sink),
    ] {
        if let Some(s) = s {
            schemas.push(format!("\"{k}\":{s}"));
        }
    }
    format!(
        "{{\"id\":{},\"name\":{},\"description\":{},\"category\":{},\"type\":[{}],\"icon\":{},\"version\":{},\"features\":{{{}}},\"supported_formats\":[{}],\"configuration_schema\":{{{}}}}}",
        js(c.id),
        js(c.name),
        js(c.description),
        js(c.category),
        types.join(","),
        js(&format!("{}-icon.svg", c.id)),
        js(c.version),
        features.join(","),
        formats.join(","),
        schemas.join(",")
    )
}

fn arroyo_connector_text(c: &SimConnector) -> String {
    let table = c.table.or(c.source).or(c.sink).unwrap_or("{}");
    format!(
        "{{\"id\":{},\"name\":{},\"icon\":{},\"description\":{},\"tableConfig\":{},\"enabled\":true,\"source\":{},\"sink\":{},\"customSchemas\":{},\"testing\":true,\"hidden\":false,\"connectionConfig\":{}}}",
        js(c.id),
        js(c.name),
        js(&c.icon),
        js(c.description),
        js(table),
        c.source.is_some(),
        c.sink.is_some(),
        c.custom_schemas,
        c.profile.map(js).unwrap_or_else(|| "null".into())
    )
}

/// The config a fresh profile form starts with for a connector, as the console would show it
/// (for tests and demos).
pub fn starting_profile_config(sim: &LaminarSim, connector: &str) -> Option<Value> {
    sim.connector(connector)?
        .profile_node
        .as_ref()
        .map(default_value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_schemas_parse() {
        for c in catalog() {
            for (what, text, node) in [
                ("profile", c.profile, &c.profile_node),
                ("source", c.source, &c.source_node),
                ("sink", c.sink, &c.sink_node),
            ] {
                assert_eq!(text.is_some(), node.is_some(), "{} {what}", c.id);
            }
            assert!(c.table_node.is_some(), "{}", c.id);
        }
    }

    #[test]
    fn hosts_are_found_and_reserved_ones_fail() {
        let cfg = json!({"bootstrapServers": "b1.internal:9092, b2.invalid:9092", "x": {"address": "redis://cache.invalid:6379"}, "name": "not a host", "n": 5, "path": "s3://bucket/x"});
        assert_eq!(
            hosts_of(&cfg),
            ["b1.internal:9092", "b2.invalid:9092", "cache.invalid:6379"]
        );
        assert_eq!(unreachable_host(&cfg).as_deref(), Some("b2.invalid:9092"));
        assert_eq!(
            unreachable_host(&json!({"endpoint": "https://hooks.example.com/x"})),
            None
        );
        assert_eq!(
            unreachable_host(&json!({"endpoint": "https://hooks.invalid/x"})).as_deref(),
            Some("hooks.invalid")
        );
    }

    #[test]
    fn job_scripts_advance_with_time() {
        let j = SimJob {
            id: "j".into(),
            pipeline_id: "p".into(),
            run_id: 1,
            created_ms: 0.0,
            script: vec![
                ("Created".into(), 10.0),
                ("Running".into(), 10.0),
                ("Failing".into(), 5.0),
            ],
            last: "Failed".into(),
            failure: None,
            tasks: 1,
            running_desired: true,
            replaced_ms: None,
        };
        assert_eq!(j.at(0.0), ("Created".into(), None, None));
        assert_eq!(j.at(12.0), ("Running".into(), Some(10.0), None));
        assert_eq!(j.at(22.0), ("Failing".into(), Some(10.0), None));
        assert_eq!(j.at(30.0), ("Failed".into(), Some(10.0), Some(25.0)));
        let mut r = j.clone();
        r.replaced_ms = Some(15.0);
        assert_eq!(r.at(14.0).0, "Running");
        assert_eq!(r.at(16.0), ("Stopped".into(), Some(10.0), Some(15.0)));
    }
}
