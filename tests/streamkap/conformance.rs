//! Conformance against the shared public payloads, read in place (never copied) from the
//! directory named by `CONNECTOR_CONSOLE_SHARED_FIXTURES` (e.g. `../shared/fixtures`).
//! Without the variable these tests say so and pass: CI machines may not have the files.

use crate::common::*;
use connector_console::http::HttpResponse;
use connector_console::model::catalog::ConnectorKind;
use connector_console::model::form::{encode_input, input_from_value};
use connector_console::model::status::Health;
use connector_console::vendors::streamkap::wire::{
    parse_catalog, parse_error, parse_list, parse_one,
};
use serde_json::Value;

fn count_user_defined(text: &str) -> usize {
    let v: Value = serde_json::from_str(text).unwrap();
    v.as_object()
        .unwrap()
        .values()
        .map(|c| {
            let props = c.get("config").unwrap_or(c);
            props
                .as_array()
                .unwrap()
                .iter()
                .filter(|p| p.get("user_defined") == Some(&Value::Bool(true)))
                .count()
        })
        .sum()
}

#[test]
fn streamkap_catalogs_parse_completely() {
    let mut total = 0;
    for (file, kind) in [
        ("streamkap/sources-connectors.json", ConnectorKind::Source),
        (
            "streamkap/destinations-connectors.json",
            ConnectorKind::Destination,
        ),
    ] {
        let Some(text) = shared(file) else { return };
        let cat = parse_catalog(kind, &text).unwrap();
        assert!(cat.skipped.is_empty(), "{file}: {:#?}", cat.skipped);
        let fields: usize = cat.types.iter().map(|t| t.fields.len()).sum();
        assert_eq!(
            fields,
            count_user_defined(&text),
            "{file}: every user_defined entry becomes a field"
        );
        for t in &cat.types {
            for f in &t.fields {
                for c in &f.visible_when {
                    assert!(
                        t.field(&c.key).is_some() || !c.key.is_empty(),
                        "{}: {}",
                        t.id,
                        f.key
                    );
                }
            }
        }
        total += fields;
    }
    assert_eq!(
        total, 1848,
        "the fixture README counts 1848 user_defined entries"
    );
}

#[test]
fn postgres_create_request_round_trips_through_the_encoder() {
    let (Some(catalog), Some(request)) = (
        shared("streamkap/connector-postgresql.json"),
        shared("streamkap/source-create-request.json"),
    ) else {
        return;
    };
    let cat = parse_catalog(ConnectorKind::Source, &catalog).unwrap();
    let pg = &cat.types[0];
    assert_eq!(pg.id, "postgresql");
    let ssh_host = pg.field("ssh.host").unwrap();
    assert_eq!(ssh_host.visible_when[0].key, "ssh.enabled");
    assert_eq!(
        pg.field("ssh.public.key.user.displayed")
            .unwrap()
            .server_placeholder
            .as_deref(),
        Some("<SSH.PUBLIC.KEY>")
    );
    let req: Value = serde_json::from_str(&request).unwrap();
    for (key, sent) in req["config"].as_object().unwrap() {
        let f = pg
            .field(key)
            .unwrap_or_else(|| panic!("{key} is not a catalog field"));
        let back = encode_input(f, &input_from_value(f, sent));
        assert_eq!(
            back.as_ref(),
            Some(sent),
            "{key}: the encoder sends what the docs' request sends"
        );
    }
}

#[test]
fn streamkap_errors_and_lists_map() {
    let (Some(e422), Some(dup), Some(list), Some(created)) = (
        shared("streamkap/error-422.json"),
        shared("streamkap/error-duplicate-name.json"),
        shared("streamkap/sources-list.json"),
        shared("streamkap/source-create-response.json"),
    ) else {
        return;
    };
    let err = parse_error(&HttpResponse {
        status: 422,
        headers: vec![],
        body: e422,
    });
    let keys: Vec<&str> = err.field_errors().iter().map(|f| f.key.as_str()).collect();
    assert_eq!(
        keys,
        [
            "database.port.user.defined",
            "database.hostname.user.defined"
        ]
    );
    let err = parse_error(&HttpResponse {
        status: 422,
        headers: vec![],
        body: dup,
    });
    assert!(err.field_errors().is_empty() && err.to_string().contains("already exists"));

    let page = parse_list(ConnectorKind::Source, &list).unwrap();
    let healths: Vec<Health> = page.items.iter().map(|c| c.health).collect();
    assert_eq!(healths, [Health::Running, Health::Failed, Health::Starting]);
    assert_eq!(
        page.items[1].failure_reason().as_deref(),
        Some("java.sql.SQLException: Access denied for user 'streamkap'@'10.0.12.4' (using password: YES)")
    );
    let c = parse_one(ConnectorKind::Source, &created).unwrap();
    assert_eq!(
        (c.raw_state.as_str(), c.health),
        ("Pending", Health::Starting)
    );
}
