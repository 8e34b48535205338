//! The simulated backend's worker protocol: what the page sends, what `SimHost` (the worker's
//! pure half) answers. The browser half is covered end to end (every e2e test on a simulated
//! backend goes through the worker).

use connector_console::http::{HttpRequest, Method};
use connector_console::sim_worker::{FromWorker, SimHost, ToWorker};
use serde_json::{json, Value};

fn get(path: &str) -> HttpRequest {
    HttpRequest {
        method: Method::Get,
        path: path.into(),
        query: vec![],
        headers: vec![],
        body: None,
    }
}

fn open(id: u32, backend: &str, state: Option<Value>) -> ToWorker {
    ToWorker::Open {
        id,
        backend: backend.into(),
        vendor: "kafka-connect".into(),
        assets: vec![],
        state,
        now_ms: 1_000.0,
    }
}

fn request(id: u32, backend: &str, request: HttpRequest) -> ToWorker {
    ToWorker::Request {
        id,
        backend: backend.into(),
        request,
        now_ms: 2_000.0,
    }
}

/// The parts of a reply: (id, response body and status, error, state).
type Parts = (u32, Option<(u16, String)>, Option<String>, Option<Value>);

fn parts(r: FromWorker) -> Parts {
    match r {
        FromWorker::Reply {
            id,
            response,
            error,
            state,
        } => (id, response.map(|r| (r.status, r.body)), error, state),
        other => panic!("not a reply: {other:?}"),
    }
}

fn names(body: &str) -> Vec<String> {
    let v: Value = serde_json::from_str(body).unwrap();
    let mut n: Vec<String> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect();
    n.sort();
    n
}

#[test]
fn open_seeds_the_demo_and_hands_back_its_state_then_requests_are_answered() {
    let mut host = SimHost::new();
    let (id, resp, err, state) = parts(host.handle(open(1, "kc", None)));
    assert_eq!((id, resp, err), (1, None, None));
    assert!(state.is_some(), "a seeded demo is saved by the page");
    let (id, resp, err, state) = parts(host.handle(request(2, "kc", get("/connectors"))));
    assert_eq!(
        (id, err, state),
        (2, None, None),
        "a GET changes nothing to save"
    );
    let (status, body) = resp.unwrap();
    assert_eq!(status, 200);
    assert!(!names(&body).is_empty(), "the demo has connectors");
}

#[test]
fn a_change_returns_the_new_state_and_a_new_worker_restores_it() {
    let mut host = SimHost::new();
    host.handle(open(1, "kc", None));
    let create = HttpRequest {
        method: Method::Post,
        path: "/connectors".into(),
        query: vec![],
        headers: vec![],
        body: Some(json!({"name": "added-here", "config": {
            "connector.class": "io.confluent.kafka.connect.datagen.DatagenConnector",
            "kafka.topic": "t", "quickstart": "users", "tasks.max": "1"}})),
    };
    let (_, resp, err, state) = parts(host.handle(request(2, "kc", create)));
    assert_eq!(err, None);
    assert_eq!(resp.unwrap().0, 201);
    let state = state.expect("a POST hands back the state");
    let (_, before, ..) = parts(host.handle(request(3, "kc", get("/connectors"))));
    // A worker started again (a reload, or after one died) opens with the saved state.
    let mut again = SimHost::new();
    let (_, _, _, seeded) = parts(again.handle(open(1, "kc", Some(state))));
    assert_eq!(seeded, None, "restored, not seeded again");
    let (_, after, ..) = parts(again.handle(request(2, "kc", get("/connectors"))));
    let (before, after) = (names(&before.unwrap().1), names(&after.unwrap().1));
    assert!(after.contains(&"added-here".to_string()));
    assert_eq!(before, after);
}

#[test]
fn backends_are_separate_and_opening_twice_keeps_the_first() {
    let mut host = SimHost::new();
    host.handle(open(1, "a", None));
    host.handle(open(2, "b", Some(json!({}))));
    let (_, a, ..) = parts(host.handle(request(3, "a", get("/connectors"))));
    let (_, b, ..) = parts(host.handle(request(4, "b", get("/connectors"))));
    assert_ne!(a, b, "b was opened empty, a seeded");
    let (_, resp, err, state) = parts(host.handle(open(5, "a", Some(json!({})))));
    assert_eq!((resp, err, state), (None, None, None));
    let (_, a2, ..) = parts(host.handle(request(6, "a", get("/connectors"))));
    assert_eq!(a, a2, "the second open did not reset a");
}

#[test]
fn bad_messages_get_an_error_reply_to_the_right_id() {
    let mut host = SimHost::new();
    let (id, _, err, _) = parts(host.handle(request(7, "never-opened", get("/connectors"))));
    assert_eq!(id, 7);
    assert!(err.unwrap().contains("was not opened"));
    let mut unknown = open(8, "x", None);
    if let ToWorker::Open { vendor, .. } = &mut unknown {
        *vendor = "oracle-goldengate".into();
    }
    let (id, _, err, _) = parts(host.handle(unknown));
    assert_eq!(id, 8);
    assert!(err.unwrap().contains("oracle-goldengate"));
    // Text that is not a message: the id is kept when it can be read, so nothing hangs.
    for (text, want) in [(r#"{"kind":"reboot","id":9}"#, 9), ("not json", 0)] {
        let reply: FromWorker = serde_json::from_str(&host.handle_text(text)).unwrap();
        let (id, _, err, _) = parts(reply);
        assert_eq!(id, want);
        assert!(err.unwrap().contains("could not read"));
    }
}

#[test]
fn messages_are_json_the_page_and_worker_agree_on() {
    let msg = request(3, "demo", get("/connectors"));
    let text = serde_json::to_string(&msg).unwrap();
    assert!(text.contains(r#""kind":"request""#), "{text}");
    assert_eq!(serde_json::from_str::<ToWorker>(&text).unwrap(), msg);
    let ready = serde_json::to_string(&FromWorker::Ready).unwrap();
    assert_eq!(ready, r#"{"kind":"ready"}"#);
    // What sim-worker_loader.js posts when the module cannot start.
    let failed: FromWorker = serde_json::from_str(r#"{"kind":"failed","error":"404"}"#).unwrap();
    assert_eq!(
        failed,
        FromWorker::Failed {
            error: "404".into()
        }
    );
    let mut host = SimHost::new();
    let reply = host.handle_text(&serde_json::to_string(&open(4, "demo", None)).unwrap());
    assert!(reply.starts_with(r#"{"kind":"reply","id":4"#), "{reply}");
}
