//! What leaves the form: the cleaned value that is sent ([`clean`]), the value without
//! secrets ([`strip_secrets`]), and how many inputs a tree shows ([`leaf_count`]).

use serde_json::{Map, Value};

use super::validate::parse_number;
use super::{match_variant, Node, NodeKind, VARIANT_KEY};

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
    if let Some(level) = node.expanded_for(value) {
        return clean_in(level, value, required, closed_scope);
    }
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
            // A form's values come in the properties' order: the next property is looked at
            // first, so a large object is not searched once per key.
            let mut next = 0;
            for (k, v) in map {
                if k == VARIANT_KEY {
                    continue;
                }
                let at = match properties.get(next) {
                    Some(p) if &p.key == k => Some(next),
                    _ => properties.iter().position(|p| &p.key == k),
                };
                if let Some(i) = at {
                    next = i + 1;
                }
                if let Some(p) = at.map(|i| &properties[i]) {
                    if let Some(c) = clean_in(&p.node, v, node.requires_property(p), false) {
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

/// The value with every secret removed, by the [secret policy](crate::secret): through
/// objects, maps, lists and every `oneOf`/`anyOf` alternative. For drafts, exports and logs.
pub fn strip_secrets(node: &Node, value: &Value) -> Value {
    crate::secret::scrub(&[node], None, value).unwrap_or(Value::Null)
}

/// The value with every secret replaced by its [placeholder](crate::secret::placeholder), by
/// the same walk as [`strip_secrets`]: for "Copy as curl".
pub fn with_placeholders(node: &Node, value: &Value) -> Value {
    crate::secret::with_placeholders(&[node], None, value)
}

impl crate::secret::SecretShape for Node {
    fn marked(&self) -> bool {
        self.secret_value()
    }

    fn field<'a>(&'a self, key: &str, out: &mut Vec<&'a Self>) {
        if let Some(level) = self.expanded() {
            return level.field(key, out);
        }
        match &self.kind {
            NodeKind::Object {
                properties,
                additional,
                ..
            } => match properties.iter().find(|p| p.key == key) {
                Some(p) => out.push(&p.node),
                None => out.extend(additional.as_deref()),
            },
            NodeKind::OneOf { variants } => {
                for v in variants {
                    v.node.field(key, out);
                }
            }
            _ => {}
        }
    }

    fn items<'a>(&'a self, out: &mut Vec<&'a Self>) {
        if let Some(level) = self.expanded() {
            return level.items(out);
        }
        match &self.kind {
            NodeKind::Array { items, .. } => out.push(items),
            NodeKind::OneOf { variants } => {
                for v in variants {
                    v.node.items(out);
                }
            }
            _ => {}
        }
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
