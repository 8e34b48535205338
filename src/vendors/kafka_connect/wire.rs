//! Apache Kafka Connect's REST API (the open-source base that managed Kafka Connect services
//! share, and which they extend).
//!
//! Catalog: `GET /connector-plugins?connectorsOnly=true` lists plugin classes; a plugin's form
//! comes from `PUT /connector-plugins/{class}/config/validate`, re-run as the user edits because
//! visibility, recommended values and errors depend on the config. Instances:
//! `GET /connectors?expand=status&expand=info`, `GET|PUT /connectors/{name}/config`,
//! `GET /connectors/{name}/status`, `PUT /connectors/{name}/pause|resume|stop`,
//! `POST /connectors/{name}/restart`, `POST /connectors/{name}/tasks/{id}/restart`,
//! `DELETE /connectors/{name}`. Errors: `{"error_code", "message"}`.
//!
//! Config values are strings on the wire. `PUT /connectors/{name}/config` *replaces* the whole
//! config, so an edit must send back every key it does not change: keys the definitions do not
//! list ([`extra_keys`]: converters, transforms, client overrides), `${provider:path:key}`
//! references ([`is_reference`]) and secrets the server returned masked, all verbatim
//! ([`config_for_save`] does this).

use std::collections::BTreeSet;

use serde_json::{json, Map, Value};

use crate::http::{
    percent_encode, retry_after, status_text, ApiError, HttpRequest, HttpResponse, Method,
};
use crate::model::catalog::{
    value_to_text, Catalog, Choice, ConnectorKind, ConnectorType, Detail, Field, FieldSize,
    FormSource, Group, ValueType, Widget,
};
use crate::model::form::{encode, is_masked, FieldError, Input, Mode, Values};
use crate::model::status::{Connector, Health, Task};
use crate::model::validation::{FieldState, Validation};

/// What [`parse_status`] reads from a status document: the connector's state, its trace (if
/// any), its tasks in id order and its `type` (`source`, `sink`, `unknown`), when given.
pub type StatusParts = (String, Option<String>, Vec<Task>, Option<String>);

/// The value Kafka Connect prints for a `PASSWORD` in a validate response.
pub const HIDDEN: &str = "[hidden]";

// ---------------------------------------------------------------------------------------------
// Catalog
// ---------------------------------------------------------------------------------------------

/// `GET /connector-plugins?connectorsOnly=true`: the installed connector plugins.
pub fn plugins_request() -> HttpRequest {
    HttpRequest::new(Method::Get, "/connector-plugins").query("connectorsOnly", "true")
}

/// Parses the plugin list `[{"class","type","version"}]` into connector types whose forms come
/// from validation ([`FormSource::Validate`], no fields yet). Items without a class, and plugins
/// that are not connectors (converters, transforms — sent when `connectorsOnly` is ignored), are
/// skipped and listed in [`Catalog::skipped`]. Types are sorted by name.
pub fn parse_plugins(body: &str) -> Result<Catalog, ApiError> {
    let root: Value = serde_json::from_str(body)
        .map_err(|e| ApiError::Malformed(format!("the plugin list is not valid JSON ({e})")))?;
    let Value::Array(items) = root else {
        return Err(ApiError::Malformed(
            "the plugin list is not a JSON array".into(),
        ));
    };
    let mut catalog = Catalog::default();
    for (i, item) in items.iter().enumerate() {
        match plugin_type(item) {
            Ok(ct) => {
                if catalog.types.iter().any(|t| t.id == ct.id) {
                    catalog.skipped.push(format!(
                        "Plugin “{}” is listed twice; kept the first.",
                        ct.id
                    ));
                } else {
                    catalog.types.push(ct);
                }
            }
            Err(why) => {
                let label = item
                    .get("class")
                    .and_then(Value::as_str)
                    .map(|c| format!("“{c}”"))
                    .unwrap_or_else(|| format!("#{}", i + 1));
                catalog.skipped.push(format!("Plugin {label}: {why}"));
            }
        }
    }
    catalog.types.sort_by_key(|t| t.name.to_lowercase());
    Ok(catalog)
}

fn plugin_type(item: &Value) -> Result<ConnectorType, String> {
    let obj = item.as_object().ok_or("it is not an object")?;
    let class = match obj.get("class") {
        Some(Value::String(c)) if !c.trim().is_empty() => c.trim().to_string(),
        _ => return Err("it has no `class`".into()),
    };
    let kind = match obj.get("type").and_then(Value::as_str) {
        Some(t) => {
            kind_of(t).ok_or_else(|| format!("type “{t}” is not a source or sink connector"))?
        }
        None => return Err("it has no `type`".into()),
    };
    let mut details = Vec::new();
    if let Some(v) = obj.get("version").and_then(Value::as_str) {
        if !v.trim().is_empty() {
            details.push(Detail::new("Version", v.trim()));
        }
    }
    details.push(Detail::new("Class", class.clone()));
    Ok(ConnectorType {
        name: readable_name(&class),
        id: class,
        kind,
        form: FormSource::Validate,
        details,
        ..Default::default()
    })
}

/// `source` → Source, `sink` → Destination (case-insensitive); anything else is not a connector.
pub fn kind_of(t: &str) -> Option<ConnectorKind> {
    match t.trim().to_ascii_lowercase().as_str() {
        "source" => Some(ConnectorKind::Source),
        "sink" => Some(ConnectorKind::Destination),
        _ => None,
    }
}

/// A display name from a connector class: the last dotted segment with a trailing `Connector`
/// dropped, CamelCase split into words, acronyms and digits kept together
/// (`…connect.s3.S3SinkConnector` → "S3 Sink",
/// `io.debezium.connector.postgresql.PostgresConnector` → "Postgres"). Managed services'
/// aliases in SCREAMING_SNAKE case are title-cased (`S3_SINK` → "S3 Sink").
pub fn readable_name(class: &str) -> String {
    let last = class
        .trim()
        .rsplit(['.', '$', '/'])
        .find(|s| !s.is_empty())
        .unwrap_or_default();
    if last.is_empty() {
        return class.trim().to_string();
    }
    let base = match last.strip_suffix("Connector") {
        Some(b) if !b.is_empty() => b,
        _ => last,
    };
    let mut words: Vec<String> = Vec::new();
    for part in base.split(['_', '-', ' ']).filter(|p| !p.is_empty()) {
        let shouting = part.chars().any(|c| c.is_ascii_alphabetic())
            && !part.chars().any(|c| c.is_ascii_lowercase());
        if shouting && base.contains('_') {
            words.push(title_case(part));
        } else {
            words.extend(split_camel(part));
        }
    }
    if words.is_empty() {
        return last.to_string();
    }
    words.join(" ")
}

/// "SINK" → "Sink"; words with digits ("S3") stay as they are.
fn title_case(word: &str) -> String {
    if word.chars().any(|c| c.is_ascii_digit()) {
        return word.to_string();
    }
    let mut chars = word.chars();
    match chars.next() {
        Some(f) => f
            .to_uppercase()
            .chain(chars.flat_map(char::to_lowercase))
            .collect(),
        None => String::new(),
    }
}

/// Splits CamelCase: a new word starts at an uppercase letter after a lowercase letter or digit,
/// or at the last capital of an acronym that is followed by a lowercase letter ("JDBCSink" →
/// "JDBC", "Sink"). Digits stay with the letters before them ("S3", "Db2").
fn split_camel(s: &str) -> Vec<String> {
    let chars: Vec<char> = s.chars().collect();
    let mut words = Vec::new();
    let mut current = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if i > 0 && c.is_uppercase() {
            let prev = chars[i - 1];
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_lowercase());
            if prev.is_lowercase() || prev.is_ascii_digit() || (prev.is_uppercase() && next_lower) {
                words.push(std::mem::take(&mut current));
            }
        }
        current.push(c);
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
}

// ---------------------------------------------------------------------------------------------
// Validation: the form source
// ---------------------------------------------------------------------------------------------

/// `PUT /connector-plugins/{class}/config/validate` with `config` as strings (nulls dropped)
/// and `connector.class` set to `class`.
pub fn validate_request(class: &str, config: &Map<String, Value>) -> HttpRequest {
    let mut body = wire_config(config);
    body.insert("connector.class".into(), Value::String(class.to_string()));
    HttpRequest::new(
        Method::Put,
        format!(
            "/connector-plugins/{}/config/validate",
            percent_encode(class)
        ),
    )
    .json(Value::Object(body))
}

/// A config as Kafka Connect wants it: every value a string, `null`s dropped. Arrays become
/// comma-joined lists, objects their JSON text.
pub fn wire_config(config: &Map<String, Value>) -> Map<String, Value> {
    config
        .iter()
        .filter_map(|(k, v)| wire_value(v).map(|s| (k.clone(), Value::String(s))))
        .collect()
}

/// One value as a config string; `None` for `null`.
pub fn wire_value(v: &Value) -> Option<String> {
    match v {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        Value::Array(items) => Some(
            items
                .iter()
                .filter(|i| !i.is_null())
                .map(value_to_text)
                .collect::<Vec<_>>()
                .join(","),
        ),
        other => Some(value_to_text(other)),
    }
}

/// Parses a validate response into field definitions and per-field states.
///
/// Mapping: `group` → [`Group`] (ids in the order of the response's `groups`, groups it does
/// not list appended in first-seen order; no group → "General"), sorted by `order` within a
/// group; `display_name` → label (then a managed service's `alias`, then the key); `documentation` →
/// help (a non-empty `alias` that differs from the key is mentioned there); `required`;
/// `default_value` → default as a JSON string (`null` and `""` → none: there is nothing to
/// prefill); `importance` other than `HIGH` → advanced; `width` → [`FieldSize`]. Types:
/// `BOOLEAN` → toggle; `INT`, `SHORT`, `LONG` → whole numbers within the Java type's range;
/// `DOUBLE` → number; `PASSWORD` → password, secret; `LIST` → multi-select with free entry over
/// the recommended values; `STRING`/`CLASS` → select when values are recommended, else text;
/// anything else → text. Every field's value type is [`ValueType::String`]: config values are
/// strings on the wire (the form engine joins lists with commas and prints booleans).
/// `connector.class` is read-only.
///
/// States carry the resolved value, recommended values, errors and `visible`. A secret's value
/// (`[hidden]` from Kafka Connect, `****…` from managed services) is not a value, nor is a
/// managed service's `""` for an unset field: both become `None`.
/// Entries without a definition name are dropped; nothing here panics on odd input. A managed
/// service's per-entry `metadata` is ignored.
pub fn parse_validation(body: &str) -> Result<Validation, ApiError> {
    let root: Value = serde_json::from_str(body)
        .map_err(|e| ApiError::Malformed(format!("the validation is not valid JSON ({e})")))?;
    let configs = root
        .get("configs")
        .and_then(Value::as_array)
        .ok_or_else(|| ApiError::Malformed("the validation has no `configs` array".into()))?;

    let mut group_ids: Vec<String> = root
        .get("groups")
        .and_then(Value::as_array)
        .map(|g| {
            g.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    group_ids.dedup();

    let mut fields: Vec<(usize, Field)> = Vec::new();
    let mut states = Vec::new();
    for (i, entry) in configs.iter().enumerate() {
        let Some(def) = entry.get("definition").and_then(Value::as_object) else {
            continue;
        };
        let Some(key) = def
            .get("name")
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|k| !k.is_empty())
        else {
            continue;
        };
        if fields.iter().any(|(_, f)| f.key == key) {
            continue;
        }
        let value = entry.get("value").and_then(Value::as_object);
        let recommended: Vec<String> = value
            .and_then(|v| v.get("recommended_values"))
            .and_then(Value::as_array)
            .map(|r| {
                r.iter()
                    .filter(|x| !x.is_null())
                    .map(value_to_text)
                    .collect()
            })
            .unwrap_or_default();
        let field = field_of(key, def, &recommended);
        if !group_ids.contains(&field.group) {
            group_ids.push(field.group.clone());
        }
        let resolved = value
            .and_then(|v| v.get("value"))
            .and_then(wire_value)
            .filter(|s| {
                !(s.is_empty()
                    || is_masked(&Value::String(s.clone()))
                    || (field.secret && s == HIDDEN))
            });
        states.push(FieldState {
            key: key.to_string(),
            value: resolved,
            recommended,
            errors: value
                .and_then(|v| v.get("errors"))
                .and_then(Value::as_array)
                .map(|e| {
                    e.iter()
                        .filter(|x| !x.is_null())
                        .map(value_to_text)
                        .collect()
                })
                .unwrap_or_default(),
            visible: value
                .and_then(|v| v.get("visible"))
                .and_then(Value::as_bool)
                .unwrap_or(true),
        });
        fields.push((i, field));
    }
    let rank = |g: &str| group_ids.iter().position(|x| x == g).unwrap_or(usize::MAX);
    fields.sort_by_key(|(i, f)| (rank(&f.group), f.order, *i));
    let error_count = root
        .get("error_count")
        .and_then(Value::as_u64)
        .map(|n| n.min(u32::MAX as u64) as u32)
        .unwrap_or_else(|| states.iter().map(|s| s.errors.len() as u32).sum());
    Ok(Validation {
        error_count,
        groups: group_ids
            .into_iter()
            .map(|id| Group {
                label: id.clone(),
                id,
            })
            .collect(),
        fields: fields.into_iter().map(|(_, f)| f).collect(),
        states,
    })
}

fn field_of(key: &str, def: &Map<String, Value>, recommended: &[String]) -> Field {
    let text = |k: &str| {
        def.get(k)
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
    };
    let ty = text("type").unwrap_or("STRING").to_ascii_uppercase();
    let choices: Vec<Choice> = {
        let mut out: Vec<Choice> = Vec::new();
        for r in recommended {
            if !out.iter().any(|c| c.key() == *r) {
                out.push(Choice {
                    value: Value::String(r.clone()),
                    label: r.clone(),
                });
            }
        }
        out
    };
    let int = |min: f64, max: f64| Widget::Number {
        min: Some(min),
        max: Some(max),
        integer: true,
    };
    // The secret policy decides: `PASSWORD`, or a credential-like name on a `STRING`.
    let secret = ty == "PASSWORD"
        || crate::secret::marks_secret(def)
        || (matches!(ty.as_str(), "STRING" | "PASSWORD") && crate::secret::key_names_secret(key));
    let widget = match ty.as_str() {
        "BOOLEAN" => Widget::Toggle,
        "INT" => int(i32::MIN as f64, i32::MAX as f64),
        "SHORT" => int(i16::MIN as f64, i16::MAX as f64),
        "LONG" => int(i64::MIN as f64, i64::MAX as f64),
        "DOUBLE" => Widget::Number {
            min: None,
            max: None,
            integer: false,
        },
        "PASSWORD" => Widget::Password,
        _ if secret => Widget::Password,
        "LIST" => Widget::MultiSelect {
            choices,
            free_entry: true,
        },
        "STRING" | "CLASS" if !choices.is_empty() => Widget::Select { choices },
        _ => Widget::Text,
    };
    let alias = text("alias").filter(|a| *a != key);
    let label = text("display_name").or(alias).unwrap_or(key).to_string();
    let mut help = text("documentation").unwrap_or_default().to_string();
    if let Some(a) = alias.filter(|a| *a != label) {
        if !help.is_empty() {
            help.push(' ');
        }
        help.push_str(&format!("Also known as “{a}”."));
    }
    let default = match def.get("default_value") {
        None | Some(Value::Null) => None,
        Some(v) => wire_value(v).filter(|s| !s.is_empty()).map(Value::String),
    };
    let size = match text("width").map(str::to_ascii_uppercase).as_deref() {
        Some("SHORT") => FieldSize::Short,
        Some("MEDIUM") => FieldSize::Medium,
        Some("LONG") => FieldSize::Long,
        _ => FieldSize::Default,
    };
    let importance = text("importance").unwrap_or_default();
    Field {
        key: key.to_string(),
        label,
        help,
        secret,
        widget,
        value_type: ValueType::String,
        default,
        required: def
            .get("required")
            .and_then(Value::as_bool)
            .unwrap_or(false),
        group: text("group").unwrap_or("General").to_string(),
        order: def
            .get("order")
            .and_then(|o| o.as_i64().or_else(|| o.as_str()?.trim().parse().ok()))
            .unwrap_or(i64::MAX),
        advanced: !importance.eq_ignore_ascii_case("HIGH"),
        readonly: key == "connector.class",
        size,
        ..Default::default()
    }
}

/// The plugin with its form filled in from a validation: fields and groups replaced, everything
/// else (id, name, kind, details) kept. All definitions stay fields, `connector.class`
/// read-only; the UI itself hides `name` (asked for separately) and `connector.class` (fixed by
/// the chosen plugin).
pub fn type_from_validation(plugin: &ConnectorType, v: &Validation) -> ConnectorType {
    let mut ct = plugin.clone();
    ct.fields = v.fields.clone();
    for f in &mut ct.fields {
        if f.key == "connector.class" {
            f.readonly = true;
        }
    }
    ct.groups = v.groups.clone();
    ct.form = FormSource::Validate;
    ct
}

/// Removes the errors a validation reports for secrets that are kept on the server (set, but
/// not known to the app, so absent from the validated config) and lowers `error_count`.
pub fn drop_kept_secret_errors(v: &mut Validation, mode: &Mode) {
    let secrets: BTreeSet<String> = v
        .fields
        .iter()
        .filter(|f| f.secret && mode.secret_is_set(&f.key))
        .map(|f| f.key.clone())
        .collect();
    let mut dropped = 0u32;
    for s in v.states.iter_mut().filter(|s| secrets.contains(&s.key)) {
        dropped += s.errors.len() as u32;
        s.errors.clear();
    }
    v.error_count = v.error_count.saturating_sub(dropped);
}

// ---------------------------------------------------------------------------------------------
// Connectors and their status
// ---------------------------------------------------------------------------------------------

/// Health from a connector state and its tasks, honestly aggregated:
///
/// | connector state          | tasks                                   | health   |
/// |--------------------------|-----------------------------------------|----------|
/// | `FAILED`                 | any                                     | Failed   |
/// | `RUNNING`                | none yet                                | Starting |
/// | `RUNNING`                | all `FAILED`                            | Failed   |
/// | `RUNNING`                | some `FAILED` (even 1 of 10)            | Degraded |
/// | `RUNNING`                | others `UNASSIGNED`/`RESTARTING`        | Starting |
/// | `RUNNING`                | all `RUNNING`                           | Running  |
/// | `RUNNING`                | otherwise (a task `PAUSED`, `STOPPED`…) | Degraded |
/// | `PAUSED`                 | any                                     | Paused   |
/// | `STOPPED`                | any                                     | Stopped  |
/// | `UNASSIGNED`/`RESTARTING`| any                                     | Starting |
/// | anything else            | any                                     | Unknown  |
///
/// States compare case-insensitively.
pub fn health_of(connector_state: &str, tasks: &[Task]) -> Health {
    let is = |t: &Task, s: &str| t.state.trim().eq_ignore_ascii_case(s);
    match connector_state.trim().to_ascii_uppercase().as_str() {
        "FAILED" => Health::Failed,
        "RUNNING" => {
            if tasks.is_empty() {
                Health::Starting
            } else if tasks.iter().all(Task::failed) {
                Health::Failed
            } else if tasks.iter().any(Task::failed) {
                Health::Degraded
            } else if tasks.iter().all(|t| is(t, "RUNNING")) {
                Health::Running
            } else if tasks
                .iter()
                .all(|t| is(t, "RUNNING") || is(t, "UNASSIGNED") || is(t, "RESTARTING"))
            {
                Health::Starting
            } else {
                Health::Degraded
            }
        }
        "PAUSED" => Health::Paused,
        "STOPPED" => Health::Stopped,
        "UNASSIGNED" | "RESTARTING" => Health::Starting,
        _ => Health::Unknown,
    }
}

fn connector_path(name: &str) -> String {
    format!("/connectors/{}", percent_encode(name))
}

/// `GET /connectors?expand=status&expand=info`: every connector with its status and config.
pub fn list_request() -> HttpRequest {
    HttpRequest::new(Method::Get, "/connectors")
        .query("expand", "status")
        .query("expand", "info")
}

/// Parses the expanded connector list (a map keyed by connector name). Entries missing `status`
/// or `info` still appear with what is known (state `UNKNOWN` without a status); a plain array
/// of names (servers without `expand`) gives one unknown-state entry per name. Sorted by name.
pub fn parse_list(body: &str) -> Result<Vec<Connector>, ApiError> {
    let root: Value = serde_json::from_str(body)
        .map_err(|e| ApiError::Malformed(format!("the connector list is not valid JSON ({e})")))?;
    let mut out: Vec<Connector> = match root {
        Value::Object(map) => map
            .iter()
            .map(|(name, entry)| {
                let config = entry
                    .get("info")
                    .and_then(|i| i.get("config"))
                    .and_then(Value::as_object)
                    .cloned()
                    .unwrap_or_default();
                let info_type = entry
                    .get("info")
                    .and_then(|i| i.get("type"))
                    .and_then(Value::as_str)
                    .map(str::to_string);
                let status = entry.get("status").map(status_parts);
                let mut c = connector_from(
                    name,
                    config,
                    status.unwrap_or_else(|| ("UNKNOWN".into(), None, Vec::new(), None)),
                );
                if let Some(k) = info_type.as_deref().and_then(kind_of) {
                    c.kind = k;
                }
                c
            })
            .collect(),
        Value::Array(names) => names
            .iter()
            .filter_map(Value::as_str)
            .map(|n| connector_from(n, Map::new(), ("UNKNOWN".into(), None, Vec::new(), None)))
            .collect(),
        _ => {
            return Err(ApiError::Malformed(
                "the connector list is neither a map nor an array".into(),
            ))
        }
    };
    out.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(out)
}

/// `GET /connectors/{name}/status`.
pub fn status_request(name: &str) -> HttpRequest {
    HttpRequest::new(Method::Get, format!("{}/status", connector_path(name)))
}

/// `GET /connectors/{name}/config`.
pub fn config_request(name: &str) -> HttpRequest {
    HttpRequest::new(Method::Get, format!("{}/config", connector_path(name)))
}

/// Parses a status document `{name, connector{state, worker_id, trace}, tasks[{id, state,
/// worker_id, trace}], type}`: see [`StatusParts`]. Empty traces are `None`; tasks are sorted
/// by id. A task `msg` (as managed services send) is read as the task trace.
pub fn parse_status(body: &str) -> Result<StatusParts, ApiError> {
    let v: Value = serde_json::from_str(body)
        .map_err(|e| ApiError::Malformed(format!("the status is not valid JSON ({e})")))?;
    if !v.is_object() {
        return Err(ApiError::Malformed(
            "the status is not a JSON object".into(),
        ));
    }
    Ok(status_parts(&v))
}

/// The parts of a status object (shared with the vendors that reuse this wire format).
pub(crate) fn status_parts(v: &Value) -> StatusParts {
    let nonempty = |x: Option<&Value>| {
        x.and_then(Value::as_str)
            .filter(|s| !s.trim().is_empty())
            .map(str::to_string)
    };
    let conn = v.get("connector");
    let state = conn
        .and_then(|c| c.get("state"))
        .and_then(Value::as_str)
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "UNKNOWN".into());
    let trace = nonempty(conn.and_then(|c| c.get("trace")));
    let mut tasks: Vec<Task> = v
        .get("tasks")
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .filter(|t| t.is_object())
                .enumerate()
                .map(|(i, t)| Task {
                    id: match t.get("id") {
                        Some(Value::Null) | None => i.to_string(),
                        Some(id) => value_to_text(id),
                    },
                    state: t
                        .get("state")
                        .and_then(Value::as_str)
                        .unwrap_or("UNKNOWN")
                        .to_string(),
                    worker: nonempty(t.get("worker_id")),
                    trace: nonempty(t.get("trace")).or_else(|| nonempty(t.get("msg"))),
                })
                .collect()
        })
        .unwrap_or_default();
    sort_tasks(&mut tasks);
    let ty = v.get("type").and_then(Value::as_str).map(str::to_string);
    (state, trace, tasks, ty)
}

/// Sorts tasks by numeric id (ids that are not numbers after those, by text).
pub(crate) fn sort_tasks(tasks: &mut [Task]) {
    tasks.sort_by(|a, b| match (a.id.parse::<u64>(), b.id.parse::<u64>()) {
        (Ok(x), Ok(y)) => x.cmp(&y),
        (Ok(_), Err(_)) => std::cmp::Ordering::Less,
        (Err(_), Ok(_)) => std::cmp::Ordering::Greater,
        _ => a.id.cmp(&b.id),
    });
}

/// Parses `GET /connectors/{name}/config`: a map of strings.
pub fn parse_config(body: &str) -> Result<Map<String, Value>, ApiError> {
    match serde_json::from_str::<Value>(body) {
        Ok(Value::Object(m)) => Ok(m),
        Ok(_) => Err(ApiError::Malformed(
            "the config is not a JSON object".into(),
        )),
        Err(e) => Err(ApiError::Malformed(format!(
            "the config is not valid JSON ({e})"
        ))),
    }
}

/// One connector from its config and status, so a detail page can poll a single connector with
/// two requests ([`config_request`], [`status_request`]). The id is the name (connector names
/// are unique per Connect cluster); the kind comes from the status `type`, else from the class
/// name (`…Sink…` → destination), else source.
pub fn connector_from(name: &str, config: Map<String, Value>, status: StatusParts) -> Connector {
    let (raw_state, trace, tasks, ty) = status;
    let class = config
        .get("connector.class")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    let kind = ty
        .as_deref()
        .and_then(kind_of)
        .unwrap_or_else(|| guess_kind(&class));
    Connector {
        id: name.to_string(),
        name: name.to_string(),
        type_name: if class.is_empty() {
            String::new()
        } else {
            readable_name(&class)
        },
        type_id: class,
        kind,
        health: health_of(&raw_state, &tasks),
        raw_state,
        desired_state: None,
        tasks,
        trace,
        config,
        created: None,
        notes: Vec::new(),
    }
}

/// A kind guessed from a class name when the server says `unknown`.
pub(crate) fn guess_kind(class: &str) -> ConnectorKind {
    let last = class.rsplit('.').next().unwrap_or_default();
    if last.contains("Sink") || last.to_ascii_uppercase().contains("SINK") {
        ConnectorKind::Destination
    } else {
        ConnectorKind::Source
    }
}

/// `POST /connectors {"name","config"}`: create only (409 when the name is taken). Values are
/// sent as strings, `null`s dropped.
pub fn create_request(name: &str, config: &Map<String, Value>) -> HttpRequest {
    HttpRequest::new(Method::Post, "/connectors")
        .json(json!({ "name": name, "config": wire_config(config) }))
}

/// `PUT /connectors/{name}/config`: create or replace the whole config. Values are sent as
/// strings, `null`s dropped.
pub fn put_config_request(name: &str, config: &Map<String, Value>) -> HttpRequest {
    HttpRequest::new(Method::Put, format!("{}/config", connector_path(name)))
        .json(Value::Object(wire_config(config)))
}

/// `PUT /connectors/{name}/pause`.
pub fn pause_request(name: &str) -> HttpRequest {
    HttpRequest::new(Method::Put, format!("{}/pause", connector_path(name)))
}

/// `PUT /connectors/{name}/resume` (also starts a stopped connector).
pub fn resume_request(name: &str) -> HttpRequest {
    HttpRequest::new(Method::Put, format!("{}/resume", connector_path(name)))
}

/// `PUT /connectors/{name}/stop` (Kafka 3.5+: shuts the tasks down, keeps the config).
pub fn stop_request(name: &str) -> HttpRequest {
    HttpRequest::new(Method::Put, format!("{}/stop", connector_path(name)))
}

/// `POST /connectors/{name}/restart?includeTasks=..&onlyFailed=..`.
pub fn restart_request(name: &str, include_tasks: bool, only_failed: bool) -> HttpRequest {
    HttpRequest::new(Method::Post, format!("{}/restart", connector_path(name)))
        .query("includeTasks", include_tasks.to_string())
        .query("onlyFailed", only_failed.to_string())
}

/// `POST /connectors/{name}/tasks/{id}/restart`.
pub fn restart_task_request(name: &str, task_id: &str) -> HttpRequest {
    HttpRequest::new(
        Method::Post,
        format!(
            "{}/tasks/{}/restart",
            connector_path(name),
            percent_encode(task_id)
        ),
    )
}

/// `DELETE /connectors/{name}`.
pub fn delete_request(name: &str) -> HttpRequest {
    HttpRequest::new(Method::Delete, connector_path(name))
}

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

/// The first line of Kafka Connect's message when a config is rejected.
const INVALID_CONFIG: &str = "Connector configuration is invalid";

/// Turns a non-2xx response into an [`ApiError`].
///
/// `{"error_code","message"}` gives the message. A rejected config (400, "Connector
/// configuration is invalid and contains the following N error(s): …") is split into one
/// [`FieldError`] per line that names its key (`configuration "x"`, `for configuration x:` or a
/// leading `"x"`);
/// other lines stay in the banner. 404 says the connector no longer exists; 409 says a
/// rebalance is in progress and the request will be retried (see [`is_retryable`]).
/// `Retry-After` is kept. A body that is not JSON gives [`status_text`].
pub fn parse_error(resp: &HttpResponse) -> ApiError {
    let status = resp.status;
    let message = serde_json::from_str::<Value>(&resp.body)
        .ok()
        .and_then(|v| {
            v.get("message")
                .and_then(Value::as_str)
                .map(|s| s.trim().to_string())
        })
        .filter(|s| !s.is_empty());
    let (message, fields) = match message {
        Some(m) => error_message(status, &m),
        None => (status_message(status, None), Vec::new()),
    };
    ApiError::Http {
        status,
        message,
        fields,
        retry_after: retry_after(resp),
    }
}

/// The banner text and field errors for a server message (shared with the vendors that reuse
/// this wire format).
pub(crate) fn error_message(status: u16, message: &str) -> (String, Vec<FieldError>) {
    if message.starts_with(INVALID_CONFIG) {
        return config_errors(message);
    }
    (status_message(status, Some(message)), Vec::new())
}

fn status_message(status: u16, server: Option<&str>) -> String {
    match (status, server) {
        (404, Some(m)) => format!("The connector no longer exists on the server ({m})."),
        (404, None) => "The connector no longer exists on the server.".into(),
        (409, m) => {
            let base = "A rebalance is in progress on the Connect cluster; the request will be retried in a moment.";
            match m {
                Some(m) => format!("{base} ({m})"),
                None => base.into(),
            }
        }
        (_, Some(m)) => m.to_string(),
        (s, None) => status_text(s),
    }
}

/// Splits Kafka Connect's "configuration is invalid" message into field errors and a banner.
fn config_errors(message: &str) -> (String, Vec<FieldError>) {
    let mut fields = Vec::new();
    let mut other = Vec::new();
    for line in message
        .lines()
        .skip(1)
        .map(str::trim)
        .filter(|l| !l.is_empty())
    {
        if line.starts_with("You can also find the above list of errors") {
            continue;
        }
        match key_in(line) {
            Some(key) => fields.push(FieldError {
                key,
                message: sentence(line),
            }),
            None => other.push(sentence(line)),
        }
    }
    let n = fields.len() + other.len();
    let mut banner = format!(
        "The connector configuration is invalid ({n} error{}).",
        if n == 1 { "" } else { "s" }
    );
    if !fields.is_empty() {
        banner.push_str(" See the marked fields.");
    }
    for o in &other {
        banner.push(' ');
        banner.push_str(o);
    }
    (banner, fields)
}

/// The config key a Kafka Connect error line names: `configuration "key"` (quoted),
/// `for configuration key:`, or a leading quoted key (managed services' `"key" is required`).
pub(crate) fn key_in(line: &str) -> Option<String> {
    if let Some(rest) = line.strip_prefix('"') {
        // Managed services' wording: `"flush.size" should be greater than or equal to 1000`.
        let end = rest.find('"')?;
        let key = rest[..end].trim();
        return (!key.is_empty() && !key.contains(' ')).then(|| key.to_string());
    }
    if let Some(i) = line.find("configuration \"") {
        let rest = &line[i + "configuration \"".len()..];
        let end = rest.find('"')?;
        let key = rest[..end].trim();
        return (!key.is_empty()).then(|| key.to_string());
    }
    let i = line.find("for configuration ")?;
    let rest = &line[i + "for configuration ".len()..];
    let key: String = rest
        .chars()
        .take_while(|c| !c.is_whitespace() && *c != ':')
        .collect();
    (!key.is_empty()).then_some(key)
}

/// Capitalizes and ends a server message with a period.
pub(crate) fn sentence(msg: &str) -> String {
    let t = msg.trim();
    let mut s = match t.chars().next() {
        Some(f) => f.to_uppercase().collect::<String>() + &t[f.len_utf8()..],
        None => return "Invalid value.".into(),
    };
    if !s.ends_with(['.', '!', '?']) {
        s.push('.');
    }
    s
}

/// True for errors worth retrying automatically: a 409 (a rebalance in progress) or anything
/// [`ApiError::is_transient`].
pub fn is_retryable(err: &ApiError) -> bool {
    err.status() == Some(409) || err.is_transient()
}

/// Reads a successful response, or maps an error response.
pub fn check(resp: HttpResponse) -> Result<HttpResponse, ApiError> {
    if resp.ok() {
        Ok(resp)
    } else {
        Err(parse_error(&resp))
    }
}

// ---------------------------------------------------------------------------------------------
// Round-tripping stored configs
// ---------------------------------------------------------------------------------------------

/// Keys of a stored config the definitions do not list (converter settings, transforms,
/// client overrides, `connector.class`-specific extras), in key order, values as strings
/// (`null`s dropped). An edit must send these back unchanged.
pub fn extra_keys(ct: &ConnectorType, config: &Map<String, Value>) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = config
        .iter()
        .filter(|(k, _)| ct.field(k).is_none())
        .filter_map(|(k, v)| wire_value(v).map(|s| (k.clone(), s)))
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// True when a value contains a config-provider reference `${provider:path:key}` (or
/// `${provider:key}`), which the worker resolves at run time — e.g.
/// `${file:/opt/secrets.properties:db.password}` or `${vault:secret/db:password}`. Such values
/// are not secrets themselves and must be sent back verbatim. `${topic}` (no provider) is not a
/// reference.
pub fn is_reference(v: &str) -> bool {
    let mut rest = v;
    while let Some(start) = rest.find("${") {
        let after = &rest[start + 2..];
        let Some(end) = after.find('}') else {
            return false;
        };
        let inner = &after[..end];
        if let Some((provider, key)) = inner.split_once(':') {
            let provider_ok = !provider.is_empty()
                && provider
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "_-.".contains(c));
            if provider_ok && !key.is_empty() {
                return true;
            }
        }
        rest = &after[end + 1..];
    }
    false
}

/// The config to `PUT` when saving an edit: the form's encoded values, every [`extra_keys`]
/// entry of the stored config, and — because the PUT replaces the whole config — each secret the
/// user left blank that the server holds (`mode` lists them, see
/// [`values_from_config`](crate::model::form::values_from_config)) with its stored value,
/// verbatim (a mask or reference is sent back exactly as the server gave it). For a new
/// connector pass an empty `stored` map.
pub fn config_for_save(
    ct: &ConnectorType,
    values: &Values,
    mode: &Mode,
    stored: &Map<String, Value>,
) -> Map<String, Value> {
    let mut out = encode(ct, values);
    for (k, v) in extra_keys(ct, stored) {
        out.entry(k).or_insert(Value::String(v));
    }
    for f in ct.fields.iter().filter(|f| f.secret) {
        let blank = values.get(&f.key).is_none_or(Input::is_empty);
        if blank && mode.secret_is_set(&f.key) {
            if let Some(v) = stored.get(&f.key).and_then(wire_value) {
                out.insert(f.key.clone(), Value::String(v));
            }
        }
    }
    wire_config(&out)
}
