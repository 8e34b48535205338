//! `sim-server`: the simulators behind real HTTP on 127.0.0.1, plus the built app's static
//! files, for end-to-end tests and local demos against a "real" backend.
//!
//! ```text
//! sim-server [--port 8787] [--dist dist] [--config FILE] [--base /sub/path]
//!            [--seed demo|none] [--bench-connectors N]
//! ```
//! Routes: `/api/<mount>/…` for every simulator the vendors of this build mount
//! ([`Vendor::sim_mounts`](connector_console::vendor::Vendor::sim_mounts)), control endpoints
//! under `/__sim/` (reset, inject failures, add latency, and the simulators' own controls), and
//! the app's files with an `index.html` fallback for deep links. Only binds 127.0.0.1.

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    server::main();
}

#[cfg(not(target_arch = "wasm32"))]
mod server {
    use std::collections::VecDeque;
    use std::io::{BufRead, BufReader, Read, Write};
    use std::net::{TcpListener, TcpStream};
    use std::path::{Path, PathBuf};
    use std::sync::{Arc, Mutex};
    use std::time::{Duration, SystemTime, UNIX_EPOCH};

    use connector_console::http::{percent_decode, HttpRequest, HttpResponse, Method};
    use connector_console::vendor::{SimServerOptions, Simulator};
    use connector_console::vendors::VENDORS;
    use serde_json::json;

    struct Fault {
        kind: FaultKind,
        path_contains: String,
        remaining: u32,
    }

    /// What an injected fault does to a request.
    #[derive(Clone, Copy)]
    enum FaultKind {
        /// Answer with this status.
        Status(u16),
        /// Send the status and headers, a little of the body, then nothing for a minute.
        Stall,
        /// Answer 200 with a body this many bytes long.
        Oversize(usize),
        /// Do what was asked, then lose the answer: a 502 (a create that happened although
        /// the client never heard so).
        Lose,
    }

    struct State {
        /// Simulators by mount name: `/api/<name>/…`.
        sims: Vec<(String, Box<dyn Simulator>)>,
        faults: VecDeque<Fault>,
        latency_ms: u64,
        log: Vec<String>,
    }

    struct Options {
        port: u16,
        dist: Option<PathBuf>,
        config: Option<PathBuf>,
        base: String,
        csp: Option<String>,
        seed: String,
        bench_connectors: usize,
    }

    fn now_ms() -> f64 {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_millis() as f64)
            .unwrap_or(0.0)
    }

    fn parse_args() -> Options {
        let mut o = Options {
            port: 8787,
            dist: None,
            config: None,
            base: String::new(),
            csp: None,
            seed: "demo".into(),
            bench_connectors: 0,
        };
        let args: Vec<String> = std::env::args().skip(1).collect();
        let mut i = 0;
        while i < args.len() {
            let val = args.get(i + 1).cloned().unwrap_or_default();
            match args[i].as_str() {
                "--port" => o.port = val.parse().unwrap_or(8787),
                "--dist" => o.dist = Some(PathBuf::from(val)),
                "--config" => o.config = Some(PathBuf::from(val)),
                "--base" => o.base = val.trim_end_matches('/').to_string(),
                "--csp" => o.csp = Some(val),
                "--seed" => o.seed = val,
                "--bench-connectors" => o.bench_connectors = val.parse().unwrap_or(0),
                "--help" | "-h" => {
                    println!("usage: sim-server [--port N] [--dist DIR] [--config FILE] [--base /path] [--seed demo|none] [--bench-connectors N]");
                    std::process::exit(0);
                }
                other => {
                    eprintln!("sim-server: unknown argument {other}");
                    std::process::exit(2);
                }
            }
            i += 2;
        }
        o
    }

    /// Every mounted simulator, fresh.
    fn new_sims(opts: &Options, seed: &str) -> Vec<(String, Box<dyn Simulator>)> {
        let sim_opts = SimServerOptions {
            seed_demo: seed == "demo",
            bench_connectors: opts.bench_connectors,
            now_ms: now_ms(),
        };
        VENDORS
            .iter()
            .flat_map(|v| v.sim_mounts(&sim_opts))
            .collect()
    }

    pub fn main() {
        let opts = Arc::new(parse_args());
        let state = Arc::new(Mutex::new(State {
            sims: new_sims(&opts, &opts.seed),
            faults: VecDeque::new(),
            latency_ms: 0,
            log: Vec::new(),
        }));
        let listener = match TcpListener::bind(("127.0.0.1", opts.port)) {
            Ok(l) => l,
            Err(e) => {
                eprintln!("sim-server: cannot listen on 127.0.0.1:{}: {e}", opts.port);
                std::process::exit(1);
            }
        };
        println!(
            "sim-server listening on http://127.0.0.1:{}{}/",
            opts.port, opts.base
        );
        for stream in listener.incoming().flatten() {
            let (state, opts) = (state.clone(), opts.clone());
            std::thread::spawn(move || {
                let _ = handle(stream, &state, &opts);
            });
        }
    }

    struct Raw {
        method: String,
        target: String,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
    }

    fn read_request(stream: &mut TcpStream) -> std::io::Result<Option<Raw>> {
        stream.set_read_timeout(Some(Duration::from_secs(30)))?;
        let mut reader = BufReader::new(stream.try_clone()?);
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 {
            return Ok(None);
        }
        let mut parts = line.split_whitespace();
        let method = parts.next().unwrap_or_default().to_string();
        let target = parts.next().unwrap_or("/").to_string();
        let mut headers = Vec::new();
        loop {
            let mut h = String::new();
            if reader.read_line(&mut h)? == 0 || h.trim().is_empty() {
                break;
            }
            if let Some((k, v)) = h.split_once(':') {
                headers.push((k.trim().to_ascii_lowercase(), v.trim().to_string()));
            }
        }
        let len = headers
            .iter()
            .find(|(k, _)| k == "content-length")
            .and_then(|(_, v)| v.parse::<usize>().ok())
            .unwrap_or(0)
            .min(16 * 1024 * 1024);
        let mut body = vec![0; len];
        reader.read_exact(&mut body)?;
        Ok(Some(Raw {
            method,
            target,
            headers,
            body,
        }))
    }

    struct Out {
        status: u16,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
    }

    /// Pause between the events of a `text/event-stream` answer.
    const SSE_STEP_MS: u64 = 400;
    /// The (internal) header that makes `write_response` stall after the first bytes.
    const STALL: &str = "x-sim-stall";

    fn write_response(stream: &mut TcpStream, out: Out, cors: bool) -> std::io::Result<()> {
        let reason = match out.status {
            200 => "OK",
            201 => "Created",
            204 => "No Content",
            304 => "Not Modified",
            400 => "Bad Request",
            401 => "Unauthorized",
            404 => "Not Found",
            405 => "Method Not Allowed",
            409 => "Conflict",
            422 => "Unprocessable Entity",
            429 => "Too Many Requests",
            500 => "Internal Server Error",
            502 => "Bad Gateway",
            503 => "Service Unavailable",
            _ => "Status",
        };
        let mut head = format!("HTTP/1.1 {} {reason}\r\n", out.status);
        for (k, v) in &out.headers {
            // Like a same-origin reverse proxy should (see the README): a browser that sees
            // `WWW-Authenticate: Basic` on a same-origin 401 opens its own login prompt.
            if k.eq_ignore_ascii_case("www-authenticate") || k == STALL {
                continue;
            }
            head.push_str(&format!("{k}: {v}\r\n"));
        }
        if cors {
            head.push_str("access-control-allow-origin: *\r\n");
            head.push_str("access-control-allow-methods: GET, POST, PUT, DELETE, OPTIONS\r\n");
            head.push_str("access-control-allow-headers: authorization, content-type, accept\r\n");
            head.push_str("access-control-expose-headers: retry-after, x-ratelimit-reset\r\n");
        }
        if out.headers.iter().any(|(k, _)| k == STALL) {
            // A body that starts and then never ends (until a minute has passed).
            head.push_str("content-length: 100000\r\nconnection: close\r\n\r\n");
            stream.write_all(head.as_bytes())?;
            stream.write_all(&out.body)?;
            stream.flush()?;
            std::thread::sleep(Duration::from_secs(60));
            return Ok(());
        }
        let event_stream = out.headers.iter().any(|(k, v)| {
            k.eq_ignore_ascii_case("content-type") && v.contains("text/event-stream")
        });
        if event_stream {
            // Like a real server: one event at a time, as the work progresses, until the
            // connection closes (no length up front).
            head.push_str("connection: close\r\n\r\n");
            stream.write_all(head.as_bytes())?;
            let body = String::from_utf8_lossy(&out.body).into_owned();
            for (i, event) in body.split_inclusive("\n\n").enumerate() {
                if i > 0 {
                    std::thread::sleep(Duration::from_millis(SSE_STEP_MS));
                }
                stream.write_all(event.as_bytes())?;
                stream.flush()?;
            }
            return Ok(());
        }
        head.push_str(&format!(
            "content-length: {}\r\nconnection: close\r\n\r\n",
            out.body.len()
        ));
        stream.write_all(head.as_bytes())?;
        stream.write_all(&out.body)?;
        stream.flush()
    }

    fn handle(mut stream: TcpStream, state: &Mutex<State>, opts: &Options) -> std::io::Result<()> {
        let Some(raw) = read_request(&mut stream)? else {
            return Ok(());
        };
        let (path, query) = match raw.target.split_once('?') {
            Some((p, q)) => (p.to_string(), q.to_string()),
            None => (raw.target.clone(), String::new()),
        };
        let path = percent_decode(&path);
        let is_api = path.starts_with("/api/") || path.starts_with("/__sim/");
        if raw.method == "OPTIONS" {
            return write_response(
                &mut stream,
                Out {
                    status: 204,
                    headers: vec![],
                    body: vec![],
                },
                true,
            );
        }
        let out = if path.starts_with("/__sim/") {
            control(&path, &query, state, opts)
        } else if let Some(rest) = path.strip_prefix("/api/") {
            let (name, rest) = rest
                .split_once('/')
                .map(|(n, r)| (n, format!("/{r}")))
                .unwrap_or((rest, "/".into()));
            api(&raw, name, &rest, &query, state)
        } else {
            static_file(&path, opts)
        };
        if let Ok(mut s) = state.lock() {
            s.log
                .push(format!("{} {} -> {}", raw.method, raw.target, out.status));
            if s.log.len() > 500 {
                s.log.remove(0);
            }
        }
        write_response(&mut stream, out, is_api)
    }

    fn json_out(status: u16, v: &serde_json::Value) -> Out {
        Out {
            status,
            headers: vec![("content-type".into(), "application/json".into())],
            body: v.to_string().into_bytes(),
        }
    }

    fn query_pairs(query: &str) -> Vec<(String, String)> {
        query
            .split('&')
            .filter(|p| !p.is_empty())
            .map(|p| match p.split_once('=') {
                Some((k, v)) => (percent_decode(k), percent_decode(v)),
                None => (percent_decode(p), String::new()),
            })
            .collect()
    }

    fn api(raw: &Raw, name: &str, rest: &str, query: &str, state: &Mutex<State>) -> Out {
        let Some(method) = Method::parse(&raw.method) else {
            return json_out(405, &json!({"detail": "Method Not Allowed"}));
        };
        let body = if raw.body.is_empty() {
            None
        } else {
            match serde_json::from_slice(&raw.body) {
                Ok(v) => Some(v),
                Err(e) => {
                    return json_out(
                        422,
                        &json!({"detail": [{"loc": ["body"], "msg": format!("JSON decode error: {e}"), "type": "json_invalid"}]}),
                    )
                }
            }
        };
        let req = HttpRequest {
            method,
            path: if rest.is_empty() {
                "/".into()
            } else {
                rest.to_string()
            },
            query: query_pairs(query),
            headers: raw.headers.clone(),
            body,
        };
        let (latency, fault) = {
            let Ok(mut s) = state.lock() else {
                return json_out(500, &json!({"detail": "simulator poisoned"}));
            };
            let mut fault = None;
            if let Some(f) = s.faults.front_mut() {
                if rest.contains(&f.path_contains) {
                    f.remaining = f.remaining.saturating_sub(1);
                    fault = Some(f.kind);
                    if f.remaining == 0 {
                        s.faults.pop_front();
                    }
                }
            }
            (s.latency_ms, fault)
        };
        if latency > 0 {
            std::thread::sleep(Duration::from_millis(latency));
        }
        if let Some(FaultKind::Stall) = fault {
            return Out {
                status: 200,
                headers: vec![
                    ("content-type".into(), "application/json".into()),
                    (STALL.into(), "1".into()),
                ],
                body: b"[".to_vec(),
            };
        }
        if let Some(FaultKind::Oversize(n)) = fault {
            let mut body = Vec::with_capacity(n + 2);
            body.push(b'[');
            while body.len() + 5 < n {
                body.extend_from_slice(b"\"xx\",");
            }
            body.extend_from_slice(b"\"x\"]");
            return Out {
                status: 200,
                headers: vec![("content-type".into(), "application/json".into())],
                body,
            };
        }
        if let Some(FaultKind::Status(status)) = fault {
            let mut out = json_out(
                status,
                &json!({"detail": format!("Injected failure ({status})")}),
            );
            if status == 429 {
                out.headers.push(("retry-after".into(), "2".into()));
            }
            if status == 502 {
                out.headers[0].1 = "text/html".into();
                out.body = b"<html><body>502 Bad Gateway</body></html>".to_vec();
            }
            return out;
        }
        let Ok(mut s) = state.lock() else {
            return json_out(500, &json!({"detail": "simulator poisoned"}));
        };
        let Some((_, sim)) = s.sims.iter_mut().find(|(n, _)| n == name) else {
            return json_out(
                404,
                &json!({"detail": format!("no simulator mounted at /api/{name}")}),
            );
        };
        let HttpResponse {
            status,
            headers,
            body,
        } = sim.handle(&req, now_ms());
        if let Some(FaultKind::Lose) = fault {
            return json_out(502, &json!({"detail": "Injected: the answer was lost"}));
        }
        Out {
            status,
            headers,
            body: body.into_bytes(),
        }
    }

    /// `/__sim/reset?seed=demo|none`, `/__sim/fail?status=500&count=1&path=/sources`,
    /// `/__sim/stall`, `/__sim/oversize`, `/__sim/lose?path=…` (do it, answer 502),
    /// `/__sim/latency?ms=800`, `/__sim/log`.
    fn control(path: &str, query: &str, state: &Mutex<State>, opts: &Options) -> Out {
        let q = query_pairs(query);
        let get = |k: &str| q.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
        let Ok(mut s) = state.lock() else {
            return json_out(500, &json!({"detail": "simulator poisoned"}));
        };
        match path {
            "/__sim/reset" => {
                s.sims = new_sims(opts, get("seed").unwrap_or(&opts.seed));
                s.faults.clear();
                s.latency_ms = 0;
                json_out(200, &json!({"ok": true}))
            }
            "/__sim/fail" => {
                s.faults.push_back(Fault {
                    kind: FaultKind::Status(
                        get("status").and_then(|v| v.parse().ok()).unwrap_or(500),
                    ),
                    path_contains: get("path").unwrap_or("").to_string(),
                    remaining: get("count").and_then(|v| v.parse().ok()).unwrap_or(1),
                });
                json_out(200, &json!({"ok": true}))
            }
            "/__sim/stall" | "/__sim/oversize" | "/__sim/lose" => {
                let kind = if path == "/__sim/stall" {
                    FaultKind::Stall
                } else if path == "/__sim/lose" {
                    FaultKind::Lose
                } else {
                    FaultKind::Oversize(
                        get("bytes")
                            .and_then(|v| v.parse().ok())
                            .unwrap_or(20 << 20),
                    )
                };
                s.faults.push_back(Fault {
                    kind,
                    path_contains: get("path").unwrap_or("").to_string(),
                    remaining: get("count").and_then(|v| v.parse().ok()).unwrap_or(1),
                });
                json_out(200, &json!({"ok": true}))
            }
            "/__sim/latency" => {
                s.latency_ms = get("ms").and_then(|v| v.parse().ok()).unwrap_or(0);
                json_out(200, &json!({"ok": true, "latency_ms": s.latency_ms}))
            }
            "/__sim/log" => json_out(200, &json!(s.log)),
            "/__sim/health" => {
                let counts: serde_json::Map<String, serde_json::Value> = s
                    .sims
                    .iter()
                    .map(|(n, sim)| (n.clone(), json!(sim.len())))
                    .collect();
                json_out(200, &json!({"ok": true, "sims": counts}))
            }
            other => {
                // The simulators' own controls (`conflict`, `rate-limit`, `revoke`,
                // `rotate-secret`, `churn` …): every simulator that knows the name applies it,
                // or only the one mounted as `mount=<name>`.
                let name = other.trim_start_matches("/__sim/");
                let only = get("mount").map(str::to_string);
                let mut known = false;
                for (mount, sim) in s.sims.iter_mut() {
                    if only.as_ref().is_none_or(|m| m == mount) {
                        known |= sim.control(name, &q);
                    }
                }
                if known {
                    json_out(200, &json!({"ok": true}))
                } else {
                    json_out(404, &json!({"detail": "unknown control endpoint"}))
                }
            }
        }
    }

    fn content_type(path: &Path) -> &'static str {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or_default()
        {
            "html" => "text/html; charset=utf-8",
            "js" | "mjs" => "text/javascript; charset=utf-8",
            "wasm" => "application/wasm",
            "css" => "text/css; charset=utf-8",
            "json" => "application/json",
            "svg" => "image/svg+xml",
            "png" => "image/png",
            _ => "application/octet-stream",
        }
    }

    fn static_file(path: &str, opts: &Options) -> Out {
        let not_found = || Out {
            status: 404,
            headers: vec![("content-type".into(), "text/plain".into())],
            body: b"not found".to_vec(),
        };
        let Some(dist) = &opts.dist else {
            return not_found();
        };
        let Some(rel) = path.strip_prefix(&opts.base) else {
            return not_found();
        };
        let rel = rel.trim_start_matches('/');
        if rel.split('/').any(|seg| seg == "..") {
            return not_found();
        }
        if rel == "config.json" {
            if let Some(cfg) = &opts.config {
                return match std::fs::read(cfg) {
                    Ok(body) => Out {
                        status: 200,
                        headers: vec![
                            ("content-type".into(), "application/json".into()),
                            ("cache-control".into(), "no-cache".into()),
                        ],
                        body,
                    },
                    Err(_) => not_found(),
                };
            }
        }
        let file = dist.join(rel);
        let target = if rel.is_empty() || file.is_dir() {
            dist.join("index.html")
        } else if file.is_file() {
            file
        } else if Path::new(rel).extension().is_none() {
            // A deep link: the app's routes have no extension.
            dist.join("index.html")
        } else {
            return not_found();
        };
        match std::fs::read(&target) {
            Ok(body) => {
                let immutable = target
                    .file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n != "index.html" && n != "config.json" && n.contains('-'));
                let mut headers: Vec<(String, String)> = vec![
                    ("content-type".into(), content_type(&target).into()),
                    (
                        "cache-control".into(),
                        if immutable {
                            "public, max-age=31536000, immutable"
                        } else {
                            "no-cache"
                        }
                        .into(),
                    ),
                ];
                if let Some(csp) = &opts.csp {
                    headers.push(("content-security-policy".into(), csp.clone()));
                }
                Out {
                    status: 200,
                    headers,
                    body,
                }
            }
            Err(_) => not_found(),
        }
    }
}
