//! Time as text (pure): ISO 8601 timestamps from epoch milliseconds, and timestamps in the
//! shapes servers print them.

use serde_json::Value;

/// Formats milliseconds since the Unix epoch as an ISO 8601 UTC timestamp
/// (`2026-11-23T10:15:30.123000Z`).
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

/// A timestamp as text: strings as given; numbers read as seconds, milliseconds or
/// microseconds since the epoch (by magnitude: servers print
/// milliseconds, some tables microseconds) and printed as ISO 8601 UTC.
pub fn timestamp_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
        Value::Number(n) => {
            let n = n.as_f64()?;
            let ms = if n > 1e14 {
                n / 1000.0
            } else if n > 1e11 {
                n
            } else {
                n * 1000.0
            };
            Some(iso_timestamp(ms))
        }
        _ => None,
    }
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
