//! Reactive form state: one signal per field, so typing in one field re-renders only that
//! field (and the fields whose visibility depends on it). Decisions stay in `model::form`.

use std::collections::HashMap;
use std::sync::Arc;

use leptos::prelude::*;
use serde_json::Value;

use crate::model::catalog::ConnectorType;
use crate::model::form::{
    encode_input, is_visible, validate_field, FieldError, Input, Mode, ValueLookup, Values,
};

/// The signals of one field.
#[derive(Clone, Copy)]
pub struct FieldSignals {
    /// What the user typed.
    pub value: RwSignal<Input>,
    /// The error shown at the field.
    pub error: RwSignal<Option<String>>,
    /// Whether the field is shown (its conditions hold).
    pub visible: Memo<bool>,
}

/// Looks condition values up in the field signals (tracking only the fields read).
struct SignalLookup<'a> {
    ct: &'a ConnectorType,
    values: &'a [RwSignal<Input>],
    index: &'a HashMap<String, usize>,
}

impl ValueLookup for SignalLookup<'_> {
    fn wire_value(&self, key: &str) -> Option<Value> {
        let i = *self.index.get(key)?;
        self.values[i].with(|input| encode_input(&self.ct.fields[i], input))
    }
}

/// The state of a generated form.
#[derive(Clone)]
pub struct FormStore {
    /// The connector type the form is for.
    pub ct: Arc<ConnectorType>,
    /// Create or edit.
    pub mode: Arc<Mode>,
    /// Per-field signals, indexed like `ct.fields`.
    pub fields: Arc<Vec<FieldSignals>>,
    index: Arc<HashMap<String, usize>>,
    /// The connector's name.
    pub name: RwSignal<String>,
    /// Error shown at the name field.
    pub name_error: RwSignal<Option<String>>,
    /// Bumped on every edit (drives the draft autosave).
    pub changes: RwSignal<u64>,
    /// Whether each group's "Advanced" section is open, by group id.
    pub advanced_open: Arc<HashMap<String, RwSignal<bool>>>,
    /// Prefix of the DOM ids (unique per app instance on a page).
    pub prefix: Arc<str>,
}

impl FormStore {
    /// Builds the signals for `ct`, starting from `values` (missing keys start empty).
    pub fn new(ct: ConnectorType, values: Values, mode: Mode, name: String) -> Self {
        let ct = Arc::new(ct);
        let index: Arc<HashMap<String, usize>> = Arc::new(
            ct.fields
                .iter()
                .enumerate()
                .map(|(i, f)| (f.key.clone(), i))
                .collect(),
        );
        let value_signals: Arc<Vec<RwSignal<Input>>> = Arc::new(
            ct.fields
                .iter()
                .map(|f| {
                    RwSignal::new(
                        values
                            .get(&f.key)
                            .cloned()
                            .unwrap_or_else(|| crate::model::form::empty_input(f)),
                    )
                })
                .collect(),
        );
        let fields = ct
            .fields
            .iter()
            .enumerate()
            .map(|(i, f)| {
                let visible = if f.visible_when.is_empty() {
                    Memo::new(|_| true)
                } else {
                    let (ct, values, index) = (ct.clone(), value_signals.clone(), index.clone());
                    Memo::new(move |_| {
                        let lookup = SignalLookup {
                            ct: &ct,
                            values: &values,
                            index: &index,
                        };
                        is_visible(&ct.fields[i], &lookup)
                    })
                };
                FieldSignals {
                    value: value_signals[i],
                    error: RwSignal::new(None),
                    visible,
                }
            })
            .collect();
        let advanced_open = Arc::new(
            ct.groups
                .iter()
                .map(|g| (g.id.clone(), RwSignal::new(false)))
                .collect(),
        );
        FormStore {
            ct,
            mode: Arc::new(mode),
            fields: Arc::new(fields),
            index,
            name: RwSignal::new(name),
            name_error: RwSignal::new(None),
            changes: RwSignal::new(0),
            advanced_open,
            prefix: Arc::from(""),
        }
    }

    /// Prefixes every DOM id of the form (several app instances on one page).
    pub fn with_prefix(mut self, prefix: &str) -> Self {
        self.prefix = Arc::from(prefix);
        self
    }

    /// The DOM id of field `i`'s input.
    pub fn dom_id(&self, i: usize) -> String {
        format!("{}f{i}", self.prefix)
    }

    /// The DOM id of the connector-name input.
    pub fn name_id(&self) -> String {
        format!("{}f-name", self.prefix)
    }

    /// A DOM id of the form itself (`error-summary` …).
    pub fn id(&self, local: &str) -> String {
        format!("{}{local}", self.prefix)
    }

    /// The index of a field by key.
    pub fn index_of(&self, key: &str) -> Option<usize> {
        self.index.get(key).copied()
    }

    /// A snapshot of every input, without subscribing.
    pub fn values_untracked(&self) -> Values {
        self.ct
            .fields
            .iter()
            .zip(self.fields.iter())
            .map(|(f, s)| (f.key.clone(), s.value.get_untracked()))
            .collect()
    }

    /// Records an edit of field `i` and, if it shows an error, re-checks it right away so the
    /// error clears as soon as the value is fixed.
    pub fn set(&self, i: usize, input: Input) {
        let s = self.fields[i];
        s.value.set(input);
        if s.error.get_untracked().is_some() {
            self.check(i);
        }
        self.changes.update(|n| *n += 1);
    }

    /// Validates field `i` and shows the result at the field.
    pub fn check(&self, i: usize) -> bool {
        let s = self.fields[i];
        let field = &self.ct.fields[i];
        let locked = self.mode.is_edit() && field.immutable_after_create;
        let err = if locked {
            None
        } else {
            s.value
                .with_untracked(|v| validate_field(field, v, &self.mode))
        };
        let ok = err.is_none();
        s.error.set(err);
        ok
    }

    /// Shows `errors` at their fields (clearing all others). Returns the errors whose key is
    /// not a field of this form, for a banner.
    pub fn show_errors(&self, errors: &[FieldError]) -> Vec<FieldError> {
        for s in self.fields.iter() {
            s.error.set(None);
        }
        self.name_error.set(None);
        let mut unplaced = Vec::new();
        for e in errors {
            if e.key == "name" {
                self.name_error.set(Some(e.message.clone()));
            } else if let Some(i) = self.index_of(&e.key) {
                if self.fields[i].error.get_untracked().is_none() {
                    self.fields[i].error.set(Some(e.message.clone()));
                }
            } else {
                unplaced.push(e.clone());
            }
        }
        unplaced
    }

    /// Opens the "Advanced" section holding field `i`, if it is in one.
    pub fn reveal(&self, i: usize) {
        let f = &self.ct.fields[i];
        if f.advanced {
            if let Some(open) = self.advanced_open.get(&f.group) {
                open.set(true);
            }
        }
    }
}
