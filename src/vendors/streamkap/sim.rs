//! A stateful simulation of Streamkap's API: catalogs, create/list/get/update/delete of sources
//! and destinations, desired-state changes, and a lifecycle that moves Pending → Starting →
//! Active — or Broken, with a trace, when the config points at an unreachable host.

use serde_json::{json, Map, Value};

use crate::http::{percent_decode, HttpRequest, HttpResponse, Method};
use crate::model::catalog::{ConnectorKind, ConnectorType, Field, ValueType, Widget};
use crate::model::form::{is_visible, parse_number};
use crate::model::time::iso_timestamp;
use crate::vendor::{SimTiming, Simulator};
use crate::vendors::streamkap::wire::{parse_catalog, ListQuery};

/// One simulated connector instance.
#[derive(Clone, Debug, PartialEq)]
struct Instance {
    id: String,
    name: String,
    kind: ConnectorKind,
    code: String,
    display_name: String,
    config: Map<String, Value>,
    created_ms: f64,
    desired: String,
    /// When the current phase (start or resume) began.
    phase_ms: f64,
    /// The trace it fails with once started, if its config cannot work.
    failure: Option<String>,
    tasks: u32,
}

/// Credentials the simulator demands when auth is on, and the tokens it issued.
#[derive(Clone, Debug)]
struct Auth {
    client_id: String,
    secret: String,
    ttl_ms: f64,
    /// (access, refresh, expires_at_ms)
    tokens: Vec<(String, String, f64)>,
    issued: u64,
}

/// The Streamkap simulator.
#[derive(Clone, Debug)]
pub struct StreamkapSim {
    catalogs: [(ConnectorKind, Value, Vec<ConnectorType>); 2],
    instances: Vec<Instance>,
    next_id: u64,
    timing: SimTiming,
    auth: Option<Auth>,
    /// Connectors to flip on every poll (see [`StreamkapSim::churn`]), and where the next
    /// flip starts.
    churn_per_poll: usize,
    churn_cursor: usize,
}

impl StreamkapSim {
    /// A simulator serving the given catalog documents (Streamkap `…/connectors` bodies).
    /// Unparseable catalog text is served as an empty catalog.
    pub fn new(sources_catalog: &str, destinations_catalog: &str) -> Self {
        let load = |kind, text: &str| {
            let raw: Value = serde_json::from_str(text).unwrap_or_else(|_| json!({}));
            let types = parse_catalog(kind, text)
                .map(|c| c.types)
                .unwrap_or_default();
            (kind, raw, types)
        };
        StreamkapSim {
            catalogs: [
                load(ConnectorKind::Source, sources_catalog),
                load(ConnectorKind::Destination, destinations_catalog),
            ],
            instances: Vec::new(),
            next_id: 1,
            timing: SimTiming::default(),
            auth: None,
            churn_per_poll: 0,
            churn_cursor: 0,
        }
    }

    /// Demands bearer tokens from `POST /auth/access-token` (these credentials) on every other
    /// request; tokens live `ttl_ms`, and `POST /auth/access-token/refresh` renews them.
    pub fn require_auth(&mut self, client_id: &str, secret: &str, ttl_ms: f64) {
        self.auth = Some(Auth {
            client_id: client_id.into(),
            secret: secret.into(),
            ttl_ms,
            tokens: Vec::new(),
            issued: 0,
        });
    }

    /// Changes the client secret the simulator accepts and revokes every token: the console
    /// must ask the user to sign in again.
    pub fn rotate_secret(&mut self, secret: &str) {
        if let Some(a) = self.auth.as_mut() {
            a.secret = secret.to_string();
            a.tokens.clear();
        }
    }

    /// Revokes every token issued so far (access and refresh), as a security team might.
    pub fn revoke_tokens(&mut self) {
        if let Some(a) = self.auth.as_mut() {
            a.tokens.clear();
        }
    }

    fn issue(auth: &mut Auth, now_ms: f64) -> HttpResponse {
        auth.issued += 1;
        let access = format!("sim-access-{}", auth.issued);
        let refresh = format!("sim-refresh-{}", auth.issued);
        auth.tokens
            .push((access.clone(), refresh.clone(), now_ms + auth.ttl_ms));
        HttpResponse::json(
            200,
            &json!({
                "accessToken": access, "refreshToken": refresh,
                "expires": iso_timestamp(now_ms + auth.ttl_ms), "expiresIn": auth.ttl_ms / 1000.0,
            }),
        )
    }

    /// Answers `/auth/…`, or checks the bearer token of any other request (`None` = allowed).
    fn authenticate(&mut self, req: &HttpRequest, now_ms: f64) -> Option<HttpResponse> {
        let auth = self.auth.as_mut()?;
        let body = req.body.clone().unwrap_or(Value::Null);
        let unauthorized = |msg: &str| Some(HttpResponse::json(401, &json!({ "detail": msg })));
        match req.path.as_str() {
            "/auth/access-token" => {
                let ok = body.get("client_id").and_then(Value::as_str)
                    == Some(auth.client_id.as_str())
                    && body.get("secret").and_then(Value::as_str) == Some(auth.secret.as_str());
                if ok {
                    Some(Self::issue(auth, now_ms))
                } else {
                    unauthorized("Invalid client credentials")
                }
            }
            "/auth/access-token/refresh" => {
                let given = body
                    .get("refresh_token")
                    .and_then(Value::as_str)
                    .unwrap_or_default();
                if auth.tokens.iter().any(|(_, r, _)| r == given) {
                    auth.tokens.retain(|(_, r, _)| r != given);
                    Some(Self::issue(auth, now_ms))
                } else {
                    unauthorized("Invalid refresh token")
                }
            }
            _ => {
                let bearer = req
                    .headers
                    .iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case("authorization"))
                    .and_then(|(_, v)| v.strip_prefix("Bearer "))
                    .unwrap_or_default();
                match auth.tokens.iter().find(|(a, _, _)| a == bearer) {
                    Some((_, _, exp)) if *exp > now_ms => None,
                    Some(_) => unauthorized("Token expired"),
                    None => unauthorized("Not authenticated"),
                }
            }
        }
    }

    /// Replaces the lifecycle timings.
    pub fn with_timing(mut self, timing: SimTiming) -> Self {
        self.timing = timing;
        self
    }

    /// Adds `n` synthetic connectors in assorted states (for large status lists).
    pub fn seed_many(&mut self, n: usize, now_ms: f64) {
        let Some(ct) = self.catalogs[0].2.first().cloned() else {
            return;
        };
        // A realistic config size (dozens of keys), not the whole synthetic catalog.
        let config: Map<String, Value> = default_config(&ct).into_iter().take(40).collect();
        for i in 0..n {
            let config = config.clone();
            let desired = if i % 11 == 5 { "Paused" } else { "Active" };
            let created = now_ms - 60_000.0 - i as f64;
            self.insert(
                ConnectorKind::Source,
                &ct,
                &format!("bulk-{i:04}"),
                config,
                created,
                desired,
            );
            if i % 7 == 3 {
                if let Some(last) = self.instances.last_mut() {
                    last.failure = Some(format!(
                        "org.apache.kafka.connect.errors.ConnectException: bulk-{i:04} lost its source\n\
                         Caused by: java.net.UnknownHostException: bulk-{i:04}.invalid: Name or service not known\n"
                    ));
                }
            }
        }
    }

    /// Flips `n` running connectors between Active and Broken (a failure appears, or the
    /// failed one recovers): what a poll of a large, busy installation sees change. Connectors
    /// that are paused or stopped are skipped; each call starts where the last one ended, so
    /// over many polls every connector takes its turn.
    pub fn churn(&mut self, n: usize) {
        let len = self.instances.len();
        let mut flipped = 0;
        let mut looked = 0;
        while flipped < n && looked < len {
            let i = self.churn_cursor % len;
            self.churn_cursor = (i + 1) % len;
            looked += 1;
            let inst = &mut self.instances[i];
            if inst.desired != "Active" {
                continue;
            }
            inst.failure = match inst.failure {
                Some(_) => None,
                None => Some(format!(
                    "org.apache.kafka.connect.errors.ConnectException: {} lost its source\n\
                     Caused by: java.net.SocketTimeoutException: connect timed out\n",
                    inst.name
                )),
            };
            flipped += 1;
        }
    }

    fn insert(
        &mut self,
        kind: ConnectorKind,
        ct: &ConnectorType,
        name: &str,
        config: Map<String, Value>,
        created_ms: f64,
        desired: &str,
    ) -> String {
        let id = format!("{:024x}", 0x5eed_0000_0000u64 + self.next_id * 7919);
        self.next_id += 1;
        let failure = failure_for(ct, &config);
        let tasks = config
            .get("tasks.max")
            .and_then(|v| parse_number(&crate::model::catalog::value_to_text(v)))
            .map(|n| n.clamp(1.0, 8.0) as u32)
            .unwrap_or(1);
        self.instances.push(Instance {
            id: id.clone(),
            name: name.to_string(),
            kind,
            code: ct.id.clone(),
            display_name: ct.name.clone(),
            config,
            created_ms,
            desired: desired.to_string(),
            phase_ms: created_ms,
            failure,
            tasks,
        });
        id
    }

    fn connector_type(&self, kind: ConnectorKind, code: &str) -> Option<&ConnectorType> {
        self.catalog(kind).2.iter().find(|t| t.id == code)
    }

    fn catalog(&self, kind: ConnectorKind) -> &(ConnectorKind, Value, Vec<ConnectorType>) {
        match kind {
            ConnectorKind::Source => &self.catalogs[0],
            ConnectorKind::Destination => &self.catalogs[1],
        }
    }

    fn get_catalog(&self, kind: ConnectorKind, code: Option<&str>) -> HttpResponse {
        let (_, raw, types) = self.catalog(kind);
        let Some(code) = code else {
            return HttpResponse::json(200, raw);
        };
        let mut out = Map::new();
        if let (Some(ct), Value::Object(all)) = (types.iter().find(|t| t.id == code), raw) {
            for (k, v) in all {
                let is_it = k == &ct.name
                    || v.get("display_name").and_then(Value::as_str) == Some(ct.name.as_str());
                if is_it {
                    out.insert(k.clone(), v.clone());
                }
            }
        }
        HttpResponse::json(200, &Value::Object(out))
    }

    fn find(&self, kind: ConnectorKind, id: &str) -> Option<usize> {
        self.instances
            .iter()
            .position(|i| i.kind == kind && i.id == id)
    }

    fn list(&self, kind: ConnectorKind, req: &HttpRequest, now_ms: f64) -> HttpResponse {
        let q = ListQuery {
            page: req
                .query_value("page")
                .and_then(|p| p.parse().ok())
                .unwrap_or(1)
                .max(1),
            page_size: req
                .query_value("page_size")
                .and_then(|p| p.parse().ok())
                .unwrap_or(10)
                .clamp(1, 100),
            partial_name: req.query_value("partial_name").map(str::to_lowercase),
            status: req.query_value("status").map(str::to_lowercase),
        };
        let mut rows: Vec<(usize, String)> = self
            .instances
            .iter()
            .enumerate()
            .filter(|(_, i)| i.kind == kind)
            .filter(|(_, i)| {
                q.partial_name
                    .as_ref()
                    .is_none_or(|n| i.name.to_lowercase().contains(n))
            })
            .map(|(idx, i)| (idx, self.state_of(i, now_ms).0.to_string()))
            .filter(|(_, s)| {
                q.status
                    .as_ref()
                    .is_none_or(|want| &s.to_lowercase() == want)
            })
            .collect();
        let desc = req.query_value("sort_dir") != Some("asc");
        match req.query_value("sort") {
            Some("name") => rows.sort_by(|a, b| {
                let o = self.instances[a.0].name.cmp(&self.instances[b.0].name);
                if desc {
                    o.reverse()
                } else {
                    o
                }
            }),
            _ => rows.sort_by(|a, b| {
                let o = self.instances[a.0]
                    .created_ms
                    .total_cmp(&self.instances[b.0].created_ms);
                if desc {
                    o.reverse()
                } else {
                    o
                }
            }),
        }
        let total = rows.len();
        // Saturating: a page far past the end is simply empty.
        let start = (u64::from(q.page) - 1).saturating_mul(u64::from(q.page_size));
        let start = usize::try_from(start).unwrap_or(usize::MAX);
        let result: Vec<Value> = rows
            .iter()
            .skip(start)
            .take(q.page_size as usize)
            .map(|(idx, _)| self.render(*idx, now_ms))
            .collect();
        HttpResponse::json(
            200,
            &json!({
                "result": result,
                "page": q.page,
                "page_size": q.page_size,
                "total": total,
                "has_next": start.saturating_add(q.page_size as usize) < total,
            }),
        )
    }

    fn create(&mut self, kind: ConnectorKind, req: &HttpRequest, now_ms: f64) -> HttpResponse {
        let body = req.body.clone().unwrap_or(Value::Null);
        let (ct, name, config) = match self.check_body(kind, &body, None) {
            Ok(ok) => ok,
            Err(resp) => return resp,
        };
        let desired = body
            .get("desired_state")
            .and_then(Value::as_str)
            .filter(|s| ["Active", "Paused", "Stopped"].contains(s))
            .unwrap_or("Active")
            .to_string();
        let id = self.insert(kind, &ct, &name, config, now_ms, &desired);
        let idx = self.instances.len() - 1;
        debug_assert_eq!(self.instances[idx].id, id);
        HttpResponse::json(201, &self.render(idx, now_ms))
    }

    fn update(
        &mut self,
        kind: ConnectorKind,
        id: &str,
        req: &HttpRequest,
        now_ms: f64,
    ) -> HttpResponse {
        let Some(idx) = self.find(kind, id) else {
            return not_found(&format!("{} not found", kind.label()));
        };
        let body = req.body.clone().unwrap_or(Value::Null);
        let (ct, name, mut config) = match self.check_body(kind, &body, Some(idx)) {
            Ok(ok) => ok,
            Err(resp) => return resp,
        };
        let old = &self.instances[idx];
        // Secrets the client did not send (it never got them) keep their stored value.
        for f in ct.fields.iter().filter(|f| f.secret) {
            if !config.contains_key(&f.key) {
                if let Some(v) = old.config.get(&f.key) {
                    config.insert(f.key.clone(), v.clone());
                }
            }
        }
        let mut detail = Vec::new();
        for f in ct.fields.iter().filter(|f| f.immutable_after_create) {
            if let (Some(a), Some(b)) = (old.config.get(&f.key), config.get(&f.key)) {
                if a != b {
                    detail.push(json!({
                        "loc": ["body", "config", f.key],
                        "msg": "This setting cannot be changed after the connector is created",
                        "type": "value_error",
                        "input": b,
                    }));
                }
            }
        }
        if !detail.is_empty() {
            return HttpResponse::json(422, &json!({ "detail": detail }));
        }
        let config_changed = old.config != config;
        let desired = body
            .get("desired_state")
            .and_then(Value::as_str)
            .filter(|s| ["Active", "Paused", "Stopped"].contains(s))
            .map(str::to_string);
        let failure = failure_for(&ct, &config);
        let inst = &mut self.instances[idx];
        let resumed = desired.as_deref() == Some("Active") && inst.desired != "Active";
        inst.name = name;
        inst.config = config;
        inst.failure = failure;
        if let Some(d) = desired {
            inst.desired = d;
        }
        if config_changed || resumed {
            // A changed config or a resume restarts the connector.
            inst.phase_ms = now_ms - self.timing.pending_ms;
        }
        HttpResponse::json(200, &self.render(idx, now_ms))
    }

    /// Checks a create/update body the way the backend's models would, answering FastAPI 422s.
    fn check_body(
        &self,
        kind: ConnectorKind,
        body: &Value,
        existing: Option<usize>,
    ) -> Result<(ConnectorType, String, Map<String, Value>), HttpResponse> {
        let mut detail = Vec::new();
        let name = body.get("name").and_then(Value::as_str).map(str::trim);
        match name {
            Some(n) if !n.is_empty() => {}
            _ => detail.push(json!({"loc": ["body", "name"], "msg": "Field required", "type": "missing", "input": body})),
        }
        let code = body
            .get("connector")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let ct = match existing {
            Some(i) => self.connector_type(kind, &self.instances[i].code).cloned(),
            None => self.connector_type(kind, code).cloned(),
        };
        let Some(ct) = ct else {
            detail.push(json!({"loc": ["body", "connector"], "msg": format!("Unknown connector '{code}'"), "type": "value_error", "input": code}));
            return Err(HttpResponse::json(422, &json!({ "detail": detail })));
        };
        let Some(config) = body.get("config").and_then(Value::as_object).cloned() else {
            detail.push(json!({"loc": ["body", "config"], "msg": "Input should be a valid dictionary", "type": "dict_type", "input": body.get("config")}));
            return Err(HttpResponse::json(422, &json!({ "detail": detail })));
        };
        for f in &ct.fields {
            if !is_visible(f, &config) || f.server_placeholder.is_some() {
                continue;
            }
            let loc = json!(["body", "config", f.key]);
            match config.get(&f.key) {
                None | Some(Value::Null) => {
                    let secret_kept = existing.is_some() && f.secret;
                    if f.required && !secret_kept {
                        detail.push(json!({"loc": loc, "msg": "Field required", "type": "missing", "input": Value::Object(config.clone())}));
                    }
                }
                Some(v) => {
                    if let Some((msg, ty)) = type_problem(f, v) {
                        detail.push(json!({"loc": loc, "msg": msg, "type": ty, "input": v}));
                    }
                }
            }
        }
        if !detail.is_empty() {
            return Err(HttpResponse::json(422, &json!({ "detail": detail })));
        }
        let name = name.unwrap_or_default().to_string();
        let taken = self.instances.iter().enumerate().any(|(i, inst)| {
            inst.kind == kind && inst.name.eq_ignore_ascii_case(&name) && Some(i) != existing
        });
        if taken {
            return Err(HttpResponse::json(
                422,
                &json!({"detail": format!("{} with name '{name}' already exists", kind.label())}),
            ));
        }
        Ok((ct, name, config))
    }

    /// `(connector_status, task states)` at `now_ms`.
    fn state_of(&self, i: &Instance, now_ms: f64) -> (&'static str, Vec<(&'static str, bool)>) {
        let t = now_ms - i.phase_ms;
        let n = i.tasks as usize;
        match i.desired.as_str() {
            "Paused" => return ("Paused", vec![("PAUSED", false); n]),
            "Stopped" => return ("Stopped", Vec::new()),
            _ => {}
        }
        if t < self.timing.pending_ms {
            ("Pending", Vec::new())
        } else if t < self.timing.pending_ms + self.timing.starting_ms {
            // Tasks get assigned one after another while starting.
            let progress = (t - self.timing.pending_ms) / self.timing.starting_ms;
            let running = ((progress * n as f64) as usize).min(n);
            let mut tasks = vec![("RUNNING", false); running];
            tasks.resize(n, ("UNASSIGNED", false));
            ("Starting", tasks)
        } else if i.failure.is_some() {
            let mut tasks = vec![("FAILED", true)];
            tasks.resize(n, ("RUNNING", false));
            ("Broken", tasks)
        } else {
            ("Active", vec![("RUNNING", false); n])
        }
    }

    fn render(&self, idx: usize, now_ms: f64) -> Value {
        let i = &self.instances[idx];
        let (status, tasks) = self.state_of(i, now_ms);
        let ct = self.connector_type(i.kind, &i.code);
        let mut config = i.config.clone();
        // Secrets come back null, as the real API may return them.
        if let Some(ct) = ct {
            for f in ct.fields.iter().filter(|f| f.secret) {
                if config.contains_key(&f.key) {
                    config.insert(f.key.clone(), Value::Null);
                }
            }
        }
        let task_statuses: Map<String, Value> = tasks
            .iter()
            .enumerate()
            .map(|(n, (state, failed))| {
                let mut t =
                    json!({ "state": state, "worker_id": format!("connect-{}:8083", n % 3) });
                if *failed {
                    t["trace"] = json!(i.failure.clone().unwrap_or_default());
                }
                (n.to_string(), t)
            })
            .collect();
        let prefix = if i.kind == ConnectorKind::Source {
            "source"
        } else {
            "destination"
        };
        json!({
            "name": i.name,
            "connector": i.code,
            "id": i.id,
            "connector_display_name": i.display_name,
            "created_timestamp": iso_timestamp(i.created_ms),
            "config": config,
            "topics": if i.kind == ConnectorKind::Source { vec![format!("{prefix}_{}.public.data", i.id)] } else { vec![] },
            "tasks": (0..tasks.len()).collect::<Vec<_>>(),
            "connector_status": status,
            "desired_state": i.desired,
            "task_statuses": task_statuses,
            "tags": [],
        })
    }
}

impl StreamkapSim {
    /// A simulator serving the demo catalogs of `data/` (compiled in: native hosts only; the
    /// browser fetches them, see [`crate::vendor::Vendor::sim_assets`]).
    #[cfg(not(target_arch = "wasm32"))]
    pub fn bundled() -> Self {
        StreamkapSim::new(
            include_str!("data/sources-connectors.json"),
            include_str!("data/destinations-connectors.json"),
        )
    }
}

impl Simulator for StreamkapSim {
    /// Answers one request at time `now_ms` (milliseconds since the Unix epoch).
    fn handle(&mut self, req: &HttpRequest, now_ms: f64) -> HttpResponse {
        if let Some(resp) = self.authenticate(req, now_ms) {
            return resp;
        }
        let segments: Vec<String> = req
            .path
            .trim_matches('/')
            .split('/')
            .filter(|s| !s.is_empty())
            .map(percent_decode)
            .collect();
        let seg: Vec<&str> = segments.iter().map(String::as_str).collect();
        let Some(kind) = seg.first().and_then(|s| match *s {
            "sources" => Some(ConnectorKind::Source),
            "destinations" => Some(ConnectorKind::Destination),
            _ => None,
        }) else {
            return not_found("Not Found");
        };
        match (req.method, &seg[1..]) {
            (Method::Get, ["connectors"]) => {
                self.get_catalog(kind, req.query_value("connector_code"))
            }
            (Method::Get, []) => {
                // A poll starts with the first page of sources: that is when the world moved.
                let first_page = req.query_value("page").is_none_or(|p| p == "1");
                if self.churn_per_poll > 0 && kind == ConnectorKind::Source && first_page {
                    self.churn(self.churn_per_poll);
                }
                self.list(kind, req, now_ms)
            }
            (Method::Post, []) => self.create(kind, req, now_ms),
            (Method::Get, [id]) => match self.find(kind, id) {
                Some(i) => HttpResponse::json(
                    200,
                    &json!({"result": [self.render(i, now_ms)], "page": 1, "page_size": 1, "total": 1, "has_next": false}),
                ),
                None => not_found(&format!("{} not found", kind.label())),
            },
            (Method::Put, [id]) => self.update(kind, id, req, now_ms),
            (Method::Delete, [id]) => match self.find(kind, id) {
                Some(i) => {
                    let body = self.render(i, now_ms);
                    self.instances.remove(i);
                    HttpResponse::json(200, &body)
                }
                None => not_found(&format!("{} not found", kind.label())),
            },
            _ => HttpResponse::json(405, &json!({"detail": "Method Not Allowed"})),
        }
    }

    /// Adds a few realistic connectors (running, broken, a destination) created a day ago,
    /// so a fresh demo has something to look at.
    fn seed_demo(&mut self, now_ms: f64) {
        let day = 86_400_000.0;
        type Seed<'a> = (ConnectorKind, &'a str, &'a str, &'a [(&'a str, Value)]);
        let seeds: [Seed; 3] = [
            (
                ConnectorKind::Source,
                "postgresql",
                "orders-postgres",
                &[
                    (
                        "database.hostname.user.defined",
                        json!("orders-db.internal.example.com"),
                    ),
                    ("database.user", json!("streamkap_user")),
                    ("database.password", json!("demo-password")),
                    ("database.dbname", json!("orders")),
                    ("schema.include.list", json!("public")),
                    (
                        "table.include.list.user.defined",
                        json!("public.orders,public.customers"),
                    ),
                ],
            ),
            (
                ConnectorKind::Source,
                "mysql",
                "inventory-mysql",
                &[
                    (
                        "database.hostname.user.defined",
                        json!("inventory-db.unreachable.invalid"),
                    ),
                    ("database.user", json!("streamkap")),
                    ("database.password", json!("demo-password")),
                    ("database.include.list.user.defined", json!("inventory")),
                    ("table.include.list.user.defined", json!("inventory.items")),
                ],
            ),
            (
                ConnectorKind::Destination,
                "snowflake",
                "analytics-snowflake",
                &[
                    (
                        "snowflake.url.name",
                        json!("acme-analytics.snowflakecomputing.com"),
                    ),
                    ("snowflake.user.name", json!("STREAMKAP_USER")),
                    ("snowflake.private.key", json!("demo-key")),
                    ("snowflake.database.name", json!("ANALYTICS")),
                    ("snowflake.schema.name", json!("RAW")),
                ],
            ),
        ];
        for (kind, code, name, values) in seeds {
            let Some(ct) = self.connector_type(kind, code).cloned() else {
                continue;
            };
            let mut config = default_config(&ct);
            for (k, v) in values {
                config.insert((*k).to_string(), v.clone());
            }
            let created = now_ms - day;
            self.insert(kind, &ct, name, config, created, "Active");
        }
    }

    /// The connectors' state without secrets, for persisting a demo across reloads.
    fn export_state(&self) -> Value {
        let list: Vec<Value> = self
            .instances
            .iter()
            .map(|i| {
                let ct = self.connector_type(i.kind, &i.code);
                let (config, _) = crate::secret::scrub_flat(&i.config, |k| {
                    ct.is_some_and(|ct| ct.fields.iter().any(|f| f.secret && f.key == k))
                });
                json!({
                    "id": i.id, "name": i.name, "kind": i.kind.plural(), "code": i.code,
                    "display_name": i.display_name, "config": config, "created_ms": i.created_ms,
                    "desired": i.desired, "phase_ms": i.phase_ms, "tasks": i.tasks,
                })
            })
            .collect();
        json!({ "version": 1, "next_id": self.next_id, "instances": list })
    }

    /// Restores state saved by [`StreamkapSim::export_state`]; malformed input is ignored.
    fn import_state(&mut self, state: &Value) {
        let Some(list) = state.get("instances").and_then(Value::as_array) else {
            return;
        };
        let mut instances = Vec::new();
        for v in list {
            let s = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_string);
            let (Some(id), Some(name), Some(kind), Some(code)) = (
                s("id"),
                s("name"),
                s("kind").and_then(|k| ConnectorKind::from_segment(&k)),
                s("code"),
            ) else {
                continue;
            };
            let Some(ct) = self.connector_type(kind, &code) else {
                continue;
            };
            let config = v
                .get("config")
                .and_then(Value::as_object)
                .cloned()
                .unwrap_or_default();
            let n = |k: &str| v.get(k).and_then(Value::as_f64).unwrap_or(0.0);
            instances.push(Instance {
                failure: failure_for(ct, &config),
                id,
                name,
                kind,
                display_name: s("display_name").unwrap_or_else(|| ct.name.clone()),
                code,
                config,
                created_ms: n("created_ms"),
                desired: s("desired").unwrap_or_else(|| "Active".into()),
                phase_ms: n("phase_ms"),
                tasks: (n("tasks") as u32).clamp(1, 8),
            });
        }
        self.instances = instances;
        self.next_id = state
            .get("next_id")
            .and_then(Value::as_u64)
            .unwrap_or(self.instances.len() as u64 + 1)
            .max(self.instances.len() as u64 + 1);
    }

    /// Number of connector instances (for tests and the server's log).
    fn len(&self) -> usize {
        self.instances.len()
    }

    /// `rotate-secret?secret=…` and `revoke` (the sign-in mount's credentials and tokens);
    /// `churn?count=N` (N connectors change state before every poll: the list benchmark).
    fn control(&mut self, name: &str, args: &[(String, String)]) -> bool {
        match name {
            "rotate-secret" => {
                let secret = args
                    .iter()
                    .find(|(k, _)| k == "secret")
                    .map(|(_, v)| v.as_str())
                    .unwrap_or("rotated-secret");
                self.rotate_secret(secret);
                true
            }
            "revoke" => {
                self.revoke_tokens();
                true
            }
            "churn" => {
                // `churn?count=N`: flip N connectors before every poll from now on (0: stop).
                self.churn_per_poll = args
                    .iter()
                    .find(|(k, _)| k == "count")
                    .and_then(|(_, v)| v.parse().ok())
                    .unwrap_or(0);
                true
            }
            _ => false,
        }
    }
}

fn not_found(msg: &str) -> HttpResponse {
    HttpResponse::json(404, &json!({ "detail": msg }))
}

/// A config of every field's default (as the console would send it untouched).
fn default_config(ct: &ConnectorType) -> Map<String, Value> {
    let mut values = crate::model::form::initial_values(ct);
    values.retain(|_, v| !v.is_empty());
    crate::model::form::encode(ct, &values)
}

/// The Pydantic-style message for a value of the wrong type, if it is.
fn type_problem(f: &Field, v: &Value) -> Option<(String, &'static str)> {
    match f.value_type {
        ValueType::String if !v.is_string() => {
            Some(("Input should be a valid string".into(), "string_type"))
        }
        ValueType::Bool if !v.is_boolean() => {
            Some(("Input should be a valid boolean".into(), "bool_type"))
        }
        ValueType::Integer if !(v.is_i64() || v.is_u64()) => {
            Some(("Input should be a valid integer".into(), "int_type"))
        }
        ValueType::Number if !v.is_number() => {
            Some(("Input should be a valid number".into(), "float_type"))
        }
        ValueType::List if !v.is_array() => {
            Some(("Input should be a valid list".into(), "list_type"))
        }
        _ => match &f.widget {
            Widget::Select { choices } if !choices.iter().any(|c| &c.value == v) => {
                let names: Vec<String> = choices.iter().map(|c| format!("'{}'", c.key())).collect();
                Some((
                    format!("Input should be {}", names.join(", ")),
                    "literal_error",
                ))
            }
            Widget::Slider { min, max, .. } => {
                let n = v.as_f64()?;
                if n < *min {
                    Some((
                        format!("Input should be greater than or equal to {min}"),
                        "greater_than_equal",
                    ))
                } else if n > *max {
                    Some((
                        format!("Input should be less than or equal to {max}"),
                        "less_than_equal",
                    ))
                } else {
                    None
                }
            }
            Widget::Number { .. } => {
                let text = crate::model::catalog::value_to_text(v);
                parse_number(&text).is_none().then(|| {
                    (
                        "Input should be a valid number, unable to parse string as a number".into(),
                        "float_parsing",
                    )
                })
            }
            _ => None,
        },
    }
}

/// Whether a config cannot work: a host or URL that is reserved-invalid (`*.invalid`) or says
/// "unreachable". Returns the Kafka Connect style trace the connector fails with.
pub fn failure_for(ct: &ConnectorType, config: &Map<String, Value>) -> Option<String> {
    let bad = ct.fields.iter().find_map(|f| {
        let k = f.key.to_ascii_lowercase();
        if !(k.contains("host") || k.contains("url") || k.contains("connection.string")) {
            return None;
        }
        let v = config.get(&f.key)?.as_str()?.trim().to_ascii_lowercase();
        let host = v
            .split("://")
            .last()
            .unwrap_or_default()
            .split(['/', ':', '?', '@'])
            .find(|p| p.contains('.') || p.contains("unreachable"))
            .unwrap_or(&v)
            .to_string();
        (host.ends_with(".invalid") || host.contains("unreachable")).then_some(host)
    })?;
    Some(format!(
        "org.apache.kafka.connect.errors.ConnectException: Unable to connect to {name}: the connection attempt failed.\n\
         \tat io.streamkap.connect.common.ConnectionValidator.validate(ConnectionValidator.java:88)\n\
         \tat org.apache.kafka.connect.runtime.WorkerTask.doRun(WorkerTask.java:195)\n\
         \tat java.base/java.lang.Thread.run(Thread.java:840)\n\
         Caused by: java.net.UnknownHostException: {bad}: Name or service not known\n\
         \tat java.base/java.net.Inet6AddressImpl.lookupAllHostAddr(Native Method)\n",
        name = ct.name
    ))
}

/// A synthetic catalog with one source of `n` fields of mixed widgets (for the benchmark).
pub fn synthetic_catalog(n: usize) -> Value {
    let controls = [
        "string",
        "number",
        "toggle",
        "one-select",
        "textarea",
        "slider",
        "password",
        "boolean",
    ];
    let props: Vec<Value> = (0..n)
        .map(|i| {
            let control = controls[i % controls.len()];
            let mut value = json!({ "control": control });
            match control {
                "number" => value["default"] = json!(format!("{}", 1000 + i)),
                "toggle" | "boolean" => value["default"] = json!(i % 2 == 0),
                "one-select" => {
                    value["raw_values"] = json!(["alpha", "beta", "gamma"]);
                    value["default"] = json!("alpha");
                }
                "textarea" => value["rows"] = json!(2),
                "slider" => {
                    value["min"] = json!(0);
                    value["max"] = json!(100);
                    value["step"] = json!(5);
                    value["default"] = json!(50);
                }
                _ => {}
            }
            let tab = ["auth", "settings", "schema", "smt"][i % 4];
            let mut p = json!({
                "name": format!("synthetic.field.{i:04}"),
                "display_name": format!("Synthetic field {i}"),
                "description": format!("Synthetic {control} field number {i}."),
                "user_defined": true,
                "required": i % 10 == 0,
                "order_of_display": i + 1,
                "tab": tab,
                "value": value,
            });
            if control == "password" {
                p["encrypt"] = json!(true);
            }
            if i % 50 == 49 {
                p["conditions"] =
                    json!([{ "operator": "EQ", "config": "synthetic.field.0002", "value": true }]);
            }
            p
        })
        .collect();
    json!({
        format!("Synthetic ({n} fields)"): {
            "connector": format!("synthetic{n}"),
            "display_name": format!("Synthetic ({n} fields)"),
            "description": "A generated connector for measuring large forms.",
            "config": props,
        }
    })
}
