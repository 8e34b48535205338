//! Laminar's REST API (`/api/v1`, port 5115 by default), which descends from Arroyo's and is
//! read here in both spellings.
//!
//! The flow: connector → connection profile (credentials, reusable) → connection table (what
//! to read or write, with its schema) → pipeline (SQL) → jobs (runs of a pipeline).
//!
//! Two shapes of the same API are accepted everywhere:
//! - **Laminar** (its documentation): snake_case keys, `{"data": …}` wrappers, connectors with
//!   `type: ["source", "sink"]`, `features {…}`, `supported_formats […]` and JSON Schema objects
//!   under `configuration_schema {source, sink}`; errors `{"error": {"code", "message", "details"}}`.
//! - **Arroyo** (the upstream): camelCase keys, bare objects for single resources, connectors with
//!   `source`/`sink` booleans, `icon` as inline SVG and `tableConfig`/`connectionConfig` as JSON
//!   Schema *strings*; errors `{"error": "message"}`; the table test answers as
//!   `text/event-stream` with `data: {"error", "done", "message"}` events.
//!
//! Requests are sent in Laminar's documented snake_case; the one key whose spelling differs
//! between the two documentations in a way that loses data (`connection_profile_id` vs
//! `connectionProfileId`) is sent both ways.

use serde_json::{json, Map, Value};

use crate::http::{
    percent_encode, retry_after, status_text, ApiError, HttpRequest, HttpResponse, Method,
};
use crate::model::catalog::{ConnectorKind, Detail};
use crate::model::form::FieldError;
use crate::model::icon::Icon;
use crate::model::pipeline::{
    Autocomplete, Job, Pipeline, Profile, SchemaCatalog, SchemaConnector, SchemaField, Suggestion,
    Table, TableSchema, TestMessage,
};
use crate::model::status::{Connector, Health};
use crate::model::time::timestamp_text;
use crate::schema::{parse_schema, parse_schema_str, Node};

/// The API prefix every path starts with.
pub const API: &str = "/api/v1";

fn path(rest: &str) -> String {
    format!("{API}{rest}")
}

/// A value under either spelling of a key (`snake`, then its camelCase form).
fn get<'a>(v: &'a Value, snake: &str) -> Option<&'a Value> {
    v.get(snake)
        .or_else(|| v.get(camel(snake).as_str()))
        .filter(|v| !v.is_null())
}

fn camel(snake: &str) -> String {
    let mut out = String::with_capacity(snake.len());
    let mut up = false;
    for c in snake.chars() {
        if c == '_' {
            up = true;
        } else if up {
            out.extend(c.to_uppercase());
            up = false;
        } else {
            out.push(c);
        }
    }
    out
}

fn get_str(v: &Value, key: &str) -> Option<String> {
    match get(v, key)? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn get_bool(v: &Value, key: &str) -> Option<bool> {
    get(v, key).and_then(Value::as_bool)
}

fn read_json(body: &str, what: &str) -> Result<Value, ApiError> {
    serde_json::from_str(body)
        .map_err(|e| ApiError::Malformed(format!("the {what} is not valid JSON ({e})")))
}

/// The payload of a `{"data": …}` wrapper, or the body itself.
fn unwrap_data(v: &Value) -> &Value {
    match v.get("data") {
        Some(d) if !d.is_null() => d,
        _ => v,
    }
}

/// A list body: `{"data": [...]}`, a bare array, or `{"<key>": [...]}`.
fn list_of<'a>(v: &'a Value, key: &str, what: &str) -> Result<&'a Vec<Value>, ApiError> {
    match v {
        Value::Array(items) => Ok(items),
        Value::Object(o) => match o.get("data").or_else(|| o.get(key)) {
            Some(Value::Array(items)) => Ok(items),
            _ => Err(ApiError::Malformed(format!(
                "the {what} list has no `data` array"
            ))),
        },
        _ => Err(ApiError::Malformed(format!(
            "the {what} list is not a JSON object or array"
        ))),
    }
}

/// `GET /api/v1/connectors[?category=…][&type=source|sink]`. Arroyo ignores both filters;
/// apply [`filter`] to what comes back.
pub fn connectors_request(category: Option<&str>, kind: Option<&str>) -> HttpRequest {
    let mut r = HttpRequest::new(Method::Get, path("/connectors"));
    if let Some(c) = category.map(str::trim).filter(|c| !c.is_empty()) {
        r = r.query("category", c);
    }
    if let Some(k) = kind.map(str::trim).filter(|k| !k.is_empty()) {
        r = r.query("type", k.to_ascii_lowercase());
    }
    r
}

/// Parses a catalog in either shape. A connector that cannot be used (no id, a schema string
/// that is not JSON) is skipped and listed; only a body that is not a connector list fails.
/// Schemas keep their authored property order.
pub fn parse_connectors(body: &str) -> Result<SchemaCatalog, ApiError> {
    let root = read_json(body, "connector catalog")?;
    let items = match &root {
        Value::Array(items) => items,
        Value::Object(o) => match (o.get("data"), o.get("connectors")) {
            (Some(Value::Array(items)), _) => items,
            (_, Some(Value::Array(items))) => items,
            _ => {
                return Err(ApiError::Malformed(
                    "the connector catalog has no `data` array".into(),
                ))
            }
        },
        _ => {
            return Err(ApiError::Malformed(
                "the connector catalog is not a JSON object or array".into(),
            ))
        }
    };
    let mut catalog = SchemaCatalog::default();
    for (i, item) in items.iter().enumerate() {
        match parse_connector(item) {
            Ok(c) => catalog.connectors.push(c),
            Err(why) => {
                let label = item
                    .get("name")
                    .or_else(|| item.get("id"))
                    .and_then(Value::as_str)
                    .map(|n| format!("“{n}”"))
                    .unwrap_or_else(|| format!("#{}", i + 1));
                catalog.skipped.push(format!("Connector {label}: {why}"));
            }
        }
    }
    Ok(catalog)
}

/// A schema given as an object or as a JSON string.
fn schema_at(v: Option<&Value>, what: &str) -> Result<Option<Node>, String> {
    match v {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
        Some(Value::String(s)) => parse_schema_str(s)
            .map(Some)
            .map_err(|e| format!("its {what} cannot be read: {e}")),
        Some(o @ Value::Object(_)) => Ok(Some(parse_schema(o))),
        Some(_) => Err(format!(
            "its {what} is neither a schema object nor a string"
        )),
    }
}

fn parse_connector(v: &Value) -> Result<SchemaConnector, String> {
    if !v.is_object() {
        return Err("it is not an object".into());
    }
    let id = get_str(v, "id")
        .filter(|s| !s.trim().is_empty())
        .ok_or("it has no `id`")?;
    let name = get_str(v, "name")
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| id.clone());

    // Schemas: Laminar's configuration_schema {source, sink, profile|connection}, Arroyo's
    // tableConfig/connectionConfig strings.
    let cs = v
        .get("configuration_schema")
        .or_else(|| v.get("configurationSchema"));
    let side = |k: &str| -> Result<Option<Node>, String> {
        let Some(cs) = cs else { return Ok(None) };
        schema_at(cs.get(k), &format!("{k} schema"))
    };
    let source_schema = side("source")?;
    let sink_schema = side("sink")?;
    let mut profile_schema = match side("profile")? {
        Some(p) => Some(p),
        None => side("connection")?,
    };
    let mut table_schema = side("table")?;
    for key in ["table_config", "tableConfig"] {
        if table_schema.is_none() {
            table_schema = schema_at(v.get(key), key)?;
        }
    }
    for key in ["connection_config", "connectionConfig"] {
        if profile_schema.is_none() {
            profile_schema = schema_at(v.get(key), key)?;
        }
    }

    let (mut source, mut sink) = match v.get("type") {
        Some(Value::Array(ts)) => {
            let has = |w: &str| {
                ts.iter()
                    .any(|t| t.as_str().is_some_and(|t| t.eq_ignore_ascii_case(w)))
            };
            (has("source"), has("sink"))
        }
        Some(Value::String(t)) => (
            t.eq_ignore_ascii_case("source"),
            t.eq_ignore_ascii_case("sink"),
        ),
        _ => (false, false),
    };
    source |= get_bool(v, "source").unwrap_or(false);
    sink |= get_bool(v, "sink").unwrap_or(false);
    if !source && !sink {
        source = source_schema.is_some();
        sink = sink_schema.is_some();
    }

    let features = match get(v, "features") {
        Some(Value::Object(m)) => {
            // Named features in a stable, sorted order (the map's order is the server's whim).
            let mut on: Vec<String> = m
                .iter()
                .filter(|(_, on)| !matches!(on, Value::Bool(false) | Value::Null))
                .map(|(k, _)| k.clone())
                .collect();
            on.sort();
            on
        }
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_string)
            .collect(),
        _ => Vec::new(),
    };
    let formats = ["supported_formats", "formats"]
        .iter()
        .find_map(|k| get(v, k).and_then(Value::as_array))
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();

    Ok(SchemaConnector {
        description: get_str(v, "description").unwrap_or_default(),
        category: get_str(v, "category").filter(|c| !c.trim().is_empty()),
        version: get_str(v, "version").filter(|c| !c.trim().is_empty()),
        icon: Icon::from_catalog(get(v, "icon").and_then(Value::as_str)),
        custom_schemas: get_bool(v, "custom_schemas").unwrap_or(false),
        testing: get_bool(v, "testing").unwrap_or(false),
        hidden: get_bool(v, "hidden").unwrap_or(false),
        enabled: get_bool(v, "enabled").unwrap_or(true),
        // The formats Arroyo knows, for connectors that take a user-defined schema.
        custom_formats: ["json", "avro", "protobuf", "raw_string", "raw_bytes"]
            .iter()
            .map(|s| s.to_string())
            .collect(),
        id,
        name,
        source,
        sink,
        features,
        formats,
        profile_schema,
        source_schema,
        sink_schema,
        table_schema,
    })
}

// ---------------------------------------------------------------------------------------------
// Connection profiles

fn profile_body(name: &str, connector: &str, config: Value) -> Value {
    json!({ "name": name, "connector": connector, "config": config })
}

/// `POST /api/v1/connection_profiles {name, connector, config}`.
pub fn create_profile_request(name: &str, connector: &str, config: Value) -> HttpRequest {
    HttpRequest::new(Method::Post, path("/connection_profiles"))
        .json(profile_body(name, connector, config))
}

/// `POST /api/v1/connection_profiles/test` with the same body; read the answer with
/// [`parse_test_result`].
pub fn test_profile_request(name: &str, connector: &str, config: Value) -> HttpRequest {
    HttpRequest::new(Method::Post, path("/connection_profiles/test"))
        .json(profile_body(name, connector, config))
}

/// `GET /api/v1/connection_profiles`.
pub fn list_profiles_request() -> HttpRequest {
    HttpRequest::new(Method::Get, path("/connection_profiles"))
}

/// `DELETE /api/v1/connection_profiles/{id}` (409 while tables use it).
pub fn delete_profile_request(id: &str) -> HttpRequest {
    HttpRequest::new(
        Method::Delete,
        path(&format!("/connection_profiles/{}", percent_encode(id))),
    )
}

fn profile_of(v: &Value) -> Result<Profile, ApiError> {
    let id = get_str(v, "id").ok_or_else(|| ApiError::Malformed("a profile has no `id`".into()))?;
    Ok(Profile {
        name: get_str(v, "name").unwrap_or_else(|| id.clone()),
        connector: get_str(v, "connector").unwrap_or_default(),
        description: get_str(v, "description").filter(|d| !d.trim().is_empty()),
        config: get(v, "config").cloned().unwrap_or_else(|| json!({})),
        created_at: get(v, "created_at").and_then(timestamp_text),
        updated_at: get(v, "updated_at").and_then(timestamp_text),
        id,
    })
}

/// Parses a profile list (`{"data": [...]}` or an array); entries without an id are skipped.
pub fn parse_profiles(body: &str) -> Result<Vec<Profile>, ApiError> {
    let v = read_json(body, "profile list")?;
    Ok(list_of(&v, "profiles", "profile")?
        .iter()
        .filter_map(|p| profile_of(p).ok())
        .collect())
}

/// Parses one profile (`{"data": {...}}` or the bare object).
pub fn parse_profile(body: &str) -> Result<Profile, ApiError> {
    let v = read_json(body, "profile")?;
    profile_of(unwrap_data(&v))
}

// ---------------------------------------------------------------------------------------------
// Test results and server-sent events

fn message_of(v: &Value) -> TestMessage {
    // Laminar: {"success", "message"}; Arroyo: {"error", "done", "message"}.
    if let Some(success) = v.get("success").and_then(Value::as_bool) {
        return TestMessage {
            error: !success,
            done: true,
            message: get_str(v, "message").unwrap_or_else(|| {
                if success {
                    "The test succeeded."
                } else {
                    "The test failed."
                }
                .into()
            }),
        };
    }
    if let Some(e @ Value::Object(_)) = v.get("error") {
        return TestMessage {
            error: true,
            done: true,
            message: error_text(e),
        };
    }
    if let Some(valid) = v.get("valid").and_then(Value::as_bool) {
        return TestMessage {
            error: !valid,
            done: true,
            message: get_str(v, "message").unwrap_or_else(|| {
                if valid {
                    "The schema is valid."
                } else {
                    "The schema is not valid."
                }
                .into()
            }),
        };
    }
    let truthy = |k: &str| match v.get(k) {
        Some(Value::Bool(b)) => *b,
        Some(Value::String(s)) => s.eq_ignore_ascii_case("true"),
        _ => false,
    };
    TestMessage {
        error: truthy("error"),
        done: truthy("done"),
        message: get_str(v, "message").unwrap_or_default(),
    }
}

/// Parses a profile test answer: Arroyo's `{error, done, message}` or Laminar's
/// `{"data": {"success", "message", "details"}}` (a finished test either way).
pub fn parse_test_result(body: &str) -> Result<TestMessage, ApiError> {
    let v = read_json(body, "test result")?;
    let inner = unwrap_data(&v);
    if !inner.is_object() {
        return Err(ApiError::Malformed(
            "the test result is not an object".into(),
        ));
    }
    let mut m = message_of(inner);
    if inner.get("success").is_none() && inner.get("done").is_none() && inner.get("valid").is_none()
    {
        // A bare {"message"} still ends the test.
        m.done = true;
    }
    Ok(m)
}

/// The largest event (or line) a stream may send; a larger one is skipped with an error message,
/// so a server cannot make the page hold or rescan unbounded text.
pub const MAX_EVENT_BYTES: usize = 1 << 20;

/// Reads `text/event-stream` as it arrives, in time linear in its length: complete events
/// (blank-line terminated) become messages as soon as their last line arrives. `data:` lines of
/// one event are joined with newlines and read as `{error, done, message}` JSON (plain text
/// becomes the message); `:` comment lines, `id:`/`retry:` and unknown fields are ignored;
/// `event: error` marks the message as an error. Line ends may be `\n`, `\r\n` or `\r` (a `\r`
/// that ends a chunk waits for the next one). An event or line over [`MAX_EVENT_BYTES`] is
/// skipped and reported once as an error message.
#[derive(Clone, Debug, Default)]
pub struct SseDecoder {
    /// The current line, not yet terminated (capped).
    line: String,
    /// The current line ended with `\r` at the end of the last chunk.
    line_ends_cr: bool,
    /// `data:` values of the current event, joined with `\n`.
    data: String,
    has_data: bool,
    event_type: String,
    /// The current event (or line) went over the limit.
    too_large: bool,
    /// Bytes pushed so far, and the offset just after the last complete event.
    seen: usize,
    consumed: usize,
}

impl SseDecoder {
    /// Reads the next chunk; returns the events it completed.
    pub fn push(&mut self, chunk: &str) -> Vec<TestMessage> {
        let mut out = Vec::new();
        let b = chunk.as_bytes();
        let mut start = 0usize;
        if self.line_ends_cr {
            self.line_ends_cr = false;
            if b.first() == Some(&b'\n') {
                start = 1;
            }
            self.end_line(self.seen + start, &mut out);
        }
        let mut i = start;
        while let Some(rel) = chunk[i..].find(['\n', '\r']) {
            let end = i + rel;
            self.append(&chunk[start..end]);
            if b[end] == b'\r' && end + 1 == b.len() {
                // Half of a `\r\n`, perhaps: the next chunk says.
                self.line_ends_cr = true;
                self.seen += b.len();
                return out;
            }
            let next = if b[end] == b'\r' && b[end + 1] == b'\n' {
                end + 2
            } else {
                end + 1
            };
            self.end_line(self.seen + next, &mut out);
            start = next;
            i = next;
        }
        self.append(&chunk[start..]);
        self.seen += b.len();
        out
    }

    /// Ends the stream: what is left is read as a last, terminated event.
    pub fn finish(mut self) -> Vec<TestMessage> {
        let mut out = self.push("\n\n");
        if self.line_ends_cr {
            out.extend(self.push("\n"));
        }
        out
    }

    /// Bytes of the input up to the end of the last complete event.
    pub fn consumed(&self) -> usize {
        self.consumed
    }

    fn append(&mut self, part: &str) {
        if self.line.len() + part.len() > MAX_EVENT_BYTES {
            self.too_large = true;
        } else {
            self.line.push_str(part);
        }
    }

    fn end_line(&mut self, offset: usize, out: &mut Vec<TestMessage>) {
        let line = std::mem::take(&mut self.line);
        if line.is_empty() {
            if self.too_large {
                out.push(TestMessage {
                    error: true,
                    done: false,
                    message: format!(
                        "The server sent an event larger than {} KiB; it was skipped.",
                        MAX_EVENT_BYTES / 1024
                    ),
                });
            } else if self.has_data {
                out.push(sse_message(&self.data, &self.event_type));
            }
            self.data.clear();
            self.has_data = false;
            self.event_type.clear();
            self.too_large = false;
            self.consumed = offset;
            return;
        }
        if line.starts_with(':') || self.too_large {
            return;
        }
        let (field, value) = match line.split_once(':') {
            Some((f, v)) => (f, v.strip_prefix(' ').unwrap_or(v)),
            None => (line.as_str(), ""),
        };
        match field {
            "data" => {
                if self.data.len() + value.len() + 1 > MAX_EVENT_BYTES {
                    self.too_large = true;
                    self.data.clear();
                    return;
                }
                if self.has_data {
                    self.data.push('\n');
                }
                self.data.push_str(value);
                self.has_data = true;
            }
            "event" => self.event_type = value.to_string(),
            _ => {}
        }
    }
}

/// Reads `text/event-stream` text (see [`SseDecoder`]): the complete events as messages, and
/// the rest — after the last complete event — to be prefixed to the next chunk.
pub fn parse_sse(text: &str) -> (Vec<TestMessage>, String) {
    let mut d = SseDecoder::default();
    let msgs = d.push(text);
    (msgs, text[d.consumed()..].to_string())
}

/// Ends a stream: the remainder of [`parse_sse`] read as a final, terminated event.
pub fn finish_sse(rest: &str) -> Vec<TestMessage> {
    let mut d = SseDecoder::default();
    let mut out = d.push(rest);
    out.extend(d.finish());
    out
}

fn sse_message(data: &str, event_type: &str) -> TestMessage {
    let mut m = match serde_json::from_str::<Value>(data) {
        Ok(v @ Value::Object(_)) => message_of(&v),
        _ => TestMessage {
            error: false,
            done: false,
            message: data.to_string(),
        },
    };
    if event_type.eq_ignore_ascii_case("error") {
        m.error = true;
    }
    m
}

/// Reads a table test answer: a `text/event-stream` body (Arroyo, the simulator) or Laminar's
/// JSON `{"data": {"success", "message", …}}`. Error statuses become [`ApiError`]s.
pub fn parse_table_test(resp: &HttpResponse) -> Result<Vec<TestMessage>, ApiError> {
    if !resp.ok() {
        return Err(parse_error(resp));
    }
    let is_stream = resp
        .header("content-type")
        .is_some_and(|c| c.to_ascii_lowercase().contains("event-stream"))
        || resp.body.trim_start().starts_with("data:");
    if is_stream {
        let (mut msgs, rest) = parse_sse(&resp.body);
        msgs.extend(finish_sse(&rest));
        return Ok(msgs);
    }
    let v = read_json(&resp.body, "table test result")?;
    match unwrap_data(&v) {
        Value::Array(items) => Ok(items.iter().map(message_of).collect()),
        inner @ Value::Object(_) => {
            let mut m = message_of(inner);
            m.done = true;
            Ok(vec![m])
        }
        _ => Err(ApiError::Malformed(
            "the table test result is not an object".into(),
        )),
    }
}

// ---------------------------------------------------------------------------------------------
// Connection tables

fn arroyo_type_name(t: &str) -> String {
    match t.to_ascii_lowercase().as_str() {
        "int32" => "INT".into(),
        "int64" => "BIGINT".into(),
        "uint32" => "INT UNSIGNED".into(),
        "uint64" => "BIGINT UNSIGNED".into(),
        "f32" => "FLOAT".into(),
        "f64" => "DOUBLE".into(),
        "bool" => "BOOLEAN".into(),
        "string" | "utf8" => "STRING".into(),
        "bytes" | "binary" => "BINARY".into(),
        "timestamp" => "TIMESTAMP".into(),
        "json" => "JSON".into(),
        "struct" => "STRUCT".into(),
        "list" => "ARRAY".into(),
        other => other.to_ascii_uppercase(),
    }
}

/// The wire spelling of a table column.
pub trait SchemaFieldWire: Sized {
    /// Reads a column.
    fn from_value(v: &Value) -> Option<Self>;
    /// Writes a column.
    fn to_value(&self) -> Value;
}

impl SchemaFieldWire for SchemaField {
    /// Reads Laminar's `{name, data_type, nullable}` or Arroyo's `{name, type, required}`
    /// (Arroyo's type names become SQL names: `int64` → `BIGINT`).
    fn from_value(v: &Value) -> Option<SchemaField> {
        let name = get_str(v, "name")?;
        let data_type = get_str(v, "data_type")
            .or_else(|| match v.get("type") {
                Some(Value::String(t)) => Some(arroyo_type_name(t)),
                Some(Value::Object(o)) => {
                    o.get("type").and_then(Value::as_str).map(arroyo_type_name)
                }
                _ => None,
            })
            .or_else(|| get_str(v, "sql_name"))
            .unwrap_or_else(|| "STRING".into());
        let nullable = get_bool(v, "nullable")
            .or_else(|| v.get("required").and_then(Value::as_bool).map(|r| !r))
            .unwrap_or(true);
        Some(SchemaField {
            name,
            data_type,
            nullable,
        })
    }

    /// Laminar's `{name, data_type, nullable}`.
    fn to_value(&self) -> Value {
        json!({ "name": self.name, "data_type": self.data_type, "nullable": self.nullable })
    }
}

/// The wire spelling of a table schema.
pub trait TableSchemaWire {
    /// The `schema` value for a request (plus the keys [`create_table_request`] lifts).
    fn to_value(&self) -> Value;
    /// Reads a schema in any of the documented spellings. Never fails: what is not understood
    /// is left out.
    fn from_value(v: &Value) -> Self;
}

/// On the wire the `schema` object is
/// `{"format": {"<format>": {<format options>}}, "fields": [{"name", "data_type", "nullable"}]}`
/// — the format as Arroyo's tagged object, which Laminar's connector docs also send
/// (`{"format": {"json": {}}}`), fields as Laminar's API reference documents them.
/// `event_time_field`, `watermark_delay` and `table_type` are sent at the top level of the
/// table body, where Laminar's reference puts them ([`create_table_request`] moves them).
/// `from_value` reads all of these spellings, plus `{"format": "json", "format_options": {…}}`
/// and Arroyo's fields.
impl TableSchemaWire for TableSchema {
    fn to_value(&self) -> Value {
        let mut m = Map::new();
        if let Some(f) = self.format.as_deref().filter(|f| !f.trim().is_empty()) {
            m.insert(
                "format".into(),
                json!({ f: Value::Object(self.format_options.clone()) }),
            );
        }
        m.insert(
            "fields".into(),
            Value::Array(self.fields.iter().map(SchemaField::to_value).collect()),
        );
        for (k, v) in [
            ("event_time_field", &self.event_time_field),
            ("watermark_delay", &self.watermark_delay),
            ("table_type", &self.table_type),
        ] {
            if let Some(v) = v.as_deref().filter(|v| !v.trim().is_empty()) {
                m.insert(k.into(), Value::String(v.into()));
            }
        }
        Value::Object(m)
    }

    fn from_value(v: &Value) -> TableSchema {
        let (format, format_options) = match get(v, "format") {
            Some(Value::String(f)) => (
                Some(f.clone()),
                get(v, "format_options")
                    .and_then(Value::as_object)
                    .cloned()
                    .unwrap_or_default(),
            ),
            Some(Value::Object(tagged)) if tagged.len() == 1 => {
                let (k, opts) = tagged
                    .iter()
                    .next()
                    .map(|(k, o)| (k.clone(), o))
                    .unwrap_or_default();
                (Some(k), opts.as_object().cloned().unwrap_or_default())
            }
            _ => (None, Map::new()),
        };
        TableSchema {
            format,
            format_options,
            fields: get(v, "fields")
                .and_then(Value::as_array)
                .map(|a| a.iter().filter_map(SchemaField::from_value).collect())
                .unwrap_or_default(),
            event_time_field: get_str(v, "event_time_field"),
            watermark_delay: get_str(v, "watermark_delay"),
            table_type: get_str(v, "table_type"),
        }
    }
}

fn table_body(
    name: &str,
    connector: &str,
    profile_id: Option<&str>,
    config: Value,
    schema: Value,
) -> Value {
    let mut body = Map::new();
    body.insert("name".into(), json!(name));
    body.insert("connector".into(), json!(connector));
    if let Some(p) = profile_id.filter(|p| !p.is_empty()) {
        // Laminar's reference spells it snake_case, its connector docs and Arroyo camelCase.
        body.insert("connection_profile_id".into(), json!(p));
        body.insert("connectionProfileId".into(), json!(p));
    }
    body.insert("config".into(), config);
    let mut schema = schema;
    if let Value::Object(s) = &mut schema {
        for k in ["event_time_field", "watermark_delay", "table_type"] {
            if let Some(v) = s.remove(k) {
                body.insert(k.into(), v);
            }
        }
    }
    if !schema.is_null() {
        body.insert("schema".into(), schema);
    }
    Value::Object(body)
}

/// `POST /api/v1/connection_tables {name, connector, connection_profile_id, config, schema}`.
/// `schema` is usually [`TableSchema::to_value`]; its `event_time_field`, `watermark_delay`
/// and `table_type` are moved to the top level of the body. A null schema is left out.
pub fn create_table_request(
    name: &str,
    connector: &str,
    profile_id: Option<&str>,
    config: Value,
    schema: Value,
) -> HttpRequest {
    HttpRequest::new(Method::Post, path("/connection_tables"))
        .json(table_body(name, connector, profile_id, config, schema))
}

/// `POST /api/v1/connection_tables/test` with the same body, asking for an event stream;
/// read it with [`parse_table_test`] (or [`parse_sse`] chunk by chunk).
pub fn test_table_request(
    name: &str,
    connector: &str,
    profile_id: Option<&str>,
    config: Value,
    schema: Value,
) -> HttpRequest {
    let mut r = HttpRequest::new(Method::Post, path("/connection_tables/test"))
        .json(table_body(name, connector, profile_id, config, schema));
    r.headers
        .push(("accept".into(), "text/event-stream".into()));
    r
}

/// `GET /api/v1/connection_tables`.
pub fn list_tables_request() -> HttpRequest {
    HttpRequest::new(Method::Get, path("/connection_tables"))
}

/// `DELETE /api/v1/connection_tables/{id}` (409 while pipelines use it).
pub fn delete_table_request(id: &str) -> HttpRequest {
    HttpRequest::new(
        Method::Delete,
        path(&format!("/connection_tables/{}", percent_encode(id))),
    )
}

fn table_of(v: &Value) -> Result<Table, ApiError> {
    let id = get_str(v, "id").ok_or_else(|| ApiError::Malformed("a table has no `id`".into()))?;
    let mut schema = get(v, "schema")
        .map(TableSchema::from_value)
        .unwrap_or_default();
    if schema.event_time_field.is_none() {
        schema.event_time_field = get_str(v, "event_time_field");
    }
    if schema.watermark_delay.is_none() {
        schema.watermark_delay = get_str(v, "watermark_delay");
    }
    let table_type = get_str(v, "table_type").map(|t| t.to_ascii_lowercase());
    if schema.table_type.is_none() {
        schema.table_type = table_type.clone();
    }
    Ok(Table {
        name: get_str(v, "name").unwrap_or_else(|| id.clone()),
        connector: get_str(v, "connector").unwrap_or_default(),
        profile_id: get_str(v, "connection_profile_id")
            .or_else(|| get(v, "connection_profile").and_then(|p| get_str(p, "id"))),
        table_type,
        config: get(v, "config").cloned().unwrap_or_else(|| json!({})),
        created_at: get(v, "created_at").and_then(timestamp_text),
        consumers: get(v, "consumers").and_then(Value::as_u64),
        schema,
        id,
    })
}

/// Parses a table list; entries without an id are skipped.
pub fn parse_tables(body: &str) -> Result<Vec<Table>, ApiError> {
    let v = read_json(body, "table list")?;
    Ok(list_of(&v, "tables", "table")?
        .iter()
        .filter_map(|t| table_of(t).ok())
        .collect())
}

/// Parses one table (`{"data": {...}}` or bare).
pub fn parse_table(body: &str) -> Result<Table, ApiError> {
    let v = read_json(body, "table")?;
    table_of(unwrap_data(&v))
}

/// The confirmation text of a delete or action answer (`{"data": {"message"}}`,
/// `{"message"}`); `None` for empty bodies (Arroyo answers deletes with nothing).
pub fn parse_message(body: &str) -> Option<String> {
    let v: Value = serde_json::from_str(body).ok()?;
    get_str(unwrap_data(&v), "message")
}

// ---------------------------------------------------------------------------------------------
// Autocomplete

/// `GET /api/v1/connection_profiles/{id}/autocomplete[?type=…&prefix=…]`. Autocomplete works
/// from a saved profile (both Arroyo and Laminar document it by profile id, not by a config);
/// Laminar's `type`/`prefix` filters are optional and Arroyo ignores them.
pub fn autocomplete_request(
    profile_id: &str,
    suggestion_type: Option<&str>,
    prefix: Option<&str>,
) -> HttpRequest {
    let mut r = HttpRequest::new(
        Method::Get,
        path(&format!(
            "/connection_profiles/{}/autocomplete",
            percent_encode(profile_id)
        )),
    );
    if let Some(t) = suggestion_type.filter(|t| !t.is_empty()) {
        r = r.query("type", t);
    }
    if let Some(p) = prefix.filter(|p| !p.is_empty()) {
        r = r.query("prefix", p);
    }
    r
}

/// Parses Arroyo's `{"values": {"topic": ["a", …]}}` or Laminar's
/// `{"data": {"suggestions": [{"value", "label", "type"}]}}`.
pub fn parse_autocomplete(body: &str) -> Result<Autocomplete, ApiError> {
    let v = read_json(body, "autocomplete answer")?;
    let inner = unwrap_data(&v);
    let mut out = Autocomplete::default();
    if let Some(Value::Object(values)) = inner.get("values") {
        for (k, list) in values {
            let items = list
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(Value::as_str)
                        .map(|s| Suggestion {
                            value: s.into(),
                            label: s.into(),
                        })
                        .collect()
                })
                .unwrap_or_default();
            out.values.insert(k.clone(), items);
        }
        return Ok(out);
    }
    if let Some(Value::Array(items)) = inner.get("suggestions") {
        for s in items {
            let Some(value) = get_str(s, "value") else {
                continue;
            };
            let key = get_str(s, "type").unwrap_or_else(|| "value".into());
            let label = get_str(s, "label").unwrap_or_else(|| value.clone());
            out.values
                .entry(key)
                .or_default()
                .push(Suggestion { value, label });
        }
        return Ok(out);
    }
    Err(ApiError::Malformed(
        "the autocomplete answer has neither `values` nor `suggestions`".into(),
    ))
}

// ---------------------------------------------------------------------------------------------
// Pipelines and jobs

/// `GET /api/v1/pipelines`.
pub fn pipelines_request() -> HttpRequest {
    HttpRequest::new(Method::Get, path("/pipelines"))
}

/// `GET /api/v1/pipelines/{id}/jobs`.
pub fn pipeline_jobs_request(pipeline_id: &str) -> HttpRequest {
    HttpRequest::new(
        Method::Get,
        path(&format!("/pipelines/{}/jobs", percent_encode(pipeline_id))),
    )
}

/// `GET /api/v1/jobs` (every pipeline's jobs).
pub fn jobs_request() -> HttpRequest {
    HttpRequest::new(Method::Get, path("/jobs"))
}

fn pipeline_of(p: &Value) -> Option<Pipeline> {
    let id = get_str(p, "id")?;
    Some(Pipeline {
        name: get_str(p, "name").unwrap_or_else(|| id.clone()),
        query: get_str(p, "query"),
        created_at: get(p, "created_at").and_then(timestamp_text),
        action_text: get_str(p, "action_text"),
        stop: get_str(p, "stop"),
        action_in_progress: get_bool(p, "action_in_progress").unwrap_or(false),
        id,
    })
}

/// Parses a pipeline list; entries without an id are skipped.
pub fn parse_pipelines(body: &str) -> Result<Vec<Pipeline>, ApiError> {
    let v = read_json(body, "pipeline list")?;
    Ok(list_of(&v, "pipelines", "pipeline")?
        .iter()
        .filter_map(pipeline_of)
        .collect())
}

/// Parses one pipeline (`GET /api/v1/pipelines/{id}`, `{"data": {...}}` or bare).
pub fn parse_pipeline(body: &str) -> Result<Pipeline, ApiError> {
    let v = read_json(body, "pipeline")?;
    pipeline_of(unwrap_data(&v))
        .ok_or_else(|| ApiError::Malformed("the pipeline has no `id`".into()))
}

/// Parses a job list (`{"data": [...]}` or an array). `pipeline_id` fills in jobs that do not
/// name their pipeline (Arroyo's `GET /pipelines/{id}/jobs`).
pub fn parse_jobs(body: &str, pipeline_id: Option<&str>) -> Result<Vec<Job>, ApiError> {
    let v = read_json(body, "job list")?;
    let items: Vec<Value> = match (&v, v.get("data")) {
        (_, Some(Value::Array(a))) => a.clone(),
        (Value::Array(a), _) => a.clone(),
        // A single job object.
        (Value::Object(o), None) if o.contains_key("state") => vec![v.clone()],
        _ => {
            return Err(ApiError::Malformed(
                "the job list has no `data` array".into(),
            ))
        }
    };
    Ok(items
        .iter()
        .filter_map(|j| {
            let id = get_str(j, "id")?;
            Some(Job {
                pipeline_id: get_str(j, "pipeline_id").or_else(|| pipeline_id.map(str::to_string)),
                state: get_str(j, "state").unwrap_or_else(|| "Unknown".into()),
                health: job_health(&get_str(j, "state").unwrap_or_default()),
                transitional: job_is_transitional(&get_str(j, "state").unwrap_or_default()),
                running_desired: get_bool(j, "running_desired"),
                run_id: get(j, "run_id").and_then(Value::as_u64),
                tasks: get(j, "tasks").and_then(Value::as_u64),
                failure_message: get_str(j, "failure_message").filter(|m| !m.trim().is_empty()),
                created_at: get(j, "created_at").and_then(timestamp_text),
                start_time: get(j, "start_time").and_then(timestamp_text),
                finish_time: get(j, "finish_time").and_then(timestamp_text),
                id,
            })
        })
        .collect())
}

/// Maps a job state to [`Health`] (case-insensitive):
///
/// | state | health |
/// |---|---|
/// | Created, Compiling, Scheduling, Restarting, Rescaling | Starting |
/// | Running | Running |
/// | Recovering (restoring after a failure) | Degraded |
/// | CheckpointStopping, Stopping, Finishing, Stopped, Finished | Stopped |
/// | Failing, Failed | Failed |
/// | anything else | Unknown |
///
/// The states on their way somewhere are [`job_is_transitional`] (poll faster).
pub fn job_health(state: &str) -> Health {
    match state.trim().to_ascii_lowercase().as_str() {
        "created" | "compiling" | "scheduling" | "restarting" | "rescaling" => Health::Starting,
        "running" => Health::Running,
        "recovering" => Health::Degraded,
        "checkpointstopping" | "stopping" | "finishing" | "stopped" | "finished" => Health::Stopped,
        "failing" | "failed" => Health::Failed,
        _ => Health::Unknown,
    }
}

/// True for states that change by themselves (everything but Running, Stopped, Finished,
/// Failed and unknown states).
pub fn job_is_transitional(state: &str) -> bool {
    matches!(
        state.trim().to_ascii_lowercase().as_str(),
        "created"
            | "compiling"
            | "scheduling"
            | "restarting"
            | "rescaling"
            | "recovering"
            | "checkpointstopping"
            | "stopping"
            | "finishing"
            | "failing"
    )
}

/// A job as a [`Connector`], so the status views can show it: the pipeline's name, the job's
/// state and health, its failure message as the trace, tasks/run/times as notes.
pub fn job_to_connector(job: &Job, pipeline_name: &str) -> Connector {
    let mut notes = Vec::new();
    if let Some(p) = &job.pipeline_id {
        notes.push(Detail::new("Pipeline", p));
    }
    if let Some(t) = job.tasks {
        notes.push(Detail::new("Tasks", t.to_string()));
    }
    if let Some(r) = job.run_id {
        notes.push(Detail::new("Run", r.to_string()));
    }
    if let Some(s) = &job.start_time {
        notes.push(Detail::new("Started", s));
    }
    if let Some(f) = &job.finish_time {
        notes.push(Detail::new("Finished", f));
    }
    Connector {
        id: job.id.clone(),
        name: if pipeline_name.trim().is_empty() {
            job.pipeline_id.clone().unwrap_or_else(|| job.id.clone())
        } else {
            pipeline_name.to_string()
        },
        type_id: "pipeline".into(),
        type_name: "Pipeline".into(),
        kind: ConnectorKind::Source,
        health: job_health(&job.state),
        raw_state: job.state.clone(),
        desired_state: job
            .running_desired
            .map(|r| if r { "Running" } else { "Stopped" }.to_string()),
        tasks: Vec::new(),
        trace: job.failure_message.clone(),
        config: Map::new(),
        created: job.created_at.clone(),
        notes,
    }
}

// ---------------------------------------------------------------------------------------------
// Errors

/// Turns a non-2xx response into an [`ApiError`]. Reads Laminar's
/// `{"error": {"code", "message", "details"}}` (a `details.reason` is appended; field paths in
/// `details` become field errors) and Arroyo's `{"error": "message"}` (serde's
/// "missing field `x`" becomes a field error). Field error keys are JSON pointers into the
/// request body: `/config/bootstrapServers` for a form field, `/name` for the name (see
/// [`config_pointer`]).
pub fn parse_error(resp: &HttpResponse) -> ApiError {
    let status = resp.status;
    let parsed: Option<Value> = serde_json::from_str(&resp.body).ok();
    let mut fields = Vec::new();
    let mut message = match parsed.as_ref() {
        Some(v) => match v.get("error") {
            Some(Value::String(s)) => {
                fields.extend(serde_missing_fields(s));
                s.trim().to_string()
            }
            Some(e @ Value::Object(_)) => {
                if let Some(d) = e.get("details") {
                    fields.extend(detail_fields(d));
                }
                error_text(e)
            }
            _ => ["message", "detail"]
                .iter()
                .find_map(|k| v.get(*k).and_then(Value::as_str))
                .unwrap_or_default()
                .trim()
                .to_string(),
        },
        None => {
            let t = resp.body.trim();
            if !t.is_empty() && t.len() < 300 && !t.starts_with('<') {
                t.to_string()
            } else {
                String::new()
            }
        }
    };
    if message.is_empty() {
        message = if fields.is_empty() {
            status_text(status)
        } else {
            format!(
                "The server rejected {} field{}; see the marked fields.",
                fields.len(),
                if fields.len() == 1 { "" } else { "s" }
            )
        };
    }
    ApiError::Http {
        status,
        message,
        fields,
        retry_after: retry_after(resp),
    }
}

/// The message of a Laminar error object, with `details.reason` appended.
fn error_text(e: &Value) -> String {
    let base = get_str(e, "message")
        .or_else(|| get_str(e, "code"))
        .unwrap_or_default();
    let reason = e.get("details").and_then(|d| {
        ["reason", "cause", "hint"]
            .iter()
            .find_map(|k| get_str(d, k))
    });
    match reason {
        Some(r) if !base.is_empty() => format!("{}: {r}", base.trim_end_matches('.')),
        Some(r) => r,
        None => base,
    }
}

/// Turns a field path as servers print it (`config.auth.user`, `/config/topic`, `name`,
/// `config[0]`) into a JSON pointer into the request body. A bare key other than the body's
/// own (`name`, `connector`, `description`) is taken as a config key.
pub fn field_pointer(path: &str) -> String {
    let p = path.trim().trim_start_matches("$.").trim_start_matches('#');
    if p.starts_with('/') {
        return p.to_string();
    }
    let segs: Vec<String> = p
        .replace('[', ".")
        .replace(']', "")
        .split('.')
        .filter(|s| !s.is_empty())
        .map(crate::schema::escape_pointer)
        .collect();
    match segs.first().map(String::as_str) {
        Some(
            "config" | "name" | "connector" | "description" | "schema" | "connection_profile_id",
        ) => {
            format!("/{}", segs.join("/"))
        }
        _ => format!("/config/{}", segs.join("/")),
    }
}

/// The form pointer of a config field error (`/config/auth/user` → `/auth/user`).
pub fn config_pointer(key: &str) -> Option<&str> {
    key.strip_prefix("/config")
        .filter(|r| r.is_empty() || r.starts_with('/'))
}

fn detail_fields(d: &Value) -> Vec<FieldError> {
    let item = |v: &Value| -> Option<FieldError> {
        let path = ["field", "path", "pointer", "loc", "key"]
            .iter()
            .find_map(|k| match v.get(*k)? {
                Value::String(s) => Some(s.clone()),
                Value::Array(a) => Some(
                    a.iter()
                        .map(|x| match x {
                            Value::String(s) => s.clone(),
                            other => other.to_string(),
                        })
                        .collect::<Vec<_>>()
                        .join("."),
                ),
                _ => None,
            })?;
        let message = ["message", "msg", "reason", "error"]
            .iter()
            .find_map(|k| v.get(*k).and_then(Value::as_str))
            .unwrap_or("Invalid value.");
        Some(FieldError {
            key: field_pointer(&path),
            message: message.to_string(),
        })
    };
    match d {
        Value::Array(items) => items.iter().filter_map(item).collect(),
        Value::Object(m) => {
            let mut out: Vec<FieldError> = Vec::new();
            for k in ["fields", "errors", "violations"] {
                if let Some(Value::Array(items)) = m.get(k) {
                    out.extend(items.iter().filter_map(item));
                }
            }
            if let Some(one) = item(d) {
                out.push(one);
            }
            // {"config.topic": "must be set"}: keys that are paths.
            for (k, v) in m {
                let looks_like_path =
                    k.starts_with('/') || k.starts_with("config.") || k.starts_with("config/");
                if let (true, Some(msg)) = (looks_like_path, v.as_str()) {
                    out.push(FieldError {
                        key: field_pointer(k),
                        message: msg.to_string(),
                    });
                }
            }
            out
        }
        _ => Vec::new(),
    }
}

/// serde's "missing field `x`" inside Arroyo's "Failed to parse config: …" messages.
fn serde_missing_fields(msg: &str) -> Vec<FieldError> {
    let mut out = Vec::new();
    let mut rest = msg;
    while let Some(i) = rest.find("missing field `") {
        let after = &rest[i + "missing field `".len()..];
        let Some(end) = after.find('`') else { break };
        let key = &after[..end];
        if !key.is_empty() {
            out.push(FieldError {
                key: format!("/config/{}", crate::schema::escape_pointer(key)),
                message: format!("{} is required.", crate::schema::humanize(key)),
            });
        }
        rest = &after[end..];
    }
    out
}

/// Passes a successful response through, or maps an error response.
pub fn check(resp: HttpResponse) -> Result<HttpResponse, ApiError> {
    if resp.ok() {
        Ok(resp)
    } else {
        Err(parse_error(&resp))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn camel_case_aliases() {
        assert_eq!(camel("connection_profile_id"), "connectionProfileId");
        let v = json!({"tableType": "source", "created_at": 1});
        assert_eq!(get_str(&v, "table_type").as_deref(), Some("source"));
        assert!(get(&v, "created_at").is_some());
    }

    #[test]
    fn timestamps_by_magnitude() {
        let want = "2024-01-01T00:00:00.000000Z";
        assert_eq!(timestamp_text(&json!(1_704_067_200)).as_deref(), Some(want));
        assert_eq!(
            timestamp_text(&json!(1_704_067_200_000u64)).as_deref(),
            Some(want)
        );
        assert_eq!(
            timestamp_text(&json!(1_704_067_200_000_000u64)).as_deref(),
            Some(want)
        );
        assert_eq!(
            timestamp_text(&json!("2024-01-01T00:00:00Z")).as_deref(),
            Some("2024-01-01T00:00:00Z")
        );
        assert_eq!(timestamp_text(&json!(null)), None);
    }

    #[test]
    fn field_paths_become_pointers() {
        assert_eq!(
            field_pointer("config.authentication.username"),
            "/config/authentication/username"
        );
        assert_eq!(
            field_pointer("bootstrap_servers"),
            "/config/bootstrap_servers"
        );
        assert_eq!(field_pointer("name"), "/name");
        assert_eq!(field_pointer("/config/topic"), "/config/topic");
        assert_eq!(field_pointer("config.addresses[1]"), "/config/addresses/1");
        assert_eq!(config_pointer("/config/topic"), Some("/topic"));
        assert_eq!(config_pointer("/configs/topic"), None);
        assert_eq!(config_pointer("/name"), None);
    }
}
