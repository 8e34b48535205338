//! The new-table form of `new-table?connector=&side=&profile=`: the table's name and
//! connection profile, the side's config form, format, columns, event time and watermark; a
//! test while the server streams its messages; then create.
//!
//! [`TableForm`] holds the flow (draft, checks, server errors, test, submit); the sections are
//! components of their own: [`ProfileChoice`], [`FormatChoice`], [`ColumnsEditor`],
//! [`EventTimeFields`] and [`TestLog`].

use leptos::prelude::*;
use serde_json::{json, Value};

use super::{draft_banner, resubmit, FormActions, SchemaIcon, TestOutcome, TestState};
use crate::components::curl::CurlPanel;
use crate::components::frame::{FieldAria, FieldFrame, NameField, Note};
use crate::components::schema_form::{ErrorSummary, Problem, SchemaForm, SchemaFormView};
use crate::components::ErrorBanner;
use crate::http::ApiError;
use crate::model::form::FieldError;
use crate::model::pipeline::{
    config_pointer, Profile, SchemaConnector, SchemaField, TableDraft, TableKind, TableSchema,
    TestMessage,
};
use crate::model::pipeline_view::{preset_side, restrict_side, type_choices};
use crate::pages::draft::{pipeline_key, Draft};
use crate::schema::{default_value, SchemaError};
use crate::ui::live_value;
use crate::ui::{focus_later, use_app, AppCtx};

/// One column of the schema editor.
#[derive(Clone)]
struct Column {
    id: u64,
    name: RwSignal<String>,
    dtype: RwSignal<String>,
    nullable: RwSignal<bool>,
    error: RwSignal<Option<String>>,
}

fn column(id: u64, f: &SchemaField) -> Column {
    Column {
        id,
        name: RwSignal::new(f.name.clone()),
        dtype: RwSignal::new(f.data_type.clone()),
        nullable: RwSignal::new(f.nullable),
        error: RwSignal::new(None),
    }
}

/// The DOM ids of the table's own fields.
#[derive(Clone)]
struct Ids {
    name: String,
    profile: String,
    format: String,
    event: String,
    watermark: String,
    col_prefix: String,
    add_col: String,
    summary: String,
    form: String,
}

impl Ids {
    fn new(ctx: &AppCtx) -> Self {
        Ids {
            name: ctx.id("table-name"),
            profile: ctx.id("table-profile"),
            format: ctx.id("table-format"),
            event: ctx.id("table-event-time"),
            watermark: ctx.id("table-watermark"),
            col_prefix: ctx.id("table-col-"),
            add_col: ctx.id("table-add-col"),
            summary: ctx.id("table-summary"),
            form: ctx.id("table-form"),
        }
    }
}

/// The table's own fields (everything but the connector's settings), each with its error.
#[derive(Clone, Copy)]
struct TableFields {
    name: RwSignal<String>,
    name_error: RwSignal<Option<String>>,
    profile_id: RwSignal<String>,
    profile_error: RwSignal<Option<String>>,
    format: RwSignal<String>,
    format_error: RwSignal<Option<String>>,
    columns: RwSignal<Vec<Column>>,
    next_col: StoredValue<u64>,
    event_time: RwSignal<String>,
    event_error: RwSignal<Option<String>>,
    watermark: RwSignal<String>,
    watermark_error: RwSignal<Option<String>>,
}

impl TableFields {
    /// The fields as a saved draft left them, else their defaults: the profile from the URL
    /// (or the only one), the only format.
    fn start(
        saved: &Value,
        profiles: &[Profile],
        profile: Option<String>,
        formats: &[String],
    ) -> Self {
        let text = |k: &str| saved.get(k).and_then(Value::as_str).map(str::to_string);
        let known_profile = |p: &String| profiles.iter().any(|x| &x.id == p);
        let profile_id = profile
            .filter(known_profile)
            .or_else(|| text("profile_id").filter(known_profile))
            .or_else(|| (profiles.len() == 1).then(|| profiles[0].id.clone()))
            .unwrap_or_default();
        let format = text("format")
            .filter(|f| formats.contains(f))
            .unwrap_or_else(|| {
                if formats.len() == 1 {
                    formats[0].clone()
                } else {
                    String::new()
                }
            });
        let saved_columns: Vec<SchemaField> = saved
            .get("columns")
            .and_then(Value::as_array)
            .map(|cs| {
                cs.iter()
                    .map(|c| SchemaField {
                        name: c
                            .get("name")
                            .and_then(Value::as_str)
                            .unwrap_or_default()
                            .into(),
                        data_type: c
                            .get("type")
                            .and_then(Value::as_str)
                            .unwrap_or("STRING")
                            .into(),
                        nullable: c.get("nullable").and_then(Value::as_bool).unwrap_or(true),
                    })
                    .collect()
            })
            .unwrap_or_default();
        TableFields {
            name: RwSignal::new(text("name").unwrap_or_default()),
            name_error: RwSignal::new(None),
            profile_id: RwSignal::new(profile_id),
            profile_error: RwSignal::new(None),
            format: RwSignal::new(format),
            format_error: RwSignal::new(None),
            next_col: StoredValue::new(saved_columns.len() as u64 + 1),
            columns: RwSignal::new(
                saved_columns
                    .iter()
                    .enumerate()
                    .map(|(i, f)| column(i as u64 + 1, f))
                    .collect(),
            ),
            event_time: RwSignal::new(text("event_time").unwrap_or_default()),
            event_error: RwSignal::new(None),
            watermark: RwSignal::new(text("watermark").unwrap_or_default()),
            watermark_error: RwSignal::new(None),
        }
    }

    /// Reads every field (for the draft autosave).
    fn track(&self) {
        self.name.track();
        self.profile_id.track();
        self.format.track();
        self.event_time.track();
        self.watermark.track();
        self.columns.with(|cs| {
            for c in cs {
                c.name.track();
                c.dtype.track();
                c.nullable.track();
            }
        });
    }

    /// What the draft keeps: these fields and `config` (the form's draft value, no secrets).
    fn draft(&self, config: Value) -> Value {
        let cols: Vec<Value> = self.columns.with_untracked(|cs| {
            cs.iter()
                .map(|c| json!({"name": c.name.get_untracked(), "type": c.dtype.get_untracked(), "nullable": c.nullable.get_untracked()}))
                .collect()
        });
        json!({
            "name": self.name.get_untracked(),
            "profile_id": self.profile_id.get_untracked(),
            "format": self.format.get_untracked(),
            "columns": cols,
            "event_time": self.event_time.get_untracked(),
            "watermark": self.watermark.get_untracked(),
            "config": config,
        })
    }

    /// The table's schema as entered (event time and watermark only for a source).
    fn schema(&self, side: TableKind) -> TableSchema {
        let source = side == TableKind::Source;
        TableSchema {
            format: Some(self.format.get_untracked()).filter(|f| !f.is_empty()),
            format_options: Default::default(),
            fields: self
                .columns
                .get_untracked()
                .iter()
                .map(|c| SchemaField {
                    name: c.name.get_untracked().trim().to_string(),
                    data_type: c.dtype.get_untracked(),
                    nullable: c.nullable.get_untracked(),
                })
                .collect(),
            event_time_field: Some(self.event_time.get_untracked())
                .filter(|e| source && !e.is_empty()),
            watermark_delay: Some(self.watermark.get_untracked().trim().to_string())
                .filter(|w| source && !w.is_empty()),
            table_type: Some(side.as_str().to_string()),
        }
    }

    /// The table to create or test: these fields with `config` (the connector's settings).
    fn table(&self, connector: &str, side: TableKind, config: Value) -> TableDraft {
        TableDraft {
            name: self.name.get_untracked().trim().to_string(),
            connector: connector.to_string(),
            profile_id: Some(self.profile_id.get_untracked()).filter(|p| !p.is_empty()),
            config,
            schema: self.schema(side),
        }
    }

    /// Puts problems (local or from the server) on their fields, the config's on `form`;
    /// returns the summary in the page's order: name and profile, settings, then the rest.
    fn place(&self, ids: &Ids, form: &SchemaForm, errors: &[FieldError]) -> Vec<Problem> {
        for e in [
            self.name_error,
            self.profile_error,
            self.format_error,
            self.event_error,
            self.watermark_error,
        ] {
            e.set(None);
        }
        let cols = self.columns.get_untracked();
        for c in &cols {
            c.error.set(None);
        }
        let mut problems = Vec::new();
        let mut config_errors = Vec::new();
        for f in errors {
            let mut put = |sig: RwSignal<Option<String>>, target: &str, label: &str| {
                if sig.get_untracked().is_none() {
                    sig.set(Some(f.message.clone()));
                }
                problems.push(Problem {
                    target: target.to_string(),
                    label: label.to_string(),
                    message: f.message.clone(),
                });
            };
            let k = f.key.as_str();
            if k == "/name" {
                put(self.name_error, &ids.name, "Table name");
            } else if k == "/connection_profile_id" || k == "/connectionProfileId" {
                put(self.profile_error, &ids.profile, "Connection profile");
            } else if k.starts_with("/schema/format") {
                put(self.format_error, &ids.format, "Format");
            } else if k == "/event_time_field" || k == "/schema/event_time_field" {
                put(self.event_error, &ids.event, "Event time column");
            } else if k == "/watermark_delay" || k == "/schema/watermark_delay" {
                put(self.watermark_error, &ids.watermark, "Watermark delay");
            } else if let Some(rest) = k.strip_prefix("/schema/fields/") {
                let i: usize = rest
                    .split('/')
                    .next()
                    .and_then(|s| s.parse().ok())
                    .unwrap_or(0);
                if let Some(c) = cols.get(i) {
                    put(
                        c.error,
                        &format!("{}{}-name", ids.col_prefix, c.id),
                        &format!("Column {}", i + 1),
                    );
                }
            } else if let Some(p) = config_pointer(k) {
                config_errors.push(SchemaError {
                    pointer: p.to_string(),
                    message: f.message.clone(),
                });
            }
        }
        let mut config_problems = form.show(&config_errors);
        let split = problems
            .iter()
            .position(|p| p.target != ids.name && p.target != ids.profile)
            .unwrap_or(problems.len());
        let rest = problems.split_off(split);
        problems.append(&mut config_problems);
        problems.extend(rest);
        problems
    }

    /// The problems the page can see without the server.
    fn problems(
        &self,
        form: &SchemaForm,
        needs_profile: bool,
        formats: &[String],
        side: TableKind,
    ) -> Vec<FieldError> {
        let mut errors: Vec<FieldError> = Vec::new();
        let err = |key: &str, message: &str| FieldError {
            key: key.into(),
            message: message.into(),
        };
        if self.name.get_untracked().trim().is_empty() {
            errors.push(err("/name", "Table name is required."));
        }
        if needs_profile && self.profile_id.get_untracked().is_empty() {
            errors.push(err(
                "/connection_profile_id",
                "Choose the connection profile this table uses.",
            ));
        }
        errors.extend(form.problems().into_iter().map(|e| FieldError {
            key: format!("/config{}", e.pointer),
            message: e.message,
        }));
        if formats.len() > 1 && self.format.get_untracked().is_empty() {
            errors.push(err("/schema/format", "Choose a format."));
        }
        errors.extend(self.schema(side).problems(formats));
        errors
    }
}

/// The form for a new `side` table of `connector`.
#[component]
pub(super) fn TableForm(
    /// The connector.
    connector: SchemaConnector,
    /// Its connection profiles.
    profiles: Vec<Profile>,
    /// Source or sink.
    side: TableKind,
    /// The profile to start with (`?profile=`).
    profile: Option<String>,
    /// The page's form key: bumped to discard the draft.
    nonce: RwSignal<u32>,
) -> impl IntoView {
    let ctx = use_app();
    // Async work started here ends with it (requests aborted, no signal read after).
    let tasks = crate::ui::Tasks::new();
    let Some(mut node) = connector.table_form(side).cloned() else {
        return view! {
            <h1>{format!("{} has no {} settings", connector.name, side.as_str())}</h1>
            <p class="muted">"The catalog describes no table form for this side."</p>
        }
        .into_any();
    };
    // A schema describing both sides offers only this side's variant.
    restrict_side(&mut node, side);
    // Start from a saved draft (never with secrets), else the schema's defaults.
    let (draft_store, saved) = Draft::open(pipeline_key(
        &ctx.backend.id,
        &format!("table.{}.{}", connector.id, side.as_str()),
    ));
    let saved = saved.unwrap_or(Value::Null);
    let start = match saved.get("config") {
        Some(c) if c.is_object() => c.clone(),
        _ => {
            let mut start = default_value(&node);
            preset_side(&node, side, &mut start);
            start
        }
    };
    let form = SchemaForm::new(node, &start, &ctx.id("tf-"));
    let needs_profile = connector.needs_profile();
    let formats = connector.table_formats();
    let source = side == TableKind::Source;
    let fields = TableFields::start(&saved, &profiles, profile, &formats);

    // Autosave a draft (never secrets) shortly after edits stop.
    {
        let (track_form, form) = (form.clone(), form.clone());
        draft_store.autosave(
            move || {
                track_form.changes.track();
                fields.track();
            },
            move || fields.draft(form.draft_value()),
        );
    }

    let ids = Ids::new(&ctx);

    // Suggestions for `format: autocomplete` fields come from the chosen profile.
    {
        let (api, form, profiles) = (ctx.api.clone(), form.clone(), profiles.clone());
        let profile_id = fields.profile_id;
        Effect::new(move |_| {
            let id = profile_id.get();
            form.suggestions.set(None);
            if id.is_empty() {
                return;
            }
            let pname = profiles
                .iter()
                .find(|p| p.id == id)
                .map(|p| format!("the profile “{}”", p.name));
            let (api, form) = (api.clone(), form.clone());
            tasks.spawn(async move {
                if let Ok(a) = api.autocomplete(&id).await {
                    if profile_id.get_untracked() == id {
                        form.suggestions_from.set(pname);
                        form.suggestions.set(Some(a));
                    }
                }
            });
        });
    }

    let summary = RwSignal::new(Vec::<Problem>::new());
    let banner = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let test = RwSignal::new(TestState::Idle);
    let log = RwSignal::new(Vec::<TestMessage>::new());

    let draft = {
        let (form, id) = (form.clone(), connector.id.clone());
        move || fields.table(&id, side, form.cleaned())
    };

    // "Copy as curl": the create request, secrets as placeholders.
    let curl_text = {
        let (api, form, id) = (ctx.api.clone(), form.clone(), connector.id.clone());
        Signal::derive(move || {
            form.changes.track();
            fields.track();
            let t = fields.table(&id, side, form.cleaned_with_placeholders());
            api.create_table_as_curl(&t).unwrap_or_default()
        })
    };

    // Shows the problems; true when there are none, else the first one has focus.
    let show = move |problems: Vec<Problem>| -> bool {
        let first = problems.first().map(|p| p.target.clone());
        summary.set(problems);
        match first {
            Some(t) => {
                focus_later(t);
                false
            }
            None => true,
        }
    };
    let check = {
        let (form, ids, formats) = (form.clone(), ids.clone(), formats.clone());
        move || -> bool {
            let errors = fields.problems(&form, needs_profile, &formats, side);
            show(fields.place(&ids, &form, &errors))
        }
    };
    let apply_error = {
        let (form, ids) = (form.clone(), ids.clone());
        move |e: ApiError| {
            let problems = fields.place(&ids, &form, e.field_errors());
            banner.set(Some(e));
            show(problems);
        }
    };

    let run_test = {
        let (ctx, check, draft, apply_error) = (
            ctx.clone(),
            check.clone(),
            draft.clone(),
            apply_error.clone(),
        );
        move |_| {
            if busy.get_untracked() {
                return;
            }
            banner.set(None);
            log.set(Vec::new());
            if !check() {
                test.set(TestState::Idle);
                return;
            }
            busy.set(true);
            test.set(TestState::Running);
            let (api, d, apply_error) = (ctx.api.clone(), draft(), apply_error.clone());
            tasks.spawn(async move {
                let r = api
                    .test_table(&d, |m| {
                        log.update(|l| l.push(m.clone()));
                        if m.done {
                            test.set(TestState::Finished(m));
                        }
                    })
                    .await;
                busy.set(false);
                match r {
                    Ok(()) if test.get_untracked() == TestState::Running => {
                        test.set(TestState::Finished(TestMessage {
                            error: true,
                            done: true,
                            message: "The server ended the test without a result.".into(),
                        }))
                    }
                    Ok(()) => {}
                    Err(e) => {
                        test.set(TestState::Idle);
                        apply_error(e);
                    }
                }
            });
        }
    };

    let submit = {
        let (ctx, store) = (ctx.clone(), draft_store.clone());
        move |e: leptos::ev::SubmitEvent| {
            e.prevent_default();
            if busy.get_untracked() {
                return;
            }
            banner.set(None);
            if !check() {
                return;
            }
            busy.set(true);
            let (ctx, d, apply_error, store) =
                (ctx.clone(), draft(), apply_error.clone(), store.clone());
            tasks.spawn(async move {
                let r = ctx.api.create_table(&d).await;
                busy.set(false);
                match r {
                    Ok(t) => {
                        store.clear();
                        ctx.navigate(&ctx.href("tables", &[("created", &t.name)]))
                    }
                    Err(e) => apply_error(e),
                }
            });
        }
    };

    let profile_select = needs_profile.then(|| {
        let new_href = ctx.href(
            "new-profile",
            &[("connector", &connector.id), ("side", side.as_str())],
        );
        view! {
            <ProfileChoice id=ids.profile.clone() profiles=profiles value=fields.profile_id
                error=fields.profile_error new_href=new_href/>
        }
    });
    let format_select = (!formats.is_empty()).then(|| {
        view! {
            <FormatChoice id=ids.format.clone() formats=formats value=fields.format error=fields.format_error/>
        }
    });
    let time_view = source.then(|| {
        view! { <EventTimeFields event_id=ids.event.clone() watermark_id=ids.watermark.clone() fields=fields/> }
    });

    let title = format!("New {} {} table", connector.name, side.as_str());
    let cancel = ctx.href("tables", &[]);
    view! {
        <div class="page-head with-icon">
            <SchemaIcon connector=connector.clone()/>
            <div>
                <h1>{title}</h1>
                <p class="muted">{if source { "What to read, how it is encoded, and its columns." } else { "Where to write, how to encode it, and its columns." }}</p>
            </div>
        </div>
        {draft_banner(draft_store, nonce)}
        <CurlPanel note="The request “Create table” would send." text=curl_text/>
        <form class="connector-form" id=ids.form.clone() novalidate on:submit=submit aria-busy=move || busy.get().to_string()>
            <ErrorBanner error=banner on_retry=resubmit(ids.form.clone())/>
            <ErrorSummary problems=summary id=ids.summary.clone()/>
            <section class="form-section">
                <div class="fields">
                    <NameField id=ids.name.clone() label="Table name" value=fields.name error=fields.name_error
                        help="How pipelines refer to it in SQL, e.g. orders."/>
                    {profile_select}
                </div>
            </section>
            <section class="form-section" aria-label="Table settings">
                <h2>{if source { "Source settings" } else { "Sink settings" }}</h2>
                <SchemaFormView form=form.clone()/>
            </section>
            <section class="form-section lam-data" aria-label="Data">
                <h2>"Data"</h2>
                <div class="fields">{format_select}</div>
                <ColumnsEditor columns=fields.columns next_col=fields.next_col
                    col_prefix=ids.col_prefix.clone() add_id=ids.add_col.clone()/>
                {time_view}
            </section>
            <TestLog label_id=ctx.id("table-log-label") log=log test=test/>
            <FormActions busy=busy submit_label="Create table" test_label="Test table"
                on_test=Callback::new(run_test) cancel_href=cancel/>
        </form>
    }
    .into_any()
}

/// A required select whose first option is "— Choose —", in a field frame (`data-key`
/// `key`).
fn choice_field(
    aria: FieldAria,
    label: &'static str,
    key: &'static str,
    required: bool,
    value: RwSignal<String>,
    options: Vec<(String, String)>,
    help: AnyView,
) -> impl IntoView {
    let error = aria.error;
    let control = view! {
        <select class="input" id=aria.id.clone() aria-required=required.then_some("true")
            aria-invalid=aria.invalid() aria-describedby=aria.describedby()
            on:change=move |ev| { value.set(event_target_value(&ev)); error.set(None); }>
            <option value="" prop:selected=move || value.with(String::is_empty)>"— Choose —"</option>
            {options.into_iter().map(|(v, text)| {
                let v2 = v.clone();
                view! { <option value=v prop:selected=move || value.with(|x| x == &v2)>{text}</option> }
            }).collect_view()}
        </select>
    }
    .into_any();
    let notes = vec![Note {
        id: aria.described[0].clone(),
        class: "help",
        body: help,
    }];
    view! {
        <FieldFrame aria=aria label=label required=required key=key notes=notes control=control/>
    }
}

/// The connection profile the table uses, with a link to create one.
#[component]
fn ProfileChoice(
    /// The select's DOM id.
    id: String,
    /// The connector's profiles.
    profiles: Vec<Profile>,
    /// The chosen profile's id.
    value: RwSignal<String>,
    /// Its error.
    error: RwSignal<Option<String>>,
    /// Where "Create a profile" goes.
    new_href: String,
) -> impl IntoView {
    let help = if profiles.is_empty() {
        "No profile for this connector yet. "
    } else {
        "Where and how to connect. "
    };
    let aria = FieldAria::new(id.clone(), error).described_by(Some(format!("{id}-help")));
    let options = profiles.into_iter().map(|p| (p.id, p.name)).collect();
    let help = view! { {help}<a href=new_href>"Create a profile"</a> }.into_any();
    choice_field(
        aria,
        "Connection profile",
        "connection_profile_id",
        true,
        value,
        options,
        help,
    )
}

/// How rows are encoded (required when the connector offers more than one format).
#[component]
fn FormatChoice(
    /// The select's DOM id.
    id: String,
    /// The connector's formats.
    formats: Vec<String>,
    /// The chosen format.
    value: RwSignal<String>,
    /// Its error.
    error: RwSignal<Option<String>>,
) -> impl IntoView {
    let required = formats.len() > 1;
    let aria = FieldAria::new(id.clone(), error).described_by(Some(format!("{id}-help")));
    let options = formats.into_iter().map(|f| (f.clone(), f)).collect();
    let help = "How rows are encoded in the external system.".into_any();
    choice_field(aria, "Format", "format", required, value, options, help)
}

/// The columns: one row each (name, type, nullable, Remove), then "Add column".
#[component]
fn ColumnsEditor(
    /// The columns.
    columns: RwSignal<Vec<Column>>,
    /// The id of the next column added.
    next_col: StoredValue<u64>,
    /// Prefix of the columns' DOM ids.
    col_prefix: String,
    /// The DOM id of "Add column".
    add_id: String,
) -> impl IntoView {
    let add_column = {
        let col_prefix = col_prefix.clone();
        move |_| {
            let id = next_col.get_value();
            next_col.set_value(id + 1);
            columns.update(|c| {
                c.push(column(
                    id,
                    &SchemaField {
                        name: String::new(),
                        data_type: "STRING".into(),
                        nullable: true,
                    },
                ))
            });
            focus_later(format!("{col_prefix}{id}-name"));
        }
    };
    let add_col_id = add_id.clone();
    view! {
        <fieldset class="sf-group lam-columns">
            <legend>"Columns"</legend>
            <p class="help">"The fields of each row. Leave empty to let the connector work them out, where it can."</p>
            <ol class="sf-row-list">
                <For each=move || columns.get() key=|c| c.id let:c>
                    {
                        let pos = move || columns.with(|cs| cs.iter().position(|x| x.id == c.id).map(|i| i + 1).unwrap_or(0));
                        let aria = FieldAria::new(format!("{col_prefix}{}-name", c.id), c.error);
                        let tid = format!("{col_prefix}{}-type", c.id);
                        let nuid = format!("{col_prefix}{}-null", c.id);
                        let nuid2 = nuid.clone();
                        let (cname, dtype, nullable, err) = (c.name, c.dtype, c.nullable, c.error);
                        let choices = type_choices(&dtype.get_untracked());
                        let cid = c.id;
                        let add_id = add_col_id.clone();
                        view! {
                            <li class="lam-column">
                                <div class="lam-column-row">
                                    <input type="text" class="input mono" id=aria.id.clone() placeholder="column_name" autocomplete="off" spellcheck="false"
                                        aria-label=move || format!("Column {} name", pos())
                                        aria-invalid=aria.invalid()
                                        aria-describedby=aria.describedby()
                                        use:live_value=Signal::derive(move || cname.get())
                                        on:input=move |e| { cname.set(event_target_value(&e)); err.set(None); } />
                                    <select class="input" id=tid aria-label=move || format!("Column {} type", pos())
                                        on:change=move |e| dtype.set(event_target_value(&e))>
                                        {choices.into_iter().map(|t| {
                                            let t2 = t.clone();
                                            view! { <option value=t.clone() prop:selected=move || dtype.with(|d| d.eq_ignore_ascii_case(&t2))>{t.clone()}</option> }
                                        }).collect_view()}
                                    </select>
                                    <label class="choice" for=nuid.clone()>
                                        <input type="checkbox" id=nuid2 prop:checked=move || nullable.get()
                                            on:change=move |e| nullable.set(event_target_checked(&e)) />
                                        <span>"Nullable"<span class="sr-only">{move || format!(" (column {})", pos())}</span></span>
                                    </label>
                                    <button type="button" class="btn btn-small btn-quiet" aria-label=move || format!("Remove column {}", pos())
                                        on:click=move |_| { columns.update(|cs| cs.retain(|x| x.id != cid)); focus_later(add_id.clone()); }>"Remove"</button>
                                </div>
                                {aria.error_line()}
                            </li>
                        }
                    }
                </For>
            </ol>
            <button type="button" class="btn btn-small" id=add_id on:click=add_column>"Add column"</button>
        </fieldset>
    }
}

/// A source's event time column (from the columns) and watermark delay.
#[component]
fn EventTimeFields(
    /// The event time select's DOM id.
    event_id: String,
    /// The watermark input's DOM id.
    watermark_id: String,
    /// The table's fields.
    fields: TableFields,
) -> impl IntoView {
    let (event_time, event_error) = (fields.event_time, fields.event_error);
    let (watermark, watermark_error) = (fields.watermark, fields.watermark_error);
    let columns = fields.columns;
    let event = FieldAria::new(event_id.clone(), event_error)
        .described_by(Some(format!("{event_id}-help")));
    let event_control = view! {
        <select class="input" id=event_id
            aria-invalid=event.invalid() aria-describedby=event.describedby()
            on:change=move |e| { event_time.set(event_target_value(&e)); event_error.set(None); }>
            <option value="" prop:selected=move || event_time.with(String::is_empty)>"— None: use arrival time —"</option>
            {move || columns.get().into_iter().map(|c| c.name.get()).filter(|n| !n.trim().is_empty()).map(|n| {
                let n2 = n.clone();
                view! { <option value=n.clone() prop:selected=move || event_time.with(|e| e == &n2)>{n.clone()}</option> }
            }).collect_view()}
        </select>
    }
    .into_any();
    let event_notes = vec![Note {
        id: event.described[0].clone(),
        class: "help",
        body: "The column that says when each event happened (from the columns above).".into_any(),
    }];
    let mark = FieldAria::new(watermark_id.clone(), watermark_error)
        .described_by(Some(format!("{watermark_id}-help")));
    let mark_control = view! {
        <input type="text" class="input" id=watermark_id placeholder="5 seconds" autocomplete="off"
            aria-invalid=mark.invalid() aria-describedby=mark.describedby()
            use:live_value=Signal::derive(move || watermark.get())
            on:input=move |e| { watermark.set(event_target_value(&e)); watermark_error.set(None); } />
    }
    .into_any();
    let mark_notes = vec![Note {
        id: mark.described[0].clone(),
        class: "help",
        body: "How late events may arrive and still count, e.g. “5 seconds”. Used with the event time column.".into_any(),
    }];
    view! {
        <div class="fields">
            <FieldFrame aria=event label="Event time column" required=false key="event_time_field"
                notes=event_notes control=event_control/>
            <FieldFrame aria=mark label="Watermark delay" required=false key="watermark_delay"
                notes=mark_notes control=mark_control/>
        </div>
    }
}

/// The test section: what the server reports as the test runs, then the outcome.
#[component]
fn TestLog(
    /// The DOM id of the section's heading.
    label_id: String,
    /// The messages so far.
    log: RwSignal<Vec<TestMessage>>,
    /// The outcome.
    test: RwSignal<TestState>,
) -> impl IntoView {
    let (section_label, heading_id) = (label_id.clone(), label_id.clone());
    view! {
        <section class="form-section lam-test" aria-labelledby=section_label>
            <h2 id=heading_id>"Test"</h2>
            <p class="help">"Checks the settings against the external system without saving; the server reports as it goes."</p>
            <ol class="test-log" role="log" aria-labelledby=label_id data-testid="test-log">
                <For each=move || log.get().into_iter().enumerate() key=|(i, _)| *i let:item>
                    {
                        let (_, m) = item;
                        let class = if m.error { "log-error" } else if m.done { "log-done" } else { "log-info" };
                        let mark = if m.error { "✕" } else if m.done { "✓" } else { "…" };
                        view! { <li class=class><span class="test-mark" aria-hidden="true">{mark}</span>{m.message.clone()}</li> }
                    }
                </For>
            </ol>
            <TestOutcome state=test/>
        </section>
    }
}
