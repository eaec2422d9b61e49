//! Time for people: NumericDate (RFC 7519 §2) as UTC text and as relative phrases.
//!
//! The civil-date conversion is the days-from-civil algorithm (H. Hinnant,
//! "chrono-Compatible Low-Level Date Algorithms"), proleptic Gregorian, UTC.
//!
//! A NumericDate may be any JSON number, negative or fractional (RFC 7519 §2), so
//! [`NumericDate`] keeps it exactly enough to compare against a clock, and every
//! sum or difference is taken in `i128`: nothing here can overflow or panic. Dates
//! are shown within ±100,000,000 days of 1970 (the range of ECMAScript's `Date`,
//! ECMA-262 §21.4.1.1, so the page and the CLI agree); beyond it they read
//! [`OUT_OF_RANGE`].

use serde_json::Value;

/// The furthest time, in seconds either side of 1970, shown as a date.
pub const MAX_DATE_SECS: i64 = 8_640_000_000_000;

/// What a date or a relative time beyond [`MAX_DATE_SECS`] reads.
pub const OUT_OF_RANGE: &str = "out of range";

/// Whether `secs` is shown as a date (within ±[`MAX_DATE_SECS`]).
pub fn in_range(secs: i64) -> bool {
    (-MAX_DATE_SECS..=MAX_DATE_SECS).contains(&secs)
}

/// A NumericDate (RFC 7519 §2) read exactly: any JSON number, integer or not, of
/// any size. It is held as the whole seconds either side of it, saturated to the
/// `i128` range (which no comparison with an `i64` clock and a `u64` leeway leaves).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NumericDate {
    floor: i128,
    ceil: i128,
}

impl NumericDate {
    /// The NumericDate in `value`, when it is a JSON number.
    pub fn from_json(value: &Value) -> Option<NumericDate> {
        let Value::Number(n) = value else {
            return None;
        };
        if let Some(i) = n.as_i64() {
            return Some(NumericDate::whole(i128::from(i)));
        }
        if let Some(u) = n.as_u64() {
            return Some(NumericDate::whole(i128::from(u)));
        }
        // serde_json numbers are finite; `as` saturates (and maps NaN to 0).
        let f = n.as_f64().filter(|f| f.is_finite())?;
        Some(NumericDate {
            floor: f.floor() as i128,
            ceil: f.ceil() as i128,
        })
    }

    fn whole(t: i128) -> NumericDate {
        NumericDate { floor: t, ceil: t }
    }

    /// Whole seconds, rounded down and saturated to `i64`.
    pub fn whole_seconds(self) -> i64 {
        saturate(self.floor)
    }

    /// Whether the date is strictly after the instant `t` (whole seconds).
    pub fn is_after(self, t: i128) -> bool {
        // For an integer t: x > t ⇔ ⌈x⌉ > t.
        self.ceil > t
    }

    /// Seconds from `now` to the date, rounded towards `now`'s side as whole
    /// seconds (`date − now`, floored when positive, ceiled when negative), saturated.
    pub fn seconds_after(self, now: i64) -> i64 {
        let now = i128::from(now);
        if self.floor >= now {
            saturate(self.floor.saturating_sub(now))
        } else if self.ceil <= now {
            saturate(self.ceil.saturating_sub(now))
        } else {
            0
        }
    }
}

/// `t` clamped into `i64`.
pub fn saturate(t: i128) -> i64 {
    i64::try_from(t).unwrap_or(if t < 0 { i64::MIN } else { i64::MAX })
}

/// Formats Unix seconds as `YYYY-MM-DD HH:MM:SS UTC`, or [`OUT_OF_RANGE`].
pub fn format_utc(secs: i64) -> String {
    if !in_range(secs) {
        return OUT_OF_RANGE.into();
    }
    format!("{} UTC", wall_clock(secs))
}

/// Formats Unix seconds as the wall-clock time `offset_secs` east of UTC, with that
/// offset in ISO 8601's form: `YYYY-MM-DD HH:MM:SS UTC+hh:mm` (the page's local
/// times: the browser gives the offset it applies at that instant, DST included),
/// `UTC+hh:mm:ss` for the historical offsets that have seconds (Liberia's −0:44:30
/// until 1972), or [`OUT_OF_RANGE`]. An offset beyond ±18 hours (none exists) is
/// refused as out of range.
pub fn format_at_offset(secs: i64, offset_secs: i32) -> String {
    let shifted = secs.checked_add(i64::from(offset_secs));
    match shifted {
        Some(local)
            if in_range(secs) && in_range(local) && offset_secs.unsigned_abs() <= 18 * 3600 =>
        {
            let sign = if offset_secs < 0 { '-' } else { '+' };
            let o = offset_secs.unsigned_abs();
            let (h, m, s) = (o / 3600, o % 3600 / 60, o % 60);
            if s == 0 {
                format!("{} UTC{sign}{h:02}:{m:02}", wall_clock(local))
            } else {
                format!("{} UTC{sign}{h:02}:{m:02}:{s:02}", wall_clock(local))
            }
        }
        _ => OUT_OF_RANGE.into(),
    }
}

/// `YYYY-MM-DD HH:MM:SS` for Unix seconds (proleptic Gregorian, as RFC 3339).
fn wall_clock(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02}",
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

/// `in 14 min` or `3 h ago`, relative to `now`; [`OUT_OF_RANGE`] when either time is.
pub fn relative(secs: i64, now: i64) -> String {
    if !in_range(secs) || !in_range(now) {
        return OUT_OF_RANGE.into();
    }
    let delta = secs - now;
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
    fn at_an_offset() {
        // 2026-11-30 00:53:20 UTC in Paris (winter, +01:00), New York (−05:00),
        // Kolkata (+05:30) and at UTC itself.
        let t = 1_796_000_000;
        assert_eq!(format_at_offset(t, 3600), "2026-11-30 01:53:20 UTC+01:00");
        assert_eq!(
            format_at_offset(t, -5 * 3600),
            "2026-11-29 19:53:20 UTC-05:00"
        );
        assert_eq!(format_at_offset(t, 19_800), "2026-11-30 06:23:20 UTC+05:30");
        assert_eq!(format_at_offset(t, 0), "2026-11-30 00:53:20 UTC+00:00");
        assert_eq!(format_at_offset(-1, -9000), "1969-12-31 21:29:59 UTC-02:30");
        // Offsets with seconds: Monrovia's −0:44:30 (1970), Kolkata's +5:21:10 (1900).
        assert_eq!(
            format_at_offset(0, -2670),
            "1969-12-31 23:15:30 UTC-00:44:30"
        );
        assert_eq!(
            format_at_offset(-2_208_988_800, 19_270),
            "1900-01-01 05:21:10 UTC+05:21:10"
        );
        // Across a year and a leap day.
        assert_eq!(
            format_at_offset(951_868_799, 3600),
            "2000-03-01 00:59:59 UTC+01:00"
        );
        // No real offset exceeds ±18 h; the edges of a Date's range stay out of range.
        assert_eq!(format_at_offset(t, 18 * 3600 + 1), OUT_OF_RANGE);
        assert_eq!(format_at_offset(t, i32::MIN), OUT_OF_RANGE);
        assert_eq!(format_at_offset(MAX_DATE_SECS, 3600), OUT_OF_RANGE);
        assert_eq!(
            format_at_offset(MAX_DATE_SECS, -3600),
            "275760-09-12 23:00:00 UTC-01:00"
        );
        assert_eq!(format_at_offset(i64::MAX, 0), OUT_OF_RANGE);
    }

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
        assert_eq!(relative(-MAX_DATE_SECS, MAX_DATE_SECS), "547945 y ago");
        assert_eq!(relative(i64::MIN, i64::MAX), "out of range");
        assert_eq!(relative(0, i64::MIN), "out of range");
    }

    #[test]
    fn far_dates_are_out_of_range() {
        assert_eq!(format_utc(MAX_DATE_SECS), "275760-09-13 00:00:00 UTC");
        assert_eq!(format_utc(-MAX_DATE_SECS), "-271821-04-20 00:00:00 UTC");
        for t in [
            i64::MIN,
            i64::MIN + 1,
            -MAX_DATE_SECS - 1,
            MAX_DATE_SECS + 1,
            i64::MAX,
        ] {
            assert_eq!(format_utc(t), "out of range", "{t}");
        }
    }

    #[test]
    fn numeric_dates_are_exact_and_saturate() {
        let d =
            |text: &str| NumericDate::from_json(&serde_json::from_str(text).unwrap_or(Value::Null));
        let half = d("100.5").unwrap_or(NumericDate::whole(0));
        assert!(half.is_after(100) && !half.is_after(101));
        assert_eq!(half.whole_seconds(), 100);
        let neg = d("-100.5").unwrap_or(NumericDate::whole(0));
        assert_eq!(neg.whole_seconds(), -101);
        assert!(neg.is_after(-101) && !neg.is_after(-100));
        assert_eq!(d("1e300").map(NumericDate::whole_seconds), Some(i64::MAX));
        assert_eq!(d("-1e300").map(NumericDate::whole_seconds), Some(i64::MIN));
        assert_eq!(
            d("18446744073709551615").map(|t| t.seconds_after(i64::MIN)),
            Some(i64::MAX)
        );
        assert_eq!(
            d("-9223372036854775808").map(|t| t.seconds_after(i64::MAX)),
            Some(i64::MIN)
        );
        assert_eq!(d("100.5").map(|t| t.seconds_after(100)), Some(0));
        assert_eq!(d("\"100\"").map(NumericDate::whole_seconds), None);
    }
}
