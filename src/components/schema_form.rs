//! A form generated from a JSON Schema tree ([`json_schema::Node`]): schema catalogs'
//! connector configs.
//!
//! The form state mirrors the schema: every input owns its signals (a text, a flag, a list),
//! objects hold their properties, `oneOf`s hold the chosen variant's state, and repeatable rows
//! and key-value maps hold keyed rows. Typing in one input touches only that input's signal,
//! so nothing else re-renders; switching a variant re-renders that variant only.
//!
//! The JSON value is assembled on demand ([`SchemaForm::raw_value`]): the shape the pure core
//! validates ([`json_schema::validate`]) and cleans for the wire ([`json_schema::clean`]); a
//! `oneOf` object carries [`json_schema::VARIANT_KEY`] so the chosen variant is unambiguous,
//! and `clean` drops it. Secrets never leave through [`SchemaForm::draft_value`].

use crate::ui::{
    field_blocks, Chunks, CHUNK_FIELDS as CHUNK_PROPS, FIRST_SCREEN_FIELDS as FIRST_SCREEN_PROPS,
};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use leptos::ev;
use leptos::prelude::*;
use serde_json::{Map, Value};

use super::checks::CheckboxGroup;
use super::chips::Chips;
use super::frame::{self, FieldAria, FieldFrame, Note};
use super::secret::SecretInput;
use crate::components::rich_text::blocks_view;
use crate::model::form::{number_value, NumberStyle};
use crate::model::pipeline::Autocomplete;
use crate::model::rich_text::parse_rich_text;
use crate::schema as json_schema;
use crate::schema::{
    default_value, match_variant, variant_reset, Node, NodeKind, SchemaError, StringFormat,
    VARIANT_KEY,
};
use crate::ui::live_value;
use crate::ui::{after_pointer_release, focus_later};

static FORM_SERIAL: AtomicU64 = AtomicU64::new(1);

/// Variants shown as radio buttons up to this many; a select beyond.
const MAX_RADIOS: usize = 5;

/// One problem for an error summary: what to focus, under which label, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// DOM id of the control to focus.
    pub target: String,
    /// The field's label.
    pub label: String,
    /// What is wrong.
    pub message: String,
}

#[derive(Clone)]
struct Kv {
    id: u64,
    key: RwSignal<String>,
    value: RwSignal<String>,
}

#[derive(Clone)]
enum St {
    /// Text of a string, number, enum (a non-string enum holds the JSON text of its value),
    /// JSON or unsupported input.
    Text(RwSignal<String>),
    /// A checkbox; `None` until set, so an optional flag is never invented.
    Bool(RwSignal<Option<bool>>),
    /// A list of scalars (chips, or checkboxes for enum items).
    List(RwSignal<Vec<String>>),
    /// Repeatable rows (arrays of objects and other non-scalar items).
    Rows(RwSignal<Vec<Arc<FNode>>>),
    /// A group: properties, extra entries (`additionalProperties`), and keys the schema does
    /// not list (kept and sent back as they were).
    Object {
        props: Vec<Arc<FNode>>,
        extra: Option<RwSignal<Vec<Kv>>>,
        keep: Map<String, Value>,
    },
    /// The chosen variant and its state.
    OneOf(RwSignal<(usize, Arc<FNode>)>),
    /// Deprecated: not shown; a stored value is kept as it is.
    Hidden(Option<Value>),
    /// A recursive level not built yet ([`json_schema::Deferred`]): "Add …" builds it.
    Deferred(RwSignal<Option<Arc<FNode>>>),
}

struct FNode {
    uid: u64,
    node: Node,
    key: String,
    label: String,
    required: bool,
    error: RwSignal<Option<String>>,
    /// An optional object the user cleared on purpose: not sent (its inputs keep what they
    /// hold, so "Add" brings it back as it was).
    cleared: RwSignal<bool>,
    st: St,
}

/// The state of a generated form. Cheap to clone; clones share everything.
#[derive(Clone)]
pub struct SchemaForm {
    root: Arc<Node>,
    tree: Arc<FNode>,
    prefix: Arc<String>,
    next: Arc<AtomicU64>,
    owner: Option<Owner>,
    /// Bumped on every edit (drives draft autosave).
    pub changes: RwSignal<u64>,
    /// Suggestions for `format: autocomplete` fields (from a saved profile), when known.
    pub suggestions: RwSignal<Option<Autocomplete>>,
    /// Where the suggestions come from ("the profile “x”"), for the help text.
    pub suggestions_from: RwSignal<Option<String>>,
    /// A large form's top-level fields after its first screen (see [`SchemaFormView`]).
    chunks: Chunks,
}

fn is_scalar(n: &Node) -> bool {
    matches!(
        n.kind,
        NodeKind::String { .. } | NodeKind::Integer { .. } | NodeKind::Number { .. }
    )
}

fn value_text(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn json_text(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        other => serde_json::to_string_pretty(other).unwrap_or_default(),
    }
}

impl SchemaForm {
    /// A form for `node` starting from `value` (`default_value(&node)` for a new config, or a
    /// stored config — each `oneOf` then shows the variant [`match_variant`] finds). DOM ids
    /// start with `prefix` and a serial of the form.
    pub fn new(node: Node, value: &Value, prefix: &str) -> Self {
        let mut form = SchemaForm {
            root: Arc::new(node),
            tree: Arc::new(FNode {
                uid: 0,
                node: Node::default_object(),
                key: String::new(),
                label: String::new(),
                required: true,
                error: RwSignal::new(None),
                cleared: RwSignal::new(false),
                st: St::Hidden(None),
            }),
            // A serial per form: a form re-created in place (a discarded draft) never shares
            // ids, or radio group names, with the one it replaces.
            prefix: Arc::new(format!(
                "{prefix}{}-",
                FORM_SERIAL.fetch_add(1, Ordering::Relaxed)
            )),
            next: Arc::new(AtomicU64::new(1)),
            owner: Owner::current(),
            changes: RwSignal::new(0),
            suggestions: RwSignal::new(None),
            suggestions_from: RwSignal::new(None),
            chunks: Chunks::new(),
        };
        #[cfg(target_arch = "wasm32")]
        crate::ui::watch_pointer();
        let root = form.root.clone();
        form.tree = form.build(&root, "", "Configuration", true, Some(value));
        form
    }

    /// The schema.
    pub fn node(&self) -> &Node {
        &self.root
    }

    fn uid(&self) -> u64 {
        self.next.fetch_add(1, Ordering::Relaxed)
    }

    fn dom_id(&self, uid: u64) -> String {
        format!("{}f{uid}", self.prefix)
    }

    /// A large form: its off-screen fields skip layout and paint, and its fields after the
    /// first screen are added in chunks. Every node built so far (leaves, groups, rows)
    /// counts: close enough to the controls.
    fn is_large(&self) -> bool {
        self.next.load(Ordering::Relaxed) as usize > crate::ui::LARGE_FORM_FIELDS
    }

    fn touch(&self) {
        self.changes.update(|n| *n += 1);
    }

    /// Runs `f` under the form's owner, so state created after the first render (a variant
    /// switch, a new row) lives as long as the form.
    fn owned<T>(&self, f: impl FnOnce() -> T) -> T {
        match &self.owner {
            Some(o) => o.with(f),
            None => f(),
        }
    }

    fn build(
        &self,
        node: &Node,
        key: &str,
        label: &str,
        required: bool,
        value: Option<&Value>,
    ) -> Arc<FNode> {
        let value = value.filter(|v| !v.is_null());
        // A recursive level is built for a value that has it, else when the user adds it.
        if let Some(level) = value.and_then(|v| node.expanded_for(v)) {
            return self.build(level, key, label, required, value);
        }
        let st = if node.deprecated {
            St::Hidden(value.cloned())
        } else if node.deferred.is_some() && value.is_none() {
            St::Deferred(RwSignal::new(None))
        } else if is_implied(node) {
            // A `const` (or one-value enum) scalar — typically the discriminator of a `oneOf`
            // variant: the chosen variant implies it, so it is sent, not shown.
            St::Hidden(Some(node.allowed[0].clone()))
        } else {
            match &node.kind {
                NodeKind::String { .. } if node.allowed.iter().all(Value::is_string) => {
                    St::Text(RwSignal::new(value.map(value_text).unwrap_or_default()))
                }
                NodeKind::String { .. } | NodeKind::Integer { .. } | NodeKind::Number { .. }
                    if !node.allowed.is_empty() =>
                {
                    // A select over non-string values: hold the chosen value's JSON text.
                    St::Text(RwSignal::new(
                        value.map(|v| v.to_string()).unwrap_or_default(),
                    ))
                }
                NodeKind::String { .. } | NodeKind::Integer { .. } | NodeKind::Number { .. } => {
                    St::Text(RwSignal::new(value.map(value_text).unwrap_or_default()))
                }
                NodeKind::Boolean => St::Bool(RwSignal::new(value.and_then(|v| match v {
                    Value::Bool(b) => Some(*b),
                    Value::String(s) if s == "true" => Some(true),
                    Value::String(s) if s == "false" => Some(false),
                    _ => None,
                }))),
                NodeKind::Array { items, .. } => {
                    let list: &[Value] = value.and_then(Value::as_array).map_or(&[], |v| v);
                    if is_scalar(items) {
                        St::List(RwSignal::new(list.iter().map(value_text).collect()))
                    } else {
                        let item_label = items.label("item");
                        St::Rows(RwSignal::new(
                            list.iter()
                                .map(|v| self.build(items, "", &item_label, true, Some(v)))
                                .collect(),
                        ))
                    }
                }
                NodeKind::Object {
                    properties,
                    additional,
                    ..
                } => {
                    let map = value.and_then(Value::as_object);
                    let props = properties
                        .iter()
                        .map(|p| {
                            self.build(
                                &p.node,
                                &p.key,
                                &p.node.label(&p.key),
                                node.requires_property(p),
                                map.and_then(|m| m.get(&p.key)),
                            )
                        })
                        .collect();
                    let unlisted = map
                        .into_iter()
                        .flatten()
                        .filter(|(k, _)| {
                            k.as_str() != VARIANT_KEY && !properties.iter().any(|p| &p.key == *k)
                        })
                        .map(|(k, v)| (k.clone(), v.clone()));
                    let (extra, keep) = match additional {
                        Some(add) => {
                            let rows = unlisted
                                .map(|(k, v)| Kv {
                                    id: self.uid(),
                                    key: RwSignal::new(k),
                                    value: RwSignal::new(if is_scalar(add) {
                                        value_text(&v)
                                    } else {
                                        v.to_string()
                                    }),
                                })
                                .collect();
                            (Some(RwSignal::new(rows)), Map::new())
                        }
                        None => (None, unlisted.collect()),
                    };
                    St::Object { props, extra, keep }
                }
                NodeKind::OneOf { variants } if !variants.is_empty() => {
                    let start = value.cloned().unwrap_or_else(|| default_value(node));
                    let i = match_variant(variants, &start);
                    let child = self.build(&variants[i].node, key, label, required, Some(&start));
                    St::OneOf(RwSignal::new((i, child)))
                }
                NodeKind::OneOf { .. } => St::Hidden(value.cloned()),
                NodeKind::Json { .. } | NodeKind::Unsupported { .. } => {
                    St::Text(RwSignal::new(value.map(json_text).unwrap_or_default()))
                }
            }
        };
        Arc::new(FNode {
            uid: self.uid(),
            node: node.clone(),
            key: key.to_string(),
            label: label.to_string(),
            required,
            error: RwSignal::new(None),
            cleared: RwSignal::new(false),
            st,
        })
    }

    // -----------------------------------------------------------------------------------------
    // Values

    /// The value as the form holds it (with `oneOf` markers), for validation and drafts.
    pub fn raw_value(&self) -> Value {
        value_of(&self.tree).unwrap_or_else(|| Value::Object(Map::new()))
    }

    /// What is sent: [`json_schema::clean`] of the raw value (no markers, no blanks).
    pub fn cleaned(&self) -> Value {
        json_schema::clean(&self.root, &self.raw_value())
    }

    /// What a draft may keep: the raw value without any secret.
    pub fn draft_value(&self) -> Value {
        json_schema::strip_secrets(&self.root, &self.raw_value())
    }

    /// What is sent ([`SchemaForm::cleaned`]) with every secret replaced by a placeholder
    /// (`$SECRET_<KEY>`), for "Copy as curl".
    pub fn cleaned_with_placeholders(&self) -> Value {
        json_schema::with_placeholders(&self.root, &self.cleaned())
    }

    // -----------------------------------------------------------------------------------------
    // Errors

    /// Every problem: [`json_schema::validate`] plus what the key-value editors know (blank or
    /// repeated keys).
    pub fn problems(&self) -> Vec<SchemaError> {
        let mut errors = json_schema::validate(&self.root, &self.raw_value());
        map_problems(&self.tree, "", &mut errors);
        errors
    }

    /// Validates, shows every error at its field and returns the summary (empty when valid).
    pub fn check(&self) -> Vec<Problem> {
        let errors = self.problems();
        self.show(&errors)
    }

    /// Shows errors (from [`SchemaForm::problems`] or the server, pointers relative to the
    /// config) at their fields, replacing those shown before; returns the summary.
    pub fn show(&self, errors: &[SchemaError]) -> Vec<Problem> {
        clear_errors(&self.tree);
        // Every field an error names has to be in the page, to be focused from the summary.
        if !errors.is_empty() {
            self.chunks.all();
        }
        let mut out = Vec::new();
        for e in errors {
            let target = self.target(&e.pointer);
            if target.error.get_untracked().is_none() {
                target.error.set(Some(e.message.clone()));
            }
            out.push(Problem {
                target: self.dom_id(target.uid),
                label: target.label.clone(),
                message: e.message.clone(),
            });
        }
        out
    }

    /// Clears every error shown.
    pub fn clear(&self) {
        clear_errors(&self.tree);
    }

    /// Re-checks one field (after an edit or on leaving it): its error appears, changes or
    /// goes; other fields are left alone.
    fn recheck(&self, uid: u64) {
        let errors = self.problems();
        let mine = errors.iter().find(|e| self.target(&e.pointer).uid == uid);
        if let Some(n) = find_uid(&self.tree, uid) {
            let msg = mine.map(|e| e.message.clone());
            if n.error.get_untracked() != msg {
                n.error.set(msg);
            }
        }
    }

    /// The deepest field a pointer reaches.
    fn target(&self, pointer: &str) -> Arc<FNode> {
        let segs: Vec<String> = pointer
            .split('/')
            .skip(1)
            .map(json_schema::unescape_pointer)
            .collect();
        walk(&self.tree, &segs)
    }
}

impl Node {
    /// An empty object schema (a placeholder while a form is built).
    fn default_object() -> Node {
        json_schema::parse_schema(&serde_json::json!({"type": "object"}))
    }
}

/// A scalar with exactly one allowed value: nothing for the user to choose.
fn is_implied(node: &Node) -> bool {
    node.allowed.len() == 1
        && matches!(
            node.kind,
            NodeKind::String { .. }
                | NodeKind::Integer { .. }
                | NodeKind::Number { .. }
                | NodeKind::Boolean
        )
}

fn value_of(n: &FNode) -> Option<Value> {
    if n.cleared.get_untracked() {
        return None;
    }
    match &n.st {
        St::Hidden(v) => v.clone(),
        St::Deferred(slot) => slot.get_untracked().and_then(|inner| value_of(&inner)),
        St::Text(t) => {
            let text = t.get_untracked();
            if text.trim().is_empty() {
                return None;
            }
            Some(text_value(&n.node, text))
        }
        St::Bool(b) => b.get_untracked().map(Value::Bool),
        St::List(l) => {
            let items = l.get_untracked();
            if items.is_empty() {
                return None;
            }
            let item = match &n.node.kind {
                NodeKind::Array { items, .. } => Some(items.as_ref()),
                _ => None,
            };
            Some(Value::Array(
                items
                    .into_iter()
                    .map(|s| match item {
                        Some(i) => text_value(i, s),
                        None => Value::String(s),
                    })
                    .collect(),
            ))
        }
        St::Rows(rows) => {
            let rows = rows.get_untracked();
            if rows.is_empty() {
                return None;
            }
            Some(Value::Array(
                rows.iter()
                    .map(|r| value_of(r).unwrap_or(Value::Object(Map::new())))
                    .collect(),
            ))
        }
        St::Object { props, extra, keep } => {
            let mut m = keep.clone();
            for p in props {
                if let Some(v) = value_of(p) {
                    m.insert(p.key.clone(), v);
                }
            }
            if let Some(rows) = extra {
                let add = match &n.node.kind {
                    NodeKind::Object {
                        additional: Some(a),
                        ..
                    } => Some(a.as_ref()),
                    _ => None,
                };
                for r in rows.get_untracked() {
                    let (k, v) = (r.key.get_untracked(), r.value.get_untracked());
                    if k.trim().is_empty() {
                        continue;
                    }
                    let v = match add {
                        Some(a) if !is_scalar(a) => {
                            serde_json::from_str(&v).unwrap_or(Value::String(v))
                        }
                        Some(a) => text_value(a, v),
                        None => Value::String(v),
                    };
                    m.insert(k.trim().to_string(), v);
                }
            }
            if m.is_empty() && !n.required {
                None
            } else {
                Some(Value::Object(m))
            }
        }
        St::OneOf(cur) => {
            let (i, child) = cur.get_untracked();
            let v = value_of(&child);
            let title = n.node.variants().get(i).map(|v| v.title.clone());
            match (&child.st, v, title) {
                (St::Object { .. }, v, Some(title)) => {
                    let mut m = match v {
                        Some(Value::Object(m)) => m,
                        _ => Map::new(),
                    };
                    m.insert(VARIANT_KEY.into(), Value::String(title));
                    Some(Value::Object(m))
                }
                (_, v, _) => v,
            }
        }
    }
}

/// The JSON value of a text input under `node`.
fn text_value(node: &Node, text: String) -> Value {
    if !node.allowed.is_empty() && !node.allowed.iter().all(Value::is_string) {
        return serde_json::from_str(&text).unwrap_or(Value::String(text));
    }
    match &node.kind {
        NodeKind::Integer { .. } | NodeKind::Number { .. } => {
            number_value(&text, NumberStyle::Exact).unwrap_or(Value::String(text))
        }
        NodeKind::Json { .. } | NodeKind::Unsupported { .. } => {
            serde_json::from_str(&text).unwrap_or(Value::String(text))
        }
        _ => Value::String(text),
    }
}

fn map_problems(n: &FNode, ptr: &str, out: &mut Vec<SchemaError>) {
    match &n.st {
        St::Object { props, extra, .. } => {
            if let Some(rows) = extra {
                let mut seen: Vec<String> = Vec::new();
                for r in rows.get_untracked() {
                    let (k, v) = (r.key.get_untracked(), r.value.get_untracked());
                    let k = k.trim().to_string();
                    if k.is_empty() && !v.trim().is_empty() {
                        out.push(SchemaError {
                            pointer: ptr.to_string(),
                            message: "Every entry needs a key.".into(),
                        });
                    } else if !k.is_empty() && seen.contains(&k) {
                        out.push(SchemaError {
                            pointer: ptr.to_string(),
                            message: format!("The key “{k}” appears more than once."),
                        });
                    }
                    seen.push(k);
                }
            }
            for p in props {
                map_problems(
                    p,
                    &format!("{ptr}/{}", json_schema::escape_pointer(&p.key)),
                    out,
                );
            }
        }
        St::OneOf(cur) => map_problems(&cur.get_untracked().1, ptr, out),
        St::Deferred(slot) => {
            if let Some(inner) = slot.get_untracked() {
                map_problems(&inner, ptr, out);
            }
        }
        St::Rows(rows) => {
            for (i, r) in rows.get_untracked().iter().enumerate() {
                map_problems(r, &format!("{ptr}/{i}"), out);
            }
        }
        _ => {}
    }
}

fn walk(n: &Arc<FNode>, segs: &[String]) -> Arc<FNode> {
    let Some((first, rest)) = segs.split_first() else {
        return n.clone();
    };
    match &n.st {
        St::Object { props, .. } => match props.iter().find(|p| &p.key == first) {
            Some(p) if !matches!(p.st, St::Hidden(_)) => walk(p, rest),
            _ => n.clone(),
        },
        St::OneOf(cur) => {
            let child = cur.get_untracked().1;
            let t = walk(&child, segs);
            // The variant's own object has no control: the picker stands for it.
            if Arc::ptr_eq(&t, &child) {
                n.clone()
            } else {
                t
            }
        }
        St::Rows(rows) => match first
            .parse::<usize>()
            .ok()
            .and_then(|i| rows.get_untracked().get(i).cloned())
        {
            Some(r) => walk(&r, rest),
            None => n.clone(),
        },
        St::Deferred(slot) => match slot.get_untracked() {
            Some(inner) => walk(&inner, segs),
            None => n.clone(),
        },
        _ => n.clone(),
    }
}

fn clear_errors(n: &FNode) {
    if n.error.get_untracked().is_some() {
        n.error.set(None);
    }
    match &n.st {
        St::Object { props, .. } => props.iter().for_each(|p| clear_errors(p)),
        St::OneOf(cur) => clear_errors(&cur.get_untracked().1),
        St::Rows(rows) => rows.get_untracked().iter().for_each(|r| clear_errors(r)),
        St::Deferred(slot) => {
            if let Some(inner) = slot.get_untracked() {
                clear_errors(&inner);
            }
        }
        _ => {}
    }
}

fn find_uid(n: &Arc<FNode>, uid: u64) -> Option<Arc<FNode>> {
    if n.uid == uid {
        return Some(n.clone());
    }
    match &n.st {
        St::Object { props, .. } => props.iter().find_map(|p| find_uid(p, uid)),
        St::OneOf(cur) => find_uid(&cur.get_untracked().1, uid),
        St::Rows(rows) => rows.get_untracked().iter().find_map(|r| find_uid(r, uid)),
        St::Deferred(slot) => slot.get_untracked().and_then(|inner| find_uid(&inner, uid)),
        _ => None,
    }
}

/// True when a field holds something (for `dependentRequired` markers); tracked.
fn present_tracked(n: &FNode) -> bool {
    match &n.st {
        St::Text(t) => t.with(|t| !t.trim().is_empty()),
        St::Bool(b) => b.get().is_some(),
        St::List(l) => l.with(|l| !l.is_empty()),
        St::Rows(r) => r.with(|r| !r.is_empty()),
        St::Hidden(v) => v.is_some(),
        St::Deferred(slot) => slot.with(Option::is_some),
        St::Object { .. } | St::OneOf(_) => true,
    }
}

// ---------------------------------------------------------------------------------------------
// Rendering

/// The generated form's fields (put it inside a `<form>`).
///
/// A large form (over [`crate::ui::LARGE_FORM_FIELDS`]) shows its first screen of fields at
/// once and adds the rest a chunk per task after that screen has been painted, so the page
/// shows fields and takes input while the rest are built (a 1,000-field form's build is a few
/// hundred milliseconds). Until then the fields' container is `aria-busy`. Every field's state
/// exists from the start: values, drafts and validation do not wait for the view, and showing
/// errors puts every field in the page at once.
#[component]
pub fn SchemaFormView(
    /// The form state.
    form: SchemaForm,
) -> impl IntoView {
    let tree = form.tree.clone();
    let large = form.is_large();
    let chunks = later_chunks(&form, &tree);
    let later = form.chunks;
    if chunks > 0 {
        later.start(chunks, || {});
    }
    let busy = move || (chunks > 0 && later.pending(chunks - 1)).then_some("true");
    view! {
        <div class="schema-form" class:large-form=large aria-busy=busy>{render(&form, &tree, 0)}</div>
    }
}

/// How many chunks of a large form's top-level fields come after its first screen (none for
/// a form that is not large).
fn later_chunks(form: &SchemaForm, tree: &FNode) -> usize {
    match &tree.st {
        St::Object { props, .. } if form.is_large() && props.len() > FIRST_SCREEN_PROPS => {
            (props.len() - FIRST_SCREEN_PROPS).div_ceil(CHUNK_PROPS)
        }
        _ => 0,
    }
}

/// The top level's fields: all of them, or for a large form the first screen and then each
/// later chunk once [`SchemaFormView`] lets it in.
fn render_top(form: &SchemaForm, n: &Arc<FNode>, props: &[Arc<FNode>]) -> AnyView {
    if later_chunks(form, n) == 0 {
        return render_props(form, n, props, 0, 0..props.len());
    }
    let first = field_blocks(0..FIRST_SCREEN_PROPS, |r| {
        render_props(form, n, props, 0, r)
    });
    let all: Arc<[Arc<FNode>]> = props.into();
    let later = form.chunks;
    let rest = (FIRST_SCREEN_PROPS..props.len())
        .step_by(CHUNK_PROPS)
        .enumerate()
        .map(|(i, start)| {
            let end = (start + CHUNK_PROPS).min(all.len());
            let (form, n, all) = (form.clone(), n.clone(), all.clone());
            // A memo: the chunk is built once, when it is let in, not again as more follow.
            let on = later.gate(i);
            move || {
                on.get()
                    .then(|| field_blocks(start..end, |r| render_props(&form, &n, &all, 0, r)))
            }
        })
        .collect_view();
    view! { {first}{rest} }.into_any()
}

fn required_mark(on: bool) -> Option<impl IntoView> {
    on.then(frame::required_mark)
}

fn render(form: &SchemaForm, n: &Arc<FNode>, depth: usize) -> AnyView {
    match &n.st {
        St::Hidden(_) => ().into_any(),
        St::Object { props, extra, .. } if depth == 0 => {
            let fields = render_top(form, n, props);
            let extra = extra.map(|rows| {
                let label = if props.is_empty() {
                    n.label.clone()
                } else {
                    "Additional settings".to_string()
                };
                kv_field(form, n, rows, label)
            });
            view! { <div class="fields">{fields}</div>{extra} }.into_any()
        }
        St::Object { props, extra, .. } if props.is_empty() && extra.is_some() => {
            let rows = extra.unwrap_or_else(|| RwSignal::new(Vec::new()));
            kv_field(form, n, rows, n.label.clone())
        }
        St::Object { props, extra, .. } => {
            let legend_id = format!("{}-legend", form.dom_id(n.uid));
            let fields = render_props(form, n, props, depth, 0..props.len());
            let extra = extra.map(|rows| kv_field(form, n, rows, "Additional settings".into()));
            let help = description(form, n);
            let help_id = help.as_ref().map(|(id, _)| id.clone());
            let err = error_line(form, n);
            // An optional object can be left out on purpose ("Clear …"), and brought back.
            let cleared = n.cleared;
            let toggle = (!n.required && !n.key.is_empty()).then(|| {
                let (f, label) = (form.clone(), n.label.clone());
                view! {
                    <button type="button" class="btn btn-small sf-clear" on:click=move |_| {
                        cleared.update(|c| *c = !*c);
                        f.touch();
                    }>{move || if cleared.get() { format!("Add {label}") } else { format!("Clear {label}") }}</button>
                }
            });
            view! {
                <fieldset class="sf-group" data-key=n.key.clone() id=form.dom_id(n.uid) tabindex="-1"
                    aria-describedby=help_id>
                    <legend id=legend_id>{n.label.clone()}{required_mark(n.required)}</legend>
                    {help.map(|(_, v)| v)}
                    {toggle}
                    {err}
                    <div class="fields" class:sf-cleared=move || cleared.get()>{fields}</div>
                    <div class:sf-cleared=move || cleared.get()>{extra}</div>
                    {move || cleared.get().then(|| view! { <p class="muted small">"Left out: nothing of it is sent."</p> })}
                </fieldset>
            }
            .into_any()
        }
        St::OneOf(cur) => one_of(form, n, *cur),
        _ => leaf(form, n, Vec::new(), Vec::new()),
    }
}

/// Properties `range` of an object, with their `dependentRequired` relations.
fn render_props(
    form: &SchemaForm,
    parent: &FNode,
    props: &[Arc<FNode>],
    depth: usize,
    range: std::ops::Range<usize>,
) -> AnyView {
    let deps: &[(String, Vec<String>)] = match &parent.node.kind {
        NodeKind::Object {
            dependent_required, ..
        } => dependent_required,
        _ => &[],
    };
    props[range]
        .iter()
        .map(|p| {
            // Fields this one makes required, and fields that make this one required.
            let needs: Vec<String> = deps
                .iter()
                .filter(|(k, _)| k == &p.key)
                .flat_map(|(_, ds)| ds.iter())
                .filter_map(|d| props.iter().find(|q| &q.key == d).map(|q| q.label.clone()))
                .collect();
            let triggers: Vec<Arc<FNode>> = deps
                .iter()
                .filter(|(_, ds)| ds.contains(&p.key))
                .filter_map(|(k, _)| props.iter().find(|q| &q.key == k).cloned())
                .collect();
            if matches!(p.st, St::Text(_) | St::Bool(_) | St::List(_)) {
                leaf(form, p, needs, triggers)
            } else {
                render(form, p, depth + 1)
            }
        })
        .collect_view()
        .into_any()
}

fn description(form: &SchemaForm, n: &FNode) -> Option<(String, AnyView)> {
    let d = n
        .node
        .description
        .clone()
        .filter(|d| !d.trim().is_empty())?;
    let id = format!("{}-help", form.dom_id(n.uid));
    Some((
        id.clone(),
        // HTML and Markdown from real schemas, as an allowlist of DOM nodes (never HTML).
        view! { <div class="help rich-text" id=id>{blocks_view(parse_rich_text(&d))}</div> }
            .into_any(),
    ))
}

fn error_line(form: &SchemaForm, n: &FNode) -> impl IntoView {
    frame::error_line(format!("{}-err", form.dom_id(n.uid)), n.error)
}

/// Hints that are not in the schema's description: what a format accepts, ranges, relations.
fn hints(n: &FNode, needs: &[String], triggers: &[Arc<FNode>]) -> Vec<String> {
    let mut out = Vec::new();
    match &n.node.kind {
        NodeKind::String {
            format,
            min_length,
            max_length,
            ..
        } => {
            match format {
                StringFormat::VarStr
                    if !n
                        .node
                        .description
                        .as_deref()
                        .is_some_and(|d| d.contains("{{")) =>
                {
                    out.push(
                    "You can use an environment reference such as {{ MY_VARIABLE }}; the server fills it in."
                        .to_string(),
                    )
                }
                StringFormat::Uri => out.push(match n.node.placeholder() {
                    Some(e) if json_schema::is_uri(&e) => format!("A URL such as {e}."),
                    _ => "A URL such as https://example.com/path.".to_string(),
                }),
                _ => {}
            }
            match (min_length, max_length) {
                (Some(a), Some(b)) => out.push(format!("{a} to {b} characters.")),
                (None, Some(b)) if *b <= 200 => out.push(format!("At most {b} characters.")),
                _ => {}
            }
        }
        NodeKind::Integer { min, max } | NodeKind::Number { min, max } => {
            let what = if matches!(n.node.kind, NodeKind::Integer { .. }) {
                "A whole number"
            } else {
                "A number"
            };
            let f = |x: &f64| {
                if x.fract() == 0.0 {
                    format!("{}", *x as i64)
                } else {
                    x.to_string()
                }
            };
            match (min, max) {
                (Some(a), Some(b)) => out.push(format!("{what} from {} to {}.", f(a), f(b))),
                (Some(a), None) => out.push(format!("{what}, at least {}.", f(a))),
                (None, Some(b)) => out.push(format!("{what}, at most {}.", f(b))),
                (None, None) => {}
            }
        }
        NodeKind::Array {
            unique, min_items, ..
        } => {
            if *unique {
                out.push("Each value at most once.".into());
            }
            if let Some(m) = min_items.filter(|m| *m > 1) {
                out.push(format!("At least {m} values."));
            }
        }
        NodeKind::Json { object } => out.push(if *object {
            "A JSON object, like {\"key\": \"value\"}.".into()
        } else {
            "Any JSON value.".into()
        }),
        NodeKind::Unsupported { reason } => out.push(format!(
            "This setting can't be shown as a form ({reason}); enter its value as JSON."
        )),
        _ => {}
    }
    if !needs.is_empty() {
        out.push(format!("Setting this also requires {}.", needs.join(", ")));
    }
    if !triggers.is_empty() {
        let names: Vec<String> = triggers.iter().map(|t| t.label.clone()).collect();
        out.push(format!("Required when {} is set.", names.join(" or ")));
    }
    out
}

/// One input with its label, help, hints and error.
fn leaf(
    form: &SchemaForm,
    n: &Arc<FNode>,
    needs: Vec<String>,
    triggers: Vec<Arc<FNode>>,
) -> AnyView {
    if matches!(n.st, St::Hidden(_)) {
        return ().into_any();
    }
    if let St::Rows(rows) = &n.st {
        return rows_view(form, n, *rows);
    }
    if let St::Deferred(slot) = &n.st {
        return deferred_view(form, n, *slot);
    }
    let id = form.dom_id(n.uid);
    let help = description(form, n);
    let hint_list = hints(n, &needs, &triggers);
    let hint_id = (!hint_list.is_empty()).then(|| format!("{id}-hint"));
    let label_id = format!("{id}-label");
    let static_required = n.required;
    let required =
        Signal::derive(move || static_required || triggers.iter().any(|t| present_tracked(t)));
    let aria = FieldAria::new(id, n.error)
        .described_by(help.as_ref().map(|(h, _)| h.clone()))
        .described_by(hint_id.clone());
    let a = Aria {
        id: aria.id.clone(),
        aria: aria.clone(),
        label_id: label_id.clone(),
        required,
    };
    let is_check = matches!(n.st, St::Bool(_));
    let group = matches!(&n.st, St::List(_)) && enum_items(&n.node).is_some();
    let control = control(form, n, &a);
    let notes = help
        .map(|(id, body)| Note {
            id,
            class: "help",
            body,
        })
        .into_iter()
        .chain(hint_id.map(|id| Note {
            id,
            class: "help sf-hint",
            body: hint_list.join(" ").into_any(),
        }))
        .collect::<Vec<_>>();
    view! {
        <FieldFrame aria=aria label=n.label.clone() label_id=label_id required=required
            group=group check=is_check key=n.key.clone() notes=notes control=control/>
    }
    .into_any()
}

/// The ARIA wiring of one input.
#[derive(Clone)]
struct Aria {
    id: String,
    aria: FieldAria,
    label_id: String,
    required: Signal<bool>,
}

impl Aria {
    fn db(&self) -> impl Fn() -> Option<String> + Send + Sync + 'static {
        self.aria.describedby()
    }
    fn inv(&self) -> impl Fn() -> &'static str + Send + Sync + 'static {
        self.aria.invalid()
    }
    fn req(&self) -> impl Fn() -> Option<&'static str> + Send + Sync + 'static {
        let f = self.required;
        move || f.get().then_some("true")
    }
}
/// The string choices of an array of enum strings.
fn enum_items(node: &Node) -> Option<Vec<String>> {
    match &node.kind {
        NodeKind::Array { items, .. } => match &items.kind {
            NodeKind::String { choices, .. } if !choices.is_empty() => Some(choices.clone()),
            _ => None,
        },
        _ => None,
    }
}

fn control(form: &SchemaForm, n: &Arc<FNode>, a: &Aria) -> AnyView {
    match &n.st {
        St::Text(t) => text_control(form, n, *t, a),
        St::Bool(b) => {
            let b = *b;
            let (f, uid) = (form.clone(), n.uid);
            view! {
                <input type="checkbox" class="switch" role="switch" id=a.id.clone()
                    prop:checked=move || b.get() == Some(true)
                    on:change=move |e| { b.set(Some(event_target_checked(&e))); f.touch(); f.recheck(uid); }
                    aria-invalid=a.inv() aria-describedby=a.db() />
            }
            .into_any()
        }
        St::List(l) => match enum_items(&n.node) {
            Some(choices) => checkbox_group(form, n, *l, choices, a),
            None => chips(form, n, *l, a),
        },
        _ => ().into_any(),
    }
}

fn text_control(form: &SchemaForm, n: &Arc<FNode>, t: RwSignal<String>, a: &Aria) -> AnyView {
    let (f, uid, err) = (form.clone(), n.uid, n.error);
    let set = move |text: String| {
        t.set(text);
        f.touch();
        if err.with_untracked(Option::is_some) {
            f.recheck(uid);
        }
    };
    let f2 = form.clone();
    let leave = move || {
        if !t.with_untracked(|t| t.is_empty()) || err.with_untracked(Option::is_some) {
            let f2 = f2.clone();
            // The click that ended may have left the page: then there is nothing to check.
            after_pointer_release(move || {
                if !t.is_disposed() {
                    f2.recheck(uid)
                }
            });
        }
    };
    let on_input = {
        let set = set.clone();
        move |e: ev::Event| set(event_target_value(&e))
    };
    let on_blur = {
        let leave = leave.clone();
        move |_: ev::FocusEvent| leave()
    };
    let placeholder = n.node.placeholder();
    let readonly = n.node.read_only;
    // Selects: string enums, and enums of other types (their JSON text is the option value).
    if !n.node.allowed.is_empty() {
        let options: Vec<(String, String)> = n
            .node
            .allowed
            .iter()
            .map(|v| match v {
                Value::String(s) => (s.clone(), s.clone()),
                other => (other.to_string(), other.to_string()),
            })
            .collect();
        let required = n.required;
        return view! {
            <select class="input" id=a.id.clone() on:change=on_input on:blur=on_blur disabled=readonly
                aria-invalid=a.inv() aria-describedby=a.db() aria-required=a.req()>
                <option value="" prop:selected=move || t.with(String::is_empty)>
                    {if required { "— Choose —" } else { "— None —" }}
                </option>
                {options.into_iter().map(|(v, label)| {
                    let v2 = v.clone();
                    view! { <option value=v prop:selected=move || t.with(|t| t == &v2)>{label}</option> }
                }).collect_view()}
            </select>
        }
        .into_any();
    }
    match &n.node.kind {
        NodeKind::String {
            secret: true,
            multiline,
            ..
        } => view! {
            <SecretInput aria=a.aria.clone() label=n.label.clone() value=t
                on_input=Callback::new(set) on_blur=Callback::new(move |_| leave())
                placeholder=placeholder required=a.required readonly=readonly multiline=*multiline/>
        }
        .into_any(),
        NodeKind::String {
            multiline: true, ..
        }
        | NodeKind::Json { .. }
        | NodeKind::Unsupported { .. } => {
            let mono = !matches!(n.node.kind, NodeKind::String { .. });
            let secret = n.node.is_secret();
            view! {
                <textarea class=if mono { "input mono" } else { "input" } id=a.id.clone() rows="4"
                    use:live_value=Signal::derive(move || t.get()) on:input=on_input on:blur=on_blur placeholder=placeholder readonly=readonly
                    aria-invalid=a.inv() aria-describedby=a.db() aria-required=a.req()
                    autocomplete=secret.then_some("off") spellcheck="false"></textarea>
            }
            .into_any()
        }
        NodeKind::String {
            format: StringFormat::Autocomplete,
            ..
        } => autocomplete(form, n, t, a, on_input, on_blur),
        NodeKind::Integer { .. } | NodeKind::Number { .. } => {
            let integer = matches!(n.node.kind, NodeKind::Integer { .. });
            view! {
                <input type="text" class="input input-number" id=a.id.clone()
                    inputmode=if integer { "numeric" } else { "decimal" }
                    use:live_value=Signal::derive(move || t.get()) on:input=on_input on:blur=on_blur placeholder=placeholder readonly=readonly
                    aria-invalid=a.inv() aria-describedby=a.db() aria-required=a.req() autocomplete="off" />
            }
            .into_any()
        }
        _ => {
            let url = matches!(
                n.node.kind,
                NodeKind::String {
                    format: StringFormat::Uri,
                    ..
                }
            );
            view! {
                <input type="text" class="input" id=a.id.clone() inputmode=url.then_some("url")
                    use:live_value=Signal::derive(move || t.get()) on:input=on_input on:blur=on_blur placeholder=placeholder readonly=readonly
                    aria-invalid=a.inv() aria-describedby=a.db() aria-required=a.req()
                    autocomplete="off" spellcheck="false" />
            }
            .into_any()
        }
    }
}

/// A text input offering the server's suggestions (when a saved profile gave some): a
/// `<datalist>` for the browser's own picker, and buttons for the first few.
fn autocomplete(
    form: &SchemaForm,
    n: &Arc<FNode>,
    t: RwSignal<String>,
    a: &Aria,
    on_input: impl Fn(ev::Event) + 'static,
    on_blur: impl Fn(ev::FocusEvent) + 'static,
) -> AnyView {
    let list_id = format!("{}-list", a.id);
    let (sugg, from, key) = (form.suggestions, form.suggestions_from, n.key.clone());
    let key2 = key.clone();
    let values = move || {
        sugg.with(|s| {
            s.as_ref()
                .map(|s| s.for_field(&key2).to_vec())
                .unwrap_or_default()
        })
    };
    let values2 = values.clone();
    let has = move || !values2().is_empty();
    let f = form.clone();
    let label = n.label.clone();
    let placeholder = n.node.placeholder();
    view! {
        <input type="text" class="input" id=a.id.clone() list=move || has().then(|| list_id.clone())
            use:live_value=Signal::derive(move || t.get()) on:input=on_input on:blur=on_blur placeholder=placeholder
            aria-invalid=a.inv() aria-describedby=a.db() aria-required=a.req()
            autocomplete="off" spellcheck="false" />
        {
            let list_id = format!("{}-list", a.id);
            let values = values.clone();
            move || {
                let vs = values();
                (!vs.is_empty()).then(|| view! {
                    <datalist id=list_id.clone()>
                        {vs.iter().map(|s| view! { <option value=s.value.clone()>{s.label.clone()}</option> }).collect_view()}
                    </datalist>
                })
            }
        }
        {move || {
            let vs = values();
            let f = f.clone();
            let label = label.clone();
            if vs.is_empty() {
                return view! { <p class="help sf-hint">"Type a value. Suggestions appear when the table uses a saved connection profile."</p> }.into_any();
            }
            let from = from.get().map(|w| format!(" from {w}")).unwrap_or_default();
            view! {
                <div class="suggestions" role="group" aria-label=format!("Suggested values for {label}")>
                    <span class="muted small">{format!("Suggestions{from}:")}</span>
                    {vs.into_iter().take(8).map(|s| {
                        let (f, v) = (f.clone(), s.value.clone());
                        view! {
                            <button type="button" class="chip-filter"
                                aria-pressed=move || t.with(|t| t == &v).to_string()
                                on:click={ let v = s.value.clone(); move |_| { t.set(v.clone()); f.touch(); } }>
                                {s.label.clone()}
                            </button>
                        }
                    }).collect_view()}
                </div>
            }.into_any()
        }}
    }
    .into_any()
}

fn checkbox_group(
    form: &SchemaForm,
    n: &Arc<FNode>,
    l: RwSignal<Vec<String>>,
    choices: Vec<String>,
    a: &Aria,
) -> AnyView {
    let choices = choices.into_iter().map(|c| (c.clone(), c)).collect();
    let (f, uid) = (form.clone(), n.uid);
    let on_change = Callback::new(move |list| {
        l.set(list);
        f.touch();
        f.recheck(uid);
    });
    view! {
        <CheckboxGroup aria=a.aria.clone() label_id=a.label_id.clone() choices=choices selected=l
            on_change=on_change/>
    }
    .into_any()
}

fn chips(form: &SchemaForm, n: &Arc<FNode>, l: RwSignal<Vec<String>>, a: &Aria) -> AnyView {
    let unique = matches!(n.node.kind, NodeKind::Array { unique: true, .. });
    let (f, uid, err) = (form.clone(), n.uid, n.error);
    let on_add = Callback::new(move |items: Vec<String>| {
        if items.is_empty() {
            return false;
        }
        let mut dup = None;
        l.update(|list| {
            for it in items {
                if unique && list.contains(&it) {
                    dup = Some(it);
                } else {
                    list.push(it);
                }
            }
        });
        f.touch();
        match dup {
            Some(d) => err.set(Some(format!("“{d}” is already in the list."))),
            None => f.recheck(uid),
        }
        true
    });
    let f_rm = form.clone();
    let on_remove = Callback::new(move |(i, _): (usize, String)| {
        l.update(|l| {
            if i < l.len() {
                l.remove(i);
            }
        });
        f_rm.touch();
        f_rm.recheck(uid);
    });
    let f_bs = form.clone();
    let on_pop = Callback::new(move |_| {
        l.update(|l| {
            l.pop();
        });
        f_bs.touch();
    });
    let placeholder = n
        .node
        .placeholder()
        .or_else(|| match &n.node.kind {
            NodeKind::Array { items, .. } => items.placeholder(),
            _ => None,
        })
        .map(|p| format!("{p} — then Enter"))
        .unwrap_or_else(|| "Type a value, then Enter".into());
    view! {
        <Chips aria=a.aria.clone() label=n.label.clone() items=l required=a.required
            placeholder=placeholder on_add=on_add on_remove=on_remove on_pop=on_pop/>
    }
    .into_any()
}

/// Repeatable rows for an array of objects: each row a group with "Remove", then "Add".
fn rows_view(form: &SchemaForm, n: &Arc<FNode>, rows: RwSignal<Vec<Arc<FNode>>>) -> AnyView {
    let id = form.dom_id(n.uid);
    let legend_id = format!("{id}-legend");
    let add_id = format!("{id}-add");
    let items = match &n.node.kind {
        NodeKind::Array { items, .. } => items.as_ref().clone(),
        _ => Node::default_object(),
    };
    let max = match &n.node.kind {
        NodeKind::Array { max_items, .. } => *max_items,
        _ => None,
    };
    let item_label = items.label("item");
    let item_label2 = item_label.clone();
    let help = description(form, n);
    let help_id = help.as_ref().map(|(id, _)| id.clone());
    let hint_list = hints(n, &[], &[]);
    let f = form.clone();
    let add_id2 = add_id.clone();
    let add = move |_| {
        let fresh =
            f.owned(|| f.build(&items, "", &item_label2, true, Some(&default_value(&items))));
        let focus = first_control(&f, &fresh);
        rows.update(|r| r.push(fresh));
        f.touch();
        focus_later(focus.unwrap_or_else(|| add_id2.clone()));
    };
    let f_rows = form.clone();
    let add_id3 = add_id.clone();
    let label = n.label.clone();
    view! {
        <fieldset class="sf-group sf-rows" data-key=n.key.clone() id=id.clone() tabindex="-1"
            aria-describedby=help_id>
            <legend id=legend_id>{n.label.clone()}{required_mark(n.required)}</legend>
            {help.map(|(_, v)| v)}
            {(!hint_list.is_empty()).then(|| view! { <p class="help sf-hint">{hint_list.join(" ")}</p> })}
            {error_line(form, n)}
            <ol class="sf-row-list">
                <For each=move || rows.get() key=|r| r.uid let:row>
                    {
                        let uid = row.uid;
                        let pos = move || rows.with(|r| r.iter().position(|x| x.uid == uid).map(|i| i + 1).unwrap_or(0));
                        let f = f_rows.clone();
                        let add_id = add_id3.clone();
                        let il = item_label.clone();
                        let il2 = item_label.clone();
                        view! {
                            <li class="sf-row">
                                <div class="sf-row-head">
                                    <span class="sf-row-title">{move || format!("{il} {}", pos())}</span>
                                    <button type="button" class="btn btn-small btn-quiet"
                                        aria-label=move || format!("Remove {il2} {}", pos())
                                        on:click=move |_| {
                                            rows.update(|r| r.retain(|x| x.uid != uid));
                                            f.touch();
                                            focus_later(add_id.clone());
                                        }>"Remove"</button>
                                </div>
                                {row_body(&f_rows, &row)}
                            </li>
                        }
                    }
                </For>
            </ol>
            <button type="button" class="btn btn-small" id=add_id on:click=add
                disabled=move || max.is_some_and(|m| rows.with(|r| r.len() as u64 >= m))
                aria-label=format!("Add {} to {label}", item_label_lower(&n.node))>
                {format!("Add {}", item_label_lower(&n.node))}
            </button>
        </fieldset>
    }
    .into_any()
}

fn item_label_lower(node: &Node) -> String {
    match &node.kind {
        NodeKind::Array { items, .. } => match items.title.as_deref() {
            Some(t) if !t.trim().is_empty() => t.to_lowercase(),
            _ => "item".into(),
        },
        _ => "item".into(),
    }
}

fn row_body(form: &SchemaForm, row: &Arc<FNode>) -> AnyView {
    match &row.st {
        St::Object { props, extra, .. } => {
            let fields = render_props(form, row, props, 1, 0..props.len());
            let extra = extra.map(|rows| kv_field(form, row, rows, "Additional settings".into()));
            view! { {error_line(form, row)}<div class="fields">{fields}</div>{extra} }.into_any()
        }
        _ => render(form, row, 1),
    }
}

/// A recursive level not built yet: "Add …" builds it (with its defaults) and shows it in
/// place; "Remove …" leaves it out again.
fn deferred_view(form: &SchemaForm, n: &Arc<FNode>, slot: RwSignal<Option<Arc<FNode>>>) -> AnyView {
    let add_id = form.dom_id(n.uid);
    let add = {
        let (f, n) = (form.clone(), n.clone());
        move |_| {
            let Some(level) = n.node.expanded() else {
                return;
            };
            let start = default_value(level);
            let built = f.owned(|| f.build(level, &n.key, &n.label, n.required, Some(&start)));
            let focus = first_control(&f, &built);
            slot.set(Some(built));
            f.touch();
            if let Some(id) = focus {
                focus_later(id);
            }
        }
    };
    let remove = {
        let (f, add_id) = (form.clone(), add_id.clone());
        move |_| {
            slot.set(None);
            f.touch();
            focus_later(add_id.clone());
        }
    };
    let (f, n2) = (form.clone(), n.clone());
    let label = n.label.clone();
    let err = error_line(form, n);
    view! {
        <div class="sf-deferred" data-key=n.key.clone()>
            {move || match slot.get() {
                None => view! {
                    <div class="field">
                        <button type="button" class="btn btn-small" id=add_id.clone() on:click=add.clone()>
                            "Add "{label.clone()}
                        </button>
                        {description(&f, &n2).map(|(_, v)| v)}
                    </div>
                }
                .into_any(),
                Some(inner) => view! {
                    {render(&f, &inner, 1)}
                    <button type="button" class="btn btn-small sf-remove-level" on:click=remove.clone()>
                        "Remove "{label.clone()}
                    </button>
                }
                .into_any(),
            }}
            {err}
        </div>
    }
    .into_any()
}

/// The id of the first input inside a field (for focus after adding a row).
fn first_control(form: &SchemaForm, n: &Arc<FNode>) -> Option<String> {
    match &n.st {
        St::Hidden(_) => None,
        St::Object { props, extra, .. } => props
            .iter()
            .find_map(|p| first_control(form, p))
            .or_else(|| extra.map(|_| format!("{}-kvadd", form.dom_id(n.uid)))),
        St::OneOf(_) => Some(form.dom_id(n.uid)),
        _ => Some(form.dom_id(n.uid)),
    }
}

/// A key-value editor (`additionalProperties`): rows of key and value, "Add entry".
fn kv_field(form: &SchemaForm, n: &Arc<FNode>, rows: RwSignal<Vec<Kv>>, label: String) -> AnyView {
    let id = form.dom_id(n.uid);
    let label_id = format!("{id}-kvlabel");
    let add_id = format!("{id}-kvadd");
    let help = if n.node.is_map() {
        description(form, n)
    } else {
        None
    };
    let err = n.error;
    let f = form.clone();
    let label2 = label.clone();
    let add = move |_| {
        let kv = f.owned(|| Kv {
            id: f.uid(),
            key: RwSignal::new(String::new()),
            value: RwSignal::new(String::new()),
        });
        let focus = format!("{}-kv{}-k", f.dom_id(0), kv.id);
        rows.update(|r| r.push(kv));
        f.touch();
        focus_later(focus);
    };
    let f_rows = form.clone();
    view! {
        <div class=move || if err.with(Option::is_some) { "field sf-map invalid" } else { "field sf-map" } data-key=n.key.clone()>
            <div class="label-row"><span class="label" id=label_id.clone()>{label.clone()}</span></div>
            {help.map(|(_, v)| v)}
            <div class="kv-list" role="group" aria-labelledby=label_id.clone() id=id.clone() tabindex="-1">
                <For each=move || rows.get() key=|r| r.id let:kv>
                    {
                        let f = f_rows.clone();
                        let kid = format!("{}-kv{}-k", f.dom_id(0), kv.id);
                        let (key, value, rid) = (kv.key, kv.value, kv.id);
                        let pos = move || rows.with(|r| r.iter().position(|x| x.id == rid).map(|i| i + 1).unwrap_or(0));
                        let lab = label2.clone();
                        let (f1, f2, f3) = (f.clone(), f.clone(), f.clone());
                        let add_id = add_id.clone();
                        view! {
                            <div class="kv-row">
                                <input class="input mono" id=kid aria-label=move || format!("{lab}: key {}", pos())
                                    use:live_value=Signal::derive(move || key.get()) autocomplete="off" spellcheck="false"
                                    on:input=move |e| { key.set(event_target_value(&e)); f1.touch(); } />
                                <input class="input mono"
                                    aria-label=move || { let k = key.get(); if k.trim().is_empty() { format!("Value {}", pos()) } else { format!("Value of {k}") } }
                                    use:live_value=Signal::derive(move || value.get()) autocomplete="off" spellcheck="false"
                                    on:input=move |e| { value.set(event_target_value(&e)); f2.touch(); } />
                                <button type="button" class="btn btn-small"
                                    aria-label=move || { let k = key.get(); if k.trim().is_empty() { format!("Remove entry {}", pos()) } else { format!("Remove {k}") } }
                                    on:click=move |_| { rows.update(|r| r.retain(|x| x.id != rid)); f3.touch(); focus_later(add_id.clone()); }>"Remove"</button>
                            </div>
                        }
                    }
                </For>
            </div>
            <p><button type="button" class="btn btn-small" id=format!("{}-kvadd", form.dom_id(n.uid)) on:click=add
                aria-label=format!("Add entry to {label}")>"Add entry"</button></p>
            {error_line(form, n)}
        </div>
    }
    .into_any()
}

/// A `oneOf`: a labelled group with the variant picker, then the chosen variant's fields.
fn one_of(form: &SchemaForm, n: &Arc<FNode>, cur: RwSignal<(usize, Arc<FNode>)>) -> AnyView {
    let id = form.dom_id(n.uid);
    let legend_id = format!("{id}-legend");
    let variants = n.node.variants().to_vec();
    let titles: Vec<String> = variants.iter().map(|v| v.title.clone()).collect();
    let help = description(form, n);
    let help_id = help.as_ref().map(|(id, _)| id.clone());
    let f = form.clone();
    let (key, label, required) = (n.key.clone(), n.label.clone(), n.required);
    let switch = move |i: usize| {
        if cur.with_untracked(|(c, _)| *c == i) {
            return;
        }
        let Some(v) = variants.get(i) else { return };
        // A new variant starts from its own defaults.
        let child = f.owned(|| f.build(&v.node, &key, &label, required, Some(&variant_reset(v))));
        cur.set((i, child));
        f.touch();
    };
    let picker = if titles.len() == 1 {
        // One variant (a table form for one side): nothing to choose.
        ().into_any()
    } else if titles.len() <= MAX_RADIOS {
        let name = format!("{id}-variant");
        titles
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let rid = if i == 0 {
                    id.clone()
                } else {
                    format!("{id}-{i}")
                };
                let switch = switch.clone();
                let for_id = rid.clone();
                view! {
                    <label class="choice" for=for_id>
                        <input type="radio" id=rid name=name.clone() value=i.to_string()
                            prop:checked=move || cur.with(|(c, _)| *c == i)
                            on:change=move |_| switch(i) />
                        {t.clone()}
                    </label>
                }
            })
            .collect_view()
            .into_any()
    } else {
        let switch = switch.clone();
        view! {
            <select class="input" id=id.clone() aria-labelledby=legend_id.clone()
                on:change=move |e| { if let Ok(i) = event_target_value(&e).parse() { switch(i) } }>
                {titles.iter().enumerate().map(|(i, t)| view! {
                    <option value=i.to_string() prop:selected=move || cur.with(|(c, _)| *c == i)>{t.clone()}</option>
                }).collect_view()}
            </select>
        }
        .into_any()
    };
    let f2 = form.clone();
    // Keyed by the variant's state: a switch builds fresh inputs. (Re-rendering in place would
    // patch the previous variant's DOM, whose live state — a checked radio, a chosen option —
    // could leak into the new one.)
    let body = move |child: Arc<FNode>| match &child.st {
        St::Object { props, extra, .. } if props.is_empty() && extra.is_none() => ().into_any(),
        St::Object { props, extra, .. } => {
            let fields = render_props(&f2, &child, props, 1, 0..props.len());
            let extra = extra.map(|rows| kv_field(&f2, &child, rows, "Additional settings".into()));
            view! { <div class="fields sf-variant">{fields}</div>{extra} }.into_any()
        }
        _ => view! { <div class="fields sf-variant">{leaf(&f2, &child, vec![], vec![])}</div> }
            .into_any(),
    };
    view! {
        <fieldset class="sf-group sf-oneof" data-key=n.key.clone()
            aria-describedby=help_id>
            <legend id=legend_id.clone()>{n.label.clone()}{required_mark(n.required)}</legend>
            {help.map(|(_, v)| v)}
            <div class="choices sf-variants">{picker}</div>
            {error_line(form, n)}
            <For each=move || std::iter::once(cur.get().1) key=|c| c.uid children=body/>
        </fieldset>
    }
    .into_any()
}

/// An error summary: an alert with a link per problem; following a link focuses the field.
#[component]
pub fn ErrorSummary(
    /// The problems (nothing is shown while empty).
    problems: RwSignal<Vec<Problem>>,
    /// DOM id of the summary (focus it after a failed submit).
    #[prop(into)]
    id: String,
) -> impl IntoView {
    view! {
        <Show when=move || !problems.with(Vec::is_empty)>
            <div class="summary" role="alert" id=id.clone() tabindex="-1">
                <h2>{move || {
                    let n = problems.with(Vec::len);
                    format!("{n} {} to fix", if n == 1 { "problem" } else { "problems" })
                }}</h2>
                <ul>
                    {move || problems.get().into_iter().map(|p| {
                        let target = p.target.clone();
                        view! {
                            <li><a href=format!("#{}", p.target) on:click=move |e| {
                                e.prevent_default();
                                focus_later(target.clone());
                            }>{p.label.clone()}": "{p.message.clone()}</a></li>
                        }
                    }).collect_view()}
                </ul>
            </div>
        </Show>
    }
}
