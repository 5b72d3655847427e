//! Messages and help texts as a learner reads them (issue 10, "Messages" bullet): no internal
//! formatting (Rust escapes such as `'\u{e9}'`, Debug-doubled quotes), and every command a
//! help text names in backticks is one hcsim knows, with flags it takes.

use hcsim_core::RuleId;
use hcsim_lab::shell::{COMMANDS, ErrorCode, TOPICS, help_text, parse};

/// Every rule text and help text hcsim shows.
fn all_texts() -> Vec<(String, String)> {
    let mut out = Vec::new();
    for r in RuleId::ALL {
        out.push((format!("rule {} title", r.id()), r.title().to_string()));
        out.push((format!("rule {} source", r.id()), r.source().to_string()));
        out.push((format!("rule {} why", r.id()), r.why().to_string()));
        out.push((format!("rule {} fix", r.id()), r.fix().to_string()));
        out.push((format!("rule {} explained", r.id()), r.explain()));
        out.push((format!("sim help {}", r.id()), help_text(Some(r.id()))));
    }
    out.push(("sim help".into(), help_text(None)));
    for (topic, _) in TOPICS {
        out.push((format!("sim help {topic}"), help_text(Some(topic))));
    }
    for c in COMMANDS {
        let path = c.path_str();
        out.push((format!("help {path}"), help_text(Some(&path))));
        let group = c.path[..c.path.len() - 1].join(" ");
        out.push((format!("help {group}"), help_text(Some(&group))));
    }
    out
}

/// Internal formatting a message must never show: Rust escapes and Debug quoting.
fn internal_formatting(text: &str) -> Option<&'static str> {
    if text.contains("\\u{") || text.contains("\\u00") {
        return Some("a Rust/JSON unicode escape");
    }
    if text.contains("\\\"") || text.contains("\\'") || text.contains("\\n") {
        return Some("an escaped quote or newline");
    }
    let chars: Vec<char> = text.chars().collect();
    for w in chars.windows(3) {
        let doubled = (w[0] == '"' && w[1] == '"') || (w[0] == '\'' && w[1] == '\'');
        if doubled && w[2].is_alphanumeric() {
            return Some("doubled quotes around a value");
        }
    }
    None
}

#[test]
fn no_rule_or_help_text_shows_internal_formatting() {
    for (what, text) in all_texts() {
        if let Some(problem) = internal_formatting(&text) {
            panic!("{what} shows {problem}:\n{text}");
        }
    }
}

#[test]
fn the_scanner_finds_what_it_looks_for() {
    assert!(internal_formatting("name '\\u{e9}'").is_some());
    assert!(internal_formatting("value ''x''").is_some());
    assert!(internal_formatting("value \"\"x\"\"").is_some());
    assert!(internal_formatting("`\"\"` removes it").is_none());
    assert!(internal_formatting("the key 'k1' is disabled").is_none());
}

/// The commands a help or rule text names in backticks (`az …`, `sim …`, `hcsim …`).
fn named_commands(text: &str) -> Vec<String> {
    text.split('`')
        .skip(1)
        .step_by(2)
        .filter(|s| ["az ", "sim "].iter().any(|p| s.starts_with(p)))
        .map(String::from)
        .collect()
}

/// "Every help text that names a topic, verb or behaviour is true": each command named is one
/// hcsim has, and each flag it shows is one that command takes (placeholders such as `…`,
/// `ID` or `<x>` may stand for values).
#[test]
fn every_command_a_text_names_exists_with_the_flags_shown() {
    let mut bad = Vec::new();
    for (what, text) in all_texts() {
        for named in named_commands(&text) {
            let line: String = named
                .split_whitespace()
                .take_while(|w| !w.contains('…') && !w.starts_with('<'))
                .collect::<Vec<_>>()
                .join(" ");
            match parse(&line) {
                Err(e)
                    if matches!(
                        e.code,
                        ErrorCode::CommandNotFound | ErrorCode::UnrecognizedArguments
                    ) =>
                {
                    bad.push(format!("{what}: `{named}` → {}", e.message));
                }
                _ => {}
            }
        }
    }
    bad.sort();
    bad.dedup();
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

/// Every topic the overview lists has its own help.
#[test]
fn every_topic_listed_has_help() {
    let overview = help_text(None);
    for (topic, line) in TOPICS {
        assert!(overview.contains(topic) && overview.contains(line));
        let text = help_text(Some(topic));
        assert!(
            !text.contains("not found") && !text.contains("did you mean"),
            "{topic}: {text}"
        );
    }
}

fn realistic_lab() -> hcsim_lab::Lab {
    let mut l = hcsim_lab::Lab::new(hcsim_core::Config::new(5));
    for line in [
        "az group create -n rg1 -l eastus",
        "az healthcareapis workspace create -n ws1 -g rg1",
        "az healthcareapis workspace fhir-service create -n fhir1 --workspace-name ws1 -g rg1 --kind fhir-R4 --no-wait",
    ] {
        let o = l.run(line);
        assert!(o.ok, "{line}: {}", o.output);
    }
    l
}

/// `sim status`'s help names what it shows; it shows each of them, running operations too.
#[test]
fn sim_status_shows_everything_its_help_names() {
    let mut l = realistic_lab();
    let help = help_text(Some("sim status"));
    assert!(help.contains("running operations"), "{help}");
    let o = l.run("sim status");
    let v: serde_json::Value = serde_json::from_str(&o.output).expect("json");
    for key in [
        "time",
        "timing",
        "stage",
        "seed",
        "principal",
        "subscription",
        "resources",
        "operations",
        "propagating",
        "faults",
        "steps",
        "traceHash",
    ] {
        assert!(v.get(key).is_some(), "sim status lacks {key}: {v}");
    }
    let ops = v["operations"].as_array().expect("a list");
    assert_eq!(ops.len(), 1, "{v}");
    let op = ops[0].as_str().unwrap_or_default();
    assert!(
        op.starts_with('#')
            && op.contains(" create ")
            && op.contains("/fhirservices/fhir1 until T+"),
        "{op}"
    );
}

/// A probe while the service is being created answers as `sim help probes` says: 503, the
/// service not answering yet (rule busy-resource).
#[test]
fn a_probe_while_the_service_is_created_answers_as_the_help_says() {
    let mut l = realistic_lab();
    assert!(help_text(Some("probes")).contains("still being created"));
    let o = l.run(
        "sim probe /subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg1/providers/Microsoft.HealthcareApis/workspaces/ws1/fhirservices/fhir1",
    );
    assert_eq!(o.status, Some(503), "{}", o.output);
    assert_eq!(o.rule.as_deref(), Some("busy-resource"));
    assert!(o.output.contains("Creating"), "{}", o.output);
    l.run("sim advance 1h");
    let o = l.run(
        "sim probe /subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg1/providers/Microsoft.HealthcareApis/workspaces/ws1/fhirservices/fhir1",
    );
    assert_eq!(o.status, Some(200), "{}", o.output);
}

/// A `--query` syntax error names the token as written, not the parser's internal name.
#[test]
fn query_syntax_errors_show_tokens_as_written() {
    let mut l = hcsim_lab::Lab::new(hcsim_core::Config::new(5));
    for (q, shown) in [
        ("foo..bar", "unexpected token '.'"),
        ("a[?b==]", "unexpected token ']'"),
        ("[0]]", "unexpected token ']'"),
    ] {
        let o = l.run(&format!("az group list --query '{q}'"));
        assert!(!o.ok);
        assert!(
            o.output.starts_with(&format!(
                "ERROR: argument --query: invalid jmespath_type value: '{q}'"
            )),
            "{}",
            o.output
        );
        assert!(o.output.contains(shown), "{}", o.output);
        assert!(internal_formatting(&o.output).is_none(), "{}", o.output);
    }
}

/// azure-cli role module (`commands.py`, `graph_err_handler`: `raise CLIError(GraphError)`):
/// a Microsoft Graph error prints as `ERROR: message`, without ARM's `(Code)` form.
#[test]
fn graph_errors_print_as_az_prints_them() {
    let mut l = hcsim_lab::Lab::new(hcsim_core::Config::new(5));
    let o = l.run("az ad user show --id nobody@contoso.com --query id --out tsv");
    assert!(!o.ok);
    assert_eq!(o.code.as_deref(), Some("Request_ResourceNotFound"));
    assert_eq!(
        o.output,
        "ERROR: Resource 'nobody@contoso.com' does not exist or one of its queried reference-property objects are not present."
    );
    // ARM's errors keep their `(Code) message` form.
    let o = l.run("az group show -n nosuchgroup");
    assert!(
        o.output.starts_with("(ResourceGroupNotFound) "),
        "{}",
        o.output
    );
}

/// Realistic timing's RBAC delay shows in `sim status` until the assignment is in effect
/// (Learn, Azure RBAC troubleshooting: up to 10 minutes).
#[test]
fn sim_status_shows_role_assignments_not_in_effect_yet() {
    let mut l = realistic_lab();
    let o = l.run(
        "az role assignment create --assignee alice@contoso.com --role Reader --scope /subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg1",
    );
    assert!(o.ok, "{}", o.output);
    let v: serde_json::Value = serde_json::from_str(&l.run("sim status").output).expect("json");
    let pending = v["propagating"].as_array().expect("a list");
    assert_eq!(pending.len(), 1, "{v}");
    assert!(pending[0].as_str().is_some_and(
        |p| p.starts_with("role assignment /subscriptions/") && p.contains(" in effect at T+")
    ));
    l.run("sim advance 10m");
    let v: serde_json::Value = serde_json::from_str(&l.run("sim status").output).expect("json");
    assert_eq!(v["propagating"], serde_json::json!([]));
}
