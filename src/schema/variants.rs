//! Starting values ([`default_value`]) and `oneOf` variants: which one a value is
//! ([`match_variant`]) and the value a switch starts from ([`variant_reset`]).

use serde_json::{Map, Value};

use super::{Node, NodeKind, Variant, VARIANT_KEY};

/// The value a fresh form starts with: `default`s; for a `oneOf`, its own default or the first
/// variant's; an object holds the properties that have a default, required objects and
/// `oneOf`s (recursively), optional objects that have defaults inside them (at any depth),
/// required single-value enums, and required booleans (`false`, so an unticked box means what it
/// shows). Optional scalars are never invented.
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
        let required = node.requires_property(p);
        let v = if p.node.default.is_some() {
            default_value(&p.node)
        } else if !required {
            // An optional object starts with the defaults inside it, at any depth (clearing it
            // is the user's choice); one with none stays out.
            match &p.node.kind {
                NodeKind::Object { .. } => match default_value(&p.node) {
                    Value::Object(m) if !m.is_empty() => Value::Object(m),
                    _ => continue,
                },
                _ => continue,
            }
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
/// (`{}`) is not mistaken for a sibling before the user types anything;
/// [`clean`](super::clean) drops it.
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
                    if v.node.requires_property(p) {
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
pub(super) fn present(v: Option<&Value>) -> bool {
    match v {
        None | Some(Value::Null) => false,
        Some(Value::String(s)) => !s.trim().is_empty(),
        Some(Value::Array(a)) => !a.is_empty(),
        Some(_) => true,
    }
}
