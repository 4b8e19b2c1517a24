//! Timestamps: a point in time with nanosecond precision, exact to and from
//! `SystemTime`; epoch seconds (the awsJson wire) and RFC 3339 date-times.
//!
//! Hand-written; not generated.

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// A point in time: whole seconds since the Unix epoch and a nanosecond part.
/// Ordering and equality are exact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Timestamp {
    secs: i64,
    nanos: u32,
}

/// The nanoseconds of an optional `.digits` fraction at `at` (digits past
/// the ninth are truncated), and the position after it; `None` for a `.`
/// without digits.
pub(crate) fn fraction_nanos(bytes: &[u8], at: usize) -> Option<(u32, usize)> {
    if bytes.get(at) != Some(&b'.') {
        return Some((0, at));
    }
    let mut i = at + 1;
    let mut nanos: u32 = 0;
    let mut scale = 100_000_000;
    while let Some(&d) = bytes.get(i).filter(|d| d.is_ascii_digit()) {
        nanos += u32::from(d - b'0') * scale;
        scale /= 10;
        i += 1;
    }
    (i > at + 1).then_some((nanos, i))
}

impl Timestamp {
    /// The Unix epoch.
    pub const UNIX_EPOCH: Timestamp = Timestamp { secs: 0, nanos: 0 };

    /// A timestamp from whole epoch seconds.
    pub const fn from_secs(secs: i64) -> Self {
        Timestamp { secs, nanos: 0 }
    }

    /// A timestamp from epoch seconds and a nanosecond part; `None` if
    /// `nanos` is a second or more.
    pub const fn from_secs_and_nanos(secs: i64, nanos: u32) -> Option<Self> {
        if nanos < 1_000_000_000 {
            Some(Timestamp { secs, nanos })
        } else {
            None
        }
    }

    /// Whole seconds since the epoch (rounded towards negative infinity).
    pub const fn secs(&self) -> i64 {
        self.secs
    }

    /// The nanoseconds past [`secs`](Self::secs).
    pub const fn subsec_nanos(&self) -> u32 {
        self.nanos
    }

    /// Parses epoch seconds as JSON writes them: `1700000000`, `1700000000.5`,
    /// `-1.25` or `1.7e9`. Digits beyond nanoseconds are truncated. `None` for
    /// text that is not a number or lies outside the representable range.
    pub fn parse_epoch_seconds(text: &str) -> Option<Self> {
        let bytes = text.as_bytes();
        let negative = bytes.first() == Some(&b'-');
        let mut i = usize::from(negative);
        let whole_start = i;
        let mut whole: u64 = 0;
        while let Some(&d) = bytes.get(i).filter(|d| d.is_ascii_digit()) {
            whole = whole.checked_mul(10)?.checked_add(u64::from(d - b'0'))?;
            i += 1;
        }
        if i == whole_start {
            return None;
        }
        let (nanos, i) = fraction_nanos(bytes, i)?;
        match bytes.get(i) {
            None => {}
            Some(b'e' | b'E') => return Self::from_f64(text.parse().ok()?),
            Some(_) => return None,
        }
        if !negative {
            return Some(Timestamp { secs: i64::try_from(whole).ok()?, nanos });
        }
        let secs = 0i64.checked_sub_unsigned(whole)?;
        if nanos == 0 {
            Some(Timestamp { secs, nanos: 0 })
        } else {
            Some(Timestamp { secs: secs.checked_sub(1)?, nanos: 1_000_000_000 - nanos })
        }
    }

    fn from_f64(value: f64) -> Option<Self> {
        if !value.is_finite() || value.abs() >= 9.2e18 {
            return None;
        }
        let secs = value.floor();
        let nanos = ((value - secs) * 1e9).round() as u32;
        let (secs, nanos) = if nanos >= 1_000_000_000 { (secs as i64 + 1, 0) } else { (secs as i64, nanos) };
        Some(Timestamp { secs, nanos })
    }

    /// Appends epoch seconds: an integer when whole, else a decimal with the
    /// trailing zeros of the nanoseconds removed.
    pub fn write_epoch_seconds(&self, out: &mut String) {
        if self.nanos == 0 {
            super::json::push_integer(out, self.secs);
            return;
        }
        // For negative times the decimal is -(|secs| - 1).(1e9 - nanos).
        let (negative, whole, frac) = if self.secs < 0 {
            (true, (self.secs + 1).unsigned_abs(), 1_000_000_000 - self.nanos)
        } else {
            (false, self.secs.unsigned_abs(), self.nanos)
        };
        use fmt::Write;
        if negative {
            out.push('-');
        }
        let mut fraction = format!("{frac:09}");
        while fraction.ends_with('0') {
            fraction.pop();
        }
        let _ = write!(out, "{whole}.{fraction}");
    }

    /// Epoch seconds as text, as on the wire.
    pub fn to_epoch_seconds_string(&self) -> String {
        let mut s = String::new();
        self.write_epoch_seconds(&mut s);
        s
    }
}

impl Timestamp {
    /// Parses an RFC 3339 date-time as AWS sends it (`2024-02-28T12:00:00Z`,
    /// `2024-02-28T12:00:00.5+01:00`). Fractions beyond nanoseconds are
    /// truncated. `None` for anything else.
    pub fn parse_date_time(text: &str) -> Option<Self> {
        let b = text.as_bytes();
        let digits = |range: std::ops::Range<usize>| -> Option<i64> {
            let part = b.get(range)?;
            if part.is_empty() || !part.iter().all(u8::is_ascii_digit) {
                return None;
            }
            std::str::from_utf8(part).ok()?.parse().ok()
        };
        if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't' | b' ') {
            return None;
        }
        if b[13] != b':' || b[16] != b':' {
            return None;
        }
        let (year, month, day) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
        let (hour, minute, second) = (digits(11..13)?, digits(14..16)?, digits(17..19)?);
        if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
            return None;
        }
        if hour > 23 || minute > 59 || second > 60 {
            return None;
        }
        let mut i = 19;
        let mut nanos: u32 = 0;
        if b[i] == b'.' {
            i += 1;
            let start = i;
            while i < b.len() && b[i].is_ascii_digit() {
                if i - start < 9 {
                    nanos += u32::from(b[i] - b'0') * 10u32.pow(8 - (i - start) as u32);
                }
                i += 1;
            }
            if i == start {
                return None;
            }
        }
        let offset = match b.get(i..)? {
            [b'Z' | b'z'] => 0,
            [sign @ (b'+' | b'-'), rest @ ..] if rest.len() == 5 && rest[2] == b':' => {
                let (h, m) = (digits(i + 1..i + 3)?, digits(i + 4..i + 6)?);
                if h > 23 || m > 59 {
                    return None;
                }
                let offset = h * 3600 + m * 60;
                if *sign == b'+' {
                    offset
                } else {
                    -offset
                }
            }
            _ => return None,
        };
        let days = days_from_civil(year, month, day);
        let secs = days * 86_400 + hour * 3600 + minute * 60 + second.min(59) - offset;
        Some(Timestamp { secs, nanos })
    }

    /// The RFC 3339 date-time in UTC (`2024-02-28T12:00:00Z`, with a fraction
    /// only when there is one).
    pub fn to_date_time_string(&self) -> String {
        let days = self.secs.div_euclid(86_400);
        let of_day = self.secs.rem_euclid(86_400);
        let (year, month, day) = civil_from_days(days);
        let mut out =
            format!("{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}", of_day / 3600, of_day / 60 % 60, of_day % 60);
        if self.nanos != 0 {
            let fraction = format!("{:09}", self.nanos);
            out.push('.');
            out.push_str(fraction.trim_end_matches('0'));
        }
        out.push('Z');
        out
    }
}

const WEEKDAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

impl Timestamp {
    /// The IMF-fixdate form of RFC 9110 (`Sun, 02 Jan 2000 20:34:56 GMT`), with
    /// milliseconds (`20:34:56.123`) when the time has a fraction, as Smithy's
    /// protocol tests expect.
    pub fn to_http_date_string(&self) -> String {
        let days = self.secs.div_euclid(86_400);
        let of_day = self.secs.rem_euclid(86_400);
        let (year, month, day) = civil_from_days(days);
        let weekday = WEEKDAYS[days.rem_euclid(7) as usize];
        let mut out = format!(
            "{weekday}, {day:02} {} {year:04} {:02}:{:02}:{:02}",
            MONTHS[(month - 1) as usize],
            of_day / 3600,
            of_day / 60 % 60,
            of_day % 60
        );
        if self.nanos != 0 {
            out.push_str(&format!(".{:03}", self.nanos / 1_000_000));
        }
        out.push_str(" GMT");
        out
    }

    /// Parses an IMF-fixdate (`Sun, 02 Jan 2000 20:34:56 GMT`, optionally with
    /// a fraction of a second). `None` for anything else.
    pub fn parse_http_date(text: &str) -> Option<Self> {
        let rest = text.trim().split_once(", ")?.1;
        let mut parts = rest.split(' ');
        let day: i64 = parts.next()?.parse().ok()?;
        let month_name = parts.next()?;
        let month = MONTHS.iter().position(|m| *m == month_name)? as i64 + 1;
        let year: i64 = parts.next()?.parse().ok()?;
        let time = parts.next()?;
        if parts.next()? != "GMT" || parts.next().is_some() {
            return None;
        }
        let (clock, fraction) = time.split_once('.').unwrap_or((time, ""));
        let mut hms = clock.split(':').map(|p| p.parse::<i64>().ok());
        let (hour, minute, second) = (hms.next()??, hms.next()??, hms.next()??);
        if day < 1 || day > days_in_month(year, month) || hour > 23 || minute > 59 || second > 60 {
            return None;
        }
        if !fraction.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let mut nanos: u32 = 0;
        for (i, d) in fraction.bytes().take(9).enumerate() {
            nanos += u32::from(d - b'0') * 10u32.pow(8 - i as u32);
        }
        let secs = days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second.min(59);
        Some(Timestamp { secs, nanos })
    }
}

fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day count since 1970-01-01.
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    (if month <= 2 { yoe + era * 400 + 1 } else { yoe + era * 400 }, month, day)
}

impl From<SystemTime> for Timestamp {
    fn from(time: SystemTime) -> Self {
        match time.duration_since(UNIX_EPOCH) {
            Ok(after) => Timestamp { secs: after.as_secs() as i64, nanos: after.subsec_nanos() },
            Err(before) => {
                let before = before.duration();
                let secs = -(before.as_secs() as i64);
                match before.subsec_nanos() {
                    0 => Timestamp { secs, nanos: 0 },
                    n => Timestamp { secs: secs - 1, nanos: 1_000_000_000 - n },
                }
            }
        }
    }
}

impl TryFrom<Timestamp> for SystemTime {
    type Error = TimestampOutOfRange;

    /// Exact, or an error where the platform's `SystemTime` cannot hold the value.
    fn try_from(t: Timestamp) -> Result<Self, Self::Error> {
        let result = if t.secs >= 0 {
            UNIX_EPOCH.checked_add(Duration::new(t.secs as u64, t.nanos))
        } else {
            UNIX_EPOCH
                .checked_sub(Duration::from_secs(t.secs.unsigned_abs()))
                .and_then(|s| s.checked_add(Duration::from_nanos(u64::from(t.nanos))))
        };
        result.ok_or(TimestampOutOfRange(t))
    }
}

/// A [`Timestamp`] that `SystemTime` cannot represent on this platform.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimestampOutOfRange(pub Timestamp);

impl fmt::Display for TimestampOutOfRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "timestamp {} is out of range for SystemTime", self.0.to_epoch_seconds_string())
    }
}

impl std::error::Error for TimestampOutOfRange {}

impl fmt::Display for Timestamp {
    /// Epoch seconds, as on the wire.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_epoch_seconds_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_seconds_parse_exactly() {
        assert_eq!(Timestamp::parse_epoch_seconds("1700000000"), Some(Timestamp::from_secs(1_700_000_000)));
        assert_eq!(Timestamp::parse_epoch_seconds("1.5"), Timestamp::from_secs_and_nanos(1, 500_000_000));
        assert_eq!(Timestamp::parse_epoch_seconds("-1.25"), Timestamp::from_secs_and_nanos(-2, 750_000_000));
        assert_eq!(Timestamp::parse_epoch_seconds("0.0000000019"), Timestamp::from_secs_and_nanos(0, 1));
        assert_eq!(Timestamp::parse_epoch_seconds("1.7e9"), Some(Timestamp::from_secs(1_700_000_000)));
        assert_eq!(Timestamp::parse_epoch_seconds("99999999999999999999"), None);
        assert_eq!(Timestamp::parse_epoch_seconds("1e300"), None);
    }

    #[test]
    fn epoch_seconds_write_and_read_back() {
        for (secs, nanos) in [(0, 0), (1_700_000_000, 123_000_000), (-2, 750_000_000), (5, 1), (i64::MIN, 0)] {
            let t = Timestamp::from_secs_and_nanos(secs, nanos).unwrap();
            let text = t.to_epoch_seconds_string();
            assert_eq!(Timestamp::parse_epoch_seconds(&text), Some(t), "{text}");
        }
        assert_eq!(Timestamp::from_secs_and_nanos(1, 500_000_000).unwrap().to_string(), "1.5");
        assert_eq!(Timestamp::from_secs_and_nanos(-2, 750_000_000).unwrap().to_string(), "-1.25");
    }

    #[test]
    fn date_times_parse_and_print() {
        let t = Timestamp::parse_date_time("2024-02-28T12:30:45Z").unwrap();
        assert_eq!(t, Timestamp::from_secs(1_709_123_445));
        assert_eq!(t.to_date_time_string(), "2024-02-28T12:30:45Z");
        let t = Timestamp::parse_date_time("2024-02-28T13:30:45.25+01:00").unwrap();
        assert_eq!(t, Timestamp::from_secs_and_nanos(1_709_123_445, 250_000_000).unwrap());
        assert_eq!(t.to_date_time_string(), "2024-02-28T12:30:45.25Z");
        assert_eq!(Timestamp::parse_date_time("1969-12-31T23:59:59Z"), Some(Timestamp::from_secs(-1)));
        assert_eq!(Timestamp::from_secs(-1).to_date_time_string(), "1969-12-31T23:59:59Z");
        let t = Timestamp::from_secs(946_845_296);
        assert_eq!(t.to_http_date_string(), "Sun, 02 Jan 2000 20:34:56 GMT");
        assert_eq!(Timestamp::parse_http_date("Sun, 02 Jan 2000 20:34:56 GMT"), Some(t));
        assert_eq!(
            Timestamp::parse_http_date("Sun, 02 Jan 2000 20:34:56.123 GMT"),
            Timestamp::from_secs_and_nanos(946_845_296, 123_000_000)
        );
        assert_eq!(Timestamp::parse_http_date("Sun, 02 Foo 2000 20:34:56 GMT"), None);
        for bad in ["2024-02-30T00:00:00Z", "2024-02-28T24:00:00Z", "2024-02-28", "2024-02-28T00:00:00", "x"] {
            assert_eq!(Timestamp::parse_date_time(bad), None, "{bad}");
        }
    }

    #[test]
    fn system_time_converts_exactly_both_ways() {
        let times = [
            UNIX_EPOCH + Duration::new(1_700_000_000, 123_456_789),
            UNIX_EPOCH - Duration::new(3, 250_000_000),
            UNIX_EPOCH,
        ];
        for time in times {
            let t = Timestamp::from(time);
            assert_eq!(SystemTime::try_from(t), Ok(time));
        }
        assert_eq!(Timestamp::from(UNIX_EPOCH - Duration::new(3, 250_000_000)).secs(), -4);
    }
}
