//! The Streamkap simulator's state machine and wire behaviour, with exact time.

use crate::common::*;
use connector_console::http::{HttpRequest, Method};
use connector_console::model::catalog::ConnectorKind;
use connector_console::model::form::{encode, initial_values, Input};
use connector_console::model::status::Health;
use connector_console::vendor::Simulator;
use connector_console::vendors::streamkap::sim::StreamkapSim;
use connector_console::vendors::streamkap::wire::*;
use serde_json::{json, Value};

const T0: f64 = 1_800_000_000_000.0;

fn sim() -> StreamkapSim {
    StreamkapSim::new(
        &vendor_data("streamkap", "sources-connectors.json"),
        &vendor_data("streamkap", "destinations-connectors.json"),
    )
}

fn pg_config(host: &str) -> serde_json::Map<String, Value> {
    let cat = parse_catalog(
        ConnectorKind::Source,
        &vendor_data("streamkap", "sources-connectors.json"),
    )
    .unwrap();
    let pg = cat.types.iter().find(|t| t.id == "postgresql").unwrap();
    let mut values = initial_values(pg);
    for (k, v) in [
        ("database.hostname.user.defined", host),
        ("database.user", "streamkap"),
        ("database.password", "pw"),
        ("database.dbname", "orders"),
        ("schema.include.list", "public"),
        ("table.include.list.user.defined", "public.orders"),
    ] {
        values.insert(k.into(), Input::Text(v.into()));
    }
    encode(pg, &values)
}

fn create(sim: &mut StreamkapSim, name: &str, host: &str, now: f64) -> (u16, Value) {
    let r = create_request(ConnectorKind::Source, name, "postgresql", pg_config(host));
    let resp = sim.handle(&r, now);
    (resp.status, serde_json::from_str(&resp.body).unwrap())
}

fn status(sim: &mut StreamkapSim, id: &str, now: f64) -> (String, Health, Vec<String>) {
    let resp = sim.handle(&get_request(ConnectorKind::Source, id), now);
    assert_eq!(resp.status, 200, "{}", resp.body);
    let c = parse_one(ConnectorKind::Source, &resp.body).unwrap();
    (
        c.raw_state.clone(),
        c.health,
        c.tasks.iter().map(|t| t.state.clone()).collect(),
    )
}

#[test]
fn catalogs_are_served_whole_and_by_code() {
    let mut s = sim();
    let all = s.handle(&catalog_request(ConnectorKind::Source, None), T0);
    let cat = parse_catalog(ConnectorKind::Source, &all.body).unwrap();
    assert!(cat.types.len() >= 6);
    let one = s.handle(
        &catalog_request(ConnectorKind::Source, Some("postgresql")),
        T0,
    );
    let cat = parse_catalog(ConnectorKind::Source, &one.body).unwrap();
    assert_eq!(cat.types.len(), 1);
    assert_eq!(cat.types[0].id, "postgresql");
    let none = s.handle(&catalog_request(ConnectorKind::Source, Some("nope")), T0);
    assert_eq!(none.body, "{}");
}

#[test]
fn a_new_connector_goes_pending_starting_active() {
    let mut s = sim();
    let (code, body) = create(&mut s, "orders", "db.example.com", T0);
    assert_eq!(code, 201, "{body}");
    let id = body["id"].as_str().unwrap().to_string();
    assert_eq!(body["connector_status"], json!("Pending"));
    assert!(
        body["config"]["database.password"].is_null(),
        "secrets are not echoed"
    );
    assert_eq!(status(&mut s, &id, T0 + 500.0).0, "Pending");
    let (st, h, _) = status(&mut s, &id, T0 + 1_500.0);
    assert_eq!((st.as_str(), h), ("Starting", Health::Starting));
    let (st, h, tasks) = status(&mut s, &id, T0 + 10_000.0);
    assert_eq!((st.as_str(), h), ("Active", Health::Running));
    assert!(tasks.iter().all(|t| t == "RUNNING"));
}

#[test]
fn an_unreachable_host_goes_broken_with_a_reason() {
    let mut s = sim();
    let (_, body) = create(&mut s, "bad", "nowhere.invalid", T0);
    let id = body["id"].as_str().unwrap().to_string();
    let resp = s.handle(&get_request(ConnectorKind::Source, &id), T0 + 10_000.0);
    let c = parse_one(ConnectorKind::Source, &resp.body).unwrap();
    assert_eq!((c.raw_state.as_str(), c.health), ("Broken", Health::Failed));
    assert_eq!(
        c.failure_reason().as_deref(),
        Some("java.net.UnknownHostException: nowhere.invalid: Name or service not known")
    );
}

#[test]
fn invalid_configs_and_duplicate_names_get_422() {
    let mut s = sim();
    let mut config = pg_config("db.example.com");
    config.remove("database.user");
    config.insert("database.port.user.defined".into(), json!(5432));
    let r = create_request(ConnectorKind::Source, "x", "postgresql", config);
    let resp = s.handle(&r, T0);
    assert_eq!(resp.status, 422);
    let err = parse_error(&resp);
    let keys: Vec<&str> = err.field_errors().iter().map(|f| f.key.as_str()).collect();
    assert!(keys.contains(&"database.user"), "{keys:?}");
    assert!(keys.contains(&"database.port.user.defined"), "{keys:?}");

    assert_eq!(create(&mut s, "orders", "db.example.com", T0).0, 201);
    let (code, body) = create(&mut s, "ORDERS", "db.example.com", T0);
    assert_eq!(code, 422);
    assert!(body["detail"].as_str().unwrap().contains("already exists"));

    let r = create_request(
        ConnectorKind::Source,
        " ",
        "postgresql",
        pg_config("h.example.com"),
    );
    let err = parse_error(&s.handle(&r, T0));
    assert_eq!(err.field_errors()[0].key, "name");
}

#[test]
fn list_pages_filters_and_sorts() {
    let mut s = sim();
    for i in 0..7 {
        let host = if i == 3 {
            "down.invalid"
        } else {
            "db.example.com"
        };
        create(&mut s, &format!("conn-{i}"), host, T0 + i as f64);
    }
    let now = T0 + 10_000.0;
    let q = ListQuery {
        page: 1,
        page_size: 5,
        ..Default::default()
    };
    let page = parse_list(
        ConnectorKind::Source,
        &s.handle(&list_request(ConnectorKind::Source, &q), now).body,
    )
    .unwrap();
    assert_eq!((page.items.len(), page.total, page.has_next), (5, 7, true));
    assert_eq!(page.items[0].name, "conn-6", "newest first by default");
    let q = ListQuery {
        page: 2,
        page_size: 5,
        ..Default::default()
    };
    let page = parse_list(
        ConnectorKind::Source,
        &s.handle(&list_request(ConnectorKind::Source, &q), now).body,
    )
    .unwrap();
    assert_eq!((page.items.len(), page.has_next), (2, false));
    let q = ListQuery {
        page: 1,
        page_size: 50,
        status: Some("Broken".into()),
        ..Default::default()
    };
    let page = parse_list(
        ConnectorKind::Source,
        &s.handle(&list_request(ConnectorKind::Source, &q), now).body,
    )
    .unwrap();
    assert_eq!(
        page.items
            .iter()
            .map(|c| c.name.as_str())
            .collect::<Vec<_>>(),
        ["conn-3"]
    );
    let q = ListQuery {
        page: 1,
        page_size: 50,
        partial_name: Some("N-5".into()),
        ..Default::default()
    };
    let page = parse_list(
        ConnectorKind::Source,
        &s.handle(&list_request(ConnectorKind::Source, &q), now).body,
    )
    .unwrap();
    assert_eq!(page.total, 1);
    let dests = parse_list(
        ConnectorKind::Destination,
        &s.handle(
            &list_request(ConnectorKind::Destination, &ListQuery::default()),
            now,
        )
        .body,
    )
    .unwrap();
    assert_eq!(dests.total, 0, "sources and destinations are separate");
}

#[test]
fn pause_resume_update_and_delete() {
    let mut s = sim();
    let (_, body) = create(&mut s, "orders", "db.example.com", T0);
    let id = body["id"].as_str().unwrap().to_string();
    let now = T0 + 10_000.0;
    let c = parse_one(
        ConnectorKind::Source,
        &s.handle(&get_request(ConnectorKind::Source, &id), now).body,
    )
    .unwrap();

    let resp = s.handle(&set_state_request(&c, "Paused"), now);
    assert_eq!(resp.status, 200, "{}", resp.body);
    let (st, h, tasks) = status(&mut s, &id, now + 100.0);
    assert_eq!((st.as_str(), h), ("Paused", Health::Paused));
    assert!(tasks.iter().all(|t| t == "PAUSED"));

    let c = parse_one(
        ConnectorKind::Source,
        &s.handle(&get_request(ConnectorKind::Source, &id), now).body,
    )
    .unwrap();
    assert_eq!(
        s.handle(&set_state_request(&c, "Active"), now + 200.0)
            .status,
        200
    );
    assert_eq!(
        status(&mut s, &id, now + 300.0).0,
        "Starting",
        "a resume restarts"
    );
    assert_eq!(status(&mut s, &id, now + 10_000.0).0, "Active");

    // Changing a set-once field is refused; other changes restart it.
    let mut config = pg_config("db.example.com");
    config.insert("slot.name".into(), json!("other_slot"));
    config.remove("database.password");
    let resp = s.handle(
        &update_request(ConnectorKind::Source, &id, "orders", "postgresql", config),
        now + 20_000.0,
    );
    assert_eq!(resp.status, 422);
    assert_eq!(parse_error(&resp).field_errors()[0].key, "slot.name");
    let mut config = pg_config("moved.invalid");
    config.remove("database.password");
    let resp = s.handle(
        &update_request(ConnectorKind::Source, &id, "orders-2", "postgresql", config),
        now + 20_000.0,
    );
    assert_eq!(
        resp.status, 200,
        "a secret left out keeps its value: {}",
        resp.body
    );
    assert_eq!(status(&mut s, &id, now + 40_000.0).0, "Broken");

    assert_eq!(
        s.handle(&delete_request(ConnectorKind::Source, &id), now)
            .status,
        200
    );
    assert_eq!(
        s.handle(&get_request(ConnectorKind::Source, &id), now)
            .status,
        404
    );
    assert_eq!(
        s.handle(&delete_request(ConnectorKind::Source, &id), now)
            .status,
        404
    );
}

#[test]
fn unknown_routes_and_methods() {
    let mut s = sim();
    assert_eq!(
        s.handle(&HttpRequest::new(Method::Get, "/pipelines"), T0)
            .status,
        404
    );
    assert_eq!(
        s.handle(&HttpRequest::new(Method::Post, "/sources/connectors"), T0)
            .status,
        405
    );
    let r = HttpRequest::new(Method::Post, "/sources").json(json!("nonsense"));
    assert_eq!(s.handle(&r, T0).status, 422);
}

#[test]
fn demo_seed_and_state_round_trip_without_secrets() {
    let mut s = sim();
    s.seed_demo(T0);
    assert_eq!(s.len(), 3);
    let q = ListQuery {
        page: 1,
        page_size: 10,
        ..Default::default()
    };
    let page = parse_list(
        ConnectorKind::Source,
        &s.handle(&list_request(ConnectorKind::Source, &q), T0).body,
    )
    .unwrap();
    let healths: Vec<Health> = page.items.iter().map(|c| c.health).collect();
    assert!(
        healths.contains(&Health::Running) && healths.contains(&Health::Failed),
        "{healths:?}"
    );

    let state = s.export_state();
    assert!(
        !state.to_string().contains("demo-password"),
        "exports carry no secrets"
    );
    let mut restored = sim();
    restored.import_state(&state);
    assert_eq!(restored.len(), 3);
    let (code, _) = create(&mut restored, "new-after-restore", "db.example.com", T0);
    assert_eq!(code, 201, "ids keep counting after a restore");
    restored.import_state(&json!({"instances": [{"id": 1}], "next_id": "x"}));
    assert_eq!(restored.len(), 0, "malformed state is dropped, not fatal");
}

#[test]
fn auth_mode_issues_refreshes_and_expires_tokens() {
    let mut s = sim();
    s.require_auth("client", "shh", 1_000.0);
    let list = list_request(
        ConnectorKind::Source,
        &ListQuery {
            page: 1,
            page_size: 5,
            ..Default::default()
        },
    );
    assert_eq!(s.handle(&list, T0).status, 401, "no token");
    assert_eq!(s.handle(&token_request("client", "wrong"), T0).status, 401);
    let resp = s.handle(&token_request("client", "shh"), T0);
    assert_eq!(resp.status, 200);
    let token = parse_token(&resp.body, T0).unwrap();
    assert_eq!(token.expires_at_ms, T0 + 1_000.0);
    assert!(token.needs_refresh(T0 + 950.0, 60.0) && !token.needs_refresh(T0, 60.0));
    let mut authed = list.clone();
    authed
        .headers
        .push(("Authorization".into(), format!("Bearer {}", token.access)));
    assert_eq!(s.handle(&authed, T0 + 500.0).status, 200);
    assert_eq!(s.handle(&authed, T0 + 1_500.0).status, 401, "expired");
    let refreshed = s.handle(
        &refresh_request(token.refresh.as_deref().unwrap()),
        T0 + 1_500.0,
    );
    let fresh = parse_token(&refreshed.body, T0 + 1_500.0).unwrap();
    assert_ne!(fresh.access, token.access);
    assert_eq!(
        s.handle(&refresh_request(token.refresh.as_deref().unwrap()), T0)
            .status,
        401,
        "a refresh token works once"
    );
    let mut again = list;
    again
        .headers
        .push(("authorization".into(), format!("Bearer {}", fresh.access)));
    assert_eq!(s.handle(&again, T0 + 2_000.0).status, 200);
    assert_eq!(
        fresh.refresh_margin_ms(),
        200.0,
        "a fifth of a 1 s lifetime"
    );
    s.revoke_tokens();
    assert_eq!(s.handle(&again, T0 + 2_100.0).status, 401, "revoked");
}

#[test]
fn huge_page_numbers_and_sizes_are_answered_not_overflowed() {
    let mut s = sim();
    s.seed_demo(T0);
    for (page, size) in [
        ("4294967295", "100"),
        ("4294967295", "4294967295"),
        ("18446744073709551615", "1"),
        ("-1", "-5"),
    ] {
        let r = HttpRequest::new(Method::Get, "/sources")
            .query("page", page)
            .query("page_size", size);
        let resp = s.handle(&r, T0);
        assert_eq!(resp.status, 200, "{page} {size}: {}", resp.body);
        let v: Value = serde_json::from_str(&resp.body).unwrap();
        if page == "4294967295" {
            assert_eq!(v["result"], json!([]), "far past the end: empty");
            assert_eq!(v["has_next"], json!(false), "{page} {size}");
        }
    }
}
