//! UTC instants without floats: whole seconds since the Unix epoch plus 100-ns ticks (the
//! resolution of .NET's `DateTime`, which the service uses), ISO 8601 text both ways.

use alloc::format;
use alloc::string::String;

/// 100-ns ticks in one second.
pub const TICKS_PER_SECOND: u32 = 10_000_000;

/// A UTC instant, whole seconds since the Unix epoch plus 100-ns ticks (no floats).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Timestamp {
    /// Whole seconds since 1970-01-01T00:00:00Z (negative before).
    pub seconds: i64,
    /// 100-ns ticks past `seconds`, below [`TICKS_PER_SECOND`].
    pub ticks: u32,
}

/// The seconds of .NET's `DateTime.MinValue` (0001-01-01) and `MaxValue` (9999-12-31T23:59:59)
/// since the epoch: the service cannot represent instants outside them.
const MIN_SECONDS: i64 = -62_135_596_800;
const MAX_SECONDS: i64 = 253_402_300_799;

impl Timestamp {
    /// The instant `seconds` after the epoch, `None` outside .NET's `DateTime` range.
    pub fn from_seconds(seconds: i64, ticks: u32) -> Option<Self> {
        ((MIN_SECONDS..=MAX_SECONDS).contains(&seconds) && ticks < TICKS_PER_SECOND)
            .then_some(Timestamp { seconds, ticks })
    }

    /// Parses ISO 8601 date-time text (`2020-11-14T06:43:59.1234567Z`, an offset `+01:00`,
    /// a space instead of `T`, or a date alone). Text without a zone is taken as UTC (an
    /// assumption: the service reads such a time as the host's local time, which is UTC on
    /// its hosts).
    pub fn parse_iso(s: &str) -> Option<Self> {
        let s = s.trim();
        let b = s.as_bytes();
        if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let year = digits(&b[0..4])?;
        let month = digits(&b[5..7])?;
        let day = digits(&b[8..10])?;
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        let days = days_from_civil(year, month, day);
        if b.len() == 10 {
            return Timestamp::from_seconds(days * 86_400, 0);
        }
        if !matches!(b[10], b'T' | b't' | b' ') || b.len() < 16 || b[13] != b':' {
            return None;
        }
        let hour = digits(&b[11..13])?;
        let minute = digits(&b[14..16])?;
        let mut i = 16;
        let mut second = 0;
        if b.get(i) == Some(&b':') {
            second = digits(b.get(i + 1..i + 3)?)?;
            i += 3;
        }
        if hour > 23 || minute > 59 || second > 59 {
            return None;
        }
        let mut ticks: u32 = 0;
        if b.get(i) == Some(&b'.') {
            i += 1;
            let start = i;
            let mut scale = TICKS_PER_SECOND / 10;
            while let Some(d) = b.get(i).filter(|c| c.is_ascii_digit()) {
                ticks += u32::from(d - b'0') * scale;
                scale /= 10;
                i += 1;
            }
            if i == start {
                return None;
            }
        }
        let offset = offset_seconds(&b[i..])?;
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offset;
        Timestamp::from_seconds(seconds, ticks)
    }

    /// Parses text as .NET's `DateTime.Parse` reads it in the invariant culture, for the forms
    /// devices send: ISO 8601 ([`Timestamp::parse_iso`]) or `M/d/yyyy` with an optional
    /// `H:mm[:ss[.fff]]` (the invariant culture's own `MM/dd/yyyy HH:mm:ss`), taken as UTC.
    pub fn parse_dotnet(s: &str) -> Option<Self> {
        if let Some(t) = Timestamp::parse_iso(s) {
            return Some(t);
        }
        let s = s.trim();
        let (date, time) = s.split_once(' ').unwrap_or((s, ""));
        let mut parts = date.split('/');
        let (m, d, y) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() || m.len() > 2 || d.len() > 2 || y.len() != 4 {
            return None;
        }
        let iso = format!("{y}-{m:0>2}-{d:0>2}");
        if time.is_empty() {
            return Timestamp::parse_iso(&iso);
        }
        let (hour, rest) = time.split_once(':')?;
        if hour.len() > 2 {
            return None;
        }
        Timestamp::parse_iso(&format!("{iso}T{hour:0>2}:{rest}Z"))
    }

    /// The instant `ms` milliseconds after the epoch.
    pub fn from_unix_millis(ms: i64) -> Option<Self> {
        let ticks = u32::try_from(ms.rem_euclid(1000)).ok()? * 10_000;
        Timestamp::from_seconds(ms.div_euclid(1000), ticks)
    }

    /// ISO 8601 in UTC with a `Z`, the fraction without trailing zeros and left out when
    /// zero (`2020-11-14T06:43:59.123Z`), as .NET's `yyyy-MM-ddTHH:mm:ss.FFFFFFFZ` writes it.
    pub fn to_iso(&self) -> String {
        let (date, time) = (
            self.seconds.div_euclid(86_400),
            self.seconds.rem_euclid(86_400),
        );
        let (y, m, d) = civil_from_days(date);
        let mut out = format!(
            "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}",
            time / 3600,
            time / 60 % 60,
            time % 60
        );
        if self.ticks > 0 {
            let frac = format!("{:07}", self.ticks);
            out.push('.');
            out.push_str(frac.trim_end_matches('0'));
        }
        out.push('Z');
        out
    }

    /// ISO 8601 in UTC with all seven fraction digits and a `Z`, as .NET's round-trip
    /// format (`"o"`) writes a UTC `DateTime` (`2023-03-13T22:46:01.8750000Z`): the form
    /// MedTech writes an Observation's effective period in.
    pub fn to_iso7(&self) -> String {
        let mut s = self.to_iso();
        s.pop(); // 'Z'
        let frac = format!("{:07}", self.ticks);
        if let Some(dot) = s.find('.') {
            s.truncate(dot);
        }
        format!("{s}.{frac}Z")
    }

    /// The .NET `yyyyMMddHHmmssZ` form the service puts in an Observation identifier
    /// (`20190101000000Z`; the `Z` is literal there, the fraction dropped).
    pub fn to_compact(&self) -> String {
        let iso = self.to_iso();
        let digits: String = iso.chars().take(19).filter(char::is_ascii_digit).collect();
        format!("{digits}Z")
    }

    /// The start of the window of `seconds` (an hour, a day) this instant falls in.
    pub fn floor_to(&self, seconds: i64) -> Timestamp {
        Timestamp {
            seconds: self.seconds - self.seconds.rem_euclid(seconds.max(1)),
            ticks: 0,
        }
    }

    /// This instant plus `ticks` 100-ns ticks (saturating at the ends of the range).
    pub fn plus_ticks(&self, ticks: i64) -> Timestamp {
        let total = i128::from(self.seconds) * i128::from(TICKS_PER_SECOND)
            + i128::from(self.ticks)
            + i128::from(ticks);
        let per = i128::from(TICKS_PER_SECOND);
        let seconds = i64::try_from(total.div_euclid(per)).unwrap_or(if total < 0 {
            MIN_SECONDS
        } else {
            MAX_SECONDS
        });
        let sub = u32::try_from(total.rem_euclid(per)).unwrap_or(0);
        Timestamp::from_seconds(seconds, sub).unwrap_or(Timestamp {
            seconds: seconds.clamp(MIN_SECONDS, MAX_SECONDS),
            ticks: 0,
        })
    }

    /// Ticks from `earlier` to this instant.
    pub fn ticks_since(&self, earlier: &Timestamp) -> i128 {
        (i128::from(self.seconds) - i128::from(earlier.seconds)) * i128::from(TICKS_PER_SECOND)
            + i128::from(self.ticks)
            - i128::from(earlier.ticks)
    }
}

/// A run of ASCII digits as a number.
fn digits(b: &[u8]) -> Option<i64> {
    if b.is_empty() || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(b.iter().fold(0, |n, d| n * 10 + i64::from(d - b'0')))
}

/// The zone suffix's offset from UTC in seconds: `""`, `Z`, `+hh:mm`, `+hhmm`, `+hh`.
fn offset_seconds(b: &[u8]) -> Option<i64> {
    match b {
        [] | [b'Z' | b'z'] => Some(0),
        [sign @ (b'+' | b'-'), rest @ ..] => {
            let (h, m) = match rest {
                [h1, h2] => (digits(&[*h1, *h2])?, 0),
                [h1, h2, b':', m1, m2] | [h1, h2, m1, m2] => {
                    (digits(&[*h1, *h2])?, digits(&[*m1, *m2])?)
                }
                _ => return None,
            };
            if h > 14 || m > 59 {
                return None;
            }
            let s = h * 3600 + m * 60;
            Some(if *sign == b'-' { -s } else { s })
        }
        _ => None,
    }
}

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day count since 1970-01-01.
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (
        if m <= 2 {
            yoe + era * 400 + 1
        } else {
            yoe + era * 400
        },
        m,
        d,
    )
}

#[cfg(test)]
mod tests {
    use super::Timestamp;

    #[test]
    fn iso_text_both_ways() {
        let t = Timestamp::parse_iso("2023-03-13T22:46:01.8750000Z").unwrap();
        assert_eq!(t.to_iso(), "2023-03-13T22:46:01.875Z");
        assert_eq!(t.to_iso7(), "2023-03-13T22:46:01.8750000Z");
        assert_eq!(t.to_compact(), "20230313224601Z");
        let offset = Timestamp::parse_iso("2023-03-13T23:46:01.875+01:00").unwrap();
        assert_eq!(offset, t);
        assert_eq!(Timestamp::parse_iso("2023-02-29T00:00:00Z"), None);
        assert_eq!(
            Timestamp::parse_iso("2024-02-29").unwrap().to_iso(),
            "2024-02-29T00:00:00Z"
        );
        assert_eq!(
            Timestamp::parse_iso("1969-12-31T23:59:59Z")
                .unwrap()
                .seconds,
            -1
        );
        assert_eq!(Timestamp::parse_iso("not a time"), None);
    }

    #[test]
    fn dotnet_invariant_text() {
        let t = Timestamp::parse_dotnet("03/13/2023 22:46:01").unwrap();
        assert_eq!(t.to_iso(), "2023-03-13T22:46:01Z");
        assert_eq!(
            Timestamp::parse_dotnet("3/1/2023").unwrap().to_iso(),
            "2023-03-01T00:00:00Z"
        );
        assert_eq!(Timestamp::parse_dotnet("13/13/2023"), None);
    }

    #[test]
    fn windows_and_ticks() {
        let t = Timestamp::parse_iso("2019-01-01T00:10:00Z").unwrap();
        let start = t.floor_to(3600);
        assert_eq!(start.to_iso(), "2019-01-01T00:00:00Z");
        let end = Timestamp {
            seconds: start.seconds + 3600,
            ticks: 0,
        }
        .plus_ticks(-1);
        assert_eq!(end.to_iso7(), "2019-01-01T00:59:59.9999999Z");
        assert_eq!(end.ticks_since(&start), 36_000_000_000 - 1);
    }
}
