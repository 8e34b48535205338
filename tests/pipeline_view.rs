//! What the Laminar pages decide, natively: catalog facets and filters,
//! which side a connector leads to, Arroyo's side preset, jobs grouped under pipelines with
//! changes to announce, and UTF-8 decoding of a stream split at every byte.

use connector_console::http::drain_utf8;
use connector_console::http::{HttpRequest, Method};
use connector_console::model::pipeline::{Job, Pipeline, TableKind};
use connector_console::model::pipeline_view::*;
use connector_console::schema::{match_variant, parse_schema_str, VARIANT_KEY};
use connector_console::vendor::Simulator;
use connector_console::vendors::laminar::sim::LaminarSim;
use connector_console::vendors::laminar::wire::{
    job_health, job_is_transitional, parse_connectors,
};
use serde_json::json;

fn sim_catalog() -> connector_console::model::pipeline::SchemaCatalog {
    let mut sim = LaminarSim::new();
    let resp = sim.handle(&HttpRequest::new(Method::Get, "/api/v1/connectors"), 0.0);
    parse_connectors(&resp.body).expect("the simulator's catalog parses")
}

#[test]
fn catalog_facets_and_filters() {
    let cat = sim_catalog();
    let cats = categories(&cat.connectors);
    assert_eq!(cats, ["cache", "http", "messaging", "storage", "testing"]);
    let (features, formats) = facets(&cat.connectors);
    assert!(features.contains(&"exactly_once".to_string()));
    assert!(formats.contains(&"parquet".to_string()));
    let kafka = cat.get("kafka").unwrap();
    assert!(catalog_matches(kafka, &[], &[], ""));
    assert!(catalog_matches(
        kafka,
        &["exactly_once".into()],
        &["avro".into()],
        "kaf"
    ));
    assert!(
        catalog_matches(kafka, &[], &[], "MESSAGING"),
        "category counts for search"
    );
    assert!(!catalog_matches(kafka, &[], &["parquet".into()], ""));
    assert!(!catalog_matches(kafka, &["ttl".into()], &[], ""));
    // Both sides: ask. One side: go.
    assert_eq!(only_side(kafka), None);
    assert_eq!(
        only_side(cat.get("impulse").unwrap()),
        Some(TableKind::Source)
    );
    assert_eq!(
        only_side(cat.get("webhook").unwrap()),
        Some(TableKind::Sink)
    );
}

#[test]
fn arroyo_table_forms_start_on_the_requested_side() {
    let node = parse_schema_str(
        r#"{"type":"object","properties":{
            "topic":{"type":"string"},
            "type":{"title":"Table type","oneOf":[
                {"type":"object","title":"Source","properties":{"offset":{"type":"string","enum":["latest","earliest"],"default":"latest"}},"required":["offset"]},
                {"type":"object","title":"Sink","properties":{"commit_mode":{"type":"string","enum":["at_least_once","exactly_once"]}},"required":["commit_mode"]}
            ]}},
            "required":["topic","type"]}"#,
    )
    .unwrap();
    let mut v = connector_console::schema::default_value(&node);
    assert!(preset_side(&node, TableKind::Sink, &mut v));
    assert_eq!(v["type"][VARIANT_KEY], json!("Sink"));
    assert_eq!(
        match_variant(node.property("type").unwrap().variants(), &v["type"]),
        1
    );
    assert!(preset_side(&node, TableKind::Source, &mut v));
    assert_eq!(v["type"]["offset"], json!("latest"));
    // A schema without side variants is left alone.
    let plain =
        parse_schema_str(r#"{"type":"object","properties":{"a":{"type":"string"}}}"#).unwrap();
    let mut w = json!({});
    assert!(!preset_side(&plain, TableKind::Sink, &mut w));
    assert_eq!(w, json!({}));
}

#[test]
fn column_types_keep_a_loaded_type() {
    assert_eq!(type_choices("BIGINT").len(), SQL_TYPES.len());
    let t = type_choices("ARRAY<INT>");
    assert_eq!(t.last().map(String::as_str), Some("ARRAY<INT>"));
}

fn pipeline(id: &str, name: &str) -> Pipeline {
    Pipeline {
        id: id.into(),
        name: name.into(),
        query: None,
        created_at: None,
        action_text: None,
        stop: None,
        action_in_progress: false,
    }
}

fn job(id: &str, pipeline: Option<&str>, run: u64, state: &str) -> Job {
    Job {
        id: id.into(),
        pipeline_id: pipeline.map(str::to_string),
        state: state.into(),
        health: job_health(state),
        transitional: job_is_transitional(state),
        running_desired: Some(true),
        run_id: Some(run),
        tasks: Some(4),
        failure_message: None,
        created_at: None,
        start_time: None,
        finish_time: None,
    }
}

#[test]
fn jobs_group_under_their_pipelines_newest_first() {
    let groups = group_jobs(
        vec![pipeline("p1", "orders"), pipeline("p2", "empty")],
        vec![
            job("j1", Some("p1"), 1, "Stopped"),
            job("j2", Some("p1"), 2, "Running"),
            job("j3", Some("p9"), 1, "Failed"),
        ],
    );
    assert_eq!(groups.len(), 3);
    assert_eq!(groups[0].pipeline.name, "orders");
    let ids: Vec<&str> = groups[0].jobs.iter().map(|j| j.id.as_str()).collect();
    assert_eq!(ids, ["j2", "j1"]);
    assert!(groups[1].jobs.is_empty());
    assert_eq!(
        groups[2].pipeline.name, "p9",
        "an unknown pipeline keeps its jobs"
    );

    // The first load announces nothing; later, only jobs whose state changed.
    assert!(job_changes(&[], &groups).is_empty());
    let mut later = groups.clone();
    later[0].jobs[0].state = "Failing".into();
    later[2].jobs.push(job("j4", Some("p9"), 2, "Created"));
    let changes = job_changes(&groups, &later);
    assert_eq!(
        changes,
        vec![
            JobChange {
                pipeline: "orders".into(),
                job: "j2".into(),
                to: "Failing".into()
            },
            JobChange {
                pipeline: "p9".into(),
                job: "j4".into(),
                to: "Created".into()
            },
        ]
    );
}

#[test]
fn utf8_survives_any_chunking() {
    let text = "data: {\"message\":\"Verbunden mit Brüssel — 東京 ✓\"}\n\n";
    let bytes = text.as_bytes();
    for split in 0..=bytes.len() {
        let mut buf = Vec::new();
        let mut out = String::new();
        buf.extend_from_slice(&bytes[..split]);
        drain_utf8(&mut buf, &mut out);
        assert!(buf.len() < 4, "only a partial character waits");
        buf.extend_from_slice(&bytes[split..]);
        drain_utf8(&mut buf, &mut out);
        assert_eq!(out, text);
        assert!(buf.is_empty());
    }
    // Invalid bytes become replacement characters instead of stalling the stream.
    let mut buf = vec![b'a', 0xff, b'b'];
    let mut out = String::new();
    drain_utf8(&mut buf, &mut out);
    assert_eq!(out, "a\u{FFFD}b");
}

#[test]
fn timestamps_read_short() {
    assert_eq!(
        short_time("2024-01-01T00:00:00.000000Z"),
        "2024-01-01 00:00:00 UTC"
    );
    assert_eq!(
        short_time("2024-01-01T08:30:05+02:00"),
        "2024-01-01 08:30:05 +02:00"
    );
    assert_eq!(short_time("2024-01-01 08:30:05"), "2024-01-01 08:30:05");
    assert_eq!(short_time("yesterday"), "yesterday");
    assert_eq!(short_time("2024-01-01T00:00:0é"), "2024-01-01T00:00:0é");
}

/// Issue 12.5: a source table form offers only the source variant where the schema
/// distinguishes them, and a `const` discriminator is implied, not a one-option select.
#[test]
fn a_source_table_offers_only_the_source_variant() {
    let schema = json!({
        "type": "object",
        "properties": {
            "topic": {"type": "string"},
            "type": {"oneOf": [
                {"title": "Source", "type": "object", "properties": {"kind": {"const": "source"}, "offset": {"type": "string", "enum": ["latest", "earliest"]}}},
                {"title": "Sink", "type": "object", "properties": {"kind": {"const": "sink"}, "commit_mode": {"type": "string"}}}
            ]}
        }
    });
    let mut node = connector_console::schema::parse_schema(&schema);
    assert!(restrict_side(&mut node, TableKind::Source));
    let titles: Vec<String> = node
        .property("type")
        .unwrap()
        .variants()
        .iter()
        .map(|v| v.title.clone())
        .collect();
    assert_eq!(titles, vec!["Source"]);
    let mut sink = connector_console::schema::parse_schema(&schema);
    assert!(restrict_side(&mut sink, TableKind::Sink));
    assert_eq!(sink.property("type").unwrap().variants()[0].title, "Sink");
    let mut plain = connector_console::schema::parse_schema(
        &json!({"type": "object", "properties": {"a": {"type": "string"}}}),
    );
    assert!(!restrict_side(&mut plain, TableKind::Source));
}
