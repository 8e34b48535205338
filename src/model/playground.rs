//! The Playground's input: a document pasted, loaded from a file or linked — a JSON Schema, or
//! a connector definition in a vendor's own shape (a Streamkap property list, a Kafka Connect
//! validate answer) — read into what a form is built from. Pure: the page only renders it.

use serde_json::Value;

use crate::schema::{parse_schema, Node};
use crate::vendor::{Pasted, Vendor};

/// Documents larger than this are refused (a connector definition is kilobytes; a thousand
/// fields of JSON Schema about 300 KB).
pub const MAX_BYTES: usize = 8 * 1024 * 1024;

/// What a document was read as.
#[derive(Clone, Debug)]
pub enum Definition {
    /// A JSON Schema: the form is generated from it.
    Schema(Box<Node>),
    /// A connector definition in a vendor's shape, with the vendor's name.
    Connector {
        /// The definition.
        pasted: Box<Pasted>,
        /// The vendor whose shape it is ("Streamkap").
        vendor: &'static str,
    },
}

impl Definition {
    /// What the document was read as, for the page ("JSON Schema", "Kafka Connect definition").
    pub fn describe(&self) -> String {
        match self {
            Definition::Schema(_) => "JSON Schema".to_string(),
            Definition::Connector { vendor, .. } => format!("{vendor} connector definition"),
        }
    }
}

/// JSON Schema keywords one of which a schema document has at its top.
const SCHEMA_KEYWORDS: &[&str] = &[
    "$schema",
    "$ref",
    "$defs",
    "definitions",
    "type",
    "properties",
    "oneOf",
    "anyOf",
    "allOf",
];

/// Reads `text` with the vendors of this build (`vendors`, in order; the first whose shape it
/// is wins), else as a JSON Schema. The error says what is wrong, and where for bad JSON.
pub fn read(text: &str, vendors: &[&dyn Vendor]) -> Result<Definition, String> {
    if text.trim().is_empty() {
        return Err("Paste, load or link a JSON Schema, a Streamkap property list or a Kafka Connect validate answer.".into());
    }
    if text.len() > MAX_BYTES {
        return Err(format!(
            "The document is {} KB; the Playground reads up to {} KB.",
            text.len() / 1024,
            MAX_BYTES / 1024
        ));
    }
    let json: Value = serde_json::from_str(text).map_err(|e| {
        format!(
            "This is not valid JSON: {} (line {}, column {}).",
            strip_position(&e.to_string()),
            e.line(),
            e.column()
        )
    })?;
    for v in vendors {
        if let Some(found) = v.read_definition(&json) {
            return found
                .map(|pasted| Definition::Connector {
                    pasted: Box::new(pasted),
                    vendor: v.label(),
                })
                .map_err(|why| format!("This looks like a {} definition, but {why}", v.label()));
        }
    }
    match &json {
        Value::Object(o) if SCHEMA_KEYWORDS.iter().any(|k| o.contains_key(*k)) => {
            Ok(Definition::Schema(Box::new(parse_schema(&json))))
        }
        _ => Err(
            "This JSON is not a form definition the Playground knows: expected a JSON Schema \
             (an object with `type`, `properties`, `oneOf` …), a Streamkap property list (an \
             array of properties with `name` and `value`, or an object with such a `config` \
             array) or a Kafka Connect validate answer (an object with a `configs` array)."
                .into(),
        ),
    }
}

/// serde's message without its trailing " at line L column C" (the caller says it once).
fn strip_position(msg: &str) -> &str {
    msg.find(" at line ").map_or(msg, |i| &msg[..i])
}
