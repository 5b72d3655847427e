//! Durations as people type them: `90s`, `10m`, `2h`, `1d`, `500ms`, `1h30m`, or ISO 8601
//! (`PT10M`, `P1DT2H`, `PT1.5S`), converted to whole milliseconds.

use super::{ErrorCode, ShellError};

/// The longest duration accepted: ten years of virtual time. Longer values are almost
/// certainly typos, and the bound keeps every later addition to a timestamp far from overflow.
pub const MAX_DURATION_MS: u64 = 10 * 365 * DAY_MS;

const SECOND_MS: u64 = 1_000;
const MINUTE_MS: u64 = 60 * SECOND_MS;
const HOUR_MS: u64 = 60 * MINUTE_MS;
const DAY_MS: u64 = 24 * HOUR_MS;
const WEEK_MS: u64 = 7 * DAY_MS;

fn bad(text: &str, why: &str) -> ShellError {
    // Quote only a bounded prefix: the input may be huge.
    let shown: alloc::string::String = text.chars().take(40).collect();
    ShellError::new(
        ErrorCode::BadArgument,
        alloc::format!(
            "invalid duration '{shown}': {why} (examples: 90s, 10m, 2h, 1d, 500ms, 1h30m, PT10M)"
        ),
    )
}

/// Parses a duration into milliseconds.
///
/// Short form: one or more `<integer><unit>` parts with units `ms`, `s`, `m`, `h`, `d`, `w`
/// (case-insensitive), summed (`1h30m`). ISO 8601: `P[nW][nD][T[nH][nM][n[.fff]S]]`; years
/// and months are refused because their length varies. Seconds may carry up to three
/// decimals (`PT1.5S` = 1500 ms). Errors name the problem; overflow and values above
/// [`MAX_DURATION_MS`] are errors, never wrapped.
pub fn parse_duration(text: &str) -> Result<u64, ShellError> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(bad(text, "it is empty"));
    }
    let total = if trimmed.starts_with(['P', 'p']) {
        parse_iso(trimmed)?
    } else {
        parse_short(trimmed)?
    };
    if total > MAX_DURATION_MS {
        return Err(bad(text, "it is longer than the 10-year limit"));
    }
    Ok(total)
}

fn add(total: u64, amount: u64, unit_ms: u64, text: &str) -> Result<u64, ShellError> {
    amount
        .checked_mul(unit_ms)
        .and_then(|ms| total.checked_add(ms))
        .filter(|ms| *ms <= MAX_DURATION_MS)
        .ok_or_else(|| bad(text, "it is longer than the 10-year limit"))
}

/// Reads the digits at the start of `rest`; returns the number and what follows.
fn take_number<'a>(rest: &'a str, text: &str) -> Result<(u64, &'a str), ShellError> {
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return Err(bad(text, "expected a number"));
    }
    let (number, after) = rest.split_at(digits);
    let mut value: u64 = 0;
    for b in number.bytes() {
        value = value
            .checked_mul(10)
            .and_then(|v| v.checked_add(u64::from(b - b'0')))
            .ok_or_else(|| bad(text, "the number is too large"))?;
    }
    Ok((value, after))
}

fn parse_short(text: &str) -> Result<u64, ShellError> {
    let mut rest = text;
    let mut total: u64 = 0;
    while !rest.is_empty() {
        let (amount, after) = take_number(rest, text)?;
        if after.starts_with('.') {
            return Err(bad(
                text,
                "use whole numbers (1500ms rather than 1.5s, or ISO 8601 PT1.5S)",
            ));
        }
        let unit_len = after
            .bytes()
            .take_while(|b| b.is_ascii_alphabetic())
            .count();
        if unit_len == 0 {
            return Err(bad(text, "every number needs a unit: ms, s, m, h, d or w"));
        }
        let (unit, after_unit) = after.split_at(unit_len);
        let unit_ms = match unit.to_ascii_lowercase().as_str() {
            "ms" => 1,
            "s" => SECOND_MS,
            "m" => MINUTE_MS,
            "h" => HOUR_MS,
            "d" => DAY_MS,
            "w" => WEEK_MS,
            _ => return Err(bad(text, "unknown unit; use ms, s, m, h, d or w")),
        };
        total = add(total, amount, unit_ms, text)?;
        rest = after_unit;
    }
    Ok(total)
}

fn parse_iso(text: &str) -> Result<u64, ShellError> {
    let upper = text.to_ascii_uppercase();
    let mut rest = upper.get(1..).unwrap_or("");
    if rest.is_empty() || rest == "T" {
        return Err(bad(text, "ISO 8601 needs at least one part after P"));
    }
    let mut total: u64 = 0;
    let mut in_time = false;
    // Units must come in order (W, D, then T, H, M, S), each at most once.
    let mut last_rank = 0u8;
    while !rest.is_empty() {
        if let Some(after_t) = rest.strip_prefix('T') {
            if in_time {
                return Err(bad(text, "'T' appears twice"));
            }
            in_time = true;
            rest = after_t;
            if rest.is_empty() {
                return Err(bad(text, "nothing follows 'T'"));
            }
            continue;
        }
        let (amount, after) = take_number(rest, text)?;
        let (millis_fraction, after) = if let Some(frac) = after.strip_prefix(['.', ',']) {
            let digits = frac.bytes().take_while(u8::is_ascii_digit).count();
            if digits == 0 || digits > 3 {
                return Err(bad(
                    text,
                    "a fraction needs 1 to 3 digits (milliseconds are the finest unit)",
                ));
            }
            let (frac_digits, after_frac) = frac.split_at(digits);
            let mut ms: u64 = 0;
            for b in frac_digits.bytes() {
                ms = ms * 10 + u64::from(b - b'0');
            }
            for _ in digits..3 {
                ms *= 10;
            }
            (Some(ms), after_frac)
        } else {
            (None, after)
        };
        let mut units = after.chars();
        let unit = units
            .next()
            .ok_or_else(|| bad(text, "a number lacks its unit"))?;
        let (rank, unit_ms) = match (in_time, unit) {
            (false, 'Y') | (false, 'M') => {
                return Err(bad(
                    text,
                    "years and months have no fixed length; use days (P30D)",
                ));
            }
            (false, 'W') => (1, WEEK_MS),
            (false, 'D') => (2, DAY_MS),
            (true, 'H') => (3, HOUR_MS),
            (true, 'M') => (4, MINUTE_MS),
            (true, 'S') => (5, SECOND_MS),
            (false, 'H' | 'S') => return Err(bad(text, "hours and seconds go after 'T' (PT2H)")),
            _ => return Err(bad(text, "unknown ISO 8601 unit")),
        };
        if rank <= last_rank {
            return Err(bad(
                text,
                "ISO 8601 parts must come in order W, D, H, M, S, once each",
            ));
        }
        if millis_fraction.is_some() && unit != 'S' {
            return Err(bad(text, "only seconds may have a fraction"));
        }
        last_rank = rank;
        total = add(total, amount, unit_ms, text)?;
        if let Some(ms) = millis_fraction {
            total = add(total, ms, 1, text)?;
        }
        rest = units.as_str();
    }
    Ok(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(text: &str) -> u64 {
        match parse_duration(text) {
            Ok(v) => v,
            Err(e) => panic!("{text}: {e}"),
        }
    }

    #[test]
    fn short_forms() {
        assert_eq!(ms("90s"), 90_000);
        assert_eq!(ms("10m"), 600_000);
        assert_eq!(ms("2h"), 7_200_000);
        assert_eq!(ms("1d"), 86_400_000);
        assert_eq!(ms("500ms"), 500);
        assert_eq!(ms("1h30m"), 5_400_000);
        assert_eq!(ms("1H30M"), 5_400_000);
        assert_eq!(ms("0s"), 0);
        assert_eq!(ms("1w"), 604_800_000);
    }

    #[test]
    fn iso_forms() {
        assert_eq!(ms("PT10M"), 600_000);
        assert_eq!(ms("P1DT2H"), 93_600_000);
        assert_eq!(ms("PT1.5S"), 1_500);
        assert_eq!(ms("pt0.25s"), 250);
        assert_eq!(ms("P1D"), 86_400_000);
        assert_eq!(ms("P2W"), 1_209_600_000);
        assert_eq!(ms("PT1H1M1.001S"), 3_661_001);
    }

    #[test]
    fn errors_are_clear() {
        for bad_text in [
            "",
            "90",
            "10x",
            "1.5s",
            "s",
            "P",
            "PT",
            "P1M",
            "P1Y",
            "PT1.5M",
            "PT1.0001S",
            "P1H",
            "PT2M1H",
            "PT1H1H",
            "PTT1H",
            "-5s",
            "1h 30m",
        ] {
            let err = parse_duration(bad_text);
            assert!(err.is_err(), "{bad_text:?} should fail");
            assert!(err.is_err_and(|e| e.message.contains("invalid duration")));
        }
    }

    #[test]
    fn overflow_is_an_error() {
        assert!(parse_duration("99999999999999999999999s").is_err());
        assert!(parse_duration("18446744073709551615d").is_err());
        assert!(parse_duration("3651d").is_err());
        assert_eq!(ms("3650d"), MAX_DURATION_MS);
        assert!(parse_duration("3650d1ms").is_err());
    }
}
