//! FHIR search over one service's data: the parameters hcsim's slice knows (`_id`,
//! `identifier`, `subject`, `patient`, `device`, `code`, `date`, `_count`, `_sort`), answered as
//! the Microsoft FHIR server answers (a `searchset` Bundle with `self`/`next` links; paging
//! by a continuation token `ct`; 10 entries a page by default, at most 1000).
//!
//! Lenient handling (the server's default, `Prefer: handling=lenient`): an unknown parameter
//! or sort is ignored and reported in an `OperationOutcome` entry of `search.mode` `outcome`.
//! Messages: microsoft/fhir-server `Resources.resx` (MIT).

use alloc::string::{String, ToString};
use alloc::vec::Vec;
use serde_json::{Value, json};

use super::model::{FhirResponse, operation_outcome, reference_value, split_token};
use super::store::{ServiceData, Version};
use crate::rules::RuleId;

/// Entries a page when `_count` is not given (fhir-server `DefaultItemCountPerSearch`).
pub const DEFAULT_COUNT: usize = 10;
/// The most entries a page (fhir-server `MaxItemCountPerSearch`).
pub const MAX_COUNT: usize = 1000;

/// A date comparator of FHIR search.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Cmp {
    Eq,
    Ge,
    Le,
    Gt,
    Lt,
}

/// One parsed search: the filters, page and order.
struct Query<'a> {
    filters: Vec<(&'a str, Vec<String>)>,
    dates: Vec<(Cmp, String, String)>,
    count: usize,
    offset: usize,
    sort: Option<&'a str>,
    applied: Vec<(&'a str, &'a str)>,
    warnings: Vec<String>,
}

/// The search parameters of each stored type.
fn known(rtype: &str, name: &str) -> bool {
    match rtype {
        "Observation" => matches!(
            name,
            "_id" | "identifier" | "subject" | "patient" | "device" | "code" | "date"
        ),
        "Device" => matches!(name, "_id" | "identifier" | "patient"),
        "Patient" => matches!(name, "_id" | "identifier"),
        _ => false,
    }
}

/// Percent-decodes a query value (`%7C` → `|`, `+` stays).
pub fn decode(v: &str) -> String {
    let b = v.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        if b[i] == b'%'
            && i + 2 < b.len()
            && let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2]))
        {
            out.push((h * 16 + l) as u8);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn bad(msg: String) -> FhirResponse {
    FhirResponse::outcome(400, "invalid", &msg, RuleId::FhirSearchParameters)
}

fn parse_query<'a>(rtype: &str, query: &'a str) -> Result<Query<'a>, FhirResponse> {
    let mut q = Query {
        filters: Vec::new(),
        dates: Vec::new(),
        count: DEFAULT_COUNT,
        offset: 0,
        sort: None,
        applied: Vec::new(),
        warnings: Vec::new(),
    };
    for pair in query.split('&').filter(|p| !p.is_empty()).take(64) {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        match name {
            "_count" => {
                let n: usize = value.parse().map_err(|_| {
                    bad(alloc::format!(
                        "Malformed search value '{}'.",
                        decode(value)
                    ))
                })?;
                if n == 0 {
                    return Err(bad("The count must be greater than zero.".into()));
                }
                if n > MAX_COUNT {
                    q.warnings.push(alloc::format!("The '_count' parameter exceeds limit configured for server. Current limit is {MAX_COUNT} while `_count` parameter set to {n}."));
                }
                q.count = n.min(MAX_COUNT);
                q.applied.push((name, value));
            }
            "ct" => {
                q.offset = value
                    .parse()
                    .map_err(|_| bad("The continuation token is invalid.".into()))?
            }
            "_sort" => match value {
                "date" | "-date" | "_lastUpdated" | "-_lastUpdated"
                    if value.trim_start_matches('-') != "date" || rtype == "Observation" =>
                {
                    q.sort = Some(value);
                    q.applied.push((name, value));
                }
                _ => q.warnings.push(alloc::format!(
                    "Sorting by the '{}' parameter is not supported.",
                    decode(value).trim_start_matches('-')
                )),
            },
            "date" if known(rtype, name) => {
                for v in value.split(',') {
                    q.dates.push(date_filter(&decode(v))?);
                }
                q.applied.push((name, value));
            }
            _ if known(rtype, name) => {
                q.filters
                    .push((name, value.split(',').map(decode).collect()));
                q.applied.push((name, value));
            }
            _ => q.warnings.push(alloc::format!(
                "The search parameter '{}' is not supported for resource type '{rtype}'.",
                crate::id::shorten(&decode(name))
            )),
        }
    }
    Ok(q)
}

/// `ge2026-01-01T10:00` → (comparator, low bound, high bound) as 23-character instants.
fn date_filter(v: &str) -> Result<(Cmp, String, String), FhirResponse> {
    let (cmp, rest) = match v.get(..2) {
        Some("eq") => (Cmp::Eq, &v[2..]),
        Some("ge") => (Cmp::Ge, &v[2..]),
        Some("le") => (Cmp::Le, &v[2..]),
        Some("gt") => (Cmp::Gt, &v[2..]),
        Some("lt") => (Cmp::Lt, &v[2..]),
        Some(p) if p.bytes().all(|b| b.is_ascii_alphabetic()) => {
            return Err(bad(alloc::format!(
                "Comparator '{p}' is not supported for search parameter 'date'."
            )));
        }
        _ => (Cmp::Eq, v),
    };
    let wrong = || {
        bad(alloc::format!(
            "The date time string '{}' is not in a correct format.",
            crate::id::shorten(rest)
        ))
    };
    let shape_ok = rest.len() >= 4
        && rest.len() <= 35
        && rest[..4].bytes().all(|b| b.is_ascii_digit())
        && rest
            .bytes()
            .all(|b| b.is_ascii_digit() || b"-:T.Z+".contains(&b));
    if !shape_ok {
        return Err(wrong());
    }
    let core = instant(rest);
    let n = core.len();
    const LOW: &str = "0000-01-01T00:00:00.000";
    const HIGH: &str = "9999-12-31T23:59:59.999";
    let lo = alloc::format!("{core}{}", &LOW[n.min(LOW.len())..]);
    let hi = alloc::format!("{core}{}", &HIGH[n.min(HIGH.len())..]);
    Ok((cmp, lo, hi))
}

/// The instant part of an ISO date-time, at most 23 characters (`YYYY-MM-DDThh:mm:ss.fff`);
/// a zone suffix is dropped (hcsim's assumption: every time is UTC, as the virtual calendar).
pub fn instant(v: &str) -> String {
    let end = v[10.min(v.len())..]
        .find(['Z', '+'])
        .map_or(v.len(), |i| i + 10.min(v.len()));
    let mut s: String = v[..end].chars().take(23).collect();
    // `T10:00:00` with no fraction compares as `.000`.
    if s.len() == 19 {
        s.push_str(".000");
    }
    s
}

/// The `[start, end]` of an Observation's `effective[x]`, as instants.
fn effective(r: &Value) -> Option<(String, String)> {
    if let Some(t) = r["effectiveDateTime"]
        .as_str()
        .or_else(|| r["effectiveInstant"].as_str())
    {
        let (_, lo, hi) = date_filter(t).ok()?;
        return Some((lo, hi));
    }
    let p = &r["effectivePeriod"];
    let start = p["start"].as_str().and_then(|s| date_filter(s).ok())?;
    let end = p["end"]
        .as_str()
        .and_then(|s| date_filter(s).ok())
        .map_or_else(|| start.2.clone(), |e| e.2);
    Some((start.1, end))
}

fn date_matches(r: &Value, (cmp, lo, hi): &(Cmp, String, String)) -> bool {
    let Some((start, end)) = effective(r) else {
        return false;
    };
    match cmp {
        Cmp::Eq => &start >= lo && &end <= hi,
        Cmp::Ge => &end >= lo,
        Cmp::Gt => &end > hi,
        Cmp::Le => &start <= hi,
        Cmp::Lt => &start < lo,
    }
}

fn token_matches(codings: &[&Value], value: &str) -> bool {
    let (system, code) = split_token(value);
    codings.iter().any(|c| {
        let code_ok = code.is_empty() || c["code"].as_str().or(c["value"].as_str()) == Some(code);
        let sys = c["system"].as_str().unwrap_or("");
        code_ok && system.is_none_or(|s| s == sys)
    })
}

fn reference_matches(reference: Option<&str>, value: &str, want_type: Option<&str>) -> bool {
    let Some(r) = reference else {
        return false;
    };
    let r = reference_value(r);
    if let Some(t) = want_type
        && !r.starts_with(&alloc::format!("{t}/"))
    {
        return false;
    }
    let v = reference_value(value);
    r == v || (!v.contains('/') && r.rsplit('/').next() == Some(v.as_str()))
}

fn filter_matches(r: &Value, name: &str, value: &str) -> bool {
    match name {
        "_id" => r["id"].as_str() == Some(value),
        "identifier" => {
            let ids: Vec<&Value> = r["identifier"]
                .as_array()
                .map(|a| a.iter().collect())
                .unwrap_or_default();
            token_matches(&ids, value)
        }
        "code" => {
            let codings: Vec<&Value> = r["code"]["coding"]
                .as_array()
                .map(|a| a.iter().collect())
                .unwrap_or_default();
            token_matches(&codings, value)
        }
        "subject" => reference_matches(r["subject"]["reference"].as_str(), value, None),
        "patient" if r["resourceType"] == "Device" => {
            reference_matches(r["patient"]["reference"].as_str(), value, Some("Patient"))
        }
        "patient" => reference_matches(r["subject"]["reference"].as_str(), value, Some("Patient")),
        "device" => reference_matches(r["device"]["reference"].as_str(), value, Some("Device")),
        _ => false,
    }
}

/// The current versions of `rtype` matching every filter of `q`, in the query's order.
fn matching<'a>(
    data: &'a ServiceData,
    rtype: &'a str,
    q: &Query<'_>,
) -> Vec<(&'a Value, &'a Version)> {
    let mut hits: Vec<(&Value, &Version)> = data
        .current_of(rtype)
        .filter_map(|v| v.resource.as_ref().map(|r| (r, v)))
        .filter(|(r, _)| {
            q.filters
                .iter()
                .all(|(name, values)| values.iter().any(|v| filter_matches(r, name, v)))
                && q.dates.iter().all(|d| date_matches(r, d))
        })
        .collect();
    let start = |r: &Value| effective(r).map(|e| e.0).unwrap_or_default();
    match q.sort {
        Some("date") => {
            hits.sort_by(|a, b| start(a.0).cmp(&start(b.0)).then(a.1.seq.cmp(&b.1.seq)))
        }
        Some("-date") => {
            hits.sort_by(|a, b| start(b.0).cmp(&start(a.0)).then(b.1.seq.cmp(&a.1.seq)))
        }
        Some("-_lastUpdated") => {
            hits.sort_by(|a, b| b.1.at.cmp(&a.1.at).then(b.1.seq.cmp(&a.1.seq)))
        }
        _ => hits.sort_by(|a, b| a.1.at.cmp(&b.1.at).then(a.1.seq.cmp(&b.1.seq))),
    }
    hits
}

/// Answers `GET {base}/{rtype}?{query}`: a `searchset` Bundle (or 400 for a malformed value).
pub fn search(
    data: &ServiceData,
    base: &str,
    rtype: &str,
    query: &str,
    now_iso: &str,
) -> FhirResponse {
    let q = match parse_query(rtype, query) {
        Ok(q) => q,
        Err(e) => return e,
    };
    let hits = matching(data, rtype, &q);
    let page: Vec<Value> = hits
        .iter()
        .skip(q.offset)
        .take(q.count)
        .map(|(r, _)| {
            json!({
                "fullUrl": alloc::format!("{base}/{rtype}/{}", r["id"].as_str().unwrap_or("")),
                "resource": r,
                "search": {"mode": "match"},
            })
        })
        .chain(q.warnings.iter().take(1).map(|_| {
            let mut o = operation_outcome("warning", "not-supported", &q.warnings[0]);
            if let Some(issues) = o["issue"].as_array_mut() {
                for w in &q.warnings[1..] {
                    issues.push(
                        json!({"severity": "warning", "code": "not-supported", "diagnostics": w}),
                    );
                }
            }
            json!({"resource": o, "search": {"mode": "outcome"}})
        }))
        .collect();
    let query_of = |extra: Option<usize>| {
        let mut parts: Vec<String> = q
            .applied
            .iter()
            .map(|(k, v)| alloc::format!("{k}={v}"))
            .collect();
        if let Some(ct) = extra {
            parts.push(alloc::format!("ct={ct}"));
        }
        if parts.is_empty() {
            alloc::format!("{base}/{rtype}")
        } else {
            alloc::format!("{base}/{rtype}?{}", parts.join("&"))
        }
    };
    let mut links = alloc::vec![
        json!({"relation": "self", "url": query_of((q.offset > 0).then_some(q.offset))})
    ];
    if hits.len() > q.offset.saturating_add(q.count) {
        links.push(json!({"relation": "next", "url": query_of(Some(q.offset + q.count))}));
    }
    FhirResponse::ok(
        200,
        json!({
            "resourceType": "Bundle",
            "id": crate::rng::guid_from(&alloc::format!("{base}|{rtype}?{query}|{now_iso}")),
            "meta": {"lastUpdated": now_iso},
            "type": "searchset",
            "link": links,
            "entry": page,
        }),
    )
}

/// Answers `_history` (of a type, or of one resource when `id` is given): a `history`
/// Bundle, newest first, each entry with its `request` and `response`.
pub fn history(
    data: &ServiceData,
    base: &str,
    rtype: &str,
    id: Option<&str>,
    query: &str,
    now_iso: &str,
) -> FhirResponse {
    let mut count = DEFAULT_COUNT;
    for pair in query.split('&') {
        if let Some(v) = pair.strip_prefix("_count=") {
            match v.parse::<usize>() {
                Ok(n) if n > 0 => count = n.min(MAX_COUNT),
                _ => return bad("The count must be greater than zero.".into()),
            }
        }
    }
    let mut all: Vec<(&str, &str, &Version)> = data.versions_of(Some(rtype), id).collect();
    all.sort_by_key(|v| core::cmp::Reverse(v.2.seq));
    let entries: Vec<Value> = all
        .iter()
        .take(count)
        .map(|(t, i, v)| {
            let url = alloc::format!("{t}/{i}");
            let status = match v.method {
                "POST" => "201",
                "DELETE" => "204",
                _ if v.number == 1 => "201",
                _ => "200",
            };
            let mut e = json!({
                "fullUrl": alloc::format!("{base}/{url}"),
                "request": {"method": v.method, "url": if v.method == "POST" { t.to_string() } else { url.clone() }},
                "response": {"status": status, "etag": super::model::etag(v.number), "lastModified": v.at.to_iso()},
            });
            if let Some(r) = &v.resource {
                e["resource"] = r.clone();
            }
            e
        })
        .collect();
    let self_url = match id {
        Some(i) => alloc::format!("{base}/{rtype}/{i}/_history"),
        None => alloc::format!("{base}/{rtype}/_history"),
    };
    FhirResponse::ok(
        200,
        json!({
            "resourceType": "Bundle",
            "id": crate::rng::guid_from(&alloc::format!("{self_url}|{now_iso}")),
            "meta": {"lastUpdated": now_iso},
            "type": "history",
            "link": [{"relation": "self", "url": self_url}],
            "entry": entries,
        }),
    )
}
