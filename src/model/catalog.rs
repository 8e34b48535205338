//! The normalized catalog model every dialect parses into: connector types and their fields.
//!
//! Nothing here knows about a vendor; dialects translate their payloads into these types and
//! the form engine and components only ever see these.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Which side of a pipeline a connector type sits on.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ConnectorKind {
    /// Reads data from an external system into the platform.
    #[default]
    Source,
    /// Writes data from the platform into an external system (a destination, or sink).
    Destination,
}

impl ConnectorKind {
    /// The lowercase plural used in the app's URLs, and in some APIs' paths (`sources`, `destinations`).
    pub fn plural(self) -> &'static str {
        match self {
            ConnectorKind::Source => "sources",
            ConnectorKind::Destination => "destinations",
        }
    }

    /// Human label ("Source", "Destination").
    pub fn label(self) -> &'static str {
        match self {
            ConnectorKind::Source => "Source",
            ConnectorKind::Destination => "Destination",
        }
    }

    /// Parses the plural or singular path segment.
    pub fn from_segment(s: &str) -> Option<Self> {
        match s {
            "sources" | "source" => Some(ConnectorKind::Source),
            "destinations" | "destination" | "sinks" | "sink" => Some(ConnectorKind::Destination),
            _ => None,
        }
    }
}

/// A connector type offered by a backend's catalog, with the fields its config form is built from.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ConnectorType {
    /// The identifier the backend expects when creating one (e.g. `postgresql`, or a plugin class).
    pub id: String,
    /// Display name.
    pub name: String,
    /// One-line description, may be empty.
    pub description: String,
    /// Source or destination.
    pub kind: ConnectorKind,
    /// The user-facing fields, in display order.
    pub fields: Vec<Field>,
    /// Sections the fields belong to, in display order.
    pub groups: Vec<Group>,
    /// Where the form's fields come from.
    pub form: FormSource,
    /// Facts shown on the catalog card and form header (version, class, docs link …).
    pub details: Vec<Detail>,
    /// Filterable labels (features, formats, cloud …).
    pub tags: Vec<String>,
}

/// Where a connector type's form fields come from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum FormSource {
    /// From the catalog itself: `fields` is complete.
    #[default]
    Static,
    /// From a validate round-trip: `fields` is filled in by the
    /// first validation and re-validated as the user edits.
    Validate,
}

/// A labelled fact, optionally a link (http(s) only; rendered as text otherwise).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Detail {
    /// What it is ("Version").
    pub label: String,
    /// The value ("2.5.0").
    pub value: String,
    /// A link target, if the value is a link.
    pub href: Option<String>,
}

impl Detail {
    /// A plain fact.
    pub fn new(label: impl Into<String>, value: impl Into<String>) -> Self {
        Detail {
            label: label.into(),
            value: value.into(),
            href: None,
        }
    }

    /// A link; non-http(s) targets are dropped (never rendered as links).
    pub fn link(label: impl Into<String>, value: impl Into<String>, href: &str) -> Self {
        let safe = href.starts_with("https://") || href.starts_with("http://");
        Detail {
            label: label.into(),
            value: value.into(),
            href: safe.then(|| href.to_string()),
        }
    }
}

impl ConnectorType {
    /// The keys of the fields marked secret (by the vendor's markers and the secret policy).
    pub fn secret_keys(&self) -> std::collections::BTreeSet<&str> {
        self.fields
            .iter()
            .filter(|f| f.secret)
            .map(|f| f.key.as_str())
            .collect()
    }

    /// Looks a field up by its wire key.
    pub fn field(&self, key: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.key == key)
    }

    /// Two-letter initials for the connector's icon ("PostgreSQL" → "PO", "SQL Server" → "SS").
    pub fn initials(&self) -> String {
        initials(&self.name)
    }
}

/// Initials for an icon drawn from a display name: first letters of the first two words, or the
/// first two letters of a single word.
pub fn initials(name: &str) -> String {
    let words: Vec<&str> = name
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let mut out = String::new();
    match words.as_slice() {
        [] => out.push('?'),
        [one] => out.extend(one.chars().take(2)),
        [a, b, ..] => {
            out.extend(a.chars().take(1));
            out.extend(b.chars().take(1));
        }
    }
    out.to_uppercase()
}

/// A section of a form (a catalog's `tab` or `group`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Group {
    /// Stable identifier referenced by [`Field::group`].
    pub id: String,
    /// Heading shown to the user.
    pub label: String,
}

/// One configuration property, normalized.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Field {
    /// The wire key (`database.hostname.user.defined`).
    pub key: String,
    /// Label shown next to the input.
    pub label: String,
    /// Help text (plain text; never rendered as HTML).
    pub help: String,
    /// How the value is entered.
    pub widget: Widget,
    /// How the value is encoded on the wire.
    pub value_type: ValueType,
    /// Prefilled value, already in wire form.
    pub default: Option<Value>,
    /// A value the server fills in (e.g. `<SSH.PUBLIC.KEY>`): shown read-only, never sent.
    pub server_placeholder: Option<String>,
    /// Must have a value while visible.
    pub required: bool,
    /// A secret: masked, never stored in drafts or logs.
    pub secret: bool,
    /// Id of the [`Group`] this field is shown in.
    pub group: String,
    /// Sort order within the group.
    pub order: i64,
    /// Collapsed under "Advanced".
    pub advanced: bool,
    /// All must hold for the field to be shown (and validated, and sent).
    pub visible_when: Vec<Condition>,
    /// Cannot be changed once the connector exists (`set_once`).
    pub immutable_after_create: bool,
    /// Shown but not editable.
    pub readonly: bool,
    /// Placeholder text for empty inputs.
    pub placeholder: Option<String>,
    /// In read-only views, mask all but the last N characters.
    pub show_last: Option<u32>,
    /// How wide the input should be (a definition's `width`).
    pub size: FieldSize,
}

/// A width hint for an input.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum FieldSize {
    /// The form's normal width.
    #[default]
    Default,
    /// A short value (a port, a count).
    Short,
    /// A medium value.
    Medium,
    /// A long value (a URL, a list).
    Long,
}

/// How a value is entered. Every catalog control kind maps onto one of these.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub enum Widget {
    /// Single-line text.
    #[default]
    Text,
    /// Masked single-line text with a reveal toggle.
    Password,
    /// Multi-line text.
    TextArea {
        /// Visible rows.
        rows: u32,
    },
    /// A number typed as text; `integer` forbids fractions.
    Number {
        /// Inclusive lower bound.
        min: Option<f64>,
        /// Inclusive upper bound.
        max: Option<f64>,
        /// Only whole numbers are valid.
        integer: bool,
    },
    /// A range slider with an exact-value box beside it.
    Slider {
        /// Lower bound.
        min: f64,
        /// Upper bound.
        max: f64,
        /// Step between values.
        step: f64,
    },
    /// An on/off switch.
    Toggle,
    /// A checkbox.
    Checkbox,
    /// Pick one of the choices.
    Select {
        /// The allowed values.
        choices: Vec<Choice>,
    },
    /// Pick several; with `free_entry` any value may be typed.
    MultiSelect {
        /// The offered values (empty with free entry).
        choices: Vec<Choice>,
        /// Values outside `choices` are allowed.
        free_entry: bool,
    },
    /// A JSON document, checked as it is typed.
    Json {
        /// Visible rows.
        rows: u32,
    },
    /// A date and time (`YYYY-MM-DDTHH:MM[:SS]`, optionally with a zone).
    DateTime,
    /// Text loaded from a local file (or pasted).
    File,
    /// A control kind this app does not know: rendered as text with a notice naming it.
    Unknown {
        /// The kind as the catalog spelled it.
        kind: String,
    },
}

/// One allowed value of a select, in wire form, with its label.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Choice {
    /// The value sent on the wire (string, number or boolean).
    pub value: Value,
    /// What the user sees.
    pub label: String,
}

impl Choice {
    /// The value as the UI keeps it (strings stay strings, other scalars are printed).
    pub fn key(&self) -> String {
        value_to_text(&self.value)
    }
}

/// The JSON type a field's value is sent as.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum ValueType {
    /// A JSON string (also used for numbers-as-strings such as ports). With a list
    /// input, the items joined with commas (a `LIST` definition).
    #[default]
    String,
    /// A JSON integer.
    Integer,
    /// A JSON number.
    Number,
    /// A JSON boolean.
    Bool,
    /// A JSON array of the selected values.
    List,
    /// The value of the chosen [`Choice`], whatever its JSON type.
    ChoiceValue,
}

/// A visibility condition: `config` compared with `value`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Condition {
    /// The key of the field whose value is compared.
    pub key: String,
    /// How it is compared.
    pub op: ConditionOp,
    /// The value compared against (for `In`, an array).
    pub value: Value,
}

/// Comparison operators of visibility conditions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ConditionOp {
    /// Equal.
    Eq,
    /// Not equal.
    Ne,
    /// One of a list.
    In,
}

/// The result of parsing a catalog: what parsed, and what was skipped and why.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Catalog {
    /// The connector types that parsed.
    pub types: Vec<ConnectorType>,
    /// One line per skipped connector or property, for a visible notice.
    pub skipped: Vec<String>,
}

/// Prints a scalar the way a text input holds it: strings as-is, others as JSON.
pub fn value_to_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// Loose equality used by conditions and selects: `true` equals `"true"`, `5` equals `"5"`.
pub fn loosely_equal(a: &Value, b: &Value) -> bool {
    if a == b {
        return true;
    }
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::String(_), Value::String(_)) => false,
        (Value::Null, _) | (_, Value::Null) => false,
        _ => value_to_text(a)
            .trim()
            .eq_ignore_ascii_case(value_to_text(b).trim()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn initials_from_names() {
        assert_eq!(initials("PostgreSQL"), "PO");
        assert_eq!(initials("SQL Server (AWS)"), "SS");
        assert_eq!(initials(""), "?");
    }

    #[test]
    fn loose_equality() {
        assert!(loosely_equal(&json!(true), &json!("true")));
        assert!(loosely_equal(&json!(5), &json!("5")));
        assert!(loosely_equal(&json!(5.0), &json!(5)));
        assert!(!loosely_equal(&json!("Yes"), &json!("yes")));
        assert!(!loosely_equal(&json!(null), &json!("")));
    }
}
