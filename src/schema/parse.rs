//! JSON Schema (a [`Value`], whose objects keep their authored key order) → the form tree
//! ([`Node`]).

use std::cell::{Cell, OnceCell, RefCell};
use std::sync::Arc;

use serde_json::{Map, Value};

use super::{child, Node, NodeKind, Property, StringFormat, Variant};
use crate::secret::{key_names_secret, marks_secret};

/// Parses a schema, properties in their authored order (serde_json keeps object keys in the
/// order of the text, with its `preserve_order` feature). Never panics; unknown keywords are
/// ignored. `$ref`s resolve against `schema` itself (`#/definitions/…`, `#/$defs/…`, `#/…`).
pub fn parse_schema(schema: &Value) -> Node {
    let ctx = Ctx {
        root: schema,
        shared: OnceCell::new(),
        nodes: Cell::new(0),
        refs: RefCell::new(Vec::new()),
    };
    ctx.node(schema, "", 0)
}

/// Builds a deferred level (see [`super::Deferred`]): `raw` (a `$ref`) in `root`, with a fresh
/// node budget and no `$ref` open yet, so it shows [`MAX_RECURSION`] more levels.
pub(super) fn parse_deferred(root: &Arc<Value>, raw: &Value) -> Node {
    let ctx = Ctx {
        root,
        shared: OnceCell::from(root.clone()),
        nodes: Cell::new(0),
        refs: RefCell::new(Vec::new()),
    };
    ctx.node(raw, "", 0)
}

/// Parses a schema shipped as text (as some catalogs ship `table_config`/`connection_config`).
/// Errors only when the text is not JSON.
pub fn parse_schema_str(text: &str) -> Result<Node, String> {
    let value: Value =
        serde_json::from_str(text).map_err(|e| format!("the schema is not valid JSON ({e})"))?;
    Ok(parse_schema(&value))
}

struct Ctx<'a> {
    root: &'a Value,
    /// The root, shared by the deferred levels (copied once, at the first one).
    shared: OnceCell<Arc<Value>>,
    /// Nodes built so far, against [`MAX_NODES`].
    nodes: Cell<usize>,
    /// The `$ref` targets being expanded, outermost first (for [`MAX_RECURSION`]).
    refs: RefCell<Vec<String>>,
}

const MAX_DEPTH: usize = 48;

/// The most nodes one schema may build. A schema can ask for exponentially many (two
/// properties that each refer back to the root double at every level); past this budget the
/// rest is not built and the form says why.
pub const MAX_NODES: usize = 5_000;

/// How many times one `$ref` target may be open inside itself while a schema is parsed: a
/// recursive schema (a filter whose `and` is a list of filters) is built this many levels deep;
/// the next level is [deferred](super::Deferred) — built when it is used.
pub const MAX_RECURSION: usize = 2;

/// The reason given for a part not built because of [`MAX_NODES`].
pub const TOO_LARGE: &str = "the schema is too large to show as a form (over 5,000 inputs)";

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

    fn node(&self, raw: &Value, ptr: &str, depth: usize) -> Node {
        if depth > MAX_DEPTH {
            return Node::new(NodeKind::Unsupported {
                reason: "the schema nests too deeply (recursive?)".into(),
            });
        }
        let n = self.nodes.get() + 1;
        self.nodes.set(n);
        if n > MAX_NODES {
            return Node::new(NodeKind::Unsupported {
                reason: TOO_LARGE.into(),
            });
        }
        let (v, ptr) = match self.deref(raw, ptr) {
            Ok(x) => x,
            Err(reason) => return Node::new(NodeKind::Unsupported { reason }),
        };
        let via_ref = raw.get("$ref").is_some();
        if via_ref {
            let open = self.refs.borrow().iter().filter(|p| **p == ptr).count();
            if open >= MAX_RECURSION {
                let mut node = Node::new(NodeKind::Json {
                    object: v.get("type").and_then(Value::as_str) == Some("object")
                        || v.get("properties").is_some(),
                });
                node.title = raw
                    .get("title")
                    .or_else(|| v.get("title"))
                    .and_then(Value::as_str)
                    .map(str::to_string);
                node.description = raw
                    .get("description")
                    .or_else(|| v.get("description"))
                    .and_then(Value::as_str)
                    .map(str::to_string);
                node.secret = marks_secret_value(raw) || marks_secret_value(v);
                let root = self
                    .shared
                    .get_or_init(|| Arc::new(self.root.clone()))
                    .clone();
                node.deferred = Some(Arc::new(super::Deferred::new(root, raw.clone())));
                return node;
            }
            self.refs.borrow_mut().push(ptr.clone());
        }
        let node = self.node_at(raw, v, &ptr, depth);
        if via_ref {
            self.refs.borrow_mut().pop();
        }
        node
    }

    fn node_at(&self, raw: &Value, v: &Value, ptr: &str, depth: usize) -> Node {
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

        let secret = marks_secret_value(raw)
            || marks_secret(obj)
            || matches!(obj.get("allOf"), Some(Value::Array(parts))
                if parts.iter().any(|p| self.deref(p, ptr).is_ok_and(|(t, _)| marks_secret_value(t))));
        let mut kind = self.kind(obj, ptr, ty.as_deref(), &allowed, depth);
        if let NodeKind::String { secret: s, .. } = &mut kind {
            *s = *s || secret;
        }
        Node {
            secret,
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
            deferred: None,
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
                let secret = marks_secret(obj);
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
            for key in props.keys() {
                let mut node = self.node(&props[key], &child(&pptr, key), depth + 1);
                if sensitive.contains(key) || key_names_secret(key) {
                    node.secret = true;
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
            Some(Value::Object(m)) => m
                .iter()
                .map(|(k, v)| (k.clone(), string_list(Some(v))))
                .collect(),
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
            without.shift_remove("allOf");
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

/// [`marks_secret`] for a schema that may not be an object.
fn marks_secret_value(v: &Value) -> bool {
    v.as_object().is_some_and(marks_secret)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

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
