//! The form engine: what the user typed, which fields are visible, validation and wire encoding.
//!
//! What the user typed ([`Input`]) is kept apart from the encoded config ([`encode`]): the input
//! is never lost to a failed parse, and encoding decides types per field from the catalog.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::catalog::{
    loosely_equal, value_to_text, Condition, ConditionOp, ConnectorType, Field, ValueType, Widget,
};

/// A field's raw input, as the widget holds it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Input {
    /// Text-like widgets (text, numbers, selects, JSON, dates).
    Text(String),
    /// Toggles and checkboxes.
    Bool(bool),
    /// Multi-selects.
    List(Vec<String>),
}

impl Input {
    /// True when nothing was entered (empty text, empty list). A boolean is never empty.
    pub fn is_empty(&self) -> bool {
        match self {
            Input::Text(s) => s.trim().is_empty(),
            Input::Bool(_) => false,
            Input::List(v) => v.is_empty(),
        }
    }

    /// The text of a text input ("" for other kinds).
    pub fn text(&self) -> &str {
        match self {
            Input::Text(s) => s,
            _ => "",
        }
    }
}

/// All inputs of a form, by field key.
pub type Values = BTreeMap<String, Input>;

/// Whether the form creates a connector or edits an existing one.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Mode {
    /// A new connector.
    #[default]
    Create,
    /// An existing connector. `secrets_set` lists secret keys that hold a value on the server but
    /// whose value the app does not have: left blank they are kept, not cleared.
    Edit {
        /// Secret keys known to be set on the server.
        secrets_set: BTreeSet<String>,
    },
}

impl Mode {
    /// True while editing an existing connector.
    pub fn is_edit(&self) -> bool {
        matches!(self, Mode::Edit { .. })
    }

    /// True when `key` is a secret that is set on the server and may be left blank.
    pub fn secret_is_set(&self, key: &str) -> bool {
        match self {
            Mode::Edit { secrets_set } => secrets_set.contains(key),
            Mode::Create => false,
        }
    }
}

/// The empty input for a field's widget.
pub fn empty_input(field: &Field) -> Input {
    match field.widget {
        Widget::Toggle | Widget::Checkbox => Input::Bool(false),
        Widget::MultiSelect { .. } => Input::List(Vec::new()),
        _ => Input::Text(String::new()),
    }
}

/// Turns a wire value into the widget's input form. Unusable values give the empty input.
pub fn input_from_value(field: &Field, value: &Value) -> Input {
    match &field.widget {
        Widget::Toggle | Widget::Checkbox => match value {
            Value::Bool(b) => Input::Bool(*b),
            Value::String(s) => Input::Bool(s.eq_ignore_ascii_case("true")),
            _ => Input::Bool(false),
        },
        Widget::MultiSelect { .. } => match value {
            Value::Array(items) => Input::List(
                items
                    .iter()
                    .map(value_to_text)
                    .filter(|s| !s.is_empty())
                    .collect(),
            ),
            Value::String(s) => Input::List(split_list(s)),
            Value::Null => Input::List(Vec::new()),
            other => Input::List(vec![value_to_text(other)]),
        },
        Widget::Json { .. } => match value {
            Value::String(s) => Input::Text(s.clone()),
            Value::Null => Input::Text(String::new()),
            other => Input::Text(serde_json::to_string_pretty(other).unwrap_or_default()),
        },
        _ => Input::Text(value_to_text(value)),
    }
}

/// Splits a comma-separated list, trimming and dropping empty items.
pub fn split_list(s: &str) -> Vec<String> {
    s.split(',')
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect()
}

/// A field's starting input: its default, or empty. Server placeholders start empty.
pub fn initial_input(field: &Field) -> Input {
    match &field.default {
        Some(v) => input_from_value(field, v),
        None => empty_input(field),
    }
}

/// The starting inputs of every field of a connector type.
pub fn initial_values(ct: &ConnectorType) -> Values {
    ct.fields
        .iter()
        .map(|f| (f.key.clone(), initial_input(f)))
        .collect()
}

/// Inputs for editing an existing connector from its stored config. Keys the catalog lists take
/// the config's value (or their default when absent); secrets the server did not return are
/// recorded in the returned [`Mode`] so a blank input keeps them.
pub fn values_from_config(ct: &ConnectorType, config: &Map<String, Value>) -> (Values, Mode) {
    let mut secrets_set = BTreeSet::new();
    let mut values = Values::new();
    for f in &ct.fields {
        let input = match config.get(&f.key) {
            Some(Value::Null) if f.secret => {
                secrets_set.insert(f.key.clone());
                empty_input(f)
            }
            Some(v) if f.secret && is_masked(v) => {
                secrets_set.insert(f.key.clone());
                empty_input(f)
            }
            Some(v) => input_from_value(f, v),
            None if f.secret => {
                // Not returned at all: the server keeps it, we cannot show it.
                secrets_set.insert(f.key.clone());
                empty_input(f)
            }
            None => initial_input(f),
        };
        values.insert(f.key.clone(), input);
    }
    (values, Mode::Edit { secrets_set })
}

pub use crate::secret::is_masked;

/// The wire value of a field's input, or `None` when the input is empty or does not parse.
pub fn encode_input(field: &Field, input: &Input) -> Option<Value> {
    if field.server_placeholder.is_some() {
        return None;
    }
    match (field.value_type, input) {
        (_, Input::Bool(b)) => Some(match field.value_type {
            ValueType::String => Value::String(b.to_string()),
            _ => Value::Bool(*b),
        }),
        (ValueType::List, Input::List(items)) => {
            if items.is_empty() {
                return None;
            }
            Some(Value::Array(
                items.iter().map(|i| choice_value(field, i)).collect(),
            ))
        }
        (_, Input::List(items)) => {
            if items.is_empty() {
                None
            } else {
                Some(Value::String(items.join(",")))
            }
        }
        (ty, Input::Text(raw)) => {
            let text = raw.trim();
            if text.is_empty() {
                return None;
            }
            match ty {
                ValueType::String | ValueType::List => Some(Value::String(match field.widget {
                    // Multi-line and JSON text is sent as typed; single-line values trimmed.
                    Widget::TextArea { .. } | Widget::Json { .. } | Widget::File => raw.clone(),
                    _ => text.to_string(),
                })),
                ValueType::Integer => number_value(text, NumberStyle::Integer),
                ValueType::Number => number_value(text, NumberStyle::Compact),
                ValueType::Bool => Some(Value::Bool(text.eq_ignore_ascii_case("true"))),
                ValueType::ChoiceValue => Some(choice_value(field, text)),
            }
        }
    }
}

/// The wire value of a choice picked by its text; free-entry values stay strings.
fn choice_value(field: &Field, text: &str) -> Value {
    let choices = match &field.widget {
        Widget::Select { choices } | Widget::MultiSelect { choices, .. } => choices.as_slice(),
        _ => &[],
    };
    choices
        .iter()
        .find(|c| c.key() == text)
        .map(|c| c.value.clone())
        .unwrap_or_else(|| Value::String(text.to_string()))
}

/// Parses a number the way users type it (surrounding spaces allowed, no thousands separators).
pub fn parse_number(s: &str) -> Option<f64> {
    let t = s.trim();
    if t.is_empty() || t.eq_ignore_ascii_case("nan") || t.to_ascii_lowercase().contains("inf") {
        return None;
    }
    t.parse::<f64>().ok().filter(|n| n.is_finite())
}

/// How [`number_value`] writes the number it reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NumberStyle {
    /// Whole numbers only, as integers (`1e3` → `1000`; a fraction is no integer).
    Integer,
    /// Whole values as integers while they are exact (`1.0` → `1`), others as floats: what
    /// catalog `number` properties send.
    Compact,
    /// As typed: an integer when the text is one (exactly, up to `i64`), else a float (`1.0`
    /// stays `1.0`): what JSON Schema numbers send.
    Exact,
}

/// The JSON number a user typed (see [`parse_number`] for what is read), or `None` when the
/// text is not a finite number (or, for [`NumberStyle::Integer`], not a whole one).
pub fn number_value(text: &str, style: NumberStyle) -> Option<Value> {
    if style == NumberStyle::Exact {
        if let Ok(i) = text.trim().parse::<i64>() {
            return Some(Value::from(i));
        }
    }
    let n = parse_number(text)?;
    match style {
        NumberStyle::Integer => (n.fract() == 0.0).then(|| Value::from(n as i64)),
        NumberStyle::Compact if n.fract() == 0.0 && n.abs() < 9.0e15 => Some(Value::from(n as i64)),
        _ => serde_json::Number::from_f64(n).map(Value::Number),
    }
}

/// Looks up the wire value a condition compares against.
pub trait ValueLookup {
    /// The current wire value of `key`, if it has one.
    fn wire_value(&self, key: &str) -> Option<Value>;
}

/// A lookup over form inputs, encoding each referenced field on demand.
pub struct FormLookup<'a> {
    /// The connector type the inputs belong to.
    pub ct: &'a ConnectorType,
    /// The inputs.
    pub values: &'a Values,
}

impl ValueLookup for FormLookup<'_> {
    fn wire_value(&self, key: &str) -> Option<Value> {
        let field = self.ct.field(key)?;
        let input = self.values.get(key)?;
        encode_input(field, input)
    }
}

/// A lookup over an encoded config (used by the simulator on what arrived over the wire).
impl ValueLookup for Map<String, Value> {
    fn wire_value(&self, key: &str) -> Option<Value> {
        self.get(key).cloned()
    }
}

/// Whether one condition holds.
pub fn condition_holds(cond: &Condition, lookup: &dyn ValueLookup) -> bool {
    let current = lookup.wire_value(&cond.key);
    match cond.op {
        ConditionOp::Eq => current.is_some_and(|v| loosely_equal(&v, &cond.value)),
        ConditionOp::Ne => !current.is_some_and(|v| loosely_equal(&v, &cond.value)),
        ConditionOp::In => {
            let Some(v) = current else { return false };
            match &cond.value {
                Value::Array(options) => options.iter().any(|o| loosely_equal(&v, o)),
                single => loosely_equal(&v, single),
            }
        }
    }
}

/// Whether a field is visible: all its conditions hold.
pub fn is_visible(field: &Field, lookup: &dyn ValueLookup) -> bool {
    field
        .visible_when
        .iter()
        .all(|c| condition_holds(c, lookup))
}

/// A problem with one field's value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    /// The field's key.
    pub key: String,
    /// What is wrong, in a sentence the user can act on.
    pub message: String,
}

/// Checks one field's input. `None` means valid. Hidden fields are not checked by [`validate`].
pub fn validate_field(field: &Field, input: &Input, mode: &Mode) -> Option<String> {
    if field.readonly || field.server_placeholder.is_some() {
        return None;
    }
    if input.is_empty() {
        if field.required && !(field.secret && mode.secret_is_set(&field.key)) {
            return Some(format!("{} is required.", field.label));
        }
        return None;
    }
    let text = input.text().trim();
    match &field.widget {
        Widget::Number { min, max, integer } => {
            let Some(n) = parse_number(text) else {
                return Some(format!("“{text}” is not a number."));
            };
            if *integer && n.fract() != 0.0 {
                return Some("Enter a whole number.".into());
            }
            range_error(n, *min, *max)
        }
        Widget::Slider { min, max, step } => {
            let Some(n) = parse_number(text) else {
                return Some(format!("“{text}” is not a number."));
            };
            if let Some(e) = range_error(n, Some(*min), Some(*max)) {
                return Some(e);
            }
            if *step > 0.0 {
                let k = (n - min) / step;
                if (k - k.round()).abs() > 1e-9 {
                    return Some(format!(
                        "Use steps of {} from {}.",
                        fmt_num(*step),
                        fmt_num(*min)
                    ));
                }
            }
            None
        }
        Widget::Select { choices } => {
            if choices.is_empty() || choices.iter().any(|c| c.key() == text) {
                None
            } else {
                Some(format!("“{text}” is not one of the allowed values."))
            }
        }
        Widget::MultiSelect {
            choices,
            free_entry,
        } => {
            if *free_entry || choices.is_empty() {
                return None;
            }
            let Input::List(items) = input else {
                return None;
            };
            items
                .iter()
                .find(|i| !choices.iter().any(|c| &c.key() == *i))
                .map(|bad| format!("“{bad}” is not one of the allowed values."))
        }
        Widget::Json { .. } => json_error(input.text()),
        Widget::DateTime => {
            if is_datetime(text) {
                None
            } else {
                Some(
                    "Enter a date and time as YYYY-MM-DDTHH:MM (seconds and a zone optional)."
                        .into(),
                )
            }
        }
        _ => None,
    }
}

fn range_error(n: f64, min: Option<f64>, max: Option<f64>) -> Option<String> {
    match (min, max) {
        (Some(lo), Some(hi)) if n < lo || n > hi => Some(format!(
            "Must be between {} and {}.",
            fmt_num(lo),
            fmt_num(hi)
        )),
        (Some(lo), None) if n < lo => Some(format!("Must be at least {}.", fmt_num(lo))),
        (None, Some(hi)) if n > hi => Some(format!("Must be at most {}.", fmt_num(hi))),
        _ => None,
    }
}

/// Prints a number without a trailing `.0`.
pub fn fmt_num(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// The error in a JSON document, with line and column, or `None` when it parses.
pub fn json_error(text: &str) -> Option<String> {
    match serde_json::from_str::<Value>(text) {
        Ok(_) => None,
        Err(e) => Some(format!(
            "Invalid JSON at line {}, column {}: {}.",
            e.line(),
            e.column(),
            json_error_reason(&e)
        )),
    }
}

fn json_error_reason(e: &serde_json::Error) -> String {
    let full = e.to_string();
    // serde_json appends " at line X column Y"; we already say where.
    match full.find(" at line ") {
        Some(i) => full[..i].to_string(),
        None => full,
    }
}

/// Accepts `YYYY-MM-DDTHH:MM`, optional `:SS`, optional fraction, optional `Z` or `±HH:MM`;
/// a space may stand for the `T`. Checks calendar ranges, not just the shape.
pub fn is_datetime(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() < 16 {
        return false;
    }
    let digits = |r: std::ops::Range<usize>| -> Option<u32> {
        let part = s.get(r)?;
        if part.bytes().all(|c| c.is_ascii_digit()) {
            part.parse().ok()
        } else {
            None
        }
    };
    let (Some(y), Some(mo), Some(d), Some(h), Some(mi)) = (
        digits(0..4),
        digits(5..7),
        digits(8..10),
        digits(11..13),
        digits(14..16),
    ) else {
        return false;
    };
    if b[4] != b'-' || b[7] != b'-' || !(b[10] == b'T' || b[10] == b' ') || b[13] != b':' {
        return false;
    }
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match mo {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    if d == 0 || d > days || h > 23 || mi > 59 {
        return false;
    }
    let mut rest = &s[16..];
    if let Some(r) = rest.strip_prefix(':') {
        match r.get(0..2).and_then(|p| p.parse::<u32>().ok()) {
            Some(sec) if sec <= 59 && r.as_bytes()[..2].iter().all(u8::is_ascii_digit) => {
                rest = &r[2..]
            }
            _ => return false,
        }
        if let Some(frac) = rest.strip_prefix('.') {
            let n = frac.bytes().take_while(u8::is_ascii_digit).count();
            if n == 0 {
                return false;
            }
            rest = &frac[n..];
        }
    }
    match rest {
        "" | "Z" | "z" => true,
        zone => {
            let zb = zone.as_bytes();
            zb.len() == 6
                && (zb[0] == b'+' || zb[0] == b'-')
                && zb[3] == b':'
                && zone[1..3].parse::<u32>().is_ok_and(|h| h <= 23)
                && zone[4..6].parse::<u32>().is_ok_and(|m| m <= 59)
        }
    }
}

/// Validates every visible field. The result follows the form's display order.
pub fn validate(ct: &ConnectorType, values: &Values, mode: &Mode) -> Vec<FieldError> {
    let lookup = FormLookup { ct, values };
    let mut errors = Vec::new();
    for f in &ct.fields {
        if !is_visible(f, &lookup) {
            continue;
        }
        if mode.is_edit() && f.immutable_after_create {
            continue;
        }
        let input = values
            .get(&f.key)
            .cloned()
            .unwrap_or_else(|| empty_input(f));
        if let Some(message) = validate_field(f, &input, mode) {
            errors.push(FieldError {
                key: f.key.clone(),
                message,
            });
        }
    }
    errors
}

/// Encodes the config to send: only visible fields with a value, typed as the catalog implies.
/// An emptied optional field is absent, not `""`; server-filled placeholders are never sent.
pub fn encode(ct: &ConnectorType, values: &Values) -> Map<String, Value> {
    let lookup = FormLookup { ct, values };
    let mut out = Map::new();
    for f in &ct.fields {
        if !is_visible(f, &lookup) {
            continue;
        }
        let Some(input) = values.get(&f.key) else {
            continue;
        };
        if let Some(v) = encode_input(f, input) {
            out.insert(f.key.clone(), v);
        }
    }
    out
}

/// The draft kept across reloads: every non-secret input. Secrets never reach storage.
pub fn draft_of(ct: &ConnectorType, name: &str, values: &Values) -> Value {
    let mut inputs = Map::new();
    for f in ct.fields.iter().filter(|f| !f.secret) {
        if let Some(input) = values.get(&f.key) {
            if let Ok(v) = serde_json::to_value(input) {
                // The secret policy has the last word (a JAAS line with a password in it).
                if let Some(v) =
                    crate::secret::scrub::<crate::secret::Unknown>(&[], Some(&f.key), &v)
                {
                    inputs.insert(f.key.clone(), v);
                }
            }
        }
    }
    serde_json::json!({ "name": name, "values": inputs })
}

/// Restores a draft over `values`: known, non-secret fields whose stored input has the widget's
/// shape. Returns the stored connector name. Anything malformed is ignored, never fatal.
pub fn restore_draft(ct: &ConnectorType, draft: &Value, values: &mut Values) -> Option<String> {
    let stored = draft.get("values")?.as_object()?;
    for f in ct.fields.iter().filter(|f| !f.secret) {
        let Some(raw) = stored.get(&f.key) else {
            continue;
        };
        let Ok(input) = serde_json::from_value::<Input>(raw.clone()) else {
            continue;
        };
        let fits = matches!(
            (&input, &empty_input(f)),
            (Input::Text(_), Input::Text(_))
                | (Input::Bool(_), Input::Bool(_))
                | (Input::List(_), Input::List(_))
        );
        if fits {
            values.insert(f.key.clone(), input);
        }
    }
    Some(
        draft
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string(),
    )
}

/// Masks a secret or `show_last` value for read-only views: `••••••1234`.
pub fn mask(value: &str, show_last: Option<u32>) -> String {
    let n = show_last.unwrap_or(0) as usize;
    let chars: Vec<char> = value.chars().collect();
    if n == 0 || chars.len() <= n {
        return "••••••••".into();
    }
    let tail: String = chars[chars.len() - n..].iter().collect();
    format!("••••••{tail}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn datetimes() {
        for ok in [
            "2026-11-23T10:15",
            "2026-11-23T10:15:30",
            "2026-11-23 10:15:30.123Z",
            "2024-02-29T00:00+05:30",
        ] {
            assert!(is_datetime(ok), "{ok}");
        }
        for bad in [
            "",
            "2026-11-23",
            "2026-13-01T00:00",
            "2025-02-29T00:00",
            "2026-11-23T24:00",
            "2026-11-23T10:15:61",
            "2026-11-23T10:15+5",
            "tomorrow at noon",
        ] {
            assert!(!is_datetime(bad), "{bad}");
        }
    }

    #[test]
    fn masks_keep_only_the_tail() {
        assert_eq!(mask("sk_live_abcd1234", Some(4)), "••••••1234");
        assert_eq!(mask("abc", Some(4)), "••••••••");
        assert_eq!(mask("secret", None), "••••••••");
    }

    #[test]
    fn numbers_parse_like_users_type_them() {
        assert_eq!(parse_number(" 42 "), Some(42.0));
        assert_eq!(parse_number("1e3"), Some(1000.0));
        assert_eq!(parse_number("NaN"), None);
        assert_eq!(parse_number("inf"), None);
        assert_eq!(parse_number("12abc"), None);
    }
}
