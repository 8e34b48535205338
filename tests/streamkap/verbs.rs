//! Streamkap's verbs and its one encode step, through the vendor boundary, against its
//! simulator: what the pages do, without a browser.

use std::collections::BTreeSet;

use crate::common::*;
use connector_console::config::{AuthKind, BackendConfig};
use connector_console::http::Method;
use connector_console::model::catalog::ConnectorKind;
use connector_console::model::form::{initial_values, Input, Mode};
use connector_console::model::status::Health;
use connector_console::vendor::{Action, Capability, FormInput, Simulator, Vendor};
use connector_console::vendors::streamkap::sim::StreamkapSim;
use connector_console::vendors::streamkap::Streamkap;
use serde_json::{json, Map};

fn backend() -> BackendConfig {
    BackendConfig {
        id: "sk".into(),
        label: "Streamkap".into(),
        dialect: "streamkap".into(),
        simulated: true,
        base_url: None,
        auth: AuthKind::None,
        options: Default::default(),
        user_added: false,
        timeout_secs: None,
    }
}

#[test]
fn the_vendor_declares_itself() {
    assert_eq!(Streamkap.id(), "streamkap");
    assert_eq!(Streamkap.default_auth(), AuthKind::ClientCredentials);
    assert_eq!(Streamkap.capabilities(), &[Capability::Connectors]);
    let tokens = Streamkap.token_auth().expect("client credentials");
    assert_eq!(tokens.token_request("id", "s").path, "/auth/access-token");
    let t = tokens
        .parse_token(
            r#"{"accessToken":"a","refreshToken":"r","expiresIn":60}"#,
            0.0,
        )
        .unwrap();
    assert_eq!((t.access.as_str(), t.expires_at_ms), ("a", 60_000.0));
    assert!(Streamkap.retry(409, 1).is_none(), "no vendor retry rule");
}

#[test]
fn encode_sends_visible_typed_values_only() {
    let b = Streamkap.open(&backend());
    let c = b.connectors().unwrap();
    let ct = postgres();
    let mut values = initial_values(&ct);
    values.insert(
        "database.hostname.user.defined".into(),
        Input::Text("db.example.com".into()),
    );
    let empty = Map::new();
    let form = FormInput {
        ct: &ct,
        values: &values,
        mode: &Mode::Create,
        stored: &empty,
        other: &[],
        server_hidden: &BTreeSet::new(),
        name: "orders",
    };
    let config = c.encode(&form);
    assert_eq!(
        config["database.hostname.user.defined"],
        json!("db.example.com")
    );
    // The name travels beside the config, not in it; hidden SSH fields are not sent.
    assert!(config.get("name").is_none());
    assert!(!config.keys().any(|k| k.starts_with("ssh.host")));
    assert_eq!(config, connector_console::model::form::encode(&ct, &values));
}

#[test]
fn catalog_form_create_list_pause_and_delete_through_the_simulator() {
    let io = SimExchange::new(Box::new(StreamkapSim::bundled()));
    io.now.set(1_800_000_000_000.0);
    let b = Streamkap.open(&backend());
    let c = b.connectors().unwrap();

    let cat = block_on(c.catalog(&io, ConnectorKind::Source)).unwrap();
    assert!(cat.types.iter().any(|t| t.id == "postgresql"));
    let (ct, skipped) =
        block_on(c.connector_type(&io, ConnectorKind::Source, "postgresql")).unwrap();
    assert!(skipped.is_empty());
    assert_eq!(ct.id, "postgresql");
    assert!(matches!(
        block_on(c.connector_type(&io, ConnectorKind::Source, "nope")),
        Err(e) if e.status() == Some(404)
    ));

    let mut values = initial_values(&ct);
    for (k, v) in [
        ("database.hostname.user.defined", "db.example.com"),
        ("database.user", "streamkap"),
        ("database.password", "pw"),
        ("database.dbname", "orders"),
        ("schema.include.list", "public"),
        ("table.include.list.user.defined", "public.orders"),
    ] {
        values.insert(k.into(), Input::Text(v.into()));
    }
    let empty = Map::new();
    let hidden = BTreeSet::new();
    let form = FormInput {
        ct: &ct,
        values: &values,
        mode: &Mode::Create,
        stored: &empty,
        other: &[],
        server_hidden: &hidden,
        name: "orders-pg",
    };
    let created = block_on(c.create(&io, &form)).unwrap();
    assert_eq!(created.name, "orders-pg");
    let sent = io.sent.borrow().last().cloned().unwrap();
    assert_eq!(
        (sent.method, sent.path.as_str()),
        (Method::Post, "/sources")
    );
    let body = sent.body.unwrap();
    assert_eq!(body["connector"], json!("postgresql"));
    assert_eq!(body["config"]["database.password"], json!("pw"));

    // A duplicate name is the server's 422, mapped to an error.
    let again = block_on(c.create(&io, &form)).unwrap_err();
    assert_eq!(again.status(), Some(422));

    io.advance(10_000.0);
    let list = block_on(c.list(&io)).unwrap().items;
    let mine = list.iter().find(|x| x.name == "orders-pg").unwrap();
    assert_eq!(mine.health, Health::Running);
    assert_eq!(c.actions(mine), vec![Action::Pause]);
    block_on(c.act(&io, mine, &Action::Pause)).unwrap();
    let now = block_on(c.get(&io, ConnectorKind::Source, &mine.id)).unwrap();
    assert_eq!(now.health, Health::Paused);
    assert_eq!(c.actions(&now), vec![Action::Resume]);
    assert!(
        block_on(c.act(&io, &now, &Action::Stop)).is_err(),
        "no stop"
    );
    block_on(c.delete(&io, &now)).unwrap();
    let gone = block_on(c.get(&io, ConnectorKind::Source, &mine.id)).unwrap_err();
    assert_eq!(gone.status(), Some(404));
}

/// Issue 12.7: sources and destinations are two lists; one failing does not hide the other,
/// and what failed is named.
#[test]
fn a_failing_list_does_not_hide_the_other() {
    let mut sim = StreamkapSim::bundled();
    sim.seed_demo(1_800_000_000_000.0);
    let io = SimExchange::new(Box::new(sim));
    io.now.set(1_800_000_000_000.0);
    let b = Streamkap.open(&backend());
    let c = b.connectors().unwrap();
    io.failing.borrow_mut().push(("/destinations".into(), 503));
    let listing = block_on(c.list(&io)).unwrap();
    assert!(!listing.items.is_empty());
    assert!(listing
        .items
        .iter()
        .all(|x| x.kind == ConnectorKind::Source));
    assert_eq!(listing.failed.len(), 1);
    assert_eq!(listing.failed[0].0, "destinations");
    assert_eq!(listing.failed[0].1.status(), Some(503));
    // Both failing is an error.
    io.failing.borrow_mut().push(("/sources".into(), 500));
    assert_eq!(block_on(c.list(&io)).unwrap_err().status(), Some(500));
}

/// The list benchmark's `churn?count=N`: N running connectors change state before every poll.
#[test]
fn churn_flips_running_connectors_before_each_poll() {
    let now = 1_800_000_000_000.0;
    let mut sim = StreamkapSim::new(
        &connector_console::vendors::streamkap::sim::synthetic_catalog(10).to_string(),
        "{}",
    );
    sim.seed_many(200, now);
    assert!(sim.control("churn", &[("count".into(), "2".into())]));
    let io = SimExchange::new(Box::new(sim));
    io.now.set(now);
    let b = Streamkap.open(&backend());
    let c = b.connectors().unwrap();
    let states = |l: &[connector_console::model::status::Connector]| {
        l.iter()
            .map(|c| (c.id.clone(), c.raw_state.clone()))
            .collect::<Vec<_>>()
    };
    let first = states(&block_on(c.list(&io)).unwrap().items);
    let second = states(&block_on(c.list(&io)).unwrap().items);
    let changed = first.iter().zip(&second).filter(|(a, b)| a != b).count();
    assert_eq!((first.len(), changed), (200, 2));
}
