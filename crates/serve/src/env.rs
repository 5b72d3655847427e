//! What `hcsim serve` prints: with `--print-env` only `export NAME=value` lines (for `eval`
//! in a test script), otherwise a banner for a person with the lines to paste.

use std::path::Path;

use crate::state::{NOROLE_SP, OWNER_SP, Sim, USER_PASSWORD, secret_of};

/// `value` as a shell word: as is when it has only safe characters, else single-quoted.
fn shell_word(value: &str) -> String {
    let safe = value
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "-_.:/@%+=,".contains(c));
    if safe && !value.is_empty() {
        value.to_string()
    } else {
        format!("'{}'", value.replace('\'', "'\\''"))
    }
}

/// The environment a client needs, as `(name, value)` pairs, in a fixed order.
pub fn vars(sim: &Sim, ca_file: &Path) -> Vec<(String, String)> {
    let w = sim.lab.world();
    let ca = ca_file.display().to_string();
    let id = |n: &str| sim.app_id(n).unwrap_or_default();
    let (owner, norole) = (id(OWNER_SP), id(NOROLE_SP));
    let b = &sim.base;
    [
        ("HCSIM_ARM_ENDPOINT", format!("{b}/")),
        ("REQUESTS_CA_BUNDLE", ca.clone()),
        ("SSL_CERT_FILE", ca),
        ("AZURE_TENANT_ID", w.directory().tenant_id.clone()),
        (
            "AZURE_SUBSCRIPTION_ID",
            w.current_subscription().to_string(),
        ),
        ("AZURE_AUTHORITY_HOST", b.clone()),
        ("AZURE_CLIENT_ID", owner.clone()),
        ("AZURE_CLIENT_SECRET", secret_of(&owner)),
        ("AZURE_CORE_INSTANCE_DISCOVERY", "false".into()),
        ("AZURE_CORE_COLLECT_TELEMETRY", "false".into()),
        ("IDENTITY_ENDPOINT", format!("{b}/msi/token")),
        ("IDENTITY_HEADER", sim.identity_header.clone()),
        ("HCSIM_NOROLE_CLIENT_ID", norole.clone()),
        ("HCSIM_NOROLE_CLIENT_SECRET", secret_of(&norole)),
        ("HCSIM_USER_PASSWORD", USER_PASSWORD.into()),
        ("HCSIM_CONTROL", format!("{b}/hcsim")),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect()
}

/// Where the environment lines are written for a person to source: `env.sh` beside the CA
/// file.
pub fn env_file(ca_file: &Path) -> std::path::PathBuf {
    ca_file.with_file_name("env.sh")
}

/// `export NAME=value` lines, one per variable.
pub fn export_lines(sim: &Sim, ca_file: &Path) -> String {
    vars(sim, ca_file)
        .iter()
        .map(|(k, v)| format!("export {k}={}\n", shell_word(v)))
        .collect()
}

/// The banner for a person: where it serves and what to paste.
pub fn banner(sim: &Sim, ca_file: &Path) -> String {
    let env_file = shell_word(&env_file(ca_file).display().to_string());
    let v = vars(sim, ca_file);
    let get = |k: &str| {
        v.iter()
            .find(|(n, _)| n == k)
            .map(|(_, x)| shell_word(x))
            .unwrap_or_default()
    };
    let b = &sim.base;
    format!(
        "hcsim serve: Azure Resource Manager at {b}/ (simulated tenant {tenant}, subscription {sub})\n\
CA file: {ca}\n\n\
Paste into a shell (az CLI; the first line keeps your own az configuration untouched):\n\
  export AZURE_CONFIG_DIR=$(mktemp -d)\n\
  export REQUESTS_CA_BUNDLE={ca}\n\
  export AZURE_CORE_COLLECT_TELEMETRY=false\n\
  az cloud register -n hcsim --endpoint-resource-manager {b}/\n\
  az cloud set -n hcsim\n\
  az config set core.instance_discovery=false\n\
  az login --service-principal -u {cid} -p {secret} --tenant {tenant}\n\n\
SDK (azure-identity): every variable (AZURE_CLIENT_ID …) is in {env_file}: . {env_file}\n\
Service principals: {OWNER_SP} (Owner, above), {NOROLE_SP} (no role: -u {nid} -p {nsecret}).\n\
Users trainee@contoso.com, alice@contoso.com, bob@contoso.com: password {pw} (or az login --use-device-code: approved as the acting principal).\n\
Control route (this machine only): curl --cacert {ca} -X POST {b}/hcsim/sim -d 'sim fault add region-outage --region eastus'\n\
Ctrl-C stops.\n",
        tenant = get("AZURE_TENANT_ID"),
        sub = get("AZURE_SUBSCRIPTION_ID"),
        ca = get("REQUESTS_CA_BUNDLE"),
        cid = get("AZURE_CLIENT_ID"),
        secret = get("AZURE_CLIENT_SECRET"),
        nid = get("HCSIM_NOROLE_CLIENT_ID"),
        nsecret = get("HCSIM_NOROLE_CLIENT_SECRET"),
        pw = get("HCSIM_USER_PASSWORD"),
        env_file = env_file,
    )
}
