//! The simulated backend: answers the same [`HttpRequest`]s a dialect sends, in the vendor's
//! wire format, with state. Pure: the caller passes the current time, so tests are exact.
//! In the browser it sits behind the transport; natively `sim-server` wraps it in HTTP.

pub mod confluent;
pub mod kafka_connect;
pub mod laminar;
pub mod streamkap;

pub use streamkap::StreamkapSim;

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
