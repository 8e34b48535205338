//! The connectors list polled off the page's main thread: the messages between the page and
//! the `poll-worker` Web Worker (`src/bin/poll-worker.rs`), and the worker's pure part — it
//! lists through the vendor boundary ([`list_rows`]) and answers with what changed since the
//! rows the page holds ([`PollHost`]).
//!
//! A poll of 2,000 connectors reads a few MB of JSON in twenty requests: on the page that was
//! 150–190 ms of main thread per poll, most of it the browser's own loading of the answers and
//! reading them into the wasm. In the worker, the page's share is one message in and the rows
//! that changed out. Whatever needs the page — a 401 (sign in), a 429 or a server error (the
//! transport's waits, retries and notices), a list that partly failed — is handed back
//! ([`FromPoller::Handback`]) and the page polls that time itself, as without the worker.
//! Messages are JSON text, so both sides are plain serde and the host is tested natively.

use std::cell::RefCell;
use std::collections::HashMap;

use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::http::{ApiError, HttpRequest, HttpResponse};
use crate::model::rows::{diff_held, diff_rows, Row, RowDiff, RowKey};
use crate::vendor::{Exchange, Streamed, Vendor};

/// A message from the page to the worker.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ToPoller {
    /// List the connectors of a backend and answer with what changed.
    List {
        /// Reply id.
        id: u32,
        /// The list on the page asking (each page instance has its own rows).
        session: u64,
        /// The `seq` of the last answer the page applied to its rows (0: none).
        applied: u64,
        /// The backend (its `dialect` names the vendor) as `config.json` has it ([`crate::config::backend_to_json`]).
        backend: Value,
        /// Headers every request carries (the credentials the page's transport adds).
        headers: Vec<(String, String)>,
        /// With `applied` 0, the rows the page holds by key and [`Row::digest`], in its order
        /// (empty when it holds none): the answer is then a diff against them, not every row.
        #[serde(default)]
        held: Vec<(RowKey, u64)>,
    },
    /// The page gave the worker up: a shared worker closes itself (a dedicated one is
    /// terminated by the page).
    Close,
    /// Are you still there? Sent while a list waits on the worker; answered at once with
    /// [`FromPoller::Pong`] by a worker that waits on the network, and not at all by one that
    /// is stuck (the page then gives it up and polls itself).
    Ping,
}

/// A message from the worker to the page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FromPoller {
    /// The worker is listening (sent once, after its module has started).
    Ready,
    /// The answer to [`ToPoller::Ping`].
    Pong,
    /// The worker could not start (its module failed to load).
    Failed {
        /// What went wrong.
        error: String,
    },
    /// Every row: the page had none the worker knows of (its first poll, a new page, an
    /// answer it did not apply). The page diffs them against what it shows.
    Rows {
        /// The id of the message answered.
        id: u32,
        /// This answer's number, to send back as `applied` once applied.
        seq: u64,
        /// The rows, in the server's order.
        rows: Vec<Row>,
        /// Some connector is between states (the page polls faster).
        transitional: bool,
    },
    /// What changed since the answer the page applied last.
    Diff {
        /// The id of the message answered.
        id: u32,
        /// The answer this one follows (the page's `applied`).
        base: u64,
        /// This answer's number.
        seq: u64,
        /// The changes.
        diff: RowDiff,
        /// Some connector is between states.
        transitional: bool,
    },
    /// This poll needs the page (sign-in, waits and retries, a partial list): poll there.
    Handback {
        /// The id of the message answered.
        id: u32,
        /// Why, for the console of whoever debugs it.
        why: String,
        /// The request whose answer the page must act on, and that answer (sign-in, a rate
        /// limit, a retry), so the page acts on it rather than asking again at once.
        #[serde(default)]
        answer: Option<(HttpRequest, HttpResponse)>,
    },
}

impl FromPoller {
    /// The id of the message this answers (`None` for `Ready`, `Pong` and `Failed`).
    pub fn id(&self) -> Option<u32> {
        match self {
            FromPoller::Rows { id, .. }
            | FromPoller::Diff { id, .. }
            | FromPoller::Handback { id, .. } => Some(*id),
            FromPoller::Ready | FromPoller::Pong | FromPoller::Failed { .. } => None,
        }
    }
}

/// Watches the answers of a list for statuses the page's transport acts on (sign-in,
/// rate limits, the vendor's retries), which the worker does not: any of them hands the poll
/// back.
struct Watch<'a> {
    io: &'a dyn Exchange,
    vendor: &'static dyn Vendor,
    /// The first such answer, with its request.
    seen: RefCell<Option<(HttpRequest, HttpResponse)>>,
}

impl Watch<'_> {
    fn check(&self, req: HttpRequest, resp: &HttpResponse) {
        let s = resp.status;
        let acts = s == 401 || s == 403 || s == 429 || self.vendor.retry(s, 1).is_some();
        if acts && self.seen.borrow().is_none() {
            *self.seen.borrow_mut() = Some((req, resp.clone()));
        }
    }
}

#[async_trait(?Send)]
impl Exchange for Watch<'_> {
    async fn send(&self, req: HttpRequest) -> Result<HttpResponse, ApiError> {
        let resp = self.io.send(req.clone()).await?;
        self.check(req, &resp);
        Ok(resp)
    }

    async fn send_streaming(
        &self,
        req: HttpRequest,
        on_chunk: &mut (dyn for<'c> FnMut(&'c str) -> bool + '_),
    ) -> Result<Streamed, ApiError> {
        let out = self.io.send_streaming(req.clone(), on_chunk).await?;
        if let Streamed::Whole(resp) = &out {
            self.check(req, resp);
        }
        Ok(out)
    }
}

/// Why a poll is handed back to the page, and the answer it must act on (see
/// [`FromPoller::Handback`]).
#[derive(Clone, Debug, PartialEq)]
pub struct HandBack {
    /// Why.
    pub why: String,
    /// The request and the answer that needs the page, if one did.
    pub answer: Option<(HttpRequest, HttpResponse)>,
}

impl From<String> for HandBack {
    fn from(why: String) -> Self {
        HandBack { why, answer: None }
    }
}

/// The rows of every connector of `backend` (a `config.json` entry), listed through `io`;
/// `Err` says why the page must poll itself instead.
pub async fn list_rows(backend: &Value, io: &dyn Exchange) -> Result<Vec<Row>, HandBack> {
    let config = crate::config::backend_from_json(backend, &crate::vendors::Registry)?;
    let v = crate::vendors::find(&config.dialect)
        .ok_or_else(|| format!("no vendor `{}` in this build", config.dialect))?;
    let opened = crate::vendor::open(v, &config)
        .await
        .map_err(|e| e.to_string())?;
    let connectors = opened
        .connectors()
        .ok_or_else(|| format!("`{}` has no connector list", config.dialect))?;
    let watch = Watch {
        io,
        vendor: v,
        seen: RefCell::new(None),
    };
    let listed = connectors.list(&watch).await;
    if let Some((req, resp)) = watch.seen.into_inner() {
        return Err(HandBack {
            why: format!("an answer had status {}", resp.status),
            answer: Some((req, resp)),
        });
    }
    let listing = listed.map_err(|e| e.to_string())?;
    if let Some((part, e)) = listing.failed.first() {
        return Err(format!("the {part} did not load ({e})").into());
    }
    Ok(listing.items.iter().map(Row::of).collect())
}

/// The rows one list on a page holds, as the worker last told it.
struct Baseline {
    session: u64,
    seq: u64,
    rows: HashMap<RowKey, Row>,
    order: Vec<RowKey>,
}

/// Lists kept at once (a portal can show several consoles; each page instance is one).
const SESSIONS: usize = 4;

/// The worker's memory of what each list on the page shows, so a poll answers with only what
/// changed.
#[derive(Default)]
pub struct PollHost {
    sessions: Vec<Baseline>,
    last_seq: u64,
}

impl PollHost {
    /// A host that knows no list yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// The answer to a poll of `session` whose page last applied answer `applied` and holds
    /// `held` (see [`ToPoller::List`]), given the rows just listed: a diff when the page holds
    /// the rows of the worker's last answer, or rows it described by digest; else every row.
    pub fn reply(
        &mut self,
        id: u32,
        session: u64,
        applied: u64,
        held: &[(RowKey, u64)],
        rows: Vec<Row>,
    ) -> FromPoller {
        if applied != 0 || held.is_empty() {
            return self.answer(id, session, applied, rows);
        }
        let transitional = rows.iter().any(|r| r.health.is_transitional());
        self.last_seq += 1;
        let seq = self.last_seq;
        let mut diff = diff_held(held, &rows);
        self.remember(session, seq, &rows);
        if !diff.order_changed {
            diff.order = Vec::new();
        }
        FromPoller::Diff {
            id,
            base: 0,
            seq,
            diff,
            transitional,
        }
    }

    /// The answer to a poll of `session` whose page last applied answer `applied`, given the
    /// rows just listed: what changed when the page holds the rows of the worker's last answer,
    /// else every row.
    pub fn answer(&mut self, id: u32, session: u64, applied: u64, rows: Vec<Row>) -> FromPoller {
        let transitional = rows.iter().any(|r| r.health.is_transitional());
        self.last_seq += 1;
        let seq = self.last_seq;
        let known = self
            .sessions
            .iter()
            .position(|b| b.session == session && b.seq == applied && applied != 0);
        if let Some(i) = known {
            let mut b = self.sessions.remove(i);
            let mut diff = diff_rows(&b.rows, &b.order, &rows);
            for k in &diff.removed {
                b.rows.remove(k);
            }
            for (k, r) in &diff.changed {
                b.rows.insert(k.clone(), r.clone());
            }
            if diff.order_changed {
                b.order = diff.order.clone();
            } else {
                // The page keeps its order: 2,000 keys it would read for nothing each poll.
                diff.order = Vec::new();
            }
            b.seq = seq;
            self.sessions.push(b);
            return FromPoller::Diff {
                id,
                base: applied,
                seq,
                diff,
                transitional,
            };
        }
        self.remember(session, seq, &rows);
        FromPoller::Rows {
            id,
            seq,
            rows,
            transitional,
        }
    }

    /// Remembers that `session`'s page holds `rows` once it applies answer `seq`.
    fn remember(&mut self, session: u64, seq: u64, rows: &[Row]) {
        self.forget(session);
        // What the page holds once it has applied every row (a key listed twice keeps its
        // first row, as on the page).
        let first = diff_rows(&HashMap::new(), &[], rows);
        self.sessions.push(Baseline {
            session,
            seq,
            rows: first.changed.into_iter().collect(),
            order: first.order,
        });
        if self.sessions.len() > SESSIONS {
            self.sessions.remove(0);
        }
    }

    /// Forgets what `session` holds (its page polls itself this time).
    pub fn forget(&mut self, session: u64) {
        self.sessions.retain(|b| b.session != session);
    }
}
