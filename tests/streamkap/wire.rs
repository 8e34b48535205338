//! The Streamkap dialect over real-shaped payloads: both catalog shapes, every control kind,
//! malformed input, list/status parsing and error mapping.

use crate::common::*;
use connector_console::http::{ApiError, HttpResponse, Method};
use connector_console::model::catalog::{ConditionOp, ConnectorKind, ValueType, Widget};
use connector_console::model::status::Health;
use connector_console::vendors::streamkap::wire::*;
use serde_json::json;

#[test]
fn object_shape_keeps_only_user_defined_entries_in_display_order() {
    let pg = postgres();
    assert_eq!(pg.name, "PostgreSQL");
    assert_eq!(pg.description, "Change data capture from PostgreSQL.");
    let keys: Vec<&str> = pg.fields.iter().map(|f| f.key.as_str()).collect();
    assert!(!keys.contains(&"connector.class"));
    assert!(!keys.contains(&"database.hostname"));
    assert_eq!(
        &keys[..4],
        [
            "database.hostname.user.defined",
            "database.port.user.defined",
            "database.user",
            "database.password"
        ]
    );
    let groups: Vec<&str> = pg.groups.iter().map(|g| g.label.as_str()).collect();
    assert_eq!(
        groups,
        ["Connection", "General", "Settings", "Schema", "Transforms"]
    );
}

#[test]
fn every_control_kind_maps_to_a_widget() {
    let pg = postgres();
    let w = |k: &str| pg.field(k).unwrap().widget.clone();
    assert_eq!(w("database.hostname.user.defined"), Widget::Text);
    assert_eq!(w("database.password"), Widget::Password);
    assert!(pg.field("database.password").unwrap().secret);
    assert_eq!(w("tables"), Widget::TextArea { rows: 3 });
    assert_eq!(
        w("database.port.user.defined"),
        Widget::Number {
            min: None,
            max: None,
            integer: true
        }
    );
    assert_eq!(w("heartbeat.enabled"), Widget::Toggle);
    assert_eq!(w("include.db.name"), Widget::Checkbox);
    assert_eq!(
        w("heartbeat.interval.ms"),
        Widget::Slider {
            min: 1000.0,
            max: 60000.0,
            step: 1000.0
        }
    );
    assert_eq!(w("custom.config"), Widget::Json { rows: 6 });
    assert_eq!(w("snapshot.start"), Widget::DateTime);
    assert!(
        matches!(w("snapshot.read.only.user.defined"), Widget::Select { choices } if choices.len() == 2)
    );

    let wh = webhook();
    let ww = |k: &str| wh.field(k).unwrap().widget.clone();
    match ww("payload.format") {
        Widget::Select { choices } => {
            assert_eq!(choices[1].label, "Newline-delimited JSON");
            assert_eq!(choices[1].value, json!("ndjson"));
        }
        other => panic!("{other:?}"),
    }
    match ww("batch.wait.ms") {
        Widget::Select { choices } => assert_eq!(choices[0].value, json!(500)),
        other => panic!("{other:?}"),
    }
    match ww("strict") {
        Widget::Select { choices } => assert_eq!(choices[0].value, json!(true)),
        other => panic!("{other:?}"),
    }
    assert!(
        matches!(ww("fields"), Widget::MultiSelect { free_entry: false, ref choices } if choices.len() == 3)
    );
    assert!(matches!(
        ww("topics"),
        Widget::MultiSelect {
            free_entry: true,
            ..
        }
    ));
    assert_eq!(
        ww("preview"),
        Widget::Unknown {
            kind: "sparkline-picker".into()
        }
    );
}

#[test]
fn older_control_names_map_sensibly_and_array_shape_parses() {
    let cat = catalog("streamkap/catalog-array-shape.json", ConnectorKind::Source);
    assert!(cat.skipped.is_empty(), "{:?}", cat.skipped);
    let stripe = cat.types.iter().find(|t| t.name == "Stripe").unwrap();
    assert_eq!(stripe.id, "stripe", "code derived from the display name");
    let w = |k: &str| stripe.field(k).unwrap().widget.clone();
    // A text field named like a credential is masked (the secret policy).
    assert_eq!(w("api.key"), Widget::Password);
    assert!(stripe.field("api.key").unwrap().secret);
    assert!(matches!(w("mode"), Widget::Select { .. }));
    assert_eq!(w("backfill"), Widget::Checkbox);
    assert!(matches!(
        w("objects"),
        Widget::MultiSelect {
            free_entry: false,
            ..
        }
    ));
    assert_eq!(w("cert"), Widget::File);
    assert!(stripe.field("computed").is_none());
    let sql = cat
        .types
        .iter()
        .find(|t| t.name == "SQL Server (AWS)")
        .unwrap();
    assert_eq!(sql.id, "sqlserveraws", "explicit connector.code entry wins");
}

#[test]
fn defaults_placeholders_and_flags() {
    let pg = postgres();
    let port = pg.field("database.port.user.defined").unwrap();
    assert_eq!(port.default, Some(json!("5432")));
    assert_eq!(
        port.value_type,
        ValueType::String,
        "numbers-as-strings stay strings"
    );
    let key = pg.field("ssh.public.key.user.displayed").unwrap();
    assert_eq!(key.default, None);
    assert_eq!(key.server_placeholder.as_deref(), Some("<SSH.PUBLIC.KEY>"));
    assert!(key.readonly);
    assert!(pg.field("slot.name").unwrap().immutable_after_create);
    assert!(pg.field("heartbeat.enabled").unwrap().advanced);
    assert_eq!(pg.field("api.key").unwrap().show_last, Some(4));
    assert!(pg.field("api.key").unwrap().secret);
    assert_eq!(
        pg.field("database.hostname.user.defined")
            .unwrap()
            .placeholder
            .as_deref(),
        Some("db.example.com")
    );
    let interval = pg.field("heartbeat.interval.ms").unwrap();
    assert_eq!(interval.value_type, ValueType::Integer);
    assert_eq!(interval.visible_when[0].op, ConditionOp::Eq);
    assert_eq!(interval.visible_when[0].value, json!(true));
}

#[test]
fn malformed_entries_are_skipped_and_listed() {
    let cat = catalog("streamkap/catalog-object-shape.json", ConnectorKind::Source);
    assert_eq!(
        cat.types.len(),
        2,
        "the broken connector is skipped, the rest parse"
    );
    let joined = cat.skipped.join("\n");
    assert!(joined.contains("Broken Connector"), "{joined}");
    assert!(joined.contains("“broken.entry”"), "{joined}");
    assert!(joined.contains("has no `name`"), "{joined}");
    assert!(
        joined.contains("unknown condition operator “GT”"),
        "{joined}"
    );
    assert_eq!(cat.skipped.len(), 4, "{joined}");
}

#[test]
fn garbage_catalogs_are_errors_not_panics() {
    for body in ["", "nope", "[1,2]", "42", "{\"A\": 3}"] {
        match parse_catalog(ConnectorKind::Source, body) {
            Ok(c) => assert!(c.types.is_empty() && !c.skipped.is_empty(), "{body}"),
            Err(ApiError::Malformed(msg)) => assert!(!msg.is_empty()),
            Err(e) => panic!("{body}: {e:?}"),
        }
    }
}

#[test]
fn catalog_requests_use_the_documented_paths() {
    let r = catalog_request(ConnectorKind::Source, Some("postgresql"));
    assert_eq!(r.method, Method::Get);
    assert_eq!(
        r.path_and_query(),
        "/sources/connectors?connector_code=postgresql"
    );
    let r = catalog_request(ConnectorKind::Destination, None);
    assert_eq!(r.path_and_query(), "/destinations/connectors");
}

#[test]
fn list_envelope_and_every_status() {
    let page = parse_list(
        ConnectorKind::Source,
        &fixture("streamkap/sources-list.json"),
    )
    .unwrap();
    assert_eq!(
        (page.page, page.page_size, page.total, page.has_next),
        (2, 11, 30, true)
    );
    assert_eq!(page.items.len(), 10, "the entry without an id is skipped");
    let h = |name: &str| page.items.iter().find(|c| c.name == name).unwrap().health;
    assert_eq!(h("orders-pg"), Health::Running);
    assert_eq!(h("crm-mysql"), Health::Failed);
    assert_eq!(
        h("degraded-one"),
        Health::Degraded,
        "Active with a failed task is not healthy"
    );
    assert_eq!(h("new-one"), Health::Starting);
    assert_eq!(h("paused"), Health::Paused);
    assert_eq!(h("stopped"), Health::Stopped);
    assert_eq!(h("starting"), Health::Starting);
    assert_eq!(h("unassigned"), Health::Degraded);
    assert_eq!(h("unknown"), Health::Unknown);
    assert_eq!(h("weird"), Health::Unknown);
    let broken = page.items.iter().find(|c| c.name == "crm-mysql").unwrap();
    assert_eq!(broken.tasks[0].id, "0", "tasks sorted by id");
    assert_eq!(
        broken.failure_reason().as_deref(),
        Some("java.sql.SQLException: Access denied for user 'x'")
    );
    assert_eq!(
        broken.task_summary(),
        vec![("FAILED".to_string(), 1), ("RUNNING".to_string(), 1)]
    );
}

/// A list is read into typed fields; whatever does not have the expected shape is read as
/// loosely as before. Both ways give the same connectors.
#[test]
fn typed_and_lenient_list_reading_agree() {
    let body = fixture("streamkap/sources-list.json");
    let typed = parse_list(ConnectorKind::Source, &body).unwrap();
    // `page` as text makes the typed reading give up on the envelope: all of it lenient.
    let mut v: serde_json::Value = serde_json::from_str(&body).unwrap();
    v["page"] = json!("2");
    let loose = parse_list(ConnectorKind::Source, &v.to_string()).unwrap();
    assert_eq!(loose.page, 1, "text is not a page number");
    assert_eq!(typed.items, loose.items);
    // A list is for status: the configs are skipped (a poll of 2,000 connectors spent most of
    // its time building them), both ways; `parse_one` reads a connector's config.
    assert!(body.contains(r#""config""#), "the fixture lists configs");
    assert!(typed.items.iter().all(|c| c.config.is_empty()));
    // One odd entry (a number for a name, tasks as a list, an entry that is not an object)
    // is read leniently; the rest stays typed.
    let items = v["result"].as_array_mut().unwrap();
    items[0]["name"] = json!(7);
    items[1]["task_statuses"] = json!(["RUNNING"]);
    items.push(json!("not a connector"));
    v["page"] = json!(2);
    let mixed = parse_list(ConnectorKind::Source, &v.to_string()).unwrap();
    v["page"] = json!("2");
    let all_loose = parse_list(ConnectorKind::Source, &v.to_string()).unwrap();
    assert_eq!(mixed.items, all_loose.items);
    assert_eq!(mixed.items[0].name, mixed.items[0].id, "no name: the id");
    assert!(mixed.items[1].tasks.is_empty());
}

#[test]
fn list_request_pages_and_filters() {
    let q = ListQuery {
        page: 3,
        page_size: 500,
        partial_name: Some("ord ers".into()),
        status: Some("Broken".into()),
    };
    assert_eq!(
        list_request(ConnectorKind::Destination, &q).path_and_query(),
        "/destinations?page=3&page_size=100&partial_name=ord%20ers&status=Broken"
    );
}

#[test]
fn get_by_id_accepts_wrapper_and_bare_object() {
    let wrapped =
        json!({"result": [{"id": "x", "name": "n", "connector_status": "Active"}], "total": 1});
    assert_eq!(
        parse_one(ConnectorKind::Source, &wrapped.to_string())
            .unwrap()
            .id,
        "x"
    );
    let bare = json!({"id": "y", "name": "n", "connector_status": "Paused"});
    assert_eq!(
        parse_one(ConnectorKind::Source, &bare.to_string())
            .unwrap()
            .health,
        Health::Paused
    );
    let empty = json!({"result": []});
    assert_eq!(
        parse_one(ConnectorKind::Source, &empty.to_string())
            .unwrap_err()
            .status(),
        Some(404)
    );
}

#[test]
fn create_update_delete_and_state_requests() {
    let mut config = serde_json::Map::new();
    config.insert("a".into(), json!("1"));
    let r = create_request(
        ConnectorKind::Source,
        "orders",
        "postgresql",
        config.clone(),
    );
    assert_eq!(r.method, Method::Post);
    assert_eq!(
        r.path_and_query(),
        "/sources?secret_returned=true&wait=false"
    );
    assert_eq!(
        r.body.unwrap(),
        json!({"name": "orders", "connector": "postgresql", "config": {"a": "1"}, "created_from": "web"})
    );
    let r = update_request(ConnectorKind::Destination, "id/1", "n", "snowflake", config);
    assert_eq!(r.method, Method::Put);
    assert_eq!(r.path, "/destinations/id%2F1");
    let r = delete_request(ConnectorKind::Source, "abc");
    assert_eq!(
        (r.method, r.path_and_query()),
        (Method::Delete, "/sources/abc?wait=false".to_string())
    );

    // The stored connector as `get` reads it (a list leaves configs out).
    let list: serde_json::Value =
        serde_json::from_str(&fixture("streamkap/sources-list.json")).unwrap();
    let pg = parse_one(ConnectorKind::Source, &list["result"][0].to_string()).unwrap();
    let r = set_state_request(&pg, "Paused");
    let body = r.body.unwrap();
    assert_eq!(body["desired_state"], json!("Paused"));
    assert_eq!(body["name"], json!("orders-pg"));
    assert!(
        body["config"].get("database.password").is_none(),
        "null secrets are not sent back"
    );
    assert_eq!(body["config"]["slot.name"], json!("s1"));
}

#[test]
fn fastapi_422_maps_loc_to_fields_and_the_rest_to_the_banner() {
    let resp = HttpResponse {
        status: 422,
        headers: vec![],
        body: fixture("streamkap/error-422.json"),
    };
    let err = parse_error(&resp);
    let fields: Vec<(&str, &str)> = err
        .field_errors()
        .iter()
        .map(|f| (f.key.as_str(), f.message.as_str()))
        .collect();
    assert_eq!(
        fields,
        [
            (
                "database.port.user.defined",
                "Input should be a valid string."
            ),
            ("database.hostname.user.defined", "Field required."),
            ("name", "String should have at least 1 character."),
        ]
    );
    assert_eq!(
        err.to_string(),
        "query.wait: Input should be a valid boolean"
    );
    assert_eq!(err.status(), Some(422));
}

#[test]
fn detail_strings_and_bare_statuses_become_banners() {
    let dup = HttpResponse {
        status: 422,
        headers: vec![],
        body: fixture("streamkap/error-duplicate.json"),
    };
    let err = parse_error(&dup);
    assert!(err.field_errors().is_empty());
    assert!(err.to_string().contains("already exists"));

    for (status, needle) in [
        (401, "credentials"),
        (404, "no longer exists"),
        (500, "failed"),
        (503, "unavailable"),
    ] {
        let err = parse_error(&HttpResponse {
            status,
            headers: vec![],
            body: "<html>oops</html>".into(),
        });
        assert!(err.to_string().contains(needle), "{status}: {err}");
        assert_eq!(err.status(), Some(status));
    }
    let limited = HttpResponse {
        status: 429,
        headers: vec![("Retry-After".into(), "7".into())],
        body: "{}".into(),
    };
    match parse_error(&limited) {
        ApiError::Http { retry_after, .. } => assert_eq!(retry_after, Some(7)),
        other => panic!("{other:?}"),
    }
    assert!(parse_error(&limited).is_transient());
}

#[test]
fn server_placeholders_are_recognised() {
    assert!(is_server_placeholder("<SSH.PUBLIC.KEY>"));
    assert!(is_server_placeholder("<WEBHOOK_URL>"));
    assert!(!is_server_placeholder("<b>"));
    assert!(!is_server_placeholder("5432"));
    assert_eq!(code_from_name("SQL Server (AWS)"), "sqlserveraws");
}

#[test]
fn shipped_demo_catalogs_parse_cleanly_and_cover_every_control() {
    let mut widgets = std::collections::BTreeSet::new();
    for (path, kind) in [
        ("sources-connectors.json", ConnectorKind::Source),
        ("destinations-connectors.json", ConnectorKind::Destination),
    ] {
        let cat = parse_catalog(kind, &vendor_data("streamkap", path)).unwrap();
        assert!(cat.skipped.is_empty(), "{path}: {:?}", cat.skipped);
        assert!(cat.types.len() >= 6, "{path}");
        for t in &cat.types {
            for f in &t.fields {
                let name = format!("{:?}", f.widget);
                widgets.insert(name.split([' ', '{']).next().unwrap().to_string());
                for c in &f.visible_when {
                    assert!(
                        t.field(&c.key).is_some(),
                        "{}: {} refers to missing {}",
                        t.name,
                        f.key,
                        c.key
                    );
                }
            }
        }
    }
    for w in [
        "Text",
        "Password",
        "TextArea",
        "Number",
        "Slider",
        "Toggle",
        "Checkbox",
        "Select",
        "MultiSelect",
        "Json",
        "DateTime",
        "File",
        "Unknown",
    ] {
        assert!(widgets.contains(w), "demo data lacks {w}: {widgets:?}");
    }
}
