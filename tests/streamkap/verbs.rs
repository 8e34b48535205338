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
    // A listed connector has no config: pausing read it first and saved it whole.
    assert!(mine.config.is_empty());
    let now = block_on(c.get(&io, ConnectorKind::Source, &mine.id)).unwrap();
    assert_eq!(now.health, Health::Paused);
    assert_eq!(
        now.config["database.dbname"],
        json!("orders"),
        "the config survived"
    );
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

/// A Streamkap list server for paging tests: `sources` of them, pages of `page_size`, every
/// answer arriving after the others had a chance to be sent (so concurrency is visible).
struct PagedServer {
    sources: usize,
    page_size: usize,
    /// Answer page 1 whatever is asked (a server that ignores `page`).
    ignores_page: bool,
    /// The `total` the server claims (None: the real count).
    claims_total: Option<usize>,
    in_flight: std::cell::Cell<usize>,
    most_in_flight: std::cell::Cell<usize>,
    sent: std::cell::RefCell<Vec<String>>,
}

impl PagedServer {
    fn new(sources: usize) -> Self {
        PagedServer {
            sources,
            page_size: 100,
            ignores_page: false,
            claims_total: None,
            in_flight: Default::default(),
            most_in_flight: Default::default(),
            sent: Default::default(),
        }
    }
}

/// Pending once, then ready: lets every future polled alongside start its request.
async fn yield_once() {
    let mut yielded = false;
    std::future::poll_fn(|cx| {
        if yielded {
            std::task::Poll::Ready(())
        } else {
            yielded = true;
            cx.waker().wake_by_ref();
            std::task::Poll::Pending
        }
    })
    .await
}

#[async_trait::async_trait(?Send)]
impl connector_console::vendor::Exchange for PagedServer {
    async fn send(
        &self,
        req: connector_console::http::HttpRequest,
    ) -> Result<connector_console::http::HttpResponse, connector_console::http::ApiError> {
        let page: usize = req.query_value("page").unwrap().parse().unwrap();
        self.sent
            .borrow_mut()
            .push(format!("{}?page={page}", req.path));
        self.in_flight.set(self.in_flight.get() + 1);
        self.most_in_flight
            .set(self.most_in_flight.get().max(self.in_flight.get()));
        yield_once().await;
        self.in_flight.set(self.in_flight.get() - 1);
        let n = if req.path == "/sources" {
            self.sources
        } else {
            0
        };
        let page = if self.ignores_page { 1 } else { page };
        let start = (page - 1) * self.page_size;
        let result: Vec<serde_json::Value> = (start..n.min(start + self.page_size))
            .map(|i| json!({"id": format!("c{i:05}"), "name": format!("c{i:05}"), "connector_status": "Active"}))
            .collect();
        Ok(connector_console::http::HttpResponse::json(
            200,
            &json!({"result": result, "page": page, "page_size": self.page_size,
                    "total": self.claims_total.unwrap_or(n), "has_next": start + self.page_size < n}),
        ))
    }

    async fn send_streaming(
        &self,
        _req: connector_console::http::HttpRequest,
        _on_chunk: &mut (dyn for<'c> FnMut(&'c str) -> bool + '_),
    ) -> Result<connector_console::vendor::Streamed, connector_console::http::ApiError> {
        unreachable!("lists are not streamed")
    }
}

/// Issue 11.4: 2,000 connectors are read a few pages at a time, in the server's order, each
/// page once.
#[test]
fn a_long_list_is_read_a_few_pages_at_a_time() {
    let io = PagedServer::new(2_000);
    let b = Streamkap.open(&backend());
    let list = block_on(b.connectors().unwrap().list(&io)).unwrap();
    assert!(list.failed.is_empty());
    let ids: Vec<String> = list.items.iter().map(|c| c.id.clone()).collect();
    let want: Vec<String> = (0..2_000).map(|i| format!("c{i:05}")).collect();
    assert_eq!(ids, want);
    let sent = io.sent.borrow();
    assert_eq!(sent.len(), 21, "20 source pages and one destination page");
    let mut unique = sent.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), sent.len(), "no page twice: {sent:?}");
    // Both first pages together, then at most four at once.
    assert_eq!(io.most_in_flight.get(), 4);
}

/// A server that counts too few (the list grew) is followed page by page while it says more
/// follow; one that ignores `page` stops at the cap, and what it repeats is shown once.
#[test]
fn paging_beyond_the_count_is_followed_and_capped() {
    let b = Streamkap.open(&backend());
    let mut io = PagedServer::new(450);
    io.claims_total = Some(250);
    let list = block_on(b.connectors().unwrap().list(&io)).unwrap();
    assert_eq!(list.items.len(), 450);
    assert_eq!(io.sent.borrow().len(), 6);

    let mut io = PagedServer::new(300);
    io.ignores_page = true;
    io.claims_total = Some(1_000_000);
    let list = block_on(b.connectors().unwrap().list(&io)).unwrap();
    assert_eq!(list.items.len(), 100, "page 1, once");
    let source_pages = io
        .sent
        .borrow()
        .iter()
        .filter(|p| p.starts_with("/sources"))
        .count();
    assert_eq!(source_pages, 50, "the cap");
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
