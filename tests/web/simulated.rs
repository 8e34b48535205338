//! The transport on a simulated backend, with the simulators in the page (this build has the
//! `simulators` feature; the shipped build sends the same messages to the `sim-worker`).

use connector_console::config::{AuthKind, BackendConfig};
use connector_console::http::{HttpRequest, Method};
use connector_console::net::Transport;
use serde_json::{json, Value};
use wasm_bindgen_test::*;

fn backend(id: &str) -> BackendConfig {
    BackendConfig {
        id: id.into(),
        label: "Kafka Connect (simulated)".into(),
        dialect: "kafka-connect".into(),
        simulated: true,
        base_url: None,
        auth: AuthKind::None,
        options: Default::default(),
        user_added: false,
        timeout_secs: None,
    }
}

fn names(body: &str) -> Vec<String> {
    serde_json::from_str::<Vec<String>>(body).unwrap()
}

#[wasm_bindgen_test]
async fn a_simulated_backend_answers_in_the_page_and_keeps_its_state() {
    let id = "web-test-kc";
    let key = format!("connector-console.sim.{id}");
    let storage = connector_console::browser::local_storage().unwrap();
    storage.remove_item(&key).unwrap();
    let vendor = connector_console::vendors::find("kafka-connect").unwrap();
    let t = Transport::new(backend(id), vendor, "/".into());
    let list = t
        .send(HttpRequest::new(Method::Get, "/connectors"))
        .await
        .unwrap();
    assert_eq!(list.status, 200);
    let before = names(&list.body);
    assert!(!before.is_empty(), "the demo is seeded");
    assert!(storage.get_item(&key).unwrap().is_some(), "and saved");
    let mut create = HttpRequest::new(Method::Post, "/connectors");
    create.body = Some(json!({"name": "added-in-page", "config": {
        "connector.class": "io.confluent.kafka.connect.datagen.DatagenConnector",
        "kafka.topic": "t", "quickstart": "users", "tasks.max": "1"}}));
    assert_eq!(t.send(create).await.unwrap().status, 201);
    let saved: Value = serde_json::from_str(&storage.get_item(&key).unwrap().unwrap()).unwrap();
    assert!(
        saved.to_string().contains("added-in-page"),
        "a change is saved"
    );
    // A second instance on the same backend sees the same "server".
    let other = Transport::new(backend(id), vendor, "/".into());
    let again = other
        .send(HttpRequest::new(Method::Get, "/connectors"))
        .await
        .unwrap();
    assert!(names(&again.body).contains(&"added-in-page".to_string()));
    storage.remove_item(&key).unwrap();
}
