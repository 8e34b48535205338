//! Validation of a value against the form tree, with JSON-pointer locations and messages a
//! person can act on.

use serde_json::Value;

use super::variants::present;
use super::{
    child, humanize, match_variant, pattern_matches, pattern_message, Node, NodeKind, SchemaError,
    StringFormat, VARIANT_KEY,
};

/// Checks a value against the tree. Reports every problem with its JSON pointer: missing
/// required values (deprecated properties are never required; in a `oneOf`, the variant the
/// value matches is checked), wrong types, enums, bounds, lengths, patterns (with a plain
/// explanation where one is known), `uri` formats, list sizes and uniqueness, and
/// `dependentRequired`. Numbers typed as text ("5") are accepted for number inputs, since
/// [`clean`](super::clean) converts them. `var-str` values containing `{{ VAR }}` references
/// skip the pattern, length and format checks: the server substitutes them.
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
    if let Some(level) = node.expanded_for(value) {
        return check(level, value, ptr, label, errors);
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
                if node.requires_property(p) && !present(v) {
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

pub(super) fn parse_number(s: &str) -> Option<f64> {
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
