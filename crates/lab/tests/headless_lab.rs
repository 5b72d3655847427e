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
