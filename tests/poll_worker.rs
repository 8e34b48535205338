//! The list worker's pure half: listing through the vendor boundary, answering with what
//! changed since the rows the page holds, and handing back what needs the page. The browser
//! half is covered end to end (`tests/e2e/poll-worker.spec.mjs`).

mod common;

use common::*;
use connector_console::config::{backend_to_json, AuthKind};
use connector_console::http::{HttpRequest, Method};
use connector_console::model::rows::{status_changes, Row, RowKey};
use connector_console::poll_worker::{list_rows, FromPoller, PollHost, ToPoller};
use connector_console::vendor::{Simulator, Vendor};
use connector_console::vendors::kafka_connect::sim::KafkaConnectSim;
use connector_console::vendors::kafka_connect::KafkaConnect;
use serde_json::Value;

fn kafka_connect() -> (SimExchange, Value) {
    let mut sim = KafkaConnectSim::new();
    sim.seed_demo(0.0);
    let io = SimExchange::new(Box::new(sim));
    let b = backend_config("kafka-connect", "http://connect:8083", AuthKind::None);
    (io, backend_to_json(&b))
}

/// A request the simulated backend must accept.
fn send(io: &SimExchange, method: Method, path: &str) {
    let resp = block_on(connector_console::vendor::Exchange::send(
        io,
        HttpRequest::new(method, path),
    ))
    .unwrap();
    assert!(resp.status < 300, "{resp:?}");
}

fn rows(io: &SimExchange, backend: &Value) -> Vec<Row> {
    block_on(list_rows(backend, io)).expect("listed")
}

#[test]
fn the_worker_lists_what_the_page_would() {
    let (io, backend) = kafka_connect();
    let listed = rows(&io, &backend);
    assert!(listed.len() >= 3, "the demo has connectors: {listed:?}");
    let b = backend_config("kafka-connect", "http://connect:8083", AuthKind::None);
    let opened = KafkaConnect.open(&b);
    let page = block_on(opened.connectors().unwrap().list(&io)).unwrap();
    let expected: Vec<Row> = page.items.iter().map(Row::of).collect();
    assert_eq!(listed, expected);
}

#[test]
fn a_page_that_applied_the_last_answer_gets_only_what_changed() {
    let (io, backend) = kafka_connect();
    let mut host = PollHost::new();
    let first = rows(&io, &backend);
    let FromPoller::Rows { seq: s1, rows, .. } = host.answer(1, 7, 0, first.clone()) else {
        panic!("the first answer has every row");
    };
    assert_eq!(rows, first);
    // Nothing changed: an empty diff.
    let again = rows_of(&io, &backend);
    let FromPoller::Diff {
        id,
        base,
        seq: s2,
        diff,
        ..
    } = host.answer(2, 7, s1, again)
    else {
        panic!("a diff");
    };
    assert_eq!((id, base), (2, s1));
    assert!(s2 > s1);
    assert!(diff.changed.is_empty() && diff.removed.is_empty() && !diff.order_changed);
    // The order stands, so it is not sent again (the page keeps its own).
    assert!(diff.order.is_empty(), "{:?}", diff.order);
    // One connector paused: that row alone, and its state change announced.
    let name = first[0].id.clone();
    send(&io, Method::Put, &format!("/connectors/{name}/pause"));
    let FromPoller::Diff { diff, seq: s3, .. } = host.answer(3, 7, s2, rows_of(&io, &backend))
    else {
        panic!("a diff");
    };
    assert_eq!(diff.changed.len(), 1, "{diff:?}");
    assert_eq!(diff.changed[0].1.id, name);
    // The page announces the state change it sees against its own rows.
    let before = first.iter().map(|r| (r.key(), r.clone())).collect();
    let changes = status_changes(&before, &diff.changed);
    assert_eq!(changes.len(), 1);
    assert_eq!(changes[0].to, "PAUSED");
    assert!(!diff.order_changed && diff.order.is_empty());
    // One connector deleted: the new order comes with the diff.
    let gone = first[1].id.clone();
    send(&io, Method::Delete, &format!("/connectors/{gone}"));
    let FromPoller::Diff { diff, seq: s4, .. } = host.answer(6, 7, s3, rows_of(&io, &backend))
    else {
        panic!("a diff");
    };
    assert!(diff.order_changed);
    assert_eq!(diff.removed, vec![first[1].key()]);
    let expected: Vec<_> = first
        .iter()
        .filter(|r| r.id != gone)
        .map(|r| r.key())
        .collect();
    assert_eq!(diff.order, expected);
    let FromPoller::Diff { diff, .. } = host.answer(7, 7, s4, rows_of(&io, &backend)) else {
        panic!("a diff");
    };
    assert!(!diff.order_changed && diff.order.is_empty());
    let s3 = s4;
    // A page that did not apply an answer (or a new page) gets every row again.
    assert!(matches!(
        host.answer(4, 7, s2, rows_of(&io, &backend)),
        FromPoller::Rows { .. }
    ));
    assert!(matches!(
        host.answer(5, 8, s3, rows_of(&io, &backend)),
        FromPoller::Rows { .. }
    ));
}

fn rows_of(io: &SimExchange, backend: &Value) -> Vec<Row> {
    rows(io, backend)
}

#[test]
fn a_page_that_holds_rows_gets_a_diff_from_a_new_worker() {
    let (io, backend) = kafka_connect();
    // The page's own first poll.
    let first = rows(&io, &backend);
    let held: Vec<(RowKey, u64)> = first.iter().map(|r| (r.key(), r.digest())).collect();
    // Then one connector is paused, and the worker's first poll tells only that row.
    let name = first[0].id.clone();
    send(&io, Method::Put, &format!("/connectors/{name}/pause"));
    let mut host = PollHost::new();
    let FromPoller::Diff {
        base, seq, diff, ..
    } = host.reply(1, 7, 0, &held, rows(&io, &backend))
    else {
        panic!("a diff against the rows the page holds");
    };
    assert_eq!(base, 0);
    assert_eq!(diff.changed.len(), 1, "{diff:?}");
    assert_eq!(diff.changed[0].1.id, name);
    assert!(diff.removed.is_empty() && !diff.order_changed && diff.order.is_empty());
    let before = first.iter().map(|r| (r.key(), r.clone())).collect();
    assert_eq!(status_changes(&before, &diff.changed)[0].to, "PAUSED");
    // The worker now holds what the page holds after applying it: the next poll is a diff.
    let FromPoller::Diff { diff, base, .. } = host.reply(2, 7, seq, &[], rows(&io, &backend))
    else {
        panic!("a diff");
    };
    assert_eq!(base, seq);
    assert!(diff.changed.is_empty());
    // A page that holds nothing gets every row; one that applied an answer the worker does
    // not know gets every row whatever it says it holds.
    assert!(matches!(
        host.reply(3, 8, 0, &[], rows(&io, &backend)),
        FromPoller::Rows { .. }
    ));
    assert!(matches!(
        host.reply(4, 9, 99, &held, rows(&io, &backend)),
        FromPoller::Rows { .. }
    ));
    // A page before this message had `held` asks as before.
    let old = r#"{"kind":"list","id":1,"session":2,"applied":0,"backend":{},"headers":[]}"#;
    assert!(matches!(
        serde_json::from_str::<ToPoller>(old).unwrap(),
        ToPoller::List { held, .. } if held.is_empty()
    ));
}

#[test]
fn each_list_on_a_page_has_its_own_rows() {
    let (io, backend) = kafka_connect();
    let mut host = PollHost::new();
    let FromPoller::Rows { seq: a, .. } = host.answer(1, 1, 0, rows(&io, &backend)) else {
        panic!()
    };
    let FromPoller::Rows { seq: b, .. } = host.answer(2, 2, 0, rows(&io, &backend)) else {
        panic!()
    };
    assert!(matches!(
        host.answer(3, 1, a, rows(&io, &backend)),
        FromPoller::Diff { .. }
    ));
    assert!(matches!(
        host.answer(4, 2, b, rows(&io, &backend)),
        FromPoller::Diff { .. }
    ));
    // Forgotten (its page polled itself): every row next time.
    host.forget(1);
    assert!(matches!(
        host.answer(5, 1, a, rows(&io, &backend)),
        FromPoller::Rows { .. }
    ));
}

#[test]
fn answers_the_page_acts_on_are_handed_back() {
    // Sign-in and rate limits: the page's transport signs in or waits, with a notice.
    for status in [401, 403, 429] {
        let (io, backend) = kafka_connect();
        io.failing.borrow_mut().push(("/connectors".into(), status));
        let back = block_on(list_rows(&backend, &io)).unwrap_err();
        assert!(back.why.contains(&status.to_string()), "{status}: {back:?}");
        // The answer goes to the page, which acts on it instead of asking again at once.
        let (req, resp) = back.answer.expect("the answer handed back");
        assert_eq!(resp.status, status);
        assert!(req.path.starts_with("/connectors"), "{req:?}");
        assert!(
            req.headers.is_empty(),
            "no credentials in the message: {req:?}"
        );
    }
    // Any other failure: the page shows it (and its transport retries what the vendor says).
    for status in [404, 500, 503] {
        let (io, backend) = kafka_connect();
        io.failing.borrow_mut().push(("/connectors".into(), status));
        assert!(block_on(list_rows(&backend, &io)).is_err(), "{status}");
    }
    // Not a backend of this build, or not a backend at all.
    let (io, _) = kafka_connect();
    let mut b = backend_config("nope", "http://x", AuthKind::None);
    b.dialect = "nope".into();
    assert!(block_on(list_rows(&backend_to_json(&b), &io)).is_err());
    assert!(block_on(list_rows(&Value::Null, &io)).is_err());
}

#[test]
fn the_credentials_given_go_with_every_request() {
    let (mut io, backend) = kafka_connect();
    io.headers = vec![("Authorization".into(), "Basic dTpw".into())];
    rows(&io, &backend);
    let sent = io.sent.borrow();
    assert!(!sent.is_empty());
    assert!(sent.iter().all(|r| r
        .headers
        .iter()
        .any(|(k, v)| k == "Authorization" && v == "Basic dTpw")));
}

#[test]
fn messages_are_json_both_ways() {
    let (io, backend) = kafka_connect();
    let msg = ToPoller::List {
        id: 3,
        session: 9,
        applied: 2,
        backend: backend.clone(),
        headers: vec![("Authorization".into(), "Bearer t".into())],
        held: vec![("sources/a".into(), u64::MAX)],
    };
    let text = serde_json::to_string(&msg).unwrap();
    assert!(text.contains(r#""kind":"list""#), "{text}");
    assert_eq!(serde_json::from_str::<ToPoller>(&text).unwrap(), msg);
    // A shared worker is told to close itself when the page gives it up.
    assert_eq!(
        serde_json::to_string(&ToPoller::Close).unwrap(),
        r#"{"kind":"close"}"#
    );
    assert_eq!(
        serde_json::from_str::<ToPoller>(r#"{"kind":"close"}"#).unwrap(),
        ToPoller::Close
    );
    // A stuck worker is found by a ping it does not answer.
    assert_eq!(
        serde_json::to_string(&ToPoller::Ping).unwrap(),
        r#"{"kind":"ping"}"#
    );
    assert_eq!(
        serde_json::from_str::<FromPoller>(r#"{"kind":"pong"}"#).unwrap(),
        FromPoller::Pong
    );
    assert_eq!(FromPoller::Pong.id(), None);
    let mut host = PollHost::new();
    let FromPoller::Rows { seq, .. } = host.answer(1, 9, 0, rows(&io, &backend)) else {
        panic!()
    };
    for answer in [
        host.answer(2, 9, seq, rows(&io, &backend)),
        FromPoller::Handback {
            id: 4,
            why: "an answer had status 429".into(),
            answer: Some((
                HttpRequest::new(Method::Get, "/connectors"),
                resp(429, "slow down"),
            )),
        },
        FromPoller::Ready,
        FromPoller::Pong,
    ] {
        let text = serde_json::to_string(&answer).unwrap();
        assert_eq!(serde_json::from_str::<FromPoller>(&text).unwrap(), answer);
    }
    assert_eq!(
        serde_json::from_str::<FromPoller>(r#"{"kind":"failed","error":"no wasm"}"#).unwrap(),
        FromPoller::Failed {
            error: "no wasm".into()
        }
    );
}
