//! The model of backends that offer profiles, tables, table tests, jobs and a schema catalog
//! (see [`Capability`](crate::vendor::Capability)): what the vendor parses into and the pages
//! show. Pure; no vendor knows about another, and nothing here knows a vendor.
//!
//! Field errors of these backends are keyed by JSON pointer into the request body: a form
//! field at `/config/<pointer>`, the name at `/name` (see [`config_pointer`]).

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use crate::model::catalog::{ConnectorKind, Detail};
use crate::model::form::FieldError;
use crate::model::icon::Icon;
use crate::model::status::Health;
use crate::schema::Node;

/// Which side of a pipeline a table sits on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TableKind {
    /// Read from the external system.
    Source,
    /// Written to the external system.
    Sink,
}

impl TableKind {
    /// `source` or `sink`, as the API spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            TableKind::Source => "source",
            TableKind::Sink => "sink",
        }
    }

    /// Parses `source`/`sink` in any case.
    pub fn parse(s: &str) -> Option<TableKind> {
        match s.trim().to_ascii_lowercase().as_str() {
            "source" => Some(TableKind::Source),
            "sink" => Some(TableKind::Sink),
            _ => None,
        }
    }

    /// The console's connector kind for status views.
    pub fn connector_kind(self) -> ConnectorKind {
        match self {
            TableKind::Source => ConnectorKind::Source,
            TableKind::Sink => ConnectorKind::Destination,
        }
    }
}

/// A connector from a schema catalog: its forms are JSON Schemas ([`Capability::SchemaCatalog`](crate::vendor::Capability)).
#[derive(Clone, Debug, PartialEq)]
pub struct SchemaConnector {
    /// Identifier used when creating profiles and tables (`kafka`).
    pub id: String,
    /// Display name.
    pub name: String,
    /// One-line description (may be empty).
    pub description: String,
    /// Category (`messaging`, `database`, …), when the catalog has them.
    pub category: Option<String>,
    /// Can be read from.
    pub source: bool,
    /// Can be written to.
    pub sink: bool,
    /// Version, when the catalog says.
    pub version: Option<String>,
    /// Features that are on (`exactly_once`, …).
    pub features: Vec<String>,
    /// Supported formats, as the catalog lists them (see [`SchemaConnector::table_formats`]).
    pub formats: Vec<String>,
    /// The icon.
    pub icon: Icon,
    /// The connection profile's form; `None` when the connector needs no profile.
    pub profile_schema: Option<Node>,
    /// The source table form, when the catalog has one per side.
    pub source_schema: Option<Node>,
    /// The sink table form, when the catalog has one per side.
    pub sink_schema: Option<Node>,
    /// A single table form for both sides, usually with a Source/Sink `oneOf`.
    pub table_schema: Option<Node>,
    /// The table takes a user-defined schema and format.
    pub custom_schemas: bool,
    /// The table test works for this connector.
    pub testing: bool,
    /// Not offered in the catalog UI.
    pub hidden: bool,
    /// Enabled (defaults to true).
    pub enabled: bool,
    /// The formats a user-defined schema may use when the catalog lists none.
    pub custom_formats: Vec<String>,
}

impl SchemaConnector {
    /// True when tables of this connector need a connection profile.
    pub fn needs_profile(&self) -> bool {
        self.profile_schema.is_some()
    }

    /// True when the connector can be used on that side.
    pub fn supports(&self, kind: TableKind) -> bool {
        match kind {
            TableKind::Source => self.source,
            TableKind::Sink => self.sink,
        }
    }

    /// The table form for a side: the side's own schema, else the single one.
    pub fn table_form(&self, kind: TableKind) -> Option<&Node> {
        let side = match kind {
            TableKind::Source => self.source_schema.as_ref(),
            TableKind::Sink => self.sink_schema.as_ref(),
        };
        side.or(self.table_schema.as_ref())
    }

    /// The formats a table may use: the supported formats, else (custom schemas) the
    /// formats the server knows.
    pub fn table_formats(&self) -> Vec<String> {
        if !self.formats.is_empty() || !self.custom_schemas {
            return self.formats.clone();
        }
        self.custom_formats.clone()
    }

    /// Facts for the catalog card (category, version, sides, formats, features).
    pub fn details(&self) -> Vec<Detail> {
        let mut out = Vec::new();
        if let Some(c) = &self.category {
            out.push(Detail::new("Category", c));
        }
        if let Some(v) = &self.version {
            out.push(Detail::new("Version", v));
        }
        let sides: Vec<&str> = [(self.source, "Source"), (self.sink, "Sink")]
            .iter()
            .filter(|(on, _)| *on)
            .map(|(_, s)| *s)
            .collect();
        if !sides.is_empty() {
            out.push(Detail::new("Use as", sides.join(", ")));
        }
        if !self.formats.is_empty() {
            out.push(Detail::new("Formats", self.formats.join(", ")));
        }
        if !self.features.is_empty() {
            out.push(Detail::new("Features", self.features.join(", ")));
        }
        out
    }
}

/// A parsed catalog: the connectors that parsed, and one line per connector that did not.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SchemaCatalog {
    /// Usable connectors, in the server's order.
    pub connectors: Vec<SchemaConnector>,
    /// Why each skipped connector was skipped, for a visible notice.
    pub skipped: Vec<String>,
}

impl SchemaCatalog {
    /// A connector by id.
    pub fn get(&self, id: &str) -> Option<&SchemaConnector> {
        self.connectors.iter().find(|c| c.id == id)
    }
}

/// The connectors of a category (case-insensitive) usable on a side (`source`/`sink`), for
/// servers that ignore the query. An unknown side matches nothing.
pub fn filter<'a>(
    catalog: &'a SchemaCatalog,
    category: Option<&str>,
    kind: Option<&str>,
) -> Vec<&'a SchemaConnector> {
    let category = category.map(str::trim).filter(|c| !c.is_empty());
    let kind = kind.map(str::trim).filter(|k| !k.is_empty());
    catalog
        .connectors
        .iter()
        .filter(|c| {
            category.is_none_or(|want| {
                c.category
                    .as_deref()
                    .is_some_and(|have| have.eq_ignore_ascii_case(want))
            })
        })
        .filter(|c| kind.is_none_or(|k| TableKind::parse(k).is_some_and(|k| c.supports(k))))
        .collect()
}

/// A stored connection profile.
#[derive(Clone, Debug, PartialEq)]
pub struct Profile {
    /// Server id (`prof_…`).
    pub id: String,
    /// User-given name.
    pub name: String,
    /// Connector id.
    pub connector: String,
    /// The server's description or generated summary.
    pub description: Option<String>,
    /// The stored config.
    pub config: Value,
    /// Creation time as text, when the server says.
    pub created_at: Option<String>,
    /// Last update time as text, when the server says.
    pub updated_at: Option<String>,
}

/// One message of a connection test.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TestMessage {
    /// The message reports a problem.
    pub error: bool,
    /// The test is over (with `error`, it failed).
    pub done: bool,
    /// What happened, for the user.
    pub message: String,
}

/// One column of a table schema.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SchemaField {
    /// Column name.
    pub name: String,
    /// SQL type name (`STRING`, `BIGINT`, `TIMESTAMP`, `JSON`, `ARRAY<INT>` …).
    pub data_type: String,
    /// The column may be null.
    pub nullable: bool,
}

/// What a connection table's data looks like, as the console edits it: format and options,
/// columns, and (for sources) event time and watermark. Field errors about it are keyed by
/// JSON pointer into the request body (`/schema/format`, `/schema/fields/0/name`,
/// `/event_time_field`); see [`TableSchema::problems`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TableSchema {
    /// One of the connector's formats (`json`, `avro`, `raw`, …).
    pub format: Option<String>,
    /// The format's options (`{"delimiter": ","}`).
    pub format_options: Map<String, Value>,
    /// Columns, in order.
    pub fields: Vec<SchemaField>,
    /// Column that carries event time (sources).
    pub event_time_field: Option<String>,
    /// How late events may arrive (`"5 seconds"`).
    pub watermark_delay: Option<String>,
    /// `source` or `sink`, when known.
    pub table_type: Option<String>,
}

impl TableSchema {
    /// Problems the server would reject, keyed by JSON pointer into the request body:
    /// a format the connector does not list, blank or repeated column names, an event time
    /// column that does not exist.
    pub fn problems(&self, formats: &[String]) -> Vec<FieldError> {
        let mut out = Vec::new();
        if let Some(f) = &self.format {
            if !formats.is_empty() && !formats.iter().any(|x| x.eq_ignore_ascii_case(f)) {
                out.push(FieldError {
                    key: "/schema/format".into(),
                    message: format!(
                        "This connector does not read “{f}”; use one of: {}.",
                        formats.join(", ")
                    ),
                });
            }
        }
        for (i, f) in self.fields.iter().enumerate() {
            let key = format!("/schema/fields/{i}/name");
            if f.name.trim().is_empty() {
                out.push(FieldError {
                    key,
                    message: "Column names cannot be empty.".into(),
                });
            } else if self.fields[..i].iter().any(|g| g.name == f.name) {
                out.push(FieldError {
                    key,
                    message: format!("“{}” is already a column.", f.name),
                });
            }
        }
        if let Some(t) = self.event_time_field.as_deref().filter(|t| !t.is_empty()) {
            if !self.fields.iter().any(|f| f.name == t) {
                out.push(FieldError {
                    key: "/event_time_field".into(),
                    message: format!("The event time column “{t}” is not in the schema."),
                });
            }
        }
        out
    }
}

/// A stored connection table.
#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    /// Server id (`tbl_…`).
    pub id: String,
    /// Table name, as used in SQL.
    pub name: String,
    /// Connector id.
    pub connector: String,
    /// The profile it uses.
    pub profile_id: Option<String>,
    /// `source` or `sink` (lowercase).
    pub table_type: Option<String>,
    /// The connector config.
    pub config: Value,
    /// The schema, with the top-level event time and watermark folded in.
    pub schema: TableSchema,
    /// Creation time as text.
    pub created_at: Option<String>,
    /// Pipelines reading or writing it, when the server says.
    pub consumers: Option<u64>,
}

/// One suggested value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suggestion {
    /// What goes into the field.
    pub value: String,
    /// What the list shows.
    pub label: String,
}

/// Suggestions per field key or per suggestion type (`topic`, `table`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Autocomplete {
    /// Suggestions by key.
    pub values: BTreeMap<String, Vec<Suggestion>>,
}

impl Autocomplete {
    /// Suggestions for a `format: autocomplete` field: by its key, or its singular/plural.
    pub fn for_field(&self, key: &str) -> &[Suggestion] {
        let plural = format!("{key}s");
        let singular = key.strip_suffix('s').unwrap_or(key);
        [key, plural.as_str(), singular]
            .iter()
            .find_map(|k| self.values.get(*k))
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }
}

/// A pipeline (a SQL query that runs as jobs).
#[derive(Clone, Debug, PartialEq)]
pub struct Pipeline {
    /// Server id (`pipe_…`).
    pub id: String,
    /// Name.
    pub name: String,
    /// The SQL, when the list includes it.
    pub query: Option<String>,
    /// Creation time as text.
    pub created_at: Option<String>,
    /// The server's one-word summary (`Running`, `Stopping`, …).
    pub action_text: Option<String>,
    /// Requested stop mode (`none`, `checkpoint`, `graceful`, `immediate`, `force`).
    pub stop: Option<String>,
    /// An action is under way.
    pub action_in_progress: bool,
}

/// One run of a pipeline.
#[derive(Clone, Debug, PartialEq)]
pub struct Job {
    /// Server id (`job_…`).
    pub id: String,
    /// The pipeline it runs.
    pub pipeline_id: Option<String>,
    /// The state name, as the server spells it.
    pub state: String,
    /// The state as health (the vendor's mapping).
    pub health: Health,
    /// The state changes by itself (poll faster).
    pub transitional: bool,
    /// Whether the user wants it running.
    pub running_desired: Option<bool>,
    /// Run number.
    pub run_id: Option<u64>,
    /// Parallel tasks.
    pub tasks: Option<u64>,
    /// Why it failed.
    pub failure_message: Option<String>,
    /// Creation time as text.
    pub created_at: Option<String>,
    /// Start time as text.
    pub start_time: Option<String>,
    /// Finish time as text.
    pub finish_time: Option<String>,
}

/// A pipeline and its jobs, newest run first.
#[derive(Clone, Debug, PartialEq)]
pub struct PipelineJobs {
    /// The pipeline.
    pub pipeline: Pipeline,
    /// Its jobs, newest first.
    pub jobs: Vec<Job>,
}

/// A connection table as the form builds it, for creating or testing.
#[derive(Clone, Debug, PartialEq)]
pub struct TableDraft {
    /// Table name.
    pub name: String,
    /// Connector id.
    pub connector: String,
    /// The connection profile, for connectors that need one.
    pub profile_id: Option<String>,
    /// The cleaned connector config.
    pub config: Value,
    /// Format, columns, event time, watermark and side.
    pub schema: TableSchema,
}

/// The form pointer of a config field error (`/config/auth/user` → `/auth/user`).
pub fn config_pointer(key: &str) -> Option<&str> {
    key.strip_prefix("/config")
        .filter(|r| r.is_empty() || r.starts_with('/'))
}
