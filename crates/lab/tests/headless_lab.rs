//! A lab set up as `hcsim exec` sets it up (no equivalents, no copies of the requests sent)
//! answers every line exactly as a default lab does: the savings are invisible to a user.

use hcsim_core::Config;
use hcsim_lab::Lab;

/// Lines of every kind the per-line path treats apart: writes, reads, each output format,
/// `-o none` with and without a query, a bad query, `;`-joined lines, errors of the parser
/// and of the core, warnings, help and `az --version`.
const LINES: &[&str] = &[
    "az group create -n rg1 -l eastus --tags env=dev 'team=a b'",
    "az group show -n rg1",
    "az group show -n rg1 -o table",
    "az group show -n rg1 -o tsv",
    "az group show -n rg1 -o yaml",
    "az group show -n rg1 -o none",
    "az group show -n rg1 --query name -o none",
    "az group show -n rg1 --query '[' -o none",
    "az group show -n nope",
    "az group create -n rg2 -l eastus; az group show -n rg2 --query location; az group lst",
    "az healthcareapis workspace create -g rg1 -n ws1 -l eastus",
    "az healthcareapis workspace fhir-service create -g rg1 --workspace-name ws1 -n fhir1 --kind fhir-R4",
    "az healthcareapis workspace show -g rg1 -n ws1 --ids /subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg1/providers/Microsoft.HealthcareApis/workspaces/ws1",
    "az group delete -n rg1 --yes",
    "az --version",
    "az group show -n rg2 --nmae x",
    "az group show -n \"tab\tx\"",
    "az group list -o table",
    "az group create --help",
    "sim status",
    "# a comment",
    "",
];

#[test]
fn a_headless_lab_answers_as_a_default_lab() {
    let mut default = Lab::new(Config::new(9));
    let mut headless = Lab::new(Config::new(9));
    headless.set_equivalents(hcsim_lab::EquivalentsMode::Off);
    headless.set_keep_sent(false);
    let mut default_kept = 0;
    for line in LINES {
        let (a, b) = (default.run(line), headless.run(line));
        assert_eq!(a.output, b.output, "{line}");
        assert_eq!(
            (a.ok, a.status, &a.code, &a.rule, &a.error),
            (b.ok, b.status, &b.code, &b.rule, &b.error),
            "{line}"
        );
        assert_eq!(a.explanation, b.explanation, "{line}");
        assert_eq!(a.warnings, b.warnings, "{line}");
        assert_eq!(a.events, b.events, "{line}");
        assert!(b.equivalents.is_none(), "{line}");
        assert!(headless.sent_requests().is_empty(), "{line}");
        default_kept += default.sent_requests().len();
    }
    assert!(default_kept > 10, "a default lab keeps them");
    assert_eq!(default.save(), headless.save(), "the same session history");
    assert_eq!(default.world().trace_hash(), headless.world().trace_hash());
}

#[test]
fn keeping_the_requests_can_be_turned_back_on() {
    let mut lab = Lab::new(Config::new(9));
    lab.set_keep_sent(false);
    lab.run("az group create -n rg1 -l eastus");
    assert!(lab.sent_requests().is_empty());
    lab.set_keep_sent(true);
    lab.run("az group show -n rg1");
    assert_eq!(lab.sent_requests().len(), 1);
    assert!(lab.sent_requests()[0].path.ends_with("/resourceGroups/rg1"));
}

/// `hcsim exec`'s further savings, events not copied into outcomes and no regular history
/// checkpoints, are invisible too: past several checkpoint spacings of lines, `sim undo` and
/// `sim redo` answer the same, and the session saved after them is the same.
#[test]
fn a_lab_without_event_copies_or_checkpoints_answers_as_a_default_lab() {
    let mut default = Lab::new(Config::new(11));
    let mut lean = Lab::new(Config::new(11));
    lean.set_equivalents(hcsim_lab::EquivalentsMode::Off);
    lean.set_keep_sent(false);
    lean.set_keep_events(false);
    lean.set_checkpoints(false);
    let mut lines: Vec<String> = LINES.iter().map(|l| l.to_string()).collect();
    for i in 0..100 {
        lines.push(format!("az group create -n g{i} -l eastus"));
        if i % 7 == 0 {
            lines.push(format!("az group delete -n g{} --yes", i / 2));
        }
    }
    for l in [
        "sim undo",
        "sim undo",
        "az group list --query length(@)",
        "sim redo",
    ] {
        lines.push(l.into());
    }
    lines.extend((0..40).map(|_| "sim undo".to_string()));
    lines.push("az group list --query '[].name' -o tsv".into());
    for line in &lines {
        let (a, b) = (default.run(line), lean.run(line));
        assert_eq!(a.output, b.output, "{line}");
        assert_eq!(
            (a.ok, a.status, &a.code),
            (b.ok, b.status, &b.code),
            "{line}"
        );
        assert_eq!(a.warnings, b.warnings, "{line}");
        assert!(b.events.is_empty(), "{line}");
    }
    assert_eq!(default.save(), lean.save(), "the same session history");
    assert_eq!(default.world().trace_hash(), lean.world().trace_hash());
    let loaded = Lab::load(&lean.save()).expect("loads");
    assert_eq!(loaded.world().trace_hash(), lean.world().trace_hash());
}

#[test]
fn keeping_the_events_can_be_turned_back_on() {
    let mut lab = Lab::new(Config::new(9));
    lab.set_keep_events(false);
    assert!(
        lab.run("az group create -n rg1 -l eastus")
            .events
            .is_empty()
    );
    lab.set_keep_events(true);
    assert!(!lab.run("az group delete -n rg1 --yes").events.is_empty());
}
