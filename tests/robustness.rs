//! Bounded work on any input: every parser entry point takes arbitrary and structured JSON (and
//! arbitrary text) without panicking and finishes within a bound. Property tests (proptest).
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::time::{Duration, Instant};

use connector_console::model::catalog::ConnectorKind;
use connector_console::schema::{parse_schema, pattern_matches, validate};
use connector_console::vendors::laminar::wire::SseDecoder;
use connector_console::vendors::{confluent, kafka_connect, laminar, streamkap, Registry};
use proptest::prelude::*;
use serde_json::{json, Map, Value};

/// Arbitrary JSON, nested up to 6 levels, with keys the parsers look for mixed in.
fn any_json() -> impl Strategy<Value = Value> {
    let key = prop_oneof![
        Just("type".to_string()),
        Just("properties".to_string()),
        Just("$ref".to_string()),
        Just("oneOf".to_string()),
        Just("anyOf".to_string()),
        Just("allOf".to_string()),
        Just("items".to_string()),
        Just("configs".to_string()),
        Just("definition".to_string()),
        Just("value".to_string()),
        Just("name".to_string()),
        Just("data".to_string()),
        Just("result".to_string()),
        Just("connector".to_string()),
        Just("tasks".to_string()),
        Just("state".to_string()),
        "[a-z_]{1,8}",
    ];
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(|f| json!(f)),
        prop_oneof![
            Just("#".to_string()),
            Just("#/properties/a".to_string()),
            Just("object".to_string()),
            Just("string".to_string()),
            Just("PASSWORD".to_string()),
            Just("RUNNING".to_string()),
            ".{0,12}",
        ]
        .prop_map(Value::from),
    ];
    leaf.prop_recursive(6, 96, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((key.clone(), inner), 0..6)
                .prop_map(|kv| Value::Object(kv.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// Runs every parser on one body.
fn every_parser(body: &str) {
    let _ = streamkap::wire::parse_catalog(ConnectorKind::Source, body);
    let _ = streamkap::wire::parse_list(ConnectorKind::Destination, body);
    let _ = streamkap::wire::parse_one(ConnectorKind::Source, body);
    let _ = streamkap::wire::parse_token(body, 0.0);
    let _ = kafka_connect::wire::parse_plugins(body);
    let _ = kafka_connect::wire::parse_validation(body);
    let _ = kafka_connect::wire::parse_list(body);
    let _ = kafka_connect::wire::parse_status(body);
    let _ = kafka_connect::wire::parse_config(body);
    let _ = confluent::wire::parse_plugins(body);
    let _ = confluent::wire::parse_validation(body);
    let _ = confluent::wire::parse_custom_plugins(body);
    let _ = confluent::wire::parse_list(body);
    let _ = confluent::wire::parse_config(body);
    let _ = laminar::wire::parse_connectors(body);
    let _ = laminar::wire::parse_profiles(body);
    let _ = laminar::wire::parse_tables(body);
    let _ = laminar::wire::parse_autocomplete(body);
    let _ = laminar::wire::parse_pipelines(body);
    let _ = laminar::wire::parse_jobs(body, None);
    let _ = laminar::wire::parse_message(body);
    let _ = laminar::wire::parse_sse(body);
    let _ = connector_console::model::icon::sanitize_svg(body);
    let _ = connector_console::config::parse_config(body, &Registry);
    for status in [400, 401, 404, 409, 422, 429, 500, 503] {
        let resp = common::resp(status, body);
        let _ = streamkap::wire::parse_error(&resp);
        let _ = kafka_connect::wire::parse_error(&resp);
        let _ = confluent::wire::parse_error(&resp);
        let _ = laminar::wire::parse_error(&resp);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn structured_json_never_panics(v in any_json()) {
        let started = Instant::now();
        every_parser(&v.to_string());
        let node = parse_schema(&v);
        let _ = validate(&node, &v);
        prop_assert!(started.elapsed() < Duration::from_secs(5));
    }

    #[test]
    fn arbitrary_text_never_panics(s in ".{0,200}") {
        every_parser(&s);
        let mut d = SseDecoder::default();
        let _ = d.push(&s);
        let _ = pattern_matches(&s, "abc");
        let _ = pattern_matches("^[a-z]+$", &s);
    }
}

#[test]
fn long_texts_are_matched_without_exhausting_the_stack() {
    let text = "ab".repeat(50_000);
    for p in ["^(a|b)*$", "^(?:ab)+$", "^[ab]*$", "^(a|b)+b$", "^.*$"] {
        let started = Instant::now();
        let answer = pattern_matches(p, &text);
        assert_ne!(answer, Some(false), "{p}: a match or \"cannot tell\"");
        assert!(started.elapsed() < Duration::from_secs(10), "{p}");
    }
}

#[test]
fn event_streams_are_linear() {
    let mut d = SseDecoder::default();
    let chunk = "x".repeat(64 * 1024);
    let started = Instant::now();
    for _ in 0..32 {
        let _ = d.push(&chunk);
    }
    assert!(started.elapsed() < Duration::from_secs(5));
}
