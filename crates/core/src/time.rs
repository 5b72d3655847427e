//! Virtual time: the simulator has no clock of its own; every input is applied at the
//! simulator's virtual time, which only moves forward when asked to.

use core::fmt;
use core::ops::{Add, Sub};
use serde::{Deserialize, Serialize};

/// A span of virtual time in milliseconds.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Millis(pub u64);

impl Millis {
    /// Zero milliseconds.
    pub const ZERO: Millis = Millis(0);
    /// `n` seconds.
    pub const fn secs(n: u64) -> Millis {
        Millis(n.saturating_mul(1_000))
    }
    /// `n` minutes.
    pub const fn mins(n: u64) -> Millis {
        Millis(n.saturating_mul(60_000))
    }
    /// `n` hours.
    pub const fn hours(n: u64) -> Millis {
        Millis(n.saturating_mul(3_600_000))
    }
    /// Multiplies by an integer ratio `num/den` without floats (used for jitter and slow-downs).
    pub fn scale(self, num: u64, den: u64) -> Millis {
        let den = den.max(1);
        Millis(((self.0 as u128 * num as u128) / den as u128).min(u64::MAX as u128) as u64)
    }
}

impl fmt::Display for Millis {
    /// Human form: `1h 2m 3s`, `45s`, `250ms`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ms = self.0;
        if ms < 1_000 {
            return write!(f, "{ms}ms");
        }
        let s = ms / 1_000;
        let (h, m, s) = (s / 3600, (s / 60) % 60, s % 60);
        let mut first = true;
        for (v, u) in [(h, "h"), (m, "m"), (s, "s")] {
            if v > 0 {
                if !first {
                    f.write_str(" ")?;
                }
                write!(f, "{v}{u}")?;
                first = false;
            }
        }
        Ok(())
    }
}

/// A point in virtual time: milliseconds since the session started.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct SimTime(pub u64);

impl SimTime {
    /// The start of every session.
    pub const ZERO: SimTime = SimTime(0);
    /// The virtual calendar date a session starts at (shown in `systemData`, ISO 8601).
    pub const EPOCH_ISO: &'static str = "2026-01-01T00:00:00";

    /// ISO 8601 timestamp of this instant on the virtual calendar (days past 31 days roll
    /// into following months naively; the calendar is decorative, time arithmetic is in ms).
    pub fn to_iso(self) -> alloc::string::String {
        let total_s = self.0 / 1000;
        let ms = self.0 % 1000;
        let days = total_s / 86_400;
        let (h, m, s) = ((total_s / 3600) % 24, (total_s / 60) % 60, total_s % 60);
        let (month, day) = (1 + (days / 28) % 12, 1 + days % 28);
        let year = 2026 + days / (28 * 12);
        // Written digit by digit into one buffer of the right size: every created resource
        // stamps two of these, and `format!` with widths cost more than the rest of a
        // group's body. The same text as `{year:04}-{month:02}-{day:02}T{h:02}:{m:02}:{s:02}.{ms:03}Z`.
        if year <= 9999 {
            // The usual case (a session would have to run some 7,000 virtual years to leave
            // it): every field has its fixed width, so each digit has its fixed place in a
            // stack buffer, copied once into the text (a push per character cost ten times
            // as much).
            let mut b = *b"0000-00-00T00:00:00.000Z";
            for (end, mut n, width) in [
                (4, year, 4),
                (7, month, 2),
                (10, day, 2),
                (13, h, 2),
                (16, m, 2),
                (19, s, 2),
                (23, ms, 3),
            ] {
                for at in (end - width..end).rev() {
                    b[at] = b'0' + (n % 10) as u8;
                    n /= 10;
                }
            }
            // Only ASCII digits and separators were written.
            return core::str::from_utf8(&b).unwrap_or_default().into();
        }
        let mut out = alloc::string::String::with_capacity(24);
        push_padded(&mut out, year, 4);
        for (sep, n, width) in [
            ('-', month, 2),
            ('-', day, 2),
            ('T', h, 2),
            (':', m, 2),
            (':', s, 2),
            ('.', ms, 3),
        ] {
            out.push(sep);
            push_padded(&mut out, n, width);
        }
        out.push('Z');
        out
    }
}

/// Appends `n` in decimal, zero-padded to at least `width` digits (as `{n:0width$}` does).
fn push_padded(out: &mut alloc::string::String, n: u64, width: usize) {
    let mut digits = [b'0'; 20];
    let mut at = digits.len();
    let mut rest = n;
    loop {
        at -= 1;
        digits[at] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    let start = at.min(digits.len().saturating_sub(width));
    for &d in &digits[start..] {
        out.push(char::from(d));
    }
}

impl Add<Millis> for SimTime {
    type Output = SimTime;
    fn add(self, d: Millis) -> SimTime {
        SimTime(self.0.saturating_add(d.0))
    }
}

impl Sub for SimTime {
    type Output = Millis;
    fn sub(self, o: SimTime) -> Millis {
        Millis(self.0.saturating_sub(o.0))
    }
}

impl fmt::Display for SimTime {
    /// `T+hh:mm:ss.mmm` (days prefixed when over 24 h).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ms = self.0 % 1000;
        let s = self.0 / 1000;
        let d = s / 86_400;
        let (h, m, s) = ((s / 3600) % 24, (s / 60) % 60, s % 60);
        if d > 0 {
            write!(f, "T+{d}d{h:02}:{m:02}:{s:02}.{ms:03}")
        } else {
            write!(f, "T+{h:02}:{m:02}:{s:02}.{ms:03}")
        }
    }
}

/// The world's clock.
///
/// Invariant: time only moves forward.
#[derive(Clone, Copy, Debug, Default)]
pub struct Clock {
    now: SimTime,
}

impl Clock {
    /// Virtual time now.
    pub fn now(&self) -> SimTime {
        self.now
    }
    /// Moves to `to` if it is later; true if the clock moved.
    pub fn advance_to(&mut self, to: SimTime) -> bool {
        if to > self.now {
            self.now = to;
            return true;
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    /// The digit-by-digit timestamp reads exactly as the `format!` it replaced, at the
    /// session's start, inside a day, across months and years, and at absurd times.
    #[test]
    fn iso_timestamps_read_as_the_formatted_ones() {
        let formatted = |t: SimTime| {
            let total_s = t.0 / 1000;
            let ms = t.0 % 1000;
            let days = total_s / 86_400;
            let (h, m, s) = ((total_s / 3600) % 24, (total_s / 60) % 60, total_s % 60);
            let (month, day) = (1 + (days / 28) % 12, 1 + days % 28);
            let year = 2026 + days / (28 * 12);
            alloc::format!("{year:04}-{month:02}-{day:02}T{h:02}:{m:02}:{s:02}.{ms:03}Z")
        };
        for t in [
            0,
            1,
            999,
            1_000,
            59_999,
            3_600_000,
            86_399_999,
            86_400_000 * 29 + 7,
            86_400_000 * 28 * 12 * 3 + 45_296_789,
            // The last instant of year 9999 (the fixed-width buffer's) and the first of 10000.
            86_400_000 * 28 * 12 * (10_000 - 2026) - 1,
            86_400_000 * 28 * 12 * (10_000 - 2026),
            u64::MAX / 3,
            u64::MAX,
        ] {
            assert_eq!(SimTime(t).to_iso(), formatted(SimTime(t)), "{t}");
        }
        assert_eq!(SimTime(0).to_iso(), "2026-01-01T00:00:00.000Z");
    }

    #[test]
    fn display_forms() {
        assert_eq!(Millis(250).to_string(), "250ms");
        assert_eq!(Millis::mins(90).to_string(), "1h 30m");
        assert_eq!(SimTime(3_723_004).to_string(), "T+01:02:03.004");
        assert_eq!(SimTime(86_400_000).to_string(), "T+1d00:00:00.000");
        assert_eq!(SimTime(0).to_iso(), "2026-01-01T00:00:00.000Z");
    }

    #[test]
    fn scale_is_integer_and_saturating() {
        assert_eq!(Millis(1000).scale(3, 2), Millis(1500));
        assert_eq!(Millis(u64::MAX).scale(10, 1), Millis(u64::MAX));
        assert_eq!(Millis(10).scale(1, 0), Millis(10));
    }
}
