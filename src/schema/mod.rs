//! JSON Schema → form tree, and everything a generated form needs on top of it: starting
//! values, which `oneOf` variant a saved config is, validation with JSON-pointer locations, and
//! the cleaned value that is sent. Pure: no browser or framework imports.
//!
//! Written for the schemas streaming engines publish for their connectors: objects with `properties`/`required`, titled `oneOf` variants without a
//! discriminator, string→string maps via `additionalProperties`, `sensitive: [keys]` on the
//! parent object, `format: var-str` (values may be `{{ VAR }}` environment references),
//! `format: autocomplete`, `pattern`, `examples`, `deprecated`, `dependentRequired`. Keywords
//! this module does not know are ignored; nothing here panics on any input.
//!
//! Property order: the crate builds `serde_json` with `preserve_order`, so a parsed schema's
//! objects keep the order of its text and forms follow the authored order. (A hand-written
//! key-order tokenizer did this before; the feature makes the release wasm about 10 KB gzip
//! smaller than keeping it, and `regex-lite` for `pattern` made it 18 KB larger than the
//! matcher in `pattern`, so that stays — see `pattern.rs`.)
//!
//! Layout: the form tree's types are here; each concern has its own file, and everything
//! public is re-exported from this module:
//! - `parse`: schema → tree ([`parse_schema`], [`parse_schema_str`]);
//! - `names`: [`humanize`]d labels and JSON-pointer escaping;
//! - `variants`: starting values ([`default_value`]) and `oneOf` variants ([`match_variant`],
//!   [`variant_reset`]);
//! - `validate`: [`validate`] and its text checks ([`has_env_reference`], [`is_uri`]);
//! - `pattern`: `pattern` matching and explanations ([`pattern_matches`], [`pattern_message`],
//!   [`explain_pattern`]);
//! - `clean`: the value that is sent ([`clean`]), [`strip_secrets`] and [`leaf_count`].

use std::sync::Arc;

use serde_json::Value;

mod clean;
mod names;
mod parse;
mod pattern;
mod validate;
mod variants;

pub use clean::{clean, leaf_count, strip_secrets, with_placeholders};
use names::child;
pub use names::{escape_pointer, humanize, label_without_mark, unescape_pointer};
pub use parse::{parse_schema, parse_schema_str};
pub use pattern::{explain_pattern, pattern_matches, pattern_message};
pub use validate::{has_env_reference, is_uri, validate};
pub use variants::{default_value, match_variant, variant_reset};

/// The key a form may keep inside a `oneOf` value to remember which variant the user picked
/// (an index, or the variant's title). [`match_variant`] honours it; [`clean`] never sends it.
pub const VARIANT_KEY: &str = "$variant";

/// One node of the form tree: what a schema (or sub-schema) says about a value.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    /// `title`, if the schema gives one (the form falls back to the humanized key).
    pub title: Option<String>,
    /// `description` (plain text, may contain Markdown links; never render as HTML).
    pub description: Option<String>,
    /// `default`, as given.
    pub default: Option<Value>,
    /// `examples`; the first one is the input's placeholder.
    pub examples: Vec<Value>,
    /// `deprecated: true`: the form hides it, it is never required.
    pub deprecated: bool,
    /// `readOnly: true`: shown, not editable.
    pub read_only: bool,
    /// `null` is an accepted value (`type: ["string", "null"]`, `nullable: true`).
    pub nullable: bool,
    /// Every value `enum` (or `const`) allows, of any JSON type; empty when unrestricted.
    /// String enums are also listed in [`NodeKind::String::choices`] for the select.
    pub allowed: Vec<Value>,
    /// The value is a secret as a whole, by the [secret policy](crate::secret): a marker on the
    /// node or its `$ref`, the parent's `sensitive` list, or a key that names a credential.
    pub secret: bool,
    /// What kind of input this is.
    pub kind: NodeKind,
    /// A recursive level not built yet (see [`Deferred`]): shown as JSON until expanded.
    pub deferred: Option<Arc<Deferred>>,
}

/// A `$ref` back into a schema already open [`MAX_RECURSION`](parse::MAX_RECURSION) times:
/// the level below is built only when it is needed — when the user adds it, or a value for it
/// is shown, checked or cleaned — so a recursive schema costs what its values use. Until then
/// the node is a JSON input ([`NodeKind::Json`]).
pub struct Deferred {
    root: Arc<Value>,
    raw: Value,
    expanded: std::sync::OnceLock<Node>,
}

impl Deferred {
    /// A deferred `raw` (a `$ref` object) in the schema `root`.
    pub(crate) fn new(root: Arc<Value>, raw: Value) -> Self {
        Deferred {
            root,
            raw,
            expanded: std::sync::OnceLock::new(),
        }
    }
}

impl Clone for Deferred {
    fn clone(&self) -> Self {
        Deferred {
            root: self.root.clone(),
            raw: self.raw.clone(),
            expanded: self.expanded.clone(),
        }
    }
}

impl PartialEq for Deferred {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.root, &other.root) && self.raw == other.raw
    }
}

impl std::fmt::Debug for Deferred {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Deferred({})", self.raw)
    }
}

/// The kinds of input a schema node turns into.
#[derive(Clone, Debug, PartialEq)]
pub enum NodeKind {
    /// Text.
    String {
        /// `format`.
        format: StringFormat,
        /// `enum` values (a select when non-empty).
        choices: Vec<String>,
        /// `minLength`.
        min_length: Option<u64>,
        /// `maxLength`.
        max_length: Option<u64>,
        /// `pattern` (ECMA-262 syntax, unanchored unless it says `^…$`).
        pattern: Option<String>,
        /// Show a text area: `maxLength` above 200, `format: textarea`, or a key that names
        /// long text (`body`, `query`, `sql`, `script`, `template`, `payload`, certificates).
        multiline: bool,
        /// A secret, by the [secret policy](crate::secret) (the parent's `sensitive`,
        /// `format: password`, `writeOnly`, `airbyte_secret`, a credential-like key …). Masked,
        /// never stored in drafts or exports.
        secret: bool,
    },
    /// A whole number.
    Integer {
        /// `minimum` (inclusive).
        min: Option<f64>,
        /// `maximum` (inclusive).
        max: Option<f64>,
    },
    /// A number.
    Number {
        /// `minimum` (inclusive).
        min: Option<f64>,
        /// `maximum` (inclusive).
        max: Option<f64>,
    },
    /// A checkbox.
    Boolean,
    /// A list of `items`.
    Array {
        /// The schema of each item.
        items: Box<Node>,
        /// `uniqueItems`.
        unique: bool,
        /// `minItems`.
        min_items: Option<u64>,
        /// `maxItems`.
        max_items: Option<u64>,
    },
    /// A group of named settings; with `additional` and no `properties`, a key-value map.
    Object {
        /// `properties` in the schema's order.
        properties: Vec<Property>,
        /// `required` keys.
        required: Vec<String>,
        /// The schema of extra keys (`additionalProperties: {…}`); `None` when extra keys are
        /// not described (absent, `true` or `false`).
        additional: Option<Box<Node>>,
        /// `additionalProperties: false`: keys the schema does not list are not sent.
        closed: bool,
        /// `sensitive` keys (their string properties are also marked `secret`).
        sensitive: Vec<String>,
        /// `dependentRequired`: when the first key has a value, the listed keys must too.
        dependent_required: Vec<(String, Vec<String>)>,
    },
    /// Exactly one of several titled variants (`oneOf`, also used for `anyOf`).
    OneOf {
        /// The variants in schema order.
        variants: Vec<Variant>,
    },
    /// Any JSON value, edited as JSON text (`{}` schemas, objects that describe nothing).
    Json {
        /// The value must be a JSON object.
        object: bool,
    },
    /// Something this renderer cannot show as a form (edited as JSON, not validated).
    Unsupported {
        /// Why, for a notice next to the field.
        reason: String,
    },
}

/// String formats the form treats specially.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StringFormat {
    /// No format.
    Plain,
    /// `uri`/`url`: `scheme://host…`.
    Uri,
    /// `var-str`: may contain `{{ VAR }}` environment references, resolved by the server.
    VarStr,
    /// `autocomplete`: the server can suggest values (from a saved profile).
    Autocomplete,
    /// `date-time`.
    DateTime,
    /// Any other format, as written.
    Other(String),
}

/// A named property of an object node.
#[derive(Clone, Debug, PartialEq)]
pub struct Property {
    /// The key in the JSON value.
    pub key: String,
    /// Its schema.
    pub node: Node,
}

/// One `oneOf` variant.
#[derive(Clone, Debug, PartialEq)]
pub struct Variant {
    /// `title`, or "Option N" when the schema gives none.
    pub title: String,
    /// Its schema.
    pub node: Node,
}

/// A validation problem at a location in the value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SchemaError {
    /// JSON pointer of the offending value, e.g. `/authentication/username` (`""` = the root).
    pub pointer: String,
    /// What is wrong, as a sentence the user can act on.
    pub message: String,
}

impl Node {
    /// A node that says nothing (free-form JSON): secrets under it are found by their names
    /// and texts only.
    pub fn new_json() -> Self {
        Node::new(NodeKind::Json { object: false })
    }

    fn new(kind: NodeKind) -> Self {
        Node {
            title: None,
            description: None,
            default: None,
            examples: Vec::new(),
            deprecated: false,
            read_only: false,
            nullable: false,
            allowed: Vec::new(),
            secret: false,
            kind,
            deferred: None,
        }
    }

    /// The level a deferred node stands for, built on first use (then kept); `None` for any
    /// other node.
    pub fn expanded(&self) -> Option<&Node> {
        let d = self.deferred.as_ref()?;
        Some(
            d.expanded
                .get_or_init(|| parse::parse_deferred(&d.root, &d.raw)),
        )
    }

    /// [`Node::expanded`] when `value` is structured (an object or a list: the form built the
    /// level, or a stored config has it); a deferred level holding JSON text stays JSON.
    pub fn expanded_for(&self, value: &Value) -> Option<&Node> {
        if value.is_object() || value.is_array() {
            self.expanded()
        } else {
            None
        }
    }

    /// The label for this node under `key`: its title, else the key humanized.
    pub fn label(&self, key: &str) -> String {
        match self.title.as_deref().map(str::trim) {
            Some(t) if !t.is_empty() => label_without_mark(t).to_string(),
            _ => humanize(key),
        }
    }

    /// The input's placeholder: the first example, printed as text.
    pub fn placeholder(&self) -> Option<String> {
        self.examples.first().map(|v| match v {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        })
    }

    /// True for a secret string.
    pub fn is_secret(&self) -> bool {
        matches!(self.kind, NodeKind::String { secret: true, .. })
    }

    /// True when the value under this node is a secret as a whole: the node is marked, or
    /// one of its `oneOf`/`anyOf` alternatives is (`anyOf: [{writeOnly string}, null]`).
    pub fn secret_value(&self) -> bool {
        self.secret || self.is_secret() || self.variants().iter().any(|v| v.node.secret_value())
    }

    /// True for a key-value map (an object with `additionalProperties` and no properties).
    pub fn is_map(&self) -> bool {
        matches!(&self.kind, NodeKind::Object { properties, additional: Some(_), .. } if properties.is_empty())
    }

    /// The object's properties (empty for other kinds).
    pub fn properties(&self) -> &[Property] {
        match &self.kind {
            NodeKind::Object { properties, .. } => properties,
            _ => &[],
        }
    }

    /// The `oneOf` variants (empty for other kinds).
    pub fn variants(&self) -> &[Variant] {
        match &self.kind {
            NodeKind::OneOf { variants } => variants,
            _ => &[],
        }
    }

    /// A direct property by key.
    pub fn property(&self, key: &str) -> Option<&Node> {
        self.properties()
            .iter()
            .find(|p| p.key == key)
            .map(|p| &p.node)
    }

    /// True when `key` is required on this object and not deprecated.
    pub fn requires(&self, key: &str) -> bool {
        match &self.kind {
            NodeKind::Object { required, .. } => {
                required.iter().any(|r| r == key)
                    && !self.property(key).is_some_and(|p| p.deprecated)
            }
            _ => false,
        }
    }

    /// [`Node::requires`] for one of this object's own properties, without looking it up:
    /// what loops over the properties call (a lookup per property made a 1,000-field form's
    /// defaults, validation and cleaning quadratic).
    pub fn requires_property(&self, p: &Property) -> bool {
        match &self.kind {
            NodeKind::Object { required, .. } => !p.node.deprecated && required.contains(&p.key),
            _ => false,
        }
    }

    /// Walks a `/`-separated path: object segments are property keys; at a `oneOf`, a segment
    /// equal to a variant title enters that variant, any other segment is looked up in the
    /// first variant that has it; at an array, any segment enters the item schema.
    /// `kafka.lookup("/authentication/SASL/password")`.
    pub fn lookup(&self, path: &str) -> Option<&Node> {
        let mut node = self;
        for seg in path.split('/').filter(|s| !s.is_empty()) {
            let seg = unescape_pointer(seg);
            node = step(node, &seg)?;
        }
        Some(node)
    }
}

fn step<'a>(node: &'a Node, seg: &str) -> Option<&'a Node> {
    match &node.kind {
        NodeKind::Object {
            properties,
            additional,
            ..
        } => properties
            .iter()
            .find(|p| p.key == seg)
            .map(|p| &p.node)
            .or(additional.as_deref()),
        NodeKind::OneOf { variants } => variants
            .iter()
            .find(|v| v.title == seg)
            .map(|v| &v.node)
            .or_else(|| variants.iter().find_map(|v| step(&v.node, seg))),
        NodeKind::Array { items, .. } => Some(items),
        _ => None,
    }
}
