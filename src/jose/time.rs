//! Time for people: NumericDate (RFC 7519 §2) as UTC text and as relative phrases.
//!
//! The civil-date conversion is the days-from-civil algorithm (H. Hinnant,
//! "chrono-Compatible Low-Level Date Algorithms"), proleptic Gregorian, UTC.

/// Formats Unix seconds as `YYYY-MM-DD HH:MM:SS UTC`.
pub fn format_utc(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02} UTC",
        rem / 3600,
        (rem % 3600) / 60,
        rem % 60
    )
}

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

/// A duration in the largest sensible unit: `45 s`, `14 min`, `3 h`, `2 d`, `5 y`.
pub fn human_duration(secs: i64) -> String {
    let s = secs.unsigned_abs();
    match s {
        0..=59 => format!("{s} s"),
        60..=3_599 => format!("{} min", s / 60),
        3_600..=86_399 => format!("{} h", s / 3_600),
        86_400..=31_535_999 => format!("{} d", s / 86_400),
        _ => format!("{} y", s / 31_536_000),
    }
}

/// `in 14 min` or `3 h ago`, relative to `now`.
pub fn relative(secs: i64, now: i64) -> String {
    let delta = secs.saturating_sub(now);
    if delta == 0 {
        "now".into()
    } else if delta > 0 {
        format!("in {}", human_duration(delta))
    } else {
        format!("{} ago", human_duration(delta))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utc() {
        assert_eq!(format_utc(0), "1970-01-01 00:00:00 UTC");
        assert_eq!(format_utc(1_516_239_022), "2018-01-18 01:30:22 UTC");
        assert_eq!(format_utc(951_782_400), "2000-02-29 00:00:00 UTC");
        assert_eq!(format_utc(-1), "1969-12-31 23:59:59 UTC");
    }

    #[test]
    fn relative_phrases() {
        assert_eq!(relative(1000 + 14 * 60, 1000), "in 14 min");
        assert_eq!(relative(1000 - 3 * 3600 - 5, 1000), "3 h ago");
        assert_eq!(relative(5, 5), "now");
        assert_eq!(relative(i64::MIN, i64::MAX), "292471208677 y ago");
    }
}
