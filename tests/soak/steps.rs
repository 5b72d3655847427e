//! The steps of a soak session, drawn from its seed: az lines over a small pool of names
//! (so creates, updates and deletes meet), sim lines (faults, time, principals, probes),
//! deploys of the quickstart templates the lab embeds, undo/redo/jump and save/load.

use core::fmt;

use hcsim_lab::Lab;

use super::invariants::round_trip;
use super::splitmix;

/// One step of a session.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    /// A console line (az or sim).
    Line(String),
    /// `sim undo`.
    Undo,
    /// `sim redo`.
    Redo,
    /// The timeline's jump to a step (taken modulo the steps there are, plus one).
    Jump(usize),
    /// Save the session to text and go on with the session loaded from it.
    SaveLoad,
}

impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Step::Line(l) => f.write_str(l),
            Step::Undo => f.write_str("(undo)"),
            Step::Redo => f.write_str("(redo)"),
            Step::Jump(n) => write!(f, "(jump to step {n} modulo the timeline)"),
            Step::SaveLoad => f.write_str("(save, then load the saved text)"),
        }
    }
}

impl Step {
    /// Applies the step to `lab`; a save/load that does not round-trip is an error.
    pub fn apply(&self, mut lab: Lab) -> Result<Lab, String> {
        match self {
            Step::Line(l) => {
                lab.run(l);
            }
            Step::Undo => {
                lab.undo();
            }
            Step::Redo => {
                lab.redo();
            }
            Step::Jump(n) => {
                let to = n % (lab.session().steps().len() + 1);
                if !lab.jump_to(to) {
                    return Err(format!(
                        "jump to step {to} of a timeline that has it refused"
                    ));
                }
            }
            Step::SaveLoad => return round_trip(&lab),
        }
        Ok(lab)
    }
}

const SUB: &str = "/subscriptions/11111111-1111-1111-1111-111111111111";
const GROUPS: &[&str] = &["rg1", "rg2"];
const WORKSPACES: &[&str] = &["ws1", "ws2"];
const REGIONS: &[&str] = &["eastus", "westus2"];
const USERS: &[&str] = &[
    "alice@contoso.com",
    "bob@contoso.com",
    "trainee@contoso.com",
];
const QUICKSTARTS: &str =
    "https://raw.githubusercontent.com/Azure/azure-quickstart-templates/master/quickstarts/";

/// A small deterministic draw.
struct Draw(u64);

impl Draw {
    fn below(&mut self, n: usize) -> usize {
        (splitmix(&mut self.0) % n as u64) as usize
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

/// The steps of the session seeded `seed`.
pub fn draw_session(seed: u64, count: usize) -> Vec<Step> {
    let mut d = Draw(seed);
    // Most sessions start with a group and a workspace, so deeper lines have a parent.
    let mut steps = vec![
        Step::Line("az group create -n rg1 -l eastus".into()),
        Step::Line("az group create -n rg2 -l westus2".into()),
        Step::Line(format!(
            "az healthcareapis workspace create -n ws1 -g rg1 -l {}",
            d.pick(REGIONS)
        )),
    ];
    while steps.len() < count {
        steps.push(draw_step(&mut d));
    }
    steps.truncate(count);
    steps
}

fn draw_step(d: &mut Draw) -> Step {
    match d.below(20) {
        0 => Step::Undo,
        1 => Step::Redo,
        2 => Step::Jump(d.below(64)),
        3 => Step::SaveLoad,
        4..=7 => Step::Line(workspace_line(d)),
        8..=11 => Step::Line(service_line(d)),
        12..=13 => Step::Line(access_line(d)),
        14..=16 => Step::Line(sim_line(d)),
        17 => Step::Line(deploy_line(d)),
        _ => Step::Line(group_line(d)),
    }
}

fn group_line(d: &mut Draw) -> String {
    let g = d.pick(GROUPS);
    match d.below(8) {
        0 => format!("az group delete -n {g} --yes --no-wait"),
        1 => format!("az group delete -n {g} --yes"),
        _ => format!("az group create -n {g} -l {}", d.pick(REGIONS)),
    }
}

fn workspace_line(d: &mut Draw) -> String {
    let (g, w) = (d.pick(GROUPS), d.pick(WORKSPACES));
    match d.below(5) {
        0 => format!("az healthcareapis workspace delete -n {w} -g {g} --yes"),
        1 => format!("az healthcareapis workspace update -n {w} -g {g} --tags team=soak"),
        2 => format!("az healthcareapis workspace show -n {w} -g {g} -o tsv --query name"),
        _ => format!(
            "az healthcareapis workspace create -n {w} -g {g} -l {}",
            d.pick(REGIONS)
        ),
    }
}

fn service_line(d: &mut Draw) -> String {
    let (g, w) = (d.pick(GROUPS), d.pick(WORKSPACES));
    let wait = if d.below(3) == 0 { " --no-wait" } else { "" };
    match d.below(7) {
        0 => format!(
            "az healthcareapis workspace fhir-service delete -n fhir1 --workspace-name {w} -g {g} --yes{wait}"
        ),
        1 => format!(
            "az healthcareapis workspace dicom-service create -n dicom1 --workspace-name {w} -g {g} -l {}{wait}",
            d.pick(REGIONS)
        ),
        2 => format!(
            "az healthcareapis workspace dicom-service delete -n dicom1 --workspace-name {w} -g {g} --yes"
        ),
        3 => format!(
            "az healthcareapis workspace iot-connector create -n iot1 --workspace-name {w} -g {g} -c event-hub-name=hub1 consumer-group=soak fully-qualified-event-hub-namespace=ns1.servicebus.windows.net --content '{{\"templateType\":\"CollectionContent\",\"template\":[]}}'{wait}"
        ),
        _ => format!(
            "az healthcareapis workspace fhir-service create -n fhir1 --workspace-name {w} -g {g} --kind fhir-R4 -l {}{wait}",
            d.pick(REGIONS)
        ),
    }
}

fn access_line(d: &mut Draw) -> String {
    let g = d.pick(GROUPS);
    match d.below(6) {
        0 => format!(
            "az lock create -n keep -g {g} --lock-type {}",
            d.pick(&["CanNotDelete", "ReadOnly"])
        ),
        1 => format!("az lock delete -n keep -g {g}"),
        2 => format!(
            "az lock create -n ws-lock -g {g} --resource-type Microsoft.HealthcareApis/workspaces --resource {} --lock-type {}",
            d.pick(WORKSPACES),
            d.pick(&["CanNotDelete", "ReadOnly"])
        ),
        3 => format!(
            "az lock delete -n ws-lock -g {g} --resource-type Microsoft.HealthcareApis/workspaces --resource {}",
            d.pick(WORKSPACES)
        ),
        4 => format!(
            "az role assignment create --assignee {} --role {} --scope {SUB}/resourceGroups/{g}",
            d.pick(&USERS[..2]),
            d.pick(&["Reader", "Contributor", "Owner", "'FHIR Data Contributor'"])
        ),
        _ => {
            // Back to the trainee half the time, so sessions do not stall as a reader.
            let from = d.below(2);
            format!("sim as {}", d.pick(&USERS[from..]))
        }
    }
}

fn sim_line(d: &mut Draw) -> String {
    match d.below(7) {
        0 => format!(
            "sim fault add region-outage --region {} --for {}",
            d.pick(REGIONS),
            d.pick(&["10m", "1h"])
        ),
        1 => "sim fault add provisioning-failure --probability 50 --for 30m".into(),
        2 => format!("sim fault clear {}", 1 + d.below(2)),
        3 => format!(
            "sim probe {SUB}/resourceGroups/rg1/providers/Microsoft.HealthcareApis/workspaces/{}/fhirservices/fhir1",
            d.pick(WORKSPACES)
        ),
        _ => format!("sim advance {}", d.pick(&["30s", "5m", "30m", "2h"])),
    }
}

fn deploy_line(d: &mut Draw) -> String {
    let g = d.pick(GROUPS);
    match d.below(3) {
        0 => format!(
            "az deployment group create -g {g} --template-uri {QUICKSTARTS}microsoft.healthcareapis/azure-api-for-fhir/azuredeploy.json --parameters serviceName=soakfhir{} location={}",
            d.below(3),
            d.pick(REGIONS)
        ),
        1 => format!(
            "az deployment group create -g {g} --template-uri {QUICKSTARTS}microsoft.healthcareapis/workspaces/iotconnectors-with-iothub/azuredeploy.json --parameters basename=soak{} location=eastus",
            d.below(3)
        ),
        _ => format!(
            "az deployment group create -g {g} --template-uri {QUICKSTARTS}microsoft.healthcareapis/workspaces/iotconnectors/azuredeploy.json --parameters basename=soak{}",
            d.below(3)
        ),
    }
}
