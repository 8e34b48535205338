//! Streamkap: its REST API ([`wire`]), its verbs, its client-credentials sign-in, and its
//! simulator ([`sim`], with the demo catalogs in `data/`).

pub mod wire;

#[cfg(feature = "simulators")]
pub mod sim;

use crate::vendor::Listing;
use std::sync::Arc;

use async_trait::async_trait;
use serde_json::{Map, Value};

use crate::auth::Token;
use crate::config::{AuthKind, BackendConfig};
use crate::http::{ApiError, HttpRequest, HttpResponse};
use crate::model::catalog::{Catalog, ConnectorKind, ConnectorType};
use crate::model::status::Connector;
use crate::vendor::{
    send_ok, Action, Backend, Capability, Connectors, Exchange, FormInput, TokenAuth, Vendor,
};

/// Most list pages fetched in one refresh, per kind (at 100 per page).
const MAX_PAGES: u32 = 50;

/// List pages in flight at once after the first pages (which say how many there are).
const CONCURRENT_PAGES: usize = 4;

/// Connectors asked for per list page (the API's maximum).
const PAGE_SIZE: u32 = 100;

/// The Streamkap vendor.
pub struct Streamkap;

impl Vendor for Streamkap {
    fn id(&self) -> &'static str {
        "streamkap"
    }

    fn label(&self) -> &'static str {
        "Streamkap"
    }

    fn capabilities(&self) -> &'static [Capability] {
        &[Capability::Connectors]
    }

    fn default_auth(&self) -> AuthKind {
        AuthKind::ClientCredentials
    }

    fn token_auth(&self) -> Option<&'static dyn TokenAuth> {
        Some(&StreamkapTokens)
    }

    fn verbs(&self) -> crate::vendor::Verbs {
        crate::verbs!(vendor_streamkap: load_streamkap, open)
    }

    fn read_definition(&self, json: &Value) -> Option<Result<crate::vendor::Pasted, String>> {
        Some(
            wire::read_definition(json)?.map(|(ct, notes)| crate::vendor::Pasted {
                ct,
                validation: None,
                notes,
                encode: |f| crate::model::form::encode(f.ct, f.values),
            }),
        )
    }

    #[cfg(any(feature = "simulators", feature = "sim-worker"))]
    fn sim_assets(&self) -> &'static [&'static str] {
        &[
            "demo/streamkap/sources-connectors.json",
            "demo/streamkap/destinations-connectors.json",
        ]
    }

    #[cfg(feature = "simulators")]
    fn simulator(&self, assets: &[String]) -> Box<dyn crate::vendor::Simulator> {
        let get = |i: usize| assets.get(i).map(String::as_str).unwrap_or("{}");
        Box::new(sim::StreamkapSim::new(get(0), get(1)))
    }

    #[cfg(all(feature = "simulators", not(target_arch = "wasm32")))]
    fn sim_mounts(
        &self,
        opts: &crate::vendor::SimServerOptions,
    ) -> Vec<(String, Box<dyn crate::vendor::Simulator>)> {
        use crate::vendor::Simulator;
        let seeded = |mut s: sim::StreamkapSim| {
            if opts.seed_demo {
                s.seed_demo(opts.now_ms);
            }
            s
        };
        let mut auth = seeded(sim::StreamkapSim::bundled());
        // The token lives 5 s, so tests see it refreshed and, after expiry, renewed on a 401.
        auth.require_auth("e2e-client", "e2e-secret", 5_000.0);
        let mut bench = sim::StreamkapSim::new(&sim::synthetic_catalog(1000).to_string(), "{}");
        bench.seed_many(opts.bench_connectors, opts.now_ms);
        vec![
            (
                "streamkap".into(),
                Box::new(seeded(sim::StreamkapSim::bundled())),
            ),
            ("streamkap-auth".into(), Box::new(auth)),
            ("bench".into(), Box::new(bench)),
        ]
    }
}

/// Streamkap's access-token exchange.
struct StreamkapTokens;

impl TokenAuth for StreamkapTokens {
    fn token_request(&self, client_id: &str, secret: &str) -> HttpRequest {
        wire::token_request(client_id, secret)
    }

    fn refresh_request(&self, refresh_token: &str) -> HttpRequest {
        wire::refresh_request(refresh_token)
    }

    fn parse_token(&self, body: &str, now_ms: f64) -> Result<Token, ApiError> {
        wire::parse_token(body, now_ms)
    }
}

/// A Streamkap backend: stateless, every verb is one or a few requests.
struct StreamkapBackend;

impl Backend for StreamkapBackend {
    fn connectors(&self) -> Option<&dyn Connectors> {
        Some(self)
    }
}

fn check(resp: HttpResponse) -> Result<HttpResponse, ApiError> {
    wire::check(resp)
}

#[async_trait(?Send)]
impl Connectors for StreamkapBackend {
    async fn catalog(&self, io: &dyn Exchange, kind: ConnectorKind) -> Result<Catalog, ApiError> {
        let resp = send_ok(io, wire::catalog_request(kind, None), check).await?;
        wire::parse_catalog(kind, &resp.body)
    }

    async fn connector_type(
        &self,
        io: &dyn Exchange,
        kind: ConnectorKind,
        code: &str,
    ) -> Result<(ConnectorType, Vec<String>), ApiError> {
        let resp = send_ok(io, wire::catalog_request(kind, Some(code)), check).await?;
        let catalog = wire::parse_catalog(kind, &resp.body)?;
        let skipped = catalog.skipped;
        // Servers that ignore `connector_code` send everything: pick ours.
        let mut types = catalog.types;
        let pos = types
            .iter()
            .position(|t| t.id == code)
            .or(if types.len() == 1 { Some(0) } else { None });
        match pos {
            Some(i) => Ok((types.swap_remove(i), skipped)),
            None => Err(crate::vendor::not_in_catalog(kind, code)),
        }
    }

    fn save_request(
        &self,
        form: &FormInput<'_>,
        existing: Option<&Connector>,
    ) -> Option<HttpRequest> {
        Some(match existing {
            None => wire::create_request(form.ct.kind, form.name, &form.ct.id, self.encode(form)),
            Some(c) => {
                wire::update_request(c.kind, &c.id, form.name, &c.type_id, self.encode(form))
            }
        })
    }

    /// `PUT /{kind}/{id}` with its name and stored config (what Pause and Resume send, without
    /// the state): Streamkap has no create-or-update.
    fn config_request(&self, c: &Connector) -> Option<HttpRequest> {
        Some(wire::resave_request(c))
    }

    /// The encoded visible values, typed as the catalog implies.
    fn encode(&self, form: &FormInput<'_>) -> Map<String, Value> {
        crate::model::form::encode(form.ct, form.values)
    }

    async fn list(&self, io: &dyn Exchange) -> Result<Listing, ApiError> {
        let kinds = [ConnectorKind::Source, ConnectorKind::Destination];
        let lists = list_kinds(io, &kinds).await;
        let mut out = Listing::default();
        for (kind, list) in kinds.iter().zip(lists) {
            match list {
                Ok(items) => out.items.extend(items),
                Err(e) => out.failed.push((kind.plural().to_string(), e)),
            }
        }
        // Sources and destinations are two lists: one failing does not hide the other.
        if out.failed.len() == 2 {
            return Err(out.failed.remove(0).1);
        }
        Ok(out)
    }

    async fn get(
        &self,
        io: &dyn Exchange,
        kind: ConnectorKind,
        id: &str,
    ) -> Result<Connector, ApiError> {
        let resp = send_ok(io, wire::get_request(kind, id), check).await?;
        wire::parse_one(kind, &resp.body)
    }

    async fn create(&self, io: &dyn Exchange, form: &FormInput<'_>) -> Result<Connector, ApiError> {
        let ct = form.ct;
        let req = wire::create_request(ct.kind, form.name, &ct.id, self.encode(form));
        let resp = send_ok(io, req, check).await?;
        wire::parse_one(ct.kind, &resp.body)
    }

    async fn update(
        &self,
        io: &dyn Exchange,
        existing: &Connector,
        form: &FormInput<'_>,
    ) -> Result<Connector, ApiError> {
        let req = wire::update_request(
            existing.kind,
            &existing.id,
            form.name,
            &existing.type_id,
            self.encode(form),
        );
        let resp = send_ok(io, req, check).await?;
        wire::parse_one(existing.kind, &resp.body)
    }

    fn actions(&self, c: &Connector) -> Vec<Action> {
        vec![Action::pause_or_resume(c)]
    }

    async fn act(&self, io: &dyn Exchange, c: &Connector, action: &Action) -> Result<(), ApiError> {
        let desired = match action {
            Action::Pause => "Paused",
            Action::Resume => "Active",
            other => return Err(crate::vendor::cannot("Streamkap", other)),
        };
        // Pausing saves the connector again with its config: a listed connector has none (lists
        // are for status), so read it first rather than save an empty config over it.
        let fresh;
        let c = if c.config.is_empty() {
            fresh = self.get(io, c.kind, &c.id).await?;
            &fresh
        } else {
            c
        };
        let req = wire::set_state_request(c, desired);
        send_ok(io, req, check).await.map(|_| ())
    }

    async fn delete(&self, io: &dyn Exchange, c: &Connector) -> Result<(), ApiError> {
        send_ok(io, wire::delete_request(c.kind, &c.id), check)
            .await
            .map(|_| ())
    }
}

async fn fetch_page(
    io: &dyn Exchange,
    kind: ConnectorKind,
    page: u32,
) -> Result<wire::Page<Connector>, ApiError> {
    let q = wire::ListQuery {
        page,
        page_size: PAGE_SIZE,
        ..Default::default()
    };
    let resp = send_ok(io, wire::list_request(kind, &q), check).await?;
    wire::parse_list(kind, &resp.body)
}

/// Every connector of each kind, in the server's order. The first page of every kind is
/// fetched at once; its `total` says how many pages follow, and those are fetched
/// [`CONCURRENT_PAGES`] at a time (a poll of 2,000 connectors is then a few round trips, not
/// twenty). Pages beyond what `total` promised (the list grew meanwhile, or the server does
/// not count) are followed one by one while `has_next` holds, up to [`MAX_PAGES`]. A
/// connector that shows up twice (it moved to a later page while the list was being read, or
/// the server ignores `page`) is kept once.
async fn list_kinds(
    io: &dyn Exchange,
    kinds: &[ConnectorKind],
) -> Vec<Result<Vec<Connector>, ApiError>> {
    use futures::{stream, StreamExt};

    let firsts = futures::future::join_all(kinds.iter().map(|k| fetch_page(io, *k, 1))).await;
    let mut lists: Vec<Result<(Vec<Connector>, bool), ApiError>> = Vec::new();
    let mut rest: Vec<(usize, u32)> = Vec::new();
    for (i, first) in firsts.into_iter().enumerate() {
        lists.push(first.map(|p| {
            if p.has_next {
                let size = u64::from(p.page_size.max(1));
                let pages = p.total.div_ceil(size).clamp(1, u64::from(MAX_PAGES)) as u32;
                rest.extend((2..=pages).map(|n| (i, n)));
            }
            (p.items, p.has_next)
        }));
    }
    let pages: Vec<(usize, u32, Result<wire::Page<Connector>, ApiError>)> = stream::iter(rest)
        .map(|(i, n)| async move { (i, n, fetch_page(io, kinds[i], n).await) })
        .buffered(CONCURRENT_PAGES)
        .collect()
        .await;
    // `next[i]`: the page to follow on from, when the last one said more follow.
    let mut next: Vec<Option<u32>> = lists
        .iter()
        .map(|l| match l {
            Ok((_, true)) => Some(2),
            _ => None,
        })
        .collect();
    for (i, n, page) in pages {
        match (&mut lists[i], page) {
            (Ok((items, _)), Ok(p)) => {
                items.extend(p.items);
                next[i] = p.has_next.then_some(n + 1);
            }
            (list @ Ok(_), Err(e)) => *list = Err(e),
            (Err(_), _) => {}
        }
    }
    let mut out = Vec::with_capacity(kinds.len());
    for (i, list) in lists.into_iter().enumerate() {
        let Ok((mut items, _)) = list else {
            out.push(list.map(|(items, _)| items));
            continue;
        };
        let mut page = next[i];
        let mut failed = None;
        while let Some(n) = page.filter(|n| *n <= MAX_PAGES) {
            match fetch_page(io, kinds[i], n).await {
                Ok(p) => {
                    page = p.has_next.then_some(n + 1);
                    items.extend(p.items);
                }
                Err(e) => {
                    failed = Some(e);
                    break;
                }
            }
        }
        out.push(match failed {
            Some(e) => Err(e),
            None => Ok(dedup_by_id(items)),
        });
    }
    out
}

/// Keeps the first of connectors listed twice.
fn dedup_by_id(mut items: Vec<Connector>) -> Vec<Connector> {
    let mut seen = std::collections::HashSet::with_capacity(items.len());
    items.retain(|c| seen.insert(c.id.clone()));
    items
}

/// Opens the verbs of a backend (through [`Vendor::verbs`]).
fn open(_backend: &BackendConfig) -> Arc<dyn Backend> {
    Arc::new(StreamkapBackend)
}
