//! Every example of the `az healthcareapis` extension's help, copied verbatim from Microsoft's
//! source (`tests/data/healthcareapis-help-examples.txt` names it, its commit and licence), run
//! in one session prepared by the file's setup lines. A learner who pastes an example must get
//! what Azure gives: success, or the failure the real az/Azure gives (each documented in the
//! data file beside the example).

use hcsim_core::{Config, Timing};
use hcsim_lab::Lab;

const CORPUS: &str = include_str!("data/healthcareapis-help-examples.txt");

/// What the data file says an example must do.
enum Expect {
    Ok,
    Fail(String),
}

fn parse_expect(line: &str) -> Expect {
    let rest = line.trim_start_matches("expect:").trim();
    let head = rest.split(" -- ").next().unwrap_or("").trim();
    if head == "ok" {
        Expect::Ok
    } else {
        Expect::Fail(head.trim_start_matches("fail").trim().to_string())
    }
}

/// Runs one example; `None` when it did what the file expects, else why not.
fn check(lab: &mut Lab, example: &str, expect: &Expect) -> Option<String> {
    let o = lab.run(example);
    let got = || format!("ok={} code={:?}\n{}", o.ok, o.code, o.output);
    match expect {
        Expect::Ok if o.ok => None,
        Expect::Fail(code) if !o.ok && o.code.as_deref() == Some(code.as_str()) => None,
        _ => Some(got()),
    }
}

#[test]
fn every_help_example_of_the_extension_does_what_azure_does() {
    let mut c = Config::new(7);
    c.timing = Timing::Instant;
    let mut lab = Lab::new(c);
    let mut pending: Option<String> = None;
    let (mut total, mut passed, mut succeed) = (0, 0, 0);
    let mut failures = Vec::new();
    for line in CORPUS.lines() {
        if let Some(setup) = line.strip_prefix("setup: ") {
            let o = lab.run(setup);
            assert!(o.ok, "setup failed: {setup}\n{}", o.output);
        } else if let Some(ex) = line.strip_prefix("example: ") {
            pending = Some(ex.to_string());
        } else if line.starts_with("expect:") {
            let ex = pending
                .take()
                .expect("an expect: line follows an example: line");
            let expect = parse_expect(line);
            total += 1;
            if matches!(expect, Expect::Ok) {
                succeed += 1;
            }
            match check(&mut lab, &ex, &expect) {
                None => passed += 1,
                Some(why) => failures.push(format!("{ex}\n  -> {why}")),
            }
        }
    }
    println!(
        "{passed} of {total} help examples behave as Azure does: {succeed} succeed, {} fail as Azure fails them",
        total - succeed
    );
    assert!(total >= 40, "the corpus lost examples: {total}");
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
