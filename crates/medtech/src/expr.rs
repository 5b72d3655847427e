//! One expression of a device mapping, compiled once and evaluated as the service's
//! evaluators do: `select_one` is `SelectToken` (one token or none; several is an error),
//! `select_all` is `SelectTokens` (the type-match expression's matches). Values are read as
//! Newtonsoft's `Value<string>()` and `Value<DateTime?>()` read them.

use alloc::borrow::Cow;
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use hcsim_jmespath::{self as jmespath, ErrorKind};
use serde_json::Value;

use crate::functions::{MedTechFunctions, arity_message, custom_arity};
use crate::jsonpath::{JsonPath, PathError};
use crate::time::Timestamp;
use crate::trace::Language;

/// An expression compiled for its language. JMESPath is parsed when the mapping is read (the
/// service parses it when it builds the template); a JSONPath syntax error shows only when
/// the path is evaluated, as Newtonsoft parses paths then.
#[derive(Debug, Clone)]
pub(crate) enum Compiled {
    JsonPath(Result<JsonPath, String>),
    JmesPath(jmespath::Expression),
}

impl PartialEq for Compiled {
    /// Compiled forms follow from the text, which the owner compares.
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for Compiled {}

/// Why an evaluation failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum EvalError {
    /// The expression failed (the service's message).
    Expression(String),
    /// The step budget ran out.
    Budget,
}

impl Compiled {
    /// Compiles `text` in `language`; a JMESPath syntax error is the service's message.
    pub(crate) fn new(text: &str, language: Language) -> Result<Self, String> {
        match language {
            Language::JsonPath => Ok(Compiled::JsonPath(JsonPath::parse(text).map_err(
                |e| match e {
                    PathError::Syntax(m) => m,
                    PathError::Budget => String::new(),
                },
            ))),
            Language::JmesPath => {
                let cause = |m: &str| {
                    format!(
                        "The following JmesPath expression could not be parsed: {text}. Cause: {m}"
                    )
                };
                let e = jmespath::compile(text).map_err(|e| cause(&e.message))?;
                check_calls(&e).map_err(|m| cause(&m))?;
                Ok(Compiled::JmesPath(e))
            }
        }
    }

    /// `SelectToken`: the one token `text` selects from `data`, `None` when nothing (or
    /// JMESPath's null).
    pub(crate) fn select_one<'a>(
        &self,
        text: &str,
        data: &'a Value,
        budget: &mut u64,
    ) -> Result<Option<Cow<'a, Value>>, EvalError> {
        match self {
            Compiled::JsonPath(path) => {
                let tokens = json_path(path, text, data, budget, "JsonToken")?;
                match tokens.as_slice() {
                    [] => Ok(None),
                    [one] => Ok(Some(Cow::Borrowed(*one))),
                    _ => Err(EvalError::Expression(format!(
                        "Unable to retrieve JsonToken using expression {text}: Path returned multiple tokens."
                    ))),
                }
            }
            Compiled::JmesPath(e) => {
                let v = jmes(e, data, budget)?;
                if e.is_projection() && v.as_array().is_some_and(|a| a.len() > 1) {
                    return Err(EvalError::Expression(format!(
                        "Multiple tokens were returned using expression ${text}"
                    )));
                }
                Ok((!v.is_null()).then_some(Cow::Owned(v)))
            }
        }
    }

    /// `SelectTokens`: every token `text` selects from `data`.
    pub(crate) fn select_all<'a>(
        &self,
        text: &str,
        data: &'a Value,
        budget: &mut u64,
    ) -> Result<Vec<Cow<'a, Value>>, EvalError> {
        match self {
            Compiled::JsonPath(path) => Ok(json_path(path, text, data, budget, "JsonTokens")?
                .into_iter()
                .map(Cow::Borrowed)
                .collect()),
            Compiled::JmesPath(e) => {
                let v = jmes(e, data, budget)?;
                Ok(match v {
                    Value::Array(items) if e.is_projection() => {
                        items.into_iter().map(Cow::Owned).collect()
                    }
                    Value::Null => Vec::new(),
                    other => alloc::vec![Cow::Owned(other)],
                })
            }
        }
    }
}

/// The service's JMESPath library checks function names and argument counts when it parses
/// an expression: so does this.
fn check_calls(e: &jmespath::Expression) -> Result<(), String> {
    for (name, given) in e.calls() {
        if let Some(want) = custom_arity(&name) {
            if want != given {
                return Err(arity_message(&name, want, given));
            }
            continue;
        }
        match jmespath::builtin_arity(&name) {
            None => return Err(format!("Unknown function: {name}()")),
            Some((want, variadic)) if given < want || (!variadic && given > want) => {
                let least = if variadic { "at least " } else { "" };
                return Err(format!(
                    "Expected {least}{want} argument(s) for function {name}(), received {given}"
                ));
            }
            Some(_) => {}
        }
    }
    Ok(())
}

fn json_path<'a>(
    path: &Result<JsonPath, String>,
    text: &str,
    data: &'a Value,
    budget: &mut u64,
    what: &str,
) -> Result<Vec<&'a Value>, EvalError> {
    let path = path.as_ref().map_err(|m| {
        EvalError::Expression(format!(
            "Unable to retrieve {what} using expression {text}: {m}"
        ))
    })?;
    path.select(data, budget).map_err(|e| match e {
        PathError::Budget => EvalError::Budget,
        PathError::Syntax(m) => EvalError::Expression(format!(
            "Unable to retrieve {what} using expression {text}: {m}"
        )),
    })
}

fn jmes(e: &jmespath::Expression, data: &Value, budget: &mut u64) -> Result<Value, EvalError> {
    e.search_with(data, Some(&MedTechFunctions), budget)
        .map_err(|err| match err.kind {
            ErrorKind::LimitExceeded => EvalError::Budget,
            _ => EvalError::Expression(err.message),
        })
}

/// `Value<string>()`: text for a scalar, `None` for null, an error for an object or array
/// (.NET's "Cannot cast" is what the service reports, wrapped in its own message).
pub(crate) fn as_text(v: &Value) -> Result<Option<String>, ()> {
    match v {
        Value::Null => Ok(None),
        Value::String(s) => Ok(Some(newtonsoft_date(s).unwrap_or_else(|| s.clone()))),
        Value::Bool(b) => Ok(Some(if *b { "True" } else { "False" }.into())),
        Value::Number(n) => Ok(Some(match (n.as_i64(), n.as_u64()) {
            (Some(i), _) => i.to_string(),
            (None, Some(u)) => u.to_string(),
            _ => dotnet_double(n.as_f64().unwrap_or(0.0)),
        })),
        Value::Array(_) | Value::Object(_) => Err(()),
    }
}

/// The service reads messages with Newtonsoft's default `DateParseHandling.DateTime`: text
/// that is an ISO 8601 date and time (`yyyy-MM-ddTHH:mm:ss`, a fraction, `Z` or an offset)
/// becomes a .NET `DateTime`, and `Value<string>()` then writes it in the invariant culture,
/// `MM/dd/yyyy HH:mm:ss` (in UTC when the text had a zone; the fraction is lost). So a value
/// expression that selects `"2023-03-13T22:46:01.875Z"` stores `03/13/2023 22:46:01`.
fn newtonsoft_date(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let digits =
        |r: core::ops::Range<usize>| b.get(r).is_some_and(|x| x.iter().all(u8::is_ascii_digit));
    let shape = b.len() >= 19
        && digits(0..4)
        && b[4] == b'-'
        && digits(5..7)
        && b[7] == b'-'
        && digits(8..10)
        && b[10] == b'T'
        && digits(11..13)
        && b[13] == b':'
        && digits(14..16)
        && b[16] == b':'
        && digits(17..19);
    if !shape {
        return None;
    }
    let t = Timestamp::parse_iso(s)?;
    let iso = t.to_iso();
    let (date, time) = (&iso[..10], &iso[11..19]);
    Some(format!(
        "{}/{}/{} {time}",
        &date[5..7],
        &date[8..10],
        &date[..4]
    ))
}

/// `Value<DateTime?>()`: a date and time from text, `None` for null, an error otherwise
/// (a number is not a date for .NET's conversion).
pub(crate) fn as_time(v: &Value) -> Result<Option<Timestamp>, ()> {
    match v {
        Value::Null => Ok(None),
        Value::String(s) => Timestamp::parse_dotnet(s).map(Some).ok_or(()),
        _ => Err(()),
    }
}

/// A double as .NET Core writes it (`double.ToString()`): the shortest text that reads back,
/// positional for exponents -4..14 (as .NET's general format), otherwise `1E+15`, `1E-05`.
pub(crate) fn dotnet_double(f: f64) -> String {
    if f == 0.0 {
        return "0".into();
    }
    let sci = format!("{f:e}"); // shortest digits: "-1.2345e3"
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let negative = mantissa.starts_with('-');
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let sign = if negative { "-" } else { "" };
    if (-4..15).contains(&exp) {
        let point = exp + 1; // digits before the decimal point
        let text = if point <= 0 {
            let zeros = "0".repeat(usize::try_from(-point).unwrap_or(0));
            format!("0.{zeros}{digits}")
        } else {
            let p = usize::try_from(point).unwrap_or(0);
            if digits.len() <= p {
                format!("{digits}{}", "0".repeat(p - digits.len()))
            } else {
                format!("{}.{}", &digits[..p], &digits[p..])
            }
        };
        format!("{sign}{text}")
    } else {
        let rest = if digits.len() > 1 {
            format!(".{}", &digits[1..])
        } else {
            String::new()
        };
        let esign = if exp < 0 { '-' } else { '+' };
        format!("{sign}{}{rest}E{esign}{:02}", &digits[..1], exp.abs())
    }
}
