//! The Laminar dialect (both Laminar's and Arroyo's spelling of the API) and its simulator, with
//! exact time. Conformance over every shared Laminar payload runs when
//! `CONNECTOR_CONSOLE_SHARED_FIXTURES` names the shared `fixtures` directory.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::path::Path;

use common::*;
use connector_console::http::{ApiError, HttpRequest, HttpResponse, Method};
use connector_console::model::icon::{sanitize_svg, svg_data_uri, Icon};
use connector_console::model::pipeline::{
    filter, SchemaConnector, SchemaField, TableKind, TableSchema, TestMessage,
};
use connector_console::model::status::Health;
use connector_console::schema as json_schema;
use connector_console::schema::{
    clean, default_value, match_variant, parse_schema_str, validate, NodeKind,
};
use connector_console::vendor::Simulator;
use connector_console::vendors::laminar::sim::LaminarSim;
use connector_console::vendors::laminar::wire::*;
use serde_json::{json, Value};

const T0: f64 = 1_800_000_000_000.0;

fn own(name: &str) -> String {
    let full = format!(
        "{}/tests/fixtures/laminar/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{full}: {e}"))
}

fn resp(status: u16, body: &str) -> HttpResponse {
    HttpResponse {
        status,
        headers: vec![("content-type".into(), "application/json".into())],
        body: body.into(),
    }
}

fn keys(node: &json_schema::Node) -> Vec<&str> {
    node.properties().iter().map(|p| p.key.as_str()).collect()
}

fn field_keys(e: &ApiError) -> Vec<&str> {
    e.field_errors().iter().map(|f| f.key.as_str()).collect()
}

// ---------------------------------------------------------------------------------------------
// Catalog

#[test]
fn laminar_catalog_parses_and_skips_the_unusable() {
    let cat = parse_connectors(&own("connectors.laminar.json")).unwrap();
    let ids: Vec<&str> = cat.connectors.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["nats", "pulse"]);
    assert_eq!(cat.skipped.len(), 3, "{:#?}", cat.skipped);
    assert_eq!(cat.skipped[0], "Connector “Nameless”: it has no `id`");
    assert!(cat.skipped[1].starts_with(
        "Connector “Broken schema”: its sink schema cannot be read: the schema is not valid JSON"
    ));
    assert_eq!(cat.skipped[2], "Connector #5: it is not an object");

    let nats = cat.get("nats").unwrap();
    assert!(nats.source && nats.sink);
    assert_eq!(nats.category.as_deref(), Some("messaging"));
    assert_eq!(nats.version.as_deref(), Some("2.10"));
    assert_eq!(
        nats.features,
        ["jetstream", "wildcards"],
        "features that are on"
    );
    assert_eq!(nats.formats, ["json", "raw"]);
    assert_eq!(nats.icon, Icon::None, "a file name is not an icon");
    assert!(nats.needs_profile());
    let profile = nats.profile_schema.as_ref().unwrap();
    assert_eq!(
        keys(profile),
        ["servers", "auth"],
        "authored order, not sorted"
    );
    assert!(profile
        .lookup("/auth/Credentials/password")
        .unwrap()
        .is_secret());
    let source = nats.table_form(TableKind::Source).unwrap();
    assert_eq!(keys(source), ["subject", "queue_group", "deliver"]);
    assert_eq!(default_value(source), json!({"deliver": "new"}));
    // A schema given as a string is read too.
    let sink = nats.table_form(TableKind::Sink).unwrap();
    assert_eq!(keys(sink), ["subject", "batch"]);
    assert!(nats.table_schema.is_none());
    let details: Vec<String> = nats
        .details()
        .iter()
        .map(|d| format!("{}={}", d.label, d.value))
        .collect();
    assert_eq!(
        details,
        [
            "Category=messaging",
            "Version=2.10",
            "Use as=Source, Sink",
            "Formats=json, raw",
            "Features=jetstream, wildcards"
        ]
    );

    let pulse = cat.get("pulse").unwrap();
    assert!(pulse.source && !pulse.sink, "`type` may be a single string");
    assert_eq!(pulse.features, ["deterministic"]);
    assert!(!pulse.needs_profile());
    assert!(pulse.table_form(TableKind::Sink).is_none());
}

#[test]
fn arroyo_catalog_reads_string_schemas_and_sanitizes_icons() {
    let cat = parse_connectors(&own("connectors.arroyo.json")).unwrap();
    let ids: Vec<&str> = cat.connectors.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(
        ids,
        ["queue", "hostile", "doctype"],
        "a bare array is accepted"
    );
    assert_eq!(cat.skipped.len(), 1);
    assert!(cat.skipped[0].starts_with("Connector “Bad config”: its tableConfig cannot be read"));

    let q = cat.get("queue").unwrap();
    assert!(q.source && q.sink && q.custom_schemas && q.testing && q.enabled && !q.hidden);
    let table = q.table_schema.as_ref().unwrap();
    assert_eq!(keys(table), ["queue", "mode", "arguments"]);
    // Without per-side schemas, both sides use the single table form.
    assert_eq!(q.table_form(TableKind::Source), Some(table));
    assert_eq!(q.table_form(TableKind::Sink), Some(table));
    assert_eq!(
        q.table_formats(),
        ["json", "avro", "protobuf", "raw_string", "raw_bytes"]
    );
    let profile = q.profile_schema.as_ref().unwrap();
    assert!(profile.property("password").unwrap().is_secret());
    match &q.icon {
        Icon::Svg(svg) => {
            assert!(svg.contains("<title>Queue &amp; co</title>"));
            assert!(svg.contains("fill=\"url(#g)\""));
            assert!(svg_data_uri(svg).starts_with("data:image/svg+xml;charset=utf-8,%3Csvg%20"));
        }
        Icon::None => panic!("a clean icon is kept"),
    }

    let h = cat.get("hostile").unwrap();
    assert!(h.hidden && !h.needs_profile());
    assert_eq!(
        h.icon,
        Icon::Svg("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 24 24\"><circle cx=\"12\" cy=\"12\" r=\"10\" style=\"fill:red\"/><rect width=\"8\" height=\"8\"/></svg>".into())
    );
    let d = cat.get("doctype").unwrap();
    assert_eq!(d.icon, Icon::None, "entities and DOCTYPE refuse the icon");
    assert!(!d.enabled);
}

#[test]
fn filters_apply_client_side() {
    let cat = parse_connectors(&own("connectors.laminar.json")).unwrap();
    let ids = |v: Vec<&SchemaConnector>| v.iter().map(|c| c.id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(filter(&cat, Some("MESSAGING"), None)), ["nats"]);
    assert_eq!(ids(filter(&cat, None, Some("sink"))), ["nats"]);
    assert_eq!(ids(filter(&cat, None, Some("source"))), ["nats", "pulse"]);
    assert_eq!(
        ids(filter(&cat, Some("testing"), Some("Source"))),
        ["pulse"]
    );
    assert!(filter(&cat, None, Some("lookup")).is_empty());
    assert_eq!(ids(filter(&cat, Some(""), Some(" "))), ["nats", "pulse"]);

    let r = connectors_request(Some("database"), Some("Source"));
    assert_eq!(r.method, Method::Get);
    assert_eq!(
        r.path_and_query(),
        "/api/v1/connectors?category=database&type=source"
    );
    assert_eq!(
        connectors_request(None, None).path_and_query(),
        "/api/v1/connectors"
    );
    assert!(matches!(
        parse_connectors("{\"items\": []}"),
        Err(ApiError::Malformed(_))
    ));
    assert!(matches!(
        parse_connectors("nope"),
        Err(ApiError::Malformed(_))
    ));
    assert!(parse_connectors("{\"data\": []}")
        .unwrap()
        .connectors
        .is_empty());
}

// ---------------------------------------------------------------------------------------------
// Icons

#[test]
fn hostile_svg_is_cleaned_or_refused() {
    let p = r#"<path d="M0 0h4v4z"/>"#;
    let kept = |input: &str| sanitize_svg(input).unwrap_or_else(|| panic!("refused: {input}"));
    // Cleaned: the dangerous part goes, the drawing stays.
    for (input, must_not_contain) in [
        (format!("<svg><script>alert(1)</script>{p}</svg>"), "script"),
        (format!("<svg onload=\"x()\">{p}</svg>"), "onload"),
        (
            r#"<svg><path d="M0 0" ONCLICK="x()"/></svg>"#.to_string(),
            "ONCLICK",
        ),
        (
            r#"<svg><path d="M0 0" onload = "x()"/></svg>"#.to_string(),
            "onload",
        ),
        (
            format!("<svg><use href=\"https://evil.example/x.svg#a\"/>{p}</svg>"),
            "use",
        ),
        (
            r#"<svg><path d="M0 0" href="javascript:alert(1)"/></svg>"#.to_string(),
            "javascript",
        ),
        (
            r#"<svg><path d="M0 0" xlink:href="https://evil.example/"/></svg>"#.to_string(),
            "evil",
        ),
        (
            r#"<svg><path d="M0 0" style="fill:url(http://x/)"/></svg>"#.to_string(),
            "style",
        ),
        (
            r#"<svg><path d="M0 0" style="width: expression(alert(1))"/></svg>"#.to_string(),
            "style",
        ),
        (
            r#"<svg><path d="M0 0" fill="&#106;avascript:alert(1)"/></svg>"#.to_string(),
            "fill",
        ),
        (
            r#"<svg><path d="M0 0" fill="url(https://evil.example/#a)"/></svg>"#.to_string(),
            "evil",
        ),
        (
            format!("<svg><style>@import url(x)</style>{p}</svg>"),
            "import",
        ),
        (
            format!("<svg><animate attributeName=\"href\" to=\"javascript:alert(1)\"/>{p}</svg>"),
            "animate",
        ),
        (
            format!("<svg><foreignObject><iframe src=\"x\"></iframe></foreignObject>{p}</svg>"),
            "iframe",
        ),
        (
            format!("<svg><image href=\"https://tracker.example/p.png\"/>{p}</svg>"),
            "tracker",
        ),
        (
            r#"<svg><path d="M0 0" data-x="y" class="c"/></svg>"#.to_string(),
            "data-x",
        ),
        (
            format!("<svg xmlns=\"http://evil.example/\">{p}</svg>"),
            "evil",
        ),
        (
            format!("<svg><a href=\"https://x\">{p}</a>{p}</svg>"),
            "href",
        ),
        (
            format!("<?xml version=\"1.0\"?><!-- c --><svg>{p}<!-- inner --></svg>"),
            "<!--",
        ),
    ] {
        let out = kept(&input);
        assert!(!out.contains(must_not_contain), "{input}\n→ {out}");
        assert!(out.starts_with("<svg") && out.ends_with("</svg>"), "{out}");
        assert_eq!(
            sanitize_svg(&out).as_deref(),
            Some(out.as_str()),
            "sanitizing is stable"
        );
    }
    // Local references and plain presentation stay.
    let out = kept(
        r##"<svg viewBox="0 0 4 4"><defs><radialGradient id="r"><stop offset="1" stop-color="#000"/></radialGradient></defs><path d="M0 0" fill="url( '#r' )" xlink:href="#r" stroke-width="2"/></svg>"##,
    );
    assert!(
        out.contains("xlink:href=\"#r\"")
            && out.contains("fill=\"url( '#r' )\"")
            && out.contains("stroke-width")
    );
    // Refused: nothing doubtful is rendered.
    for input in [
        format!("<!DOCTYPE svg><svg>{p}</svg>"),
        format!("<!DOCTYPE svg [<!ENTITY e \"x\">]><svg>{p}</svg>"),
        format!("<svg><![CDATA[x]]>{p}</svg>"),
        r#"<svg><path d="M0 0"></svg>"#.into(),
        "<svg><path d=M0/></svg>".into(),
        format!("<div><svg>{p}</svg></div>"),
        format!("<svg>{p}</svg><script>x</script>"),
        format!("junk<svg>{p}</svg>"),
        "<svg><title>nothing drawn</title></svg>".into(),
        r#"<svg><path d="1" fill="&bogus;"/></svg>"#.into(),
        r#"<svg><path d="1" d="2"/></svg>"#.into(),
        r#"<svg><path d="1" hidden/></svg>"#.into(),
        format!("<svg>{}{p}{}</svg>", "<g>".repeat(40), "</g>".repeat(40)),
        format!("<svg>{p}{}</svg>", " ".repeat(70 * 1024)),
        "<svg/>".into(),
        "".into(),
        "<svg".into(),
        "<svg><path d=\"1\"/>".into(),
        "<svg></g></svg>".into(),
    ] {
        assert_eq!(sanitize_svg(&input), None, "{input:.120}");
    }
    assert_eq!(Icon::from_catalog(Some("kafka-icon.svg")), Icon::None);
    assert_eq!(Icon::from_catalog(Some("https://x/icon.svg")), Icon::None);
    assert_eq!(Icon::from_catalog(None), Icon::None);
}

// ---------------------------------------------------------------------------------------------
// Profiles

#[test]
fn profile_requests_and_answers() {
    let cfg = json!({"bootstrapServers": "b:9092", "authentication": {}});
    let r = create_profile_request("prod", "kafka", cfg.clone());
    assert_eq!(
        (r.method, r.path.as_str()),
        (Method::Post, "/api/v1/connection_profiles")
    );
    assert_eq!(
        r.body,
        Some(json!({"name": "prod", "connector": "kafka", "config": cfg}))
    );
    let t = test_profile_request("prod", "kafka", cfg.clone());
    assert_eq!(t.path, "/api/v1/connection_profiles/test");
    assert_eq!(t.body, r.body);
    assert_eq!(list_profiles_request().path, "/api/v1/connection_profiles");
    let d = delete_profile_request("prof/1 x");
    assert_eq!(
        (d.method, d.path.as_str()),
        (Method::Delete, "/api/v1/connection_profiles/prof%2F1%20x")
    );

    // Arroyo: bare camelCase objects, no timestamps.
    let p = parse_profile(r#"{"id":"cp_1","name":"local","connector":"kafka","config":{"bootstrapServers":"localhost:9092"},"description":"localhost:9092"}"#).unwrap();
    assert_eq!(
        (p.id.as_str(), p.description.as_deref()),
        ("cp_1", Some("localhost:9092"))
    );
    assert_eq!(p.created_at, None);
    let list = parse_profiles(
        r#"{"data":[{"id":"a","name":"A","connector":"kafka","config":{}},{"name":"no id"}]}"#,
    )
    .unwrap();
    assert_eq!(list.len(), 1);
    assert!(matches!(
        parse_profile(r#"{"data":{"name":"x"}}"#),
        Err(ApiError::Malformed(_))
    ));

    // Test results in both shapes.
    assert_eq!(
        parse_test_result(r#"{"error":true,"done":true,"message":"Failed to connect"}"#).unwrap(),
        TestMessage {
            error: true,
            done: true,
            message: "Failed to connect".into()
        }
    );
    assert_eq!(
        parse_test_result(r#"{"data":{"success":false}}"#).unwrap(),
        TestMessage {
            error: true,
            done: true,
            message: "The test failed.".into()
        }
    );
    assert!(
        parse_test_result(r#"{"message":"This connector does not support testing"}"#)
            .unwrap()
            .done
    );
    assert!(parse_test_result("[]").is_err());
}

// ---------------------------------------------------------------------------------------------
// Tables

#[test]
fn table_requests_carry_the_documented_shape() {
    let schema = TableSchema {
        format: Some("avro".into()),
        format_options: json!({"confluent_schema_registry": true})
            .as_object()
            .unwrap()
            .clone(),
        fields: vec![
            SchemaField {
                name: "id".into(),
                data_type: "BIGINT".into(),
                nullable: false,
            },
            SchemaField {
                name: "at".into(),
                data_type: "TIMESTAMP".into(),
                nullable: true,
            },
        ],
        event_time_field: Some("at".into()),
        watermark_delay: Some("5 seconds".into()),
        table_type: Some("source".into()),
    };
    let v = schema.to_value();
    assert_eq!(TableSchema::from_value(&v), schema, "round trip");
    let r = create_table_request(
        "events",
        "kafka",
        Some("prof_1"),
        json!({"topic": "t"}),
        v.clone(),
    );
    assert_eq!(
        (r.method, r.path.as_str()),
        (Method::Post, "/api/v1/connection_tables")
    );
    assert_eq!(
        r.body,
        Some(json!({
            "name": "events", "connector": "kafka",
            "connection_profile_id": "prof_1", "connectionProfileId": "prof_1",
            "config": {"topic": "t"},
            "schema": {"format": {"avro": {"confluent_schema_registry": true}},
                       "fields": [{"name": "id", "data_type": "BIGINT", "nullable": false},
                                  {"name": "at", "data_type": "TIMESTAMP", "nullable": true}]},
            "event_time_field": "at", "watermark_delay": "5 seconds", "table_type": "source"
        }))
    );
    let t = test_table_request("events", "impulse", None, json!({}), Value::Null);
    assert_eq!(t.path, "/api/v1/connection_tables/test");
    assert_eq!(
        t.body,
        Some(json!({"name": "events", "connector": "impulse", "config": {}}))
    );
    assert!(t
        .headers
        .contains(&("accept".into(), "text/event-stream".into())));
    assert_eq!(
        delete_table_request("tbl_1").path,
        "/api/v1/connection_tables/tbl_1"
    );
    assert_eq!(list_tables_request().path, "/api/v1/connection_tables");

    // Other spellings of a schema.
    let s =
        TableSchema::from_value(&json!({"format": "csv", "format_options": {"delimiter": ";"}}));
    assert_eq!(
        (s.format.as_deref(), s.format_options["delimiter"].as_str()),
        (Some("csv"), Some(";"))
    );
    assert_eq!(
        TableSchema::from_value(&json!({"format": 5, "fields": "x"})),
        TableSchema::default()
    );

    // What the server would reject, keyed by pointer into the body.
    let bad = TableSchema {
        format: Some("protobuf".into()),
        fields: vec![
            SchemaField {
                name: "a".into(),
                data_type: "INT".into(),
                nullable: true,
            },
            SchemaField {
                name: "a".into(),
                data_type: "INT".into(),
                nullable: true,
            },
            SchemaField {
                name: " ".into(),
                data_type: "INT".into(),
                nullable: true,
            },
        ],
        event_time_field: Some("ts".into()),
        ..Default::default()
    };
    let problems = bad.problems(&["json".into(), "avro".into()]);
    let keys: Vec<&str> = problems.iter().map(|p| p.key.as_str()).collect();
    assert_eq!(
        keys,
        [
            "/schema/format",
            "/schema/fields/1/name",
            "/schema/fields/2/name",
            "/event_time_field"
        ]
    );
    assert_eq!(
        problems[0].message,
        "This connector does not read “protobuf”; use one of: json, avro."
    );
}

#[test]
fn arroyo_tables_map_onto_the_same_model() {
    let tables = parse_tables(&own("tables.arroyo.json")).unwrap();
    assert_eq!(tables.len(), 1, "entries without an id are skipped");
    let t = &tables[0];
    assert_eq!(t.profile_id.as_deref(), Some("cp_01"));
    assert_eq!(t.table_type.as_deref(), Some("source"));
    assert_eq!(
        t.created_at.as_deref(),
        Some("2024-01-01T00:00:00.000000Z"),
        "microseconds"
    );
    assert_eq!(t.consumers, Some(2));
    assert_eq!(t.schema.format.as_deref(), Some("json"));
    let cols: Vec<(&str, &str, bool)> = t
        .schema
        .fields
        .iter()
        .map(|f| (f.name.as_str(), f.data_type.as_str(), f.nullable))
        .collect();
    assert_eq!(
        cols,
        [
            ("user_id", "BIGINT", false),
            ("url", "STRING", true),
            ("at", "TIMESTAMP", false)
        ]
    );
    assert!(parse_tables("{}").is_err());
}

// ---------------------------------------------------------------------------------------------
// Server-sent events

fn expected_stream() -> Vec<TestMessage> {
    let m = |error, done, message: &str| TestMessage {
        error,
        done,
        message: message.into(),
    };
    vec![
        m(false, false, "Connecting to mq:5672"),
        m(false, false, "Fetched 3 messages"),
        m(false, false, "plain text progress"),
        m(true, false, "Partition 2 is lagging"),
        m(false, false, ""),
        m(false, true, "Done: the source is readable"),
    ]
}

#[test]
fn sse_parses_whole_and_in_every_split() {
    let text = own("table-test.sse");
    let (msgs, rest) = parse_sse(&text);
    assert_eq!(msgs, expected_stream());
    assert_eq!(rest, "");
    // However the transport cuts the stream, the same messages come out.
    for cut in 0..=text.len() {
        if !text.is_char_boundary(cut) {
            continue;
        }
        let (mut a, rest) = parse_sse(&text[..cut]);
        let (b, rest) = parse_sse(&format!("{rest}{}", &text[cut..]));
        a.extend(b);
        a.extend(finish_sse(&rest));
        assert_eq!(a, expected_stream(), "cut at {cut}");
    }
    // Byte by byte, as a slow network delivers it.
    let mut buf = String::new();
    let mut got = Vec::new();
    for c in text.chars() {
        buf.push(c);
        let (m, rest) = parse_sse(&buf);
        got.extend(m);
        buf = rest;
    }
    got.extend(finish_sse(&buf));
    assert_eq!(got, expected_stream());
    // An unterminated last event is kept until the stream ends.
    let (m, rest) = parse_sse("data: {\"done\": true, \"message\": \"end\"}");
    assert!(m.is_empty());
    assert_eq!(
        finish_sse(&rest),
        [TestMessage {
            error: false,
            done: true,
            message: "end".into()
        }]
    );
    assert!(finish_sse("  ").is_empty());
    assert_eq!(parse_sse(": only a comment\n\n").0, []);
}

#[test]
fn table_tests_in_either_transport() {
    let stream = HttpResponse {
        status: 200,
        headers: vec![(
            "Content-Type".into(),
            "text/event-stream; charset=utf-8".into(),
        )],
        body: own("table-test.sse"),
    };
    assert_eq!(parse_table_test(&stream).unwrap(), expected_stream());
    let json_answer = resp(
        200,
        r#"{"data":{"success":true,"message":"Connection table test successful"}}"#,
    );
    assert_eq!(
        parse_table_test(&json_answer).unwrap(),
        [TestMessage {
            error: false,
            done: true,
            message: "Connection table test successful".into()
        }]
    );
    let err =
        parse_table_test(&resp(400, r#"{"error":"Failed to parse config: bad"}"#)).unwrap_err();
    assert_eq!(err.status(), Some(400));
}

// ---------------------------------------------------------------------------------------------
// Pipelines and jobs

#[test]
fn every_job_state_has_a_health() {
    use Health::*;
    let table = [
        ("Created", Starting, true),
        ("Compiling", Starting, true),
        ("Scheduling", Starting, true),
        ("Running", Running, false),
        ("Rescaling", Starting, true),
        ("CheckpointStopping", Stopped, true),
        ("Recovering", Degraded, true),
        ("Restarting", Starting, true),
        ("Stopping", Stopped, true),
        ("Stopped", Stopped, false),
        ("Finishing", Stopped, true),
        ("Finished", Stopped, false),
        ("Failing", Failed, true),
        ("Failed", Failed, false),
        ("Sleeping", Unknown, false),
    ];
    for (state, health, transitional) in table {
        assert_eq!(job_health(state), health, "{state}");
        assert_eq!(
            job_health(&state.to_uppercase()),
            health,
            "{state} in capitals"
        );
        assert_eq!(job_is_transitional(state), transitional, "{state}");
    }
}

#[test]
fn arroyo_jobs_and_pipelines() {
    let jobs = parse_jobs(&own("jobs.arroyo.json"), Some("pipe_9")).unwrap();
    assert_eq!(jobs.len(), 2, "entries without an id are skipped");
    let failed = &jobs[1];
    assert_eq!(
        failed.pipeline_id.as_deref(),
        Some("pipe_9"),
        "filled in from the request"
    );
    assert_eq!(
        failed.failure_message.as_deref(),
        Some("Kafka source failed: broker down")
    );
    assert_eq!(
        failed.finish_time.as_deref(),
        Some("2023-12-31T22:10:00.000000Z")
    );
    let c = job_to_connector(failed, "clickstream");
    assert_eq!(
        (c.name.as_str(), c.health, c.raw_state.as_str()),
        ("clickstream", Health::Failed, "Failed")
    );
    assert_eq!(
        c.failure_reason().as_deref(),
        Some("Kafka source failed: broker down")
    );
    assert_eq!(c.desired_state.as_deref(), Some("Running"));
    let notes: Vec<String> = c
        .notes
        .iter()
        .map(|d| format!("{}={}", d.label, d.value))
        .collect();
    assert_eq!(
        notes[..3],
        [
            "Pipeline=pipe_9".to_string(),
            "Tasks=8".into(),
            "Run=1".into()
        ]
    );
    assert_eq!(
        job_to_connector(&jobs[0], " ").name,
        "pipe_9",
        "no name: the pipeline id"
    );

    let p = parse_pipelines(r#"{"data":[{"id":"pl_1","name":"n","query":"SELECT 1","createdAt":1704067200000000,"actionText":"Stop","actionInProgress":true,"stop":"none"}],"hasMore":false}"#).unwrap();
    assert_eq!(
        p[0].created_at.as_deref(),
        Some("2024-01-01T00:00:00.000000Z")
    );
    assert!(p[0].action_in_progress);
    assert_eq!(pipelines_request().path, "/api/v1/pipelines");
    assert_eq!(
        pipeline_jobs_request("pl 1").path,
        "/api/v1/pipelines/pl%201/jobs"
    );
    assert_eq!(jobs_request().path, "/api/v1/jobs");
    assert!(parse_jobs("{\"data\": 5}", None).is_err());
}

// ---------------------------------------------------------------------------------------------
// Errors and autocomplete

#[test]
fn errors_in_both_shapes_point_at_fields() {
    let e = parse_error(&resp(400, &own("error.laminar-validation.json")));
    assert_eq!(e.to_string(), "The configuration has 3 problems");
    assert_eq!(
        field_keys(&e),
        [
            "/config/authentication/username",
            "/config/bootstrapServers",
            "/config/addresses/1",
            "/config/topic"
        ]
    );
    assert_eq!(e.field_errors()[2].message, "Must start with redis://");
    assert_eq!(
        config_pointer(&e.field_errors()[0].key),
        Some("/authentication/username")
    );

    let e = parse_error(&resp(400, &own("error.arroyo.json")));
    assert!(e.to_string().starts_with("Invalid config:"));
    assert_eq!(field_keys(&e), ["/config/bootstrapServers"]);
    assert_eq!(
        e.field_errors()[0].message,
        "Bootstrap servers is required."
    );

    let e = parse_error(&HttpResponse {
        status: 429,
        headers: vec![("retry-after".into(), "7".into())],
        body: "slow down".into(),
    });
    assert_eq!(
        (e.to_string().as_str(), e.is_transient()),
        ("slow down", true)
    );
    assert!(matches!(
        e,
        ApiError::Http {
            retry_after: Some(7),
            ..
        }
    ));
    let e = parse_error(&resp(502, "<html>bad gateway</html>"));
    assert_eq!(
        e.to_string(),
        "The server or a gateway in front of it is unavailable."
    );
    let e = parse_error(&resp(404, r#"{"error":{"code":"NOT_FOUND"}}"#));
    assert_eq!(e.to_string(), "NOT_FOUND");
    assert!(check(resp(200, "{}")).is_ok());
    assert!(check(resp(409, r#"{"error":"in use"}"#)).is_err());
}

#[test]
fn autocomplete_by_profile() {
    let r = autocomplete_request("prof_1", Some("topic"), Some("or"));
    assert_eq!(
        r.path_and_query(),
        "/api/v1/connection_profiles/prof_1/autocomplete?type=topic&prefix=or"
    );
    assert_eq!(
        autocomplete_request("p", None, Some("")).path_and_query(),
        "/api/v1/connection_profiles/p/autocomplete"
    );
    let a = parse_autocomplete(&own("autocomplete.arroyo.json")).unwrap();
    let values: Vec<&str> = a
        .for_field("topic")
        .iter()
        .map(|s| s.value.as_str())
        .collect();
    assert_eq!(values, ["clicks", "orders"]);
    assert_eq!(a.for_field("topics").len(), 2, "plural finds the singular");
    assert!(a.for_field("group").is_empty() && a.for_field("nothing").is_empty());
    assert!(parse_autocomplete("{\"data\": {}}").is_err());
}

// ---------------------------------------------------------------------------------------------
// Simulator

fn send(sim: &mut LaminarSim, req: HttpRequest, now: f64) -> HttpResponse {
    sim.handle(&req, now)
}

fn kafka_profile_config(host: &str) -> Value {
    json!({
        "bootstrapServers": format!("{host}:9092"),
        "authentication": {"protocol": "SASL_SSL", "mechanism": "PLAIN", "username": "u", "password": "{{ KAFKA_PASSWORD }}"},
        "connectionProperties": {"socket.timeout.ms": "60000", "": "dropped"}
    })
}

/// NATS describes both sides in one schema (Source/Sink variants with `const` discriminators),
/// its connection in the table: a source table form narrows to the source variant, the
/// secrets are marked by the schema, and the simulator takes the table and never returns them.
#[test]
fn sim_nats_one_schema_for_both_sides() {
    use connector_console::model::pipeline_view::{preset_side, restrict_side};
    let mut sim = LaminarSim::new();
    let r = send(&mut sim, connectors_request(None, None), T0);
    let cat = parse_connectors(&r.body).unwrap();
    let nats = cat.get("nats").unwrap();
    assert!(nats.source && nats.sink && !nats.needs_profile());
    let mut form = nats.table_form(TableKind::Source).unwrap().clone();
    let titles = |n: &json_schema::Node| -> Vec<String> {
        n.property("connector_type")
            .unwrap()
            .variants()
            .iter()
            .map(|v| v.title.clone())
            .collect()
    };
    assert_eq!(titles(&form), ["Source", "Sink"]);
    assert!(restrict_side(&mut form, TableKind::Source));
    assert_eq!(titles(&form), ["Source"]);
    assert!(form
        .lookup("/authentication/Credentials/password")
        .unwrap()
        .is_secret());
    assert!(form
        .lookup("/authentication/NKey/nkey_seed")
        .unwrap()
        .is_secret());
    let mut start = default_value(&form);
    assert!(preset_side(&form, TableKind::Source, &mut start));

    let body = json!({
        "name": "nats-orders", "connector": "nats", "table_type": "source",
        "config": {"servers": "nats-1:4222",
            "authentication": {"type": "credentials", "username": "u", "password": "hunter2"},
            "connector_type": {"type": "source", "subject": "orders.>"}},
        "schema": {"format": {"json": {}}, "fields": []},
    });
    let mut req = HttpRequest::new(Method::Post, "/api/v1/connection_tables");
    req.body = Some(body);
    let r = send(&mut sim, req, T0);
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(!r.body.contains("hunter2"), "{}", r.body);
    let table = parse_table(&r.body).unwrap();
    assert_eq!(table.config["connector_type"]["subject"], "orders.>");
    let r = send(&mut sim, list_tables_request(), T0);
    assert!(!r.body.contains("hunter2"), "{}", r.body);
}

#[test]
fn sim_catalog_in_both_shapes() {
    let mut sim = LaminarSim::new();
    let r = send(&mut sim, connectors_request(None, None), T0);
    let cat = parse_connectors(&r.body).unwrap();
    let ids: Vec<&str> = cat.connectors.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "kafka",
            "confluent",
            "impulse",
            "webhook",
            "filesystem",
            "redis",
            "nats"
        ]
    );
    assert!(cat.skipped.is_empty());
    let kafka = cat.get("kafka").unwrap();
    assert_eq!(kafka.formats, ["json", "avro", "raw"]);
    let profile = kafka.profile_schema.as_ref().unwrap();
    assert_eq!(
        keys(profile),
        [
            "bootstrapServers",
            "authentication",
            "schemaRegistryEnum",
            "connectionProperties"
        ]
    );
    let titles: Vec<&str> = profile
        .property("authentication")
        .unwrap()
        .variants()
        .iter()
        .map(|v| v.title.as_str())
        .collect();
    assert_eq!(titles, ["None", "SASL", "AWS MSK IAM"]);
    assert!(profile
        .lookup("/authentication/SASL/password")
        .unwrap()
        .is_secret());
    let source = kafka.table_form(TableKind::Source).unwrap();
    assert!(source.lookup("/type/offset").is_some());
    assert!(kafka
        .table_form(TableKind::Sink)
        .unwrap()
        .lookup("/type/commit_mode")
        .is_some());
    let fs = cat.get("filesystem").unwrap();
    assert!(!fs.source && fs.sink);
    let sink = fs.table_form(TableKind::Sink).unwrap();
    assert!(sink.property("storageOptions").unwrap().is_map());
    assert!(matches!(
        sink.lookup("/fileSettings/partitioning/partitionFields")
            .unwrap()
            .kind,
        NodeKind::Array { unique: true, .. }
    ));
    let redis = cat.get("redis").unwrap();
    assert_eq!(
        redis
            .profile_schema
            .as_ref()
            .unwrap()
            .property("connection")
            .unwrap()
            .variants()
            .len(),
        2
    );
    assert!(cat.get("impulse").unwrap().profile_schema.is_none());

    // Laminar honours the filters.
    let r = send(
        &mut sim,
        connectors_request(Some("messaging"), Some("sink")),
        T0,
    );
    let ids: Vec<String> = parse_connectors(&r.body)
        .unwrap()
        .connectors
        .into_iter()
        .map(|c| c.id)
        .collect();
    assert_eq!(ids, ["kafka", "confluent", "nats"]);
    let r = send(&mut sim, connectors_request(None, Some("sink")), T0);
    assert_eq!(parse_connectors(&r.body).unwrap().connectors.len(), 6);
    let r = send(&mut sim, connectors_request(None, Some("lookup")), T0);
    assert!(parse_connectors(&r.body).unwrap().connectors.is_empty());

    // Arroyo ignores them; the client filters.
    sim.arroyo_variant(true);
    let r = send(
        &mut sim,
        connectors_request(Some("messaging"), Some("sink")),
        T0,
    );
    let cat = parse_connectors(&r.body).unwrap();
    assert_eq!(cat.connectors.len(), 7);
    assert!(
        cat.connectors
            .iter()
            .all(|c| matches!(c.icon, Icon::Svg(_))),
        "inline icons survive sanitizing"
    );
    let kafka = cat.get("kafka").unwrap();
    assert!(kafka.source_schema.is_none());
    let table = kafka.table_schema.as_ref().unwrap();
    assert_eq!(keys(table), ["topic", "type", "client_configs"]);
    let sink_only: Vec<&str> = filter(&cat, None, Some("sink"))
        .iter()
        .map(|c| c.id.as_str())
        .collect();
    assert_eq!(
        sink_only,
        [
            "kafka",
            "confluent",
            "webhook",
            "filesystem",
            "redis",
            "nats"
        ]
    );
}

#[test]
fn sim_profiles_lifecycle() {
    let mut sim = LaminarSim::new();
    assert!(sim.is_empty());
    let cfg = kafka_profile_config("broker-1.internal");
    let r = send(
        &mut sim,
        create_profile_request("prod", "kafka", cfg.clone()),
        T0,
    );
    assert_eq!(r.status, 200, "{}", r.body);
    let p = parse_profile(&r.body).unwrap();
    assert_eq!(p.connector, "kafka");
    assert_eq!(
        p.description.as_deref(),
        Some("Apache Kafka: SASL_SSL broker-1.internal:9092")
    );
    assert_eq!(
        p.config,
        json!({
            "bootstrapServers": "broker-1.internal:9092",
            "authentication": {"protocol": "SASL_SSL", "mechanism": "PLAIN", "username": "u"},
            "connectionProperties": {"socket.timeout.ms": "60000"}
        }),
        "stored cleaned; secrets never come back"
    );
    assert_eq!(sim.len(), 1);

    let r = send(
        &mut sim,
        create_profile_request("PROD", "kafka", cfg.clone()),
        T0,
    );
    assert_eq!(r.status, 409);
    assert!(parse_error(&r).to_string().contains("already exists"));

    let r = send(
        &mut sim,
        create_profile_request(
            "",
            "kafka",
            json!({"bootstrapServers": "nohost", "authentication": {"$variant": "SASL", "username": "u"}}),
        ),
        T0,
    );
    assert_eq!(r.status, 400);
    let e = parse_error(&r);
    assert_eq!(
        field_keys(&e),
        [
            "/name",
            "/config/bootstrapServers",
            "/config/authentication/protocol",
            "/config/authentication/mechanism",
            "/config/authentication/password"
        ]
    );
    assert_eq!(e.field_errors()[4].message, "Password is required.");

    let r = send(&mut sim, create_profile_request("x", "nope", json!({})), T0);
    assert_eq!(parse_error(&r).to_string(), "Unknown connector 'nope'");
    let r = send(
        &mut sim,
        create_profile_request("x", "impulse", json!({})),
        T0,
    );
    assert_eq!(
        parse_error(&r).to_string(),
        "Impulse does not use connection profiles"
    );

    // The connection test.
    let r = send(
        &mut sim,
        test_profile_request("t", "kafka", cfg.clone()),
        T0,
    );
    let m = parse_test_result(&r.body).unwrap();
    assert_eq!(
        (m.error, m.done, m.message.as_str()),
        (
            false,
            true,
            "Successfully connected to broker-1.internal:9092"
        )
    );
    let r = send(
        &mut sim,
        test_profile_request("t", "kafka", kafka_profile_config("gone.invalid")),
        T0,
    );
    assert_eq!(r.status, 400);
    assert_eq!(
        parse_error(&r).to_string(),
        "Failed to connect to Apache Kafka: Could not resolve gone.invalid:9092: the name does not exist. Check the address and your network."
    );
    sim.arroyo_variant(true);
    let r = send(
        &mut sim,
        test_profile_request("t", "kafka", kafka_profile_config("gone.invalid")),
        T0,
    );
    assert_eq!(r.status, 200);
    let m = parse_test_result(&r.body).unwrap();
    assert!(m.error && m.done && m.message.contains("gone.invalid"));
    // Arroyo's invalid-config errors still point at the field.
    let r = send(
        &mut sim,
        create_profile_request("y", "kafka", json!({"authentication": {}})),
        T0,
    );
    assert_eq!(field_keys(&parse_error(&r)), ["/config/bootstrapServers"]);
    let r = send(&mut sim, list_profiles_request(), T0);
    let list = parse_profiles(&r.body).unwrap();
    assert_eq!(list.len(), 1);
    assert!(!r.body.contains("KAFKA_PASSWORD"));

    // Autocomplete from the saved profile.
    let id = list[0].id.clone();
    let r = send(&mut sim, autocomplete_request(&id, None, None), T0);
    let a = parse_autocomplete(&r.body).unwrap();
    assert_eq!(a.for_field("topic").len(), 4);
    sim.arroyo_variant(false);
    let r = send(
        &mut sim,
        autocomplete_request(&id, Some("topic"), Some("o")),
        T0,
    );
    let values: Vec<String> = parse_autocomplete(&r.body)
        .unwrap()
        .for_field("topic")
        .iter()
        .map(|s| s.value.clone())
        .collect();
    assert_eq!(values, ["orders"]);
    let r = send(&mut sim, autocomplete_request("missing", None, None), T0);
    assert_eq!(r.status, 404);

    let r = send(&mut sim, delete_profile_request(&id), T0);
    assert_eq!(
        parse_message(&r.body).as_deref(),
        Some("Connection profile deleted successfully")
    );
    assert_eq!(send(&mut sim, delete_profile_request(&id), T0).status, 404);
    assert!(sim.is_empty());
}

fn create_kafka_profile(sim: &mut LaminarSim, host: &str) -> String {
    let r = send(
        sim,
        create_profile_request(&format!("p-{host}"), "kafka", kafka_profile_config(host)),
        T0,
    );
    assert_eq!(r.status, 200, "{}", r.body);
    parse_profile(&r.body).unwrap().id
}

fn orders_schema() -> TableSchema {
    TableSchema {
        format: Some("json".into()),
        fields: vec![
            SchemaField {
                name: "id".into(),
                data_type: "BIGINT".into(),
                nullable: false,
            },
            SchemaField {
                name: "ts".into(),
                data_type: "TIMESTAMP".into(),
                nullable: false,
            },
        ],
        event_time_field: Some("ts".into()),
        watermark_delay: Some("5 seconds".into()),
        table_type: Some("source".into()),
        ..Default::default()
    }
}

#[test]
fn sim_tables_lifecycle_and_streamed_test() {
    let mut sim = LaminarSim::new();
    let prof = create_kafka_profile(&mut sim, "broker.internal");
    let cfg = json!({"topic": "orders", "type": {"offset": "earliest"}});

    // Laminar style: the side is named; the per-side schema validates.
    let r = send(
        &mut sim,
        create_table_request(
            "orders",
            "kafka",
            Some(&prof),
            cfg.clone(),
            orders_schema().to_value(),
        ),
        T0,
    );
    assert_eq!(r.status, 200, "{}", r.body);
    let t = parse_table(&r.body).unwrap();
    assert_eq!(t.table_type.as_deref(), Some("source"));
    assert_eq!(t.schema.event_time_field.as_deref(), Some("ts"));
    assert_eq!(t.schema.fields, orders_schema().fields);
    assert_eq!(t.profile_id.as_deref(), Some(prof.as_str()));

    // Arroyo style: no side named, it comes from the config's variant.
    sim.arroyo_variant(true);
    let mut sink_schema = orders_schema();
    sink_schema.table_type = None;
    sink_schema.event_time_field = None;
    let r = send(
        &mut sim,
        create_table_request(
            "orders_out",
            "kafka",
            Some(&prof),
            json!({"topic": "out", "type": {"commit_mode": "exactly_once"}}),
            sink_schema.to_value(),
        ),
        T0,
    );
    assert_eq!(r.status, 200, "{}", r.body);
    let t = parse_table(&r.body).unwrap();
    assert_eq!(t.table_type.as_deref(), Some("sink"));
    assert_eq!(
        t.profile_id.as_deref(),
        Some(prof.as_str()),
        "from connectionProfile.id"
    );
    assert_eq!(
        t.schema.fields, sink_schema.fields,
        "SQL types survive Arroyo's type names"
    );
    let r = send(&mut sim, list_tables_request(), T0);
    assert_eq!(parse_tables(&r.body).unwrap().len(), 2);
    sim.arroyo_variant(false);

    // Rejections.
    let r = send(
        &mut sim,
        create_table_request("x", "kafka", None, cfg.clone(), orders_schema().to_value()),
        T0,
    );
    assert_eq!(
        parse_error(&r).to_string(),
        "this connector requires a connection profile, but `connectionProfileId` was not specified"
    );
    let r = send(
        &mut sim,
        create_table_request(
            "x",
            "kafka",
            Some("prof_nope"),
            cfg.clone(),
            orders_schema().to_value(),
        ),
        T0,
    );
    assert_eq!(
        parse_error(&r).to_string(),
        "No connection profile with id 'prof_nope'"
    );
    let mut bad = orders_schema();
    bad.format = Some("parquet".into());
    bad.event_time_field = Some("missing".into());
    let r = send(
        &mut sim,
        create_table_request(
            "x",
            "kafka",
            Some(&prof),
            json!({"type": {"offset": "sideways"}}),
            bad.to_value(),
        ),
        T0,
    );
    assert_eq!(
        field_keys(&parse_error(&r)),
        [
            "/config/topic",
            "/config/type/offset",
            "/schema/format",
            "/event_time_field"
        ]
    );
    let r = send(
        &mut sim,
        create_table_request(
            "orders",
            "kafka",
            Some(&prof),
            cfg.clone(),
            orders_schema().to_value(),
        ),
        T0,
    );
    assert_eq!(r.status, 409);
    let mut sink = orders_schema();
    sink.table_type = Some("sink".into());
    let r = send(
        &mut sim,
        create_table_request(
            "w",
            "impulse",
            None,
            json!({"event_rate": 1}),
            sink.to_value(),
        ),
        T0,
    );
    assert_eq!(
        parse_error(&r).to_string(),
        "Impulse cannot be used as a sink"
    );

    // The streamed test: progress, then done.
    let r = send(
        &mut sim,
        test_table_request(
            "orders",
            "kafka",
            Some(&prof),
            cfg.clone(),
            orders_schema().to_value(),
        ),
        T0,
    );
    assert_eq!(r.header("content-type"), Some("text/event-stream"));
    let msgs = parse_table_test(&r).unwrap();
    let texts: Vec<&str> = msgs.iter().map(|m| m.message.as_str()).collect();
    assert_eq!(
        texts,
        [
            "Connecting to broker.internal:9092…",
            "Connected to broker.internal:9092.",
            "Fetched 3 messages from “orders”.",
            "Inferred schema: 2 fields (id, ts) match the table.",
            "Table “orders” can be read."
        ]
    );
    assert!(msgs.iter().all(|m| !m.error));
    assert_eq!(msgs.iter().filter(|m| m.done).count(), 1);
    assert!(msgs.last().unwrap().done);

    let bad_prof = create_kafka_profile(&mut sim, "old.invalid");
    let r = send(
        &mut sim,
        test_table_request(
            "t",
            "kafka",
            Some(&bad_prof),
            cfg.clone(),
            orders_schema().to_value(),
        ),
        T0,
    );
    let msgs = parse_table_test(&r).unwrap();
    assert_eq!(msgs.len(), 2);
    assert!(msgs[1].error && msgs[1].done);
    assert!(msgs[1]
        .message
        .starts_with("Failed to connect to old.invalid:9092"));
    let r = send(
        &mut sim,
        test_table_request(
            "hook",
            "webhook",
            None,
            json!({"endpoint": "https://hooks.example.com/in"}),
            Value::Null,
        ),
        T0,
    );
    let last = parse_table_test(&r).unwrap().pop().unwrap();
    assert_eq!(last.message, "Table “hook” can be written.");
    let r = send(
        &mut sim,
        test_table_request(
            "t",
            "kafka",
            Some(&prof),
            json!({}),
            orders_schema().to_value(),
        ),
        T0,
    );
    assert_eq!(
        r.status, 400,
        "an invalid config is rejected before streaming"
    );

    // A profile in use cannot go; a table can.
    let r = send(&mut sim, delete_profile_request(&prof), T0);
    assert_eq!(r.status, 409);
    assert!(parse_error(&r).to_string().contains("orders"));
    let r = send(&mut sim, list_tables_request(), T0);
    let tables = parse_tables(&r.body).unwrap();
    for t in &tables {
        let r = send(&mut sim, delete_table_request(&t.id), T0);
        assert_eq!(r.status, 200);
    }
    assert_eq!(
        send(&mut sim, delete_profile_request(&prof), T0).status,
        200
    );
}

fn jobs_at(sim: &mut LaminarSim, now: f64) -> Vec<(String, String)> {
    let pipelines = parse_pipelines(&send(sim, pipelines_request(), now).body).unwrap();
    let jobs = parse_jobs(&send(sim, jobs_request(), now).body, None).unwrap();
    let mut out: Vec<(String, String)> = pipelines
        .iter()
        .map(|p| {
            let latest = jobs
                .iter()
                .filter(|j| j.pipeline_id.as_deref() == Some(p.id.as_str()))
                .max_by_key(|j| j.run_id)
                .unwrap();
            (p.name.clone(), latest.state.clone())
        })
        .collect();
    out.sort();
    out
}

#[test]
fn sim_jobs_move_through_their_states() {
    let mut sim = LaminarSim::new();
    sim.seed_demo(T0);
    assert_eq!(sim.len(), 3 + 5 + 4);
    let at = |s: &mut LaminarSim, secs: f64| jobs_at(s, T0 + secs * 1000.0);
    let states = |v: Vec<(String, String)>| v.into_iter().map(|(_, s)| s).collect::<Vec<_>>();
    // Sorted by pipeline: legacy_replay, order_totals, session_rollup, tick_alerts.
    assert_eq!(
        states(at(&mut sim, 0.0)),
        ["Created", "Running", "Created", "Created"]
    );
    assert_eq!(
        states(at(&mut sim, 2.0)),
        ["Compiling", "Running", "Compiling", "Compiling"]
    );
    assert_eq!(
        states(at(&mut sim, 5.0)),
        ["Scheduling", "Running", "Scheduling", "Scheduling"]
    );
    assert_eq!(
        states(at(&mut sim, 7.0)),
        ["Running", "Running", "Running", "Running"]
    );
    assert_eq!(
        states(at(&mut sim, 12.5)),
        ["Failing", "Running", "CheckpointStopping", "Running"]
    );
    assert_eq!(
        states(at(&mut sim, 13.5)),
        ["Failing", "Running", "Stopping", "Running"]
    );
    assert_eq!(
        states(at(&mut sim, 60.0)),
        ["Failed", "Running", "Stopped", "Running"]
    );

    let pipelines =
        parse_pipelines(&send(&mut sim, pipelines_request(), T0 + 60_000.0).body).unwrap();
    let legacy = pipelines
        .iter()
        .find(|p| p.name == "legacy_replay")
        .unwrap();
    assert_eq!(legacy.action_text.as_deref(), Some("Failed"));
    let r = send(&mut sim, pipeline_jobs_request(&legacy.id), T0 + 60_000.0);
    let jobs = parse_jobs(&r.body, Some(&legacy.id)).unwrap();
    let job = &jobs[0];
    assert_eq!(job.failure_message.as_deref().map(|m| m.starts_with("Source 'legacy_events' failed: could not connect to old-broker.unreachable.invalid:9092")), Some(true));
    assert!(job.start_time.is_some() && job.finish_time.is_some());
    let c = job_to_connector(job, &legacy.name);
    assert_eq!((c.health, c.trace.is_some()), (Health::Failed, true));
    // The failure message only appears once the job is failing.
    let early = parse_jobs(
        &send(&mut sim, pipeline_jobs_request(&legacy.id), T0 + 7_000.0).body,
        None,
    )
    .unwrap();
    assert_eq!(
        (early[0].state.as_str(), early[0].failure_message.as_deref()),
        ("Running", None)
    );
    let stopped = jobs_at(&mut sim, T0 + 60_000.0);
    assert!(stopped.contains(&("session_rollup".into(), "Stopped".into())));

    // Arroyo's job list has no pipeline id; the per-pipeline request fills it in.
    sim.arroyo_variant(true);
    let r = send(&mut sim, pipeline_jobs_request(&legacy.id), T0 + 60_000.0);
    assert!(!r.body.contains("pipelineId"));
    let jobs = parse_jobs(&r.body, Some(&legacy.id)).unwrap();
    assert_eq!(jobs[0].pipeline_id.as_deref(), Some(legacy.id.as_str()));
    assert_eq!(jobs[0].state, "Failed");
    sim.arroyo_variant(false);

    // A restart starts run 2, which fails again while the broker stays unreachable; the healthy
    // pipeline's restart replaces its running job.
    let r = send(
        &mut sim,
        HttpRequest::new(
            Method::Post,
            format!("/api/v1/pipelines/{}/restart", legacy.id),
        ),
        T0 + 60_000.0,
    );
    assert_eq!(
        parse_message(&r.body).as_deref(),
        Some("Pipeline restart initiated")
    );
    let jobs = parse_jobs(
        &send(&mut sim, pipeline_jobs_request(&legacy.id), T0 + 61_000.0).body,
        None,
    )
    .unwrap();
    assert_eq!(
        (jobs[0].run_id, jobs[0].state.as_str()),
        (Some(2), "Created")
    );
    assert_eq!(jobs[1].state, "Failed");
    let totals = pipelines.iter().find(|p| p.name == "order_totals").unwrap();
    send(
        &mut sim,
        HttpRequest::new(
            Method::Post,
            format!("/api/v1/pipelines/{}/restart", totals.id),
        ),
        T0 + 60_000.0,
    );
    let jobs = parse_jobs(
        &send(&mut sim, pipeline_jobs_request(&totals.id), T0 + 70_000.0).body,
        None,
    )
    .unwrap();
    assert_eq!(
        (jobs[0].state.as_str(), jobs[1].state.as_str()),
        ("Running", "Stopped")
    );
    assert_eq!(
        send(&mut sim, pipeline_jobs_request("nope"), T0).status,
        404
    );
}

#[test]
fn sim_state_exports_without_secrets() {
    let mut sim = LaminarSim::new();
    sim.seed_demo(T0);
    create_kafka_profile(&mut sim, "extra.internal");
    let state = sim.export_state();
    let text = state.to_string();
    for secret in ["demo-password", "KAFKA_PASSWORD"] {
        assert!(!text.contains(secret), "{secret} leaked into the export");
    }
    let mut copy = LaminarSim::new();
    copy.import_state(&state);
    assert_eq!(copy.len(), sim.len());
    for req in [
        list_profiles_request(),
        list_tables_request(),
        pipelines_request(),
        jobs_request(),
    ] {
        let a = send(&mut sim, req.clone(), T0 + 9_000.0).body;
        let b = send(&mut copy, req, T0 + 9_000.0).body;
        assert_eq!(a, b, "the copy answers like the original");
    }
    // New ids do not collide with imported ones.
    let r = send(
        &mut copy,
        create_profile_request("new", "kafka", kafka_profile_config("n.internal")),
        T0,
    );
    let id = parse_profile(&r.body).unwrap().id;
    assert_eq!(
        parse_profiles(&send(&mut copy, list_profiles_request(), T0).body)
            .unwrap()
            .iter()
            .filter(|p| p.id == id)
            .count(),
        1
    );
    // Garbage imports are ignored piece by piece.
    let mut g = LaminarSim::new();
    g.import_state(&json!({"profiles": [{"id": 1}, {"id": "a", "name": "b", "connector": "nope"}], "jobs": "x"}));
    assert!(g.is_empty());
}

#[test]
fn sim_routes_and_methods() {
    let mut sim = LaminarSim::new();
    let r = send(
        &mut sim,
        HttpRequest::new(Method::Get, "/api/v1/nothing"),
        T0,
    );
    assert_eq!(
        (r.status, parse_error(&r).to_string().as_str()),
        (404, "Route not found")
    );
    let r = send(
        &mut sim,
        HttpRequest::new(Method::Put, "/api/v1/connectors"),
        T0,
    );
    assert_eq!(r.status, 405);
    let r = send(
        &mut sim,
        HttpRequest::new(Method::Get, "/v1/connectors"),
        T0,
    );
    assert_eq!(r.status, 200, "Laminar's docs also show /v1 without /api");
    sim.arroyo_variant(true);
    let r = send(
        &mut sim,
        HttpRequest::new(Method::Get, "/api/v1/pipelines/nope"),
        T0,
    );
    assert_eq!(r.body, r#"{"error":"Pipeline not found"}"#);
    let r = send(&mut sim, delete_table_request("nope"), T0);
    assert_eq!(parse_error(&r).to_string(), "Connection table not found");
}

#[test]
fn sim_forms_round_trip_through_the_schema_core() {
    // What a user fills into the generated form is accepted by the server as is.
    let mut sim = LaminarSim::new();
    let cat = parse_connectors(&send(&mut sim, connectors_request(None, None), T0).body).unwrap();
    let redis = cat.get("redis").unwrap();
    let form = redis.profile_schema.as_ref().unwrap();
    let mut value = default_value(form);
    let clustered = &form.property("connection").unwrap().variants()[1];
    value["connection"] = json_schema::variant_reset(clustered);
    value["connection"]["addresses"] =
        json!(["redis://a.internal:6379", "redis://b.internal:6379"]);
    value["password"] = json!("");
    assert!(
        validate(form, &value).is_empty(),
        "{:#?}",
        validate(form, &value)
    );
    let sent = clean(form, &value);
    assert_eq!(
        sent,
        json!({"connection": {"addresses": ["redis://a.internal:6379", "redis://b.internal:6379"]}})
    );
    let r = send(
        &mut sim,
        create_profile_request("cluster", "redis", sent),
        T0,
    );
    assert_eq!(r.status, 200, "{}", r.body);
    let stored = parse_profile(&r.body).unwrap();
    let conn = form.property("connection").unwrap();
    assert_eq!(
        match_variant(conn.variants(), &stored.config["connection"]),
        1,
        "reloads as Clustered"
    );
}

// ---------------------------------------------------------------------------------------------
// Conformance: every shared Laminar payload, read in place.

fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// The documentation elides parts with `[...]`, `{...}` and `"..."`; make such text JSON.
fn unelide(text: &str) -> String {
    text.replace("[...]", "[]").replace("{...}", "{}")
}

/// Every parser, on any text: errors are fine, panics are not.
fn no_panics(text: &str) {
    let _ = parse_connectors(text);
    let _ = parse_profiles(text);
    let _ = parse_profile(text);
    let _ = parse_test_result(text);
    let _ = parse_tables(text);
    let _ = parse_table(text);
    let _ = parse_table_test(&resp(200, text));
    let _ = parse_sse(text);
    let _ = parse_jobs(text, Some("p"));
    let _ = parse_pipelines(text);
    let _ = parse_pipeline(text);
    let _ = parse_autocomplete(text);
    let _ = parse_message(text);
    let _ = parse_error(&resp(400, text));
    let _ = json_schema::parse_schema_str(text);
    let _ = sanitize_svg(text);
}

fn kafka_profile_schema(root: &Path) -> json_schema::Node {
    parse_schema_str(&read(&root.join("arroyo-schemas"), "kafka.profile.json")).unwrap()
}

fn kafka_table_schema(root: &Path) -> json_schema::Node {
    parse_schema_str(&read(&root.join("arroyo-schemas"), "kafka.table.json")).unwrap()
}

fn check_doc(root: &Path, name: &str, text: &str) {
    let v = || -> Value { serde_json::from_str(text).unwrap_or_else(|e| panic!("{name}: {e}")) };
    match name {
        "connectors.01.response.json" => {
            let cat = parse_connectors(text).unwrap();
            let ids: Vec<&str> = cat.connectors.iter().map(|c| c.id.as_str()).collect();
            assert_eq!(
                ids,
                [
                    "kafka",
                    "postgresql",
                    "mysql-cdc",
                    "kinesis",
                    "elasticsearch",
                    "redis",
                    "webhook",
                    "filesystem",
                    "iceberg",
                    "delta"
                ]
            );
            assert!(cat.skipped.is_empty());
            let kafka = cat.get("kafka").unwrap();
            assert!(kafka.source && kafka.sink && !kafka.needs_profile());
            assert_eq!(kafka.formats, ["json", "avro", "protobuf", "raw"]);
            assert!(kafka.features.contains(&"exactly_once".to_string()));
            assert_eq!(kafka.icon, Icon::None);
            let source = kafka.table_form(TableKind::Source).unwrap();
            assert_eq!(
                keys(source),
                ["topic", "consumer_group", "offset_reset", "format"],
                "the documented order"
            );
            assert_eq!(default_value(source), json!({"offset_reset": "latest"}));
            let e = validate(source, &json!({"offset_reset": "middle"}));
            let pointers: Vec<&str> = e.iter().map(|e| e.pointer.as_str()).collect();
            assert_eq!(pointers, ["/topic", "/offset_reset", "/format"]);
            let mysql = cat.get("mysql-cdc").unwrap();
            assert!(mysql.source && !mysql.sink);
            assert!(
                matches!(mysql.table_form(TableKind::Source).unwrap().property("server_id").unwrap().kind,
                NodeKind::Integer { min: Some(a), max: Some(b) } if a == 1.0 && b == 2147483647.0)
            );
            let ids = |v: Vec<&SchemaConnector>| v.iter().map(|c| c.id.clone()).collect::<Vec<_>>();
            assert_eq!(
                ids(filter(&cat, Some("database"), None)),
                ["postgresql", "mysql-cdc"]
            );
            assert_eq!(
                ids(filter(&cat, Some("storage"), Some("source"))),
                ["filesystem"]
            );
            assert_eq!(filter(&cat, None, Some("sink")).len(), 9);
            let webhook_sink = cat
                .get("webhook")
                .unwrap()
                .table_form(TableKind::Sink)
                .unwrap();
            assert_eq!(
                webhook_sink.property("headers").unwrap().kind,
                NodeKind::Json { object: true }
            );
            let primary = cat
                .get("postgresql")
                .unwrap()
                .table_form(TableKind::Sink)
                .unwrap()
                .property("primary_keys")
                .unwrap();
            assert!(matches!(primary.kind, NodeKind::Array { .. }));
        }
        "connectors.02.schema_structure.json" => {
            let doc = v();
            let source = json_schema::parse_schema(&doc["source"]);
            assert_eq!(keys(&source), ["field1", "field2"]);
            assert_eq!(default_value(&source), json!({"field1": "option1"}));
            let e = validate(&source, &json!({"field1": "option3", "field2": 0}));
            assert_eq!(
                e.iter()
                    .map(|e| (e.pointer.as_str(), e.message.as_str()))
                    .collect::<Vec<_>>(),
                [
                    ("/field1", "Must be one of: option1, option2."),
                    ("/field2", "Must be at least 1.")
                ]
            );
            let sink = json_schema::parse_schema(&doc["sink"]);
            assert!(sink.requires("field3"));
        }
        "connection_profiles.01.response.json" => {
            let list = parse_profiles(text).unwrap();
            assert_eq!(list.len(), 1);
            assert_eq!(
                (list[0].id.as_str(), list[0].created_at.as_deref()),
                ("prof_abc123", Some("2024-01-01T00:00:00Z"))
            );
            assert_eq!(
                list[0].description.as_deref(),
                Some("Production Kafka cluster")
            );
        }
        "connection_profiles.02.request_body.json" => {
            let doc = v();
            let r = create_profile_request("production-kafka", "kafka", doc["config"].clone());
            for (k, ours) in r.body.unwrap().as_object().unwrap() {
                assert_eq!(Some(ours), doc.get(k), "{k}");
            }
        }
        "connection_profiles.03.response.json" => {
            let p = parse_profile(text).unwrap();
            assert_eq!(
                (p.id.as_str(), p.connector.as_str()),
                ("prof_abc123", "kafka")
            );
            assert_eq!(p.config["security_protocol"], "SASL_SSL");
        }
        "connection_profiles.04.response.json" => {
            assert_eq!(
                parse_test_result(text).unwrap(),
                TestMessage {
                    error: false,
                    done: true,
                    message: "Connection successful".into()
                }
            );
        }
        "connection_profiles.05.response.json" => {
            let e = parse_error(&resp(400, text));
            assert_eq!(
                e.to_string(),
                "Failed to connect to Kafka cluster: Authentication failed: Invalid credentials"
            );
            assert!(e.field_errors().is_empty());
            // A server may also answer 200 with it: still a failed test.
            let m = parse_test_result(text).unwrap();
            assert!(m.error && m.done);
        }
        "connection_profiles.06.response.json" | "connection_tables.07.response.json" => {
            assert!(parse_message(text)
                .unwrap()
                .ends_with("deleted successfully"));
        }
        "connection_profiles.07.response.json" => {
            let a = parse_autocomplete(text).unwrap();
            let s = a.for_field("tables");
            assert_eq!(
                s.iter()
                    .map(|s| (s.value.as_str(), s.label.as_str()))
                    .collect::<Vec<_>>(),
                [("public.users", "users"), ("public.orders", "orders")]
            );
        }
        "connection_tables.01.response.json" => {
            let t = &parse_tables(text).unwrap()[0];
            assert_eq!(
                (
                    t.id.as_str(),
                    t.profile_id.as_deref(),
                    t.table_type.as_deref()
                ),
                ("tbl_abc123", Some("prof_xyz789"), Some("source"))
            );
            assert_eq!(t.schema.fields.len(), 4);
            assert_eq!(
                t.schema.fields[2],
                SchemaField {
                    name: "user_id".into(),
                    data_type: "BIGINT".into(),
                    nullable: true
                }
            );
            assert_eq!(
                (
                    t.schema.event_time_field.as_deref(),
                    t.schema.watermark_delay.as_deref()
                ),
                (Some("timestamp"), Some("5 seconds"))
            );
        }
        "connection_tables.02.request_body.json" => {
            // Our request reproduces the documented body.
            let doc = v();
            let mut schema = TableSchema::from_value(&doc["schema"]);
            schema.event_time_field = doc["event_time_field"].as_str().map(String::from);
            schema.watermark_delay = doc["watermark_delay"].as_str().map(String::from);
            schema.table_type = doc["table_type"].as_str().map(String::from);
            let r = create_table_request(
                doc["name"].as_str().unwrap(),
                doc["connector"].as_str().unwrap(),
                doc["connection_profile_id"].as_str(),
                doc["config"].clone(),
                schema.to_value(),
            );
            let body = r.body.unwrap();
            for (k, documented) in doc.as_object().unwrap() {
                assert_eq!(body.get(k), Some(documented), "{k}");
            }
        }
        "connection_tables.03.response.txt" => {
            assert!(
                matches!(parse_table(text), Err(ApiError::Malformed(_))),
                "elided text is refused, not guessed"
            );
            let t = parse_table(&unelide(text)).unwrap();
            assert_eq!(
                (t.id.as_str(), t.schema.watermark_delay.as_deref()),
                ("tbl_new123", Some("10 seconds"))
            );
        }
        "connection_tables.04.response.json" => {
            let m = parse_table_test(&resp(200, text)).unwrap();
            assert_eq!(
                m,
                [TestMessage {
                    error: false,
                    done: true,
                    message: "Connection table test successful".into()
                }]
            );
        }
        "connection_tables.05.request_body.json" => {
            let s = TableSchema::from_value(&v()["schema"]);
            assert_eq!(
                s.fields[0],
                SchemaField {
                    name: "id".into(),
                    data_type: "BIGINT".into(),
                    nullable: false
                }
            );
        }
        "connection_tables.06.response.json" => {
            let m = parse_table_test(&resp(200, text)).unwrap();
            assert_eq!(
                m,
                [TestMessage {
                    error: false,
                    done: true,
                    message: "The schema is valid.".into()
                }]
            );
            let inferred = TableSchema::from_value(&v()["data"]["inferred_schema"]);
            assert_eq!(inferred.fields.len(), 2);
        }
        "connection_tables.08.schema_field_definition.json" => {
            assert_eq!(
                SchemaField::from_value(&v()),
                Some(SchemaField {
                    name: "field_name".into(),
                    data_type: "STRING".into(),
                    nullable: true
                })
            );
        }
        "connection_tables.09.json_format.json"
        | "connection_tables.10.avro_format.json"
        | "connection_tables.11.parquet_format.json"
        | "connection_tables.12.csv_format.json" => {
            let doc = v();
            let s = TableSchema::from_value(&doc);
            assert_eq!(s.format.as_deref(), doc["format"].as_str());
            assert_eq!(
                Value::Object(s.format_options.clone()),
                doc["format_options"]
            );
            assert_eq!(
                TableSchema::from_value(&s.to_value()),
                s,
                "our tagged spelling reads back"
            );
        }
        "jobs.01.job_object.json" => {
            let j = &parse_jobs(text, None).unwrap()[0];
            assert_eq!(
                (j.state.as_str(), j.tasks, j.pipeline_id.as_deref()),
                ("Running", Some(4), Some("pipe_1234567890"))
            );
            assert_eq!(j.created_at.as_deref(), Some("2024-01-01T00:00:00.000000Z"));
            assert_eq!(
                (j.failure_message.as_deref(), j.finish_time.as_deref()),
                (None, None)
            );
            assert_eq!(job_health(&j.state), Health::Running);
        }
        "jobs.02.response.json" | "pipelines.14.response.json" => {
            let jobs = parse_jobs(text, None).unwrap();
            assert_eq!(jobs.len(), 1);
            assert_eq!(
                job_to_connector(&jobs[0], "order_processing").health,
                Health::Running
            );
        }
        "jobs.09.response.json" => {
            assert_eq!(parse_message(text).as_deref(), Some("Job stop initiated"))
        }
        "jobs.11.response.json" => {
            assert_eq!(parse_message(text).as_deref(), Some("Job restarted"))
        }
        "pipelines.07.response.json" => assert_eq!(
            parse_message(text).as_deref(),
            Some("Pipeline deleted successfully")
        ),
        "pipelines.09.response.json" => assert_eq!(
            parse_message(text).as_deref(),
            Some("Pipeline restart initiated")
        ),
        "pipelines.04.response.json" => {
            let p = &parse_pipelines(text).unwrap()[0];
            assert_eq!(
                (p.name.as_str(), p.action_text.as_deref()),
                ("order_processing", Some("Running"))
            );
            assert_eq!(p.created_at.as_deref(), Some("2024-01-01T00:00:00.000000Z"));
        }
        "pipelines.01.pipeline_object.txt"
        | "pipelines.03.response.txt"
        | "pipelines.05.response.txt" => {
            assert!(parse_pipeline(text).is_err());
            let p = parse_pipeline(&unelide(text)).unwrap();
            assert_eq!(p.id, "pipe_1234567890");
        }
        "pipelines.11.response.txt" => {
            assert!(serde_json::from_str::<Value>(text).is_err());
            assert!(serde_json::from_str::<Value>(&unelide(text)).is_ok());
        }
        "kafka_connector.01.no_authentication.json"
        | "kafka_connector.02.sasl_authentication.json"
        | "kafka_connector.03.aws_msk_iam_authentication.json" => {
            let node = kafka_profile_schema(root);
            let auth = node.property("authentication").unwrap();
            let want = match name {
                "kafka_connector.01.no_authentication.json" => "None",
                "kafka_connector.02.sasl_authentication.json" => "SASL",
                _ => "AWS_MSK_IAM",
            };
            let doc = v();
            assert_eq!(
                auth.variants()[match_variant(auth.variants(), &doc["authentication"])].title,
                want
            );
            let mut full = doc.clone();
            full["bootstrapServers"] = json!("broker:9092");
            assert!(
                validate(&node, &full).is_empty(),
                "{name}: {:#?}",
                validate(&node, &full)
            );
        }
        "kafka_connector.04.no_schema_registry.json"
        | "kafka_connector.05.confluent_schema_registry.json" => {
            let node = kafka_profile_schema(root);
            let reg = node.property("schemaRegistryEnum").unwrap();
            let want = if name.contains("04") {
                "None"
            } else {
                "Confluent Schema Registry"
            };
            assert_eq!(
                reg.variants()[match_variant(reg.variants(), &v()["schemaRegistryEnum"])].title,
                want
            );
        }
        "kafka_connector.curl01.connection_profiles.json" => {
            let node = kafka_profile_schema(root);
            let body = &v()["body"];
            assert!(validate(&node, &body["config"]).is_empty());
            assert_eq!(
                clean(&node, &body["config"]),
                body["config"],
                "nothing to clean in a documented config"
            );
            let r = create_profile_request(
                body["name"].as_str().unwrap(),
                body["connector"].as_str().unwrap(),
                body["config"].clone(),
            );
            assert_eq!(
                r.body.as_ref(),
                Some(body),
                "our request is the documented one"
            );
            assert_eq!(r.path, "/api/v1/connection_profiles");
        }
        "kafka_connector.curl02.connection_tables.json"
        | "kafka_connector.curl03.connection_tables.json" => {
            let node = kafka_table_schema(root);
            let body = &v()["body"];
            assert!(
                validate(&node, &body["config"]).is_empty(),
                "{:#?}",
                validate(&node, &body["config"])
            );
            let ty = node.property("type").unwrap();
            let want = if name.contains("curl02") {
                "Source"
            } else {
                "Sink"
            };
            assert_eq!(
                ty.variants()[match_variant(ty.variants(), &body["config"]["type"])].title,
                want
            );
            let schema = TableSchema::from_value(&body["schema"]);
            assert_eq!(schema.format.as_deref(), Some("json"));
            let r = create_table_request(
                body["name"].as_str().unwrap(),
                "kafka",
                body["connectionProfileId"].as_str(),
                body["config"].clone(),
                schema.to_value(),
            );
            let sent = r.body.unwrap();
            for k in ["name", "connector", "connectionProfileId", "config"] {
                assert_eq!(sent[k], body[k], "{k}");
            }
            assert_eq!(sent["schema"]["format"], body["schema"]["format"]);
        }
        // Endpoints the console does not call (metrics, checkpoints, output, errors, logs,
        // pipeline create/update/validate/preview, job stop/restart bodies): valid JSON, and
        // none of our parsers trips over them.
        "jobs.03.response.json"
        | "jobs.04.response.json"
        | "jobs.05.response.json"
        | "jobs.06.response.json"
        | "jobs.07.response.json"
        | "jobs.08.request_body.json"
        | "jobs.10.request_body.json"
        | "jobs.12.response.json"
        | "jobs.13.response.json"
        | "jobs.14.response.json"
        | "pipelines.02.request_body.json"
        | "pipelines.06.request_body.json"
        | "pipelines.08.request_body.json"
        | "pipelines.10.request_body.json"
        | "pipelines.12.response.json"
        | "pipelines.13.request_body.json" => {
            let _ = v();
        }
        other => panic!("no conformance check for docs-examples/{other}: add one"),
    }
}

#[test]
fn every_shared_laminar_payload_conforms() {
    let Some(root) = shared_dir("laminar") else {
        return;
    };
    let docs = root.join("docs-examples");
    let mut names: Vec<String> = std::fs::read_dir(&docs)
        .unwrap_or_else(|e| panic!("{}: {e}", docs.display()))
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(names.len() >= 57, "{}", names.len());
    for name in &names {
        let text = read(&docs, name);
        no_panics(&text);
        check_doc(&root, name, &text);
    }
    // The Arroyo schemas, as a catalog would carry them: JSON strings in tableConfig.
    let schemas = root.join("arroyo-schemas");
    let mut items = Vec::new();
    for entry in std::fs::read_dir(&schemas).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        let text = read(&schemas, &name);
        no_panics(&text);
        let id = name.split('.').next().unwrap().to_string();
        let (table, profile) = if name.contains(".profile.") {
            ("{\"properties\":{}}".to_string(), Some(text))
        } else {
            (text, None)
        };
        items.push(json!({"id": format!("{id}-{}", items.len()), "name": id, "icon": "", "description": "", "tableConfig": table,
                          "connectionConfig": profile, "source": true, "sink": true, "enabled": true, "customSchemas": true, "testing": true, "hidden": false}));
    }
    let n = items.len();
    let cat = parse_connectors(&json!({ "data": items }).to_string()).unwrap();
    assert_eq!((cat.connectors.len(), cat.skipped.len()), (n, 0));
}

// ---------------------------------------------------------------------------------------------
// The verbs, through the vendor boundary, against the simulator

mod verbs {
    use super::common::*;
    use super::{kafka_profile_config, orders_schema};
    use connector_console::config::{AuthKind, BackendConfig};
    use connector_console::model::pipeline::TableDraft;
    use connector_console::model::status::Health;
    use connector_console::vendor::{Capability, Vendor};
    use connector_console::vendors::laminar::sim::LaminarSim;
    use connector_console::vendors::laminar::wire::job_health;
    use connector_console::vendors::laminar::Laminar;
    use serde_json::json;

    fn backend() -> BackendConfig {
        BackendConfig {
            id: "lam".into(),
            label: "Laminar".into(),
            dialect: "laminar".into(),
            simulated: false,
            base_url: Some("/laminar".into()),
            auth: AuthKind::None,
            options: Default::default(),
            user_added: false,
            timeout_secs: None,
        }
    }

    #[test]
    fn the_vendor_offers_pipelines_not_connectors() {
        for c in [
            Capability::SchemaCatalog,
            Capability::Profiles,
            Capability::Tables,
            Capability::TableTest,
            Capability::Jobs,
        ] {
            assert!(Laminar.capabilities().contains(&c), "{c:?}");
        }
        assert!(!Laminar.capabilities().contains(&Capability::Connectors));
        let b = Laminar.open(&backend());
        assert!(b.connectors().is_none() && b.pipelines().is_some());
    }

    #[test]
    fn catalog_profile_table_streamed_test_and_jobs() {
        let io = SimExchange::new(Box::new(LaminarSim::new()));
        let b = Laminar.open(&backend());
        let p = b.pipelines().unwrap();

        // Filters are applied again here, for servers that ignore them.
        let sinks = block_on(p.catalog(&io, None, Some("sink"))).unwrap();
        assert!(sinks.connectors.iter().all(|c| c.sink));
        assert!(sinks.get("impulse").is_none(), "impulse is a source only");

        let profile =
            block_on(p.create_profile(&io, "prod", "kafka", kafka_profile_config("b.internal")))
                .unwrap();
        assert_eq!(profile.connector, "kafka");
        // "Copy as curl" shows exactly the request creating sends.
        assert_eq!(
            io.sent.borrow().last(),
            p.create_profile_request("prod", "kafka", kafka_profile_config("b.internal"))
                .as_ref()
        );
        // A refused connection is a failed message, not an error.
        let failed =
            block_on(p.test_profile(&io, "bad", "kafka", kafka_profile_config("down.invalid")))
                .unwrap();
        assert!(failed.error && failed.done, "{failed:?}");

        let draft = TableDraft {
            name: "orders".into(),
            connector: "kafka".into(),
            profile_id: Some(profile.id.clone()),
            config: json!({"topic": "orders", "type": {"offset": "earliest"}}),
            schema: orders_schema(),
        };
        // The stream arrives one character at a time; every message still comes whole, in
        // order, the last one done.
        let mut messages = Vec::new();
        block_on(p.test_table(&io, &draft, &mut |m| messages.push(m))).unwrap();
        assert!(messages.len() >= 2, "{messages:?}");
        assert!(messages.last().unwrap().done);
        assert!(messages.iter().all(|m| !m.message.is_empty()));

        let table = block_on(p.create_table(&io, &draft)).unwrap();
        assert_eq!(table.profile_id.as_deref(), Some(profile.id.as_str()));
        assert_eq!(
            io.sent.borrow().last(),
            p.create_table_request(&draft).as_ref()
        );
        let tables = block_on(p.tables(&io)).unwrap();
        assert!(tables.iter().any(|t| t.id == table.id));
        // A profile in use cannot go.
        assert!(block_on(p.delete_profile(&io, &profile.id)).is_err());
        block_on(p.delete_table(&io, &table.id)).unwrap();
        assert!(block_on(p.delete_profile(&io, &profile.id))
            .unwrap()
            .is_some());

        io.sim.borrow_mut().seed_demo(0.0);
        let jobs = block_on(p.jobs(&io)).unwrap();
        assert!(!jobs.is_empty());
        let all: Vec<_> = jobs.iter().flat_map(|g| g.jobs.iter()).collect();
        assert!(all.iter().all(|j| j.health == job_health(&j.state)));
        assert!(all.iter().any(|j| j.health != Health::Unknown));
    }
}

#[test]
fn an_endless_event_is_capped_and_the_stream_read_once() {
    // 2 MiB without a blank line, in 1 KiB chunks: each byte is looked at once (no rescan of
    // the unfinished event), the event is skipped with a message, later events still arrive.
    let mut d = SseDecoder::default();
    let chunk = format!("data: {}", "x".repeat(1018));
    let mut out = Vec::new();
    out.extend(d.push(&chunk));
    let more = "x".repeat(1024);
    for _ in 0..2048 {
        out.extend(d.push(&more));
    }
    out.extend(d.push("\n\ndata: {\"message\": \"after\", \"done\": true}\n\n"));
    out.extend(d.finish());
    assert_eq!(
        out.len(),
        2,
        "{:?}",
        out.iter().map(|m| &m.message).collect::<Vec<_>>()
    );
    assert!(out[0].error && out[0].message.contains("larger than 1024 KiB"));
    assert_eq!((out[1].message.as_str(), out[1].done), ("after", true));

    // Many data lines that add up past the limit are capped the same way.
    let mut d = SseDecoder::default();
    let line = format!("data: {}\n", "y".repeat(4096));
    let mut out = Vec::new();
    for _ in 0..300 {
        out.extend(d.push(&line));
    }
    out.extend(d.push("\n"));
    assert_eq!(out.len(), 1);
    assert!(out[0].error);
}
