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
//! Property order: `serde_json` in this crate keeps object keys sorted, which would scramble a
//! form. [`parse_schema_str`] (and catalog parsers) therefore read the key order from
//! the raw text ([`KeyOrder`]); [`parse_schema`] on an already-parsed [`Value`] can only use the
//! map's (alphabetical) order.

use std::collections::HashMap;

use serde_json::{Map, Value};

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
    /// What kind of input this is.
    pub kind: NodeKind,
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
        /// A secret: listed in the parent's `sensitive`, `format: password`, `writeOnly`, or a
        /// key containing `password` or `secret`. Masked, never stored in drafts or exports.
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
            kind,
        }
    }

    /// The label for this node under `key`: its title, else the key humanized.
    pub fn label(&self, key: &str) -> String {
        match self.title.as_deref().map(str::trim) {
            Some(t) if !t.is_empty() => t.to_string(),
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

// ---------------------------------------------------------------------------------------------
// Key order

/// The key order of every object in a JSON text, by JSON pointer (`""` is the root,
/// `/properties` its `properties` object). Lets a schema parsed into a sorted [`Value`] keep
/// its authored property order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct KeyOrder {
    map: HashMap<String, Vec<String>>,
}

impl KeyOrder {
    /// Scans a JSON text. Invalid text yields whatever was read before the problem.
    pub fn from_json_text(text: &str) -> KeyOrder {
        let mut scanner = Scanner {
            s: text.as_bytes(),
            i: 0,
            order: KeyOrder::default(),
            depth: 0,
        };
        let mut path = String::new();
        scanner.value(&mut path);
        scanner.order
    }

    /// The keys of the object at `pointer`, in text order.
    pub fn keys(&self, pointer: &str) -> Option<&[String]> {
        self.map.get(pointer).map(Vec::as_slice)
    }
}

struct Scanner<'a> {
    s: &'a [u8],
    i: usize,
    order: KeyOrder,
    depth: usize,
}

impl Scanner<'_> {
    fn ws(&mut self) {
        while self.i < self.s.len() && self.s[self.i].is_ascii_whitespace() {
            self.i += 1;
        }
    }

    fn value(&mut self, path: &mut String) -> bool {
        self.ws();
        self.depth += 1;
        let ok = self.depth < 256
            && match self.s.get(self.i) {
                Some(b'{') => self.object(path),
                Some(b'[') => self.array(path),
                Some(b'"') => self.string().is_some(),
                Some(_) => {
                    while self.i < self.s.len() && !b",]} \t\r\n".contains(&self.s[self.i]) {
                        self.i += 1;
                    }
                    true
                }
                None => false,
            };
        self.depth -= 1;
        ok
    }

    fn object(&mut self, path: &mut String) -> bool {
        self.i += 1;
        let mut keys: Vec<String> = Vec::new();
        loop {
            self.ws();
            match self.s.get(self.i) {
                Some(b'}') => {
                    self.i += 1;
                    break;
                }
                Some(b',') => {
                    self.i += 1;
                    continue;
                }
                Some(b'"') => {}
                _ => return false,
            }
            let Some(key) = self.string() else {
                return false;
            };
            self.ws();
            if self.s.get(self.i) != Some(&b':') {
                return false;
            }
            self.i += 1;
            let len = path.len();
            path.push('/');
            path.push_str(&escape_pointer(&key));
            let ok = self.value(path);
            path.truncate(len);
            if !keys.contains(&key) {
                keys.push(key);
            }
            if !ok {
                return false;
            }
        }
        self.order.map.insert(path.clone(), keys);
        true
    }

    fn array(&mut self, path: &mut String) -> bool {
        self.i += 1;
        let mut n = 0usize;
        loop {
            self.ws();
            match self.s.get(self.i) {
                Some(b']') => {
                    self.i += 1;
                    return true;
                }
                Some(b',') => {
                    self.i += 1;
                    continue;
                }
                None => return false,
                _ => {}
            }
            let len = path.len();
            path.push('/');
            path.push_str(&n.to_string());
            let ok = self.value(path);
            path.truncate(len);
            n += 1;
            if !ok {
                return false;
            }
        }
    }

    /// Reads a string literal starting at `"`, decoding it with serde_json.
    fn string(&mut self) -> Option<String> {
        let start = self.i;
        self.i += 1;
        while self.i < self.s.len() {
            match self.s[self.i] {
                b'\\' => self.i += 2,
                b'"' => {
                    self.i += 1;
                    let raw = std::str::from_utf8(&self.s[start..self.i]).ok()?;
                    return serde_json::from_str(raw).ok();
                }
                _ => self.i += 1,
            }
        }
        None
    }
}

/// Escapes a key for a JSON pointer (`~` → `~0`, `/` → `~1`).
pub fn escape_pointer(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// Undoes [`escape_pointer`].
pub fn unescape_pointer(seg: &str) -> String {
    seg.replace("~1", "/").replace("~0", "~")
}

fn child(pointer: &str, key: &str) -> String {
    format!("{pointer}/{}", escape_pointer(key))
}

// ---------------------------------------------------------------------------------------------
// Parsing

/// Parses a schema. Property order is the map's order (alphabetical in this crate); use
/// [`parse_schema_str`] when you have the text. Never panics; unknown keywords are ignored.
pub fn parse_schema(schema: &Value) -> Node {
    parse_schema_with_order(schema, &KeyOrder::default(), "")
}

/// Parses a schema shipped as text (as some catalogs ship `table_config`/`connection_config`), keeping the
/// authored property order. Errors only when the text is not JSON.
pub fn parse_schema_str(text: &str) -> Result<Node, String> {
    let value: Value =
        serde_json::from_str(text).map_err(|e| format!("the schema is not valid JSON ({e})"))?;
    Ok(parse_schema_with_order(
        &value,
        &KeyOrder::from_json_text(text),
        "",
    ))
}

/// Parses a schema embedded at `base` (a JSON pointer) in a document whose key order is
/// `order`. `$ref`s resolve against `schema` itself (`#/definitions/…`, `#/$defs/…`, `#/…`).
pub fn parse_schema_with_order(schema: &Value, order: &KeyOrder, base: &str) -> Node {
    let ctx = Ctx {
        root: schema,
        order,
        base,
    };
    ctx.node(schema, "", 0)
}

struct Ctx<'a> {
    root: &'a Value,
    order: &'a KeyOrder,
    base: &'a str,
}

const MAX_DEPTH: usize = 48;

impl Ctx<'_> {
    /// Resolves `$ref` chains; returns the target and its pointer relative to the root.
    fn deref<'v>(&'v self, v: &'v Value, ptr: &str) -> Result<(&'v Value, String), String> {
        let mut cur = v;
        let mut ptr = ptr.to_string();
        for _ in 0..16 {
            let Some(r) = cur.get("$ref").and_then(Value::as_str) else {
                return Ok((cur, ptr));
            };
            let Some(target) = r.strip_prefix('#') else {
                return Err(format!("the reference “{r}” points outside this schema"));
            };
            let resolved = if target.is_empty() {
                Some(self.root)
            } else {
                self.root.pointer(target)
            };
            match resolved {
                Some(t) => {
                    cur = t;
                    ptr = target.to_string();
                }
                None => return Err(format!("the reference “{r}” does not resolve")),
            }
        }
        Err("the schema's references loop".into())
    }

    fn ordered_keys<'m>(&self, map: &'m Map<String, Value>, ptr: &str) -> Vec<&'m String> {
        let full = format!("{}{ptr}", self.base);
        let mut out: Vec<&String> = Vec::with_capacity(map.len());
        if let Some(keys) = self.order.keys(&full) {
            for k in keys {
                if let Some((key, _)) = map.get_key_value(k) {
                    if !out.contains(&key) {
                        out.push(key);
                    }
                }
            }
        }
        for k in map.keys() {
            if !out.contains(&k) {
                out.push(k);
            }
        }
        out
    }

    fn node(&self, raw: &Value, ptr: &str, depth: usize) -> Node {
        if depth > MAX_DEPTH {
            return Node::new(NodeKind::Unsupported {
                reason: "the schema nests too deeply (recursive?)".into(),
            });
        }
        let (v, ptr) = match self.deref(raw, ptr) {
            Ok(x) => x,
            Err(reason) => return Node::new(NodeKind::Unsupported { reason }),
        };
        let obj = match v {
            Value::Object(o) => o,
            Value::Bool(true) => return Node::new(NodeKind::Json { object: false }),
            _ => {
                return Node::new(NodeKind::Unsupported {
                    reason: "the schema is not an object".into(),
                })
            }
        };
        // Annotations on the referring schema win over the target's (`{"$ref", "title"}`).
        let annotated = |k: &str| {
            raw.get(k)
                .filter(|_| raw.get("$ref").is_some())
                .or_else(|| obj.get(k))
        };
        let text = |k: &str| {
            annotated(k)
                .and_then(Value::as_str)
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        };
        let flag = |k: &str| annotated(k).and_then(Value::as_bool).unwrap_or(false);

        let (ty, nullable) = type_of(obj);
        let mut allowed: Vec<Value> = match obj.get("enum") {
            Some(Value::Array(items)) => items.clone(),
            _ => Vec::new(),
        };
        if let Some(c) = obj.get("const") {
            allowed = vec![c.clone()];
        }
        let nullable = nullable || flag("nullable") || allowed.iter().any(Value::is_null);
        allowed.retain(|v| !v.is_null());

        let kind = self.kind(obj, &ptr, ty.as_deref(), &allowed, depth);
        Node {
            title: text("title"),
            description: text("description"),
            default: annotated("default").cloned().filter(|d| !d.is_null()),
            examples: match annotated("examples") {
                Some(Value::Array(items)) => items.clone(),
                Some(Value::Null) | None => Vec::new(),
                Some(other) => vec![other.clone()],
            },
            deprecated: flag("deprecated"),
            read_only: flag("readOnly"),
            nullable,
            allowed,
            kind,
        }
    }

    fn kind(
        &self,
        obj: &Map<String, Value>,
        ptr: &str,
        ty: Option<&str>,
        allowed: &[Value],
        depth: usize,
    ) -> NodeKind {
        for key in ["oneOf", "anyOf"] {
            if let Some(Value::Array(items)) = obj.get(key) {
                if !items.is_empty() {
                    return self.one_of(obj, items, &child(ptr, key), depth);
                }
            }
        }
        if let Some(Value::Array(parts)) = obj.get("allOf") {
            return self.all_of(obj, parts, ptr, depth);
        }
        let ty = match ty {
            Some(t) => t.to_string(),
            None => infer_type(obj, allowed),
        };
        let num = |k: &str| obj.get(k).and_then(Value::as_f64);
        let count = |k: &str| obj.get(k).and_then(Value::as_u64);
        match ty.as_str() {
            "string" => {
                let format = match obj.get("format").and_then(Value::as_str) {
                    None => StringFormat::Plain,
                    Some("uri") | Some("url") | Some("uri-reference") => StringFormat::Uri,
                    Some("var-str") => StringFormat::VarStr,
                    Some("autocomplete") => StringFormat::Autocomplete,
                    Some("date-time") => StringFormat::DateTime,
                    Some(other) => StringFormat::Other(other.to_string()),
                };
                let key = ptr
                    .rsplit('/')
                    .next()
                    .unwrap_or_default()
                    .to_ascii_lowercase();
                let max_length = count("maxLength");
                let multiline = max_length.is_some_and(|m| m > 200)
                    || matches!(&format, StringFormat::Other(f) if f == "textarea" || f == "multiline")
                    || long_text_key(&key);
                let secret = matches!(&format, StringFormat::Other(f) if f == "password")
                    || obj.get("writeOnly").and_then(Value::as_bool) == Some(true)
                    || secret_key(&key);
                NodeKind::String {
                    format,
                    choices: allowed
                        .iter()
                        .filter_map(Value::as_str)
                        .map(str::to_string)
                        .collect(),
                    min_length: count("minLength"),
                    max_length,
                    pattern: obj
                        .get("pattern")
                        .and_then(Value::as_str)
                        .map(str::to_string),
                    multiline,
                    secret,
                }
            }
            "integer" => NodeKind::Integer {
                min: num("minimum"),
                max: num("maximum"),
            },
            "number" => NodeKind::Number {
                min: num("minimum"),
                max: num("maximum"),
            },
            "boolean" => NodeKind::Boolean,
            "array" => {
                let items = match obj.get("items") {
                    Some(items @ Value::Object(_)) => {
                        self.node(items, &child(ptr, "items"), depth + 1)
                    }
                    Some(Value::Array(tuple)) if !tuple.is_empty() => {
                        self.node(&tuple[0], &child(&child(ptr, "items"), "0"), depth + 1)
                    }
                    _ => Node::new(NodeKind::Json { object: false }),
                };
                NodeKind::Array {
                    items: Box::new(items),
                    unique: obj.get("uniqueItems").and_then(Value::as_bool) == Some(true),
                    min_items: count("minItems"),
                    max_items: count("maxItems"),
                }
            }
            "object" => self.object(obj, ptr, depth),
            "null" => NodeKind::Unsupported {
                reason: "a value that can only be null".into(),
            },
            _ => NodeKind::Json { object: false },
        }
    }

    fn object(&self, obj: &Map<String, Value>, ptr: &str, depth: usize) -> NodeKind {
        let sensitive = string_list(obj.get("sensitive"));
        let required = string_list(obj.get("required"));
        let mut properties = Vec::new();
        if let Some(Value::Object(props)) = obj.get("properties") {
            let pptr = child(ptr, "properties");
            for key in self.ordered_keys(props, &pptr) {
                let mut node = self.node(&props[key], &child(&pptr, key), depth + 1);
                if sensitive.contains(key) {
                    if let NodeKind::String { secret, .. } = &mut node.kind {
                        *secret = true;
                    }
                }
                properties.push(Property {
                    key: key.clone(),
                    node,
                });
            }
        }
        let (additional, closed) = match obj.get("additionalProperties") {
            Some(Value::Bool(false)) => (None, true),
            Some(a @ Value::Object(_)) => (
                Some(Box::new(self.node(
                    a,
                    &child(ptr, "additionalProperties"),
                    depth + 1,
                ))),
                false,
            ),
            _ => (None, false),
        };
        if !obj.contains_key("properties") && additional.is_none() && !closed {
            // An object that describes nothing (`{"type": "object"}`): free-form JSON.
            return NodeKind::Json { object: true };
        }
        let dependent_required = match obj.get("dependentRequired") {
            Some(Value::Object(m)) => {
                let dptr = child(ptr, "dependentRequired");
                self.ordered_keys(m, &dptr)
                    .into_iter()
                    .map(|k| (k.clone(), string_list(m.get(k))))
                    .collect()
            }
            _ => Vec::new(),
        };
        NodeKind::Object {
            properties,
            required,
            additional,
            closed,
            sensitive,
            dependent_required,
        }
    }

    fn one_of(
        &self,
        parent: &Map<String, Value>,
        items: &[Value],
        ptr: &str,
        depth: usize,
    ) -> NodeKind {
        let parent_type = type_of(parent).0;
        let variants = items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                let mut node = self.node(item, &child(ptr, &i.to_string()), depth + 1);
                // `{"type": "object", "oneOf": [{"properties": …}]}`: the variant inherits the type.
                if matches!(node.kind, NodeKind::Json { .. })
                    && parent_type.as_deref() == Some("object")
                {
                    node.kind = NodeKind::Json { object: true };
                }
                let title = node
                    .title
                    .clone()
                    .unwrap_or_else(|| default_variant_title(&node, i));
                Variant { title, node }
            })
            .collect();
        NodeKind::OneOf { variants }
    }

    fn all_of(
        &self,
        parent: &Map<String, Value>,
        parts: &[Value],
        ptr: &str,
        depth: usize,
    ) -> NodeKind {
        let nodes: Vec<Node> = parts
            .iter()
            .enumerate()
            .map(|(i, p)| self.node(p, &child(&child(ptr, "allOf"), &i.to_string()), depth + 1))
            .collect();
        // The parent's own properties count as one more part.
        let own = if parent.contains_key("properties") {
            let mut without = parent.clone();
            without.remove("allOf");
            Some(self.object(&without, ptr, depth))
        } else {
            None
        };
        let mut kinds: Vec<NodeKind> = nodes.into_iter().map(|n| n.kind).collect();
        kinds.extend(own);
        if kinds.len() == 1 {
            return kinds.remove(0);
        }
        let mut merged = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for k in kinds {
            match k {
                NodeKind::Object {
                    properties,
                    required,
                    sensitive,
                    dependent_required,
                    ..
                } => {
                    for p in properties {
                        if !merged.0.iter().any(|q: &Property| q.key == p.key) {
                            merged.0.push(p);
                        }
                    }
                    merged.1.extend(required);
                    merged.2.extend(sensitive);
                    merged.3.extend(dependent_required);
                }
                NodeKind::Json { object: true } => {}
                _ => {
                    return NodeKind::Unsupported {
                        reason: "an allOf that combines more than objects".into(),
                    }
                }
            }
        }
        NodeKind::Object {
            properties: merged.0,
            required: merged.1,
            additional: None,
            closed: false,
            sensitive: merged.2,
            dependent_required: merged.3,
        }
    }
}

fn default_variant_title(node: &Node, i: usize) -> String {
    if let [Value::String(s)] = node.allowed.as_slice() {
        return s.clone();
    }
    let what = match node.kind {
        NodeKind::String { .. } => "Text",
        NodeKind::Integer { .. } | NodeKind::Number { .. } => "Number",
        NodeKind::Boolean => "Yes/No",
        NodeKind::Array { .. } => "List",
        _ => "",
    };
    if what.is_empty() {
        format!("Option {}", i + 1)
    } else {
        what.to_string()
    }
}

/// `(first non-null type, null allowed)`.
fn type_of(obj: &Map<String, Value>) -> (Option<String>, bool) {
    match obj.get("type") {
        Some(Value::String(t)) => (Some(t.clone()), t == "null"),
        Some(Value::Array(ts)) => {
            let names: Vec<&str> = ts.iter().filter_map(Value::as_str).collect();
            let nullable = names.contains(&"null");
            (
                names
                    .iter()
                    .find(|t| **t != "null")
                    .map(|t| t.to_string())
                    .or_else(|| nullable.then(|| "null".to_string())),
                nullable,
            )
        }
        _ => (None, false),
    }
}

fn infer_type(obj: &Map<String, Value>, allowed: &[Value]) -> String {
    let has = |k: &str| obj.contains_key(k);
    if has("properties") || has("additionalProperties") || has("required") {
        "object".into()
    } else if has("items") {
        "array".into()
    } else if !allowed.is_empty() {
        if allowed.iter().all(Value::is_string) {
            "string".into()
        } else if allowed.iter().all(|v| v.is_i64() || v.is_u64()) {
            "integer".into()
        } else if allowed.iter().all(Value::is_number) {
            "number".into()
        } else if allowed.iter().all(Value::is_boolean) {
            "boolean".into()
        } else {
            "any".into()
        }
    } else if has("pattern") || has("format") || has("minLength") || has("maxLength") {
        "string".into()
    } else if has("minimum") || has("maximum") {
        "number".into()
    } else {
        "any".into()
    }
}

fn string_list(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_string)
            .collect(),
        _ => Vec::new(),
    }
}

fn long_text_key(key: &str) -> bool {
    matches!(
        key,
        "body" | "query" | "sql" | "script" | "template" | "payload" | "pem"
    ) || key.ends_with("_body")
        || key.ends_with("certificate")
        || key.ends_with("_pem")
}

fn secret_key(key: &str) -> bool {
    key.contains("password")
        || key.contains("secret")
        || key == "private_key"
        || key == "privatekey"
}

/// Words [`humanize`] prints in capitals.
const ACRONYMS: &[&str] = &[
    "api", "aws", "ca", "csv", "http", "https", "iam", "id", "json", "msk", "qos", "sasl", "sql",
    "ssl", "sse", "tls", "ttl", "uri", "url",
];

/// "bootstrapServers" → "Bootstrap servers", "event_rate" → "Event rate", "apiSecret" →
/// "API secret".
pub fn humanize(key: &str) -> String {
    let mut words: Vec<String> = Vec::new();
    let mut cur = String::new();
    let mut prev_lower = false;
    for c in key.chars() {
        if c == '_' || c == '-' || c == '.' || c == ' ' {
            if !cur.is_empty() {
                words.push(std::mem::take(&mut cur));
            }
            prev_lower = false;
            continue;
        }
        if c.is_uppercase() && prev_lower && !cur.is_empty() {
            words.push(std::mem::take(&mut cur));
        }
        prev_lower = c.is_lowercase() || c.is_ascii_digit();
        cur.push(c);
    }
    if !cur.is_empty() {
        words.push(cur);
    }
    let mut out = String::new();
    for (i, w) in words.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        if ACRONYMS.contains(&w.to_ascii_lowercase().as_str()) {
            out.push_str(&w.to_ascii_uppercase());
            continue;
        }
        let all_caps = w.len() > 1 && w.chars().all(|c| !c.is_lowercase());
        if i == 0 {
            let mut cs = w.chars();
            if let Some(f) = cs.next() {
                out.extend(f.to_uppercase());
                if all_caps {
                    out.push_str(cs.as_str());
                } else {
                    out.push_str(&cs.as_str().to_lowercase());
                }
            }
        } else if all_caps {
            out.push_str(w);
        } else {
            out.push_str(&w.to_lowercase());
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Defaults and variants

/// The value a fresh form starts with: `default`s; for a `oneOf`, its own default or the first
/// variant's; an object holds the properties that have a default, required objects and
/// `oneOf`s (recursively), required single-value enums, and required booleans (`false`, so an
/// unticked box means what it shows). Optional scalars are never invented.
pub fn default_value(node: &Node) -> Value {
    if let Some(d) = &node.default {
        return d.clone();
    }
    match &node.kind {
        NodeKind::Object { .. } => Value::Object(object_defaults(node)),
        NodeKind::OneOf { variants } => {
            let Some(first) = variants.first() else {
                return Value::Null;
            };
            let mut v = default_value(&first.node);
            // Only when the defaults alone would read as another variant does the value need
            // a marker to stay on the first one.
            if match_variant(variants, &v) != 0 {
                if let Value::Object(m) = &mut v {
                    m.insert(VARIANT_KEY.into(), Value::from(0));
                }
            }
            v
        }
        NodeKind::Json { object: true } => Value::Object(Map::new()),
        _ => match node.allowed.as_slice() {
            [only] => only.clone(),
            _ => Value::Null,
        },
    }
}

fn object_defaults(node: &Node) -> Map<String, Value> {
    let mut out = Map::new();
    for p in node.properties() {
        let required = node.requires(&p.key);
        let v = if p.node.default.is_some() {
            default_value(&p.node)
        } else if !required {
            continue;
        } else {
            match &p.node.kind {
                NodeKind::Object { .. } | NodeKind::OneOf { .. } => default_value(&p.node),
                NodeKind::Boolean => Value::Bool(false),
                _ => match p.node.allowed.as_slice() {
                    [only] => only.clone(),
                    _ => continue,
                },
            }
        };
        if !v.is_null() {
            out.insert(p.key.clone(), v);
        }
    }
    out
}

/// Switching variants: the new variant's values start from its defaults. An object value also
/// carries [`VARIANT_KEY`] with the variant's title, so a variant whose defaults are empty
/// (`{}`) is not mistaken for a sibling before the user types anything; [`clean`] drops it.
pub fn variant_reset(variant: &Variant) -> Value {
    let mut v = default_value(&variant.node);
    if let Value::Object(m) = &mut v {
        m.insert(VARIANT_KEY.into(), Value::String(variant.title.clone()));
    }
    v
}

/// Which variant a saved value is. A [`VARIANT_KEY`] in the value (index or title) decides;
/// otherwise the best score wins: single-value enums (const-like) that match, required keys
/// present, keys the variant knows; keys it does not know and required keys missing count
/// against it. Non-objects go to the first variant of a compatible type. Ties and nothing
/// usable fall back to 0.
pub fn match_variant(variants: &[Variant], value: &Value) -> usize {
    if variants.is_empty() {
        return 0;
    }
    if let Some(marker) = value.get(VARIANT_KEY) {
        let by_marker = match marker {
            Value::Number(n) => n.as_u64().map(|n| n as usize),
            Value::String(s) => variants.iter().position(|v| &v.title == s),
            _ => None,
        };
        if let Some(i) = by_marker.filter(|i| *i < variants.len()) {
            return i;
        }
    }
    let Value::Object(map) = value else {
        return variants
            .iter()
            .position(|v| v.node.allowed.contains(value))
            .or_else(|| {
                variants
                    .iter()
                    .position(|v| type_fits(&v.node, value) && allowed_fits(&v.node, value))
            })
            .or_else(|| variants.iter().position(|v| type_fits(&v.node, value)))
            .unwrap_or(0);
    };
    let mut best = (i64::MIN, 0usize);
    for (i, v) in variants.iter().enumerate() {
        let score = match &v.node.kind {
            NodeKind::Object {
                properties,
                additional,
                ..
            } => {
                let mut s = 0i64;
                for (k, val) in map {
                    if k == VARIANT_KEY {
                        continue;
                    }
                    match properties.iter().find(|p| &p.key == k) {
                        Some(p) => {
                            s += 10;
                            if let [only] = p.node.allowed.as_slice() {
                                s += if only == val { 100 } else { -100 };
                            }
                        }
                        None if additional.is_some() => s += 1,
                        None => s -= 20,
                    }
                }
                for p in properties {
                    if v.node.requires(&p.key) {
                        if present(map.get(&p.key)) {
                            s += 5;
                        } else {
                            s -= 10;
                        }
                    }
                }
                s
            }
            NodeKind::Json { .. } => -(map.len() as i64),
            _ => -1000,
        };
        if score > best.0 {
            best = (score, i);
        }
    }
    best.1
}

fn type_fits(node: &Node, v: &Value) -> bool {
    match (&node.kind, v) {
        (_, Value::Null) => node.nullable,
        (NodeKind::String { .. }, Value::String(_)) => true,
        (NodeKind::Integer { .. }, Value::Number(n)) => {
            n.as_f64().is_some_and(|f| f.fract() == 0.0)
        }
        (NodeKind::Number { .. }, Value::Number(_)) => true,
        (NodeKind::Boolean, Value::Bool(_)) => true,
        (NodeKind::Array { .. }, Value::Array(_)) => true,
        (NodeKind::Object { .. }, Value::Object(_)) => true,
        (NodeKind::Json { object }, v) => !object || v.is_object(),
        (NodeKind::Unsupported { .. }, _) => true,
        _ => false,
    }
}

fn allowed_fits(node: &Node, v: &Value) -> bool {
    node.allowed.is_empty() || node.allowed.contains(v)
}

/// Present for "required" purposes: not absent, null, blank text or an empty list.
fn present(v: Option<&Value>) -> bool {
    match v {
        None | Some(Value::Null) => false,
        Some(Value::String(s)) => !s.trim().is_empty(),
        Some(Value::Array(a)) => !a.is_empty(),
        Some(_) => true,
    }
}

// ---------------------------------------------------------------------------------------------
// Validation

/// Checks a value against the tree. Reports every problem with its JSON pointer: missing
/// required values (deprecated properties are never required; in a `oneOf`, the variant the
/// value matches is checked), wrong types, enums, bounds, lengths, patterns (with a plain
/// explanation where one is known), `uri` formats, list sizes and uniqueness, and
/// `dependentRequired`. Numbers typed as text ("5") are accepted for number inputs, since
/// [`clean`] converts them. `var-str` values containing `{{ VAR }}` references skip the
/// pattern, length and format checks: the server substitutes them.
pub fn validate(node: &Node, value: &Value) -> Vec<SchemaError> {
    let mut errors = Vec::new();
    check(node, value, "", "This value", &mut errors);
    errors
}

fn err(errors: &mut Vec<SchemaError>, pointer: &str, message: String) {
    errors.push(SchemaError {
        pointer: pointer.to_string(),
        message,
    });
}

fn check(node: &Node, value: &Value, ptr: &str, label: &str, errors: &mut Vec<SchemaError>) {
    if value.is_null() {
        return;
    }
    match &node.kind {
        NodeKind::String {
            format,
            choices: _,
            min_length,
            max_length,
            pattern,
            ..
        } => {
            let text = match value {
                Value::String(s) => s,
                _ => return err(errors, ptr, "Must be text.".into()),
            };
            if !check_allowed(node, value, ptr, errors) {
                return;
            }
            if text.is_empty() {
                return;
            }
            if *format == StringFormat::VarStr && has_env_reference(text) {
                return;
            }
            let len = text.chars().count() as u64;
            if let Some(min) = min_length.filter(|m| len < *m) {
                err(
                    errors,
                    ptr,
                    format!("Must be at least {min} character{} long.", plural(min)),
                );
            }
            if let Some(max) = max_length.filter(|m| len > *m) {
                err(
                    errors,
                    ptr,
                    format!(
                        "Must be at most {max} character{} long (it has {len}).",
                        plural(max)
                    ),
                );
            }
            if let Some(p) = pattern {
                if pattern_matches(p, text) == Some(false) {
                    err(
                        errors,
                        ptr,
                        pattern_message(p, node.placeholder().as_deref()),
                    );
                }
            }
            if *format == StringFormat::Uri && !is_uri(text) {
                let example = node
                    .placeholder()
                    .filter(|e| is_uri(e))
                    .unwrap_or_else(|| "https://example.com:8080/path".into());
                err(errors, ptr, format!("Must be a URL such as {example}."));
            }
        }
        NodeKind::Integer { min, max } | NodeKind::Number { min, max } => {
            let integer = matches!(node.kind, NodeKind::Integer { .. });
            let n = match value {
                Value::Number(n) => n.as_f64(),
                Value::String(s) if s.trim().is_empty() => return,
                Value::String(s) => parse_number(s),
                _ => None,
            };
            let Some(n) = n.filter(|n| !integer || n.fract() == 0.0) else {
                let what = if integer {
                    "a whole number"
                } else {
                    "a number"
                };
                return err(errors, ptr, format!("Must be {what}."));
            };
            if !node.allowed.is_empty() && !node.allowed.iter().any(|a| a.as_f64() == Some(n)) {
                return err(errors, ptr, one_of_message(&node.allowed));
            }
            if let Some(m) = min.filter(|m| n < *m) {
                err(errors, ptr, format!("Must be at least {}.", fmt_num(m)));
            }
            if let Some(m) = max.filter(|m| n > *m) {
                err(errors, ptr, format!("Must be at most {}.", fmt_num(m)));
            }
        }
        NodeKind::Boolean => {
            let ok = match value {
                Value::Bool(_) => true,
                Value::String(s) => matches!(s.trim(), "true" | "false" | ""),
                _ => false,
            };
            if !ok {
                err(errors, ptr, "Must be true or false.".into());
            }
        }
        NodeKind::Array {
            items,
            unique,
            min_items,
            max_items,
        } => {
            let Value::Array(list) = value else {
                return err(errors, ptr, "Must be a list.".into());
            };
            let n = list.len() as u64;
            if let Some(m) = min_items.filter(|m| n < *m && n > 0) {
                err(
                    errors,
                    ptr,
                    format!("Needs at least {m} item{}.", plural(m)),
                );
            }
            if let Some(m) = max_items.filter(|m| n > *m) {
                err(
                    errors,
                    ptr,
                    format!("Can have at most {m} item{}.", plural(m)),
                );
            }
            if *unique {
                for (i, item) in list.iter().enumerate() {
                    if list[..i].contains(item) {
                        let shown = match item {
                            Value::String(s) => format!("“{s}”"),
                            other => other.to_string(),
                        };
                        err(
                            errors,
                            &child(ptr, &i.to_string()),
                            format!("Items must be unique ({shown} appears more than once)."),
                        );
                    }
                }
            }
            let item_label = items.label("item");
            for (i, item) in list.iter().enumerate() {
                check(
                    items,
                    item,
                    &child(ptr, &i.to_string()),
                    &item_label,
                    errors,
                );
            }
        }
        NodeKind::Object {
            properties,
            required,
            additional,
            dependent_required,
            ..
        } => {
            let Value::Object(map) = value else {
                return err(
                    errors,
                    ptr,
                    format!("{label} must be a group of settings (an object)."),
                );
            };
            for p in properties {
                let v = map.get(&p.key);
                let cptr = child(ptr, &p.key);
                if node.requires(&p.key) && !present(v) {
                    err(
                        errors,
                        &cptr,
                        format!("{} is required.", p.node.label(&p.key)),
                    );
                    continue;
                }
                if let Some(v) = v {
                    check(&p.node, v, &cptr, &p.node.label(&p.key), errors);
                }
            }
            for r in required
                .iter()
                .filter(|r| !properties.iter().any(|p| &p.key == *r))
            {
                if !present(map.get(r)) {
                    err(
                        errors,
                        &child(ptr, r),
                        format!("{} is required.", humanize(r)),
                    );
                }
            }
            if let Some(add) = additional {
                for (k, v) in map {
                    if k == VARIANT_KEY || properties.iter().any(|p| &p.key == k) {
                        continue;
                    }
                    let cptr = child(ptr, k);
                    if k.trim().is_empty() {
                        err(errors, &cptr, "Keys cannot be empty.".into());
                        continue;
                    }
                    check(add, v, &cptr, k, errors);
                }
            }
            for (key, deps) in dependent_required {
                if !present(map.get(key)) {
                    continue;
                }
                let key_label = node
                    .property(key)
                    .map(|n| n.label(key))
                    .unwrap_or_else(|| humanize(key));
                for d in deps.iter().filter(|d| !present(map.get(*d))) {
                    let dep_label = node
                        .property(d)
                        .map(|n| n.label(d))
                        .unwrap_or_else(|| humanize(d));
                    err(
                        errors,
                        &child(ptr, d),
                        format!("{key_label} requires {dep_label} to be set."),
                    );
                }
            }
        }
        NodeKind::OneOf { variants } => {
            if variants.is_empty() {
                return;
            }
            let objects_only = variants.iter().all(|v| {
                matches!(
                    v.node.kind,
                    NodeKind::Object { .. } | NodeKind::Json { object: true }
                )
            });
            if objects_only && !value.is_object() {
                let names: Vec<&str> = variants.iter().map(|v| v.title.as_str()).collect();
                return err(
                    errors,
                    ptr,
                    format!("{label} must be one of the choices: {}.", names.join(", ")),
                );
            }
            let v = &variants[match_variant(variants, value)];
            check(&v.node, value, ptr, label, errors);
        }
        NodeKind::Json { object: true } => {
            let ok = match value {
                Value::Object(_) => true,
                Value::String(s) => {
                    s.trim().is_empty()
                        || serde_json::from_str::<Value>(s).is_ok_and(|v| v.is_object())
                }
                _ => false,
            };
            if !ok {
                err(
                    errors,
                    ptr,
                    "Must be a JSON object, like {\"key\": \"value\"}.".into(),
                );
            }
        }
        NodeKind::Json { object: false } => {
            if let Value::String(s) = value {
                // Text in a JSON input must be JSON (a bare word is not).
                if !s.trim().is_empty()
                    && serde_json::from_str::<Value>(s).is_err()
                    && !node.allowed.is_empty()
                {
                    err(errors, ptr, "Must be valid JSON.".into());
                }
            }
            check_allowed(node, value, ptr, errors);
        }
        NodeKind::Unsupported { .. } => {}
    }
}

/// Checks `enum`/`const`; false when it failed (and was reported).
fn check_allowed(node: &Node, value: &Value, ptr: &str, errors: &mut Vec<SchemaError>) -> bool {
    if node.allowed.is_empty() || node.allowed.contains(value) {
        return true;
    }
    if matches!(value, Value::String(s) if s.is_empty()) {
        return true;
    }
    err(errors, ptr, one_of_message(&node.allowed));
    false
}

fn one_of_message(allowed: &[Value]) -> String {
    let names: Vec<String> = allowed
        .iter()
        .map(|v| match v {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        })
        .collect();
    match names.as_slice() {
        [one] => format!("Must be “{one}”."),
        _ => format!("Must be one of: {}.", names.join(", ")),
    }
}

fn plural(n: u64) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

fn fmt_num(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

fn parse_number(s: &str) -> Option<f64> {
    let t = s.trim();
    if t.is_empty() || t.to_ascii_lowercase().contains("inf") || t.eq_ignore_ascii_case("nan") {
        return None;
    }
    t.parse::<f64>().ok().filter(|n| n.is_finite())
}

/// True when the text contains a `{{ NAME }}` environment reference.
pub fn has_env_reference(text: &str) -> bool {
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else {
            return false;
        };
        let name = after[..end].trim();
        if !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.' || c == '-')
        {
            return true;
        }
        rest = &after[end + 2..];
    }
    false
}

/// `scheme://host…` with no spaces.
pub fn is_uri(text: &str) -> bool {
    let t = text.trim();
    if t.is_empty() || t.chars().any(char::is_whitespace) {
        return false;
    }
    let Some((scheme, rest)) = t.split_once("://") else {
        return false;
    };
    let mut cs = scheme.chars();
    let scheme_ok = cs.next().is_some_and(|c| c.is_ascii_alphabetic())
        && cs.all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c));
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host = host.rsplit('@').next().unwrap_or_default();
    scheme_ok && !host.is_empty() && !host.starts_with(':')
}

// ---------------------------------------------------------------------------------------------
// Patterns

/// Whether `text` matches the ECMA-262 `pattern` (searched anywhere, as JSON Schema says).
/// `None` when the pattern uses something this small matcher does not support (look-around,
/// back-references) or is too costly on this input: the check is then left to the server.
pub fn pattern_matches(pattern: &str, text: &str) -> Option<bool> {
    let re = regex::parse(pattern)?;
    regex::search(&re, text)
}

/// The message for a value that does not match `pattern`, explaining it plainly where the
/// pattern is a known or simple one, and giving an example when there is one.
pub fn pattern_message(pattern: &str, example: Option<&str>) -> String {
    let mut msg = format!("Must match the pattern {pattern}");
    if let Some(e) = explain_pattern(pattern) {
        msg.push_str(&format!(" ({e})"));
    }
    if let Some(ex) = example.filter(|e| pattern_matches(pattern, e) == Some(true)) {
        msg.push_str(&format!(", for example {ex}"));
    }
    msg.push('.');
    msg
}

/// A plain-words reading of common patterns: "lowercase letters only", "starts with “redis://”",
/// "comma-separated host:port pairs". `None` when there is no simple reading.
pub fn explain_pattern(pattern: &str) -> Option<String> {
    let compact: String = pattern.chars().filter(|c| !c.is_whitespace()).collect();
    let known: &[(&str, &str)] = &[
        (
            r"^(([\w\.\-]+:\d+),)*([\w\.\-]+:\d+)$",
            "comma-separated host:port pairs",
        ),
        (r"^[\w\.\-]+:\d+$", "a host:port pair"),
        (r"^\d+$", "digits only"),
        (r"^[0-9]+$", "digits only"),
    ];
    if let Some((_, e)) = known.iter().find(|(p, _)| *p == compact) {
        return Some(e.to_string());
    }
    let re = regex::parse(pattern)?;
    regex::explain(&re)
}

/// A small backtracking matcher for the ECMA-262 subset JSON Schemas use: literals, `.`,
/// classes (`[a-z]`, `[^…]`, `\d \w \s` and negations), anchors, `\b`, groups (`(…)`, `(?:…)`),
/// alternation and greedy/lazy quantifiers. Work is capped so hostile patterns cannot hang.
mod regex {
    use std::cell::Cell;

    #[derive(Debug, Clone)]
    pub(super) enum Re {
        Char(char),
        Any,
        Class(Vec<Item>, bool),
        Start,
        End,
        WordBoundary(bool),
        Concat(Vec<Re>),
        Alt(Vec<Re>),
        Repeat(Box<Re>, u32, Option<u32>, bool),
    }

    #[derive(Debug, Clone)]
    pub(super) enum Item {
        Range(char, char),
        Digit(bool),
        Word(bool),
        Space(bool),
    }

    pub(super) fn parse(p: &str) -> Option<Re> {
        let chars: Vec<char> = p.chars().collect();
        if chars.len() > 2000 {
            return None;
        }
        let mut ps = P { c: &chars, i: 0 };
        let re = ps.alt(0)?;
        (ps.i == chars.len()).then_some(re)
    }

    struct P<'a> {
        c: &'a [char],
        i: usize,
    }

    impl P<'_> {
        fn peek(&self) -> Option<char> {
            self.c.get(self.i).copied()
        }

        fn alt(&mut self, depth: usize) -> Option<Re> {
            if depth > 64 {
                return None;
            }
            let mut alts = vec![self.concat(depth)?];
            while self.peek() == Some('|') {
                self.i += 1;
                alts.push(self.concat(depth)?);
            }
            Some(if alts.len() == 1 {
                alts.remove(0)
            } else {
                Re::Alt(alts)
            })
        }

        fn concat(&mut self, depth: usize) -> Option<Re> {
            let mut items = Vec::new();
            while let Some(c) = self.peek() {
                if c == '|' || c == ')' {
                    break;
                }
                let atom = self.atom(depth)?;
                items.push(self.quantified(atom)?);
            }
            Some(Re::Concat(items))
        }

        fn quantified(&mut self, atom: Re) -> Option<Re> {
            let (min, max) = match self.peek() {
                Some('*') => {
                    self.i += 1;
                    (0, None)
                }
                Some('+') => {
                    self.i += 1;
                    (1, None)
                }
                Some('?') => {
                    self.i += 1;
                    (0, Some(1))
                }
                // `braces` consumes `{n,m}` itself; anything else leaves `{` a literal.
                Some('{') => match self.braces() {
                    Some(b) => b,
                    None => return Some(atom),
                },
                _ => return Some(atom),
            };
            if matches!(atom, Re::Start | Re::End | Re::WordBoundary(_)) {
                return None;
            }
            let greedy = if self.peek() == Some('?') {
                self.i += 1;
                false
            } else {
                true
            };
            if matches!(self.peek(), Some('*' | '+' | '?')) {
                return None;
            }
            Some(Re::Repeat(Box::new(atom), min, max, greedy))
        }

        /// `{n}`, `{n,}`, `{n,m}`; consumes it and returns bounds, or leaves `{` literal.
        fn braces(&mut self) -> Option<(u32, Option<u32>)> {
            let rest: String = self.c[self.i..].iter().take(24).collect();
            let close = rest.find('}')?;
            let inner = &rest[1..close];
            let (a, b) = match inner.split_once(',') {
                Some((a, b)) => (a, Some(b)),
                None => (inner, None),
            };
            let min: u32 = a.parse().ok()?;
            let max = match b {
                None => Some(min),
                Some("") => None,
                Some(b) => Some(b.parse().ok()?),
            };
            if max.is_some_and(|m| m < min) || min > 1000 || max.is_some_and(|m| m > 1000) {
                return None;
            }
            self.i += inner.chars().count() + 2;
            Some((min, max))
        }

        fn atom(&mut self, depth: usize) -> Option<Re> {
            let c = self.peek()?;
            self.i += 1;
            Some(match c {
                '.' => Re::Any,
                '^' => Re::Start,
                '$' => Re::End,
                '(' => {
                    if self.peek() == Some('?') {
                        if self.c.get(self.i + 1) == Some(&':') {
                            self.i += 2;
                        } else {
                            return None; // look-around and named groups
                        }
                    }
                    let inner = self.alt(depth + 1)?;
                    if self.peek() != Some(')') {
                        return None;
                    }
                    self.i += 1;
                    inner
                }
                '[' => self.class()?,
                '\\' => self.escape(false)?.into_re(),
                '*' | '+' | '?' | ')' => return None,
                other => Re::Char(other),
            })
        }

        fn class(&mut self) -> Option<Re> {
            let negated = if self.peek() == Some('^') {
                self.i += 1;
                true
            } else {
                false
            };
            let mut items = Vec::new();
            let mut first = true;
            loop {
                let c = self.peek()?;
                self.i += 1;
                if c == ']' && !first {
                    break;
                }
                first = false;
                let lo = if c == '\\' {
                    match self.escape(true)? {
                        Esc::Char(ch) => ch,
                        Esc::Item(item) => {
                            items.push(item);
                            continue;
                        }
                        Esc::Boundary(_) => return None,
                    }
                } else {
                    c
                };
                if self.peek() == Some('-') && self.c.get(self.i + 1).is_some_and(|n| *n != ']') {
                    self.i += 1;
                    let hc = self.peek()?;
                    self.i += 1;
                    let hi = if hc == '\\' {
                        match self.escape(true)? {
                            Esc::Char(ch) => ch,
                            _ => return None,
                        }
                    } else {
                        hc
                    };
                    if hi < lo {
                        return None;
                    }
                    items.push(Item::Range(lo, hi));
                } else {
                    items.push(Item::Range(lo, lo));
                }
            }
            Some(Re::Class(items, negated))
        }

        fn escape(&mut self, in_class: bool) -> Option<Esc> {
            let c = self.peek()?;
            self.i += 1;
            Some(match c {
                'd' => Esc::Item(Item::Digit(true)),
                'D' => Esc::Item(Item::Digit(false)),
                'w' => Esc::Item(Item::Word(true)),
                'W' => Esc::Item(Item::Word(false)),
                's' => Esc::Item(Item::Space(true)),
                'S' => Esc::Item(Item::Space(false)),
                'b' if in_class => Esc::Char('\u{8}'),
                'b' => Esc::Boundary(true),
                'B' => Esc::Boundary(false),
                'n' => Esc::Char('\n'),
                'r' => Esc::Char('\r'),
                't' => Esc::Char('\t'),
                'f' => Esc::Char('\u{c}'),
                'v' => Esc::Char('\u{b}'),
                '0' => Esc::Char('\0'),
                'x' => {
                    let h: String = self.c.get(self.i..self.i + 2)?.iter().collect();
                    self.i += 2;
                    Esc::Char(char::from_u32(u32::from_str_radix(&h, 16).ok()?)?)
                }
                'u' => {
                    let h: String = self.c.get(self.i..self.i + 4)?.iter().collect();
                    self.i += 4;
                    Esc::Char(char::from_u32(u32::from_str_radix(&h, 16).ok()?)?)
                }
                '1'..='9' | 'k' | 'p' | 'P' | 'c' => return None,
                other => Esc::Char(other),
            })
        }
    }

    enum Esc {
        Char(char),
        Item(Item),
        Boundary(bool),
    }

    impl Esc {
        fn into_re(self) -> Re {
            match self {
                Esc::Char(c) => Re::Char(c),
                Esc::Item(i) => Re::Class(vec![i], false),
                Esc::Boundary(b) => Re::WordBoundary(b),
            }
        }
    }

    fn is_word(c: char) -> bool {
        c.is_ascii_alphanumeric() || c == '_'
    }

    fn item_matches(item: &Item, c: char) -> bool {
        match item {
            Item::Range(lo, hi) => *lo <= c && c <= *hi,
            Item::Digit(pos) => c.is_ascii_digit() == *pos,
            Item::Word(pos) => is_word(c) == *pos,
            Item::Space(pos) => c.is_whitespace() == *pos,
        }
    }

    struct M<'a> {
        t: &'a [char],
        steps: Cell<u32>,
        depth: Cell<u32>,
    }

    /// Work and recursion caps: beyond them the answer is "cannot tell" (`None`).
    const STEP_LIMIT: u32 = 100_000;
    const DEPTH_LIMIT: u32 = 2_000;

    impl M<'_> {
        fn tick(&self) -> bool {
            let s = self.steps.get() + 1;
            self.steps.set(s);
            s <= STEP_LIMIT
        }

        fn m(&self, re: &Re, pos: usize, k: &mut dyn FnMut(usize) -> bool) -> bool {
            if !self.tick() {
                return false;
            }
            let d = self.depth.get() + 1;
            if d > DEPTH_LIMIT {
                // Counts as exhausted: stop everything.
                self.steps.set(STEP_LIMIT + 1);
                return false;
            }
            self.depth.set(d);
            let r = self.m_inner(re, pos, k);
            self.depth.set(d - 1);
            r
        }

        fn m_inner(&self, re: &Re, pos: usize, k: &mut dyn FnMut(usize) -> bool) -> bool {
            match re {
                Re::Char(c) => self.t.get(pos) == Some(c) && k(pos + 1),
                Re::Any => self.t.get(pos).is_some_and(|c| *c != '\n' && *c != '\r') && k(pos + 1),
                Re::Class(items, neg) => match self.t.get(pos) {
                    Some(c) => items.iter().any(|i| item_matches(i, *c)) != *neg && k(pos + 1),
                    None => false,
                },
                Re::Start => pos == 0 && k(pos),
                Re::End => pos == self.t.len() && k(pos),
                Re::WordBoundary(want) => {
                    let before = pos > 0 && is_word(self.t[pos - 1]);
                    let after = self.t.get(pos).is_some_and(|c| is_word(*c));
                    (before != after) == *want && k(pos)
                }
                Re::Concat(items) => self.seq(items, pos, k),
                Re::Alt(alts) => alts.iter().any(|a| self.m(a, pos, k)),
                Re::Repeat(inner, min, max, greedy) => {
                    self.rep(inner, *min, *max, *greedy, 0, pos, k)
                }
            }
        }

        fn seq(&self, items: &[Re], pos: usize, k: &mut dyn FnMut(usize) -> bool) -> bool {
            match items.split_first() {
                None => k(pos),
                Some((first, rest)) => self.m(first, pos, &mut |p| self.seq(rest, p, k)),
            }
        }

        #[allow(clippy::too_many_arguments)]
        fn rep(
            &self,
            inner: &Re,
            min: u32,
            max: Option<u32>,
            greedy: bool,
            count: u32,
            pos: usize,
            k: &mut dyn FnMut(usize) -> bool,
        ) -> bool {
            if !self.tick() {
                return false;
            }
            let can_stop = count >= min;
            if can_stop && !greedy && k(pos) {
                return true;
            }
            if max.is_none_or(|m| count < m) {
                let more = self.m(inner, pos, &mut |p| {
                    // An empty iteration past the minimum can only loop.
                    if p == pos && count >= min {
                        return false;
                    }
                    self.rep(inner, min, max, greedy, count + 1, p, k)
                });
                if more {
                    return true;
                }
            }
            can_stop && greedy && k(pos)
        }
    }

    pub(super) fn search(re: &Re, text: &str) -> Option<bool> {
        let t: Vec<char> = text.chars().collect();
        if t.len() > 2_000 {
            return None;
        }
        let m = M {
            t: &t,
            steps: Cell::new(0),
            depth: Cell::new(0),
        };
        for start in 0..=t.len() {
            if m.m(re, start, &mut |_| true) {
                return Some(true);
            }
            if m.steps.get() > STEP_LIMIT {
                return None;
            }
        }
        Some(false)
    }

    /// Plain words for `^literal…` and `^[class]+$` shapes.
    pub(super) fn explain(re: &Re) -> Option<String> {
        let Re::Concat(items) = re else {
            return None;
        };
        let (first, rest) = items.split_first()?;
        if !matches!(first, Re::Start) {
            return None;
        }
        // ^[class]+$ / ^[class]*$ / ^[class]{n,m}$
        if let [Re::Repeat(inner, min, max, _), Re::End] = rest {
            if let Re::Class(class_items, false) = inner.as_ref() {
                let what = describe_class(class_items)?;
                let size = match (min, max) {
                    (0 | 1, None) => String::new(),
                    (a, Some(b)) if a == b => format!(", exactly {a} characters"),
                    (a, Some(b)) => format!(", {a} to {b} characters"),
                    (a, None) => format!(", at least {a} characters"),
                };
                return Some(format!("{what} only{size}"));
            }
        }
        // ^literal, ^literal.*, ^literal.*$
        let mut literal = String::new();
        let mut tail = rest;
        while let Some((Re::Char(c), more)) = tail.split_first() {
            literal.push(*c);
            tail = more;
        }
        let tail_ok = match tail {
            [] => true,
            [Re::Repeat(inner, 0, None, _)] | [Re::Repeat(inner, 0, None, _), Re::End] => {
                matches!(inner.as_ref(), Re::Any)
            }
            _ => false,
        };
        (tail_ok && !literal.is_empty()).then(|| format!("starts with “{literal}”"))
    }

    fn describe_class(items: &[Item]) -> Option<String> {
        let mut parts: Vec<String> = Vec::new();
        let has = |lo: char, hi: char| {
            items
                .iter()
                .any(|i| matches!(i, Item::Range(a, b) if *a == lo && *b == hi))
        };
        let lower = has('a', 'z');
        let upper = has('A', 'Z');
        match (lower, upper) {
            (true, true) => parts.push("letters".into()),
            (true, false) => parts.push("lowercase letters".into()),
            (false, true) => parts.push("uppercase letters".into()),
            _ => {}
        }
        for item in items {
            match item {
                Item::Range('a', 'z') | Item::Range('A', 'Z') => {}
                Item::Range('0', '9') | Item::Digit(true) => parts.push("digits".into()),
                Item::Word(true) => parts.push("letters, digits, underscores".into()),
                Item::Space(true) => parts.push("spaces".into()),
                Item::Range(a, b) if a == b => parts.push(match a {
                    '_' => "underscores".into(),
                    '-' => "hyphens".into(),
                    '.' => "dots".into(),
                    ' ' => "spaces".into(),
                    c => format!("“{c}”"),
                }),
                _ => return None,
            }
        }
        let mut seen = Vec::new();
        parts.retain(|p| {
            let fresh = !seen.contains(p);
            seen.push(p.clone());
            fresh
        });
        match parts.len() {
            0 => None,
            1 => Some(parts.remove(0)),
            _ => {
                let last = parts.pop()?;
                Some(format!("{} and {last}", parts.join(", ")))
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Cleaning

/// What is sent: no [`VARIANT_KEY`] markers; inside a `oneOf`, only the matched variant's keys;
/// blank strings removed; empty optional lists and objects removed (a required object stays,
/// even empty: `"authentication": {}` means "None"); numbers and booleans typed as text
/// converted; JSON inputs held as text parsed; map entries with blank keys dropped. Keys an
/// open object does not describe are kept (they round-trip), a closed one's are dropped.
/// Single-line text is trimmed, except secrets.
pub fn clean(node: &Node, value: &Value) -> Value {
    clean_in(node, value, true, false).unwrap_or_else(|| match node.kind {
        NodeKind::Object { .. } | NodeKind::Json { object: true } => Value::Object(Map::new()),
        _ => Value::Null,
    })
}

fn clean_in(node: &Node, value: &Value, required: bool, closed_scope: bool) -> Option<Value> {
    match (&node.kind, value) {
        (_, Value::Null) => None,
        (
            NodeKind::String {
                multiline, secret, ..
            },
            Value::String(s),
        ) => {
            if s.trim().is_empty() {
                None
            } else if *multiline || *secret {
                Some(Value::String(s.clone()))
            } else {
                Some(Value::String(s.trim().to_string()))
            }
        }
        (NodeKind::String { .. }, Value::Number(_) | Value::Bool(_)) => {
            Some(Value::String(value.to_string()))
        }
        (NodeKind::Integer { .. } | NodeKind::Number { .. }, Value::String(s)) => {
            if s.trim().is_empty() {
                return None;
            }
            let integer = matches!(node.kind, NodeKind::Integer { .. });
            match parse_number(s) {
                Some(n) if n.fract() == 0.0 && n.abs() < 9.0e15 => Some(Value::from(n as i64)),
                Some(n) if !integer => serde_json::Number::from_f64(n).map(Value::Number),
                _ => Some(value.clone()),
            }
        }
        // `2500.0` for an integer: servers deserializing into integers refuse the float form.
        (NodeKind::Integer { .. }, Value::Number(n)) if !(n.is_i64() || n.is_u64()) => {
            match n.as_f64() {
                Some(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => Some(Value::from(f as i64)),
                _ => Some(value.clone()),
            }
        }
        (NodeKind::Boolean, Value::String(s)) => match s.trim() {
            "" => None,
            "true" => Some(Value::Bool(true)),
            "false" => Some(Value::Bool(false)),
            _ => Some(value.clone()),
        },
        (NodeKind::Array { items, .. }, Value::Array(list)) => {
            let out: Vec<Value> = list
                .iter()
                .filter_map(|v| clean_in(items, v, true, false))
                .collect();
            if out.is_empty() && !required {
                None
            } else {
                Some(Value::Array(out))
            }
        }
        (
            NodeKind::Object {
                properties,
                additional,
                closed,
                ..
            },
            Value::Object(map),
        ) => {
            let mut out = Map::new();
            for (k, v) in map {
                if k == VARIANT_KEY {
                    continue;
                }
                if let Some(p) = properties.iter().find(|p| &p.key == k) {
                    if let Some(c) = clean_in(&p.node, v, node.requires(k), false) {
                        out.insert(k.clone(), c);
                    }
                } else if let Some(add) = additional {
                    if !k.trim().is_empty() {
                        if let Some(c) = clean_in(add, v, true, false) {
                            out.insert(k.clone(), c);
                        }
                    }
                } else if !*closed && !closed_scope {
                    out.insert(k.clone(), strip_markers(v));
                }
            }
            if out.is_empty() && !required {
                None
            } else {
                Some(Value::Object(out))
            }
        }
        (NodeKind::OneOf { variants }, _) if !variants.is_empty() => {
            let v = &variants[match_variant(variants, value)];
            clean_in(&v.node, value, required, true)
        }
        (NodeKind::Json { object }, Value::String(s)) => {
            if s.trim().is_empty() {
                return None;
            }
            match serde_json::from_str::<Value>(s) {
                Ok(parsed) if !*object || parsed.is_object() => {
                    clean_in(node, &parsed, required, closed_scope)
                }
                _ => Some(value.clone()),
            }
        }
        (NodeKind::Json { .. }, Value::Object(m)) if m.is_empty() && !required => None,
        _ => Some(strip_markers(value)),
    }
}

fn strip_markers(v: &Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.iter()
                .filter(|(k, _)| k.as_str() != VARIANT_KEY)
                .map(|(k, v)| (k.clone(), strip_markers(v)))
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.iter().map(strip_markers).collect()),
        other => other.clone(),
    }
}

/// The value with every secret string removed (through objects, the matched `oneOf` variant
/// and lists of objects): for drafts, exports and logs.
pub fn strip_secrets(node: &Node, value: &Value) -> Value {
    match (&node.kind, value) {
        (NodeKind::Object { properties, .. }, Value::Object(map)) => Value::Object(
            map.iter()
                .filter_map(|(k, v)| match properties.iter().find(|p| &p.key == k) {
                    Some(p) if p.node.is_secret() => None,
                    Some(p) => Some((k.clone(), strip_secrets(&p.node, v))),
                    None => Some((k.clone(), v.clone())),
                })
                .collect(),
        ),
        (NodeKind::OneOf { variants }, _) if !variants.is_empty() => {
            strip_secrets(&variants[match_variant(variants, value)].node, value)
        }
        (NodeKind::Array { items, .. }, Value::Array(list)) => {
            Value::Array(list.iter().map(|v| strip_secrets(items, v)).collect())
        }
        _ => value.clone(),
    }
}

/// The number of inputs the tree can show: every scalar, list, map and JSON input, counting
/// the fields of every `oneOf` variant.
pub fn leaf_count(node: &Node) -> usize {
    match &node.kind {
        NodeKind::Object {
            properties,
            additional,
            ..
        } => {
            properties
                .iter()
                .map(|p| leaf_count(&p.node))
                .sum::<usize>()
                + usize::from(additional.is_some())
        }
        NodeKind::OneOf { variants } => variants.iter().map(|v| leaf_count(&v.node)).sum(),
        _ => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn humanizes_keys() {
        assert_eq!(humanize("bootstrapServers"), "Bootstrap servers");
        assert_eq!(humanize("event_rate"), "Event rate");
        assert_eq!(humanize("AWS_MSK_IAM"), "AWS MSK IAM");
        assert_eq!(humanize("apiSecret"), "API secret");
        assert_eq!(humanize("url"), "URL");
        assert_eq!(humanize(""), "");
    }

    #[test]
    fn key_order_follows_the_text() {
        let text = r#"{"properties": {"z": {}, "a": {"properties": {"y": 1, "b": 2}}}, "k": [ {"q": 1, "p": 2} ]}"#;
        let o = KeyOrder::from_json_text(text);
        assert_eq!(o.keys("/properties").unwrap(), ["z", "a"]);
        assert_eq!(o.keys("/properties/a/properties").unwrap(), ["y", "b"]);
        assert_eq!(o.keys("/k/0").unwrap(), ["q", "p"]);
        assert_eq!(o.keys("").unwrap(), ["properties", "k"]);
        // Broken text does not panic.
        let _ = KeyOrder::from_json_text(r#"{"a": {"b": [1, 2"#);
        let _ = KeyOrder::from_json_text("\"\\");
    }

    #[test]
    fn patterns() {
        let hp = r"^(([\w\.\-]+:\d+),)*([\w\.\-]+:\d+)$";
        assert_eq!(
            pattern_matches(hp, "broker-1:9092,broker-2:9092"),
            Some(true)
        );
        assert_eq!(pattern_matches(hp, "broker-1:9092,"), Some(false));
        assert_eq!(pattern_matches(hp, "broker"), Some(false));
        assert_eq!(
            pattern_matches("^redis://.*$", "redis://x:6379"),
            Some(true)
        );
        assert_eq!(pattern_matches("^redis://.*$", "http://x"), Some(false));
        assert_eq!(
            pattern_matches("b+", "abbbc"),
            Some(true),
            "unanchored search"
        );
        assert_eq!(pattern_matches("^a{2,3}$", "aaaa"), Some(false));
        assert_eq!(pattern_matches("^a{2,3}$", "aaa"), Some(true));
        assert_eq!(pattern_matches("^(?:ab|cd)+$", "abcdab"), Some(true));
        assert_eq!(pattern_matches(r"^[^\s]+$", "a b"), Some(false));
        assert_eq!(pattern_matches(r"\bcat\b", "a cat!"), Some(true));
        assert_eq!(
            pattern_matches("(?=x)", "x"),
            None,
            "look-ahead unsupported"
        );
        assert_eq!(
            pattern_matches(r"(a)\1", "aa"),
            None,
            "back-references unsupported"
        );
        assert_eq!(pattern_matches("[", "x"), None);
        // Catastrophic backtracking gives up instead of hanging.
        let evil = "^(a+)+$";
        let input = format!("{}b", "a".repeat(40));
        assert_eq!(pattern_matches(evil, &input), None);
    }

    #[test]
    fn pattern_explanations() {
        assert_eq!(
            explain_pattern("^[a-z]+$").as_deref(),
            Some("lowercase letters only")
        );
        assert_eq!(
            explain_pattern("^[a-z0-9_-]+$").as_deref(),
            Some("lowercase letters, digits, underscores and hyphens only")
        );
        assert_eq!(
            explain_pattern("^redis://.*$").as_deref(),
            Some("starts with “redis://”")
        );
        assert_eq!(explain_pattern("^(a|b)c$"), None);
        assert_eq!(
            pattern_message("^[a-z]+$", None),
            "Must match the pattern ^[a-z]+$ (lowercase letters only)."
        );
    }

    #[test]
    fn env_references() {
        assert!(has_env_reference("{{ KAFKA_PASSWORD }}"));
        assert!(has_env_reference("Bearer {{TOKEN}}"));
        assert!(!has_env_reference("{{ }}"));
        assert!(!has_env_reference("{ x }"));
    }

    #[test]
    fn uris() {
        assert!(is_uri("http://localhost:8081"));
        assert!(is_uri("s3://bucket/path"));
        assert!(is_uri("wss://example.com:8080/ws"));
        assert!(!is_uri("localhost:8081"));
        assert!(!is_uri("http://"));
        assert!(!is_uri("http://a b"));
        assert!(!is_uri("1http://x"));
    }

    #[test]
    fn refs_and_type_arrays() {
        let s = json!({
            "definitions": {"port": {"type": ["integer", "null"], "minimum": 1}},
            "properties": {"p": {"$ref": "#/definitions/port", "title": "Port"}, "loop": {"$ref": "#/properties/loop"}}
        });
        let n = parse_schema(&s);
        let p = n.property("p").unwrap();
        assert!(p.nullable);
        assert_eq!(p.title.as_deref(), Some("Port"));
        assert!(matches!(p.kind, NodeKind::Integer { min: Some(m), .. } if m == 1.0));
        assert!(matches!(
            n.property("loop").unwrap().kind,
            NodeKind::Unsupported { .. }
        ));
    }
}
