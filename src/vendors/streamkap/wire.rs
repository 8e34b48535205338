//! Streamkap's REST API (`https://api.streamkap.com`, no `/api` prefix).
//!
//! Catalog: `GET /{sources|destinations}/connectors[?connector_code=]`, keyed by display name,
//! each value either the property array or an object with a `config` array. Instances:
//! `GET/POST /{kind}`, `GET/PUT/DELETE /{kind}/{id}`. Errors: FastAPI `{"detail": ...}`.

use serde_json::{json, Map, Value};

use crate::auth::Token;
use crate::http::{retry_after, status_text, ApiError, HttpRequest, HttpResponse, Method};
use crate::model::catalog::{
    value_to_text, Catalog, Choice, Condition, ConditionOp, ConnectorKind, ConnectorType, Field,
    Group, ValueType, Widget,
};
use crate::model::form::FieldError;
use crate::model::status::{Connector, Health, Task};

/// The request for a catalog; `code` narrows it to one connector type.
pub fn catalog_request(kind: ConnectorKind, code: Option<&str>) -> HttpRequest {
    let r = HttpRequest::new(Method::Get, format!("/{}/connectors", kind.plural()));
    match code {
        Some(c) => r.query("connector_code", c),
        None => r,
    }
}

/// Parses a catalog response. Malformed connectors and properties are skipped and listed in
/// [`Catalog::skipped`]; only a body that is not a JSON object at all is an error.
pub fn parse_catalog(kind: ConnectorKind, body: &str) -> Result<Catalog, ApiError> {
    let root: Value = serde_json::from_str(body)
        .map_err(|e| ApiError::Malformed(format!("the catalog is not valid JSON ({e})")))?;
    let Value::Object(map) = root else {
        return Err(ApiError::Malformed(
            "the catalog is not a JSON object keyed by connector name".into(),
        ));
    };
    let mut catalog = Catalog::default();
    for (display, entry) in &map {
        match parse_connector(kind, display, entry, &mut catalog.skipped) {
            Ok(ct) => catalog.types.push(ct),
            Err(why) => catalog
                .skipped
                .push(format!("Connector “{display}”: {why}")),
        }
    }
    catalog.types.sort_by_key(|t| t.name.to_lowercase());
    Ok(catalog)
}

/// Reads one connector's definition pasted on its own (the Playground): a property array, or
/// an object with a `config` property array, as the catalog holds them. `None` when `json` has
/// neither shape; skipped properties are listed beside the type.
pub fn read_definition(json: &Value) -> Option<Result<(ConnectorType, Vec<String>), String>> {
    let looks_like_property =
        |p: &Value| p.get("name").is_some_and(Value::is_string) && p.get("value").is_some();
    let ours = match json {
        Value::Array(items) => items.iter().any(looks_like_property),
        Value::Object(o) => o
            .get("config")
            .and_then(Value::as_array)
            .is_some_and(|items| items.iter().any(looks_like_property)),
        _ => false,
    };
    if !ours {
        return None;
    }
    let mut skipped = Vec::new();
    Some(
        parse_connector(
            ConnectorKind::Source,
            "Pasted connector",
            json,
            &mut skipped,
        )
        .map(|ct| (ct, skipped)),
    )
}

/// A connector code derived from its display name: lowercase letters and digits only
/// ("SQL Server (AWS)" → "sqlserveraws"), which is how Streamkap spells its codes.
pub fn code_from_name(name: &str) -> String {
    name.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

fn parse_connector(
    kind: ConnectorKind,
    display: &str,
    entry: &Value,
    skipped: &mut Vec<String>,
) -> Result<ConnectorType, String> {
    let (props, meta) = match entry {
        Value::Array(items) => (items, None),
        Value::Object(obj) => match obj.get("config") {
            Some(Value::Array(items)) => (items, Some(obj)),
            Some(_) => return Err("its `config` is not an array".into()),
            None => return Err("it has no `config` array".into()),
        },
        _ => return Err("it is neither a property array nor an object with `config`".into()),
    };
    let name = meta
        .and_then(|m| m.get("display_name"))
        .and_then(Value::as_str)
        .unwrap_or(display)
        .to_string();
    let code_entry = props.iter().find_map(|p| {
        let n = p.get("name")?.as_str()?;
        (n == "connector.code").then(|| p.get("value")?.get("raw_value")?.as_str())?
    });
    let id = meta
        .and_then(|m| m.get("connector"))
        .and_then(Value::as_str)
        .or(code_entry)
        .map(str::to_string)
        .unwrap_or_else(|| code_from_name(display));
    let description = meta
        .and_then(|m| m.get("description"))
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();

    let mut fields = Vec::new();
    for (i, p) in props.iter().enumerate() {
        match parse_property(p) {
            Ok(Some(f)) => fields.push((i, f)),
            Ok(None) => {}
            Err(why) => {
                let key = p
                    .get("name")
                    .and_then(Value::as_str)
                    .map(|n| format!("“{n}”"))
                    .unwrap_or_else(|| format!("#{}", i + 1));
                skipped.push(format!("{name}: property {key} skipped: {why}"));
            }
        }
    }
    fields.sort_by_key(|(i, f)| (f.order, *i));
    let fields: Vec<Field> = fields.into_iter().map(|(_, f)| f).collect();
    let groups = groups_of(&fields);
    Ok(ConnectorType {
        id,
        name,
        description,
        kind,
        fields,
        groups,
        ..Default::default()
    })
}

/// The sections of a form in display order: the tabs Streamkap uses, in their natural order.
fn groups_of(fields: &[Field]) -> Vec<Group> {
    let rank = |id: &str| match id {
        "auth" => 0,
        "general" => 1,
        "settings" => 2,
        "schema" => 3,
        "smt" => 4,
        _ => 5,
    };
    let mut ids: Vec<&str> = Vec::new();
    for f in fields {
        if !ids.contains(&f.group.as_str()) {
            ids.push(&f.group);
        }
    }
    ids.sort_by_key(|id| rank(id));
    ids.into_iter()
        .map(|id| Group {
            id: id.to_string(),
            label: group_label(id),
        })
        .collect()
}

fn group_label(tab: &str) -> String {
    match tab {
        "auth" => "Connection".into(),
        "general" => "General".into(),
        "settings" => "Settings".into(),
        "schema" => "Schema".into(),
        "smt" => "Transforms".into(),
        other => humanize(other),
    }
}

/// "database.user" → "Database user".
fn humanize(key: &str) -> String {
    let words: Vec<&str> = key
        .split(['.', '_', '-'])
        .filter(|w| !w.is_empty())
        .collect();
    let mut s = words.join(" ");
    if let Some(first) = s.get(0..1) {
        s = first.to_uppercase() + &s[1..];
    }
    s
}

/// Matches server-side placeholders such as `<SSH.PUBLIC.KEY>`.
pub fn is_server_placeholder(s: &str) -> bool {
    s.len() > 2
        && s.starts_with('<')
        && s.ends_with('>')
        && s[1..s.len() - 1]
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || "._-".contains(c))
}

fn parse_property(p: &Value) -> Result<Option<Field>, String> {
    let obj = p.as_object().ok_or("it is not an object")?;
    let key = match obj.get("name") {
        Some(Value::String(s)) if !s.trim().is_empty() => s.clone(),
        _ => return Err("it has no `name`".into()),
    };
    if !obj
        .get("user_defined")
        .and_then(Value::as_bool)
        .unwrap_or(false)
    {
        return Ok(None);
    }
    let value = match obj.get("value") {
        Some(Value::Object(v)) => v,
        None | Some(Value::Null) => return Err("it has no `value` object".into()),
        Some(_) => return Err("its `value` is not an object".into()),
    };
    let control = match value.get("control") {
        Some(Value::String(c)) => c.trim().to_string(),
        None | Some(Value::Null) => "string".into(),
        Some(_) => return Err("its `value.control` is not a string".into()),
    };
    let num = |k: &str| -> Result<Option<f64>, String> {
        match value.get(k) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Number(n)) => Ok(n.as_f64()),
            Some(Value::String(s)) => s
                .trim()
                .parse::<f64>()
                .map(Some)
                .map_err(|_| format!("its `value.{k}` is not a number")),
            Some(_) => Err(format!("its `value.{k}` is not a number")),
        }
    };
    let choices = parse_choices(value.get("raw_values"))?;
    let rows = num("rows")?.map(|r| r.clamp(1.0, 60.0) as u32);
    let mut default = match value.get("default") {
        None | Some(Value::Null) => None,
        Some(v) => Some(v.clone()),
    };
    let mut server_placeholder = None;
    if let Some(Value::String(s)) = &default {
        if is_server_placeholder(s) {
            server_placeholder = Some(s.clone());
            default = None;
        }
    }
    let default_is_number = matches!(default, Some(Value::Number(_)));

    let (widget, value_type) = match control.as_str() {
        "string" | "text" | "autocomplete" => {
            if value.get("multiline").and_then(Value::as_bool) == Some(true) {
                (
                    Widget::TextArea {
                        rows: rows.unwrap_or(4),
                    },
                    ValueType::String,
                )
            } else {
                (Widget::Text, ValueType::String)
            }
        }
        "password" => (Widget::Password, ValueType::String),
        "textarea" | "code-editor" => (
            Widget::TextArea {
                rows: rows.unwrap_or(4),
            },
            ValueType::String,
        ),
        "number" => {
            let integer = match &default {
                Some(v) => crate::model::form::parse_number(&value_to_text(v))
                    .is_some_and(|n| n.fract() == 0.0),
                None => true,
            };
            (
                Widget::Number {
                    min: num("min")?,
                    max: num("max")?,
                    integer,
                },
                // Streamkap stores number controls as strings ("5432") unless the catalog's
                // own default is a JSON number.
                if default_is_number {
                    ValueType::Number
                } else {
                    ValueType::String
                },
            )
        }
        "slider" => match (num("min")?, num("max")?) {
            (Some(min), Some(max)) if min <= max => {
                let step = num("step")?.filter(|s| *s > 0.0).unwrap_or(1.0);
                let integral = [min, max, step].iter().all(|n| n.fract() == 0.0);
                (
                    Widget::Slider { min, max, step },
                    if integral {
                        ValueType::Integer
                    } else {
                        ValueType::Number
                    },
                )
            }
            (Some(_), Some(_)) => return Err("its slider `min` is above its `max`".into()),
            (min, max) => (
                Widget::Number {
                    min,
                    max,
                    integer: false,
                },
                ValueType::Number,
            ),
        },
        "boolean" | "checkbox" => (Widget::Checkbox, ValueType::Bool),
        "toggle" => (Widget::Toggle, ValueType::Bool),
        "one-select" | "select" | "table-one-select" if !choices.is_empty() => {
            (Widget::Select { choices }, ValueType::ChoiceValue)
        }
        "one-select" | "select" | "table-one-select" => (Widget::Text, ValueType::String),
        "multi-select" | "multi_select" | "table-multi-select" => (
            Widget::MultiSelect {
                free_entry: choices.is_empty(),
                choices,
            },
            ValueType::List,
        ),
        "json" => (
            Widget::Json {
                rows: rows.unwrap_or(8),
            },
            ValueType::String,
        ),
        "datetime" => (Widget::DateTime, ValueType::String),
        "file" => (Widget::File, ValueType::String),
        other => (
            Widget::Unknown {
                kind: if other.is_empty() {
                    "(empty)".into()
                } else {
                    other.to_string()
                },
            },
            ValueType::String,
        ),
    };

    let text = |k: &str| obj.get(k).and_then(Value::as_str).map(str::trim);
    let label = text("display_name")
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .unwrap_or_else(|| humanize(&key));
    let flag = |k: &str| obj.get(k).and_then(Value::as_bool).unwrap_or(false);
    let visible_when = parse_conditions(obj.get("conditions"))?;
    // The secret policy decides: `encrypt`, a password control, or a credential-like name.
    let secret = crate::secret::marks_secret(obj)
        || control == "password"
        || (matches!(value_type, ValueType::String) && crate::secret::key_names_secret(&key));
    let widget = match widget {
        Widget::Text if secret => Widget::Password,
        other => other,
    };
    let placeholder = value
        .get("placeholder")
        .and_then(Value::as_str)
        .map(str::to_string)
        .or_else(|| server_placeholder.clone());
    Ok(Some(Field {
        label,
        help: text("description").unwrap_or_default().to_string(),
        widget,
        value_type,
        default,
        server_placeholder,
        required: flag("required"),
        secret,
        group: text("tab")
            .filter(|s| !s.is_empty())
            .unwrap_or("general")
            .to_string(),
        order: obj
            .get("order_of_display")
            .and_then(Value::as_i64)
            .unwrap_or(i64::MAX),
        advanced: flag("display_advanced"),
        visible_when,
        immutable_after_create: flag("set_once"),
        readonly: value.get("readonly").and_then(Value::as_bool) == Some(true),
        placeholder,
        show_last: obj
            .get("show_last")
            .and_then(Value::as_u64)
            .map(|n| n.min(64) as u32),
        key,
        ..Default::default()
    }))
}

fn parse_choices(raw: Option<&Value>) -> Result<Vec<Choice>, String> {
    let items = match raw {
        None | Some(Value::Null) => return Ok(Vec::new()),
        Some(Value::Array(items)) => items,
        Some(_) => return Err("its `raw_values` is not an array".into()),
    };
    let mut out: Vec<Choice> = Vec::with_capacity(items.len());
    for item in items {
        let choice = match item {
            Value::String(_) | Value::Number(_) | Value::Bool(_) => Choice {
                value: item.clone(),
                label: value_to_text(item),
            },
            Value::Object(o) => {
                let v = o
                    .get("value")
                    .filter(|v| matches!(v, Value::String(_) | Value::Number(_) | Value::Bool(_)))
                    .ok_or("a `raw_values` item has no scalar `value`")?;
                Choice {
                    value: v.clone(),
                    label: o
                        .get("label")
                        .and_then(Value::as_str)
                        .map(str::to_string)
                        .unwrap_or_else(|| value_to_text(v)),
                }
            }
            _ => {
                return Err(
                    "a `raw_values` item is not a string, number, boolean or {value,label}".into(),
                )
            }
        };
        if !out.iter().any(|c| c.key() == choice.key()) {
            out.push(choice);
        }
    }
    Ok(out)
}

fn parse_conditions(raw: Option<&Value>) -> Result<Vec<Condition>, String> {
    let items = match raw {
        None | Some(Value::Null) => return Ok(Vec::new()),
        Some(Value::Array(items)) => items,
        Some(_) => return Err("its `conditions` is not an array".into()),
    };
    items
        .iter()
        .map(|c| {
            let op = match c.get("operator").and_then(Value::as_str) {
                Some("EQ") => ConditionOp::Eq,
                Some("NE") => ConditionOp::Ne,
                Some("IN") => ConditionOp::In,
                Some(other) => return Err(format!("unknown condition operator “{other}”")),
                None => return Err("a condition has no `operator`".into()),
            };
            let key = c
                .get("config")
                .and_then(Value::as_str)
                .ok_or("a condition has no `config` key")?
                .to_string();
            Ok(Condition {
                key,
                op,
                value: c.get("value").cloned().unwrap_or(Value::Null),
            })
        })
        .collect()
}

/// Filters and paging of a connector list.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ListQuery {
    /// 1-based page.
    pub page: u32,
    /// Items per page.
    pub page_size: u32,
    /// Name contains.
    pub partial_name: Option<String>,
    /// Only this `connector_status`.
    pub status: Option<String>,
}

/// One page of a list.
#[derive(Clone, Debug, PartialEq)]
pub struct Page<T> {
    /// The items.
    pub items: Vec<T>,
    /// 1-based page number.
    pub page: u32,
    /// Items per page.
    pub page_size: u32,
    /// Items in all pages.
    pub total: u64,
    /// Whether another page follows.
    pub has_next: bool,
}

/// `GET /{kind}?page=&page_size=&partial_name=&status=`.
pub fn list_request(kind: ConnectorKind, q: &ListQuery) -> HttpRequest {
    let mut r = HttpRequest::new(Method::Get, format!("/{}", kind.plural()))
        .query("page", q.page.max(1).to_string())
        .query("page_size", q.page_size.clamp(1, 100).to_string());
    if let Some(n) = q.partial_name.as_deref().filter(|n| !n.is_empty()) {
        r = r.query("partial_name", n);
    }
    if let Some(s) = q.status.as_deref().filter(|s| !s.is_empty()) {
        r = r.query("status", s);
    }
    r
}

/// Parses the list envelope `{result, page, page_size, total, has_next}`. An entry without an
/// `id` is skipped. The entries' configs are not read (`config` is left empty): a list is
/// for status, and [`parse_one`] reads a connector's stored config.
pub fn parse_list(kind: ConnectorKind, body: &str) -> Result<Page<Connector>, ApiError> {
    // A page of 100 connectors with their configs is about 150 KB, and a poll of 2,000 reads
    // twenty: read it straight into typed fields, skipping the configs (most of the bytes,
    // and most of the time when they were read into maps), and fall back to reading it as
    // any JSON value (every field lenient) only where it does not have the expected shape.
    // Every entry typed is one pass over the text; an entry that is not makes it two (the
    // entries split first, so that entry alone is read leniently).
    if let Ok(page) = serde_json::from_str::<fast::Envelope<fast::Item>>(body) {
        return Ok(page.into_page(|item| item.into_connector(kind)));
    }
    if let Ok(page) = serde_json::from_str::<fast::Envelope<&serde_json::value::RawValue>>(body) {
        return Ok(
            page.into_page(|raw| match serde_json::from_str::<fast::Item>(raw.get()) {
                Ok(item) => item.into_connector(kind),
                Err(_) => serde_json::from_str(raw.get())
                    .ok()
                    .and_then(|v| parse_connector_obj(kind, &v))
                    .map(without_config),
            }),
        );
    }
    let v: Value = serde_json::from_str(body)
        .map_err(|e| ApiError::Malformed(format!("the list is not valid JSON ({e})")))?;
    let items = v
        .get("result")
        .and_then(Value::as_array)
        .ok_or_else(|| ApiError::Malformed("the list has no `result` array".into()))?;
    let items: Vec<Connector> = items
        .iter()
        .filter_map(|i| parse_connector_obj(kind, i))
        .map(without_config)
        .collect();
    let n = |k: &str| v.get(k).and_then(Value::as_u64);
    Ok(Page {
        page: n("page").unwrap_or(1) as u32,
        page_size: n("page_size").unwrap_or(items.len() as u64) as u32,
        total: n("total").unwrap_or(items.len() as u64),
        has_next: v.get("has_next").and_then(Value::as_bool).unwrap_or(false),
        items,
    })
}

/// A listed connector: its config is not part of a list (see [`parse_list`]).
fn without_config(mut c: Connector) -> Connector {
    c.config = Map::new();
    c
}

/// The list read into typed fields (the shape every well-formed answer has).
mod fast {
    use std::borrow::Cow;

    use serde::Deserialize;
    use serde_json::{Map, Value};

    use super::{connector_from, ConnectorFields, Page};
    use crate::model::catalog::ConnectorKind;
    use crate::model::status::Connector;

    /// A list answer: its entries (`T`: each entry typed, [`Item`], so the page is read in
    /// one pass — no `flatten`, which would buffer the whole answer — or each left unread,
    /// `&RawValue`) and the paging fields.
    #[derive(Deserialize)]
    pub(super) struct Envelope<T> {
        pub result: Vec<T>,
        page: Option<u64>,
        page_size: Option<u64>,
        total: Option<u64>,
        has_next: Option<bool>,
    }

    impl<T> Envelope<T> {
        /// The page, with its entries turned into connectors by `f` (those it refuses left out).
        pub fn into_page(self, f: impl FnMut(T) -> Option<Connector>) -> Page<Connector> {
            let items: Vec<Connector> = self.result.into_iter().filter_map(f).collect();
            let n = items.len() as u64;
            Page {
                page: self.page.unwrap_or(1) as u32,
                page_size: self.page_size.unwrap_or(n) as u32,
                total: self.total.unwrap_or(n),
                has_next: self.has_next.unwrap_or(false),
                items,
            }
        }
    }

    #[derive(Deserialize)]
    pub(super) struct Item<'a> {
        #[serde(borrow, default)]
        id: Option<Cow<'a, str>>,
        #[serde(borrow, default)]
        name: Option<Cow<'a, str>>,
        #[serde(borrow, default)]
        connector: Option<Cow<'a, str>>,
        #[serde(borrow, default)]
        connector_display_name: Option<Cow<'a, str>>,
        #[serde(borrow, default)]
        connector_status: Option<Cow<'a, str>>,
        #[serde(borrow, default)]
        desired_state: Option<Cow<'a, str>>,
        #[serde(borrow, default)]
        created_timestamp: Option<Cow<'a, str>>,
        #[serde(borrow, default)]
        trace: Option<Cow<'a, str>>,
        #[serde(default)]
        task_statuses: Option<Map<String, Value>>,
        /// Skipped, not read (the list does not show configs).
        #[serde(default, rename = "config")]
        _config: Option<serde::de::IgnoredAny>,
    }

    impl Item<'_> {
        pub fn into_connector(self, kind: ConnectorKind) -> Option<Connector> {
            connector_from(
                kind,
                ConnectorFields {
                    id: self.id.as_deref(),
                    name: self.name.as_deref(),
                    connector: self.connector.as_deref(),
                    display_name: self.connector_display_name.as_deref(),
                    status: self.connector_status.as_deref(),
                    desired_state: self.desired_state.as_deref(),
                    created: self.created_timestamp.as_deref(),
                    trace: self.trace.as_deref(),
                },
                self.task_statuses.as_ref(),
                Map::new(),
            )
        }
    }
}

/// `GET /{kind}/{id}?secret_returned=true`.
pub fn get_request(kind: ConnectorKind, id: &str) -> HttpRequest {
    HttpRequest::new(
        Method::Get,
        format!("/{}/{}", kind.plural(), crate::http::percent_encode(id)),
    )
    .query("secret_returned", "true")
}

/// Parses one connector: either the list wrapper (`result[0]`) or the bare object.
pub fn parse_one(kind: ConnectorKind, body: &str) -> Result<Connector, ApiError> {
    let v: Value = serde_json::from_str(body)
        .map_err(|e| ApiError::Malformed(format!("not valid JSON ({e})")))?;
    let obj = match v.get("result") {
        Some(Value::Array(items)) => items.first().ok_or_else(|| ApiError::Http {
            status: 404,
            message: status_text(404),
            fields: vec![],
            retry_after: None,
        })?,
        _ => &v,
    };
    parse_connector_obj(kind, obj)
        .ok_or_else(|| ApiError::Malformed("the connector has no `id`".into()))
}

/// Maps a Streamkap `connector_status` (and task states) to [`Health`].
pub fn health_of(status: &str, tasks: &[Task]) -> Health {
    match status.to_ascii_lowercase().as_str() {
        "active" if tasks.iter().any(Task::failed) => Health::Degraded,
        "active" => Health::Running,
        "paused" => Health::Paused,
        "stopped" => Health::Stopped,
        "broken" => Health::Failed,
        "starting" | "pending" => Health::Starting,
        "unassigned" => Health::Degraded,
        _ => Health::Unknown,
    }
}

fn parse_connector_obj(kind: ConnectorKind, v: &Value) -> Option<Connector> {
    let s = |k: &str| v.get(k).and_then(Value::as_str);
    connector_from(
        kind,
        ConnectorFields {
            id: s("id"),
            name: s("name"),
            connector: s("connector"),
            display_name: s("connector_display_name"),
            status: s("connector_status"),
            desired_state: s("desired_state"),
            created: s("created_timestamp"),
            trace: s("trace"),
        },
        v.get("task_statuses").and_then(Value::as_object),
        v.get("config")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default(),
    )
}

/// The text fields of a Streamkap connector object (absent, or not text: `None`).
struct ConnectorFields<'a> {
    id: Option<&'a str>,
    name: Option<&'a str>,
    connector: Option<&'a str>,
    display_name: Option<&'a str>,
    status: Option<&'a str>,
    desired_state: Option<&'a str>,
    created: Option<&'a str>,
    trace: Option<&'a str>,
}

/// A connector from its fields, its `task_statuses` and its config (`None` without an id).
fn connector_from(
    kind: ConnectorKind,
    f: ConnectorFields<'_>,
    task_statuses: Option<&Map<String, Value>>,
    config: Map<String, Value>,
) -> Option<Connector> {
    let id = f.id?.to_string();
    let mut tasks: Vec<Task> = task_statuses
        .map(|m| {
            m.iter()
                .map(|(tid, t)| Task {
                    id: tid.clone(),
                    state: t
                        .get("state")
                        .and_then(Value::as_str)
                        .unwrap_or("UNKNOWN")
                        .to_string(),
                    worker: t
                        .get("worker_id")
                        .and_then(Value::as_str)
                        .map(str::to_string),
                    trace: t
                        .get("trace")
                        .and_then(Value::as_str)
                        .filter(|s| !s.trim().is_empty())
                        .map(str::to_string),
                })
                .collect()
        })
        .unwrap_or_default();
    tasks.sort_by(|a, b| match (a.id.parse::<u64>(), b.id.parse::<u64>()) {
        (Ok(x), Ok(y)) => x.cmp(&y),
        _ => a.id.cmp(&b.id),
    });
    let raw_state = f.status.unwrap_or("Unknown").to_string();
    let type_id = f.connector.unwrap_or_default().to_string();
    Some(Connector {
        health: health_of(&raw_state, &tasks),
        name: f.name.map_or_else(|| id.clone(), str::to_string),
        type_name: f
            .display_name
            .map_or_else(|| type_id.clone(), str::to_string),
        type_id,
        kind,
        raw_state,
        desired_state: f.desired_state.map(str::to_string),
        trace: f.trace.filter(|t| !t.trim().is_empty()).map(str::to_string),
        config,
        created: f.created.map(str::to_string),
        tasks,
        id,
        notes: Vec::new(),
    })
}

/// `POST /{kind}?secret_returned=true&wait=false` creating a connector from the console.
pub fn create_request(
    kind: ConnectorKind,
    name: &str,
    code: &str,
    config: Map<String, Value>,
) -> HttpRequest {
    HttpRequest::new(Method::Post, format!("/{}", kind.plural()))
        .query("secret_returned", "true")
        .query("wait", "false")
        .json(json!({
            "name": name,
            "connector": code,
            "config": config,
            "created_from": "web",
        }))
}

/// `PUT /{kind}/{id}?secret_returned=true&wait=false` replacing name and config.
pub fn update_request(
    kind: ConnectorKind,
    id: &str,
    name: &str,
    code: &str,
    config: Map<String, Value>,
) -> HttpRequest {
    HttpRequest::new(
        Method::Put,
        format!("/{}/{}", kind.plural(), crate::http::percent_encode(id)),
    )
    .query("secret_returned", "true")
    .query("wait", "false")
    .json(json!({ "name": name, "connector": code, "config": config }))
}

/// [`update_request`] carrying the connector's current name and stored config, as it is.
/// Secrets the server did not return (null) are left out rather than sent as null: the
/// server keeps them.
pub fn resave_request(c: &Connector) -> HttpRequest {
    let config: Map<String, Value> = c
        .config
        .iter()
        .filter(|(_, v)| !v.is_null())
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    update_request(c.kind, &c.id, &c.name, &c.type_id, config)
}

/// Pause or resume: [`resave_request`] with a new `desired_state` (`Paused` or `Active`).
pub fn set_state_request(c: &Connector, desired: &str) -> HttpRequest {
    let mut r = resave_request(c);
    if let Some(Value::Object(body)) = r.body.as_mut() {
        body.insert("desired_state".into(), Value::String(desired.into()));
    }
    r
}

/// `DELETE /{kind}/{id}?wait=false`.
pub fn delete_request(kind: ConnectorKind, id: &str) -> HttpRequest {
    HttpRequest::new(
        Method::Delete,
        format!("/{}/{}", kind.plural(), crate::http::percent_encode(id)),
    )
    .query("wait", "false")
}

/// Turns a non-2xx response into an [`ApiError`]. FastAPI validation details whose `loc` ends in
/// a config key (or `name`) become field errors; the rest become the banner message.
pub fn parse_error(resp: &HttpResponse) -> ApiError {
    let status = resp.status;
    let parsed: Option<Value> = serde_json::from_str(&resp.body).ok();
    let mut fields = Vec::new();
    let mut general = Vec::new();
    match parsed.as_ref().and_then(|v| v.get("detail")) {
        Some(Value::String(s)) => general.push(s.clone()),
        Some(Value::Array(items)) => {
            for item in items {
                let msg = item
                    .get("msg")
                    .and_then(Value::as_str)
                    .unwrap_or("Invalid value")
                    .to_string();
                let loc: Vec<String> = item
                    .get("loc")
                    .and_then(Value::as_array)
                    .map(|l| l.iter().map(value_to_text).collect())
                    .unwrap_or_default();
                // ["body","config",key] → key; ["body","name"] → name.
                let key = match loc.as_slice() {
                    [.., c, k] if c == "config" => Some(k.clone()),
                    [b, k] if b == "body" && k != "config" => Some(k.clone()),
                    _ => None,
                };
                match key {
                    Some(key) => fields.push(FieldError {
                        key,
                        message: sentence(&msg),
                    }),
                    None => general.push(if loc.is_empty() {
                        msg
                    } else {
                        format!("{}: {msg}", loc.join("."))
                    }),
                }
            }
        }
        Some(other) => general.push(other.to_string()),
        None => {}
    }
    let message = if !general.is_empty() {
        general.join(" ")
    } else if !fields.is_empty() {
        format!(
            "The server rejected {} field{}; see the marked fields.",
            fields.len(),
            if fields.len() == 1 { "" } else { "s" }
        )
    } else {
        status_text(status)
    };
    ApiError::Http {
        status,
        message,
        fields,
        retry_after: retry_after(resp),
    }
}

/// Capitalizes and ends a server message with a period.
fn sentence(msg: &str) -> String {
    let t = msg.trim();
    let mut s = match t.get(0..1) {
        Some(f) => f.to_uppercase() + &t[1..],
        None => String::from("Invalid value"),
    };
    if !s.ends_with(['.', '!', '?']) {
        s.push('.');
    }
    s
}

/// Reads a successful response, or maps an error response.
pub fn check(resp: HttpResponse) -> Result<HttpResponse, ApiError> {
    if resp.ok() {
        Ok(resp)
    } else {
        Err(parse_error(&resp))
    }
}

/// `POST /auth/access-token` with the API client's id and secret.
pub fn token_request(client_id: &str, secret: &str) -> HttpRequest {
    HttpRequest::new(Method::Post, "/auth/access-token")
        .json(json!({ "client_id": client_id, "secret": secret }))
}

/// `POST /auth/access-token/refresh`.
pub fn refresh_request(refresh_token: &str) -> HttpRequest {
    HttpRequest::new(Method::Post, "/auth/access-token/refresh")
        .json(json!({ "refresh_token": refresh_token }))
}

/// Parses `{"accessToken","refreshToken","expires","expiresIn"}` received at `now_ms`.
pub fn parse_token(body: &str, now_ms: f64) -> Result<Token, ApiError> {
    let v: Value = serde_json::from_str(body)
        .map_err(|e| ApiError::Malformed(format!("the token answer is not valid JSON ({e})")))?;
    let access = v
        .get("accessToken")
        .or_else(|| v.get("access_token"))
        .and_then(Value::as_str)
        .filter(|t| !t.is_empty())
        .ok_or_else(|| ApiError::Malformed("the token answer has no accessToken".into()))?;
    let expires_in = v
        .get("expiresIn")
        .or_else(|| v.get("expires_in"))
        .and_then(Value::as_f64)
        .unwrap_or(3600.0);
    Ok(Token {
        access: access.to_string(),
        refresh: v
            .get("refreshToken")
            .or_else(|| v.get("refresh_token"))
            .and_then(Value::as_str)
            .map(str::to_string),
        expires_at_ms: now_ms + expires_in * 1000.0,
        lifetime_ms: expires_in * 1000.0,
    })
}
