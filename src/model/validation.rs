//! The result of a validate round-trip (a `config/validate` endpoint): field definitions plus
//! each field's current server-side state.

use serde::{Deserialize, Serialize};

use super::catalog::{Field, Group};

/// What the server says about one field for the config it was sent.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldState {
    /// The field's key.
    pub key: String,
    /// The value the server resolved (may be a default), as a string; `None` when unset.
    pub value: Option<String>,
    /// Values the server recommends for the field now (choices of a select).
    pub recommended: Vec<String>,
    /// Problems with the field's value.
    pub errors: Vec<String>,
    /// Whether the field applies to this config.
    pub visible: bool,
}

/// A parsed validate response.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Validation {
    /// Total number of errors the server counted.
    pub error_count: u32,
    /// Sections in the server's order.
    pub groups: Vec<Group>,
    /// Field definitions, in display order (group order, then `order`).
    pub fields: Vec<Field>,
    /// Each field's state, by key.
    pub states: Vec<FieldState>,
}

impl Validation {
    /// The state of one field.
    pub fn state(&self, key: &str) -> Option<&FieldState> {
        self.states.iter().find(|s| s.key == key)
    }
}
