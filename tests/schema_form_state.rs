//! The JSON Schema form's state, natively (signals work without a browser): a form built from
//! a config gives that config back (the variant it matched, numbers, maps, unlisted keys), a
//! fresh form gives the schema's defaults, and no schema makes it panic. Runs over the
//! simulator's catalog and stored configs, our fixtures, and — when
//! `CONNECTOR_CONSOLE_SHARED_FIXTURES` names the shared `fixtures` directory — every Arroyo
//! schema there.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::*;
use connector_console::components::schema_form::SchemaForm;
use connector_console::http::{HttpRequest, Method};
use connector_console::schema::{clean, default_value, parse_schema_str, Node};
use connector_console::vendor::Simulator;
use connector_console::vendors::laminar::sim::LaminarSim;
use connector_console::vendors::laminar::wire::parse_connectors;
use serde_json::{json, Value};

fn round_trips(node: &Node, config: &Value, what: &str) {
    let form = SchemaForm::new(node.clone(), config, "t-");
    assert_eq!(
        form.cleaned(),
        clean(node, config),
        "{what}: the form gives back what it was opened with"
    );
    // Problems point somewhere; nothing panics.
    let _ = form.problems();
    let _ = form.draft_value();
}

fn sim_schemas(arroyo: bool) -> Vec<(String, Node)> {
    let mut sim = LaminarSim::new();
    sim.arroyo_variant(arroyo);
    let body = sim
        .handle(&HttpRequest::new(Method::Get, "/api/v1/connectors"), 0.0)
        .body;
    let cat = parse_connectors(&body).unwrap();
    let mut out = Vec::new();
    for c in cat.connectors {
        for (side, n) in [
            ("profile", c.profile_schema),
            ("source", c.source_schema),
            ("sink", c.sink_schema),
            ("table", c.table_schema),
        ] {
            if let Some(n) = n {
                out.push((format!("{}/{side}", c.id), n));
            }
        }
    }
    out
}

#[test]
fn fresh_forms_hold_the_schema_defaults() {
    for arroyo in [false, true] {
        for (what, node) in sim_schemas(arroyo) {
            round_trips(&node, &default_value(&node), &what);
        }
    }
}

#[test]
fn stored_configs_come_back_unchanged() {
    let mut sim = LaminarSim::new();
    sim.seed_demo(1_700_000_000_000.0);
    let schemas = sim_schemas(false);
    let find = |id: &str| {
        schemas
            .iter()
            .find(|(w, _)| w == id)
            .map(|(_, n)| n.clone())
            .unwrap()
    };
    let profiles: Value = serde_json::from_str(
        &sim.handle(
            &HttpRequest::new(Method::Get, "/api/v1/connection_profiles"),
            0.0,
        )
        .body,
    )
    .unwrap();
    let mut n = 0;
    for p in profiles["data"].as_array().unwrap() {
        let connector = p["connector"].as_str().unwrap();
        round_trips(
            &find(&format!("{connector}/profile")),
            &p["config"],
            p["name"].as_str().unwrap(),
        );
        n += 1;
    }
    assert_eq!(n, 3);
    let tables: Value = serde_json::from_str(
        &sim.handle(
            &HttpRequest::new(Method::Get, "/api/v1/connection_tables"),
            0.0,
        )
        .body,
    )
    .unwrap();
    for t in tables["data"].as_array().unwrap() {
        let side = t["table_type"].as_str().unwrap();
        let connector = t["connector"].as_str().unwrap();
        round_trips(
            &find(&format!("{connector}/{side}")),
            &t["config"],
            t["name"].as_str().unwrap(),
        );
    }
    // A config with every kind: a non-default variant, numbers, a map, rows, an unlisted key.
    let kafka = find("kafka/profile");
    round_trips(
        &kafka,
        &json!({
            "bootstrapServers": "b:9092",
            "authentication": {"region": "eu-west-1"},
            "schemaRegistryEnum": {"endpoint": "http://sr:8081", "apiKey": "k"},
            "connectionProperties": {"a.b": "1", "c": "two"},
            "unknown": {"kept": [1, 2]}
        }),
        "kafka with AWS MSK IAM",
    );
    let form = SchemaForm::new(
        kafka.clone(),
        &json!({"authentication": {"region": "eu-west-1"}}),
        "t-",
    );
    assert_eq!(
        form.raw_value()["authentication"]["$variant"],
        json!("AWS MSK IAM"),
        "the matched variant is the one shown"
    );
    let fs = find("filesystem/sink");
    round_trips(
        &fs,
        &json!({
            "path": "s3://b/p",
            "fileSettings": {"targetFileSize": 2097152, "partitioning": {"partitionFields": ["a", "b"]}},
            "storageOptions": {"aws_region": "us-east-1"}
        }),
        "filesystem",
    );
}

#[test]
fn secrets_stay_out_of_drafts() {
    let kafka = sim_schemas(false)
        .into_iter()
        .find(|(w, _)| w == "kafka/profile")
        .unwrap()
        .1;
    let form = SchemaForm::new(
        kafka,
        &json!({"bootstrapServers": "b:1", "authentication": {"protocol": "SASL_SSL", "mechanism": "PLAIN", "username": "u", "password": "p4ss"}}),
        "t-",
    );
    assert_eq!(form.cleaned()["authentication"]["password"], json!("p4ss"));
    let draft = form.draft_value().to_string();
    assert!(!draft.contains("p4ss"), "{draft}");
    assert!(draft.contains("\"username\":\"u\""));
}

#[test]
fn own_fixtures_and_shared_arroyo_schemas_become_forms() {
    let mut docs: Vec<(String, String)> = ["broker.profile.json", "stream.table.json"]
        .iter()
        .map(|f| (f.to_string(), fixture(&format!("laminar/{f}"))))
        .collect();
    if let Some(shared) = shared_dir("laminar/arroyo-schemas") {
        let mut n = 0;
        for e in std::fs::read_dir(&shared).expect("the shared Arroyo schemas") {
            let path = e.unwrap().path();
            docs.push((
                path.display().to_string(),
                std::fs::read_to_string(&path).unwrap(),
            ));
            n += 1;
        }
        assert!(n > 5, "{n} shared schemas");
    }
    for (name, text) in docs {
        let node = parse_schema_str(&text).unwrap();
        round_trips(&node, &default_value(&node), &name);
    }
}
