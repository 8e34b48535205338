//! What the pipeline pages (schema catalog, profiles, tables, jobs) decide, kept pure so it is
//! tested natively: catalog facets and filters,
//! the side preset of a table form that describes both sides,
//! pipelines grouped with their jobs, and job state changes to announce.

use serde_json::{Map, Value};

use crate::model::pipeline::{Job, Pipeline, PipelineJobs, SchemaConnector, TableKind};
use crate::schema::{variant_reset, Node, NodeKind};

// ---------------------------------------------------------------------------------------------
// Catalog

/// The categories in a catalog, sorted, without duplicates.
pub fn categories(connectors: &[SchemaConnector]) -> Vec<String> {
    let mut out: Vec<String> = connectors
        .iter()
        .filter_map(|c| c.category.clone())
        .filter(|c| !c.trim().is_empty())
        .collect();
    out.sort_by_key(|c| c.to_lowercase());
    out.dedup_by(|a, b| a.eq_ignore_ascii_case(b));
    out
}

/// Every feature and every format offered, each sorted.
pub fn facets(connectors: &[SchemaConnector]) -> (Vec<String>, Vec<String>) {
    let collect = |f: &dyn Fn(&SchemaConnector) -> &Vec<String>| {
        let mut v: Vec<String> = connectors.iter().flat_map(|c| f(c).clone()).collect();
        v.sort();
        v.dedup();
        v
    };
    (collect(&|c| &c.features), collect(&|c| &c.formats))
}

/// True when a connector has every chosen feature and format and matches the search text
/// (name, id, description or category).
pub fn catalog_matches(
    c: &SchemaConnector,
    features: &[String],
    formats: &[String],
    search: &str,
) -> bool {
    let q = search.trim().to_lowercase();
    let text_ok = q.is_empty()
        || c.name.to_lowercase().contains(&q)
        || c.id.to_lowercase().contains(&q)
        || c.description.to_lowercase().contains(&q)
        || c.category
            .as_deref()
            .is_some_and(|x| x.to_lowercase().contains(&q));
    text_ok
        && features.iter().all(|f| c.features.contains(f))
        && formats.iter().all(|f| c.formats.contains(f))
}

/// Where picking a connector leads: `None` when it is both source and sink (ask which side
/// first), else the side it offers.
pub fn only_side(c: &SchemaConnector) -> Option<TableKind> {
    match (c.source, c.sink) {
        (true, false) => Some(TableKind::Source),
        (false, true) => Some(TableKind::Sink),
        _ => None,
    }
}

// ---------------------------------------------------------------------------------------------
// Table forms

/// Some catalogs describe both sides in one table schema with a `oneOf` whose variants are titled
/// "Source" and "Sink". Starting a table for one side selects that variant in `value` (a fresh
/// value from `default_value`). Returns true when a variant was chosen.
pub fn preset_side(node: &Node, side: TableKind, value: &mut Value) -> bool {
    let want = side.as_str();
    for p in node.properties() {
        let NodeKind::OneOf { variants } = &p.node.kind else {
            continue;
        };
        let Some(v) = variants.iter().find(|v| {
            let t = v.title.trim().to_ascii_lowercase();
            t == want || t.starts_with(&format!("{want} "))
        }) else {
            continue;
        };
        if !value.is_object() {
            *value = Value::Object(Map::new());
        }
        if let Value::Object(m) = value {
            m.insert(p.key.clone(), variant_reset(v));
        }
        return true;
    }
    false
}

/// A table schema that describes both sides with "Source"/"Sink" `oneOf` variants, narrowed to
/// `side`: the other side's variant is not offered. Returns true when it narrowed something.
pub fn restrict_side(node: &mut Node, side: TableKind) -> bool {
    let want = side.as_str();
    let is_side = |title: &str, s: &str| {
        let t = title.trim().to_ascii_lowercase();
        t == s || t.starts_with(&format!("{s} "))
    };
    let NodeKind::Object { properties, .. } = &mut node.kind else {
        return false;
    };
    for p in properties.iter_mut() {
        let NodeKind::OneOf { variants } = &mut p.node.kind else {
            continue;
        };
        if !variants.iter().any(|v| is_side(&v.title, want)) {
            continue;
        }
        let other = if want == "source" { "sink" } else { "source" };
        variants.retain(|v| !is_side(&v.title, other));
        return true;
    }
    false
}

/// SQL types offered by the schema fields editor.
pub const SQL_TYPES: &[&str] = &[
    "STRING",
    "BIGINT",
    "INT",
    "DOUBLE",
    "FLOAT",
    "BOOLEAN",
    "TIMESTAMP",
    "DATE",
    "DECIMAL",
    "JSON",
    "BINARY",
];

/// The type choices for a column: [`SQL_TYPES`], plus `current` when it is another type (so a
/// loaded schema keeps its own).
pub fn type_choices(current: &str) -> Vec<String> {
    let mut v: Vec<String> = SQL_TYPES.iter().map(|s| s.to_string()).collect();
    if !current.trim().is_empty() && !v.iter().any(|t| t.eq_ignore_ascii_case(current)) {
        v.push(current.to_string());
    }
    v
}

// ---------------------------------------------------------------------------------------------
// Pipelines and jobs

/// Groups jobs under their pipelines (server order), newest run first. Jobs whose pipeline is
/// not listed are kept under a stand-in pipeline named after its id.
pub fn group_jobs(pipelines: Vec<Pipeline>, jobs: Vec<Job>) -> Vec<PipelineJobs> {
    let mut out: Vec<PipelineJobs> = pipelines
        .into_iter()
        .map(|p| PipelineJobs {
            pipeline: p,
            jobs: Vec::new(),
        })
        .collect();
    for j in jobs {
        let pid = j.pipeline_id.clone().unwrap_or_default();
        match out.iter_mut().find(|g| g.pipeline.id == pid) {
            Some(g) => g.jobs.push(j),
            None => out.push(PipelineJobs {
                pipeline: Pipeline {
                    id: pid.clone(),
                    name: if pid.is_empty() {
                        "Unknown pipeline".into()
                    } else {
                        pid.clone()
                    },
                    query: None,
                    created_at: None,
                    action_text: None,
                    stop: None,
                    action_in_progress: false,
                },
                jobs: vec![j],
            }),
        }
    }
    for g in &mut out {
        g.jobs.sort_by(|a, b| {
            b.run_id
                .cmp(&a.run_id)
                .then_with(|| b.created_at.cmp(&a.created_at))
        });
    }
    out
}

/// A job whose state changed between two polls.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JobChange {
    /// The pipeline's name.
    pub pipeline: String,
    /// The job id.
    pub job: String,
    /// The new state.
    pub to: String,
}

/// The jobs whose state differs from the previous poll (new jobs count from the second poll on,
/// so the first load announces nothing).
pub fn job_changes(before: &[PipelineJobs], after: &[PipelineJobs]) -> Vec<JobChange> {
    if before.is_empty() {
        return Vec::new();
    }
    let old = |id: &str| {
        before
            .iter()
            .flat_map(|g| g.jobs.iter())
            .find(|j| j.id == id)
            .map(|j| j.state.as_str())
    };
    after
        .iter()
        .flat_map(|g| g.jobs.iter().map(move |j| (g, j)))
        .filter(|(_, j)| old(&j.id) != Some(j.state.as_str()))
        .map(|(g, j)| JobChange {
            pipeline: g.pipeline.name.clone(),
            job: j.id.clone(),
            to: j.state.clone(),
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Times

/// A server timestamp for a list: `2024-01-01T00:00:00.000000Z` → `2024-01-01 00:00:00 UTC`;
/// anything else as given.
pub fn short_time(text: &str) -> String {
    let t = text.trim();
    let b = t.as_bytes();
    let shape_ok = b.len() >= 19
        && b[4] == b'-'
        && b[7] == b'-'
        && (b[10] == b'T' || b[10] == b' ')
        && b[13] == b':'
        && b[16] == b':';
    if !shape_ok || !t.is_char_boundary(19) {
        return t.to_string();
    }
    let rest = &t[19..];
    let frac_end = rest
        .char_indices()
        .find(|(i, c)| !(c.is_ascii_digit() || (*i == 0 && *c == '.')))
        .map(|(i, _)| i)
        .unwrap_or(rest.len());
    let zone = match &rest[frac_end..] {
        "Z" | "z" | "+00:00" => " UTC".to_string(),
        "" => String::new(),
        other => format!(" {other}"),
    };
    format!("{} {}{zone}", &t[..10], &t[11..19])
}
