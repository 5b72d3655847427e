//! The service's custom JMESPath functions (`Microsoft.Health.Expressions`): `add`,
//! `subtract`, `multiply`, `divide`, `pow`, `insertString`, `appendString`,
//! `fromUnixTimestamp`, `fromUnixTimestampMs`, with its checks and messages.
//!
//! Arithmetic follows the service: two integers give an integer (`divide` truncates, as
//! .NET's `long` division does), a float on either side gives a float. A date is returned
//! as ISO 8601 text in UTC (the service returns a .NET `DateTime`; as a timestamp both read
//! the same — assumed equal for values too).

use alloc::format;
use alloc::string::String;
use hcsim_jmespath::{Error, ErrorKind, Functions};
use serde_json::{Number, Value};

use crate::time::Timestamp;

/// The custom functions, for [`hcsim_jmespath::Expression::search_with`].
pub(crate) struct MedTechFunctions;

/// Whether a JSON number is what Newtonsoft reads as an integer (no fraction, no exponent).
fn int_of(v: &Value) -> Option<i64> {
    v.as_i64()
}

fn float_of(v: &Value) -> Option<f64> {
    v.as_f64()
}

fn is_num(v: &Value) -> bool {
    v.is_i64() || v.is_f64() || v.is_u64()
}

fn failure(message: String) -> Error {
    Error::new(ErrorKind::InvalidType, message)
}

fn expects(name: &str, pos: usize, types: &str) -> Error {
    failure(format!(
        "Error: invalid-type, function {name} expects argument {pos} to be one of the following: {types}"
    ))
}

/// The number of arguments a custom function takes, `None` for other names.
pub(crate) fn custom_arity(name: &str) -> Option<usize> {
    match name {
        "add" | "subtract" | "multiply" | "divide" | "pow" | "appendString" => Some(2),
        "insertString" => Some(3),
        "fromUnixTimestamp" | "fromUnixTimestampMs" => Some(1),
        _ => None,
    }
}

/// The service's message for a call with the wrong number of arguments.
pub(crate) fn arity_message(name: &str, expected: usize, given: usize) -> String {
    format!(
        "Incorrect number of arguments provided to function {name}. Expected {expected} but recieved {given}"
    )
}

impl Functions for MedTechFunctions {
    fn call(&self, name: &str, args: &[Value]) -> Option<Result<Value, Error>> {
        let arity = custom_arity(name)?;
        if args.len() != arity {
            return Some(Err(Error::new(
                ErrorKind::InvalidArity,
                arity_message(name, arity, args.len()),
            )));
        }
        Some(match name {
            "insertString" | "appendString" => strings(name, args),
            "fromUnixTimestamp" | "fromUnixTimestampMs" => from_unix(name, &args[0]),
            _ => arithmetic(name, &args[0], &args[1]),
        })
    }
}

fn strings(name: &str, args: &[Value]) -> Result<Value, Error> {
    let (Some(a), Some(b)) = (args[0].as_str(), args[1].as_str()) else {
        let pos = usize::from(args[0].is_string());
        return Err(expects(name, pos, "String"));
    };
    if name == "appendString" {
        return Ok(Value::String(format!("{a}{b}")));
    }
    let Some(pos) = args[2].as_i64() else {
        return Err(expects(name, 2, "Integer"));
    };
    // StringBuilder.Insert counts UTF-16 units; characters are counted here (the same for
    // the text devices send).
    let at = usize::try_from(pos)
        .ok()
        .filter(|p| *p <= a.chars().count())
        .ok_or_else(|| {
            Error::new(
                ErrorKind::InvalidValue,
                "Specified argument was out of the range of valid values. (Parameter 'index')"
                    .into(),
            )
        })?;
    let byte = a.char_indices().nth(at).map_or(a.len(), |(i, _)| i);
    Ok(Value::String(format!("{}{b}{}", &a[..byte], &a[byte..])))
}

fn from_unix(name: &str, v: &Value) -> Result<Value, Error> {
    let n = int_of(v).ok_or_else(|| expects(name, 0, "Integer"))?;
    let t = if name == "fromUnixTimestamp" {
        Timestamp::from_seconds(n, 0)
    } else {
        Timestamp::from_unix_millis(n)
    };
    t.map(|t| Value::String(t.to_iso())).ok_or_else(|| {
        Error::new(
            ErrorKind::InvalidValue,
            "Specified argument was out of the range of valid values. (Parameter 'seconds')".into(),
        )
    })
}

fn arithmetic(name: &str, a: &Value, b: &Value) -> Result<Value, Error> {
    if !is_num(a) {
        return Err(expects(name, 0, "Integer|Float"));
    }
    if !is_num(b) {
        return Err(expects(name, 1, "Integer|Float"));
    }
    if let (Some(x), Some(y)) = (int_of(a), int_of(b)) {
        let r = match name {
            "add" => Some(x.wrapping_add(y)),
            "subtract" => Some(x.wrapping_sub(y)),
            "multiply" => Some(x.wrapping_mul(y)),
            "divide" if y == 0 => {
                return Err(Error::new(
                    ErrorKind::InvalidValue,
                    "Attempted to divide by zero.".into(),
                ));
            }
            "divide" => x.checked_div(y),
            _ => int_pow(x, y),
        };
        return r.map(Value::from).ok_or_else(|| {
            Error::new(
                ErrorKind::InvalidValue,
                "Arithmetic operation resulted in an overflow.".into(),
            )
        });
    }
    let (x, y) = (float_of(a).unwrap_or(0.0), float_of(b).unwrap_or(0.0));
    let r = match name {
        "add" => x + y,
        "subtract" => x - y,
        "multiply" => x * y,
        "divide" => x / y,
        _ => libm::pow(x, y),
    };
    // JSON has no infinities or NaN: the service would write them as text; refused here.
    Number::from_f64(r).map(Value::Number).ok_or_else(|| {
        Error::new(
            ErrorKind::InvalidValue,
            format!("The result of {name} is not a finite number."),
        )
    })
}

/// `Convert.ToInt64(Math.Pow(x, y))`: the double power rounded half to even, `None` when it
/// does not fit a `long`.
fn int_pow(x: i64, y: i64) -> Option<i64> {
    #[allow(clippy::cast_precision_loss)]
    let p = libm::pow(x as f64, y as f64);
    let r = libm::rint(p);
    #[allow(clippy::cast_possible_truncation)]
    let out = r as i64;
    #[allow(clippy::cast_precision_loss)]
    let fits = r.is_finite() && (-9.223_372_036_854_776e18..9.223_372_036_854_776e18).contains(&r);
    fits.then_some(out)
}
