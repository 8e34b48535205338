//! The simulated backend: answers the same [`HttpRequest`]s a dialect sends, in the vendor's
//! wire format, with state. Pure: the caller passes the current time, so tests are exact.
//! In the browser it sits behind the transport; natively `sim-server` wraps it in HTTP.

pub mod confluent;
pub mod kafka_connect;
pub mod laminar;
pub mod streamkap;

pub use confluent::ConfluentSim;
pub use kafka_connect::KafkaConnectSim;
pub use laminar::LaminarSim;
pub use streamkap::StreamkapSim;

use crate::config::DialectKind;
use crate::dialect::{HttpRequest, HttpResponse};

/// A simulator of any dialect, so hosts (the browser transport, `sim-server`) treat them alike.
#[derive(Debug)]
pub enum AnySim {
    /// Streamkap.
    Streamkap(Box<StreamkapSim>),
    /// Apache Kafka Connect.
    KafkaConnect(Box<KafkaConnectSim>),
    /// Confluent Cloud.
    Confluent(Box<ConfluentSim>),
    /// Laminar.
    Laminar(Box<LaminarSim>),
}

impl AnySim {
    /// A simulator for `dialect`. Streamkap's needs its catalog documents; the others carry
    /// their demo plugins and connectors in code.
    pub fn new(dialect: DialectKind, streamkap_catalogs: Option<(&str, &str)>) -> Self {
        match dialect {
            DialectKind::Streamkap => {
                let (s, d) = streamkap_catalogs.unwrap_or(("{}", "{}"));
                AnySim::Streamkap(Box::new(StreamkapSim::new(s, d)))
            }
            DialectKind::KafkaConnect => AnySim::KafkaConnect(Box::default()),
            DialectKind::ConfluentCloud => AnySim::Confluent(Box::default()),
            DialectKind::Laminar => AnySim::Laminar(Box::default()),
        }
    }

    /// Answers a request at `now_ms`.
    pub fn handle(&mut self, req: &HttpRequest, now_ms: f64) -> HttpResponse {
        match self {
            AnySim::Streamkap(s) => s.handle(req, now_ms),
            AnySim::KafkaConnect(s) => s.handle(req, now_ms),
            AnySim::Confluent(s) => s.handle(req, now_ms),
            AnySim::Laminar(s) => s.handle(req, now_ms),
        }
    }

    /// Adds the demo connectors (or jobs).
    pub fn seed_demo(&mut self, now_ms: f64) {
        match self {
            AnySim::Streamkap(s) => s.seed_demo(now_ms),
            AnySim::KafkaConnect(s) => s.seed_demo(now_ms),
            AnySim::Confluent(s) => s.seed_demo(now_ms),
            AnySim::Laminar(s) => s.seed_demo(now_ms),
        }
    }

    /// State without secrets.
    pub fn export_state(&self) -> serde_json::Value {
        match self {
            AnySim::Streamkap(s) => s.export_state(),
            AnySim::KafkaConnect(s) => s.export_state(),
            AnySim::Confluent(s) => s.export_state(),
            AnySim::Laminar(s) => s.export_state(),
        }
    }

    /// Restores [`AnySim::export_state`] output; malformed input is ignored.
    pub fn import_state(&mut self, state: &serde_json::Value) {
        match self {
            AnySim::Streamkap(s) => s.import_state(state),
            AnySim::KafkaConnect(s) => s.import_state(state),
            AnySim::Confluent(s) => s.import_state(state),
            AnySim::Laminar(s) => s.import_state(state),
        }
    }

    /// Number of connectors (or profiles, tables and pipelines).
    pub fn len(&self) -> usize {
        match self {
            AnySim::Streamkap(s) => s.len(),
            AnySim::KafkaConnect(s) => s.len(),
            AnySim::Confluent(s) => s.len(),
            AnySim::Laminar(s) => s.len(),
        }
    }

    /// True when there is nothing in it.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Timings of the simulated lifecycle, in milliseconds.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SimTiming {
    /// How long a new connector stays `Pending`.
    pub pending_ms: f64,
    /// How long it then stays `Starting` before `Active` (or `Broken`).
    pub starting_ms: f64,
}

impl Default for SimTiming {
    fn default() -> Self {
        SimTiming {
            pending_ms: 1_000.0,
            starting_ms: 2_500.0,
        }
    }
}

/// Formats milliseconds since the Unix epoch as an ISO 8601 UTC timestamp
/// (`2026-11-23T10:15:30.123000Z`, the shape Streamkap prints).
pub fn iso_timestamp(epoch_ms: f64) -> String {
    let ms = epoch_ms.max(0.0) as i64;
    let secs = ms.div_euclid(1000);
    let millis = ms.rem_euclid(1000);
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{millis:03}000Z",
        rem / 3600,
        (rem % 3600) / 60,
        rem % 60
    )
}

/// Howard Hinnant's days-to-civil algorithm.
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps() {
        assert_eq!(iso_timestamp(0.0), "1970-01-01T00:00:00.000000Z");
        assert_eq!(
            iso_timestamp(1_763_805_600_123.0),
            "2025-11-22T10:00:00.123000Z"
        );
    }
}
