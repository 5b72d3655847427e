//! The built-in library: scenarios and lessons a trainer can hand out, embedded in the binary
//! (`crates/lab/scenarios/*.json`). `hcsim list` shows them, `hcsim run --builtin NAME` plays
//! one (a lesson with its solution).

use alloc::string::String;
use alloc::vec::Vec;

use serde::Serialize;

/// Scenario or lesson.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// Steps with expectations.
    Scenario,
    /// Setup, goal, hints and solution.
    Lesson,
}

impl Kind {
    /// `scenario` / `lesson`.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Scenario => "scenario",
            Kind::Lesson => "lesson",
        }
    }
}

/// One built-in file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Builtin {
    /// Name for `hcsim run --builtin NAME` (the file name without its number and `.json`).
    pub name: &'static str,
    /// Scenario or lesson.
    pub kind: Kind,
    /// The file's title.
    pub title: &'static str,
    /// The file's text (empty without the `full` feature: the catalog only).
    #[serde(skip)]
    pub text: &'static str,
}

macro_rules! library {
    ($( $file:literal => $name:literal, $kind:ident, $title:literal; )*) => {
        const LIBRARY: &[Builtin] = &[
            $( Builtin {
                name: $name,
                kind: Kind::$kind,
                title: $title,
                #[cfg(feature = "full")]
                text: include_str!(concat!("../../scenarios/", $file, ".json")),
                #[cfg(not(feature = "full"))]
                text: "",
            }, )*
        ];
        /// The file names (without `.json`), in library order.
        pub(crate) const FILES: &[&str] = &[$( $file ),*];
    };
}

library! {
    "01-first-workspace" => "first-workspace", Lesson, "Your first workspace: a FHIR service in a workspace";
    "02-workspace-before-services" => "workspace-before-services", Scenario, "The workspace comes first";
    "03-delete-order" => "delete-order", Scenario, "Deleting: children first, or the whole group";
    "04-regions" => "regions", Scenario, "Regions: the workspace's is fixed, its services follow it";
    "05-names" => "names", Scenario, "Names: format, global uniqueness, reuse across subscriptions";
    "06-quotas" => "quotas", Scenario, "Quotas: 10 FHIR services per workspace, 10 workspaces per subscription";
    "07-private-link" => "private-link", Lesson, "Close the public door: private link for a whole workspace";
    "08-customer-managed-key" => "customer-managed-key", Lesson, "A revoked key: customer-managed keys and what losing them does";
    "09-rbac" => "rbac", Scenario, "Who may do what: roles, data roles and locks";
    "10-medtech-phi" => "medtech-phi", Scenario, "MedTech: device data stays inside its workspace";
    "11-region-down-during-deployment" => "region-down-during-deployment", Lesson, "The region went down while FHIR was provisioning";
    "12-chaos" => "chaos", Scenario, "Chaos day: throttling, failed and slow provisioning, busy resources";
    "13-private-preview" => "private-preview", Scenario, "Private preview: services yes, workspace settings no";
    "14-legacy-fhir-migration" => "legacy-fhir-migration", Lesson, "Migrate from Azure API for FHIR to a workspace FHIR service";
    "15-first-medtech-pipeline" => "first-medtech-pipeline", Lesson, "Your first MedTech pipeline: heart rates become FHIR Observations";
    "16-fix-device-mapping" => "fix-device-mapping", Lesson, "Fix the broken device mapping";
    "17-lookup-needs-patient" => "lookup-needs-patient", Lesson, "Lookup needs the Patient first";
}

/// Every built-in, in library order (lessons and scenarios numbered from the basics up).
pub fn builtins() -> Vec<Builtin> {
    LIBRARY.to_vec()
}

/// The built-in called `name` (`first-workspace`; the numbered file name
/// `01-first-workspace` and a trailing `.json` work too). Case-insensitive.
pub fn builtin(name: &str) -> Option<Builtin> {
    let name = name.trim();
    let name = name.strip_suffix(".json").unwrap_or(name);
    LIBRARY
        .iter()
        .zip(FILES)
        .find(|(b, file)| b.name.eq_ignore_ascii_case(name) || file.eq_ignore_ascii_case(name))
        .map(|(b, _)| *b)
}

/// `hcsim list --json`: `[{"name": …, "kind": "scenario"|"lesson", "title": …}, …]`.
pub fn list_json() -> String {
    serde_json::to_string(LIBRARY).unwrap_or_else(|_| String::from("[]"))
}
