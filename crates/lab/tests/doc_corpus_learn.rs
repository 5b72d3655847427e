//! The az command lines of Microsoft Learn's Azure Health Data Services articles, copied
//! verbatim into `tests/data/learn_corpus.txt` (sources, commits, licences and every
//! placeholder substitution are listed there), run in a prepared session: each line must do
//! what Azure does with it (succeed, or fail with the same error).

use hcsim_core::{Config, Stage, Timing};
use hcsim_lab::{Lab, Outcome};

const CORPUS: &str = include_str!("data/learn_corpus.txt");
/// The ARM template printed in fhir/fhir-service-resource-manager-template.md (CC-BY-4.0/MIT).
const FHIR_TEMPLATE: &str = include_str!("data/learn/fhirtemplate.json");
/// The quickstart's main.bicep that iot/deploy-bicep-powershell-cli.md saves locally (MIT).
const IOT_BICEP: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/reference/arm-templates/iotconnectors.main.bicep"
));
/// The quickstart's main.bicep that fhir/fhir-service-bicep.md saves locally (MIT).
const FHIR_BICEP: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/reference/arm-templates/azure-api-for-fhir.main.bicep"
));

/// The embedded copy a corpus `file:` line names.
fn source(name: &str) -> &'static str {
    match name {
        "fhirtemplate" => FHIR_TEMPLATE,
        "iotconnectors.main.bicep" => IOT_BICEP,
        "azure-api-for-fhir.main.bicep" => FHIR_BICEP,
        _ => panic!("unknown corpus file source {name}"),
    }
}

/// What Azure does with a line.
#[derive(Debug, Clone, PartialEq)]
enum Expect {
    Ok,
    Fail(String),
}

/// One `doc:` line with where it comes from and the substitutions in force.
struct Entry {
    article: String,
    doc: String,
    run: String,
    expect: Expect,
    /// What hcsim does instead, when it is a known gap.
    gap: Option<Expect>,
    /// The files the article saved (`file:`), in place before the line runs.
    files: Vec<(String, &'static str)>,
}

/// `NAME=$(az …)` / `$NAME=$(az …)` → `az …`: hcsim runs the captured command itself.
fn unwrap_capture(line: &str) -> &str {
    let Some((name, rest)) = line.split_once("=$(") else {
        return line;
    };
    let name = name.strip_prefix('$').unwrap_or(name);
    let is_ident = !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    match rest.strip_suffix(')') {
        Some(inner) if is_ident => inner,
        _ => line,
    }
}

fn substitute(line: &str, layers: &[&[(String, String)]]) -> String {
    let line = line.strip_suffix(" &&").unwrap_or(line);
    let mut out = unwrap_capture(line).to_string();
    for layer in layers {
        for (from, to) in *layer {
            out = out.replace(from.as_str(), to);
        }
    }
    out
}

fn outcome_of(text: &str) -> Expect {
    match text.trim().strip_prefix("fail ") {
        Some(code) => Expect::Fail(code.to_string()),
        None => Expect::Ok,
    }
}

fn new_lab() -> Lab {
    Lab::new(Config {
        seed: 11,
        timing: Timing::Instant,
        stage: Stage::Ga,
    })
}

fn must(lab: &mut Lab, line: &str) -> Outcome {
    let o = lab.run(line);
    assert!(o.ok, "setup line failed: {line}\n{}", o.output);
    o
}

/// Reads the corpus, running `setup:` and `let:` lines in `lab` as they come.
fn load(lab: &mut Lab) -> Vec<Entry> {
    let mut globals: Vec<(String, String)> = Vec::new();
    let mut lets: Vec<(String, String)> = Vec::new();
    let mut local: Vec<(String, String)> = Vec::new();
    let mut article = String::new();
    let mut entries: Vec<Entry> = Vec::new();
    let mut files: Vec<(String, &'static str)> = Vec::new();
    for raw in CORPUS.lines() {
        let line = raw.trim_end();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (key, value) = line
            .split_once(": ")
            .unwrap_or_else(|| panic!("bad corpus line: {line}"));
        match key {
            "setup" => {
                must(lab, value);
            }
            "let" => {
                let (name, cmd) = value.split_once(" = ").expect("let: NAME = LINE");
                let out = must(lab, cmd).output.trim().to_string();
                assert!(!out.is_empty(), "let {name} printed nothing");
                lets.push((name.to_string(), out));
            }
            "sub" => {
                let (from, to) = value.split_once(" => ").expect("sub: FROM => TO");
                let target = if article.is_empty() {
                    &mut globals
                } else {
                    &mut local
                };
                target.push((from.to_string(), to.to_string()));
            }
            "file" => {
                // The article's own copy of NAME: put in place when its lines run (two
                // articles may both save a `main.bicep`).
                let (name, from) = value.split_once(" => ").expect("file: NAME => SOURCE");
                files.push((name.to_string(), source(from)));
            }
            "article" => {
                article = value.to_string();
                local.clear();
                files.clear();
            }
            "doc" => entries.push(Entry {
                article: article.clone(),
                doc: value.to_string(),
                run: substitute(value, &[&local, &lets, &globals]),
                expect: Expect::Ok,
                gap: None,
                files: files.clone(),
            }),
            "expect" => {
                let e = entries.last_mut().expect("expect: after a doc: line");
                e.expect = outcome_of(value);
            }
            "gap" => {
                let e = entries.last_mut().expect("gap: after a doc: line");
                let (what, why) = value.split_once(" -- ").expect("gap: OUTCOME -- why");
                assert!(!why.is_empty());
                e.gap = Some(outcome_of(what));
            }
            _ => panic!("unknown corpus key {key}: {line}"),
        }
    }
    entries
}

#[test]
fn learn_commands_do_what_azure_does() {
    let mut lab = new_lab();
    let entries = load(&mut lab);
    let mut failures = Vec::new();
    let mut passed = 0;
    for e in &entries {
        for (name, text) in &e.files {
            lab.add_file(name, (*text).to_string());
        }
        let o = lab.run(&e.run);
        let got = if o.ok {
            Expect::Ok
        } else {
            Expect::Fail(o.code.clone().unwrap_or_default())
        };
        if got == e.expect {
            passed += 1;
        }
        let wanted = e.gap.as_ref().unwrap_or(&e.expect);
        if got != *wanted {
            failures.push(format!(
                "{}\n  doc: {}\n  ran: {}\n  expected {:?}, got {:?}: {}",
                e.article, e.doc, e.run, wanted, got, o.output
            ));
        }
    }
    println!(
        "Learn corpus: {passed} of {} lines do what Azure does",
        entries.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    let gaps = entries.iter().filter(|e| e.gap.is_some()).count();
    assert_eq!(
        passed + gaps,
        entries.len(),
        "a documented gap now does what Azure does: delete its gap line"
    );
    assert!(
        entries.len() >= 40,
        "the corpus shrank: {} lines",
        entries.len()
    );
}

/// The access token Learn's articles capture names the signed-in trainee and the audience
/// asked for (decoded from the JWT's payload).
#[test]
fn learn_token_names_the_principal_and_audience() {
    let mut lab = new_lab();
    let o = must(
        &mut lab,
        "az account get-access-token --resource=https://ws1-fhir1.fhir.azurehealthcareapis.com --query accessToken --output tsv",
    );
    let token = o.output.trim();
    let parts: Vec<&str> = token.split('.').collect();
    assert_eq!(parts.len(), 3, "{token}");
    let payload = base64url_decode(parts[1]);
    let claims: serde_json::Value = serde_json::from_slice(&payload).expect("claims are JSON");
    assert_eq!(
        claims["aud"],
        "https://ws1-fhir1.fhir.azurehealthcareapis.com"
    );
    assert_eq!(claims["upn"], "trainee@contoso.com");
    let me = must(&mut lab, "az ad signed-in-user show --query id -o tsv");
    assert_eq!(claims["oid"], me.output.trim());
    let tenant = must(&mut lab, "az account show --query tenantId -o tsv");
    assert_eq!(claims["tid"], tenant.output.trim());
}

fn base64url_decode(text: &str) -> Vec<u8> {
    let val = |c: u8| -> u32 {
        match c {
            b'A'..=b'Z' => u32::from(c - b'A'),
            b'a'..=b'z' => u32::from(c - b'a') + 26,
            b'0'..=b'9' => u32::from(c - b'0') + 52,
            b'-' => 62,
            _ => 63,
        }
    };
    let mut out = Vec::new();
    for chunk in text.as_bytes().chunks(4) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, c)| acc | (val(*c) << (18 - 6 * i)));
        let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        out.extend_from_slice(&bytes[..chunk.len() - 1]);
    }
    out
}
