//! Running connectors and their health, normalized across vendors, plus the polling policy.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::catalog::ConnectorKind;

/// What the user needs to know at a glance, mapped from each vendor's own states.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Health {
    /// Failed: needs attention.
    Failed,
    /// Running, but some tasks are not.
    Degraded,
    /// Coming up (pending, provisioning, starting, restarting).
    Starting,
    /// Working.
    Running,
    /// Paused by the user.
    Paused,
    /// Stopped.
    Stopped,
    /// The backend does not say.
    Unknown,
}

impl Health {
    /// Every health value, worst first.
    pub const ALL: [Health; 7] = [
        Health::Failed,
        Health::Degraded,
        Health::Starting,
        Health::Running,
        Health::Paused,
        Health::Stopped,
        Health::Unknown,
    ];

    /// Lowercase name used in CSS classes and test ids.
    pub fn css(self) -> &'static str {
        match self {
            Health::Failed => "failed",
            Health::Degraded => "degraded",
            Health::Starting => "starting",
            Health::Running => "running",
            Health::Paused => "paused",
            Health::Stopped => "stopped",
            Health::Unknown => "unknown",
        }
    }

    /// True while the state is expected to change by itself (worth polling faster).
    pub fn is_transitional(self) -> bool {
        matches!(self, Health::Starting)
    }
}

/// One task of a running connector.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Task {
    /// Task id as the backend names it.
    pub id: String,
    /// The backend's state name (`RUNNING`, `FAILED`, …).
    pub state: String,
    /// The worker running it, if known.
    pub worker: Option<String>,
    /// Failure trace or message, if any.
    pub trace: Option<String>,
}

impl Task {
    /// True when the task's state is a failure.
    pub fn failed(&self) -> bool {
        self.state.eq_ignore_ascii_case("FAILED")
    }
}

/// A connector instance on a backend, with its status.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Connector {
    /// The backend's id for it.
    pub id: String,
    /// User-given name.
    pub name: String,
    /// Connector type id (`postgresql`).
    pub type_id: String,
    /// Connector type display name.
    pub type_name: String,
    /// Source or destination.
    pub kind: ConnectorKind,
    /// Normalized health.
    pub health: Health,
    /// The backend's own state name, shown on the badge.
    pub raw_state: String,
    /// The state the user asked for, if the backend tracks it.
    pub desired_state: Option<String>,
    /// Tasks in id order.
    pub tasks: Vec<Task>,
    /// Connector-level failure trace, if any.
    pub trace: Option<String>,
    /// Stored config as the backend returned it.
    pub config: Map<String, Value>,
    /// Creation timestamp as the backend printed it.
    pub created: Option<String>,
    /// Extra facts the backend reports (an `override_message`, validation errors …).
    pub notes: Vec<crate::model::catalog::Detail>,
}

impl Connector {
    /// The one-line reason a connector failed: from the connector trace, else the first failed
    /// task's, else the errors the backend reports beside them (custom connectors'
    /// `errors_from_trace` / `validation_errors`, then `error_summary` / `override_message`).
    pub fn failure_reason(&self) -> Option<String> {
        let trace = self
            .trace
            .as_deref()
            .or_else(|| self.tasks.iter().find(|t| t.failed())?.trace.as_deref())
            .map(headline)
            .filter(|h| !h.is_empty());
        let troubled = matches!(self.health, Health::Failed | Health::Degraded);
        trace.or_else(|| {
            if !troubled {
                return None;
            }
            [
                "Error from trace",
                "Validation error",
                "Error summary",
                "Notice",
            ]
            .iter()
            .find_map(|label| self.notes.iter().find(|n| &n.label == label))
            .map(|n| n.value.clone())
        })
    }

    /// Counts of task states, e.g. `[("RUNNING", 2), ("FAILED", 1)]`, in first-seen order.
    pub fn task_summary(&self) -> Vec<(String, usize)> {
        let mut out: Vec<(String, usize)> = Vec::new();
        for t in &self.tasks {
            match out.iter_mut().find(|(s, _)| s == &t.state) {
                Some((_, n)) => *n += 1,
                None => out.push((t.state.clone(), 1)),
            }
        }
        out
    }
}

/// The most useful line of a Java-style trace: the last `Caused by:` line (the root cause), or
/// the first line. The `Caused by: ` prefix is dropped.
pub fn headline(trace: &str) -> String {
    let caused = trace
        .lines()
        .rev()
        .find_map(|l| l.trim().strip_prefix("Caused by:"));
    if let Some(c) = caused {
        return c.trim().to_string();
    }
    let mut lines = trace.lines().map(str::trim).filter(|l| !l.is_empty());
    let first = lines.next().unwrap_or_default();
    // "There were some errors with your configuration:" says nothing alone: add what follows.
    match lines.next() {
        Some(next) if first.ends_with(':') => format!("{first} {next}"),
        _ => first.to_string(),
    }
}

/// A trace reordered for reading: the root cause first, then the full trace.
pub fn trace_for_reading(trace: &str) -> (String, String) {
    (headline(trace), trace.trim_end().to_string())
}

/// A status change between two polls, for the screen-reader live region
/// ([`crate::model::rows::diff_rows`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusChange {
    /// Connector id.
    pub id: String,
    /// Source or destination.
    pub kind: ConnectorKind,
    /// Connector name.
    pub name: String,
    /// The state before.
    pub from: String,
    /// The state now.
    pub to: String,
}

/// Polling policy: the normal interval, faster while something is changing, and exponential
/// backoff (capped) after consecutive errors.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PollPolicy {
    /// Interval when all is quiet, in ms.
    pub base_ms: u32,
    /// Interval while a connector is transitional, in ms.
    pub fast_ms: u32,
    /// Longest interval after errors, in ms.
    pub max_ms: u32,
}

impl Default for PollPolicy {
    fn default() -> Self {
        PollPolicy {
            base_ms: 3_000,
            fast_ms: 1_000,
            max_ms: 60_000,
        }
    }
}

impl PollPolicy {
    /// The delay before the next poll.
    pub fn next_delay(&self, consecutive_errors: u32, transitional: bool) -> u32 {
        if consecutive_errors > 0 {
            let factor = 1u32 << consecutive_errors.min(10);
            return self.base_ms.saturating_mul(factor).min(self.max_ms);
        }
        if transitional {
            self.fast_ms
        } else {
            self.base_ms
        }
    }
}

/// "just now", "5s ago", "3m ago", "2h ago".
pub fn ago(elapsed_ms: f64) -> String {
    let s = (elapsed_ms / 1000.0).max(0.0) as u64;
    match s {
        0..=1 => "just now".into(),
        2..=59 => format!("{s}s ago"),
        60..=3599 => format!("{}m ago", s / 60),
        _ => format!("{}h ago", s / 3600),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headline_prefers_the_root_cause() {
        let t = "org.apache.kafka.connect.errors.ConnectException: boom\n\tat x.y(Z.java:1)\nCaused by: java.io.IOException: io\nCaused by: java.net.UnknownHostException: db.invalid\n";
        assert_eq!(headline(t), "java.net.UnknownHostException: db.invalid");
        assert_eq!(headline("\n  plain message\nmore"), "plain message");
        // A lead-in ending in a colon is joined with the first thing it introduces.
        let t = "There were some errors with your configuration:\nkafka.api.key: Provided Kafka ApiKey is invalid\nkafka.api.secret: Provided Kafka ApiKey is invalid\n";
        assert_eq!(
            headline(t),
            "There were some errors with your configuration: kafka.api.key: Provided Kafka ApiKey is invalid"
        );
        assert_eq!(headline("Only a lead-in:"), "Only a lead-in:");
    }

    #[test]
    fn failure_reason_falls_back_to_the_reported_errors() {
        use crate::model::catalog::Detail;
        let mut c = Connector {
            id: "c".into(),
            name: "c".into(),
            type_id: String::new(),
            type_name: String::new(),
            kind: ConnectorKind::Source,
            health: Health::Failed,
            raw_state: "FAILED".into(),
            desired_state: None,
            tasks: Vec::new(),
            trace: Some("  \n".into()),
            config: Default::default(),
            created: None,
            notes: vec![
                Detail::new("Connector ID", "lcc-1"),
                Detail::new("Notice", "Your custom connector failed validation."),
                Detail::new(
                    "Validation error",
                    "connection.url: Missing required configuration",
                ),
            ],
        };
        assert_eq!(
            c.failure_reason().as_deref(),
            Some("connection.url: Missing required configuration")
        );
        c.notes.retain(|n| n.label != "Validation error");
        assert_eq!(
            c.failure_reason().as_deref(),
            Some("Your custom connector failed validation.")
        );
        // A running connector's notice is not a problem.
        c.health = Health::Running;
        assert_eq!(c.failure_reason(), None);
        c.health = Health::Failed;
        c.notes.clear();
        assert_eq!(c.failure_reason(), None);
        c.trace = Some("boom".into());
        assert_eq!(c.failure_reason().as_deref(), Some("boom"));
    }

    #[test]
    fn backoff_grows_and_caps() {
        let p = PollPolicy::default();
        assert_eq!(p.next_delay(0, false), 3_000);
        assert_eq!(p.next_delay(0, true), 1_000);
        assert_eq!(p.next_delay(1, false), 6_000);
        assert_eq!(p.next_delay(2, true), 12_000);
        assert_eq!(p.next_delay(30, false), 60_000);
    }

    #[test]
    fn ago_reads_naturally() {
        assert_eq!(ago(500.0), "just now");
        assert_eq!(ago(12_000.0), "12s ago");
        assert_eq!(ago(125_000.0), "2m ago");
        assert_eq!(ago(7_300_000.0), "2h ago");
    }
}
