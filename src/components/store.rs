//! Reactive form state: one signal per field, so typing in one field re-renders only that
//! field (and the fields whose visibility depends on it). Decisions stay in `model::form`.

use std::collections::HashMap;
use std::sync::Arc;

use leptos::prelude::*;
use serde_json::Value;

use crate::model::catalog::{Choice, ConnectorType, Field, Widget};
use crate::model::form::{
    encode_input, is_visible, validate_field, FieldError, Input, Mode, ValueLookup, Values,
};
use crate::model::validation::Validation;

/// The signals of one field.
#[derive(Clone, Copy)]
pub struct FieldSignals {
    /// What the user typed.
    pub value: RwSignal<Input>,
    /// The error shown at the field.
    pub error: RwSignal<Option<String>>,
    /// Whether the field is shown (its conditions hold and the server shows it).
    pub visible: Memo<bool>,
    /// Whether the server says the field applies (validate-driven forms).
    pub server_visible: RwSignal<bool>,
    /// The values the server recommends now, when it sent any (validate-driven forms).
    pub server_choices: RwSignal<Option<Vec<Choice>>>,
    /// The user changed this field.
    pub touched: RwSignal<bool>,
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
    /// Keys that are not shown as fields (the name and class of validate-driven forms).
    pub skip: Arc<std::collections::BTreeSet<String>>,
    /// "Other properties": keys the definitions do not list, kept and editable.
    pub other: RwSignal<Vec<(u32, String, String)>>,
    /// After a submit attempt every server error is shown, not only those of touched fields.
    pub show_all_errors: RwSignal<bool>,
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
                let server_visible = RwSignal::new(true);
                let visible = if f.visible_when.is_empty() {
                    Memo::new(move |_| server_visible.get())
                } else {
                    let (ct, values, index) = (ct.clone(), value_signals.clone(), index.clone());
                    Memo::new(move |_| {
                        let lookup = SignalLookup {
                            ct: &ct,
                            values: &values,
                            index: &index,
                        };
                        server_visible.get() && is_visible(&ct.fields[i], &lookup)
                    })
                };
                FieldSignals {
                    value: value_signals[i],
                    error: RwSignal::new(None),
                    visible,
                    server_visible,
                    server_choices: RwSignal::new(None),
                    touched: RwSignal::new(false),
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
            skip: Arc::new(Default::default()),
            other: RwSignal::new(Vec::new()),
            show_all_errors: RwSignal::new(false),
        }
    }

    /// Keys not to show as fields.
    pub fn with_skip(mut self, keys: &[&str]) -> Self {
        self.skip = Arc::new(keys.iter().map(|k| k.to_string()).collect());
        self
    }

    /// Starts the "Other properties" editor with these pairs.
    pub fn with_other(self, pairs: Vec<(String, String)>) -> Self {
        self.other.set(
            pairs
                .into_iter()
                .enumerate()
                .map(|(i, (k, v))| (i as u32, k, v))
                .collect(),
        );
        self
    }

    /// The field as the form currently sees it: with the server's recommended values as its
    /// choices (validate-driven forms), or a plain text field when the server recommends none.
    pub fn effective_field(&self, i: usize) -> Field {
        let mut f = self.ct.fields[i].clone();
        if let Some(choices) = self.fields[i].server_choices.get_untracked() {
            f.widget = match f.widget {
                Widget::Select { .. } | Widget::Text if choices.is_empty() => Widget::Text,
                Widget::Select { .. } | Widget::Text => Widget::Select { choices },
                Widget::MultiSelect { .. } => Widget::MultiSelect {
                    choices,
                    free_entry: true,
                },
                other => other,
            };
        }
        f
    }

    /// The connector type as validation should see it now: effective widgets, without the
    /// fields the form does not show (skipped keys, fields the server hides).
    pub fn effective_type(&self) -> ConnectorType {
        let mut ct = (*self.ct).clone();
        ct.fields = (0..self.ct.fields.len())
            .filter(|&i| {
                !self.skip.contains(&self.ct.fields[i].key)
                    && self.fields[i].server_visible.get_untracked()
            })
            .map(|i| self.effective_field(i))
            .collect();
        ct
    }

    /// Keys the server currently hides.
    pub fn server_hidden(&self) -> std::collections::BTreeSet<String> {
        self.ct
            .fields
            .iter()
            .zip(self.fields.iter())
            .filter(|(_, s)| !s.server_visible.get_untracked())
            .map(|(f, _)| f.key.clone())
            .collect()
    }

    /// The "Other properties" pairs with a key.
    pub fn other_pairs(&self) -> Vec<(String, String)> {
        self.other
            .get_untracked()
            .into_iter()
            .filter(|(_, k, _)| !k.trim().is_empty())
            .map(|(_, k, v)| (k.trim().to_string(), v))
            .collect()
    }

    /// Applies a validate response: visibility, recommended values, and errors — on touched
    /// fields only, unless `show_all_errors`. Returns the errors as field errors.
    pub fn apply_validation(&self, v: &Validation) -> Vec<FieldError> {
        let show_all = self.show_all_errors.get_untracked();
        let mut errors = Vec::new();
        for state in &v.states {
            let Some(i) = self.index_of(&state.key) else {
                continue;
            };
            let s = self.fields[i];
            if s.server_visible.get_untracked() != state.visible {
                s.server_visible.set(state.visible);
            }
            let was_choice = matches!(
                self.ct.fields[i].widget,
                Widget::Select { .. } | Widget::Text | Widget::MultiSelect { .. }
            );
            if was_choice {
                let choices: Vec<Choice> = state
                    .recommended
                    .iter()
                    .map(|r| Choice {
                        value: serde_json::Value::String(r.clone()),
                        label: r.clone(),
                    })
                    .collect();
                if s.server_choices
                    .with_untracked(|c| c.as_ref() != Some(&choices))
                {
                    s.server_choices.set(Some(choices));
                }
            }
            if !state.visible || self.skip.contains(&state.key) {
                continue;
            }
            if let Some(e) = state.errors.first() {
                errors.push(FieldError {
                    key: state.key.clone(),
                    message: e.clone(),
                });
                if show_all || s.touched.get_untracked() {
                    s.error.set(Some(e.clone()));
                }
            } else if s.error.get_untracked().is_some() && s.touched.get_untracked() {
                // The server no longer objects; a client-side check may still.
                self.check(i);
            }
        }
        errors
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
        format!(
            "{}{}",
            self.prefix,
            crate::model::layout::dom_id_part(local)
        )
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
        if !s.touched.get_untracked() {
            s.touched.set(true);
        }
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
            let field = self.effective_field(i);
            s.value
                .with_untracked(|v| validate_field(&field, v, &self.mode))
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
